"""What a report summary is, and what it is made from: the stored document read back section by section.

:class:`ReportSummary` holds the indicator table, the lines (亮点 / 存在问题 / 下步工作), their citations
and verdicts; it is never ``clean`` while a verdict fails. Every other module of :mod:`chains.summary` builds on these.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from scribe.figures import Verdict
from scribe.figures.models import FAILING_LABELS
from scribe.models import Chunk, Document
from vectorstore.sections import SectionText

Length = Literal["short", "normal"]


class Citation(BaseModel):
    """A verbatim sentence of a stored chunk."""

    chunk_id: str
    section_path: list[str] = Field(default_factory=list)
    quote: str


class SummaryLine(BaseModel):
    topic: str = Field(description="the work area: the section heading without its marker")
    text: str
    section_path: list[str] = Field(default_factory=list)
    bureau: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)


class IndicatorRow(BaseModel):
    metric: str
    value: str | None = None
    growth: str | None = None
    completion: str | None = None
    rank: str | None = None
    period: str | None = None
    bureau: str | None = None
    section_path: list[str] = Field(default_factory=list)
    citation: Citation
    verdicts: list[Verdict] = Field(default_factory=list)


class ReportSummary(BaseModel):
    doc_id: str
    file_name: str
    title: str
    bureau: str | None = None
    period: str | None = None
    mode: Literal["offline", "generative"] = "offline"
    length: Length = "normal"
    indicators: list[IndicatorRow] = Field(default_factory=list)
    highlights: list[SummaryLine] = Field(default_factory=list)
    problems: list[SummaryLine] = Field(default_factory=list)
    plans: list[SummaryLine] = Field(default_factory=list)
    sections_total: list[str] = Field(default_factory=list, description="top-level sections of the report")
    sections_covered: list[str] = Field(default_factory=list)
    source_chars: int = 0
    clean: bool = True
    failing: list[Verdict] = Field(default_factory=list)

    @model_validator(mode="after")
    def _never_clean_with_failures(self) -> ReportSummary:
        self.failing = [v for v in self.all_verdicts() if v.label in FAILING_LABELS]
        self.clean = not self.failing
        return self

    def lines(self) -> list[SummaryLine]:
        return [*self.highlights, *self.problems, *self.plans]

    def all_verdicts(self) -> list[Verdict]:
        return [v for r in self.indicators for v in r.verdicts] + [v for line in self.lines() for v in line.verdicts]

    @property
    def summary_chars(self) -> int:
        rows = sum(len(r.metric) + sum(len(c or "") for c in (r.value, r.growth, r.rank)) for r in self.indicators)
        return rows + sum(len(line.text) for line in self.lines())

    @property
    def section_coverage(self) -> float:
        return len(self.sections_covered) / len(self.sections_total) if self.sections_total else 1.0


class SummaryInput(BaseModel):
    """A stored document read back whole, section by section."""

    document: Document
    chunks: list[Chunk]
    sections: list[SectionText]
    ledger: list[dict[str, object]]
