"""`scribe draft`: the bureau's next-period work plan in its own style, figures checked, exported to Word or Markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from scribe.errors import DraftError, ScribeError

if TYPE_CHECKING:
    from chains.draft import DraftPlan


def register(app: typer.Typer) -> None:
    """Add the ``draft`` command to the main app."""
    app.command("draft")(draft)


def draft(
    bureau: Annotated[str, typer.Option("--bureau", help="单位，如 洞头区科学技术局（未署名的报告用文件名）")],
    period: Annotated[str, typer.Option("--period", help="计划时期，如 2024年下半年、2025年")],
    focus: Annotated[list[str] | None, typer.Option("--focus", help="重点关注的方面（可重复）")] = None,
    length: Annotated[int | None, typer.Option("--length", help="篇幅上限（字），生成模式使用")] = None,
    suggest_targets: Annotated[
        bool, typer.Option("--suggest-targets", help="目标给出建议值（标注依据）而不是 X")
    ] = False,
    offline: Annotated[bool, typer.Option("--offline", help="即使配置了大模型也用离线起草")] = False,
    out_file: Annotated[Path | None, typer.Option("--out", help="导出到 .docx 或 .md 文件")] = None,
    appendix: Annotated[bool, typer.Option("--appendix/--no-appendix", help="导出时附数字来源表")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """按本单位文风起草下一期工作思路：数字均经核对（有来源、既定目标、X 待填或建议值），存在问题逐条回应。"""
    from chains.draft import DraftRequest, draft_plan
    from scribe.cli import fail, load_settings, out
    from scribe.services import build_services

    settings = load_settings()
    try:
        if out_file is not None and out_file.suffix.lower() not in (".docx", ".md"):
            raise DraftError(f"--out 只支持 .docx 或 .md 文件，收到 {out_file.name}")
        request = DraftRequest(
            bureau=bureau, period=period, focus=focus or [], max_chars=length, suggest_targets=suggest_targets
        )
        with build_services(settings) as services:
            llm = None if offline else services.llm
            search = services.focus_search(bureau) if focus else None  # opens the vector store
            plan = draft_plan(
                services.catalog, request, llm=llm, run_log=services.run_log, search=search, progress=_progress
            )
        if out_file is not None:
            _export(plan, out_file, appendix)
    except ScribeError as e:
        raise fail(e) from e
    if as_json:
        payload = json.loads(plan.model_dump_json())
        payload["text"] = plan.render_text()
        payload["chars"] = plan.chars
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    out.print(escape(plan.render_text()), highlight=False)
    _report(plan)
    if out_file is not None:
        out.print(f"已导出：{out_file}", highlight=False)


def _progress(n: int, total: int, title: str) -> None:
    """Which section the model is writing (generative mode), on stderr so --json stays clean."""
    if n <= total:
        typer.echo(f"正在起草第 {n}/{total} 部分：{title}", err=True)


def _export(plan: DraftPlan, path: Path, appendix: bool) -> None:
    from chains.draft.export import plan_docx, plan_markdown

    if path.suffix.lower() == ".docx":
        plan_docx(plan, path, appendix=appendix)
    else:
        path.write_text(plan_markdown(plan, appendix=appendix), encoding="utf-8")


def _report(plan: DraftPlan) -> None:
    from scribe.cli import out

    mode = "生成模式" if plan.mode == "generative" else "离线模式"
    out.print(f"\n[bold]{mode}[/bold]｜{plan.chars} 字｜文风：{' → '.join(plan.style.heading_scheme)}", highlight=False)
    if plan.style.note:
        out.print(f"[yellow]{escape(plan.style.note)}[/yellow]", highlight=False)
    for note in plan.notes:
        out.print(f"[yellow]{escape(note)}[/yellow]", highlight=False)
    states: dict[str, int] = {}
    for f in plan.figures():
        states[f.state] = states.get(f.state, 0) + 1
    out.print("数字核对：" + ("，".join(f"{k} {v}" for k, v in sorted(states.items())) or "无数字"), highlight=False)
    for cov in plan.coverage:
        where = "、".join(cov.addressed_by) or "无"
        flag = "[yellow]（待补充）[/yellow]" if cov.by_stub_only else ""
        out.print(f"存在问题“{escape(cov.problem)}” → {escape(where)}{flag}", highlight=False)
    for issue in plan.issues:
        out.print(f"[red]{issue.kind}[/red] {escape(issue.item or '')} {escape(issue.detail)}", highlight=False)
