"""A bureau's house style, learned from its own reports.

The :class:`StyleProfile` counts what a bureau's past plan sections do — heading scheme, how section and
item titles open, clause openers, item length, slogans, how targets are written. The report anatomy it is
learned from (parts, blocks, plan sections and items) is :mod:`vectorstore.anatomy`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from statistics import median
from typing import Literal

from pydantic import BaseModel, Field

from scribe.figures import extract_figures
from scribe.lexicon.headings import SectionRole
from scribe.lexicon.indicators import canonical_metric
from scribe.lexicon.periods import report_kind
from scribe.lexicon.places import place_of
from scribe.lexicon.plans import main_line
from scribe.lexicon.sentences import CLAUSE_SPLIT_RE
from scribe.models import FigureStatus
from vectorstore.anatomy import Block, PlanItem, ReportPart, plan_sections, select_parts
from vectorstore.structure import ENUMERATION

_QUOTED = re.compile(r"[“\"]([^”\"“\n]{2,12})[”\"]")

TargetStyle = Literal["figures", "placeholders", "mixed", "none"]


class StyleProfile(BaseModel):
    """How a bureau writes its plans; learned from its own past plan sections."""

    bureau: str
    learned_from: list[str] = Field(default_factory=list, description="file names the profile was learned from")
    fallback_from: str | None = Field(default=None, description="bureau whose style is borrowed, when it has no plan")
    note: str | None = None
    heading_scheme: list[str] = Field(default_factory=list, description="markers by depth: 一、 / （一） / 1. / 一是")
    plan_heading: str = "下步工作思路"
    section_titles: list[str] = Field(default_factory=list)
    section_leads: list[str] = Field(default_factory=list, description="how section titles open: 聚力 / 抓")
    item_titles: list[str] = Field(default_factory=list)
    item_leads: list[str] = Field(default_factory=list, description="how item titles open: 抓 / 从严")
    openers: list[str] = Field(default_factory=list, description="how plan clauses open: 力争 / 确保 / 深入实施")
    item_chars: int = 0
    items_per_section: float = 0.0
    sections_per_plan: float = Field(default=0.0, description="sections a past plan has, on average")
    items_per_plan: float = Field(default=0.0, description="items a past plan has in all, on average")
    kind_items_per_plan: float = Field(
        default=0.0, description="without a plan of its own: items the plans of reports of its kind have (median)"
    )
    kind_item_chars: int = Field(default=0, description="without a plan of its own: their items' length (median)")
    line_share: dict[str, float] = Field(
        default_factory=dict,
        description="per standing line of work: share of the plans learned from (its own, else its kind's) with an "
        "item on it",
    )
    phrases: list[str] = Field(default_factory=list, description="recurring slogans and programmes")
    target_style: TargetStyle = "none"
    target_figures: int = 0
    target_placeholders: int = 0

    @property
    def own_plans(self) -> bool:
        """The profile was learned from plans of the bureau's own, not borrowed from another bureau."""
        return self.fallback_from is None and self.items_per_plan > 0

    @property
    def item_marker(self) -> str:
        return self.heading_scheme[-1] if len(self.heading_scheme) > 2 else ""

    def describe(self, *, examples: bool = True) -> str:
        """The profile in a few Chinese lines, for the prompt and the UI. Without ``examples`` only the form
        (heading scheme, item length, target style): a style borrowed from another bureau lends no words."""
        if not examples:
            return "\n".join(
                [
                    f"层级序号：{' → '.join(self.heading_scheme) or '无'}",
                    f"每条约 {self.item_chars} 字，每部分约 {self.items_per_section:.1f} 条",
                    f"目标写法：{_TARGET_WORDS[self.target_style]}",
                ]
            )
        lines = [
            f"层级序号：{' → '.join(self.heading_scheme) or '无'}；计划部分标题：{self.plan_heading}",
            f"部分标题示例：{'；'.join(self.section_titles[:6]) or '无'}（常用开头：{'、'.join(self.section_leads) or '无'}）",
            f"条目标题示例：{'；'.join(self.item_titles[:8]) or '无'}（常用开头：{'、'.join(self.item_leads) or '无'}）",
            f"常用句首：{'、'.join(self.openers[:12]) or '无'}；每条约 {self.item_chars} 字，每部分约 {self.items_per_section:.1f} 条",
            f"惯用提法：{'、'.join(self.phrases[:12]) or '无'}",
            f"目标写法：{_TARGET_WORDS[self.target_style]}（数字 {self.target_figures} 个，X 占位 {self.target_placeholders} 个）",
        ]
        if self.note:
            lines.insert(0, self.note)
        return "\n".join(lines)


