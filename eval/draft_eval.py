"""The drafting rules and how well a plan keeps them.

:func:`check_plan` is the gate every draft passes after it is written (offline or by a model): figures are
judged by the faithfulness engine against the bureau's own chunks, failing ones become ``X``; sentences
naming another bureau are removed; problems no item addresses get an item to write. :func:`score_plan` and
:func:`score_real_plan` measure a draft and the bureau's real plan section the same way (pure scoring in
:func:`_scores`), and :func:`evaluate_drafts` runs both for every bureau with a summary in the corpus.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

from chains.draft.models import (
    ACCEPTED,
    STUB,
    DraftFigure,
    DraftIssue,
    DraftItem,
    DraftPlan,
    DraftRequest,
    FigureState,
    ProblemCoverage,
    draft_with_context,
)
from chains.draft.offline import (
    COVERAGE_THRESHOLD,
    DraftContext,
    ProblemRef,
    coverage_score,
    find_leaks,
    next_period,
    placeholder,
    plan_period,
    sentences,
)
from chains.style import StyleProfile
from scribe.figures import SourceText, Verdict, VerdictLabel, verify
from scribe.models import Modality
from vectorstore.anatomy import Block, Role, corpus_parts, enumerations, plan_sections
from vectorstore.catalog import Catalog
from vectorstore.structure import detect_headings

log = logging.getLogger(__name__)

_OK_LABELS = {VerdictLabel.SUPPORTED, VerdictLabel.DERIVED, VerdictLabel.PLACEHOLDER}
MIN_SUMMARY_CHARS = 300  # an untitled opening this long is the summary itself (a report without 一、)
_SUGGESTED = re.compile(r"^\s*[（(]建议值")


# -- the gate ---------------------------------------------------------------------------------------------------


def check_plan(plan: DraftPlan, ctx: DraftContext, request: DraftRequest) -> DraftPlan:
    """Apply the drafting rules in place and return the plan (see module docstring)."""
    plan.intro = _check_text(plan, ctx, plan.intro, "开头", [])[0]
    for s, section in enumerate(plan.sections):
        label = plan.section_marker(s + 1)
        section.intro = _check_text(plan, ctx, section.intro, label, [])[0]
        for i, item in enumerate(section.items):
            item.text, item.figures = _check_text(plan, ctx, item.text, plan.item_label(s, i), item.figures)
        section.items = [it for it in section.items if it.text.strip()]
    plan.sections = [s for s in plan.sections if s.items]
    add_stubs(plan, ctx)
    plan.coverage = problem_coverage(plan, ctx.problems, ctx.weights)
    return plan


def _check_text(
    plan: DraftPlan, ctx: DraftContext, text: str, label: str, known: list[DraftFigure]
) -> tuple[str, list[DraftFigure]]:
    if not text:
        return text, []
    kept = []
    for sentence in sentences(text):
        leaks = find_leaks(sentence, ctx.foreign_terms)
        if leaks:
            plan.issues.append(
                DraftIssue(
                    kind="leak", item=label, detail=f"含其他单位的名称“{'、'.join(leaks)}”，已删去：{sentence.strip()}"
                )
            )
        else:
            kept.append(sentence)
    text = "".join(kept)
    suggested = {f.surface: f for f in known if f.state == "suggested"}
    figures: list[DraftFigure] = []
    foreign: dict[int, Verdict] | None = None
    for v in reversed(verify(text, ctx.sources, bureau=ctx.bureau_name)):
        fig = v.figure
        if fig.unit == "date":
            continue
        state = _state(v, ctx)
        if _SUGGESTED.match(text[fig.end :]):
            basis = suggested[fig.surface].basis if fig.surface in suggested else None
            figures.append(
                DraftFigure(
                    surface=fig.surface,
                    metric=fig.metric,
                    state="suggested",
                    basis=basis or "未给出依据，请核实",
                    source_chunk_id=v.source_id,
                    source_sentence=v.source_sentence,
                )
            )
            continue
        if state is not None:
            figures.append(
                DraftFigure(
                    surface=fig.surface,
                    metric=fig.metric,
                    state=state,
                    source_chunk_id=v.source_id,
                    source_sentence=v.source_sentence,
                    basis=v.derivation,
                )
            )
            continue
        if foreign is None:
            foreign = {f.figure.start: f for f in verify(text, ctx.foreign_sources)}
        other = foreign.get(fig.start)
        if other is not None and other.label is VerdictLabel.SUPPORTED and distinctive(fig.surface):
            plan.issues.append(
                DraftIssue(
                    kind="foreign_figure",
                    item=label,
                    detail=f"“{fig.surface}”出自其他单位的报告（{other.source_sentence}），已改为 X",
                )
            )
        stale = v.label in (VerdictLabel.SUPPORTED, VerdictLabel.TARGET_NOT_ACHIEVEMENT)
        kind = (
            "stale_target" if stale else "figure_removed" if fig.modality is Modality.ACHIEVED else "figure_placeholder"
        )
        reason = "原目标不属于本期" if stale else v.reason
        plan.issues.append(
            DraftIssue(
                kind=kind, item=label, detail=f"“{fig.surface}”（{fig.metric or '未识别指标'}）：{reason}；已改为 X"
            )
        )
        text = text[: fig.start] + placeholder(fig.surface) + text[fig.end :]
        figures.append(DraftFigure(surface=fig.surface, metric=fig.metric, state="removed", note=reason))
    figures.reverse()
    return text, figures


def _state(v: Verdict, ctx: DraftContext) -> FigureState | None:
    """What an engine verdict allows in a draft; None means the figure must go.

    A plan restating a stated target reads as a claim to the engine when the sentence lacks 力争 (its section
    heading said so in the source), so a target matched as "target, not achievement" counts as a citation.
    """
    if v.label is VerdictLabel.PLACEHOLDER:
        return "placeholder"
    source_is_target = v.matched is not None and v.matched.modality is Modality.TARGET
    restated = v.label is VerdictLabel.TARGET_NOT_ACHIEVEMENT and source_is_target
    if v.label not in (VerdictLabel.SUPPORTED, VerdictLabel.DERIVED) and not restated:
        return None
    if v.source_id in ctx.plan_chunk_ids and (source_is_target or v.figure.modality is Modality.TARGET):
        return "target_cited" if ctx.retarget.keeps_targets else None
    return "supported" if v.label is VerdictLabel.SUPPORTED else "derived"


def problem_coverage(plan: DraftPlan, refs: Sequence[ProblemRef], weights: dict[str, float]) -> list[ProblemCoverage]:
    """Which items address each named problem (an item must name what the problem is about)."""
    out = []
    for ref in refs:
        hits = [(label, it) for label, it in plan.all_items() if _addresses(ref.title, it, weights)]
        out.append(
            ProblemCoverage(
                problem=ref.title,
                source_chunk_ids=ref.chunk_ids,
                addressed_by=[lb for lb, _ in hits],
                by_stub_only=bool(hits) and all(it.stub for _, it in hits),
            )
        )
    return out


def _addresses(problem: str, item: DraftItem, weights: dict[str, float]) -> bool:
    return coverage_score(problem, f"{item.title}{item.text}", weights) >= COVERAGE_THRESHOLD


def add_stubs(plan: DraftPlan, ctx: DraftContext) -> None:
    """For every problem no item addresses, an item for the drafter to write, in the closest section."""
    for ref in ctx.problems:
        if not plan.sections or any(_addresses(ref.title, it, ctx.weights) for _, it in plan.all_items()):
            continue
        best = max(
            plan.sections,
            key=lambda sec: max(
                (coverage_score(ref.title, sec.title + it.text, ctx.weights) for it in sec.items), default=0.0
            ),
        )
        best.items.append(DraftItem(text=f"针对{ref.title}的问题，{STUB}。", source_chunk_ids=ref.chunk_ids, stub=True))


# -- scores -----------------------------------------------------------------------------------------------------


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


def distinctive(surface: str) -> bool:
    """A figure specific enough to betray its source (6099.1万元, 193人), unlike 5家 or 2个."""
    digits = sum(ch.isdigit() for ch in surface)
    return "." in surface or digits >= 3


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
        state = "suggested" if _SUGGESTED.match(text[v.figure.end :]) else _state(v, ctx) or "failing"
        states.append(state)
        other = foreign.get(v.figure.start)
        foreign_hit = other is not None and other.label is VerdictLabel.SUPPORTED and distinctive(v.figure.surface)
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
        own = [p for p in parts if p.key == key and any(_is_summary(b) for b in p.role_blocks(Role.SUMMARY))]
        if not own:
            continue
        latest = own[-1]
        plan_block = next(iter(latest.role_blocks(Role.PLAN)), None)
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
