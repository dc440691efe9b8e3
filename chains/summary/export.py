"""Summaries and comparisons as Markdown and Word (.docx).

Both formats render the same blocks (headings, paragraphs, lists, tables, notes), so what the .md shows the .docx
shows. The Word layout follows GB/T 9704 (党政机关公文格式): A4, margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; the title in 方正小标宋简体 (黑体 where it is missing) 2号, headings 黑体, body 仿宋_GB2312 3号 —
set for East Asian text through ``w:eastAsia`` so Word does not fall back to a Latin font. A one-page summary
keeps 3号 when it fits and steps the body down (四号, 小四 …) until the estimated height fits one page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chains.compare import Comparison, unit_name
from chains.summary.lines import heading_of_topic, shortened
from chains.summary.models import Citation, IndicatorRow, ReportSummary, SummaryLine
from chains.summary.offline import clip
from scribe.errors import ScribeError
from scribe.lexicon.headings import SectionRole, heading_role
from scribe.lexicon.indicators import indicator_of

log = logging.getLogger(__name__)

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
# What Word uses where a font is not installed (the font table's w:altName) and the family it falls back by:
# 仿宋_GB2312 → 仿宋 (Windows ships it), 方正小标宋简体 → 宋体, 黑体 → SimHei. charset 86 = GB2312.
FONT_FALLBACKS = {
    BODY_FONT: ("仿宋", "modern", "fixed"),
    TITLE_FONT: ("宋体", "roman", "variable"),
    HEADING_FONT: ("SimHei", "modern", "fixed"),
}
LABELS = {"supported": "一致", "derived": "可推算", "target": "原文目标", "unverifiable": "无从核对"}

# GB/T 9704 page (mm) and sizes (pt): 2号 = 22, 3号 = 16, 四号 = 14, 小四 = 12, 五号 = 10.5
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
TITLE_PT = 22.0
BODY_STEPS_PT = (16.0, 15.0, 14.0, 13.0, 12.0, 11.0, 10.5)
LINE_PITCH = 1.3  # line height as a share of the font size (exact spacing in the .docx)
_MM = 72 / 25.4

# What one page holds of a summary at most (rows; lines and the characters a line is clipped to at a clause
# boundary), and at least, before the body font goes below 小四 (12 pt).
ONE_PAGE_ROWS = (8, 5)
ONE_PAGE_ITEMS = {"highlights": (4, 2, 72), "problems": (4, 2, 52), "plans": (3, 2, 72)}
READABLE_PT = 12.0
PAGE_SAFETY = 0.86  # share of the text area the estimate may fill: Word and LibreOffice set CJK text looser


class ExportError(ScribeError):
    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"无法导出到 {self.path}：{reason}")


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str


@dataclass
class Items:
    lines: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Notes:
    """Small print run together in one paragraph: the numbered sources under a one-page summary."""

    lines: list[str]


Block = Heading | Para | Items | Table | Notes


@dataclass
class OnePage:
    """What a one-page summary shows: the rows and lines kept, clipped, and the numbered sources they cite."""

    rows: list[IndicatorRow]
    row_marks: list[str]  # each row's [n]
    sections: list[tuple[str, list[str]]]  # (heading, lines with their [n] marks)
    references: list[str]  # "[n] 文件｜章节", one per cited section
    omitted: int = 0  # rows and lines left out for the page


class _References:
    """Numbers the cited sections: every citation of one section shares its number; no ids, no sentences."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, ...], int] = {}

    def mark(self, citations: list[Citation]) -> str:
        numbers = dict.fromkeys(self._number(c) for c in citations)
        return "".join(f"[{n}]" for n in numbers)

    def _number(self, citation: Citation) -> int:
        key = tuple(citation.section_path[:2])
        return self.keys.setdefault(key, len(self.keys) + 1)

    def lines(self) -> list[str]:
        return [f"[{n}] {' '.join(clip(part, 24) for part in key) or '开头部分'}" for key, n in self.keys.items()]


@dataclass(frozen=True)
class PageCaps:
    rows: int
    items: dict[str, int]


