"""Extract every figure of a Chinese text as a normalised ``Figure``.

Two passes: ``tokens.scan`` finds figure tokens and their values; this module adds what each
one measures, its kind, period, area and modality from the words around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from pydantic import BaseModel

from scribe.lexicon.headings import line_label
from scribe.lexicon.hedges import (
    COMPLETED_SHARE_OF_TARGET_RE,
    GAP_CUE_RE,
    HEDGE_WORDS,
    NAMED_TARGET_AFTER_RE,
    TARGET_AFTER_RE,
    TARGET_CUE_RE,
    TIMES_OF_TARGET_RE,
    TIMES_OF_TARGET_WORDS_RE,
    YEAR_TASK_AFTER_RE,
    YEAR_TASK_BEFORE_RE,
    builds_on_result,
    completion_subject,
    excess_subject,
    premise_of,
    share_hedge,
    subjectless_share,
    target_named_before_gap,
)
from scribe.lexicon.indicators import indicator_of
from scribe.lexicon.numerals import MAGNITUDES, NUMBER_WORD_RE, ORDINAL_CLASS, normalise_text, to_simplified
from scribe.lexicon.periods import PERIOD_MENTION_RE, joined_span, parse_period, this_year_before_next
from scribe.lexicon.phrases import (
    KINDS_COUNT_UNITS,
    LIST_OPENER,
    TOTAL_AFTER_LIST_RE,
    WHOLE_BEFORE_SHARE_RE,
    back_reference,
    counted_names,
    names_no_whole,
    with_shared_head,
    without_rank_frame,
)
from scribe.lexicon.sentences import CLAUSE_ENDS, counts_what_follows
from scribe.lexicon.totals import premise_of_computation, total_cued
from scribe.models import Figure, FigureKind, FigureStatus, Modality

from .context import DocContext, Region, build_context, figure_area, figure_modality, figure_period
from .derive import FROM_RE, FROM_TO_RE
from .metric import (
    DECREASE_WORD_RE,
    GROWTH_WORD_RE,
    LOWER_THAN_RE,
    RISE_TO_RE,
    basis_of,
    clean_segment,
    kind_from_segment,
    strip_growth_words,
)
from .patterns import MEASURE_WORDS, MONEY_METRIC_RE, SHARE_METRIC_END_RE, UNITS
from .tokens import RawFigure, is_word_share, scan

_POST_NOUN_RE = re.compile(r"[\u4e00-\u9fffA-Za-z&]{1,10}")
_POST_STOP_RE = re.compile(
    r"申报|参加|参与|获得|获批|获|的|在|以(?!上)|和|与|及|成功|实现|开展|进行|通过|入选|落地|落户|签约|完成|提供|等|为|被|已|正|将|均|共|"
    r"分别|其中|申|达成|入驻|聘用|授信|填报|走访|举办|登记|(?<!规模)以上|以下|左右|涉及|合作|建成|获评|发放|推荐|带动|惠及|参|中(?=[有的]|$)"
)
# 13家单位29项成果: the next figure names its own noun (成果), so 单位 is what the 13家 count.
_NEXT_HAS_NOUN_RE = re.compile(rf"\s?\d+(?:\.\d+)?\s?[{''.join(sorted(MEASURE_WORDS))}][\u4e00-\u9fff]")
_HEDGE_END_RE = re.compile(rf"(?:{'|'.join(sorted(HEDGE_WORDS, key=len, reverse=True))})$")
_SHARE_HINT_RE = re.compile(r"比重|占|比例|率|强度")
_GOAL_END_RE = re.compile(r"(?:全年|年度)?(?:目标|任务)(?:任务)?$")
_RANK_SUFFIX = {FigureKind.GROWTH: "增速", FigureKind.CHANGE: "提升幅度", FigureKind.COMPLETION: "完成率"}


class DateMention(BaseModel):
    """A year, date or period in the text: never a claim, but damaged or placeholder ones are flagged."""

    surface: str
    start: int
    end: int
    status: FigureStatus = FigureStatus.CLEAN


def extract_figures(
    text: str,
    *,
    section_path: Sequence[str] = (),
    default_period: str | None = None,
    default_area: str | None = None,
    later_headings: Sequence[str] = (),
) -> list[Figure]:
    """Every figure in ``text`` (dates, ordinals and names excluded), in order of appearance; ``later_headings`` are
    the report's top headings after the text's own (二、重点工作 before 四、下一步工作安排 reviews the key tasks)."""
    return list(_extract(text, tuple(section_path), default_period, default_area, tuple(later_headings)))


def extract_dates(text: str) -> list[DateMention]:
    """Years, dates and periods (2024年, 6月底, 2024-12-10, 1-5月, 20XX年, 2O22年)."""
    norm = normalise_text(text)
    _, dates = _scan(norm)
    return [DateMention(surface=text[d.start : d.end], start=d.start, end=d.end, status=d.status) for d in dates]


@lru_cache(maxsize=512)
def _scan(norm: str) -> tuple[tuple[RawFigure, ...], tuple[RawFigure, ...]]:
    figures, dates = scan(norm)
    return tuple(figures), tuple(dates)


@lru_cache(maxsize=512)
def _extract(
    text: str,
    section_path: tuple[str, ...],
    default_period: str | None,
    default_area: str | None,
    later_headings: tuple[str, ...] = (),
) -> tuple[Figure, ...]:
    norm = to_simplified(normalise_text(text))  # 規上工業研發費用 reads as 规上工业研发费用
    raws, _ = _scan(norm)
    ctx = build_context(norm, section_path, default_period, later_headings)
    out: list[Figure] = []
    prev: tuple[RawFigure, Figure] | None = None
    for raw in raws:
        sent_start, sent_end = ctx.sentence_bounds(raw.start)
        same_sentence = prev if prev is not None and prev[0].end > sent_start else None
        figure = _build(text, norm, ctx, raw, sent_start, sent_end, same_sentence, default_area)
        out.append(figure)
        if figure.kind is not FigureKind.ORDINAL:  # 第一批 names what follows; it is no figure to inherit from
            prev = (raw, _named_as_change_of(figure, same_sentence))
    named = _respective(
        norm, _premise_named(norm, _generic_named(_excess_named(_unit_stated(norm, _kinds_counted(norm, out)))))
    )
    whole = _whole_named(
        norm, ctx, _total_of_periods(norm, ctx, _total_after_list(norm, ctx, _back_referenced(norm, ctx, named)))
    )
    return tuple(_completion_named(whole))


def _completion_named(figures: list[Figure]) -> list[Figure]:
    """A completion rate measures its subject (技术合同成交额全年目标 → 技术合同成交额): 完成全年目标的49.2% and
    完成目标近一半 then name one thing. After every naming pass, so a rank named by the rate keeps its words."""
    return [
        f.model_copy(update={"metric": completion_subject(f.metric)}) if f.kind is FigureKind.COMPLETION else f
        for f in figures
    ]


def _kinds_counted(norm: str, figures: list[Figure]) -> list[Figure]:
    """技术开发和技术服务两类合同合计3.73亿元: the count of the kinds named is no figure of its own (read like 第一批, a
    name); the figure right after it in its clause measures the kinds with the noun they share."""
    out = list(figures)
    for i, (count, nxt) in enumerate(pairwise(figures)):
        if count.unit not in KINDS_COUNT_UNITS or nxt.start - count.end > _KINDS_HEAD_MAX:
            continue
        if any(ch in CLAUSE_ENDS for ch in norm[count.end : nxt.start]):
            continue
        clause = re.split(r"[，,；;。：:\n]", norm[: count.start])[-1]
        listed = "、".join(clean_segment(piece) for piece in clause.split("、"))  # 新认定省级、市级 → 省级、市级
        names = counted_names(listed, count.value)
        head = re.sub(r"(?:合计|共计|总计|共|达到|达|为)+$", "", norm[count.end : nxt.start])
        if names is None or not head:
            continue
        out[i] = count.model_copy(update={"kind": FigureKind.ORDINAL, "unit": "ordinal"})
        out[i + 1] = nxt.model_copy(update={"metric": with_shared_head(names, head)})
    return out


_KINDS_HEAD_MAX = 8  # characters between a count of kinds and the figure its noun names (两类合同合计3.73亿元)


def _named_as_change_of(figure: Figure, prev: tuple[RawFigure, Figure] | None) -> Figure:
    """The figure a later one inherits its metric from: 比2025年同期的120家增加30家，同比增长25.0%, 比2024年同期的100家 —
    a change named by its change word alone (增加30家) hands on the metric it changes, not 增加."""
    if prev is None or not figure.metric or strip_growth_words(figure.metric) or not prev[1].metric:
        return figure
    return figure.model_copy(update={"metric": prev[1].metric})


def _total_after_list(norm: str, ctx: DocContext, figures: list[Figure]) -> list[Figure]:
    """新增平台10个，其中A 6个、B 2个，累计达到97个: a total's clause after a 其中 list measures the list's head."""
    out = list(figures)
    for i, fig in enumerate(out):
        sent_start, _ = ctx.sentence_bounds(fig.start)
        words = _clause_words(norm, sent_start, fig.start).strip()
        if not TOTAL_AFTER_LIST_RE.match(words):
            continue
        opener = norm.rfind(LIST_OPENER, sent_start, fig.start)
        head = next(
            (f for f in reversed(out[:i]) if f.sentence == fig.sentence and f.unit == fig.unit and f.end <= opener),
            None,
        )
        if opener >= 0 and head is not None:
            out[i] = fig.model_copy(update={"metric": head.metric})
    return out


def _total_of_periods(norm: str, ctx: DocContext, figures: list[Figure]) -> list[Figure]:
    """二季度放款1.12亿元，一季度放款1.36亿元，合计2.48亿元: a total whose clause names no period of its own, after
    parts of different periods, covers them together (1-6月), not the last part's period."""
    out = list(figures)
    for i, fig in enumerate(out):
        sent_start, _ = ctx.sentence_bounds(fig.start)
        words = _clause_words(norm, sent_start, fig.start)
        if not total_cued(words) or PERIOD_MENTION_RE.search(words):
            continue
        parts = [f for f in out[:i] if f.sentence == fig.sentence and f.unit == fig.unit]
        if len({f.period for f in parts}) < 2:
            continue
        out[i] = fig.model_copy(update={"period": joined_span([f.period for f in parts])})
    return out


