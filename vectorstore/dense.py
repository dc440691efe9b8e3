"""The dense index: a Chroma collection holding one vector per live chunk.

Vectors are computed by us (with a content-hash cache) and written with chromadb's
own API, since LangChain's ``add_texts`` always re-embeds. ``langchain_chroma.Chroma``
opens the collection, which records its embedding model and refuses vectors from any other.

Chunk text lives in the SQLite catalog. Chroma gets a copy only when a replica may
need to rebuild its catalog from it (server mode): storing text makes Chroma build
its own full-text index, about 1.6 ms per chunk — a fifth of what the USE embedder spends.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import chromadb
import httpx
import numpy as np
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma

from scribe.errors import EmbeddingMismatchError, StoreError
from scribe.settings import Settings
from vectorstore.embeddings import NamedEmbeddings

log = logging.getLogger(__name__)

MetadataValue = str | int | float | bool
T = TypeVar("T")


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
    """The Chroma collection. In server mode a dropped connection is retried once on a rebuilt client, then
    reported as StoreError — so a restarted ``chroma run`` is picked up without restarting the app."""

    def __init__(
        self,
        client: ClientAPI,
        collection: str,
        embeddings: NamedEmbeddings,
        *,
        reconnect: Callable[[], ClientAPI] | None = None,
        where: str = "",
        replicated: bool = False,
    ) -> None:
        self.embeddings = embeddings
        self.replicated = replicated
        self.collection_name = collection
        self._reconnect = reconnect
        self._where = where or "Chroma"
        self._open(client)
        stored = (self._collection.metadata or {}).get("embedding_model")
        if stored and stored != embeddings.model_name:
            raise EmbeddingMismatchError(collection, str(stored), embeddings.model_name)

    def _open(self, client: ClientAPI) -> None:
        self._client = client
        self._vs = Chroma(
            client=client,
            collection_name=self.collection_name,
            embedding_function=self.embeddings,
            collection_metadata={"embedding_model": self.embeddings.model_name},
            collection_configuration={"hnsw": {"space": "cosine"}},
        )

    def _call(self, what: str, op: Callable[[], T]) -> T:
        """Run one Chroma operation; on a transport failure rebuild the client once and retry, else StoreError."""
        try:
            return op()
        except httpx.TransportError as first:
            log.warning("Chroma %s failed (%s); reconnecting once", what, type(first).__name__)
            try:
                if self._reconnect is not None:
                    self._open(self._reconnect())
                return op()
            except (httpx.TransportError, StoreError) as e:
                raise StoreError(
                    f"向量库 Chroma（{self._where}）不可用，{what}失败（{type(e).__name__}）；"
                    "请检查 Chroma 服务是否在运行（SCRIBE_CHROMA_HOST / SCRIBE_CHROMA_PORT），恢复后无需重启本程序。"
                ) from e

    @property
    def _collection(self) -> Any:
        return self._vs._collection

    def generation(self) -> str:
        """A token that changes on every write by any process (read from the server, not a cached copy)."""
        metadata = self._call("读取集合信息", lambda: self._client.get_collection(self.collection_name).metadata)
        return str((metadata or {}).get("generation", ""))

    def mark_changed(self) -> None:
        """Tell other replicas the collection changed; call once after a batch of writes."""
        if not self.replicated:
            return
        metadata = self._call("读取集合信息", lambda: self._client.get_collection(self.collection_name).metadata)
        fields = {k: v for k, v in (metadata or {}).items() if not k.startswith("hnsw:")}
        fields["generation"] = uuid.uuid4().hex
        self._call("写入集合信息", lambda: self._collection.modify(metadata=fields))

    def count(self) -> int:
        return int(self._call("计数", lambda: self._collection.count()))

    def upsert(
        self,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        texts: Sequence[str] | None,
        metadatas: Sequence[Mapping[str, MetadataValue]],
    ) -> None:
        """Write vectors (and, given ``texts``, the chunk text). Call ``mark_changed`` after the batch."""
        if not ids:
            return
        dim = len(vectors[0])
        metadata = self._call("读取集合信息", lambda: self._collection.metadata)
        expected = metadata.get("embedding_dim") if metadata else None
        if expected and int(expected) != dim:
            raise EmbeddingMismatchError(self.collection_name, f"{expected} 维", f"{dim} 维")
        if not expected:
            fields = {"embedding_model": self.embeddings.model_name, "embedding_dim": dim}
            self._call("写入集合信息", lambda: self._collection.modify(metadata=fields))
        for start in range(0, len(ids), 1000):
            end = start + 1000
            self._call(
                "写入向量",
                lambda start=start, end=end: self._collection.upsert(  # type: ignore[misc]
                    ids=list(ids[start:end]),
                    embeddings=[list(v) for v in vectors[start:end]],
                    documents=list(texts[start:end]) if texts is not None else None,
                    metadatas=[dict(m) for m in metadatas[start:end]],
                ),
            )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove vectors. Call ``mark_changed`` after the batch."""
        for start in range(0, len(ids), 1000):
            part = list(ids[start : start + 1000])
            self._call("删除向量", lambda part=part: self._collection.delete(ids=part))  # type: ignore[misc]

    def vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        """The stored vectors of ``ids`` (those present), to be written again unchanged."""
        out: dict[str, list[float]] = {}
        for start in range(0, len(ids), 1000):
            part = list(ids[start : start + 1000])
            got = self._call(
                "读取向量",
                lambda part=part: self._collection.get(ids=part, include=["embeddings"]),  # type: ignore[misc]
            )
            embeddings = got.get("embeddings")
            if embeddings is None:
                continue
            out.update({i: [float(x) for x in v] for i, v in zip(got["ids"], embeddings, strict=True)})
        return out

    def ids(self, where: Mapping[str, Any] | None = None) -> set[str]:
        """Every id in the collection (optionally filtered), paged so a large store fits in memory."""
        out: set[str] = set()
        offset, page = 0, 5000
        while True:
            got = self._call(
                "读取向量",
                lambda offset=offset: self._collection.get(  # type: ignore[misc]
                    where=dict(where) if where else None, include=[], limit=page, offset=offset
                ),
            )
            out.update(got["ids"])
            if len(got["ids"]) < page:
                return out
            offset += page

    def search_within(self, query: str, ids: Sequence[str], k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest among ``ids`` — exact, for a small scoped set
        (a filtered HNSW query over a large collection is slower than scoring a few hundred vectors)."""
        if not ids:
            return []
        vector = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        got = self._call("读取向量", lambda: self._collection.get(ids=list(ids), include=["embeddings"]))
        if not len(got["ids"]):
            return []
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(vector) or 1.0)
        scores = matrix @ vector / np.where(norms == 0, 1.0, norms)
        order = np.argsort(-scores)[:k]
        return [(str(got["ids"][i]), float(scores[i])) for i in order]

    def search(self, query: str, k: int, where: Mapping[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks."""
        if self.count() == 0:
            return []
        vector = self.embeddings.embed_query(query)
        # chromadb directly: LangChain's search builds Documents, which need the text Chroma may not hold.
        hits = self._call(
            "检索",
            lambda: self._collection.query(
                query_embeddings=[vector], n_results=k, where=dict(where) if where else None, include=["distances"]
            ),
        )
        return [(str(i), 1.0 - float(d)) for i, d in zip(hits["ids"][0], hits["distances"][0], strict=True)]
