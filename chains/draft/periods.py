"""The period a plan is for, and re-targeting a plan written for one period to another.

A plan sentence for 2024 is re-used for 2025 by rewriting its year (:class:`Retarget`); a stated target does
not carry over to another year, so its number is left for the drafter (:func:`placeholder`). Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from scribe.errors import DraftError
from scribe.lexicon.numerals import NUMBER_TOKEN_RE
from scribe.lexicon.periods import HALF_YEARS, WHOLE_YEAR_WORDS, YEAR, month_range, years_in

Half = Literal["上半年", "下半年"]
# A plan period as a user types it: 2024年下半年 / 2025年上半年 / 2025年 / 2025年度
_PLAN_PERIOD = re.compile(rf"^\s*({YEAR})\s*年?\s*({'|'.join((*HALF_YEARS, *WHOLE_YEAR_WORDS))})?\s*(?:工作)?\s*$")


class Period(BaseModel):
    """A plan period: a year, optionally one half of it."""

    year: int
    half: Half | None = None

    @property
    def label(self) -> str:
        return f"{self.year}年{self.half or ''}"

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PLAN_PERIOD.match(text.replace(" ", ""))
        if not m:
            raise DraftError(f"无法识别时期“{text}”；请写成 2024年下半年、2025年上半年 或 2025年。")
        half: Half | None = "上半年" if m.group(2) == "上半年" else "下半年" if m.group(2) == "下半年" else None
        return cls(year=int(m.group(1)), half=half)

    def rank(self) -> float:
        return self.year + {None: 0.9, "上半年": 0.4, "下半年": 0.8}[self.half]


def is_half_year_summary(period: str | None) -> bool:
    """True for 上半年 / 1-5月 style periods (a summary whose plan is for the rest of the same year)."""
    if not period:
        return False
    if "上半年" in period:
        return True
    months = month_range(period)
    return months is not None and months[1] <= 9


def plan_period(plan_title: str, years: Sequence[int], summary_period: str | None) -> Period | None:
    """The period a report's own plan section is for: from its title (2024年工作计划), else from the report."""
    title_years = years_in(plan_title.replace("O", "0").replace("o", "0"))
    half: Half | None = "下半年" if "下半年" in plan_title else None
    if title_years:
        return Period(year=title_years[0], half=half)
    if not years:
        return None
    if is_half_year_summary(summary_period) or half:
        return Period(year=max(years), half="下半年")
    return Period(year=max(years) if len(years) > 1 else years[0] + 1)


def next_period(years: Sequence[int], period: str | None, plan: Period | None) -> Period | None:
    """The period a bureau drafts next: its own plan's period, else the one after its latest summary."""
    if plan is not None:
        return plan
    if not years:
        return None
    return Period(year=max(years), half="下半年") if is_half_year_summary(period) else Period(year=max(years) + 1)


class Retarget:
    """Rewrites a sentence of a plan for ``source`` so that it speaks of ``target``."""

    def __init__(self, source: Period | None, target: Period) -> None:
        self.source = source
        self.target = target

    @property
    def keeps_targets(self) -> bool:
        """A stated target stands only in a plan for the same year."""
        return self.source is not None and self.source.year == self.target.year

    def text(self, text: str) -> str:
        src, tgt = self.source, self.target
        if src is None:
            return text
        if src.year != tgt.year:
            text = re.sub(rf"(?<![\d\-—~至]){src.year}(?=年)", str(tgt.year), text)
        if src.half and src.half != tgt.half:
            text = re.sub(rf"(?<=年){src.half}", tgt.half or "全年", text)
            text = re.sub(rf"(?<!年){src.half}", tgt.label, text)
        return text


def placeholder(surface: str) -> str:
    """The figure with its number left for the drafter: 8.6亿元 → X亿元, 18% → X%, 五家 → X家."""
    return NUMBER_TOKEN_RE.sub("X", surface, count=1)
