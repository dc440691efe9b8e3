"""The drafting rules, applied to every draft after it is written (offline or by a model).

:func:`check_plan` judges each figure with the faithfulness engine against the bureau's own chunks — a figure
without a source, or a stated target of another year, becomes ``X``; sentences naming another bureau are
removed; a problem no item addresses gets an item to write. The pure measures it rests on — problem coverage
(:func:`coverage_score`) and the names that must not leak in from other bureaus (:func:`foreign_terms`,
:func:`find_leaks`) — live here too, so the drafting evaluation (:mod:`eval.draft_eval`) scores with the same
rules the drafter is held to.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from chains.draft.models import (
    STUB,
    DraftContext,
    DraftFigure,
    DraftIssue,
    DraftItem,
    DraftPlan,
    DraftRequest,
    FigureState,
    ProblemCoverage,
    ProblemRef,
)
from chains.draft.periods import placeholder
from scribe.figures import SourceText, Verdict, VerdictLabel, extract_figures, verify
from scribe.figures.models import Conflict
from scribe.lexicon.headings import SectionRole, strip_marker
from scribe.lexicon.places import place_mentions, place_of
from scribe.lexicon.plans import (
    ANSWER_LEAD,
    BASE_WORDS,
    PROBLEM_WORD,
    concrete_measure,
    is_measure,
    is_review_heading,
    main_line,
    plan_theme,
    problem_line,
)
from scribe.lexicon.sentences import ITEM_ENDS, ITEM_RE, SENTENCE_ENDS
from scribe.models import Modality
from vectorstore.anatomy import ReportPart
from vectorstore.structure import detect_headings

_QUOTED = re.compile(r"[“\"]([^”\"“\n]{3,16})[”\"]")
_BOOK = re.compile(r"《([^》\n]{4,40})》")
# Characters that say what is wrong rather than what the problem is about (不足, 偏低, 缺乏, 较少 ...).
_NOT_TOPIC = set("不缺乏足够偏低少难弱慢缓较差未无欠薄短过小的了和与及等在是有其且但而")
COVERAGE_THRESHOLD = 0.45
MIN_MODEL_BODY = 6  # characters a model's item says besides its title (强化主体培育。 alone plans nothing)
MAX_HEADING_CHARS = 20  # a model's item of one clause this short is a heading (加强科技成果登记。), not a measure
PROBLEM_NAME_TRIM = "，,、较约近超达为仅只"  # left before a cut figure (not 比: 占比 stays)
SUGGESTED = re.compile(r"^\s*[（(]建议值")  # right after a figure: the drafter marked it as a 建议值


def sentences(text: str) -> list[str]:
    return [s for s in ITEM_RE.findall(text) if s.strip()]


def item_about(title: str, text: str) -> str:
    """What an item is about: its title, else its first sentence after the results it builds on (在…的基础上)."""
    if title:
        return title
    first = next(iter(sentences(text)), "")
    return first.split(BASE_WORDS)[-1]


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
    terms |= {name for b in bureaus if (name := place_of(b).name)}
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


# -- a model's item ----------------------------------------------------------------------------------------------


def review_headings(parts: Iterable[ReportPart]) -> set[str]:
    """The headings of the reports' reviews, and what each is about, as :func:`heading_key` reads them."""
    out: set[str] = set()
    for part in parts:
        for block in part.role_blocks(SectionRole.REVIEW):
            titles = [block.title, *(h.title for h in detect_headings(part.text, block.body_start, block.end))]
            out |= {heading_key(t) for t in titles if t} | {heading_key(plan_theme(t)) for t in titles if t}
    return out - {""}


def heading_key(title: str) -> str:
    """A heading without its marker and punctuation, to compare one with another."""
    return "".join(ch for ch in strip_marker(title) if ch.isalnum())


def is_review_title(title: str, taken: set[str]) -> bool:
    """A heading a plan must not use: a review heading by its words, or one of the reviewed reports' headings."""
    return is_review_heading(title) or heading_key(title) in taken


