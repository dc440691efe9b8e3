"""Deterministic pieces of drafting: the target period, re-targeting a sentence to it, placeholders, problem
coverage and the names that must not leak in from other bureaus.

Everything here is pure and works on any bureau's text; :mod:`chains.draft` puts the pieces together.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chains.draft.models import STUB, DraftFigure, DraftItem, DraftPlan, DraftRequest, DraftSection, Search, plan_title
from chains.sources import SENTENCE_RE, source_text
from chains.style import StyleProfile, build_profile
from scribe.errors import DraftError
from scribe.figures import SourceText, VerdictLabel, extract_figures, verify
from scribe.figures.places import parse_bureau, place_mentions
from scribe.models import FigureStatus, Modality
from vectorstore.anatomy import (
    Block,
    PlanItem,
    Problem,
    ReportPart,
    Role,
    corpus_parts,
    plan_sections,
    problems,
    select_parts,
)
from vectorstore.catalog import Catalog

log = logging.getLogger(__name__)

Half = Literal["上半年", "下半年"]
_PERIOD = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*(上半年|下半年|全年|年度)?\s*(?:工作)?\s*$")
_MONTHS = re.compile(r"(\d{1,2})\s*[-—~至到]\s*(\d{1,2})\s*月")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})年")
_NUMBER_PART = re.compile(r"\d[\d.,]*|[零一二三四五六七八九十百千两]+")
_QUOTED = re.compile(r"[“\"]([^”\"“\n]{3,16})[”\"]")
_BOOK = re.compile(r"《([^》\n]{4,40})》")
# Characters that say what is wrong rather than what the problem is about (不足, 偏低, 缺乏, 较少 ...).
_NOT_TOPIC = set("不缺乏足够偏低少难弱慢缓较差未无欠薄短过小的了和与及等在是有其且但而")
COVERAGE_THRESHOLD = 0.45


class Period(BaseModel):
    """A plan period: a year, optionally one half of it."""

    year: int
    half: Half | None = None

    @property
    def label(self) -> str:
        return f"{self.year}年{self.half or ''}"

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PERIOD.match(text.replace(" ", ""))
        if not m:
            raise DraftError(f"无法识别时期“{text}”；请写成 2024年下半年、2025年上半年 或 2025年。")
        half: Half | None = "上半年" if m.group(2) == "上半年" else "下半年" if m.group(2) == "下半年" else None
        return cls(year=int(m.group(1)), half=half)

    def rank(self) -> float:
        return self.year + {None: 0.9, "上半年": 0.4, "下半年": 0.8}[self.half]


def is_half_year_summary(period: str | None) -> bool:
    """True for 上半年 / 1-5月 style periods (a summary whose plan is for the rest of the same year)."""
    if not period:
        return False
    if "上半年" in period:
        return True
    m = _MONTHS.search(period)
    return m is not None and int(m.group(2)) <= 9


def plan_period(plan_title: str, years: Sequence[int], summary_period: str | None) -> Period | None:
    """The period a report's own plan section is for: from its title (2024年工作计划), else from the report."""
    title_year = _YEAR_IN.search(plan_title.replace("O", "0").replace("o", "0"))
    half: Half | None = "下半年" if "下半年" in plan_title else None
    if title_year:
        return Period(year=int(title_year.group(1)), half=half)
    if not years:
        return None
    if is_half_year_summary(summary_period) or half:
        return Period(year=max(years), half="下半年")
    return Period(year=max(years) if len(years) > 1 else years[0] + 1)


def next_period(years: Sequence[int], period: str | None, plan: Period | None) -> Period | None:
    """The period a bureau drafts next: its own plan's period, else the one after its latest summary."""
    if plan is not None:
        return plan
    if not years:
        return None
    return Period(year=max(years), half="下半年") if is_half_year_summary(period) else Period(year=max(years) + 1)


