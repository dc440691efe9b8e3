"""HTML → the article text of a (government) web page: menus, scripts and footers dropped,
title and publication date kept."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from scribe.lexicon.places import AUTHOR_LABEL_RE, BUREAU_ORG_RE, SITE_NAME_RE

from .docx import table_lines
from .text import _BOMS

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
_SITE_META = ("SiteName", "og:site_name", "sitename", "site_name")
_SITE_LOGO = re.compile(r"logo|site-?name|sitename", re.IGNORECASE)
_DATE_META = ("PubDate", "pubdate", "publishdate", "article:published_time", "firstpublishedtime")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def html_to_text(path: Path, data: bytes) -> tuple[str, str | None, str]:
    """The article of a government web page with its paragraph breaks; menus, scripts and footers dropped."""
    markup, encoding = _decode_html(data)
    soup = BeautifulSoup(markup, "lxml")
    title = _html_meta(soup, _TITLE_META) or _html_title(soup)
    published = _html_meta(soup, _DATE_META)
    site = _html_meta(soup, _SITE_META) or _site_logo(soup) or _title_site(soup)
    authors = _author_lines(soup)  # 发布机构：… in the page's metadata table, which is not part of the article
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
    head += [line for line in authors if line not in text[:600]]
    if site and site not in text[:300]:
        head.append(f"网站名称：{site}")  # the publishing site (某某区人民政府): evidence of the bureau's place
    return "\n".join([*head, text]), title, encoding


def _site_logo(soup: BeautifulSoup) -> str | None:
    """The site's name as its header shows it (a logo or site-name element's text), before the header is dropped."""
    for tag in soup.find_all(True, class_=_SITE_LOGO):
        text = tag.get_text(" ", strip=True)
        if 2 <= len(text) <= 30 and _HAN.search(text):
            return text
    return None


def _author_lines(soup: BeautifulSoup) -> list[str]:
    """The page's publishing-metadata lines that name a bureau (发布机构：某某市科学技术局), wherever they stand."""
    lines = (" ".join(line.split()) for line in soup.get_text("\n").splitlines())
    found = [m.group().strip() for line in lines if (m := AUTHOR_LABEL_RE.match(line)) and BUREAU_ORG_RE.search(line)]
    return list(dict.fromkeys(found))[:2]


def _title_site(soup: BeautifulSoup) -> str | None:
    """The site name a page's <title> ends with (…工作思路_政务公开_新郑市人民政府门户网站)."""
    parts = _title_parts(soup)
    tail = parts[-1] if parts else ""
    return tail if SITE_NAME_RE.search(tail) and len(tail) <= 30 else None


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


def _title_parts(soup: BeautifulSoup) -> list[str]:
    """The <title> cut at its separators: "洞头区科学技术局2024年上半年工作总结…_洞头区人民政府" → the page's own title
    first, the site's name last."""
    tag = soup.find("title")
    if not isinstance(tag, Tag) or not tag.get_text(strip=True):
        return []
    return re.split(r"\s*[_|｜]\s*|\s+-\s+", tag.get_text(strip=True))


def _html_title(soup: BeautifulSoup) -> str | None:
    parts = _title_parts(soup)
    return (parts[0] or None) if parts else None


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
        rows: list[list[str | None]] = [
            [cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])] for tr in table.find_all("tr")
        ]
        cells = [cell for row in rows for cell in row if cell]
        if len(rows) >= 2 and cells and sum(map(len, cells)) / len(cells) <= 40:
            table.replace_with(NavigableString("\n" + "\n".join(table_lines(rows)) + "\n"))
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before(NavigableString("\n"))
        tag.insert_after(NavigableString("\n"))
    text = root.get_text()
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))
