"""The naive RAG baseline we measure against: fixed-size splitting, the same embeddings, dense top-k, no metadata."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from vectorstore.loaders import collect_files, load_file

CHINESE_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", " ", ""]


def naive_retriever(
    corpus: Sequence[Path], embeddings: Embeddings, *, chunk_size: int = 500, overlap: int = 50
) -> Callable[[str, int], list[tuple[str, str]]]:
    """Index ``corpus`` the tutorial way; return ``search(question, k) -> [(file name, chunk text)]``."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=overlap, separators=CHINESE_SEPARATORS, keep_separator="end"
    )
    texts: list[str] = []
    metadatas: list[dict[str, str]] = []
    for path in collect_files(corpus):
        text = load_file(path, max_bytes=1 << 30, max_unzipped_bytes=1 << 30).text
        for piece in splitter.split_text(text):
            texts.append(piece)
            metadatas.append({"file_name": path.name})
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma.from_texts(
        texts,
        embeddings,
        metadatas=metadatas,
        client=client,
        collection_name=f"naive_baseline_{uuid.uuid4().hex[:8]}",
        collection_metadata={"hnsw:space": "cosine"},
    )

    def search(question: str, k: int) -> list[tuple[str, str]]:
        return [(str(d.metadata["file_name"]), d.page_content) for d in store.similarity_search(question, k=k)]

    return search
