"""The words around a figure: sentence, section (summary or plan), period, area, modality.

A report's level-1 headings (一、上半年工作情况 / 三、下步工作思路) switch between what was
achieved and what is planned; the title fixes the year. Both are found inline too, because
many reports reach us flattened onto one line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from scribe.lexicon.headings import (
    ANNEX_LINE_RE,
    BARE_HEADING_LINE_RE,
    LEVEL1_HEADING_RE,
    ROLE_WORDS,
    SectionRole,
    bare_heading_role,
    heading_role,
    path_role,
    strong_role,
    weak_plan_before_plan,
)
from scribe.lexicon.hedges import ACHIEVED_CUE_RE, ESTIMATE_CUE_RE, HEDGE_WORDS, TARGET_CUE_RE
from scribe.lexicon.numerals import ORDINAL_CHARS
from scribe.lexicon.periods import (
    DECLARED_SPAN,
    LABEL_PERIOD_RE,
    LAST_YEAR_WORD_RE,
    PERIOD_MENTION_RE,
    SAME_PERIOD_OF_YEAR,
    dates_the_target,
    heading_period,
    month_number,
    parse_period,
    states_an_earlier_year,
    title_years,
)
from scribe.lexicon.places import BUREAU_ORG_RE, WHOLE_AREA_RE
from scribe.lexicon.sentences import ATTRIBUTION_LEAD, broken_down_sentence, sentence_bounds
from scribe.models import Modality

# A second report glued into the same file: "市科技局20XX年工作总结和20XX年工作计划".
PART_TITLE_RE = re.compile(
    rf"(?:[\u4e00-\u9fff]{{0,4}}[市区县])?{BUREAU_ORG_RE.pattern}\s*(?P<year>\d{{4}}|20XX)?年?(?:上半年|全年)?(?:工作)?总结"
)


_HEDGE_ALT = "|".join(HEDGE_WORDS)  # 去年同期约37.3亿元: the hedge does not end the period
_PLAN_TITLE_WORDS = "|".join(w for w in ROLE_WORDS[SectionRole.PLAN] if w in ("计划", "思路", "打算"))


# What may precede a period that leads its sentence (and so dates every clause of it): an item marker, and a
# lead-in naming where the statement comes from (根据…公报，2022年…；研发投入强度1.67%: 2022).
_LEADING = re.compile(rf"[\s（(）){ORDINAL_CHARS}\d、.．是]*(?:{ATTRIBUTION_LEAD})?")


_PAST_BASE_BEFORE_RE = re.compile(r"(?:上一?年|去年)$")
# A period right after these names the base a figure is compared with (较2023年底的221家).
_COMPARED_RE = re.compile(r"(?:较|比|相比|同比)$")
_SAME_PERIOD_TAIL_RE = re.compile(rf"{SAME_PERIOD_OF_YEAR}(?:{'|'.join(HEDGE_WORDS)})?\s?")


def _year_of(token: str | None) -> int | None:
    return int(token) if token and token.isdigit() else None


@dataclass(frozen=True)
class Region:
    start: int
    modality: Modality | None
    year: int | None
    span: str | None


@dataclass(frozen=True)
class DocContext:
    """Sections and periods of one text, computed once per text."""

    sentence_starts: list[int]
    sentence_ends: list[int]
    region_starts: list[int]
    regions: list[Region]

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sentence_starts, pos) - 1
        i = max(i, 0)
        return self.sentence_starts[i], self.sentence_ends[i]

    def region(self, pos: int) -> Region | None:
        i = bisect_right(self.region_starts, pos) - 1
        return self.regions[i] if i >= 0 else None


def _declared_span(period: str | None) -> str | None:
    """The months a report declares it covers when they are not a half or whole year: 一季度（1-3月） → 1-3月.

    A 上半年（1-5月） report is left alone: its unlabelled figures may be either.
    """
    if not period or any(word in period for word in ("上半年", "下半年", "全年", "年度")):
        return None
    months = parse_period(period).months
    return f"{months[0]}-{months[1]}月" if months and months != (1, 12) else None


def classify_heading(title: str) -> Modality | None:
    """A heading's modality: a plan heading states targets, a review or problems heading what was achieved."""
    role = heading_role(title)
    if role is None:
        return None
    return Modality.TARGET if role is SectionRole.PLAN else Modality.ACHIEVED


