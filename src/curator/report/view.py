"""The typed view of a run's report.json: its shape checked once, then read as frozen dataclasses.

`report_view` turns the dict written as report.json into a `ReportView`. Our own report has one shape (the one
`report.build_report` writes); a missing key or a value of the wrong type is a bug, and raises `ReportShapeError`
naming the key's path. Keys that are optional in that shape (`decisions` without a decisions file,
`rows_excluded`, an example's `commands`, a check's `accepted`) are optional here. An older report read back by the
history is first brought to this shape by `history.upgrade_report`. Text may come from a document: the view keeps
it as given, and the HTML layer escapes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from curator.decisions.replay import STATUSES as DECISION_STATUSES
from curator.report.report import CheckCounts, RowTotals, check_counts, column_totals, precision_totals, row_totals
from curator.validation.checks import Acceptance, CheckResult

# The per-file counts a report's documents list may carry, in the order the page shows them.
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

Number = int | float
VERDICTS = ("conflict", "compatible", "agree")


class ReportShapeError(ValueError):
    """A report dict that does not have report.json's shape: the message names the key and what was found."""


# --------------------------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class Example:
    """A failing row quoted as evidence, with the review commands that would fix it ({label: command})."""

    source_file: str | None
    source_line: int | None
    value: object
    message: str | None
    source_text: str | None
    commands: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Check:
    """One check of a dataset (the check model) and its examples."""

    result: CheckResult
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Recovered:
    column: str
    method: str
    count: int


@dataclass(frozen=True)
class DatasetView:
    """One dataset's entry: accounting, publication, completeness, checks and what was recovered or quarantined."""

    name: str
    rows_in: int
    rows_curated: int
    rows_quarantined: int
    rows_excluded: int | None  # None: no decisions file, so nothing could be excluded
    published: bool
    kept_previous: bool
    columns: tuple[str, ...]
    completeness: Mapping[str, Number]
    checks: tuple[Check, ...]
    counts: CheckCounts
    recovered: tuple[Recovered, ...]
    date_precision: Mapping[str, Mapping[str, Number]]
    quarantine_reasons: Mapping[str, Number]


@dataclass(frozen=True)
class DocumentFile:
    source_file: str
    title: str | None
    counts: Mapping[str, int | None]  # the DOCUMENT_COUNTS the file has, in that order


@dataclass(frozen=True)
class RejectedFile:
    source_file: str
    reason: str


@dataclass(frozen=True)
class DocumentsView:
    read: int
    parsed: int
    rejected: int
    rejected_files: tuple[RejectedFile, ...]
    files: tuple[DocumentFile, ...]
    columns: tuple[str, ...]  # the DOCUMENT_COUNTS any file has
    totals: tuple[int, ...]  # their sums over the files


@dataclass(frozen=True)
class Finding:
    dataset: str | None
    source_file: str | None
    source_line: int | None
    severity: str | None
    message: str


@dataclass(frozen=True)
class UnrecognizedTable:
    source_file: str | None
    source_line: int | None
    header: tuple[str, ...]
    rows: int


@dataclass(frozen=True)
class StatedValue:
    """One place that states a compared fact."""

    source_file: str | None
    source_line: int | None
    dataset: str | None
    source: str | None
    event: str | None
    text: str | None
    edtf: str | None
    earliest: str | None
    latest: str | None
    source_text: str | None


@dataclass(frozen=True)
class Comparison:
    """A fact stated in two or more places, its verdict and each statement."""

    subject: str
    subject_iso3: str | None
    field: str
    verdict: str
    severity: str | None
    explanation: str | None
    values: tuple[StatedValue, ...]


@dataclass(frozen=True)
class ConsistencyView:
    comparisons: tuple[Comparison, ...]  # the listed ones (the report lists a bounded number)
    counts: Mapping[str, int]  # by verdict (VERDICTS), and `compared`


@dataclass(frozen=True)
class Decision:
    id: str
    action: str
    dataset: str | None
    target: str | None
    column: str | None
    value: str | None
    check: str | None
    by: str | None
    at: str | None
    until: str | None
    reason: str | None
    status: str
    detail: str | None


@dataclass(frozen=True)
class DecisionsView:
    file: str | None
    counts: Mapping[str, int]  # by status (decisions.STATUSES)
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class RowChange:
    added: int | None  # None: the previous version of the dataset could not be read
    removed: int | None
    changed: int | None


@dataclass(frozen=True)
class CheckKey:
    dataset: str
    name: str
    column: str | None


@dataclass(frozen=True)
class DiffView:
    previous_run_id: str | None
    datasets: Mapping[str, RowChange]
    checks_new: tuple[CheckKey, ...]
    checks_resolved: tuple[CheckKey, ...]
    previous_unreadable: tuple[str, ...]