class Retarget:
    """Rewrites a sentence of a plan for ``source`` so that it speaks of ``target``."""

    def __init__(self, source: Period | None, target: Period) -> None:
        self.source = source
        self.target = target

    @property
    def keeps_targets(self) -> bool:
        """A stated target stands only in a plan for the same year."""
        return self.source is not None and self.source.year == self.target.year

    def text(self, text: str) -> str:
        src, tgt = self.source, self.target
        if src is None:
            return text
        if src.year != tgt.year:
            text = re.sub(rf"(?<![\d\-—~至]){src.year}(?=年)", str(tgt.year), text)
        if src.half and src.half != tgt.half:
            text = re.sub(rf"(?<=年){src.half}", tgt.half or "全年", text)
            text = re.sub(rf"(?<!年){src.half}", tgt.label, text)
        return text


def placeholder(surface: str) -> str:
    """The figure with its number left for the drafter: 8.6亿元 → X亿元, 18% → X%, 五家 → X家."""
    return _NUMBER_PART.sub("X", surface, count=1)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_RE.findall(text) if s.strip()]


# -- problem coverage -------------------------------------------------------------------------------------------


def _grams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if _cjk(text[i]) and _cjk(text[i + 1])}


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def topic_grams(problem: str) -> set[str]:
    """Bigrams naming what a problem is about: the words before it says what is lacking (成效不理想, 不足)."""
    cut = next((i for i, ch in enumerate(problem) if ch in _NOT_TOPIC and i >= 2), len(problem))
    return {g for g in _grams(problem[:cut]) if not (set(g) & _NOT_TOPIC)}


