"""Generate a labelled figure-claims benchmark from a corpus, deterministically (fixed seed).

Faithful restatements are built from the source's own words (the clause up to the figure),
changed only in ways that keep the meaning: a reporting prefix, an exact unit conversion,
a Chinese numeral, a hedge that is true (约 at lower precision, 近/超 around the value).
Corruptions change exactly one thing: a digit, the unit, the metric (another figure of the
same sentence), the bureau, the year, a rank, % vs 个百分点, or target vs achieved.

    python -m eval.datasets.generate_claims --corpus /work/shared/corpus --out eval/datasets/figure_claims.jsonl
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from scribe.figures.extract import extract_figures
from scribe.figures.models import SourceText
from scribe.lexicon.hedges import TARGET_CUE_RE
from scribe.lexicon.numerals import ORDINAL_CLASS, format_number, round_half_up, to_chinese_numeral
from scribe.lexicon.places import place_mentions
from scribe.models import Figure, FigureKind, FigureStatus, Modality
from vectorstore.sources import load_sources

logger = logging.getLogger(__name__)

SEED = 20240601
_CUE_RE = TARGET_CUE_RE
_BAD_FRAGMENT_RE = re.compile(r"[Xx]|虬|[OIlL]\d|\d[OIlL]")

Claim = dict[str, str]


def _unit_of(surface: str) -> str:
    """``6099.1万元`` -> ``万元``; empty when the surface does not start with digits."""
    m = re.match(r"[\d.,]+", surface)
    return surface[m.end() :] if m else ""


def _fragment(text: str, fig: Figure) -> str | None:
    """The source's words from a clause start (~50 characters back at most) to the end of the figure's clause."""
    start = max(fig.start - 50, 0)
    head = text[start : fig.start]
    cut = max(head.rfind(ch) for ch in "。；;\n")
    if cut >= 0:
        head = head[cut + 1 :]
    elif start > 0:
        comma = min((i for i in (head.find(ch) for ch in ",，、") if i >= 0), default=-1)
        if comma < 0:
            return None
        head = head[comma + 1 :]
    rest = text[fig.start : fig.start + 40]
    stop = min((i for i in (rest.find(ch) for ch in ",，;；。\n") if i >= 0), default=len(rest))
    frag = (head + rest[:stop]).strip(" ,，、")
    frag = re.sub(
        rf"^\s*(?:{ORDINAL_CLASS}{{1,2}}是|\d{{1,2}}\s?[.、]|[(（](?:{ORDINAL_CLASS}|\d){{1,2}}[)）])", "", frag
    )
    if len(frag) < 6 or _BAD_FRAGMENT_RE.search(frag) or len(rest[:stop]) < len(fig.surface):
        return None
    return frag


class _Builder:
    def __init__(self, doc: str, source: SourceText, bureaus: list[str], rng: random.Random) -> None:
        self.doc = doc
        self.source = source
        self.bureau = source.bureau or "该科技局"
        self.other_bureaus = [b for b in bureaus if b != source.bureau and b]
        self.rng = rng
        self.figures: list[Figure] = []

    def prefix(self, fig: Figure, frag: str) -> str:
        shown = [f for f in self.figures if f.sentence == fig.sentence and f.surface in frag] or [fig]
        if any(f.modality is Modality.TARGET and not _CUE_RE.search(frag[: frag.find(f.surface)]) for f in shown):
            return f"{self.bureau}提出目标："
        return self.rng.choice([f"{self.bureau}报告显示，", f"据{self.bureau}工作总结，", f"{self.bureau}："])

    def claims(self, fig: Figure, frag: str, siblings: list[Figure]) -> Iterator[tuple[str, str, str, str]]:
        """(claim, label, kind, note) for one figure."""
        pre = self.prefix(fig, frag)
        idx = frag.index(fig.surface)
        head, tail = frag[:idx], frag[idx + len(fig.surface) :]

        def swap(new: str) -> str:
            return pre + head + new + tail

        yield pre + frag, "supported", "verbatim", "原文原句"
        if fig.modality is Modality.ACHIEVED:
            for lead in (f"{self.bureau}在工作报告中写道：", f"根据{self.bureau}的材料，", f"（{self.bureau}）"):
                yield lead + frag, "supported", "paraphrase", "换一种引述"
        elif pre.endswith("提出目标："):
            yield f"{self.bureau}在工作计划中提出目标：" + frag, "supported", "paraphrase", "换一种引述（目标）"
        yield from self._faithful_variants(fig, swap)
        yield from self._corruptions(fig, frag, swap, pre, siblings)

    def _faithful_variants(self, fig: Figure, swap: Callable[[str], str]) -> Iterator[tuple[str, str, str, str]]:
        num = fig.surface
        value = fig.value
        if value is None or fig.qualifier or fig.value_high is not None:
            return
        if fig.unit == "元" and "万元" in num and value >= 1e6:
            yield swap(f"{format_number(value / 1e8, 8)}亿元"), "supported", "unit_conversion", "万元→亿元（精确）"
        elif fig.unit == "元" and "亿元" in num:
            yield swap(f"{format_number(value / 1e4, 4)}万元"), "supported", "unit_conversion", "亿元→万元（精确）"
        if fig.kind is FigureKind.COUNT and fig.scale == 1 and value.is_integer() and 2 <= value < 100:
            unit = _unit_of(num)
            if unit and unit not in ("期", "批", "年"):
                yield swap(to_chinese_numeral(int(value)) + unit), "supported", "chinese_numeral", f"{num}写成汉字"
        if fig.unit in ("元", "%", "平方米") and fig.decimals >= 1:
            number = value / fig.scale
            unit = _unit_of(num)
            lower = round_half_up(number, fig.decimals - 1)
            if abs(lower - number) > 1e-9 and unit:
                yield (
                    swap("约" + format_number(lower, fig.decimals - 1) + unit),
                    "supported",
                    "rounding_hedged",
                    "约=四舍五入",
                )
                if lower > number and (lower - number) <= 0.1 * lower:
                    yield (
                        swap("近" + format_number(lower, fig.decimals - 1) + unit),
                        "supported",
                        "rounding_hedged",
                        "近=略低于",
                    )
                elif lower < number:
                    yield (
                        swap("超" + format_number(lower, fig.decimals - 1) + unit),
                        "supported",
                        "rounding_hedged",
                        "超=略高于",
                    )
                    yield (
                        swap(format_number(lower, fig.decimals - 1) + unit),
                        "unsupported",
                        "unhedged_rounding",
                        "未加约的四舍五入",
                    )

    def _corruptions(
        self, fig: Figure, frag: str, swap: Callable[[str], str], pre: str, siblings: list[Figure]
    ) -> Iterator[tuple[str, str, str, str]]:
        num = fig.surface
        digits = [i for i, ch in enumerate(num) if ch.isdigit()]
        if digits and fig.value is not None and not fig.qualifier:
            sibling_values = {o.surface for o in siblings}
            for i in sorted(set(self.rng.sample(digits, min(2, len(digits))))):
                new_digit = str((int(num[i]) + self.rng.choice([1, 2, 3, 7])) % 10)
                changed = num[:i] + new_digit + num[i + 1 :]
                if (changed[0] != "0" or changed.startswith("0.")) and changed not in sibling_values:
                    yield swap(changed), "unsupported", "digit_change", f"{num}→{changed}"
        if "万元" in num:
            yield swap(num.replace("万元", "亿元")), "unsupported", "unit_change", "万元→亿元"
        elif "亿元" in num:
            yield swap(num.replace("亿元", "万元")), "unsupported", "unit_change", "亿元→万元"
        elif "万" in num and fig.unit != "元":
            yield swap(num.replace("万", "")), "unsupported", "unit_change", "丢掉“万”"
        if fig.unit == "%" and fig.kind in (FigureKind.GROWTH, FigureKind.OTHER) and not fig.qualifier:
            yield swap(num.replace("%", "个百分点")), "unsupported", "percent_points_confusion", "%→个百分点"
        if fig.unit == "个百分点":
            yield swap(num.replace("个百分点", "%")), "unsupported", "percent_points_confusion", "个百分点→%"
        if fig.unit == "rank" and fig.value is not None and fig.qualifier != "前":
            new = int(fig.value) + self.rng.choice([2, 3, 5])
            yield (
                swap(re.sub(rf"\d+|{ORDINAL_CLASS}+", str(new), num, count=1)),
                "unsupported",
                "ranking_change",
                f"名次改为{new}",
            )
        for other in siblings if not fig.qualifier else []:
            if (
                other is not fig
                and other.unit == fig.unit
                and other.kind is fig.kind
                and other.value != fig.value
                and other.status is FigureStatus.CLEAN
                and other.value_high is None
                and other.surface not in frag
            ):
                yield swap(other.surface), "unsupported", "metric_swap", f"换成同句另一指标的数字{other.surface}"
                break
        if self.other_bureaus and self.source.bureau and not place_mentions(frag):
            other_bureau = self.rng.choice(self.other_bureaus)
            yield (
                pre.replace(self.bureau, other_bureau) + frag,
                "unsupported",
                "wrong_bureau",
                f"单位换成{other_bureau}",
            )
        year = re.search(r"(20\d\d)年", frag)
        if year:
            new_year = str(int(year.group(1)) + self.rng.choice([-2, -1, 1]))
            if new_year + "年" not in self.source.text:
                yield (
                    pre + frag.replace(year.group(0), new_year + "年", 1),
                    "unsupported",
                    "wrong_period",
                    f"年份改为{new_year}",
                )
        flipped = any(
            o.value == fig.value and o.unit == fig.unit and o.modality is not fig.modality for o in self.figures
        )
        if flipped:
            return
        if fig.modality is Modality.TARGET and fig.value is not None:
            stripped = _CUE_RE.sub("", frag).replace("以上", "")
            yield f"{self.bureau}报告显示，已经{stripped}", "unsupported", "target_as_achieved", "把目标写成已完成"
        elif fig.modality is Modality.ACHIEVED and not fig.estimated and fig.value is not None and fig.unit != "rank":
            plain = re.sub(r"截至目前|截至\d{1,2}月(?:底)?|目前|已经|已", "", frag)
            yield f"{self.bureau}提出，下一步力争{plain}", "unsupported", "achieved_as_target", "把已完成写成目标"


def generate(corpus: Path, seed: int = SEED) -> list[Claim]:
    rng = random.Random(seed)
    files = sorted(corpus.glob("*.txt"))
    all_sources = [(f.name, s) for f in files for s in load_sources(f)]
    bureaus = sorted({s.bureau for _, s in all_sources if s.bureau and not s.bureau.startswith(("区", "县", "市"))})
    out: list[Claim] = []
    seen: set[str] = set()
    for doc, source in all_sources:
        builder = _Builder(doc, source, bureaus, rng)
        figures = extract_figures(source.text, default_period=source.period)
        builder.figures = figures
        damaged = [f.surface for f in figures if f.status is not FigureStatus.CLEAN]
        for fig in figures:
            if fig.status is not FigureStatus.CLEAN or fig.value is None:
                continue
            frag = _fragment(source.text, fig)
            if frag is None or frag.count(fig.surface) != 1 or any(d in frag for d in damaged):
                continue
            shown = [f for f in figures if f.surface in frag and f.sentence == fig.sentence]
            if any(f.metric and f.metric[-3:] not in frag for f in [fig, *shown]):
                continue  # a metric inherited from an earlier clause the fragment does not show
            siblings = [f for f in figures if f.sentence == fig.sentence]
            for claim, label, kind, note in builder.claims(fig, frag, siblings):
                if claim in seen:
                    continue
                seen.add(claim)
                out.append(
                    {
                        "id": f"g{len(out) + 1:05d}",
                        "doc": doc,
                        "claim": claim,
                        "label": label,
                        "kind": kind,
                        "note": note,
                    }
                )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    claims = generate(args.corpus, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for claim in claims:
            fh.write(json.dumps(claim, ensure_ascii=False) + "\n")
    logging.basicConfig(level=logging.INFO)
    logger.info("wrote %d claims to %s", len(claims), args.out)


if __name__ == "__main__":
    main()
