"""What a question names: bureau / place, year, period — read against the bureaus actually in the store."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field

_BUREAU_SUFFIX = re.compile(r"(科学技术局|科学技术委员会|科技局|科委)$")
_PLACE_LEVEL = re.compile(r"^(?P<place>.+?)(?P<level>省|自治区|市|区|县|旗)$")
# A place the question opens with (or lists): two or three Han characters then 市/区/县, e.g. 瑞安市… / 和平阳县….
# Conservative on purpose: a false "unknown place" would refuse an answerable question.
_PLACE_IN_TEXT = re.compile(
    r"(?:^|[，,。、；;和与及跟])([\u4e00-\u9fff]{2,3}?)(市|区|县)(?!场|级|委|域|属|内|外|直|政府)"
)
_NOT_PLACES = frozenset(
    {
        "城市",
        "全市",
        "本市",
        "地市",
        "省市",
        "县市",
        "市区",
        "社区",
        "园区",
        "景区",
        "校区",
        "街区",
        "城区",
        "开发区",
        "高新区",
        "示范区",
        "试验区",
        "功能区",
        "片区",
        "辖区",
        "山区",
        "郊区",
    }
)
_YEAR = re.compile(r"(20\d{2})\s*年")
_PERIODS = (
    (re.compile(r"(\d{1,2})\s*[-—~至到]\s*(\d{1,2})\s*月"), None),
    (re.compile(r"上半年"), "上半年"),
    (re.compile(r"下半年"), "下半年"),
    (re.compile(r"全年|年度"), "全年"),
    (re.compile(r"([一二三四1-4])\s*季度"), None),
)
# 科技计划项目 / 森林计划 are names, not a question about the plan part of a report
_PLAN_WORDS = re.compile(
    r"工作计划|工作思路|计划(?=新增|实现|完成|达到|引进|培育|开展|建成|中|[，,。？?]|$)|下一步|下步"
    r"|下半年(?:工作|将|要|计划|打算)|目标|力争|打算|将要|准备"
)


class QueryScope(BaseModel):
    bureaus: list[str] = Field(default_factory=list, description="bureaus in the store the question names")
    unknown_places: list[str] = Field(default_factory=list, description="places named that no stored bureau covers")
    years: list[int] = Field(default_factory=list)
    periods: list[str] = Field(default_factory=list)
    wants_plan: bool = False

    @property
    def names_bureau(self) -> bool:
        return bool(self.bureaus or self.unknown_places)


def place_of(bureau: str) -> tuple[str, str]:
    """洞头区科学技术局 → (洞头, 区); 温州市科技局 → (温州, 市)."""
    stem = _BUREAU_SUFFIX.sub("", bureau.strip())
    match = _PLACE_LEVEL.match(stem)
    if match and len(match.group("place")) >= 2:
        return match.group("place"), match.group("level")
    return stem, ""


def _names(question: str, place: str) -> bool:
    """The question names ``place`` itself — 温州某区 names some district of 温州, not 温州市's own bureau."""
    at = question.find(place)
    while at >= 0:
        after = question[at + len(place) : at + len(place) + 2]
        if not (after.startswith("某") or (after[:1] in "市区县" and after[1:2] == "某")):
            return True
        at = question.find(place, at + 1)
    return False


def analyze(question: str, known_bureaus: Iterable[str]) -> QueryScope:
    places: dict[str, list[str]] = {}
    for bureau in known_bureaus:
        place, _level = place_of(bureau)
        if len(place) >= 2:
            places.setdefault(place, []).append(bureau)
    named: list[str] = []
    for place, bureaus in places.items():
        if _names(question, place):
            named.extend(b for b in bureaus if b not in named)
    known_places = set(places)
    unknown = [
        m.group(1) + m.group(2)
        for m in _PLACE_IN_TEXT.finditer(question)
        if m.group(0) not in _NOT_PLACES
        and m.group(1) not in known_places
        and not any(m.group(1) in p or p in m.group(1) for p in known_places)
    ]
    periods: list[str] = []
    for pattern, label in _PERIODS:
        for m in pattern.finditer(question):
            periods.append(label or m.group(0).replace(" ", ""))
    return QueryScope(
        bureaus=named,
        unknown_places=list(dict.fromkeys(unknown)) if not named else [],
        years=sorted({int(y) for y in _YEAR.findall(question)}),
        periods=list(dict.fromkeys(periods)),
        wants_plan=bool(_PLAN_WORDS.search(question)),
    )
