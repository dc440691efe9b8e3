"""Real office files built in tests: raw WordprocessingML (numbering, tracked changes, content controls, fields,
footnotes, headers/footers, merged table cells), LibreOffice conversions of them, OFD packages and xlsx sheets.

Nothing here is a fixture file: every document is written from the text given, so any test can rebuild it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*runs: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """A paragraph; plain strings are runs of text, strings starting with ``<`` are raw inline XML."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    body = "".join(r if r.startswith("<") else t(r) for r in runs)
    return f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}{body}</w:p>"


def table(rows: list[list[str | tuple[str, str]]], *, borders: bool = True, widths: list[int] | None = None) -> str:
    """A table; a cell is its text, or (text, "span=N" / "vstart" / "vcont") for merged cells. ``borders=False``
    draws no ruling lines (the cells still stand in their columns); ``widths`` are the columns' widths in twips."""
    kind = "single" if borders else "nil"
    lines = "".join(
        f'<w:{side} w:val="{kind}" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{lines}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
    ]
    width = max(sum(int(c[1][5:]) if isinstance(c, tuple) and c[1].startswith("span=") else 1 for c in r) for r in rows)
    cols = widths or [1800] * width
    out.append("<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in cols) + "</w:tblGrid>")
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            text, how = (cell, "") if isinstance(cell, str) else cell
            props = ""
            if how.startswith("span="):
                props = f'<w:gridSpan w:val="{how[5:]}"/>'
            elif how == "vstart":
                props = '<w:vMerge w:val="restart"/>'
            elif how == "vcont":
                props = "<w:vMerge/>"
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# Bureau-template numbering: 一、 / （一） / 1. attached to 标题1-3 through the styles, plus a list (numId 2)
# of the same definition that restarts its third level at 1 (startOverride) and a decimalFullWidth list (numId 3).
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>
<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:pStyle w:val="Heading2"/>
<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading3"/>
<w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/>
<w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%1．"/>
<w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="singleLevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1."/>
<w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"""


def _style(
    style_id: str, name: str, num: tuple[int, int] | None = None, based_on: str | None = None, extra: str = ""
) -> str:
    numpr = f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    ppr, _, rpr = extra.partition("|")
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{base}'
        f"<w:pPr>{numpr}{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
{_style("Normal", "Normal")}
{_style("Title", "Title", based_on="Normal", extra='<w:jc w:val="center"/>|<w:sz w:val="44"/>')}
{_style("Heading1", "heading 1", (1, 0), "Normal")}
{_style("Heading2", "heading 2", (1, 1), "Normal")}
{_style("Heading3", "heading 3", (1, 2), "Normal")}
{_style("BureauH1", "局标题一", based_on="Heading1")}
</w:styles>"""


@dataclass
class Docx:
    """The parts of a .docx; ``build()`` writes a package Word and LibreOffice open."""

    body: list[str]
    numbering: str | None = NUMBERING
    styles: str | None = STYLES
    footnotes: list[tuple[int, str]] = field(default_factory=list)
    header: str | None = None
    footer: str | None = None

    def build(self) -> bytes:
        rels = [("styles", "styles.xml")]
        overrides = [("/word/document.xml", "document.main"), ("/word/styles.xml", "styles")]
        parts: dict[str, str] = {"word/styles.xml": self.styles or f'<w:styles xmlns:w="{W_NS}"/>'}
        if self.numbering:
            rels.append(("numbering", "numbering.xml"))
            overrides.append(("/word/numbering.xml", "numbering"))
            parts["word/numbering.xml"] = self.numbering
        if self.footnotes:
            notes = "".join(
                f'<w:footnote w:id="{i}">{p("<w:r><w:footnoteRef/></w:r>", text)}</w:footnote>'
                for i, text in self.footnotes
            )
            parts["word/footnotes.xml"] = (
                f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
                f'</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                f"<w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
            )
            rels.append(("footnotes", "footnotes.xml"))
            overrides.append(("/word/footnotes.xml", "footnotes"))
        sect = ""
        for kind, content in (("header", self.header), ("footer", self.footer)):
            if content is None:
                continue
            parts[f"word/{kind}1.xml"] = f'<w:{kind[:3]} xmlns:w="{W_NS}">{content}</w:{kind[:3]}>'
            rels.append((kind, f"{kind}1.xml"))
            overrides.append((f"/word/{kind}1.xml", kind))
            sect += f'<w:{kind}Reference w:type="default" r:id="rId{len(rels)}"/>'
        sect_pr = (
            f'<w:sectPr>{sect}<w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720"/>'
            "</w:sectPr>"
        )
        document = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            f"<w:body>{''.join(self.body)}{sect_pr}</w:body></w:document>"
        )
        rel_xml = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(rels, start=1)
        )
        ct = "".join(
            f'<Override PartName="{name}" ContentType="application/vnd.openxmlformats-officedocument.'
            f'wordprocessingml.{kind}+xml"/>'
            for name, kind in overrides
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' + ct + "</Types>",
            )
            z.writestr(
                "_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
            )
            z.writestr("word/document.xml", document)
            z.writestr(
                "word/_rels/document.xml.rels",
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                f'package/2006/relationships">{rel_xml}</Relationships>',
            )
            for name, xml in parts.items():
                z.writestr(name, xml)
        return buffer.getvalue()


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"