def build_context(
    text: str,
    section_path: Sequence[str] = (),
    default_period: str | None = None,
    later_headings: Sequence[str] = (),
) -> DocContext:
    starts, ends = sentence_bounds(text)
    summary_year, plan_year = title_years(text)
    default_year = parse_period(default_period)[0] if default_period else None
    head = text[:120]
    plan_span = "下半年" if re.search(rf"下半年(?:工作)?(?:{_PLAN_TITLE_WORDS})", head) else None
    summary_span = (
        "上半年" if re.search(r"上半年(?:工作)?(?:进展|完成)?(?:总结|情况)", head) else _declared_span(default_period)
    )
    regions: list[Region] = []
    if section_path:
        joined = " ".join(section_path)
        role = path_role(section_path)  # 一、…成效 > （二）重点工作: the outer review decides, not the weak 重点工作
        if role is SectionRole.PLAN and weak_plan_before_plan(section_path[0][:16], [h[:16] for h in later_headings]):
            role = SectionRole.REVIEW  # 二、重点工作 before 四、第四季度工作安排: the review of the key tasks
        modality = None if role is None else Modality.TARGET if role is SectionRole.PLAN else Modality.ACHIEVED
        year, span = heading_period(joined)
        regions.append(Region(0, modality, year or default_year, span))
    else:
        regions.append(
            Region(0, Modality.ACHIEVED if summary_year else None, summary_year or default_year, summary_span)
        )
    for m in PART_TITLE_RE.finditer(text):
        if m.start() > 0:
            regions.append(Region(m.start(), Modality.ACHIEVED, _year_of(m.group("year")), None))
    bare = [(m, bare_heading_role(m.group("title"))) for m in BARE_HEADING_LINE_RE.finditer(text)]
    bare += [(m, strong_role(m.group("title"))) for m in ANNEX_LINE_RE.finditer(text)]

    def heading_region(start: int, modality: Modality, title: str) -> Region:
        """A heading's region: its own period, else the plan's or the summary's by what the heading opens."""
        year, span = heading_period(title)
        if modality is Modality.TARGET:
            return Region(start, modality, year or plan_year or summary_year or default_year, span or plan_span)
        return Region(start, modality, year or summary_year or default_year, span or summary_span)

    for m, found in bare:
        if found is not None and m.start() > 0:
            plan_part = found is SectionRole.PLAN
            regions.append(
                heading_region(m.start(), Modality.TARGET if plan_part else Modality.ACHIEVED, m.group("title"))
            )
    level1 = list(LEVEL1_HEADING_RE.finditer(text))
    for i, m in enumerate(level1):
        modality = classify_heading(m.group("title")[:16])
        if modality is None:
            continue
        if modality is Modality.TARGET and weak_plan_before_plan(
            m.group("title")[:16], [h.group("title")[:16] for h in level1[i + 1 :]]
        ):
            modality = Modality.ACHIEVED  # 二、重点工作 before 三、第四季度工作打算: the review of the key tasks
        regions.append(heading_region(m.start(), modality, m.group("title")[:16]))
    regions.sort(key=lambda r: r.start)
    return DocContext(starts, ends, [r.start for r in regions], regions)


