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
