"""Issue #18 round 9 (session 14): general rules found on devset6's false alarms and misses, one table per rule,
written with our own sentences (no place, figure or wording of a devset report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.answer import verify_answer
from scribe.figures.extract import extract_figures
from scribe.lexicon.headings import line_label
from scribe.lexicon.hedges import measured_against_target, share_hedge
from scribe.lexicon.indicators import other_indicators
from scribe.lexicon.numerals import without_trailing_zeros
from scribe.lexicon.phrases import counted_names, selects_top, with_shared_head, without_rank_frame

SUMMARY = SourceText(
    source_id="r9",
    bureau="青岚县科技局",
    period="2026年1-8月",
    text=(
        "青岚县科技局2026年1-8月工作总结\n"
        "一、主要指标\n"
        "1-8月，全县新入库科技型企业150家，比2025年同期的120家增加30家，同比增长25.0%，比2024年同期的100家增加50家。\n"
        "1-8月认定登记技术合同成交额2.4亿元，较2025年同期的1.6亿元增长50%，2024年同期仅为0.9亿元。\n"
    ),
)


def _label(text: str, source: SourceText = SUMMARY, section_path: tuple[str, ...] = ()) -> str:
    return claim_verdict(verify(text, [source], section_path=section_path), text, [source]).label


# -- a base dated by a named year (比2025年同期的120家 / 2024年同期仅为0.9亿元) is that year's value of the same metric --
@pytest.mark.parametrize(
    ("sentence", "surface", "metric", "period"),
    [
        ("1-8月，全县新入库科技型企业150家，比2025年同期的120家增加30家。", "120家", "新入库科技型企业", "2025年1-8月"),
        ("1-8月技术合同成交额2.4亿元，较2025年同期的1.6亿元增长50%。", "1.6亿元", "技术合同成交额", "2025年1-8月"),
        ("1-8月技术合同成交额2.4亿元，2024年同期仅为0.9亿元。", "0.9亿元", "技术合同成交额", "2024年1-8月"),
    ],
)
def test_a_base_dated_by_a_named_year(sentence: str, surface: str, metric: str, period: str) -> None:
    fig = next(f for f in extract_figures(sentence) if f.surface == surface)
    assert (fig.metric, fig.period) == (metric, period)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-8月技术合同成交额比2024年同期增加1.5亿元。", "supported"),  # 2.4 − 0.9
        ("青岚县1-8月技术合同成交额比2024年同期增加1.2亿元。", "unsupported"),
        ("青岚县科技型企业入库比2024年同期增长50.0%。", "supported"),  # 150 ÷ 100 − 1
        ("青岚县科技型企业入库比2024年同期增长40.0%。", "unsupported"),
        ("青岚县1-8月新入库科技型企业比2025年同期多30家。", "supported"),
        ("青岚县1-8月新入库科技型企业比2025年同期多35家。", "unsupported"),
        ("青岚县2025年1-8月新入库科技型企业120家。", "supported"),
        ("青岚县1-8月新入库科技型企业120家。", "unsupported"),  # the base is not this period's
    ],
)
def test_a_change_over_a_named_years_same_period(claim: str, label: str) -> None:
    assert _label(claim) == label


# -- a derivation from figures that do not measure what the claim names passes no wrong claim --------------------------
PLAN = SourceText(
    source_id="r9p",
    bureau="青岚县科技局",
    period="2026年上半年",
    text=(
        "青岚县科技局2026年上半年工作总结\n"
        "一、工作成效\n"
        "（一）创新投入。2024年全县研发投入强度0.65%，较上年提高0.08个百分点。\n"
        "（二）资金争取。争取上级科技资金870万元，完成年度目标的58.0%，其中省级项目资金530万元、市级项目资金340万元。\n"
        "（三）创新主体。截至6月底，全县有效期内高新技术企业180家；1-6月评价入库科技型中小企业150家，"
        "完成全年目标（250家）的60.0%。\n"
        "二、下半年工作思路\n"
        "（一）推动研发投入强度达到0.73%以上。\n"
        "（二）确保全年争取上级科技资金1500万元以上。\n"
        "（三）力争年末有效期内高新技术企业突破200家。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "section_path", "label"),
    [
        # a part ÷ its whole (530 ÷ 870 = 61%) is no share of the target the claim names (870 ÷ 1500 = 58%)
        ("青岚县争取上级科技资金已过年度目标六成。", (), "unsupported"),
        # a target minus a change stated of another year (0.73% − 0.08) is no earlier value
        ("青岚县2025年研发投入强度0.65%。", (), "unsupported"),
        # the target implied by another indicator's completion rate (150 ÷ 60% = 250) is not this indicator's
        ("力争年末有效期内高新技术企业突破240家。", ("二、下半年工作思路",), "unsupported"),
        ("力争年末有效期内高新技术企业突破200家。", ("二、下半年工作思路",), "supported"),
        ("青岚县1-6月评价入库科技型中小企业150家，全年目标250家。", (), "supported"),
    ],
)
def test_no_derivation_from_figures_of_another_measure(claim: str, section_path: tuple[str, ...], label: str) -> None:
    assert _label(claim, PLAN, section_path) == label


@pytest.mark.parametrize(
    ("segment", "hedge"),
    [
        ("争取上级科技资金已过年度目标", "超"),
        ("入库数已超过全年任务", "超"),
        ("入库数接近全年目标", "近"),
        ("入库数超过全年目标的", "超"),
        ("项目经过年度计划", None),  # 经过 is no hedge
        ("入库企业占比", None),
    ],
)
def test_a_hedge_before_the_target_a_share_is_of(segment: str, hedge: str | None) -> None:
    assert share_hedge(segment)[1] == hedge


@pytest.mark.parametrize(
    ("metric", "of_target"),
    [("上级科技资金占年度目标", True), ("入库数占全年任务的", True), ("的企业占总量", False), ("研发投入强度", False)],
)
def test_a_share_measured_against_a_target(metric: str, of_target: bool) -> None:
    assert measured_against_target(metric) is of_target


@pytest.mark.parametrize(
    ("a", "b", "other"),
    [
        ("年末有效期内高新技术企业", "评价入库科技型中小企业", True),
        ("有效期内高新技术企业", "高新技术企业", False),
        ("申报国家高新技术企业的任务数", "指导企业", False),  # unknown is not other
    ],
)
def test_other_indicators(a: str, b: str, other: bool) -> None:
    assert other_indicators(a, b) is other


# -- a rank's frame (在各县中排 / 居各县) is its scope, not what is ranked -----------------------------------------------
@pytest.mark.parametrize(
    ("metric", "ranked"),
    [
        ("增量在各县中排", "增量"),
        ("增量居各县", "增量"),
        ("增速在全市排名", "增速"),
        ("入库增速居渝东南片区", "入库增速"),
        ("增速居某某市各县（市、区）", "增速"),
        ("研发费用", "研发费用"),
    ],
)
def test_without_rank_frame(metric: str, ranked: str) -> None:
    assert without_rank_frame(metric) == ranked


RANKS = SourceText(
    source_id="r9r",
    bureau="青岚市科技局",
    period="2025年",
    text=(
        "青岚市科技局2025年工作总结\n一、主要成效\n全市科技工作成效明显。东城区高新技术企业210家，占全市的21.5%；"
        "西城区技术合同成交额20.3亿元，同比增长28.1%；北川县科技型中小企业入库160家，增量居各县第一；"
        "南川县新增省级众创空间2家。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚市北川县2025年科技型中小企业入库160家，增量在各县中排第一。", "supported"),
        ("青岚市北川县2025年科技型中小企业入库160家，增量在各县中排第二。", "unsupported"),
    ],
)
def test_a_rank_restated_in_another_frame(claim: str, label: str) -> None:
    assert _label(claim, RANKS) == label


# -- a terse answer's figure written to another precision than the cited sentence's (104% for 104.0%) ------------------
@pytest.mark.parametrize(
    ("surface", "written"),
    [("104.0%", "104%"), ("2.50亿元", "2.5亿元"), ("2.05亿元", "2.05亿元"), ("100家", "100家"), ("10.0", "10")],
)
def test_without_trailing_zeros(surface: str, written: str) -> None:
    assert without_trailing_zeros(surface) == written


DEALS = SourceText(
    source_id="r9d",
    bureau="青岚县科技局",
    period="2025年",
    text=(
        "青岚县科技局2025年工作总结\n（二）技术交易。全年认定登记技术合同成交额3.12亿元，完成年度目标（3亿元）的104.0%；"
        "其中技术开发合同1.81亿元、技术服务合同0.96亿元。\n"
    ),
)


@pytest.mark.parametrize(
    ("answer", "label"),
    [("3.12亿元，完成率104%[1]", "supported"), ("3.12亿元，完成率105%[1]", "unsupported")],
)
def test_a_terse_completion_rate_to_another_precision(answer: str, label: str) -> None:
    verdicts = verify_answer(answer, [DEALS], question="青岚技术合同")
    assert claim_verdict(verdicts, answer, [DEALS]).label == label


# -- a list item's label sentence (- 科技型中小企业。 1-6月评价入库150家) names the indicator its first figures measure --
@pytest.mark.parametrize(
    ("line_before", "label"),
    [("- 科技型中小企业。 ", "科技型中小企业"), ("（二）技术合同。", "技术合同"), ("", None), ("1-6月，全县", None)],
)
def test_line_label(line_before: str, label: str | None) -> None:
    assert line_label(line_before) == label


ITEMS = SourceText(
    source_id="r9i",
    bureau="青岚高新区科技创新局",
    period="2026年上半年",
    text=(
        "青岚高新区科技创新局2026年上半年工作总结\n一、主要指标完成情况\n"
        "- 高新技术企业。 上半年组织申报高新技术企业90家，目前区内有效期内高新技术企业240家。\n"
        "- 科技型中小企业。 1-6月评价入库150家，较上年同期的120家增长25.0%。\n"
        "- 科技型中小企业。 科技型中小企业入库全年目标260家，上半年完成150家，完成率57.7%。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚高新区上半年科技型中小企业入库150家，同比增长25.0%。", "supported"),
        ("青岚高新区上半年科技型中小企业入库150家，同比增长26.0%。", "unsupported"),
    ],
)
def test_a_figure_under_its_items_label(claim: str, label: str) -> None:
    assert _label(claim, ITEMS) == label


# -- a top N before a noun (前10位企业) picks out which ones; it is no count ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "top"),
    [("前10位企业研发费用", True), ("前五名的单位", True), ("前20强企业", True), ("前3", False), ("前10位。", False)],
)
def test_selects_top(text: str, top: bool) -> None:
    assert selects_top(text, 0) is top


TOP = SourceText(
    source_id="r9t",
    bureau="青岚市科技局",
    period="2026年1-2月",
    text=(
        "青岚市科技局2026年一季度工作总结\n（二）研发投入。1-2月，全市规上工业企业研发费用2.4亿元，同比增长11.2%。"
        "其中研发费用排名前10位的企业合计1.4亿元，占全市总量的近六成。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [("青岚前10位企业研发费用占全市近六成。", "supported"), ("青岚前10位企业研发费用占全市近八成。", "unsupported")],
)
def test_a_top_n_names_which_ones(claim: str, label: str) -> None:
    assert _label(claim, TOP) == label


# -- a terse answer to a question about a result that quotes the cited sentence's target is not supported -------------
DEALS_PLAN = SourceText(
    source_id="r9dp",
    bureau="青岚县科技局",
    period="2026年上半年",
    text=(
        "青岚县科技局2026年上半年工作总结\n一、工作成效\n（三）技术交易。上半年技术合同成交额0.92亿元，同比增长21.0%。\n"
        "二、下半年工作思路\n（二）抓技术交易，力争全年技术合同成交额达到2.1亿元。\n"
    ),
)


@pytest.mark.parametrize(
    ("question", "answer", "label"),
    [
        ("青岚上半年技术合同成交额", "2.1亿元[1]", "unsupported"),  # the 全年 target, not the half-year's result
        ("青岚上半年技术合同成交额", "0.92亿元[1]", "supported"),
        ("青岚全年技术合同成交额目标", "2.1亿元[1]", "supported"),
        ("青岚技术合同成交额", "力争全年达到2.1亿元[1]", "supported"),
    ],
)
def test_a_terse_answer_quoting_a_target_for_a_result(question: str, answer: str, label: str) -> None:
    verdicts = verify_answer(answer, [DEALS_PLAN], question=question)
    assert claim_verdict(verdicts, answer, [DEALS_PLAN]).label == label


# -- a count of the kinds just named (技术开发和技术服务两类合同) is no figure; the figure after it sums over them -------
@pytest.mark.parametrize(
    ("before", "count", "names"),
    [
        ("技术开发和技术服务", 2, ["技术开发", "技术服务"]),
        ("新认定省级、市级、县级", 3, ["新认定省级", "市级", "县级"]),
        ("技术开发和技术服务", 3, None),
        ("全市", 2, None),
    ],
)
def test_counted_names(before: str, count: float, names: list[str] | None) -> None:
    assert counted_names(before, count) == names


def test_with_shared_head() -> None:
    assert with_shared_head(["技术开发", "技术服务"], "合同") == "技术开发合同和技术服务合同"


CONTRACTS = SourceText(
    source_id="r9k",
    bureau="青岚县科技局",
    period="2026年1-5月",
    text=(
        "青岚县科技局2026年1-5月工作总结\n（三）技术交易。1-5月认定登记技术合同成交额3.9亿元，同比增长12.0%。"
        "其中技术开发合同2.42亿元、技术服务合同1.05亿元、技术转让合同0.43亿元。"
        "组织科技成果对接会3场，签约项目9项、合同金额0.57亿元。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("1-5月技术开发和技术服务两类合同合计3.47亿元。", "supported"),  # 2.42 + 1.05
        ("1-5月技术开发和技术服务两类合同合计3.57亿元。", "unsupported"),
    ],
)
def test_a_sum_over_the_kinds_it_counts(claim: str, label: str) -> None:
    assert _label(claim, CONTRACTS) == label


# -- a row whose indicator name carries the stage (高新技术企业申报全年目标…，上半年完成96家) is of that stage -------------
ROWS = SourceText(
    source_id="r9s",
    bureau="青岚高新区科技创新局",
    period="2026年上半年",
    text=(
        "青岚高新区科技创新局2026年上半年工作总结\n一、主要指标完成情况\n"
        "高新技术企业申报全年目标110家，上半年完成88家，完成率80.0%，全市排名第2位。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [("上半年新认定高新技术企业88家。", "unsupported"), ("上半年申报高新技术企业88家。", "supported")],
)
def test_a_stage_named_by_the_rows_indicator(claim: str, label: str) -> None:
    assert _label(claim, ROWS) == label


# -- a value found only under a looser name (合同金额) loses to the figure named as the claim names it ------------------
@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("1-5月全县技术合同成交额0.57亿元。", "unsupported"),  # 0.57 is the 对接会's 合同金额
        ("1-5月全县技术合同成交额3.9亿元。", "supported"),
        ("1-5月成果对接会签约合同金额0.57亿元。", "supported"),
    ],
)
def test_a_value_under_a_looser_name(claim: str, label: str) -> None:
    assert _label(claim, CONTRACTS) == label
