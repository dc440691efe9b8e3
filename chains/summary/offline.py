"""Extractive building blocks of a report summary: section roles, sentence scores, the indicator table.

Everything here is deterministic and reads only the stored report (its sections and figure ledger, grouped by
statement in :mod:`chains.ledger`).

Sentence score (``sentence_score``), per sentence of a section::

    score = 1.0 * figure_weight          # clean figures in the sentence: 1.5 for growth/rank/share/completion/
                                         #   change, 1.0 for others, x1.5 for targets in a plan section; capped at 4
          + 2.0 * title_overlap          # share of the section title's character bigrams found in the sentence
          + position_bonus               # 1.0 for the first content sentence of the section, 0.5 for the second
          - 2.0 if shorter than 12 chars # fragments and left-over headings (- 1.0 if shorter than 20)
          - 3.0 if it holds a placeholder (X家, 20XX年) or an OCR-damaged figure or date

Key indicators (``key_rows``): clean, achieved figures of the ledger outside the problem and plan parts that
sit in a section whose heading names 指标, or are a growth / rank / share / completion / change figure; the
amount or count stated in the same sentence for the same metric joins them in one row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from chains.ledger import LedgerRow
from scribe.figures import extract_dates, extract_figures
from scribe.figures.metric import bigrams
from scribe.lexicon.headings import HEADING_MARKER_RE, SectionRole, heading_role
from scribe.lexicon.numerals import ORDINAL_CHARS
from scribe.lexicon.sentences import INNER_ENDS, SENTENCE_RE
from scribe.models import Figure, FigureKind, FigureStatus, Modality
from vectorstore.sections import SectionText


class SummaryRole(StrEnum):
    """Where a section's lines go on the one-page summary."""

    OVERVIEW = "overview"  # text before the first heading
    INDICATORS = "indicators"
    WORK = "work"
    PROBLEMS = "problems"
    PLAN = "plan"


MARKER_RE = HEADING_MARKER_RE
_BOILERPLATE_TAIL = re.compile(r"[,，]?\s*现将[^。]{0,30}(?:如下|汇报)[:：。]?$")
_STRONG_KINDS = {FigureKind.GROWTH, FigureKind.RANK, FigureKind.SHARE, FigureKind.COMPLETION, FigureKind.CHANGE}
MAX_SENTENCE = 160  # longer sentences are clipped at a clause boundary
SHORT_SENTENCE = 90  # the limit for --length short


def section_role(path: Sequence[str]) -> SummaryRole:
    """Role of a section from its headings: the top-level heading decides problems vs plan vs work."""
    if not path:
        return SummaryRole.OVERVIEW
    role = heading_role(path[0])
    if role is SectionRole.PROBLEMS:
        return SummaryRole.PROBLEMS
    if role is SectionRole.PLAN:
        return SummaryRole.PLAN
    if any("指标" in p for p in path):
        return SummaryRole.INDICATORS
    return SummaryRole.WORK


def topic(path: Sequence[str]) -> str:
    """The deepest heading without its marker: 1.平台建设扩面提质 -> 平台建设扩面提质."""
    return MARKER_RE.sub("", path[-1]).strip(" 。") if path else "总体情况"


def top_key(section: SectionText, default_bureau: str | None) -> str:
    """Identity of a section's top-level heading within its part of the file (a file may hold several reports)."""
    return f"{section.bureau or default_bureau or ''}|{section.path[0] if section.path else ''}"


def _norm(text: str) -> str:
    return re.sub(r"[\s\"“”'‘’（）()。，,.．:：、]", "", text)


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim substring of the section text
    position: int  # index among the section's content sentences
    figures: tuple[Figure, ...] = field(default=())
    score: float = 0.0


def content_sentences(section: SectionText, extra_titles: Sequence[str] = ()) -> list[str]:
    """The section's sentences with headings (and the report title) removed where glued to a sentence."""
    heads = [*section.path, *extra_titles]
    titles = sorted({_norm(p) for p in heads} | {_norm(MARKER_RE.sub("", p)) for p in heads}, key=len)
    out: list[str] = []
    for match in SENTENCE_RE.finditer(section.text):
        sentence = _BOILERPLATE_TAIL.sub("", _strip_headings(match.group(0).strip(), titles[::-1]))
        if len(_norm(sentence)) >= 6:
            out.append(sentence)
    return out


def _strip_headings(sentence: str, titles: Sequence[str]) -> str:
    changed = True
    while changed and sentence:
        changed = False
        head = MARKER_RE.match(sentence)
        if head:
            sentence, changed = sentence[head.end() :], True
        for title in titles:
            if title and _norm(sentence).startswith(title):
                cut = _prefix_length(sentence, title)
                sentence, changed = sentence[cut:].lstrip(" 。，,"), True
                break
    return sentence.strip()


def _prefix_length(sentence: str, normalised_prefix: str) -> int:
    """Characters of ``sentence`` whose normalised form is ``normalised_prefix``."""
    taken = 0
    for i, ch in enumerate(sentence):
        if _norm(ch):
            if taken == len(normalised_prefix):
                return i
            taken += 1
    return len(sentence)