def model_item_fault(
    title: str,
    text: str,
    problems: Sequence[str],
    weights: Mapping[str, float],
    taken: set[str] | None = None,
    outline: str = "",
) -> str | None:
    """Why an item a model wrote cannot stand in a plan, or None: it must say what to do (a measure), not open
    with a review heading (主要指标完成情况, or a heading of the reviewed report, ``taken``), not restate a result
    (a figure achieved, outside the 在…的基础上 it builds on), be more than one heading-like clause (加强科技成果登记。),
    say more than the heading of the ``outline`` item it replaces (持续深入开展党史学习教育 for
    持续深入开展党史学习教育。持续设立“党史学习加油站”…), and still answer the ``problems`` that item answered."""
    if not text.strip():
        return "回复为空"
    if title and is_review_title(title, taken or set()):
        return f"标题“{title}”是总结的标题"
    body = "".join(s for s in sentences(text) if s.strip().rstrip("。；;") != title)
    if len(body.strip()) < MIN_MODEL_BODY:
        return "只有标题，没有内容"
    lead = sentences(outline)
    if len(lead) > 1 and _bare(body) in (_bare(lead[0]), _bare(title)):
        return "只写了条目的标题，没有写它的举措"
    clauses = [c for c in _CLAUSE_RE.findall(text) if c.strip(ITEM_ENDS + "，,")]
    if len(clauses) == 1 and len(_bare(text)) <= MAX_HEADING_CHARS:
        return "只有一句标题式的话，没有写怎么做"  # 加快高新技术企业和科技项目申报。 heads an item, plans nothing
    said = sentences(text)
    if not any(is_measure(s) for s in said):
        return "没有写要做的事"
    restated = restated_results(text)
    if restated:
        return f"复述上期成效：{restated[0].strip()}"
    missed = [p for p in problems if not answered_by(p, text, weights)]
    return f"未回应存在问题（{missed[0][:16]}）" if missed else None


REPEAT_RUN = 8  # characters a clause shares with an earlier clause of its item before it only says that again
_CLAUSE_RE = re.compile(rf"[^{ITEM_ENDS}，,\n]+[{ITEM_ENDS}，,]?")


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share."""
    best, row = 0, [0] * (len(b) + 1)
    for ch in a:
        prev, row = row, [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                row[j] = prev[j - 1] + 1
                best = max(best, row[j])
    return best


def drop_repeats(text: str, before: Sequence[str] = ()) -> tuple[str, list[str]]:
    """``text`` without the clauses that repeat an earlier clause of it (the same clause, or a run of
    :data:`REPEAT_RUN` characters or more: 发挥眼镜、智能锁具等省级创新服务综合体作用，推动眼镜、智能锁具等省级创新服务综合体建设 — the second says
    the first again), or a clause of the texts ``before`` it (the items written before it in its section: a model
    that writes one tail under every item says it once), and the clauses dropped. A sentence whose every clause goes
    is dropped whole; the sentence before a dropped clause that ended it is closed with its end."""
    kept: list[str] = []
    dropped: list[str] = []
    earlier = [c.rstrip(ITEM_ENDS + "，,") for t in before for c in _CLAUSE_RE.findall(t)]
    for clause in _CLAUSE_RE.findall(text):
        body = clause.rstrip(ITEM_ENDS + "，,")
        said = [*earlier, *(k.rstrip(ITEM_ENDS + "，,") for k in kept)]
        again = body in said or (len(body) >= REPEAT_RUN and any(_common_run(body, k) >= REPEAT_RUN for k in said))
        if (kept or earlier) and body and again:
            dropped.append(body)
            end = clause[len(body) :]
            if end and end in ITEM_ENDS and kept:  # the sentence the dropped clause closed ends where it is kept
                kept[-1] = kept[-1].rstrip(ITEM_ENDS + "，,") + end
            continue
        kept.append(clause)
    return "".join(kept), dropped


def closed(text: str) -> str:
    """A model's item text ending as a sentence: a text its length bound cut off mid-clause (no end mark) is cut back
    to its last clause, and closed with 。."""
    text = text.rstrip()
    if not text or text[-1] in SENTENCE_ENDS + "；;":
        return text
    cut = max(text.rfind(ch) for ch in ITEM_ENDS + "，,")
    body = text[:cut] if cut >= MIN_MODEL_BODY else text
    return body.rstrip("，,；;、") + "。"


def _bare(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def restated_results(text: str) -> list[str]:
    """The sentences of ``text`` that state a result instead of a measure: an achieved figure outside the
    在…的基础上 a measure builds on (上半年新增科技型中小企业19家。 / 研发费用占比1.84%，较去年同期提升0.4个百分点。
    — 提升 there says how it went, not what to do). A plan states last period's figures only as its base."""
    out = []
    for s in sentences(text):
        achieved = [f for f in extract_figures(s) if f.modality is Modality.ACHIEVED and f.unit != "date"]
        if achieved and BASE_WORDS not in s:
            out.append(s)
    return out


# -- the gate ---------------------------------------------------------------------------------------------------


