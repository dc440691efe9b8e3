"""The 洞头 2024H1 report in every format bureaus keep it in — Word with automatic numbering and page furniture,
PDF exported by LibreOffice, .doc / .odt / .rtf / .wps, OFD, a scan — ingested into a real store: the same section
paths as the .txt, no page furniture in any chunk, and the R&D question answered with verified figures.

LibreOffice (``soffice``) and tesseract build and read some of these; the tests that need them skip only where
they are not installed (``.ci/run`` installs both).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chains.qa import QAChain
from scribe.errors import IngestError
from tests.conftest import SAMPLE_DIR, make_settings
from tests.support.office_docs import (
    BORDERLESS_DOC,
    INDICATOR_DOC,
    SOFFICE,
    TABLE_SENTENCE,
    indicator_report_ofd,
    indicator_workbook,
    report_in_every_format,
    scan_pdf,
    soffice_convert,
)
from vectorstore.ingest import IngestStatus, ingest_paths
from vectorstore.loaders import load_file
from vectorstore.loaders.ocr import available_languages
from vectorstore.loaders.office import calc_installed
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store

pytestmark = pytest.mark.integration
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here")
needs_calc = pytest.mark.skipif(  # Debian ships LibreOffice's spreadsheet part apart; CI installs it
    (SOFFICE is None or not calc_installed(SOFFICE)) and os.environ.get("CI") != "true",
    reason="LibreOffice Calc (libreoffice-calc-nogui) is not installed here",
)
needs_ocr = pytest.mark.skipif(  # CI installs tesseract: there a missing one fails the OCR tests instead
    not {"chi_sim", "eng"} <= available_languages() and os.environ.get("CI") != "true",
    reason="tesseract with chi_sim is not installed here",
)

QUESTION = "洞头区上半年规上工业研发费用是多少？"
FURNITURE = ("页共", "洞头区科学技术局文件", "— 1 —", "— 2 —")
MB = 1024 * 1024


def load(path: Path) -> str:
    return load_file(path, max_bytes=60 * MB, max_unzipped_bytes=200 * MB).text


@pytest.fixture(scope="session")
def dongtou_formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """dongtou_2024h1 as .txt, numbered .docx, OFD and (where LibreOffice is installed) .pdf .doc .odt .rtf .wps."""
    text = (SAMPLE_DIR / "dongtou_2024h1.txt").read_text(encoding="utf-8")
    return report_in_every_format(text, tmp_path_factory.mktemp("dongtou-formats"))


@pytest.fixture(scope="session")
def stores(
    dongtou_formats: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, use_embeddings: object
) -> Iterator[dict[str, Store]]:
    """One store per format, each holding only that file."""
    out: dict[str, Store] = {}
    for fmt, path in dongtou_formats.items():
        store = Store(make_settings(tmp_path_factory.mktemp(f"store-{fmt}")), embeddings=use_embeddings)  # type: ignore[arg-type]
        summary = ingest_paths(store, [path])
        assert [r.status for r in summary.results] == [IngestStatus.ADDED], (fmt, summary.results)
        out[fmt] = store
    yield out
    for store in out.values():
        store.close()


def _sections(store: Store) -> list[str]:
    doc = store.catalog.list_documents()[0]
    return list(dict.fromkeys(c.section_label for c in store.catalog.document_chunks(doc.doc_id)))


FORMATS = [
    "docx",
    "docx-textbox",
    "ofd",
    pytest.param("pdf", marks=needs_soffice),
    pytest.param("doc", marks=needs_soffice),
    pytest.param("odt", marks=needs_soffice),
    pytest.param("rtf", marks=needs_soffice),
    pytest.param("wps", marks=needs_soffice),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_sections_of_the_text_version(stores: dict[str, Store], fmt: str) -> None:
    expected = _sections(stores["txt"])
    assert len(expected) >= 12
    assert _sections(stores[fmt]) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_page_furniture_reaches_a_chunk(stores: dict[str, Store], fmt: str) -> None:
    store = stores[fmt]
    doc = store.catalog.list_documents()[0]
    for chunk in store.catalog.document_chunks(doc.doc_id):
        for noise in FURNITURE:
            assert noise not in chunk.text, (fmt, noise, chunk.text[:80])
    assert doc.meta.bureau == "洞头区科学技术局"


@pytest.mark.parametrize("fmt", ["txt", *FORMATS])
def test_the_rd_question_is_answered_with_verified_figures(stores: dict[str, Store], fmt: str) -> None:
    store = stores[fmt]
    answer = QAChain(HybridRetriever(store, store.settings)).ask(QUESTION)
    assert not answer.refused, fmt
    for figure in ("6099.1万元", "17.7%", "前3"):
        assert figure in answer.text, (fmt, answer.text)
    assert answer.verdicts and answer.clean, (fmt, answer.verdicts)
    assert answer.citations[0].section_path[0] == "一、上半年科技创新工作进展"


# --- Word tables and PDF tables ------------------------------------------------------------------------------------


def test_a_word_table_reaches_the_ledger_with_its_metric(tmp_path: Path, use_embeddings: object) -> None:
    path = tmp_path / "indicators.docx"
    path.write_bytes(INDICATOR_DOC.build())
    assert TABLE_SENTENCE in load(path).split("\n")
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    try:
        assert not ingest_paths(store, [path]).failed
        doc = store.catalog.resolve("indicators.docx")
        rows = store.catalog.figure_rows(doc_id=doc.doc_id, metric_like="规上工业研发费用")
        assert any(row["surface"] == "6099.1万元" for row in rows), rows
        answer = QAChain(HybridRetriever(store, store.settings)).ask(QUESTION)
        assert "6099.1万元" in answer.text and answer.clean, answer.text
    finally:
        store.close()


@pytest.fixture(scope="session")
def indicator_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The indicator table in every format: a Word table ruled and borderless, its PDF / .odt / .doc exports
    (LibreOffice), an Excel sheet as .xlsx and .xls, and an OFD with the cells laid in columns."""
    folder = tmp_path_factory.mktemp("indicator-formats")
    out: dict[str, Path] = {"docx": folder / "indicators.docx", "xlsx": folder / "sheet" / "indicators.xlsx"}
    out["docx"].write_bytes(INDICATOR_DOC.build())
    out["xlsx"].parent.mkdir()
    out["xlsx"].write_bytes(indicator_workbook())
    out["ofd"] = folder / "indicators.ofd"
    out["ofd"].write_bytes(indicator_report_ofd())
    if SOFFICE:
        for ext in ("pdf", "odt", "doc"):
            out[ext] = soffice_convert(out["docx"], ext, folder)
        borderless = folder / "borderless" / "indicators.docx"
        borderless.parent.mkdir()
        borderless.write_bytes(BORDERLESS_DOC.build())
        out["pdf-borderless"] = soffice_convert(borderless, "pdf", borderless.parent)
        if calc_installed(SOFFICE) or os.environ.get("CI") == "true":
            out["xls"] = soffice_convert(out["xlsx"], "xls", out["xlsx"].parent, filter_name="MS Excel 97")
    return out


