"""What a question names: bureau / place, year, period — read against the bureaus actually in the store."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from scribe.lexicon.hedges import asks_for_plan
from scribe.lexicon.periods import asked_beside_report, names_masked_year, period_words, years_in
from scribe.lexicon.places import QUOTED_TITLE_RE, UNATTRIBUTED_ASK_RE, place_of, place_variants, places_in


class QueryScope(BaseModel):
    bureaus: list[str] = Field(default_factory=list, description="bureaus in the store the question names")
    unknown_places: list[str] = Field(default_factory=list, description="places named that no stored bureau covers")
    years: list[int] = Field(default_factory=list, description="every year named: the report's and the figure's")
    report_years: list[int] = Field(
        default_factory=list, description="years that only name the report (2024年上半年总结中…2023年全年…): not asked"
    )
    periods: list[str] = Field(default_factory=list)
    masked_year: bool = Field(default=False, description="names a masked year (20XX年) and no real one")
    wants_plan: bool = False
    unattributed: bool = Field(default=False, description="asks about a report that names no bureau (未署名)")
    titles: list[str] = Field(default_factory=list, description="report titles quoted in 《》")
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
    unknown = [
        mention.place.full
        for mention in places_in(question)
        if (mentioned := mention.place.name) and not any(mentioned in p or p in mentioned for p in known_places)
    ]
    asked = asked_beside_report(untitled)
    return QueryScope(
        bureaus=named,
        unknown_places=list(dict.fromkeys(unknown)) if not named else [],
        years=sorted(years_in(question)),
        report_years=sorted(set(years_in(question)) - set(years_in(asked))),
        periods=period_words(asked),
        masked_year=names_masked_year(question) and not years_in(question),
        wants_plan=asks_for_plan(untitled),
        unattributed=bool(UNATTRIBUTED_ASK_RE.search(question)) and not named,
        titles=[m.group("title") for m in QUOTED_TITLE_RE.finditer(question)],
    )