def check_plan(plan: DraftPlan, ctx: DraftContext, request: DraftRequest) -> DraftPlan:
    """Apply the drafting rules in place and return the plan (see module docstring)."""
    plan.intro = _check_text(plan, ctx, plan.intro, "开头", [], [plan.period, plan.heading])[0]
    for s, section in enumerate(plan.sections):
        label = plan.section_marker(s + 1)
        path = [plan.period, plan.heading, section.title]  # under a plan heading a figure is a target, as in a report
        section.intro = _check_text(plan, ctx, section.intro, label, [], path)[0]
        for i, item in enumerate(section.items):
            item.text, item.figures = _check_text(plan, ctx, item.text, plan.item_label(s, i), item.figures, path)
        section.items = [it for it in section.items if it.text.strip()]
    plan.sections = [s for s in plan.sections if s.items]
    add_stubs(plan, ctx)
    plan.coverage = problem_coverage(plan, ctx.problems, ctx.weights)
    return plan


def _check_text(
    plan: DraftPlan, ctx: DraftContext, text: str, label: str, known: list[DraftFigure], section_path: list[str]
) -> tuple[str, list[DraftFigure]]:
    if not text:
        return text, []
    kept = []
    for sentence in sentences(text):
        leaks = find_leaks(sentence, ctx.foreign_terms)
        if leaks:
            plan.issues.append(
                DraftIssue(
                    kind="leak", item=label, detail=f"含其他单位的名称“{'、'.join(leaks)}”，已删去：{sentence.strip()}"
                )
            )
        else:
            kept.append(sentence)
    text = "".join(kept)
    suggested = {f.surface: f for f in known if f.state == "suggested"}
    figures: list[DraftFigure] = []
    foreign: dict[int, Verdict] | None = None
    where = {src.source_id: source_where(src) for src in ctx.sources}
    for v in reversed(verify(text, ctx.sources, bureau=ctx.bureau_name, section_path=section_path)):
        fig = v.figure
        if fig.unit == "date":
            continue
        state = figure_state(v, ctx)
        if SUGGESTED.match(text[fig.end :]):
            basis = suggested[fig.surface].basis if fig.surface in suggested else None
            figures.append(
                DraftFigure(
                    surface=fig.surface,
                    metric=fig.metric,
                    state="suggested",
                    basis=basis or "未给出依据，请核实",
                    source_chunk_id=v.source_id,
                    source_sentence=v.source_sentence,
                    source_where=where.get(v.source_id or ""),
                )
            )
            continue
        if state is not None:
            figures.append(
                DraftFigure(
                    surface=fig.surface,
                    metric=fig.metric,
                    state=state,
                    source_chunk_id=v.source_id,
                    source_sentence=v.source_sentence,
                    basis=v.derivation,
                    source_where=where.get(v.source_id or ""),
                )
            )
            continue
        if foreign is None:
            foreign = {f.figure.start: f for f in verify(text, ctx.foreign_sources, section_path=section_path)}
        other = foreign.get(fig.start)
        if (
            other is not None
            and other.label in (VerdictLabel.SUPPORTED, VerdictLabel.TARGET)
            and distinctive(fig.surface)
        ):
            plan.issues.append(
                DraftIssue(
                    kind="foreign_figure",
                    item=label,
                    detail=f"“{fig.surface}”出自其他单位的报告（{other.source_sentence}），已改为 X",
                )
            )
        stale = v.label in (VerdictLabel.SUPPORTED, VerdictLabel.TARGET) or v.conflict is Conflict.STATUS
        kind = (
            "stale_target" if stale else "figure_removed" if fig.modality is Modality.ACHIEVED else "figure_placeholder"
        )
        reason = "原目标不属于本期" if stale else v.reason
        plan.issues.append(
            DraftIssue(
                kind=kind, item=label, detail=f"“{fig.surface}”（{fig.metric or '未识别指标'}）：{reason}；已改为 X"
            )
        )
        text = text[: fig.start] + placeholder(fig.surface) + text[fig.end :]
        figures.append(DraftFigure(surface=fig.surface, metric=fig.metric, state="removed", note=reason))
    figures.reverse()
    return text, figures


def source_where(src: SourceText) -> str:
    """Where a source is, for a reader: 文件 · 最深一级章节."""
    section = src.section_path[-1] if src.section_path else "开头"
    return f"{src.doc} · {section}" if src.doc else section


