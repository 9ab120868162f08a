"""Render a run's quality report (the dict written as report.json) as one self-contained HTML page.

This module reads the report (hostile JSON: any key may be missing, any string may come from a document) into a
view model of plain dicts of strings and numbers; the Jinja2 templates in ``curator/templates`` decide the layout.
Escaping is structural: the environment autoescapes, and its ``finalize`` hook passes every value a template
prints through one function that makes control characters visible, caps the length and escapes with
``html.escape(quote=True)``. No HTML is built here.

The page has no scripts, no external resources (fonts, images, stylesheets) and a strict
Content-Security-Policy. The only ``href`` built from the report is an artifact link, and only after it is
proven to be a plain relative path.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from curator.readers.subject import FOCAL_COUNTRY
from curator.report import charts as svg
from curator.report import report_text as fmt
from curator.report.history import HistoryRow
from curator.report.history_view import history_view
from curator.report.report_text import View
from curator.validation.checks import CheckResult

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
# Conflicts are shown one by one; the other verdicts are counted and listed collapsed, in this order.
VERDICTS = ("conflict", "compatible", "agree")
# Stale decisions come first: they no longer match the data and need a reviewer.
DECISION_STATUSES = ("stale", "applied", "accepted", "excluded")
DECISION_GROUPS = {
    "stale": "Stale \u2014 no longer match the data; a reviewer must renew or remove them",
    "applied": "Applied",
    "accepted": "Accepted",
    "excluded": "Excluded",
}
OPEN_END = "\u2026"

_DECADE = re.compile(r"\s*(-?\d+)")


# --------------------------------------------------------------------------------------------- the text policy


def _escape_printed(value: object) -> Markup:
    """The templates' finalize hook: every printed value is cleaned, capped and escaped here, exactly once.

    Markup reaching this point was produced by the templates themselves (a macro's or a block's output, already
    escaped piece by piece); anything else is text.
    """
    if isinstance(value, Markup):
        return value
    # The one place text becomes markup, and only as its escaped form. html.escape rather than markupsafe's own
    # escape keeps the page's entities as they always were (&quot; and &#x27;, not &#34; and &#39;).
    return Markup(html.escape(fmt.shorten(value, MAX_TEXT), quote=True))  # noqa: S704


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
    environment.filters["plural"] = fmt.plural
    return environment


def _severity_rank(value: object) -> int:
    return SEVERITY_ORDER.get(fmt.raw(value).lower(), 3)


def _severity(value: object) -> View:
    """A severity badge: its text as given, its colour class only from the known severities."""
    key = fmt.raw(value).lower()
    return dict(text="?" if value is None else fmt.raw(value), cls=key if key in SEVERITY_ORDER else "other")


def _state_pill(ds: Mapping[str, Any]) -> View | None:
    published = ds.get("published")
    if published is True:
        return dict(text="published", cls="ok", title=None)
    if published is False and ds.get("kept_previous") is True:
        return dict(text="held back \u00b7 previous kept", cls="bad", title="the previous run's version was kept")
    if published is False:
        return dict(text="held back", cls="bad", title=None)
    return None


def _loc(source_file: object, source_line: object) -> View | None:
    """file and ":line" of a row's provenance, None when neither is known."""
    if source_file is None and source_line is None:
        return None
    line = fmt.as_int(source_line)
    suffix = "" if source_line is None else f":{line if line is not None else fmt.raw(source_line)}"
    return dict(file="?" if source_file is None else fmt.raw(source_file), line=suffix)


def _gutter(source_line: object) -> str | None:
    line = fmt.as_int(source_line)
    return None if line is None else f"{line:,}"


def _commands(value: object) -> list[View]:
    """An example's reviewer commands ({label: exact command}) that have text, in the report's order."""
    return [
        dict(label=fmt.raw(label), text=fmt.raw(text)) for label, text in fmt.as_map(value).items() if fmt.text(text)
    ]


def _accept_commands(check: Mapping[str, Any]) -> list[View]:
    return _commands({"accept": check.get("accept_command")})


def _tile(label: str, value: str | None, note: str, tone: str = "", **extra: Any) -> View:
    """One number of a grid of tiles; ``total`` (shown as "/ total") only when ``has_total``."""
    return dict(label=label, value=value, note=note, tone=tone, total=None, has_total=False, note_share=None) | extra


def _precision_keys(counts: Mapping[str, Any]) -> list[str]:
    known = [k for k in PRECISION_ORDER if k in counts]
    return known + [k for k in counts if k not in PRECISION_ORDER]


def _precision_class(key: str, index: int) -> str:
    return PRECISION_CLASS.get(key, PALETTE[index % len(PALETTE)])


