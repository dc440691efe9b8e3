"""The optional LLM-judge stage: a second opinion on the claims the deterministic checker cannot decide.

The deterministic engine decides a claim by its figures; a claim without any figure is undecidable for it
(``check_claim`` then asks a :class:`~scribe.figures.models.Judge` when given one). :class:`LLMJudge` is that
judge over the configured endpoint (prompt ``prompts/claim_judge.md``). :func:`run_judge` asks it about
exactly those claims and scores it on its own — its numbers are never folded into the deterministic metrics.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.llm import invoke_structured
from chains.prompting import load_prompt, render_json
from chains.runlog import RunLog
from eval.claims import ClaimItem
from scribe.errors import LLMError
from scribe.figures import ClaimVerdict, Judge, SourceText, verify
from scribe.lexicon.sentences import items
from scribe.services import Services, build_services
from scribe.settings import Settings

log = logging.getLogger(__name__)

MAX_EXCERPT_CHARS = 3000


class _JudgeReply(BaseModel):
    label: Literal["supported", "unsupported", "unknown"]
    reason: str = ""
    quote: str = ""


class LLMJudge:
    """A :class:`~scribe.figures.models.Judge` asking the chat model; None (no opinion) for 'unknown' or bad JSON."""

    def __init__(self, llm: BaseChatModel, run_log: RunLog) -> None:
        self.llm = llm
        self.run_log = run_log
        self.prompt = load_prompt("claim_judge")

    @classmethod
    def from_services(cls, services: Services) -> LLMJudge | None:
        """The judge over the services' chat model and run log, or None in offline mode."""
        return None if services.llm is None else cls(services.llm, services.run_log)

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMJudge | None:
        """The judge over the configured endpoint, or None in offline mode."""
        return cls.from_services(build_services(settings))

    def judge(self, claim: str, sources: list[SourceText]) -> ClaimVerdict | None:
        messages = render_json(self.prompt, claim=claim, sources=excerpt(claim, sources))
        reply = invoke_structured(
            self.llm,
            messages,
            _JudgeReply,
            prompt_name=self.prompt.name,
            prompt_version=self.prompt.version,
            chunk_ids=[s.source_id for s in sources],
            run_log=self.run_log,
        )
        parsed = reply.parsed
        if parsed is None or parsed.label == "unknown":
            return None
        reason = f"大模型判断：{parsed.reason}" + (f"（原文：{parsed.quote}）" if parsed.quote else "")
        return ClaimVerdict(label=parsed.label, verdicts=[], reason=reason)


def excerpt(claim: str, sources: Sequence[SourceText], limit: int = MAX_EXCERPT_CHARS) -> str:
    """The source sentences sharing most character bigrams with ``claim``, in document order, within ``limit``."""
    wanted = _bigrams(claim)
    sentences = [sentence for s in sources for sentence in items(s.text)]
    overlap = [len(wanted & _bigrams(sentence)) for sentence in sentences]
    chosen: list[int] = []
    size = 0
    for i in sorted(range(len(sentences)), key=lambda i: -overlap[i]):
        if overlap[i] == 0:
            break
        if size + len(sentences[i]) + 1 > limit:
            continue
        chosen.append(i)
        size += len(sentences[i]) + 1
    return "\n".join(sentences[i] for i in sorted(chosen))


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


class JudgedItem(BaseModel):
    id: str
    doc: str
    claim: str
    label: Literal["supported", "unsupported"]
    judged: Literal["supported", "unsupported"] | None = Field(description="None: the judge had no opinion")
    correct: bool
    reason: str


class JudgeReport(BaseModel):
    """The judge's own scores on one claims dataset (only the deterministically undecidable claims)."""

    dataset: str
    undecidable: int = Field(description="claims the deterministic checker could not decide")
    judged: int = Field(description="of those, how many the judge decided")
    correct: int
    errors: int = Field(default=0, description="calls that failed (endpoint errors)")
    items: list[JudgedItem] = Field(default_factory=list)

    @property
    def accuracy(self) -> float | None:
        return round(self.correct / self.judged, 4) if self.judged else None

    @property
    def coverage(self) -> float | None:
        return round(self.judged / self.undecidable, 4) if self.undecidable else None


def run_judge(
    dataset: str,
    items: Sequence[ClaimItem],
    sources_of: Callable[[str], list[SourceText] | None],
    judge: Judge,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> JudgeReport:
    """Ask ``judge`` about every claim whose figures give the deterministic checker nothing to decide."""
    undecidable = []
    for item in items:
        sources = sources_of(item.doc)
        if sources and not verify(item.claim, sources):  # no figure: check_claim would ask the judge
            undecidable.append((item, sources))
    report = JudgeReport(dataset=dataset, undecidable=len(undecidable), judged=0, correct=0)
    for n, (item, sources) in enumerate(undecidable):
        if progress:
            progress(n, len(undecidable))
        try:
            opinion = judge.judge(item.claim, sources)  # what check_claim(..., judge=judge) asks for such a claim
            reason = opinion.reason if opinion else "没有意见（资料不足或回复无法解析）"
        except LLMError as e:
            log.warning("judge failed on %s: %s", item.id, e)
            report.errors += 1
            opinion, reason = None, e.user_message()
        judged = opinion.label if opinion else None
        report.judged += judged is not None
        report.correct += judged == item.label
        report.items.append(
            JudgedItem(
                id=item.id,
                doc=item.doc,
                claim=item.claim,
                label=item.label,
                judged=judged,
                correct=judged == item.label,
                reason=reason,
            )
        )
    if progress:
        progress(len(undecidable), len(undecidable))
    return report
