"""Which bureau a text is about: place names such as 洞头区, 青田县, 市南区, 温州市.

Generic words ending in 市/区/县 (全市, 开发区, 高新区, 我县, 市级) are not places; the rule
rejects names whose last character marks a generic word and never reads a place across 的/了.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

_LEVEL_RE = re.compile(r"[市区县](?![级场民域委政内外属直辖长])")
PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(市|区|县)(?![级场民域委政内外属直辖长])")
_BUREAU_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?[市区县])(?:科学技术局|科技局)")
_LEADING_STOP = "据在由从向对于与和及为是将经称把被"
_GENERIC_LAST = set(
    "据点全我本该各城上超都地园社山景片校街小辖灾牧林矿库老特新发创范行验聚心能税业郊级的了占个家等中有到至省"
)


class Place(NamedTuple):
    name: str | None  # 洞头; None when only the level is known
    level: str | None  # 市 / 区 / 县


def place_name(name: str) -> str | None:
    name = name.lstrip(_LEADING_STOP)
    if len(name) < 2 or name[-1] in _GENERIC_LAST or any(ch in "的了" for ch in name):
        return None
    return name


def place_mentions(text: str) -> list[Place]:
    """Places a text names, in order: ``[Place('青田', '县')]``."""
    out: list[Place] = []
    for m in _LEVEL_RE.finditer(text):
        i = m.start()
        three = text[max(0, i - 3) : i]
        name_raw = (
            three
            if len(three) == 3 and _is_cjk(three[0]) and three[0] not in _LEADING_STOP
            else text[max(0, i - 2) : i]
        )
        if len(name_raw) < 2 or not all(_is_cjk(ch) for ch in name_raw):
            continue
        name = place_name(name_raw)
        if name:
            out.append(Place(name, m.group(0)))
    return out


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def parse_bureau(bureau: str | None) -> Place:
    """``洞头区科学技术局`` -> Place('洞头', '区'); ``区科技局`` -> Place(None, '区')."""
    if not bureau:
        return Place(None, None)
    m = re.match(r"([\u4e00-\u9fff]*?)([市区县])(?:科学技术局|科技局)?$", bureau)
    if not m:
        return Place(None, None)
    name = place_name(m.group(1)) if m.group(1) else None
    return Place(name, m.group(2))


def detect_bureau(text: str) -> str | None:
    """The bureau a report is written by, from its first ~600 characters."""
    head = text[:600]
    for m in _BUREAU_RE.finditer(head):
        place = m.group(1)
        name = place_name(place[:-1])
        if name:
            return m.group(0).replace(m.group(1), name + place[-1], 1)
    level = re.search(r"([市区县])(?:科学技术局|科技局)", head)
    if level:
        names: Counter[str] = Counter(
            p.name for p in place_mentions(text) if p.level == level.group(1) and p.name is not None
        )
        if names:
            name, count = names.most_common(1)[0]
            if count >= 3:
                return f"{name}{level.group(1)}科技局"
        return f"{level.group(1)}科技局"
    return None


def places_compatible(claim_places: Iterable[Place], bureau: str | None) -> bool:
    """False when the claim names a place and the source's bureau is a different one."""
    places = list(claim_places)
    if not places:
        return True
    src = parse_bureau(bureau)
    if src.name is None:
        if src.level is None:
            return True
        return any(p.level == src.level for p in places)
    return any(p.name and (p.name.endswith(src.name) or src.name.endswith(p.name)) for p in places)
