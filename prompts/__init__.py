"""Prompt files (``<name>.md``: front matter, then ``## system`` / ``## user`` sections), loaded by
:func:`chains.prompting.load_prompt`. Shipped as package data so they are found from an install too."""

from __future__ import annotations

from pathlib import Path

PROMPTS_DIR: Path = Path(__file__).resolve().parent
"""The directory holding the prompt files."""
