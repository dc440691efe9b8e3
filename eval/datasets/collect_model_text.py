"""Collect a real model's raw drafts and summary lines over the stored corpus, for hand-labelled claims.

``python -m eval.datasets.collect_model_text --out FILE --draft BUREAU:PERIOD … --summary DOC …`` with
``SCRIBE_LLM_BASE_URL`` pointing at the model (e.g. ``python -m scribe.localmodel serve``). Each draft section is the
model's raw reply, recorded as it arrives, *before* the drafting rules strike anything
(:func:`chains.draft.generative.write_generative`, not :func:`chains.draft.draft_plan`), so a figure the checker would
remove is still in the text; each summary line is the
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.outputs import LLMResult

from chains.draft.gather import gather
from chains.draft.generative import LLMSection, write_generative
from chains.draft.models import DraftRequest
from chains.summary import summarize
from scribe.errors import ScribeError
from scribe.services import build_services
from scribe.settings import Settings

log = logging.getLogger("eval.collect_model_text")


def _append(path: Path, row: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")


class _Replies(BaseCallbackHandler):
    """Every raw reply of the model, as it arrives (a later section that times out loses only itself)."""

    def __init__(self, sink: Callable[[str], None]) -> None:
        self.sink = sink

    def on_llm_end(self, response: LLMResult, **kwargs: Any) -> None:
        for generations in response.generations:
            for generation in generations:
                self.sink(generation.text)


def collect_draft(settings: Settings, bureau: str, period: str, out: Path, model: str) -> int:
    """The model's raw plan items for ``bureau`` and ``period``, section by section; returns how many were written."""
    written = 0
    section = {"title": ""}

    def progress(n: int, total: int, title: str) -> None:
        section["title"] = title
        log.info("draft %s: section %d/%d %s", bureau, n, total, title)

    def sink(text: str) -> None:
        nonlocal written
        try:
            reply = LLMSection.model_validate_json(text)
        except ValueError:
            log.warning("draft %s: unparsable reply for %s", bureau, section["title"])
            return
        for item in reply.items:
            if item.text.strip():
                _append(
                    out,
                    {
                        "kind": "draft",
                        "model": model,
                        "bureau": bureau,
                        "period": period,
                        "doc": doc,
                        "section": section["title"],
                        "title": item.title,
                        "text": item.text,
                        "sources": [],
                    },
                )
                written += 1

    with build_services(settings) as services:
        llm = services.llm
        if llm is None:
            raise SystemExit("SCRIBE_LLM_BASE_URL / SCRIBE_LLM_MODEL are not set")
        request = DraftRequest(bureau=bureau, period=period)
        ctx = gather(services.catalog, request)
        doc = ctx.sources[0].doc if ctx.sources else ""
        recording = llm.model_copy(update={"callbacks": [_Replies(sink)]})
        try:
            write_generative(ctx, request, recording, services.run_log, progress=progress)
        except ScribeError as e:  # a timed-out section: what came before it is kept
            log.warning("draft %s stopped: %s", bureau, e.user_message())
    return written


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
    parser.add_argument(
        "--draft", action="append", default=[], help="BUREAU:PERIOD, e.g. 洞头区科学技术局:2024年下半年"
    )
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
