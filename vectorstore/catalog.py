"""The catalog: one SQLite file beside the vector store.

It holds the documents, their chunks, the lexical FTS5 index, the figure ledger, the
embedding cache and user metadata corrections. One SQLite transaction replaces or
deletes a document in all of them at once; it is also the source of truth for which
chunks are live, so vectors Chroma holds for a version not yet (or no longer) committed
here are never returned by a query. SQLite rather than Chroma metadata because the
ledger needs SQL filters and joins, FTS5 gives BM25 for free, and both must change
in the same transaction as the chunk list.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from scribe.errors import DocumentNotFoundError, StoreError
from scribe.lexicon.periods import names_masked_year
from scribe.models import Chunk, Document, DocumentMeta, Figure
from vectorstore.lexical import fts_query, index_terms

SCHEMA_VERSION = "3"  # bump on any change below; an older catalog is refused with instructions

SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source_path TEXT NOT NULL, file_name TEXT NOT NULL,
    content_hash TEXT NOT NULL, recipe TEXT NOT NULL, bureau TEXT, years TEXT NOT NULL, meta TEXT NOT NULL, chunks INTEGER NOT NULL, figures INTEGER NOT NULL,
    chars INTEGER NOT NULL, ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_bureau ON documents(bureau);
CREATE TABLE IF NOT EXISTS chunks (
    rid INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
    text TEXT NOT NULL, section_path TEXT NOT NULL, char_start INTEGER NOT NULL,
    bureau TEXT, period TEXT, years TEXT, figures TEXT NOT NULL, ocr INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS chunks_bureau ON chunks(bureau);
-- rowid of chunks_fts = chunks.rid
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(terms);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, chunk_id TEXT NOT NULL, bureau TEXT, period TEXT,
    metric TEXT NOT NULL, surface TEXT NOT NULL, value REAL, unit TEXT NOT NULL, kind TEXT NOT NULL,
    modality TEXT NOT NULL, status TEXT NOT NULL, sentence TEXT NOT NULL, data TEXT NOT NULL,
    ocr INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS figures_doc ON figures(doc_id);
CREATE INDEX IF NOT EXISTS figures_metric ON figures(metric);
CREATE TABLE IF NOT EXISTS vector_cache (
    model TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash)
);
CREATE TABLE IF NOT EXISTS overrides (file_name TEXT PRIMARY KEY, meta TEXT NOT NULL);
"""


_COMMON_TERM = 0.33
_SMALL_SET = 3000  # a candidate set this small is passed to SQL instead of filtering a long ranked list