def text_box(*paragraphs: str, vml_only: bool = False) -> str:
    """A run holding a text box as Word 2010+ writes it: ``mc:AlternateContent`` with the DrawingML box
    (``wps:txbx``) as its Choice and the same box again in VML (``v:textbox``) as its Fallback; ``vml_only``
    writes the VML box alone, as Word 2003 and WPS do. ``paragraphs`` are ``p(...)`` XML."""
    content = f'<w:txbxContent xmlns:w="{W_NS}">{"".join(paragraphs)}</w:txbxContent>'
    vml = (
        f'<w:pict><v:shape xmlns:v="{V_NS}" id="tb1" type="#_x0000_t202" style="width:400pt;height:60pt">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict>"
    )
    if vml_only:
        return f"<w:r>{vml}</w:r>"
    drawing = (
        f'<w:drawing><wp:inline xmlns:wp="{WP_NS}"><wp:extent cx="5080000" cy="762000"/>'
        '<wp:docPr id="1" name="文本框 1"/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{WPS_NS}">'
        f'<wps:wsp xmlns:wps="{WPS_NS}"><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="5080000" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing>"
    )
    return (
        f'<w:r><mc:AlternateContent xmlns:mc="{MC_NS}"><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def field_run(instruction: str, result: str) -> str:
    """A complex field (begin, instruction, separate, result, end), as Word writes PAGE or a DOCPROPERTY."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{t(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


PAGE_FOOTER = p("第", field_run("PAGE", "1"), "页共", field_run("NUMPAGES", "1"), "页")
HEADER_LINE = p("洞头区科学技术局文件")

_L1 = re.compile(r"^([一二三四五六七八九十]+)、\s*")
_L2 = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*")
_L3 = re.compile(r"^(\d{1,2})[.．、](?!\d)\s*")


def report_as_numbered_docx(text: str, *, footer: bool = True, numbered: bool = True) -> bytes:
    """A plain-text report re-typed in a bureau template: the title in 标题 style, its 一、/（一）/1. headings
    as Heading 1-3 paragraphs whose markers come from Word's numbering (removed from the text); with
    ``numbered=False`` the markers stay typed and the heading styles carry no numbering."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = [p(lines[0], style="Title")]
    for line in lines[1:]:
        for pattern, style in ((_L1, "Heading1"), (_L2, "Heading2"), (_L3, "Heading3")):
            if pattern.match(line):
                body.append(p(pattern.sub("", line), style=style) if numbered else p(line))
                break
        else:
            body.append(p(line))
    return Docx(body, footer=PAGE_FOOTER if footer else None, header=HEADER_LINE if footer else None).build()


def report_with_text_boxes(text: str) -> bytes:
    """A plain-text report where each 一、 heading and the paragraph after it stand in a text box (alternately the
    Word 2010 DrawingML box with its VML fallback, and a VML box alone), anchored in an empty paragraph; the
    rest typed as paragraphs, with page header and footer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = [p(lines[0], style="Title")]
    i, boxes = 1, 0
    while i < len(lines):
        if _L1.match(lines[i]) and i + 1 < len(lines):
            body.append(p(text_box(p(lines[i]), p(lines[i + 1]), vml_only=bool(boxes % 2))))
            boxes, i = boxes + 1, i + 2
            continue
        body.append(p(lines[i]))
        i += 1
    return Docx(body, footer=PAGE_FOOTER, header=HEADER_LINE).build()


REPORT_FORMATS = ("txt", "docx", "docx-textbox", "ofd", "pdf", "doc", "odt", "rtf", "wps")


def report_in_every_format(text: str, folder: Path, stem: str = "dongtou") -> dict[str, Path]:
    """One plain-text report as every format a bureau sends it, keyed by ``REPORT_FORMATS`` names: .txt, a numbered
    .docx (header, footer), a .docx in text boxes, .ofd and, where LibreOffice is installed, .pdf .doc .odt .rtf
    .wps. Each file stands in its own folder under one name, so one store per format ingests one file."""

    def put(key: str, data: bytes, ext: str) -> Path:
        path = folder / key / f"{stem}.{ext}"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        return path

    out = {
        "txt": put("txt", text.encode("utf-8"), "txt"),
        "docx": put("docx", report_as_numbered_docx(text), "docx"),
        "docx-textbox": put("docx-textbox", report_with_text_boxes(text), "docx"),
        "ofd": put("ofd", report_as_ofd(text), "ofd"),
    }
    if SOFFICE is None:
        return out
    for ext in ("pdf", "doc", "odt"):
        (folder / ext).mkdir()
        out[ext] = soffice_convert(out["docx"], ext, folder / ext)
    # LibreOffice's RTF export writes 、 in list templates as "?", so the RTF keeps its markers typed
    typed = put("rtf", report_as_numbered_docx(text, numbered=False), "docx")
    out["rtf"] = soffice_convert(typed, "rtf", typed.parent)
    wps = folder / "wps" / f"{stem}.wps"  # WPS saves its .wps in Word 97's binary format
    wps.parent.mkdir()
    shutil.copy(out["doc"], wps)
    out["wps"] = wps
    return out


def indicator_workbook() -> bytes:
    """An indicator sheet as a bureau keeps it in Excel: a title row merged across, the header, three rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "核心指标"
    sheet.append(["洞头区2024年1-5月科技创新核心指标"])
    sheet.merge_cells("A1:D1")
    sheet.append(["指标", "完成值", "增速", "排名"])
    sheet.append(["规上工业研发费用", "6099.1万元", "17.7%", "预计全市前3"])
    sheet.append(["高新技术产业投资额", "1.55亿元", "33.5%", "全市第7"])
    sheet.append(["技术合同交易额", "2.36亿元", "41.2%", "全市第2"])
    book.properties.title = "洞头区科学技术局2024年上半年科技创新指标"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def soffice_convert(source: Path, target_ext: str, out_dir: Path, *, filter_name: str | None = None) -> Path:
    """Convert with LibreOffice headless (its own profile, so parallel tests do not clash)."""
    assert SOFFICE, "soffice not installed"
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        convert_to = f"{target_ext}:{filter_name}" if filter_name else target_ext
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to",
             convert_to, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    out = out_dir / f"{source.stem}.{target_ext}"
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


# --- the indicator table, a scan -----

INDICATOR_DOC = Docx(
    [
        p("洞头区科学技术局2024年上半年工作总结", style="Title"),
        p("上半年科技创新工作进展", style="Heading1"),
        p("科技创新核心指标情况", style="Heading2"),
        p("1-5月主要指标完成情况如下："),
        table(
            [
                ["指标", "完成值", "增速", "排名"],
                ["规上工业研发费用", "6099.1万元", "17.7%", "预计全市前3"],
                ["高新技术产业投资额", "1.55亿元", "33.5%", "全市第7"],
            ]
        ),
        p("存在问题", style="Heading1"),
        p("规上工业研发投入后劲不足。"),
    ],
    header=HEADER_LINE,
    footer=PAGE_FOOTER,
)
TABLE_SENTENCE = "规上工业研发费用完成值6099.1万元，增速17.7%，排名预计全市前3。"
INDICATOR_ROWS: list[list[str | tuple[str, str]]] = [
    ["指标", "完成值", "增速", "排名"],
    ["规上工业研发费用", "6099.1万元", "17.7%", "预计全市前3"],
    ["高新技术产业投资额", "1.55亿元", "33.5%", "全市第7"],
    ["技术合同交易额", "2.36亿元", "41.2%", "全市第2"],
]

BORDERLESS_DOC = Docx(
    [
        *INDICATOR_DOC.body[:4],
        table(INDICATOR_ROWS, borders=False, widths=[3200, 1900, 1500, 2000]),
        *INDICATOR_DOC.body[5:],
    ],
    header=HEADER_LINE,
    footer=PAGE_FOOTER,
)


def scan_pdf(tmp_path: Path, watermark: str | None, doc: Docx | None = None) -> Path:
    """A scanned copy of ``doc`` (the indicator report): its pages as images only, twice, plus (like scanner apps)
    a text line on every page."""
    import pdfplumber
    from pypdf import PdfReader, PdfWriter

    from tests.unit.test_loaders import make_text_pdf

    source = tmp_path / "short.docx"
    source.write_bytes((doc or INDICATOR_DOC).build())
    pdf = soffice_convert(source, "pdf", tmp_path)
    with pdfplumber.open(pdf) as opened:
        images = [page.to_image(resolution=200).original.convert("RGB") for page in opened.pages]
    images = images * 2  # two pages, so a line on every page is recognisably furniture
    scan = io.BytesIO()
    images[0].save(scan, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(scan.getvalue())))
    if watermark:
        mark = PdfReader(io.BytesIO(make_text_pdf([watermark]))).pages[0]
        for page in writer.pages:
            page.merge_page(mark)
    target = tmp_path / "scan.pdf"
    with target.open("wb") as f:
        writer.write(f)
    return target


