"""OCR of scanned PDFs with Debian's tesseract (``tesseract-ocr`` + ``tesseract-ocr-chi-sim``): each page rendered
by pdfplumber (pypdfium2) at 300 dpi, read by the ``tesseract`` command as word boxes (TSV). Words are put back
into tesseract's lines; lines whose words stand in aligned columns are a table (:mod:`.columns`) and become its
sentences (:mod:`.tables`), like a PDF's; the PDF loader reflows the page texts.

Where tesseract or its Chinese data is missing, the scan is refused with the file named and the fix given.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from scribe.errors import IngestError

from .columns import aligned_tables, segments
from .tables import table_lines

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "chi_sim+eng"
_DPI = 300
_PAGE_TIMEOUT_S = 180
SCAN_REASON = "PDF 没有文字层（可能是扫描件，或只有水印、页眉页脚），请先 OCR"
_INSTALL = "（可安装 tesseract：apt-get install tesseract-ocr tesseract-ocr-chi-sim）"


def available_languages() -> set[str]:
    """The tesseract languages installed here (empty if tesseract is not)."""
    exe = shutil.which("tesseract")
    if not exe:
        return set()
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line.strip() for line in done.stdout.splitlines()[1:] if line.strip()}


def ocr_pages(path: Path, pdf: Any, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The text of each page of an open pdfplumber PDF, read by tesseract; IngestError if OCR cannot run."""
    exe = shutil.which("tesseract")
    wanted = set(language.split("+"))
    if not exe or not wanted <= available_languages():
        raise IngestError(path, SCAN_REASON + _INSTALL)
    pages: list[str] = []
    with tempfile.TemporaryDirectory(prefix="scribe-ocr-") as tmp:
        for number, page in enumerate(pdf.pages, start=1):
            image = Path(tmp) / f"page-{number}.png"
            page.to_image(resolution=_DPI).original.convert("L").save(image)
            try:
                done = subprocess.run(
                    [exe, str(image), "stdout", "-l", language, "--psm", "3", "tsv"],
                    capture_output=True, text=True, timeout=_PAGE_TIMEOUT_S, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired as e:
                raise IngestError(path, f"OCR 第 {number} 页超时（{_PAGE_TIMEOUT_S} 秒）") from e
            if done.returncode != 0:
                log.warning("tesseract failed on %s page %d: %s", path, number, done.stderr.strip()[:200])
                raise IngestError(path, f"OCR 第 {number} 页失败（tesseract 退出码 {done.returncode}）")
            pages.append(tsv_text(done.stdout))
    return pages


def tsv_text(tsv: str) -> str:
    """tesseract's TSV (one row per word: block, paragraph, line, box, confidence, text) → the page's lines,
    a run of lines whose words stand in aligned columns read as table sentences. tesseract reads a table's cells
    as blocks of their own, so its lines are put back into rows by where they sit on the page."""
    found: dict[tuple[int, int, int], list[tuple[float, float, float, float, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            key = (int(cols[2]), int(cols[3]), int(cols[4]))
            left, top, width, height = (float(c) for c in cols[6:10])
        except ValueError:
            continue
        found.setdefault(key, []).append((left, left + width, top, top + height, cols[11].strip()))
    if not found:
        return ""
    heights = sorted(w[3] - w[2] for words in found.values() for w in words)
    char = heights[len(heights) // 2] or 1.0  # a CJK glyph is about as wide as it is high
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for words in sorted(found.values(), key=lambda ws: min(w[2] for w in ws)):
        middle = sum(w[2] + w[3] for w in words) / (2 * len(words))
        if rows and abs(middle - sum(w[2] + w[3] for w in rows[-1]) / (2 * len(rows[-1]))) <= 0.5 * char:
            rows[-1].extend(words)
        else:
            rows.append(list(words))
    rows = [sorted(r) for r in rows]
    cut = [segments([(w[0], w[1], w[4]) for w in r], char) for r in rows]
    texts = [" ".join(w[4] for w in r) for r in rows]
    out: list[str] = []
    i = 0
    for start, end, grid in aligned_tables(cut, char):
        out += texts[i:start]
        out += table_lines([[_compact(c) if c else c for c in row] for row in grid])
        i = end
    return "\n".join(out + texts[i:])


def _compact(cell: str) -> str:
    """A cell's words as the page shows them: tesseract puts a space between CJK characters and digits."""
    return "".join(cell.split()) if not cell.isascii() else cell
