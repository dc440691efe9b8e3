"""A place is what a clause is about only when it leads the clause; a city before a district only says which."""

from __future__ import annotations

import pytest

from scribe.lexicon.places import leads_clause
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