def _whole_named(norm: str, ctx: DocContext, figures: list[Figure]) -> list[Figure]:
    """兑现的科技政策资金中，二季度约占29.4%: a share whose clause names no whole is of the whole named before it."""
    out = list(figures)
    for i, fig in enumerate(out):
        if fig.unit != "%" or not names_no_whole(fig.metric):
            continue
        sent_start, _ = ctx.sentence_bounds(fig.start)
        m = WHOLE_BEFORE_SHARE_RE.search(norm, sent_start, fig.start)
        whole = clean_segment(m.group("whole")) if m else ""
        if len(whole) >= 2:
            out[i] = fig.model_copy(update={"metric": f"{whole}中", "kind": FigureKind.SHARE})
    return out


def _names_a_level(metric: str) -> bool:
    """A metric that names a thing, not only a change of it (净增 / 增长 / 新增)."""
    return len(strip_growth_words(re.sub(r"^(?:比|较)?(?:净增|新增|净减|减少)", "", metric))) >= 2


def _back_referenced(norm: str, ctx: DocContext, figures: list[Figure]) -> list[Figure]:
    """2023年末这一数字为168家 / 两年累计增加68家: a figure whose clause names only a back reference measures what the
    nearest earlier level (not an increase: 比2024年末净增35家) of its unit (any unit for a growth rate: 两年增长40.5%)
    in the sentence measures."""
    out = list(figures)
    for i, fig in enumerate(out):
        sent_start, _ = ctx.sentence_bounds(fig.start)
        rest = back_reference(clean_segment(_clause_words(norm, sent_start, fig.start)))
        if rest is None or len(strip_growth_words(rest)) >= 2:
            continue
        earlier = next(
            (
                f
                for f in reversed(out[:i])
                if f.sentence == fig.sentence
                and (f.unit == fig.unit or fig.kind in (FigureKind.GROWTH, FigureKind.CHANGE))
                and _names_a_level(f.metric)
            ),
            None,
        )
        if earlier is not None:
            out[i] = fig.model_copy(update={"metric": earlier.metric})
    return out


