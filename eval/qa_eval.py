"""Question-answering evaluation: retrieval recall@k and MRR, answer figure accuracy, refusals, wrong bureau.

Items follow ``qa_seeds.jsonl``: {id, doc, question, answer, figures, evidence, type}. The evidence counts
as retrieved when it lies inside a retrieved chunk of ``doc``. A naive baseline — LangChain's
RecursiveCharacterTextSplitter (500/50) + the same embeddings + dense top-k, no metadata — runs on the
same items so the two can be read side by side.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from chains.models import REFUSAL, Answer
from chains.qa import QAChain
from eval.datasets.loading import read_jsonl
from eval.qa_generative_eval import GenerativeQAReport, generative_report
from scribe.figures import extract_figures
from scribe.figures.patterns import UNITS
from scribe.lexicon.indicators import takes_row_unit
from scribe.lexicon.periods import months_note, without_leading_months
from scribe.models import ScoredChunk

log = logging.getLogger(__name__)

KS = (1, 3, 5, 10)
_SPACE = re.compile(r"\s+")
_CELL_GAP = re.compile(r"\s*[|｜\t]\s*|\s{2,}")
_EMPTY_CELLS = frozenset({"", "—", "-", "－", "——", "/", "／"})
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
_ROW_SPAN = 40  # characters a row's next cell may lie after the previous one in its sentence
# a table row as ingestion read a 单位 column before session 13: 技术合同成交额单位亿元，1-6月完成6.72，…
_OLD_UNIT_READING = re.compile(r"^(?P<label>[^，,。；;]+?)单位(?P<unit>[^，,。；;\d\s]{1,4})[，,](?P<rest>.+)$", re.S)
_BARE_TAIL = re.compile(r"(?<=[^\d.,])(?P<value>[-+−]?\d[\d.,]*)$")


class QAItem(BaseModel):
    id: str
    doc: str
    question: str
    answer: str = ""
    figures: list[str] = Field(default_factory=list)
    evidence: str = ""
    type: str = "figure"
    docs: list[str] = Field(default_factory=list, description="all documents of a question about several bureaus")
    evidence2: str = Field(default="", description="the evidence in the second document of such a question")

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def all_docs(self) -> set[str]:
        return {self.doc, *self.docs} - {""}


class QAItemResult(BaseModel):
    id: str
    type: str
    question: str
    answer: str
    refused: bool
    evidence_rank: int | None = Field(description="1-based rank of the first retrieved chunk holding the evidence")
    figures_found: list[str]
    figures_missing: list[str]
    contradicted: list[str]
    wrong_bureau: bool
    figure_correct: bool | None = Field(description="None for items without expected figures")
    latency_ms: int


class RetrievalMetrics(BaseModel):
    recall: dict[int, float]
    mrr: float


class QAReport(BaseModel):
    n: int
    recall: dict[int, float]
    mrr: float
    figure_accuracy: float
    refusal_accuracy: float
    false_refusal_rate: float
    wrong_bureau_rate: float
    latency_p50_ms: float
    latency_p95_ms: float
    items: list[QAItemResult]
    baseline: RetrievalMetrics | None = None
    generative: GenerativeQAReport | None = None  # with a model in the loop: figures flagged, tokens, fallbacks

    def metrics(self, prefix: str) -> dict[str, float]:
        """Flat history keys (``qa.<dataset>.recall@5`` …; ``….gen.*`` with a model in the loop)."""
        m: dict[str, float] = {prefix + "n": float(self.n)}
        m.update({f"{prefix}recall@{k}": round(v, 4) for k, v in self.recall.items()})
        for name in ("mrr", "figure_accuracy", "refusal_accuracy", "false_refusal_rate", "wrong_bureau_rate"):
            m[prefix + name] = round(float(getattr(self, name)), 4)
        m.update({prefix + "latency_p50_ms": self.latency_p50_ms, prefix + "latency_p95_ms": self.latency_p95_ms})
        if self.baseline is not None:
            m.update({f"{prefix}baseline.recall@{k}": round(v, 4) for k, v in self.baseline.recall.items()})
            m[prefix + "baseline.mrr"] = round(self.baseline.mrr, 4)
        if self.generative is not None:
            m.update(self.generative.metrics(prefix + "gen."))
        return m

    def flat(self) -> dict[str, object]:
        """The headline numbers with the names the CLI's --json promises."""
        out: dict[str, object] = {"n": self.n}
        out.update({f"recall@{k}": v for k, v in self.recall.items()})
        out.update(
            mrr=self.mrr,
            figure_accuracy=self.figure_accuracy,
            refusal_accuracy=self.refusal_accuracy,
            false_refusal_rate=self.false_refusal_rate,
            wrong_bureau_rate=self.wrong_bureau_rate,
            latency_p50_ms=self.latency_p50_ms,
            latency_p95_ms=self.latency_p95_ms,
        )
        if self.baseline:
            out["baseline"] = {**{f"recall@{k}": v for k, v in self.baseline.recall.items()}, "mrr": self.baseline.mrr}
        if self.generative:
            out["generative"] = self.generative.model_dump()
        out["items"] = [i.model_dump() for i in self.items]
        return out


