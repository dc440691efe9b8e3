"""Tables as sentences that keep their metric names.

An indicator table ``指标 | 完成值 | 增速 | 排名`` with the row ``规上工业研发费用 | 6099.1万元 | 17.7% | 预计全市前3``
becomes ``规上工业研发费用完成值6099.1万元，增速17.7%，排名预计全市前3。`` — the sentence a report would have
written, so the figure ledger, the checker and ``compare --metric`` find the metric next to its figure. Two header
rows (a merged group cell over its columns) are read as one header per column; a unit in a header
(``完成值（万元）``) moves onto its bare numbers; a title row above the header (one cell merged across) stays a
line of its own. Word, PDF, OFD and spreadsheet tables all come here as a grid:
``None`` marks a cell covered by the merged cell to its left.
"""

from __future__ import annotations

import re

from scribe.figures.patterns import UNITS
from scribe.lexicon.indicators import GROWTH_WORDS, RANK_WORDS, alternatives, is_unit_column, takes_row_unit
from scribe.lexicon.periods import months_note, without_leading_months

Grid = list[list[str | None]]

_VALUE = re.compile(r"^[-+−]?\d[\d,，.]*\s*(?:%|％|‰|[^\d\s]{0,4})$")
_NOT_VALUE_END = ("年", "月", "日", "季度", "期")
_DATED_LABEL = re.compile(r"^\d{1,4}\s?(?:年|月|季度)")  # 2024年完成 / 9月末 head a column, they are no figure
_HEADER_UNIT = re.compile(r"^(.*?)\s*[（(]\s*([^（()）\d]{1,4})\s*[）)]$")
_BARE_NUMBER = re.compile(r"^[-+−]?\d[\d,，.]*$")
_UNIT_ROW = re.compile(r"^单位\s*[:：]")
_GROWTH_HEADER = re.compile(rf"(?:同比)?(?:{alternatives(GROWTH_WORDS)})(?:率|幅度)?|同比")
_WORDED_VALUE = re.compile(r"^[\u4e00-\u9fff]{2,}")
_RANK_HEADER = re.compile(alternatives(RANK_WORDS, ("序号",)))
_SERIAL_HEADERS = frozenset({"序号", "编号", "No.", "No"})
_MAGNITUDES = ("万", "亿", "千", "百", "十")
_SENTENCE_END = ("。", "；", ";", "！", "？")
_PROSE_CHARS = 16
_PROSE_MARKS = "，。；：,;:"


def is_value(cell: str) -> bool:
    """A figure cell (``6099.1万元``, ``17.7%``, ``12``), not a label such as ``2024年`` or ``1-5月``."""
    cell = cell.strip()
    return (
        bool(cell) and bool(_VALUE.match(cell)) and not cell.endswith(_NOT_VALUE_END) and not _DATED_LABEL.match(cell)
    )


def _is_unit(text: str) -> bool:
    """A measure (``亿元``, ``家``, ``%``, ``万人次``), not a qualifier such as ``有效期内`` or ``1-9月``."""
    bare = text.strip().lstrip("".join(_MAGNITUDES)) or text.strip()
    return bare in UNITS or bare.endswith("元")


def _unit_of(cell: str) -> tuple[str, str] | None:
    """``完成值（万元）`` → (``完成值``, ``万元``); None when the brackets hold no unit."""
    m = _HEADER_UNIT.match(cell)
    return (m.group(1), m.group(2)) if m and _is_unit(m.group(2)) else None


def _clean(cell: str | None) -> str | None:
    return None if cell is None else " ".join(cell.split())


def _filled(row: list[str | None]) -> list[str]:
    """A header row with each merged cell's text carried over the columns it covers."""
    out: list[str] = []
    for cell in row:
        out.append(out[-1] if cell is None and out else (cell or ""))
    return out


def _header_rows(grid: Grid) -> int:
    """How many leading rows are header: the first unless it holds figures; a second one without figures under
    a first that merges cells or shares its first cell (a label merged down over both rows)."""
    if len(grid) < 2:
        return 0
    first = grid[0]
    texts = [c for c in first if c]
    if len(texts) < 2 or any(is_value(c) for c in texts[1:]):
        return 0
    if len(grid) >= 3:
        second = grid[1]
        if not any(is_value(c) for c in second if c) and (
            None in first or second[0] in ("", None) or second[0] == first[0]
        ):
            return 2
    return 1


