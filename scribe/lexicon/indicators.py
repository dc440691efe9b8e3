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
        (
            "研发经费",
            "研发经费投入",
            "研发经费支出",
            "研发投入",
            "研发支出",
            "研究开发费用",
            "研究与开发投入",
            "研发费用支出",
            "研发费用投入",
        ),
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
            "技术交易总额",
            "技术合同登记金额",
        ),
    ),
    # how many contracts were registered (登记技术合同186项) — a count, never the amount they were worth
    Indicator("技术合同登记数", ("登记技术合同", "技术合同登记项数", "技术合同登记数量")),
    Indicator("高新技术产业投资额", ("高新技术产业投资",)),
    Indicator("高新技术产业增加值"),
    Indicator("高新技术企业", ("高企", "国家高新技术企业", "高新企业")),
    Indicator(
        "科技型中小企业", ("科技型企业", "科技型中小企业评价入库", "科技型中小企业入库", "科技型中小企业入库评价")
    ),
    Indicator("孵化面积", ("孵化空间",)),
    Indicator("入孵企业", ("在孵企业",)),
    # -- additions: what bureau reports count beside the headline figures (platforms, enterprises, people) --
    Indicator(
        "研发投入强度",
        (
            "R&D经费投入强度",
            "研发经费投入强度",
            "R&D经费支出占GDP比重",
            "R&D经费投入占GDP比重",
            "R&D经费占GDP比重",
            "研发经费占GDP比重",
            "研发投入占GDP比重",
            "R&D研发投入占GDP比重",
            "R&D占比",
            "R&D投入强度",
            "R&D经费占比",
            "研发投入占比",
            "研发经费支出占GDP比重",
            "研究与试验发展经费投入强度",
            "研究与试验发展经费占GDP比重",
        ),
    ),
    Indicator(
        "有研发活动企业占比",
        (
            "有研发活动的规上工业企业占比",
            "有研发活动企业占比",
            "有研发活动的企业占比",
            "研发活动覆盖率",
            "研发活动比例",
            "开展R&D活动企业比重",
            "R&D活动企业比重",
        ),
        ("研发机构覆盖率",),
    ),
    Indicator("新型研发机构", ("新型研发机构数",)),
    Indicator("众创空间", ("众创空间数",)),
    Indicator("科技企业孵化器", ("孵化器", "科技孵化器", "孵化平台")),
    Indicator("星创天地"),
    Indicator("科技特派员", ("科技特派员人数",)),
    Indicator("发明专利", ("授权发明专利", "国家发明专利", "发明专利授权", "发明专利授权量")),
    Indicator(
        "每万人发明专利拥有量",
        ("每万人口发明专利拥有量", "万人发明专利拥有量", "每万人口高价值发明专利量", "每万人高价值发明专利拥有量"),
        ("每万名从业人员发明专利数量",),
    ),
    Indicator("PCT国际专利申请量", ("PCT国际专利申请", "PCT专利申请量", "PCT申请量", "PCT国际申请量")),
    Indicator("企业研究院", ("重点企业研究院", "重点农业企业研究院", "农业重点企业研究院")),
    Indicator("产业技术研究院", ("产业研究院",)),
    Indicator(
        "企业研发中心",
        (
            "高新技术企业研究开发中心",
            "高新技术企业研发中心",
            "企业研究开发中心",
            "企业研发机构",
            "研发中心",
        ),
    ),
    Indicator("企业技术中心"),
    Indicator("工程技术研究中心", ("工程技术中心",)),
    Indicator("技术创新中心"),
    Indicator("重点实验室", ("全国重点实验室",)),
    Indicator("实验室", ("省实验室",)),  # 省实验室 / 省级实验室 rank above a 重点实验室: counted apart
    Indicator(
        "科技创新平台",
        ("创新平台", "科创平台", "研发平台", "高能级创新平台", "高能级科创平台", "创新载体"),
    ),
    Indicator("产业创新服务综合体", ("创新服务综合体", "综合体")),
    Indicator("专精特新企业", ("专精特新中小企业", "专精特新小巨人企业")),
    Indicator("科技小巨人企业", ("科技“小巨人”企业", "小巨人企业")),
    Indicator("瞪羚企业", ("雏鹰企业",)),
    Indicator("知识产权优势企业", ("知识产权示范企业",)),
    Indicator("高层次人才", ("高层次科技人才", "高层次创新创业人才", "海外高层次人才", "高端人才", "外国高端人才")),
    Indicator("领军人才", ("科技领军人才", "创新创业领军人才", "领军型人才")),
    Indicator("青年创新创业人才", ("青年创新创业人才数",)),
    Indicator("创新团队", ("创新创业团队", "领军型创新创业团队", "高层次人才团队", "研发团队", "科研团队")),
    Indicator("院士", ("全职院士", "柔性合作院士")),
    Indicator("院士工作站"),
    Indicator(
        "科技项目",
        ("科研项目", "科技计划项目", "重点研发项目", "重点科研项目", "科研攻关项目", "攻关项目", "科技发展项目"),
    ),
    Indicator("科技成果转化项目", ("成果转化项目",)),
    Indicator("创新券", ("创新券使用额",)),
    Indicator(
        "科技贷款",
        (
            "科技型企业贷款余额",
            "科创贷款余额",
            "科技贷款授信",
            "科技贷款投放",
            "科创贷贷款",
            "科创贷授信",
            "科技贷放款",
            "科融贷放款",
            "科创贷",
            "科技贷",
            "科融贷",
            "科创指数贷",
        ),
    ),
    Indicator("知识产权质押融资", ("专利权质押融资", "质押融资")),
    Indicator("财政科技投入", ("财政科技支出",)),
    Indicator("研发费用加计扣除", ("研发费用加计扣除减免税额",)),
    Indicator("科技奖补资金", ("科技政策资金", "科技创新政策资金", "科技扶持资金", "科技经费", "科技创新奖补资金")),
    Indicator("科普基地", ("科普教育基地",)),
    Indicator("公民具备科学素质比例", ("公民科学素质达标率",)),
    Indicator("技术转移机构", ("技术转移工作站", "技转中心")),
    Indicator("中试基地", ("中试平台", "中小试基地")),
    Indicator("概念验证中心"),
    Indicator("高新技术产业产值", ("高新技术产业营业收入",)),
    Indicator("规上工业增加值", ("规模以上工业增加值",)),
    Indicator("上市企业", ("上市科技企业", "科创板上市企业")),
    Indicator("高企培育库企业", ("高企培育库", "高企后备库企业", "高新技术企业培育库", "高企培育库企业")),
)

