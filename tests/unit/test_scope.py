"""What a question names, read against the bureaus in the store."""

from __future__ import annotations

import pytest

from vectorstore.scope import analyze, compared_bureaus, compared_items, item_years, place_of

KNOWN = ["洞头区科学技术局", "青田县科技局", "市南区科技局", "温州市科技局"]


@pytest.mark.parametrize(
    ("bureau", "place"),
    [
        ("洞头区科学技术局", ("洞头", "区")),
        ("青田县科技局", ("青田", "县")),
        ("温州市科技局", ("温州", "市")),
        ("市南区科技局", ("市南", "区")),
    ],
)
def test_place_of(bureau: str, place: tuple[str, str]) -> None:
    assert place_of(bureau) == place


@pytest.mark.parametrize(
    ("question", "bureaus", "unknown", "years", "periods", "plan"),
    [
        ("洞头区上半年规上工业研发费用是多少？", ["洞头区科学技术局"], [], [], ["上半年"], False),
        ("那青田呢？", ["青田县科技局"], [], [], [], False),
        ("瑞安市2023年研发费用是多少", [], ["瑞安市"], [2023], [], False),
        ("技术合同交易额全市排名第几？", [], [], [], [], False),
        ("市南区2024年计划新增多少家高企", ["市南区科技局"], [], [2024], [], True),
        ("平阳县科技局1-5月情况", [], ["平阳县"], [], ["1-5月"], False),
        ("2023年下半年工作计划有哪些", [], [], [2023], ["下半年"], True),
        ("瑞安上半年高企申报多少家", [], ["瑞安市"], [], ["上半年"], False),  # a short name the store does not hold
        ("青田上半年高企申报多少家", ["青田县科技局"], [], [], ["上半年"], False),
    ],
)
def test_analyze(
    question: str, bureaus: list[str], unknown: list[str], years: list[int], periods: list[str], plan: bool
) -> None:
    scope = analyze(question, KNOWN)
    assert scope.bureaus == bureaus
    assert scope.unknown_places == unknown
    assert scope.years == years
    assert scope.periods == periods
    assert scope.wants_plan is plan


@pytest.mark.parametrize(
    ("question", "unattributed", "titles"),
    [
        ("那份未署名的上半年总结中，研发费用是多少？", True, []),
        ("没有注明单位的报告里高企有多少家", True, []),
        ("没署名那份1-10月报告技术合同成交额多少亿", True, []),
        ("《2024年上半年科技工作总结》中技术合同成交额是多少？", False, ["2024年上半年科技工作总结"]),
        ("洞头区未署名的报告", False, []),  # a named bureau wins: the question is about its reports
        ("洞头区上半年研发费用是多少？", False, []),
    ],
)
def test_reports_named_by_title_or_by_having_no_bureau(question: str, unattributed: bool, titles: list[str]) -> None:
    scope = analyze(question, KNOWN)
    assert scope.unattributed is unattributed
    assert scope.titles == titles


def test_a_quoted_title_names_a_report_and_asks_for_no_plan() -> None:
    scope = analyze("《2024年上半年科技工作总结和下半年工作打算》中上半年技术合同成交额是多少？", KNOWN)
    assert scope.wants_plan is False
    assert scope.periods == ["上半年"]
    assert scope.years == [2024]


def test_a_period_naming_the_report_is_not_the_period_asked() -> None:
    scope = analyze("洞头区2024年上半年总结中提到的2023年全年研发费用是多少？", KNOWN)
    assert scope.years == [2023, 2024]  # both still scope the search: the report is 2024's
    assert scope.report_years == [2024] and scope.periods == ["全年"]
    plain = analyze("洞头区2024年上半年总结中，研发费用是多少？", KNOWN)
    assert plain.report_years == [] and plain.periods == ["上半年"]


@pytest.mark.parametrize(
    ("question", "masked"),
    [
        ("20XX年全县科技工作要点中高企的目标是多少？", True),
        ("《20XX年全县科技工作要点》对研发投入提出了什么目标？", True),
        ("2024年全县科技工作要点中高企的目标是多少？", False),
        ("20XX年和2024年的目标有何不同？", False),  # a real year named: that year is asked
        ("202X年1-10月科技工作情况里科小入库多少", True),
    ],
)
def test_a_masked_year_is_no_year_we_know(question: str, masked: bool) -> None:
    scope = analyze(question, KNOWN)
    assert scope.masked_year is masked
    assert 2024 in scope.years or not scope.years


