"""Heading schemes and section roles of 公文-style reports.

Markers, by level: ``一、`` (1), ``（一）`` (2), ``1.`` / ``1、`` (3), ``（1）`` (4), and the inline enumeration
``一是…二是…``. Where a heading sits in the hierarchy is found by ``vectorstore.structure``; this module says what
the markers look like and what a heading's words say its section is: a review of what was done, the problems, or
the plan for the next period. A heading that says none of these has no role (``None``): unknown, not "review".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from scribe.lexicon.numerals import ORDINAL_CHARS, to_chinese_numeral
from scribe.lexicon.sentences import ITEM_ENDS

_O = f"[{ORDINAL_CHARS}]"
# A heading marker at the start of a title (一、 / （一） / 1.), and one of a heading or an enumerated item (also 一是).
_HEADING_MARKER = rf"{_O}{{1,3}}、|[（(]\s*(?:{_O}{{1,3}}|\d{{1,2}})\s*[）)]|\d{{1,2}}\s*[.、．](?!\d)"
HEADING_MARKER_RE = re.compile(rf"^\s*(?:{_HEADING_MARKER})\s*")
# The one item-marker rule, for titles, clauses and sentences alike: a heading marker or 一是, after a bullet (- / •).
# 1.5亿元 opens with a figure, not item 1; 1） without its opening bracket is no marker either.
ITEM_MARKER = rf"(?:[-•·]\s*)?(?:{_O}{{1,3}}是|{_HEADING_MARKER})"
LEADING_MARKER_RE = re.compile(rf"^\s*{ITEM_MARKER}\s*")
# A heading marker anywhere (a line of a PDF that starts a heading).
HEADING_START_RE = re.compile(rf"{_O}{{1,3}}、|[（(]\s*(?:{_O}{{1,3}}|\d{{1,3}})\s*[）)]|\d{{1,2}}[.．、](?!\d)")
# A level-1 heading in running text, with its title.
LEVEL1_HEADING_RE = re.compile(rf"(?:^|(?<=[。\n\s!?！？])){_O}{{1,3}}、\s*(?P<title>[^\n。，,;；(（]{{2,40}})")
# Inline enumeration 一是/二是…; not after characters that make 一是 part of a word (统一是, 唯一是).
_NOT_BEFORE_ENUMERATION = "统唯同第万单不划均专"
ENUMERATION_RE = re.compile(rf"(?<![{_NOT_BEFORE_ENUMERATION}]){_O}是")
ENUMERATION_TITLE_STOP = rf"(?<![{_NOT_BEFORE_ENUMERATION}]){_O}是(?![否非])"

# A heading on a line of its own without a marker (Word headings read as plain lines: 2026年工作思路 / 存在的问题);
# only a line whose words give it a strong role (``bare_heading_role``) counts as one.
BARE_HEADING_LINE_RE = re.compile(r"(?m)^[ \t#]*(?P<title>[^\s，,。；;：:、（()）|]{2,20})[ \t]*$")
# An annex opens a part of its own after the plan: 附件：…2025年一季度主要指标完成情况表 (its title says what it holds).
ANNEX_LINE_RE = re.compile(r"(?m)^[ \t#]*附件\s*\d{0,2}\s*[：:]?\s*(?P<title>[^\n]{2,60}?)[ \t]*$")
# Where a heading's title ends when the body runs on after it: 一、亮点工作。… / （一）企业培育：…
TITLE_END_RE = re.compile(rf"[{ITEM_ENDS}：:\n]")


def numbered(kind: str, n: int) -> str:
    """Marker of the ``n``-th heading of a kind: numbered("（一）", 3) == "（三）"; "" for an unknown kind."""
    cn = to_chinese_numeral(n)
    forms = {"一、": f"{cn}、", "（一）": f"（{cn}）", "1.": f"{n}.", "（1）": f"（{n}）", "一是": f"{cn}是"}
    return forms.get(kind, "")


def strip_marker(title: str) -> str:
    """``（二）聚力科创平台建设`` → ``聚力科创平台建设``."""
    return LEADING_MARKER_RE.sub("", title, count=1)


class SectionRole(StrEnum):
    REVIEW = "review"  # what was done: 工作情况 / 主要成效 / 亮点
    PROBLEMS = "problems"  # 存在问题 / 不足 / 短板
    PLAN = "plan"  # 下步工作思路 / 工作计划 / 工作要点


# Words that decide a heading's role; in a heading with several, the first one decides
# (存在问题及下步打算 → problems; 上半年工作情况及下半年工作思路 → review).
ROLE_WORDS: dict[SectionRole, tuple[str, ...]] = {
    SectionRole.PLAN: ("计划", "思路", "打算", "安排", "要点", "谋划", "下一步", "下步", "下阶段", "展望"),
    SectionRole.REVIEW: ("总结", "情况", "进展", "成效", "回顾", "完成", "亮点", "成绩"),
    SectionRole.PROBLEMS: ("问题", "不足", "短板", "困难", "差距", "薄弱", "瓶颈"),
}
# The nouns a report's title ends with: …工作总结 / …工作计划 / …工作要点.
REPORT_TITLE_WORDS = ("总结", "计划", "思路", "打算", "要点", "谋划", "报告", "汇报", "安排")
# Words that end a progress report's title standing alone at the top (2026年1-10月科技工作进展情况): too common
# inside a report (主要指标完成情况) to start a new part, but the first line that ends with one is its title.
PROGRESS_TITLE_WORDS = ("进展情况", "进展", "开展情况", "工作情况")

# Weaker words, read only when no word above is present: 三、重点工作 / 三、下半年主要举措 are plans,
# 一、主要工作举措 a review; 重点工作进展情况 is a review because 进展 decides first.
WEAK_ROLE_WORDS: tuple[tuple[SectionRole, tuple[str, ...]], ...] = (
    (
        SectionRole.PLAN,
        (
            "重点工作",
            "重点任务",
            "目标任务",
            "主要目标",
            "总体目标",
            "工作目标",
            "发展目标",
            "主要任务",
            "保障措施",
            "工作重点",
            "下半年",
            "明年",
            "来年",
        ),
    ),
    (SectionRole.REVIEW, ("举措", "措施", "做法", "工作开展", "主要工作")),
)
_QUOTED_NAME_RE = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"|「[^」]*」")
_ROLE_RE = re.compile("|".join(w for words in ROLE_WORDS.values() for w in sorted(words, key=len, reverse=True)))
_ROLE_OF_WORD = {w: role for role, words in ROLE_WORDS.items() for w in words}


def _unquoted(title: str) -> str:
    # 深化科技企业“森林计划” names a programme; it is not a plan heading
    return _QUOTED_NAME_RE.sub("", title)


def heading_role(title: str) -> SectionRole | None:
    """The role a heading's words give its section; None when they give none."""
    strong = strong_role(title)
    if strong is not None:
        return strong
    text = _unquoted(title)
    for role, words in WEAK_ROLE_WORDS:
        if any(w in text for w in words):
            return role
    return None


