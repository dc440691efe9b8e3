"""Faults in dependencies, seen from the product's edge (``QAChain``), not the plumbing.

LLM endpoint (a real local OpenAI-compatible server): each fault gives the offline answer, complete and verified,
labelled with the fault's reason (``Answer.fallback``) — never a crash, never a partial text returned as an answer.
Chroma server: stopped mid-session → ``StoreError``; restarted on the same port and path → the same ``Store``
object works again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chains.llm import build_chat_model
from chains.models import Answer
from chains.qa import QAChain
from chains.runlog import RunLog
from scribe.errors import StoreError
from scribe.figures import VerdictLabel
from tests.conftest import SAMPLE_DIR, make_settings
from tests.support.chroma_server import ChromaServer
from tests.support.fixtures import llm_test_settings
from tests.support.openai_server import OpenAIServer, Reply
from vectorstore.ingest import IngestStatus, ingest_paths
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

QUESTION = "洞头区规上工业研发费用是多少？"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, use_embeddings: object) -> Iterator[Store]:
    settings = make_settings(tmp_path_factory.mktemp("faults"), embedding="use")
    store = Store(settings, embeddings=use_embeddings)  # type: ignore[arg-type]
    ingest_paths(store, [SAMPLE_DIR / "dongtou_2024h1.txt"])
    yield store
    store.close()


def chain(store: Store, base_url: str, tmp_path: Path, **overrides: object) -> QAChain:
    settings = llm_test_settings(base_url, tmp_path / "llm", **overrides)
    llm = build_chat_model(settings)
    return QAChain(HybridRetriever(store, store.settings), llm=llm, run_log=RunLog(settings.run_log_path))


FAULTS: dict[str, tuple[list[Reply], dict[str, float], bool, str]] = {
    # name: (scripted replies, settings overrides, stream?, words in the LLMError)
    "500 forever": ([Reply.error(500, retry_after="0")] * 3, {"llm_max_retries": 2}, False, "HTTP 500"),
    "429 forever": ([Reply.error(429, retry_after="0")] * 2, {"llm_max_retries": 1}, False, "HTTP 429"),
    "timeout before the first byte": ([Reply.slow(3.0)] * 2, {"llm_timeout": 0.5, "llm_max_retries": 1}, False, "超时"),
    "stalls mid-stream": (
        [Reply(text="洞头区规上工业研发费用6099.1万元[1]。", chunk_delay=2.0)] * 2,
        {"llm_timeout": 0.5, "llm_max_retries": 1},
        True,
        "",
    ),
    "stream cut": ([Reply.cut("洞头区规上工业研发费用6099.1万元[1]。", after=3)], {"llm_max_retries": 0}, True, "中断"),
    "malformed JSON": ([Reply.garbage()], {"llm_max_retries": 0}, False, "格式错误"),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_llm_fault_gives_the_labelled_offline_answer_never_a_partial_one(
    name: str, store: Store, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    replies, overrides, stream, words = FAULTS[name]
    openai_server.enqueue(*replies)
    qa = chain(store, openai_server.base_url, tmp_path, **overrides)
    pieces: list[str] = []
    answer = qa.ask(QUESTION, stream=pieces.append if stream else None)
    assert answer.fallback is not None and words in answer.fallback, answer.fallback
    assert answer.text.startswith("（模型回答未采用：") and "6099.1万元" in answer.text
    assert answer.citations and answer.clean  # the offline quotes, checked
    # what streamed before the failure was provisional: it is not the answer
    assert answer.text != "".join(pieces)


def test_refused_connection(store: Store, closed_port_url: str, tmp_path: Path) -> None:
    answer = chain(store, closed_port_url, tmp_path, llm_max_retries=0).ask(QUESTION)
    assert answer.fallback is not None and "无法连接" in answer.fallback
    assert "6099.1万元" in answer.text and answer.clean


def test_429_with_retry_after_then_success(store: Store, openai_server: OpenAIServer, tmp_path: Path) -> None:
    openai_server.enqueue(Reply.error(429, retry_after="1"), '{"answer": "洞头区规上工业研发费用6099.1万元[1]。"}')
    answer = chain(store, openai_server.base_url, tmp_path).ask(QUESTION)
    first, second = openai_server.chat_requests[:2]
    assert second.ts - first.ts >= 0.95  # Retry-After honoured
    assert answer.fallback is None and answer.citations
    assert answer.verdicts[0].label is VerdictLabel.SUPPORTED


@pytest.mark.parametrize(
    ("reply", "shown"),
    [
        ('{"answer": "洞头区规上工业研发费用6099.1万元。"}', True),
        ('{"answer": "洞头区规上工业研发费用9999万元。"}', False),
    ],
)
def test_an_uncited_model_answer_is_checked_and_an_unsupported_figure_never_shown(
    reply: str, shown: bool, store: Store, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(reply)
    answer: Answer = chain(store, openai_server.base_url, tmp_path).ask(QUESTION)
    assert not answer.refused and answer.clean
    assert ("6099.1万元" in answer.text) and ("9999万元" not in answer.text)
    assert (answer.fallback is None) is shown  # a figure the sources do not hold: the offline answer, labelled


def test_chroma_server_stopped_then_restarted(tmp_path: Path, use_embeddings: object) -> None:
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    try:
        settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=server.port)
        store = Store(settings, embeddings=use_embeddings)  # type: ignore[arg-type]
        ingest_paths(store, [SAMPLE_DIR / "dongtou_2024h1.txt"])
        retriever = HybridRetriever(store, settings)
        assert retriever.retrieve("洞头区规上工业研发费用", k=3).chunks

        server.stop()
        with pytest.raises(StoreError, match="向量库"):
            retriever.retrieve("洞头区规上工业研发费用", k=3)
        with pytest.raises(StoreError, match="恢复后无需重启"):  # the whole batch stops: every file would fail
            ingest_paths(store, [SAMPLE_DIR / "qingtian_2023h1.txt"])
        assert store.catalog.counts()["documents"] == 1  # the failed ingest changed nothing

        server.start()  # same port, same path: the same Store object recovers
        top = retriever.retrieve("洞头区规上工业研发费用", k=3).chunks
        assert any("6099.1万元" in s.chunk.text for s in top)
        again = ingest_paths(store, [SAMPLE_DIR / "qingtian_2023h1.txt"])
        assert again.results[0].status is IngestStatus.ADDED
        assert store.dense.ids() == store.catalog.all_chunk_ids()
    finally:
        server.stop()
