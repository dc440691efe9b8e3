"""Heading hierarchy and web-page header of Chinese official documents.

Headings are found by pattern in running text rather than line by line, so the same rules
work on line-broken text and on reports pasted from Word into a single line:

* level 1 ``一、``; level 2 ``（一）`` / ``(一)``; level 3 ``1.`` / ``1、`` / ``1．`` / ``1 .``;
  level 4 ``（1）`` / ``(1)``.
* A marker counts only if its ordinal continues the sequence of its level under the current
  parent (``（二）`` after ``（一）``; a new parent starts its children at 1). One skipped ordinal
  is tolerated at a sentence boundary (OCR sometimes eats a heading).
* It must also stand at a boundary — start of text or line, or after ``。；！？：`` (also after
  ``2o``, OCR's reading of ``2。``) — or straight after the title of the heading before it
  (``一、亮点工作(一)荣获…``). Parenthesised markers that are the exact next ordinal are taken
  anywhere, because a lost full stop (``增长25机(二)做大…``) must not lose a section.
* ``1.`` never follows a digit or ``.`` and is never followed by a digit, so ``6099.1万元`` and
  ``2.97亿元`` are numbers, not headings.

A heading's title runs from the marker to the first of: ``。；：！？``, a line break, an inline
enumeration (``一是``), the next heading, or the start of a period/figure context that opens the
body in flattened text (``1-5月``, ``2024年是``, ``今年以来``, ``截至``). If that is more than
:data:`MAX_TITLE` characters away, the title is cut at the first comma within the limit, else at
the limit; the full text always stays in the chunk, only the section label is shortened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scribe.lexicon.headings import ANNEX_LINE_RE, ENUMERATION_RE, ENUMERATION_TITLE_STOP
from scribe.lexicon.numerals import ORDINAL_CHARS, cn_ordinal
from scribe.models import Section

MAX_TITLE = 30
_TITLE_SCAN = 80

# One leading character class lets the regex engine skip ahead fast; the branch is read from the
# first character: 一、 (level 1), （一） (2), 1. (3), （1） (4).
_O = ORDINAL_CHARS
_MARKER = re.compile(
    rf"[{_O}（(0-9](?:"
    rf"(?<=[{_O}])[{_O}]{{0,2}}、"
    rf"|(?<=[（(])[ \t]?(?:[{_O}]{{1,3}}|\d{{1,2}})[ \t]?[）)]"
    r"|(?<=\d)\d?[ \t]?[.．、](?![\d.．%]))"
)
_SKIP_BACK = " \t\u3000\xa0#*>"
_TERMINATORS = frozenset("。；;！!？?：:")
_CLOSERS = frozenset("”’」』】）)\"'")
_NO_L1_BEFORE = frozenset("第、")

ENUMERATION = ENUMERATION_RE
_TITLE_STOP = re.compile(rf"[。；;！!？?：:\n]|{ENUMERATION_TITLE_STOP}")
_TITLE_CONTEXT = re.compile(
    r"\d{1,2}\s*[-—~至到]\s*\d{1,2}\s*月|[XＸx]{1,2}\s*[-—~至]\s*[XＸx]{1,2}\s*月"
    r"|(?:19|20)[\dXＸx]{2}年(?:以来|是|[,，]|上半年[,，]|全年)|今年以来|截至|截止"
)
_COMMA = re.compile(r"[,，]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading found in the text: where its marker starts and where its title begins."""

    level: int
    ordinal: int
    marker: str  # canonical form: 一、 / （一） / 1. / （1）
    title: str
    start: int
    title_start: int

    @property
    def label(self) -> str:
        return f"{self.marker}{self.title}"

    def section(self) -> Section:
        return Section(level=self.level, marker=self.marker, title=self.title)


@dataclass(frozen=True, slots=True)
class _Candidate:
    level: int
    ordinal: int
    start: int
    end: int


