"""The anatomy of a bureau's report: its parts, their level-1 blocks and roles, a plan's sections and items.

A :class:`ReportPart` is one bureau's report read back from the catalog as one text (a file holding
two reports gives two parts), with a map from offsets to chunk ids. Its level-1 sections get a role
from their titles — summary, problems (存在问题) or plan (工作思路/计划). The plan's sections and items
(一是… / 1.) are what the style profile (:mod:`chains.style`) counts and what the offline drafter re-uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

from scribe.lexicon.headings import TITLE_END_RE, SectionRole, heading_role
from scribe.lexicon.numerals import cn_ordinal
from scribe.lexicon.places import place_of
from scribe.models import Document
from vectorstore.catalog import Catalog
from vectorstore.structure import ENUMERATION, at_boundary, detect_headings

MAX_ITEM_TITLE = 25


class Block(BaseModel):
    """A level-1 section of a report part (or the text before the first one)."""

    role: SectionRole
    heading: str  # 三、下步工作思路; "" for the opening text
    title: str
    start: int
    body_start: int
    end: int


class PlanItem(BaseModel):
    marker: str  # 一是 / 1. / "" when the section is one paragraph
    title: str  # 抓科创平台建设; "" when the first sentence is long
    text: str  # without the marker
    start: int  # offset of ``text`` in the part


class PlanSection(BaseModel):
    marker: str  # （一）
    title: str
    intro: str = ""  # text between the heading and the first item
    items: list[PlanItem] = Field(default_factory=list)
    start: int
    end: int


class Problem(BaseModel):
    title: str  # 规上工业研发投入后劲不足
    text: str
    start: int
    end: int


class ReportPart(BaseModel):
    """One bureau's report as one text; ``pieces`` map offsets of ``text`` to chunk ids."""

    key: str  # the bureau, or the file name when the report names none
    bureau: str | None
    doc_id: str
    file_name: str
    region_level: str | None = None
    years: list[int] = Field(default_factory=list)
    period: str | None = None
    text: str
    pieces: list[tuple[int, int, str]] = Field(default_factory=list)

    def chunk_ids(self, start: int, end: int) -> list[str]:
        return [cid for a, b, cid in self.pieces if a < end and b > start]

    def blocks(self) -> list[Block]:
        heads = [h for h in detect_headings(self.text) if h.level == 1]
        out: list[Block] = []
        first = heads[0].start if heads else len(self.text)
        if self.text[:first].strip():
            out.append(Block(role=SectionRole.REVIEW, heading="", title="", start=0, body_start=0, end=first))
        for i, h in enumerate(heads):
            end = heads[i + 1].start if i + 1 < len(heads) else len(self.text)
            role = heading_role(h.title) or SectionRole.REVIEW
            out.append(
                Block(
                    role=role,
                    heading=h.label,
                    title=h.title,
                    start=h.start,
                    body_start=_body_start(self.text, h.title_start, h.title),
                    end=end,
                )
            )
        return out

    def role_blocks(self, role: SectionRole) -> list[Block]:
        return [b for b in self.blocks() if b.role is role]

    @property
    def label(self) -> str:
        return self.bureau or f"未署名{self.region_level or ''}科技局（{self.file_name}）"


def _body_start(text: str, title_start: int, title: str) -> int:
    found = text.find(title, title_start, title_start + len(title) + 8) if title else -1
    pos = found + len(title) if found >= 0 else title_start
    while pos < len(text) and text[pos] in "。，,、：: \t\n\u3000":
        pos += 1
    return pos


# -- reading parts back from the catalog ------------------------------------------------------------------------


def report_parts(catalog: Catalog, doc: Document) -> list[ReportPart]:
    """The document's reports, one part per run of chunks with the same bureau, period and years."""
    parts: list[ReportPart] = []
    covered = 0
    current: tuple[object, ...] | None = None
    for chunk in sorted(catalog.document_chunks(doc.doc_id), key=lambda c: (c.char_start, c.index)):
        bureau = chunk.bureau or doc.meta.bureau
        years = chunk.years if chunk.years is not None else doc.meta.years
        period = chunk.period or doc.meta.period
        key = (bureau, period, tuple(years))
        if key != current:
            current = key
            parts.append(
                ReportPart(
                    key=bureau or doc.file_name if not parts else bureau or f"{doc.file_name}#{len(parts) + 1}",
                    bureau=bureau,
                    doc_id=doc.doc_id,
                    file_name=doc.file_name,
                    region_level=place_of(bureau).level or doc.meta.region_level,
                    years=list(years),
                    period=period,
                    text="",
                )
            )
        part = parts[-1]
        skip = max(0, covered - chunk.char_start)
        piece = chunk.text[skip:]
        if chunk.char_start > covered and part.text:
            part.text += "\n"
        covered = max(covered, chunk.char_start + len(chunk.text))
        if piece:
            part.pieces.append((len(part.text), len(part.text) + len(piece), chunk.chunk_id))
            part.text += piece
    return parts


