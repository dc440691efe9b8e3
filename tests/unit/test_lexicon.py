"""The lexicon's tables, one table-driven test per function. Cases marked "was:" are disagreements between the
copies the lexicon replaced; the more general behaviour won."""

from __future__ import annotations

import re

import pytest

from scribe.lexicon import plans as plan_lex
from scribe.lexicon.framing import reversed_comparison
from scribe.lexicon.headings import (
    SectionRole,
    heading_role,
    numbered,
    path_role,
    report_subject,
    roles_named,
    strip_marker,
)
from scribe.lexicon.hedges import (
    COMPLETED_SHARE_OF_TARGET_RE,
    TARGET_CUE_RE,
    HedgeDirection,
    builds_on_result,
    hedge_direction,
    pre_hedge,
    share_hedge,
    states_completion,
    subjectless_share,
)
from scribe.lexicon.indicators import (
    GROWTH_STATED_RE,
    GROWTH_WORDS,
    RANK_WORDS,
    alternatives,
    canonical_metric,
    expand_short_forms,
    find_indicator,
    indicator_names_in,
    indicator_of,
    is_indicator_name,
    is_unit_column,
    other_class,
    other_measure,
    other_names,
    other_stage,
    same_indicator,
    scope_aliases,
    takes_row_unit,
    theme_words,
)
from scribe.lexicon.numerals import (
    NUMBER_WORD_RE,
    cn_ordinal,
    normalise_text,
    parse_chinese_numeral,
    read_number_word,
    reading_text,
    to_chinese_numeral,
    to_simplified,
)
from scribe.lexicon.periods import (
    PERIOD_MENTION_RE,
    answers_period,
    asked_beside_report,
    base_years,
    canonical_months,
    clause_period,
    dates_year_end,
    declares_whole_year,
    figure_period,
    heading_period,
    joined_span,
    label_span,
    leading_period,
    month_number,
    names_masked_year,
    one_span,
    parse_period,
    period_label,
    period_words,
    periods_compatible,
    prior_to,
    prior_year_lead,
    report_kind,
    targets_compatible,
    year_values,
    years_in,
)
from scribe.lexicon.phrases import figure_tail, is_framing, is_time_frame, opens_clause, phrases, run_on_starts
from scribe.lexicon.places import (
    ALL_LEVELS,
    BARE_LEVELS,
    Place,
    opening_place,
    place_forms,
    place_mentions,
    place_of,
    place_variants,
    places_compatible,
    places_in,
    same_place,
    split_level,
    strip_places,
)
from scribe.lexicon.questions import (
    QUESTION_FRAME_RE,
    asked_kinds,
    asks_for_plan,
    asks_for_text,
    named_kinds,
    question_subject,
)
from scribe.lexicon.sentences import (
    broken_down_sentence,
    clause_spans,
    clauses,
    enumerated_subjects,
    items,
    list_spans,
    sentence_bounds,
    sentences,
    strip_scope_frame,
)
from vectorstore.scope import analyze

# -- sentences ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want_sentences", "want_items"),
    [
        ("新增3家。增长17.7%！", ["新增3家。", "增长17.7%！"], ["新增3家。", "增长17.7%！"]),
        ("一是新增3家；二是增长5%。", ["一是新增3家；二是增长5%。"], ["一是新增3家；", "二是增长5%。"]),
        ("标题\n正文完成6099.1万元", ["标题", "正文完成6099.1万元"], ["标题", "正文完成6099.1万元"]),
        ("Done! 是否?", ["Done!", "是否?"], ["Done!", "是否?"]),
    ],
)
def test_sentences_and_items(text: str, want_sentences: list[str], want_items: list[str]) -> None:
    assert sentences(text) == want_sentences
    assert items(text) == want_items


@pytest.mark.parametrize(
    ("text", "keep", "parts"),
    [
        ("洞头区和青田县", [], ["洞头区", "青田县"]),
        ("研发投入、高企以及技术合同", [], ["研发投入", "高企", "技术合同"]),
        ("和平区与南开区", [(0, 3), (4, 7)], ["和平区", "南开区"]),  # 和 inside a name kept whole cuts nothing
        ("洞头区研发费用", [], ["洞头区研发费用"]),
    ],
)
def test_list_spans(text: str, keep: list[tuple[int, int]], parts: list[str]) -> None:
    assert [text[a:b] for a, b in list_spans(text, keep)] == parts


@pytest.mark.parametrize(
    ("clause", "subjects"),
    [
        ("研发投入、高企和技术合同目标是什么", ["研发投入", "高企", "技术合同"]),
        ("2024年打算提出的研发投入和高企的目标", ["研发投入", "高企"]),
        ("研发费用是多少", []),
    ],
)
def test_enumerated_subjects(clause: str, subjects: list[str]) -> None:
    assert enumerated_subjects(clause) == subjects


def test_clauses_split_at_commas_and_colons() -> None:
    assert clauses("研发费用：6099.1万元，增速17.7%、全市前3。") == ["研发费用", "6099.1万元", "增速17.7%", "全市前3"]


def test_phrases_keep_lists_whole() -> None:
    assert phrases("缺乏科创基金、产业基金等支持，未形成体系；导致难以引入。") == [
        "缺乏科创基金、产业基金等支持",
        "未形成体系",
        "导致难以引入。".rstrip("。"),
    ]


@pytest.mark.parametrize(
    ("after_figure", "opens"),
    [
        ("截至目前,全区拥有", True),
        ("二是深化科技金融结合", True),
        ("开展2024年区级科研项目", True),
        ("全市第4", True),
        ("主要是缺乏", True),
        ("企业申报", False),
        ("以上", False),
        ("增速17.1%", False),
    ],
)
def test_opens_clause_after_a_figure(after_figure: str, opens: bool) -> None:
    assert opens_clause(after_figure) is opens


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("一是大孵化器集群建设成效不理想主要是缺乏科创基金", [15]),
        ("优质资源无法集聚二是科创平台建设缓慢", [8]),
        ("将政策红利转化为发展动能截至6月", [12]),
        ("一是推进孵化器建设", []),  # an item marker that opens the text is no run-on
        ("统一是关键", []),  # 统一是 is a word, not an item marker
    ],
)
def test_run_on_starts(text: str, starts: list[int]) -> None:
    assert run_on_starts(text) == starts


@pytest.mark.parametrize(
    ("clause", "framing", "time_frame"),
    [
        ("围绕全县新兴产业培育发展", True, False),
        ("针对省委提出的“三个一号工程”", True, False),
        ("截至目前", False, True),
        ("截至6月", False, True),
        ("2024年以来", False, True),
        ("新增科技型中小企业19家", False, False),
    ],
)
def test_framing_and_time_frames(clause: str, framing: bool, time_frame: bool) -> None:
    assert (is_framing(clause), is_time_frame(clause)) == (framing, time_frame)


@pytest.mark.parametrize(("after", "tail"), [("以上技术交易额", 2), ("左右", 2), ("企业", 0)])
def test_figure_tail(after: str, tail: int) -> None:
    assert figure_tail(after) == tail


@pytest.mark.parametrize(
    ("opening", "subject"),
    [
        ("今年以来,青田县科技局认真贯彻……现将科技局上半年工作进展情况汇报如下:", "科技局上半年工作进展情况"),
        ("区科技局聚焦重点科创指标提升,现将半年度工作总结如下:", "半年度工作总结"),
        ("现将2023年工作总结报告如下", "2023年工作总结"),
        ("一、主要指标完成情况", None),
    ],
)
def test_report_subject(opening: str, subject: str | None) -> None:
    assert report_subject(opening) == subject


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("研发费用完成6099.1万元，增速17.7%；全市前3。", ["研发费用完成6099.1万元，", "增速17.7%；", "全市前3。"]),
        ("新增5家\n认定3家", ["新增5家", "认定3家"]),
        ("，，开头空白，", ["开头空白，"]),
        ("没有标点", ["没有标点"]),
        ("", []),
    ],
)
def test_clause_spans_keep_their_closing_mark(text: str, parts: list[str]) -> None:
    assert [text[a:b] for a, b in clause_spans(text)] == parts


def test_sentence_bounds_are_offsets_into_the_text() -> None:
    text = "甲。乙\n丙"
    starts, ends = sentence_bounds(text)
    assert [text[a:b] for a, b in zip(starts, ends, strict=True)] == ["甲。", "乙", "丙"]


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("1-5月，全市技术合同成交额68.35亿元。其中吸纳21.7亿元。", "1-5月，全市技术合同成交额68.35亿元。"),
        ("二是培育企业。新增高企25家！ 其中制造业18家", "新增高企25家！"),
        ("研发费用2.47亿元。\n其中新能源企业1.1亿元", "研发费用2.47亿元。"),
        ("（一）企业培育\n其中科小入库120家", None),  # a heading is not what 其中 breaks down
        ("新增高企25家，其中制造业18家", None),  # 其中 inside its sentence: nothing before to carry
        ("其中制造业18家", None),
        ("。其中制造业18家", None),
        ("新增高企25家。全市科小120家", None),  # no breakdown lead
    ],
)
def test_broken_down_sentence(text: str, base: str | None) -> None:
    start = text.find("其中") if "其中" in text else text.find("全市")
    got = broken_down_sentence(text, start)
    assert (text[got[0] : got[1]] if got else None) == base


@pytest.mark.parametrize(
    ("segment", "stripped"),
    [
        ("青田县在特种不锈钢产业链成果转化工作中收集了", "收集了"),
        ("在人才引育方面引进", "引进"),
        ("科技成果对接活动中签约", "签约"),
        ("省级科技创新中心", "省级科技创新中心"),  # 创新中心 is no scope
        ("县科技工作中心建设", "县科技工作中心建设"),  # nor 工作中心
        ("研发投入攻坚行动中", "研发投入攻坚行动中"),  # nothing named after the frame: kept
        ("规上工业研发费用", "规上工业研发费用"),
    ],
)
def test_strip_scope_frame(segment: str, stripped: str) -> None:
    assert strip_scope_frame(segment) == stripped


# -- numerals ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("两", 0), ("十十", 0), ("", 0)],
)
def test_cn_ordinal(token: str, value: int) -> None:
    assert cn_ordinal(token) == value


