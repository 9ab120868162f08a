"""The view models of the report page's parts (plain dicts of strings and numbers) that the page and its sections
share: badges, locations, commands, tiles, one dataset's section, consistency, decisions and findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from curator.report import charts
from curator.report import report_text as fmt
from curator.report.report_text import View
from curator.report.view import (
    VERDICTS,
    Check,
    Comparison,
    ConsistencyView,
    DatasetView,
    Decision,
    DecisionsView,
    Example,
    Finding,
    StatedValue,
)

MAX_EXAMPLES = 5
MAX_FINDINGS_PER_GROUP = 500
FINDINGS_OPEN_LIMIT = 25
TOP_MESSAGES = 10
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# Stale decisions come first: they no longer match the data and need a reviewer.
DECISION_GROUPS = {
    "stale": "Stale \u2014 no longer match the data; a reviewer must renew or remove them",
    "applied": "Applied",
    "accepted": "Accepted",
    "excluded": "Excluded",
}
OPEN_END = "\u2026"


# --------------------------------------------------------------------------------------------- small pieces


def severity_rank(severity: str | None) -> int:
    return SEVERITY_ORDER.get(fmt.raw(severity).lower(), 3)


def severity_badge(severity: str | None) -> View:
    """A severity badge: its text as given, its colour class only from the known severities."""
    key = fmt.raw(severity).lower()
    return dict(text="?" if severity is None else severity, cls=key if key in SEVERITY_ORDER else "other")


def state_pill(ds: DatasetView) -> View:
    if ds.published:
        return dict(text="published", cls="ok", title=None)
    if ds.kept_previous:
        return dict(text="held back \u00b7 previous kept", cls="bad", title="the previous run's version was kept")
    return dict(text="held back", cls="bad", title=None)


def loc(source_file: str | None, source_line: int | None) -> View | None:
    """file and ":line" of a row's provenance, None when neither is known."""
    if source_file is None and source_line is None:
        return None
    return dict(file="?" if source_file is None else source_file, line="" if source_line is None else f":{source_line}")


def gutter(source_line: int | None) -> str | None:
    return None if source_line is None else f"{source_line:,}"


def command_list(items: Iterable[tuple[str, str | None]]) -> list[View]:
    """Reviewer commands (label, exact command) that have text, in the report's order."""
    return [dict(label=label, text=text) for label, text in items if text]


def ranked(checks: Iterable[tuple[str, Check]]) -> list[tuple[str, Check]]:
    """Errors before warnings, more failing rows first."""
    return sorted(checks, key=lambda ac: (severity_rank(ac[1].result.severity), -ac[1].result.failing_rows))


def check_anchor(dataset_anchor: str, number: int) -> str:
    return f"{dataset_anchor}-check-{number}"


# --------------------------------------------------------------------------------------------- one dataset


def dataset_section(ds: DatasetView, anchor: str, decisions: list[View]) -> View:
    """One dataset's section: accounting, checks, completeness, recovered values, precision, quarantine."""
    order = [c for c in ds.columns if c in ds.completeness]
    order += [c for c in ds.completeness if c not in order]
    completeness = []
    for column in order:
        fraction = float(ds.completeness[column])
        cls = charts.completeness_class(fraction)
        meter = charts.meter(fraction, cls, column)
        completeness.append(dict(column=column, cls=cls, meter=meter, shown=fmt.pct(fraction)))
    reasons = sorted(ds.quarantine_reasons.items(), key=lambda kv: -kv[1])
    return dict(
        anchor=anchor,
        name=ds.name,
        state=state_pill(ds),
        rows_in=f"{ds.rows_in:,}",
        shares={
            "rows_curated": fmt.share(ds.rows_curated, ds.rows_in),
            "rows_quarantined": fmt.share(ds.rows_quarantined, ds.rows_in),
            "rows_excluded": fmt.share(ds.rows_excluded, ds.rows_in),
        },
        curated=f"{ds.rows_curated:,}",
        quarantined=f"{ds.rows_quarantined:,}",
        has_excluded=ds.rows_excluded is not None,
        excluded=fmt.count(ds.rows_excluded),
        column_count=len(ds.columns),
        accounting=accounting_note(ds),
        checks=_checks(ds, anchor, decisions),
        no_curated_rows=ds.rows_curated == 0,
        completeness=completeness,
        recovered=[dict(column=r.column, method=r.method, count=f"{r.count:,}") for r in ds.recovered],
        precision=[charts.precision_row(column, counts) for column, counts in ds.date_precision.items()],
        quarantine=[dict(reason=reason, count=fmt.count(count)) for reason, count in reasons],
    )


