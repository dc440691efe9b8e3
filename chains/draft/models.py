"""Drafting a bureau's next-period work plan in its own style, every figure checked.

:func:`draft_plan` reads the bureau's reports back from the catalog (latest summary, 存在问题, prior plans
and targets, figure ledger) and learns its :class:`~chains.style.StyleProfile`
(:func:`chains.draft.offline.gather`). Offline (the default) the draft is composed from the bureau's own plan
sentences, re-targeted to the new period (:func:`chains.draft.offline.compose_offline`); with a chat model it
is written by the model with the bureau's own plan as the example (:func:`write_generative`). Either way the
rules are then applied by :func:`eval.draft_eval.check_plan`: every figure traced to a source, a stated target
of the same year, a placeholder ``X`` or a marked 建议值; no other bureau's names; every problem addressed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.llm import invoke_structured
from chains.prompting import load_prompt, render_json
from chains.runlog import RunLog
from chains.style import StyleProfile, numbered
from scribe.errors import DraftError
from vectorstore.catalog import Catalog

if TYPE_CHECKING:
    from chains.draft.offline import DraftContext

log = logging.getLogger(__name__)

FigureState = Literal["supported", "derived", "target_cited", "placeholder", "suggested", "removed"]
ACCEPTED: frozenset[str] = frozenset({"supported", "derived", "target_cited", "placeholder", "suggested"})
STUB = "【待补充具体举措】"


class DraftFigure(BaseModel):
    """One figure of a draft item and why it may stand there."""

    surface: str
    metric: str = ""
    state: FigureState
    source_chunk_id: str | None = None
    source_sentence: str | None = None
    basis: str | None = Field(default=None, description="why a 建议值, or how a derived figure was computed")
    note: str | None = None


class DraftItem(BaseModel):
    title: str = ""
    text: str
    source_chunk_ids: list[str] = Field(default_factory=list)
    figures: list[DraftFigure] = Field(default_factory=list)
    stub: bool = Field(default=False, description="a placeholder item the drafter must write")


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
    kind: Literal["figure_removed", "figure_placeholder", "leak", "foreign_figure", "stale_target", "fallback"]
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


# -- generative mode --------------------------------------------------------------------------------------------

PROMPT = "draft_plan"
_FENCE = ("<资料>", "</资料>")
_LEADING_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.、．]|[一二三四五六七八九十]+、)"
)
MAX_SOURCES = 40
MAX_EXAMPLE_CHARS = 4000


class _LLMItem(BaseModel):
    title: str = ""
    text: str
    sources: list[int] = Field(default_factory=list)


class _LLMSection(BaseModel):
    title: str
    items: list[_LLMItem] = Field(default_factory=list)


class LLMDraft(BaseModel):
    """What the model is asked to return (JSON)."""

    intro: str = ""
    sections: list[_LLMSection] = Field(default_factory=list)


def _numbered_sources(ctx: DraftContext) -> list[tuple[str, str]]:
    """(chunk id, block) for the prompt: problems and plans first, then the focus areas, then the rest."""
    first = {cid for ref in ctx.problems for cid in ref.chunk_ids} | ctx.plan_chunk_ids | set(ctx.focus_chunk_ids)
    ordered = sorted(ctx.sources, key=lambda s: s.source_id not in first)[:MAX_SOURCES]
    out = []
    for n, src in enumerate(ordered, start=1):
        text = src.text
        for marker in _FENCE:
            text = text.replace(marker, marker.replace("<", "＜").replace(">", "＞"))
        section = " > ".join(src.section_path) or "（开头）"
        out.append(
            (
                src.source_id,
                f"[{n}] 单位：{src.bureau or ctx.bureau}｜时期：{src.period or '未注明'}｜章节：{section}\n{text}",
            )
        )
    return out


def _target_rule(ctx: DraftContext, request: DraftRequest) -> str:
    same = ctx.retarget.keeps_targets
    rule = (
        f"本单位已为{ctx.target.year}年提出的目标可以照录并标注来源；"
        if same
        else "资料中的目标都不是本期的，不得照录为本期目标；"
    )
    if request.suggest_targets:
        return (
            rule + "其余目标可以给出建议数值，但必须在数字后紧跟“（建议值）”，并在条目文字中写明依据（如上期完成值）。"
        )
    return rule + "其余目标一律把数字写成 X（如“力争新增高新技术企业X家”），不要自行编造数字。"


def write_generative(ctx: DraftContext, request: DraftRequest, llm: BaseChatModel, run_log: RunLog) -> DraftPlan | None:
    """The model's draft as an unchecked :class:`DraftPlan`; None when its reply holds no usable JSON."""
    prompt = load_prompt(PROMPT)
    sources = _numbered_sources(ctx)
    example = ""
    if ctx.plan_part is not None and ctx.plan_block is not None:
        example = ctx.plan_part.text[ctx.plan_block.start : ctx.plan_block.end][:MAX_EXAMPLE_CHARS]
    messages = render_json(
        prompt,
        bureau=ctx.bureau,
        period=ctx.target.label,
        style=ctx.profile.describe(),
        examples=example or "（该单位没有以往的工作计划，请按上面的文风要求写）",
        problems="\n".join(f"{i}. {p.title}" for i, p in enumerate(ctx.problems, start=1)) or "（无）",
        indicators="\n".join(_ledger_lines(ctx)) or "（无）",
        focus="、".join(request.focus) or "（无特别要求）",
        length=str(request.max_chars or "与以往计划相当"),
        target_rule=_target_rule(ctx, request),
        sources="\n\n".join(block for _, block in sources),
    )
    reply = invoke_structured(
        llm,
        messages,
        LLMDraft,
        prompt_name=prompt.name,
        prompt_version=prompt.version,
        chunk_ids=[cid for cid, _ in sources],
        run_log=run_log,
    )
    if reply.parsed is None or not reply.parsed.sections:
        log.warning("draft: the model's reply could not be used (%s)", reply.parse_error or "no sections")
        return None
    ids = [cid for cid, _ in sources]
    sections = [
        DraftSection(
            title=_LEADING_MARKER.sub("", sec.title).strip(),
            items=[
                DraftItem(
                    title=it.title,
                    text=_LEADING_MARKER.sub("", it.text).strip(),
                    source_chunk_ids=[ids[n - 1] for n in it.sources if 0 < n <= len(ids)],
                )
                for it in sec.items
                if it.text.strip()
            ],
        )
        for sec in reply.parsed.sections
    ]
    return DraftPlan(
        bureau=ctx.bureau,
        period=ctx.target.label,
        mode="generative",
        title=plan_title(ctx),
        heading_marker=ctx.heading_marker,
        heading=ctx.heading,
        intro=reply.parsed.intro.strip(),
        sections=[s for s in sections if s.items],
        style=ctx.profile,
    )


