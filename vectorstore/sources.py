"""Report files read as faithfulness sources (``SourceText``), the way ingestion reads them.

Used where figures are checked against files rather than the store (``scribe check --sources``, the claims
benchmark): the same loaders, the same split of a file into its reports and the same bureau and period rules as
ingestion, so a file gives the same attribution whichever way it is read.
"""

from __future__ import annotations

from pathlib import Path

from scribe.errors import IngestError
from scribe.figures import SourceText
from scribe.lexicon.periods import period_label
from scribe.settings import Settings
from vectorstore.loaders import collect_files, load_file
from vectorstore.metadata import Part, split_parts

_MB = 1024 * 1024
_DEFAULT_MAX_MB = Settings.model_fields["max_file_mb"].default
_DEFAULT_MAX_UNZIPPED_MB = Settings.model_fields["max_unzipped_mb"].default


def read_text(
    path: Path | str, *, max_mb: float = _DEFAULT_MAX_MB, max_unzipped_mb: float = _DEFAULT_MAX_UNZIPPED_MB
) -> str:
    """A report file's normalised text (any supported format and encoding); IngestError names the file and why."""
    return _load(Path(path), max_mb, max_unzipped_mb)[0]


def load_sources(
    path: Path | str, *, max_mb: float = _DEFAULT_MAX_MB, max_unzipped_mb: float = _DEFAULT_MAX_UNZIPPED_MB
) -> list[SourceText]:
    """One source per report in the file (``name.txt#2`` for the second), with its bureau and period."""
    p = Path(path)
    loaded = load_file(p, max_bytes=int(max_mb * _MB), max_unzipped_bytes=int(max_unzipped_mb * _MB))
    text = loaded.text
    parts = split_parts(text, p.name, title_hint=loaded.title_hint)
    if len(parts) == 1:
        return [_source(p.name, p.name, text, parts[0], loaded.ocr)]
    return [
        _source(f"{p.name}#{i + 1}", p.name, text[part.start : part.end], part, loaded.ocr)
        for i, part in enumerate(parts)
    ]


def collect_sources(paths: list[Path]) -> list[SourceText]:
    """Files and folders (every supported report file inside, recursively) as sources."""
    for path in paths:
        if not path.exists():
            raise IngestError(path, "文件或目录不存在")
    return [source for file in collect_files(paths) for source in load_sources(file)]


def _load(path: Path, max_mb: float, max_unzipped_mb: float) -> tuple[str, str | None]:
    loaded = load_file(path, max_bytes=int(max_mb * _MB), max_unzipped_bytes=int(max_unzipped_mb * _MB))
    return loaded.text, loaded.title_hint


def _source(source_id: str, doc: str, text: str, part: Part, ocr: bool) -> SourceText:
    return SourceText(
        source_id=source_id,
        text=text,
        doc=doc,
        bureau=part.bureau,
        period=period_label(part.years, part.period),
        ocr=ocr,
    )
