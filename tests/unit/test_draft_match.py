"""The plan-item matcher of the held-out evaluation: a draft item matches a real plan item when a reader would call
it the same measure — it says what to do, about the same line of work (and the same indicator on an indicator
line) — and one measure of a draft item (its lead, or a line merged into it) covers one real item."""

from __future__ import annotations

import pytest

from eval.draft_eval import (
    _signs,
    count_ratio,
    held_copy_share,
    item_f1,
    match_items,
    real_plan_items,
    real_plan_readings,
    review_heading_count,
    same_measure,
)
from scribe.lexicon.headings import SectionRole
from vectorstore.anatomy import Block, ReportPart

CASES = [
    # the same measure in other words: a reader pairs them
    (
        "抓核心技术攻关",
        "强化科研攻关",
        "强化科研攻关。持续加强已立项科研项目管理，引导重点企业申报省市重大科研项目。",
        True,
    ),
    (
        "从严落实管党责任",
        "从严落实管党治党责任",
        "从严落实管党治党责任。落实全面从严治党主体责任，抓好党支部建设。",
        True,
    ),
    ("做好高企申报后半篇文章", "抓创新主体培育", "抓创新主体培育。完善高新技术企业梯次培育机制，做好申报辅导。", True),
    (
        "力争全年规上工业研发费用增长15%以上",
        "",
        "在1-5月规上工业研发费用已完成6099.1万元的基础上，持续聚力科技创新核心指标。力争全年规上工业研发费用达到X万元以上。",
        True,
    ),
    (  # a target on the same indicator, whatever the item's heading
        "确保全年技术合同登记成交额达到300亿元",
        "",
        "在上半年技术合同登记成交额已完成168.2亿元的基础上，持续深化产学研合作。力争全年技术合同登记成交额达到X亿元以上。",
        True,
    ),
    ("深化产学研合作", "深化科技交流合作", "深化科技交流合作。深化产学研合作，推动企业与高校院所联合攻关。", True),
    (
        "確保全年新認定國家高新技術企業150家以上",
        "抓创新主体培育",
        "抓创新主体培育。完善高新技术企业梯次培育机制。",
        True,
    ),
    # not the same measure: a reader keeps them apart
    (  # one indicator line, another indicator
        "力争全年规上工业研发费用增长15%以上",
        "",
        "针对高新技术产业投资持续负增长的问题，着力破解高新技术产业投资负增长难题。",
        False,
    ),
    ("成果转化", "增强原始创新能力", "增强原始创新能力。持续支持关键技术攻关，推动成果转化。", False),  # in passing
    ("从严开展组织生活", "抓核心技术攻关", "抓核心技术攻关。组织企业申报科研项目。", False),  # 组织 is not 组织生活
    ("抓科创平台建设", "加快平台建设", "加快平台建设。巩固平台建设已有成效。", True),
    ("抓科创平台建设", "", "平台建设成效良好。", False),  # no measure: a review sentence
    (
        "推进量子信息未来产业园建设",
        "抓科创平台建设",
        "抓科创平台建设。推进孵化器等平台提档升级。",
        False,
    ),  # a new initiative
    ("加快科创平台建设", "", "针对科创平台建设缓慢的问题，【待补充具体举措】。", False),  # a stub
]


@pytest.mark.parametrize(("real", "title", "text", "same"), CASES)
def test_same_measure(real: str, title: str, text: str, same: bool) -> None:
    assert same_measure(real, title, text, {}) is same


def test_one_draft_item_covers_one_real_item() -> None:
    real = ["狠抓创新服务公共平台建设", "狠抓企业科技研发平台建设", "抓创新人才引育"]
    drafted = [("抓科创平台建设", "抓科创平台建设。推进孵化器、研究院等平台提档升级。")]
    match = match_items(real, drafted, {})
    assert match.any_hits == [True, True, False]
    assert len(match.pairs) == 1 and match.coverage(len(real)) == pytest.approx(1 / 3)
    drafted.append(("抓创新人才引育", "抓创新人才引育。拓宽引才渠道，做好人才项目申报。"))
    assert match_items(real, drafted, {}).coverage(len(real)) == pytest.approx(2 / 3)


