"""A draft's length and shape: the bureau's habit, items on one line of work merged, the least grounded left out."""

from __future__ import annotations

import pytest

from chains.draft.models import DraftItem, DraftPlan, DraftSection, Material
from chains.draft.shape import fold_sections, merge_repeats, merge_same_line, plan_size, trim_items
from chains.style import StyleProfile


@pytest.mark.parametrize(
    ("profile", "problems", "breadth", "size"),
    [
        # the bureau's own past plans: 2 sections, 6 items on average (a drafted item is narrower: 1.5×)
        (StyleProfile(bureau="b", sections_per_plan=2.0, items_per_plan=6.0), 2, 9, (2, 9)),
        # a borrowed style lends its form (3 sections), the count comes from the review's breadth
        (StyleProfile(bureau="b", fallback_from="o", sections_per_plan=3.0, items_per_plan=12.0), 1, 4, (3, 6)),
        # never fewer items than problems to answer, nor fewer than three
        (StyleProfile(bureau="b", sections_per_plan=1.0, items_per_plan=2.0), 5, 9, (1, 5)),
        (StyleProfile(bureau="b"), 0, 1, (3, 3)),
    ],
)
def test_plan_size(profile: StyleProfile, problems: int, breadth: int, size: tuple[int, int]) -> None:
    assert plan_size(profile, problems, breadth) == size


def _item(title: str, text: str, kind: str | None = None) -> DraftItem:
    return DraftItem(title=title, text=text, material=[Material(kind=kind, text=title or text)] if kind else [])


def _plan(*sections: DraftSection) -> DraftPlan:
    return DraftPlan(
        bureau="b",
        period="2024年下半年",
        mode="offline",
        title="t",
        heading="h",
        style=StyleProfile(bureau="b"),
        sections=list(sections),
    )


def test_items_on_one_line_of_work_are_merged_into_the_first() -> None:
    platform = _item("加快平台建设", "加快平台建设。推进孵化器提档升级。", "result")
    problem = _item("", "针对科创平台建设缓慢的问题，加快科创平台建设。", "problem")
    talent = _item("强化人才引育", "强化人才引育。拓宽引才渠道。", "result")
    plan = _plan(DraftSection(title="s1", items=[platform, talent]), DraftSection(title="s2", items=[problem]))
    assert merge_same_line(plan) == 1
    items = [it for _, it in plan.all_items()]
    assert items == [platform, talent] and len(plan.sections) == 1
    assert "针对科创平台建设缓慢的问题" in platform.text and {m.kind for m in platform.material} == {
        "result",
        "problem",
    }


def test_trim_keeps_problems_then_one_item_per_line_then_what_rests_on_most() -> None:
    items = [
        _item("", "围绕科技宣传，明确本期的具体举措。", "mention"),
        _item("抓创新主体培育", "抓创新主体培育。完善高新技术企业梯次培育机制。", "mention"),
        _item("加快平台建设", "加快平台建设。推进孵化器提档升级。", "result"),
        _item("", "针对研发投入后劲不足的问题，增强研发投入后劲。", "problem"),
        _item("", "持续开展科技活动。", "result"),
    ]
    plan = _plan(DraftSection(title="s", items=list(items)))
    dropped = trim_items(plan, 3)
    assert [it for _, it in plan.all_items()] == [items[1], items[2], items[3]]
    assert dropped == [items[0], items[4]]
    assert trim_items(plan, 3) == []


def test_fold_sections_moves_the_smallest_into_the_closest() -> None:
    plan = _plan(
        DraftSection(title="加快平台建设", items=[_item("", "a。"), _item("", "b。")]),
        DraftSection(title="强化人才引育", items=[_item("", "c。"), _item("", "d。")]),
        DraftSection(title="平台", items=[_item("", "推进平台建设。")]),
    )
    fold_sections(plan, 2, {})
    assert [s.title for s in plan.sections] == ["加快平台建设", "强化人才引育"]
    assert [it.text for it in plan.sections[0].items] == ["a。", "b。", "推进平台建设。"]


def test_items_saying_the_same_are_merged() -> None:
    plain = "围绕重点工作，明确本期的具体举措和完成时限。"
    a, b = _item("", plain, "result"), _item("", plain, "mention")
    other = _item("", "组织开展科技活动周等活动。", "mention")
    plan = _plan(DraftSection(title="一", items=[a, other]), DraftSection(title="二", items=[b]))
    assert merge_repeats(plan) == 1
    assert [len(sec.items) for sec in plan.sections] == [2]
    assert [m.kind for m in a.material] == ["result", "mention"]  # what the repeat rested on is kept
