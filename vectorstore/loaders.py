"""Files → normalised text: .txt .md .docx .pdf .html, each bad input a one-line IngestError in Chinese."""

from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bs4 import BeautifulSoup, NavigableString, Tag
from pydantic import BaseModel

from scribe.errors import IngestError

if TYPE_CHECKING:
    from docx.table import _Cell, _Row

log = logging.getLogger(__name__)

FileFormat = Literal["txt", "md", "docx", "pdf", "html"]
_FORMATS: dict[str, FileFormat] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_SUFFIXES = frozenset(_FORMATS)
_SUPPORTED_LABEL = "支持 .txt .md .docx .pdf .html"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u3000\u00a0\u2002-\u200a\u202f\u205f]")
_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL_LIMIT = 0.01
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BLOCK_CHARS = 1 << 22
_MD_RULES = (
    (re.compile(r"^#{1,6}[ \t]*", re.MULTILINE), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"^>[ \t]?", re.MULTILINE), ""),
    (re.compile(r"^```.*$", re.MULTILINE), ""),
)


class LoadedFile(BaseModel):
    text: str
    format: FileFormat
    encoding: str | None = None
    title_hint: str | None = None


def load_file(path: Path, *, max_bytes: int, max_unzipped_bytes: int) -> LoadedFile:
    """Read one report file into normalised text; raise IngestError for anything that cannot be ingested."""
    path = Path(path)
    fmt = _check_path(path, max_bytes)
    data = _read(path)
    if fmt in ("txt", "md"):
        text, encoding = decode_text(path, data)
        if fmt == "md":
            for pattern, repl in _MD_RULES:
                text = pattern.sub(repl, text)
        return LoadedFile(text=_non_empty(path, normalize_text(text)), format=fmt, encoding=encoding)
    if fmt == "docx":
        raw, title = docx_to_text(path, data, max_unzipped_bytes)
        return LoadedFile(text=_non_empty(path, normalize_text(raw), "docx 中没有文字"), format=fmt, title_hint=title)
    if fmt == "pdf":
        raw, title = pdf_to_text(path, data)
        return LoadedFile(text=_non_empty(path, normalize_text(raw)), format=fmt, title_hint=title)
    raw, title, encoding = html_to_text(path, data)
    return LoadedFile(
        text=_non_empty(path, normalize_text(raw), "网页中没有正文"), format=fmt, encoding=encoding, title_hint=title
    )


def normalize_text(text: str) -> str:
    """Unified line ends, no BOM / zero-width characters, ordinary spaces, trimmed lines; punctuation kept.

    Long texts go block by block (cut after a line end), so memory stays a small multiple of the file size
    even for a file of millions of short or blank lines.
    """
    if len(text) > _BLOCK_CHARS:
        blocks, start = [], 0
        while start < len(text):
            cut = text.find("\n", start + _BLOCK_CHARS)
            end = len(text) if cut < 0 else cut + 1
            blocks.append(_normalize_lines(text[start:end]))  # whole lines each, so they join with ""
            start = end
        return _BLANK_LINES.sub("\n\n", "".join(blocks)).strip()
    return _BLANK_LINES.sub("\n\n", _normalize_lines(text)).strip()


def _normalize_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip(" \t") for line in text.split("\n"))


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Text of a .txt/.md file and its encoding: a BOM, else strict UTF-8, else GBK/GB18030, else a detector."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(path, data.decode(encoding)), encoding
            except UnicodeDecodeError as e:
                raise IngestError(path, f"文件以 {encoding} 标记开头但内容无法解码") from e
    if b"\x00" in data:
        raise IngestError(path, "不是文本文件（含二进制内容）")
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return _check_text(path, data.decode(encoding)), encoding
        except UnicodeDecodeError:
            continue
    mixed = _decode_lines(data)
    if mixed is not None:
        log.warning("%s: lines in %s", path, mixed[1])
        return _check_text(path, mixed[0]), mixed[1]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(path, "不是文本文件（含二进制内容）")
    log.info("%s: encoding guessed as %s", path, best.encoding)
    return _check_text(path, str(best)), best.encoding


