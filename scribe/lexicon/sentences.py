"""Sentences, items and clauses of Chinese report text: where one statement ends and the next begins.

Three grains, each a superset of the boundaries of the one before:

* a **sentence** ends at 。！？ (and their ASCII forms) or a line break;
* an **item** also ends at ；: reports list their results as ``…；…；…。``, and each item is a statement of its own;
* a **clause** also ends at ，、：.

Chunking cuts at sentence ends with more care (closing quotes stay with their sentence, OCR's ``2o`` for
``2。``, a colon that is not inside a time such as 10:30): :data:`SENTENCE_CUT_RE`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SENTENCE_ENDS = "。！？!?"
INNER_ENDS = "；;，,、：:"  # where a clause ends inside a sentence
ITEM_ONLY_ENDS = "；;"  # where an item ends and its sentence goes on
ITEM_ENDS = SENTENCE_ENDS + ITEM_ONLY_ENDS
# Words that open a sentence breaking down the figure of the one before, which goes on under its period and area
# (1-5月，…成交额68.35亿元。其中吸纳…21.7亿元: also 1-5月).
BREAKDOWN_LEADS: tuple[str, ...] = ("其中",)
CLAUSE_ENDS = SENTENCE_ENDS + INNER_ENDS
# Words after which a statement cannot stop: a line a PDF broke short there (…较2024年的 / …投入强度为) goes on in
# the next line. Only words no title or heading ends with; a clause mark left open (，、) says the same.
OPEN_END_WORDS: tuple[str, ...] = ("的", "为", "较", "比", "较上年", "与", "及", "和", "达", "达到", "至", "占", "对")
OPEN_END_MARKS = "，,、"
CLOSING_QUOTES = "”’」』\"'"

SENTENCE_RE = re.compile(rf"[^{SENTENCE_ENDS}\n]+[{SENTENCE_ENDS}]?")
ITEM_RE = re.compile(rf"[^{ITEM_ENDS}\n]+[{ITEM_ENDS}]?")
SENTENCE_BOUNDARY_RE = re.compile(rf"[{SENTENCE_ENDS}\n]+")
CLAUSE_SPLIT_RE = re.compile(rf"[{CLAUSE_ENDS}\n]")

# Where a chunk may end: after 。！？； (with any closing quote), after line breaks, after OCR's "2o" for "2。",
# and after ：: that is not between digits. One leading character class lets the regex engine skip ahead fast.
SENTENCE_CUT_RE = re.compile(
    rf"[{ITEM_ENDS}\noO：:](?:(?<=[{ITEM_ENDS}])[{ITEM_ENDS}]*[{CLOSING_QUOTES}]?|(?<=\n)\n*"
    r"|(?<=\d[oO])(?=[\u4e00-\u9fff（(])|(?<=[：:])(?<!\d[：:])(?!\d))"
)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, empty ones left out."""
    return [s for m in SENTENCE_RE.finditer(text) if (s := m.group().strip())]


def items(text: str) -> list[str]:
    """The ；-separated items of ``text`` (each sentence, or each part of a listing sentence), stripped."""
    return [s for m in ITEM_RE.finditer(text) if (s := m.group().strip())]


