"""A theme across bureaus: passages about 科技金融 (or any phrase) from every report, grouped by bureau.

Hybrid retrieval finds the chunks; within each chunk only the sentences that hold the theme (or most of its
character bigrams) are kept, so every line shown is a verbatim, citable sentence.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from chains.ports import Retriever
from scribe.figures.metric import bigrams
from scribe.lexicon.sentences import ITEM_RE
from vectorstore.retrieval import Filters

THEME_COVERAGE = 0.6  # share of the theme's character bigrams a sentence must hold


class ThemeHit(BaseModel):
    chunk_id: str
    file_name: str
    period_label: str
    section_path: list[str] = Field(default_factory=list)
    sentences: list[str] = Field(description="verbatim sentences of the chunk about the theme")
    score: float


class ThemeGroup(BaseModel):
    unit: str = Field(description="the bureau, or the file when the text names none")
    hits: list[ThemeHit]


class ThemeComparison(BaseModel):
    theme: str
    groups: list[ThemeGroup] = Field(default_factory=list)


def theme_sentences(text: str, theme: str) -> list[str]:
    grams = bigrams(theme)
    out = []
    for match in ITEM_RE.finditer(text):
        sentence = match.group(0).strip()
        if theme in sentence or (grams and len(grams & bigrams(sentence)) / len(grams) >= THEME_COVERAGE):
            out.append(sentence)
    return out


def compare_theme(
    retriever: Retriever,
    theme: str,
    *,
    bureau: str | None = None,
    period: str | None = None,
    k: int = 30,
    per_unit: int = 3,
) -> ThemeComparison:
    """Passages about ``theme`` from every bureau (hybrid retrieval), grouped by bureau, each a cited sentence."""
    found = retriever.retrieve(theme, k=k, filters=Filters(bureau=bureau, period=period))
    groups: dict[str, list[ThemeHit]] = {}
    for scored in found.chunks:
        chunk, document = scored.chunk, scored.document
        sentences = theme_sentences(chunk.text, theme)
        if not sentences:
            continue
        unit = chunk.bureau or document.meta.bureau or f"{document.file_name}（单位未识别）"
        years = scored.years
        label = "、".join(f"{y}年" for y in years) + (chunk.period or document.meta.period or "")
        hits = groups.setdefault(unit, [])
        if len(hits) < per_unit:
            hit = ThemeHit(
                chunk_id=chunk.chunk_id,
                file_name=document.file_name,
                period_label=label or "（期间未注明）",
                section_path=chunk.section_path,
                sentences=sentences,
                score=scored.score,
            )
            hits.append(hit)
    return ThemeComparison(theme=theme, groups=[ThemeGroup(unit=u, hits=h) for u, h in groups.items()])
