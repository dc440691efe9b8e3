"""Drafting a bureau's next-period work plan in its own style, every figure checked."""

from chains.draft.models import (
    ACCEPTED,
    STUB,
    DraftFigure,
    DraftIssue,
    DraftItem,
    DraftPlan,
    DraftRequest,
    DraftSection,
    FigureState,
    ProblemCoverage,
    Search,
    draft_plan,
    draft_with_context,
)

__all__ = [
    "ACCEPTED",
    "STUB",
    "DraftFigure",
    "DraftIssue",
    "DraftItem",
    "DraftPlan",
    "DraftRequest",
    "DraftSection",
    "FigureState",
    "ProblemCoverage",
    "Search",
    "draft_plan",
    "draft_with_context",
]