def figure_period(text: str, sent_start: int, fig_start: int, region: Region | None) -> str | None:
    """The nearest period stated before the figure in its sentence, completed by the section's."""
    seg = text[sent_start:fig_start]
    label = LABEL_PERIOD_RE.match(seg)
    last_clause = re.split(r"[，,；;]", seg)[-1]
    if label is not None and not LAST_YEAR_WORD_RE.search(last_clause):
        # 规上工业企业研发费用（1-5月）单位亿元，…，1-6月完成19.85: the row's own months (its 上年同期 cell stays last year's)
        return figure_period(text, sent_start, sent_start + label.end("period"), region)
    year: int | None = None
    span: str | None = None
    last_year = False
    clause_start = max(seg.rfind("；"), seg.rfind(";")) + 1
    for m in PERIOD_MENTION_RE.finditer(seg):
        if m.start() < clause_start and not _LEADING.fullmatch(seg[: m.start()]):
            continue  # 兑现2023年度资金…；协助企业…18.6亿元: a year inside an earlier clause dates that clause only
        if m.group("year") and not m.group("yspan") and _SAME_PERIOD_TAIL_RE.fullmatch(seg, m.end()):
            year = int(m.group("year"))  # 比2025年同期的120家: the same months of 2025 (the span read so far stays)
            continue
        if (
            not m.group("rel")
            and _COMPARED_RE.search(seg, 0, m.start())
            and not re.fullmatch(rf"[的为是]?(?:{_HEDGE_ALT})?\s?", seg[m.end() :])
        ):
            continue  # 较2023年底的221家净增47家 / 增速较1-10月加快: the period dates the base (较2022年的84.1亿元) only
        if m.group("rel"):
            # only the figure right after 去年同期(的/为) is itself last year's value
            tail = seg[m.end() :]
            if re.fullmatch(rf"[的为是]?(?:{_HEDGE_ALT})?\s?", tail) or re.fullmatch(
                rf"的?[\u4e00-\u9fff]{{0,12}}[的为](?:{_HEDGE_ALT})?", tail
            ):
                return "去年同期"
            continue
        if m.group("year"):
            year = int(m.group("year"))
            span = "全年" if "年度" in m.group(0) else None
            if m.group("yspan"):
                if m.group("ym1"):
                    span = f"{m.group('ym1')}-{m.group('ym2')}月"
                elif m.group("yend"):
                    span = f"1-{m.group('yend')}月"
                else:
                    span = m.group("yspan")
        elif m.group("upto"):
            span = f"1-{m.group('upto')}月"
        elif m.group("m1"):
            span = f"{month_number(m.group('m1'))}-{month_number(m.group('m2'))}月"  # 一至五月 → 1-5月
        elif m.group("span"):
            # 年度任务|过半 / 完成全年目标|46.4%: the target's span, not the figure's
            if dates_the_target(seg[m.end() :], text[fig_start : fig_start + 8], seg[: m.start()]):
                continue
            if _valued_target_clause(seg[m.end() :]):
                continue  # 全年目标15000万元，完成进度24.3%: 全年 dates the target's clause only
            if _PAST_BASE_BEFORE_RE.search(seg, 0, m.start()) and re.fullmatch(
                rf"的(?:{_HEDGE_ALT})?\s?", seg[m.end() :]
            ):
                continue  # 已达到上年全年的近八成: last year's whole is the base of a share as of the report
            span = "全年" if m.group("span") == "年度" else m.group("span")
            # 上年全年成交额为11.6亿元: the whole of the year before the report's (unless a year is named)
            last_year = bool(_PAST_BASE_BEFORE_RE.search(seg, 0, m.start())) and year is None
    if year is None and span is None:
        lead = _paragraph_lead(text, sent_start)
        if lead is not None:
            return figure_period(text, lead[0], lead[1], region)
        base = broken_down_sentence(text, sent_start)
        if base is not None:
            # 1-5月，全市研发费用2.47亿元。其中新能源企业…增长27.1%: a 其中 sentence splits the previous one's figures
            return figure_period(text, base[0], base[1], region)
    if region is not None:
        year = year or (region.year - 1 if last_year and region.year else region.year)
        # a 下半年工作思路 restates the year's targets (年度…18%以上): its half dates only what says so itself
        plan_half = region.modality is Modality.TARGET and region.span not in (None, "全年", "年度")
        span = span or (None if plan_half else region.span)
    if year is None and (span is None or last_year):
        return None  # 上年全年 in a text that names no year of its own: which year is unknown, not the report's
    return f"{year}年{span or ''}" if year else span


# A paragraph that opens on a period (1-5月，规上工业研发费用…。…。完成技术合同交易额2.97亿元) dates its later sentences.
_LEAD_RE = re.compile(
    rf"[\s（(）){ORDINAL_CHARS}\d、.．]*?(?=(?:\d{{4}}年|\d{{1,2}}\s?[-至到~]\s?\d{{1,2}}月|截至|{DECLARED_SPAN}))"
)


