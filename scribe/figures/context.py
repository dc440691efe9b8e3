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

from scribe.lexicon.sentences import sentence_bounds
from scribe.models import Modality

HEADING_RE = re.compile(r"(?:^|(?<=[。\n\s!?！？]))[一二三四五六七八九十]{1,3}、\s*(?P<title>[^\n。，,;；(（]{2,40})")
# 重点工作 alone says nothing: （二）重点工作进展情况 reports progress, （二）聚力重点工作推进 sits under a plan
PLAN_WORD_RE = re.compile(r"计划|思路|打算|安排|下一步|下步|展望|工作要点")
SUMMARY_WORD_RE = re.compile(r"总结|情况|进展|成效|亮点|完成|举措|问题|回顾")
TITLE_SUMMARY_YEAR_RE = re.compile(r"(\d{4})年?(?:上半年|下半年|全年|度)?.{0,3}?总结")
TITLE_PLAN_YEAR_RE = re.compile(r"(\d{4})年?(?:上半年|下半年|全年|度)?.{0,3}?(?:计划|思路|打算|要点)")

_SPAN_WORDS = {
    "上半年": (1, 6),
    "下半年": (7, 12),
    "全年": (1, 12),
    "年度": (1, 12),
    "一季度": (1, 3),
    "第一季度": (1, 3),
    "二季度": (4, 6),
    "前三季度": (1, 9),
    "三季度": (7, 9),
    "四季度": (10, 12),
}
PERIOD_RE = re.compile(
    r"(?P<rel>去年同期|上年同期)"
    r"|(?P<year>\d{4})年(?:度)?(?P<yspan>上半年|下半年|全年|前三季度|第?[一二三四]季度|(?P<ym1>\d{1,2})-(?P<ym2>\d{1,2})月|(?P<yend>\d{1,2})月(?:底|末)?)?"
    r"|截至(?P<upto>\d{1,2})月(?:底|末)?"
    r"|(?P<m1>\d{1,2})-(?P<m2>\d{1,2})月"
    r"|(?P<span>上半年|下半年|全年|年度|前三季度|第?[一二三四]季度)"
)
AREA_RE = re.compile(r"全(?:市|区|县|省|国)(?![\u4e00-\u9fff]{0,4}[第前][\dX一二三四五六七八九十])")
TARGET_CUE_RE = re.compile(
    r"力争|确保|争取|力求|预期|目标是|目标为|为目标|目标[:：]|任务是|拟|计划(?=在|于|到|新增|实现|完成|达到|建成|引进|培育|招引|搭建|举办|开展|投入|申报|全年|年内|今年|明年|下半年|\d{1,2}月|X)"
    r"|预计(?=\s?(?:全年|年内|年底|今年|明年|到|\d{4}年))"
)
ESTIMATE_CUE_RE = re.compile(r"预计")
ACHIEVED_CUE_RE = re.compile(
    r"截至目前|截至\d{1,2}月|目前已|已经|已(?=完成|实现|达到|累计|新增|引进|建成|兑现|获|入驻|招引|筛选|落实|申报|组织|聘用|开展|投入|发放|认定|注册|入库|培育|启动|召开|走访)"
)


# A second report glued into the same file: "市科技局20XX年工作总结和20XX年工作计划".
PART_TITLE_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{0,4}[市区县])?(?:科学技术局|科技局)\s*(?P<year>\d{4}|20XX)?年?(?:上半年|全年)?(?:工作)?总结"
)


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


_QUOTED_NAME_RE = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"")


def classify_heading(title: str) -> Modality | None:
    title = _QUOTED_NAME_RE.sub("", title)  # 深化科技企业“森林计划” names a programme; it is not a plan heading
    plan = PLAN_WORD_RE.search(title)
    summary = SUMMARY_WORD_RE.search(title)
    if plan and (not summary or plan.start() < summary.start()):
        return Modality.TARGET
    if summary:
        return Modality.ACHIEVED
    return None


def title_years(text: str) -> tuple[int | None, int | None]:
    """Years of the summary and the plan as the title (first ~80 characters) states them."""
    head = text[:120]
    s = TITLE_SUMMARY_YEAR_RE.search(head)
    p = TITLE_PLAN_YEAR_RE.search(head)
    return (int(s.group(1)) if s else None), (int(p.group(1)) if p else None)


def _heading_period(title: str) -> tuple[int | None, str | None]:
    year = re.search(r"(\d{4})年", title)
    span = re.search(r"上半年|下半年|全年", title)
    return (int(year.group(1)) if year else None), (span.group(0) if span else None)


