"""How well a plan keeps the drafting rules, measured the same way for a draft and for the bureau's real plan.

The rules themselves are :mod:`chains.draft.check` (the gate every draft passes); this module only scores.
:func:`score_plan` and :func:`score_real_plan` measure a draft and the bureau's real plan section the same way
(pure scoring in :func:`_scores`), and :func:`evaluate_drafts` runs both for every bureau with a summary in
the corpus.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import NamedTuple

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.draft import (
    ACCEPTED,
    STUB,
    DraftContext,
    DraftPlan,
    DraftRequest,
    draft_with_context,
    next_period,
    plan_period,
)
from chains.draft.check import (
    SUGGESTED,
    answered_by,
    coverage_score,
    distinctive,
    figure_state,
    find_leaks,
    item_about,
    said_of,
    sentences,
    topic_grams,
)
from chains.draft.parts import draft_parts
from chains.draft.shape import repeats
from chains.runlog import RunLog
from chains.style import StyleProfile
from scribe.figures import SourceText, VerdictLabel, extract_figures, verify
from scribe.lexicon.headings import SectionRole, heading_role, strip_marker
from scribe.lexicon.indicators import canonical_metric, find_indicator, indicator_names_in
from scribe.lexicon.periods import PERIOD_WORD_RE
from scribe.lexicon.places import BUREAU_ORG_RE
from scribe.lexicon.plans import (
    PLAN_AIMS,
    is_measure,
    is_review_heading,
    line_cues,
    main_line,
    plan_theme,
    quotes_problem,
    tracked_line,
)
from scribe.lexicon.sentences import clauses
from scribe.models import Modality
from vectorstore.anatomy import Block, PlanSection, ReportPart, enumerations, plan_sections
from vectorstore.catalog import Catalog
from vectorstore.structure import detect_headings

_MATCHED = (VerdictLabel.SUPPORTED, VerdictLabel.TARGET)  # another bureau states the figure

log = logging.getLogger(__name__)

BureauProgress = Callable[[str, int, int, str], None]
"""Told (bureau, section number from 1, number of sections, section title) before each section is written; the
number past the last (total + 1) says the draft is written."""

MIN_SUMMARY_CHARS = 300  # an untitled opening this long is the summary itself (a report without 一、)
MIN_COPY_CHARS = 10  # sentences shorter than this (item titles: 加快平台建设。) are not counted as copies
SHINGLE = 6
COPY_SHARE = 0.8  # a sentence whose 6-character shingles are this much in one source is copied
THEME_THRESHOLD = 0.45
MAX_CLAUSE = 40
MIN_TOPIC_GRAMS = 2  # a topic of one bigram (项目, 生活) names nothing a match could rest on
BULLET_RE = re.compile(r"^[ \t]*[-*•·][ \t]+(\S.*)$", re.MULTILINE)
MIN_LISTED = 2  # a list of one line is an item written with a dash, not a list
RUN_ON_STOPS = "，,；;"  # a heading stopping at one of these runs on into its first item's sentence


class DraftScores(BaseModel):
    figure_faithfulness: float | None = Field(description="share of figures supported, derived, placeholder or 建议值")
    figures: int
    problem_coverage: float | None
    problems: int
    style_conformity: float
    heading_match: bool
    opener_share: float
    leakage: int
    chars: int
    sentences: int = Field(default=0, description="sentences of at least MIN_COPY_CHARS characters")
    copy_share: float | None = Field(default=None, description="share of them copied from the sources (not targets)")
    held_copy_share: float | None = Field(
        default=None, description="share copied from the held-out real plan and from nothing the draft may read"
    )
    review_headings: int = Field(default=0, description="section and item headings that are review headings")
    theme_coverage: float | None = Field(
        default=None, description="share of the real plan's items matched one to one by a draft measure"
    )
    theme_coverage_any: float | None = Field(
        default=None, description="share of the real plan's items some draft measure matches (one may match many)"
    )
    theme_misses: list[str] = Field(default_factory=list, description="the real plan's items left unmatched")
    theme_precision: float | None = Field(
        default=None, description="share of the draft's items that are the same measure as some real plan item"
    )
    item_precision: float | None = Field(
        default=None, description="share of the draft's items paired one to one with a real plan item"
    )
    item_f1: float | None = Field(default=None, description="harmonic mean of theme_coverage and item_precision")
    count_ratio: float | None = Field(default=None, description="draft items per real plan item")
    items: int = Field(default=0, description="items of the plan (a draft's stubs not counted)")
    real_items: int | None = Field(default=None, description="items of the held-out real plan")
    model_share: float | None = Field(default=None, description="generative mode: share of items the model wrote")
    seconds: float | None = Field(default=None, description="how long drafting took (gathering included)")


def text_scheme(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Heading markers ``text[start:end]`` uses, by depth (一、 / （一） / 1. / 一是); headings are read in the whole text."""
    end = len(text) if end is None else end
    levels = sorted({h.level for h in detect_headings(text) if start <= h.start < end})
    kinds = [{1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}[lv] for lv in levels]
    return kinds + (["一是"] if enumerations(text, start, end) else [])


