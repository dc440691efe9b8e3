"""Document metadata (bureau, years, period, type, dates) and the reports one file may hold.

Rules read what the text says and never fill a gap with a guess: a bureau is taken from the
title or opening lines; a bare ``市科技局`` / ``区科技局`` is completed with a place only when the
file name or the text names exactly one place of that level often (``温州`` in ``温州市…``);
masked years (``20XX``) give nothing.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

from scribe.lexicon.headings import (
    PROGRESS_TITLE_WORDS,
    REPORT_TITLE_WORDS,
    ROLE_WORDS,
    SectionRole,
    heading_role,
    roles_named,
)
from scribe.lexicon.numerals import ORDINAL_CLASS, reading_text
from scribe.lexicon.periods import (
    BARE_YEAR_RE,
    DECLARED_PERIOD_RE,
    MASKED_YEAR_RE,
    OPENING_YEAR_RE,
    SINGLE_YEAR_RE,
    YEAR_RE,
    YEAR_TO_DATE_RE,
    arabic_years,
    canonical_months,
)
from scribe.lexicon.places import (
    ATTACHMENT_LABEL_RE,
    AUTHOR_LABEL_RE,
    BUREAU_ORG_RE,
    LEVEL_CHARS,
    NOT_AFTER_LEVEL,
    NOT_PLACE_FIRST,
    SITE_NAME_RE,
    VERBS_BEFORE_BUREAU,
    VISITOR_AFTER_RE,
    ZONE_AUTHORITY_RE,
    Place,
    full_name,
    gazetteer,
    innermost,
    place_level,
    place_of,
    places_in,
    self_area_level,
    zone_name,
)
from scribe.models import BureauBasis, DocType, DocumentMeta
from vectorstore.structure import Heading, at_boundary, detect_headings, find_header_end

_ORG = BUREAU_ORG_RE.pattern
_PLACE_LOOKBACK = 8
_ZONE_LOOKBACK = 16  # 乌鲁木齐国家高新技术产业开发区
_AUTHORITY_LOOKBACK = 7  # 党工委、管委会
_NOT_PLACE_CHARS = NOT_PLACE_FIRST | frozenset("省市区县")

# One report's title inside the text: [year][place+level]<org>…工作总结[及…计划], then the report itself starts.
_TITLE_NOUN = "|".join(w for w in REPORT_TITLE_WORDS if w not in ("汇报", "安排"))
_PLAN_NOUN = "|".join(w for w in REPORT_TITLE_WORDS if w in ROLE_WORDS[SectionRole.PLAN])
_YEARISH = r"(?:(?:19|20)[\dXＸx]{2}|[XＸ]{2,4})\s*年?度?"
_PART_TITLE = re.compile(
    r"(?:(?<=[。；;！!？?\n])|\A)[ \t]*"
    rf"(?P<title>(?:{_YEARISH})?(?:[\u4e00-\u9fffXＸ]{{0,5}}?[{LEVEL_CHARS}])?(?:{_ORG})"
    rf"[^。；;！!？?\n，,：:《》“”]{{0,24}}?(?:作|年|度)\s*(?:{_TITLE_NOUN})"
    rf"(?:[和及暨与、]?[^。；;！!？?\n，,：:《》“”]{{0,16}}?(?:{_PLAN_NOUN}))?)"
    r"(?=[ \t]*\n|\s*(?:今年以来|近年来|一年来|年初以来|(?:19|20)[\dXＸ]{2}年|[XＸ]{2,4}年|上半年|"
    rf"{ORDINAL_CLASS}、|[（(]一[）)]|我局|本局|[市区县](?:{_ORG})|\Z))"
)
_MIN_PART_BODY = 300

_SOURCE_FILE_LINE = re.compile(r"^[^\n]{1,80}\.(?:docx?|wps|pdf)[ \t]*$", re.MULTILINE | re.IGNORECASE)

_LABEL_SCAN = 600
_OFTEN = 3  # mentions that make a place the text's own (one passing mention never does) …
_OFTEN_ALONE = 2  # … or two, when no other place of that level is named at all
_NAMED_TWICE = 2  # a bureau named once in passing (遵义市科技局来我市调研) is no author
_SITE_LINES = 4
_SIGNATURE_LINES = 3  # the closing lines a 落款 stands in: the bureau, then its date
_AUTHOR_LINE_MAX = 30

_ANNUAL_SUMMARY = re.compile(r"(?:年|年度)\s*[工H]?作?\s*总结|年度")

_DATE_LABEL = re.compile(
    r"(?P<label>发布日期|发布时间|成文日期|发文日期|印发日期|日期|时间)\s*[:：]?[\s•·]*"
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
)
_DATE_PRIORITY = {"发布日期": 0, "发布时间": 0, "成文日期": 1, "发文日期": 2, "印发日期": 2, "日期": 3, "时间": 3}


class Part(BaseModel):
    """One report inside a file: its span and what it says about itself."""

    start: int
    end: int
    title: str | None = None
    bureau: str | None = None
    bureau_basis: BureauBasis | None = None
    region_level: str | None = None
    years: list[int] = Field(default_factory=list)
    period: str | None = None
    doc_type: DocType = DocType.UNKNOWN


def split_parts(text: str, file_name: str = "", *, title_hint: str | None = None) -> list[Part]:
    """Reports held in ``text``: usually one, several when e.g. a district's and a city's are pasted together.

    A new part starts at a report title (``市科技局20XX年工作总结和20XX年工作计划``) standing at a
    sentence boundary after at least a few hundred characters of the previous report. A report in traditional
    characters is read as simplified (same offsets), so 諸暨市科學技術局 is 诸暨市科学技术局.
    """
    text = arabic_years(reading_text(text))
    header_end = find_header_end(text)
    starts: list[tuple[int, str | None]] = [(0, None)]
    content_from = header_end
    for m in _PART_TITLE.finditer(text):
        title = m.group("title").strip()
        if m.start("title") - content_from >= _MIN_PART_BODY and m.start("title") >= header_end:
            starts.append((m.start("title"), title))
            content_from = m.end("title")
        elif starts[-1][1] is None:
            starts[-1] = (starts[-1][0], title)
            content_from = max(content_from, m.end("title"))
    parts: list[Part] = []
    for i, (start, title) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        first = i == 0
        parts.append(
            _describe(
                text,
                start,
                end,
                title=title
                or (_fallback_title(text, header_end) if first else None)
                or (title_hint if first else None),
                file_name=file_name if first else "",
                body_start=header_end if first else start,
            )
        )
    return parts


def extract_metadata(text: str, file_name: str, *, title_hint: str | None = None) -> DocumentMeta:
    """What the text says about the report; for a file of several reports, the first one's (years: all)."""
    parts = split_parts(text, file_name, title_hint=title_hint)
    first = parts[0]
    years = sorted({y for p in parts for y in p.years})
    return DocumentMeta(
        bureau=first.bureau,
        bureau_basis=first.bureau_basis,
        region_level=first.region_level,
        years=years,
        period=first.period,
        doc_type=first.doc_type,
        publish_date=publish_date(text),
        title=first.title,
    )