def _decade_sort_key(label: str) -> tuple[int, int, str]:
    match = _DECADE.match(label)
    return (0, int(match.group(1)), label) if match else (1, 0, label)


def _failed(check: Mapping[str, Any]) -> bool:
    return CheckResult.from_entry("", check).failed


def _is_open(check: Mapping[str, Any]) -> bool:
    return CheckResult.from_entry("", check).open


def _check_order(check: Mapping[str, Any]) -> tuple[bool, int, float]:
    """Open before accepted, errors before warnings, more failing rows first."""
    return (not _is_open(check), _severity_rank(check.get("severity")), -(fmt.as_float(check.get("failing_rows")) or 0))


# --------------------------------------------------------------------------------------------- the page


class _PageBuilder:
    """Reads the report once and builds the view model of each part of the page."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.report = report
        self.datasets = [(fmt.raw(name), fmt.as_map(ds)) for name, ds in fmt.as_map(report.get("datasets")).items()]
        self.ds_ids = [fmt.slug("ds", i, name) for i, (name, _) in enumerate(self.datasets, 1)]
        self.comparisons = [
            _comparison(fmt.as_map(c), fmt.slug("consistency", i, fmt.as_map(c).get("subject")))
            for i, c in enumerate(fmt.as_list(report.get("consistency")), 1)
        ]
        self.decisions = report.get("decisions")
        self.decision_list = [
            _decision(fmt.as_map(d), fmt.slug("decision", i, fmt.as_map(d).get("id")))
            for i, d in enumerate(fmt.as_list(fmt.as_map(self.decisions).get("list")), 1)
        ]

    def build(self) -> View:
        r = self.report
        findings = self.findings()
        unrecognized = self.unrecognized()
        consistency = self.consistency()
        decisions = self.decisions_view()
        sections = dict(
            header=self.header(),
            overview=self.overview(),
            datasets=self.summary(),
            show_excluded=any("rows_excluded" in ds for _, ds in self.datasets),
            changes=self.changes(),
            consistency=consistency,
            decisions=decisions,
            charts=self.charts(),
            documents=self.documents(),
            dataset_sections=[self.dataset(i) for i in range(len(self.datasets))],
            unrecognized=unrecognized,
            findings=findings,
            finding_count=len(fmt.as_list(r.get("findings"))),
            artifacts=self.artifacts(),
        )
        nav: list[View] = [dict(anchor="overview", label="Overview", mark="", children=[])]
        nav.append(dict(anchor="datasets", label="Datasets", mark="", children=self.nav_datasets()))
        nav.append(dict(anchor="changes", label="Changes since previous run", mark="", children=[]))
        for anchor, label, present, warn in (
            ("consistency", "Consistency", consistency is not None, bool(consistency and consistency["conflicts"])),
            ("decisions", "Decisions", decisions is not None, bool(decisions and decisions["stale"])),
            ("charts", "Charts", bool(sections["charts"]), False),
            ("documents", "Documents", sections["documents"] is not None, False),
            ("unrecognized", f"Unrecognized tables ({len(unrecognized or []):,})", unrecognized is not None, False),
            ("findings", f"Findings ({sections['finding_count']:,})", findings is not None, False),
            ("artifacts", "Artifacts", bool(sections["artifacts"]), False),
        ):
            if present:
                nav.append(dict(anchor=anchor, label=label, mark="warn" if warn else "", children=[]))
        status = fmt.raw(r.get("status")) or "unknown"
        title = fmt.shorten(f"Data-quality report \u00b7 {status} \u00b7 {fmt.raw(r.get('run_id'))}", 300)
        return dict(title=title, csp=CSP, nav=nav, **sections)

    # ----------------------------------------------------------------------------- header & overview

    def header(self) -> View:
        r = self.report
        docs = fmt.as_map(r.get("documents"))
        status = fmt.raw(r.get("status")).lower()
        return dict(
            status=(
                dict(text=STATUS_LABELS[status], cls=status)
                if status in STATUS_LABELS
                else dict(text=f"? {fmt.raw(r.get('status')) or 'unknown'}", cls="unknown")
            ),
            run_id=fmt.text(r.get("run_id")),
            focal=fmt.raw(r.get("focal_country")) or FOCAL_COUNTRY,
            started=fmt.moment(r.get("started_at")),
            finished=fmt.moment(r.get("finished_at")),
            duration=fmt.duration(r.get("duration_seconds")),
            dirs=[fmt.raw(r.get("raw_dir")), fmt.raw(r.get("out_dir"))] if "raw_dir" in r or "out_dir" in r else None,
            documents=[fmt.count(docs.get(k)) for k in ("read", "parsed", "rejected")] if docs else None,
        )

    def overview(self) -> View:
        docs = fmt.as_map(self.report.get("documents"))
        failing = self._failing_checks()
        open_checks = [f for f in failing if _is_open(f[3])]
        errors = sum(1 for _, _, _, c in open_checks if _severity_rank(c.get("severity")) == 0)
        warnings = len(open_checks) - errors
        accepted = len(failing) - len(open_checks)
        total_checks = sum(len(fmt.as_list(ds.get("checks"))) for _, ds in self.datasets)
        published = sum(1 for _, ds in self.datasets if ds.get("published") is True)
        held = [i for i, (_, ds) in enumerate(self.datasets) if ds.get("published") is False]
        curated, quarantined, excluded = (
            sum(fmt.as_int(ds.get(key)) or 0 for _, ds in self.datasets)
            for key in ("rows_curated", "rows_quarantined", "rows_excluded")
        )
        findings = fmt.as_list(self.report.get("findings"))
        rejected = fmt.as_int(docs.get("rejected")) or len(fmt.as_list(docs.get("rejected_files")))
        checks_note = f"{errors:,} errors \u00b7 {warnings:,} warnings"
        tiles = [
            _tile(
                "Documents parsed",
                fmt.count(docs.get("parsed")),
                f"{rejected:,} rejected",
                "t-bad" if rejected else "",
                total=fmt.count(docs.get("read")),
                has_total=True,
            ),
            _tile(
                "Datasets published",
                f"{published:,}",
                f"{len(held):,} held back",
                "t-bad" if held else "",
                total=f"{len(self.datasets):,}",
                has_total=True,
            ),
            _tile(
                "Rows curated",
                f"{curated:,}",
                f"{quarantined:,} quarantined",
                "t-warn" if quarantined else "",
                note_share=fmt.share(quarantined, curated + quarantined + excluded),
            ),
            _tile(
                "Failing checks",
                f"{len(failing):,}",
                checks_note + (f" \u00b7 {accepted:,} accepted" if accepted else ""),
                "t-bad" if errors else ("t-warn" if warnings else ""),
                total=f"{total_checks:,}",
                has_total=True,
            ),
            _tile("Findings", f"{len(findings):,}", "parser notes", "t-warn" if findings else ""),
        ]
        if excluded:
            tiles.append(_tile("Rows excluded", f"{excluded:,}", "by reviewers' decisions"))
        return dict(tiles=tiles, attention=self.attention(open_checks, held, rejected), accepted=accepted)

    def attention(
        self, open_checks: list[tuple[int, str, str, Mapping[str, Any]]], held: list[int], rejected: int
    ) -> list[View]:
        """The "Needs attention" list; ``kind`` picks each line's wording in the template."""

        def item(kind: str, badge: View, href: str, link: str, note: str = "", **extra: Any) -> View:
            return dict(kind=kind, badge=badge, href=href, link=link, note=note, commands=[], row_commands=[]) | extra

        def warning(text: str) -> View:
            return dict(text=text, cls="warning")

        items = []
        for i in held:
            kept = " (the previous run's version was kept)" if self.datasets[i][1].get("kept_previous") is True else ""
            badge = dict(text="held back", cls="error")
            items.append(item("held", badge, f"#{self.ds_ids[i]}", self.datasets[i][0], kept))
        for _, ds_name, check_id, check in open_checks:
            examples = [fmt.as_map(e) for e in fmt.as_list(check.get("examples"))[:MAX_EXAMPLES]]
            items.append(
                item(
                    "check",
                    _severity(check.get("severity")),
                    f"#{check_id}",
                    f"{ds_name} \u203a {fmt.raw(check.get('name'))}",
                    "failing row" if fmt.as_int(check.get("failing_rows")) == 1 else "failing rows",
                    column=fmt.text(check.get("column")),
                    count=fmt.count(check.get("failing_rows")),
                    commands=_accept_commands(check),
                    row_commands=[
                        dict(
                            loc=_loc(ex.get("source_file"), ex.get("source_line")),
                            commands=_commands(ex.get("commands")),
                        )
                        for ex in examples
                        if _commands(ex.get("commands"))
                    ],
                )
            )
        for d in self.decision_list:
            if d["status"] == "stale":
                items.append(item("stale", warning("stale decision"), f"#{d['anchor']}", d["id"], d["detail"] or ""))
        for c in self.comparisons:
            if c["verdict"] == "conflict":
                link = f"{c['subject']} \u203a {c['field']}"
                badge = dict(text="conflict", cls=c["severity"]["cls"])
                items.append(item("conflict", badge, f"#{c['anchor']}", link, c["explanation"] or ""))
        for i, (name, ds) in enumerate(self.datasets):
            note = _accounting_note(ds)
            if note:
                items.append(item("accounting", warning("inconsistent"), f"#{self.ds_ids[i]}", name, note))
        for i, (name, ds) in enumerate(self.datasets):
            if fmt.as_int(ds.get("rows_curated")) == 0:
                items.append(item("empty", warning("empty"), f"#{self.ds_ids[i]}", name))
        if rejected:
            items.append(
                item("rejected", warning("rejected"), "#documents", f"{fmt.plural(rejected, 'document')} rejected")
            )
        return items

    def _failing_checks(self) -> list[tuple[int, str, str, Mapping[str, Any]]]:
        failing: list[tuple[int, str, str, Mapping[str, Any]]] = []
        for i, (name, ds) in enumerate(self.datasets):
            for j, check in enumerate(fmt.as_list(ds.get("checks")), 1):
                check = fmt.as_map(check)
                if _failed(check):
                    failing.append((i, name, f"{self.ds_ids[i]}-check-{j}", check))
        failing.sort(
            key=lambda f: (_severity_rank(f[3].get("severity")), -(fmt.as_float(f[3].get("failing_rows")) or 0))
        )
        return failing

    def nav_datasets(self) -> list[View]:
        """One entry per dataset, marked red for open failing errors or held back, amber for open warnings."""
        items = []
        for i, (name, ds) in enumerate(self.datasets):
            open_checks = [fmt.as_map(c) for c in fmt.as_list(ds.get("checks")) if _is_open(fmt.as_map(c))]
            if ds.get("published") is False or any(_severity_rank(c.get("severity")) == 0 for c in open_checks):
                mark = "bad"
            else:
                mark = "warn" if open_checks else ""
            items.append(dict(anchor=self.ds_ids[i], label=name, mark=mark))
        return items

    # ----------------------------------------------------------------------------- datasets summary

    def summary(self) -> list[View]:
        rows = []
        for i, (name, ds) in enumerate(self.datasets):
            failing = [fmt.as_map(c) for c in fmt.as_list(ds.get("checks")) if _failed(fmt.as_map(c))]
            open_checks = [c for c in failing if _is_open(c)]
            errors = sum(1 for c in open_checks if _severity_rank(c.get("severity")) == 0)
            completeness = [
                v for v in (fmt.as_float(x) for x in fmt.as_map(ds.get("completeness")).values()) if v is not None
            ]
            rows.append(
                dict(
                    anchor=self.ds_ids[i],
                    name=name,
                    rows_in=fmt.count(ds.get("rows_in")),
                    curated=fmt.count(ds.get("rows_curated")),
                    quarantined=fmt.count(ds.get("rows_quarantined")),
                    excluded=fmt.count(ds.get("rows_excluded")),
                    state=_state_pill(ds),
                    failing=len(failing),
                    failing_tone="bad" if errors else ("warn" if open_checks else "muted"),
                    errors=errors,
                    warnings=len(open_checks) - errors,
                    accepted=len(failing) - len(open_checks),
                    checks=len(fmt.as_list(ds.get("checks"))),
                    lowest=(
                        fmt.pct(min(completeness)) if completeness and fmt.as_int(ds.get("rows_curated")) != 0 else None
                    ),
                )
            )
        return rows

    # ----------------------------------------------------------------------------- diff

    def changes(self) -> View:
        """``mode``: "absent" (no diff key), "first" (diff is null) or "diff"."""
        if "diff" not in self.report:
            return dict(mode="absent")
        if self.report.get("diff") is None:
            return dict(mode="first")
        diff = fmt.as_map(self.report.get("diff"))
        rows = []
        for name, change in fmt.as_map(diff.get("datasets")).items():
            cells: list[View] = []
            for key, sign, cls in (("added", "+", "ok"), ("removed", "\u2212", "bad"), ("changed", "~", "warn")):
                value = fmt.as_int(fmt.as_map(change).get(key))
                if value:
                    cells.append(dict(text=f"{sign}{value:,}", cls=cls))
                else:
                    cells.append(dict(text=fmt.count(fmt.as_map(change).get(key)) if value is None else "0", cls=""))
            rows.append(dict(name=fmt.raw(name), cells=cells))
        lists = []
        for key, title, cls in (
            ("checks_new", "Newly failing checks", "bad"),
            ("checks_resolved", "Resolved checks", "ok"),
        ):
            entries = []
            for entry in fmt.as_list(diff.get(key)):
                entry_map = fmt.as_map(entry)
                if entry_map:
                    label = f"{fmt.raw(entry_map.get('dataset'))} \u203a {fmt.raw(entry_map.get('name'))}"
                    entries.append(dict(label=label, column=fmt.text(entry_map.get("column"))))
                else:
                    entries.append(dict(label=fmt.raw(entry), column=None))
            lists.append(dict(title=title, cls=cls, entries=entries))
        unreadable = [fmt.raw(name) for name in fmt.as_list(diff.get("previous_unreadable"))]
        return dict(
            mode="diff",
            previous_run_id=fmt.text(diff.get("previous_run_id")),
            rows=rows,
            lists=lists,
            unreadable=unreadable,
        )

    # ----------------------------------------------------------------------------- charts

    def charts(self) -> list[View]:
        charts = dict(fmt.as_map(self.report.get("charts")))
        if "precision" not in charts:
            overall: dict[str, float] = {}
            for _, ds in self.datasets:
                for counts in fmt.as_map(ds.get("date_precision")).values():
                    for key, value in fmt.as_map(counts).items():
                        number = fmt.as_float(value)
                        if number is not None:
                            overall[fmt.raw(key)] = overall.get(fmt.raw(key), 0.0) + number
            if overall:
                charts["precision"] = overall
        figures = []
        for n, (key, data) in enumerate(charts.items(), 1):
            data = fmt.as_map(data)
            title = KNOWN_CHARTS.get(fmt.raw(key)) or fmt.raw(key).replace("_", " ").capitalize()
            figure: View = dict(anchor=fmt.slug("chart", n, key), title=title, columns=None, bars=None, note=None)
            if data and key == "established_per_decade":
                items = sorted(
                    ((fmt.raw(k), fmt.as_float(v) or 0.0) for k, v in data.items()),
                    key=lambda kv: _decade_sort_key(kv[0]),
                )
                figure["columns"] = svg.column_chart(items)
                figure["note"] = f"{fmt.count(sum(v for _, v in items))} relations with a known establishment date."
            elif data:
                keys = _precision_keys(data) if key == "precision" else list(data)
                classes = [_precision_class(k, i) for i, k in enumerate(keys)] if key == "precision" else ["bar"]
                label = "Precision" if key == "precision" else "Value"
                items_h = [(fmt.raw(k), fmt.as_float(data[k]), fmt.count(data[k])) for k in keys]
                figure["bars"] = svg.bar_chart(items_h, label, classes)
            figures.append(figure)
        return figures

    # ----------------------------------------------------------------------------- documents

    def documents(self) -> View | None:
        docs = fmt.as_map(self.report.get("documents"))
        if not docs:
            return None
        files = [fmt.as_map(f) for f in fmt.as_list(docs.get("files"))]
        cols = [c for c in DOCUMENT_COUNTS if any(c in f for f in files)]
        return dict(
            read=fmt.count(docs.get("read")),
            parsed=fmt.count(docs.get("parsed")),
            rejected=fmt.count(docs.get("rejected")),
            rejected_tone="bad" if fmt.as_int(docs.get("rejected")) else "",
            rejected_files=[
                dict(source_file=fmt.raw(fmt.as_map(f).get("source_file")), reason=fmt.raw(fmt.as_map(f).get("reason")))
                for f in fmt.as_list(docs.get("rejected_files"))
            ],
            columns=[c.replace("_", " ").capitalize() for c in cols],
            files=[
                dict(
                    source_file=fmt.raw(f.get("source_file")),
                    title=fmt.raw(f.get("title")),
                    counts=[fmt.count(f.get(c)) for c in cols],
                )
                for f in files
            ],
            totals=[fmt.count(sum(fmt.as_int(f.get(c)) or 0 for f in files)) for c in cols],
            files_open=len(files) <= FILES_OPEN_LIMIT,
        )

    # ----------------------------------------------------------------------------- one dataset

    def dataset(self, index: int) -> View:
        name, ds = self.datasets[index]
        columns = fmt.as_list(ds.get("columns"))
        completeness = fmt.as_map(ds.get("completeness"))
        order = [c for c in columns if isinstance(c, str) and c in completeness]
        order += [c for c in completeness if c not in order]
        completeness_rows = []
        for column in order:
            fraction = fmt.as_float(completeness.get(column))
            cls = svg.completeness_class(fraction)
            shown = fmt.pct(fraction) if fraction is not None else fmt.text(fmt.raw(completeness.get(column)))
            completeness_rows.append(
                dict(column=fmt.raw(column), cls=cls, meter=svg.meter(fraction, cls, fmt.raw(column)), shown=shown)
            )
        reasons = sorted(fmt.as_map(ds.get("quarantine_reasons")).items(), key=lambda kv: -(fmt.as_float(kv[1]) or 0))
        return dict(
            anchor=self.ds_ids[index],
            name=name,
            state=_state_pill(ds),
            rows_in=fmt.count(ds.get("rows_in")),
            shares={
                k: fmt.share(ds.get(k), ds.get("rows_in"))
                for k in ("rows_curated", "rows_quarantined", "rows_excluded")
            },
            curated=fmt.count(ds.get("rows_curated")),
            quarantined=fmt.count(ds.get("rows_quarantined")),
            has_excluded="rows_excluded" in ds,
            excluded=fmt.count(ds.get("rows_excluded")),
            column_count=len(columns),
            accounting=_accounting_note(ds),
            checks=self.checks(ds, self.ds_ids[index]),
            no_curated_rows=fmt.as_int(ds.get("rows_curated")) == 0,
            completeness=completeness_rows,
            recovered=[
                dict(
                    column=fmt.raw(fmt.as_map(r).get("column")),
                    method=fmt.raw(fmt.as_map(r).get("method")),
                    count=fmt.count(fmt.as_map(r).get("count")),
                )
                for r in fmt.as_list(ds.get("recovered"))
            ],
            precision=[
                _precision_row(column, fmt.as_map(counts))
                for column, counts in fmt.as_map(ds.get("date_precision")).items()
            ],
            quarantine=[dict(reason=fmt.raw(reason), count=fmt.count(count)) for reason, count in reasons],
        )

    def checks(self, ds: Mapping[str, Any], sid: str) -> View:
        checks = [(j, fmt.as_map(c)) for j, c in enumerate(fmt.as_list(ds.get("checks")), 1)]
        failing = sorted(((j, c) for j, c in checks if _failed(c)), key=lambda jc: _check_order(jc[1]))
        passing = [(j, c) for j, c in checks if not _failed(c)]
        return dict(
            total=len(checks),
            failing=[self.check(c, f"{sid}-check-{j}", failed=True) for j, c in failing],
            passing=[self.check(c, f"{sid}-check-{j}", failed=False) for j, c in passing],
            passing_open=not failing and len(passing) <= 8,
        )

    def check(self, check: Mapping[str, Any], anchor: str, *, failed: bool) -> View:
        accepted = fmt.as_map(check.get("accepted")) if failed else {}
        acceptance = None
        if accepted:
            decision_id = fmt.text(accepted.get("decision_id"))
            href = next((f"#{d['anchor']}" for d in self.decision_list if d["id"] == decision_id), None)
            until, reason = fmt.text(accepted.get("until")), fmt.text(accepted.get("reason"))
            acceptance = dict(decision_id=decision_id, href=href, until=until, reason=reason)
        examples = [fmt.as_map(e) for e in fmt.as_list(check.get("examples"))] if failed else []
        failing = fmt.as_int(check.get("failing_rows"))
        note = None
        if len(examples) > MAX_EXAMPLES:
            note = f"{fmt.plural(len(examples) - MAX_EXAMPLES, 'more example')} not shown."
        elif examples and failing is not None and failing > len(examples):
            note = f"Showing {len(examples):,} of {fmt.plural(failing, 'failing row')}."
        description = check.get("description")
        return dict(
            anchor=anchor,
            failed=failed,
            name=fmt.raw(check.get("name")),
            description=fmt.raw(description) if description else None,
            column=fmt.text(check.get("column")),
            severity=_severity(check.get("severity")),
            kind=fmt.text(fmt.raw(check.get("kind"))),
            failing_rows=fmt.count(check.get("failing_rows")),
            accepted=acceptance,
            examples=[_example(ex) for ex in examples[:MAX_EXAMPLES]],
            examples_note=note,
            accept_commands=_accept_commands(check) if failed and acceptance is None else [],
        )

    # ----------------------------------------------------------------------------- review sections

    def consistency(self) -> View | None:
        """Counts by verdict, the conflicts one by one, the other verdicts in collapsed groups."""
        if "consistency" not in self.report and "consistency_summary" not in self.report:
            return None
        summary = fmt.as_map(self.report.get("consistency_summary"))
        counts = {v: summary.get(v, sum(1 for c in self.comparisons if c["verdict"] == v)) for v in VERDICTS}
        tiles = [
            _tile("Facts compared", fmt.count(summary.get("compared", len(self.comparisons))), "stated in 2+ places"),
            _tile(
                "Conflicts",
                fmt.count(counts["conflict"]),
                "sources disagree",
                "t-warn" if fmt.as_int(counts["conflict"]) else "",
            ),
            _tile("Compatible", fmt.count(counts["compatible"]), "one is more precise"),
            _tile("Agree", fmt.count(counts["agree"]), "same value"),
        ]
        others = [v for v in dict.fromkeys(c["verdict"] for c in self.comparisons) if v not in VERDICTS]
        groups = []
        for verdict in (*VERDICTS[1:], *others):
            members = [c for c in self.comparisons if c["verdict"] == verdict]
            if members:
                groups.append(dict(label=f"{len(members):,} {verdict or '(no verdict)'}", members=members))
        conflicts = [c for c in self.comparisons if c["verdict"] == "conflict"]
        return dict(tiles=tiles, conflicts=conflicts, groups=groups)

    def decisions_view(self) -> View | None:
        """Counts by outcome and the decisions grouped by status, stale first."""
        if self.decisions is None:
            return None
        given = fmt.as_map(self.decisions)
        counts = {s: given.get(s, sum(1 for d in self.decision_list if d["status"] == s)) for s in DECISION_STATUSES}
        stale = fmt.as_int(counts["stale"]) or 0
        tiles = [
            _tile("Applied", fmt.count(counts["applied"]), "values set by a reviewer"),
            _tile("Accepted", fmt.count(counts["accepted"]), "failing checks accepted"),
            _tile("Excluded", fmt.count(counts["excluded"]), "rows left out"),
            _tile("Stale", fmt.count(counts["stale"]), "need a reviewer", "t-warn" if stale else ""),
        ]
        statuses = dict.fromkeys([*DECISION_STATUSES, *(d["status"] for d in self.decision_list)])
        groups = []
        for status in statuses:
            members = [d for d in self.decision_list if d["status"] == status]
            if members:
                label = DECISION_GROUPS.get(status, status or "(no status)")
                is_open = status == "stale" or len(self.decision_list) <= FINDINGS_OPEN_LIMIT
                groups.append(dict(label=label, members=members, stale=status == "stale", open=is_open))
        return dict(file=fmt.text(given.get("file")), tiles=tiles, groups=groups, stale=stale)

    # ----------------------------------------------------------------------------- tail sections

    def unrecognized(self) -> list[View] | None:
        if "unrecognized_tables" not in self.report:
            return None
        return [
            dict(
                loc=_loc(t.get("source_file"), t.get("source_line")),
                header=[fmt.shorten(h, 200) for h in fmt.as_list(t.get("header"))],
                rows=fmt.count(t.get("rows")),
            )
            for t in (fmt.as_map(t) for t in fmt.as_list(self.report.get("unrecognized_tables")))
        ]

    def findings(self) -> list[View] | None:
        """Findings grouped by dataset, most severe first, with the most frequent messages when there are many."""
        if "findings" not in self.report:
            return None
        findings = [fmt.as_map(f) for f in fmt.as_list(self.report.get("findings"))]
        groups: dict[str, list[Mapping[str, Any]]] = {}
        labels: dict[str, object] = {}
        for f in findings:
            key = fmt.raw(f.get("dataset"))
            groups.setdefault(key, []).append(f)
            labels.setdefault(key, f.get("dataset"))
        views = []
        for key, items in groups.items():
            items = sorted(
                items,
                key=lambda f: (
                    _severity_rank(f.get("severity")),
                    fmt.raw(f.get("source_file")),
                    fmt.as_float(f.get("source_line")) or 0,
                ),
            )
            severities: dict[str, int] = {}
            messages: dict[str, int] = {}
            for f in items:
                sev = fmt.raw(f.get("severity")) or "unspecified"
                severities[sev] = severities.get(sev, 0) + 1
                messages[fmt.raw(f.get("message"))] = messages.get(fmt.raw(f.get("message")), 0) + 1
            counts = " \u00b7 ".join(
                fmt.plural(n, s, s if s not in ("error", "warning") else None)
                for s, n in sorted(severities.items(), key=lambda sn: _severity_rank(sn[0]))
            )
            top = sorted(messages.items(), key=lambda mn: -mn[1])[:TOP_MESSAGES] if len(items) > TOP_MESSAGES else []
            rows = [
                dict(
                    severity=_severity(f.get("severity")),
                    loc=_loc(f.get("source_file"), f.get("source_line")),
                    message=fmt.raw(f.get("message")),
                )
                for f in items[:MAX_FINDINGS_PER_GROUP]
            ]
            views.append(
                dict(
                    label=fmt.text(labels[key]),
                    total=len(items),
                    severities=counts,
                    top=[dict(message=m, count=n) for m, n in top],
                    rows=rows,
                    hidden=max(0, len(items) - MAX_FINDINGS_PER_GROUP),
                    open=len(findings) <= FINDINGS_OPEN_LIMIT,
                )
            )
        return views

    def artifacts(self) -> list[View]:
        return [
            dict(
                label="Great Expectations data docs" if key == "gx_data_docs" else fmt.raw(key).replace("_", " "),
                value=fmt.raw(value),
                href=fmt.safe_relative_href(value),
            )
            for key, value in fmt.as_map(self.report.get("artifacts")).items()
        ]


