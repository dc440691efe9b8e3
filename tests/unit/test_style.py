"""Style profiles learned from the sample reports, and the pure pieces of drafting (periods, placeholders, coverage)."""

from __future__ import annotations

from statistics import median

import pytest

from chains.draft.check import coverage_score, distinctive_terms, foreign_terms, topic_grams
from chains.draft.periods import Period, Retarget, placeholder, plan_period
from chains.style import build_profile, kind_plan_shape, learn_profile, marker_kind
from scribe.errors import DraftError
from scribe.lexicon.headings import SectionRole, numbered
from scribe.lexicon.periods import report_kind
from tests.conftest import SAMPLE_DIR
from vectorstore.anatomy import ReportPart, plan_sections, problems
from vectorstore.sources import read_text

WENZHOU_START = "市科技局20XX年工作总结"


def _part(
    file_name: str, bureau: str | None, years: list[int], period: str | None, text: str | None = None
) -> ReportPart:
    body = text if text is not None else read_text(SAMPLE_DIR / file_name)
    return ReportPart(
        key=bureau or file_name,
        bureau=bureau,
        doc_id=file_name,
        file_name=file_name,
        years=years,
        period=period,
        text=body,
        region_level=(bureau or "区")[-4:-3] if bureau else "区",
    )


def _district_text() -> str:
    text = read_text(SAMPLE_DIR / "district_and_wenzhou_city_2021_2022.txt")
    return text[: text.index(WENZHOU_START)]


@pytest.fixture(scope="module")
def corpus() -> dict[str, ReportPart]:
    return {
        "dongtou": _part("dongtou_2024h1.txt", "洞头区科学技术局", [2024], "上半年"),
        "shinan": _part("shinan_2023_2024.txt", "市南区科技局", [2023, 2024], "全年"),
        "qingtian": _part("qingtian_2023h1.txt", "青田县科技局", [2023], "上半年"),
        "district": _part("district_and_wenzhou_city_2021_2022.txt", None, [2021, 2022], "全年", _district_text()),
    }


@pytest.mark.parametrize(
    ("key", "scheme", "first_title", "section_lead", "item_leads"),
    [
        ("dongtou", ["一、", "（一）", "一是"], "聚力科创核心指标提升", "聚力", {"抓", "从严"}),
        ("shinan", ["一、", "（一）", "一是"], "抓关键、强布局", "抓", set()),
        ("qingtian", ["一、", "（一）", "一是"], "指标安排", None, {"打好", "狠抓"}),
        ("district", ["一、", "（一）", "一是"], "充分激发科创主体活力", None, {"做"}),
    ],
)
def test_profile_learns_heading_scheme_and_titles(
    corpus: dict[str, ReportPart],
    key: str,
    scheme: list[str],
    first_title: str,
    section_lead: str | None,
    item_leads: set[str],
) -> None:
    part = corpus[key]
    profile = learn_profile(part.label, [part])
    assert profile.heading_scheme == scheme
    assert profile.section_titles[0].startswith(first_title)
    if section_lead:
        assert profile.section_leads[0] == section_lead
    assert item_leads <= set(profile.item_leads)
    assert profile.item_chars > 50
    assert profile.fallback_from is None


@pytest.mark.parametrize(
    ("key", "target_style", "opener", "phrase"),
    [
        ("dongtou", "figures", "力争", "315"),
        ("qingtian", "figures", "打好", "315"),
        ("district", "placeholders", "力争", "一对一"),
    ],
)
def test_profile_targets_openers_and_phrases(
    corpus: dict[str, ReportPart], key: str, target_style: str, opener: str, phrase: str
) -> None:
    profile = learn_profile(corpus[key].label, [corpus[key]])
    assert profile.target_style == target_style
    assert opener in profile.openers
    assert phrase in profile.phrases
    assert profile.describe().count("\n") >= 5


def test_dongtou_items_open_with_yi_shi_zhua(corpus: dict[str, ReportPart]) -> None:
    part = corpus["dongtou"]
    [block] = part.role_blocks(SectionRole.PLAN)
    intro, sections = plan_sections(part, block)
    assert intro.startswith("下半年")
    assert [s.marker for s in sections] == ["（一）", "（二）", "（三）"]
    second = sections[1]
    assert [i.marker for i in second.items] == ["一是", "二是", "三是", "四是", "五是"]
    assert all(i.text.startswith("抓") for i in second.items)
    assert sections[0].items[0].marker == ""  # the indicator section is one paragraph


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "dongtou",
            ["大孵化器集群建设成效不理想", "科创平台建设缓慢", "规上工业研发投入后劲不足", "高层次科技人才储备不足"],
        ),
        ("qingtian", ["产业结构不优", "企业创新能力不强", "高层次科技人才缺乏"]),
        ("shinan", []),
    ],
)
def test_problems_named_under_cun_zai_wen_ti(corpus: dict[str, ReportPart], key: str, expected: list[str]) -> None:
    assert [p.title for p in problems(corpus[key])] == expected


def test_bureau_without_plan_borrows_the_most_similar_style(corpus: dict[str, ReportPart]) -> None:
    text = corpus["dongtou"].text
    summary_only = _part("new.txt", "测试区科学技术局", [2024], "上半年", text[: text.index("三、下步工作思路")])
    parts = [*corpus.values(), summary_only]
    profile = build_profile("测试区科学技术局", parts)
    assert profile.fallback_from == "洞头区科学技术局"
    assert profile.note and "没有以往的工作计划" in profile.note and "洞头区科学技术局" in profile.note
    assert profile.bureau == "测试区科学技术局"
    own = build_profile("洞头区科技局", parts)  # the short name finds the bureau's own plan
    assert own.fallback_from is None and own.section_leads == ["聚力"]


