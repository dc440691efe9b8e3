"""Precompiled patterns and the unit table used by the figure extractor.

All regexes run on text passed through ``numerals.normalise_text`` (half-width digits,
punctuation and letters), so they only spell the ASCII forms.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scribe.lexicon.numerals import ORDINAL_CLASS
from scribe.models import FigureKind


class UnitInfo(NamedTuple):
    family: str  # the unit two figures must share to be compared
    kind: FigureKind  # default kind for a figure in this unit
    factor: float = 1.0  # base units per written unit (平米 -> 平方米 is 1.0; 千米 -> 公里 is 1.0)


_COUNT = FigureKind.COUNT
_AMOUNT = FigureKind.AMOUNT
_OTHER = FigureKind.OTHER

UNITS: dict[str, UnitInfo] = {
    "个百分点": UnitInfo("个百分点", FigureKind.CHANGE),
    "百分点": UnitInfo("个百分点", FigureKind.CHANGE),
    "%": UnitInfo("%", _OTHER),
    "‰": UnitInfo("%", _OTHER, 0.1),
    "元": UnitInfo("元", _AMOUNT),
    "平方公里": UnitInfo("平方公里", _AMOUNT),
    "平方米": UnitInfo("平方米", _AMOUNT),
    "平米": UnitInfo("平方米", _AMOUNT),
    "亩": UnitInfo("亩", _AMOUNT),
    "公里": UnitInfo("公里", _AMOUNT),
    "千米": UnitInfo("公里", _AMOUNT),
    "吨": UnitInfo("吨", _AMOUNT),
    "家次": UnitInfo("家次", _COUNT),
    "人次": UnitInfo("人次", _COUNT),
    "项次": UnitInfo("项次", _COUNT),
    "批次": UnitInfo("批次", _COUNT),
    "户次": UnitInfo("户次", _COUNT),
    "个月": UnitInfo("个月", _OTHER),
    "小时": UnitInfo("小时", _OTHER),
    "天": UnitInfo("天", _OTHER),
    "年": UnitInfo("年", _OTHER),
    "倍": UnitInfo("倍", _OTHER),
    "人": UnitInfo("人", _COUNT),
    "名": UnitInfo("人", _COUNT),  # 12名 = 12人
    "位": UnitInfo("人", _COUNT),  # 443位 (people); rank and 前移10位 are handled before the unit table
}
for _u in "家个项次场期篇件支批条台套座所处户株种类款部份组只辆艘轮张本册笔单例间栋层块棵门":
    UNITS.setdefault(_u, UnitInfo(_u, _COUNT))

# Measure words after which a noun names what is counted: 3家企业, 2.84万个泊位.
MEASURE_WORDS = frozenset("家个项次场期篇件支批条台套座所处户株种类款部份组只辆艘轮张本册笔单例间栋层块棵门名位人")

# References to sources in an answer ([1] / 资料2 / 根据来源3): pointers, not figures. 学习资料42期 counts issues.
REFERENCE_RE = re.compile(
    r"[\[［【]\s?\d{1,2}\s?[\]］】]"
    rf"|(?:资料|来源|材料|文献|参考)\s?\d{{1,2}}(?![\d.万亿%{''.join(sorted(MEASURE_WORDS))}])"
)

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PLACEHOLDER = r"\d*[Xx]{1,4}\d*"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"  # 零点四 / 三点五

NUMBER_RE = re.compile(
    rf"(?P<num>{_NUM}|{_PLACEHOLDER}|{_CN})"
    rf"(?:\s?(?P<sep>[-~至到])\s?(?P<num2>{_NUM}|{_CN}|{_PLACEHOLDER}))?"
    r"(?P<q1>余|多)?"
    r"(?:\s?(?P<mag>万亿|千万|百万|亿|万|千))?"
    r"(?P<q2>余|多)?"
    rf"(?:\s?(?P<unit>{_UNIT_ALT}))?"
)

# 2/3 and 1:1 style ratios.
RATIO_RE = re.compile(r"(?<![\d./:-])(?P<a>\d{1,3})\s?[/:]\s?(?P<b>\d{1,3})(?![\d./:-])")

# Dates and periods — recognised so they are never mistaken for figures.
DATE_RE = re.compile(
    r"(?<![\dA-Za-z])(?:"
    r"(?:\d{4}|20XX)\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{1,2}(?:\s\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:\d{4}|20XX)\s?[-~至到]\s?(?:\d{4}|20XX)年"
    r"|(?:\d{4}|20XX|XX)年(?:度)?(?:(?:\d{1,2}|X)\s?-\s?(?:\d{1,2}|X)月|(?:\d{1,2}|X)月(?:份|底|初|末)?(?:\d{1,2}日)?)?"
    r"|(?:\d{1,2}|X)\s?[-~至到]\s?(?:\d{1,2}|X)月(?:份)?"
    r"|(?:\d{1,2}|X)月(?:份|底|初|末|中旬|上旬|下旬)?(?:\d{1,2}日)?"
    r"|\d{1,2}日"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
    r")"
)

# Digit strings damaged by OCR: 2O22年, IL77%, 45L67亿元, IlOO亿元, 超L4亿元.
OCR_TOKEN_RE = re.compile(
    r"(?<![A-Za-z0-9.])(?=[0-9OIlL.]*[OIlL])(?=[0-9OIlL.]*[0-9Il])[0-9OIlL][0-9OIlL.]*[0-9OIlL](?![A-Za-z0-9])"
)
OCR_FOLLOW_RE = re.compile(rf"\s?(?:万亿|亿|万|千)?(?:{_UNIT_ALT}|年|月)")
# Characters OCR produces for "%": 10虬; 25机 / 30乐 only where a percentage is expected.
OCR_PERCENT_ALWAYS = "虬"
OCR_PERCENT_IN_CONTEXT = "机乐"
OCR_PERCENT_NOT_BEFORE = "构制械器会场遇组关理清园"

# Rank: 全市第3, 预计全市前3, 全国第80位, 居全省地市第2, 名列全市部门第一, 居绍兴市第1位, 位居全省首位.
RANK_RE = re.compile(
    rf"(?:(?P<rk>第|前)\s?(?P<rnum>\d{{1,4}}|{ORDINAL_CLASS}{{1,3}}|X{{1,2}})(?P<rsuf>位|名|强)?|(?P<rk1>首)位)"
)
# 第三届 / 第一批 / 第五期: which edition, batch or round something is (checked like a figure: 第三届 is not 第四届).
ORDINAL_NOUN_RE = re.compile(r"届|批|期|轮")
RANK_SCOPE_RE = re.compile(
    r"(?P<area>全(?:市|省|国|区|县|球)|地市|同类|各区|各县)[^,，;；。:：!！?？()（）]{0,6}$"
    # 列全省县（市）第12位 / 居县（市、区）第3位: the bracketed aside is cut before, leaving 列县 / 居县
    r"|(?:排名|位列|名列|位居|排在|列|居|排)\s?(?:[\u4e00-\u9fff]{1,6}?(?:省|市|州|地区)(?:各[\u4e00-\u9fff]{1,4})?|各?[县区])?\s?$"
    # a named city or province (金华市第1); 全市 is the area branch's, whatever precedes it (增速全市第2占…)
    r"|(?P<named>[\u4e00-\u5167\u5169-\u9fff]{2,4}?(?:省|市)(?:[\u4e00-\u9fff]{0,4}?(?:县市区|区县|县区)|各[\u4e00-\u9fff]{1,4})?)$"
)
RANK_CHANGE_RE = re.compile(r"(?:前移|上升|提升|提高|进位|跃升|下降|后移|下滑|后退)\s?$")


# Spans that are names, not claims.
QUOTE_RE = re.compile(r"[“\"][^“”\"。\n]{1,24}[”\"]|《[^》\n]{1,60}》|「[^」\n]{1,24}」|【[^】\n]{1,24}】")
LIST_ORDINAL_RE = re.compile(
    r"(?<![\d.第前])\d{1,2}\s?[.、](?=\s?[\u4e00-\u9fff])"  # 第2、全省第19位 lists ranks, not items
    rf"|[(（]\s?(?:\d{{1,2}}|{ORDINAL_CLASS}{{1,3}})\s?[)）]"
    rf"|{ORDINAL_CLASS}{{1,3}}届{ORDINAL_CLASS}{{1,3}}(?:中|次)全会"
)


MONEY_METRIC_RE = re.compile(r"费|额|值|资金|投资|投入|收入|经费|金额|产值|营收|贷款|融资|奖补|补助|基金|规模|支出")
# A share left without its % sign: 全县R&D经费投入占GDP比重力争1.3以上 (a bare number the metric says is a share).
SHARE_METRIC_END_RE = re.compile(r"(?:比重|占比|比例|强度)$")
