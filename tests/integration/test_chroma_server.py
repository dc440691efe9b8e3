"""Server mode for real: ``chroma run`` on a free port, ingest and query through chromadb.HttpClient."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLE_DIR, make_settings
from tests.support.chroma_server import running_chroma
from vectorstore.ingest import IngestStatus, ingest_paths
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store

pytestmark = pytest.mark.integration


def test_ingest_and_query_through_a_chroma_server(tmp_path: Path, use_embeddings: object) -> None:
    with running_chroma(tmp_path / "chroma-server") as server:
        settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=server.port)
        store = Store(settings, embeddings=use_embeddings)  # type: ignore[arg-type]
        summary = ingest_paths(store, [SAMPLE_DIR / "dongtou_2024h1.txt", SAMPLE_DIR / "qingtian_2023h1.txt"])
        assert [r.status for r in summary.results] == [IngestStatus.ADDED, IngestStatus.ADDED]
        assert store.stats()["chroma"] == f"127.0.0.1:{server.port}"
        assert store.dense.count() == store.catalog.counts()["chunks"]
        assert not (tmp_path / "data" / "chroma").exists()  # nothing went to the embedded store

        top = HybridRetriever(store, settings).retrieve("洞头区规上工业研发费用", k=3).chunks
        assert any("6099.1万元" in s.chunk.text for s in top)

        # a second client process-equivalent (fresh Store on the same server and catalog) sees the same data
        again = Store(settings, embeddings=use_embeddings)  # type: ignore[arg-type]
        assert again.dense.ids() == store.catalog.all_chunk_ids()
