"""OCR of scanned PDFs with Debian's tesseract (``tesseract-ocr`` + ``tesseract-ocr-chi-sim``): each page rendered
by pdfplumber (pypdfium2) at 300 dpi, read by the ``tesseract`` command (the PDF loader reflows the page texts).

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
                    [exe, str(image), "stdout", "-l", language, "--psm", "3"],
                    capture_output=True, text=True, timeout=_PAGE_TIMEOUT_S, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired as e:
                raise IngestError(path, f"OCR 第 {number} 页超时（{_PAGE_TIMEOUT_S} 秒）") from e
            if done.returncode != 0:
                log.warning("tesseract failed on %s page %d: %s", path, number, done.stderr.strip()[:200])
                raise IngestError(path, f"OCR 第 {number} 页失败（tesseract 退出码 {done.returncode}）")
            pages.append(done.stdout)
    return pages
