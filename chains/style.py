"""A bureau's house style, learned from its own reports, and the report anatomy it is learned from.

A :class:`ReportPart` is one bureau's report read back from the catalog as one text (a file holding
two reports gives two parts), with a map from offsets to chunk ids. Its level-1 sections get a role
from their titles — summary, problems (存在问题) or plan (工作思路/计划). The plan's sections and items
(一是… / 1.) are what the :class:`StyleProfile` counts and what the offline drafter re-uses.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from statistics import median
from typing import Literal

from pydantic import BaseModel, Field

from scribe.figures import extract_figures
from scribe.lexicon.places import place_of
from scribe.models import Document, FigureStatus
from vectorstore.catalog import Catalog
from vectorstore.structure import ENUMERATION, at_boundary, cn_ordinal, detect_headings

_PLAN_TITLE = re.compile(
    r"计划|思路|打算|安排|下步|下一步|下阶段|展望|重点任务|(?<!主要)重点工作(?!进展|情况|完成|成效)"
)
_PROBLEM_TITLE = re.compile(r"问题|不足|短板|困难|差距|瓶颈")
_QUOTED = re.compile(r"[“\"]([^”\"“\n]{2,12})[”\"]")
_CLAUSE = re.compile(r"[。；;，,：:！？\n]")
_TITLE_END = re.compile(r"[。；;！？：:\n]")
MAX_ITEM_TITLE = 25


class Role(StrEnum):
    SUMMARY = "summary"
    PROBLEMS = "problems"
    PLAN = "plan"


class Block(BaseModel):
    """A level-1 section of a report part (or the text before the first one)."""

    role: Role
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
            out.append(Block(role=Role.SUMMARY, heading="", title="", start=0, body_start=0, end=first))
        for i, h in enumerate(heads):
            end = heads[i + 1].start if i + 1 < len(heads) else len(self.text)
            role = Role.PLAN if _PLAN_TITLE.search(h.title) else Role.SUMMARY
            if _PROBLEM_TITLE.search(h.title) and role is not Role.PLAN:
                role = Role.PROBLEMS
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

    def role_blocks(self, role: Role) -> list[Block]:
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
    m = _TITLE_END.search(body)
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
    for block in part.role_blocks(Role.PROBLEMS):
        heads = [h for h in detect_headings(part.text, block.body_start, block.end) if h.level in (2, 3)]
        marks = [(h.start, h.title_start) for h in heads] or enumerations(part.text, block.body_start, block.end)
        for i, (m_start, t_start) in enumerate(marks):
            stop = marks[i + 1][0] if i + 1 < len(marks) else block.end
            body = part.text[t_start:stop].strip()
            title = re.split(r"[。；;，,：:\n]|主要是|主要表现|原因是", body, maxsplit=1)[0][:40]
            if title:
                out.append(Problem(title=title, text=body, start=m_start, end=stop))
    return out


# -- the style profile ------------------------------------------------------------------------------------------

TargetStyle = Literal["figures", "placeholders", "mixed", "none"]


class StyleProfile(BaseModel):
    """How a bureau writes its plans; learned from its own past plan sections."""

    bureau: str
    learned_from: list[str] = Field(default_factory=list, description="file names the profile was learned from")
    fallback_from: str | None = Field(default=None, description="bureau whose style is borrowed, when it has no plan")
    note: str | None = None
    heading_scheme: list[str] = Field(default_factory=list, description="markers by depth: 一、 / （一） / 1. / 一是")
    plan_heading: str = "下步工作思路"
    section_titles: list[str] = Field(default_factory=list)
    section_leads: list[str] = Field(default_factory=list, description="how section titles open: 聚力 / 抓")
    item_titles: list[str] = Field(default_factory=list)
    item_leads: list[str] = Field(default_factory=list, description="how item titles open: 抓 / 从严")
    openers: list[str] = Field(default_factory=list, description="how plan clauses open: 力争 / 确保 / 深入实施")
    item_chars: int = 0
    items_per_section: float = 0.0
    phrases: list[str] = Field(default_factory=list, description="recurring slogans and programmes")
    target_style: TargetStyle = "none"
    target_figures: int = 0
    target_placeholders: int = 0

    @property
    def item_marker(self) -> str:
        return self.heading_scheme[-1] if len(self.heading_scheme) > 2 else ""

    def describe(self) -> str:
        """The profile in a few Chinese lines, for the prompt and the UI."""
        lines = [
            f"层级序号：{' → '.join(self.heading_scheme) or '无'}；计划部分标题：{self.plan_heading}",
            f"部分标题示例：{'；'.join(self.section_titles[:6]) or '无'}（常用开头：{'、'.join(self.section_leads) or '无'}）",
            f"条目标题示例：{'；'.join(self.item_titles[:8]) or '无'}（常用开头：{'、'.join(self.item_leads) or '无'}）",
            f"常用句首：{'、'.join(self.openers[:12]) or '无'}；每条约 {self.item_chars} 字，每部分约 {self.items_per_section:.1f} 条",
            f"惯用提法：{'、'.join(self.phrases[:12]) or '无'}",
            f"目标写法：{_TARGET_WORDS[self.target_style]}（数字 {self.target_figures} 个，X 占位 {self.target_placeholders} 个）",
        ]
        if self.note:
            lines.insert(0, self.note)
        return "\n".join(lines)


def marker_kind(marker: str) -> str:
    """The kind of a heading marker, written with ordinal one: 三、 → 一、, （二） → （一）, 2. → 1., 三是 → 一是."""
    inner = marker.strip("（()） \t")
    if marker.endswith("是"):
        return "一是"
    if marker[:1] in "（(":
        return "（1）" if inner.isdigit() else "（一）"
    if marker[:1].isdigit():
        return "1."
    return "一、"


def numbered(kind: str, n: int) -> str:
    """Marker of the ``n``-th heading of a kind: numbered("（一）", 3) == "（三）"."""
    cn = _CN_NUMERALS[n] if n < len(_CN_NUMERALS) else str(n)
    return {"一、": f"{cn}、", "（一）": f"（{cn}）", "1.": f"{n}.", "（1）": f"（{n}）", "一是": f"{cn}是"}.get(
        kind, ""
    )


_CN_NUMERALS = [
    "零",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
]
_TARGET_WORDS = {"figures": "写出具体数字", "placeholders": "留 X 待填", "mixed": "数字与 X 混用", "none": "无量化目标"}


def _leads(titles: Sequence[str]) -> list[str]:
    ones = Counter(t[:1] for t in titles if t)
    out = []
    for lead, count in ones.most_common():
        if count < 2:
            break
        twos = Counter(t[:2] for t in titles if t.startswith(lead))
        two, two_count = twos.most_common(1)[0]
        out.append(two if two_count == count else lead)
    return out


def _openers(texts: Sequence[str]) -> list[str]:
    clauses = [c.strip() for t in texts for c in _CLAUSE.split(t) if len(c.strip()) >= 4]
    clauses = [c for c in clauses if "\u4e00" <= c[0] <= "\u9fff" and not ENUMERATION.match(c)]
    fours = Counter(c[:4] for c in clauses)
    twos = Counter(c[:2] for c in clauses)
    kept = [g for g, n in fours.most_common() if n >= 2]
    kept += [g for g, n in twos.most_common() if n >= 2 and not any(k.startswith(g) and fours[k] == n for k in kept)]
    return sorted(kept, key=lambda g: (-(fours[g] if len(g) == 4 else twos[g]), -len(g)))[:20]


def learn_profile(bureau: str, parts: Sequence[ReportPart]) -> StyleProfile:
    """Count what the bureau's own plan sections do. ``parts`` should have a plan block."""
    schemes: Counter[tuple[str, ...]] = Counter()
    section_titles: list[str] = []
    items: list[PlanItem] = []
    plan_texts: list[str] = []
    n_sections = 0
    plan_heading = ""
    targets = Counter[str]()
    for part in parts:
        for block in part.role_blocks(Role.PLAN):
            plan_heading = plan_heading or re.sub(r"^[12][\dXＸxOo]{3}年", "", block.title)
            _, sections = plan_sections(part, block)
            markers = ["一、"]
            markers += [marker_kind(m) for m in (sections[0].marker if sections else "",) if m]
            first_items = [marker_kind(s.items[0].marker) for s in sections if s.items and s.items[0].marker]
            if first_items:
                markers.append(Counter(first_items).most_common(1)[0][0])
            schemes[tuple(markers)] += 1
            section_titles += [s.title for s in sections if s.title]
            n_sections += len(sections)
            for s in sections:
                items += s.items
                plan_texts += [i.text for i in s.items]
            for f in extract_figures(part.text[block.body_start : block.end]):
                targets[f.status.value] += 1
    phrases = Counter(m.group(1) for p in parts for m in _QUOTED.finditer(p.text))
    phrases.update(m.group(1) for t in plan_texts for m in _QUOTED.finditer(t))  # plans' own slogans count double
    clean, holes = targets[FigureStatus.CLEAN.value], targets[FigureStatus.PLACEHOLDER.value]
    total = clean + holes
    style: TargetStyle = (
        "none"
        if not total
        else "placeholders"
        if holes / total > 0.6
        else "figures"
        if holes / total < 0.2
        else "mixed"
    )
    item_titles = [i.title for i in items if i.title]
    item_starts = [i.title or i.text[:8] for i in items if i.marker]
    return StyleProfile(
        bureau=bureau,
        learned_from=sorted({p.file_name for p in parts}),
        heading_scheme=list(schemes.most_common(1)[0][0]) if schemes else ["一、", "（一）", "一是"],
        plan_heading=plan_heading or "下步工作思路",
        section_titles=section_titles,
        section_leads=_leads(section_titles),
        item_titles=item_titles,
        item_leads=_leads(item_starts),
        openers=_openers(plan_texts),
        item_chars=int(median(len(i.text) for i in items)) if items else 0,
        items_per_section=len(items) / n_sections if n_sections else 0.0,
        phrases=[p for p, n in phrases.most_common(15) if n >= 2],
        target_style=style,
        target_figures=clean,
        target_placeholders=holes,
    )


