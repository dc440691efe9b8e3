"""View models for the app's tables: library, indicators, drafts and evaluation, as DataFrames and HTML.

Nothing here imports Streamlit; see ``scribe.ui`` for answers, citations, escaping and error messages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import BaseModel

from scribe.ui import DRAFT_STATE_STYLES, UNKNOWN_STYLE, escape_text

if TYPE_CHECKING:
    from chains.compare import Comparison
    from chains.draft import DraftFigure, DraftPlan
    from chains.style import ReportPart
    from chains.summary import IndicatorRow
    from eval.history import EvalRun
    from eval.qa_eval import QAReport
    from scribe.models import Document
    from vectorstore.ingest import IngestSummary

log = logging.getLogger(__name__)


# --- library ------------------------------------------------------------------------------------------------

DOCUMENT_COLUMNS = ["文件", "单位", "年份", "时期", "类型", "块数", "数字数", "入库时间"]


def documents_frame(docs: Sequence[Document]) -> pd.DataFrame:
    rows = [
        {
            "文件": d.file_name,
            "单位": d.meta.bureau or "（未识别）",
            "年份": "、".join(str(y) for y in d.meta.years),
            "时期": d.meta.period or "",
            "类型": d.meta.doc_type.value,
            "块数": d.chunks,
            "数字数": d.figures,
            "入库时间": d.ingested_at.astimezone().strftime("%Y-%m-%d %H:%M") if d.ingested_at else "",
        }
        for d in docs
    ]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


@dataclass(frozen=True)
class FilterOptions:
    bureaus: list[str]
    years: list[int]
    periods: list[str]


def filter_options(docs: Sequence[Document], chunk_bureaus: Iterable[str] = ()) -> FilterOptions:
    bureaus = {d.meta.bureau for d in docs if d.meta.bureau} | set(chunk_bureaus)
    years = {y for d in docs for y in d.meta.years}
    periods = {d.meta.period for d in docs if d.meta.period}
    return FilterOptions(sorted(bureaus), sorted(years, reverse=True), sorted(periods))


_MAX_NAME_BYTES = 200


def safe_file_name(name: str) -> str:
    """The base name of an uploaded file, without any directory part or characters a file system dislikes."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r'[\x00-\x1f<>:"/|?*]', "_", base).strip(" .")
    if not base:
        return "upload.txt"
    suffix = PurePath(base).suffix[:10]
    stem = base[: len(base) - len(suffix)] if suffix else base
    while len((stem + suffix).encode("utf-8")) > _MAX_NAME_BYTES:  # file systems refuse names over 255 bytes
        stem = stem[:-1]
    return (stem + suffix) or "upload.txt"


def check_upload(name: str, size: int, *, max_mb: float, suffixes: Iterable[str]) -> str | None:
    """Why an uploaded file cannot be ingested, in Chinese, or None when it may go on to ingestion."""
    allowed = sorted(suffixes)
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        return f"不支持的文件类型“{suffix or '无扩展名'}”；请上传 {' '.join(allowed)} 文件"
    if size == 0:
        return "文件是空的（0 字节）；请检查后重新上传"
    if size > max_mb * 1024 * 1024:
        return f"文件过大（{size / 1024 / 1024:.1f} MB），上限 {max_mb:g} MB；请拆分后上传或调大 SCRIBE_MAX_FILE_MB"
    return None


@dataclass(frozen=True)
class FileMessage:
    """One line of feedback about one file: ``level`` is success / info / warning / error."""

    file_name: str
    level: str
    text: str


_STATUS_WORDS = {
    "added": ("success", "已入库"),
    "updated": ("success", "已更新"),
    "unchanged": ("info", "内容未变，跳过"),
    "duplicate": ("warning", "重复"),
    "failed": ("error", "入库失败"),
}


def ingest_messages(summary: IngestSummary) -> list[FileMessage]:
    out: list[FileMessage] = []
    for r in summary.results:
        level, word = _STATUS_WORDS.get(r.status.value, ("info", r.status.value))
        name = Path(r.path).name
        if r.status.value in ("added", "updated"):
            text = f"{name}：{word}（{r.chunks} 块，{r.figures} 个数字）"
        elif r.status.value == "failed":
            text = f"{name}：{word}——{r.message or '原因未知'}"
        else:
            text = f"{name}：{r.message or word}"
        out.append(FileMessage(name, level, text))
    return out


# --- indicators ---------------------------------------------------------------------------------------------

LEDGER_COLUMNS = ["单位", "时期", "指标", "原文", "数值", "计量单位", "类别", "性质", "来源句", "文件"]
KIND_WORDS = {
    "amount": "总量",
    "growth": "增速",
    "share": "比重",
    "count": "数量",
    "rank": "排名",
    "completion": "完成率",
    "change": "变化",
    "ratio": "比例",
    "other": "其他",
}
_UNIT_SCALE = {"元": (1e4, "万元"), "平方米": (1e4, "万平方米")}


