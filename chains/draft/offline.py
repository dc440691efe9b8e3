"""The offline drafter: an outline of the next period's plan written from this period's material.

Sections and items follow the themes of the latest summary (科技创新核心指标情况 → 聚力科技创新核心指标, 成果转化态势良好
→ 推进成果转化), in the bureau's heading scheme and with its openers. Each item is written from what it rests on and
carries that material for the drafter: the results to build on (figures from the summary, cited), the problems it
answers (a measure written from the problem's own words, :func:`scribe.lexicon.plans.remedy`), the line of an
older plan on the same theme (re-used, re-targeted and labelled with its period), and the target, as ``X`` or a
建议值 with its basis. Phrases that belong to another period are rewritten or flagged. The plan for the drafted
period itself, when the store holds it, was cut off by :func:`chains.draft.gather.gather` and is never material.
The result is unchecked; :func:`chains.draft.check.check_plan` applies the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from chains.draft.check import coverage_score, item_about, problem_name, sentences, source_where
from chains.draft.models import (
    STUB,
    DraftContext,
    DraftFigure,
    DraftIssue,
    DraftItem,
    DraftPlan,
    DraftRequest,
    DraftSection,
    Material,
    ProblemRef,
    indicator_name,
    plan_title,
)
from chains.draft.periods import Retarget, placeholder
from chains.draft.shape import shape
from scribe.figures import VerdictLabel, extract_figures, verify
from scribe.lexicon.headings import ENUMERATION_RE, SectionRole, strip_marker
from scribe.lexicon.indicators import DOMAIN_WORDS, find_indicator
from scribe.lexicon.numerals import to_simplified
from scribe.lexicon.periods import WHOLE_YEAR_WORDS, last_month
from scribe.lexicon.places import place_of
from scribe.lexicon.plans import (
    MEASURE_VERBS,
    PLAN_LEADS,
    PLAN_LINES,
    PlanLine,
    carried_on,
    causes,
    concrete_measure,
    is_achievement,
    line_item,
    main_line,
    names_work,
    period_phrases,
    plan_heading,
    plan_lines,
    plan_theme,
    plan_verb,
    problem_line,
    remedy,
    review_theme,
)
from scribe.models import Figure, FigureStatus, Modality
from vectorstore.anatomy import ReportPart, enumerations, plan_sections
from vectorstore.structure import detect_headings

MAX_SECTIONS = 8
MAX_ITEMS = 7
MAX_RESULTS = 2
MAX_CAUSES = 2
MAX_ACTIONS = 2
CONTINUE = "持续"
PARTY_SECTION = "从严抓好党建和队伍建设"
WORK_SECTION = "统筹推进各项重点工作"
WORK_WORDS = "重点工作"  # a section of the bureau's own on its key work takes the standing lines too
MIN_ACTION, MAX_ACTION = 6, 24
EXCERPT = 40
MIN_SAID = 10
MAX_TITLE = 16
MIN_ENUMERATED = 2  # a sentence shorter than this under a heading is the heading itself
REUSE_THRESHOLD = 0.5
ANSWER_THRESHOLD = 0.45  # what the review did on a problem's theme names most of the problem's words
SKIP_UNITS = frozenset({"date", "rank", "ordinal", ""})  # 第一批 says which round, not how much
SPRINT = "冲刺全年目标任务"
MAX_TARGETS_NAMED = 3
CLOSINGS = {"上半年": "力争实现“双过半”", "下半年": "确保高质量完成全年目标任务", "全年": "推动科技创新工作再上新台阶"}


class Theme(NamedTuple):
    """A topic of the latest summary: its heading and the span of text under it."""

    title: str
    start: int
    end: int
    titled: bool = True  # False for a 一是… enumeration under a heading: it has no title of its own


class Outline(NamedTuple):
    section: Theme
    items: list[Theme]


def compose_offline(ctx: DraftContext, request: DraftRequest) -> DraftPlan:
    """An outline of the next period's plan, every item written from and carrying its material (unchecked)."""
    plan = DraftPlan(
        bureau=ctx.bureau,
        period=ctx.target.label,
        mode="offline",
        title=plan_title(ctx),
        heading_marker=ctx.heading_marker,
        heading=ctx.heading,
        style=ctx.profile,
    )
    part = ctx.own[0]
    outline = themes(part)
    own_style = ctx.profile.fallback_from is None
    section_lead = ctx.profile.section_leads[0] if own_style and ctx.profile.section_leads else ""
    item_lead = ctx.profile.item_leads[0] if own_style and ctx.profile.item_leads else ""
    for entry in outline:
        children = list(entry.items) or _enumerated(part, entry.section)
        if children:
            items = [_item(ctx, request, part, t, item_lead, plan, titled=t.titled) for t in children]
        else:  # a topic without sub-topics is one paragraph under its heading
            items = [_item(ctx, request, part, entry.section, item_lead, plan, titled=False)]
        named = names_work(entry.section.title)
        title = plan_heading(entry.section.title, section_lead) if named else WORK_SECTION
        plan.sections.append(DraftSection(title=title, items=items, marked=len(items) > 1))
    _answer_problems(plan, ctx, part)
    _standing_lines(plan, ctx)
    shape(plan, ctx, reserved=int(sprints(ctx)))
    _year_items(plan, ctx)
    plan.intro = _intro(ctx, plan)
    if ctx.held_part is not None:
        plan.notes.append(
            f"库中已有本单位{ctx.target.label}的计划（{ctx.held_part.file_name}），它正是要起草的内容，"
            "起草时未参照；每条后附的“依据”是起草所用的材料。"
        )
    plan.notes.append(
        "目标数字写作 X" + ("或建议值（附依据）" if request.suggest_targets else "") + "，请按本期实际填写。"
    )
    _focus_first(plan, ctx, request.focus)
    return plan


