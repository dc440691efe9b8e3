"""`scribe eval …`: one sub-app for the product's evaluations (each adds its command here)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Annotated

import typer
from rich.table import Table

from scribe.errors import DraftError, ScribeError

eval_app = typer.Typer(name="eval", help="评测：起草、摘要等功能的质量指标。", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``eval`` sub-app to the main app."""
    app.add_typer(eval_app)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


class _SectionClock:
    """Which section of which bureau the model is writing, and the time since that bureau's draft began, on
    stderr so --json stays clean."""

    def __init__(self) -> None:
        self.bureau = ""
        self.started = time.monotonic()

    def __call__(self, bureau: str, n: int, total: int, title: str) -> None:
        if bureau != self.bureau:
            self.bureau, self.started = bureau, time.monotonic()
        spent = time.monotonic() - self.started
        done = f"{bureau}：已写完 {total} 部分" if n > total else f"{bureau}：正在起草第 {n}/{total} 部分：{title}"
        typer.echo(f"[{spent:5.0f} 秒] {done}", err=True)


@eval_app.command("draft")
def eval_draft(
    as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
    generative: Annotated[bool, typer.Option("--generative", help="用已配置的大模型起草（默认离线）")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="最多起草几个单位")] = None,
    budget: Annotated[float, typer.Option("--budget", min=1.0, help="生成模式每份草稿的模型时间预算（秒）")] = 160.0,
    texts: Annotated[bool, typer.Option("--texts", help="JSON 中附上每份草稿的全文")] = False,
) -> None:
    """为库中每个有总结的单位起草下一期计划，本期计划留出不看，与真实计划用同一套指标比较。"""
    from eval.draft_eval import evaluate_drafts
    from scribe.cli import fail, load_settings, out
    from scribe.services import build_services

    settings = load_settings()
    try:
        if generative and not settings.generative:
            raise DraftError("--generative 需要配置大模型（SCRIBE_LLM_BASE_URL 与 SCRIBE_LLM_MODEL）。")
        with build_services(settings) as services:
            llm = services.llm if generative else None
            results = evaluate_drafts(
                services.catalog,
                llm=llm,
                run_log=services.run_log,
                model_budget_s=budget,
                limit=limit,
                progress=_SectionClock() if generative else None,
            )
    except ScribeError as e:
        raise fail(e) from e
    if as_json:
        payload = {
            r.bureau: {
                "period": r.period,
                "skipped": r.skipped,
                **(r.draft.model_dump() if r.draft else {}),
                "real_plan": r.real.model_dump() if r.real else None,
                **({"text": r.text} if texts else {}),
            }
            for r in results
        }
        typer.echo(json.dumps({"bureaus": payload}, ensure_ascii=False))
        return
    columns = (
        "单位",
        "时期",
        "文本",
        "数字可信",
        "问题覆盖",
        "计划覆盖",
        "精确",
        "条目",
        "条目比",
        "照抄",
        "模型",
        "秒",
        "层级",
        "字数",
    )
    table = Table(*columns)
    for r in results:
        if r.skipped:
            table.add_row(r.bureau, "-", "跳过", r.skipped, *[""] * (len(columns) - 4))
            continue
        for name, s in (("草稿", r.draft), ("真实计划", r.real)):
            if s is None:
                continue
            table.add_row(
                r.bureau if name == "草稿" else "",
                r.period or "-" if name == "草稿" else "",
                name,
                f"{_pct(s.figure_faithfulness)} ({s.figures})",
                f"{_pct(s.problem_coverage)} ({s.problems})",
                _pct(s.theme_coverage),
                _pct(s.item_precision),
                str(s.items),
                "-" if s.count_ratio is None else f"{s.count_ratio:.1f}",
                _pct(s.copy_share),
                _pct(s.model_share),
                "-" if s.seconds is None else f"{s.seconds:.0f}",
                "✓" if s.heading_match else "✗",
                str(s.chars),
            )
    out.print(table)
    drafts = [r.draft for r in results if r.draft is not None]
    covered = [d.theme_coverage for d in drafts if d.theme_coverage is not None]
    if covered:
        precise = [d.item_precision for d in drafts if d.item_precision is not None]
        ratios = [d.count_ratio for d in drafts if d.count_ratio is not None]
        out.print(
            f"计划覆盖（单位平均）{sum(covered) / len(covered):.3f}，低于 70% 的 {sum(c < 0.7 for c in covered)}/{len(covered)} 个；"
            f"精确（一对一）{sum(precise) / max(len(precise), 1):.3f}；条目比 {sum(ratios) / max(len(ratios), 1):.2f}；"
            f"条目 草稿 {sum(d.items for d in drafts) / len(drafts):.1f} / 真实计划 "
            f"{sum(d.real_items or 0 for d in drafts) / max(sum(1 for d in drafts if d.real_items), 1):.1f}"
        )


