"""Numbers as written in Chinese reports: full-width forms, Chinese numerals, ordinals, stated precision.

Every function here is pure. ``normalise_text`` keeps the text length unchanged so that
offsets found in the normalised copy are offsets into the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x2014] = ord("-")  # — used in ranges such as 2023—2027年
_FULLWIDTH[0x2013] = ord("-")
_FULLWIDTH[0x301C] = ord("~")  # 〜

# OCR often reads "。" as a Latin "o" right after a digit: "全省第2o三是".
_OCR_FULL_STOP = re.compile(r"(?<=[0-9])o(?=[\u4e00-\u9fff]|\s|$)")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# The small ordinals of headings, enumerations and months (一、 / （三） / 二是 / 一至五月), as a regex class.
ORDINAL_CHARS = "一二三四五六七八九十"
ORDINAL_CLASS = f"[{ORDINAL_CHARS}]"

# A number as written, digits or Chinese up to 千 (what a placeholder X replaces: 新增12家 / 新增十二家).
NUMBER_TOKEN_RE = re.compile(r"\d[\d.,]*|[零〇一二两三四五六七八九十百千]+")

MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3, "百": 1e2}


def normalise_text(text: str) -> str:
    """Half-width digits, letters and punctuation; same length as ``text``."""
    out = text.translate(_FULLWIDTH)
    return _OCR_FULL_STOP.sub("。", out)


# Traditional characters hanziconv's table leaves alone but reports use: 佔 (占比), 値 (产值), 佈 (发布).
EXTRA_TRADITIONAL = {"佔": "占", "値": "值", "佈": "布"}


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, int]:
    from hanziconv import HanziConv  # a character table (Apache-2.0), read once

    trad: str = getattr(HanziConv, "_HanziConv__traditional_charmap")  # noqa: B009
    simp: str = getattr(HanziConv, "_HanziConv__simplified_charmap")  # noqa: B009
    table = {ord(t): ord(s) for t, s in zip(trad, simp, strict=True) if t != s}
    table.update({ord(t): ord(s) for t, s in EXTRA_TRADITIONAL.items()})
    return table


def to_simplified(text: str) -> str:
    """Traditional characters as simplified, one for one (諸暨市規上工業研發費用 → 诸暨市规上工业研发费用); same length."""
    return text.translate(_t2s_table())


# A text is read as traditional when this share of its Chinese characters is traditional: a simplified report
# holds the odd character the table also maps (显著’s 著), a traditional one a fifth or more.
TRADITIONAL_SHARE = 0.1
_CJK_CHAR_RE = re.compile(r"[\u4e00-\u9fff]")
_SCRIPT_SAMPLE = 3000


@lru_cache(maxsize=1)
def _traditional_char_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(map(chr, _t2s_table())) + "]")


def reading_text(text: str) -> str:
    """``text`` as simplified when it is written in traditional characters, else unchanged; same offsets.

    Attribution, structure, search terms and matching read this; quotes keep the report's own characters.
    """
    sample = text[:_SCRIPT_SAMPLE]  # a report keeps one script throughout
    traditional = len(_traditional_char_re().findall(sample))
    if not traditional or traditional < TRADITIONAL_SHARE * len(_CJK_CHAR_RE.findall(sample)):
        return text
    return to_simplified(text)


def parse_chinese_numeral(token: str) -> int | None:
    """``二十三`` -> 23, ``十`` -> 10, ``两`` -> 2, ``一百零五`` -> 105; None if not a numeral."""
    if not token or any(ch not in CN_NUMERAL_CHARS for ch in token):
        return None
    if all(ch in CN_DIGITS for ch in token) and len(token) > 1:
        # digit-by-digit form such as 二〇二三
        return int("".join(str(CN_DIGITS[ch]) for ch in token))
    total = 0
    section = 0
    digit: int | None = None
    for ch in token:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total = (total + section) * CN_BIG_UNITS[ch]
            section = 0
            digit = None
    return total + section + (digit or 0)


def is_magnitude_only(token: str) -> bool:
    """``百``, ``千万``, ``百万`` alone are slogans (百万人才), not counts."""
    return bool(token) and all(ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in token) and token != "十"


def parse_decimal(token: str) -> tuple[float, int]:
    """``6,099.10`` -> (6099.1, 2): the value and the decimal places as written."""
    clean = token.replace(",", "").replace(" ", "")
    decimals = len(clean.split(".", 1)[1]) if "." in clean else 0
    return float(clean), decimals


def trailing_zero_step(value: float, decimals: int) -> float:
    """Place value of the last stated non-zero digit: 180 -> 10, 10 -> 10, 2.5 -> 0.1.

    Used for 多/余 (180多个 means 181-189, 十余次 means 11-19).
    """
    if decimals > 0:
        return 10.0 ** (-decimals)
    n = round(value)
    step = 1
    while n and n % 10 == 0:
        n //= 10
        step *= 10
    return float(step)


_TRAILING_ZEROS_RE = re.compile(r"(\d)\.(\d*?)0+(?!\d)")


def without_trailing_zeros(surface: str) -> str:
    """A figure as written with the zeros that end its decimals dropped: 104.0% → 104%, 2.50亿元 → 2.5亿元 (one number
    written to another precision is written the same)."""
    return _TRAILING_ZEROS_RE.sub(lambda m: m.group(1) + ("." + m.group(2) if m.group(2) else ""), surface)


def round_half_up(value: float, decimals: int) -> float:
    """Schoolbook rounding (0.5 rounds up), which is what reports use."""
    factor = 10**decimals
    return float(int(abs(value) * factor + 0.5 + 1e-9)) / factor * (1 if value >= 0 else -1)


def format_number(value: float, decimals: int = 2) -> str:
    """Shortest readable form: 19.0 -> '19', 0.2119785 -> '0.21' at 2 decimals."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def cn_ordinal(token: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23; 0 if ``token`` is not a small ordinal (1–99)."""
    if not token or any(ch not in ORDINAL_CHARS for ch in token) or token.count("十") > 1:
        return 0
    if "十" not in token:
        return CN_DIGITS[token] if len(token) == 1 else 0
    tens, _, ones = token.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return 0
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def to_chinese_numeral(n: int) -> str:
    """0 → 零, 3 → 三, 10 → 十, 12 → 十二, 23 → 二十三 (0–99); other numbers as digits."""
    if not 0 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    digits = "零一二三四五六七八九"
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


