"""Phrases: the clauses a summary line is made of, and where run-together report text starts a new one.

A report's sentences are long (``…完成率125%全市第4;新增科技型中小企业19家,完成率190%,预计全市第2截至目前,…``);
a one-page summary keeps the clauses that carry a figure or the block's claim, whole, and joins them. These tables
say where a clause ends (every clause end but 、), which words open a new clause where a comma was left out, and
which clauses only frame the next one.
"""

from __future__ import annotations

import re

from scribe.lexicon.headings import ENUMERATION_RE
from scribe.lexicon.numerals import CN_DIGITS
from scribe.lexicon.sentences import BREAKDOWN_LEADS, SENTENCE_ENDS

# A phrase ends where a clause ends, except at 、: ``科创基金、产业基金`` is one list, not two clauses.
PHRASE_ENDS = SENTENCE_ENDS + "；;，,：:"
PHRASE_SPLIT_RE = re.compile(rf"[{PHRASE_ENDS}\n]")

# Words that open a new clause even where the report (or its PDF/OCR) left out the comma before them:
# ``预计全市第2截至目前，全区拥有…`` / ``兑现金额807.4万元二是深化科技金融结合`` / ``…成效不理想主要是缺乏…``.
# Only read right after a figure or a rank (see ``chains.summary.lines``): inside a clause they are words of it.
CLAUSE_OPENERS: tuple[str, ...] = (
    "截至",
    "截止",
    "目前",
    "今年以来",
    "年初以来",
    "同时",
    "其中",
    "此外",
    "另外",
    "导致",
    "开展",
    "成功",
    "完成",
    "推进",
    "推动",
    "实施",
    "启动",
    "组织",
    "制定",
    "出台",
    "引进",
    "做大",
    "做强",
    "占",
    "全市",
    "全省",
    "全区",
    "全县",
    "全国",
    "位列",
    "位居",
)
# Clauses that date the next one (``截至目前，全区拥有…``): kept with the clause they date.
TIME_OPENERS: tuple[str, ...] = ("截至", "截止", "目前", "今年以来", "年初以来", "上半年", "下半年", "全年")
TIME_ENDINGS: tuple[str, ...] = ("以来", "年底", "月底", "月末")
# What may follow a figure and still be the figure's: ``3.3亿元以上`` (hedge), then a new clause may start.
FIGURE_TAILS: tuple[str, ...] = ("以上", "以下", "以内", "左右", "余", "多")
# Words that open a clause wherever they stand, a figure before them or not: ``…成效不理想主要是缺乏…``,
# ``…转化为发展动能截至6月，已兑现…``.
# The item markers 二是 / 三是 … (``headings.ENUMERATION_RE``) do the same.
STRONG_OPENERS: tuple[str, ...] = ("主要是", "主要原因是", "主要表现在", "截至", "截止")
# Words that open a clause which only frames the next one (``围绕…``, ``针对…``, ``结合…实际``): a summary line
# leaves such a clause out unless nothing else is left.
FRAMING_OPENERS: tuple[str, ...] = (
    "围绕",
    "针对",
    "结合",
    "按照",
    "根据",
    "坚持",
    "紧扣",
    "紧紧围绕",
    "聚焦",
    "对照",
    "为",
    "以",
    "在",
)
# What is left after a rank (全市第2) that is still the rank's: ``第2位``, ``第2名``.
RANK_TAILS: tuple[str, ...] = ("位", "名", "的", "强")


def phrases(text: str) -> list[str]:
    """The clauses of ``text`` split at every clause end but 、 (a list stays whole), stripped, empties left out."""
    return [p for part in PHRASE_SPLIT_RE.split(text) if (p := part.strip())]


def opens_clause(text: str) -> bool:
    """Whether ``text`` (what follows a figure) begins a new clause: an opener word or an item marker 二是 …"""
    return text.startswith(CLAUSE_OPENERS + STRONG_OPENERS) or ENUMERATION_RE.match(text) is not None


_STRONG_RE = re.compile("|".join(STRONG_OPENERS))


def run_on_starts(text: str) -> list[int]:
    """Offsets inside ``text`` where a clause starts with no comma before it: a strong opener or 二是 … (never 0)."""
    found = {m.start() for m in _STRONG_RE.finditer(text)} | {m.start() for m in ENUMERATION_RE.finditer(text)}
    return sorted(at for at in found if at > 0 and text[at - 1] not in PHRASE_ENDS)


def is_framing(clause: str) -> bool:
    """Whether ``clause`` only frames what follows (围绕…, 针对…): not a result or claim of its own."""
    return clause.startswith(FRAMING_OPENERS)


