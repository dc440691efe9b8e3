"""The ingestion benchmark itself, on two sample reports: it must keep measuring what the README reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.bench_ingest import run
from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.integration


def test_ingest_benchmark_reports_throughput_against_the_raw_embedder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("dongtou_2024h1.txt", "qingtian_2023h1.txt"):
        shutil.copy(SAMPLE_DIR / name, corpus / name)

    result = run(corpus, "use", raw_sample=10)

    assert result["files"] == 2 and result["failed"] == 0
    assert int(result["chunks"]) >= 15 + 12  # type: ignore[call-overload]  # the ingest tests' floors for these two
    assert result["raw_sample_chunks"] == 10  # an evenly spaced sample, not the whole corpus
    assert 0.0 < float(result["embedder_share_of_ingest_time"]) <= 1.0  # type: ignore[arg-type]
    assert float(result["share_of_raw_embedder"]) > 0.0  # type: ignore[arg-type]
    assert result["reingest_embedded"] == 0  # an unchanged corpus embeds nothing
