"""Issue #18 round 11 (session 16): general rules found on devset8's false alarms, one table per rule, written with
our own sentences (no place, figure or wording of a devset report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.extract import extract_figures

SUMMARY = SourceText(
    source_id="r11",
    bureau="青岚县科技局",
    period="2026年1-10月",
    text=(
        "青岚县科技局2026年1-10月工作总结\n"
        "一、主要指标\n"
        "1-10月，全县规上工业增加值同比增长5.9%，增速较1-9月回升0.3个百分点，居全市第4位。\n"
        "1-10月技术合同成交额6.3亿元，同比增长12.1%。其中技术服务合同成交额3.2亿元，约占五成。\n"
        "截至10月底，全县有效高新技术企业212家。\n"
        "专利质押融资额2100万元，同比翻了一番多（上年同期900万元）。\n"
        "二是中小企业研发投入偏弱，中小企业研发费用不足0.9亿元。\n"
        "二、下步工作打算\n"
        "确保全年新入库科技型中小企业90家以上，高新技术企业申报达到40家；力争年底有效高新技术企业达到230家。\n"
        "力争2027年技术合同成交额突破8亿元。\n"
    ),
)


def _label(text: str, section_path: tuple[str, ...] = ()) -> str:
    return claim_verdict(verify(text, [SUMMARY], section_path=section_path), text, [SUMMARY]).label


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-10月规上工业增加值增长5.9%，居全市第4位。", "supported"),  # 较1-9月 dates the base, not the rank
        ("青岚县1-9月规上工业增加值居全市第4位。", "unsupported"),
    ],
)
def test_a_period_after_a_comparison_dates_the_base(claim: str, label: str) -> None:
    assert _label(claim) == label


@pytest.mark.parametrize(
    ("claim", "section", "label"),
    [
        ("在今年1-10月技术合同成交额6.3亿元的基础上，2027年力争突破8亿元。", ("二、2027年工作打算",), "supported"),
        ("以1-10月技术合同成交额6.3亿元为基础，2027年力争突破8亿元。", ("二、2027年工作打算",), "supported"),
        (
            "今年全县有效高新技术企业已达212家，年底力争达到230家。",
            ("二、下步工作打算", "（一）冲刺全年目标"),
            "supported",
        ),
        ("在今年1-10月技术合同成交额7.3亿元的基础上，2027年力争突破8亿元。", ("二、2027年工作打算",), "unsupported"),
    ],
)
def test_the_result_a_plan_builds_on_is_not_of_the_plans_period(
    claim: str, section: tuple[str, ...], label: str
) -> None:
    assert _label(claim, section) == label


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        (
            "青岚县下半年目标是高新技术企业申报达到40家。",
            "supported",
        ),  # the rest of the year works to the year's target
        ("青岚县下半年目标是高新技术企业申报达到45家。", "unsupported"),
        (
            "青岚县力争年底有效高新技术企业达到230家。",
            "supported",
        ),  # the nearest target, though a result names it closer
    ],
)
def test_targets_restated(claim: str, label: str) -> None:
    assert _label(claim) == label


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县专利质押融资额同比翻了一番多。", "supported"),
        ("青岚县专利质押融资额2100万元，较上年同期900万元翻了一番多。", "supported"),
        ("青岚县专利质押融资额同比翻了两番。", "unsupported"),
    ],
)
def test_doubling_in_words(claim: str, label: str) -> None:
    assert _label(claim) == label


def test_a_number_word_after_a_count_is_no_noun_of_it() -> None:
    figures = extract_figures("专利质押融资额2100万元，较上年同期900万元翻了一番。")
    assert [f.metric for f in figures][1:] == ["专利质押融资额", "专利质押融资额"]


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        (
            "青岚县技术服务合同成交额约占技术合同成交额的五成。",
            "supported",
        ),  # 约占五成: the share of the figure before it
        ("青岚县技术服务合同成交额约占技术合同成交额的七成。", "unsupported"),
    ],
)
def test_a_subjectless_share_is_the_share_of_the_figure_before_it(claim: str, label: str) -> None:
    assert _label(claim) == label


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县中小企业研发费用约0.86亿元。", "supported"),  # inside the source's 不足0.9亿元
        ("青岚县中小企业研发费用约0.95亿元。", "unsupported"),  # past it
        ("青岚县中小企业研发费用约0.6亿元。", "unsupported"),  # far below: not what 不足0.9亿元 says
    ],
)
def test_a_rounded_figure_inside_a_source_bound(claim: str, label: str) -> None:
    assert _label(claim) == label


PARTS = SourceText(
    source_id="r11p",
    bureau="青岚县科技局",
    period="2026年1-9月",
    text="1-9月兑现科技奖补资金4,200万元，其中研发费用补助1,900万元、高企认定奖励1,300万元、平台奖励1,000万元。\n",
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-9月研发费用补助和高企奖励合计3200万元。", "supported"),  # 和 joins two named parts
        ("青岚县1-9月研发费用补助和高企奖励合计3400万元。", "unsupported"),
    ],
)
def test_a_total_of_two_parts_joined_by_he(claim: str, label: str) -> None:
    assert claim_verdict(verify(claim, [PARTS]), claim, [PARTS]).label == label


HALF = SourceText(
    source_id="r11h",
    bureau="青岚县科技局",
    period="2026年上半年",
    text="上半年“科创贷”累计放款3.1亿元，其中二季度放款1.4亿元。\n",
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县二季度科创贷放款1.4亿元，一季度放款1.7亿元，合计3.1亿元。", "supported"),  # the total covers both
        ("青岚县二季度科创贷放款1.4亿元，一季度放款1.9亿元，合计3.1亿元。", "unsupported"),  # the part does not add up
        ("青岚县一季度科创贷放款3.1亿元。", "unsupported"),  # the half's total moved to a quarter
    ],
)
def test_a_total_of_parts_of_different_periods(claim: str, label: str) -> None:
    assert claim_verdict(verify(claim, [HALF]), claim, [HALF]).label == label


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-9月科技奖补资金中平台奖励占比超过七成。", "unsupported"),  # 1000 ÷ 4200 = 23.8%, not 1000 ÷ 1300
        ("青岚县1-9月科技奖补资金中研发费用补助占比超过四成。", "supported"),  # 1900 ÷ 4200 = 45.2%
        ("青岚县1-9月科技奖补资金中平台奖励占比超过三成。", "unsupported"),
    ],
)
def test_a_share_named_whole_first_b_zhong_a_zhanbi(claim: str, label: str) -> None:
    assert claim_verdict(verify(claim, [PARTS]), claim, [PARTS]).label == label


STATUS = SourceText(
    source_id="r11s",
    bureau="青岚县科技局",
    period="2026年1-11月",
    text=(
        "1-11月规上工业企业研发费用12.4亿元，同比增长6.1%，增速低于全市平均水平2.3个百分点。\n"
        "1-11月有效高新技术企业完成187家，完成率93.5%。\n"
        "1-11月技术合同成交额5.2亿元，完成率104.0%。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县研发费用同比增长6.1%，高于全市平均水平。", "unsupported"),  # the source compares the other way
        ("青岚县研发费用同比增长6.1%，低于全市平均水平。", "supported"),
        ("青岚县1-11月有效高新技术企业187家，已完成全年目标。", "unsupported"),  # 93.5%: short of it
        ("青岚县1-11月技术合同成交额5.2亿元，已完成全年目标。", "supported"),  # 104.0%
    ],
)
def test_what_a_checked_figures_words_say_besides(claim: str, label: str) -> None:
    assert claim_verdict(verify(claim, [STATUS]), claim, [STATUS]).label == label


BROKEN_DOWN = SourceText(
    source_id="r11b",
    bureau="青岚县科技局",
    period="2026年1-2月",
    text=(
        "1-2月全县规上工业企业研发费用2.37亿元，同比增长5.2%。其中，新材料企业研发费用1.12亿元，"
        "生物医药企业0.83亿元，纺织企业0.42亿元。\n"
        "1-2月技术合同成交额0.9亿元，其中技术开发合同0.5亿元、技术服务合同0.4亿元。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-2月三个行业研发费用合计2.37亿元。", "supported"),  # the 其中 sentence lists three
        ("青岚县1-2月四个行业研发费用合计2.37亿元。", "unsupported"),
        ("青岚县1-2月两类技术合同成交额合计0.9亿元。", "supported"),  # listed in the total's own sentence
    ],
)
def test_a_count_of_the_parts_a_total_breaks_into(claim: str, label: str) -> None:
    assert claim_verdict(verify(claim, [BROKEN_DOWN]), claim, [BROKEN_DOWN]).label == label
