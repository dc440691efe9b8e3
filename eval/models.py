"""What the suite and its per-area runner share: a dataset found on disk, a failing case, the progress callback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

DatasetKind = Literal["qa", "claims"]
Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: the stage's description, and how far it is."""


class Dataset(BaseModel):
    name: str = Field(description="file stem, unique within a run; used in metric keys")
    path: Path
    kind: DatasetKind
    items: int = 0


class FailingCase(BaseModel):
    """One case the system got wrong: what was said, what the checker or scorer made of it, what was expected."""

    area: Literal["claims", "qa", "drafts", "summaries"]
    dataset: str = ""
    id: str
    doc: str = ""
    text: str = Field(default="", description="the claim, question or document")
    figure: str = ""
    verdict: str
    expected: str
    source_sentence: str = ""
    reason: str = ""
