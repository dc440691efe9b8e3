"""PDF → text with its layout read (pdfplumber): running headers, footers and page numbers dropped, lines the
layout wrapped joined back into paragraphs (also across pages), a title set on two lines kept whole, spaces the
extraction puts between CJK characters and digits removed, tables read as sentences (:mod:`.tables`): ruled ones
as pdfplumber finds them, tables without ruling lines by the x-alignment of their columns (:mod:`.columns`).

A PDF with no real text layer — none at all, or only a scanner app's watermark or page furniture — is a scan:
it is read by OCR (:mod:`.ocr`) where tesseract is installed, else refused naming the file. Locked and
undecodable files are refused.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scribe.errors import IngestError
from scribe.lexicon.headings import HEADING_START_RE
from scribe.lexicon.sentences import ends_open

from . import ocr
from .columns import Segment, aligned_tables, segments
from .tables import Grid, table_lines

_PAGE_NUMBER = re.compile(
    r"[-—–\s]*(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)[-—–\s]*"
)
_LINE_END = tuple("。！？!?；;：:")  # a closing quote or bracket at a full line's end is mid-sentence as often as not
_GARBLE = re.compile("[\ue000-\uf8ff\ufffd]")
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_DIGITS = re.compile(r"\d+")
_MARGIN_ZONE = 0.12  # top and bottom share of the page where running headers and footers sit
_SCAN_CHARS_PER_PAGE = 40
_FEW_LINES = 12


@dataclass(slots=True)
class _Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    size: float
    zone: bool  # in the page's top or bottom margin band
    page_width: float = 0.0
    block: bool = False  # a table sentence: never joined to its neighbours


def clean_spaces(text: str) -> str:
    """Drop the spaces PDF extraction and OCR put next to CJK characters (``6099.1 万元`` → ``6099.1万元``)."""
    return _SPACE_IN_CJK.sub("", text)


def pdf_to_text(path: Path, data: bytes, *, ocr_language: str = ocr.DEFAULT_LANGUAGE) -> tuple[str, str | None, bool]:
    """(text, title, read by OCR) of a PDF; scans go to OCR or are refused, locked files refused."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise IngestError(path, "PDF 没有页面")
            lines, has_images = _page_lines(pdf)
            title = str(pdf.metadata.get("Title") or "").strip() or None
            text = reflow(lines)
            if _is_scan(text, len(pdf.pages), has_images):
                text = reflow_pdf(ocr.ocr_pages(path, pdf, ocr_language))
                if len("".join(text.split())) < 2:
                    raise IngestError(path, ocr.SCAN_REASON + "；OCR 也没有读出文字")
                return text, title, True
    except IngestError:
        raise
    except PDFPasswordIncorrect as e:
        raise IngestError(path, "PDF 已加密，需要密码才能读取") from e
    except PDFEncryptionError as e:
        raise IngestError(path, "PDF 已加密，读不出文字层") from e
    except (PDFSyntaxError, PSException, ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
        raise IngestError(path, "PDF 文件已损坏或不完整") from e
    except Exception as e:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = e.__context__ or e.__cause__
        if isinstance(cause, PDFPasswordIncorrect):
            raise IngestError(path, "PDF 已加密，需要密码才能读取") from e
        if isinstance(cause, PDFEncryptionError):
            raise IngestError(path, "PDF 已加密，读不出文字层") from e
        if type(e).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise IngestError(path, "PDF 文件已损坏或不完整") from e
        raise
    visible = re.sub(r"\s+", "", text)
    if len(_GARBLE.findall(visible)) > 0.3 * len(visible):
        raise IngestError(path, "PDF 文字层无法解码（字体缺少 Unicode 映射），请先 OCR")
    return text, title, False


def _is_scan(text: str, pages: int, has_images: bool) -> bool:
    visible = len(re.sub(r"\s+", "", text))
    return visible < 2 or (has_images and visible < _SCAN_CHARS_PER_PAGE * pages)


def _page_lines(pdf: Any) -> tuple[list[list[_Line]], bool]:
    out: list[list[_Line]] = []
    has_images = False
    for number, page in enumerate(pdf.pages):
        has_images = has_images or bool(page.images)
        height = float(page.height) or 1.0
        tables = [t for t in page.find_tables() if len(t.rows) >= 2]
        boxes = [t.bbox for t in tables]
        lines: list[_Line] = []
        cut: list[list[Segment]] = []
        for raw in sorted(page.extract_text_lines(return_chars=True, strip=True), key=lambda r: r["top"]):
            text = clean_spaces(raw["text"]).strip()
            if not text:
                continue
            mid = (raw["top"] + raw["bottom"]) / 2
            if any(b[1] <= mid <= b[3] and b[0] - 2 <= raw["x0"] <= b[2] + 2 for b in boxes):
                continue
            sizes = sorted(float(c.get("size", 0)) for c in raw["chars"]) or [0.0]
            zone = raw["top"] < _MARGIN_ZONE * height or raw["bottom"] > (1 - _MARGIN_ZONE) * height
            size = sizes[len(sizes) // 2]
            lines.append(_Line(text, number, raw["x0"], raw["x1"], raw["top"], size, zone, float(page.width)))
            pieces = [(float(c["x0"]), float(c["x1"]), c["text"]) for c in raw["chars"] if c["text"].strip()]
            cut.append(segments(pieces, size or 10.0))
        lines = _borderless_tables(lines, cut, number)
        for table in tables:
            grid = _table_grid(table.extract())
            for sentence in table_lines(grid):
                x0, top, x1, _ = table.bbox
                lines.append(_Line(clean_spaces(sentence), number, x0, x1, top, 0, False, float(page.width), True))
        lines.sort(key=lambda ln: ln.top)
        out.append(lines)
    return out, has_images


def _borderless_tables(lines: list[_Line], cut: list[list[Segment]], number: int) -> list[_Line]:
    """Lines whose text stands in aligned columns (a table without ruling lines) → that table's sentences."""
    sizes = sorted(ln.size for ln in lines) or [10.0]
    found = aligned_tables(cut, sizes[len(sizes) // 2] or 10.0)
    if not found:
        return lines
    out: list[_Line] = []
    i = 0
    for start, end, grid in found:
        out += lines[i:start]
        first = lines[start]
        width = first.page_width
        for sentence in table_lines([[clean_spaces(c) if c else c for c in row] for row in grid]):
            out.append(_Line(sentence, number, first.x0, first.x1, first.top, 0, False, width, True))
        i = end
    return out + lines[i:]


def _table_grid(rows: list[list[str | None]]) -> Grid:
    """pdfplumber leaves a merged cell's other places None. Below a first-column label, and in the second header
    row under a cell that spans both rows, it is the text above again; elsewhere the cell to its left spans it."""
    grid: Grid = []
    for r, row in enumerate(rows):
        cells: list[str | None] = []
        for col, cell in enumerate(row):
            above = grid[-1][col] if grid and col < len(grid[-1]) else None
            if cell is None and above is not None and (col == 0 or (r == 1 and cells and cells[-1] is not None)):
                cell = above
            cells.append(None if cell is None else clean_spaces(cell.replace("\n", "")))
        grid.append(cells)
    return grid


def _furniture(pages: list[list[_Line]]) -> set[tuple[int, int]]:
    """(page, index) of running headers and footers: page numbers in the margin bands, and lines that recur
    (digits aside) on most pages — in the margin bands, or anywhere when they are on every page (a watermark)."""
    drop: set[tuple[int, int]] = set()
    anywhere: dict[str, set[int]] = {}
    in_band: dict[tuple[str, str], set[int]] = {}
    for number, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if not line.block:
                key = _DIGITS.sub("#", line.text)
                anywhere.setdefault(key, set()).add(number)
                if line.zone:
                    in_band.setdefault((_band(i, lines), key), set()).add(number)
    n = len(pages)
    for number, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if line.block:
                continue
            if _PAGE_NUMBER.fullmatch(line.text) and line.zone:
                drop.add((number, i))
                continue
            key = _DIGITS.sub("#", line.text)
            # a running header recurs in its own band: the title atop page 1 is not the 落款 at the foot of the last
            recurs = len(in_band.get((_band(i, lines), key), ())) if line.zone else 0
            if n >= 2 and len(line.text) <= 60 and (recurs >= max(2, 0.6 * n) or (n >= 3 and len(anywhere[key]) == n)):
                drop.add((number, i))
    return drop


def _band(index: int, lines: list[_Line]) -> str:
    """Whether a margin-band line is a page's header or its footer, by where it falls in the page's reading order."""
    return "top" if index < len(lines) / 2 else "bottom"


def reflow(pages: list[list[_Line]]) -> str:
    """Body lines in reading order, lines the layout wrapped joined into their paragraph."""
    drop = _furniture(pages)
    lines = [ln for number, page in enumerate(pages) for i, ln in enumerate(page) if (number, i) not in drop]
    if not lines:
        return ""
    body = [ln for ln in lines if not ln.block]
    left = _percentile([ln.x0 for ln in body], 0.1) if body else 0.0
    # the right margin: where most full lines end; on a page of few lines, the left margin mirrored
    right = _percentile([ln.x1 for ln in body], 0.9) if len(body) >= _FEW_LINES else 0.0
    if len(body) < _FEW_LINES and body and body[0].page_width:
        right = body[0].page_width - left
    sizes = sorted(ln.size for ln in body) or [0.0]
    body_size = sizes[len(sizes) // 2]
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        joins = previous is not None and not line.block and not previous.block and out
        if joins and previous is not None and _continues(previous, line, left, right, body_size):
            out[-1] = _join(out[-1], line.text)
            previous = line
            continue
        out.append(line.text)
        previous = line
    return "\n".join(out)


def _continues(previous: _Line, line: _Line, left: float, right: float, body_size: float) -> bool:
    char = max(body_size, 1.0)
    big = body_size and previous.size > 1.15 * body_size and abs(line.size - previous.size) < 0.5
    if big and previous.page == line.page and line.top - previous.top < 2.2 * previous.size:
        return True  # a title set in large type over two lines
    if previous.text.endswith(_LINE_END) or HEADING_START_RE.match(line.text):
        return False
    # a line broken short mid-statement (…较2024年的) goes on even though it stops before the margin
    reaches_margin = previous.x1 >= right - 2.5 * char or ends_open(previous.text)
    starts_at_margin = line.x0 <= left + 0.8 * char
    return reaches_margin and starts_at_margin and abs(line.size - previous.size) < 1.5


def _join(a: str, b: str) -> str:
    """Wrapped halves joined: a space only between two Latin words (CJK layout wraps anywhere, digits included)."""
    latin = a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha()
    return a + (" " if latin else "") + b


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


def reflow_pdf(pages: list[str]) -> str:
    """Plain page texts (no layout known, e.g. from OCR) → paragraphs: page numbers and lines repeated on most
    pages dropped, a line joined to the one before when that one was full and did not end a sentence."""
    page_lines = [[clean_spaces(line).strip() for line in page.splitlines() if line.strip()] for page in pages]
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts: dict[str, int] = {}
        for lines in page_lines:
            for key in {_DIGITS.sub("#", line) for line in lines}:
                counts[key] = counts.get(key, 0) + 1
        repeated = {key for key, n in counts.items() if n >= 0.6 * len(pages) and len(key) <= 40}
    lines = [
        ln
        for page in page_lines
        for ln in page
        if _DIGITS.sub("#", ln) not in repeated and not _PAGE_NUMBER.fullmatch(ln)
    ]
    if not lines:
        return ""
    widths = sorted(len(ln) for ln in lines)
    full_width = widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 10 else widths[-1]
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = (
            previous
            and len(previous) >= 0.8 * full_width
            and not previous.endswith(_LINE_END)
            and not HEADING_START_RE.match(line)
        )
        out[-1:] = [_join(previous, line)] if wrapped else [*out[-1:], line]
    return "\n".join(out)
