"""Consistency check of the store: catalog, lexical index, figure ledger and vectors must agree.

An interrupted ingest or delete can leave vectors that no catalog row points to
(never shown: queries join against the catalog) — ``repair`` removes them and
re-embeds any live chunk whose vector is missing.
"""

from __future__ import annotations

import logging

from pydantic import BaseModel, Field

from scribe.models import Chunk, Document
from vectorstore.chunking import embedding_text
from vectorstore.embeddings import embed_with_cache
from vectorstore.ingest import write_vectors
from vectorstore.store import Store

log = logging.getLogger(__name__)


class DoctorReport(BaseModel):
    consistent: bool
    documents: int
    chunks: int
    vectors: int
    orphans: int = Field(description="vectors no live chunk points to")
    missing_vectors: int
    problems: list[str]
    repaired: list[str] = Field(default_factory=list)


def check(store: Store, *, repair: bool = False) -> DoctorReport:
    with store.write_lock(wait_seconds=30.0):
        report = _examine(store)
        if repair and not report.consistent:
            repaired = _repair(store)
            report = _examine(store)
            report.repaired = repaired
        return report


def _examine(store: Store) -> DoctorReport:
    catalog = store.catalog
    live = catalog.all_chunk_ids()
    vectors = store.dense.ids()
    orphans = vectors - live
    missing = live - vectors
    problems: list[str] = []
    if orphans:
        problems.append(f"{len(orphans)} 个向量没有对应的文本块（中断的入库或删除留下的）")
    if missing:
        problems.append(f"{len(missing)} 个文本块缺少向量")
    for name, count in catalog.integrity_problems().items():
        if count:
            problems.append(f"{name}: {count}")
    counts = catalog.counts()
    return DoctorReport(
        consistent=not problems,
        documents=counts["documents"],
        chunks=counts["chunks"],
        vectors=len(vectors),
        orphans=len(orphans),
        missing_vectors=len(missing),
        problems=problems,
    )


def _repair(store: Store) -> list[str]:
    done: list[str] = []
    catalog = store.catalog
    live = catalog.all_chunk_ids()
    stored = store.dense.ids()
    orphans = sorted(stored - live)
    if orphans:
        store.dense.delete(orphans)
        store.dense.mark_changed()
        done.append(f"删除 {len(orphans)} 个孤立向量")
    missing = sorted(live - stored)
    if missing:
        found = catalog.get_chunks(missing)
        items = [found[chunk_id] for chunk_id in missing if chunk_id in found]
        texts = [embedding_text(chunk, doc.meta) for chunk, doc in items]
        vecs, _ = embed_with_cache(store.embeddings, texts, catalog)
        by_doc: dict[str, tuple[Document, list[Chunk], list[list[float]]]] = {}
        for (chunk, doc), vector in zip(items, vecs, strict=True):
            _, doc_chunks, doc_vectors = by_doc.setdefault(doc.doc_id, (doc, [], []))
            doc_chunks.append(chunk)
            doc_vectors.append(vector)
        for doc, doc_chunks, doc_vectors in by_doc.values():
            write_vectors(store, doc_chunks, doc_vectors, doc)
        store.dense.mark_changed()
        done.append(f"补齐 {len(items)} 个缺失向量")
    fixed = catalog.repair_integrity()
    if fixed:
        done.append(f"修复目录中 {fixed} 处不一致")
    return done
