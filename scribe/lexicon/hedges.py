"""Hedges and modality: 约/近/超/余/以上 around a figure, and the words that make it a target, an estimate or a result.

A hedge's direction says how a reader takes it: 约 rounds, 超/以上 mean at or above, 近/不足 at or below, 多/余 between
the number and its next step. A target cue (力争/确保/计划…) makes a figure a plan, not an achievement.
"""

from __future__ import annotations

import re
from enum import StrEnum


class HedgeDirection(StrEnum):
    ROUND = "round"  # 约 3.4亿元: 3.35–3.45亿元
    ABOVE = "above"  # 超 3.4亿元: at or a little above
    BELOW = "below"  # 近 3.4亿元: at or a little below
    STEP = "step"  # 180多个: 181–189


# Words before a number and their canonical hedge, longest first where one contains another.
PRE_HEDGES: tuple[tuple[str, str], ...] = (
    ("不少于", "不少于"),
    ("不低于", "不少于"),
    ("至少", "不少于"),
    ("大约", "约"),
    ("将近", "近"),
    ("接近", "近"),
    ("超过", "超"),
    ("突破", "突破"),
    ("不足", "不足"),
    ("不到", "不足"),
    ("约", "约"),
    ("近", "近"),
    ("超", "超"),
    ("逾", "超"),
)
# One-character hedges that are part of a word when this character stands before them (签约, 最近, 赶超).
NOT_A_HEDGE_AFTER = {"约": "签节合预制特条契公", "近": "最附邻靠贴", "超": "赶高"}
# Words after a number.
POST_HEDGE_RE = re.compile(r"\s?(以上|以下|左右|之多|上下)")
# 多/余 between the number and its unit: 180多家, 十余次.
STEP_HEDGES = frozenset({"多", "余"})
# 多 after 倍 (两倍多 / 2倍多): more than that many times, less than the next (a step hedge, like 180多家);
# not the 多 of a word that follows (2倍多元化).
TIMES_STEP_AFTER_RE = re.compile(r"多(?![元样种方项])")

HEDGE_DIRECTIONS: dict[str, HedgeDirection] = {
    "约": HedgeDirection.ROUND,
    "左右": HedgeDirection.ROUND,
    "上下": HedgeDirection.ROUND,
    "超": HedgeDirection.ABOVE,
    "突破": HedgeDirection.ABOVE,
    "以上": HedgeDirection.ABOVE,
    "不少于": HedgeDirection.ABOVE,
    "近": HedgeDirection.BELOW,
    "不足": HedgeDirection.BELOW,
    "以下": HedgeDirection.BELOW,
    "多": HedgeDirection.STEP,
    "余": HedgeDirection.STEP,
}


def hedge_direction(hedge: str | None) -> HedgeDirection | None:
    """The direction of a canonical hedge; None for no hedge and for 之多 (an emphasis, not a range)."""
    return HEDGE_DIRECTIONS.get(hedge) if hedge else None


def pre_hedge(text: str, start: int) -> str | None:
    """The canonical hedge written just before offset ``start`` (``超过3家`` → 超), None if there is none."""
    head = text[max(0, start - 5) : start].rstrip()
    for word, canon in PRE_HEDGES:
        if head.endswith(word):
            before = head[-len(word) - 1 : -len(word)] if len(head) > len(word) else ""
            if before and before in NOT_A_HEDGE_AFTER.get(word, ""):
                return None
            return canon
    return None


_SHARE_HEDGE_RE = re.compile(
    rf"({'|'.join(re.escape(w) for w, _ in PRE_HEDGES)})(占|相当于)?([\u4e00-\u9fff]{{1,12}}?的)\s?$"
)


# 已过年度目标六成 / 超过全年任务三分之一: a hedge (过 too, before a target) with the target right after it, no 的.
_TARGET_SHARE_HEDGE_RE = re.compile(
    rf"(?<![通经不越跨])({'|'.join(re.escape(w) for w, _ in PRE_HEDGES)}|过)((?:全年|年度|年初)?(?:目标|任务|计划)(?:任务)?)\s?$"
)


