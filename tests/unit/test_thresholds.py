"""The CI gate's thresholds file and the pure check against a run's metrics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eval.gate import DEFAULT_THRESHOLDS, GateError, check, failures, load_report_metrics, load_thresholds
from eval.suite import DATASETS_DIR

REQUIRED = {
    "claims.claims_sample.balanced_accuracy",
    "claims.figure_claims.balanced_accuracy",
    "qa.qa_seeds.recall@5",
    "qa.qa_seeds.figure_accuracy",
    "qa.qa_seeds.refusal_accuracy",
    "qa.qa_seeds.wrong_bureau_rate",
    "drafts.figure_faithfulness",
    "drafts.leakage",
    "summaries.section_coverage",
    "summaries.faithfulness",
}


def test_checked_in_thresholds_cover_the_issue_and_say_how_to_change_them() -> None:
    thresholds = load_thresholds()
    assert {t.metric for t in thresholds} >= REQUIRED
    kinds = {t.metric: t.kind for t in thresholds}
    assert kinds["qa.qa_seeds.wrong_bureau_rate"] == kinds["drafts.leakage"] == "max"
    assert all(0 <= t.limit <= 1 for t in thresholds)
    head = DEFAULT_THRESHOLDS.read_text(encoding="utf-8")[:600]
    assert "Raising a threshold is a normal commit; lowering one needs a reason in the commit message." in head
    # every dataset a threshold names is shipped
    for t in thresholds:
        area, dataset = t.metric.split(".")[:2]
        if area in ("qa", "claims"):
            assert (DATASETS_DIR / f"{dataset}.jsonl").is_file(), t.metric


def test_min_and_max_thresholds_and_a_missing_metric() -> None:
    thresholds = load_thresholds()
    metrics = {t.metric: t.limit for t in thresholds}
    assert not failures(check(metrics, thresholds))  # exactly at the threshold passes

    lowered = dict(metrics, **{"qa.qa_seeds.recall@5": 0.5, "drafts.leakage": 2.0})
    lowered.pop("summaries.faithfulness")
    bad = {r.metric: r for r in failures(check(lowered, thresholds))}
    assert set(bad) == {"qa.qa_seeds.recall@5", "drafts.leakage", "summaries.faithfulness"}
    assert "低于下限" in bad["qa.qa_seeds.recall@5"].message
    assert "高于上限" in bad["drafts.leakage"].message
    assert "没有这个指标" in bad["summaries.faithfulness"].message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[min]\nx = ", "不是合法的 TOML"),
        ("[minimum]\nx = 1\n", "只允许 [min] 和 [max]"),
        ('[min]\n"x" = "high"\n', "必须是数字"),
        ("# nothing\n", "没有任何门槛"),
    ],
)
def test_bad_thresholds_file_is_a_message(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GateError, match=re.escape(reason)) as caught:
        load_thresholds(path)
    assert str(path) in caught.value.user_message()


def test_missing_files_are_messages(tmp_path: Path) -> None:
    with pytest.raises(GateError, match="无法读取"):
        load_thresholds(tmp_path / "none.toml")
    (tmp_path / "report.json").write_text('{"run": {}}', encoding="utf-8")
    with pytest.raises(GateError, match="不是评测报告"):
        load_report_metrics(tmp_path / "report.json")


def test_recall_below_the_naive_baseline_fails_on_any_dataset() -> None:
    thresholds = load_thresholds()
    metrics = {t.metric: t.limit for t in thresholds}
    metrics |= {"qa.qa_seeds.baseline.recall@5": 0.90, "qa.devset.recall@5": 0.80, "qa.devset.baseline.recall@5": 0.84}
    bad = failures(check(metrics, thresholds))
    assert [(r.metric, r.limit, r.value) for r in bad] == [("qa.devset.recall@5", 0.84, 0.80)]
    metrics["qa.devset.recall@5"] = 0.84  # equal to the baseline passes
    assert not failures(check(metrics, thresholds))