def publish_date(text: str) -> str | None:
    """ISO date from the publishing header (发布日期 / 成文日期 …), None if the header gives none."""
    text = arabic_years(reading_text(text))
    header = text[: max(find_header_end(text), min(len(text), 400))]
    best: tuple[int, str] | None = None
    for m in _DATE_LABEL.finditer(header):
        label = m.group("label")
        if label in ("日期", "时间") and not at_boundary(header, m.start()):
            continue
        month, day = int(m.group("m")), int(m.group("d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        iso = f"{m.group('y')}-{month:02d}-{day:02d}"
        rank = _DATE_PRIORITY[label]
        if best is None or rank < best[0]:
            best = (rank, iso)
    return best[1] if best else None


def _fallback_title(text: str, header_end: int) -> str | None:
    """First line when it reads as a title: short, no full stop, names a report; a line above it that only names
    the bureau (三都水族自治县教育和科技局, then 2024年科技工作总结) is the author's, not the title."""
    for line in text[: header_end + 200].splitlines():
        s = line.strip()
        if not s or _SOURCE_FILE_LINE.match(s) or _is_author_line(s):
            continue
        # 打算 / 安排 name a title only on a line dated at its start (202X年1-10月科技工作情况及下一步打算): alone they
        # are the plan heading (下一步工作打算)
        dated = bool(YEAR_RE.match(s) or MASKED_YEAR_RE.match(s))
        return s if len(s) <= 60 and "。" not in s and _names_report(s, plan_words=dated) else None
    return None


def _names_report(line: str, *, plan_words: bool) -> bool:
    """The line names a report: 总结 / 计划 / 思路 … (打算 / 安排 only with ``plan_words``), or it ends as a progress
    report's title does (…工作进展情况)."""
    words = REPORT_TITLE_WORDS if plan_words else [w for w in REPORT_TITLE_WORDS if w not in ("打算", "安排")]
    return any(w in line for w in words) or line.endswith(PROGRESS_TITLE_WORDS)


def _is_author_line(line: str) -> bool:
    ends = [m.end() for m in BUREAU_ORG_RE.finditer(line)]
    return bool(ends) and ends[-1] == len(line) and len(line) <= _AUTHOR_LINE_MAX


def _describe(text: str, start: int, end: int, *, title: str | None, file_name: str, body_start: int) -> Part:
    body_start = max(start, body_start)
    headings = detect_headings(text, body_start, end)
    level1 = [h for h in headings if h.level == 1]
    first_heading = headings[0].start if headings else end
    preamble = text[body_start:first_heading][:600]
    titles = [t for t in (title, *_source_file_titles(text, start, body_start)) if t]
    doc_type = _doc_type(titles, [h.title for h in level1])
    plan_from = next((h.start for h in level1 if _is_plan_heading(h.title)), end)
    at = text.find(title, start, end) if title else -1
    title_end = at + len(title) if at >= 0 and title else start
    opening_end = max(title_end, body_start + len(preamble))
    bureau, level, basis = _bureau(text, start, end, title_end, opening_end, file_name, title if at >= 0 else None)
    return Part(
        start=start,
        end=end,
        title=title,
        bureau=bureau,
        bureau_basis=basis,
        region_level=level,
        years=_years(text[start:end], titles, preamble, [h.title for h in level1]),
        period=_period(text, title or "", preamble, level1, body_start, plan_from, doc_type),
        doc_type=doc_type,
    )


def _source_file_titles(text: str, start: int, body_start: int) -> list[str]:
    """Pasted file names above the report (``科技局2021工作总结及2022工作计划.docx``)."""
    return [m.group().strip() for m in _SOURCE_FILE_LINE.finditer(text, start, max(start, body_start))]


def _is_plan_heading(title: str) -> bool:
    return heading_role(title) is SectionRole.PLAN


def _doc_type(titles: list[str], level1: list[str]) -> DocType:
    named = [roles_named(t) for t in titles]
    summary = any(SectionRole.REVIEW in roles for roles in named) or any(
        heading_role(t) in (SectionRole.REVIEW, SectionRole.PROBLEMS) for t in level1
    )
    plan = any(SectionRole.PLAN in roles for roles in named) or any(_is_plan_heading(t) for t in level1)
    if summary and plan:
        return DocType.SUMMARY_AND_PLAN
    if summary:
        return DocType.SUMMARY
    if plan:
        return DocType.PLAN
    return DocType.UNKNOWN


def _years(part_text: str, titles: list[str], preamble: str, level1: list[str]) -> list[int]:
    found = {int(y) for t in titles for y in BARE_YEAR_RE.findall(t)}
    if not found:
        found = {int(y) for t in [preamble[:120], *level1] for y in OPENING_YEAR_RE.findall(t)}
    if not found:
        counts = Counter(int(y) for y in SINGLE_YEAR_RE.findall(part_text))
        ranked = counts.most_common(2)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            found = {ranked[0][0]}
    return sorted(found)


def _canonical_period(raw: str) -> str:
    return canonical_months(raw) or raw


def _period(
    text: str,
    title: str,
    preamble: str,
    level1: list[Heading],
    body_start: int,
    plan_from: int,
    doc_type: DocType,
) -> str | None:
    """The summary part's period: the declared one (上半年 / 全年 …) and the data period (1-5月) if it differs."""
    if doc_type is DocType.PLAN:
        scope = title + " " + " ".join(h.title for h in level1)
        return "下半年计划" if "下半年" in scope else "全年计划"
    summary_title = title
    for word in ("总结", "情况", "进展"):
        if word in title:
            summary_title = title[: title.index(word)]
            break
    declared = None
    for source in (summary_title, preamble, *(h.title for h in level1 if h.start < plan_from)):
        m = DECLARED_PERIOD_RE.search(source)
        if m:
            declared = "全年" if m.group() == "年度" else _canonical_period(m.group())
            break
    if declared is None and (_ANNUAL_SUMMARY.search(title) or (doc_type is DocType.SUMMARY_AND_PLAN and title)):
        declared = "全年"
    data = None
    for m in YEAR_TO_DATE_RE.finditer(text, body_start, plan_from):
        if at_boundary(text, m.start(), body_start):
            data = _canonical_period(m.group())
            break
    if declared and data and declared != data:
        return f"{declared}（{data}）"
    return data or declared


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "XＸ"


def _bureau_mentions(text: str, start: int, end: int) -> list[tuple[int, str | None, str | None, str]]:
    """(offset, place, level, org) for every 科技局-like name in ``text[start:end]``; place None when bare."""
    out: list[tuple[int, str | None, str | None, str]] = []
    for m in BUREAU_ORG_RE.finditer(text, start, end):
        org = m.group()
        authority = ZONE_AUTHORITY_RE.search(text, max(start, m.start() - _AUTHORITY_LOOKBACK), m.start())
        pos = authority.start() if authority else m.start()  # 唐山高新区党工委管委会科技创新局: the zone's bureau
        j = pos
        while j > max(start, pos - _ZONE_LOOKBACK) and _is_han(text[j - 1]):
            j -= 1
        zone = zone_name(text[j:pos])
        if zone:
            out.append((pos, zone[:-1], zone[-1], org))  # 长春经济技术开发区科技创新局
            continue
        run = text[j:pos]
        j = max(j, pos - _PLACE_LOOKBACK)
        pre = text[j:pos]
        if not pre or pre[-1] not in LEVEL_CHARS:
            out.append((pos, None, None, org))
            continue
        level, name = pre[-1], pre[:-1]
        run_starts_here = j == 0 or not _is_han(text[j - 1])
        if run_starts_here and name[:1] in ("年", "月", "日", "度") and text[j - 1 : j].isdigit():
            name = name[1:]  # 2025年瑞安市科学技术局
        known = _known_tail(run)  # the longer run: 镇宁布依族苗族自治县 is ten characters
        if known:
            name = known  # 南京市江宁区科学技术局 → 江宁; 围绕洞头区科技局 → 洞头
        elif not (run_starts_here and len(name) <= 3):
            name = _trim_place(text, name, level)
        if not name or "X" in name or "Ｘ" in name or name[0] in NOT_PLACE_FIRST or name in VERBS_BEFORE_BUREAU:
            out.append((pos, None, level, org))
        else:
            out.append((pos, name, level, org))
    return out


def _known_tail(run: str) -> str | None:
    """The name of the gazetteer place that ends ``run`` (the innermost of 南京市江宁区), None if none does."""
    places = gazetteer()
    for size in range(min(len(run), places.longest), 2, -1):
        tail = run[-size:]
        if tail in places.by_full:
            return tail[:-1]  # the full name before its level: 长阳土家族自治 (县)
    return None


def _trim_place(text: str, name: str, level: str) -> str:
    """The place at the end of a longer run (``围绕洞头区`` → ``洞头``): the longest tail the text names again."""
    for k in (3, 2):
        tail = name[-k:]
        if len(tail) == k and text.count(tail + level) >= 2 and not (set(tail) & _NOT_PLACE_CHARS):
            return tail
    return ""


def _bureau(
    text: str, start: int, end: int, title_end: int, opening_end: int, file_name: str, title: str | None
) -> tuple[str | None, str | None, BureauBasis | None]:
    """(bureau, level, basis), from the strongest evidence the part carries; unknown stays unknown.

    In order: the title (its bureau, else the place it opens with); a publishing-metadata line (发布机构 / 来源 …);
    the closing 落款; the one bureau the opening sentence names that is no visitor; the page's site name; a bare 区科技局 or 我区
    completed with the one place of that level the text names as a bureau twice or more, or the file name or the
    text names often.
    """
    mentions = _bureau_mentions(text, start, end)
    for pos, place, level, org in mentions:
        if pos < title_end and place and level:
            return f"{place}{level}{org}", level, BureauBasis.TITLE
    own = self_area_level(text[start:end])
    if start == 0:
        labelled = _labelled_bureau(text)
        if labelled and own in (None, labelled[1]):
            return (*labelled, BureauBasis.METADATA)
    titled = _titled_place(title) if title else None
    if titled is not None and own in (None, titled.level):
        return f"{full_name(titled)}{_org_of(titled, mentions)}", titled.level, BureauBasis.TITLE
    # In the opening, a bureau of another level is a visitor or a superior (嘉兴市科技局来我县调研); so is one
    # that comes to 我市, and a list of bureaus (宜都市科技局、当阳市科技局等单位) names units, not the author. The
    # author names itself in the first sentence (今年以来，青田县科技局认真贯彻…); later ones are its units or partners.
    first_stop = text.find("。", title_end, opening_end)
    opening_end = first_stop if first_stop >= 0 else opening_end
    opening = [
        (pl, lv, org)
        for pos, pl, lv, org in mentions
        if pos < opening_end
        and lv
        and own in (None, lv)
        and not VISITOR_AFTER_RE.match(text, text.index(org, pos) + len(org))
    ]
    generic = [(level, org) for place, level, org in opening if not place]
    level = generic[0][0] if generic else own
    signed = _signed_bureau(text, start, end, mentions)
    if signed and level in (None, signed[1]):
        return (*signed, BureauBasis.SIGNATURE)  # a 落款 signs; an opening may name a superior (在市科技局指导下)
    placed = {(place, level, org) for place, level, org in opening if place}
    if len({(place, level) for place, level, _org in placed}) == 1:
        place, level, org = next(iter(placed))
        return f"{place}{level}{org}", level, BureauBasis.OPENING
    if start == 0:
        site = _site_place(text)
        if site and site.name and site.level and level in (None, site.level):
            return f"{full_name(site)}{generic[0][1] if generic else '科技局'}", site.level, BureauBasis.SITE
    if level is None:
        return None, None, None
    if not generic:
        same_level = Counter((place, org) for _, place, lv, org in mentions if place and lv == level)
        ranked = same_level.most_common(2)
        if ranked and ranked[0][1] >= _NAMED_TWICE and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            (place, org), _count = ranked[0]
            return f"{place}{level}{org}", level, BureauBasis.TEXT
    org = generic[0][1] if generic else "科技局"
    from_file = _place_from_file_name(file_name, level)
    if from_file:
        return f"{from_file}{level}{org}", level, BureauBasis.FILE_NAME
    from_text = _place_from_text(text[start:end], level)
    if from_text:
        return f"{full_name(from_text)}{org}", level, BureauBasis.TEXT
    return None, level, None


def _titled_place(title: str) -> Place | None:
    """The place a report's title opens with as its subject (焦作市2026年1-10月科技创新工作进展 / 南京市江宁区…:
    the innermost, 江宁区), None when the title opens otherwise or is no report's title. The bureau of that place
    wrote it: the bureaus its body names (修武县科技局获评先进) are its sub-units, visitors or superiors."""
    title = title.strip().removeprefix("关于")
    if not _names_report(title, plan_words=True):
        return None
    place, at = None, 0
    for mention in places_in(title):
        if mention.start != at:
            break
        place, at = mention.place, mention.end
    if place is None or not place.name or not place.level:
        return None
    return place


def _org_of(place: Place, mentions: list[tuple[int, str | None, str | None, str]]) -> str:
    """The name the text gives the place's bureau (科学技术和信息化局 / 科委), the bureau of its level when the text
    names it only as 区科技局, else 科技局."""
    exact = [org for _pos, pl, lv, org in mentions if lv == place.level and pl == place.name]
    of_level = [org for _pos, pl, lv, org in mentions if lv == place.level and pl is None]
    return (exact or of_level or ["科技局"])[0]


def _labelled_bureau(text: str) -> tuple[str, str] | None:
    """The author a publishing-metadata line names: 发布机构：余杭区科技局 / 来源：某某市科学技术局."""
    head = text[: max(find_header_end(text), min(len(text), _LABEL_SCAN))]
    for m in AUTHOR_LABEL_RE.finditer(head):
        value = m.group("value")
        org = BUREAU_ORG_RE.search(value)
        if not org:
            continue
        place = place_of(value[: org.end()])
        if place.name and place.level:
            return f"{place.full}{org.group()}", place.level
    return None


def _signed_bureau(
    text: str, start: int, end: int, mentions: list[tuple[int, str | None, str | None, str]]
) -> tuple[str, str] | None:
    """The bureau that signs the part: its closing 落款 line (a line that is only the bureau's name, among the last
    lines, a date may follow) or the title of an attachment it appends (附件：洞头区科学技术局2024年…完成情况表)."""
    closing = [(a, b) for a, b in _line_spans(text, start, end) if text[a:b].strip()][-_SIGNATURE_LINES:]
    lines = [(a, b, True) for a, b in closing] + [
        (a, b, False) for a, b in _line_spans(text, start, end) if ATTACHMENT_LABEL_RE.match(text[a:b])
    ]
    for a, b, at_end in lines:
        line = text[a:b].strip()
        if at_end and not _is_author_line(line):
            continue
        first = next((m for m in mentions if a <= m[0] < b), None)
        if first is None:
            continue
        pos, place, level, org = first
        if not place or not level:
            continue
        label = ATTACHMENT_LABEL_RE.match(text[a:b])
        lead = text[a + label.end() : pos] if label and not at_end else ""
        if lead and innermost(lead.strip()) != f"{place}{level}":
            continue  # 附件：关于…的通知 names another body further on; the attachment must open with the bureau
        return f"{place}{level}{org}", level
    return None


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        spans.append((at, stop))
        at = stop + 1
    return spans


def _site_place(text: str) -> Place | None:
    """The place of the government site a page was saved from (某某区人民政府门户网站), in its first lines."""
    for line in text[:_LABEL_SCAN].splitlines()[:_SITE_LINES]:
        if SITE_NAME_RE.search(line):
            found = places_in(line)
            if found:
                return found[-1].place
    return None


def _place_from_file_name(file_name: str, level: str) -> str | None:
    names = {m.group(1) for m in re.finditer(rf"([\u4e00-\u9fff]{{2,3}}?){level}(?![{NOT_AFTER_LEVEL}])", file_name)}
    names = {n for n in names if not (set(n) & _NOT_PLACE_CHARS)}
    return names.pop() if len(names) == 1 else None


def _place_from_text(part_text: str, level: str) -> Place | None:
    """The one place of ``level`` the text names often, else None: a known place named with its level at least
    once (``西湖区``) and by its name at least three times in all (``西湖`` ×3), twice as often as any other — or
    twice, when it is the only place of that level the text names (我县… 依安县大豆…项目). A place named once stays
    unknown, even as its clause's subject inside the city the text names: on unseen reports that reading named one
    report in three wrongly (session 16), and an unattributed report is still searched."""
    named = {m.place for m in places_in(part_text) if place_level(m.place) == level and m.place.name}
    ranked = sorted(((part_text.count(p.name or ""), p) for p in named), reverse=True)
    if not ranked or ranked[0][0] < (_OFTEN_ALONE if len(ranked) == 1 else _OFTEN):
        return None
    if len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]:
        return None
    return ranked[0][1]