def opens_in_style(text: str, profile: StyleProfile) -> bool:
    leads = [*profile.item_leads, *profile.openers, *profile.section_leads]
    return any(text.startswith(lead) for lead in leads if lead)


def _norm(text: str) -> str:
    return "".join(ch for ch in strip_marker(text) if ch.isalnum() or ch in "%.")


def _shingles(text: str) -> set[str]:
    return {text[i : i + SHINGLE] for i in range(max(len(text) - SHINGLE + 1, 0))}


def plan_sentences(text: str) -> list[str]:
    """The sentences of a plan text long enough to be judged as copied or not."""
    return [s for s in sentences(text) if len(_norm(s)) >= MIN_COPY_CHARS]


def copied(sentence: str, sources: Sequence[str]) -> bool:
    """Whether ``sentence`` is taken from one of ``sources`` verbatim (or all but a word or two)."""
    norm = _norm(sentence)
    grams = _shingles(norm)
    if not grams:
        return False
    return any(norm in src or len(grams & _shingles(src)) >= COPY_SHARE * len(grams) for src in sources)


def copy_share(text: str, sources: Sequence[str], *, quote_targets: bool = True) -> float | None:
    """Share of ``text``'s sentences copied from ``sources``; a sentence stating a target may be quoted."""
    norm_sources = [_norm(s) for s in sources if s]
    judged = plan_sentences(text)
    if not judged:
        return None

    def counts(s: str) -> bool:
        is_target = quote_targets and any(f.modality is Modality.TARGET for f in extract_figures(s))
        return not is_target and copied(s, norm_sources)

    return sum(counts(s) for s in judged) / len(judged)


def held_copy_share(text: str, held: str, sources: Sequence[str]) -> float | None:
    """Share of ``text``'s sentences copied from the held-out plan ``held`` that none of the ``sources`` the draft
    may read holds: a leak. A sentence of the review the real plan happens to repeat (加大“揭榜挂帅”项目攻关力度)
    is the draft's material, counted by :func:`copy_share`, not a leak."""
    if not held:
        return None
    judged = plan_sentences(text)
    if not judged:
        return None
    own, cut = [_norm(held)], [_norm(s) for s in sources if s]
    return sum(copied(s, own) and not copied(s, cut) for s in judged) / len(judged)


def review_heading_count(titles: Sequence[str], review_titles: Sequence[str]) -> int:
    """Headings of a plan that are review headings: by their words, or as a heading of the reviewed report — also
    with a verb put before it (推进科技人才引育多措并举 for the review's 科技人才引育多措并举)."""
    seen = {_norm(t) for t in review_titles if t} | {_norm(plan_theme(t)) for t in review_titles if t}
    worded = {_norm(t) for t in review_titles if t and is_review_heading(t)}  # 多措并举, not a bare theme (成果转化)
    return sum(1 for t in titles if t and (is_review_heading(t) or _norm(t) in seen or _norm(plan_theme(t)) in worded))