def path_role(section_path: Sequence[str]) -> SectionRole | None:
    """The role of the section a heading path ends in: its innermost heading's, except that a weak word (重点工作 /
    举措) yields to an outer heading that names one role only, in a strong word (一、2025年主要工作成效 >
    （二）重点工作 is a review; 二、上半年情况和下半年打算 > （二）重点工作 still a plan)."""
    for i in range(len(section_path) - 1, -1, -1):
        title = section_path[i]
        role = heading_role(title)
        if role is None:
            continue
        if strong_role(title) is not None:
            return role
        outer = next((t for t in reversed(section_path[:i]) if strong_role(t) is not None), None)
        return strong_role(outer) if outer is not None and len(roles_named(outer)) == 1 else role
    return None


def strong_role(title: str) -> SectionRole | None:
    """The role a heading's own role words give it, the weak words (重点工作 / 举措) not read; None without one."""
    first = _ROLE_RE.search(_unquoted(title))
    return _ROLE_OF_WORD[first.group()] if first else None


def roles_named(title: str) -> set[SectionRole]:
    """Every role a report title names: ``2023年工作总结及2024年工作计划`` → {REVIEW, PLAN}; weak words count only
    when no strong one is there (``2024年重点工作`` → {PLAN})."""
    text = _unquoted(title)
    roles = {_ROLE_OF_WORD[m.group()] for m in _ROLE_RE.finditer(text)}
    if not roles:
        roles = {role for role, words in WEAK_ROLE_WORDS if any(w in text for w in words)}
    return roles


def bare_heading_role(line: str) -> SectionRole | None:
    """The role of a line read as a heading without a marker: its strong role words only, never on a line that opens
    with an item marker or a figure (1.聚焦… / 2025年…亿元)."""
    if LEADING_MARKER_RE.match(line) or re.search(r"\d(?!\d{0,3}年)", line):
        return None
    return strong_role(line)


def weak_plan_before_plan(title: str, later_titles: list[str]) -> bool:
    """A heading that is a plan by a weak word only (二、重点工作), followed in the same report by a heading that is a
    plan by a strong one (三、第四季度工作打算): the plan is the later section; the earlier one reviews the key tasks."""
    if strong_role(title) is not None or heading_role(title) is not SectionRole.PLAN:
        return False
    return any(strong_role(t) is SectionRole.PLAN for t in later_titles)


def is_problem_text(text: str) -> bool:
    """Whether a heading or question is about problems (存在问题 / 短板 / 不足 …)."""
    return any(w in text for w in ROLE_WORDS[SectionRole.PROBLEMS])


# What a report says it is, in its opening when it has no title line: ``现将科技局上半年工作进展情况汇报如下``.
REPORT_SUBJECT_RE = re.compile(r"现将(?P<subject>[^。，,：:；;]{2,30}?)(?P<verb>汇报|报告|报送|总结|通报)如下")


def report_subject(text: str) -> str | None:
    """The subject a report's opening gives itself (``科技局上半年工作进展情况``; ``半年度工作总结``), or None."""
    found = REPORT_SUBJECT_RE.search(text)
    if not found:
        return None
    subject = found.group("subject").strip()
    return subject + "总结" if found.group("verb") == "总结" and not subject.endswith("总结") else subject


# A list item that opens on a short label sentence (- **科技型中小企业。** 1-6月评价入库187家 / （二）技术合同。1-6月…):
# the label is the line's text before the sentence a figure stands in, a bullet or marker before it.
_LINE_LABEL_RE = re.compile(
    rf"^\s*(?:[-•·*]\s*)?(?:{_HEADING_MARKER})?\s*(?P<label>[\u4e00-\u9fffA-Za-z&]{{2,10}})[。．.：:]\s*$"
)


def line_label(line_before: str) -> str | None:
    """The label a list item's line opens on, given the line's text before a sentence (None without one)."""
    m = _LINE_LABEL_RE.match(line_before)
    return m.group("label") if m else None
