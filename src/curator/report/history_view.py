"""The view model of the report's History section: small trend lines per dataset across the kept runs.

Plain dicts of strings and numbers; the template `sections/history.html.j2` draws them as inline SVG and escapes
every value through the report's environment. Each trend carries its numbers as a text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from curator.report.history import COUNTS, HistoryRow

View = dict[str, Any]

WIDTH, HEIGHT, PAD = 160, 32, 3
STATUS_CLASSES = {"passed": "st-passed", "warned": "st-warned", "failed": "st-failed"}


def _x(index: int, runs: int) -> float:
    if runs == 1:
        return WIDTH / 2
    return PAD + index * (WIDTH - 2 * PAD) / (runs - 1)


def _y(value: int, peak: int) -> float:
    return HEIGHT - PAD - (value / peak * (HEIGHT - 2 * PAD) if peak else 0.0)


def _shown(value: int | None) -> str:
    return "no value" if value is None else f"{value:,}"


def sparkline(name: str, measure: str, values: Sequence[int | None], runs: Sequence[str]) -> View:
    """A trend line over the runs: a segment between each two neighbouring recorded values (a run that did not
    record the value leaves a gap), a dot on the newest value, and the whole series as its label."""
    present = [v for v in values if v is not None]
    peak = max(present, default=0)
    last = max((i for i, v in enumerate(values) if v is not None), default=None)

    def alone(i: int) -> bool:  # no segment reaches it: only a dot shows it
        return all(not (0 <= j < len(values)) or values[j] is None for j in (i - 1, i + 1))

    # A dot for this run's value and for values no segment reaches; the label carries every value.
    points = [
        dict(
            x=f"{_x(i, len(values)) - 1.5:.1f}",
            y=f"{_y(v, peak) - 1.5:.1f}",
            title=f"{runs[i]}: {v:,}",
            last=i == last,
        )
        for i, v in enumerate(values)
        if v is not None and (i == last or alone(i))
    ]
    segments = [
        dict(
            x1=f"{_x(i, len(values)):.1f}",
            y1=f"{_y(a, peak):.1f}",
            x2=f"{_x(i + 1, len(values)):.1f}",
            y2=f"{_y(b, peak):.1f}",
        )
        for i, (a, b) in enumerate(pairwise(values))
        if a is not None and b is not None
    ]
    label = (
        f"{name}: {measure} in {len(values):,} kept run{'s' if len(values) != 1 else ''}, oldest to newest: "
        + ", ".join(_shown(v) for v in values)
    )
    return dict(
        name=name,
        measure=measure,
        width=WIDTH,
        height=HEIGHT,
        base_y=f"{HEIGHT - PAD:.1f}",
        segments=segments,
        points=points,
        label=label,
        first=_shown(values[0]) if values else None,
        last=_shown(values[-1]) if values else None,
        peak=f"{peak:,}" if present else None,
    )


def _total(row: HistoryRow, key: str) -> int | None:
    values = [value for counts in row.datasets.values() if (value := counts[key]) is not None]
    return sum(values) if values else None


def history_view(rows: Sequence[HistoryRow]) -> View | None:
    """The History section's view model, or None without runs. Datasets in the newest run's order, then any that
    only older runs had."""
    if not rows:
        return None
    runs = [row.run_id for row in rows]
    names: list[str] = []
    for row in reversed(rows):
        names += [name for name in row.datasets if name not in names]
    series = [
        sparkline(name, "quarantined rows", [row.datasets.get(name, {}).get("rows_quarantined") for row in rows], runs)
        for name in names
    ]
    series.append(sparkline("Cross-document", "conflicts", [row.conflicts for row in rows], runs))
    if any(row.stale_decisions is not None for row in rows):
        series.append(sparkline("Decisions", "stale", [row.stale_decisions for row in rows], runs))
    step = (WIDTH - 2 * PAD) / len(rows)
    strip = [
        dict(
            x=f"{PAD + i * step:.1f}",
            width=f"{max(step - 1, 1):.1f}",
            cls=STATUS_CLASSES.get(row.status, "st-unknown"),
            title=f"{row.run_id}: {row.status}",
        )
        for i, row in enumerate(rows)
    ]
    table = [
        dict(
            run_id=row.run_id,
            status=row.status,
            started=row.started_at,
            totals=[_shown(_total(row, key)) for key in COUNTS],
            conflicts=_shown(row.conflicts),
            stale=_shown(row.stale_decisions),
        )
        for row in reversed(rows)
    ]
    noun = "run" if len(rows) == 1 else "runs"
    return dict(
        intro=f"{len(rows):,} kept {noun}, from {rows[0].run_id} to {rows[-1].run_id} (this run).",
        width=WIDTH,
        strip=strip,
        strip_label="Status of each kept run, oldest to newest: " + ", ".join(row.status for row in rows),
        series=series,
        runs=table,
    )