@pytest.mark.parametrize(
    ("question", "compared"),
    [
        ("洞头区和青田县的研发费用哪个增长更快？", ["洞头区科学技术局", "青田县科技局"]),
        ("温州市洞头区和青田县研发费用哪个高？", ["洞头区科学技术局", "青田县科技局"]),  # 温州市 only chains 洞头区
        ("青田县和洞头区在温州市排第几？", ["青田县科技局", "洞头区科学技术局"]),
        ("洞头区的研发费用在温州市排第几？", ["洞头区科学技术局"]),  # 温州市 frames the rank; it is not compared
    ],
)
def test_compared_bureaus_are_one_per_listed_item(question: str, compared: list[str]) -> None:
    assert compared_bureaus(question, KNOWN) == compared


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("洞头区2023年和青田县2024年新增高企分别多少家", {"洞头区科学技术局": [2023], "青田县科技局": [2024]}),
        ("洞头区和青田县2024年研发费用哪个增长快", {"洞头区科学技术局": [2024], "青田县科技局": [2024]}),
        ("洞头区上半年技术合同成交额和青田县2023年全年比", {"洞头区科学技术局": [], "青田县科技局": [2023]}),
    ],
)
def test_each_side_of_a_comparison_asks_its_own_year(question: str, years: dict[str, list[int]]) -> None:
    assert {b: item_years(question, item, b) for b, item in compared_items(question, KNOWN)} == years


@pytest.mark.parametrize(
    ("question", "bureaus", "terms"),
    [
        # a banner asked by its short form names its bureau (was: 伊旗 named none and was read as a word asked)
        ("伊旗上半年高企多少家", ["伊金霍洛旗科学技术局"], ["高企"]),
        # a 新区 is cut out whole (was: 新区 left as a word the answering sentence had to hold)
        ("湘江新区高企多少家", ["湘江新区科技创新发展局"], ["高企"]),
        # the unit the asker wants the figure in is no word of the source's (was: 万元, and 亿元 figures refused)
        ("丹棱研发费用折合多少万元", ["丹棱县科技和经济信息化局"], ["研发费用"]),
        ("丹棱技术合同成交额合多少亿元", ["丹棱县科技和经济信息化局"], ["技术合同成交额"]),
        # "now" and a verb of aiming say how it is asked, not what (was: 现在 / 做到)
        ("丹棱高企现在几家", ["丹棱县科技和经济信息化局"], ["高企"]),
        ("伊旗全年技术合同成交额要做到多少", ["伊金霍洛旗科学技术局"], ["技术合同成交额"]),
    ],
)
def test_content_terms_leave_out_how_a_question_is_put(question: str, bureaus: list[str], terms: list[str]) -> None:
    from chains.extractive import content_terms

    known = [*KNOWN, "伊金霍洛旗科学技术局", "湘江新区科技创新发展局", "丹棱县科技和经济信息化局"]
    scope = analyze(question, known)
    assert scope.bureaus == bureaus
    assert content_terms(question, scope) == terms


@pytest.mark.parametrize(
    ("question", "bureaus", "unknown"),
    [
        # the stored bureau's place only says which county is asked (was: 温州市's report answered for 瑞安市)
        ("温州市瑞安市研发费用是多少", [], ["瑞安市"]),
        ("温州瑞安市研发费用是多少", [], ["瑞安市"]),
        ("温州市研发费用是多少", ["温州市科技局"], []),
        ("温州市和瑞安市的研发费用分别是多少", ["温州市科技局"], []),  # two places listed: 温州市 is asked too
    ],
)
def test_a_stored_place_that_qualifies_another_is_not_the_one_asked(
    question: str, bureaus: list[str], unknown: list[str]
) -> None:
    scope = analyze(question, KNOWN)
    assert (scope.bureaus, scope.unknown_places) == (bureaus, unknown)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("总结里列了哪几个问题", []),  # which problems, not how many (was: a count, and the list was refused)
        ("列了几个问题", [{"count"}]),
    ],
)
def test_which_things_asks_no_count(question: str, kinds: list[set[str]]) -> None:
    from scribe.lexicon.questions import asked_kinds

    assert [{k.value for k in group} for group in asked_kinds(question)] == kinds


@pytest.mark.parametrize(
    ("question", "bureaus", "unknown"),
    [
        # a city whose development zone is stored is not stored itself: its own bureau's report is not held
        ("镇江市科技局上半年科小入库", [], ["镇江市"]),
        ("镇江高新区上半年科小入库", ["镇江高新区科技创新局"], []),
        ("镇江市镇江高新区上半年科小入库", ["镇江高新区科技创新局"], []),  # the city only says which zone
        ("宾阳县上半年科小入库", ["宾阳县科学技术局"], []),
    ],
)
def test_a_city_is_not_known_by_its_zone(question: str, bureaus: list[str], unknown: list[str]) -> None:
    scope = analyze(question, ["镇江高新区科技创新局", "宾阳县科学技术局"])
    assert (scope.bureaus, scope.unknown_places) == (bureaus, unknown)
