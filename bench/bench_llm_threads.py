"""Threads for the bundled local model on this machine: prompt and decode speed with 1 and 2 llama.cpp threads.

``python -m bench.bench_llm_threads [--model NAME] [--threads 1 2]``; the model must be installed (make install-llm).
"""

from __future__ import annotations

import argparse
import json
import os
import time

import httpx

from scribe.localmodel import LocalServer
from scribe.localmodel.__main__ import server_config
from scribe.settings import Settings

PROMPT = "请逐条复述下面的资料，不要添加内容：\n" + "\n".join(
    f"{i}. 本年度全区新增科技型中小企业若干家，推进创新平台建设，组织开展科技特派员服务活动。" for i in range(1, 9)
)


def measure(settings: Settings, threads: int, runs: int) -> dict[str, object]:
    config = server_config(settings.model_copy(update={"local_threads": threads}))
    rows = []
    with LocalServer(config) as server:
        for _ in range(runs):
            started = time.perf_counter()
            body = {"messages": [{"role": "user", "content": PROMPT}], "max_tokens": 48, "cache_prompt": False}
            reply = httpx.post(server.base_url + "/chat/completions", json=body, timeout=600).json()
            t = reply["timings"]
            rows.append(
                {
                    "wall_s": round(time.perf_counter() - started, 2),
                    "prompt_tok_s": round(t["prompt_per_second"], 1),
                    "decode_tok_s": round(t["predicted_per_second"], 1),
                    "prompt_n": t["prompt_n"],
                }
            )
    return {"threads": threads, "load": os.getloadavg()[0], "runs": rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    settings = Settings()
    if args.model:
        settings = settings.model_copy(update={"local_model": args.model})
    for threads in args.threads:
        print(json.dumps(measure(settings, threads, args.runs), ensure_ascii=False))


if __name__ == "__main__":
    main()
