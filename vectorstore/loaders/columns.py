"""Tables without ruling lines, found by the x-alignment of their text: a borderless Word table exported to PDF,
an OFD whose cells are text objects placed in columns.

A line is cut into segments where the gap between two pieces of text is wider than ``GAP`` characters (a body
line of a report has no such gap). Three or more consecutive lines of two or more segments, every segment
starting under a column of the first line (the header), ending under its right edge (right-aligned figures) or
centred under it, are a table; its grid goes to :func:`.tables.table_lines` like a ruled table's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .tables import Grid

GAP = 1.5  # a gap wider than this many characters separates two cells
MIN_ROWS = 3
_ALIGN = 1.0  # a cell may start (or end) this many characters off its column's edge


@dataclass(frozen=True, slots=True)
class Segment:
    x0: float
    x1: float
    text: str


def segments(pieces: Sequence[tuple[float, float, str]], char: float) -> list[Segment]:
    """Pieces of one line (x0, x1, text) → segments: pieces closer than ``GAP`` characters joined."""
    out: list[Segment] = []
    for x0, x1, text in sorted(pieces, key=lambda p: p[0]):
        if out and x0 - out[-1].x1 <= GAP * char:
            last = out[-1]
            out[-1] = Segment(last.x0, max(last.x1, x1), last.text + text)
        else:
            out.append(Segment(x0, x1, text))
    return out


def _column(seg: Segment, header: Sequence[Segment], char: float) -> int | None:
    """The header column a cell sits in: it starts under a header cell's start, or ends under its end."""
    tol = _ALIGN * char
    for k, head in enumerate(header):
        right = header[k + 1].x0 if k + 1 < len(header) else float("inf")
        if seg.x1 > right + tol:
            continue  # runs into the next column: not this one's cell
        if abs(seg.x0 - head.x0) <= tol or abs(seg.x1 - head.x1) <= tol:
            return k
        if k > 0 and head.x0 - tol <= (seg.x0 + seg.x1) / 2 <= head.x1 + tol:
            return k  # centred under its header cell (past the label column)
    return None


def _row(line: Sequence[Segment], header: Sequence[Segment], char: float) -> list[str | None] | None:
    if len(line) < 2:
        return None
    cells: list[str | None] = [""] * len(header)
    used: set[int] = set()
    for seg in line:
        k = _column(seg, header, char)
        if k is None or k in used:
            return None
        used.add(k)
        cells[k] = seg.text
    return cells


def aligned_tables(lines: Sequence[Sequence[Segment]], char: float) -> list[tuple[int, int, Grid]]:
    """(first line, line after the last, grid) of every aligned table among ``lines`` (in reading order)."""
    out: list[tuple[int, int, Grid]] = []
    i = 0
    while i < len(lines):
        header = lines[i]
        if len(header) < 2:
            i += 1
            continue
        grid: Grid = [[s.text for s in header]]
        j = i + 1
        while j < len(lines):
            row = _row(lines[j], header, char)
            if row is None:
                break
            grid.append(row)
            j += 1
        if j - i >= MIN_ROWS:
            out.append((i, j, grid))
            i = j
        else:
            i += 1
    return out
