"""Document metadata and the split of a file holding several bureaus' reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from scribe.models import BureauBasis, DocType
from vectorstore.metadata import extract_metadata, publish_date, split_parts

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
BOTH = DocType.SUMMARY_AND_PLAN


def sample(name: str) -> str:
    return (SAMPLE / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "bureau", "level", "years", "period", "doc_type", "date"),
    [
        ("dongtou_2024h1.txt", "洞头区科学技术局", "区", [2024], "上半年（1-5月）", BOTH, "2024-12-10"),
        ("qingtian_2023h1.txt", "青田县科技局", "县", [2023], "上半年（1-4月）", BOTH, None),
        ("shinan_2023_2024.txt", "市南区科技局", "区", [2023, 2024], "全年", BOTH, None),
        # the district never names itself: its level is known, its name is not
        ("district_and_wenzhou_city_2021_2022.txt", None, "区", [2021, 2022], "全年", BOTH, None),
        # 我局 / 我县 only: unknown bureau, never invented; 时间: in the page header is its publishing time
        ("county_2021h1.txt", None, "县", [2021], "上半年", BOTH, "2022-09-22"),
    ],
)
def test_sample_metadata(
    name: str, bureau: str | None, level: str, years: list[int], period: str, doc_type: DocType, date: str | None
) -> None:
    meta = extract_metadata(sample(name), name)
    assert meta.bureau == bureau
    assert meta.region_level == level
    assert meta.years == years
    assert meta.period == period
    assert meta.doc_type is doc_type
    assert meta.publish_date == date


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("dongtou_2024h1.txt", "洞头区科学技术局2024年上半年工作总结及下半年工作思路"),
        ("county_2021h1.txt", "科技局上年工作总结和下年工作计划"),
        ("shinan_2023_2024.txt", "区科技局2023年H作总结2024年H作思路"),
        ("district_and_wenzhou_city_2021_2022.txt", "科技局20XX年工作总结及2022年工作计划"),
        ("qingtian_2023h1.txt", None),
    ],
)
def test_sample_titles(name: str, title: str | None) -> None:
    assert extract_metadata(sample(name), name).title == title


def test_title_hint_fills_a_missing_title() -> None:
    meta = extract_metadata(sample("qingtian_2023h1.txt"), "x.txt", title_hint="青田县科技局上半年工作总结")
    assert meta.title == "青田县科技局上半年工作总结"


def test_district_and_city_file_splits_into_two_reports() -> None:
    text = sample("district_and_wenzhou_city_2021_2022.txt")
    parts = split_parts(text)
    assert len(parts) == 2
    district, city = parts
    assert (district.start, district.end, city.end) == (0, city.start, len(text))
    assert district.bureau is None and district.region_level == "区"
    assert district.years == [2021, 2022]
    assert city.bureau == "温州市科技局" and city.region_level == "市"
    assert city.years == []  # 20XX everywhere: masked years give nothing
    assert city.period == "全年"
    assert city.title == "市科技局20XX年工作总结和20XX年工作计划"
    assert text[city.start :].startswith("市科技局20XX年工作总结")
    assert "2O22年重点工作" in text[district.start : district.end]


@pytest.mark.parametrize(
    "name", ["dongtou_2024h1.txt", "qingtian_2023h1.txt", "shinan_2023_2024.txt", "county_2021h1.txt"]
)
def test_single_reports_are_one_part(name: str) -> None:
    text = sample(name)
    parts = split_parts(text)
    assert [(p.start, p.end) for p in parts] == [(0, len(text))]


# --- rules on reports the samples do not contain ----------------------------------------------

BODY = "一、主要工作情况\n（一）企业培育。全年新增高新技术企业20家，研发费用增长12.5%。\n" * 6


def test_bare_bureau_takes_its_place_from_the_file_name() -> None:
    text = "区科技局2022年工作总结\n今年以来，区科技局围绕中心工作……\n" + BODY
    meta = extract_metadata(text, "瓯海区科技局2022年工作总结.docx")
    assert meta.bureau == "瓯海区科技局"
    assert meta.years == [2022]
    assert meta.period == "全年"
    assert meta.doc_type is DocType.SUMMARY


def test_bare_bureau_stays_unknown_without_a_clear_place() -> None:
    text = "今年以来，区科技局围绕中心工作，推进高新区和开发区建设。\n" + BODY
    meta = extract_metadata(text, "report.txt")
    assert meta.bureau is None
    assert meta.region_level == "区"


def test_other_bureaus_named_in_the_body_are_not_the_author() -> None:
    text = "今年以来，我局在县委县政府领导下开展工作，我县企业通过市科技局审批3家，嘉兴市科技局来我县调研。\n" + BODY
    meta = extract_metadata(text, "report.txt")
    assert meta.bureau is None
    assert meta.region_level == "县"


def test_bureau_with_year_first_title_and_plan_only() -> None:
    text = "2025年瑞安市科学技术局工作要点\n2025年，市科技局将深入实施创新驱动战略。\n一、目标任务\n（一）力争新增高新技术企业100家。\n"
    meta = extract_metadata(text, "plan.txt")
    assert meta.bureau == "瑞安市科学技术局"
    assert meta.years == [2025]
    assert meta.doc_type is DocType.PLAN
    assert meta.period == "全年计划"


def test_first_to_month_written_in_chinese() -> None:
    text = "某县科技局上半年工作总结\n一、主要指标\n一至五月，研发费用增长9%。\n二、下半年工作计划\n（一）抓好项目。\n"
    meta = extract_metadata(text, "x.txt")
    assert meta.period == "上半年（1-5月）"
    assert meta.doc_type is DocType.SUMMARY_AND_PLAN


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("标题\n发布日期：2023-07-05\n正文", "2023-07-05"),
        ("标题\n• 成文日期:\n• 2023年7月6日\n正文", "2023-07-06"),
        ("标题\n成文日期：2023-07-01 发布日期：2023/07/09\n正文", "2023-07-09"),
        ("2023年7月9日，全县研发投入增长。", None),
        ("标题\n正文没有日期。", None),
    ],
)
def test_publish_date(header: str, expected: str | None) -> None:
    assert publish_date(header) == expected


def test_three_reports_in_one_file() -> None:
    one = (
        "洞头区科技局2023年工作总结\n"
        + "今年以来，区科技局推进各项工作。" * 30
        + "\n一、工作情况\n（一）企业培育。新增5家。\n"
    )
    two = (
        "鹿城区科技局2023年工作总结\n"
        + "今年以来，区科技局聚焦创新。" * 30
        + "\n一、工作情况\n（一）平台建设。新增2家。\n"
    )
    three = "市科技局2023年工作总结和2024年工作计划\n" + "2023年，温州市推进创新。温州市科技局牵头。" * 10
    parts = split_parts(one + two + three)
    assert [p.bureau for p in parts] == ["洞头区科技局", "鹿城区科技局", "温州市科技局"]
    assert [p.years for p in parts] == [[2023], [2023], [2023, 2024]]


# -- attribution from everything a document carries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bureau", "basis"),
    [
        (
            "2024年上半年工作总结\n发布机构：余杭区科学技术局\n发布时间：2024-07-10\n今年以来，我区围绕中心工作……\n",
            "余杭区科学技术局",
            BureauBasis.METADATA,
        ),
        (
            "江宁区人民政府门户网站\n首页 > 政务公开 > 部门动态\n区科技局2024年上半年工作总结\n今年以来，区科技局围绕中心工作……\n",
            "江宁区科技局",
            BureauBasis.SITE,
        ),
        ("南京市江宁区科学技术局2024年上半年工作总结\n今年以来，我局……\n", "江宁区科学技术局", BureauBasis.TITLE),
        ("长阳土家族自治县科技局2024年工作总结\n", "长阳土家族自治县科技局", BureauBasis.TITLE),
        ("义乌市科技局（知识产权局）2024年工作总结\n", "义乌市科技局（知识产权局）", BureauBasis.TITLE),
        ("鹿城区科技局2024年工作总结\n", "鹿城区科技局", BureauBasis.TITLE),
        ("瑞安市科技和信息化局2024年上半年工作总结\n", "瑞安市科技和信息化局", BureauBasis.TITLE),
        (
            "2024年工作总结\n今年以来，我县坚持创新驱动。长沙县企业研发投入增长，长沙县高新技术企业新增，长沙县……\n",
            "长沙县科技局",
            BureauBasis.TEXT,
        ),
        ("2024年工作总结\n今年以来，我县坚持创新驱动。长沙县企业研发投入增长。\n", None, None),  # one mention
        # one mention stays unknown, even as its clause's subject inside the city the text also names
        (
            "2024年工作总结\n今年以来，我县坚持创新驱动，研发费用增速居银川市第1位。贺兰县企业研发投入增长。\n",
            None,
            None,
        ),
        ("2024年工作总结\n今年以来，我县研发费用增速居银川市第1位。贺兰县科技局来我县调研。\n", None, None),  # visitor
        ("2024年工作总结\n今年以来，我县研发费用增速居银川市第1位。赴贺兰县考察学习。\n", None, None),  # no subject
        ("2024年工作总结\n今年以来，我县研发费用增速居株洲市第1位。贺兰县企业研发投入增长。\n", None, None),
        ("合肥高新区科技局2023年工作总结\n", "合肥高新区科技局", BureauBasis.TITLE),
        ("长春经济技术开发区科技创新局2024年上半年工作总结\n", "长春经济技术开发区科技创新局", BureauBasis.TITLE),
        ("深圳市南山区科技创新局2023年工作总结\n", "南山区科技创新局", BureauBasis.TITLE),
        ("广州市天河区科技工业和信息化局2024年上半年工作总结\n", "天河区科技工业和信息化局", BureauBasis.TITLE),
        (
            "区科技局2024年上半年工作总结\n上半年，区科技局围绕西湖区中心工作，推动西湖科创走廊建设，西湖高新企业……\n",
            "西湖区科技局",
            BureauBasis.TEXT,
        ),
        (
            "2024年上半年工作总结\n网站名称：慈溪市人民政府\n今年以来，我局围绕中心工作，全市研发投入增长。\n",
            "慈溪市科技局",
            BureauBasis.SITE,
        ),
        # a title that opens with its place names the report's subject; the bureaus of the body are its sub-units
        (
            "焦作市2026年1-10月科技创新工作进展\n1-10月，全市技术合同成交额25亿元，修武县科技局、博爱县科技局获评先进。\n",
            "焦作市科技局",
            BureauBasis.TITLE,
        ),
        (
            "长丰县2026年上半年科技工作总结\n上半年，我县新增高企8家。合肥市科技局来我县调研。\n",
            "长丰县科技局",
            BureauBasis.TITLE,
        ),
        ("南京市江宁区2024年上半年科技工作总结\n上半年，区科学技术局……\n", "江宁区科学技术局", BureauBasis.TITLE),
        (
            "宝鸡高新区2026年前三季度科技创新工作总结\n前三季度，宝鸡市科技局对我区给予支持。\n",
            "宝鸡高新区科技局",
            BureauBasis.TITLE,
        ),
        # the title's place is not the author's own level (我市 ×3 under a 县 title): not the title's
        ("长丰县2026年上半年科技工作总结\n我市……我市……我市……\n", None, None),
    ],
)
def test_bureau_attribution(text: str, bureau: str | None, basis: BureauBasis | None) -> None:
    meta = extract_metadata(text + BODY, "report.txt")
    assert (meta.bureau, meta.bureau_basis) == (bureau, basis)


OPENING = "2024年上半年科技工作总结\n上半年，区科技局聚焦企业培育，全区新增高企12家。\n"


@pytest.mark.parametrize(
    ("closing", "bureau", "basis"),
    [
        # the report names its bureau only in its closing 落款 line (was: unattributed)
        ("特此报告。\n嘉兴市南湖区科学技术局\n2024年7月8日\n", "南湖区科学技术局", BureauBasis.SIGNATURE),
        # … or only in the title of the table it appends (was: unattributed)
        (
            "附件：南湖区科学技术局2024年上半年主要指标完成情况表\n指标 单位 完成\n高企 家 12\n",
            "南湖区科学技术局",
            BureauBasis.SIGNATURE,
        ),
        # a bureau of another level signing (the city's, forwarding the district's report) is not its author
        ("嘉兴市科学技术局\n", None, None),
        # a closing sentence that names a bureau is no 落款
        ("下半年将配合南湖区科学技术局做好申报工作。\n", None, None),
        # an attachment that only mentions a bureau further on does not sign the report
        ("附件：关于转发秀洲区科学技术局申报指南的通知\n", None, None),
    ],
)
def test_bureau_from_the_signature_or_an_attachment(
    closing: str, bureau: str | None, basis: BureauBasis | None
) -> None:
    meta = extract_metadata(OPENING + BODY + closing, "report.txt")
    assert (meta.bureau, meta.bureau_basis) == (bureau, basis)


@pytest.mark.parametrize(
    ("opening", "closing", "bureau", "basis"),
    [
        # a visitor named in the opening is not the author; the 落款 is
        (
            "2026年前三季度工作总结\n今年以来，遵义市科技局来我市调研指导，我市科技工作稳步推进。\n",
            "仁怀市科学技术局\n2026年10月10日\n",
            "仁怀市科学技术局",
            BureauBasis.SIGNATURE,
        ),
        # a superior named in the opening sentence gives way to the bureau that signs
        (
            "2026年上半年工作总结\n上半年，在宜昌市科技局的指导下，我市科技工作稳步推进。\n",
            "当阳市科技局\n2026年7月5日\n",
            "当阳市科技局",
            BureauBasis.SIGNATURE,
        ),
        # the units a city's opening lists are not its author, and one passing mention names none
        (
            "2026年上半年科技工作总结\n上半年，宜都市科技局、当阳市科技局等单位积极作为，全市研发投入增长12%。\n",
            "",
            None,
            None,
        ),
        # the one bureau the opening sentence names, when nothing signs
        (
            "2026年上半年科技工作总结\n今年以来，青田县科技局认真贯彻县委部署。丽水市科技局来我县调研。\n",
            "",
            "青田县科技局",
            BureauBasis.OPENING,
        ),
    ],
)
def test_the_opening_names_its_author_not_its_visitors_or_units(
    opening: str, closing: str, bureau: str | None, basis: BureauBasis | None
) -> None:
    meta = extract_metadata(opening + BODY + closing, "report.txt")
    assert (meta.bureau, meta.bureau_basis) == (bureau, basis)


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        # a line opening with its year (masked or not) that names its 打算 / 安排 is the report's title
        ("202X年1-10月科技工作情况及下一步打算", "202X年1-10月科技工作情况及下一步打算"),
        ("2025年科技工作情况和2026年工作安排", "2025年科技工作情况和2026年工作安排"),
        ("下一步工作打算", None),  # a plan heading, not a title
    ],
)
def test_a_dated_line_naming_its_plan_is_a_title(first_line: str, title: str | None) -> None:
    body = "今年以来，我局统筹推进科技创新各项工作。\n\n一、主要指标完成情况\n\n1.科技型中小企业。1-10月，全县入库136家。\n"
    assert extract_metadata(f"{first_line}\n\n{body}", "x.txt").title == title


def test_a_county_of_one_character_named_in_the_text_signs_a_bare_county_bureau() -> None:
    text = (
        "县科技局2026年上半年工作总结\n\n上半年，县科技局围绕全县创新发展目标，推动我县科技工作取得新进展。\n\n"
        "一、主要指标完成情况\n\n（一）高新技术企业。截至6月底，全县有效期内高新技术企业67家。\n\n"
        "二、重点工作\n\n（一）创建省级创新型县。威县已列入省级创新型县（市）建设名单。\n\n"
        "（二）农业科技服务。威县梨果产业技术团队开展培训12场。依托威县农业园区建设示范基地。\n"
    )
    meta = extract_metadata(text, "x.txt")
    assert (meta.bureau, meta.region_level) == ("威县科技局", "县")
