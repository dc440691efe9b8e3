"""Issue #18 round 6: general rules found on devset4's false alarms and misses, one table per rule, written with our
own sentences (no place, figure or wording of a devset4 report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.extract import extract_figures
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
def test_unit_column_moves_onto_the_row_values() -> None:
    grid: list[list[str | None]] = [
        ["指标", "单位", "2025年完成", "年度目标", "完成率"],
        ["省级研发机构", "个", "14", "12", "116.7%"],
        ["技术交易额", "亿元", "3.2", "4", "80%"],
    ]
    assert table_lines(grid) == [
        "省级研发机构2025年完成14个，年度目标12个，完成率116.7%。",
        "技术交易额2025年完成3.2亿元，年度目标4亿元，完成率80%。",
    ]


@pytest.mark.parametrize(
    ("cell", "value"), [("2025年完成", False), ("9月末", False), ("14", True), ("3.2亿元", True), ("116.7%", True)]
)
def test_dated_header_is_not_a_value(cell: str, value: bool) -> None:
    assert is_value(cell) is value


def test_completion_kind_unchanged() -> None:
    fig = extract_figures("完成全年目标（150家）的44%。")[-1]
    assert fig.kind is FigureKind.COMPLETION
