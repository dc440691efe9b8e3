"""The indicator dictionary: what 科技局 reports measure, under every name they give it.

An :class:`Indicator` has its canonical name, the synonyms reports use for the same statistic, and *related* names
of a close but different statistic (技术开发费 is the tax-deduction figure, R&D经费 the statistical one: a reader may
put them side by side, never silently equate them). A statistical scope (规上工业 = 规模以上工业企业) is a separate
axis: the same indicator over another scope is another figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Indicator:
    name: str
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "研发费用",
        ("研发经费", "研发经费投入", "研发经费支出", "研发投入", "研发支出", "研究开发费用", "研究与开发投入"),
        (
            "技术开发费",
            "R&D经费",
            "R&D经费投入",
            "R&D经费支出",
            "R&D投入",
            "R&D支出",
            "研究与试验发展经费",
            "研发费",
        ),
    ),
    Indicator(
        "技术合同交易额",
        (
            "技术合同成交额",
            "技术合同登记成交额",
            "技术交易额",
            "技术合同登记额",
            "技术市场交易额",
            "技术市场成交额",
            "技术市场合同成交额",
        ),
    ),
    Indicator(
        "研发投入强度",
        (
            "研发经费投入强度",
            "R&D经费投入强度",
            "R&D投入强度",
            "R&D占比",
            "R&D经费占比",
            "研发投入占比",
            "R&D经费支出占GDP比重",
            "研发经费支出占GDP比重",
        ),
    ),
    Indicator("高新技术产业投资额", ("高新技术产业投资",)),
    Indicator("高新技术产业增加值"),
    Indicator("高新技术企业", ("高企",)),
    Indicator("科技型中小企业", ("科技型企业",)),
    Indicator("孵化面积", ("孵化空间",)),
    Indicator("入孵企业", ("在孵企业",)),
)

# Names of one statistical scope: reports write 规上企业 for 规模以上工业企业 (industry is the default scope).
SCOPE_ALIASES: tuple[frozenset[str], ...] = (
    frozenset({"规上工业", "规上企业", "规上工业企业", "规模以上工业", "规模以上企业", "规模以上工业企业"}),
    frozenset({"全社会"}),
)

# Words that make a figure one part of its indicator (吸纳技术合同成交额: contracts bought in, not those registered).
SUBTYPE_WORDS: tuple[str, ...] = ("吸纳", "输出", "其中")

# Words that ask for a stock (how many there are), not a flow (how many were added): any one answers another.
STOCK_WORDS: frozenset[str] = frozenset({"有效", "总数", "累计", "总量", "存量"})

# Short forms a question may use for a word the reports write out (占营收比重 for 占营业收入比重).
SHORT_FORMS: tuple[tuple[str, str], ...] = (("营收", "营业收入"), ("科小", "科技型中小企业"))


def expand_short_forms(text: str) -> str:
    """``text`` with each short form written out (研发费用占营收比重 → 研发费用占营业收入比重)."""
    for short, full in SHORT_FORMS:
        if full not in text:
            text = text.replace(short, full)
    return text


# Rewrites that make two wordings of one metric compare equal (applied in order).
CANONICAL_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"规模以上"), "规上"),
    (re.compile(r"研究与开发|研究开发|R&D|R&amp;D"), "研发"),
    (re.compile(r"主营业务收入"), "营业收入"),
    (re.compile(r"高企"), "高新技术企业"),
    (re.compile(r"国家级高新技术企业"), "国家高新技术企业"),
)

# Words of the reports a general word segmenter cuts badly: the indicator names and the bureaus' vocabulary.
DOMAIN_WORDS: tuple[str, ...] = (
    "科技局",
    "科学技术局",
    "规上工业",
    "研发费用",
    "研发经费",
    "技术开发费",
    "研发投入",
    "高新技术企业",
    "高新技术产业",
    "科技型中小企业",
    "技术合同",
    "成交额",
    "交易额",
    "孵化器",
    "众创空间",
    "新型研发机构",
    "科技成果转化",
    "创新券",
    "科技特派员",
    "增加值",
    "营业收入",
    "完成率",
    "百分点",
    "研究院",
    "重点实验室",
    "专精特新",
    "企业研究开发中心",
    "外国高端人才",
    "科创飞地",
    "创新联合体",
)


# What may follow an indicator's name in a ledger metric and still name a measure of that indicator (its growth,
# share, completion …). Anything else names another thing: 省级高新技术企业研究开发中心 is a centre and
# 科技型企业贷款余额 a loan balance, not the enterprises.
MEASURE_TAILS: tuple[str, ...] = (
    "增速",
    "增幅",
    "增长",
    "占",
    "比重",
    "完成率",
    "提升",
    "相当于",
    "强度",
    "总数",
    "总量",
    "数量",
    "家数",
    "数",
)


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    """The dictionary indicator a metric measures, with its statistical scope (规上工业 …) when one is named."""

    indicator: Indicator
    name: str  # as written
    related: bool  # a related statistic's name (技术开发费 beside 研发费用), not the indicator itself
    scope: str | None = None

    @property
    def label(self) -> str:
        """The name a ledger shows: scope + the canonical name (or the related statistic's own name)."""
        return f"{self.scope or ''}{self.name if self.related else self.indicator.name}"


def indicator_of(metric: str) -> IndicatorMatch | None:
    """The indicator ``metric`` (a figure's metric name) measures, or None when it names something else.

    The indicator's name must end the metric or be followed by a measure word (:data:`MEASURE_TAILS`); of several
    names the last that does wins (…申报指导工作高新技术企业 → 高新技术企业). Activity and meeting counts
    (开展, 召开, 组织企业) name no indicator.
    """
    best: IndicatorMatch | None = None
    start = 0
    while (found := find_indicator(metric[start:])) is not None:
        indicator, name, offset, related = found
        pos = start + offset
        tail = metric[pos + len(name) :]
        if not tail or tail.startswith(MEASURE_TAILS):
            aliases = scope_aliases(metric[:pos].strip())
            scope = min(aliases, key=lambda a: (len(a), "工业" not in a, a)) if aliases else None  # 规上工业
            best = IndicatorMatch(indicator, name, related, scope)
        start = pos + 1
    return best


def find_indicator(text: str) -> tuple[Indicator, str, int, bool] | None:
    """The first indicator name in ``text``: (indicator, the name as written, offset, is a related name).

    At one offset the longest name wins (研发经费投入 over 研发经费).
    """
    best: tuple[int, int, Indicator, str, bool] | None = None
    for indicator in INDICATORS:
        for name, is_related in [*((n, False) for n in indicator.names), *((n, True) for n in indicator.related)]:
            pos = text.find(name)
            if pos >= 0 and (best is None or (pos, -len(name)) < (best[0], -best[1])):
                best = (pos, len(name), indicator, name, is_related)
    if best is None:
        return None
    pos, _size, indicator, name, is_related = best
    return indicator, name, pos, is_related


@lru_cache(maxsize=1)
def _all_names() -> tuple[str, ...]:
    names = {n for indicator in INDICATORS for n in (*indicator.names, *indicator.related)}
    return tuple(sorted(names, key=len, reverse=True))


def indicator_names_in(text: str) -> list[tuple[int, int, str]]:
    """Every indicator name in ``text`` as (start, end, name), longest first where names overlap, in text order.

    A question's 技术交易额 is one term to look for, not 技术 + 交易额: only whole, its other names apply.
    """
    taken: list[tuple[int, int, str]] = []
    for name in _all_names():
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not any(a < end and at < b for a, b, _ in taken):
                taken.append((at, end, name))
            at = text.find(name, end)
    return sorted(taken)


@lru_cache(maxsize=1)
def _relatives() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for indicator in INDICATORS:
        members = (*indicator.names, *indicator.related)
        for name in members:
            out[name.lower()] = tuple(m.lower() for m in members if m != name)
    return out


def other_names(term: str) -> tuple[str, ...]:
    """The other names of ``term``'s indicator, synonyms and related names alike (lower-cased)."""
    return _relatives().get(term.lower(), ())


def same_indicator(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are names of one statistic (技术交易额 = 技术合同成交额), not merely related ones."""
    a, b = a.lower(), b.lower()
    return any(a in names and b in names for names in _synonym_sets())


@lru_cache(maxsize=1)
def _synonym_sets() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(n.lower() for n in indicator.names) for indicator in INDICATORS)


def is_indicator_name(term: str) -> bool:
    """Whether ``term`` is one of the dictionary's names (canonical, synonym or related)."""
    return term.lower() in _relatives()


def scope_aliases(term: str) -> frozenset[str]:
    """Every name of ``term``'s scope, ``term`` included; empty when it is no scope word."""
    return next((names for names in SCOPE_ALIASES if term in names), frozenset())


def scopes_in(text: str) -> set[int]:
    """Which statistical scopes ``text`` names (indexes into SCOPE_ALIASES): 规上工业 and 全社会 are other figures."""
    return {i for i, names in enumerate(SCOPE_ALIASES) if any(n in text for n in names)}


def canonical_metric(text: str) -> str:
    """One wording for one metric: 规模以上 → 规上, R&D → 研发, 高企 → 高新技术企业."""
    for pattern, repl in CANONICAL_REWRITES:
        text = pattern.sub(repl, text)
    return text
