"""The summary .docx as Word reads it: GB/T 9704 page, the 公文 fonts with their East Asian fallbacks."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from chains.summary.export import FONT_FALLBACKS, Heading, Items, Para, docx_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _parts() -> dict[str, etree._Element]:
    data = docx_bytes(
        [
            Heading(1, "洞西区科学技术局2024年上半年工作总结摘要"),
            Heading(2, "二、主要成效"),
            Items(["新增21家。"]),
            Para("注"),
        ]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: etree.fromstring(z.read(f"word/{name}.xml")) for name in ("fontTable", "styles", "document")}


def test_the_gbt9704_fonts_are_declared_with_fallbacks() -> None:
    fonts = {f.get(f"{W}name"): f for f in _parts()["fontTable"].findall(f"{W}font")}
    assert FONT_FALLBACKS == {
        "仿宋_GB2312": ("仿宋", "modern", "fixed"),
        "方正小标宋简体": ("宋体", "roman", "variable"),
        "黑体": ("SimHei", "modern", "fixed"),
    }
    for name, (alt, _family, _pitch) in FONT_FALLBACKS.items():
        font = fonts[name]
        assert font.find(f"{W}altName").get(f"{W}val") == alt
        assert font.find(f"{W}charset").get(f"{W}val") == "86"  # GB2312


def test_every_style_names_its_east_asian_font() -> None:
    styles = _parts()["styles"]
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert default.get(f"{W}eastAsia") == "仿宋_GB2312" and default.get(f"{W}eastAsiaTheme") is None
    by_id = {s.get(f"{W}styleId"): s for s in styles.findall(f"{W}style")}
    want = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "黑体"}
    for style_id, font in want.items():
        rfonts = by_id[style_id].find(f"{W}rPr/{W}rFonts")
        assert rfonts.get(f"{W}eastAsia") == font, style_id
        assert rfonts.get(f"{W}eastAsiaTheme") is None, style_id  # a theme font would override the name


def test_the_page_is_a4_with_gbt9704_margins() -> None:
    sect = _parts()["document"].find(f"{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    twips_mm = 1440 / 25.4
    assert (round(int(size.get(f"{W}w")) / twips_mm), round(int(size.get(f"{W}h")) / twips_mm)) == (210, 297)
    got = {k: round(int(margins.get(f"{W}{k}")) / twips_mm) for k in ("top", "bottom", "left", "right")}
    assert got == {"top": 37, "bottom": 35, "left": 28, "right": 26}