def _bigram_vector(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1) if "\u4e00" <= text[i] <= "\u9fff")


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def build_profile(bureau: str, corpus: Sequence[ReportPart]) -> StyleProfile:
    """The bureau's own profile; without a past plan, the most similar bureau's, with a note saying so."""
    own = select_parts(corpus, bureau)
    label = own[0].label if own else bureau
    with_plan = [p for p in own if p.role_blocks(Role.PLAN)]
    if with_plan:
        return learn_profile(label, with_plan)
    own_keys = {p.key for p in own}
    others = [p for p in corpus if p.key not in own_keys and p.role_blocks(Role.PLAN)]
    if not others:
        return StyleProfile(
            bureau=label, heading_scheme=["一、", "（一）", "一是"], note="语料中没有任何工作计划，使用通用公文层级。"
        )
    mine = _bigram_vector("".join(p.text for p in own))
    level = own[0].region_level if own else place_of(bureau).level

    def score(p: ReportPart) -> float:
        return _cosine(mine, _bigram_vector(p.text)) + (0.2 if level and p.region_level == level else 0.0)

    best = max(others, key=score)
    profile = learn_profile(label, [p for p in others if p.key == best.key])
    note = f"{label}没有以往的工作计划，文风沿用最相近的{best.label}（相似度 {score(best):.2f}）。"
    return profile.model_copy(update={"fallback_from": best.label, "note": note})
