"""Issue #18 round 7 (session 12): general rules found on devset5's false alarms and misses, one table per rule,
written with our own sentences (no place, figure or wording of a devset5 report)."""

from __future__ import annotations

import pytest

from scribe.figures import SourceText, claim_verdict, verify
from scribe.figures.extract import extract_figures
from scribe.lexicon.headings import SectionRole, bare_heading_role, weak_plan_before_plan
from scribe.lexicon.hedges import target_named_before_gap
from scribe.lexicon.places import Place, full_name, place_mentions
from scribe.models import Modality

HILL = SourceText(
    source_id="h",
    bureau="岚山县科技局",
    period="2025年前三季度",
    text=(
        "岚山县科技局2025年前三季度工作情况\n"
        "一、主要指标\n前三季度技术合同成交额4.6亿元，同比增长12.5%。\n"
        "二、重点工作\n新获批省级工程技术研究中心3家；入选省级人才计划5人，其中青年拔尖人才2人。\n"
        "三、第四季度工作打算\n确保全年新获批省级工程技术研究中心5家。\n"
    ),
)
ANNUAL = SourceText(
    source_id="a",
    bureau="岚山县科技局",
    period="2025年全年",
    text=(
        "岚山县科技局2025年工作总结及2026年工作思路\n"
        "2025年主要成效\n全年技术合同成交额9.2亿元，同比增长18.4%。\n"
        "存在的问题\n吸纳技术合同成交额仅为输出额的两成左右。\n"
        "2026年工作思路\n力争技术合同成交额达到11亿元以上，规上工业企业研发费用增长10%以上。\n"
    ),
)
PLAN = SourceText(
    source_id="p",
    bureau="岚山县科技局",
    period="2025年一季度",
    text="岚山县科技局2025年一季度工作情况\n一、下步打算\n确保第二批高新技术企业申报不少于40家。\n",
)


def _label(text: str, source: SourceText, section_path: tuple[str, ...] = ()) -> str:
    return claim_verdict(verify(text, [source], section_path=section_path), text, [source]).label


# -- 二、重点工作 before 三、…工作打算 reviews the key tasks: its figures are results, not targets ----------------------
@pytest.mark.parametrize(
    ("title", "later", "expected"),
    [
        ("重点工作", ["第四季度工作打算"], True),
        ("重点工作", ["存在问题"], False),  # no plan after it: 重点工作 may be the plan
        ("下步工作打算", ["保障措施"], False),  # a plan by a strong word stays a plan
        ("主要工作成效", ["下半年工作计划"], False),
    ],
)
def test_weak_plan_heading_before_a_plan(title: str, later: list[str], expected: bool) -> None:
    assert weak_plan_before_plan(title, later) is expected


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县入选省级人才计划5人，其中青年拔尖人才2人。", "supported"),
        ("岚山县前三季度新获批省级工程技术研究中心3家。", "supported"),
        ("岚山县力争全年新获批省级工程技术研究中心5家。", "supported"),
    ],
)
def test_results_under_a_key_tasks_heading(claim: str, label: str) -> None:
    assert _label(claim, HILL) == label


# -- a heading on its own line without a marker (Word headings): 2026年工作思路 dates the plan's targets -----------------
@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("2026年工作思路", SectionRole.PLAN),
        ("存在的问题", SectionRole.PROBLEMS),
        ("2025年主要成效", SectionRole.REVIEW),
        ("核心指标实现新突破", None),  # no role word: not a heading we can read
        ("1.完成情况", None),  # an item, not a heading
        ("完成9.2亿元", None),  # a figure: body text
    ],
)
def test_bare_heading_role(line: str, role: SectionRole | None) -> None:
    assert bare_heading_role(line) is role


@pytest.mark.parametrize(
    ("claim", "section_path", "label"),
    [
        ("岚山县2026年力争技术合同成交额达到11亿元以上。", (), "supported"),
        ("力争规上工业企业研发费用增长10%以上。", ("2026年工作思路",), "supported"),
        ("岚山县2025年技术合同成交额9.2亿元。", (), "supported"),
    ],
)
def test_targets_under_a_bare_plan_heading_take_its_year(claim: str, section_path: tuple[str, ...], label: str) -> None:
    assert _label(claim, ANNUAL, section_path) == label


