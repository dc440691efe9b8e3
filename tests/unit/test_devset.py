"""The development set stays valid: every evidence span is verbatim in its document, every figure in its evidence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_devset_passes_its_own_format_check() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "devset" / "check_devset.py")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: no violations" in result.stdout