# 科技型中小企业评价入库单位家，1-9月完成598，全年目标620: a table row read as a sentence (or a report's own 单位：万元)
# states the unit of its bare numbers once, after what they measure.
_UNIT_STATED_RE = re.compile(
    r"(?P<label>[^，,；;。:：\n]*?)单位\s?[:：]?\s?(?P<mag>万|亿|千)?(?P<unit>[\u4e00-\u9fff]{1,3}?)[，,]"
)


def _unit_stated(norm: str, figures: list[Figure]) -> list[Figure]:
    out = list(figures)
    for m in _UNIT_STATED_RE.finditer(norm):
        info = UNITS.get(m.group("unit"))
        label = clean_segment(m.group("label"))
        if info is None or info.family == "%" or len(label) < 2:
            continue
        scale = MAGNITUDES.get(m.group("mag") or "", 1.0) * info.factor
        sentence_end = norm.find("。", m.end())
        for i, fig in enumerate(out):
            if fig.start < m.end() or (sentence_end >= 0 and fig.start > sentence_end):
                continue
            update: dict[str, object] = {}
            if fig.unit == "" and fig.scale == 1.0 and fig.value is not None and fig.status is FigureStatus.CLEAN:
                update = {"unit": info.family, "kind": info.kind, "value": fig.value * scale, "scale": scale}
            unnamed = len(fig.metric) < 2 or bool(_GENERIC_METRIC_RE.fullmatch(fig.metric))
            if (update or fig.unit == "%") and unnamed:  # 1-9月完成598 / 全年目标620 / 完成进度96.5%: the row's
                update["metric"] = label + (fig.metric if fig.modality is Modality.TARGET else "")
            if update:
                out[i] = fig.model_copy(update=update)
    return out


def _premise_named(norm: str, figures: list[Figure]) -> list[Figure]:
    out = list(figures)
    for i, fig in enumerate(out[:-1]):
        nxt = out[i + 1]
        if nxt.sentence != fig.sentence or not nxt.metric or fig.unit != "%":
            continue  # (按较去年同期增加97家推算: a change in 家 is judged as the change it states)
        if premise_of_computation(
            norm, fig.start, fig.end
        ):  # 按同比增长25.7%推算，2023年…约70家: the computed figure's
            out[i] = fig.model_copy(update={"metric": nxt.metric})
    for i, fig in enumerate(out[:-1]):
        nxt = out[i + 1]
        premise = premise_of(norm[max(0, fig.start - 4) : fig.start], norm[fig.end : fig.end + 12])
        if premise is None or nxt.sentence != fig.sentence or not nxt.metric:
            continue
        subject = completion_subject(nxt.metric)
        if premise == "completion" and fig.unit == "%":  # 按72.8%的完成率，全年技术合同目标约为12亿元
            out[i] = fig.model_copy(update={"metric": subject, "kind": FigureKind.COMPLETION})
        elif premise == "target" and fig.unit == nxt.unit:  # 按320家的全年目标，还需新入库114家科技型中小企业
            out[i] = fig.model_copy(update={"metric": f"{subject}目标", "modality": Modality.TARGET})
    return out