def load_items(path: Path) -> list[QAItem]:
    return read_jsonl(path, QAItem)


def _norm(text: str) -> str:
    return _SPACE.sub("", text).replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")


def current_reading(evidence: str) -> str | None:
    """Evidence quoting a table row as ingestion read it before session 13, in today's reading; None when the
    evidence is no such row. Two readings changed: a 单位 column (X单位家，全年目标80，一季度完成26，完成率32.5% →
    X全年目标80家，一季度完成26家，完成率32.5%: the unit on each bare number, except a rate's or a rank's,
    indicators.takes_row_unit), and a row whose label states its own months, whose column headers no longer lead
    with theirs (研发费用（1—4月）1—5月完成3.15亿元 → 研发费用（1—4月）完成3.15亿元)."""
    unit_read = _unit_column_reading(evidence.strip())
    months_read = _own_months_reading(unit_read or evidence.strip())
    return months_read or unit_read


def _unit_column_reading(evidence: str) -> str | None:
    m = _OLD_UNIT_READING.match(evidence)
    unit = m.group("unit").strip() if m else ""
    if m is None or not (unit in UNITS or unit.lstrip("万亿千百十") in UNITS or unit.endswith("元")):
        return None
    pieces = []
    for piece in re.split(r"([，,])", m.group("rest")):
        tail = _BARE_TAIL.search(piece)
        if tail and takes_row_unit(piece[: tail.start()]):
            piece += unit
        pieces.append(piece)
    return m.group("label") + "".join(pieces)


def _own_months_reading(evidence: str) -> str | None:
    note = months_note(evidence.split("，")[0])
    if note is None:
        return None
    rest = re.split(r"([，,])", evidence[note.end() :])
    now = evidence[: note.end()] + "".join(without_leading_months(piece) for piece in rest)
    return now if now != evidence else None


def evidence_in(evidence: str, chunk_text: str) -> bool:
    """The evidence sentence lies inside the chunk (whitespace and punctuation width ignored); a table row quoted in
    ingestion's older reading of a 单位 column is looked for in today's."""
    now = current_reading(evidence)
    if now is not None and _evidence_in(now, chunk_text):
        return True
    return _evidence_in(evidence, chunk_text)


def _evidence_in(evidence: str, chunk_text: str) -> bool:
    ev, text = _norm(evidence), _norm(chunk_text)
    if ev in text:
        return True
    # evidence cut by a chunk boundary: most of its 8-grams are here
    grams = {ev[i : i + 8] for i in range(max(1, len(ev) - 7))}
    if len(ev) >= 24 and sum(g in text for g in grams) / len(grams) >= 0.8:
        return True
    return _row_in(evidence, text)


def _row_in(evidence: str, text: str) -> bool:
    """A table row quoted as the source shows it (``| 高企 | 家 | 47 | 55 |`` or aligned columns) lies inside a
    chunk that restates it as a sentence (``高企完成值47家，年度目标55家``): its label, then each of its figure cells
    in order, every one close after the last (a unit column's 家 moves behind the numbers, so word cells are not
    required). A figure cell never matches inside a longer number."""
    cells = [c for c in (_norm(c) for c in _CELL_GAP.split(evidence.strip().strip("|｜"))) if c not in _EMPTY_CELLS]
    if len(cells) < 3:
        return False
    label, rest = cells[0], [c for c in cells[1:] if any(ch.isdigit() for ch in c)]
    if not rest:
        return False
    for name in dict.fromkeys((label, _BRACKETED.sub("", label))):
        at = text.find(name) if name else -1
        while at >= 0:
            end = at + len(name)
            for cell in rest:
                m = re.compile(rf"(?<![\d.]){re.escape(cell)}(?![\d.])").search(text, end, end + _ROW_SPAN + len(cell))
                if m is None:
                    break
                end = m.end()
            else:
                return True
            at = text.find(name, at + 1)
    return False


def evidence_rank(item: QAItem, chunks: Sequence[tuple[str, str]]) -> int | None:
    """Rank of the first (file name, chunk text) that is of the item's document and holds its evidence."""
    for rank, (file_name, text) in enumerate(chunks, start=1):
        if file_name == item.doc and evidence_in(item.evidence, text):
            return rank
    return None


