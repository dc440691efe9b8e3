"""File loading: encodings, docx/pdf/html extraction, and one clear IngestError per bad input."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from scribe.errors import IngestError
from scribe.models import DocumentMeta
from vectorstore.loaders import LoadedFile, load_file, normalize_text, reflow_pdf, table_lines

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
MB = 1024 * 1024


def load(path: Path, *, max_bytes: int = 60 * MB, max_unzipped_bytes: int = 200 * MB) -> LoadedFile:
    return load_file(path, max_bytes=max_bytes, max_unzipped_bytes=max_unzipped_bytes)


def expect_error(path: Path, fragment: str, **limits: int) -> IngestError:
    with pytest.raises(IngestError) as info:
        load(path, **limits)
    err = info.value
    assert err.path == str(path)
    assert str(path) in str(err)
    assert fragment in err.reason, err.reason
    assert "\n" not in err.reason
    return err


# --- text files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "encoding", "bom", "reported"),
    [
        ("dongtou_2024h1.txt", "utf-8", b"", "utf-8"),
        ("dongtou_2024h1.txt", "utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("qingtian_2023h1.txt", "gbk", b"", "gbk"),
        ("dongtou_2024h1.txt", "gb18030", b"", "gb18030"),  # • is not in GBK: GB18030 proper
    ],
)
def test_text_encodings_are_detected(tmp_path: Path, sample: str, encoding: str, bom: bytes, reported: str) -> None:
    original = (SAMPLE / sample).read_text(encoding="utf-8")
    target = tmp_path / f"copy_{encoding}.txt"
    target.write_bytes(bom + original.encode(encoding))
    loaded = load(target)
    assert loaded.format == "txt"
    assert loaded.encoding == reported
    assert loaded.text == normalize_text(original)
    assert "技术" in loaded.text
    assert not loaded.text.startswith("\ufeff")


def test_text_is_normalised(tmp_path: Path) -> None:
    target = tmp_path / "messy.txt"
    raw = "\ufeff标题\r\n\r\n\r\n\r\n\u3000\u3000一、总结\u200b工作。\r正文,增速17.7%。  \n"
    target.write_bytes(raw.encode("utf-8"))
    text = load(target).text
    assert text == "标题\n\n一、总结工作。\n正文,增速17.7%。"


def test_markdown_loses_its_syntax(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("# 一、上半年工作\n\n**规上工业**研发费用[6099.1万元](http://x)。\n", encoding="utf-8")
    loaded = load(target)
    assert loaded.format == "md"
    assert loaded.text == "一、上半年工作\n\n规上工业研发费用6099.1万元。"


# --- docx ---------------------------------------------------------------------------------


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("洞头区科学技术局2024年上半年工作总结", 0)
    document.add_heading("一、上半年科技创新工作进展", 1)
    document.add_paragraph("1-5月，规上工业研发费用完成6099.1万元，增速17.7%。")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("指标", "数值"), ("研发费用", "6099.1万元"), ("增速", "17.7%")], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_heading("二、存在问题", 1)
    document.add_paragraph("研发投入后劲不足。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_keeps_order_headings_and_table_header(tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    target.write_bytes(make_docx())
    loaded = load(target)
    assert loaded.format == "docx"
    assert loaded.title_hint == "洞头区科学技术局2024年上半年工作总结"
    lines = loaded.text.split("\n")
    assert "研发费用数值6099.1万元。" in lines
    assert "增速数值17.7%。" in lines
    order = [loaded.text.index(s) for s in ("一、上半年", "1-5月", "研发费用数值", "二、存在问题", "后劲不足")]
    assert order == sorted(order)


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    data = make_docx()
    target = tmp_path / "truncated.docx"
    target.write_bytes(data[: len(data) // 2])
    err = expect_error(target, "docx 文件已损坏或不完整")
    assert err.__cause__ is not None


def test_zip_bomb_docx_is_refused_before_parsing(tmp_path: Path) -> None:
    target = tmp_path / "bomb.docx"
    target.write_bytes(make_docx())
    with zipfile.ZipFile(target, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (4 * MB))
    assert target.stat().st_size < MB  # small on disk, large once expanded
    expect_error(target, "解压后超过大小上限 1 MB", max_unzipped_bytes=MB)
    assert "6099.1" in load(target, max_unzipped_bytes=10 * MB).text


def test_old_word_file_renamed_docx_is_explained(tmp_path: Path) -> None:
    target = tmp_path / "old.docx"
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    expect_error(target, "旧版 Word")


def test_table_lines_without_a_header_row() -> None:
    assert table_lines([["指标", "数值"], ["研发费用", "6099.1万元"]]) == ["研发费用数值6099.1万元。"]
    # a first row holding figures is data, not a header: its cells are read as one sentence each row
    assert table_lines([["研发费用", "6099.1万元"], ["增速", "17.7%"]]) == ["研发费用，6099.1万元。", "增速，17.7%。"]


# --- pdf ----------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


def make_text_pdf(lines: list[str]) -> bytes:
    """A real PDF with a Chinese text layer: Type0/CID font (Identity-H) and a ToUnicode CMap, no embedded font."""
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    content = ["BT /F1 16 Tf 50 780 Td 20 TL"]
    for line in lines:
        content.append("<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*")
    content.append("ET")
    bfchar = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{bfchar}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream("\n".join(content).encode()),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
            _stream(cmap.encode()),
        ]
    )


def make_image_pdf() -> bytes:
    """A scanned page: one image, no text."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(b"q 400 0 0 400 90 300 cm /Im1 Do Q"),
            _stream(bytes([0x80, 0x40, 0xC0, 0x20]), "/Type /XObject /Subtype /Image /Width 2 /Height 2 "
                    "/ColorSpace /DeviceGray /BitsPerComponent 8 "),
        ]
    )  # fmt: skip