# A metric that names only the plan's words (目标 / 任务 / 进度): what the sentence measures is its subject's.
_GENERIC_METRIC_RE = re.compile(r"(?:全年|年度)?(?:目标|任务|目标任务|进度|完成进度)")


_EXCESS_METRIC_RE = re.compile(r"超出|超过|高出|多出")


def _excess_named(figures: list[Figure]) -> list[Figure]:
    """技术交易额已超额完成全年目标，超出近两成: the excess measures what the clause before says went past its target
    (its metric would be the verb 超出 alone)."""
    out = list(figures)
    for i, fig in enumerate(out):
        if not _EXCESS_METRIC_RE.fullmatch(fig.metric):
            continue
        subject = excess_subject(fig.sentence[: max(0, fig.sentence.find(fig.surface))])
        name = clean_segment(subject) if subject else ""
        if len(name) >= 2:
            out[i] = fig.model_copy(update={"metric": name + fig.metric})
    return out


def _generic_named(figures: list[Figure]) -> list[Figure]:
    """专利质押融资额完成3650万元，全年目标15000万元，完成进度24.3%，同比增长35.2%: the target, the rate and the
    growth are 专利质押融资额's (the target keeps its 目标)."""
    out = list(figures)
    for i, fig in enumerate(out):
        share = fig.unit == "%" and fig.kind is FigureKind.SHARE and subjectless_share(fig.metric)
        if not share and not _GENERIC_METRIC_RE.fullmatch(fig.metric):
            continue
        subject = next(
            (
                f.metric
                for f in reversed(figures[:i])
                if f.sentence == fig.sentence
                and f.metric
                and not _GENERIC_METRIC_RE.fullmatch(f.metric)
                and f.kind is not FigureKind.ORDINAL
            ),
            None,
        )
        if subject and share:
            out[i] = fig.model_copy(update={"metric": subject + "占"})  # 成交额2.05亿元，约占六成: 成交额's share
        elif subject:
            keep = fig.metric if fig.modality is Modality.TARGET and fig.unit != "%" else ""
            out[i] = fig.model_copy(update={"metric": subject + keep})
    return out


_RESPECTIVELY_RE = re.compile(r"分别(?:为|是|达到|达|有|(?:同比)?增长|(?:同比)?下降|完成|实现|新增|占|得分)?\s?$")
# 分别居全国第21位和第23位 / 分别居福州各县（市）区第2位和第4位: ranks after the area they are ranked in.
_RESPECTIVE_RANK_RE = re.compile(r"分别(?:居|位居|位列|排名|排|列)[^，,；;。\d]{0,10}$")
# 两项指数分别…: the count of the things listed, not one of them.
_COUNT_OF_PARTS_RE = re.compile(r"([^，,；;。]*?)\s?(?:[两二三四五六七八九十]|\d{1,2})\s?项")
_LIST_GAP_RE = re.compile(r"\s?[、，,和及与]\s?")
_PART_SEP_RE = re.compile(r"、|和|及|与|以及")


def _respective(norm: str, figures: list[Figure]) -> list[Figure]:
    """A、B、C分别为x、y、z: figure i measures part i (高新技术企业、科技型中小企业分别达到156家、538家)."""
    out = list(figures)
    last_parts: list[str] = []
    i = 0
    while i < len(out):
        head = norm[max(0, out[i].start - 8) : out[i].start]
        m = _RESPECTIVELY_RE.search(head)
        if not m and out[i].unit == "rank":
            head = norm[max(0, out[i].start - 16) : out[i].start]
            m = _RESPECTIVE_RANK_RE.search(head)
        if not m:
            i += 1
            continue
        run = [i]
        while run[-1] + 1 < len(out) and _LIST_GAP_RE.fullmatch(norm[out[run[-1]].end : out[run[-1] + 1].start]):
            run.append(run[-1] + 1)
        cue = out[i].start - len(head) + m.start()
        clause_start = max(norm.rfind(ch, 0, cue) for ch in "，,；;。：:\n") + 1
        parts = [p for p in (clean_segment(p) for p in _PART_SEP_RE.split(norm[clause_start:cue])) if p]
        if not parts and len(last_parts) == len(run):  # …分别为12.6亿元、214项，分别增长36.8%、27.4%
            parts = last_parts
        if len(parts) != len(run):  # 营业收入12.6亿元、增加值3.1亿元，分别增长9.8%、7.6%: the figures listed before
            parts = _listed_before(norm, out, i, len(run), clause_start, cue)
        if len(run) >= 2 and len(parts) == len(run):
            for j, part in zip(run, parts, strict=True):
                out[j] = out[j].model_copy(update={"metric": part})
            last_parts = parts
        i = run[-1] + 1
    return out


