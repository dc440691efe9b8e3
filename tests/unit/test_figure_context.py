"""Verdicts with context: answers checked with their question and the sources they cite, derivations shown with
their formula, periods and statuses compared like metrics."""

from __future__ import annotations

import pytest

from eval.claims import score
from scribe.figures import SourceText, VerdictLabel, check_claim, question_context, verify, verify_answer
from scribe.figures.models import Conflict
from scribe.models import Modality

JINJIANG = SourceText(
    source_id="jj",
    bureau="晋江市科技局",
    period="2024年1-5月",
    text=(
        "晋江市科技局2024年1-5月工作情况及下一步工作计划\n一、1-5月工作成效\n"
        "1-5月，全市规上工业企业研发费用投入完成38.9亿元，同比增长15.7%；全市技术合同登记成交额完成11.4亿元，"
        "同比增长33.8%，完成全年目标任务的45.6%；新增评价入库科技型中小企业412家。"
        "新获批省级新型研发机构2家、省级企业技术中心4家。培育库入库企业共计268家，其中雏鹰企业172家、瞪羚企业83家。"
        "全市有效高新技术企业达到1126家，较年初净增48家；研发费用占营业收入比重2.43%，较去年同期提高0.26个百分点。"
        "全年吸纳技术合同成交额6.2亿元。兑现奖补资金1.36亿元。\n"
        "二、下一步工作计划\n力争全年新增国家高新技术企业150家以上，技术合同登记成交额达到25亿元。\n"
    ),
)
PLAN = SourceText(
    source_id="plan",
    bureau="仁寿县科学技术局",
    text="仁寿县科学技术局2024年工作要点\n一、主要目标\n新增国家高新技术企业8家以上；技术合同登记成交额达到5亿元。\n",
)
REVIEW_ONLY = JINJIANG.model_copy(update={"text": JINJIANG.text.split("二、")[0]})  # no stated targets
TRADITIONAL = SourceText(source_id="zj", text="全年全市規上工業研發費用完成68.3億元，同比增長12.7%。")


def _one(text: str, sources: tuple[SourceText, ...] = (JINJIANG,)):
    verdicts = verify(text, list(sources))
    assert len(verdicts) == 1, [(v.figure.surface, v.label, v.reason) for v in verdicts]
    return verdicts[0]


@pytest.mark.parametrize(
    ("question", "metric", "period"),
    [
        ("洞头区上半年规上工业研发费用是多少？", "规上工业研发费用", "上半年"),
        ("晋江市1-5月技术合同登记成交额为多少", "技术合同登记成交额", "1-5月"),
        ("青田县新增科技型中小企业几家？", "科技型中小企业", None),
    ],
)
def test_question_context(question: str, metric: str, period: str | None) -> None:
    assert question_context(question) == (metric, period)


@pytest.mark.parametrize(
    ("question", "answer", "labels"),
    [
        # terse answers: the question names the metric, the [n] the source
        ("晋江市技术合同登记成交额是多少？", "11.4亿元[1]，同比增长33.8%[1]。", ["supported", "supported"]),
        ("晋江市上半年技术合同登记成交额是多少？", "11.4亿元[1]", ["supported"]),  # the source's 1-5月, shown
        ("晋江市技术合同登记成交额是多少？", "14.1亿元[1]", ["contradicted"]),
        ("晋江市技术合同登记成交额是多少？", "根据资料1，为11.4亿元。", ["supported"]),  # 资料1 is no figure
        ("晋江市下一步技术合同登记成交额的目标是多少？", "25亿元[1]。", ["target"]),
        ("晋江市有多少家雏鹰企业？", "其中雏鹰企业172家[1]", ["supported"]),
    ],
)
def test_answers_are_checked_with_question_and_citations(question: str, answer: str, labels: list[str]) -> None:
    verdicts = verify_answer(answer, [JINJIANG], question=question)
    assert [v.label.value for v in verdicts] == labels, [v.reason for v in verdicts]


def test_a_terse_figure_answering_another_period_says_which() -> None:
    (v,) = verify_answer("11.4亿元[1]", [JINJIANG], question="晋江市上半年技术合同登记成交额是多少？")
    assert "1-5月" in v.reason


