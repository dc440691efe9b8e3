"""The generative paths against the real bundled model (Qwen2.5-Coder-1.5B, llama.cpp via xllamacpp).

Assertions are on what the product guarantees whatever the model writes — verified figures, refusals,
citations that hold the figure, structure — never on wording. Each test makes one or two small calls.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from chains.compare import compare_metric, comparison_sources, generative_paragraph
from chains.draft import DraftRequest, draft_plan
from chains.followup import Turn
from chains.llm import StreamCallback, build_chat_model, invoke_logged
from chains.models import REFUSAL, Answer
from chains.runlog import RunLog
from chains.summary.chain import load_document
from chains.summary.generative import generate_lines
from chains.summary.verifier import Verifier
from scribe.errors import LLMError
from scribe.figures import verify
from scribe.figures.models import FAILING_LABELS, PASSING_LABELS
from scribe.localmodel import LocalServer
from scribe.settings import Settings
from tests.conftest import REPO
from tests.support.qa_chains import generative_qa_chain
from vectorstore.store import Store

SEEDS = {json.loads(line)["id"]: json.loads(line) for line in (REPO / "eval/datasets/qa_seeds.jsonl").open()}
ANSWERABLE = ["s001", "s013", "s019", "s040"]  # four bureaus' reports; s040 asks for targets
UNANSWERABLE = ["s055"]
DRAFT_TIMEOUT = 240.0  # the draft prompt is the largest; on 2 busy cores it may not finish, and then must fall back


def _assert_shown_figures_hold(answer: Answer) -> None:
    """Nothing unverified is shown as verified, and each [n] cites a sentence of its chunk."""
    assert not answer.failing, [(v.figure.surface, v.reason) for v in answer.failing]
    assert all(c.quote in c.chunk_text for c in answer.citations)
    if answer.fallback is not None:
        assert answer.text.startswith("（模型回答未采用")


@pytest.mark.parametrize("seed", ANSWERABLE)
def test_seed_question_is_answered_with_verified_cited_figures(
    sample_store: Store, model_settings: Settings, tmp_path: Path, seed: str
) -> None:
    item = SEEDS[seed]
    answer = generative_qa_chain(sample_store, model_settings, tmp_path).ask(item["question"])
    assert answer.mode == "generative" and not answer.refused
    _assert_shown_figures_hold(answer)
    supported = {v.figure.surface for v in answer.verdicts if v.label in PASSING_LABELS}  # a plan's: target
    expected = [f for f in item["figures"] if f in answer.text]
    assert expected and all(any(s in f for s in supported) for f in expected), (answer.text, supported)
    quotes = "".join(c.quote for c in answer.citations)
    assert all(f in quotes for f in expected)  # the citation is the sentence that holds the figure


def test_checked_quotes_come_before_the_first_model_token_and_regenerate_holds(
    sample_store: Store, model_settings: Settings, tmp_path: Path
) -> None:
    settings = model_settings.model_copy(update={"llm_unsupported_policy": "regenerate"})
    started = time.perf_counter()
    stream = generative_qa_chain(sample_store, settings, tmp_path).stream(SEEDS["s019"]["question"])
    preview = stream.wait_preview()
    shown = time.perf_counter() - started
    first = None
    for _token in stream:
        first = first if first is not None else time.perf_counter() - started
    assert preview is not None and preview.clean and preview.citations  # useful, checked text before the model
    assert first is not None and shown < first
    answer = stream.answer
    assert answer.mode == "generative" and not answer.refused
    _assert_shown_figures_hold(answer)  # whatever the regenerated reply wrote


@pytest.mark.parametrize("seed", UNANSWERABLE)
def test_unanswerable_seed_is_refused(sample_store: Store, model_settings: Settings, tmp_path: Path, seed: str) -> None:
    answer = generative_qa_chain(sample_store, model_settings, tmp_path).ask(SEEDS[seed]["question"])
    assert answer.refused and REFUSAL in answer.text and not answer.citations


def test_follow_up_is_answered_for_the_place_it_names(
    sample_store: Store, model_settings: Settings, tmp_path: Path
) -> None:
    chain = generative_qa_chain(sample_store, model_settings, tmp_path)
    first = chain.ask("洞头区高新技术产业增加值是多少？")
    turn = Turn(question=first.question, resolved_question=first.resolved_question, answer=first.text)
    follow = chain.ask("那青田呢？", history=[turn])
    assert "青田" in follow.resolved_question and not follow.refused
    _assert_shown_figures_hold(follow)
    assert {c.bureau for c in follow.citations} == {"青田县科技局"}
    assert "6.19亿" in follow.text


def test_comparison_paragraph_marks_every_unverified_figure(sample_store: Store, model_settings: Settings) -> None:
    llm = build_chat_model(model_settings)
    assert llm is not None
    result = compare_metric(sample_store.catalog, "规上工业研发费用")
    assert len({r.bureau for r in result.rows}) >= 2
    sources = comparison_sources(sample_store.catalog, result)
    written = generative_paragraph(llm, RunLog(model_settings.run_log_path), result, sources)
    assert written.paragraph
    if written.mode != "generative":  # the call failed or timed out: the template paragraph, saying so
        assert written.paragraph.startswith(result.paragraph) and "大模型调用失败" in written.paragraph
        return
    failing = [v for v in verify(written.paragraph, sources) if v.label in FAILING_LABELS]
    assert written.clean == (not failing)  # the chain never shows an unverified figure as verified


def test_one_summary_section_gives_attributed_verified_lines(sample_store: Store, model_settings: Settings) -> None:
    llm = build_chat_model(model_settings)
    assert llm is not None
    data = load_document(sample_store.catalog, "dongtou_2024h1.txt")
    section = next(s for s in data.sections if len(s.text) > 150)
    data = data.model_copy(update={"sections": [section]})
    verifier = Verifier(data.chunks, data.document)
    from chains.summary.chain import _skeleton

    summary = _skeleton(data, "short", verifier)
    lines = [
        line
        for group in generate_lines(llm, RunLog(model_settings.run_log_path), data, summary, verifier)
        for line in group
    ]
    for line in lines:
        assert line.text and line.section_path == section.path
        chunks = {c.chunk_id: c.text for c in data.chunks}
        assert all(c.quote in chunks[c.chunk_id] for c in line.citations)
        labelled = {v.figure.surface for v in line.verdicts}
        assert {v.figure.surface for v in verify(line.text, verifier.sources)} <= labelled  # every figure judged


def test_draft_passes_the_plan_rules_or_falls_back_labelled(sample_store: Store, model_settings: Settings) -> None:
    llm = build_chat_model(model_settings.model_copy(update={"llm_timeout": DRAFT_TIMEOUT}))
    assert llm is not None
    plan = draft_plan(
        sample_store.catalog,
        DraftRequest(bureau="洞头区科学技术局", period="2024年下半年", max_chars=300),
        llm=llm,
        run_log=RunLog(model_settings.run_log_path),
    )
    assert plan.sections and all(s.items for s in plan.sections)
    if plan.mode != "generative":  # unusable JSON, or the call did not finish within the timeout
        assert any(i.kind == "fallback" for i in plan.issues)


LONG_ASK = [("user", "请写一篇关于县级科技创新工作的长文，分二十段，每段一百字。")]
LONG_CAP = 400  # tokens: half a minute at best on 2 cores, so a server still writing after the give-up is seen


class _Enough(Exception):
    """The caller stops reading, as a chat page does when its user moves on."""


def _call_long(
    settings: Settings, tmp_path: Path, callback: StreamCallback | None, ask: list[tuple[str, str]] = LONG_ASK
) -> None:
    llm = build_chat_model(settings)
    assert llm is not None
    invoke_logged(
        llm,
        ask,
        prompt_name="abandon",
        prompt_version=1,
        chunk_ids=[],
        run_log=RunLog(tmp_path / "runs.db"),
        stream_callback=callback,
        max_tokens=LONG_CAP,
    )


def test_a_call_its_caller_stops_reading_ends_on_the_server(
    local_model: LocalServer, model_settings: Settings, tmp_path: Path
) -> None:
    pieces: list[str] = []

    def read_three(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) >= 3:
            raise _Enough

    with pytest.raises(_Enough):
        _call_long(model_settings, tmp_path, read_three)
    idle = local_model.wait_idle(timeout=30.0)
    assert idle is not None, "the server kept writing an answer nobody reads"
    assert local_model.slots()[0]["next_token"][0]["n_decoded"] < LONG_CAP // 2


def test_a_timed_out_call_ends_on_the_server(
    local_model: LocalServer, model_settings: Settings, tmp_path: Path
) -> None:
    """The timeout bounds the wait for the next token (every call is streamed): 0.3 s cannot cover reading a
    fresh prompt of ~600 tokens, so the call times out before its first token; the server stops at the end of the prompt batch it is
    reading instead of writing its 400 tokens."""
    settings = model_settings.model_copy(update={"llm_timeout": 0.3, "llm_max_retries": 0})
    # a prompt no earlier call left in the server's cache, long enough that reading it takes seconds
    material = "".join(f"第{i}段：本区推进科技创新平台建设，组织科技特派员服务企业。" for i in range(1, 31))
    with pytest.raises(LLMError, match="超时"):
        _call_long(settings, tmp_path, None, [("user", f"{material}\n请据以上材料写一篇长文。")])
    idle = local_model.wait_idle(timeout=300.0)  # the prompt batch under way is finished first
    assert idle is not None, "the server kept writing after its client gave up"
    assert local_model.slots()[0]["next_token"][0]["n_decoded"] < LONG_CAP // 2