@eval_app.command("ledger")
def eval_ledger(
    top: Annotated[int, typer.Option("--top", help="列出“其他”中最常见的指标用词条数")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
) -> None:
    """统计数字台账：指标词典覆盖的数字占比、默认显示的行中指标占比、其他数字的类别。"""
    from eval.ledger_eval import ledger_stats
    from scribe.cli import fail, load_settings, out
    from vectorstore.catalog import Catalog

    settings = load_settings()
    try:
        catalog = Catalog(settings.catalog_path)
        try:
            stats = ledger_stats(catalog, top=top)
        finally:
            catalog.close()
    except ScribeError as e:
        raise fail(e) from e
    if as_json:
        typer.echo(json.dumps(stats.as_dict(), ensure_ascii=False))
        return
    out.print(
        f"台账共 {stats.rows} 个数字；指标词典中的指标 {stats.indicators} 个（{_pct(stats.indicator_share)}）；"
        f"默认显示 {stats.shown} 行，其中指标 {_pct(stats.shown_share)}",
        highlight=False,
    )
    out.print(_count_table("其他数字的类别", stats.classes.items()))
    if stats.unclassed:
        out.print(_count_table("“其他”中最常见的指标用词", ((m or "（无指标名）", n) for m, n in stats.unclassed)))


def _count_table(header: str, counts: Iterable[tuple[str, int]]) -> Table:
    table = Table(header, "个数")
    for name, n in counts:
        table.add_row(name, str(n))
    return table


@eval_app.command("summary")
def eval_summary(
    length: Annotated[str, typer.Option("--length", help="short 或 normal")] = "normal",
    as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
) -> None:
    """为库中每篇报告生成离线摘要，统计章节覆盖、关键指标覆盖、数字可信度和压缩比。"""
    from eval.summary_eval import evaluate_summaries
    from scribe.cli import fail, load_settings, out
    from vectorstore.catalog import Catalog

    if length not in ("short", "normal"):
        raise typer.BadParameter("--length 只能是 short 或 normal")
    settings = load_settings()
    try:
        catalog = Catalog(settings.catalog_path)
        try:
            report = evaluate_summaries(catalog, length="short" if length == "short" else "normal")
        finally:
            catalog.close()
    except ScribeError as e:
        raise fail(e) from e
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    table = Table("文档", "章节覆盖", "关键指标覆盖", "数字可信", "压缩比", "核对", "用时")
    for d in report.documents:
        table.add_row(
            d.doc,
            f"{_pct(d.section_coverage)} ({d.sections_covered}/{d.sections_total})",
            f"{_pct(d.key_coverage)} ({d.key_included}/{d.key_indicators})",
            f"{_pct(d.faithfulness)} ({d.faithful}/{d.figures})",
            f"{d.compression:.0%}",
            "通过" if d.clean else "未通过",
            f"{d.seconds:.2f}s",
        )
    table.add_row(
        "合计", _pct(report.section_coverage), _pct(report.key_coverage), _pct(report.faithfulness), "", "", ""
    )
    out.print(table)
