"""Retrieval scoped by the places a question names, over small stores of reports written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scribe.settings import Settings
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store

CITY = (
    "丽水市科学技术局2023年工作总结\n2023年，市科技局聚焦创新驱动，各项工作取得新进展。\n"
    "一、全市主要指标\n全市规上工业研发费用88.6亿元，同比增长10.2%。\n"
    "二、各县（市、区）情况\n缙云县规上工业研发费用12.3亿元，同比增长15.1%，新认定高企41家。"
    "龙泉市新认定高企27家，技术交易额达到3.6亿元。\n"
    "三、存在的问题\n部分企业研发投入意愿不强，平台能级偏低。\n"
)
UNSIGNED = (
    "科技工作上半年总结\n上半年，我局围绕市委、市政府部署推进各项工作。\n"
    "一、主要工作\n（一）主体培育。全市有效期内高新技术企业达到96家，新增入库科技型中小企业58家。"
    "文成县农业科技园区新引进企业4家。\n"
)
OTHER = (
    "青田县科技局2024年上半年工作总结\n一、主要工作\n（一）主体培育。全县有效期内高新技术企业达到132家，"
    "新增入库科技型中小企业77家。\n"
)


@pytest.fixture
def retriever_over(
    store_over: Callable[[dict[str, str]], tuple[Store, Settings]],
) -> Callable[[dict[str, str]], HybridRetriever]:
    """A retriever over a fresh store of the given reports (file name → text)."""
    return lambda reports: HybridRetriever(*store_over(reports))


def test_a_county_named_in_a_city_report_is_searched_in_the_passages_that_name_it(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    """No bureau of 缙云县 is held and no unsigned report names it, but the city's report lists it: its passages
    answer; a county no report names still finds nothing."""
    retriever = retriever_over({"lishui_2023.txt": CITY, "qingtian_2024h1.txt": OTHER})
    found = retriever.retrieve("缙云县2023年规上工业研发费用是多少")
    assert found.mentioned_for == ["缙云县"] and found.chunks
    assert all("缙云县" in s.chunk.text and "龙泉市" not in s.chunk.text for s in found.chunks)  # its sentences only
    assert not retriever.retrieve("庆元县2023年规上工业研发费用是多少").chunks


def test_a_place_named_without_its_level_is_searched_in_the_unsigned_report_that_mentions_it(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    """文成 (no 县) is no bureau held; the unsigned report mentions 文成县, so only that report is searched."""
    retriever = retriever_over({"unsigned_h1.txt": UNSIGNED, "qingtian_2024h1.txt": OTHER})
    found = retriever.retrieve("文成上半年有效期内高企多少家")
    assert found.unattributed_for == ["文成县"]
    assert found.chunks and {s.document.file_name for s in found.chunks} == {"unsigned_h1.txt"}


DONGTOU = (
    "洞头区科学技术局2024年上半年工作总结\n一、主要指标\n1-5月，规上工业研发费用完成6.2亿元，同比增长17.7%。\n"
    "二、主要工作\n（一）平台建设。新增省级企业研究院2家，研发费用加计扣除政策宣讲5场。\n"
    "（二）研发投入。推动企业研发费用应统尽统，研发费用增长较快的企业获得奖励。\n"
    "（三）研发费用核查。对研发费用同比下降的企业逐一走访。\n"
)
QINGTIAN = (
    "青田县科技局2023年工作总结\n一、主要指标\n全年规上工业研发费用8.9亿元，增长12.1%。\n"
    "二、主要工作\n（一）科技服务。走访企业120家。\n"
)
QINGTIAN_2024 = "青田县科技局2024年上半年工作总结\n一、主要指标\n1-6月规上工业研发费用4.1亿元，增长6.3%。\n"


def test_each_side_of_a_comparison_is_searched_on_its_own_with_its_own_year(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    """洞头区's passages all speak of 研发费用 and would fill the ranking; 青田县's 2023 report still comes second,
    and its 2024 report (the year the question gives 洞头区) does not answer for it."""
    retriever = retriever_over({"dt.txt": DONGTOU, "qt2023.txt": QINGTIAN, "qt2024.txt": QINGTIAN_2024})
    found = retriever.retrieve("洞头区2024年和青田县2023年规上工业研发费用分别增长多少", k=4)
    names = [s.document.file_name for s in found.chunks]
    assert names[:2] in (["dt.txt", "qt2023.txt"], ["qt2023.txt", "dt.txt"])
    assert "qt2024.txt" not in names


def test_a_year_asked_beside_a_report_named_by_this_year_does_not_pick_that_years_report(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    """今年上半年总结里提到的2023年…: 2023 is the figure's year; the report asked about is this year's."""
    retriever = retriever_over(
        {
            "qt2023.txt": QINGTIAN,
            "qt2024.txt": QINGTIAN_2024 + "二、对比情况\n2023年全年，全县技术合同成交额为3.3亿元。\n",
        }
    )
    found = retriever.retrieve("青田县今年上半年总结里提到的2023年全年技术合同成交额是多少")
    assert "qt2024.txt" in {s.document.file_name for s in found.chunks}


def test_a_county_only_mentioned_in_a_city_report_finds_nothing_there(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    """The city's report names 遂昌县 only as where a delegation went, and 浙江省 only in a laboratory's rank: neither
    is what any of its sentences is about, so a question about either finds no passage to answer from."""
    visited = CITY.replace("三、存在的问题", "组织企业赴遂昌县考察学习，新获批浙江省重点实验室2家。\n三、存在的问题")
    retriever = retriever_over({"lishui_2023.txt": visited, "qingtian_2024h1.txt": OTHER})
    assert not retriever.retrieve("遂昌县2023年新认定高企多少家").chunks
    assert not retriever.retrieve("浙江省科技厅2023年规上工业研发费用是多少").chunks
    assert retriever.retrieve("缙云县2023年新认定高企多少家").chunks  # the county the report speaks of still answers


def test_a_bureau_compared_with_the_report_that_names_none_searches_both(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    retriever = retriever_over({"unsigned_h1.txt": UNSIGNED, "qingtian_2024h1.txt": OTHER})
    found = retriever.retrieve("未署名的上半年总结和青田县的有效期内高企分别多少家？")
    assert {s.document.file_name for s in found.chunks} == {"unsigned_h1.txt", "qingtian_2024h1.txt"}


JINYUN_H1 = (
    "缙云县科技局2024年上半年工作总结\n一、主要指标\n1-5月，全县技术合同成交额2.1亿元，同比增长9.4%。"
    "新增入库科技型中小企业45家。\n二、下半年工作思路\n力争全年技术合同成交额达到5亿元。\n"
)
JINYUN_YEAR = (
    "缙云县科技局2024年工作总结\n一、主要指标\n全年全县技术合同成交额4.8亿元，同比增长11.2%。"
    "全年新增入库科技型中小企业96家。\n二、2025年工作计划\n力争技术合同成交额达到6亿元。\n"
)


def test_a_period_the_question_names_picks_that_periods_report(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    """The bureau holds its half-year and its annual report, both of 2024: 上半年 is answered from the half-year one
    only, 全年 from the annual one; without a period both may answer."""
    retriever = retriever_over({"jy_h1.txt": JINYUN_H1, "jy_2024.txt": JINYUN_YEAR})
    half = retriever.retrieve("缙云县2024年上半年技术合同成交额是多少")
    assert {s.document.file_name for s in half.chunks} == {"jy_h1.txt"}
    year = retriever.retrieve("缙云县2024年全年技术合同成交额是多少")
    assert {s.document.file_name for s in year.chunks} == {"jy_2024.txt"}
    named = retriever.retrieve("缙云县上半年总结里的技术合同成交额是多少")
    assert {s.document.file_name for s in named.chunks} == {"jy_h1.txt"}
    assert {s.document.file_name for s in retriever.retrieve("缙云县技术合同成交额是多少").chunks} == {
        "jy_h1.txt",
        "jy_2024.txt",
    }


def test_two_periods_of_one_bureau_are_each_searched_in_their_report(
    retriever_over: Callable[[dict[str, str]], HybridRetriever],
) -> None:
    retriever = retriever_over({"jy_h1.txt": JINYUN_H1, "jy_2024.txt": JINYUN_YEAR, "qt2024.txt": QINGTIAN_2024})
    found = retriever.retrieve("缙云县上半年和全年新增入库科技型中小企业分别多少家", k=2)
    assert {s.document.file_name for s in found.chunks} == {"jy_h1.txt", "jy_2024.txt"}
