"""Render a run's quality report (the dict written as report.json) as one self-contained HTML page.

This module reads the report (hostile JSON: any key may be missing, any string may come from a document) into a
view model of plain strings, numbers and small frozen dataclasses; the Jinja2 templates in
``curator/templates`` decide the layout. Escaping is structural: the environment autoescapes, and its
``finalize`` hook passes every value a template prints through one function that makes control characters
visible, caps the length and escapes with ``html.escape(quote=True)``. No HTML is built here.

The page has no scripts, no external resources (fonts, images, stylesheets) and a strict
Content-Security-Policy. The only ``href`` built from the report is an artifact link, and only after it is
proven to be a plain relative path.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["render_report_html"]

MAX_EXAMPLES = 5
MAX_TEXT = 2000
MAX_FINDINGS_PER_GROUP = 500
FINDINGS_OPEN_LIMIT = 25
FILES_OPEN_LIMIT = 15
TOP_MESSAGES = 10

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STATUS_LABELS = {"passed": "\u2713 passed", "warned": "! warned", "failed": "\u2717 failed"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
PRECISION_ORDER = ("day", "month", "year", "decade", "century", "none")
PRECISION_CLASS = {k: f"p-{k}" for k in PRECISION_ORDER}
PALETTE = ("c0", "c1", "c2", "c3", "c4", "c5")
DOCUMENT_COUNTS = (
    "bytes",
    "lines",
    "sections",
    "tables",
    "table_rows",
    "list_items",
    "paragraphs",
    "residue_lines",
    "ragged_rows",
)
KNOWN_CHARTS = {
    "established_per_decade": "Relations established per decade",
    "precision": "Date precision across all dated columns",
}
# Conflicts are shown open, one by one; the other verdicts are counted and listed collapsed in this order.
VERDICTS = ("conflict", "compatible", "agree")
# Stale decisions come first: they no longer match the data and need a reviewer.
DECISION_STATUSES = ("stale", "applied", "accepted", "excluded")
DECISION_GROUP_LABELS = {
    "stale": "Stale \u2014 no longer match the data; a reviewer must renew or remove them",
    "applied": "Applied",
    "accepted": "Accepted",
    "excluded": "Excluded",
}

# C0 controls (except tab and newline) and DEL become visible Control Pictures; lone surrogates become U+FFFD.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_CONTROL_PICTURES[0x7F] = 0x2421
_SURROGATE = re.compile("[\ud800-\udfff]")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SAFE_RELATIVE = re.compile(r"[A-Za-z0-9._~/#?=&%+-]+")
_DECADE = re.compile(r"\s*(-?\d+)")
OPEN_END = "\u2026"


# --------------------------------------------------------------------------------------------- the text policy


def _shorten(value: object, limit: int) -> str:
    """The value as text with control characters made visible, cut to ``limit`` characters with a note."""
    text = _SURROGATE.sub("\ufffd", _raw(value).translate(_CONTROL_PICTURES))
    if len(text) > limit:
        text = f"{text[:limit]}\u2026 [{len(text) - limit:,} more characters]"
    return text


def _escape_printed(value: object) -> Markup:
    """The templates' finalize hook: every printed value is cleaned, capped and escaped here, exactly once.

    Markup reaching this point was produced by the templates themselves (a macro's or a block's output, already
    escaped piece by piece); anything else is text and is escaped with ``html.escape(quote=True)``.
    """
    if isinstance(value, Markup):
        return value
    # The one place text becomes markup, and only as its escaped form. html.escape rather than markupsafe's own
    # escape keeps the page's entities as they always were (&quot; and &#x27;, not &#34; and &#39;).
    return Markup(html.escape(_shorten(value, MAX_TEXT), quote=True))  # noqa: S704


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("curator", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_escape_printed,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["thousands"] = "{:,}".format
    environment.filters["plural"] = _plural
    return environment


# --------------------------------------------------------------------------------------------- reading values


def _raw(value: object) -> str:
    """The value as plain text; None is the empty string."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _text(value: object) -> str | None:
    """The value as text, or None (not shown) when it is missing or empty."""
    return None if value in (None, "") else _raw(value)


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _as_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# --------------------------------------------------------------------------------------------- formatting


def _count(value: object) -> str | None:
    """A count with thousands separators, a non-number as its text; None (shown as a dash) when absent."""
    whole = _as_int(value)
    if whole is not None:
        return f"{whole:,}"
    number = _as_float(value)
    if number is not None:
        return f"{number:,.2f}"
    return None if value is None else _raw(value)


def _pct(fraction: float) -> str:
    """A fraction as a percentage that never rounds a partial value to 0% or 100%."""
    shown = f"{fraction * 100:.1f}"
    if shown == "100.0" and fraction < 1:
        shown = "99.9"
    if shown in ("0.0", "-0.0") and fraction > 0:
        return "<0.1%"
    return f"{shown}%"


def _share(part: object, whole: object) -> str | None:
    """part / whole as a percentage, or None when either is not a number or the whole is not positive."""
    p, w = _as_float(part), _as_float(whole)
    if p is None or w is None or w <= 0:
        return None
    return _pct(p / w)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """ "1 row", "2 rows"."""
    return f"{count:,} {word if count == 1 else (plural or f'{word}s')}"


def _slug(prefix: str, index: int, name: object) -> str:
    slug = _SLUG_DROP.sub("-", _raw(name).lower()).strip("-")[:40]
    return f"{prefix}-{index}-{slug}" if slug else f"{prefix}-{index}"


def _safe_relative_href(value: object) -> str | None:
    """The link if it is a plain relative path (no scheme, no host, no whitespace), else None."""
    if not isinstance(value, str) or not value or len(value) > 500:
        return None
    if not _SAFE_RELATIVE.fullmatch(value) or value.startswith("/"):
        return None
    return value


def _duration(value: object) -> str | None:
    seconds = _as_float(value)
    if seconds is None:
        return None if value is None else _raw(value)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def _severity_rank(value: object) -> int:
    return SEVERITY_ORDER.get(_raw(value).lower(), 3)


def _precision_keys(counts: Mapping[str, Any]) -> list[str]:
    known = [k for k in PRECISION_ORDER if k in counts]
    return known + [k for k in counts if k not in PRECISION_ORDER]


def _precision_class(key: str, index: int) -> str:
    return PRECISION_CLASS.get(key, PALETTE[index % len(PALETTE)])


