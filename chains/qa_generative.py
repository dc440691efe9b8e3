"""The generative QA step: a model words the answer from the sentences that hold it, and is checked before shown.

The model never decides whether a question is answerable: the offline extractor first picks the source
sentences that answer it, and a question it cannot answer is refused before the model is called. The prompt
holds only those sentences (numbered, with their bureau and period), trimmed to the clauses that answer
when they exceed a token budget, so it stays small, and every ``[n]`` the model writes points at one sentence.
The system message is fixed text, identical in every call, so llama.cpp's prompt cache keeps it and only the
evidence and the question (last) are read anew. The reply is then checked:

- the reply must be complete (not cut off by the output cap) and, when JSON is asked for, valid — one repair
  round, else the offline answer is shown with a label saying why;
- a figure the checker cannot find in the sources is struck from the text and the answer says so (policy
  ``strike``), or the model is asked once more, naming the figure, and what it then writes is checked the same way
  and struck if still unsupported (policy ``regenerate``);
- a model that answers 无法从资料中找到 although the offline answer found the sentences gets the offline answer,
  labelled: whether a question is answerable is decided before the model is asked;
- a direction word reversed against its cited sentence (高于 ↔ 低于), problems named where the sources
  report results, or a target (力争 …) stated as done sends the answer back to the offline text, labelled.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.extractive import Pick
from chains.llm import LLMReply, MessageLike, StructuredMethod, invoke_logged, invoke_structured
from chains.models import REFUSAL
from chains.prompting import PromptTemplateFile, estimate_tokens, load_prompt, render, render_json, render_retry
from chains.runlog import RunLog
from chains.sources import source_header, source_text
from scribe.errors import LLMError
from scribe.figures import VerdictLabel, extract_figures, verify, verify_answer
from scribe.figures.metric import bigrams
from scribe.figures.models import Conflict
from scribe.lexicon.framing import reversed_framing
from scribe.lexicon.headings import SectionRole, heading_role, is_problem_text
from scribe.lexicon.hedges import POST_HEDGE_RE
from scribe.lexicon.sentences import CLAUSE_ENDS, clause_spans
from scribe.models import FigureKind, ScoredChunk

log = logging.getLogger(__name__)

PROMPT = "qa_generate"
STRUCK = "〔未核实的数字已删去〕"
REWRITING = "\n\n〔回答中有数字未能在资料中核实，正在请模型重写…〕\n\n"  # streamed before a regenerated reply
NO_FIGURE_LEFT = "回答中的数字未能在资料中核实"
MODEL_REFUSED = "模型答称资料不能回答，而资料中有回答问题的句子"
EVIDENCE_TOKENS = 220  # evidence budget of a prompt (Settings.llm_evidence_tokens)
_GAP = "…"
_SHARED = 2  # character bigrams a clause shares with the question to count as answering it (one is 研发 alone)

UnsupportedPolicy = Literal["strike", "regenerate"]
UNSUPPORTED_POLICY: UnsupportedPolicy = "regenerate"  # measured against strike: README, "A real model in the loop"
_MARKER = re.compile(r"\[(\d{1,2})\]")
_MARKER_BEFORE_HEDGE = re.compile(r"(\[\d{1,2}\])" + POST_HEDGE_RE.pattern + r"(?:\1)?")
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
    excerpt: str | None = None  # the clauses of ``sentence`` the prompt shows, when the budget trimmed it
    wording: str | None = None  # the offline answer's note when the sentence names the asked indicator otherwise

    @property
    def shown(self) -> str:
        return self.excerpt if self.excerpt is not None else self.sentence


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
    regenerated: bool = False  # the model was asked again, naming the figures it could not support
    first_struck: list[str] = field(default_factory=list)  # what the first reply had unsupported (regenerate)
    first_raw: str = ""  # the first reply, when it was regenerated
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    evidence_tokens: int = 0  # estimated tokens of the evidence block the prompt holds
    calls: int = 0
    raw: str = ""  # the model's text before the checks


def evidence_from(
    quoted: Sequence[tuple[Pick, ScoredChunk]], wording: Mapping[str, str] | None = None
) -> list[Evidence]:
    """One numbered item per distinct quoted sentence (with the chunk it was quoted from), in answer order.
    ``wording`` holds, per sentence, the offline answer's note on how it names the asked indicator
    (报告用语为“技术合同成交额”，即“技术交易额”): the prompt shows it, or a model asked about 技术交易额 reads a
    sentence about 技术合同成交额 as not answering and refuses."""
    seen: set[str] = set()
    out: list[Evidence] = []
    for pick, scored in quoted:
        if pick.sentence in seen:
            continue
        seen.add(pick.sentence)
        note = (wording or {}).get(pick.sentence)
        out.append(Evidence(len(out) + 1, pick.sentence, scored, pick.target, wording=note))
    return out


def format_evidence(evidence: Sequence[Evidence]) -> str:
    lines = []
    for e in evidence:
        header = source_header(e.n, e.scored.chunk, e.scored.document).split("｜文档")[0]
        lines.append(f"{header}\n{_FENCE.sub('', e.shown)}{e.wording or ''}")
    return "\n".join(lines)


def trim_evidence(evidence: Sequence[Evidence], question: str, budget: int) -> list[Evidence]:
    """Each sentence cut to the clauses that answer ``question`` when the evidence exceeds ``budget`` tokens.

    A clause answers when it shares two character bigrams with the question; a clause holding a figure right after
    one that answers stays with it when it shares a bigram too (``完成6099.1万元，增速17.7%``). Dropped runs show as ``…``. A sentence with no
    clause that answers is kept whole: the offline answer chose it. Citations keep the whole sentence."""
    if estimate_tokens(format_evidence(evidence)) <= budget:
        return list(evidence)
    share = max(budget // max(len(evidence), 1), 24)
    asked = bigrams(question)
    out = []
    for e in evidence:
        if estimate_tokens(e.sentence) <= share:
            out.append(e)
            continue
        excerpt = _answering_clauses(e.sentence, asked)
        out.append(replace(e, excerpt=excerpt) if excerpt else e)
    return out


def _answering_clauses(sentence: str, asked: frozenset[str]) -> str | None:
    spans = clause_spans(sentence)
    shared = [len(bigrams(sentence[a:b]) & asked) for a, b in spans]
    keep = [n >= _SHARED for n in shared]
    for i in range(1, len(spans)):  # 增速17.7% right after the clause naming the indicator, when the question asks it
        a, b = spans[i]
        if shared[i] and not keep[i] and shared[i - 1] >= _SHARED and extract_figures(sentence[a:b]):
            keep[i] = True
    if not any(keep) or all(keep):
        return None
    parts: list[str] = []
    for i, (a, b) in enumerate(spans):
        if keep[i]:
            parts.append(sentence[a:b])
        elif parts and parts[-1] != _GAP:
            parts.append(_GAP)
    text = "".join(parts).rstrip(_GAP).rstrip(CLAUSE_ENDS)
    return (_GAP if not keep[0] else "") + text


def prompt_messages(
    prompt: PromptTemplateFile,
    question: str,
    history: str,
    evidence: Sequence[Evidence],
    *,
    budget: int,
    as_json: bool,
) -> tuple[list[MessageLike], int]:
    """The messages of one QA call (fixed system text first, the question last) and the evidence's token estimate."""
    block = format_evidence(trim_evidence(evidence, question, budget))
    variables = {"question": question, "evidence": block, "history": history}
    return list((render_json if as_json else render)(prompt, **variables)), estimate_tokens(block)


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
    unsupported: UnsupportedPolicy = UNSUPPORTED_POLICY,
    evidence_tokens: int = EVIDENCE_TOKENS,
) -> Generated:
    """Ask the model, then check its reply against ``evidence``; ``fallback`` is set when it cannot be shown."""
    prompt = load_prompt(PROMPT)
    as_json = stream is None and structured != "text"
    messages, size = prompt_messages(prompt, question, history, evidence, budget=evidence_tokens, as_json=as_json)
    out = Generated(evidence_tokens=size)
    call = _Caller(llm, run_log, prompt, [e.scored.chunk.chunk_id for e in evidence], max_tokens, structured, stream)
    text = call(out, messages)
    if text is None:
        return out
    out = check(out, text.strip(), evidence, asks_problems=asks_problems, question=question)
    if unsupported != "regenerate" or not out.struck or out.fallback not in (None, NO_FIGURE_LEFT):
        return out
    # once more, naming the figures the checker could not support; what comes back is checked (and struck) again
    again = Generated(
        evidence_tokens=out.evidence_tokens,
        regenerated=True,
        first_struck=list(out.struck),
        first_raw=out.raw,
        calls=out.calls,
    )
    again.prompt_tokens, again.completion_tokens = out.prompt_tokens, out.completion_tokens
    if stream is not None:
        stream(REWRITING)
    retry = [*messages, ("assistant", out.raw), render_retry(prompt, figures="、".join(f"“{f}”" for f in out.struck))]
    text = call(again, retry)
    if text is None:
        return again
    again = check(again, text.strip(), evidence, asks_problems=asks_problems, question=question)
    if again.fallback is None and not again.refused and not _has_figure_left(again.text, evidence):
        return _fallback(again, NO_FIGURE_LEFT)  # the rewrite dropped every figure the question asked for
    return again