# 其中技术开发合同成交额2.05亿元，约占六成: a share whose words before it are only its verb (and a hedge) names no
# subject of its own; it is the share of the figure before it in its sentence.
_SUBJECTLESS_SHARE_RE = re.compile(rf"(?:{'|'.join(re.escape(w) for w, _ in PRE_HEDGES)})?(?:占比?|比重)(?:为|达到?)?")


def subjectless_share(metric: str) -> bool:
    """Whether a share's metric is its verb alone (约占 / 占比达): what it is a share of is said before it."""
    return _SUBJECTLESS_SHARE_RE.fullmatch(metric) is not None


def share_hedge(segment: str) -> tuple[str, str | None]:
    """约占苏州全市的17% / 接近苏州全市的两成: a hedge before a share's verb or its base is the share's own hedge;
    已过年度目标六成: 过 before a target too (超).

    Returns the words before the share with the hedge read as 占 (…研发投入占苏州全市的), and the canonical hedge;
    ``segment`` unchanged and None when it has no such hedge.
    """
    m = _SHARE_HEDGE_RE.search(segment)
    if m is None:
        t = _TARGET_SHARE_HEDGE_RE.search(segment)
        if t is None:
            return segment, None
        canon = "超" if t.group(1) == "过" else dict(PRE_HEDGES)[t.group(1)]
        return segment[: t.start()] + "占" + t.group(2), canon
    word = m.group(1)
    before = segment[m.start() - 1 : m.start()]
    if before and before in NOT_A_HEDGE_AFTER.get(word, ""):
        return segment, None
    canon = dict(PRE_HEDGES)[word]
    return segment[: m.start()] + (m.group(2) or "占") + m.group(3), canon


# Words that make what follows a target, an estimate or a result, as bare words (stripped from a metric's name).
TARGET_WORDS = ("力争", "确保", "争取", "力求", "预期", "目标是", "目标为", "计划", "预计", "拟")
ACHIEVED_WORDS = ("已经", "已", "实际")
HEDGE_WORDS = tuple(word for word, _canon in PRE_HEDGES)

