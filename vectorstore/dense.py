"""The dense index: a Chroma collection holding one vector per live chunk.

Vectors are computed by us (with a content-hash cache) and written with chromadb's
own API, since LangChain's ``add_texts`` always re-embeds; queries go through
``langchain_chroma.Chroma``. The collection records its embedding model and refuses
vectors from any other.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma

from scribe.errors import EmbeddingMismatchError, StoreError
from scribe.settings import Settings
from vectorstore.embeddings import NamedEmbeddings

log = logging.getLogger(__name__)

MetadataValue = str | int | float | bool


def build_chroma_client(settings: Settings) -> ClientAPI:
    """Embedded PersistentClient under the data directory, or an HttpClient when a server is configured."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as e:  # chromadb raises bare Exception/ValueError subclasses for connection problems
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.chroma_dir)
        raise StoreError(f"无法连接向量库 Chroma（{where}）：{e}") from e


class DenseIndex:
    def __init__(self, client: ClientAPI, collection: str, embeddings: NamedEmbeddings) -> None:
        self.embeddings = embeddings
        self.collection_name = collection
        self._vs = Chroma(
            client=client,
            collection_name=collection,
            embedding_function=embeddings,
            collection_metadata={"embedding_model": embeddings.model_name},
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        stored = (self._collection.metadata or {}).get("embedding_model")
        if stored and stored != embeddings.model_name:
            raise EmbeddingMismatchError(collection, str(stored), embeddings.model_name)

    @property
    def _collection(self) -> Any:
        return self._vs._collection

    def count(self) -> int:
        return int(self._collection.count())

    def upsert(
        self,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        texts: Sequence[str],
        metadatas: Sequence[Mapping[str, MetadataValue]],
    ) -> None:
        if not ids:
            return
        dim = len(vectors[0])
        expected = self._collection.metadata.get("embedding_dim") if self._collection.metadata else None
        if expected and int(expected) != dim:
            raise EmbeddingMismatchError(self.collection_name, f"{expected} 维", f"{dim} 维")
        if not expected:
            self._collection.modify(metadata={"embedding_model": self.embeddings.model_name, "embedding_dim": dim})
        for start in range(0, len(ids), 1000):
            end = start + 1000
            self._collection.upsert(
                ids=list(ids[start:end]),
                embeddings=[list(v) for v in vectors[start:end]],
                documents=list(texts[start:end]),
                metadatas=[dict(m) for m in metadatas[start:end]],
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 1000):
            self._collection.delete(ids=list(ids[start : start + 1000]))

    def ids(self, where: Mapping[str, Any] | None = None) -> set[str]:
        """Every id in the collection (optionally filtered), paged so a large store fits in memory."""
        out: set[str] = set()
        offset, page = 0, 5000
        while True:
            got = self._collection.get(where=dict(where) if where else None, include=[], limit=page, offset=offset)
            out.update(got["ids"])
            if len(got["ids"]) < page:
                return out
            offset += page

    def search(self, query: str, k: int, where: Mapping[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks."""
        if self.count() == 0:
            return []
        vector = self.embeddings.embed_query(query)
        hits = self._vs.similarity_search_by_vector_with_relevance_scores(
            vector, k=k, filter=dict(where) if where else None
        )
        return [(str(doc.id), 1.0 - float(distance)) for doc, distance in hits]
