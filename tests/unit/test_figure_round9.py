"""Issue #18 round 9 (session 14): general rules found on devset6's false alarms and misses, one table per rule,
written with our own sentences (no place, figure or wording of a devset report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.extract import extract_figures

SUMMARY = SourceText(
    source_id="r9",
    bureau="青岚县科技局",
    period="2026年1-8月",
    text=(
        "青岚县科技局2026年1-8月工作总结\n"
        "一、主要指标\n"
        "1-8月，全县新入库科技型企业150家，比2025年同期的120家增加30家，同比增长25.0%，比2024年同期的100家增加50家。\n"
        "1-8月认定登记技术合同成交额2.4亿元，较2025年同期的1.6亿元增长50%，2024年同期仅为0.9亿元。\n"
    ),
)


def _label(text: str, source: SourceText = SUMMARY, section_path: tuple[str, ...] = ()) -> str:
    return claim_verdict(verify(text, [source], section_path=section_path), text, [source]).label


# -- a base dated by a named year (比2025年同期的120家 / 2024年同期仅为0.9亿元) is that year's value of the same metric --
@pytest.mark.parametrize(
    ("sentence", "surface", "metric", "period"),
    [
        ("1-8月，全县新入库科技型企业150家，比2025年同期的120家增加30家。", "120家", "新入库科技型企业", "2025年1-8月"),
        ("1-8月技术合同成交额2.4亿元，较2025年同期的1.6亿元增长50%。", "1.6亿元", "技术合同成交额", "2025年1-8月"),
        ("1-8月技术合同成交额2.4亿元，2024年同期仅为0.9亿元。", "0.9亿元", "技术合同成交额", "2024年1-8月"),
    ],
)
def test_a_base_dated_by_a_named_year(sentence: str, surface: str, metric: str, period: str) -> None:
    fig = next(f for f in extract_figures(sentence) if f.surface == surface)
    assert (fig.metric, fig.period) == (metric, period)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("青岚县1-8月技术合同成交额比2024年同期增加1.5亿元。", "supported"),  # 2.4 − 0.9
        ("青岚县1-8月技术合同成交额比2024年同期增加1.2亿元。", "unsupported"),
        ("青岚县科技型企业入库比2024年同期增长50.0%。", "supported"),  # 150 ÷ 100 − 1
        ("青岚县科技型企业入库比2024年同期增长40.0%。", "unsupported"),
        ("青岚县1-8月新入库科技型企业比2025年同期多30家。", "supported"),
        ("青岚县1-8月新入库科技型企业比2025年同期多35家。", "unsupported"),
        ("青岚县2025年1-8月新入库科技型企业120家。", "supported"),
        ("青岚县1-8月新入库科技型企业120家。", "unsupported"),  # the base is not this period's
    ],
)
def test_a_change_over_a_named_years_same_period(claim: str, label: str) -> None:
    assert _label(claim) == label