# Names of one statistical scope: reports write 规上企业 for 规模以上工业企业 (industry is the default scope).
SCOPE_ALIASES: tuple[frozenset[str], ...] = (
    frozenset({"规上工业", "规上企业", "规上工业企业", "规模以上工业", "规模以上企业", "规模以上工业企业"}),
    frozenset({"全社会"}),
)

# What a figure measures of its indicator, not the indicator itself: its growth (研发费用增速), a rise or fall, its
# rank (全市排名), its completion of a target (完成率), its share of a whole (占比 / 研发投入强度). 增加 is left out of
# the rises: 增加值 (value added) is an indicator of its own.
GROWTH_WORDS: tuple[str, ...] = ("增长率", "增速", "增幅", "增长", "增减")
RISE_WORDS: tuple[str, ...] = ("提升幅度", "提升", "提高")
FALL_WORDS: tuple[str, ...] = ("下降", "减少", "降低", "回落", "下滑")
RANK_WORDS: tuple[str, ...] = ("排名", "位次", "名次", "排位")
COMPLETION_WORDS: tuple[str, ...] = ("完成率", "完成进度")
SHARE_WORDS: tuple[str, ...] = ("占比", "比重", "比例", "强度")


def alternatives(*tables: tuple[str, ...]) -> str:
    """The words of ``tables`` as one regex alternation, longest first so 增长率 is not read as 增长."""
    return "|".join(sorted(dict.fromkeys(w for table in tables for w in table), key=len, reverse=True))


# A growth stated as a figure (同比增长13.1% / 下降4.0% / 增长约两成): what 增速 / 增幅 asks for, in other words.
GROWTH_STATED_RE = re.compile(
    rf"(?:{alternatives(GROWTH_WORDS, FALL_WORDS)})了?(?:约|近|超)?\s*(?:-?\d|[一二两三四五六七八九]成)"
)