def themes(part: ReportPart) -> list[Outline]:
    """The summary's topics: its level-2 headings with their level-3 children, from the review blocks."""
    out: list[Outline] = []
    for block in part.role_blocks(SectionRole.REVIEW):
        if not block.heading:
            continue
        heads = [h for h in detect_headings(part.text, block.body_start, block.end) if h.level in (2, 3) and h.title]
        top = 2 if any(h.level == 2 for h in heads) else 3
        if not heads:
            out.append(Outline(Theme(block.title, block.body_start, block.end), []))
            continue
        groups: list[tuple[Theme | None, list[Theme]]] = [] if top == 2 else [(None, [])]
        for i, h in enumerate(heads):
            span = Theme(h.title, h.title_start, heads[i + 1].start if i + 1 < len(heads) else block.end)
            if h.level == top == 2:
                groups.append((span, []))
            elif groups:
                groups[-1][1].append(span)
        for head, children in groups:
            if head is None:
                out.append(Outline(Theme(block.title, block.body_start, block.end), children))
            else:
                end = children[-1].end if children else head.end
                out.append(Outline(Theme(head.title, head.start, end), children))
    kept = [o for o in out if review_theme(o.section.title) and not is_achievement(o.section.title)]
    return [Outline(o.section, [t for t in o.items if not is_achievement(t.title)][:MAX_ITEMS]) for o in kept][
        :MAX_SECTIONS
    ]


def _enumerated(part: ReportPart, theme: Theme) -> list[Theme]:
    """The 一是… / 二是… items under a heading without sub-headings, each a topic of the section."""
    marks = enumerations(part.text, theme.start, theme.end)
    if len(marks) < MIN_ENUMERATED:
        return []
    ends = [a for a, _ in marks[1:]] + [theme.end]
    return [Theme(theme.title, b, end, titled=False) for (_, b), end in zip(marks, ends, strict=True)][:MAX_ITEMS]


