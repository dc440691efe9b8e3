"""Follow-up questions resolved against the previous turn."""

from __future__ import annotations

import pytest

from chains.followup import MAX_TURNS, Turn, bounded, resolve

KNOWN = ["洞头区科学技术局", "青田县科技局", "市南区科技局"]


def turn(question: str) -> Turn:
    return Turn(question=question, resolved_question=question, answer="…")


@pytest.mark.parametrize(
    ("previous", "follow", "expected"),
    [
        ("洞头区上半年规上工业研发费用是多少？", "那青田呢？", "青田县上半年规上工业研发费用是多少？"),
        ("洞头区上半年规上工业研发费用是多少？", "2023年呢？", "2023年洞头区上半年规上工业研发费用是多少？"),
        (
            "洞头区上半年规上工业研发费用是多少？",
            "青田县新增了多少家科技型中小企业？",
            "青田县新增了多少家科技型中小企业？",
        ),
        ("规上工业研发费用是多少？", "那市南区呢", "市南区规上工业研发费用是多少？"),
    ],
)
def test_resolve(previous: str, follow: str, expected: str) -> None:
    assert resolve(follow, [turn(previous)], KNOWN) == expected


def test_no_history_means_no_change() -> None:
    assert resolve("那青田呢？", [], KNOWN) == "那青田呢？"


def test_memory_is_bounded() -> None:
    history = [turn(f"问题{i}") for i in range(MAX_TURNS + 5)]
    assert len(bounded(history)) == MAX_TURNS
    assert bounded(history)[-1].question == f"问题{MAX_TURNS + 4}"
