"""Issue #18 round 4: general rules found on every claims set's false alarms and misses, one table per rule,
written with our own sentences."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.metric import kind_from_segment
from scribe.lexicon.hedges import COMPLETED_SHARE_OF_TARGET_RE
from scribe.models import FigureKind

TOWN = SourceText(
    source_id="t",
    bureau="平原县科技局",
    period="2025年上半年",
    text=(
        "平原县科技局2025年上半年工作总结\n一、上半年工作成效\n"
        "1-5月，高新技术产业投资完成2.1亿元。入库科技型中小企业26家。\n"
        "二、下半年工作思路\n全年高新技术产业投资7亿元，入库科技型中小企业30家以上。\n"
    ),
)


def _label(text: str) -> str:
    return claim_verdict(verify(text, [TOWN]), text, [TOWN]).label


# -- a figure the words after it call a target (全年7亿元目标) is a target, not a result -----------------------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("平原县高新技术产业投资2.1亿元，约为全年7亿元目标的三成。", "supported"),
        ("平原县入库科技型中小企业26家，离全年30家以上的目标还有一段距离。", "supported"),
        ("平原县高新技术产业投资2.1亿元，约为全年8亿元目标的三成。", "unsupported"),  # not the plan's target
    ],
)
def test_figure_followed_by_target_word_is_a_target(text: str, label: str) -> None:
    assert _label(text) == label


# -- one rule for the share of a target reached: its kind (metric) and its modality (extract) ---------------------
@pytest.mark.parametrize(
    "segment",
    ["完成今年目标任务的", "完成年目标的", "完成全年任务的约", "完成率"],
)
def test_completed_share_is_one_rule(segment: str) -> None:
    assert kind_from_segment(segment, "%") is FigureKind.COMPLETION
    if segment != "完成率":
        assert COMPLETED_SHARE_OF_TARGET_RE.search(segment)


# -- a numeral before a bare magnitude with 余/多 multiplies it: 两千余家 is 2000+, not 千余家 ---------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [("新增备案众创空间三千余家。", 3000.0), ("服务企业两百多家。", 200.0), ("服务企业千余家。", 1000.0)],
)
def test_multiplied_magnitude_word(text: str, value: float) -> None:
    from scribe.figures.extract import extract_figures

    (fig,) = extract_figures(text)
    assert fig.value == value and fig.qualifier == "余"


# -- a count that opens its clause names what follows it, not the previous clause's metric ------------------------
CITY = SourceText(
    source_id="c",
    bureau="东岭区科技局",
    period="2024年",
    text=(
        "东岭区科技局2024年工作总结\n一、工作成效\n"
        "6人入选省级青年科学家计划。鼓励基层科研人员探索，31人获批市级软科学研究项目。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("6人入选省级青年科学家计划，31人获批市级软科学研究项目。", "supported"),
        ("6人入选省级青年科学家计划，33人获批市级软科学研究项目。", "unsupported"),
    ],
)
def test_clause_opening_count_names_its_own_metric(text: str, label: str) -> None:
    assert claim_verdict(verify(text, [CITY]), text, [CITY]).label == label


# -- 争取 + a resource in its clause (争取…补助资金50万元) reports what was obtained, not a target (lexicon) ---------
@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("争取科技成果转化专项补助资金", False),
        ("争取小升高(市级)补助资金", False),
        ("争取新增高新技术企业", True),
        ("力争争取上级资金", True),
    ],
)
def test_obtaining_a_resource_is_not_a_target(text: str, target: bool) -> None:
    from scribe.lexicon.hedges import TARGET_CUE_RE

    assert bool(TARGET_CUE_RE.search(text)) is target


# -- a plan's fuller-named target does not hide the result that agrees (入驻率超75% beside 孵化园入驻率90%) ----------
PARK = SourceText(
    source_id="p",
    bureau="东岭区科技局",
    period="2024年",
    text=(
        "东岭区科技局2024年工作总结\n一、工作成效\n"
        "东岭孵化园二期签约入驻企业31家,入驻率超80%,3个项目落地。\n"
        "二、2025年工作思路\n东岭孵化园二期入驻率95%。\n"
    ),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("东岭孵化园二期入驻率超过80%。", "supported"),
        ("东岭孵化园二期入驻率超过五分之四。", "supported"),
        ("东岭孵化园二期入驻率超过60%。", "unsupported"),
    ],
)
def test_result_agreeing_beside_a_fuller_named_target(text: str, label: str) -> None:
    assert claim_verdict(verify(text, [PARK]), text, [PARK]).label == label


# -- a multiple of the target is a completion rate: 接近目标的两倍 for 完成率190% ------------------------------------
RATE = SourceText(
    source_id="r",
    bureau="东岭区科技局",
    period="2024年上半年",
    text="东岭区科技局2024年上半年工作总结\n一、上半年工作成效\n新增省级众创空间38家，完成率190%。\n",
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("新增省级众创空间已接近目标的两倍。", "supported"),
        ("新增省级众创空间完成率近两倍。", "supported"),
        ("新增省级众创空间已接近目标的三倍。", "unsupported"),
    ],
)
def test_multiple_of_target_is_a_completion_rate(text: str, label: str) -> None:
    assert claim_verdict(verify(text, [RATE]), text, [RATE]).label == label
