"""End to end in a real browser: ``streamlit run app.py`` on the sample corpus, driven by Chromium via Playwright.

Debian's ``/usr/bin/chromium`` is used; Playwright never downloads a browser. Screenshots of every page go to
``artifacts/screenshots/`` and the measured timings to ``artifacts/timings.json``.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_DIR

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = REPO / "artifacts" / "screenshots"
TIMINGS = REPO / "artifacts" / "timings.json"
QUESTION = "洞头区上半年规上工业研发费用是多少？"
EVIL = """文成县科学技术局2024年上半年工作总结

一、上半年工作进展

（一）科技企业培育

1-6月，文成县新增高新技术企业12家<script>alert('x')</script>，详见[点击这里](http://evil.example/)，**务必**关注。

（二）人才引进

上半年引进博士5人，完成率50%。
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]
timings: dict[str, float] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def _start(env: dict[str, str], port: int, log: Path) -> tuple[subprocess.Popen[bytes], float]:
    command = [
        str(Path(sys.executable).parent / "streamlit"),
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not _healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start; see {log}:\n{log.read_text()[-2000:]}")
        time.sleep(0.05)
    return proc, time.perf_counter() - started


def _stop(proc: subprocess.Popen[bytes]) -> None:
    started = time.perf_counter()
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    timings["stop_s"] = time.perf_counter() - started


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free port over a fresh store holding the sample corpus; started twice to measure a warm start."""
    data = tmp_path_factory.mktemp("e2e-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRIBE_")}
    env.update(SCRIBE_DATA_DIR=str(data), SCRIBE_EMBEDDING="use", PYTHONUNBUFFERED="1")
    scribe = Path(sys.executable).parent / "scribe"
    started = time.perf_counter()
    subprocess.run([str(scribe), "ingest", str(SAMPLE_DIR)], env=env, cwd=REPO, check=True, capture_output=True)
    timings["ingest_sample_s"] = time.perf_counter() - started
    logs = tmp_path_factory.mktemp("e2e-logs")
    cold, timings["cold_health_s"] = _start(env, _free_port(), logs / "cold.log")
    _stop(cold)
    port = _free_port()
    proc, timings["warm_health_s"] = _start(env, port, logs / "warm.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)
        TIMINGS.parent.mkdir(parents=True, exist_ok=True)
        TIMINGS.write_text(json.dumps(timings, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            accept_downloads=True,
            viewport={"width": 1400, "height": 1000},
            locale="zh-CN",
        )
        try:
            yield ctx
        finally:
            ctx.close()


@pytest.fixture
def page(context: object, app_url: str) -> Iterator[object]:
    from playwright.sync_api import BrowserContext

    assert isinstance(context, BrowserContext)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    pg.close()


def _open(page: object, url: str, ready: str = '[data-testid="stMainBlockContainer"] h1') -> tuple[float, float]:
    """Go to ``url``; return seconds until ``ready`` is visible and until the page script has finished."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready)
    shown = time.perf_counter() - started
    _settle(page)
    return shown, time.perf_counter() - started


def _settle(page: object) -> None:
    """Wait until Streamlit has finished running the script (its status widget is gone)."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=90_000)


def _shot(page: object, name: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    _settle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _ask(page: object, question: str) -> float:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    box = page.locator('[data-testid="stChatInput"] textarea')
    box.fill(question)
    n = page.locator(".scribe-answer").count()
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.scribe-answer').length > {n}")
    return time.perf_counter() - started


NAV = ["问答", "起草", "资料库", "指标", "评估", "设置"]


@pytest.mark.parametrize(("path", "title"), [("chat", "问答"), ("library", "资料库")])
def test_a_bookmarked_page_after_a_fresh_start_is_chinese_and_wide(
    page: object, app_url: str, path: str, title: str
) -> None:
    """The first request the server sees is a deep link (this test runs first): Chinese navigation, tab title
    and a wide layout from the start; no developer toolbar, Deploy button or "Page not found"."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    _open(page, f"{app_url}/{path}")
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_be_visible()
    for name in NAV:
        expect(nav.get_by_text(name, exact=True)).to_be_visible()
    words = nav.evaluate(  # the text a user reads: icons are ligature names (forum, settings) drawn as glyphs
        """el => { const c = el.cloneNode(true);
                   c.querySelectorAll('[data-testid="stIconMaterial"]').forEach(i => i.remove());
                   return c.innerText; }"""
    )
    assert not re.search(r"[A-Za-z]", words), words
    assert page.title() == f"{title}｜科技局报告助手"
    main = page.locator('[data-testid="stMainBlockContainer"]')
    assert main.bounding_box()["width"] > 900  # type: ignore[index]  # wide: the narrow layout is 736 px
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    stop = page.evaluate(
        """() => { const b = document.createElement('div'); b.setAttribute('data-testid', 'stStatusWidget');
                   const btn = document.createElement('button'); b.appendChild(btn); document.body.appendChild(b);
                   const shown = getComputedStyle(btn, '::after').content; b.remove(); return shown; }"""
    )
    assert stop == '"停止运行"'  # Streamlit's "Stop" beside its running indicator, in Chinese
    if path == "library":
        dropzone = page.locator('[data-testid="stFileUploaderDropzone"]')
        expect(dropzone).to_be_visible()
        shown = dropzone.evaluate(
            """el => [...el.querySelectorAll('button p, [data-testid="stFileUploaderDropzoneInstructions"] span')]
                .map(e => getComputedStyle(e, '::after').content + '|' + getComputedStyle(e).fontSize)"""
        )
        assert shown == ['"选择文件"|0px', '"或把文件拖到这里"|0px'], shown  # Streamlit's English, not shown
    _shot(page, f"00_deep_link_{path}")


def test_chat_answer_with_citation(page: object, app_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    shown, settled = _open(page, app_url, ready='[data-testid="stChatInput"] textarea')
    timings["chat_input_visible_s"] = shown
    timings["warm_up_finished_s"] = settled
    timings["warm_start_to_chat_input_s"] = timings["warm_health_s"] + shown
    expect(page.get_by_text("离线模式（抽取式）").first).to_be_visible()
    timings["first_offline_answer_s"] = _ask(page, QUESTION)
    answer = page.locator(".scribe-answer").last
    expect(answer).to_contain_text("6099.1万元")
    expect(answer.locator('[data-verdict="supported"]', has_text="6099.1万元")).to_be_visible()
    expect(answer.locator("sup.scribe-cite")).to_have_count(1)
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text=" ms").last.inner_text()
    timings["first_offline_answer_in_app_ms"] = float(re.search(r"(\d+) ms", caption).group(1))  # type: ignore[union-attr]
    timings["second_offline_answer_s"] = _ask(page, "那青田呢？")
    expect(page.locator(".scribe-answer").last).to_contain_text("青田")
    citation = page.locator('[data-testid="stExpander"] summary', has_text="[1] dongtou_2024h1.txt").first
    citation.click()
    quote = page.locator("mark.scribe-quote", has_text="6099.1万元").first
    expect(quote).to_be_visible()
    _shot(page, "01_chat")


def test_library_upload_good_and_bad_files(page: object, app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    good = tmp_path / "wencheng_2024h1.txt"
    good.write_text(EVIL, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _open(page, f"{app_url}/library")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(good), str(empty)])
    page.get_by_role("button", name="入库", exact=True).click()
    expect(page.get_by_text("wencheng_2024h1.txt：已入库")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("empty.txt：未入库——文件是空的")).to_be_visible()
    _settle(page)
    page.wait_for_function("() => document.body.innerHTML.includes('wencheng_2024h1.txt')")
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    _shot(page, "03_library")

    # the uploaded report's <script> and markdown link show as text in an answer and its source
    _open(page, app_url)
    _ask(page, "文成县上半年新增高新技术企业多少家？")
    answer = page.locator(".scribe-answer").last
    expect(answer).to_contain_text("<script>alert('x')</script>")
    expect(answer).to_contain_text("[点击这里](http://evil.example/)")
    assert page.locator('a[href="http://evil.example/"]').count() == 0
    assert page.dialogs == []  # type: ignore[attr-defined]
    _shot(page, "01b_chat_escaped")


def test_draft_and_docx_download(page: object, app_url: str, tmp_path: Path) -> None:
    from docx import Document as DocxDocument
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    _open(page, f"{app_url}/draft")
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="洞头区科学技术局", exact=True).click()
    _settle(page)
    # The previous bureau's period input stays on the page until the rerun for the new one has finished, and the
    # new one is empty for a moment: wait for the final state, one input holding the bureau's next period.
    page.wait_for_function(
        """() => {
            const inputs = document.querySelectorAll('input[aria-label="计划时期"]');
            return inputs.length === 1 && inputs[0].value === "2024年下半年";
        }""",
        timeout=90_000,
    )
    expect(page.get_by_label("计划时期")).to_have_value("2024年下半年")
    page.get_by_role("button", name="生成草稿").click()
    expect(page.locator(".scribe-draft")).to_be_visible(timeout=60_000)
    expect(page.locator(".scribe-draft")).to_contain_text("洞头区科学技术局")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="下载 .docx").click()
    target = tmp_path / "draft.docx"
    info.value.save_as(target)
    doc = DocxDocument(io.BytesIO(target.read_bytes()))
    assert any("洞头" in p.text for p in doc.paragraphs)
    _shot(page, "02_draft")