# Words that make a figure one part of its indicator (吸纳技术合同成交额: contracts bought in, not those registered).
SUBTYPE_WORDS: tuple[str, ...] = ("吸纳", "输出", "其中")


def subtype_differs(a: str, b: str) -> bool:
    """Whether one metric names a part of its indicator (``SUBTYPE_WORDS``: 吸纳技术合同成交额) the other does not
    (技术合同成交额): one value is never the other's."""
    return any((w in a) != (w in b) for w in SUBTYPE_WORDS if w != "其中")


# Measures of one subject that are other quantities: an industry's 增加值 (value added) is not its 产值 / 营业收入
# (output, revenue), however alike the names (高新技术产业增加值 / 高新技术产业产值).
VALUE_MEASURES: tuple[tuple[str, ...], ...] = (("增加值",), ("总产值", "产值", "营业收入", "营收"))
_MEASURE_TAIL_RE = re.compile(rf"(?:的)?(?:{alternatives(GROWTH_WORDS, ('同比',))})+$")


def value_measure(metric: str) -> int | None:
    """Which of ``VALUE_MEASURES`` a metric ends in (its growth words aside), None for none."""
    head = _MEASURE_TAIL_RE.sub("", metric)
    return next((i for i, words in enumerate(VALUE_MEASURES) if head.endswith(words)), None)


# Words that make a metric a narrower one: 每万人口高价值发明专利拥有量 is not 每万人口发明专利拥有量.
NARROWING_WORDS: tuple[str, ...] = ("高价值",)


def measures_conflict(a: str, b: str) -> bool:
    """Whether two metrics are never one figure: they end in different value measures (…增加值 against …产值), one
    is narrowed by a word the other lacks (高价值), or they name different levels (省级以上 against 市级以上)."""
    ma, mb = value_measure(a), value_measure(b)
    if ma is not None and mb is not None and ma != mb:
        return True
    if any((w in a) != (w in b) for w in NARROWING_WORDS):
        return True
    la, lb = levels_in(a), levels_in(b)
    return bool(la and lb and not la & lb)


def levels_in(metric: str) -> frozenset[str]:
    """The levels a metric names (省级及以上 read as 省级以上), longest first so 省级以上 is not also 省级."""
    text = metric.replace("及以上", "以上")
    found: set[str] = set()
    for level in LEVELS:
        if level in text:
            found.add(level)
            text = text.replace(level, "")
    return frozenset(found)


# Words that ask for a stock (how many there are), not a flow (how many were added): any one answers another.
# A table column that gives each row's unit (单位 | 家): not a figure of the row but the unit of its bare numbers.
UNIT_COLUMN_HEADERS: frozenset[str] = frozenset({"单位", "计量单位", "单位名称", "指标单位"})
# A column whose numbers are rates or ranks, never in the row's unit (完成率 | 27.3 is not 27.3家).
_NOT_IN_ROW_UNIT_RE = re.compile(
    alternatives(COMPLETION_WORDS, ("进度",), SHARE_WORDS, GROWTH_WORDS, ("同比",), RANK_WORDS)
)


def is_unit_column(header: str) -> bool:
    """The column header says its cells are the row's unit (单位 / 计量单位)."""
    return "".join(header.split()) in UNIT_COLUMN_HEADERS


def takes_row_unit(header: str) -> bool:
    """A column's bare numbers are in the row's unit: not a rate or a rank column."""
    return not _NOT_IN_ROW_UNIT_RE.search(header)


STOCK_WORDS: frozenset[str] = frozenset({"有效", "总数", "累计", "总量", "存量"})

# The stages of a counted thing: applied for, granted, held, the net change of what is held. A figure at one stage
# is no answer to a question about another (申报153家 is not 新认定; 有效1128家 and 净增34家 are neither).
COUNT_STAGES: tuple[frozenset[str], ...] = (
    frozenset({"申报", "申请"}),
    frozenset({"认定", "获批", "授权"}),
    STOCK_WORDS,
    frozenset({"净增", "净减"}),
)


# Stage words a name may carry (科技型中小企业入库 / 发明专利授权): asked with one, the stage is asked as well, since the
# indicator's other names (科技型企业) do not carry it.
NAME_STAGE_WORDS: tuple[str, ...] = ("入库", "授权", "认定", "申报", "备案")


