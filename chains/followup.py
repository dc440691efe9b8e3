"""Conversation memory: resolve an elliptical follow-up (那青田呢？) against the previous question."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from vectorstore.scope import analyze, place_of

MAX_TURNS = 6  # memory is bounded: older turns are dropped
_ELLIPTICAL_START = re.compile(r"^(那么?|还有|再看看?|换成|换作|如果是|改成)")
_ELLIPTICAL_END = re.compile(r"(呢|怎么样|如何)[？?。]?\s*$")
_YEAR = re.compile(r"20\d{2}\s*年")
_PERIOD = re.compile(r"\d{1,2}\s*[-—~至到]\s*\d{1,2}\s*月|上半年|下半年|全年")


class Turn(BaseModel):
    question: str
    resolved_question: str
    answer: str
    bureaus: list[str] = Field(default_factory=list)


def bounded(history: Sequence[Turn]) -> list[Turn]:
    return list(history)[-MAX_TURNS:]


def history_text(history: Sequence[Turn]) -> str:
    return "\n".join(f"问：{t.resolved_question}\n答：{t.answer}" for t in bounded(history))


def resolve(question: str, history: Sequence[Turn], known_bureaus: Iterable[str]) -> str:
    """The question a follow-up stands for; a self-contained question is returned unchanged."""
    question = question.strip()
    if not history:
        return question
    known = list(known_bureaus)
    scope = analyze(question, known)
    core = re.sub(r"[那么呢还有再看换成如果是？?。，,\s]", "", question)
    for bureau in scope.bureaus:
        place, level = place_of(bureau)
        core = core.replace(place + level, "").replace(place, "")
    for place in scope.unknown_places:
        core = core.replace(place, "")
    core = _YEAR.sub("", _PERIOD.sub("", core))
    elliptical = (_ELLIPTICAL_START.search(question) or _ELLIPTICAL_END.search(question)) and len(core) <= 4
    if not elliptical:
        return question
    previous = history[-1].resolved_question
    resolved = previous
    new_places = [place_of(b) for b in scope.bureaus] or [(p[:-1], p[-1]) for p in scope.unknown_places]
    if new_places:
        place, level = new_places[0]
        old = [place_of(b) for b in analyze(previous, known).bureaus]
        if old:
            old_place, old_level = old[0]
            swapped = resolved.replace(old_place + old_level, place + level)
            resolved = swapped if swapped != resolved else resolved.replace(old_place, place + level)
        else:
            resolved = place + level + resolved
    years = _YEAR.findall(question)
    if years:
        resolved = _YEAR.sub(years[0], resolved, count=1) if _YEAR.search(resolved) else years[0] + resolved
    periods = _PERIOD.findall(question)
    if periods:
        resolved = _PERIOD.sub(periods[0], resolved, count=1) if _PERIOD.search(resolved) else periods[0] + resolved
    return resolved