def _item(
    ctx: DraftContext,
    request: DraftRequest,
    part: ReportPart,
    theme: Theme,
    lead: str,
    plan: DraftPlan,
    *,
    titled: bool = True,
) -> DraftItem:
    text = part.text[theme.start : theme.end]
    title = plan_heading(theme.title, lead) if titled else ""
    topic = plan_theme(review_theme(theme.title))
    ids = part.chunk_ids(theme.start, theme.end)
    where = review_theme(theme.title)
    item = DraftItem(title=title, text="", source_chunk_ids=ids)
    body: list[str] = []
    results = [(name, fig) for name, fig in _results(text) if _cites(ctx, part, name, fig)]
    for _name, fig in results:
        quote = _excerpt(fig.sentence)
        if all(m.text != quote for m in item.material):
            chunk = _chunk(part, theme, fig)
            item.material.append(Material(kind="result", text=quote, source_chunk_id=chunk, where=where))
    actions = _actions(text)
    if results:
        done = "、".join(f"{_when(ctx, part, fig)}{name}已完成{fig.surface}" for name, fig in results)
        body.append(f"在{done}的基础上，持续{plan_verb(topic)}{topic}。")
    if actions:
        body.append("，".join(a if a.startswith(PLAN_LEADS) else f"持续{a}" for a in actions) + "。")
        said = [x for x in sentences(text) if len(x) >= MIN_SAID and not x.startswith(theme.title)]
        if not results and said:
            first = _excerpt(said[0])
            item.material.append(
                Material(kind="result", text=first, source_chunk_id=next(iter(ids), None), where=where)
            )
    if not results and not actions:
        body.append(_line_measure(item, part, theme, topic))
    reused = _reuse(ctx, topic, plan)
    if reused:
        sentence, label, chunk_id = reused
        body.append(f"{sentence}（沿用{label}计划）")
        item.reused.append(sentence)
        item.material.append(Material(kind="past_plan", text=_excerpt(sentence), source_chunk_id=chunk_id, where=label))
    if results:
        name, fig = results[0]
        target, figure = _target(ctx, request, name, fig)
        body.append(target)
        item.material.append(Material(kind="target", text=figure.basis or target))
        if figure.state == "suggested":
            item.figures.append(figure)
    item.text = _dedup((f"{title}。" if title else "") + "".join(body))
    return item


def _dedup(text: str) -> str:
    """The item without a sentence it already said (an action that restates the item's title)."""
    out: list[str] = []
    for s in sentences(text):
        key = s.strip().rstrip("。；;").removeprefix(CONTINUE)
        if key and all(key != o.strip().rstrip("。；;").removeprefix(CONTINUE) for o in out):
            out.append(s)
    return "".join(out)


def _line_measure(item: DraftItem, part: ReportPart, theme: Theme, topic: str) -> str:
    """A topic with no result or action to carry on: the measure of the standing line it belongs to, naming the
    words its own text uses; a topic of no known line is named with what the review says of it."""
    text = part.text[theme.start : theme.end]
    said = [x for x in sentences(text) if len(x) >= MIN_SAID]
    for line in plan_lines(theme.title) + plan_lines(text):
        written = line_item(line, f"{theme.title}{text}")
        if written is not None:
            if said:
                item.material.append(
                    Material(
                        kind="result", text=_excerpt(said[0]), source_chunk_id=next(iter(item.source_chunk_ids), None)
                    )
                )
            return f"{written[1]}。"
    if said:
        item.material.append(
            Material(kind="result", text=_excerpt(said[0]), source_chunk_id=next(iter(item.source_chunk_ids), None))
        )
    return f"围绕{topic}，查找上期工作的薄弱环节，明确本期的具体举措、责任单位和完成时限。"


def _actions(text: str) -> list[str]:
    """What the summary says was done on a topic, as clauses a plan can carry on (推进科技孵化器建设)."""
    out: list[str] = []
    for clause in causes(text):
        clause = strip_marker(clause)
        run_on = ENUMERATION_RE.search(clause, 1)
        clause = clause[: run_on.start()] if run_on else clause
        short = MIN_ACTION <= len(clause) <= MAX_ACTION and not any(ch.isdigit() for ch in clause)
        if short and clause.startswith(MEASURE_VERBS) and carried_on(clause) and clause not in out:
            out.append(clause)
        if len(out) == MAX_ACTIONS:
            break
    return out


def _results(text: str) -> list[tuple[str, Figure]]:
    """Up to two achieved figures of a topic's text, named by the indicator dictionary where it knows them."""
    out: list[tuple[str, Figure]] = []
    for fig in extract_figures(text):
        if fig.status is not FigureStatus.CLEAN or fig.modality is not Modality.ACHIEVED or fig.unit in SKIP_UNITS:
            continue
        name = indicator_name(fig.metric)
        found = find_indicator(fig.metric)
        # the figure measures the indicator only when the metric ends with its name (not 涉及企业 after 科技型企业)
        ends = found is not None and found[2] + len(found[1]) == len(fig.metric)
        known = ends or (found is None and fig.metric.endswith(DOMAIN_WORDS))
        if name and known and all(name != n for n, _ in out):
            out.append((name, fig))
        if len(out) == MAX_RESULTS:
            break
    return out