# -- 计划…不少于 / 不低于 restates a target ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("claim", "modality"),
    [
        ("岚山县计划第二批高新技术企业申报不少于40家。", Modality.TARGET),
        ("岚山县计划二季度入库企业不低于30家。", Modality.TARGET),
        ("岚山县科技计划项目立项12项。", Modality.ACHIEVED),
    ],
)
def test_plan_word_before_a_floor_is_a_target(claim: str, modality: Modality) -> None:
    assert extract_figures(claim)[-1].modality is modality


def test_planned_floor_restates_the_target() -> None:
    assert _label("岚山县计划第二批高新技术企业申报不少于40家。", PLAN) == "supported"


# -- 后三个季度 / 3个工作日 is a span of time, not a figure ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("要完成全年目标，后三个季度还需完成5.2亿元。", ["5.2亿元"]),
        ("审核在3个工作日内办结，受理申请12项。", ["12项"]),
        ("新建研发平台三个。", ["三个"]),  # a count of platforms stays a figure
    ],
)
def test_a_count_of_periods_is_not_a_figure(text: str, surfaces: list[str]) -> None:
    assert [f.surface for f in extract_figures(text)] == surfaces


# -- an annex after the plan is a part of its own: 附件：…完成情况表 holds results -------------------------------------
TABLE = SourceText(
    source_id="t",
    bureau="岚山县科技局",
    period="2025年一季度",
    text=(
        "岚山县科技局2025年一季度工作情况\n一、二季度工作安排\n力争上半年入库企业达到60家。\n\n"
        "附件：岚山县2025年一季度主要指标完成情况表\n\n"
        "科技型中小企业入库单位家，全年目标120，一季度完成33，完成率27.5%，全市排名第4位。\n"
        "规上工业企业研发费用（1-2月）单位亿元，一季度完成0.72，全市排名第6位。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县一季度科技型中小企业入库33家，完成全年120家目标的27.5%。", "supported"),
        ("岚山县1-2月规上工业企业研发费用0.72亿元。", "supported"),
        ("岚山县一季度规上工业企业研发费用0.72亿元。", "unsupported"),  # the row's own 1-2月, not the column's
    ],
)
def test_annex_table_rows(claim: str, label: str) -> None:
    assert _label(claim, TABLE) == label


def test_annex_figures_are_results() -> None:
    figs = extract_figures(TABLE.text, default_period=TABLE.period)
    assert next(f for f in figs if f.surface == "33").modality is Modality.ACHIEVED


# -- what is left to a named target (还需 / 还差) is measured in the target's metric ---------------------------------
GOALS = SourceText(
    source_id="g",
    bureau="岚山县科技局",
    period="2025年一季度",
    text=(
        "岚山县科技局2025年一季度工作情况\n一、主要指标\n"
        "一季度技术合同成交额2.35亿元，完成全年9亿元任务的26.1%。截至3月底，有效期内高新技术企业58家。\n"
        "二、下步打算\n力争年末有效期内高新技术企业达到70家。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县要完成全年技术合同成交额任务，后三个季度还需完成6.65亿元。", "supported"),
        ("岚山县一季度技术合同成交额距全年9亿元任务还差6.65亿元。", "supported"),
        ("该县要实现年末70家高新技术企业的目标，还需净增12家。", "supported"),
        ("岚山县要完成全年技术合同成交额任务，后三个季度还需完成7.65亿元。", "unsupported"),
    ],
)
def test_gap_to_a_named_target(claim: str, label: str) -> None:
    assert _label(claim, GOALS) == label


@pytest.mark.parametrize(
    ("text", "surface", "modality"),
    [
        ("技术合同成交额2.35亿元，完成全年9亿元任务的26.1%。", "9亿元", Modality.TARGET),
        ("全年完成5项任务。", "5项", Modality.ACHIEVED),  # a count of tasks, not a target's value
    ],
)
def test_year_task_value_is_a_target(text: str, surface: str, modality: Modality) -> None:
    assert next(f for f in extract_figures(text) if f.surface == surface).modality is modality


@pytest.mark.parametrize(
    ("before", "named"),
    [
        ("要完成全年技术合同登记成交额目标，后三个季度", "全年技术合同登记成交额"),
        ("该县要实现年末50家高新技术企业的目标，", "年末高新技术企业"),
        ("新增企业12家，", None),
    ],
)
def test_target_named_before_gap(before: str, named: str | None) -> None:
    assert target_named_before_gap(before) == named