@dataclass(frozen=True)
class ReportView:
    """A run's report.json, typed."""

    run_id: str
    status: str
    started_at: str
    finished_at: str
    duration_seconds: Number
    raw_dir: str
    out_dir: str
    focal_country: str
    documents: DocumentsView
    datasets: tuple[DatasetView, ...]
    unrecognized_tables: tuple[UnrecognizedTable, ...]
    findings: tuple[Finding, ...]
    charts: Mapping[str, Mapping[str, Number]]
    consistency: ConsistencyView | None  # None: a report from before the comparison (upgraded)
    decisions: DecisionsView | None  # None: the run replayed no decisions file
    artifacts: Mapping[str, str]
    diff: DiffView | None  # None: the first run, nothing to compare with
    # Counted by report.py from the entries above.
    check_counts: CheckCounts  # every check of every dataset
    totals: RowTotals
    precision: Mapping[str, Number]  # date precision summed over every dated column


# --------------------------------------------------------------------------------------------- reading


class _Node:
    """One mapping of the report, with the path that names it in errors."""

    def __init__(self, path: str, value: object) -> None:
        if not isinstance(value, Mapping):
            raise ReportShapeError(f"report.json: {path} should be an object, found {type(value).__name__}")
        self.path, self.value = path, value

    def has(self, key: str) -> bool:
        return key in self.value

    def get(self, key: str) -> Any:
        if key not in self.value:
            raise ReportShapeError(f"report.json: {self.path} has no key {key!r}")
        return self.value[key]

    def _typed(self, key: str, types: tuple[type, ...], what: str, *, optional: bool = False) -> Any:
        value = self.get(key)
        if value is None and optional:
            return None
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise ReportShapeError(f"report.json: {self.path}.{key} should be {what}, found {value!r:.80}")
        return value

    # A date is text in report.json (storage writes it as its ISO form); the dict a run holds before writing may
    # still carry it as a date.
    def text(self, key: str) -> str:
        return str(self._typed(key, (str, date), "text"))

    def maybe_text(self, key: str) -> str | None:
        value = self._typed(key, (str, date), "text or null", optional=True)
        return None if value is None else str(value)

    def whole(self, key: str) -> int:
        return int(self._typed(key, (int,), "a whole number"))

    def maybe_whole(self, key: str) -> int | None:
        value = self._typed(key, (int,), "a whole number or null", optional=True)
        return None if value is None else int(value)

    def number(self, key: str) -> Number:
        value: Number = self._typed(key, (int, float), "a number")
        return value

    def flag(self, key: str) -> bool:
        return bool(self._typed(key, (bool,), "true or false"))

    def node(self, key: str) -> _Node:
        return _Node(f"{self.path}.{key}", self.get(key))

    def nodes(self, key: str) -> list[_Node]:
        return [_Node(f"{self.path}.{key}[{i}]", item) for i, item in enumerate(self._typed(key, (list,), "a list"))]

    def texts(self, key: str) -> tuple[str, ...]:
        items = self._typed(key, (list,), "a list")
        if not all(isinstance(item, str) for item in items):
            raise ReportShapeError(f"report.json: {self.path}.{key} should be a list of text")
        return tuple(items)

    def numbers(self, key: str) -> dict[str, Number]:
        """A mapping of names to numbers (counts, shares)."""
        node = self.node(key)
        return {str(name): node.number(name) for name in node.value}

    def texts_by_name(self, key: str) -> dict[str, str]:
        node = self.node(key)
        return {str(name): node.text(name) for name in node.value}


def _example(node: _Node) -> Example:
    commands = node.texts_by_name("commands") if node.has("commands") else {}
    return Example(
        node.maybe_text("source_file"),
        node.maybe_whole("source_line"),
        node.get("value"),
        node.maybe_text("message"),
        node.maybe_text("source_text"),
        tuple(commands.items()),
    )


def _check(dataset: str, node: _Node) -> Check:
    acceptance = None
    if node.has("accepted"):
        accepted = node.node("accepted")
        acceptance = Acceptance(accepted.text("decision_id"), accepted.maybe_text("until"), accepted.text("reason"))
    examples = node.nodes("examples")
    result = CheckResult(
        dataset,
        node.text("name"),
        node.maybe_text("column"),
        node.text("severity"),
        node.text("kind"),
        node.whole("failing_rows"),
        node.text("description"),
        tuple(example.value for example in examples),
        acceptance,
        node.text("accept_command") if node.has("accept_command") else None,
    )
    return Check(result, tuple(_example(example) for example in examples))


def _dataset(name: str, node: _Node) -> DatasetView:
    checks = tuple(_check(name, check) for check in node.nodes("checks"))
    precision = node.node("date_precision")
    return DatasetView(
        name=name,
        rows_in=node.whole("rows_in"),
        rows_curated=node.whole("rows_curated"),
        rows_quarantined=node.whole("rows_quarantined"),
        rows_excluded=node.whole("rows_excluded") if node.has("rows_excluded") else None,
        published=node.flag("published"),
        kept_previous=node.flag("kept_previous"),
        columns=node.texts("columns"),
        completeness=node.numbers("completeness"),
        checks=checks,
        counts=check_counts(check.result for check in checks),
        recovered=tuple(
            Recovered(r.text("column"), r.text("method"), r.whole("count")) for r in node.nodes("recovered")
        ),
        date_precision={str(column): precision.numbers(column) for column in precision.value},
        quarantine_reasons=node.numbers("quarantine_reasons"),
    )


