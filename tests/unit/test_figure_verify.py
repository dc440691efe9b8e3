"""Verdicts: each label, precision and hedge rules, % vs 个百分点, target vs achieved, sums, bureau."""

from __future__ import annotations

import pytest

from scribe.figures import ClaimVerdict, SourceText, VerdictLabel, check_claim, verify
from scribe.figures.models import Conflict

DONGTOU = SourceText(
    source_id="dongtou",
    bureau="洞头区科学技术局",
    period="2024年上半年",
    text=(
        "洞头区科学技术局2024年上半年工作总结及下半年工作思路\n"
        "一、上半年科技创新工作进展\n"
        "1-5月,规上工业研发费用完成6099.1万元,增速17.7%,预计全市前3;规上工业研发费用占营业收入比重1.84%,"
        "较去年同期提升0.4个百分点。高新技术产业投资额为1.55亿元,增速33.5%,全市第7。"
        "高新技术产业增加值3.65亿元,增速17.1%,占规上工业增加值比重54.63%。\n"
        "新增科技型中小企业19家,完成率190%。截至目前,全区拥有国家高新技术企业24家,省科技型中小企业112家。\n"
        "已建成孵化平台30家,其中孵化器8家(国家级4家)、众创空间22家(国家级15家)。\n"
        "兑现科技经费2119.85万元,带动投资3.38亿元。全市科技型企业贷款余额735.99亿元。\n"
        "三、下步工作思路\n"
        "力争新增孵化面积1万平方米,新增国家高新技术企业20家以上。\n"
    ),
)
QINGTIAN = SourceText(
    source_id="qingtian", bureau="青田县科技局", text="1-4月,实现高新技术产业增加值6.19亿元,累计增长11.4%。"
)


def _label(text: str, sources=(DONGTOU,)) -> VerdictLabel:
    verdicts = verify(text, list(sources))
    assert len(verdicts) == 1, [(v.figure.surface, v.label) for v in verdicts]
    return verdicts[0].label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # supported: equal after unit normalisation at the stated precision
        ("洞头区规上工业研发费用完成6099.1万元", VerdictLabel.SUPPORTED),
        ("洞头区规上工业研发费用完成0.60991亿元", VerdictLabel.SUPPORTED),
        ("洞头区高新技术产业投资额为15500万元", VerdictLabel.SUPPORTED),
        ("洞头区兑现科技经费约0.21亿元", VerdictLabel.SUPPORTED),
        ("全市科技型企业贷款余额约736亿元", VerdictLabel.SUPPORTED),
        ("全市科技型企业贷款余额近736亿元", VerdictLabel.SUPPORTED),
        ("全市科技型企业贷款余额超735亿元", VerdictLabel.SUPPORTED),
        ("洞头区新增科技型中小企业十九家", VerdictLabel.SUPPORTED),
        ("洞头区高新技术产业增加值增速17.1%", VerdictLabel.SUPPORTED),
        # unhedged rounding is not support
        ("洞头区带动投资3.4亿元", VerdictLabel.CONTRADICTED),
        ("洞头区高新技术产业增加值占规上工业增加值比重为55%", VerdictLabel.CONTRADICTED),
        ("全市科技型企业贷款余额736亿元", VerdictLabel.CONTRADICTED),
        # a hedge must point the right way
        ("全市科技型企业贷款余额超736亿元", VerdictLabel.CONTRADICTED),
        ("全市科技型企业贷款余额近735亿元", VerdictLabel.CONTRADICTED),
        # digit change, unit swap, metric swap
        ("洞头区新增科技型中小企业18家", VerdictLabel.CONTRADICTED),
        ("洞头区高新技术产业投资额为1.55万元", VerdictLabel.CONTRADICTED),
        ("洞头区高新技术产业投资额为3.65亿元", VerdictLabel.CONTRADICTED),
        # 百分点 vs %
        ("洞头区规上工业研发费用占营业收入比重较去年同期提升0.4个百分点", VerdictLabel.SUPPORTED),
        ("洞头区规上工业研发费用占营业收入比重较去年同期提升0.4%", VerdictLabel.CONTRADICTED),
        # ranks
        ("洞头区高新技术产业投资额增速全市第7", VerdictLabel.SUPPORTED),
        ("洞头区高新技术产业投资额增速全市第9", VerdictLabel.CONTRADICTED),
        ("洞头区规上工业研发费用增速预计全市前3", VerdictLabel.SUPPORTED),
        # target vs achieved, estimate vs fact
        ("洞头区力争新增国家高新技术企业20家以上", VerdictLabel.TARGET),
        ("洞头区已新增国家高新技术企业20家", VerdictLabel.CONTRADICTED),
        ("洞头区计划新增科技型中小企业19家", VerdictLabel.CONTRADICTED),
        ("洞头区规上工业研发费用增速位列全市前3", VerdictLabel.CONTRADICTED),
        # derived sums
        ("洞头区国家级孵化器和国家级众创空间合计19家", VerdictLabel.DERIVED),
        # stock vs flow
        ("洞头区全区拥有省科技型中小企业112家", VerdictLabel.SUPPORTED),
        ("洞头区新增省科技型中小企业112家", VerdictLabel.CONTRADICTED),
        # nothing in the sources
        ("洞头区招聘技术经纪人12名", VerdictLabel.UNVERIFIABLE),
        # placeholders
        ("洞头区新增省科技型中小企业X家", VerdictLabel.PLACEHOLDER),
    ],
)
def test_labels(text, label):
    assert _label(text) == label


