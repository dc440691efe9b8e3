"""The generative drafter: a chat model writes the plan section by section, each from the offline outline's material.

The offline outline (:func:`chains.draft.offline.compose_offline`) decides the sections and items and what each
rests on; the model writes all the items of one section per call (a JSON reply whose schema the server holds it
to, each item's text bounded, :func:`section_schema`) from that material, in the bureau's style. Every section's
prompt opens with the same system text and the same draft-wide header (bureau, period, target rule, style), so a
server that keeps its prompt cache reads only each section's own items. Reply item n takes the place, and keeps the
依据, of outline item n; a clause saying an earlier one again is dropped (:func:`chains.draft.check.drop_repeats`,
and the call carries a small :data:`REPEAT_PENALTY`). Each reply item is judged on its own
(:func:`chains.draft.check.model_item_fault`: a plan measure, no review heading, no restated result, the problem its
outline item answers still answered); one that fails keeps its offline text, labelled. ``progress`` is told which
section is being written; a section is sent only when the time spent and the time it is expected to take
(:func:`expected_seconds`, from the last call's reading and writing rates) stay within the request's budget. When
the very first reply is no JSON at all the model is not asked again and the caller falls back to the offline
draft; a reply whose items all fail keeps the section offline, labelled. The result is unchecked;
:func:`chains.draft.check.check_plan` applies the rules.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NamedTuple

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field, create_model
from pydantic.json_schema import SkipJsonSchema

from chains.draft.check import (
    closed,
    drop_repeats,
    is_review_title,
    model_item_fault,
    restated_results,
    review_headings,
)
from chains.draft.models import (
    MATERIAL_WORDS,
    DraftContext,
    DraftIssue,
    DraftItem,
    DraftPlan,
    DraftRequest,
    DraftSection,
    Material,
)
from chains.draft.offline import compose_offline
from chains.llm import invoke_structured
from chains.prompting import load_prompt, render_json
from chains.runlog import RunLog
from scribe.lexicon.headings import strip_marker
from vectorstore.anatomy import enumerations

log = logging.getLogger(__name__)

PROMPT = "draft_section"
_FENCE = ("<资料>", "</资料>")
# What one section's call costs is bounded for a small local model. On this 2-core machine at load ~26 the 1.5B model
# read 16 prompt tokens a second and wrote 6.7; a token is ~0.6 characters of Chinese. So a section's call sends only
# its items' material (no source passages: the material lines carry the sentence an item rests on, and every figure
# is checked against the sources afterwards), after a system text and a draft-wide header that every section's call
# shares word for word (llama.cpp keeps the common prefix of consecutive prompts and reads only what follows it).
MODEL_ITEMS = 6  # items the model writes in one section's call; items beyond them keep their offline text, labelled
MAX_SECTION_TOKENS = 1200
TOKENS_PER_CHAR = 1.2  # a bound, not an estimate: a reply cut at its cap is lost whole
REPLY_OVERHEAD = 16  # tokens of JSON around each item (keys, quotes)
DEFAULT_ITEM_CHARS = 120
MIN_RUN_ON = 2  # 一是…二是… inside one reply item: that many items run together
MAX_ITEM_CHARS = 60  # the length asked of an item, whatever the bureau's habit
HARD_ITEM_CHARS = 2  # the server's grammar holds an item's text to this many times the length asked
REPEAT_PENALTY = 0.3  # frequency penalty of a section's call: a 1.5B model otherwise loops on one phrase
MATERIAL_CHARS = 48  # each material line clipped for the model (the item's 依据 keeps it whole)
OUTLINE_WORD = "可写举措"  # an item without material: the offline measure, for the model to write from

SectionProgress = Callable[[int, int, str], None]
"""Told (section number from 1, number of sections, section title) before each section is written."""


class _LLMItem(BaseModel):
    title: str = ""
    text: str


class LLMSection(BaseModel):
    """What the model returns for one section (JSON); its items take the outline's places and sources."""

    title: str = ""
    items: list[_LLMItem] = Field(default_factory=list)