# --- OFD ---------------------------------------------------------------------------------------------------------

OFD_NS = "http://www.ofdspec.org/2016"


def _ofd_page(lines: list[tuple[float, float, str]], size: float, template_ref: str = "") -> str:
    """A page's Content.xml: one TextObject per (x, y, text) piece, written in reverse order (readers must sort)."""
    objects = []
    for i, (x, y, text) in enumerate(reversed(lines)):
        width = size * len(text)
        objects.append(
            f'<ofd:TextObject ID="{100 + i}" Boundary="{x:.2f} {y - size:.2f} {width:.2f} {size * 1.4:.2f}" '
            f'Font="3" Size="{size}"><ofd:TextCode X="0" Y="{size:.2f}" '
            f'DeltaX="g {len(text) - 1} {size}">{escape(text)}</ofd:TextCode></ofd:TextObject>'
            if len(text) > 1
            else f'<ofd:TextObject ID="{100 + i}" Boundary="{x:.2f} {y - size:.2f} {width:.2f} {size * 1.4:.2f}" '
            f'Font="3" Size="{size}"><ofd:TextCode X="0" Y="{size:.2f}">{escape(text)}</ofd:TextCode></ofd:TextObject>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}">{template_ref}<ofd:Area>'
        '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="2">'
        + "".join(objects)
        + "</ofd:Layer></ofd:Content></ofd:Page>"
    )


