"""Summary lines written from a block of the report: its heading and its key clauses, joined into one sentence.

A block is a section (亮点 and 下步工作) or one enumerated problem (一是… 二是…). Its text is cut into whole
clauses (``scribe.lexicon.phrases``: at every clause end but 、, and where run-together text starts a new clause
without a comma — ``预计全市第2截至目前`` is two clauses). The key clauses are those with a clean figure (an
achieved one in a review, a target in a plan) and those that state the block's claim (they share words with its
heading, or open it); clauses that only frame the next one (围绕…, 针对…) are left out. The line keeps whole key
clauses in the report's order up to a length budget — a clause is never cut — and every figure it keeps is checked
against the document (a clause whose figure the checker does not pass is dropped).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from chains.summary import offline as ex
from chains.summary.models import SummaryLine
from chains.summary.verifier import Verifier
from scribe.figures import extract_figures
from scribe.figures.metric import bigrams
from scribe.figures.models import FAILING_LABELS
from scribe.lexicon.headings import ENUMERATION_RE, strip_marker
from scribe.lexicon.indicators import MEASURE_TAILS, find_indicator
from scribe.lexicon.numerals import ORDINAL_CHARS
from scribe.lexicon.phrases import (
    RANK_TAILS,
    figure_tail,
    is_framing,
    is_time_frame,
    opens_clause,
    phrases,
    run_on_starts,
)
from scribe.lexicon.sentences import SENTENCE_RE
from scribe.models import Document, FigureKind, FigureStatus, Modality
from vectorstore.sections import SectionText

# Characters a line may take (its heading aside), by part and length: what a one-page summary holds.
LINE_CHARS = {
    "normal": {"highlights": 72, "problems": 52, "plans": 72},
    "short": {"highlights": 44, "problems": 32, "plans": 44},
}
MIN_CLAUSE = 4  # shorter clauses (``等``, ``目前``) are kept only as a time frame of the next one
_RETRIES = 4  # clauses dropped for a failing figure before the line gives up


@dataclass(frozen=True)
class Clause:
    text: str
    sentence: str  # the verbatim sentence of the section it comes from (for the citation)
    index: int  # position among the block's clauses
    figures: int  # clean figures of the kind the block reports (achieved, or targets in a plan)
    claim: float  # share of the heading's bigrams in the clause
    lead: bool  # the first clause of the block or of one of its items, or the block's first figure


def split_run_ons(text: str) -> list[str]:
    """The clauses of ``text``: phrases, each cut again where a clause starts with no comma before it."""
    out: list[str] = []
    for phrase in phrases(text):
        cuts = set(run_on_starts(phrase))
        for fig in extract_figures(phrase):
            end = fig.end + figure_tail(phrase[fig.end :])
            rest = phrase[end:]
            if not rest:
                continue
            rank_run_on = fig.kind is FigureKind.RANK and not rest.startswith(RANK_TAILS)
            starts_indicator = (found := find_indicator(rest)) is not None and found[2] == 0
            if opens_clause(rest) or rank_run_on or (end > fig.end and starts_indicator):
                cuts.add(end)
        bounds = [0, *sorted(c for c in cuts if 0 < c < len(phrase)), len(phrase)]
        out += [p for a, b in itertools.pairwise(bounds) if (p := strip_marker(phrase[a:b]).strip())]
    return out


def heading_of(section: SectionText) -> str:
    """A section's heading as a line shows it: its first clause, whole (抓“科技成果转化”,释放创新驱动力 → 抓“科技成果转化”)."""
    return heading_of_topic(ex.topic(section.path))


def heading_of_topic(topic: str) -> str:
    """The first clause of a heading, whole."""
    parts = phrases(topic)
    return parts[0] if parts else topic


