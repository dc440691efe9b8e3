"""Files → normalised text: .txt .md .docx .pdf .html, .doc/.wps/.rtf/.odt and .xls (through LibreOffice), .ofd and .xlsx;
each bad input a one-line IngestError in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from scribe.errors import IngestError

from .common import format_size
from .docx import docx_to_text
from .html import html_to_text
from .ofd import ofd_to_text
from .office import convert_to_docx, convert_to_xlsx
from .pdf import pdf_to_text, reflow_pdf
from .tables import table_lines
from .text import decode_text, normalize_text
from .text_tables import tables_as_sentences
from .xlsx import xlsx_to_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "FileFormat",
    "LoadedFile",
    "collect_files",
    "collect_files_and_skips",
    "decode_text",
    "docx_to_text",
    "format_size",
    "html_to_text",
    "load_file",
    "normalize_text",
    "pdf_to_text",
    "reflow_pdf",
    "skip_reason",
    "table_lines",
]

FileFormat = Literal["txt", "md", "docx", "pdf", "html", "doc", "wps", "rtf", "odt", "ofd", "xlsx", "xls"]
_FORMATS: dict[str, FileFormat] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".doc": "doc",
    ".wps": "wps",
    ".rtf": "rtf",
    ".odt": "odt",
    ".ofd": "ofd",
    ".xlsx": "xlsx",
    ".xls": "xls",
}
_CONVERTED: frozenset[FileFormat] = frozenset({"doc", "wps", "rtf", "odt"})
SUPPORTED_SUFFIXES = frozenset(_FORMATS)
_SAVE_AS = {".et": ".xlsx", ".ppt": ".pdf", ".pptx": ".pdf", ".dps": ".pdf", ".docm": ".docx",
            ".dotx": ".docx", ".dot": ".docx", ".wpt": ".docx"}  # fmt: skip
_SUPPORTED_LABEL = "支持 .txt .md .docx .pdf .html .doc .wps .rtf .odt .ofd .xlsx .xls"
_MD_RULES = (
    (re.compile(r"^#{1,6}[ \t]*", re.MULTILINE), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"^>[ \t]?", re.MULTILINE), ""),
    (re.compile(r"^```.*$", re.MULTILINE), ""),
)


class LoadedFile(BaseModel):
    text: str
    format: FileFormat
    encoding: str | None = None
    title_hint: str | None = None
    ocr: bool = False  # the text was read from page images by OCR


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly are kept whatever their type (so a bad one is reported); folders give supported files."""
    return collect_files_and_skips(paths)[0]


def collect_files_and_skips(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """As :func:`collect_files`, plus the files in the folders that were left out, each with the reason."""
    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        for p in sorted(path.rglob("*")):
            if not p.is_file() or any(part.startswith(".") for part in p.relative_to(path).parts):
                continue
            reason = skip_reason(p)
            if reason is None:
                out.append(p)
            else:
                skipped.append((p, reason))
    return list(dict.fromkeys(out)), list(dict.fromkeys(skipped))


def skip_reason(path: Path) -> str | None:
    """Why a file in a folder is not read (None if it is a report file we read)."""
    if path.name.startswith("~$"):
        return "Office 临时文件（文档正在编辑时生成），跳过"
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    return _unsupported(suffix)


def _unsupported(suffix: str) -> str:
    if suffix in _SAVE_AS:
        return f"不支持 {suffix} 文件，请另存为 {_SAVE_AS[suffix]}"
    return f"不支持的文件类型 {suffix or '（无扩展名）'}（{_SUPPORTED_LABEL}）"


def load_file(path: Path, *, max_bytes: int, max_unzipped_bytes: int) -> LoadedFile:
    """Read one report file into normalised text; raise IngestError for anything that cannot be ingested."""
    path = Path(path)
    fmt = _check_path(path, max_bytes)
    data = _read(path)
    if fmt in ("txt", "md"):
        text, encoding = decode_text(path, data)
        if fmt == "md":
            for pattern, repl in _MD_RULES:
                text = pattern.sub(repl, text)
        text = tables_as_sentences(normalize_text(text))
        return LoadedFile(text=_non_empty(path, text), format=fmt, encoding=encoding)
    if fmt in _CONVERTED:
        raw, title = docx_to_text(path, convert_to_docx(path, data), max_unzipped_bytes)
        return LoadedFile(text=_non_empty(path, normalize_text(raw), f"{fmt} 中没有文字"), format=fmt, title_hint=title)
    if fmt == "docx":
        raw, title = docx_to_text(path, data, max_unzipped_bytes)
        return LoadedFile(text=_non_empty(path, normalize_text(raw), "docx 中没有文字"), format=fmt, title_hint=title)
    if fmt == "pdf":
        raw, title, by_ocr = pdf_to_text(path, data)
        return LoadedFile(text=_non_empty(path, normalize_text(raw)), format=fmt, title_hint=title, ocr=by_ocr)
    if fmt == "ofd":
        raw, title = ofd_to_text(path, data, max_unzipped_bytes)
        return LoadedFile(text=_non_empty(path, normalize_text(raw), "OFD 中没有文字"), format=fmt, title_hint=title)
    if fmt in ("xlsx", "xls"):
        book = convert_to_xlsx(path, data) if fmt == "xls" else data
        raw, title = xlsx_to_text(path, book, max_unzipped_bytes)
        return LoadedFile(text=_non_empty(path, normalize_text(raw), "表格中没有内容"), format=fmt, title_hint=title)
    raw, title, encoding = html_to_text(path, data)
    return LoadedFile(
        text=_non_empty(path, normalize_text(raw), "网页中没有正文"), format=fmt, encoding=encoding, title_hint=title
    )


def _check_path(path: Path, max_bytes: int) -> FileFormat:
    if not path.exists():  # checked first: a mistyped folder has no suffix, and "unsupported type" would mislead
        raise IngestError(path, "文件不存在" if path.suffix else "文件或文件夹不存在")
    if path.is_dir():
        raise IngestError(path, "这是文件夹，不是文件")
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise IngestError(path, _unsupported(suffix))
    try:
        size = path.stat().st_size
    except FileNotFoundError as e:
        raise IngestError(path, "文件不存在") from e
    except PermissionError as e:
        raise IngestError(path, "无法读取：权限不足") from e
    except OSError as e:
        raise IngestError(path, f"无法读取：{e.strerror or e}") from e
    if size > max_bytes:
        raise IngestError(path, f"文件超过大小上限 {format_size(max_bytes)}")
    if size == 0:
        raise IngestError(path, "文件为空")
    return _FORMATS[suffix]


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except PermissionError as e:
        raise IngestError(path, "无法读取：权限不足") from e
    except OSError as e:
        raise IngestError(path, f"无法读取：{e.strerror or e}") from e
    if not data:
        raise IngestError(path, "文件为空")
    return data


def _non_empty(path: Path, text: str, reason: str = "文件只有空白，没有文字") -> str:
    if not text.strip():
        raise IngestError(path, reason)
    return text
