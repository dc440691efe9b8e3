"""View models for the draft page: the draft as HTML, its coverage and figure tables, targets and form input."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from scribe.app.ui import DRAFT_STATE_STYLES, UNKNOWN_STYLE, escape_text

if TYPE_CHECKING:
    from chains.draft import DraftFigure, DraftPlan
    from vectorstore.anatomy import ReportPart


def draft_html(plan: DraftPlan, *, notes: bool = True) -> str:
    """The draft as HTML: placeholders grey, each figure coloured by its check state (reason in the tooltip); with
    ``notes``, each item's 依据 (what it rests on) in small grey type under it, as the .docx sets them."""
    from chains.draft.export import plan_blocks  # the same blocks the .docx export writes

    figures = {f.surface: f for f in plan.figures()}
    parts = [f'<h3 style="text-align:center">{escape_text(plan.title)}</h3>']
    for block in plan_blocks(plan, material=notes):
        if block.note:
            parts.append(
                '<p class="scribe-basis" style="margin:0 0 0.5em 2em;font-size:0.82em;color:#595959;'
                f'line-height:1.5">{escape_text(block.text)}</p>'
            )
            continue
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
    from chains.draft.export import figure_rows

    return pd.DataFrame(figure_rows(plan), columns=["数字", "指标", "核对结果", "来源原文 / 依据"])


@dataclass(frozen=True)
class DraftTarget:
    """A bureau the corpus can draft for: its key for ``DraftRequest.bureau``, a label, the next period."""

    key: str
    label: str
    period: str


def draft_targets(parts: Sequence[ReportPart]) -> list[DraftTarget]:
    """One entry per bureau in ``parts``, with the period after its latest report as the default target."""
    from chains.draft import next_period

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
