"""The figure ledger grouped by statement: the figures one sentence states about one metric, in one row.

A growth, rank or completion figure joins the amount stated for the same metric in the same sentence
(研发投入 8.6亿元、增长 18%): :func:`group_ledger` gives one :class:`LedgerRow` per statement, and
:func:`cells` lays a row's figures out as value / growth / completion / rank. The summary's indicator table
and the cross-bureau comparison both read the ledger through these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scribe.lexicon.indicators import COMPLETION_WORDS, GROWTH_WORDS, RANK_WORDS, RISE_WORDS, alternatives
from scribe.models import Figure, FigureKind, FigureStatus

_SUFFIX_RE = re.compile(rf"(?:{alternatives(GROWTH_WORDS, RISE_WORDS, COMPLETION_WORDS, RANK_WORDS)})$")


@dataclass
class LedgerRow:
    """Figures of the ledger stated in one sentence about one metric."""

    doc_id: str
    chunk_id: str
    sentence: str
    metric: str
    period: str | None
    bureau: str | None
    figures: list[Figure] = field(default_factory=list)

    def identity(self) -> tuple[str, str, tuple[str, ...]]:
        return self.doc_id, self.metric, tuple(f.surface for f in self.figures)


def base_metric(metric: str) -> str:
    return _SUFFIX_RE.sub("", metric) or metric


def group_ledger(rows: Iterable[dict[str, object]]) -> list[LedgerRow]:
    """Ledger rows grouped by (document, sentence, metric without 增速/排名/完成率), in ledger order."""
    grouped: dict[tuple[str, str, str], LedgerRow] = {}
    for row in rows:
        fig = Figure.model_validate_json(str(row["data"]))
        key = (str(row["doc_id"]), fig.sentence, base_metric(fig.metric))  # overlapping chunks: counted once
        if key in grouped and grouped[key].chunk_id != row["chunk_id"]:
            continue
        if key not in grouped:
            period = fig.period or (str(row["period"]) if row["period"] else None)
            bureau = str(row["bureau"]) if row["bureau"] else None
            grouped[key] = LedgerRow(key[0], str(row["chunk_id"]), fig.sentence, key[2], period, bureau)
        grouped[key].figures.append(fig)
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    out: list[LedgerRow] = []
    for group in grouped.values():  # a sentence cut differently by two overlapping chunks: the same statement
        if group.identity() not in seen:
            seen.add(group.identity())
            out.append(group)
    return out


def cells(figures: Sequence[Figure]) -> dict[str, str | None]:
    """value / growth / completion / rank cells of one row, as the source writes them."""
    out: dict[str, str | None] = {"value": None, "growth": None, "completion": None, "rank": None}
    for fig in figures:
        if fig.status is not FigureStatus.CLEAN:
            continue
        if fig.kind is FigureKind.RANK:
            slot, text = "rank", f"{fig.area or ''}{fig.surface}{'（预计）' if fig.estimated else ''}"
        elif fig.kind in (FigureKind.GROWTH, FigureKind.CHANGE):
            slot, text = "growth", fig.surface
        elif fig.kind is FigureKind.COMPLETION:
            slot, text = "completion", fig.surface
        else:
            slot, text = "value", fig.surface
        if out[slot] is None:
            out[slot] = text
    return out
