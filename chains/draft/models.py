"""What a draft is: the request, the plan (sections → items → checked figures, issues, problem coverage), and
the :class:`DraftContext` the drafters and the checks read it from.

Nothing here drafts or checks anything; every other module of :mod:`chains.draft` builds on these models.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chains.draft.periods import Period, Retarget
from chains.style import StyleProfile
from scribe.figures import SourceText
from scribe.lexicon.headings import numbered
from scribe.lexicon.indicators import find_indicator
from vectorstore.anatomy import Block, ReportPart

FigureState = Literal["supported", "derived", "target_cited", "placeholder", "suggested", "removed"]
ACCEPTED: frozenset[str] = frozenset({"supported", "derived", "target_cited", "placeholder", "suggested"})
STUB = "【待补充具体举措】"
MAX_SCOPE_CHARS = 4  # 规上工业 before 研发费用 is kept as part of the name
MIN_METRIC_CHARS, MAX_METRIC_CHARS = 2, 8


class DraftFigure(BaseModel):
    """One figure of a draft item and why it may stand there."""

    surface: str
    metric: str = ""
    state: FigureState
    source_chunk_id: str | None = None
    source_sentence: str | None = None
    basis: str | None = Field(default=None, description="why a 建议值, or how a derived figure was computed")
    note: str | None = None
    source_where: str | None = Field(default=None, description="the source's file and section")


MaterialKind = Literal["result", "problem", "past_plan", "target", "priority", "mention"]
MATERIAL_WORDS: dict[str, str] = {
    "result": "上期成效",
    "problem": "存在问题",
    "past_plan": "以往计划",
    "target": "目标",
    "priority": "上级部署",
    "mention": "本单位报告提及",
}


class Material(BaseModel):
    """What an item rests on: a result to build on, a problem it answers, an older plan's line, a target."""

    kind: MaterialKind
    text: str
    source_chunk_id: str | None = None
    where: str = Field(default="", description="file and section, or the period of an older plan")

    def line(self) -> str:
        return f"{MATERIAL_WORDS[self.kind]}：{self.text}" + (f"（{self.where}）" if self.where else "")


class DraftItem(BaseModel):
    title: str = ""
    text: str
    source_chunk_ids: list[str] = Field(default_factory=list)
    figures: list[DraftFigure] = Field(default_factory=list)
    stub: bool = Field(default=False, description="a placeholder item the drafter must write")
    material: list[Material] = Field(default_factory=list, description="what the item rests on, for the drafter")
    reused: list[str] = Field(default_factory=list, description="sentences taken from an older plan, as labelled")
    by_model: bool = Field(default=False, description="written by the chat model (else the offline drafter's text)")


class DraftSection(BaseModel):
    title: str
    intro: str = ""
    items: list[DraftItem] = Field(default_factory=list)
    marked: bool = Field(default=True, description="items carry 一是… markers even when alone")


class ProblemCoverage(BaseModel):
    problem: str
    source_chunk_ids: list[str] = Field(default_factory=list)
    addressed_by: list[str] = Field(default_factory=list, description="labels of the items that address it")
    by_stub_only: bool = False

    @property
    def covered(self) -> bool:
        return bool(self.addressed_by)


class DraftIssue(BaseModel):
    kind: Literal[
        "figure_removed", "figure_placeholder", "leak", "foreign_figure", "stale_target", "fallback", "period_phrase"
    ]
    detail: str
    item: str | None = None


class DraftPlan(BaseModel):
    """A drafted plan section: sections → items, each with its sources and checked figures."""

    bureau: str
    period: str
    mode: Literal["offline", "generative"]
    title: str
    heading_marker: str = "一、"
    heading: str
    intro: str = ""
    sections: list[DraftSection] = Field(default_factory=list)
    style: StyleProfile
    coverage: list[ProblemCoverage] = Field(default_factory=list)
    issues: list[DraftIssue] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def item_marker(self, section: DraftSection, n: int) -> str:
        kind = self.style.item_marker or "一是"
        return numbered(kind, n) if section.marked or len(section.items) > 1 else ""

    def section_marker(self, n: int) -> str:
        kind = self.style.heading_scheme[1] if len(self.style.heading_scheme) > 1 else "（一）"
        return numbered(kind, n)

    def item_label(self, s: int, i: int) -> str:
        section = self.sections[s]
        return f"{self.section_marker(s + 1)}{self.item_marker(section, i + 1) or '正文'}"

    def all_items(self) -> list[tuple[str, DraftItem]]:
        return [(self.item_label(s, i), it) for s, sec in enumerate(self.sections) for i, it in enumerate(sec.items)]

    def figures(self) -> list[DraftFigure]:
        return [f for _, it in self.all_items() for f in it.figures]

    def render_text(self) -> str:
        lines = [self.title, "", f"{self.heading_marker}{self.heading}"]
        if self.intro:
            lines.append(self.intro)
        for s, section in enumerate(self.sections):
            lines += ["", f"{self.section_marker(s + 1)}{section.title}"]
            if section.intro:
                lines.append(section.intro)
            for i, item in enumerate(section.items):
                lines.append(f"{self.item_marker(section, i + 1)}{item.text}")
        return "\n".join(lines).strip() + "\n"

    @property
    def chars(self) -> int:
        return len("".join(self.render_text().split()))


