"""The Streamlit app driven by ``AppTest``: every page's logic paths on a real store (USE embeddings, fast).

The app builds its Settings at its edge from ``SCRIBE_*`` environment variables, so each test sets them with
monkeypatch. Generative mode runs against the local OpenAI-compatible test server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, SAMPLE_DIR, make_settings
from tests.support.fixtures import TEST_API_KEY, TEST_MODEL
from tests.support.openai_server import OpenAIServer, Reply

pytestmark = pytest.mark.integration

APP = REPO / "app.py"
QUESTION = "洞头区上半年规上工业研发费用是多少？"
EVIL_NAME = "wencheng_2024h1.txt"
EVIL = """文成县科学技术局2024年上半年工作总结

一、上半年工作进展

（一）科技企业培育

1-6月，文成县新增高新技术企业12家<script>alert('x')</script>，详见[点击这里](http://evil.example/)，**务必**关注。

（二）人才引进

上半年引进博士5人，完成率50%。

二、存在问题

企业研发投入不足，创新平台能级不高。

三、下半年工作思路

（一）抓企业培育

力争新增高新技术企业20家。
"""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory, use_embeddings: object) -> Path:
    """The sample corpus plus a report holding ``<script>`` and a markdown link, ingested once."""
    from vectorstore.ingest import ingest_paths
    from vectorstore.store import Store

    docs = tmp_path_factory.mktemp("app-docs")
    (docs / EVIL_NAME).write_text(EVIL, encoding="utf-8")
    data = tmp_path_factory.mktemp("app-store")
    store = Store(make_settings(data, embedding="use"), embeddings=use_embeddings)  # type: ignore[arg-type]
    summary = ingest_paths(store, [SAMPLE_DIR, docs])
    store.close()
    assert not summary.failed, summary.failed
    return data


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    yield
    import streamlit as st

    st.cache_resource.clear()


def use_store(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **env: str) -> None:
    monkeypatch.setenv("SCRIBE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("SCRIBE_EMBEDDING", "use")
    for key, value in env.items():
        monkeypatch.setenv(f"SCRIBE_{key.upper()}", value)


def open_page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ok(at: AppTest) -> None:
    """No traceback and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.get("html"))


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [e.label for e in at.expander] + [a.value for a in [*at.success, *at.info, *at.warning, *at.error]]
    return "\n".join(str(p) for p in parts)


def table(at: AppTest, column: str, *, exclude: str = "") -> pd.DataFrame:
    """The first table on the page with ``column`` (and without ``exclude``); AppTest exposes no dataframe keys."""
    for frame in at.dataframe:
        value = frame.value
        if column in value.columns and exclude not in value.columns:
            return value
    raise AssertionError(f"no table with column {column}")


def ask(at: AppTest, question: str) -> AppTest:
    return at.chat_input[0].set_value(question).run()


# --- 问答 ---------------------------------------------------------------------------------------------------


def test_chat_offline_answer_has_checked_figures_and_an_openable_citation(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path
) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page()
    assert "离线模式（抽取式）" in texts(at)
    ask(at, QUESTION)
    ok(at)
    body = html(at)
    assert 'data-verdict="supported"' in body and "6099.1万元</span>" in body
    citation = next(e for e in at.expander if e.label.startswith("[1]"))
    assert "dongtou_2024h1.txt｜洞头区科学技术局" in citation.label
    quoted = "\n".join(h.value for h in citation.get("html"))
    assert '<mark class="scribe-quote"' in quoted and "6099.1万元" in quoted


