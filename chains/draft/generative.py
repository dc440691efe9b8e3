"""The generative drafter: a chat model writes the plan section by section, each from the offline outline's material.

The offline outline (:func:`chains.draft.offline.compose_offline`) decides the sections and items and what each
rests on; the model rewrites one section per call (a bounded reply, :data:`MAX_SECTION_TOKENS`) from that material
and the numbered sources it cites, in the bureau's style. ``progress`` is told which section is being written. A
section whose reply is unusable keeps its offline text (an issue says so); when the very first reply is unusable
the model is not asked again and the caller falls back to the offline draft. The result is unchecked;
:func:`chains.draft.check.check_plan` applies the rules.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.draft.check import answered_by
from chains.draft.models import DraftContext, DraftIssue, DraftItem, DraftPlan, DraftRequest, DraftSection
from chains.draft.offline import compose_offline
from chains.llm import invoke_structured
from chains.prompting import load_prompt, render_json
from chains.runlog import RunLog
from scribe.figures import SourceText
from scribe.lexicon.headings import strip_marker
from vectorstore.anatomy import enumerations

log = logging.getLogger(__name__)

PROMPT = "draft_section"
_FENCE = ("<资料>", "</资料>")
# What one section's call costs is bounded for a small local model: on this 2-core machine at load 17 the 1.5B model
# read 7 prompt tokens a second and wrote 2.7 (a 1171-token section prompt alone ran past 170 s).
MAX_SECTION_SOURCES = 2  # the sources the chosen item's material cites first
SOURCE_CHARS = 160  # each source clipped: the material lines already carry the sentence an item rests on
MODEL_ITEMS = 1  # items the model rewrites per section (the one answering a problem first); the rest stay offline
MAX_SECTION_TOKENS = 1200
TOKENS_PER_CHAR = 1.2
DEFAULT_ITEM_CHARS = 120
MIN_RUN_ON = 2  # 一是…二是… inside one reply item: that many items run together
MAX_ITEM_CHARS = 80  # the output cap per item, whatever the bureau's habit

SectionProgress = Callable[[int, int, str], None]
"""Told (section number from 1, number of sections, section title) before each section is written."""


class _LLMItem(BaseModel):
    title: str = ""
    text: str
    sources: list[int] = Field(default_factory=list)


class LLMSection(BaseModel):
    """What the model returns for one section (JSON)."""

    title: str = ""
    items: list[_LLMItem] = Field(default_factory=list)


def _target_rule(ctx: DraftContext, request: DraftRequest) -> str:
    rule = "资料中的目标都不是本期的，不得照录为本期目标；"
    if request.suggest_targets:
        return rule + "目标可以给出建议数值，但必须在数字后紧跟“（建议值）”，并写明依据（如上期完成值）。"
    return rule + "目标一律把数字写成 X（如“力争新增高新技术企业X家”），不要自行编造数字。"


def _section_sources(ctx: DraftContext, items: list[DraftItem]) -> list[SourceText]:
    wanted = [m.source_chunk_id for it in items for m in it.material if m.source_chunk_id]
    wanted += [cid for it in items for cid in it.source_chunk_ids]
    by_id = {s.source_id: s for s in ctx.sources}
    return [by_id[cid] for cid in dict.fromkeys(wanted) if cid in by_id][:MAX_SECTION_SOURCES]


def _fenced(n: int, src: SourceText, ctx: DraftContext) -> str:
    text = src.text if len(src.text) <= SOURCE_CHARS else src.text[: SOURCE_CHARS - 1] + "…"
    for marker in _FENCE:
        text = text.replace(marker, marker.replace("<", "＜").replace(">", "＞"))
    section = " > ".join(src.section_path) or "（开头）"
    return f"[{n}] 单位：{src.bureau or ctx.bureau}｜时期：{src.period or '未注明'}｜章节：{section}\n{text}"


def _items_block(items: list[DraftItem]) -> str:
    lines = []
    for n, item in enumerate(items, start=1):
        lines.append(f"条目{n}：{item.title or '（自拟标题）'}")
        lines += [f"  - {m.line()}" for m in item.material] or ["  - （无材料，按本部分主题写）"]
    return "\n".join(lines)


def _style(ctx: DraftContext) -> str:
    """The style in a few lines: the form, and the bureau's own openers when the style is its own."""
    form = ctx.profile.describe(examples=False)
    own = ctx.profile.fallback_from is None
    leads = "、".join([*ctx.profile.item_leads, *ctx.profile.openers][:6]) if own else ""
    return form + (f"\n常用开头：{leads}" if leads else "")


def item_chars(ctx: DraftContext) -> int:
    """How long the model writes an item: the bureau's habit, capped at :data:`MAX_ITEM_CHARS`."""
    return min(ctx.profile.item_chars or DEFAULT_ITEM_CHARS, MAX_ITEM_CHARS)


def section_cap(ctx: DraftContext, section: DraftSection) -> int:
    """The output cap of one section's call: the items the model writes at the capped item length, bounded."""
    chars = item_chars(ctx) * max(min(len(section.items), MODEL_ITEMS), 1)
    return min(MAX_SECTION_TOKENS, int(chars * TOKENS_PER_CHAR) + 120)


def _capped(llm: BaseChatModel, tokens: int) -> BaseChatModel:
    if "max_tokens" in type(llm).model_fields:
        return llm.model_copy(update={"max_tokens": tokens})
    return llm