# A figure stated as a target: 力争 / 确保 / 目标是 / 计划新增 … (计划 only where it plans, not in 科技计划项目; 争取 not
# where it obtains a resource: 帮助企业争取贷款超亿元 / 争取上级资金 / 争取小升高补助资金50万元 report what was obtained).
TARGET_CUE_RE = re.compile(
    r"力争|确保|争取(?!贷款|资金|项目|上级|省级|中央|政策|补助|奖补|经费|支持|[^，,；;。\d]{0,12}?(?:资金|补助|奖补|经费|贷款))|力求|预期|目标是|目标为|为目标|目标[:：]|任务是|拟|计划(?=在|于|到|新增|新引进|新建|新培育|新招引|实现|完成|达到|建成|引进|培育|招引|搭建|举办|开展|投入|申报|全年|年内|今年|明年|上半年|下半年|第?[一二三四]季度|年底|年末|\d{4}年|\d{1,2}月|X)"
    r"|(?<!科技)(?<!人才)(?<!引智)计划(?=[\u4e00-\u9fff]{2,14}?(?:达到|突破|增长|实现|新增|不少于|不低于|力争))"
    r"|预计(?=\s?(?:全年|年内|年底|今年|明年|到|\d{4}年))"
    r"|(?:目标|任务)(?:任务|值|数|量)?(?:为|是)?(?=[（(]?\s?(?:约|近|超过?|达到?|突破|不低于|不少于|\d|[一二两三四五六七八九十]|$))"
    r"|要求(?=\s?(?:全年|年内|年底|达到|实现|完成|新增|新引进|新建|新培育|新招引|不低于|不少于))|提出(?=[，,：:]|\s?(?:全年|年内|年底|到|力争|目标|新增|实现|达到))"
)
# A figure the words right after it call a target: 全年8.6亿元目标 / 入库40家的目标 / 3.5亿元以上的目标任务.
TARGET_AFTER_RE = re.compile(r"\s?(?:以上|左右)?(?:的)?\s?(?:年度|全年)?(?:目标|任务目标|目标任务)(?!完成|值完成|实现)")
# 完成全年11亿元任务的81.1% / 距全年11亿元任务还差…: a figure between 全年/年度 and 任务 is the year's target
# (bare 任务 after a count is not: 完成5项任务).
YEAR_TASK_BEFORE_RE = re.compile(r"(?:全年|年度)\s?$")
YEAR_TASK_AFTER_RE = re.compile(r"\s?的?(?:任务|任务目标)(?!完成)")
# 完成全年55亿元技术合同成交额目标: the words between a figure and the 目标 after it name what it targets.
NAMED_TARGET_AFTER_RE = re.compile(
    r"\s?(?:以上|左右)?的?(?P<what>[\u4e00-\u9fffA-Za-z&]{2,12}?)的?(?:年度|全年)?(?:目标|任务目标|目标任务)(?!完成|值完成|实现)"
)
# 完成年度任务过半 / 完成全年目标的51.7% / 完成率: a share right after the target a result is measured against is how far
# the result went (achieved, a completion rate), not the target (完成全年目标11.9亿元 still names the target).
# The one rule for both the modality of such a share (extract) and its kind, COMPLETION (metric).
COMPLETION_RATE_RE = re.compile(r"完成率|完成进度")
# What a completion rate's metric says after its subject: 技术合同成交额全年目标 / 入库完成目标 / 研发费用完成率.
_COMPLETION_TAIL_RE = re.compile(
    r"(?:完成(?:了)?)?(?:全年|年度|年初|今年|省定|市定|县定|区定|上级下达)?(?:目标|任务|目标任务|计划)(?:任务)?$"
    r"|完成率$|完成进度$"
)


def completion_subject(metric: str) -> str:
    """The subject of a completion rate, its target words dropped (技术合同成交额全年目标 → 技术合同成交额), so that
    完成全年目标的49.2% and 完成目标近一半 name the same thing; the metric itself when nothing else is left."""
    return _COMPLETION_TAIL_RE.sub("", metric) or metric


# A figure stated as the premise of the next clause (按72.8%的完成率，全年目标约为12亿元 / 按320家的全年目标，还需…):
# 按 before it, the rate or target it is after it; what it measures is the next clause's subject.
_PREMISE_LEAD_RE = re.compile(r"(?:^|[，,；;。\n])\s?(?:按照|按|依据|依)\s?$")
_PREMISE_WHAT_RE = re.compile(
    r"\s?的?(?:(?P<rate>完成率|完成进度)|(?P<goal>(?:全年|年度|省定|市定|县定|区定)?(?:目标|任务)(?:任务)?))[，,]"
)


def premise_of(before: str, after: str) -> str | None:
    """``completion`` or ``target`` for a figure between 按 (``before``'s end) and 的完成率， / 的全年目标，
    (``after``'s start); None for any other figure."""
    if not _PREMISE_LEAD_RE.search(before):
        return None
    m = _PREMISE_WHAT_RE.match(after)
    if m is None:
        return None
    return "completion" if m.group("rate") else "target"


# A result stated to have passed its target, without a figure: 超额完成年度目标 / 提前完成全年任务 (the words before it
# name what passed it).
_TARGET_PASSED_RE = re.compile(
    r"(?P<subject>[^，,；;。]*?)(?:已经?|均已|均)?(?P<how>超额完成|提前完成|提前超额完成)(?:了)?"
    r"(?:全年|年度|年初|今年|省定|市定|县定|区定|上级下达)?(?:的)?(?:目标|任务|目标任务|计划)(?:任务)?"
)


