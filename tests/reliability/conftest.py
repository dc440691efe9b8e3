"""Fixtures of the reliability tier: a fast, deterministic embedding endpoint shared by child processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.openai_server import OpenAIServer


@pytest.fixture(scope="module")
def embed_server() -> Iterator[OpenAIServer]:
    """An OpenAI-compatible ``/v1/embeddings`` on loopback (hash vectors, 32 dims): ingest costs storage, not CPU.

    Kill points then land in Chroma and SQLite writes rather than inside an embedding model.
    """
    with OpenAIServer(embedding_dim=32) as server:
        yield server
