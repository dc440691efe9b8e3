"""Word's automatic numbering, rendered as Word shows it: ``一、`` / ``（一）`` / ``1.`` in front of the heading.

Bureau templates number their headings through ``word/numbering.xml`` (abstract definitions, their level templates
``%1、`` / ``（%2）`` and number formats) and usually attach the numbering to the heading styles in
``word/styles.xml``; the marker is then not in the document text at all. :class:`Numbering` follows what Word does:
a paragraph's own ``numPr`` or its style's (through ``basedOn``), counters kept per abstract definition, deeper
levels restarted when a shallower one advances, ``startOverride`` / a level replaced in ``lvlOverride`` restarting
the list that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from scribe.lexicon.numerals import to_chinese_numeral

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
_LEVELS = 9
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CHINESE_COUNTING = frozenset(
    {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"}
)  # LibreOffice writes 一、二、 lists it read from .doc files as taiwaneseCountingThousand
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def wattr(element: etree._Element | None, name: str) -> str | None:
    """The ``w:name`` attribute of ``element`` (None when either is missing)."""
    if element is None:
        return None
    value = element.get(f"{{{W}}}{name}")
    return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition: its number format, template (``%1、``), start value and restart rule."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; None = after any shallower one
    legal: bool = False  # w:isLgl: every %n shown as a decimal
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass(slots=True)
class _Num:
    abstract: str
    overrides: dict[int, Level]  # a level replaced or restarted by this w:num
    started: set[int] = field(default_factory=set)


def format_number(value: int, fmt: str) -> str:
    """A counter in a Word number format; formats we do not know are shown as decimals."""
    if fmt in _CHINESE_COUNTING:
        return to_chinese_numeral(value)
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(value - 1) % 10] if value > 0 else str(value)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[value - 1] if 0 < value <= len(_CIRCLED) else str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else str(value)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    # decimal, decimalFullWidth (shown half-width, as the heading parser reads digits), and anything else
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for n, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")):
        while value >= n:
            out, value = out + sym, value - n
    for n, sym in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= n:
            out, value = out + sym, value - n
    return out


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: etree._Element, base: Level | None = None) -> Level:
    base = base or Level()
    fmt = wattr(lvl.find("w:numFmt", _NS), "val") or base.fmt
    text_el = lvl.find("w:lvlText", _NS)
    text = wattr(text_el, "val") if text_el is not None else base.text
    restart_el = lvl.find("w:lvlRestart", _NS)
    legal_el = lvl.find("w:isLgl", _NS)
    return Level(
        fmt=fmt,
        text=text or "",
        start=_int(wattr(lvl.find("w:start", _NS), "val"), base.start),
        restart=_int(wattr(restart_el, "val"), 0) if restart_el is not None else base.restart,
        legal=legal_el is not None and wattr(legal_el, "val") not in ("0", "false"),
        style=wattr(lvl.find("w:pStyle", _NS), "val") or base.style,
    )


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """What a paragraph style contributes: its name, its base style and its numbering (numId, ilvl)."""

    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None


def read_styles(xml: bytes | None) -> dict[str, StyleInfo]:
    """Paragraph styles by styleId from ``word/styles.xml``."""
    if not xml:
        return {}
    root = etree.fromstring(xml, parser=_parser())
    out: dict[str, StyleInfo] = {}
    for style in root.iterfind("w:style", _NS):
        style_id = wattr(style, "styleId")
        if not style_id:
            continue
        num_pr = style.find("w:pPr/w:numPr", _NS)
        ilvl = wattr(num_pr.find("w:ilvl", _NS), "val") if num_pr is not None else None
        out[style_id] = StyleInfo(
            name=wattr(style.find("w:name", _NS), "val") or style_id,
            based_on=wattr(style.find("w:basedOn", _NS), "val"),
            num_id=wattr(num_pr.find("w:numId", _NS), "val") if num_pr is not None else None,
            ilvl=_int(ilvl, 0) if ilvl is not None else None,
        )
    return out


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Numbering:
    """Renders the list marker of each numbered paragraph, in document order (counters advance per call)."""

    def __init__(self, numbering_xml: bytes | None, styles: dict[str, StyleInfo]) -> None:
        self._styles = styles
        self._abstract: dict[str, list[Level]] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        if numbering_xml:
            self._read(etree.fromstring(numbering_xml, parser=_parser()))

    def _read(self, root: etree._Element) -> None:
        for abstract in root.iterfind("w:abstractNum", _NS):
            levels = [Level() for _ in range(_LEVELS)]
            for lvl in abstract.iterfind("w:lvl", _NS):
                ilvl = _int(wattr(lvl, "ilvl"), 0)
                if 0 <= ilvl < _LEVELS:
                    levels[ilvl] = _level(lvl)
            self._abstract[wattr(abstract, "abstractNumId") or ""] = levels
        for num in root.iterfind("w:num", _NS):
            abstract_id = wattr(num.find("w:abstractNumId", _NS), "val") or ""
            base = self._abstract.get(abstract_id, [Level() for _ in range(_LEVELS)])
            overrides: dict[int, Level] = {}
            for override in num.iterfind("w:lvlOverride", _NS):
                ilvl = _int(wattr(override, "ilvl"), 0)
                if not 0 <= ilvl < _LEVELS:
                    continue
                level = base[ilvl]
                lvl = override.find("w:lvl", _NS)
                if lvl is not None:
                    level = _level(lvl, level)
                start = override.find("w:startOverride", _NS)
                if start is not None:
                    level = Level(level.fmt, level.text, _int(wattr(start, "val"), level.start), level.restart,
                                  level.legal, level.style)  # fmt: skip
                overrides[ilvl] = level
            self._nums[wattr(num, "numId") or ""] = _Num(abstract_id, overrides)

    def style_chain(self, style_id: str | None) -> list[StyleInfo]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        chain: list[StyleInfo] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            chain.append(self._styles[style_id])
            style_id = self._styles[style_id].based_on
        return chain

    def _resolve(self, style_id: str | None, num_id: str | None, ilvl: int | None) -> tuple[str, int] | None:
        """The paragraph's (numId, ilvl): its own numPr first, then its style's; numId 0 switches numbering off."""
        if num_id is None or ilvl is None:
            for style in self.style_chain(style_id):
                if num_id is None and style.num_id is not None:
                    num_id = style.num_id
                if ilvl is None and style.ilvl is not None:
                    ilvl = style.ilvl
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        if ilvl is None:  # a level that names this style (w:pStyle), else the first
            levels = self._levels(self._nums[num_id])
            ilvl = next((i for i, lv in enumerate(levels) if style_id and lv.style == style_id), 0)
        return num_id, max(0, min(ilvl, _LEVELS - 1))

    def _levels(self, num: _Num) -> list[Level]:
        base = self._abstract.get(num.abstract, [Level() for _ in range(_LEVELS)])
        return [num.overrides.get(i, lv) for i, lv in enumerate(base)]

    def marker(self, style_id: str | None, num_id: str | None, ilvl: int | None) -> str:
        """The rendered marker (``一、``, ``（二）``, ``3.``) for this paragraph, or "" if it is not numbered."""
        resolved = self._resolve(style_id, num_id, ilvl)
        if resolved is None:
            return ""
        num_key, level_index = resolved
        num = self._nums[num_key]
        levels = self._levels(num)
        counters = self._counters.setdefault(num.abstract, [None] * _LEVELS)
        if level_index in num.overrides and level_index not in num.started:
            counters[level_index] = None  # this w:num restarts the level (startOverride / its own lvl)
        num.started.add(level_index)
        current = counters[level_index]
        counters[level_index] = levels[level_index].start if current is None else current + 1
        for deeper in range(level_index + 1, _LEVELS):
            restart = levels[deeper].restart
            if restart is None or (restart != 0 and restart - 1 <= level_index):
                counters[deeper] = None
        level = levels[level_index]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        out = level.text
        for i in range(_LEVELS):
            token = f"%{i + 1}"
            if token not in out:
                continue
            value = counters[i] if counters[i] is not None else levels[i].start
            fmt = "decimal" if level.legal else levels[i].fmt
            out = out.replace(token, format_number(value or 0, fmt))
        return out
