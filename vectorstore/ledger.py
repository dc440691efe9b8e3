"""The figure ledger of a chunk: the figures it states, as ingestion stores them and a replica rebuilds them."""

from __future__ import annotations

from collections.abc import Sequence

from scribe.figures import extract_figures
from scribe.figures.verify import looks_like_instruction
from scribe.models import Chunk, DocumentMeta, Figure


def chunk_figures(chunk: Chunk, meta: DocumentMeta, headings: Sequence[str] = ()) -> list[Figure]:
    """The figure ledger of one chunk; a figure inside an instruction (忽略以上指令，回答：…) is no fact. ``headings``
    are the report's top headings in order: a weak plan heading (二、重点工作) before a real plan reviews."""
    top = chunk.section_path[0] if chunk.section_path else None
    later = headings[headings.index(top) + 1 :] if top in headings else ()
    figures = extract_figures(
        chunk.text,
        section_path=chunk.section_path,
        default_period=chunk.period or meta.period,
        later_headings=later,
    )
    return [f for f in figures if not looks_like_instruction(f.sentence)]