def _paragraph_lead(text: str, sent_start: int) -> tuple[int, int] | None:
    """(start, end) of the period mention that opens the paragraph of an earlier sentence, if it opens on one."""
    para = text.rfind("\n", 0, sent_start) + 1
    if para >= sent_start:
        return None
    lead = _LEAD_RE.match(text, para, sent_start)
    if lead is None:
        return None
    m = PERIOD_MENTION_RE.match(text, lead.end(), sent_start)
    if m is None or m.group("rel") or text[m.end() : m.end() + 1] not in ("，", ",", "：", ":"):
        return None
    return para, m.end() + 1


_TARGET_CLAUSE_RE = re.compile(
    r"(?:目标|任务)(?:任务|值|数|量)?(?:为|是)?\s?[\d.]+\s?[万亿]?[\u4e00-\u9fff%]{0,3}[，,]"
)


def _valued_target_clause(after_span: str) -> bool:
    return _TARGET_CLAUSE_RE.match(after_span) is not None


def figure_area(text: str, sent_start: int, fig_start: int, default_area: str | None) -> str | None:
    found = None
    for m in WHOLE_AREA_RE.finditer(text, sent_start, fig_start):
        found = m.group(0)
    return found or default_area


_VALUED_TARGET_RE = re.compile(r"(?:目标|任务)(?:任务|值|数|量)?(?:为|是)?$")
_VALUE_THEN_CLAUSE_RE = re.compile(r"\s?[\d.]+\s?[万亿]?[\u4e00-\u9fff%]{0,3}[，,]")


# The rest of a completion clause after its 目标 cue: 完成全年目标（260家）的28.1%，…
_COMPLETION_THEN_CLAUSE_RE = re.compile(r"[^，,；;。]*?[\d.]+\s?%\s?[，,]")


def _valued_target_before(seg: str, cue: re.Match[str]) -> bool:
    """A 目标 cue whose value follows it and ends its clause before the figure (…全年目标15000万元，…), or one
    inside a completion clause that ended before it (完成全年目标（260家）的28.1%，比序时进度低5.2个百分点: the
    later clauses state results)."""
    if _VALUED_TARGET_RE.search(cue.group(0)) and _VALUE_THEN_CLAUSE_RE.match(seg, cue.end()):
        return True
    clause_start = max(seg.rfind(ch, 0, cue.start()) for ch in "，,") + 1
    return "完成" in seg[clause_start : cue.start()] and bool(_COMPLETION_THEN_CLAUSE_RE.match(seg, cue.end()))


def figure_modality(text: str, sent_start: int, fig_start: int, region: Region | None) -> tuple[Modality, bool]:
    """(modality, estimated): a cue before the figure in its sentence beats the section's default."""
    seg = text[sent_start:fig_start]
    seg = seg[max(seg.rfind(";"), seg.rfind("；")) + 1 :]
    # 全年目标15000万元，完成进度24.3%: a target named by its value is that clause's, not the later clauses'
    targets = [t for t in TARGET_CUE_RE.finditer(seg) if not _valued_target_before(seg, t)]
    achieveds = list(ACHIEVED_CUE_RE.finditer(seg))
    target = targets[-1] if targets else None
    achieved = achieveds[-1] if achieveds else None
    clause_start = max(seg.rfind(ch) for ch in "，,；;") + 1
    estimated = ESTIMATE_CUE_RE.search(seg, clause_start) is not None and not (
        target and target.start() >= clause_start
    )
    if target and (not achieved or target.start() > achieved.start()):
        return Modality.TARGET, False
    if achieved:
        return Modality.ACHIEVED, estimated
    if region is not None and region.modality is Modality.TARGET:
        if states_an_earlier_year(seg, region.year):
            return Modality.ACHIEVED, estimated  # 2024年工作计划: 2023年首次突破100家 is the result it builds on
        return Modality.TARGET, False
    return Modality.ACHIEVED, estimated
