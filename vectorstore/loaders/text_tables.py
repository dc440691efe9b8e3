"""Tables typed into plain text and Markdown, read as sentences like Word's.

Reports pasted into a text file or a web page keep their indicator table as aligned columns
(``规上工业研发费用（亿元） 21.36 18.4% 金华市第1``) or as a Markdown pipe table. Left as they are, the figures sit
apart from their metric and their unit (``21.36`` of what?), so the ledger, the checker and the answers cannot
use them. Each such block becomes the sentences ``tables.table_lines`` writes for any other table.
"""

from __future__ import annotations

import re

from .tables import Grid, is_value, table_lines

_PIPE_ROW = re.compile(r"^\|(.+)\|\s*$")
# a pipe table typed without its outer bars (指标名称 | 单位 | 年度目标): three or more cells between bars
_BARE_PIPE_ROW = re.compile(r"^[^|]+(?:\|[^|]*){2,}$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_GAP = re.compile(r"\s+")
_MIN_ROWS = 3  # a header and two data rows: fewer is a line of prose with spaces in it
_MIN_CELLS = 3
_MAX_CELL_CHARS = 30
_EMPTY_CELLS = frozenset({"—", "-", "－", "/", "／", "——", "--"})
_PROSE_MARKS = "，。；："


def tables_as_sentences(text: str) -> str:
    """``text`` with each typed table replaced by one sentence per row; everything else untouched."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        end, grid = _table_at(lines, i)
        if grid is None:
            out.append(lines[i])
            i += 1
            continue
        out.extend(table_lines(grid))
        i = end
    return "\n".join(out)


def _table_at(lines: list[str], start: int) -> tuple[int, Grid | None]:
    pipe = _pipe_block(lines, start)
    if pipe is not None:
        return pipe
    return _spaced_block(lines, start)


def _pipe_block(lines: list[str], start: int) -> tuple[int, Grid] | None:
    rows: Grid = []
    bare = bool(_BARE_PIPE_ROW.match(lines[start].strip()))
    i = start
    while i < len(lines):
        line = lines[i].strip()
        if _PIPE_RULE.match(line) and "|" in line:
            i += 1
            continue
        m = _BARE_PIPE_ROW.match(line) if bare else _PIPE_ROW.match(line)
        if not m:
            break
        rows.append([_cell(c) for c in (line if bare else m.group(1)).split("|")])
        i += 1
    if len(rows) < _MIN_ROWS - 1 or max(len(r) for r in rows) < 2:
        return None
    if bare and not _bare_table(rows):
        return None
    return i, rows


def _bare_table(rows: Grid) -> bool:
    """Rows cut at bars without outer bars are a table only as a header and data rows of one width, most of them
    with a figure: a line or two of links (首页 | 新闻 | 通知) is page chrome."""
    data = rows[1:]
    with_values = sum(any(c and is_value(c) for c in row[1:]) for row in data)
    return len(rows) >= _MIN_ROWS and len({len(r) for r in rows}) == 1 and with_values * 2 >= len(data)


def _spaced_block(lines: list[str], start: int) -> tuple[int, Grid | None]:
    header = _spaced_cells(lines[start])
    if header is None or any(c is not None and is_value(c) for c in header):
        return start, None
    rows: Grid = [list(header)]
    i = start + 1
    while i < len(lines):
        cells = _spaced_cells(lines[i])
        if cells is None or len(cells) != len(header):
            break
        rows.append(list(cells))
        i += 1
    data = rows[1:]
    with_values = sum(any(c and is_value(c) for c in row[1:]) for row in data)
    if len(rows) < _MIN_ROWS or with_values * 2 < len(data):
        return start, None
    return i, rows


def _spaced_cells(line: str) -> list[str | None] | None:
    line = line.strip()
    if not line or any(mark in line for mark in _PROSE_MARKS):
        return None
    cells = _CELL_GAP.split(line)
    if len(cells) < _MIN_CELLS or any(len(c) > _MAX_CELL_CHARS for c in cells):
        return None
    return [_cell(c) for c in cells]


def _cell(text: str) -> str:
    text = text.strip()
    return "" if text in _EMPTY_CELLS else text
