"""The offline drafter: the bureau's own last plan, re-targeted to the new period and ordered by focus.

Without a plan of its own, an outline of the latest summary's topics with items left for the drafter. The
result is unchecked; :func:`chains.draft.check.check_plan` applies the rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from chains.draft.models import (
    STUB,
    DraftContext,
    DraftFigure,
    DraftItem,
    DraftPlan,
    DraftRequest,
    DraftSection,
    plan_title,
)
from chains.draft.periods import placeholder
from scribe.figures import VerdictLabel, extract_figures, verify
from scribe.lexicon.headings import SectionRole
from scribe.models import FigureStatus, Modality
from vectorstore.anatomy import Block, PlanItem, ReportPart, plan_sections
from vectorstore.structure import detect_headings


def compose_offline(ctx: DraftContext, request: DraftRequest) -> DraftPlan:
    """The bureau's own plan, re-targeted to the new period, ordered by focus; unchecked (see ``check_plan``)."""
    plan = DraftPlan(
        bureau=ctx.bureau,
        period=ctx.target.label,
        mode="offline",
        title=plan_title(ctx),
        heading_marker=ctx.heading_marker,
        heading=ctx.heading,
        style=ctx.profile,
    )
    if ctx.plan_part is None or ctx.plan_block is None:
        plan.notes.append("本单位没有以往的工作计划可供改写：以下按上期工作列出提纲，具体举措待补充。")
        plan.sections = _outline(ctx)
    else:
        part = ctx.plan_part
        intro, sections = plan_sections(part, ctx.plan_block)
        plan.intro = _rewrite(ctx, request, intro, [])[0]
        for sec in sections:
            items = [_item(ctx, request, part, it) for it in sec.items]
            sec_intro = _rewrite(ctx, request, sec.intro, part.chunk_ids(sec.start, sec.end))[0]
            plan.sections.append(
                DraftSection(
                    title=ctx.retarget.text(sec.title),
                    intro=sec_intro,
                    items=items,
                    marked=any(it.marker for it in sec.items),
                )
            )
        if not ctx.retarget.keeps_targets:
            plan.notes.append(
                f"原计划针对{ctx.plan_for.label if ctx.plan_for else '未注明的时期'}，其中的目标数字已改为 X"
                + ("或建议值" if request.suggest_targets else "")
                + "，请按本期实际填写。"
            )
    _focus_first(plan, ctx, request.focus)
    return plan


def _item(ctx: DraftContext, request: DraftRequest, part: ReportPart, item: PlanItem) -> DraftItem:
    ids = part.chunk_ids(item.start, item.start + len(item.text))
    text, figures = _rewrite(ctx, request, item.text, ids)
    return DraftItem(title=ctx.retarget.text(item.title), text=text, source_chunk_ids=ids, figures=figures)


def _rewrite(ctx: DraftContext, request: DraftRequest, text: str, ids: list[str]) -> tuple[str, list[DraftFigure]]:
    """Historical figures stay; a stated target stays only for the same year, else becomes X or a 建议值."""
    if not text or ctx.retarget.keeps_targets:
        return ctx.retarget.text(text), []
    verdicts = {v.figure.start: v for v in verify(text, ctx.summary_sources(), bureau=ctx.bureau_name)}
    suggested: list[DraftFigure] = []
    for fig in reversed(extract_figures(text)):
        verdict = verdicts.get(fig.start)
        historical = verdict is not None and verdict.label in (VerdictLabel.SUPPORTED, VerdictLabel.DERIVED)
        if fig.status is not FigureStatus.CLEAN or (historical and fig.modality is not Modality.TARGET):
            continue
        if request.suggest_targets:
            basis = f"沿用{ctx.plan_for.label if ctx.plan_for else '上期'}计划目标：{fig.sentence.strip()}"
            if achieved := _achieved(ctx, fig.metric):
                basis += f"；上期完成：{achieved}"
            suggested.append(
                DraftFigure(
                    surface=fig.surface,
                    metric=fig.metric,
                    state="suggested",
                    basis=basis,
                    source_chunk_id=ids[0] if ids else None,
                    source_sentence=fig.sentence,
                )
            )
            text = f"{text[: fig.end]}（建议值）{text[fig.end :]}"
        else:
            text = text[: fig.start] + placeholder(fig.surface) + text[fig.end :]
    return ctx.retarget.text(text), suggested


def _achieved(ctx: DraftContext, metric: str) -> str | None:
    for row in ctx.ledger:
        other = str(row.get("metric") or "")
        if row.get("modality") == "achieved" and other and metric and (other in metric or metric in other):
            return f"{other}{row.get('surface')}（{row.get('period') or '时期未注明'}）"
    return None


def _outline(ctx: DraftContext) -> list[DraftSection]:
    """Without an own plan: one section per topic of the latest summary, each left for the drafter."""
    latest = ctx.own[0]
    titles = [t for b in latest.role_blocks(SectionRole.REVIEW) for t in _child_titles(latest, b)]
    return [DraftSection(title=t, items=[DraftItem(text=f"{STUB}。", stub=True)]) for t in titles[:8]] or [
        DraftSection(title="重点工作", items=[DraftItem(text=f"{STUB}。", stub=True)])
    ]


def _child_titles(part: ReportPart, block: Block) -> list[str]:
    return [h.title for h in detect_headings(part.text, block.body_start, block.end) if h.level in (2, 3) and h.title]


def _focus_first(plan: DraftPlan, ctx: DraftContext, focus: Sequence[str]) -> None:
    """Sections and items on the focus areas come first; a focus area no item covers gets an item to write."""
    if not focus:
        return

    def hits(item: DraftItem) -> bool:
        return any(f in item.text or f in item.title for f in focus) or bool(
            set(item.source_chunk_ids) & set(ctx.focus_chunk_ids)
        )

    for sec in plan.sections:
        sec.items.sort(key=lambda it: not hits(it))
    plan.sections.sort(key=lambda sec: not any(hits(it) for it in sec.items))
    for area in focus:
        if plan.sections and not any(area in it.text for sec in plan.sections for it in sec.items):
            plan.sections[0].items.append(DraftItem(text=f"围绕{area}，{STUB}。", stub=True))
