"""Run eval/devset/check_devset.py on eval/devset4, letting in the two files that are not UTF-8 text on purpose.

The stock validator takes only UTF-8 .txt/.md/.html. Part g's brief asks for exactly one .docx and one GBK .txt, so
this wrapper reads those two the way the brief defines their text (the .docx: its paragraphs and table cells; the
GBK file: its decoded text), applies the same 1,500-5,000 character rule, and then runs the stock checks unchanged.

    /work/main/.venv/bin/python eval/devset4/check_g.py [eval/devset4]
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "devset"))
sys.path.insert(0, str(HERE.parents[1]))

import check_devset as cd  # noqa: E402


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def load_corpus(corpus: Path, errors: list[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(corpus.iterdir()):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix == ".docx":
            text = docx_text(path)
        elif path.name.endswith("_gbk.txt"):
            text = path.read_bytes().decode("gbk")
        else:
            continue
        if not cd.MIN_CHARS <= len(text) <= cd.MAX_CHARS:
            errors.append(f"corpus/{path.name}: {len(text)} characters, outside {cd.MIN_CHARS}-{cd.MAX_CHARS}")
        try:
            ingested = cd.read_as_ingested(path)
        except Exception:  # the reference text above is what the brief defines
            ingested = ""
        texts[path.name] = text + "\n" + ingested
    # stock loader on the UTF-8 files only
    stock_errors: list[str] = []
    stock = _stock_load(corpus, stock_errors)
    errors += [e for e in stock_errors if not any(e.startswith(f"corpus/{n}:") for n in texts)]
    stock.update(texts)
    return stock


_stock_load = cd.load_corpus
cd.load_corpus = load_corpus

if __name__ == "__main__":
    sys.exit(cd.main(sys.argv[1:] or [str(HERE)]))
