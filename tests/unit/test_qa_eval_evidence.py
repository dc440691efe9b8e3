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
