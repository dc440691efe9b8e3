"""How a plan (工作思路 / 下步打算) is worded, as opposed to the review it follows.

A review heading says what was achieved (``成果转化态势良好``, ``科技创新核心指标情况``); a plan heading says what
to do (``推进成果转化``). A problem (``科创平台建设缓慢``) is answered by a measure (``加快科创平台建设``), and a
measure sentence opens with, or contains, a verb of doing. Some phrases belong to one period only
(``全力冲刺“半场”`` to a first half, ``全年收官`` to a second). A plan cites the priorities set from above
(``深入实施“315”科技创新体系建设工程``). Each rule is a table here with one function.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from scribe.lexicon.headings import SectionRole, heading_role, strip_marker
from scribe.lexicon.numerals import to_simplified
from scribe.lexicon.periods import PERIOD_WORD_RE

# Words a review heading ends with that say how the work went (科技人才引育多措并举, 科技惠民项目扎实实施,
# 研发投入保持增长): stripped from a review theme like the tails below (kept apart: the checker reads those alone),
# so the plan heading names the work (强化科技人才引育).
REVIEW_MANNER: tuple[str, ...] = (
    "多措并举",
    "齐头并进",
    "走深走实",
    "精准滴灌",
    "开局平稳",
    "扎实实施",
    "扎实",
    "较快增长",
    "保持增长",
    "持续增加",
    "加快壮大",
    "不断加力",
    "力度加大",
    "深入",
    "取得",
)
# How a figure moved, said at a review heading's end (研发投入有所回落, 技术交易大幅增长, 专利授权量小幅下降): a degree
# word, then the movement. Stripped like the tails below; kept apart from them, which also name generic questions.
REVIEW_TREND_RE = re.compile(
    r"(?:大幅|有所|稳步|较快|快速|明显|显著|持续|保持|小幅|略有|逆势|平稳)?"
    r"(?:增长|增加|回落|下降|回升|放缓|下滑|攀升|翻番|翻了一番)$"
)
# Words a review heading ends with that say how well something went, stripped from the end one by one:
# 成果转化态势良好 → 成果转化; 平台建设扩面提质 → 平台建设; 重点工作进展情况 → 重点工作.
REVIEW_TAILS: tuple[str, ...] = (
    "情况",
    "进展",
    "良好",
    "态势",
    "显著",
    "成效",
    "明显",
    "见效",
    "赋能",
    "提质",
    "扩面",
    "增效",
    "稳步",
    "推进",
    "提升",
    "优化",
    "强化",
    "持续",
    "加强",
    "不断",
    "深化",
    "有力",
    "有序",
    "有效",
    "突破",
    "亮点",
    "纷呈",
    "稳中有进",
    "成绩",
    "完成",
    "工作开展",
    "开展",
    "加快",
    "提速",
    "加速",
    "稳中有升",
    "成型",
    "提档",
    "升级",
    "方面",
    "顺利",
    "坚强",
    "进一步",
    "新动力",
    "新活力",
    "新突破",
    "新台阶",
    "新高度",
    "迸发",
)
# Words a review heading opens with when it states an achievement, not a line of work (荣获省科技最高荣誉…).
ACHIEVEMENT_HEADS: tuple[str, ...] = ("荣获", "获得", "获批", "获评", "入选", "成功", "圆满", "首次")
# What is left of a review heading that names no line of work (总体情况 → 总体, 主要做法 → 做法): no plan heading.
NON_THEMES: tuple[str, ...] = ("总体", "做法", "基本", "成绩", "亮点", "特色", "工作", "总体情况", "主要成绩")
# What was done once, which a plan does not carry on as 持续…: a verb of a one-off act (制定 / 启动 / 形成), or a
# clause that says what came of it (并通过形式审查, 已完成, 获批).
ONE_OFF_VERBS: tuple[str, ...] = ("制定", "出台", "印发", "召开", "启动", "形成", "成立", "揭牌", "开通", "签订")
OUTCOME_WORDS: tuple[str, ...] = ("通过", "已", "完成", "获批", "获评", "荣获", "入选", "落地", "建成", "实现")


def carried_on(action: str) -> bool:
    """Whether a review's action can be carried on in a plan as 持续…: work that goes on (组织申报科技项目), not a
    one-off (启动青创大厦孵化器建设, 形成四大机制) nor an outcome (组织申报示范基地并通过形式审查)."""
    if action.startswith(ONE_OFF_VERBS):
        return False
    return not any(w in action[1:] for w in OUTCOME_WORDS)


# Period words a review heading may open with (上半年科技创新工作进展 → 科技创新工作).
REVIEW_HEADS: tuple[str, ...] = ("上半年", "下半年", "全年", "年末", "年内", "今年以来", "年以来", "以来", "主要")
MIN_THEME = 2


class PlanVerb(NamedTuple):
    """The verb a plan heading on a theme opens with, by how the theme ends (the same shape as :class:`Remedy`:
    the word found, and what is written from it)."""

    ending: str
    verb: str


# The verb a plan heading opens with, by how its theme ends; the first match wins, else DEFAULT_PLAN_VERB.
PLAN_VERBS: tuple[PlanVerb, ...] = (
    PlanVerb("指标", "聚力"),
    PlanVerb("建设", "加快"),
    PlanVerb("培育", "强化"),
    PlanVerb("引育", "强化"),
    PlanVerb("人才", "强化"),
    PlanVerb("转化", "推进"),
    PlanVerb("攻关", "强化"),
    PlanVerb("服务", "优化"),
    PlanVerb("生态", "优化"),
    PlanVerb("保障", "强化"),
    PlanVerb("党建", "深化"),
    PlanVerb("金融", "深化"),
    PlanVerb("合作", "深化"),
)
DEFAULT_PLAN_VERB = "推进"
# How plan headings open besides the verbs of doing: 抓科创平台建设 / 从严落实管党责任 / 全力推进….
PLAN_LEADS: tuple[str, ...] = (
    "抓好",
    "狠抓",
    "抓",
    "从严",
    "严格",
    "全力",
    "全面",
    "持续",
    "深入",
    "大力",
    "积极",
    "进一步",
    "打好",
    "搭",
)
TARGET_VERBS: tuple[str, ...] = ("达到", "突破", "增长", "不低于", "超过", "以上")
PLAN_AIMS: tuple[str, ...] = ("实现", "力争", "确保", "争创")  # 创新能力实现提升 says what to achieve
# Items a 科技局 plan section has when nothing in the store says more: the bureaus' half-year and annual plans we
# have read run three to nine items, most of them five or six.
TYPICAL_PLAN_ITEMS = 6
THEME_STOPS = "，,；;。："
CONTINUE_WORD = "持续"
FURTHER_WORD = "进一步"
MAX_THEME = 10
MAX_LEADS = 2

# Verbs of doing: a sentence with one of them (and not only stating a shortfall) is a measure.
MEASURE_VERBS: tuple[str, ...] = (
    "加强",
    "加快",
    "加大",
    "加速",
    "推进",
    "推动",
    "完善",
    "健全",
    "建立",
    "实施",
    "开展",
    "强化",
    "提升",
    "提高",
    "增强",
    "引进",
    "引入",
    "引导",
    "培育",
    "深化",
    "优化",
    "落实",
    "打造",
    "构建",
    "设立",
    "支持",
    "探索",
    "补齐",
    "破解",
    "着力",
    "聚焦",
    "聚力",
    "力争",
    "确保",
    "组织",
    "举办",
    "鼓励",
    "拓宽",
    "扩大",
    "谋划",
    "启动",
    "招引",
    "对接",
    "放大",
    "统筹",
    "形成",
    "出台",
    "制定",
)
# Words that state a shortfall (the problem, not the measure).
SHORTFALL_WORDS: tuple[str, ...] = (
    "不理想",
    "不明显",
    "不完善",
    "不健全",
    "不平衡",
    "不充分",
    "不够",
    "不足",
    "不高",
    "不强",
    "不多",
    "偏低",
    "偏弱",
    "偏少",
    "较低",
    "较弱",
    "较少",
    "较慢",
    "缓慢",
    "滞后",
    "薄弱",
    "缺乏",
    "缺少",
    "未形成",
    "不优",
    "难以",
    "压力",
    "短板",
    "过低",
    "偏小",
)
# Words that make a sentence stating a shortfall an answer to it (针对…的问题, 补齐…短板).
ANSWER_CUES: tuple[str, ...] = ("针对", "解决", "破解", "补齐", "补强", "着力", "围绕", "聚焦")
ANSWER_LEAD, PROBLEM_WORD = "针对", "问题"  # 针对…的问题，…: a measure naming the problem it answers
BASE_WORDS = "的基础上"  # 在…的基础上，…: the results a measure builds on, before what it does


class Remedy(NamedTuple):
    """How a shortfall is answered: the word that states it, and the measure written from the topic before it
    (``{topic}``) and the words after it (``{rest}``)."""

    word: str
    measure: str


# The first shortfall word found in a problem clause decides its remedy (longer words first in the table).
REMEDIES: tuple[Remedy, ...] = (
    # a shortfall named with its noun reads as the bureau writes its measure: 研发投入后劲不足 → 增强研发投入后劲
    Remedy("后劲不足", "增强{topic}后劲"),
    Remedy("储备不足", "加强{topic}储备"),
    Remedy("动力不足", "激发{topic}动力"),
    Remedy("活力不足", "激发{topic}活力"),
    Remedy("能力不足", "提升{topic}能力"),
    Remedy("力量不足", "充实{topic}力量"),  # not 加大…力量力度
    Remedy("数量不足", "扩大{topic}数量"),
    Remedy("总量不足", "扩大{topic}总量"),
    Remedy("意愿不强", "激发{topic}意愿"),
    Remedy("意识不强", "增强{topic}意识"),
    Remedy("重视不够", "提高{topic}重视程度"),
    Remedy("氛围不够浓厚", "营造浓厚的{topic}氛围"),
    Remedy("氛围不浓", "营造浓厚的{topic}氛围"),
    Remedy("比重过低", "提高{topic}比重"),
    Remedy("占比偏低", "提高{topic}占比"),
    Remedy("数量较少", "扩大{topic}数量"),
    Remedy("成效不理想", "提升{topic}成效"),
    Remedy("不理想", "提升{topic}成效"),
    Remedy("不明显", "放大{topic}成效"),
    Remedy("不完善", "完善{topic}"),
    Remedy("不健全", "健全{topic}"),
    Remedy("不平衡", "统筹推进{topic}"),
    Remedy("不充分", "充分发挥{topic}作用"),
    Remedy("不够高", "提高{topic}"),
    Remedy("有待增强", "增强{topic}"),
    Remedy("有待加强", "加强{topic}"),
    Remedy("有待提升", "提升{topic}"),
    Remedy("有待提高", "提高{topic}"),
    Remedy("不够", "提升{topic}{rest}水平"),
    Remedy("不足", "加大{topic}力度"),
    Remedy("不高", "提高{topic}"),
    Remedy("偏低", "提高{topic}"),
    Remedy("过低", "提高{topic}"),
    Remedy("较低", "提高{topic}"),
    Remedy("不强", "增强{topic}"),
    Remedy("偏弱", "增强{topic}"),
    Remedy("较弱", "增强{topic}"),
    Remedy("能力弱", "增强{topic}能力"),
    Remedy("薄弱", "补强{topic}"),
    Remedy("不多", "扩大{topic}"),
    Remedy("偏少", "扩大{topic}"),
    Remedy("较少", "扩大{topic}"),
    Remedy("缓慢", "加快{topic}"),
    Remedy("较慢", "加快{topic}"),
    Remedy("滞后", "加快{topic}"),
    Remedy("缺乏", "补齐{rest}"),
    Remedy("缺少", "补齐{rest}"),
    Remedy("缺乏", "补齐{topic}短板"),
    Remedy("缺少", "补齐{topic}短板"),
    Remedy("不优", "优化{topic}"),
    Remedy("未形成", "加快形成{rest}"),
    Remedy("难以", "着力{rest}"),
    Remedy("压力", "化解{topic}压力"),
)
_TOPIC_TRIM = "，,、；;：:。 的和与及是在等"
CAUSE_WORDS = ("造成", "导致", "使得", "致使")
NOT_A_TOPIC = ("以上", "上述", "这些", "其中", "同时", "但", "首先", "其次", "再次", "此外", "另外")
ADVERBS = ("较为", "相对", "仍然", "依然", "普遍", "仍", "还", "尚", "较", "偏", "比较")
MAX_REMEDY = 20
MIN_REST = 4  # 难以承受 names nothing to do  # a longer topic is a run-on clause, not a thing to name


class PeriodPhrase(NamedTuple):
    """A phrase that fits only some plan periods, and what it becomes in a plan for the others."""

    phrase: str
    fits: tuple[str, ...]  # 上半年 / 下半年 / 全年
    replacements: tuple[tuple[str, str], ...]  # (period, replacement)


PERIOD_PHRASES: tuple[PeriodPhrase, ...] = (
    PeriodPhrase("全力冲刺“半场”", ("上半年",), (("下半年", "全力冲刺全年"), ("全年", "全力推进全年工作"))),
    PeriodPhrase("冲刺“半场”", ("上半年",), (("下半年", "冲刺全年"), ("全年", "推进全年工作"))),
    PeriodPhrase("“双过半”", ("上半年",), (("下半年", "全年目标"), ("全年", "全年目标"))),
    PeriodPhrase("时间过半、任务过半", ("上半年",), (("下半年", "全年目标任务"), ("全年", "全年目标任务"))),
    PeriodPhrase("开门红", ("上半年", "全年"), (("下半年", "全年红"),)),
    PeriodPhrase("开好局、起好步", ("上半年", "全年"), (("下半年", "收好官、交好卷"),)),
    PeriodPhrase("全年收官", ("下半年",), (("上半年", "半年过半"), ("全年", "全年目标"))),
    PeriodPhrase("收好官", ("下半年",), (("上半年", "起好步"), ("全年", "开好局"))),
    PeriodPhrase("“全年红”", ("下半年", "全年"), (("上半年", "“双过半”"),)),
)

# The words a report cites a priority from above with, and what makes a cited phrase a named priority.
PRIORITY_CUES: tuple[str, ...] = ("深入实施", "全面实施", "贯彻落实", "认真落实", "紧扣", "紧紧围绕", "对标", "按照")
PRIORITY_NOUNS: tuple[str, ...] = ("“", "《", "工程", "战略", "体系", "行动", "部署", "精神", "要求", "规划")
PRIORITY_SPLIT = "和、及与,，;；。"
MAX_PRIORITY = 30


def review_theme(title: str) -> str:
    """What a review heading is about: ``成果转化态势良好`` → ``成果转化``; ``（一）科技创新核心指标情况`` →
    ``科技创新核心指标``. A title with nothing left to strip is its own theme."""
    theme = strip_marker(title).strip("。：: \t")
    theme = next((c for c in _split(theme, THEME_STOPS) if c), theme)
    # a title run on into its text (主体培育稳步推进深化科技企业…): cut at the first word of how it went
    cuts = [at for tail in REVIEW_TAILS if len(tail) > 1 and (at := theme.find(tail, MIN_THEME)) > 0]
    if cuts and len(theme) > MAX_THEME:
        theme = theme[: min(cuts)]
    for head in REVIEW_HEADS:
        if theme.startswith(head) and len(theme) - len(head) >= MIN_THEME:
            theme = theme[len(head) :]
    changed = True
    while changed:
        changed = False
        trend = REVIEW_TREND_RE.search(theme)
        if trend and trend.start() >= MIN_THEME:
            theme = theme[: trend.start()]
            changed = True
        for tail in (*REVIEW_TAILS, *REVIEW_MANNER):
            if theme.endswith(tail) and len(theme) - len(tail) >= MIN_THEME:
                theme = theme[: -len(tail)]
                changed = True
    return theme.removesuffix("工作") if len(theme) > MIN_THEME + 2 else theme


def _split(text: str, stops: str) -> list[str]:
    out, piece = [], ""
    for ch in text:
        if ch in stops:
            out.append(piece.strip())
            piece = ""
        else:
            piece += ch
    return [*out, piece.strip()]


def plan_theme(title: str) -> str:
    """What a plan heading is about, without the verb it opens with: ``抓科创平台建设`` → ``科创平台建设``; a title run
    on into its text is cut where the next verb starts (``抓创新主体培育深入实施…`` → ``创新主体培育``)."""
    theme = next((c for c in _split(strip_marker(title), THEME_STOPS) if c), "")
    # at most two openers (严格落实 / 全力推进): a third is the theme's own word (从严开展组织生活 → 组织生活)
    for _ in range(MAX_LEADS):
        lead = next((x for x in (*PLAN_LEADS, *MEASURE_VERBS) if theme.startswith(x)), "")
        if not lead or len(theme) - len(lead) < MIN_THEME:
            break
        theme = theme[len(lead) :]
    cuts = [at for lead in (*PLAN_LEADS, *MEASURE_VERBS) if (at := theme.find(lead, MIN_THEME)) > 0]
    theme = theme[: min(cuts)] if cuts and len(theme) > MAX_THEME else theme
    # a target item names its indicator before the figure: 全年技术合同登记成交额达到300亿元 → 技术合同登记成交额
    for head in REVIEW_HEADS:
        theme = theme.removeprefix(head)
    stop = [at for w in (*TARGET_VERBS, *PLAN_AIMS) if (at := theme.find(w, MIN_THEME)) > 0]
    stop += [i for i, ch in enumerate(theme) if ch.isdigit() and i >= MIN_THEME][:1]
    return theme[: min(stop)] if stop else theme


def names_work(title: str) -> bool:
    """Whether a review heading names a line of work a plan heading can be written from (not 总体情况, 主要做法)."""
    theme = review_theme(title)
    return bool(theme) and theme not in NON_THEMES


def plan_verb(theme: str) -> str:
    """The verb a plan heading on ``theme`` opens with: 科创平台建设 → 加快; 成果转化 → 推进."""
    return next((v.verb for v in PLAN_VERBS if theme.endswith(v.ending)), DEFAULT_PLAN_VERB)


def plan_heading(title: str, lead: str = "") -> str:
    """A review heading rewritten as a plan heading: ``成果转化态势良好`` → ``推进成果转化`` (or ``{lead}成果转化``)."""
    theme = review_theme(title)
    verb = lead or plan_verb(theme)
    if not theme.startswith((verb, *PLAN_LEADS, *MEASURE_VERBS)):
        return f"{verb}{theme}"
    # a review heading already worded as a plan (培育壮大新兴产业) is not taken over as it stands
    bare = strip_marker(title).strip()
    if theme != next((c for c in _split(bare, THEME_STOPS) if c), bare):
        return theme
    if theme.startswith(CONTINUE_WORD):
        return f"{FURTHER_WORD}{theme[len(CONTINUE_WORD) :]}"
    if theme.startswith(FURTHER_WORD):
        return f"{CONTINUE_WORD}{theme[len(FURTHER_WORD) :]}"
    return f"{CONTINUE_WORD}{theme}"


def is_achievement(title: str) -> bool:
    """A review heading that states an achievement (荣获省科技最高荣誉“科技创新鼎”): no theme to plan on."""
    return strip_marker(title).strip().startswith(ACHIEVEMENT_HEADS)


def is_review_heading(title: str) -> bool:
    """A heading of what was done (情况 / 进展 / 成效 / 态势良好 …), which a plan must not use as its own. A heading
    opening with a verb of doing or a plan lead (抓好… / 严格落实…), or saying what to achieve (实现 / 力争), is not."""
    bare = strip_marker(title).strip()
    first = next((c for c in _split(bare, THEME_STOPS) if c), bare)
    if first.startswith((*PLAN_LEADS, *MEASURE_VERBS, *(v.verb for v in PLAN_VERBS))):
        return False
    if any(w in first for w in PLAN_AIMS):
        return False
    return heading_role(bare) is SectionRole.REVIEW or review_theme(first) != first


def remedy(clause: str) -> str | None:
    """The measure answering a shortfall clause: ``科创平台建设缓慢`` → ``加快科创平台建设``; None without one."""
    if any(ch.isdigit() for ch in clause) or clause.startswith(("预计", "如", "例如")):
        return None
    for word, measure in REMEDIES:
        at = clause.find(word)
        if at < 0:
            continue
        topic = clause[:at].strip(_TOPIC_TRIM)
        for adverb in ADVERBS:
            topic = topic.removesuffix(adverb)
        for cause in CAUSE_WORDS:
            topic = topic.removeprefix(cause)
        if topic.startswith(NOT_A_TOPIC):
            continue
        rest = clause[at + len(word) :].strip(_TOPIC_TRIM)
        if any(w in topic or w in rest for w in SHORTFALL_WORDS):
            continue  # two shortfalls run together: no one thing to name
        used = [
            (t, low) for t, key, low in ((topic, "{topic}", MIN_THEME), (rest, "{rest}", MIN_REST)) if key in measure
        ]
        if any(not low <= len(t) <= MAX_REMEDY for t, low in used):
            continue
        return measure.format(topic=topic, rest=rest)
    return None


def is_measure(sentence: str) -> bool:
    """A sentence that says what to do: a verb of doing, and a stated shortfall only as what it answers."""
    verbs = [sentence.find(v) for v in MEASURE_VERBS if v in sentence]
    if not verbs:
        return False
    shortfalls = [sentence.find(w) for w in SHORTFALL_WORDS if w in sentence]
    if not shortfalls:
        return True
    return any(c in sentence for c in ANSWER_CUES) or min(verbs) < min(shortfalls)


# Words that make a clause a measure without saying what is done: how hard (持续 / 大力), the nouns a problem is turned
# into a measure with (提高…比重 → 比重; 加大…力度; 提升…水平; 补齐…短板) and a target's words (力争…达到…以上).
MEASURE_FILLERS: tuple[str, ...] = (
    "持续",
    "进一步",
    "切实",
    "不断",
    "全力",
    "大力",
    "积极",
    "充分发挥",
    "营造",
    "浓厚",
    "力度",
    "水平",
    "成效",
    "作用",
    "难题",
    "短板",
    "问题",
    "工作",
    "方面",
    "全面",
    "更多",
    "针对",
    "解决",
    "补强",
    "化解",
    "激发",
    *TARGET_VERBS,
    *PLAN_AIMS,
)
# Characters that join words without naming anything (的, 和, 等): a measure's own words are read between them.
JOINING = set("的和与及等、“”《》（）()  \t")
MIN_OWN_WORDS = 2  # bigrams a measure names beyond the problem's words and the lines' cues (强化人才引育: none)


def _is_target(clause: str) -> bool:
    """A clause stating a figure to reach (力争全年新增孵化面积X万平方米), not a way to reach it."""
    return clause.startswith(PLAN_AIMS) and any(ch.isdigit() or ch in "XＸ" for ch in clause)


def quotes_problem(text: str) -> bool:
    """Whether ``text`` opens by naming the problem it answers (针对…的问题，…)."""
    first = next(iter(causes(text)), "")
    return first.startswith(ANSWER_LEAD) and first.endswith(PROBLEM_WORD)


def concrete_measure(sentence: str, problem: str) -> bool:
    """A measure that says how to answer ``problem`` (its title and text), not the problem turned round: a sentence
    with a verb of doing whose clauses name at least :data:`MIN_OWN_WORDS` bigrams the problem does not use, once
    their verbs, fillers, period words and the cue words of the lines of work (what the work is on: 科技型中小企业,
    人才) are set aside (the clause quoting the problem, 针对…的问题, is not read).
    ``提高研发投入占GDP比重`` only inverts 研发投入占GDP比重过低, and a target (力争全年…达到X以上) says what to reach,
    not how; ``建立重点企业月度监测和上门指导机制`` says what to do."""
    sentence = to_simplified(sentence)
    if not is_measure(sentence):
        return False
    said = to_simplified(problem)
    cues = {c for line in PLAN_LINES for c in line.cues}  # what the work is on, not how it is done
    words = sorted({*MEASURE_VERBS, *PLAN_LEADS, *MEASURE_FILLERS, *cues}, key=len, reverse=True)
    own: set[str] = set()
    for clause in causes(sentence):
        if quotes_problem(clause) or clause.endswith(BASE_WORDS) or _is_target(clause):
            continue  # the problem named, the results built on (在…的基础上), a target to reach: not how
        rest = PERIOD_WORD_RE.sub("|", clause)
        for word in words:
            rest = rest.replace(word, "|")
        kept = ["|" if ch in JOINING or ch.isdigit() or ch in "XＸ%." else ch for ch in rest]
        own |= {a + b for a, b in pairwise(kept) if "|" not in (a, b) and a + b not in said}
    return len(own) >= MIN_OWN_WORDS


def period_phrases(text: str, period: str) -> list[tuple[str, str | None]]:
    """(phrase, replacement) for each phrase of ``text`` that does not fit a plan for ``period`` (上半年 / 下半年 /
    全年); the replacement is None when there is none to offer (the phrase is only flagged)."""
    out: list[tuple[str, str | None]] = []
    for entry in PERIOD_PHRASES:
        if entry.phrase in text and period not in entry.fits and not any(entry.phrase in p for p, _ in out):
            out.append((entry.phrase, dict(entry.replacements).get(period)))
    return out


def priorities(text: str) -> list[str]:
    """Priorities from above a text cites: ``深入实施“315”科技创新体系建设工程`` → ``“315”科技创新体系建设工程``."""
    out: list[str] = []
    for cue in PRIORITY_CUES:
        start = text.find(cue)
        while start >= 0:
            rest = text[start + len(cue) : start + len(cue) + 80]
            stop = next((i for i, ch in enumerate(rest) if ch in "。；;\n"), len(rest))
            piece = ""
            for ch in rest[:stop]:
                if ch in PRIORITY_SPLIT and piece.count("“") == piece.count("”"):
                    _keep_priority(piece, out)
                    piece = ""
                else:
                    piece += ch
            _keep_priority(piece, out)
            start = text.find(cue, start + len(cue))
    return out


def _keep_priority(piece: str, out: list[str]) -> None:
    piece = piece.strip()
    for cue in PRIORITY_CUES:
        piece = piece.removeprefix(cue)
    named = MIN_THEME < len(piece) <= MAX_PRIORITY and any(n in piece for n in PRIORITY_NOUNS)
    if named and not any(piece in seen for seen in out):
        out.append(piece)


def causes(text: str) -> list[str]:
    """The clauses of a problem's text (split at commas and sentence ends, not at 、 inside a listing)."""
    return [c.removeprefix("主要是").removeprefix("同时").strip() for c in _split(text, THEME_STOPS + "。！？") if c]


