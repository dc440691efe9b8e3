"""The development set stays valid: every evidence span is verbatim in its document, every figure in its evidence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eval.claims import BLIND_SETS

ROOT = Path(__file__).resolve().parents[2]
# eval/devset: tuned on since session 4; eval/devset2: written blind in session 6, tuned on in session 7;
# eval/devset3: written blind in session 7, tuned on in session 8; eval/devset4: written blind in session 8, tuned on in
# session 9; eval/devset5: written blind in session 9, a tuning set since session 11; eval/devset6: written blind in
# sessions 10-11, scored before and after in 12-13, a tuning set from session 14; eval/devset7: written blind in
# session 13, a tuning set from session 15; eval/devset8: written blind in session 14, a tuning set from session 16;
# eval/devset9: written blind in session 15; eval/devset10: written blind in session 16 (see each README)
DEVSETS = ["devset", "devset2", "devset3", "devset4", "devset5", "devset6", "devset7", "devset8", "devset9", "devset10"]
# blind estimates (eval.claims.BLIND_SETS): their attribution is measured and reported (their README), not asserted,
# until they are tuned on; devset5's is asserted since session 12, devset6's since session 14, devset7's since session 15,
# devset8's since session 16 (issue #20)
ATTRIBUTION_DEVSETS = [d for d in DEVSETS if ROOT / "eval" / d not in BLIND_SETS]


@pytest.mark.parametrize("devset", DEVSETS)
def test_devset_passes_its_own_format_check(devset: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "devset" / "check_devset.py"), str(ROOT / "eval" / devset)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: no violations" in result.stdout


@pytest.mark.parametrize("devset", ATTRIBUTION_DEVSETS)
def test_bureau_attribution_on_the_devset(devset: str) -> None:
    """Every document whose text names its bureau gets a bureau (≥ 90%), none gets a wrong one, and a document
    that names none stays unattributed. ``eval/<devset>/bureaus.json`` holds each document's own words for its bureau
    (null when it names none); places are compared as the product compares them (``same_place``), so
    深圳市南山区科技创新局 and 南山区科技创新局 agree, and so do 昌吉国家高新技术产业开发区 and 昌吉高新区."""
    import json

    from scribe.lexicon.places import place_of, same_place
    from vectorstore.loaders import load_file
    from vectorstore.metadata import extract_metadata

    expected: dict[str, str | None] = json.loads((ROOT / "eval" / devset / "bureaus.json").read_text("utf-8"))
    found, wrong, guessed = 0, [], []
    for name, bureau in expected.items():
        loaded = load_file(ROOT / "eval" / devset / "corpus" / name, max_bytes=2**26, max_unzipped_bytes=2**26)
        meta = extract_metadata(loaded.text, name, title_hint=loaded.title_hint)
        if bureau is None:
            if meta.bureau is not None:
                guessed.append((name, meta.bureau))
        elif meta.bureau is not None:
            if same_place(place_of(meta.bureau), place_of(bureau)):
                found += 1
            else:
                wrong.append((name, meta.bureau, bureau))
    named = sum(b is not None for b in expected.values())
    assert wrong == [] and guessed == []
    assert found / named >= 0.9, f"{found}/{named} attributed"
