"""``scribe eval all | history | gate``: the whole evaluation, its history, and the CI gate."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scribe.errors import ConfigError, ScribeError
from scribe.settings import Settings

if TYPE_CHECKING:
    from eval.gate import GateResult, Threshold
    from eval.models import Progress as SuiteProgress
    from eval.suite import EvalReport


@contextmanager
def _progress(quiet: bool) -> Iterator[SuiteProgress]:
    from scribe.cli import err

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, disable=quiet or not err.is_terminal, transient=True) as bar:
        task = bar.add_task("评测", total=None)

        def tick(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        yield tick


def _thresholds_or_none() -> list[Threshold]:
    from eval.gate import load_thresholds

    try:
        return load_thresholds()
    except ScribeError:
        return []


def _save(
    report: EvalReport, settings: Settings, out_dir: Path | None, thresholds: Sequence[Threshold]
) -> tuple[dict[str, Path], int]:
    """Write the report files and append the run to the history (in the configured data directory)."""
    from eval.history import HISTORY_FILE, History
    from eval.report import write_report

    stamp = f"{report.run.command}-{report.run.started_at:%Y%m%d-%H%M%S}"
    paths = write_report(report, out_dir or settings.data_dir / "eval" / stamp, thresholds)
    run_id = History(settings.data_dir / HISTORY_FILE).append(report.to_run())
    return paths, run_id


def _headline(report: EvalReport, thresholds: Sequence[Threshold]) -> Table:
    from eval.report import headline

    data = headline(report, thresholds)
    table = Table(*data.headers, title=f"评测总览（{report.run.mode_label}，{report.run.seconds:.0f} 秒）")
    for row in data.rows:
        table.add_row(*row)
    return table


def register(eval_app: typer.Typer) -> None:
    from scribe.cli import err, fail, load_settings, out

    @eval_app.command("all")
    def eval_all(
        corpus: Annotated[
            list[Path] | None,
            typer.Option("--corpus", help="先把这些文件夹入库到临时库再评估（可重复）；不给则评估已配置的库"),
        ] = None,
        datasets: Annotated[
            list[Path] | None, typer.Option("--datasets", help="另外的数据集文件夹（JSONL，按字段识别格式，可重复）")
        ] = None,
        out_dir: Annotated[Path | None, typer.Option("--out", help="报告目录（默认 数据目录/eval/all-时间）")] = None,
        judge: Annotated[bool, typer.Option("--judge", help="对规则无法判定的陈述再请大模型复核（单独统计）")] = False,
        offline: Annotated[bool, typer.Option("--offline", help="即使配置了大模型也用离线模式")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
    ) -> None:
        """运行全部评测（问答、数字核查、起草、摘要），写出 report.md / report.html，并记入评测历史。"""
        from eval.suite import run_suite

        settings = load_settings()
        run_settings = settings.model_copy(update={"llm_base_url": None, "llm_model": None}) if offline else settings
        try:
            if judge and not run_settings.generative:
                raise ConfigError(
                    "--judge",
                    "大模型复核需要已配置的大模型接口",
                    "请设置 SCRIBE_LLM_BASE_URL 和 SCRIBE_LLM_MODEL，且不要同时用 --offline",
                )
            folders = list(corpus or [])
            if not folders and _store_is_empty(settings):
                folders = [settings.sample_dir]
                err.print(f"[yellow]已配置的库是空的，改用自带样例语料 {settings.sample_dir}[/yellow]", highlight=False)
            with _progress(as_json) as tick:
                report = run_suite(
                    run_settings, corpus=folders, dataset_dirs=datasets or [], judge=judge, progress=tick
                )
            thresholds = _thresholds_or_none()
            paths, run_id = _save(report, settings, out_dir, thresholds)
        except ScribeError as e:
            raise fail(e) from e
        if as_json:
            payload = {"run_id": run_id, "mode": report.run.mode, "files": {k: str(p) for k, p in paths.items()}}
            typer.echo(json.dumps({**payload, "metrics": report.metrics()}, ensure_ascii=False))
            return
        out.print(_headline(report, thresholds))
        for note in report.notes:
            err.print(f"[yellow]注意：[/yellow]{escape(note)}", highlight=False)
        out.print(
            f"未通过的案例 {len(report.failures)} 个；报告：{paths['html']}（以及 {paths['md'].name}）", highlight=False
        )
        out.print(f"已记入评测历史（第 {run_id} 次运行）", highlight=False)

    @eval_app.command("history")
    def eval_history(
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="显示最近几次运行")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    ) -> None:
        """评测历史：最近几次运行的关键指标，↑/↓ 为与上一次相比。"""
        from eval.history import HISTORY_FILE, History, key_metrics, trend

        settings = load_settings()
        try:
            runs = History(settings.data_dir / HISTORY_FILE).runs(limit)
        except ScribeError as e:
            raise fail(e) from e
        if as_json:
            typer.echo(json.dumps([r.model_dump(mode="json") for r in runs], ensure_ascii=False))
            return
        if not runs:
            out.print("还没有评测记录；运行 `scribe eval all` 后再看。")
            return
        keys = key_metrics(runs)
        table = Table("#", "时间", "提交", "配置", *(_short(k) for k in keys), title="评测历史（↑/↓ 与上一次相比）")
        previous = None
        for run in runs:
            cells = []
            for key in keys:
                value = run.metrics.get(key)
                arrow, better = trend(previous.metrics.get(key) if previous else None, value, key)
                colour = "default" if better is None else ("green" if better else "red")
                shown = "-" if value is None else (f"{value:.0f}" if key.endswith("leakage") else f"{value:.3f}")
                cells.append(f"[{colour}]{shown}{arrow}[/{colour}]")
            mode = run.llm_model if run.mode == "generative" else "离线"
            config = f"{run.command}·{mode}·{run.embedding_model.split(':')[0]}·k{run.retrieval_k}"
            table.add_row(str(run.id), f"{run.timestamp:%m-%d %H:%M}", run.git_commit[:8], config, *cells)
            previous = run
        out.print(table)

    @eval_app.command("gate")
    def eval_gate(
        thresholds_file: Annotated[
            Path | None, typer.Option("--thresholds", help="门槛文件（默认 eval/thresholds.toml）")
        ] = None,
        report_file: Annotated[Path | None, typer.Option("--report", help="不重新评测，检查已有的 report.json")] = None,
        out_dir: Annotated[Path | None, typer.Option("--out", help="报告目录（默认 数据目录/eval/gate-时间）")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
    ) -> None:
        """CI 门槛检查：离线模式下用自带样例语料（临时库）运行全部评测，任何指标未达门槛则退出码为 1。"""
        from eval.gate import DEFAULT_THRESHOLDS, check, failures, load_report_metrics, load_thresholds
        from eval.suite import run_suite

        settings = load_settings()
        try:
            thresholds = load_thresholds(thresholds_file or DEFAULT_THRESHOLDS)
            if report_file is not None:
                metrics = load_report_metrics(report_file)
            else:
                offline = settings.model_copy(update={"llm_base_url": None, "llm_model": None})
                with _progress(as_json) as tick:
                    report = run_suite(offline, corpus=[settings.sample_dir], command="gate", progress=tick)
                _save(report, settings, out_dir, thresholds)
                metrics = report.metrics()
        except ScribeError as e:
            raise fail(e) from e
        results = check(metrics, thresholds)
        bad = failures(results)
        if as_json:
            payload = {"passed": not bad, "results": [r.model_dump() for r in results]}
            typer.echo(json.dumps(payload, ensure_ascii=False))
        else:
            out.print(_gate_table(results))
            for r in bad:
                err.print(f"[red]未达标：[/red]{escape(r.message)}", highlight=False)
            out.print("[green]全部指标达标[/green]" if not bad else f"[red]{len(bad)} 个指标未达标[/red]")
        if bad:
            raise typer.Exit(1)


_AREAS = {"claims": "核查", "qa": "问答", "drafts": "起草", "summaries": "摘要"}
_NAMES = {
    "balanced_accuracy": "平衡准确率",
    "recall@5": "召回@5",
    "figure_accuracy": "数字准确",
    "refusal_accuracy": "拒答准确",
    "wrong_bureau_rate": "串单位",
    "figure_faithfulness": "数字可信",
    "leakage": "泄漏",
    "section_coverage": "章节覆盖",
    "faithfulness": "数字可信",
}


def _short(key: str) -> str:
    """``qa.qa_seeds.recall@5`` → two header lines: 问答·qa_seeds / 召回@5."""
    area, *middle, name = key.split(".")
    head = _AREAS.get(area, area) + "".join(f"·{m}" for m in middle)
    return f"{head}\n{_NAMES.get(name, name)}"


def _gate_table(results: Sequence[GateResult]) -> Table:
    from eval.report import fmt

    table = Table("指标", "当前值", "门槛", "结果")
    for r in results:
        limit = ("≥ " if r.kind == "min" else "≤ ") + fmt(r.metric, r.limit)
        table.add_row(
            r.metric, fmt(r.metric, r.value), limit, "[green]通过[/green]" if r.passed else "[red]未通过[/red]"
        )
    return table


def _store_is_empty(settings: Settings) -> bool:
    """No catalog yet, or one without documents (then ``eval all`` evaluates the bundled sample instead)."""
    if not settings.catalog_path.is_file():
        return True
    from vectorstore.catalog import Catalog

    catalog = Catalog(settings.catalog_path)
    try:
        return not catalog.list_documents()
    finally:
        catalog.close()
