"""A draft's length and shape: as many sections and items as the bureau's own plans have.

A bureau's 下半年工作思路 has the few sections and items its past plans had (its own habit, learned in
:class:`chains.style.StyleProfile`); a bureau without a plan of its own gets as many as the plans of reports of its
kind in the store have. The offline outline holds more than that — an item per review topic, per problem, per
standing line — so items on the same line of work (:func:`scribe.lexicon.plans.main_line`) are merged into one, and
when the plan is still longer than the habit one item per line is kept (the lines those plans have most, the items
resting on most), the rest merged into them or, resting on least, left out (listed in the notes for the drafter).
An item answering a problem is never left out: it is merged into a kept item, so the problem stays answered.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from chains.draft.check import coverage_score, item_about, sentences
from chains.draft.models import DraftContext, DraftItem, DraftPlan, DraftSection
from chains.style import StyleProfile
from scribe.lexicon.plans import PLAN_LINES, TYPICAL_PLAN_ITEMS, PlanLine, main_line, quotes_problem

MIN_ITEMS = 3
# Draft items per item of the plans learned from: a bureau's own item runs two or three lines of work together, and
# a drafter deletes faster than it invents. With one item per line of work kept, the rest merged, and a merged item
# read whole, 1.5 (a half item rounded up) matches 0.752 / 0.700 / 0.834 / 0.809 of the real plans' items on the
# samples / devset7 / devset6 / devset5 (issue target 0.70) at 1.55 / 1.56 / 1.74 / 1.83 times their count; 1.75
# matched 0.785 / 0.712 / 0.849 / 0.819 at 1.65 / 1.79 / 1.97 / 2.04 (scribe eval draft --json, plans held out).
ITEM_SLACK = 1.5
MAX_MERGED_SENTENCES = 4  # a merged item says this much at most: the rest of its material stays listed under it
LENGTH_SLACK = 1.5  # a drafted item carries its problem's name (针对…的问题) and its basis besides the measure
MIN_ITEM_CHARS = 60  # two sentences: a measure and its target
# What an item rests on decides which items stay when a plan is longer than the bureau's habit (lower stays first).
MATERIAL_RANK = {"problem": 0, "result": 1, "target": 1, "past_plan": 2, "mention": 3}
NO_MATERIAL = 4
SHINGLE = 4
REPEAT_SHARE = 0.7  # this much of a sentence's 4-character shingles in another: it says nothing new
MIN_REPEAT_SHINGLES = 6  # a title sentence (抓科创平台建设。) is too short to judge


def plan_size(profile: StyleProfile) -> tuple[int, int]:
    """(sections, items) of the draft: the averages of the bureau's own past plans, else what the plans of reports
    of its kind in the store have (:attr:`StyleProfile.kind_items_per_plan`), else a plan section's usual length
    (:data:`scribe.lexicon.plans.TYPICAL_PLAN_ITEMS`), in as many sections as the (borrowed) form has."""
    habit = profile.items_per_plan if profile.own_plans else profile.kind_items_per_plan or TYPICAL_PLAN_ITEMS
    items = max(math.floor(ITEM_SLACK * habit + 0.5), MIN_ITEMS)  # 4.5 is 5: a half item is written, not cut
    sections = round(profile.sections_per_plan) if profile.sections_per_plan else items
    return max(1, min(sections, items)), items


def item_length(profile: StyleProfile) -> int:
    """How long a merged item may grow: :data:`LENGTH_SLACK` times the items of the plans learned from (the
    bureau's own, else those of reports of its kind), never under :data:`MIN_ITEM_CHARS`; 0 (no bound) when
    no plan says."""
    chars = profile.item_chars if profile.own_plans else profile.kind_item_chars or profile.item_chars
    return max(round(LENGTH_SLACK * chars), MIN_ITEM_CHARS) if chars else 0


def item_line(item: DraftItem) -> PlanLine | None:
    """The line of work an item is about (its title, else its first sentence after the results it builds on)."""
    return main_line(item_about(item.title, item.text))


def rank(item: DraftItem) -> int:
    """How much an item rests on: a problem it answers first, then results and targets, older plans, mentions."""
    return min((MATERIAL_RANK.get(m.kind, NO_MATERIAL) for m in item.material), default=NO_MATERIAL)


def _shingles(text: str) -> set[str]:
    norm = "".join(ch for ch in text if ch.isalnum())
    return {norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1)}


def repeats(sentence: str, other: str) -> bool:
    """Whether ``other`` already says ``sentence``: most of its wording is in it (the same standing measure written
    twice with other cue words, 推进孵化器等平台提档升级… / 推进实验室、孵化器等平台提档升级…, or a measure
    that a problem's answer repeats after its 针对…的问题)."""
    own = _shingles(sentence)
    if len(own) < MIN_REPEAT_SHINGLES:
        return False
    return len(own & _shingles(other)) >= REPEAT_SHARE * len(own)


def merge_into(kept: DraftItem, other: DraftItem, max_chars: int = 0) -> None:
    """``other`` said as part of ``kept``: its sentences kept says nothing of yet (its title sentence dropped) —
    a sentence of kept that one of them says in full gives way to it —, its material, sources, figures and
    reused sentences added. With ``max_chars`` (the length of the plans' items) a sentence that would take the
    item past it is left for the drafter (it stays in the material), unless it answers a problem."""
    said = sentences(kept.text)
    body = [s for s in sentences(other.text) if s.strip().rstrip("。") != other.title]
    new: list[str] = []
    for s in body:
        # an answer to a problem is never said already: it names the problem (针对…的问题) besides its measure
        if not quotes_problem(s) and any(repeats(s, o) for o in [*said, *new]):
            continue
        said = [o for o in said if o.strip().rstrip("。") == kept.title or quotes_problem(o) or not repeats(o, s)]
        new.append(s)
    # an answer to a problem goes first and is never cut for room: the problem stays answered
    new = [x for x in new if quotes_problem(x)] + [x for x in new if not quotes_problem(x)]
    room = max(MAX_MERGED_SENTENCES - len(said), 1, sum(map(quotes_problem, new)))
    added: list[str] = []
    for x in new[:room]:
        if quotes_problem(x) or not max_chars or len("".join([*said, *added, x])) <= max_chars:
            added.append(x)
    kept.text = "".join([*said, *added])
    kept.material += [m for m in other.material if m not in kept.material]
    kept.source_chunk_ids += [c for c in other.source_chunk_ids if c not in kept.source_chunk_ids]
    kept.figures += [f for f in other.figures if f.surface in kept.text]
    kept.reused += [r for r in other.reused if r in kept.text]


def merge_same_line(plan: DraftPlan, max_chars: int = 0) -> int:
    """Items on the same line of work merged into the first of them (the one a problem item joins keeps its
    title), except on a line planned one indicator an item; returns how many were merged."""
    first: dict[str, DraftItem] = {}
    merged = 0
    for section in plan.sections:
        kept = []
        for item in section.items:
            line = None if item.stub else item_line(item)
            if line is not None and line.indicators:
                line = None  # a line planned one indicator an item (研发费用, 高新技术产业投资): never merged
            if line is None or line.name not in first:
                if line is not None:
                    first[line.name] = item
                kept.append(item)
                continue
            merge_into(first[line.name], item, max_chars)
            merged += 1
        section.items = kept
    plan.sections = [s for s in plan.sections if s.items]
    return merged


def merge_repeats(plan: DraftPlan, max_chars: int = 0) -> int:
    """Items saying word for word what an earlier item says (two topics of the review both written as the plain
    measure of their theme) merged into it; returns how many were merged."""
    first: dict[str, DraftItem] = {}
    merged = 0
    for section in plan.sections:
        kept = []
        for item in section.items:
            key = "".join(s for s in sentences(item.text) if s.strip().rstrip("。") != item.title)
            if item.stub or not key or key not in first:
                if not item.stub and key:
                    first[key] = item
                kept.append(item)
                continue
            merge_into(first[key], item, max_chars)
            merged += 1
        section.items = kept
    plan.sections = [s for s in plan.sections if s.items]
    return merged


def trim_items(
    plan: DraftPlan,
    limit: int,
    weights: Mapping[str, float],
    line_share: Mapping[str, float] | None = None,
    max_chars: int = 0,
) -> list[DraftItem]:
    """The plan cut to ``limit`` items, in their order; returns the items left out. The items kept cover as many
    lines of work as they can — one item per line, those resting on more first (a problem to fix, then a result
    or a target, an older plan, a mention), lines of equal footing in the order of
    :data:`scribe.lexicon.plans.PLAN_LINES`, the lines the plans learned from have most (``line_share``) first —,
    then the rest by what they rest on. An item answering a problem is never left out: it is merged into the kept
    item on its line, else the one closest to it in theme; a result or target on a kept item's line is merged
    into it; the rest is left out."""
    items = [it for sec in plan.sections for it in sec.items]
    if len(items) <= limit:
        return []
    lines = [item_line(it) for it in items]

    def strength(k: int) -> tuple[int, int, int]:
        line = lines[k]
        return (rank(items[k]), PLAN_LINES.index(line) if line is not None else len(PLAN_LINES), k)

    share = line_share or {}

    def habit(k: int) -> tuple[float, int, int, int]:
        line = lines[k]
        return (-share.get(line.name, 0.0) if line is not None else 0.0, *strength(k))

    keep: list[int] = []
    seen: set[PlanLine] = set()
    for k in sorted(range(len(items)), key=habit):
        line = lines[k]
        if len(keep) < limit and line is not None and line not in seen:
            keep.append(k)
            seen.add(line)
    for k in sorted(range(len(items)), key=strength):
        if len(keep) < limit and k not in keep:
            keep.append(k)
    dropped: list[DraftItem] = []
    for k, item in enumerate(items):
        if k in keep:
            continue
        same = [j for j in keep if lines[j] is not None and lines[j] == lines[k]]
        if rank(item) > MATERIAL_RANK["result"] or (rank(item) > 0 and not same):
            dropped.append(item)
            continue
        text = f"{item.title}{item.text}"
        into = same[0] if same else max(keep, key=lambda j: coverage_score(text, items[j].text, weights))
        merge_into(items[into], item, max_chars)
    gone = [it for k, it in enumerate(items) if k not in keep]
    for sec in plan.sections:
        sec.items = [it for it in sec.items if all(it is not d for d in gone)]
    plan.sections = [s for s in plan.sections if s.items]
    return dropped


def fold_sections(plan: DraftPlan, limit: int, weights: Mapping[str, float]) -> None:
    """At most ``limit`` sections: the smallest sections' items moved to the section closest to them in theme."""
    while len(plan.sections) > limit:
        smallest = min(range(len(plan.sections)), key=lambda k: (len(plan.sections[k].items), -k))
        gone = plan.sections.pop(smallest)
        text = "".join(f"{it.title}{it.text}" for it in gone.items) + gone.title

        def closeness(sec: DraftSection, text: str = text) -> float:
            return coverage_score(sec.title, text, weights)

        target = max(plan.sections, key=closeness)
        target.items += gone.items
    for sec in plan.sections:
        sec.marked = len(sec.items) > 1


def shape(plan: DraftPlan, ctx: DraftContext, reserved: int = 0) -> None:
    """The plan in the bureau's length and shape (see the module docstring), ``reserved`` items of it still to be
    added; what was left out is noted."""
    sections, items = plan_size(ctx.profile)
    chars = item_length(ctx.profile)
    merge_same_line(plan, chars)
    merge_repeats(plan, chars)
    dropped = trim_items(plan, max(items - reserved, 1), ctx.weights, ctx.profile.line_share, chars)
    fold_sections(plan, sections, ctx.weights)
    if dropped:
        named = "；".join(it.title or next(iter(sentences(it.text)), "") for it in dropped)
        habit = (
            "本单位以往计划"
            if ctx.profile.own_plans
            else "同类报告的计划"
            if ctx.profile.kind_items_per_plan
            else "一般工作计划"
        )
        plan.notes.append(f"按{habit}的篇幅（约{items}条）未列入的条目，可酌情补充：{named}")
