"""Excel .xlsx indicator sheets → sentences (openpyxl): each sheet read as a table (:mod:`.tables`), merged cells
resolved (a merged header over its columns, a label merged down over its rows), the sheet's name as its heading."""

from __future__ import annotations

import io
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

from scribe.errors import IngestError

from .common import format_size
from .tables import Grid, table_lines


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if not value.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def xlsx_to_text(path: Path, data: bytes, max_unzipped_bytes: int) -> tuple[str, str | None]:
    """Every visible sheet: its title line, then one sentence per data row."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > max_unzipped_bytes:
                raise IngestError(path, f"xlsx 解压后超过大小上限 {format_size(max_unzipped_bytes)}（疑似压缩炸弹）")
    except (zipfile.BadZipFile, zlib.error, ValueError) as e:
        raise IngestError(path, "xlsx 文件已损坏或不完整") from e
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as e:
        raise IngestError(path, "xlsx 文件已损坏或不完整") from e
    lines: list[str] = []
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            grid = _grid(sheet)
            if not any(any(c for c in row) for row in grid):
                continue
            if len(book.worksheets) > 1:
                lines.append(sheet.title)
            lines.extend(table_lines(grid))
    finally:
        book.close()
    title = (book.properties.title or "").strip() or None
    return "\n".join(lines), title


def _grid(sheet: object) -> Grid:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    rows: Grid = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        text = rows[top][left] if top < len(rows) and left < len(rows[top]) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(rows[r]))):
                if (r, c) == (top, left):
                    continue
                rows[r][c] = text if c == left else None  # down: the label again; across: covered
    return rows
