"""The offline answerer picks the sentences that answer what is asked, measure by measure, in the report's own
characters."""

from __future__ import annotations

import pytest

from chains.extractive import ExtractiveAnswerer, content_terms
from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk
from vectorstore.ledger import chunk_figures
from vectorstore.scope import QueryScope, analyze

BUREAU = "神木市科学技术局"


def _context(*chunks: tuple[list[str], str]) -> list[ScoredChunk]:
    meta = DocumentMeta(bureau=BUREAU, years=[2023])
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    out = []
    for i, (path, text) in enumerate(chunks):
        chunk = Chunk(chunk_id=f"d:{i}", doc_id="d", index=i, text=text, section_path=path)
        chunk = chunk.model_copy(update={"figures": chunk_figures(chunk, meta)})
        out.append(ScoredChunk(chunk=chunk, document=doc, score=1.0 - i / 10))
    return out


def _ask(question: str, context: list[ScoredChunk]) -> tuple[list[str], list[str]]:
    found = ExtractiveAnswerer(lambda _term: 0.2).extract(question, analyze(question, [BUREAU]), context)
    return [p.sentence for p in found.picks], found.missing_subjects


PLAN = (
    ["四、2024年工作打算"],
    "一是力争全社会研发经费投入增长20%以上，研发投入强度提高到0.65%。"
    "二是新增国家高新技术企业10家以上，科技型中小企业评价入库80家以上。"
    "三是确保技术合同登记成交额达到6亿元。"
    "四是举办科技活动周等科普活动20场以上。",
)


def test_a_question_listing_three_measures_is_answered_for_each() -> None:
    picks, missing = _ask("神木市2024年打算提出的研发投入、高企和技术合同目标是什么？", _context(PLAN))
    text = "".join(picks)
    assert "20%" in text and "10家" in text and "6亿元" in text
    assert "20场" not in text
    assert missing == []


def test_a_listed_measure_the_sources_do_not_give_is_named_as_missing() -> None:
    plan = (PLAN[0], PLAN[1].replace("三是确保技术合同登记成交额达到6亿元。", ""))
    picks, missing = _ask("神木市2024年研发投入、高企和技术合同的目标是什么？", _context(plan))
    assert picks and missing == ["技术合同"]


def test_a_synonym_answers_like_the_name_asked() -> None:
    context = _context(
        (["二、主要工作"], "实施“高企精准培育”计划，全年申报国家高新技术企业196家，通过认定151家。"),
        (["一、主要指标"], "国家高新技术企业总数达到586家，全年净增47家。"),
    )
    picks, _ = _ask("神木市2023年高企总数是多少？", context)
    assert picks and "586家" in picks[0]


def test_a_part_of_an_indicator_is_not_the_indicator() -> None:
    context = _context(
        (["二、主要工作"], "引导企业购买科技成果，区内企业吸纳技术合同成交额5.6亿元。"),
        (["一、主要指标"], "登记技术合同成交额9.8亿元，同比增长31.2%，总量居榆林市各县区第2位。"),
    )
    picks, _ = _ask("神木市技术合同成交额多少？排名？", context)
    assert picks and "9.8亿元" in picks[0] and "第2位" in picks[0]


def test_a_part_of_an_indicator_beside_a_count_is_still_not_the_indicator() -> None:
    """The count beside it (登记技术合同6842项) does not make 吸纳…成交额 the whole; the figure measuring the
    indicator asked is what is judged."""
    context = _context(
        (["二、主要工作"], "登记技术合同6842项，其中吸纳技术合同成交额97.3亿元，同比增长63.8%。"),
        (["一、总体情况"], "技术合同成交额168.5亿元，较2022年的84.1亿元实现翻一番。"),
    )
    picks, _ = _ask("神木市2023年技术合同成交额是多少？", context)
    assert picks and "168.5亿元" in picks[0]


def test_a_theme_asked_is_answered_by_the_sentences_about_it() -> None:
    context = _context(
        (
            ["四、2024年工作打算"],
            "一是力争全年技术合同登记成交额达到6亿元。二是力争全年发明专利授权量达到260件，PCT申请12件。",
        )
    )
    picks, _ = _ask("神木市2024年在知识产权方面的目标是什么？", context)
    assert picks and "260件" in picks[0] and "6亿元" not in picks[0]


def test_a_traditional_report_is_matched_as_simplified_and_quoted_as_written() -> None:
    context = _context(
        (["一、主要工作成效"], "全年全市規上工業研發費用完成68.3億元，同比增長12.7%，總量列榆林市第2位。")
    )
    picks, _ = _ask("神木市2023年规上工业研发费用是多少？在榆林排第几？", context)
    assert picks == ["全年全市規上工業研發費用完成68.3億元，同比增長12.7%，總量列榆林市第2位。"]


