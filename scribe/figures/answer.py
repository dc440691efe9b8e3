"""Check an answer's figures against the sources it cites, with its question as context.

A model answers tersely: ``630.4亿元[1]`` names no metric, ``6099.1万元[1]`` no period. The question says what
the figure measures (its metric, bureau and period) and the ``[n]`` after a figure says which source states it.
So each figure is judged in turn

1. on its own sentence (as :func:`verify` does);
2. when that finds no statement, with the metric and period the question asks about;
3. against the sentence it cites: a figure written verbatim in a cited source sentence, with the same value and
   unit and no conflicting period or status, is supported there. An answer with no ``[n]`` at all cites every
   source it was given (a model that drops the markers still wrote from them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scribe.lexicon.hedges import ACHIEVED_CUE_RE
from scribe.lexicon.indicators import expand_short_forms
from scribe.lexicon.numerals import normalise_text, without_trailing_zeros
from scribe.lexicon.periods import answers_period, periods_compatible
from scribe.lexicon.plans import REVIEW_TAILS
from scribe.lexicon.questions import asks_for_plan, question_subject
from scribe.models import Figure, FigureStatus, Modality

from .context import figure_period
from .derive import before
from .extract import extract_figures
from .metric import MetricIndex, bigrams, clean_segment
from .models import PASSING_LABELS, Conflict, SourceText, Verdict, VerdictLabel
from .tolerance import values_agree
from .verify import (
    CANDIDATE_SIM,
    SourcePool,
    _claim_places,
    _dates,
    _judge_all,
    _source_figures,
    _status_conflict,
    mark_ocr,
)

_CITE_RE = re.compile(r"[\[［【]\s?(\d{1,2})\s?[\]］】]|(?:根据|据|见|参见)?(?:资料|来源)\s?(\d{1,2})")
_WEAK_METRIC = 2  # a metric shorter than this names nothing: the figure is terse


def question_context(question: str) -> tuple[str, str | None]:
    """(metric, period) a question asks about: ``洞头区上半年规上工业研发费用是多少？`` → (规上工业研发费用, 上半年)."""
    subject = expand_short_forms(normalise_text(question_subject(question)))  # 科小入库 → 科技型中小企业入库
    return clean_segment(subject), figure_period(subject, 0, len(subject), None)


def _cited(text: str, fig: Figure, n_sources: int) -> list[int]:
    """Source positions (0-based) the figure's sentence cites, nearest after the figure first."""
    start = text.rfind(fig.sentence[:20], 0, fig.start + 1) if fig.sentence else -1
    start = max(start, 0)
    end = start + len(fig.sentence) + 12 if fig.sentence else len(text)
    after: list[int] = []
    before: list[int] = []
    for m in _CITE_RE.finditer(text, start, min(end, len(text))):
        n = int(m.group(1) or m.group(2)) - 1
        if 0 <= n < n_sources:
            (after if m.start() >= fig.end else before).append(n)
    return list(dict.fromkeys(after + before[::-1]))


def _terse(fig: Figure, metric: str, period: str | None, plan: bool) -> Figure:
    update: dict[str, object] = {"metric": metric + (fig.metric if len(fig.metric) >= _WEAK_METRIC else "")}
    if fig.period is None and period:
        update["period"] = period
    if plan and not ACHIEVED_CUE_RE.search(fig.sentence):
        update["modality"] = Modality.TARGET
    return fig.model_copy(update=update)


def _about(asked: str, src: Figure, index: MetricIndex) -> bool:
    """Whether a source figure measures what the question asks about: a near metric, or most of the asked words
    before it in its sentence (a terse ``41个[1]`` to 新增平台多少个 is not the sentence's 立项41个)."""
    if asked in REVIEW_TAILS or index.similarity(asked, src.metric) >= CANDIDATE_SIM:
        return True  # 情况如何 / 进展 ask about nothing in particular
    grams = bigrams(asked)
    lead = normalise_text(before(src))
    return bool(grams) and sum(g in lead for g in grams) >= 0.5 * len(grams)


def _verbatim(
    fig: Figure,
    cited: Sequence[SourceText],
    index: MetricIndex,
    asked: str = "",
    asked_result: str | None = None,
) -> Verdict | None:
    """A figure written as the cited sentence writes it, same value and unit, no other period or status; a terse
    one also about what the question asks (``asked``, its metric). ``asked_result``: the period a question asks a
    result for (no plan asked) — no target of another period answers it (1.8亿元[1] for 上半年…成交额 where the cited
    sentence is 力争全年…达到1.8亿元), unless the answer itself calls the figure a target."""
    surface = without_trailing_zeros(normalise_text(fig.surface))  # 104% is written as 104.0% is
    named = len(fig.metric) >= _WEAK_METRIC
    for source in cited:
        for src in _source_figures(source):
            if src.status is not FigureStatus.CLEAN or src.unit != fig.unit or src.value != fig.value:
                continue
            if named and index.similarity(fig.metric, src.metric) < CANDIDATE_SIM and fig.metric not in src.sentence:
                continue
            if not named and len(asked) >= _WEAK_METRIC and not _about(asked, src, index):
                continue
            if without_trailing_zeros(normalise_text(src.surface)) != surface or not periods_compatible(
                fig.period, src.period
            ):
                continue
            if fig.estimated != src.estimated and not fig.estimated:
                continue
            if (
                asked_result is not None
                and src.modality is Modality.TARGET
                and fig.modality is not Modality.TARGET
                and not periods_compatible(asked_result, src.period)
            ):
                continue
            label = VerdictLabel.TARGET if src.modality is Modality.TARGET else VerdictLabel.SUPPORTED
            if (
                src.modality is Modality.ACHIEVED
                and fig.modality is Modality.TARGET
                and ACHIEVED_CUE_RE.search(fig.sentence)
            ):
                continue
            return Verdict(
                figure=fig,
                label=label,
                source_id=source.source_id,
                source_sentence=src.sentence,
                matched=src,
                reason=f"与所引资料原文一致：{src.metric}{src.surface}",
            )
    return None