def marker_kind(marker: str) -> str:
    """The kind of a heading marker, written with ordinal one: 三、 → 一、, （二） → （一）, 2. → 1., 三是 → 一是."""
    inner = marker.strip("（()） \t")
    if marker.endswith("是"):
        return "一是"
    if marker[:1] in "（(":
        return "（1）" if inner.isdigit() else "（一）"
    if marker[:1].isdigit():
        return "1."
    return "一、"


_TARGET_WORDS = {"figures": "写出具体数字", "placeholders": "留 X 待填", "mixed": "数字与 X 混用", "none": "无量化目标"}


def _leads(titles: Sequence[str]) -> list[str]:
    ones = Counter(t[:1] for t in titles if t)
    out = []
    for lead, count in ones.most_common():
        if count < 2:
            break
        twos = Counter(t[:2] for t in titles if t.startswith(lead))
        two, two_count = twos.most_common(1)[0]
        out.append(two if two_count == count else lead)
    return out


def _openers(texts: Sequence[str]) -> list[str]:
    clauses = [c.strip() for t in texts for c in CLAUSE_SPLIT_RE.split(t) if len(c.strip()) >= 4]
    clauses = [c for c in clauses if "\u4e00" <= c[0] <= "\u9fff" and not ENUMERATION.match(c)]
    fours = Counter(c[:4] for c in clauses)
    twos = Counter(c[:2] for c in clauses)
    kept = [g for g, n in fours.most_common() if n >= 2]
    kept += [g for g, n in twos.most_common() if n >= 2 and not any(k.startswith(g) and fours[k] == n for k in kept)]
    return sorted(kept, key=lambda g: (-(fours[g] if len(g) == 4 else twos[g]), -len(g)))[:20]


def learn_profile(bureau: str, parts: Sequence[ReportPart]) -> StyleProfile:
    """Count what the bureau's own plan sections do. ``parts`` should have a plan block."""
    schemes: Counter[tuple[str, ...]] = Counter()
    section_titles: list[str] = []
    items: list[PlanItem] = []
    plan_texts: list[str] = []
    n_sections = 0
    n_plans = 0
    plan_heading = ""
    targets = Counter[str]()
    for part in parts:
        for block in part.role_blocks(SectionRole.PLAN):
            plan_heading = plan_heading or re.sub(r"^[12][\dXＸxOo]{3}年", "", block.title)
            _, sections = plan_sections(part, block)
            n_plans += 1
            markers = ["一、"]
            markers += [marker_kind(m) for m in (sections[0].marker if sections else "",) if m]
            first_items = [marker_kind(s.items[0].marker) for s in sections if s.items and s.items[0].marker]
            if first_items:
                markers.append(Counter(first_items).most_common(1)[0][0])
            schemes[tuple(markers)] += 1
            section_titles += [s.title for s in sections if s.title]
            n_sections += len(sections)
            for s in sections:
                items += s.items
                plan_texts += [i.text for i in s.items]
            for f in extract_figures(part.text[block.body_start : block.end]):
                targets[f.status.value] += 1
    phrases = Counter(m.group(1) for p in parts for m in _QUOTED.finditer(p.text))
    phrases.update(m.group(1) for t in plan_texts for m in _QUOTED.finditer(t))  # plans' own slogans count double
    clean, holes = targets[FigureStatus.CLEAN.value], targets[FigureStatus.PLACEHOLDER.value]
    total = clean + holes
    style: TargetStyle = (
        "none"
        if not total
        else "placeholders"
        if holes / total > 0.6
        else "figures"
        if holes / total < 0.2
        else "mixed"
    )
    item_titles = [i.title for i in items if i.title]
    item_starts = [i.title or i.text[:8] for i in items if i.marker]
    plans = [(p, b) for p in parts for b in p.role_blocks(SectionRole.PLAN)]
    return StyleProfile(
        bureau=bureau,
        learned_from=sorted({p.file_name for p in parts}),
        heading_scheme=list(schemes.most_common(1)[0][0]) if schemes else ["一、", "（一）", "一是"],
        plan_heading=plan_heading or "下步工作思路",
        section_titles=section_titles,
        section_leads=_leads(section_titles),
        item_titles=item_titles,
        item_leads=_leads(item_starts),
        openers=_openers(plan_texts),
        item_chars=int(median(len(i.text) for i in items)) if items else 0,
        items_per_section=len(items) / n_sections if n_sections else 0.0,
        sections_per_plan=n_sections / n_plans if n_plans else 0.0,
        items_per_plan=len(items) / n_plans if n_plans else 0.0,
        phrases=[p for p, n in phrases.most_common(15) if n >= 2],
        target_style=style,
        target_figures=clean,
        target_placeholders=holes,
        line_share=plan_line_share(plans),
    )