def build_context(text: str, section_path: Sequence[str] = (), default_period: str | None = None) -> DocContext:
    starts, ends = sentence_bounds(text)
    summary_year, plan_year = title_years(text)
    default_year = parse_period(default_period)[0] if default_period else None
    head = text[:120]
    plan_span = "下半年" if re.search(r"下半年(?:工作)?(?:计划|思路|打算)", head) else None
    summary_span = "上半年" if re.search(r"上半年(?:工作)?(?:总结|情况)", head) else None
    regions: list[Region] = []
    if section_path:
        joined = " ".join(section_path)
        modality = None
        for title in reversed(section_path):
            modality = classify_heading(title)
            if modality:
                break
        year, span = _heading_period(joined)
        regions.append(Region(0, modality, year or default_year, span))
    else:
        regions.append(
            Region(0, Modality.ACHIEVED if summary_year else None, summary_year or default_year, summary_span)
        )
    for m in PART_TITLE_RE.finditer(text):
        if m.start() > 0:
            regions.append(Region(m.start(), Modality.ACHIEVED, _year_of(m.group("year")), None))
    for m in HEADING_RE.finditer(text):
        modality = classify_heading(m.group("title")[:16])
        if modality is None:
            continue
        year, span = _heading_period(m.group("title")[:16])
        if modality is Modality.TARGET:
            year = year or plan_year or summary_year or default_year
            span = span or plan_span
        else:
            year = year or summary_year or default_year
            span = span or summary_span
        regions.append(Region(m.start(), modality, year, span))
    regions.sort(key=lambda r: r.start)
    return DocContext(starts, ends, [r.start for r in regions], regions)


def parse_period(period: str | None) -> tuple[int | None, tuple[int, int] | None, bool]:
    """``2024年1-5月`` -> (2024, (1, 5), False); ``去年同期`` -> (None, None, True)."""
    if not period:
        return None, None, False
    if "去年" in period or "上年" in period:
        return None, None, True
    year_m = re.search(r"(\d{4})年", period)
    year = int(year_m.group(1)) if year_m else None
    months: tuple[int, int] | None = None
    rng = re.search(r"(\d{1,2})-(\d{1,2})月", period)
    if rng:
        months = (int(rng.group(1)), int(rng.group(2)))
    else:
        for word, span in _SPAN_WORDS.items():
            if word in period:
                months = span
                break
        else:
            upto = re.search(r"(?:截至)?(\d{1,2})月", period)
            if upto:
                months = (1, int(upto.group(1)))
    return year, months, False


def periods_compatible(a: str | None, b: str | None) -> bool:
    ya, ma, ra = parse_period(a)
    yb, mb, rb = parse_period(b)
    if ra != rb:
        return False
    if ya is not None and yb is not None and ya != yb:
        return False
    if ma is not None and mb is not None:
        return ma[0] <= mb[1] and mb[0] <= ma[1]
    return True


def figure_period(text: str, sent_start: int, fig_start: int, region: Region | None) -> str | None:
    """The nearest period stated before the figure in its sentence, completed by the section's."""
    seg = text[sent_start:fig_start]
    year: int | None = None
    span: str | None = None
    for m in PERIOD_RE.finditer(seg):
        if m.group("rel"):
            # only the figure right after 去年同期(的/为) is itself last year's value
            tail = seg[m.end() :]
            if re.fullmatch(r"[的为是]?\s?", tail) or re.fullmatch(r"的?[\u4e00-\u9fff]{0,12}[的为]", tail):
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
            span = f"{m.group('m1')}-{m.group('m2')}月"
        elif m.group("span"):
            span = "全年" if m.group("span") == "年度" else m.group("span")
    if region is not None:
        year = year or region.year
        span = span or region.span
    if year is None and span is None:
        return None
    return f"{year}年{span or ''}" if year else span


def figure_area(text: str, sent_start: int, fig_start: int, default_area: str | None) -> str | None:
    found = None
    for m in AREA_RE.finditer(text, sent_start, fig_start):
        found = m.group(0)
    return found or default_area


def figure_modality(text: str, sent_start: int, fig_start: int, region: Region | None) -> tuple[Modality, bool]:
    """(modality, estimated): a cue before the figure in its sentence beats the section's default."""
    seg = text[sent_start:fig_start]
    seg = seg[max(seg.rfind(";"), seg.rfind("；")) + 1 :]
    targets = list(TARGET_CUE_RE.finditer(seg))
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
        return Modality.TARGET, False
    return Modality.ACHIEVED, estimated
