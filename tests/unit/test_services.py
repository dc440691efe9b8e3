"""The composition root and the retriever port: chains need only the protocol, the root opens nothing unasked."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from chains.qa import QAChain, QAConfigError
from scribe.services import build_services
from tests.conftest import make_settings
from vectorstore.retrieval import Filters, RetrievalResult
from vectorstore.scope import analyze

QUESTION = "洞头区上半年规上工业研发费用是多少？"


class FakeRetriever:
    """A :class:`chains.ports.Retriever` over an empty result: no store, no Chroma, no embedding model."""

    def __init__(self, documents: int, bureaus: list[str]) -> None:
        self.documents, self.bureaus = documents, bureaus

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None) -> RetrievalResult:
        return RetrievalResult(question=question, scope=analyze(question, self.bureaus), chunks=[])

    def known_bureaus(self) -> list[str]:
        return sorted(self.bureaus)

    def document_count(self) -> int:
        return self.documents

    def term_frequency(self, term: str) -> float:
        return 0.0

    def held_periods(self, bureau: str) -> list[str]:
        return []


@pytest.mark.parametrize(
    ("documents", "bureaus", "says"),
    [
        (0, [], "资料库中还没有任何报告"),
        (2, ["青田县科学技术局"], "资料库中没有洞头区的报告（已入库单位：青田县科学技术局）"),
    ],
)
def test_the_qa_chain_needs_only_the_retriever_port(documents: int, bureaus: list[str], says: str) -> None:
    answer = QAChain(FakeRetriever(documents, bureaus)).ask(QUESTION)
    assert answer.refused and says in answer.text


def test_a_generative_qa_chain_needs_a_run_log() -> None:
    with pytest.raises(QAConfigError, match="run_log"):
        QAChain(FakeRetriever(0, []), llm=FakeListChatModel(responses=["x"]))


def test_the_root_opens_only_what_is_used(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    with build_services(settings) as services:
        assert services.llm is None  # offline: no endpoint configured
        assert services.run_log.path == settings.run_log_path and not settings.run_log_path.exists()
        assert services.catalog.counts()["documents"] == 0
        assert not settings.chroma_dir.exists()  # the catalog alone never opens Chroma
