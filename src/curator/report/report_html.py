"""Render a run's typed report (`view.ReportView`) as one self-contained HTML page.

The report's shape was checked once, by `view.report_view`, and its counts were made by `report.py`; this module
only formats: it turns the typed values into the plain strings and numbers each section of the page shows, and the
Jinja2 templates in ``curator/templates`` decide the layout. Chart geometry is in `charts.py`.

Escaping is structural: the environment autoescapes, and its ``finalize`` hook passes every value a template
prints through one function that makes control characters visible, caps the length and escapes with
``html.escape(quote=True)``. No HTML is built here.

The page has no scripts, no external resources (fonts, images, stylesheets) and a strict
Content-Security-Policy. The only ``href`` built from the report is an artifact link, and only after it is
proven to be a plain relative path.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from curator.report import charts
from curator.report import report_text as fmt
from curator.report import sections as part
from curator.report.history import HistoryRow
from curator.report.history_view import history_view
from curator.report.report_text import View
from curator.report.sections import MAX_EXAMPLES
from curator.report.view import Check, DatasetView, ReportView

__all__ = ["render_report_html"]


MAX_TEXT = 2000
FILES_OPEN_LIMIT = 15

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STATUS_LABELS = {"passed": "\u2713 passed", "warned": "! warned", "failed": "\u2717 failed"}


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


# --------------------------------------------------------------------------------------------- the page


class _Page:
    """The view model of each part of the page, from the typed report."""

    def __init__(self, report: ReportView) -> None:
        self.report = report
        self.ds_ids = [fmt.slug("ds", i, ds.name) for i, ds in enumerate(report.datasets, 1)]
        consistency = report.consistency
        self.comparisons = [
            part.comparison(c, fmt.slug("consistency", i, c.subject))
            for i, c in enumerate(consistency.comparisons if consistency else (), 1)
        ]
        self.decisions = [
            part.decision(d, fmt.slug("decision", i, d.id))
            for i, d in enumerate(report.decisions.decisions if report.decisions else (), 1)
        ]

    def build(self) -> View:
        r = self.report
        sections: View = dict(
            header=self.header(),
            overview=self.overview(),
            datasets=[self.summary(i, ds) for i, ds in enumerate(r.datasets)],
            show_excluded=any(ds.rows_excluded is not None for ds in r.datasets),
            changes=self.changes(),
            consistency=part.consistency_section(r.consistency, self.comparisons),
            decisions=part.decisions_section(r.decisions, self.decisions),
            charts=self.charts(),
            documents=self.documents(),
            dataset_sections=[
                part.dataset_section(ds, anchor, self.decisions)
                for anchor, ds in zip(self.ds_ids, r.datasets, strict=True)
            ],
            unrecognized=[
                dict(
                    loc=part.loc(t.source_file, t.source_line),
                    header=[fmt.shorten(h, 200) for h in t.header],
                    rows=f"{t.rows:,}",
                )
                for t in r.unrecognized_tables
            ],
            findings=part.findings_section(r.findings),
            finding_count=len(r.findings),
            artifacts=[
                dict(
                    label="Great Expectations data docs" if key == "gx_data_docs" else key.replace("_", " "),
                    value=value,
                    href=fmt.safe_relative_href(value),
                )
                for key, value in r.artifacts.items()
            ],
        )
        title = fmt.shorten(f"Data-quality report \u00b7 {r.status or 'unknown'} \u00b7 {r.run_id}", 300)
        return dict(title=title, csp=CSP, nav_datasets=self.nav_datasets(), **sections)

    # ----------------------------------------------------------------------------- header & overview

    def header(self) -> View:
        r = self.report
        status = r.status.lower()
        docs = r.documents
        return dict(
            status=(
                dict(text=STATUS_LABELS[status], cls=status)
                if status in STATUS_LABELS
                else dict(text=f"? {r.status or 'unknown'}", cls="unknown")
            ),
            run_id=fmt.text(r.run_id),
            focal=r.focal_country,
            started=fmt.moment(r.started_at),
            finished=fmt.moment(r.finished_at),
            duration=fmt.duration(r.duration_seconds),
            dirs=[r.raw_dir, r.out_dir],
            documents=[f"{n:,}" for n in (docs.read, docs.parsed, docs.rejected)],
        )

    def overview(self) -> View:
        """The run in numbers (the template lays them out as tiles) and what needs attention."""
        r, counts, totals = self.report, self.report.check_counts, self.report.totals
        all_rows = totals.rows_curated + totals.rows_quarantined + totals.rows_excluded
        failing = part.ranked(
            (part.check_anchor(self.ds_ids[i], j), check)
            for i, ds in enumerate(r.datasets)
            for j, check in enumerate(ds.checks, 1)
            if check.result.failed
        )
        open_checks = [(anchor, check) for anchor, check in failing if check.result.open]
        return dict(
            documents=r.documents,
            totals=totals,
            checks=counts,
            dataset_count=len(r.datasets),
            finding_count=len(r.findings),
            quarantined_share=fmt.share(totals.rows_quarantined, all_rows),
            attention=self.attention(open_checks),
        )

    def attention(self, open_checks: list[tuple[str, Check]]) -> list[View]:
        """The "Needs attention" list; ``kind`` picks each line's wording in the template."""

        def item(kind: str, badge: View, href: str, link: str, note: str = "", **extra: Any) -> View:
            return dict(kind=kind, badge=badge, href=href, link=link, note=note, commands=[], row_commands=[]) | extra

        def warning(text: str) -> View:
            return dict(text=text, cls="warning")

        datasets = list(zip(self.ds_ids, self.report.datasets, strict=True))
        items = []
        for anchor, ds in datasets:
            if not ds.published:
                kept = " (the previous run's version was kept)" if ds.kept_previous else ""
                items.append(item("held", dict(text="held back", cls="error"), f"#{anchor}", ds.name, kept))
        for anchor, check in open_checks:
            result = check.result
            items.append(
                item(
                    "check",
                    part.severity_badge(result.severity),
                    f"#{anchor}",
                    f"{result.dataset} \u203a {result.name}",
                    "failing row" if result.failing_rows == 1 else "failing rows",
                    column=fmt.text(result.column),
                    count=f"{result.failing_rows:,}",
                    commands=part.command_list([("accept", result.accept_command)]),
                    row_commands=[
                        dict(loc=part.loc(ex.source_file, ex.source_line), commands=part.command_list(ex.commands))
                        for ex in check.examples[:MAX_EXAMPLES]
                        if part.command_list(ex.commands)
                    ],
                )
            )
        for d in self.decisions:
            if d["status"] == "stale":
                items.append(item("stale", warning("stale decision"), f"#{d['anchor']}", d["id"], d["detail"] or ""))
        for c in self.comparisons:
            if c["verdict"] == "conflict":
                badge = dict(text="conflict", cls=c["severity"]["cls"])
                link = f"{c['subject']} \u203a {c['field']}"
                items.append(item("conflict", badge, f"#{c['anchor']}", link, c["explanation"] or ""))
        for anchor, ds in datasets:
            if note := part.accounting_note(ds):
                items.append(item("accounting", warning("inconsistent"), f"#{anchor}", ds.name, note))
        for anchor, ds in datasets:
            if ds.rows_curated == 0:
                items.append(item("empty", warning("empty"), f"#{anchor}", ds.name))
        if rejected := self.report.documents.rejected:
            link = f"{fmt.plural(rejected, 'document')} rejected"
            items.append(item("rejected", warning("rejected"), "#documents", link))
        return items

    def nav_datasets(self) -> list[View]:
        """One entry per dataset, marked red for open failing errors or held back, amber for open warnings."""
        return [
            dict(
                anchor=anchor,
                label=ds.name,
                mark="bad" if not ds.published or ds.counts.open_errors else ("warn" if ds.counts.open else ""),
            )
            for anchor, ds in zip(self.ds_ids, self.report.datasets, strict=True)
        ]

    def summary(self, index: int, ds: DatasetView) -> View:
        counts = ds.counts
        lowest = min(ds.completeness.values()) if ds.completeness and ds.rows_curated != 0 else None
        return dict(
            anchor=self.ds_ids[index],
            name=ds.name,
            rows_in=f"{ds.rows_in:,}",
            curated=f"{ds.rows_curated:,}",
            quarantined=f"{ds.rows_quarantined:,}",
            excluded=fmt.count(ds.rows_excluded),
            state=part.state_pill(ds),
            failing=counts.failing,
            failing_tone="bad" if counts.open_errors else ("warn" if counts.open else "muted"),
            errors=counts.open_errors,
            warnings=counts.open_warnings,
            accepted=counts.accepted,
            checks=counts.total,
            lowest=None if lowest is None else fmt.pct(lowest),
        )

    # ----------------------------------------------------------------------------- changes, charts, documents

    def changes(self) -> View:
        """``mode``: "first" (no previous run) or "diff"."""
        diff = self.report.diff
        if diff is None:
            return dict(mode="first")
        rows = []
        for name, change in diff.datasets.items():
            cells: list[View] = []
            for value, sign, cls in (
                (change.added, "+", "ok"),
                (change.removed, "\u2212", "bad"),
                (change.changed, "~", "warn"),
            ):
                if value:
                    cells.append(dict(text=f"{sign}{value:,}", cls=cls))
                else:
                    cells.append(dict(text=None if value is None else "0", cls=""))
            rows.append(dict(name=name, cells=cells))
        lists = [
            dict(
                title=title,
                cls=cls,
                entries=[dict(label=f"{k.dataset} \u203a {k.name}", column=fmt.text(k.column)) for k in keys],
            )
            for keys, title, cls in (
                (diff.checks_new, "Newly failing checks", "bad"),
                (diff.checks_resolved, "Resolved checks", "ok"),
            )
        ]
        return dict(
            mode="diff",
            previous_run_id=fmt.text(diff.previous_run_id),
            rows=rows,
            lists=lists,
            unreadable=list(diff.previous_unreadable),
        )

    def charts(self) -> list[View]:
        shown = dict(self.report.charts)
        if "precision" not in shown and self.report.precision:
            shown["precision"] = self.report.precision
        return [charts.figure(n, key, data) for n, (key, data) in enumerate(shown.items(), 1)]

    def documents(self) -> View:
        docs = self.report.documents
        return dict(
            read=f"{docs.read:,}",
            parsed=f"{docs.parsed:,}",
            rejected=f"{docs.rejected:,}",
            rejected_tone="bad" if docs.rejected else "",
            rejected_files=[dict(source_file=f.source_file, reason=f.reason) for f in docs.rejected_files],
            columns=[c.replace("_", " ").capitalize() for c in docs.columns],
            files=[
                dict(
                    source_file=f.source_file,
                    title=fmt.raw(f.title),
                    counts=[fmt.count(f.counts.get(c)) for c in docs.columns],
                )
                for f in docs.files
            ],
            totals=[f"{total:,}" for total in docs.totals],
            files_open=len(docs.files) <= FILES_OPEN_LIMIT,
        )


def render_report_html(report: ReportView, history: Sequence[HistoryRow] = ()) -> str:
    """Turn a run's typed report into one self-contained HTML page; with `history` (the kept runs, oldest first,
    this one last) the page has a History section after the changes."""
    page = _Page(report).build() | dict(history=history_view(history))
    return _environment().get_template("report.html.j2").render(page=page)