@pytest.mark.parametrize(("n", "text"), [(0, "零"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")])
def test_to_chinese_numeral_round_trips(n: int, text: str) -> None:
    assert to_chinese_numeral(n) == text
    if n:
        assert cn_ordinal(text) == n


@pytest.mark.parametrize(
    ("token", "value"), [("五", 5), ("两", 2), ("一百零五", 105), ("二〇二三", 2023), ("三万", 30_000), ("家", None)]
)
def test_parse_chinese_numeral(token: str, value: int | None) -> None:
    assert parse_chinese_numeral(token) == value


def test_normalise_text_keeps_length() -> None:
    text = "６０９９．１万元，全省第2o三是"
    assert normalise_text(text) == "6099.1万元,全省第2。三是"
    assert len(normalise_text(text)) == len(text)


# -- periods -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "year", "months", "relative"),
    [
        ("2024年1-5月", 2024, (1, 5), False),
        ("2024年上半年（1-5月）", 2024, (1, 5), False),
        ("2024年上半年", 2024, (1, 6), False),
        ("一至五月", None, (1, 5), False),
        ("前三季度", None, (1, 9), False),
        ("2023年度", 2023, (1, 12), False),
        ("截至5月底", None, (1, 5), False),
        ("去年同期", None, None, True),
        (None, None, None, False),
    ],
)
def test_parse_period(label: str | None, year: int | None, months: tuple[int, int] | None, relative: bool) -> None:
    assert parse_period(label) == (year, months, relative)


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("2024年1-5月", "2024年上半年", False),  # was: True (overlapping spans passed as one period)
        ("2024年1-6月", "2024年上半年", True),
        ("2024年1-5月", "2024年全年", False),
        ("2024年", "2024年1-5月", True),
        ("2024年1-5月", "2023年1-5月", False),
        ("2024年1-5月", None, True),  # unknown is not "different"
        ("2024年下半年", "2024年1-5月", False),
        ("去年同期", "2024年1-5月", False),
    ],
)
def test_periods_compatible(a: str | None, b: str | None, compatible: bool) -> None:
    assert periods_compatible(a, b) is compatible


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("二、2024年下半年工作思路", (2024, "下半年")),
        ("三、二季度工作打算", (None, "二季度")),
        ("三、二〇二五年工作打算", (2025, None)),  # a year in Chinese digits
        ("三、下步工作打算", (None, None)),
    ],
)
def test_heading_period(title: str, found: tuple[int | None, str | None]) -> None:
    assert heading_period(title) == found


@pytest.mark.parametrize(
    ("periods", "joined"),
    [
        (["二季度", "一季度"], "1-6月"),  # a total of both quarters covers the half
        (["2026年1-3月", "4-6月"], "2026年1-6月"),
        (["1-3月", "7-9月"], None),  # a gap: no one span
        (["1-6月", "1-3月"], None),  # overlapping spans are no parts of one whole
        (["2025年一季度", "2026年二季度"], None),  # two years
        (["一季度", None], None),  # a part's period unknown
        (["一季度"], None),
    ],
)
def test_joined_span(periods: list[str | None], joined: str | None) -> None:
    assert joined_span(periods) == joined


@pytest.mark.parametrize(
    ("claim", "source", "compatible"),
    [
        ("下半年", "2026年全年", True),  # the rest of the year works to the year's target
        ("2026年四季度", "2026年全年", True),
        ("2026年下半年", "2025年全年", False),  # another year
        ("上半年", "2026年全年", False),  # a span ending before the year's end is not the year's
        ("2026年全年", "2026年下半年", False),  # the half's target is not the year's
        ("2026年", "2026年全年", True),
        ("下半年", None, True),
    ],
)
def test_targets_compatible(claim: str | None, source: str | None, compatible: bool) -> None:
    assert targets_compatible(claim, source) is compatible


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("据最新统计，1-9月全县技术合同成交额1.2亿元", "1-9月"),  # the period leads the figure's clause
        ("3. 科技金融：1-4月新增科创贷款2.5亿元", "1-4月"),
        ("据省统计局发布的2021年度数据，全县研发投入强度为1.9%", "2021年"),
        ("研发投入强度为1.9%（2021年统计数）", "2021年"),
        ("兑现2022年度科技奖励资金560万元", None),  # inside its clause: paid now
        ("全县研发费用5亿元，1-9月增长8%", None),  # a figure comes first: the report's period
        ("新增科技型企业12家", None),
        ("4. 全县发明专利授权量1-8月累计86件", "1-8月"),  # the months written just before the figure
        ("发明专利授权量全年目标—，1-6月完成142（1-5月），完成率—", "1-5月"),  # bracketed after it: corrects
        ("新增科创贷款2.5亿元（1—4月数据）", "1-4月"),
        ("技术合同成交额（亿元，1-7月）1-8月完成4.2", "1-7月"),  # a row label's months date the row
        ("技术合同成交额4.2亿元，较上年（1-7月同期）增长9%", None),  # after the figure: not the row's label
        ("研发投入强度2025年为2.47%，居潍坊市第4位", "2025年"),  # the year between indicator and value dates it
        ("研发投入强度2025年度达到2.1%", "2025年"),
        ("2026年全市申报高新技术企业126家", "2026年"),  # leading the clause, as before
        ("新增2025年度入库企业37家", None),  # no verb before the value: a batch's year, counted now
    ],
)
def test_clause_period(sentence: str, period: str | None) -> None:
    assert clause_period(sentence) == period


@pytest.mark.parametrize(
    ("asked", "text", "dated"),
    [
        ("2025年", "有效高新技术企业达到121家，较2025年末的104家增加17家", True),  # a base, that year's figure
        ("2025年", "截至11月底有效高企达到97家，较2025年底的84家净增13家", True),
        ("2025年全年", "1-11月入库186家；2025年全年为152家", True),
        ("2024年", "较2025年末的104家增加17家", False),  # another year
        ("2025年1-10月", "较2025年末的104家增加17家", False),  # months asked: a year-end figure is none of them
        ("2025年", "2025年同期24.6亿元", False),  # the same months of that year, not the year
        (None, "较2025年末的104家", False),
        ("2025年全年", "兑现2025年度科技奖励资金2860万元", True),  # that year's batch, paid now
        ("2024年全年", "兑现2025年度科技奖励资金2860万元", False),
    ],
)
def test_dates_year_end(asked: str | None, text: str, dated: bool) -> None:
    assert dates_year_end(asked, text) is dated


@pytest.mark.parametrize(
    ("periods", "one"),
    [
        (["1-6月", "上半年"], "1-6月"),  # 上半年（1-6月）: one span, the months as written
        (["一季度", "1-3月"], "1-3月"),
        (["1-5月", "上半年"], None),  # two spans
        (["前三季度"], "前三季度"),
        ([], None),
    ],
)
def test_one_span(periods: list[str], one: str | None) -> None:
    assert one_span(periods) == one


@pytest.mark.parametrize(
    ("asked", "own", "other"),
    [
        ("新认定 高新技术企业", "今年申报高新技术企业64家", True),
        ("新认定 高新技术企业", "全市有效高新技术企业305家", True),
        ("新认定 高新技术企业", "较上年末净增12家", True),
        ("新认定 高新技术企业", "全年新认定高新技术企业41家", False),
        ("发明专利 授权", "发明专利申请量420件", True),
        ("高新技术企业", "今年申报高新技术企业64家", False),  # no stage asked: unknown, not another
        ("申报 高新技术企业", "高新技术企业64家", False),  # no stage stated
    ],
)
def test_other_stage(asked: str, own: str, other: bool) -> None:
    assert other_stage(asked, own) is other


@pytest.mark.parametrize(
    ("asked", "own", "other"),
    [
        ("高新技术产业 产值", "其中增加值同比增长5.4%", True),
        ("高新技术产业 增加值", "全市高新技术产业产值81.5亿元、增加值20.3亿元", False),
        ("高新技术产业 营业收入", "高新技术产业营业收入增长9%", False),
        ("研发费用", "其中增加值同比增长5.4%", False),  # no output measure asked
    ],
)
def test_other_measure(asked: str, own: str, other: bool) -> None:
    assert other_measure(asked, own) is other


@pytest.mark.parametrize(
    ("question", "bases"),
    [
        ("有效期内企业比2019年末增加了多少家", [2019]),
        ("2021年较2020年增长多少", [2020]),
        ("2021年的数量与2021年初相比", []),  # also named as the year asked
        ("2021年新增多少", []),
    ],
)
def test_base_years(question: str, bases: list[int]) -> None:
    assert base_years(question) == bases


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("有效高新技术企业达到121家，较2025年末的104家增加17家", [2025]),
        ("研发投入强度2025年为2.47%，居潍坊市第4位", [2025]),
        ("比上年增长31.0%（2025年为1,420万元）", [2025]),
        ("2025年全区研发投入强度为2.31%，较2024年提高0.14个百分点", []),  # a change over 2024, not its value
        ("有效高企142家，比2025年底净增19家", []),
        ("2025年1-5月研发费用", []),  # months, not a value
        ("兑现2025年度县级科技奖补资金2,680万元", []),
        ("较2024年增长16.8%", []),
    ],
)
def test_year_values(text: str, years: list[int]) -> None:
    assert year_values(text) == years


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("北流2027重点工作列一下", True),
        ("大庆高新区下半年打算有几条", True),
        ("兰考2026年三项重点工作亮点", True),
        ("存在哪些问题", True),
        ("长丰一季度技术合同成交额", False),
        ("高企有几家", False),
    ],
)
def test_asks_for_text(question: str, text: bool) -> None:
    assert asks_for_text(question) is text


@pytest.mark.parametrize(
    ("question", "periods", "years"),
    [
        ("洞头区1—5月研发费用", ["1-5月"], []),
        ("2023年一至五月和上半年", ["1-5月", "上半年"], [2023]),
        ("2023年度全年情况", ["全年"], [2023]),
        ("一季度新增多少", ["一季度"], []),
        ("专利授权量完成全年目标的几成", [], []),  # 全年 names the target, not the period asked
        ("年度任务完成了没有", [], []),
        ("全年目标是多少", ["全年"], []),  # the target itself asked: its period is asked too
        ("9月底有效高企多少家", ["1-9月"], []),  # a month's end: the stock after those months
        ("截至3月末有效高企", ["1-3月"], []),
        ("1至3月末新增多少", ["1-3月"], []),  # a range written out is read as one
        ("铁西区高企2023年末和2024年6月底分别是多少", [], [2023, 2024]),  # two points in time, no span
        ("12月底高企多少家", [], []),  # the year's end: no part of the year
    ],
)
def test_period_words_and_years(question: str, periods: list[str], years: list[int]) -> None:
    assert period_words(question) == periods
    assert years_in(question) == years