def write_generative(
    ctx: DraftContext,
    request: DraftRequest,
    llm: BaseChatModel,
    run_log: RunLog,
    *,
    progress: SectionProgress | None = None,
) -> DraftPlan | None:
    """The model's draft, one call per section of the offline outline; None when its first reply is unusable."""
    plan = compose_offline(ctx, request)
    plan.mode = "generative"
    prompt = load_prompt(PROMPT)
    total = len(plan.sections)
    started = time.monotonic()
    last = 0.0  # how long the previous section's call took: the next one is expected to take as long
    for n, section in enumerate(plan.sections, start=1):
        if progress is not None:
            progress(n, total, section.title)
        spent = time.monotonic() - started
        if request.model_budget_s is not None and n > 1 and spent + last >= request.model_budget_s:
            plan.issues.append(
                DraftIssue(
                    kind="fallback",
                    item=section.title,
                    detail=f"第{n}部分起未经模型改写：已用{spent:.0f}秒，再写一部分将超过{request.model_budget_s:.0f}秒的时间预算，"
                    "保留离线提纲",
                )
            )
            break
        chosen = model_items(section)
        picked = [section.items[i] for i in chosen]
        sources = _section_sources(ctx, picked)
        messages = render_json(
            prompt,
            bureau=ctx.bureau,
            period=ctx.target.label,
            style=_style(ctx),
            section=section.title,
            items=_items_block(picked),
            n_items=str(len(picked)),
            item_chars=str(item_chars(ctx)),
            target_rule=_target_rule(ctx, request),
            sources="\n\n".join(_fenced(i, s, ctx) for i, s in enumerate(sources, start=1)),
        )
        call = time.monotonic()
        reply = invoke_structured(
            _capped(llm, section_cap(ctx, section)),
            messages,
            LLMSection,
            prompt_name=prompt.name,
            prompt_version=prompt.version,
            chunk_ids=[s.source_id for s in sources],
            run_log=run_log,
        )
        last = time.monotonic() - call
        written = reply.parsed
        if written is None or not [it for it in written.items if it.text.strip()]:
            log.warning("draft section %d: unusable reply (%s)", n, reply.parse_error or "no items")
            if n == 1:
                return None
            plan.issues.append(
                DraftIssue(kind="fallback", item=section.title, detail=f"第{n}部分的模型回复无法使用，保留离线提纲")
            )
            continue
        _apply(section, written, [s.source_id for s in sources], chosen)
    if progress is not None:
        progress(total + 1, total, "")
    return plan


def model_items(section: DraftSection) -> list[int]:
    """Which items of a section the model rewrites (at most :data:`MODEL_ITEMS`, in section order): those answering
    a problem first — their wording matters most —, then those resting on results, then the rest."""

    def rank(i: int) -> int:
        kinds = {m.kind for m in section.items[i].material}
        return 0 if "problem" in kinds else 1 if "result" in kinds else 2

    return sorted(sorted(range(len(section.items)), key=rank)[:MODEL_ITEMS])


def split_run_on(items: list[_LLMItem]) -> list[_LLMItem]:
    """The model's items, an item that runs several on (一是…二是…三是… in one text) split into them."""
    out: list[_LLMItem] = []
    for it in items:
        text = it.text.strip()
        marks = enumerations(text, 0, len(text))
        if len(marks) < MIN_RUN_ON:
            out += [it] if text else []
            continue
        ends = [a for a, _ in marks[1:]] + [len(text)]
        head = text[: marks[0][0]].strip()
        pieces = [text[b:end].strip() for (_, b), end in zip(marks, ends, strict=True)]
        out += [_LLMItem(title=it.title if i == 0 else "", text=p, sources=it.sources) for i, p in enumerate(pieces)]
        if head:
            out[-len(pieces)].text = f"{head}{out[-len(pieces)].text}"
    return out


def _apply(section: DraftSection, written: LLMSection, ids: list[str], chosen: list[int]) -> None:
    """The model's items in place of the ``chosen`` outline items (the others stay as they are): reply item n, split
    where it runs several on, takes the place and the material of chosen item n; items beyond those asked for are
    dropped (they rest on nothing the drafter was shown); an outline item answering a problem the model's items do
    not answer stays beside them."""
    if written.title.strip():
        section.title = strip_marker(written.title).strip()
    replies = [it for it in written.items if it.text.strip()]
    if len(replies) > len(chosen):
        log.info(
            "draft section %s: %d items beyond the %d asked for dropped",
            section.title,
            len(replies) - len(chosen),
            len(chosen),
        )
    by_place: dict[int, list[DraftItem]] = {}
    for n, reply in enumerate(replies[: len(chosen)]):
        outline = section.items[chosen[n]]
        by_place[chosen[n]] = [
            DraftItem(
                title=strip_marker(it.title).strip(),
                text=strip_marker(it.text).strip(),
                source_chunk_ids=[ids[k - 1] for k in it.sources if 0 < k <= len(ids)],
                material=outline.material,
                figures=[f for f in outline.figures if f.state == "suggested"],
            )
            for it in split_run_on([reply])
        ]
    new = [x for items in by_place.values() for x in items]
    out: list[DraftItem] = []
    for i, item in enumerate(section.items):
        if i not in by_place:
            out.append(item)
            continue
        out += by_place[i]
        problem = any(m.kind == "problem" for m in item.material)
        if problem and not any(answered_by(item.title or item.text, x.text) for x in new):
            out.append(item)
    section.items = out
