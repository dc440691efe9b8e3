"""The run log: one SQLite row per LLM call (prompt name and version, model, chunk ids, latency, tokens, outcome).

It never stores prompts, answers or credentials; callers pass already-redacted error text.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

logger = logging.getLogger(__name__)

Status = Literal["ok", "error"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    prompt_name TEXT NOT NULL,
    prompt_version INTEGER NOT NULL,
    model TEXT NOT NULL,
    chunk_ids TEXT NOT NULL,
    latency_ms INTEGER NOT NULL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    status TEXT NOT NULL,
    error TEXT
)
"""


class RunRecord(BaseModel):
    """One logged LLM call."""

    model_config = ConfigDict(frozen=True)

    id: int
    ts: datetime
    prompt_name: str
    prompt_version: int
    model: str
    chunk_ids: list[str]
    latency_ms: int
    prompt_tokens: int | None
    completion_tokens: int | None
    status: Status
    error: str | None


class RunLog:
    """SQLite log at ``path`` (usually ``settings.run_log_path``); the file is created on the first record."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as conn, conn:
            conn.execute(_SCHEMA)
            yield conn

    def record(
        self,
        *,
        prompt_name: str,
        prompt_version: int,
        model: str,
        chunk_ids: Sequence[str],
        latency_ms: int,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
        status: Status = "ok",
        error: str | None = None,
    ) -> None:
        row = (
            datetime.now(UTC).isoformat(timespec="milliseconds"),
            prompt_name,
            prompt_version,
            model,
            json.dumps(list(chunk_ids), ensure_ascii=False),
            latency_ms,
            prompt_tokens,
            completion_tokens,
            status,
            error,
        )
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO llm_calls (ts, prompt_name, prompt_version, model, chunk_ids, latency_ms,"
                " prompt_tokens, completion_tokens, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        logger.debug("run log: %s v%d %s %s %dms", prompt_name, prompt_version, model, status, latency_ms)

    def recent(self, n: int = 20) -> list[RunRecord]:
        """The last ``n`` calls, newest first; empty when nothing was logged yet."""
        if not self.path.exists():
            return []
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, ts, prompt_name, prompt_version, model, chunk_ids, latency_ms, prompt_tokens,"
                " completion_tokens, status, error FROM llm_calls ORDER BY id DESC LIMIT ?",
                (n,),
            ).fetchall()
        return [
            RunRecord(
                id=r[0],
                ts=datetime.fromisoformat(r[1]),
                prompt_name=r[2],
                prompt_version=r[3],
                model=r[4],
                chunk_ids=json.loads(r[5]),
                latency_ms=r[6],
                prompt_tokens=r[7],
                completion_tokens=r[8],
                status=r[9],
                error=r[10],
            )
            for r in rows
        ]