RESULTS = (
    ["一、主要成效"],
    "全市规上企业研发费用支出18.2亿元，同比增长9.5%，占营业收入比重达到2.7%，比上年提高0.3个百分点。"
    "全年技术合同成交额达到12.6亿元，完成年度目标（10亿元）的126%。",
)


def test_the_askers_framing_words_are_not_what_is_asked() -> None:
    # 去年 / 前一年 / 没有 / 还是 frame the question; the report never uses them, and they must not weigh as if asked
    picks, _ = _ask("神木市研发费用占营收比重去年是多少，比前一年提高了多少？", _context(RESULTS))
    assert picks and "2.7%" in picks[0]
    picks, _ = _ask("神木市技术合同成交额多少，完成年度目标没有？", _context(RESULTS))
    assert picks and "12.6亿元" in picks[0]


def test_points_asked_are_a_change_not_a_count() -> None:
    picks, _ = _ask("神木市研发费用占营收比重提高了几个点？", _context(RESULTS))
    assert picks and "0.3个百分点" in picks[0]


def test_a_measure_named_after_its_subject_answers_by_its_full_name() -> None:
    # the report names the subject (技术合同) once and its measure (成交额) a clause later
    context = _context(
        (["一、主要指标"], "1-3月，全市技术合同认定登记215项，成交额4.36亿元，同比增长12.1%。"),
        (["二、下步打算"], "技术合同方面，加强技术经理人队伍建设。"),
    )
    picks, _ = _ask("神木市一季度技术合同成交额多少？", context)
    assert picks and "4.36亿元" in picks[0]


def test_a_head_noun_in_another_sentence_does_not_name_the_measure() -> None:
    from chains.extractive import named_apart

    assert named_apart("技术合同成交额", "技术合同登记215项，成交额4.36亿元")
    assert not named_apart("技术合同成交额", "技术合同登记215项。商品成交额4.36亿元")
    assert not named_apart(
        "技术合同成交额", "技术合同登记215项，企业数量稳步增长，新增孵化面积2万平方米，成交额4.36亿元"
    )


def test_a_count_at_another_stage_is_no_answer() -> None:
    context = _context(
        (["一、主要工作"], "今年组织申报高新技术企业64家，认定结果预计年底公布。"),
        (["一、主要工作"], "截至9月底，全市有效高新技术企业305家，较上年末净增12家。"),
    )
    picks, _ = _ask("神木市2023年新认定高新技术企业多少家？", context)
    assert picks == []  # 申报64家, 有效305家 and 净增12家 are other stages of the count
    picks, _ = _ask("神木市2023年申报高新技术企业多少家？", context)
    assert picks and "64家" in picks[0]


def test_a_growth_is_answered_only_by_the_growth_of_the_measure_asked() -> None:
    context = _context(
        (
            ["一、主要指标"],
            "1-9月，规上工业企业研发费用3.1亿元，同比增长7.2%。全市高新技术产业产值81.5亿元、增加值20.3亿元，"
            "其中增加值同比增长5.4%。",
        ),
    )
    picks, _ = _ask("神木市高新技术产业产值同比增长多少？", context)
    assert picks == []  # 7.2% is 研发费用's growth, 5.4% the 增加值's
    picks, _ = _ask("神木市高新技术产业增加值同比增长多少？", context)
    assert picks and "5.4%" in picks[-1]


def test_a_completion_rate_asked_by_its_word_is_answered_by_the_share_of_the_target() -> None:
    context = _context((["一、主要指标"], "全年认定登记技术合同成交额2.08亿元，完成年度目标（2亿元）的104.0%。"))
    question = "神木市技术合同完成率"
    rare = {"完成率": 0.01}  # a word the store seldom writes weighs most: its absence alone would refuse
    answerer = ExtractiveAnswerer(lambda term: rare.get(term, 0.3))
    found = answerer.extract(question, analyze(question, [BUREAU]), context)
    assert found.picks and "104.0%" in found.picks[0].sentence


def test_a_completion_rate_after_its_subject_s_figures_answers() -> None:
    context = _context((["一、主要指标"], "全市高新技术产业投资52.6亿元，同比增长8.1%，完成年度目标的104.2%。"))
    picks, _ = _ask("神木市高新技术产业投资完成了年度目标的多少？", context)
    assert picks and "104.2%" in picks[0]


