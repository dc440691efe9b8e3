"""How well a plan keeps the drafting rules, measured the same way for a draft and for the bureau's real plan.

The rules themselves are :mod:`chains.draft.check` (the gate every draft passes); this module only scores.
:func:`score_plan` and :func:`score_real_plan` measure a draft and the bureau's real plan section the same way
(pure scoring in :func:`_scores`), and :func:`evaluate_drafts` runs both for every bureau with a summary in
the corpus.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pydantic import BaseModel, Field

from chains.draft import ACCEPTED, DraftContext, DraftPlan, DraftRequest, draft_with_context, next_period, plan_period
from chains.draft.check import COVERAGE_THRESHOLD, SUGGESTED, coverage_score, distinctive, figure_state, find_leaks
from chains.style import StyleProfile
from scribe.figures import SourceText, VerdictLabel, verify
from scribe.lexicon.headings import SectionRole
from vectorstore.anatomy import Block, corpus_parts, enumerations, plan_sections
from vectorstore.catalog import Catalog
from vectorstore.structure import detect_headings

_MATCHED = (VerdictLabel.SUPPORTED, VerdictLabel.TARGET)  # another bureau states the figure

log = logging.getLogger(__name__)

MIN_SUMMARY_CHARS = 300  # an untitled opening this long is the summary itself (a report without 一、)


class DraftScores(BaseModel):
    figure_faithfulness: float | None = Field(description="share of figures supported, derived, placeholder or 建议值")
    figures: int
    problem_coverage: float | None
    problems: int
    style_conformity: float
    heading_match: bool
    opener_share: float
    leakage: int
    chars: int


def text_scheme(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Heading markers ``text[start:end]`` uses, by depth (一、 / （一） / 1. / 一是); headings are read in the whole text."""
    end = len(text) if end is None else end
    levels = sorted({h.level for h in detect_headings(text) if start <= h.start < end})
    kinds = [{1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}[lv] for lv in levels]
    return kinds + (["一是"] if enumerations(text, start, end) else [])


def opens_in_style(text: str, profile: StyleProfile) -> bool:
    leads = [*profile.item_leads, *profile.openers, *profile.section_leads]
    return any(text.startswith(lead) for lead in leads if lead)


def _scores(
    text: str,
    items: Sequence[str],
    verdicts: Sequence[str],
    profile: StyleProfile,
    covered: Sequence[bool],
    leaks: int,
    scheme: Sequence[str],
) -> DraftScores:
    heading_match = all(kind in scheme for kind in profile.heading_scheme[1:])
    opener = sum(opens_in_style(it, profile) for it in items) / len(items) if items else 0.0
    ok = sum(v in ACCEPTED for v in verdicts)
    return DraftScores(
        figure_faithfulness=ok / len(verdicts) if verdicts else None,
        figures=len(verdicts),
        problem_coverage=sum(covered) / len(covered) if covered else None,
        problems=len(covered),
        style_conformity=(float(heading_match) + opener) / 2,
        heading_match=heading_match,
        opener_share=opener,
        leakage=leaks,
        chars=len("".join(text.split())),
    )


def _judge(text: str, ctx: DraftContext, sources: list[SourceText]) -> tuple[list[str], int]:
    """Fresh verdicts for a finished text, and how many foreign names and figures it holds."""
    states: list[str] = []
    leaks = len(find_leaks(text, ctx.foreign_terms))
    foreign = {v.figure.start: v for v in verify(text, ctx.foreign_sources)}
    for v in verify(text, sources, bureau=ctx.bureau_name):
        if v.figure.unit == "date":
            continue
        state = "suggested" if SUGGESTED.match(text[v.figure.end :]) else figure_state(v, ctx) or "failing"
        states.append(state)
        other = foreign.get(v.figure.start)
        foreign_hit = other is not None and other.label in _MATCHED and distinctive(v.figure.surface)
        leaks += state == "failing" and foreign_hit
    return states, leaks


def score_plan(plan: DraftPlan, ctx: DraftContext) -> DraftScores:
    text = plan.render_text()
    states, leaks = _judge(text, ctx, ctx.sources)
    items = [f"{it.title}{it.text}" for _, it in plan.all_items() if not it.stub]
    covered = [c.covered for c in plan.coverage]
    return _scores(text, items, states, plan.style, covered, leaks, text_scheme(text))


def score_real_plan(ctx: DraftContext) -> DraftScores | None:
    """The same measures on the bureau's own plan section, its figures checked against the rest of its reports."""
    if ctx.plan_part is None or ctx.plan_block is None:
        return None
    block = ctx.plan_block
    text = ctx.plan_part.text[block.start : block.end]
    _, sections = plan_sections(ctx.plan_part, block)
    items = [it.text for sec in sections for it in sec.items]
    states, leaks = _judge(text, ctx, ctx.summary_sources())
    covered = [
        any(coverage_score(p.title, it, ctx.weights) >= COVERAGE_THRESHOLD for it in items) for p in ctx.problems
    ]
    scheme = text_scheme(ctx.plan_part.text, block.start, block.end)
    return _scores(text, items, states, ctx.profile, covered, leaks, scheme)


def _is_summary(block: Block) -> bool:
    return bool(block.heading) or block.end - block.start >= MIN_SUMMARY_CHARS


class BureauEval(BaseModel):
    bureau: str
    period: str | None
    draft: DraftScores | None = None
    real: DraftScores | None = None
    skipped: str | None = None


def evaluate_drafts(catalog: Catalog) -> list[BureauEval]:
    """Draft the next period of every bureau with a summary (offline) and score it beside its real plan."""
    out = []
    parts = corpus_parts(catalog)
    for key in dict.fromkeys(p.key for p in parts):
        own = [p for p in parts if p.key == key and any(_is_summary(b) for b in p.role_blocks(SectionRole.REVIEW))]
        if not own:
            continue
        latest = own[-1]
        plan_block = next(iter(latest.role_blocks(SectionRole.PLAN)), None)
        plan_for = plan_period(plan_block.title, latest.years, latest.period) if plan_block else None
        period = next_period(latest.years, latest.period, plan_for)
        if period is None:
            out.append(BureauEval(bureau=latest.label, period=None, skipped="报告未注明年份，无法确定下一期"))
            continue
        plan, ctx = draft_with_context(catalog, DraftRequest(bureau=key, period=period.label))
        out.append(
            BureauEval(bureau=latest.label, period=period.label, draft=score_plan(plan, ctx), real=score_real_plan(ctx))
        )
    return out
