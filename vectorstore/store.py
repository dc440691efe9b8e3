"""The store: catalog (SQLite) + dense index (Chroma) + embeddings, opened together from Settings."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chromadb.api import ClientAPI

from scribe.errors import StoreBusyError
from scribe.settings import Settings
from vectorstore.catalog import Catalog
from vectorstore.dense import DenseIndex, build_chroma_client
from vectorstore.embeddings import NamedEmbeddings, build_embeddings
from vectorstore.sync import refresh

log = logging.getLogger(__name__)


class Store:
    """Everything ingestion, retrieval, the CLI and the app need, built once per process."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: NamedEmbeddings | None = None,
        client: ClientAPI | None = None,
    ) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.embeddings = embeddings or build_embeddings(settings)
        self.catalog = Catalog(settings.catalog_path)
        self.dense = DenseIndex(
            client or build_chroma_client(settings),
            settings.collection,
            self.embeddings,
            reconnect=(lambda: build_chroma_client(settings)) if client is None and settings.chroma_host else None,
            where=f"{settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else str(settings.chroma_dir),
            replicated=bool(settings.chroma_host),
        )
        self._sync_lock = threading.Lock()

    @property
    def replicated(self) -> bool:
        """Server mode: other replicas rebuild their catalogs from Chroma, so Chroma must hold the chunk text."""
        return self.dense.replicated

    def refresh(self) -> None:
        """Server mode: pull what other replicas wrote into the local catalog (cheap when nothing changed)."""
        if not self.settings.chroma_host:
            return  # embedded: this catalog is the only writer's, always current
        with self._sync_lock:
            refresh(self.catalog, self.dense)

    def close(self) -> None:
        self.catalog.close()

    @contextmanager
    def write_lock(self, wait_seconds: float = 0.0) -> Iterator[None]:
        """One writer at a time per data directory; a second one waits up to ``wait_seconds`` then refuses."""
        path = self.settings.data_dir / "write.lock"
        with _flock(path, wait_seconds):
            yield

    def stats(self) -> dict[str, object]:
        counts = self.catalog.counts()
        return {
            **counts,
            "vectors": self.dense.count(),
            "embedding_model": self.embeddings.model_name,
            "embedding_dim": self.embeddings.dim,
            "collection": self.settings.collection,
            "chroma": f"{self.settings.chroma_host}:{self.settings.chroma_port}"
            if self.settings.chroma_host
            else str(self.settings.chroma_dir),
            "data_dir": str(self.settings.data_dir),
        }


@contextmanager
def _flock(path: Path, wait_seconds: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    raise StoreBusyError(path, handle.read().strip() or "未知进程") from None
                time.sleep(0.2)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