def _decade_sort_key(label: str) -> tuple[int, int, str]:
    match = _DECADE.match(label)
    return (0, int(match.group(1)), label) if match else (1, 0, label)


def _failed(check: Mapping[str, Any]) -> bool:
    passed = check.get("passed")
    if isinstance(passed, bool):
        return not passed
    failing = _as_float(check.get("failing_rows"))
    return failing is not None and failing > 0


def _is_open(check: Mapping[str, Any]) -> bool:
    """A failing check that no reviewer has accepted: it needs attention."""
    return _failed(check) and not _map(check.get("accepted"))


def _check_order(check: Mapping[str, Any]) -> tuple[bool, int, float]:
    """Open before accepted, errors before warnings, more failing rows first."""
    return (not _is_open(check), _severity_rank(check.get("severity")), -(_as_float(check.get("failing_rows")) or 0))


# --------------------------------------------------------------------------------------------- view model: pieces


@dataclass(frozen=True)
class Badge:
    """A small coloured label: a run status, a severity, a verdict."""

    text: str
    cls: str


@dataclass(frozen=True)
class Pill:
    """A rounded state label (published, held back, pass, fail)."""

    text: str
    cls: str
    title: str | None = None


@dataclass(frozen=True)
class Moment:
    """A timestamp as shown: ``text`` None means not given; ``iso`` only when the text parsed as ISO 8601."""

    text: str | None
    iso: str | None = None


@dataclass(frozen=True)
class Loc:
    """Where a row came from: file and ":line" (empty when no line)."""

    file: str
    line: str


@dataclass(frozen=True)
class Command:
    """A command a reviewer can copy: its label (set, exclude, accept) and the exact text."""

    label: str
    text: str


@dataclass(frozen=True)
class Tile:
    """One number of an overview grid; ``total`` (shown as "/ total") only when ``has_total``."""

    label: str
    value: str | None
    note: str
    tone: str = ""
    total: str | None = None
    has_total: bool = False
    note_share: str | None = None


@dataclass(frozen=True)
class NavItem:
    anchor: str
    label: str
    mark: str = ""
    children: tuple[NavItem, ...] = ()


def _severity_badge(value: object) -> Badge:
    key = _raw(value).lower()
    return Badge(_raw(value) if value is not None else "?", key if key in SEVERITY_ORDER else "other")


def _status_badge(status: object) -> Badge:
    key = _raw(status).lower()
    if key in STATUS_LABELS:
        return Badge(STATUS_LABELS[key], key)
    return Badge(f"? {_raw(status) or 'unknown'}", "unknown")


def _state_pill(ds: Mapping[str, Any]) -> Pill | None:
    published = ds.get("published")
    if published is True:
        return Pill("published", "ok")
    if published is False:
        if ds.get("kept_previous") is True:
            return Pill("held back \u00b7 previous kept", "bad", "the previous run's version was kept")
        return Pill("held back", "bad")
    return None


def _loc(source_file: object, source_line: object) -> Loc | None:
    if source_file is None and source_line is None:
        return None
    line = _as_int(source_line)
    suffix = "" if source_line is None else f":{line if line is not None else _raw(source_line)}"
    return Loc("?" if source_file is None else _raw(source_file), suffix)


def _gutter(source_line: object) -> str | None:
    line = _as_int(source_line)
    return None if line is None else f"{line:,}"


def _moment(value: object) -> Moment:
    if not isinstance(value, str) or not value:
        return Moment(None if value is None or value == "" else _raw(value))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return Moment(value)
    offset = moment.utcoffset()
    zone = "" if offset is None else (" UTC" if not offset else f" {moment:%z}")
    return Moment(f"{moment:%Y-%m-%d %H:%M:%S}{zone}", moment.isoformat())


def _accept_commands(check: Mapping[str, Any]) -> tuple[Command, ...]:
    """The command that accepts a failing check, when the report gives one."""
    command = check.get("accept_command")
    return () if command in (None, "") else (Command("accept", _raw(command)),)


def _commands(value: object) -> tuple[Command, ...]:
    """The example's commands ({label: command}) that have text, in the report's order."""
    return tuple(Command(_raw(label), _raw(text)) for label, text in _map(value).items() if text not in (None, ""))


# --------------------------------------------------------------------------------------------- view model: charts


@dataclass(frozen=True)
class Meter:
    """A horizontal bar on a 100-wide track."""

    width: str
    cls: str
    label: str


@dataclass(frozen=True)
class Segment:
    x: str
    width: str
    cls: str
    title: str


@dataclass(frozen=True)
class BarRow:
    label: str
    meter: Meter
    shown: str | None
    share: str


@dataclass(frozen=True)
class BarChart:
    label_header: str
    value_header: str
    rows: tuple[BarRow, ...]


@dataclass(frozen=True)
class Gridline:
    y: str
    label_y: str
    label: str | None


@dataclass(frozen=True)
class Column:
    x: str
    y: str
    height: str
    cx: str
    value_y: str
    label: str
    short: str
    value: str | None


@dataclass(frozen=True)
class ColumnChart:
    """A vertical bar chart: every coordinate is computed here, the template only draws it."""

    width: int
    height: int
    max_width: str
    left: int
    axis_x: int
    right_x: int
    base_y: int
    label_y: int
    long_labels: bool
    bar: int
    gridlines: tuple[Gridline, ...]
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Figure:
    anchor: str
    title: str
    columns: ColumnChart | None = None
    bars: BarChart | None = None
    note: str | None = None


def _meter(fraction: float | None, cls: str, label: str) -> Meter:
    width = 0.0 if fraction is None else max(0.0, min(1.0, fraction)) * 100
    return Meter(f"{width:.2f}", cls, label)


def _completeness_class(fraction: float | None) -> str:
    if fraction is None:
        return "none"
    if fraction >= 0.95:
        return "good"
    return "fair" if fraction >= 0.8 else "poor"


def _segments(parts: Sequence[tuple[str, float, str]]) -> tuple[Segment, ...]:
    """A 100% stacked bar: parts are (name, value, css class); parts without a positive value are left out."""
    total = sum(v for _, v, _ in parts if v > 0)
    segments = []
    x = 0.0
    for name, value, cls in parts:
        if value <= 0 or total <= 0:
            continue
        width = value / total * 100
        segments.append(Segment(f"{x:.3f}", f"{width:.3f}", cls, f"{name}: {_count(value)} ({_pct(value / total)})"))
        x += width
    return tuple(segments)


