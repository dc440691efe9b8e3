"""Check every figure of a text against source texts, deterministically.

For each figure: gather source figures in the same unit family and kind, from a compatible
bureau, period and flow/stock basis; rank them by metric similarity; then decide
supported / target_not_achievement / derived / contradicted / unsupported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from scribe.lexicon.periods import periods_compatible
from scribe.lexicon.places import Place, place_mentions, place_of, places_compatible
from scribe.models import Figure, FigureKind, FigureStatus, Modality

from .derive import find_baseline, find_sum
from .extract import extract_dates, extract_figures
from .metric import MetricIndex, bigrams
from .models import FAILING_LABELS, ClaimVerdict, Judge, SourceText, Verdict, VerdictLabel
from .tolerance import values_agree

logger = logging.getLogger(__name__)

CANDIDATE_SIM = 0.3  # below this a source figure is about something else
SUPPORT_SIM = 0.5  # a matching value needs at least this metric similarity
CONTRADICT_SIM = 0.6  # a different value contradicts only a clearly same metric
MARGIN = 0.1  # a matching value must be nearly as good a metric match as the best candidate
_PCT_KINDS = {FigureKind.GROWTH, FigureKind.SHARE, FigureKind.COMPLETION}
_COUNT_LIKE = {FigureKind.COUNT, FigureKind.OTHER, FigureKind.AMOUNT}


_INSTRUCTION = re.compile(
    r"(?:忽略|无视|忘记|不要理会|不必理会)(?:以上|上述|之前|前面|此前|先前|所有|全部)"
    r"|(?:^|[，,。；;！!：:\s】\]])(?:请|务必)?(?:直接)?(?:回答|输出|回复)(?:为|是)?[:：]"
    r"|请(?:直接)?(?:回答|输出|回复)|系统提示|system prompt"
    r"|ignore (?:all |any )?(?:the )?(?:previous|prior|above)|disregard (?:all |the )?(?:previous|above)|you are now",
    re.IGNORECASE,
)


def looks_like_instruction(sentence: str) -> bool:
    """A sentence addressed to a model (忽略以上指令… / 回答：… / 请输出…): its figures are not source facts."""
    return bool(_INSTRUCTION.search(sentence))


@dataclass(frozen=True)
class _Cand:
    sim: float
    source: SourceText
    fig: Figure


def _source_figures(source: SourceText) -> list[Figure]:
    figures = extract_figures(source.text, section_path=source.section_path, default_period=source.period)
    return [f for f in figures if not looks_like_instruction(f.sentence)]  # injected text states no facts


def _units_compatible(claim: Figure, src: Figure) -> bool:
    if claim.unit != src.unit:
        bare = claim.unit == "" or src.unit == ""
        return bare and claim.kind in _COUNT_LIKE and src.kind in _COUNT_LIKE and src.unit not in ("%", "rank")
    if claim.unit == "%":
        return not (claim.kind in _PCT_KINDS and src.kind in _PCT_KINDS and claim.kind != src.kind)
    if claim.unit == "rank":
        return claim.area is None or src.area is None or claim.area == src.area
    return True


def _context_ok(claim: Figure, src: Figure) -> bool:
    if claim.basis and src.basis and claim.basis != src.basis:
        return False
    return periods_compatible(claim.period, src.period)


def _sentence_overlap(a: str, b: str) -> float:
    ga, gb = bigrams(a[:200]), bigrams(b[:200])
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def _modality_word(fig: Figure) -> str:
    if fig.modality is Modality.TARGET:
        return "目标/计划值"
    return "预计值" if fig.estimated else "已完成值"


def _verdict(fig: Figure, label: VerdictLabel, reason: str, cand: _Cand | None = None, **extra: str) -> Verdict:
    return Verdict(
        figure=fig,
        label=label,
        source_id=cand.source.source_id if cand else None,
        source_sentence=cand.fig.sentence if cand else None,
        matched=cand.fig if cand else None,
        derivation=extra.get("derivation"),
        reason=reason,
    )


def _judge_figure(fig: Figure, pool: list[tuple[SourceText, Figure]], index: MetricIndex) -> Verdict:
    if fig.status is FigureStatus.PLACEHOLDER:
        return _verdict(fig, VerdictLabel.PLACEHOLDER, f"“{fig.surface}”是待填写的占位符")
    if fig.status is FigureStatus.UNREADABLE:
        return _verdict(fig, VerdictLabel.UNREADABLE, f"“{fig.surface}”疑似OCR损坏，无法读出数值")
    cands: list[_Cand] = []
    cross: list[_Cand] = []
    off_context: list[_Cand] = []
    for source, src in pool:
        sim = index.similarity(fig.metric, src.metric) if fig.metric and src.metric else 0.0
        if sim < CANDIDATE_SIM:
            continue
        sim += 0.1 * _sentence_overlap(fig.sentence, src.sentence)
        cand = _Cand(sim, source, src)
        if not _units_compatible(fig, src):
            if {fig.unit, src.unit} == {"%", "个百分点"}:
                cross.append(cand)
            continue
        (cands if _context_ok(fig, src) else off_context).append(cand)
    clean = [c for c in cands if c.fig.status is FigureStatus.CLEAN]
    best = max(clean, key=lambda c: c.sim, default=None)
    agreeing = [
        c
        for c in clean
        if values_agree(fig, c.fig) and c.sim >= SUPPORT_SIM and best is not None and c.sim >= best.sim - MARGIN
    ]
    if agreeing:
        same = [c for c in agreeing if c.fig.modality is fig.modality and c.fig.estimated == fig.estimated] or agreeing
        hit = max(same, key=lambda c: c.sim)
        if hit.fig.modality is not fig.modality or (hit.fig.estimated and not fig.estimated):
            reason = f"原文“{hit.fig.surface}”为{_modality_word(hit.fig)}，文中表述为{_modality_word(fig)}"
            return _verdict(fig, VerdictLabel.TARGET_NOT_ACHIEVEMENT, reason, hit)
        note = f"（{fig.qualifier}：按所述精度核对）" if fig.qualifier else ""
        return _verdict(fig, VerdictLabel.SUPPORTED, f"与原文一致：{hit.fig.metric}{hit.fig.surface}{note}", hit)
    other = [c for c in off_context + cross if c.fig.status is FigureStatus.CLEAN]
    derived = _derive(fig, clean, other, index)
    if derived is not None:
        return derived
    for c in sorted(cross, key=lambda c: -c.sim):
        if (
            c.fig.value is not None
            and fig.value is not None
            and abs(c.fig.value - fig.value) < 1e-9
            and c.sim >= SUPPORT_SIM
        ):
            reason = f"原文为“{c.fig.surface}”，文中写作“{fig.surface}”：百分比与百分点混淆"
            return _verdict(fig, VerdictLabel.CONTRADICTED, reason, c)
    if best is not None and best.sim >= CONTRADICT_SIM:
        hint = (
            "；未加“约”等限定词不能四舍五入"
            if fig.qualifier is None and values_agree(fig.model_copy(update={"qualifier": "约"}), best.fig)
            else ""
        )
        reason = f"原文{best.fig.metric}为{best.fig.surface}，文中为{fig.surface}{hint}"
        return _verdict(fig, VerdictLabel.CONTRADICTED, reason, best)
    return _unsupported(fig, cands, off_context)


def _derive(fig: Figure, clean: list[_Cand], other_period: list[_Cand], index: MetricIndex) -> Verdict | None:
    figs = [c.fig for c in clean]
    by_fig = {id(c.fig): c for c in clean + other_period}
    summed = find_sum(fig, figs, index)
    if summed is not None:
        first, _, derivation = summed
        return _verdict(
            fig, VerdictLabel.DERIVED, f"由原文数字相加得出：{derivation}", by_fig[id(first)], derivation=derivation
        )
    base = find_baseline(fig, [c.fig for c in other_period], index)  # last year's value: the current period's figures
    if base is not None:
        share, derivation = base
        return _verdict(
            fig, VerdictLabel.DERIVED, f"由原文推算去年同期值：{derivation}", by_fig[id(share)], derivation=derivation
        )
    return None


def _unsupported(fig: Figure, cands: list[_Cand], off_context: list[_Cand]) -> Verdict:
    damaged = [c for c in cands if c.fig.status is FigureStatus.UNREADABLE and c.sim >= CONTRADICT_SIM]
    if damaged:
        return _verdict(
            fig, VerdictLabel.UNSUPPORTED, f"原文对应数字“{damaged[0].fig.surface}”OCR损坏，无法核对", damaged[0]
        )
    for c in sorted(off_context, key=lambda c: -c.sim):
        if c.sim >= SUPPORT_SIM and values_agree(fig, c.fig):
            if fig.basis and c.fig.basis and fig.basis != c.fig.basis:
                what = {"flow": "新增量", "stock": "累计/存量"}
                reason = f"原文“{c.fig.surface}”是{what[c.fig.basis]}，文中写成{what[fig.basis]}"
            else:
                reason = f"原文“{c.fig.surface}”属于{c.fig.period or '其他期间'}，与文中期间{fig.period or ''}不符"
            return _verdict(fig, VerdictLabel.UNSUPPORTED, reason, c)
    return _verdict(fig, VerdictLabel.UNSUPPORTED, "原文中找不到与该数字对应的表述")


def verify(
    text: str, sources: Sequence[SourceText], *, bureau: str | None = None, section_path: Sequence[str] = ()
) -> list[Verdict]:
    """One verdict per figure of ``text`` (plus placeholder or damaged years), in text order.

    ``section_path`` is the heading context ``text`` stands under (a quote from a 下步工作思路 section states
    targets even where a clause has no 力争 of its own).
    """
    claim_places: list[Place] = place_mentions(text)
    if bureau:
        claim_places.append(place_of(bureau))
    usable = [s for s in sources if places_compatible(claim_places, s.bureau)]
    pool = [(s, f) for s in usable for f in _source_figures(s)]
    index = MetricIndex(f.metric for _, f in pool)
    verdicts = [_judge_figure(fig, pool, index) for fig in extract_figures(text, section_path=section_path)]
    if sources and not usable:
        names = "、".join(sorted({s.bureau or "未知单位" for s in sources}))
        for i, v in enumerate(verdicts):
            if v.label not in (VerdictLabel.PLACEHOLDER, VerdictLabel.UNREADABLE):
                verdicts[i] = v.model_copy(
                    update={"label": VerdictLabel.UNSUPPORTED, "reason": f"文中单位与来源单位（{names}）不符"}
                )
    for date in extract_dates(text):
        if date.status is not FigureStatus.CLEAN:
            fig = Figure(surface=date.surface, start=date.start, end=date.end, unit="date", status=date.status)
            label = VerdictLabel.PLACEHOLDER if date.status is FigureStatus.PLACEHOLDER else VerdictLabel.UNREADABLE
            verdicts.append(_verdict(fig, label, f"日期“{date.surface}”待填写或无法读出"))
    verdicts.sort(key=lambda v: v.figure.start)
    logger.debug("verified %d figures against %d sources", len(verdicts), len(sources))
    return verdicts


def check_claim(claim: str, sources: Sequence[SourceText], *, judge: Judge | None = None) -> ClaimVerdict:
    """A claim is supported only when every figure in it is supported or derived."""
    verdicts = verify(claim, sources)
    if not verdicts:
        if judge is not None:
            opinion = judge.judge(claim, list(sources))
            if opinion is not None:
                return opinion
        return ClaimVerdict(label="unsupported", verdicts=[], reason="句中没有可核对的数字，规则无法判定")
    failing = [v for v in verdicts if v.label in FAILING_LABELS]
    if failing:
        first = failing[0]
        return ClaimVerdict(label="unsupported", verdicts=verdicts, reason=f"{first.figure.surface}：{first.reason}")
    return ClaimVerdict(label="supported", verdicts=verdicts, reason="所有数字均与原文一致或可由原文推算")
