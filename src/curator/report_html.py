"""Render a run's quality report (the dict written as report.json) as one self-contained HTML page.

The page has no scripts, no external resources (fonts, images, stylesheets) and a strict
Content-Security-Policy. Every string taken from the report is treated as hostile: it is cleaned of
control characters and escaped with ``html.escape(quote=True)`` before it reaches the page, and it
never lands inside a ``<script>``, a ``<style>``, an event handler or a ``src``. The only ``href``
built from the report is an artifact link, and only after it is proven to be a plain relative path.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

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

# C0 controls (except tab and newline) and DEL become visible Control Pictures; lone surrogates become U+FFFD.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_CONTROL_PICTURES[0x7F] = 0x2421
_SURROGATE = re.compile("[\ud800-\udfff]")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SAFE_RELATIVE = re.compile(r"[A-Za-z0-9._~/#?=&%+-]+")
_DECADE = re.compile(r"\s*(-?\d+)")


# --------------------------------------------------------------------------------------------- values


def _clean(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text.translate(_CONTROL_PICTURES))


def _raw(value: object) -> str:
    """The value as plain (unescaped) text; None is the empty string."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _t(value: object, limit: int = MAX_TEXT) -> str:
    """Escaped, cleaned, length-capped text for HTML content or attribute values."""
    text = _clean(_raw(value))
    if len(text) > limit:
        text = f"{text[:limit]}\u2026 [{len(text) - limit:,} more characters]"
    return html.escape(text, quote=True)


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


NA = '<span class="na">\u2014</span>'


def _n(value: object) -> str:
    """A count with thousands separators; anything that is not a number is shown as escaped text."""
    whole = _as_int(value)
    if whole is not None:
        return f"{whole:,}"
    number = _as_float(value)
    if number is not None:
        return f"{number:,.2f}"
    return NA if value is None else _t(value)


def _pct(fraction: float) -> str:
    """A fraction as a percentage that never rounds a partial value to 0% or 100%."""
    shown = f"{fraction * 100:.1f}"
    if shown == "100.0" and fraction < 1:
        shown = "99.9"
    if shown in ("0.0", "-0.0") and fraction > 0:
        return "&lt;0.1%"
    return f"{shown}%"


def _ratio(part: object, whole: object) -> str:
    p, w = _as_float(part), _as_float(whole)
    if p is None or w is None or w <= 0:
        return ""
    return f' <span class="muted">({_pct(p / w)})</span>'


def _plural(count: object, word: str, plural: str | None = None) -> str:
    """ "1 row", "2 rows"; the count is formatted with _n (so a non-number is escaped text)."""
    whole = _as_int(count)
    form = word if whole == 1 else (plural or f"{word}s")
    return f"{_n(count)} {form}"


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


def _fmt_time(value: object) -> str:
    if not isinstance(value, str) or not value:
        return NA if value is None or value == "" else _t(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _t(value)
    offset = moment.utcoffset()
    zone = "" if offset is None else (" UTC" if not offset else f" {moment:%z}")
    shown = f"{moment:%Y-%m-%d %H:%M:%S}{zone}"
    return f'<time datetime="{_t(moment.isoformat())}">{_t(shown)}</time>'


def _fmt_duration(value: object) -> str:
    seconds = _as_float(value)
    if seconds is None:
        return NA if value is None else _t(value)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def _severity_rank(value: object) -> int:
    return SEVERITY_ORDER.get(_raw(value).lower(), 3)


def _sev(value: object) -> str:
    key = _raw(value).lower()
    cls = key if key in SEVERITY_ORDER else "other"
    return f'<span class="sev {cls}">{_t(value) if value is not None else "?"}</span>'


def _status_badge(status: object) -> str:
    key = _raw(status).lower()
    if key in STATUS_LABELS:
        return f'<span class="badge {key}">{STATUS_LABELS[key]}</span>'
    return f'<span class="badge unknown">? {_t(status) or "unknown"}</span>'


KEPT = " (the previous run's version was kept)"


def _state_pill(ds: Mapping[str, Any]) -> str:
    published = ds.get("published")
    if published is True:
        return '<span class="pill ok">published</span>'
    if published is False:
        if ds.get("kept_previous") is True:
            return (
                '<span class="pill bad" title="the previous run&#x27;s version was kept">'
                "held back \u00b7 previous kept</span>"
            )
        return '<span class="pill bad">held back</span>'
    return ""


def _loc(source_file: object, source_line: object) -> str:
    if source_file is None and source_line is None:
        return ""
    line = _as_int(source_line)
    suffix = "" if source_line is None else f":{line if line is not None else _t(source_line)}"
    return f'<code class="loc">{_t(source_file) if source_file is not None else "?"}{suffix}</code>'


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


# --------------------------------------------------------------------------------------------- charts


def _meter(fraction: float | None, cls: str, label: str) -> str:
    width = 0.0 if fraction is None else max(0.0, min(1.0, fraction)) * 100
    return (
        f'<svg class="meter" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{label}">'
        f'<rect class="track" width="100" height="10"/>'
        f'<rect class="fill {cls}" width="{width:.2f}" height="10"/></svg>'
    )


def _completeness_class(fraction: float | None) -> str:
    if fraction is None:
        return "none"
    if fraction >= 0.95:
        return "good"
    return "fair" if fraction >= 0.8 else "poor"


def _stacked_bar(parts: Sequence[tuple[str, float, str]], label: str) -> str:
    """A 100% stacked bar: parts are (escaped name, value, css class)."""
    total = sum(v for _, v, _ in parts if v > 0)
    rects: list[str] = ['<rect class="track" width="100" height="10"/>']
    x = 0.0
    for name, value, cls in parts:
        if value <= 0 or total <= 0:
            continue
        width = value / total * 100
        rects.append(
            f'<rect class="fill {cls}" x="{x:.3f}" width="{width:.3f}" height="10">'
            f"<title>{name}: {_n(value)} ({_pct(value / total)})</title></rect>"
        )
        x += width
    return (
        f'<svg class="meter stacked" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{label}">{"".join(rects)}</svg>'
    )


def _hbar_chart(
    items: Sequence[tuple[str, float | None, str]], label_header: str, value_header: str, classes: Sequence[str]
) -> str:
    """Horizontal bars: HTML rows with an inline SVG bar each; items are (escaped label, value, shown value)."""
    values = [v for _, v, _ in items if v is not None and v > 0]
    top = max(values) if values else 1.0
    total = sum(values)
    rows = []
    for i, (label, value, shown) in enumerate(items):
        share = f" ({_pct(value / total)})" if value is not None and total > 0 else ""
        rows.append(
            f'<tr><th scope="row">{label}</th>'
            f'<td class="barcell">{_meter(None if value is None else value / top, classes[i % len(classes)], label)}'
            "</td>"
            f'<td class="num">{shown}<span class="muted">{share}</span></td></tr>'
        )
    return (
        f'<table class="bars"><thead><tr><th scope="col">{label_header}</th><th scope="col" class="barcell">'
        f'</th><th scope="col" class="num">{value_header}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = max(top, 1.0) / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return max(1.0, factor * magnitude)
    return 10.0 * magnitude


def _column_chart(items: Sequence[tuple[str, float]], title: str, chart_id: str) -> str:
    """A vertical bar chart as inline SVG; labels are already escaped, values are numbers."""
    bar, gap, left, right, top, plot = 26, 10, 44, 8, 18, 180
    longest = max((min(len(html.unescape(label)), 12) for label, _ in items), default=0)
    long_labels = longest * 6.4 > bar + gap - 2
    bottom = round(18 + longest * 6.4 * 0.71) if long_labels else 30
    width = left + len(items) * (bar + gap) + right
    height = top + plot + bottom
    peak = max((v for _, v in items), default=0.0)
    step = _nice_step(peak)
    ymax = max(step, math.ceil(peak / step) * step)
    parts = [
        (
            f'<svg class="chart" viewBox="0 0 {width} {height}" style="max-width:{max(width * 1.4, 320):.0f}px" '
            f'role="img" aria-labelledby="{chart_id}-t"><title id="{chart_id}-t">{title}</title>'
        )
    ]
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = top + plot - tick / ymax * plot
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 3.5:.1f}" text-anchor="end">{_n(tick)}</text>'
        )
        tick += step
    for i, (label, value) in enumerate(items):
        x = left + gap / 2 + i * (bar + gap)
        h = max(0.0, value) / ymax * plot
        y = top + plot - h
        cx = x + bar / 2
        short = _t(html.unescape(label), 12) if len(html.unescape(label)) > 12 else label
        parts.append(
            f"<g><title>{label}: {_n(value)}</title>"
            f'<rect class="col" x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{h:.1f}"/>'
            f'<text class="val" x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle">{_n(value)}</text>'
        )
        if long_labels:
            ly = top + plot + 12
            parts.append(
                f'<text class="axis" x="{cx:.1f}" y="{ly}" text-anchor="end" '
                f'transform="rotate(-45 {cx:.1f} {ly})">{short}</text></g>'
            )
        else:
            parts.append(
                f'<text class="axis" x="{cx:.1f}" y="{top + plot + 16}" text-anchor="middle">{short}</text></g>'
            )
    parts.append(f'<line class="base" x1="{left}" x2="{width - right}" y1="{top + plot}" y2="{top + plot}"/></svg>')
    return "".join(parts)


