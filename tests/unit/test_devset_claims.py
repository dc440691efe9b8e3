"""The checker on the hand-labelled claims over the unseen-style dev corpus (eval/datasets/devset/).

The tuning half guards what was fixed; the held-out half guards the estimate. Floors sit a little under what was
measured so that one regression in a handful of items shows up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.claims import load_claims, run_claims

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "eval" / "devset" / "corpus"


@pytest.mark.parametrize(
    ("name", "balanced", "false_alarms"),
    [
        ("claims_tune", 0.97, 0.05),
        ("claims_holdout", 0.92, 0.13),
        ("claims_holdout2", 0.92, 0.11),
        ("claims_probe_dev", 0.95, 0.05),
    ],
)
def test_devset_claims(name: str, balanced: float, false_alarms: float) -> None:
    report = run_claims(load_claims(REPO / "eval" / "datasets" / "devset" / f"{name}.jsonl"), CORPUS)
    assert not report.missing_docs
    assert report.balanced_accuracy >= balanced, [(i.id, i.reason) for i in report.items if not i.correct]
    assert report.false_alarm_rate <= false_alarms
    assert report.balanced_accuracy > report.baseline.balanced_accuracy + 0.2
