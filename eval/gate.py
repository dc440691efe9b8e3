"""The CI gate: compare a run's flat metrics with the checked-in thresholds (``eval/thresholds.toml``).

The file has two tables of ``"metric.key" = number``: ``[min]`` (the metric must be at least this) and
``[max]`` (at most this, e.g. wrong-bureau rate, leakage). A threshold naming a metric the run did not
produce fails too: a dataset that silently disappeared must not pass the gate.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from scribe.errors import ScribeError

DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
# Metrics we must never be worse at than the naive baseline measured in the same run.
BASELINE_METRICS = ("recall@5",)


class GateError(ScribeError):
    """A file the gate reads (thresholds, a saved report) is missing or not in the expected shape."""

    exit_code = 2

    def __init__(self, path: Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class Threshold(BaseModel):
    metric: str
    kind: Literal["min", "max"]
    limit: float


class GateResult(BaseModel):
    metric: str
    kind: Literal["min", "max"]
    limit: float
    value: float | None
    passed: bool

    @property
    def message(self) -> str:
        if self.value is None:
            return f"{self.metric}: 本次评测没有这个指标（门槛 {self.kind} {self.limit:g}）"
        word = "低于下限" if self.kind == "min" else "高于上限"
        return f"{self.metric} = {self.value:.4g}，{word} {self.limit:g}"


def load_thresholds(path: Path = DEFAULT_THRESHOLDS) -> list[Threshold]:
    """Parse the thresholds file; problems raise :class:`GateError` naming the file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise GateError(path, f"门槛文件无法读取（{e.strerror or e}）") from e
    except tomllib.TOMLDecodeError as e:
        raise GateError(path, f"门槛文件不是合法的 TOML（{e}）") from e
    unknown = sorted(set(data) - {"min", "max"})
    if unknown:
        raise GateError(path, f"门槛文件只允许 [min] 和 [max] 两个表，多出 {'、'.join(unknown)}")
    out: list[Threshold] = []
    for kind in ("min", "max"):
        table = data.get(kind, {})
        if not isinstance(table, dict):
            raise GateError(path, f"[{kind}] 必须是表")
        for metric, limit in table.items():
            if isinstance(limit, bool) or not isinstance(limit, int | float):
                raise GateError(path, f"[{kind}] {metric} 的门槛必须是数字")
            out.append(Threshold(metric=metric, kind=kind, limit=float(limit)))
    if not out:
        raise GateError(path, "门槛文件中没有任何门槛")
    return out


def check(metrics: Mapping[str, float], thresholds: list[Threshold]) -> list[GateResult]:
    """One result per threshold, in file order, then one per dataset with a naive baseline: we must not retrieve
    worse than it (``qa.<dataset>.recall@5`` ≥ ``qa.<dataset>.baseline.recall@5``)."""
    results = []
    for t in thresholds:
        value = metrics.get(t.metric)
        if value is None:
            passed = False
        elif t.kind == "min":
            passed = value >= t.limit - 1e-9
        else:
            passed = value <= t.limit + 1e-9
        results.append(GateResult(metric=t.metric, kind=t.kind, limit=t.limit, value=value, passed=passed))
    for key, baseline in sorted(metrics.items()):
        head, sep, tail = key.partition(".baseline.")
        if sep and tail in BASELINE_METRICS and (ours := metrics.get(f"{head}.{tail}")) is not None:
            passed = ours >= baseline - 1e-9
            results.append(GateResult(metric=f"{head}.{tail}", kind="min", limit=baseline, value=ours, passed=passed))
    return results


def failures(results: list[GateResult]) -> list[GateResult]:
    return [r for r in results if not r.passed]


def load_report_metrics(path: Path) -> dict[str, float]:
    """The flat metrics of a saved ``report.json`` (written by ``scribe eval all`` / ``eval gate``)."""
    from pydantic import ValidationError

    from eval.suite import EvalReport

    try:
        return EvalReport.model_validate_json(Path(path).read_text(encoding="utf-8")).metrics()
    except OSError as e:
        raise GateError(path, f"评测报告无法读取（{e.strerror or e}）") from e
    except ValidationError as e:
        raise GateError(path, f"不是评测报告 JSON（{e.error_count()} 处不符）") from e
