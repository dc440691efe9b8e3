"""Extraction and normalisation of figures: one row per case the engine must handle."""

from __future__ import annotations

import pytest

from scribe.figures import extract_dates, extract_figures
from scribe.models import FigureKind, FigureStatus, Modality


def _one(text: str, surface: str):
    hits = [f for f in extract_figures(text) if f.surface == surface]
    assert hits, f"{surface!r} not extracted from {text!r}: {[f.surface for f in extract_figures(text)]}"
    return hits[0]


# text, surface, value, unit, kind, qualifier, status
CASES = [
    (
        "规上工业研发费用完成6099.1万元,增速17.7%",
        "6099.1万元",
        60_991_000,
        "元",
        FigureKind.AMOUNT,
        None,
        FigureStatus.CLEAN,
    ),
    ("规上工业研发费用完成6099.1万元,增速17.7%", "17.7%", 17.7, "%", FigureKind.GROWTH, None, FigureStatus.CLEAN),
    ("高新技术产业投资额为1.55亿元", "1.55亿元", 155_000_000, "元", FigureKind.AMOUNT, None, FigureStatus.CLEAN),
    ("兑现科技经费2119.85万元", "2119.85万元", 21_198_500, "元", FigureKind.AMOUNT, None, FigureStatus.CLEAN),
    ("新增孵化空间0.31万平方米", "0.31万平方米", 3100, "平方米", FigureKind.AMOUNT, None, FigureStatus.CLEAN),
    (
        "温州科技市场组织推介活动74场,2.7万人参与活动",
        "2.7万人",
        27_000,
        "人",
        FigureKind.COUNT,
        None,
        FigureStatus.CLEAN,
    ),
    ("1.2万人参加", "1.2万人", 12_000, "人", FigureKind.COUNT, None, FigureStatus.CLEAN),
    ("组织盛泽机械、利华纸业等五家企业申报", "五家", 5, "家", FigureKind.COUNT, None, FigureStatus.CLEAN),
    ("党员队伍建设两个关键", "两个", 2, "个", FigureKind.COUNT, None, FigureStatus.CLEAN),
    ("前后深入企业十余次", "十余次", 10, "次", FigureKind.COUNT, "余", FigureStatus.CLEAN),
    ("共有二十三个项目", "二十三个", 23, "个", FigureKind.COUNT, None, FigureStatus.CLEAN),
    ("组织三家企业申报“火炬计划”", "三家", 3, "家", FigureKind.COUNT, None, FigureStatus.CLEAN),
    ("占营业收入比重1.84%,较去年同期提升0.4个百分点", "1.84%", 1.84, "%", FigureKind.SHARE, None, FigureStatus.CLEAN),
    (
        "占营业收入比重1.84%,较去年同期提升0.4个百分点",
        "0.4个百分点",
        0.4,
        "个百分点",
        FigureKind.CHANGE,
        None,
        FigureStatus.CLEAN,
    ),
    ("计划新增孵化企业10-20家", "10-20家", 10, "家", FigureKind.COUNT, None, FigureStatus.CLEAN),
    ("高新技术产业投资额增速33.5%,全市第7", "第7", 7, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("增速17.7%,预计全市前3", "前3", 3, "rank", FigureKind.RANK, "前", FigureStatus.CLEAN),
    ("规上工业研发投入强度全省第1", "第1", 1, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("温州国家高新区位次前移10位,列全国第80位", "第80位", 80, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("温州国家高新区位次前移10位,列全国第80位", "10位", 10, "位", FigureKind.CHANGE, None, FigureStatus.CLEAN),
    ("名列全市部门第一", "第一", 1, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("研发费用佔營業收入比重居紹興市第1位", "第1位", 1, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("在唐山市科技进步目标考核中排第二位", "第二位", 2, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("研发投入强度位居全省首位", "首位", 1, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("规上工业研发费用 21.36 18.4% 金华市第1", "第1", 1, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("增速全市第2占规上工业增加值比重54.63%", "第2", 2, "rank", FigureKind.RANK, None, FigureStatus.CLEAN),
    ("新增入孵企业17家,完成率34%", "34%", 34, "%", FigureKind.COMPLETION, None, FigureStatus.CLEAN),
    (
        "技术交易额完成14.6亿元，完成全年目标的58.4%",
        "58.4%",
        58.4,
        "%",
        FigureKind.COMPLETION,
        None,
        FigureStatus.CLEAN,
    ),
    (
        "新增孵化面积2.3万平方米，完成年度任务的57.5%",
        "57.5%",
        57.5,
        "%",
        FigureKind.COMPLETION,
        None,
        FigureStatus.CLEAN,
    ),
    ("建成2处山东省国际科技合作基地,占全市2/3", "2/3", 66.6667, "%", FigureKind.SHARE, None, FigureStatus.CLEAN),
    ("按1:1比例配套资金", "1:1", 1.0, "ratio", FigureKind.RATIO, None, FigureStatus.CLEAN),
    ("成功举办第三届创新创业大赛", "第三届", 3.0, "ordinal", FigureKind.ORDINAL, None, FigureStatus.CLEAN),
    ("兑现科技经费两千万元", "两千万元", 2e7, "元", FigureKind.AMOUNT, None, FigureStatus.CLEAN),
    ("全区技术合同成交额超68亿元", "68亿元", 6_800_000_000, "元", FigureKind.AMOUNT, "超", FigureStatus.CLEAN),
    ("贷款余额约736亿元", "736亿元", 73_600_000_000, "元", FigureKind.AMOUNT, "约", FigureStatus.CLEAN),
    ("接入停车场180多个", "180多个", 180, "个", FigureKind.COUNT, "多", FigureStatus.CLEAN),
    ("惠及企业800余家", "800余家", 800, "家", FigureKind.COUNT, "余", FigureStatus.CLEAN),
    ("引进人才20人以上", "20人", 20, "人", FigureKind.COUNT, "以上", FigureStatus.CLEAN),
    ("服务企业近30家", "30家", 30, "家", FigureKind.COUNT, "近", FigureStatus.CLEAN),
    ("用地需求约200亩左右", "200亩", 200, "亩", FigureKind.AMOUNT, "约", FigureStatus.CLEAN),
    ("全年开展不少于10场政策宣讲", "10场", 10, "场", FigureKind.COUNT, "不少于", FigureStatus.CLEAN),
    ("认定数量首次突破100家", "100家", 100, "家", FigureKind.COUNT, "突破", FigureStatus.CLEAN),
    ("总投资286.61 亿元", "286.61 亿元", 28_661_000_000, "元", FigureKind.AMOUNT, None, FigureStatus.CLEAN),
    ("新增企业１９家，占比５４．６３％", "１９家", 19, "家", FigureKind.COUNT, None, FigureStatus.CLEAN),
    ("新增企业１９家，占比５４．６３％", "５４．６３％", 54.63, "%", FigureKind.SHARE, None, FigureStatus.CLEAN),
    ("服务车次302万", "302万", 3_020_000, "", FigureKind.OTHER, None, FigureStatus.CLEAN),
    (
        "实现高新技术产业增加值6.19亿,累计增长11.4%",
        "6.19亿",
        619_000_000,
        "元",
        FigureKind.AMOUNT,
        None,
        FigureStatus.CLEAN,
    ),
    ("招聘技术经纪人12名", "12名", 12, "人", FigureKind.COUNT, None, FigureStatus.CLEAN),
    # OCR damage: never a clean value
    (
        "高新技术产业投资占固定资产投资比重达到10虬全年新增",
        "10虬",
        None,
        "%",
        FigureKind.SHARE,
        None,
        FigureStatus.UNREADABLE,
    ),
    ("贷款余额735.99亿元,较年初增长IL77%。", "IL77%", None, "%", FigureKind.GROWTH, None, FigureStatus.UNREADABLE),
    ("项目68个,总投资45L67亿元,属于", "45L67亿元", None, "元", FigureKind.AMOUNT, None, FigureStatus.UNREADABLE),
    ("全区技术合同成交额超68亿元,增长25机(二)", "25机", None, "%", FigureKind.GROWTH, None, FigureStatus.UNREADABLE),
    # placeholders left for the drafter
    ("新增第一批省科技型中小企业X家", "X家", None, "家", FigureKind.COUNT, None, FigureStatus.PLACEHOLDER),
    ("实现规上工业研发费增速X%", "X%", None, "%", FigureKind.GROWTH, None, FigureStatus.PLACEHOLDER),
    ("获XX万元融资", "XX万元", None, "元", FigureKind.AMOUNT, None, FigureStatus.PLACEHOLDER),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit", "kind", "qualifier", "status"), CASES)
def test_figure_normalised(text, surface, value, unit, kind, qualifier, status):
    fig = _one(text, surface)
    if value is None:
        assert fig.value is None
    else:
        assert fig.value == pytest.approx(value)
    assert (fig.unit, fig.kind, fig.qualifier, fig.status) == (unit, kind, qualifier, status)
    assert text[fig.start : fig.end] == surface


def test_range_has_high_bound():
    assert _one("计划新增孵化企业10-20家", "10-20家").value_high == 20


@pytest.mark.parametrize(
    ("surface", "decimals"), [("3.4亿元", 1), ("3.38亿元", 2), ("736亿元", 0), ("0.31万平方米", 2)]
)
def test_stated_precision(surface, decimals):
    assert _one(f"金额{surface}", surface).decimals == decimals


@pytest.mark.parametrize(
    ("text", "not_figures"),
    [
        ("2024年以来,区科技局深入实施", ["2024"]),
        ("计划6月底前进场施工", ["6"]),
        ("发布日期:2024-12-10 15:47:36", ["2024", "12", "10"]),
        ("1-5月,规上工业研发费用", ["1", "5"]),
        ("一是推进科技孵化器建设", ["一"]),
        ("1.平台建设扩面提质", ["1"]),
        ("(二)重点工作进展情况", ["二"]),
        ("第一完成单位", ["第一"]),
        ("全市第12批科技特派员", ["12批"]),  # the twelfth batch, not 12 of anything
        ("与杭州市第一医院共建", ["第一"]),
        ("深入实施“315”创新体系建设工程", ["315"]),
        ("推进315科技创新体系建设", ["315"]),
        ("贯彻落实温州十项重大工程部署", ["十项"]),
        ("成功引进1A类外国高端人才", ["1"]),
        ("实施“83456”计划,三大会战", ["83456", "三"]),
        ("持续推动百万人才聚温州", ["百万"]),
        ("市委十二届十次全会", ["十次"]),
        ("举办2023科技活动周", ["2023"]),
        ("以科技特派员20周年为契机", ["20"]),
    ],
)
def test_not_claims(text, not_figures):
    surfaces = [f.surface for f in extract_figures(text)]
    for token in not_figures:
        assert not any(s.startswith(token) or s == token for s in surfaces), surfaces


@pytest.mark.parametrize(
    ("text", "surface", "status"),
    [
        ("2024年以来", "2024年", FigureStatus.CLEAN),
        ("1-5月,规上", "1-5月", FigureStatus.CLEAN),
        ("计划6月底前进场", "6月底", FigureStatus.CLEAN),
        ("科技局20XX年工作总结", "20XX年", FigureStatus.PLACEHOLDER),
        ("二、2O22年重点工作", "2O22年", FigureStatus.UNREADABLE),
    ],
)
def test_dates_are_separate(text, surface, status):
    dates = {d.surface: d.status for d in extract_dates(text)}
    assert dates.get(surface) == status
    assert all(not f.surface.startswith(surface[:4]) for f in extract_figures(text))


@pytest.mark.parametrize(
    ("text", "surface", "modality", "estimated"),
    [
        ("力争实现年度规上工业企业研发经费投入增速达18%以上", "18%", Modality.TARGET, False),
        ("2023年目标是新增国家高新技术企业20家以上", "20家", Modality.TARGET, False),
        ("确保全年新增高新技术企业5家以上", "5家", Modality.TARGET, False),
        ("新增科技型中小企业19家,完成率190%", "19家", Modality.ACHIEVED, False),
        ("增速17.7%,预计全市前3", "前3", Modality.ACHIEVED, True),
        ("预计全年生命健康产业实现总营收980亿元", "980亿元", Modality.TARGET, False),
    ],
)
def test_modality(text, surface, modality, estimated):
    fig = _one(text, surface)
    assert (fig.modality, fig.estimated) == (modality, estimated)


def test_section_heading_makes_plan_figures_targets():
    text = "一、上半年工作情况\n新增入孵企业17家。\n三、下步工作思路\n新增入孵企业50家,创成省级众创空间。"
    figs = {f.surface: f.modality for f in extract_figures(text)}
    assert figs == {"17家": Modality.ACHIEVED, "50家": Modality.TARGET}


@pytest.mark.parametrize(
    ("text", "surface", "metric"),
    [
        ("1-5月,规上工业研发费用完成6099.1万元,增速17.7%,预计全市前3。", "6099.1万元", "规上工业研发费用"),
        ("1-5月,规上工业研发费用完成6099.1万元,增速17.7%,预计全市前3。", "17.7%", "规上工业研发费用"),
        ("规上工业研发费用占营业收入比重1.84%,较去年同期提升0.4个百分点", "1.84%", "规上工业研发费用占营业收入比重"),
        (
            "规上工业研发费用占营业收入比重1.84%,较去年同期提升0.4个百分点",
            "0.4个百分点",
            "规上工业研发费用占营业收入比重",
        ),
        ("高新技术产业投资额为1.55亿元,增速33.5%", "1.55亿元", "高新技术产业投资额"),
        ("新增科技型中小企业19家", "19家", "科技型中小企业"),
        ("孵化器23家(国家级4家)", "4家", "国家级孵化器"),
    ],
)
def test_metric(text, surface, metric):
    assert _one(text, surface).metric == metric


@pytest.mark.parametrize(
    ("text", "surface", "period", "area", "basis"),
    [
        ("1-5月,规上工业研发费用完成6099.1万元", "6099.1万元", "1-5月", None, None),
        ("2023年力争规模以上工业企业技术开发费达11.9亿元以上", "11.9亿元", "2023年", None, None),
        ("截至目前,全区拥有省科技型中小企业112家", "112家", None, "全区", "stock"),
        ("上半年新增科技型中小企业19家", "19家", "上半年", None, "flow"),
    ],
)
def test_period_area_basis(text, surface, period, area, basis):
    fig = _one(text, surface)
    assert (fig.period, fig.area, fig.basis) == (period, area, basis)


def test_default_period_and_area():
    fig = _one("新增企业19家", "19家")
    assert fig.period is None
    fig = extract_figures("新增企业19家", default_period="2024年上半年", default_area="全区")[0]
    assert fig.area == "全区"
    assert fig.period is not None and fig.period.startswith("2024年")


def test_sentence_is_attached():
    text = "第一句没有数字。高新技术产业投资额为1.55亿元,增速33.5%。"
    fig = _one(text, "1.55亿元")
    assert fig.sentence == "高新技术产业投资额为1.55亿元,增速33.5%。"


@pytest.mark.parametrize("text", ["入选全省第三批创新型县", "全市第12批科技特派员", "全市第5次科技大会"])
def test_a_series_ordinal_after_an_area_is_no_rank(text):
    assert all(f.kind is not FigureKind.RANK for f in extract_figures(text))


@pytest.mark.parametrize(
    "text",
    [
        "技术合同成交额2.6亿元，完成全年目标（4亿元）的65%",  # the target bracketed between
        "评价入库科技型中小企业210家，完成省下达目标（200家）的105%",
        "专利授权量完成年度目标300件的41.2%",
    ],
)
def test_a_share_of_the_target_is_its_completion(text: str) -> None:
    last = extract_figures(text)[-1]
    assert last.kind is FigureKind.COMPLETION and last.modality is Modality.ACHIEVED