def display_value(value: float | None, unit: str) -> tuple[float | None, str]:
    """A ledger value in a readable unit: 元 → 万元; ranks shown as 名."""
    if unit == "rank":
        return value, "名次"
    scale, label = _UNIT_SCALE.get(unit, (1.0, unit))
    return (None if value is None else round(value / scale, 4)), label


def ledger_frame(rows: Sequence[dict[str, object]], docs: Sequence[Document]) -> pd.DataFrame:
    """The figure ledger as a table; a figure without its own bureau takes its document's."""
    by_id = {d.doc_id: d for d in docs}
    out = []
    for r in rows:
        if r.get("status") == "placeholder":
            continue
        doc = by_id.get(str(r.get("doc_id")))
        raw = r.get("value")
        value, unit = display_value(float(raw) if isinstance(raw, int | float) else None, str(r.get("unit") or ""))
        out.append(
            {
                "单位": r.get("bureau")
                or (doc.meta.bureau if doc else None)
                or (doc.file_name if doc else "（未识别）"),
                "时期": r.get("period") or (doc.meta.period if doc else "") or "",
                "指标": r.get("metric") or "",
                "原文": r.get("surface") or "",
                "数值": value,
                "计量单位": unit,
                "类别": KIND_WORDS.get(str(r.get("kind")), str(r.get("kind"))),
                "性质": "目标" if r.get("modality") == "target" else "完成",
                "来源句": r.get("sentence") or "",
                "文件": doc.file_name if doc else str(r.get("doc_id")),
            }
        )
    frame = pd.DataFrame(out, columns=LEDGER_COLUMNS)
    # chunks overlap where a long section is split, so one sentence's figures can be stored twice
    return frame.drop_duplicates(subset=["单位", "时期", "指标", "原文", "来源句"]).reset_index(drop=True)


def filter_ledger(
    frame: pd.DataFrame,
    *,
    bureaus: Sequence[str] = (),
    periods: Sequence[str] = (),
    kinds: Sequence[str] = (),
    metric: str = "",
) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    if bureaus:
        mask &= frame["单位"].isin(bureaus)
    if periods:
        mask &= frame["时期"].isin(periods)
    if kinds:
        mask &= frame["类别"].isin(kinds)
    if metric.strip():
        mask &= frame["指标"].str.contains(metric.strip(), regex=False)
    return frame[mask].reset_index(drop=True)


def metric_key(metric: str, kind: str) -> str:
    """How a metric is named in the chart picker: 规上工业研发费用（增速）."""
    return f"{metric}（{kind}）"