# -- a table row's 上年同期 cell stays last year's under the row's bracketed months ----------------------------------
ROWS = SourceText(
    source_id="rows",
    bureau="岚山县科技局",
    period="2025年前三季度",
    text=(
        "岚山县科技局2025年前三季度工作情况\n一、主要指标\n"
        "规上工业企业研发费用（1—8月）单位亿元，1—9月完成6.42，上年同期5.37。\n"
        "上半年全县登记技术合同成交额2.88亿元，同比增长1.4倍，上年同期为1.20亿元。\n"
        "2025年末全县高新技术企业96家，比2024年末净增14家；2023年末这一数字为70家，两年累计增加26家。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县1-8月规上工业企业研发费用比上年同期增加1.05亿元。", "supported"),  # 6.42 − 5.37
        ("岚山县上半年技术合同成交额同比增长1.4倍。", "supported"),
        ("岚山县上半年技术合同成交额比上年同期增加1.68亿元。", "supported"),  # 2.88 − 1.20
        ("岚山县2025年末高新技术企业比2023年末增加26家，两年增长约37.1%。", "supported"),  # 96 − 70; 96 ÷ 70 − 1
        ("岚山县2025年末高新技术企业比2023年末增加36家。", "unsupported"),
    ],
)
def test_rows_growth_multiples_and_back_references(claim: str, label: str) -> None:
    assert _label(claim, ROWS) == label


@pytest.mark.parametrize(
    ("surface", "metric"),
    [("70家", "高新技术企业"), ("26家", "高新技术企业"), ("1.4倍", "登记技术合同成交额")],
)
def test_back_reference_and_multiple_take_the_named_metric(surface: str, metric: str) -> None:
    figs = extract_figures(ROWS.text, default_period=ROWS.period)
    assert next(f for f in figs if f.surface == surface).metric == metric


# -- shares in words: 九成 is 88-92%, a named share takes its named part and whole, and a part is of its whole's year
SHARES = SourceText(
    source_id="s",
    bureau="岚山县科技局",
    period="2025年全年",
    text=(
        "岚山县科技局2025年工作总结\n一、主要成效\n"
        "技术合同成交额单位亿元，全年目标8，全年完成6.95，完成进度86.9%。\n"
        "全年争取省级以上科技资金2.40亿元，其中国家级资金0.52亿元、省级资金1.88亿元；安排县本级资金1600万元。\n"
        "全年登记技术合同成交额6.95亿元，其中技术开发合同3.91亿元、技术服务合同2.12亿元。\n"
        "2025年末全县高新技术企业96家；2023年末这一数字为70家。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县2025年技术合同成交额完成全年目标的九成。", "unsupported"),  # 86.9% is 近九成
        ("岚山县2025年技术合同成交额完成全年目标的近九成。", "supported"),
        ("岚山县2025年争取的国家级资金占省级以上科技资金的三成以上。", "unsupported"),  # 0.52 ÷ 2.40 = 21.7%
        ("岚山县2025年争取的国家级资金约占省级以上科技资金的21.7%。", "supported"),
        ("岚山县2025年技术合同成交额中技术开发合同过半。", "supported"),  # 3.91 ÷ 6.95 = 56.3%
        ("岚山县2025年技术合同成交额中技术服务合同过半。", "unsupported"),  # 2.12 ÷ 6.95 = 30.5%
    ],
)
def test_shares_in_words_and_named_shares(claim: str, label: str) -> None:
    assert _label(claim, SHARES) == label


def test_a_part_and_its_whole_are_of_one_year() -> None:
    from scribe.figures.derive import find_ratio

    figs = extract_figures(SHARES.text, default_period=SHARES.period)
    claim = extract_figures("岚山县高新技术企业超过七成集中在城区。")[-1]  # 70 ÷ 96 = 72.9%, but 70 is 2023's
    assert find_ratio(claim, [f for f in figs if f.unit == "家"]) is None


# -- an autonomous prefecture by its short name (海西州 / 大理州) is a place: a county's figure is not the prefecture's
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("海西州上半年技术合同成交额", Place("海西", "州")),
        ("大理州规上工业增加值", Place("大理", "州")),
        ("恩施州高新技术企业", Place("恩施", "州")),
    ],
)
def test_prefecture_short_names(text: str, place: Place) -> None:
    assert place_mentions(text) == [place]