class DraftRequest(BaseModel):
    bureau: str
    period: str
    focus: list[str] = Field(default_factory=list)
    max_chars: int | None = Field(default=None, ge=200, description="approximate length limit of the draft")
    suggest_targets: bool = False
    model_budget_s: float | None = Field(
        default=160.0,
        gt=0,
        description="generative mode: no section is sent to the model when the time spent and what it is expected "
        "to take (from the last section's call) would pass this many seconds — the rest stay offline, labelled — "
        "so that a whole draft, read and checked, takes under 3 minutes; None for no limit",
    )


Search = Callable[[str], Sequence[str]]
"""Maps a focus area to chunk ids (e.g. a hybrid retriever restricted to the bureau)."""


# -- what the drafters read -------------------------------------------------------------------------------------


class ProblemRef(BaseModel):
    title: str
    text: str
    chunk_ids: list[str]


class PastPlan(BaseModel):
    """A plan of the bureau's own for another period than the one drafted (its lines may be re-used, labelled)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    part: ReportPart
    block: Block
    period: Period | None


class DraftContext(BaseModel):
    """Everything the drafters and the checks need about one bureau, read once."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    bureau: str  # display label
    bureau_name: str | None  # as in the catalog; None for a report that names no bureau
    target: Period
    profile: StyleProfile
    own: list[ReportPart]
    plan_part: ReportPart | None = None
    plan_block: Block | None = None
    plan_for: Period | None = None
    problems: list[ProblemRef] = Field(default_factory=list)
    sources: list[SourceText] = Field(default_factory=list)
    plan_chunk_ids: set[str] = Field(default_factory=set)
    foreign_sources: list[SourceText] = Field(default_factory=list)
    foreign_terms: list[str] = Field(default_factory=list)
    ledger: list[dict[str, object]] = Field(default_factory=list)
    focus_chunk_ids: list[str] = Field(default_factory=list)
    past_plans: list[PastPlan] = Field(default_factory=list)
    held_part: ReportPart | None = Field(default=None, description="the uncut report whose plan is the one drafted")
    held_block: Block | None = None
    priorities: list[str] = Field(default_factory=list, description="priorities from above the reports cite")
    heading_marker: str = "一、"
    heading: str = "下步工作思路"
    weights: dict[str, float] = Field(default_factory=dict)

    @property
    def retarget(self) -> Retarget:
        return Retarget(self.plan_for, self.target)

    @property
    def held_text(self) -> str:
        """The plan for the drafted period that the store holds (never drafting material), or ""."""
        if self.held_part is None or self.held_block is None:
            return ""
        return self.held_part.text[self.held_block.start : self.held_block.end]

    def summary_sources(self) -> list[SourceText]:
        return [s for s in self.sources if s.source_id not in self.plan_chunk_ids]


def indicator_name(metric: str) -> str:
    """A figure's metric as a reader names it: the dictionary's name with its scope (规上工业研发费用), else the
    metric when short, else "" (a garbled clause such as 库做好第二批省科技型企业申报指导工作高新技术企业 is no name)."""
    found = find_indicator(metric)
    if found is not None:
        indicator, written, pos, _related = found
        return metric[: pos + len(written)] if pos <= MAX_SCOPE_CHARS else indicator.name
    return metric if MIN_METRIC_CHARS <= len(metric) <= MAX_METRIC_CHARS else ""


def plan_title(ctx: DraftContext) -> str:
    """The draft's title: the bureau, the target period and the noun of its plan heading (工作思路)."""
    noun = re.sub(r"^(?:下步|下一步|下阶段|下半年|明年|[12][\dXＸxOo]{3}年)+", "", ctx.heading) or "工作思路"
    return f"{ctx.bureau_name or ctx.bureau}{ctx.target.label}{noun}"
