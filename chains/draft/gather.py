"""Reading what a draft is made from: one bureau's reports, problems, prior plans, figure ledger and style, and
the other bureaus' names that must not leak in (:func:`gather` → :class:`~chains.draft.models.DraftContext`)."""

from __future__ import annotations

import logging

from chains.draft.check import foreign_terms, gram_weights, sentences
from chains.draft.models import DraftContext, DraftRequest, PastPlan, ProblemRef, Search
from chains.draft.parts import draft_parts
from chains.draft.periods import Period, plan_period
from chains.sources import source_text
from chains.style import build_profile
from scribe.errors import DraftError
from scribe.figures import SourceText
from scribe.lexicon.headings import SectionRole, numbered
from scribe.lexicon.periods import last_month
from scribe.lexicon.plans import priorities
from vectorstore.anatomy import Block, Problem, ReportPart, problems, select_parts
from vectorstore.catalog import Catalog

log = logging.getLogger(__name__)

DEFAULT_PLAN_HEADING = "下步工作思路"


UNSTATED_SPAN = 0.9  # a report that does not say which months it covers is read as its year's (after 1-10月)


def _part_rank(part: ReportPart) -> float:
    """How late a report is: its year, then the months it covers (一季度 before 上半年 before 1-10月 and 全年)."""
    month = last_month(part.period)
    return (max(part.years) if part.years else 0) + (month / 12 if month else UNSTATED_SPAN)


def latest_held(held: dict[str, tuple[ReportPart, Block]]) -> tuple[ReportPart, Block] | None:
    """Of the plans held out as the drafted period's, the latest report's: the real plan a draft is scored
    against (a first quarter's 二季度工作打算 also reads as a plan for 下半年; the half-year's own plan is it)."""
    return max(held.values(), key=lambda pb: _part_rank(pb[0]), default=None)


def _sources(catalog: Catalog, parts: list[ReportPart]) -> list[SourceText]:
    ids = [cid for p in parts for _, _, cid in p.pieces]
    found = catalog.get_chunks(ids)
    out = []
    for part in parts:
        for a, b, cid in part.pieces:
            if cid in found:
                src = source_text(*found[cid])
                # a chunk the cut runs through keeps only its text before the cut (see :func:`hold_out`)
                out.append(src if b - a >= len(src.text) else src.model_copy(update={"text": part.text[a:b]}))
    return out


def cut(part: ReportPart, at: int) -> ReportPart:
    """The part as if its text ended at ``at`` (a report ingested without its plan part)."""
    pieces = [(a, min(b, at), cid) for a, b, cid in part.pieces if a < at]
    return part.model_copy(update={"text": part.text[:at].rstrip(), "pieces": pieces})


def held_plan(part: ReportPart, target: Period) -> Block | None:
    """The part's plan block when it is the plan for ``target`` — the very thing being drafted."""
    for block in part.role_blocks(SectionRole.PLAN):
        if plan_period(block.title, part.years, part.period) == target:
            return block
    return None


def hold_out(
    corpus: list[ReportPart], own_keys: set[str], target: Period
) -> tuple[list[ReportPart], dict[str, tuple[ReportPart, Block]]]:
    """The corpus with each of the bureau's own plans for ``target`` cut off (with what follows it), and the cut
    plans by part key. A draft never sees the plan it is drafting: neither as material nor as style."""
    out, held = [], {}
    for part in corpus:
        block = held_plan(part, target) if part.key in own_keys else None
        if block is None:
            out.append(part)
            continue
        held[part.doc_id + part.key] = (part, block)
        if part.text[: block.start].strip():
            out.append(cut(part, block.start))
    return out, held


