"""Build a run's quality report (report.json) from its stages, including the diff against the previous run."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from curator.consistency import CONSISTENCY
from curator.decisions.file import Decision
from curator.decisions.replay import STATUSES as DECISION_STATUSES
from curator.decisions.replay import accept_checks
from curator.readers.subject import FOCAL_COUNTRY
from curator.storage.versions import Published, scan_dataset
from curator.validation.checks import GATE, SCHEMA, CheckResult, blocks_publish, checks_of
from curator.validation.quality import PROVENANCE
from schemas.gates import ERROR

# What identifies a row across runs, so that a line inserted above it does not make it "new"; any other
# dataset falls back to its provenance. Everything outside the key and the provenance is content.
ROW_IDENTITY: dict[str, tuple[str, ...]] = {
    "documents": ("source_file",),
    "relations": ("source_file", "country", "relations_began_text"),
    "relation_events": ("source_file", "country", "event_order"),
    "ambassadors": ("source_file", "list_title", "position", "name", "term_text"),
    "opinion_polls": ("source_file", "poll", "rank"),
    "missions": ("source_file", "country", "mission_type", "city"),
}


@dataclass(frozen=True)
class ReportInputs:
    """Everything a run produced that its report describes: document counts, the assembly summary, the version."""

    run_id: str
    status: str
    raw_dir: Path
    out_dir: Path
    documents: Mapping[str, Any]
    summary: Mapping[str, Any]
    published: Published
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    files: list[dict[str, Any]] = field(default_factory=list)
    focal_country: str = FOCAL_COUNTRY
    # Files of the previous version found damaged (relative to it): its datasets among them are not compared.
    previous_unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckCounts:
    """How a set of checks stands: how many, how many failed, and of those the open errors and warnings (any other
    severity counts as a warning) and the ones a reviewer accepted."""

    total: int
    failing: int
    open_errors: int
    open_warnings: int
    accepted: int

    @property
    def open(self) -> int:
        """Failing checks no reviewer accepted."""
        return self.open_errors + self.open_warnings


def check_counts(checks: Iterable[CheckResult]) -> CheckCounts:
    """The counts of `checks`, each read from the check model."""
    checks = tuple(checks)
    open_checks = [check for check in checks if check.open]
    errors = sum(1 for check in open_checks if check.severity.lower() == ERROR)
    failing = sum(1 for check in checks if check.failed)
    return CheckCounts(len(checks), failing, errors, len(open_checks) - errors, failing - len(open_checks))


@dataclass(frozen=True)
class RowTotals:
    """A run's rows across its datasets, and how many datasets were published or held back."""

    rows_curated: int
    rows_quarantined: int
    rows_excluded: int
    published: int
    held_back: int


def row_totals(entries: Iterable[Mapping[str, Any]]) -> RowTotals:
    """The totals of report.json's dataset entries (`rows_excluded` counts 0 where a run had no decisions file)."""
    entries = tuple(entries)
    return RowTotals(
        sum(entry["rows_curated"] for entry in entries),
        sum(entry["rows_quarantined"] for entry in entries),
        sum(entry.get("rows_excluded", 0) for entry in entries),
        sum(1 for entry in entries if entry["published"]),
        sum(1 for entry in entries if not entry["published"]),
    )