def _caps(summary: ReportSummary) -> list[PageCaps]:
    """From the most a page shows to the least: one line or row fewer at each step, the longest part first."""
    rows = min(len(summary.indicators), ONE_PAGE_ROWS[0])
    items = {key: min(len(getattr(summary, key)), most) for key, (most, _least, _chars) in ONE_PAGE_ITEMS.items()}
    out = [PageCaps(rows, dict(items))]
    while True:
        counts = {"rows": rows, **items}
        floors = {"rows": ONE_PAGE_ROWS[1], **{k: least for k, (_m, least, _c) in ONE_PAGE_ITEMS.items()}}
        above = [k for k in counts if counts[k] > floors[k]]
        if not above:
            return out
        key = max(above, key=lambda k: counts[k] - floors[k])
        if key == "rows":
            rows -= 1
        else:
            items[key] -= 1
        out.append(PageCaps(rows, dict(items)))


def one_page(summary: ReportSummary, caps: PageCaps | None = None) -> OnePage:
    """The parts of ``summary`` one A4 page holds: the first indicator rows, the richest lines of each part."""
    caps = caps or _caps(summary)[0]
    refs = _References()
    rows = summary.indicators[: caps.rows]
    marks = [refs.mark([row.citation]) for row in rows]
    sections: list[tuple[str, list[str]]] = []
    omitted = len(summary.indicators) - len(rows)
    for (key, (_most, _least, chars)), number, title in zip(
        ONE_PAGE_ITEMS.items(), "二三四", ("主要成效", "存在问题", "下步打算"), strict=True
    ):
        lines: list[SummaryLine] = getattr(summary, key)
        kept = _richest(lines, caps.items[key])
        omitted += len(lines) - len(kept)
        if kept:
            sections.append((f"{number}、{title}", [_line(line, chars, refs) for line in kept]))
    return OnePage(rows, marks, sections, refs.lines(), omitted)


def _richest(lines: list[SummaryLine], limit: int) -> list[SummaryLine]:
    """At most ``limit`` lines, those with the most checked figures first, shown in the report's order."""
    if len(lines) <= limit:
        return list(lines)
    ranked = sorted(range(len(lines)), key=lambda i: (-_weight(lines[i]), i))[:limit]
    return [lines[i] for i in sorted(ranked)]


def _weight(line: SummaryLine) -> int:
    """A line's checked figures, those of a dictionary indicator counted twice (activity counts weigh less)."""
    return sum(2 if v.figure.metric and indicator_of(v.figure.metric) else 1 for v in line.verdicts)


def _line(line: SummaryLine, chars: int, refs: _References) -> str:
    text = shortened(line.text, chars)  # whole clauses only: never a word cut in two
    topic = heading_of_topic(line.topic)
    plain = topic == "总体情况" or heading_role(topic) is SectionRole.PROBLEMS or text.startswith(topic)
    head = "" if plain else f"{topic}："
    return f"{head}{text}{refs.mark(line.citations)}"


def fitted_page(summary: ReportSummary) -> OnePage:
    """As much of ``summary`` as fits one A4 page at a readable body size (小四 or larger), or the least it shows."""
    page = one_page(summary)
    for caps in _caps(summary):
        page = one_page(summary, caps)
        if estimated_height(_summary_blocks(summary, page), READABLE_PT) <= _text_height_pt() * PAGE_SAFETY:
            break
    return page


def summary_blocks(summary: ReportSummary) -> list[Block]:
    """A one-page summary: indicator table, highlights, problems, next steps, short numbered sources.

    Where even the least of it does not fit at 小四, the .docx sets the body smaller (:func:`fitting_body_size`).
    """
    return _summary_blocks(summary, fitted_page(summary))


def _summary_blocks(summary: ReportSummary, page: OnePage) -> list[Block]:
    state = "数字均已与原文核对" if summary.clean else f"注意：{len(summary.failing)} 个数字未通过核对（见文末）"
    mode = "生成式" if summary.mode == "generative" else "离线抽取式"
    meta = f"{summary.bureau or '单位未识别'}｜{summary.period or '时期未注明'}｜{mode}摘要｜{state}"
    blocks: list[Block] = [Heading(1, summary.title), Para(meta)]
    if page.rows:
        table = Table(["指标", "数值", "增速/变化", "完成率", "排名", "时期", "来源"])
        for row, mark in zip(page.rows, page.row_marks, strict=True):
            cells = [row.value, row.growth, row.completion, row.rank, row.period]
            table.rows.append([row.metric, *(c or "-" for c in cells), mark])
        blocks += [Heading(2, "一、核心指标"), table]
    for heading, lines in page.sections:
        blocks += [Heading(2, heading), Items(lines)]
    if summary.failing:
        blocks += [Heading(2, "未通过核对的数字"), Items([f"{v.figure.surface}：{v.reason}" for v in summary.failing])]
    if page.references:
        blocks.append(Notes([f"来源（{summary.file_name}）：", *page.references]))
    return blocks


