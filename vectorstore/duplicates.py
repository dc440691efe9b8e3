"""The same report stored twice: the text fingerprint, its backfill for old stores, and the groups it finds.

A report saved under a second name, in another encoding, layout or format (.txt and its .docx) has another
file hash but the same text. :func:`text_fingerprint` is what ingestion compares; a store built before documents
had one keeps ``text_hash`` empty, so :func:`backfill_fingerprints` reads each such document's source file once
(on re-ingest, and when the app opens the store) and records it. :func:`duplicate_groups` then lists every set of
stored documents with one text, the earliest ingested first — what the library page shows and offers to remove.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from pathlib import Path

from pydantic import BaseModel

from scribe.errors import ScribeError
from scribe.models import Document
from vectorstore.catalog import Catalog
from vectorstore.loaders import load_file

log = logging.getLogger(__name__)


def text_fingerprint(text: str) -> str:
    """sha256 of a report's text with compatibility forms folded and whitespace dropped.

    Two files holding the same report (a .txt and its .docx, GBK and UTF-8, other line breaks) share it.
    """
    folded = unicodedata.normalize("NFKC", text)
    return hashlib.sha256("".join(folded.split()).encode("utf-8")).hexdigest()


class Backfill(BaseModel):
    """What a backfill did: documents given a fingerprint, and those whose source file could not be read."""

    filled: list[str] = []
    unreadable: dict[str, str] = {}  # file name → why


def backfill_fingerprints(catalog: Catalog, *, max_bytes: int, max_unzipped_bytes: int) -> Backfill:
    """Give every stored document without a text fingerprint one, read from its source file."""
    report = Backfill()
    for doc in catalog.list_documents():
        if doc.text_hash:
            continue
        path = Path(doc.source_path)
        if not path.is_file():
            report.unreadable[doc.file_name] = f"原文件 {path} 已不存在"
            continue
        try:
            loaded = load_file(path, max_bytes=max_bytes, max_unzipped_bytes=max_unzipped_bytes)
        except ScribeError as e:
            report.unreadable[doc.file_name] = e.user_message()
            continue
        catalog.set_text_hash(doc.doc_id, text_fingerprint(loaded.text))
        report.filled.append(doc.file_name)
    if report.filled:
        log.info("text fingerprints backfilled for %d documents", len(report.filled))
    return report


def duplicate_groups(docs: list[Document]) -> list[list[Document]]:
    """Stored documents sharing one text (or one file hash), each group the earliest ingested first."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(doc.text_hash or f"file:{doc.content_hash}", []).append(doc)
    out = [sorted(g, key=lambda d: (d.ingested_at is None, d.ingested_at, d.file_name)) for g in groups.values()]
    return sorted((g for g in out if len(g) > 1), key=lambda g: g[0].file_name)