def _column_headers(rows: Grid) -> list[str]:
    filled = [_filled(row) for row in rows]
    width = max(len(row) for row in filled)
    out: list[str] = []
    for col in range(width):
        parts: list[str] = []
        for row in filled:
            text = row[col] if col < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        out.append("".join(parts))
    return out


def _pair(header: str, value: str, row_unit: str | None = None) -> str:
    unit = _unit_of(header)
    if unit:
        header = unit[0]
    if unit and _BARE_NUMBER.match(value):
        value += unit[1]
    elif row_unit and _BARE_NUMBER.match(value) and not _RANK_HEADER.search(header) and takes_row_unit(header):
        value += row_unit  # 技术交易额（亿元） | 18.95: the row's unit, except in a rank or rate column
    if _GROWTH_HEADER.fullmatch(header) and _WORDED_VALUE.match(value):
        return value  # 增速 | 完成率47.4%: the cell names its own measure
    return f"{header}{value}"


def _is_prose(cell: str) -> bool:
    """A cell that is a sentence of its own (a remark, a description), not a figure or a short label."""
    return len(cell) > _PROSE_CHARS or any(ch in cell for ch in _PROSE_MARKS)


def _end(line: str) -> str:
    line = line.rstrip("，,、 ")
    return line if line.endswith(_SENTENCE_END) else line + "。"


def table_lines(grid: Grid) -> list[str]:
    """One sentence per data row: its label, then each column's header with the row's value."""
    rows = [[_clean(c) for c in row] for row in grid]
    rows = [row for row in rows if any(row)]
    rows = [row for row in rows if not (len([c for c in row if c]) == 1 and _UNIT_ROW.match(next(c for c in row if c)))]
    captions: list[str] = []
    while len(rows) > 2 and len([c for c in rows[0] if c]) == 1 and not any(is_value(c) for c in rows[0] if c):
        captions.append(next(c for c in rows.pop(0) if c))  # a title merged across the table: its caption
    if not rows:
        return []
    if captions:
        return captions + table_lines(rows)
    n_header = _header_rows(rows)
    if n_header == 0:
        return [_end("，".join(c for c in row if c)) for row in rows]
    headers = _column_headers(rows[:n_header])
    serial = {i for i, h in enumerate(headers) if h in _SERIAL_HEADERS}
    label_col = next((i for i in range(len(headers)) if i not in serial), 0)
    out: list[str] = []
    for row in rows[n_header:]:
        cells = [(i, c) for i, c in enumerate(row) if c is not None and c and i not in serial]
        if not cells:
            continue
        if len(cells) == 1:  # a row that only names a group (一、创新主体)
            out.append(cells[0][1])
            continue
        first = row[label_col] if label_col < len(row) else None
        label = first if first and not is_value(first) else ""
        row_unit = _unit_of(label)
        if row_unit:
            label = row_unit[0]
        values = [(headers[i] if i < len(headers) else "", c) for i, c in cells if not (label and i == label_col)]
        # a 单位 column (家 / 亿元 / %) is the row's unit, put on its bare numbers, not a figure of its own
        unit_cells = [c for h, c in values if is_unit_column(h) and _is_unit(c)]
        if unit_cells:
            row_unit = row_unit or ("", unit_cells[0])
            values = [(h, c) for h, c in values if not is_unit_column(h)]
        if label and len(values) == 1 and _is_prose(values[0][1]):  # 备注 | a sentence: the sentence under its label
            out.append(_end(f"{label}：{values[0][1]}"))
            continue
        if months_note(label):  # 研发费用（1—4月） under 1—5月完成: the row is of its own months, not its column's
            values = [(without_leading_months(h), c) for h, c in values]
        unit = row_unit[1] if row_unit else None
        parts = [f"{h}：{c}" if _is_prose(c) and h else _pair(h, c, unit) for h, c in values]
        out.append(_end(label + "，".join(parts)))
    return out
