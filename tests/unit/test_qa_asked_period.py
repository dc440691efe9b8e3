"""The period a question asks about, as the offline answer filters by it."""

from __future__ import annotations

import pytest

from chains.qa import asked_period
from vectorstore.retrieval import Filters
from vectorstore.scope import analyze

BUREAU = "神木市科学技术局"


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("神木市2023年新认定高企多少家", "2023年"),
        ("神木市有效高企比2022年末增加了多少家", None),  # 2022 is the base of the change, not the year asked
        ("神木市2023年比2022年增加多少家", "2023年"),
        ("神木市专利授权完成全年目标的多少", None),  # 全年 names the target
        ("神木市一季度专利授权多少件", "一季度"),
    ],
)
def test_asked_period(question: str, period: str | None) -> None:
    assert asked_period(analyze(question, [BUREAU]), Filters(), question) == period
