"""Build a run's quality report (report.json) from its stages, including the diff against the previous run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from curator.datasets import BuiltDatasets
from curator.documents import LoadedDocuments
from curator.quality import PROVENANCE, DatasetValidation
from curator.storage import Discovery, Published

PRECISION_SUFFIX = "_precision"
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
    """Everything a run produced that its report describes."""

    run_id: str
    status: str
    raw_dir: Path
    out_dir: Path
    discovery: Discovery
    loaded: LoadedDocuments
    built: BuiltDatasets
    validations: Mapping[str, DatasetValidation]
    published: Published
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def completeness(frame: pl.DataFrame) -> dict[str, float]:
    """Share of non-null (and non-empty text) values per column; 1.0 for an empty frame."""
    if frame.height == 0:
        return {column: 1.0 for column in frame.columns}
    present = frame.select(
        (
            pl.col(c).is_not_null() & (pl.col(c).cast(pl.String) != "").fill_null(False)
            if frame.schema[c] == pl.String
            else pl.col(c).is_not_null()
        )
        .mean()
        .alias(c)
        for c in frame.columns
    )
    return {c: round(float(present[c][0]), 4) for c in frame.columns}


def precision_distribution(frame: pl.DataFrame) -> dict[str, dict[str, int]]:
    """Counts of each date precision (and `none`) for every fuzzy-date group of a frame."""
    result: dict[str, dict[str, int]] = {}
    for column in frame.columns:
        if column.endswith(PRECISION_SUFFIX):
            counts = frame[column].fill_null("none").value_counts(sort=True)
            result[column.removesuffix(PRECISION_SUFFIX)] = {row[column]: row["count"] for row in counts.to_dicts()}
    return result


def established_per_decade(frame: pl.DataFrame | None) -> dict[str, int]:
    """Relations by the decade their establishment's earliest bound falls in (unknown dates left out)."""
    if frame is None or "established_earliest" not in frame.columns or frame.height == 0:
        return {}
    decades = (
        frame.select((pl.col("established_earliest").dt.year() // 10 * 10).alias("decade"))
        .drop_nulls()
        .group_by("decade")
        .len()
        .sort("decade")
    )
    return {f"{row['decade']}s": row["len"] for row in decades.to_dicts()}


def row_diff(
    previous: pl.DataFrame | None, current: pl.DataFrame, identity: tuple[str, ...] = PROVENANCE
) -> dict[str, int]:
    """Rows added, removed and changed since the previous run, matching rows on their `identity` columns."""
    if previous is None:
        return {"added": current.height, "removed": 0, "changed": 0}
    keys = [c for c in identity if c in current.columns and c in previous.columns]
    shared = [c for c in current.columns if c in previous.columns]
    if not keys:
        return {"added": current.height, "removed": previous.height, "changed": 0}

    def hashed(frame: pl.DataFrame) -> pl.DataFrame:
        # A row that only moved to another line is not a change.
        content = [c for c in shared if c not in keys and c not in PROVENANCE]
        digest = pl.struct(content).hash() if content else pl.lit(0, dtype=pl.UInt64)
        return frame.select(*keys, digest.alias("__hash")).unique(subset=keys, keep="first")

    before, after = hashed(previous), hashed(current)
    joined = after.join(before, on=keys, how="full", coalesce=True, suffix="_before", nulls_equal=True)
    return {
        "added": joined.filter(pl.col("__hash_before").is_null()).height,
        "removed": joined.filter(pl.col("__hash").is_null()).height,
        "changed": joined.filter(
            pl.col("__hash").is_not_null()
            & pl.col("__hash_before").is_not_null()
            & (pl.col("__hash") != pl.col("__hash_before"))
        ).height,
    }


def _failing_checks(report: Mapping[str, Any]) -> set[tuple[str, str, str]]:
    failing = set()
    for dataset, entry in (report.get("datasets") or {}).items():
        for check in entry.get("checks", []):
            if check.get("failing_rows"):
                failing.add((dataset, str(check.get("column")), str(check.get("name"))))
    return failing


def checks_diff(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Checks failing now but not before (new) and failing before but not now (resolved)."""
    before = _failing_checks(previous or {})
    now = _failing_checks(current)

    def listed(keys: set[tuple[str, str, str]]) -> list[dict[str, str]]:
        return [{"dataset": d, "column": c, "name": n} for d, c, n in sorted(keys)]

    return {"checks_new": listed(now - before), "checks_resolved": listed(before - now)}


def _dataset_entry(
    validation: DatasetValidation,
    published: Published,
    recovered: list[dict[str, Any]],
    source_text: Any,
) -> dict[str, Any]:
    reasons: Counter[str] = Counter()
    if validation.rows_quarantined:
        for row_reasons in validation.quarantined["reasons"].to_list():
            reasons.update(row_reasons)
    return {
        "rows_in": validation.rows_in,
        "rows_curated": validation.rows_curated,
        "rows_quarantined": validation.rows_quarantined,
        "published": validation.name in published.written,
        "kept_previous": validation.name in published.kept_previous,
        "columns": validation.curated.columns,
        "completeness": completeness(validation.curated),
        "checks": [
            {
                "name": check.name,
                "column": check.column,
                "severity": check.severity,
                "kind": check.kind,
                "description": check.description,
                "failing_rows": check.failing_rows,
                "passed": check.passed,
                "examples": [
                    {**example, "source_text": source_text(example["source_file"], example["source_line"])}
                    for example in check.examples
                ],
            }
            for check in validation.checks
        ],
        "recovered": recovered,
        "date_precision": precision_distribution(validation.curated),
        "quarantine_reasons": dict(reasons.most_common()),
    }


def build_report(
    inputs: ReportInputs,
    previous_report: Mapping[str, Any] | None,
    previous_frames: Mapping[str, pl.DataFrame | None],
    finished_at: datetime,
    artifacts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The report.json of a run: contract keys (run_id, status, documents, datasets.*) plus review aids."""
    documents_by_file = {doc.source_file: doc for doc, _raw in inputs.loaded.parsed}

    def source_text(source_file: str | None, line: int | None) -> str | None:
        doc = documents_by_file.get(source_file or "")
        return doc.line_text(line) if doc is not None and line is not None else None

    rejected = [
        {"source_file": r.source_file, "reason": r.reason}
        for r in (*inputs.discovery.rejected, *inputs.loaded.rejected)
    ]
    documents_frame = inputs.built.frames.get("documents")
    report: dict[str, Any] = {
        "run_id": inputs.run_id,
        "status": inputs.status,
        "started_at": inputs.started_at.isoformat(timespec="seconds"),
        "finished_at": finished_at.isoformat(timespec="seconds"),
        "duration_seconds": round((finished_at - inputs.started_at).total_seconds(), 3),
        "raw_dir": str(inputs.raw_dir),
        "out_dir": str(inputs.out_dir),
        "documents": {
            "read": len(inputs.discovery.files) + len(inputs.discovery.rejected),
            "parsed": len(inputs.loaded.parsed),
            "rejected": len(rejected),
            "rejected_files": rejected,
            "files": documents_frame.drop("sha256").to_dicts() if documents_frame is not None else [],
        },
        "datasets": {
            name: _dataset_entry(validation, inputs.published, inputs.built.recovered.get(name, []), source_text)
            for name, validation in inputs.validations.items()
        },
        "unrecognized_tables": list(inputs.built.unrecognized_tables),
        "findings": [finding.as_dict() for finding in inputs.built.findings],
        "charts": {
            "established_per_decade": established_per_decade(
                inputs.validations["relations"].curated if "relations" in inputs.validations else None
            ),
        },
        "artifacts": dict(artifacts or {}),
    }
    if previous_report is None:
        report["diff"] = None
    else:
        report["diff"] = {
            "previous_run_id": previous_report.get("run_id"),
            "datasets": {
                name: row_diff(previous_frames.get(name), validation.curated, ROW_IDENTITY.get(name, PROVENANCE))
                for name, validation in inputs.validations.items()
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
        failing = sum(1 for check in entry["checks"] if check["failing_rows"])
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
            "failing_checks": sum(1 for check in entry["checks"] if check["failing_rows"]),
            "published": entry["published"],
        }
        for name, entry in report["datasets"].items()
    ]