def comparison_blocks(result: Comparison) -> list[Block]:
    table = Table(["单位", "时期", "指标原文", "匹配", "数值", "增速/变化", "排名", "来源文档", "原文"])
    for r in result.rows:
        target = "（目标）" if r.modality.value == "target" else ""
        table.rows.append(
            [
                unit_name(r),
                r.period_label + target,
                r.metric,
                r.match.value,
                r.value or "-",
                r.growth or "-",
                r.rank or "-",
                r.file_name,
                r.sentence,
            ]
        )
    blocks: list[Block] = [Heading(1, f"指标对比：{result.query}"), table, Heading(2, "说明"), Para(result.paragraph)]
    if not result.clean:
        blocks += [Heading(2, "未通过核对的数字"), Items(result.failing)]
    return blocks


# -- Markdown ----------------------------------------------------------------------------------------------------


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Items):
            out.append("\n".join(f"{i}. {_md_cell(line, table=False)}" for i, line in enumerate(block.lines, 1)))
        elif isinstance(block, Notes):
            out.append("  \n".join(_md_cell(line, table=False) for line in block.lines))
        else:
            rows = [block.header, ["---"] * len(block.header), *block.rows]
            out.append("\n".join("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows))
    return "\n\n".join(out) + "\n"


def _md_cell(text: str, *, table: bool = True) -> str:
    text = text.replace("\n", " ")
    return text.replace("|", "\\|") if table else text


# -- Word --------------------------------------------------------------------------------------------------------


def docx_bytes(blocks: list[Block]) -> bytes:
    """The .docx of ``blocks`` in memory (for a download button)."""
    import io

    buffer = io.BytesIO()
    _document(blocks).save(buffer)
    return buffer.getvalue()


def write_docx(blocks: list[Block], path: Path) -> None:
    try:
        _document(blocks).save(str(path))
    except OSError as e:
        raise ExportError(path, e.strerror or str(e)) from e


def _document(blocks: list[Block]) -> Any:
    from docx import Document as DocxDocument  # imported late: only exports need python-docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    body = fitting_body_size(blocks)
    small = max(10.5, body - 2)
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    declare_fonts(doc)
    _font(doc.styles["Normal"], BODY_FONT, Pt(body))
    _spacing(doc.styles["Normal"], body)
    _font(doc.styles["Title"], TITLE_FONT, Pt(TITLE_PT))
    _spacing(doc.styles["Title"], TITLE_PT, after=body * 0.5)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        _font(style, HEADING_FONT, Pt(body))
        _spacing(style, body, before=body * 0.3)
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            title = doc.add_paragraph(block.text, style="Title")
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Heading):
            doc.add_paragraph(block.text, style=f"Heading {min(block.level - 1, 2)}")
        elif isinstance(block, Para):
            doc.add_paragraph(block.text)
        elif isinstance(block, Items):
            for i, line in enumerate(block.lines, 1):
                doc.add_paragraph(f"{i}. {line}")
        elif isinstance(block, Notes):
            notes = doc.add_paragraph("  ".join(block.lines))
            for run in notes.runs:
                run.font.size = Pt(small)
            notes.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            notes.paragraph_format.line_spacing = Pt(small * LINE_PITCH)
        else:
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False
            widths = _column_widths(block)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Mm(width)  # the grid: LibreOffice lays columns out by it, Word by the cells
            for row_cells, texts in [(table.rows[0].cells, block.header)] + [
                (table.add_row().cells, row) for row in block.rows
            ]:
                for cell, text, width in zip(row_cells, texts, widths, strict=True):
                    cell.width = Mm(width)
                    cell.text = text
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                        paragraph.paragraph_format.line_spacing = Pt(small * 1.25)
                        paragraph.paragraph_format.space_after = Pt(0)
                        for run in paragraph.runs:
                            run.font.size = Pt(small)
    return doc


def _text_width_pt() -> float:
    return (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * _MM


def _text_height_pt() -> float:
    return (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * _MM


def _column_widths(table: Table) -> list[float]:
    """Column widths (mm) in proportion to each column's longest text, the first (指标) given the most."""
    longest = [max([len(table.header[i])] + [len(r[i]) for r in table.rows]) for i in range(len(table.header))]
    weights = [min(max(n, 3), 18) for n in longest]
    total_mm = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    return [total_mm * w / sum(weights) for w in weights]


def _lines(text: str, size: float, width: float) -> int:
    """Lines ``text`` takes at ``size`` pt in ``width`` pt: CJK characters are one em wide, others about half."""
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)
    return max(1, -(-int(ems * size) // int(width)))


def estimated_height(blocks: list[Block], body: float) -> float:
    """The height (pt) the blocks take on the page at a body size of ``body`` pt, as :func:`_document` sets them."""
    small = max(10.5, body - 2)
    width = _text_width_pt()
    pitch = body * LINE_PITCH
    height = 0.0
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            height += _lines(block.text, TITLE_PT, width) * TITLE_PT * LINE_PITCH + body * 0.5
        elif isinstance(block, Heading):
            height += pitch + body * 0.3
        elif isinstance(block, Para):
            height += _lines(block.text, body, width) * pitch
        elif isinstance(block, Items):
            height += sum(_lines(f"{i}. {line}", body, width) for i, line in enumerate(block.lines, 1)) * pitch
        elif isinstance(block, Notes):
            height += _lines("  ".join(block.lines), small, width) * small * LINE_PITCH
        else:
            cols = [w * _MM - 11 for w in _column_widths(block)]  # less the cells' padding
            for row in [block.header, *block.rows]:
                height += max(_lines(t, small, c) for t, c in zip(row, cols, strict=True)) * small * 1.25 + 3
    return height


def fitting_body_size(blocks: list[Block]) -> float:
    """The largest body size (3号 first) at which the blocks fit one page, with a margin for the estimate."""
    room = _text_height_pt() * PAGE_SAFETY
    for size in BODY_STEPS_PT:
        if estimated_height(blocks, size) <= room:
            return size
    log.info("the blocks do not fit one page even at %.1f pt", BODY_STEPS_PT[-1])
    return BODY_STEPS_PT[-1]


def _spacing(style: object, size: float, *, before: float = 0.0, after: float = 0.0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(size * LINE_PITCH)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)


def _font(style: object, name: str, size: object) -> None:
    """Set ``style``'s font for Latin and East Asian text; theme fonts (Heading styles carry them) are dropped."""
    from docx.oxml.ns import qn

    font = style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = size
    font.bold = False
    font.color.rgb = None
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:eastAsia"), name)


def declare_fonts(doc: Any) -> None:
    """Declare the 公文 fonts in the document's font table with their fallbacks (w:altName, GB2312 charset), and
    make them the defaults for East Asian text: Word then substitutes 仿宋 / 宋体 / SimHei where the GB/T 9704 fonts
    are missing, instead of a Latin font; LibreOffice reads the same names."""
    from docx.oxml.ns import qn
    from lxml import etree

    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    for node in root.findall(qn("w:font")):
        if node.get(qn("w:name")) in FONT_FALLBACKS:
            root.remove(node)
    for name, (alt, family, pitch) in FONT_FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): pitch})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = etree.SubElement(rpr, qn("w:rFonts"))
        for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(theme), None)
        rfonts.set(qn("w:eastAsia"), BODY_FONT)
        rfonts.set(qn("w:ascii"), BODY_FONT)
        rfonts.set(qn("w:hAnsi"), BODY_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = etree.SubElement(rpr, qn("w:lang"))
        lang.set(qn("w:eastAsia"), "zh-CN")


def export(blocks: list[Block], path: Path) -> Path:
    """Write ``blocks`` to ``path``; the suffix (.md or .docx) chooses the format."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        write_docx(blocks, path)
    elif suffix in (".md", ".markdown"):
        try:
            path.write_text(to_markdown(blocks), encoding="utf-8")
        except OSError as e:
            raise ExportError(path, e.strerror or str(e)) from e
    else:
        raise ExportError(path, "只支持 .md 和 .docx")
    log.info("exported %s", path)
    return path
