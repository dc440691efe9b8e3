"""View models for the indicators page: the figure ledger, its filters, comparisons and indicator tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from chains.ledger_classes import INDICATOR_ROW, OTHER_ROW, ledger_entries
from scribe.lexicon.periods import parse_period

if TYPE_CHECKING:
    from chains.compare import Comparison
    from chains.summary import IndicatorRow
    from scribe.models import Document

LEDGER_COLUMNS = [
    "单位",
    "时期",
    "指标",
    "原文",
    "数值",
    "计量单位",
    "类别",
    "性质",
    "台账",
    "其他类别",
    "原文指标",
    "来源句",
    "文件",
    "核对",
]
OCR_LABEL = "OCR识别，请核对原件"  # a figure read from a scan: the OCR may have misread it
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
    """The figure ledger as a table (:func:`chains.ledger_classes.ledger_entries`); a figure without its own
    bureau takes its document's."""
    out = []
    for e in ledger_entries(rows, docs):
        value, unit = display_value(e.value, e.unit)
        out.append(
            {
                "单位": e.bureau,
                "时期": e.period,
                "指标": e.name,
                "原文": e.surface,
                "数值": value,
                "计量单位": unit,
                "类别": KIND_WORDS.get(e.kind, e.kind),
                "性质": "目标" if e.target else "完成",
                "台账": INDICATOR_ROW if e.indicator else OTHER_ROW,
                "其他类别": e.other_class or "",
                "原文指标": e.metric,
                "来源句": e.sentence,
                "文件": e.file_name,
                "核对": OCR_LABEL if e.ocr else "",
            }
        )
    return pd.DataFrame(out, columns=LEDGER_COLUMNS)


def filter_ledger(
    frame: pd.DataFrame,
    *,
    bureaus: Sequence[str] = (),
    periods: Sequence[str] = (),
    kinds: Sequence[str] = (),
    metric: str = "",
    indicators: Sequence[str] = (),
    others: bool = True,
) -> pd.DataFrame:
    """Rows matching every filter given; ``others=False`` keeps only the dictionary's indicators."""
    mask = pd.Series(True, index=frame.index)
    if not others:
        mask &= frame["台账"] == INDICATOR_ROW
    if indicators:
        mask &= frame["指标"].isin(indicators)
    if bureaus:
        mask &= frame["单位"].isin(bureaus)
    if periods:
        mask &= frame["时期"].isin(periods)
    if kinds:
        mask &= frame["类别"].isin(kinds)
    if metric.strip():
        term = metric.strip()
        mask &= frame["指标"].str.contains(term, regex=False) | frame["原文指标"].str.contains(term, regex=False)
    return frame[mask].reset_index(drop=True)


def metric_key(metric: str, kind: str) -> str:
    """How a metric is named in the chart picker: 规上工业研发费用（增速）."""
    return f"{metric}（{kind}）"


def indicator_names(frame: pd.DataFrame) -> list[str]:
    """The dictionary indicators the ledger holds, most rows first."""
    counts = frame[frame["台账"] == INDICATOR_ROW]["指标"].value_counts()
    return [str(name) for name in counts.index]


def indicator_share(frame: pd.DataFrame) -> float:
    """Share of rows that are dictionary indicators."""
    return float((frame["台账"] == INDICATOR_ROW).mean()) if len(frame) else 1.0


def comparable_metrics(frame: pd.DataFrame, min_groups: int = 2) -> list[str]:
    """Indicator keys (indicator and kind) with achieved values from at least ``min_groups`` bureau/period pairs."""
    done = frame[
        (frame["性质"] == "完成") & frame["数值"].notna() & (frame["指标"] != "") & (frame["台账"] == INDICATOR_ROW)
    ]
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


SUMMARY_INDICATOR_COLUMNS = ["指标", "数值", "增速/变化", "完成率", "排名", "时期", "来源", "来源原文"]


def period_warning(data: pd.DataFrame) -> str | None:
    """Why a chart's bars are not like for like: the periods they cover differ (1-5月 beside 全年); else None."""
    spans: dict[tuple[int, int] | None, list[str]] = {}
    for bureau, period in zip(data["单位"], data["时期"], strict=True):
        spans.setdefault(parse_period(str(period) or None).months, []).append(f"{bureau} {period or '时期未注明'}")
    if len(spans) <= 1:
        return None
    parts = "；".join("、".join(dict.fromkeys(names)) for names in spans.values())
    return f"统计期不同，数值不可直接比较：{parts}"


def summary_indicator_frame(rows: Sequence[IndicatorRow], marks: Sequence[str] = ()) -> pd.DataFrame:
    """A summary's indicator rows as a table: the .docx's columns, its [n] source marks, the quoted sentence."""
    out = [
        {
            "指标": r.metric,
            "数值": r.value or "",
            "增速/变化": r.growth or "",
            "完成率": r.completion or "",
            "排名": r.rank or "",
            "时期": r.period or "",
            "来源": mark,
            "来源原文": r.citation.quote,
        }
        for r, mark in zip(rows, [*marks, *[""] * (len(rows) - len(marks))], strict=True)
    ]
    return pd.DataFrame(out, columns=SUMMARY_INDICATOR_COLUMNS)


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
