"""Checking summary text against one document's chunks, read in the context of its section's headings."""

from __future__ import annotations

from collections.abc import Sequence

from chains.sources import document_sources
from chains.summary import offline as ex
from chains.summary.models import Citation
from scribe.figures import SourceText, Verdict, verify
from scribe.lexicon.headings import heading_role
from scribe.models import Chunk, Document
from vectorstore.sections import SectionText


class Verifier:
    """Checks summary text against one document's chunks, with the section's top heading as context."""

    def __init__(self, chunks: Sequence[Chunk], document: Document) -> None:
        self.sources: list[SourceText] = document_sources(chunks, document)
        self._chunks = {c.chunk_id: c for c in chunks}
        self._cache: dict[tuple[str, str, str | None], list[Verdict]] = {}

    def check(self, text: str, section_path: Sequence[str], bureau: str | None) -> list[Verdict]:
        prefix = context_prefix(section_path)
        key = (prefix, text, bureau)
        if key not in self._cache:
            verdicts = verify(prefix + text, self.sources, bureau=bureau)
            self._cache[key] = [_shift(v, len(prefix)) for v in verdicts if v.figure.start >= len(prefix)]
        return self._cache[key]

    def cite(self, section: SectionText, quote: str) -> Citation | None:
        """The chunk of ``section`` holding ``quote`` (or its longest prefix, for a sentence split across chunks)."""
        for size in (len(quote), len(quote) * 2 // 3, len(quote) // 3):
            part = quote[: max(size, 1)]
            for chunk_id in section.chunk_ids:
                if part in self._chunks[chunk_id].text:
                    return Citation(chunk_id=chunk_id, section_path=section.path, quote=part)
        return None

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._chunks.get(chunk_id)


def context_prefix(section_path: Sequence[str]) -> str:
    """The section's headings as level-1 lines, so the engine reads a summary line in its section's context.

    The engine takes a source chunk's modality (achieved / planned) and period from its headings; a summary line
    is shown under the same section, so it is checked with the same headings in front of it. Only headings
    the engine can classify are kept; verdicts on figures inside the prefix are dropped.
    """
    lines = [f"一、{ex.MARKER_RE.sub('', title)}" for title in section_path if heading_role(title) is not None]
    return "".join(f"{line}\n" for line in lines)


def _shift(v: Verdict, offset: int) -> Verdict:
    if not offset:
        return v
    fig = v.figure.model_copy(update={"start": v.figure.start - offset, "end": v.figure.end - offset})
    return v.model_copy(update={"figure": fig})
