"""The generative QA step without a server: evidence trimmed to a token budget, and the strike / regenerate policies
over a scripted chat model (the real model is in tests/llm, the real HTTP protocol in tests/integration)."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from chains.extractive import Pick
from chains.prompting import estimate_tokens, load_prompt, render_retry
from chains.qa_generative import (
    MODEL_REFUSED,
    NO_FIGURE_LEFT,
    REWRITING,
    STRUCK,
    Evidence,
    cite_unmarked,
    evidence_from,
    format_evidence,
    generate,
    trim_evidence,
)
from chains.runlog import RunLog
from scribe.errors import PromptError
from scribe.models import Chunk, Document, DocumentMeta, ScoredChunk

SENTENCE = "1-5月，规上工业研发费用完成6099.1万元，增速17.7%，预计全市前3；新增省级研发机构4家，建成孵化器2个。"
QUESTION = "洞头区1-5月规上工业研发费用完成多少？增速多少？"


def _evidence(sentence: str = SENTENCE, n: int = 1) -> Evidence:
    meta = DocumentMeta(bureau="洞头区科学技术局", years=[2024], period="1-5月")
    doc = Document(doc_id="d1", source_path="x.txt", file_name="x.txt", content_hash="h", meta=meta)
    chunk = Chunk(
        chunk_id=f"c{n}", doc_id="d1", index=n, text=f"一、工作成效\n{sentence}", section_path=["一、工作成效"]
    )
    return Evidence(n, sentence, ScoredChunk(chunk=chunk, document=doc, score=1.0))


def test_evidence_within_the_budget_is_left_whole() -> None:
    [e] = trim_evidence([_evidence()], QUESTION, budget=500)
    assert e.excerpt is None and e.shown == SENTENCE


def test_evidence_over_the_budget_keeps_the_clauses_that_answer() -> None:
    [e] = trim_evidence([_evidence()], QUESTION, budget=40)
    assert e.excerpt == "1-5月，规上工业研发费用完成6099.1万元，增速17.7%"
    assert "6099.1万元" in e.shown and "17.7%" in e.shown  # the figure right after the answering clause stays
    assert "孵化器" not in e.shown
    assert estimate_tokens(e.shown) < estimate_tokens(SENTENCE)
    assert e.sentence == SENTENCE  # the citation keeps the whole sentence


def test_a_sentence_with_no_answering_clause_is_kept_whole() -> None:
    [e] = trim_evidence([_evidence()], "青田县有多少家企业？", budget=40)
    assert e.shown == SENTENCE


def test_dropped_runs_show_as_an_ellipsis() -> None:
    [e] = trim_evidence([_evidence()], "新增省级研发机构多少家？", budget=40)
    assert e.shown.startswith("…") and "4家" in e.shown and "6099.1" not in e.shown


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("规上工业研发费用完成6099.1万元", 14, 24), ("abc def", 1, 4), ("", 0, 0)],
)
def test_token_estimate_is_in_the_measured_range(text: str, low: int, high: int) -> None:
    assert low <= estimate_tokens(text) <= high


def test_the_retry_turn_names_the_figures_and_takes_only_its_variables() -> None:
    prompt = load_prompt("qa_generate")
    role, text = render_retry(prompt, figures="“7.7%”")
    assert role == "user" and "“7.7%”" in text
    with pytest.raises(PromptError):
        render_retry(prompt, figures="x", question="y")


def _ask(  # type: ignore[no-untyped-def]
    replies: list[str],
    policy: str,
    tmp_path: Path,
    tokens: list[str] | None = None,
    evidence: list[Evidence] | None = None,
):
    llm = FakeListChatModel(responses=replies)
    return generate(
        llm,
        RunLog(tmp_path / "runs.db"),
        question=QUESTION,
        history="",
        evidence=evidence or [_evidence()],
        max_tokens=64,
        structured="text",
        asks_problems=False,
        stream=None if tokens is None else tokens.append,
        unsupported=policy,  # type: ignore[arg-type]
    )


def test_strike_removes_the_unsupported_figure_and_says_so(tmp_path: Path) -> None:
    out = _ask(["规上工业研发费用完成6099.1万元[1]，增速7.7%[1]。"], "strike", tmp_path)
    assert out.fallback is None and not out.regenerated and out.calls == 1
    assert out.struck == ["7.7%"] and STRUCK in out.text and "7.7%" not in out.text


def test_regenerate_asks_once_more_and_keeps_the_corrected_reply(tmp_path: Path) -> None:
    tokens: list[str] = []
    replies = ["规上工业研发费用完成6099.1万元[1]，增速7.7%[1]。", "规上工业研发费用完成6099.1万元[1]，增速17.7%[1]。"]
    out = _ask(replies, "regenerate", tmp_path, tokens)
    assert out.regenerated and out.calls == 2 and out.first_struck == ["7.7%"]
    assert out.fallback is None and not out.struck and "17.7%" in out.text and STRUCK not in out.text
    assert REWRITING in "".join(tokens)  # the screen is told the first reply is being rewritten


def test_regenerate_strikes_what_the_second_reply_still_cannot_support(tmp_path: Path) -> None:
    out = _ask(["完成6099.1万元[1]，增速7.7%[1]。", "完成6099.1万元[1]，增速7.8%[1]。"], "regenerate", tmp_path)
    assert out.regenerated and out.calls == 2 and out.struck == ["7.8%"] and "7.8%" not in out.text


def test_regenerate_without_any_supported_figure_falls_back(tmp_path: Path) -> None:
    out = _ask(["增速7.7%[1]。", "增速7.8%[1]。"], "regenerate", tmp_path)
    assert out.regenerated and out.fallback == NO_FIGURE_LEFT


def test_a_supported_reply_is_not_regenerated(tmp_path: Path) -> None:
    out = _ask(["完成6099.1万元[1]，增速17.7%[1]。", "不应被调用"], "regenerate", tmp_path)
    assert not out.regenerated and out.calls == 1 and not out.struck


def test_the_prompt_shows_the_trimmed_evidence() -> None:
    block = format_evidence(trim_evidence([_evidence()], QUESTION, budget=40))
    assert block.startswith("[1] 单位：洞头区科学技术局") and "孵化器" not in block


def test_a_model_refusal_over_answering_evidence_falls_back_to_the_offline_answer(tmp_path: Path) -> None:
    out = _ask(["无法从资料中找到"], "strike", tmp_path)
    assert out.fallback == MODEL_REFUSED and not out.refused


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("收集了34项技术需求、匹配了4项成果。", "收集了34项[1]技术需求、匹配了4项[1]成果。"),
        ("完成6099.1万元[1]，增速7.7%。", "完成6099.1万元[1]，增速7.7%。"),  # 7.7% is no figure of the sentence (17.7%)
        ("新增8家。", "新增8家。"),
    ],
)
def test_a_figure_without_its_marker_cites_the_sentence_that_writes_it(text: str, marked: str) -> None:
    evidence = [_evidence(SENTENCE), _evidence("收集产业链技术需求34项、科技匹配成果4项,完成成果转化3项。", n=2)]
    expected = marked.replace("34项[1]", "34项[2]").replace("4项[1]", "4项[2]")
    assert cite_unmarked(text, evidence) == expected


def test_the_prompt_says_how_a_sentence_names_the_asked_indicator() -> None:
    """Asked about 技术交易额, the 1.5B refused sentences about 技术合同成交额 (dev set d119, d184) until the
    offline answer's note on the report's own name sat beside the sentence."""
    note = "（报告用语为“技术合同成交额”，即“技术交易额”）"
    sentence = "全省技术合同成交额1286.5亿元，同比增长40.3%。"
    scored = _evidence(sentence).scored
    pick = Pick(source=1, sentence=sentence, score=1.0)
    [evidence] = evidence_from([(pick, scored)], {sentence: note})
    assert format_evidence([evidence]).endswith(sentence + note)
    assert format_evidence(evidence_from([(pick, scored)])).endswith(sentence)


def test_an_ordinal_naming_a_batch_gets_no_marker_inside_the_name() -> None:
    evidence = [_evidence("第一批国家高新技术企业申报612家，同比增长9.5%。")]
    assert cite_unmarked("2024年第一批高企申报612家。", evidence) == "2024年第一批高企申报612家[1]。"


def test_an_unmarked_correct_figure_is_not_struck(tmp_path: Path) -> None:
    out = _ask(["规上工业研发费用完成6099.1万元，增速17.7%。"], "strike", tmp_path)
    assert out.fallback is None and not out.struck and out.used == [1]


def test_a_rewrite_that_drops_every_figure_falls_back(tmp_path: Path) -> None:
    out = _ask(["规上工业研发费用完成6099.1万元[1]，增速7.7%[1]。", "好的。"], "regenerate", tmp_path)
    assert out.regenerated and out.fallback == NO_FIGURE_LEFT


def test_a_marker_between_a_figure_and_its_hedge_moves_after_the_hedge(tmp_path: Path) -> None:
    """18%[1]以上 is 18%以上 cited once: the hedge belongs to the figure, and the answer quotes it whole."""
    sentence = "力争规上工业研发费用增长18%以上，新增高新技术企业30家左右。"
    out = _ask(["研发费用增长18%[1]以上[1]，新增高企30家[1]左右。"], "strike", tmp_path, evidence=[_evidence(sentence)])
    assert out.fallback is None
    assert "18%以上[1]" in out.text and "30家左右[1]" in out.text
