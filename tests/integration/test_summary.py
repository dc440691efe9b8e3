"""Whole-report summaries: offline extraction, verification, generative map-reduce, export and the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chains.llm import build_chat_model
from chains.runlog import RunLog
from chains.summary import ReportSummary, summarize
from chains.summary.export import export, summary_blocks, to_markdown
from scribe.figures import VerdictLabel
from scribe.settings import Settings
from tests.conftest import SAMPLE_DIR
from tests.support.openai_server import OpenAIServer

GOOD = {VerdictLabel.SUPPORTED, VerdictLabel.DERIVED, VerdictLabel.TARGET}  # what passes the check

# key figures each sample's summary must carry, verified
KEY_FIGURES = {
    "dongtou_2024h1": ["6099.1万元", "17.7%", "1.55亿元", "2.97亿元"],
    "qingtian_2023h1": ["3.38亿元", "40.01%", "6.19亿"],
    "county_2021h1": ["5.17亿元", "18家"],
    "shinan_2023_2024": ["68亿元", "第1"],
    "district_and_wenzhou_city_2021_2022": ["153.59亿元", "13.9%", "673.82亿元"],
}


def _verdict_of(summary: ReportSummary, surface: str) -> list[VerdictLabel]:
    return [v.label for v in summary.all_verdicts() if v.figure.surface == surface]


@pytest.mark.parametrize("name", sorted(KEY_FIGURES))
def test_offline_summary_of_each_sample(sample_store: Any, name: str) -> None:
    summary = summarize(sample_store.catalog, name)
    assert summary.mode == "offline"
    assert summary.clean, [(v.figure.surface, v.reason) for v in summary.failing]
    assert summary.section_coverage == 1.0, (summary.sections_total, summary.sections_covered)
    for surface in KEY_FIGURES[name]:
        labels = _verdict_of(summary, surface)
        assert labels, f"{surface} missing from the summary of {name}"
        assert set(labels) <= GOOD, labels
    chunks = {c.chunk_id: c.text for c in sample_store.catalog.document_chunks(summary.doc_id)}
    for line in summary.lines():
        assert line.citations, line.topic
        assert all(c.quote in chunks[c.chunk_id] for c in line.citations)
    for row in summary.indicators:
        assert row.citation.quote in chunks[row.citation.chunk_id]
    assert summary.summary_chars < summary.source_chars


def test_indicator_table_and_order(sample_store: Any) -> None:
    summary = summarize(sample_store.catalog, "dongtou_2024h1")
    first = summary.indicators[0]
    assert (first.metric, first.value, first.growth, first.period) == (
        "规上工业研发费用",
        "6099.1万元",
        "17.7%",
        "1-5月",
    )
    assert first.rank and "前3" in first.rank
    topics = [line.topic for line in summary.highlights]
    assert topics.index("平台建设扩面提质") < topics.index("科研攻关赋能见效") < topics.index("要素保障持续强化")
    assert len(summary.problems) == 4
    assert any("18%" in line.text for line in summary.plans)


def test_lines_are_written_from_the_report_not_clipped(sample_store: Any) -> None:
    """Each line is its block's heading and key clauses: run-together text split, no clause cut, a real title."""
    from chains.summary.export import fitted_page

    dongtou = summarize(sample_store.catalog, "dongtou_2024h1")
    texts = [line.text for line in dongtou.lines()]
    assert not any(run_on in t for t in texts for run_on in ("第2截至", "807.4万元二是", "不理想主要是"))
    assert any("预计全市第2" in t for t in texts)
    assert all(t.endswith("。") and "……" not in t for t in texts)
    for _heading, lines in fitted_page(dongtou).sections:
        assert not any("……" in line for line in lines), lines
    qingtian = summarize(sample_store.catalog, "qingtian_2023h1")
    assert qingtian.title == "青田县科技局2023年上半年工作进展情况"  # from its opening, not the file stem


def test_short_is_shorter(sample_store: Any) -> None:
    normal = summarize(sample_store.catalog, "district_and_wenzhou_city_2021_2022")
    short = summarize(sample_store.catalog, "district_and_wenzhou_city_2021_2022", length="short")
    assert short.summary_chars < normal.summary_chars
    assert short.section_coverage == 1.0


def _scripted(body: dict[str, Any]) -> str:
    system = body["messages"][0]["content"]
    if "逐个章节写出要点" in system:
        user = body["messages"][-1]["content"]
        ids = sorted({part.split("]")[0] for part in user.split("[S")[1:]}, key=lambda s: int(s))
        return json.dumps({"sections": [{"id": f"S{i}", "points": ["本节工作有序推进。"]} for i in ids]})
    return json.dumps(
        {
            "highlights": [
                {"section": "S2", "text": "1-5月，规上工业研发费用完成6099.1万元，增速27.7%。"},
                {"section": "S3", "text": "新增孵化面积0.31万平方米，引进入孵企业17家。"},
            ],
            "problems": [{"section": "S11", "text": "规上工业研发投入后劲不足。"}],
            "plans": [{"section": "S12", "text": "力争年度规上工业企业研发经费投入增速达18%以上。"}],
        },
        ensure_ascii=False,
    )


