"""Real document formats built in the test: Word numbering and revisions (raw WordprocessingML), tables as
sentences, OFD packages, xlsx sheets, and folders of files we do not read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from scribe.errors import IngestError
from tests.support.office_docs import (
    INDICATOR_OFD_PAGE2,
    INDICATOR_OFD_TEXT,
    NUMBERING,
    PAGE_FOOTER,
    STYLES,
    Docx,
    build_ofd,
    field_run,
    indicator_report_ofd,
    p,
    t,
    table,
    text_box,
)
from vectorstore.loaders import LoadedFile, collect_files_and_skips, load_file, table_lines
from vectorstore.loaders.numbering import format_number

MB = 1024 * 1024


def load(path: Path, data: bytes) -> LoadedFile:
    path.write_bytes(data)
    return load_file(path, max_bytes=60 * MB, max_unzipped_bytes=200 * MB)


def lines_of(tmp_path: Path, doc: Docx, name: str = "report.docx") -> list[str]:
    return load(tmp_path / name, doc.build()).text.split("\n")


# --- Word numbering ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (1, "chineseCounting", "一"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (3, "taiwaneseCountingThousand", "三"),
        (2, "ideographTraditional", "乙"),
        (4, "decimalFullWidth", "4"),
        (12, "decimal", "12"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "lowerRoman", "iv"),
        (2, "upperLetter", "B"),
        (7, "someFutureFormat", "7"),
    ],
)
def test_number_formats(value: int, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


def test_heading_styles_carry_their_numbering(tmp_path: Path) -> None:
    body = [
        p("洞头区科学技术局2024年上半年工作总结", style="Title"),
        p("上半年工作进展", style="Heading1"),
        p("核心指标情况", style="Heading2"),
        p("1-5月，规上工业研发费用完成6099.1万元。"),
        p("平台建设扩面提质。", style="Heading3"),
        p("主体培育稳步推进。", style="Heading3"),
        p("重点工作进展情况", style="Heading2"),
        p("成果转化态势良好。", style="Heading3"),
        p("存在问题", style="BureauH1"),  # a bureau's own style based on Heading 1 inherits its numbering
        p("下步工作思路", style="Heading1"),
        p("聚力科创核心指标提升", style="Heading2"),
        p("", style="Heading2"),  # an empty numbered paragraph shows nothing and does not count
        p("聚力重点工作推进", style="Heading2"),
    ]
    lines = lines_of(tmp_path, Docx(body))
    assert lines == [
        "洞头区科学技术局2024年上半年工作总结",
        "一、上半年工作进展",
        "（一）核心指标情况",
        "1-5月，规上工业研发费用完成6099.1万元。",
        "1.平台建设扩面提质。",
        "2.主体培育稳步推进。",
        "（二）重点工作进展情况",
        "1.成果转化态势良好。",
        "二、存在问题",
        "三、下步工作思路",
        "（一）聚力科创核心指标提升",
        "（二）聚力重点工作推进",
    ]


def test_direct_numbering_overrides_and_restarts(tmp_path: Path) -> None:
    body = [
        p("上半年工作进展", num=(1, 0)),
        p("平台建设", num=(1, 2)),
        p("主体培育", num=(1, 2)),
        p("成果转化", num=(2, 2)),  # numId 2: same list definition, third level restarted by startOverride
        p("科研攻关", num=(2, 2)),
        p("全角编号一", num=(3, 0)),
        p("全角编号二", num=(3, 0)),
        p("从五开始", num=(5, 0)),  # startOverride 5 on the full-width list
        p("甲项", num=(4, 0)),
        p("乙项", num=(4, 0)),
        p("不编号", style="Heading1", num=(0, 0)),  # numId 0 switches the style's numbering off
        p("第四级", num=(1, 3)),
    ]
    lines = lines_of(tmp_path, Docx(body))
    assert lines == [
        "一、上半年工作进展",
        "1.平台建设",
        "2.主体培育",
        "1.成果转化",
        "2.科研攻关",
        "1．全角编号一",
        "2．全角编号二",
        "5．从五开始",
        "甲.甲项",
        "乙.乙项",
        "不编号",
        "（1）第四级",
    ]


def test_level_replaced_in_an_override(tmp_path: Path) -> None:
    numbering = NUMBERING.replace(
        "</w:numbering>",
        '<w:num w:numId="9"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0">'
        '<w:start w:val="3"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1部分 "/></w:lvl>'
        "</w:lvlOverride></w:num></w:numbering>",
    )
    lines = lines_of(tmp_path, Docx([p("工作思路", num=(9, 0)), p("党建", num=(9, 0))], numbering=numbering))
    assert lines == ["第三部分 工作思路", "第四部分 党建"]


def test_a_document_without_numbering_part_reads_plainly(tmp_path: Path) -> None:
    lines = lines_of(tmp_path, Docx([p("一、总体情况", style="Heading1"), p("正文。")], numbering=None, styles=None))
    assert lines == ["一、总体情况", "正文。"]


# --- revisions, content controls, fields, notes, furniture ---------------------------------------------------------


def test_tracked_changes_content_controls_fields_and_notes(tmp_path: Path) -> None:
    body = [
        p(
            "1-5月，规上工业研发费用完成",
            '<w:del w:id="1" w:author="a"><w:r><w:delText>5000万元</w:delText></w:r></w:del>',
            '<w:ins w:id="2" w:author="a">' + t("6099.1万元") + "</w:ins>",
            "，增速17.7%",
            '<w:r><w:footnoteReference w:id="1"/></w:r>',
            "。",
        ),
        '<w:sdt><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>'
        + p("新增科技型中小企业19家，完成率190%。")
        + "</w:sdtContent></w:sdt>",
        p(
            "高新技术产业投资额为",
            "<w:sdt><w:sdtPr/><w:sdtContent>" + t("1.55亿元") + "</w:sdtContent></w:sdt>",
            "，",
            field_run('DOCPROPERTY "增速"', "增速33.5%"),
            "；",
            '<w:fldSimple w:instr=" REF 排名 ">' + t("全市第7") + "</w:fldSimple>",
            "。",
        ),
        p("隐藏", "<w:r><w:rPr><w:vanish/></w:rPr><w:t>不显示的批注</w:t></w:r>", "文字。"),
        '<w:ins w:id="3" w:author="a">' + p("整段插入的句子。") + "</w:ins>",
    ]
    doc = Docx(body, footnotes=[(1, "数据来源：区统计局快报。")], header=p("洞头区科学技术局"), footer=PAGE_FOOTER)
    lines = lines_of(tmp_path, doc)
    assert lines == [
        "1-5月，规上工业研发费用完成6099.1万元，增速17.7%。",
        "注：数据来源：区统计局快报。",
        "新增科技型中小企业19家，完成率190%。",
        "高新技术产业投资额为1.55亿元，增速33.5%；全市第7。",
        "隐藏文字。",
        "整段插入的句子。",
    ]
    text = "\n".join(lines)
    for absent in ("5000万元", "DOCPROPERTY", "REF", "第1页", "洞头区科学技术局", "不显示"):
        assert absent not in text


def test_a_table_of_contents_is_not_body_text(tmp_path: Path) -> None:
    toc = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
        "<w:sdtContent>" + p("目录") + p("一、上半年工作进展\t1") + p("二、存在问题\t3") + "</w:sdtContent></w:sdt>"
    )
    styles = STYLES.replace("</w:styles>", '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/>'
                            "</w:style></w:styles>")  # fmt: skip
    body = [toc, p("一、上半年工作进展\t1", style="TOC1"), p("上半年工作进展", style="Heading1"), p("正文。")]
    assert lines_of(tmp_path, Docx(body, styles=styles)) == ["一、上半年工作进展", "正文。"]


# --- tables ---------------------------------------------------------------------------------------------------------

INDICATORS = [
    ["指标", "完成值", "增速", "排名"],
    ["规上工业研发费用", "6099.1万元", "17.7%", "预计全市前3"],
    ["高新技术产业投资额", "1.55亿元", "33.5%", "全市第7"],
]


def test_indicator_table_reads_as_sentences_in_word(tmp_path: Path) -> None:
    body = [p("（一）科技创新核心指标情况"), table(INDICATORS), p("二、存在问题")]  # typed list markers
    lines = lines_of(tmp_path, Docx(body))
    assert lines == [
        "（一）科技创新核心指标情况",
        "规上工业研发费用完成值6099.1万元，增速17.7%，排名预计全市前3。",
        "高新技术产业投资额完成值1.55亿元，增速33.5%，排名全市第7。",
        "二、存在问题",
    ]


def test_two_row_and_merged_headers_are_combined(tmp_path: Path) -> None:
    rows: list[list[str | tuple[str, str]]] = [
        [("指标", "vstart"), ("1-5月", "span=2"), ("全年目标", "vstart")],
        [("", "vcont"), "完成值", "增速", ("", "vcont")],
        ["规上工业研发费用", "6099.1万元", "17.7%", "18%以上"],
        [("工业", "vstart"), "技术合同交易额", "2.97亿元", "9亿元"],
    ]
    lines = lines_of(tmp_path, Docx([table(rows)]))
    assert lines[0] == "规上工业研发费用1-5月完成值6099.1万元，1-5月增速17.7%，全年目标18%以上。"


@pytest.mark.parametrize(
    ("grid", "expected"),
    [
        # a unit in the header moves onto the bare numbers; a serial-number column is left out
        (
            [["序号", "指标", "完成值（万元）", "增速（%）"], ["1", "规上工业研发费用", "6099.1", "17.7"]],
            ["规上工业研发费用完成值6099.1万元，增速17.7%。"],
        ),
        # a row naming only its group stays a line; a 单位 line is dropped
        (
            [["单位：万元", None, None], ["指标", "完成值", "增速"], ["一、创新投入", None, None],
             ["研发费用", "6099.1", "17.7%"]],
            ["一、创新投入", "研发费用完成值6099.1，增速17.7%。"],
        ),
        # a horizontally merged value cell is read once
        ([["指标", "上半年", "全年"], ["新增孵化面积", "0.31万平方米", None]], ["新增孵化面积上半年0.31万平方米。"]),
        # years and months in the first row make it a header, not data
        ([["指标", "2023年", "2024年"], ["技术交易额", "8.1亿元", "9亿元"]], ["技术交易额2023年8.1亿元，2024年9亿元。"]),
        ([], []),
    ],
)  # fmt: skip
def test_table_sentences(grid: list[list[str | None]], expected: list[str]) -> None:
    assert table_lines(grid) == expected


# --- text boxes -----------------------------------------------------------------------------------------------------


def test_text_boxes_are_read_in_document_order_once(tmp_path: Path) -> None:
    data = Docx(
        [
            p("洞头区科学技术局2024年上半年工作总结", style="Title"),
            p(text_box(p("一、上半年科技创新工作进展"), p("1-5月，规上工业研发费用完成6099.1万元。"))),
            p("二、存在问题", text_box(p("研发投入后劲不足。"), vml_only=True)),
            table([["指标", "完成值"], ["高新技术产业投资额", t("1.55亿元") + text_box(p("（预计）"))]]),
            p("三、下步工作思路"),
        ]
    ).build()
    assert load(tmp_path / "boxes.docx", data).text.split("\n") == [
        "洞头区科学技术局2024年上半年工作总结",
        "一、上半年科技创新工作进展",
        "1-5月，规上工业研发费用完成6099.1万元。",
        "二、存在问题",
        "研发投入后劲不足。",
        "高新技术产业投资额完成值1.55亿元（预计）。",
        "三、下步工作思路",
    ]


# --- xlsx -----------------------------------------------------------------------------------------------------------


def test_xlsx_indicator_sheet(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "核心指标"
    sheet.append(["指标", "1-5月", None, "全年目标"])
    sheet.append([None, "完成值", "增速", None])
    sheet.append(["规上工业研发费用", "6099.1万元", "17.7%", "18%以上"])
    sheet.append(["新增科技型中小企业（家）", 19, None, 30])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("D1:D2")
    other = book.create_sheet("说明")
    other.append(["数据来源：区统计局。"])
    hidden = book.create_sheet("草稿")
    hidden.append(["不应读取"])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    loaded = load(tmp_path / "indicators.xlsx", buffer.getvalue())
    assert loaded.format == "xlsx"
    assert loaded.text.split("\n") == [
        "核心指标",
        "规上工业研发费用1-5月完成值6099.1万元，1-5月增速17.7%，全年目标18%以上。",
        "新增科技型中小企业1-5月完成值19家，全年目标30家。",  # the row's unit moves onto its bare numbers
        "说明",
        "数据来源：区统计局。",
    ]


def test_broken_xlsx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="xlsx 文件已损坏"):
        load(tmp_path / "broken.xlsx", b"PK\x03\x04 not really")


# --- OFD ------------------------------------------------------------------------------------------------------------


def test_ofd_text_is_ordered_by_position_and_reflowed(tmp_path: Path) -> None:
    def page(n: int, *body: tuple[float, float, str]) -> list[tuple[float, float, str]]:
        return [(20.0, 12.0, "洞头区科学技术局文件"), *body, (100.0, 286.0, f"— {n} —")]

    data = build_ofd(
        [
            page(
                1,
                (96.0, 50.0, "6099.1万元，增速17.7%，预计全市"),  # the second piece of a line, listed first
                (20.0, 40.0, "一、上半年工作"),
                (28.0, 50.0, "1-5月，全区规上工业研发费用完成"),
                (20.0, 56.0, "前3。"),  # the line above reaches the right margin (190 of 210 mm): wrapped
            ),
            page(2, (20.0, 40.0, "二、存在问题")),
            page(3, (20.0, 40.0, "三、下步工作思路")),
        ],
        title="洞头区2024年上半年工作总结",
        size=4.0,
    )
    loaded = load(tmp_path / "report.ofd", data)
    assert loaded.format == "ofd"
    assert loaded.title_hint == "洞头区2024年上半年工作总结"
    assert loaded.text.split("\n") == [
        "一、上半年工作",
        "1-5月，全区规上工业研发费用完成6099.1万元，增速17.7%，预计全市前3。",
        "二、存在问题",
        "三、下步工作思路",
    ]


def test_an_ofd_table_laid_in_columns_is_read_as_sentences_and_its_template_header_dropped(tmp_path: Path) -> None:
    loaded = load(tmp_path / "indicators.ofd", indicator_report_ofd())
    lines = loaded.text.split("\n")
    assert lines[:3] == [INDICATOR_OFD_TEXT[0], INDICATOR_OFD_TEXT[1], INDICATOR_OFD_TEXT[2]]  # 全角 kept, rejoined
    assert lines[3:6] == [
        "规上工业研发费用完成值6099.1万元，增速17.7%，排名预计全市前3。",
        "高新技术产业投资额完成值1.55亿元，增速33.5%，排名全市第7。",
        "技术合同交易额完成值2.36亿元，增速41.2%，排名全市第2。",
    ]
    assert lines[6:] == list(INDICATOR_OFD_PAGE2)
    assert "洞头区科学技术局文件" not in loaded.text and "—" not in loaded.text


def test_ofd_without_its_root_is_refused(tmp_path: Path) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("Doc_0/Document.xml", "<x/>")
    with pytest.raises(IngestError, match=r"缺少 OFD\.xml"):
        load(tmp_path / "broken.ofd", buffer.getvalue())


# --- folders --------------------------------------------------------------------------------------------------------


def test_a_folder_lists_what_it_skips_and_why(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("photo.jpg", "sheet.et", "~$report.docx", "report.txt", ".hidden.txt"):
        (folder / name).write_bytes(b"x")
    files, skipped = collect_files_and_skips([folder])
    assert files == [folder / "report.txt"]
    reasons = {path.name: reason for path, reason in skipped}
    assert set(reasons) == {"photo.jpg", "sheet.et", "~$report.docx"}
    assert "不支持的文件类型 .jpg" in reasons["photo.jpg"]
    assert "另存为 .xlsx" in reasons["sheet.et"]
    assert "临时文件" in reasons["~$report.docx"]


# --- OCR word boxes -------------------------------------------------------------------------------------------------


def _tsv(words: list[tuple[int, int, float, float, str]]) -> str:
    """tesseract TSV rows (level 5 = word) for (block, line, left, top, text); glyphs 40 px high, 40 px a char."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = []
    for block, line, left, top, text in words:
        x = left
        for n, word in enumerate(text.split(), start=1):  # tesseract's words: what spaces separate
            rows.append(f"5\t1\t{block}\t1\t{line}\t{n}\t{x:g}\t{top:g}\t{40 * len(word)}\t40\t95\t{word}")
            x += 40 * len(word) + 12
    return "\n".join([head, *rows])


