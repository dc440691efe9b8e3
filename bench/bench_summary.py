"""Latency of an offline summary of a ~15,000-character report (target: under 2 s).

    python -m bench.bench_summary [--runs 20] [--doc district_and_wenzhou_city_2021_2022.txt]

The report is ingested once into a temporary store (embedded with ``use``, the fast backend); each run then
summarises it from the catalog: sections, sentence scores, the indicator table and the verification of every
figure. "cold" clears the figure-extraction cache before each run (a report summarised for the first time);
"warm" reuses it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from chains.summary import summarize
from scribe.figures.extract import _extract
from scribe.settings import REPO_ROOT, Settings
from vectorstore.catalog import Catalog
from vectorstore.ingest import ingest_paths
from vectorstore.store import Store


def _ingest(doc: Path, data_dir: Path) -> Catalog:
    settings = Settings(data_dir=data_dir, embedding="use", _env_file=None)
    store = Store(settings)
    summary = ingest_paths(store, [doc])
    store.close()
    if summary.failed:
        raise SystemExit(f"ingest failed: {summary.failed}")
    return Catalog(settings.catalog_path)


def _time(catalog: Catalog, ref: str, runs: int, cold: bool) -> list[float]:
    out = []
    for _ in range(runs):
        if cold:
            _extract.cache_clear()
        started = time.perf_counter()
        summarize(catalog, ref)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--doc", default="district_and_wenzhou_city_2021_2022.txt")
    args = parser.parse_args()
    doc = REPO_ROOT / "data" / "sample" / args.doc
    with tempfile.TemporaryDirectory() as tmp:
        catalog = _ingest(doc, Path(tmp))
        ref = doc.stem
        summary = summarize(catalog, ref)
        print(
            f"{doc.name}: {len(doc.read_text(encoding='utf-8'))} chars, {len(summary.all_verdicts())} figures checked, "
            f"{len(summary.lines())} lines, {len(summary.indicators)} indicator rows"
        )
        print(f"{'mode':<6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for mode in ("cold", "warm"):
            times = sorted(_time(catalog, ref, args.runs, cold=mode == "cold"))
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"{mode:<6} {statistics.median(times):>8.1f} {p95:>8.1f} {times[-1]:>8.1f}")
        catalog.close()


if __name__ == "__main__":
    main()
