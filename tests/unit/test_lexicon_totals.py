"""scribe.lexicon.totals: the words of totals, parts, remainders and premises, one table each."""

from __future__ import annotations

import pytest

from scribe.lexicon.totals import (
    complement_cued,
    listed_part_keys,
    premise_of_computation,
    remainder_cued,
    split_parts,
    total_cued,
)


@pytest.mark.parametrize(
    ("words", "parts"),
    [
        ("省级和市级研发中心", ["省级", "市级研发中心"]),
        ("雏鹰、瞪羚企业", ["雏鹰", "瞪羚企业"]),
        ("高企以及科小", ["高企", "科小"]),  # 以及 is one joiner
        ("研发费用加上技术合同", ["研发费用", "技术合同"]),
    ],
)
def test_split_parts(words: str, parts: list[str]) -> None:
    assert split_parts(words) == parts


@pytest.mark.parametrize(
    ("words", "cued"),
    [
        ("北滘、容桂、大良三镇街合计", True),
        ("三个行业研发费用共", True),
        ("累计", True),
        ("全市新认定高新技术企业", False),
        ("合计完成，全市新增", False),  # the cue belongs to an earlier clause
    ],
)
def test_total_cued(words: str, cued: bool) -> None:
    assert total_cued(words) is cued


@pytest.mark.parametrize(
    ("clause", "keys"),
    [
        ("顺德北滘、容桂、大良三镇街合计", ["北滘", "容桂", "大良"]),
        ("省级、市级合计", ["省级", "市级"]),
        ("省级和市级研发中心合计", ["省级", "市级"]),  # no 、: 和 joins two words
        ("研发费用后补助和高企奖励合计", ["补助", "高企"]),
        ("和平镇、定远镇合计", ["平镇", "定远"]),  # with 、 the parts are split there only (和 opens 和平镇)
        ("和平合计", []),  # 和 with one character before it joins nothing
        ("国家级孵化器和国家级众创空间共", []),  # 国家 names both parts: a key must single one out
        ("全市合计", []),  # one part is no list
        ("北滘、容桂", []),  # no total cue
        ("城东、城东新区合计", []),  # two keys the same: which figure is which is unknown
    ],
)
def test_listed_part_keys(clause: str, keys: list[str]) -> None:
    assert listed_part_keys(clause) == keys


@pytest.mark.parametrize(
    ("clause", "after", "cued"),
    [
        ("其余", "", True),
        ("尚未运作的", "", True),
        ("前10家以外的企业", "", True),
        ("除输出技术合同外的吸纳", "", True),
        ("", "项尚未完成", True),  # said after the figure
        ("", "条未解决", True),
        ("已运作的", "", False),
        ("", "家已完成", False),
    ],
)
def test_remainder_cued(clause: str, after: str, cued: bool) -> None:
    assert remainder_cued(clause, after) is cued


@pytest.mark.parametrize(
    ("words", "cued"),
    [("前10家以外的企业占", True), ("其余企业占", True), ("除龙头企业外占", True), ("前10家企业占", False)],
)
def test_complement_cued(words: str, cued: bool) -> None:
    assert complement_cued(words) is cued


@pytest.mark.parametrize(
    ("text", "figure", "premise"),
    [
        ("按同比增长25.7%推算，2023年约70家", "25.7%", True),
        ("依据完成率72.8%测算，全年约12亿元", "72.8%", True),
        ("同比增长25.7%，推算全年约70家", "25.7%", False),  # no 按 before it
        ("按同比增长25.7%，全年约70家", "25.7%", False),  # no 推算 after it
    ],
)
def test_premise_of_computation(text: str, figure: str, premise: bool) -> None:
    start = text.index(figure)
    assert premise_of_computation(text, start, start + len(figure)) is premise