def test_chat_follow_up_uses_the_history_and_clear_forgets_it(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page()
    ask(at, QUESTION)
    ask(at, "那青田呢？")
    ok(at)
    turns = at.session_state["chat_turns"]
    assert len(turns) == 2 and "青田" in turns[1].resolved_question and "研发费用" in turns[1].resolved_question
    assert len(at.chat_message) == 4
    at.sidebar.button[0].click().run()
    assert at.session_state["chat_turns"] == [] and len(at.chat_message) == 0


def test_chat_sidebar_filter_restricts_the_sources(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page()
    at.sidebar.selectbox(key="chat_bureau").select("青田县科技局").run()
    ask(at, "规上工业研发费用是多少？")
    ok(at)
    _, answer = at.session_state["chat_messages"][-1]
    assert answer.citations and {c.bureau for c in answer.citations} == {"青田县科技局"}


def test_chat_shows_document_text_as_text_not_html_or_markdown(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path
) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page()
    ask(at, "文成县上半年新增高新技术企业多少家？")
    ok(at)
    body = html(at)  # the answer and the opened citation
    assert "12家</span>" in body
    assert "&lt;script&gt;" in body and "<script" not in body
    assert "&#91;点击这里&#93;&#40;http://evil.example/&#41;" in body and "](" not in body
    assert not any("<script" in m.value or "](http" in m.value for m in at.markdown)


def test_chat_unexpected_error_is_a_plain_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path
) -> None:
    from chains.qa import QAChain

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom in the library")

    use_store(monkeypatch, store_dir)
    monkeypatch.setattr(QAChain, "ask", broken)
    at = open_page()
    ask(at, QUESTION)
    assert not at.exception
    assert "回答失败" in at.error[0].value and "意外错误" in at.error[0].value
    assert "boom" not in at.error[0].value


def test_chat_generative_streams_and_checks_figures(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path, openai_server: OpenAIServer
) -> None:
    use_store(
        monkeypatch,
        store_dir,
        llm_base_url=openai_server.base_url,
        llm_model=TEST_MODEL,
        llm_api_key=TEST_API_KEY,
        llm_timeout="5",
        llm_unsupported_policy="strike",  # this test is about the struck figure; regenerate: test_qa_generative_policy
    )
    openai_server.enqueue(Reply(text="洞头区1-5月规上工业研发费用完成6099.1万元[1]，增速7.7%[1]。", chunk_chars=3))
    at = open_page()
    assert f"生成模式（{TEST_MODEL}）" in texts(at)
    ask(at, QUESTION)
    ok(at)
    assert openai_server.chat_requests[-1].body.get("stream") is True
    body = html(at)
    assert 'data-verdict="supported"' in body and "6099.1万元</span>" in body
    answer_html = body.split('<div class="scribe-answer"', 1)[1].split("</div>", 1)[0]  # the answer, not its sources
    assert "增速7.7%" not in answer_html and "未核实的数字已删去" in answer_html  # the planted 7.7% is struck
    assert TEST_MODEL in texts(at)


def test_chat_llm_failure_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path, openai_server: OpenAIServer
) -> None:
    use_store(
        monkeypatch,
        store_dir,
        llm_base_url=openai_server.base_url,
        llm_model=TEST_MODEL,
        llm_max_retries="0",
        llm_timeout="2",
    )
    openai_server.enqueue(Reply.error(500, message="internal"))
    at = open_page()
    ask(at, QUESTION)
    assert not at.exception
    body = html(at)  # the offline answer, labelled with why the model's is not shown
    assert "模型回答未采用" in body and "服务端错误" in body and 'data-verdict="supported"' in body


# --- 资料库 -------------------------------------------------------------------------------------------------


def test_library_uploads_good_and_bad_files_with_per_file_messages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_store(monkeypatch, tmp_path / "data")
    at = open_page("app_pages/library.py")
    assert any("资料库还是空的" in i.value for i in at.info)
    good = (SAMPLE_DIR / "qingtian_2023h1.txt").read_bytes()
    at.file_uploader[0].set_value([("qingtian_2023h1.txt", good, "text/plain"), ("empty.txt", b"", "text/plain")])
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert any("qingtian_2023h1.txt：已入库" in s.value for s in at.success)
    assert any("empty.txt" in e.value and "空" in e.value for e in at.error)
    docs = table(at, "入库时间")
    assert list(docs["文件"]) == ["qingtian_2023h1.txt"] and docs.iloc[0]["块数"] > 0

    at.file_uploader[0].set_value(("blank.txt", b"   \n  ", "text/plain")).run()  # passes the size check
    at.button[0].click().run()
    assert any("blank.txt：入库失败" in e.value for e in at.error)

    # the same report under another name, re-saved with other line breaks, and an old .doc
    copy = good.decode("utf-8").replace("\n", "\r\n").encode("utf-8")
    at.file_uploader[0].set_value(
        [("青田上半年总结.txt", copy, "text/plain"), ("旧报告.doc", b"\xd0\xcf\x11\xe0" * 8, "application/msword")]
    ).run()
    at.button[0].click().run()
    ok_warnings = [w.value for w in at.warning]
    assert any("青田上半年总结.txt" in w and "qingtian_2023h1.txt" in w and "未重复入库" in w for w in ok_warnings)
    assert any(
        "旧报告.doc" in e.value and "另存为 .docx" in e.value for e in at.error
    )  # damaged: LibreOffice reads real ones
    assert list(table(at, "入库时间")["文件"]) == ["qingtian_2023h1.txt"]


