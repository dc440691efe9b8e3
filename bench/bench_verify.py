"""Latency of extraction + verification: a ~2,000-character draft against 50 source chunks.

    python -m bench.bench_verify [--runs 30]

"cold" clears every cache before each run (every chunk is parsed again, as for new retrieval
results); "warm" reuses them (the same text and chunks checked again); "new" checks a text never
seen before against chunks already parsed (a chat's next answer, a draft after an edit).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from scribe.figures.extract import _extract
from scribe.figures.models import SourceText
from scribe.figures.verify import clear_caches, verify

CORPUS = Path(__file__).resolve().parents[1] / "data" / "sample"


def _chunks(n: int = 50, size: int = 500) -> list[SourceText]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    joined = "\n".join(texts)
    return [SourceText(source_id=f"c{i}", text=joined[i * size : (i + 1) * size]) for i in range(n)]


def _draft(chunks: list[SourceText], length: int = 2000) -> str:
    parts: list[str] = []
    for chunk in chunks[::3]:
        parts.extend(s + "。" for s in chunk.text.split("。") if any(ch.isdigit() for ch in s))
        if sum(len(p) for p in parts) >= length:
            break
    return "".join(parts)[:length]


def _time(draft: str, chunks: list[SourceText], runs: int, mode: str) -> list[float]:
    out = []
    for i in range(runs):
        if mode == "cold":
            _extract.cache_clear()
            clear_caches()
        text = draft if mode != "new" else f"第{i}稿：" + draft[i % 7 :] + draft[: i % 7]
        t = time.perf_counter()
        verify(text, chunks)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    chunks = _chunks()
    draft = _draft(chunks)
    figures = len(verify(draft, chunks))
    print(
        f"draft {len(draft)} chars, {figures} figures; {len(chunks)} chunks, {sum(len(c.text) for c in chunks)} chars"
    )
    print(f"{'mode':<6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for mode in ("cold", "warm", "new"):
        times = sorted(_time(draft, chunks, args.runs, mode))
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{mode:<6} {statistics.median(times):>8.1f} {p95:>8.1f} {times[-1]:>8.1f}")


if __name__ == "__main__":
    main()
