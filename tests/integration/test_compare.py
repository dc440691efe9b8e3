"""One metric or theme across bureaus and periods."""

from __future__ import annotations

from typing import Any

import pytest

from chains.compare import (
    COMPARE_MAX_TOKENS,
    MatchKind,
    compare_metric,
    comparison_sources,
    generative_paragraph,
    match_metric,
    query_kind,
)
from chains.compare_theme import compare_theme
from chains.llm import build_chat_model
from chains.runlog import RunLog
from chains.summary.export import comparison_blocks, to_markdown
from scribe.models import FigureKind
from scribe.settings import Settings
from tests.support.openai_server import OpenAIServer, Reply
from vectorstore.retrieval import HybridRetriever


@pytest.mark.parametrize(
    ("query", "metric", "expected"),
    [
        ("规上工业研发费用", "规上工业研发费用", MatchKind.EXACT),
        ("规上工业研发费用", "年度规上工业企业研发经费投入", MatchKind.SYNONYM),
        ("研发费用", "研发投入", MatchKind.SYNONYM),
        ("规上工业研发费用", "规上企业技术开发费", MatchKind.RELATED),
        ("规上工业研发费用", "全社会R&D经费支出", MatchKind.RELATED),
        ("技术合同交易额", "技术合同成交额", MatchKind.SYNONYM),
        ("规上工业研发费用", "规上工业研发费用占营业收入比重", None),
        ("规上工业研发费用", "高新技术产业投资额", None),
    ],
)
def test_match_metric(query: str, metric: str, expected: MatchKind | None) -> None:
    assert match_metric(query, metric) is expected


def test_query_kind() -> None:
    assert query_kind("规上工业研发费用增速") == ("规上工业研发费用", FigureKind.GROWTH)
    assert query_kind("技术合同交易额") == ("技术合同交易额", None)
    assert query_kind("研发费用占营业收入比重")[1] is FigureKind.SHARE


def test_growth_across_bureaus_with_periods_labelled(sample_store: Any) -> None:
    result = compare_metric(sample_store.catalog, "规上工业研发费用增速")
    by_bureau = {r.bureau: r for r in result.rows if r.bureau}
    dongtou = next(r for b, r in by_bureau.items() if "洞头" in b)
    wenzhou = next(r for b, r in by_bureau.items() if "温州市" in b)
    assert (dongtou.growth, dongtou.match) == ("17.7%", MatchKind.EXACT)
    assert "1-5月" in dongtou.period_label and dongtou.period.year == 2024
    assert wenzhou.growth == "13.9%" and "全年" in wenzhou.period_label
    assert dongtou.period_label != wenzhou.period_label
    assert not result.comparable
    assert "统计期不同" in result.paragraph and "1-5月" in result.paragraph and "全年" in result.paragraph
    qingtian = next(r for r in result.rows if r.bureau and "青田" in r.bureau)
    assert "技术开发费" in qingtian.metric and qingtian.match is MatchKind.RELATED
    assert "1-4月" in qingtian.period_label
    assert "相关但口径不同" in result.paragraph
    assert all(r.sentence and r.chunk_id for r in result.rows)


def test_synonym_labels_and_filters(sample_store: Any) -> None:
    result = compare_metric(sample_store.catalog, "研发费用", include_targets=True)
    terms = {r.metric: r.match for r in result.rows}
    assert terms["规上企业技术开发费"] in (MatchKind.SYNONYM, MatchKind.RELATED)
    assert any(r.modality.value == "target" for r in result.rows)
    only = compare_metric(sample_store.catalog, "规上工业研发费用", bureau="洞头")
    assert only.rows and all("洞头" in (r.bureau or "") for r in only.rows)
    assert only.comparable
    none = compare_metric(sample_store.catalog, "规上工业研发费用", period="1-4月")
    assert all("1-4月" in r.period_label for r in none.rows)
    md = to_markdown(comparison_blocks(result))
    assert "| 规上企业技术开发费 |" in md


def test_theme_grouped_by_bureau(sample_store: Any) -> None:
    result = compare_theme(HybridRetriever(sample_store, sample_store.settings), "科技金融")
    assert len(result.groups) >= 3
    chunks = sample_store.catalog.get_chunks([h.chunk_id for g in result.groups for h in g.hits])
    for group in result.groups:
        for hit in group.hits:
            text = chunks[hit.chunk_id][0].text
            assert all(s in text and "金融" in s for s in hit.sentences)


def test_generative_paragraph_is_verified(
    sample_store: Any, openai_server: OpenAIServer, llm_settings: Settings
) -> None:
    result = compare_metric(sample_store.catalog, "规上工业研发费用增速")
    sources = comparison_sources(sample_store.catalog, result)
    llm = build_chat_model(llm_settings)
    assert llm is not None
    openai_server.enqueue(
        "洞头区2024年1-5月规上工业研发费用增速17.7%。温州市全年规上工业研发费用增长19.9%。两者统计期不同。"
    )
    written = generative_paragraph(llm, RunLog(llm_settings.run_log_path), result, sources)
    assert written.mode == "generative" and not written.clean
    assert any(f.startswith("19.9%") for f in written.failing)
    prompt = openai_server.chat_requests[0].body["messages"]
    assert "规上工业研发费用" in prompt[-1]["content"] and "1-5月" in prompt[-1]["content"]


def test_a_failed_model_call_keeps_the_template_paragraph_labelled(
    sample_store: Any, openai_server: OpenAIServer, llm_settings: Settings
) -> None:
    result = compare_metric(sample_store.catalog, "规上工业研发费用增速")
    sources = comparison_sources(sample_store.catalog, result)
    llm = build_chat_model(llm_settings.model_copy(update={"llm_max_retries": 0}))
    assert llm is not None
    openai_server.enqueue(Reply(status=500))
    written = generative_paragraph(llm, RunLog(llm_settings.run_log_path), result, sources)
    assert written.mode == "offline" and written.paragraph.startswith(result.paragraph)
    assert written.paragraph.endswith("（大模型调用失败，以上为按资料自动生成的段落）")
    assert openai_server.chat_requests[0].body["max_completion_tokens"] == COMPARE_MAX_TOKENS
