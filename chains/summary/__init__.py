"""A whole report on one page, every line cited and its figures checked (see :mod:`chains.summary.chain`)."""

from chains.summary.chain import (
    Citation,
    EmptyDocumentError,
    IndicatorRow,
    Length,
    ReportSummary,
    SummaryConfigError,
    SummaryInput,
    SummaryLine,
    Verifier,
    load_document,
    summarize,
)

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
