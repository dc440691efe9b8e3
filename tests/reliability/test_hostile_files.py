"""A batch of hostile files, generated here, ingested in a child process whose peak memory and time are measured.

Each file gives a clear per-file error or a correct ingest; the good files of the batch go in; failures leave
nothing behind (doctor consistent, no vector or chunk from a failed file).
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from bench.make_corpus import build
from tests.conftest import SAMPLE_DIR, make_settings
from tests.reliability.helpers import child_env, fresh_store, peak_memory_run
from tests.support.openai_server import OpenAIServer
from vectorstore.doctor import check
from vectorstore.ingest import doc_id_for

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

MB = 1024 * 1024
LONG_NAME = "r" * 216 + ".txt"  # 220 bytes: near the 255-byte limit of a file name
CHILD = """
import time
from pathlib import Path
from scribe.settings import Settings
from vectorstore.ingest import ingest_paths
from vectorstore.store import Store
paths = [Path(p) for p in Path({listing!r}).read_text(encoding='utf-8').splitlines()]
store = Store(Settings())
import resource
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
marks = []
summary = ingest_paths(store, paths, progress=lambda name, n, total: marks.append(time.perf_counter()))
slowest = max((b - a for a, b in zip(marks, marks[1:])), default=0.0)
result = {{'results': [r.model_dump(mode='json') for r in summary.results], 'seconds': summary.seconds,
          'slowest_file_s': round(slowest, 2), 'baseline_rss_mb': round(baseline, 1)}}
