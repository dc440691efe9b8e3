"""Extractive building blocks of a report summary: section roles, sentence scores, the indicator table.

Everything here is deterministic and reads only the stored report (its sections and figure ledger, grouped by
statement in :mod:`chains.ledger`).

The lines of a summary are written from these sections by :mod:`chains.summary.lines`.

Key indicators (``key_rows``): clean, achieved figures of the ledger outside the problem and plan parts that
sit in a section whose heading names 指标, or are a growth / rank / share / completion / change figure; the
amount or count stated in the same sentence for the same metric joins them in one row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from chains.ledger import LedgerRow
from scribe.figures import extract_dates, extract_figures
from scribe.lexicon.headings import HEADING_MARKER_RE, REPORT_SUBJECT_RE, SectionRole, heading_role
from scribe.lexicon.sentences import INNER_ENDS, SENTENCE_RE
from scribe.models import FigureKind, FigureStatus, Modality
from vectorstore.sections import SectionText


class SummaryRole(StrEnum):
    """Where a section's lines go on the one-page summary."""

    OVERVIEW = "overview"  # text before the first heading
    INDICATORS = "indicators"
    WORK = "work"
    PROBLEMS = "problems"
    PLAN = "plan"


MARKER_RE = HEADING_MARKER_RE
_STRONG_KINDS = {FigureKind.GROWTH, FigureKind.RANK, FigureKind.SHARE, FigureKind.COMPLETION, FigureKind.CHANGE}
MAX_SENTENCE = 160  # longer sentences are clipped at a clause boundary


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


def content_sentences(section: SectionText, extra_titles: Sequence[str] = ()) -> list[str]:
    """The section's sentences with headings (and the report title) removed where glued to a sentence."""
    heads = [*section.path, *extra_titles]
    titles = sorted({_norm(p) for p in heads} | {_norm(MARKER_RE.sub("", p)) for p in heads}, key=len)
    out: list[str] = []
    for match in SENTENCE_RE.finditer(section.text):
        sentence = _without_subject(_strip_headings(match.group(0).strip(), titles[::-1]))
        if len(_norm(sentence)) >= 6:
            out.append(sentence)
    return out


def _without_subject(sentence: str) -> str:
    """The sentence without its closing 现将…汇报如下 (what the report says it is, not what it reports)."""
    found = REPORT_SUBJECT_RE.search(sentence)
    return sentence[: found.start()].rstrip(" ,，") if found else sentence


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


# -- key indicators of the figure ledger (grouped by statement in chains.ledger) ---------------------------------


def is_key(row: LedgerRow, role: SummaryRole) -> bool:
    if role in (SummaryRole.PROBLEMS, SummaryRole.PLAN):
        return False
    achieved = [f for f in row.figures if f.status is FigureStatus.CLEAN and f.modality is Modality.ACHIEVED]
    if not achieved:
        return False
    return role is SummaryRole.INDICATORS or any(f.kind in _STRONG_KINDS for f in achieved)
