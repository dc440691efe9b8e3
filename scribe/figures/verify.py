"""Check every figure of a text against source texts, deterministically.

For each figure: gather source figures in the same unit family and kind, from a compatible
bureau, period and flow/stock basis; rank them by metric similarity; then decide
supported / derived / target / contradicted (with the conflict) / unverifiable.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from scribe.lexicon.framing import reversed_comparison, stage_overstated
from scribe.lexicon.hedges import passed_target
from scribe.lexicon.indicators import measures_conflict, subtype_differs
from scribe.lexicon.numerals import to_simplified
from scribe.lexicon.periods import other_year_than_claimed, periods_compatible, targets_compatible
from scribe.lexicon.phrases import counted_level, ranks_within
from scribe.lexicon.places import (
    BARE_LEVELS,
    Place,
    opening_place,
    place_of,
    places_compatible,
    places_in,
    strip_places,
)
from scribe.lexicon.sentences import broken_down_sentence
from scribe.lexicon.totals import total_cued
from scribe.models import Figure, FigureKind, FigureStatus, Modality

from .derive import (
    agrees_rounded,
    before,
    derive,
    find_from_to,
    find_listed_gap,
    find_listed_part,
    find_listed_ratio,
    find_listed_remainder,
    find_listed_sum,
    find_listed_target,
    find_listed_whole,
    find_named_parts_sum,
    find_per_unit,
    find_remainder,
    find_respective_total,
    find_stated_change,
    has_gap_cue,
    part_keys_of,
)
from .extract import extract_dates, extract_figures
from .metric import FLOW_RE, MetricIndex, bigrams, canonical, clean_segment
from .models import (
    ABSTAINING_LABELS,
    FAILING_LABELS,
    OCR_NOTE,
    PASSING_LABELS,
    ClaimVerdict,
    Conflict,
    Judge,
    SourceText,
    Verdict,
    VerdictLabel,
)
from .tolerance import values_agree

logger = logging.getLogger(__name__)

CANDIDATE_SIM = 0.3  # below this a source figure is about something else
SUPPORT_SIM = 0.5  # a matching value needs at least this metric similarity
CONTRADICT_SIM = 0.6  # a different value contradicts only a clearly same metric
ORDINAL_SIM = 0.85  # 第四届 contradicts only 第三届 of the very same thing: editions of many things are numbered
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


def _source_figures(source: SourceText) -> tuple[Figure, ...]:
    return _facts(source.text, tuple(source.section_path), source.period)


@lru_cache(maxsize=1024)
def _facts(text: str, section_path: tuple[str, ...], period: str | None) -> tuple[Figure, ...]:
    figures = extract_figures(text, section_path=section_path, default_period=period)
    return tuple(f for f in figures if not looks_like_instruction(f.sentence))  # injected text states no facts


def _units_compatible(claim: Figure, src: Figure) -> bool:
    if claim.unit != src.unit:
        bare = claim.unit == "" or src.unit == ""
        return bare and claim.kind in _COUNT_LIKE and src.kind in _COUNT_LIKE and src.unit not in ("%", "rank")
    if claim.unit == "%":
        return not (claim.kind in _PCT_KINDS and src.kind in _PCT_KINDS and claim.kind != src.kind)
    if claim.unit == "rank":
        return claim.area is None or src.area is None or claim.area == src.area
    return True


def _context_ok(claim: Figure, src: Figure, report_period: str | None = None) -> bool:
    if claim.basis and src.basis and claim.basis != src.basis:
        return False
    if other_year_than_claimed(claim.period, src.period, report_period):
        return False  # 1-10月 against the 2025年 figure a 2026年1-10月 report recalls
    if claim.modality is Modality.TARGET and src.modality is Modality.TARGET:
        return targets_compatible(claim.period, src.period)
    return periods_compatible(claim.period, src.period)


SUBJECT_TAIL_MIN = 4  # characters of a subject's tail when its first characters may be a place
SUBJECT_MIN = 2  # characters a completion rate's subject needs to be looked up in the source sentences
NAMES_ALL_MIN = 4  # characters a claim's metric needs before "every one of them" tells two candidates apart


def _names_all(fig: Figure, src: Figure) -> bool:
    """Every character of the claim's metric is in the source figure's (in any order)."""
    own = set(canonical(fig.metric))
    if len(own) < NAMES_ALL_MIN:
        return False
    flow = "".join(FLOW_RE.findall(_window(fig)))  # 新认定 is cut from a metric, yet 申报 is no 新认定
    return own | set(flow) <= set(canonical(src.metric)) | set("".join(FLOW_RE.findall(_window(src))))


def _sentence_overlap(a: str, b: str) -> float:
    ga, gb = bigrams(a[:200]), bigrams(b[:200])
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def _modality_word(fig: Figure) -> str:
    if fig.modality is Modality.TARGET:
        return "目标/计划值"
    return "预计值" if fig.estimated else "已完成值"


def _verdict(
    fig: Figure,
    label: VerdictLabel,
    reason: str,
    cand: _Cand | None = None,
    *,
    derivation: str | None = None,
    conflict: Conflict | None = None,
) -> Verdict:
    return Verdict(
        figure=fig,
        label=label,
        source_id=cand.source.source_id if cand else None,
        source_sentence=cand.fig.sentence if cand else None,
        matched=cand.fig if cand else None,
        derivation=derivation,
        conflict=conflict,
        reason=reason,
    )


def _status_conflict(fig: Figure, src: Figure) -> str | None:
    """Why a matching value still misstates the source's status (a target or a 预计 figure stated as done)."""
    if src.modality is Modality.TARGET and fig.modality is Modality.ACHIEVED:
        return f"原文“{src.surface}”为{_modality_word(src)}，文中写成{_modality_word(fig)}"
    if src.modality is Modality.ACHIEVED and fig.modality is Modality.TARGET:
        return f"原文“{src.surface}”为{_modality_word(src)}，文中写成{_modality_word(fig)}"
    if src.estimated and not fig.estimated:
        return f"原文“{src.surface}”为预计值，文中写成已完成值"
    if stage_overstated(_window(fig), f"{_window(src)} {src.metric}"):  # 高新技术企业申报…，上半年完成96家: 申报
        return f"原文“{src.surface}”是申报等前一环节的数，文中写成认定等结果"
    return None


