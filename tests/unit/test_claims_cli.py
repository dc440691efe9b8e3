"""`scribe check` through CliRunner, and the claims runs on the sample and the generated benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eval.claims import load_claims, run_claims
from scribe.cli.check import register
from scribe.errors import DatasetError

REPO = Path(__file__).parents[2]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLE = SHARED / "eval" / "claims_sample.jsonl"
GENERATED = REPO / "eval" / "datasets" / "figure_claims.jsonl"
needs_shared = pytest.mark.skipif(not SAMPLE.is_file(), reason=f"shared sample data not found at {SHARED}")

SOURCE = "洞头区科学技术局2024年上半年工作总结\n一、上半年工作\n新增科技型中小企业19家,完成率190%。高新技术产业投资额为1.55亿元。\n"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop", hidden=True)
    def _noop() -> None:  # a second command keeps typer in multi-command mode, as in the real CLI
        pass

    return app


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    (tmp_path / "dongtou.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes("青田县科技局上半年兑现科技经费2119.85万元。".encode("gb18030"))
    return tmp_path


def test_text_mode_all_supported(app, source_dir):
    result = CliRunner().invoke(app, ["check", "--sources", str(source_dir), "--text", "洞头区新增科技型中小企业19家"])
    assert result.exit_code == 0, result.output
    assert "supported" in result.output


def test_text_mode_contradicted_exits_1_and_json(app, source_dir):
    result = CliRunner().invoke(
        app, ["check", "--sources", str(source_dir / "dongtou.txt"), "--text", "洞头区新增科技型中小企业18家", "--json"]
    )
    assert result.exit_code == 1
    (verdict,) = json.loads(result.stdout)
    assert verdict["label"] == "contradicted"
    assert "19家" in verdict["source_sentence"]


def test_file_mode_reads_gb18030_sources(app, source_dir, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("青田县兑现科技经费约0.21亿元。", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--sources", str(source_dir), "--file", str(draft), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["label"] == "supported"


def test_missing_source_is_one_line_error(app, tmp_path):
    result = CliRunner().invoke(app, ["check", "--sources", str(tmp_path / "nope.txt"), "--text", "新增19家"])
    assert result.exit_code == 1
    assert result.stderr.startswith("错误: ") and result.stderr.count("\n") == 1


def test_text_and_claims_need_one_input(app, source_dir):
    result = CliRunner().invoke(app, ["check", "--sources", str(source_dir)])
    assert result.exit_code == 2
    assert "错误" in result.stderr


def test_malformed_jsonl_names_file_and_line(app, tmp_path, source_dir):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "doc": "dongtou.txt", "claim": "x", "label": "supported"}\n{oops\n', encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_claims(bad)
    assert info.value.line == 2 and "bad.jsonl" in str(info.value)
    result = CliRunner().invoke(app, ["check", "--claims", str(bad), "--sources", str(source_dir)])
    assert result.exit_code == 2
    assert "第2行" in result.stderr


def test_missing_doc_is_reported_not_raised(tmp_path, source_dir):
    claims = tmp_path / "c.jsonl"
    rows = [
        {"id": "1", "doc": "dongtou.txt", "claim": "洞头区新增科技型中小企业19家", "label": "supported", "kind": "v"},
        {"id": "2", "doc": "absent.txt", "claim": "新增19家", "label": "supported", "kind": "v"},
    ]
    claims.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = run_claims(load_claims(claims), source_dir)
    assert report.n == 1 and report.missing_docs == ["absent.txt"]
    assert report.items[1].missing_doc and report.items[1].predicted is None


@needs_shared
def test_claims_mode_json_on_sample(app):
    result = CliRunner().invoke(app, ["check", "--claims", str(SAMPLE), "--sources", str(CORPUS), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    for key in ("n", "accuracy", "balanced_accuracy", "unsupported_recall", "false_alarm_rate", "by_kind", "baseline"):
        assert key in payload
    assert payload["n"] == 19
    assert payload["accuracy"] == 1.0


@needs_shared
def test_claims_table_mode(app):
    result = CliRunner().invoke(app, ["check", "--claims", str(SAMPLE), "--sources", str(CORPUS)])
    assert result.exit_code == 0
    assert "朴素基线" in result.output


@needs_shared
def test_generated_benchmark():
    report = run_claims(load_claims(GENERATED), CORPUS)
    assert report.n >= 2000
    assert report.balanced_accuracy >= 0.98
    faithful = [i for i in report.items if i.label == "supported"]
    false_alarms = sum(1 for i in faithful if i.predicted == "unsupported")
    assert false_alarms / len(faithful) <= 0.01


def test_eval_claims_scores_each_set_against_its_corpus_and_records_it(tmp_path: Path, source_dir: Path) -> None:
    from scribe.cli.check import register_eval

    claims = tmp_path / "answers.jsonl"
    rows = [
        # one figure of a longer answer, with the question and the chunk it cited
        {
            "id": "a1",
            "doc": "dongtou.txt",
            "claim": "新增科技型中小企业19家[1]，完成率190%[1]。",
            "figure": "19家",
            "question": "洞头区新增科技型中小企业多少家？",
            "cited": [{"source_id": "c1", "text": "新增科技型中小企业19家,完成率190%。"}],
            "label": "supported",
            "kind": "qa_supported",
        },
        {"id": "a2", "doc": "dongtou.txt", "claim": "高新技术产业投资额为1.65亿元。", "label": "unsupported"},
    ]
    claims.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    app = typer.Typer()
    register_eval(app)
    app.command("noop", hidden=True)(lambda: None)
    env = {"SCRIBE_DATA_DIR": str(tmp_path / "data")}
    result = CliRunner().invoke(
        app, ["claims", "--dataset", str(claims), "--sources", str(source_dir), "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["answers"]
    assert report["n"] == 2 and report["balanced_accuracy"] == 1.0
    assert report["by_kind"]["qa_supported"]["outcomes"] == {"supported": 1}
    assert (tmp_path / "data" / "eval_history.sqlite3").is_file()


def test_the_registered_sets_leave_the_blind_sets_out_unless_asked() -> None:
    from eval.claims import BLIND_SETS, claim_sets

    def folders(sets: list[tuple[str, Path, Path]]) -> set[Path]:
        return {path.resolve().parent for _, path, _ in sets}

    assert BLIND_SETS and not folders(claim_sets()) & BLIND_SETS
    assert folders(claim_sets(blind=True)) >= BLIND_SETS