def figure_state(v: Verdict, ctx: DraftContext) -> FigureState | None:
    """What an engine verdict allows in a draft; None means the figure must go.

    A plan restating a stated target reads as a claim to the engine when the sentence lacks 力争 (its section
    heading said so in the source), so a target matched as "target, not achievement" counts as a citation.
    """
    if v.label is VerdictLabel.PLACEHOLDER:
        return "placeholder"
    source_is_target = v.matched is not None and v.matched.modality is Modality.TARGET
    restated = v.label is VerdictLabel.TARGET or (v.conflict is Conflict.STATUS and source_is_target)
    if v.label not in (VerdictLabel.SUPPORTED, VerdictLabel.DERIVED) and not restated:
        return None
    if v.source_id in ctx.plan_chunk_ids and (source_is_target or v.figure.modality is Modality.TARGET):
        return "target_cited" if ctx.retarget.keeps_targets else None
    return "derived" if v.label is VerdictLabel.DERIVED else "supported"


def problem_coverage(plan: DraftPlan, refs: Sequence[ProblemRef], weights: dict[str, float]) -> list[ProblemCoverage]:
    """Which items address each named problem (an item must name what the problem is about)."""
    out = []
    for ref in refs:
        hits = [(label, it) for label, it in plan.all_items() if _addresses(ref, it, weights)]
        if not hits:  # only an item left for the drafter names it: shown as such, never scored as answered
            hits = [(label, it) for label, it in plan.all_items() if it.stub and ref.title in it.text]
        out.append(
            ProblemCoverage(
                problem=ref.title,
                source_chunk_ids=ref.chunk_ids,
                addressed_by=[lb for lb, _ in hits],
                by_stub_only=bool(hits) and all(it.stub for _, it in hits),
            )
        )
    return out


def _addresses(ref: ProblemRef, item: DraftItem, weights: dict[str, float]) -> bool:
    return not item.stub and answered_by(ref.title, item.text, weights, said_of(ref))


def said_of(ref: ProblemRef) -> str:
    """What a problem's text says besides its title (the causes it names), which a measure must go beyond."""
    return ref.text.removeprefix(ref.title)


def answered_by(problem: str, text: str, weights: Mapping[str, float] | None = None, said: str = "") -> bool:
    """Whether ``text`` holds a measure answering ``problem`` (its title; ``said``: what its text goes on to say):
    one sentence about what the problem is about — naming it (:func:`coverage_score`), or on the same line of work
    (:func:`scribe.lexicon.plans.main_line`) — that says how to answer it
    (:func:`scribe.lexicon.plans.concrete_measure`). A shared keyword is not enough, nor is the problem turned
    round (研发投入比重过低 → 提高研发投入比重) or a target to reach."""
    line = problem_line(problem)

    def about(s: str) -> bool:
        return coverage_score(problem, s, weights) >= COVERAGE_THRESHOLD or (line is not None and main_line(s) is line)

    return any(STUB not in s and about(s) and concrete_measure(s, f"{problem}。{said}") for s in sentences(text))


def add_stubs(plan: DraftPlan, ctx: DraftContext) -> None:
    """For every problem no item addresses, an item for the drafter to write, in the closest section."""
    for ref in ctx.problems:
        if not plan.sections or any(_addresses(ref, it, ctx.weights) for _, it in plan.all_items()):
            continue
        best = max(
            plan.sections,
            key=lambda sec: max(
                (coverage_score(ref.title, sec.title + it.text, ctx.weights) for it in sec.items), default=0.0
            ),
        )
        named = problem_name(ref.title)
        quoted = f"{ANSWER_LEAD}{named}的{PROBLEM_WORD}"
        if any(quoted in it.text for _, it in plan.all_items() if not it.stub):
            # an item names the problem but only turns it round: the drafter is told so, not given a second item
            plan.notes.append(f"“{named}”的回应还没有具体举措（只写了要改进什么），请补充怎么做。")
            continue
        best.items.append(DraftItem(text=f"{quoted}，{STUB}。", source_chunk_ids=ref.chunk_ids, stub=True))


def problem_name(title: str) -> str:
    """A problem as a plan names it: its title without its figures (技术转让合同占比仅一成左右 → 技术转让合同占比),
    which stay in the summary."""
    cuts = [i for i, ch in enumerate(title) if ch.isdigit()] + [f.start for f in extract_figures(title)]
    return title[: min(cuts, default=len(title))].rstrip(PROBLEM_NAME_TRIM) or title


def distinctive(surface: str) -> bool:
    """A figure specific enough to betray its source (6099.1万元, 193人), unlike 5家 or 2个."""
    digits = sum(ch.isdigit() for ch in surface)
    return "." in surface or digits >= 3