def is_time_frame(clause: str) -> bool:
    """Whether ``clause`` is a short time frame for the next one (``截至目前`` / ``截至6月`` / ``2024年以来``)."""
    return (clause.startswith(TIME_OPENERS) or clause.endswith(TIME_ENDINGS)) and len(clause) <= 8


def figure_tail(text: str) -> int:
    """Characters at the start of ``text`` (what follows a figure) that are still the figure's: 以上, 左右 …"""
    return next((len(t) for t in FIGURE_TAILS if text.startswith(t)), 0)


# Words that name no indicator of their own but point back to the one just named: 2023年末这一数字为168家 /
# 两年累计增加68家 / 三年来累计培育… (a span of years before a change).
BACK_REFERENCE_RE = re.compile(
    r"^(?:(?:这一|该|此|上述)(?:数字|数据|指标|数值|数)|(?:近|连续)?[两二三四五六七八九十\d]{1,2}年(?:来|间|内)?)"
)


def back_reference(metric: str) -> str | None:
    """The rest of ``metric`` after its back-reference words (``两年累计增加`` → ``累计增加``); None without any."""
    m = BACK_REFERENCE_RE.match(metric)
    return metric[m.end() :] if m else None


# A clause that states the total of what a 其中 list split: …新增平台10个，其中A 6个、B 2个，累计达到97个 (97 is the
# platforms', not B's).
TOTAL_AFTER_LIST_RE = re.compile(r"^(?:累计|总数|总量|合计|共计|共有|总计)(?:达到|达|为|有)?$")
LIST_OPENER = BREAKDOWN_LEADS[0]
# The whole a share's clause is taken of, named by the clause before it: 兑现的科技政策资金中，二季度约占29.4%.
WHOLE_BEFORE_SHARE_RE = re.compile(
    r"(?P<whole>[^，,；;。]{2,30}?)中[，,]\s?[^，,；;。]{0,8}?(?:约|近|超过?)?占(?:比)?\s?$"
)
_BARE_SHARE_RE = re.compile(r"^(?:约|近|超过?)?占(?:比)?")


def names_no_whole(metric: str) -> bool:
    """A share's metric that is only its verb (约占 / 占比): the clause names no whole."""
    return len(_BARE_SHARE_RE.sub("", metric)) < 2


# A total over a number of batches or rounds (两批共申报… / 三个批次合计…): the count, in the words before a figure.
BATCH_COUNT_RE = re.compile(r"(?<!第)(?P<n>[两二三四五2-5])\s?(?:个)?(?:批次|批|轮)(?!次)[^，,；;。\d]{0,14}$")
# The batches a sentence lists: 第一批…，第二批….
BATCH_ORDINAL_RE = re.compile(r"第(?P<k>[一二三四五1-5])(?:批次|批|轮)")


def _small_number(token: str) -> int:
    return int(token) if token.isdigit() else CN_DIGITS[token]


def batch_count(head: str) -> int | None:
    """How many batches the words before a figure total (``今年两批共申报`` → 2); None when they name none."""
    m = BATCH_COUNT_RE.search(head)
    return _small_number(m.group("n")) if m else None


def batch_starts(sentence: str) -> list[tuple[int, int]]:
    """(batch number, offset) of every 第N批 in ``sentence``, in order."""
    return [(_small_number(m.group("k")), m.start()) for m in BATCH_ORDINAL_RE.finditer(sentence)]


# The frame a rank is stated in (增量居各县第一 / 增量在各县中排第一 / 增速在全市排名第3 / 入库增速居渝东南片区第1位):
# the scope and the ranking verb, in either order, at the end of the words before the rank. What is left names what
# is ranked (增量); the scope is the rank's area, read apart.
_RANK_VERB = r"(?:排名|排位|位列|名列|位居|排在|排|列|居)"
_RANK_SCOPE = (
    r"(?:全(?:市|省|国|区|县)|各(?:县|区|市|省|地市)"
    r"|(?:(?!排|列|居|在|于|位)[\u4e00-\u9fff]){2,6}?(?:省|市|州|片区|地区)(?:各[\u4e00-\u9fff]{1,4}?)?)"
    r"(?:[（(][^（()）]{0,8}[）)])?"
)
RANK_FRAME_RE = re.compile(rf"(?:(?:在|于)?{_RANK_SCOPE}(?:中|内)?{_RANK_VERB}?|{_RANK_VERB}(?:{_RANK_SCOPE})?)$")


# A place named as the scope a rank is taken in (增速居绍兴市第三 / 在宁波市各区县中排名第2 / 列全省前列), not as
# whose figure it is: the rank's verb before it or the rank right after it.
_SCOPE_BEFORE_RE = re.compile(rf"{_RANK_VERB}\s?$|(?:在|于)$")
_RANK_AFTER_RE = re.compile(rf"\s?(?:各[\u4e00-\u9fff]{{1,6}}?)?(?:中|内)?{_RANK_VERB}?\s?(?:第|前|首位)")


