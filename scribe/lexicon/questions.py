"""How staff ask: the words of a question that frame it rather than name what it asks, and the kind of figure it asks.

A question is cut into what it is about (研发费用, 高企) and how it is put (是多少 / 排第几 / 完成目标没有 / 按报告):
the framing words are never words a source sentence must share, and the ask words say which kind of figure answers
(a rank, a growth rate, a count …). The answerer, the retrieval scope and the figure checker read questions with
these rules alone.
"""

from __future__ import annotations

import re

from scribe.lexicon.indicators import GROWTH_WORDS, RANK_WORDS, SHARE_WORDS, alternatives
from scribe.lexicon.places import BUREAU_ORG_RE, QUOTED_TITLE_RE
from scribe.lexicon.sentences import items
from scribe.models import FigureKind

# A question about what a report plans or targets (计划新增多少 / 下一步 / 目标); 科技计划项目 and 森林计划 are names.
QUESTION_PLAN_RE = re.compile(
    r"工作计划|工作思路|计划(?=新增|实现|完成|达到|引进|培育|开展|建成|设立|超过|突破|提高|提升|增长|中|[，,。？?]|$)"
    r"|下一步|下步"
    # 要完成多少 / 要提高到多少 / 要把…冲到多少: what is still to be done
    r"|(?<![主需重摘纲概])要(?=把|完成|达到|做到|到(?:多少|几)|[\u4e00-\u9fff]{1,4}(?:多少|几)|提高|提升|突破|冲|新增|实现|建成|引进|培育|增长)"
    r"|下半年(?:工作|将|要|计划|打算)|目标|力争|打算|将要|准备|任务|确保"
    r"|明年|来年|下一?年(?!度?同期)"  # 明年高企要达到多少家: next year's figures are only planned yet
)


# A question that asks for a figure (多少 / 几): a target asked so is answered only by a stated target.
NUMBER_ASK_RE = re.compile(r"多少|几")

# How a question is put, not what it asks, so never a word a source sentence must share: the unit the asker wants
# the figure in (多少万元 / 折合多少亿元: the report may give it in another unit), "now" (现在 / 目前 / 当前) and a verb
# of aiming (要做到多少: the plan cue is 要, 做到 only carries it).
QUESTION_FRAME_RE = re.compile(
    r"(?:折合成?|折算成?|约合|合计?|换算成?|相当于)?(?:多少|几)[十百千万亿]*(?:元|人次|人|平方米|亩|吨)"
    r"|现在|目前|当前|如今|眼下|做到"
    r"|是不是|是否"  # a yes/no frame: 研发费用是不是下降了 asks whether it fell
)


# 完成全年目标的多少 / 完成年度任务的百分之几 asks how far a result went, not what the plan is.
COMPLETION_ASK_RE = re.compile(
    r"完成(?:了)?(?:全年|年度|年初)?(?:目标|任务)|(?:全年|年度|年初)?(?:目标|任务)(?:的)?(?:完成率|完成进度|完成情况|进度)"
)

# 完成得怎么样 / 完成情况如何 / 进度如何 asks how far a measure went: its figures (done, rate, 序时进度), not a sentence about it.
PROGRESS_ASK_RE = re.compile(r"完成(?:得|的)?(?:怎么样|怎样|如何)|(?:完成情况|完成进度|进度|进展)(?:怎么样|怎样|如何)")


def asks_for_plan(question: str) -> bool:
    """Whether a question asks what is planned or targeted rather than what was done."""
    return bool(QUESTION_PLAN_RE.search(COMPLETION_ASK_RE.sub(" ", question)))


# What a question asks for, after the thing it asks about: 洞头区上半年规上工业研发费用|是多少？
QUESTION_ASK_RE = re.compile(
    rf"{PROGRESS_ASK_RE.pattern}|"  # 技术合同|完成得怎么样: the subject is 技术合同, not 技术合同完成得
    r"(?:排名?|位列|位居|居)?(?:全(?:市|省|国|区|县))?(?:第几|前几)(?:位|名)?"
    r"|(?:分别|一共|总共|共)?(?:是多少|为多少|有多少|达到多少|达多少|完成多少|多少|是几|有几|几[家个项人次]"
    r"|怎么样|怎样|如何|是什么|有哪些|哪些|吗|呢|[？?])"
)


def question_subject(question: str) -> str:
    """The words a question asks about, before what it asks (``…研发费用是多少？`` → ``…研发费用``)."""
    m = QUESTION_ASK_RE.search(question)
    return (question[: m.start()] if m else question).strip()


