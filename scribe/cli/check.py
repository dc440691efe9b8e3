"""`scribe check`: verify the figures of a text, or score a labelled claims file, against sources."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from eval.claims import OUTCOMES, ClaimsReport, Metrics, load_claims, run_claims
from scribe.errors import ScribeError
from scribe.figures.models import ABSTAINING_LABELS, FAILING_LABELS, Verdict, VerdictLabel
from scribe.figures.verify import verify
from vectorstore.sources import collect_sources, read_text

_COLOURS = {
    VerdictLabel.SUPPORTED: "green",
    VerdictLabel.DERIVED: "cyan",
    VerdictLabel.TARGET: "green",
    VerdictLabel.CONTRADICTED: "red",
    VerdictLabel.UNVERIFIABLE: "yellow",
    VerdictLabel.PLACEHOLDER: "yellow",
    VerdictLabel.UNREADABLE: "yellow",
}
_EXIT_ON = {VerdictLabel.CONTRADICTED, VerdictLabel.UNVERIFIABLE}


class UsageError(ScribeError):
    exit_code = 2


def register(app: typer.Typer) -> None:
    """Add the ``check`` command to the main app."""
    app.command("check")(check)


def register_eval(eval_app: typer.Typer) -> None:
    """Add ``scribe eval claims`` (every labelled claims set, each against its corpus) to the eval app."""
    eval_app.command("claims")(eval_claims)


def eval_claims(
    dataset: Annotated[
        list[Path] | None, typer.Option("--dataset", help="核查数据集 JSONL（可重复；默认：全部核查数据集）")
    ] = None,
    sources: Annotated[Path | None, typer.Option("--sources", help="来源目录（默认按数据集所在位置）")] = None,
    record: Annotated[bool, typer.Option("--record/--no-record", help="写入评测历史")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    blind: Annotated[
        bool, typer.Option("--blind", help="默认数据集之外也评测盲测集（eval/devset8、devset9；只看总数，不据此调参）")
    ] = False,
) -> None:
    """数字核查评测：每个核查数据集对照其来源目录，报告平衡准确率、误报率、弃权率与分类混淆。"""
    from eval.claims import claim_sets, record_claims
    from scribe.cli import load_settings

    settings = load_settings()
    try:
        sets = claim_sets(dataset or None, sources, blind=blind)
        reports = {name: run_claims(load_claims(path), corpus) for name, path, corpus in sets}
        run_id = record_claims(reports, sets, settings.data_dir) if record else None
    except ScribeError as e:
        typer.echo(f"错误: {e.user_message()}", err=True)
        raise typer.Exit(e.exit_code) from e
    if as_json:
        payload = {name: r.model_dump(exclude={"items"}) for name, r in reports.items()}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    console = Console()
    table = Table("数据集", "n", "balanced", "unsup R", "false alarm", "abstain", "baseline")
    for name, r in reports.items():
        table.add_row(
            name,
            str(r.n),
            f"{r.balanced_accuracy:.4f}",
            f"{r.unsupported_recall:.4f}",
            f"{r.false_alarm_rate:.4f}",
            f"{r.abstention_rate:.4f}",
            f"{r.baseline.balanced_accuracy:.4f}",
        )
    console.print(table)
    for name, r in reports.items():
        console.print(f"[bold]{name}[/bold]")
        _render_kinds(r, console)
    if run_id is not None:
        console.print(f"已写入评测历史（第 {run_id} 次）")


def check(
    sources: Annotated[list[Path], typer.Option("--sources", help="来源文件或文件夹（.txt/.md，可重复）")],
    text: Annotated[str | None, typer.Option("--text", help="要核对数字的文本")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="要核对数字的文件")] = None,
    claims: Annotated[Path | None, typer.Option("--claims", help="要评分的已标注核查数据集（JSONL）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 而不是表格")] = False,
) -> None:
    """逐个核对数字与来源是否一致；有数字被来源否定或无法核实时退出码为 1。"""
    try:
        if claims is not None:
            _run_claims(claims, sources, as_json)
            return
        if (text is None) == (file is None):
            raise UsageError("请给出 --text 或 --file 之一（或用 --claims 评测）")
        body = text if text is not None else read_text(file)  # type: ignore[arg-type]
        verdicts = verify(body, collect_sources(sources))
    except ScribeError as e:
        typer.echo(f"错误: {e.user_message()}", err=True)
        raise typer.Exit(e.exit_code) from e
    _render_verdicts(verdicts, as_json)
    if any(v.label in _EXIT_ON for v in verdicts):
        raise typer.Exit(1)


def _run_claims(path: Path, sources: list[Path], as_json: bool) -> None:
    if len(sources) != 1 or not sources[0].is_dir():
        raise UsageError("--claims 需要一个 --sources 目录（claims 的 doc 字段是其中的文件名）")
    report = run_claims(load_claims(path), sources[0])
    if as_json:
        payload = report.model_dump(exclude={"items"})
        payload["items"] = [i.model_dump() for i in report.items if not i.correct]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    _render_report(report)


def _render_verdicts(verdicts: list[Verdict], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps([v.model_dump(mode="json") for v in verdicts], ensure_ascii=False) + "\n")
        return
    console = Console()
    checked = [v for v in verdicts if v.label not in ABSTAINING_LABELS]
    abstained = [v for v in verdicts if v.label in ABSTAINING_LABELS]
    for title, rows in (("核对结果", checked), ("无从核对（来源中没有对应表述，或数字无法读出）", abstained)):
        if not rows:
            continue
        table = Table("数字", "指标", "结论", "原因", "原文", title=title)
        for column in table.columns:
            column.overflow = "fold"
        for v in rows:
            colour = _COLOURS[v.label]
            what = v.label.value + (f"（{v.conflict.value}）" if v.conflict else "")
            table.add_row(
                v.figure.surface,
                v.figure.metric,
                f"[{colour}]{what}[/{colour}]",
                v.reason + (f"；算式：{v.derivation}" if v.derivation and v.derivation not in v.reason else ""),
                (v.source_sentence or "")[:80],
            )
        console.print(table)
    wrong = sum(1 for v in verdicts if v.label in FAILING_LABELS and v.label not in ABSTAINING_LABELS)
    console.print(f"共 {len(verdicts)} 个数字：{wrong} 个与原文矛盾或待填，{len(abstained)} 个无从核对")


def _metrics_row(name: str, m: Metrics) -> list[str]:
    return [
        name,
        str(m.n),
        f"{m.accuracy:.4f}",
        f"{m.balanced_accuracy:.4f}",
        f"{m.unsupported_precision:.4f}",
        f"{m.unsupported_recall:.4f}",
        f"{m.false_alarm_rate:.4f}",
    ]


def _render_report(report: ClaimsReport) -> None:
    console = Console()
    table = Table("方法", "n", "accuracy", "balanced", "unsup P", "unsup R", "false alarm", "abstain")
    table.add_row(*_metrics_row("规则引擎", report), f"{report.abstention_rate:.4f}")
    table.add_row(*_metrics_row("朴素基线", report.baseline), "-")
    console.print(table)
    _render_kinds(report, console)


def _render_kinds(report: ClaimsReport, console: Console) -> None:
    kinds = Table("kind", "n", "ours", "baseline", *OUTCOMES)
    for kind, stats in report.by_kind.items():
        base = report.baseline.by_kind.get(kind)
        counts = [str(stats.outcomes.get(o, 0)) for o in OUTCOMES]
        kinds.add_row(kind, str(stats.n), f"{stats.accuracy:.3f}", f"{base.accuracy:.3f}" if base else "-", *counts)
    console.print(kinds)
    if report.missing_docs:
        console.print(f"[yellow]缺少来源文档: {', '.join(report.missing_docs)}[/yellow]")
