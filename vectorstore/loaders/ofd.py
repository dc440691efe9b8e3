"""OFD (GB/T 33190) → text. The package is read by ``ofdkit`` (Apache-2.0, standard library only): templates,
page blocks, composite objects, CTM transforms and the path and encoding slips document systems make. Its text
runs, placed on the page, are grouped here into lines like a PDF's and reflowed the same way (page numbers and
running lines dropped, wrapped lines joined); cells laid out in columns are read as a table (:mod:`.columns`).

Why ofdkit and not easyofd, ofdparser or ofdreader, and why not our own XML reader any more: ``docs/ofd_parsers.md``
(measured with ``python -m bench.eval_ofd_parsers``). Fonts, images, annotations and signatures are not read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from scribe.errors import IngestError

from .columns import Segment, aligned_tables, segments
from .common import format_size
from .pdf import _Line, reflow
from .tables import table_lines

_LINE_TOLERANCE = 0.5  # share of the font size two runs' baselines may differ by and share a line
_PAGE_MARGIN = 2.0  # mm a run may stick out of the page box and still be on it
_Piece = tuple[float, float, float, float, str]  # baseline y, x0, x1, size, text


def ofd_to_text(path: Path, data: bytes, max_unzipped_bytes: int) -> tuple[str, str | None]:
    """Page text of every document in the package, in reading order; the title from the document metadata."""
    import ofdkit

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > max_unzipped_bytes:
                raise IngestError(path, f"OFD 解压后超过大小上限 {format_size(max_unzipped_bytes)}（疑似压缩炸弹）")
            if not any(n.replace("\\", "/").lstrip("/").casefold() == "ofd.xml" for n in archive.namelist()):
                raise IngestError(path, "OFD 文件已损坏或不完整（缺少 OFD.xml）")
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError) as e:
        raise IngestError(path, "OFD 文件已损坏或不完整") from e
    try:
        with ofdkit.open(data) as document:
            title = (document.info.title or "").strip() or None
            pages = [_page_lines(page, number) for number, page in enumerate(document.pages)]
    except ofdkit.OFDLimitError as e:
        raise IngestError(path, "OFD 文件超过读取上限（部件过大或条目过多）") from e
    except (ofdkit.OFDError, ValueError, KeyError, IndexError) as e:
        raise IngestError(path, "OFD 文件已损坏或不完整") from e
    if not pages:
        raise IngestError(path, "OFD 文件中没有页面")
    return reflow(pages), title


def _page_lines(page: Any, number: int) -> list[_Line]:
    """A page's runs → lines (same baseline within tolerance, left to right); column-aligned lines → a table."""
    x0, y0, width, height = page.box
    pieces: list[_Piece] = sorted(
        (run.y, run.x, run.x + run.width, run.size or 3.5, run.text)
        for run in page.runs
        if run.text.strip()
        and x0 - _PAGE_MARGIN <= run.x <= x0 + width + _PAGE_MARGIN
        and y0 - _PAGE_MARGIN <= run.y <= y0 + height + _PAGE_MARGIN
    )
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if groups and abs(piece[0] - groups[-1][0][0]) <= _LINE_TOLERANCE * max(piece[3], groups[-1][0][3]):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    sizes = sorted(p[3] for p in pieces) or [3.5]
    char = sizes[len(sizes) // 2]
    cut = [segments([(p[1], p[2], p[4]) for p in group], char) for group in groups]
    lines: list[_Line] = []
    tables = {start: (end, grid) for start, end, grid in aligned_tables(cut, char)}
    i = 0
    while i < len(groups):
        if i in tables:
            end, grid = tables[i]
            top = groups[i][0][0]
            left, right = min(s.x0 for s in cut[i]), max(s.x1 for row in cut[i:end] for s in row)
            lines += [_Line(s, number, left, right, top, 0, False, width, True) for s in table_lines(grid)]
            i = end
            continue
        lines.append(_line(groups[i], cut[i], number, width, height))
        i += 1
    return lines


def _line(group: list[_Piece], cut: list[Segment], number: int, width: float, height: float) -> _Line:
    y, size = group[0][0], group[0][3]
    zone = y < 0.12 * height or y > 0.88 * height
    text = " ".join(s.text for s in cut) if len(cut) > 1 else cut[0].text
    return _Line(text, number, cut[0].x0, cut[-1].x1, y, size, zone, width)