def test_library_correction_is_kept_on_re_ingest_and_delete_removes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, use_embeddings: object
) -> None:
    from vectorstore.ingest import ingest_paths
    from vectorstore.store import Store

    data = tmp_path / "data"
    source = tmp_path / "docs" / "county_2021h1.txt"
    source.parent.mkdir()
    source.write_bytes((SAMPLE_DIR / "county_2021h1.txt").read_bytes())
    settings = make_settings(data, embedding="use")
    store = Store(settings, embeddings=use_embeddings)  # type: ignore[arg-type]
    ingest_paths(store, [source])
    store.close()

    use_store(monkeypatch, data)
    at = open_page("app_pages/library.py")
    at.text_input[0].set_value("景宁县科技局")
    at.text_input[1].set_value("2021")
    at.text_input[2].set_value("上半年")
    next(b for b in at.button if b.label == "保存并重新入库").click().run()
    ok(at)
    assert table(at, "入库时间").iloc[0]["单位"] == "景宁县科技局"
    assert table(at, "入库时间").iloc[0]["单位依据"] == "人工更正"

    again = Store(settings, embeddings=use_embeddings)  # type: ignore[arg-type]
    result = ingest_paths(again, [source])  # e.g. `scribe ingest` later: the correction stays
    assert again.catalog.resolve("county_2021h1.txt").meta.bureau == "景宁县科技局"
    assert result.results[0].status.value == "unchanged"
    again.close()

    at.checkbox(key="confirm_delete").check().run()
    next(b for b in at.button if b.label == "删除").click().run()
    ok(at)
    assert any("已删除 county_2021h1.txt" in s.value for s in at.success)
    assert any("资料库还是空的" in i.value for i in at.info)