def _listed_before(norm: str, out: list[Figure], i: int, n: int, clause_start: int, cue: int) -> list[str]:
    """The ``n`` things a 分别 run at ``out[i]`` measures when its own clause does not list them: the figures listed
    just before in the sentence (skipping 两项, which counts them), or the names before 两项 (A和B两项评价中)."""
    counted = [f for f in out[:i] if f.sentence == out[i].sentence]
    listed = [f for f in counted if not (f.unit == "项" and f.value == n and f.start >= clause_start - 40)][-n:]
    names = [f.metric for f in listed]
    one_list = all(not re.search(r"[，,；;。]", norm[a.end : b.start]) for a, b in pairwise(listed))
    if len(listed) == n and all(names) and len(set(names)) == n and len({f.unit for f in listed}) == 1 and one_list:
        return names  # one list of one unit: 营业收入…亿元、增加值…亿元 (not 补助50万元；2家；3家)
    sent_start = norm.rfind(out[i].sentence[:8], 0, cue + 1) if out[i].sentence else -1
    m = _COUNT_OF_PARTS_RE.search(norm, max(sent_start, 0), cue)
    if m is None:
        return []
    parts = [p for p in (clean_segment(p) for p in _PART_SEP_RE.split(m.group(1))) if p]
    return parts if len(parts) == n else []


def _segment_start(norm: str, sent_start: int, start: int, prev: tuple[RawFigure, Figure] | None) -> int:
    seg_start = sent_start
    if prev is not None:
        seg_start = max(seg_start, prev[0].end)
    for ch in CLAUSE_ENDS.replace("、", "") + "\n":
        idx = norm.rfind(ch, seg_start, start)
        if idx >= 0:
            seg_start = max(seg_start, idx + 1)
    # 、 ends a listed figure's part (省级2家、市级5家) or a list of examples (A、B等优惠政策8项: 等 names the head),
    # not a list of names a figure measures together (A、B企业的比例占60%)
    idx = norm.rfind("、", seg_start, start)
    if idx >= 0 and (re.search(r"\d", norm[seg_start:idx]) or "等" in norm[idx:start]):
        seg_start = idx + 1
    return seg_start


def _label_before(norm: str, sent_start: int, colon: int) -> str:
    """The words a colon ends (an item's bold title, 1. 研发投入：…), which name what the figures after it measure."""
    start = max([sent_start, *(norm.rfind(ch, sent_start, colon) + 1 for ch in CLAUSE_ENDS + "\n")])
    return norm[start:colon]


def _item_label(norm: str, sent_start: int, seg: str) -> str:
    """The indicator a list item's label sentence names, for the first figure of the sentence after it when its own
    words name none (评价入库 under 科技型中小企业。); empty otherwise."""
    label = line_label(norm[norm.rfind("\n", 0, sent_start) + 1 : sent_start])
    if label is None or label in seg or indicator_of(label) is None or indicator_of(clean_segment(seg)) is not None:
        return ""
    return label


def _post_noun(norm: str, end: int) -> str:
    """The noun after a measure word (3家企业, 2.84万个泊位), unless it heads the next figure."""
    if norm[end : end + 1] in "(（":
        close = re.compile(r"[)）]").search(norm, end, end + 30)
        end = close.end() if close else end
    m = _POST_NOUN_RE.match(norm, end)
    if not m:
        return ""
    noun = m.group(0)
    word = NUMBER_WORD_RE.search(noun)
    if word is not None:
        noun = noun[: word.start()]  # 较上年同期156件翻了一番: the next figure, in words, is no noun of this one
    stop = _POST_STOP_RE.search(noun)
    if stop:
        return noun[: stop.start()][:8]
    if re.match(rf"\s?(?:[\dX两]|{ORDINAL_CLASS})", norm[m.end() : m.end() + 2]) and not _NEXT_HAS_NOUN_RE.match(
        norm, m.end()
    ):
        return ""
    return noun[:8]


