"""What the chains ask of the parts below them, as protocols: the chains hold these, never the store behind them.

:class:`vectorstore.retrieval.HybridRetriever` is the one real :class:`Retriever`; tests may pass a fake.
"""

from __future__ import annotations

from typing import Protocol

from vectorstore.retrieval import Filters, RetrievalResult


class Retriever(Protocol):
    """Search over the stored reports, and the few facts about the store a chain needs to phrase its answer."""

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None) -> RetrievalResult:
        """The chunks that best answer ``question``, scoped to the bureaus, years and periods it names."""
        ...

    def known_bureaus(self) -> list[str]:
        """Every bureau the store holds, sorted (in server mode after catching up with the other replicas)."""
        ...

    def document_count(self) -> int:
        """How many reports the store holds (0: nothing ingested yet)."""
        ...

    def term_frequency(self, term: str) -> float:
        """Share of stored chunks containing ``term``: how little a word tells (全区 is everywhere)."""
        ...

    def held_periods(self, bureau: str) -> list[str]:
        """The periods of ``bureau``'s stored reports (``2024年上半年``), in time order."""
        ...
