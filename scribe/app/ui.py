"""View models for the Streamlit app: pure functions from library objects to what a page shows.

Nothing here imports Streamlit; the pages call these and render. Document text is always escaped here before
it is wrapped in HTML, so a report holding ``<script>`` or a markdown link shows as plain text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from scribe.errors import ConfigError, IngestError, LLMError, ScribeError, StoreError
from scribe.figures.models import ABSTAINING_LABELS

if TYPE_CHECKING:
    from chains.models import Answer, Citation
    from scribe.figures import Verdict
    from scribe.settings import Settings

log = logging.getLogger(__name__)

# --- verdict colours ----------------------------------------------------------------------------------------

GREEN, BLUE, GREY, RED, ORANGE = "#1b7f3b", "#1f5fbf", "#6b6b6b", "#c62828", "#b26a00"


@dataclass(frozen=True)
class VerdictStyle:
    colour: str
    label: str  # Chinese, shown in tables and tooltips
    failing: bool


VERDICT_STYLES: dict[str, VerdictStyle] = {
    "supported": VerdictStyle(GREEN, "有来源", False),
    "derived": VerdictStyle(BLUE, "由来源推算", False),
    "placeholder": VerdictStyle(GREY, "待填占位", True),
    "target": VerdictStyle(GREEN, "原文目标", False),
    "unverifiable": VerdictStyle(ORANGE, "无从核对", True),
    "contradicted": VerdictStyle(RED, "与来源矛盾", True),
    "unreadable": VerdictStyle(RED, "无法识别", True),
}
DRAFT_STATE_STYLES: dict[str, VerdictStyle] = {
    "supported": VerdictStyle(GREEN, "有来源", False),
    "derived": VerdictStyle(BLUE, "推算", False),
    "target_cited": VerdictStyle(GREEN, "本单位既定目标", False),
    "placeholder": VerdictStyle(GREY, "待填", False),
    "suggested": VerdictStyle(ORANGE, "建议值", False),
    "removed": VerdictStyle(RED, "已删除（无来源）", True),
}
UNKNOWN_STYLE = VerdictStyle(RED, "未知", True)


def verdict_style(label: str) -> VerdictStyle:
    return VERDICT_STYLES.get(label, UNKNOWN_STYLE)


# --- escaping -----------------------------------------------------------------------------------------------

# characters that HTML or markdown (and Streamlit's LaTeX) would act on; as entities they are inert everywhere
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_ENTITIES.update({c: f"&#{ord(c)};" for c in "[]()*_`#~|$\\!{}+-"})


def escape_text(text: str) -> str:
    """Document text made inert for HTML *and* markdown: tags, entities and link syntax all show as written."""
    return "".join(_ENTITIES.get(c, c) for c in text).replace("\n", "<br>")


# --- answers: highlighted segments --------------------------------------------------------------------------

_MARKER = re.compile(r"\[(\d{1,2})\]")


@dataclass(frozen=True)
class Segment:
    """A piece of an answer: plain text, a checked figure (``label``), or a citation marker (``citation``)."""

    text: str
    label: str | None = None
    reason: str = ""
    source_sentence: str | None = None
    citation: int | None = None


def answer_segments(text: str, verdicts: Sequence[Verdict]) -> list[Segment]:
    """Split ``text`` at each verdict's figure and each ``[n]`` marker; overlapping figures keep the first.

    A verdict whose offsets do not point at its figure (offsets of another text) is placed at the next
    occurrence of its surface; one that cannot be found is left out of the highlighting.
    """
    placed: list[tuple[int, int, Verdict]] = []
    cursor = 0
    for v in sorted(verdicts, key=lambda v: v.figure.start):
        start, end, surface = v.figure.start, v.figure.end, v.figure.surface
        if not (0 <= start < end <= len(text) and text[start:end] == surface):
            found = text.find(surface, cursor) if surface else -1
            if found < 0:
                found = text.find(surface) if surface else -1
            if found < 0:
                continue
            start, end = found, found + len(surface)
        placed.append((start, end, v))
        cursor = end
    placed.sort(key=lambda p: (p[0], -p[1]))
    out: list[Segment] = []
    pos = 0
    for start, end, v in placed:
        if start < pos:
            continue
        out += _plain(text[pos:start])
        out.append(
            Segment(text=text[start:end], label=v.label.value, reason=v.reason, source_sentence=v.source_sentence)
        )
        pos = end
    out += _plain(text[pos:])
    return out


def _plain(text: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for m in _MARKER.finditer(text):
        if m.start() > pos:
            out.append(Segment(text=text[pos : m.start()]))
        out.append(Segment(text=m.group(0), citation=int(m.group(1))))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(text=text[pos:]))
    return out


def segments_html(segments: Iterable[Segment]) -> str:
    parts: list[str] = []
    for seg in segments:
        body = escape_text(seg.text)
        if seg.citation is not None:
            parts.append(f'<sup class="scribe-cite" style="color:{BLUE};font-weight:600">[{seg.citation}]</sup>')
        elif seg.label is not None:
            style = verdict_style(seg.label)
            tip = f"{style.label}：{seg.reason}" if seg.reason else style.label
            decoration = "text-decoration:underline wavy;" if style.failing else ""
            parts.append(
                f'<span class="scribe-fig scribe-{seg.label}" data-verdict="{seg.label}" title="{escape_text(tip)}" '
                f'style="color:{style.colour};font-weight:600;{decoration}">{body}</span>'
            )
        else:
            parts.append(body)
    return "".join(parts)


def highlight_html(text: str, verdicts: Sequence[Verdict]) -> str:
    """The answer as HTML: figures coloured by verdict (reason in the tooltip), ``[n]`` as superscripts."""
    return f'<div class="scribe-answer" style="line-height:1.8">{segments_html(answer_segments(text, verdicts))}</div>'


def streaming_html(partial: str) -> str:
    """What is shown while a generative answer streams in: escaped text and a cursor."""
    return f'<div class="scribe-answer" style="line-height:1.8">{escape_text(partial)}▌</div>'


def verdict_table(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    rows = [
        {
            "数字": v.figure.surface,
            "核对结果": verdict_style(v.label.value).label,
            "原因": v.reason,
            "来源原文": v.source_sentence or "",
        }
        for v in verdicts
    ]
    return pd.DataFrame(rows, columns=["数字", "核对结果", "原因", "来源原文"])


def verdict_counts(verdicts: Sequence[Verdict]) -> tuple[int, int]:
    """(figures, failing figures)."""
    return len(verdicts), sum(1 for v in verdicts if verdict_style(v.label.value).failing)


def failing_breakdown(verdicts: Sequence[Verdict]) -> str:
    """The failing figures in words, contradicted apart from unverifiable: 1 个与原文矛盾，2 个无从核对."""
    unverifiable = sum(1 for v in verdicts if v.label in ABSTAINING_LABELS)
    wrong = sum(1 for v in verdicts if verdict_style(v.label.value).failing and v.label not in ABSTAINING_LABELS)
    parts = [f"{wrong} 个与原文矛盾或待填" if wrong else "", f"{unverifiable} 个无从核对" if unverifiable else ""]
    return "，".join(p for p in parts if p) or "全部通过核对"


def citation_title(c: Citation) -> str:
    where = " > ".join(c.section_path) or "（开头）"
    return f"[{c.n}] {c.file_name}｜{c.bureau or '单位未识别'}｜{c.period or '时期未识别'}｜{where}"


def quote_html(c: Citation) -> str:
    """The cited chunk, escaped, with the quoted sentence marked."""
    start = c.chunk_text.find(c.quote)
    if start < 0:
        body = escape_text(c.chunk_text)
    else:
        end = start + len(c.quote)
        body = (
            escape_text(c.chunk_text[:start])
            + f'<mark class="scribe-quote" style="background:#fff3a3">{escape_text(c.quote)}</mark>'
            + escape_text(c.chunk_text[end:])
        )
    return f'<div class="scribe-source" style="line-height:1.7;font-size:0.95em">{body}</div>'


def answer_markdown(answer: Answer) -> str:
    """Plain text of an answer for copying, with its sources listed."""
    lines = [answer.text, ""]
    lines += [f"{citation_title(c)}\n> {c.quote}" for c in answer.citations]
    return "\n".join(lines)


# --- settings and errors ------------------------------------------------------------------------------------


# Every setting in the words the bureau's staff use, grouped as the settings page shows them.
SETTING_GROUPS: dict[str, dict[str, str]] = {
    "存储": {
        "data_dir": "数据目录",
        "sample_dir": "示例报告目录",
        "collection": "向量集合名",
        "chroma_host": "Chroma 服务器地址",
        "chroma_port": "Chroma 服务器端口",
    },
    "嵌入模型": {
        "embedding": "嵌入模型",
        "embedding_model": "嵌入接口的模型名",
        "embedding_base_url": "嵌入接口地址",
        "embedding_api_key": "嵌入接口密钥",
        "embedding_batch": "每批嵌入块数",
    },
    "大模型": {
        "llm_base_url": "大模型接口地址",
        "llm_api_key": "大模型接口密钥",
        "llm_model": "模型名",
        "llm_timeout": "单次请求超时（秒）",
        "llm_max_retries": "失败重试次数",
        "llm_temperature": "生成温度",
        "llm_max_tokens": "每次调用最多输出（词元）",
        "llm_max_tokens_qa": "每个回答最多输出（词元）",
        "llm_structured": "结构化输出方式",
        "llm_unsupported_policy": "未核实数字的处理（删去 / 重写一次）",
        "llm_evidence_tokens": "问答提示中资料的词元上限",
    },
    "本地模型": {
        "local_model": "本地模型",
        "local_models_dir": "本地模型目录",
        "local_port": "本地模型服务端口",
        "local_threads": "本地模型生成线程数",
        "local_batch_threads": "本地模型读提示线程数（空 = 启动时按空闲核数）",
        "local_ctx": "本地模型上下文长度（词元）",
    },
    "切块与检索": {
        "chunk_size": "文本块长度（字）",
        "chunk_min": "最短小节（字）",
        "chunk_overlap": "块间重叠（字）",
        "retrieval_k": "每次引用的块数",
        "dense_k": "向量检索候选数",
        "lexical_k": "关键词检索候选数",
        "rrf_k": "融合排序参数",
        "dense_weight": "向量检索权重",
        "lexical_weight": "关键词检索权重",
    },
    "输入限制": {
        "max_file_mb": "单个文件上限（MB）",
        "max_unzipped_mb": "Word 解压后上限（MB）",
        "max_chars": "单篇正文字数上限",
    },
}
SOURCE_WORDS = {"environment": "环境变量", "dotenv": ".env 文件", "default": "默认值"}
SETTING_COLUMNS = ["设置项", "当前值", "来源", "变量名"]


def setting_source(name: str, environ: Mapping[str, str], dotenv: Mapping[str, str | None]) -> str:
    """Where a setting's value came from, as pydantic-settings decides it: environment, then .env, then default."""
    var = f"SCRIBE_{name.upper()}"
    lowered = {k.lower() for k in environ}
    if var.lower() in lowered:
        return "environment"
    if any(k.lower() == var.lower() and v is not None for k, v in dotenv.items()):
        return "dotenv"
    return "default"