def _checks(ds: DatasetView, anchor: str, decisions: list[View]) -> View:
    numbered = [(check_anchor(anchor, j), c) for j, c in enumerate(ds.checks, 1)]
    # Open before accepted, then errors before warnings, more failing rows first.
    failing = sorted(ranked(ac for ac in numbered if ac[1].result.failed), key=lambda ac: not ac[1].result.open)
    passing = [(a, c) for a, c in numbered if not c.result.failed]
    return dict(
        total=len(numbered),
        failing=[_check(c, a, decisions) for a, c in failing],
        passing=[_check(c, a, decisions) for a, c in passing],
        passing_open=not failing and len(passing) <= 8,
    )


def _check(check: Check, anchor: str, decisions: list[View]) -> View:
    result = check.result
    acceptance = None
    if result.failed and result.acceptance is not None:
        decision_id = fmt.text(result.acceptance.decision_id)
        href = next((f"#{d['anchor']}" for d in decisions if d["id"] == decision_id), None)
        until, reason = fmt.text(result.acceptance.until), fmt.text(result.acceptance.reason)
        acceptance = dict(decision_id=decision_id, href=href, until=until, reason=reason)
    examples = check.examples if result.failed else ()
    note = None
    if len(examples) > MAX_EXAMPLES:
        note = f"{fmt.plural(len(examples) - MAX_EXAMPLES, 'more example')} not shown."
    elif examples and result.failing_rows > len(examples):
        note = f"Showing {len(examples):,} of {fmt.plural(result.failing_rows, 'failing row')}."
    return dict(
        anchor=anchor,
        failed=result.failed,
        name=result.name,
        description=result.description or None,
        column=fmt.text(result.column),
        severity=severity_badge(result.severity),
        kind=fmt.text(result.kind),
        failing_rows=f"{result.failing_rows:,}",
        accepted=acceptance,
        examples=[_example(ex) for ex in examples[:MAX_EXAMPLES]],
        examples_note=note,
        accept_commands=(
            command_list([("accept", result.accept_command)]) if result.failed and acceptance is None else []
        ),
    )


# --------------------------------------------------------------------------------------------- review sections


def consistency_section(consistency: ConsistencyView | None, comparisons: list[View]) -> View | None:
    """Counts by verdict, the conflicts one by one, the other verdicts in collapsed groups."""
    if consistency is None:
        return None
    others = [v for v in dict.fromkeys(c["verdict"] for c in comparisons) if v not in VERDICTS]
    groups = []
    for verdict in (*VERDICTS[1:], *others):
        members = [c for c in comparisons if c["verdict"] == verdict]
        if members:
            groups.append(dict(label=f"{len(members):,} {verdict or '(no verdict)'}", members=members))
    conflicts = [c for c in comparisons if c["verdict"] == "conflict"]
    return dict(counts=dict(consistency.counts), conflicts=conflicts, groups=groups)


def decisions_section(given: DecisionsView | None, decisions: list[View]) -> View | None:
    """Counts by outcome and the decisions grouped by status, stale first."""
    if given is None:
        return None
    groups = []
    for status in dict.fromkeys([*DECISION_GROUPS, *(d["status"] for d in decisions)]):
        members = [d for d in decisions if d["status"] == status]
        if members:
            label = DECISION_GROUPS.get(status, status or "(no status)")
            is_open = status == "stale" or len(decisions) <= FINDINGS_OPEN_LIMIT
            groups.append(dict(label=label, members=members, stale=status == "stale", open=is_open))
    return dict(file=fmt.text(given.file), counts=dict(given.counts), groups=groups, stale=given.counts["stale"])