def _scale_slip(fig: Figure, src: Figure) -> bool:
    """Same digits, another magnitude: 6099.1万元 written as 6099.1亿元 or 6099.1元."""
    if fig.value is None or src.value is None or fig.scale == src.scale or src.scale == 0:
        return False
    return abs(fig.value / fig.scale - src.value / src.scale) < 1e-9


def _judge_figure(
    fig: Figure,
    pool: Sequence[tuple[SourceText, Figure]],
    index: MetricIndex,
    sims: dict[str, float] | None = None,
    companions: Callable[[Figure], Sequence[Figure]] | None = None,
) -> Verdict:
    if fig.status is FigureStatus.PLACEHOLDER:
        return _verdict(fig, VerdictLabel.PLACEHOLDER, f"“{fig.surface}”是待填写的占位符")
    if fig.status is FigureStatus.UNREADABLE:
        return _verdict(fig, VerdictLabel.UNREADABLE, f"“{fig.surface}”疑似OCR损坏，无法读出数值")
    cands: list[_Cand] = []
    cross: list[_Cand] = []
    off_context: list[_Cand] = []
    related: list[_Cand] = []  # any unit: what derivations combine
    for source, src in pool:
        if sims is not None:
            sim = sims.get(src.metric, 0.0)
        else:
            sim = index.similarity(fig.metric, src.metric) if fig.metric and src.metric else 0.0
        if sim < CANDIDATE_SIM or measures_conflict(fig.metric, src.metric):
            continue
        sim += 0.1 * _sentence_overlap(fig.sentence, src.sentence)
        cand = _Cand(sim, source, src)
        related.append(cand)
        if not _units_compatible(fig, src):
            if {fig.unit, src.unit} == {"%", "个百分点"}:
                cross.append(cand)
            continue
        if fig.unit != "%" and subtype_differs(fig.metric, src.metric):
            continue  # 技术合同成交额28.3亿元 is not the 园区吸纳技术合同成交额 (a share may set the one against the other)
        (cands if _context_ok(fig, src, source.period) else off_context).append(cand)
    clean = [c for c in cands if c.fig.status is FigureStatus.CLEAN]
    best = max(clean, key=lambda c: c.sim, default=None)
    agreeing = [
        c
        for c in clean
        if values_agree(fig, c.fig) and c.sim >= SUPPORT_SIM and best is not None and c.sim >= best.sim - MARGIN
    ]
    if not agreeing and best is not None and not _names_all(fig, best.fig):
        # 科技型中小企业入库455家: 评价入库科技型中小企业455家 names all the claim names, 为43家科技型中小企业发放贷款
        # only part of it, however near its wording
        agreeing = [c for c in clean if values_agree(fig, c.fig) and c.sim >= SUPPORT_SIM and _names_all(fig, c.fig)]
    if (
        agreeing
        and best is not None
        and not values_agree(fig, best.fig)
        and _names_all(fig, best.fig)
        and not any(_names_all(fig, c.fig) for c in agreeing)
        and best.sim >= max(c.sim for c in agreeing)
    ):
        # 技术合同成交额0.68亿元: the 对接会's 合同金额0.68亿元 is as near in wording, but 认定登记技术合同成交额4.05亿元
        # names all the claim names — the claim's figure is that one's
        agreeing = []
    if agreeing:
        same = [c for c in agreeing if _status_conflict(fig, c.fig) is None] or agreeing
        hit = max(same, key=lambda c: c.sim)
        conflict = _status_conflict(fig, hit.fig)
        if conflict is not None:
            return _verdict(fig, VerdictLabel.CONTRADICTED, conflict, hit, conflict=Conflict.STATUS)
        note = f"（{fig.qualifier}：按所述精度核对）" if fig.qualifier else ""
        if fig.modality is Modality.TARGET:
            return _verdict(fig, VerdictLabel.TARGET, f"原文目标：{hit.fig.metric}{hit.fig.surface}{note}", hit)
        return _verdict(fig, VerdictLabel.SUPPORTED, f"与原文一致：{hit.fig.metric}{hit.fig.surface}{note}", hit)
    stated = _stated_change(fig, related, companions)
    if stated is not None:
        return _verdict(fig, VerdictLabel.SUPPORTED, f"与原文一致：{_window(stated.fig)}{stated.fig.surface}", stated)
    other = [c for c in off_context + cross if c.fig.status is FigureStatus.CLEAN]
    derived = _derive(fig, clean, other, related, index, companions)
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
            return _verdict(fig, VerdictLabel.CONTRADICTED, reason, c, conflict=Conflict.UNIT)
    if best is not None and fig.modality is Modality.TARGET and best.fig.modality is not Modality.TARGET:
        # a result does not contradict a target: 力争新增20家 beside 上半年新增15家 is a new target, unless a
        # stated target of the same metric says otherwise
        goals = [c for c in clean if c.fig.modality is Modality.TARGET]
        best = max(goals, key=lambda c: c.sim, default=None)
        if best is None or best.sim < CONTRADICT_SIM:
            return _unverifiable(fig, cands, off_context)
        if values_agree(fig, best.fig) and _status_conflict(fig, best.fig) is None:
            # the nearest target agrees: only the result's sentence named the metric more closely (力争年底有效期内
            # 高新技术企业达到460家 beside 截至9月末有效期内高新技术企业达到436家)
            return _verdict(fig, VerdictLabel.TARGET, f"原文目标：{best.fig.metric}{best.fig.surface}", best)
    if best is not None and fig.modality is Modality.ACHIEVED and best.fig.modality is Modality.TARGET:
        # nor does a target contradict a result: 上半年3.65亿元 beside the plan's 全年8.6亿元 says nothing against it
        results = [c for c in clean if c.fig.modality is not Modality.TARGET]
        best = max(results, key=lambda c: c.sim, default=None)
        if best is None or best.sim < CONTRADICT_SIM:
            return _unverifiable(fig, cands, off_context)
        if best.sim >= SUPPORT_SIM and values_agree(fig, best.fig) and _status_conflict(fig, best.fig) is None:
            # the nearest result agrees: only the plan's sentence named the metric more fully (入驻率超75% beside
            # the plan's 科创园一期入驻率90%)
            return _verdict(fig, VerdictLabel.SUPPORTED, f"与原文一致：{best.fig.metric}{best.fig.surface}", best)
    if best is not None and best.sim >= (ORDINAL_SIM if fig.kind is FigureKind.ORDINAL else CONTRADICT_SIM):
        if _scale_slip(fig, best.fig):
            reason = f"原文{best.fig.metric}为{best.fig.surface}，文中写作{fig.surface}：单位不符"
            return _verdict(fig, VerdictLabel.CONTRADICTED, reason, best, conflict=Conflict.UNIT)
        hint = (
            "；未加“约”等限定词不能四舍五入"
            if fig.qualifier is None and values_agree(fig.model_copy(update={"qualifier": "约"}), best.fig)
            else ""
        )
        if fig.value is not None and best.fig.value and abs(fig.value + best.fig.value) < 1e-9:
            hint = "：方向相反（高低、增减写反）"  # 比序时进度高5.2个百分点 for the source's 低5.2个百分点
        reason = f"原文{best.fig.metric}为{best.fig.surface}，文中为{fig.surface}{hint}"
        return _verdict(fig, VerdictLabel.CONTRADICTED, reason, best, conflict=Conflict.VALUE)
    return _unverifiable(fig, cands, off_context)


