"""Prompt files: load ``prompts/<name>.md`` into a typed template and render it with exactly its variables.

A prompt file is Markdown::

    ---
    name: qa_answer
    version: 1
    description: one line
    variables: [question, sources, history]
    ---

    ## system
    ...{{sources}}...
    ## user
    ...{{question}}...
    ## json_format        (optional: appended to the system message by ``render_json``)
    ...
    ## retry              (optional: a follow-up user turn, ``render_retry``, with its own ``retry_variables``)
    ...

Placeholders are ``{{name}}``; single braces are literal text, so JSON examples need no escaping.
The front matter is parsed by a small strict parser (flat ``key: value`` lines, ``[a, b]`` lists) rather
than PyYAML: PyYAML is only a transitive dependency here, and YAML's implicit typing (``version: 1.10``
becoming a float, ``no`` becoming ``False``) is exactly the looseness a prompt file does not need.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scribe.errors import PromptError

Role = Literal["system", "user"]

SECTIONS = ("system", "user", "json_format", "retry")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_FRONT_LINE = re.compile(r"^([a-z_]+):\s*(.*)$")
_SECTION_LINE = re.compile(r"^##\s+(\S.*?)\s*$")


class _FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: int = Field(ge=1)
    description: str
    variables: tuple[str, ...]
    retry_variables: tuple[str, ...] = ()


class PromptTemplateFile(BaseModel):
    """One prompt file, parsed and checked: every declared variable is used, every placeholder declared."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: int = Field(ge=1)
    description: str
    variables: tuple[str, ...]
    system: str
    user: str
    json_format: str | None = None
    retry: str | None = None
    retry_variables: tuple[str, ...] = ()


def load_prompt(name: str, *, directory: Path | None = None) -> PromptTemplateFile:
    """Read and validate ``<name>.md`` from the ``prompts`` package (or ``directory``, for tests)."""
    if not _NAME.match(name):
        raise PromptError(name, "名称只能包含小写字母、数字和下划线")
    if directory is not None:
        path = directory / f"{name}.md"
        if not path.is_file():
            raise PromptError(name, f"找不到提示词文件 {path}")
        text = path.read_text(encoding="utf-8")
    else:
        resource = resources.files("prompts").joinpath(f"{name}.md")
        if not resource.is_file():
            raise PromptError(name, f"prompts 包中没有 {name}.md")
        text = resource.read_text(encoding="utf-8")
    return parse_prompt(name, text)


def parse_prompt(name: str, text: str) -> PromptTemplateFile:
    """Parse the text of a prompt file; ``name`` must match the front matter's ``name``."""
    front_lines, body_lines = _split_front_matter(name, text)
    fields = _parse_front_matter(name, front_lines)
    try:
        front = _FrontMatter.model_validate(fields)
    except ValidationError as e:
        raise PromptError(name, f"front matter 不合法：{_brief(e)}") from e
    if front.name != name:
        raise PromptError(name, f"front matter 中的 name 为 {front.name!r}，与文件名不一致")
    sections = _parse_sections(name, body_lines)
    for required in ("system", "user"):
        if not sections.get(required):
            raise PromptError(name, f"缺少 ## {required} 段落或该段为空")
    if front.retry_variables and "retry" not in sections:
        raise PromptError(name, "声明了 retry_variables 但没有 ## retry 段落")
    retry = {"retry": sections.pop("retry")} if "retry" in sections else {}
    _check_placeholders(name, front.variables, sections)
    _check_placeholders(name, front.retry_variables, retry)
    return PromptTemplateFile(
        name=front.name,
        version=front.version,
        description=front.description,
        variables=front.variables,
        system=sections["system"],
        user=sections["user"],
        json_format=sections.get("json_format"),
        retry=retry.get("retry"),
        retry_variables=front.retry_variables,
    )


def render(prompt: PromptTemplateFile, /, **variables: str) -> list[tuple[Role, str]]:
    """Fill the placeholders; exactly the declared variables must be given, each a ``str``.

    Values are inserted in one pass, so a value that itself contains ``{{x}}`` (e.g. text from a source
    document) stays literal.
    """
    _check_variables(prompt, variables)
    return [("system", _fill(prompt.system, variables)), ("user", _fill(prompt.user, variables))]


def render_json(prompt: PromptTemplateFile, /, **variables: str) -> list[tuple[Role, str]]:
    """Like :func:`render`, with the ``## json_format`` section appended to the system message."""
    if prompt.json_format is None:
        raise PromptError(prompt.name, "该提示词没有 ## json_format 段落，不能要求 JSON 输出")
    [(_, system), (_, user)] = render(prompt, **variables)
    return [("system", f"{system}\n\n{_fill(prompt.json_format, variables)}"), ("user", user)]


