"""Word and Markdown output in the layout of Chinese official documents (GB/T 9704).

:func:`write_docx` takes a title and a list of :class:`Block` (level, text, highlighted spans) so that any
chain (a plan draft, a summary) can reuse the layout: title in 方正小标宋简体 二号; body 仿宋_GB2312 三号
(16 pt); level-1 headings 黑体, level-2 楷体_GB2312, level-3 仿宋 bold; A4 with the standard margins, a
fixed 28.95 pt line pitch (22 lines a page) and about 28 characters a line. Fonts are named, not embedded:
Word substitutes the fonts a reader lacks. Highlighted spans (placeholders, 建议值) are yellow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import IO, NamedTuple

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from chains.draft.models import DraftPlan, indicator_name
from scribe.figures import extract_figures
from scribe.lexicon.headings import strip_marker
from scribe.models import FigureStatus

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PITCH_PT = 28.95  # 225 mm type area / 22 lines
_STYLES = {0: "Normal", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
_FONTS = {1: H1_FONT, 2: H2_FONT, 3: BODY_FONT, 0: BODY_FONT}
_SUGGESTED = re.compile(r"[（(]建议值[）)]")
_STUB = re.compile(r"【[^】]*】")
NOTE_GREY = RGBColor(0x59, 0x59, 0x59)
_BARE_X = re.compile(r"(?<![A-Za-z])[XＸ]+(?![A-Za-z])")


class Block(NamedTuple):
    """One paragraph: ``level`` 0 body, 1–3 heading depth; ``highlights`` are (start, end) spans of ``text``;
    a ``note`` is a drafter's aside (an item's material), set small and grey."""

    level: int
    text: str
    highlights: tuple[tuple[int, int], ...] = ()
    note: bool = False


NOTE_PT = 10.5  # 五号
TABLE_PT = 9  # 小五
EXCERPT_CHARS = 24
SECTION_CHARS = 10
APPENDIX_WIDTHS_MM = (36, 30, 14, 76)  # 数字 / 指标 / 核对 / 出处: the 156 mm type area


def placeholder_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans a drafter must look at: X placeholders, figures marked 建议值 (with the mark), 【待补充】 stubs."""
    spans = [(f.start, f.end) for f in extract_figures(text) if f.status is FigureStatus.PLACEHOLDER]
    for f in extract_figures(text):
        mark = _SUGGESTED.match(text, f.end)
        if mark:
            spans.append((f.start, mark.end()))
    spans += [(m.start(), m.end()) for m in _STUB.finditer(text)]
    spans += [(m.start(), m.end()) for m in _BARE_X.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    return tuple(sorted(set(spans)))


def plan_blocks(plan: DraftPlan, *, material: bool = False) -> list[Block]:
    """A draft as blocks in the bureau's heading scheme (the title is passed separately); with ``material``, each
    item is followed by what it rests on (上期成效 / 存在问题 / 以往计划 / 目标), as a note for the drafter."""
    blocks = [Block(1, f"{plan.heading_marker}{plan.heading}")]
    if plan.intro:
        blocks.append(Block(0, plan.intro, placeholder_spans(plan.intro)))
    for s, section in enumerate(plan.sections):
        blocks.append(Block(2, f"{plan.section_marker(s + 1)}{section.title}"))
        if section.intro:
            blocks.append(Block(0, section.intro, placeholder_spans(section.intro)))
        for i, item in enumerate(section.items):
            text = f"{plan.item_marker(section, i + 1)}{item.text}"
            blocks.append(Block(0, text, placeholder_spans(text)))
            if material and item.material:
                note = "依据｜" + "；".join(m.line() for m in item.material)
                blocks.append(Block(0, note, placeholder_spans(note), note=True))
    return blocks


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = "".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _around(sentence: str, surface: str, limit: int = EXCERPT_CHARS) -> str:
    """A short excerpt of ``sentence`` around ``surface`` (the figure stays in view)."""
    flat = "".join(sentence.split())
    at = flat.find(surface)
    if at < 0 or len(flat) <= limit:
        return _excerpt(flat, limit)
    start = max(0, min(at - limit // 2, len(flat) - limit))
    piece = flat[start : start + limit]
    return ("…" if start else "") + piece + ("…" if start + limit < len(flat) else "")


def _short_where(where: str | None) -> str:
    """``dongtou_2024h1.txt · （一）科技创新核心指标情况`` → ``dongtou_2024h1 · 科技创新核心指标…``."""
    if not where:
        return "来源"
    doc, _, section = where.partition(" · ")
    doc = doc.rsplit(".", 1)[0] if "." in doc else doc
    section = strip_marker(section)
    section = section if len(section) <= SECTION_CHARS else section[: SECTION_CHARS - 1] + "…"
    return f"{doc} · {section}" if section else doc


def figure_rows(plan: DraftPlan) -> list[tuple[str, str, str, str]]:
    """(figure, indicator, state, source) for the appendix: one short line per figure — the indicator named by
    the dictionary, the source as file · section and an excerpt of at most :data:`EXCERPT_CHARS` characters; a
    figure cited twice from the same sentence is listed once; a removed figure (X in the text) is not listed."""
    words = {
        "supported": "有来源",
        "derived": "推算",
        "target_cited": "本单位既定目标",
        "placeholder": "待填",
        "suggested": "建议值",
        "removed": "已删除（无来源）",
    }
    rows = []
    seen: set[tuple[str, str]] = set()
    for label, item in plan.all_items():
        for f in item.figures:
            if f.state == "removed":  # replaced by X in the text; the draft's issues say why
                continue
            if f.source_sentence and f.state not in ("suggested", "placeholder"):
                source = f"{_short_where(f.source_where)}：“{_around(f.source_sentence, f.surface)}”"
            else:
                source = _excerpt(f.basis or f.note or "", EXCERPT_CHARS + 20)
            if (f.surface, source) in seen:
                continue
            seen.add((f.surface, source))
            rows.append(
                (f"{label.removesuffix('正文')} {f.surface}", indicator_name(f.metric) or "—", words[f.state], source)
            )
    return rows


def _set_font(run_or_style: object, name: str, size: float, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _page_setup(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    for level, style_name in _STYLES.items():
        style = doc.styles[style_name]  # type: ignore[attr-defined]
        _set_font(style, _FONTS[level], BODY_PT, bold=level == 3)
        style.font.color.rgb = None
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_PT)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(BODY_PT * 2)


def _add_runs(paragraph: Paragraph, block: Block, font: str, bold: bool, size: float = BODY_PT) -> None:
    pos = 0
    for start, end in [*block.highlights, (len(block.text), len(block.text))]:
        if start < pos:
            continue
        for piece, marked in ((block.text[pos:start], False), (block.text[start:end], True)):
            if piece:
                run = paragraph.add_run(piece)
                _set_font(run, font, size, bold)
                if block.note:
                    run.font.color.rgb = NOTE_GREY
                if marked:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        pos = end


def _add_note(paragraph: Paragraph, block: Block) -> None:
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_after = Pt(4)
    _add_runs(paragraph, block, H2_FONT, False, NOTE_PT)


def write_docx(
    target: Path | IO[bytes], title: str, blocks: Sequence[Block], *, appendix: Sequence[tuple[str, ...]] = ()
) -> None:
    """Write a GB/T 9704-style .docx; ``appendix`` rows (first row = header) become a table after the text."""
    doc = new_document()
    _page_setup(doc)
    heading = doc.add_paragraph(style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.first_line_indent = Pt(0)
    heading.paragraph_format.line_spacing = Pt(LINE_PITCH_PT * 1.5)
    run = heading.add_run(title)
    _set_font(run, TITLE_FONT, TITLE_PT)
    doc.add_paragraph(style="Normal")
    for block in blocks:
        paragraph = doc.add_paragraph(style=_STYLES.get(block.level, "Normal"))
        if block.note:
            _add_note(paragraph, block)
            continue
        _add_runs(paragraph, block, _FONTS.get(block.level, BODY_FONT), bold=block.level == 3)
    if appendix:
        label = doc.add_paragraph(style="Normal")
        label.paragraph_format.page_break_before = True  # not a break paragraph: a full last page adds no blank one
        label.paragraph_format.first_line_indent = Pt(0)
        _set_font(label.add_run("附件：数字来源"), H1_FONT, BODY_PT)
        table = doc.add_table(rows=0, cols=len(appendix[0]))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = APPENDIX_WIDTHS_MM if len(appendix[0]) == len(APPENDIX_WIDTHS_MM) else None
        if widths:
            for column, width in zip(table.columns, widths, strict=False):
                column.width = Mm(width)
        for row in appendix:
            cells = table.add_row().cells
            for n, (cell, value) in enumerate(zip(cells, row, strict=False)):
                if widths:
                    cell.width = Mm(widths[n])
                cell.text = ""
                para = cell.paragraphs[0]
                para.paragraph_format.first_line_indent = Pt(0)
                para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
                snap = OxmlElement("w:snapToGrid")  # off the 22-line page grid: a table line is 9 pt, not 29
                snap.set(qn("w:val"), "0")
                para._p.get_or_add_pPr().append(snap)
                _set_font(para.add_run(value), BODY_FONT, TABLE_PT)
    doc.save(target)  # type: ignore[arg-type]


def plan_docx(plan: DraftPlan, target: Path | IO[bytes], *, appendix: bool = True, material: bool = True) -> None:
    rows = figure_rows(plan)
    table = [("数字", "指标", "核对", "出处（文件 · 章节：摘录）/ 依据"), *rows] if appendix and rows else []
    write_docx(target, plan.title, plan_blocks(plan, material=material), appendix=table)


def plan_docx_bytes(plan: DraftPlan, *, appendix: bool = True, material: bool = True) -> bytes:
    buffer = BytesIO()
    plan_docx(plan, buffer, appendix=appendix, material=material)
    return buffer.getvalue()


def _md_marked(block: Block) -> str:
    out, pos = [], 0
    for start, end in block.highlights:
        if start < pos:
            continue
        out += [block.text[pos:start], f"**{block.text[start:end]}**"]
        pos = end
    return "".join([*out, block.text[pos:]])


def plan_markdown(plan: DraftPlan, *, appendix: bool = True) -> str:
    """Markdown: headings by depth, placeholders and 建议值 in bold, an optional figure table."""
    lines = [f"# {plan.title}", ""]
    for block in plan_blocks(plan, material=True):
        prefix = "#" * (block.level + 1) + " " if block.level else "> " if block.note else ""
        lines += [prefix + _md_marked(block), ""]
    if plan.notes:
        lines += ["> " + note for note in plan.notes] + [""]
    rows = figure_rows(plan)
    if appendix and rows:
        lines += ["## 附件：数字来源", "", "| 数字 | 指标 | 核对 | 出处 / 依据 |", "| --- | --- | --- | --- |"]
        lines += ["| " + " | ".join(cell.replace("|", "｜").replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines).rstrip() + "\n"