class PlanLine(NamedTuple):
    """A line of work a 科技局 plans every period (科技项目申报, 高企培育, 人才引进, 科普, 党建 …): the words that show a
    bureau's own reports speak of it, the plan heading that opens an item on it, and the measure, written around
    the cue words the reports use (``{cues}``: those found, joined by 、; ``{cue}``: the first found)."""

    name: str
    cues: tuple[str, ...]
    heading: str
    measure: str
    party: bool = False  # 党建 / 作风 / 安全: the bureau's own house, planned apart from the science work
    indicators: bool = False  # items on it are one indicator each: 研发费用 is not 高新技术产业投资
    generic: tuple[str, ...] = ()  # cues that show the line but name nothing in its measure (指标, 平台建设)
    plain: str = ""  # the measure when only generic cues are found ("" = none: the line is not offered)
    answers_only: bool = False  # not a standing line of the science work: offered only to answer a problem on it


# The standing lines of a 科技局's plan. A line is offered in a draft only when the bureau's own reports name one of
# its cues, and its item names the cues found there; cues are read whole (高新技术企业, not 企业).
PLAN_LINES: tuple[PlanLine, ...] = (
    PlanLine(
        "核心指标",
        (
            "研发费用",
            "研发投入",
            "研发经费",
            "R&D",
            "高新技术产业增加值",
            "高新增加值",
            "高新技术产业投资",
            "技术开发费",
            "有研发活动",
            "高新产值",
            "高新投资",
            "核心指标",
            "指标",
        ),
        "聚力科技创新核心指标",
        "紧盯{cues}等核心指标，建立重点企业月度监测和上门指导机制，推动指标稳中有进",
        indicators=True,
        generic=("核心指标", "指标"),
        plain="紧盯年度核心指标，建立重点企业月度监测和上门指导机制，推动指标稳中有进",
    ),
    PlanLine(
        "研发统计",
        (
            "统计监测",
            "统计入库",
            "应统尽统",
            "研发统计",
            "统计上报",
            "统计范围",
            "科技统计",
            "统计服务",
            "统计队伍",
            "统计人员",
            "统计培训",
            "统计力量",
        ),
        "抓好研发统计入库",
        "加强{cues}，对研发投入下降的重点企业逐一上门指导，做到应统尽统",
    ),
    PlanLine(
        "科创平台",
        (
            "孵化器",
            "众创空间",
            "研究院",
            "实验室",
            "研发中心",
            "研发机构",
            "创新平台",
            "科创平台",
            "研发平台",
            "新型研发机构",
            "科技企业孵化器",
            "工程技术研究中心",
            "企业技术中心",
            "创新中心",
            "科创中心",
            "中试基地",
            "概念验证中心",
            "中试平台",
            "孵化园",
            "科创园",
            "创新载体",
            "孵化载体",
            "平台建设",
        ),
        "抓科创平台建设",
        "推进{cues}等平台提档升级，引导平台围绕主导产业开展研发和孵化服务，做好省市级平台的创建申报",
        generic=("平台建设",),
        plain="推进各类科创平台提档升级，引导平台围绕主导产业开展研发和孵化服务，做好省市级平台的创建申报",
    ),
    PlanLine(
        "创新主体",
        (
            "高新技术企业",
            "高企",
            "科技型中小企业",
            "科技型企业",
            "专精特新",
            "创新型企业",
            "科技企业",
            "创新主体",
            "主体培育",
            "企业培育",
            "梯次培育",
            "科小",
            "瞪羚",
            "雏鹰",
            "独角兽",
        ),
        "抓创新主体培育",
        "完善{cues}梯次培育机制，做好入库企业的申报辅导和跟踪服务，推动更多企业成长为{cue}",
    ),
    PlanLine(
        "科技项目",
        (
            "揭榜挂帅",
            "重点研发",
            "科技项目",
            "科研项目",
            "科技计划项目",
            "尖兵",
            "领雁",
            "技术攻关",
            "科研攻关",
            "创新联合体",
        ),
        "抓核心技术攻关",
        "组织企业申报{cues}，加强已立项项目的过程管理和验收，推动关键核心技术攻关取得实效",
    ),
    PlanLine(
        "成果转化",
        (
            "成果转化",
            "技术合同",
            "技术交易",
            "成果登记",
            "技术市场",
            "转移转化",
            "技术转移",
            "成果发布",
            "成果对接",
            "技术转让",
            "技术许可",
            "本地转化",
            "就地转化",
            "现实生产力",
            "中试",
            "成果承接",
            "成果落地",
        ),
        "推进科技成果转化",
        "用好{cues}等渠道，推动高校院所成果与本地企业对接，促进科技成果就地转化",
        generic=("本地转化", "就地转化", "现实生产力", "中试", "成果承接", "成果落地"),
        plain="完善技术转移服务体系，推动高校院所成果与本地企业对接，促进科技成果就地转化",
    ),
    PlanLine(
        "人才引育",
        ("人才", "引才", "专家", "博士", "院士", "工程师"),
        "抓创新人才引育",
        "围绕产业需求引育{cues}，拓宽引才渠道，做好人才项目申报、落地和跟踪服务",
    ),
    PlanLine(
        "科技金融",
        ("科技金融", "科创基金", "产业基金", "科技贷", "人才贷", "创新券", "风险投资", "科技保险"),
        "深化科技金融服务",
        "推广{cues}等金融产品，引导金融资本投向科技型企业，缓解企业研发融资难题",
        generic=("科技金融",),
        plain="完善科技金融服务体系，引导金融资本投向科技型企业，缓解企业研发融资难题",
    ),
    PlanLine(
        "科技投入",
        ("财政科技投入", "财政科技", "科技经费", "科技资金", "科技投入", "上级资金", "争取资金"),
        "强化科技投入保障",
        "积极争取上级科技项目和资金支持，优化{cues}投向，提高资金使用绩效",
    ),
    PlanLine(
        "科技合作",
        (
            "产学研合作",
            "产学研",
            "校地合作",
            "院地合作",
            "校企合作",
            "科技合作",
            "交流合作",
            "创新合作",
            "飞地",
            "协同创新",
            "协同攻关",
        ),
        "深化科技交流合作",
        "深化{cues}，推动企业与高校院所共建创新载体、联合开展技术攻关",
        generic=("协同攻关",),  # says the line, names no partner to work with
        plain="深化产学研合作，推动企业与高校院所共建创新载体、联合开展技术攻关",
    ),
    PlanLine(
        "创新生态",
        (
            "创新生态",
            "科创生态",
            "科技服务",
            "政策兑现",
            "惠企政策",
            "科技副总",
            "科技政策",
            "创新政策",
            "优化服务",
            "营商环境",
            "创新环境",
            "创新氛围",
            "科创氛围",
        ),
        "优化科创生态",
        "抓好{cues}落实，提升科技服务的精准度和便利度，营造良好创新生态",
        generic=("优化服务", "营商环境", "创新环境", "创新氛围", "科创氛围"),
        plain="优化科技服务和创新环境，提升科技服务的精准度和便利度，营造良好创新生态",
    ),
    PlanLine(
        "科技强农",
        ("科技特派员", "特派员", "农业科技", "科技强农", "乡村振兴", "星创天地"),
        "深化科技强农",
        "深化{cues}工作，推动农业科技成果进村入户，助力乡村振兴",
        generic=("乡村振兴",),
    ),
    PlanLine(
        "科学普及",
        ("科普", "科技活动周", "科学素质", "科技工作者日", "科技周"),
        "加强科学普及",
        "组织开展{cues}等活动，提升公民科学素质，营造崇尚创新的社会氛围",
    ),
    PlanLine(
        "知识产权",
        ("知识产权", "专利", "商标"),
        "强化知识产权保护",
        "加强{cues}创造、保护和运用，做好企业{cue}工作的指导服务",
    ),
    PlanLine(
        "数字化转型",
        (
            "数字化转型",
            "数字化",
            "数字经济",
            "数字赋能",
            "智能化改造",
            "工业互联网",
            "两化融合",
            "智改数转",
            "5G",
            "上云",
        ),
        "推进数字化转型",
        "推进{cues}工作，推动数字技术与实体经济深度融合，提升企业的创新能力",
    ),
    PlanLine(
        "基层科技力量",
        (
            "科技工作力量",
            "科技管理力量",
            "科技管理队伍",
            "科技工作队伍",
            "科技管理人员",
            "专职科技",
            "科技工作人员",
            "基层科技",
        ),
        "充实基层科技力量",
        "充实{cues}，配齐专兼职科技工作人员，加强业务培训和工作考核，提升基层科技服务能力",
        answers_only=True,
    ),
    PlanLine(
        "产业升级",
        # not 产业结构: 产业结构不优 is answered on what its text measures it by (高新产值 → 核心指标)
        (
            "工业结构",
            "工业基础",
            "工业投资",
            "工业下行",
            "产业竞争力",
            "产业创新层次",
            "传统产业",
            "战略性新兴产业",
            "技术改造",
            "技改",
        ),
        "推动产业转型升级",
        "围绕{cues}，引导企业加大技术改造和新产品研发投入，培育壮大战略性新兴产业",
        answers_only=True,
    ),
    PlanLine(
        "产业集聚",
        # the words of a shortfall, not of a review (推动产业集聚, 链主企业+创新平台 are what was done) nor 龙头企业,
        # which leads on any line
        ("集聚度", "企业集聚", "头部企业"),
        "推动创新要素集聚",
        "围绕主导产业链开展精准招商和以商引商，引进培育一批{cues}和上下游配套企业，推动创新要素向园区集聚",
        answers_only=True,
        generic=("集聚度", "企业集聚"),
        plain="围绕主导产业链开展精准招商和以商引商，引进培育一批头部企业和上下游配套企业，推动创新要素向园区集聚",
    ),
    PlanLine(
        "要素保障",
        (
            "工业用地",
            "用地指标",
            "用能指标",
            "用电指标",
            "标准厂房",
            "土地要素",
        ),  # not 要素保障: a review's 强化要素保障 is on funding too
        "强化要素保障",
        "积极争取{cues}等要素支持，盘活存量低效用地，保障重点项目落地",
        answers_only=True,
    ),
    PlanLine(
        "党建",
        ("党建", "管党治党", "从严治党", "党风廉政", "主题教育", "学习教育", "组织生活", "党支部", "党员"),
        "从严落实管党治党责任",
        "落实全面从严治党主体责任，抓好{cues}，以高质量党建引领科技工作",
        party=True,
    ),
    PlanLine(
        "作风建设",
        ("作风", "干部队伍", "队伍建设", "队伍管理", "机关建设", "廉洁", "廉政"),
        "从严加强作风建设",
        "加强{cues}，严守纪律规矩，提升机关干部干事创业的能力和效率",
        party=True,
        generic=("作风",),
        plain="加强机关作风建设，严守纪律规矩，提升机关干部干事创业的能力和效率",
    ),
    PlanLine(
        "安全稳定",
        ("安全生产", "科技安全", "实验室安全", "意识形态", "保密", "信访"),
        "守牢安全稳定底线",
        "落实{cues}工作责任，抓好风险排查和隐患整改，守牢安全底线",
        party=True,
    ),
)
MAX_LINE_CUES = 3
# Cues too common to name a line in a problem: 指标 is any quota (用能指标, 土地指标), not only a science indicator.
WEAK_CUES: tuple[str, ...] = ("指标",)


