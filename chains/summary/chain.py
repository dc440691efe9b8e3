"""A whole report on one page: 核心指标, 主要工作与亮点, 存在问题, 下步工作重点 — every line cited and its figures checked.

Map-reduce over the report's sections so nothing is skipped for not ranking in a top-k: offline, each section
contributes its most informative sentences (see ``chains.summary.offline`` for the score); with a chat model,
each batch of sections is summarised by one call and one more call combines them. The indicator table always
comes from the figure ledger. Every figure shown is verified against the document's chunks; a summary with a
failing verdict has ``clean`` False and lists the failures.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

from langchain_core.language_models import BaseChatModel

from chains.ledger import cells, group_ledger
from chains.runlog import RunLog
from chains.summary import offline as ex
from chains.summary.generative import SectionProgress, generate_lines
from chains.summary.lines import LINE_CHARS, enumerated_items, problem_blocks, section_sentences, written_line
from chains.summary.models import Citation, IndicatorRow, Length, ReportSummary, SummaryInput, SummaryLine
from chains.summary.verifier import Verifier
from scribe.errors import ScribeError
from scribe.lexicon.headings import report_subject
from scribe.lexicon.periods import years_in
from scribe.lexicon.places import BUREAU_ORG_RE
from scribe.models import Document, FigureStatus
from vectorstore.catalog import Catalog
from vectorstore.sections import SectionText, document_sections

log = logging.getLogger(__name__)

MAX_INDICATORS = {"short": 8, "normal": 40}
MAX_PROBLEMS = 6


class EmptyDocumentError(ScribeError):
    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"文档 {ref} 没有可摘要的正文；请检查入库结果（scribe list）。")


class SummaryConfigError(ScribeError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("生成模式的摘要需要运行日志（RunLog）；请由调用方传入 run_log。")


def load_document(catalog: Catalog, ref: str) -> SummaryInput:
    document = catalog.resolve(ref)
    chunks = catalog.document_chunks(document.doc_id)
    sections = document_sections(chunks)
    if not sections:
        raise EmptyDocumentError(ref)
    return SummaryInput(
        document=document, chunks=chunks, sections=sections, ledger=catalog.figure_rows(doc_id=document.doc_id)
    )


def summarize(
    catalog: Catalog,
    ref: str,
    *,
    length: Length = "normal",
    llm: BaseChatModel | None = None,
    run_log: RunLog | None = None,
    progress: SectionProgress | None = None,
) -> ReportSummary:
    """Summarise one stored report; offline (extractive) when ``llm`` is None.

    ``progress`` is told (n, total, what) as the work moves on: each section offline, each model call generative."""
    data = load_document(catalog, ref)
    verifier = Verifier(data.chunks, data.document)
    summary = _skeleton(data, length, verifier)
    if llm is None:
        highlights, problems, plans = offline_lines(data.sections, length, verifier, data.document, progress)
        return _finish(summary, data, highlights, problems, plans, mode="offline")
    if run_log is None:
        raise SummaryConfigError()
    highlights, problems, plans = generate_lines(llm, run_log, data, summary, verifier, progress=progress)
    return _finish(summary, data, highlights, problems, plans, mode="generative")


def _skeleton(data: SummaryInput, length: Length, verifier: Verifier) -> ReportSummary:
    doc = data.document
    return ReportSummary(
        doc_id=doc.doc_id,
        file_name=doc.file_name,
        title=doc.meta.title or opening_title(data) or doc.file_name.rsplit(".", 1)[0],
        bureau=doc.meta.bureau,
        period=" ".join(p for p in ("、".join(f"{y}年" for y in doc.meta.years), doc.meta.period or "") if p) or None,
        length=length,
        indicators=indicator_rows(data, length, verifier),
        source_chars=sum(len(s.text) for s in data.sections),
    )


def opening_title(data: SummaryInput) -> str | None:
    """A title from the report's own words where it has no title line: its opening says what it reports
    (``现将科技局上半年工作进展情况汇报如下`` → ``青田县科技局2023年上半年工作进展情况``)."""
    meta = data.document.meta
    subject = next((found for s in data.sections[:2] if (found := report_subject(s.text))), None)
    if subject is None:
        return None
    org = BUREAU_ORG_RE.match(subject)
    rest = subject[org.end() :] if org else subject
    years = "" if years_in(rest) else "".join(f"{y}年" for y in meta.years[:1])
    return f"{meta.bureau or ''}{years}{rest}"


def _finish(
    summary: ReportSummary,
    data: SummaryInput,
    highlights: list[SummaryLine],
    problems: list[SummaryLine],
    plans: list[SummaryLine],
    *,
    mode: Literal["offline", "generative"],
) -> ReportSummary:
    bureau = data.document.meta.bureau
    tops = list(dict.fromkeys(ex.top_key(s, bureau) for s in data.sections if s.path))
    used = {
        f"{line.bureau or ''}|{line.section_path[0]}" for line in [*highlights, *problems, *plans] if line.section_path
    }
    used |= {f"{r.bureau or ''}|{r.section_path[0]}" for r in summary.indicators if r.section_path}
    return ReportSummary.model_validate(
        {
            **summary.model_dump(exclude={"highlights", "problems", "plans", "clean", "failing"}),
            "mode": mode,
            "highlights": highlights,
            "problems": problems,
            "plans": plans,
            "sections_total": [_label(k) for k in tops],
            "sections_covered": [_label(k) for k in tops if k in used],
        }
    )


def _label(key: str) -> str:
    bureau, top = key.split("|", 1)
    return f"{bureau}：{top}" if bureau else top


def indicator_rows(data: SummaryInput, length: Length, verifier: Verifier) -> list[IndicatorRow]:
    chunk_section = {cid: s for s in data.sections for cid in s.chunk_ids}
    rows: list[IndicatorRow] = []
    for group in group_ledger(data.ledger):
        section = chunk_section.get(group.chunk_id)
        if section is None or not ex.is_key(group, ex.section_role(section.path)):
            continue
        chunk = verifier.chunk(group.chunk_id)
        if chunk is None or group.sentence not in chunk.text:
            continue
        bureau = group.bureau or data.document.meta.bureau
        surfaces = {f.surface for f in group.figures if f.status is FigureStatus.CLEAN}
        verdicts = [v for v in verifier.check(group.sentence, section.path, bureau) if v.figure.surface in surfaces]
        citation = Citation(chunk_id=group.chunk_id, section_path=section.path, quote=group.sentence)
        row = IndicatorRow(
            metric=group.metric,
            **cells(group.figures),
            period=group.period,
            bureau=bureau,
            section_path=section.path,
            citation=citation,
            verdicts=verdicts,
        )
        rows.append(row)
    return rows[: MAX_INDICATORS[length]]


def offline_lines(
    sections: Sequence[SectionText],
    length: Length,
    verifier: Verifier,
    document: Document,
    progress: SectionProgress | None = None,
) -> tuple[list[SummaryLine], list[SummaryLine], list[SummaryLine]]:
    """One line per work area, each problem, one line per plan section — written from the block's heading and key
    clauses (:mod:`chains.summary.lines`), every figure verified."""
    highlights: list[SummaryLine] = []
    problems: list[SummaryLine] = []
    plans: list[SummaryLine] = []
    titles = [document.meta.title] if document.meta.title else []
    budgets = LINE_CHARS[length]
    for n, section in enumerate(sections, start=1):
        if progress is not None:
            progress(n, len(sections), ex.topic(section.path))
        role = ex.section_role(section.path)
        if role is ex.SummaryRole.INDICATORS:
            continue  # represented by the indicator table
        if role is ex.SummaryRole.PROBLEMS:
            for block in problem_blocks(section)[: MAX_PROBLEMS - len(problems)]:
                line = written_line(
                    section, block, role, budgets["problems"], verifier, document, topic=ex.topic(section.path)
                )
                if line is not None:
                    problems.append(line)
            continue
        key = "plans" if role is ex.SummaryRole.PLAN else "highlights"
        sentences = section_sentences(section, titles)
        items = _item_sentences(sentences)
        line = written_line(section, sentences, role, budgets[key], verifier, document, item_starts=items)
        if line is not None:
            (plans if role is ex.SummaryRole.PLAN else highlights).append(line)
    return highlights, problems, plans


def _item_sentences(sentences: Sequence[str]) -> list[int]:
    """Indices of the sentences that open an enumerated item (一是… 二是…)."""
    return [i for i, s in enumerate(sentences) if enumerated_items(s[:3])]