def test_a_figure_verbatim_in_the_cited_sentence_is_supported_without_any_metric() -> None:
    # the answer names nothing the question does not: still the cited sentence states it
    (v,) = verify_answer("为1126家[1]。", [JINJIANG], question="晋江市情况如何？")
    assert v.label is VerdictLabel.SUPPORTED and v.source_sentence and "1126家" in v.source_sentence


@pytest.mark.parametrize(
    ("question", "answer", "labels"),
    [
        # the answer dates the figure as the question does: a half-year report's 1-5月 figure answers 上半年
        ("晋江市上半年技术合同登记成交额是多少？", "晋江市上半年技术合同登记成交额11.4亿元[1]", ["supported"]),
        ("晋江市2024年上半年技术合同登记成交额？", "2024年上半年完成11.4亿元[1]。", ["supported"]),
        # ... but never another year, nor a period the question did not ask
        ("晋江市上半年技术合同登记成交额是多少？", "晋江市2023年上半年技术合同登记成交额11.4亿元[1]", ["contradicted"]),
        ("晋江市上半年技术合同登记成交额是多少？", "晋江市全年技术合同登记成交额11.4亿元[1]", ["contradicted"]),
        ("晋江市技术合同登记成交额是多少？", "晋江市上半年技术合同登记成交额11.4亿元[1]", ["contradicted"]),
    ],
)
def test_an_answer_restating_the_asked_period_is_not_moving_the_figure(
    question: str, answer: str, labels: list[str]
) -> None:
    verdicts = verify_answer(answer, [JINJIANG], question=question)
    assert [v.label.value for v in verdicts] == labels, [v.reason for v in verdicts]


def test_an_answer_without_markers_rests_on_every_source_it_was_given() -> None:
    source = SourceText(
        source_id="qt",
        text="一是全面推动新材料(不锈钢)产业链成果转移转化工作,收集产业链技术需求34项、科技匹配成果4项,完成成果转化3项。",
    )
    answer = "青田县在特种不锈钢产业链成果转化工作中收集了34项技术需求、匹配了4项成果、完成了3项转化。"
    verdicts = verify_answer(answer, [source], question="青田县收集了多少项技术需求、完成了几项转化？")
    assert [v.label.value for v in verdicts] == ["supported"] * 3, [v.reason for v in verdicts]


def test_a_count_before_the_next_counted_figure_keeps_its_noun() -> None:
    source = SourceText(source_id="sn", text="中交一航局、仪器仪表中心等13家单位29项成果获得青岛市科技奖励。")
    verdicts = verify("市南区有13家单位、29项成果获得青岛市科技奖励。", [source])
    assert [v.label.value for v in verdicts] == ["supported", "supported"], [v.reason for v in verdicts]


def test_a_year_after_an_attribution_lead_in_dates_the_whole_sentence() -> None:
    source = SourceText(
        source_id="jx",
        period="2023年",
        text="根据国家统计局发布的统计公报，2022年全省研发经费投入537.4亿元，比上年增长13.8%；研发投入强度达到1.67%。",
    )
    assert _one("江西省2022年研发投入强度达到1.67%。", (source,)).label is VerdictLabel.SUPPORTED
    assert _one("江西省2023年研发投入强度达到1.67%。", (source,)).label is VerdictLabel.CONTRADICTED