@pytest.mark.parametrize(
    ("path", "name", "heading"),
    [
        ("indicators", "04_indicators", "指标"),
        ("evaluation", "05_evaluation", "评估"),
        ("settings", "06_settings", "设置"),
    ],
)
def test_other_pages_render(page: object, app_url: str, path: str, name: str, heading: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    _open(page, f"{app_url}/{path}")
    expect(page.locator("h1", has_text=heading)).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    if path == "indicators":
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
    if path == "settings":
        page.get_by_role("button", name="测试连接").nth(1).click()
        expect(page.get_by_text("连接成功").first).to_be_visible()
        assert "sk-" not in page.content()
    _shot(page, name)


DOC_SHOTS = REPO / "docs" / "screenshots"
# English a page may show: file formats and names, units, settings' variable names (all data, not the app's words).
ALLOWED_ENGLISH = {
    "mb",
    "doc",
    "docx",
    "htm",
    "html",
    "markdown",
    "md",
    "odt",
    "ofd",
    "pdf",
    "rtf",
    "txt",
    "wps",
    "xls",
    "xlsx",
}
VISIBLE_TEXT = """() => {
    const out = [];
    const walk = (el) => {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden' || style.fontSize === '0px') return;
        if (style.fontFamily.includes('Material')) return;  // an icon: its ligature name is drawn as a glyph
        if (el.matches('[data-testid="stIconMaterial"], [data-testid="stDataFrame"], .vega-embed')) return;
        for (const node of el.childNodes) {
            if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent);
            else if (node.nodeType === Node.ELEMENT_NODE) walk(node);
        }
    };
    walk(document.querySelector('[data-testid="stMain"]'));
    walk(document.querySelector('[data-testid="stSidebar"]'));
    return out.join(' ');
}"""


def _english(page: object) -> set[str]:
    """English words the page shows (icons, tables' cell data and charts aside), less file formats and names."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    text = page.evaluate(VISIBLE_TEXT)
    text = re.sub(r"[\w.-]+\.(?:txt|docx?|md|pdf|html?)\b", " ", text)  # file names are the user's data
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in ALLOWED_ENGLISH}


def _doc_shot(page: object, name: str, at: str | None = None) -> None:
    """A 1366×768 screenshot under docs/screenshots/, scrolled so that ``at`` (a selector) is at the top."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    _settle(page)
    page.wait_for_timeout(1500)  # the frontend draws tables and charts after the script has finished
    if at:
        page.locator(at).first.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
    DOC_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOC_SHOTS / f"{name}.png"), full_page=True)