def block_clauses(
    sentences: Sequence[str], section: SectionText, role: ex.SummaryRole, item_starts: Sequence[int] = ()
) -> list[Clause]:
    """The clauses of a block's sentences, each with what makes it key."""
    title = _plain(heading_of(section))
    title_grams = bigrams(title) if len(title) >= 2 else frozenset()
    wanted = Modality.TARGET if role is ex.SummaryRole.PLAN else Modality.ACHIEVED
    out: list[Clause] = []
    for s_index, sentence in enumerate(sentences):
        for c_index, text in enumerate(split_run_ons(sentence)):
            figures = extract_figures(text, section_path=section.path, default_period=section.period)
            damaged = any(f.status is not FigureStatus.CLEAN for f in figures)
            clean = 0 if damaged else sum(1 for f in figures if f.modality is wanted or role is ex.SummaryRole.PROBLEMS)
            grams = bigrams(_plain(text))
            claim = len(title_grams & grams) / len(title_grams) if title_grams else 0.0
            lead = c_index == 0 and (s_index == 0 or s_index in item_starts)
            out.append(Clause(text, sentence, len(out), clean, claim, lead))
    headline = next((c for c in out if c.figures), None)  # a block's first figure is its headline
    return [replace(c, lead=True) if c is headline else c for c in out]


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch not in "“”\"'‘’《》（）()")


def _useful(c: Clause) -> bool:
    return bool(c.figures or c.claim >= 0.3)


def _score(window: Sequence[Clause]) -> float:
    """What a run of clauses says: its figures (two a clause at most), its claim, whether it opens the block."""
    figures = sum(min(c.figures, 2) for c in window)
    claim = max((c.claim for c in window), default=0.0)
    opens = bool(window) and (window[0].lead or (is_time_frame(window[0].text) and any(c.lead for c in window[1:2])))
    return figures + 2.0 * claim + (1.0 if opens else 0.0)


def _continues(clause: str) -> bool:
    """A clause that leans on the one before it (围绕… frames the next; 占… / 增长… measure the previous)."""
    return is_framing(clause) or clause.startswith(MEASURE_TAILS)


def _trimmed(window: Sequence[Clause]) -> list[Clause]:
    """A run without the framing or short clauses at its start and the clauses that add nothing at its end."""
    run = list(window)
    while run:
        head = run[0]
        if is_time_frame(head.text) and len(run) > 1 and run[1].figures:
            break  # 截至目前，全区拥有… keeps its date
        weak = not head.lead and not _useful(head)
        if not (weak or _continues(head.text) or len(head.text) < MIN_CLAUSE or is_time_frame(head.text)):
            break
        run.pop(0)
    while len(run) > 1 and not _useful(run[-1]):
        run.pop()
    return run


def _tail_trimmed(window: Sequence[Clause]) -> list[Clause]:
    """A run without the short or time-frame clauses at its end (``…仅5家，目前``)."""
    run = list(window)
    while len(run) > 1 and (len(run[-1].text) < MIN_CLAUSE or is_time_frame(run[-1].text)):
        run.pop()
    return run


def windows(clauses: Sequence[Clause], budget: int, *, from_start: bool = False) -> list[list[Clause]]:
    """Runs of consecutive clauses of one sentence that fit ``budget`` characters, best first.

    Consecutive clauses keep their context (the metric named before its 增速), which is also what the checker reads.
    ``from_start``: only runs that open the block (a problem is stated first, then explained).
    """
    found: list[tuple[float, int, list[Clause]]] = []
    starts = range(min(1, len(clauses))) if from_start else range(len(clauses))
    for i in starts:
        for j in range(i + 1, len(clauses) + 1):
            run = list(clauses[i:j])
            if run[-1].sentence != run[0].sentence and not from_start:
                break
            if _length(run) > budget and len(run) > 1:
                break
            trimmed = _tail_trimmed(run) if from_start else _trimmed(run)
            if trimmed:
                found.append((_score(trimmed) + (len(run) * 0.01 if from_start else 0.0), trimmed[0].index, trimmed))
    found.sort(key=lambda f: (-f[0], f[1], -len(f[2])))
    unique: dict[tuple[int, ...], list[Clause]] = {}
    for _value, _at, run in found:
        unique.setdefault(tuple(c.index for c in run), run)
    return list(unique.values())


