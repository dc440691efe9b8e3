"""Generative QA with a real model on the seed questions: rightness, refusals, flagged correct figures, latency.

``python -m bench.bench_llm_qa [--model qwen2.5-coder-1.5b] [--policy strike|regenerate] [--subset] [--data-dir DIR]
[--limit N] [--dataset FILE --sample 25 --unanswerable 5 --seed 19] [--out FILE]`` starts the bundled model's server (``make install-llm`` first), asks every seed question
through the streaming path the chat page uses, and prints one JSON report. Every raw answer (question, answer, the
model's own text, cited sources, verdicts, policy, model, timings, load) is written as one JSON line to ``--out``
(default ``eval/datasets/model_answers_<model>_<policy>.jsonl``) as it comes, for labelling claims. ``--subset``
asks every third seed plus every unanswerable one (23 of 59). Two times are measured per answer: the first model
token, and the first useful text on screen — the checked offline quotes the chat shows before the model is asked.
The store in ``--data-dir`` must hold the sample corpus (``SCRIBE_DATA_DIR=DIR scribe ingest data/sample``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.rows import print_row
from chains.models import Answer
from chains.qa_generative import Generated, check
from eval.qa_eval import QAItem, figure_present, load_items
from eval.qa_generative_eval import correct_flagged
from scribe.figures import VerdictLabel
from scribe.lexicon.headings import is_problem_text
from scribe.localmodel import LocalServer
from scribe.localmodel.__main__ import server_config
from scribe.services import build_services
from scribe.settings import Settings

OK_LABELS = (VerdictLabel.SUPPORTED, VerdictLabel.DERIVED, VerdictLabel.TARGET)
SHORT_NAMES = {"qwen2.5-coder-1.5b": "qwen1.5b", "qwen2.5-0.5b": "qwen0.5b"}


def answers_path(model: str, policy: str) -> Path:
    return Path("eval/datasets") / f"model_answers_{SHORT_NAMES.get(model, model)}_{policy}.jsonl"


def subset(items: list[QAItem]) -> list[QAItem]:
    """Every third seed and every unanswerable one: the set session 4 measured on."""
    return [item for i, item in enumerate(items) if i % 3 == 0 or item.type == "unanswerable"]


def sample(items: list[QAItem], n: int, unanswerable: int, seed: int) -> list[QAItem]:
    """``n`` items drawn with ``seed``, ``unanswerable`` of them unanswerable, in the file's order (for the dev set:
    questions on reports the product was not tuned on)."""
    rng = random.Random(seed)
    traps = [item for item in items if item.type == "unanswerable"]
    others = [item for item in items if item.type != "unanswerable"]
    chosen = {id(i) for i in rng.sample(traps, min(unanswerable, len(traps)))}
    chosen |= {id(i) for i in rng.sample(others, min(n - len(chosen), len(others)))}
    return [item for item in items if id(item) in chosen]


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def score(item: QAItem, answer: Answer) -> dict[str, object]:
    unanswerable = item.type == "unanswerable"
    present = [f for f in item.figures if figure_present(f, answer.text)]
    _seen, flagged = correct_flagged(item.figures, answer, figure_present)  # shown unverified, or struck
    # a correct figure the model wrote that the checks then struck (or that sent the answer to the fallback)
    struck = [f for f in item.figures if figure_present(f, answer.generated or "") and f not in present]
    if answer.fallback is not None:
        struck = [f for f in item.figures if figure_present(f, answer.generated or "")]
    struck_correct = [f for f in item.figures if any(_same(f, s) for s in answer.struck)]
    right = answer.refused if unanswerable else (not answer.refused and len(present) == len(item.figures))
    return {
        "fully_right": right and not answer.failing,
        "refusal_expected": unanswerable,
        "refused": answer.refused,
        "figures_present": present,
        "correct_flagged": [f for f in flagged if f in present],
        "correct_struck": struck,
        "correct_struck_by_checker": struck_correct,
        "failing_shown": [v.figure.surface for v in answer.failing],
    }


def _same(a: str, b: str) -> bool:
    """The same figure (4项 is not 34项, though one is inside the other)."""
    return figure_present(a, b) and figure_present(b, a)


def _struck_correct(row: dict[str, Any]) -> list[str]:
    return [f for f in row.get("correct_struck_by_checker", []) if any(_same(f, s) for s in row.get("struck", []))]


def _flagged(row: dict[str, Any]) -> list[str]:
    """Correct figures shown without a passing verdict (supported, derived, or a target restated as one)."""
    ok = [v["figure"] for v in row["verdicts"] if v["label"] in {label.value for label in OK_LABELS}]
    return [f for f in row["figures_present"] if not any(f in s or s in f for s in ok)]


def run(settings: Settings, items: list[QAItem], out: Path | None) -> dict[str, object]:
    rows: list[dict[str, Any]] = []
    config = server_config(settings)
    policy = settings.llm_unsupported_policy
    sink = out.open("w", encoding="utf-8") if out is not None else None  # one line per answer, as it comes
    with LocalServer(config, log_path=settings.data_dir / "llm-server.log") as server:
        live = settings.model_copy(update={"llm_base_url": server.base_url, "llm_model": config.alias})
        services = build_services(live)
        for item in items:
            chain = services.qa_chain()
            started = time.perf_counter()
            first: float | None = None
            stream = chain.stream(item.question)
            preview = stream.wait_preview()
            useful = time.perf_counter() - started  # the checked quotes, or the final answer when no model is asked
            for _ in stream:
                first = first if first is not None else time.perf_counter() - started
            answer = stream.answer
            row = {
                "id": item.id,
                "model": config.alias,
                "policy": policy,
                "question": item.question,
                "answer": answer.text,
                "generated": answer.generated,
                "refused": answer.refused,
                "fallback": answer.fallback,
                "regenerated": answer.regenerated,
                "struck": answer.struck,
                "latency_ms": answer.latency_ms,
                "first_token_s": None if first is None else round(first, 2),
                "first_useful_s": round(useful, 2),
                "previewed": preview is not None,
                "prompt_tokens": answer.prompt_tokens,
                "completion_tokens": answer.completion_tokens,
                "model_called": first is not None or answer.fallback is not None,
                "load1": round(os.getloadavg()[0], 2),
                "citations": [
                    {"n": c.n, "file": c.file_name, "bureau": c.bureau, "period": c.period, "quote": c.quote}
                    for c in answer.citations
                ],
                "verdicts": [{"figure": v.figure.surface, "label": v.label.value} for v in answer.verdicts],
                **score(item, answer),
            }
            rows.append(row)
            if sink is not None:
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                sink.flush()
            brief = ("id", "fully_right", "first_useful_s", "first_token_s", "latency_ms", "fallback", "load1")
            print_row(row, keys=brief)
    if sink is not None:
        sink.close()
    return summarise(rows, model=config.alias, threads=config.threads, policy=policy)


def summarise(rows: list[dict[str, Any]], *, model: str, threads: int, policy: str) -> dict[str, object]:
    """The headline figures of one run from its rows (also re-read from a saved answers file)."""
    called = [r for r in rows if r["model_called"]]
    worded = [r for r in called if r["fallback"] is None]
    latencies = [float(r["latency_ms"]) / 1000 for r in called]  # type: ignore[arg-type]
    firsts = [float(r["first_token_s"]) for r in called if r["first_token_s"] is not None]  # type: ignore[arg-type]
    useful = [float(r["first_useful_s"]) for r in rows if r.get("first_useful_s") is not None]  # type: ignore[arg-type]
    unanswerable = [r for r in rows if r["refusal_expected"]]
    answerable = [r for r in rows if not r["refusal_expected"]]
    present = sum(len(r["figures_present"]) for r in rows)  # type: ignore[arg-type]
    loads = [float(r["load1"]) for r in rows if r.get("load1") is not None]  # type: ignore[arg-type]
    return {
        "model": model,
        "policy": policy,
        "threads": threads,
        "n": len(rows),
        "fully_right": round(sum(bool(r["fully_right"]) for r in rows) / max(len(rows), 1), 3),
        "answerable_fully_right": round(sum(bool(r["fully_right"]) for r in answerable) / max(len(answerable), 1), 3),
        "unanswerable_refused": round(sum(bool(r["refused"]) for r in unanswerable) / max(len(unanswerable), 1), 3),
        "false_refusals": sum(bool(r["refused"]) for r in answerable),
        "correct_figures_flagged": sum(len(_flagged(r)) for r in rows),
        "correct_figures_present": present,
        "correct_figures_struck_by_checker": sum(len(_struck_correct(r)) for r in rows),
        "correct_figures_struck_or_fallback": sum(len(r.get("correct_struck", [])) for r in rows),  # type: ignore[arg-type]
        "answers_with_failing_figures": sum(bool(r["failing_shown"]) for r in rows),
        "regenerated": sum(bool(r.get("regenerated")) for r in rows),
        "fallbacks": sum(r["fallback"] is not None for r in rows),
        "model_called": len(called),
        # the answers shown in the model's own wording (no fallback to the offline quotes), and how many were right
        "worded": len(worded),
        "worded_fully_right": sum(bool(r["fully_right"]) for r in worded),
        "latency_p50_s": _percentile(latencies, 0.5),
        "latency_p95_s": _percentile(latencies, 0.95),
        "first_token_p50_s": _percentile(firsts, 0.5),
        "first_token_p95_s": _percentile(firsts, 0.95),
        "first_useful_p50_s": _percentile(useful, 0.5),
        "first_useful_p95_s": _percentile(useful, 0.95),
        "prompt_tokens_mean": round(
            statistics.mean([float(r["prompt_tokens"]) for r in called if r.get("prompt_tokens")] or [0.0]),
            1,  # type: ignore[arg-type]
        ),
        "completion_tokens_mean": round(
            statistics.mean([float(r["completion_tokens"]) for r in called if r["completion_tokens"]] or [0.0]),
            1,  # type: ignore[arg-type]
        ),
        "load1_min_max": [min(loads), max(loads)] if loads else None,
    }


def recheck(settings: Settings, rows: list[dict[str, Any]]) -> dict[str, object]:
    """The checks of today's code over the model's saved raw texts (no model call): struck correct figures and
    fallbacks before → after, per answer the model worded."""
    services = build_services(settings.model_copy(update={"llm_base_url": None, "llm_model": None}))
    chain = services.qa_chain(offline=True)
    items = {i.id: i for i in load_items(Path("eval/datasets/qa_seeds.jsonl"))}
    changed = []
    before = after = fallbacks_before = fallbacks_after = 0
    for row in rows:
        if not row.get("generated") or row["refusal_expected"]:
            continue
        item = items[row["id"]]
        resolved, evidence = chain.evidence_for(item.question)
        out = check(
            Generated(), row["generated"].strip(), evidence, asks_problems=is_problem_text(resolved), question=resolved
        )
        struck_now = [f for f in item.figures if any(_same(f, s) for s in out.struck)]
        before += len(_struck_correct(row))
        after += len(struck_now)
        fallbacks_before += row["fallback"] is not None
        fallbacks_after += out.fallback is not None
        if struck_now != _struck_correct(row) or (out.fallback is None) != (row["fallback"] is None):
            changed.append({"id": row["id"], "struck": out.struck, "fallback": out.fallback, "text": out.text})
    return {
        "correct_struck_before": before,
        "correct_struck_after": after,
        "fallbacks_before": fallbacks_before,
        "fallbacks_after": fallbacks_after,
        "changed": changed,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--dataset", type=Path, default=Path("eval/datasets/qa_seeds.jsonl"))
    parser.add_argument("--policy", choices=["strike", "regenerate"], default=None)
    parser.add_argument("--subset", action="store_true", help="every third seed plus the unanswerable ones")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sample", type=int, default=None, help="draw this many questions (with --seed)")
    parser.add_argument("--unanswerable", type=int, default=5, help="how many of the drawn are unanswerable")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--summarise", type=Path, default=None, help="only re-read a saved answers file")
    parser.add_argument("--recheck", type=Path, default=None, help="re-run today's checks on a file's raw texts")
    args = parser.parse_args()
    if args.recheck:
        rows = [json.loads(line) for line in args.recheck.read_text(encoding="utf-8").splitlines() if line]
        settings = Settings()
        if args.data_dir:
            settings = settings.model_copy(update={"data_dir": args.data_dir})
        print_row(recheck(settings, rows))
        return
    if args.summarise:
        rows = [json.loads(line) for line in args.summarise.read_text(encoding="utf-8").splitlines() if line]
        first = rows[0] if rows else {}
        summary = summarise(rows, model=str(first.get("model")), threads=0, policy=str(first.get("policy")))
        print_row(summary)
        return
    settings = Settings()
    update: dict[str, object] = {}
    if args.model:
        update["local_model"] = args.model
    if args.data_dir:
        update["data_dir"] = args.data_dir
    if args.policy:
        update["llm_unsupported_policy"] = args.policy
    settings = settings.model_copy(update=update)
    items = load_items(args.dataset)
    if args.sample:
        items = sample(items, args.sample, args.unanswerable, args.seed)
    items = (subset(items) if args.subset else items)[: args.limit]
    out = args.out or answers_path(settings.local_model, settings.llm_unsupported_policy)
    print_row(run(settings, items, out))


if __name__ == "__main__":
    main()