def _shown_value(value: object) -> str:
    if value is None or value == "":
        return "未设置"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}" if value >= 10_000 else str(value)
    return str(value)


def settings_groups(
    settings: Settings, environ: Mapping[str, str], dotenv: Mapping[str, str | None]
) -> dict[str, pd.DataFrame]:
    """The effective settings as readable tables, one per group: name, value (secrets masked), source, variable.

    A setting the groups do not name yet is shown under 其他, so nothing the tool reads is hidden.
    """
    shown = settings.masked()
    groups: dict[str, pd.DataFrame] = {}
    named = {k for fields in SETTING_GROUPS.values() for k in fields}
    layout = dict(SETTING_GROUPS)
    if rest := [k for k in shown if k not in named]:
        layout["其他"] = {k: k for k in rest}
    for group, fields in layout.items():
        rows = [
            {
                "设置项": label,
                "当前值": _shown_value(shown[key]),
                "来源": SOURCE_WORDS[setting_source(key, environ, dotenv)],
                "变量名": f"SCRIBE_{key.upper()}",
            }
            for key, label in fields.items()
            if key in shown
        ]
        groups[group] = pd.DataFrame(rows, columns=SETTING_COLUMNS)
    return groups


# --- Streamlit's own English -------------------------------------------------------------------------------

