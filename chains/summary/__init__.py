"""A whole report on one page, every line cited and its figures checked (see :mod:`chains.summary.chain`).

Modules, bottom up: ``models`` (the summary and its input), ``offline`` (extractive building blocks: section
roles, content sentences, key indicators), ``lines`` (a line written from a block's heading and key clauses),
``verifier`` (checking a line in its section's context),
``generative`` (map-reduce with a chat model), ``chain`` (:func:`summarize`), ``export`` (Markdown and Word).
"""

from chains.summary.chain import EmptyDocumentError, SummaryConfigError, load_document, summarize
from chains.summary.models import Citation, IndicatorRow, Length, ReportSummary, SummaryInput, SummaryLine
from chains.summary.verifier import Verifier

__all__ = [
    "Citation",
    "EmptyDocumentError",
    "IndicatorRow",
    "Length",
    "ReportSummary",
    "SummaryConfigError",
    "SummaryInput",
    "SummaryLine",
    "Verifier",
    "load_document",
    "summarize",
]