class ItemMatch(BaseModel):
    """How a draft covers the real plan's items: which real item each draft item is matched to, one to one."""

    pairs: list[tuple[int, int]] = Field(
        default_factory=list, description="(real item, draft item) indices; a merged item may answer several"
    )
    any_hits: list[bool] = Field(default_factory=list, description="per real item: some draft item matches it")
    draft_hits: list[bool] = Field(default_factory=list, description="per draft item: it matches some real item")

    def coverage(self, n: int) -> float:
        return len(self.pairs) / n if n else 0.0

    def precision(self, n: int) -> float | None:
        """Share of the ``n`` draft items paired with a real item one to one: two draft items on the one real
        item count once, so a long draft is not precise for repeating itself."""
        return len({d for _, d in self.pairs}) / n if n else None


def item_f1(recall: float, precision: float) -> float:
    """The harmonic mean of items matched (recall) and one-to-one precision: neither a short draft nor a long
    one scores well on one of them alone."""
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def count_ratio(drafted: int, real: int) -> float | None:
    """Draft items per real plan item (1.0: the bureau's own length)."""
    return drafted / real if real else None


def item_subject(title: str, text: str) -> str:
    """What a draft item's lead says it does: its title and first sentence, without the results it builds on."""
    body = [x for x in sentences(text) if x.strip().rstrip("。") != title]
    return f"{title}{item_about('', ''.join(body[:1]))}"


class Reading(NamedTuple):
    """One measure a draft item states: what it is about (``subject``) and what it says (``said``)."""

    subject: str
    said: str


def item_readings(title: str, text: str) -> list[Reading]:
    """The measures a draft item states, each read whole: its lead (its title with its first sentence) and every
    further sentence — an item merged from several (两项平台建设、一项校地合作) says each of their measures —,
    each read for what it does, after the results it builds on (在…的基础上). A sentence that says nothing to do
    (a result, a stub) is no reading, nor one that says an earlier one's measure again
    (:func:`chains.draft.shape.repeats`): a word in passing answers nothing, and a measure answers once."""
    body = [x for x in sentences(text) if x.strip().rstrip("。") != title]
    lead = Reading(item_subject(title, text), f"{title}{''.join(body[:1])}")
    out: list[Reading] = []
    for r in [lead, *(Reading(item_about("", x), x) for x in body[1:])]:
        if STUB in r.said or not is_measure(r.said):
            continue
        if any(repeats(_measure_words(r.said), _measure_words(o.said)) for o in out):
            continue  # a problem's answer that says the line's standing measure again is no second measure
        out.append(r)
    return out


def _measure_words(sentence: str) -> str:
    """A sentence without the problem it names (针对…的问题，): what it does."""
    return sentence.split("，", 1)[-1] if quotes_problem(sentence) else sentence


def _indicators(text: str) -> set[str]:
    return {found[0].name for _, _, name in indicator_names_in(text) if (found := find_indicator(name))}