def _bar_chart(
    items: Sequence[tuple[str, float | None, str | None]], label_header: str, classes: Sequence[str]
) -> BarChart:
    """Horizontal bars, one table row each; items are (label, value, shown value)."""
    values = [v for _, v, _ in items if v is not None and v > 0]
    top = max(values) if values else 1.0
    total = sum(values)
    rows = []
    for i, (label, value, shown) in enumerate(items):
        share = f" ({_pct(value / total)})" if value is not None and total > 0 else ""
        meter = _meter(None if value is None else value / top, classes[i % len(classes)], label)
        rows.append(BarRow(label, meter, shown, share))
    return BarChart(label_header, "Count", tuple(rows))


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = max(top, 1.0) / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return max(1.0, factor * magnitude)
    return 10.0 * magnitude


def _column_chart(items: Sequence[tuple[str, float]]) -> ColumnChart:
    """The geometry of a vertical bar chart of (label, value) items, labels rotated when they do not fit."""
    bar, gap, left, right, top, plot = 26, 10, 44, 8, 18, 180
    longest = max((min(len(_shorten(label, MAX_TEXT)), 12) for label, _ in items), default=0)
    long_labels = longest * 6.4 > bar + gap - 2
    bottom = round(18 + longest * 6.4 * 0.71) if long_labels else 30
    width = left + len(items) * (bar + gap) + right
    peak = max((v for _, v in items), default=0.0)
    step = _nice_step(peak)
    ymax = max(step, math.ceil(peak / step) * step)
    gridlines = []
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = top + plot - tick / ymax * plot
        gridlines.append(Gridline(f"{y:.1f}", f"{y + 3.5:.1f}", _count(tick)))
        tick += step
    columns = []
    for i, (label, value) in enumerate(items):
        x = left + gap / 2 + i * (bar + gap)
        h = max(0.0, value) / ymax * plot
        y = top + plot - h
        short = _shorten(label, 12) if len(_shorten(label, MAX_TEXT)) > 12 else label
        columns.append(
            Column(
                f"{x:.1f}", f"{y:.1f}", f"{h:.1f}", f"{x + bar / 2:.1f}", f"{y - 4:.1f}", label, short, _count(value)
            )
        )
    return ColumnChart(
        width=width,
        height=top + plot + bottom,
        max_width=f"{max(width * 1.4, 320):.0f}",
        left=left,
        axis_x=left - 6,
        right_x=width - right,
        base_y=top + plot,
        label_y=top + plot + (12 if long_labels else 16),
        long_labels=long_labels,
        bar=bar,
        gridlines=tuple(gridlines),
        columns=tuple(columns),
    )


# --------------------------------------------------------------------------------------------- view model: sections


@dataclass(frozen=True)
class Header:
    status: Badge
    run_id: str | None
    started: Moment
    finished: Moment
    duration: str | None
    dirs: tuple[str, str] | None
    documents: tuple[str | None, str | None, str | None] | None


@dataclass(frozen=True)
class Attention:
    """One line of "Needs attention"; ``kind`` picks its wording in the template."""

    kind: str
    badge: Badge
    href: str
    link: str
    column: str | None = None
    count: str | None = None
    note: str = ""
    commands: tuple[Command, ...] = ()
    row_commands: tuple[tuple[Loc | None, tuple[Command, ...]], ...] = ()


@dataclass(frozen=True)
class Overview:
    tiles: tuple[Tile, ...]
    attention: tuple[Attention, ...]
    accepted: int


@dataclass(frozen=True)
class DatasetRow:
    anchor: str
    name: str
    rows_in: str | None
    curated: str | None
    quarantined: str | None
    excluded: str | None
    state: Pill | None
    failing: int
    failing_tone: str
    errors: int
    warnings: int
    accepted: int
    checks: int
    lowest: str | None


@dataclass(frozen=True)
class DiffCell:
    text: str | None
    cls: str = ""


@dataclass(frozen=True)
class DiffEntry:
    label: str
    column: str | None


@dataclass(frozen=True)
class DiffList:
    title: str
    cls: str
    entries: tuple[DiffEntry, ...]


@dataclass(frozen=True)
class Changes:
    """``mode``: "absent" (no diff key), "first" (diff is null) or "diff"."""

    mode: str
    previous_run_id: str | None = None
    rows: tuple[tuple[str, tuple[DiffCell, ...]], ...] = ()
    lists: tuple[DiffList, ...] = ()


@dataclass(frozen=True)
class FileRow:
    source_file: str
    title: str
    counts: tuple[str | None, ...]


@dataclass(frozen=True)
class Documents:
    read: str | None
    parsed: str | None
    rejected: str | None
    rejected_tone: str
    rejected_files: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    files: tuple[FileRow, ...]
    totals: tuple[str | None, ...]
    files_open: bool


@dataclass(frozen=True)
class Acceptance:
    decision_id: str | None
    href: str | None
    until: str | None
    reason: str | None


@dataclass(frozen=True)
class Example:
    loc: Loc | None
    message: str | None
    value_kind: str  # "" (no value key), "null", "empty" or "text"
    value: str
    source_text: str | None
    gutter: str | None
    commands: tuple[Command, ...]


@dataclass(frozen=True)
class Check:
    anchor: str
    failed: bool
    name: str
    description: str | None
    column: str | None
    severity: Badge
    kind: str | None
    failing_rows: str | None
    accepted: Acceptance | None = None
    examples: tuple[Example, ...] = ()
    examples_note: str | None = None
    accept_commands: tuple[Command, ...] = ()


@dataclass(frozen=True)
class Checks:
    total: int
    failing: tuple[Check, ...]
    passing: tuple[Check, ...]
    passing_open: bool


@dataclass(frozen=True)
class CompletenessRow:
    column: str
    cls: str
    meter: Meter
    shown: str | None


@dataclass(frozen=True)
class LegendKey:
    key: str
    value: str | None
    share: str
    cls: str


@dataclass(frozen=True)
class PrecisionRow:
    column: str
    segments: tuple[Segment, ...]
    legend: tuple[LegendKey, ...]
    total: str | None


