"""The period a question asks about, as the offline answer filters by it."""

from __future__ import annotations

import pytest

from chains.qa import asked_period
from vectorstore.retrieval import Filters
from vectorstore.scope import analyze

BUREAU = "神木市科学技术局"


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("神木市2023年新认定高企多少家", "2023年"),
        ("神木市有效高企比2022年末增加了多少家", None),  # 2022 is the base of the change, not the year asked
        ("神木市2023年比2022年增加多少家", "2023年"),
        ("神木市专利授权完成全年目标的多少", None),  # 全年 names the target
        ("神木市一季度专利授权多少件", "一季度"),
        ("神木市2023年上半年（1-6月）专利授权多少件", "2023年1-6月"),  # one span named twice: the months hold
        ("神木市上半年（1-5月）专利授权多少件", None),  # two spans: none asked
    ],
)
def test_asked_period(question: str, period: str | None) -> None:
    assert asked_period(analyze(question, [BUREAU]), Filters(), question) == period


def test_a_figure_is_of_the_period_leading_its_own_clause() -> None:
    from chains.qa import _span_periods
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

    meta = DocumentMeta(bureau=BUREAU, years=[2023], period="1-10月")
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    text = "据统计部门反馈，1-9月全市技术合同成交额1.2亿元，同比增长8%。"
    scored = ScoredChunk(chunk=Chunk(chunk_id="d:0", doc_id="d", index=0, text=text), document=doc, score=1.0)
    assert _span_periods(text, scored) == ["2023年1-9月"]  # not the report's 1-10月


def _scored(text: str, period: str | None) -> object:
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

    meta = DocumentMeta(bureau=BUREAU, years=[2023], period=period)
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    return ScoredChunk(chunk=Chunk(chunk_id="d:0", doc_id="d", index=0, text=text), document=doc, score=1.0)


def test_months_a_sentence_writes_out_are_its_own_in_a_report_that_names_them_beside_its_span() -> None:
    from chains.qa import _span_periods

    text = "1—9月，全市技术合同成交额1.2亿元。"
    assert _span_periods(text, _scored(text, "1-10月（1-9月）")) == ["2023年1-9月"]  # type: ignore[arg-type]
    worded = "上半年，全市技术合同成交额1.2亿元。"
    assert _span_periods(worded, _scored(worded, "上半年（1-5月）")) == ["2023年上半年（1-5月）"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("全县专利授权量1-4月完成86件", True),
        ("1-4月，全县专利授权量86件", True),
        ("1-5月，全县专利授权量86件", False),
        ("全县专利授权量86件", False),  # no months of its own: the report's, not held against it
    ],
)
def test_other_months_are_the_text_s_own(text: str, other: bool) -> None:
    from chains.qa import _other_months

    assert _other_months("1-5月", text) is other


def test_the_answering_sentence_of_a_two_row_quote_is_the_asked_row() -> None:
    from chains.qa import _answering_sentence

    quote = "专利授权量1-5月完成86件。发明专利授权量（件，1-4月）1-5月完成12。"
    assert _answering_sentence(quote, ["发明专利", "授权量"]).startswith("发明专利授权量")


def test_a_piece_after_a_semicolon_keeps_the_period_its_sentence_opens_with() -> None:
    from chains.qa import _span_periods

    text = "一、总体情况\n2021年全县研发经费投入3.2亿元，同比增长6%；研发投入强度为1.1%，较上年提高0.1个百分点。"
    piece = "研发投入强度为1.1%，较上年提高0.1个百分点。"
    assert _span_periods(piece, _scored(text, "全年")) == ["2021年"]  # type: ignore[arg-type]
    alone = "全县研发经费投入3.2亿元；研发投入强度为1.1%。"
    assert _span_periods("研发投入强度为1.1%。", _scored(alone, "全年")) == ["2023年全年"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "terms", "masked"),
    [
        # the clause asked about holds only a masked figure: no answer (was: X家 quoted as the answer)
        ("全年新认定国家级专精特新“小巨人”企业X家，省级专精特新中小企业9家。", ["小巨人"], "X家"),
        ("力争新增国家级创新平台X家，新增省级孵化载体3-5家。", ["国家级创新平台"], "X家"),
        # the asked clause states its figure; a masked one elsewhere does not matter
        ("全年新认定国家级专精特新“小巨人”企业X家，省级专精特新中小企业9家。", ["省级专精特新"], None),
        ("全年新认定高新技术企业21家，占比xx%。", ["高新技术企业"], None),
    ],
)
def test_a_masked_figure_answers_nothing(text: str, terms: list[str], masked: str | None) -> None:
    from chains.qa import _masked_answer
    from scribe.figures import extract_figures
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

    meta = DocumentMeta(bureau=BUREAU, years=[2025], period="全年")
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    chunk = Chunk(chunk_id="d:0", doc_id="d", index=0, text=text, figures=extract_figures(text))
    assert _masked_answer(text, ScoredChunk(chunk=chunk, document=doc, score=1.0), terms) == masked


