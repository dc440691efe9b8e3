"""Ingestion: files → text → metadata → structured chunks → figures → vectors + catalog.

Idempotent (an unchanged file is a no-op), incremental (a changed file replaces its old
chunks in one catalog transaction) and failure-isolated (a bad file is reported and the
rest of the batch goes on; nothing stored changes for it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from scribe.errors import IngestError
from scribe.models import BureauBasis, Chunk, Document, DocumentMeta
from scribe.settings import Settings
from vectorstore.chunking import chunk_document, embedding_text
from vectorstore.duplicates import backfill_fingerprints, text_fingerprint
from vectorstore.embeddings import embed_with_cache
from vectorstore.ledger import chunk_figures
from vectorstore.loaders import collect_files_and_skips, load_file
from vectorstore.metadata import extract_metadata, split_parts
from vectorstore.store import Store

log = logging.getLogger(__name__)

PIPELINE_VERSION = "4"  # 2: figures inside instructions leave the ledger; 3: rjieba segmentation; 4: 二、重点工作 before a plan part reviews


class IngestStatus(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    SKIPPED = "skipped"  # a file in a folder that is not a report format we read


class IngestResult(BaseModel):
    path: str
    status: IngestStatus
    doc_id: str | None = None
    chunks: int = 0
    figures: int = 0
    embedded: int = Field(default=0, description="chunks that needed a new embedding (cache misses)")
    message: str = ""


class IngestSummary(BaseModel):
    results: list[IngestResult]
    seconds: float
    bytes: int = 0

    @property
    def failed(self) -> list[IngestResult]:
        return [r for r in self.results if r.status is IngestStatus.FAILED]

    @property
    def skipped(self) -> list[IngestResult]:
        return [r for r in self.results if r.status is IngestStatus.SKIPPED]

    @property
    def nothing_to_ingest(self) -> bool:
        """No file of a format we read was found (none given, or only files we skip)."""
        return all(r.status is IngestStatus.SKIPPED for r in self.results)

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in (IngestStatus.ADDED, IngestStatus.UPDATED))

    @property
    def figures(self) -> int:
        return sum(r.figures for r in self.results if r.status in (IngestStatus.ADDED, IngestStatus.UPDATED))


class MetaOverride(BaseModel):
    """Corrections given on the command line or in the app; they win over what was detected."""

    bureau: str | None = None
    years: list[int] | None = None
    period: str | None = None

    def fields(self) -> dict[str, object]:
        return self.model_dump(exclude_none=True)


Progress = Callable[[str, int, int], None]  # (file name, files done, files total)


class Stage(StrEnum):
    """What ingestion is doing with one file; ``embed`` is reported per batch, the others once."""

    READ = "read"
    CHUNK = "chunk"
    EMBED = "embed"
    WRITE = "write"


StageProgress = Callable[[str, Stage, int, int], None]  # (file name, stage, done, total); embed counts chunks


def _max_bytes(settings: Settings) -> int:
    return int(settings.max_file_mb * 1024 * 1024)


def _max_unzipped(settings: Settings) -> int:
    return int(settings.max_unzipped_mb * 1024 * 1024)


def doc_id_for(path: Path) -> str:
    """Stable id: readable stem + a short hash of the absolute path (two folders may hold the same file name)."""
    resolved = str(path.expanduser().resolve())
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", path.stem).strip("_")[:60] or "doc"
    return f"{stem}-{hashlib.sha1(resolved.encode()).hexdigest()[:6]}"


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    override: MetaOverride | None = None,
    progress: Progress | None = None,
    stages: StageProgress | None = None,
    keep_vectors: bool = False,
    lock_wait_seconds: float = 0.0,
) -> IngestSummary:
    """Ingest files and folders; ``progress`` hears of each file, ``stages`` of each stage within it.

    ``keep_vectors`` (a metadata correction): chunks whose text is unchanged keep their stored vectors, see
    :func:`ingest_file`.
    """
    started = time.perf_counter()
    files, skipped = collect_files_and_skips(paths)
    results = [IngestResult(path=str(p), status=IngestStatus.SKIPPED, message=reason) for p, reason in skipped]
    size = 0
    with store.write_lock(lock_wait_seconds):
        store.refresh()  # server mode: see what other replicas stored, so unchanged files are skipped
        limits = {"max_bytes": _max_bytes(store.settings), "max_unzipped_bytes": _max_unzipped(store.settings)}
        backfill_fingerprints(store.catalog, **limits)  # a store built before fingerprints finds its copies too
        for n, path in enumerate(files):
            if progress:
                progress(path.name, n, len(files))
            try:
                result = ingest_file(store, path, override=override, stages=stages, keep_vectors=keep_vectors)
                size += path.stat().st_size
            except IngestError as e:
                log.warning("ingest failed: %s", e)
                result = IngestResult(path=str(path), status=IngestStatus.FAILED, message=e.reason)
            results.append(result)
        if progress:
            progress("", len(files), len(files))
    return IngestSummary(results=results, seconds=time.perf_counter() - started, bytes=size)


def ingest_file(
    store: Store,
    path: Path,
    *,
    override: MetaOverride | None = None,
    stages: StageProgress | None = None,
    keep_vectors: bool = False,
) -> IngestResult:
    """Ingest one file. Raises IngestError for bad input, before anything stored is touched.

    The same report already stored under another name (byte for byte, or the same text in another file or
    format) is not stored again: the result is ``duplicate`` and names the stored document.

    With ``keep_vectors`` (a correction of bureau, years or period), a chunk whose id and text are those of the
    stored version is written with its stored vector instead of being embedded again: the correction changes what
    queries are scoped and filtered by (catalog, ledger, the vectors' ``bureau`` field) in well under a second,
    while the vector keeps the old metadata line it was embedded with until the file's text changes.
    """

    def stage(name: Stage, done: int = 1, total: int = 1) -> None:
        if stages:
            stages(path.name, name, done, total)

    settings = store.settings
    content_hash = _file_hash(path)
    doc_id = doc_id_for(path)
    corrections = {**store.catalog.get_override(path.name), **(override.fields() if override else {})}
    recipe = _recipe(settings.chunk_size, settings.chunk_min, settings.chunk_overlap, corrections)

    existing = store.catalog.get_document(doc_id)
    if existing and existing.content_hash == content_hash and existing.recipe == recipe:
        return IngestResult(
            path=str(path),
            status=IngestStatus.UNCHANGED,
            doc_id=doc_id,
            chunks=existing.chunks,
            figures=existing.figures,
            message="内容未变，跳过",
        )
    twin = store.catalog.find_by_hash(content_hash)
    if twin and twin.doc_id != doc_id:
        return IngestResult(
            path=str(path),
            status=IngestStatus.DUPLICATE,
            doc_id=twin.doc_id,
            message=f"与已入库的 {twin.file_name} 内容相同，跳过",
        )

    stage(Stage.READ, 0)
    loaded = load_file(
        path,
        max_bytes=_max_bytes(settings),
        max_unzipped_bytes=_max_unzipped(settings),
    )
    if len(loaded.text) > settings.max_chars:
        raise IngestError(
            path,
            f"正文 {len(loaded.text):,} 字，超过上限 {settings.max_chars:,} 字（SCRIBE_MAX_CHARS）；请拆分后再入库",
        )
    fingerprint = text_fingerprint(loaded.text)
    copy_of = store.catalog.find_by_text_hash(fingerprint)
    if copy_of and copy_of.doc_id != doc_id:
        return IngestResult(
            path=str(path),
            status=IngestStatus.DUPLICATE,
            doc_id=copy_of.doc_id,
            message=f"与已入库的 {copy_of.file_name} 正文相同，未重复入库",
        )
    stage(Stage.CHUNK, 0)
    try:
        meta = extract_metadata(loaded.text, path.name)
        if loaded.title_hint and not meta.title:
            meta = meta.model_copy(update={"title": loaded.title_hint})
        meta = meta.model_copy(update=corrections)
        if "bureau" in corrections:
            meta = meta.model_copy(update={"bureau_basis": BureauBasis.USER})
        chunks = _build_chunks(loaded.text, doc_id, content_hash, meta, store, ocr=loaded.ocr)
    except IngestError:
        raise
    except Exception as e:  # a parser bug on odd input must not stop the batch; it is reported per file
        raise IngestError(path, f"解析失败（{type(e).__name__}: {e}）") from e
    if not chunks:
        raise IngestError(path, "没有可入库的正文内容")

    figures = sum(len(c.figures) for c in chunks)
    doc = Document(
        doc_id=doc_id,
        source_path=str(path.expanduser().resolve()),
        file_name=path.name,
        content_hash=content_hash,
        text_hash=fingerprint,
        recipe=recipe,
        meta=meta,
        chunks=len(chunks),
        figures=figures,
        chars=len(loaded.text),
        ingested_at=datetime.now(UTC),
    )
    kept = _kept_vectors(store, existing, chunks) if keep_vectors and existing else {}
    todo = [c for c in chunks if c.chunk_id not in kept]
    done = len(kept)
    stage(Stage.EMBED, done, len(chunks))

    def on_batch(n: int) -> None:
        nonlocal done
        done += n
        stage(Stage.EMBED, done, len(chunks))

    fresh, embedded = embed_with_cache(
        store.embeddings,
        [embedding_text(c, meta) for c in todo],
        store.catalog,
        batch_size=settings.embedding_batch,
        on_batch=on_batch,
    )
    by_id = {**kept, **{c.chunk_id: v for c, v in zip(todo, fresh, strict=True)}}
    vectors = [by_id[c.chunk_id] for c in chunks]
    stage(Stage.WRITE, 0)
    write_vectors(store, chunks, vectors, doc)
    stale = store.catalog.replace_document(doc, chunks)  # the switch: queries see old or new, never both
    live = {c.chunk_id for c in chunks}
    leftovers = store.dense.ids({"doc_id": doc_id}) - live  # also sweeps vectors a crashed run left behind
    store.dense.delete(sorted(set(stale) | leftovers))
    store.dense.mark_changed()
    status = IngestStatus.UPDATED if existing else IngestStatus.ADDED
    # a scan's figures were read by OCR: say so, the drafter should check them against the paper copy
    note = f"{len(chunks)} 块，{figures} 个数字（扫描件，文字由 OCR 识别，请核对数字）" if loaded.ocr else ""
    return IngestResult(
        path=str(path),
        status=status,
        doc_id=doc_id,
        chunks=len(chunks),
        figures=figures,
        embedded=embedded,
        message=note,
    )


def _kept_vectors(store: Store, existing: Document, chunks: Sequence[Chunk]) -> dict[str, list[float]]:
    """Stored vectors of the chunks whose id and text are unchanged (same file content, new metadata)."""
    old = {c.chunk_id: c.text for c in store.catalog.document_chunks(existing.doc_id)}
    same = [c.chunk_id for c in chunks if old.get(c.chunk_id) == c.text]
    return store.dense.vectors(same) if same else {}


def delete_document(store: Store, ref: str) -> Document:
    """Remove a document from the catalog (the switch) and then its vectors."""
    with store.write_lock():
        store.refresh()
        doc = store.catalog.resolve(ref)
        old = store.catalog.delete_document(doc.doc_id)
        store.dense.delete(sorted(set(old) | store.dense.ids({"doc_id": doc.doc_id})))
        store.dense.mark_changed()
    return doc


def write_vectors(store: Store, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], doc: Document) -> None:
    """Upsert the chunks' vectors; in server mode also their text and what a replica needs to rebuild them."""
    replicated = store.replicated
    store.dense.upsert(
        [c.chunk_id for c in chunks],
        vectors,
        [c.text for c in chunks] if replicated else None,
        [vector_metadata(c, doc.meta, doc if replicated else None) for c in chunks],
    )


def _build_chunks(
    text: str, doc_id: str, content_hash: str, meta: DocumentMeta, store: Store, *, ocr: bool = False
) -> list[Chunk]:
    settings = store.settings
    chunks = chunk_document(
        text,
        doc_id=doc_id,
        chunk_size=settings.chunk_size,
        chunk_min=settings.chunk_min,
        chunk_overlap=settings.chunk_overlap,
        parts=split_parts(text),
    )
    version = content_hash[:8]
    out: list[Chunk] = []
    headings = list(dict.fromkeys(c.section_path[0] for c in chunks if c.section_path))
    for chunk in chunks:
        figures = chunk_figures(chunk, meta, headings)
        # Versioned ids: the new version's vectors never overwrite the live ones before the catalog switch.
        chunk_id = f"{doc_id}@{version}:{chunk.index:04d}"
        out.append(chunk.model_copy(update={"chunk_id": chunk_id, "figures": figures, "ocr": ocr}))
    return out


def _file_hash(path: Path) -> str:
    """sha256 of the file, read in blocks; an unreadable path is left for the loader to explain."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def _recipe(chunk_size: int, chunk_min: int, overlap: int, corrections: dict[str, object]) -> str:
    key = f"{PIPELINE_VERSION}|{chunk_size}|{chunk_min}|{overlap}|{sorted(corrections.items())}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def vector_metadata(
    chunk: Chunk, meta: DocumentMeta, doc: Document | None = None
) -> dict[str, str | int | float | bool]:
    """What Chroma itself uses: ``doc_id`` (to sweep a document's vectors) and ``bureau`` (the dense filter).

    Given ``doc`` (server mode), also what a replica needs to rebuild its catalog from Chroma
    (vectorstore.sync) and the readable fields. Embedded, the catalog beside Chroma holds those,
    and every extra metadata field costs Chroma a row per chunk.
    """
    fields: dict[str, str | int | float | bool | None] = {"doc_id": chunk.doc_id, "bureau": chunk.bureau or meta.bureau}
    fields["ocr"] = True if chunk.ocr else None  # read from a scan by OCR
    if doc is not None:
        fields |= {
            "index": chunk.index,
            "section": chunk.section_label,
            "period": chunk.period or meta.period,
            "year": meta.years[0] if meta.years else None,
            "doc_type": meta.doc_type.value,
        }
        own = {"section_path": chunk.section_path, "char_start": chunk.char_start, "bureau": chunk.bureau}
        own |= {"period": chunk.period, "years": chunk.years}
        if chunk.ocr:
            own["ocr"] = True
        fields["chunk"] = json.dumps(own, ensure_ascii=False)
        fields["doc"] = doc.model_dump_json(exclude={"doc_id"})
        fields["chunks_total"] = doc.chunks
    return {k: v for k, v in fields.items() if v is not None}