@pytest.mark.parametrize(
    ("asked", "held", "answers"),
    [
        ("2024年上半年", "2024年1-5月", True),  # a June report's 1-5月 data is its 上半年
        ("2024年上半年", "2024年上半年（1-5月）", True),
        ("2023年上半年", "2023年1-4月", True),
        ("2024年1-6月", "2024年1-5月", False),  # months asked explicitly must agree
        ("2024年1-5月", "2024年1-4月", False),
        ("2024年全年", "2024年上半年", False),
        ("2024年上半年", "2024年前三季度", False),
        ("2024年上半年", "2024年一季度（1-3月）", False),
        ("2023年", "2024年上半年", False),
        ("一季度", "2024年1-3月", True),
        ("一季度", "2025年一季度（1-2月）", True),  # a quarter's report a month short of its statistics
        ("2025年第二季度", "2025年4-5月", True),
        ("一季度", "2025年1-5月", False),
        ("一季度", "2025年2-3月", False),
        ("2025年1-3月", "2025年1-2月", False),  # months asked explicitly must agree
        ("全年", "2025年全年（1-11月）", True),  # an annual report written before December's statistics
        ("2025年全年", "2025年1-10月", True),
        ("2025年年度", "2025年1-11月", True),
        ("全年", "2025年1-9月", False),  # three months short is a quarter's figure, not the year's
        ("2025年1-12月", "2025年1-11月", False),  # months asked explicitly must agree
        ("2024年上半年", "2024年", True),  # unstated months are unknown, not different
        ("2024年", None, True),
        ("全年", "2025年全年（1-11月）", True),  # an annual report written before December's figures (was: refused)
        ("2025年全年", "2025年全年（1-10月）", True),
        ("全年", "2025年前三季度（1-9月）", False),
        ("2025年1-12月", "2025年全年（1-11月）", False),  # months asked explicitly must agree
    ],
)
def test_answers_period(asked: str, held: str | None, answers: bool) -> None:
    assert answers_period(asked, held) is answers


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("1-5月，全区规上工业研发费用完成38.27亿元", "1-5月"),
        ("一至五月，全县研发费用", "1-5月"),
        ("2023年全年全区规上工业企业研发费用86.42亿元", "2023年全年"),
        ("2024年1—5月，全区", "2024年1-5月"),
        ("一是1—5月全区研发投入增长", "1-5月"),
        ("截至6月底，全区有效高新技术企业达到386家", "1-6月"),
        ("一季度，全区规上工业企业研发费用完成3.86亿元", "一季度"),
        ("上半年技术交易额121.6亿元", "上半年"),
        ("兑现2023年度区级科技扶持资金2860万元", None),  # a year inside the sentence dates the money, not the figure
        ("高新技术产业增加值完成112.3亿元", None),
        # a lead-in saying where the figure comes from still lets the year after it open the sentence
        ("根据国家统计局发布的统计公报，2022年全省R&D经费投入537.4亿元", "2022年"),
    ],
)
def test_leading_period(sentence: str, period: str | None) -> None:
    assert leading_period(sentence) == period


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("20XX年全县科技工作要点", True),
        ("XXXX年工作总结", True),
        ("202X年1-10月科技工作情况", True),  # the decade kept, the year masked
        ("2024年工作要点", False),
        ("新增XX家", False),
        ("完成12X年", False),
    ],
)
def test_names_masked_year(text: str, masked: bool) -> None:
    assert names_masked_year(text) is masked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # the report's period names the report; the figure's own period is what is asked
        ("余杭区2024年上半年总结中提到的2023年全年技术交易额是多少？", "余杭区 中提到的2023年全年技术交易额是多少？"),
        ("2023年工作报告里2022年的研发投入强度是多少？", " 里2022年的研发投入强度是多少？"),
        ("瑞安今年上半年汇报中提到的去年全年孵化面积", "瑞安 中提到的去年全年孵化面积"),  # a report named by 今年
        # nothing else dated: the report's period is the one asked
        ("余杭区2024年上半年总结中，技术交易额是多少？", "余杭区2024年上半年总结中，技术交易额是多少？"),
        ("2024年技术交易额是多少？", "2024年技术交易额是多少？"),
    ],
)
def test_asked_beside_report(question: str, asked: str) -> None:
    assert asked_beside_report(question) == asked


@pytest.mark.parametrize(
    ("own", "years", "period", "label"),
    [
        ("1-5月", [2024], "上半年", "2024年1-5月"),
        (None, [2024], "上半年", "2024年上半年"),
        ("2023年全年", [2024], "上半年", "2023年全年"),
        ("全年", [2024], "上半年", "2024年全年"),
        (None, [], None, None),
    ],
)
def test_figure_period(own: str | None, years: list[int], period: str | None, label: str | None) -> None:
    assert figure_period(own, years, period) == label


def test_canonical_months_and_label() -> None:
    assert canonical_months("一至十二月") == "1-12月"
    assert canonical_months("全年") is None
    assert period_label([2024], "上半年（1-5月）") == "2024年上半年（1-5月）"
    assert period_label([], None) is None


@pytest.mark.parametrize(
    ("period", "whole"),
    [
        ("全年", True),
        ("全年（1-11月）", True),
        ("年度", True),
        ("前三季度（1-9月）", False),
        ("1-10月", False),
        (None, False),
    ],
)
def test_declares_whole_year(period: str | None, whole: bool) -> None:
    assert declares_whole_year(period) is whole


@pytest.mark.parametrize(
    ("period", "kind"),
    [
        ("全年", "year"),
        ("全年（1-11月）", "year"),
        ("1-10月", "year"),  # written for the year: its plan opens the next one
        ("上半年（1-6月）", "part"),
        ("1-5月", "part"),
        ("一季度", "part"),
        ("前三季度（1-9月）", "part"),
        ("工作总结", None),  # unknown, not either
        (None, None),
    ],
)
def test_report_kind(period: str | None, kind: str | None) -> None:
    assert report_kind(period) == kind


# -- places ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bureau", "place"),
    [
        ("洞头区科学技术局", ("洞头", "区")),
        ("青田县科技局", ("青田", "县")),
        ("市南区科技局", ("市南", "区")),
        ("青岛市市南区科技局", ("市南", "区")),
        ("温州市洞头区科学技术局", ("洞头", "区")),
        ("鹿城区科技局", ("鹿城", "区")),  # was: an unnamed district (城 ended generic words)
        ("瑞安市科技和信息化局", ("瑞安", "市")),  # was: no place, so questions naming 瑞安市 were not scoped
        ("佛山市科技局", ("佛山", "市")),
        ("长阳土家族自治县科技局", ("长阳", "县")),
        ("浙江省科学技术厅", ("浙江", "省")),
        ("某某区科技局（知识产权局）", (None, "区")),
        ("区科技局", (None, "区")),
        ("开发区科技局", (None, "区")),
        ("合肥高新区科技局", ("合肥高新", "区")),  # was: 合肥高 + 新区
        ("长春经济技术开发区科技创新局", ("长春经济技术开发", "区")),
        ("昌吉国家高新技术产业开发区科技创新局", ("昌吉高新技术产业开发", "区")),  # a zone's rank is not its name
        ("湖南湘江新区科技创新发展局", ("湘江", "区")),  # was: 湖南湘江 (a province's short name opens it)
        ("四川天府新区科技局", ("天府", "区")),
        ("海南藏族自治州科技局", ("海南", "州")),  # 海南 is no province here: 藏族自治州 is no place of its own
        ("苏州国家高新区科技局", ("苏州高新", "区")),  # 苏州 owns the zone: 国家高新区 is no place
        (None, (None, None)),
    ],
)
def test_place_of(bureau: str | None, place: tuple[str | None, str | None]) -> None:
    assert place_of(bureau) == place


@pytest.mark.parametrize(
    ("name", "split"), [("洞头区", ("洞头", "区")), ("浦东新区", ("浦东", "区")), ("温州", ("温州", None))]
)
def test_split_level(name: str, split: tuple[str, str | None]) -> None:
    assert split_level(name) == split


@pytest.mark.parametrize(
    ("bureau", "variants"),
    [
        ("长春经济技术开发区科技创新局", ("长春经济技术开发", "长春经开")),
        ("苏州高新技术产业开发区科技局", ("苏州高新技术产业开发", "苏州高新")),
        ("洞头区科学技术局", ("洞头",)),
        ("准格尔旗科学技术局", ("准格尔", "准旗")),  # a banner by its first character
        ("区科技局", ()),
        ("伊金霍洛旗科学技术局", ("伊金霍洛", "伊旗")),  # a banner's short form (was: 伊旗 named no bureau)
        ("科尔沁右翼中旗科技局", ("科尔沁右翼中", "科旗")),
        ("正蓝旗科技局", ("正蓝",)),  # a two-character banner is written whole
    ],
)
def test_place_variants_include_a_zones_short_form(bureau: str, variants: tuple[str, ...]) -> None:
    assert place_variants(place_of(bureau)) == variants


def test_a_banners_short_form_never_makes_two_banners_one() -> None:
    assert same_place(place_of("达拉特旗科技局"), place_of("达尔罕茂明安联合旗科技局")) is False  # both 达旗


@pytest.mark.parametrize(
    ("bureau", "forms"),
    [
        # 湘江新区 is Place(湘江, 区): its 新区 form is cut out first, so no 新区 is left as a word asked (was: 新区)
        ("湘江新区科技创新发展局", ("湘江新区", "湘江区", "湘江")),
        ("伊金霍洛旗科学技术局", ("伊金霍洛旗", "伊金霍洛", "伊旗")),
        ("青田县科技局", ("青田县", "青田")),
        ("长春市科技局", ("长春高新区", "长春市", "长春")),  # a zone of the place asked as 长春高新区: no 高新区 left
    ],
)
def test_place_forms_longest_first(bureau: str, forms: tuple[str, ...]) -> None:
    found = place_forms(place_of(bureau))
    assert [f for f in found if f in forms] == list(forms)
    assert [len(f) for f in found] == sorted((len(f) for f in found), reverse=True)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("鹿城区规上工业研发费用增长，全市第3", [("鹿城", "区")]),
        ("唐山市、中山市，发展山区经济", [("唐山", "市"), ("中山", "市")]),
        ("瓯江口新区科技局和温州经开区科技局", [("瓯江口", "区"), ("温州经开", "区")]),
        ("通过市科技局审批，全区新增3家", []),
        ("成都高新区2023年研发投入强度是多少", [("成都高新", "区")]),  # a zone asked about without its bureau
        ("乌鲁木齐国家高新技术产业开发区科技局", [("乌鲁木齐高新技术产业开发", "区")]),
        ("届时将会同开发区、高教新区发展中心", []),  # 会同 is "together with" here, not 会同县
        ("市南区外国专家引进中A类比重", [("市南", "区")]),  # 外国 starts a word: not 区外
        ("鼓励区外企业入驻", []),
    ],
)
def test_place_mentions(text: str, places: list[tuple[str, str]]) -> None:
    assert place_mentions(text) == [Place(*p) for p in places]


def test_strip_places() -> None:
    assert strip_places("洞头区规上工业研发费用") == "规上工业研发费用"


@pytest.mark.parametrize(
    ("claim_places", "bureau", "compatible"),
    [
        ([Place("洞头", "区")], "鹿城区科技局", False),  # was: True, 鹿城 was unnamed
        ([Place("洞头", "区")], "洞头区科学技术局", True),
        ([Place("洞头", "区")], "区科技局", True),  # unknown is not "different"
        ([Place("洞头", "区")], "县科技局", False),
        ([], "鹿城区科技局", True),
    ],
)
def test_places_compatible(claim_places: list[Place], bureau: str, compatible: bool) -> None:
    assert places_compatible(claim_places, bureau) is compatible


def test_question_naming_a_bureau_with_another_org_form_is_scoped_to_it() -> None:
    scope = analyze("瑞安市上半年研发费用是多少？", ["瑞安市科技和信息化局", "洞头区科学技术局"])
    assert scope.bureaus == ["瑞安市科技和信息化局"]
    assert scope.unknown_places == []


