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
