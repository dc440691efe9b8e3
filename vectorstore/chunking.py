"""Structure-aware chunks of a report: sections by heading, then whole sentences.

* The web-page header (发布日期 / 索引号 …) and a pasted file name are left out (metadata reads
  them from the full text). The text before the first heading is a section of its own with
  ``section_path == []`` — the report's opening, which belongs to no heading.
* A section shorter than ``chunk_min`` is merged forward: into its first child (a parent heading
  that opens straight into ``（一）`` — the chunk takes the child's path, which contains the
  parent) or into the next sibling under the same parent (the chunk takes the shared parent's
  path). Merges never cross a level-1 heading; a small section whose neighbours are too big stays
  a small chunk rather than be glued to unrelated text.
* A section longer than ``chunk_size`` is cut between sentences (``。！？；`` and line breaks, also
  before an inline ``二是``), into pieces of about equal size; a sentence longer than ``chunk_size``
  is cut at ``，`` / ``、`` (never between digits: ``1,200``), and only as a last resort between two
  Chinese characters. Never inside a figure. Consecutive chunks of one section share their
  trailing whole sentence(s) up to ``chunk_overlap`` characters.
* Every chunk text is a slice of the normalised text: ``text[c.char_start:c.char_start+len(c.text)]``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from scribe.lexicon.numerals import ORDINAL_CLASS, reading_text
from scribe.lexicon.sentences import SENTENCE_CUT_RE
from scribe.models import Chunk, DocumentMeta
from vectorstore.metadata import Part, split_parts
from vectorstore.structure import ENUMERATION, find_header_end, section_spans

_SOFT_CUT = re.compile(r"[，,、]")
_ENUMERATION_START = re.compile(rf"\s*{ORDINAL_CLASS}是")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class _Group:
    path: list[str]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    sentence: bool  # starts a sentence (False for a piece of a long sentence)
    enumeration: bool = False  # starts with 一是 / 二是 …: a good place to start a chunk

    @property
    def size(self) -> int:
        return self.end - self.start


def chunk_document(
    text: str,
    *,
    doc_id: str,
    chunk_size: int = 450,
    chunk_min: int = 120,
    chunk_overlap: int = 60,
    parts: Sequence[Part] | None = None,
) -> list[Chunk]:
    """Chunks of ``text`` with their section path; with several parts, each chunk names its part's bureau/period.

    Structure is read from the simplified text (traditional 存在問題 is a problems heading); the chunk keeps the
    original characters, at the same offsets.
    """
    original, text = text, reading_text(text)
    if parts is None:
        parts = split_parts(text)
    body_start = find_header_end(text)
    several = len(parts) > 1
    chunks: list[Chunk] = []
    for part in parts:
        start, end = max(part.start, body_start), part.end
        if start >= end:
            continue
        for group in _groups(text, section_spans(text, start, end), chunk_min, chunk_size):
            for span_start, span_end in _pack(
                _units(text, group.start, group.end, chunk_size), chunk_size, chunk_min, chunk_overlap
            ):
                raw = original[span_start:span_end]
                body = raw.strip()
                if not body:
                    continue
                index = len(chunks)
                chunks.append(
                    Chunk(
                        chunk_id=f"{doc_id}:{index:04d}",
                        doc_id=doc_id,
                        index=index,
                        text=body,
                        section_path=list(group.path),
                        char_start=span_start + (len(raw) - len(raw.lstrip())),
                        bureau=part.bureau if several else None,
                        period=part.period if several else None,
                        years=list(part.years) if several else None,
                    )
                )
    return chunks


def embedding_text(chunk: Chunk, meta: DocumentMeta) -> str:
    """What the embedder sees: ``bureau year period | section > path | text``, so a bare ``增速17.7%`` stays findable."""
    bureau = chunk.bureau or meta.bureau
    years = chunk.years if chunk.years is not None else meta.years
    period = chunk.period or meta.period
    head = " ".join(x for x in (bureau, _years_label(years), period) if x)
    pieces = [head] if head else []
    if chunk.section_path:
        pieces.append(" > ".join(chunk.section_path))
    pieces.append(chunk.text)
    return reading_text(" | ".join(pieces))


def _years_label(years: Sequence[int]) -> str:
    if not years:
        return ""
    ordered = sorted(set(years))
    if len(ordered) > 1 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0]}-{ordered[-1]}年"
    return "、".join(str(y) for y in ordered) + "年"


def _is_prefix(prefix: list[str], path: list[str]) -> bool:
    return len(prefix) <= len(path) and path[: len(prefix)] == prefix


def _common(a: list[str], b: list[str]) -> list[str]:
    out: list[str] = []
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        out.append(x)
    return out


def _size(text: str, group: _Group) -> int:
    return len(text[group.start : group.end].strip())


def _groups(
    text: str, sections: list[tuple[list[str], int, int, bool]], chunk_min: int, chunk_size: int
) -> list[_Group]:
    groups: list[_Group] = []

    def flush(small: _Group) -> None:
        # a small last child goes back to its previous sibling when they fit together
        previous = groups[-1] if groups else None
        common = _common(previous.path, small.path) if previous else []
        if previous and common and small.end - previous.start <= chunk_size:
            groups[-1] = _Group(common, previous.start, small.end)
        else:
            groups.append(small)

    pending: _Group | None = None
    for path, start, end, _heading_only in sections:
        current = _Group(path, start, end)
        if pending is not None:
            if _is_prefix(pending.path, path):
                current = _Group(path, pending.start, end)
            elif (common := _common(pending.path, path)) and end - pending.start <= chunk_size:
                current = _Group(common, pending.start, end)
            else:
                flush(pending)
            pending = None
        if current.path and _size(text, current) < chunk_min:
            pending = current
        else:
            groups.append(current)
    if pending is not None:
        flush(pending)
    return groups


def _units(text: str, start: int, end: int, chunk_size: int) -> list[_Unit]:
    """Sentences of ``text[start:end]`` (whitespace-only pieces folded into their neighbour)."""
    cuts = {m.end() for m in SENTENCE_CUT_RE.finditer(text, start, end)}
    cuts.update(m.start() for m in ENUMERATION.finditer(text, start, end))
    units: list[_Unit] = []
    prev = start
    for cut in [*sorted(c for c in cuts if start < c < end), end]:
        if cut <= prev:
            continue
        if not text[prev:cut].strip():
            if not units:
                continue  # leading blank: the first sentence takes it
            units[-1] = _Unit(units[-1].start, cut, units[-1].sentence)
        else:
            units.append(_Unit(prev, cut, True, _ENUMERATION_START.match(text, prev) is not None))
        prev = cut
    out: list[_Unit] = []
    for unit in units:
        out.extend(_split_long(text, unit, chunk_size) if unit.size > chunk_size else [unit])
    return out


def _split_long(text: str, unit: _Unit, chunk_size: int) -> list[_Unit]:
    """A sentence longer than ``chunk_size`` cut at commas (never between digits), else between Chinese characters."""
    cuts = [
        m.end()
        for m in _SOFT_CUT.finditer(text, unit.start, unit.end)
        if not (text[m.start() - 1 : m.start()].isdigit() and text[m.end() : m.end() + 1].isdigit())
    ]
    # Pieces a little under chunk_size, so a heading line before the sentence still fits in its chunk.
    budget = chunk_size - min(chunk_size // 5, 60)
    pieces: list[_Unit] = []
    start = unit.start
    last_ok = None
    for cut in [*cuts, unit.end]:
        if cut - start > budget and last_ok is not None and last_ok > start:
            pieces.append(_Unit(start, last_ok, start == unit.start and unit.sentence))
            start = last_ok
        last_ok = cut
    pieces.append(_Unit(start, unit.end, start == unit.start and unit.sentence))
    out: list[_Unit] = []
    for piece in pieces:
        out.extend(_hard_split(text, piece, chunk_size) if piece.size > chunk_size else [piece])
    return out


def _hard_split(text: str, unit: _Unit, chunk_size: int) -> list[_Unit]:
    out: list[_Unit] = []
    start = unit.start
    while unit.end - start > chunk_size:
        cut = start + chunk_size
        while cut > start + chunk_size // 2 and not _safe_cut(text, cut):
            cut -= 1
        if cut <= start + chunk_size // 2:
            cut = start + chunk_size
            while cut < unit.end and not _safe_cut(text, cut):
                cut += 1
        out.append(_Unit(start, cut, start == unit.start and unit.sentence))
        start = cut
    out.append(_Unit(start, unit.end, start == unit.start and unit.sentence))
    return out


def _safe_cut(text: str, pos: int) -> bool:
    """Between two Chinese characters, neither of which ends or starts a figure (``6099.1万元``)."""
    if pos <= 1 or pos >= len(text):
        return False
    return bool(_CJK.match(text[pos - 1]) and _CJK.match(text[pos]) and not text[pos - 2].isdigit())


def _pack(units: list[_Unit], chunk_size: int, chunk_min: int, overlap: int) -> list[tuple[int, int]]:
    """Consecutive units into spans of about equal size ≤ ``chunk_size``, sharing whole trailing sentences."""
    if not units:
        return []
    total = units[-1].end - units[0].start
    if total <= chunk_size:
        return [(units[0].start, units[-1].end)]
    target = total / math.ceil(total / chunk_size)
    spans: list[list[int]] = []  # unit indexes per chunk
    fresh_sizes: list[int] = []
    current: list[int] = []
    size = fresh = 0
    for i, unit in enumerate(units):
        full = size + unit.size > chunk_size or fresh >= target
        if current and (full or (unit.enumeration and fresh >= 0.6 * target)):
            spans.append(current)
            fresh_sizes.append(fresh)
            current = _overlap(units, current, overlap, chunk_size - unit.size)
            size = sum(units[j].size for j in current)
            fresh = 0
        current.append(i)
        size += unit.size
        fresh += unit.size
    spans.append(current)
    fresh_sizes.append(fresh)
    if len(spans) > 1 and fresh_sizes[-1] < chunk_min:
        merged = sorted(set(spans[-2]) | set(spans[-1]))
        if units[merged[-1]].end - units[merged[0]].start <= chunk_size:
            spans[-2:] = [merged]
    return [(units[s[0]].start, units[s[-1]].end) for s in spans]


def _overlap(units: list[_Unit], previous: list[int], overlap: int, room: int) -> list[int]:
    """Trailing whole sentences of the previous chunk, at most ``overlap`` characters (and what room allows)."""
    budget = min(overlap, room)
    taken: list[int] = []
    used = 0
    for j in reversed(previous):
        if used + units[j].size > budget:
            break
        taken.insert(0, j)
        used += units[j].size
    while taken and not units[taken[0]].sentence:
        taken.pop(0)
    if len(taken) == len(previous):
        return []
    return taken