def answers(real: str, reading: Reading, weights: Mapping[str, float]) -> bool:
    """Whether one measure of a draft item (:func:`item_readings`) is the measure a real plan item (its title or
    first clause) is: the same standing line of work (:func:`scribe.lexicon.plans.tracked_line`: 抓核心技术攻关 ~
    强化科研攻关, 从严落实管党责任 ~ 从严落实管党治党责任; tracking 科技型中小企业等指标 is on the indicators,
    not on 创新主体), and on an indicator line the same indicator when the real item names one (研发费用 ≠
    高新技术产业投资), else the line's own word for it (高新增加值, not 各项指标) — a target on it
    (力争全年技术合同登记成交额达到X亿元) is that measure whatever its line; or, where the real item names no line,
    most of its topic words (:data:`THEME_THRESHOLD`). Items about different lines never match."""
    real_c, subject = canonical_metric(real), canonical_metric(reading.subject)
    said = canonical_metric(reading.said)
    wanted = _indicators(real_c)
    if wanted and reading.subject.lstrip().startswith(PLAN_AIMS) and wanted & _indicators(said):
        return True
    line, drafted = tracked_line(real_c), tracked_line(subject)
    if line is not None:
        if drafted != line:
            return False
        if not line.indicators:
            return True
        if wanted:
            return bool(wanted & _indicators(said))
        named = line_cues(line, real_c)  # 高新增加值, which the dictionary may not hold, not only 指标
        return not named or any(cue in said for cue in named)
    topic = canonical_metric(plan_theme(real))
    return len(topic_grams(topic)) >= MIN_TOPIC_GRAMS and coverage_score(topic, subject, weights) >= THEME_THRESHOLD


def same_measure(real: str, title: str, text: str, weights: Mapping[str, float]) -> bool:
    """Whether some measure a draft item (``title``, ``text``) states is the measure a real plan item is
    (:func:`answers`). Both sides are read for what they are about — a real item's title or first clause, each of
    a draft item's measures —, so a word in passing (成果转化 in an item on 原始创新) matches nothing."""
    if STUB in text:
        return False
    return any(answers(real, r, weights) for r in item_readings(title, text))


def match_items(
    real_items: Sequence[str],
    draft_items: Sequence[tuple[str, str]],
    weights: Mapping[str, float],
    bodies: Sequence[str] = (),
) -> ItemMatch:
    """The largest one-to-one matching of real plan items to the measures the draft items state
    (:func:`item_readings`, :func:`answers`): one measure on 平台建设 covers one of three real platform items, not
    all three, and an item merged from three measures may cover three. ``bodies`` (per real item, "" for none) are
    what a titled item goes on to say: an item whose title names no line of work (聚焦主体抓培育) is also read with
    it (组织高新技术企业申报), as a reader would."""
    readings = [[] if STUB in x else item_readings(t, x) for t, x in draft_items]
    keys = [(d, k) for d, rs in enumerate(readings) for k in range(len(rs))]

    def same(r: int, reading: Reading) -> bool:
        real = real_items[r]
        if answers(real, reading, weights):
            return True
        body = bodies[r] if r < len(bodies) else ""
        return bool(body) and answers(f"{real}。{body}", reading, weights)

    edges = [[key for key in keys if same(r, readings[key[0]][key[1]])] for r in range(len(real_items))]
    owner: dict[tuple[int, int], int] = {}

    def assign(r: int, seen: set[tuple[int, int]]) -> bool:
        for key in edges[r]:
            if key in seen:
                continue
            seen.add(key)
            if key not in owner or assign(owner[key], seen):
                owner[key] = r
                return True
        return False

    for r in range(len(real_items)):
        assign(r, set())
    hit = {d for e in edges for d, _ in e}
    return ItemMatch(
        pairs=sorted((r, d) for (d, _), r in owner.items()),
        any_hits=[bool(e) for e in edges],
        draft_hits=[d in hit for d in range(len(draft_items))],
    )


def theme_coverage(
    real_items: Sequence[str], draft_items: Sequence[tuple[str, str]], weights: Mapping[str, float]
) -> float | None:
    """Share of the real plan's items matched one to one by a draft item that is the same measure."""
    if not real_items:
        return None
    return match_items(real_items, draft_items, weights).coverage(len(real_items))


def real_plan_items(part: ReportPart, block: Block) -> list[str]:
    """What each item of a real plan is about: its title, else its first clause (a one-item section: its title; a
    section written on its heading's one line is one item). An item written as a list (``- 力争…`` lines) is one item a line; an untitled paragraph opening with its period
    only (``下半年，…；…。``) is one item a sentence; the bureau's name signing the plan is no item."""
    return [what for what, _ in real_plan_readings(part, block)]