@pytest.mark.parametrize(
    ("question", "bureaus", "unknown", "terms"),
    [
        # an indicator's name is read whole: the 中 of 科技型中小企业 is no framing word (…中提到)
        ("这个县1-10月科小完成率", [], [], ["科技型中小企业", "完成率"]),
        ("准格尔旗企业研发中心有几家", ["准格尔旗科学技术局"], [], ["企业研发中心"]),
        # the unit asked is how to read the figure, not a word its sentence must hold
        ("府谷县研发费用多少万元", ["府谷县科学技术局"], [], ["研发费用"]),
        ("府谷技术合同成交额折合多少亿元", ["府谷县科学技术局"], [], ["技术合同成交额"]),
        # a zone's place with its zone word, and an unknown place's short form, say where, not what
        ("两江新区高企多少家", ["两江新区科技创新发展局"], [], ["高企"]),
        ("府谷上半年技术合同成交额", [], ["府谷县"], ["技术合同成交额"]),
        ("神木市技术交易额为啥下降", [BUREAU], [], ["技术交易额", "下降"]),
        # R&D alone is an indicator asked, not two letters dropped
        ("吉阳R&D 1-8月", ["吉阳区科技和工业信息化局"], [], ["研发投入"]),
    ],
)
def test_content_terms_are_what_is_asked(
    question: str, bureaus: list[str], unknown: list[str], terms: list[str]
) -> None:
    assert content_terms(question, QueryScope(bureaus=bureaus, unknown_places=unknown)) == terms


@pytest.mark.parametrize(
    ("question", "chunks", "wanted", "unwanted"),
    [
        # an indicator asked by its name alone wants its figure, not the heading that names it
        (
            "神木市1-9月技术合同成交额",
            [(["一、主要指标"], "（一）技术合同成交额。1-9月，全市技术合同认定登记成交额56.8亿元，同比增长17.3%。")],
            ["56.8亿元"],
            [],
        ),
        # a qualifier inside the name (认定登记) still names the indicator; a part of it (吸纳) is not it
        (
            "神木市全年技术合同成交额",
            [
                (["三、存在问题"], "技术合同输出多、吸纳少，全年吸纳技术合同成交额4.2亿元，仅为输出额的三成。"),
                (["一、主要指标"], "全年技术合同认定登记成交额13.5亿元，同比增长25.1%。"),
            ],
            ["13.5亿元"],
            ["4.2亿元"],
        ),
        # a figure asked is quoted from the review, not from a problem that cites it
        (
            "神木市的研发投入情况",
            [
                (["三、存在问题"], "一是1-5月规上工业企业研发投入增速较上年同期回落3.2个百分点，企业投入意愿减弱。"),
                (["一、主要指标"], "1-5月，全市规上工业企业研发投入8.9亿元，同比增长9.6%。"),
            ],
            ["8.9亿元"],
            ["3.2个百分点"],
        ),
        # the rest of a statement, after ；, belongs to its figure; a piece about another indicator does not
        (
            "神木市高企多少家",
            [
                (
                    ["一、主要指标"],
                    "年末全市有效期内高新技术企业136家，比上年末净增15家；2023年末这一数字为108家。"
                    "全年新入库科技型中小企业142家；新认定技术先进型服务企业3家。",
                )
            ],
            ["136家", "108家"],
            ["142家"],
        ),
        (
            "神木市高企多少家",
            [(["一、主要指标"], "年末有效期内高新技术企业136家；新入库科技型中小企业142家，完成全年目标的78.9%。")],
            ["136家"],
            ["142家"],
        ),
        # a quote opening with 其中 is preceded by the sentence it breaks down
        (
            "神木市化工企业研发费用多少",
            [
                (
                    ["一、主要指标"],
                    "1-5月，全市规上工业企业研发费用2.47亿元，同比增长9.8%。其中化工企业研发费用1.63亿元，约占三分之二。",
                )
            ],
            ["2.47亿元", "1.63亿元"],
            [],
        ),
        # a sentence opening with 其中 breaks down the figure before it
        (
            "神木市技术交易额多少",
            [
                (
                    ["一、主要指标"],
                    "全年技术合同成交额8.35亿元，同比增长15.6%。其中吸纳省外技术合同成交额2.7亿元，占32.3%。",
                )
            ],
            ["8.35亿元", "2.7亿元"],
            [],
        ),
    ],
)
def test_the_quote_is_the_statement_of_the_figure_asked(
    question: str, chunks: list[tuple[list[str], str]], wanted: list[str], unwanted: list[str]
) -> None:
    picks, _ = _ask(question, _context(*chunks))
    text = "".join(picks)
    assert all(w in text for w in wanted), text
    assert not any(u in text for u in unwanted), text