def _cites(ctx: DraftContext, part: ReportPart, name: str, fig: Figure) -> bool:
    """Whether the clause a result is cited in is what its source says (the checker would keep it)."""
    clause = f"{_when(ctx, part, fig)}{name}已完成{fig.surface}"
    return any(v.label is VerdictLabel.SUPPORTED for v in verify(clause, ctx.sources, bureau=ctx.bureau_name))


def _when(ctx: DraftContext, part: ReportPart, fig: Figure) -> str:
    """The period a cited result belongs to, as the plan must say it: 1-5月 / 上半年 / 2023年 (a past year is named)."""
    span = fig.period if fig.period and fig.period not in WHOLE_YEAR_WORDS else ""
    year = max(part.years) if part.years else None
    if year is not None and (year != ctx.target.year or (not span and ctx.target.half is None)):
        return f"{year}年{span}"
    return span or _span(part)


def _span(part: ReportPart) -> str:
    """How the summary's period is named in a sentence: 上半年 / 1-5月 / 2023年."""
    period = (part.period or "").split("（")[0]
    if period and period not in ("全年", "年度"):
        return period
    return f"{max(part.years)}年" if part.years else "上期"


def _chunk(part: ReportPart, theme: Theme, fig: Figure) -> str | None:
    ids = part.chunk_ids(theme.start + fig.start, theme.start + fig.end)
    return ids[0] if ids else None


def _stated_target(ctx: DraftContext, name: str) -> str | None:
    """A target the bureau stated for the same indicator in its reports (not the held plan: it is cut off)."""
    for row in ctx.ledger:
        if row.get("modality") == "target" and name in str(row.get("metric") or ""):
            return f"{row.get('surface')}（{row.get('period') or '时期未注明'}）"
    return None


def _excerpt(text: str) -> str:
    text = "".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _target(ctx: DraftContext, request: DraftRequest, name: str, fig: Figure) -> tuple[str, DraftFigure]:
    span = "全年" if ctx.target.half != "上半年" else "上半年"
    basis = f"上期完成{name}{fig.surface}（{_when(ctx, ctx.own[0], fig)}）"
    stated = _stated_target(ctx, name)
    if stated:
        basis += f"；以往目标{stated}"
    if request.suggest_targets:
        figure = DraftFigure(
            surface=fig.surface,
            metric=name,
            state="suggested",
            basis=f"{basis}；建议不低于上期",
            source_sentence=fig.sentence,
        )
        return f"力争{span}{name}达到{fig.surface}（建议值）以上。", figure
    surface = placeholder(fig.surface)
    return f"力争{span}{name}达到{surface}以上。", DraftFigure(
        surface=surface, metric=name, state="placeholder", basis=basis
    )


def _reuse(ctx: DraftContext, topic: str, plan: DraftPlan) -> tuple[str, str, str | None] | None:
    """The first sentence of an older plan's item on ``topic``, re-targeted, with its period and chunk."""
    best: tuple[float, str, str, str | None] | None = None
    for past in ctx.past_plans:
        _, sections = plan_sections(past.part, past.block)
        retarget = Retarget(past.period, ctx.target)
        for sec in sections:
            for it in sec.items:
                score = coverage_score(topic, f"{it.title}{it.text}", ctx.weights)
                body = it.text[len(it.title) :].lstrip("。：:，, ") if it.title else it.text
                first = next(iter(sentences(body)), "")
                if score >= REUSE_THRESHOLD and first and (best is None or score > best[0]):
                    ids = past.part.chunk_ids(it.start, it.start + len(it.text))
                    label = past.period.label if past.period else "以往"
                    best = (score, _fit_period(plan, ctx, _no_targets(retarget, first)), label, ids[0] if ids else None)
    return (best[1], best[2], best[3]) if best else None


def _no_targets(retarget: Retarget, sentence: str) -> str:
    """An older plan's sentence for this period: its years rewritten, its stated targets left as X."""
    text = sentence
    for fig in reversed(extract_figures(sentence)):
        if fig.status is FigureStatus.CLEAN and fig.modality is Modality.TARGET and not retarget.keeps_targets:
            text = text[: fig.start] + placeholder(fig.surface) + text[fig.end :]
    return retarget.text(text)