INDICATOR_FORMATS = [
    "docx",
    "xlsx",
    "ofd",
    pytest.param("pdf", marks=needs_soffice),
    pytest.param("pdf-borderless", marks=needs_soffice),
    pytest.param("odt", marks=needs_soffice),
    pytest.param("doc", marks=needs_soffice),
    pytest.param("xls", marks=[needs_soffice, needs_calc]),
]


@pytest.mark.parametrize("fmt", INDICATOR_FORMATS)
def test_an_indicator_table_reaches_the_ledger_with_its_metric_names_in_every_format(
    indicator_files: dict[str, Path], tmp_path: Path, use_embeddings: object, fmt: str
) -> None:
    path = indicator_files[fmt]
    text = load(path)
    assert TABLE_SENTENCE in text.split("\n"), (fmt, text)
    assert not any(noise in text for noise in FURNITURE), (fmt, text)
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    try:
        assert not ingest_paths(store, [path]).failed
        doc = store.catalog.list_documents()[0]
        rows = store.catalog.figure_rows(doc_id=doc.doc_id)
        by_surface = {r["surface"]: r["metric"] for r in rows}
        for surface, metric in (("6099.1万元", "规上工业研发费用"), ("1.55亿元", "高新技术产业投资额")):
            assert metric in str(by_surface.get(surface)), (fmt, surface, by_surface)
        answer = QAChain(HybridRetriever(store, store.settings)).ask(QUESTION)
        for figure in ("6099.1万元", "17.7%", "前3"):
            assert figure in answer.text, (fmt, answer.text)
        assert answer.verdicts and answer.clean, (fmt, answer.verdicts)
    finally:
        store.close()