def plan_lines(text: str) -> list[PlanLine]:
    """The standing lines of work ``text`` speaks of, in table order (a cue read whole, 高新技术企业 not 企业)."""
    text = to_simplified(text)
    return [line for line in PLAN_LINES if any(cue in text for cue in line.cues)]


def main_line(text: str) -> PlanLine | None:
    """The one line of work ``text`` is about: the line whose cue it names first (an item is about one thing);
    traditional characters are read as simplified (研發費用 = 研发费用)."""
    text = to_simplified(text)
    found = [(text.find(cue), i) for i, line in enumerate(PLAN_LINES) for cue in line.cues if cue in text]
    return PLAN_LINES[min(found)[1]] if found else None


# A listing of the indicators a measure tracks (逐项盘点技术合同成交额、科技型中小企业等指标进度), up to its 等指标.
INDICATOR_LIST_RE = re.compile(r"[^，,。；;：:]*?等(?:核心|主要|各项)?指标")
INDICATOR_WORD = "指标"


def tracked_line(text: str) -> PlanLine | None:
    """The one line of work ``text`` is about, a listing of indicators (…等指标) read as the indicators it lists: a
    measure tracking 科技型中小企业、技术合同成交额等指标 is on the indicators (核心指标), not on the line of the
    first one it names (创新主体); else :func:`main_line`."""
    return main_line(INDICATOR_LIST_RE.sub(INDICATOR_WORD, to_simplified(text)))


