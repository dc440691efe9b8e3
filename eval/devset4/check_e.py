"""Validate part e of devset4 with eval/devset/check_devset.py.

    /work/main/.venv/bin/python eval/devset4/check_e.py

The validator accepts only UTF-8 .txt/.md/.html, so part e's two deliberate exceptions cannot be checked in place:
``e_tangshan_gxq_2024.docx`` (a Word file) and ``e_longde_2024_gbk.txt`` (GBK). This script copies the e_* corpus
into a temporary folder, writes the .docx as UTF-8 text (each paragraph and each table cell on its own line, so an
evidence must be a span of one paragraph or one cell) and the GBK file decoded to UTF-8, points qa_e.jsonl at the
staged names, and runs the unchanged validator on that folder. Nothing in eval/devset4 is modified.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VALIDATOR = REPO / "eval" / "devset" / "check_devset.py"


def docx_text(path: Path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts) + "\n"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="devset4e_") as tmp:
        out = Path(tmp)
        (out / "corpus").mkdir()
        renamed: dict[str, str] = {}
        for path in sorted((HERE / "corpus").glob("e_*")):
            if path.suffix == ".docx":
                new = path.name + ".txt"
                (out / "corpus" / new).write_text(docx_text(path), encoding="utf-8")
                renamed[path.name] = new
            elif path.name.endswith("_gbk.txt"):
                (out / "corpus" / path.name).write_text(path.read_bytes().decode("gbk"), encoding="utf-8")
            else:
                shutil.copy(path, out / "corpus" / path.name)
        lines = []
        for line in (HERE / "qa_e.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            row["doc"] = renamed.get(row["doc"], row["doc"])
            if "docs" in row:
                row["docs"] = [renamed.get(d, d) for d in row["docs"]]
            lines.append(json.dumps(row, ensure_ascii=False))
        (out / "qa_e.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return subprocess.call([sys.executable, str(VALIDATOR), str(out)], cwd=REPO)


if __name__ == "__main__":
    sys.exit(main())
