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


class VerdictLabel(StrEnum):
    SUPPORTED = "supported"
    DERIVED = "derived"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"
    TARGET_NOT_ACHIEVEMENT = "target_not_achievement"
    PLACEHOLDER = "placeholder"
    UNREADABLE = "unreadable"


FAILING_LABELS = frozenset(
    {
        VerdictLabel.CONTRADICTED,
        VerdictLabel.UNSUPPORTED,
        VerdictLabel.TARGET_NOT_ACHIEVEMENT,
        VerdictLabel.PLACEHOLDER,
        VerdictLabel.UNREADABLE,
    }
)


class Verdict(BaseModel):
    """What the sources say about one figure of a text."""

    figure: Figure
    label: VerdictLabel
    source_id: str | None = None
    source_sentence: str | None = None
    matched: Figure | None = None
    derivation: str | None = None
    reason: str  # one line, Chinese


class ClaimVerdict(BaseModel):
    label: Literal["supported", "unsupported"]
    verdicts: list[Verdict]
    reason: str


class Judge(Protocol):
    """Optional second stage (e.g. an LLM); returns None when it has no opinion."""

    def judge(self, claim: str, sources: list[SourceText]) -> ClaimVerdict | None: ...
