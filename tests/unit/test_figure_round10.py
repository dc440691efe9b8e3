"""Issue #18 round 10 (session 15): general rules found on devset7's false alarms and misses, one table per rule,
written with our own sentences (no place, figure or wording of a devset report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.extract import extract_figures
from scribe.lexicon.hedges import completion_subject, excess_before_completion, passed_target, premise_of
from scribe.lexicon.indicators import subtype_differs
from scribe.lexicon.periods import dates_the_target
from scribe.lexicon.phrases import compared_base, counted_level, names_base, ranks_within, without_rank_frame

SUMMARY = SourceText(
    source_id="r10",
    bureau="青岚县科技局",
    period="2026年1-10月",
    text=(
        "青岚县科技局2026年1-10月工作总结\n"
        "一、主要指标\n"
        "上半年新认定科技型中小企业140家，7-10月新增131家。\n"
        "截至10月底，全县有效高新技术企业615家，较上年同期增加58家。\n"
        "1-10月技术合同成交额9.6亿元，同比增长21.3%；上年全年成交额为8.1亿元。\n"
        "1-10月，全县规上工业企业研发费用6.4亿元，同比增长9.1%。其中新材料企业研发费用2.5亿元，占全县近四成。\n"
        "1-10月评价入库科技型中小企业287家，完成市定目标（260家）的110.4%。\n"
        "1-10月专利质押融资额1.7亿元，完成全年目标（3.5亿元）的48.6%。\n"
    ),
)


def _label(text: str, source: SourceText = SUMMARY, section_path: tuple[str, ...] = ()) -> str:
    return claim_verdict(verify(text, [source], section_path=section_path), text, [source]).label


@pytest.mark.parametrize(
    ("clause", "found"),
    [
        ("7-10月新认定的科技型中小企业比上半年少", ("上半年", -1)),
        ("技术合同成交额已比上年全年多", ("上年全年", 1)),
        ("高新技术企业比2024年末净增", ("2024年末", 1)),
        ("较去年同期增加", ("去年同期", 1)),
        ("技术合同成交额同比增长", None),
        ("全县有效高新技术企业", None),
    ],
)
def test_compared_base(clause: str, found: tuple[str, int] | None) -> None:
    assert compared_base(clause) == found


@pytest.mark.parametrize(
    ("words", "base", "names"),
    [
        ("上年全年成交额为", "上年全年", True),
        ("较2024年底的", "2024年末", True),
        ("较去年同期增加", "上年同期", True),
        ("7-10月新增", "上半年", False),
    ],
)
def test_names_base(words: str, base: str, names: bool) -> None:
    assert names_base(words, base) is names


# -- a difference from a base the claim names, both values in the sources (or the source's own change) --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县7-10月新认定的科技型中小企业比上半年少9家。", "supported"),  # 131 − 140
        ("青岚县7-10月新认定的科技型中小企业比上半年少6家。", "unsupported"),
        ("青岚县7-10月新认定的科技型中小企业比上半年多9家。", "unsupported"),  # the other way round
        ("青岚县1-10月技术合同成交额已比上年全年多1.5亿元。", "supported"),  # 9.6 − 8.1
        ("青岚县1-10月技术合同成交额已比上年全年多1.8亿元。", "unsupported"),
        ("截至10月底，青岚县有效高新技术企业615家，比上年同期多58家。", "supported"),
        ("截至10月底，青岚县有效高新技术企业615家，比上年同期少58家。", "unsupported"),
        ("截至10月底，青岚县有效高新技术企业615家，比上年同期多68家。", "unsupported"),
    ],
)
def test_a_difference_from_a_named_base(claim: str, label: str) -> None:
    assert _label(claim) == label


# -- a remainder named by 以外 / 之外, its total in the sentence a 其中 sentence breaks down --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-10月新材料企业以外的企业研发费用合计3.9亿元。", "supported"),  # 6.4 − 2.5
        ("青岚县1-10月新材料企业以外的企业研发费用合计约3.9亿元。", "supported"),
        ("青岚县1-10月新材料企业以外的企业研发费用合计3.4亿元。", "unsupported"),
        ("青岚县1-10月新材料企业研发费用2.5亿元。", "supported"),
        ("青岚县1-10月新材料企业研发费用3.9亿元。", "unsupported"),
    ],
)
def test_a_remainder_of_a_broken_down_total(claim: str, label: str) -> None:
    assert _label(claim) == label


@pytest.mark.parametrize(
    ("head", "tail", "excess"),
    [
        ("科技型中小企业入库超额", "完成市定目标。", True),
        ("入库超额约", "完成年度任务", True),
        ("入库超额", "。", False),
        ("入库完成", "完成市定目标", False),
    ],
)
def test_excess_before_completion(head: str, tail: str, excess: bool) -> None:
    assert excess_before_completion(head, tail) is excess


@pytest.mark.parametrize(
    ("metric", "subject"),
    [
        ("专利质押融资额全年目标", "专利质押融资额"),
        ("入库完成目标", "入库"),
        ("研发费用完成率", "研发费用"),
        ("科技型中小企业评价入库市定目标", "科技型中小企业评价入库"),
        ("目标", "目标"),  # nothing else is left: a later pass names it by its subject
    ],
)
def test_completion_subject(metric: str, subject: str) -> None:
    assert completion_subject(metric) == subject


@pytest.mark.parametrize(
    ("between", "figure", "before_span", "target"),
    [
        ("目标", "46.4%，", "入库418家，完成", True),  # 完成全年目标46.4%: the rate is as of the report
        ("目标", "2.5%。", "研发投入强度", False),  # 全年目标2.5%: the target itself
        ("", "3.5亿元目标", "约为", False),  # 全年3.5亿元目标: the target's own year
        ("任务的", "约三分之一", "完成", True),
    ],
)
def test_dates_the_target_after_a_completion(between: str, figure: str, before_span: str, target: bool) -> None:
    assert dates_the_target(between, figure, before_span) is target


# -- the hedged completion of a target: 超额一成完成 (110.4% − 100%), 完成目标近一半 (48.6%), its period the report's --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县科技型中小企业入库超额一成完成市定目标。", "supported"),
        ("青岚县科技型中小企业入库超额两成完成市定目标。", "unsupported"),
        ("青岚县1-10月专利质押融资额完成全年目标近一半。", "supported"),
        ("青岚县1-10月专利质押融资额完成全年目标近六成。", "unsupported"),
        ("青岚县1-10月专利质押融资额1.7亿元，完成全年目标48.6%。", "supported"),
        ("青岚县1-10月专利质押融资额1.7亿元，完成全年目标58.6%。", "unsupported"),
    ],
)
def test_a_hedged_completion(claim: str, label: str) -> None:
    assert _label(claim) == label


def test_a_completion_rate_after_the_target_it_completed_is_the_report_period() -> None:
    rate = next(f for f in extract_figures("1-4月入库418家，完成全年目标46.4%。") if f.unit == "%")
    assert (rate.period, rate.metric) == ("1-4月", "入库")


PLAN = SourceText(
    source_id="r10p",
    bureau="青岚县科技局",
    period="2026年一季度",
    text=(
        "青岚县科技局2026年一季度工作总结\n"
        "一、一季度工作情况\n"
        "一季度评价入库科技型中小企业96家，举办政策宣讲会3场。\n"
        "二、二季度工作打算\n"
        "一是力争上半年科技型中小企业入库300家以上。二是组织技术经纪人培训2场，力争全年技术合同成交额突破12亿元。\n"
    ),
)
NEXT_YEAR = SourceText(
    source_id="r10n",
    bureau="青岚县科技局",
    period="2026年1-11月",
    text=(
        "青岚县科技局2026年工作总结和2027年工作计划\n"
        "一、2026年工作情况\n"
        "1-11月评价入库科技型中小企业118家，完成全年目标（110家）的107.3%。\n"
        "二、2027年工作计划\n"
        "力争2027年评价入库科技型中小企业130家以上。\n"
    ),
)


# -- restated targets: 计划上半年…以上, a quarter plan's own quarter, 今年 beside 明年 in a next year's plan --
@pytest.mark.parametrize(
    ("claim", "source", "section_path", "label"),
    [
        ("青岚县计划上半年科技型中小企业入库300家以上。", PLAN, (), "supported"),
        ("青岚县上半年科技型中小企业入库300家。", PLAN, (), "unsupported"),  # a target stated as done
        ("二季度组织技术经纪人培训2场，力争全年技术合同成交额突破12亿元。", PLAN, ("三、二季度工作打算",), "supported"),
        ("二季度组织技术经纪人培训3场。", PLAN, ("三、二季度工作打算",), "unsupported"),
        (
            "今年科技型中小企业入库118家、超额完成全年目标，明年力争达到130家以上。",
            NEXT_YEAR,
            ("三、2027年工作计划",),
            "supported",
        ),
        (
            "今年科技型中小企业入库128家、超额完成全年目标，明年力争达到130家以上。",
            NEXT_YEAR,
            ("三、2027年工作计划",),
            "unsupported",
        ),
    ],
)
def test_a_restated_target(claim: str, source: SourceText, section_path: tuple[str, ...], label: str) -> None:
    assert _label(claim, source, section_path) == label


@pytest.mark.parametrize(
    ("metric", "rest"),
    [("排", ""), ("增量居各县", "增量"), ("增速在全市排名", "增速"), ("增速排", "增速")],
)
def test_without_rank_frame_reads_a_bare_verb(metric: str, rest: str) -> None:
    assert without_rank_frame(metric) == rest


@pytest.mark.parametrize(
    ("text", "place", "scope"),
    [
        ("1-5月青岚县研发费用增长9.1%，增速居江州市第三。", "江州市", True),
        ("青岚县研发费用增速在江州市各县区中排名第2。", "江州市", True),
        ("江州市青岚县研发费用增长9.1%。", "江州市", False),
        ("江州市排名第一。", "江州市", False),  # the place ranked, not the scope
    ],
)
def test_ranks_within(text: str, place: str, scope: bool) -> None:
    at = text.index(place)
    assert ranks_within(text, at, at + len(place)) is scope


RANKED = SourceText(
    source_id="r10r",
    bureau="诸暨市科学技术局",
    period="2026年1-5月",
    text="诸暨市科学技术局2026年1-5月工作总结\n1-5月，全市规上工业企业研发费用21.5亿元，同比增长12.4%，增速居绍兴市第2位。\n",
)


# -- a rank's scope is no bureau (居绍兴市第二), and 全省排第四 is a rank like 居全省第4位 --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("1-5月诸暨规上工业企业研发费用同比增长12.4%，增速居绍兴市第二。", "supported"),
        ("1-5月诸暨规上工业企业研发费用同比增长12.4%，增速居绍兴市第三。", "unsupported"),
        ("1-5月绍兴市规上工业企业研发费用同比增长12.4%。", "unsupported"),  # another bureau's figure
    ],
)
def test_a_rank_scope_is_no_bureau(claim: str, label: str) -> None:
    assert _label(claim, RANKED) == label


PARTS = SourceText(
    source_id="r10s",
    bureau="青岚县科技局",
    period="2026年1-9月",
    text=(
        "青岚县科技局2026年1-9月工作总结\n"
        "分乡镇看，云溪镇申报高新技术企业41家、石门乡申报27家、和平镇申报19家，三个乡镇合计占全县的62.1%。\n"
        "东山、西岭两个园区新入库企业分别为35家、22家。\n"
    ),
)


# -- a total of the parts the claim names, each part's figure in one source sentence (or a 分别 list in order) --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县云溪、石门、和平三乡镇高企申报合计87家。", "supported"),  # 41 + 27 + 19
        ("青岚县云溪、石门、和平三乡镇高企申报合计97家。", "unsupported"),
        ("青岚县云溪、石门两乡镇高企申报合计68家。", "supported"),
        ("青岚县东山、西岭园区新入库企业合计57家。", "supported"),  # 35 + 22
        ("青岚县东山、西岭园区新入库企业合计59家。", "unsupported"),
    ],
)
def test_a_total_of_named_parts(claim: str, label: str) -> None:
    assert _label(claim, PARTS) == label


@pytest.mark.parametrize(
    ("before", "after", "premise"),
    [
        ("，按", "的完成率，全年目标约为", "completion"),
        ("按", "的全年目标，下半年还需", "target"),
        ("按照", "的省定目标，还差", "target"),
        ("，按", "推算，", None),
        ("完成", "的完成率，", None),
    ],
)
def test_premise_of(before: str, after: str, premise: str | None) -> None:
    assert premise_of(before, after) == premise


# -- a figure stated as the premise of the next clause measures that clause's subject --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("按48.6%的完成率，全年专利质押融资额目标为3.5亿元。", "supported"),
        ("按58.6%的完成率，全年专利质押融资额目标为3.5亿元。", "unsupported"),
        ("按110家的全年目标，青岚县还需新入库科技型中小企业0家。", "unsupported"),  # already past it
    ],
)
def test_a_premise_figure(claim: str, label: str) -> None:
    assert _label(claim, SUMMARY if "专利" in claim else NEXT_YEAR) == label


# -- a completion rate named by its subject alone, found in the one source sentence that names it with a rate --
RATE = SourceText(
    source_id="r10c",
    bureau="青岚县科技局",
    period="2026年上半年",
    text="青岚县科技局2026年上半年工作总结\n上半年全县技术合同登记205项，成交额3.69亿元，完成全年目标（7.5亿元）的49.2%。\n",
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县上半年技术合同完成全年目标近一半。", "supported"),
        ("青岚县上半年技术合同完成全年目标近六成。", "unsupported"),
        ("青岚县上半年技术合同完成全年目标的49.2%。", "supported"),
    ],
)
def test_a_completion_named_by_its_subject(claim: str, label: str) -> None:
    assert _label(claim, RATE) == label


AREAS = SourceText(
    source_id="r10a",
    bureau="克拉玛依市科学技术局",
    period="2026年1-11月",
    text=(
        "克拉玛依市科学技术局2026年1-11月工作总结\n"
        "截至11月底全市有效高新技术企业230家。其中独山子区有效高新技术企业51家，克拉玛依区99家，白碱滩区53家，"
        "乌尔禾区27家。\n"
    ),
)


@pytest.mark.parametrize(
    ("after", "level"), [("区有效高企合计", "区"), ("县", "县"), ("区级平台", None), ("项目", None)]
)
def test_counted_level(after: str, level: str | None) -> None:
    assert counted_level(after) == level


# -- a count of the areas a total runs over is the number of areas of that level a source sentence lists --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("克拉玛依四个区有效高企合计230家。", "supported"),
        ("克拉玛依五个区有效高企合计230家。", "unsupported"),
    ],
)
def test_a_count_of_listed_areas(claim: str, label: str) -> None:
    assert _label(claim, AREAS) == label


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("青岚县技术合同成交额超额完成年度目标。", ("青岚县技术合同成交额", True)),
        ("专利质押融资已提前完成全年任务", ("专利质押融资", False)),
        ("技术合同成交额完成年度目标的49.2%", None),
        ("有效高企已完成全年目标", ("有效高企", False)),  # session 16: reached, said with 已
        ("有效高企已完成全年目标的95.4%", None),  # how far, not reached
        ("有效高企已完成全年目标任务的95.4%", None),
        ("有效高企已完成全年目标（260家）", None),
        ("有效高企完成全年目标", None),  # without 已 it may be the plan's words
        ("已完成目标管理考核", None),  # 目标 opens another word
    ],
)
def test_passed_target(text: str, found: tuple[str, bool] | None) -> None:
    assert passed_target(text) == found


# -- a claim without a figure that says a result passed its target is checked against the stated completion rate --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县科技型中小企业评价入库超额完成市定目标。", "supported"),  # 110.4%
        ("青岚县专利质押融资额超额完成全年目标。", "unsupported"),  # 48.6%
        ("青岚县科普活动超额完成年度任务。", "unsupported"),  # no rate stated: abstains, as before
    ],
)
def test_a_target_passed_without_a_figure(claim: str, label: str) -> None:
    assert _label(claim) == label


SHARE = SourceText(
    source_id="r10h",
    bureau="青岚县科技局",
    period="2026年1-8月",
    text="青岚县科技局2026年1-8月工作总结\n1-8月，全县高新技术产业增加值占规上工业增加值比重达到46.3%。\n",
)


# -- a restated sentence's figure must be of the same kind: a growth rate does not restate a share --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("高新技术产业增加值增长46.3%。", "unsupported"),
        ("高新技术产业增加值占规上工业增加值比重达到46.3%。", "supported"),
    ],
)
def test_a_growth_does_not_restate_a_share(claim: str, label: str) -> None:
    assert _label(claim, SHARE) == label


@pytest.mark.parametrize(
    ("sentence", "surface", "period"),
    [
        ("青岚县科技局2026年工作总结\n1-11月成交额9.6亿元；上年全年成交额为8.1亿元。", "8.1亿元", "2025年全年"),
        ("青岚县科技局2026年工作总结\n1-11月成交额9.6亿元，已达到上年全年的近八成。", "八成", "2026年1-11月"),
        ("据报告：1-8月研发费用21.9亿元；上年全年研发费用为29.4亿元。", "29.4亿元", None),  # no year: unknown
    ],
)
def test_last_years_whole_is_dated_the_year_before(sentence: str, surface: str, period: str | None) -> None:
    fig = next(f for f in extract_figures(sentence) if f.surface == surface)
    assert fig.period == period


# -- a figure moved from the year before to the report's year is caught --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县2025年技术合同成交额8.1亿元。", "supported"),
        ("青岚县2026年技术合同成交额8.1亿元。", "unsupported"),
    ],
)
def test_last_years_whole_moved_to_this_year(claim: str, label: str) -> None:
    source = SUMMARY.model_copy(update={"text": "青岚县科技局2026年1-10月工作总结\n" + SUMMARY.text.split("\n", 1)[1]})
    assert _label(claim, source) == label


@pytest.mark.parametrize(
    ("a", "b", "differs"),
    [
        ("技术合同成交额", "园区吸纳技术合同成交额", True),
        ("输出技术合同成交额", "技术合同成交额", True),
        ("吸纳技术合同成交额", "园区吸纳技术合同成交额", False),
        ("技术合同成交额", "登记技术合同成交额", False),
    ],
)
def test_subtype_differs(a: str, b: str, differs: bool) -> None:
    assert subtype_differs(a, b) is differs


ABSORBED = SourceText(
    source_id="r10b",
    bureau="青岚县科技局",
    period="2026年1-11月",
    text="青岚县科技局2026年1-11月工作总结\n1-11月全县技术合同成交额31.2亿元，园区吸纳技术合同成交额18.6亿元，占59.6%。\n",
)


# -- a part of an indicator (吸纳 / 输出) is not the indicator; a share may still set the one against the other --
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-11月技术合同成交额18.6亿元。", "unsupported"),
        ("青岚县1-11月技术合同成交额31.2亿元。", "supported"),
        ("青岚县1-11月园区吸纳技术合同成交额18.6亿元。", "supported"),
        ("园区吸纳技术合同成交额占全县技术合同成交额的59.6%。", "supported"),
    ],
)
def test_a_part_of_an_indicator_is_not_the_indicator(claim: str, label: str) -> None:
    assert _label(claim, ABSORBED) == label