def real_plan_readings(part: ReportPart, block: Block) -> list[tuple[str, str]]:
    """Each item of :func:`real_plan_items` with the first clause of what it goes on to say when its title names
    no line of work (聚焦平台抓提升 → 推动科技园创建省级科技企业孵化器), else ""."""
    out: list[tuple[str, str]] = []
    for sec in plan_sections(part, block)[1]:
        if _one_line(part, sec):  # （二）确保全年技术合同成交额达到9亿元。 / （一）力争…150家以上，全年突破300家。
            rest = sec.items[0].text if sec.items else ""
            out.append((sec.title, _first_clause(rest)))
            continue
        for it in sec.items:
            bullets = BULLET_RE.findall(it.text)
            if len(bullets) >= MIN_LISTED:
                out += [(_first_clause(b), "") for b in bullets]
                continue
            # a one-item section is its title, unless the title names a part of the plan (主要目标, 保障措施)
            own_title = len(sec.items) == 1 and heading_role(sec.title) is None
            opening = next(iter(clauses(it.title or it.text)), "")
            if own_title or _names_something(opening):
                title = it.title or (sec.title if own_title else "")
                body = it.text[len(it.title) :] if it.title and it.text.startswith(it.title) else it.text
                out.append((title, _first_clause(body.lstrip("。：:，, "))) if title else (_first_clause(it.text), ""))
            else:
                out += [(_first_clause(x), "") for x in re.split(r"[；;。]", it.text) if _names_something(x)]
    return [(what, body if main_line(canonical_metric(what)) is None else "") for what, body in out if not _signs(what)]


def _one_line(part: ReportPart, sec: PlanSection) -> bool:
    """Whether a plan section is one item written on its heading's line: a heading with nothing under it
    (（二）确保全年技术合同成交额达到9亿元。), or one whose only item is the rest of the heading's sentence
    (（一）力争上半年科技型中小企业评价入库150家以上，全年突破300家。: the heading stops at its comma). A heading
    naming a part of the plan (主要目标, 保障措施) or nothing but its period is no item."""
    if heading_role(sec.title) is not None or not _names_something(sec.title) or sec.intro:
        return False
    if not sec.items:
        return True
    head = part.text[sec.start : sec.items[0].start].rstrip()
    return len(sec.items) == 1 and "\n" not in head and head[-1:] in RUN_ON_STOPS


def _signs(text: str) -> bool:
    """Whether a line is the name of the bureau signing the plan (某市科学技术局), not an item."""
    found = BUREAU_ORG_RE.search(text)
    return found is not None and found.end() == len(text.strip()) and not is_measure(text)


def _names_something(text: str) -> bool:
    """Whether a clause says more than its period (2024年 / 下半年 name no item)."""
    rest = PERIOD_WORD_RE.sub("", text)
    return sum(ch.isalnum() for ch in rest) >= MIN_TOPIC_GRAMS


def _first_clause(text: str) -> str:
    """An untitled item's first clause (up to the first comma), which names what it is about; a clause that is
    only the period it opens with (2024年，…) is read past."""
    text = text.strip()
    parts = [c for c in clauses(text) if c.strip()]
    named = [c for c in parts if _names_something(c)]
    return next(iter(named or parts), text)[:MAX_CLAUSE]


def review_titles(parts: Sequence[ReportPart]) -> list[str]:
    out = []
    for part in parts:
        for block in part.role_blocks(SectionRole.REVIEW):
            out.append(block.title)
            out += [h.title for h in detect_headings(part.text, block.body_start, block.end)]
    return out


