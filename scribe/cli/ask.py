"""``scribe ask`` and ``scribe eval qa``: questions answered from the store, each figure cited and checked."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from scribe.errors import ScribeError

if TYPE_CHECKING:
    from eval.qa_eval import QAReport
    from scribe.settings import Settings

VERDICT_COLOURS = {
    "supported": "green",
    "derived": "blue",
    "placeholder": "bright_black",
    "contradicted": "red",
    "target": "green",
    "unverifiable": "yellow",
    "unreadable": "magenta",
}


def register(app: typer.Typer) -> None:
    from scribe.cli import err, fail, load_settings, out

    @app.command()
    def ask(
        question: Annotated[str, typer.Argument(help="问题，如：洞头区上半年规上工业研发费用是多少？")],
        bureau: Annotated[str | None, typer.Option(help="只在该单位的资料中查找")] = None,
        year: Annotated[int | None, typer.Option(help="只在该年份的资料中查找")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    ) -> None:
        """提问：回答带来源引用，每个数字都与原文核对。"""
        from scribe.services import (
            build_services,  # imported late: chromadb is slow to import and --help should be fast
        )
        from vectorstore.retrieval import Filters

        settings = load_settings()
        try:
            with build_services(settings) as services:
                chain = services.qa_chain()
                stream = None if as_json or not chain.llm else (lambda token: out.print(token, end="", highlight=False))
                answer = chain.ask(question, filters=Filters(bureau=bureau, year=year), stream=stream)
        except ScribeError as e:
            raise fail(e) from e
        if as_json:
            out.print_json(answer.model_dump_json())
            return
        if stream is None:
            out.print(answer.text, highlight=False)
        else:
            out.print()
        out.print(f"[dim]{settings.mode_label}，{answer.latency_ms} ms[/dim]")
        for c in answer.citations:
            where = " > ".join(c.section_path) or "（开头）"
            out.print(
                f"[bold][{c.n}][/bold] {escape(c.file_name)}｜{escape(c.bureau or '单位未识别')}｜"
                f"{escape(c.period or '')}｜{escape(where)}",
                highlight=False,
            )
            out.print(f"    “{escape(c.quote)}”", highlight=False)
        for v in answer.verdicts:
            colour = VERDICT_COLOURS.get(v.label.value, "white")
            out.print(
                f"  [{colour}]{escape(v.figure.surface)}  {v.label.value}[/{colour}]  {escape(v.reason)}",
                highlight=False,
            )
        if not answer.clean:
            err.print("[red]注意：回答中有数字未通过核对（见上）。[/red]")
            raise typer.Exit(1)


def register_eval(eval_app: typer.Typer) -> None:
    from scribe.cli import err, fail, load_settings, out

    @eval_app.command("qa")
    def eval_qa(
        dataset: Annotated[
            Path, typer.Option(help="问答数据集 JSONL（id, doc, question, answer, figures, evidence, type）")
        ],
        corpus: Annotated[list[Path] | None, typer.Option(help="先把这些文件夹入库到临时库再评估（可重复）")] = None,
        baseline: Annotated[bool, typer.Option(help="同时评估朴素基线（固定切分 + 纯向量检索）")] = True,
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
    ) -> None:
        """问答评估：召回率@k、MRR、数字准确率、拒答准确率、串单位率。"""
        from eval.qa_eval import load_items, run_qa
        from scribe.services import build_services

        started = time.perf_counter()
        try:
            items = load_items(dataset)
            with tempfile.TemporaryDirectory() as tmp:
                settings = load_settings(data_dir=Path(tmp)) if corpus else load_settings()
                services = build_services(settings)
                chain = services.qa_chain()
                folders = corpus or sorted(
                    {Path(d.source_path).parent for d in services.store.catalog.list_documents()}
                )
                if corpus:
                    from vectorstore.ingest import ingest_paths

                    ingest_paths(services.store, corpus)
                naive = None
                if baseline:
                    from eval.baseline import naive_retriever

                    naive = naive_retriever(folders, services.store.embeddings)
                with Progress(
                    TextColumn("问答评估"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=err,
                    disable=as_json or not err.is_terminal,
                    transient=True,
                ) as bar:
                    task = bar.add_task("qa", total=len(items))
                    report = run_qa(
                        chain,
                        items,
                        baseline=naive,
                        progress=lambda done, total: bar.update(task, completed=done, total=total),
                    )
                services.close()
            if report.generative is not None:  # a model in the loop: its figures go into the eval history
                _record_qa(load_settings(), settings, dataset, report, started)
        except ScribeError as e:
            raise fail(e) from e
        if as_json:
            out.print_json(json.dumps(report.flat(), ensure_ascii=False))
            return
        table = Table("指标", "本系统", "朴素基线")
        base = report.baseline
        for k, value in report.recall.items():
            table.add_row(f"recall@{k}", f"{value:.3f}", f"{base.recall[k]:.3f}" if base else "-")
        table.add_row("MRR", f"{report.mrr:.3f}", f"{base.mrr:.3f}" if base else "-")
        table.add_row("数字准确率", f"{report.figure_accuracy:.3f}", "-")
        table.add_row("拒答准确率", f"{report.refusal_accuracy:.3f}", "-")
        table.add_row("误拒率", f"{report.false_refusal_rate:.3f}", "-")
        table.add_row("串单位率", f"{report.wrong_bureau_rate:.3f}", "-")
        table.add_row("延迟 p50 / p95 (ms)", f"{report.latency_p50_ms:.0f} / {report.latency_p95_ms:.0f}", "-")
        if (g := report.generative) is not None:
            table.add_row("模型措辞的回答：数字准确率", f"{g.figure_accuracy_worded:.3f}（{g.worded} 条）", "-")
            table.add_row("正确数字被标红或删去", f"{g.correct_figures_flagged} / {g.correct_figures}", "-")
            table.add_row("显示了未核实数字的回答", str(g.unverified_shown), "-")
            table.add_row("回退为原文 / 重写", f"{g.fallbacks} / {g.regenerated}", "-")
            table.add_row("调用模型时延迟 p50 / p95 (ms)", f"{g.latency_p50_ms:.0f} / {g.latency_p95_ms:.0f}", "-")
            table.add_row(
                "token：提示 / 输出（平均）", f"{g.prompt_tokens_mean:.0f} / {g.completion_tokens_mean:.0f}", "-"
            )
        out.print(table)
        for r in report.items:
            bad = r.figure_correct is False or (r.type == "unanswerable" and not r.refused) or r.wrong_bureau
            if bad:
                out.print(f"[red]✗ {r.id}[/red] {escape(r.question)}\n    {escape(r.answer[:160])}", highlight=False)


def _record_qa(configured: Settings, used: Settings, dataset: Path, report: QAReport, started: float) -> None:
    """Append a ``scribe eval qa`` run with a model in the loop to the history of the configured data directory."""
    from datetime import datetime

    from eval.history import HISTORY_FILE, EvalRun, History, git_commit

    run = EvalRun(
        timestamp=datetime.now(),
        git_commit=git_commit(),
        mode="generative",
        llm_model=used.llm_model or "offline",
        embedding_model=used.embedding,
        retrieval_k=used.retrieval_k,
        command="qa",
        corpus=str(dataset),
        seconds=round(time.perf_counter() - started, 1),
        metrics=report.metrics(f"qa.{dataset.stem}."),
    )
    History(configured.data_dir / HISTORY_FILE).append(run)
