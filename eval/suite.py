"""The whole evaluation in one run: QA, claims (hand-labelled and generated), drafts, summaries, optional judge.

:func:`discover` finds the datasets (``eval/datasets/`` plus any folder given) and tells QA from claims by their
fields; :func:`run_suite` runs everything against a store (a temporary one holding ``corpus``, or the configured
one) and returns one :class:`EvalReport`, whose :meth:`EvalReport.metrics` is the flat key/value view the
history and the gate use. The per-area work is in :mod:`eval.runner`; rendering in :mod:`eval.report`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Literal

from pydantic import BaseModel, Field

from eval import runner
from eval.claims import ClaimItem, ClaimsReport
from eval.datasets.loading import read_jsonl
from eval.draft_eval import BureauEval
from eval.history import EvalRun, git_commit
from eval.judge import JudgeReport
from eval.models import Dataset, DatasetKind, FailingCase, Progress
from eval.qa_eval import QAItem, QAReport
from eval.summary_eval import SummaryEvalReport
from scribe.errors import DatasetError
from scribe.services import build_services
from scribe.settings import Settings
from vectorstore.store import Store

log = logging.getLogger(__name__)

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"


class DatasetInfo(BaseModel):
    name: str
    path: str
    kind: DatasetKind
    items: int


class RunInfo(BaseModel):
    started_at: datetime
    seconds: float = 0.0
    mode: Literal["offline", "generative"]
    mode_label: str
    llm_model: str
    embedding_model: str
    retrieval_k: int
    corpus: list[str]
    git_commit: str
    command: str = "all"
    judge: bool = False


class QASection(BaseModel):
    dataset: str
    report: QAReport


class ClaimsSection(BaseModel):
    dataset: str
    report: ClaimsReport


class EvalReport(BaseModel):
    run: RunInfo
    datasets: list[DatasetInfo] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="files skipped, ingest failures, missing documents")
    qa: list[QASection] = Field(default_factory=list)
    claims: list[ClaimsSection] = Field(default_factory=list)
    drafts: list[BureauEval] = Field(default_factory=list)
    summaries: SummaryEvalReport | None = None
    judge: list[JudgeReport] = Field(default_factory=list, description="LLM judge: separate from every metric above")
    failures: list[FailingCase] = Field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """Every metric as flat ``area.dataset.name`` keys (``judge.*`` kept apart from the deterministic ones)."""
        m: dict[str, float] = {"suite.seconds": round(self.run.seconds, 1)}
        for q in self.qa:
            m.update(q.report.metrics(f"qa.{q.dataset}."))  # with a model in the loop also qa.<dataset>.gen.*
        for c in self.claims:
            cr, p = c.report, f"claims.{c.dataset}."
            for name in ("n", "accuracy", "balanced_accuracy", "unsupported_precision", "unsupported_recall"):
                m[p + name] = float(getattr(cr, name))
                m[p + "baseline." + name] = float(getattr(cr.baseline, name))
            m[p + "false_alarm_rate"] = cr.false_alarm_rate
            m[p + "abstention_rate"] = cr.abstention_rate
            m[p + "missing_docs"] = float(len(cr.missing_docs))
            m.update({f"{p}kind.{kind}.accuracy": ks.accuracy for kind, ks in cr.by_kind.items()})
        m.update(_draft_metrics(self.drafts))
        if self.summaries is not None:
            s = self.summaries
            m["summaries.documents"] = float(len(s.documents))
            m["summaries.section_coverage"] = round(s.section_coverage, 4)
            if s.key_coverage is not None:
                m["summaries.key_coverage"] = round(s.key_coverage, 4)
            if s.faithfulness is not None:
                m["summaries.faithfulness"] = round(s.faithfulness, 4)
        for j in self.judge:
            p = f"judge.{j.dataset}."
            m.update({p + "undecidable": j.undecidable, p + "judged": j.judged, p + "errors": j.errors})
            if j.accuracy is not None:
                m[p + "accuracy"] = j.accuracy
        return m

    def to_run(self) -> EvalRun:
        return EvalRun(
            timestamp=self.run.started_at,
            git_commit=self.run.git_commit,
            mode=self.run.mode,
            llm_model=self.run.llm_model,
            embedding_model=self.run.embedding_model,
            retrieval_k=self.run.retrieval_k,
            command=self.run.command,
            corpus="; ".join(self.run.corpus),
            seconds=round(self.run.seconds, 1),
            metrics=self.metrics(),
        )


def _draft_metrics(drafts: Sequence[BureauEval]) -> dict[str, float]:
    done = [d.draft for d in drafts if d.draft is not None]
    m: dict[str, float] = {"drafts.bureaus": float(len(done)), "drafts.skipped": float(len(drafts) - len(done))}
    if not done:
        return m
    figures = sum(s.figures for s in done)
    if figures:
        ok = sum(round((s.figure_faithfulness or 0.0) * s.figures) for s in done)
        m["drafts.figure_faithfulness"] = round(ok / figures, 4)
    problems = sum(s.problems for s in done)
    if problems:
        m["drafts.problem_coverage"] = round(
            sum(round((s.problem_coverage or 0.0) * s.problems) for s in done) / problems, 4
        )
    m["drafts.style_conformity"] = round(sum(s.style_conformity for s in done) / len(done), 4)
    m["drafts.leakage"] = float(sum(s.leakage for s in done))
    m["drafts.review_headings"] = float(sum(s.review_headings for s in done))
    for key in ("copy_share", "held_copy_share", "theme_coverage", "item_precision", "count_ratio"):
        values = [v for s in done if (v := getattr(s, key)) is not None]
        if values:
            m[f"drafts.{key}"] = round(sum(values) / len(values), 4)
    return m


# -- datasets ---------------------------------------------------------------------------------------------------


def recognise(fields: set[str]) -> DatasetKind | None:
    """QA items have ``question`` + ``evidence``; claims have ``claim`` + ``label``."""
    if {"question", "evidence"} <= fields:
        return "qa"
    if {"claim", "label"} <= fields:
        return "claims"
    return None


def discover(folders: Sequence[Path]) -> tuple[list[Dataset], list[str]]:
    """Every ``*.jsonl`` of ``folders`` (not recursive), fully validated; plus notes on the files skipped.

    A malformed line raises :class:`DatasetError` with its file and line number.
    """
    found: list[Dataset] = []
    notes: list[str] = []
    seen: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            raise DatasetError(folder, 0, "数据集文件夹不存在")
        for path in sorted(folder.glob("*.jsonl")):
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            kind = recognise(_first_fields(path))
            if kind is None:
                notes.append(f"{path}：既不是问答数据集（question+evidence）也不是核查数据集（claim+label），已跳过")
                continue
            items = read_jsonl(path, QAItem if kind == "qa" else ClaimItem)
            name = path.stem.replace(".", "_")
            while any(d.name == name for d in found):
                name += "_"
            found.append(Dataset(name=name, path=path, kind=kind, items=len(items)))
    return found, notes


def _first_fields(path: Path) -> set[str]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DatasetError(path, 0, f"无法读取（{e}）") from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(path, number, f"不是合法的 JSON（{e.msg}）") from e
        if not isinstance(value, dict):
            raise DatasetError(path, number, "每行必须是一个 JSON 对象")
        return set(value)
    return set()


# -- the run ----------------------------------------------------------------------------------------------------


def run_suite(
    settings: Settings,
    *,
    corpus: Sequence[Path] = (),
    dataset_dirs: Sequence[Path] = (),
    judge: bool = False,
    store: Store | None = None,
    qa_limit: int | None = None,
    command: str = "all",
    progress: Progress | None = None,
) -> EvalReport:
    """Run every evaluation and return the report (nothing is written; see :mod:`eval.report`, :mod:`eval.history`).

    With ``corpus`` the folders are ingested into a temporary store first; otherwise the configured store is
    evaluated (``store`` overrides both — tests pass a ready one). ``judge`` adds the LLM-judge stage (needs an
    endpoint). ``qa_limit`` runs QA on an evenly spread subset (tests only).
    """
    started, t0 = datetime.now().astimezone(), time.perf_counter()
    datasets, notes = discover([DATASETS_DIR, *dataset_dirs])
    tick: Progress = progress or (lambda stage, done, total: None)
    with ExitStack() as stack:
        fresh = store is None and bool(corpus)
        if fresh:
            tmp = Path(stack.enter_context(TemporaryDirectory(prefix="scribe-eval-")))
            settings = settings.model_copy(update={"data_dir": tmp, "chroma_host": None})
        services = stack.enter_context(build_services(settings, store=store))  # closes the store it opens
        store = services.store
        if fresh:
            notes += runner.ingest(store, corpus, tick)
        work = runner.Runner(services, corpus, stack, tick)
        report = EvalReport(
            run=RunInfo(
                started_at=started,
                mode="generative" if settings.generative else "offline",
                mode_label=settings.mode_label,
                llm_model=settings.llm_model if settings.generative and settings.llm_model else "offline",
                embedding_model=store.embeddings.model_name,
                retrieval_k=settings.retrieval_k,
                corpus=[str(p) for p in corpus] or ["store"],
                git_commit=git_commit(),
                command=command,
                judge=judge,
            ),
            datasets=[DatasetInfo(name=d.name, path=str(d.path), kind=d.kind, items=d.items) for d in datasets],
            notes=notes,
        )
        for d in datasets:
            if d.kind == "claims":
                report.claims.append(ClaimsSection(dataset=d.name, report=work.claims(d)))
                report.failures += work.claim_failures(d, report.claims[-1].report)
        for d in datasets:
            if d.kind == "qa":
                report.qa.append(QASection(dataset=d.name, report=work.qa(d, qa_limit)))
                report.failures += runner.qa_failures(d, report.qa[-1].report, settings.retrieval_k)
        report.drafts = work.drafts()
        report.summaries = work.summaries()
        report.failures += runner.other_failures(report.drafts, report.summaries)
        if judge:
            report.judge = [work.judge(d) for d in datasets if d.kind == "claims"]
        report.notes += [f"{c.dataset}：找不到来源文档 {doc}" for c in report.claims for doc in c.report.missing_docs]
    report.run.seconds = time.perf_counter() - t0
    log.info("eval suite: %d metrics in %.0fs", len(report.metrics()), report.run.seconds)
    return report
