"""A draft's length and shape: the bureau's habit, items on one line of work merged, the least grounded left out."""

from __future__ import annotations

import pytest

from chains.draft.models import DraftItem, DraftPlan, DraftSection, Material
from chains.draft.shape import (
    MIN_ITEM_CHARS,
    fold_sections,
    item_length,
    merge_into,
    merge_repeats,
    merge_same_line,
    plan_size,
    trim_items,
)
from chains.style import StyleProfile
from scribe.lexicon.plans import TYPICAL_PLAN_ITEMS


@pytest.mark.parametrize(
    ("profile", "size"),
    [
        # the bureau's own past plans: 2 sections, 6 items on average — the draft has half as many again (ITEM_SLACK)
        (StyleProfile(bureau="b", sections_per_plan=2.0, items_per_plan=6.0), (2, 9)),
        # a borrowed style lends its form (3 sections); the count is what plans of reports of its kind have
        (
            StyleProfile(
                bureau="b", fallback_from="o", sections_per_plan=3.0, items_per_plan=12.0, kind_items_per_plan=5.0
            ),
            (3, 8),
        ),
        # no plan of its kind in the store: a plan section's usual length
        (StyleProfile(bureau="b", fallback_from="o", sections_per_plan=1.0), (1, round(1.5 * TYPICAL_PLAN_ITEMS))),
        # a half item is written, not cut: 1.5 × 3 is 5 (round() would make it 4, and 7.5 8)
        (StyleProfile(bureau="b", sections_per_plan=1.0, items_per_plan=3.0), (1, 5)),
        # never fewer than three
        (StyleProfile(bureau="b", sections_per_plan=1.0, items_per_plan=2.0), (1, 3)),
    ],
)
def test_plan_size(profile: StyleProfile, size: tuple[int, int]) -> None:
    assert plan_size(profile) == size


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


def test_trim_keeps_one_item_per_line_strongest_first_and_folds_the_rest_in() -> None:
    """Three items of six: one per line of work, those resting on a problem first, then results, then mentions; a
    result on a kept item's line is merged into it, a problem answer on no line into the closest kept item (it stays
    answered), what rests on less is left out."""
    items = [
        _item("", "围绕科技宣传，明确本期的具体举措。", "mention"),
        _item("抓创新主体培育", "抓创新主体培育。完善高新技术企业梯次培育机制。", "mention"),
        _item("加快平台建设", "加快平台建设。推进孵化器提档升级。", "result"),
        _item("", "针对研发投入后劲不足的问题，紧盯研发投入指标，建立重点企业月度监测机制。", "problem"),
        _item("", "针对科创平台建设缓慢的问题，建立平台创建申报辅导机制。", "problem"),
        _item("", "持续开展科技活动。", "result"),
        _item("", "针对部门协同不足的问题，建立跨部门联席会议机制。", "problem"),
    ]
    plan = _plan(DraftSection(title="s", items=list(items)))
    dropped = trim_items(plan, 3, {})
    assert [it for _, it in plan.all_items()] == [items[1], items[3], items[4]]
    assert dropped == [items[0], items[5]]
    assert "推进孵化器提档升级" in items[4].text  # the result on the platform line, merged
    kept = [it for _, it in plan.all_items()]
    assert sum("针对部门协同不足的问题" in it.text for it in kept) == 1  # on no line: into the closest
    assert sum(m.kind == "problem" for it in kept for m in it.material) == 3
    assert trim_items(plan, 3, {}) == []


def test_trim_prefers_the_lines_the_plans_learned_from_have() -> None:
    items = [
        _item("加快平台建设", "加快平台建设。推进孵化器提档升级。", "result"),
        _item("强化人才引育", "强化人才引育。拓宽引才渠道。", "result"),
        _item("强化知识产权", "强化知识产权。加强专利创造、保护和运用。", "result"),
    ]
    plan = _plan(DraftSection(title="s", items=list(items)))
    trim_items(plan, 2, {}, {"知识产权": 0.8, "人才引育": 0.5})
    assert [it for _, it in plan.all_items()] == [items[1], items[2]]


def test_a_merged_problem_answer_is_never_cut_for_room() -> None:
    kept = _item(
        "加快平台建设", "加快平台建设。推进孵化器提档升级。引导平台开展孵化服务。做好省级平台创建申报。", "result"
    )
    other = _item("", "推进众创空间备案工作。针对科创平台建设缓慢的问题，建立平台创建申报辅导机制。", "problem")
    merge_into(kept, other)
    assert "针对科创平台建设缓慢的问题" in kept.text


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


def test_a_merged_item_grows_to_the_plans_item_length_only() -> None:
    """A sentence that takes a merged item past the learned item length is left for the drafter; a problem's
    answer is added all the same."""
    kept = _item("加快平台建设", "加快平台建设。推进孵化器提档升级。", "result")
    other = _item("", "引导平台围绕主导产业开展研发和孵化服务，做好省市级平台的创建申报。", "result")
    merge_into(kept, other, max_chars=30)
    assert kept.text == "加快平台建设。推进孵化器提档升级。"
    merge_into(kept, _item("", "针对科创平台建设缓慢的问题，建立平台创建申报辅导机制。", "problem"), max_chars=30)
    assert "针对科创平台建设缓慢的问题" in kept.text
    merge_into(kept, other)  # no bound: as before
    assert "做好省市级平台的创建申报" in kept.text


@pytest.mark.parametrize(
    ("profile", "chars"),
    [
        (StyleProfile(bureau="b", items_per_plan=5.0, item_chars=80), 120),  # its own plans' items, 1.5×
        (StyleProfile(bureau="b", fallback_from="o", item_chars=200, kind_item_chars=50), 75),  # its kind's
        (StyleProfile(bureau="b", items_per_plan=5.0, item_chars=20), MIN_ITEM_CHARS),
        (StyleProfile(bureau="b"), 0),  # no plan says: no bound
    ],
)
def test_item_length(profile: StyleProfile, chars: int) -> None:
    assert item_length(profile) == chars
