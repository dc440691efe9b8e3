"""A stored document read back section by section (for summaries and drafting, which must see everything)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from scribe.models import Chunk


class SectionText(BaseModel):
    """The text under one section path, in document order, with the chunks it came from (overlaps removed)."""

    path: list[str]
    text: str
    chunk_ids: list[str] = Field(default_factory=list)
    bureau: str | None = None
    period: str | None = None
    years: list[int] | None = None

    @property
    def label(self) -> str:
        return " > ".join(self.path)


def document_sections(chunks: Sequence[Chunk]) -> list[SectionText]:
    """Group a document's chunks by section path, dropping the overlap a split section repeats."""
    ordered = sorted(chunks, key=lambda c: (c.char_start, c.index))
    sections: list[SectionText] = []
    covered_end = 0
    for chunk in ordered:
        skip = max(0, covered_end - chunk.char_start)
        text = chunk.text[skip:] if skip < len(chunk.text) else ""
        covered_end = max(covered_end, chunk.char_start + len(chunk.text))
        if sections and sections[-1].path == chunk.section_path:
            current = sections[-1]
            current.text += text
            current.chunk_ids.append(chunk.chunk_id)
        else:
            sections.append(
                SectionText(
                    path=list(chunk.section_path),
                    text=text,
                    chunk_ids=[chunk.chunk_id],
                    bureau=chunk.bureau,
                    period=chunk.period,
                    years=chunk.years,
                )
            )
    return [s for s in sections if s.text.strip()]