def line_cues(line: PlanLine, text: str) -> list[str]:
    """The cues of ``line`` that ``text`` uses, in the order it first uses them, to be named in its item: a cue
    inside a longer one found (研究院 inside 企业研究院) and the line's generic cues (指标, 平台建设) are dropped."""
    found = sorted((text.find(c), c) for c in line.cues if c in text and c not in line.generic)
    names = [c for _, c in found]
    return [c for c in names if not any(c != o and c in o for o in names)][:MAX_LINE_CUES]


def line_item(line: PlanLine, text: str) -> tuple[str, str] | None:
    """The heading and measure of an item on ``line``, naming the cues ``text`` uses; None when it uses none."""
    cues = line_cues(line, text)
    if not cues:
        generic = line.plain and any(c in text for c in line.generic)
        return (line.heading, line.plain) if generic else None
    return line.heading, line.measure.format(cues="、".join(cues), cue=cues[0])


def problem_line(text: str) -> PlanLine | None:
    """The line of work a problem (its title, else its text) is about, named by a cue that is not weak
    (:data:`WEAK_CUES`): 高新技术企业培育储备不足 → 创新主体; 用能指标紧张 → None."""
    for said in (to_simplified(x) for x in text.split("。", 1)):
        line = main_line(said)
        if line is not None and any(c in said for c in line.cues if c not in WEAK_CUES):
            return line
    return None