def test_full_name_ignores_short_forms() -> None:
    assert full_name(Place("海西", "州")) == "海西蒙古族藏族自治州"


COUNTY = SourceText(
    source_id="c",
    bureau="宾川县科技局",
    period="2025年上半年",
    text="宾川县科技局2025年上半年工作总结\n1-6月，全县规上工业增加值同比增长6.2%，居大理州第4位。\n",
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [("宾川县上半年规上工业增加值增长6.2%。", "supported"), ("大理州上半年规上工业增加值增长6.2%。", "unsupported")],
)
def test_a_countys_figure_is_not_its_prefectures(claim: str, label: str) -> None:
    assert _label(claim, COUNTY) == label


# -- signs and multiples ----------------------------------------------------------------------------------
TIMES = SourceText(
    source_id="x",
    bureau="岚山县科技局",
    period="2025年全年",
    text=(
        "岚山县科技局2025年工作总结\n一、主要成效\n"
        "全年规上工业总产值81.6亿元，同比下降2.7%。\n"
        "全年技术合同成交额38.4亿元，较2024年的16.5亿元增长1.3倍。\n"
        "今年组织两批高企申报共45家，其中第一批30家、第二批15家。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县2025年规上工业总产值81.6亿元，同比增长-2.7%。", "supported"),
        ("岚山县2025年规上工业总产值同比增长2.7%。", "unsupported"),
        ("岚山县2025年技术合同成交额是2024年的2.3倍。", "supported"),  # 增长1.3倍; 38.4 ÷ 16.5 = 2.33
        ("岚山县2025年技术合同成交额是2024年的3.3倍。", "unsupported"),
        ("岚山县第一批高企申报数是第二批的2倍。", "supported"),
        ("岚山县第二批高企申报数是第一批的2倍。", "unsupported"),
    ],
)
def test_signs_doublings_and_multiples(claim: str, label: str) -> None:
    assert _label(claim, TIMES) == label


@pytest.mark.parametrize(("text", "value"), [("同比增长-3.4%", -3.4), ("同比增长3.4%", 3.4), ("占比3-5%", None)])
def test_a_minus_sign_before_a_rate(text: str, value: float | None) -> None:
    figs = extract_figures(text)
    if value is None:
        assert all((f.value or 0) >= 0 for f in figs)
    else:
        assert figs[-1].value == value


# -- a total after a 其中 list is the list head's; a share of a whole named in the clause before ---------------------
PARTS = SourceText(
    source_id="parts",
    bureau="岚山县科技局",
    period="2025年上半年",
    text=(
        "岚山县科技局2025年上半年工作总结\n一、主要成效\n"
        "上半年新增市级以上创新平台8个，其中市级重点实验室5个、市级工程技术研究中心3个，累计达到64个。\n"
        "上半年累计兑现科技奖补资金2.20亿元，其中一季度1.32亿元、二季度0.88亿元。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县市级以上创新平台累计达到64个。", "supported"),
        ("岚山县市级工程技术研究中心累计达到64个。", "unsupported"),
        ("岚山县上半年兑现的科技奖补资金中，二季度占40%。", "supported"),  # 0.88 ÷ 2.20
        ("岚山县上半年兑现的科技奖补资金中，二季度约占45%。", "unsupported"),
    ],
)
def test_totals_after_lists_and_shares_of_a_named_whole(claim: str, label: str) -> None:
    assert _label(claim, PARTS) == label


# -- a 其中 sentence splits the previous sentence's figures: it keeps their period -----------------------------------
SPLIT = SourceText(
    source_id="split",
    bureau="岚山县科技局",
    period="2025年上半年",
    text=(
        "岚山县科技局2025年上半年工作总结\n（二）企业研发投入。1-5月，全县规上工业企业研发费用3.12亿元，同比增长8.4%。"
        "其中装备制造企业研发费用1.05亿元，同比增长21.6%。\n"
    ),
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("岚山县1-5月装备制造企业研发费用同比增长21.6%。", "supported"),
        ("岚山县1-5月装备制造企业研发费用同比增长8.4%。", "unsupported"),
    ],
)
def test_a_split_sentence_keeps_the_period(claim: str, label: str) -> None:
    assert _label(claim, SPLIT) == label
