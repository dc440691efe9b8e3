"""OFD readers compared on OFDs we build: our reader (``vectorstore/loaders/ofd.py``) and the PyPI parsers.

    python -m bench.eval_ofd_parsers [--python NAME=/path/to/venv/bin/python ...] [--runs 5] [--json]

Each candidate runs in the interpreter given for it (a throwaway venv it was installed into, so its dependencies
never reach ours); a candidate with no interpreter given is tried in this one; one that is not installed is listed
as skipped. The files: the 洞头 2024H1 report as a document system lays it out (``report_as_ofd``: 4 pages, text
objects written in reverse order, running header and ``— N —`` page numbers), and a two-page report with
full-width punctuation and digits, a column-laid indicator table and its header in a TemplatePage
(``indicator_report_ofd``). Measured per file: paragraphs found whole (whitespace ignored, known page furniture
taken out first), paragraphs in reading order, page furniture left, table rows read whole (cells in column order
on one line) or as sentences, full-width characters kept, pages, and the median time of ``--runs`` reads.

The results and the choice are written up in ``docs/ofd_parsers.md``.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from tests.support.office_docs import (
    INDICATOR_OFD_PAGE2,
    INDICATOR_OFD_TABLE,
    INDICATOR_OFD_TEXT,
    indicator_report_ofd,
    report_as_ofd,
)

ROOT = Path(__file__).resolve().parents[1]
FURNITURE = ("洞头区科学技术局文件", "— 1 —", "— 2 —", "— 3 —", "— 4 —", "— 5 —")
FULL_WIDTH = "，。；：、（）“”％０１２３４５６７８９"

# Each adapter prints JSON {"pages": [text, ...], "seconds": [...]} for the file given; run with its own python.
ADAPTERS = {
    "ours": """
import json, sys, time
from pathlib import Path
from vectorstore.loaders.ofd import ofd_to_text
path = Path(sys.argv[1]); data = path.read_bytes(); runs = int(sys.argv[2]); seconds = []
for _ in range(runs):
    t = time.perf_counter(); text, _ = ofd_to_text(path, data, 200 * 1024 * 1024); seconds.append(time.perf_counter() - t)
print(json.dumps({"pages": [text], "seconds": seconds}, ensure_ascii=False))
""",
    "ofdkit": """
import json, sys, time
import ofdkit
path = sys.argv[1]; runs = int(sys.argv[2]); seconds = []
for _ in range(runs):
    t = time.perf_counter()
    with ofdkit.open(path) as doc:
        pages = [page.text() for page in doc.pages]
    seconds.append(time.perf_counter() - t)
print(json.dumps({"pages": pages, "seconds": seconds}, ensure_ascii=False))
""",
    "easyofd": """
import io, json, logging, sys, time, contextlib
from loguru import logger
logger.remove()
with contextlib.redirect_stderr(io.StringIO()):
    from easyofd.ofd import OFD
path = sys.argv[1]; data = open(path, "rb").read(); runs = int(sys.argv[2]); seconds = []
for _ in range(runs):
    t = time.perf_counter(); ofd = OFD(); ofd.read(data, fmt="binary")
    pages = []
    for doc in ofd.data:  # easyofd has no text function: its text objects per page, in the order it gives them
        for number in sorted(doc["page_info"]):
            pages.append("\\n".join(o["text"] for o in doc["page_info"][number].get("text_list", [])))
    seconds.append(time.perf_counter() - t)
print(json.dumps({"pages": pages, "seconds": seconds}, ensure_ascii=False))
""",
    "ofdparser": """
import json, sys, time
from ofdparser import OfdParser
path = sys.argv[1]; runs = int(sys.argv[2]); seconds = []
for _ in range(runs):
    t = time.perf_counter(); result = OfdParser(path).get_text() if hasattr(OfdParser, "get_text") else None
    seconds.append(time.perf_counter() - t)
print(json.dumps({"pages": [str(result or "")], "seconds": seconds}, ensure_ascii=False))
""",
    "ofdreader": """
