"""Keep a replica's local catalog in step with a shared Chroma server (scale-out: N stateless app replicas).

Each replica has its own SQLite catalog (chunks, FTS, figure ledger) in its own ``data_dir``; the shared truth is
the Chroma collection. Every vector carries what is needed to rebuild its chunk and document (see
``vectorstore.ingest.vector_metadata``), and every write bumps a ``generation`` token in the collection metadata.
``refresh`` compares that token with the one last synced — one request when nothing changed — and otherwise
rebuilds only the documents that differ, choosing per doc_id the newest *complete* version (all its chunks
present), so an ingest or delete still in flight elsewhere is never half-visible.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from scribe.models import Chunk, Document
from vectorstore.catalog import Catalog
from vectorstore.dense import DenseIndex
from vectorstore.ledger import chunk_figures

log = logging.getLogger(__name__)

SYNC_KEY = "sync_generation"
PAGE = 2000


class SyncReport(BaseModel):
    generation: str
    added: list[str] = []
    updated: list[str] = []
    removed: list[str] = []


@dataclass
class _Version:
    doc: dict[str, Any] | None = None
    ids: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return self.doc is not None and len(self.ids) == int(self.doc["chunks"])


def refresh(catalog: Catalog, dense: DenseIndex) -> SyncReport | None:
    """Bring ``catalog`` up to the shared collection behind ``dense``; None when nothing changed since the last call."""
    generation = dense.generation()
    if generation == (catalog.get_kv(SYNC_KEY) or ""):
        return None
    report = SyncReport(generation=generation)
    remote = _complete_versions(dense)
    local = {d.doc_id: d for d in catalog.list_documents()}
    for doc_id, (version, chosen) in remote.items():
        have = local.get(doc_id)
        if have is not None and have.content_hash[:8] == version and have.recipe == chosen.doc["recipe"]:  # type: ignore[index]
            continue
        catalog.replace_document(*_rebuild(dense, doc_id, chosen))
        (report.updated if have else report.added).append(doc_id)
    for doc_id in local.keys() - remote.keys():
        catalog.delete_document(doc_id)
        report.removed.append(doc_id)
    catalog.set_kv(SYNC_KEY, generation)
    if report.added or report.updated or report.removed:
        log.info("catalog synced: +%d ~%d -%d", len(report.added), len(report.updated), len(report.removed))
    return report


def _complete_versions(dense: DenseIndex) -> dict[str, tuple[str, _Version]]:
    """doc_id → (version, newest complete version) from the vectors' metadata, paged."""
    versions: dict[str, dict[str, _Version]] = defaultdict(lambda: defaultdict(_Version))
    collection = dense._collection
    offset = 0
    while True:
        page = dense._call(
            "同步目录",
            lambda offset=offset: collection.get(include=["metadatas"], limit=PAGE, offset=offset),  # type: ignore[misc]
        )
        for chunk_id, meta in zip(page["ids"], page["metadatas"] or [], strict=False):
            doc_id, _, rest = str(chunk_id).rpartition("@")
            version = versions[doc_id][rest.split(":")[0]]
            version.ids.add(chunk_id)
            if version.doc is None and meta and "doc" in meta:
                version.doc = json.loads(str(meta["doc"]))
        if len(page["ids"]) < PAGE:
            break
        offset += PAGE
    out: dict[str, tuple[str, _Version]] = {}
    for doc_id, by_version in versions.items():
        complete = [(v.doc["ingested_at"], key, v) for key, v in by_version.items() if v.complete]  # type: ignore[index]
        if complete:
            _, key, chosen = max(complete, key=lambda t: (t[0], t[1]))
            out[doc_id] = (key, chosen)
    return out


def _rebuild(dense: DenseIndex, doc_id: str, version: _Version) -> tuple[Document, list[Chunk]]:
    assert version.doc is not None
    doc = Document.model_validate({**version.doc, "doc_id": doc_id})
    ids = sorted(version.ids)
    got = dense._call("同步目录", lambda: dense._collection.get(ids=ids, include=["documents", "metadatas"]))
    chunks: list[Chunk] = []
    for chunk_id, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True):
        own = json.loads(str(meta.get("chunk", "{}")))
        chunk = Chunk(chunk_id=chunk_id, doc_id=doc_id, index=int(meta["index"]), text=str(text), **own)
        chunks.append(chunk)
    chunks.sort(key=lambda c: c.index)
    headings = list(dict.fromkeys(c.section_path[0] for c in chunks if c.section_path))
    return doc, [c.model_copy(update={"figures": chunk_figures(c, doc.meta, headings)}) for c in chunks]
