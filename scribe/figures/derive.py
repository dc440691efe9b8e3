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
from collections.abc import Callable, Iterator, Sequence
from itertools import combinations, pairwise, permutations

from scribe.lexicon.hedges import (
    GAP_CUE_RE,
    TIMES_GROWTH_RE,
    TIMES_OF_RE,
    excess_before_completion,
    excess_subject,
    measured_against_target,
)
from scribe.lexicon.indicators import other_indicators
from scribe.lexicon.numerals import format_number, to_simplified
from scribe.lexicon.periods import (
    CHANGE_OVER_PRIOR_RE,
    PRIOR_CUE_RE,
    SHARE_OF_PRIOR_RE,
    parse_period,
    periods_compatible,
    prior_to,
)
from scribe.lexicon.phrases import batch_count, batch_starts, compared_base, names_base
from scribe.lexicon.places import strip_places
from scribe.lexicon.sentences import BREAKDOWN_LEADS
from scribe.lexicon.totals import complement_cued, listed_part_keys, remainder_cued, split_parts, total_cued
from scribe.models import Figure, FigureKind, FigureStatus, Modality

from .metric import MetricIndex, bigrams, clean_segment, strip_growth_words
from .tokens import is_word_share
from .tolerance import step_of, values_agree

_PART_MATCH = 0.6
# 由年初的58%提高到64%: the words between a starting value and the value it moved to.
# 从2023年的85家增至2024年的97家: the year the end value is of may stand between.
FROM_TO_RE = re.compile(
    r"[^，,；;。]{0,8}?(?:提高|提升|增长|增加|上升|下降|降低|减少|回落|扩大|缩小|增|减|升|降)(?:到|至)"
    r"(?:\s?\d{4}年(?:底|末)?的?)?$"
)
FROM_RE = re.compile(r"(?:由|从)[^，,；;。]{0,10}$")
# 超出年度目标2.6亿元 / 超额完成任务3家: how far a result went past its target (result minus target).
_EXCESS_CUE_RE = re.compile(r"(?:超出|超过|超额完成|高出)[^，,；;。\d]{0,8}(?:目标|任务|计划)[^，,；;。\d]{0,4}$")
_AMOUNT_KINDS = (FigureKind.COUNT, FigureKind.AMOUNT, FigureKind.OTHER)
_EPS = 1e-9

Derivation = tuple[Figure, str]  # the source figure the result is anchored on, and the formula


def _parts(metric: str) -> list[str]:
    return [p for p in split_parts(metric) if len(p) >= 2]


def before(fig: Figure) -> str:
    """The words of the figure's sentence before it (its clause and the clauses before)."""
    sentence, pos = fig.sentence, fig.sentence.find(fig.surface)
    while pos > 0 and (sentence[pos - 1].isdigit() or sentence[pos - 1] == "."):  # 400万元 is not inside 2400万元
        pos = sentence.find(fig.surface, pos + 1)
    return to_simplified(sentence[:pos] if pos >= 0 else sentence)  # 完成年度目標的 reads as 完成年度目标的


def _claim_parts(claim: Figure) -> list[list[str]]:
    """The parts a total names, each in the forms it may be read: 雏鹰、瞪羚企业合计 → [[…雏鹰, 雏鹰企业], [瞪羚企业]],
    省级和市级研发中心合计 → [[省级, 省级研发中心], [市级研发中心]] (the parts may share the last one's head noun, after a
    qualifier as long as their own; the first may carry the sentence's opening words)."""
    clause = re.split(r"[，,；;。：:]", before(claim))[-1]
    parts: list[str] = []
    if total_cued(clause) and not re.search(r"\d", clause):  # names joined by 、 before 合计 / 共
        parts = [p for p in (clean_segment(p) for p in split_parts(clause)) if len(p) >= 2]
    if len(parts) < 2:
        parts = _parts(claim.metric)
    last = parts[-1] if parts else ""
    forms = []
    for p in parts:
        variants = [p]
        for cut in (2, 3, 4):
            if len(last) > 2 and len(p) >= cut:
                variants.append(p[-cut:] + last[-2:])  # 雏鹰 + 企业
        for cut in (2, 3):
            if p is not last and len(p) >= cut and len(last) > cut + 1:
                variants.append(
                    p[-cut:] + last[cut:]
                )  # 省级和市级工程中心: 省级 + 工程中心, as 市级 is 市级 + 工程中心
        forms.append(variants)
    return forms


def _part_score(forms: list[str], fig: Figure, index: MetricIndex) -> float:
    return max(index.similarity(p, fig.metric) for p in forms)


def _best_part(parts: list[list[str]], fig: Figure, index: MetricIndex) -> int:
    return max(range(len(parts)), key=lambda i: _part_score(parts[i], fig, index))


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
    parts = _claim_parts(claim)
    if len(parts) < 2:
        return None
    by_sentence: dict[str, list[Figure]] = {}
    for fig in candidates:
        if fig.status is FigureStatus.CLEAN and fig.unit == claim.unit and fig.value is not None:
            by_sentence.setdefault(fig.sentence, []).append(fig)
    for figs in by_sentence.values():
        named = [f for f in figs if max(_part_score(forms, f, index) for forms in parts) >= _PART_MATCH]
        for size in (2, 3):
            for combo in combinations(named[:8], size):
                total = sum(f.value or 0.0 for f in combo)
                pseudo = combo[0].model_copy(update={"value": total, "qualifier": None, "decimals": claim.decimals})
                if values_agree(claim, pseudo):
                    covered = {_best_part(parts, f, index) for f in combo}
                    respective = "分别" in combo[0].sentence and len({f.metric for f in combo}) == 1
                    if len(covered) < size and not respective:  # 分别达到6家、51家: one metric, parts in order
                        continue
                    text = " + ".join(f"{f.metric}{f.surface}" for f in combo)
                    return combo[0], f"{text} = {format_number(total / claim.scale)}"
    return None


_COLUMN_MAX = 30  # figures of one metric a column total may run over


