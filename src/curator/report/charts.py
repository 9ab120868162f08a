"""The geometry of the HTML report's inline SVG charts: meters, stacked bars, bar and column charts."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from curator.report import report_text as fmt
from curator.report.report_text import View

PRECISION_ORDER = ("day", "month", "year", "decade", "century", "none")
PRECISION_CLASS = {k: f"p-{k}" for k in PRECISION_ORDER}
PALETTE = ("c0", "c1", "c2", "c3", "c4", "c5")
KNOWN_CHARTS = {
    "established_per_decade": "Relations established per decade",
    "precision": "Date precision across all dated columns",
}
_DECADE = re.compile(r"\s*(-?\d+)")


def meter(fraction: float | None, cls: str, label: str) -> View:
    """A horizontal bar on a 100-wide track."""
    width = 0.0 if fraction is None else max(0.0, min(1.0, fraction)) * 100
    return dict(width=f"{width:.2f}", cls=cls, label=label)


def completeness_class(fraction: float | None) -> str:
    if fraction is None:
        return "none"
    if fraction >= 0.95:
        return "good"
    return "fair" if fraction >= 0.8 else "poor"


def segments(parts: Sequence[tuple[str, float, str]]) -> list[View]:
    """A 100% stacked bar: parts are (name, value, css class); parts without a positive value are left out."""
    total = sum(v for _, v, _ in parts if v > 0)
    segments = []
    x = 0.0
    for name, value, cls in parts:
        if value <= 0 or total <= 0:
            continue
        width = value / total * 100
        title = f"{name}: {fmt.count(value)} ({fmt.pct(value / total)})"
        segments.append(dict(x=f"{x:.3f}", width=f"{width:.3f}", cls=cls, title=title))
        x += width
    return segments


def bar_chart(items: Sequence[tuple[str, float | None, str | None]], label_header: str, classes: Sequence[str]) -> View:
    """Horizontal bars, one table row each; items are (label, value, shown value)."""
    values = [v for _, v, _ in items if v is not None and v > 0]
    top = max(values) if values else 1.0
    total = sum(values)
    rows = []
    for i, (label, value, shown) in enumerate(items):
        share = f" ({fmt.pct(value / total)})" if value is not None and total > 0 else ""
        bar = meter(None if value is None else value / top, classes[i % len(classes)], label)
        rows.append(dict(label=label, meter=bar, shown=shown, share=share))
    return dict(label_header=label_header, value_header="Count", rows=rows)


def nice_step(top: float, ticks: int = 5) -> float:
    raw = max(top, 1.0) / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return max(1.0, factor * magnitude)
    return 10.0 * magnitude


def column_chart(items: Sequence[tuple[str, float]]) -> View:
    """The geometry of a vertical bar chart of (label, value) items; labels are rotated when they do not fit."""
    bar, gap, left, right, top, plot = 26, 10, 44, 8, 18, 180
    longest = max((min(len(label), 12) for label, _ in items), default=0)
    long_labels = longest * 6.4 > bar + gap - 2
    bottom = round(18 + longest * 6.4 * 0.71) if long_labels else 30
    width = left + len(items) * (bar + gap) + right
    peak = max((v for _, v in items), default=0.0)
    step = nice_step(peak)
    ymax = max(step, math.ceil(peak / step) * step)
    gridlines = []
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = top + plot - tick / ymax * plot
        gridlines.append(dict(y=f"{y:.1f}", label_y=f"{y + 3.5:.1f}", label=fmt.count(tick)))
        tick += step
    columns = []
    for i, (label, value) in enumerate(items):
        x = left + gap / 2 + i * (bar + gap)
        h = max(0.0, value) / ymax * plot
        y = top + plot - h
        columns.append(
            dict(
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                height=f"{h:.1f}",
                cx=f"{x + bar / 2:.1f}",
                value_y=f"{y - 4:.1f}",
                label=label,
                short=fmt.shorten(label, 12),
                value=fmt.count(value),
            )
        )
    return dict(
        width=width,
        height=top + plot + bottom,
        max_width=f"{max(width * 1.4, 320):.0f}",
        bar=bar,
        left=left,
        axis_x=left - 6,
        right_x=width - right,
        base_y=top + plot,
        label_y=top + plot + (12 if long_labels else 16),
        long_labels=long_labels,
        gridlines=gridlines,
        columns=columns,
    )


# --------------------------------------------------------------------------------------------- the report's charts


def precision_keys(counts: Mapping[str, float]) -> list[str]:
    """Precisions from finest to coarsest, then any other key in its given order."""
    known = [k for k in PRECISION_ORDER if k in counts]
    return known + [k for k in counts if k not in PRECISION_ORDER]


def precision_class(key: str, index: int) -> str:
    return PRECISION_CLASS.get(key, PALETTE[index % len(PALETTE)])


def _decade_sort_key(label: str) -> tuple[int, int, str]:
    match = _DECADE.match(label)
    return (0, int(match.group(1)), label) if match else (1, 0, label)


def precision_row(column: str, counts: Mapping[str, float]) -> View:
    """A dated column's precisions as one stacked bar with its legend."""
    keys = precision_keys(counts)
    parts = [(k, float(counts[k]), precision_class(k, i)) for i, k in enumerate(keys)]
    total = sum(v for _, v, _ in parts if v > 0)
    legend = [
        dict(key=k, value=fmt.count(v), share=fmt.pct(v / total) if total else "0%", cls=cls) for k, v, cls in parts
    ]
    return dict(column=column, segments=segments(parts), legend=legend, total=fmt.count(total))


def figure(index: int, key: str, data: Mapping[str, float]) -> View:
    """One chart of the Charts section: decades as columns, any other counts as horizontal bars."""
    title = KNOWN_CHARTS.get(key) or key.replace("_", " ").capitalize()
    view: View = dict(anchor=fmt.slug("chart", index, key), title=title, columns=None, bars=None, note=None)
    if data and key == "established_per_decade":
        items = sorted(((k, float(v)) for k, v in data.items()), key=lambda kv: _decade_sort_key(kv[0]))
        view["columns"] = column_chart(items)
        view["note"] = f"{fmt.count(sum(v for _, v in items))} relations with a known establishment date."
    elif data:
        keys = precision_keys(data) if key == "precision" else list(data)
        classes = [precision_class(k, i) for i, k in enumerate(keys)] if key == "precision" else ["bar"]
        label = "Precision" if key == "precision" else "Value"
        view["bars"] = bar_chart([(k, float(data[k]), fmt.count(data[k])) for k in keys], label, classes)
    return view
