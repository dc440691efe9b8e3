"""What a figure measures: the noun phrase before it, cleaned, and a paraphrase-tolerant similarity.

Similarity is a weighted Dice over character bigrams of canonicalised phrases, with weights
from how rare a bigram is among the source figures' metrics (``MetricIndex``): 高新技术产业
is shared by many metrics and weighs little, 投资额 vs 增加值 is what tells them apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from scribe.lexicon.hedges import (
    ACHIEVED_WORDS,
    COMPLETED_SHARE_OF_TARGET_RE,
    COMPLETION_RATE_RE,
    HEDGE_WORDS,
    TARGET_WORDS,
)
from scribe.lexicon.indicators import FALL_WORDS, GROWTH_WORDS, RISE_WORDS, alternatives, canonical_metric
from scribe.lexicon.numerals import ORDINAL_CLASS
from scribe.lexicon.periods import DECLARED_SPAN, MONTH_RANGE_RE, QUARTER_SPAN, SAME_PERIOD_BASE
from scribe.lexicon.places import BUREAU_ORG_RE, strip_places
from scribe.lexicon.sentences import strip_scope_frame
from scribe.models import FigureKind

GROWTH_WORD_RE = re.compile(rf"{alternatives(GROWTH_WORDS, ('同比',), RISE_WORDS, FALL_WORDS)}|增加(?!值)")
DECREASE_WORD_RE = re.compile(r"下降|减少|降低|回落|下滑")
# A change below what it is compared with: 比序时进度低 / 较全省平均慢 / 低于全市平均.
LOWER_THAN_RE = re.compile(
    r"(?:(?:比|较)[^，,；;。\d]{1,16}?(?:低|少|慢)|(?:低于|慢于|少于)[^，,；;。\d]{1,16}?)(?:了)?\s?$"
)
# What ends a segment after a growth word when the figure is the level reached (提高到 / 提升至 / 增长达到).
RISE_TO_RE = re.compile(r"(?:到|至|达到|达)\s?(?:了)?\s?$")
SHARE_WORD_RE = re.compile(r"比重|占比|比例|占|强度|覆盖率|相当于|率")
FLOW_RE = re.compile(
    r"新增|新认定|新引进|新建|新培育|新招引|新开通|新选派|新选聘|新聘任|新设立|新组建|新打造|当年|本年|新申报"
)
STOCK_RE = re.compile(r"拥有|累计|总数|总量|余额|共有|现有|已建成|已有|存量|达到总")

_PREFIX_STRIP = re.compile(
    rf"^(?:{ORDINAL_CLASS}{{1,2}}是|(?:该|本|我)(?:县|市|区|旗|州)|以上|以下|左右|完成(?!率)|实现|要(?=完成|实现|达到)|(?:还|尚|仍)?需(?:要)?(?=完成|实现|达到|入库|新增|认定)|才能|才可|方能|其中|同时|并且|并|且|还|另外|此外|以及|和|及|与|共|其|由|在|对|将|把|距离|距|全年|年度|年内|年底|年末|目前|今年以来|(?:按照|按|依据|依)$)"
)
_TRAIL_STRIP = re.compile(
    rf"(?:达到了|达到|达|为|是|有|{'|'.join(HEDGE_WORDS)}|共计|合计|总计|累计|实现|完成|新增|拥有|"
    r"分别|了|的|已|均|共|由|从|增长到|提升至|提高到|上升至|至|到|居|位列|列|位居|排名|名列|高达|多达|达成|录得|计|合)$"
)
_NOISE_RE = re.compile(
    r"[“”\"《》「」【】'‘’\s·•]"
    rf"|{SAME_PERIOD_BASE}"
    rf"|(?:\d{{4}}|20XX)年(?:度|底|末)?(?:{DECLARED_SPAN}|\d{{1,2}}-\d{{1,2}}月|\d{{1,2}}月(?:底|末)?)?"
    rf"|截至(?:目前|\d{{1,2}}月(?:底|末)?)|目前|今年以来|今年|明年|来年|下一年|\d{{1,2}}-\d{{1,2}}月|{MONTH_RANGE_RE.pattern}|{DECLARED_SPAN}|{QUARTER_SPAN}"
    rf"|(?:[\u4e00-\u9fff]{{2,3}}?[市区县])?(?:{BUREAU_ORG_RE.pattern})"
    r"|全(?:市|区|县|省|国)|我(?:市|区|县|局)|本(?:市|区|县)"
    r"|新增|(?<!重)新认定|新引进|拥有|累计|总数达到|总数|共有|现有|上年末|上年底|去年底|去年末|年初(?!以来)|上年(?!同期)|此前|之前|原先"
    rf"|{'|'.join((*TARGET_WORDS, *ACHIEVED_WORDS))}"
    r"|(?:与|和|同)?(?:去年|上年)同期相比|(?:较|比)?(?:去年|上年)同期|较去年|比去年|较上年|比上年|较年初|比年初|同比"
)
# Shares worded three ways compare equal: 相当于GDP的 / 占GDP的 / 占比 → 占…比重.
_SHARE_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"相当于(.{1,12}?)的?$"), r"占\1比重"),
    (re.compile(r"占(.{1,12}?)的$"), r"占\1比重"),
    (re.compile(r"占比|比例"), "比重"),
    (re.compile(r"的"), ""),
)


def clean_segment(segment: str) -> str:
    """Drop periods, places, cue words and verbs around the noun phrase."""
    text = _NOISE_RE.sub("", strip_scope_frame(segment))
    text = strip_places(text)
    text = re.sub(r"[^\u4e00-\u9fffA-Za-z&]", "", text)
    for _ in range(4):
        before = text
        text = _PREFIX_STRIP.sub("", text)
        text = _TRAIL_STRIP.sub("", text)
        if text == before:
            break
    return text[-24:]


def strip_growth_words(metric: str) -> str:
    return re.sub(
        r"(?:实现|保持|继续|持续)?(?:同比|累计)?(?:增速|增长率|增长|增幅|提高|提升|增加|下降|减少|降低)(?:幅度)?$",
        "",
        metric,
    )


@lru_cache(maxsize=8192)
def canonical(metric: str) -> str:
    out = canonical_metric(metric)
    for pattern, repl in _SHARE_REWRITES:
        out = pattern.sub(repl, out)
    return out


@lru_cache(maxsize=8192)
def bigrams(metric: str) -> frozenset[str]:
    m = canonical(metric)
    if len(m) == 1:
        return frozenset({m})
    return frozenset(m[i : i + 2] for i in range(len(m) - 1))


def basis_of(segment: str) -> str | None:
    """'flow' or 'stock' from the nearest marker before the figure in its sentence."""
    flow = [m.start() for m in FLOW_RE.finditer(segment)]
    stock = [m.start() for m in STOCK_RE.finditer(segment)]
    if not flow and not stock:
        return None
    return "flow" if max(flow, default=-1) > max(stock, default=-1) else "stock"


def kind_from_segment(segment: str, unit: str) -> FigureKind | None:
    """Kind of a percentage from the cue word nearest the figure: 增速 / 占比 / 完成率."""
    if unit != "%":
        return None
    if COMPLETION_RATE_RE.search(segment[-10:]) or COMPLETED_SHARE_OF_TARGET_RE.search(segment):
        return FigureKind.COMPLETION
    growth = [m.end() for m in GROWTH_WORD_RE.finditer(segment)]
    share = [m.end() for m in SHARE_WORD_RE.finditer(segment)]
    if not growth and not share:
        return None
    if share and growth and RISE_TO_RE.fullmatch(segment, max(growth)):
        return FigureKind.SHARE  # 比重…增长达到22% / 覆盖率提高到52%: the level the share rose to, not a growth rate
    return FigureKind.GROWTH if max(growth, default=-1) > max(share, default=-1) else FigureKind.SHARE


class MetricIndex:
    """Bigram weights from a set of source metrics: rare bigrams discriminate, common ones do not.

    Built once per check call. It also holds the distinct metrics by bigram, so :meth:`scores` rates one metric
    against every source metric in a single pass over the postings instead of one comparison per source figure.
    """

    def __init__(self, metrics: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        distinct: dict[str, int] = {}
        for metric in metrics:
            n += 1
            df.update(bigrams(metric))
            distinct.setdefault(metric, len(distinct))
        self._n = max(n, 1)
        self._df = df
        self._cache: dict[str, float] = {}
        self._sims: dict[tuple[str, str], float] = {}
        self._scores: dict[str, dict[str, float]] = {}
        self.metrics = list(distinct)
        self._postings: dict[str, list[int]] = {}
        self._totals: list[float] = []
        for i, metric in enumerate(self.metrics):
            grams = bigrams(metric)
            self._totals.append(sum(self.weight(g) for g in grams))
            for g in grams:
                self._postings.setdefault(g, []).append(i)

    def weight(self, gram: str) -> float:
        w = self._cache.get(gram)
        if w is None:
            w = math.log(1.0 + self._n / (self._df.get(gram, 0) + 0.5))
            self._cache[gram] = w
        return w

    def scores(self, metric: str) -> dict[str, float]:
        """The similarity of ``metric`` to every source metric sharing a bigram with it (the others score 0)."""
        known = self._scores.get(metric)
        if known is None:
            known = self._scores[metric] = self._score_all(metric)
        return known

    def _score_all(self, metric: str) -> dict[str, float]:
        ga = bigrams(metric) if metric else frozenset()
        if not ga:
            return {}
        common: dict[int, float] = {}
        wa = 0.0
        for g in ga:
            w = self.weight(g)
            wa += w
            for i in self._postings.get(g, ()):
                common[i] = common.get(i, 0.0) + w
        return {self.metrics[i]: _combine(wc, wa, self._totals[i]) for i, wc in common.items()}

    def similarity(self, a: str, b: str) -> float:
        """1.0 for the same phrase; high when one phrase holds the other's distinctive words."""
        key = (a, b)
        sim = self._sims.get(key)
        if sim is None:
            ga, gb = bigrams(a), bigrams(b)
            common = ga & gb if ga and gb else frozenset()
            if not common:
                sim = 0.0
            else:
                wc = sum(self.weight(g) for g in common)
                sim = _combine(wc, sum(self.weight(g) for g in ga), sum(self.weight(g) for g in gb))
            self._sims[key] = sim
        return sim


def _combine(wc: float, wa: float, wb: float) -> float:
    """Weighted Dice, or most of the shorter phrase's weight when it is held whole by the longer one."""
    dice = 2 * wc / (wa + wb)
    recall_short = wc / (wa if wa < wb else wb)
    return max(dice, 0.85 * recall_short if recall_short > 0.95 else 0.0)