def _candidates(text: str, start: int, end: int) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _MARKER.finditer(text, start, end):
        raw = m.group()
        before = text[m.start() - 1] if m.start() > 0 else ""
        if raw[0] in "（(":
            inner = raw.strip("（()） \t")
            level, ordinal = (4, int(inner)) if inner.isdigit() else (2, cn_ordinal(inner))
        elif raw[0].isdigit():
            if before and (before.isdigit() or before in ".．"):
                continue  # 6099.1 / 2.97: a number, not a heading
            level, ordinal = 3, int(raw.rstrip(".．、 \t"))
        else:
            if before and (before in _NO_L1_BEFORE or before in ORDINAL_CHARS):
                continue
            level, ordinal = 1, cn_ordinal(raw[:-1])
        if ordinal > 0:
            out.append(_Candidate(level, ordinal, m.start(), m.end()))
    return out


def at_boundary(text: str, pos: int, floor: int = 0) -> bool:
    """True if ``pos`` starts a sentence: text start, a new line, or after 。；！？： (or OCR's ``2o``)."""
    i = pos - 1
    while i >= floor and text[i] in _SKIP_BACK:
        i -= 1
    if i < floor:
        return True
    ch = text[i]
    if ch == "\n" or ch in _TERMINATORS:
        return True
    if ch in _CLOSERS and i > floor and text[i - 1] in _TERMINATORS:
        return True
    return ch in "oO" and i > floor and text[i - 1].isdigit()


def _canonical_marker(level: int, ordinal: int, raw: str) -> str:
    if level == 1:
        return raw
    if level == 2:
        return "（" + raw.strip("（()） \t") + "）"
    if level == 4:
        return f"（{ordinal}）"
    return f"{ordinal}."


