"""Summaries and comparisons as Markdown and Word (.docx).

Both formats render the same blocks (headings, paragraphs, lists, tables), so what the .md shows the .docx
shows. The Word layout follows the usual 公文 habits: 黑体 headings, 仿宋_GB2312 body text, set for East Asian
text through ``w:eastAsia`` so Word does not fall back to a Latin font.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chains.compare import Comparison, unit_name
from chains.summary.models import ReportSummary, SummaryLine
from scribe.errors import ScribeError

log = logging.getLogger(__name__)

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LABELS = {"supported": "一致", "derived": "可推算", "target": "原文目标", "unverifiable": "无从核对"}


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


Block = Heading | Para | Items | Table


def summary_blocks(summary: ReportSummary) -> list[Block]:
    state = "全部数字已与原文核对一致" if summary.clean else f"注意：{len(summary.failing)} 个数字未通过核对（见文末）"
    mode = "生成式" if summary.mode == "generative" else "离线抽取式"
    meta = f"单位：{summary.bureau or '未识别'}｜时期：{summary.period or '未注明'}｜方式：{mode}｜{state}"
    blocks: list[Block] = [Heading(1, f"{summary.title}（摘要）"), Para(meta)]
    cites: list[str] = []
    if summary.indicators:
        table = Table(["指标", "数值", "增速/变化", "完成率", "排名", "时期", "核对", "来源"])
        for row in summary.indicators:
            cites.append(f"{row.citation.chunk_id}：{row.citation.quote}")
            checks = "、".join(dict.fromkeys(LABELS.get(v.label.value, v.label.value) for v in row.verdicts)) or "-"
            cells = [row.value, row.growth, row.completion, row.rank, row.period]
            table.rows.append([row.metric, *(c or "-" for c in cells), checks, f"[{len(cites)}]"])
        blocks += [Heading(2, "一、核心指标"), table]
    for number, title, lines in (
        ("二", "主要工作与亮点", summary.highlights),
        ("三", "存在问题", summary.problems),
        ("四", "下步工作重点", summary.plans),
    ):
        if lines:
            blocks += [Heading(2, f"{number}、{title}"), Items([_line(line, cites) for line in lines])]
    if summary.failing:
        blocks += [Heading(2, "未通过核对的数字"), Items([f"{v.figure.surface}：{v.reason}" for v in summary.failing])]
    blocks += [Heading(2, "来源"), Items([f"[{i}] {c}" for i, c in enumerate(cites, start=1)])]
    return blocks


def _line(line: SummaryLine, cites: list[str]) -> str:
    marks = []
    for citation in line.citations:
        cites.append(f"{citation.chunk_id}：{citation.quote}")
        marks.append(f"[{len(cites)}]")
    return f"{line.topic}：{line.text}{''.join(marks)}"


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
    from docx.shared import Pt

    doc = DocxDocument()
    _font(doc.styles["Normal"], BODY_FONT, Pt(12))
    for level in (1, 2):
        _font(doc.styles[f"Heading {level}"], HEADING_FONT, Pt(16 if level == 1 else 14))
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            doc.add_paragraph(block.text)
        elif isinstance(block, Items):
            for i, line in enumerate(block.lines, 1):
                doc.add_paragraph(f"{i}. {line}")
        else:
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    return doc


def _font(style: object, name: str, size: object) -> None:
    from docx.oxml.ns import qn

    font = style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = size
    font.color.rgb = None
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


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
