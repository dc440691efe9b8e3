"""View models for the evaluation page: QA metrics and failures, datasets, model tables and the run history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import BaseModel

if TYPE_CHECKING:
    from eval.history import EvalRun
    from eval.qa_eval import QAReport
    from scribe.models import Document


def qa_metrics_frame(report: QAReport) -> pd.DataFrame:
    base = report.baseline
    rows = [
        {"指标": f"recall@{k}", "本系统": v, "朴素基线": base.recall.get(k) if base else None}
        for k, v in report.recall.items()
    ]
    rows += [
        {"指标": "MRR", "本系统": report.mrr, "朴素基线": base.mrr if base else None},
        {"指标": "数字准确率", "本系统": report.figure_accuracy, "朴素基线": None},
        {"指标": "拒答准确率", "本系统": report.refusal_accuracy, "朴素基线": None},
        {"指标": "误拒率", "本系统": report.false_refusal_rate, "朴素基线": None},
        {"指标": "串单位率", "本系统": report.wrong_bureau_rate, "朴素基线": None},
    ]
    return pd.DataFrame(rows, columns=["指标", "本系统", "朴素基线"])


def qa_failures_frame(report: QAReport) -> pd.DataFrame:
    rows = []
    for r in report.items:
        problems = []
        if r.figure_correct is False:
            problems.append("数字缺失：" + "、".join(r.figures_missing) if r.figures_missing else "数字不符")
        if r.contradicted:
            problems.append("矛盾：" + "、".join(r.contradicted))
        if r.type == "unanswerable" and not r.refused:
            problems.append("应拒答却作答")
        if r.type != "unanswerable" and r.refused:
            problems.append("误拒答")
        if r.wrong_bureau:
            problems.append("串单位")
        if problems:
            rows.append({"编号": r.id, "问题": r.question, "失败原因": "；".join(problems), "回答": r.answer})
    return pd.DataFrame(rows, columns=["编号", "问题", "失败原因", "回答"])


def dataset_candidates(folders: Sequence[Path], pattern: str) -> list[Path]:
    """Dataset files matching ``pattern`` in each existing folder, in folder order (packaged data first)."""
    return [p for folder in folders if folder.is_dir() for p in sorted(folder.glob(pattern))]


def claims_sources_dir(item_docs: Iterable[str], docs: Sequence[Document]) -> Path | None:
    """The folder of stored documents that holds most of the documents a claims dataset names."""
    wanted = set(item_docs)
    counts: dict[Path, int] = {}
    for d in docs:
        if d.file_name in wanted:
            folder = Path(d.source_path).parent
            counts[folder] = counts.get(folder, 0) + 1
    return max(counts, key=lambda f: counts[f]) if counts else None


def models_frame(rows: Sequence[BaseModel], columns: dict[str, str]) -> pd.DataFrame:
    """Pydantic models as a table: ``columns`` maps field names (dotted for nested) to Chinese headers."""
    out = []
    for row in rows:
        data = row.model_dump()
        record: dict[str, object] = {}
        for field, header in columns.items():
            value: object = data
            for part in field.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            record[header] = value
        out.append(record)
    return pd.DataFrame(out, columns=list(columns.values()))


def history_frame(runs: Sequence[EvalRun]) -> pd.DataFrame:
    """The evaluation history, one row per run (oldest first), headline metrics with ↑/↓ against the run before."""
    from eval.history import key_metrics, trend

    keys = key_metrics(runs)
    rows: list[dict[str, object]] = []
    for i, run in enumerate(runs):
        row: dict[str, object] = {
            "时间": run.timestamp.strftime("%Y-%m-%d %H:%M"),
            "命令": run.command,
            "模式": run.llm_model,
            "嵌入": run.embedding_model,
            "提交": run.git_commit[:8],
        }
        for key in keys:
            value = run.metrics.get(key)
            previous = runs[i - 1].metrics.get(key) if i else None
            arrow, _ = trend(previous, value, key)
            row[key] = "" if value is None else f"{value:.3f}{arrow}"
        rows.append(row)
    return pd.DataFrame(rows)
