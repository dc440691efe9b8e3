"""A summary of part of a year is followed by the sprint to the year's targets; a whole-year summary is not."""

from __future__ import annotations

import pytest

from chains.draft.gather import _part_rank, latest_held
from chains.draft.models import DraftContext, DraftItem, DraftPlan, DraftSection
from chains.draft.offline import SPRINT, _year_items
from chains.draft.periods import Period
from chains.style import StyleProfile
from scribe.lexicon.headings import SectionRole
from scribe.lexicon.periods import last_month
from vectorstore.anatomy import Block, ReportPart


@pytest.mark.parametrize(
    ("period", "month"),
    [("1-5月", 5), ("上半年", 6), ("前三季度", 9), ("一季度", 3), ("1-10月", 10), ("全年", 12), (None, None)],
)
def test_last_month(period: str | None, month: int | None) -> None:
    assert last_month(period) == month


def _part(file_name: str, years: list[int], period: str | None) -> ReportPart:
    return ReportPart(
        key="k", bureau="某市科技局", doc_id=file_name, file_name=file_name, years=years, period=period, text=""
    )


def test_the_latest_summary_is_the_one_covering_the_most_months() -> None:
    """A half-year summary comes after the first quarter's of the same year (一季度 was ranked above 上半年, so a
    下半年 plan was drafted from the first quarter's summary), the whole year after both, next year after all."""
    parts = [
        _part("q1.txt", [2026], "一季度"),
        _part("h1.docx", [2026], "上半年"),
        _part("y.txt", [2025], "全年"),
        _part("m10.txt", [2026], "1-10月"),
        _part("n.txt", [2026], None),
    ]
    ranked = sorted(parts, key=_part_rank, reverse=True)
    assert [p.file_name for p in ranked] == ["n.txt", "m10.txt", "h1.docx", "q1.txt", "y.txt"]


def test_the_plan_scored_is_the_latest_reports() -> None:
    """Two plans read as the drafted period's (the first quarter's 二季度工作打算 and the half-year's 下半年工作计划):
    the real plan the draft is scored against is the latest report's."""
    q1, h1 = _part("q1.txt", [2026], "一季度"), _part("h1.docx", [2026], "上半年")
    block = Block(title="计划", heading="四、计划", start=0, body_start=0, end=0, role=SectionRole.PLAN)
    held = {"q1": (q1, block), "h1": (h1, block)}
    assert latest_held(held) == (h1, block)
    assert latest_held({}) is None


def _plan_for(period: str, ledger: list[dict[str, object]]) -> DraftPlan:
    part = ReportPart(
        key="k", bureau="某县科技局", doc_id="d", file_name="f.txt", years=[2024], period=period, text="一、工作情况\n"
    )
    ctx = DraftContext(
        bureau="某县科技局",
        bureau_name="某县科技局",
        target=Period(year=2024, half="下半年"),
        profile=StyleProfile(bureau="k"),
        own=[part],
        ledger=ledger,
    )
    plan = DraftPlan(
        bureau="k",
        period="2024年下半年",
        mode="offline",
        title="t",
        heading="h",
        style=StyleProfile(bureau="k"),
        sections=[
            DraftSection(title="抓科创平台建设", items=[DraftItem(title="抓孵化器建设", text="加快孵化器建设。")])
        ],
    )
    _year_items(plan, ctx)
    return plan


def test_a_part_year_summary_is_followed_by_the_sprint_to_its_targets() -> None:
    ledger: list[dict[str, object]] = [{"modality": "target", "metric": "技术合同成交额", "surface": "20亿元"}]
    first = _plan_for("1-6月", ledger).sections[0].items[0]
    assert first.title == SPRINT
    assert "技术合同成交额" in first.text and "2024年度目标任务" in first.text
    assert [m.kind for m in first.material] == ["target"]


def test_a_whole_year_summary_gets_no_sprint() -> None:
    plan = _plan_for("全年", [])
    assert [it.title for sec in plan.sections for it in sec.items] == ["抓孵化器建设"]