# A count of periods is a span of time, not a figure: 后三个季度 / 3个工作日 / 两个星期 (个 then one of these).
DURATION_AFTER_GE = ("季度", "工作日", "星期", "礼拜", "年度", "半月")


def is_duration(after_ge: str) -> bool:
    """Whether the words right after a count's 个 make it a span of time (``季度还需…`` → True)."""
    return after_ge.startswith(DURATION_AFTER_GE)


# -- numbers written as words: proportions, doublings, bare magnitudes -----------------------------------------

# 成 after a numeral is a tenth (两成 = 20%; 九成五 = 95%) unless it starts a word (三成员 would be 3 members; 成果,
# 成本 …).
_CHENG_NOT_BEFORE = "员果本立为功熟效就交品都型长套绩批"
_NUMERAL_WORD = r"[零〇一二两三四五六七八九十百千]+|\d{1,4}(?:\.\d+)?"
NUMBER_WORD_RE = re.compile(
    rf"(?P<cheng>[一二两三四五六七八九]|十)成(?:(?P<cheng_d>[一二三四五六七八九])(?=以上|以下|左右|的|[，,。；;、)）]|$)|(?P<cheng_h>半))?"
    rf"(?![{_CHENG_NOT_BEFORE}])"
    r"|(?P<half>过半|半数以上|一半|半数)"
    r"|百分之(?P<pct>(?:[零〇一二两三四五六七八九十百]+|\d{1,3})(?:点[零〇一二三四五六七八九]+|\.\d+)?)"
    rf"|(?P<den>{_NUMERAL_WORD})分之(?P<num>{_NUMERAL_WORD})"
    r"|翻了?(?P<fan>[一两二三]?)番(?P<fan_more>多)?"
    r"|(?:(?P<mult>[一二两三四五六七八九])(?=(?:千万|百万|亿|万|千|百)(?:余|多)))?"
    r"(?P<mag>千万|百万|十亿|百亿|千亿|万亿|亿|万|千|百)(?P<mag_more>余|多)?(?P<mag_unit>元|家|人|项|个|户|名|场|件|次)"
)