@dataclass(frozen=True)
class Dataset:
    anchor: str
    name: str
    state: Pill | None
    rows_in: str | None
    curated: str | None
    curated_share: str | None
    quarantined: str | None
    quarantined_share: str | None
    has_excluded: bool
    excluded: str | None
    excluded_share: str | None
    column_count: int
    accounting: str | None
    checks: Checks
    no_curated_rows: bool
    completeness: tuple[CompletenessRow, ...]
    recovered: tuple[tuple[str, str, str | None], ...]
    precision: tuple[PrecisionRow, ...]
    quarantine: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class StatedValue:
    """One place that states the compared fact, with its provenance and the quoted source line."""

    loc: Loc | None
    provenance: str
    text: str | None
    edtf: str | None
    span: str | None
    source_text: str | None
    gutter: str | None


@dataclass(frozen=True)
class Comparison:
    anchor: str
    subject: str
    subject_iso3: str | None
    field: str
    verdict: str
    severity: Badge
    explanation: str | None
    values: tuple[StatedValue, ...]


@dataclass(frozen=True)
class ComparisonGroup:
    label: str
    items: tuple[Comparison, ...]


@dataclass(frozen=True)
class Consistency:
    tiles: tuple[Tile, ...]
    conflicts: tuple[Comparison, ...]
    groups: tuple[ComparisonGroup, ...]


@dataclass(frozen=True)
class Decision:
    anchor: str
    id: str
    action: str
    dataset: str | None
    target: str | None
    column: str | None
    value: str | None
    check: str | None
    byline: str
    reason: str | None
    detail: str | None


@dataclass(frozen=True)
class DecisionGroup:
    status: str
    label: str
    items: tuple[Decision, ...]
    stale: bool
    open: bool


@dataclass(frozen=True)
class Decisions:
    file: str | None
    tiles: tuple[Tile, ...]
    groups: tuple[DecisionGroup, ...]


@dataclass(frozen=True)
class Unrecognized:
    loc: Loc | None
    header: tuple[str, ...]
    rows: str | None


@dataclass(frozen=True)
class Finding:
    severity: Badge
    loc: Loc | None
    message: str


@dataclass(frozen=True)
class FindingGroup:
    label: str | None
    rows_total: int
    severities: str
    top: tuple[tuple[str, int], ...]
    rows: tuple[Finding, ...]
    hidden: int
    open: bool


@dataclass(frozen=True)
class Artifact:
    label: str
    value: str
    href: str | None


@dataclass(frozen=True)
class Page:
    title: str
    csp: str
    nav: tuple[NavItem, ...]
    header: Header
    overview: Overview
    datasets: tuple[DatasetRow, ...]
    show_excluded: bool
    changes: Changes
    consistency: Consistency | None
    decisions: Decisions | None
    charts: tuple[Figure, ...]
    documents: Documents | None
    dataset_sections: tuple[Dataset, ...]
    unrecognized: tuple[Unrecognized, ...] | None
    findings: tuple[FindingGroup, ...] | None
    finding_count: int
    artifacts: tuple[Artifact, ...]


# --------------------------------------------------------------------------------------------- building the model


