"""The generative drafter: a chat model writes the plan, with the bureau's own last plan as the example.

The model sees numbered sources (problems and plans first), the style profile, the figure ledger and the rule
for targets; it answers in JSON (:class:`LLMDraft`). The result is unchecked;
:func:`chains.draft.check.check_plan` applies the rules.
"""

from __future__ import annotations

import logging

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.draft.models import DraftContext, DraftItem, DraftPlan, DraftRequest, DraftSection, plan_title
from chains.llm import invoke_structured
from chains.prompting import load_prompt, render_json
from chains.runlog import RunLog
from scribe.lexicon.headings import strip_marker

log = logging.getLogger(__name__)


PROMPT = "draft_plan"
_FENCE = ("<资料>", "</资料>")
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
            title=strip_marker(sec.title).strip(),
            items=[
                DraftItem(
                    title=it.title,
                    text=strip_marker(it.text).strip(),
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
