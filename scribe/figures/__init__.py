"""Figure faithfulness engine: extract, normalise and verify figures in Chinese reports."""

from .answer import question_context, verify_answer
from .extract import DateMention, extract_dates, extract_figures
from .models import ClaimVerdict, Judge, SourceText, Verdict, VerdictLabel
from .verify import check_claim, claim_verdict, verify

__all__ = [
    "ClaimVerdict",
    "DateMention",
    "Judge",
    "SourceText",
    "Verdict",
    "VerdictLabel",
    "check_claim",
    "claim_verdict",
    "extract_dates",
    "extract_figures",
    "question_context",
    "verify",
    "verify_answer",
]