def figure_present(expected: str, answer: str) -> bool:
    if _norm(expected) in _norm(answer):
        return True
    wanted = [f for f in extract_figures(expected) if f.value is not None]
    got = [f for f in extract_figures(answer) if f.value is not None]
    return bool(wanted) and all(any(g.unit == w.unit and g.value == w.value for g in got) for w in wanted)


def retrieval_metrics(ranks: Sequence[int | None]) -> RetrievalMetrics:
    n = max(len(ranks), 1)
    return RetrievalMetrics(
        recall={k: sum(1 for r in ranks if r is not None and r <= k) / n for k in KS},
        mrr=sum(1.0 / r for r in ranks if r is not None) / n,
    )


def _score(item: QAItem, answer: Answer, rank: int | None, expected_bureau: str | None) -> QAItemResult:
    found = [f for f in item.figures if figure_present(f, answer.text)]
    contradicted = [v.figure.surface for v in answer.verdicts if v.label.value == "contradicted"]
    cited_bureaus = {c.bureau for c in answer.citations}
    cited_docs = {c.file_name for c in answer.citations}
    if item.docs:  # a question about several bureaus may cite each of their documents, and nothing else
        wrong = bool(cited_docs - item.all_docs)
    else:
        wrong = bool(answer.citations) and (
            cited_docs != {item.doc} or (expected_bureau is not None and cited_bureaus != {expected_bureau})
        )
    figure_correct = None
    if item.answerable and item.figures:
        figure_correct = len(found) == len(item.figures) and not contradicted and not answer.refused
    return QAItemResult(
        id=item.id,
        type=item.type,
        question=item.question,
        answer=answer.text,
        refused=answer.refused,
        evidence_rank=rank,
        figures_found=found,
        figures_missing=[f for f in item.figures if f not in found],
        contradicted=contradicted,
        wrong_bureau=wrong,
        figure_correct=figure_correct,
        latency_ms=answer.latency_ms,
    )


def run_qa(
    chain: QAChain,
    items: Sequence[QAItem],
    *,
    baseline: Callable[[str, int], list[tuple[str, str]]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> QAReport:
    retriever = chain.retriever
    results: list[QAItemResult] = []
    ours: list[int | None] = []
    theirs: list[int | None] = []
    answers: list[Answer] = []
    for i, item in enumerate(items):
        if progress:
            progress(i, len(items))
        started = time.perf_counter()
        retrieved = retriever.retrieve(item.question, k=max(KS)).chunks
        rank = evidence_rank(item, [(s.document.file_name, s.chunk.text) for s in retrieved])
        answer = chain.ask(item.question)
        answer.latency_ms = int((time.perf_counter() - started) * 1000)
        answers.append(answer)
        if item.answerable:
            ours.append(rank)
            if baseline is not None:
                theirs.append(evidence_rank(item, baseline(item.question, max(KS))))
        results.append(_score(item, answer, rank, _evidence_bureau(item, retrieved)))
    if progress:
        progress(len(items), len(items))
    answerable = [r for r in results if r.type != "unanswerable"]
    unanswerable = [r for r in results if r.type == "unanswerable"]
    graded = [r for r in results if r.figure_correct is not None]
    answered = [r for r in results if not r.refused]
    latencies = sorted(r.latency_ms for r in results) or [0]
    mine = retrieval_metrics(ours)
    return QAReport(
        n=len(results),
        recall=mine.recall,
        mrr=mine.mrr,
        figure_accuracy=_share(sum(bool(r.figure_correct) for r in graded), len(graded)),
        refusal_accuracy=_share(sum(r.refused or REFUSAL in r.answer for r in unanswerable), len(unanswerable)),
        false_refusal_rate=_share(sum(r.refused for r in answerable), len(answerable)),
        wrong_bureau_rate=_share(sum(r.wrong_bureau for r in answered), len(answered)),
        latency_p50_ms=float(latencies[len(latencies) // 2]),
        latency_p95_ms=float(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]),
        items=results,
        baseline=retrieval_metrics(theirs) if baseline is not None else None,
        generative=None
        if chain.llm is None
        else generative_report([i.figures for i in items], [i.answerable for i in items], answers, figure_present),
    )


def _evidence_bureau(item: QAItem, retrieved: Sequence[ScoredChunk]) -> str | None:
    for s in retrieved:
        if s.document.file_name == item.doc and item.evidence and evidence_in(item.evidence, s.chunk.text):
            return s.chunk.bureau or s.document.meta.bureau
    return None


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
