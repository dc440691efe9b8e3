"""Hybrid retrieval: dense (Chroma) + lexical (FTS5/BM25), fused by reciprocal rank, scoped by what the question names.

A question that names a bureau is only ever answered from that bureau's chunks: the
same metric (研发费用增速, 技术合同交易额 …) appears in several bureaus' reports, and
mixing them is the commonest way such answers go wrong.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import BaseModel, Field

from scribe.lexicon.headings import SectionRole, heading_role
from scribe.lexicon.periods import PAST_YEAR_WORD_RE, answers_period, declares_whole_year, parse_period, period_label
from scribe.lexicon.places import (
    CITY_QUALIFIER_RE,
    UNATTRIBUTED_ASK_RE,
    is_place_name,
    leads_clause,
    lies_in,
    place_of,
    place_variants,
    places_in,
)
from scribe.lexicon.sentences import SENTENCE_RE
from scribe.models import Chunk, Document, Figure, ScoredChunk
from scribe.settings import Settings
from vectorstore.lexical import expanded_terms
from vectorstore.scope import QueryScope, analyze, compared_items, item_years
from vectorstore.store import Store

log = logging.getLogger(__name__)


_TITLE_MIN = 8  # a title this long written out in a question names that report (shorter ones are words: 工作总结)
_EXACT_DENSE = 2000  # scoped sets up to this size are scored exactly rather than through a filtered HNSW query


class Filters(BaseModel):
    """Explicit filters from the UI or CLI; they win over what the question names."""

    bureau: str | None = None
    year: int | None = None
    period: str | None = None
    unattributed: bool = Field(default=False, description="only the reports that name no bureau")


class Reranker(Protocol):
    """Optional second stage (off by default): reorder candidates for a question."""

    def rerank(self, question: str, candidates: list[ScoredChunk]) -> list[ScoredChunk]: ...


class RetrievalResult(BaseModel):
    question: str
    scope: QueryScope
    chunks: list[ScoredChunk]
    unattributed_for: list[str] = Field(
        default_factory=list, description="places the store holds no bureau of, searched in unattributed reports"
    )
    mentioned_for: list[str] = Field(
        default_factory=list,
        description="places neither a bureau nor an unattributed report covers, searched in the passages of other"
        " bureaus' reports that name them (a city's report on its counties)",
    )


class HybridRetriever:
    def __init__(self, store: Store, settings: Settings, reranker: Reranker | None = None) -> None:
        self.store = store
        self.settings = settings
        self.reranker = reranker
        self._unattributed_places: tuple[tuple[int, int] | None, dict[str, str]] = (None, {})
        self._documents_read: tuple[tuple[int, int] | None, list[Document]] = (None, [])

    def known_bureaus(self) -> list[str]:
        self.store.refresh()  # server mode: what other replicas ingested or deleted since the last question
        return sorted(self.store.catalog.bureaus())

    def document_count(self) -> int:
        return self.store.catalog.counts()["documents"]

    def term_frequency(self, term: str) -> float:
        return self.store.catalog.term_frequency(term)

    def _documents(self) -> list[Document]:
        """The stored documents, read again only when the catalog has changed (several scope rules read them on
        every question)."""
        stamp = self.store.catalog.change_stamp()
        if self._documents_read[0] != stamp:
            self._documents_read = (stamp, self.store.catalog.list_documents())
        return self._documents_read[1]

    def held_periods(self, bureau: str) -> list[str]:
        docs = [d for d in self._documents() if d.meta.bureau == bureau]
        labels = (
            period_label(d.meta.years[:1], d.meta.period) for d in sorted(docs, key=lambda d: d.meta.years or [0])
        )
        return list(dict.fromkeys(label for label in labels if label))

    def _other_cities_out(self, question: str, scope: QueryScope) -> QueryScope:
        """南昌市西湖区 asked, and the store's 西湖区科技局 never names 南昌: that is another 西湖区, not held."""
        keep: list[str] = []
        unknown: list[str] = []
        unconfirmed: list[str] = []
        for bureau in scope.bureaus:
            place = place_of(bureau)
            city = next(
                (
                    m.group("city")
                    for name in place_variants(place)
                    if (at := question.find(name)) > 0 and (m := CITY_QUALIFIER_RE.search(question[:at]))
                ),
                None,
            )
            catalog = self.store.catalog
            if city and city not in bureau and not catalog.bureau_mentions(bureau, city):
                if catalog.bureau_mentions(bureau, f"市{place.full}"):  # its reports name another city's 西湖区
                    unknown.append(f"{city}市{place.full}")
                    continue
                unconfirmed.append(f"{city}市{place.full}")  # its reports name no city: unknown is not no
            keep.append(bureau)
        if not unknown and not unconfirmed:
            return scope
        return scope.model_copy(
            update={"bureaus": keep, "unknown_places": [] if keep else unknown, "unconfirmed_cities": unconfirmed}
        )

    def _places_of_unattributed(self) -> dict[str, str]:
        """Every name (琼海 and 琼海市) of the places the unattributed reports mention, to its full name; read again
        only when the catalog has changed (the texts are read and scanned for places, too slow for every question)."""
        stamp = self.store.catalog.change_stamp()
        if self._unattributed_places[0] != stamp:
            names: dict[str, str] = {}
            for text in self.store.catalog.unattributed_texts():
                for mention in places_in(text):
                    if mention.place.name and is_place_name(mention.place.name, mention.place.level):
                        for name in (mention.place.full, *place_variants(mention.place)):
                            names.setdefault(name, mention.place.full)
            self._unattributed_places = (stamp, names)
        return self._unattributed_places[1]

    def _unattributed_place_named(self, question: str, scope: QueryScope) -> QueryScope:
        """琼海上半年…: a place named without its 市, no bureau of it held, that an unattributed report mentions."""
        if scope.bureaus or scope.unknown_places or scope.unattributed:
            return scope
        named = [full for name, full in self._places_of_unattributed().items() if len(name) >= 2 and name in question]
        return scope.model_copy(update={"unknown_places": list(dict.fromkeys(named))}) if named else scope

    def _same_place(self, bureau: str) -> list[str]:
        """``bureau`` and the stored bureaus of the same place under another name (宜都市科学技术和信息化局 and
        宜都市科技和信息化局 are one bureau, renamed or spelt two ways)."""
        place = place_of(bureau)
        same = [b for b in self.known_bureaus() if b != bureau and place.name and place_of(b) == place]
        return [bureau, *same]

    def _last_year(self, bureaus: list[str]) -> list[int]:
        """去年 asked of ``bureaus``: the year before their newest report's, when a report of that year is held (the
        asker writes from the time of the newest report); else no year, rather than a year nothing holds."""
        held = {d.meta.years[0] for d in self._documents() if d.meta.bureau in bureaus and d.meta.years}
        return [max(held) - 1] if held and max(held) - 1 in held else []

    def _titles_written_out(self, question: str) -> list[str]:
        """Stored reports' titles the question writes out without 《》 (这份2024年上半年科技工作总结里…)."""
        titles = {d.meta.title for d in self._documents() if d.meta.title}
        return sorted(t for t in titles if len(t) >= _TITLE_MIN and t in question)

    def _reports_of_period(self, bureaus: list[str], years: list[int], periods: list[str]) -> set[str] | None:
        """The documents of ``bureaus`` (of ``years``) whose own period answers one of ``periods``, when that is some
        of them but not all; None when the period sets no report apart. A report of unstated period is kept."""
        if not bureaus or not periods:
            return None
        docs = [
            d
            for d in self._documents()
            if d.meta.bureau in bureaus and (not years or not d.meta.years or set(years) & set(d.meta.years))
        ]
        of_period = {d.doc_id for d in docs if any(answers_period(p, d.meta.period) for p in periods)}
        return of_period if of_period and len(of_period) < len(docs) else None

    def _annual_reports(self, bureaus: list[str], years: list[int]) -> set[str] | None:
        """A year asked with no period (长安区2025年技术合同成交额): of ``bureaus``' reports of that year, the annual
        one answers, not a quarter's on the way; None when no report of it, or every one, is annual."""
        if not bureaus or not years:
            return None
        docs = [d for d in self._documents() if d.meta.bureau in bureaus and set(years) & set(d.meta.years)]
        annual = {d.doc_id for d in docs if declares_whole_year(d.meta.period)}
        return annual if annual and len(annual) < len(docs) else None

    def _period_sides(self, scope: QueryScope, filters: Filters) -> list[str]:
        """The periods a question sets side by side for one bureau (一季度和前三季度), when each is another of its
        reports'; else none."""
        bureau = filters.bureau or (scope.bureaus[0] if len(scope.bureaus) == 1 else None)
        if filters.period or filters.unattributed or bureau is None or scope.wants_plan:
            return []
        spans = {parse_period(p).months: p for p in scope.periods}
        if len(spans) < 2 or None in spans:
            return []
        years = [filters.year] if filters.year else scope.years
        reports = [self._reports_of_period(self._same_place(bureau), years, [p]) for p in spans.values()]
        if any(r is None for r in reports) or len({frozenset(r or ()) for r in reports}) < len(reports):
            return []
        return list(spans.values())

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None) -> RetrievalResult:
        k = k or self.settings.retrieval_k
        filters = filters or Filters()
        scope = self._other_cities_out(question, analyze(question, self.known_bureaus()))  # refreshes a replica
        scope = self._unattributed_place_named(question, scope)
        compared = compared_items(question, scope.bureaus)
        # 未署名的总结和麦积区…分别: a bureau set beside the report that names none is a comparison too
        unsigned_side = bool(compared) and UNATTRIBUTED_ASK_RE.search(question) is not None
        if not filters.bureau and not filters.unattributed and (len(compared) >= 2 or unsigned_side):
            # 洞头区和青田县…哪个: each side searched on its own, so the one the question names second is not
            # crowded out by the other's passages; the sides take turns in the ranking
            sides = [self.retrieve(question, k, filters.model_copy(update={"bureau": b})).chunks for b, _ in compared]
            if unsigned_side:
                sides.append(self.retrieve(question, k, filters.model_copy(update={"unattributed": True})).chunks)
            merged = [c for row in itertools.zip_longest(*sides) for c in row if c is not None]
            return RetrievalResult(question=question, scope=scope, chunks=merged[:k])
        by_period = self._period_sides(scope, filters)
        if by_period:
            # 一季度和前三季度…分别: one bureau's two reports, each searched for its own period, taking turns
            sides = [self.retrieve(question, k, filters.model_copy(update={"period": p})).chunks for p in by_period]
            merged = list({c.chunk.chunk_id: c for row in itertools.zip_longest(*sides) for c in row if c}.values())
            return RetrievalResult(question=question, scope=scope, chunks=merged[:k])
        bureaus = [] if filters.unattributed else self._same_place(filters.bureau) if filters.bureau else scope.bureaus
        # 2024年上半年总结中提到的2023年…: the report named is 2024's; the year asked is read by the answer
        years = [filters.year] if filters.year else (scope.report_years or scope.years)
        if not filters.year and scope.report_named and not scope.report_years:
            years = []  # 今年上半年总结里提到的2023年…: the year asked is not the report's, which is unstated
        if not years and not filters.year and not scope.report_named and PAST_YEAR_WORD_RE.search(question):
            years = self._last_year(bureaus)
        side = next((item for b, item in compared if place_of(b) == place_of(filters.bureau)), None)
        if filters.bureau and not filters.year and side is not None and len(compared) >= 2:
            years = item_years(question, side, filters.bureau)  # 永川区2024年和铁西区2023年: each side its own year
        unattributed: list[str] = []
        mentioned: list[str] = []
        if not bureaus and scope.unknown_places and not filters.unattributed:
            # a bureau we do not hold: a report that names no bureau but mentions the place may answer; else the
            # passages of other reports that name the place in full (嘉兴's report on 南湖区), never the rest
            names = [n for p in scope.unknown_places for n in (p, place_of(p).name) if n]
            allowed: set[str] | None = self.store.catalog.unattributed_chunk_ids(names)
            if allowed:
                unattributed = list(scope.unknown_places)
            else:
                places = scope.unknown_places
                allowed = self.store.catalog.chunk_ids_mentioning(
                    places, keep=lambda text: any(leads_clause(text, p) for p in places)
                )
                # a report of a place inside the one asked names it only as its scope (南宁市排名第3位 in 宾阳县's):
                # its figures are its own, none of the larger place's
                inside = [b for b in self.known_bureaus() if any(lies_in(place_of(b), place_of(p)) for p in places)]
                if inside and allowed:
                    allowed -= self.store.catalog.chunk_ids_where(bureaus=inside, years=[])
                if not allowed:
                    return RetrievalResult(question=question, scope=scope, chunks=[])
                mentioned = list(scope.unknown_places)
        elif (scope.unattributed or filters.unattributed) and not bureaus:
            allowed = self.store.catalog.unattributed_chunk_ids(None)  # 那份未署名的总结: only such reports
        else:
            allowed = self.store.catalog.chunk_ids_where(bureaus=bureaus, years=years) if (bureaus or years) else None
        if allowed is not None and not allowed and years and bureaus:
            allowed = self.store.catalog.chunk_ids_where(bureaus=bureaus, years=[])  # year may be unstated
        of_period = self._reports_of_period(
            bureaus, years, [filters.period] if filters.period else scope.report_periods
        )
        if of_period is None and not filters.period and not scope.periods and not scope.wants_plan:
            of_period = self._annual_reports(bureaus, years)
        if allowed is not None and of_period is not None and not scope.wants_plan:
            # 上半年… asked of a bureau holding its half-year and annual reports: the half-year one answers
            allowed = (allowed & self.store.catalog.chunk_ids_of_documents(sorted(of_period))) or allowed
        if scope.masked_year:  # 20XX年 is no year we know: only a report whose own year is masked answers it
            masked = self.store.catalog.chunk_ids_of_masked_year()
            allowed = masked if allowed is None else masked & allowed
        titles = scope.titles or self._titles_written_out(question)
        if titles:
            titled = self.store.catalog.chunk_ids_titled(titles)
            if titled and (allowed is None or titled & allowed):
                allowed = titled if allowed is None else titled & allowed  # 《…》 names the report asked about
        if allowed is not None and not allowed:
            return RetrievalResult(question=question, scope=scope, chunks=[])

        if allowed is not None and len(allowed) <= _EXACT_DENSE:
            dense = self.store.dense.search_within(question, sorted(allowed), self.settings.dense_k)
        else:
            where: Mapping[str, Any] | None = {"bureau": {"$in": bureaus}} if bureaus else None
            dense = self.store.dense.search(question, self.settings.dense_k, where=where)
            if allowed is not None:
                dense = [hit for hit in dense if hit[0] in allowed]
        lexical = self.store.catalog.lexical_search(expanded_terms(question), self.settings.lexical_k, allowed)

        fused = self._fuse(dense, lexical)
        live = self.store.catalog.get_chunks(list(fused))  # vectors of uncommitted or deleted versions drop out here
        periods = [filters.period] if filters.period else scope.periods
        scored: list[ScoredChunk] = []
        for chunk_id, (score, d_rank, l_rank) in fused.items():
            if chunk_id not in live:
                continue
            chunk, document = live[chunk_id]
            if mentioned:
                chunk = _narrowed(chunk, mentioned)
            score *= _period_boost(periods, scope.wants_plan, chunk.period or document.meta.period, chunk.section_path)
            scored.append(
                ScoredChunk(chunk=chunk, document=document, score=score, dense_rank=d_rank, lexical_rank=l_rank)
            )
        scored.sort(key=lambda s: s.score, reverse=True)
        if self.reranker:
            scored = self.reranker.rerank(question, scored)
        return RetrievalResult(
            question=question, scope=scope, chunks=scored[:k], unattributed_for=unattributed, mentioned_for=mentioned
        )

    def _fuse(
        self, dense: list[tuple[str, float]], lexical: list[tuple[str, float]]
    ) -> dict[str, tuple[float, int | None, int | None]]:
        rrf_k = self.settings.rrf_k
        out: dict[str, tuple[float, int | None, int | None]] = {}
        for rank, (chunk_id, _sim) in enumerate(dense, start=1):
            out[chunk_id] = (self.settings.dense_weight / (rrf_k + rank), rank, None)
        for rank, (chunk_id, _bm25) in enumerate(lexical, start=1):
            score, d_rank, _ = out.get(chunk_id, (0.0, None, None))
            out[chunk_id] = (score + self.settings.lexical_weight / (rrf_k + rank), d_rank, rank)
        return out