@dataclass(frozen=True)
class _Caller:
    """One call of the model for ``prompt``: streamed as text, or structured with one repair round."""

    llm: BaseChatModel
    run_log: RunLog
    prompt: PromptTemplateFile
    chunk_ids: list[str]
    max_tokens: int
    structured: StructuredMethod
    stream: Callable[[str], None] | None

    def __call__(self, out: Generated, messages: Sequence[MessageLike]) -> str | None:
        """The reply's text, with its usage added to ``out``; None with ``out.fallback`` set when it is unusable."""
        try:
            if self.stream is not None or self.structured == "text":
                reply = invoke_logged(
                    self.llm,
                    messages,
                    prompt_name=self.prompt.name,
                    prompt_version=self.prompt.version,
                    chunk_ids=self.chunk_ids,
                    run_log=self.run_log,
                    stream_callback=self.stream,
                    max_tokens=self.max_tokens,
                )
                _account(out, reply)
                if reply.finish_reason == "length":
                    _fallback(out, f"回答超过 {self.max_tokens} 个 token 的上限被截断")
                    return None
                text = reply.text
            else:
                result = invoke_structured(
                    self.llm,
                    messages,
                    GeneratedAnswer,
                    prompt_name=self.prompt.name,
                    prompt_version=self.prompt.version,
                    chunk_ids=self.chunk_ids,
                    run_log=self.run_log,
                    method=self.structured,
                    max_tokens=self.max_tokens,
                    repair=True,
                )
                _account(out, result.reply)
                out.repaired = out.repaired or result.repaired
                if result.parsed is None:
                    _fallback(out, f"模型输出不符合格式（{result.parse_error}）")
                    return None
                text = result.parsed.answer
        except LLMError as e:
            _fallback(out, f"模型调用失败（{e.reason}）")
            return None
        out.raw = text
        return text


