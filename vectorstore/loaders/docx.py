"""Word .docx → text, as Word renders the body: automatic numbering in front of its headings, tracked insertions
kept and deletions dropped, content controls, field results, footnotes and endnotes as ``注：`` lines after their
paragraph, text boxes (``wps:txbx`` / ``v:textbox``) as lines after the paragraph they are anchored in — once, though
``mc:AlternateContent`` stores each twice —, tables as sentences (:mod:`.tables`); page headers and footers are not
body text. Old .doc files,
damaged archives and zip bombs refused."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scribe.errors import IngestError

from .common import format_size
from .numbering import _NS, Numbering, W, read_styles, wattr
from .tables import Grid, table_lines

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SKIPPED = frozenset(
    f"{{{W}}}{tag}"
    for tag in ("del", "moveFrom", "rPr", "pPr", "instrText", "delText", "delInstrText", "fldData", "drawing", "pict",
                "footnoteRef", "endnoteRef", "commentReference", "object")
)  # fmt: skip
_RECURSE = frozenset(
    f"{{{W}}}{tag}" for tag in ("ins", "moveTo", "hyperlink", "smartTag", "fldSimple", "customXml", "sdtContent", "r",
                                "bdo", "dir")
)  # fmt: skip
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TXBX = f"{{{W}}}txbxContent"
_TITLE_STYLES = ("title", "标题", "subtitle")
_TITLE_FALLBACK = ("heading 1", "标题 1")
_TOC_STYLES = ("toc ", "目录 ", "toc heading", "目录标题")


def _is_toc(sdt: etree._Element) -> bool:
    gallery = sdt.find("w:sdtPr/w:docPartObj/w:docPartGallery", _NS)
    return (wattr(gallery, "val") or "").lower() == "table of contents"


@dataclass(slots=True)
class _Walk:
    """What reading the body collects: lines, notes waiting for the end of their paragraph, the title."""

    numbering: Numbering
    notes: dict[tuple[str, str], str]
    lines: list[str] = field(default_factory=list)
    title: str | None = None
    fallback_title: str | None = None


def docx_to_text(path: Path, data: bytes, max_unzipped_bytes: int) -> tuple[str, str | None]:
    """The body in order (numbered headings, paragraphs, table sentences, notes); and a title if a style names one."""
    if data.startswith(_OLE_MAGIC):
        raise IngestError(path, "这是旧版 Word .doc 文件（扩展名是 .docx），请在 Word 中另存为 .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            # The sizes are the ones the zip declares; zipfile stops reading a member at its declared size,
            # so no member can expand past this sum while it is parsed.
            if unzipped > max_unzipped_bytes:
                raise IngestError(path, f"docx 解压后超过大小上限 {format_size(max_unzipped_bytes)}（疑似压缩炸弹）")
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise IngestError(path, "docx 文件已损坏或不完整（缺少 word/document.xml）")
            parts: dict[str, bytes] = {
                name: archive.read(name)
                for name in ("word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml",
                             "word/endnotes.xml", "docProps/core.xml")
                if name in names
            }  # fmt: skip
        return _read(parts)
    except IngestError:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, IndexError, EOFError, etree.XMLSyntaxError) as e:
        raise IngestError(path, "docx 文件已损坏或不完整") from e


def _parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def _read(parts: dict[str, bytes]) -> tuple[str, str | None]:
    styles = read_styles(parts.get("word/styles.xml"))
    walk = _Walk(Numbering(parts.get("word/numbering.xml"), styles), _notes(parts))
    body = _parse(parts["word/document.xml"]).find("w:body", _NS)
    if body is None:
        raise ValueError("no w:body")
    _blocks(body, walk)
    title = walk.title or walk.fallback_title or _core_title(parts.get("docProps/core.xml"))
    return "\n".join(walk.lines), title


def _core_title(xml: bytes | None) -> str | None:
    if not xml:
        return None
    node = _parse(xml).find("{http://purl.org/dc/elements/1.1/}title")
    text = (node.text or "").strip() if node is not None else ""
    return text or None


def _notes(parts: dict[str, bytes]) -> dict[tuple[str, str], str]:
    """Footnote and endnote texts by (kind, id), separators left out."""
    out: dict[tuple[str, str], str] = {}
    for kind in ("footnote", "endnote"):
        xml = parts.get(f"word/{kind}s.xml")
        if not xml:
            continue
        for note in _parse(xml).iterfind(f"w:{kind}", _NS):
            if wattr(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = "".join(_paragraph_text(p, [])[0] for p in _paragraphs(note)).strip()
            if text:
                out[(kind, wattr(note, "id") or "")] = text
    return out


def _blocks(parent: etree._Element, walk: _Walk) -> None:
    for child in parent:
        tag = child.tag
        if tag == f"{{{W}}}p":
            _paragraph(child, walk)
        elif tag == f"{{{W}}}tbl":
            walk.lines.extend(table_lines(_table_grid(child)))
        elif tag in (f"{{{W}}}sdt", f"{{{W}}}customXml", f"{{{W}}}ins", f"{{{W}}}moveTo"):
            if tag == f"{{{W}}}sdt" and _is_toc(child):
                continue  # a table of contents repeats the headings with page numbers: not body text
            content = child.find("w:sdtContent", _NS) if tag == f"{{{W}}}sdt" else child
            if content is not None:
                _blocks(content, walk)


def _paragraph(p: etree._Element, walk: _Walk) -> None:
    refs: list[tuple[str, str]] = []
    text, _ = _paragraph_text(p, refs)
    text = text.strip()
    p_pr = p.find("w:pPr", _NS)
    style_id = wattr(p_pr.find("w:pStyle", _NS), "val") if p_pr is not None else None
    num_pr = p_pr.find("w:numPr", _NS) if p_pr is not None else None
    num_id = wattr(num_pr.find("w:numId", _NS), "val") if num_pr is not None else None
    ilvl_text = wattr(num_pr.find("w:ilvl", _NS), "val") if num_pr is not None else None
    ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else None
    chain = walk.numbering.style_chain(style_id)
    if chain and chain[0].name.lower().startswith(_TOC_STYLES):
        return  # a table-of-contents line outside a content control
    if text:  # Word numbers an empty paragraph too, but shows nothing; its counter must not advance here either
        marker = walk.numbering.marker(style_id, num_id, ilvl)
        if marker and not text.startswith(marker):
            text = marker + text
        style_names = [s.name.lower() for s in chain[:1]]
        if walk.title is None and any(n in _TITLE_STYLES for n in style_names):
            walk.title = text
        elif walk.fallback_title is None and not marker and any(n in _TITLE_FALLBACK for n in style_names):
            walk.fallback_title = text
        walk.lines.append(text)
    for ref in refs:
        note = walk.notes.get(ref)
        if note:
            walk.lines.append(note if note.startswith("注") else "注：" + note)
    for box in _text_boxes(p):
        _blocks(box, walk)


def _paragraphs(node: etree._Element) -> list[etree._Element]:
    """Every paragraph under ``node``, text boxes' included, but not the ``mc:Fallback`` copy of a text box."""
    return [p for p in node.iter(f"{{{W}}}p") if not any(a.tag == f"{{{_MC}}}Fallback" for a in p.iterancestors())]


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    """The text boxes anchored in this paragraph (not in a text box inside it), each once: the ``mc:Choice``
    copy (DrawingML), never the ``mc:Fallback`` one (VML) of the same box."""
    out: list[etree._Element] = []
    for box in p.iter(_TXBX):
        ancestors = list(box.iterancestors())
        if any(a.tag == f"{{{_MC}}}Fallback" for a in ancestors):
            continue
        if next(a for a in ancestors if a.tag == f"{{{W}}}p") is p:
            out.append(box)
    return out