def before_damage(sentence: str) -> str:
    """The sentence up to the clause before its first placeholder or OCR-damaged figure or date, if that leaves
    a usable sentence: a summary should not carry ``X%`` or ``10虬`` forward when the rest of the clause can stand."""
    damaged = [f.start for f in extract_figures(sentence) if f.status is not FigureStatus.CLEAN]
    damaged += [d.start for d in extract_dates(sentence) if d.status is not FigureStatus.CLEAN]
    if not damaged:
        return sentence
    first = min(damaged)
    cut = max(sentence.rfind(ch, 0, first) for ch in INNER_ENDS + "。")
    return sentence[:cut] if cut >= 0 and len(_norm(sentence[:cut])) >= 12 else sentence


def clip(sentence: str, limit: int = MAX_SENTENCE) -> str:
    """A prefix of ``sentence`` of at most ``limit`` characters, cut at a clause boundary when there is one."""
    if len(sentence) <= limit:
        return sentence
    cut = max(sentence.rfind(ch, 0, limit) for ch in INNER_ENDS)
    return sentence[: cut if cut > limit // 2 else limit]


def sentence_score(text: str, position: int, title: str, figures: Iterable[Figure], role: SummaryRole) -> float:
    weight = 0.0
    damaged = 3.0 if any(d.status is not FigureStatus.CLEAN for d in extract_dates(text)) else 0.0
    for fig in figures:
        if fig.status is not FigureStatus.CLEAN:
            damaged = 3.0  # a placeholder (X家) or OCR damage would make the summary unclean: prefer another
            continue
        w = 1.5 if fig.kind in _STRONG_KINDS else 1.0
        if role is SummaryRole.PLAN and fig.modality is Modality.TARGET:
            w *= 1.5
        weight += w
    title_grams = bigrams(_norm(title)) if len(_norm(title)) >= 2 else frozenset()
    overlap = len(title_grams & bigrams(_norm(text))) / len(title_grams) if title_grams else 0.0
    position_bonus = {0: 1.0, 1: 0.5}.get(position, 0.0)
    chars = len(_norm(text))
    short = 2.0 if chars < 12 else 1.0 if chars < 20 else 0.0
    return min(weight, 4.0) + 2.0 * overlap + position_bonus - short - damaged


def scored_sentences(
    section: SectionText, role: SummaryRole, extra_titles: Sequence[str] = (), limit: int = MAX_SENTENCE
) -> list[Sentence]:
    title = topic(section.path) if section.path else ""
    out = []
    for i, raw in enumerate(content_sentences(section, extra_titles)):
        text = before_damage(raw)
        figures = tuple(extract_figures(text, section_path=section.path, default_period=section.period))
        out.append(Sentence(clip(text, limit), i, figures, sentence_score(text, i, title, figures, role)))
    return out


def pick_sentences(
    section: SectionText, role: SummaryRole, n: int, extra_titles: Sequence[str] = (), limit: int = MAX_SENTENCE
) -> list[Sentence]:
    """The ``n`` best sentences of a section (each clipped to ``limit`` characters), in the report's order."""
    scored = scored_sentences(section, role, extra_titles, limit)
    ranked = sorted(scored, key=lambda s: (-s.score, s.position))[:n]
    return sorted(ranked, key=lambda s: s.position)


def problem_items(section: SectionText, limit: int) -> list[str]:
    """Each enumerated problem (一是… 二是…) by its first sentence; the best sentences when not enumerated."""
    starts = enumerated_items(section.text)
    if len(starts) < 2:
        return [s.text for s in pick_sentences(section, SummaryRole.PROBLEMS, min(limit, 2))]
    bounds = [*starts, len(section.text)]
    items: list[str] = []
    for a, b in pairwise(bounds):
        first = SENTENCE_RE.match(section.text, a, b)
        if first and len(_norm(first.group(0))) >= 6:
            items.append(clip(before_damage(first.group(0).strip()), 90))
    return items[:limit]


def enumerated_items(text: str) -> list[int]:
    """Offsets of 一是 / 二是 / 三是 … found in sequence (OCR often drops the punctuation before them)."""
    starts: list[int] = []
    pos = 0
    for numeral in ORDINAL_CHARS:
        found = text.find(f"{numeral}是", pos)
        if found < 0:
            break
        starts.append(found)
        pos = found + 2
    return starts


def sentences_wanted(section: SectionText, role: SummaryRole, length: str) -> int:
    """Short: one sentence per section; normal: one more per ~500 characters, at most three."""
    if length == "short":
        return 1
    return min(3, 1 + len(section.text) // 500)


# -- key indicators of the figure ledger (grouped by statement in chains.ledger) ---------------------------------


def is_key(row: LedgerRow, role: SummaryRole) -> bool:
    if role in (SummaryRole.PROBLEMS, SummaryRole.PLAN):
        return False
    achieved = [f for f in row.figures if f.status is FigureStatus.CLEAN and f.modality is Modality.ACHIEVED]
    if not achieved:
        return False
    return role is SummaryRole.INDICATORS or any(f.kind in _STRONG_KINDS for f in achieved)