def test_verdict_carries_source_and_reason():
    (v,) = verify("洞头区带动投资3.4亿元", [DONGTOU])
    assert v.source_id == "dongtou"
    assert v.matched is not None and v.matched.surface == "3.38亿元"
    assert v.source_sentence and "3.38亿元" in v.source_sentence
    assert "3.38亿元" in v.reason and "\n" not in v.reason


def test_derivation_is_shown():
    (v,) = verify("洞头区国家级孵化器和国家级众创空间合计19家", [DONGTOU])
    assert v.derivation and "4家" in v.derivation and "15家" in v.derivation


def test_last_year_share_is_derived():
    (v,) = verify("洞头区规上工业研发费用占营业收入比重去年同期为1.44%", [DONGTOU])
    assert v.label is VerdictLabel.DERIVED


def test_bureau_mismatch_means_no_match():
    claim = "青田县规上工业研发费用完成6099.1万元"
    (v,) = verify(claim, [DONGTOU])
    assert (v.label, v.conflict) == (VerdictLabel.CONTRADICTED, Conflict.BUREAU)  # the figure is 洞头区's
    assert v.source_sentence and "6099.1万元" in v.source_sentence
    (v,) = verify("规上工业研发费用完成6099.1万元", [DONGTOU], bureau="青田县科技局")
    assert v.conflict is Conflict.BUREAU
    assert verify("青田县招聘技术经纪人12名", [DONGTOU])[0].label is VerdictLabel.UNVERIFIABLE


def test_bureau_picks_the_right_source():
    verdicts = verify("青田县高新技术产业增加值累计增长11.4%", [DONGTOU, QINGTIAN])
    assert [v.label for v in verdicts] == [VerdictLabel.SUPPORTED]
    assert verdicts[0].source_id == "qingtian"


def test_wrong_year_is_contradicted():
    (v,) = verify("洞头区2023年新增科技型中小企业19家", [DONGTOU])
    assert (v.label, v.conflict) == (VerdictLabel.CONTRADICTED, Conflict.PERIOD)


def test_claim_with_misattributed_baseline():
    cv = check_claim("洞头区规上工业研发费用占营业收入比重由去年同期的1.84%提升0.4个百分点至2.24%", [DONGTOU])
    assert cv.label == "unsupported"
    labels = [v.label for v in cv.verdicts]
    assert labels[1] is VerdictLabel.SUPPORTED
    assert labels[0] is not VerdictLabel.SUPPORTED and labels[2] is not VerdictLabel.SUPPORTED


def test_check_claim_supported_and_reason():
    cv = check_claim("洞头区1-5月规上工业研发费用完成6099.1万元,增速17.7%", [DONGTOU])
    assert cv.label == "supported"
    assert len(cv.verdicts) == 2


def test_claim_without_figures_uses_judge_only_when_given():
    alone = check_claim("洞头区科技工作成效显著", [DONGTOU])
    assert (alone.label, alone.abstained) == ("unsupported", True)

    class Yes:
        def judge(self, claim, sources):
            return ClaimVerdict(label="supported", verdicts=[], reason="judge")

    assert check_claim("洞头区科技工作成效显著", [DONGTOU], judge=Yes()).reason == "judge"