def _accounting_note(ds: Mapping[str, Any]) -> str | None:
    """Why the row counts do not add up (rows in = curated + quarantined [+ excluded]), or None when they do."""
    rows_in, cur, quar = (fmt.as_int(ds.get(k)) for k in ("rows_in", "rows_curated", "rows_quarantined"))
    excl = fmt.as_int(ds.get("rows_excluded")) if "rows_excluded" in ds else 0
    if rows_in is None or cur is None or quar is None or excl is None or rows_in == cur + quar + excl:
        return None
    note = f"rows in ({rows_in:,}) \u2260 curated ({cur:,}) + quarantined ({quar:,})"
    return f"{note} + excluded ({excl:,})" if "rows_excluded" in ds else note


def _example(ex: Mapping[str, Any]) -> View:
    """A failing row as evidence: where, why, its value, the quoted source line and the commands that fix it."""
    value = ex.get("value")
    if "value" not in ex:
        value_kind = ""
    elif value is None or value == "":
        value_kind = "null" if value is None else "empty"
    else:
        value_kind = "text"
    source = ex.get("source_text")
    return dict(
        loc=_loc(ex.get("source_file"), ex.get("source_line")),
        message=fmt.text(ex.get("message")),
        value_kind=value_kind,
        value=fmt.raw(value),
        source_text=None if source is None else fmt.raw(source),
        gutter=_gutter(ex.get("source_line")),
        commands=_commands(ex.get("commands")),
    )


