"""Tables typed into .txt / .md files are read as sentences that keep metric, unit and measure together."""

from __future__ import annotations

import pytest

from vectorstore.loaders.text_tables import tables_as_sentences

SPACED = """一、主要指标（1-6月）

指标名称 完成值 增速 排名
规上工业研发费用（亿元） 21.36 18.4% 金华市第1
技术交易额（亿元） 18.95 完成率47.4% 3
新增省科技型中小企业（家） 326 完成率65.2% 1
注：技术交易额为1-5月数据。"""

PIPE = """| 指标 | 上半年完成 | 同比增速 | 全年目标 | 完成进度 |
| --- | --- | --- | --- | --- |
| 规上工业增加值（亿元） | 72.6 | 4.8% | — | — |
| 技术合同成交额（亿元） | 412.8 | 18.9% | 800 | 51.6% |"""


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        (SPACED, "规上工业研发费用完成值21.36亿元，增速18.4%，排名金华市第1。"),
        (SPACED, "技术交易额完成值18.95亿元，完成率47.4%，排名3。"),  # a rank column keeps its bare number
        (SPACED, "新增省科技型中小企业完成值326家，完成率65.2%，排名1。"),
        (PIPE, "规上工业增加值上半年完成72.6亿元，同比增速4.8%。"),  # — cells are empty
        (PIPE, "技术合同成交额上半年完成412.8亿元，同比增速18.9%，全年目标800亿元，完成进度51.6%。"),
    ],
)
def test_typed_table_rows_become_sentences(text, sentence):
    assert sentence in tables_as_sentences(text).split("\n")


def test_text_around_a_table_is_untouched():
    out = tables_as_sentences(SPACED).split("\n")
    assert out[0] == "一、主要指标（1-6月）"
    assert out[-1] == "注：技术交易额为1-5月数据。"
    assert "指标名称 完成值 增速 排名" not in out


@pytest.mark.parametrize(
    "text",
    [
        "上半年 全市 召开\n科技创新推进会 2次 对接",  # two lines are no table
        "今年以来，我局 坚持 创新驱动，成效 明显 突出\n全年 完成 目标，任务 全面 推进\n各项 工作 稳步，推进 有序 开展",
        "2024年 1-6月 工作总结\n一是 加强 培育\n二是 强化 服务",  # no figures under the header
    ],
)
def test_prose_with_spaces_is_not_a_table(text):
    assert tables_as_sentences(text) == text


QUALIFIED = """| 指标 | 完成值 | 全年目标 | 完成率 |
| --- | --- | --- | --- |
| 新增孵化面积（万平方米） | 3.2 | 8 | 40.0% |
| 认定研发中心（市级以上） | 7 | 12 | 58.3% |"""


@pytest.mark.parametrize(
    "sentence",
    [
        "新增孵化面积完成值3.2万平方米，全年目标8万平方米，完成率40.0%。",  # a unit in the label: on each number
        "认定研发中心（市级以上）完成值7，全年目标12，完成率58.3%。",  # a bracketed qualifier is no unit
    ],
)
def test_a_bracketed_unit_moves_onto_the_numbers_and_a_qualifier_stays_in_the_label(sentence):
    assert sentence in tables_as_sentences(QUALIFIED).split("\n")


UNIT_COLUMN = """序号  指标名称  单位  全年目标  一季度完成  完成率  全市排名
1  科技型中小企业入库  家  150  41  27.3%  第3位
2  技术合同成交额  亿元  8  1.92  24.0%  第4位"""

UNIT_COLUMN_PIPE = """| 指标 | 计量单位 | 2025年1-9月 | 上年同期 | 增速 |
| --- | --- | --- | --- | --- |
| 高新技术产业增加值增速 | % | 9.8 | 7.6 | +2.2个百分点 |
| 技术合同成交额 | 亿元 | 2.36 | 2.44 | -3.4% |"""


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # a column headed 单位 gives each row's unit to its bare numbers (a rank column aside) and is no figure itself
        (UNIT_COLUMN, "科技型中小企业入库全年目标150家，一季度完成41家，完成率27.3%，全市排名第3位。"),
        (UNIT_COLUMN, "技术合同成交额全年目标8亿元，一季度完成1.92亿元，完成率24.0%，全市排名第4位。"),
        (UNIT_COLUMN_PIPE, "高新技术产业增加值增速2025年1-9月9.8%，上年同期7.6%，增速+2.2个百分点。"),
        (UNIT_COLUMN_PIPE, "技术合同成交额2025年1-9月2.36亿元，上年同期2.44亿元，增速-3.4%。"),
    ],
)
def test_a_unit_column_puts_each_rows_unit_on_its_numbers(text: str, sentence: str) -> None:
    assert sentence in tables_as_sentences(text).split("\n")


NOTED_ROW = """| 指标 | 单位 | 全年目标 | 1—5月完成 | 完成率 | 同比 |
| --- | --- | --- | --- | --- | --- |
| 技术合同成交额 | 亿元 | 8 | 2.6 | 32.5% | 增长9.1% |
| 规上工业企业研发费用（1—4月） | 亿元 | — | 3.15 | — | 增长11.2% |"""


@pytest.mark.parametrize(
    "sentence",
    [
        "技术合同成交额全年目标8亿元，1—5月完成2.6亿元，完成率32.5%，增长9.1%。",
        # a row whose label states its own months is of those months, not of its column's: the header's are dropped
        "规上工业企业研发费用（1—4月）完成3.15亿元，增长11.2%。",
    ],
)
def test_a_row_labelled_with_its_own_months_drops_its_columns_months(sentence: str) -> None:
    assert sentence in tables_as_sentences(NOTED_ROW).split("\n")


BARE_PIPE = """附件：主要指标完成情况表
指标名称 | 单位 | 年度目标 | 上半年完成 | 完成率 | 排名
科技型中小企业入库 | 家 | 120 | 71 | 59.2% | 第3位
技术合同成交额 | 万元 | 18000 | 7650 | 42.5% | 第5位
规上工业企业研发费用（1-5月） | 万元 | — | 9840 | — | 第6位"""


@pytest.mark.parametrize(
    "sentence",
    [
        # a pipe table typed without its outer bars is a pipe table, not columns split at the spaces around each bar
        "科技型中小企业入库年度目标120家，上半年完成71家，完成率59.2%，排名第3位。",
        "技术合同成交额年度目标18000万元，上半年完成7650万元，完成率42.5%，排名第5位。",
        "规上工业企业研发费用（1-5月）完成9840万元，排名第6位。",
    ],
)
def test_a_pipe_table_without_outer_bars_is_read_by_its_bars(sentence: str) -> None:
    out = tables_as_sentences(BARE_PIPE).split("\n")
    assert sentence in out
    assert out[0] == "附件：主要指标完成情况表"
    assert not any("|" in line for line in out)


@pytest.mark.parametrize(
    "text",
    [
        "下载原文 | 加入收藏 | 举报",  # page chrome: one line of links is no table
        "首页 | 新闻 | 通知\n相关文档 | 科技局总结 | 半年总结",  # two lines of links, no figures
    ],
)
def test_bars_between_links_are_no_table(text: str) -> None:
    assert tables_as_sentences(text) == text
