"""Scale-out: two app replicas (separate data_dirs, i.e. separate local catalogs) against one ``chroma run`` server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chains.qa import QAChain
from tests.conftest import SAMPLE_DIR, make_settings
from tests.support.chroma_server import running_chroma
from vectorstore.doctor import check
from vectorstore.ingest import IngestStatus, delete_document, ingest_paths
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store
from vectorstore.sync import refresh

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

QUESTION = "洞头区规上工业研发费用是多少？"


def test_ingest_in_one_replica_query_in_another(tmp_path: Path, use_embeddings: object) -> None:
    with running_chroma(tmp_path / "chroma-server") as server:
        replicas = []
        for name in ("a", "b"):
            settings = make_settings(tmp_path / name, chroma_host="127.0.0.1", chroma_port=server.port, embedding="use")
            replicas.append(Store(settings, embeddings=use_embeddings))  # type: ignore[arg-type]
        a, b = replicas
        qa_a, qa_b = (QAChain(HybridRetriever(s, s.settings)) for s in replicas)

        reports = tmp_path / "reports"
        reports.mkdir()
        dongtou = reports / "dongtou_2024h1.txt"
        dongtou.write_text((SAMPLE_DIR / "dongtou_2024h1.txt").read_text(encoding="utf-8"), encoding="utf-8")
        ingest_paths(a, [dongtou, SAMPLE_DIR / "qingtian_2023h1.txt"])
        answer_a, answer_b = qa_a.ask(QUESTION), qa_b.ask(QUESTION)
        assert "6099.1万元" in answer_b.text
        assert answer_b.text == answer_a.text and answer_b.citations == answer_a.citations
        assert [v.label for v in answer_b.verdicts] == [v.label for v in answer_a.verdicts]
        # b's catalog is a faithful copy: same documents, chunks, lexical index and figure ledger
        assert _catalog(b) == _catalog(a)
        assert check(b).consistent

        # nothing changed: one cheap request, no rebuild
        started = time.perf_counter()
        assert refresh(b.catalog, b.dense) is None
        assert time.perf_counter() - started < 0.5

        # the file changes and b re-ingests it: a answers from the new version only
        dongtou.write_text(dongtou.read_text(encoding="utf-8").replace("6099.1万元", "6100.2万元"), encoding="utf-8")
        assert ingest_paths(b, [dongtou]).results[0].status is IngestStatus.UPDATED
        text = qa_a.ask(QUESTION).text
        assert "6100.2万元" in text and "6099.1万元" not in text
        assert _catalog(a) == _catalog(b)

        # delete in a → gone in b
        delete_document(a, "dongtou_2024h1.txt")
        assert "6100.2万元" not in qa_b.ask(QUESTION).text
        assert {d.file_name for d in b.catalog.list_documents()} == {"qingtian_2023h1.txt"}
        assert _catalog(b) == _catalog(a)
        assert check(a).consistent and check(b).consistent
        for store in replicas:
            store.close()


def _catalog(store: Store) -> tuple[object, ...]:
    docs = sorted((d.doc_id, d.content_hash, d.chunks, d.figures) for d in store.catalog.list_documents())
    chunks = sorted(
        (c.chunk_id, c.text, tuple(c.section_path), len(c.figures))
        for d in store.catalog.list_documents()
        for c in store.catalog.document_chunks(d.doc_id)
    )
    ledger = sorted((r["chunk_id"], r["surface"], r["metric"]) for r in store.catalog.figure_rows())
    return tuple(docs), tuple(chunks), tuple(ledger), store.catalog.counts()