def test_a_sentence_opening_with_qizhong_is_of_the_period_of_the_one_it_goes_on_with() -> None:
    from chains.qa import _span_periods

    text = "1-5月，全市规上工业企业研发费用3.1亿元，同比增长6%。其中化工企业研发费用1.2亿元，约占四成。"
    piece = "其中化工企业研发费用1.2亿元，约占四成。"
    # was: the report's 上半年（1-6月）, and 1-5月 asked was refused
    assert _span_periods(piece, _scored(text, "上半年（1-6月）")) == ["2023年1-5月"]  # type: ignore[arg-type]
    alone = "化工企业研发费用1.2亿元。"
    assert _span_periods(alone, _scored("1-5月，全市研发费用3.1亿元。" + alone, "上半年（1-6月）")) == [  # type: ignore[arg-type]
        "2023年上半年（1-6月）"
    ]


@pytest.mark.parametrize(
    ("text", "path", "target"),
    [
        ("力争全年技术合同成交额达到6亿元。", [], True),
        ("新增国家级创新平台X家。", [], True),  # a target left to be filled is one
        ("一季度完成0.86亿元，全市排名第5位。", ["一、主要指标完成情况"], False),  # was: quoted for 全年目标是多少
        ("组织企业开展对接活动。", [], True),  # no figure: unknown is not "no"
    ],
)
def test_only_a_stated_target_answers_a_target_asked(text: str, path: list[str], target: bool) -> None:
    from chains.qa import _states_target
    from scribe.figures import extract_figures
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

    meta = DocumentMeta(bureau=BUREAU, years=[2025], period="一季度")
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    chunk = Chunk(chunk_id="d:0", doc_id="d", index=0, text=text, figures=extract_figures(text, section_path=path))
    assert _states_target(text, ScoredChunk(chunk=chunk, document=doc, score=1.0)) is target


@pytest.mark.parametrize(
    ("question", "periods"),
    [
        ("神木市一季度和上半年科小各入库多少", ["一季度", "上半年"]),
        ("神木市2025年技术合同成交额前三季度和全年各多少", ["2025年前三季度", "2025年全年"]),
        ("神木市研发费用增速1-5月和1-8月", ["1-5月", "1-8月"]),
        ("神木市上半年科小入库多少", []),  # one period
        ("神木市上半年（1-5月）专利授权多少件", []),  # one period glossed by its months
    ],
)
def test_asked_periods(question: str, periods: list[str]) -> None:
    from chains.qa import asked_periods

    assert asked_periods(analyze(question, [BUREAU]), Filters(), question) == periods


def test_each_period_asked_side_by_side_is_answered_from_its_own_figure() -> None:
    from chains.extractive import ExtractiveAnswerer
    from chains.qa import QAChain
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk
    from vectorstore.ledger import chunk_figures

    def scored(doc_id: str, period: str, text: str) -> ScoredChunk:
        meta = DocumentMeta(bureau=BUREAU, years=[2025], period=period)
        doc = Document(
            doc_id=doc_id, source_path=f"/x/{doc_id}.txt", file_name=f"{doc_id}.txt", content_hash=doc_id, meta=meta
        )
        chunk = Chunk(chunk_id=f"{doc_id}:0", doc_id=doc_id, index=0, text=text, section_path=["一、主要指标"])
        return ScoredChunk(
            chunk=chunk.model_copy(update={"figures": chunk_figures(chunk, meta)}), document=doc, score=1.0
        )

    chunks = [
        scored("h1", "上半年", "上半年新入库科技型中小企业38家，完成全年目标（60家）的63.3%。"),
        scored("q1", "一季度", "一季度新入库科技型中小企业19家，完成全年目标（60家）的31.7%。"),
    ]
    chain = QAChain.__new__(QAChain)
    chain.answerer = ExtractiveAnswerer(lambda _term: 0.2)
    question = "神木市科小一季度和上半年各入库多少"
    scope = analyze(question, [BUREAU])
    found = chain._per_period(question, scope, chunks, ["一季度", "上半年"])
    assert found is not None
    assert [p.sentence[:2] for p in found.picks] == ["一季", "上半"]


def test_a_breakdown_sentence_is_of_the_period_of_the_sentence_it_breaks_down() -> None:
    from chains.qa import _span_periods

    text = "1-5月，全市规上工业企业研发费用2.47亿元，同比增长9.8%。其中化工企业研发费用1.63亿元，约占三分之二。"
    piece = "其中化工企业研发费用1.63亿元，约占三分之二。"
    assert _span_periods(piece, _scored(text, "上半年（1-6月）")) == ["2023年1-5月"]  # type: ignore[arg-type]


