"""Figure faithfulness engine: extract, normalise and verify figures in Chinese reports."""

from .extract import DateMention, extract_dates, extract_figures
from .models import ClaimVerdict, Judge, SourceText, Verdict, VerdictLabel
from .verify import check_claim, verify

__all__ = [
    "ClaimVerdict",
    "DateMention",
    "Judge",
    "SourceText",
    "Verdict",
    "VerdictLabel",
    "check_claim",
    "extract_dates",
    "extract_figures",
    "verify",
]
