"""Reading what a draft is made from: one bureau's reports, problems, prior plans, figure ledger and style, and
the other bureaus' names that must not leak in (:func:`gather` → :class:`~chains.draft.models.DraftContext`)."""

from __future__ import annotations

import logging

from chains.draft.check import foreign_terms, gram_weights, sentences
from chains.draft.models import DraftContext, DraftRequest, ProblemRef, Search
from chains.draft.periods import Period, plan_period
from chains.sources import source_text
from chains.style import build_profile
from scribe.errors import DraftError
from scribe.figures import SourceText
from scribe.lexicon.headings import SectionRole
from vectorstore.anatomy import Problem, ReportPart, corpus_parts, problems, select_parts
from vectorstore.catalog import Catalog

log = logging.getLogger(__name__)


def _part_rank(part: ReportPart) -> float:
    half = 0.4 if part.period and ("上半年" in part.period or "月" in part.period) else 0.9
    return (max(part.years) if part.years else 0) + half


def _sources(catalog: Catalog, parts: list[ReportPart]) -> list[SourceText]:
    ids = [cid for p in parts for _, _, cid in p.pieces]
    found = catalog.get_chunks(ids)
    return [source_text(*found[cid]) for cid in ids if cid in found]


def gather(catalog: Catalog, request: DraftRequest, *, search: Search | None = None) -> DraftContext:
    """Read the bureau's reports, its problems, prior plans, figure ledger and style; and the others' names."""
    corpus = corpus_parts(catalog)
    own = sorted(select_parts(corpus, request.bureau), key=_part_rank, reverse=True)
    if not own:
        known = "、".join(sorted({p.label for p in corpus})) or "（库中没有报告）"
        raise DraftError(f"库中没有 {request.bureau} 的报告；已入库的单位：{known}")
    target = Period.parse(request.period)
    ctx = DraftContext(
        bureau=own[0].label,
        bureau_name=own[0].bureau,
        target=target,
        profile=build_profile(own[0].key, corpus),
        own=own,
    )
    ctx.heading = ctx.profile.plan_heading
    for part in own:
        plans = part.role_blocks(SectionRole.PLAN)
        if plans:
            ctx.plan_part, ctx.plan_block = part, plans[0]
            ctx.plan_for = plan_period(plans[0].title, part.years, part.period)
            ctx.heading_marker = plans[0].heading[: len(plans[0].heading) - len(plans[0].title)] or "一、"
            ctx.heading = ctx.retarget.text(plans[0].title)
            break
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
    ctx.foreign_terms = foreign_terms([p.text for p in own], [p.text for p in others], [p.bureau for p in others])
    doc_ids = {p.doc_id for p in own}
    ctx.ledger = [r for d in doc_ids for r in catalog.figure_rows(doc_id=d) if r.get("bureau") in (own[0].bureau, None)]
    own_ids = {s.source_id for s in ctx.sources}
    if search is not None:
        ctx.focus_chunk_ids = [cid for focus in request.focus for cid in search(focus) if cid in own_ids]
    ctx.weights = gram_weights(s for p in own for s in sentences(p.text))
    log.info(
        "drafting %s %s: %d parts, %d problems, plan for %s",
        ctx.bureau,
        target.label,
        len(own),
        len(ctx.problems),
        ctx.plan_for.label if ctx.plan_for else "-",
    )
    return ctx


def _problem_ref(part: ReportPart, problem: Problem) -> ProblemRef:
    return ProblemRef(title=problem.title, text=problem.text, chunk_ids=part.chunk_ids(problem.start, problem.end))
