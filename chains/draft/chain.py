"""Drafting a bureau's next-period work plan in its own style, every figure checked.

:func:`draft_plan` reads the bureau's reports back from the catalog (latest summary, 存在问题, prior plans
and targets, figure ledger) and learns its :class:`~chains.style.StyleProfile`
(:func:`chains.draft.gather.gather`); a plan the store already holds for the drafted period is cut off first,
never material. Offline (the default) the draft is an outline in the bureau's heading scheme, each item written
from and carrying its material (:func:`chains.draft.offline.compose_offline`); with a chat model the model
rewrites that outline one section per call (:func:`chains.draft.generative.write_generative`). Either way the rules are then applied by
:func:`chains.draft.check.check_plan`: every figure traced to a source, a stated target of the same year, a
placeholder ``X`` or a marked 建议值; no other bureau's names; every problem addressed.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from chains.draft.check import check_plan
from chains.draft.gather import gather
from chains.draft.generative import SectionProgress, write_generative
from chains.draft.models import DraftContext, DraftIssue, DraftPlan, DraftRequest, Search
from chains.draft.offline import compose_offline
from chains.runlog import RunLog
from scribe.errors import DraftError, LLMError
from vectorstore.catalog import Catalog


def draft_with_context(
    catalog: Catalog,
    request: DraftRequest,
    *,
    llm: BaseChatModel | None = None,
    run_log: RunLog | None = None,
    search: Search | None = None,
    progress: SectionProgress | None = None,
) -> tuple[DraftPlan, DraftContext]:
    """The checked draft and what it was drafted from (the evaluation scores the draft against it).

    ``progress`` is told which section the model is writing (generative mode only)."""
    ctx = gather(catalog, request, search=search)
    plan: DraftPlan | None = None
    failure: str | None = None
    if llm is not None:
        if run_log is None:
            raise DraftError("生成模式需要运行日志（RunLog）；请由调用方传入 run_log。")
        try:
            plan = write_generative(ctx, request, llm, run_log, progress=progress)
        except LLMError as e:  # a timeout or a failed call: the offline draft, labelled, instead of no draft
            failure = e.reason
    if plan is None:
        plan = compose_offline(ctx, request)
        if llm is not None:
            why = f"大模型调用失败（{failure}）" if failure else "大模型的回复无法解析为计划"
            plan.issues.append(DraftIssue(kind="fallback", detail=f"{why}，已改用离线起草"))
    return check_plan(plan, ctx, request), ctx


def draft_plan(
    catalog: Catalog,
    request: DraftRequest,
    *,
    llm: BaseChatModel | None = None,
    run_log: RunLog | None = None,
    search: Search | None = None,
    progress: SectionProgress | None = None,
) -> DraftPlan:
    """Draft offline, or with ``llm`` when given (then ``run_log`` is required); the rules are checked either way.

    ``search`` maps a focus area to chunk ids (e.g. a hybrid retriever restricted to the bureau).
    """
    return draft_with_context(catalog, request, llm=llm, run_log=run_log, search=search, progress=progress)[0]
