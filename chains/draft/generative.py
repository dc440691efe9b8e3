"""The generative drafter: a chat model writes the plan section by section, each from the offline outline's material.

The offline outline (:func:`chains.draft.offline.compose_offline`) decides the sections and items and what each
rests on; the model writes all the items of one section per call (a JSON reply whose schema the server holds it
to, a bounded length, :data:`MAX_SECTION_TOKENS`) from that material and the numbered sources it cites, in the
bureau's style. Reply item n takes the place, and keeps the 依据, of outline item n. Each reply item is judged on
its own (:func:`chains.draft.check.model_item_fault`: a plan measure, no review heading, no restated result, the
problem its outline item answers still answered); one that fails keeps its offline text, labelled. ``progress`` is
told which section is being written. When the very first reply is no JSON at all the model is not asked again
and the caller falls back to the offline draft; a reply whose items all fail keeps the section offline, labelled. The result is unchecked; :func:`chains.draft.check.check_plan` applies
the rules.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field, create_model

from chains.draft.check import is_review_title, model_item_fault, restated_results, review_headings
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
# read 7 prompt tokens a second and wrote 2.7; quiet, it writes ~14 a second.
MAX_SECTION_SOURCES = 2  # the sources the section's material cites first
SOURCE_CHARS = 160  # each source clipped: the material lines already carry the sentence an item rests on
MODEL_ITEMS = 6  # items the model writes in one section's call; items beyond them keep their offline text, labelled
MAX_SECTION_TOKENS = 1200
TOKENS_PER_CHAR = 1.2
REPLY_OVERHEAD = 40  # tokens of JSON around each item (keys, quotes, sources)
DEFAULT_ITEM_CHARS = 120
MIN_RUN_ON = 2  # 一是…二是… inside one reply item: that many items run together
MAX_ITEM_CHARS = 60  # the output cap per item, whatever the bureau's habit

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


def section_schema(n: int) -> type[LLMSection]:
    """The reply schema of a section of ``n`` items: one to ``n`` items (the server's grammar holds the model to it;
    a shorter reply leaves the rest offline, labelled)."""
    items = (list[_LLMItem], Field(min_length=1, max_length=n))
    return create_model(f"DraftSection{n}", __base__=LLMSection, items=items)


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
    n = max(min(len(section.items), MODEL_ITEMS), 1)
    return min(MAX_SECTION_TOKENS, int(item_chars(ctx) * n * TOKENS_PER_CHAR) + REPLY_OVERHEAD * n + 40)


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
        picked = section.items[:MODEL_ITEMS]
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
            section_schema(len(picked)),
            prompt_name=prompt.name,
            prompt_version=prompt.version,
            chunk_ids=[s.source_id for s in sources],
            run_log=run_log,
            method="json_schema",
        )
        last = time.monotonic() - call
        written = reply.parsed
        replaced = _apply(plan, n, section, written, [s.source_id for s in sources], ctx) if written else 0
        if not replaced:
            log.warning("draft section %d: unusable reply (%s)", n, reply.parse_error or "no usable item")
            if n == 1 and written is None:  # no JSON at all: a model that cannot answer so is not asked again
                return None
            plan.issues.append(
                DraftIssue(kind="fallback", item=section.title, detail=f"第{n}部分的模型回复无法使用，保留离线提纲")
            )
    if progress is not None:
        progress(total + 1, total, "")
    return plan


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


def _with_title(title: str, text: str) -> str:
    """An item's text opening with its title, as the offline items do (加快平台建设。推进…)."""
    return text if not title or text.startswith(title) else f"{title}。{text}"


def _problems(item: DraftItem, ctx: DraftContext) -> list[str]:
    """The problems (their titles) an outline item answers, read from the material it carries."""
    quoted = [m.text.rstrip("…") for m in item.material if m.kind == "problem"]
    return [p.title for p in ctx.problems if any(q and "".join(p.text.split()).startswith(q) for q in quoted)]


def _apply(
    plan: DraftPlan, n: int, section: DraftSection, written: LLMSection, ids: list[str], ctx: DraftContext
) -> int:
    """The model's items in place of the outline's, one for one: reply item k (split where it runs several on)
    takes the place and the material of outline item k when it passes :func:`model_item_fault`; an outline item
    whose reply is missing or fails keeps its offline text, and an issue says which and why. A section title the
    model wrote is taken unless it is a review heading. Returns how many outline items the model replaced."""
    taken = review_headings(ctx.own)
    title = strip_marker(written.title).strip()
    if title and not is_review_title(title, taken):
        section.title = title
    replies = [it for it in written.items if it.text.strip()]
    out: list[DraftItem] = []
    replaced = 0
    for k, outline in enumerate(section.items):
        reply = replies[k] if k < len(replies) and k < MODEL_ITEMS else None
        fault = "模型未写这一条" if reply is None else None
        pieces = split_run_on([reply]) if reply is not None else []
        items = [
            DraftItem(
                title=strip_marker(it.title).strip(),
                text=_with_title(strip_marker(it.title).strip(), strip_marker(it.text).strip()),
                source_chunk_ids=[ids[j - 1] for j in it.sources if 0 < j <= len(ids)] or outline.source_chunk_ids,
                material=outline.material,
                figures=[f for f in outline.figures if f.state == "suggested"],
                by_model=True,
            )
            for it in pieces
        ]
        for it in items:  # a result restated as if it were a plan is not kept; the measures around it are
            for sentence in restated_results(it.text):
                it.text = it.text.replace(sentence, "")
                plan.issues.append(
                    DraftIssue(
                        kind="fallback", item=section.title, detail=f"删去模型复述的上期成效：{sentence.strip()}"
                    )
                )
        joined = "".join(it.text for it in items)
        fault = fault or model_item_fault(
            items[0].title if items else "", joined, _problems(outline, ctx), ctx.weights, taken, outline.text
        )
        if fault is None:
            out += items
            replaced += 1
            continue
        out.append(outline)
        if reply is not None or k < MODEL_ITEMS:
            label = outline.title or next(iter(outline.text.split("。")), "")[:16]
            plan.issues.append(
                DraftIssue(kind="fallback", item=section.title, detail=f"第{n}部分“{label}”：{fault}，保留离线文本")
            )
    if len(section.items) > MODEL_ITEMS:
        plan.issues.append(
            DraftIssue(
                kind="fallback",
                item=section.title,
                detail=f"第{n}部分第{MODEL_ITEMS + 1}条起未经模型改写（一次最多写{MODEL_ITEMS}条），保留离线文本",
            )
        )
    if len(replies) > len(section.items):
        log.info("draft section %s: %d items beyond the outline's dropped", section.title, len(replies) - len(out))
    section.items = out
    return replaced