def detect_headings(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """Headings of ``text[start:end]`` in order; ordinal sequences restart at ``start``."""
    return list(_detect(text, start, len(text) if end is None else end))


@lru_cache(maxsize=8)  # metadata and chunking both read the headings of the same text
def _detect(text: str, start: int, end: int) -> tuple[Heading, ...]:
    last: dict[int, int | None] = {1: None, 2: None, 3: None, 4: None}
    accepted: list[_Candidate] = []
    for cand in _candidates(text, start, end):
        prev = last[cand.level]
        boundary = at_boundary(text, cand.start, start)
        if prev is None:
            # 二、 with no 一、 before it: the first level-1 heading was lost or merged into the title
            # (a summary whose （一）…（六） stand under no 一、 and then 二、…工作思路 follows).
            implicit_first = cand.level == 1 and cand.ordinal == 2 and boundary and bool(accepted)
            in_sequence = cand.ordinal == 1 or implicit_first
        else:
            in_sequence = cand.ordinal == prev + 1 or (cand.ordinal == prev + 2 and boundary)
        if not in_sequence:
            continue
        if not (boundary or _after_title(text, accepted, cand)):
            expected_next = prev is not None and cand.ordinal == prev + 1
            if not (cand.level in (2, 4) and expected_next):
                continue
        accepted.append(cand)
        last[cand.level] = cand.ordinal
        for deeper in range(cand.level + 1, 5):
            last[deeper] = None
    headings: list[Heading] = []
    for i, cand in enumerate(accepted):
        limit = accepted[i + 1].start if i + 1 < len(accepted) else end
        title = _title(text, cand.end, min(limit, end))
        raw = text[cand.start : cand.end]
        marker = _canonical_marker(cand.level, cand.ordinal, raw)
        headings.append(Heading(cand.level, cand.ordinal, marker, title, cand.start, cand.end))
    return tuple(headings)


def _after_title(text: str, accepted: list[_Candidate], cand: _Candidate) -> bool:
    """True if ``cand`` directly follows the previous heading's title (``一、亮点工作(一)…``)."""
    if not accepted:
        return False
    prev = accepted[-1]
    gap = cand.start - prev.end
    return 0 <= gap <= MAX_TITLE and _TITLE_STOP.search(text, prev.end, cand.start) is None


def _title(text: str, start: int, limit: int) -> str:
    window_end = min(limit, start + _TITLE_SCAN)
    stop = window_end
    m = _TITLE_STOP.search(text, start, window_end)
    if m:
        stop = m.start()
    ctx = _TITLE_CONTEXT.search(text, start + 2, stop)
    if ctx:
        stop = ctx.start()
    if stop - start > MAX_TITLE:
        comma = _COMMA.search(text, start + 4, start + MAX_TITLE + 1)
        stop = comma.start() if comma else start + MAX_TITLE
    return _SPACES.sub(" ", text[start:stop]).strip(" ,，、")


def section_spans(text: str, start: int, end: int) -> list[tuple[list[str], int, int, bool]]:
    """Sections of ``text[start:end]`` as (path, start, end, heading_only), the preamble first with path ``[]``.

    ``heading_only`` marks a section whose whole text is its heading line (a parent that opens
    straight into its first child).
    """
    headings = detect_headings(text, start, end)
    out: list[tuple[list[str], int, int, bool]] = []
    first = headings[0].start if headings else end
    if text[start:first].strip():
        out.append(([], start, first, False))
    stack: list[Heading] = []
    for i, h in enumerate(headings):
        while stack and stack[-1].level >= h.level:
            stack.pop()
        stack.append(h)
        stop = headings[i + 1].start if i + 1 < len(headings) else end
        body = text[h.title_start : stop].strip()
        heading_only = len(body) <= len(h.title) + 1
        out.append(([x.label for x in stack], h.start, stop, heading_only))
    return _with_annexes(text, out, start, end)


def _with_annexes(
    text: str, spans: list[tuple[list[str], int, int, bool]], start: int, end: int
) -> list[tuple[list[str], int, int, bool]]:
    """An annex line (附件：…主要指标完成情况表) ends the section it sits in and opens a part of its own: the table
    after a report's plan holds the period's results, not the plan's targets."""
    annexes = [m for m in ANNEX_LINE_RE.finditer(text, start, end) if at_boundary(text, m.start(), start)]
    if not annexes:
        return spans
    out: list[tuple[list[str], int, int, bool]] = []
    for path, s, e, only in spans:
        inside = [m for m in annexes if s < m.start() < e and text[s : m.start()].strip()]
        if not inside:
            out.append((path, s, e, only))
            continue
        cuts = [s] + [m.start() for m in inside] + [e]
        out.append((path, s, cuts[1], only))
        for m, a, b in zip(inside, cuts[1:-1], cuts[2:], strict=True):
            label = text[m.start() : m.end()].strip().lstrip("#").strip()
            out.append(([label], a, b, False))
    return out


# --- web-page publishing header (发布日期 / 索引号 / 字体 …) ---------------------------------

_HEADER_LABEL = re.compile(
    r"^[•·\-*【\[]?\s*(?:索引号|组配分类|主题分类|发布机构|发文机关|成文日期|发布日期|发布时间|公开方式|公开范围|"
    r"公开时限|浏览次数|阅读次数|点击数|访问量|来源|信息来源|网站名称|字体|文号|发文字号|有效性|作者|编辑|责任编辑|时间|日期|"
    r"分享到|打印|关闭)\s*(?:[:：]|$|[\[\]】]|\s)"
)
_BULLET_LINE = re.compile(r"^[•·]\s*\S")
_FILE_NAME_LINE = re.compile(r"\.(?:docx?|wps|pdf|txt|html?)\s*$", re.IGNORECASE)
_HEADER_MAX_LINE = 80
_HEADER_FIRST_WITHIN = 4  # the block must start among the first non-empty lines


def _is_header_line(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > _HEADER_MAX_LINE:
        return False
    return bool(_HEADER_LABEL.match(s) or _BULLET_LINE.match(s) or _FILE_NAME_LINE.search(s))


def find_header_end(text: str) -> int:
    """Offset where the report body starts, after a web-page publishing header or a pasted file name.

    The header is a block of label lines (发布日期:…, • 索引号: …) or a leading ``xxx.docx`` line
    among the first non-empty lines; everything up to its last line (including a title line above
    it, which metadata keeps) is left out of the chunks. 0 when there is no such block.
    """
    pos = 0
    seen = 0
    block_end = 0
    in_block = False
    length = len(text)
    while pos < length and seen < 40:
        nl = text.find("\n", pos)
        line_end = length if nl < 0 else nl + 1
        line = text[pos:line_end]
        if line.strip():
            seen += 1
            if _is_header_line(line):
                if in_block or seen <= _HEADER_FIRST_WITHIN:
                    in_block = True
                    block_end = line_end
            elif in_block or seen > _HEADER_FIRST_WITHIN:
                break
        pos = line_end
    return block_end
