"""Figures a text computes from the sources, within the rounding the text states, each with its formula.

* sums of listed parts (国家级4家 + 省级15家 = 19家), in the sources or in the text itself (省级2家、市级5家，共7家);
* last year's value from this year's and its change (1.84% − 0.4个百分点 = 1.44%; 38.9亿元 ÷ (1 + 15.7%));
* differences and percentage-point differences between this period and 去年同期;
* shares and growth rates from two amounts of one sentence (2.1亿元 ÷ 35亿元 = 6%);
* the target a completion rate implies (完成12家、完成率60% → 目标20家; 11.4亿元 ÷ 45.6% = 25亿元).

The search is bounded: only figures of one source sentence are combined, at most three at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import combinations, permutations

from scribe.lexicon.numerals import format_number
from scribe.models import Figure, FigureKind, FigureStatus, Modality

from .metric import MetricIndex
from .tolerance import step_of, values_agree

_PART_SPLIT_RE = re.compile(r"和|与|及|以及|、|加上|合计|共计|总计|共")
_PART_MATCH = 0.6
_TOTAL_CUE_RE = re.compile(r"(?:共计|合计|总计|一共|总共|共|累计|总数)[^，,；;。]{0,12}$")
_AMOUNT_KINDS = (FigureKind.COUNT, FigureKind.AMOUNT, FigureKind.OTHER)
_EPS = 1e-9

Derivation = tuple[Figure, str]  # the source figure the result is anchored on, and the formula


def _parts(metric: str) -> list[str]:
    return [p for p in _PART_SPLIT_RE.split(metric) if len(p) >= 2]


def _best_part(parts: list[str], fig: Figure, index: MetricIndex) -> str:
    return max(parts, key=lambda p: index.similarity(p, fig.metric))


def agrees_rounded(claim: Figure, value: float) -> bool:
    """A computed value against the claim: within the claim's hedge, or rounding to what the claim writes."""
    if claim.value is None:
        return False
    if claim.qualifier:
        pseudo = claim.model_copy(update={"value": value, "qualifier": None, "value_high": None})
        return values_agree(claim, pseudo)
    return abs(claim.value - value) <= 0.5 * step_of(claim) + _EPS * max(1.0, abs(value))


def _unit_label(fig: Figure) -> str:
    return "%" if fig.unit == "%" else ""


