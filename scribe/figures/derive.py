"""Figures a text computes from the sources: sums (4家 + 15家 = 19家) and last year's share
from this year's share and its change in 个百分点 (1.84% - 0.4个百分点 = 1.44%).

The search is bounded: only source figures in the same sentence are combined, at most three.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from scribe.lexicon.numerals import format_number
from scribe.models import Figure, FigureKind, FigureStatus

from .metric import MetricIndex
from .tolerance import values_agree

_PART_SPLIT_RE = re.compile(r"和|与|及|以及|、|加上|合计|共计|总计|共")
_PART_MATCH = 0.6


def _parts(metric: str) -> list[str]:
    return [p for p in _PART_SPLIT_RE.split(metric) if len(p) >= 2]


def _best_part(parts: list[str], fig: Figure, index: MetricIndex) -> str:
    return max(parts, key=lambda p: index.similarity(p, fig.metric))


def find_sum(
    claim: Figure, candidates: Sequence[Figure], index: MetricIndex
) -> tuple[Figure, list[Figure], str] | None:
    """A sum of 2-3 same-unit source figures from one sentence, each named by a part of the claim."""
    if claim.value is None or claim.kind not in (FigureKind.COUNT, FigureKind.AMOUNT, FigureKind.OTHER):
        return None
    parts = _parts(claim.metric)
    if len(parts) < 2:
        return None
    by_sentence: dict[str, list[Figure]] = {}
    for fig in candidates:
        if fig.status is FigureStatus.CLEAN and fig.unit == claim.unit and fig.value is not None:
            by_sentence.setdefault(fig.sentence, []).append(fig)
    for figs in by_sentence.values():
        named = [f for f in figs if max(index.similarity(p, f.metric) for p in parts) >= _PART_MATCH]
        for size in (2, 3):
            for combo in combinations(named[:8], size):
                total = sum(f.value or 0.0 for f in combo)
                pseudo = combo[0].model_copy(update={"value": total, "qualifier": None, "decimals": claim.decimals})
                if values_agree(claim, pseudo):
                    covered = {_best_part(parts, f, index) for f in combo}
                    if len(covered) < size:
                        continue
                    text = " + ".join(f"{f.metric}{f.surface}" for f in combo)
                    return combo[0], list(combo), f"{text} = {format_number(total / claim.scale)}"
    return None


def find_baseline(claim: Figure, candidates: Sequence[Figure], index: MetricIndex) -> tuple[Figure, str] | None:
    """去年同期 share = current share - change in 个百分点, both stated in one source sentence."""
    if claim.period != "去年同期" or claim.unit != "%" or claim.value is None:
        return None
    shares = [f for f in candidates if f.unit == "%" and f.period != "去年同期" and f.value is not None]
    changes = [f for f in candidates if f.unit == "个百分点" and f.value is not None]
    for share in shares:
        if index.similarity(claim.metric, share.metric) < _PART_MATCH:
            continue
        for change in changes:
            if change.sentence != share.sentence or change.start < share.start:
                continue
            base = (share.value or 0.0) - (change.value or 0.0)
            pseudo = share.model_copy(update={"value": round(base, 6), "qualifier": None})
            if values_agree(claim, pseudo):
                return share, f"{share.surface} − {change.surface} = {format_number(base)}%"
    return None