def _stated_change(
    fig: Figure, related: list[_Cand], companions: Callable[[Figure], Sequence[Figure]] | None
) -> _Cand | None:
    """A change the claim states from a base (比上年同期多236家) that a source sentence of a related figure states in
    its own words (较上年同期增加236家)."""
    if companions is None:
        return None
    for c in sorted(related, key=lambda c: -c.sim):
        found = find_stated_change(fig, companions(c.fig))
        if found is not None:
            return _Cand(c.sim, c.source, found)
    return None


def _derive(
    fig: Figure,
    clean: list[_Cand],
    other_period: list[_Cand],
    related: list[_Cand],
    index: MetricIndex,
    companions: Callable[[Figure], Sequence[Figure]] | None = None,
) -> Verdict | None:
    by_fig = {id(c.fig): c for c in clean + other_period + related}
    sentence_mates: list[Figure] = []
    if companions is not None:
        seen: set[int] = set()
        for c in related:
            for mate in companions(c.fig):
                if id(mate) not in seen:
                    seen.add(id(mate))
                    sentence_mates.append(mate)
    found = derive(
        fig, [c.fig for c in clean], [c.fig for c in other_period], [c.fig for c in related], index, sentence_mates
    )
    if found is None:
        return None
    anchor, derivation = found
    return _verdict(
        fig,
        VerdictLabel.DERIVED,
        f"由原文推算：{derivation}",
        by_fig.get(id(anchor)),
        derivation=derivation,
    )


