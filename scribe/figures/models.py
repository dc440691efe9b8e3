"""Models the faithfulness engine hands to its callers: sources, verdicts, claim verdicts."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from scribe.models import Figure


class SourceText(BaseModel):
    """A text figures are checked against: a whole report, one part of it, or a chunk."""

    source_id: str
    text: str
    doc: str = ""
    bureau: str | None = None  # 洞头区科学技术局; None when unknown
    period: str | None = None  # 2024年上半年 ...
    section_path: list[str] = Field(default_factory=list)
    ocr: bool = False  # the text was read by OCR from a scan: a figure it supports still needs the paper copy


OCR_NOTE = "原文为OCR识别，请核对原件"


class VerdictLabel(StrEnum):
    """What a user can act on: keep (supported / derived / target), fix (contradicted), look it up (unverifiable)."""

    SUPPORTED = "supported"  # the source states the same value, unit, period, bureau and status
    DERIVED = "derived"  # computed from source figures; ``Verdict.derivation`` shows the formula
    TARGET = "target"  # a source target restated as a target (提出/力争/目标是, or under a 工作思路 heading)
    CONTRADICTED = "contradicted"  # the source gives another value, unit, period, bureau or status (``conflict``)
    UNVERIFIABLE = "unverifiable"  # no statement in the sources to check it against
    PLACEHOLDER = "placeholder"  # X / XX left for the drafter
    UNREADABLE = "unreadable"  # the figure itself cannot be read (OCR damage)


class Conflict(StrEnum):
    """What a contradicted figure gets wrong."""

    VALUE = "value"
    UNIT = "unit"
    PERIOD = "period"
    BUREAU = "bureau"
    STATUS = "status"  # a target or a 预计 estimate stated as achieved (or the reverse)


FAILING_LABELS = frozenset(
    {
        VerdictLabel.CONTRADICTED,
        VerdictLabel.UNVERIFIABLE,
        VerdictLabel.PLACEHOLDER,
        VerdictLabel.UNREADABLE,
    }
)
PASSING_LABELS = frozenset({VerdictLabel.SUPPORTED, VerdictLabel.DERIVED, VerdictLabel.TARGET})
# The checker abstains: it found nothing it could compare the figure with.
ABSTAINING_LABELS = frozenset({VerdictLabel.UNVERIFIABLE, VerdictLabel.UNREADABLE})


class Verdict(BaseModel):
    """What the sources say about one figure of a text."""

    figure: Figure
    label: VerdictLabel
    source_id: str | None = None
    source_sentence: str | None = None
    matched: Figure | None = None
    derivation: str | None = None
    conflict: Conflict | None = None  # set on contradicted verdicts
    reason: str  # one line, Chinese
    ocr: bool = False  # the source it was judged against was read by OCR (``OCR_NOTE`` ends the reason)


class ClaimVerdict(BaseModel):
    """A claim is supported when every figure passes; ``abstained`` when it fails only for want of a source."""

    label: Literal["supported", "unsupported"]
    verdicts: list[Verdict]
    reason: str
    abstained: bool = False


class Judge(Protocol):
    """Optional second stage (e.g. an LLM); returns None when it has no opinion."""

    def judge(self, claim: str, sources: list[SourceText]) -> ClaimVerdict | None: ...
