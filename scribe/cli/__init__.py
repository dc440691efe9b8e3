"""The ``scribe`` command line. Thin: parse input, call the library, render; errors become exit codes here."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scribe.errors import ScribeError
from scribe.settings import Settings

_FORMATS_LABEL = "txt、md、docx、pdf、html、doc、wps、rtf、odt、ofd、xlsx、xls"

if TYPE_CHECKING:
    from vectorstore.store import Store

app = typer.Typer(
    name="scribe",
    help="bureau-scribe：科技局工作总结与计划的入库、问答、摘要、起草与数字核查。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


def fail(e: ScribeError) -> typer.Exit:
    err.print(f"[red]错误：[/red]{e.user_message()}", highlight=False)
    return typer.Exit(e.exit_code)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ScribeError as e:
        raise fail(e) from e


def open_store(settings: Settings) -> Store:
    from vectorstore.store import Store  # imported late: chromadb is slow to import and --help should be fast

    try:
        return Store(settings)
    except ScribeError as e:
        raise fail(e) from e


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="输出调试日志")] = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help=f"文件或文件夹（{_FORMATS_LABEL}）")],
    bureau: Annotated[str | None, typer.Option(help="覆盖识别出的单位名称")] = None,
    year: Annotated[list[int] | None, typer.Option(help="覆盖识别出的年份（可重复）")] = None,
    period: Annotated[str | None, typer.Option(help="覆盖识别出的时期，如 上半年、1-5月、全年")] = None,
    wait: Annotated[float, typer.Option(help="另一个入库进程在写时最多等待的秒数")] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """把报告入库（可重复运行：未改动的文件跳过，改动的文件整体替换）。"""
    from vectorstore.ingest import MetaOverride, ingest_paths

    settings = load_settings()
    store = open_store(settings)
    override = MetaOverride(bureau=bureau, years=year or None, period=period)
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=as_json or not err.is_terminal,
            transient=True,
        ) as bar:
            task = bar.add_task("入库", total=None)

            def on_progress(name: str, done: int, total: int) -> None:
                bar.update(task, description=f"入库 {name}", completed=done, total=total)

            summary = ingest_paths(store, paths, override=override, progress=on_progress, lock_wait_seconds=wait)
    except ScribeError as e:
        raise fail(e) from e
    finally:
        store.close()
    if as_json:
        out.print_json(summary.model_dump_json())
    else:
        for result in summary.results:
            colour = {"failed": "red", "unchanged": "dim", "duplicate": "yellow", "skipped": "yellow"}.get(
                result.status.value, "green"
            )
            detail = result.message or f"{result.chunks} 块，{result.figures} 个数字"
            line = f"[{colour}]{result.status.value:9}[/{colour}] {result.path}  {detail}"
            (err if result.status.value in ("failed", "skipped") else out).print(line, highlight=False)
        skipped = f"，跳过 {len(summary.skipped)} 个不支持的文件" if summary.skipped else ""
        out.print(
            f"共 {len(summary.results) - len(summary.skipped)} 个文件，失败 {len(summary.failed)} 个{skipped}；"
            f"新增/更新 {summary.chunks} 块、{summary.figures} 个数字；用时 {summary.seconds:.1f} 秒",
            highlight=False,
        )
        if summary.nothing_to_ingest:
            err.print(f"[red]没有可入库的文件[/red]：所给路径中没有支持的报告文件（{_FORMATS_LABEL}）", highlight=False)
    if summary.failed or summary.nothing_to_ingest:
        raise typer.Exit(1)


@app.command("list")
def list_documents(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """列出已入库的文档。"""
    store = open_store(load_settings())
    docs = store.catalog.list_documents()
    store.close()
    if as_json:
        out.print_json(json.dumps([d.model_dump(mode="json") for d in docs], ensure_ascii=False))
        return
    table = Table("文档", "单位", "年份", "时期", "类型", "块", "数字", "入库时间")
    for d in docs:
        table.add_row(
            d.file_name,
            d.meta.bureau or "（未识别）",
            ",".join(map(str, d.meta.years)) or "-",
            d.meta.period or "-",
            d.meta.doc_type.value,
            str(d.chunks),
            str(d.figures),
            d.ingested_at.strftime("%Y-%m-%d %H:%M") if d.ingested_at else "-",
        )
    out.print(table)


@app.command()
def delete(doc: Annotated[str, typer.Argument(help="文档 id 或文件名")]) -> None:
    """从库中删除一个文档（向量、词索引和数字台账一起删除）。"""
    from vectorstore.ingest import delete_document

    store = open_store(load_settings())
    try:
        removed = delete_document(store, doc)
    except ScribeError as e:
        raise fail(e) from e
    finally:
        store.close()
    out.print(f"已删除 {removed.file_name}（{removed.chunks} 块）", highlight=False)


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """库的统计：文档、块、数字、嵌入模型。"""
    store = open_store(load_settings())
    numbers = store.stats()
    store.close()
    if as_json:
        out.print_json(json.dumps(numbers, ensure_ascii=False))
    else:
        for key, value in numbers.items():
            out.print(f"{key}: {value}", highlight=False)


@app.command()
def doctor(
    repair: Annotated[bool, typer.Option("--repair", help="修复发现的不一致")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """检查库的一致性（目录、词索引、数字台账与向量是否一致）。"""
    from vectorstore.doctor import check

    store = open_store(load_settings())
    try:
        report = check(store, repair=repair)
    except ScribeError as e:
        raise fail(e) from e
    finally:
        store.close()
    if as_json:
        out.print_json(report.model_dump_json())
    else:
        state = "[green]一致[/green]" if report.consistent else "[red]不一致[/red]"
        out.print(f"{state}：{report.documents} 个文档，{report.chunks} 块，{report.vectors} 个向量")
        for line in report.problems:
            out.print(f"  - {line}", highlight=False)
        for line in report.repaired:
            out.print(f"  已修复：{line}", highlight=False)
    if not report.consistent:
        raise typer.Exit(1)


def _register_subcommands() -> None:
    """Sub-command modules add themselves to ``app``; each is a thin edge over its library."""
    from scribe.cli import ask, check, draft, eval_suite, evaluate, summary

    check.register(app)
    check.register_eval(evaluate.eval_app)
    ask.register(app)
    summary.register(app)
    draft.register(app)
    evaluate.register(app)
    ask.register_eval(evaluate.eval_app)
    eval_suite.register(evaluate.eval_app)


_register_subcommands()


def main() -> None:
    try:
        app()
    except ScribeError as e:
        err.print(f"[red]错误：[/red]{e.user_message()}", highlight=False)
        sys.exit(e.exit_code)
