"""`scribe summarize` and `scribe compare`: a whole report on one page; one metric or theme across bureaus."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown

from scribe.errors import ScribeError


class LengthChoice(StrEnum):
    short = "short"
    normal = "normal"


class CompareUsageError(ScribeError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("请给出 --metric 或 --theme 之一，例如 --metric 规上工业研发费用增速 或 --theme 科技金融")


def register(app: typer.Typer) -> None:
    """Add ``summarize`` and ``compare`` to the main app."""
    app.command("summarize")(summarize)
    app.command("compare")(compare)


def summarize(
    doc: Annotated[str, typer.Argument(help="文档 id、文件名或文件名主干（scribe list 可查）")],
    length: Annotated[LengthChoice, typer.Option("--length", help="short：每节一句；normal：长节多句")] = (
        LengthChoice.normal
    ),
    out_file: Annotated[Path | None, typer.Option("--out", help="导出到 .md 或 .docx 文件")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """整篇报告一页摘要：核心指标、主要工作与亮点、存在问题、下步工作重点；每条注明出处，每个数字都经核对。"""
    from chains.summary import summarize as build_summary
    from chains.summary.export import export, summary_blocks, to_markdown
    from scribe.cli import fail, load_settings, out
    from scribe.services import build_services

    settings = load_settings()
    try:
        with build_services(settings) as services:
            summary = build_summary(
                services.catalog, doc, length=length.value, llm=services.llm, run_log=services.run_log
            )
        blocks = summary_blocks(summary)
        if out_file is not None:
            export(blocks, out_file)
    except ScribeError as e:
        raise fail(e) from e
    if as_json:
        payload = json.loads(summary.model_dump_json())
        payload.update(section_coverage=summary.section_coverage, summary_chars=summary.summary_chars)
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    out.print(Markdown(to_markdown(blocks)))
    if out_file is not None:
        out.print(f"已导出：{out_file}", highlight=False)
    if not summary.clean:
        out.print(f"[red]注意：{len(summary.failing)} 个数字未通过核对，本摘要不能视为准确。[/red]")


def compare(
    metric: Annotated[str | None, typer.Option("--metric", help="指标，如 规上工业研发费用增速")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="主题，如 科技金融")] = None,
    bureau: Annotated[str | None, typer.Option("--bureau", help="只看某单位（名称的一部分即可）")] = None,
    period: Annotated[str | None, typer.Option("--period", help="只看某时期，如 1-5月、全年、2023年")] = None,
    targets: Annotated[bool, typer.Option("--targets", help="同时列出计划/目标数字")] = False,
    out_file: Annotated[Path | None, typer.Option("--out", help="导出到 .md 或 .docx 文件（指标对比）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """跨单位、跨时期对比一个指标（同义词匹配，统计期逐行标注）或一个主题。"""
    from scribe.cli import fail

    try:
        if (metric is None) == (theme is None):
            raise CompareUsageError()
        if theme is not None:
            _theme(theme, bureau, period, as_json)
        else:
            _metric(metric or "", bureau, period, targets, out_file, as_json)
    except ScribeError as e:
        raise fail(e) from e


def _metric(
    metric: str, bureau: str | None, period: str | None, targets: bool, out_file: Path | None, as_json: bool
) -> None:
    from chains.compare import compare_metric, comparison_sources, generative_paragraph
    from chains.summary.export import comparison_blocks, export, to_markdown
    from scribe.cli import load_settings, out
    from scribe.services import build_services

    with build_services(load_settings()) as services:
        catalog = services.catalog
        result = compare_metric(catalog, metric, bureau=bureau, period=period, include_targets=targets)
        if services.llm is not None and result.rows:
            sources = comparison_sources(catalog, result)
            result = generative_paragraph(services.llm, services.run_log, result, sources)
    blocks = comparison_blocks(result)
    if out_file is not None:
        export(blocks, out_file)
    if as_json:
        payload = json.loads(result.model_dump_json())
        payload["comparable"] = result.comparable
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    out.print(Markdown(to_markdown(blocks)))
    if not result.clean:
        out.print("[red]注意：说明中有数字未通过核对。[/red]")


def _theme(theme: str, bureau: str | None, period: str | None, as_json: bool) -> None:
    from chains.compare_theme import compare_theme
    from scribe.cli import load_settings, out
    from scribe.services import build_services

    with build_services(load_settings()) as services:
        result = compare_theme(services.retriever, theme, bureau=bureau, period=period)
    if as_json:
        typer.echo(result.model_dump_json())
        return
    if not result.groups:
        out.print(f"库中没有找到与“{theme}”相关的内容。", highlight=False)
    for group in result.groups:
        out.print(f"[bold]{group.unit}[/bold]", highlight=False)
        for hit in group.hits:
            where = " > ".join(hit.section_path) or "（开头）"
            for sentence in hit.sentences:
                out.print(
                    f"  · {sentence}  [dim]（{hit.period_label}｜{where}｜{hit.chunk_id}）[/dim]", highlight=False
                )
