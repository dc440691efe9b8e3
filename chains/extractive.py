"""Offline answering: pick the source sentences that answer the question and quote them, or refuse.

No model is involved. The question is cut into its asks (one per clause: 完成了多少？增速是多少？).
A sentence — or two adjacent ones — answers an ask when it covers the ask's content words,
weighted by how rare each word is in the store (so 发明专利授权量 is not "answered" by a
sentence that merely shares 全区), and, when the ask wants a kind of figure (a rank, a growth
rate, a share …), holds a figure of that kind. The main ask unanswered means a refusal.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from scribe.figures.verify import looks_like_instruction
from scribe.lexicon.headings import SectionRole, heading_role, is_problem_text
from scribe.lexicon.hedges import COMPLETION_RATE_RE, states_completion
from scribe.lexicon.indicators import (
    GROWTH_STATED_RE,
    GROWTH_WORDS,
    NAME_STAGE_WORDS,
    SHARE_OF,
    STOCK_WORDS,
    SUBTYPE_WORDS,
    VALUE_MEASURES,
    expand_short_forms,
    indicator_names_in,
    is_indicator_name,
    name_stages,
    other_indicators,
    other_measure,
    other_names,
    other_stage,
    same_indicator,
    scope_aliases,
    scopes_in,
    stages_in,
    theme_words,
)
from scribe.lexicon.numerals import reading_text
from scribe.lexicon.periods import MASKED_YEAR_RE, PERIOD_WORD_RE, RELATIVE_YEAR_WORD_RE
from scribe.lexicon.places import (
    AREA_WORD_RE,
    UNATTRIBUTED_ASK_RE,
    names_subarea,
    place_forms,
    place_of,
    strip_city_names,
    strip_places,
    subarea_of,
)
from scribe.lexicon.questions import (
    ASK_INTENTS,
    ASK_WORDS_RE,
    COMPLETION_ASK_RE,
    INTENT_WORDS_RE,
    PROGRESS_ASK_RE,
    QUESTION_FRAME_RE,
    QUESTION_PLAN_RE,
    RANK_ASK_RE,
    REPORT_NAMED_RE,
    SOURCE_WORDS_RE,
    WANTS_NUMBER_RE,
    WANTS_TEXT_RE,
    asked_kinds,
)
from scribe.lexicon.sentences import (
    BREAKDOWN_LEADS,
    ITEM_ONLY_ENDS,
    ITEM_RE,
    SENTENCE_ENDS,
    broken_down_sentence,
    enumerated_subjects,
    items,
)
from scribe.models import Figure, FigureKind, FigureStatus, Modality, ScoredChunk
from vectorstore.lexical import pos_tags, query_words
from vectorstore.scope import QueryScope

_GENERIC_WORDS = frozenset({"金额", "资金", "数量", "个数"} | STOCK_WORDS)
_PAIR_PENALTY = 0.05
_OWN_METRIC_BONUS = 0.05
_LEAD_SENTENCE = 24  # characters: an item's one-line lead (二是高端研发人才供给不足。)
_LONE_LEAD_PENALTY = 0.1  # a lead quoted without what follows it
_PROBLEM_PENALTY = 0.1  # a figure quoted from the problems part when one was asked
_PART_WEIGHT = 0.15  # a town's or zone's figure: the answer when the question names it, a weaker one when it does not
_ELLIPTIC_CLAUSE = re.compile(r"(?:同比)?(?:增速|增长|增幅|占|较|完成率|比上年|提升|下降)")
_TRIM_OVER = 110  # quotes longer than this are cut to the clauses that answer
_TARGET_PENALTY = 0.15  # asked what was done: a stated target ranks below a result
_PLAN_TARGETS = 6  # target sentences quoted for 主要目标有哪些
_SECTION_QUOTE = 260  # characters of a section quoted when the section itself is the answer
_NEAR_COVERAGE = 0.3
_COMMA = re.compile(r"[，,；;]")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")
# A specific measure asked for (交易额, 投资额, 研发费, 授权量) must be named where the figure is; 金额/总数 are generic.
_MEASURE = re.compile(r"^[\u4e00-\u9fff]{2,}[额费量]$")
_GENERIC_MEASURES = frozenset({"金额", "总额", "数量", "总量", "总数", "费用"})

DocFrequency = Callable[[str], float]
Within = Callable[[int, str], bool]  # (1-based source, span text) → may the span be quoted


@dataclass(frozen=True)
class Pick:
    """A quoted span (one or two sentences) of context chunk ``source`` (1-based)."""

    source: int
    sentence: str
    score: float
    target: bool = False  # every figure quoted is a target (力争…), not an achievement


@dataclass(frozen=True)
class Extraction:
    picks: list[Pick]
    coverage: float
    missing: list[frozenset[FigureKind]]  # asks no picked sentence answers
    missing_subjects: list[str] = field(default_factory=list)  # listed things no picked sentence is about


@dataclass(frozen=True)
class _Candidate:
    score: float
    coverage: float
    source: int
    start: int
    text: str
    kinds: frozenset[FigureKind]
    unwanted_target: bool = False  # only stated targets, for a question about what was done


@dataclass(frozen=True)
class _Ask:
    terms: tuple[str, ...]
    kinds: list[frozenset[FigureKind]]
    wants_number: bool
    wants_text: bool
    wants_target: bool = False
    quoted: tuple[str, ...] = ()
    subject: str | None = None  # one of several things the question lists (研发投入、高企和技术合同…)
    question: str = ""  # the whole question: which part of an area (店口镇 / 北滘) it names

    @property
    def measures(self) -> list[str]:
        return [t for t in self.terms if _MEASURE.match(t) and t not in _GENERIC_MEASURES]

    @property
    def named_kinds(self) -> frozenset[FigureKind]:
        """The kinds of figure the ask's own words name (增速 / 占比 / 排名), asked with 多少 or not."""
        words = " ".join(self.terms)
        return frozenset(k for pattern, kinds in ASK_INTENTS if pattern.search(words) for k in kinds)

    @property
    def indicators(self) -> list[str]:
        """Known indicator names asked about (研发费用): the figure quoted must be one of them, or a relative."""
        return [t for t in self.terms if is_indicator_name(t)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in ITEM_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 4:
            spans.append((start, end))
    return spans


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def content_terms(question: str, scope: QueryScope) -> list[str]:
    """The words that say *what* is asked: places, periods, areas, rank asks and question words removed."""
    text = expand_short_forms(question)
    for bureau in scope.bureaus:
        for form in place_forms(place_of(bureau)):  # 湘江新区 before 湘江: no 新区 is left to be read as asked
            text = text.replace(form, " ")
    for unknown in scope.unknown_places:
        text = text.replace(unknown, " ")
        for form in place_forms(place_of(unknown)):  # 即墨区 asked as 即墨
            text = text.replace(form, " ")
    text = UNATTRIBUTED_ASK_RE.sub(" ", REPORT_NAMED_RE.sub(" ", text))  # which report, not what in it
    # an indicator's name is read whole before any framing word is taken out of it (中 of 科技型中小企业)
    named = indicator_names_in(text)
    for start, end, _name in named:
        text = text[:start] + " " * (end - start) + text[end:]
    patterns = (
        QUESTION_FRAME_RE,
        COMPLETION_ASK_RE,
        MASKED_YEAR_RE,
        RELATIVE_YEAR_WORD_RE,
        PERIOD_WORD_RE,
        RANK_ASK_RE,
        AREA_WORD_RE,
        ASK_WORDS_RE,
        SOURCE_WORDS_RE,
    )
    for pattern in (*patterns, QUESTION_PLAN_RE):
        text = pattern.sub(" ", text)
    text = strip_city_names(strip_places(text))  # 杭州余杭 / 在苏州排第几: the parent city is where, not what
    words = [t for t in query_words(text) if len(t) >= 2 or t.isdigit()]
    stages = [w for _s, _e, name in named for w in name_stages(name)]  # 科小入库 asks 入库 too
    return list(dict.fromkeys([name for _s, _e, name in named] + stages + words))


@lru_cache(maxsize=4096)
def _is_verb(word: str) -> bool:
    tags = pos_tags(word)
    return bool(tags) and all(t.startswith("v") for t in tags)


class ExtractiveAnswerer:
    def __init__(self, doc_frequency: DocFrequency, min_coverage: float = 0.55, follow_coverage: float = 0.45) -> None:
        self.doc_frequency = doc_frequency
        self.min_coverage = min_coverage
        self.follow_coverage = follow_coverage
        self._weights: dict[str, float] = {}
        self._within: Within | None = None

    def extract(
        self,
        question: str,
        scope: QueryScope,
        context: Sequence[ScoredChunk],
        within: Within | None = None,
    ) -> Extraction:
        """The sentences of ``context`` that answer ``question``; verbatim, in the report's own characters.

        ``within(source, text)`` says whether a span may be quoted at all (a figure of the period asked): spans it
        refuses are never candidates, so a neighbour of another period cannot crowd out the one asked for.
        A report in traditional characters is read as simplified (reading_text keeps every offset), and each
        picked sentence is cut back out of the original text.
        """
        reading = [_simplified(item) for item in context]
        self._within = within
        try:
            found = self._extract(question, scope, reading)
        finally:
            self._within = None
        if all(r is c for r, c in zip(reading, context, strict=True)):
            return found
        return replace(found, picks=[_in_original(p, reading, context) for p in found.picks])

    def _extract(self, question: str, scope: QueryScope, context: Sequence[ScoredChunk]) -> Extraction:
        self._weights = {}  # document frequencies change as the store changes; keep them for one question
        asks = self._asks(question, scope)
        if asks and not asks[0].terms and scope.wants_plan and context:
            return self._plan_targets(context)  # 主要目标有哪些: the plan's stated targets are the answer
        if not asks or not asks[0].terms or not context:
            return Extraction(picks=[], coverage=0.0, missing=[k for a in asks for k in a.kinds])
        main = self._best(asks[0], context, self.min_coverage)
        if main is None:
            best = max((c.coverage for c in self._candidates(asks[0], context)), default=0.0)
            return Extraction(picks=[], coverage=best, missing=asks[0].kinds)
        picks = [main]
        missing = [k for k in asks[0].kinds if not k & main.kinds]
        unanswered: list[str] = []
        for ask in asks[1:]:
            if len(ask.terms) < 2 and ask.subject is None:  # 增速是多少 — about the main ask's subject
                ask = replace(ask, terms=tuple(dict.fromkeys(ask.terms + asks[0].terms)))
            if any(self._answers(ask, p) for p in picks):
                continue
            follow = self._best(ask, context, self.follow_coverage)
            if follow is None:
                missing += ask.kinds
                if ask.subject and not ask.kinds:
                    unanswered.append(ask.subject)
            elif not any(follow.text in p.text or p.text in follow.text for p in picks):
                picks.append(follow)
        twin = self._restated(main, asks[0], context, picks)
        if twin is not None:
            picks.append(twin)
        for kinds in list(missing):  # a later pick may answer what the main one did not
            if any(kinds & p.kinds for p in picks):
                missing.remove(kinds)
        ordered = sorted(picks, key=lambda p: (p.source, p.start))
        built = [self._pick(p, context, asks) for p in ordered]
        # a pick continued into the piece another pick quotes holds it already
        built = [
            p
            for i, p in enumerate(built)
            if not any(
                j != i and o.source == p.source and p.sentence in o.sentence and o.sentence != p.sentence
                for j, o in enumerate(built)
            )
        ]
        built = [p for i, p in enumerate(built) if p not in built[:i]]
        return Extraction(
            picks=built,
            coverage=main.coverage,
            missing=missing,
            missing_subjects=unanswered,
        )

    def _restated(
        self, main: _Candidate, ask: _Ask, context: Sequence[ScoredChunk], picks: Sequence[_Candidate]
    ) -> _Candidate | None:
        """The best other statement, in the main pick's report, of an achieved amount or count the main pick states:
        a table row and the narrative say the same 212家 or 0.765亿元 = 7650万元, each with what the other leaves out
        (序时进度 and 排名 in one, the year's target in the other)."""
        if ask.wants_text:
            return None
        doc_id = context[main.source - 1].document.doc_id
        stated = _achieved_magnitudes(context[main.source - 1].chunk.figures, main.text)
        if not stated:
            return None
        twins = [
            c
            for c in self._candidates(ask, context)
            if context[c.source - 1].document.doc_id == doc_id
            and c.coverage >= self.follow_coverage
            and not c.unwanted_target
            and not any(c.text in p.text or p.text in c.text for p in picks)
            and stated & _achieved_magnitudes(context[c.source - 1].chunk.figures, c.text)
        ]

        def alone(c: _Candidate) -> bool:
            """No sentence of the twin states figures other than the ones restated (the next table row)."""
            figures = context[c.source - 1].chunk.figures
            return not any(
                (held := _achieved_magnitudes(figures, c.text[a:b])) and not held & stated
                for a, b in sentence_spans(c.text)
            )

        return max(twins, key=lambda c: (alone(c), c.score), default=None)

    def _plan_targets(self, context: Sequence[ScoredChunk]) -> Extraction:
        """The target sentences of the best-ranked report's plan part, in the report's order."""
        doc_id = next((c.document.doc_id for c in context if _in_plan(c)), None)
        found: list[tuple[int, int, Pick]] = []
        for n, item in enumerate(context, start=1):
            if item.document.doc_id != doc_id or not _in_plan(item):
                continue
            targets = [
                f for f in item.chunk.figures if f.status is FigureStatus.CLEAN and f.modality is Modality.TARGET
            ]
            for start, end in sentence_spans(item.chunk.text):
                text = item.chunk.text[start:end]
                if any(f.surface in text for f in targets):
                    found.append((item.chunk.index, start, Pick(n, text, 1.0, target=True)))
        found.sort(key=lambda t: (t[0], t[1]))
        picks = [p for _o, _s, p in found[:_PLAN_TARGETS]]
        return Extraction(picks=picks, coverage=1.0 if picks else 0.0, missing=[])

    def _pick(self, cand: _Candidate, context: Sequence[ScoredChunk], asks: list[_Ask]) -> Pick:
        # a plan states its targets, a review its things done, as one sentence of ；-pieces: asked for targets or
        # which things, the sentence is the answer
        whole = any(a.wants_target or a.wants_text for a in asks)
        cand = _continued(cand, context[cand.source - 1].chunk.text, [n for a in asks for n in a.indicators], whole)
        text = self._trim(cand, context, asks)
        quoted = [
            f for f in context[cand.source - 1].chunk.figures if f.status is FigureStatus.CLEAN and f.surface in text
        ]
        target = bool(quoted) and all(f.modality is Modality.TARGET for f in quoted)
        return Pick(cand.source, text, cand.score, target)

    def _trim(self, pick: _Candidate, context: Sequence[ScoredChunk], asks: list[_Ask]) -> str:
        """A long sentence cut to the comma-clauses that hold what is asked (still a verbatim substring)."""
        text = pick.text
        if len(text) <= _TRIM_OVER or any(a.wants_text or a.wants_target for a in asks):
            return text
        wanted = frozenset(k for a in asks for group in a.kinds for k in group)
        everything = _Ask(tuple(dict.fromkeys(t for a in asks for t in a.terms)), [], False, False)
        figures = [f for f in context[pick.source - 1].chunk.figures if f.status is FigureStatus.CLEAN]
        cuts = [0] + [m.end() for m in _COMMA.finditer(text)] + [len(text)]
        clauses = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        keep = []
        for i, (a, b) in enumerate(clauses):
            segment = text[a:b]
            named = self._coverage(everything, segment) > 0
            inside = [f for f in figures if f.surface in segment]
            if inside and (named or any(f.kind in wanted for f in inside)):
                keep.append(i)
        if not keep:
            return text
        first, last = keep[0], keep[-1]
        if first > 0 and _ELLIPTIC_CLAUSE.match(text[slice(*clauses[first])].strip()):
            first -= 1  # 增速17.7% needs the clause before it, which names what grew
        trimmed = text[clauses[first][0] : clauses[last][1]].strip().rstrip("，,；;")
        return trimmed if len(trimmed) >= 6 else text

    def _asks(self, question: str, scope: QueryScope) -> list[_Ask]:
        clauses = items(question) or [question]
        wants_target = scope.wants_plan
        quoted = tuple(_QUOTED.findall(question))
        out: list[_Ask] = []
        for clause in clauses:
            listed = self._listed(clause, scope)
            if listed:  # 研发投入、高企和技术合同的目标: each thing listed is an ask of its own
                out.extend(
                    _Ask(
                        terms=tuple(terms),
                        kinds=asked_kinds(f"{part}如何"),  # its own kind words (占比), not a sum named
                        wants_number=True,
                        wants_text=False,
                        wants_target=wants_target,
                        quoted=quoted,
                        subject=part,
                        question=question,
                    )
                    for part, terms in listed
                )
                continue
            terms = tuple(content_terms(clause, scope))
            # an indicator asked by its name alone (长安区1-9月技术合同成交额 / R&D投入情况) wants its figure, not a
            # heading or a problem's lead that merely names it
            numeric = bool(WANTS_NUMBER_RE.search(clause) or PROGRESS_ASK_RE.search(clause)) or (
                bool(terms) and all(is_indicator_name(t) or t in NAME_STAGE_WORDS for t in terms)
            )
            out.append(
                _Ask(
                    terms=terms,
                    kinds=asked_kinds(clause),
                    wants_number=numeric and not WANTS_TEXT_RE.search(clause),
                    wants_text=bool(WANTS_TEXT_RE.search(clause)),
                    wants_target=wants_target,
                    quoted=quoted,
                    question=question,
                )
            )
        if len(out) > 1 and len(out[0].terms) < 2 and not any(is_indicator_name(t) for t in out[0].terms):
            # 是多少？增速如何？ — the subject sits in the whole question
            out[0] = replace(out[0], terms=tuple(content_terms(question, scope)))
        return out

    @staticmethod
    def _listed(clause: str, scope: QueryScope) -> list[tuple[str, list[str]]]:
        """The measures a clause lists, each with its content words — only when at least two name an indicator
        (增速和排名 are kinds of one measure; 义乌和长兴 are places)."""
        parts = [(p, content_terms(p, scope)) for p in enumerated_subjects(clause)]
        if not parts or any(not terms for _p, terms in parts):
            return []
        if sum(bool(indicator_names_in(p)) or is_indicator_name(p) for p, _t in parts) < 2:
            return []
        return parts

    def _answers(self, ask: _Ask, cand: _Candidate) -> bool:
        if ask.kinds and not all(k & cand.kinds for k in ask.kinds):
            return False
        return self._coverage(ask, cand.text) >= self.follow_coverage

    def _best(self, ask: _Ask, context: Sequence[ScoredChunk], threshold: float) -> _Candidate | None:
        good = [c for c in self._candidates(ask, context) if c.coverage >= threshold]
        if not good:
            return None

        def answered(c: _Candidate) -> int:
            return sum(bool(k & c.kinds) for k in ask.kinds)

        # a result that clears the threshold beats any stated target when results were asked for
        best = max(good, key=lambda c: (answered(c), not c.unwanted_target, c.score))
        return best if not ask.kinds or answered(best) else None

    def _candidates(self, ask: _Ask, context: Sequence[ScoredChunk]) -> list[_Candidate]:
        out: list[_Candidate] = []
        for n, item in enumerate(context, start=1):
            chunk = item.chunk
            headings = " ".join(chunk.section_path)
            clean = [f for f in chunk.figures if f.status is FigureStatus.CLEAN]
            spans = sentence_spans(chunk.text)
            windows = [(s, e, 0.0) for s, e in spans] + [
                (spans[i][0], spans[i + 1][1], self._pair_penalty(ask, spans[i])) for i in range(len(spans) - 1)
            ]
            if ask.wants_text and spans and self._coverage(ask, headings) >= self.min_coverage:
                # 存在哪些问题 asked of a section titled 存在问题: its opening sentences are the answer
                last = max(i for i, (s, _e) in enumerate(spans) if i == 0 or s - spans[0][0] <= _SECTION_QUOTE)
                windows.append((spans[0][0], spans[last][1], -0.2))
            for start, end, penalty in windows:
                text = chunk.text[start:end]
                if looks_like_instruction(text):
                    continue  # text addressed to a model (a table row saying 请直接回答…) is never quoted
                if self._within is not None and not self._within(n, text):
                    continue
                inside = [f for f in clean if f.surface in text]
                kinds = frozenset(f.kind for f in inside)
                near = inside
                if ask.wants_number:
                    asked = " ".join(ask.terms)
                    near = [f for f in inside if self._near(ask, text, f.surface, f.metric)]
                    # 新认定 asked: 申报153家 and 有效1128家 are other stages of the count, 增加值 another measure than
                    # 产值; they may still carry the subject for a figure of the asked one (…5420家，较上年净增918家)
                    own = [f for f in near if not _another(asked, text, f.surface)]
                    # the kind asked must be a figure of what is asked, not only of the ask's words (同比增长): 产值增长多少
                    # is not answered by the 增长9.3% of 研发费用, nor 增加值是多少亿元 by another measure's 98.6亿元
                    subject = replace(ask, terms=tuple(t for t in ask.terms if not INTENT_WORDS_RE.fullmatch(t)))
                    of_subject = [
                        f
                        for f in inside
                        if not _another(asked, text, f.surface)
                        and (
                            not subject.terms
                            or self._near(subject, text, f.surface, f.metric)
                            or self._in_sentence_near(subject, text, f)
                        )
                    ]
                    kinds = frozenset(f.kind for f in of_subject)
                    if not own:
                        continue  # no figure whose own words are the ones asked about
                    if ask.indicators and not any(_names_indicator(f, text, ask.indicators) for f in near):
                        continue  # 研发费用 asked: 高新技术产业增加值 in the next clause is no answer
                    measured = [f for f in inside if f.kind in ask.named_kinds]
                    if measured and all(_of_other_indicator(text, f, ask.indicators) for f in measured):
                        continue  # 规上工业增加值增速 asked: 高新技术产业增加值98.4亿元，同比增长9.6% is not its growth
                    asked_scopes = scopes_in(" ".join(ask.terms))
                    if asked_scopes and not any(not (scopes_in(_own_words(text, f)) - asked_scopes) for f in near):
                        continue  # 规上工业企业研发费用 asked: 全社会研发投入 is another statistic
                    if not all(_named(m, (headings + text).lower()) for m in ask.measures):
                        continue
                    if ask.wants_target and not any(f.modality is Modality.TARGET for f in near):
                        continue
                coverage = self._coverage(ask, headings + " " + text)
                bonus = 0.1 * sum(bool(k & kinds) for k in ask.kinds) + 0.02 / n - penalty
                measuring = (
                    [f for f in inside if _measures_indicator(f.metric, ask.indicators)] if ask.indicators else []
                )
                if measuring:
                    bonus += _OWN_METRIC_BONUS  # 新申报高新技术企业356家 measures 高企; 高企培育库企业520家 does not
                if ask.indicators and inside and all(_subtype_only(f, text, ask) for f in measuring or inside):
                    bonus -= _OWN_METRIC_BONUS  # 吸纳技术合同成交额 is a part of the indicator asked
                # which things asked (重点工作列一下 / 哪些措施): a plan's aims are things too
                unwanted = (
                    bool(inside)
                    and not (ask.wants_target or ask.wants_text)
                    and all(f.modality is Modality.TARGET for f in inside)
                )
                if unwanted:
                    bonus -= _TARGET_PENALTY  # asked what was done: a stated target is the weaker answer
                part = _part_asked(ask, item, text, near)
                if part is not None:  # 店口镇…6.12亿元 answers 店口镇…多少, not the whole city's 研发费用多少
                    bonus += _PART_WEIGHT if part else -_PART_WEIGHT
                if ask.wants_text and is_problem_text(headings):
                    bonus += 0.1
                elif ask.wants_number and is_problem_text(headings):
                    bonus -= _PROBLEM_PENALTY  # a figure asked: the review states it, a problem only cites it
                if not inside and _last_line(text) <= _LEAD_SENTENCE:
                    # a heading or an item's lead alone (（三）深化科技援疆合作), or under the heading line above it
                    # (二、存在问题\n1.科技型企业“小而散”。), says no more: what follows the lead is the answer
                    bonus -= _LONE_LEAD_PENALTY
                at = min((text.find(q) for q in ask.quoted if q in text), default=-1)
                if at >= 0:  # the question quotes a phrase: the answer is what follows it
                    bonus += 0.2 if at < len(text) / 3 else 0.1
                out.append(_Candidate(coverage + bonus, coverage, n, start, text, kinds, unwanted))
        return out

    @staticmethod
    def _pair_penalty(ask: _Ask, first: tuple[int, int]) -> float:
        """Two sentences cost a little, except a problem's or measure's short lead (二是人才供给不足。) and what
        explains it, which belong together."""
        if ask.wants_text and first[1] - first[0] <= _LEAD_SENTENCE:
            return -_PAIR_PENALTY
        return _PAIR_PENALTY

    def _near(self, ask: _Ask, text: str, surface: str, metric: str) -> bool:
        """The figure's metric, or its comma-clause and the one before in its sentence, cover a good part of what is
        asked (the sentence before is another's: 认定结果待公布。科技型中小企业入库521家 is not about 认定)."""
        return self._coverage(ask, metric + " " + _in_sentence(_around(text, surface), surface)) >= _NEAR_COVERAGE

    def _in_sentence_near(self, ask: _Ask, text: str, figure: Figure) -> bool:
        """What is asked is covered by the figure's sentence up to it."""
        at = text.find(figure.surface) + len(figure.surface)
        return self._coverage(ask, figure.metric + " " + text[:at].rsplit("。", 1)[-1]) >= _NEAR_COVERAGE

    def _coverage(self, ask: _Ask, window: str) -> float:
        weights = {t: self._weight(t) for t in ask.terms}  # cached per extract() call
        total = sum(weights.values())
        if not total:
            return 0.0
        return sum(w * _presence(t, window) for t, w in weights.items()) / total

    def _weight(self, term: str) -> float:
        """Inverse document frequency; verbs count half, and a verb the store never uses not at all (共有, 拥有)."""
        if term in self._weights:
            return self._weights[term]
        share = self.doc_frequency(term)
        if term in _GENERIC_WORDS:
            weight = 0.3
        elif _is_verb(term):
            weight = 0.0 if share == 0 else 0.5 * math.log(1.0 + 1.0 / share)
        else:
            weight = math.log(1.0 + 1.0 / max(share, 1e-3))
        self._weights[term] = weight
        return weight


_LINE_BREAK = "\n"


def _last_line(span: str) -> int:
    """Characters of the span's last line: a heading line above an item's lead does not make the lead longer."""
    return len(span.rstrip().rsplit(_LINE_BREAK, 1)[-1].strip())


_CONTINUED_OVER = 160  # characters: a quote is not continued beyond this


def _continued(cand: _Candidate, text: str, asked: Sequence[str], whole: bool = False) -> _Candidate:
    """The quote carried on through the ；-pieces of its sentence, and into a sentence opening with 其中, while they
    name no indicator other than the one asked: the rest of a statement (…净增35家；2023年末这一数字为168家 /
    。其中吸纳…21.4亿元) belongs to its figure; a piece about another indicator (；新入库科技型中小企业142家) does not,
    unless ``whole`` (targets asked: 确保…45亿元；确保有效高企…450家以上 is one list of aims)."""
    base = broken_down_sentence(text, cand.start) if cand.text.startswith(BREAKDOWN_LEADS) else None
    if base is not None and cand.start + len(cand.text) - base[0] <= _CONTINUED_OVER:
        # 其中… alone does not say what it is a part of: the sentence it breaks down comes first
        cand = replace(cand, start=base[0], text=text[base[0] : cand.start + len(cand.text)])
    end = cand.start + len(cand.text)
    while end < len(text) and len(text[cand.start : end]) < _CONTINUED_OVER:
        rest = text[end:]
        ends_item = text[:end].rstrip()[-1:] in ITEM_ONLY_ENDS
        lead = rest.lstrip()
        if not ends_item and not (text[:end].rstrip()[-1:] in SENTENCE_ENDS and lead.startswith(BREAKDOWN_LEADS)):
            break
        piece = ITEM_RE.match(lead)
        if piece is None or "\n" in rest[: len(rest) - len(lead)].strip(" \t"):
            break
        if not (whole and ends_item) and not _about(piece.group(), asked):
            break
        new_end = end + (len(rest) - len(lead)) + len(piece.group().rstrip())
        if new_end - cand.start > _CONTINUED_OVER:
            break
        end = new_end
    if end == cand.start + len(cand.text):
        return cand
    return replace(cand, text=text[cand.start : end])


def _about(piece: str, asked: Sequence[str]) -> bool:
    """The piece names no indicator, or only the ones asked (or their other names)."""
    names = [n for _s, _e, n in indicator_names_in(piece)]
    return all(any(n.lower() == a.lower() or n.lower() in other_names(a) for a in asked) for n in names)


def _simplified(item: ScoredChunk) -> ScoredChunk:
    chunk = item.chunk
    text = reading_text(chunk.text)
    if text == chunk.text:
        return item
    figures = [
        f.model_copy(update={"surface": reading_text(f.surface), "metric": reading_text(f.metric)})
        for f in chunk.figures
    ]
    path = [reading_text(h) for h in chunk.section_path]
    reading = chunk.model_copy(update={"text": text, "figures": figures, "section_path": path})
    return item.model_copy(update={"chunk": reading})


def _in_original(pick: Pick, reading: Sequence[ScoredChunk], context: Sequence[ScoredChunk]) -> Pick:
    at = reading[pick.source - 1].chunk.text.find(pick.sentence)
    if at < 0:
        return pick
    original = context[pick.source - 1].chunk.text
    return replace(pick, sentence=original[at : at + len(pick.sentence)])


def _in_plan(item: ScoredChunk) -> bool:
    path = item.chunk.section_path
    return bool(path) and heading_role(path[0]) is SectionRole.PLAN


def _around(text: str, surface: str, before: int = 1) -> str:
    """The comma-clause holding ``surface`` and the ``before`` clauses ahead of it (高新技术企业申报数量再创新高,
    认定数量突破100家)."""
    at = text.find(surface)
    cuts = [0] + [m.end() for m in _COMMA.finditer(text)] + [len(text)]
    clause = max(i for i, c in enumerate(cuts) if c <= at) if at >= 0 else 0
    return text[cuts[max(0, clause - before)] : cuts[min(len(cuts) - 1, clause + 1)]]


_NOT_MAGNITUDES = frozenset({"%", "个百分点", "rank", "ratio", "ordinal", "年", ""})


def _achieved_magnitudes(figures: Sequence[Figure], text: str) -> set[tuple[str, float]]:
    """The achieved amounts and counts (unit, value in the base unit) stated in ``text``: shares, points and ranks
    recur by chance (序时进度50.0%), and a target is restated in the plan."""
    return {
        (f.unit, f.value)
        for f in figures
        if f.status is FigureStatus.CLEAN
        and f.value is not None
        and f.unit not in _NOT_MAGNITUDES
        and f.modality is not Modality.TARGET
        and f.surface in text
    }


def _part_asked(ask: _Ask, item: ScoredChunk, text: str, figures: Sequence[Figure]) -> bool | None:
    """Whether the question names the part of the area (a town, a street, a zone) a quoted figure is about; None when
    every figure is of the whole area (or none is quoted), False when some are of parts it does not name. The bureau's
    own zone (大庆高新区's report) is the whole."""
    bureau = item.chunk.bureau or item.document.meta.bureau or ""
    own = place_of(bureau).name if bureau else None
    parts = {subarea_of(text, text.find(f.surface)) for f in figures}
    parts = {p if p and p not in bureau else None for p in parts}
    if any(p and names_subarea(ask.question, p, own) for p in parts):
        return True
    return None if not figures or None in parts else False


def _names_indicator(figure: Figure, text: str, indicators: Sequence[str]) -> bool:
    """The figure's own metric, or the words around it, name one of ``indicators`` or a relative of it."""
    words = f"{figure.metric} {_around(text, figure.surface)}".lower()
    return any(name.lower() in words or relative_in(name, words) or named_apart(name, words) for name in indicators)


def _another(asked: str, text: str, surface: str) -> bool:
    """The figure's own clause makes it another output measure, or another stage of the count, than the one asked;
    a clause naming no stage (较上年末净增34家 aside) takes the stage of the clause before it, else of its sentence's
    first clause (a table row's label)."""
    own = _around(text, surface, before=0)
    if other_measure(asked, own):
        return True
    window = own if stages_in(own) else _in_sentence(_around(text, surface), surface)
    if not stages_in(window):  # 高新技术企业申报年度目标35家，上半年完成28家: the row's label is its subject
        window = _COMMA.split(_in_sentence(text, surface), 1)[0]
    return other_stage(asked, window)


def _subject_indicator(text: str, figure: Figure) -> tuple[str, str] | None:
    """The indicator a figure is of: the last one its sentence (or ；-piece) names before it, the base of a share
    (占规上工业增加值比重63.8%) aside, with the words between it and the figure; None when it names none."""
    at = text.find(figure.surface)
    if at < 0:
        return None
    window = _around(text, figure.surface)  # its comma-clause and the one before, as _near reads it, else its sentence
    sentence = text[max(text.rfind(end, 0, at) for end in ("。", "；", ";", "\n")) + 1 : at]
    for head in (window[: window.find(figure.surface)], sentence):
        head = head[max(head.rfind(end) for end in ("。", "\n")) + 1 :]
        names = [(name, head[e:]) for s, e, name in indicator_names_in(head) if not head[:s].endswith(SHARE_OF)]
        if names:
            return names[-1]
    return None


def _of_other_indicator(text: str, figure: Figure, asked: Sequence[str]) -> bool:
    """The figure's sentence makes it a figure of another dictionary indicator than every one asked (高新技术产业增加值
    同比增长9.6% is no growth of 规上工业增加值): its kind does not answer the ask. A measure the asked name ends with,
    written again after the other one (…产值81.5亿元、增加值20.3亿元，其中增加值同比增长5.4%), is the asked one's;
    unknown is not "other"."""
    subject = _subject_indicator(text, figure) if asked else None
    if subject is None:
        return False
    name, between = subject
    for _s, _e, other in indicator_names_in(between):  # 占规上工业增加值比重: a base named whole is no restatement
        between = between.replace(other, " ")
    restated = any(a.endswith(w) and w in between for a in asked for group in VALUE_MEASURES for w in group)
    return not restated and all(other_indicators(a, name) for a in asked)


def _in_sentence(window: str, surface: str) -> str:
    """The part of ``window`` in the sentence that holds ``surface``."""
    return next((part for part in window.split("。") if surface in part), window)


def _own_words(text: str, figure: Figure) -> str:
    """The figure's metric, else the comma-clause that holds it (not the clause before: that may be another's)."""
    return figure.metric or _around(text, figure.surface, before=0)


def _subtype_only(figure: Figure, text: str, ask: _Ask) -> bool:
    """The figure measures only a part of its indicator (吸纳 / 输出 …) that the question does not ask about."""
    words = figure.metric + _around(text, figure.surface)
    return any(w in words and not any(w in t for t in ask.terms) for w in SUBTYPE_WORDS)


def _measures_indicator(metric: str, indicators: Sequence[str]) -> bool:
    """The figure's own metric ends with an asked indicator or one of its synonyms (its head noun is it)."""
    metric = metric.lower()
    return any(
        metric.endswith(name)
        for indicator in indicators
        for name in (indicator.lower(), *(o for o in other_names(indicator) if same_indicator(indicator, o)))
    )


def _named(measure: str, window: str) -> bool:
    """The measure (技术交易额) or another name of its indicator (技术合同成交额) occurs in ``window``."""
    return measure.lower() in window.lower() or relative_in(measure, window) is not None or named_apart(measure, window)


_APART = 12  # characters: how far a name's head may follow its modifier (技术合同认定登记387项，成交额…)


def named_apart(name: str, window: str) -> bool:
    """The name's modifier and its head noun of two or more characters, both in ``window``, the head a few characters
    after (技术合同认定登记387项，成交额18.9亿元 names 技术合同成交额): a report states the subject once, then its measure."""
    name, window = name.lower(), window.lower()
    for cut in range(2, len(name) - 1):
        head, rest = name[:cut], name[cut:]
        at = window.find(head)
        while at >= 0:
            after = window[at + cut : at + cut + _APART + len(rest)]
            if rest in after and not re.search("[。；;！？]", after[: after.find(rest)]):
                return True
            at = window.find(head, at + 1)
    return False


def relative_in(term: str, window: str) -> str | None:
    """A different name of the same indicator family that ``window`` uses for ``term``, if any."""
    lowered = window.lower()
    return next((r for r in other_names(term) if r in lowered), None)


def _presence(term: str, window: str) -> float:
    """1 when the word occurs; 0.7 for another name of the same indicator (研发费用 / 技术开发费); otherwise a
    discounted share of its character bigrams (研发费 ~ 研发费用)."""
    window, term = window.lower(), term.lower()  # R&D经费 is written r&d经费 too
    if term in window:
        return 1.0
    if COMPLETION_RATE_RE.fullmatch(term) and states_completion(window):
        return 1.0  # 完成率 asked, 完成年度目标的104.0% written
    if term in STOCK_WORDS and any(w in window for w in STOCK_WORDS):
        return 1.0  # 有效高企 asked, 高企总数 written
    if term in GROWTH_WORDS and GROWTH_STATED_RE.search(window):
        return 1.0  # 增速 asked, 同比增长13.1% written
    if any(n in window for n in scope_aliases(term)):
        return 1.0
    if any(w.lower() in window for w in theme_words(term)):
        return 1.0  # 知识产权 asked: a sentence about 发明专利 speaks of it
    if is_indicator_name(term) and named_apart(term, window):
        return 1.0  # 技术合同成交额 asked, 技术合同认定登记成交额 written: the name with a qualifier inside it
    other = relative_in(term, window)
    if other:
        return 1.0 if same_indicator(term, other) else 0.7  # 高企 is 高新技术企业; 技术开发费 is only akin to 研发费用
    if len(term) <= 2:
        return 0.0
    grams = [term[i : i + 2] for i in range(len(term) - 1)]
    return 0.7 * sum(g in window for g in grams) / len(grams)