def build_ofd(
    pages: list[list[tuple[float, float, str]]],
    *,
    title: str = "",
    size: float = 4.2,
    template: list[tuple[float, float, str]] | None = None,
) -> bytes:
    """An OFD package (GB/T 33190): OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml; ``template`` is a
    TemplatePage every page uses (where document systems put the running header)."""
    tpl_ref = '<ofd:Template TemplateID="5"/>' if template else ""
    page_refs = "".join(f'<ofd:Page ID="{10 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
    tpl_decl = '<ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>"
            "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
            "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:MaxUnitID>999"
            f"</ofd:MaxUnitID>{tpl_decl}</ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        if template:
            z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", _ofd_page(template, size))
        for n, lines in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", _ofd_page(lines, size, tpl_ref))
    return buffer.getvalue()


def report_as_ofd(text: str, *, per_line: int = 36, per_page: int = 40) -> bytes:
    """A plain-text report laid out as a document system exports it: 36 characters a line (a paragraph's first
    line indented two), a running header and a ``— N —`` page number on every page."""
    size, left, top = 4.2, 25.0, 30.0
    laid: list[tuple[float, str]] = []
    for para in (line.strip() for line in text.splitlines()):
        if not para:
            continue
        first = True
        while para:
            room = per_line - (2 if first else 0)
            laid.append((left + (2 * size if first else 0), para[:room]))
            para, first = para[room:], False
    pages: list[list[tuple[float, float, str]]] = []
    for start in range(0, len(laid), per_page):
        chunk = laid[start : start + per_page]
        n = len(pages) + 1
        page = [(left, 15.0, "洞头区科学技术局文件")]
        page += [(x, top + i * size * 1.5, line) for i, (x, line) in enumerate(chunk)]
        page.append((100.0, 285.0, f"— {n} —"))
        pages.append(page)
    return build_ofd(pages, title=text.splitlines()[0].strip())


INDICATOR_OFD_TEXT = (
    "洞头区科学技术局2024年上半年工作总结",
    "一、上半年科技创新工作进展",
    "（一）科技创新核心指标情况。1-5月，全区科技创新指标稳中有进：规上工业研发费用、高新技术产业投资额均保持两位数增长，"
    "“科技新长征”行动取得阶段性成效；主要指标完成情况见下表。",
)
INDICATOR_OFD_TABLE = (
    ("指标", "完成值", "增速", "排名"),
    ("规上工业研发费用", "6099.1万元", "17.7%", "预计全市前3"),
    ("高新技术产业投资额", "1.55亿元", "33.5%", "全市第7"),
    ("技术合同交易额", "2.36亿元", "41.2%", "全市第2"),
)
INDICATOR_OFD_PAGE2 = (
    "二、存在问题",
    "（一）研发投入后劲不足。部分企业研发投入强度偏低，全区规上工业企业研发机构覆盖率仅为４８％，低于全市平均水平。",
    "三、下半年工作思路",
    "（一）抓好研发投入。力争全年规上工业研发费用增长１５％以上。",
)


def indicator_report_ofd(*, per_line: int = 36) -> bytes:
    """A two-page OFD as a document system exports a report: full-width punctuation and digits, an indicator
    table laid out in columns (no ruling lines: every cell its own text object at its column's x), the running
    header in a TemplatePage and a ``— N —`` page number on each page."""
    size, left = 4.2, 25.0
    columns = (25.0, 75.0, 115.0, 145.0)

    def laid(paras: tuple[str, ...], top: float) -> tuple[list[tuple[float, float, str]], float]:
        out: list[tuple[float, float, str]] = []
        y = top
        for para in paras:
            first = True
            while para:
                room = per_line - (2 if first else 0)
                out.append((left + (2 * size if first else 0), y, para[:room]))
                para, first, y = para[room:], False, y + size * 1.5
        return out, y

    page1, y = laid(INDICATOR_OFD_TEXT, 30.0)
    for row in INDICATOR_OFD_TABLE:
        y += size * 1.8
        page1 += [(x, y, cell) for x, cell in zip(columns, row, strict=True)]
    page1.append((100.0, 285.0, "— 1 —"))
    page2, _ = laid(INDICATOR_OFD_PAGE2, 30.0)
    page2.append((100.0, 285.0, "— 2 —"))
    return build_ofd([page1, page2], title=INDICATOR_OFD_TEXT[0], template=[(25.0, 15.0, "洞头区科学技术局文件")])
