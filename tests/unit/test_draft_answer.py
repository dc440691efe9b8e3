"""A problem is answered by a measure that says how, not by the problem turned round (issue #16): the ruler
(:func:`chains.draft.check.answered_by`), the offline drafter's answers (:func:`chains.draft.offline.answer`) and
merged items that say a measure once."""

from __future__ import annotations

import pytest

from chains.draft.check import add_stubs, answered_by
from chains.draft.models import DraftContext, DraftItem, DraftPlan, DraftSection, ProblemRef
from chains.draft.offline import _answer_problems, _line_answer, _results, _standing_lines, answer
from chains.draft.periods import Period
from chains.draft.shape import merge_into, repeats
from chains.style import StyleProfile
from scribe.figures import SourceText
from vectorstore.anatomy import ReportPart

PROBLEM = "研发投入占比偏低"
SAID = "全区多数企业研发意识不强，部分企业尚未设立研发机构。"


@pytest.mark.parametrize(
    ("item", "answered"),
    [
        # the problem turned round: a keyword match, no measure of how
        (f"针对{PROBLEM}的问题，提高研发投入占比。", False),
        # a target to reach is not a way to reach it
        ("力争全年研发投入占比达到X%以上。", False),
        # the causes the problem names, turned round, are still the problem's own words
        ("增强企业研发意识，推动更多企业设立研发机构。", False),
        # a measure saying what is done, on the problem's theme
        (f"针对{PROBLEM}的问题，提高研发投入占比，建立重点企业月度监测和上门走访机制。", True),
        # on the same line of work without the problem's words (研发费用 ~ 研发投入): answered
        ("紧盯规上企业研发费用，逐户开展政策宣讲和加计扣除辅导。", True),
        # a concrete measure on another line answers nothing
        ("围绕主导产业引育高层次人才，拓宽引才渠道。", False),
        # a sentence left for the drafter is never an answer
        (f"针对{PROBLEM}的问题，【待补充具体举措】。", False),
    ],
)
def test_a_problem_is_answered_by_a_measure_saying_how(item: str, answered: bool) -> None:
    assert answered_by(PROBLEM, item, said=SAID) is answered


def _ctx() -> DraftContext:
    return DraftContext(
        bureau="某区科技局",
        bureau_name="某区科技局",
        target=Period.parse("2024年下半年"),
        profile=StyleProfile(bureau="某区科技局"),
        own=[],
    )


def _part() -> ReportPart:
    text = (
        "一、上半年工作情况\n（一）平台建设\n推进科技孵化器建设，新增众创空间1家。\n二、存在问题\n科创平台建设缓慢。\n"
    )
    return ReportPart(key="k", bureau="某区科技局", doc_id="d", file_name="f.md", years=[2024], text=text)


@pytest.mark.parametrize(
    ("title", "text", "how"),
    [
        # the remedy only turns the problem round: the standing measure of its line of work says how
        ("科创平台建设缓慢", "科创平台建设缓慢，孵化器入驻率不高。", "孵化器等平台提档升级"),
        ("研发投入后劲不足", "研发投入后劲不足。", "建立重点企业月度监测和上门指导机制"),
        # a remedy that already says how is left as it is
        ("科技金融支持不足", "缺乏科创基金等多元化的融资渠道对接服务。", None),
    ],
)
def test_the_offline_answer_says_how(title: str, text: str, how: str | None) -> None:
    ref = ProblemRef(title=title, text=text, chunk_ids=[])
    plan = DraftPlan(
        bureau="b", period="2024年下半年", mode="offline", title="t", heading="h", style=StyleProfile(bureau="b")
    )
    said, _material = answer(ref, _ctx(), plan, _part())
    assert said.startswith(f"针对{title}的问题，")
    if how is not None:
        assert how in said
        assert answered_by(title, said, said=text)


@pytest.mark.parametrize(
    ("title", "text", "line"),
    [
        ("高新技术企业培育储备不足", "", "梯次培育机制"),
        # 指标 alone names no science indicator: land and energy quotas are answered by their own line
        ("工业用地、用能指标紧张", "新项目落地受限。", "盘活存量低效用地"),
        ("部分核心指标进度偏慢", "", "建立重点企业月度监测"),
        # a problem of the bureau's own staff
        ("科技管理力量薄弱", "局内从事科技业务的人员仅4名。", "配齐专兼职科技工作人员"),
        ("教育和科技合署办公后人手紧张", "", None),
    ],
)
def test_a_problem_answered_by_its_line_of_work_needs_a_word_of_that_line(
    title: str, text: str, line: str | None
) -> None:
    found = _line_answer(ProblemRef(title=title, text=text, chunk_ids=[]))
    assert (found is None) if line is None else (found is not None and line in found)


def test_a_round_number_is_not_a_result_to_build_on() -> None:
    names = [name for name, _ in _results("上半年，申报高新技术企业已完成第二批，新增科技型中小企业23家。")]
    assert names == ["科技型中小企业"]