def _unverifiable(fig: Figure, cands: list[_Cand], off_context: list[_Cand]) -> Verdict:
    damaged = [c for c in cands if c.fig.status is FigureStatus.UNREADABLE and c.sim >= CONTRADICT_SIM]
    if damaged:
        return _verdict(
            fig, VerdictLabel.UNVERIFIABLE, f"原文对应数字“{damaged[0].fig.surface}”OCR损坏，无法核对", damaged[0]
        )
    for c in sorted(off_context, key=lambda c: -c.sim):
        if c.sim >= SUPPORT_SIM and values_agree(fig, c.fig):
            if fig.basis and c.fig.basis and fig.basis != c.fig.basis:
                what = {"flow": "新增量", "stock": "累计/存量"}
                reason = f"原文“{c.fig.surface}”是{what[c.fig.basis]}，文中写成{what[fig.basis]}"
                return _verdict(fig, VerdictLabel.CONTRADICTED, reason, c, conflict=Conflict.STATUS)
            reason = f"原文“{c.fig.surface}”属于{c.fig.period or '其他期间'}，文中写成{fig.period or '其他期间'}"
            return _verdict(fig, VerdictLabel.CONTRADICTED, reason, c, conflict=Conflict.PERIOD)
    if fig.modality is Modality.TARGET:
        return _verdict(fig, VerdictLabel.UNVERIFIABLE, "原文中没有这一目标：是新提出的目标值，请核实依据")
    return _verdict(fig, VerdictLabel.UNVERIFIABLE, "原文中找不到与该数字对应的表述")


RESTATED_MIN_WORDS = 6  # Han characters besides the figure: 举办科普活动260余场 restates, 同比增长40.01% does not
RESTATED_OVERLAP = 0.6  # a sentence sharing this much of a source sentence's wording restates it
_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")


def _closeness(pool: SourcePool, fig: Figure, src: Figure) -> float:
    """How well a source figure's own clause and metric match a claim figure's: the words around each figure, not
    the metric alone (县科技局3家企业的科技成果转化贷款 names the 3家 of 优安新能源3家企业的科技成果转化贷款)."""
    return pool.index.similarity(fig.metric, src.metric) + _sentence_overlap(_window(fig), _window(src))


def _window(fig: Figure) -> str:
    """The figure's clause, either side of it, with the figure itself left out."""
    at = fig.sentence.find(fig.surface)
    if at < 0:
        return fig.metric
    head = re.split(r"[，,；;。：:]", fig.sentence[:at])[-1]
    tail = re.split(r"[，,；;。：:]", fig.sentence[at + len(fig.surface) :])[0]
    return head + tail


def _tied(pool: SourcePool, fig: Figure, ranked: list[Figure]) -> bool:
    """The two nearest figures match the claim's equally well: which one it restates is unknown."""
    return _closeness(pool, fig, ranked[0]) <= _closeness(pool, fig, ranked[1])