def _decode_lines(data: bytes) -> tuple[str, str] | None:
    """A file pasted together from UTF-8 and GBK parts (or cut inside its last character), decoded line by line.

    Each line is strict UTF-8, else strict GB18030; a line neither can read means this is not such a file.
    """
    lines = data.split(b"\n")
    if lines and len(lines[-1]) < 4 and lines[-1].decode("utf-8", "ignore") != lines[-1].decode("utf-8", "replace"):
        lines[-1] = lines[-1].decode("utf-8", "ignore").encode()  # a character cut off at the end of the file
    out: list[str] = []
    used: set[str] = set()
    for line in lines:
        for encoding in ("utf-8", "gb18030"):
            try:
                out.append(line.decode(encoding))
                used.add(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    return "\n".join(out), "+".join(e for e in ("utf-8", "gb18030") if e in used)


def _check_text(path: Path, text: str) -> str:
    if not text:
        return text
    controls = sum(1 for _ in _CONTROLS.finditer(text))  # category Cc except \t \n \v \f \r
    if controls / len(text) > _CONTROL_LIMIT:
        raise IngestError(path, "不是文本文件（含二进制内容）")
    return text


def _check_path(path: Path, max_bytes: int) -> FileFormat:
    if path.is_dir():
        raise IngestError(path, "这是文件夹，不是文件")
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        if suffix == ".doc":
            raise IngestError(path, "不支持旧版 Word .doc 文件，请另存为 .docx")
        label = suffix or "（无扩展名）"
        raise IngestError(path, f"不支持的文件类型 {label}（{_SUPPORTED_LABEL}）")
    try:
        size = path.stat().st_size
    except FileNotFoundError as e:
        raise IngestError(path, "文件不存在") from e
    except PermissionError as e:
        raise IngestError(path, "无法读取：权限不足") from e
    except OSError as e:
        raise IngestError(path, f"无法读取：{e.strerror or e}") from e
    if size > max_bytes:
        raise IngestError(path, f"文件超过大小上限 {format_size(max_bytes)}")
    if size == 0:
        raise IngestError(path, "文件为空")
    return _FORMATS[suffix]


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except PermissionError as e:
        raise IngestError(path, "无法读取：权限不足") from e
    except OSError as e:
        raise IngestError(path, f"无法读取：{e.strerror or e}") from e
    if not data:
        raise IngestError(path, "文件为空")
    return data


def _non_empty(path: Path, text: str, reason: str = "文件只有空白，没有文字") -> str:
    if not text.strip():
        raise IngestError(path, reason)
    return text


def format_size(n: int) -> str:
    """60 MB / 512 KB / 100 字节 — for messages."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} 字节"


# --- docx -----------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def docx_to_text(path: Path, data: bytes, max_unzipped_bytes: int) -> tuple[str, str | None]:
    """Paragraphs (headings included) and tables in body order; tables as ``表头：值；表头：值`` rows."""
    if data.startswith(_OLE_MAGIC):
        raise IngestError(path, "这是旧版 Word .doc 文件（扩展名是 .docx），请在 Word 中另存为 .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zlib.error, ValueError) as e:
        raise IngestError(path, "docx 文件已损坏或不完整") from e
    # The sizes are the ones the zip declares; zipfile stops reading a member at its declared size,
    # so a member cannot expand past this sum while python-docx parses it.
    if unzipped > max_unzipped_bytes:
        raise IngestError(path, f"docx 解压后超过大小上限 {format_size(max_unzipped_bytes)}（疑似压缩炸弹）")
    if "word/document.xml" not in names:
        raise IngestError(path, "docx 文件已损坏或不完整（缺少 word/document.xml）")
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        title: str | None = None
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(table_lines([[cell.text for cell in _unique_cells(row)] for row in block.rows]))
                continue
            text = block.text.strip()
            if not text:
                continue
            style = (block.style.name if block.style is not None else "").lower()
            if title is None and (style == "title" or style.startswith("heading 1") or style == "标题"):
                title = text
            lines.append(text)
        title = title or (document.core_properties.title or "").strip() or None
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        IndexError,
        etree.XMLSyntaxError,
        PackageNotFoundError,
    ) as e:
        raise IngestError(path, "docx 文件已损坏或不完整") from e
    return "\n".join(lines), title


def _unique_cells(row: _Row) -> list[_Cell]:
    """Cells of a table row, a merged cell once (python-docx repeats it for every grid column)."""
    seen: set[int] = set()
    out: list[_Cell] = []
    for cell in row.cells:
        key = id(cell._tc)
        if key not in seen:
            seen.add(key)
            out.append(cell)
    return out


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table as text that keeps its header on every row: ``指标：研发费用；数值：6099.1万元。``"""
    clean = [[" ".join(cell.split()) for cell in row] for row in rows]
    clean = [row for row in clean if any(row)]
    if not clean:
        return []
    header = clean[0]
    if len(clean) == 1 or not all(header):
        return [" | ".join(cell for cell in row if cell) for row in clean]
    out = ["表头：" + " | ".join(header)]
    for row in clean[1:]:
        pairs = [f"{header[i]}：{cell}" if i < len(header) else cell for i, cell in enumerate(row) if cell]
        line = "；".join(pairs)
        out.append(line if line.endswith(("。", "；", ";")) else line + "。")
    return out


# --- pdf ------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?[-—–\s]*")
_LINE_END = tuple("。！？!?；;：:”）)")
_GARBLE = re.compile("[\ue000-\uf8ff\ufffd]")
_HEADING_START = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
)


