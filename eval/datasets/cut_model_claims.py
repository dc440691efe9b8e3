"""Cut a model's raw answers, drafts and summary lines into one-figure claims, ready to be labelled by hand.

``python -m eval.datasets.cut_model_claims --answers model_answers_*.jsonl --texts collected.jsonl --out FILE``
(with ``SCRIBE_DATA_DIR`` pointing at a store holding the sample corpus). Each figure the checker reads becomes one
row: the whole answer / item / line as ``claim``, the figure as ``figure`` (and which occurrence), the question and
the chunks the answer cited (found in the store by their quote, in ``[n]`` order) or the item's plan heading. The
rows carry no label: the labeller adds ``label`` / ``verdict`` / ``note`` by reading the sources.

A QA answer whose figures were struck (``〔未核实的数字已删去〕``) is restored from ``struck``: the figures the strike
step removed, in order, exactly as the model wrote them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chains.sources import source_text
from scribe.figures import extract_figures
from scribe.settings import Settings
from vectorstore.catalog import Catalog

STRUCK = "〔未核实的数字已删去〕"
STRUCK_NOTE = "（回答中未能在资料中核实的数字已删去）"


def restored(answer: str, struck: list[str]) -> str:
    """The model's answer before the strike step: each struck marker replaced by the figure it removed."""
    text = answer.replace(STRUCK_NOTE, "")
    for surface in struck:
        text = text.replace(STRUCK, surface, 1)
    return text


def _cited(catalog: Catalog, file_name: str, quote: str) -> dict[str, Any] | None:
    for doc in catalog.list_documents():
        if doc.file_name != file_name:
            continue
        for chunk in catalog.document_chunks(doc.doc_id):
            if quote[:40] in chunk.text:
                return source_text(chunk, doc).model_dump()
    return None


def _figures(text: str) -> Iterator[tuple[str, int]]:
    seen: dict[str, int] = {}
    for fig in extract_figures(text):
        if fig.unit == "date":
            continue
        seen[fig.surface] = seen.get(fig.surface, 0) + 1
        yield fig.surface, seen[fig.surface]


def answer_rows(catalog: Catalog, row: dict[str, Any], model: str) -> Iterator[dict[str, Any]]:
    """One row per figure of a model's answer (its ``generated`` text, else the answer with struck figures restored)."""
    raw = row.get("generated")  # the model's own text, before any strike or fallback, where the run kept it
    if row.get("refused") or (row.get("fallback") and not raw):
        return
    text = raw or restored(row["answer"], row.get("struck", []))
    cited = [c for c in (_cited(catalog, q["file"], q["quote"]) for q in row["citations"]) if c is not None]
    doc = row["citations"][0]["file"] if row["citations"] else ""
    tag = "-".join(x for x in (row.get("model", model), row.get("policy")) if x)
    for surface, n in _figures(text):
        yield {
            "id": f"qa-{tag}-{row['id']}-{surface}-{n}",
            "qid": row["id"],
            "doc": doc,
            "origin": "qa",
            "model": row.get("model", model),
            "question": row["question"],
            "claim": text,
            "figure": surface,
            "occurrence": n,
            "cited": cited,
        }


def text_rows(row: dict[str, Any], k: int) -> Iterator[dict[str, Any]]:
    text = row["text"]
    if row["kind"] == "draft":
        doc = row.get("doc") or (row["sources"][0]["doc"] if row.get("sources") else "")
        path = [f"{row.get('period', '')}工作思路", row["section"]]  # a draft is a plan: its figures are targets
    else:
        doc, path = row["doc"], row["section_path"]
    for surface, n in _figures(text):
        yield {
            "id": f"{row['kind']}-{k}-{surface}-{n}",
            "doc": doc,
            "origin": row["kind"],
            "model": row["model"],
            "claim": text,
            "figure": surface,
            "occurrence": n,
            "section_path": path,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.datasets.cut_model_claims")
    parser.add_argument("--answers", type=Path, action="append", default=[])
    parser.add_argument("--texts", type=Path, action="append", default=[])
    parser.add_argument("--struck", action="append", default=[], help="ID=FIG[,FIG]: figures struck from answer ID")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    catalog = Catalog(Settings().catalog_path)
    struck = {k: v.split(",") for k, _, v in (s.partition("=") for s in args.struck)}
    rows: list[dict[str, Any]] = []
    for path in args.answers:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                answer = json.loads(line)
                answer.setdefault("struck", struck.get(answer["id"], []))
                rows += answer_rows(catalog, answer, args.model)
    for path in args.texts:
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                rows += text_rows(json.loads(line), k)
    seen: set[tuple[str, str, int]] = set()
    unique = []
    for r in rows:  # the same answer written again (another policy, the same model) is one claim, not two
        key = (r["claim"], r["figure"], r["occurrence"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in unique), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
