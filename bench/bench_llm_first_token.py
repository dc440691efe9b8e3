"""Where the first token's time goes with the bundled local model: prompt size, prompt cache, evidence budget, threads.

``python -m bench.bench_llm_first_token [--model NAME] [--threads 1:2 2:2] [--questions 6] [--decode-tokens 12]
[--data-dir DIR]`` serves the
model (``make install-llm``) and, for the first answerable seed questions, sends the very messages generative QA
sends (:func:`chains.qa_generative.prompt_messages`) as a streamed chat request, four ways:

- ``full/nocache``: evidence sentences whole, ``cache_prompt`` off — every token of the prompt is read;
- ``full/cache``: whole sentences, llama.cpp's prompt cache on (the fixed system text is read once);
- ``trim/nocache`` and ``trim/cache``: evidence cut to the clauses that answer (``SCRIBE_LLM_EVIDENCE_TOKENS``).

``--threads`` takes llama.cpp thread settings as ``DECODE:BATCH`` (``SCRIBE_LOCAL_THREADS`` and
``SCRIBE_LOCAL_BATCH_THREADS``); a bare ``N`` is ``N:N``. The batch threads read the prompt, which is what the
first token waits for; the decode threads write every token after it.

Per request it records the time to the first byte of the response, to the first content token, the server's own
``timings`` (tokens read, tokens taken from the cache, prompt and decode rates) and the load. The time to the first
*useful* text (the checked offline quotes the chat shows before the model is asked) is measured too: it does not
depend on the model. One JSON line per configuration and one summary line; the store in ``--data-dir`` must hold
the sample corpus. Also prints how well :func:`chains.prompting.estimate_tokens` matches llama.cpp's ``/tokenize``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from bench.rows import print_row
from chains.prompting import estimate_tokens, load_prompt
from chains.qa_generative import PROMPT, Evidence, format_evidence, prompt_messages
from eval.qa_eval import load_items
from scribe.localmodel import LocalServer
from scribe.localmodel.__main__ import server_config
from scribe.services import build_services
from scribe.settings import Settings

CONFIGS = (("full", False), ("full", True), ("trim", False), ("trim", True))
NO_BUDGET = 1_000_000


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def ask(base_url: str, messages: list[Any], *, cache: bool, max_tokens: int = 12) -> dict[str, Any]:
    """One streamed chat request: time to first byte, to first content token, and the server's timings."""
    body = {
        "messages": [{"role": r, "content": c} for r, c in messages],
        "stream": True,
        "max_tokens": max_tokens,
        "temperature": 0,
        "cache_prompt": cache,
    }
    started = time.perf_counter()
    first_byte = first_token = None
    timings: dict[str, Any] = {}
    with httpx.stream("POST", base_url + "/chat/completions", json=body, timeout=900) as response:
        for line in response.iter_lines():
            first_byte = first_byte if first_byte is not None else time.perf_counter() - started
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            timings = chunk.get("timings") or timings
            delta = (chunk.get("choices") or [{}])[0].get("delta") or {}
            if delta.get("content") and first_token is None:
                first_token = time.perf_counter() - started
    return {
        "first_byte_s": None if first_byte is None else round(first_byte, 2),
        "first_token_s": None if first_token is None else round(first_token, 2),
        "prompt_read": timings.get("prompt_n"),
        "prompt_cached": timings.get("cache_n"),
        "prompt_tok_s": round(float(timings.get("prompt_per_second", 0.0)), 1),
        "decode_tok_s": round(float(timings.get("predicted_per_second", 0.0)), 1),
        "load1": round(os.getloadavg()[0], 2),
    }


def tokenize(base_url: str, text: str) -> int:
    root = base_url.removesuffix("/v1")
    return len(httpx.post(root + "/tokenize", json={"content": text}, timeout=60).json()["tokens"])