def name_stages(name: str) -> list[str]:
    """The stage words inside an indicator's name (科技型中小企业入库 → [入库]); none for a bare stage word."""
    return [w for w in NAME_STAGE_WORDS if w in name and w != name]


def stages_in(text: str) -> set[int]:
    """The stages (indices of :data:`COUNT_STAGES`) that ``text`` names."""
    return {i for i, words in enumerate(COUNT_STAGES) if any(w in text for w in words)}


def other_stage(asked: str, own: str) -> bool:
    """The figure's own words name a stage of the count and none the question asks (认定 asked, 申报153家 found);
    False when either names none: an unstated stage is unknown, not another."""
    wanted, held = stages_in(asked), stages_in(own)
    return bool(wanted) and bool(held) and not wanted & held


# Measures of one industry's output: the 增加值 of an industry is not its 产值, nor its 营业收入.
OUTPUT_MEASURES: frozenset[str] = frozenset({"产值", "增加值", "营业收入", "营收", "利润", "税收"})


def other_measure(asked: str, own: str) -> bool:
    """The figure's own words name an output measure and none the question asks (产值 asked, 增加值增长6.8% found)."""
    wanted = {m for m in OUTPUT_MEASURES if m in asked}
    held = {m for m in OUTPUT_MEASURES if m in own}
    return bool(wanted) and bool(held) and not wanted & held


# Short forms a question may use for a word the reports write out (占营收比重 for 占营业收入比重).
SHORT_FORMS: tuple[tuple[str, str], ...] = (("营收", "营业收入"), ("科小", "科技型中小企业"))


# Names a question may give alone for an indicator the reports name in full (吉阳R&D 1-8月 asks its 研发投入); inside a
# longer name (R&D经费投入强度) that name is read whole instead.
# R&D before a word of its own (R&D强度, written 投入强度 in the report) is left for that word to be asked.
BARE_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"R[&＆]D(?![\u4e00-\u9fff])|R[&＆]D(?=是?多少|几|情况|如何|怎么样|增长|增速|同比)"), "研发投入"),
)


def expand_short_forms(text: str) -> str:
    """``text`` with each short form written out (研发费用占营收比重 → 研发费用占营业收入比重, a bare R&D → 研发投入)."""
    for short, full in SHORT_FORMS:
        if full not in text:
            text = text.replace(short, full)
    for pattern, full in BARE_NAMES:
        named = indicator_names_in(text.replace("＆", "&"))
        for m in reversed(list(pattern.finditer(text))):
            if not any(a <= m.start() and m.end() <= b for a, b, _name in named):
                text = text[: m.start()] + full + text[m.end() :]
    return text


# Rewrites that make two wordings of one metric compare equal (applied in order).
CANONICAL_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"规模以上"), "规上"),
    (re.compile(r"研究与开发|研究开发|R&D|R&amp;D"), "研发"),
    (re.compile(r"主营业务收入"), "营业收入"),
    (re.compile(r"高企"), "高新技术企业"),
    (re.compile(r"科小(?!学)"), "科技型中小企业"),  # 科小入库 = 科技型中小企业入库 (the short form SHORT_FORMS expands)
    (re.compile(r"有效期内"), "有效"),  # 有效期内高新技术企业 = 有效高企
    (re.compile(r"国家级高新技术企业"), "国家高新技术企业"),
    # a generic head after a named thing adds nothing: 入库企业数量 = 入库企业, 兑现金额 / 兑现资金 = 兑现
    (re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:数量|家数|金额|资金)$"), ""),
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
    "金额",
    # a text table's header puts the unit after the name: 技术合同成交额亿元, 发明专利授权量件
    "亿元",
    "万元",
    "件",
    "家",
    "个",
    "项",
    "人",
    "万平方米",
)


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    """The dictionary indicator a metric measures, with its statistical scope (规上工业 …) when one is named."""

    indicator: Indicator
    name: str  # as written
    related: bool  # a related statistic's name (技术开发费 beside 研发费用), not the indicator itself
    scope: str | None = None
    level: str | None = None  # 省级 / 市级 …: 省级新型研发机构 and 市级新型研发机构 are counted apart

    @property
    def label(self) -> str:
        """The name a ledger shows: level + scope + the canonical name (or the related statistic's own name)."""
        return f"{self.level or ''}{self.scope or ''}{self.name if self.related else self.indicator.name}"