# -- headings ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("一、上半年工作情况", SectionRole.REVIEW),
        ("三、下步工作思路", SectionRole.PLAN),
        ("三、下阶段重点任务", SectionRole.PLAN),  # was: a plan for the drafter, not for the metadata
        ("二、工作要点", SectionRole.PLAN),  # was: a target section for retrieval, a summary for the style learner
        ("三、存在问题及下步打算", SectionRole.PROBLEMS),
        ("二、存在的问题和不足", SectionRole.PROBLEMS),
        ("一、上半年工作情况及下半年工作思路", SectionRole.REVIEW),
        ("（二）重点工作进展情况", SectionRole.REVIEW),
        ("三、重点工作", SectionRole.PLAN),
        ("三、下半年主要举措", SectionRole.PLAN),
        ("一、主要工作举措", SectionRole.REVIEW),
        ("深化科技企业“森林计划”", None),
        ("（一）科技创新", None),
    ],
)
def test_heading_role(title: str, role: SectionRole | None) -> None:
    assert heading_role(title) is role


@pytest.mark.parametrize(
    ("path", "role"),
    [
        # a weak word under a review heading is part of the review (was: plan, and its results read as targets)
        (["一、2025年主要工作成效", "（二）重点工作"], SectionRole.REVIEW),
        (["三、2026年工作思路", "（一）主要举措"], SectionRole.PLAN),  # was: review (举措)
        (["二、上半年工作情况和下半年工作打算", "（二）重点工作"], SectionRole.PLAN),  # the outer names two roles
        (["（二）重点工作"], SectionRole.PLAN),
        (["三、下半年工作打算", "（一）2025年工作总结回顾"], SectionRole.REVIEW),  # a strong inner word decides
        ([], None),
    ],
)
def test_path_role(path: list[str], role: SectionRole | None) -> None:
    assert path_role(path) is role


def test_roles_named_in_a_report_title() -> None:
    assert roles_named("2023年工作总结及2024年工作计划") == {SectionRole.REVIEW, SectionRole.PLAN}
    assert roles_named("2024年重点工作") == {SectionRole.PLAN}


@pytest.mark.parametrize(
    ("kind", "n", "marker"), [("一、", 3, "三、"), ("（一）", 12, "（十二）"), ("1.", 4, "4."), ("一是", 2, "二是")]
)
def test_numbered(kind: str, n: int, marker: str) -> None:
    assert numbered(kind, n) == marker


@pytest.mark.parametrize(
    ("title", "bare"),
    [("（二）聚力科创平台建设", "聚力科创平台建设"), ("1. 平台建设", "平台建设"), ("三是抓招引", "抓招引")],
)
def test_strip_marker(title: str, bare: str) -> None:
    assert strip_marker(title) == bare


# -- hedges ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("超过3家", "超"),
        ("约3.4亿元", "约"),
        ("签约3家", None),
        ("最近3年", None),
        ("不低于5%", "不少于"),
        ("3家", None),
    ],
)
def test_pre_hedge(text: str, hedge: str | None) -> None:
    assert pre_hedge(text, text.index("3") if "3" in text else text.index("5")) == hedge


@pytest.mark.parametrize(
    ("hedge", "direction"),
    [
        ("约", HedgeDirection.ROUND),
        ("以上", HedgeDirection.ABOVE),
        ("近", HedgeDirection.BELOW),
        ("余", HedgeDirection.STEP),
        ("之多", None),
        (None, None),
    ],
)
def test_hedge_direction(hedge: str | None, direction: HedgeDirection | None) -> None:
    assert hedge_direction(hedge) is direction


@pytest.mark.parametrize(
    ("question", "plan"),
    [
        ("下半年计划新增多少家高企", True),
        ("2024年目标是多少", True),
        ("科技计划项目有多少个", False),
        ("上半年研发费用是多少", False),
        ("上半年技术交易额多少？完成全年目标的多少？", False),  # how far a result went
        ("高新技术产业投资完成了年度目标的百分之多少", False),
        ("义乌上半年技术交易额的年度目标完成率是多少", False),
        ("全年目标进度如何", False),
        ("下半年的目标是多少", True),
        ("明年新增企业要达到多少家", True),
        ("三季度企业申报要完成多少", True),  # what is still to be done
        ("年底要把成交额冲到多少", True),
        ("年末企业数量计划超过多少家", True),
        ("主要完成了哪些工作", False),  # next year is only planned yet
        ("下一年新建几个实验室", True),
        ("比下一年度同期多多少", False),
        ("年底孵化器面积要达到多少", True),
        ("主要达到了哪些成效", False),
        ("全年技术合同成交额要做到多少", True),  # was: 做到 asked nothing of a plan
        ("2026年高企要到多少", True),  # was: 要到 asked nothing of a plan
        ("需要到多少家企业走访", False),
        ("上半年科小要入库多少", True),  # was: 要入库 asked nothing of a plan
        ("重要成果有多少项", False),
    ],
)
def test_asks_for_plan(question: str, plan: bool) -> None:
    assert asks_for_plan(question) is plan


# -- indicators --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "indicator", "name", "related"),
    [
        ("规上工业研发费用增速", "研发费用", "研发费用", False),
        ("R&D经费投入强度", "研发投入强度", "R&D经费投入强度", False),  # the intensity is a share of GDP
        ("R&D经费支出", "研发费用", "R&D经费支出", True),
        ("全社会R&D经费支出占GDP比重", "研发投入强度", "R&D经费支出占GDP比重", False),
        ("新增省级新型研发机构", "新型研发机构", "新型研发机构", False),
        ("技术市场交易额", "技术合同交易额", "技术市场交易额", False),
        ("新增高企", "高新技术企业", "高企", False),
    ],
)
def test_find_indicator(text: str, indicator: str, name: str, related: bool) -> None:
    found = find_indicator(text)
    assert found is not None
    assert (found[0].name, found[1], found[3]) == (indicator, name, related)


@pytest.mark.parametrize(
    ("metric", "label"),
    [
        ("规上工业研发费用", "规上工业研发费用"),
        ("规上工业研发费用占营业收入比重", "规上工业研发费用"),
        ("规上企业技术开发费", "规上工业技术开发费"),
        ("高新技术产业增加值增速", "高新技术产业增加值"),
        ("技术合同交易额完成率", "技术合同交易额"),
        ("库做好第二批省科技型企业申报指导工作高新技术企业", "高新技术企业"),
        ("孵化空间", "孵化面积"),
        ("R&D经费投入占GDP比重", "研发投入强度"),
        ("省级高新技术企业研究开发中心", "省级企业研发中心"),  # a centre, counted at its level
        ("市级高新技术企业研究开发中心", "市级企业研发中心"),
        ("科技型企业贷款余额", "科技贷款"),  # a loan balance, not the enterprises
        ("省级新型研发机构", "省级新型研发机构"),
        ("国家级众创空间", "国家级众创空间"),
        ("孵化器", "科技企业孵化器"),
        ("新选派科技特派员", "科技特派员"),
        ("选派科技特派员", "科技特派员"),
        ("发明专利授权量", "发明专利"),
        ("发明专利授权量件", "发明专利"),  # a text table's unit after the name
        ("技术合同成交额亿元", "技术合同交易额"),
        ("登记技术合同", "技术合同登记数"),
        ("PCT申请量", "PCT国际专利申请量"),  # how many contracts, not what they were worth
        ("每万人口高价值发明专利量", "每万人发明专利拥有量"),
        ("有研发活动的规上工业企业占比", "有研发活动企业占比"),
        ("规上工业企业中开展R&D活动企业比重", "有研发活动企业占比"),
        ("省级以上创新平台仅", None),  # 仅 is no measure word: the clause was cut
        ("新建省级以上科技创新平台", "省级以上科技创新平台"),
        ("省级重点实验室", "省级重点实验室"),
        ("省级实验室", "省级实验室"),  # a 省实验室 is not a 重点实验室
        ("新建概念验证中心", "概念验证中心"),
        ("新获批省级工程技术研究中心", "省级工程技术研究中心"),
        ("省级专精特新中小企业", "省级专精特新企业"),
        ("领军人才", "领军人才"),
        ("柔性合作院士", "院士"),
        ("科技型中小企业评价入库", "科技型中小企业"),
        ("财政科技支出", "财政科技投入"),
        ("惠及企业", None),
        ("参与群众", None),
        ("高新技术产业增加值占规上工业增加值比重", "高新技术产业增加值"),  # the share's base does not win
        ("省产业研究院", "产业技术研究院"),
        ("开展", None),
        ("召开", None),
        ("组织企业", None),
        ("利华纸业企业", None),
        ("指导永宝特美仕等企业", None),
    ],
)
def test_indicator_of_a_ledger_metric(metric: str, label: str | None) -> None:
    found = indicator_of(metric)
    assert (found.label if found else None) == label


@pytest.mark.parametrize(
    ("metric", "kind"),
    [
        ("党组理论学习中心组开展集中学习和专题研讨", "党建"),
        ("编发支部学习资料", "党建"),
        ("召开", "活动与会议"),
        ("开展科普活动", "活动与会议"),
        ("组织企业", "活动与会议"),
        ("惠及企业", "服务与惠及"),
        ("参与群众", "服务与惠及"),
        ("年度目标", "目标与任务"),
        ("利华纸业企业", "其他"),
    ],
)
def test_other_class_of_a_figure_that_is_no_indicator(metric: str, kind: str) -> None:
    assert indicator_of(metric) is None
    assert other_class(metric) == kind


@pytest.mark.parametrize(
    ("term", "word", "speaks"),
    [("知识产权", "专利", True), ("人才", "院士", True), ("科技金融", "贷款", True), ("研发费用", "专利", False)],
)
def test_theme_words(term: str, word: str, speaks: bool) -> None:
    assert (word in theme_words(term)) is speaks


def test_indicator_names_scopes_and_canonical_forms() -> None:
    assert find_indicator("召开座谈会") is None
    assert is_indicator_name("技术开发费")
    assert "技术开发费" in other_names("研发费用")
    assert "规模以上工业企业" in scope_aliases("规上企业")
    assert "全社会" not in scope_aliases("规上企业")
    assert canonical_metric("规模以上工业企业R&D经费") == "规上工业企业研发经费"


def test_indicator_names_in_keeps_names_whole_longest_first() -> None:
    text = "技术交易额和规上工业研发费用占营业收入比重"
    assert [name for _s, _e, name in indicator_names_in(text)] == ["技术交易额", "研发费用"]
    assert indicator_names_in("召开座谈会") == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("技术交易额", "技术合同成交额", True),
        ("高企", "高新技术企业", True),
        ("研发费用", "技术开发费", False),
        ("技术合同成交额", "登记技术合同", False),  # 登记技术合同186项 counts contracts; the 成交额 is their worth
    ],
)
def test_same_indicator_is_synonyms_only(a: str, b: str, same: bool) -> None:
    assert same_indicator(a, b) is same