def _kind_and_metric(
    norm: str, raw: RawFigure, seg: str, prev: tuple[RawFigure, Figure] | None
) -> tuple[FigureKind, str, bool]:
    """(kind, metric, decreasing) for one figure."""
    prev_fig = prev[1] if prev else None
    kind = raw.kind or FigureKind.OTHER
    pct_kind = kind_from_segment(seg, raw.unit)
    if pct_kind is not None:
        kind = pct_kind
    elif is_word_share(raw.unit, kind, raw.scale):
        kind = FigureKind.SHARE
    decreasing = False
    cues = list(GROWTH_WORD_RE.finditer(seg))
    if cues and kind in (FigureKind.GROWTH, FigureKind.CHANGE):
        decreasing = DECREASE_WORD_RE.fullmatch(cues[-1].group(0)) is not None
    metric = clean_segment(seg)
    if kind in (FigureKind.GROWTH, FigureKind.CHANGE) or (raw.unit == "倍" and cues):
        metric = strip_growth_words(metric)  # 同比增长1.3倍 is the previous figure's growth, as 同比增长13% is
    elif kind is FigureKind.SHARE and RISE_TO_RE.search(seg):
        metric = clean_segment(strip_growth_words(metric))  # A类比重实现增长达到22%: the share is A类比重
    if kind is FigureKind.COMPLETION:
        metric = re.sub(r"完成率|完成进度", "", metric)
    if raw.unit == "ordinal":  # 第三届上合组织…大赛: the edition of what follows
        run = _POST_NOUN_RE.match(norm, raw.end)
        return kind, run.group(0) if run else metric, False
    if raw.unit == "rank":
        metric = without_rank_frame(metric)  # 增量居各县第一 / 增量在各县中排第一: 增量 is ranked
        residue = strip_growth_words(metric)
        base = prev_fig.metric if prev_fig else ""
        if not residue or residue in ("幅度", "排名", "位次"):
            suffix = metric or (_RANK_SUFFIX.get(prev_fig.kind, "") if prev_fig else "")
            metric = base + suffix if base else metric
        return kind, metric, False
    inherited = False
    if metric.startswith(("占", "相当于")) and prev_fig is not None and prev_fig.metric:
        base = re.sub(r"占.*$|(?:增速|提升幅度|完成率)$", "", prev_fig.metric)
        metric = base + metric
    elif len(metric) < 2 and prev_fig is not None and not _opens_own_clause(norm, raw, seg):
        inherited = True
        if raw.unit != "%" or prev_fig.unit in ("%", "个百分点") or kind is not FigureKind.OTHER or not metric:
            metric = prev_fig.metric
            if prev_fig.kind is FigureKind.COMPLETION:  # 完成全年目标的52.5%，同比增长16.2%: the result's growth
                metric = _GOAL_END_RE.sub("", metric) or metric
        if raw.unit == "%" and kind is FigureKind.OTHER:
            if _SHARE_HINT_RE.search(metric):
                kind = FigureKind.SHARE
            elif prev_fig.kind in (FigureKind.SHARE, FigureKind.GROWTH) and prev_fig.unit == "%":
                kind = prev_fig.kind
        if raw.unit == "位" and prev_fig.kind is FigureKind.CHANGE:
            kind = FigureKind.CHANGE
    if (raw.unit and raw.unit.rstrip("次") in MEASURE_WORDS) or raw.unit == "人":
        noun = _post_noun(norm, raw.end)
        if noun and (inherited or (counts_what_follows(seg) and len(noun) >= 3)):  # 企业 alone names nothing
            metric = noun
        elif noun and noun not in metric:
            metric = metric + noun
    if not metric:
        run = _POST_NOUN_RE.match(norm, raw.end)
        metric = run.group(0)[:6] if run else ""  # 4人入选青岛产业领军人才: name it by what follows
    return kind, metric, decreasing


# A minus sign written before a rate, not a range's dash: 增长-3.4% / 增速为－1.2% (1-5月 and 3-5% are ranges).
_MINUS_BEFORE_RE = re.compile(r"(?<![\d.])[-－−]\s?$")
# A figure after these alone is named by the words after it (距9亿元的技术合同年度任务还差0.58亿元).
_DISTANCE_END_RE = re.compile(r"(?:距离|距|离)$")
_METRIC_AFTER_RE = re.compile(r"\s?的([\u4e00-\u9fffA-Za-z&]{2,14}?)(?=还|尚|仍|[，,；;。]|$)")
_TARGET_WORD_END_RE = re.compile(r"(?:目标|任务)$")
_BRACKETED_TARGET_RE = re.compile(r"(?P<goal>(?:全年|年度)?(?:目标|任务)(?:任务)?)\s?[（(]\s?$")


def _metric_after(norm: str, end: int) -> str | None:
    m = _METRIC_AFTER_RE.match(norm, end)
    return m.group(1) if m else None


def _moved_to(norm: str, sent_start: int, prev: RawFigure, seg: str) -> bool:
    """由/从 A 提高到 B: B is the level A moved to, of A's kind and metric (not a growth rate)."""
    return bool(FROM_TO_RE.fullmatch(seg.strip()) and FROM_RE.search(norm[sent_start : prev.start]))


def _clause_before(norm: str, sent_start: int, seg_start: int) -> str:
    """The metric the clause before a figure's own names, when its own names only the place (…位列第46位)."""
    clauses = [clean_segment(c) for c in re.split(r"[，,；;：:]", norm[sent_start:seg_start])]
    named = [c for c in clauses if len(c) >= 2 and not re.search(r"\d", c)]
    return named[-1] if named else ""


_ASIDE_RE = re.compile(r"[（(][^（()）]{0,20}[)）]")


def _clause_words(norm: str, sent_start: int, start: int) -> str:
    """The figure's clause before it, asides in brackets left out (低于全市平均水平（3.21%）0.35个百分点)."""
    head = _ASIDE_RE.sub("", norm[sent_start:start])
    return re.split(r"[，,；;。]", head)[-1]


