"""Issue #18 round 3: figures a reader derives from one source sentence (the rest of a total, a change between two
stated values, a share of a stated amount, a pass rate), completion rates read as results, and draft items under
a plan heading."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, VerdictLabel, verify
from scribe.figures.extract import extract_figures
from scribe.models import Modality

TOWN = SourceText(
    source_id="t",
    bureau="安远县科技局",
    period="2024年上半年",
    text=(
        "安远县科技局2024年上半年工作总结\n一、上半年工作成效\n"
        "组织申报高新技术企业80家，通过认定60家。"
        "发布技术攻关榜单项目30项，完成揭榜24项。"
        "技术合同成交额120亿元，其中输出技术合同成交额45亿元。"
        "收集企业诉求50条，已解决40条。"
        "规上工业企业研发机构覆盖率由年初的40%提高到52%。"
        "新建创新联合体6个，累计达到20个。"
        "新增孵化面积2.4万平方米，完成年度任务的56.2%。"
        "全年技术合同登记成交额目标8亿元，上半年力争完成45%。"
        "技術交易額完成24億元，完成年度目標的120%。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("安远县申报高新技术企业的通过率为75%。", ["derived"]),  # 60 ÷ 80
        ("安远县申报高新技术企业的通过率为70%。", ["unverifiable"]),
        ("安远县技术攻关榜单项目中有6项尚未完成揭榜。", ["derived"]),  # 30 − 24
        ("安远县技术攻关榜单项目中有8项尚未完成揭榜。", ["contradicted"]),
        ("安远县收集的企业诉求尚有10条未解决。", ["derived"]),  # 50 − 40
        ("安远县除输出技术合同外的技术合同成交额为75亿元。", ["derived"]),  # 120 − 45
        ("安远县规上工业企业研发机构覆盖率较年初提高12个百分点。", ["derived"]),  # 52% − 40%
        ("安远县规上工业企业研发机构覆盖率较年初提高10个百分点。", ["unverifiable"]),
        ("安远县2023年底累计建成创新联合体14个。", ["derived"]),  # 20 − 6 新建
        ("安远县上半年新增孵化面积2.4万平方米，完成年度任务过半。", ["supported", "supported"]),
        ("安远县上半年技术合同登记成交额力争完成3.6亿元。", ["derived"]),  # 8亿元 × 45%
        ("安远县全年技术合同登记成交额力争完成3.6亿元。", ["contradicted"]),  # the 45% is the half-year's
        ("安远县技术交易额的年度目标为20亿元。", ["derived"]),  # 24 ÷ 120%, a traditional source
    ],
)
def test_figures_derived_from_one_source_sentence(text: str, labels: list[str]) -> None:
    verdicts = verify(text, [TOWN])
    assert [v.label.value for v in verdicts] == labels, [(v.figure.surface, v.reason) for v in verdicts]


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("完成年度任务过半", Modality.ACHIEVED),
        ("完成全年目标的51.7%", Modality.ACHIEVED),
        ("完成全年目标11.9亿元的约28.4%", Modality.ACHIEVED),
        ("全年目标任务20家", Modality.TARGET),
        ("全年任务为60%", Modality.TARGET),
    ],
)
def test_a_share_of_a_target_is_how_far_the_result_went(text: str, modality: Modality) -> None:
    assert extract_figures(text)[-1].modality is modality


def test_a_rate_of_a_result_over_its_target_is_no_share_of_it() -> None:
    """完成年度目标的120% relates 24亿元 to its goal; 24亿元 × 120% is no figure of anything."""
    verdicts = verify("安远县技术交易额达到28.8亿元。", [TOWN])
    assert verdicts[0].label is not VerdictLabel.DERIVED


PLAN_REPORT = SourceText(
    source_id="p",
    bureau="安远县科技局",
    period="2024年上半年",
    text=(
        "安远县科技局2024年上半年工作总结及下半年工作思路\n一、上半年工作成效\n"
        "1-5月，规上工业研发费用完成8120.5万元，增速16.2%。新增孵化面积0.42万平方米，新增入孵企业12家。\n"
        "二、下步工作思路\n"
        "力争实现年度规上工业研发费用增速达15%以上；高新技术产业增加值9.2亿元以上。"
        "力争新增孵化面积1.5万平方米，新增入孵企业30家。\n"
    ),
)
DRAFT_PATH = ["2024年下半年", "三、下半年工作思路", "（一）聚力科创核心指标"]


@pytest.mark.parametrize(
    ("item", "labels"),
    [
        # a source target restated under the plan heading, in a model's idioms
        ("1. **规上工业研发费用**：年度增速达15%以上。", ["target"]),
        ("规上工业研发费用增速达到１５％以上[1][2]。", ["target"]),  # full-width digits, ％, two markers
        ("根据资料1，高新技术产业增加值9.2亿元以上。", ["target"]),  # 资料1 is no figure
        ("高新技术产业增加值92000万元以上。", ["target"]),  # 万元 for 亿元
        ("新增孵化面积1.5万平方米，新增入孵企业30家。", ["target", "target"]),  # no 力争: the heading says so
        # the result an item builds on stays a result
        ("在新增孵化面积0.42万平方米的基础上，力争新增孵化面积1.5万平方米。", ["supported", "target"]),
        ("1-5月规上工业研发费用完成8120.5万元，力争年度增速达15%以上。", ["supported", "target"]),
        # a new target no source states is the draft's own, to be checked — not a result misstated
        ("力争规上工业研发费用达到1.6亿元。", ["unverifiable"]),  # only a result (8120.5万元) is stated
        ("力争新增入孵企业20家。", ["contradicted"]),  # the plan says 30家
        ("新增入孵企业12家。", ["contradicted"]),  # the first half's result restated as the plan's target
        ("新增入孵企业X家，新增孵化面积1.5万平方米。", ["placeholder", "target"]),
        ("力争新增入孵企业25-30家。", ["contradicted"]),  # the plan says 30家
    ],
)
def test_a_draft_item_under_a_plan_heading(item: str, labels: list[str]) -> None:
    verdicts = verify(item, [PLAN_REPORT], section_path=DRAFT_PATH)
    assert [v.label.value for v in verdicts] == labels, [(v.figure.surface, v.reason) for v in verdicts]


def test_a_new_target_says_it_is_one() -> None:
    """力争研发费用1.6亿元 beside the first half's 8120.5万元: a target the sources do not state, not a wrong result."""
    (verdict,) = verify("力争规上工业研发费用达到1.6亿元。", [PLAN_REPORT], section_path=DRAFT_PATH)
    assert verdict.conflict is None and "新提出的目标" in verdict.reason


