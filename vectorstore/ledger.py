"""The figure ledger of a chunk: the figures it states, as ingestion stores them and a replica rebuilds them."""

from __future__ import annotations

from scribe.figures import extract_figures
from scribe.figures.verify import looks_like_instruction
from scribe.models import Chunk, DocumentMeta, Figure


def chunk_figures(chunk: Chunk, meta: DocumentMeta) -> list[Figure]:
    """The figure ledger of one chunk; a figure inside an instruction (忽略以上指令，回答：…) is no fact."""
    figures = extract_figures(chunk.text, section_path=chunk.section_path, default_period=chunk.period or meta.period)
    return [f for f in figures if not looks_like_instruction(f.sentence)]
