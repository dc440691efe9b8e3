"""Validate the development set (run it with the repo on the path: it reads each file as ingestion does).

    python eval/devset/check_devset.py [FOLDER]
    python eval/devset/check_devset.py --show FILE     # print one file as ingestion reads it (to quote evidence)

Checks a development set folder (default: this one) — its corpus (FOLDER/corpus/) and its questions (every
FOLDER/qa*.jsonl, e.g. eval/devset/qa_dev.jsonl, or eval/devset2/qa_a.jsonl and qa_b.jsonl):

* every corpus file is .txt/.md/.html (UTF-8, or a .txt in GBK, as bureaus' files often are), .docx or a text PDF, with
  1,500-5,000 characters as ingestion reads it;
* every question line is a JSON object with exactly the seed keys
  (id, doc, question, answer, figures, evidence, type), plus ``docs`` and
  ``evidence2`` for comparison questions and nothing else;
* ids are unique, types are one of figure | plan_target | problem | list | unanswerable;
* ``doc`` names a corpus file ("" is allowed only for unanswerable questions);
* unanswerable: answer is exactly 无法从资料中找到, figures == [], evidence == "";
* answerable: evidence is a verbatim substring of the document (as is, or as ingestion reads it) and every figure
  is a verbatim substring of the evidence (comparison: of evidence or evidence2);
  figure / plan_target questions carry at least one figure;
* comparison: docs == [doc, other], evidence2 is a verbatim substring of the other
  document, and each of the two evidences holds at least one of the figures;
* every corpus file is used by at least one question; no question text is repeated.

Prints counts and exits 1 on any violation.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

TYPES = ("figure", "plan_target", "problem", "list", "unanswerable")
NA = "无法从资料中找到"
BASE_KEYS = {"id", "doc", "question", "answer", "figures", "evidence", "type"}
COMPARE_KEYS = {"docs", "evidence2"}
EXTS = {".txt", ".md", ".html", ".docx", ".pdf"}
BINARY_EXTS = {".docx", ".pdf"}
MIN_CHARS, MAX_CHARS = 1500, 5000


def read_as_ingested(path: Path) -> str:
    from vectorstore.loaders import load_file

    return load_file(path, max_bytes=1 << 26, max_unzipped_bytes=1 << 28).text


def verbatim_in(evidence: str, text: str) -> bool:
    """As is, or — a table row quoted as ingestion read its 单位 column before session 13 — in today's reading."""
    from eval.qa_eval import current_reading

    now = current_reading(evidence)
    return evidence in text or (now is not None and now in text)


