"""Files → normalised text: .txt .md .docx .pdf .html, each bad input a one-line IngestError in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from scribe.errors import IngestError

from .common import format_size
from .docx import docx_to_text, table_lines
from .html import html_to_text
from .pdf import pdf_to_text, reflow_pdf
from .text import decode_text, normalize_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "FileFormat",
    "LoadedFile",
    "collect_files",
    "decode_text",
    "docx_to_text",
    "format_size",
    "html_to_text",
    "load_file",
    "normalize_text",
    "pdf_to_text",
    "reflow_pdf",
    "table_lines",
]

FileFormat = Literal["txt", "md", "docx", "pdf", "html"]
_FORMATS: dict[str, FileFormat] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_SUFFIXES = frozenset(_FORMATS)
_SUPPORTED_LABEL = "支持 .txt .md .docx .pdf .html"
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


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly are kept whatever their type (so a bad one is reported); folders give supported files."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            out.append(path)
    return list(dict.fromkeys(out))


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
        return LoadedFile(text=_non_empty(path, normalize_text(text)), format=fmt, encoding=encoding)
    if fmt == "docx":
        raw, title = docx_to_text(path, data, max_unzipped_bytes)
        return LoadedFile(text=_non_empty(path, normalize_text(raw), "docx 中没有文字"), format=fmt, title_hint=title)
    if fmt == "pdf":
        raw, title = pdf_to_text(path, data)
        return LoadedFile(text=_non_empty(path, normalize_text(raw)), format=fmt, title_hint=title)
    raw, title, encoding = html_to_text(path, data)
    return LoadedFile(
        text=_non_empty(path, normalize_text(raw), "网页中没有正文"), format=fmt, encoding=encoding, title_hint=title
    )


def _check_path(path: Path, max_bytes: int) -> FileFormat:
    if path.is_dir():
        raise IngestError(path, "这是文件夹，不是文件")
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        if suffix == ".doc":
            raise IngestError(path, "不支持旧版 Word .doc 文件，请另存为 .docx")
        label = suffix or "（无扩展名）"
        raise IngestError(path, f"不支持的文件类型 {label}（{_SUPPORTED_LABEL}）")
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