def _scores(
    text: str,
    items: Sequence[str],
    verdicts: Sequence[str],
    profile: StyleProfile,
    covered: Sequence[bool],
    leaks: int,
    scheme: Sequence[str],
) -> DraftScores:
    heading_match = all(kind in scheme for kind in profile.heading_scheme[1:])
    opener = sum(opens_in_style(it, profile) for it in items) / len(items) if items else 0.0
    ok = sum(v in ACCEPTED for v in verdicts)
    return DraftScores(
        figure_faithfulness=ok / len(verdicts) if verdicts else None,
        figures=len(verdicts),
        problem_coverage=sum(covered) / len(covered) if covered else None,
        problems=len(covered),
        style_conformity=(float(heading_match) + opener) / 2,
        heading_match=heading_match,
        opener_share=opener,
        leakage=leaks,
        chars=len("".join(text.split())),
    )


def _judge(text: str, ctx: DraftContext, sources: list[SourceText]) -> tuple[list[str], int]:
    """Fresh verdicts for a finished text, and how many foreign names and figures it holds."""
    states: list[str] = []
    leaks = len(find_leaks(text, ctx.foreign_terms))
    foreign = {v.figure.start: v for v in verify(text, ctx.foreign_sources)}
    for v in verify(text, sources, bureau=ctx.bureau_name):
        if v.figure.unit == "date":
            continue
        state = "suggested" if SUGGESTED.match(text[v.figure.end :]) else figure_state(v, ctx) or "failing"
        states.append(state)
        other = foreign.get(v.figure.start)
        foreign_hit = other is not None and other.label in _MATCHED and distinctive(v.figure.surface)
        leaks += state == "failing" and foreign_hit
    return states, leaks


def score_plan(plan: DraftPlan, ctx: DraftContext) -> DraftScores:
    text = plan.render_text()
    states, leaks = _judge(text, ctx, ctx.sources)
    drafted = [(it.title, it.text) for _, it in plan.all_items() if not it.stub]
    items = [f"{t}{x}" for t, x in drafted]
    covered = [any(answered_by(p.title, it, ctx.weights, said_of(p)) for it in items) for p in ctx.problems]
    scores = _scores(text, items, states, plan.style, covered, leaks, text_scheme(text))
    body = "\n".join([plan.intro, *(sec.intro for sec in plan.sections), *(it.text for _, it in plan.all_items())])
    titles = [t for sec in plan.sections for t in (sec.title, *(it.title for it in sec.items))]
    readings = real_plan_readings(ctx.held_part, ctx.held_block) if ctx.held_part and ctx.held_block else []
    real = [what for what, _ in readings]
    match = match_items(real, drafted, ctx.weights, [body for _, body in readings])
    matched = {r for r, _ in match.pairs}
    return scores.model_copy(
        update={
            "items": len(drafted),
            "real_items": len(real) if real else None,
            "model_share": sum(it.by_model for _, it in plan.all_items()) / len(drafted)
            if plan.mode == "generative" and drafted
            else None,
            "sentences": len(plan_sentences(body)),
            "copy_share": copy_share(body, [s.text for s in ctx.sources]),
            "held_copy_share": held_copy_share(body, ctx.held_text, [s.text for s in ctx.sources]),
            "review_headings": review_heading_count(titles, review_titles(ctx.own)),
            "theme_coverage": match.coverage(len(real)) if real else None,
            "theme_coverage_any": sum(match.any_hits) / len(real) if real else None,
            "theme_misses": [r for i, r in enumerate(real) if i not in matched],
            "theme_precision": sum(match.draft_hits) / len(drafted) if real and drafted else None,
            "item_precision": match.precision(len(drafted)) if real else None,
            "item_f1": item_f1(match.coverage(len(real)), match.precision(len(drafted)) or 0.0) if real else None,
            "count_ratio": count_ratio(len(drafted), len(real)),
        }
    )


