"""The QA evaluation's evidence match: a table row quoted as the source shows it is found in the sentence the
chunk restates it as, and only there."""

from __future__ import annotations

import pytest

from eval.qa_eval import evidence_in

SENTENCE = "新增孵化面积完成值3.2万平方米，全年目标8万平方米，完成率40.0%，全市排名第2。"


@pytest.mark.parametrize(
    "row",
    [
        "| 新增孵化面积 | 万平方米 | 3.2 | 8 | 40.0% | 第2 |",
        "新增孵化面积      万平方米     3.2      8      40.0%     第2",
        "| 新增孵化面积（含在建） | 万平方米 | 3.2 | 8 | 40.0% | — |",
    ],
)
def test_a_quoted_table_row_is_found_in_its_sentence(row):
    assert evidence_in(row, SENTENCE)


@pytest.mark.parametrize(
    "row",
    [
        "| 新增孵化面积 | 万平方米 | 3.2 | 80 | 40.0% | 第2 |",  # 8 is not 80
        "| 新增研发面积 | 万平方米 | 3.2 | 8 | 40.0% | 第2 |",  # another row's label
        "| 新增孵化面积 | 万平方米 | 40.0% | 3.2 |",  # cells out of order
    ],
)
def test_another_row_is_not_found(row):
    assert not evidence_in(row, SENTENCE)


@pytest.mark.parametrize(
    ("evidence", "chunk", "found"),
    [
        # evidence written as ingestion read a 单位 column before (X单位家，全年目标80，…) is found in today's reading
        (
            "高新技术企业培育库入库单位家，全年目标80，一季度完成26，完成率32.5%，全市排名第2位",
            "高新技术企业培育库入库全年目标80家，一季度完成26家，完成率32.5%，全市排名第2位。",
            True,
        ),
        ("技术合同成交额单位亿元，1-6月完成6.72", "技术合同成交额1-6月完成6.72亿元，同比增长38.4%。", True),
        ("技术合同成交额单位亿元，1-6月完成6.72", "技术合同成交额1-6月完成6.7亿元，同比增长38.4%。", False),
        ("技术合同成交额单位亿元，1-6月完成6.72", "发明专利授权量1-6月完成6.72亿元。", False),
        # prose naming 单位 is no table row
        ("中交一航局等13家单位29项成果获得青岛市科技奖励", "中交一航局等13家单位29项成果获得青岛市科技奖励。", True),
    ],
)
def test_evidence_in_the_older_reading_of_a_unit_column(evidence: str, chunk: str, found: bool) -> None:
    assert evidence_in(evidence, chunk) is found


@pytest.mark.parametrize(
    ("evidence", "chunk", "found"),
    [
        # a row whose label states its months quoted with its column's months (before session 13's table reading)
        (
            "规上工业企业研发费用（1—4月）1—5月完成3.15亿元",
            "规上工业企业研发费用（1—4月）完成3.15亿元，增长11.2%。",
            True,
        ),
        (
            "规上工业企业研发费用（1-10月）1-11月完成27.5亿元，1-11月增速9.1%",
            "规上工业企业研发费用（1-10月）完成27.5亿元，增速9.1%。",
            True,
        ),
        ("规上工业企业研发费用（1—4月）1—5月完成3.15亿元", "规上工业企业研发费用（1—4月）完成3.5亿元。", False),
        # a label without months keeps its column's
        ("技术合同成交额1-6月完成6.72亿元", "技术合同成交额完成6.72亿元。", False),
    ],
)
def test_evidence_in_the_older_reading_of_a_row_with_its_own_months(evidence: str, chunk: str, found: bool) -> None:
    assert evidence_in(evidence, chunk) is found
