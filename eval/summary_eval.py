"""How good the report summaries are: coverage, figure faithfulness and compression, per document.

- **section coverage**: share of the report's top-level sections (per report part, for a file holding several
  reports) that at least one summary line or indicator row comes from.
- **key-indicator coverage**: share of the ledger's key indicators (``chains.summary.offline.is_key``: clean,
  achieved figures outside the problem and plan parts, in a section about 指标 or of kind growth / rank /
  share / completion / change) that the summary shows, in its table or in a line quoting the same sentence.
- **figure faithfulness**: share of the summary's figures the engine finds supported or derived.
- **compression**: summary characters / report characters.

Extraction (running the summariser) and the pure scoring (:func:`score_summary`) are kept apart.
"""

from __future__ import annotations

import logging
import time

from pydantic import BaseModel, Field

from chains.ledger import LedgerRow, group_ledger
from chains.summary import Length, ReportSummary, load_document, summarize
from chains.summary import offline as ex
from scribe.figures.models import PASSING_LABELS
from scribe.models import FigureStatus
from vectorstore.catalog import Catalog

log = logging.getLogger(__name__)

_GOOD = PASSING_LABELS  # supported, derived, or a target restated as one


class SummaryScores(BaseModel):
    doc: str
    bureau: str | None = None
    sections_total: int
    sections_covered: int
    key_indicators: int
    key_included: int
    figures: int
    faithful: int
    source_chars: int
    summary_chars: int
    clean: bool
    seconds: float = 0.0

    @property
    def section_coverage(self) -> float:
        return self.sections_covered / self.sections_total if self.sections_total else 1.0

    @property
    def key_coverage(self) -> float | None:
        return self.key_included / self.key_indicators if self.key_indicators else None

    @property
    def faithfulness(self) -> float | None:
        return self.faithful / self.figures if self.figures else None

    @property
    def compression(self) -> float:
        return self.summary_chars / self.source_chars if self.source_chars else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            **self.model_dump(),
            "section_coverage": self.section_coverage,
            "key_coverage": self.key_coverage,
            "faithfulness": self.faithfulness,
            "compression": self.compression,
        }


class SummaryEvalReport(BaseModel):
    length: str
    documents: list[SummaryScores] = Field(default_factory=list)

    @property
    def section_coverage(self) -> float:
        total = sum(d.sections_total for d in self.documents)
        return sum(d.sections_covered for d in self.documents) / total if total else 1.0

    @property
    def key_coverage(self) -> float | None:
        total = sum(d.key_indicators for d in self.documents)
        return sum(d.key_included for d in self.documents) / total if total else None

    @property
    def faithfulness(self) -> float | None:
        total = sum(d.figures for d in self.documents)
        return sum(d.faithful for d in self.documents) / total if total else None

    def as_dict(self) -> dict[str, object]:
        return {
            "length": self.length,
            "section_coverage": self.section_coverage,
            "key_coverage": self.key_coverage,
            "faithfulness": self.faithfulness,
            "documents": [d.as_dict() for d in self.documents],
        }


def key_groups(catalog: Catalog, ref: str) -> list[LedgerRow]:
    """The document's key indicators, as ledger rows (one per sentence and metric)."""
    data = load_document(catalog, ref)
    role_of = {cid: ex.section_role(s.path) for s in data.sections for cid in s.chunk_ids}
    return [g for g in group_ledger(data.ledger) if g.chunk_id in role_of and ex.is_key(g, role_of[g.chunk_id])]


def score_summary(summary: ReportSummary, keys: list[LedgerRow]) -> SummaryScores:
    """Pure scoring of one summary against its document's key indicators."""
    shown_rows = {(r.citation.quote, r.metric) for r in summary.indicators}
    quoted = {c.quote: line.text for line in summary.lines() for c in line.citations}
    included = 0
    for key in keys:
        surfaces = [f.surface for f in key.figures if f.status is FigureStatus.CLEAN]
        in_line = any(key.sentence.startswith(q) and all(s in text for s in surfaces) for q, text in quoted.items())
        included += (key.sentence, key.metric) in shown_rows or in_line
    verdicts = summary.all_verdicts()
    return SummaryScores(
        doc=summary.file_name,
        bureau=summary.bureau,
        sections_total=len(summary.sections_total),
        sections_covered=len(summary.sections_covered),
        key_indicators=len(keys),
        key_included=included,
        figures=len(verdicts),
        faithful=sum(v.label in _GOOD for v in verdicts),
        source_chars=summary.source_chars,
        summary_chars=summary.summary_chars,
        clean=summary.clean,
    )


def evaluate_summaries(catalog: Catalog, *, length: Length = "normal") -> SummaryEvalReport:
    """Summarise every stored document offline and score it."""
    report = SummaryEvalReport(length=length)
    for document in catalog.list_documents():
        started = time.perf_counter()
        summary = summarize(catalog, document.doc_id, length=length)
        seconds = time.perf_counter() - started
        scores = score_summary(summary, key_groups(catalog, document.doc_id))
        report.documents.append(scores.model_copy(update={"seconds": seconds}))
        log.info("summary eval %s: %.0f%% sections", document.file_name, 100 * scores.section_coverage)
    return report
