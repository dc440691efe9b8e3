"""Does a stated value agree with a source value, at the precision and hedge the text states?

Unhedged figures must be equal after unit normalisation (3.4亿元 is not 3.38亿元; 55% is not
54.63%). A hedge widens the window the way a reader would: 约 rounds at the stated precision,
超/突破/以上/不少于 need the source at or above (and close), 近/不足 at or below (and close),
多/余 sit between the stated number and its next step (180多 = 181-189).
"""

from __future__ import annotations

from scribe.lexicon.hedges import HedgeDirection, hedge_direction
from scribe.lexicon.numerals import trailing_zero_step
from scribe.models import Figure

_EPS = 1e-9
# how far a one-sided hedge may sit from the source: one unit at the stated precision or 10%
_CLOSE = 0.10
# how far 约 may round a number written with trailing zeros (约3000家), as a share of it
_ROUND_SHARE = 0.05
# how far a tenth written in words (九成 / 约六成, step 10 points) may sit from the source, as a share of its step:
# 88%–92% read as 九成; 86.3% is 近九成, 55.1% 五成半 or 过半, not 六成
_TENTH_ROUND = 0.3


def _eq(a: float, b: float) -> bool:
    return abs(a - b) <= _EPS * max(1.0, abs(a), abs(b))


def step_of(fig: Figure) -> float:
    """One unit of the last stated digit, in base units: 3.4亿元 -> 0.1亿元 = 1e7 元."""
    return 10.0 ** (-fig.decimals) * fig.scale


def _floor_step(value: float) -> float:
    """How far a round floor reaches: 100 up to the next hundred; a number ending in 5 (15, 150) is a floor on the
    fives, so 超过15% holds up to 20%."""
    step = trailing_zero_step(value, 0)
    return 5 * step if round(value / step) % 5 == 0 else step


def values_agree(claim: Figure, source: Figure) -> bool:
    cv, sv = claim.value, source.value
    if cv is None or sv is None:
        return False
    if claim.value_high is not None or source.value_high is not None:
        return _eq(cv, sv) and _eq(claim.value_high or cv, source.value_high or sv)
    if claim.unit == "rank":
        if claim.qualifier == "前":
            return sv <= cv + _EPS
        return _eq(cv, sv) and source.qualifier != "前"
    q = claim.qualifier
    direction = hedge_direction(q)
    if _eq(cv, sv):
        # same number: a hedge the source does not have is still consistent except for 近/不足
        below, above = HedgeDirection.BELOW, HedgeDirection.ABOVE
        theirs = hedge_direction(source.qualifier)
        if {direction, theirs} == {below, above}:
            return False  # 超过三成 against the source's 不足三成: the two sides of one number
        return not (direction is below and theirs is not below) or source.qualifier == q
    if direction is None:
        return False
    if direction is HedgeDirection.ROUND and _within_source_bound(cv, source):
        return True  # 约1.75亿元 against the source's 不足1.8亿元: a rounded figure inside the range the source states
    step = step_of(claim)
    close = max(step, _CLOSE * abs(cv))
    if direction is HedgeDirection.ROUND:
        # 约3000家 rounds at its last non-zero digit, but never by more than 5%: 2,990-3,149 read as 约3000
        coarse = trailing_zero_step(cv / claim.scale, claim.decimals) * claim.scale if claim.decimals == 0 else step
        window = max(0.5 * step, min(0.5 * coarse, _ROUND_SHARE * abs(cv)))
        if claim.unit == "%" and claim.scale >= 10:
            window = _TENTH_ROUND * claim.scale
        return abs(cv - sv) <= window + _EPS * max(1.0, abs(cv))
    if direction is HedgeDirection.ABOVE:
        # 100家以上 / 超3000家: a round number is a floor up to its next round step (at most half again)
        if claim.decimals == 0 and claim.scale == 1.0:
            close = max(close, min(_floor_step(cv), 0.5 * abs(cv)))
        return sv >= cv and sv - cv <= close
    if direction is HedgeDirection.BELOW:
        # 近千 / 近亿元: a bare magnitude is near itself within 10%, not within one of it
        if _eq(claim.scale, abs(cv)):
            close = _CLOSE * abs(cv)
        return sv <= cv and cv - sv <= close
    if direction is HedgeDirection.STEP:
        unit_step = trailing_zero_step(cv / claim.scale, claim.decimals) * claim.scale
        return cv < sv < cv + unit_step
    return False


def _within_source_bound(cv: float, source: Figure) -> bool:
    """Whether ``cv`` lies inside the one-sided range a hedged source figure states (不足1.8亿元: under 1.8, and
    within 10% of it; 超过3000家: over 3000, within 10%)."""
    sv = source.value
    if sv is None:
        return False
    theirs = hedge_direction(source.qualifier)
    close = _CLOSE * abs(sv)
    if theirs is HedgeDirection.BELOW:
        return sv - close <= cv < sv
    if theirs is HedgeDirection.ABOVE:
        return sv < cv <= sv + close
    return False