@pytest.mark.parametrize(
    ("question", "text", "wanted"),
    [
        # a section heading on the line above an item's lead does not make the lead an answer: what follows it is
        (
            "神木市重点工作里平台建设做了啥",
            "二、重点工作推进情况\n\n一是抓平台建设。新建自治区级科技企业孵化器1家，全市市级以上研发平台达到41个。"
            "\n二是抓成果转化。登记技术合同120项。",
            ["1家", "41个"],
        ),
        (
            "神木市科技型企业小而散具体指什么",
            "二、存在问题\n\n1.科技型企业“小而散”。营业收入超过1亿元的科技型中小企业仅101家，占全部入库企业的4.7%。"
            "\n2.人才储备不足。",
            ["101家", "4.7%"],
        ),
    ],
)
def test_a_lead_under_a_heading_line_is_quoted_with_what_follows_it(
    question: str, text: str, wanted: list[str]
) -> None:
    picks, _ = _ask(question, _context(([text.split("\n", 1)[0]], text)))  # the chunk opens with its section's heading
    quoted = "".join(picks)
    assert all(w in quoted for w in wanted), quoted


@pytest.mark.parametrize(
    ("question", "chunks", "wanted"),
    [
        # the table row and the narrative state the same achieved figure: each holds what the other leaves out
        (
            "神木市上半年科小",
            [
                (
                    ["一、主要指标完成情况"],
                    "科技型中小企业入库年度目标400家，上半年完成212家，完成年度目标53.0%，序时进度50.0%。\n"
                    "技术合同成交额年度目标40亿元，上半年完成18.4亿元，完成年度目标46.0%。\n\n"
                    "- 科技型中小企业。 上半年新入库212家，完成年度目标的53.0%，超序时进度3.0个百分点，入库数居全市第1位。",
                )
            ],
            ["212家", "400家", "3.0个百分点", "第1位"],
        ),
        (
            "神木市技术合同成交额多少万元",
            [
                (["一、主要工作成效"], "（三）技术交易稳步增长。上半年技术合同成交额0.765亿元，同比增长25.0%。"),
                (
                    ["附件"],
                    "技术合同成交额年度目标18000万元，上半年完成7650万元，完成率42.5%，上年同期6120万元，排名第5位。",
                ),
            ],
            ["0.765亿元", "7650万元", "42.5%", "第5位"],
        ),
    ],
)
def test_a_figure_stated_twice_is_quoted_from_both_statements(
    question: str, chunks: list[tuple[list[str], str]], wanted: list[str]
) -> None:
    picks, _ = _ask(question, _context(*chunks))
    quoted = "".join(picks)
    assert all(w in quoted for w in wanted), quoted


def test_a_target_restated_in_the_plan_is_no_second_statement_of_a_result() -> None:
    picks, _ = _ask(
        "神木市上半年科小",
        _context(
            (["一、主要指标完成情况"], "科技型中小企业入库年度目标400家，上半年完成212家，完成年度目标53.0%。"),
            (
                ["四、下半年工作思路"],
                "1. 聚焦企业梯度培育。确保全年科技型中小企业入库400家，力争有效高企达到300家以上。",
            ),
        ),
    )
    assert "300家" not in "".join(picks)


@pytest.mark.parametrize(
    "question", ["神木市技术合同完成得怎么样", "神木市技术合同完成情况如何", "神木市技术合同进度如何"]
)
def test_how_far_a_measure_went_is_answered_by_its_figures_not_by_a_problem(question: str) -> None:
    picks, _ = _ask(
        question,
        _context(
            (["三、存在的问题"], "1. 技术合同成交额完成进度低于序时进度，大额合同储备不足。"),
            (
                ["一、主要指标完成情况"],
                "技术合同成交额年度目标40亿元，上半年完成18.4亿元，完成年度目标46.0%，序时进度50.0%。",
            ),
        ),
    )
    quoted = "".join(picks)
    assert "18.4亿元" in quoted and "46.0%" in quoted, quoted


def test_a_table_rows_label_gives_its_stage_to_every_figure_of_the_row() -> None:
    """高新技术企业申报…上半年完成28家 is a count of applications: no answer to how many were 认定."""
    picks, _ = _ask(
        "神木市上半年高企认定多少家",
        _context(
            (
                ["附件：主要指标完成情况表"],
                "高新技术企业申报年度目标35家，上半年完成28家，完成率80.0%，上年同期24家，排名第4位。",
            )
        ),
    )
    assert picks == []


def test_a_figure_of_another_indicator_in_the_sentence_does_not_answer_the_one_asked() -> None:
    """规上工业增加值 is named only as the base of 高新技术产业增加值's share: no figure there is its own."""
    context = _context(
        (["一、主要指标"], "1-5月，全市高新技术产业增加值98.4亿元，同比增长9.6%，占规上工业增加值比重63.8%。"),
    )
    picks, _ = _ask("神木市规上工业增加值增速", context)
    assert picks == []
    picks, _ = _ask("神木市高新技术产业增加值占比", context)
    assert picks and "63.8%" in picks[0]