def find_sum(claim: Figure, candidates: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """A sum of 2-3 same-unit source figures from one sentence, each named by a part of the claim."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS:
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
                    return combo[0], f"{text} = {format_number(total / claim.scale)}"
    return None


def find_listed_sum(claim: Figure, parts: Sequence[Figure]) -> str | None:
    """共7家 in a text right after its own 省级2家、市级5家: the total of the consecutive parts before it."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or not _TOTAL_CUE_RE.search(claim.sentence[:200]):
        return None
    same = [p for p in parts if p.sentence == claim.sentence and p.unit == claim.unit and p.value is not None]
    same = [p for p in same if p.end <= claim.start]
    for size in range(len(same), 1, -1):
        combo = same[-size:]
        total = sum(p.value or 0.0 for p in combo)
        if agrees_rounded(claim, total):
            return " + ".join(p.surface for p in combo) + f" = {format_number(total / claim.scale)}"
    return None


def find_baseline(claim: Figure, candidates: Sequence[Figure], index: MetricIndex) -> Derivation | None:
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
            if agrees_rounded(claim, round(base, 6)):
                return share, f"{share.surface} − {change.surface} = {format_number(base)}%"
    return None


def _by_sentence(figs: Sequence[Figure]) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {}
    for f in figs:
        if f.status is FigureStatus.CLEAN and f.value is not None:
            out.setdefault(f.sentence, []).append(f)
    return out


def _is_last_year(fig: Figure) -> bool:
    return fig.period == "去年同期"


def find_completion_target(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """The target a completion rate implies: 完成11.4亿元、完成全年目标的45.6% → 目标 11.4 ÷ 45.6% = 25亿元."""
    if claim.value is None or claim.unit in ("%", "个百分点", "rank", "ratio") or claim.modality is not Modality.TARGET:
        return None
    for figs in _by_sentence(related).values():
        rates = [f for f in figs if f.unit == "%" and (f.kind is FigureKind.COMPLETION or "目标" in f.sentence)]
        for rate in rates:
            done = [
                f
                for f in figs
                if (f.unit == claim.unit or (f.unit == "" and claim.kind is FigureKind.COUNT))
                and f.start < rate.start
                and f.modality is Modality.ACHIEVED
            ]
            if not done or not rate.value:
                continue
            amount = done[-1]
            target = (amount.value or 0.0) / (rate.value / 100)
            if agrees_rounded(claim, target):
                formula = f"{amount.surface} ÷ {rate.surface} = {format_number(target / claim.scale)}"
                return amount, formula
    return None


def _pairs(related: Sequence[Figure], unit_ok: Callable[[Figure], bool]) -> list[tuple[Figure, Figure]]:
    out = []
    for figs in _by_sentence(related).values():
        usable = [f for f in figs if unit_ok(f)]
        out.extend(permutations(usable[:8], 2))
    return out


def find_ratio(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """A share or growth rate from two amounts of one sentence: 2.1亿元 ÷ 35亿元; (A ÷ 去年同期B − 1)."""
    if claim.value is None or claim.unit != "%" or claim.kind not in (FigureKind.SHARE, FigureKind.GROWTH):
        return None
    for a, b in _pairs(related, lambda f: f.kind in (FigureKind.AMOUNT, FigureKind.COUNT) and f.unit not in ("%", "")):
        if a.unit != b.unit or not b.value or a.metric == b.metric and a.value == b.value:
            continue
        if claim.kind is FigureKind.GROWTH:
            if not _is_last_year(b) or _is_last_year(a):
                continue
            value = ((a.value or 0.0) / b.value - 1) * 100
            formula = f"({a.surface} ÷ 去年同期{b.surface} − 1) = {format_number(value)}%"
        else:
            if _is_last_year(a) != _is_last_year(b) or abs(a.value or 0.0) >= abs(b.value):
                continue
            value = (a.value or 0.0) / b.value * 100
            formula = f"{a.metric}{a.surface} ÷ {b.metric}{b.surface} = {format_number(value)}%"
        if agrees_rounded(claim, value):
            return a, formula
    return None


def find_difference(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """This period minus 去年同期: an increase in 亿元 / 家, or in 个百分点 between two shares."""
    if claim.value is None or claim.unit in ("rank", "ratio", "%"):
        return None
    want = "%" if claim.unit == "个百分点" else claim.unit
    for a, b in _pairs(related, lambda f: f.unit == want):
        if _is_last_year(a) or not _is_last_year(b):
            continue
        diff = (a.value or 0.0) - (b.value or 0.0)
        if agrees_rounded(claim, diff) or agrees_rounded(claim, -diff):
            unit = "个百分点" if want == "%" else ""
            return a, f"{a.surface} − 去年同期{b.surface} = {format_number(diff / (1 if want == '%' else claim.scale))}{unit}"
    return None


def find_last_year_amount(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """去年同期 amount from this period's and its growth: 38.9亿元 ÷ (1 + 15.7%)."""
    if claim.value is None or not _is_last_year(claim) or claim.unit in ("%", "个百分点", "rank", "ratio"):
        return None
    for figs in _by_sentence(related).values():
        for amount in (f for f in figs if f.unit == claim.unit and not _is_last_year(f)):
            growth = next((g for g in figs if g.kind is FigureKind.GROWTH and g.unit == "%" and g.start > amount.start), None)
            if growth is None or growth.value is None or growth.value <= -100:
                continue
            base = (amount.value or 0.0) / (1 + growth.value / 100)
            if agrees_rounded(claim, base):
                return amount, f"{amount.surface} ÷ (1 + {growth.surface}) = {format_number(base / claim.scale)}"
    return None


def derive(
    claim: Figure,
    same_context: Sequence[Figure],
    other_context: Sequence[Figure],
    related: Sequence[Figure],
    index: MetricIndex,
) -> Derivation | None:
    """The first derivation that yields the claim's figure, or None."""
    return (
        find_sum(claim, same_context, index)
        or find_baseline(claim, other_context, index)
        or find_completion_target(claim, related)
        or find_ratio(claim, related)
        or find_difference(claim, related)
        or find_last_year_amount(claim, related)
    )
