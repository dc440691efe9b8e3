"""A generative QA chain over a test store, built from Settings the way the product's services build one.

Shared by the protocol-server tests (``tests/integration``) and the real-model tier (``tests/llm``): the chain
takes every generative knob (output cap, structure, unsupported-figure policy, evidence budget) from the
Settings it is given, so a test changes one with ``settings.model_copy(update=...)``.
"""

from __future__ import annotations

from pathlib import Path

from chains.llm import build_chat_model
from chains.qa import QAChain
from chains.runlog import RunLog
from scribe.settings import Settings
from vectorstore.retrieval import HybridRetriever
from vectorstore.store import Store


def generative_qa_chain(store: Store, settings: Settings, log_dir: Path) -> QAChain:
    """A QA chain over ``store`` asking the endpoint ``settings`` names; its run log is kept in ``log_dir``."""
    llm = build_chat_model(settings)
    assert llm is not None, "generative_qa_chain needs settings with llm_base_url and llm_model"
    return QAChain(
        HybridRetriever(store, store.settings),
        llm=llm,
        run_log=RunLog(log_dir / "runs.db"),
        max_tokens=settings.llm_max_tokens_qa,
        structured=settings.llm_structured,
        unsupported_policy=settings.llm_unsupported_policy,
        evidence_tokens=settings.llm_evidence_tokens,
    )