@pytest.mark.parametrize(
    ("sentence", "other", "said"),
    [
        (
            "推进实验室等平台提档升级，引导平台围绕主导产业开展研发和孵化服务。",
            "推进孵化器、实验室等平台提档升级，引导平台围绕主导产业开展研发和孵化服务。",
            True,
        ),
        ("推进实验室等平台提档升级。", "加强已立项项目的过程管理和验收。", False),
        ("抓平台建设。", "抓平台建设，推进孵化器提档升级。", False),  # a title is too short to judge
    ],
)
def test_repeats(sentence: str, other: str, said: bool) -> None:
    assert repeats(sentence, other) is said


def test_a_merged_item_says_a_standing_measure_once() -> None:
    measure = "组织企业申报科技项目，加强已立项项目的过程管理和验收，推动关键核心技术攻关取得实效。"
    kept = DraftItem(title="抓核心技术攻关", text=f"抓核心技术攻关。{measure}")
    answer_item = DraftItem(text=f"针对科技项目实施进度慢的问题，{measure.rstrip('。')}。")
    again = DraftItem(text=measure.replace("科技项目", "重点研发项目"))
    merge_into(kept, answer_item)
    merge_into(kept, again)
    assert kept.text == f"抓核心技术攻关。针对科技项目实施进度慢的问题，{measure}"


def test_an_answer_to_a_problem_never_gives_way_to_a_measure_it_repeats() -> None:
    measure = "抓好科技服务落实，提升科技服务的精准度和便利度，营造良好创新生态"
    kept = DraftItem(title="优化科创生态", text=f"优化科创生态。针对服务偏弱的问题，{measure}。")
    later = DraftItem(text=f"{measure}，推动惠企政策免申即享、直达企业，建立企业诉求闭环办理机制。")
    merge_into(kept, later)
    assert "针对服务偏弱的问题" in kept.text


@pytest.mark.parametrize(
    ("text", "stubs", "notes"),
    [
        # the problem is named but only turned round: a note, not a second item to write
        ("针对基层科技力量不足的问题，充实基层科技力量。", 0, 1),
        # no item names it: an item for the drafter to write
        ("抓科创平台建设。推进孵化器提档升级。", 1, 0),
    ],
)
def test_an_unanswered_problem_gets_one_place_to_write_its_measure(text: str, stubs: int, notes: int) -> None:
    ctx = _ctx()
    ctx.problems = [ProblemRef(title="基层科技力量不足", text="基层科技力量不足。", chunk_ids=[])]
    plan = DraftPlan(
        bureau="b", period="2024年下半年", mode="offline", title="t", heading="h", style=StyleProfile(bureau="b")
    )
    plan.sections.append(DraftSection(title="s", items=[DraftItem(text=text)]))
    add_stubs(plan, ctx)
    assert sum(it.stub for _, it in plan.all_items()) == stubs and len(plan.notes) == notes


def test_problems_on_one_line_of_work_share_one_answer() -> None:
    ctx = _ctx()
    ctx.problems = [
        ProblemRef(title="科创平台建设缓慢", text="科创平台建设缓慢。", chunk_ids=["c1"]),
        ProblemRef(title="孵化器入驻率不高", text="孵化器入驻率不高。", chunk_ids=["c2"]),
        ProblemRef(title="高层次科技人才储备不足", text="高层次科技人才储备不足。", chunk_ids=["c3"]),
    ]
    plan = DraftPlan(
        bureau="b", period="2024年下半年", mode="offline", title="t", heading="h", style=StyleProfile(bureau="b")
    )
    plan.sections.append(DraftSection(title="加快平台建设", items=[DraftItem(text="加快平台建设。")]))
    _answer_problems(plan, ctx, _part())
    answers = [it for _, it in plan.all_items() if "问题" in it.text]
    assert len(answers) == 2  # the platform problems share one item; the talent problem has its own
    shared = answers[0]
    assert "针对科创平台建设缓慢、孵化器入驻率不高的问题" in shared.text and shared.text.count("提档升级") == 1
    assert [m.kind for m in shared.material].count("problem") == 2 and shared.source_chunk_ids == ["c1", "c2"]
    for ref in ctx.problems[:2]:
        assert answered_by(ref.title, shared.text, said=ref.text)


def test_a_line_that_only_answers_problems_is_not_offered_as_standing_work() -> None:
    """The bureau's staff, its industry and its land are answered when a problem names them, never offered as an
    item of their own because a report mentions 技术改造 or 科技工作人员."""
    said = "推进企业技术改造，新增科技工作人员2名，工业用地保障有力。组织科普活动周，吸引市民500人次。"
    ctx = _ctx().model_copy(update={"sources": [SourceText(source_id="s1", text=said)]})
    plan = DraftPlan(
        bureau="b", period="2024年下半年", mode="offline", title="t", heading="h", style=StyleProfile(bureau="b")
    )
    plan.sections.append(DraftSection(title="统筹推进各项重点工作", items=[]))
    _standing_lines(plan, ctx)
    titles = [it.title for _, it in plan.all_items()]
    assert "加强科学普及" in titles
    assert not {"推动产业转型升级", "充实基层科技力量", "强化要素保障"} & set(titles)
