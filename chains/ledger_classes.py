"""The figure ledger as a reader sees it: each figure named by its dictionary indicator, or classed apart.

A ledger row whose metric measures a dictionary indicator (``scribe.lexicon.indicators.indicator_of``) is shown
under the indicator's name (level + scope + canonical name: 省级新型研发机构, 规上工业研发费用); every other figure
is classed by what it counts (党建, 活动与会议, 服务与惠及, 目标与任务, 其他) and hidden unless asked for. The app's
指标 page and ``scribe eval ledger`` read the ledger through :func:`ledger_entries`, so what the page shows is what
is measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scribe.lexicon.indicators import indicator_of, other_class
from scribe.models import Document

INDICATOR_ROW = "指标"
OTHER_ROW = "其他数字"  # activity and meeting counts, party building, named companies: not indicators


@dataclass(frozen=True)
class LedgerEntry:
    """One figure of the ledger, as the ledger page shows it."""

    bureau: str
    period: str
    name: str  # the indicator's name, or the metric as written for other figures
    surface: str
    value: float | None
    unit: str
    kind: str
    target: bool
    indicator: bool
    other_class: str | None  # what a figure that is no indicator counts
    metric: str  # as written
    sentence: str
    file_name: str
    doc_id: str
    ocr: bool = False  # read from a scan by OCR: check against the original


def ledger_entries(rows: Sequence[dict[str, object]], docs: Sequence[Document]) -> list[LedgerEntry]:
    """The ledger's figures (placeholders left out), each once: overlapping chunks store a sentence twice."""
    by_id = {d.doc_id: d for d in docs}
    out: list[LedgerEntry] = []
    seen: set[tuple[str, str, str, str, str]] = set()
    for r in rows:
        if r.get("status") == "placeholder":
            continue
        doc = by_id.get(str(r.get("doc_id")))
        metric = str(r.get("metric") or "")
        match = indicator_of(metric) if metric else None
        bureau = str(r.get("bureau") or (doc.meta.bureau if doc else None) or (doc.file_name if doc else "（未识别）"))
        period = str(r.get("period") or (doc.meta.period if doc else "") or "")
        surface = str(r.get("surface") or "")
        sentence = str(r.get("sentence") or "")
        key = (bureau, period, metric, surface, sentence)
        if key in seen:
            continue
        seen.add(key)
        raw = r.get("value")
        out.append(
            LedgerEntry(
                bureau=bureau,
                period=period,
                name=match.label if match else metric,
                surface=surface,
                value=float(raw) if isinstance(raw, int | float) else None,
                unit=str(r.get("unit") or ""),
                kind=str(r.get("kind")),
                target=r.get("modality") == "target",
                indicator=match is not None,
                other_class=None if match else other_class(metric),
                metric=metric,
                sentence=sentence,
                file_name=doc.file_name if doc else str(r.get("doc_id")),
                doc_id=str(r.get("doc_id")),
                ocr=bool(r.get("ocr")),
            )
        )
    return out
