"""The composition root: the store, catalog, retriever, chat model, run log and chains, wired from one Settings.

The edges (the CLI, the Streamlit app, the evaluation suite, the benchmarks) ask :func:`build_services` for what
they use instead of constructing stores, retrievers, chat models and chains themselves, so the wiring is
written once. Each part is built on first use and then kept: a command that only reads the catalog never
connects to Chroma or loads the embedding model. One :class:`Services` may be shared by threads (the app keeps
one per Settings for all its sessions); chains that hold per-call state are made fresh by :meth:`Services.qa_chain`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel

from chains.llm import build_chat_model
from chains.runlog import RunLog
from scribe.settings import Settings
from vectorstore.catalog import Catalog

if TYPE_CHECKING:
    from chains.draft import Search
    from chains.qa import QAChain
    from vectorstore.retrieval import HybridRetriever
    from vectorstore.store import Store

# The store, the retriever and the QA chain are imported where they are first built: chromadb and the retrieval
# stack add more than a second to every start, and the commands that only read the catalog never need them.

log = logging.getLogger(__name__)

FOCUS_K = 6  # chunks a drafting focus area is searched for


class Services:
    """The parts the edges use, each built once from ``settings`` when first asked for.

    ``store`` injects an already opened store (the caller keeps owning it: :meth:`close` leaves it open).
    """

    def __init__(self, settings: Settings, *, store: Store | None = None) -> None:
        self.settings = settings
        self.run_log = RunLog(settings.run_log_path)  # only a path: the file appears with the first record
        self._lock = threading.RLock()
        self._store = store
        self._owns_store = store is None
        self._catalog: Catalog | None = None
        self._retriever: HybridRetriever | None = None
        self._llm: BaseChatModel | None = None
        self._llm_built = False

    @property
    def store(self) -> Store:
        """Catalog + Chroma + embedding model (seconds to open the first time)."""
        with self._lock:
            if self._store is None:
                from vectorstore.store import Store

                log.info("opening store at %s", self.settings.data_dir)
                self._store = Store(self.settings)
            return self._store

    @property
    def catalog(self) -> Catalog:
        """The SQLite catalog alone (opens in milliseconds): lists, filters, the figure ledger, summaries, drafts."""
        with self._lock:
            if self._catalog is None:
                self._catalog = Catalog(self.settings.catalog_path)
            return self._catalog

    @property
    def retriever(self) -> HybridRetriever:
        with self._lock:
            if self._retriever is None:
                from vectorstore.retrieval import HybridRetriever

                self._retriever = HybridRetriever(self.store, self.settings)
            return self._retriever

    @property
    def llm(self) -> BaseChatModel | None:
        """The configured chat model; None in offline mode."""
        with self._lock:
            if not self._llm_built:
                self._llm, self._llm_built = build_chat_model(self.settings), True
            return self._llm

    def qa_chain(self, *, offline: bool = False) -> QAChain:
        """A new QA chain (it keeps per-call state): over the shared retriever, with the chat model unless ``offline``."""
        from chains.qa import MIN_CONTEXT_K, QAChain

        return QAChain(
            self.retriever,
            llm=None if offline else self.llm,
            run_log=self.run_log,
            context_k=max(self.settings.retrieval_k, MIN_CONTEXT_K),
            max_tokens=self.settings.llm_max_tokens_qa,
            structured=self.settings.llm_structured,
            unsupported_policy=self.settings.llm_unsupported_policy,
            evidence_tokens=self.settings.llm_evidence_tokens,
        )

    def focus_search(self, bureau: str) -> Search:
        """Chunk ids for a drafting focus area: hybrid retrieval, restricted to ``bureau`` when the store knows it."""
        from vectorstore.retrieval import Filters

        retriever = self.retriever
        name = bureau if bureau in retriever.known_bureaus() else None

        def search(query: str) -> Sequence[str]:
            return [s.chunk.chunk_id for s in retriever.retrieve(query, k=FOCUS_K, filters=Filters(bureau=name)).chunks]

        return search

    def close(self) -> None:
        """Close what was opened here (an injected store stays open)."""
        with self._lock:
            if self._catalog is not None:
                self._catalog.close()
                self._catalog = None
            if self._store is not None and self._owns_store:
                self._store.close()
                self._store, self._retriever = None, None

    def __enter__(self) -> Services:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def build_services(settings: Settings, *, store: Store | None = None) -> Services:
    """Everything the edges need from ``settings``; nothing is opened until it is used."""
    return Services(settings, store=store)
