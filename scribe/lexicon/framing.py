"""How a sentence frames a figure: direction words whose opposite reverses the claim (高于 ↔ 低于).

A generated answer that writes 低于 where its source says 高于 keeps every figure and still says the opposite;
the figure checker cannot see that, so the generative QA path checks each answer clause against its source.
"""

from __future__ import annotations

import re

OPPOSITES: tuple[tuple[str, str], ...] = (
    ("高于", "低于"),
    ("上升", "下降"),
    ("增长", "下降"),
    ("增加", "减少"),
    ("提高", "降低"),
    ("领先", "落后"),
    ("快于", "慢于"),
    ("超过", "未达到"),
)
"""Pairs of direction words: either side, written where the source has only the other, reverses the claim."""


def reversed_framing(claim: str, source: str) -> list[tuple[str, str]]:
    """(word in ``claim``, its opposite in ``source``) for each direction word the source only has reversed."""
    flips = []
    for a, b in OPPOSITES:
        for word, opposite in ((a, b), (b, a)):
            if word in claim and word not in source and opposite in source and opposite not in claim:
                flips.append((word, opposite))
    return flips


# Comparisons with a base (高于潍坊市平均水平 / 快于全省平均): either side, where the source compares the same base the
# other way, reverses the claim even when every figure checks.
COMPARISONS: tuple[tuple[str, str], ...] = (("高于", "低于"), ("快于", "慢于"), ("领先于", "落后于"), ("好于", "差于"))
_BASE_RE = re.compile(r"[\u4e00-\u9fff]{2,10}")
_BASE_KEY = 4  # the base's last characters that must follow the opposite word in the source (平均水平 / 序时进度)
_BASE_GAP = 8  # how far after the opposite word they may stand (低于潍坊市平均水平: the place between)


def reversed_comparison(claim_words: str, source: str) -> tuple[str, str] | None:
    """(word in ``claim_words``, its opposite in ``source``) when the claim compares with a base (高于潍坊市平均水平)
    that the source compares the other way (增速低于潍坊市平均水平1.8个百分点) and never the claim's way."""
    for a, b in COMPARISONS:
        for word, opposite in ((a, b), (b, a)):
            at = claim_words.find(word)
            if at < 0 or opposite in claim_words:
                continue
            base = _BASE_RE.match(claim_words, at + len(word))
            if base is None:
                continue
            key = re.escape(base.group(0)[-_BASE_KEY:])
            theirs = re.search(rf"{opposite}[^，,；;。]{{0,{_BASE_GAP}}}?{key}", source)
            same = re.search(rf"{word}[^，,；;。]{{0,{_BASE_GAP}}}?{key}", source)
            if theirs and not same:
                return word, opposite
    return None


# Stages of one process, earlier first: a figure of an earlier stage stated as a later one misstates it (申报6家 is not
# 认定6家: the applications are not yet approved).
STAGES: tuple[tuple[str, ...], ...] = (
    ("申报", "推荐", "报送"),
    ("认定", "获批", "通过", "入选", "立项"),
)


def _stage(clause: str) -> int | None:
    """The latest stage a clause names, None when it names none."""
    found = [i for i, words in enumerate(STAGES) if any(w in clause for w in words)]
    return max(found) if found else None


def stage_overstated(claim_clause: str, source_clause: str) -> bool:
    """The claim's clause names a later stage than its source's, which names only an earlier one (认定 for 申报)."""
    mine, theirs = _stage(claim_clause), _stage(source_clause)
    return mine is not None and theirs is not None and mine > theirs