@dataclass(frozen=True)
class SourcePool:
    """The sources' figures and the metric index over them, built once per check call, not per figure."""

    figures: list[tuple[SourceText, Figure]]
    index: MetricIndex
    by_metric: dict[str, list[int]]  # positions in ``figures``
    by_sentence: dict[tuple[str, str], list[Figure]]  # (source id, sentence) → its figures
    source_of: dict[int, str]  # id(figure) → the source id it was read from
    broken_down: dict[tuple[str, str], list[Figure]]  # a 其中 sentence → the figures of the sentence it breaks down

    @classmethod
    def build(cls, sources: Sequence[SourceText]) -> SourcePool:
        """The pool of ``sources``; the same sources checked again (a chat, a draft's items) reuse it."""
        key = tuple((s.source_id, s.text, tuple(s.section_path), s.period, s.bureau, s.doc) for s in sources)
        return _pool(key, tuple(sources))

    @classmethod
    def _build(cls, sources: Sequence[SourceText]) -> SourcePool:
        figures = [(s, f) for s in sources for f in _source_figures(s)]
        by_metric: dict[str, list[int]] = {}
        by_sentence: dict[tuple[str, str], list[Figure]] = {}
        for i, (s, f) in enumerate(figures):
            by_metric.setdefault(f.metric, []).append(i)
            by_sentence.setdefault((s.source_id, f.sentence), []).append(f)
        source_of = {id(f): s.source_id for s, f in figures}
        broken_down: dict[tuple[str, str], list[Figure]] = {}
        for (s, prev), (t, fig) in pairwise(figures):
            if s is not t or fig.sentence == prev.sentence:
                continue
            span = broken_down_sentence(t.text, fig.start - len(before(fig)))
            if span is not None and t.text[span[0] : span[1]].strip() == prev.sentence:
                broken_down[(t.source_id, fig.sentence)] = by_sentence[(s.source_id, prev.sentence)]
        index = MetricIndex(f.metric for _, f in figures)
        return cls(figures, index, by_metric, by_sentence, source_of, broken_down)

    def companions(self, fig: Figure) -> list[Figure]:
        """The figures of the source sentence ``fig`` comes from (what a derivation may combine with it), and of the
        sentence a 其中 sentence breaks down (成交额42.7亿元。其中高新区19.3亿元)."""
        source_id = self.source_of.get(id(fig))
        if source_id is None:
            return []
        own = self.by_sentence.get((source_id, fig.sentence), [])
        whole = self.broken_down.get((source_id, fig.sentence))
        return whole + own if whole else own

    def beside_twins(self, fig: Figure) -> list[Figure]:
        """The figures of every source sentence that states ``fig``'s value in its unit (its twins' companions)."""
        out: list[Figure] = []
        for source, f in self.figures:
            if f is not fig and f.unit == fig.unit and f.value is not None and f.value == fig.value:
                out.extend(self.by_sentence.get((source.source_id, f.sentence), []))
        return out

    def judge(self, fig: Figure) -> Verdict:
        """One figure against the source figures whose metric is near its own (the others cannot match)."""
        sims = {m: s for m, s in self.index.scores(fig.metric).items() if s >= CANDIDATE_SIM and m}
        near = sorted(i for m in sims for i in self.by_metric[m])
        verdict = _judge_figure(fig, [self.figures[i] for i in near], self.index, sims, self.companions)
        if verdict.label is VerdictLabel.UNVERIFIABLE and verdict.source_id is None:
            verdict = self._restated(fig) or self._completion_of_subject(fig) or verdict
        if verdict.label in FAILING_LABELS and verdict.label is not VerdictLabel.PLACEHOLDER:
            return self._parts_total(fig) or verdict
        return verdict

    def _completion_of_subject(self, fig: Figure) -> Verdict | None:
        """A completion rate whose subject (技术合同) the one source sentence stating a completion rate names, though
        the rate's own metric is another word of it (技术合同登记412项，成交额7.38亿元，完成全年目标的49.2%)."""
        subject = strip_places(fig.metric)
        if fig.kind is not FigureKind.COMPLETION or len(subject) < SUBJECT_MIN:
            return None
        # a place the lexicon does not read bare (邹城技术合同) may lead the subject: its tail from 4 characters will do
        tails = [subject] + [subject[i:] for i in range(1, 4) if len(subject) - i >= SUBJECT_TAIL_MIN]
        found = [
            (key, f)
            for key, figs in self.by_sentence.items()
            if any(t in to_simplified(key[1]) for t in tails)
            for f in figs
            if f.kind is FigureKind.COMPLETION and f.status is FigureStatus.CLEAN and _context_ok(fig, f)
        ]
        if len(found) != 1 or not values_agree(fig, found[0][1]) or _status_conflict(fig, found[0][1]):
            return None  # two rates in sentences naming it: which one the text restates is unknown
        hit = found[0][1]
        source = next(s for s, f in self.figures if f is hit)
        reason = f"与原文一致：{hit.sentence[: hit.sentence.find(hit.surface)][-20:]}{hit.surface}"
        return _verdict(fig, VerdictLabel.SUPPORTED, reason, _Cand(0.0, source, hit))

    def _parts_total(self, fig: Figure) -> Verdict | None:
        """A total of the parts the text names (北滘、容桂、大良三镇街…合计576家), from the source sentence that names
        them all: what the parts measure may be worded far from the total's metric."""
        keys = part_keys_of(fig)
        if not keys:
            return None
        for (_source_id, sentence), figs in self.by_sentence.items():
            if not all(k in sentence for k in keys):
                continue
            found = find_named_parts_sum(fig, figs)
            if found is not None:
                anchor, formula = found
                source = next(s for s, f in self.figures if f is anchor)
                return _verdict(
                    fig,
                    VerdictLabel.DERIVED,
                    f"由原文推算：{formula}",
                    _Cand(0.0, source, anchor),
                    derivation=formula,
                )
        return None

    def _restated(self, fig: Figure) -> Verdict | None:
        """A sentence that restates a source sentence in other words (举办科普活动260余场 for 举办科技活动周、全国科普日等
        主题活动260余场): its figure is that sentence's figure of the same unit whose metric is nearest its own."""
        digits = _DIGITS_RE.search(fig.surface)
        key = digits.group(0) if digits else fig.surface  # 近八成 is written in words in both
        words = fig.sentence.replace(fig.surface, "")
        if fig.value is None or sum("\u4e00" <= ch <= "\u9fff" for ch in words) < RESTATED_MIN_WORDS:
            return None  # 同比增长40.01%[1] names no metric of its own: the question must say which it is
        for (_source_id, sentence), figs in self.by_sentence.items():
            if key not in sentence or _sentence_overlap(fig.sentence, sentence) < RESTATED_OVERLAP:
                continue
            same = [
                f
                for f in figs
                if f.unit == fig.unit
                and _units_compatible(fig, f)  # 增长47.5% does not restate 比重达到47.5%
                and f.status is FigureStatus.CLEAN
                and _context_ok(fig, f)
                and not measures_conflict(fig.metric, f.metric)
            ]
            ranked = sorted(same, key=lambda f: -_closeness(self, fig, f))
            if not ranked or (len(ranked) > 1 and not values_agree(fig, ranked[1]) and _tied(self, fig, ranked)):
                continue
            hit = ranked[0]
            if values_agree(fig, hit) and _status_conflict(fig, hit) is None and not _scale_slip(fig, hit):
                source = next(s for s, f in self.figures if f is hit)
                label = VerdictLabel.TARGET if fig.modality is Modality.TARGET else VerdictLabel.SUPPORTED
                reason = f"与原文同一句表述一致：{hit.metric}{hit.surface}"
                return _verdict(fig, label, reason, _Cand(0.0, source, hit))
        return None


_POOLS: OrderedDict[tuple[tuple[object, ...], ...], SourcePool] = OrderedDict()
_POOLS_MAX = 64


def _pool(key: tuple[tuple[object, ...], ...], sources: tuple[SourceText, ...]) -> SourcePool:
    """The last 64 source sets' pools, least recently used dropped first."""
    pool = _POOLS.get(key)
    if pool is None:
        pool = SourcePool._build(sources)
        _POOLS[key] = pool
        if len(_POOLS) > _POOLS_MAX:
            _POOLS.popitem(last=False)
    else:
        _POOLS.move_to_end(key)
    return pool