def score_real_plan(ctx: DraftContext) -> DraftScores | None:
    """The same measures on the bureau's own plan section, its figures checked against the rest of its reports."""
    part, block = (ctx.held_part, ctx.held_block) if ctx.held_part else (ctx.plan_part, ctx.plan_block)
    if part is None or block is None:
        return None
    text = part.text[block.start : block.end]
    _, sections = plan_sections(part, block)
    items = [it.text for sec in sections for it in sec.items]
    states, leaks = _judge(text, ctx, ctx.summary_sources())
    covered = [any(answered_by(p.title, it, ctx.weights, said_of(p)) for it in items) for p in ctx.problems]
    scheme = text_scheme(part.text, block.start, block.end)
    scores = _scores(text, items, states, ctx.profile, covered, leaks, scheme)
    scores.items = len(items)
    body = part.text[block.body_start : block.end]
    titles = [t for sec in sections for t in (sec.title, *(it.title for it in sec.items))]
    return scores.model_copy(
        update={
            "sentences": len(plan_sentences(body)),
            "copy_share": copy_share(body, [s.text for s in ctx.summary_sources()]),
            "review_headings": review_heading_count(titles, review_titles(ctx.own)),
        }
    )


def _is_summary(block: Block) -> bool:
    return bool(block.heading) or block.end - block.start >= MIN_SUMMARY_CHARS


class BureauEval(BaseModel):
    bureau: str
    period: str | None
    draft: DraftScores | None = None
    real: DraftScores | None = None
    held_out: bool = Field(default=False, description="the bureau's own plan for the period was held out")
    skipped: str | None = None
    text: str = Field(default="", exclude=True, description="the draft as written, to read beside the real plan")


def evaluate_drafts(
    catalog: Catalog,
    *,
    llm: BaseChatModel | None = None,
    run_log: RunLog | None = None,
    model_budget_s: float | None = DraftRequest.model_fields["model_budget_s"].default,
    limit: int | None = None,
    progress: BureauProgress | None = None,
) -> list[BureauEval]:
    """Draft the next period of every bureau with a summary and score it beside its real plan: offline, or with
    ``llm`` (then ``run_log`` is required) within ``model_budget_s`` a draft; ``limit`` drafts at most that many.
    ``progress`` is told, for each bureau, which section the model is writing (generative mode)."""
    out: list[BureauEval] = []
    parts = draft_parts(catalog)
    for key in dict.fromkeys(p.key for p in parts):
        if limit is not None and sum(r.skipped is None for r in out) >= limit:
            break
        own = [p for p in parts if p.key == key and any(_is_summary(b) for b in p.role_blocks(SectionRole.REVIEW))]
        if not own:
            continue
        latest = own[-1]
        plan_block = next(iter(latest.role_blocks(SectionRole.PLAN)), None)
        plan_for = plan_period(plan_block.title, latest.years, latest.period) if plan_block else None
        period = next_period(latest.years, latest.period, plan_for)
        if period is None:
            out.append(BureauEval(bureau=latest.label, period=None, skipped="报告未注明年份，无法确定下一期"))
            continue
        request = DraftRequest(bureau=key, period=period.label, model_budget_s=model_budget_s)
        started = time.monotonic()
        told = None if progress is None else partial(progress, latest.label)
        plan, ctx = draft_with_context(catalog, request, llm=llm, run_log=run_log, progress=told)
        seconds = time.monotonic() - started
        log.info("drafted %s %s in %.1f s (%s)", latest.label, period.label, seconds, plan.mode)
        result = bureau_eval(latest.label, period.label, plan, ctx)
        if result.draft is not None:
            result.draft.seconds = seconds
        out.append(result)
    return out


def bureau_eval(label: str, period: str, plan: DraftPlan, ctx: DraftContext) -> BureauEval:
    """The draft and the real plan scored side by side (the real one held out when it is for ``period``)."""
    return BureauEval(
        bureau=label,
        period=period,
        draft=score_plan(plan, ctx),
        real=score_real_plan(ctx),
        held_out=ctx.held_part is not None,
        text=plan.render_text(),
    )