KUNSHAN = SourceText(
    source_id="k",
    bureau="安远县科技局",
    period="2024年一季度",
    text=(
        "1-3月，全县规上工业企业研发投入8.6亿元，同比增长9.7%，约占赣州全市的17%。"
        "2024年全年，全县有效高新技术企业达到268家，较2023年底的221家净增47家。"
        "2024年技术交易额完成2.97亿元，完成率33%。2024年技术合同成交额16.85亿元，较2023年的8.41亿元实现翻一番。"
        "\n二、2025年工作计划\n全县研发投入占GDP比重力争1.3以上。"
    ),
)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("安远县规上工业企业研发投入接近赣州全市的两成。", ["supported"]),  # 约占…17%: a share of 赣州全市
        ("安远县规上工业企业研发投入约占赣州全市的17%。", ["supported"]),
        ("安远县规上工业企业研发投入约占赣州全市的三成。", ["contradicted"]),
        ("安远县2024年有效高新技术企业净增47家。", ["supported"]),  # 2023年底 dates the 221家 it is compared with
        ("安远县2023年有效高新技术企业净增47家。", ["contradicted"]),
        ("安远县2025年研发投入占GDP比重力争达到1.3%以上。", ["target"]),  # the source leaves out the %
        ("安远县2024年技术交易额全年目标约9亿元。", ["derived"]),  # 2.97亿元 ÷ 33%
        ("安远县2025年技术交易额目标约9亿元。", ["unverifiable"]),  # a 2024 rate implies no 2025 target
        ("安远县技术合同成交额较2023年增加8.44亿元。", ["derived"]),  # 较2023年 dates the base, not the rise
        ("安远县技术合同成交额同比增长约100.4%。", ["derived"]),  # 较2023年的8.41亿元 is 2023's
    ],
)
def test_hedged_shares_compared_bases_and_years(text: str, labels: list[str]) -> None:
    verdicts = verify(text, [KUNSHAN])
    assert [v.label.value for v in verdicts] == labels, [(v.figure.surface, v.reason) for v in verdicts]