# 有效高企248家，已完成全年目标: a result said to have reached its target (已 before 完成, nothing after the target).
_TARGET_REACHED_RE = re.compile(
    r"(?P<subject>[^，,；;。]*?)(?:已经?|均已)(?P<how>完成|实现)(?:了)?"
    r"(?:全年|年度|年初|今年|省定|市定|县定|区定|上级下达)?(?:的)?(?:目标|任务|目标任务|计划)(?:任务)?"
    r"(?![的任（(\d.\u4e00-\u9fff]|\s?\d)"
)


def passed_target(text: str) -> tuple[str, bool] | None:
    """(subject, strictly) when ``text`` states a result passed its target without a figure: 技术合同成交额超额完成
    年度目标 → (技术合同成交额, True); 提前完成全年任务 / 已完成全年目标 → strictly False (at least the target)."""
    m = _TARGET_PASSED_RE.search(text) or _TARGET_REACHED_RE.search(text)
    if m is None:
        return None
    return m.group("subject"), "超额" in m.group("how")


# A result given as a share of its target (完成年度目标（2亿元）的104.0%): the text says how far it went.
_SHARE_OF_TARGET_RE = re.compile(r"完成(?:了)?[^，,。；;]{0,12}?(?:目标|任务|计划)[^，,。；;]{0,14}?\s?[\d.]+\s?%")


def states_completion(text: str) -> bool:
    """Whether ``text`` says how far a result went against its target: a 完成率 or a share of the target."""
    return bool(COMPLETION_RATE_RE.search(text) or _SHARE_OF_TARGET_RE.search(text))


# The target's own value may stand between, bare or in brackets: 完成全年目标（160家）的59.4%; and before the target
# word what it targets or its value: 完成年度申报目标的77.3% / 完成全年100亿元目标的47.2%.
TARGET_VALUE_ASIDE = r"(?:[\d.]+[万亿]?[\u4e00-\u9fff]{0,2}|[（(][^（()）]{1,20}[）)])"
TARGETED_WHAT = r"(?:[\u4e00-\u9fff]{1,4}?|[\d.]+[万亿]?[\u4e00-\u9fff]{0,2})"
COMPLETED_SHARE_OF_TARGET_RE = re.compile(
    rf"完成(?:了)?(?:全年|年度|年初|今年|年)?{TARGETED_WHAT}?(?:目标|任务|目标任务|计划)(?:任务)?{TARGET_VALUE_ASIDE}?(?:的)?\s?(?:{'|'.join(w for w, _ in PRE_HEDGES)})?\s?$"
)
# 争取资金已过年度目标六成 / 达到全年任务的一半: a share whose metric ends on the target is a result over that target,
# never a part over its whole (其中省级资金530万元 ÷ 上级资金870万元).
SHARE_OF_TARGET_END_RE = re.compile(r"(?:全年|年度|年初)?(?:目标|任务|目标任务|计划)(?:任务|值|数)?的?$")


def measured_against_target(metric: str) -> bool:
    """Whether a share's metric names the target it is measured against (上级科技资金过年度目标)."""
    return SHARE_OF_TARGET_END_RE.search(metric) is not None


# 完成率近两倍 / 接近目标的两倍: a multiple of the target is a completion rate (两倍 = 200%).
TIMES_OF_TARGET_RE = re.compile(r"(?:完成率|完成进度|(?:目标|任务|计划)(?:任务|值)?的)\s?$")
TIMES_OF_TARGET_WORDS_RE = re.compile(r"(?:完成率|完成进度|(?:目标|任务|计划)(?:任务|值)?的?)$")
# 在上半年新增孵化面积0.31万平方米的基础上，力争… / 以1-11月授权218件为基础，…: a plan item names the result it builds
# on; that figure is achieved. Each opener with its own closer (以 is too common a word to pair with 的基础上).
RESULT_BASE_FRAMES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"在[^在；;。]{0,40}$"), re.compile(r"[^；;。]{0,40}?的基础上")),
    (re.compile(r"(?:^|[，,：:\s])以[^以，,；;。]{0,40}$"), re.compile(r"[^，,；;。]{0,20}?为(?:基础|基数|起点)")),
)