def _plan_part(plan: str) -> tuple[ReportPart, Block]:
    text = f"一、工作情况\n上半年完成项目申报12项。\n二、下半年工作打算\n{plan}"
    part = ReportPart(key="k", bureau="某区科技局", doc_id="d", file_name="f.md", years=[2024], text=text)
    return part, part.role_blocks(SectionRole.PLAN)[0]


@pytest.mark.parametrize(
    ("plan", "items"),
    [
        # a list written with dashes is one item a line
        (
            "- 力争全年技术合同成交额突破20亿元。\n- 新建众创空间2家，完善孵化服务。\n",
            ["力争全年技术合同成交额突破20亿元", "新建众创空间2家"],
        ),
        # a paragraph opening with its period only is one item a sentence
        (
            "下半年，力争高新技术企业申报数达到80家；推动孵化器新增入驻企业不少于10家。\n",
            ["力争高新技术企业申报数达到80家", "推动孵化器新增入驻企业不少于10家"],
        ),
        # a paragraph that names its subject first stays one item, named by its title
        ("聚焦人才引育，组织企业申报人才项目；办好创新创业大赛。\n", ["聚焦人才引育，组织企业申报人才项目"]),
        # a section written on its heading's line is one item, whether its heading stops at a comma or at its end
        (
            "（一）力争上半年科技型中小企业评价入库150家以上，全年突破300家。（二）确保全年技术合同成交额达到9亿元。\n",
            ["力争上半年科技型中小企业评价入库150家以上", "确保全年技术合同成交额达到9亿元"],
        ),
    ],
)
def test_real_plan_items(plan: str, items: list[str]) -> None:
    assert real_plan_items(*_plan_part(plan)) == items


def test_a_title_naming_no_line_is_read_with_what_the_item_goes_on_to_say() -> None:
    real = ["围绕主体抓提升"]
    drafted = [("抓创新主体培育", "抓创新主体培育。完善高新技术企业梯次培育机制，做好申报辅导。")]
    assert match_items(real, drafted, {}).pairs == []
    assert match_items(real, drafted, {}, ["组织高新技术企业集中申报"]).pairs == [(0, 0)]
    # the body names another line: still no match
    assert match_items(real, drafted, {}, ["组织开展科普进社区活动"]).pairs == []


def test_real_plan_readings_keep_the_body_only_where_the_title_names_no_line() -> None:
    plan = (
        "（一）围绕主体抓提升。组织高新技术企业集中申报，对照认定条件逐家梳理研发费用归集和知识产权情况，"
        "力争通过率进一步提高。\n"
        "（二）加强科普阵地建设。举办科技活动周，组织科普讲座进社区、进学校、进企业，提升全民科学素质。\n"
    )
    readings = real_plan_readings(*_plan_part(plan))
    assert readings == [("围绕主体抓提升", "组织高新技术企业集中申报"), ("加强科普阵地建设", "")]
    assert real_plan_items(*_plan_part(plan)) == ["围绕主体抓提升", "加强科普阵地建设"]


@pytest.mark.parametrize(
    ("line", "signs"),
    [
        ("某县科学技术局", True),
        ("某区科技局（知识产权局）", True),
        ("积极对接省科技厅", False),
        ("加强科学普及", False),
    ],
)
def test_the_bureau_signing_the_plan_is_no_item(line: str, signs: bool) -> None:
    assert _signs(line) is signs


def test_precision_counts_draft_items_some_real_item_matches() -> None:
    real = ["抓创新人才引育"]
    drafted = [
        ("抓创新人才引育", "抓创新人才引育。拓宽引才渠道，做好人才项目申报。"),
        ("加强科学普及", "加强科学普及。组织开展科技活动周等活动。"),
    ]
    assert match_items(real, drafted, {}).draft_hits == [True, False]


@pytest.mark.parametrize(
    ("title", "count"),
    [
        ("科技人才引育多措并举", 1),  # the review's heading as it stands
        ("推进科技人才引育多措并举", 1),  # the same with a verb put before it
        ("强化科技人才引育", 0),  # a plan heading on the same work
        ("推进成果转化", 0),
    ],
)
def test_a_review_heading_with_a_verb_before_it_is_still_a_review_heading(title: str, count: int) -> None:
    assert review_heading_count([title], ["（二）科技人才引育多措并举", "成果转化态势良好"]) == count