# -- numbers written as words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "hedge"),
    [
        ("两成", 20.0, "%", "约"),
        ("过半", 50.0, "%", "超"),
        ("一半", 50.0, "%", "约"),
        ("三分之一", 33.3333, "%", "约"),
        ("百分之三十", 30.0, "%", None),
        ("百分之十二点五", 12.5, "%", None),
        ("翻一番", 100.0, "%", None),
        ("翻两番", 300.0, "%", None),
        ("翻了一番", 100.0, "%", None),
        ("翻了一番多", 100.0, "%", "多"),  # more than doubled
        ("千万元", 1e7, "元", None),
        ("十亿元", 1e9, "元", None),
        ("百家", 100.0, "家", None),
    ],
)
def test_read_number_word(text: str, value: float, unit: str, hedge: str | None) -> None:
    m = NUMBER_WORD_RE.fullmatch(text)
    assert m is not None
    word = read_number_word(m)
    assert word is not None
    assert (word.value, word.unit, word.hedge) == (value, unit, hedge)


@pytest.mark.parametrize("text", ["成果", "三成员", "形成", "建成"])
def test_words_with_cheng_are_not_proportions(text: str) -> None:
    assert NUMBER_WORD_RE.search(text) is None


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("諸暨市規上工業研發費用", "诸暨市规上工业研发费用"),
        ("佔營業收入比重", "占营业收入比重"),
        ("高新技术产业增加值", "高新技术产业增加值"),  # simplified text is left as it is
        ("68.3億元，同比增長12.7%", "68.3亿元，同比增长12.7%"),
    ],
)
def test_to_simplified_keeps_length(text: str, simplified: str) -> None:
    assert to_simplified(text) == simplified
    assert len(to_simplified(text)) == len(text)


@pytest.mark.parametrize(
    ("claim_period", "source_period", "segment", "prior"),
    [
        (None, "2024年上半年", "有效高企年初为", True),
        (None, None, "上年末总数为", True),
        ("去年同期", "2024年1-5月", "", True),
        ("2022年", "2023年全年", "", True),
        ("2023年", "2023年全年", "", False),
        (None, "2024年上半年", "有效高企达到", False),
    ],
)
def test_prior_to(claim_period: str | None, source_period: str | None, segment: str, prior: bool) -> None:
    assert prior_to(claim_period, source_period, segment) is prior


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("洞头区上半年规上工业研发费用是多少？", "洞头区上半年规上工业研发费用"),
        ("青田县新增科技型中小企业几家？", "青田县新增科技型中小企业"),
        ("研发投入情况怎么样", "研发投入情况"),
        ("技术合同成交额", "技术合同成交额"),
        ("东江技术合同完成得怎么样", "东江技术合同"),  # the progress ask is cut whole
        ("研发费用进度如何？", "研发费用"),
    ],
)
def test_question_subject(question: str, subject: str) -> None:
    assert question_subject(question) == subject


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("技术合同成交额全年目标约", True),
        ("新增省科技型中小企业的全年任务为", True),
        ("对应全年目标", True),
        ("完成全年目标任务的", False),
        ("该县计划技术合同登记成交额达到", True),
        ("科技计划项目资金达到", False),
        ("仁寿县提出，新增国家高新技术企业", True),
        ("要求全年开展科普活动不少于", True),
        ("组织申报省科技计划项目", False),
    ],
)
def test_target_cues(text: str, target: bool) -> None:
    assert bool(TARGET_CUE_RE.search(text)) is target


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("三、2024年工作谋划", SectionRole.PLAN),
        ("一、总体目标", SectionRole.PLAN),
        ("一、主要目标", SectionRole.PLAN),
        ("二、主要任务", SectionRole.PLAN),
        ("三、保障措施", SectionRole.PLAN),
        ("一、主要任务完成情况", SectionRole.REVIEW),
    ],
)
def test_plan_headings(title: str, role: SectionRole) -> None:
    assert heading_role(title) is role


@pytest.mark.parametrize(
    ("text", "span"),
    [("一至五月，", "1-5"), ("1-5月，", "1-5"), ("1至6月，", "1-6"), ("十至十二月，", "10-12")],
)
def test_period_mentions_read_month_ranges_in_any_numerals(text: str, span: str) -> None:
    m = PERIOD_MENTION_RE.search(text)
    assert m is not None and m.group("m1") and m.group("m2")
    assert f"{month_number(m.group('m1'))}-{month_number(m.group('m2'))}" == span


# -- plans -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "theme", "heading", "review"),
    [
        ("（一）科技创新核心指标情况", "科技创新核心指标", "聚力科技创新核心指标", True),
        ("1.平台建设扩面提质", "平台建设", "加快平台建设", True),
        ("成果转化态势良好", "成果转化", "推进成果转化", True),
        ("人才引育成效显著", "人才引育", "强化人才引育", True),
        ("上半年科技创新工作进展", "科技创新", "推进科技创新", True),
        ("（三）党建工作进展情况", "党建工作", "推进党建工作", True),
        ("聚力科创核心指标提升", "聚力科创核心指标", "聚力科创核心指标", False),  # a plan heading stays one
        ("抓科创平台建设", "抓科创平台建设", "加快抓科创平台建设", False),
        ("高新技术企业和科技项目申报方面", "高新技术企业和科技项目申报", "推进高新技术企业和科技项目申报", True),
        ("进一步落实意识形态工作责任制", "进一步落实意识形态工作责任制", "", False),
        # how the work went, said in the heading's last words, is no part of the plan heading
        ("（二）科技人才引育多措并举", "科技人才引育", "强化科技人才引育", True),
        ("3.农业科技服务扎实深入", "农业科技服务", "优化农业科技服务", True),
        ("技术交易较快增长", "技术交易", "推进技术交易", True),
        ("产学研合作走深走实", "产学研合作", "深化产学研合作", True),
        # how a figure moved: a degree word and the movement
        ("（二）研发投入有所回落", "研发投入", "推进研发投入", True),
        ("技术交易大幅增长", "技术交易", "推进技术交易", True),
        ("专利授权量小幅下降", "专利授权量", "推进专利授权量", True),
        ("科技型企业数量稳步增加", "科技型企业数量", "推进科技型企业数量", True),
    ],
)
def test_review_theme_and_plan_heading(title: str, theme: str, heading: str, review: bool) -> None:
    assert not plan_lex.is_review_heading("推动研发投入增长")  # a plan heading saying what to move stays one
    assert plan_lex.review_theme("高新技术产业增加值") == "高新技术产业增加值"  # 增加值 is no movement
    if not heading:  # a plan-worded review heading is carried on, not taken over: 进一步… → 持续…
        assert plan_lex.plan_heading(title) == "持续落实意识形态工作责任制"
    assert plan_lex.review_theme(title) == theme
    assert plan_lex.is_review_heading(title) is review
    if review:
        assert plan_lex.plan_heading(title) == heading
        assert not plan_lex.is_review_heading(plan_lex.plan_heading(title))


@pytest.mark.parametrize(
    ("theme", "verb"),
    [
        ("科创平台建设", "加快"),
        ("科技成果转化", "推进"),
        ("科技金融", "深化"),
        ("科普宣传", plan_lex.DEFAULT_PLAN_VERB),
    ],
)
def test_plan_verb_by_how_the_theme_ends(theme: str, verb: str) -> None:
    assert plan_lex.plan_verb(theme) == verb
    assert all(isinstance(v, plan_lex.PlanVerb) for v in plan_lex.PLAN_VERBS)  # one shape with REMEDIES


@pytest.mark.parametrize(
    ("clause", "measure"),
    [
        ("大孵化器集群建设成效不理想", "提升大孵化器集群建设成效"),
        ("科创平台建设缓慢", "加快科创平台建设"),
        ("缺乏科创基金、产业基金等科技金融支持", "补齐科创基金、产业基金等科技金融支持"),
        ("企业研发投入不足", "加大企业研发投入力度"),
        ("规上工业研发投入后劲不足", "增强规上工业研发投入后劲"),  # not 加大…后劲力度
        ("高层次科技人才储备不足", "加强高层次科技人才储备"),
        ("创新氛围不够浓厚", "营造浓厚的创新氛围"),
        ("研发投入占GDP比重过低", "提高研发投入占GDP比重"),
        ("其次统计动力不足", None),  # 其次 names nothing
        ("难以引入高质量的科创项目", "着力引入高质量的科创项目"),
        ("不足", None),  # nothing named: no measure to write
        ("全年新增高新技术企业5家", None),
        ("基层科技服务力量不足", "充实基层科技服务力量"),  # not 加大…力量力度
        ("骨干企业研发投入意愿不强", "激发骨干企业研发投入意愿"),
        ("中小企业创新能力普遍偏弱", "增强中小企业创新能力"),  # 普遍 says how widely, not what
        ("部分镇街对科技工作重视不够", "提高部分镇街对科技工作重视程度"),
        ("高校院所与园区企业的协同攻关机制尚不健全", "健全高校院所与园区企业的协同攻关机制"),  # 尚 says when
        ("技术转移服务能力弱", "增强技术转移服务能力"),
        ("“两谷”企业集聚度还不够高", "提高“两谷”企业集聚度"),
        ("头部企业带动作用有待增强", "增强头部企业带动作用"),
    ],
)
def test_remedy(clause: str, measure: str | None) -> None:
    assert plan_lex.remedy(clause) == measure


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("加快科创平台建设。", True),
        ("针对科创平台建设缓慢的问题，加快科创平台建设。", True),
        ("科创平台建设缓慢。", False),  # the problem restated
        ("科创平台建设情况良好。", False),  # no verb of doing
        ("企业研发投入不足，需要强化。", False),  # the shortfall first, no answer cue
    ],
)
def test_is_measure(sentence: str, measure: bool) -> None:
    assert plan_lex.is_measure(sentence) is measure


@pytest.mark.parametrize(
    ("sentence", "problem", "concrete"),
    [
        # the problem turned round names nothing the problem does not
        ("针对孵化载体数量偏少的问题，扩大孵化载体数量。", "孵化载体数量偏少", False),
        ("提升科技成果就地转化成效。", "科技成果就地转化成效不理想", False),
        # a target says what to reach, not how
        ("力争下半年孵化载体数量达到X家以上。", "孵化载体数量偏少", False),
        # the causes the problem's text names, turned round
        ("推动更多企业设立研发机构。", "研发投入不足。多数企业未设立研发机构。", False),
        # what is to be done, beyond the problem's words
        ("盘活闲置厂房改建孵化载体，引入专业运营机构。", "孵化载体数量偏少", True),
        ("针对研发投入不足的问题，加大研发投入力度，逐户开展加计扣除政策辅导。", "研发投入不足", True),
        ("围绕主导产业，组织专家下企业开展技术诊断。", "企业创新能力不强", True),
        # no verb of doing: not a measure at all
        ("孵化载体运营机构已有两家。", "孵化载体数量偏少", False),
    ],
)
def test_concrete_measure(sentence: str, problem: str, concrete: bool) -> None:
    assert plan_lex.concrete_measure(sentence, problem) is concrete


