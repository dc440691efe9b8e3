"""The generative QA step: a model words the answer from the sentences that hold it, and is checked before shown.

The model never decides whether a question is answerable: the offline extractor first picks the source
sentences that answer it, and a question it cannot answer is refused before the model is called. The prompt
holds only those sentences (numbered, with their bureau and period), so it stays a few hundred tokens and
every ``[n]`` the model writes points at one sentence. The reply is then checked:

- the reply must be complete (not cut off by the output cap) and, when JSON is asked for, valid — one repair
  round, else the offline answer is shown with a label saying why;
- a figure the checker cannot find in the sources is struck from the text and the answer says so;
- a direction word reversed against its cited sentence (高于 ↔ 低于), problems named where the sources
  report results, or a target (力争 …) stated as done sends the answer back to the offline text, labelled.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.extractive import Pick
from chains.llm import StructuredMethod, invoke_logged, invoke_structured
from chains.models import REFUSAL
from chains.prompting import load_prompt, render, render_json
from chains.runlog import RunLog
from chains.sources import source_header, source_text
from scribe.errors import LLMError
from scribe.figures import VerdictLabel, verify, verify_answer
from scribe.figures.models import Conflict
from scribe.lexicon.framing import reversed_framing
from scribe.lexicon.headings import SectionRole, heading_role, is_problem_text
from scribe.models import ScoredChunk

log = logging.getLogger(__name__)

PROMPT = "qa_generate"
STRUCK = "〔未核实的数字已删去〕"
_MARKER = re.compile(r"\[(\d{1,2})\]")
_FENCE = re.compile(r"</?资料>")


class GeneratedAnswer(BaseModel):
    """What the model is asked to return when structure is asked for."""

    answer: str = Field(max_length=600)


@dataclass(frozen=True)
class Evidence:
    """Sentence ``n`` of the prompt: a picked sentence and the chunk it was quoted from."""

    n: int
    sentence: str
    scored: ScoredChunk
    target: bool = False


@dataclass
class Generated:
    """The checked outcome: ``text`` to show, or ``fallback`` (why the offline answer is shown instead)."""

    text: str = ""
    model: str | None = None
    refused: bool = False
    used: list[int] = field(default_factory=list)  # evidence numbers the text cites
    fallback: str | None = None
    struck: list[str] = field(default_factory=list)
    repaired: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    raw: str = ""  # the model's text before the checks


def evidence_from(quoted: Sequence[tuple[Pick, ScoredChunk]]) -> list[Evidence]:
    """One numbered item per distinct quoted sentence (with the chunk it was quoted from), in answer order."""
    seen: set[str] = set()
    out: list[Evidence] = []
    for pick, scored in quoted:
        if pick.sentence in seen:
            continue
        seen.add(pick.sentence)
        out.append(Evidence(len(out) + 1, pick.sentence, scored, pick.target))
    return out


def format_evidence(evidence: Sequence[Evidence]) -> str:
    lines = []
    for e in evidence:
        header = source_header(e.n, e.scored.chunk, e.scored.document).split("｜文档")[0]
        lines.append(f"{header}\n{_FENCE.sub('', e.sentence)}")
    return "\n".join(lines)


def generate(
    llm: BaseChatModel,
    run_log: RunLog,
    *,
    question: str,
    history: str,
    evidence: Sequence[Evidence],
    max_tokens: int,
    structured: StructuredMethod,
    asks_problems: bool,
    stream: Callable[[str], None] | None = None,
) -> Generated:
    """Ask the model, then check its reply against ``evidence``; ``fallback`` is set when it cannot be shown."""
    prompt = load_prompt(PROMPT)
    variables = {"question": question, "evidence": format_evidence(evidence), "history": history}
    ids = [e.scored.chunk.chunk_id for e in evidence]
    out = Generated()
    try:
        if stream is not None or structured == "text":
            reply = invoke_logged(
                llm,
                render(prompt, **variables),
                prompt_name=prompt.name,
                prompt_version=prompt.version,
                chunk_ids=ids,
                run_log=run_log,
                stream_callback=stream,
                max_tokens=max_tokens,
            )
            if reply.finish_reason == "length":
                return _fallback(out, f"回答超过 {max_tokens} 个 token 的上限被截断")
            text = reply.text
        else:
            result = invoke_structured(
                llm,
                render_json(prompt, **variables),
                GeneratedAnswer,
                prompt_name=prompt.name,
                prompt_version=prompt.version,
                chunk_ids=ids,
                run_log=run_log,
                method=structured,
                max_tokens=max_tokens,
                repair=True,
            )
            reply, out.repaired = result.reply, result.repaired
            if result.parsed is None:
                return _fallback(out, f"模型输出不符合格式（{result.parse_error}）")
            text = result.parsed.answer
    except LLMError as e:
        return _fallback(out, f"模型调用失败（{e.reason}）")
    out.model, out.prompt_tokens, out.completion_tokens = reply.model, reply.prompt_tokens, reply.completion_tokens
    out.raw = text
    return check(out, text.strip(), evidence, asks_problems=asks_problems, question=question)


def check(
    out: Generated, text: str, evidence: Sequence[Evidence], *, asks_problems: bool, question: str = ""
) -> Generated:
    """Refusal, markers, framing and figures of a model's ``text``; fills ``out`` and returns it."""
    text = _MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= len(evidence) else "", text)
    if not text:
        return _fallback(out, "模型没有给出回答")
    if text.startswith(REFUSAL) and not _MARKER.search(text):
        out.text, out.refused = REFUSAL, True
        return out
    out.used = sorted({int(m.group(1)) for m in _MARKER.finditer(text)})
    cited = [evidence[n - 1] for n in out.used] or list(evidence)
    cited_text = "".join(e.sentence for e in cited)
    flips = reversed_framing(_MARKER.sub("", text), cited_text)
    if flips:
        word, opposite = flips[0]
        return _fallback(out, f"回答写作“{word}”，资料原文为“{opposite}”")
    if not asks_problems and is_problem_text(text) and not any(_about_problems(e) for e in cited):
        return _fallback(out, "回答把资料中的工作情况说成了问题")
    if _claims_target_as_done(text, evidence, question):
        return _fallback(out, "回答把资料中的目标说成了已完成")
    out.text, out.struck = _strike_unsupported(text, evidence, question)
    if out.struck and not _has_figure_left(out.text, evidence):
        # the struck figures stay in ``out.struck`` and the log: a figure the sources do not hold is never shown
        log.info("struck figures: %s", "、".join(out.struck))
        return _fallback(out, "回答中的数字未能在资料中核实")
    if out.struck:
        out.text += "（回答中未能在资料中核实的数字已删去）"  # no numeral here: it would be checked as a figure
    return out