def _paragraph_text(p: etree._Element, refs: list[tuple[str, str]]) -> tuple[str, int]:
    """The text Word shows for a paragraph; ``refs`` collects its footnote / endnote references."""
    out: list[str] = []
    state = [0]  # field nesting depth while inside an instruction (begin … separate)
    _inline(p, out, refs, state)
    return "".join(out), state[0]


def _inline(node: etree._Element, out: list[str], refs: list[tuple[str, str]], state: list[int]) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{{{W}}}r" and _hidden(child):
            continue
        if tag == f"{{{W}}}sdt":
            content = child.find("w:sdtContent", _NS)
            if content is not None:
                _inline(content, out, refs, state)
        elif tag in _RECURSE:
            _inline(child, out, refs, state)
        elif tag == f"{{{W}}}fldChar":
            kind = wattr(child, "fldCharType")
            if kind == "begin":
                state[0] += 1
            elif kind == "separate":
                state[0] = max(0, state[0] - 1)
            elif kind == "end" and state[0] > 0:  # a field with no result part
                state[0] -= 1
        elif state[0] > 0:
            continue  # inside a field instruction: not shown
        elif tag == f"{{{W}}}t":
            out.append(child.text or "")
        elif tag in (f"{{{W}}}tab", f"{{{W}}}ptab"):
            out.append(" ")
        elif tag in (f"{{{W}}}br", f"{{{W}}}cr"):
            out.append("" if wattr(child, "type") == "page" else "\n")
        elif tag == f"{{{W}}}noBreakHyphen":
            out.append("-")
        elif tag in (f"{{{W}}}footnoteReference", f"{{{W}}}endnoteReference"):
            kind = "footnote" if tag.endswith("footnoteReference") else "endnote"
            refs.append((kind, wattr(child, "id") or ""))
        elif tag.startswith("{http://schemas.openxmlformats.org/markup-compatibility/2006}"):
            continue


def _hidden(run: etree._Element) -> bool:
    vanish = run.find("w:rPr/w:vanish", _NS)
    return vanish is not None and wattr(vanish, "val") not in ("0", "false")


def _cell_text(tc: etree._Element) -> str:
    parts: list[str] = []
    for p in _paragraphs(tc):
        text = _paragraph_text(p, [])[0].strip()
        if not text:
            continue
        if parts and parts[-1][-1:].isascii() and parts[-1][-1:].isalnum() and text[0].isascii():
            parts.append(" ")
        parts.append(text)
    return "".join(parts)


def _table_grid(tbl: etree._Element) -> Grid:
    """Rows of cells with merged cells resolved: gridSpan → ``None`` after the cell, vMerge → the text above."""
    grid: Grid = []
    for tr in tbl.iterfind("w:tr", _NS):
        row: list[str | None] = []
        for tc in tr.iterfind("w:tc", _NS):
            tc_pr = tc.find("w:tcPr", _NS)
            span_el = tc_pr.find("w:gridSpan", _NS) if tc_pr is not None else None
            span_text = wattr(span_el, "val")
            span = int(span_text) if span_text and span_text.isdigit() else 1
            v_merge = tc_pr.find("w:vMerge", _NS) if tc_pr is not None else None
            if v_merge is not None and wattr(v_merge, "val") in (None, "continue") and grid:
                col = len(row)
                above = grid[-1][col] if col < len(grid[-1]) else ""
                text = above or ""
            else:
                text = _cell_text(tc)
            row.append(text)
            row.extend([None] * (span - 1))
        grid.append(row)
    return grid