def ranks_within(text: str, start: int, end: int) -> bool:
    """Whether the place at ``text[start:end]`` is the scope of a rank (居绍兴市第三), not the subject."""
    return bool(_SCOPE_BEFORE_RE.search(text, 0, start) and _RANK_AFTER_RE.match(text, end))


def without_rank_frame(metric: str) -> str:
    """A rank's metric without the frame it is ranked in: 增量在各县中排 → 增量; 增量居各县 → 增量."""
    return RANK_FRAME_RE.sub("", metric)


# 前10位企业 / 前五名的单位 / 前20强企业: a top N that says which ones a figure is about, not a count and, without a
# scope it is ranked in (排名 / 全市), no rank either — read like 第一批, a name for what follows.
TOP_SELECTION_RE = re.compile(r"前\s?(?:\d{1,3}|[一二三四五六七八九十两]{1,3})\s?(?:位|名|强)(?=的?[\u4e00-\u9fff])")


def selects_top(text: str, start: int) -> bool:
    """Whether a 前N位 / 前N名 / 前N强 at ``start`` of ``text`` picks out what follows it."""
    return TOP_SELECTION_RE.match(text, start) is not None


# 技术开发和技术服务两类合同合计3.73亿元 / 省级、市级两级平台共7家: a count of the kinds just named, before the noun they
# share, says how many names the list has; the figure after it is the sum over 技术开发合同 and 技术服务合同.
KINDS_COUNT_UNITS: frozenset[str] = frozenset({"类", "种", "级"})
_NAMED_LIST_END_RE = re.compile(
    r"(?P<names>[\u4e00-\u9fffA-Za-z&]{1,10}(?:(?:和|与|及|、)[\u4e00-\u9fffA-Za-z&]{1,10})+)$"
)
_NAME_SPLIT_RE = re.compile(r"和|与|及|、")


def counted_names(before: str, count: float | None) -> list[str] | None:
    """The names listed right before a count of kinds (``before`` ends where the count starts), when there are
    ``count`` of them: 技术开发和技术服务 + 两类 → [技术开发, 技术服务]; None otherwise."""
    m = _NAMED_LIST_END_RE.search(before)
    if m is None or count is None:
        return None
    names = [n for n in _NAME_SPLIT_RE.split(m.group("names")) if n]
    return names if len(names) == count and len(names) >= 2 else None


def with_shared_head(names: list[str], head: str) -> str:
    """The listed kinds each with the noun they share: [技术开发, 技术服务] + 合同 → 技术开发合同和技术服务合同."""
    return "和".join(name if name.endswith(head) else name + head for name in names)


# A figure stated as the difference from a base the clause names (比上半年少4家 / 已比上年全年多2.7亿元 / 较2024年末净增
# 41家): the base's words and the direction (+1 more, −1 less).
_COMPARED_WITH_RE = re.compile(
    r"(?:比|较|相比)(?:于)?(?P<base>[^，,；;。]{1,12}?)(?:(?P<up>净增|多出|多|增加|增长|高出|高|提高|提升)|"
    r"(?P<down>净减|少|减少|下降|降低|低|回落))了?(?:约|近|超过|超|逾|达)?\s?$"
)
# Ways one base is written: 上年 / 去年 / 上一年, 年末 / 年底.
_BASE_SPELLINGS: tuple[tuple[str, str], ...] = (("上一年", "上年"), ("去年", "上年"), ("年底", "年末"))


def compared_base(clause: str) -> tuple[str, int] | None:
    """(base, sign) when ``clause`` (the words before a figure) states it as a difference from a named base."""
    m = _COMPARED_WITH_RE.search(clause)
    if m is None:
        return None
    return m.group("base"), 1 if m.group("up") else -1


def names_base(words: str, base: str) -> bool:
    """``words`` (a source figure's clause) name ``base`` (上年全年 in 上年全年成交额为, 2024年末 in 较2024年底的)."""
    for spelt, canon in _BASE_SPELLINGS:
        words, base = words.replace(spelt, canon), base.replace(spelt, canon)
    return len(base) >= 2 and base in words


# 四个区有效高企合计216家 / 3个县: a count of the areas a total runs over, the level right after it.
_COUNTED_LEVEL_RE = re.compile(r"\s?(?P<level>区|县|市)(?![\u4e00-\u9fff]{0,2}?(?:级|委|属))")


def counted_level(after: str) -> str | None:
    """The level (区 / 县 / 市) of the areas a count counts, from the words right after it (``区有效高企合计``)."""
    m = _COUNTED_LEVEL_RE.match(after)
    return m.group("level") if m else None