EVENTS = SourceText(
    source_id="e",
    bureau="安远县科技局",
    period="2023年",
    text=(
        "举办科技活动周、全国科普日等主题活动260余场，参与群众约35万人次。"
        "获得小升高补助资金50万元；组织2家企业获得创新券补助；县种子公司、优安新能源等3家企业的成果转化贷款通过审批，"
        "金额分别为500万元、300万元。"
        "外国专家引进中A类比重实现增长达到22%。"
    ),
)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # a sentence restating a source sentence in other words: its figure is that sentence's figure of its unit
        ("安远县举办科普活动260余场，参与群众约35万人次。", ["supported", "supported"]),
        ("安远县举办科普活动280余场，参与群众约35万人次。", ["unverifiable", "supported"]),
        ("安远县获得小升高补助资金500万元。", ["contradicted"]),  # the sentence's other amount is no restatement
        ("安远县外国专家引进中A类比重增长达到22%。", ["supported"]),  # 实现增长: 实现 names nothing
        # the figure whose clause the claim's restates, not the one whose metric is shortest
        ("县科技局3家企业的成果转化贷款通过审批，金额合计800万元。", ["supported", "derived"]),
    ],
)
def test_restated_sentences(text: str, labels: list[str]) -> None:
    verdicts = verify(text, [EVENTS])
    assert [v.label.value for v in verdicts] == labels, [(v.figure.surface, v.reason) for v in verdicts]


HALF = SourceText(
    source_id="h",
    bureau="安远县科技局",
    period="2024年上半年（1-5月）",
    text=(
        "安远县科技局2024年上半年工作总结\n一、上半年工作进展\n"
        "1-5月，规上工业研发费用完成6099.1万元，增速17.7%。高新技术产业增加值3.65亿元，增速17.1%。"
        "完成技术合同交易额2.97亿元，完成率33%。\n"
        "截至目前，排摸到10家企业科技副总岗位需求，成功为7家企业聘用科技副总。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("安远县1-5月完成技术合同交易额2.97亿元。", ["supported"]),  # the paragraph opens on 1-5月
        ("安远县全年完成技术合同交易额2.97亿元。", ["contradicted"]),
        ("安远县排摸的10家企业中，有3家尚未聘用科技副总。", ["supported", "derived"]),  # 10 − 7, the text's 10家
        ("安远县规上工业研发费用增速比高新技术产业增加值增速高0.6个百分点。", ["derived"]),  # 17.7% − 17.1%
        ("安远县规上工业研发费用增速比高新技术产业增加值增速高1.6个百分点。", ["unverifiable"]),
    ],
)
def test_paragraph_periods_named_gaps_and_remainders(text: str, labels: list[str]) -> None:
    verdicts = verify(text, [HALF])
    assert [v.label.value for v in verdicts] == labels, [(v.figure.surface, v.reason) for v in verdicts]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("安远县规上工业研发费用增速比高新技术产业增加值增速高零点六个百分点。", ["derived"]),  # 零点六 is 0.6
        ("安远县规上工业研发费用完成六千零九十九点一万元。", ["supported"]),
        ("安远县规上工业研发费用完成六千零九十九点五万元。", ["contradicted"]),
    ],
)
def test_chinese_decimals(text: str, labels: list[str]) -> None:
    verdicts = verify(text, [HALF])
    assert [v.label.value for v in verdicts] == labels, [(v.figure.surface, v.reason) for v in verdicts]


def test_a_total_of_the_list_a_supported_count_comes_from() -> None:
    """3家企业的贷款合计800万元: the 3家's source sentence lists their loans 分别 500万元、300万元."""
    verdicts = verify("安远县3家企业的成果转化贷款合计800万元。", [EVENTS])
    assert [v.label.value for v in verdicts] == ["supported", "derived"], [
        (v.figure.surface, v.reason) for v in verdicts
    ]
