"""Issue #18 round 6: general rules found on devset4's false alarms and misses, one table per rule, written with our
own sentences (no place, figure or wording of a devset4 report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.extract import extract_figures
from scribe.lexicon.framing import stage_overstated
from scribe.models import FigureKind, Modality
from vectorstore.loaders.tables import is_value, table_lines

RIVER = SourceText(
    source_id="r",
    bureau="青川县科技局",
    period="2025年上半年",
    text=(
        "青川县科技局2025年上半年工作总结\n一、上半年工作成效\n"
        "上半年登记技术合同成交额12.4亿元，完成全年目标（30亿元）的41.3%，同比增长8.8%，增幅居全市第3位。\n"
        "新认定创新型中小企业66家，完成全年目标（150家）的44%，比序时进度低6个百分点。\n"
        "全县专精特新企业2023年52家，2024年61家，增长17.3%。\n"
        "国家级孵化器申报全年目标12家，1-6月完成9家，完成进度75%。\n"
        "二、下半年工作思路\n力争专精特新企业申报突破12家，技术合同成交额全年达到35亿元。\n"
    ),
)


def _label(text: str, source: SourceText = RIVER) -> str:
    return claim_verdict(verify(text, [source]), text, [source]).label


# -- 完成全年目标（…）的X%，then a result: the target cue ends with the completion clause -----------------------------
def test_clauses_after_a_completion_rate_state_results() -> None:
    figs = extract_figures("新认定创新型中小企业66家，完成全年目标（150家）的44%，比序时进度低6个百分点，居全市第2位。")
    assert [f.modality for f in figs] == [
        Modality.ACHIEVED,
        Modality.TARGET,
        Modality.ACHIEVED,
        Modality.ACHIEVED,
        Modality.ACHIEVED,
    ]


def test_a_target_cue_of_its_own_clause_still_makes_a_target() -> None:
    figs = extract_figures("力争完成全年目标的60%，新增企业10家。")
    assert figs[-1].modality is Modality.TARGET


def test_growth_after_a_completion_rate_is_the_results() -> None:
    figs = extract_figures("技术合同成交额12.4亿元，完成全年目标（30亿元）的41.3%，同比增长8.8%。")
    assert figs[-1].metric == "技术合同成交额"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("青川县上半年技术合同成交额同比增长8.8%，增幅居全市第3位。", "supported"),
        ("青川县上半年新认定创新型中小企业66家，比序时进度低6个百分点。", "supported"),
    ],
)
def test_results_after_a_completion_rate(text: str, label: str) -> None:
    assert _label(text) == label


# -- 从2023年的A增至2024年的B，增加C: a change between two values the text states ------------------------------------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("青川县专精特新企业从2023年的52家增至2024年的61家，增加9家。", "supported"),
        ("青川县专精特新企业由2023年的52家增至2024年的61家，增加11家。", "unsupported"),
    ],
)
def test_from_year_to_year_change(text: str, label: str) -> None:
    assert _label(text) == label


# -- the gap to a target: 还需 / 还差 after a long clause, the target named after its figure, a twin of the target -----
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("青川县要完成全年30亿元技术合同成交额目标，下半年还需完成17.6亿元。", "supported"),
        ("青川县要完成全年30亿元技术合同成交额目标，下半年还需完成18.6亿元。", "unsupported"),
        ("青川县下半年还需完成技术合同成交额17.6亿元，才能实现30亿元的全年目标。", "supported"),
        ("青川县国家级孵化器申报距全年12家目标还差3家。", "supported"),
        ("青川县国家级孵化器申报距全年12家目标还差4家。", "unsupported"),
    ],
)
def test_gap_to_a_target(text: str, label: str) -> None:
    assert _label(text) == label


def test_a_figure_before_a_named_target_is_that_metrics_target() -> None:
    fig = extract_figures("要完成全年30亿元技术合同成交额目标。")[0]
    assert (fig.modality, fig.metric) == (Modality.TARGET, "技术合同成交额目标")
    goal = extract_figures("下半年还需完成技术合同成交额17.6亿元，才能实现30亿元的全年目标。", default_period="2025年")[
        1
    ]
    assert (goal.modality, goal.period, goal.metric) == (Modality.TARGET, "2025年全年", "技术合同成交额")


# -- a restatement whose figure is written in words (近七成) -----------------------------------------------------------
def test_restated_figure_in_words() -> None:
    source = SourceText(
        source_id="w",
        bureau="青川县科技局",
        text="今年的授权量已达到上年全年的近七成。",
    )
    assert _label("青川县专利授权量已达到上年全年的近七成。", source) == "supported"


# -- a count followed by 中小企业 names the enterprises, not 科技型 alone -----------------------------------------------
def test_zhong_inside_a_noun_does_not_cut_it() -> None:
    fig = extract_figures("为25家科技型中小企业发放贷款1.2亿元。")[0]
    assert fig.metric == "科技型中小企业"
    assert extract_figures("10家企业中有3家尚未申报。")[0].metric == "企业"


def test_short_form_compares_equal() -> None:
    source = SourceText(source_id="k", bureau="青川县科技局", text="评价入库科技型中小企业全年目标300家。")
    assert _label("力争全年科小入库300家。", source) == "supported"


# -- tables: a 单位 column gives the row's bare numbers their unit; a dated header is no figure ---------------------
def test_a_dated_header_is_read_as_a_header() -> None:
    grid: list[list[str | None]] = [
        ["指标", "单位", "2025年完成", "年度目标", "完成率"],
        ["省级研发机构", "个", "14", "12", "116.7%"],
    ]
    # the 单位 column gives its unit to the bare numbers
    assert table_lines(grid) == ["省级研发机构2025年完成14个，年度目标12个，完成率116.7%。"]


def test_a_stated_unit_goes_onto_the_bare_numbers_after_it() -> None:
    figs = extract_figures("技术交易额单位亿元，2025年完成3.2，年度目标4，完成率80%。")
    assert [(f.metric, f.unit, f.value) for f in figs] == [
        ("技术交易额", "元", 3.2e8),
        ("技术交易额目标", "元", 4e8),
        ("技术交易额", "%", 80.0),
    ]
    assert figs[1].modality is Modality.TARGET


def test_a_table_row_with_a_unit_column_supports_its_figures() -> None:
    source = SourceText(
        source_id="u",
        bureau="青川县科技局",
        period="2025年",
        text="省级研发机构单位个，2025年完成14，年度目标12，完成率116.7%。",
    )
    assert _label("青川县2025年省级研发机构14个，完成12个年度目标的116.7%。", source) == "supported"
    assert _label("青川县2025年省级研发机构16个。", source) == "unsupported"


@pytest.mark.parametrize(
    ("cell", "value"), [("2025年完成", False), ("9月末", False), ("14", True), ("3.2亿元", True), ("116.7%", True)]
)
def test_dated_header_is_not_a_value(cell: str, value: bool) -> None:
    assert is_value(cell) is value


def test_completion_kind_unchanged() -> None:
    fig = extract_figures("完成全年目标（150家）的44%。")[-1]
    assert fig.kind is FigureKind.COMPLETION


# -- proportions in words: 九成五 = 95%, 一成半 = 15%; a stated hedge beats the 约 of a bare 八成 --------------------
@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("达标率在九成五以上。", 95.0, "以上"),
        ("占比不到总量的一成半。", 15.0, "不足"),
        ("已超过上年全年的七成。", 70.0, "超"),
        ("已达到上年全年的近七成。", 70.0, "近"),
        ("九成企业", 90.0, "约"),
    ],
)
def test_proportion_words(text: str, value: float, qualifier: str) -> None:
    fig = next(f for f in extract_figures(text) if f.unit == "%")
    assert (fig.value, fig.qualifier) == (value, qualifier)


def test_share_of_last_years_whole_is_dated_by_the_report() -> None:
    fig = extract_figures("前三季度授权量已达到上年全年的近七成。", default_period="2025年1-9月")[0]
    assert fig.period != "2025年全年"


def test_completion_above_a_fraction_is_the_results_period() -> None:
    fig = extract_figures("一季度贷款放款完成全年目标超过四分之一。")[0]
    assert (fig.kind, fig.period) == (FigureKind.COMPLETION, "一季度")


# -- 比…低 / 低于… is a change below the base: the opposite of 比…高 ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("青川县上半年新认定创新型中小企业66家，比序时进度高6个百分点。", "unsupported"),
        ("青川县上半年新认定创新型中小企业66家，比序时进度低6个百分点。", "supported"),
    ],
)
def test_lower_than_is_not_higher_than(text: str, label: str) -> None:
    assert _label(text) == label


def test_lower_than_with_the_base_in_brackets() -> None:
    fig = extract_figures("研发投入强度为2.1%，低于全省平均水平（2.5%）0.4个百分点。")[-1]
    assert fig.value == -0.4


# -- ranks: an aside between the area and the rank; 计划2025年 plans -----------------------------------------------
def test_rank_after_a_bracketed_aside() -> None:
    fig = extract_figures("总数居全市各县（市、区）第三位。")[0]
    assert (fig.unit, fig.value) == ("rank", 3.0)


def test_plan_with_a_year_is_a_target() -> None:
    assert extract_figures("计划2026年技术合同成交额达到5亿元。")[0].modality is Modality.TARGET


# -- 分别同比增长 a、b binds each rate to the amounts listed before -------------------------------------------------
def test_respective_growth_after_a_list_of_amounts() -> None:
    figs = extract_figures("规上企业实现营业收入80.2亿元、利润6.4亿元，分别同比增长5.1%和7.3%。")
    assert [f.metric for f in figs[2:]] == [figs[0].metric, figs[1].metric]


# -- 重新认定 keeps its 新认定: the parts of a total are named -------------------------------------------------------
def test_sum_of_named_parts() -> None:
    source = SourceText(
        source_id="p",
        bureau="青川县科技局",
        text="今年已组织25家企业申报高新技术企业，其中重新认定14家、首次申报11家。",
    )
    assert _label("青川县今年申报高新技术企业中，重新认定和首次申报合计25家。", source) == "supported"
    assert _label("青川县今年申报高新技术企业中，重新认定和首次申报合计26家。", source) == "unsupported"


# -- 按同比增长x%推算: the premise rate is the computed figure's --------------------------------------------------
def test_premise_rate_takes_the_computed_figures_metric() -> None:
    source = SourceText(
        source_id="q",
        bureau="青川县科技局",
        period="2025年",
        text="全年评价入库科技型中小企业120家，同比增长20%。",
    )
    assert _label("按同比增长20%推算，青川县2024年入库科技型中小企业100家。", source) == "supported"


# -- the candidate that names every word of the claim's metric beats a nearer wording that names only part of it ----
LOANS = SourceText(
    source_id="n",
    bureau="青川县科技局",
    period="2025年1-5月",
    text=(
        "评价入库科技型中小企业210家，完成全年目标（300家）的70%。\n"
        "1-5月为18家科技型中小企业发放贷款0.9亿元。\n"
        "有效期内高新技术企业40家；今年申报高新技术企业9家，预计10月公布认定结果。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("青川县1-5月科技型中小企业入库210家。", "supported"),
        ("青川县1-5月科技型中小企业入库200家。", "unsupported"),
        ("青川县今年新认定高新技术企业9家。", "unsupported"),  # 申报 is not 新认定
    ],
)
def test_candidate_naming_all_of_the_metric(text: str, label: str) -> None:
    assert _label(text, LOANS) == label


@pytest.mark.parametrize(
    ("claim", "source", "overstated"),
    [
        ("今年新认定高新技术企业", "今年申报高新技术企业", True),
        ("今年获批省级平台", "推荐申报省级平台", True),
        ("今年申报高新技术企业", "今年申报高新技术企业", False),
        ("今年申报高新技术企业", "今年通过认定高新技术企业", False),
        ("今年新增企业", "今年申报高新技术企业", False),
    ],
)
def test_stage_overstated(claim: str, source: str, overstated: bool) -> None:
    assert stage_overstated(claim, source) is overstated


# -- a total over a table's rows (one sentence per row) -----------------------------------------------------------
COUNTIES = SourceText(
    source_id="t",
    bureau="江北市科技局",
    text=(
        "全市有效期内高新技术企业900家。\n"
        "建德市有效期内高新技术企业120家，技术合同成交额8.1亿元。\n"
        "桐庐县有效期内高新技术企业65家，技术合同成交额2.2亿元。\n"
        "淳安县有效期内高新技术企业40家，技术合同成交额1.5亿元。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("江北市表中所列区县的有效期内高新技术企业合计225家。", "supported"),
        ("江北市表中所列区县的有效期内高新技术企业合计235家。", "unsupported"),
        ("江北市表中所列区县的技术合同成交额合计11.8亿元。", "supported"),
    ],
)
def test_column_total(text: str, label: str) -> None:
    assert _label(text, COUNTIES) == label