def _fit_period(plan: DraftPlan, ctx: DraftContext, text: str) -> str:
    """Phrases of another period rewritten for this one (全力冲刺“半场” in a 下半年 plan), or flagged."""
    for phrase, replacement in period_phrases(text, ctx.target.half or "全年"):
        if replacement is not None:
            text = text.replace(phrase, replacement)
        plan.issues.append(
            DraftIssue(
                kind="period_phrase",
                detail=f"“{phrase}”不属于{ctx.target.label}"
                + (f"，已改为“{replacement}”" if replacement else "，请改写"),
            )
        )
    return text


class Answer(NamedTuple):
    """How a drafted item answers one problem or more on one line of work (see :func:`answer`)."""

    names: list[str]  # the problems, named without their figures
    measures: list[str]  # the remedies of their titles and causes
    how: str  # how it is done ("" when nothing says it)
    line: str | None  # the line of work ``how`` is the standing measure of
    material: list[Material]

    def text(self) -> str:
        said = [*self.measures, *([self.how] if self.how else [])]
        return f"针对{'、'.join(self.names)}的问题，{'，'.join(said)}。"


def _answer_problems(plan: DraftPlan, ctx: DraftContext, part: ReportPart) -> None:
    """Each problem answered by an item of its own, in the section closest to it, written from the problem's words;
    problems answered by the standing measure of one line of work share one item (its measure said once)."""
    if not plan.sections:
        plan.sections.append(DraftSection(title="补齐短板弱项", items=[]))
    shared: dict[str, tuple[DraftItem, Answer]] = {}
    for ref in ctx.problems:
        found = _answer(ref, ctx, plan, part)
        problem = Material(kind="problem", text=_excerpt(ref.text), source_chunk_id=next(iter(ref.chunk_ids), None))
        if found.line is not None and found.line in shared:
            item, first = shared[found.line]
            joined = Answer(
                names=[*first.names, *found.names],
                measures=[*first.measures, *(m for m in found.measures if m not in first.measures)],
                how=first.how,
                line=first.line,
                material=first.material,
            )
            item.text = item.text.replace(first.text(), joined.text())
            item.material += [problem, *(m for m in found.material if m not in item.material)]
            item.source_chunk_ids += [c for c in ref.chunk_ids if c not in item.source_chunk_ids]
            shared[found.line] = (item, joined)
            continue
        best = max(
            plan.sections,
            key=lambda sec: max(
                (coverage_score(ref.title, f"{sec.title}{it.title}{it.text}", ctx.weights) for it in sec.items),
                default=0.0,
            ),
        )
        title = remedy(problem_name(ref.title)) or ""
        title = title if 0 < len(title) <= MAX_TITLE else ""
        item = DraftItem(
            title=title,
            text=(f"{title}。" if title else "") + found.text(),
            source_chunk_ids=list(ref.chunk_ids),
            material=[problem, *found.material],
            reused=[found.how.partition("（沿用")[0]] if any(m.kind == "past_plan" for m in found.material) else [],
        )
        if found.line is not None:
            shared[found.line] = (item, found)
        best.items.append(item)
        best.marked = len(best.items) > 1
    plan.sections = [sec for sec in plan.sections if sec.items]


def answer(ref: ProblemRef, ctx: DraftContext, plan: DraftPlan, part: ReportPart) -> tuple[str, list[Material]]:
    """A measure answering a problem, and the material it rests on beside the problem: the remedies of its title
    and of the causes it names (a problem's figures stay in the summary), then — when those only turn the problem
    round (研发投入比重过低 → 提高研发投入比重: :func:`scribe.lexicon.plans.concrete_measure`) — how to do it: the
    line of an older plan on the same theme (labelled with its period), else the standing measure of the line of
    work the problem is about, naming its words, else what the review says was done on it, carried on."""
    found = _answer(ref, ctx, plan, part)
    return found.text(), found.material