def _item_line(item: PlanItem) -> str | None:
    """The standing line of work a plan item is about: its title's, else its first clause's."""
    said = item.title or next(iter(CLAUSE_SPLIT_RE.split(item.text)), "")
    line = main_line(canonical_metric(said))
    return line.name if line is not None else None


def plan_line_share(plans: Sequence[tuple[ReportPart, Block]]) -> dict[str, float]:
    """Per line of work, the share of ``plans`` with an item on it: what the bureau (or its kind) plans most."""
    counts: Counter[str] = Counter()
    for part, block in plans:
        counts.update({n for sec in plan_sections(part, block)[1] for it in sec.items if (n := _item_line(it))})
    return {name: n / len(plans) for name, n in counts.items()} if plans else {}


def _bigram_vector(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1) if "\u4e00" <= text[i] <= "\u9fff")


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def build_profile(bureau: str, corpus: Sequence[ReportPart]) -> StyleProfile:
    """The bureau's own profile; without a past plan, the most similar bureau's, with a note saying so."""
    own = select_parts(corpus, bureau)
    label = own[0].label if own else bureau
    with_plan = [p for p in own if p.role_blocks(SectionRole.PLAN)]
    if with_plan:
        return learn_profile(label, with_plan)
    own_keys = {p.key for p in own}
    others = [p for p in corpus if p.key not in own_keys and p.role_blocks(SectionRole.PLAN)]
    if not others:
        return StyleProfile(
            bureau=label, heading_scheme=["一、", "（一）", "一是"], note="语料中没有任何工作计划，使用通用公文层级。"
        )
    mine = _bigram_vector("".join(p.text for p in own))
    level = own[0].region_level if own else place_of(bureau).level

    def score(p: ReportPart) -> float:
        return _cosine(mine, _bigram_vector(p.text)) + (0.2 if level and p.region_level == level else 0.0)

    best = max(others, key=score)
    profile = learn_profile(label, [p for p in others if p.key == best.key])
    note = f"{label}没有以往的工作计划，文风沿用最相近的{best.label}（相似度 {score(best):.2f}）。"
    kind = report_kind(own[0].period) if own else None
    counts, chars = kind_plan_shape(others, kind)
    plans = [(p, b) for p in others for b in p.role_blocks(SectionRole.PLAN)]
    alike = [(p, b) for p, b in plans if kind is not None and report_kind(p.period) == kind] or plans
    update = {"fallback_from": best.label, "note": note, "kind_items_per_plan": counts, "kind_item_chars": chars}
    return profile.model_copy(update={**update, "line_share": plan_line_share(alike)})


def kind_plan_shape(others: Sequence[ReportPart], kind: str | None) -> tuple[float, int]:
    """(items, item length) of the plans of reports of ``kind`` (:func:`scribe.lexicon.periods.report_kind`) among
    ``others``, as medians over the plans; every plan when none is of that kind or the kind is unknown."""
    plans = [(p, b) for p in others for b in p.role_blocks(SectionRole.PLAN)]
    alike = [(p, b) for p, b in plans if kind is not None and report_kind(p.period) == kind] or plans
    counts: list[int] = []
    lengths: list[int] = []
    for part, block in alike:
        items = [it for sec in plan_sections(part, block)[1] for it in sec.items]
        if items:
            counts.append(len(items))
            lengths += [len(it.text) for it in items]
    return (float(median(counts)) if counts else 0.0), (int(median(lengths)) if lengths else 0)