@needs_soffice
def test_a_borderless_table_in_a_pdf_has_no_ruling_lines_yet_reads_as_sentences(
    indicator_files: dict[str, Path],
) -> None:
    import pdfplumber

    with pdfplumber.open(indicator_files["pdf-borderless"]) as pdf:
        assert not pdf.pages[0].find_tables()  # nothing for a ruled-table finder to find
    lines = load(indicator_files["pdf-borderless"]).split("\n")
    assert lines[4:7] == [
        "规上工业研发费用完成值6099.1万元，增速17.7%，排名预计全市前3。",
        "高新技术产业投资额完成值1.55亿元，增速33.5%，排名全市第7。",
        "技术合同交易额完成值2.36亿元，增速41.2%，排名全市第2。",
    ]
    assert lines[7:] == ["二、存在问题", "规上工业研发投入后劲不足。"]


@needs_soffice
def test_pdf_tables_read_like_word_tables_and_lose_their_page_furniture(tmp_path: Path) -> None:
    source = tmp_path / "indicators.docx"
    source.write_bytes(INDICATOR_DOC.build())
    lines = load(soffice_convert(source, "pdf", tmp_path)).split("\n")
    assert lines[:4] == [
        "洞头区科学技术局2024年上半年工作总结",
        "一、上半年科技创新工作进展",
        "（一）科技创新核心指标情况",
        "1-5月主要指标完成情况如下：",
    ]
    assert TABLE_SENTENCE in lines
    assert not any("页共" in line or line == "洞头区科学技术局文件" for line in lines)


@needs_soffice
def test_pdf_keeps_a_two_line_title_whole_and_quotes_in_place(dongtou_formats: dict[str, Path]) -> None:
    text = load(dongtou_formats["pdf"])
    lines = text.split("\n")
    assert lines[0] == "洞头区科学技术局2024年上半年工作总结及下半年工作思路"  # set in 22 pt over two lines
    assert "全力冲刺“半场”,确保实现“全年红”" in text
    assert "6099.1万元" in text and "6099.1 万元" not in text


# --- LibreOffice missing, scans -----------------------------------------------------------------------------------


def test_without_libreoffice_a_doc_is_refused_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.doc"
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no soffice on this PATH
    with pytest.raises(IngestError) as info:
        load(target)
    assert info.value.path == str(target)
    assert "apt-get install libreoffice-writer-nogui" in info.value.reason and "另存为 .docx" in info.value.reason


@needs_soffice
def test_a_damaged_doc_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "broken.doc"
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 2000)
    with pytest.raises(IngestError) as info:
        load(target)
    assert "broken.doc" in str(info.value)


@needs_soffice
def test_a_scan_with_only_a_watermark_is_refused_without_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = scan_pdf(tmp_path, "扫描全能王 创建")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no tesseract on this PATH
    with pytest.raises(IngestError) as info:
        load(target)
    assert info.value.path == str(target)
    assert "没有文字层" in info.value.reason and "tesseract-ocr-chi-sim" in info.value.reason