def render_retry(prompt: PromptTemplateFile, /, **variables: str) -> tuple[Role, str]:
    """The ``## retry`` section as a follow-up user turn, filled with exactly its ``retry_variables``."""
    if prompt.retry is None:
        raise PromptError(prompt.name, "该提示词没有 ## retry 段落")
    _check_variables(prompt, variables, prompt.retry_variables)
    return ("user", _fill(prompt.retry, variables))


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate of a prompt's tokens for Qwen-family BPE: a CJK character ~0.7 token (common words
    merge), a digit one token (digits are never merged), other characters ~0.35 (Latin words merge).
    Measured against llama.cpp's ``/tokenize`` in ``bench/bench_llm_first_token.py``."""
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    digits = sum(ch.isdigit() for ch in text)
    return round(cjk * 0.7 + digits + (len(text) - cjk - digits) * 0.35)


def _check_variables(
    prompt: PromptTemplateFile, variables: dict[str, str], names: tuple[str, ...] | None = None
) -> None:
    declared = set(prompt.variables if names is None else names)
    missing = sorted(declared - variables.keys())
    unknown = sorted(variables.keys() - declared)
    if missing:
        raise PromptError(prompt.name, f"缺少变量：{', '.join(missing)}")
    if unknown:
        raise PromptError(prompt.name, f"未声明的变量：{', '.join(unknown)}（已声明：{', '.join(sorted(declared))}）")
    not_text = sorted(k for k, v in variables.items() if not isinstance(v, str))
    if not_text:
        raise PromptError(prompt.name, f"变量必须是字符串：{', '.join(not_text)}")


def _fill(template: str, variables: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: variables[m.group(1)], template)


# -- parsing helpers --------------------------------------------------------------------------------------------


def _split_front_matter(name: str, text: str) -> tuple[list[str], list[str]]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise PromptError(name, "文件必须以 --- 开头的 front matter 开始")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return lines[1:i], lines[i + 1 :]
    raise PromptError(name, "front matter 没有以 --- 结束")


def _parse_front_matter(name: str, lines: list[str]) -> dict[str, str | list[str]]:
    fields: dict[str, str | list[str]] = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _FRONT_LINE.match(line)
        if not match:
            raise PromptError(name, f"front matter 行无法解析：{raw!r}（只支持 key: value）")
        key, value = match.group(1), match.group(2).strip()
        if key in fields:
            raise PromptError(name, f"front matter 中 {key} 重复")
        fields[key] = _parse_value(name, key, value)
    return fields


def _parse_value(name: str, key: str, value: str) -> str | list[str]:
    if value.startswith("["):
        if not value.endswith("]"):
            raise PromptError(name, f"{key} 的列表没有以 ] 结束")
        items = [item.strip() for item in value[1:-1].split(",")]
        items = [item for item in items if item]
        bad = [item for item in items if not _PLACEHOLDER.fullmatch("{{" + item + "}}")]
        if bad:
            raise PromptError(name, f"{key} 中的名称不合法：{', '.join(bad)}")
        return items
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _parse_sections(name: str, lines: list[str]) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        header = _SECTION_LINE.match(line)
        if header:
            title = header.group(1)
            if title not in SECTIONS:
                raise PromptError(name, f"未知段落 ## {title}（可用：{', '.join(SECTIONS)}；正文中的小标题请用 ###）")
            if title in sections:
                raise PromptError(name, f"段落 ## {title} 重复")
            current = sections[title] = []
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise PromptError(name, f"front matter 之后、第一个 ## 段落之前有多余内容：{line!r}")
    return {title: "\n".join(body).strip() for title, body in sections.items()}


def _check_placeholders(name: str, declared: tuple[str, ...], sections: dict[str, str]) -> None:
    if len(set(declared)) != len(declared):
        raise PromptError(name, "variables 中有重复的名称")
    used: set[str] = set()
    for title, body in sections.items():
        used.update(_PLACEHOLDER.findall(body))
        leftover = _PLACEHOLDER.sub("", body)
        if "{{" in leftover or "}}" in leftover:
            raise PromptError(name, f"## {title} 中有不完整的占位符（应为 {{{{变量名}}}}）")
    undeclared = sorted(used - set(declared))
    unused = sorted(set(declared) - used)
    if undeclared:
        raise PromptError(name, f"正文使用了未声明的变量：{', '.join(undeclared)}")
    if unused:
        raise PromptError(name, f"声明了但正文没有使用的变量：{', '.join(unused)}")


def _brief(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '?'}: {e['msg']}" for e in error.errors())