# --------------------------------------------------------------------------------------------- page parts


def _table(headers: Sequence[tuple[str, str]], rows: Sequence[str], cls: str = "", foot: str = "") -> str:
    """headers: (escaped text, css class); rows: ready <tr> markup."""
    head = "".join(f'<th scope="col" class="{c}">{h}</th>' if c else f'<th scope="col">{h}</th>' for h, c in headers)
    klass = f' class="{cls}"' if cls else ""
    tfoot = f"<tfoot>{foot}</tfoot>" if foot else ""
    return (
        f'<div class="scroll"><table{klass}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>{tfoot}</table></div>"
    )


class _Page:
    """Collects sections and the table of contents while the page is built."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.report = report
        self.datasets = [(name, _map(ds)) for name, ds in _map(report.get("datasets")).items()]
        self.ds_ids = [_slug("ds", i, name) for i, (name, _) in enumerate(self.datasets, 1)]
        self.toc: list[tuple[str, str, list[tuple[str, str]]]] = []

    # ----------------------------------------------------------------------------- header & overview

    def header(self) -> str:
        r = self.report
        docs = _map(r.get("documents"))
        meta = [
            ("Run id", f"<code>{_t(r.get('run_id')) or NA}</code>"),
            ("Started", _fmt_time(r.get("started_at"))),
            ("Finished", _fmt_time(r.get("finished_at"))),
            ("Duration", _fmt_duration(r.get("duration_seconds"))),
        ]
        if "raw_dir" in r or "out_dir" in r:
            meta.append(
                (
                    "Input \u2192 output",
                    f"<code>{_t(r.get('raw_dir'))}</code> \u2192 <code>{_t(r.get('out_dir'))}</code>",
                )
            )
        if docs:
            meta.append(
                (
                    "Documents",
                    (
                        f"{_n(docs.get('read'))} read \u00b7 {_n(docs.get('parsed'))} parsed \u00b7 "
                        f"{_n(docs.get('rejected'))} rejected"
                    ),
                )
            )
        items = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in meta)
        return (
            f'<header class="top" id="top"><div class="titleline"><h1>Data-quality report</h1>'
            f"{_status_badge(r.get('status'))}</div>"
            '<p class="subtitle">relations-curator \u00b7 '
            "Japan\u2019s diplomatic relations, curated from encyclopedia dumps</p>"
            f'<dl class="meta">{items}</dl></header>'
        )

    def overview(self) -> str:
        docs = _map(self.report.get("documents"))
        failing = self._failing_checks()
        errors = sum(1 for _, _, _, c in failing if _severity_rank(c.get("severity")) == 0)
        warnings = len(failing) - errors
        total_checks = sum(len(_list(ds.get("checks"))) for _, ds in self.datasets)
        published = sum(1 for _, ds in self.datasets if ds.get("published") is True)
        held = [(i, name) for i, (name, ds) in enumerate(self.datasets) if ds.get("published") is False]
        curated = sum(_as_int(ds.get("rows_curated")) or 0 for _, ds in self.datasets)
        quarantined = sum(_as_int(ds.get("rows_quarantined")) or 0 for _, ds in self.datasets)
        findings = _list(self.report.get("findings"))
        rejected = _as_int(docs.get("rejected")) or len(_list(docs.get("rejected_files")))

        def tile(label: str, value: str, note: str, cls: str = "") -> str:
            return (
                f'<div class="tile {cls}"><div class="tl">{label}</div>'
                f'<div class="tv">{value}</div><div class="tn">{note}</div></div>'
            )

        tiles = [
            tile(
                "Documents parsed",
                f"{_n(docs.get('parsed'))}<span class='of'> / {_n(docs.get('read'))}</span>",
                f"{_n(rejected)} rejected",
                "t-bad" if rejected else "",
            ),
            tile(
                "Datasets published",
                f"{_n(published)}<span class='of'> / {_n(len(self.datasets))}</span>",
                f"{_n(len(held))} held back",
                "t-bad" if held else "",
            ),
            tile(
                "Rows curated",
                _n(curated),
                f"{_n(quarantined)} quarantined{_ratio(quarantined, curated + quarantined)}",
                "t-warn" if quarantined else "",
            ),
            tile(
                "Failing checks",
                f"{_n(len(failing))}<span class='of'> / {_n(total_checks)}</span>",
                f"{_n(errors)} errors \u00b7 {_n(warnings)} warnings",
                "t-bad" if errors else ("t-warn" if warnings else ""),
            ),
            tile("Findings", _n(len(findings)), "parser notes", "t-warn" if findings else ""),
        ]
        attention: list[str] = []
        for i, name in held:
            attention.append(
                f'<li><span class="sev error">held back</span> dataset <a href="#{self.ds_ids[i]}">{_t(name)}</a> '
                f"was not published{KEPT if self.datasets[i][1].get('kept_previous') is True else ''}</li>"
            )
        for _, ds_name, check_id, check in failing:
            column = check.get("column")
            col = f" on <code>{_t(column)}</code>" if column not in (None, "") else ""
            attention.append(
                f'<li>{_sev(check.get("severity"))} <a href="#{check_id}">{_t(ds_name)} \u203a '
                f"{_t(check.get('name'))}</a>{col} \u2014 {_plural(check.get('failing_rows'), 'failing row')}</li>"
            )
        for i, (name, ds) in enumerate(self.datasets):
            note = self._consistency_note(ds)
            if note:
                attention.append(
                    f'<li><span class="sev warning">inconsistent</span> <a href="#{self.ds_ids[i]}">{_t(name)}</a>: '
                    f"{note}</li>"
                )
        for i, (name, ds) in enumerate(self.datasets):
            if _as_int(ds.get("rows_curated")) == 0:
                attention.append(
                    f'<li><span class="sev warning">empty</span> <a href="#{self.ds_ids[i]}">{_t(name)}</a> '
                    "has no curated rows</li>"
                )
        if rejected:
            attention.append(
                '<li><span class="sev warning">rejected</span> '
                f'<a href="#documents">{_plural(rejected, "document")} rejected</a></li>'
            )
        needs = (
            f'<h3>Needs attention</h3><ul class="attention">{"".join(attention)}</ul>'
            if attention
            else '<p class="allgood">\u2713 Nothing needs attention: '
            "every check passed and every dataset was published.</p>"
        )
        self.toc.append(("overview", "Overview", []))
        return f'<section id="overview"><h2>Overview</h2><div class="tiles">{"".join(tiles)}</div>{needs}</section>'

    def _failing_checks(self) -> list[tuple[int, str, str, Mapping[str, Any]]]:
        failing: list[tuple[int, str, str, Mapping[str, Any]]] = []
        for i, (name, ds) in enumerate(self.datasets):
            for j, check in enumerate(_list(ds.get("checks")), 1):
                check = _map(check)
                if _failed(check):
                    failing.append((i, name, f"{self.ds_ids[i]}-check-{j}", check))
        failing.sort(key=lambda f: (_severity_rank(f[3].get("severity")), -(_as_float(f[3].get("failing_rows")) or 0)))
        return failing

    @staticmethod
    def _marker(ds: Mapping[str, Any]) -> str:
        """A small sign for the contents: red cross for failing errors or held back, amber for warnings."""
        failing = [_map(c) for c in _list(ds.get("checks")) if _failed(_map(c))]
        if ds.get("published") is False or any(_severity_rank(c.get("severity")) == 0 for c in failing):
            return ' <span class="mark bad" title="errors">\u2717</span>'
        if failing:
            return ' <span class="mark warn" title="warnings">!</span>'
        return ""

    @staticmethod
    def _consistency_note(ds: Mapping[str, Any]) -> str:
        rows_in, cur, quar = (_as_int(ds.get(k)) for k in ("rows_in", "rows_curated", "rows_quarantined"))
        if rows_in is None or cur is None or quar is None or rows_in == cur + quar:
            return ""
        return f"rows in ({rows_in:,}) \u2260 curated ({cur:,}) + quarantined ({quar:,})"

    # ----------------------------------------------------------------------------- datasets summary

    def summary(self) -> str:
        children = [(self.ds_ids[i], _t(n) + self._marker(ds)) for i, (n, ds) in enumerate(self.datasets)]
        self.toc.append(("datasets", "Datasets", children))
        if not self.datasets:
            return '<section id="datasets"><h2>Datasets</h2><p class="muted">No datasets in this report.</p></section>'
        rows = []
        for i, (name, ds) in enumerate(self.datasets):
            checks = [_map(c) for c in _list(ds.get("checks"))]
            failing = [c for c in checks if _failed(c)]
            errs = sum(1 for c in failing if _severity_rank(c.get("severity")) == 0)
            state = _state_pill(ds) or NA
            fail_cell = (
                f'<span class="{"bad" if errs else "warn"}">{_n(len(failing))}</span>'
                f'<span class="muted"> ({_n(errs)} err \u00b7 {_n(len(failing) - errs)} warn)</span>'
                if failing
                else '<span class="ok">0</span>'
            )
            completeness = [v for v in (_as_float(x) for x in _map(ds.get("completeness")).values()) if v is not None]
            worst = _pct(min(completeness)) if completeness and _as_int(ds.get("rows_curated")) != 0 else NA
            rows.append(
                f'<tr><th scope="row"><a href="#{self.ds_ids[i]}">{_t(name)}</a></th>'
                f'<td class="num">{_n(ds.get("rows_in"))}</td>'
                f'<td class="num">{_n(ds.get("rows_curated"))}</td>'
                f'<td class="num">{_n(ds.get("rows_quarantined"))}</td>'
                f"<td>{state}</td>"
                f'<td class="num">{fail_cell}</td>'
                f'<td class="num">{_n(len(checks))}</td>'
                f'<td class="num">{worst}</td></tr>'
            )
        headers = [
            ("Dataset", ""),
            ("Rows in", "num"),
            ("Curated", "num"),
            ("Quarantined", "num"),
            ("State", ""),
            ("Failing checks", "num"),
            ("Checks", "num"),
            ("Lowest completeness", "num"),
        ]
        return f'<section id="datasets"><h2>Datasets</h2>{_table(headers, rows, "summary")}</section>'

    # ----------------------------------------------------------------------------- diff

    def changes(self) -> str:
        self.toc.append(("changes", "Changes since previous run", []))
        head = '<section id="changes"><h2>What changed since the previous run</h2>'
        if "diff" not in self.report:
            return head + '<p class="muted">This report carries no comparison with a previous run.</p></section>'
        diff = self.report.get("diff")
        if diff is None:
            return head + '<p class="firstrun">First run \u2014 there is no previous run to compare with.</p></section>'
        diff = _map(diff)
        parts = [head, f"<p>Compared with run <code>{_t(diff.get('previous_run_id')) or NA}</code>.</p>"]
        rows = []
        for name, change in _map(diff.get("datasets")).items():
            change = _map(change)
            cells = []
            for key, sign, cls in (("added", "+", "ok"), ("removed", "\u2212", "bad"), ("changed", "~", "warn")):
                value = _as_int(change.get(key))
                if value:
                    cells.append(f'<td class="num"><span class="{cls}">{sign}{value:,}</span></td>')
                else:
                    cells.append(f'<td class="num">{_n(change.get(key)) if value is None else "0"}</td>')
            rows.append(f'<tr><th scope="row">{_t(name)}</th>{"".join(cells)}</tr>')
        if rows:
            headers = [("Dataset", ""), ("Rows added", "num"), ("Rows removed", "num"), ("Rows changed", "num")]
            parts.append(_table(headers, rows, "diff"))
        else:
            parts.append('<p class="muted">No row-level changes recorded.</p>')
        for key, title, cls in (
            ("checks_new", "Newly failing checks", "bad"),
            ("checks_resolved", "Resolved checks", "ok"),
        ):
            entries = _list(diff.get(key))
            if not entries:
                parts.append(f'<p><strong>{title}:</strong> <span class="muted">none</span></p>')
                continue
            items = []
            for entry in entries:
                entry_map = _map(entry)
                if entry_map:
                    label = f"{_t(entry_map.get('dataset'))} \u203a {_t(entry_map.get('name'))}"
                    column = entry_map.get("column")
                    if column not in (None, ""):
                        label += f" on <code>{_t(column)}</code>"
                else:
                    label = _t(entry)
                items.append(f'<li class="{cls}">{label}</li>')
            parts.append(f'<h3>{title} ({len(entries):,})</h3><ul class="changes">{"".join(items)}</ul>')
        parts.append("</section>")
        return "".join(parts)

    # ----------------------------------------------------------------------------- charts

    def charts(self) -> str:
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
        if not charts:
            return ""
        self.toc.append(("charts", "Charts", []))
        parts = ['<section id="charts"><h2>Charts</h2><div class="chartgrid">']
        for n, (key, data) in enumerate(charts.items(), 1):
            data = _map(data)
            title = _t(KNOWN_CHARTS.get(_raw(key)) or _raw(key).replace("_", " ").capitalize())
            chart_id = _slug("chart", n, key)
            if not data:
                parts.append(
                    f'<figure id="{chart_id}"><figcaption>{title}</figcaption><p class="muted">No data.</p></figure>'
                )
                continue
            if key == "established_per_decade":
                items = sorted(
                    ((_raw(k), _as_float(v) or 0.0) for k, v in data.items()), key=lambda kv: _decade_sort_key(kv[0])
                )
                body = _column_chart([(_t(k), v) for k, v in items], title, chart_id)
                total = sum(v for _, v in items)
                note = f'<p class="muted small">{_n(total)} relations with a known establishment date.</p>'
            else:
                keys = _precision_keys(data) if key == "precision" else list(data)
                classes = [_precision_class(k, i) for i, k in enumerate(keys)] if key == "precision" else ["bar"]
                label = "Precision" if key == "precision" else "Value"
                items_h = [(_t(k), _as_float(data[k]), _n(data[k])) for k in keys]
                body = _hbar_chart(items_h, label, "Count", classes)
                note = ""
            parts.append(f'<figure id="{chart_id}"><figcaption>{title}</figcaption>{body}{note}</figure>')
        parts.append("</div></section>")
        return "".join(parts)

    # ----------------------------------------------------------------------------- documents

    def documents(self) -> str:
        docs = _map(self.report.get("documents"))
        if not docs:
            return ""
        self.toc.append(("documents", "Documents", []))
        parts = [
            '<section id="documents"><h2>Documents</h2>',
            (
                f"<p>{_n(docs.get('read'))} read \u00b7 {_n(docs.get('parsed'))} parsed \u00b7 "
                f'<span class="{"bad" if _as_int(docs.get("rejected")) else ""}">'
                f"{_n(docs.get('rejected'))} rejected</span></p>"
            ),
        ]
        rejected = [_map(f) for f in _list(docs.get("rejected_files"))]
        if rejected:
            rows = [
                f"<tr><td><code>{_t(f.get('source_file'))}</code></td><td>{_t(f.get('reason'))}</td></tr>"
                for f in rejected
            ]
            parts.append("<h3>Rejected files</h3>" + _table([("File", ""), ("Reason", "")], rows, "rejected"))
        files = [_map(f) for f in _list(docs.get("files"))]
        if files:
            cols = [c for c in DOCUMENT_COUNTS if any(c in f for f in files)]
            rows = []
            for f in files:
                nums = "".join(f'<td class="num">{_n(f.get(c))}</td>' for c in cols)
                rows.append(
                    f"<tr><td><code>{_t(f.get('source_file'))}</code></td><td>{_t(f.get('title'))}</td>{nums}</tr>"
                )
            totals = "".join(f'<td class="num">{_n(sum(_as_int(f.get(c)) or 0 for f in files))}</td>' for c in cols)
            foot = f'<tr><th scope="row" colspan="2">Total ({len(files):,} files)</th>{totals}</tr>'
            headers = [("File", ""), ("Title", "")] + [(c.replace("_", " ").capitalize(), "num") for c in cols]
            table = _table(headers, rows, "files", foot)
            open_attr = " open" if len(files) <= FILES_OPEN_LIMIT else ""
            parts.append(f"<details{open_attr}><summary>Parsed files ({len(files):,})</summary>{table}</details>")
        parts.append("</section>")
        return "".join(parts)

    # ----------------------------------------------------------------------------- one dataset

    def dataset(self, index: int) -> str:
        name, ds = self.datasets[index]
        sid = self.ds_ids[index]
        state = _state_pill(ds)
        parts = [f'<section class="dataset" id="{sid}"><h2><span class="muted">Dataset</span> {_t(name)} {state}</h2>']
        line = (
            f"<p>{_n(ds.get('rows_in'))} rows in \u2192 <strong>{_n(ds.get('rows_curated'))}</strong> curated"
            f"{_ratio(ds.get('rows_curated'), ds.get('rows_in'))}, "
            f"<strong>{_n(ds.get('rows_quarantined'))}</strong> quarantined"
            f"{_ratio(ds.get('rows_quarantined'), ds.get('rows_in'))}"
        )
        columns = _list(ds.get("columns"))
        if columns:
            line += f" \u00b7 {len(columns):,} columns"
        parts.append(line + "</p>")
        note = self._consistency_note(ds)
        if note:
            parts.append(f'<p class="callout warn">Row counts do not add up: {note}.</p>')
        parts.append(self._checks(ds, sid))
        if _as_int(ds.get("rows_curated")) == 0:
            parts.append(
                f'<h3 id="{sid}-completeness">Completeness</h3>'
                '<p class="muted">No curated rows, so completeness does not say anything here.</p>'
            )
        else:
            parts.append(self._completeness(ds, columns, sid))
        parts.append(self._recovered(ds))
        parts.append(self._precision(ds))
        parts.append(self._quarantine(ds))
        parts.append("</section>")
        return "".join(parts)

    def _checks(self, ds: Mapping[str, Any], sid: str) -> str:
        checks = [(j, _map(c)) for j, c in enumerate(_list(ds.get("checks")), 1)]
        if not checks:
            return '<h3>Checks</h3><p class="muted">No checks recorded.</p>'
        failing = sorted(
            ((j, c) for j, c in checks if _failed(c)),
            key=lambda jc: (_severity_rank(jc[1].get("severity")), -(_as_float(jc[1].get("failing_rows")) or 0)),
        )
        passing = [(j, c) for j, c in checks if not _failed(c)]
        headers = [
            ("Result", ""),
            ("Check", ""),
            ("Column", ""),
            ("Severity", ""),
            ("Kind", ""),
            ("Failing rows", "num"),
        ]
        out = [f'<h3>Checks <span class="muted">({len(failing):,} failing of {len(checks):,})</span></h3>']
        if failing:
            rows = []
            for j, c in failing:
                rows.append(self._check_row(c, f"{sid}-check-{j}", failed=True))
                rows.append(self._examples_row(c))
            out.append(_table(headers, rows, "checks"))
        if passing:
            rows = [self._check_row(c, f"{sid}-check-{j}", failed=False) for j, c in passing]
            table = _table(headers, rows, "checks")
            open_attr = " open" if not failing and len(passing) <= 8 else ""
            out.append(f"<details{open_attr}><summary>{len(passing):,} checks passed</summary>{table}</details>")
        return "".join(out)

    @staticmethod
    def _check_row(check: Mapping[str, Any], check_id: str, *, failed: bool) -> str:
        result = '<span class="pill bad">\u2717 fail</span>' if failed else '<span class="pill ok">\u2713 pass</span>'
        description = check.get("description")
        desc = f'<div class="muted small">{_t(description)}</div>' if description else ""
        column = check.get("column")
        col = f"<code>{_t(column)}</code>" if column not in (None, "") else NA
        return (
            f'<tr id="{check_id}" class="{"failrow" if failed else "passrow"}"><td>{result}</td>'
            f"<td><strong>{_t(check.get('name'))}</strong>{desc}</td><td>{col}</td>"
            f"<td>{_sev(check.get('severity'))}</td><td>{_t(check.get('kind')) or NA}</td>"
            f'<td class="num">{_n(check.get("failing_rows"))}</td></tr>'
        )

    @staticmethod
    def _examples_row(check: Mapping[str, Any]) -> str:
        examples = [_map(e) for e in _list(check.get("examples"))]
        if not examples:
            return (
                '<tr class="examples"><td colspan="6"><span class="muted small">No examples recorded.</span></td></tr>'
            )
        blocks = []
        for ex in examples[:MAX_EXAMPLES]:
            head = _loc(ex.get("source_file"), ex.get("source_line"))
            message = ex.get("message")
            msg = f' <span class="msg">{_t(message)}</span>' if message not in (None, "") else ""
            value_line = ""
            if "value" in ex:
                value = ex.get("value")
                if value is None:
                    shown = '<span class="muted">null</span>'
                elif value == "":
                    shown = '<span class="muted">empty string</span>'
                else:
                    shown = f'<code class="val">{_t(value)}</code>'
                value_line = f'<div class="exval">value: {shown}</div>'
            source = ex.get("source_text")
            src = ""
            if source is not None:
                line = _as_int(ex.get("source_line"))
                gutter = f'<span class="gutter">{line:,}</span>' if line is not None else ""
                src = f'<pre class="src">{gutter}{_t(source)}</pre>'
            blocks.append(f'<div class="example"><div class="exhead">{head}{msg}</div>{value_line}{src}</div>')
        more = len(examples) - MAX_EXAMPLES
        failing = _as_int(check.get("failing_rows"))
        shown_note = ""
        if more > 0:
            shown_note = f'<p class="muted small">{_plural(more, "more example")} not shown.</p>'
        elif failing is not None and failing > len(examples):
            shown_note = f'<p class="muted small">Showing {len(examples):,} of {_plural(failing, "failing row")}.</p>'
        return f'<tr class="examples"><td colspan="6">{"".join(blocks)}{shown_note}</td></tr>'

    @staticmethod
    def _completeness(ds: Mapping[str, Any], columns: list[Any], sid: str) -> str:
        completeness = _map(ds.get("completeness"))
        if not completeness:
            return ""
        order = [c for c in columns if isinstance(c, str) and c in completeness]
        order += [c for c in completeness if c not in order]
        rows = []
        for column in order:
            fraction = _as_float(completeness.get(column))
            cls = _completeness_class(fraction)
            shown = _pct(fraction) if fraction is not None else _t(completeness.get(column)) or NA
            label = _t(column)
            rows.append(
                f'<tr class="{cls}"><th scope="row"><code>{label}</code></th>'
                f'<td class="barcell">{_meter(fraction, cls, label)}</td><td class="num">{shown}</td></tr>'
            )
        return (
            f'<h3 id="{sid}-completeness">Completeness <span class="muted">(non-null share of curated rows)</span></h3>'
            f'<div class="scroll"><table class="bars completeness"><thead><tr><th scope="col">Column</th>'
            f'<th scope="col" class="barcell"></th><th scope="col" class="num">Non-null</th>'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    @staticmethod
    def _recovered(ds: Mapping[str, Any]) -> str:
        recovered = [_map(r) for r in _list(ds.get("recovered"))]
        if not recovered:
            return ""
        rows = [
            f"<tr><td><code>{_t(r.get('column'))}</code></td><td>{_t(r.get('method'))}</td>"
            f'<td class="num">{_n(r.get("count"))}</td></tr>'
            for r in recovered
        ]
        headers = [("Column", ""), ("Method", ""), ("Values recovered", "num")]
        return "<h3>Recovered values</h3>" + _table(headers, rows, "recovered")

    @staticmethod
    def _precision(ds: Mapping[str, Any]) -> str:
        precision = _map(ds.get("date_precision"))
        if not precision:
            return ""
        rows = []
        for column, counts in precision.items():
            counts = _map(counts)
            keys = _precision_keys(counts)
            parts = [(_t(k), _as_float(counts[k]) or 0.0, _precision_class(k, i)) for i, k in enumerate(keys)]
            total = sum(v for _, v, _ in parts if v > 0)
            legend = "".join(
                f'<span class="key"><span class="swatch {cls}"></span>{k} {_n(v)}'
                f'<span class="muted"> ({_pct(v / total) if total else "0%"})</span></span>'
                for k, v, cls in parts
            )
            rows.append(
                f'<tr><th scope="row"><code>{_t(column)}</code></th>'
                f'<td class="barcell">{_stacked_bar(parts, _t(column))}<div class="legend">{legend}</div></td>'
                f'<td class="num">{_n(total)}</td></tr>'
            )
        return (
            '<h3>Date precision</h3><div class="scroll"><table class="bars precision"><thead><tr>'
            '<th scope="col">Column</th>'
            '<th scope="col" class="barcell">Distribution</th><th scope="col" class="num">Rows</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    @staticmethod
    def _quarantine(ds: Mapping[str, Any]) -> str:
        reasons = _map(ds.get("quarantine_reasons"))
        if not reasons:
            return ""
        ordered = sorted(reasons.items(), key=lambda kv: -(_as_float(kv[1]) or 0))
        rows = [f'<tr><td>{_t(reason)}</td><td class="num">{_n(count)}</td></tr>' for reason, count in ordered]
        return "<h3>Quarantine reasons</h3>" + _table([("Reason", ""), ("Rows", "num")], rows, "quarantine")

    # ----------------------------------------------------------------------------- tail sections

    def unrecognized(self) -> str:
        if "unrecognized_tables" not in self.report:
            return ""
        tables = [_map(t) for t in _list(self.report.get("unrecognized_tables"))]
        self.toc.append(("unrecognized", f"Unrecognized tables ({len(tables):,})", []))
        head = '<section id="unrecognized"><h2>Unrecognized tables</h2>'
        if not tables:
            return head + '<p class="muted">Every table was recognized.</p></section>'
        rows = []
        for t in tables:
            header = "".join(f'<code class="chip">{_t(h, 200)}</code>' for h in _list(t.get("header"))) or NA
            rows.append(
                f"<tr><td>{_loc(t.get('source_file'), t.get('source_line'))}</td><td>{header}</td>"
                f'<td class="num">{_n(t.get("rows"))}</td></tr>'
            )
        intro = f"<p>{_plural(len(tables), 'table')} matched no known layout and were not curated.</p>"
        return (
            head + intro + _table([("Where", ""), ("Header", ""), ("Rows", "num")], rows, "unrecognized") + "</section>"
        )

    def findings(self) -> str:
        if "findings" not in self.report:
            return ""
        findings = [_map(f) for f in _list(self.report.get("findings"))]
        self.toc.append(("findings", f"Findings ({len(findings):,})", []))
        head = '<section id="findings"><h2>Findings</h2>'
        if not findings:
            return head + '<p class="muted">No findings.</p></section>'
        groups: dict[str, list[Mapping[str, Any]]] = {}
        labels: dict[str, object] = {}
        for f in findings:
            key = _raw(f.get("dataset"))
            groups.setdefault(key, []).append(f)
            labels.setdefault(key, f.get("dataset"))
        open_attr = " open" if len(findings) <= FINDINGS_OPEN_LIMIT else ""
        parts = [head, f"<p>{_plural(len(findings), 'finding')}, grouped by dataset.</p>"]
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
                _plural(n, _t(s), _t(s) if s not in ("error", "warning") else None)
                for s, n in sorted(severities.items(), key=lambda sn: _severity_rank(sn[0]))
            )
            label = _t(labels[key]) if labels[key] not in (None, "") else '<span class="muted">(no dataset)</span>'
            body: list[str] = []
            if len(items) > TOP_MESSAGES:
                freq: dict[str, int] = {}
                for f in items:
                    msg = _raw(f.get("message"))
                    freq[msg] = freq.get(msg, 0) + 1
                top = sorted(freq.items(), key=lambda mn: -mn[1])[:TOP_MESSAGES]
                rows = [f'<tr><td>{_t(m)}</td><td class="num">{n:,}</td></tr>' for m, n in top]
                body.append(
                    "<h4>Most frequent messages</h4>" + _table([("Message", ""), ("Count", "num")], rows, "topmsg")
                )
            rows = [
                f"<tr><td>{_sev(f.get('severity'))}</td><td>{_loc(f.get('source_file'), f.get('source_line'))}</td>"
                f"<td>{_t(f.get('message'))}</td></tr>"
                for f in items[:MAX_FINDINGS_PER_GROUP]
            ]
            body.append(_table([("Severity", ""), ("Where", ""), ("Message", "")], rows, "findings"))
            if len(items) > MAX_FINDINGS_PER_GROUP:
                body.append(
                    f'<p class="muted small">{len(items) - MAX_FINDINGS_PER_GROUP:,} more not shown; '
                    "see report.json.</p>"
                )
            parts.append(
                f'<details class="group"{open_attr}><summary><strong>{label}</strong> '
                f'<span class="muted">\u2014 {len(items):,} ({counts})</span></summary>{"".join(body)}</details>'
            )
        parts.append("</section>")
        return "".join(parts)

    def artifacts(self) -> str:
        artifacts = _map(self.report.get("artifacts"))
        if not artifacts:
            return ""
        self.toc.append(("artifacts", "Artifacts", []))
        items = []
        for key, value in artifacts.items():
            label = _t("Great Expectations data docs" if key == "gx_data_docs" else _raw(key).replace("_", " "))
            href = _safe_relative_href(value)
            if href is not None:
                items.append(
                    f'<li><a href="{_t(href)}" rel="noopener noreferrer">{label}</a> <code>{_t(value)}</code></li>'
                )
            else:
                items.append(
                    f"<li>{label}: <code>{_t(value)}</code> "
                    '<span class="muted">(not linked: not a plain relative path)</span></li>'
                )
        return f'<section id="artifacts"><h2>Artifacts</h2><ul>{"".join(items)}</ul></section>'

    def nav(self) -> str:
        items = []
        for anchor, label, children in self.toc:
            sub = ""
            if children:
                sub = "<ul>" + "".join(f'<li><a href="#{a}">{lbl}</a></li>' for a, lbl in children) + "</ul>"
            items.append(f'<li><a href="#{anchor}">{label}</a>{sub}</li>')
        return f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>{"".join(items)}</ul></nav>'


CSS = """
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--border:#d1d9e0;--link:#0969da;
--ok:#1a7f37;--ok-bg:#dafbe1;--warn:#9a6700;--warn-bg:#fff8c5;--bad:#cf222e;--bad-bg:#ffebe9;
--track:#eaeef2;--bar:#0969da;--fair:#d4a72c;
--mono:ui-monospace,"SFMono-Regular","DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;print-color-adjust:exact;-webkit-print-color-adjust:exact;scroll-behavior:smooth}
body{margin:0;color:var(--fg);background:var(--bg);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK JP","Liberation Sans",sans-serif}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
code,pre{font-family:var(--mono);font-size:12.5px}
code{background:var(--panel);border:1px solid var(--border);border-radius:4px;padding:0 4px;overflow-wrap:break-word}
.layout{display:grid;grid-template-columns:210px minmax(0,1fr);gap:32px;max-width:1380px;margin:0 auto;padding:24px}
nav.toc{position:sticky;top:16px;align-self:start;max-height:calc(100vh - 32px);overflow:auto;font-size:13px;
border-right:1px solid var(--border);padding-right:16px}
nav.toc h2{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:4px 0 8px;border:0;
padding:0}
nav.toc ul{list-style:none;margin:0;padding:0}
nav.toc ul ul{padding-left:12px;margin:2px 0 6px;border-left:2px solid var(--border)}
nav.toc li{margin:3px 0}nav.toc a{display:block;overflow-wrap:anywhere}.mark{font-weight:700}
table.findings td:first-child{width:90px}table.findings td:nth-child(2){width:32%}
main{min-width:0}
header.top{border-bottom:1px solid var(--border);padding-bottom:12px;margin-bottom:8px}
.titleline{display:flex;flex-wrap:wrap;align-items:center;gap:12px}
h1{font-size:26px;margin:0}
h2{font-size:20px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--border)}
h3{font-size:15px;margin:20px 0 8px}h4{font-size:13px;margin:12px 0 6px}
.subtitle{margin:4px 0 12px;color:var(--muted)}
dl.meta{display:flex;flex-wrap:wrap;gap:8px 36px;margin:0}dl.meta>div{min-width:0;max-width:100%}
dl.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:3px 12px;border-radius:999px;font-weight:700;font-size:13px;
text-transform:uppercase;letter-spacing:.05em;border:1px solid currentColor}
.badge.passed{color:var(--ok);background:var(--ok-bg)}.badge.warned{color:var(--warn);background:var(--warn-bg)}
.badge.failed{color:var(--bad);background:var(--bad-bg)}.badge.unknown{color:var(--muted);background:var(--panel)}
.pill{display:inline-block;padding:0 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;
border:1px solid currentColor;vertical-align:middle}
.pill.ok{color:var(--ok);background:var(--ok-bg)}.pill.bad{color:var(--bad);background:var(--bad-bg)}
.sev{display:inline-block;padding:0 6px;border-radius:4px;font-size:11px;font-weight:700;text-transform:uppercase;
letter-spacing:.03em;white-space:nowrap}
.sev.error{color:#fff;background:var(--bad)}.sev.warning{color:#3b2300;background:#f5c542}
.sev.info,.sev.other{color:var(--fg);background:var(--track)}
.ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad)}.muted{color:var(--muted)}.small{font-size:12px}
.na{color:var(--muted)}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}
.tile{border:1px solid var(--border);border-left:4px solid var(--ok);border-radius:6px;padding:10px 12px;
background:var(--bg)}
.tile.t-warn{border-left-color:#d4a72c}.tile.t-bad{border-left-color:var(--bad)}
.tl{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.tv{font-size:24px;font-weight:700;line-height:1.3}
.tv .of{font-size:15px;font-weight:400;color:var(--muted)}.tn{font-size:12px;color:var(--muted)}
ul.attention{list-style:none;padding:0;margin:0;border:1px solid var(--border);border-radius:6px}
ul.attention li{padding:6px 10px;border-top:1px solid var(--border);overflow-wrap:anywhere}
ul.attention li:first-child{border-top:0}
.allgood,.firstrun{padding:10px 12px;border-radius:6px;background:var(--ok-bg);color:var(--ok)}
.firstrun{background:var(--panel);color:var(--fg)}
.callout{padding:8px 12px;border-radius:6px}.callout.warn{background:var(--warn-bg);color:#3b2300}
.scroll{overflow-x:auto;max-width:100%;position:relative}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--border);
overflow-wrap:break-word}
thead th{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
border-bottom:2px solid var(--border);white-space:nowrap}
tbody th{font-weight:600}tfoot th,tfoot td{font-weight:700;border-top:2px solid var(--border)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.summary tbody tr:hover,table.checks tbody tr.failrow:hover{background:var(--panel)}
tr.failrow td{border-bottom:0}tr.failrow{background:#fffafa}
tr.examples>td{padding:0 8px 12px 8px;background:#fffafa}
.example{border:1px solid var(--border);border-radius:6px;margin:6px 0;background:var(--bg);overflow:hidden}
.exhead{padding:4px 8px;background:var(--panel);border-bottom:1px solid var(--border);overflow-wrap:anywhere}
.exhead .loc{font-weight:600;background:none;border:0;padding:0}.msg{margin-left:6px}
.exval{padding:3px 8px;font-size:12.5px}
pre.src{margin:0;padding:6px 8px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fbfcfd;
border-top:1px dashed var(--border)}
.gutter{display:inline-block;min-width:3.5em;margin-right:10px;padding-right:8px;border-right:1px solid var(--border);
color:var(--muted);text-align:right;user-select:none}
code.chip{display:inline-block;margin:1px 4px 1px 0}
table.bars th[scope=row]{width:28%;font-weight:400}table.bars .barcell{width:55%;vertical-align:middle}
table.bars td.num{width:17%}
svg.meter{display:block;width:100%;height:12px;border-radius:2px}
svg.stacked{height:16px}
.track{fill:var(--track)}.fill.good{fill:var(--ok)}.fill.fair{fill:var(--fair)}.fill.poor{fill:var(--bad)}
.fill.bar{fill:var(--bar)}
.p-day{fill:#1a7f37;background:#1a7f37}.p-month{fill:#4ac26b;background:#4ac26b}
.p-year{fill:#d4a72c;background:#d4a72c}
.p-decade{fill:#e16f24;background:#e16f24}.p-century{fill:#a0522d;background:#a0522d}
.p-none{fill:#8c959f;background:#8c959f}
.c0{fill:#0969da;background:#0969da}.c1{fill:#8250df;background:#8250df}.c2{fill:#bf3989;background:#bf3989}
.c3{fill:#1b7c83;background:#1b7c83}.c4{fill:#953800;background:#953800}.c5{fill:#57606a;background:#57606a}
.legend{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:12px;margin-top:4px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.chartgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:24px;align-items:start}
figure{margin:0;border:1px solid var(--border);border-radius:6px;padding:12px}
figcaption{font-weight:600;margin-bottom:8px}
svg.chart{display:block;width:100%;height:auto}
svg.chart .col{fill:var(--bar)}svg.chart .grid{stroke:var(--track);stroke-width:1}
svg.chart .base{stroke:var(--muted);stroke-width:1}
svg.chart text{font-family:system-ui,"Liberation Sans",sans-serif}svg.chart .axis{font-size:11px;fill:var(--muted)}
svg.chart .val{font-size:10px;fill:var(--fg)}
details{margin:8px 0}summary{cursor:pointer;padding:4px 0;font-weight:600}
details.group{border:1px solid var(--border);border-radius:6px;padding:4px 10px}
section.dataset{border-top:3px solid var(--border);margin-top:36px}section.dataset>h2{border:0}
footer{margin:40px 0 8px;padding-top:8px;border-top:1px solid var(--border);color:var(--muted);font-size:12px}
@media (max-width:900px){.layout{grid-template-columns:1fr;padding:12px;gap:8px}
nav.toc{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--border);padding:0 0 8px}
nav.toc>ul{display:flex;flex-wrap:wrap;gap:4px 16px}nav.toc ul ul{display:none}
h1{font-size:22px}table.bars th[scope=row]{width:40%}table.bars .barcell{width:40%}}
@media (max-width:640px){body{font-size:13px}th,td{padding:4px 6px}
table.checks,table.checks tbody,table.checks tr,table.checks td{display:block;width:auto}
table.checks thead{display:none}
table.checks tr.failrow,table.checks tr.passrow{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;
padding:8px 6px}
table.checks tr.passrow{border-bottom:1px solid var(--border)}table.checks tr td{border:0;padding:0}
table.checks td:nth-child(2){flex-basis:100%;order:-1}
table.checks td.num::before{content:"failing rows: ";color:var(--muted)}
table.checks tr.examples>td{padding:0 6px 10px}}
@media print{body{font-size:11px}code,pre{font-size:10px}.layout{display:block;padding:0;max-width:none}
nav.toc{display:none}
a{color:inherit}h2,h3,h4,summary{break-after:avoid}tr,.example,figure,.tile{break-inside:avoid}
details::details-content{content-visibility:visible;display:contents}summary{list-style:none}
.scroll{overflow:visible}section.dataset{break-before:auto}}
"""


def render_report_html(report: Mapping[str, Any]) -> str:
    """Turn a run's report dict (the content of report.json) into one self-contained HTML page."""
    page = _Page(report)
    header = page.header()
    body: list[str] = [page.overview(), page.summary(), page.changes(), page.charts(), page.documents()]
    body.extend(page.dataset(i) for i in range(len(page.datasets)))
    body.extend([page.unrecognized(), page.findings(), page.artifacts()])
    status = _raw(report.get("status")) or "unknown"
    title = _t(f"Data-quality report \u00b7 {status} \u00b7 {_raw(report.get('run_id'))}", 300)
    footer = (
        "<footer>Generated by relations-curator from report.json. Self-contained: no scripts, "
        "no external resources.</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP, quote=True)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="color-scheme" content="light">'
        f"<title>{title}</title><style>{CSS}</style></head>"
        f'<body><div class="layout">{page.nav()}<main>{header}{"".join(body)}{footer}</main></div></body></html>\n'
    )