def _answer(ref: ProblemRef, ctx: DraftContext, plan: DraftPlan, part: ReportPart) -> Answer:
    title = problem_name(ref.title)
    fixed = remedy(title)
    by_line = None if fixed else _line_answer(ref)  # the line's standing measure, said first: its line is shared
    measures = [fixed or by_line or f"着力破解{title}难题"]
    for clause in causes(ref.text[len(ref.title) :])[:8]:
        fix = remedy(clause)
        if fix and plan_theme(fix) not in "".join(measures) and len(measures) <= MAX_CAUSES:
            measures.append(fix)
    if concrete_measure("，".join(measures), f"{ref.title}。{ref.text}"):
        line = problem_line(f"{ref.title}。{ref.text}") if by_line else None
        return Answer([title], measures, "", line.name if line else None, [])
    how = _how(ref, ctx, plan, part)
    if how is None:
        return Answer([title], measures, "", None, [])
    return Answer([title], measures, *how)


def _how(
    ref: ProblemRef, ctx: DraftContext, plan: DraftPlan, part: ReportPart
) -> tuple[str, str | None, list[Material]] | None:
    """How a problem is answered when its remedy only names it (see :func:`answer`): the measure, the line of work
    it is the standing measure of (None for an older plan's line or the review's action), the material."""
    problem = f"{ref.title}。{ref.text}"
    reused = _reuse(ctx, problem_name(ref.title), plan)
    if reused is not None and concrete_measure(reused[0], problem):
        sentence, label, chunk_id = reused
        where = f"{label}计划"
        return (
            f"{sentence.rstrip('。；;')}（沿用{where}）",
            None,
            [Material(kind="past_plan", text=_excerpt(sentence), source_chunk_id=chunk_id, where=label)],
        )
    measure = _line_answer(ref)
    line = problem_line(problem)
    if measure is not None and line is not None and concrete_measure(measure, problem):
        return measure, line.name, []
    for block in part.role_blocks(SectionRole.REVIEW):
        text = part.text[block.body_start : block.end]
        for action in _actions(text):
            if coverage_score(ref.title, action, ctx.weights) >= ANSWER_THRESHOLD and concrete_measure(action, problem):
                said = next((x for x in sentences(text) if action in x), action)
                ids = part.chunk_ids(block.body_start, block.end)
                return (
                    f"{CONTINUE}{action}",
                    None,
                    [Material(kind="result", text=_excerpt(said), source_chunk_id=next(iter(ids), None))],
                )
    return None


def _line_answer(ref: ProblemRef) -> str | None:
    """The measure of the line of work a problem is about (技术交易以小额合同为主 → 成果转化), naming the words the
    problem uses; None when it names no line."""
    line = problem_line(f"{ref.title}。{ref.text}")  # 用能指标 names no line of 科技局 work
    written = line_item(line, to_simplified(f"{ref.title}{ref.text}")) if line is not None else None
    return written[1] if written else None


def _intro(ctx: DraftContext, plan: DraftPlan) -> str:
    half = ctx.target.half or "全年"
    who = f"{place_of(ctx.bureau_name).level or ''}科技局" if ctx.bureau_name else "我局"
    cited = "、".join(ctx.priorities[:2])
    lead = f"紧扣{cited}{'' if cited.endswith(('要求', '精神', '部署')) else '要求'}" if cited else "围绕年度目标任务"
    gaps = [remedy(p.title) for p in ctx.problems[:2]]
    focus = f"，{'，'.join(g for g in gaps if g)}" if any(gaps) else ""
    span = half if half != "全年" else f"{ctx.target.year}年"
    return _fit_period(plan, ctx, f"{span}，{who}将{lead}{focus}，{CLOSINGS[half]}。")


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


def _standing_lines(plan: DraftPlan, ctx: DraftContext) -> None:
    """An item for each standing line of 科技局 work (:data:`scribe.lexicon.plans.PLAN_LINES`) the bureau's own
    reports speak of and no item covers yet, naming the words the reports use and resting on the sentence that
    uses them (an older plan's line, labelled with its period, or the review's). Lines the reports never name are
    not offered: a draft holds no generic item its sources do not support; nor are the lines that only answer a
    problem (its staff, its industry, its land: :attr:`scribe.lexicon.plans.PlanLine.answers_only`)."""
    own = [(s, to_simplified(s.text)) for s in ctx.sources if s.text]  # cues read in simplified characters
    text = "\n".join(t for _, t in own)
    for line in PLAN_LINES:
        if line.answers_only or _covered(plan, line):
            continue
        found = next(((src, said, cue) for src, said in own for cue in line.cues if cue in said), None)
        if found is None:
            continue
        written = line_item(line, text)
        if written is None:
            continue
        heading, measure = written
        src, simple, cue = found
        said = next((x for x in sentences(simple) if cue in x), simple)
        past = src.source_id in ctx.plan_chunk_ids
        where = _past_label(ctx, src.source_id) if past else source_where(src)
        item = DraftItem(
            title=heading,
            text=_fit_period(plan, ctx, f"{heading}。{measure}。"),
            source_chunk_ids=[src.source_id],
            material=[
                Material(
                    kind="past_plan" if past else "mention",
                    text=_excerpt(said),
                    source_chunk_id=src.source_id,
                    where=where,
                )
            ],
        )
        section = _line_section(plan, line, ctx)
        section.items.append(item)
        section.marked = len(section.items) > 1


