"""Conversation memory: resolve an elliptical follow-up (那青田呢？) against the previous question."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from scribe.lexicon.periods import SPAN_WORD_RE, YEAR_WORD_RE
from scribe.lexicon.places import place_of
from vectorstore.scope import analyze

MAX_TURNS = 6  # memory is bounded: older turns are dropped
_ELLIPTICAL_START = re.compile(r"^(那么?|还有|再看看?|换成|换作|如果是|改成)")
_ELLIPTICAL_END = re.compile(r"(呢|怎么样|如何)[？?。]?\s*$")


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
        place = place_of(bureau)
        if place.name:
            core = core.replace(place.full, "").replace(place.name, "")
    for unknown in scope.unknown_places:
        core = core.replace(unknown, "")
    core = YEAR_WORD_RE.sub("", SPAN_WORD_RE.sub("", core))
    elliptical = (_ELLIPTICAL_START.search(question) or _ELLIPTICAL_END.search(question)) and len(core) <= 4
    if not elliptical:
        return question
    previous = history[-1].resolved_question
    resolved = previous
    new_places = [p.full for b in scope.bureaus if (p := place_of(b)).name] or scope.unknown_places
    if new_places:
        new = new_places[0]
        old = [p for b in analyze(previous, known).bureaus if (p := place_of(b)).name]
        if old and old[0].name:
            swapped = resolved.replace(old[0].full, new)
            resolved = swapped if swapped != resolved else resolved.replace(old[0].name, new)
        else:
            resolved = new + resolved
    for pattern in (YEAR_WORD_RE, SPAN_WORD_RE):
        said = pattern.search(question)
        if said:
            word = said.group()
            resolved = pattern.sub(word, resolved, count=1) if pattern.search(resolved) else word + resolved
    return resolved