def findings_section(findings: Sequence[Finding]) -> list[View]:
    """Findings grouped by dataset, most severe first, with the most frequent messages when there are many."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(fmt.raw(f.dataset), []).append(f)
    views = []
    for items in groups.values():
        items.sort(key=lambda f: (severity_rank(f.severity), fmt.raw(f.source_file), f.source_line or 0))
        severities = Counter(f.severity or "unspecified" for f in items)
        messages = Counter(f.message for f in items)
        counts = " \u00b7 ".join(
            fmt.plural(n, s, s if s not in ("error", "warning") else None)
            for s, n in sorted(severities.items(), key=lambda sn: severity_rank(sn[0]))
        )
        top = sorted(messages.items(), key=lambda mn: -mn[1])[:TOP_MESSAGES] if len(items) > TOP_MESSAGES else []
        views.append(
            dict(
                label=fmt.text(items[0].dataset),
                total=len(items),
                severities=counts,
                top=[dict(message=m, count=n) for m, n in top],
                rows=[
                    dict(severity=severity_badge(f.severity), loc=loc(f.source_file, f.source_line), message=f.message)
                    for f in items[:MAX_FINDINGS_PER_GROUP]
                ],
                hidden=max(0, len(items) - MAX_FINDINGS_PER_GROUP),
                open=len(findings) <= FINDINGS_OPEN_LIMIT,
            )
        )
    return views


def accounting_note(ds: DatasetView) -> str | None:
    """Why the row counts do not add up (rows in = curated + quarantined [+ excluded]), or None when they do."""
    if ds.rows_in == ds.rows_curated + ds.rows_quarantined + (ds.rows_excluded or 0):
        return None
    note = f"rows in ({ds.rows_in:,}) \u2260 curated ({ds.rows_curated:,}) + quarantined ({ds.rows_quarantined:,})"
    return note if ds.rows_excluded is None else f"{note} + excluded ({ds.rows_excluded:,})"


def _example(ex: Example) -> View:
    """A failing row as evidence: where, why, its value, the quoted source line and the commands that fix it."""
    value_kind = "null" if ex.value is None else "empty" if ex.value == "" else "text"
    return dict(
        loc=loc(ex.source_file, ex.source_line),
        message=fmt.text(ex.message),
        value_kind=value_kind,
        value=fmt.raw(ex.value),
        source_text=ex.source_text,
        gutter=gutter(ex.source_line),
        commands=command_list(ex.commands),
    )


def _stated_value(value: StatedValue) -> View:
    """One place that states a compared fact: provenance, the value as written and read, the quoted line."""
    earliest, latest = fmt.text(value.earliest), fmt.text(value.latest)
    if earliest is None and latest is None:
        span = None
    else:
        span = earliest if earliest == latest else f"{earliest or OPEN_END} \u2013 {latest or OPEN_END}"
    if span == fmt.text(value.edtf):
        span = None  # a single day already said by its EDTF
    return dict(
        loc=loc(value.source_file, value.source_line),
        provenance=" \u00b7 ".join(t for t in (fmt.text(v) for v in (value.dataset, value.source, value.event)) if t),
        text=fmt.text(value.text),
        edtf=fmt.text(value.edtf),
        span=span,
        source_text=value.source_text,
        gutter=gutter(value.source_line),
    )


def comparison(item: Comparison, anchor: str) -> View:
    return dict(
        anchor=anchor,
        subject=item.subject,
        subject_iso3=fmt.text(item.subject_iso3),
        field=item.field,
        verdict=item.verdict,
        severity=severity_badge(item.severity or "warning"),
        explanation=fmt.text(item.explanation),
        stated=[_stated_value(v) for v in item.values],
    )


def decision(item: Decision, anchor: str) -> View:
    byline = " \u00b7 ".join(
        f"{word} {text}"
        for word, value in (("by", item.by), ("on", item.at), ("until", item.until))
        if (text := fmt.text(value))
    )
    return dict(
        anchor=anchor,
        id=item.id or "?",
        status=item.status,
        action=item.action,
        dataset=fmt.text(item.dataset),
        target=fmt.text(item.target),
        column=fmt.text(item.column),
        value=fmt.text(item.value),
        check=fmt.text(item.check),
        byline=byline,
        reason=fmt.text(item.reason),
        detail=fmt.text(item.detail),
    )
