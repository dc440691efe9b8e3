"""Drafting a bureau's next-period work plan in its own style, every figure checked (see :mod:`chains.draft.chain`).

Modules, bottom up: ``periods`` (the plan period, re-targeting), ``models`` (request, plan, context), ``check``
(the rules every draft passes, and the measures they rest on), ``gather`` (reading the bureau's reports),
``offline`` and ``generative`` (the two drafters), ``chain`` (the entry points), ``export`` (Word and Markdown).
"""

from chains.draft.chain import draft_plan, draft_with_context
from chains.draft.check import check_plan
from chains.draft.gather import gather
from chains.draft.generative import write_generative
from chains.draft.models import (
    ACCEPTED,
    STUB,
    DraftContext,
    DraftFigure,
    DraftIssue,
    DraftItem,
    DraftPlan,
    DraftRequest,
    DraftSection,
    FigureState,
    ProblemCoverage,
    ProblemRef,
    Search,
)
from chains.draft.offline import compose_offline
from chains.draft.periods import Period, next_period, plan_period

__all__ = [
    "ACCEPTED",
    "STUB",
    "DraftContext",
    "DraftFigure",
    "DraftIssue",
    "DraftItem",
    "DraftPlan",
    "DraftRequest",
    "DraftSection",
    "FigureState",
    "Period",
    "ProblemCoverage",
    "ProblemRef",
    "Search",
    "check_plan",
    "compose_offline",
    "draft_plan",
    "draft_with_context",
    "gather",
    "next_period",
    "plan_period",
    "write_generative",
]