def precision_totals(groups: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Date precision counts ({precision: rows}) summed over every dated column of every dataset, first seen first."""
    totals: dict[str, float] = {}
    for counts in groups:
        for key, value in counts.items():
            totals[key] = totals.get(key, 0.0) + value
    return totals


def column_totals(rows: Iterable[Mapping[str, int | None]], columns: Sequence[str]) -> list[int]:
    """The sum of each of `columns` over `rows` (a missing or null value adds nothing)."""
    rows = tuple(rows)
    return [sum(row.get(column) or 0 for row in rows) for column in columns]


def row_diff(
    previous: pl.DataFrame | pl.LazyFrame | None,
    current: pl.DataFrame | pl.LazyFrame,
    identity: tuple[str, ...] = PROVENANCE,
) -> dict[str, int]:
    """Rows added, removed and changed since the previous run, matching rows on their `identity` columns.

    Works on lazy scans of the published files, so two large versions are compared without loading them whole.
    """
    current = current.lazy()
    current_columns = current.collect_schema().names()
    if previous is None:
        return {"added": int(current.select(pl.len()).collect().item()), "removed": 0, "changed": 0}
    previous = previous.lazy()
    previous_columns = previous.collect_schema().names()
    keys = [c for c in identity if c in current_columns and c in previous_columns]
    shared = [c for c in current_columns if c in previous_columns]
    if not keys:
        return {
            "added": int(current.select(pl.len()).collect().item()),
            "removed": int(previous.select(pl.len()).collect().item()),
            "changed": 0,
        }

    def hashed(frame: pl.LazyFrame) -> pl.LazyFrame:
        # A row that only moved to another line is not a change; nor is new evidence text for the same values.
        content = [c for c in shared if c not in keys and c not in PROVENANCE and c != "source_text"]
        digest = pl.struct(content).hash() if content else pl.lit(0, dtype=pl.UInt64)
        return frame.select(*keys, digest.alias("__hash")).unique(subset=keys, keep="first")

    joined = hashed(current).join(
        hashed(previous), on=keys, how="full", coalesce=True, suffix="_before", nulls_equal=True
    )
    counts = joined.select(
        pl.col("__hash_before").is_null().sum().alias("added"),
        pl.col("__hash").is_null().sum().alias("removed"),
        (
            pl.col("__hash").is_not_null()
            & pl.col("__hash_before").is_not_null()
            & (pl.col("__hash") != pl.col("__hash_before"))
        )
        .sum()
        .alias("changed"),
    ).collect()
    return {name: int(counts[name][0]) for name in ("added", "removed", "changed")}


def _failing_checks(report: Mapping[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (dataset, str(check.column), check.name)
        for dataset, entry in (report.get("datasets") or {}).items()
        for check in checks_of(dataset, entry)
        if check.failed
    }


def checks_diff(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Checks failing now but not before (new) and failing before but not now (resolved)."""
    before = _failing_checks(previous or {})
    now = _failing_checks(current)

    def listed(keys: set[tuple[str, str, str]]) -> list[dict[str, str]]:
        return [{"dataset": d, "column": c, "name": n} for d, c, n in sorted(keys)]

    return {"checks_new": listed(now - before), "checks_resolved": listed(before - now)}


def build_report(
    inputs: ReportInputs,
    previous_report: Mapping[str, Any] | None,
    datasets: Iterable[str],
    finished_at: datetime,
    artifacts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The report.json of a run: contract keys (run_id, status, documents, datasets.*) plus review aids."""
    summary = inputs.summary
    published = inputs.published
    entries = {
        name: {
            **entry,
            "published": name in published.written,
            "kept_previous": name in published.kept_previous,
        }
        for name, entry in summary["datasets"].items()
    }
    relations = summary["datasets"].get("relations", {})
    report: dict[str, Any] = {
        "run_id": inputs.run_id,
        "status": inputs.status,
        "started_at": inputs.started_at.isoformat(timespec="seconds"),
        "finished_at": finished_at.isoformat(timespec="seconds"),
        "duration_seconds": round((finished_at - inputs.started_at).total_seconds(), 3),
        "raw_dir": str(inputs.raw_dir),
        "out_dir": str(inputs.out_dir),
        "focal_country": inputs.focal_country,
        "documents": {**inputs.documents, "files": inputs.files},
        "datasets": entries,
        "unrecognized_tables": list(summary.get("unrecognized_tables", [])),
        "unrecognized_total": summary.get("unrecognized_total", 0),
        "findings": list(summary.get("findings", [])),
        "findings_total": summary.get("findings_total", 0),
        "charts": {"established_per_decade": dict(relations.get("established_per_decade", {}))},
        "consistency": list(summary.get("consistency", [])),
        "consistency_summary": dict(summary.get("consistency_summary", {})),
        **({"decisions": summary["decisions"]} if "decisions" in summary else {}),
        "artifacts": dict(artifacts or {}),
        "reused_from": summary.get("reused_from"),
    }
    if previous_report is None:
        report["diff"] = None
    else:
        previous_dir = published.previous_dir
        current = {name: scan_dataset(published.version_dir, name) for name in datasets}
        unreadable = set(inputs.previous_unreadable)
        report["diff"] = {
            "previous_run_id": previous_report.get("run_id"),
            **({"previous_unreadable": sorted(unreadable)} if unreadable else {}),
            "datasets": {
                name: (
                    {"added": None, "removed": None, "changed": None, "previous_unreadable": True}
                    if f"{name}.parquet" in unreadable
                    else row_diff(scan_dataset(previous_dir, name), scan, ROW_IDENTITY.get(name, PROVENANCE))
                )
                for name, scan in current.items()
                if scan is not None
            },
            **checks_diff(previous_report, report),
        }
    return report


def report_markdown(report: Mapping[str, Any], html_path: Path) -> str:
    """A short Markdown summary of a run (for the Prefect UI): status, documents, per-dataset counts."""

    def cell(value: Any) -> str:
        # Document-derived text must not break the table or inject markup into the UI.
        return str(value).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")

    documents = report["documents"]
    lines = [
        f"# Curation run {cell(report['run_id'])}: **{cell(report['status'])}**",
        "",
        f"Documents: {documents['parsed']} parsed, {documents['rejected']} rejected. Full report: `{cell(html_path)}`",
        "",
        "| dataset | rows in | curated | quarantined | failing checks |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, entry in report["datasets"].items():
        failing = sum(check.failed for check in checks_of(name, entry))
        lines.append(
            f"| {cell(name)} | {entry['rows_in']} | {entry['rows_curated']} | {entry['rows_quarantined']} | {failing} |"
        )
    return "\n".join(lines) + "\n"


def report_table(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per dataset with its accounting, for a Prefect table artifact."""
    return [
        {
            "dataset": name,
            "rows_in": entry["rows_in"],
            "rows_curated": entry["rows_curated"],
            "rows_quarantined": entry["rows_quarantined"],
            "failing_checks": sum(check.failed for check in checks_of(name, entry)),
            "published": entry["published"],
        }
        for name, entry in report["datasets"].items()
    ]


def run_status(summary: Mapping[str, Any], rejected_documents: int) -> str:
    """`failed` when an error gate failed, `warned` for warnings, quarantined rows or rejected files, else `passed`."""
    checks = [check for name, entry in summary["datasets"].items() for check in checks_of(name, entry)]
    if blocks_publish(checks):
        return "failed"
    warned = (
        rejected_documents > 0
        or any(entry["rows_quarantined"] > 0 for entry in summary["datasets"].values())
        or any(check.failed and check.kind == GATE for check in checks)
    )
    return "warned" if warned else "passed"


def reviewed_summary(
    summary: Mapping[str, Any],
    decisions: Sequence[Decision],
    decisions_file: str | None,
    out_dir: Path,
    today: date,
) -> dict[str, Any]:
    """The assembly summary as reviewers see it, as a new value: checks covered by accept decisions marked, every
    decision's outcome counted, and next to each open item the `curator review` command that would resolve it."""
    outcomes = list(summary.get("decision_outcomes", []))
    datasets: dict[str, Any] = {}
    for name, entry in summary["datasets"].items():
        failing = summary.get("failing", {}).get(name, {})
        checks, accepted = accept_checks(name, checks_of(name, entry), failing, decisions, today)
        outcomes += [outcome.as_dict() for outcome in accepted]
        if name != CONSISTENCY:
            checks = tuple(with_commands(check, out_dir) if check.failed else check for check in checks)
        datasets[name] = {**entry, "checks": [check.entry() for check in checks]}
    result = {key: value for key, value in summary.items() if key not in ("failing", "decision_outcomes")}
    result["datasets"] = datasets
    if decisions_file is not None and (decisions or Path(decisions_file).name):
        counts = {status: sum(1 for o in outcomes if o["status"] == status) for status in DECISION_STATUSES}
        result["decisions"] = {"file": decisions_file, **counts, "list": sorted(outcomes, key=lambda o: o["line"])}
    return result


def with_commands(check: CheckResult, out_dir: Path) -> CheckResult:
    """A failing check with the exact `curator review` commands: accept it, or set / exclude one example row."""
    out = "" if out_dir == Path("curated") else f" --out {shlex.quote(str(out_dir))}"
    column = f" --column {shlex.quote(check.column)}" if check.column else ""
    examples = []
    for example in check.examples:
        location = shlex.quote(f"{example['source_file']}:{example['source_line']}")
        commands = {"exclude": f"curator review exclude {check.dataset} {location} --reason TEXT{out}"}
        if check.column and check.kind == SCHEMA:
            commands = {
                "set": f"curator review set {check.dataset} {location} "
                f"{shlex.quote(check.column)}=VALUE --reason TEXT{out}",
                **commands,
            }
        examples.append({**example, "commands": commands})
    return replace(
        check,
        examples=tuple(examples),
        accept_command=f"curator review accept {check.dataset} {shlex.quote(check.name)}{column} --reason TEXT{out}",
    )