def builds_on_result(before: str, after: str) -> bool:
    """Whether a figure stands inside 在…的基础上 or 以…为基础 (``before`` / ``after``: its sentence's words either
    side)."""
    for opener, closer in RESULT_BASE_FRAMES:
        m = opener.search(before)
        if m and closer.match(after) and not TARGET_CUE_RE.search(before, m.start()):
            return True
    return False


# How far past its target a result went, said in a clause of its own after the clause naming the target
# (技术交易额已超额完成全年目标，超出近两成), at the end of the words before the figure; ``subject`` is what went past it.
EXCESS_AFTER_TARGET_RE = re.compile(
    r"(?P<subject>[^，,；;。]*?)已?超额完成[^，,；;。\d]{0,8}(?:目标|任务|计划)[^，,；;。\d]{0,2}[，,]\s?"
    r"(?P<verb>超出|超过|高出|多出)[^，,；;。\d]{0,3}$"
)


def excess_subject(head: str) -> str | None:
    """What a figure after ``head`` went past its target by, when ``head`` ends in 超额完成…目标，超出 (the words
    before 超额完成, uncleaned); None otherwise."""
    m = EXCESS_AFTER_TARGET_RE.search(head)
    return m.group("subject") if m else None


# The same excess said before the completion it qualifies: 入库超额一成完成省定目标 / 超额两成完成年度任务.
_EXCESS_BEFORE_RE = re.compile(r"超额(?:约|近|超过|超)?\s?$")
_COMPLETION_AFTER_RE = re.compile(r"\s?(?:完成|实现)[^，,；;。\d]{0,8}(?:目标|任务|计划)")


def excess_before_completion(head: str, tail: str) -> bool:
    """A figure between 超额 (``head``'s end) and 完成…目标 (``tail``'s start) is how far a result went past it."""
    return bool(_EXCESS_BEFORE_RE.search(head) and _COMPLETION_AFTER_RE.match(tail))


# What is left to a target (还需完成18.5亿元 / 还差4家), at the end of the words before a figure in its clause.
GAP_CUE_RE = re.compile(r"(?:还需|尚需|仍需|还要|还差|尚差|仍差|缺口)[^，,；;。]{0,14}$")
# The target a gap is measured against, named before it: 要完成全年技术合同成交额目标，后三个季度还需… /
# 要实现年末50家高新技术企业的目标，还需净增3家 / 成交额距全年11亿元任务还差…
_TARGET_BEFORE_GAP_RE = re.compile(
    r"(?P<what>[^，,；;。]{2,40}?)的?(?:目标|任务)(?:任务)?[^，,；;。\d]{0,8}[，,]?[^，,；;。\d]{0,10}$"
)
_FIGURE_IN_NAME_RE = re.compile(r"\d[\d.]*\s?(?:万|亿)?(?:亿元|万元|元|家|个|项|件|人|名|台|座)?")
_TARGET_VERB_RE = re.compile(r"^.*?(?:要|需|为|想)?(?:完成|实现|达到|达成)|(?:距离|距|离)(?:全年|年度|年末|年底)?$")


def target_named_before_gap(before: str) -> str | None:
    """The words naming the target a gap figure is left to (``before``: its sentence up to the gap cue), the target's
    value and the verbs around it left out; None when the sentence names no target before the gap."""
    m = _TARGET_BEFORE_GAP_RE.search(before)
    if m is None:
        return None
    what = _TARGET_VERB_RE.sub("", _FIGURE_IN_NAME_RE.sub("", m.group("what")))
    return what if len(what) >= 2 else None