@pytest.mark.parametrize(
    ("problem", "line"),
    [
        ("高新技术企业培育储备不足", "创新主体"),
        ("工业用地、用能指标紧张", "要素保障"),  # 指标 alone is any quota, not a science indicator: land and energy
        ("部分核心指标进度偏慢", "核心指标"),
        ("全社会创新氛围不够浓厚", "创新生态"),
        ("产业结构不优。高新产值占比不高。", "核心指标"),  # the title names none: its text does
        ("教育和科技合署办公后人手紧张", None),
        ("区级财政科技投入增长乏力", "科技投入"),
        ("科技成果本地转化率偏低", "成果转化"),
        ("技术许可合同占比小", "成果转化"),
        # the title names no line: its text does (a pilot plant is where results are taken up; joint work with
        # universities is cooperation)
        ("成果承接转化机制不够完善。科技成果落地的配套服务和中试条件仍显不足。", "成果转化"),
        ("创新资源整合不够。高校院所与园区企业的协同攻关机制尚不健全。", "科技合作"),
        ("技术转移服务能力弱", "成果转化"),
        ("园区企业集聚度还不够高。头部企业带动作用有待增强。", "产业集聚"),
        ("研发投入集中在少数龙头企业", "核心指标"),
    ],
)
def test_problem_line(problem: str, line: str | None) -> None:
    found = plan_lex.problem_line(problem)
    assert (found.name if found else None) == line


@pytest.mark.parametrize(
    ("text", "quotes"),
    [("针对孵化载体偏少的问题，盘活闲置厂房。", True), ("盘活闲置厂房，解决载体偏少的问题。", False)],
)
def test_quotes_problem(text: str, quotes: bool) -> None:
    assert plan_lex.quotes_problem(text) is quotes


@pytest.mark.parametrize(
    ("text", "period", "found"),
    [
        ("全力冲刺“半场”，确保实现“全年红”", "下半年", [("全力冲刺“半场”", "全力冲刺全年")]),
        ("全力冲刺“半场”，确保实现“全年红”", "上半年", [("“全年红”", "“双过半”")]),
        ("全力冲刺“半场”", "上半年", []),
        ("确保全年收官", "全年", [("全年收官", "全年目标")]),
    ],
)
def test_period_phrases(text: str, period: str, found: list[tuple[str, str | None]]) -> None:
    assert plan_lex.period_phrases(text, period) == found


def test_priorities_cited_from_above() -> None:
    text = "区科技局深入实施全省创新深化和“315”创新体系建设工程,贯彻落实温州“十项重大工程”部署推进会等会议精神,紧扣新质生产力培育。"
    assert plan_lex.priorities(text) == ["“315”创新体系建设工程", "温州“十项重大工程”部署推进会等会议精神"]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "諸暨市科學技術局2023年工作總結：規上工業研發費用完成68.3億元",
            "诸暨市科学技术局2023年工作总结：规上工业研发费用完成68.3亿元",
        ),
        (
            "研发投入成效显著，全区规上工业研发费用增长17.7%",
            "研发投入成效显著，全区规上工业研发费用增长17.7%",
        ),  # 著 stays
    ],
)
def test_reading_text_converts_only_a_traditional_report(text: str, read: str) -> None:
    assert reading_text(text) == read


@pytest.mark.parametrize(
    ("title", "theme"),
    [
        ("抓科创平台建设", "科创平台建设"),
        ("从严开展组织生活", "组织生活"),  # two openers at most: 组织 is the theme's own word
        ("严格落实从严治党主体责任", "从严治党主体责任"),
        ("创新能力实现提升", "创新能力"),  # what to achieve, not the theme
        ("力争全年技术合同登记成交额达到300亿元", "技术合同登记成交额"),
    ],
)
def test_plan_theme(title: str, theme: str) -> None:
    assert plan_lex.plan_theme(title) == theme


@pytest.mark.parametrize(
    ("title", "achievement"),
    [("荣获省科技最高荣誉“科技创新鼎”", True), ("（一）成功获批省级高新区", True), ("成果转化态势良好", False)],
)
def test_is_achievement(title: str, achievement: bool) -> None:
    assert plan_lex.is_achievement(title) is achievement


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("抓核心技术攻关", "科技项目"),
        ("强化科研攻关", "科技项目"),
        ("做好高企申报后半篇文章", "创新主体"),
        ("從嚴落實管黨治黨責任，抓好黨支部建設", "党建"),  # traditional characters read as simplified
        ("力争全年规上工业研发费用增长15%", "核心指标"),
        ("狠抓校地合作创新平台建设", "科技合作"),  # the line named first decides
        ("抓好统计入库", "研发统计"),
        ("推进量子信息未来产业园建设", None),  # a new initiative is no standing line
        (
            "加快产业创新中心二期建设",
            "科创平台",
        ),  # a platform by its kind: 创新中心 / 科创中心 / 中试基地 / 概念验证中心
        ("新建中试基地，推动大科学装置开放共享", "科创平台"),
        # the work a problem of the bureau's own house or of industry names: its staff, its industry, its land
        ("镇街科技工作力量薄弱", "基层科技力量"),
        ("加强科技管理队伍建设", "基层科技力量"),  # not the party's 队伍建设
        ("工业结构偏重", "产业升级"),
        ("完成技改投资40亿元以上", "产业升级"),
        ("工业用地、用能指标趋紧", "要素保障"),  # 用能指标 is no science indicator
        ("科技管理人员少", "基层科技力量"),
        ("工业基础薄弱", "产业升级"),
        ("部分项目用地、用电指标落实较慢", "要素保障"),
    ],
)
def test_main_line(text: str, line: str | None) -> None:
    found = plan_lex.main_line(text)
    assert (found.name if found else None) == line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("对照年度目标任务，逐项盘点科技型中小企业评价入库、技术合同成交额等指标进度", "核心指标"),
        ("紧盯研发投入、研发费用等核心指标，建立重点企业月度监测机制", "核心指标"),
        ("完善科技型企业、高新技术企业梯次培育机制", "创新主体"),  # no listing of indicators: its own line
        ("做好高企申报辅导，力争全年新认定高企60家", "创新主体"),
        ("冲刺全年目标任务", None),
    ],
)
def test_tracked_line_reads_a_listing_of_indicators_as_the_indicators(text: str, line: str | None) -> None:
    found = plan_lex.tracked_line(text)
    assert (found.name if found else None) == line


def test_plan_lines_are_read_whole_and_in_table_order() -> None:
    names = [ln.name for ln in plan_lex.plan_lines("培育高新技术企业12家，选派科技特派员30名，开展科普活动")]
    assert names == ["创新主体", "科技强农", "科学普及"]
    assert plan_lex.plan_lines("企业数量增长") == []  # 企业 alone is no line


@pytest.mark.parametrize(
    ("name", "text", "item"),
    [
        (
            "创新主体",
            "新增科技型中小企业19家，高新技术企业申报32家，科技型企业培育",
            (
                "抓创新主体培育",
                "完善科技型中小企业、高新技术企业、科技型企业梯次培育机制，做好入库企业的申报辅导和跟踪服务，"
                "推动更多企业成长为科技型中小企业",
            ),
        ),
        (  # a generic cue shows the line but is not named; a cue inside a longer one is not named twice
            "核心指标",
            "核心指标稳中有进，规上工业研发费用增长17.7%",
            (
                "聚力科技创新核心指标",
                "紧盯研发费用等核心指标，建立重点企业月度监测和上门指导机制，推动指标稳中有进",
            ),
        ),
        (
            "科技金融",
            "缺乏科创基金、科技贷等科技金融支持",
            ("深化科技金融服务", "推广科创基金、科技贷等金融产品，引导金融资本投向科技型企业，缓解企业研发融资难题"),
        ),
        (  # only the generic name: the plain measure, naming no product
            "科技金融",
            "科技金融支持不足",
            ("深化科技金融服务", "完善科技金融服务体系，引导金融资本投向科技型企业，缓解企业研发融资难题"),
        ),
        ("科学普及", "企业数量增长", None),  # the reports never name the line: nothing is offered
        (
            "核心指标",
            "各项指标完成良好",
            ("聚力科技创新核心指标", "紧盯年度核心指标，建立重点企业月度监测和上门指导机制，推动指标稳中有进"),
        ),
        ("科学普及", "科普", ("加强科学普及", "组织开展科普等活动，提升公民科学素质，营造崇尚创新的社会氛围")),
    ],
)
def test_line_item(name: str, text: str, item: tuple[str, str] | None) -> None:
    line = next(ln for ln in plan_lex.PLAN_LINES if ln.name == name)
    assert plan_lex.line_item(line, text) == item


def test_plan_lines_table() -> None:
    names = [ln.name for ln in plan_lex.PLAN_LINES]
    assert len(names) == len(set(names))
    for line in plan_lex.PLAN_LINES:
        assert line.cues and set(line.generic) <= set(line.cues)
        assert not plan_lex.is_review_heading(line.heading)  # each heading reads as a plan heading
        assert "{cues}" in line.measure


@pytest.mark.parametrize(
    ("segment", "rewritten", "hedge"),
    [
        ("同比增长9.7%，约占苏州全市的", "同比增长9.7%，占苏州全市的", "约"),
        ("研发投入接近苏州全市的", "研发投入占苏州全市的", "近"),
        ("研发费用超过全省的", "研发费用占全省的", "超"),
        ("约相当于去年全年的", "相当于去年全年的", "约"),
        ("最近一年的", "最近一年的", None),  # 最近 is no hedge
        ("研发投入占比约", "研发投入占比约", None),  # a hedge right before the number is read there
    ],
)
def test_share_hedge(segment: str, rewritten: str, hedge: str | None) -> None:
    assert share_hedge(segment) == (rewritten, hedge)


@pytest.mark.parametrize(
    ("metric", "subjectless"),
    [
        ("约占", True),  # 其中技术开发合同成交额2.05亿元，约占六成
        ("占", True),
        ("占比达", True),
        ("近占", True),
        ("文昌国际航天城入库占", False),  # the share names its subject
        ("占全市", False),  # and its base
        ("", False),
    ],
)
def test_subjectless_share(metric: str, subjectless: bool) -> None:
    assert subjectless_share(metric) is subjectless


@pytest.mark.parametrize(
    ("before", "after", "builds_on"),
    [
        ("在上半年新增孵化面积", "的基础上，力争新增孵化面积1万平方米", True),
        ("在新增孵化面积0.31万平方米、入孵企业", "的基础上", True),
        ("在全市排名第", "的基础上", True),
        ("力争在年底前新增孵化面积", "，推动企业入驻", False),
        ("在力争新增", "的基础上", False),  # a target cue inside the frame
        ("以1-11月发明专利授权", "为基础，2027年发明专利授权量达到240件", True),
        ("全市以企业", "为主体，推动", False),  # 以…为主体 is no base
        ("以研发投入", "，带动企业为基础", False),  # the frame closes in another clause
        ("力争以", "为基础", False),  # a target cue inside the frame
    ],
)
def test_builds_on_result(before: str, after: str, builds_on: bool) -> None:
    assert builds_on_result(before, after) is builds_on