def _account(out: Generated, reply: LLMReply) -> None:
    out.model = reply.model
    out.calls += 1
    if reply.prompt_tokens is not None:
        out.prompt_tokens = (out.prompt_tokens or 0) + reply.prompt_tokens
    if reply.completion_tokens is not None:
        out.completion_tokens = (out.completion_tokens or 0) + reply.completion_tokens


def check(
    out: Generated, text: str, evidence: Sequence[Evidence], *, asks_problems: bool, question: str = ""
) -> Generated:
    """Refusal, markers, framing and figures of a model's ``text``; fills ``out`` and returns it."""
    text = _MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= len(evidence) else "", text)
    text = _MARKER_BEFORE_HEDGE.sub(r"\2\1", text)  # 18%[1]以上[1] → 18%以上[1]: the hedge is the figure's
    if not text:
        return _fallback(out, "模型没有给出回答")
    if text.startswith(REFUSAL) and not _MARKER.search(text):
        # the offline answer already found sentences that answer: whether to refuse is decided there, not here
        return _fallback(out, MODEL_REFUSED)
    text = cite_unmarked(text, evidence)
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
        return _fallback(out, NO_FIGURE_LEFT)
    if out.struck:
        out.text += "（回答中未能在资料中核实的数字已删去）"  # no numeral here: it would be checked as a figure
    return out


def cite_unmarked(text: str, evidence: Sequence[Evidence]) -> str:
    """A figure the model wrote without its [n] gets the number of the first evidence sentence that writes it the
    same way, so it is checked against that sentence (a figure no sentence writes stays unmarked). An ordinal
    (第一批, 第三届) names the batch or edition of what follows; a marker inside that name would split it."""
    written = [{f.surface for f in extract_figures(e.sentence)} for e in evidence]
    for figure in sorted(extract_figures(text), key=lambda f: f.start, reverse=True):
        hedge = POST_HEDGE_RE.match(text, figure.end)
        end = hedge.end() if hedge else figure.end  # 18%以上[1]: the marker follows the figure's hedge
        if _MARKER.match(text, end) or not figure.surface or figure.kind is FigureKind.ORDINAL:
            continue
        holder = next((e for e, surfaces in zip(evidence, written, strict=True) if figure.surface in surfaces), None)
        if holder is not None:
            text = f"{text[:end]}[{holder.n}]{text[end:]}"
    return text


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
