"""A place is what a clause is about only when it leads the clause; a city before a district only says which."""

from __future__ import annotations

import pytest

from scribe.lexicon.places import leading_subarea, leads_clause, names_subarea, subarea_of
from vectorstore.scope import analyze


@pytest.mark.parametrize(
    ("text", "place", "subject"),
    [
        ("武义县新认定高新技术企业31家，同比增长8.0%。", "武义县", True),
        ("其中，磐安县技术交易额增速居全市首位。", "磐安县", True),  # after a lead word
        ("1-9月，永康市规上工业研发费用增长12.1%。", "永康市", True),  # its own clause after the period
        ("2024年浦江县新建省级研发中心4家。", "浦江县", True),  # a year before it
        ("二是金华市兰溪市新增科技型企业52家。", "兰溪市", True),  # an item marker and its city before it
        ("东阳市、义乌市技术合同成交额均超过10亿元。", "义乌市", True),  # listed subjects
        ("组织企业赴武义县考察学习智能制造经验。", "武义县", False),  # a visit, not the county's figure
        ("新获批浙江省重点实验室2家、省级孵化器1家。", "浙江省", False),  # the rank of a laboratory
        ("新认定高企17家，居金华市各县（市、区）第3位。", "金华市", False),  # a ranking frame
        ("金华市婺城区科学技术局2023年工作总结", "金华市", False),  # the city only qualifies the district
        ("金华市婺城区科学技术局2023年工作总结", "婺城区", True),
    ],
)
def test_a_place_is_a_clauses_subject_only_when_it_leads_it(text: str, place: str, subject: bool) -> None:
    assert leads_clause(text, place) is subject


def test_of_a_city_and_district_the_district_is_the_unknown_place_asked() -> None:
    """金华市婺城区 asked, only 金华市永康市's bureau held: the question is about 婺城区, not about 金华市 (whose name
    the held report's title also carries)."""
    scope = analyze("金华市婺城区科技局2023年技术合同成交额是多少？", ["金华市永康市科学技术局"])
    assert scope.unknown_places == ["婺城区"]
    assert analyze("婺城区和武义县2023年的高企数", ["永康市科学技术局"]).unknown_places == ["婺城区", "武义县"]


def test_a_report_named_by_its_period_alone_leaves_the_year_asked_to_the_figure() -> None:
    """一季度报告里提到的2022年…: the quarter names the report (its year unstated), 2022 dates the figure; without
    another period after it, 一季度 is the period asked."""
    scope = analyze("永康市一季度报告里提到2022年研发投入强度是多少？", ["永康市科学技术局"])
    assert scope.report_named and scope.report_years == [] and scope.periods == []
    plain = analyze("永康市一季度总结中研发投入强度是多少？", ["永康市科学技术局"])
    assert not plain.report_named and plain.periods == ["一季度"]


@pytest.mark.parametrize(
    ("piece", "part"),
    [
        ("其中店口镇规上工业企业研发费用6.12亿元", "店口镇"),  # after a lead word
        ("北滘镇申报236家、容桂街道申报198家", "北滘镇"),
        ("分镇街看，北滘镇申报236家", "北滘镇"),  # after 分镇街看
        ("昆山开发区一季度科技型中小企业入库143家", "昆山开发区"),
        ("庄里工业园区新增高新技术企业6家", "庄里工业园区"),
        ("1-9月，音西街道新增科技型中小企业14家", "音西街道"),  # after its period
        ("和平镇、定远镇两个工业集中区新入库企业分别为48家", "和平镇"),
        ("1-5月，全市规上工业企业研发费用21.36亿元", None),  # the whole area
        ("截至9月底，全区有效高新技术企业3815家", None),
        ("上半年评价入库科技型中小企业263家", None),
        ("推进乡村振兴示范村建设12个", None),
        ("三是新型城镇化建设提速", None),
    ],
)
def test_the_part_of_an_area_a_statement_opens_with(piece: str, part: str | None) -> None:
    assert leading_subarea(piece) == part


def test_a_figure_takes_the_part_its_statement_opens_with() -> None:
    text = "各区镇比学赶超：昆山开发区入库143家，居各区镇首位；昆山高新区有效高新技术企业892家。东片三个镇合计31家"
    assert subarea_of(text, text.find("143")) == "昆山开发区"  # after the colon
    assert subarea_of(text, text.find("892")) == "昆山高新区"  # its own ；-piece
    assert subarea_of(text, text.find("三个")) == "东片三个镇"  # a figure inside the name is the part's too
    assert subarea_of("全市研发费用21.36亿元，增长14.2%", 6) is None


@pytest.mark.parametrize(
    ("question", "part", "own", "named"),
    [
        ("店口镇研发费用占全市多少", "店口镇", "诸暨", True),
        ("北滘高企申报多少家", "北滘镇", "顺德", True),  # without its level
        ("昆山高新区技术合同占全市多少", "昆山高新区", "昆山", True),
        ("昆山一季度科小入库", "昆山开发区", "昆山", False),  # the bureau's own place names no zone
        ("昆山一季度各区镇科小入库情况", "张浦镇", "昆山", True),  # every part asked
        ("诸暨研发费用多少", "店口镇", "诸暨", False),
    ],
)
def test_a_question_names_a_part_of_the_area(question: str, part: str, own: str, named: bool) -> None:
    assert names_subarea(question, part, own) is named
