"""The evaluation history: one row per suite run (when, which commit, which settings) and every metric.

Stored in SQLite (``settings.data_dir / "eval_history.sqlite3"``), two tables::

    runs(id, timestamp, git_commit, mode, llm_model, embedding_model, retrieval_k, command, corpus, seconds)
    metrics(run_id, key, value)            -- flat key/value, e.g. qa.qa_seeds.recall@5 = 0.98

The API is what the CLI (``scribe eval history``) and the app's evaluation page read::

    History(path).append(run) -> int                  # the new run's id
    History(path).runs(limit=20) -> list[EvalRun]     # the last ``limit`` runs, oldest first
"""

from __future__ import annotations

import logging
import sqlite3
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from scribe.errors import StoreError
from scribe.settings import REPO_ROOT

log = logging.getLogger(__name__)

HISTORY_FILE = "eval_history.sqlite3"
SCHEMA_VERSION = 1

# Metrics where a smaller value is better (the trend marks a rise of these as a regression).
LOWER_IS_BETTER = ("wrong_bureau_rate", "false_refusal_rate", "false_alarm_rate", "leakage", "latency", "seconds")
# The columns ``scribe eval history`` shows by default (suffixes; any dataset matches).
KEY_METRICS = (
    "claims.*.balanced_accuracy",
    "qa.*.recall@5",
    "qa.*.figure_accuracy",
    "qa.*.refusal_accuracy",
    "qa.*.wrong_bureau_rate",
    "drafts.figure_faithfulness",
    "drafts.leakage",
    "summaries.section_coverage",
    "summaries.faithfulness",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp TEXT NOT NULL,
    git_commit TEXT NOT NULL,
    mode TEXT NOT NULL,
    llm_model TEXT NOT NULL,
    embedding_model TEXT NOT NULL,
    retrieval_k INTEGER NOT NULL,
    command TEXT NOT NULL,
    corpus TEXT NOT NULL,
    seconds REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, key)
);
"""


class EvalRun(BaseModel):
    """One suite run as the history keeps it."""

    id: int | None = Field(default=None, description="set by History.append / read back by History.runs")
    timestamp: datetime
    git_commit: str = "unknown"
    mode: Literal["offline", "generative"] = "offline"
    llm_model: str = Field(default="offline", description="the chat model, or 'offline'")
    embedding_model: str
    retrieval_k: int
    command: str = Field(default="all", description="'all' (scribe eval all) or 'gate' (scribe eval gate)")
    corpus: str = Field(default="", description="the evaluated corpus: folders, or 'store' for the configured one")
    seconds: float = 0.0
    metrics: dict[str, float] = Field(default_factory=dict)


class History:
    """Append-only run history in one SQLite file; every call opens and closes its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10)) as conn:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                with conn:
                    yield conn
        except sqlite3.Error as e:
            raise StoreError(f"评测历史 {self.path} 无法读写：{e}") from e

    def append(self, run: EvalRun) -> int:
        """Store ``run`` and its metrics; returns the new run id."""
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO runs (timestamp, git_commit, mode, llm_model, embedding_model, retrieval_k, command,"
                " corpus, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run.timestamp.isoformat(timespec="seconds"),
                    run.git_commit,
                    run.mode,
                    run.llm_model,
                    run.embedding_model,
                    run.retrieval_k,
                    run.command,
                    run.corpus,
                    run.seconds,
                ),
            )
            run_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO metrics (run_id, key, value) VALUES (?, ?, ?)",
                [(run_id, key, float(value)) for key, value in sorted(run.metrics.items())],
            )
        log.info("eval history: run %d with %d metrics in %s", run_id, len(run.metrics), self.path)
        return run_id

    def runs(self, limit: int = 20) -> list[EvalRun]:
        """The last ``limit`` runs, oldest first (the order a trend is read in)."""
        if not self.path.is_file():
            return []
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, timestamp, git_commit, mode, llm_model, embedding_model, retrieval_k, command, corpus,"
                " seconds FROM runs ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
            runs = []
            for row in reversed(rows):
                metrics = dict(conn.execute("SELECT key, value FROM metrics WHERE run_id = ?", (row[0],)).fetchall())
                runs.append(
                    EvalRun(
                        id=row[0],
                        timestamp=datetime.fromisoformat(row[1]),
                        git_commit=row[2],
                        mode=row[3],
                        llm_model=row[4],
                        embedding_model=row[5],
                        retrieval_k=row[6],
                        command=row[7],
                        corpus=row[8],
                        seconds=row[9],
                        metrics=metrics,
                    )
                )
        return runs


def key_metrics(runs: Sequence[EvalRun], patterns: Sequence[str] = KEY_METRICS) -> list[str]:
    """The metric keys of ``runs`` matching ``patterns`` (``*`` is one dataset name), in pattern order."""
    keys = sorted({k for r in runs for k in r.metrics})
    chosen: list[str] = []
    for pattern in patterns:
        head, _, tail = pattern.partition("*")
        for key in keys:
            matches = key == pattern if "*" not in pattern else key.startswith(head) and key.endswith(tail)
            if matches and "*" in pattern and "." in key[len(head) : len(key) - len(tail)]:
                continue  # '*' is one name: qa.x.recall@5, not qa.x.baseline.recall@5
            if matches and key not in chosen:
                chosen.append(key)
    return chosen


def lower_is_better(key: str) -> bool:
    return any(word in key for word in LOWER_IS_BETTER)


def trend(previous: float | None, current: float | None, key: str) -> tuple[str, bool | None]:
    """(arrow, improved): ↑ / ↓ / = versus the previous run; ``improved`` is None when unchanged or unknown."""
    if previous is None or current is None or abs(current - previous) < 1e-9:
        return ("=" if previous is not None and current is not None else "", None)
    up = current > previous
    return ("↑" if up else "↓", up != lower_is_better(key))


def git_commit(root: Path = REPO_ROOT) -> str:
    """``git rev-parse HEAD`` of the checkout, or 'unknown' (no git, not a checkout)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    sha = done.stdout.strip()
    return sha if done.returncode == 0 and sha else "unknown"