def gather(catalog: Catalog, request: DraftRequest, *, search: Search | None = None) -> DraftContext:
    """Read the bureau's reports, its problems, prior plans, figure ledger and style; and the others' names."""
    corpus = draft_parts(catalog)
    own = select_parts(corpus, request.bureau)
    if not own:
        known = "、".join(sorted({p.label for p in corpus})) or "（库中没有报告）"
        raise DraftError(f"库中没有 {request.bureau} 的报告；已入库的单位：{known}")
    target = Period.parse(request.period)
    corpus, held = hold_out(corpus, {p.key for p in own}, target)
    own = sorted(select_parts(corpus, own[0].key), key=_part_rank, reverse=True)
    if not own:
        raise DraftError(f"{request.bureau} 的报告只有{target.label}的计划本身，没有可据以起草的总结。")
    ctx = DraftContext(
        bureau=own[0].label,
        bureau_name=own[0].bureau,
        target=target,
        profile=build_profile(own[0].key, corpus),
        own=own,
    )
    ctx.heading = ctx.profile.plan_heading
    if held:
        # the plan's place in the report (after the blocks it follows), its title the bureau's habit, not the copy's
        ctx.held_part, ctx.held_block = latest_held(held) or next(iter(held.values()))
        before = sum(1 for p in own if p.doc_id == ctx.held_part.doc_id for b in p.blocks() if b.heading)
        ctx.heading_marker = numbered("一、", before + 1)
        ctx.heading = ctx.profile.plan_heading if ctx.profile.fallback_from is None else DEFAULT_PLAN_HEADING
    for part in own:
        for block in part.role_blocks(SectionRole.PLAN):
            ctx.past_plans.append(
                PastPlan(part=part, block=block, period=plan_period(block.title, part.years, part.period))
            )
    for past in ctx.past_plans[:1]:
        ctx.plan_part, ctx.plan_block, ctx.plan_for = past.part, past.block, past.period
        if not held:
            ctx.heading_marker = past.block.heading[: len(past.block.heading) - len(past.block.title)] or "一、"
            ctx.heading = ctx.retarget.text(past.block.title)
    for part in own:
        for block in part.role_blocks(SectionRole.PLAN):
            ctx.plan_chunk_ids |= set(part.chunk_ids(block.body_start, block.end))
    latest = next((p for p in own if p.role_blocks(SectionRole.PROBLEMS)), None)
    if latest is not None:
        ctx.problems = [_problem_ref(latest, p) for p in problems(latest)]
    ctx.sources = _sources(catalog, own)
    own_keys = {p.key for p in own}
    others = [p for p in corpus if p.key not in own_keys]
    ctx.foreign_sources = _sources(catalog, others)
    # the held plan is the bureau's own wording too: its names are not another bureau's
    own_texts = [p.text for p in own] + [ctx.held_text]
    ctx.foreign_terms = foreign_terms(own_texts, [p.text for p in others], [p.bureau for p in others])
    doc_ids = {p.doc_id for p in own}
    # the ledger of what the draft may read: rows of the cut-off plan are not (the chunk it straddles keeps its text)
    kept = {s.source_id: s.text for s in ctx.sources}
    ctx.ledger = [
        r
        for d in doc_ids
        for r in catalog.figure_rows(doc_id=d)
        if r.get("bureau") in (own[0].bureau, None) and str(r.get("surface")) in kept.get(str(r.get("chunk_id")), "")
    ]
    own_ids = {s.source_id for s in ctx.sources}
    if search is not None:
        ctx.focus_chunk_ids = [cid for focus in request.focus for cid in search(focus) if cid in own_ids]
    ctx.weights = gram_weights(s for p in own for s in sentences(p.text))
    ctx.priorities = list(dict.fromkeys(x for p in own for x in priorities(p.text)))[:6]
    log.info(
        "drafting %s %s: %d parts, %d problems, %d past plans, own plan for the period held out: %s",
        ctx.bureau,
        target.label,
        len(own),
        len(ctx.problems),
        len(ctx.past_plans),
        bool(held),
    )
    return ctx


def _problem_ref(part: ReportPart, problem: Problem) -> ProblemRef:
    return ProblemRef(title=problem.title, text=problem.text, chunk_ids=part.chunk_ids(problem.start, problem.end))
