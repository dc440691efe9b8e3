"""Run a labelled claims file (JSONL) through ``check_claim`` and a naive baseline; score both.

Scoring is a pure function of (gold, predicted, kind, outcome) rows, kept apart from the judging. The checker
answers each claim supported / contradicted / unverifiable; unverifiable (it abstains: no statement found) counts
as not supported, so abstaining costs accuracy on faithful claims; the abstention rate is reported beside it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from eval.datasets.loading import read_jsonl
from scribe.figures.answer import verify_answer
from scribe.figures.models import ClaimVerdict, SourceText
from scribe.figures.verify import check_claim, claim_verdict
from scribe.lexicon.numerals import normalise_text
from vectorstore.sources import load_sources

logger = logging.getLogger(__name__)

Label = Literal["supported", "unsupported"]
Outcome = Literal["supported", "contradicted", "unverifiable"]
OUTCOMES: tuple[Outcome, ...] = ("supported", "contradicted", "unverifiable")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


class ClaimItem(BaseModel):
    id: str
    doc: str
    claim: str
    label: Label
    kind: str = ""
    note: str = ""
    question: str = ""  # set when the claim is an answer: checked with verify_answer, the question as context


class ItemResult(BaseModel):
    id: str
    doc: str
    kind: str
    label: Label
    predicted: Label | None  # None when the source document is missing
    outcome: Outcome | None = None  # what the checker said: supported / contradicted / unverifiable
    baseline: Label | None
    correct: bool
    reason: str
    missing_doc: bool = False


class KindStats(BaseModel):
    n: int
    correct: int
    accuracy: float
    outcomes: dict[str, int] = {}  # the checker's outcome counts for this kind (the confusion by kind)


class Metrics(BaseModel):
    n: int
    accuracy: float
    balanced_accuracy: float
    unsupported_precision: float
    unsupported_recall: float
    false_alarm_rate: float  # supported claims called unsupported / all supported claims
    abstention_rate: float = 0.0  # claims the checker found no statement for / all claims
    by_kind: dict[str, KindStats]


class ClaimsReport(Metrics):
    baseline: Metrics
    missing_docs: list[str]
    items: list[ItemResult]


def load_claims(path: Path | str) -> list[ClaimItem]:
    """Parse a JSONL claims file; a bad line raises ``DatasetError`` naming file and line."""
    return read_jsonl(Path(path), ClaimItem)


def naive_baseline(claim: str, source_text: str) -> Label:
    """Supported when every number string of the claim occurs in the source."""
    norm = normalise_text(source_text)
    numbers = _NUMBER_RE.findall(normalise_text(claim))
    return "supported" if all(n in norm for n in numbers) else "unsupported"


def outcome_of(verdict: ClaimVerdict) -> Outcome:
    if verdict.label == "supported":
        return "supported"
    return "unverifiable" if verdict.abstained else "contradicted"


def score(pairs: Sequence[tuple[Label, Label, str]], outcomes: Sequence[Outcome] | None = None) -> Metrics:
    """Metrics from (gold, predicted, kind) triples; 'unsupported' is the positive class.

    ``outcomes`` (one per triple) adds the abstention rate and the outcome counts by kind.
    """
    n = len(pairs)
    tp = sum(1 for g, p, _ in pairs if g == "unsupported" and p == "unsupported")
    fn = sum(1 for g, p, _ in pairs if g == "unsupported" and p == "supported")
    fp = sum(1 for g, p, _ in pairs if g == "supported" and p == "unsupported")
    tn = sum(1 for g, p, _ in pairs if g == "supported" and p == "supported")
    recall = tp / (tp + fn) if tp + fn else 1.0
    specificity = tn / (tn + fp) if tn + fp else 1.0
    by_kind: dict[str, KindStats] = {}
    for kind in sorted({k for _, _, k in pairs}):
        rows = [(g, p) for g, p, k in pairs if k == kind]
        right = sum(1 for g, p in rows if g == p)
        counts: dict[str, int] = {}
        if outcomes is not None:
            for (_, _, k), o in zip(pairs, outcomes, strict=True):
                if k == kind:
                    counts[o] = counts.get(o, 0) + 1
        by_kind[kind] = KindStats(n=len(rows), correct=right, accuracy=round(right / len(rows), 4), outcomes=counts)
    abstained = sum(1 for o in outcomes or () if o == "unverifiable")
    return Metrics(
        n=n,
        accuracy=round((tp + tn) / n, 4) if n else 0.0,
        balanced_accuracy=round((recall + specificity) / 2, 4),
        unsupported_precision=round(tp / (tp + fp), 4) if tp + fp else 1.0,
        unsupported_recall=round(recall, 4),
        false_alarm_rate=round(fp / (tn + fp), 4) if tn + fp else 0.0,
        abstention_rate=round(abstained / n, 4) if n and outcomes is not None else 0.0,
        by_kind=by_kind,
    )


def run_claims(
    items: Sequence[ClaimItem],
    sources_dir: Path | str,
    *,
    loader: Callable[[Path], list[SourceText]] = load_sources,
) -> ClaimsReport:
    """Check every claim against the document it names in ``sources_dir``."""
    root = Path(sources_dir)
    cache: dict[str, list[SourceText] | None] = {}
    results: list[ItemResult] = []
    for item in items:
        if item.doc not in cache:
            path = root / item.doc
            cache[item.doc] = loader(path) if path.is_file() else None
        sources = cache[item.doc]
        if sources is None:
            results.append(
                ItemResult(
                    id=item.id,
                    doc=item.doc,
                    kind=item.kind,
                    label=item.label,
                    predicted=None,
                    baseline=None,
                    correct=False,
                    reason=f"找不到来源文档 {item.doc}",
                    missing_doc=True,
                )
            )
            continue
        if item.question:
            figures = verify_answer(item.claim, sources, question=item.question)
            verdict = claim_verdict(figures, item.claim, sources)
        else:
            verdict = check_claim(item.claim, sources)
        baseline = naive_baseline(item.claim, "\n".join(s.text for s in sources))
        results.append(
            ItemResult(
                id=item.id,
                doc=item.doc,
                kind=item.kind,
                label=item.label,
                predicted=verdict.label,
                outcome=outcome_of(verdict),
                baseline=baseline,
                correct=verdict.label == item.label,
                reason=verdict.reason,
            )
        )
    scored = [r for r in results if r.predicted is not None and r.baseline is not None]
    ours = score(
        [(r.label, r.predicted, r.kind) for r in scored if r.predicted],
        [r.outcome or "contradicted" for r in scored if r.predicted],
    )
    base = score([(r.label, r.baseline, r.kind) for r in scored if r.baseline])
    missing = sorted({r.doc for r in results if r.missing_doc})
    logger.info("claims: %d scored, %d missing docs", len(scored), len(missing))
    return ClaimsReport(**ours.model_dump(), baseline=base, missing_docs=missing, items=results)