def chosen_clauses(clauses: Sequence[Clause], role: ex.SummaryRole, budget: int) -> list[Clause]:
    """The best run, and a second one from another sentence when it carries figures and the budget has room."""
    problems = role is ex.SummaryRole.PROBLEMS
    runs = windows(clauses, budget, from_start=problems)
    if not runs:
        return []
    best = runs[0]
    if problems:
        return best
    room = budget - _length(best)
    taken = {c.sentence for c in best}
    for run in runs[1:]:
        if run[0].sentence not in taken and _length(run) <= room and any(c.figures for c in run):
            return sorted([*best, *run], key=lambda c: c.index)
    return best


def _length(clauses: Sequence[Clause]) -> int:
    return sum(len(c.text) + 1 for c in clauses)


def joined(clauses: Sequence[Clause]) -> str:
    """Clauses as one sentence: joined by ，, ended by 。."""
    parts = [c.text.rstrip("，,、；;：:。") for c in clauses]
    return "，".join(p for p in parts if p) + "。"


def written_line(
    section: SectionText,
    sentences: Sequence[str],
    role: ex.SummaryRole,
    budget: int,
    verifier: Verifier,
    document: Document,
    *,
    item_starts: Sequence[int] = (),
    topic: str | None = None,
) -> SummaryLine | None:
    """One line for one block, its figures checked; None when the block has nothing a line could say."""
    bureau = section.bureau or document.meta.bureau
    clauses = block_clauses(sentences, section, role, item_starts)
    for _ in range(_RETRIES):
        kept = chosen_clauses(clauses, role, budget)
        if not kept:
            return None
        text = joined(kept)
        verdicts = verifier.check(text, section.path, bureau)
        failing = [v for v in verdicts if v.label in FAILING_LABELS]
        if not failing:
            quotes = dict.fromkeys(c.sentence for c in kept)
            return SummaryLine(
                topic=topic if topic is not None else heading_of(section),
                text=text,
                section_path=section.path,
                bureau=bureau,
                citations=[c for c in (verifier.cite(section, q) for q in quotes) if c is not None],
                verdicts=verdicts,
            )
        bad = {_clause_at(kept, v.figure.start) for v in failing}
        clauses = [c for c in clauses if c.index not in bad]
    return None


def _clause_at(kept: Sequence[Clause], offset: int) -> int:
    """Index of the kept clause a character of :func:`joined` text falls in."""
    pos = 0
    for c in kept:
        pos += len(c.text.rstrip("，,、；;：:。")) + 1
        if offset < pos:
            return c.index
    return kept[-1].index


def section_sentences(section: SectionText, extra_titles: Sequence[str] = ()) -> list[str]:
    """The section's content sentences (headings and the report title taken off), damaged clauses cut."""
    return [ex.before_damage(s) for s in ex.content_sentences(section, extra_titles)]


def problem_blocks(section: SectionText) -> list[list[str]]:
    """Each enumerated problem (一是… 二是…) as its sentences; the whole section when not enumerated."""
    starts = enumerated_items(section.text)
    if len(starts) < 2:
        return [section_sentences(section)]
    bounds = [*starts, len(section.text)]
    out: list[list[str]] = []
    for a, b in itertools.pairwise(bounds):
        part = section.text[a:b]
        found = [m.group(0).strip() for m in SENTENCE_RE.finditer(part)]
        if found:
            out.append([s for s in found if s])
    return out


def shortened(text: str, chars: int) -> str:
    """``text`` cut to its first whole clauses that fit ``chars`` (the first always): never inside a clause."""
    if len(text) <= chars:
        return text
    kept: list[str] = []
    for part in split_run_ons(text):
        if kept and sum(len(p) + 1 for p in [*kept, part]) > chars:
            break
        kept.append(part.rstrip("，,、；;：:。"))
    return "，".join(kept) + "。"


def enumerated_items(text: str) -> list[int]:
    """Offsets of 一是 / 二是 / 三是 … found in sequence (OCR often drops the punctuation before them)."""
    starts: list[int] = []
    for found in ENUMERATION_RE.finditer(text):
        if len(starts) < len(ORDINAL_CHARS) and found.group()[0] == ORDINAL_CHARS[len(starts)]:
            starts.append(found.start())
    return starts
