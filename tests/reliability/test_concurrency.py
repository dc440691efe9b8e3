"""Two writers on one embedded store, and query load while another process ingests."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from bench.bench_load import background_ingest, run_query_load
from bench.make_corpus import build
from tests.conftest import REPO, SAMPLE_DIR, make_settings
from tests.reliability.helpers import SCRIBE, child_env, fresh_store
from tests.support.openai_server import OpenAIServer, Reply
from vectorstore.doctor import check
from vectorstore.ingest import ingest_paths

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


def _wait_for_lock_holder(lock: Path, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while child.poll() is None and time.monotonic() < deadline:
        if lock.exists() and lock.read_text().startswith("pid"):
            return
        time.sleep(0.05)
    raise AssertionError("the first ingest never took the write lock")


def test_second_ingest_process_refuses_or_waits(tmp_path: Path, embed_server: OpenAIServer) -> None:
    settings = make_settings(tmp_path / "data", embedding="openai", embedding_base_url=embed_server.base_url)
    env = child_env(data_dir=settings.data_dir, embedding="openai", embedding_base_url=embed_server.base_url)
    corpus = tmp_path / "corpus"
    build(12, corpus)
    embed_server.enqueue_embedding_fault(Reply(delay=10.0))  # the first writer holds the lock for 10 s or more
    first = subprocess.Popen([SCRIBE, "ingest", str(corpus)], env=env, cwd=REPO, stderr=subprocess.PIPE)
    _wait_for_lock_holder(settings.data_dir / "write.lock", first)

    refused = subprocess.run(
        [SCRIBE, "ingest", str(SAMPLE_DIR)], env=env, cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert refused.returncode != 0 and "另一个入库进程" in refused.stderr, refused.stderr
    waited = subprocess.run(
        [SCRIBE, "ingest", str(SAMPLE_DIR), "--wait", "120"], env=env, cwd=REPO, capture_output=True, text=True,
        timeout=180, check=False,
    )  # fmt: skip
    assert first.wait(timeout=120) == 0
    assert waited.returncode == 0, waited.stderr

    store = fresh_store(settings)
    try:
        report = check(store)
        assert report.consistent and report.documents == 12 + 5, report
    finally:
        store.close()


def test_query_load_while_another_process_ingests(tmp_path: Path, embed_server: OpenAIServer) -> None:
    settings = make_settings(tmp_path / "data", embedding="openai", embedding_base_url=embed_server.base_url)
    env = child_env(data_dir=settings.data_dir, embedding="openai", embedding_base_url=embed_server.base_url)
    store = fresh_store(settings)
    ingest_paths(store, [SAMPLE_DIR])
    corpus = tmp_path / "corpus"
    build(10, corpus)
    lines = []
    with background_ingest(settings, corpus, env) as child:
        _wait_for_lock_holder(settings.data_dir / "write.lock", child)  # the ingest is writing from here on
        for threads in (1, 4, 16):
            result = run_query_load(store, threads, requests_per_thread=2 if threads == 16 else 3)
            lines.append(result.line())
            assert result.errors == [], result.errors[:3]
    assert child.returncode == 0, child.stderr.read() if child.stderr else ""
    print("\n" + "\n".join(lines))
    store.close()
    store = fresh_store(settings)
    try:
        report = check(store)
        assert report.consistent and report.documents == 5 + 10, report
    finally:
        store.close()