def test_ocr_word_boxes_of_a_table_become_its_sentences() -> None:
    from vectorstore.loaders.ocr import tsv_text

    body = [(1, 1, 200, 100, "1-5月主要指标完成情况如下："), (1, 2, 200, 700, "二、存在问题")]
    cells = [  # tesseract reads each column of a table as a block of its own
        (2 + col, row + 1, x, 200 + 100 * row, text)
        for row, cells in enumerate(
            [
                ("指标", "完成值", "增速", "排名"),
                ("规上工业研发费用", "6099.1 万元", "17.7%", "预计 全市 前3"),
                ("高新技术产业投资额", "1.55 亿元", "33.5%", "全市第7"),
            ]
        )
        for col, (x, text) in enumerate(zip((200, 1000, 1500, 1900), cells, strict=True))
    ]
    assert tsv_text(_tsv(body[:1] + cells + body[1:])).split("\n") == [
        "1-5月主要指标完成情况如下：",
        "规上工业研发费用完成值6099.1万元，增速17.7%，排名预计全市前3。",
        "高新技术产业投资额完成值1.55亿元，增速33.5%，排名全市第7。",
        "二、存在问题",
    ]


def test_only_lines_in_aligned_columns_make_a_table() -> None:
    from vectorstore.loaders.columns import aligned_tables, segments

    def line(*cells: tuple[float, str]) -> list[tuple[float, float, str]]:
        return [(x, x + 10.0 * len(text), text) for x, text in cells]

    prose = [line((20, "1-5月，规上工业研发费用完成6099.1万元，增速17.7%")) for _ in range(4)]
    two_gaps = [line((20, "联系人：张三"), (300, "电话：12345")), line((20, "抄送：区委办"))]  # two lines only
    misaligned = [line((20, "指标"), (200, "完成值")), line((20, "规上工业研发费用"), (120, "6099.1万元"))] * 2
    table = [line((20, "指标"), (200, "完成值"), (320, "增速"))]
    table += [line((20, "规上工业研发费用"), (200, "6099.1万元"), (320, "17.7%"))]
    table += [line((20, "技术合同交易额"), (200, "2.36亿元"))]  # an empty last cell
    cut = [segments(ln, 10.0) for ln in [*prose, *two_gaps, *misaligned, *table]]
    assert aligned_tables(cut, 10.0) == [
        (
            10,
            13,
            [
                ["指标", "完成值", "增速"],
                ["规上工业研发费用", "6099.1万元", "17.7%"],
                ["技术合同交易额", "2.36亿元", ""],
            ],
        )
    ]