@pytest.mark.parametrize(
    ("segment", "completed"),
    [
        ("柯桥区上半年新增孵化面积3.1万平方米，完成年度任务", True),
        ("完成全年目标的", True),
        ("完成全年目标11.9亿元的约", True),
        ("全年目标任务", False),
        ("完成技术合同交易额", False),
    ],
)
def test_completed_share_of_target(segment: str, completed: bool) -> None:
    assert bool(COMPLETED_SHARE_OF_TARGET_RE.search(segment)) is completed


@pytest.mark.parametrize(
    ("claim", "bureau", "compatible"),
    [
        ("温州国家高新区此前排名全国第90位", "温州市科技局", True),  # a city's report speaks for its zone
        ("温州高新区研发投入", "台州市科技局", False),
        ("洞头区研发投入", "温州市科技局", False),
    ],
)
def test_places_compatible_with_a_zone_of_the_source_city(claim: str, bureau: str, compatible: bool) -> None:
    from scribe.lexicon.places import place_mentions, places_compatible

    assert places_compatible(place_mentions(claim), bureau) is compatible


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("加强统计队伍建设", "研发统计"),  # the statistics work named by its people and service
        ("加强科技统计和监测", "研发统计"),
        ("优化服务保障", "创新生态"),
        ("筹备科技成果对接大会", "成果转化"),
        ("推动科创园新增入驻企业", "科创平台"),  # a park, a pilot platform or a carrier is a platform by its kind
        ("建成生物医药共享中试平台", "科创平台"),
        ("加快创新载体建设", "科创平台"),
        ("加快数字化", "数字化转型"),  # a 科技和工业信息化局 plans the digital transformation too
        ("推进企业智能化改造", "数字化转型"),
    ],
)
def test_main_line_reads_statistics_service_matchmaking_and_carriers(text: str, line: str) -> None:
    found = plan_lex.main_line(text)
    assert found is not None and found.name == line


def test_a_service_line_named_only_generically_gets_its_plain_measure() -> None:
    line = next(ln for ln in plan_lex.PLAN_LINES if ln.name == "创新生态")
    assert plan_lex.line_item(line, "进一步优化服务，改善营商环境") == (line.heading, line.plain)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("强化企业梯次培育，建立入库培育清单", "创新主体"),  # the firms' ladder, named without 高企
        ("全力冲刺科小入库", "创新主体"),  # 科小 is 科技型中小企业
        ("新认定瞪羚企业不少于10家", "创新主体"),
        ("推动园区创建国家级科技企业孵化器", "科创平台"),  # a carrier, though it names 科技企业 first
        ("新增市级工程技术研究中心3家", "科创平台"),
        ("加快数字赋能，推动企业上云", "数字化转型"),
        ("年内新建5G基站200个", "数字化转型"),
        ("推动有研发活动的企业占比提高", "核心指标"),
    ],
)
def test_main_line_reads_ladders_carriers_and_digital_work(text: str, line: str) -> None:
    found = plan_lex.main_line(text)
    assert found is not None and found.name == line


@pytest.mark.parametrize(
    ("name", "stages"),
    [("科技型中小企业入库", ["入库"]), ("发明专利授权量", ["授权"]), ("高新技术企业", []), ("入库", [])],
)
def test_name_stages(name: str, stages: list[str]) -> None:
    from scribe.lexicon.indicators import name_stages

    assert name_stages(name) == stages


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        # a word that names the line but is no channel (本地转化) gets the line's plain measure, not 用好本地转化等渠道
        ("科技成果本地转化率偏低", "完善技术转移服务体系"),
        ("技术转让合同占比偏低", "用好技术转让等渠道"),
        ("科技经费投入有限", "优化科技经费投向"),
        ("中试条件仍显不足", "完善技术转移服务体系"),
        ("协同攻关机制尚不健全", "深化产学研合作"),  # not 深化协同攻关
        ("头部企业带动作用有待增强", "精准招商"),
    ],
)
def test_a_problem_s_line_measure_names_only_what_fits(text: str, measure: str) -> None:
    line = plan_lex.problem_line(text)
    written = plan_lex.line_item(line, text) if line else None
    assert written is not None and measure in written[1]


@pytest.mark.parametrize(
    ("title", "names"),
    [("一、总体情况", False), ("（二）主要做法", False), ("（一）平台建设扎实推进", True), ("科技金融", True)],
)
def test_names_work(title: str, names: bool) -> None:
    assert plan_lex.names_work(title) is names


@pytest.mark.parametrize(
    ("action", "carried"),
    [
        ("组织企业申报省级科技项目", True),
        ("推进科技孵化器建设", True),
        ("启动创新大厦孵化器建设", False),  # a one-off act
        ("形成“周调度、月通报”工作机制", False),
        ("组织申报省级示范基地并通过形式审查", False),  # what came of it
        ("推动三个项目落地", False),
    ],
)
def test_carried_on(action: str, carried: bool) -> None:
    assert plan_lex.carried_on(action) is carried


@pytest.mark.parametrize(
    ("sentence", "concrete"),
    [
        # the results built on say what was done, not what to do
        ("在上半年评价入库科技型中小企业42家的基础上，持续推进科技型中小企业。", False),
        # a target worded otherwise than the problem is still a target
        ("力争全年规上企业研发经费增速达到12%以上。", False),
        ("在上半年新增42家的基础上，建立科技型企业培育库，实行专员包联辅导。", True),
    ],
)
def test_a_measure_is_not_the_results_it_builds_on_nor_its_target(sentence: str, concrete: bool) -> None:
    assert plan_lex.concrete_measure(sentence, "科技型企业数量偏少。研发投入后劲不足。") is concrete


@pytest.mark.parametrize(
    ("header", "unit_column", "in_row_unit"),
    [
        ("单位", True, False),
        ("计量单位", True, False),
        ("单 位", True, False),
        ("全年目标", False, True),
        ("一季度完成", False, True),
        ("2025年1-9月", False, True),
        ("完成率", False, False),
        ("完成进度", False, False),
        ("全市排名", False, False),
        ("同比增速", False, False),
        ("研发投入强度", False, False),
        ("位次", False, False),
    ],
)
def test_a_tables_unit_column_and_the_columns_in_the_rows_unit(
    header: str, unit_column: bool, in_row_unit: bool
) -> None:
    assert is_unit_column(header) is unit_column
    assert takes_row_unit(header) is in_row_unit or unit_column


@pytest.mark.parametrize(
    ("label", "note"),
    [
        ("规上工业企业研发费用（1—4月）", "1—4月"),
        ("研发费用(1-10月)", "1-10月"),
        ("研发费用（亿元）", None),
        ("高新技术企业", None),
    ],
)
def test_months_note(label: str, note: str | None) -> None:
    from scribe.lexicon.periods import months_note

    found = months_note(label)
    assert (found.group(1) if found else None) == note


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("1—5月完成", "完成"),
        ("1-11月增速", "增速"),
        ("一季度完成", "完成"),
        ("全年目标", "全年目标"),
        ("1-5月", "1-5月"),
    ],
)
def test_without_leading_months(text: str, rest: str) -> None:
    from scribe.lexicon.periods import without_leading_months

    assert without_leading_months(text) == rest


def test_measure_word_alternatives_read_the_longest_word_first() -> None:
    growth = re.compile(alternatives(GROWTH_WORDS))
    assert growth.match("增长率").group() == "增长率"  # not 增长 with 率 left over
    assert alternatives(("增长",), ("增长率", "增长")) == "增长率|增长"
    assert re.fullmatch(alternatives(RANK_WORDS), "名次")


@pytest.mark.parametrize(
    ("line", "open_end"),
    [
        ("全年登记技术合同成交额312.6亿元，较2024年的", True),
        ("2024年度全区R&D经费投入强度为", True),
        ("新增高新技术企业35家，较上年", True),
        ("某某区科学技术局2025年工作总结", False),
        ("（二）技术交易活跃", False),
        ("全年新增企业35家。", False),
        ("研究与试验发展", False),
    ],
)
def test_a_line_ending_in_a_word_that_cannot_close_a_sentence_goes_on(line: str, open_end: bool) -> None:
    from scribe.lexicon.sentences import ends_open

    assert ends_open(line) is open_end


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("技术合同完成得怎么样", True),
        ("科小入库完成情况如何", True),
        ("研发投入进度如何", True),
        ("技术合同成交额完成进度怎样", True),
        ("技术合同工作是怎么开展的", False),
        ("下半年技术合同打算怎么做", False),
    ],
)
def test_how_far_a_result_went_is_asked_as_a_figure(question: str, asks: bool) -> None:
    from scribe.lexicon.questions import PROGRESS_ASK_RE

    assert bool(PROGRESS_ASK_RE.search(question)) is asks


@pytest.mark.parametrize(
    ("question", "written"),
    [
        # R&D asked alone names the R&D indicator; inside a longer name (R&D经费投入强度) that name is read whole
        ("桂林高新区R&D", "桂林高新区研发投入"),
        ("吉阳R&D 1-8月", "吉阳研发投入 1-8月"),
        ("吉阳R＆D多少", "吉阳研发投入多少"),
        ("R&D经费投入强度是多少", "R&D经费投入强度是多少"),
        ("延边州R&D强度多少", "延边州R&D强度多少"),  # 强度 is asked (the report writes 投入强度0.98%)
        ("R&D投入增长多少", "R&D投入增长多少"),
        ("科小入库多少", "科技型中小企业入库多少"),
    ],
)
def test_expand_short_forms(question: str, written: str) -> None:
    assert expand_short_forms(question) == written


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a county whose name is one character before 县 (威县, 沛县) is its whole name, read where a name may start
        ("威县高企截至6月底", ["威县"]),
        ("临洮县和威县高新技术产业增加值增速", ["临洮县", "威县"]),
        ("邢台市威县科技局", ["邢台市", "威县"]),
        ("（一）创建省级创新型县。威县已列入建设名单", ["威县"]),
        ("各乡镇和县直部门", []),  # 和 is no place's name
        ("依托威县梨果产业", []),  # inside a run of words it may be any two characters
        ("推进创新县建设", []),
    ],
)
def test_places_in_reads_one_character_counties(text: str, places: list[str]) -> None:
    assert [m.place.full for m in places_in(text)] == places
    assert all(text[m.start : m.end] == m.place.full for m in places_in(text))


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        # a yes/no frame is how the question is put: 下降 is asked, 是不是 is not
        ("石柱研发费用是不是下降了", ["研发费用", "下降"]),
        ("研发费用是否下降", ["研发费用", "下降"]),
    ],
)
def test_a_yes_no_frame_is_no_content_term(question: str, terms: list[str]) -> None:
    from chains.extractive import content_terms

    assert content_terms(question, analyze(question, ["石柱土家族自治县科学技术局"])) == terms


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("全年认定登记技术合同成交额2.08亿元，完成年度目标（2亿元）的104.0%", True),
        ("入库136家，完成全年目标的90.7%", True),
        ("完成率125%，全市第4", True),
        ("力争完成全年目标", False),  # no share of the target: how far it went is not said
        ("技术合同成交额2.08亿元，同比增长24.0%", False),
    ],
)
def test_states_completion(text: str, states: bool) -> None:
    assert states_completion(text) is states