class Catalog:
    """Thread-safe access to the catalog database."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=30.0, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._df: dict[str, float] = {}  # term → share of chunks holding it; cleared on every write
        self._writes = 0  # this connection's commits; another connection's show in PRAGMA data_version
        with self._lock:
            tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            self._conn.executescript(SCHEMA)
            _add_text_hash(self._conn)
            _add_ocr(self._conn)
        found = self.get_kv("schema_version")
        if found is None and "documents" not in tables:
            self.set_kv("schema_version", SCHEMA_VERSION)
        elif found != SCHEMA_VERSION:
            self.close()
            raise StoreError(
                f"目录库 {path} 的版本（{found or '未知'}）与当前程序（{SCHEMA_VERSION}）不一致；"
                "请换一个 SCRIBE_DATA_DIR，或删除该目录后重新运行 scribe ingest。"
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._df.clear()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._writes += 1

    def change_stamp(self) -> tuple[int, int]:
        """A value that changes whenever what the catalog holds may have: a commit of this catalog's (ingest, delete,
        a corrected bureau) or of another connection to the same file (another process, a replica's refresh)."""
        with self._lock:
            return self._writes, int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # --- key/value facts about the store (embedding model, dimension) ---
    def get_kv(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM kv WHERE key = ?", (key,))
        return rows[0]["value"] if rows else None

    def set_kv(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO kv(key, value) VALUES (?, ?)", (key, value))

    # --- documents ---
    def list_documents(self) -> list[Document]:
        return [_document(r) for r in self._query("SELECT * FROM documents ORDER BY file_name")]

    def get_document(self, doc_id: str) -> Document | None:
        rows = self._query("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))
        return _document(rows[0]) if rows else None

    def find_by_hash(self, content_hash: str) -> Document | None:
        rows = self._query("SELECT * FROM documents WHERE content_hash = ?", (content_hash,))
        return _document(rows[0]) if rows else None

    def find_by_text_hash(self, text_hash: str) -> Document | None:
        """The stored document whose text (whitespace aside) is ``text_hash``'s, the earliest ingested first."""
        rows = self._query("SELECT * FROM documents WHERE text_hash = ? ORDER BY ingested_at LIMIT 1", (text_hash,))
        return _document(rows[0]) if rows else None

    def set_text_hash(self, doc_id: str, text_hash: str) -> None:
        """Record a document's text fingerprint (a store built before documents had one)."""
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET text_hash = ? WHERE doc_id = ?", (text_hash, doc_id))

    def resolve(self, ref: str) -> Document:
        """A document by id, file name or stem."""
        rows = self._query(
            "SELECT * FROM documents WHERE doc_id = ? OR file_name = ? OR source_path = ?", (ref, ref, ref)
        )
        if not rows:
            rows = [r for r in self._query("SELECT * FROM documents") if Path(r["file_name"]).stem == ref]
        if len(rows) != 1:
            raise DocumentNotFoundError(ref)
        return _document(rows[0])

    def replace_document(self, doc: Document, chunks: Sequence[Chunk]) -> list[str]:
        """Swap in ``doc`` with its chunks, index rows and figures in one transaction; return old chunk ids."""
        terms = [index_terms(" ".join([*chunk.section_path, chunk.text])) for chunk in chunks]
        with self.transaction() as conn:
            old = [r[0] for r in conn.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc.doc_id,))]
            _delete_rows(conn, doc.doc_id)
            conn.execute(
                "INSERT INTO documents(doc_id, source_path, file_name, content_hash, recipe, bureau, years, meta,"
                " chunks, figures, chars, ingested_at, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.doc_id,
                    doc.source_path,
                    doc.file_name,
                    doc.content_hash,
                    doc.recipe,
                    doc.meta.bureau,
                    "," + ",".join(map(str, doc.meta.years)) + ",",
                    doc.meta.model_dump_json(),
                    doc.chunks,
                    doc.figures,
                    doc.chars,
                    (doc.ingested_at or datetime.now(UTC)).isoformat(),
                    doc.text_hash,
                ),
            )
            for chunk, chunk_terms in zip(chunks, terms, strict=True):
                cursor = conn.execute(
                    "INSERT INTO chunks(chunk_id, doc_id, idx, text, section_path, char_start, bureau, period, years,"
                    " figures, ocr) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        chunk.chunk_id,
                        chunk.doc_id,
                        chunk.index,
                        chunk.text,
                        json.dumps(chunk.section_path, ensure_ascii=False),
                        chunk.char_start,
                        chunk.bureau,
                        chunk.period,
                        None if chunk.years is None else json.dumps(chunk.years),
                        json.dumps([f.model_dump(mode="json") for f in chunk.figures], ensure_ascii=False),
                        int(chunk.ocr),
                    ),
                )
                conn.execute("INSERT INTO chunks_fts(rowid, terms) VALUES (?, ?)", (cursor.lastrowid, chunk_terms))
                bureau = chunk.bureau or doc.meta.bureau
                period = chunk.period or doc.meta.period
                conn.executemany(
                    "INSERT INTO figures(doc_id, chunk_id, bureau, period, metric, surface, value, unit, kind,"
                    " modality, status, sentence, data, ocr) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            doc.doc_id,
                            chunk.chunk_id,
                            bureau,
                            f.period or period,
                            f.metric,
                            f.surface,
                            f.value,
                            f.unit,
                            f.kind.value,
                            f.modality.value,
                            f.status.value,
                            f.sentence,
                            f.model_dump_json(),
                            int(chunk.ocr),
                        )
                        for f in chunk.figures
                    ],
                )
        return [c for c in old if c not in {ch.chunk_id for ch in chunks}]

    def delete_document(self, doc_id: str) -> list[str]:
        """Remove a document everywhere in the catalog; return the chunk ids it had."""
        with self.transaction() as conn:
            old = [r[0] for r in conn.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))]
            _delete_rows(conn, doc_id)
        return old

    # --- chunks ---
    def live_chunk_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self._query(f"SELECT chunk_id FROM chunks WHERE chunk_id IN ({marks})", ids)}

    def all_chunk_ids(self) -> set[str]:
        return {r[0] for r in self._query("SELECT chunk_id FROM chunks")}

    def get_chunks(self, ids: Sequence[str]) -> dict[str, tuple[Chunk, Document]]:
        """Live chunks by id, each with its document; ids that are not live are absent from the result."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._query(f"SELECT * FROM chunks WHERE chunk_id IN ({marks})", list(ids))
        doc_ids = sorted({r["doc_id"] for r in rows})
        doc_marks = ",".join("?" * len(doc_ids))
        docs = {
            r["doc_id"]: _document(r)
            for r in self._query(f"SELECT * FROM documents WHERE doc_id IN ({doc_marks})", doc_ids)
        }
        return {r["chunk_id"]: (_chunk(r), docs[r["doc_id"]]) for r in rows if r["doc_id"] in docs}

    def bureaus(self) -> set[str]:
        """Every bureau the store holds: documents' and those named on chunks (files with several reports)."""
        rows = self._query(
            "SELECT bureau FROM documents WHERE bureau IS NOT NULL UNION SELECT bureau FROM chunks WHERE bureau IS NOT NULL"
        )
        return {r[0] for r in rows}

    def unattributed_chunk_ids(self, mentioning: Sequence[str] | None) -> set[str]:
        """Live chunks of reports that name no bureau; with ``mentioning``, of those whose text mentions one of them.

        A question about a place the catalogue does not know may still be answered by such a report (区科技局 …
        with 平阳 named in its text); a report that never mentions the place is not searched.
        """
        rows = self._query(
            "SELECT c.chunk_id, c.doc_id, c.text FROM chunks c JOIN documents d ON d.doc_id = c.doc_id"
            " WHERE c.bureau IS NULL AND d.bureau IS NULL"
        )
        if mentioning is None:
            return {r["chunk_id"] for r in rows}
        docs = {r["doc_id"] for r in rows if any(name in r["text"] for name in mentioning)}
        return {r["chunk_id"] for r in rows if r["doc_id"] in docs}

    def chunk_ids_mentioning(self, names: Sequence[str], keep: Callable[[str], bool] | None = None) -> set[str]:
        """Live chunks, of any report, whose own text names one of ``names`` (and passes ``keep``, when given)."""
        if not names:
            return set()
        where = " OR ".join("text LIKE ?" for _ in names)
        rows = self._query(f"SELECT chunk_id, text FROM chunks WHERE {where}", [f"%{n}%" for n in names])
        return {r[0] for r in rows if keep is None or keep(r[1])}

    def unattributed_texts(self) -> list[str]:
        """The chunk texts of reports that name no bureau."""
        rows = self._query(
            "SELECT c.text FROM chunks c JOIN documents d ON d.doc_id = c.doc_id"
            " WHERE c.bureau IS NULL AND d.bureau IS NULL"
        )
        return [r[0] for r in rows]

    def bureau_mentions(self, bureau: str, word: str) -> bool:
        """Whether any live chunk of ``bureau``'s reports (or its title) names ``word``."""
        rows = self._query(
            "SELECT 1 FROM chunks c JOIN documents d ON d.doc_id = c.doc_id"
            " WHERE (c.bureau = ? OR (c.bureau IS NULL AND d.bureau = ?)) AND (c.text LIKE ? OR d.meta LIKE ?) LIMIT 1",
            (bureau, bureau, f"%{word}%", f"%{word}%"),
        )
        return bool(rows)

    def chunk_ids_of_documents(self, doc_ids: Sequence[str]) -> set[str]:
        """Live chunks of the given documents."""
        if not doc_ids:
            return set()
        marks = ",".join("?" * len(doc_ids))
        return {r[0] for r in self._query(f"SELECT chunk_id FROM chunks WHERE doc_id IN ({marks})", list(doc_ids))}

    def chunk_ids_titled(self, titles: Sequence[str]) -> set[str]:
        """Live chunks of the reports whose title (or file name) is one of ``titles``, or holds it whole."""
        wanted = [_title_key(t) for t in titles if _title_key(t)]
        docs = [
            d.doc_id
            for d in self.list_documents()
            if any(w in _title_key(d.meta.title or "") or w in _title_key(d.file_name) for w in wanted)
        ]
        return self.chunk_ids_of_documents(docs)

    def chunk_ids_of_masked_year(self) -> set[str]:
        """Live chunks of the reports that state no year and whose title masks it (20XX年全县科技工作要点)."""
        docs = [d.doc_id for d in self.list_documents() if not d.meta.years and names_masked_year(d.meta.title or "")]
        return self.chunk_ids_of_documents(docs)

    def chunk_ids_where(self, *, bureaus: Sequence[str], years: Sequence[int]) -> set[str]:
        """Live chunk ids of the given bureaus (chunk's own, else its document's) and years (any overlap).

        Documents are chosen through their indexed columns first; only chunks of files holding several reports
        carry a bureau or years of their own, and those override the document's.
        """
        docs = "SELECT doc_id, years FROM documents"
        params: list[object] = []
        if bureaus:
            docs += f" WHERE bureau IN ({','.join('?' * len(bureaus))})"
            params.extend(bureaus)
        doc_years = {r["doc_id"]: r["years"] for r in self._query(docs, params)}
        own = [b for b in bureaus]
        part_rows = self._query(
            "SELECT chunk_id, doc_id, bureau, years FROM chunks WHERE bureau IS NOT NULL OR years IS NOT NULL"
        )
        overridden = {r["chunk_id"] for r in part_rows}
        wanted = {f",{y}," for y in years}

        def year_ok(stored: str | None, fallback: str) -> bool:
            if not years:
                return True
            if stored is not None:
                return any(str(y) in stored for y in years)
            return any(w in fallback for w in wanted)

        out: set[str] = set()
        if doc_years:
            marks = ",".join("?" * len(doc_years))
            for r in self._query(f"SELECT chunk_id, doc_id FROM chunks WHERE doc_id IN ({marks})", list(doc_years)):
                if r["chunk_id"] not in overridden and year_ok(None, doc_years[r["doc_id"]]):
                    out.add(r["chunk_id"])
        if part_rows:
            all_years = {r["doc_id"]: r["years"] for r in self._query("SELECT doc_id, years FROM documents")}
            for r in part_rows:
                bureau_ok = not own or (r["bureau"] in own if r["bureau"] is not None else r["doc_id"] in doc_years)
                if bureau_ok and year_ok(r["years"], all_years.get(r["doc_id"], "")):
                    out.add(r["chunk_id"])
        return out

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        return [_chunk(r) for r in self._query("SELECT * FROM chunks WHERE doc_id = ? ORDER BY idx", (doc_id,))]

    def lexical_search(
        self, terms: tuple[str, ...], k: int, chunk_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """BM25 over the segmented text; higher score is better. ``chunk_ids`` restricts the candidates.

        Terms in more than a third of the chunks (企业, 科技 …) barely move BM25 but make FTS5 score most of the
        index, so they are left out (the three rarest terms are always kept).
        """
        if not terms:
            return []
        by_rarity = sorted(terms, key=self.term_frequency)
        terms = tuple(t for i, t in enumerate(by_rarity) if i < 3 or self.term_frequency(t) <= _COMMON_TERM)
        sql = (
            "SELECT c.chunk_id, -bm25(chunks_fts) AS score FROM chunks_fts JOIN chunks c ON c.rid = chunks_fts.rowid"
            " WHERE chunks_fts MATCH ?"
        )
        params: list[object] = [fts_query(terms)]
        if chunk_ids is not None and len(chunk_ids) <= _SMALL_SET:
            sql += f" AND c.chunk_id IN ({','.join('?' * len(chunk_ids))})"
            params.extend(chunk_ids)
        limit = k if chunk_ids is None or len(chunk_ids) <= _SMALL_SET else max(k * 20, 200)
        rows = self._query(sql + " ORDER BY bm25(chunks_fts) LIMIT ?", [*params, limit])
        hits = [(r["chunk_id"], float(r["score"])) for r in rows]
        if chunk_ids is not None:
            hits = [h for h in hits if h[0] in chunk_ids]
        return hits[:k]

    def term_frequency(self, term: str) -> float:
        """Share of chunks containing ``term`` (as an indexed word, else as all of its character bigrams)."""
        if term in self._df:
            return self._df[term]
        share = self._term_frequency(term)
        self._df[term] = share
        return share

    def _term_frequency(self, term: str) -> float:
        total = self.counts()["chunks"]
        if not total:
            return 0.0
        quoted = '"' + term.replace('"', '""') + '"'
        hits = self._query("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (quoted,))[0][0]
        if not hits and len(term) > 2:
            grams = [term[i : i + 2] for i in range(len(term) - 1)]
            expr = " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)
            hits = self._query("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (expr,))[0][0]
        return float(hits) / total

    # --- figure ledger ---
    def figure_rows(self, *, doc_id: str | None = None, metric_like: str | None = None) -> list[dict[str, object]]:
        sql = "SELECT * FROM figures WHERE 1=1"
        params: list[object] = []
        if doc_id:
            sql += " AND doc_id = ?"
            params.append(doc_id)
        if metric_like:
            sql += " AND metric LIKE ?"
            params.append(f"%{metric_like}%")
        return [dict(r) for r in self._query(sql + " ORDER BY id", params)]

    def counts(self) -> dict[str, int]:
        row = self._query(
            "SELECT (SELECT COUNT(*) FROM documents) AS documents, (SELECT COUNT(*) FROM chunks) AS chunks,"
            " (SELECT COUNT(*) FROM figures) AS figures"
        )[0]
        return {"documents": row["documents"], "chunks": row["chunks"], "figures": row["figures"]}

    # --- integrity ---
    def integrity_problems(self) -> dict[str, int]:
        """Counts of rows that disagree with each other; all zero in a consistent catalog."""
        row = self._query(
            "SELECT"
            " (SELECT COUNT(*) FROM chunks WHERE doc_id NOT IN (SELECT doc_id FROM documents)) AS orphan_chunks,"
            " (SELECT COUNT(*) FROM figures WHERE chunk_id NOT IN (SELECT chunk_id FROM chunks)) AS orphan_figures,"
            " (SELECT COUNT(*) FROM chunks_fts WHERE rowid NOT IN (SELECT rid FROM chunks)) AS orphan_index_rows,"
            " (SELECT COUNT(*) FROM chunks WHERE rid NOT IN (SELECT rowid FROM chunks_fts)) AS unindexed_chunks,"
            " (SELECT COUNT(*) FROM documents d WHERE chunks != (SELECT COUNT(*) FROM chunks c"
            "   WHERE c.doc_id = d.doc_id)) AS wrong_chunk_counts"
        )[0]
        return {key: int(row[key]) for key in row.keys()}  # noqa: SIM118 - sqlite3.Row has no items()

    def repair_integrity(self) -> int:
        """Remove rows that point nowhere and re-index unindexed chunks; return how many rows changed."""
        with self.transaction() as conn:
            changed = conn.execute("DELETE FROM chunks WHERE doc_id NOT IN (SELECT doc_id FROM documents)").rowcount
            changed += conn.execute("DELETE FROM figures WHERE chunk_id NOT IN (SELECT chunk_id FROM chunks)").rowcount
            changed += conn.execute("DELETE FROM chunks_fts WHERE rowid NOT IN (SELECT rid FROM chunks)").rowcount
            rows = conn.execute(
                "SELECT rid, section_path, text FROM chunks WHERE rid NOT IN (SELECT rowid FROM chunks_fts)"
            ).fetchall()
            for r in rows:
                terms = index_terms(" ".join([*json.loads(r["section_path"]), r["text"]]))
                conn.execute("INSERT INTO chunks_fts(rowid, terms) VALUES (?, ?)", (r["rid"], terms))
            changed += len(rows)
            changed += conn.execute(
                "UPDATE documents SET chunks = (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = documents.doc_id)"
                " WHERE chunks != (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = documents.doc_id)"
            ).rowcount
        return changed

    # --- embedding cache (by content hash) ---
    def get_vectors(self, model: str, hashes: Sequence[str]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for r in self._query(
                f"SELECT hash, vector FROM vector_cache WHERE model = ? AND hash IN ({marks})", [model, *part]
            ):
                out[r["hash"]] = np.frombuffer(r["vector"], dtype=np.float32).tolist()
        return out

    def put_vectors(self, model: str, items: dict[str, list[float]]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vector_cache VALUES (?,?,?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

    # --- user corrections to metadata, kept across re-ingests ---
    def get_override(self, file_name: str) -> dict[str, object]:
        rows = self._query("SELECT meta FROM overrides WHERE file_name = ?", (file_name,))
        return json.loads(rows[0]["meta"]) if rows else {}

    def set_override(self, file_name: str, fields: dict[str, object]) -> None:
        merged = {**self.get_override(file_name), **fields}
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO overrides VALUES (?, ?)", (file_name, json.dumps(merged, ensure_ascii=False))
            )


def _delete_rows(conn: sqlite3.Connection, doc_id: str) -> None:
    conn.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT rid FROM chunks WHERE doc_id = ?)", (doc_id,))
    conn.execute("DELETE FROM figures WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))


def _add_text_hash(conn: sqlite3.Connection) -> None:
    """Additive: a catalog written before documents had a text hash gains the column (empty for its documents)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    if "text_hash" not in columns:
        conn.execute("ALTER TABLE documents ADD COLUMN text_hash TEXT")
    conn.execute("CREATE INDEX IF NOT EXISTS documents_text_hash ON documents(text_hash)")


def _add_ocr(conn: sqlite3.Connection) -> None:
    """Additive: chunks and ledger rows gain the OCR flag (0 for what was stored before)."""
    for table in ("chunks", "figures"):
        if "ocr" not in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0")


def _document(r: sqlite3.Row) -> Document:
    return Document(
        doc_id=r["doc_id"],
        source_path=r["source_path"],
        file_name=r["file_name"],
        content_hash=r["content_hash"],
        text_hash=r["text_hash"],
        recipe=r["recipe"],
        meta=DocumentMeta.model_validate_json(r["meta"]),
        chunks=r["chunks"],
        figures=r["figures"],
        chars=r["chars"],
        ingested_at=datetime.fromisoformat(r["ingested_at"]),
    )


def _chunk(r: sqlite3.Row) -> Chunk:
    return Chunk(
        chunk_id=r["chunk_id"],
        doc_id=r["doc_id"],
        index=r["idx"],
        text=r["text"],
        section_path=json.loads(r["section_path"]),
        char_start=r["char_start"],
        bureau=r["bureau"],
        period=r["period"],
        years=None if r["years"] is None else json.loads(r["years"]),
        figures=[Figure.model_validate(f) for f in json.loads(r["figures"])],
        ocr=bool(r["ocr"]),
    )


def _title_key(title: str) -> str:
    """A title compared without spaces, punctuation or 《》."""
    return "".join(ch for ch in title if ch.isalnum())
