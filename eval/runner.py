"""The per-area work of :func:`eval.suite.run_suite`: ingest, claims, QA, drafts, summaries, judge, failing cases."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from tempfile import TemporaryDirectory

from chains.draft import DraftRequest, draft_with_context, next_period, plan_period
from chains.draft.parts import draft_parts
from chains.summary import summarize
from eval.claims import ClaimsReport, load_claims, run_claims
from eval.draft_eval import MIN_SUMMARY_CHARS, BureauEval, bureau_eval, evaluate_drafts
from eval.judge import JudgeReport, LLMJudge, run_judge
from eval.models import Dataset, FailingCase, Progress
from eval.qa_eval import QAItem, QAReport, load_items, run_qa
from eval.summary_eval import SummaryEvalReport, evaluate_summaries, key_groups, score_summary
from scribe.figures import SourceText, check_claim
from scribe.figures.models import PASSING_LABELS
from scribe.lexicon.headings import SectionRole
from scribe.services import Services
from vectorstore.anatomy import Block, ReportPart
from vectorstore.ingest import ingest_paths
from vectorstore.loaders import collect_files
from vectorstore.sources import load_sources
from vectorstore.store import Store

log = logging.getLogger(__name__)


def ingest(store: Store, corpus: Sequence[Path], tick: Progress) -> list[str]:
    """Ingest ``corpus`` into ``store``; returns a note per file that failed."""
    summary = ingest_paths(store, corpus, progress=lambda name, done, total: tick(f"入库 {name}", done, total))
    return [f"入库失败：{r.path}（{r.message}）" for r in summary.failed]


class Runner:
    """Runs each area against the services' store; sources for claims come from the corpus folders."""

    def __init__(self, services: Services, corpus: Sequence[Path], stack: ExitStack, tick: Progress):
        self.services, self.settings, self.store, self.tick = services, services.settings, services.store, tick
        self.folders = list(corpus) or sorted({Path(d.source_path).parent for d in self.store.catalog.list_documents()})
        self.llm = self.services.llm
        self.run_log = self.services.run_log
        # claims name their document by file name: a flat view of every corpus file, first name wins
        self.view = Path(stack.enter_context(TemporaryDirectory(prefix="scribe-eval-sources-")))
        for path in collect_files(self.folders):
            if not (self.view / path.name).exists():
                os.symlink(path.resolve(), self.view / path.name)
        self._sources: dict[str, list[SourceText] | None] = {}
        self._naive: Callable[[str, int], list[tuple[str, str]]] | None = None

    def sources_of(self, doc: str) -> list[SourceText] | None:
        if doc not in self._sources:
            path = self.view / doc
            self._sources[doc] = load_sources(path) if path.is_file() else None
        return self._sources[doc]

    def claims(self, d: Dataset) -> ClaimsReport:
        self.tick(f"核查 {d.name}", 0, 1)
        report = run_claims(load_claims(d.path), self.view, loader=lambda p: self.sources_of(p.name) or [])
        self.tick(f"核查 {d.name}", 1, 1)
        return report

    def claim_failures(self, d: Dataset, report: ClaimsReport) -> list[FailingCase]:
        items = {i.id: i for i in load_claims(d.path)}
        cases = []
        for r in (r for r in report.items if not r.correct):
            item, sources = items[r.id], self.sources_of(r.doc)
            case = FailingCase(
                area="claims", dataset=d.name, id=r.id, doc=r.doc, text=item.claim, verdict="", expected=r.label
            )
            if sources is None:
                cases.append(case.model_copy(update={"verdict": "缺少来源文档", "reason": r.reason}))
                continue
            verdict = check_claim(item.claim, sources)
            wrong = [v for v in verdict.verdicts if (v.label in PASSING_LABELS) == (r.label == "unsupported")]
            first = next(iter(wrong or verdict.verdicts), None)
            update = {
                "verdict": f"{r.predicted}" + (f"（{first.label.value}）" if first else ""),
                "reason": verdict.reason,
            }
            if first is not None:
                update |= {"figure": first.figure.surface, "source_sentence": first.source_sentence or ""}
            cases.append(case.model_copy(update=update))
        return cases

    def qa(self, d: Dataset, limit: int | None) -> QAReport:
        from eval.baseline import naive_retriever

        items = load_items(d.path)
        if limit is not None and len(items) > limit:
            step = len(items) / limit
            items = [items[int(i * step)] for i in range(limit)]
        if self._naive is None:
            self.tick("基线索引", 0, 1)
            self._naive = naive_retriever(self.folders, self.store.embeddings)
        chain = self.services.qa_chain()
        return run_qa(chain, items, baseline=self._naive, progress=lambda n, t: self.tick(f"问答 {d.name}", n, t))

    def drafts(self) -> list[BureauEval]:
        self.tick("起草", 0, 1)
        if self.llm is None:
            return evaluate_drafts(self.store.catalog)
        out = []  # generative: the same loop as evaluate_drafts, drafting with the model
        parts = draft_parts(self.store.catalog)
        for key in dict.fromkeys(p.key for p in parts):
            own = [
                p for p in parts if p.key == key and any(_summary_block(b) for b in p.role_blocks(SectionRole.REVIEW))
            ]
            if own:
                out.append(self._draft_one(key, own[-1]))
        return out

    def _draft_one(self, key: str, latest: ReportPart) -> BureauEval:

        plan_block = next(iter(latest.role_blocks(SectionRole.PLAN)), None)
        plan_for = plan_period(plan_block.title, latest.years, latest.period) if plan_block else None
        period = next_period(latest.years, latest.period, plan_for)
        label = latest.label
        if period is None:
            return BureauEval(bureau=label, period=None, skipped="报告未注明年份，无法确定下一期")
        plan, ctx = draft_with_context(
            self.store.catalog, DraftRequest(bureau=key, period=period.label), llm=self.llm, run_log=self.run_log
        )
        return bureau_eval(label, period.label, plan, ctx)

    def summaries(self) -> SummaryEvalReport:
        self.tick("摘要", 0, 1)
        catalog = self.store.catalog
        if self.llm is None:
            return evaluate_summaries(catalog)
        report = SummaryEvalReport(length="normal")
        for doc in catalog.list_documents():
            summary = summarize(catalog, doc.doc_id, llm=self.llm, run_log=self.run_log)
            report.documents.append(score_summary(summary, key_groups(catalog, doc.doc_id)))
        return report

    def judge(self, d: Dataset) -> JudgeReport:
        judge = LLMJudge.from_services(self.services)
        if judge is None:
            return JudgeReport(dataset=d.name, undecidable=0, judged=0, correct=0)
        progress = lambda n, t: self.tick(f"大模型复核 {d.name}", n, t)  # noqa: E731
        return run_judge(d.name, load_claims(d.path), self.sources_of, judge, progress=progress)