def test_generative_summary_flags_a_planted_wrong_figure(
    sample_store: Any, openai_server: OpenAIServer, llm_settings: Settings
) -> None:
    openai_server.default = _scripted
    llm = build_chat_model(llm_settings)
    steps: list[tuple[int, int, str]] = []
    summary = summarize(
        sample_store.catalog,
        "dongtou_2024h1",
        llm=llm,
        run_log=RunLog(llm_settings.run_log_path),
        progress=lambda n, total, what: steps.append((n, total, what)),
    )
    assert summary.mode == "generative"
    # one step per model call, told before it: each map batch names its sections, the last is the combine
    assert [n for n, _t, _w in steps] == list(range(1, len(openai_server.chat_requests) + 1))
    assert steps[-1] == (len(steps), len(steps), "汇总各部分") and "科技创新核心指标情况" in steps[0][2]
    assert not summary.clean
    wrong = [v for v in summary.failing if v.figure.surface == "27.7%"]
    assert wrong and wrong[0].label in (VerdictLabel.CONTRADICTED, VerdictLabel.UNVERIFIABLE)
    assert set(_verdict_of(summary, "6099.1万元")) <= GOOD
    assert set(_verdict_of(summary, "18%")) <= GOOD
    assert summary.highlights[0].citations  # cited to the sentence holding the figures
    requests = openai_server.chat_requests
    assert 2 <= len(requests) <= 9  # bounded: map batches + one combine
    assert "summary_combine" not in requests[0].body["messages"][0]["content"]


def test_export_markdown_and_docx(sample_store: Any, tmp_path: Path) -> None:
    from docx import Document as DocxDocument
    from docx.oxml.ns import qn

    summary = summarize(sample_store.catalog, "qingtian_2023h1")
    md = export(summary_blocks(summary), tmp_path / "s.md").read_text(encoding="utf-8")
    assert md == to_markdown(summary_blocks(summary))
    assert "## 一、核心指标" in md and "| 规上企业技术开发费 | 3.38亿元 | 40.01% |" in md
    export(summary_blocks(summary), tmp_path / "s.docx")
    doc = DocxDocument(str(tmp_path / "s.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "存在问题" in text and summary.title in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "3.38亿元" in cells and "40.01%" in cells
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


@pytest.fixture(scope="module")
def cli_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import make_settings
    from vectorstore.ingest import ingest_paths
    from vectorstore.store import Store

    src = tmp_path_factory.mktemp("cli-src")
    for name in ("dongtou_2024h1.txt", "district_and_wenzhou_city_2021_2022.txt"):
        shutil.copy(SAMPLE_DIR / name, src / name)
    data = tmp_path_factory.mktemp("cli-data")
    store = Store(make_settings(data, embedding="use"))
    assert not ingest_paths(store, [src]).failed
    store.close()
    return data


def test_cli_summarize_and_compare(cli_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scribe.cli import app

    monkeypatch.setenv("SCRIBE_DATA_DIR", str(cli_data_dir))
    monkeypatch.setenv("SCRIBE_EMBEDDING", "use")
    runner = CliRunner()
    result = runner.invoke(app, ["summarize", "dongtou_2024h1", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["clean"] is True and payload["section_coverage"] == 1.0
    assert payload["indicators"][0]["value"] == "6099.1万元"

    out_file = tmp_path / "summary.docx"
    result = runner.invoke(app, ["summarize", "dongtou_2024h1", "--length", "short", "--out", str(out_file)])
    assert result.exit_code == 0, result.output
    assert out_file.stat().st_size > 0 and "核心指标" in result.stdout

    result = runner.invoke(app, ["compare", "--metric", "规上工业研发费用增速", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert {r["growth"] for r in rows} >= {"17.7%", "13.9%"}

    result = runner.invoke(app, ["compare", "--theme", "科技金融", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["groups"]

    result = runner.invoke(app, ["summarize", "no-such-report"])
    assert result.exit_code == 1 and "找不到文档" in result.output
    result = runner.invoke(app, ["compare"])
    assert result.exit_code == 2


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_sample_summary_renders_as_one_a4_page(sample_store: Any, tmp_path: Path) -> None:
    """The .docx rendered by LibreOffice: one A4 page each, no chunk ids, no sentence listed twice."""
    from pypdf import PdfReader

    for doc in sample_store.catalog.list_documents():
        summary = summarize(sample_store.catalog, doc.doc_id)
        blocks = summary_blocks(summary)
        target = export(blocks, tmp_path / f"{Path(doc.file_name).stem}.docx")
        subprocess.run(
            [str(SOFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(tmp_path)},  # a profile of its own: never the user's
        )
        pdf = PdfReader(str(target.with_suffix(".pdf")))
        box = pdf.pages[0].mediabox
        size_mm = (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72))
        assert (len(pdf.pages), size_mm) == (1, (210, 297)), doc.file_name
        text = to_markdown(blocks)
        assert "@" not in text and doc.doc_id not in text, doc.file_name
        lines = [line for line in text.splitlines() if len(line) > 20]
        assert len(lines) == len(set(lines)), doc.file_name


def test_one_page_sources_are_numbered_sections_shared_by_their_citations(sample_store: Any) -> None:
    from chains.summary.export import Notes, fitted_page

    summary = summarize(sample_store.catalog, "dongtou_2024h1")
    page = fitted_page(summary)
    assert 1 <= len(page.rows) <= 8 and all(len(lines) <= 4 for _, lines in page.sections)
    # every indicator row of the first section shares one reference; numbers run 1..n without gaps
    assert set(page.row_marks) == {"[1]"}
    assert [r.split()[0] for r in page.references] == [f"[{n}]" for n in range(1, len(page.references) + 1)]
    assert page.references[0].startswith("[1] 一、上半年科技创新工作进展")
    notes = next(b for b in summary_blocks(summary) if isinstance(b, Notes))
    assert notes.lines[0] == "来源（dongtou_2024h1.txt）："
    assert all(len(line) <= 60 for line in notes.lines)