class _PageBuilder:
    """Reads the report once and builds each part of the page's view model."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.report = report
        self.datasets = [(_raw(name), _map(ds)) for name, ds in _map(report.get("datasets")).items()]
        self.ds_ids = [_slug("ds", i, name) for i, (name, _) in enumerate(self.datasets, 1)]
        self.comparisons = [
            _comparison(_map(c), _slug("consistency", i, _map(c).get("subject")))
            for i, c in enumerate(_list(report.get("consistency")), 1)
        ]
        decisions = report.get("decisions")
        self.decisions = None if decisions is None else _map(decisions)
        self.decision_list = [_map(d) for d in _list(_map(decisions).get("list"))]
        self.decision_ids = [_slug("decision", i, d.get("id")) for i, d in enumerate(self.decision_list, 1)]

    def build(self) -> Page:
        r = self.report
        charts = self.charts()
        documents = self.documents()
        unrecognized = self.unrecognized()
        findings = self.findings()
        consistency = self.consistency()
        decisions = self.decisions_view()
        nav = [NavItem("overview", "Overview"), NavItem("datasets", "Datasets", children=self.nav_datasets())]
        nav.append(NavItem("changes", "Changes since previous run"))
        if consistency is not None:
            nav.append(NavItem("consistency", "Consistency", "warn" if consistency.conflicts else ""))
        if decisions is not None:
            stale = any(g.stale for g in decisions.groups)
            nav.append(NavItem("decisions", "Decisions", "warn" if stale else ""))
        if charts:
            nav.append(NavItem("charts", "Charts"))
        if documents is not None:
            nav.append(NavItem("documents", "Documents"))
        if unrecognized is not None:
            nav.append(NavItem("unrecognized", f"Unrecognized tables ({len(unrecognized):,})"))
        if findings is not None:
            nav.append(NavItem("findings", f"Findings ({len(_list(r.get('findings'))):,})"))
        artifacts = self.artifacts()
        if artifacts:
            nav.append(NavItem("artifacts", "Artifacts"))
        return Page(
            title=_shorten(
                f"Data-quality report \u00b7 {_raw(r.get('status')) or 'unknown'} \u00b7 {_raw(r.get('run_id'))}", 300
            ),
            csp=CSP,
            nav=tuple(nav),
            header=self.header(),
            overview=self.overview(),
            datasets=self.summary(),
            show_excluded=any("rows_excluded" in ds for _, ds in self.datasets),
            changes=self.changes(),
            consistency=consistency,
            decisions=decisions,
            charts=charts,
            documents=documents,
            dataset_sections=tuple(self.dataset(i) for i in range(len(self.datasets))),
            unrecognized=unrecognized,
            findings=findings,
            finding_count=len(_list(r.get("findings"))),
            artifacts=artifacts,
        )

    # ----------------------------------------------------------------------------- header & overview

    def header(self) -> Header:
        r = self.report
        docs = _map(r.get("documents"))
        dirs = (_raw(r.get("raw_dir")), _raw(r.get("out_dir"))) if "raw_dir" in r or "out_dir" in r else None
        counts = (_count(docs.get("read")), _count(docs.get("parsed")), _count(docs.get("rejected"))) if docs else None
        return Header(
            status=_status_badge(r.get("status")),
            run_id=_text(r.get("run_id")),
            started=_moment(r.get("started_at")),
            finished=_moment(r.get("finished_at")),
            duration=_duration(r.get("duration_seconds")),
            dirs=dirs,
            documents=counts,
        )

    def overview(self) -> Overview:
        docs = _map(self.report.get("documents"))
        failing = self._failing_checks()
        open_checks = [f for f in failing if _is_open(f[3])]
        errors = sum(1 for _, _, _, c in open_checks if _severity_rank(c.get("severity")) == 0)
        warnings = len(open_checks) - errors
        accepted = len(failing) - len(open_checks)
        total_checks = sum(len(_list(ds.get("checks"))) for _, ds in self.datasets)
        published = sum(1 for _, ds in self.datasets if ds.get("published") is True)
        held = [i for i, (_, ds) in enumerate(self.datasets) if ds.get("published") is False]
        curated = sum(_as_int(ds.get("rows_curated")) or 0 for _, ds in self.datasets)
        quarantined = sum(_as_int(ds.get("rows_quarantined")) or 0 for _, ds in self.datasets)
        excluded = sum(_as_int(ds.get("rows_excluded")) or 0 for _, ds in self.datasets)
        findings = _list(self.report.get("findings"))
        rejected = _as_int(docs.get("rejected")) or len(_list(docs.get("rejected_files")))
        checks_note = f"{errors:,} errors \u00b7 {warnings:,} warnings"
        rows_note = f"{quarantined:,} quarantined"
        if accepted:
            checks_note += f" \u00b7 {accepted:,} accepted"
        tiles: tuple[Tile, ...] = (
            Tile(
                "Documents parsed",
                _count(docs.get("parsed")),
                f"{rejected:,} rejected",
                "t-bad" if rejected else "",
                _count(docs.get("read")),
                True,
            ),
            Tile(
                "Datasets published",
                f"{published:,}",
                f"{len(held):,} held back",
                "t-bad" if held else "",
                f"{len(self.datasets):,}",
                True,
            ),
            Tile(
                "Rows curated",
                f"{curated:,}",
                rows_note,
                "t-warn" if quarantined else "",
                note_share=_share(quarantined, curated + quarantined + excluded),
            ),
            Tile(
                "Failing checks",
                f"{len(failing):,}",
                checks_note,
                "t-bad" if errors else ("t-warn" if warnings else ""),
                f"{total_checks:,}",
                True,
            ),
            Tile("Findings", f"{len(findings):,}", "parser notes", "t-warn" if findings else ""),
        )
        if excluded:
            tiles += (Tile("Rows excluded", f"{excluded:,}", "by reviewers' decisions"),)
        attention: list[Attention] = []
        for i in held:
            kept = " (the previous run's version was kept)" if self.datasets[i][1].get("kept_previous") is True else ""
            attention.append(
                Attention("held", Badge("held back", "error"), f"#{self.ds_ids[i]}", self.datasets[i][0], note=kept)
            )
        for _, ds_name, check_id, check in open_checks:
            failing_rows = check.get("failing_rows")
            whole = _as_int(failing_rows)
            row_commands = tuple(
                (_loc(ex.get("source_file"), ex.get("source_line")), _commands(ex.get("commands")))
                for ex in (_map(e) for e in _list(check.get("examples"))[:MAX_EXAMPLES])
                if _commands(ex.get("commands"))
            )
            attention.append(
                Attention(
                    "check",
                    _severity_badge(check.get("severity")),
                    f"#{check_id}",
                    f"{ds_name} \u203a {_raw(check.get('name'))}",
                    column=_text(check.get("column")),
                    count=_count(failing_rows),
                    note="failing row" if whole == 1 else "failing rows",
                    commands=_accept_commands(check),
                    row_commands=row_commands,
                )
            )
        for i, d in enumerate(self.decision_list):
            if _raw(d.get("status")) == "stale":
                attention.append(
                    Attention(
                        "stale",
                        Badge("stale decision", "warning"),
                        f"#{self.decision_ids[i]}",
                        _raw(d.get("id")) or "?",
                        note=_raw(d.get("detail")),
                    )
                )
        for c in self.comparisons:
            if c.verdict == "conflict":
                link = f"{c.subject} \u203a {c.field}"
                attention.append(
                    Attention(
                        "conflict", Badge("conflict", c.severity.cls), f"#{c.anchor}", link, note=c.explanation or ""
                    )
                )
        for i, (name, ds) in enumerate(self.datasets):
            note = _accounting_note(ds)
            if note:
                attention.append(
                    Attention("accounting", Badge("inconsistent", "warning"), f"#{self.ds_ids[i]}", name, note=note)
                )
        for i, (name, ds) in enumerate(self.datasets):
            if _as_int(ds.get("rows_curated")) == 0:
                attention.append(Attention("empty", Badge("empty", "warning"), f"#{self.ds_ids[i]}", name))
        if rejected:
            attention.append(
                Attention(
                    "rejected", Badge("rejected", "warning"), "#documents", f"{_plural(rejected, 'document')} rejected"
                )
            )
        return Overview(tiles, tuple(attention), accepted)

    def _failing_checks(self) -> list[tuple[int, str, str, Mapping[str, Any]]]:
        failing: list[tuple[int, str, str, Mapping[str, Any]]] = []
        for i, (name, ds) in enumerate(self.datasets):
            for j, check in enumerate(_list(ds.get("checks")), 1):
                check = _map(check)
                if _failed(check):
                    failing.append((i, name, f"{self.ds_ids[i]}-check-{j}", check))
        failing.sort(key=lambda f: (_severity_rank(f[3].get("severity")), -(_as_float(f[3].get("failing_rows")) or 0)))
        return failing

    def nav_datasets(self) -> tuple[NavItem, ...]:
        """One entry per dataset, marked red for failing errors or held back, amber for warnings."""
        items = []
        for i, (name, ds) in enumerate(self.datasets):
            open_checks = [_map(c) for c in _list(ds.get("checks")) if _is_open(_map(c))]
            if ds.get("published") is False or any(_severity_rank(c.get("severity")) == 0 for c in open_checks):
                mark = "bad"
            else:
                mark = "warn" if open_checks else ""
            items.append(NavItem(self.ds_ids[i], name, mark))
        return tuple(items)

    # ----------------------------------------------------------------------------- datasets summary

    def summary(self) -> tuple[DatasetRow, ...]:
        rows = []
        for i, (name, ds) in enumerate(self.datasets):
            failing = [_map(c) for c in _list(ds.get("checks")) if _failed(_map(c))]
            open_checks = [c for c in failing if _is_open(c)]
            errs = sum(1 for c in open_checks if _severity_rank(c.get("severity")) == 0)
            completeness = [v for v in (_as_float(x) for x in _map(ds.get("completeness")).values()) if v is not None]
            worst = _pct(min(completeness)) if completeness and _as_int(ds.get("rows_curated")) != 0 else None
            rows.append(
                DatasetRow(
                    anchor=self.ds_ids[i],
                    name=name,
                    rows_in=_count(ds.get("rows_in")),
                    curated=_count(ds.get("rows_curated")),
                    quarantined=_count(ds.get("rows_quarantined")),
                    excluded=_count(ds.get("rows_excluded")),
                    state=_state_pill(ds),
                    failing=len(failing),
                    failing_tone="bad" if errs else ("warn" if open_checks else "muted"),
                    errors=errs,
                    warnings=len(open_checks) - errs,
                    accepted=len(failing) - len(open_checks),
                    checks=len(_list(ds.get("checks"))),
                    lowest=worst,
                )
            )
        return tuple(rows)

    # ----------------------------------------------------------------------------- diff

    def changes(self) -> Changes:
        if "diff" not in self.report:
            return Changes("absent")
        diff = self.report.get("diff")
        if diff is None:
            return Changes("first")
        diff = _map(diff)
        rows = []
        for name, change in _map(diff.get("datasets")).items():
            change = _map(change)
            cells = []
            for key, sign, cls in (("added", "+", "ok"), ("removed", "\u2212", "bad"), ("changed", "~", "warn")):
                value = _as_int(change.get(key))
                if value:
                    cells.append(DiffCell(f"{sign}{value:,}", cls))
                else:
                    cells.append(DiffCell(_count(change.get(key)) if value is None else "0"))
            rows.append((_raw(name), tuple(cells)))
        lists = []
        for key, title, cls in (
            ("checks_new", "Newly failing checks", "bad"),
            ("checks_resolved", "Resolved checks", "ok"),
        ):
            entries = []
            for entry in _list(diff.get(key)):
                entry_map = _map(entry)
                if entry_map:
                    label = f"{_raw(entry_map.get('dataset'))} \u203a {_raw(entry_map.get('name'))}"
                    entries.append(DiffEntry(label, _text(entry_map.get("column"))))
                else:
                    entries.append(DiffEntry(_raw(entry), None))
            lists.append(DiffList(title, cls, tuple(entries)))
        return Changes("diff", _text(diff.get("previous_run_id")), tuple(rows), tuple(lists))

    # ----------------------------------------------------------------------------- charts

    def charts(self) -> tuple[Figure, ...]:
        charts = dict(_map(self.report.get("charts")))
        if "precision" not in charts:
            overall: dict[str, float] = {}
            for _, ds in self.datasets:
                for counts in _map(ds.get("date_precision")).values():
                    for key, value in _map(counts).items():
                        number = _as_float(value)
                        if number is not None:
                            overall[_raw(key)] = overall.get(_raw(key), 0.0) + number
            if overall:
                charts["precision"] = overall
        figures = []
        for n, (key, data) in enumerate(charts.items(), 1):
            data = _map(data)
            title = KNOWN_CHARTS.get(_raw(key)) or _raw(key).replace("_", " ").capitalize()
            anchor = _slug("chart", n, key)
            if not data:
                figures.append(Figure(anchor, title))
            elif key == "established_per_decade":
                items = sorted(
                    ((_raw(k), _as_float(v) or 0.0) for k, v in data.items()), key=lambda kv: _decade_sort_key(kv[0])
                )
                total = sum(v for _, v in items)
                note = f"{_count(total)} relations with a known establishment date."
                figures.append(Figure(anchor, title, columns=_column_chart(items), note=note))
            else:
                keys = _precision_keys(data) if key == "precision" else list(data)
                classes = [_precision_class(k, i) for i, k in enumerate(keys)] if key == "precision" else ["bar"]
                label = "Precision" if key == "precision" else "Value"
                items_h = [(_raw(k), _as_float(data[k]), _count(data[k])) for k in keys]
                figures.append(Figure(anchor, title, bars=_bar_chart(items_h, label, classes)))
        return tuple(figures)

    # ----------------------------------------------------------------------------- documents

    def documents(self) -> Documents | None:
        docs = _map(self.report.get("documents"))
        if not docs:
            return None
        rejected = tuple(
            (_raw(f.get("source_file")), _raw(f.get("reason")))
            for f in (_map(f) for f in _list(docs.get("rejected_files")))
        )
        files = [_map(f) for f in _list(docs.get("files"))]
        cols = tuple(c for c in DOCUMENT_COUNTS if any(c in f for f in files))
        return Documents(
            read=_count(docs.get("read")),
            parsed=_count(docs.get("parsed")),
            rejected=_count(docs.get("rejected")),
            rejected_tone="bad" if _as_int(docs.get("rejected")) else "",
            rejected_files=rejected,
            columns=tuple(c.replace("_", " ").capitalize() for c in cols),
            files=tuple(
                FileRow(_raw(f.get("source_file")), _raw(f.get("title")), tuple(_count(f.get(c)) for c in cols))
                for f in files
            ),
            totals=tuple(_count(sum(_as_int(f.get(c)) or 0 for f in files)) for c in cols),
            files_open=len(files) <= FILES_OPEN_LIMIT,
        )

    # ----------------------------------------------------------------------------- one dataset

    def dataset(self, index: int) -> Dataset:
        name, ds = self.datasets[index]
        sid = self.ds_ids[index]
        columns = _list(ds.get("columns"))
        completeness = _map(ds.get("completeness"))
        order = [c for c in columns if isinstance(c, str) and c in completeness]
        order += [c for c in completeness if c not in order]
        completeness_rows = []
        for column in order:
            fraction = _as_float(completeness.get(column))
            cls = _completeness_class(fraction)
            shown = _pct(fraction) if fraction is not None else _text(_raw(completeness.get(column)))
            completeness_rows.append(CompletenessRow(_raw(column), cls, _meter(fraction, cls, _raw(column)), shown))
        reasons = sorted(_map(ds.get("quarantine_reasons")).items(), key=lambda kv: -(_as_float(kv[1]) or 0))
        return Dataset(
            anchor=sid,
            name=name,
            state=_state_pill(ds),
            rows_in=_count(ds.get("rows_in")),
            curated=_count(ds.get("rows_curated")),
            curated_share=_share(ds.get("rows_curated"), ds.get("rows_in")),
            quarantined=_count(ds.get("rows_quarantined")),
            quarantined_share=_share(ds.get("rows_quarantined"), ds.get("rows_in")),
            has_excluded="rows_excluded" in ds,
            excluded=_count(ds.get("rows_excluded")),
            excluded_share=_share(ds.get("rows_excluded"), ds.get("rows_in")),
            column_count=len(columns),
            accounting=_accounting_note(ds),
            checks=self._checks(ds, sid),
            no_curated_rows=_as_int(ds.get("rows_curated")) == 0,
            completeness=tuple(completeness_rows),
            recovered=tuple(
                (_raw(r.get("column")), _raw(r.get("method")), _count(r.get("count")))
                for r in (_map(r) for r in _list(ds.get("recovered")))
            ),
            precision=tuple(
                _precision_row(column, _map(counts)) for column, counts in _map(ds.get("date_precision")).items()
            ),
            quarantine=tuple((_raw(reason), _count(count)) for reason, count in reasons),
        )

    def _checks(self, ds: Mapping[str, Any], sid: str) -> Checks:
        checks = [(j, _map(c)) for j, c in enumerate(_list(ds.get("checks")), 1)]
        failing = sorted(((j, c) for j, c in checks if _failed(c)), key=lambda jc: _check_order(jc[1]))
        passing = [(j, c) for j, c in checks if not _failed(c)]
        return Checks(
            total=len(checks),
            failing=tuple(self._check(c, f"{sid}-check-{j}", failed=True) for j, c in failing),
            passing=tuple(self._check(c, f"{sid}-check-{j}", failed=False) for j, c in passing),
            passing_open=not failing and len(passing) <= 8,
        )

    def _check(self, check: Mapping[str, Any], anchor: str, *, failed: bool) -> Check:
        description = check.get("description")
        accepted = _map(check.get("accepted")) if failed else {}
        acceptance = None
        if accepted:
            decision_id = _text(accepted.get("decision_id"))
            href = next(
                (
                    f"#{a}"
                    for a, d in zip(self.decision_ids, self.decision_list, strict=True)
                    if d.get("id") == decision_id
                ),
                None,
            )
            acceptance = Acceptance(decision_id, href, _text(accepted.get("until")), _text(accepted.get("reason")))
        examples = [_map(e) for e in _list(check.get("examples"))] if failed else []
        failing = _as_int(check.get("failing_rows"))
        note = None
        if len(examples) > MAX_EXAMPLES:
            note = f"{_plural(len(examples) - MAX_EXAMPLES, 'more example')} not shown."
        elif failing is not None and failing > len(examples) and examples:
            note = f"Showing {len(examples):,} of {_plural(failing, 'failing row')}."
        return Check(
            anchor=anchor,
            failed=failed,
            name=_raw(check.get("name")),
            description=_raw(description) if description else None,
            column=_text(check.get("column")),
            severity=_severity_badge(check.get("severity")),
            kind=_text(_raw(check.get("kind"))),
            failing_rows=_count(check.get("failing_rows")),
            accepted=acceptance,
            examples=tuple(_example(ex) for ex in examples[:MAX_EXAMPLES]),
            examples_note=note,
            accept_commands=_accept_commands(check) if failed else (),
        )

    # ----------------------------------------------------------------------------- review sections

    def consistency(self) -> Consistency | None:
        if "consistency" not in self.report and "consistency_summary" not in self.report:
            return None
        items = self.comparisons
        summary = _map(self.report.get("consistency_summary"))
        counted = {v: sum(1 for c in items if c.verdict == v) for v in VERDICTS}
        counts = {v: summary[v] if v in summary else counted[v] for v in VERDICTS}
        compared = summary["compared"] if "compared" in summary else len(items)
        conflicts = _as_int(counts["conflict"]) or 0
        tiles = (
            Tile("Facts compared", _count(compared), "stated in more than one place"),
            Tile("Conflicts", _count(counts["conflict"]), "sources disagree", "t-warn" if conflicts else ""),
            Tile("Compatible", _count(counts["compatible"]), "one is more precise"),
            Tile("Agree", _count(counts["agree"]), "same value"),
        )
        others = [v for v in dict.fromkeys(c.verdict for c in items) if v not in VERDICTS]
        groups = tuple(
            ComparisonGroup(
                label=_plural(len(members), verdict, verdict)
                if verdict in VERDICTS
                else f"{len(members):,} {verdict or '(no verdict)'}",
                items=members,
            )
            for verdict in (*VERDICTS[1:], *others)
            if (members := tuple(c for c in items if c.verdict == verdict))
        )
        return Consistency(tiles, tuple(c for c in items if c.verdict == "conflict"), groups)

    def decisions_view(self) -> Decisions | None:
        if self.decisions is None:
            return None
        decisions = [
            (_raw(d.get("status")), _decision(d, anchor))
            for d, anchor in zip(self.decision_list, self.decision_ids, strict=True)
        ]
        listed = {s: sum(1 for status, _ in decisions if status == s) for s in DECISION_STATUSES}
        counts = {s: self.decisions.get(s, listed[s]) for s in DECISION_STATUSES}
        tiles = (
            Tile("Applied", _count(counts["applied"]), "values set by a reviewer"),
            Tile("Accepted", _count(counts["accepted"]), "failing checks accepted"),
            Tile("Excluded", _count(counts["excluded"]), "rows left out"),
            Tile("Stale", _count(counts["stale"]), "need a reviewer", "t-warn" if _as_int(counts["stale"]) else ""),
        )
        others = [s for s in dict.fromkeys(s for s, _ in decisions) if s not in DECISION_STATUSES]
        groups = tuple(
            DecisionGroup(
                status=status,
                label=DECISION_GROUP_LABELS.get(status, status or "(no status)"),
                items=members,
                stale=status == "stale",
                open=status == "stale" or len(decisions) <= FINDINGS_OPEN_LIMIT,
            )
            for status in (*DECISION_STATUSES, *others)
            if (members := tuple(d for s, d in decisions if s == status))
        )
        return Decisions(_text(self.decisions.get("file")), tiles, groups)

    # ----------------------------------------------------------------------------- tail sections

    def unrecognized(self) -> tuple[Unrecognized, ...] | None:
        if "unrecognized_tables" not in self.report:
            return None
        return tuple(
            Unrecognized(
                _loc(t.get("source_file"), t.get("source_line")),
                tuple(_shorten(h, 200) for h in _list(t.get("header"))),
                _count(t.get("rows")),
            )
            for t in (_map(t) for t in _list(self.report.get("unrecognized_tables")))
        )

    def findings(self) -> tuple[FindingGroup, ...] | None:
        if "findings" not in self.report:
            return None
        findings = [_map(f) for f in _list(self.report.get("findings"))]
        groups: dict[str, list[Mapping[str, Any]]] = {}
        labels: dict[str, object] = {}
        for f in findings:
            key = _raw(f.get("dataset"))
            groups.setdefault(key, []).append(f)
            labels.setdefault(key, f.get("dataset"))
        out = []
        for key, items in groups.items():
            items = sorted(
                items,
                key=lambda f: (
                    _severity_rank(f.get("severity")),
                    _raw(f.get("source_file")),
                    _as_float(f.get("source_line")) or 0,
                ),
            )
            severities: dict[str, int] = {}
            for f in items:
                sev = _raw(f.get("severity")) or "unspecified"
                severities[sev] = severities.get(sev, 0) + 1
            counts = " \u00b7 ".join(
                _plural(n, s, s if s not in ("error", "warning") else None)
                for s, n in sorted(severities.items(), key=lambda sn: _severity_rank(sn[0]))
            )
            top: list[tuple[str, int]] = []
            if len(items) > TOP_MESSAGES:
                freq: dict[str, int] = {}
                for f in items:
                    msg = _raw(f.get("message"))
                    freq[msg] = freq.get(msg, 0) + 1
                top = sorted(freq.items(), key=lambda mn: -mn[1])[:TOP_MESSAGES]
            out.append(
                FindingGroup(
                    label=_text(labels[key]),
                    rows_total=len(items),
                    severities=counts,
                    top=tuple(top),
                    rows=tuple(
                        Finding(
                            _severity_badge(f.get("severity")),
                            _loc(f.get("source_file"), f.get("source_line")),
                            _raw(f.get("message")),
                        )
                        for f in items[:MAX_FINDINGS_PER_GROUP]
                    ),
                    hidden=max(0, len(items) - MAX_FINDINGS_PER_GROUP),
                    open=len(findings) <= FINDINGS_OPEN_LIMIT,
                )
            )
        return tuple(out)

    def artifacts(self) -> tuple[Artifact, ...]:
        return tuple(
            Artifact(
                "Great Expectations data docs" if key == "gx_data_docs" else _raw(key).replace("_", " "),
                _raw(value),
                _safe_relative_href(value),
            )
            for key, value in _map(self.report.get("artifacts")).items()
        )


def _accounting_note(ds: Mapping[str, Any]) -> str | None:
    """Why the row counts do not add up (rows in = curated + quarantined [+ excluded]), or None when they do."""
    rows_in, cur, quar = (_as_int(ds.get(k)) for k in ("rows_in", "rows_curated", "rows_quarantined"))
    excl = _as_int(ds.get("rows_excluded")) if "rows_excluded" in ds else 0
    if rows_in is None or cur is None or quar is None or excl is None or rows_in == cur + quar + excl:
        return None
    note = f"rows in ({rows_in:,}) \u2260 curated ({cur:,}) + quarantined ({quar:,})"
    return note + f" + excluded ({excl:,})" if "rows_excluded" in ds else note


def _example(ex: Mapping[str, Any]) -> Example:
    value = ex.get("value")
    if "value" not in ex:
        kind = ""
    elif value is None:
        kind = "null"
    elif value == "":
        kind = "empty"
    else:
        kind = "text"
    source = ex.get("source_text")
    return Example(
        loc=_loc(ex.get("source_file"), ex.get("source_line")),
        message=_text(ex.get("message")),
        value_kind=kind,
        value=_raw(value),
        source_text=None if source is None else _raw(source),
        gutter=_gutter(ex.get("source_line")),
        commands=_commands(ex.get("commands")),
    )


def _precision_row(column: object, counts: Mapping[str, Any]) -> PrecisionRow:
    keys = _precision_keys(counts)
    parts = [(_raw(k), _as_float(counts[k]) or 0.0, _precision_class(k, i)) for i, k in enumerate(keys)]
    total = sum(v for _, v, _ in parts if v > 0)
    legend = tuple(LegendKey(k, _count(v), _pct(v / total) if total else "0%", cls) for k, v, cls in parts)
    return PrecisionRow(_raw(column), _segments(parts), legend, _count(total))


def _stated_value(value: Mapping[str, Any]) -> StatedValue:
    earliest, latest = _text(value.get("earliest")), _text(value.get("latest"))
    if earliest is None and latest is None:
        span = None
    elif earliest == latest:
        span = earliest
    else:
        span = f"{earliest or OPEN_END} \u2013 {latest or OPEN_END}"
    source_text = value.get("source_text")
    return StatedValue(
        loc=_loc(value.get("source_file"), value.get("source_line")),
        provenance=" \u00b7 ".join(t for t in (_text(value.get(k)) for k in ("dataset", "source", "event")) if t),
        text=_text(value.get("text")),
        edtf=_text(value.get("edtf")),
        span=span,
        source_text=None if source_text is None else _raw(source_text),
        gutter=_gutter(value.get("source_line")),
    )


def _comparison(item: Mapping[str, Any], anchor: str) -> Comparison:
    severity = item.get("severity")
    return Comparison(
        anchor=anchor,
        subject=_raw(item.get("subject")),
        subject_iso3=_text(item.get("subject_iso3")),
        field=_raw(item.get("field")),
        verdict=_raw(item.get("verdict")),
        severity=_severity_badge("warning" if severity in (None, "") else severity),
        explanation=_text(item.get("explanation")),
        values=tuple(_stated_value(_map(v)) for v in _list(item.get("values"))),
    )


def _decision(item: Mapping[str, Any], anchor: str) -> Decision:
    return Decision(
        anchor=anchor,
        id=_raw(item.get("id")) or "?",
        action=_raw(item.get("action")),
        dataset=_text(item.get("dataset")),
        target=_text(item.get("target")),
        column=_text(item.get("column")),
        value=_text(item.get("value")),
        check=_text(item.get("check")),
        byline=" \u00b7 ".join(
            f"{word} {text}"
            for word, key in (("by", "by"), ("on", "at"), ("until", "until"))
            if (text := _text(item.get(key)))
        ),
        reason=_text(item.get("reason")),
        detail=_text(item.get("detail")),
    )


def render_report_html(report: Mapping[str, Any]) -> str:
    """Turn a run's report dict (the content of report.json) into one self-contained HTML page."""
    return _environment().get_template("report.html.j2").render(page=_PageBuilder(report).build())