def _summary_block(block: Block) -> bool:
    """As ``eval.draft_eval``: a titled block, or an untitled opening long enough to be the summary."""
    return bool(block.heading) or block.end - block.start >= MIN_SUMMARY_CHARS


def qa_failures(d: Dataset, report: QAReport, k: int) -> list[FailingCase]:
    items: dict[str, QAItem] = {i.id: i for i in load_items(d.path)}
    cases = []
    for r in report.items:
        item = items[r.id]
        base = FailingCase(
            area="qa",
            dataset=d.name,
            id=r.id,
            doc=item.doc,
            text=r.question,
            verdict="",
            expected="",
            source_sentence=item.evidence,
            reason=r.answer[:300],
        )
        if r.type == "unanswerable":
            if not r.refused:
                cases.append(base.model_copy(update={"verdict": "未拒答", "expected": "无法从资料中找到"}))
            continue
        if r.figure_correct is False:
            verdict = "拒答" if r.refused else ("数字矛盾" if r.contradicted else "数字缺失")
            figure = "、".join(r.contradicted + r.figures_missing)
            cases.append(base.model_copy(update={"verdict": verdict, "figure": figure, "expected": item.answer}))
        if r.wrong_bureau:
            cases.append(base.model_copy(update={"verdict": "串单位/串文档", "expected": item.doc}))
        if r.evidence_rank is None or r.evidence_rank > k:
            rank = "未检索到" if r.evidence_rank is None else f"第{r.evidence_rank}位"
            cases.append(base.model_copy(update={"verdict": f"检索未命中前{k}（{rank}）", "expected": "证据句在前列"}))
    return cases


THEME_TARGET = 0.7  # share of the real plan's items a held-out draft should match (issue #16)


def other_failures(drafts: Sequence[BureauEval], summaries: SummaryEvalReport | None) -> list[FailingCase]:
    cases = []
    for b in drafts:
        s = b.draft
        if s is not None and ((s.figure_faithfulness or 1.0) < 1.0 or s.leakage):
            verdict = f"数字可信 {s.figure_faithfulness or 0:.0%}（{s.figures} 个），泄漏 {s.leakage}"
            cases.append(
                FailingCase(area="drafts", id=b.bureau, text=b.period or "", verdict=verdict, expected="100%，泄漏 0")
            )
        if s is not None and s.theme_misses and (s.theme_coverage or 0.0) < THEME_TARGET:
            verdict = f"原计划条目覆盖 {s.theme_coverage or 0:.0%}；未覆盖：{'；'.join(s.theme_misses)}"
            cases.append(
                FailingCase(
                    area="drafts", id=b.bureau, text=b.period or "", verdict=verdict, expected=f"≥ {THEME_TARGET:.0%}"
                )
            )
    for doc in summaries.documents if summaries else []:
        if not doc.clean or (doc.faithfulness or 1.0) < 1.0:
            verdict = f"数字可信 {doc.faithful}/{doc.figures}，章节 {doc.sections_covered}/{doc.sections_total}"
            cases.append(
                FailingCase(area="summaries", id=doc.doc, doc=doc.doc, verdict=verdict, expected="全部数字有据")
            )
    return cases