@pytest.mark.parametrize(
    ("text", "label", "conflict"),
    [
        ("晋江市上半年规上工业企业研发费用投入完成38.9亿元", VerdictLabel.CONTRADICTED, Conflict.PERIOD),
        ("晋江市2024年全年规上工业企业研发费用投入38.9亿元", VerdictLabel.CONTRADICTED, Conflict.PERIOD),
        ("晋江市2023年1-5月规上工业企业研发费用投入38.9亿元", VerdictLabel.CONTRADICTED, Conflict.PERIOD),
        ("晋江市规上工业企业研发费用投入38.9万元", VerdictLabel.CONTRADICTED, Conflict.UNIT),
        ("晋江市规上工业企业研发费用投入39.8亿元", VerdictLabel.CONTRADICTED, Conflict.VALUE),
        ("晋江市全年技术合同登记成交额已达到25亿元", VerdictLabel.CONTRADICTED, Conflict.STATUS),
        ("晋江市力争全年技术合同登记成交额达到25亿元", VerdictLabel.TARGET, None),
        ("青田县规上工业企业研发费用投入38.9亿元", VerdictLabel.CONTRADICTED, Conflict.BUREAU),
        ("晋江市招引外资企业12家", VerdictLabel.UNVERIFIABLE, None),
    ],
)
def test_contradictions_say_what_is_wrong(text: str, label: VerdictLabel, conflict: Conflict | None) -> None:
    v = _one(text)
    assert (v.label, v.conflict) == (label, conflict), v.reason


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("晋江市新获批省级新型研发机构2家、省级企业技术中心4家，共6家省级平台", "2家 + 4家 = 6"),
        ("晋江市雏鹰、瞪羚企业合计255家", "= 255"),
        ("晋江市技术合同登记成交额全年目标约25亿元", "11.4亿元 ÷ 45.6% = 25"),
        ("晋江市有效高新技术企业年初为1078家", "1126家 − 48家 = 1078"),
        ("晋江市去年同期研发费用占营业收入比重为2.17%", "2.17"),
        ("晋江市吸纳技术合同成交额占技术合同登记成交额的比重约54.4%", "÷"),
    ],
)
def test_derived_figures_show_their_formula(text: str, formula: str) -> None:
    verdicts = verify(text, [REVIEW_ONLY])
    derived = [v for v in verdicts if v.label is VerdictLabel.DERIVED]
    assert derived and derived[-1].derivation and formula in derived[-1].derivation, [
        (v.figure.surface, v.label, v.reason) for v in verdicts
    ]


def test_a_wrong_total_is_not_derived() -> None:
    verdicts = verify("晋江市新获批省级新型研发机构2家、省级企业技术中心4家，共7家省级平台", [JINJIANG])
    assert verdicts[-1].label is VerdictLabel.UNVERIFIABLE


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("仁寿县提出，新增国家高新技术企业8家以上", VerdictLabel.TARGET),
        ("仁寿县目标是技术合同登记成交额达到5亿元", VerdictLabel.TARGET),
        ("仁寿县已新增国家高新技术企业8家", VerdictLabel.CONTRADICTED),
    ],
)
def test_targets_restated_as_targets(text: str, label: VerdictLabel) -> None:
    assert _one(text, (PLAN,)).label is label


def test_a_draft_item_under_a_plan_heading_restates_a_target() -> None:
    (v,) = verify("新增国家高新技术企业8家以上", [PLAN], section_path=["三、下半年工作思路"])
    assert v.label is VerdictLabel.TARGET


def test_traditional_sources_are_read() -> None:
    assert _one("规上工业研发费用完成68.3亿元", (TRADITIONAL,)).label is VerdictLabel.SUPPORTED
    assert _one("规上工业研发费用完成86.3亿元", (TRADITIONAL,)).label is VerdictLabel.CONTRADICTED


def test_claims_abstain_only_for_want_of_a_source() -> None:
    assert check_claim("晋江市招引外资企业12家", [JINJIANG]).abstained
    assert not check_claim("晋江市招引外资企业12家，研发费用投入39.8亿元", [JINJIANG]).abstained


def test_score_reports_abstention_and_outcomes_by_kind() -> None:
    pairs = [("supported", "unsupported", "a"), ("unsupported", "unsupported", "a"), ("supported", "supported", "b")]
    m = score(pairs, ["unverifiable", "contradicted", "supported"])
    assert m.abstention_rate == pytest.approx(1 / 3, abs=1e-3)
    assert m.by_kind["a"].outcomes == {"unverifiable": 1, "contradicted": 1}
    assert m.false_alarm_rate == 0.5


HEDGED = SourceText(
    source_id="h",
    text="规上企业研发覆盖率62.3%。高新技术企业总数达到128家。研发投入占比34.1%。科技型企业贷款余额735.99亿元。",
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("研发投入占比约三分之一", VerdictLabel.SUPPORTED),  # 34.1% reads as a third
        ("研发投入占比约四分之一", VerdictLabel.CONTRADICTED),
        ("规上企业研发覆盖率过半", VerdictLabel.SUPPORTED),  # any share over half
        ("研发投入占比过半", VerdictLabel.CONTRADICTED),
        ("高新技术企业总数达到100家以上", VerdictLabel.SUPPORTED),  # a round floor
        ("高新技术企业总数超200家", VerdictLabel.CONTRADICTED),
        ("高新技术企业总数超过120家", VerdictLabel.SUPPORTED),
        ("科技型企业贷款余额超736亿元", VerdictLabel.CONTRADICTED),  # 735.99 is under 736
    ],
)
def test_hedged_words_and_round_floors(text: str, label: VerdictLabel) -> None:
    assert _one(text, (HEDGED,)).label is label


