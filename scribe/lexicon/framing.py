"""How a sentence frames a figure: direction words whose opposite reverses the claim (高于 ↔ 低于).

A generated answer that writes 低于 where its source says 高于 keeps every figure and still says the opposite;
the figure checker cannot see that, so the generative QA path checks each answer clause against its source.
"""

from __future__ import annotations

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
