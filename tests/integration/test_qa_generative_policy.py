"""Generative QA's unsupported-figure policies and its preview, over real HTTP (the protocol server) on the sample store."""

from __future__ import annotations

import json
from pathlib import Path

from chains.qa import QAChain
from chains.qa_generative import STRUCK
from eval.qa_eval import QAItem, run_qa
from scribe.figures import VerdictLabel
from scribe.settings import Settings
from tests.support.openai_server import OpenAIServer
from tests.support.qa_chains import generative_qa_chain
from vectorstore.store import Store

QUESTION = "洞头区上半年规上工业研发费用是多少？"
WRONG = "洞头区1-5月规上工业研发费用完成6099.1万元[1]，增速7.7%[1]。"  # 7.7% is planted (the report: 17.7%)
RIGHT = "洞头区1-5月规上工业研发费用完成6099.1万元[1]，增速17.7%[1]。"


def _chain(store: Store, settings: Settings, tmp_path: Path, policy: str) -> QAChain:
    return generative_qa_chain(store, settings.model_copy(update={"llm_unsupported_policy": policy}), tmp_path)


def test_regenerate_names_the_figure_and_shows_the_corrected_reply(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(WRONG)
    openai_server.enqueue(RIGHT)
    answer = _chain(sample_store, llm_settings, tmp_path, "regenerate").ask(QUESTION, stream=lambda _t: None)
    assert answer.regenerated and answer.fallback is None and not answer.struck
    assert "17.7%" in answer.text and STRUCK not in answer.text and answer.clean
    labels = {v.figure.surface: v.label for v in answer.verdicts}
    assert labels["17.7%"] is VerdictLabel.SUPPORTED
    retry = openai_server.chat_requests[-1].body["messages"]
    assert [m["role"] for m in retry][-2:] == ["assistant", "user"] and "“7.7%”" in retry[-1]["content"]
    assert retry[0] == openai_server.chat_requests[-2].body["messages"][0]  # the same fixed system text: cached


def test_strike_asks_once_and_strikes(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(WRONG)
    before = len(openai_server.chat_requests)
    answer = _chain(sample_store, llm_settings, tmp_path, "strike").ask(QUESTION, stream=lambda _t: None)
    assert len(openai_server.chat_requests) == before + 1 and not answer.regenerated
    assert answer.struck == ["7.7%"] and STRUCK in answer.text and answer.clean


def test_the_stream_hands_over_the_checked_quotes_before_the_model_answers(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(RIGHT)
    stream = _chain(sample_store, llm_settings, tmp_path, "strike").stream(QUESTION)
    preview = stream.wait_preview(timeout=120)
    assert preview is not None and preview.mode == "generative" and preview.model is None
    assert "6099.1万元" in preview.text and preview.clean and preview.citations  # verbatim quotes, checked
    assert "".join(stream) == RIGHT and stream.answer.text.startswith("洞头区1-5月")


def test_eval_qa_with_a_model_reports_its_figures_and_tokens(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(json.dumps({"answer": WRONG}, ensure_ascii=False))  # run_qa asks for the JSON schema
    item = QAItem(
        id="g1",
        doc="dongtou_2024h1.txt",
        question=QUESTION,
        answer="",
        figures=["6099.1万元", "17.7%"],
        evidence="规上工业研发费用完成6099.1万元",
        type="figure",
    )
    report = run_qa(_chain(sample_store, llm_settings, tmp_path, "strike"), [item])
    g = report.generative
    assert g is not None and g.model_called == 1 and g.worded == 1
    assert g.correct_figures == 1 and g.correct_figures_flagged == 0  # 7.7% is wrong and struck; 17.7% never written
    assert g.figure_accuracy_worded == 0.0 and g.unverified_shown == 0
    assert "qa.seeds.gen.correct_figures_flagged" in report.metrics("qa.seeds.")
