"""What a question names: bureau / place, year, period — read against the bureaus actually in the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from scribe.lexicon.periods import REPORT_PERIOD_RE, asked_beside_report, names_masked_year, period_words, years_in
from scribe.lexicon.places import (
    QUOTED_TITLE_RE,
    UNATTRIBUTED_ASK_RE,
    opening_place,
    place_of,
    place_variants,
    places_in,
    zone_owner,
)
from scribe.lexicon.questions import asks_for_plan
from scribe.lexicon.sentences import list_spans


class QueryScope(BaseModel):
    bureaus: list[str] = Field(default_factory=list, description="bureaus in the store the question names")
    unknown_places: list[str] = Field(default_factory=list, description="places named that no stored bureau covers")
    years: list[int] = Field(default_factory=list, description="every year named: the report's and the figure's")
    report_years: list[int] = Field(
        default_factory=list, description="years that only name the report (2024年上半年总结中…2023年全年…): not asked"
    )
    periods: list[str] = Field(default_factory=list)
    report_periods: list[str] = Field(
        default_factory=list,
        description="the periods of the report a question names (上半年 of 2024年上半年总结中提到的2023年全年…), else"
        " the periods asked: which reports may answer",
    )
    masked_year: bool = Field(default=False, description="names a masked year (20XX年) and no real one")
    wants_plan: bool = False
    unattributed: bool = Field(default=False, description="asks about a report that names no bureau (未署名)")
    titles: list[str] = Field(default_factory=list, description="report titles quoted in 《》")
    report_named: bool = Field(
        default=False, description="a report is named beside the period asked (今年上半年总结里提到的2023年…)"
    )
    unconfirmed_cities: list[str] = Field(
        default_factory=list, description="city-qualified places (南昌市西湖区) whose stored reports name no city"
    )

    @property
    def names_bureau(self) -> bool:
        return bool(self.bureaus or self.unknown_places)


def _names(question: str, place: str) -> bool:
    """The question names ``place`` itself — 温州某区 names some district of 温州, not 温州市's own bureau."""
    at = question.find(place)
    while at >= 0:
        after = question[at + len(place) : at + len(place) + 2]
        if not (after.startswith("某") or (after[:1] in "市区县" and after[1:2] == "某")):
            return True
        at = question.find(place, at + 1)
    return False


def _qualifies(before: str, bureau: str) -> bool:
    """Whether ``before`` (the question up to a place it names) ends with ``bureau``'s place, written to say which
    place follows (延边州 of 延边州珲春市, 温州市 of 温州市瑞安市)."""
    place = place_of(bureau)
    return any(
        before.endswith(form)
        for form in place_variants(place) + tuple(n + (place.level or "") for n in place_variants(place))
    )


def _covers(known: str, bureaus: Sequence[str], mentioned: str) -> bool:
    """Whether the stored place ``known`` (of ``bureaus``) is the place a question names as ``mentioned``; a zone
    named after it (镇江高新区 of 镇江市) is not: the city's own reports are not held."""
    if not (mentioned in known or known in mentioned):
        return False
    return known == mentioned or not all(zone_owner(place_of(b)) == mentioned for b in bureaus)


def analyze(question: str, known_bureaus: Iterable[str]) -> QueryScope:
    places: dict[str, list[str]] = {}
    for bureau in known_bureaus:
        for name in place_variants(place_of(bureau)):
            places.setdefault(name, []).append(bureau)
    named: list[str] = []
    for place, bureaus in places.items():
        if _names(question, place):
            named.extend(b for b in bureaus if b not in named)
    known_places = set(places)
    untitled = QUOTED_TITLE_RE.sub("", question)  # 《…下半年工作打算》 names a report; it asks for no plan
    mentions = places_in(question)
    inner = [m for i, m in enumerate(mentions) if not (i + 1 < len(mentions) and mentions[i + 1].start == m.end)]
    opening = opening_place(question)
    if opening is not None and any(m.start <= opening.start < m.end for m in mentions):
        opening = None
    if opening is not None:  # 义乌上半年…: a place asked by its short name, whether or not the store holds it
        inner.insert(0, opening)
    unknown: list[str] = []
    for mention in inner:  # of 遵义市汇川区 the district is asked; its city only says which 汇川区
        mentioned = mention.place.name
        if not mentioned or any(_covers(p, places[p], mentioned) for p in known_places):
            continue
        unknown.append(mention.place.full)
        # 延边州珲春市: a stored bureau's place only qualifies the place asked, whose own report is not held
        before = question[: mention.start]
        named = [b for b in named if not _qualifies(before, b)]
    asked = asked_beside_report(untitled)
    periods = period_words(asked)
    return QueryScope(
        bureaus=named,
        unknown_places=list(dict.fromkeys(unknown)) if not named else [],
        years=sorted(years_in(question)),
        report_years=sorted(set(years_in(question)) - set(years_in(asked))),
        periods=periods,
        report_periods=period_words(" ".join(m.group() for m in REPORT_PERIOD_RE.finditer(untitled)))
        if asked != untitled
        else periods,
        masked_year=names_masked_year(question) and not years_in(question),
        wants_plan=asks_for_plan(untitled),
        unattributed=bool(UNATTRIBUTED_ASK_RE.search(question)) and not named,
        titles=[m.group("title") for m in QUOTED_TITLE_RE.finditer(question)],
        report_named=asked != untitled,
    )


def compared_items(question: str, bureaus: Sequence[str]) -> list[tuple[str, str]]:
    """The bureaus a question sets side by side, each with the item of the list that names it (洞头区2024年 /
    青田县2023年研发费用), read by the lexicon's list reader. Within an item a chained name's outer place is left out
    (温州市洞头区 names 洞头区) and a place after the subject frames it (青田县在丽水市排第几 compares nothing)."""
    spots: list[tuple[int, int, str]] = []
    for bureau in bureaus:
        place = place_of(bureau)
        for name in place_variants(place):
            at = question.find(name)
            if at >= 0:
                end = at + len(name)
                if place.level and question.startswith(place.level, end):
                    end += 1
                spots.append((at, end, bureau))
                break
    spots.sort()
    out: list[tuple[str, str]] = []
    for start, end in list_spans(question, keep=[(at, stop) for at, stop, _b in spots]):
        inside = [s for s in spots if start <= s[0] < end]
        own = [b for i, (_at, stop, b) in enumerate(inside) if not (i + 1 < len(inside) and inside[i + 1][0] == stop)]
        if own and all(place_of(b).name != place_of(own[0]).name for b, _item in out):
            out.append((own[0], question[start:end]))
    return out


def compared_bureaus(question: str, bureaus: Sequence[str]) -> list[str]:
    """The bureaus a question sets side by side: one per item of the list it names them in (洞头区和青田县)."""
    return [bureau for bureau, _item in compared_items(question, bureaus)]


def item_years(question: str, item: str, bureau: str) -> list[int]:
    """The years one side of a comparison asks about: its own item's (永川区2024年和铁西区2023年), or the
    question's when the item is only the place's name (洞头区和青田县2024年…: the year is said once for both)."""
    own = years_in(item)
    if own:
        return sorted(own)
    rest = item
    place = place_of(bureau)
    for name in place_variants(place):
        rest = rest.replace(name + (place.level or ""), "").replace(name, "")
    return sorted(years_in(question)) if len(rest.strip()) <= 1 else []
