"""llama.cpp thread settings for the bundled local model, compared side by side under the same load.

``python -m bench.bench_llm_threads [--model NAME] [--threads 1:1 1:2 2:2] [--rounds 3] [--questions 3]
[--decode-tokens 40] [--port 8741] [--data-dir DIR]`` starts one server per setting ``DECODE:BATCH``
(``SCRIBE_LOCAL_THREADS`` : ``SCRIBE_LOCAL_BATCH_THREADS``) on consecutive ports, all at once — the model file is
memory-mapped, so they share its pages — and then asks them in turn, one request at a time, the very prompt
generative QA sends (evidence trimmed, prompt cache on), rotating the order every round. On a machine shared with
other work the load changes minute by minute; asking the settings in turn puts each under the same load, which
one setting after another does not. Per request: time to the first content token, the server's prompt and decode
rates, the 1-minute load average. One JSON line per request, then one summary line per setting.
"""

from __future__ import annotations

import argparse
import os
import statistics
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.bench_llm_first_token import ask, gather, parse_threads
from bench.rows import print_row
from chains.prompting import load_prompt
from chains.qa_generative import PROMPT, prompt_messages
from scribe.localmodel import LocalServer
from scribe.localmodel.__main__ import server_config
from scribe.settings import Settings


def _p50(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def run(
    settings: Settings, settings_list: list[tuple[int, int]], rounds: int, questions: int, decode_tokens: int
) -> None:
    asked = gather(settings, questions)
    prompt = load_prompt(PROMPT)
    messages = [
        prompt_messages(prompt, q, "", e, budget=settings.llm_evidence_tokens, as_json=False)[0] for q, e, _u in asked
    ]
    rows: dict[tuple[int, int], list[dict[str, Any]]] = {t: [] for t in settings_list}
    with ExitStack() as stack:
        servers = []
        for i, (decode, batch) in enumerate(settings_list):
            update = {"local_threads": decode, "local_batch_threads": batch, "local_port": settings.local_port + i}
            config = server_config(settings.model_copy(update=update))
            log_path = settings.data_dir / f"llm-server-{decode}-{batch}.log"
            servers.append(((decode, batch), stack.enter_context(LocalServer(config, log_path=log_path))))
        warm = prompt_messages(prompt, "你好", "", [], budget=settings.llm_evidence_tokens, as_json=False)[0]
        for _threads, server in servers:  # the fixed system text into each server's prompt cache, not measured
            ask(server.base_url, warm, cache=True, max_tokens=1)
        for r in range(rounds):
            turn = servers[r % len(servers) :] + servers[: r % len(servers)]
            for n, message in enumerate(messages):
                for threads, server in turn:
                    row = {"threads": threads[0], "batch_threads": threads[1], "round": r, "question": n}
                    row.update(ask(server.base_url, message, cache=True, max_tokens=decode_tokens))
                    rows[threads].append(row)
                    print_row(row)
    for (decode, batch), runs in rows.items():
        print_row(
            {
                "model": settings.local_model,
                "threads": decode,
                "batch_threads": batch,
                "n": len(runs),
                "first_token_p50_s": _p50([r["first_token_s"] for r in runs if r["first_token_s"] is not None]),
                "first_token_max_s": max((r["first_token_s"] or 0.0) for r in runs) if runs else None,
                "prompt_tok_s_p50": _p50([r["prompt_tok_s"] for r in runs]),
                "decode_tok_s_p50": _p50([r["decode_tok_s"] for r in runs]),
                "load1_min_max": [min(r["load1"] for r in runs), max(r["load1"] for r in runs)] if runs else None,
            }
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=parse_threads, nargs="+", default=[(1, 1), (1, 2), (2, 2)])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--decode-tokens", type=int, default=40)
    parser.add_argument("--port", type=int, default=None, help="the first server's port; the others follow")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    update: dict[str, object] = {}
    if args.model:
        update["local_model"] = args.model
    if args.data_dir:
        update["data_dir"] = args.data_dir
    if args.port:
        update["local_port"] = args.port
    settings = Settings().model_copy(update=update)
    print_row({"load1": round(os.getloadavg()[0], 2), "cores": os.cpu_count()})
    run(settings, args.threads, args.rounds, args.questions, args.decode_tokens)


if __name__ == "__main__":
    main()