CIXI = SourceText(
    source_id="cx",
    bureau="慈溪市科技局",
    period="2024年上半年",
    text=(
        "慈溪市科技局2024年上半年工作总结和下半年工作思路\n一、上半年工作成效\n"
        "上半年技术交易额完成21.5亿元，完成全年目标的53.8%。排摸到10家企业科技副总岗位需求，成功为7家企业聘用科技副总。"
        "县种子公司、小众户外、优安新能源3家企业的科技成果转化贷款通过审批，金额分别为500万元、300万元、500万元。"
        "1-4月，实现规上企业技术开发费3.38亿元。举办第三届创新创业大赛。发布技术成果及需求1017项。"
        "组织活动820余场次。科技创新基金累计设立子基金19支，其中已注册并实际运作的子基金7支。\n"
        "二、下半年工作思路\n确保全年技术交易额达到40亿元；力争规上企业技术开发费达11.9亿元以上。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("慈溪市下半年技术交易额还需完成18.5亿元才能达到全年目标。", ["derived"]),  # 40 − 21.5
        ("慈溪市下半年技术交易额还需完成28.5亿元。", ["unverifiable"]),
        ("慈溪市排摸到10家企业科技副总岗位需求，已为其中七成企业聘用科技副总。", ["supported", "derived"]),  # 7 of 10
        ("慈溪市3家企业的科技成果转化贷款通过审批，金额合计1300万元。", ["supported", "derived"]),
        ("慈溪市1-4月规上企业技术开发费完成全年目标的约28.4%。", ["derived"]),  # 3.38 ÷ 11.9
        (
            "慈溪市科技创新基金累计设立子基金19支，其中实际运作的子基金7支，尚未运作的12支。",
            ["supported"] * 2 + ["derived"],
        ),
        ("慈溪市举办第三届创新创业大赛。", ["supported"]),
        ("慈溪市举办第四届创新创业大赛。", ["contradicted"]),
        ("慈溪市发布技术成果及需求千余项。", ["supported"]),
        ("慈溪市组织活动近千场次。", ["contradicted"]),  # 820余 is not near a thousand
        ("慈溪市技术交易额完成超过二十亿元。", ["supported"]),
    ],
)
def test_derivations_and_number_words_of_round_2(text: str, labels: list[str]) -> None:
    verdicts = verify(text, [CIXI])
    assert [v.label.value for v in verdicts] == labels, [(v.figure.surface, v.reason) for v in verdicts]


@pytest.mark.parametrize(
    ("path", "modality"),
    [
        # a 重点工作 item under the review heading states results (was: targets, and 只有计划目标 refused them)
        (["一、2025年主要工作成效", "（二）重点工作"], Modality.ACHIEVED),
        (["三、2026年工作思路", "（二）重点工作"], Modality.TARGET),
    ],
)
def test_a_weak_heading_takes_its_outer_headings_role(path: list[str], modality: Modality) -> None:
    from scribe.figures import extract_figures

    (fig,) = extract_figures("新增省级科技企业孵化器5家。", section_path=path)
    assert fig.modality is modality


@pytest.mark.parametrize(
    ("later", "modality"),
    [
        ((), Modality.TARGET),  # 二、重点工作 alone may be the plan
        (("三、存在问题", "四、第四季度工作安排"), Modality.ACHIEVED),  # a real plan follows: this reviews
        (("三、存在问题",), Modality.TARGET),
    ],
)
def test_a_weak_plan_heading_before_a_plan_part_reviews(later: tuple[str, ...], modality: Modality) -> None:
    from scribe.figures import extract_figures

    (fig,) = extract_figures("撬动银行贷款24.6亿元。", section_path=["二、重点工作"], later_headings=later)
    assert fig.modality is modality
