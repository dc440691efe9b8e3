"""The framing table: a direction word the source only has reversed is found; agreeing or absent ones are not."""

from __future__ import annotations

import pytest

from scribe.lexicon.framing import reversed_framing


@pytest.mark.parametrize(
    ("claim", "source", "flips"),
    [
        ("研发投入强度低于全省平均[1]", "研发投入强度3.1%，高于全省平均水平", [("低于", "高于")]),
        ("研发投入强度高于全省平均[1]", "研发投入强度3.1%，高于全省平均水平", []),
        ("技术合同成交额同比下降[1]", "技术合同成交额同比增长12%", [("下降", "增长")]),
        ("技术合同成交额同比增长[1]", "技术合同成交额同比增长12%", []),
        ("专利授权量增加[1]", "专利授权量较上年减少", [("增加", "减少")]),
        ("新增企业若干家[1]", "新增企业若干家，高于去年", []),  # the claim takes no direction: nothing to reverse
        ("增速领先全市[1]", "增速落后于全市平均", [("领先", "落后")]),
        ("有升有降：上升与下降并存", "部分指标上升、部分下降", []),  # both sides on both: no reversal
    ],
)
def test_reversed_framing(claim: str, source: str, flips: list[tuple[str, str]]) -> None:
    assert reversed_framing(claim, source) == flips
