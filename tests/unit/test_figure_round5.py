"""Issue #18 round 5: general rules found on devset3's false alarms and misses, one table per rule, written with our
own sentences (no place, figure or wording of a devset3 report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.extract import extract_figures
from scribe.figures.models import PASSING_LABELS
from scribe.lexicon.hedges import COMPLETED_SHARE_OF_TARGET_RE
from scribe.lexicon.periods import dates_the_target
from scribe.models import FigureKind, Modality

LAKE = SourceText(
    source_id="l",
    bureau="湖滨县科技局",
    period="2025年上半年",
    text=(
        "湖滨县科技局2025年上半年工作总结\n一、上半年工作成效\n"
        "上半年新认定技术先进型企业42家，完成全年目标（70家）的60%。\n"
        "1-5月登记技术合同成交额3.6亿元，完成年度任务（8亿元）的45%。\n"
        "在省创新评价中，湖滨县位列第27位，较上年前移3位。\n"
        "全县创新指数位列滨海市第3、全省第41位。\n"
    ),
)


def _label(text: str, source: SourceText = LAKE) -> str:
    return claim_verdict(verify(text, [source]), text, [source]).label


# -- a completion rate whose target stands in brackets (完成全年目标（70家）的60%) is the result's period's rate ---------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("湖滨县上半年新认定技术先进型企业42家，完成全年目标的60%。", "supported"),
        ("湖滨县1-5月技术合同成交额3.6亿元，完成年度任务的45%。", "supported"),
        ("湖滨县1-5月技术合同成交额3.6亿元，完成年度任务的54%。", "unsupported"),
        ("湖滨县上半年新认定技术先进型企业42家，完成全年70家目标的60%。", "supported"),
    ],
)
def test_completion_rate_with_bracketed_target(text: str, label: str) -> None:
    assert _label(text) == label


def test_bracketed_target_is_a_target_and_the_rate_a_completion() -> None:
    figs = extract_figures("上半年新认定技术先进型企业42家，完成全年目标（70家）的60%。", default_period="2025年上半年")
    target, rate = figs[1], figs[2]
    assert (target.modality, target.period) == (Modality.TARGET, "2025年全年")
    assert (rate.kind, rate.modality, rate.period) == (FigureKind.COMPLETION, Modality.ACHIEVED, "2025年上半年")


@pytest.mark.parametrize(
    ("segment", "completed"),
    [
        ("完成全年目标（70家）的", True),
        ("完成年度申报目标的", True),
        ("完成全年12亿元目标的", True),
        ("完成技术合同登记额", False),
    ],
)
def test_completed_share_of_target_with_what_and_value(segment: str, completed: bool) -> None:
    assert bool(COMPLETED_SHARE_OF_TARGET_RE.search(segment)) is completed


@pytest.mark.parametrize(
    ("after_span", "target"),
    [("目标（70家）的", True), ("申报目标的", True), ("12亿元目标的", True), ("新认定企业", False)],
)
def test_span_dates_a_bracketed_or_named_target(after_span: str, target: bool) -> None:
    assert dates_the_target(after_span) is target


# -- ranks: 第3、全省第41位 are two ranks (not a list item 3、); a rank whose clause names only the place takes the
# metric of the clause before it ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("湖滨县在省创新评价中位列第二十七位。", "supported"),
        ("湖滨县在省创新评价中位列第二十五位。", "unsupported"),
        ("湖滨县创新指数位列滨海市第三、全省第四十一位。", "supported"),
        ("湖滨县创新指数位列滨海市第三、全省第四十位。", "unsupported"),
    ],
)
def test_ranks_in_a_list_and_after_a_place(text: str, label: str) -> None:
    assert _label(text) == label


# -- what is left to a target, or how far a result passed it: a source's target minus its result, or the text's own
# target minus a result (距8亿元的年度任务还差4.4亿元 / 超出年度目标0.5亿元) -------------------------------------------
HILL = SourceText(
    source_id="h",
    bureau="青岭县科技局",
    period="2025年全年",
    text="青岭县科技局2025年工作总结\n全年实现技术交易额6.5亿元，增长12%。\n注：技术交易额年度目标为6亿元。\n",
)


@pytest.mark.parametrize(
    ("text", "source", "label"),
    [
        ("湖滨县新认定技术先进型企业还需28家才能完成全年目标。", LAKE, "supported"),  # 70 − 42
        ("湖滨县新认定技术先进型企业还需18家才能完成全年目标。", LAKE, "unsupported"),
        ("湖滨县技术合同成交额距8亿元的年度任务还差4.4亿元。", LAKE, "supported"),  # the text's 8亿元 − 3.6亿元
        ("湖滨县技术合同成交额距8亿元的年度任务还差3.4亿元。", LAKE, "unsupported"),
        ("湖滨县1-5月技术合同成交额3.6亿元，距8亿元的年度任务还差4.4亿元。", LAKE, "supported"),
        ("青岭县2025年技术交易额超出年度目标0.5亿元。", HILL, "supported"),  # 6.5 − 6
        ("青岭县2025年技术交易额超出年度目标1.5亿元。", HILL, "unsupported"),
    ],
)
def test_gap_to_a_target_and_excess_over_it(text: str, source: SourceText, label: str) -> None:
    assert _label(text, source) == label


# -- the base a level is compared with: 比全县平均水平高0.4个百分点 / 较一季度回落1.2个百分点 / 高于全县工业投资增速3个百分点
FIELD = SourceText(
    source_id="f",
    bureau="丰田县科技局",
    period="2025年上半年",
    text=(
        "丰田县科技局2025年上半年工作总结\n"
        "2024年全镇研发投入强度为2.9%，比全县平均水平高0.4个百分点。\n"
        "1-5月，全镇规上企业研发费用同比增长8.5%，增速较一季度回落1.2个百分点。\n"
        "1-5月，全镇高新技术产业投资增长12%，高于全镇工业投资增速3个百分点。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2024年丰田县的平均研发投入强度为2.5%。", "supported"),  # 2.9 − 0.4
        ("2024年丰田县的平均研发投入强度为2.4%。", "unsupported"),
        ("1-5月规上企业研发费用增长8.5%，一季度增速为9.7%。", "supported"),  # 8.5 + 1.2
        ("1-5月规上企业研发费用增长8.5%，一季度增速为7.3%。", "unsupported"),
        ("1-5月工业投资增速为9%。", "supported"),  # 12 − 3
        ("1-5月高新技术产业投资增速为9%。", "unsupported"),  # the level itself is 12%, not its base
    ],
)
def test_value_of_the_base_a_level_is_compared_with(text: str, label: str) -> None:
    assert _label(text, FIELD) == label


def test_a_clause_comparing_its_own_level_names_no_base_of_the_level_before() -> None:
    plan = SourceText(
        source_id="p",
        bureau="丰田县科技局",
        period="2025年全年",
        text="力争研发费用增速达到12%，高新技术产业产值增速高于工业产值增速2个百分点以上。",
    )
    assert _label("丰田县工业产值增长10%。", plan) == "unsupported"  # not 12 − 2: the 2 points compare 高新技术产业产值


# -- 超过三成 is not the source's 不足三成; 增加值 is not 产值; 有效期内高新技术企业 are the 有效高企 --------------------------
MILL = SourceText(
    source_id="m",
    bureau="石门县科技局",
    period="2025年全年",
    text=(
        "石门县科技局2025年工作总结\n全县高新技术产业产值210.5亿元，同比增长6.2%。\n"
        "技术服务类合同占比不足四成。\n有效期内高新技术企业总数达到96家，较上年末净增11家。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("石门县技术服务类合同占比不足四成。", "supported"),
        ("石门县技术服务类合同占比超过四成。", "unsupported"),
        ("石门县高新技术产业产值210.5亿元，同比增长6.2%。", "supported"),
        ("石门县高新技术产业增加值210.5亿元，同比增长6.2%。", "unsupported"),
        ("石门县有效高企96家。", "supported"),
    ],
)
def test_opposite_hedges_other_measures_and_the_valid_stock(text: str, label: str) -> None:
    assert _label(text, MILL) == label


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("高新技术产业增加值", "高新技术产业产值", True),
        ("规上工业增加值增速", "规上工业总产值", True),
        ("高新技术产业产值", "高新技术产业营业收入", False),
        ("高新技术产业增加值占规上工业增加值比重", "高新技术产业产值", False),
        ("技术合同成交额", "高新技术产业产值", False),
    ],
)
def test_value_measures_conflict(a: str, b: str, conflict: bool) -> None:
    from scribe.lexicon.indicators import measures_conflict

    assert measures_conflict(a, b) is conflict


# -- 从A提高到B: B is A's kind (a level, not a growth rate); A、B，分别增长x、y: x is A's, y is B's; 超额完成目标两成:
# the completion rate less 100% ------------------------------------------------------------------------------------
PORT = SourceText(
    source_id="q",
    bureau="港城区科技局",
    period="2025年全年",
    text=(
        "港城区科技局2025年工作总结\n研发投入强度2024年3.05%，2025年3.41%。\n"
        "全区数字经济核心产业营业收入812.3亿元、增加值195.6亿元，分别增长11.2%、6.4%。\n"
        "全年登记技术合同860项，完成年度目标（700项）的122.9%。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("港城区研发投入强度从3.05%提高到3.41%。", "supported"),
        ("港城区研发投入强度从3.05%提高到3.14%。", "unsupported"),
        ("港城区数字经济核心产业增加值195.6亿元，增长6.4%。", "supported"),
        ("港城区数字经济核心产业增加值195.6亿元，增长11.2%。", "unsupported"),
        ("港城区技术合同登记数超额完成年度目标两成以上。", "supported"),  # 122.9% − 100%
        ("港城区技术合同登记数超额完成年度目标三成以上。", "unsupported"),
    ],
)
def test_moved_to_level_respective_growth_and_excess_share(text: str, label: str) -> None:
    assert _label(text, PORT) == label


def test_growth_between_the_texts_own_from_and_to() -> None:
    two_years = SourceText(
        source_id="y",
        bureau="港城区科技局",
        period="2025年全年",
        text="2024年底全区有效高企120家。\n截至2025年底，全区有效高企150家。\n",
    )
    assert _label("港城区有效高企从120家增加到150家，增长25%。", two_years) == "supported"
    assert _label("港城区有效高企从120家增加到150家，增长30%。", two_years) == "unsupported"


# -- a target named by its value (全年目标9000万元，…) is its own clause's: the later completion rate and growth are the
# result's, of the result's months; a question's short form (科小) is written out --------------------------------------
def test_valued_target_clause_dates_and_marks_only_itself() -> None:
    figs = extract_figures(
        "知识产权质押融资额1-3月完成2400万元，全年目标9000万元，完成进度26.7%，同比增长18.5%。",
        default_period="2025年一季度",
    )
    done, target, rate, growth = figs
    assert (target.modality, target.period) == (Modality.TARGET, "2025年全年")
    for fig in (rate, growth):
        assert (fig.modality, fig.period, fig.metric) == (Modality.ACHIEVED, "2025年1-3月", done.metric)


def test_question_short_form_names_a_terse_answer() -> None:
    from scribe.figures.answer import verify_answer

    source = SourceText(
        source_id="s", bureau="湖滨县科技局", text="科技型中小企业入库评价318家，完成全年目标（400家）的79.5%。"
    )
    verdicts = verify_answer("318家，完成率79.5%[1]", [source], question="湖滨科小入库完成率")
    assert all(v.label in PASSING_LABELS for v in verdicts) and len(verdicts) == 2


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("每万人口高价值发明专利拥有量", "每万人口发明专利拥有量", True),
        ("每万人口高价值发明专利拥有量", "每万人口高价值发明专利量", False),
        ("申报省级以上科技项目", "申报市级及以上科技项目", True),
        ("申报省级及以上科技项目", "申报省级以上科技项目", False),
        ("国家级、省级孵化器", "省级孵化器", False),
        ("科技项目", "市级以上科技项目", False),  # a level one side leaves unstated is unknown
    ],
)
def test_narrowing_words_and_levels_conflict(a: str, b: str, conflict: bool) -> None:
    from scribe.lexicon.indicators import measures_conflict

    assert measures_conflict(a, b) is conflict


def test_a_narrower_metric_is_not_the_sources() -> None:
    source = SourceText(source_id="k", bureau="湖滨县科技局", text="全县每万人口发明专利拥有量达到18.6件。")
    assert _label("湖滨县每万人口发明专利拥有量18.6件。", source) == "supported"
    assert _label("湖滨县每万人口高价值发明专利拥有量18.6件。", source) == "unsupported"


# -- 两项指数分别居全国第9位和第14位: the ranks are the two indices' listed before, in order ------------------------------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("湖滨县区域创新指数居全省第9位。", "supported"),
        ("湖滨县企业创新指数居全省第14位。", "supported"),
        ("湖滨县企业创新指数居全省第9位。", "unsupported"),
    ],
)
def test_respective_ranks_after_a_count_of_the_listed(text: str, label: str) -> None:
    source = SourceText(
        source_id="r",
        bureau="湖滨县科技局",
        text="在全省创新评价中，我县区域创新指数为61.3、企业创新指数为55.8，两项指数分别居全省第9位和第14位。",
    )
    assert _label(text, source) == label


def test_figures_of_mixed_units_before_a_respective_list_do_not_name_it() -> None:
    figs = extract_figures(
        "争取补助资金60万元；组织4家企业申报；甲、乙、丙3家企业的贷款获批，金额分别为200万元、100万元、300万元。"
    )
    assert [f.metric for f in figs if f.unit == "元"][1:] == ["金额", "金额", "金额"]  # not 补助资金 / 组织企业 / …


def test_distance_word_before_a_target_is_no_part_of_its_metric() -> None:
    source = SourceText(
        source_id="g",
        bureau="湖滨县科技局",
        period="2025年上半年",
        text="湖滨县科技局2025年上半年工作总结\n一、工作成效\n已评价科技型中小企业21家。\n二、下半年工作思路\n全年入库科技型中小企业30家。\n",
    )
    assert _label("已评价科技型中小企业21家，距全年入库30家的目标还差9家。", source) == "supported"
    assert _label("已评价科技型中小企业21家，距全年入库30家的目标还差7家。", source) == "unsupported"