def _covered(plan: DraftPlan, line: PlanLine) -> bool:
    """Whether some item already plans on ``line``: the one line its title is about, or (an untitled item) its
    first sentence after the results it builds on (在…的基础上)."""
    return any(not item.stub and main_line(item_about(item.title, item.text)) == line for _, item in plan.all_items())


def _past_label(ctx: DraftContext, chunk_id: str) -> str:
    for past in ctx.past_plans:
        if chunk_id in past.part.chunk_ids(past.block.body_start, past.block.end):
            return f"{past.period.label}计划" if past.period else "以往计划"
    return "以往计划"


def _line_section(plan: DraftPlan, line: PlanLine, ctx: DraftContext) -> DraftSection:
    """The section an item on ``line`` goes in: the one whose title names the line (党建 items with 党建), else a
    section of its own kind at the end (the bureau's house, or the standing work)."""
    for sec in plan.sections:
        if line in plan_lines(sec.title) or any(line in plan_lines(it.title) for it in sec.items):
            return sec
    if line.party:
        for sec in plan.sections:
            if any(other.party for other in plan_lines(sec.title)):
                return sec
    title = PARTY_SECTION if line.party else WORK_SECTION
    for sec in plan.sections:
        if sec.title == title or (not line.party and sec.title.endswith(WORK_WORDS)):
            return sec
    section = DraftSection(title=title, items=[])
    if line.party:
        plan.sections.append(section)
    else:  # the standing work goes before the bureau's own house
        at = next((i for i, sec in enumerate(plan.sections) if sec.title == PARTY_SECTION), len(plan.sections))
        plan.sections.insert(at, section)
    return section


def sprints(ctx: DraftContext) -> bool:
    """Whether the plan ends a part of a year, so that :func:`_year_items` adds the sprint to the year's targets."""
    part = ctx.own[0]
    month = last_month(part.period)
    return month is not None and month < 12 and bool(part.years)


def _year_items(plan: DraftPlan, ctx: DraftContext) -> None:
    """A summary of part of a year is followed, in its plan, by the sprint to the year's targets (对照年度目标任务
    盘点进度): an item resting on the targets the bureau stated, naming their indicators. A whole-year summary's
    plan starts a new year and gets none."""
    part = ctx.own[0]
    if not sprints(ctx) or not plan.sections:
        return
    where = f"{part.file_name}（{part.period}）"
    targets = [r for r in ctx.ledger if r.get("modality") == "target" and find_indicator(str(r.get("metric") or ""))]
    names = list(dict.fromkeys(indicator_name(str(r["metric"])) for r in targets))
    named = f"{'、'.join(n for n in names[:MAX_TARGETS_NAMED] if n)}等" if any(names) else "各项"
    material = [
        Material(kind="target", text=_excerpt(f"{r.get('metric')}{r.get('surface')}"), where=where)
        for r in targets[:MAX_TARGETS_NAMED]
    ]
    sprint = DraftItem(
        title=SPRINT,
        text=f"{SPRINT}。对照{max(part.years)}年度目标任务，逐项盘点{named}指标进度，加强对重点企业和重点项目的"
        "调度服务，确保全年目标任务圆满完成。",
        source_chunk_ids=part.chunk_ids(0, len(part.text))[:1],
        material=material or [Material(kind="result", text=f"本期总结截至{part.period}", where=where)],
    )
    plan.sections[0].items.insert(0, sprint)
    plan.sections[0].marked = len(plan.sections[0].items) > 1
