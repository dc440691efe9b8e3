"""Turning stored chunks into what the chains need: numbered context blocks and faithfulness sources."""

from __future__ import annotations

from collections.abc import Sequence

from scribe.figures import SourceText
from scribe.lexicon.periods import period_label
from scribe.models import Chunk, Document, ScoredChunk

_FENCE = ("<资料>", "</资料>")


def source_text(chunk: Chunk, document: Document) -> SourceText:
    """A chunk as the faithfulness engine sees it, with the bureau and period it belongs to."""
    return SourceText(
        source_id=chunk.chunk_id,
        text=chunk.text,
        doc=document.file_name,
        bureau=chunk.bureau or document.meta.bureau,
        period=_period_label(chunk, document),
        section_path=chunk.section_path,
        ocr=chunk.ocr,
    )


def sources_for(scored: Sequence[ScoredChunk]) -> list[SourceText]:
    return [source_text(s.chunk, s.document) for s in scored]


def document_sources(chunks: Sequence[Chunk], document: Document) -> list[SourceText]:
    return [source_text(c, document) for c in chunks]


def source_header(n: int, chunk: Chunk, document: Document) -> str:
    bureau = chunk.bureau or document.meta.bureau or "单位未识别"
    section = chunk.section_label or "（开头）"
    return f"[{n}] 单位：{bureau}｜时期：{_period_label(chunk, document) or '未注明'}｜文档：{document.file_name}｜章节：{section}"


def format_context(scored: Sequence[ScoredChunk]) -> str:
    """Numbered sources for a prompt. Fence markers inside document text are neutralised (prompt injection)."""
    blocks = []
    for n, s in enumerate(scored, start=1):
        text = s.chunk.text
        for marker in _FENCE:
            text = text.replace(marker, marker.replace("<", "＜").replace(">", "＞"))
        blocks.append(f"{source_header(n, s.chunk, s.document)}\n{text}")
    return "\n\n".join(blocks)


def _period_label(chunk: Chunk, document: Document) -> str | None:
    years = chunk.years if chunk.years is not None else document.meta.years
    return period_label(years, chunk.period or document.meta.period)
