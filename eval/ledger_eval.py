"""How much of the figure ledger the indicator dictionary names: the ledger page's default view, measured.

The 指标 page shows the figures that measure a dictionary indicator and hides the rest, classed by what they count
(:mod:`chains.ledger_classes`). This module counts both over a store: the share of all ledger figures the
dictionary names (what the default view keeps), the classes of the rest, and the metrics left in 其他 most often —
the candidates for the dictionary. ``scribe eval ledger`` prints it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from chains.ledger_classes import LedgerEntry, ledger_entries
from vectorstore.catalog import Catalog


@dataclass
class LedgerStats:
    rows: int
    indicators: int
    shown_indicators: int  # rows the page shows by default that are dictionary indicators
    shown: int  # rows the page shows by default
    classes: dict[str, int] = field(default_factory=dict)  # other figures by class
    unclassed: list[tuple[str, int]] = field(default_factory=list)  # metrics of 其他, most frequent first
    by_document: dict[str, tuple[int, int]] = field(default_factory=dict)  # file → (indicators, rows)

    @property
    def indicator_share(self) -> float:
        """Share of all ledger figures that measure a dictionary indicator."""
        return self.indicators / self.rows if self.rows else 1.0

    @property
    def shown_share(self) -> float:
        """Share of the rows shown by default that are dictionary indicators."""
        return self.shown_indicators / self.shown if self.shown else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "indicators": self.indicators,
            "indicator_share": round(self.indicator_share, 4),
            "shown": self.shown,
            "shown_share": round(self.shown_share, 4),
            "classes": self.classes,
            "unclassed": self.unclassed,
            "by_document": {k: {"indicators": a, "rows": b} for k, (a, b) in self.by_document.items()},
        }


def shown_by_default(entry: LedgerEntry) -> bool:
    """What the 指标 page lists before anyone ticks 显示其他数字."""
    return entry.indicator


def ledger_stats(catalog: Catalog, *, top: int = 30) -> LedgerStats:
    entries = ledger_entries(catalog.figure_rows(), catalog.list_documents())
    return stats_of(entries, top=top)


def stats_of(entries: list[LedgerEntry], *, top: int = 30) -> LedgerStats:
    shown = [e for e in entries if shown_by_default(e)]
    classes = Counter(e.other_class or "" for e in entries if not e.indicator)
    unclassed = Counter(e.metric for e in entries if not e.indicator and e.other_class == "其他")
    by_doc: dict[str, list[int]] = {}
    for e in entries:
        counts = by_doc.setdefault(e.file_name, [0, 0])
        counts[0] += int(e.indicator)
        counts[1] += 1
    return LedgerStats(
        rows=len(entries),
        indicators=sum(1 for e in entries if e.indicator),
        shown_indicators=sum(1 for e in shown if e.indicator),
        shown=len(shown),
        classes=dict(classes.most_common()),
        unclassed=unclassed.most_common(top),
        by_document={k: (a, b) for k, (a, b) in sorted(by_doc.items())},
    )
