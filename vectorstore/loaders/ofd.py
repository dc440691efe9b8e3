"""OFD (GB/T 33190) → text with our own reader: an OFD is a zip of XML. ``OFD.xml`` names each document's root
(``Document.xml``), which lists its pages (``Pages/Page_N/Content.xml``); a page's text is its ``TextObject``
elements, each with a boundary box and ``TextCode`` runs at X/Y offsets. Text is ordered by position into lines
and the lines reflowed like a PDF's (page numbers and running lines dropped, wrapped lines joined).

A reader of our own rather than a PyPI parser (easyofd, ofdkit, ofdreader were not adopted; see the issue notes):
reading the text needs only zipfile and XML, adds no dependency, and lets the zip-bomb and size checks every
archive format gets here apply. Fonts, images, annotations and signatures are not read.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from scribe.errors import IngestError

from .common import format_size
from .pdf import _Line, reflow

_LINE_TOLERANCE = 0.5  # share of the font size two text objects' baselines may differ by and share a line


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node.iter() if isinstance(c.tag, str) and _local(c.tag) == name]


def _floats(value: str | None) -> list[float]:
    out: list[float] = []
    for part in (value or "").split():
        try:
            out.append(float(part))
        except ValueError:
            continue
    return out


def _advances(value: str | None) -> list[float]:
    """A TextCode's DeltaX: glyph advances, where ``g 5 4.2`` stands for five advances of 4.2."""
    tokens = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            count, step = _floats(tokens[i + 1]), _floats(tokens[i + 2])
            if count and step:
                out.extend([step[0]] * int(count[0]))
            i += 3
            continue
        out.extend(_floats(tokens[i]))
        i += 1
    return out


def ofd_to_text(path: Path, data: bytes, max_unzipped_bytes: int) -> tuple[str, str | None]:
    """Page text of every document in the package, in reading order; the title from the document metadata."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > max_unzipped_bytes:
                raise IngestError(path, f"OFD 解压后超过大小上限 {format_size(max_unzipped_bytes)}（疑似压缩炸弹）")
            names = set(archive.namelist())
            if "OFD.xml" not in names:
                raise IngestError(path, "OFD 文件已损坏或不完整（缺少 OFD.xml）")
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            root = etree.fromstring(archive.read("OFD.xml"), parser=parser)
            title = next((n.text.strip() for n in _children(root, "Title") if n.text and n.text.strip()), None)
            pages: list[list[_Line]] = []
            for doc_root in _children(root, "DocRoot"):
                doc_path = (doc_root.text or "").strip().lstrip("/")
                if doc_path not in names:
                    continue
                document = etree.fromstring(archive.read(doc_path), parser=parser)
                base = posixpath.dirname(doc_path)
                for page in _children(document, "Page"):
                    loc = (page.get("BaseLoc") or "").strip()
                    page_path = (
                        loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(posixpath.join(base, loc))
                    )
                    if page_path in names:
                        content = etree.fromstring(archive.read(page_path), parser=parser)
                        pages.append(_page_lines(content, len(pages)))
    except IngestError:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, etree.XMLSyntaxError) as e:
        raise IngestError(path, "OFD 文件已损坏或不完整") from e
    if not pages:
        raise IngestError(path, "OFD 文件中没有页面")
    return reflow(pages), title


def _page_lines(content: etree._Element, number: int) -> list[_Line]:
    """Text objects → (x, y, size, text) pieces → lines: same baseline within tolerance, left to right."""
    pieces: list[tuple[float, float, float, float, str]] = []  # y, x0, x1, size, text
    width, height = 210.0, 297.0
    for area in _children(content, "PhysicalBox"):
        box = _floats(area.text)
        if len(box) == 4:
            width, height = box[2], box[3]
    for obj in _children(content, "TextObject"):
        box = _floats(obj.get("Boundary"))
        if len(box) != 4:
            continue
        size = float(obj.get("Size") or 3.5)
        for code in _children(obj, "TextCode"):
            text = "".join(code.itertext())
            if not text.strip():
                continue
            x = box[0] + float(code.get("X") or 0)
            y = box[1] + float(code.get("Y") or 0)
            advances = _advances(code.get("DeltaX"))
            width = sum(advances) + size if advances else size * len(text)
            pieces.append((y, x, x + width, size, text))
    pieces.sort()
    lines: list[_Line] = []
    group: list[tuple[float, float, float, float, str]] = []
    for piece in pieces:
        if group and abs(piece[0] - group[0][0]) > _LINE_TOLERANCE * max(piece[3], group[0][3]):
            lines.append(_line(group, number, width, height))
            group = []
        group.append(piece)
    if group:
        lines.append(_line(group, number, width, height))
    return lines


def _line(group: list[tuple[float, float, float, float, str]], number: int, width: float, height: float) -> _Line:
    group = sorted(group, key=lambda p: p[1])
    y = group[0][0]
    size = group[0][3]
    zone = y < 0.12 * height or y > 0.88 * height
    return _Line("".join(p[4] for p in group), number, group[0][1], group[-1][2], y, size, zone, width)
