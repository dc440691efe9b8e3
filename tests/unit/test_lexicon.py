"""The lexicon's tables, one table-driven test per function. Cases marked "was:" are disagreements between the
copies the lexicon replaced; the more general behaviour won."""

from __future__ import annotations

import pytest

from scribe.lexicon import plans as plan_lex
from scribe.lexicon.headings import SectionRole, heading_role, numbered, roles_named, strip_marker
from scribe.lexicon.hedges import (
    TARGET_CUE_RE,
    HedgeDirection,
    asks_for_plan,
    hedge_direction,
    pre_hedge,
    question_subject,
)
from scribe.lexicon.indicators import (
    canonical_metric,
    find_indicator,
    indicator_names_in,
    indicator_of,
    is_indicator_name,
    other_names,
    same_indicator,
    scope_aliases,
)
from scribe.lexicon.numerals import (
    NUMBER_WORD_RE,
    cn_ordinal,
    normalise_text,
    parse_chinese_numeral,
    read_number_word,
    to_chinese_numeral,
    to_simplified,
)
from scribe.lexicon.periods import (
    PERIOD_MENTION_RE,
    answers_period,
    canonical_months,
    figure_period,
    leading_period,
    month_number,
    parse_period,
    period_label,
    period_words,
    periods_compatible,
    prior_to,
    years_in,
)
from scribe.lexicon.places import (
    Place,
    place_mentions,
    place_of,
    place_variants,
    places_compatible,
    split_level,
    strip_places,
)
from scribe.lexicon.sentences import clause_spans, clauses, items, sentence_bounds, sentences
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


def test_clauses_split_at_commas_and_colons() -> None:
    assert clauses("研发费用：6099.1万元，增速17.7%、全市前3。") == ["研发费用", "6099.1万元", "增速17.7%", "全市前3"]


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
    ("question", "periods", "years"),
    [
        ("洞头区1—5月研发费用", ["1-5月"], []),
        ("2023年一至五月和上半年", ["1-5月", "上半年"], [2023]),
        ("2023年度全年情况", ["全年"], [2023]),
        ("一季度新增多少", ["一季度"], []),
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
        ("2024年上半年", "2024年", True),  # unstated months are unknown, not different
        ("2024年", None, True),
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
    ],
)
def test_leading_period(sentence: str, period: str | None) -> None:
    assert leading_period(sentence) == period


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
        ("区科技局", ()),
    ],
)
def test_place_variants_include_a_zones_short_form(bureau: str, variants: tuple[str, ...]) -> None:
    assert place_variants(place_of(bureau)) == variants


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("鹿城区规上工业研发费用增长，全市第3", [("鹿城", "区")]),
        ("唐山市、中山市，发展山区经济", [("唐山", "市"), ("中山", "市")]),
        ("瓯江口新区科技局和温州经开区科技局", [("瓯江口", "区"), ("温州经开", "区")]),
        ("通过市科技局审批，全区新增3家", []),
        ("成都高新区2023年研发投入强度是多少", [("成都高新", "区")]),  # a zone asked about without its bureau
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
    ],
)
def test_asks_for_plan(question: str, plan: bool) -> None:
    assert asks_for_plan(question) is plan


# -- indicators --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "indicator", "name", "related"),
    [
        ("规上工业研发费用增速", "研发费用", "研发费用", False),
        ("R&D经费投入强度", "研发费用", "R&D经费投入", True),
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
        ("R&D经费投入占GDP比重", "R&D经费投入"),
        ("省级高新技术企业研究开发中心", None),
        ("科技型企业贷款余额", None),
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
    [("技术交易额", "技术合同成交额", True), ("高企", "高新技术企业", True), ("研发费用", "技术开发费", False)],
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
    ],
)
def test_review_theme_and_plan_heading(title: str, theme: str, heading: str, review: bool) -> None:
    assert plan_lex.review_theme(title) == theme
    assert plan_lex.is_review_heading(title) is review
    if review:
        assert plan_lex.plan_heading(title) == heading
        assert not plan_lex.is_review_heading(plan_lex.plan_heading(title))


@pytest.mark.parametrize(
    ("clause", "measure"),
    [
        ("大孵化器集群建设成效不理想", "提升大孵化器集群建设成效"),
        ("科创平台建设缓慢", "加快科创平台建设"),
        ("缺乏科创基金、产业基金等科技金融支持", "补齐科创基金、产业基金等科技金融支持"),
        ("企业研发投入不足", "加大企业研发投入力度"),
        ("难以引入高质量的科创项目", "着力引入高质量的科创项目"),
        ("不足", None),  # nothing named: no measure to write
        ("全年新增高新技术企业5家", None),
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
