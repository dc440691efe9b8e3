"""Totals and their parts: how a report names a sum (合计 / 共), the parts it adds (省级2家、市级5家), what is left
of a total (其余 / 尚未 / 以外), and a figure stated as the premise of a computation (按…推算).

The derivations in :mod:`scribe.figures.derive` read these words; the tables live here once.
"""

from __future__ import annotations

import re

# The words that join the parts a total names, and the total's own cue (省级和市级研发中心合计 / 雏鹰、瞪羚企业共).
PART_SPLIT_RE = re.compile(r"和|与|及|以及|、|加上|合计|共计|总计|共")
# A total's cue at the end of the words before its figure: 合计576家 / 共有…7家.
TOTAL_CUE_RE = re.compile(r"(?:共计|合计|总计|一共|总共|共|累计|总数)[^，,；;。]{0,12}$")
# Short part names are split at 、; at 和 / 及 / 与 only where no 、 lists them and both sides are words of their own
# (研发费用后补助和高企奖励合计), since 和 may open a name (和平镇、定远镇).
NAME_SPLIT_RE = re.compile(r"、")
WORD_JOINER_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:和|及|与)(?=[\u4e00-\u9fff]{2})")
# The rest of a total, named before the figure: 其余12家 / 尚未运作的12支 / 前10家以外的… / 除输出技术合同外的….
REMAINDER_CUE_RE = re.compile(
    r"(?:(?:尚未|未|其余|其他|剩余|余下|另有|还有|尚有|仍有|其他的)[^，,；;。]{0,12}|(?:以外|之外)[^，,；;。]{0,16}|除[^，,；;。]{1,16}外[^，,；;。]{0,12})$"
)
# 5项尚未完成 / 6条未解决: the rest of a total, said after the figure.
REMAINDER_AFTER_RE = re.compile(r"\s?[\u4e00-\u9fff]{0,3}?(?:尚未|仍未|还未|未|没有)")
# 前10家以外的企业…占 / 其余企业占: a share of what a stated share leaves of the same whole (100% minus it).
COMPLEMENT_CUE_RE = re.compile(r"以外|之外|其余|其他|剩余|余下|除[^，,；;。]{1,16}外")
# 按同比增长25.7%推算，2023年…约70家: a rate stated as the premise of a computation (before it 按, after it 推算).
PREMISE_BEFORE_RE = re.compile(r"(?:^|[，,；;。\n])\s?(?:按|按照|依|依据)[^，,；;。\d]{0,10}$")
PREMISE_AFTER_RE = re.compile(r"[^，,；;。\d]{0,4}?(?:推算|计算|测算|估算)")


def split_parts(words: str) -> list[str]:
    """The pieces of ``words`` between part joiners and total cues (省级和市级研发中心合计 → 省级, 市级研发中心)."""
    return PART_SPLIT_RE.split(words)


def total_cued(words: str) -> bool:
    """Whether the words before a figure end on a total's cue (…三镇街合计 / 共有)."""
    return TOTAL_CUE_RE.search(words) is not None


def listed_part_keys(clause: str) -> list[str]:
    """The short names of the parts a total lists (顺德北滘、容桂、大良三镇街…合计 → 北滘, 容桂, 大良): the first
    part's last two characters, a middle part whole, the last part's first two; empty unless two or more are listed
    before the total's cue, or when two keys are the same."""
    head = TOTAL_CUE_RE.split(clause)[0] if TOTAL_CUE_RE.search(clause) else ""
    words = re.sub(r"[^\u4e00-\u9fff、]", "", head)
    pieces = [p for p in NAME_SPLIT_RE.split(words) if p]
    joined = len(pieces) == 1
    if joined:
        pieces = [p for p in WORD_JOINER_RE.split(words) if p]
    if len(pieces) < 2 or any(len(p) < 2 for p in pieces):
        return []
    keys = [pieces[0][-2:], *(p if len(p) <= 4 else p[:2] for p in pieces[1:-1]), pieces[-1][:2]]
    if joined and any(k in p for i, k in enumerate(keys) for j, p in enumerate(pieces) if i != j):
        return []  # 国家级孵化器和国家级众创空间: 国家 names both parts, so it singles out neither
    return keys if len(set(keys)) == len(keys) else []


def remainder_cued(clause: str, after: str = "") -> bool:
    """Whether a figure is the rest of a total: a cue in its clause before it (其余12家), or after it (5项尚未完成)."""
    return REMAINDER_CUE_RE.search(clause) is not None or (bool(after) and REMAINDER_AFTER_RE.match(after) is not None)


def complement_cued(words: str) -> bool:
    """Whether a share's words name what another share leaves of the whole (前10家以外的企业占 / 其余企业占)."""
    return COMPLEMENT_CUE_RE.search(words) is not None


def premise_of_computation(text: str, start: int, end: int) -> bool:
    """Whether the figure at ``text[start:end]`` is the premise of a computation (按同比增长25.7%推算): 按 within the
    12 characters before it, 推算 right after it."""
    return (
        PREMISE_BEFORE_RE.search(text, max(0, start - 12), start) is not None
        and PREMISE_AFTER_RE.match(text, end) is not None
    )