def _precision_row(column: object, counts: Mapping[str, Any]) -> View:
    keys = _precision_keys(counts)
    parts = [(fmt.raw(k), fmt.as_float(counts[k]) or 0.0, _precision_class(k, i)) for i, k in enumerate(keys)]
    total = sum(v for _, v, _ in parts if v > 0)
    legend = [
        dict(key=k, value=fmt.count(v), share=fmt.pct(v / total) if total else "0%", cls=cls) for k, v, cls in parts
    ]
    return dict(column=fmt.raw(column), segments=svg.segments(parts), legend=legend, total=fmt.count(total))


def _stated_value(value: Mapping[str, Any]) -> View:
    """One place that states a compared fact: provenance, the value as written and read, the quoted line."""
    earliest, latest = fmt.text(value.get("earliest")), fmt.text(value.get("latest"))
    if earliest is None and latest is None:
        span = None
    else:
        span = earliest if earliest == latest else f"{earliest or OPEN_END} \u2013 {latest or OPEN_END}"
    if span == fmt.text(value.get("edtf")):
        span = None  # a single day already said by its EDTF
    source_text = value.get("source_text")
    return dict(
        loc=_loc(value.get("source_file"), value.get("source_line")),
        provenance=" \u00b7 ".join(t for t in (fmt.text(value.get(k)) for k in ("dataset", "source", "event")) if t),
        text=fmt.text(value.get("text")),
        edtf=fmt.text(value.get("edtf")),
        span=span,
        source_text=None if source_text is None else fmt.raw(source_text),
        gutter=_gutter(value.get("source_line")),
    )