def _documents(node: _Node) -> DocumentsView:
    files = tuple(
        DocumentFile(
            f.text("source_file"),
            f.maybe_text("title"),
            {count: f.maybe_whole(count) for count in DOCUMENT_COUNTS if f.has(count)},
        )
        for f in node.nodes("files")
    )
    columns = tuple(count for count in DOCUMENT_COUNTS if any(count in f.counts for f in files))
    return DocumentsView(
        read=node.whole("read"),
        parsed=node.whole("parsed"),
        rejected=node.whole("rejected"),
        rejected_files=tuple(
            RejectedFile(f.text("source_file"), f.text("reason")) for f in node.nodes("rejected_files")
        ),
        files=files,
        columns=columns,
        totals=tuple(column_totals((f.counts for f in files), columns)),
    )


def _stated(node: _Node) -> StatedValue:
    values: dict[str, Any] = {f.name: node.maybe_text(f.name) for f in fields(StatedValue) if f.name != "source_line"}
    return StatedValue(source_line=node.maybe_whole("source_line"), **values)


def _consistency(report: _Node) -> ConsistencyView | None:
    if report.get("consistency") is None and report.get("consistency_summary") is None:
        return None
    summary = report.node("consistency_summary")
    comparisons = tuple(
        Comparison(
            c.text("subject"),
            c.maybe_text("subject_iso3"),
            c.text("field"),
            c.text("verdict"),
            c.maybe_text("severity"),
            c.maybe_text("explanation"),
            tuple(_stated(v) for v in c.nodes("values")),
        )
        for c in report.nodes("consistency")
    )
    return ConsistencyView(comparisons, {key: summary.whole(key) for key in (*VERDICTS, "compared")})


def _decision(node: _Node) -> Decision:
    values: dict[str, Any] = {f.name: node.maybe_text(f.name) for f in fields(Decision)}
    return Decision(**values | {key: node.text(key) for key in ("id", "action", "status")})


def _decisions(report: _Node) -> DecisionsView | None:
    if not report.has("decisions"):
        return None
    node = report.node("decisions")
    decisions = tuple(_decision(d) for d in node.nodes("list"))
    counts = {status: node.whole(status) for status in DECISION_STATUSES}
    return DecisionsView(node.maybe_text("file"), counts, decisions)


def _check_key(node: _Node) -> CheckKey:
    return CheckKey(node.text("dataset"), node.text("name"), node.maybe_text("column"))


def _diff(report: _Node) -> DiffView | None:
    if report.get("diff") is None:
        return None
    node = report.node("diff")
    datasets = node.node("datasets")
    changes = {}
    for name in datasets.value:
        change = datasets.node(name)
        changes[str(name)] = RowChange(*(change.maybe_whole(key) for key in ("added", "removed", "changed")))
    return DiffView(
        previous_run_id=node.maybe_text("previous_run_id"),
        datasets=changes,
        checks_new=tuple(_check_key(c) for c in node.nodes("checks_new")),
        checks_resolved=tuple(_check_key(c) for c in node.nodes("checks_resolved")),
        previous_unreadable=node.texts("previous_unreadable") if node.has("previous_unreadable") else (),
    )


def report_view(report: Mapping[str, Any]) -> ReportView:
    """The typed view of a report.json dict; raises ReportShapeError naming the first key that is missing or of
    the wrong type."""
    root = _Node("the report", report)
    datasets = root.node("datasets")
    charts = root.node("charts")
    entries = tuple(_dataset(str(name), datasets.node(name)) for name in datasets.value)
    return ReportView(
        run_id=root.text("run_id"),
        status=root.text("status"),
        started_at=root.text("started_at"),
        finished_at=root.text("finished_at"),
        duration_seconds=root.number("duration_seconds"),
        raw_dir=root.text("raw_dir"),
        out_dir=root.text("out_dir"),
        focal_country=root.text("focal_country"),
        documents=_documents(root.node("documents")),
        datasets=entries,
        unrecognized_tables=tuple(
            UnrecognizedTable(
                t.maybe_text("source_file"), t.maybe_whole("source_line"), t.texts("header"), t.whole("rows")
            )
            for t in root.nodes("unrecognized_tables")
        ),
        findings=tuple(
            Finding(
                f.maybe_text("dataset"),
                f.maybe_text("source_file"),
                f.maybe_whole("source_line"),
                f.maybe_text("severity"),
                f.text("message"),
            )
            for f in root.nodes("findings")
        ),
        charts={str(key): charts.numbers(key) for key in charts.value},
        consistency=_consistency(root),
        decisions=_decisions(root),
        artifacts=root.texts_by_name("artifacts"),
        diff=_diff(root),
        check_counts=check_counts(check.result for entry in entries for check in entry.checks),
        totals=row_totals(report["datasets"].values()),
        precision=precision_totals(counts for entry in entries for counts in entry.date_precision.values()),
    )