def comparable_metrics(frame: pd.DataFrame, min_groups: int = 2) -> list[str]:
    """Metric keys (metric and kind) with achieved values from at least ``min_groups`` bureau/period pairs."""
    done = frame[(frame["性质"] == "完成") & frame["数值"].notna() & (frame["指标"] != "")]
    if done.empty:
        return []
    keys = done["指标"] + "（" + done["类别"] + "）"
    groups = done.assign(key=keys).groupby("key")[["单位", "时期"]].apply(lambda g: len(g.drop_duplicates()))
    groups = groups[groups >= min_groups]
    ordered = sorted(groups.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
    return [str(k) for k, _ in ordered]


COMPARISON_COLUMNS = ["单位", "时期", "数值", "计量单位", "原文", "来源句"]


def comparison_frame(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """One achieved value per bureau and period for a metric key, in its most common unit, for a bar chart."""
    rows = frame[
        (frame["指标"] + "（" + frame["类别"] + "）" == key) & (frame["性质"] == "完成") & frame["数值"].notna()
    ]
    if rows.empty:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    unit = rows["计量单位"].mode().iloc[0]
    rows = rows[rows["计量单位"] == unit].drop_duplicates(subset=["单位", "时期"], keep="first")
    return rows[COMPARISON_COLUMNS].reset_index(drop=True)


# --- drafts -------------------------------------------------------------------------------------------------


def draft_html(plan: DraftPlan) -> str:
    """The draft as HTML: placeholders grey, each figure coloured by its check state (reason in the tooltip)."""
    from chains.export import plan_blocks  # the same blocks the .docx export writes

    figures = {f.surface: f for f in plan.figures()}
    parts = [f'<h3 style="text-align:center">{escape_text(plan.title)}</h3>']
    for block in plan_blocks(plan):
        spans = _draft_spans(block.text, block.highlights, figures)
        body, pos = [], 0
        for start, end, state, tip in spans:
            body.append(escape_text(block.text[pos:start]))
            style = DRAFT_STATE_STYLES.get(state, UNKNOWN_STYLE)
            body.append(
                f'<span class="scribe-fig scribe-{state}" data-state="{state}" title="{escape_text(tip)}" '
                f'style="color:{style.colour};font-weight:600;{"background:#eee;" if state == "placeholder" else ""}">'
                f"{escape_text(block.text[start:end])}</span>"
            )
            pos = end
        body.append(escape_text(block.text[pos:]))
        text = "".join(body)
        if block.level:
            parts.append(f'<p style="font-weight:700;margin:0.8em 0 0.3em">{text}</p>')
        else:
            parts.append(f'<p style="text-indent:2em;margin:0.2em 0;line-height:1.8">{text}</p>')
    return '<div class="scribe-draft">' + "".join(parts) + "</div>"


def _draft_spans(
    text: str, placeholders: Sequence[tuple[int, int]], figures: dict[str, DraftFigure]
) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = [(a, b, "placeholder", "待填：请补上数字或内容") for a, b in placeholders]
    for surface, fig in figures.items():
        if not surface:
            continue
        state = fig.state
        label = DRAFT_STATE_STYLES.get(state, UNKNOWN_STYLE).label
        detail = fig.source_sentence or fig.basis or fig.note
        tip = f"{label}：{detail}" if detail else label
        for m in re.finditer(re.escape(surface), text):
            spans.append((m.start(), m.end(), state, tip))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str, str]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def coverage_frame(plan: DraftPlan) -> pd.DataFrame:
    rows = [
        {
            "存在问题": c.problem,
            "回应条目": "、".join(c.addressed_by) or "（未回应）",
            "状态": "仅占位条目" if c.by_stub_only else ("已回应" if c.covered else "未回应"),
        }
        for c in plan.coverage
    ]
    return pd.DataFrame(rows, columns=["存在问题", "回应条目", "状态"])


def draft_figures_frame(plan: DraftPlan) -> pd.DataFrame:
    from chains.export import figure_rows

    return pd.DataFrame(figure_rows(plan), columns=["数字", "指标", "核对结果", "来源原文 / 依据"])


# --- evaluation ---------------------------------------------------------------------------------------------


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


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write an uploaded file under ``folder`` (never outside it) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_file_name(name)
    path.write_bytes(data)
    return path


def summary_indicator_frame(rows: Sequence[IndicatorRow]) -> pd.DataFrame:
    """A summary's indicator rows as a table with the quoted source sentence."""
    out = [
        {
            "指标": r.metric,
            "数值": r.value or "",
            "增速": r.growth or "",
            "完成率": r.completion or "",
            "排名": r.rank or "",
            "时期": r.period or "",
            "来源原文": r.citation.quote,
        }
        for r in rows
    ]
    return pd.DataFrame(out, columns=["指标", "数值", "增速", "完成率", "排名", "时期", "来源原文"])


@dataclass(frozen=True)
class DraftTarget:
    """A bureau the corpus can draft for: its key for ``DraftRequest.bureau``, a label, the next period."""

    key: str
    label: str
    period: str


def draft_targets(parts: Sequence[ReportPart]) -> list[DraftTarget]:
    """One entry per bureau in ``parts``, with the period after its latest report as the default target."""
    from chains.draft_offline import next_period

    latest: dict[str, ReportPart] = {}
    for part in parts:
        best = latest.get(part.key)
        if best is None or max(part.years, default=0) > max(best.years, default=0):
            latest[part.key] = part
    out = []
    for key, part in latest.items():
        nxt = next_period(part.years, part.period, None)
        out.append(DraftTarget(key=key, label=part.label, period=nxt.label if nxt else ""))
    return sorted(out, key=lambda t: (t.key != t.label, t.label))


def split_list(text: str) -> list[str]:
    """Items typed into one box, separated by Chinese or ASCII commas, 、 or semicolons."""
    return [p.strip() for p in re.split(r"[,，、;；]", text) if p.strip()]


def parse_years(text: str) -> list[int] | None:
    """Years typed as ``2023，2024``; None when any item is not a four-digit year."""
    parts = split_list(text)
    if not all(p.isdigit() and len(p) == 4 for p in parts):
        return None
    return [int(p) for p in parts]


MATCH_WORDS = {"exact": "同一指标", "synonym": "同义", "related": "相关（口径不同）"}


def compare_frame(result: Comparison) -> pd.DataFrame:
    """A cross-report comparison as a table: every row with its period label and the words its source used."""
    out = [
        {
            "单位": r.bureau or f"{r.file_name}（单位未识别）",
            "统计期": r.period_label,
            "原文指标": r.metric,
            "匹配": MATCH_WORDS.get(r.match.value, r.match.value),
            "数值": r.value or "",
            "增速": r.growth or "",
            "排名": r.rank or "",
            "来源句": r.sentence,
        }
        for r in result.rows
    ]
    return pd.DataFrame(out, columns=["单位", "统计期", "原文指标", "匹配", "数值", "增速", "排名", "来源句"])


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