def clear_caches() -> None:
    """Forget every parsed source (benchmarks measure a cold start with it)."""
    _POOLS.clear()
    _facts.cache_clear()


def _claim_places(text: str, bureau: str | None) -> list[Place]:
    """The places a text names as whose figures they are (not 绍兴市 in 增速居绍兴市第三: the rank's scope)."""
    places: list[Place] = [m.place for m in places_in(text) if not ranks_within(text, m.start, m.end)]
    opening = opening_place(text, levels=BARE_LEVELS) if not places else None
    if opening is not None:
        places.append(opening.place)  # 迁安有效高新技术企业73家: a bare name opening the claim names its subject
    if bureau:
        places.append(place_of(bureau))
    return places


def _judge_all(
    figures: Sequence[Figure], sources: Sequence[SourceText], places: list[Place]
) -> tuple[list[Verdict], SourcePool]:
    usable = [s for s in sources if places_compatible(places, s.bureau)]
    pool = SourcePool.build(usable)
    verdicts = [pool.judge(fig) for fig in figures]
    if sources and not usable:
        verdicts = _other_bureau(verdicts, sources)
    return _without_unfound_ordinals(_parts_counted(_area_counts(_listed_sums(verdicts, pool), pool), pool)), pool


def _area_counts(verdicts: list[Verdict], pool: SourcePool) -> list[Verdict]:
    """四个区…合计216家: a count of areas no source states as a figure is the number of areas of that level one
    source sentence lists (独山子区…，克拉玛依区…，白碱滩区…，乌尔禾区…)."""
    out = list(verdicts)
    for i, v in enumerate(out):
        fig = v.figure
        if v.label is not VerdictLabel.UNVERIFIABLE or fig.unit != "个" or fig.value is None:
            continue
        at = fig.sentence.find(fig.surface)
        level = counted_level(fig.sentence[at + len(fig.surface) :]) if at >= 0 else None
        if level is None:
            continue
        for (_source_id, sentence), _figs in pool.by_sentence.items():
            names = list(dict.fromkeys(m.place.name for m in places_in(sentence) if m.place.level == level))
            if len(names) == fig.value:
                formula = f"原文列出{len(names)}个{level}：{'、'.join(f'{n}{level}' for n in names)}"
                out[i] = v.model_copy(
                    update={"label": VerdictLabel.DERIVED, "derivation": formula, "reason": f"由原文推算：{formula}"}
                )
                break
    return out


PARTS_COUNT_MAX = 12  # 三个行业…合计: a count of listed parts is small; 41家企业 is a figure of its own


def _parts_counted(verdicts: list[Verdict], pool: SourcePool) -> list[Verdict]:
    """三个行业研发费用合计1.64亿元: a count before a checked total is the number of parts a 其中 sentence breaks the
    total's source figure into, when exactly that many of its unit add up to it (装备制造业0.92亿元，电子信息0.41亿元，
    食品加工0.31亿元)."""
    out = list(verdicts)
    for i, v in enumerate(out):
        fig = v.figure
        if v.label is not VerdictLabel.UNVERIFIABLE or fig.value is None or not 1 < fig.value <= PARTS_COUNT_MAX:
            continue
        total = next(
            (
                t
                for t in out[i + 1 :]
                if t.figure.sentence == fig.sentence
                and t.label in PASSING_LABELS
                and t.matched is not None
                and total_cued(before(t.figure))
            ),
            None,
        )
        if total is None or total.matched is None:
            continue
        whole = total.matched
        lists = [
            pool.by_sentence.get(key, [])
            for key, figs in pool.broken_down.items()
            if any(f is whole for f in figs)  # 研发费用1.64亿元。其中装备制造业…0.92亿元，…
        ]
        lists.append([f for f in pool.companions(whole) if f.start > whole.start])  # …1.64亿元，其中装备制造业0.92亿元…
        for listed in lists:
            parts = [f for f in listed if f.unit == whole.unit and f.value and f is not whole]
            added = sum(f.value or 0.0 for f in parts)
            if len(parts) == fig.value and agrees_rounded(whole, added):
                formula = f"原文列出{len(parts)}项：{' + '.join(f.surface for f in parts)} = {whole.surface}"
                out[i] = v.model_copy(
                    update={"label": VerdictLabel.DERIVED, "derivation": formula, "reason": f"由原文推算：{formula}"}
                )
                break
    return out


def _without_unfound_ordinals(verdicts: list[Verdict]) -> list[Verdict]:
    """第一批 / 第三届 beside a text's other figures name what those count: only one the sources number otherwise
    (第四届 for their 第三届) is kept, contradicted; a text of ordinals alone is judged on them."""
    if all(v.figure.kind is FigureKind.ORDINAL for v in verdicts):
        return verdicts
    return [v for v in verdicts if v.figure.kind is not FigureKind.ORDINAL or v.conflict is Conflict.VALUE]