def pdf_to_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """Text layer of a PDF, wrapped lines joined back into paragraphs; scans and locked files refused."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        opened_with_blank_password = False
        if reader.is_encrypted:
            try:
                opened_with_blank_password = bool(reader.decrypt(""))
            except DependencyError as e:
                raise IngestError(path, "PDF 已加密（解密需要 cryptography 库）") from e
            if not opened_with_blank_password:
                raise IngestError(path, "PDF 已加密，需要密码才能读取")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = _pdf_title(reader)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError, zlib.error) as e:
        raise IngestError(path, "PDF 文件已损坏或不完整") from e
    if not pages:
        raise IngestError(path, "PDF 没有页面")
    text = reflow_pdf(pages)
    visible = re.sub(r"\s+", "", text)
    if len(visible) < 2:
        if opened_with_blank_password:
            raise IngestError(path, "PDF 已加密，读不出文字层")
        raise IngestError(path, "PDF 没有文字层（可能是扫描件），请先 OCR")
    if len(_GARBLE.findall(visible)) > 0.3 * len(visible):
        raise IngestError(path, "PDF 文字层无法解码（字体缺少 Unicode 映射），请先 OCR")
    return text, title


def _pdf_title(reader: object) -> str | None:
    meta = getattr(reader, "metadata", None)
    title = getattr(meta, "title", None) if meta is not None else None
    return str(title).strip() or None if title else None


def reflow_pdf(pages: list[str]) -> str:
    """Join lines the PDF wrapped mid-sentence; drop page numbers and lines repeated on most pages."""
    page_lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts: dict[str, int] = {}
        for lines in page_lines:
            for line in set(lines):
                counts[line] = counts.get(line, 0) + 1
        repeated = {line for line, n in counts.items() if n >= 0.6 * len(pages) and len(line) <= 40}
    lines = [ln for page in page_lines for ln in page if ln not in repeated and not _PAGE_NUMBER.fullmatch(ln)]
    if not lines:
        return ""
    widths = sorted(len(ln) for ln in lines)
    full_width = widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 10 else widths[-1]
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = (
            previous
            and len(previous) >= 0.8 * full_width
            and not previous.endswith(_LINE_END)
            and not _HEADING_START.match(line)
        )
        if wrapped:
            joiner = " " if previous[-1].isascii() and previous[-1].isalnum() and line[0].isascii() else ""
            out[-1] = previous + joiner + line
        else:
            out.append(line)
    return "\n".join(out)


# --- html -----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_NOISE_TAGS = (
    "script", "style", "noscript", "template", "iframe", "nav", "header", "footer", "aside", "form",
    "button", "select", "input", "svg", "canvas", "object", "embed", "link", "meta",
)  # fmt: skip
_MENU_NAMES = re.compile(
    r"(?:^|[-_\s])(?:nav\w*|menu\w*|breadcrumbs?|crumbs?|bread|sidebar|side|footer|foot|header|head|topbar|top|toolbar"
    r"|share|copyright|friendlinks?|links?|banner|login|search|pager|pagination|location|position|weizhi|dqwz)(?:$|[-_\s])",
    re.IGNORECASE,
)
_BODY_SELECTORS = (
    "#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".article-content", ".article_content", "div.article", "article",
    "#content", ".content", ".main-text", ".news_content", ".pages_content", "#mainText", ".zw", "#zw",
)  # fmt: skip
_BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre", "dd", "dt",
    "center", "ul", "ol", "table",
)  # fmt: skip
_TITLE_META = ("ArticleTitle", "og:title", "title")
_DATE_META = ("PubDate", "pubdate", "publishdate", "article:published_time", "firstpublishedtime")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def html_to_text(path: Path, data: bytes) -> tuple[str, str | None, str]:
    """The article of a government web page with its paragraph breaks; menus, scripts and footers dropped."""
    markup, encoding = _decode_html(data)
    soup = BeautifulSoup(markup, "lxml")
    title = _html_meta(soup, _TITLE_META) or _html_title(soup)
    published = _html_meta(soup, _DATE_META)
    for tag in soup.find_all(_NOISE_TAGS):
        tag.decompose()
    total = _han_count(soup.get_text())
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        names = " ".join([*(tag.get_attribute_list("class") or []), str(tag.get("id") or "")])
        if names.strip() and _MENU_NAMES.search(names) and _han_count(tag.get_text()) < 0.5 * total:
            tag.decompose()
    _drop_link_lists(soup)
    root = _article_root(soup)
    text = _block_text(root)
    head: list[str] = []
    if title and title not in text[:300]:
        head.append(title)
    if published and (m := _ISO_DATE.search(published)) and "发布日期" not in text[:500]:
        head.append(f"发布日期：{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    return "\n".join([*head, text]), title, encoding


def _decode_html(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    declared = _META_CHARSET.search(data[:4096])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        candidates.append("gb18030" if name in ("gb2312", "gbk", "gb18030") else name)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace"), "utf-8"


def _han_count(text: str) -> int:
    return len(_HAN.findall(text))


def _html_meta(soup: BeautifulSoup, names: tuple[str, ...]) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        content = tag.get("content") if isinstance(tag, Tag) else None
        if content and str(content).strip():
            return str(content).strip()
    return None


def _html_title(soup: BeautifulSoup) -> str | None:
    tag = soup.find("title")
    if not isinstance(tag, Tag) or not tag.get_text(strip=True):
        return None
    # "洞头区科学技术局2024年上半年工作总结…_洞头区人民政府": the site name follows a separator
    return re.split(r"\s*[_|｜]\s*|\s+-\s+", tag.get_text(strip=True))[0] or None


def _drop_link_lists(soup: BeautifulSoup) -> None:
    """Menus written as plain lists: mostly link text, little of it."""
    for tag in soup.find_all(["ul", "ol", "div", "table"]):
        if tag.decomposed:
            continue
        links = tag.find_all("a")
        if len(links) < 3:
            continue
        text = tag.get_text(" ", strip=True)
        linked = sum(len(a.get_text(" ", strip=True)) for a in links)
        if text and linked / len(text) > 0.7 and len(text) < 600:
            tag.decompose()


def _article_root(soup: BeautifulSoup) -> Tag:
    found_body = soup.find("body")
    body: Tag = found_body if isinstance(found_body, Tag) else soup
    total = _han_count(body.get_text())
    for selector in _BODY_SELECTORS:
        found = soup.select_one(selector)
        if found is not None and _han_count(found.get_text()) >= max(20, 0.3 * total):
            return found
    node = body
    while True:  # descend while one child holds most of the Chinese text
        children = [c for c in node.find_all(True, recursive=False) if isinstance(c, Tag)]
        best = max(children, key=lambda c: _han_count(c.get_text()), default=None)
        if best is None or _han_count(best.get_text()) < 0.7 * _han_count(node.get_text()):
            return node
        node = best


def _block_text(root: Tag) -> str:
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for table in root.find_all("table"):
        if table.find("table") is not None:
            continue  # a layout table: its cells are read as blocks
        rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]
        cells = [cell for row in rows for cell in row if cell]
        if len(rows) >= 2 and cells and sum(map(len, cells)) / len(cells) <= 40:
            table.replace_with(NavigableString("\n" + "\n".join(table_lines(rows)) + "\n"))
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before(NavigableString("\n"))
        tag.insert_after(NavigableString("\n"))
    text = root.get_text()
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))