# Streamlit draws some texts itself with no parameter to change them: the file uploader's button ("Upload") and
# its limits line ("60MB per file • DOCX, …") and the "Stop" button beside the running indicator. The page's own
# label states type and size limits in Chinese; this style sheet replaces those texts, so a user sees no English
# the app could have avoided.
APP_CSS = """
[data-testid="stFileUploaderDropzone"] button p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button p::after { content: "选择文件"; font-size: 0.9rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "或把文件拖到这里"; font-size: 0.85rem;
}
[data-testid="stStatusWidget"] button { font-size: 0; }
[data-testid="stStatusWidget"] button::after { content: "停止运行"; font-size: 0.875rem; }
.vega-embed > details { display: none; }  /* the chart's English menu (Save as PNG, Open in Vega Editor) */
"""


def app_style() -> str:
    return f"<style>{APP_CSS}</style>"


def friendly_error(e: BaseException) -> str:
    """A message for the page: what went wrong in plain Chinese and what to do next; never a traceback."""
    if isinstance(e, ConfigError):
        return f"{e.user_message()}（修改环境变量或 .env 文件后重启应用）"
    if isinstance(e, LLMError):
        return (
            f"{e.user_message()}。请在“设置”页点击“测试连接”检查大模型接口；或取消 SCRIBE_LLM_BASE_URL 改用离线模式。"
        )
    if isinstance(e, IngestError):
        return f"{Path(e.path).name}：{e.reason}"
    if isinstance(e, StoreError):
        return f"{e.user_message()}（可在“设置”页测试向量库连接）"
    if isinstance(e, ScribeError):
        return e.user_message()
    return "出现了意外错误，操作没有完成；详细信息已写入日志。请重试，若仍失败请把日志交给管理员。"


def progress_text(work: str, n: int, total: int, what: str) -> str:
    """``摘要：第 3/9 部分——科技服务优化提升`` for a progress bar; the last step (n past total) says it is done."""
    if n > total:
        return f"{work}：完成"
    return f"{work}：第 {n}/{total} 部分" + (f"——{what}" if what else "")
