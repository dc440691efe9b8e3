"""PDF → text from its text layer, wrapped lines joined back into paragraphs;
scans, locked and undecodable files refused."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

from scribe.errors import IngestError
from scribe.lexicon.headings import HEADING_START_RE

_PAGE_NUMBER = re.compile(r"[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?[-—–\s]*")
_LINE_END = tuple("。！？!?；;：:”）)")
_GARBLE = re.compile("[\ue000-\uf8ff\ufffd]")


def pdf_to_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """Text layer of a PDF, wrapped lines joined back into paragraphs; scans and locked files refused."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        opened_with_blank_password = False
        if reader.is_encrypted:
            try:
                opened_with_blank_password = bool(reader.decrypt(""))
            except DependencyError as e:
                raise IngestError(path, "PDF 已加密（解密需要 cryptography 库）") from e
            if not opened_with_blank_password:
                raise IngestError(path, "PDF 已加密，需要密码才能读取")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = _pdf_title(reader)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError, zlib.error) as e:
        raise IngestError(path, "PDF 文件已损坏或不完整") from e
    if not pages:
        raise IngestError(path, "PDF 没有页面")
    text = reflow_pdf(pages)
    visible = re.sub(r"\s+", "", text)
    if len(visible) < 2:
        if opened_with_blank_password:
            raise IngestError(path, "PDF 已加密，读不出文字层")
        raise IngestError(path, "PDF 没有文字层（可能是扫描件），请先 OCR")
    if len(_GARBLE.findall(visible)) > 0.3 * len(visible):
        raise IngestError(path, "PDF 文字层无法解码（字体缺少 Unicode 映射），请先 OCR")
    return text, title


def _pdf_title(reader: object) -> str | None:
    meta = getattr(reader, "metadata", None)
    title = getattr(meta, "title", None) if meta is not None else None
    return str(title).strip() or None if title else None


def reflow_pdf(pages: list[str]) -> str:
    """Join lines the PDF wrapped mid-sentence; drop page numbers and lines repeated on most pages."""
    page_lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts: dict[str, int] = {}
        for lines in page_lines:
            for line in set(lines):
                counts[line] = counts.get(line, 0) + 1
        repeated = {line for line, n in counts.items() if n >= 0.6 * len(pages) and len(line) <= 40}
    lines = [ln for page in page_lines for ln in page if ln not in repeated and not _PAGE_NUMBER.fullmatch(ln)]
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
        if wrapped:
            joiner = " " if previous[-1].isascii() and previous[-1].isalnum() and line[0].isascii() else ""
            out[-1] = previous + joiner + line
        else:
            out.append(line)
    return "\n".join(out)
