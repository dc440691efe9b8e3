"""Tiny self-contained SVG charts for the evaluation report: grouped horizontal bars and a line chart.

No JavaScript, no fonts or files fetched: each function returns one ``<svg>`` element as well-formed XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLOURS = ("#2b6cb0", "#a0aec0", "#dd6b20", "#38a169", "#805ad5")


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "", size: int = 12) -> str:
    font = f"font-family='sans-serif' font-size='{size}'"
    return f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' {font} {extra}>{escape(text)}</text>"


def _fit(text: str, units: int) -> str:
    """``text`` cut to about ``units`` half-width characters (a CJK character counts two), with an ellipsis."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0x2E80 else 1
        if used > units:
            return text[: max(0, i - 1)] + "…"
    return text


def _legend(names: Sequence[str], x: float, y: float) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        cx = x + i * 110
        parts.append(f"<rect x='{cx:.1f}' y='{y - 9:.1f}' width='10' height='10' fill='{COLOURS[i % len(COLOURS)]}'/>")
        parts.append(_text(cx + 14, y, name))
    return parts


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    max_value: float = 1.0,
    percent: bool = True,
) -> str:
    """Grouped horizontal bars: one group per category, one bar per series (None: no bar, '-' label)."""
    label_w, bar_w, bar_h, gap = 230, 330, 12, 10
    group_h = bar_h * len(series) + gap
    top = 48
    height = top + group_h * len(categories) + 10
    width = label_w + bar_w + 70
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' viewBox='0 0 {width} {height}'"
        f" role='img' aria-label='{escape(title)}'>",
        f"<title>{escape(title)}</title>",
        _text(4, 16, title, extra="font-weight='bold'"),
        *_legend([name for name, _ in series], 4, 36),
    ]
    for g, category in enumerate(categories):
        y0 = top + g * group_h
        short = _fit(category, 34)
        parts.append(_text(label_w - 6, y0 + group_h / 2, short, anchor="end"))
        for s, (_, values) in enumerate(series):
            value = values[g] if g < len(values) else None
            y = y0 + s * bar_h
            if value is None:
                parts.append(_text(label_w + 4, y + bar_h - 2, "-", extra="fill='#718096'"))
                continue
            w = max(0.0, min(1.0, value / max_value if max_value else 0.0)) * bar_w
            colour = COLOURS[s % len(COLOURS)]
            parts.append(
                f"<rect x='{label_w}' y='{y:.1f}' width='{w:.1f}' height='{bar_h - 2}' fill='{colour}'>"
                f"<title>{escape(f'{category}: {value}')}</title></rect>"
            )
            shown = f"{value:.0%}" if percent else f"{value:g}"
            parts.append(_text(label_w + w + 4, y + bar_h - 3, shown, size=10))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str,
    xs: Sequence[float],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    x_label: str = "",
    y_max: float = 1.0,
) -> str:
    """Lines over shared x values (e.g. recall@k for k = 1, 3, 5, 10); y from 0 to ``y_max``."""
    width, height, left, right, top, bottom = 460, 270, 46, 16, 50, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = (min(xs), max(xs)) if xs else (0.0, 1.0)

    def px(x: float) -> float:
        return left + (plot_w * (x - lo) / (hi - lo) if hi > lo else plot_w / 2)

    def py(y: float) -> float:
        return top + plot_h * (1 - max(0.0, min(y, y_max)) / y_max)

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' viewBox='0 0 {width} {height}'"
        f" role='img' aria-label='{escape(title)}'>",
        f"<title>{escape(title)}</title>",
        _text(4, 16, title, extra="font-weight='bold'"),
        *_legend([name for name, _ in series], left, 36),
    ]
    for i in range(5):
        y = y_max * i / 4
        parts.append(f"<line x1='{left}' y1='{py(y):.1f}' x2='{width - right}' y2='{py(y):.1f}' stroke='#e2e8f0'/>")
        parts.append(_text(left - 4, py(y) + 4, f"{y:.0%}" if y_max == 1.0 else f"{y:g}", anchor="end"))
    for x in xs:
        parts.append(_text(px(x), height - bottom + 16, f"{x:g}", anchor="middle"))
    if x_label:
        parts.append(_text(width - right, height - 4, x_label, anchor="end", extra="fill='#4a5568'"))
    for s, (name, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        points = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, values, strict=False))
        parts.append(f"<polyline points='{points}' fill='none' stroke='{colour}' stroke-width='2'/>")
        for x, v in zip(xs, values, strict=False):
            parts.append(
                f"<circle cx='{px(x):.1f}' cy='{py(v):.1f}' r='3' fill='{colour}'>"
                f"<title>{escape(f'{name} @{x:g}: {v:.3f}')}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)