def test_unreadable_source_figure_is_never_clean_support():
    src = SourceText(source_id="w", bureau="温州市科技局", text="全市科技型企业贷款余额735.99亿元,较年初增长IL77%。")
    (v,) = verify("温州市科技型企业贷款余额较年初增长11.77%", [src])
    assert v.label is VerdictLabel.UNVERIFIABLE
    assert "OCR" in v.reason


SHARES = SourceText(
    source_id="shares",
    bureau="余杭区科学技术局",
    text=(
        "全区规上工业企业中开展研发活动的企业占比达到19.6%。技术合同成交额1.35亿元。"
        "高新技术企业总数达到128家。研发投入连续3年保持两位数增长。"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("开展研发活动的企业占比近两成", VerdictLabel.SUPPORTED),  # 19.6% is a little under two tenths
        ("开展研发活动的企业占比超过六成", VerdictLabel.CONTRADICTED),
        ("技术合同成交额超亿元", VerdictLabel.SUPPORTED),
        ("技术合同成交额近亿元", VerdictLabel.CONTRADICTED),  # 1.35亿元 is over, not near, a hundred million
        ("高新技术企业超百家", VerdictLabel.SUPPORTED),
        ("研发投入连续三年保持两位数增长", VerdictLabel.SUPPORTED),  # 三年 = 3年
    ],
)
def test_numbers_written_as_words_are_checked(text: str, label: VerdictLabel) -> None:
    assert _label(text, (SHARES,)) is label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("1-5月规上工业研发费用完成6099.1万元", VerdictLabel.SUPPORTED),
        ("规上工业研发费用完成6099.1万元", VerdictLabel.SUPPORTED),  # no period stated: unknown, not different
        ("全年规上工业研发费用完成6099.1万元", VerdictLabel.CONTRADICTED),  # a 1-5月 figure moved to the whole year
        ("上半年规上工业研发费用完成6099.1万元", VerdictLabel.CONTRADICTED),
    ],
)
def test_a_figure_moved_to_another_period_is_not_supported(text: str, label: VerdictLabel) -> None:
    assert _label(text) is label


def test_source_references_are_not_figures() -> None:
    verdicts = verify("根据资料1，1-5月规上工业研发费用完成6099.1万元[1]", [DONGTOU])
    assert [(v.figure.surface, v.label) for v in verdicts] == [("6099.1万元", VerdictLabel.SUPPORTED)]


def test_a_count_of_documents_is_not_a_reference() -> None:
    source = SourceText(source_id="s", text="编发支部学习资料12期60篇。")
    assert [(v.figure.surface, v.label) for v in verify("编发支部学习资料42期", [source])] == [
        ("42期", VerdictLabel.CONTRADICTED)
    ]


def test_a_plan_target_does_not_contradict_a_result_of_the_same_indicator() -> None:
    """A real model's correct answer (seed s034, generative run): the half-year's 3.65亿元 and 17.1% were called
    contradicted by the plan part's full-year targets (8.6亿元以上, 15%以上) of the same indicator. A target says
    nothing against a result, so the review sentence decides."""
    from scribe.figures import SourceText, VerdictLabel, verify_answer

    period = "2024年上半年（1-5月）"
    review = SourceText(
        source_id="r",
        bureau="洞头区科学技术局",
        period=period,
        section_path=["一、上半年科技创新工作进展", "（一）科技创新核心指标情况"],
        text="1-5月,规上工业研发费用完成6099.1万元,增速17.7%,预计全市前3。"
        "高新技术产业增加值3.65亿元增速17.1%,增速全市第2占规上工业增加值比重54.63%,全市第9。",
    )
    plan = SourceText(
        source_id="p",
        bureau="洞头区科学技术局",
        period=period,
        section_path=["三、下步工作思路"],
        text="三、下步工作思路\n力争实现年度规上工业企业研发经费投入增速达18%以上;高新技术产业增加值8.6亿元以上,增速15%以上。",
    )
    answer = "洞头区科技局2024年上半年高新技术产业增加值3.65亿元[1]，增速17.1%[1]，增速全市第2[1]。"
    question = "洞头区科技局2024年上半年高新技术产业增加值是多少?增速多少、增速排名第几?"
    verdicts = verify_answer(answer, [review, plan], question=question, bureau="洞头区科学技术局")
    assert [v.label for v in verdicts] == [VerdictLabel.SUPPORTED] * 3