def test_summary_ledger_draft_and_settings_at_1366(context: object, app_url: str, tmp_path: Path) -> None:
    """The pages a bureau's staff hand documents from, at 1366×768: a summary written from the report (rendered
    to PDF by LibreOffice: one A4 page), the ledger of indicators, a draft with its 依据 under each item and its
    progress, the settings; no English the app controls on any of them. Screenshots go to docs/screenshots/."""
    import shutil

    from playwright.sync_api import BrowserContext, expect

    assert isinstance(context, BrowserContext)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.set_default_timeout(60_000)
    try:
        _open(page, f"{app_url}/library")
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="qingtian_2023h1.txt", exact=True).click()
        _settle(page)
        page.get_by_role("tab", name="摘要").click()
        page.get_by_role("button", name="摘要", exact=True).click()
        expect(page.locator(".scribe-summary").first).to_be_visible(timeout=90_000)
        expect(page.get_by_text("青田县科技局2023年上半年工作进展情况")).to_be_visible()  # its own words, no stem
        items = page.locator(".scribe-summary li").all_inner_texts()
        assert items and not any("……" in t for t in items), items  # whole clauses, never clipped mid-word
        assert _english(page) == set()
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="下载摘要 .docx（A4 一页）").click()
        target = tmp_path / "summary.docx"
        info.value.save_as(target)
        soffice = shutil.which("soffice")
        if soffice:
            from pypdf import PdfReader

            command = [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless"]
            subprocess.run(
                [*command, "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
                check=True,
                capture_output=True,
                timeout=240,
            )
            pdf = PdfReader(str(tmp_path / "summary.pdf"))
            box = pdf.pages[0].mediabox
            size = (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72))
            assert (len(pdf.pages), size) == (1, (210, 297))
        _doc_shot(page, "summary", at='[data-testid="stTabs"]')

        _open(page, f"{app_url}/indicators")
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("所显示的行中指标占 100%")).to_be_visible()
        assert page.locator(".vega-embed > details").first.is_hidden()  # the chart's English menu
        assert _english(page) == set()
        _doc_shot(page, "ledger")

        _open(page, f"{app_url}/draft")
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="洞头区科学技术局", exact=True).click()
        _settle(page)
        page.wait_for_function(
            """() => { const i = document.querySelectorAll('input[aria-label="计划时期"]');
                       return i.length === 1 && i[0].value === "2024年下半年"; }""",
            timeout=90_000,
        )
        page.get_by_role("button", name="生成草稿").click()
        expect(page.locator(".scribe-draft")).to_be_visible(timeout=90_000)
        expect(page.get_by_text("起草：完成")).to_be_attached()
        expect(page.locator(".scribe-basis").first).to_contain_text("依据｜")
        assert _english(page) == set()
        _doc_shot(page, "draft", at=".scribe-draft")

        _open(page, f"{app_url}/settings")
        _doc_shot(page, "settings")
    finally:
        page.close()