def _other_bureau(verdicts: list[Verdict], sources: Sequence[SourceText]) -> list[Verdict]:
    """The text names another bureau than every source: a figure the sources state is theirs, not the text's."""
    names = "、".join(sorted({s.bureau or "未知单位" for s in sources}))
    pool = SourcePool.build(sources)
    out = []
    for v in verdicts:
        if v.label in (VerdictLabel.PLACEHOLDER, VerdictLabel.UNREADABLE):
            out.append(v)
            continue
        theirs = pool.judge(v.figure)
        if theirs.label in PASSING_LABELS and theirs.source_id is not None:
            bureau = next((s.bureau for s in sources if s.source_id == theirs.source_id), None) or "其他单位"
            reason = f"原文“{theirs.source_sentence or ''}”是{bureau}的数字，文中单位与来源单位不符"
            out.append(
                theirs.model_copy(
                    update={"label": VerdictLabel.CONTRADICTED, "conflict": Conflict.BUREAU, "reason": reason}
                )
            )
        else:
            out.append(
                v.model_copy(
                    update={"label": VerdictLabel.UNVERIFIABLE, "reason": f"文中单位与来源单位（{names}）不符"}
                )
            )
    return out


def _listed_sums(verdicts: list[Verdict], pool: SourcePool) -> list[Verdict]:
    """Figures the text computes from its own supported figures: 共7家 after 省级2家、市级5家; 全年目标20亿元 after
    完成9.6亿元、完成率48%; 七成 after 10家…7家; 平均每家500万元 after 贷款7.6亿元 (whose source sentence counts
    152家). A figure the sources put another value on is the text's own arithmetic when its parts add up to it."""
    out = list(verdicts)
    for i, v in enumerate(out):
        if v.label is not VerdictLabel.UNVERIFIABLE and v.conflict is not Conflict.VALUE:
            continue
        passing = [p for p in out[:i] if p.label in PASSING_LABELS]
        parts = [p.figure for p in passing]
        mates = [m for p in passing if p.matched is not None for m in pool.companions(p.matched)]
        per_unit = find_per_unit(v.figure, mates)
        # a target the text restates may have matched the plan's sentence; the result stands beside the same value
        # in another (全年目标260家，1-6月完成231家)
        goals = [p.matched for p in passing if p.matched is not None and p.figure.modality is Modality.TARGET]
        gap_mates = mates + [m for g in goals for m in pool.beside_twins(g)] if has_gap_cue(v.figure) else mates
        found = (
            find_listed_sum(v.figure, parts)
            or find_listed_target(v.figure, parts)
            or find_listed_ratio(v.figure, parts, mates)
            or find_listed_remainder(v.figure, parts)
            or find_listed_gap(v.figure, parts, gap_mates)
            or _formula(find_from_to(v.figure, parts))  # 从689家增加到786家，增长14.1%
            or _formula(find_remainder(v.figure, mates))  # 10家企业中有3家尚未…: 10家's source sentence counts 7家
            or _formula(find_respective_total(v.figure, mates))  # 3家企业的贷款合计1300万元: 分别为500、300、500万元
            or find_listed_whole(v.figure, parts)
            or (per_unit[1] if per_unit else None)
        )
        if found is not None:
            out[i] = v.model_copy(
                update={"label": VerdictLabel.DERIVED, "derivation": found, "reason": f"由文中数字与原文推算：{found}"}
            )
    for i, v in enumerate(out):
        if v.label is not VerdictLabel.UNVERIFIABLE:
            continue
        part = find_listed_part(v.figure, [p.figure for p in out if p is not v and p.label in PASSING_LABELS])
        if part is not None:
            out[i] = v.model_copy(
                update={"label": VerdictLabel.DERIVED, "derivation": part, "reason": f"由文中数字与原文推算：{part}"}
            )
    return out


def _formula(found: tuple[Figure, str] | None) -> str | None:
    return found[1] if found else None


def _dates(text: str) -> list[Verdict]:
    out = []
    for date in extract_dates(text):
        if date.status is not FigureStatus.CLEAN:
            fig = Figure(surface=date.surface, start=date.start, end=date.end, unit="date", status=date.status)
            label = VerdictLabel.PLACEHOLDER if date.status is FigureStatus.PLACEHOLDER else VerdictLabel.UNREADABLE
            out.append(_verdict(fig, label, f"日期“{date.surface}”待填写或无法读出"))
    return out


def mark_ocr(verdicts: list[Verdict], sources: Sequence[SourceText]) -> list[Verdict]:
    """Verdicts judged against a source read by OCR say so: the figure may be misread in the source itself."""
    scanned = {s.source_id for s in sources if s.ocr}
    if not scanned:
        return verdicts
    return [
        v.model_copy(update={"ocr": True, "reason": f"{v.reason}（{OCR_NOTE}）"}) if v.source_id in scanned else v
        for v in verdicts
    ]


def verify(
    text: str, sources: Sequence[SourceText], *, bureau: str | None = None, section_path: Sequence[str] = ()
) -> list[Verdict]:
    """One verdict per figure of ``text`` (plus placeholder or damaged years), in text order.

    ``section_path`` is the heading context ``text`` stands under: a draft item under 下步工作思路 states
    targets even where a clause has no 力争 of its own, so a source target it restates is ``target``.
    """
    figures = extract_figures(text, section_path=section_path)
    verdicts, _ = _judge_all(figures, sources, _claim_places(text, bureau))
    verdicts += _dates(text)
    verdicts.sort(key=lambda v: v.figure.start)
    logger.debug("verified %d figures against %d sources", len(verdicts), len(sources))
    return mark_ocr(verdicts, sources)