def _ledger_lines(ctx: DraftContext) -> list[str]:
    lines = []
    for row in ctx.ledger:
        if row.get("status") == "clean":
            lines.append(
                f"{row.get('metric')}：{row.get('surface')}（{row.get('period') or '时期未注明'}，{row.get('modality')}）"
            )
    return list(dict.fromkeys(lines))[:60]


def plan_title(ctx: DraftContext) -> str:
    noun = (
        re.sub(r"^(?:下步|下一步|下阶段|下半年|明年|[12][\dXＸxOo]{3}年)+", "", ctx.profile.plan_heading) or "工作思路"
    )
    return f"{ctx.bureau_name or ctx.bureau}{ctx.target.label}{noun}"


# -- the entry point --------------------------------------------------------------------------------------------

Search = Callable[[str], Sequence[str]]


def draft_with_context(
    catalog: Catalog,
    request: DraftRequest,
    *,
    llm: BaseChatModel | None = None,
    run_log: RunLog | None = None,
    search: Search | None = None,
) -> tuple[DraftPlan, DraftContext]:
    """The checked draft and what it was drafted from (the evaluation scores the draft against it)."""
    # imported here: those modules build on the models above
    from chains.draft.offline import compose_offline, gather
    from eval.draft_eval import check_plan

    ctx = gather(catalog, request, search=search)
    plan: DraftPlan | None = None
    if llm is not None:
        if run_log is None:
            raise DraftError("生成模式需要运行日志（RunLog）；请由调用方传入 run_log。")
        plan = write_generative(ctx, request, llm, run_log)
    if plan is None:
        plan = compose_offline(ctx, request)
        if llm is not None:
            plan.issues.append(DraftIssue(kind="fallback", detail="大模型的回复无法解析为计划，已改用离线起草"))
    return check_plan(plan, ctx, request), ctx


def draft_plan(
    catalog: Catalog,
    request: DraftRequest,
    *,
    llm: BaseChatModel | None = None,
    run_log: RunLog | None = None,
    search: Search | None = None,
) -> DraftPlan:
    """Draft offline, or with ``llm`` when given (then ``run_log`` is required); the rules are checked either way.

    ``search`` maps a focus area to chunk ids (e.g. a hybrid retriever restricted to the bureau).
    """
    return draft_with_context(catalog, request, llm=llm, run_log=run_log, search=search)[0]