def section_schema(n: int, chars: int = MAX_ITEM_CHARS) -> type[LLMSection]:
    """The reply schema of a section of ``n`` items: one to ``n`` items of a title and a text of at most
    :data:`HARD_ITEM_CHARS` times ``chars`` characters (the server's grammar holds the model to it, so a reply
    ends within its cap; a shorter reply leaves the rest offline, labelled). The schema asks for no section title
    and no source numbers: what the model would spend on them, the outline already has."""
    item = create_model(
        "DraftReplyItem",
        __base__=_LLMItem,
        title=(str, Field(default="", json_schema_extra={"maxLength": chars})),
        text=(str, Field(json_schema_extra={"maxLength": HARD_ITEM_CHARS * chars})),
    )
    items = (list[item], Field(min_length=1, max_length=n))
    title = (SkipJsonSchema[str], "")  # read when a model writes one, never asked for
    return create_model(f"DraftSection{n}", __base__=LLMSection, title=title, items=items)


def _target_rule(ctx: DraftContext, request: DraftRequest) -> str:
    rule = "资料中的目标都不是本期的，不得照录；"
    if request.suggest_targets:
        return rule + "可给出建议数值，数字后紧跟“（建议值）”并写明依据（如上期完成值）。"
    return rule + "目标数字一律写成 X（如“力争新增高新技术企业X家”），不要编造数字。"


def _unfenced(text: str) -> str:
    for marker in _FENCE:
        text = text.replace(marker, marker.replace("<", "＜").replace(">", "＞"))
    return text


def material_line(m: Material) -> str:
    """One material line as the model reads it: its kind and its text, clipped (the file and section it came
    from are for the reader of the draft, not for the model)."""
    return f"{MATERIAL_WORDS[m.kind]}：{_clipped(m.text)}"


def _clipped(text: str) -> str:
    return _unfenced(text if len(text) <= MATERIAL_CHARS else text[: MATERIAL_CHARS - 1] + "…")


def items_block(items: list[DraftItem]) -> str:
    """The section's items and their material, numbered as the reply's items are; an item resting on nothing of its
    own (a standing line of work, with at most a passing mention in the report) gives the offline measure to write
    from first (a model given nothing writes 加大…力度 under every title)."""
    lines = []
    for n, item in enumerate(items, start=1):
        lines.append(f"条目{n}：{_unfenced(item.title) or '（自拟标题）'}")
        said = list(dict.fromkeys(material_line(m) for m in item.material))
        if all(m.kind == "mention" for m in item.material):
            measure = item.text.removeprefix(item.title).lstrip("。；; ")
            said = ([f"{OUTLINE_WORD}：{_clipped(measure)}"] if measure else []) + said
        lines += [f"- {line}" for line in said] or ["- （无材料，按本部分主题写）"]
    return "\n".join(lines)


def _style(ctx: DraftContext) -> str:
    """The bureau's own openers when the style is its own (the form — markers, length, targets — is the
    drafter's, not the model's, to keep)."""
    own = ctx.profile.fallback_from is None
    leads = list(dict.fromkeys([*ctx.profile.item_leads, *ctx.profile.openers]))[:6] if own else []
    return f"常用{'、'.join(f'“{x}”' for x in leads)}开头" if leads else "科技局计划的常用写法"


def item_chars(ctx: DraftContext) -> int:
    """How long the model writes an item: the bureau's habit, capped at :data:`MAX_ITEM_CHARS`."""
    return min(ctx.profile.item_chars or DEFAULT_ITEM_CHARS, MAX_ITEM_CHARS)


def section_cap(ctx: DraftContext, section: DraftSection) -> int:
    """The output cap of one section's call: the items the model writes at their longest, bounded."""
    n = max(min(len(section.items), MODEL_ITEMS), 1)
    longest = HARD_ITEM_CHARS * item_chars(ctx) * 1.5  # the text and the title at their grammar's bounds
    return min(MAX_SECTION_TOKENS, int(longest * n * TOKENS_PER_CHAR) + REPLY_OVERHEAD * n + 20)


def _capped(llm: BaseChatModel, tokens: int) -> BaseChatModel:
    fields = type(llm).model_fields
    update: dict[str, object] = {"max_tokens": tokens} if "max_tokens" in fields else {}
    if "frequency_penalty" in fields:
        update["frequency_penalty"] = REPEAT_PENALTY
    return llm.model_copy(update=update) if update else llm