def clauses(text: str) -> list[str]:
    """The clauses of ``text`` (split at every clause, item and sentence end), stripped, empty ones left out."""
    return [c for part in CLAUSE_SPLIT_RE.split(text) if (c := part.strip())]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``, its closing mark (，；。…) included; blank clauses left out."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in CLAUSE_SPLIT_RE.finditer(text):
        if text[pos : m.start()].strip():
            spans.append((pos, m.end() if text[m.start()] != "\n" else m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def broken_down_sentence(text: str, start: int) -> tuple[int, int] | None:
    """(start, end) in ``text`` of the sentence that the one at ``start`` breaks down, when that one opens with a
    breakdown lead after a sentence end (…成交额68.35亿元。其中吸纳…: the 成交额 sentence), else None. Its period, area
    and indicator go on into the breakdown; a heading line without a sentence end above 其中 is not what it breaks
    down."""
    if not text[start:].lstrip().startswith(BREAKDOWN_LEADS):
        return None
    before = text[:start].rstrip()
    if before[-1:] not in SENTENCE_ENDS:
        return None
    begin = max(before.rfind(c, 0, len(before) - 1) for c in (*SENTENCE_ENDS, "\n")) + 1
    while begin < len(before) and before[begin].isspace():
        begin += 1
    if begin >= len(before) - 1:
        return None
    return begin, len(before)


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of each sentence; a sentence's end includes its 。 but not a line break."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in SENTENCE_BOUNDARY_RE.finditer(text):
        if m.start() > pos:
            starts.append(pos)
            ends.append(m.start() + (1 if text[m.start()] != "\n" else 0))
        pos = m.end()
    if pos < len(text):
        starts.append(pos)
        ends.append(len(text))
    if not starts:
        starts, ends = [0], [len(text)]
    return starts, ends


# A question listing what it asks about: 研发投入、高企和技术合同的目标分别是什么.
_ENUMERATION_PREDICATE_RE = re.compile(
    r"(?:的)?(?:目标|任务|指标|数据|情况|完成情况|数量|增速|分别|各|都|是|有|为|如何|怎样|多少)"
)
# Where a list of things asked about is cut: 研发投入、高企和技术合同 / 洞头区和青田县 / A以及B.
LIST_JOINER_RE = re.compile(r"、|以及|及|和|与|跟")
_ENUMERATION_LEAD_RE = re.compile(r"^.*[，,：:]|^.*?(?:中|里|提出的|提到的|要求的|对)")
_ENUMERATED_MIN = 2


def list_spans(text: str, keep: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each item of a list ``text`` holds, cut at its joiners (、 / 和 / 及 / 与 …); a joiner inside
    one of the ``keep`` spans (a name such as 和平区) cuts nothing. One span, the whole text, when it lists nothing."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in LIST_JOINER_RE.finditer(text):
        if any(a <= m.start() < b for a, b in keep):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def enumerated_subjects(clause: str) -> list[str]:
    """The things a clause lists to be asked about one by one (``研发投入、高企和技术合同目标是什么`` → 研发投入 /
    高企 / 技术合同), or [] when it lists fewer than two."""
    lead = _ENUMERATION_LEAD_RE.match(clause)
    body = clause[lead.end() :] if lead else clause
    cut = next(
        (m.start() for m in _ENUMERATION_PREDICATE_RE.finditer(body) if LIST_JOINER_RE.search(body[: m.start()])),
        None,
    )
    if cut is None:
        return []
    parts = [body[a:b].strip() for a, b in list_spans(body[:cut])]
    if len(parts) < _ENUMERATED_MIN or any(len(p) < 2 for p in parts):
        return []
    return parts


# A scope a clause opens with: 在特种不锈钢产业链成果转化工作中收集了34项技术需求 counts 技术需求, not 成果转化.
# What the frame names is where the figure belongs, not what it measures; ≥2 characters must follow it.
SCOPE_FRAME_RE = re.compile(
    r"^.*?(?:(?:工作|活动|行动|过程|环节|领域)(?:中(?!心)|里)|方面)(?=[\u4e00-\u9fffA-Za-z]{2})"
)


def strip_scope_frame(segment: str) -> str:
    """``segment`` without the scope it opens with (``…工作中`` / ``…方面`` / ``…领域中``)."""
    return SCOPE_FRAME_RE.sub("", segment, count=1)


# A lead-in that says where a statement comes from (根据国家统计局发布的统计公报，…): what follows it still opens the
# sentence, so a year right after it dates every clause of the sentence.
ATTRIBUTION_LEAD = r"(?:根据|据|按照|经)[^，,；;。]{0,30}[，,]"


# A count right after the verb or preposition of an action done for what it counts (为44家科技型企业授信 / 指导5家企业
# 申报): the noun after the count is what is counted, the words before it are the action.
COUNTED_AFTER_RE = re.compile(r"(?:为|帮助|帮|助力|指导|引导|推动|组织|支持|服务|向|给)\s?$")


def counts_what_follows(segment: str) -> bool:
    """Whether a count at the end of ``segment`` counts the noun after it rather than what ``segment`` names."""
    return COUNTED_AFTER_RE.search(segment) is not None


def ends_open(line: str) -> bool:
    """The line stops where its statement cannot (a word of :data:`OPEN_END_WORDS` or a clause mark)."""
    line = line.rstrip()
    return bool(line) and (line[-1] in OPEN_END_MARKS or line.endswith(OPEN_END_WORDS))
