"""Rules about the reports' language live once, in scribe/lexicon: no regex elsewhere spells one out again.

Each fragment below is the signature of one lexicon table. A pattern outside the lexicon that contains it has
copied the rule instead of composing it from the lexicon (``ORDINAL_CLASS``, ``BUREAU_ORG_RE.pattern``,
``DECLARED_SPAN``, ``TARGET_WORDS`` …), and the copies drift apart — the way 鹿城区 stopped being a place for the
figure checker while ingestion still read it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("scribe", "chains", "vectorstore", "eval")
RE_FUNCTIONS = {"compile", "search", "sub", "match", "fullmatch", "finditer", "findall", "split"}

SIGNATURES = {
    "Chinese ordinals (numerals.ORDINAL_CLASS)": "一二三四五六七八九",
    "half-year spans (periods.DECLARED_SPAN)": "上半年|下半年",
    "bureau names (places.BUREAU_ORG_RE)": "科技局",
    "problem words (headings.ROLE_WORDS)": "问题|不足",
    "plan words (headings.ROLE_WORDS)": "计划|思路",
    "target cues (hedges.TARGET_WORDS)": "力争|确保",
    "hedges (hedges.PRE_HEDGES)": "约|近|超",
    "statistical scopes (indicators.SCOPE_ALIASES)": "规模以上",
    "growth words (indicators.GROWTH_WORDS)": "增速|增幅",
    "rank words (indicators.RANK_WORDS)": "排名|位次",
}


def _literals_in(source: str) -> list[tuple[int, str]]:
    """(line, the string parts of the pattern) of every ``re.<function>(...)`` call in ``source``."""
    out = []
    for node in ast.walk(ast.parse(source)):
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr in RE_FUNCTIONS and getattr(func.value, "id", "") == "re":
            text = "".join(c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str))
            out.append((node.lineno, text))
    return out


def _pattern_literals() -> list[tuple[str, int, str]]:
    out = []
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "lexicon" not in path.parts:
                rel = str(path.relative_to(ROOT))
                out.extend((rel, line, text) for line, text in _literals_in(path.read_text(encoding="utf-8")))
    return out


def test_the_scan_sees_the_product_patterns() -> None:
    literals = _pattern_literals()
    assert len(literals) > 100  # the scan reads real code, not an empty tree
    assert any(path.startswith("scribe/figures/") for path, _, _ in literals)


@pytest.mark.parametrize("table", list(SIGNATURES))
def test_no_pattern_outside_the_lexicon_copies_a_lexicon_table(table: str) -> None:
    fragment = SIGNATURES[table]
    copies = [f"{path}:{line}" for path, line, text in _pattern_literals() if fragment in text]
    assert copies == [], f"{table} spelt out again at {copies}; compose the pattern from scribe.lexicon instead"


def test_a_copied_rule_is_found() -> None:
    source = (
        'import re\n_PERIOD = re.compile(r"上半年|下半年|全年")\nSTEP = re.sub(rf"[一二三四五六七八九十]是", "", t)\n'
    )
    found = [fragment for _, text in _literals_in(source) for fragment in SIGNATURES.values() if fragment in text]
    assert found == ["上半年|下半年", "一二三四五六七八九"]