def _strike_unsupported(text: str, evidence: Sequence[Evidence], question: str) -> tuple[str, list[str]]:
    """Each figure the checker cannot find in the sentence its [n] cites (the question saying what a terse figure
    measures) is struck; a figure the sources contradict too."""
    sources = [source_text(e.scored.chunk, e.scored.document) for e in evidence]
    bad = [
        v.figure
        for v in verify_answer(text, sources, question=question)
        if v.label in (VerdictLabel.UNVERIFIABLE, VerdictLabel.CONTRADICTED, VerdictLabel.UNREADABLE)
    ]
    for figure in sorted(bad, key=lambda f: f.start, reverse=True):
        text = text[: figure.start] + STRUCK + text[figure.end :]
    return text, [f.surface for f in sorted(bad, key=lambda f: f.start)]


def _claims_target_as_done(text: str, evidence: Sequence[Evidence], question: str) -> bool:
    sources = [source_text(e.scored.chunk, e.scored.document) for e in evidence]
    return any(
        v.label is VerdictLabel.CONTRADICTED and v.conflict is Conflict.STATUS
        for v in verify_answer(text, sources, question=question)
    )


def _has_figure_left(text: str, evidence: Sequence[Evidence]) -> bool:
    sources = [source_text(e.scored.chunk, e.scored.document) for e in evidence]
    return any(v.label in (VerdictLabel.SUPPORTED, VerdictLabel.DERIVED) for v in verify(text, sources))


def _about_problems(e: Evidence) -> bool:
    if is_problem_text(e.sentence):
        return True
    return any(heading_role(h) == SectionRole.PROBLEMS for h in e.scored.chunk.section_path)


def _fallback(out: Generated, why: str) -> Generated:
    log.warning("生成的回答未采用：%s（模型原文：%s）", why, out.raw[:300])
    out.fallback = why
    return out
