"""Sentences, items and clauses of Chinese report text: where one statement ends and the next begins.

Three grains, each a superset of the boundaries of the one before:

* a **sentence** ends at 。！？ (and their ASCII forms) or a line break;
* an **item** also ends at ；: reports list their results as ``…；…；…。``, and each item is a statement of its own;
* a **clause** also ends at ，、：.

Chunking cuts at sentence ends with more care (closing quotes stay with their sentence, OCR's ``2o`` for
``2。``, a colon that is not inside a time such as 10:30): :data:`SENTENCE_CUT_RE`.
"""

from __future__ import annotations

import re

SENTENCE_ENDS = "。！？!?"
INNER_ENDS = "；;，,、：:"  # where a clause ends inside a sentence
ITEM_ENDS = SENTENCE_ENDS + "；;"
CLAUSE_ENDS = SENTENCE_ENDS + INNER_ENDS
CLOSING_QUOTES = "”’」』\"'"

SENTENCE_RE = re.compile(rf"[^{SENTENCE_ENDS}\n]+[{SENTENCE_ENDS}]?")
ITEM_RE = re.compile(rf"[^{ITEM_ENDS}\n]+[{ITEM_ENDS}]?")
SENTENCE_BOUNDARY_RE = re.compile(rf"[{SENTENCE_ENDS}\n]+")
CLAUSE_SPLIT_RE = re.compile(rf"[{CLAUSE_ENDS}\n]")

# Where a chunk may end: after 。！？； (with any closing quote), after line breaks, after OCR's "2o" for "2。",
# and after ：: that is not between digits. One leading character class lets the regex engine skip ahead fast.
SENTENCE_CUT_RE = re.compile(
    rf"[{ITEM_ENDS}\noO：:](?:(?<=[{ITEM_ENDS}])[{ITEM_ENDS}]*[{CLOSING_QUOTES}]?|(?<=\n)\n*"
    r"|(?<=\d[oO])(?=[\u4e00-\u9fff（(])|(?<=[：:])(?<!\d[：:])(?!\d))"
)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, empty ones left out."""
    return [s for m in SENTENCE_RE.finditer(text) if (s := m.group().strip())]


def items(text: str) -> list[str]:
    """The ；-separated items of ``text`` (each sentence, or each part of a listing sentence), stripped."""
    return [s for m in ITEM_RE.finditer(text) if (s := m.group().strip())]


def clauses(text: str) -> list[str]:
    """The clauses of ``text`` (split at every clause, item and sentence end), stripped, empty ones left out."""
    return [c for part in CLAUSE_SPLIT_RE.split(text) if (c := part.strip())]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``, its closing mark (，；。…) included; blank clauses left out."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in CLAUSE_SPLIT_RE.finditer(text):
        if text[pos : m.start()].strip():
            spans.append((pos, m.end() if text[m.start()] != "\n" else m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of each sentence; a sentence's end includes its 。 but not a line break."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in SENTENCE_BOUNDARY_RE.finditer(text):
        if m.start() > pos:
            starts.append(pos)
            ends.append(m.start() + (1 if text[m.start()] != "\n" else 0))
        pos = m.end()
    if pos < len(text):
        starts.append(pos)
        ends.append(len(text))
    if not starts:
        starts, ends = [0], [len(text)]
    return starts, ends
