"""Read a report file as ``SourceText``: UTF-8 or GB18030, bureau and period where the text says.

A file that glues two reports together (a district's summary, then 市科技局's) is split into
one source per report so that bureau checks work; the ingestion team has a fuller extractor.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from scribe.errors import IngestError

from .models import SourceText
from .places import detect_bureau

_PART_RE = re.compile(
    r"(?<=[。\n])\s*(?:[\u4e00-\u9fff]{0,4}[市区县])?(?:科学技术局|科技局)\s*(?:\d{4}|20XX)?年?(?:上半年|全年)?(?:工作)?总结"
)
_PERIOD_RE = re.compile(r"(\d{4})年?(上半年|下半年|全年|度)?\s*(?:工作)?(?:总结|情况)")
SOURCE_SUFFIXES = (".txt", ".md")


def read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030; undecodable bytes become U+FFFD."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise IngestError(path, f"无法读取文件：{e.strerror}") from e
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def detect_period(text: str) -> str | None:
    """``2024年上半年`` from a title such as 洞头区科学技术局2024年上半年工作总结."""
    m = _PERIOD_RE.search(text[:200])
    if not m:
        return None
    span = m.group(2) or ""
    return f"{m.group(1)}年{'全年' if span == '度' else span}"


def split_parts(text: str) -> list[str]:
    """Split a file holding several reports at each later report title."""
    cuts = [m.start() for m in _PART_RE.finditer(text) if m.start() > 200]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in pairwise(bounds) if text[a:b].strip()]


def _source(source_id: str, doc: str, text: str) -> SourceText:
    return SourceText(source_id=source_id, text=text, doc=doc, bureau=detect_bureau(text), period=detect_period(text))


def load_source_file(path: Path | str) -> SourceText:
    """The whole file as one source."""
    p = Path(path)
    return _source(p.name, p.name, read_text(p))


def load_sources(path: Path | str) -> list[SourceText]:
    """One source per report in the file (``name.txt#2`` for the second)."""
    p = Path(path)
    parts = split_parts(read_text(p))
    if len(parts) <= 1:
        return [load_source_file(p)]
    return [_source(f"{p.name}#{i + 1}", p.name, part) for i, part in enumerate(parts)]


def collect_sources(paths: list[Path]) -> list[SourceText]:
    """Files and directories (``.txt`` / ``.md``, recursively) as sources."""
    out: list[SourceText] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SOURCE_SUFFIXES and child.is_file():
                    out.extend(load_sources(child))
        elif path.is_file():
            out.extend(load_sources(path))
        else:
            raise IngestError(path, "文件或目录不存在")
    return out
