"""Periods as reports write them: 2024年, 上半年, 1-5月 / 一至五月, 一季度, 前三季度, 全年 / 年度, 截至5月, 去年同期.

A period is read into a :class:`PeriodSpec` (year, months, relative); two periods are compatible unless what both
state disagrees — an unstated year or span is unknown, not different.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

from scribe.lexicon.headings import ITEM_MARKER, LEADING_MARKER_RE
from scribe.lexicon.numerals import CN_DIGITS, cn_ordinal
from scribe.lexicon.sentences import ATTRIBUTION_LEAD

# Named spans and the months they cover, longest first (前三季度 before 三季度).
SPAN_MONTHS: dict[str, tuple[int, int]] = {
    "前三季度": (1, 9),
    "第一季度": (1, 3),
    "第二季度": (4, 6),
    "第三季度": (7, 9),
    "第四季度": (10, 12),
    "一季度": (1, 3),
    "二季度": (4, 6),
    "三季度": (7, 9),
    "四季度": (10, 12),
    "上半年": (1, 6),
    "下半年": (7, 12),
    "全年": (1, 12),
    "年度": (1, 12),
}
HALF_YEARS = ("上半年", "下半年")
WHOLE_YEAR_WORDS = ("全年", "年度")
# 上半年|下半年|全年: the spans a report's title or heading declares.
DECLARED_SPAN = "|".join((*HALF_YEARS, "全年"))
RELATIVE_WORDS = ("去年同期", "上年同期")
# 一季度 / 第三季度 / 前三季度: a quarter names when, not what (一季度增速为6.9% measures the metric before it).
QUARTER_SPAN = "前三季度|第?[一二三四]季度"

_RANGE_DASH = r"\s*[-—–~〜至到]\s*"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
YEAR = r"(?:19|20)\d{2}"
YEAR_RE = re.compile(rf"(?<![\d.])({YEAR})\s*年")
# A year written in Chinese digits (二〇二四年 / 二零二五年度): read as 2024 / 2025, one digit per character. The
# circle and the full-width letter O that stand in for 〇 in typed reports are zeros too.
_ZERO_LOOKALIKES = str.maketrans("○Ｏ", "〇〇")
CN_YEAR_RE = re.compile(r"(?:一九|二[〇零○Ｏ])[〇零○Ｏ一二三四五六七八九]{2}(?=\s*年)")


def arabic_years(text: str) -> str:
    """``text`` with its years in Chinese digits written in Arabic ones (二〇二四年 → 2024年), every other character
    and so every offset unchanged."""
    return CN_YEAR_RE.sub(lambda m: "".join(str(CN_DIGITS[ch]) for ch in m.group().translate(_ZERO_LOOKALIKES)), text)


# 1-5月 / 1—5月 / 一至五月: the months a figure covers.
MONTH_RANGE_RE = re.compile(rf"(?<![\d.])(?P<m1>{_MONTH}){_RANGE_DASH}(?P<m2>{_MONTH})\s*月")
QUARTER_RE = re.compile(r"(?:前三|第?[一二三四1-4])\s*季度")
SPAN_RE = re.compile("|".join(SPAN_MONTHS))
# A year that is not the end of a range (2021—2025年 counts 2021 only), a year written without 年 (2021工作总结),
# and the year a report opens with (2024年以来 / 2024年上半年 / 2024年1-5月).
SINGLE_YEAR_RE = re.compile(rf"(?<![\d.\-—~至到])({YEAR})\s*年")
BARE_YEAR_RE = re.compile(rf"(?<![\d.])({YEAR})(?![\d.万亿%])")
OPENING_YEAR_RE = re.compile(rf"({YEAR})\s*年(?:度)?(?:以来|上半年|下半年|全年|工作|1\s*[-—~至])")
# The months from January a report's figures cover (1-5月 / 一至五月), and the period a report declares.
YEAR_TO_DATE_RE = re.compile(rf"(?:1|一){_RANGE_DASH}(?P<m2>1[0-2]|[2-9]|十[一二]?|[二三四五六七八九])\s*月")
DECLARED_PERIOD_RE = re.compile(rf"上半年|下半年|前三季度|第?[一二三四1-4]季度|{YEAR_TO_DATE_RE.pattern}|全年|年度")
# A year as written (2024年) and a span within a year (1-5月 / 上半年 / 一季度 / 全年), as whole words.
YEAR_WORD_RE = re.compile(rf"(?<![\d.]){YEAR}\s*年")
SPAN_WORD_RE = re.compile(rf"{MONTH_RANGE_RE.pattern}|上半年|下半年|全年|年度|{QUARTER_RE.pattern}")
# Any period word a question or a heading may carry.
PERIOD_WORD_RE = re.compile(rf"{YEAR_WORD_RE.pattern}|{SPAN_WORD_RE.pattern}")


TITLE_SUMMARY_YEAR_RE = re.compile(r"(\d{4})年?(?:上半年|下半年|全年|度)?.{0,3}?总结")
TITLE_PLAN_YEAR_RE = re.compile(r"(\d{4})年?(?:上半年|下半年|全年|度)?.{0,3}?(?:计划|思路|打算|要点)")

# A period stated before a figure in its sentence: 2024年1-5月 / 截至5月底 / 上半年 / 去年同期.
PERIOD_MENTION_RE = re.compile(
    r"(?P<rel>去年同期|上年同期)"
    r"|(?P<year>\d{4})年(?:度)?(?P<yspan>上半年|下半年|全年|前三季度|第?[一二三四]季度|(?P<ym1>\d{1,2})-(?P<ym2>\d{1,2})月|(?P<yend>\d{1,2})月(?:底|末)?)?"
    r"|截至(?P<upto>\d{1,2})月(?:底|末)?"
    rf"|(?P<m1>\d{{1,2}}|{_MONTH})\s?[-至到~]\s?(?P<m2>\d{{1,2}}|{_MONTH})月"
    r"|(?P<span>上半年|下半年|全年|(?<![上去])(?<!上一)年度|前三季度|第?[一二三四]季度)"  # 上年度 is no 全年
)

# 完成年度任务的约三分之一 / 全年目标的53.8% / 年度任务过半: a span that names the target a share is measured against dates the
# target, not the share that follows it (the share is as of the report).
TARGET_OF_SPAN_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{0,4}?|[\d.]+[万亿]?[\u4e00-\u9fff]{0,2})(?:目标|任务|计划)+(?:值|数)?(?:[（(][^（()）]{1,20}[）)])?(?:的|(?=过半|近半|[近约超逾][一二三四五六七八九半]|(?:超过|接近|将近|不足|不到)[一二三四五六七八九两半]|[一二三四五六七八九]成))"
)


# 完成全年目标46.4%: a rate written right after the target a result completed (no 的) is that result's share of it.
_COMPLETED_TARGET_RATE_RE = re.compile(r"(?:目标|任务)(?:任务)?\s?[\d.]+\s?%")
_COMPLETED_BEFORE_RE = re.compile(r"完成(?:了)?$")


def dates_the_target(between: str, figure: str = "", before_span: str = "") -> bool:
    """Whether the words between a span mention and the figure (``任务的约`` after 年度, with the figure's first
    characters: 年度任务|过半) make it the target's period; or, after 完成 (``before_span``), the target a rate right
    after it completed (完成全年目标|46.4%)."""
    if TARGET_OF_SPAN_RE.match(between + figure[:4]) is not None:
        return True
    return bool(_COMPLETED_BEFORE_RE.search(before_span) and _COMPLETED_TARGET_RATE_RE.match(between + figure))


# 比2025年同期的120家 / 2024年同期仅为0.9亿元: 同期 right after a named year dates the same months of that year; the
# figure right after these words (up to a hedge) is that year's value of the sentence's metric.
SAME_PERIOD_OF_YEAR = r"同期(?:仅|只)?(?:的|为|是|有|达到?)?"
# The same base as noise in a metric name (比2025年同期增长 names 增长, not 比同期增长).
SAME_PERIOD_BASE = r"(?:与|和|同|较|比)?\d{4}年度?同期(?:相比)?"


# 上年新认定631家 / 去年已建成: a past year named as the time of what follows, not as a base of comparison
# (比上年增长 / 较去年同期 compare against it).
PAST_YEAR_WORD_RE = re.compile(r"(?<![比较与同于])(?:上一?年|去年)(?:度)?(?!同期|相比)")


def states_an_earlier_year(segment: str, year: int | None) -> bool:
    """Whether ``segment`` (a figure's words before it) dates it before ``year``: 2023年 in a 2024 plan, or 上年."""
    if PAST_YEAR_WORD_RE.search(segment):
        return True
    return year is not None and any(y < year for y in years_in(segment))


# 今年入库142家、超额完成全年目标，明年力争达到150家: 今年 set against a 明年 later in the sentence is the year before
# the plan, not the plan's year.
_THIS_YEAR_RE = re.compile(r"(?:今年|本年|当年)(?:以来)?")
_NEXT_YEAR_RE = re.compile(r"明年|下一年|来年")


def this_year_before_next(before: str, after: str) -> bool:
    """Whether a figure's words before it (``before``, its clause) name 今年 and the rest of its sentence (``after``)
    names 明年: the figure is this year's result, the plan is next year's."""
    return bool(_THIS_YEAR_RE.search(before) and _NEXT_YEAR_RE.search(after))


# A value from before the period a report covers: 去年同期 / 上年末 / 年初 (较年初提高1.4件 → 年初为17.5件); 此前 /
# 之前 / 原先 for the value before a stated move (位次前移10位，列第80位 → 此前第90位).
PRIOR_CUE_RE = re.compile(
    r"去年同期|上年同期|上年末|上年底|去年底|去年末|上一年|上年|去年|前一年|年初|此前|之前|以前|原先"
)

# A share of the whole of a year before (1-10月已达到2025年全年的88% / 相当于去年全年总量的44.3%): the words right
# before the figure.
SHARE_OF_PRIOR_RE = re.compile(
    r"(?:达到|相当于|为|是|占)(?:了)?(?:\d{4}年度?|上一?年度?|去年)(?:全年)?(?:总量|总额|水平)?的(?:约|近|超过?|逾|接近)?$"
)

# An amount's change over the period before, stated as an amount (比上年同期增加1.5亿元 / 同比减少0.3亿元): the
# clause before the figure, up to a hedge. Group ``down`` holds a fall.
CHANGE_OVER_PRIOR_RE = re.compile(
    r"(?:(?:比|较)(?:上年|去年|上一年)(?:同期|全年)?|同比)(?:(?P<up>增加|增长|多|提高|增多)|(?P<down>减少|下降|降低))了?"
    r"[^\d，,；;。]{0,3}$"
)


# A year named relative to the asker's now (去年 / 今年 / 明年 / 下一年 / 前一年 / 年末): when, never what, is asked.
RELATIVE_YEAR_WORD_RE = re.compile(r"(?:去|今|明|本|当|上一?|下一?|前一)年(?:度|末|底|初)?|年(?:末|底|初)|最新")


def prior_to(claim_period: str | None, source_period: str | None, segment: str = "") -> bool:
    """Whether a figure speaks of the time before the source's: a 去年同期 / 上年 / 年初 cue in ``segment``, or a
    stated year before the source's year (``2022年`` against a 2023 report)."""
    if PRIOR_CUE_RE.search(segment) or parse_period(claim_period).relative:
        return True
    a, b = parse_period(claim_period).year, parse_period(source_period).year
    return a is not None and b is not None and a < b


# A period that names the report a question is about, not the figure it asks for: 2024年上半年总结中提到的2023年全年… /
# 2023年工作报告里的… / 今年上半年总结里提到的2023年… / 上半年报告里提到2023年…. Only what the rest of the question
# dates is asked.
REPORT_PERIOD_RE = re.compile(
    rf"(?:(?:{YEAR}|[今本去上])\s*年(?:度)?(?:{SPAN_WORD_RE.pattern})?|上半年|下半年|{QUARTER_RE.pattern})"
    r"(?:科技)?(?:工作)?(?:总结|报告|汇报|要点|计划)(?=中|里|内|提到|指出|所|的|显示)"
)


def asked_beside_report(question: str) -> str:
    """``question`` without the period naming its report, when the rest dates the figure asked on its own
    (``2024年上半年总结中提到的2023年全年…`` asks about 2023年全年); otherwise the question as it is."""
    rest = REPORT_PERIOD_RE.sub(" ", question)
    return rest if rest != question and PERIOD_WORD_RE.search(rest) else question


# A year left masked (20XX年 / XXXX年, or 202X年 with its decade kept): unknown, never another year — it names only a
# report whose year is masked too.
MASKED_YEAR_RE = re.compile(r"(?<![\dXx])(?:(?:19|20)(?:[Xx]{2}|\d[Xx])|[Xx]{4})\s*年")


def names_masked_year(text: str) -> bool:
    return MASKED_YEAR_RE.search(text) is not None


def title_years(text: str) -> tuple[int | None, int | None]:
    """Years of the summary and the plan as the title (first ~80 characters) states them."""
    head = text[:120]
    s = TITLE_SUMMARY_YEAR_RE.search(head)
    p = TITLE_PLAN_YEAR_RE.search(head)
    return (int(s.group(1)) if s else None), (int(p.group(1)) if p else None)


# A period in brackets right after the name a sentence opens with (a table row's label: 研发费用（1-5月）单位亿元，…):
# it dates the row's figures, whatever period a column header gives them later in the row.
LABEL_PERIOD_RE = re.compile(
    r"[^，,；;。（(\d]{2,30}[（(]\s*(?P<period>(?:\d{4}年)?\d{1,2}\s?[-—–至到~]\s?\d{1,2}月)\s*[)）][^，,；;。]{0,12}[，,]"
)


# Words that date a figure to the year before: 上年同期 / 去年同期 / 上年 (a table's 上年同期 column).
LAST_YEAR_WORD_RE = re.compile(r"(?:上年|去年|上一年)(?:同期)?")


def heading_period(title: str) -> tuple[int | None, str | None]:
    """(year, half, quarter or whole year) a heading states: ``二、2024年下半年工作思路`` → (2024, 下半年),
    ``三、二季度工作打算`` → (None, 二季度), ``三、二〇二五年工作打算`` → (2025, None)."""
    year = re.search(r"(\d{4})年", arabic_years(title))
    span = re.search(rf"上半年|下半年|全年|{QUARTER_SPAN}", title)
    return (int(year.group(1)) if year else None), (span.group(0) if span else None)


class PeriodSpec(NamedTuple):
    year: int | None
    months: tuple[int, int] | None
    relative: bool = False  # 去年同期: last year's value, whatever the year


# A period label's year, masked ones too (2026年上半年 / 202X年度…): what is left is the span a report calls its own.
_LABEL_YEAR_RE = re.compile(r"^(?:\d{4}|20[Xx×]{2})年(?:度)?")


def label_span(label: str) -> str:
    """A period label without its leading year: ``2026年上半年`` → ``上半年``; a label with no year is returned as is."""
    return _LABEL_YEAR_RE.sub("", label)


def month_number(token: str) -> int:
    """``5`` / ``05`` / ``五`` / ``十二`` → the month; 0 if not a month."""
    value = int(token) if token.isdigit() else cn_ordinal(token)
    return value if 1 <= value <= 12 else 0


def month_range(text: str) -> tuple[int, int] | None:
    """The first month range in ``text``: ``1-5月`` / ``一至五月`` → (1, 5)."""
    m = MONTH_RANGE_RE.search(text)
    if not m:
        return None
    a, b = month_number(m.group("m1")), month_number(m.group("m2"))
    return (a, b) if a and b and a <= b else None


def canonical_months(text: str) -> str | None:
    """``一至五月`` / ``1—5 月`` → ``1-5月``; None without a range."""
    span = month_range(text)
    return f"{span[0]}-{span[1]}月" if span else None


# 比2022年末增加多少 / 较2023年同期: a year after 比/较 is the base a change is measured from, not the year asked.
BASE_YEAR_RE = re.compile(rf"(?:比|较|与|同)({YEAR})\s*年")


def base_years(text: str) -> list[int]:
    """Years a question names only as the base of a comparison (比2022年末 …)."""
    bases = {int(y) for y in BASE_YEAR_RE.findall(text)}
    others = {int(m.group(1)) for m in YEAR_RE.finditer(text) if not BASE_YEAR_RE.match(text, max(0, m.start() - 1))}
    return sorted(bases - others)


# A year's own value stated inside a sentence of another year (较2025年末的104家 / 2025年底的84家 / 研发投入强度2025年为
# 2.47% / 2025年全年为152家): the number right after the year (and 末 / 底 / 全年, 的 / 为 / 是 / 达到) is that year's, not
# a change over it (较2024年提高0.14个百分点 / 比2025年底净增19家 state this year's change).
YEAR_VALUE_RE = re.compile(
    rf"(?<![\d.])({YEAR})\s*年(?:末|底|全年|度)?(?:的|为|是|达到?|共|有)?\s*\d[\d.,]*(?![\d.,]|\s*[-—–~至到月季年])"
)
# A year's batch paid or counted in another year's report (兑现2025年度科技奖励资金): not that year's value, but what a
# question about that year's awards asks.
YEAR_BATCH_RE = re.compile(rf"(?<![\d.])({YEAR})\s*年度(?=[\u4e00-\u9fff])")


def year_values(text: str) -> list[int]:
    """The years whose own figure ``text`` states in passing (较2025年末的104家 → [2025]), in order, each once."""
    return list(dict.fromkeys(int(m.group(1)) for m in YEAR_VALUE_RE.finditer(text)))


def years_in(text: str) -> list[int]:
    """Years written with 年, in order, each once: ``2023年…2024年`` → [2023, 2024]."""
    return list(dict.fromkeys(int(y) for y in YEAR_RE.findall(text)))


# 完成全年目标的多少 / 年度任务完成没有: a span naming the target asks about no period of its own (the figures are the
# report's, measured against that target).
TARGET_SPAN_RE = re.compile(r"(?:全年|年度)(?=(?:目标|任务)(?!是|为|定|要))")


# A month's end asked as a point in time (9月底 / 截至6月末): the months up to it; a year's start or end beside it
# (2023年末和2024年6月底) makes it one of two points, not a span.
_MONTH_END_RE = re.compile(rf"(?<![\d.\-—~到])(?:(?<=截至)|(?<=截止)|(?<!至))(?P<m>{_MONTH})\s*月(?:底|末)")
_YEAR_POINT_RE = re.compile(r"年(?:末|底|初)")


def period_words(text: str) -> list[str]:
    """The periods a question names, canonical: ``1—5月`` → ``1-5月``, 年度 → 全年, 一季度 as written, a month's end
    (9月底) the months up to it; a 全年 that names a target (全年目标的多少) is none."""
    text = TARGET_SPAN_RE.sub(" ", text)
    out: list[str] = []
    for m in MONTH_RANGE_RE.finditer(text):
        label = canonical_months(m.group())
        if label:
            out.append(label)
    if not out and not _YEAR_POINT_RE.search(text):  # 9月底有效高企: the stock at the end of 1-9月
        out.extend(f"1-{n}月" for m in _MONTH_END_RE.finditer(text) if 1 < (n := month_number(m.group("m"))) < 12)
    for word in ("上半年", "下半年"):
        if word in text:
            out.append(word)
    if "全年" in text or "年度" in text:
        out.append("全年")
    out.extend(m.group().replace(" ", "") for m in QUARTER_RE.finditer(text))
    return list(dict.fromkeys(out))


def one_span(periods: list[str]) -> str | None:
    """The one span several period words name (``上半年（1-6月）`` → ``1-6月``), the months written out preferred,
    since they are what the asker pinned down; None when none is named or they name different spans."""
    spans = {parse_period(p).months for p in periods}
    if not periods or len(spans) != 1 or None in spans:
        return periods[0] if len(periods) == 1 else None
    return next((p for p in periods if month_range(p)), periods[0])


def period_label(years: list[int], period: str | None) -> str | None:
    """``[2024]``, ``上半年（1-5月）`` → ``2024年上半年（1-5月）``; None when neither is known."""
    label = "、".join(f"{y}年" for y in years) + (period or "")
    return label or None


@lru_cache(maxsize=4096)
def parse_period(period: str | None) -> PeriodSpec:
    """``2024年1-5月`` → (2024, (1, 5)); ``2024年上半年（1-5月）`` → (2024, (1, 5)); ``去年同期`` → relative."""
    if not period:
        return PeriodSpec(None, None)
    if any(word[:2] in period for word in RELATIVE_WORDS):
        return PeriodSpec(None, None, relative=True)
    years = years_in(period)
    year = years[0] if years else None
    months = month_range(period)
    if months is None:
        span = SPAN_RE.search(period)
        if span:
            months = SPAN_MONTHS[span.group()]
        else:
            upto = re.search(rf"(?:截至)?({_MONTH})月", period)
            if upto and month_number(upto.group(1)):
                months = (1, month_number(upto.group(1)))
    return PeriodSpec(year, months)


def periods_compatible(a: str | None, b: str | None) -> bool:
    """False only when both periods state something and it disagrees: another year, or other months (a 1-5月
    figure is not a 上半年 or 全年 figure, however much the spans overlap). What one leaves unstated is unknown."""
    pa, pb = parse_period(a), parse_period(b)
    if pa.relative != pb.relative:
        return False
    if pa.year is not None and pb.year is not None and pa.year != pb.year:
        return False
    return pa.months is None or pb.months is None or pa.months == pb.months


def joined_span(periods: Sequence[str | None]) -> str | None:
    """The one span several parts' periods make together (一季度, 二季度 → 2026年1-6月 when one names the year): what
    a total of the parts covers; None when a part's period is unknown, the spans leave a gap or overlap, or the years
    differ."""
    specs = [parse_period(p) for p in periods]
    if len(specs) < 2 or any(s.relative or s.months is None for s in specs):
        return None
    years = {s.year for s in specs if s.year is not None}
    if len(years) > 1:
        return None
    spans = sorted(s.months for s in specs if s.months is not None)
    if any(b[0] != a[1] + 1 for a, b in pairwise(spans)):
        return None
    year = f"{years.pop()}年" if years else ""
    return f"{year}{spans[0][0]}-{spans[-1][1]}月"


def targets_compatible(claim: str | None, source: str | None) -> bool:
    """Whether a target dated ``claim`` may restate a source's target dated ``source``: as periods do, and also the
    year's target restated as what the rest of the year works to (下半年目标是…达到25家 for a 下半年 plan's
    确保全年…达到25家). A target for a span ending before the year's end is not the year's."""
    if periods_compatible(claim, source):
        return True
    pc, ps = parse_period(claim), parse_period(source)
    if pc.relative or ps.relative or ps.months != (1, 12) or pc.months is None or pc.months == (1, 12):
        return False
    return pc.months[1] == 12 and (pc.year is None or ps.year is None or pc.year == ps.year)


# Half-year reports are written before June's statistics are out: their 上半年 figures are 1-4月, 1-5月 or 1-6月.
HALF_YEAR_DATA_MONTHS = frozenset({(1, 4), (1, 5), (1, 6)})
# Likewise a quarter's report holds data up to a month or two short of its quarter's end (一季度 → 1-2月).
_SHORT_OF_SPAN_END = 2


def declares_whole_year(period: str | None) -> bool:
    """Whether a report's period declares the whole year (全年 / 全年（1-11月）: an annual report written before
    December's statistics are out), not a part of it (上半年（1-6月） / 1-10月)."""
    declared = (period or "").split("（")[0].strip()
    return declared in WHOLE_YEAR_WORDS


def answers_period(asked: str | None, held: str | None) -> bool:
    """Whether a figure of period ``held`` answers a question about ``asked``.

    Another year never does. Months must agree, except that 上半年 asked in words takes a half-year report's
    1-4月, 1-5月 or 1-6月 figure, and a quarter asked in words a figure from its start up to two months short of its
    end (1-2月 for 一季度), and 全年 / 年度 in words a 1-10月 or 1-11月 figure (an annual report is written before
    December's statistics are out; the answer says the months); an explicit 1-6月 takes only its own months. What
    either side leaves unstated is not held against it.
    """
    pa, ph = parse_period(asked), parse_period(held)
    if pa.year is not None and ph.year is not None and pa.year != ph.year:
        return False
    if pa.months is None or ph.months is None or pa.months == ph.months:
        return True
    worded = asked is not None and month_range(asked) is None
    if worded and asked is not None and "上半年" in asked:
        return ph.months in HALF_YEAR_DATA_MONTHS
    if worded and asked is not None and (QUARTER_RE.search(asked) or any(w in asked for w in WHOLE_YEAR_WORDS)):
        (a0, a1), (h0, h1) = pa.months, ph.months
        return a0 == h0 and a1 - _SHORT_OF_SPAN_END <= h1 <= a1
    return False


def dates_year_end(asked: str | None, text: str) -> bool:
    """Whether ``text`` states a figure of the whole year or year's end ``asked`` names (2025年 / 2025年全年) in passing:
    a base or a last year's figure (较2025年末的104家) answers a question about that year, and so does the year's
    batch it pays or counts (兑现2025年度科技奖励资金2860万元)."""
    spec = parse_period(asked)
    if spec.year is None or spec.months not in (None, (1, 12)):
        return False
    return spec.year in year_values(text) or any(int(m.group(1)) == spec.year for m in YEAR_BATCH_RE.finditer(text))


# A report saying a period's figure is not out yet (上半年研发费用数据尚未发布 / 2023年数据待国家统计局统一发布 /
# 全年数据待统计部门发布): what it quotes beside it is another period's.
UNPUBLISHED_RE = re.compile(r"(?:尚待|尚未|待|未)[^，,。；;（）()]{0,8}?(?:发布|公布)")


def unpublished_period(sentence: str) -> str | None:
    """The period whose figures ``sentence`` says are not yet published, as it leads the statement (上半年 / 2023年 /
    全年); None when it says nothing unpublished or names no period."""
    m = UNPUBLISHED_RE.search(sentence)
    if not m:
        return None
    start = max(sentence.rfind(ch, 0, m.start()) for ch in "，,；;。") + 1  # the clause that says so
    return leading_period(sentence[start : m.start()].strip().lstrip("（("))


# Last year's figure for the same months, stated beside this period's (同比增长27.3%（上年同期1.28亿元）).
_PRIOR_SAME_PERIOD_RE = re.compile(r"(?:上年|去年|上一年)同期(?:为|的|是)?\s*\d")


def states_prior_same_period(asked: str | None, held: str | None, text: str) -> bool:
    """Whether ``text``, of period ``held``, answers ``asked`` — the same months a year before — with its 上年同期
    figure (asked 2025年上半年 of a 2026年上半年 report that writes 上年同期1.28亿元)."""
    pa, ph = parse_period(asked), parse_period(held)
    if pa.year is None or ph.year is None or pa.year != ph.year - 1 or pa.months != ph.months:
        return False
    return bool(_PRIOR_SAME_PERIOD_RE.search(text))


def figure_period(own: str | None, years: list[int], period: str | None) -> str | None:
    """A figure's period: what its own clause states, completed by its report's year and period."""
    report = period_label(years, period)
    if not own:
        return report
    spec = parse_period(own)
    if spec.year is None and years and not spec.relative:
        return f"{years[0]}年{own}" if spec.months is not None else report
    return own


# The period a sentence opens with (1-5月，… / 2023年全年… / 一季度，… / 截至6月底，…), after an item marker.
LEADING_PERIOD_RE = re.compile(
    rf"^(?:{ITEM_MARKER}\s*)?(?:{ATTRIBUTION_LEAD})?(?:全区|全县|全市|全省)?"
    rf"(?P<period>截至\s*{_MONTH}\s*月(?:底|末)?|(?:{YEAR}\s*年(?:度)?)?(?:{SPAN_WORD_RE.pattern})?)"
    r"(?=[，,、：:\s全今本我]|$|[\u4e00-\u9fff])"
)


# A statement of last year's figure inside this year's report (上年全年规上工业企业研发费用为29.4亿元 / 去年全年…),
# not a comparison with it (上年同期为… / 较上年末…).
_PRIOR_YEAR_LEAD_RE = re.compile(r"^(?:其中|而|此外)?[，,]?(?:上一?年|去年)(?P<span>全年|度)?(?![同末底初比较])")


def prior_year_lead(sentence: str, years: list[int]) -> str | None:
    """The year before the report's, when ``sentence`` opens with it (上年全年… in a 2026 report → 2025年全年)."""
    m = _PRIOR_YEAR_LEAD_RE.match(LEADING_MARKER_RE.sub("", sentence.strip(), count=1))
    if not m or not years:
        return None
    return f"{years[0] - 1}年{'全年' if m.group('span') == '全年' else ''}"


def leading_period(sentence: str) -> str | None:
    """The period a sentence states at its start, canonical (``一至五月，…`` → ``1-5月``); None if it opens otherwise.

    Only a period that leads its sentence dates the sentence's figures: 兑现2023年度资金 is paid this period.
    """
    m = LEADING_PERIOD_RE.match(sentence.strip())
    if not m or not m.group("period"):
        return None
    text = m.group("period").replace(" ", "")
    months = canonical_months(text)
    if months:
        years = years_in(text)
        return f"{years[0]}年{months}" if years else months
    upto = re.match(rf"截至({_MONTH})月", text)
    if upto and month_number(upto.group(1)):
        return f"1-{month_number(upto.group(1))}月"
    return text


# The year a statistic is of, named beside it: 3.41%（2022年统计数） / 据发布的2023年度数据，….
DATA_VINTAGE_RE = re.compile(rf"({YEAR})\s*年(?:度)?(?:的)?(?:统计数据|统计数|数据)")
_CLAUSE_CUT_RE = re.compile(r"[，,：:；;]")
_FIGURE_DIGIT_RE = re.compile(r"\d")
# The months of a figure written just before it (研发费用1-4月完成14.2亿元), or bracketed after it (14.25（1-4月）),
# which corrects the clause's own lead (1-5月完成14.25（1-4月）: the statistic is only out to April).
_MONTHS_BEFORE_FIGURE_RE = re.compile(
    rf"^[^\d]*?(?<![\d.]){_MONTH}{_RANGE_DASH}{_MONTH}\s*月(?=\s*(?:完成|实现|达到?|为|共|累计)?\s*\d)"
)
# A year a figure's clause dates it by, between the indicator and its value (研发投入强度2025年为2.47%): last year's
# figure inside this year's report, stated as that year's.
_YEAR_BEFORE_FIGURE_RE = re.compile(
    rf"^[^\d]*?(?<![\d.])({YEAR})\s*年(?:度|全年)?(?=\s*(?:完成|实现|达到?|为|是)\s*\d)"
)
_MONTHS_IN_LABEL_RE = re.compile(rf"[（(][^（）()\d]*{_MONTH}{_RANGE_DASH}{_MONTH}\s*月[^（）()\d]*[)）]")
_MONTHS_AFTER_FIGURE_RE = re.compile(
    rf"(?<=[\d%])\s*(?:[万亿千百]?[元家件项个人台套])?\s*[（(]\s*{_MONTH}{_RANGE_DASH}{_MONTH}\s*月\s*(?:数据|数)?\s*[)）]"
)


def clause_period(sentence: str) -> str | None:
    """The period of a sentence that does not open with one: the period leading the first clause that holds a figure,
    when no earlier clause holds one (按最新反馈，1-7月全区… / 4. 研发投入：1-4月园区…), else the year its data are
    named as of (2022年统计数), or the year written between a figure's indicator and its value (研发投入强度2025年为
    2.47%). Inside a clause a period stays the clause's own (兑现2023年度资金 is paid now)."""
    vintage = DATA_VINTAGE_RE.search(sentence)
    if vintage:
        return f"{vintage.group(1)}年"
    label = _MONTHS_IN_LABEL_RE.search(sentence)  # a table row's label: 研发费用（亿元，1-2月）
    if label and not _FIGURE_DIGIT_RE.search(PERIOD_WORD_RE.sub("", sentence[: label.start()])):
        return canonical_months(label.group())
    for clause in _CLAUSE_CUT_RE.split(sentence.strip()):
        bare = LEADING_MARKER_RE.sub("", clause, count=1)
        inner = _MONTHS_AFTER_FIGURE_RE.search(bare)
        own = canonical_months(inner.group()) if inner else leading_period(clause)
        if own:
            return own
        if _FIGURE_DIGIT_RE.search(PERIOD_WORD_RE.sub("", bare)):
            inner = _MONTHS_BEFORE_FIGURE_RE.search(bare)  # a figure's clause dating it in passing
            if inner:
                return canonical_months(inner.group())
            year = _YEAR_BEFORE_FIGURE_RE.search(bare)
            return f"{year.group(1)}年" if year else None  # else the sentence's figures are the report's
    return None


def other_year_than_claimed(claim_period: str | None, source_period: str | None, report_period: str | None) -> bool:
    """Whether a source figure dated to a year before its report's is set against a claim that names months or a
    span without a year (``1-10月`` / ``上半年``): those are the report's months, so a ``2025年…`` figure inside a
    ``2026年1-10月`` report is not theirs (last year's figure in this year's report). Unknown years never conflict."""
    claim, source, report = parse_period(claim_period), parse_period(source_period), parse_period(report_period)
    if claim.year is not None or claim.relative or claim.months is None:
        return False
    return source.year is not None and report.year is not None and source.year < report.year and not source.relative


# A label's own months in brackets: 规上工业企业研发费用（1—4月）.
MONTHS_NOTE_RE = re.compile(r"[（(]([^（()）]*月[^（()）]*)[）)]")


def months_note(label: str) -> re.Match[str] | None:
    """The bracketed note in which a row's label states the months its figures cover (研发费用（1—4月）), or None."""
    return next((m for m in MONTHS_NOTE_RE.finditer(label) if month_range(m.group(1)) is not None), None)


def without_leading_months(text: str) -> str:
    """``text`` without the part of a year it leads with (1—5月完成 / 一季度完成 → 完成); unchanged when it leads with
    none, with the whole year (全年目标 is the year's target, not a period to drop) or is only the period."""
    m = LEADING_PERIOD_RE.match(text)
    months = parse_period(m.group("period")).months if m is not None and m.group("period") else None
    if m is None or months is None or months == (1, 12):
        return text
    return text[m.end("period") :] or text


ReportKind = Literal["year", "part"]
_YEAR_END_MONTH = 10  # a 1-10月 / 1-11月 report is written for the year: its plan opens the next year


def report_kind(period: str | None) -> ReportKind | None:
    """What kind of report a period makes: ``year`` (全年, 1-10月 or later: its plan is next year's), ``part`` (一季度,
    上半年, 1-5月: its plan is the rest of the year), None when the period says neither (unknown, not either)."""
    if declares_whole_year(period):
        return "year"
    months = parse_period(period).months
    if months is None:
        return None
    return "year" if months[1] >= _YEAR_END_MONTH else "part"


def last_month(period: str | None) -> int | None:
    """The last month a summary covers: 1-5月 → 5, 上半年 → 6, 前三季度 → 9, 全年 → 12; None when unstated."""
    if not period:
        return None
    months = month_range(period)
    if months is not None:
        return months[1]
    return next((span[1] for name, span in SPAN_MONTHS.items() if name in period), None)