# Words before the base of a share (A占B比重): B is what A is measured against, not what the figure measures.
SHARE_OF: tuple[str, ...] = ("占", "相当于", "占全部", "占全市", "占全区", "占全县")

# The level a platform, enterprise or title is recognised at, written before its name (longest first).
LEVELS: tuple[str, ...] = (
    "国家级",
    "省部级",
    "省级以上",
    "省级及以上",
    "市级及以上",
    "市级以上",
    "省级",
    "市级",
    "县级",
    "区级",
    "部级",
)

# Figures that are not indicators, by what their metric says they count: classed apart in the ledger.
OTHER_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("党建", ("党", "支部", "廉", "纪", "干部", "中心组")),
    ("活动与会议", ("开展", "召开", "举办", "组织", "活动", "会议", "培训", "宣讲", "学习", "走访", "对接", "路演")),
    ("服务与惠及", ("服务", "惠及", "涉及", "覆盖", "受益", "参与", "帮助", "协助", "办理", "受理", "群众")),
    ("目标与任务", ("目标", "任务", "序时")),
)
OTHER_CLASS = "其他"

# Themes a question may ask about instead of an indicator (知识产权方面的目标 / 人才方面做了什么), and the words that
# name what reports list under them: a sentence naming one of them speaks of the theme.
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("知识产权", ("知识产权", "专利", "商标", "PCT")),
    ("人才", ("人才", "院士", "博士", "专家", "科技特派员", "工程师", "创新团队", "引才", "引智")),
    ("科技金融", ("科技金融", "贷款", "融资", "授信", "基金", "科创贷", "风险补偿", "科技保险", "担保")),
    ("成果转化", ("成果转化", "技术合同", "技术交易", "概念验证", "中试", "技术经纪")),
    ("企业培育", ("高新技术企业", "高企", "科技型中小企业", "专精特新", "企业培育")),
    ("创新平台", ("创新平台", "实验室", "研究院", "研发中心", "孵化器", "众创空间", "技术中心", "研发机构")),
)


def theme_words(term: str) -> tuple[str, ...]:
    """The words that speak of theme ``term`` (专利 / 商标 for 知识产权); () when ``term`` is no theme."""
    return next((words for name, words in THEMES if name == term), ())


def other_class(metric: str) -> str:
    """What a figure that is no indicator counts (党建 / 活动与会议 / 服务与惠及 / 目标与任务), else 其他."""
    return next((name for name, cues in OTHER_CLASSES if any(cue in metric for cue in cues)), OTHER_CLASS)


def indicator_of(metric: str) -> IndicatorMatch | None:
    """The indicator ``metric`` (a figure's metric name) measures, or None when it names something else.

    The indicator's name must end the metric or be followed by a measure word (:data:`MEASURE_TAILS`); of several
    names the last that does wins (…申报指导工作高新技术企业 → 高新技术企业). Activity and meeting counts
    (开展, 召开, 组织企业) name no indicator.
    """
    best: IndicatorMatch | None = None
    start = 0
    taken = 0  # end of the last name read: a name inside it (实验室 in 重点实验室) is part of that one
    while (found := find_indicator(metric[start:])) is not None:
        indicator, name, offset, related = found
        pos = start + offset
        tail = metric[pos + len(name) :]
        inside = pos + len(name) <= taken
        taken = max(taken, pos + len(name))
        denominator = metric[:pos].endswith(SHARE_OF)  # 高新技术产业增加值占规上工业增加值比重: the share's base
        if not inside and not denominator and (not tail or tail.startswith(MEASURE_TAILS)):
            before = metric[:pos].strip()
            level = next((w for w in LEVELS if before.endswith(w)), None)
            if level:
                before = before[: -len(level)]
            aliases = scope_aliases(before)
            scope = min(aliases, key=lambda a: (len(a), "工业" not in a, a)) if aliases else None  # 规上工业
            best = IndicatorMatch(indicator, name, related, scope, level)
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


def other_indicators(a: str, b: str) -> bool:
    """Whether two metrics measure two different dictionary indicators (评价入库科技型中小企业 / 有效期内高新技术企业);
    False when either names none (unknown is not "other")."""
    ia, ib = indicator_of(a), indicator_of(b)
    return ia is not None and ib is not None and ia.indicator.name != ib.indicator.name


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
