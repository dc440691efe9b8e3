"""QA measured with a model in the loop: what the model's wording did to the figures, and what it cost.

Offline figures (recall, figure accuracy, refusals) are in :mod:`eval.qa_eval`; with an endpoint configured
:func:`generative_report` adds, over the same answers:

- ``figure_accuracy_worded``: expected figures all present, none failing, among the answers the model worded (no
  fallback to the offline text);
- ``correct_figures_flagged``: an expected (correct) figure shown without a supported/derived verdict, or struck by
  the checks — the target is zero;
- ``unverified_shown``: answers showing a figure that failed its check (also zero);
- fallbacks, regenerations, latency p50/p95 of the answers the model was asked for, and tokens.

Extraction (the answers), judging (:func:`correct_flagged`) and scoring (:func:`generative_report`) stay apart.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

from pydantic import BaseModel

from chains.models import Answer
from scribe.figures import VerdictLabel

OK_LABELS = (VerdictLabel.SUPPORTED, VerdictLabel.DERIVED, VerdictLabel.TARGET)


class GenerativeQAReport(BaseModel):
    n: int
    model_called: int
    worded: int  # answers the model's text was shown for
    fallbacks: int
    regenerated: int
    figure_accuracy_worded: float
    correct_figures: int  # expected figures present in the answers (or struck from them)
    correct_figures_flagged: int
    unverified_shown: int
    latency_p50_ms: float
    latency_p95_ms: float
    prompt_tokens_mean: float
    completion_tokens_mean: float
    completion_tokens_total: int

    def metrics(self, prefix: str) -> dict[str, float]:
        return {f"{prefix}{k}": float(v) for k, v in self.model_dump().items()}


def correct_flagged(
    expected: Sequence[str], answer: Answer, present: Callable[[str, str], bool]
) -> tuple[list[str], list[str]]:
    """(expected figures in the answer, those of them shown without a passing verdict or struck by the checks)."""
    shown = [f for f in expected if present(f, answer.text)]
    ok = [v.figure.surface for v in answer.verdicts if v.label in OK_LABELS]
    flagged = [f for f in shown if not any(present(f, s) or present(s, f) for s in ok)]
    struck = [f for f in expected if f not in shown and any(present(f, s) and present(s, f) for s in answer.struck)]
    return shown + struck, flagged + struck


def generative_report(
    expected: Sequence[Sequence[str]],
    answerable: Sequence[bool],
    answers: Sequence[Answer],
    present: Callable[[str, str], bool],
) -> GenerativeQAReport:
    """The model-in-the-loop figures of one run; ``expected[i]`` are the correct figures of ``answers[i]``."""
    called = [a for a in answers if a.model is not None or a.fallback is not None]
    worded = [
        (figs, a)
        for figs, ok, a in zip(expected, answerable, answers, strict=True)
        if a.model is not None and a.fallback is None and ok and figs
    ]
    correct = flagged = 0
    for figs, a in zip(expected, answers, strict=True):
        seen, bad = correct_flagged(figs, a, present)
        correct, flagged = correct + len(seen), flagged + len(bad)
    right = sum(not a.refused and not a.failing and all(present(f, a.text) for f in figs) for figs, a in worded)
    latencies = sorted(a.latency_ms for a in called) or [0]
    prompts = [a.prompt_tokens for a in called if a.prompt_tokens]
    outputs = [a.completion_tokens for a in called if a.completion_tokens]
    return GenerativeQAReport(
        n=len(answers),
        model_called=len(called),
        worded=len(worded),
        fallbacks=sum(a.fallback is not None for a in answers),
        regenerated=sum(a.regenerated for a in answers),
        figure_accuracy_worded=round(right / len(worded), 4) if worded else 0.0,
        correct_figures=correct,
        correct_figures_flagged=flagged,
        unverified_shown=sum(bool(a.failing) for a in answers),
        latency_p50_ms=float(latencies[len(latencies) // 2]),
        latency_p95_ms=float(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]),
        prompt_tokens_mean=round(statistics.mean(prompts), 1) if prompts else 0.0,
        completion_tokens_mean=round(statistics.mean(outputs), 1) if outputs else 0.0,
        completion_tokens_total=sum(outputs),
    )