@pytest.mark.parametrize(
    ("sentence", "share"),
    [
        ("持续加大县级揭榜挂帅项目攻关力度。", 0.0),  # the review says it too: material, not a leak
        ("新建省级企业研究院两家并完成验收备案。", 1.0),  # only the held-out plan says it: a leak
    ],
)
def test_a_leak_is_what_only_the_held_plan_says(sentence: str, share: float) -> None:
    held = "加大县级揭榜挂帅项目攻关力度。新建省级企业研究院两家并完成验收备案。"
    review = "上半年，加大县级揭榜挂帅项目攻关力度，立项3项。"
    assert held_copy_share(sentence, held, [review]) == share


def test_one_to_one_precision_and_count_ratio_weigh_a_long_draft_against_its_recall() -> None:
    """Two draft items on the one real item: both match it (any), one is paired (one to one); the draft runs three
    items against one, so recall 1.0 comes with precision 1/3 and a count ratio of 3."""
    real = ["抓创新人才引育"]
    drafted = [
        ("抓创新人才引育", "抓创新人才引育。拓宽引才渠道，做好人才项目申报。"),
        ("强化人才引育", "强化人才引育。做好人才项目申报、落地和跟踪服务。"),
        ("加强科学普及", "加强科学普及。组织开展科技活动周等活动。"),
    ]
    match = match_items(real, drafted, {})
    assert match.draft_hits == [True, True, False]
    assert match.coverage(len(real)) == pytest.approx(1.0)
    assert match.precision(len(drafted)) == pytest.approx(1 / 3)
    assert item_f1(match.coverage(len(real)), match.precision(len(drafted))) == pytest.approx(0.5)
    assert count_ratio(len(drafted), len(real)) == pytest.approx(3.0)
    assert count_ratio(3, 0) is None and item_f1(0.0, 0.0) == 0.0
    assert match_items(real, [], {}).precision(0) is None


def test_a_merged_item_is_read_whole_one_measure_a_real_item() -> None:
    """An item merged from three (its lead and two lines merged into it) states three measures and may answer three
    real items; its title and first sentence are one measure, not two."""
    real = ["狠抓企业科技研发平台建设", "狠抓创新服务公共平台建设", "抓创新人才引育"]
    merged = (
        "",
        "持续鼓励支持企业研发机构扩面提质增效。推进孵化器等平台提档升级，做好省市级平台的创建申报。"
        "针对高层次科技人才缺乏的问题，拓宽引才渠道，做好人才项目申报。",
    )
    match = match_items(real, [merged], {})
    assert match.pairs == [(0, 0), (1, 0), (2, 0)] and match.precision(1) == 1.0
    # a title and the sentence after it are one measure: one platform item covered, not two
    titled = ("抓科创平台建设", "抓科创平台建设。推进孵化器、研究院等平台提档升级。")
    assert len(match_items(real[:2], [titled], {}).pairs) == 1


@pytest.mark.parametrize(
    ("sentence", "same"),
    [
        ("在上半年孵化器已完成3家的基础上，平台建设成效明显。", False),  # a result merged in: no measure
        ("对照年度目标任务，逐项盘点各项指标进度，确保全年目标任务圆满完成。", False),  # 各项指标 is not 高新增加值
        ("紧盯高新增加值等核心指标，建立重点企业月度监测机制。", True),
    ],
)
def test_each_line_of_an_item_must_itself_be_the_measure(sentence: str, same: bool) -> None:
    text = f"加强科学普及。组织开展科技活动周等活动。{sentence}"
    assert same_measure("打好高新增加值提升攻坚战" if "指标" in sentence else "抓科创平台建设", "", text, {}) is same


def test_a_measure_said_again_in_a_problems_answer_answers_once() -> None:
    real = ["狠抓企业科技研发平台建设", "狠抓创新服务公共平台建设"]
    text = (
        "推进孵化器等平台提档升级，做好省市级平台的创建申报。"
        "针对科创平台建设缓慢的问题，推进孵化器等平台提档升级，做好省市级平台的创建申报。"
    )
    assert len(match_items(real, [("", text)], {}).pairs) == 1