# A multiple of another figure: 是2024年211.4亿元的2.3倍 / 相当于上年的1.5倍 (the words before N倍 in its clause); 增长1.3倍
# before N倍 is a growth, one less than the multiple.
TIMES_OF_RE = re.compile(r"(?:是|为|相当于|达到?)[^，,；;。]{0,24}?的\s?$")
TIMES_GROWTH_RE = re.compile(r"(?:增长|增加|提高|提升)(?:了)?\s?$")


# 预计 elsewhere (预计全市前3) marks an estimate of a result.
ESTIMATE_CUE_RE = re.compile(r"预计")
# A figure stated as done: 已完成 / 截至目前 …
ACHIEVED_CUE_RE = re.compile(
    r"截至目前|截至\d{1,2}月|目前已|已经|实际(?=完成|新增|实现|达|引进|认定|培育|为)|已(?=完成|实现|达|累计|新增|引进|建成|兑现|获|入驻|招引|筛选|落实|申报|组织|聘用|开展|投入|发放|认定|注册|入库|培育|启动|召开|走访)"
)


# An outcome not yet known: a batch being publicised or reviewed, a result still to be announced (第二批23家正在公示 /
# 认定结果预计年底公布): the figure beside it counts what was submitted, not what passed.
PENDING_OUTCOME_RE = re.compile(
    r"正在(?:公示|评审|审核|审查|认定)|(?:公示|评审|审核|认定)中|尚未(?:公布|认定|出炉|下达)|结果(?:待|尚未|未)|"
    r"(?:预计|将于|待)[^，,。；;]{0,6}(?:公布|揭晓|出炉)"
)
# A question asking for an outcome (认定了多少家 / 通过多少 / 获批几个): a pending outcome does not answer it.
OUTCOME_ASK_RE = re.compile(r"(?:认定|通过|获批|批准|立项)(?:了|的)?[^，,。？?]{0,6}?(?:多少|几)")
# The batch a question or clause names (第二批 / 第1批).
BATCH_RE = re.compile(r"第[一二三四五六七八九十\d]+批")


def pending_outcome(question: str, text: str) -> str | None:
    """The clause of ``text`` that leaves the outcome ``question`` asks for still pending (第二批23家正在公示 asked
    第二批认定了多少家; 认定结果预计年底公布 asked 申报的96家认定通过多少), when every clause naming that batch, or
    that outcome where no batch is asked, is pending; None when the question asks no outcome or a clause states it
    (第一批已认定21家)."""
    ask = OUTCOME_ASK_RE.search(question)
    if not ask:
        return None
    batch = BATCH_RE.search(question)
    verbs = [v for v in ("认定", "通过", "获批", "批准", "立项") if v in ask.group()]
    parts = [c for c in re.split(r"[，,；;。]", text) if c.strip()]
    naming = [c for c in parts if (batch.group() in c if batch else any(v in c for v in verbs))]
    if naming and all(PENDING_OUTCOME_RE.search(c) for c in naming):
        return naming[0].strip()
    return None


# A figure another one drew in (带动企业研发投入约1.3亿元 / 撬动银行贷款5亿元): what a programme leveraged, not the
# indicator's own total.
LEVERAGE_RE = re.compile(r"带动|撬动|拉动")


# A payment named after the indicator it rewards (研发投入后补助资金310万元 / 高企认定奖励580万元): a subsidy, not
# the indicator's value.
SUBSIDY_AFTER_RE = re.compile(r"(?:后|分段|认定)?(?:补助|奖补|奖励|补贴)")


def leveraged(clause: str, term: str) -> bool:
    """Whether ``clause`` gives ``term``'s figure as one drawn in by something else (下达项目25项，带动企业研发投入约
    1.3亿元): a leverage word before the term, in its clause — or as a payment named after it (研发投入后补助资金)."""
    at = clause.find(term)
    if at < 0:
        return False
    return bool(LEVERAGE_RE.search(clause, 0, at)) or bool(SUBSIDY_AFTER_RE.match(clause, at + len(term)))