def gather(settings: Settings, n: int) -> list[tuple[str, list[Evidence], float]]:
    """(resolved question, evidence, seconds to the checked offline quotes) of the first ``n`` answerable seeds."""
    services = build_services(settings.model_copy(update={"llm_base_url": None, "llm_model": None}))
    chain = services.qa_chain(offline=True)
    out = []
    for item in load_items(Path("eval/datasets/qa_seeds.jsonl")):
        if len(out) >= n:
            break
        started = time.perf_counter()
        resolved, evidence = chain.evidence_for(item.question)
        useful = time.perf_counter() - started
        if evidence:
            out.append((resolved, evidence, useful))
    return out


def parse_threads(text: str) -> tuple[int, int]:
    """``"1:2"`` → (1 decode thread, 2 batch threads); ``"2"`` → (2, 2)."""
    decode, _, batch = text.partition(":")
    return int(decode), int(batch or decode)


def measure(
    settings: Settings,
    threads: tuple[int, int],
    questions: list[tuple[str, list[Evidence], float]],
    configs: tuple[tuple[str, bool], ...] = CONFIGS,
    decode_tokens: int = 12,
) -> list[dict]:
    decode, batch = threads
    config = server_config(settings.model_copy(update={"local_threads": decode, "local_batch_threads": batch}))
    prompt = load_prompt(PROMPT)
    rows: list[dict[str, Any]] = []
    with LocalServer(config, log_path=settings.data_dir / "llm-server.log") as server:
        calibration = [
            (estimate_tokens(block), tokenize(server.base_url, block))
            for block in (format_evidence(e) for _q, e, _u in questions)
        ]
        for trim, cache in configs:
            budget = settings.llm_evidence_tokens if trim == "trim" else NO_BUDGET
            runs = []
            for question, evidence, _useful in questions:
                messages, size = prompt_messages(prompt, question, "", evidence, budget=budget, as_json=False)
                runs.append(
                    {
                        "evidence_tokens_est": size,
                        **ask(server.base_url, messages, cache=cache, max_tokens=decode_tokens),
                    }
                )
            warm = runs[1:] if cache else runs  # with the cache on, the first request reads the system text too
            rows.append(
                {
                    "model": config.alias,
                    "threads": decode,
                    "batch_threads": batch,
                    "evidence": trim,
                    "cache_prompt": cache,
                    "first_token_p50_s": _median([r["first_token_s"] for r in warm if r["first_token_s"] is not None]),
                    "first_byte_p50_s": _median([r["first_byte_s"] for r in warm if r["first_byte_s"] is not None]),
                    "prompt_read_p50": _median([float(r["prompt_read"]) for r in warm if r["prompt_read"] is not None]),
                    "prompt_tok_s_p50": _median([r["prompt_tok_s"] for r in warm]),
                    "decode_tok_s_p50": _median([r["decode_tok_s"] for r in warm]),
                    "evidence_tokens_est_p50": _median([float(r["evidence_tokens_est"]) for r in warm]),
                    "runs": runs,
                }
            )
            rows[-1]["load1"] = round(os.getloadavg()[0], 2)
            print_row(rows[-1], omit=["runs"])
    ratio = [est / real for est, real in calibration if real]
    print_row({"estimate_over_tokenize": _median(ratio), "pairs": calibration})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=parse_threads, nargs="+", default=[(1, 1), (1, 2), (2, 2)])
    parser.add_argument("--decode-tokens", type=int, default=12, help="tokens written per request")
    parser.add_argument("--questions", type=int, default=6)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="also write every row (with its runs) as JSON lines")
    parser.add_argument("--configs", nargs="+", default=None, help="e.g. full:nocache full:cache trim:cache")
    args = parser.parse_args()
    configs = CONFIGS
    if args.configs:
        configs = tuple((c.split(":")[0], c.split(":")[1] == "cache") for c in args.configs)
    settings = Settings()
    update: dict[str, object] = {}
    if args.model:
        update["local_model"] = args.model
    if args.data_dir:
        update["data_dir"] = args.data_dir
    settings = settings.model_copy(update=update)
    questions = gather(settings, args.questions)
    useful = [u for _q, _e, u in questions]
    print_row({"first_useful_text_p50_s": _median(useful), "load1": round(os.getloadavg()[0], 2)})
    rows = [
        row for threads in args.threads for row in measure(settings, threads, questions, configs, args.decode_tokens)
    ]
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