def test_a_bureau_without_a_plan_takes_the_length_of_its_kinds_plans(corpus: dict[str, ReportPart]) -> None:
    """The count and item length come from the plans of reports of its kind (half-year: 洞头, 青田, the county),
    not from the one bureau whose form it borrows; lines of work are ranked by how many of those plans have them."""
    text = corpus["dongtou"].text
    summary_only = _part("new.txt", "测试区科学技术局", [2024], "上半年", text[: text.index("三、下步工作思路")])
    parts = [*corpus.values(), summary_only]
    halves = [p for p in corpus.values() if report_kind(p.period) == "part" and p.role_blocks(SectionRole.PLAN)]
    assert len(halves) >= 2
    counts = sorted(
        len([it for sec in plan_sections(p, b)[1] for it in sec.items])
        for p in halves
        for b in p.role_blocks(SectionRole.PLAN)
    )
    profile = build_profile("测试区科学技术局", parts)
    assert profile.kind_items_per_plan == pytest.approx(median(counts))
    assert profile.kind_item_chars > 0
    assert profile.line_share["科创平台"] > 0 and max(profile.line_share.values()) <= 1.0
    assert kind_plan_shape([], "part") == (0.0, 0)
    assert build_profile("洞头区科技局", parts).kind_items_per_plan == 0.0  # its own plan says


@pytest.mark.parametrize(
    ("marker", "kind", "n", "again"),
    [
        ("三、", "一、", 2, "二、"),
        ("（四）", "（一）", 3, "（三）"),
        ("2.", "1.", 12, "12."),
        ("五是", "一是", 11, "十一是"),
        ("（3）", "（1）", 1, "（1）"),
    ],
)
def test_marker_kinds(marker: str, kind: str, n: int, again: str) -> None:
    assert marker_kind(marker) == kind
    assert numbered(kind, n) == again


@pytest.mark.parametrize(
    ("source", "target", "text", "expected", "keeps"),
    [
        ("2024年下半年", "2025年", "下半年,区科技局将紧扣要求", "2025年,区科技局将紧扣要求", False),
        ("2024年下半年", "2025年上半年", "2024年下半年重点", "2025年上半年重点", False),
        ("2024年下半年", "2024年下半年", "下半年,确保2024年目标", "下半年,确保2024年目标", True),
        ("2024年", "2025年", "2024年是攻坚之年,2023—2024年规划", "2025年是攻坚之年,2023—2024年规划", False),
        ("2023年下半年", "2024年", "2023年目标是新增20家", "2024年目标是新增20家", False),
    ],
)
def test_retarget(source: str, target: str, text: str, expected: str, keeps: bool) -> None:
    rt = Retarget(Period.parse(source), Period.parse(target))
    assert rt.text(text) == expected
    assert rt.keeps_targets is keeps


@pytest.mark.parametrize("bad", ["明年", "2024下下半年", "二〇二五年", ""])
def test_bad_period_is_a_draft_error(bad: str) -> None:
    with pytest.raises(DraftError):
        Period.parse(bad)


@pytest.mark.parametrize(
    ("title", "years", "period", "expected"),
    [
        ("下步工作思路", [2024], "上半年（1-5月）", "2024年下半年"),
        ("2024年工作计划", [2023, 2024], "全年", "2024年"),
        ("2O22年重点工作", [2021, 2022], "全年", "2022年"),
        ("下一步工作计划", [2023], "上半年（1-4月）", "2023年下半年"),
        ("工作思路", [2023], "全年", "2024年"),
    ],
)
def test_plan_period(title: str, years: list[int], period: str, expected: str) -> None:
    found = plan_period(title, years, period)
    assert found is not None and found.label == expected


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("8.6亿元", "X亿元"),
        ("18%", "X%"),
        ("5", "X"),
        ("1万平方米", "X万平方米"),
        ("五家", "X家"),
        ("0.4个百分点", "X个百分点"),
    ],
)
def test_placeholder(surface: str, expected: str) -> None:
    assert placeholder(surface) == expected


@pytest.mark.parametrize(
    ("problem", "item", "covered"),
    [
        ("科创平台建设缓慢", "一是抓科创平台建设。实施科创平台建设攻坚行动", True),
        ("规上工业研发投入后劲不足", "力争实现年度规上工业企业研发经费投入增速达18%以上", True),
        ("规上工业研发投入后劲不足", "从严开展组织生活。严格落实三会一课", False),
        ("高层次科技人才缺乏", "深化科技三服务活动,助推企业创新发展", False),
    ],
)
def test_coverage_score(problem: str, item: str, covered: bool) -> None:
    assert "不" not in "".join(topic_grams(problem)) and "缺" not in "".join(topic_grams(problem))
    assert (coverage_score(problem, item) >= 0.45) is covered


def test_foreign_terms_leave_out_names_the_bureau_uses_itself(corpus: dict[str, ReportPart]) -> None:
    own = corpus["dongtou"].text
    others = [corpus["qingtian"].text, corpus["shinan"].text]
    terms = foreign_terms([own], others, ["青田县科技局", "市南区科技局"])
    assert {"青田", "市南", "浙丽转"} <= set(terms)
    assert "315" not in terms and "温州" not in terms  # 洞头's own report uses them
    assert "青田县" in distinctive_terms(corpus["qingtian"].text)
