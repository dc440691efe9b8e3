"""Scoring of QA with a model in the loop: correct figures flagged or struck, worded-answer accuracy, tokens."""

from __future__ import annotations

from chains.models import Answer
from eval.qa_eval import figure_present
from eval.qa_generative_eval import correct_flagged, generative_report
from scribe.figures import SourceText, verify

SOURCE = [SourceText(source_id="1", text="1-5月，规上工业研发费用完成6099.1万元，增速17.7%，预计全市前3。")]


def _answer(text: str, **fields: object) -> Answer:
    return Answer(
        question="q",
        resolved_question="q",
        text=text,
        refused=False,
        mode="generative",
        verdicts=verify(text, SOURCE),
        **fields,  # type: ignore[arg-type]
    )


def test_a_correct_figure_without_a_passing_verdict_is_flagged() -> None:
    answer = _answer("规上工业研发费用完成6099.1万元，增速17.7%。", model="m")
    assert correct_flagged(["6099.1万元", "17.7%"], answer, figure_present) == (["6099.1万元", "17.7%"], [])
    unchecked = answer.model_copy(update={"verdicts": []})  # shown, but nothing says it holds
    assert correct_flagged(["17.7%"], unchecked, figure_present) == (["17.7%"], ["17.7%"])


def test_a_correct_figure_struck_by_the_checks_counts_as_flagged() -> None:
    answer = _answer("规上工业研发费用完成6099.1万元。", model="m", struck=["17.7%"])
    assert correct_flagged(["6099.1万元", "17.7%"], answer, figure_present) == (
        ["6099.1万元", "17.7%"],
        ["17.7%"],
    )


def test_the_report_counts_worded_answers_fallbacks_and_tokens() -> None:
    worded = _answer(
        "规上工业研发费用完成6099.1万元，增速17.7%。",
        model="m",
        prompt_tokens=400,
        completion_tokens=20,
        latency_ms=900,
    )
    fallback = _answer(
        "规上工业研发费用完成6099.1万元。", model="m", fallback="x", prompt_tokens=300, completion_tokens=4
    )
    offline_refusal = Answer(
        question="q", resolved_question="q", text="无法从资料中找到", refused=True, mode="generative"
    )
    report = generative_report(
        [["6099.1万元", "17.7%"], ["6099.1万元", "17.7%"], []],
        [True, True, False],
        [worded, fallback, offline_refusal],
        figure_present,
    )
    assert (report.n, report.model_called, report.worded, report.fallbacks) == (3, 2, 1, 1)
    assert report.figure_accuracy_worded == 1.0 and report.correct_figures == 3 and report.correct_figures_flagged == 0
    assert report.prompt_tokens_mean == 350.0 and report.completion_tokens_total == 24
    assert report.metrics("qa.x.gen.")["qa.x.gen.worded"] == 1.0