@pytest.mark.parametrize(
    ("question", "frame"),
    [
        ("研发费用折算成多少亿元", "折算成多少亿元"),  # the unit asked in is how to read the figure
        ("培训了多少人次", "多少人次"),  # was: 多少人 in the answerer's copy, leaving 次 as a word to match
        ("现在高企有多少家", "现在"),
        ("研发费用是不是下降了", "是不是"),
    ],
)
def test_question_frame(question: str, frame: str) -> None:
    m = QUESTION_FRAME_RE.search(question)
    assert m is not None and m.group() == frame


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("研发费用增速在全市排第几", [{"rank"}]),  # only the rank is asked of the growth
        ("研发费用增速和排名如何", [{"growth", "change"}, {"rank"}]),
        ("请介绍研发费用增速情况", []),  # a mention with no ask word: no kind is asked
        ("新增高企多少家", [{"count"}]),
        ("研发费用是多少", [{"amount"}]),
    ],
)
def test_asked_kinds(question: str, kinds: list[set[str]]) -> None:
    assert [{k.value for k in group} for group in asked_kinds(question)] == kinds


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("前三季度研发费用增速", {"growth", "change"}),  # named with no ask word: still what a quote must state
        ("研发费用增速在全市排第几", {"growth", "change", "rank"}),
        ("技术合同成交额占全市比重", {"share"}),
        ("研发费用多少", set()),  # an amount is no measure of it
    ],
)
def test_named_kinds(question: str, kinds: set[str]) -> None:
    assert {k.value for k in named_kinds(question)} == kinds


@pytest.mark.parametrize(
    ("text", "levels", "place"),
    [
        # questions: a place asked by its short name alone, at any level
        ("义乌上半年高企申报多少家", ALL_LEVELS, Place("义乌", "市")),
        ("常熟1-10月技术合同成交额", ALL_LEVELS, Place("常熟", "市")),
        ("湖北明年高企要达到多少家", ALL_LEVELS, Place("湖北", "省")),
        ("昌平有效高企多少", ALL_LEVELS, Place("昌平", "区")),
        ("截至5月底晋江有效高企多少家", ALL_LEVELS, Place("晋江", "市")),  # after the time it opens with
        ("义乌市上半年高企", ALL_LEVELS, None),  # written with its level: places_in reads it
        ("重庆永川区2024年技术交易额", ALL_LEVELS, None),  # the city only says which 永川区
        ("和平镇科小入库多少", ALL_LEVELS, None),  # a town of that name, not the district
        ("宏伟园区研发费用", ALL_LEVELS, None),
        ("独山子区高企多少家", ALL_LEVELS, None),
        ("技术合同成交额同比增长多少", ALL_LEVELS, None),
        ("上一年度研发投入强度", ALL_LEVELS, None),
        # a report's sentences (claims): a city or county read bare, never a district's name, which is often a word
        ("迁安有效高新技术企业73家。", BARE_LEVELS, Place("迁安", "市")),
        ("1-5月诸暨规上工业企业研发费用21.36亿元", BARE_LEVELS, Place("诸暨", "市")),
        ("截至3月底，昆山有效高新技术企业3148家", BARE_LEVELS, Place("昆山", "市")),
        ("今年以来，义乌新增高企120家", BARE_LEVELS, Place("义乌", "市")),
        ("上半年邹城技术合同成交额", BARE_LEVELS, Place("邹城", "市")),
        ("诸暨市上半年新认定", BARE_LEVELS, None),  # named with its level: places_in reads it
        ("新建5G基站400个。", BARE_LEVELS, None),  # 新建区: a district's bare name is a word
        ("昌平有效高企多少", BARE_LEVELS, None),
        ("湖北全省高企多少家", BARE_LEVELS, None),  # a province's figure is context in a report's sentence
        ("武陵、鼎城两区技术合同成交额", BARE_LEVELS, None),
        ("全市新增科技型中小企业", BARE_LEVELS, None),
        ("和平镇科小入库多少", BARE_LEVELS, None),
    ],
)
def test_opening_place(text: str, levels: str, place: Place | None) -> None:
    found = opening_place(text, levels=levels)
    assert (found.place if found else None) == place
    assert found is None or text[found.start : found.end] == found.place.name


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("上年全年规上工业企业研发费用为29.4亿元", "2025年全年"),
        ("去年全社会研发投入强度为2.41%", "2025年"),
        ("上一年度全市研发投入强度为2.41%", "2025年"),
        ("上年同期为18.70亿元", None),  # a comparison's base, not last year's statement
        ("上年末全市有效高企64家", None),  # a stock's base date
        ("全市研发费用21.36亿元", None),
    ],
)
def test_prior_year_lead(sentence: str, period: str | None) -> None:
    assert prior_year_lead(sentence, [2026]) == period


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("同比增长13.1%", True),
        ("同比下降4.0%", True),
        ("增长了12%", True),
        ("增长约两成", True),
        ("增速居绍兴市第3位", False),  # a rank of the growth, not the growth
        ("部分龙头企业研发投入增长放缓", False),
    ],
)
def test_growth_stated_as_a_figure(text: str, stated: bool) -> None:
    assert bool(GROWTH_STATED_RE.search(text)) is stated


@pytest.mark.parametrize(
    ("label", "span"),
    [
        ("2026年上半年", "上半年"),
        ("20XX年度", ""),
        ("2025年1-5月", "1-5月"),
        ("上半年", "上半年"),
        ("20XX年全年", "全年"),
    ],
)
def test_label_span(label: str, span: str) -> None:
    assert label_span(label) == span


_LANKAO = "全年申报高新技术企业44家，第一批已认定21家，第二批23家正在公示；截至11月底有效高企达到97家"


@pytest.mark.parametrize(
    ("question", "text", "pending"),
    [
        ("第二批高企认定了多少家", _LANKAO, "第二批23家正在公示"),  # the batch asked is still publicised
        ("第一批高企认定了多少家", _LANKAO, None),  # that batch's outcome is stated
        ("高企认定了多少家", _LANKAO, None),  # 第一批已认定21家 states an outcome
        ("申报的96家高企认定通过多少", "申报高新技术企业96家，认定结果预计年底公布", "认定结果预计年底公布"),
        ("高企申报多少家", "申报高新技术企业96家，认定结果预计年底公布", None),  # no outcome asked
    ],
)
def test_pending_outcome(question: str, text: str, pending: str | None) -> None:
    from scribe.lexicon.hedges import pending_outcome

    assert pending_outcome(question, text) == pending


@pytest.mark.parametrize(
    ("inner", "outer", "inside"),
    [
        (Place("贺兰", "县"), Place("银川", "市"), True),  # a county in its city
        (Place("贺兰", "县"), Place("宁夏", "区"), True),  # and in its province (an autonomous region)
        (Place("铜梁", "区"), Place("重庆", "市"), True),  # a municipality's district
        (Place("民勤", "县"), Place("银川", "市"), False),
        (Place("银川", "市"), Place("银川", "市"), False),  # a place is not inside itself
        (Place("银川", "市"), Place("贺兰", "县"), False),
        (Place(None, "县"), Place("银川", "市"), False),  # unknown is not inside
    ],
)
def test_lies_in(inner: Place, outer: Place, inside: bool) -> None:
    from scribe.lexicon.places import lies_in

    assert lies_in(inner, outer) is inside


@pytest.mark.parametrize(
    ("clause", "term", "drawn"),
    [
        ("带动企业研发投入约1.3亿元", "研发投入", True),  # a programme's leverage, not the total
        ("撬动银行贷款5.2亿元", "银行贷款", True),
        ("全区企业研发投入约1.3亿元", "研发投入", False),
        ("研发投入1.3亿元，带动就业200人", "研发投入", False),  # the leverage word follows: another figure's
        ("其中研发投入后补助资金310万元", "研发投入", True),  # a subsidy named after it
        ("研发投入补助资金310万元", "研发投入", True),
    ],
)
def test_leveraged(clause: str, term: str, drawn: bool) -> None:
    from scribe.lexicon.hedges import leveraged

    assert leveraged(clause, term) is drawn


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("2023年数据待国家统计局统一发布。", "2023年"),  # that year's figure is not out
        ("上半年研发费用数据尚未发布。", "上半年"),
        ("一季度研发费用数据尚待统计部门发布。", "一季度"),
        ("全年数据待统计部门发布", "全年"),
        ("2025年1-11月，全县研发费用1.34亿元，全年数据待统计部门发布", "全年"),  # its own clause's period
        ("正式数据待统计部门发布", None),  # no period named: unknown, not "this one"
        ("（今年认定结果尚未公布）", None),  # an outcome, not a period's statistics
        ("研发费用2.91亿元，同比增长6.8%", None),
    ],
)
def test_unpublished_period(sentence: str, period: str | None) -> None:
    from scribe.lexicon.periods import unpublished_period

    assert unpublished_period(sentence) == period


@pytest.mark.parametrize(
    ("asked", "held", "text", "answers"),
    [
        ("2025年上半年", "2026年上半年", "成交额1.63亿元，同比增长27.3%（上年同期1.28亿元）", True),
        ("2025年上半年", "2026年上半年", "成交额1.63亿元，同比增长27.3%", False),  # no figure of last year
        ("2024年上半年", "2026年上半年", "同比增长27.3%（上年同期1.28亿元）", False),  # two years back
        ("2025年全年", "2026年上半年", "同比增长27.3%（上年同期1.28亿元）", False),  # other months
    ],
)
def test_states_prior_same_period(asked: str, held: str, text: str, answers: bool) -> None:
    from scribe.lexicon.periods import states_prior_same_period

    assert states_prior_same_period(asked, held, text) is answers


@pytest.mark.parametrize(
    ("claim", "source", "found"),
    [
        ("，高于全市平均水平。", "同比增长7.3%，增速低于全市平均水平1.8个百分点", ("高于", "低于")),
        ("，快于序时进度", "完成率40%，慢于序时进度", ("快于", "慢于")),
        ("，低于全市平均水平", "增速低于全市平均水平1.8个百分点", None),  # the same way
        ("，高于全市平均水平", "增速低于全省平均水平，高于全市平均水平", None),  # the source says the claim's way too
        ("，高于全市平均水平", "研发投入强度低于全省平均", None),  # another base
        ("，保持平稳", "增速低于全市平均水平", None),  # no comparison
    ],
)
def test_reversed_comparison(claim: str, source: str, found: tuple[str, str] | None) -> None:
    assert reversed_comparison(claim, source) == found