def check_claim(claim: str, sources: Sequence[SourceText], *, judge: Judge | None = None) -> ClaimVerdict:
    """A claim is supported only when every figure in it is supported, derived or a restated target."""
    return claim_verdict(verify(claim, sources), claim, sources, judge=judge)


def claim_verdict(
    verdicts: list[Verdict], claim: str, sources: Sequence[SourceText], *, judge: Judge | None = None
) -> ClaimVerdict:
    """Fold figure verdicts into one claim verdict; ``abstained`` when nothing failed but for want of a source."""
    if not verdicts:
        passed = _passed_target(claim, sources)
        if passed is not None:
            return passed
        if judge is not None:
            opinion = judge.judge(claim, list(sources))
            if opinion is not None:
                return opinion
        return ClaimVerdict(
            label="unsupported", verdicts=[], reason="句中没有可核对的数字，规则无法判定", abstained=True
        )
    failing = [v for v in verdicts if v.label in FAILING_LABELS and not _target_placeholder(v)]
    if not failing and all(_target_placeholder(v) for v in verdicts):
        return ClaimVerdict(
            label="supported", verdicts=verdicts, reason="只有待填写的目标占位符（X），没有要核对的数字"
        )
    if failing:
        first = next((v for v in failing if v.label not in ABSTAINING_LABELS), failing[0])
        return ClaimVerdict(
            label="unsupported",
            verdicts=verdicts,
            reason=f"{first.figure.surface}：{first.reason}",
            abstained=all(v.label in ABSTAINING_LABELS for v in failing),
        )
    flipped = _reversed_comparison(verdicts)
    if flipped is not None:
        return ClaimVerdict(label="unsupported", verdicts=verdicts, reason=flipped)
    named = [v.figure.metric for v in verdicts if v.figure.metric and v.label in PASSING_LABELS]
    reached = _passed_target(claim, sources, named[-1] if named else None)
    if reached is not None and reached.label == "unsupported":
        # 有效高企248家，已完成全年目标: every figure checks, but the sources' completion rate is short of the target
        return reached.model_copy(update={"verdicts": verdicts})
    return ClaimVerdict(label="supported", verdicts=verdicts, reason="所有数字均与原文一致、可由原文推算或为原文目标")


_DIGIT_RE = re.compile(r"\d")


def _reversed_comparison(verdicts: list[Verdict]) -> str | None:
    """同比增长7.3%，高于潍坊市平均水平 where the figure's source sentence says 低于潍坊市平均水平: the words after a
    checked figure, up to the next figure, compare with a base the other way than its source."""
    for v in verdicts:
        if v.label not in PASSING_LABELS or not v.source_sentence:
            continue
        sentence = v.figure.sentence
        at = sentence.find(v.figure.surface)
        if at < 0:
            continue
        after = sentence[at + len(v.figure.surface) :]
        nxt = _DIGIT_RE.search(after)
        found = reversed_comparison(after[: nxt.start()] if nxt else after, v.source_sentence)
        if found is not None:
            return f"{v.figure.surface}：原文为“{found[1]}”，文中写成“{found[0]}”（比较方向相反）"
    return None


def _passed_target(
    claim: str, sources: Sequence[SourceText], subject_of_text: str | None = None
) -> ClaimVerdict | None:
    """A claim that says a result passed its target (会昌县技术合同成交额超额完成年度目标): true when the completion
    rates the sources state for what it names are all past 100% (at 100% for 提前完成 / 已完成), false when one is
    short of it; None (no opinion) when the sources state none. ``subject_of_text`` names what a clause that names
    nothing itself speaks of (有效高企248家，已完成全年目标: the figure's metric)."""
    found = passed_target(claim)
    if found is None:
        return None
    subject, strictly = found
    metric = clean_segment(subject)
    if len(metric) < SUBJECT_MIN and subject_of_text:
        metric = subject_of_text
    if len(metric) < SUBJECT_MIN:
        return None
    pool = SourcePool.build([s for s in sources if places_compatible(_claim_places(claim, None), s.bureau)])
    rates = [
        f
        for m, sim in pool.index.scores(metric).items()
        if sim >= SUPPORT_SIM
        for i in pool.by_metric[m]
        for f in [pool.figures[i][1]]
        if f.kind is FigureKind.COMPLETION and f.value is not None and f.status is FigureStatus.CLEAN
    ]
    if not rates:
        return None
    short = [f for f in rates if (f.value or 0.0) < 100 or (strictly and (f.value or 0.0) <= 100)]
    if short:
        return ClaimVerdict(
            label="unsupported",
            verdicts=[],
            reason=f"原文{short[0].metric}完成{short[0].surface}，{'未超过' if strictly else '未达到'}目标",
        )
    return ClaimVerdict(label="supported", verdicts=[], reason=f"与原文一致：{rates[0].metric}完成{rates[0].surface}")


def _target_placeholder(v: Verdict) -> bool:
    """力争新增X家: an X left where a plan's target goes is the drafter's own marker, not a figure to verify.
    An X stated as done (完成X家) is still a gap in a fact."""
    return v.label is VerdictLabel.PLACEHOLDER and v.figure.modality is Modality.TARGET
