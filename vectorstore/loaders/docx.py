"""Word .docx → text: paragraphs and tables in body order, tables with their header on every row;
old .doc files, damaged archives and zip bombs refused."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from scribe.errors import IngestError

from .common import format_size

if TYPE_CHECKING:
    from docx.table import _Cell, _Row

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def docx_to_text(path: Path, data: bytes, max_unzipped_bytes: int) -> tuple[str, str | None]:
    """Paragraphs (headings included) and tables in body order; tables as ``表头：值；表头：值`` rows."""
    if data.startswith(_OLE_MAGIC):
        raise IngestError(path, "这是旧版 Word .doc 文件（扩展名是 .docx），请在 Word 中另存为 .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zlib.error, ValueError) as e:
        raise IngestError(path, "docx 文件已损坏或不完整") from e
    # The sizes are the ones the zip declares; zipfile stops reading a member at its declared size,
    # so a member cannot expand past this sum while python-docx parses it.
    if unzipped > max_unzipped_bytes:
        raise IngestError(path, f"docx 解压后超过大小上限 {format_size(max_unzipped_bytes)}（疑似压缩炸弹）")
    if "word/document.xml" not in names:
        raise IngestError(path, "docx 文件已损坏或不完整（缺少 word/document.xml）")
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        title: str | None = None
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(table_lines([[cell.text for cell in _unique_cells(row)] for row in block.rows]))
                continue
            text = block.text.strip()
            if not text:
                continue
            style = (block.style.name if block.style is not None else "").lower()
            if title is None and (style == "title" or style.startswith("heading 1") or style == "标题"):
                title = text
            lines.append(text)
        title = title or (document.core_properties.title or "").strip() or None
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        IndexError,
        etree.XMLSyntaxError,
        PackageNotFoundError,
    ) as e:
        raise IngestError(path, "docx 文件已损坏或不完整") from e
    return "\n".join(lines), title


def _unique_cells(row: _Row) -> list[_Cell]:
    """Cells of a table row, a merged cell once (python-docx repeats it for every grid column)."""
    seen: set[int] = set()
    out: list[_Cell] = []
    for cell in row.cells:
        key = id(cell._tc)
        if key not in seen:
            seen.add(key)
            out.append(cell)
    return out


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table as text that keeps its header on every row: ``指标：研发费用；数值：6099.1万元。``"""
    clean = [[" ".join(cell.split()) for cell in row] for row in rows]
    clean = [row for row in clean if any(row)]
    if not clean:
        return []
    header = clean[0]
    if len(clean) == 1 or not all(header):
        return [" | ".join(cell for cell in row if cell) for row in clean]
    out = ["表头：" + " | ".join(header)]
    for row in clean[1:]:
        pairs = [f"{header[i]}：{cell}" if i < len(header) else cell for i, cell in enumerate(row) if cell]
        line = "；".join(pairs)
        out.append(line if line.endswith(("。", "；", ";")) else line + "。")
    return out