def test_a_quote_of_two_sentences_is_checked_sentence_by_sentence() -> None:
    """The months leading a quote's first sentence are not its 其中 sentence's, which its source dates by its report:
    the verbatim quote is not contradicted."""
    from chains.qa import QAChain, QARequest, _Quoted, _State
    from chains.sources import source_text
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk
    from vectorstore.ledger import chunk_figures
    from vectorstore.retrieval import RetrievalResult
    from vectorstore.scope import QueryScope

    body = (
        "（二）研发投入。1-5月，全市规上工业企业研发费用6.82亿元，同比增长18.6%。其中排名前10位的企业合计投入4.71亿元。"
    )
    meta = DocumentMeta(bureau=BUREAU, years=[2025], period="上半年（1-6月）")
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    chunk = Chunk(chunk_id="d:0", doc_id="d", index=0, text=body, section_path=["一、上半年主要指标完成情况"])
    chunk = chunk.model_copy(update={"figures": chunk_figures(chunk, meta)})
    scored = ScoredChunk(chunk=chunk, document=doc, score=1.0)
    quote = body[8:].rstrip("。")
    state = _State(request=QARequest(question="神木市上半年研发费用多少"), started=0.0, text="据…：" + quote)
    state.retrieval = RetrievalResult(question="q", scope=QueryScope(bureaus=[BUREAU]), chunks=[scored])
    sources = [source_text(chunk, doc)]
    state.quoted = [_Quoted(offset=4, text=quote, section_path=chunk.section_path, sources=sources, bureau=BUREAU)]
    chain = QAChain.__new__(QAChain)
    chain.llm = None
    verdicts = chain._verify(state).verdicts
    assert verdicts and not [v.figure.surface for v in verdicts if v.label.value == "contradicted"]


@pytest.mark.parametrize(
    ("question", "text", "given"),
    [
        # the question gives the count it asks about the outcome of: a sentence with only that count answers nothing
        ("神木市新申报的15家高企通过几家", "新申报高新技术企业15家，目前正在评审。", "15家"),
        ("神木市412家申报高企认定了多少家", "2026年度申报高新技术企业412家，已全部通过形式审查。", "412家"),
        # another count of that unit in the sentence is an answer to weigh, not nothing
        ("神木市申报的96家高企通过几家", "申报高新技术企业96家，通过认定78家。", None),
        ("神木市有效高企比上年的886家净增多少", "有效高新技术企业1047家，较上年的886家净增161家。", None),
        ("神木市高企有多少家", "有效高新技术企业1047家。", None),  # nothing given
        ("神木市第一批高企报了多少", "第一批申报高新技术企业36家。", None),  # 第一批 says which batch, not a count
    ],
)
def test_a_figure_the_question_gives_is_no_answer(question: str, text: str, given: str | None) -> None:
    from chains.qa import _given_only
    from scribe.figures import extract_figures
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

    meta = DocumentMeta(bureau=BUREAU, years=[2026], period="上半年")
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    chunk = Chunk(chunk_id="d:0", doc_id="d", index=0, text=text, figures=extract_figures(text))
    assert _given_only(question, text, ScoredChunk(chunk=chunk, document=doc, score=1.0)) == given


@pytest.mark.parametrize(
    ("asked", "held", "report", "answers"),
    [
        ("2023年上半年", "2023年1-5月", "上半年（1-5月）", True),  # the report calls its 1-5月 上半年
        ("2023年上半年", "2023年1-5月", "1-5月", False),  # a report of 1-5月 holds no 上半年 figure
        ("2023年全年", "2023年1-11月", "全年（1-11月）", True),
        ("2023年全年", "2023年1-10月", "1-10月", False),
        ("2023年1-5月", "2023年1-5月", "1-5月", True),
        ("2023年上半年", "2023年1-5月", "", True),  # a report naming no period is not held against it
    ],
)
def test_a_worded_span_takes_fewer_months_only_from_a_report_that_calls_them_so(
    asked: str, held: str, report: str, answers: bool
) -> None:
    from chains.qa import _held_answers

    assert _held_answers(asked, held, _scored("", report or None)) is answers  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("year", "years", "text", "covers"),
    [
        (2024, [2023, 2024], "力争新增高企10家。", True),  # a 2023 review with its 2024 plan
        (2025, [2023], "力争全年新增高企10家。", False),  # a 2023 report's 全年 is 2023's
        (2025, [2023], "力争2025年新增高企10家。", True),  # its own words name the year
        (2025, [], "力争全年新增高企10家。", True),  # a report stating no year is not refused
    ],
)
def test_a_target_is_of_a_year_its_report_or_its_words_cover(
    year: int, years: list[int], text: str, covers: bool
) -> None:
    from chains.extractive import Pick
    from chains.qa import _covers_year
    from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

    meta = DocumentMeta(bureau=BUREAU, years=years, period="全年")
    doc = Document(doc_id="d", source_path="/x/d.txt", file_name="d.txt", content_hash="h", meta=meta)
    scored = ScoredChunk(chunk=Chunk(chunk_id="d:0", doc_id="d", index=0, text=text), document=doc, score=1.0)
    assert _covers_year(year, Pick(1, text, 1.0), scored) is covers