class NumberWord(NamedTuple):
    """A number written in words: its value in the base unit, the unit, its step and the hedge it implies."""

    value: float
    unit: str  # "%" for proportions and doublings, else the measure word (元 / 家 …)
    step: float  # one unit of the stated precision: 10 for 两成, 5 for 三分之一 (as %), the magnitude for 千万元
    hedge: str | None  # 过半 → 超; a bare 两成 or 三分之一 is rounded (约); None when exact
    growth: bool = False  # 翻一番: a doubling, i.e. growth of 100%


def _word_number(token: str) -> float | None:
    if token[0].isdigit():
        return float(token)
    whole, _, frac = token.partition("点")
    value = parse_chinese_numeral(whole) if whole else 0
    if value is None or any(ch not in CN_DIGITS for ch in frac):
        return None
    return value + float("0." + "".join(str(CN_DIGITS[ch]) for ch in frac)) if frac else float(value)


def read_number_word(m: re.Match[str]) -> NumberWord | None:
    """The value of a :data:`NUMBER_WORD_RE` match; None when its numerals do not parse (or divide by zero)."""
    if m.group("cheng"):
        tenths = parse_chinese_numeral(m.group("cheng"))
        if tenths and m.group("cheng_d"):  # 九成五 = 95%, stated to the percent
            return NumberWord(float(tenths) * 10 + CN_DIGITS[m.group("cheng_d")], "%", 1.0, None)
        if tenths and m.group("cheng_h"):  # 一成半 = 15%
            return NumberWord(float(tenths) * 10 + 5, "%", 5.0, "约")
        return NumberWord(float(tenths) * 10, "%", 10.0, "约") if tenths else None
    if m.group("half"):
        word = m.group("half")
        if word in ("过半", "半数以上"):
            return NumberWord(50.0, "%", 50.0, "超")  # anything over half, not just a little over
        return NumberWord(50.0, "%", 10.0, "约")
    if m.group("den"):
        den, num = _word_number(m.group("den")), _word_number(m.group("num"))
        if not den or num is None:
            return None
        return NumberWord(round(100 * num / den, 4), "%", 5.0, "约")  # 约三分之一: a reader's third, 31-36%
    if m.group("pct"):
        token = m.group("pct")
        value = _word_number(token)
        if value is None:
            return None
        decimals = len(re.split("[点.]", token, maxsplit=1)[1]) if re.search("[点.]", token) else 0
        return NumberWord(value, "%", 10.0**-decimals, None)
    if m.group(0).startswith("翻"):
        times = {"": 1, "一": 1, "两": 2, "二": 2, "三": 3}[m.group("fan")]
        # 翻了一番多: more than doubled (growth past 100%, short of the next doubling)
        more = "多" if m.group("fan_more") else None
        return NumberWord(100.0 * (2**times - 1), "%", 100.0 if more else 1.0, more, growth=True)
    magnitude = parse_chinese_numeral("一" + m.group("mag"))  # 千万 → 10,000,000; 十亿 → 1,000,000,000
    hedge = "余" if m.group("mag_more") else None  # 千余项: a thousand and some
    times = CN_DIGITS[m.group("mult")] if m.group("mult") else 1  # 两千余家: two thousand and some, not 千余家
    return NumberWord(float(times * magnitude), m.group("mag_unit"), float(magnitude), hedge) if magnitude else None