class CallCost(NamedTuple):
    """What one section's call cost: the prompt characters the server had to read (past the prefix it kept from
    the call before), the items written, the seconds in all and until the first token (None: not streamed)."""

    chars_read: int
    items: int
    seconds: float
    first_token_s: float | None


def expected_seconds(last: CallCost, chars: int, items: int) -> float:
    """How long the next section's call is expected to take: reading ``chars`` new prompt characters at the rate the
    last call read its own, and writing ``items`` items at the rate it wrote its own. Without a first-token time
    the next call is expected to take as long as the last."""
    if last.first_token_s is None or last.chars_read <= 0:
        return last.seconds
    reading = last.first_token_s * chars / last.chars_read
    writing = max(last.seconds - last.first_token_s, 0.0) / max(last.items, 1) * items
    return reading + writing


def shared_prefix(a: str, b: str) -> int:
    """Characters two prompts share from their start (what a server that keeps its prompt cache reads once)."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


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
    last: CallCost | None = None
    previous = ""  # the last call's prompt: the server keeps what the next one shares with it
    for n, section in enumerate(plan.sections, start=1):
        if progress is not None:
            progress(n, total, section.title)
        picked = section.items[:MODEL_ITEMS]
        messages = render_json(
            prompt,
            bureau=ctx.bureau,
            period=ctx.target.label,
            style=_style(ctx),
            target_rule=_target_rule(ctx, request),
            section=_unfenced(section.title),
            items=items_block(picked),
            n_items=str(len(picked)),
            item_chars=str(item_chars(ctx)),
        )
        text = "".join(str(m[1]) for m in messages)
        new_chars = len(text) - shared_prefix(previous, text)
        spent = time.monotonic() - started
        if request.model_budget_s is not None and last is not None:
            expected = expected_seconds(last, new_chars, len(picked))
            if spent + expected >= request.model_budget_s:
                plan.issues.append(
                    DraftIssue(
                        kind="fallback",
                        item=section.title,
                        detail=f"第{n}部分起未经模型改写：已用{spent:.0f}秒，再写一部分（预计{expected:.0f}秒）将超过"
                        f"{request.model_budget_s:.0f}秒的时间预算，保留离线提纲",
                    )
                )
                break
        call = time.monotonic()
        reply = invoke_structured(
            _capped(llm, section_cap(ctx, section)),
            messages,
            section_schema(len(picked), item_chars(ctx)),
            prompt_name=prompt.name,
            prompt_version=prompt.version,
            chunk_ids=list(dict.fromkeys(cid for it in picked for cid in it.source_chunk_ids)),
            run_log=run_log,
            method="json_schema",
        )
        written = reply.parsed
        first = reply.reply.first_token_ms
        last = CallCost(
            new_chars,
            len(written.items) if written else len(picked),
            time.monotonic() - call,
            None if first is None else first / 1000,
        )
        previous = text
        replaced = _apply(plan, n, section, written, ctx) if written else 0
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
        out += [_LLMItem(title=it.title if i == 0 else "", text=p) for i, p in enumerate(pieces)]
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


def _apply(plan: DraftPlan, n: int, section: DraftSection, written: LLMSection, ctx: DraftContext) -> int:
    """The model's items in place of the outline's, one for one: reply item k (split where it runs several on)
    takes the place and the material of outline item k when it passes :func:`model_item_fault`; an outline item
    whose reply is missing or fails keeps its offline text, and an issue says which and why. A section title the
    model wrote is taken unless it is a review heading. A clause that says an earlier one of its item again is
    dropped (:func:`chains.draft.check.drop_repeats`), and a text its length bound cut off is closed. Returns how
    many outline items the model replaced."""
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
                text=_with_title(strip_marker(it.title).strip(), closed(strip_marker(it.text).strip())),
                source_chunk_ids=outline.source_chunk_ids,
                material=outline.material,
                figures=[f for f in outline.figures if f.state == "suggested"],
                by_model=True,
            )
            for it in pieces
        ]
        for it in items:  # a phrase the model says again, in this item or an earlier one of the section, is said once
            it.text, repeats = drop_repeats(it.text, [x.text for x in out])
            plan.issues += [
                DraftIssue(kind="fallback", item=section.title, detail=f"删去模型重复的提法：{r}") for r in repeats
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