def _opens_own_clause(norm: str, raw: RawFigure, seg: str) -> bool:
    """A count that opens its clause and is followed by what it counts or does (，25人获批…基金项目): it names its own
    thing, not the previous clause's (a bare ，增长17.7% still reads as the previous figure's)."""
    counted = (raw.unit and raw.unit.rstrip("次") in MEASURE_WORDS) or raw.unit == "人"
    return bool(counted and not seg.strip() and _POST_NOUN_RE.match(norm, raw.end))


def _before_the_plan(period: str | None, region: Region | None) -> bool:
    """A figure its own words date before the plan's months (the first half, in a plan that does not name them)."""
    if region is None or region.modality is not Modality.TARGET or not period:
        return False
    months = parse_period(period).months
    plan = parse_period(region.span).months if region.span else None
    if plan is not None and plan != (1, 12):
        return months is not None and months[1] < plan[0]  # 二季度工作打算: 二季度 is the plan's own, 一季度 before it
    return months is not None and months[1] <= 6


def _target_cued(norm: str, sent_start: int, start: int) -> bool:
    clause = norm[sent_start:start]
    return bool(TARGET_CUE_RE.search(clause[max(clause.rfind("；"), clause.rfind(";")) + 1 :]))


def _basis(norm: str, sent_start: int, seg_start: int, start: int, metric: str, prev: Figure | None) -> str | None:
    """Flow or stock from the nearest marker before the figure in its sentence (拥有A 24家、B 112家: both stock),
    except one that belongs to the same thing counted just before: in 新认定高新技术企业631家,高新技术企业突破2400家
    the second count of 高新技术企业 is not the 新认定 one, so its basis is unknown."""
    own = basis_of(norm[seg_start:start])
    if own is None and prev is not None and prev.basis is not None and metric and metric == prev.metric:
        return None
    return own or basis_of(norm[sent_start:start])