import json, sys, time
import ofdreader
print(json.dumps({"pages": [""], "seconds": [0.0], "note": "package has no reader: " + repr(dir(ofdreader))}))
""",
}


def _files(folder: Path) -> dict[str, tuple[Path, list[str], list[tuple[str, ...]], int]]:
    """name → (path, expected paragraphs, table rows, pages)."""
    text = (ROOT / "data" / "sample" / "dongtou_2024h1.txt").read_text(encoding="utf-8")
    report = folder / "dongtou_2024h1.ofd"
    report.write_bytes(report_as_ofd(text))
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    indicators = folder / "indicators.ofd"
    indicators.write_bytes(indicator_report_ofd())
    windows = folder / "windows_paths.ofd"  # the same file, its page paths written with backslashes
    windows.write_bytes(_backslash_paths(indicators.read_bytes()))
    table_file = ([*INDICATOR_OFD_TEXT, *INDICATOR_OFD_PAGE2], list(INDICATOR_OFD_TABLE[1:]), 2)
    return {
        f"dongtou_2024h1.ofd ({_pages(report)} pages)": (report, paragraphs, [], _pages(report)),
        "indicators.ofd (table, 全角, template)": (indicators, *table_file),
        "windows_paths.ofd (BaseLoc with \\)": (windows, *table_file),
    }


def _pages(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(1 for n in z.namelist() if n.startswith("Doc_0/Pages/") and n.endswith("Content.xml"))


def _backslash_paths(data: bytes) -> bytes:
    """Page locations as some Windows document systems write them (``Pages\\Page_0\\Content.xml``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            body = src.read(name)
            if name.endswith("Document.xml"):
                body = re.sub(rb'BaseLoc="Pages/(Page_\d+)/Content.xml"', rb'BaseLoc="Pages\\\1\\Content.xml"', body)
            dst.writestr(name, body)
    return out.getvalue()


def _compact(text: str) -> str:
    for noise in FURNITURE:
        text = text.replace(noise, "")
    return "".join(text.split())


def score(pages: list[str], paragraphs: list[str], rows: list[tuple[str, ...]], n_pages: int) -> dict[str, object]:
    joined = "\n".join(pages)
    compact = _compact(joined)
    places = [compact.find("".join(p.split())) for p in paragraphs]
    found = [p for p in places if p >= 0]
    in_order = sum(1 for a, b in itertools.pairwise(found) if a < b)
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    whole = 0
    sentences = 0
    for row in rows:
        if any(_in_order(line, row) for line in lines):
            whole += 1
        label, *values = row
        if any(line.startswith(label) and all(v in line for v in values) and "，" in line for line in lines):
            sentences += 1
    source_fw = sum("".join(paragraphs).count(ch) for ch in FULL_WIDTH)
    kept_fw = min(source_fw, sum(compact.count(ch) for ch in FULL_WIDTH))
    return {
        "paragraphs": f"{len(found)}/{len(paragraphs)}",
        "in_order": f"{in_order}/{max(len(found) - 1, 0)}",
        "furniture_left": sum(joined.count(noise) for noise in FURNITURE),
        "table_rows_whole": f"{whole}/{len(rows)}" if rows else "–",
        "table_sentences": f"{sentences}/{len(rows)}" if rows else "–",
        "full_width_kept": f"{kept_fw}/{source_fw}",
        "pages": f"{len(pages)}/{n_pages}" if len(pages) > 1 else ("one text" if compact else "0"),
    }


def _in_order(line: str, cells: tuple[str, ...]) -> bool:
    at = 0
    for cell in cells:
        found = line.find(cell, at)
        if found < 0:
            return False
        at = found + len(cell)
    return line.count(" ") >= len(cells) - 1 or "\t" in line


def run(candidates: dict[str, str], runs: int, baseline: str | None = None) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="ofd-eval-") as tmp:
        files = _files(Path(tmp))
        jobs = [(name, name, python, None) for name, python in candidates.items()]
        if baseline:  # our reader as another checkout has it (e.g. before a change)
            jobs.insert(1, (f"ours ({Path(baseline).name})", "ours", sys.executable, baseline))
        for name, adapter, python, pythonpath in jobs:
            env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else None
            for label, (path, paragraphs, rows, n_pages) in files.items():
                row: dict[str, object] = {"candidate": name, "file": label}
                done = subprocess.run(
                    [python, "-c", ADAPTERS[adapter], str(path), str(runs)],
                    capture_output=True, text=True, timeout=600, cwd=pythonpath or ROOT, check=False, env=env,
                )  # fmt: skip
                if done.returncode != 0:
                    last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
                    row["error"] = last[:160]
                    out.append(row)
                    continue
                result = json.loads(done.stdout.strip().splitlines()[-1])
                row.update(score(result["pages"], paragraphs, rows, n_pages))
                row["median_ms"] = round(1000 * statistics.median(result["seconds"]), 1)
                if "note" in result:
                    row["error"] = result["note"][:160]
                out.append(row)
    return out


def _installed(python: str, module: str) -> bool:
    done = subprocess.run([python, "-c", f"import {module}"], capture_output=True, timeout=120, check=False)
    return done.returncode == 0 or module == "ofdparser"  # ofdparser installs but fails on import: show why


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", action="append", default=[], help="NAME=interpreter for a candidate")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--baseline", help="another checkout whose OFD reader to run too (e.g. /work/main)")
    args = parser.parse_args(argv)
    given = dict(item.split("=", 1) for item in args.python)
    candidates = {"ours": sys.executable}
    for name in ("ofdkit", "easyofd", "ofdparser", "ofdreader"):
        python = given.get(name, sys.executable)
        module = "easyofd.ofd" if name == "easyofd" else name
        if Path(python).exists() and _installed(python, module):
            candidates[name] = python
        else:
            sys.stdout.write(f"skipped {name}: nothing to import ({module}) with {python}\n")
    started = time.perf_counter()
    rows = run(candidates, args.runs, args.baseline)
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    keys = ["candidate", "file", "paragraphs", "in_order", "furniture_left", "table_rows_whole", "table_sentences",
            "full_width_kept", "pages", "median_ms", "error"]  # fmt: skip
    sys.stdout.write("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys) + "\n")
    for row in rows:
        sys.stdout.write("| " + " | ".join(str(row.get(k, "")) for k in keys) + " |\n")
    sys.stdout.write(f"\n({time.perf_counter() - started:.1f} s)\n")


if __name__ == "__main__":
    main()
