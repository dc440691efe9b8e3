"""Render an :class:`~eval.suite.EvalReport` as ``report.md`` and a self-contained ``report.html``.

Both come from one list of blocks (headings, paragraphs, tables, charts); Markdown leaves the charts to the
HTML, which inlines them as SVG (:mod:`eval.svg`) — no script, stylesheet or font is fetched. The HTML is
well-formed XML so any parser reads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from eval.gate import Threshold
from eval.suite import EvalReport
from eval.svg import bar_chart, line_chart

HEADLINE_COLUMNS = ["指标", "数据集", "本系统", "朴素基线", "门槛"]
FAILURE_COLUMNS = ["类别", "数据集", "编号", "文档", "内容", "数字", "判定", "期望", "原文句子", "说明"]
_COUNT_WORDS = ("n", "leakage", "missing_docs", "bureaus", "skipped", "documents", "undecidable", "judged", "errors")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # h2, h3, p, table, chart
    text: str = ""
    table: Table | None = None


def fmt(key: str, value: float | None) -> str:
    """A metric for people: counts as integers, latencies in ms, everything else as a percentage."""
    if value is None:
        return "-"
    last = key.rsplit(".", 1)[-1]
    if last in _COUNT_WORDS:
        return f"{value:.0f}"
    if last == "mrr":
        return f"{value:.3f}"
    if last == "count_ratio":
        return f"{value:.2f}×"
    if "latency" in last or last == "seconds":
        return f"{value:.0f} ms" if "latency" in last else f"{value:.0f} s"
    return f"{value:.1%}"


def headline(report: EvalReport, thresholds: Sequence[Threshold] = ()) -> Table:
    """The headline table: the metrics the gate watches and the ones a bureau lead asks about first."""
    m = report.metrics()
    limits = {t.metric: ("≥ " if t.kind == "min" else "≤ ") + fmt(t.metric, t.limit) for t in thresholds}
    rows: list[tuple[str, str, str, bool]] = []  # label, dataset, key, has baseline
    for c in report.claims:
        rows += [("核查平衡准确率", c.dataset, f"claims.{c.dataset}.balanced_accuracy", True)]
        rows += [("错误数字检出率", c.dataset, f"claims.{c.dataset}.unsupported_recall", True)]
    for q in report.qa:
        p = f"qa.{q.dataset}."
        rows += [("检索召回率@5", q.dataset, p + "recall@5", True), ("MRR", q.dataset, p + "mrr", True)]
        rows += [(label, q.dataset, p + key, False) for label, key in _QA_ROWS]
    rows += [(label, "起草", key, False) for label, key in _DRAFT_ROWS]
    rows += [(label, "摘要", key, False) for label, key in _SUMMARY_ROWS]
    table = Table(HEADLINE_COLUMNS)
    for label, dataset, key, has_base in rows:
        if key not in m:
            continue
        base = fmt(key, m.get(key.rsplit(".", 1)[0] + ".baseline." + key.rsplit(".", 1)[1])) if has_base else "-"
        table.rows.append([label, dataset, fmt(key, m[key]), base, limits.get(key, "-")])
    return table


_QA_ROWS = [
    ("数字准确率", "figure_accuracy"),
    ("拒答准确率", "refusal_accuracy"),
    ("误拒率", "false_refusal_rate"),
    ("串单位率", "wrong_bureau_rate"),
]
_DRAFT_ROWS = [
    ("草稿数字可信度", "drafts.figure_faithfulness"),
    ("草稿问题覆盖", "drafts.problem_coverage"),
    ("草稿文风一致", "drafts.style_conformity"),
    ("草稿泄漏（处）", "drafts.leakage"),
    ("草稿照抄比例", "drafts.copy_share"),
    ("草稿照抄原计划比例", "drafts.held_copy_share"),
    ("草稿沿用回顾标题（处）", "drafts.review_headings"),
    ("原计划条目覆盖", "drafts.theme_coverage"),
    ("草稿条目精确（一对一）", "drafts.item_precision"),
    ("草稿与原计划条目数之比", "drafts.count_ratio"),
]
_SUMMARY_ROWS = [
    ("摘要章节覆盖", "summaries.section_coverage"),
    ("摘要关键指标覆盖", "summaries.key_coverage"),
    ("摘要数字可信度", "summaries.faithfulness"),
]


def blocks(report: EvalReport, thresholds: Sequence[Threshold] = ()) -> list[Block]:
    run = report.run
    out = [
        Block("p", f"本报告由{run.mode_label}产出（{run.mode}）。"),
        Block(
            "p",
            f"时间：{run.started_at:%Y-%m-%d %H:%M}；提交：{run.git_commit[:12]}；嵌入模型：{run.embedding_model}；"
            f"检索 k={run.retrieval_k}；语料：{'、'.join(run.corpus)}；用时 {run.seconds:.0f} 秒",
        ),
        Block("p", "数据集：" + "；".join(f"{d.name}（{d.kind}，{d.items} 条）" for d in report.datasets)),
        Block("h2", "总览"),
        Block("table", table=headline(report, thresholds)),
    ]
    out += _claims_blocks(report) + _qa_blocks(report) + _draft_blocks(report) + _summary_blocks(report)
    if report.judge:
        out.append(Block("h2", "大模型复核（单独统计，不计入上面的确定性指标）"))
        table = Table(["数据集", "规则无法判定", "大模型给出判断", "其中正确", "准确率", "调用失败"])
        for j in report.judge:
            acc = "-" if j.accuracy is None else f"{j.accuracy:.1%}"
            table.rows.append([j.dataset, str(j.undecidable), str(j.judged), str(j.correct), acc, str(j.errors)])
        out.append(Block("table", table=table))
        detail = Table(["数据集", "编号", "陈述", "标注", "大模型判断", "理由"])
        for j in report.judge:
            detail.rows += [[j.dataset, i.id, i.claim, i.label, i.judged or "无意见", i.reason] for i in j.items]
        out.append(Block("table", table=detail))
    out.append(Block("h2", f"未通过的案例（{len(report.failures)} 个）"))
    if report.failures:
        rows = [
            [f.area, f.dataset, f.id, f.doc, f.text, f.figure, f.verdict, f.expected, f.source_sentence, f.reason]
            for f in report.failures
        ]
        out.append(Block("table", table=Table(FAILURE_COLUMNS, rows)))
    else:
        out.append(Block("p", "没有未通过的案例。"))
    if report.notes:
        out += [Block("h2", "说明"), *(Block("p", note) for note in report.notes)]
    return out


def _claims_blocks(report: EvalReport) -> list[Block]:
    out = [Block("h2", "数字核查")] if report.claims else []
    for c in report.claims:
        r = c.report
        out.append(Block("h3", f"{c.dataset}（{r.n} 条）"))
        metrics = Table(["指标", "本系统", "朴素基线"])
        for label, name in [
            ("准确率", "accuracy"),
            ("平衡准确率", "balanced_accuracy"),
            ("错误数字检出率", "unsupported_recall"),
        ]:
            metrics.rows.append([label, f"{getattr(r, name):.1%}", f"{getattr(r.baseline, name):.1%}"])
        metrics.rows.append(["误报率", f"{r.false_alarm_rate:.1%}", f"{r.baseline.false_alarm_rate:.1%}"])
        out.append(Block("table", table=metrics))
        kinds = sorted(r.by_kind)
        base = [r.baseline.by_kind[k].accuracy if k in r.baseline.by_kind else None for k in kinds]
        chart = bar_chart(
            f"{c.dataset}：按类型的准确率",
            kinds,
            [("本系统", [r.by_kind[k].accuracy for k in kinds]), ("朴素基线", base)],
        )
        out.append(Block("chart", chart))
        by_kind = Table(["类型", "条数", "本系统", "朴素基线"])
        by_kind.rows = [
            [k, str(r.by_kind[k].n), f"{r.by_kind[k].accuracy:.1%}", fmt("x", b)]
            for k, b in zip(kinds, base, strict=True)
        ]
        out.append(Block("table", table=by_kind))
    return out


def _qa_blocks(report: EvalReport) -> list[Block]:
    out = [Block("h2", "问答")] if report.qa else []
    for q in report.qa:
        r = q.report
        out.append(Block("h3", f"{q.dataset}（{r.n} 题）"))
        ks = sorted(r.recall)
        series = [("本系统", [r.recall[k] for k in ks])]
        if r.baseline is not None:
            series.append(("朴素基线", [r.baseline.recall.get(k, 0.0) for k in ks]))
        out.append(Block("chart", line_chart(f"{q.dataset}：召回率@k", ks, series, x_label="k")))
        table = Table(["k", "本系统", "朴素基线"])
        for k in ks:
            table.rows.append([str(k), f"{r.recall[k]:.1%}", f"{r.baseline.recall[k]:.1%}" if r.baseline else "-"])
        table.rows.append(["MRR", f"{r.mrr:.3f}", f"{r.baseline.mrr:.3f}" if r.baseline else "-"])
        out.append(Block("table", table=table))
        out.append(Block("p", f"延迟 p50 {r.latency_p50_ms:.0f} ms，p95 {r.latency_p95_ms:.0f} ms。"))
    return out


def _draft_blocks(report: EvalReport) -> list[Block]:
    if not report.drafts:
        return []
    done = [b for b in report.drafts if b.draft is not None]
    names = [b.bureau for b in done]
    series = [
        ("数字可信", [b.draft.figure_faithfulness if b.draft else None for b in done]),
        ("问题覆盖", [b.draft.problem_coverage if b.draft else None for b in done]),
        ("文风一致", [b.draft.style_conformity if b.draft else None for b in done]),
    ]
    table = Table(["单位", "时期", "文本", "数字可信", "问题覆盖", "文风一致", "泄漏", "字数"])
    for b in report.drafts:
        if b.draft is None:
            table.rows.append([b.bureau, b.period or "-", "跳过", b.skipped or "", "", "", "", ""])
        for name, s in (("草稿", b.draft), ("真实计划", b.real)):
            if s is not None:
                cells = [fmt("x", s.figure_faithfulness), fmt("x", s.problem_coverage), fmt("x", s.style_conformity)]
                table.rows.append([b.bureau, b.period or "-", name, *cells, str(s.leakage), str(s.chars)])
    return [
        Block("h2", "起草"),
        Block("chart", bar_chart("各单位草稿得分", names, series)),
        Block("table", table=table),
    ]


def _summary_blocks(report: EvalReport) -> list[Block]:
    s = report.summaries
    if s is None:
        return []
    table = Table(["文档", "章节覆盖", "关键指标覆盖", "数字可信", "压缩比", "核对"])
    for d in s.documents:
        table.rows.append(
            [
                d.doc,
                f"{fmt('x', d.section_coverage)} ({d.sections_covered}/{d.sections_total})",
                f"{fmt('x', d.key_coverage)} ({d.key_included}/{d.key_indicators})",
                f"{fmt('x', d.faithfulness)} ({d.faithful}/{d.figures})",
                f"{d.compression:.0%}",
                "通过" if d.clean else "未通过",
            ]
        )
    return [Block("h2", "摘要"), Block("table", table=table)]


# -- rendering --------------------------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or " "


def render_markdown(report: EvalReport, thresholds: Sequence[Threshold] = ()) -> str:
    lines = ["# 评测报告", ""]
    for b in blocks(report, thresholds):
        if b.kind in ("h2", "h3"):
            lines += [("## " if b.kind == "h2" else "### ") + b.text, ""]
        elif b.kind == "p":
            lines += [b.text, ""]
        elif b.kind == "table" and b.table is not None:
            lines.append("| " + " | ".join(b.table.headers) + " |")
            lines.append("|" + "---|" * len(b.table.headers))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.table.rows]
            lines.append("")
        elif b.kind == "chart":
            lines += ["（图表见 report.html）", ""]
    return "\n".join(lines)


_CSS = (
    "body{font-family:sans-serif;margin:2em;color:#1a202c;max-width:1200px}"
    "table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #cbd5e0;padding:4px 8px;"
    "text-align:left;vertical-align:top;font-size:13px}th{background:#edf2f7}svg{display:block;margin:1em 0}"
)


def render_html(report: EvalReport, thresholds: Sequence[Threshold] = ()) -> str:
    parts = [
        "<!DOCTYPE html>",
        "<html lang='zh-CN'><head><meta charset='utf-8'/><title>评测报告</title>",
        f"<style>{_CSS}</style></head><body><h1>评测报告</h1>",
    ]
    for b in blocks(report, thresholds):
        if b.kind in ("h2", "h3", "p"):
            parts.append(f"<{b.kind}>{escape(b.text)}</{b.kind}>")
        elif b.kind == "table" and b.table is not None:
            head = "".join(f"<th>{escape(h)}</th>" for h in b.table.headers)
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in b.table.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif b.kind == "chart":
            parts.append(b.text)
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(report: EvalReport, out_dir: Path, thresholds: Sequence[Threshold] = ()) -> dict[str, Path]:
    """Write ``report.md``, ``report.html`` and ``report.json`` (the full report, for ``eval gate --report``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"md": out_dir / "report.md", "html": out_dir / "report.html", "json": out_dir / "report.json"}
    paths["md"].write_text(render_markdown(report, thresholds), encoding="utf-8")
    paths["html"].write_text(render_html(report, thresholds), encoding="utf-8")
    paths["json"].write_text(report.model_dump_json(indent=1), encoding="utf-8")
    return paths