def gram_weights(texts: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of bigrams over ``texts`` (rare bigrams say more)."""
    docs = [_grams(t) for t in texts]
    df: Counter[str] = Counter(g for d in docs for g in d)
    n = max(len(docs), 1)
    return {g: math.log(1 + n / c) for g, c in df.items()}


def coverage_score(problem: str, text: str, weights: Mapping[str, float] | None = None) -> float:
    """Weighted share of the problem's topic bigrams that ``text`` mentions."""
    topic = topic_grams(problem)
    if not topic:
        return 0.0
    top = max(weights.values(), default=1.0) if weights else 1.0
    weight = {g: (weights.get(g, top) if weights else 1.0) for g in topic}
    present = _grams(text)
    return sum(w for g, w in weight.items() if g in present) / sum(weight.values())


# -- leakage ----------------------------------------------------------------------------------------------------


def distinctive_terms(text: str, bureaus: Iterable[str | None] = ()) -> set[str]:
    """Names a report owns: places, the bureau's place name, quoted slogans and programmes, 《titles》."""
    terms = {f"{p.name}{p.level}" for p in place_mentions(text) if p.name}
    terms |= {name for b in bureaus if (name := parse_bureau(b).name)}
    terms |= {m.group(1) for m in _QUOTED.finditer(text) if not m.group(1).isdigit()}
    terms |= {m.group(1) for m in _BOOK.finditer(text)}
    return {t.strip() for t in terms if len(t.strip()) >= 2}


def foreign_terms(
    own_texts: Sequence[str], other_texts: Sequence[str], other_bureaus: Iterable[str | None]
) -> list[str]:
    """Other bureaus' names that the bureau's own reports never use."""
    own = "\n".join(own_texts)
    found = distinctive_terms("\n".join(other_texts), other_bureaus)
    return sorted((t for t in found if t not in own), key=lambda t: (-len(t), t))


def find_leaks(text: str, terms: Iterable[str]) -> list[str]:
    return [t for t in terms if t in text]


# -- what the drafters read -------------------------------------------------------------------------------------


class ProblemRef(BaseModel):
    title: str
    text: str
    chunk_ids: list[str]


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
    heading_marker: str = "一、"
    heading: str = "下步工作思路"
    weights: dict[str, float] = Field(default_factory=dict)

    @property
    def retarget(self) -> Retarget:
        return Retarget(self.plan_for, self.target)

    def summary_sources(self) -> list[SourceText]:
        return [s for s in self.sources if s.source_id not in self.plan_chunk_ids]


def _part_rank(part: ReportPart) -> float:
    half = 0.4 if part.period and ("上半年" in part.period or "月" in part.period) else 0.9
    return (max(part.years) if part.years else 0) + half


def _sources(catalog: Catalog, parts: list[ReportPart]) -> list[SourceText]:
    ids = [cid for p in parts for _, _, cid in p.pieces]
    found = catalog.get_chunks(ids)
    return [source_text(*found[cid]) for cid in ids if cid in found]


def gather(catalog: Catalog, request: DraftRequest, *, search: Search | None = None) -> DraftContext:
    """Read the bureau's reports, its problems, prior plans, figure ledger and style; and the others' names."""
    corpus = corpus_parts(catalog)
    own = sorted(select_parts(corpus, request.bureau), key=_part_rank, reverse=True)
    if not own:
        known = "、".join(sorted({p.label for p in corpus})) or "（库中没有报告）"
        raise DraftError(f"库中没有 {request.bureau} 的报告；已入库的单位：{known}")
    target = Period.parse(request.period)
    ctx = DraftContext(
        bureau=own[0].label,
        bureau_name=own[0].bureau,
        target=target,
        profile=build_profile(own[0].key, corpus),
        own=own,
    )
    ctx.heading = ctx.profile.plan_heading
    for part in own:
        plans = part.role_blocks(Role.PLAN)
        if plans:
            ctx.plan_part, ctx.plan_block = part, plans[0]
            ctx.plan_for = plan_period(plans[0].title, part.years, part.period)
            ctx.heading_marker = plans[0].heading[: len(plans[0].heading) - len(plans[0].title)] or "一、"
            ctx.heading = ctx.retarget.text(plans[0].title)
            break
    for part in own:
        for block in part.role_blocks(Role.PLAN):
            ctx.plan_chunk_ids |= set(part.chunk_ids(block.body_start, block.end))
    latest = next((p for p in own if p.role_blocks(Role.PROBLEMS)), None)
    if latest is not None:
        ctx.problems = [_problem_ref(latest, p) for p in problems(latest)]
    ctx.sources = _sources(catalog, own)
    own_keys = {p.key for p in own}
    others = [p for p in corpus if p.key not in own_keys]
    ctx.foreign_sources = _sources(catalog, others)
    ctx.foreign_terms = foreign_terms([p.text for p in own], [p.text for p in others], [p.bureau for p in others])
    doc_ids = {p.doc_id for p in own}
    ctx.ledger = [r for d in doc_ids for r in catalog.figure_rows(doc_id=d) if r.get("bureau") in (own[0].bureau, None)]
    own_ids = {s.source_id for s in ctx.sources}
    if search is not None:
        ctx.focus_chunk_ids = [cid for focus in request.focus for cid in search(focus) if cid in own_ids]
    ctx.weights = gram_weights(s for p in own for s in sentences(p.text))
    log.info(
        "drafting %s %s: %d parts, %d problems, plan for %s",
        ctx.bureau,
        target.label,
        len(own),
        len(ctx.problems),
        ctx.plan_for.label if ctx.plan_for else "-",
    )
    return ctx


def _problem_ref(part: ReportPart, problem: Problem) -> ProblemRef:
    return ProblemRef(title=problem.title, text=problem.text, chunk_ids=part.chunk_ids(problem.start, problem.end))


# -- the offline drafter ----------------------------------------------------------------------------------------


def compose_offline(ctx: DraftContext, request: DraftRequest) -> DraftPlan:
    """The bureau's own plan, re-targeted to the new period, ordered by focus; unchecked (see ``check_plan``)."""
    plan = DraftPlan(
        bureau=ctx.bureau,
        period=ctx.target.label,
        mode="offline",
        title=plan_title(ctx),
        heading_marker=ctx.heading_marker,
        heading=ctx.heading,
        style=ctx.profile,
    )
    if ctx.plan_part is None or ctx.plan_block is None:
        plan.notes.append("本单位没有以往的工作计划可供改写：以下按上期工作列出提纲，具体举措待补充。")
        plan.sections = _outline(ctx)
    else:
        part = ctx.plan_part
        intro, sections = plan_sections(part, ctx.plan_block)
        plan.intro = _rewrite(ctx, request, intro, [])[0]
        for sec in sections:
            items = [_item(ctx, request, part, it) for it in sec.items]
            sec_intro = _rewrite(ctx, request, sec.intro, part.chunk_ids(sec.start, sec.end))[0]
            plan.sections.append(
                DraftSection(
                    title=ctx.retarget.text(sec.title),
                    intro=sec_intro,
                    items=items,
                    marked=any(it.marker for it in sec.items),
                )
            )
        if not ctx.retarget.keeps_targets:
            plan.notes.append(
                f"原计划针对{ctx.plan_for.label if ctx.plan_for else '未注明的时期'}，其中的目标数字已改为 X"
                + ("或建议值" if request.suggest_targets else "")
                + "，请按本期实际填写。"
            )
    _focus_first(plan, ctx, request.focus)
    return plan


def _item(ctx: DraftContext, request: DraftRequest, part: ReportPart, item: PlanItem) -> DraftItem:
    ids = part.chunk_ids(item.start, item.start + len(item.text))
    text, figures = _rewrite(ctx, request, item.text, ids)
    return DraftItem(title=ctx.retarget.text(item.title), text=text, source_chunk_ids=ids, figures=figures)


def _rewrite(ctx: DraftContext, request: DraftRequest, text: str, ids: list[str]) -> tuple[str, list[DraftFigure]]:
    """Historical figures stay; a stated target stays only for the same year, else becomes X or a 建议值."""
    if not text or ctx.retarget.keeps_targets:
        return ctx.retarget.text(text), []
    verdicts = {v.figure.start: v for v in verify(text, ctx.summary_sources(), bureau=ctx.bureau_name)}
    suggested: list[DraftFigure] = []
    for fig in reversed(extract_figures(text)):
        verdict = verdicts.get(fig.start)
        historical = verdict is not None and verdict.label in (VerdictLabel.SUPPORTED, VerdictLabel.DERIVED)
        if fig.status is not FigureStatus.CLEAN or (historical and fig.modality is not Modality.TARGET):
            continue
        if request.suggest_targets:
            basis = f"沿用{ctx.plan_for.label if ctx.plan_for else '上期'}计划目标：{fig.sentence.strip()}"
            if achieved := _achieved(ctx, fig.metric):
                basis += f"；上期完成：{achieved}"
            suggested.append(
                DraftFigure(
                    surface=fig.surface,
                    metric=fig.metric,
                    state="suggested",
                    basis=basis,
                    source_chunk_id=ids[0] if ids else None,
                    source_sentence=fig.sentence,
                )
            )
            text = f"{text[: fig.end]}（建议值）{text[fig.end :]}"
        else:
            text = text[: fig.start] + placeholder(fig.surface) + text[fig.end :]
    return ctx.retarget.text(text), suggested


def _achieved(ctx: DraftContext, metric: str) -> str | None:
    for row in ctx.ledger:
        other = str(row.get("metric") or "")
        if row.get("modality") == "achieved" and other and metric and (other in metric or metric in other):
            return f"{other}{row.get('surface')}（{row.get('period') or '时期未注明'}）"
    return None


def _outline(ctx: DraftContext) -> list[DraftSection]:
    """Without an own plan: one section per topic of the latest summary, each left for the drafter."""
    latest = ctx.own[0]
    titles = [t for b in latest.role_blocks(Role.SUMMARY) for t in _child_titles(latest, b)]
    return [DraftSection(title=t, items=[DraftItem(text=f"{STUB}。", stub=True)]) for t in titles[:8]] or [
        DraftSection(title="重点工作", items=[DraftItem(text=f"{STUB}。", stub=True)])
    ]


def _child_titles(part: ReportPart, block: Block) -> list[str]:
    from vectorstore.structure import detect_headings

    return [h.title for h in detect_headings(part.text, block.body_start, block.end) if h.level in (2, 3) and h.title]


def _focus_first(plan: DraftPlan, ctx: DraftContext, focus: Sequence[str]) -> None:
    """Sections and items on the focus areas come first; a focus area no item covers gets an item to write."""
    if not focus:
        return

    def hits(item: DraftItem) -> bool:
        return any(f in item.text or f in item.title for f in focus) or bool(
            set(item.source_chunk_ids) & set(ctx.focus_chunk_ids)
        )

    for sec in plan.sections:
        sec.items.sort(key=lambda it: not hits(it))
    plan.sections.sort(key=lambda sec: not any(hits(it) for it in sec.items))
    for area in focus:
        if plan.sections and not any(area in it.text for sec in plan.sections for it in sec.items):
            plan.sections[0].items.append(DraftItem(text=f"围绕{area}，{STUB}。", stub=True))