def load_corpus(corpus: Path, errors: list[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    if not corpus.is_dir():
        errors.append(f"missing corpus folder {corpus}")
        return texts
    for path in sorted(corpus.iterdir()):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix not in EXTS:
            errors.append(f"corpus/{path.name}: extension not in {sorted(EXTS)}")
            continue
        ingested = read_as_ingested(path)
        if path.suffix in BINARY_EXTS:
            text = ingested
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                try:
                    text = path.read_bytes().decode("gbk")
                except UnicodeDecodeError:
                    errors.append(f"corpus/{path.name}: neither UTF-8 nor GBK")
                    continue
                if path.suffix != ".txt":
                    errors.append(f"corpus/{path.name}: only a .txt may be GBK")
        if not MIN_CHARS <= len(text) <= MAX_CHARS:
            errors.append(f"corpus/{path.name}: {len(text)} characters, outside {MIN_CHARS}-{MAX_CHARS}")
        # evidence is verbatim in the file, or in the file as ingestion reads it (a typed table as sentences)
        texts[path.name] = text + "\n" + ingested
    return texts


def check_row(n: int, row: object, texts: dict[str, str], errors: list[str]) -> dict | None:
    where = f"line {n}"
    if not isinstance(row, dict):
        errors.append(f"{where}: not a JSON object")
        return None
    where = f"line {n} ({row.get('id', '?')})"
    keys = set(row)
    missing = BASE_KEYS - keys
    if missing:
        errors.append(f"{where}: missing keys {sorted(missing)}")
        return None
    extra = keys - BASE_KEYS
    is_compare = bool(extra)
    if extra and extra != COMPARE_KEYS:
        errors.append(f"{where}: unexpected keys {sorted(extra)} (only docs+evidence2 together may be added)")
        return None
    for k in ("id", "doc", "question", "answer", "evidence", "type"):
        if not isinstance(row[k], str):
            errors.append(f"{where}: {k} must be a string")
            return None
    if not isinstance(row["figures"], list) or not all(isinstance(f, str) and f for f in row["figures"]):
        errors.append(f"{where}: figures must be a list of non-empty strings")
        return None
    t, doc = row["type"], row["doc"]
    if t not in TYPES:
        errors.append(f"{where}: type {t!r} not in {TYPES}")
    if not row["question"].strip():
        errors.append(f"{where}: empty question")
    if doc and doc not in texts:
        errors.append(f"{where}: doc {doc!r} is not a file in corpus/")
        return row
    if t == "unanswerable":
        if is_compare:
            errors.append(f"{where}: unanswerable question must not carry docs/evidence2")
        if row["answer"] != NA:
            errors.append(f"{where}: unanswerable answer must be exactly {NA}")
        if row["figures"]:
            errors.append(f"{where}: unanswerable figures must be []")
        if row["evidence"] != "":
            errors.append(f"{where}: unanswerable evidence must be empty")
        return row
    if not doc:
        errors.append(f"{where}: doc may be empty only for unanswerable questions")
        return row
    if not row["answer"].strip() or row["answer"] == NA:
        errors.append(f"{where}: answerable question needs a real answer")
    ev = row["evidence"]
    if not ev:
        errors.append(f"{where}: empty evidence")
    elif not verbatim_in(ev, texts[doc]):
        errors.append(f"{where}: evidence is not a verbatim substring of {doc}")
    if t in ("figure", "plan_target") and not row["figures"]:
        errors.append(f"{where}: {t} question needs at least one figure")
    if not is_compare:
        for fig in row["figures"]:
            if fig not in ev:
                errors.append(f"{where}: figure {fig!r} not in evidence")
        return row
    docs, ev2 = row["docs"], row["evidence2"]
    if not (isinstance(docs, list) and len(docs) == 2 and all(isinstance(d, str) for d in docs)):
        errors.append(f"{where}: docs must be a list of two file names")
        return row
    if docs[0] != doc:
        errors.append(f"{where}: docs[0] must equal doc")
    if docs[1] == docs[0]:
        errors.append(f"{where}: docs must name two different files")
    if docs[1] not in texts:
        errors.append(f"{where}: docs[1] {docs[1]!r} is not a file in corpus/")
        return row
    if not isinstance(ev2, str) or not ev2:
        errors.append(f"{where}: evidence2 must be a non-empty string")
        return row
    if not verbatim_in(ev2, texts[docs[1]]):
        errors.append(f"{where}: evidence2 is not a verbatim substring of {docs[1]}")
    for fig in row["figures"]:
        if fig not in ev and fig not in ev2:
            errors.append(f"{where}: figure {fig!r} in neither evidence nor evidence2")
    if not any(f in ev for f in row["figures"]) or not any(f in ev2 for f in row["figures"]):
        errors.append(f"{where}: each of evidence and evidence2 must hold at least one figure")
    return row


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--show"] and len(args) == 2:
        print(read_as_ingested(Path(args[1])))
        return 0
    folder = Path(args[0]).resolve() if args else HERE
    errors: list[str] = []
    texts = load_corpus(folder / "corpus", errors)
    rows: list[dict] = []
    files = sorted(folder.glob("qa*.jsonl"))
    if not files:
        errors.append(f"no qa*.jsonl in {folder}")
    for qa in files:
        for n, line in enumerate(qa.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                errors.append(f"{qa.name} line {n}: blank line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{qa.name} line {n}: invalid JSON ({exc})")
                continue
            checked = check_row(n, row, texts, errors)
            if checked is not None:
                rows.append(checked)

    ids = Counter(r["id"] for r in rows)
    errors += [f"duplicate id {i!r} ({c}x)" for i, c in ids.items() if c > 1]
    questions = Counter(r["question"] for r in rows)
    errors += [f"duplicate question {q!r}" for q, c in questions.items() if c > 1]
    used = {r["doc"] for r in rows} | {d for r in rows for d in r.get("docs", [])}
    errors += [f"corpus/{name}: not used by any question" for name in texts if name not in used]

    by_type = Counter(r["type"] for r in rows)
    compare = sum(1 for r in rows if "docs" in r)
    no_doc = sum(1 for r in rows if r["doc"] == "")
    print(
        f"corpus files: {len(texts)} ({', '.join(f'{k} {v}' for k, v in sorted(Counter(Path(n).suffix for n in texts).items()))})"
    )
    if texts:
        sizes = sorted(len(t) for t in texts.values())
        print(f"corpus characters: min {sizes[0]}, max {sizes[-1]}, total {sum(sizes)}")
    print(f"questions: {len(rows)}")
    for t in TYPES:
        share = 100 * by_type[t] / len(rows) if rows else 0
        print(f"  {t:<13} {by_type[t]:>4}  ({share:.1f}%)")
    print(f"  of which comparison (docs+evidence2): {compare}")
    print(f"  of which single-doc figure: {by_type['figure'] - compare}")
    print(f'  of which unanswerable about a bureau not in the corpus (doc ""): {no_doc}')
    per_doc = Counter(d for r in rows for d in ({r["doc"]} | set(r.get("docs", []))) if d)
    if per_doc:
        print(f"questions per document: min {min(per_doc.values())}, max {max(per_doc.values())}")
    if errors:
        print(f"\n{len(errors)} violation(s):")
        for e in errors:
            print(f"  - {e}")
        return 1
    print("\nOK: no violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
