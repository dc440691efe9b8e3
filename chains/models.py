"""What the question-answering chain returns: an answer, its citations and the verdict on every figure."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from scribe.figures import Verdict, VerdictLabel
from vectorstore.scope import QueryScope

REFUSAL = "无法从资料中找到"

ANSWER_FAILING = frozenset(
    {
        VerdictLabel.CONTRADICTED,
        VerdictLabel.UNVERIFIABLE,
        VerdictLabel.UNREADABLE,
        VerdictLabel.PLACEHOLDER,
    }
)


class Citation(BaseModel):
    """Source ``[n]`` of an answer: which chunk, where it sits, and the sentence quoted from it."""

    n: int = Field(ge=1)
    chunk_id: str
    doc_id: str
    file_name: str
    bureau: str | None = None
    period: str | None = None
    section_path: list[str] = Field(default_factory=list)
    quote: str
    chunk_text: str

    @model_validator(mode="after")
    def _quote_is_verbatim(self) -> Citation:
        if self.quote not in self.chunk_text:
            raise ValueError(f"引文不是资料 [{self.n}] 的原文：{self.quote[:40]}")
        return self

    @property
    def quote_start(self) -> int:
        return self.chunk_text.index(self.quote)


class RetrievedRef(BaseModel):
    chunk_id: str
    file_name: str
    score: float
    section: str


class Answer(BaseModel):
    question: str
    resolved_question: str = Field(description="the question after follow-up resolution (那青田呢？ → full question)")
    text: str
    refused: bool
    mode: Literal["offline", "generative"]
    model: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)
    scope: QueryScope = Field(default_factory=QueryScope)
    retrieved: list[RetrievedRef] = Field(default_factory=list)
    latency_ms: int = 0
    fallback: str | None = Field(default=None, description="generative mode: why the model's answer was not shown")
    completion_tokens: int | None = None
    prompt_tokens: int | None = None
    generated: str | None = Field(default=None, description="generative mode: the model's own text, before the checks")
    regenerated: bool = Field(default=False, description="generative mode: asked again, naming unsupported figures")
    struck: list[str] = Field(default_factory=list, description="generative mode: figures struck as unsupported")

    @property
    def failing(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.label in ANSWER_FAILING]

    @property
    def clean(self) -> bool:
        """True when every figure in the answer is supported or derived from the sources."""
        return not self.failing