PDF_LINES = ["洞头区科学技术局工作总结", "一、上半年科技创新工作进展", "规上工业研发费用完成6099.1万元，增速17.7%。"]


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(make_text_pdf(PDF_LINES))
    loaded = load(target)
    assert loaded.format == "pdf"
    for line in PDF_LINES:
        assert line in loaded.text


def test_image_only_pdf_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "scan.pdf"
    target.write_bytes(make_image_pdf())
    expect_error(target, "PDF 没有文字层（可能是扫描件")


def _encrypt(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "locked.pdf"
    target.write_bytes(_encrypt(make_text_pdf(PDF_LINES), "secret"))
    expect_error(target, "PDF 已加密")


def test_pdf_locked_only_against_editing_is_read(tmp_path: Path) -> None:
    # Common for government PDFs: an owner password, an empty user password. The text is readable.
    target = tmp_path / "owner_only.pdf"
    target.write_bytes(_encrypt(make_text_pdf(PDF_LINES), ""))
    assert "6099.1万元" in load(target).text


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "broken.pdf"
    target.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    expect_error(target, "PDF")


def test_reflow_joins_wrapped_lines_and_drops_page_numbers() -> None:
    pages = [
        "一、上半年工作进展\n规上工业研发费用完成6099.1万元，增速17.7%，高新技术产业增加\n值3.65亿元。\n- 1 -",
        "二、存在问题\n研发投入后劲不足。\n- 2 -",
    ]
    text = reflow_pdf(pages)
    assert "高新技术产业增加值3.65亿元。" in text
    assert "- 1 -" not in text
    assert text.split("\n")[0] == "一、上半年工作进展"


# --- html ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>洞头区科学技术局2024年上半年工作总结_洞头区人民政府</title>
<meta name="PubDate" content="2024-12-10 15:47">
<script>var menu = "首页 新闻中心";</script><style>.x{color:red}</style></head>
<body><div class="header">洞头区人民政府门户网站 无障碍 长者模式</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">政务服务</a></li></ul>
<div class="location">当前位置：首页 &gt; 政务公开 &gt; 计划总结</div>
<div class="main"><div class="sidebar"><a href="/1">相关链接一</a><a href="/2">相关链接二</a><a href="/3">相关链接三</a></div>
<div id="zoom"><p>一、上半年科技创新工作进展</p><p>（一）科技创新核心指标情况</p>
<p>1-5月，规上工业研发费用完成6099.1万元，增速17.7%。<br>高新技术产业投资额为1.55亿元。</p></div></div>
<div class="footer">主办单位：洞头区人民政府办公室 网站标识码 3303050001</div></body></html>"""


def test_html_keeps_only_the_article(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(PAGE.encode("utf-8"))
    loaded = load(target)
    assert loaded.format == "html"
    assert loaded.title_hint == "洞头区科学技术局2024年上半年工作总结"
    lines = loaded.text.split("\n")
    assert lines[:2] == ["洞头区科学技术局2024年上半年工作总结", "发布日期：2024-12-10"]
    assert "一、上半年科技创新工作进展" in lines
    assert "1-5月，规上工业研发费用完成6099.1万元，增速17.7%。" in lines
    assert "高新技术产业投资额为1.55亿元。" in lines
    for noise in ("首页", "政务公开", "var menu", "color:red", "主办单位", "相关链接", "当前位置", "无障碍"):
        assert noise not in loaded.text, noise


def test_html_without_known_container_uses_the_densest_block(tmp_path: Path) -> None:
    page = PAGE.replace('id="zoom"', 'class="xyz"').encode("gbk", errors="ignore")
    target = tmp_path / "page.htm"
    target.write_bytes(page.replace(b'charset="utf-8"', b'charset="gbk"'))
    loaded = load(target)
    assert loaded.encoding == "gb18030"
    assert "规上工业研发费用完成6099.1万元" in loaded.text
    assert "首页" not in loaded.text


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.txt", b"  \n\t\r\n\xe3\x80\x80 \n", "只有空白"),
        ("binary.txt", bytes(range(256)) * 8, "不是文本文件（含二进制内容）"),
        ("controls.txt", b"abc\x01\x02\x03\x04\x05\x06def\x07\x08" * 20, "不是文本文件（含二进制内容）"),
        ("sheet.et", b"\xd0\xcf\x11\xe0", "不支持 .et 文件，请另存为 .xlsx"),
        (
            "broken.xls",
            b"\xd0\xcf\x11\xe0",
            "无法识别这个 .xls 文件的格式（文件可能已损坏），请在 Excel / WPS 中打开后另存为 .xlsx",
        ),
        (
            "photo.jpg",
            b"\xff\xd8\xff",
            "不支持的文件类型 .jpg（支持 .txt .md .docx .pdf .html .doc .wps .rtf .odt .ofd .xlsx .xls）",
        ),
        ("noext", b"text", "不支持的文件类型"),
        ("empty.docx", b"", "文件为空"),
        ("not_a_zip.docx", b"just text, not a zip", "docx 文件已损坏或不完整"),
        ("empty_page.html", b"<html><body><script>x()</script></body></html>", "网页中没有正文"),
    ],
)
def test_bad_files_are_refused(tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    target = tmp_path / name
    target.write_bytes(content)
    expect_error(target, fragment)


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "reports.txt"
    folder.mkdir()
    expect_error(folder, "文件夹")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    expect_error(tmp_path / "missing.txt", "文件不存在")


def test_missing_folder_is_called_missing_not_an_unsupported_type(tmp_path: Path) -> None:
    err = expect_error(tmp_path / "reports2024", "文件或文件夹不存在")
    assert "不支持" not in err.reason


def test_file_above_size_limit_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "big.txt"
    target.write_text("科技" * 100, encoding="utf-8")
    expect_error(target, "文件超过大小上限 100 字节", max_bytes=100)
    big = tmp_path / "bigger.txt"
    big.write_bytes(b"a" * (MB + 1))
    expect_error(big, "文件超过大小上限 1 MB", max_bytes=MB)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading, so there is nothing to test")
    target = tmp_path / "locked.txt"
    target.write_text("一、总结。", encoding="utf-8")
    target.chmod(0)
    try:
        err = expect_error(target, "无法读取：权限不足")
        assert isinstance(err.__cause__, PermissionError)
    finally:
        target.chmod(0o644)


def test_every_sample_loads() -> None:
    for path in sorted(SAMPLE.glob("*.txt")):
        loaded = load(path)
        assert loaded.encoding == "utf-8"
        assert len(loaded.text) > 1000


def test_permission_error_while_reading_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: the read itself is made to fail the way an unreadable file fails.
    target = tmp_path / "locked.txt"
    target.write_text("一、总结。", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    err = expect_error(target, "无法读取：权限不足")
    assert isinstance(err.__cause__, PermissionError)


def _page_head_and_meta(tmp_path: Path, page: str) -> tuple[list[str], DocumentMeta]:
    """A saved page loaded as ingestion loads it: its first three lines and the metadata read from it."""
    from vectorstore.metadata import extract_metadata

    target = tmp_path / "page.html"
    target.write_bytes(page.encode("utf-8"))
    loaded = load(target)
    return loaded.text.split("\n")[:3], extract_metadata(loaded.text, target.name, title_hint=loaded.title_hint)


def test_html_keeps_the_publishing_site_name_as_evidence_of_the_bureau(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="utf-8"><title>2024年上半年工作总结</title>'
        '<meta name="SiteName" content="慈溪市人民政府"></head><body>'
        '<header><div class="logo">慈溪市人民政府</div></header>'
        "<div id='zoom'><p>今年以来，我局围绕中心工作，推动全市研发投入增长。</p>"
        "<p>一、上半年工作成效</p><p>1-5月，全市规上工业研发费用完成46.27亿元，同比增长12.8%。</p></div>"
        "</body></html>"
    )
    head, meta = _page_head_and_meta(tmp_path, page)
    assert "网站名称：慈溪市人民政府" in head
    assert meta.bureau == "慈溪市科技局"
    assert meta.bureau_basis == "site"


def test_html_keeps_the_author_line_of_its_metadata_table_and_the_site_its_title_ends_with(tmp_path: Path) -> None:
    """A page whose article never names its bureau: the 发布机构 cell of the metadata table above the article names
    it, and the text's most frequent place (the parent city) must not win over it."""
    page = (
        '<html><head><meta charset="utf-8"><title>2024年上半年工作总结_政务公开_新郑市人民政府门户网站</title></head>'
        '<body><table class="meta"><tr><td>索引号：114101/2024-00418</td><td>主题分类：科技</td></tr>'
        "<tr><td>发布机构：新郑市科学技术局</td><td>成文日期：2024-07-09</td></tr></table>"
        '<div class="article"><h1>2024年上半年工作总结</h1>'
        "<p>今年以来，我局围绕郑州都市圈科技创新协同发展要求，推动郑州市科技局部署落地。</p>"
        "<p>一、上半年工作成效</p><p>科技型中小企业311家，居郑州市各县（市）区第2位，郑州市瞪羚企业5家。</p></div>"
        "</body></html>"
    )
    head, meta = _page_head_and_meta(tmp_path, page)
    assert "发布机构：新郑市科学技术局" in head and "网站名称：新郑市人民政府门户网站" in head
    assert meta.bureau == "新郑市科学技术局"


def _page(number: int, texts: list[str], bands: set[int]) -> list[Any]:
    from vectorstore.loaders.pdf import _Line

    return [_Line(text, number, 50.0, 500.0, 40.0 + 30 * i, 12.0, i in bands, 595.0) for i, text in enumerate(texts)]


def test_a_title_atop_page_one_is_not_a_running_header_of_the_foot_of_the_last() -> None:
    """The bureau's name opens page 1 and signs the last page's foot (落款): both are kept; a header that recurs
    atop every page is dropped."""
    from vectorstore.loaders.pdf import reflow

    body = [f"第{i}项工作。全区新增企业{i}家，增长{i}%。" for i in range(6)]
    first = _page(0, ["某某市某某区科学技术局", "2026年工作总结", *body[:3]], {0})
    last = _page(1, [*body[3:], "某某市某某区科学技术局", "2026年12月5日"], {4, 5})
    text = reflow([first, last])
    assert text.startswith("某某市某某区科学技术局")
    assert text.count("某某市某某区科学技术局") == 2
    header = "某某区科技局内部资料"
    pages = [_page(n, [header, body[n], body[n + 3]], {0}) for n in range(2)]
    assert header not in reflow(pages)


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        # a line broken short in the middle of a sentence (…较2024年的 / 强度为) goes on in the next line
        ("（二）技术交易活跃。全年登记技术合同成交额312.6亿元，较2024年的", "257.5亿元增长21.4%。", True),
        ("按统计部门最终核定数，2024年度全区R&D经费投入强度为", "3.86%，较2023年度提高0.21个百分点。", True),
        # a short line that may end where it stands (a title, a heading) is its own line
        ("某某区科学技术局2025年工作总结", "2025年，全区科技工作取得新成效。", False),
        ("（二）技术交易活跃", "全年登记技术合同成交额312.6亿元。", False),
    ],
)
def test_a_short_line_ending_mid_sentence_is_joined_to_the_next(first: str, second: str, joined: bool) -> None:
    from vectorstore.loaders.pdf import _Line, reflow

    lines = [
        _Line(first, 0, 50.0, 420.0, 40.0, 12.0, False, 595.0),
        _Line(second, 0, 50.0, 300.0, 70.0, 12.0, False, 595.0),
    ]
    assert (reflow([lines]) == first + second) is joined
