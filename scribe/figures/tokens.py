"""First pass of extraction: find figure tokens and what they are worth, before any context.

Names and slogans are not claims. The rule, applied here:
  * anything inside quotes or 《》 is a name (“315”创新体系, “十项重大工程”, “1+2+N”);
  * digits glued to Latin letters are codes (1A类, 5G, G60, 3.O版);
  * a bare digit string glued to following Chinese text is a name (315科技创新体系, 2023科技活动周, 20周年);
  * a Chinese numeral counts only with a measure word, never as 一 alone (一批, 一次 are articles),
    never as a bare magnitude (百万人才, 千亿工程), never before 大 / 一 / 重大工程 (三大会战, 五个一, 十项重大工程),
    never after 届 / 第 (十二届十次全会, 第二批);
  * list ordinals (1. / （二） / 一是) and ordinals with 第 that are not ranks are skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scribe.lexicon.hedges import POST_HEDGE_RE, TIMES_STEP_AFTER_RE, pre_hedge
from scribe.lexicon.indicators import GROWTH_WORDS, RISE_WORDS, SHARE_WORDS, alternatives
from scribe.lexicon.numerals import (
    CN_DIGITS,
    MAGNITUDES,
    NUMBER_WORD_RE,
    ORDINAL_CLASS,
    is_duration,
    is_magnitude_only,
    parse_chinese_numeral,
    parse_decimal,
    read_number_word,
)
from scribe.lexicon.phrases import selects_top
from scribe.models import FigureKind, FigureStatus

from .patterns import (
    DATE_RE,
    LIST_ORDINAL_RE,
    NUMBER_RE,
    OCR_FOLLOW_RE,
    OCR_PERCENT_ALWAYS,
    OCR_PERCENT_IN_CONTEXT,
    OCR_PERCENT_NOT_BEFORE,
    OCR_TOKEN_RE,
    ORDINAL_NOUN_RE,
    QUOTE_RE,
    RANK_CHANGE_RE,
    RANK_RE,
    RANK_SCOPE_RE,
    RATIO_RE,
    REFERENCE_RE,
    UNITS,
)

_MASK = "¤"
_BOUNDARY_AFTER_BARE = set("，,；;。！!？?：:、)）(（ \n") | {""}
_GROWTH_OR_SHARE_RE = re.compile(alternatives(GROWTH_WORDS, RISE_WORDS, ("增加",), SHARE_WORDS, ("占", "率")))
_SLOGAN_AFTER_CN_RE = re.compile(rf"^(?:大|重大工程|工程|两|{ORDINAL_CLASS})")
_CJK_AFTER = re.compile(r"[\u4e00-\u9fff]")
_SERIES_AFTER_RE = re.compile(rf"(?:{ORDINAL_NOUN_RE.pattern})|[次单号季]")


@dataclass
class RawFigure:
    start: int
    end: int
    value: float | None
    value_high: float | None = None
    decimals: int = 0
    unit: str = ""
    scale: float = 1.0
    kind: FigureKind | None = None
    status: FigureStatus = FigureStatus.CLEAN
    qualifier: str | None = None
    area: str | None = None
    is_date: bool = False


def is_word_share(unit: str, kind: FigureKind | None, scale: float) -> bool:
    """七成 / 过半 / 三分之一: a percentage in words that no growth or completion word claims is a share."""
    return unit == "%" and kind is FigureKind.OTHER and scale >= 5


def _mask(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        chars[i] = _MASK


def _post_qualifier(text: str, end: int) -> tuple[str | None, int]:
    if end > 0 and text[end - 1] == "倍" and TIMES_STEP_AFTER_RE.match(text, end):
        return "多", end + 1  # 两倍多
    m = POST_HEDGE_RE.match(text, end)
    return (m.group(1), m.end()) if m else (None, end)


def _num_value(token: str) -> tuple[float | None, int, str]:
    """(value, decimals, form) where form is digits / cn / placeholder."""
    if "X" in token or "x" in token:
        return None, 0, "placeholder"
    if token[0].isdigit():
        value, decimals = parse_decimal(token)
        return value, decimals, "digits"
    whole, dot, frac = token.partition("点")
    cn = parse_chinese_numeral(whole) if whole else None
    if dot and cn is not None and frac:  # 零点四个百分点 → 0.4, one decimal stated
        return cn + float("0." + "".join(str(CN_DIGITS[ch]) for ch in frac)), len(frac), "cn"
    return (float(cn) if cn is not None else None), 0, "cn"


def scan(norm: str) -> tuple[list[RawFigure], list[RawFigure]]:
    """Figures and dates (dates include damaged and placeholder years) in normalised text."""
    chars = list(norm)
    figures: list[RawFigure] = []
    dates: list[RawFigure] = []
    for regex in (REFERENCE_RE, QUOTE_RE, LIST_ORDINAL_RE):
        for m in regex.finditer(norm):
            _mask(chars, m.start(), m.end())
    for m in OCR_TOKEN_RE.finditer(norm):
        token = m.group(0)
        if not (re.search(r"\d", token) or (len(token) >= 3 and re.search(r"[O0]", token))):
            continue
        follow = OCR_FOLLOW_RE.match(norm, m.end())
        if follow:
            tail = follow.group(0).strip()
            item = RawFigure(m.start(), follow.end(), None, status=FigureStatus.UNREADABLE)
            if tail[-1] in "年月":
                item.is_date = True
                dates.append(item)
            else:
                unit = tail.lstrip("万亿千")
                item.unit = UNITS[unit].family if unit in UNITS else ""
                item.kind = UNITS[unit].kind if unit in UNITS else FigureKind.OTHER
                item.qualifier = pre_hedge(norm, m.start())
                figures.append(item)
        _mask(chars, m.start(), follow.end() if follow else m.end())
    masked = "".join(chars)
    for m in DATE_RE.finditer(masked):
        status = FigureStatus.PLACEHOLDER if "X" in m.group(0) else FigureStatus.CLEAN
        dates.append(RawFigure(m.start(), m.end(), None, status=status, is_date=True))
        _mask(chars, m.start(), m.end())
    masked = "".join(chars)
    for m in RANK_RE.finditer(masked):
        # 居某市各县（市、区）第2位: an aside in brackets between the scope and the rank, or inside the scope's name
        # (各县（市）区第3位), is left out
        window = _ASIDE_RE.sub("", norm[max(0, m.start() - 20) : m.start()])[-10:]
        scope = RANK_SCOPE_RE.search(window)
        follows_rank = (
            m.start() > 0 and norm[m.start() - 1] in "、和及" and bool(figures) and figures[-1].unit == "rank"
        )
        if m.group("rk") == "前" and norm[m.end() : m.end() + 1] in ("%", "个", "家"):
            continue
        if scope and scope.group("named") and not m.group("rsuf") and _CJK_AFTER.match(norm, m.end()):
            scope = None  # 金华市第1 is a rank; 杭州市第一医院 is a name
        if m.group("rk") == "第" and not m.group("rsuf") and _SERIES_AFTER_RE.match(norm, m.end()):
            scope = None  # 全省第三批 / 全市第5次: which batch or time, never a rank
            follows_rank = False
        if scope or follows_rank:
            value, _, form = (1.0, 0, "digits") if m.group("rk1") else _num_value(m.group("rnum"))
            area = (
                scope.group("area") if scope and scope.group("area") else (figures[-1].area if follows_rank else None)
            )
            figures.append(
                RawFigure(
                    m.start(),
                    m.end(),
                    value,
                    unit="rank",
                    kind=FigureKind.RANK,
                    status=FigureStatus.PLACEHOLDER if form == "placeholder" else FigureStatus.CLEAN,
                    qualifier="前" if m.group("rk") == "前" else None,
                    area=area,
                )
            )
            _mask(chars, m.start(), m.end())
        elif m.group("rk") == "前" and selects_top(norm, m.start()):
            value, _, form = _num_value(m.group("rnum"))  # 前10位企业: which ones, not how many (checked as 第一批 is)
            if value is not None and form != "placeholder":
                figures.append(RawFigure(m.start(), m.end(), value, unit="ordinal", kind=FigureKind.ORDINAL))
            _mask(chars, m.start(), m.end())
        elif m.group("rk") == "第":
            follow = ORDINAL_NOUN_RE.match(norm, m.end())
            value, _, form = _num_value(m.group("rnum"))
            if follow and value is not None and form != "placeholder" and not m.group("rsuf"):
                figures.append(RawFigure(m.start(), follow.end(), value, unit="ordinal", kind=FigureKind.ORDINAL))
                _mask(chars, m.start(), follow.end())
            else:
                _mask(chars, m.start(), m.end())
    masked = "".join(chars)
    for m in RATIO_RE.finditer(masked):
        a, b = int(m.group("a")), int(m.group("b"))
        if b == 0:
            continue
        figures.append(RawFigure(m.start(), m.end(), a / b, unit="ratio", kind=FigureKind.RATIO, decimals=4))
        _mask(chars, m.start(), m.end())
    masked = "".join(chars)
    for m in NUMBER_WORD_RE.finditer(masked):
        word = _number_word_figure(norm, m)
        if word is not None:
            figures.append(word)
            _mask(chars, m.start(), word.end)
    masked = "".join(chars)
    for m in NUMBER_RE.finditer(masked):
        number = _number_figure(norm, m)
        if number is not None:
            figures.append(number)
    figures.sort(key=lambda f: f.start)
    dates.sort(key=lambda f: f.start)
    return figures, dates


_ASIDE_RE = re.compile(r"[(（][^()（）]{1,8}[)）]\s?")


def _number_word_figure(norm: str, m: re.Match[str]) -> RawFigure | None:
    """两成 / 过半 / 三分之一 / 百分之三十 / 翻一番 / 超千万元 as a figure; a bare magnitude (千人, 百家) only when hedged."""
    word = read_number_word(m)
    if word is None:
        return None
    stated = pre_hedge(norm, m.start())
    if m.group("mag") and not (stated or word.hedge or norm[m.start() - 1 : m.start()] == "上"):
        return None  # 百万人才 / 千人计划 are slogans; 超千万元 / 上亿元 are figures
    post, end = _post_qualifier(norm, m.end())
    info = UNITS.get(word.unit)
    decimals = max(0, round(-math.log10(word.step))) if word.step < 1 else 0
    return RawFigure(
        m.start(),
        end,
        word.value,
        decimals=decimals,
        unit=info.family if info else word.unit,
        scale=word.step if word.step >= 1 else 1.0,
        kind=FigureKind.GROWTH if word.growth else (info.kind if info else FigureKind.OTHER),
        qualifier=stated or post or ("超" if norm[m.start() - 1 : m.start()] == "上" else None) or word.hedge,
    )


def _number_figure(norm: str, m: re.Match[str]) -> RawFigure | None:
    token = m.group("num")
    value, decimals, form = _num_value(token)
    start, end = m.start(), m.end()
    before = norm[start - 1] if start > 0 else ""
    num_end = m.end("num")
    after_num = norm[num_end] if num_end < len(norm) else ""
    if re.match(r"[A-Za-z]", before) or (form != "cn" and re.match(r"[A-Za-z]", after_num)):
        return None
    unit_word = m.group("unit") or ""
    if unit_word == "位" and norm[end : end + 1] == "数":
        return None  # 两位数增长 is a size of number, not two people
    if unit_word == "个" and is_duration(norm[end : end + 3]):
        return None  # 后三个季度还需完成…: a span of time, not a count
    mag = m.group("mag") or ""
    qual_inner = m.group("q1") or m.group("q2")
    if form == "cn":
        running = norm[max(0, start - 2) : start] == "连续"  # 连续三年 counts years; 三年行动 names a plan
        if not unit_word or (unit_word in ("年", "个月", "天", "小时", "期", "批") and not running) or value is None:
            return None
        if token == "一" or is_magnitude_only(token) or before in "届第":
            return None
        if token[-1] in "万亿" and token[0] not in CN_DIGITS:  # 两千万元 / 三亿元 are amounts; 百万亿 is no figure
            return None
        if _SLOGAN_AFTER_CN_RE.match(norm[end : end + 4]):
            return None
    if form == "digits" and not unit_word and not mag:
        nxt = norm[end : end + 1]
        if (nxt and nxt in OCR_PERCENT_ALWAYS) or (
            nxt in OCR_PERCENT_IN_CONTEXT
            and nxt
            and norm[end + 1 : end + 2] not in OCR_PERCENT_NOT_BEFORE
            and _GROWTH_OR_SHARE_RE.search(norm[max(0, start - 12) : start])
        ):
            return RawFigure(start, end + 1, None, unit="%", kind=FigureKind.OTHER, status=FigureStatus.UNREADABLE)
        post, post_end = _post_qualifier(norm, end)
        if norm[post_end : post_end + 1] not in _BOUNDARY_AFTER_BARE or m.group("sep"):
            return None
        if decimals == 0 and value is not None and 1900 <= value <= 2100:
            return None
    if form == "placeholder" and not unit_word and not mag:
        return None
    info = UNITS.get(unit_word)
    unit = info.family if info else ""
    kind = info.kind if info else FigureKind.OTHER
    factor = info.factor if info else 1.0
    if unit_word == "位" and (
        RANK_CHANGE_RE.search(norm[max(0, start - 6) : start])
        or re.search(r"位[和及、]$", norm[max(0, start - 2) : start])
    ):
        unit, kind = "位", FigureKind.CHANGE
    scale = MAGNITUDES.get(mag, 1.0) * factor
    if form == "cn" and not mag and value is not None and token[-1] in "万亿":  # 两千万元: 2000 of 万元
        inner = MAGNITUDES[token[-1]]
        value, scale = value / inner, scale * inner
    high: float | None = None
    if m.group("num2"):
        high_raw, _, _ = _num_value(m.group("num2"))
        high = high_raw * scale if high_raw is not None else None
    status = FigureStatus.PLACEHOLDER if form == "placeholder" else FigureStatus.CLEAN
    post, _ = _post_qualifier(norm, end)
    qualifier = pre_hedge(norm, start) or qual_inner or post
    if form == "cn" and token[0] not in CN_DIGITS and token[0] != "十":
        return None
    return RawFigure(
        start,
        end,
        float(f"{value * scale:.12g}") if value is not None else None,
        value_high=high,
        decimals=decimals,
        unit=unit,
        scale=scale,
        kind=kind,
        status=status,
        qualifier=qualifier,
    )