def verify_answer(
    text: str,
    sources: Sequence[SourceText],
    *,
    question: str = "",
    bureau: str | None = None,
    markers_index_sources: bool = True,
) -> list[Verdict]:
    """One verdict per figure of an answer; ``[n]`` / 资料n cite ``sources[n-1]``, never checked as figures.

    ``markers_index_sources=False`` when the ``[n]`` were not written against ``sources`` (an answer checked against
    the parts of a whole report it names as one source): then the answer cites every source, as one without markers.
    """
    figures = extract_figures(text)
    places = _claim_places(question + "\n" + text, bureau)
    verdicts, pool = _judge_all(figures, sources, places)
    metric, period = question_context(question) if question else ("", None)
    plan = asks_for_plan(question) if question else False
    # an answer that cites nothing rests on all the sources it was given
    marked = markers_index_sources and _CITE_RE.search(text) is not None
    out: list[Verdict] = []
    for v in verdicts:
        if v.label in PASSING_LABELS or v.figure.status is not FigureStatus.CLEAN:
            out.append(v)
            continue
        fig = v.figure
        retry = _retry(fig, v, pool, metric, period, plan)
        # a terse rank the question's metric puts another value on is wrong: 全市第7…全市第11 in one sentence, so
        # the same words written elsewhere say nothing about what it ranks
        asked_other = (
            retry is not None
            and retry.conflict is Conflict.VALUE
            and fig.unit == "rank"
            and len(fig.metric) < _WEAK_METRIC
        )
        if (retry is None or retry.label not in PASSING_LABELS) and not asked_other:
            cited = [sources[i] for i in _cited(text, fig, len(sources))] if marked else list(sources)
            hit = _verbatim(fig, cited, pool.index, metric, None if plan else period) if cited else None
            retry = hit or retry
        chosen = (
            retry
            if retry is not None and (retry.label in PASSING_LABELS or v.label is VerdictLabel.UNVERIFIABLE)
            else v
        )
        out.append(_asked_period(chosen, period))
    out += _dates(text)
    out.sort(key=lambda v: v.figure.start)
    return mark_ocr(out, sources)


def _retry(
    fig: Figure, first: Verdict, pool: SourcePool, metric: str, period: str | None, plan: bool
) -> Verdict | None:
    """The figure judged again with what the question says, when its own sentence names too little."""
    if not metric or len(metric) < _WEAK_METRIC:
        return None
    weak = len(fig.metric) < _WEAK_METRIC or pool.index.similarity(fig.metric, metric) >= CANDIDATE_SIM
    if not weak and first.label is not VerdictLabel.UNVERIFIABLE:
        return None
    tries = [_terse(fig, metric, period, plan)]
    if period and fig.period is None:
        tries.append(_terse(fig, metric, None, plan))
    found: list[Verdict] = []
    for candidate in tries:
        verdict = pool.judge(candidate).model_copy(update={"figure": fig})
        if verdict.label in PASSING_LABELS:
            return _note_period(verdict, period)
        found.append(verdict)
    return next((v for v in found if v.label is not VerdictLabel.UNVERIFIABLE), found[0])


def _asked_period(verdict: Verdict, asked: str | None) -> Verdict:
    """A figure the answer dates as the question does (上半年) where its source states the months that period's
    report holds (1-5月): the answer restates the question, it does not move the figure; supported, period shown."""
    src, fig = verdict.matched, verdict.figure
    if (
        asked is None
        or verdict.conflict is not Conflict.PERIOD
        or src is None
        or not periods_compatible(fig.period, asked)
        or not answers_period(fig.period or asked, src.period)
        or _status_conflict(fig, src) is not None
        or not values_agree(fig, src)
    ):
        return verdict
    return verdict.model_copy(
        update={
            "label": VerdictLabel.SUPPORTED,
            "conflict": None,
            "reason": f"与原文一致：{src.metric}{src.surface}（问题问{asked}，原文期间为{src.period}）",
        }
    )


def _note_period(verdict: Verdict, asked: str | None) -> Verdict:
    """A terse figure the question asks for 上半年 but the source states for 1-5月: supported, period shown."""
    src = verdict.matched
    if asked and src is not None and src.period and not periods_compatible(asked, src.period):
        return verdict.model_copy(update={"reason": f"{verdict.reason}（原文期间为{src.period}）"})
    return verdict
