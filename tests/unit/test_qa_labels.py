"""An offline answer names what it could not find in Chinese: no kind of figure shows its enum value to the user."""

from __future__ import annotations

import re

from chains.qa import KIND_LABEL
from scribe.models import FigureKind


def test_every_kind_of_figure_has_chinese_words() -> None:
    assert set(KIND_LABEL) == set(FigureKind)
    for kind, label in KIND_LABEL.items():
        assert label and not re.search(r"[A-Za-z]", label), (kind, label)


def test_the_labels_tell_the_kinds_apart() -> None:
    assert len(set(KIND_LABEL.values())) == len(KIND_LABEL)
    assert KIND_LABEL[FigureKind.CHANGE] != KIND_LABEL[FigureKind.GROWTH]  # 提升0.4个百分点 is not 增长30%