def _narrowed(chunk: Chunk, places: list[str]) -> Chunk:
    """Only the sentences of ``chunk`` about one of ``places``: another bureau's report answers for a place only
    where the place is a clause's subject (嘉兴's 南湖区… sentence, not 桐乡市… beside it, nor 赴南湖区考察)."""
    spans = [m.span() for m in SENTENCE_RE.finditer(chunk.text) if any(leads_clause(m.group(), p) for p in places)]
    if not spans:
        return chunk
    parts: list[str] = []
    figures: list[Figure] = []
    for start, end in spans:
        shift = sum(len(x) for x in parts) - start
        figures.extend(
            f.model_copy(update={"start": f.start + shift, "end": f.end + shift})
            for f in chunk.figures
            if start <= f.start and f.end <= end
        )
        parts.append(chunk.text[start:end])
    return chunk.model_copy(update={"text": "".join(parts), "figures": figures})


def _period_boost(periods: list[str], wants_plan: bool, chunk_period: str | None, section_path: list[str]) -> float:
    """Prefer chunks of the period (and the part — summary or plan) the question asks about; never exclude.

    RRF scores of neighbouring ranks differ by ~2%, so these nudges reorder near-ties only.
    """
    boost = 1.0
    if periods and chunk_period and any(p in chunk_period or chunk_period in p for p in periods):
        boost *= 1.03
    top = section_path[0] if section_path else ""
    plan_section = heading_role(top) is SectionRole.PLAN
    if wants_plan and plan_section:
        boost *= 1.15
    elif not wants_plan and plan_section:
        boost *= 0.95
    return boost
