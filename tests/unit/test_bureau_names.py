"""The bureau-name grammar: merged portfolios, short forms, autonomous areas, banners, leagues, zones (own text)."""

from __future__ import annotations

import pytest

from scribe.lexicon.headings import LEADING_MARKER_RE, strip_marker
from scribe.lexicon.periods import arabic_years, clause_period, leading_period
from scribe.lexicon.places import BUREAU_ORG_RE, Place, autonomous_place, full_name, place_of, split_level
from vectorstore.metadata import extract_metadata


@pytest.mark.parametrize(
    "org",
    [
        "科技局",
        "科学技术局",
        "教育和科技局",
        "教育科技局",
        "教育体育和科技局",
        "科技工信局",
        "科技经信局",
        "科学技术和工业信息化局",
        "科技工业和信息化局",
        "科技和经济信息化局",
        "科学技术和知识产权局",
        "科技和大数据局",
        "科技创新局",
        "科技创新发展局",
        "科技创新委员会",
        "科学技术委员会",
        "科技和经济委员会",
        "经济和科技促进局",
        "科学技术厅",
        "科委",
        "科工信局",
        "经科局",
        "科技局（知识产权局）",
    ],
)
def test_every_form_a_bureau_signs_with_is_read_whole(org: str) -> None:
    found = BUREAU_ORG_RE.search(f"某地{org}")
    assert found is not None and found.group() == org


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("奋力开创科技创新局面", None),  # 局面 is a word of its own
        ("市科技局部署开展专项行动", "科技局"),  # 部署 is what the bureau did
        ("县教育局、科技局联合发文", "科技局"),  # two bureaus listed, not one merged
    ],
)
def test_bureau_words_inside_running_text(text: str, org: str | None) -> None:
    found = BUREAU_ORG_RE.search(text)
    assert (found.group() if found else None) == org


@pytest.mark.parametrize(
    ("bureau", "place"),
    [
        ("彭阳县教育和科技局", ("彭阳", "县")),  # was: 教育和, the portfolio read as the place
        ("文成县科技工信局", ("文成", "县")),
        ("永嘉县科学技术和工业信息化局", ("永嘉", "县")),
        ("江北区科技和经济信息化局", ("江北", "区")),
        ("海曙区科学技术和知识产权局", ("海曙", "区")),
        ("南山区科技创新局", ("南山", "区")),
        ("福田区科技创新发展局", ("福田", "区")),
        ("天津市科学技术委员会", ("天津", "市")),
        ("北京市科委", ("北京", "市")),
        ("石柱土家族自治县科技局", ("石柱", "县")),
        ("镇宁布依族苗族自治县教育和科技局", ("镇宁", "县")),
        ("黔东南苗族侗族自治州科技局", ("黔东南", "州")),
        ("巴音郭楞蒙古自治州科技局", ("巴音郭楞", "州")),  # a people's name without 族
        ("莫力达瓦达斡尔族自治旗科技局", ("莫力达瓦", "旗")),
        ("鄂伦春自治旗科技局", ("鄂伦春", "旗")),  # the banner is named after its people alone
        ("准格尔旗科技局", ("准格尔", "旗")),
        ("锡林郭勒盟科技局", ("锡林郭勒", "盟")),
        ("神农架林区科技局", ("神农架", "区")),
        ("碑林区科技局", ("碑林", "区")),  # a district whose name ends in 林, not a 林区
        ("滨海新区科技局", ("滨海", "区")),
        ("长春经开区管委会科技局", ("长春经开", "区")),
        ("合肥高新区党工委管委会科技创新局", ("合肥高新", "区")),
        ("唐山高新技术产业开发区党工委、管委会科技局", ("唐山高新技术产业开发", "区")),
    ],
)
def test_place_of_merged_and_autonomous_bureaus(bureau: str, place: tuple[str, str]) -> None:
    assert place_of(bureau) == place


@pytest.mark.parametrize(
    ("stem", "place"),
    [
        ("海西蒙古族藏族", "海西"),
        ("白水", "白水"),
        ("大厂回族", "大厂"),
        ("鄂温克族", "鄂温克"),
        ("克孜勒苏柯尔克孜", "克孜勒苏"),
    ],
)
def test_autonomous_place_drops_the_peoples_only(stem: str, place: str) -> None:
    assert autonomous_place(stem) == place


def test_split_level_of_a_forest_district() -> None:
    assert split_level("神农架林区") == ("神农架", "区")
    assert split_level("万柏林区") == ("万柏林", "区")


@pytest.mark.parametrize(
    ("place", "full"),
    [(Place("三都", "县"), "三都水族自治县"), (Place("洞头", "区"), "洞头区"), (Place("不存在", "县"), "不存在县")],
)
def test_full_name_is_the_name_a_place_signs_with(place: Place, full: str) -> None:
    assert full_name(place) == full


def test_a_report_signed_above_its_title_with_a_year_in_chinese_digits() -> None:
    text = (
        "镇宁布依族苗族自治县教育和科技局\n"
        "二〇二三年科技工作总结\n\n"
        "二〇二三年，县教育和科技局坚持创新驱动，全年新增科技型中小企业12家。现将全年工作总结如下。\n\n"
        "一、主要成效\n\n全年登记技术合同21项，成交额0.8亿元。我县科技工作稳步推进。\n"
    )
    meta = extract_metadata(text, "report.txt")
    assert meta.bureau == "镇宁布依族苗族自治县教育和科技局"
    assert meta.years == [2023]
    assert meta.title == "2023年科技工作总结"


def test_a_place_named_only_in_the_text_is_signed_with_its_full_name() -> None:
    text = (
        "2024年上半年工作总结\n\n上半年，县教育和科技局围绕三都特色产业开展服务。三都水族自治县入库科技型中小企业9家，"
        "新认定高新技术企业1家，三都的科普活动覆盖全县。我县科技工作取得新进展，全县技术合同成交额0.3亿元。\n"
    )
    meta = extract_metadata(text, "report.txt")
    assert meta.bureau == "三都水族自治县教育和科技局"


@pytest.mark.parametrize(
    ("text", "year_text"),
    [
        ("二〇二四年上半年", "2024年上半年"),
        ("二零二五年度计划", "2025年度计划"),
        ("一九九八年", "1998年"),
        ("二〇二四", "二〇二四"),  # no 年: not read as a year
        ("十二年来", "十二年来"),
    ],
)
def test_arabic_years(text: str, year_text: str) -> None:
    assert arabic_years(text) == year_text
    assert len(arabic_years(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("1.5亿元科技贷款", "1.5亿元科技贷款"),  # a figure, not item 1
        ("1）开展培训", "1）开展培训"),  # no opening bracket: not a marker
        ("（1）开展培训", "开展培训"),
        ("1. 开展培训", "开展培训"),
        ("- 2、开展培训", "开展培训"),
        ("三是开展培训", "开展培训"),
        ("（二）开展培训", "开展培训"),
    ],
)
def test_one_item_marker_rule(text: str, bare: str) -> None:
    assert LEADING_MARKER_RE.sub("", text, count=1) == bare
    assert strip_marker(text) == bare


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("（2）1-4月，全县技术合同成交额0.5亿元", "1-4月"),
        ("2. 1-4月，全县技术合同成交额0.5亿元", "1-4月"),
        ("1）1-4月，全县技术合同成交额0.5亿元", None),  # 1） is no marker, so no period leads the sentence
        ("1.5亿元贷款已发放，惠及企业20家", None),
    ],
)
def test_periods_read_after_the_same_marker_rule(sentence: str, period: str | None) -> None:
    assert (leading_period(sentence) or clause_period(sentence)) == period
