"""Word and Markdown export opened back, and the ``scribe draft`` / ``scribe eval draft`` commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt
from typer.testing import CliRunner

from chains.draft import DraftPlan, DraftRequest, draft_plan
from chains.draft.export import (
    BODY_FONT,
    Block,
    figure_rows,
    placeholder_spans,
    plan_docx,
    plan_markdown,
    write_docx,
)
from scribe.cli import app
from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.integration
DONGTOU = "洞头区科学技术局"


@pytest.fixture(scope="module")
def plan_2025(sample_store: Any) -> DraftPlan:
    return draft_plan(sample_store.catalog, DraftRequest(bureau=DONGTOU, period="2025年"))


def _east_asia(run: Any) -> str | None:
    return run.element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.mark.parametrize(
    ("style", "font", "starts"),
    [
        ("Title", "方正小标宋简体", "洞头区科学技术局2025年工作思路"),
        ("Heading 1", "黑体", "三、下步工作思路"),
        ("Heading 2", "楷体_GB2312", "（一）聚力科技创新核心指标"),
        ("Normal", "仿宋_GB2312", "2025年"),
    ],
)
def test_docx_headings_and_fonts(plan_2025: DraftPlan, tmp_path: Path, style: str, font: str, starts: str) -> None:
    path = tmp_path / "plan.docx"
    plan_docx(plan_2025, path)
    doc = open_docx(str(path))
    paragraphs = [p for p in doc.paragraphs if p.style.name == style and p.text.startswith(starts)]
    assert paragraphs, f"no {style} paragraph starting {starts}"
    runs = paragraphs[0].runs
    assert runs and all(_east_asia(r) == font for r in runs)
    if style != "Title":
        assert all(r.font.size == Pt(16) for r in runs)


def test_docx_placeholders_highlighted_layout_and_appendix(plan_2025: DraftPlan, tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    plan_docx(plan_2025, path)
    doc = open_docx(str(path))
    runs = [r for p in doc.paragraphs for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert marked and all("X" in t or "待补充" in t for t in marked)
    assert not [r.text for r in runs if "X" in r.text and r.font.highlight_color != WD_COLOR_INDEX.YELLOW]
    section = doc.sections[0]
    sizes = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin, section.page_width)
    assert [round(x.mm) for x in sizes if x is not None] == [37, 35, 28, 26, 210]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None and grid.get(qn("w:linePitch")) == "579"
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["数字", "指标", "核对", "出处（文件 · 章节：摘录）/ 依据"]
    rows = figure_rows(plan_2025)
    assert len(table.rows) == 1 + len(rows) and len(rows) <= len(plan_2025.figures())
    # one short line per figure: the indicator named by the dictionary, the source as file · section + an excerpt
    assert all(len(r[3]) <= 80 for r in rows)
    assert not [r[1] for r in rows if len(r[1]) > 12]
    cited = [r for r in rows if r[2] == "有来源"]
    assert cited and all(r[3].startswith("dongtou_2024h1 · ") and "“" in r[3] for r in cited)
    # every item is followed by the material it rests on, as a grey note
    notes = [p for p in doc.paragraphs if p.text.startswith("依据｜")]
    assert notes and len(notes) == sum(1 for _, it in plan_2025.all_items() if it.material)
    assert all(r.font.size == Pt(10.5) for p in notes for r in p.runs)


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_docx_renders_with_a_short_appendix(plan_2025: DraftPlan, tmp_path: Path) -> None:
    """Rendered by LibreOffice, the appendix takes at most one A4 page per 20 figures."""
    import subprocess

    from pypdf import PdfReader

    def pages(appendix: bool) -> int:
        name = "with" if appendix else "without"
        path = tmp_path / f"{name}.docx"
        plan_docx(plan_2025, path, appendix=appendix)
        profile = tmp_path / f"lo-{name}"
        command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        subprocess.run([*command, "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
        reader = PdfReader(str(tmp_path / f"{name}.pdf"))
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)  # A4
        return len(reader.pages)

    rows = len(figure_rows(plan_2025))
    assert rows and pages(True) - pages(False) <= max(1, -(-rows // 20))


def test_docx_without_appendix(plan_2025: DraftPlan, tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    plan_docx(plan_2025, path, appendix=False)
    assert not open_docx(str(path)).tables


def test_write_docx_generic_blocks(tmp_path: Path) -> None:
    text = "力争新增高新技术企业X家，增速5%（建议值）。"
    blocks = [
        Block(1, "一、总体情况"),
        Block(2, "（一）核心指标"),
        Block(3, "1.研发投入"),
        Block(0, text, placeholder_spans(text)),
    ]
    write_docx(tmp_path / "s.docx", "某单位摘要", blocks)
    doc = open_docx(str(tmp_path / "s.docx"))
    body = next(p for p in doc.paragraphs if p.text == text)
    assert [r.text for r in body.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW] == ["X家", "5%（建议值）"]
    level3 = next(p for p in doc.paragraphs if p.style.name == "Heading 3")
    assert _east_asia(level3.runs[0]) == BODY_FONT and level3.runs[0].font.bold


def test_markdown(plan_2025: DraftPlan) -> None:
    md = plan_markdown(plan_2025)
    assert md.startswith("# 洞头区科学技术局2025年工作思路")
    assert "## 三、下步工作思路" in md and "### （一）聚力科技创新核心指标" in md
    assert "**X" in md and "## 附件：数字来源" in md and "> 依据｜" in md
    assert "附件" not in plan_markdown(plan_2025, appendix=False)


# -- CLI ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("cli-data")
    corpus = tmp_path_factory.mktemp("cli-corpus")
    for name in ("dongtou_2024h1.txt", "qingtian_2023h1.txt"):
        shutil.copy(SAMPLE_DIR / name, corpus / name)
    env = {"SCRIBE_DATA_DIR": str(data), "SCRIBE_EMBEDDING": "use"}
    result = CliRunner().invoke(app, ["ingest", str(corpus)], env=env)
    assert result.exit_code == 0, result.output
    return env


def test_cli_draft_text_and_docx(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    result = CliRunner().invoke(
        app, ["draft", "--bureau", DONGTOU, "--period", "2025年", "--out", str(out)], env=cli_env
    )
    assert result.exit_code == 0, result.output
    assert "（一）聚力科技创新核心指标" in result.output and "离线模式" in result.output
    assert "存在问题“科创平台建设缓慢”" in result.output
    assert out.is_file() and open_docx(str(out)).paragraphs[0].text.startswith("洞头区科学技术局2025年")


def test_cli_draft_json_and_markdown(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    args = [
        "draft",
        "--bureau",
        "洞头区科技局",
        "--period",
        "2024年下半年",
        "--json",
        "--out",
        str(out),
        "--focus",
        "人才",
    ]
    result = CliRunner().invoke(app, args, env=cli_env)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["bureau"] == DONGTOU and payload["mode"] == "offline" and payload["chars"] > 500
    assert payload["text"].startswith("洞头区科学技术局2024年下半年工作思路")
    assert out.read_text(encoding="utf-8").startswith("# 洞头区科学技术局")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--bureau", DONGTOU, "--period", "明年"], 2, "无法识别时期"),
        (["--bureau", "市南区科技局", "--period", "2025年"], 2, "库中没有"),
        (["--bureau", DONGTOU, "--period", "2025年", "--out", "plan.pdf"], 2, ".docx 或 .md"),
    ],
)
def test_cli_draft_errors(cli_env: dict[str, str], args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(app, ["draft", *args], env=cli_env)
    assert result.exit_code == code
    assert message in result.output


def test_cli_eval_draft(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["eval", "draft", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    bureaus = json.loads(result.output)["bureaus"]
    assert set(bureaus) == {DONGTOU, "青田县科技局"}
    for scores in bureaus.values():
        for key in ("figure_faithfulness", "problem_coverage", "style_conformity", "leakage", "chars"):
            assert key in scores
        assert scores["figure_faithfulness"] == 1.0 and scores["leakage"] == 0 and scores["problem_coverage"] == 1.0
    table = CliRunner().invoke(app, ["eval", "draft"], env={**cli_env, "COLUMNS": "200"})
    assert table.exit_code == 0 and "真实计划" in table.output and "洞头区科学技术局" in table.output
