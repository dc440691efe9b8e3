"""One metric across bureaus and periods, from the figure ledger — periods labelled, never silently compared.

A metric is matched through the lexicon's indicator dictionary (``scribe.lexicon.indicators``): some
terms name the same indicator (研发费用 / 研发经费 / 研发投入: *synonym*), others a close but different
statistic (技术开发费, R&D经费: *related*); a different scope (规上工业 vs 全社会) also makes a row *related*.
Every row shows the words its source used. Rows of different statistical periods (1-5月, 1-4月, 全年) are
labelled and the paragraph says they are not comparable; only rows of the same period are compared.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from enum import StrEnum

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.ledger import LedgerRow, cells, group_ledger
from chains.llm import invoke_logged
from chains.prompting import load_prompt, render
from chains.runlog import RunLog
from chains.sources import source_text
from scribe.errors import LLMError
from scribe.figures import SourceText, verify
from scribe.figures.metric import canonical, strip_growth_words
from scribe.figures.models import FAILING_LABELS
from scribe.lexicon.indicators import (
    COMPLETION_WORDS,
    GROWTH_WORDS,
    RANK_WORDS,
    SHARE_WORDS,
    alternatives,
    find_indicator,
)
from scribe.lexicon.periods import parse_period
from scribe.lexicon.sentences import ITEM_RE
from scribe.models import Chunk, Document, Figure, FigureKind, FigureStatus, Modality
from vectorstore.catalog import Catalog

log = logging.getLogger(__name__)

# (same indicator in other words, close but different statistics) — general vocabulary of 科技 statistics
_KIND_WORDS: tuple[tuple[re.Pattern[str], FigureKind], ...] = (
    (re.compile(rf"(?:{alternatives(GROWTH_WORDS)})$"), FigureKind.GROWTH),
    (re.compile(rf"(?:{alternatives(RANK_WORDS)})$"), FigureKind.RANK),
    (re.compile(rf"(?:{alternatives(COMPLETION_WORDS)})$"), FigureKind.COMPLETION),
)
_SHARE_RE = re.compile(alternatives(SHARE_WORDS, ("占", "相当于")))
_SCOPE_NOISE = re.compile(r"企业|年度|全年|当年|本年|[区县市]级?|全")
_REST_NOISE = re.compile(r"投入|支出|总额|金额|额|总量")


class MatchKind(StrEnum):
    EXACT = "exact"
    SYNONYM = "synonym"
    RELATED = "related"


class PeriodLabel(BaseModel):
    year: int | None = None
    months: tuple[int, int] | None = None
    source_words: str | None = Field(default=None, description="the period as the source states it")

    @property
    def label(self) -> str:
        year = f"{self.year}年" if self.year else "（年份未注明）"
        if self.months is None:
            return f"{year}（期间未注明）"
        m1, m2 = self.months
        span = "全年" if (m1, m2) == (1, 12) else "上半年（1-6月）" if (m1, m2) == (1, 6) else f"{m1}-{m2}月"
        return f"{year}{span}"


class CompareRow(BaseModel):
    bureau: str | None
    doc_id: str
    file_name: str
    period: PeriodLabel
    period_label: str
    metric: str = Field(description="the metric as the source words it")
    match: MatchKind
    modality: Modality = Modality.ACHIEVED
    value: str | None = None
    growth: str | None = None
    completion: str | None = None
    rank: str | None = None
    chunk_id: str
    sentence: str


class Comparison(BaseModel):
    query: str
    kind: FigureKind | None = None
    rows: list[CompareRow] = Field(default_factory=list)
    periods: list[str] = Field(default_factory=list, description="distinct period labels among the rows")
    paragraph: str = ""
    mode: str = "offline"
    clean: bool = True
    failing: list[str] = Field(default_factory=list, description="reasons of failing verdicts of the paragraph")

    @property
    def comparable(self) -> bool:
        return len(self.periods) <= 1


def query_kind(metric: str) -> tuple[str, FigureKind | None]:
    """(base metric, asked kind): 规上工业研发费用增速 -> (规上工业研发费用, growth)."""
    for pattern, kind in _KIND_WORDS:
        if pattern.search(metric):
            base = strip_growth_words(metric) if kind is FigureKind.GROWTH else pattern.sub("", metric)
            return base or metric, kind
    return metric, FigureKind.SHARE if _SHARE_RE.search(metric) else None


def _split(metric: str) -> tuple[str, str, str, str, bool] | None:
    """(scope, term, rest, indicator, is_related_term) for the first indicator name in ``metric``."""
    found = find_indicator(metric)
    if found is None:
        return None
    indicator, term, pos, is_related = found
    return metric[:pos], term, metric[pos + len(term) :], indicator.name, is_related


def _scope(text: str) -> str:
    return _SCOPE_NOISE.sub("", canonical(text))


def match_metric(query: str, metric: str) -> MatchKind | None:
    """How a source metric relates to the queried one; None when it is another indicator."""
    if bool(_SHARE_RE.search(query)) != bool(_SHARE_RE.search(metric)):
        return None  # 研发费用 vs 研发费用占营业收入比重: a ratio is a different indicator
    q, m = _split(query), _split(metric)
    if q is None or m is None:
        qc, mc = _scope(query), _scope(metric)
        if qc == mc:
            return MatchKind.EXACT
        return MatchKind.SYNONYM if qc and qc in mc and len(mc) - len(qc) <= 4 else None
    q_scope, q_term, q_rest, q_family, q_related = q
    m_scope, m_term, m_rest, m_family, m_related = m
    if q_family != m_family or _REST_NOISE.sub("", _scope(q_rest)) != _REST_NOISE.sub("", _scope(m_rest)):
        return None
    same_scope = _scope(q_scope) == _scope(m_scope) or not _scope(q_scope)
    if q_term == m_term and same_scope:
        return MatchKind.EXACT if q_scope == m_scope else MatchKind.SYNONYM
    if q_related == m_related and same_scope and not m_related:
        return MatchKind.SYNONYM
    return MatchKind.RELATED


def compare_metric(
    catalog: Catalog,
    metric: str,
    *,
    bureau: str | None = None,
    period: str | None = None,
    include_targets: bool = False,
) -> Comparison:
    """Every stored figure of ``metric`` (and its synonyms), one row per source statement, with a paragraph."""
    base, kind = query_kind(metric.strip())
    rows_raw = [r for r in catalog.figure_rows() if r["status"] == FigureStatus.CLEAN.value]
    groups = group_ledger(rows_raw)
    context = catalog.get_chunks(list(dict.fromkeys(g.chunk_id for g in groups)))
    rows: list[CompareRow] = []
    for group in groups:
        match = match_metric(base, group.metric)
        if match is None or group.chunk_id not in context:
            continue
        figures = [f for f in group.figures if include_targets or f.modality is Modality.ACHIEVED]
        if kind is not None and kind is not FigureKind.SHARE and not any(f.kind is kind for f in figures):
            continue
        if not figures:
            continue
        chunk, document = context[group.chunk_id]
        row = _row(group, figures, match, chunk, document)
        if bureau and bureau not in (row.bureau or ""):
            continue
        if period and period not in row.period_label and period not in (row.period.source_words or ""):
            continue
        rows.append(row)
    rows.sort(key=lambda r: (list(MatchKind).index(r.match), r.bureau or "", r.period_label))
    periods = list(dict.fromkeys(r.period_label for r in rows))
    result = Comparison(query=metric, kind=kind, rows=rows, periods=periods)
    result.paragraph = template_paragraph(result)
    return result


def _row(group: LedgerRow, figures: list[Figure], match: MatchKind, chunk: Chunk, document: Document) -> CompareRow:
    period = period_of(figures[0], chunk, document)
    modality = Modality.TARGET if all(f.modality is Modality.TARGET for f in figures) else Modality.ACHIEVED
    return CompareRow(
        bureau=group.bureau or chunk.bureau or document.meta.bureau,
        doc_id=document.doc_id,
        file_name=document.file_name,
        period=period,
        period_label=period.label,
        metric=group.metric,
        match=match,
        modality=modality,
        **cells(figures),
        chunk_id=group.chunk_id,
        sentence=group.sentence,
    )


def period_of(fig: Figure, chunk: Chunk, document: Document) -> PeriodLabel:
    """Year and months of a figure: its own period words, else its part's, else the document's."""
    part_period = chunk.period or document.meta.period
    year, months, _ = parse_period(fig.period)
    _, part_months, _ = parse_period(part_period)
    explicit = bool(fig.period and re.search(r"\d{1,2}-\d{1,2}月|\d{1,2}月", fig.period))
    if not explicit and part_months and fig.period and part_period and fig.period in part_period:
        months = part_months  # 上半年 in a report whose title says 上半年（1-5月）: the report's months
    if months is None and (year is not None or fig.modality is Modality.TARGET):
        months = (1, 12)  # "2023年…68亿元" and yearly targets speak of the whole year
    years = chunk.years if chunk.years is not None else document.meta.years
    if year is None and years:
        year = max(years) if fig.modality is Modality.TARGET else min(years)
    return PeriodLabel(year=year, months=months or part_months, source_words=fig.period or part_period)


def _statement(row: CompareRow) -> str:
    parts = [f"{row.metric}{row.value}" if row.value else row.metric]
    if row.growth:
        parts.append(f"{'增速' if row.growth.endswith('%') else '变化'}{row.growth}")
    parts += [f"完成率{row.completion}" if row.completion else "", row.rank or ""]
    target = "（目标）" if row.modality is Modality.TARGET else ""
    return f"{unit_name(row)}{row.period_label}{target}" + "，".join(p for p in parts if p)


def unit_name(row: CompareRow) -> str:
    return row.bureau or f"{row.file_name}（单位未识别）"


def template_paragraph(result: Comparison) -> str:
    """A short comparative paragraph built from the rows only: what was found, period differences, caveats."""
    if not result.rows:
        return f"库中没有找到“{result.query}”的相关数字。"
    units = {unit_name(r) for r in result.rows}
    out = [f"按“{result.query}”共找到{len(result.rows)}条记录，来自{len(units)}个单位。"]
    out.append("；".join(_statement(r) for r in result.rows) + "。")
    if not result.comparable:
        out.append(f"注意：这些数字的统计期不同（{'、'.join(result.periods)}），不能直接比较高低。")
    for label in result.periods:
        same = [r for r in result.rows if r.period_label == label and r.match is not MatchKind.RELATED]
        if len({r.bureau for r in same}) > 1:
            out.append(f"同为{label}的有：{'、'.join(dict.fromkeys(unit_name(r) for r in same))}，可以比较。")
    loose = [r for r in result.rows if r.match is not MatchKind.EXACT]
    if loose:
        words = "、".join(dict.fromkeys(f"{unit_name(r)}用“{r.metric}”（{_MATCH_WORDS[r.match]}）" for r in loose))
        out.append(f"口径提示：{words}。")
    return "".join(out)


_MATCH_WORDS = {MatchKind.EXACT: "同一指标", MatchKind.SYNONYM: "同义表述", MatchKind.RELATED: "相关但口径不同"}


COMPARE_MAX_TOKENS = 320  # output cap of the comparison paragraph


def rows_table(rows: Sequence[CompareRow]) -> str:
    """The rows as numbered lines for a prompt."""
    return "\n".join(
        f"[{i}] 单位：{r.bureau or '未识别'}｜时期：{r.period_label}｜指标原文：{r.metric}｜匹配：{r.match.value}｜"
        f"数值：{r.value or '-'}｜增速：{r.growth or '-'}｜排名：{r.rank or '-'}｜原文：{r.sentence}"
        for i, r in enumerate(rows, start=1)
    )


def generative_paragraph(
    llm: BaseChatModel, run_log: RunLog, result: Comparison, sources: Sequence[SourceText]
) -> Comparison:
    """The paragraph written by the chat model from the rows, then verified sentence by sentence."""
    prompt = load_prompt("compare")
    messages = render(prompt, metric=result.query, rows=rows_table(result.rows), periods="、".join(result.periods))
    try:
        reply = invoke_logged(
            llm,
            messages,
            prompt_name=prompt.name,
            prompt_version=prompt.version,
            chunk_ids=[r.chunk_id for r in result.rows],
            run_log=run_log,
            max_tokens=COMPARE_MAX_TOKENS,
        )
    except LLMError as e:  # a timeout or a failed call: the template paragraph stays, and says why
        log.warning("comparison paragraph: the model call failed (%s); the template paragraph is kept", e.reason)
        note = "（大模型调用失败，以上为按资料自动生成的段落）"  # no reason here: its numbers would read as figures
        return result.model_copy(update={"paragraph": f"{result.paragraph}{note}", "mode": "offline"})
    failing: list[str] = []
    for match in ITEM_RE.finditer(reply.text):
        for verdict in verify(match.group(0), sources):
            if verdict.label in FAILING_LABELS:
                failing.append(f"{verdict.figure.surface}：{verdict.reason}")
    return result.model_copy(
        update={"paragraph": reply.text.strip(), "mode": "generative", "clean": not failing, "failing": failing}
    )


def comparison_sources(catalog: Catalog, result: Comparison) -> list[SourceText]:
    """The chunks the rows came from, as faithfulness sources."""
    found = catalog.get_chunks(list(dict.fromkeys(r.chunk_id for r in result.rows)))
    return [source_text(chunk, document) for chunk, document in found.values()]