@needs_soffice
@needs_ocr
def test_a_scan_is_read_by_ocr_and_never_as_its_watermark(tmp_path: Path, use_embeddings: object) -> None:
    target = scan_pdf(tmp_path, "扫描全能王 创建")
    loaded = load_file(target, max_bytes=60 * MB, max_unzipped_bytes=200 * MB)
    assert loaded.ocr
    assert "扫描全能王" not in loaded.text
    compact = "".join(loaded.text.split())
    assert "规上工业研发" in compact and "6099.1万元" in compact, loaded.text
    assert "二、存在问题" in loaded.text.split("\n")
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    try:
        result = ingest_paths(store, [target]).results[0]
        assert result.status is IngestStatus.ADDED and "OCR" in result.message, result
        _check_ocr_marks(store, target)
    finally:
        store.close()


@needs_soffice
@needs_ocr
def test_a_scanned_table_is_read_by_ocr_as_table_sentences(tmp_path: Path, use_embeddings: object) -> None:
    target = scan_pdf(tmp_path, None, BORDERLESS_DOC)
    lines = load(target).split("\n")
    assert "规上工业研发费用完成值6099.1万元，增速17.7%，排名预计全市前3。" in lines, lines
    assert "高新技术产业投资额完成值1.55亿元，增速33.5%，排名全市第7。" in lines, lines
    store = Store(make_settings(tmp_path / "data"), embeddings=use_embeddings)  # type: ignore[arg-type]
    try:
        assert not ingest_paths(store, [target]).failed
        rows = store.catalog.figure_rows(metric_like="规上工业研发费用完成值")
        assert any(r["surface"] == "6099.1万元" and r["ocr"] == 1 for r in rows), rows
    finally:
        store.close()


def _check_ocr_marks(store: Store, target: Path) -> None:
    """A scan's chunks, ledger rows and the verdicts judged against them all say the text was read by OCR."""
    from scribe.app.frames.indicators import OCR_LABEL, ledger_frame
    from scribe.figures import verify
    from scribe.figures.models import OCR_NOTE
    from vectorstore.sources import load_sources

    doc = store.catalog.resolve(target.name)
    chunks = store.catalog.document_chunks(doc.doc_id)
    assert chunks and all(c.ocr for c in chunks)
    assert store.dense.ids({"ocr": True}) == {c.chunk_id for c in chunks}  # Chroma's chunk metadata too
    rows = store.catalog.figure_rows(doc_id=doc.doc_id)
    assert rows and all(r["ocr"] == 1 for r in rows)
    frame = ledger_frame(rows, [doc])
    assert set(frame["核对"]) == {OCR_LABEL}
    answer = QAChain(HybridRetriever(store, store.settings)).ask(QUESTION)
    assert "6099.1万元" in answer.text, answer.text
    cited = [v for v in answer.verdicts if v.figure.surface == "6099.1万元"]
    assert cited and cited[0].label == "supported" and cited[0].ocr and OCR_NOTE in cited[0].reason, cited
    (verdict,) = verify("洞头区上半年规上工业研发费用6099.1万元", load_sources(target))  # scribe check --sources
    assert verdict.label == "supported" and verdict.ocr and verdict.reason.endswith(f"（{OCR_NOTE}）"), verdict


def test_figures_of_a_text_file_are_not_marked_as_ocr(tmp_path: Path) -> None:
    from scribe.figures import verify
    from vectorstore.sources import load_sources

    (verdict,) = verify("洞头区1-5月规上工业研发费用完成6099.1万元", load_sources(SAMPLE_DIR / "dongtou_2024h1.txt"))
    assert verdict.label == "supported" and not verdict.ocr and "OCR" not in verdict.reason


# --- folders ------------------------------------------------------------------------------------------------------


def test_a_folder_of_only_unsupported_files_fails_naming_each(tmp_path: Path) -> None:
    from scribe.cli import app

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "old.et").write_bytes(b"\xd0\xcf\x11\xe0")
    result = CliRunner().invoke(app, ["ingest", str(folder)], env={"SCRIBE_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 1, result.output
    output = result.output
    assert "scan.jpg" in output and "不支持的文件类型 .jpg" in output
    assert "old.et" in output and "另存为 .xlsx" in output
    assert "没有可入库的文件" in output
