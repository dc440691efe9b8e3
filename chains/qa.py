"""Question answering: resolve follow-up → retrieve → answer (extractive or LLM) → cite → verify every figure.

Built as an LCEL pipeline of four steps. Everything is injected: the retriever (:class:`chains.ports.Retriever`),
the chat model (``None`` means offline mode) and the run log its calls go to; :mod:`scribe.services` wires them.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, ConfigDict, Field

from chains.extractive import (
    Extraction,
    ExtractiveAnswerer,
    Pick,
    content_terms,
    relative_in,
    sentences,
)
from chains.followup import Turn, bounded, history_text, resolve
from chains.llm import StructuredMethod
from chains.models import REFUSAL, Answer, Citation, RetrievedRef
from chains.ports import Retriever
from chains.qa_generative import (
    EVIDENCE_TOKENS,
    UNSUPPORTED_POLICY,
    Evidence,
    UnsupportedPolicy,
    evidence_from,
    generate,
)
from chains.qa_stream import AnswerStream
from chains.runlog import RunLog
from chains.sources import source_text
from scribe.errors import ScribeError
from scribe.figures import SourceText, Verdict, extract_figures, verify, verify_answer
from scribe.lexicon.headings import SectionRole, heading_role, is_problem_text
from scribe.lexicon.hedges import LEVERAGE_RE, SUBSIDY_AFTER_RE, leveraged, pending_outcome
from scribe.lexicon.indicators import is_indicator_name, same_indicator
from scribe.lexicon.periods import (
    PAST_YEAR_WORD_RE,
    answers_period,
    base_years,
    clause_period,
    dates_year_end,
    declares_whole_year,
    figure_period,
    label_span,
    leading_period,
    month_range,
    one_span,
    parse_period,
    period_label,
    prior_year_lead,
    states_prior_same_period,
    unpublished_period,
    years_in,
)
from scribe.lexicon.places import place_of
from scribe.lexicon.questions import NUMBER_ASK_RE, asks_for_text, named_kinds
from scribe.lexicon.sentences import SENTENCE_RE, broken_down_sentence, clauses
from scribe.models import FigureKind, FigureStatus, Modality, ScoredChunk
from vectorstore.retrieval import Filters, RetrievalResult
from vectorstore.scope import QueryScope, compared_bureaus

log = logging.getLogger(__name__)

GENERATIVE_MAX_TOKENS = 256  # the answer's output cap when the caller sets none (Settings.llm_max_tokens_qa)
MIN_CONTEXT_K = 8  # chunks the answer step sees at least; more when the configured retrieval_k asks for more
_MARKER = re.compile(r"\[(\d{1,2})\]")
_GLOSSED_SPAN = re.compile(r"[（(][^（）()]*月[^（）()]*[）)]")
# What an answer calls a kind of figure it could not find; every kind has its words, none leaks its enum value.
KIND_LABEL = {
    FigureKind.AMOUNT: "金额",
    FigureKind.GROWTH: "增速",
    FigureKind.SHARE: "比重",
    FigureKind.COUNT: "数量",
    FigureKind.RANK: "排名",
    FigureKind.COMPLETION: "完成率",
    FigureKind.CHANGE: "变化幅度",
    FigureKind.RATIO: "比例",
    FigureKind.ORDINAL: "批次",
    FigureKind.OTHER: "数值",
}


class QAConfigError(ScribeError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("生成模式的问答需要运行日志（RunLog）；请由调用方传入 run_log。")


class QARequest(BaseModel):
    question: str
    filters: Filters = Field(default_factory=Filters)
    history: list[Turn] = Field(default_factory=list)


class _Quoted(BaseModel):
    """A verbatim quote in an offline answer, with what it is checked against: the sources of the retrieval it was
    picked from (one bureau's, in a comparison) and the bureau of its own report."""

    offset: int  # where it starts in the answer text
    text: str
    section_path: list[str]
    sources: list[SourceText]
    bureau: str | None


class _State(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    request: QARequest
    started: float
    resolved: str = ""
    retrieval: RetrievalResult | None = None
    text: str = ""
    citations: list[Citation] = Field(default_factory=list)
    refused: bool = False
    model: str | None = None
    quoted: list[_Quoted] = Field(default_factory=list)
    per_bureau: list[tuple[str, RetrievalResult]] = Field(default_factory=list)  # a question comparing bureaus
    evidence: list[tuple[Pick, ScoredChunk]] = Field(default_factory=list)  # the quoted picks, in answer order
    wording: dict[str, str] = Field(default_factory=dict)  # quoted sentence → how it names the asked indicator
    fallback: str | None = None
    completion_tokens: int | None = None
    prompt_tokens: int | None = None
    generated: str | None = None
    regenerated: bool = False
    struck: list[str] = Field(default_factory=list)


class QAChain:
    """Answers questions over ``retriever``; with ``llm`` (then ``run_log`` is required) the model writes them."""

    def __init__(
        self,
        retriever: Retriever,
        *,
        llm: BaseChatModel | None = None,
        run_log: RunLog | None = None,
        context_k: int = MIN_CONTEXT_K,
        max_tokens: int = GENERATIVE_MAX_TOKENS,
        structured: StructuredMethod = "json_schema",
        unsupported_policy: UnsupportedPolicy = UNSUPPORTED_POLICY,
        evidence_tokens: int = EVIDENCE_TOKENS,
    ) -> None:
        if llm is not None and run_log is None:
            raise QAConfigError()
        self.retriever = retriever
        self.llm = llm
        self.run_log = run_log
        self.context_k = context_k
        self.max_tokens = max_tokens
        self.structured: StructuredMethod = structured
        self.unsupported_policy: UnsupportedPolicy = unsupported_policy
        self.evidence_tokens = evidence_tokens
        self.answerer = ExtractiveAnswerer(retriever.term_frequency)
        self._stream: Callable[[str], None] | None = None
        self._preview: Callable[[Answer], None] | None = None

    @property
    def mode(self) -> str:
        return "generative" if self.llm is not None else "offline"

    def runnable(self) -> Runnable[QARequest, Answer]:
        return (
            RunnableLambda(_start)
            | RunnableLambda(self._resolve)
            | RunnableLambda(self._retrieve)
            | RunnableLambda(self._answer)
            | RunnableLambda(self._verify)
        )

    def ask(
        self,
        question: str,
        *,
        filters: Filters | None = None,
        history: Sequence[Turn] = (),
        stream: Callable[[str], None] | None = None,
        preview: Callable[[Answer], None] | None = None,
    ) -> Answer:
        """``preview`` gets the checked offline answer (verbatim quotes) before the model is asked, so a screen can
        show it at once; it is not called when the model is not asked."""
        self._stream, self._preview = stream, preview
        try:
            request = QARequest(question=question, filters=filters or Filters(), history=bounded(history))
            return self.runnable().invoke(request)
        finally:
            self._stream = self._preview = None

    def stream(self, question: str, *, filters: Filters | None = None, history: Sequence[Turn] = ()) -> AnswerStream:
        """The answer's tokens as they arrive (none offline); ``.answer`` afterwards is the checked answer."""
        return AnswerStream(
            lambda on_token, on_preview: self.ask(
                question, filters=filters, history=history, stream=on_token, preview=on_preview
            )
        )

    def evidence_for(self, question: str, *, filters: Filters | None = None) -> tuple[str, list[Evidence]]:
        """The resolved question and the numbered sentences the model would word (none when refused offline):
        what the prompt holds, for measuring it (``bench/bench_llm_first_token.py``)."""
        state = self._retrieve(self._resolve(_start(QARequest(question=question, filters=filters or Filters()))))
        assert state.retrieval is not None
        if not state.retrieval.chunks:
            return state.resolved, []
        self._answer_offline(state)
        return state.resolved, [] if state.refused else evidence_from(state.evidence, state.wording)

    # --- the four steps ---
    def _resolve(self, state: _State) -> _State:
        known = self.retriever.known_bureaus()
        state.resolved = resolve(state.request.question, state.request.history, known)
        return state

    def _retrieve(self, state: _State) -> _State:
        filters = state.request.filters
        state.retrieval = self.retriever.retrieve(state.resolved, k=self.context_k, filters=filters)
        compared = [] if filters.bureau else compared_bureaus(state.resolved, state.retrieval.scope.bureaus)
        if len(compared) >= 2:  # 洞头区和青田县…哪个: each bureau searched on its own, answered side by side
            state.per_bureau = [
                (
                    b,
                    self.retriever.retrieve(
                        state.resolved, k=self.context_k, filters=filters.model_copy(update={"bureau": b})
                    ),
                )
                for b in compared
            ]
            merged = _interleave([r.chunks for _b, r in state.per_bureau], self.context_k)
            state.retrieval = state.retrieval.model_copy(update={"chunks": merged})
        return state

    def _answer(self, state: _State) -> _State:
        assert state.retrieval is not None
        if not state.retrieval.chunks:
            state.text, state.refused = REFUSAL + self._why_nothing(state.retrieval.scope), True
            return state
        if self.llm is None:
            self._answer_offline(state)
        else:
            self._answer_generative(state)
        unconfirmed = state.retrieval.scope.unconfirmed_cities
        if not state.refused and unconfirmed:
            state.text += f"\n（报告未写明所属城市，是否为{'、'.join(unconfirmed)}请核实。）"
        if not state.refused and state.retrieval.unattributed_for:
            places = "、".join(state.retrieval.unattributed_for)
            state.text += f"\n（资料库中没有署名{places}的报告；以上引自未写明单位、文中提到{places}的报告，请核实。）"
        return state

    def _verify(self, state: _State) -> Answer:
        assert state.retrieval is not None
        chunks = state.retrieval.chunks
        sources = [source_text(s.chunk, s.document) for s in chunks]
        bureaus = state.retrieval.scope.bureaus
        bureau = bureaus[0] if len(bureaus) == 1 else None
        verdicts: list[Verdict] = []
        if state.refused:
            pass
        elif state.quoted:  # offline: each verbatim quote is checked under the headings it was quoted from
            verdicts = []
            for q in state.quoted:
                # a plan's heading makes its figures targets; a review heading's period words would be read as the
                # quote's own, though the quote is the source's sentence
                path = q.section_path
                plan = path if path and heading_role(path[0]) is SectionRole.PLAN else []
                # against the sources it was picked from, as a figure of its own report's bureau: in a comparison the
                # other bureau's same indicator is no contradiction
                # sentence by sentence: the period leading the quote's first sentence is not the next one's (1-5月，
                # …。其中… is dated in its source by its own words or its report)
                for m in SENTENCE_RE.finditer(q.text):
                    for v in verify(m.group(), q.sources, bureau=q.bureau or bureau, section_path=plan):
                        offset = q.offset + m.start()
                        figure = v.figure
                        moved = figure.model_copy(update={"start": figure.start + offset, "end": figure.end + offset})
                        verdicts.append(v.model_copy(update={"figure": moved}))
        else:
            # each figure against the sources its [n] cites, the question naming what a terse figure measures
            verdicts = verify_answer(state.text, sources, question=state.resolved, bureau=bureau)
        return Answer(
            question=state.request.question,
            resolved_question=state.resolved,
            text=state.text,
            refused=state.refused,
            mode="generative" if self.llm is not None else "offline",
            model=state.model,
            citations=state.citations,
            verdicts=verdicts,
            scope=state.retrieval.scope,
            retrieved=[
                RetrievedRef(
                    chunk_id=s.chunk.chunk_id,
                    file_name=s.document.file_name,
                    score=s.score,
                    section=s.chunk.section_label,
                )
                for s in chunks
            ],
            latency_ms=int((time.perf_counter() - state.started) * 1000),
            fallback=state.fallback,
            completion_tokens=state.completion_tokens,
            prompt_tokens=state.prompt_tokens,
            generated=state.generated,
            regenerated=state.regenerated,
            struck=state.struck,
        )

    def _why_nothing(self, scope: QueryScope) -> str:
        """Why retrieval came back empty, when the reason is one the user can act on."""
        if not self.retriever.document_count():
            return "：资料库中还没有任何报告。请先入库（命令行 scribe ingest 路径，或在“资料库”页上传）。"
        if scope.unknown_places and not scope.bureaus:
            places = "、".join(scope.unknown_places)
            return (
                f"：资料库中没有{places}的报告（已入库单位：{'、'.join(self.retriever.known_bureaus()) or '未识别'}）。"
            )
        return ""

    # --- offline ---
    def _answer_offline(self, state: _State) -> None:
        assert state.retrieval is not None
        if state.per_bureau:
            self._answer_compared(state)
            return
        quoted = self._quote(state, state.retrieval, state.retrieval.scope.bureaus)
        if isinstance(quoted, str):
            state.text, state.refused = quoted, True

    def _answer_compared(self, state: _State) -> None:
        """One part per bureau, each with its period; a note when the periods differ."""
        periods: dict[str, list[str]] = {}
        refusals: list[str] = []
        for bureau, retrieval in state.per_bureau:
            if state.text:
                state.text += "\n"
            quoted = self._quote(state, retrieval, [bureau])
            if isinstance(quoted, str):
                refusals.append(f"{bureau}：{quoted}")
                state.text += f"{bureau}：{quoted}。"
            else:
                periods[bureau] = quoted
        if not periods:
            state.text, state.refused = REFUSAL + "（" + "；".join(refusals) + "）", True
            state.quoted, state.citations = [], []
            return
        labels = {b: "、".join(dict.fromkeys(p)) for b, p in periods.items()}
        if len({_period_key(p) for p in periods.values()}) > 1:
            sides = "，".join(f"{place_name(b)}为{label or '时期未注明'}" for b, label in labels.items())
            state.text += f"\n（注意：各地数据的时期不同——{sides}，不宜直接比较。）"

    def _quote(self, state: _State, retrieval: RetrievalResult, bureaus: Sequence[str]) -> list[str] | str:
        """Append to the answer the sentences of ``retrieval`` that answer, each report's part headed with its bureau
        and period; return the periods of the quoted figures, or the refusal when nothing answers."""
        chunks = retrieval.chunks
        if not chunks:
            return REFUSAL
        scope = retrieval.scope
        asked = asked_period(scope, state.request.filters, state.resolved)
        asked = self._last_year_asked(asked, scope, state, bureaus)
        found: Extraction | None = None
        several = [] if asked or scope.wants_plan else asked_periods(scope, state.request.filters, state.resolved)
        if several:  # 一季度和上半年各多少: each period's figure, in the order asked
            found = self._per_period(state.resolved, scope, chunks, several)
        if asked and not scope.wants_plan:  # only the figures of the period asked compete

            def of_period(n: int, text: str) -> bool:
                # every sentence of the span: a heading line of no period must not carry a 全年 figure in with it
                return dates_year_end(asked, text) or all(
                    _held_answers(asked, p, chunks[n - 1], state.resolved) for p in _span_periods(text, chunks[n - 1])
                )

            found = self.answerer.extract(state.resolved, scope, chunks, within=of_period)
            if found.picks:
                # the asked indicator, better matched in another period's sentence, is not answered by a weaker match
                # of this period (a plan's 全年 aim, a neighbour's figure): that period's figure is what there is
                anyway = self.answerer.extract(state.resolved, scope, chunks)
                best = anyway.picks[:1]
                if (
                    best
                    and best[0].score > found.picks[0].score
                    and (_other_months(asked, best[0].sentence) or _other_year(asked, best[0].sentence))
                ):
                    found = anyway
        if found is None or not found.picks:  # none of that period: what there is says which periods are held
            found = self.answerer.extract(state.resolved, scope, chunks)
        picks = found.picks
        if picks and asked and not scope.wants_plan:
            held = {id(p): _pick_periods(p, chunks[p.source - 1]) for p in picks}
            terms = content_terms(state.resolved, scope)
            kept = [
                p
                for p in picks
                if dates_year_end(asked, p.sentence)  # 较2025年末的104家: that year's figure, in passing
                or any(states_prior_same_period(asked, h, p.sentence) for h in held[id(p)])  # 上年同期1.28亿元
                or (
                    any(_held_answers(asked, h, chunks[p.source - 1], state.resolved) for h in held[id(p)])
                    and not _other_months(asked, _answering_sentence(p.sentence, terms))
                )
            ]
            if not kept:
                return self._period_refusal(asked, bureaus, [h for p in picks for h in held[id(p)]])
            picks = kept
        if picks and asked and not scope.wants_plan:  # 上半年研发费用数据尚未发布: the report says it has none
            terms = content_terms(state.resolved, scope)
            said = [u for p in picks if (u := _unpublished(asked, p.sentence, chunks[p.source - 1], terms))]
            if len(said) == len(picks):
                return f"{REFUSAL}：资料中说明“{said[0]}”"
        target_year = parse_period(asked).year if asked and scope.wants_plan else None
        if picks and target_year is not None:
            # 2027年目标 asked of a 2026 report: its 全年目标 and 下一步 are 2026's; a target of a year no report covers
            # is refused with the periods held, never answered with another year's
            aimed = [p for p in picks if _covers_year(target_year, p, chunks[p.source - 1])]
            if not aimed:
                return self._period_refusal(
                    asked or "", bureaus, [h for p in picks for h in _pick_periods(p, chunks[p.source - 1])]
                )
            picks = aimed
        if not picks:
            return REFUSAL
        if not asks_for_text(state.resolved):  # a figure asked: a masked one (X家 / xx%) is no answer
            terms = content_terms(state.resolved, scope)
            measures = named_kinds(state.resolved)  # 研发费用增速: the growth is asked, not the masked amount
            masked = [m for p in picks if (m := _masked_answer(p.sentence, chunks[p.source - 1], terms, measures))]
            if len(masked) == len(picks):
                return f"{REFUSAL}：报告中这个数字没有写明（原文为“{masked[0]}”）"
            if not scope.wants_plan:  # a plan's sentence with an X among its aims still states the others
                picks = [p for p in picks if not _masked_answer(p.sentence, chunks[p.source - 1], terms, measures)]
            given = [g for p in picks if (g := _given_only(state.resolved, p.sentence, chunks[p.source - 1]))]
            if picks and len(given) == len(picks):  # 申报的15家…通过几家, quoted only 申报15家: not said
                return f"{REFUSAL}：资料中只有问题中已给出的{given[0]}，没有所问的数"
            drawn_asked = LEVERAGE_RE.search(state.resolved) or SUBSIDY_AFTER_RE.search(state.resolved)
            if not drawn_asked:  # 研发费用 asked, 带动企业研发投入1.3亿元 / 研发投入后补助 quoted: not its total
                drawn = [p for p in picks if _leveraged_answer(p.sentence, terms)]
                if drawn and len(drawn) == len(picks):
                    drawn_name = _leveraged_answer(drawn[0].sentence, terms)
                    return f"{REFUSAL}：资料中只有带动的或以{drawn_name}为名的补助数，不是{drawn_name}本身"
                picks = [p for p in picks if p not in drawn]
            pending = [c for p in picks if (c := pending_outcome(state.resolved, p.sentence))]
            if picks and len(pending) == len(picks):  # 第二批认定了多少家, quoted 第二批23家正在公示: not yet known
                return f"{REFUSAL}：资料中只有“{pending[0]}”，结果尚未公布"
        if scope.wants_plan and NUMBER_ASK_RE.search(state.resolved) and not asks_for_text(state.resolved):
            # 全年目标是多少: a figure of what was done is no target; only sentences stating one answer
            aimed = [p for p in picks if _states_target(p.sentence, chunks[p.source - 1])]
            if not aimed:
                return f"{REFUSAL}：资料中没有这项的目标数，只有完成情况"
            picks = aimed
        # which things a plan names, asked of its period or quoted from its plan part, are answered by its aims; so is a
        # year after every quoted report's (2027年重点工作 of a 2026 report: its plan)
        plan_asked = (
            scope.wants_plan
            or (
                asks_for_text(state.resolved)
                and (asked is not None or all(_of_plan(chunks[p.source - 1]) for p in picks))
            )
            or _after_reports(asked, [chunks[p.source - 1] for p in picks])
        )
        if not plan_asked and all(p.target for p in picks):
            # asked what was done; a target is no answer — unless the question asks which things (哪些产业) a period's
            # plan names: 2024年…聚焦哪些赛道 asked of a 2023 report is answered by its plan, labelled as one
            return f"{REFUSAL}：资料中只有计划目标，没有完成情况"
        asked_terms = content_terms(state.resolved, scope)
        picked_from = [source_text(s.chunk, s.document) for s in chunks]
        numbers = {c.chunk_id: c.n for c in state.citations}
        text, last_doc = state.text, None
        periods: list[str] = []
        for i, pick in enumerate(picks):
            scored = chunks[pick.source - 1]
            if scored.document.doc_id != last_doc:
                text += ("；" if i else "") + _header(scored)
                last_doc = scored.document.doc_id
            elif i:
                text += "；"
            n = numbers.setdefault(scored.chunk.chunk_id, len(state.citations) + 1)
            if n > len(state.citations):
                state.citations.append(_citation(n, scored, pick.sentence))
            quote = pick.sentence.rstrip("。；;，,")
            if pick.target and not scope.wants_plan:
                text += "（以下为计划目标，不是已完成数）"  # beside a result quoted for the same question
            state.quoted.append(
                _Quoted(
                    offset=len(text),
                    text=quote,
                    section_path=scored.chunk.section_path,
                    sources=picked_from,
                    bureau=scored.chunk.bureau or scored.document.meta.bureau,
                )
            )
            state.evidence.append((pick, scored))
            text += f"{quote}[{n}]"
            periods.extend(p for p in _pick_periods(pick, scored)[:1] if p)
            named = any(t.lower() in quote.lower() for t in asked_terms if is_indicator_name(t))
            for term in [] if named else asked_terms:  # a quote naming an asked indicator needs no note
                note = _wording_note(term, quote)
                if note:  # the report words this indicator differently: say so, never pass it off as the same
                    text += note
                    state.wording[pick.sentence] = note
                    break
        text += "。"
        if scope.wants_plan and not asks_for_text(state.resolved):
            held_back = [m for p in picks if (m := _masked_answer(p.sentence, chunks[p.source - 1], asked_terms))]
            if held_back:  # the plan left the asked target's number open
                text += f"（报告中所问目标的数字未写明，原文为“{held_back[0]}”。）"
        if asked and parse_period(asked).months is not None:  # 上半年 asked, 1-5月 quoted: say which
            own = [p for p in dict.fromkeys(periods) if parse_period(p).months != parse_period(asked).months]
            if own and not scope.wants_plan:
                text += f"（资料中的数据时期为{'、'.join(own)}。）"
        if found.missing or found.missing_subjects:
            kinds = [KIND_LABEL[k] for ask in found.missing for k in sorted(ask)[:1]]
            text += f"（{'、'.join([*found.missing_subjects, *kinds])}：{REFUSAL}）"
        state.text = text
        return periods

    def _last_year_asked(
        self, asked: str | None, scope: QueryScope, state: _State, bureaus: Sequence[str]
    ) -> str | None:
        """去年 / 上年 asked with no year named: the year before the bureau's newest report's (the asker writes from
        its time; a complete annual report's own year), with the span asked (去年全年 → 2025年全年); the asked period
        unchanged when that is unknown."""
        if state.request.filters.year or scope.years or not PAST_YEAR_WORD_RE.search(state.resolved):
            return asked
        held = [(y, p) for b in bureaus for p in self.retriever.held_periods(b) for y in years_in(p)[:1]]
        if not held:
            return asked
        year, label = max(held)
        # a whole year's report with its months complete (2025年全年) is read the year after: 去年 is its own year
        last = year if declares_whole_year(label.split("年", 1)[-1]) and "（" not in label else year - 1
        return f"{last}年{asked or ''}"

    def _per_period(
        self, question: str, scope: QueryScope, chunks: Sequence[ScoredChunk], periods: Sequence[str]
    ) -> Extraction | None:
        """The picks answering ``question`` for each of ``periods``, each period's from its own figures; None when no
        period is answered (then the question is answered as one)."""
        picks: list[Pick] = []
        missing: list[frozenset[FigureKind]] = []
        coverage = 0.0
        for period in periods:

            def of_period(n: int, text: str, period: str = period) -> bool:
                return all(answers_period(period, p) for p in _span_periods(text, chunks[n - 1]))

            found = self.answerer.extract(question, scope, chunks, within=of_period)
            coverage = max(coverage, found.coverage)
            missing += [k for k in found.missing if k not in missing]
            picks += [
                p for p in found.picks if not any(p.sentence in q.sentence for q in picks if q.source == p.source)
            ]
        if not picks:
            return None
        return Extraction(picks=picks, coverage=coverage, missing=missing)

    def _period_refusal(self, asked: str, bureaus: Sequence[str], found: Sequence[str | None]) -> str:
        """资料中只有…的数据: the periods the store does hold, never another period's number."""
        seen = "、".join(dict.fromkeys(f for f in found if f and not answers_period(asked, f)))
        held = "；".join(f"{b}：{'、'.join(periods)}" for b in bureaus if (periods := self.retriever.held_periods(b)))
        text = f"{REFUSAL}：资料中没有{asked}的数据"
        if seen:
            text += f"，找到的是{seen}的数据"
        if held:
            text += f"（已入库报告——{held}）"
        return text

    # --- generative ---
    def _answer_generative(self, state: _State) -> None:
        """The model words the answer from the sentences the offline answer quotes; whatever the offline answer
        refuses (nothing answers, a period not held, only a target) never reaches the model."""
        assert state.retrieval is not None and self.llm is not None and self.run_log is not None
        self._answer_offline(state)
        if state.refused or not state.evidence:
            return
        if state.per_bureau and REFUSAL in state.text:  # the model would word one side only and drop the other
            _keep_offline(state, "对比的一方资料中没有答案")
            return
        offline = (state.text, state.quoted, state.citations)  # generate() leaves the state alone
        if self._preview is not None:
            self._preview(self._verify(state))
        evidence = evidence_from(state.evidence, state.wording)
        out = generate(
            self.llm,
            self.run_log,
            question=state.resolved,
            history=history_text(state.request.history),
            evidence=evidence,
            max_tokens=self.max_tokens,
            structured=self.structured,
            asks_problems=is_problem_text(state.resolved),
            stream=self._stream,
            unsupported=self.unsupported_policy,
            evidence_tokens=self.evidence_tokens,
        )
        state.model, state.completion_tokens, state.generated = out.model, out.completion_tokens, out.raw or None
        state.prompt_tokens, state.regenerated, state.struck = out.prompt_tokens, out.regenerated, out.struck
        if out.fallback is not None:
            state.text, state.quoted, state.citations = offline
            _keep_offline(state, out.fallback)
            return
        state.text, state.refused, state.quoted = out.text, out.refused, []
        if not out.refused:
            used = out.used or [e.n for e in evidence]
            state.citations = [_citation(n, evidence[n - 1].scored, evidence[n - 1].sentence) for n in used]


def _start(request: QARequest) -> _State:
    return _State(request=request, started=time.perf_counter())


def _citation(n: int, scored: ScoredChunk, quote: str) -> Citation:
    chunk, doc = scored.chunk, scored.document
    src = source_text(chunk, doc)
    return Citation(
        n=n,
        chunk_id=chunk.chunk_id,
        doc_id=doc.doc_id,
        file_name=doc.file_name,
        bureau=src.bureau,
        period=src.period,
        section_path=chunk.section_path,
        quote=quote,
        chunk_text=chunk.text,
    )


def answer_payload(answer: Answer) -> dict[str, Any]:
    """The JSON the CLI prints: the answer, the cited sources and the figure verdicts."""
    return answer.model_dump(mode="json")


def asked_period(scope: QueryScope, filters: Filters, question: str = "") -> str | None:
    """The one period a question asks about (``2024年上半年``), or None when it names none or several; a year named only
    as a comparison's base (比2022年末增加多少) is not asked."""
    bases = base_years(question)
    years = [y for y in scope.years if y not in scope.report_years and y not in bases]
    year = filters.year or (years[0] if len(years) == 1 else None)
    period = filters.period or one_span(scope.periods)
    if year is None and period is None:
        return None
    return f"{year}年{period or ''}" if year else period


def asked_periods(scope: QueryScope, filters: Filters, question: str = "") -> list[str]:
    """The periods a question asks about side by side (一季度和上半年 / 前三季度和全年), each with the one year asked,
    in the question's order; [] when it asks about one period or none."""
    if filters.period or len(scope.periods) < 2 or len({parse_period(p).months for p in scope.periods}) < 2:
        return []
    if _GLOSSED_SPAN.search(question):
        return []  # 上半年（1-5月）: one period, glossed by its months
    bases = base_years(question)
    years = [y for y in scope.years if y not in scope.report_years and y not in bases]
    year = filters.year or (years[0] if len(years) == 1 else None)
    if year is None and years:
        return []  # several years and several spans: not one period each
    ordered = sorted(scope.periods, key=lambda p: (question.find(p) < 0, question.find(p)))
    return [f"{year}年{p}" if year else p for p in ordered]


def _period_key(periods: Sequence[str]) -> frozenset[tuple[int | None, tuple[int, int] | None]]:
    """Periods compared as spans: 2023年 in an annual report is 2023年全年, 上半年 is 1-6月."""
    specs = (parse_period(p) for p in periods)
    return frozenset((s.year, s.months or ((1, 12) if s.year else None)) for s in specs)


def _interleave(lists: Sequence[Sequence[ScoredChunk]], k: int) -> list[ScoredChunk]:
    out: list[ScoredChunk] = []
    for row in itertools.zip_longest(*lists):
        out.extend(c for c in row if c is not None)
    return out[: max(k, 2 * len(lists))]


def _other_months(asked: str, text: str) -> bool:
    """Whether the text's own clauses date its figures to other months than asked (1-4月 for 1-5月): a statement the
    text makes itself, never one read from its report or section."""
    return any(month_range(own) is not None and not answers_period(asked, own) for own in _own_periods(text))


def _after_reports(asked: str | None, scored: Sequence[ScoredChunk]) -> bool:
    """Whether the year asked comes after every quoted report's own years (2027年 asked of 2026 reports): only a
    plan can speak of it, so its targets are what is asked."""
    year = parse_period(asked).year
    held = [y for s in scored for y in s.years]
    return year is not None and bool(held) and all(year > y for y in held)


def _other_year(asked: str, text: str) -> bool:
    """Whether the text's own clauses date its figures to another year than asked (2025年全市研发投入强度为… asked
    of 2026): the indicator's statement there is what the report holds, not a weaker mention of no date."""
    year = parse_period(asked).year
    return year is not None and any(parse_period(own).year not in (None, year) for own in _own_periods(text))


def _own_periods(text: str) -> list[str]:
    """The period each sentence of ``text`` dates itself by: the one it opens with, else its clause's."""
    return [
        own for sentence in sentences(text) or [text] if (own := leading_period(sentence) or clause_period(sentence))
    ]


def _of_plan(scored: ScoredChunk) -> bool:
    """Whether the chunk sits in its report's plan part (下一步工作计划 / 2027年工作计划)."""
    path = scored.chunk.section_path
    return bool(path) and heading_role(path[0]) is SectionRole.PLAN


def _states_target(text: str, scored: ScoredChunk) -> bool:
    """Whether ``text`` states a target: one of its figures is one (力争… / a plan section's), or it leaves one to be
    filled (X家) — unknown is not "no"."""
    figures = [f for f in scored.chunk.figures if f.surface in text]
    return not figures or any(f.modality is Modality.TARGET or f.status is FigureStatus.PLACEHOLDER for f in figures)


def _masked_answer(
    text: str, scored: ScoredChunk, terms: Sequence[str], measures: frozenset[FigureKind] = frozenset()
) -> str | None:
    """The masked figure (X家 / xx%) of the clause of ``text`` that names most of what is asked, when that clause
    states no figure of its own: the report left the number out, so quoting it answers nothing — unless the question
    names a measure (``measures``: 增速 / 占比 / 排名) that ``text`` states clean (xx亿元，同比增长13.7%)."""
    parts = clauses(text)
    if not parts or not terms:
        return None
    stated = [f for f in scored.chunk.figures if f.surface in text and f.status is FigureStatus.CLEAN]
    if measures and any(f.kind in measures for f in stated):
        return None
    best = max(parts, key=lambda c: sum(t.lower() in c.lower() for t in terms))
    if not any(t.lower() in best.lower() for t in terms):
        return None
    figures = [f for f in scored.chunk.figures if f.surface in best]
    holes = [f.surface for f in figures if f.status is FigureStatus.PLACEHOLDER]
    return holes[0] if holes and not any(f.status is FigureStatus.CLEAN for f in figures) else None


def _unpublished(asked: str, quote: str, scored: ScoredChunk, terms: Sequence[str]) -> str | None:
    """The sentence of the quote's passage saying the asked period's figure is not yet published (全年数据待统计部门
    发布 asked 全年; 上半年研发费用数据尚未发布 asked 上半年): inside the quote, right after it, or naming what is
    asked; None otherwise."""
    chunk, doc = scored.chunk, scored.document
    years = scored.years
    text, wanted = chunk.text, parse_period(asked)
    at = text.find(quote)
    end = at + len(quote) if at >= 0 else -1
    for sentence in sentences(text):
        own = unpublished_period(sentence)
        if own is None:
            continue
        where = text.find(sentence)
        near = sentence in quote or (end >= 0 and 0 <= where - end <= 2)
        if not near and not any(t.lower() in sentence.lower() or relative_in(t, sentence) for t in terms):
            continue
        held = parse_period(figure_period(own, years, chunk.period or doc.meta.period))
        same_year = wanted.year is None or held.year is None or wanted.year == held.year
        if same_year and (wanted.months or (1, 12)) == (held.months or (1, 12)):
            return sentence.strip().rstrip("。")
    return None


def _leveraged_answer(text: str, terms: Sequence[str]) -> str | None:
    """The asked indicator, as ``text`` names it, when the clause naming it gives a figure something else drew in
    (带动企业研发投入约1.3亿元), its synonyms read from the lexicon; None otherwise."""
    for clause in clauses(text) or [text]:
        for term in terms:
            low = clause.lower()
            named = term.lower() if term.lower() in low else relative_in(term, clause)
            if named and any(ch.isdigit() for ch in clause) and leveraged(low, named):
                return named
    return None


def _given_only(question: str, text: str, scored: ScoredChunk) -> str | None:
    """The figure a question gives (申报的15家) when it asks for a number and ``text`` states nothing of that unit
    but the figures the question gives: the sentence repeats the question, it does not answer it."""
    if not NUMBER_ASK_RE.search(question):
        return None
    given = {
        (f.value, f.unit): f.surface
        for f in extract_figures(question)
        if f.value is not None and f.unit and f.kind not in (FigureKind.ORDINAL, FigureKind.RANK)  # 第一批 / 第3位
    }
    if not given:
        return None
    stated = [
        f for f in scored.chunk.figures if f.surface in text and f.status is FigureStatus.CLEAN and f.value is not None
    ]
    own = [f for f in stated if any(f.unit == unit for _v, unit in given)]
    if not own or any((f.value, f.unit) not in given for f in own):
        return None
    return next(surface for (value, unit), surface in given.items() if (own[0].value, own[0].unit) == (value, unit))


def _answering_sentence(text: str, terms: Sequence[str]) -> str:
    """The sentence of a quote that names most of what is asked (a two-row quote: the asked row, not its neighbour)."""
    return max(sentences(text) or [text], key=lambda s: sum(t.lower() in s.lower() for t in terms))


def _held_answers(asked: str, held: str | None, scored: ScoredChunk, question: str = "") -> bool:
    """Whether a figure of ``held`` answers ``asked`` from its report: 上半年 / 全年 / 一季度 asked in words takes a
    figure of fewer months (1-5月) only from a report that calls its own period so (上半年（1-5月）, or a 上半年 report
    whose table is headed 1-5月); a report of 1-5月 holds no 上半年 figure, and a report naming no period is not held
    against it."""
    if not answers_period(asked, held):
        return False
    wanted, got = parse_period(asked).months, parse_period(held).months
    if wanted is None or got is None or wanted == got:
        return True
    span = label_span(asked)
    if question and span not in question:
        return True  # 202X年度高企申报 names a batch's year, not a span of months the report must call its own
    # the report's own name for its period (its title too) counts as well as its section's: a 上半年 report's 1-5月
    # table answers 上半年
    meta = scored.document.meta
    if meta.title and span in meta.title:
        return True
    named = [p for p in (scored.chunk.period, meta.period) if p]
    return not named or any(month_range(p) is None or span in p for p in named)


def _covers_year(year: int, pick: Pick, scored: ScoredChunk) -> bool:
    """Whether the pick may state a target of ``year``: its report or chunk covers that year (a 2025 review with its
    2026 plan covers both), or its own words or heading name it. A pick whose report states no year is not refused."""
    chunk, doc = scored.chunk, scored.document
    years = scored.years
    if not years or year in years or year in doc.meta.years:
        return True
    own = [leading_period(h) for h in chunk.section_path] + [p for p in _pick_periods(pick, scored)]
    return any(p and parse_period(p).year == year for p in own) or f"{year}年" in pick.sentence


def _pick_periods(pick: Pick, scored: ScoredChunk) -> list[str | None]:
    return _span_periods(pick.sentence, scored)


def _span_periods(text: str, scored: ScoredChunk) -> list[str | None]:
    """The period of each sentence a quote holds: the one it opens with, else its section's, else its report's."""
    chunk, doc = scored.chunk, scored.document
    years = scored.years
    period = chunk.period or doc.meta.period
    section = next((p for h in reversed(chunk.section_path) if (p := leading_period(h))), None)
    own = [
        prior_year_lead(s, years) or leading_period(s) or clause_period(s) or _lead_before(s, chunk.text) or section
        for s in sentences(text) or [text]
    ]
    # 上半年 in a report of 上半年（1-5月）is those months: the report says what its 上半年 covers; months a sentence
    # writes out (1-7月 in a report of 1-8月（1-7月）) are its own
    own = [period if o and period and o != period and o in period and month_range(o) is None else o for o in own]
    return list(dict.fromkeys(figure_period(o, years, period) for o in own))


def _lead_before(piece: str, text: str) -> str | None:
    """The period leading the sentence a ；-piece continues (2022年全省R&D经费投入216.8亿元；研发投入强度为1.37%: 2022),
    or the sentence before one that opens as its part (1-5月，全市研发费用2.47亿元。其中盐湖化工企业…: 1-5月)."""
    at = text.find(piece)
    if at <= 0:
        return None
    base = broken_down_sentence(text, at)
    if base is not None:
        # 其中… breaks down the figure of the sentence before it, and is of its period (1-5月，…2.47亿元。其中…)
        head = text[base[0] : base[1]]
        return leading_period(head) or clause_period(head) or _lead_before(head, text[: base[1]])
    if text[:at].rstrip()[-1:] not in ("；", ";"):
        return None
    start = max(text.rfind(end, 0, at) for end in ("。", "\n")) + 1
    return leading_period(text[start:at])


def _header(scored: ScoredChunk) -> str:
    chunk, doc = scored.chunk, scored.document
    years = scored.years
    period = period_label(years[:1], chunk.period or doc.meta.period) or ""  # a plan's next year aside
    who = chunk.bureau or doc.meta.bureau
    if who:
        return f"据{who}{period}报告："
    title = f"《{doc.meta.title}》" if doc.meta.title else doc.file_name
    return f"据{title}（{period + '，' if period else ''}报告未写明单位，文件 {doc.file_name}）："


def _wording_note(term: str, quote: str) -> str | None:
    """How the quote's own name for the asked indicator relates to the asked one, when it differs."""
    if term in quote.lower():
        return None
    other = relative_in(term, quote)
    if not other:
        return None
    at = quote.lower().find(other)
    other = quote[at : at + len(other)] if at >= 0 else other  # as the report writes it (R&D, not r&d)
    if same_indicator(term, other):
        return f"（报告用语为“{other}”，即“{term}”）"
    return f"（资料用语为“{other}”，与“{term}”口径可能不同）"


def place_name(bureau: str) -> str:
    place = place_of(bureau)
    return place.full if place.name else bureau


def _keep_offline(state: _State, reason: str) -> None:
    """The offline answer stays, headed with why the model's was not used; its quotes' offsets move with it."""
    label = f"（模型回答未采用：{reason}；以下为资料原文摘录）"
    state.text, state.fallback = label + state.text, reason
    state.quoted = [q.model_copy(update={"offset": q.offset + len(label)}) for q in state.quoted]
