"""Generative summary: one chat call per batch of sections (map), one call to combine them (reduce).

The model only writes the lines; each line names the section it came from, is cited to that section's sentences
(those holding the figures it uses, and the one it overlaps most) and verified like an extracted line. The
indicator table stays the ledger's. A combine reply that cannot be parsed falls back to the map notes.
"""

from __future__ import annotations

from collections.abc import Callable

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from chains.llm import invoke_structured
from chains.prompting import load_prompt, render_json
from chains.runlog import RunLog
from chains.summary import offline as ex
from chains.summary.models import ReportSummary, SummaryInput, SummaryLine
from chains.summary.verifier import Verifier
from scribe.figures.metric import bigrams
from scribe.models import Document
from vectorstore.sections import SectionText

MAP_BATCH_CHARS = 4000
MAX_MAP_CALLS = 8
_LENGTH_HINT = {"short": "每个章节 1 条要点，每条不超过 60 字。", "normal": "每个章节 1-3 条要点，每条不超过 120 字。"}
_ROLE_WORDS = {ex.SummaryRole.PROBLEMS: "存在问题", ex.SummaryRole.PLAN: "下步工作"}


class _SectionPoints(BaseModel):
    id: str
    points: list[str] = Field(default_factory=list)


class _MapReply(BaseModel):
    sections: list[_SectionPoints] = Field(default_factory=list)


class _Item(BaseModel):
    section: str = ""
    text: str


class _CombineReply(BaseModel):
    highlights: list[_Item] = Field(default_factory=list)
    problems: list[_Item] = Field(default_factory=list)
    plans: list[_Item] = Field(default_factory=list)


SECTION_MAX_TOKENS = 320  # output cap of each map and combine call
# Told (n, total, what) before each step: the map calls over section batches, then the combine call.
SectionProgress = Callable[[int, int, str], None]


def _fence(text: str) -> str:
    return text.replace("<资料>", "＜资料＞").replace("</资料>", "＜/资料＞")


def _batches(ids: dict[str, SectionText]) -> list[list[str]]:
    """Sections packed in document order into at most ``MAX_MAP_CALLS`` batches."""
    budget = max(MAP_BATCH_CHARS, sum(len(s.text) for s in ids.values()) // MAX_MAP_CALLS + 1)
    batches: list[list[str]] = [[]]
    size = 0
    for sid, section in ids.items():
        if batches[-1] and size + len(section.text) > budget:
            batches.append([])
            size = 0
        batches[-1].append(sid)
        size += len(section.text)
    return batches


def generate_lines(
    llm: BaseChatModel,
    run_log: RunLog,
    data: SummaryInput,
    summary: ReportSummary,
    verifier: Verifier,
    *,
    max_tokens: int = SECTION_MAX_TOKENS,
    progress: SectionProgress | None = None,
) -> tuple[list[SummaryLine], list[SummaryLine], list[SummaryLine]]:
    """Map over section batches, reduce once; every line is attributed to a section, cited and verified.

    ``progress`` is told which sections each call summarises, then that the parts are being combined."""
    ids = {f"S{i}": s for i, s in enumerate(data.sections, start=1)}
    header = f"{summary.title}（单位：{summary.bureau or '未识别'}；时期：{summary.period or '未注明'}）"
    hint = _LENGTH_HINT[summary.length]
    notes: list[tuple[str, str]] = []
    section_prompt = load_prompt("summary_section")
    batches = _batches(ids)
    steps = len(batches) + 1
    for n, batch in enumerate(batches, start=1):
        if progress is not None:
            progress(n, steps, "、".join(dict.fromkeys(ex.topic(ids[sid].path) for sid in batch)))
        text = "\n\n".join(f"[{sid}] 章节：{ids[sid].label or '（开头）'}\n{_fence(ids[sid].text)}" for sid in batch)
        messages = render_json(section_prompt, report=header, sections=text, length=hint)
        chunk_ids = [c for sid in batch for c in ids[sid].chunk_ids]
        reply = invoke_structured(
            llm,
            messages,
            _MapReply,
            prompt_name=section_prompt.name,
            prompt_version=section_prompt.version,
            chunk_ids=chunk_ids,
            run_log=run_log,
            method="json_schema",
            max_tokens=max_tokens,
            repair=True,
        )
        if reply.parsed is not None:
            notes += [(p.id, point) for p in reply.parsed.sections if p.id in ids for point in p.points]
    if progress is not None:
        progress(steps, steps, "汇总各部分")
    combine_prompt = load_prompt("summary_combine")
    notes_text = "\n".join(
        f"[{sid}]（{_ROLE_WORDS.get(ex.section_role(ids[sid].path), '工作与亮点')}）{ids[sid].label or '开头'}：{point}"
        for sid, point in notes
    )
    indicators = "\n".join(
        f"{r.metric}：{r.value or ''} {r.growth or ''} {r.rank or ''}（{r.period or ''}）" for r in summary.indicators
    )
    messages = render_json(combine_prompt, report=header, notes=_fence(notes_text), indicators=indicators, length=hint)
    combined_reply = invoke_structured(
        llm,
        messages,
        _CombineReply,
        prompt_name=combine_prompt.name,
        prompt_version=combine_prompt.version,
        chunk_ids=[c.chunk_id for c in data.chunks],
        run_log=run_log,
        method="json_schema",
        max_tokens=max_tokens,
        repair=True,
    )
    combined = combined_reply.parsed or _by_role(notes, ids)
    doc = data.document
    highlights = [_generated_line(item, ids, verifier, doc) for item in combined.highlights]
    problems = [_generated_line(item, ids, verifier, doc) for item in combined.problems]
    plans = [_generated_line(item, ids, verifier, doc) for item in combined.plans]
    return highlights, problems, plans


def _by_role(notes: list[tuple[str, str]], ids: dict[str, SectionText]) -> _CombineReply:
    """The map notes themselves, grouped by their section's role (when the combine reply could not be parsed)."""
    out = _CombineReply()
    for sid, point in notes:
        role = ex.section_role(ids[sid].path)
        group = {ex.SummaryRole.PROBLEMS: out.problems, ex.SummaryRole.PLAN: out.plans}.get(role, out.highlights)
        group.append(_Item(section=sid, text=point))
    return out


def _generated_line(item: _Item, ids: dict[str, SectionText], verifier: Verifier, document: Document) -> SummaryLine:
    section = ids.get(item.section) or max(ids.values(), key=lambda s: _overlap(item.text, s.text))
    bureau = section.bureau or document.meta.bureau
    verdicts = verifier.check(item.text, section.path, bureau)
    quotes = [v.source_sentence for v in verdicts if v.source_sentence and v.source_id in section.chunk_ids]
    candidates = ex.content_sentences(section)
    if candidates:
        quotes.append(max(candidates, key=lambda q: _overlap(item.text, q)))
    citations = [c for c in (verifier.cite(section, q) for q in dict.fromkeys(quotes)) if c is not None]
    return SummaryLine(
        topic=ex.topic(section.path),
        text=item.text,
        section_path=section.path,
        bureau=bureau,
        citations=citations,
        verdicts=verdicts,
    )


def _overlap(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    return len(ga & gb) / len(ga) if ga else 0.0