def find_column_total(claim: Figure, related: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """合计755家 over a table's rows (岳阳经开区…312家 / 汨罗市…186家 / …): the total of consecutive figures of one
    metric, each from a sentence of its own, in source order."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or not total_cued(before(claim)):
        return None
    by_metric: dict[str, list[Figure]] = {}
    for f in related:
        if f.status is FigureStatus.CLEAN and f.unit == claim.unit and f.value is not None:
            by_metric.setdefault(f.metric, []).append(f)
    for metric, figs in by_metric.items():
        if len(figs) < 2 or index.similarity(claim.metric, metric) < _PART_MATCH:
            continue
        figs = figs[:_COLUMN_MAX]
        for i in range(len(figs)):
            total = figs[i].value or 0.0
            for j in range(i + 1, len(figs)):
                if figs[j].sentence == figs[j - 1].sentence:
                    break  # a row per sentence: two of one sentence are another list
                total += figs[j].value or 0.0
                if agrees_rounded(claim, total):
                    text = " + ".join(f.surface for f in figs[i : j + 1])
                    return figs[i], f"{metric}：{text} = {format_number(total / claim.scale)}"
    return None


def find_batch_total(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """A total over the batches one source sentence lists: 第一批申报59家，第二批申报24家 → 两批共83家."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS:
        return None
    count = batch_count(_clause(claim))
    if not count or count < 2:
        return None
    for sentence, figs in _by_sentence(mates).items():
        starts = batch_starts(to_simplified(sentence))
        if [k for k, _ in starts] != list(range(1, count + 1)):
            continue
        ends = [pos for _, pos in starts[1:]] + [len(sentence)]
        amounts = [f for f in figs if f.unit == claim.unit and f.value is not None and f.kind in _AMOUNT_KINDS]
        parts = []
        for (_, begin), end in zip(starts, ends, strict=True):
            part = next((f for f in amounts if begin <= len(before(f)) < end), None)
            if part is None:
                break
            parts.append(part)
        if len(parts) != count:
            continue
        total = sum(p.value or 0.0 for p in parts)
        if agrees_rounded(claim, total):
            return parts[0], " + ".join(p.surface for p in parts) + f" = {format_number(total / claim.scale)}"
    return None


def find_respective_total(claim: Figure, candidates: Sequence[Figure]) -> Derivation | None:
    """合计1300万元 over a source's 金额分别为500万元、300万元、500万元: the total of one 分别 list."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or not total_cued(before(claim)):
        return None
    for sentence, figs in _by_sentence(candidates).items():
        if "分别" not in sentence:
            continue
        by_metric: dict[str, list[Figure]] = {}
        for f in figs:
            if f.unit == claim.unit:
                by_metric.setdefault(f.metric, []).append(f)
        for listed in by_metric.values():
            total = sum(f.value or 0.0 for f in listed)
            if len(listed) >= 2 and agrees_rounded(claim, total):
                text = " + ".join(f.surface for f in listed)
                return listed[0], f"{text} = {format_number(total / claim.scale)}"
    return None


def part_keys_of(claim: Figure) -> list[str]:
    """The short names of the parts the claim's total lists (empty unless it lists two or more before 合计 / 共)."""
    return listed_part_keys(_clause(claim)) if claim.kind in _AMOUNT_KINDS else []


def find_named_parts_sum(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """合计576家 over the parts the claim names, each one's figure in one source sentence: 北滘镇申报236家、容桂街道申报
    198家、大良街道申报142家, or 和平镇、定远镇…分别为48家、31家 (names before 分别, figures after it in order)."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or claim.unit in _NOT_AMOUNTS:
        return None
    keys = listed_part_keys(_clause(claim))
    if not keys:
        return None
    for sentence, figs in _by_sentence(mates).items():
        same = [f for f in figs if f.unit == claim.unit and f.kind in _AMOUNT_KINDS]
        at = to_simplified(sentence).find("分别")
        if at >= 0:
            listed = [f for f in same if len(before(f)) > at]
            names = to_simplified(sentence)[:at]
            spots = [names.find(k) for k in keys]
            if len(listed) != len(keys) or min(spots) < 0 or spots != sorted(spots):
                continue
            chosen = listed
        else:
            chosen = []
            for k in keys:
                hit = next((f for f in same if k in _clause(f) and f not in chosen), None)
                if hit is None:
                    break
                chosen.append(hit)
            if len(chosen) != len(keys):
                continue
        total = sum(f.value or 0.0 for f in chosen)
        if agrees_rounded(claim, total):
            text = " + ".join(f.surface for f in chosen)
            return chosen[0], f"{text} = {format_number(total / claim.scale)}"
    return None


def find_listed_sum(claim: Figure, parts: Sequence[Figure]) -> str | None:
    """共7家 in a text right after its own 省级2家、市级5家: the total of the consecutive parts before it."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or not total_cued(before(claim)):
        return None
    same = [p for p in parts if p.sentence == claim.sentence and p.unit == claim.unit and p.value is not None]
    same = [p for p in same if p.end <= claim.start]
    for size in range(len(same), 1, -1):
        combo = same[-size:]
        total = sum(p.value or 0.0 for p in combo)
        if agrees_rounded(claim, total):
            return " + ".join(p.surface for p in combo) + f" = {format_number(total / claim.scale)}"
    return None


def find_listed_part(claim: Figure, passing: Sequence[Figure]) -> str | None:
    """一季度放款1.36亿元 in a text whose own 二季度放款1.12亿元 and 合计2.48亿元 the sources state: a part is its total
    less the text's other parts (every one of them checked)."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS:
        return None
    same = [p for p in passing if p.sentence == claim.sentence and p.unit == claim.unit and p.value is not None]
    for total in (p for p in same if p.start > claim.start and total_cued(before(p))):
        others = [p for p in same if p.end <= total.start and p is not total]
        if not others:
            continue
        rest = (total.value or 0.0) - sum(p.value or 0.0 for p in others)
        if agrees_rounded(claim, rest):
            return f"{total.surface} − {' − '.join(p.surface for p in others)} = {format_number(rest / claim.scale)}"
    return None


_COMPLETION_CLAUSE_RE = re.compile(r"完成(?:率|进度)|完成[^，,；;。]{0,6}(?:目标|任务)")


def _is_completion(rate: Figure) -> bool:
    """完成率48% / 完成全年目标任务的45.6% / 完成年度任务的51.7%."""
    return rate.kind is FigureKind.COMPLETION or bool(_COMPLETION_CLAUSE_RE.search(_clause(rate)))


def find_listed_target(claim: Figure, parts: Sequence[Figure]) -> str | None:
    """全年目标20亿元 after the claim's own 完成9.6亿元、完成率48%: the target the rate implies."""
    if claim.value is None or claim.modality is not Modality.TARGET or claim.unit in ("%", "个百分点", "rank"):
        return None
    same = [p for p in parts if p.sentence == claim.sentence and p.end <= claim.start and p.value is not None]
    for i, rate in enumerate(same):
        if rate.unit != "%" or not _is_completion(rate) or not rate.value:
            continue
        done = [p for p in same[:i] if p.unit == claim.unit]
        if done and agrees_rounded(claim, (done[-1].value or 0.0) / (rate.value / 100)):
            target = (done[-1].value or 0.0) / (rate.value / 100)
            return f"{done[-1].surface} ÷ {rate.surface} = {format_number(target / claim.scale)}"
    return None


def find_listed_remainder(claim: Figure, parts: Sequence[Figure]) -> str | None:
    """尚未运作的12支 after the text's own 累计设立19支、其中已运作的7支: the rest of a total."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or not remainder_cued(_clause(claim)):
        return None
    same = [p for p in parts if p.sentence == claim.sentence and p.end <= claim.start and p.unit == claim.unit]
    for total, part in permutations(same, 2):
        if total.start < part.start and agrees_rounded(claim, (total.value or 0.0) - (part.value or 0.0)):
            rest = (total.value or 0.0) - (part.value or 0.0)
            return f"{total.surface} − {part.surface} = {format_number(rest / claim.scale)}"
    return None


def find_listed_ratio(claim: Figure, parts: Sequence[Figure], mates: Sequence[Figure] = ()) -> str | None:
    """七成 / 70% after the text's own 10家…7家, or after a 10家 whose source sentence counts the 7家: the share one
    figure is of another."""
    if claim.value is None or claim.unit != "%" or claim.kind is FigureKind.GROWTH:
        return None
    same = [p for p in parts if p.sentence == claim.sentence and p.end <= claim.start and p.value]
    groups = [same, *_by_sentence(mates).values()]
    for a, b in (pair for group in groups for pair in permutations(group, 2)):
        if a.unit != b.unit or a.unit in ("%", "个百分点", "rank") or abs(a.value or 0.0) >= abs(b.value or 0.0):
            continue
        value = (a.value or 0.0) / (b.value or 1.0) * 100
        if agrees_rounded(claim, value):
            return f"{a.surface} ÷ {b.surface} = {format_number(value)}%"
    return None


def find_listed_whole(claim: Figure, parts: Sequence[Figure]) -> str | None:
    """全市共3处 after the text's own 2处…占全市2/3, 固定资产投资约27.8亿元 after 0.6亿元、占固定资产投资2.16%: the
    whole a part and its share imply (part ÷ share)."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or claim.unit in ("%", "个百分点", "rank", "ratio"):
        return None
    same = [p for p in parts if p.sentence == claim.sentence and p.end <= claim.start and p.value is not None]
    for i, share in enumerate(same):
        if share.unit != "%" or share.kind is not FigureKind.SHARE or not share.value:
            continue
        part = next((p for p in reversed(same[:i]) if p.unit == claim.unit), None)
        if part is None:
            continue
        whole = (part.value or 0.0) / (share.value / 100)
        if agrees_rounded(claim, whole):
            return f"{part.surface} ÷ {share.surface} = {format_number(whole / claim.scale)}"
    return None


def find_completion_rate(claim: Figure, related: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """完成全年目标的28.4%: a result over the target the source sets for the same metric (3.38亿元 ÷ 11.9亿元)."""
    if claim.value is None or claim.unit != "%" or not _is_completion(claim):
        return None
    for a, b in _results_with_targets(related, index):
        value = (a.value or 0.0) / (b.value or 1.0) * 100
        if agrees_rounded(claim, value):
            return a, f"{a.metric}{a.surface} ÷ 目标{b.surface} = {format_number(value)}%"
    return None


_NOT_AMOUNTS = ("%", "个百分点", "rank", "")  # units of rates, changes and ranks: nothing to set against a target


def _results_with_targets(
    related: Sequence[Figure], index: MetricIndex, unit: str | None = None
) -> Iterator[tuple[Figure, Figure]]:
    """Each result amount (of ``unit``, when given) with each target of the same unit and metric, in source order
    (3.38亿元 with 目标11.9亿元, though the two sections word the metric differently)."""
    done = [f for f in related if f.modality is Modality.ACHIEVED and f.unit not in _NOT_AMOUNTS]
    goals = [f for f in related if f.modality is Modality.TARGET and f.value]
    for a in done:
        if unit is not None and a.unit != unit:
            continue
        for b in goals:
            if b.unit == a.unit and index.similarity(a.metric, b.metric) >= _SAME_GOAL:
                yield a, b


_CHANGE_UP_RE = re.compile(
    r"净增|新增|增加|提高|提升|增长|多|新建|新认定|新培育|新引进|新招引|新获批|新选派|新选聘|新聘任|新设立|新组建"
)
_CHANGE_DOWN_RE = re.compile(r"回落|下降|降低|减少|下滑")
_SAME_METRIC = 0.8
_SAME_GOAL = 0.6  # a result and a target of one metric, worded by two sections (规上 / 规模以上工业)


def _change_sign(change: Figure) -> int:
    """+1 for a rise (净增 / 提高), -1 for a fall (回落 / 下降), 0 when the clause states neither."""
    clause = _clause(change)
    up, down = _CHANGE_UP_RE.search(clause), _CHANGE_DOWN_RE.search(clause)
    if down and (not up or down.start() > up.start()):
        return -1
    return 1 if up else 0


def _is_change_of(change: Figure, level: Figure, index: MetricIndex | None) -> bool:
    if change is level or change.value is None:
        return False
    if not (change.unit == level.unit or (level.unit == "%" and change.unit == "个百分点")):
        return False
    if change.sentence == level.sentence:
        if change.start > level.start:
            return True
        return change.basis == "flow" and level.basis == "stock"  # 新增5家，累计达到62家
    # another sentence: only a change in 个百分点 of the same metric (增速较去年同期提高11.5个百分点)
    return (
        change.unit == "个百分点"
        and index is not None
        and index.similarity(change.metric, level.metric) >= _SAME_METRIC
    )


def find_prior(
    claim: Figure, related: Sequence[Figure], mates: Sequence[Figure] = (), index: MetricIndex | None = None
) -> Derivation | None:
    """A value before the source's period: this period's value minus its stated change
    (有效高企2356家、净增271家 → 上年2085家; 占比3.72%、提高0.18个百分点 → 上年3.54%; 较年初提高1.4件;
    增速12.8%、较去年同期回落2.9个百分点 → 去年同期15.7%)."""
    if claim.value is None or claim.unit in ("rank", "ratio"):
        return None
    groups = _by_sentence(list(mates) or list(related))
    changes_elsewhere = [f for f in related if f.unit == "个百分点"]
    for level in (f for f in related if f.unit == claim.unit and f.value is not None):
        if not prior_to(claim.period, level.period, before(claim)) or prior_to(level.period, None, _clause(level)):
            continue
        # a change stated elsewhere is no change of a target (达到0.73%以上 − 2024年的提高0.08个百分点)
        elsewhere = changes_elsewhere if level.modality is Modality.ACHIEVED else []
        for change in [*groups.get(level.sentence, ()), *elsewhere]:
            sign = _change_sign(change)
            if not sign or not _is_change_of(change, level, index):
                continue
            base = (level.value or 0.0) - sign * (change.value or 0.0)
            if agrees_rounded(claim, base):
                op = "−" if sign > 0 else "+"
                unit = "%" if claim.unit == "%" else ""
                return level, f"{level.surface} {op} {change.surface} = {format_number(base / claim.scale)}{unit}"
    return None


_PER_UNIT_RE = re.compile(r"(?:平均|户均|人均|家均|每家|每项|每个|每户|每人|每次|每场|场均|次均)[^，,；;。]{0,8}$")


def find_per_unit(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """An average the claim computes from an amount and a count of one sentence: 7.6亿元 ÷ 152家 = 500万元; of two
    counts in other units: 研究事项51个 ÷ 会议7次 = 平均每次7个."""
    if claim.value is None or claim.kind not in (FigureKind.AMOUNT, FigureKind.COUNT):
        return None
    if not _PER_UNIT_RE.search(before(claim)):
        return None
    for figs in _by_sentence(mates).values():
        for amount in (f for f in figs if f.unit == claim.unit and f.value):
            for count in (
                f for f in figs if f.kind is FigureKind.COUNT and f.value and f is not amount and f.unit != claim.unit
            ):
                value = (amount.value or 0.0) / (count.value or 1.0)
                if agrees_rounded(claim, value):
                    return amount, f"{amount.surface} ÷ {count.surface} = {format_number(value / claim.scale)}"
    return None


def _clause(fig: Figure) -> str:
    return re.split(r"[，,；;。]", before(fig))[-1]


def _gap_sign(claim: Figure) -> int:
    """+1 for what is left to a target (还需 / 还差), -1 for how far a result passed it (超出目标), 0 for neither."""
    clause = _clause(claim)
    if GAP_CUE_RE.search(clause):
        return 1
    return -1 if _EXCESS_CUE_RE.search(clause) else 0


def has_gap_cue(claim: Figure) -> bool:
    """还需 / 还差 / 超出目标 before the figure: it states a distance to a target."""
    return _gap_sign(claim) != 0


def find_gap(claim: Figure, related: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """还需完成18.5亿元 / 超出年度目标2.6亿元: what is left to a stated target (target minus the result of the same
    metric), or how far the result passed it."""
    sign = _gap_sign(claim)
    if claim.value is None or claim.unit in _NOT_AMOUNTS or not sign:
        return None
    for a, b in _results_with_targets(related, index, unit=claim.unit):
        gap = sign * ((b.value or 0.0) - (a.value or 0.0))
        if a.value is not None and agrees_rounded(claim, gap):
            if sign > 0:
                return a, f"目标{b.surface} − {a.metric}{a.surface} = {format_number(gap / claim.scale)}"
            return a, f"{a.metric}{a.surface} − 目标{b.surface} = {format_number(gap / claim.scale)}"
    return None


def find_excess_share(claim: Figure, related: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """超额完成年度目标近两成: how far past its target a result went, as a share of the target (完成率113.9% − 100%,
    or 1186家 ÷ 目标1000家 − 1)."""
    if claim.value is None or claim.unit != "%":
        return None
    if not (
        _EXCESS_CUE_RE.search(_clause(claim))
        or excess_subject(before(claim)) is not None
        or excess_before_completion(before(claim), _after(claim))
    ):
        return None
    for rate in (f for f in related if f.unit == "%" and _is_completion(f) and (f.value or 0.0) > 100):
        if agrees_rounded(claim, (rate.value or 0.0) - 100):
            return rate, f"{rate.surface} − 100% = {format_number((rate.value or 0.0) - 100)}%"
    for a, b in _results_with_targets(related, index):
        value = ((a.value or 0.0) / (b.value or 1.0) - 1) * 100
        if value > 0 and agrees_rounded(claim, value):
            return a, f"{a.metric}{a.surface} ÷ 目标{b.surface} − 1 = {format_number(value)}%"
    return None


def find_listed_gap(claim: Figure, parts: Sequence[Figure], mates: Sequence[Figure] = ()) -> str | None:
    """还差23.3亿元 after the text's own 完成21.7亿元…距45亿元的目标: its target minus a result, the result from the
    text or from the sentence its target was read from (the claim states the target, the source the result)."""
    sign = _gap_sign(claim)
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or claim.unit in ("%", "rank", "") or not sign:
        return None
    same = [p for p in parts if p.sentence == claim.sentence and p.end <= claim.start and p.unit == claim.unit]
    goals = [p for p in same if p.modality is Modality.TARGET and p.value]
    results = [f for f in [*same, *mates] if f.unit == claim.unit and f.modality is Modality.ACHIEVED and f.value]
    for goal in goals:
        for done in results:
            gap = sign * ((goal.value or 0.0) - (done.value or 0.0))
            if agrees_rounded(claim, gap):
                a, b = (goal, done) if sign > 0 else (done, goal)
                return f"{a.surface} − {b.surface} = {format_number(gap / claim.scale)}"
    return None


_SHARE_WORD_END_RE = re.compile(r"(?:的)?(?:比重|比例|份额)$")


def _split_at_share(metric: str) -> tuple[str, str]:
    """A占B的比重 → (A, B): the part and the whole of a share's name."""
    part, _, whole = metric.partition("占")
    return part, _SHARE_WORD_END_RE.sub("", whole)


def find_complement_share(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """The rest of a whole a source share leaves: 前10家企业占全市总量的48.2% → 其余 / 前10家以外的企业占51.8%."""
    if claim.value is None or claim.unit != "%" or claim.kind is not FigureKind.SHARE:
        return None
    if not complement_cued(before(claim)):
        return None
    for share in (f for f in related if f.unit == "%" and f.kind is FigureKind.SHARE and 0 < (f.value or 0.0) < 100):
        rest = 100 - (share.value or 0.0)
        if agrees_rounded(claim, rest):
            return share, f"100% − {share.surface} = {format_number(rest)}%"
    return None


def find_named_share(claim: Figure, related: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """吸纳技术合同成交额占技术合同成交额的比重: the two amounts the claim names, from one source."""
    if claim.value is None or claim.unit != "%" or "占" not in claim.metric:
        return None
    part_a, part_b = _split_at_share(claim.metric)
    part_a = re.sub(r"^的", "", strip_places(part_a))  # 延边州的国家级科技资金: the place names no part
    amounts = [
        f for f in related if f.kind in (FigureKind.AMOUNT, FigureKind.COUNT) and f.value and f.unit not in ("%", "")
    ]
    if len(part_a) < 2 or len(part_b) < 2 or len(amounts) < 2:
        return None
    a = max(amounts, key=lambda f: index.similarity(part_a, f.metric))
    rest = [f for f in amounts if f is not a and f.unit == a.unit and f.metric != a.metric]
    if not rest or index.similarity(part_a, a.metric) < _PART_MATCH:
        return None
    b = max(rest, key=lambda f: index.similarity(part_b, f.metric))
    if index.similarity(part_b, b.metric) < _PART_MATCH or not b.value:
        return None
    value = (a.value or 0.0) / b.value * 100
    if agrees_rounded(claim, value):
        return a, f"{a.metric}{a.surface} ÷ {b.metric}{b.surface} = {format_number(value)}%"
    return None


_COMPARED_SIDES_RE = re.compile(
    r"^(?P<a>.{2,24}?)(?:比|较|高于|低于|超过|快于|慢于)(?P<b>.{2,24}?)(?:高|低|多|少|快|慢)?$"
)


# The base a level is compared with, and which way (高于全区平均2.3个百分点 / 比全市平均水平高0.61个百分点 /
# 增速较一季度回落1.6个百分点), in the clause of the change.
_COMPARED_BASE_RE = re.compile(
    r"(?P<subject>[^，,；;。]*?)(?:(?P<pre>高于|低于|快于|慢于|超过|超出)(?P<b1>[^，,；;。\d]{2,20}?)"
    r"|(?:比|较|相比)(?P<b2>[^，,；;。\d]{2,20}?)(?P<post>高出|高|低|多|少|快|慢|提高|提升|上升|增加|回落|下降|降低|减少|下滑))$"
)
_LOWER_WORD_RE = re.compile(r"低|慢|回落|下降|降低|减少|下滑")


def _named_in(words: str, claim: Figure, level: Figure) -> bool:
    """The claim names the base: a bigram of the base's words that the level's own metric lacks is in its sentence
    (全区规模工业增加值增速 in 规模工业增加值增速为8.1%, not in 高新技术产业增加值增长10.4%)."""
    own = bigrams(level.metric)
    return any(b in claim.sentence for b in bigrams(strip_growth_words(strip_places(words))) - own)


def find_compared_base(claim: Figure, related: Sequence[Figure], mates: Sequence[Figure]) -> Derivation | None:
    """The value of what a source level is compared with: 强度3.46%，比全市平均水平高0.61个百分点 → 全市平均2.85%;
    增长5.3%，增速较一季度回落1.6个百分点 → 一季度6.9% (the claim must name the base, not the level)."""
    if claim.value is None or claim.unit in ("rank", "ratio", "个百分点"):
        return None
    near = {id(f) for f in related}
    for figs in _by_sentence(mates).values():
        for i, change in enumerate(figs):
            if change.unit != ("个百分点" if claim.unit == "%" else claim.unit):
                continue
            m = _COMPARED_BASE_RE.search(_clause(change))
            level = next((f for f in reversed(figs[:i]) if f.unit == claim.unit), None)
            if m is None or level is None or not {id(level), id(change)} & near:  # the change names the base
                continue
            words = m.group("b1") or m.group("b2")
            subject = strip_growth_words(clean_segment(m.group("subject")))
            if len(subject) >= 2 and subject not in level.metric:
                continue  # 研发费用增速达到15%，高新技术产业增加值增速高于…: the clause compares a level of its own
            sign = -1 if _LOWER_WORD_RE.match(m.group("pre") or m.group("post")) else 1
            if not _named_in(words, claim, level):
                continue
            base = (level.value or 0.0) - sign * abs(change.value or 0.0)  # 回落1.6个百分点 is read as −1.6 already
            if agrees_rounded(claim, base):
                op = "−" if sign > 0 else "+"
                unit = "%" if claim.unit == "%" else ""
                shown = base if claim.unit == "%" else base / claim.scale
                return level, f"{level.surface} {op} {change.surface} = {format_number(shown)}{unit}"
    return None


def find_named_difference(claim: Figure, related: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """A gap between two figures the claim names: 研发费用增速比高新技术产业增加值增速高0.6个百分点 (17.7% − 17.1%)."""
    if claim.value is None or claim.unit in ("%", "rank", "ratio", ""):
        return None
    m = _COMPARED_SIDES_RE.match(claim.metric)
    if m is None:
        return None
    want = "%" if claim.unit == "个百分点" else claim.unit
    usable = [
        f for f in related if f.unit == want and f.value is not None and periods_compatible(claim.period, f.period)
    ]
    sides = []
    for words in (m.group("a"), m.group("b")):
        scored = [(index.similarity(words, f.metric), f) for f in usable]
        best = max(scored, key=lambda x: x[0], default=None)
        if best is None or best[0] < _SAME_GOAL:
            return None
        sides.append(best[1])
    a, b = sides
    if a is b:
        return None
    diff = (a.value or 0.0) - (b.value or 0.0)
    if agrees_rounded(claim, diff) or agrees_rounded(claim, -diff):
        unit = "个百分点" if want == "%" else ""
        scale = 1.0 if want == "%" else claim.scale
        return a, f"{a.metric}{a.surface} − {b.metric}{b.surface} = {format_number(diff / scale)}{unit}"
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
    return {sentence: sorted(group, key=lambda f: f.start) for sentence, group in out.items()}


def _is_last_year(fig: Figure) -> bool:
    return fig.period == "去年同期"


def _when(b: Figure) -> str:
    return "去年同期" if _is_last_year(b) else (b.period or "")


def _before(b: Figure, a: Figure) -> bool:
    """``b`` is the earlier value ``a`` is compared with: 去年同期, or a stated earlier year (较2022年的84.1亿元)."""
    if _is_last_year(a):
        return False
    return _is_last_year(b) or (b.period is not None and a.period is not None and prior_to(b.period, a.period))


def find_completion_target(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """The target a completion rate implies: 完成11.4亿元、完成全年目标的45.6% → 目标 11.4 ÷ 45.6% = 25亿元.

    A result of another indicator implies none of the claim's (评价入库科技型中小企业150家、完成全年目标的60% beside the
    高新技术企业 of the same sentence)."""
    if claim.value is None or claim.unit in ("%", "个百分点", "rank", "ratio") or claim.modality is not Modality.TARGET:
        return None
    for figs in _by_sentence(related).values():
        rates = [f for f in figs if f.unit == "%" and _is_completion(f) and _same_year(claim, f)]
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
            if other_indicators(claim.metric, amount.metric):
                continue
            target = (amount.value or 0.0) / (rate.value / 100)
            if agrees_rounded(claim, target):
                formula = f"{amount.surface} ÷ {rate.surface} = {format_number(target / claim.scale)}"
                return amount, formula
    return None


def _pairs(related: Sequence[Figure], unit_ok: Callable[[Figure], bool]) -> list[tuple[Figure, Figure]]:
    out: list[tuple[Figure, Figure]] = []
    for figs in _by_sentence(related).values():
        usable = [f for f in figs if unit_ok(f)]
        out.extend(permutations(usable[:8], 2))
    return out


def _share_parts(claim: Figure) -> tuple[str, str] | None:
    """The part and the whole a share's metric names (A占B), None unless it names both."""
    if "占" not in claim.metric and "中" in claim.metric:  # 技术合同成交额中技术开发合同过半: B中A
        whole, _, part = claim.metric.partition("中")
        return (part, whole) if len(part) >= 2 and len(whole) >= 2 else None
    part_a, part_b = _split_at_share(claim.metric)
    if claim.metric.endswith(("占比", "占比重")) and "中" in part_a:  # 科技奖补资金中平台奖励占比: B中A占比
        whole, _, part = part_a.partition("中")
        return (part, whole) if len(part) >= 2 and len(whole) >= 2 else None
    return (part_a, part_b) if "占" in claim.metric and len(part_a) >= 2 and len(part_b) >= 2 else None


def _years_differ(a: Figure, b: Figure) -> bool:
    ya, yb = parse_period(a.period).year, parse_period(b.period).year
    return ya is not None and yb is not None and ya != yb


_NAMED_PART_OVERLAP = 0.5  # of the shorter name's bigrams the other must share (国家级科技资金 / 国家级资金)


def _shares_words(name: str, metric: str) -> bool:
    own, theirs = bigrams(name), bigrams(metric)
    return bool(own and theirs) and len(own & theirs) >= _NAMED_PART_OVERLAP * min(len(own), len(theirs))


def find_ratio(claim: Figure, related: Sequence[Figure], mates: Sequence[Figure] = ()) -> Derivation | None:
    """A share or growth rate from two amounts of one sentence: 2.1亿元 ÷ 35亿元; (A ÷ 去年同期B − 1)."""
    if claim.value is None or claim.unit != "%":
        return None
    if is_word_share(claim.unit, claim.kind, claim.scale):
        claim = claim.model_copy(update={"kind": FigureKind.SHARE})
    if claim.kind not in (FigureKind.SHARE, FigureKind.GROWTH):
        return None
    amounts = lambda f: f.kind in (FigureKind.AMOUNT, FigureKind.COUNT) and f.unit not in ("%", "")  # noqa: E731
    pairs = _pairs(related, amounts)
    if claim.kind is FigureKind.SHARE:  # 申报1960家，通过认定1512家 → 通过率77.1%: the part may be named otherwise
        near = {id(f) for f in related}
        pairs += [(a, b) for a, b in _pairs(mates, amounts) if (id(a) in near) != (id(b) in near)]
    named = _share_parts(claim) if claim.kind is FigureKind.SHARE else None
    for a, b in pairs:
        if a.unit != b.unit or not b.value or (a.metric == b.metric and a.value == b.value):
            continue
        if named and not (_shares_words(named[0], a.metric) and _shares_words(named[1], b.metric)):
            continue  # 国家级资金占省级以上资金的三成: not 本级资金 ÷ 国家级资金, whatever their quotient
        if claim.kind is FigureKind.GROWTH:
            if not _before(b, a):
                continue
            value = ((a.value or 0.0) / b.value - 1) * 100
            formula = f"({a.surface} ÷ {_when(b)}{b.surface} − 1) = {format_number(value)}%"
        else:
            if _is_last_year(a) != _is_last_year(b) or abs(a.value or 0.0) >= abs(b.value):
                continue
            if (b.modality is Modality.TARGET) != measured_against_target(claim.metric):
                continue  # a result over its target is a completion rate, not a share; a share of a target is one
            if _years_differ(a, b):
                continue  # 2023年末168家 ÷ 2025年末236家 is no share: a part and its whole are of one year
            value = (a.value or 0.0) / b.value * 100
            formula = f"{a.metric}{a.surface} ÷ {b.metric}{b.surface} = {format_number(value)}%"
        if agrees_rounded(claim, value):
            return a, formula
    return None


_WHOLE_TIMES_SHARE = 0.05  # 2倍 unhedged is 1.9-2.1 times, not anything that rounds to 2 (1.5 is 1.5倍)


def _times_agree(claim: Figure, value: float) -> bool:
    if claim.qualifier is None and claim.decimals == 0 and claim.value:
        return abs(value - claim.value) <= _WHOLE_TIMES_SHARE * claim.value
    return agrees_rounded(claim, value)


def find_multiple(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """是2024年211.4亿元的2.3倍: the quotient of two amounts of one source sentence, or a stated 增长1.3倍 plus one;
    增长1.3倍 the quotient less one. When the claim names both sides (第一批…是第二批的2倍) the amounts are theirs."""
    if claim.unit != "倍" or claim.value is None:
        return None
    clause = _clause(claim)
    if TIMES_OF_RE.search(clause):
        offset = 0.0
    elif TIMES_GROWTH_RE.search(clause):
        offset = 1.0
    else:
        return None
    for src in mates:  # 增长1.3倍 stated: 是…的2.3倍
        stated = src.unit == "倍" and src.value is not None and TIMES_GROWTH_RE.search(_clause(src))
        if stated and offset == 0.0 and _times_agree(claim, (src.value or 0.0) + 1):
            return src, f"增长{src.surface} = {format_number((src.value or 0.0) + 1)}倍"
    sides = claim.metric.split("是", 1) if "是" in claim.metric else None
    for a, b in _pairs(mates, lambda f: f.kind in (FigureKind.AMOUNT, FigureKind.COUNT) and f.unit not in _NOT_AMOUNTS):
        if a.unit != b.unit or not b.value or a.value is None:
            continue
        named = sides is not None and len(sides[0]) >= 2 and len(sides[1]) >= 2
        if named and sides and not (_shares_words(sides[0], a.metric) and _shares_words(sides[1], b.metric)):
            continue
        value = a.value / b.value - offset
        if value > 0 and _times_agree(claim, value):
            return a, f"{a.surface} ÷ {b.surface}{' − 1' if offset else ''} = {format_number(value)}倍"
    return None


def find_difference(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """This period minus 去年同期: an increase in 亿元 / 家, or in 个百分点 between two shares."""
    if claim.value is None or claim.unit in ("rank", "ratio", "%"):
        return None
    want = "%" if claim.unit == "个百分点" else claim.unit
    for a, b in _pairs(related, lambda f: f.unit == want):
        if not _before(b, a) or not periods_compatible(claim.period, a.period):
            continue  # a change from 2023 to 2024 is 2024's
        diff = (a.value or 0.0) - (b.value or 0.0)
        if agrees_rounded(claim, diff) or agrees_rounded(claim, -diff):
            unit = "个百分点" if want == "%" else ""
            return (
                a,
                f"{a.surface} − {_when(b)}{b.surface} = {format_number(diff / (1 if want == '%' else claim.scale))}{unit}",
            )
    return None


def find_stated_change(claim: Figure, mates: Sequence[Figure]) -> Figure | None:
    """The source's own change from the base the claim names: 比上年同期多236家 for 较上年同期增加236家 (named by its
    change word alone, that figure's metric is the word, not what it changes)."""
    if claim.value is None or claim.unit in ("rank", "ratio", "%"):
        return None
    found = compared_base(_clause(claim))
    if found is None:
        return None
    base_words, sign = found
    for f in mates:
        if f.unit != claim.unit or f.status is not FigureStatus.CLEAN or not values_agree(claim, f):
            continue
        theirs = compared_base(_clause(f))
        if theirs is not None and theirs[1] == sign and names_base(theirs[0], base_words):
            return f
    return None


def find_base_difference(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """A difference from a base the claim names, both values stated by the sources: 7-10月新增182家 and 上半年新认定
    186家 → 比上半年少4家; 1-11月14.3亿元 and 上年全年11.6亿元 → 比上年全年多2.7亿元. The base's value is the one whose
    clause names the base, the subject's one whose clause does not."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or claim.unit in _NOT_AMOUNTS:
        return None
    found = compared_base(_clause(claim))
    if found is None:
        return None
    base_words, sign = found
    same = [f for f in mates if f.unit == claim.unit and f.value is not None and f.status is FigureStatus.CLEAN]
    bases = [f for f in same if names_base(_clause(f), base_words)]
    for b in bases:
        for a in same:
            if a is b or a.value == b.value or names_base(_clause(a), base_words):
                continue
            diff = (a.value or 0.0) - (b.value or 0.0)
            if sign * diff > 0 and agrees_rounded(claim, abs(diff)):
                return a, f"{a.surface} − {base_words}{b.surface} = {format_number(diff / claim.scale)}"
    return None


def find_last_year_amount(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """去年同期 amount from this period's and its growth: 38.9亿元 ÷ (1 + 15.7%)."""
    if claim.value is None or claim.unit in ("%", "个百分点", "rank", "ratio"):
        return None
    for figs in _by_sentence(related).values():
        for amount in (f for f in figs if f.unit == claim.unit and not _is_last_year(f)):
            if not prior_to(claim.period, amount.period, _clause(claim)):
                continue
            growth = next(
                (g for g in figs if g.kind is FigureKind.GROWTH and g.unit == "%" and g.start > amount.start), None
            )
            if growth is None or growth.value is None or growth.value <= -100:
                continue
            base = (amount.value or 0.0) / (1 + growth.value / 100)
            if agrees_rounded(claim, base):
                return amount, f"{amount.surface} ÷ (1 + {growth.surface}) = {format_number(base / claim.scale)}"
    return None


def find_change_from_growth(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """An amount's change over 去年同期 from this period's amount and its growth: 7.5亿元、增长25% → 比上年同期增加
    7.5亿元 − 7.5亿元 ÷ (1 + 25%) = 1.5亿元."""
    if claim.value is None or claim.unit in ("%", "个百分点", "rank", "ratio", ""):
        return None
    cue = CHANGE_OVER_PRIOR_RE.search(_clause(claim))
    if cue is None:
        return None
    sign = -1 if cue.group("down") else 1
    for figs in _by_sentence(related).values():
        for amount in (f for f in figs if f.unit == claim.unit and f.value and not _is_last_year(f)):
            growth = next(
                (g for g in figs if g.kind is FigureKind.GROWTH and g.unit == "%" and g.start > amount.start), None
            )
            if growth is None or growth.value is None or growth.value * sign <= 0:
                continue
            change = (amount.value or 0.0) - (amount.value or 0.0) / (1 + growth.value / 100)
            if agrees_rounded(claim, abs(change)):
                formula = f"{amount.surface} − {amount.surface} ÷ (1 + {growth.surface})"
                return amount, f"{formula} = {format_number(change / claim.scale)}"
    return None


def find_share_of_prior(claim: Figure, related: Sequence[Figure], index: MetricIndex) -> Derivation | None:
    """This period's amount as a share of a year before's whole, of one metric: 1-10月9.87亿元, 2025年11.2亿元 →
    已达到2025年全年的88%."""
    if claim.value is None or claim.unit != "%" or claim.kind is FigureKind.GROWTH:
        return None
    if not SHARE_OF_PRIOR_RE.search(before(claim)):
        return None
    amounts = [f for f in related if f.value and f.value > 0 and f.unit not in ("%", "个百分点", "rank", "ratio", "")]
    for a, b in permutations(amounts, 2):
        if a.unit != b.unit or not _year_before(b, a) or index.similarity(a.metric, b.metric) < _SAME_GOAL:
            continue
        value = (a.value or 0.0) / (b.value or 1.0) * 100
        if agrees_rounded(claim, value):
            return a, f"{a.surface} ÷ {_when(b)}{b.surface} = {format_number(value)}%"
    return None


def _after(fig: Figure) -> str:
    """The words of the figure's sentence right after it (up to the next clause)."""
    head = before(fig)
    rest = to_simplified(fig.sentence[len(head) + len(fig.surface) :])
    return re.split(r"[，,；;。]", rest)[0]


def _is_remainder(claim: Figure) -> bool:
    """其余12家 / 尚有6条未解决 / 除输出技术合同外的…为157.5亿元 / 5项尚未完成."""
    return remainder_cued(_clause(claim), _after(claim))


def _sentence_span(fig: Figure) -> tuple[int, int]:
    start = fig.start - len(before(fig))
    return start, start + len(fig.sentence)


def _with_breakdowns(groups: dict[str, list[Figure]]) -> list[list[Figure]]:
    """Each sentence's figures, a 其中 sentence's joined with those of the sentence it breaks down (成交额42.7亿元。其中
    高新区19.3亿元): a remainder may take its total from the one and its part from the other."""
    out = list(groups.values())
    for sentence, figs in groups.items():
        if not sentence.startswith(BREAKDOWN_LEADS):
            continue
        begin = _sentence_span(figs[0])[0]
        for other in groups.values():
            end = _sentence_span(other[0])[1]
            if other is not figs and 0 <= begin - end <= 2:
                out.append(other + figs)
    return out


def find_remainder(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """The rest of a total one source sentence splits: 发布榜单22项、完成揭榜17项 → 尚未揭榜5项;
    成交额356.2亿元，其中输出198.7亿元 → 除输出外157.5亿元."""
    if claim.value is None or claim.kind not in _AMOUNT_KINDS or not _is_remainder(claim):
        return None
    for figs in _with_breakdowns(_by_sentence(mates)):
        same = [f for f in figs if f.unit == claim.unit and f.kind in _AMOUNT_KINDS]
        for total, part in permutations(same, 2):
            if total.start >= part.start or (total.value or 0.0) <= (part.value or 0.0):
                continue
            rest = (total.value or 0.0) - (part.value or 0.0)
            if agrees_rounded(claim, rest):
                return total, f"{total.surface} − {part.surface} = {format_number(rest / claim.scale)}"
    return None


def find_from_to(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """A change between the two values one sentence moves between: 由年初的58%提高到64% → 提高6个百分点;
    由120家增加到150家 → 增加30家, 增长25%."""
    if claim.value is None or claim.unit in ("rank", "ratio"):
        return None
    for figs in _by_sentence(mates).values():
        for a, b in pairwise(figs):
            if a.unit != b.unit or a.unit in ("rank", "ratio", "个百分点"):
                continue
            head = before(b)
            between = head[len(before(a)) + len(a.surface) :]
            if not (FROM_TO_RE.fullmatch(between) and FROM_RE.search(before(a))):
                continue
            start, end = a.value or 0.0, b.value or 0.0
            if claim.unit == ("个百分点" if a.unit == "%" else a.unit):
                diff = end - start
                if agrees_rounded(claim, diff) or agrees_rounded(claim, -diff):
                    unit = "个百分点" if a.unit == "%" else ""
                    scale = 1.0 if a.unit == "%" else claim.scale
                    return b, f"{b.surface} − {a.surface} = {format_number(diff / scale)}{unit}"
            elif claim.unit == "%" and claim.kind is FigureKind.GROWTH and a.unit != "%" and start:
                rate = (end / start - 1) * 100
                if agrees_rounded(claim, rate):
                    return b, f"({b.surface} ÷ {a.surface} − 1) = {format_number(rate)}%"
    return None


def find_portion(claim: Figure, mates: Sequence[Figure]) -> Derivation | None:
    """A stated share of an amount of the same sentence: 全年登记成交额5亿元，上半年力争完成40% → 上半年2亿元."""
    if claim.value is None or claim.unit in ("%", "个百分点", "rank", "ratio", ""):
        return None
    for figs in _by_sentence(mates).values():
        for i, rate in enumerate(figs):
            if rate.unit != "%" or rate.kind is FigureKind.GROWTH or not 0 < (rate.value or 0.0) < 100:
                continue
            if "完成" not in _clause(rate) or _is_completion(rate):  # 完成全年目标的108.1% relates a result to a goal
                continue
            if claim.period and rate.period and not _same_span(claim.period, rate.period):
                continue
            goals = (f for f in figs[:i] if f.unit == claim.unit and f.value)
            for amount in (f for f in goals if Modality.TARGET in (f.modality, rate.modality)):
                value = (amount.value or 0.0) * (rate.value or 0.0) / 100
                if agrees_rounded(claim, value):
                    return amount, f"{amount.surface} × {rate.surface} = {format_number(value / claim.scale)}"
    return None


def _same_year(claim: Figure, fig: Figure) -> bool:
    """A completion rate of 2024 implies 2024's target, not 2025's."""
    a, b = parse_period(claim.period).year, parse_period(fig.period).year
    return a is None or b is None or a == b


def _same_span(a: str, b: str) -> bool:
    """上半年 and 2024年上半年 name the same months; a claim's period must be the rate's, not the total's."""
    return a in b or b in a


def _year_before(claim: Figure, fig: Figure) -> bool:
    a, b = parse_period(claim.period).year, parse_period(fig.period).year
    return a is not None and b is not None and a < b


_RANK_UP_RE = re.compile(r"前移|前进|上升|提升|提高|跃升|攀升")
_RANK_DOWN_RE = re.compile(r"后移|后退|下降|下滑|回落")


def find_prior_rank(claim: Figure, related: Sequence[Figure]) -> Derivation | None:
    """The rank before a stated move: 位次前移10位，列全国第80位 → 此前第90位 (a move forward lowers the number);
    列第11位，较上年前移4位 → 上一年度第15位."""
    if claim.unit != "rank" or claim.value is None:
        return None
    cued = bool(PRIOR_CUE_RE.search(before(claim)))
    for figs in _by_sentence(related).values():
        # 此前第90位, or the rank of a year named before the rank's own (2023年度 for 2024年度's 第11位、前移4位)
        for rank in (f for f in figs if f.unit == "rank" and (cued or _year_before(claim, f))):
            for move in (f for f in figs if f.unit == "位"):  # 前移10位，列第80位 / 列第11位，较上年前移4位
                clause = _clause(move)
                up, down = _RANK_UP_RE.search(clause), _RANK_DOWN_RE.search(clause)
                if not up and not down:
                    continue
                sign = 1 if up and (not down or up.start() > down.start()) else -1
                prior = (rank.value or 0.0) + sign * abs(move.value or 0.0)  # 下降2位 is read as −2 already
                if agrees_rounded(claim, prior):
                    op = "+" if sign > 0 else "−"
                    return rank, f"{rank.surface} {op} {move.surface} = 第{format_number(prior)}位"
    return None


def derive(
    claim: Figure,
    same_context: Sequence[Figure],
    other_context: Sequence[Figure],
    related: Sequence[Figure],
    index: MetricIndex,
    sentence_mates: Sequence[Figure] = (),
) -> Derivation | None:
    """The first derivation that yields the claim's figure, or None.

    ``related`` are the source figures whose metric is near the claim's; ``sentence_mates`` every figure of their
    sentences (a completion rate or a change named only by 提高 / 净增 belongs to the figure before it).
    """
    mates = list(related) + [f for f in sentence_mates if all(f is not r for r in related)]
    same_sentences = {f.sentence for f in same_context}
    addends = list(same_context) + [
        f for f in sentence_mates if f.sentence in same_sentences and all(f is not s for s in same_context)
    ]
    return (
        find_sum(claim, addends, index)
        or find_respective_total(claim, same_context)
        or find_batch_total(claim, mates)
        or find_column_total(claim, related, index)
        or find_baseline(claim, other_context, index)
        or find_completion_target(claim, mates)
        or find_prior(claim, related, mates, index)
        or find_remainder(claim, mates)
        or find_from_to(claim, mates)
        or find_portion(claim, mates)
        or find_per_unit(claim, mates)
        or find_completion_rate(claim, related, index)
        or find_gap(claim, related, index)
        or find_excess_share(claim, mates, index)
        or find_named_share(claim, related, index)
        or find_complement_share(claim, related)
        or find_named_difference(claim, related, index)
        or find_compared_base(claim, related, mates)
        or find_ratio(claim, related, mates)
        or find_multiple(claim, mates)
        or find_difference(claim, related)
        or find_base_difference(claim, mates)
        or find_last_year_amount(claim, related)
        or find_change_from_growth(claim, related)
        or find_share_of_prior(claim, related, index)
        or find_prior_rank(claim, mates)
    )