def _build(
    text: str,
    norm: str,
    ctx: DocContext,
    raw: RawFigure,
    sent_start: int,
    sent_end: int,
    prev: tuple[RawFigure, Figure] | None,
    default_area: str | None,
) -> Figure:
    seg_start = _segment_start(norm, sent_start, raw.start, prev)
    seg = norm[seg_start : raw.start]
    if (
        prev is None
        and norm[seg_start - 1 : seg_start] in ("：", ":")
        and len(strip_growth_words(clean_segment(seg))) < 2
    ):
        seg = _label_before(norm, sent_start, seg_start - 1) + seg  # **规上工业研发费用**：年度增速达15%
    elif prev is None:
        seg = _item_label(norm, sent_start, seg) + seg  # - **科技型中小企业。** 1-6月评价入库187家
    if seg.lstrip().startswith(("(", "（")) and prev is not None:
        seg = seg + prev[1].metric  # 孵化器23家(国家级4家): the 4家 are 国家级孵化器
    qualifier = raw.qualifier
    if raw.unit == "%":
        seg, share_q = share_hedge(seg)  # 约占苏州全市的17%: about 17%, a share of 苏州全市
        # 超过上年的八成: the stated hedge beats the 约 a number in words carries by default
        qualifier = share_q if share_q and qualifier in (None, "约") else qualifier
    kind, metric, decreasing = _kind_and_metric(norm, raw, seg, prev)
    if kind is FigureKind.CHANGE and LOWER_THAN_RE.search(_clause_words(norm, sent_start, raw.start)):
        decreasing = True  # 比序时进度低5.2个百分点 is −5.2 against it: 高5.2个百分点 says the opposite
    if prev is not None and prev[1].unit == raw.unit and _moved_to(norm, sent_start, prev[0], seg):
        kind, metric, decreasing = prev[1].kind, prev[1].metric, False  # 从6.12%提高到6.47%: the level it rose to
    if raw.unit == "rank" and not metric:
        metric = _clause_before(norm, sent_start, seg_start)  # 在…综合评价中，宝鸡高新区位列第46位
    unit = raw.unit
    if unit == "" and raw.scale >= 1e4 and MONEY_METRIC_RE.search(metric):
        unit = "元"
        kind = FigureKind.AMOUNT
    elif unit == "" and raw.scale == 1.0 and 0 < (raw.value or 0) < 100 and SHARE_METRIC_END_RE.search(metric):
        unit, kind = "%", FigureKind.SHARE
    gap = GAP_CUE_RE.search(_clause_words(norm, sent_start, raw.start))
    if gap and raw.unit not in ("%", "rank"):
        # 要完成全年技术合同成交额目标，后三个季度还需完成6.04亿元: what is left is the named target's metric
        cue_at = norm.rfind(gap.group(0), sent_start, raw.start)
        named = target_named_before_gap(norm[sent_start:cue_at]) if cue_at >= 0 else None
        if named and clean_segment(named):
            metric = clean_segment(named)
    region = ctx.region(raw.start)
    modality, estimated = figure_modality(norm, sent_start, raw.start, region)
    distance = _DISTANCE_END_RE.search(seg.rstrip())
    named_after = _metric_after(norm, raw.end) if distance else None
    if distance and named_after:  # (成交额)距9亿元的年度任务还差…: named after the figure
        metric = _DISTANCE_END_RE.sub("", metric) + named_after
        if _TARGET_WORD_END_RE.search(metric):
            modality = Modality.TARGET
    if raw.qualifier == "以上" and region is not None and region.modality is Modality.TARGET:
        modality = Modality.TARGET
    target_after = TARGET_AFTER_RE.match(norm, raw.end)
    named_target = None if target_after else NAMED_TARGET_AFTER_RE.match(norm, raw.end)
    if named_target and not _POST_STOP_RE.search(named_target.group("what")):
        what = clean_segment(named_target.group("what"))
        if len(what) >= 2:  # 完成全年55亿元技术合同成交额目标: 55亿元 is 技术合同成交额's target
            modality = Modality.TARGET
            if what not in metric:  # (the noun after a count, cut at 8 characters, is the start of ``what``)
                own = metric if len(metric) >= 2 and not what.startswith(metric) else ""
                metric = own + what + "目标"
    if target_after:
        modality = Modality.TARGET  # 全年8.6亿元目标: the words after the figure call it the target
    elif YEAR_TASK_AFTER_RE.match(norm, raw.end) and YEAR_TASK_BEFORE_RE.search(norm, sent_start, raw.start):
        modality = Modality.TARGET  # 完成全年11亿元任务的81.1%
    if unit == "%" and COMPLETED_SHARE_OF_TARGET_RE.search(norm[sent_start : raw.start]):
        modality = Modality.ACHIEVED
        kind = FigureKind.COMPLETION  # 完成全年目标（160家）的59.4%: the bracketed target cut the segment short
    bracketed = _BRACKETED_TARGET_RE.search(seg) if prev is not None and unit == prev[1].unit else None
    if prev is not None and bracketed:  # 入库118家，完成全年目标（150家）: 150家 is 入库's target
        modality, metric = Modality.TARGET, prev[1].metric + bracketed.group("goal")
    if modality is Modality.TARGET and builds_on_result(norm[sent_start : raw.start], norm[raw.end : sent_end]):
        modality = Modality.ACHIEVED
    this_year = False
    if (
        modality is Modality.TARGET
        and not _target_cued(norm, sent_start, raw.start)
        and this_year_before_next(_clause_words(norm, sent_start, raw.start), norm[raw.end : sent_end])
    ):
        modality = Modality.ACHIEVED  # 今年入库142家…，明年力争150家: this year's result beside next year's plan
        this_year = True
    value = raw.value
    decimals = raw.decimals
    if unit == "ratio" and value is not None and _SHARE_HINT_RE.search(seg[-8:]):  # 占全市2/3 is a share: 66.67%
        unit, kind, value, decimals = "%", FigureKind.SHARE, round(value * 100, 4), 2
    if (
        unit == "倍" and value is not None and TIMES_OF_TARGET_RE.search(_HEDGE_END_RE.sub("", seg.rstrip()))
    ):  # 接近目标的两倍: a 200% completion
        unit, kind, value = "%", FigureKind.COMPLETION, round(value * 100, 4)
        qualifier = qualifier or share_hedge(seg)[1]
        metric = _HEDGE_END_RE.sub("", TIMES_OF_TARGET_WORDS_RE.sub("", metric))
    if value is not None and decreasing:
        value = -value
    elif value is not None and raw.unit in ("%", "个百分点") and _MINUS_BEFORE_RE.search(norm, 0, raw.start):
        value = -value  # 同比增长-3.4% is 下降3.4%
    area = raw.area if unit == "rank" else figure_area(norm, sent_start, raw.start, default_area)
    # 谋划2027年工作 > 在今年1-11月成交额9.45亿元的基础上…: the result a plan item builds on is not of the plan's period
    plan_result = region is not None and region.modality is Modality.TARGET and modality is Modality.ACHIEVED
    period = figure_period(norm, sent_start, raw.start, None if plan_result and not this_year else region)
    if this_year and region is not None and region.year and period == f"{region.year}年":
        period = f"{region.year - 1}年"  # the plan's year is 明年: 今年 is the one before
    if target_after and re.search(r"全年|年度", target_after.group(0)):  # 才能实现95亿元的全年目标: the year's target
        year = parse_period(period).year if period else None
        period = f"{year}年全年" if year else "全年"
    if (
        modality is Modality.TARGET
        and _before_the_plan(period, region)
        and not _target_cued(norm, sent_start, raw.start)
    ):
        modality = Modality.ACHIEVED  # 下半年工作思路: 上半年完成6099.1万元 is the result the plan starts from
    return Figure(
        surface=text[raw.start : raw.end],
        start=raw.start,
        end=raw.end,
        value=value,
        value_high=raw.value_high,
        decimals=decimals,
        unit=unit,
        kind=kind,
        modality=modality,
        qualifier=qualifier,
        status=raw.status,
        metric=metric,
        period=period,
        area=area,
        sentence=text[sent_start:sent_end].strip(),
        scale=raw.scale,
        estimated=estimated,
        basis=_basis(norm, sent_start, seg_start, raw.start, metric, prev[1] if prev else None),
    )
