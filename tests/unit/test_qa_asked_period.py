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


def test_a_figure_is_of_the_period_leading_its_own_clause() -> None:
    from chains.qa import _span_periods
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

    meta = DocumentMeta(bureau=BUREAU, years=[2023], period="1-10月")
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    text = "据统计部门反馈，1-9月全市技术合同成交额1.2亿元，同比增长8%。"
    scored = ScoredChunk(chunk=Chunk(chunk_id="d:0", doc_id="d", index=0, text=text), document=doc, score=1.0)
    assert _span_periods(text, scored) == ["2023年1-9月"]  # not the report's 1-10月
