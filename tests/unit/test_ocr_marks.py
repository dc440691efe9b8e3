"""Figures read by OCR are marked: the verdicts judged against an OCR'd source, and the catalog columns that carry
the flag from chunks to ledger rows (also in a catalog written before the flag existed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scribe.figures import SourceText, verify
from scribe.figures.models import OCR_NOTE
from vectorstore.catalog import Catalog

SENTENCE = "1-5月，规上工业研发费用完成6099.1万元，增速17.7%，预计全市前3。"


def test_a_figure_judged_against_an_ocr_source_says_so_and_keeps_its_label() -> None:
    plain = SourceText(source_id="typed", text=SENTENCE, bureau="洞头区科学技术局")
    scanned = plain.model_copy(update={"source_id": "scan", "ocr": True})
    claim = "洞头区1-5月规上工业研发费用完成6099.1万元，增速17.7%"
    typed, scan = verify(claim, [plain]), verify(claim, [scanned])
    assert [v.label for v in scan] == [v.label for v in typed] == ["supported", "supported"]
    assert not any(v.ocr for v in typed)
    assert all(v.ocr and v.reason == f"{t.reason}（{OCR_NOTE}）" for v, t in zip(scan, typed, strict=True))
    wrong = verify("洞头区1-5月规上工业研发费用完成6199.1万元", [scanned])
    assert wrong[0].label == "contradicted" and wrong[0].ocr  # a misread source may be why it disagrees


def test_an_older_catalog_gains_the_ocr_columns(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    Catalog(path).close()
    with sqlite3.connect(path) as conn:  # as a catalog from before the flag
        conn.execute("ALTER TABLE chunks DROP COLUMN ocr")
        conn.execute("ALTER TABLE figures DROP COLUMN ocr")
    catalog = Catalog(path)
    try:
        for table in ("chunks", "figures"):
            columns = {r[1] for r in catalog._query(f"PRAGMA table_info({table})")}
            assert "ocr" in columns, table
    finally:
        catalog.close()