"""

# name → (status, word in the message); "added" files must also be searchable afterwards
EXPECTED: dict[str, tuple[str, str]] = {
    "zero.txt": ("failed", "文件为空"),
    "blank.md": ("failed", "空白"),
    "binary.txt": ("failed", "二进制"),
    "truncated.docx": ("failed", "损坏"),
    "bomb.docx": ("failed", "压缩炸弹"),
    "encrypted.pdf": ("failed", "加密"),
    "image_only.pdf": ("failed", "没有文字层"),
    "padded_50mb.txt": ("added", ""),
    "mixed_encoding.txt": ("added", ""),
    "back\\slash..name.txt": ("added", ""),
    "..dotdot.txt": ("added", ""),
    LONG_NAME: ("added", ""),
    "洞头区科技局（终稿）·2024 上半年.txt": ("added", ""),
    "copy_of_long.txt": ("duplicate", "内容相同"),
    "all_tables.docx": ("added", ""),
    "no_headings.txt": ("added", ""),
}


def _docx_bytes(build_doc: object = None) -> bytes:
    document = docx.Document()
    if callable(build_doc):
        build_doc(document)
    else:
        document.add_paragraph("一、工作进展")
        document.add_paragraph("新增科技型中小企业19家。" * 20)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _bomb(path: Path, unzipped_mb: int) -> None:
    """A valid docx whose document.xml inflates to ``unzipped_mb`` (a few hundred KB on disk)."""
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, src.read(info.filename))
        head, _, _ = src.read("word/document.xml").partition(b"<w:body>")
        with out.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(head + b"<w:body>")
            block = b"<w:p><w:r><w:t>" + "炸".encode() * 1000 + b"</w:t></w:r></w:p>" * 1
            for _ in range(unzipped_mb * MB // len(block) + 1):
                xml.write(block)
            xml.write(b"</w:body></w:document>")


def _tables(document: object) -> None:
    table = document.add_table(rows=1, cols=3)  # type: ignore[attr-defined]
    for cell, text in zip(table.rows[0].cells, ["指标", "2024年1-5月", "同比增速"], strict=True):
        cell.text = text
    for row in [("规上工业研发费用", "6099.1万元", "17.7%"), ("技术合同交易额", "2.3亿元", "12.5%")]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def make_hostile(folder: Path) -> list[Path]:
    folder.mkdir()
    rng = random.Random(8)
    reports = build(6, folder / "src")
    (folder / "zero.txt").write_bytes(b"")
    (folder / "blank.md").write_text(" \n\n\t\u3000\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(64 * 1024)))
    (folder / "truncated.docx").write_bytes(_docx_bytes()[:900])
    _bomb(folder / "bomb.docx", unzipped_mb=210)
    encrypted = PdfWriter()
    encrypted.add_blank_page(595, 842)
    encrypted.encrypt("机密", algorithm="RC4-128")
    encrypted.write(folder / "encrypted.pdf")
    image_only = PdfWriter()
    image_only.add_blank_page(595, 842)
    image_only.write(folder / "image_only.pdf")
    padded = reports[0].read_bytes() + b" \n" * (25 * MB)  # 50 MB on disk, one report of text
    (folder / "padded_50mb.txt").write_bytes(padded)
    (folder / "mixed_encoding.txt").write_bytes(
        reports[1].read_text(encoding="utf-8").replace("二、", "\n二、", 1).encode()
        + "八、下步打算\n力争新增高新技术企业25家，技术合同交易额达到3.5亿元。\n".encode("gbk")
    )
    shutil.copy(reports[2], folder / "back\\slash..name.txt")
    shutil.copy(reports[3], folder / "..dotdot.txt")
    shutil.copy(reports[4], folder / LONG_NAME)
    shutil.copy(reports[5], folder / "洞头区科技局（终稿）·2024 上半年.txt")
    shutil.copy(reports[4], folder / "copy_of_long.txt")
    (folder / "all_tables.docx").write_bytes(_docx_bytes(_tables))
    (folder / "no_headings.txt").write_text(
        "今年以来，我局围绕创新驱动发展战略，新增国家高新技术企业12家，新增科技型中小企业45家。"
        "全区技术合同成交额达到1.8亿元，同比增长21.3%。规上工业企业研发费用支出3.2亿元。" * 3,
        encoding="utf-8",
    )
    return [folder / name for name in EXPECTED]


def test_hostile_batch_gives_per_file_outcomes_with_bounded_memory(tmp_path: Path, embed_server: OpenAIServer) -> None:
    settings = make_settings(tmp_path / "data", embedding="openai", embedding_base_url=embed_server.base_url)
    env = child_env(data_dir=settings.data_dir, embedding="openai", embedding_base_url=embed_server.base_url)
    store = fresh_store(settings)
    from vectorstore.ingest import ingest_paths

    ingest_paths(store, [SAMPLE_DIR / "county_2021h1.txt"])
    before = {d.doc_id for d in store.catalog.list_documents()}
    store.close()

    paths = make_hostile(tmp_path / "hostile")
    paths.append(tmp_path / "hostile" / "src" / ".." / "洞头区科技局（终稿）·2024 上半年.txt")  # `..` in the path
    listing = tmp_path / "paths.txt"
    listing.write_text("\n".join(map(str, paths)), encoding="utf-8")
    run = peak_memory_run(CHILD.format(listing=str(listing)), env)
    results: list[dict[str, str]] = run["results"]  # type: ignore[assignment]
    outcomes = {Path(r["path"]).name: (r["status"], r["message"]) for r in results[: len(EXPECTED)]}
    print(f"\nhostile batch: {len(paths)} files in {run['seconds']:.1f}s, slowest {run['slowest_file_s']}s, "
          f"peak RSS {run['peak_rss_mb']} MB (store open: {run['baseline_rss_mb']} MB)")  # fmt: skip
    for name, (status, message) in outcomes.items():
        print(f"  {status:9} {name[:40]}  {message}")

    for name, (status, word) in EXPECTED.items():
        got_status, message = outcomes[name]
        assert got_status == status and word in message, (name, got_status, message)
    assert results[-1]["status"] == "unchanged"  # the same document reached through `..`
    grew = run["peak_rss_mb"] - run["baseline_rss_mb"]  # type: ignore[operator]
    assert grew < 200  # a 50 MB file read and normalised; a 210 MB bomb refused from its headers
    assert run["slowest_file_s"] < 30  # type: ignore[operator]

    store = fresh_store(settings)
    try:
        report = check(store)
        assert report.consistent, report.problems
        added = {doc_id_for(p) for p in paths if EXPECTED.get(p.name, ("",))[0] == "added"}
        assert {d.doc_id for d in store.catalog.list_documents()} == before | added
        mixed = store.catalog.document_chunks(doc_id_for(paths[list(EXPECTED).index("mixed_encoding.txt")]))
        assert any("技术合同交易额达到3.5亿元" in c.text for c in mixed)  # the GBK part is read, not mojibake
        tables = doc_id_for(paths[list(EXPECTED).index("all_tables.docx")])
        assert any(
            "规上工业研发费用" in c.text and "6099.1万元" in c.text for c in store.catalog.document_chunks(tables)
        )
        # NB: the ledger holds the table's figures, but with an empty metric (the row's 指标 is not picked up)
        assert "6099.1万元" in {str(r["surface"]).replace(" ", "") for r in store.catalog.figure_rows(doc_id=tables)}
    finally:
        store.close()


def test_fifty_mb_text_over_a_small_limit_is_refused_without_reading_it(
    tmp_path: Path, embed_server: OpenAIServer
) -> None:
    settings = make_settings(tmp_path / "data", embedding="openai", embedding_base_url=embed_server.base_url)
    env = child_env(
        data_dir=settings.data_dir, embedding="openai", embedding_base_url=embed_server.base_url, max_file_mb=10
    )
    big = tmp_path / "big_report.txt"
    line = "新增科技型中小企业19家，研发费用6099.1万元，同比增长17.7%。\n".encode()
    big.write_bytes(line * (50 * MB // len(line)))
    listing = tmp_path / "paths.txt"
    listing.write_text(f"{big}\n{SAMPLE_DIR / 'county_2021h1.txt'}", encoding="utf-8")
    run = peak_memory_run(CHILD.format(listing=str(listing)), env)
    results: list[dict[str, str]] = run["results"]  # type: ignore[assignment]
    first, second = results
    grew = run["peak_rss_mb"] - run["baseline_rss_mb"]  # type: ignore[operator]
    print(f"\n50 MB over a 10 MB limit: {first['message']}; peak RSS {run['peak_rss_mb']} MB, +{grew:.1f} MB")
    assert first["status"] == "failed" and "超过大小上限 10 MB" in first["message"]
    assert second["status"] == "added"
    assert grew < 40  # the 50 MB file was never read into memory