def corpus_parts(catalog: Catalog) -> list[ReportPart]:
    return [p for doc in catalog.list_documents() for p in report_parts(catalog, doc)]


def select_parts(parts: Sequence[ReportPart], ref: str) -> list[ReportPart]:
    """Parts of one bureau: by exact name, by place name (洞头区科技局 = 洞头区科学技术局), or by file name."""
    exact = [p for p in parts if ref in (p.key, p.bureau)]
    if exact:
        return exact
    place = place_of(ref)
    if place.name:
        same = [p for p in parts if p.bureau and place_of(p.bureau)[:2] == place[:2]]
        if same:
            return same
    return [p for p in parts if ref in (p.file_name, p.file_name.rsplit(".", 1)[0]) and p.bureau is None]


# -- anatomy: plan sections and items, problems -----------------------------------------------------------------


def enumerations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of 一是/二是… markers in sequence; a new 一是 at a sentence start restarts the count."""
    out: list[tuple[int, int]] = []
    last = 0
    for m in ENUMERATION.finditer(text, start, end):
        ordinal = cn_ordinal(m.group()[:-1])
        if ordinal == last + 1 or (ordinal == 1 and at_boundary(text, m.start(), start)):
            out.append((m.start(), m.end()))
            last = ordinal
    return out


def _items(text: str, start: int, end: int) -> tuple[str, list[PlanItem]]:
    subs = [h for h in detect_headings(text, start, end) if h.level == 3]
    marks = [(h.start, h.title_start, h.marker) for h in subs]
    if not marks:
        marks = [(a, b, text[a:b]) for a, b in enumerations(text, start, end)]
    if not marks:
        body = text[start:end].strip()
        return "", [PlanItem(marker="", title=_item_title(body), text=body, start=start)] if body else []
    items = []
    for i, (_, t_start, marker) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else end
        body = text[t_start:stop].strip()
        items.append(PlanItem(marker=marker, title=_item_title(body), text=body, start=t_start))
    return text[start : marks[0][0]].strip(), items


def _item_title(body: str) -> str:
    m = TITLE_END_RE.search(body)
    stop = m.start() if m else len(body)
    return body[:stop] if stop <= MAX_ITEM_TITLE else ""


def plan_sections(part: ReportPart, block: Block) -> tuple[str, list[PlanSection]]:
    """The plan's opening text and its sections (level 2, else level 3, else the whole plan as one)."""
    heads = detect_headings(part.text, block.body_start, block.end)
    level = next((lv for lv in (2, 3) if any(h.level == lv for h in heads)), None)
    tops = [h for h in heads if h.level == level]
    if not tops:
        intro, items = _items(part.text, block.body_start, block.end)
        return "", [
            PlanSection(marker="", title=block.title, intro=intro, items=items, start=block.start, end=block.end)
        ]
    sections = []
    for i, h in enumerate(tops):
        end = tops[i + 1].start if i + 1 < len(tops) else block.end
        intro, items = _items(part.text, _body_start(part.text, h.title_start, h.title), end)
        sections.append(PlanSection(marker=h.marker, title=h.title, intro=intro, items=items, start=h.start, end=end))
    return part.text[block.body_start : tops[0].start].strip(), sections


def problems(part: ReportPart) -> list[Problem]:
    """The problems a report names under its 存在问题 heading(s)."""
    out: list[Problem] = []
    for block in part.role_blocks(SectionRole.PROBLEMS):
        heads = [h for h in detect_headings(part.text, block.body_start, block.end) if h.level in (2, 3)]
        marks = [(h.start, h.title_start) for h in heads] or enumerations(part.text, block.body_start, block.end)
        for i, (m_start, t_start) in enumerate(marks):
            stop = marks[i + 1][0] if i + 1 < len(marks) else block.end
            body = part.text[t_start:stop].strip()
            title = re.split(r"[。；;，,：:\n]|主要是|主要表现|原因是", body, maxsplit=1)[0][:40]
            if title:
                out.append(Problem(title=title, text=body, start=m_start, end=stop))
    return out
