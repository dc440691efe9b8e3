"""Shared by the reliability scenarios: child-process environments, store audits, peak-memory probes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from scribe.settings import Settings
from tests.conftest import REPO
from vectorstore.doctor import DoctorReport, check
from vectorstore.store import Store

SCRIBE = str(Path(sys.executable).with_name("scribe"))
PYTHON = sys.executable


def child_env(**scribe: object) -> dict[str, str]:
    """The current environment without SCRIBE_* variables, plus ``SCRIBE_<KEY>=value`` for each keyword."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRIBE_")}
    env["PYTHONPATH"] = str(REPO)
    env.update({f"SCRIBE_{k.upper()}": str(v) for k, v in scribe.items()})
    return env


def fresh_store(settings: Settings) -> Store:
    """A Store whose Chroma client re-reads what other processes wrote (chromadb caches one system per path)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    return Store(settings)


DocState = tuple[str, int, int]  # (content_hash, chunks, figures)


@dataclass
class Audit:
    """What a crash left behind: the doctor's report and anything beyond repairable orphan vectors."""

    report: DoctorReport
    documents: dict[str, DocState]
    bad: list[str] = field(default_factory=list)


def audit(store: Store) -> Audit:
    """Every document fully present or fully absent; the only tolerated damage is orphan vectors."""
    report = check(store)
    bad = [p for p in report.problems if "个向量没有对应的文本块" not in p]
    catalog = store.catalog
    bad += [f"{name}={n}" for name, n in catalog.integrity_problems().items() if n]
    vectors = store.dense.ids()
    documents: dict[str, DocState] = {}
    for doc in catalog.list_documents():
        chunks = catalog.document_chunks(doc.doc_id)
        ids = {c.chunk_id for c in chunks}
        if len(chunks) != doc.chunks or not ids <= vectors:
            bad.append(f"{doc.file_name}: {len(chunks)}/{doc.chunks} chunks, {len(ids - vectors)} without vector")
        ledger = catalog.figure_rows(doc_id=doc.doc_id)
        if len(ledger) != doc.figures or {r["chunk_id"] for r in ledger} - ids:
            bad.append(f"{doc.file_name}: figure ledger {len(ledger)} rows for {doc.figures} figures")
        documents[doc.doc_id] = (doc.content_hash, doc.chunks, doc.figures)
    return Audit(report=report, documents=documents, bad=bad)


def peak_memory_run(code: str, env: dict[str, str], timeout: float = 120.0) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; it must print one JSON object. Adds ``peak_rss_mb`` of that process."""
    wrapped = (
        "import json, resource, sys\n"
        f"{code}\n"
        "result['peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)\n"
        "sys.stdout.write(json.dumps(result, ensure_ascii=False))\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", wrapped], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
