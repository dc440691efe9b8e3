"""Question answering: resolve follow-up → retrieve → answer (extractive or LLM) → cite → verify every figure.

Built as an LCEL pipeline of four steps. Everything is injected: the retriever (:class:`chains.ports.Retriever`),
the chat model (``None`` means offline mode) and the run log its calls go to; :mod:`scribe.services` wires them.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, ConfigDict, Field

from chains.extractive import Extraction, ExtractiveAnswerer, content_terms, relative_in
from chains.followup import Turn, bounded, history_text, resolve
from chains.llm import StructuredMethod
from chains.models import REFUSAL, Answer, Citation, RetrievedRef
from chains.ports import Retriever
from chains.qa_generative import evidence_from, generate
from chains.qa_stream import AnswerStream
from chains.runlog import RunLog
from chains.sources import source_text
from scribe.errors import ScribeError
from scribe.figures import Verdict, verify
from scribe.lexicon.headings import is_problem_text
from scribe.models import FigureKind, ScoredChunk
from vectorstore.retrieval import Filters, RetrievalResult
from vectorstore.scope import QueryScope

log = logging.getLogger(__name__)

GENERATIVE_MAX_TOKENS = 256  # the answer's output cap when the caller sets none (Settings.llm_max_tokens_qa)
MIN_CONTEXT_K = 8  # chunks the answer step sees at least; more when the configured retrieval_k asks for more
_MARKER = re.compile(r"\[(\d{1,2})\]")
_KIND_LABEL = {
    FigureKind.RANK: "排名",
    FigureKind.GROWTH: "增速",
    FigureKind.SHARE: "比重",
    FigureKind.COMPLETION: "完成率",
    FigureKind.COUNT: "数量",
}


class QAConfigError(ScribeError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("生成模式的问答需要运行日志（RunLog）；请由调用方传入 run_log。")


class QARequest(BaseModel):
    question: str
    filters: Filters = Field(default_factory=Filters)
    history: list[Turn] = Field(default_factory=list)


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
    quoted: list[tuple[int, str, list[str]]] = Field(default_factory=list)  # (offset in text, quote, section path)
    fallback: str | None = None
    completion_tokens: int | None = None
    generated: str | None = None


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
    ) -> None:
        if llm is not None and run_log is None:
            raise QAConfigError()
        self.retriever = retriever
        self.llm = llm
        self.run_log = run_log
        self.context_k = context_k
        self.max_tokens = max_tokens
        self.structured: StructuredMethod = structured
        self.answerer = ExtractiveAnswerer(retriever.term_frequency)
        self._stream: Callable[[str], None] | None = None

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
    ) -> Answer:
        self._stream = stream
        try:
            request = QARequest(question=question, filters=filters or Filters(), history=bounded(history))
            return self.runnable().invoke(request)
        finally:
            self._stream = None

    def stream(self, question: str, *, filters: Filters | None = None, history: Sequence[Turn] = ()) -> AnswerStream:
        """The answer's tokens as they arrive (none offline); ``.answer`` afterwards is the checked answer."""
        return AnswerStream(lambda on_token: self.ask(question, filters=filters, history=history, stream=on_token))

    # --- the four steps ---
    def _resolve(self, state: _State) -> _State:
        known = self.retriever.known_bureaus()
        state.resolved = resolve(state.request.question, state.request.history, known)
        return state

    def _retrieve(self, state: _State) -> _State:
        state.retrieval = self.retriever.retrieve(state.resolved, k=self.context_k, filters=state.request.filters)
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
            for offset, quote, path in state.quoted:
                for v in verify(quote, sources, bureau=bureau, section_path=path):
                    moved = v.figure.model_copy(update={"start": v.figure.start + offset, "end": v.figure.end + offset})
                    verdicts.append(v.model_copy(update={"figure": moved}))
        else:
            checkable = _MARKER.sub(lambda m: " " * len(m.group(0)), state.text)  # offsets stay those of the text
            verdicts = verify(checkable, sources, bureau=bureau)
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
            generated=state.generated,
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
        chunks = state.retrieval.chunks
        found: Extraction = self.answerer.extract(state.resolved, state.retrieval.scope, chunks)
        if not found.picks:
            state.text, state.refused = REFUSAL, True
            return
        first = chunks[found.picks[0].source - 1]
        who = first.chunk.bureau or first.document.meta.bureau or first.document.file_name
        text = f"据{who}报告："
        asked_terms = content_terms(state.resolved, state.retrieval.scope)
        numbers: dict[int, int] = {}
        for i, pick in enumerate(found.picks):
            scored = chunks[pick.source - 1]
            n = numbers.setdefault(pick.source, len(numbers) + 1)
            if n > len(state.citations):
                state.citations.append(_citation(n, scored, pick.sentence))
            quote = pick.sentence.rstrip("。；;，,")
            text += "；" if i else ""
            if pick.target and not state.retrieval.scope.wants_plan:
                text += "（以下为计划目标，不是已完成数）"  # the question asked about results; say what this is
            state.quoted.append((len(text), quote, scored.chunk.section_path))
            text += f"{quote}[{n}]"
            for term in asked_terms:
                other = relative_in(term, quote) if term not in quote.lower() else None
                if other:  # the report words this indicator differently: say so, never pass it off as the same
                    text += f"（资料用语为“{other}”，与“{term}”口径可能不同）"
                    break
        text += "。"
        if found.missing:
            asked = "、".join(_KIND_LABEL.get(k, k.value) for ask in found.missing for k in sorted(ask)[:1])
            text += f"（{asked}：{REFUSAL}）"
        state.text = text

    # --- generative ---
    def _answer_generative(self, state: _State) -> None:
        """The model words the answer from the sentences the extractor picked; refusals never reach it."""
        assert state.retrieval is not None and self.llm is not None and self.run_log is not None
        chunks = state.retrieval.chunks
        found = self.answerer.extract(state.resolved, state.retrieval.scope, chunks)
        if not found.picks:
            state.text, state.refused = REFUSAL, True
            return
        evidence = evidence_from(found.picks, chunks)
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
        )
        state.model, state.completion_tokens, state.generated = out.model, out.completion_tokens, out.raw or None
        if out.fallback is not None:
            self._answer_offline(state)
            state.fallback = out.fallback
            label = f"（模型回答未采用：{out.fallback}；以下为资料原文摘录）"
            state.text = label + state.text
            state.quoted = [(offset + len(label), quote, path) for offset, quote, path in state.quoted]
            return
        state.text, state.refused = out.text, out.refused
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