def test_library_summary_button(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page("app_pages/library.py")
    at.selectbox(key="library_doc").select("dongtou_2024h1.txt").run()
    at.button(key="summarize").click().run()
    ok(at)
    rows = table(at, "增速/变化")
    assert rows["指标"].str.contains("研发费用").any() and len(rows) <= 8
    assert set(rows["来源"]) <= {f"[{n}]" for n in range(1, 20)}
    body = html(at)
    assert "scribe-fig" in body and "@" not in body  # no internal chunk ids
    sources = next(c.value for c in at.caption if c.value.startswith("来源（dongtou_2024h1.txt）"))
    assert "[1] 一、上半年科技创新工作进展" in sources and "@" not in sources
    assert {d.label for d in at.get("download_button")} >= {"下载摘要 .md", "下载摘要 .docx（A4 一页）"}


# --- 指标 ---------------------------------------------------------------------------------------------------


def test_indicators_table_filters_and_chart(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page("app_pages/indicators.py")
    ok(at)
    ledger = table(at, "文件")
    assert len(ledger) > 50 and ledger["来源句"].str.len().min() > 0
    from scribe.lexicon.indicators import indicator_of

    assert all(indicator_of(m) for m in ledger["原文指标"])  # by default only the dictionary's indicators
    assert not {"开展", "召开", "组织企业"} & set(ledger["原文指标"])
    at.checkbox(key="ind_others").check().run()
    everything = table(at, "文件")
    assert len(everything) > 2 * len(ledger) and "开展" in set(everything["原文指标"])
    at.checkbox(key="ind_others").uncheck().run()
    assert at.selectbox(key="ind_chart_metric").value == "规上工业研发费用（增速）"
    compared = table(at, "原文", exclude="文件")
    assert {"洞头区科学技术局", "温州市科技局"} <= set(compared["单位"])
    assert at.get("vega_lite_chart")
    warning = next(w.value for w in at.warning if "统计期不同" in w.value)  # 1-5月 beside 全年, said out loud
    assert "洞头区科学技术局 1-5月" in warning and "温州市科技局 全年" in warning
    labelled = table(at, "统计期")  # the cross-report comparison labels each row's statistical period
    periods = dict(zip(labelled["单位"], labelled["统计期"], strict=False))
    assert "1-5月" in periods["洞头区科学技术局"] and "全年" in periods["温州市科技局"]
    at.multiselect(key="ind_bureaus").select("洞头区科学技术局").run()
    at.text_input(key="ind_metric").set_value("研发费用").run()
    filtered = table(at, "文件")
    assert 0 < len(filtered) < len(ledger) and set(filtered["单位"]) == {"洞头区科学技术局"}


# --- 起草 ---------------------------------------------------------------------------------------------------


def test_draft_offline_shows_profile_highlights_coverage_and_downloads(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path
) -> None:
    import io

    from docx import Document as DocxDocument

    use_store(monkeypatch, store_dir)
    at = open_page("app_pages/draft.py")
    at.selectbox(key="draft_bureau").select("洞头区科学技术局").run()
    period = next(t for t in at.text_input if t.key and t.key.startswith("draft_period"))
    assert period.value == "2024年下半年"
    assert any("层级序号" in t.value for t in at.text)  # the style profile
    next(b for b in at.button if b.label == "生成草稿").click().run()
    ok(at)
    plan = at.session_state["draft_plan"]
    assert plan.bureau and plan.period == "2024年下半年"
    assert 'class="scribe-draft"' in html(at)
    assert table(at, "存在问题") is not None
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["下载 .docx", "下载 .md"]
    from chains.draft.export import plan_docx_bytes

    assert DocxDocument(io.BytesIO(plan_docx_bytes(plan))).paragraphs


def test_draft_bad_period_is_explained(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page("app_pages/draft.py")
    at.selectbox(key="draft_bureau").select("洞头区科学技术局").run()
    next(t for t in at.text_input if t.key and t.key.startswith("draft_period")).set_value("明年吧").run()
    next(b for b in at.button if b.label == "生成草稿").click().run()
    assert not at.exception
    assert "起草失败" in at.error[0].value and "2024年下半年" in at.error[0].value


# --- 评估 ---------------------------------------------------------------------------------------------------


def test_evaluation_runs_draft_and_summary_evaluations(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page("app_pages/evaluation.py")
    assert "eval/history.py" in texts(at)
    at.button(key="run_draft_eval").click().run()
    at.button(key="run_summary_eval").click().run()
    ok(at)
    assert "洞头区科学技术局" in set(table(at, "草稿数字可信")["单位"])
    assert len(table(at, "覆盖章节")) >= 5
    assert len(at.session_state["eval_runs"]) == 2


def test_evaluation_runs_the_qa_evaluation_on_the_bundled_dataset(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path
) -> None:
    use_store(monkeypatch, store_dir)
    at = open_page("app_pages/evaluation.py")
    # eval/datasets/qa_seeds.jsonl ships with the repo, so the page must always offer a QA dataset
    assert any(s.key == "qa_dataset" for s in at.selectbox)
    at.button(key="run_qa").click().run(timeout=180)
    ok(at)
    metrics = table(at, "本系统")
    assert "数字准确率" in set(metrics["指标"])
    assert table(at, "失败原因") is not None


# --- 设置 ---------------------------------------------------------------------------------------------------


def test_settings_never_show_the_key_and_test_connections(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path, openai_server: OpenAIServer
) -> None:
    use_store(
        monkeypatch, store_dir, llm_base_url=openai_server.base_url, llm_model=TEST_MODEL, llm_api_key=TEST_API_KEY
    )
    at = open_page("app_pages/settings.py")
    ok(at)
    shown = pd.concat([t.value.reset_index() for t in at.table])
    assert TEST_API_KEY not in shown.to_string() and TEST_API_KEY not in texts(at)
    assert "已设置（已隐藏）" in set(shown["当前值"])
    at.button(key="test_llm").click().run()
    at.button(key="test_chroma").click().run()
    ok(at)
    successes = [s.value for s in at.success]
    assert any("连接成功" in s and TEST_MODEL in s for s in successes)
    assert any("Chroma" in s and "向量" in s for s in successes)


def test_settings_connection_failure_is_explained(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path, closed_port_url: str
) -> None:
    use_store(monkeypatch, store_dir, llm_base_url=closed_port_url, llm_model=TEST_MODEL)
    at = open_page("app_pages/settings.py")
    at.button(key="test_llm").click().run()
    assert not at.exception
    assert "无法连接" in at.error[0].value and "服务是否已启动" in at.error[0].value


def test_bad_setting_stops_with_a_chinese_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_store(monkeypatch, tmp_path, chunk_overlap="400")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "配置错误" in at.error[0].value and "SCRIBE_CHUNK_OVERLAP" in at.error[0].value
