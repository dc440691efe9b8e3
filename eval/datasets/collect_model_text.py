"""Collect a real model's raw drafts and summary lines over the stored corpus, for hand-labelled claims.

``python -m eval.datasets.collect_model_text --out FILE --draft BUREAU:PERIOD … --summary DOC …`` with
``SCRIBE_LLM_BASE_URL`` pointing at the model (e.g. ``python -m scribe.localmodel serve``). Each draft section is the
model's reply *before* the drafting rules strike anything (:func:`chains.draft.generative.write_generative`, not
:func:`chains.draft.draft_plan`), so a figure the checker would remove is still in the text; each summary line is the
model's line with the section it summarises. One JSON line per draft item / summary line, appended as it arrives
(a slow model on a busy machine may be stopped half-way and the file keeps what was written).

The output is raw material: the claims set built from it (``model_claims_*.jsonl``) is cut and labelled by hand.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from chains.draft.gather import gather
from chains.draft.generative import write_generative
from chains.draft.models import DraftRequest
from chains.summary import summarize
from scribe.errors import ScribeError
from scribe.services import build_services
from scribe.settings import Settings

log = logging.getLogger("eval.collect_model_text")


def _append(path: Path, row: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def collect_draft(settings: Settings, bureau: str, period: str, out: Path, model: str) -> int:
    """The model's raw plan items for ``bureau`` and ``period``; returns how many were written."""
    with build_services(settings) as services:
        llm = services.llm
        if llm is None:
            raise SystemExit("SCRIBE_LLM_BASE_URL / SCRIBE_LLM_MODEL are not set")
        request = DraftRequest(bureau=bureau, period=period)
        ctx = gather(services.catalog, request)
        started = time.monotonic()
        plan = write_generative(ctx, request, llm, services.run_log)
        if plan is None:
            log.warning("draft %s %s: the first reply was unusable", bureau, period)
            return 0
        by_id = {s.source_id: s for s in ctx.sources}
        n = 0
        for section in plan.sections:
            for item in section.items:
                sources = [
                    {"id": cid, "doc": by_id[cid].doc, "text": by_id[cid].text}
                    for cid in item.source_chunk_ids
                    if cid in by_id
                ]
                _append(
                    out,
                    {
                        "kind": "draft",
                        "model": model,
                        "bureau": bureau,
                        "period": period,
                        "section": section.title,
                        "title": item.title,
                        "text": item.text,
                        "sources": sources,
                        "seconds": round(time.monotonic() - started, 1),
                    },
                )
                n += 1
        return n


def collect_summary(settings: Settings, doc: str, out: Path, model: str) -> int:
    """The model's summary lines of one stored report; returns how many were written."""
    with build_services(settings) as services:
        started = time.monotonic()
        summary = summarize(services.catalog, doc, llm=services.llm, run_log=services.run_log)
        n = 0
        for role, lines in (("highlight", summary.highlights), ("problem", summary.problems), ("plan", summary.plans)):
            for line in lines:
                _append(
                    out,
                    {
                        "kind": "summary",
                        "model": model,
                        "doc": doc,
                        "role": role,
                        "section_path": line.section_path,
                        "text": line.text,
                        "quotes": [c.quote for c in line.citations],
                        "seconds": round(time.monotonic() - started, 1),
                    },
                )
                n += 1
        return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.datasets.collect_model_text")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--draft", action="append", default=[], help="BUREAU:PERIOD, e.g. 洞头区科学技术局:2024年下半年")
    parser.add_argument("--summary", action="append", default=[], help="a stored document (file name)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings()
    model = settings.llm_model or "?"
    try:
        for spec in args.draft:
            bureau, _, period = spec.partition(":")
            log.info("draft %s %s: %d items", bureau, period, collect_draft(settings, bureau, period, args.out, model))
        for doc in args.summary:
            log.info("summary %s: %d lines", doc, collect_summary(settings, doc, args.out, model))
    except ScribeError as e:
        log.error("%s", e.user_message())
        return e.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