def _comparison(item: Mapping[str, Any], anchor: str) -> View:
    severity = item.get("severity")
    return dict(
        anchor=anchor,
        subject=fmt.raw(item.get("subject")),
        subject_iso3=fmt.text(item.get("subject_iso3")),
        field=fmt.raw(item.get("field")),
        verdict=fmt.raw(item.get("verdict")),
        severity=_severity("warning" if severity is None or severity == "" else severity),
        explanation=fmt.text(item.get("explanation")),
        stated=[_stated_value(fmt.as_map(v)) for v in fmt.as_list(item.get("values"))],
    )


def _decision(item: Mapping[str, Any], anchor: str) -> View:
    byline = " \u00b7 ".join(
        f"{word} {text}"
        for word, key in (("by", "by"), ("on", "at"), ("until", "until"))
        if (text := fmt.text(item.get(key)))
    )
    return dict(
        anchor=anchor,
        id=fmt.raw(item.get("id")) or "?",
        status=fmt.raw(item.get("status")),
        action=fmt.raw(item.get("action")),
        dataset=fmt.text(item.get("dataset")),
        target=fmt.text(item.get("target")),
        column=fmt.text(item.get("column")),
        value=fmt.text(item.get("value")),
        check=fmt.text(item.get("check")),
        byline=byline,
        reason=fmt.text(item.get("reason")),
        detail=fmt.text(item.get("detail")),
    )


def render_report_html(report: Mapping[str, Any], history: Sequence[HistoryRow] = ()) -> str:
    """Turn a run's report dict (the content of report.json) into one self-contained HTML page; with `history` (the
    kept runs, oldest first, this one last) the page has a History section after the changes."""
    page = _PageBuilder(report).build()
    page["history"] = history_view(history)
    if page["history"] is not None:
        at = next((i + 1 for i, item in enumerate(page["nav"]) if item["anchor"] == "changes"), len(page["nav"]))
        page["nav"].insert(at, dict(anchor="history", label="History", mark="", children=[]))
    return _environment().get_template("report.html.j2").render(page=page)
