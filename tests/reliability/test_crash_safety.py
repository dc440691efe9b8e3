"""SIGKILL the ingest and delete processes at seeded points; the store must stay consistent every time.

Kill points are of two kinds: exact storage steps (``tests.reliability.killpoint``: after the vectors are
written but before the catalog switch, after the switch but before old vectors are deleted, inside a Chroma
write …) and seeded random moments of a plain ``scribe ingest`` run (polled by catalog progress). After each
kill: only orphan vectors may remain — never half a document — a query never shows an orphan, ``doctor
--repair`` fixes it, and the next run carries on.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from bench.make_corpus import build
from scribe.settings import Settings
from tests.conftest import REPO, make_settings
from tests.reliability.helpers import PYTHON, SCRIBE, Audit, DocState, audit, child_env, fresh_store
from tests.support.openai_server import OpenAIServer
from vectorstore.doctor import check
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

SEED = 8
FILES = 20
STEP_KILLS = [  # (spec, command) — each leaves a different kind of half-done work behind
    ("catalog.put_vectors:after:2", "ingest"),  # embeddings cached, nothing else
    ("dense.upsert:after:3", "ingest"),  # new vectors written, catalog not switched
    ("dense.upsert:during:5", "ingest"),  # inside Chroma's write
    ("catalog.replace_document:during:4", "ingest"),  # inside the SQLite transaction
    ("catalog.replace_document:after:2", "ingest"),  # switched, leftovers not swept
]
UPDATE_KILLS = [  # on changed files: old versions' vectors become orphans
    ("catalog.replace_document:after:2", "ingest"),
    ("dense.delete:during:1", "ingest"),
]
DELETE_KILLS = ["catalog.delete_document:after:1", "dense.delete:during:1"]
RANDOM_KILLS = 4


class Crashes:
    """Runs children against one data directory and audits the store after each kill."""

    def __init__(self, settings: Settings, env: dict[str, str], corpus: Path) -> None:
        self.settings, self.env, self.corpus = settings, env, corpus
        self.kill_points: list[str] = []
        self.inconsistencies: list[str] = []
        self.orphans_seen = 0
        self.seen: dict[str, set[DocState]] = {}

    def run_killed(self, spec: str, *args: str) -> int:
        done = subprocess.run(
            [PYTHON, "-m", "tests.reliability.killpoint", spec, *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode in (-signal.SIGKILL, 0), done.stderr.decode(errors="replace")[-2000:]
        self.kill_points.append(f"{args[0]} {spec}" + ("" if done.returncode else " (finished first)"))
        return done.returncode

    def run_random_kill(self, rng: random.Random, target_docs: int) -> None:
        child = subprocess.Popen(
            [SCRIBE, "ingest", str(self.corpus), "--json"],
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while child.poll() is None and _documents(self.settings) < target_docs and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.25))  # the random point past the progress mark
        child.send_signal(signal.SIGKILL)
        code = child.wait(timeout=30)
        self.kill_points.append(f"ingest random@{target_docs} docs" + ("" if code else " (finished first)"))

    def inspect(self) -> Audit:
        """Audit, prove the orphans stay invisible to queries, then repair."""
        store = fresh_store(self.settings)
        try:
            found = audit(store)
            self.inconsistencies += [f"{self.kill_points[-1]}: {b}" for b in found.bad]
            for doc_id, state in found.documents.items():
                self.seen.setdefault(doc_id, set()).add(state)
            orphans = sorted(store.dense.ids() - store.catalog.all_chunk_ids())
            self.orphans_seen += len(orphans)
            if orphans:
                _assert_orphan_never_answered(store, self.settings, orphans[0])
            repaired = check(store, repair=True)
            assert repaired.consistent, repaired.problems
            return found
        finally:
            store.close()

    def scribe(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SCRIBE, *args], env=self.env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
        )


def _documents(settings: Settings) -> int:
    if not settings.catalog_path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{settings.catalog_path}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # schema not created yet


def _assert_orphan_never_answered(store: Store, settings: Settings, orphan: str) -> None:
    """A question that embeds exactly onto an orphan vector: dense search finds it, the retriever drops it."""
    got = store.dense._collection.get(ids=[orphan], include=["embeddings"])
    vector = [float(x) for x in got["embeddings"][0]]
    store.embeddings.embed_query = lambda text: vector  # type: ignore[method-assign]
    assert orphan in {cid for cid, _ in store.dense.search("q", 5)}  # the check can bite
    result = HybridRetriever(store, settings).retrieve("科技创新工作进展", k=20)
    live = store.catalog.all_chunk_ids()
    assert result.chunks and all(s.chunk.chunk_id in live for s in result.chunks)


@pytest.fixture
def crashes(tmp_path: Path, embed_server: OpenAIServer) -> Crashes:
    corpus = tmp_path / "corpus"
    build(FILES, corpus)
    settings = make_settings(tmp_path / "data", embedding="openai", embedding_base_url=embed_server.base_url)
    env = child_env(data_dir=settings.data_dir, embedding="openai", embedding_base_url=embed_server.base_url)
    return Crashes(settings, env, corpus)


def test_sigkill_during_ingest_update_and_delete_leaves_no_half_documents(crashes: Crashes) -> None:
    rng = random.Random(SEED)
    corpus = str(crashes.corpus)
    for spec, command in STEP_KILLS:
        crashes.run_killed(spec, command, corpus)
        crashes.inspect()
    target = _documents(crashes.settings)
    for _ in range(RANDOM_KILLS):
        target = min(FILES, target + rng.randint(1, 3))
        crashes.run_random_kill(rng, target)
        crashes.inspect()

    finished = crashes.scribe("ingest", corpus, "--json")
    assert finished.returncode == 0, finished.stderr[-2000:]
    final = crashes.inspect()
    assert len(final.documents) == FILES and final.report.consistent

    # update: change some files, kill while their new versions replace the old ones
    changed = sorted(crashes.corpus.glob("*.txt"))[:: FILES // 6]
    for path in changed:
        path.write_text(
            path.read_text(encoding="utf-8") + "\n七、补充说明\n新增科技型中小企业7家。\n", encoding="utf-8"
        )
    for spec, command in UPDATE_KILLS:
        crashes.run_killed(spec, command, corpus)
        crashes.inspect()
    assert crashes.scribe("ingest", corpus).returncode == 0
    updated = crashes.inspect()
    assert len(updated.documents) == FILES

    # delete: kill between the catalog switch and the vector deletion, and inside it
    remaining = FILES
    for spec, path in zip(DELETE_KILLS, sorted(crashes.corpus.glob("*.txt")), strict=False):
        crashes.run_killed(spec, "delete", path.name)
        after = crashes.inspect()
        assert len(after.documents) in (remaining - 1, remaining)  # the delete happened entirely or not at all
        if len(after.documents) == remaining:  # killed before the switch: the user runs it again
            assert crashes.scribe("delete", path.name).returncode == 0
        remaining -= 1
    doctor = crashes.scribe("doctor", "--json")
    assert doctor.returncode == 0, doctor.stdout
    report = json.loads(doctor.stdout)
    assert report["consistent"] and report["documents"] == FILES - len(DELETE_KILLS) and report["orphans"] == 0

    # a document seen mid-crash is always the very version a clean run stores (or the older complete one)
    for doc_id, states in crashes.seen.items():
        assert len(states) <= 2, (doc_id, states)
    kill_points = len(crashes.kill_points)
    print(f"\nkill points: {kill_points}; orphan vectors seen: {crashes.orphans_seen}; "
          f"inconsistencies: {len(crashes.inconsistencies)}")  # fmt: skip
    print("\n".join(crashes.kill_points))
    assert kill_points == len(STEP_KILLS) + RANDOM_KILLS + len(UPDATE_KILLS) + len(DELETE_KILLS)
    assert crashes.inconsistencies == []