# How the asker frames a question, not what it asks: 完成目标没有 / 是增还是降 / 两地相比 / 比一比 / 一共多少
ASK_WORDS_RE = re.compile(
    r"(?:哪个|哪家|谁)?(?:的)?(?:更|较)(?:高|快|多|大|低|少|慢|好|强)|"
    r"为啥|为何|怎么回事|这个|那个|列(?:一下|出来?|举)|罗列|"
    r"(?:几|多少)个(?:百分)?点|有没有|没有(?=[？?。，,]|$)|还是|还要|才能|还有|一共|总共|相比|对比|比较|比一比|比?相?差(?=多少|几)|"
    r"达到了?什么水平|什么水平|水平如何|是多少|百分之多少|百分之几|多少|是什么|什么|哪些|哪几|哪|几|如何|怎样|怎么样|分别|各是|各|吗|呢|请问|具体|有关|情况|提出了|提出|了|方面|量化|主要"
)
# 排第几 / 在全省排名如何: a rank asked, with where it is ranked
RANK_ASK_RE = re.compile(
    rf"在?(?:全市|全省|全国|全区|全县)?(?:的)?(?:{alternatives(RANK_WORDS, ('排第几', '第几'))})(?:如何|多少|是多少)?"
)
# Which report is asked about (《…》中 / 市级总结里), not what in it
REPORT_NAMED_RE = re.compile(
    rf"(?:[省市区县]级)?{QUOTED_TITLE_RE.pattern}|[省市区县]级(?=[^，,。？]{{0,8}}(?:总结|报告))"
)
# Words naming the source or how it is read (根据 / 工作总结 / 提到 / 截至): never what is asked
SOURCE_WORDS_RE = re.compile(
    rf"{BUREAU_ORG_RE.pattern}|按照|按|根据|(?:科技)?工作总结|总结|报告|那份|这份|该份|工作思路|工作计划|工作要点|工作打算|工作安排|工作谋划|工作方案|中|里|指出|提到|显示|截至|截止"
)
# The kind of figure an ask wants, by the words that ask it
ASK_INTENTS: tuple[tuple[re.Pattern[str], frozenset[FigureKind]], ...] = (
    (re.compile(alternatives(RANK_WORDS, ("排第几", "第几"))), frozenset({FigureKind.RANK})),
    (
        re.compile(rf"{alternatives(GROWTH_WORDS, ('同比',))}|提升了?多少|提高了?多少|(?:几|多少)个(?:百分)?点"),
        frozenset({FigureKind.GROWTH, FigureKind.CHANGE}),
    ),
    (re.compile(alternatives(SHARE_WORDS)), frozenset({FigureKind.SHARE})),
    (re.compile(rf"完成率|{COMPLETION_ASK_RE.pattern}"), frozenset({FigureKind.COMPLETION})),
    (
        re.compile(
            r"(?:多少|(?<!哪)几)(?:家|个(?!(?:百分)?点)|项|人|名|支|场|次|件|所)|数量|总数|个数"
        ),  # 哪几个: which
        frozenset({FigureKind.COUNT}),
    ),
    (re.compile(r"金额|资金|多少钱|多少万元|多少亿元"), frozenset({FigureKind.AMOUNT})),
    # a sum of money asked by name (研发费用是多少): an amount, not a share or growth of it
    (
        re.compile(
            r"(?:费用|经费|支出|投入|收入|产值|增加值|投资|(?:交易|成交|销售|营业|投资|合同|融资|贷款)额)(?=(?:是|为|有|达到?|完成了?|共计?)?多少)"
        ),
        frozenset({FigureKind.AMOUNT}),
    ),
)
# Generic measure words are asked mainly through the figure kind; as words they count little
INTENT_WORDS_RE = re.compile(
    "(?:" + "|".join(p.pattern for p, _k in ASK_INTENTS) + "|同比|多少|几|提高|提升|增加|减少|下降|降低|了)+"
)
# Words that make an intent word an ask (增速是多少), not a mention (增速较快的企业)
ASKING_RE = re.compile(r"多少|几|如何|怎样|什么|哪|是否|(?:更|较)(?:高|快|多|大|低|少|慢)")
# An intent word joined to the next one (增速和排名如何): both are asked
COORDINATED_RE = re.compile(r"^[和及与、，,]|^以及")
WANTS_NUMBER_RE = re.compile(r"多少|几|数量|金额|规模|比重|占比|增速|排名|第几|目标")
# Which things or what was said (哪些产业 / 什么问题 / 措施), not only a figure
WANTS_TEXT_RE = re.compile(
    r"哪些|哪几|什么问题|问题|原因|不足|短板|措施|举措|做法|为什么|为啥|为何|怎么回事|具体(?:是|指)什么"
    r"|列(?:一下|出来?|举)|罗列|有几(?:条|项)|亮点"  # 重点工作列一下 / 打算有几条 / 亮点: the items themselves
)


def asked_kinds(question: str) -> list[frozenset[FigureKind]]:
    """The kinds of figure a clause asks for, one group per ask.

    In 增速在全市排第几 only the rank is asked; in 增速和排名如何 both are.
    """
    asked: list[frozenset[FigureKind]] = []
    for clause in items(question):
        hits = sorted((m.start(), m.end(), kinds) for pattern, kinds in ASK_INTENTS for m in pattern.finditer(clause))
        for i, (start, end, kinds) in enumerate(hits):
            following = hits[i + 1] if i + 1 < len(hits) else None
            between = clause[end : following[0]] if following else clause[start:]
            asks = ASKING_RE.search(between) or (following is not None and COORDINATED_RE.match(between))
            if asks and kinds not in asked:
                asked.append(kinds)
    return asked


def named_kinds(question: str) -> frozenset[FigureKind]:
    """The kinds of figure a question names by their measure words, asked or not (研发费用增速 → growth): what a
    quote must state to answer it even where the question has no ask word."""
    measures = {FigureKind.RANK, FigureKind.GROWTH, FigureKind.CHANGE, FigureKind.SHARE, FigureKind.COMPLETION}
    found = [kinds for pattern, kinds in ASK_INTENTS if pattern.search(question)]
    return frozenset(k for kinds in found for k in kinds if k in measures)


def asks_for_text(question: str) -> bool:
    """Whether the question asks which things or what was said (哪些产业 / 什么问题 / 措施), not only a figure."""
    return bool(WANTS_TEXT_RE.search(question))
