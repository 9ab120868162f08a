"""The assemble stage: every dataset built from the cache segments in file order into a staging version, gated."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from curator.assembly import DOC_KEY, ROW_KEY, DatasetTally, chunks, failures_with_rows, split_chunk, with_files
from curator.consistency import CONSISTENCY, CONSISTENCY_SCHEMA, compare_all
from curator.datasets import FINDINGS_SCHEMA, SCHEMAS, UNRECOGNIZED_SCHEMA
from curator.decisions.replay import Replay
from curator.pipeline.batch import BatchResult
from curator.pipeline.plan import RunPlan
from curator.pipeline.records import (
    FAILURES,
    FINDINGS,
    INDEX,
    INDEX_SCHEMA,
    MANIFEST_SCHEMA,
    MAX_LISTED,
    PARSED,
    UNRECOGNIZED,
)
from curator.storage.cache import collect_segment_parts, read_cache_index, read_segment_part
from curator.storage.errors import StorageError
from curator.storage.files import scan_parquet
from curator.storage.layout import SEGMENTS, cache_root, current_version_dir, dataset_files, segment_part
from curator.storage.versions import (
    dataset_writers,
    link_previous,
    new_staging,
    read_summary,
    restore_previous,
    scan_dataset,
    write_dataset,
    write_manifest,
    write_summary,
)
from curator.validation.checks import blocks_publish, gate_results
from curator.validation.quality import FAILURES_SCHEMA, split_valid_rows
from schemas.consistency import Consistency
from schemas.gates import Gate

_STRING, _INT = pl.String(), pl.Int64()


@dataclass(frozen=True)
class Assembly:
    """A run's staging version: what it holds, and the summary its report is made from."""

    staging: Path
    summary: dict[str, Any]
    manifest: pl.DataFrame
    written: tuple[str, ...]
    kept: tuple[str, ...]
    reused: bool


def run_manifest(plan: RunPlan, results: Sequence[BatchResult]) -> pl.DataFrame:
    """Every discovered document's entry (known ones from the plan, read ones from their batches), with the
    status and reason the cache index gives its content."""
    root = cache_root(plan.out_dir, plan.version)
    read = pl.concat([result.entries for result in results]) if results else pl.DataFrame(schema=MANIFEST_SCHEMA)
    manifest = pl.concat([plan.known, read]).sort("source_file")
    index = read_cache_index(root)
    statuses = (
        pl.concat(
            [
                read_segment_part(root, segment, INDEX).with_columns(pl.lit(segment).alias("segment"))
                for segment in index["segment"].unique().sort().to_list()
            ]
        )
        if index.height
        else pl.DataFrame(schema={**INDEX_SCHEMA, "segment": _STRING})
    )
    statuses = statuses.join(index, on=[DOC_KEY, "segment"], how="semi")
    joined = manifest.join(statuses.rename({"status": "_status", "reason": "_reason"}), on=DOC_KEY, how="left")
    vanished = joined.filter(pl.col(DOC_KEY).is_not_null() & pl.col("_status").is_null())
    if vanished.height:
        # Read this run (or known to the cache when it started), yet the cache no longer holds them: removed meanwhile.
        raise StorageError(
            "reading",
            str(root / SEGMENTS),
            f"the cached results of {vanished.height} documents (e.g. {vanished['source_file'][0]}) vanished during"
            " the run",
        )
    return joined.with_columns(
        pl.coalesce("_status", "status").alias("status"),
        pl.coalesce("_reason", "reason").alias("reason"),
    ).select(*MANIFEST_SCHEMA, "segment")


def input_fingerprint(version: str, manifest: pl.DataFrame, extra: str = "") -> str:
    """A hash of everything a run's datasets are made from: code version, each file's name and content hash."""
    digest = hashlib.sha256(f"{version}\n{extra}\n".encode())
    for source_file, sha, status, reason in manifest.select("source_file", "sha256", "status", "reason").iter_rows():
        digest.update(f"{source_file}\t{sha}\t{status}\t{reason}\n".encode())
    return digest.hexdigest()


def assemble_run(
    plan: RunPlan,
    results: Sequence[BatchResult],
    models: Mapping[str, type[pa.DataFrameModel]],
    gates: Sequence[Gate],
) -> Assembly:
    """Assemble every dataset into a staging version in file order, evaluate its gates and summarise it.

    When nothing a dataset is made from changed since the current version, its files are hard-linked from there
    and its summary reused; a dataset whose error gate fails keeps the previous version's files.
    """
    out = plan.out_dir
    root = cache_root(out, plan.version)
    manifest = run_manifest(plan, results)
    previous = current_version_dir(out)
    # A damaged previous version is neither reused nor linked from: its datasets are assembled from the cache.
    previous_summary = (read_summary(previous) or {}) if not plan.previous_unreadable else {}
    contracts = ";".join([*models, *(f"{g.dataset}.{g.name}:{g.severity}" for g in gates), plan.decisions_digest])
    fingerprint = input_fingerprint(plan.version, manifest, contracts)
    staging = new_staging(out, plan.run_id)
    write_manifest(staging, manifest.select(*MANIFEST_SCHEMA))

    reusable = (
        previous is not None
        and previous_summary.get("fingerprint") == fingerprint
        and all(scan_dataset(previous, name) is not None for name in [*models, CONSISTENCY])
    )
    if reusable:
        for name in [*models, CONSISTENCY]:
            link_previous(staging, previous, name)
        summary = {**previous_summary, "reused_from": previous.name if previous else None}
        write_summary(staging, summary)
        # The linked files are what that version published or kept: this version publishes and keeps the same.
        return Assembly(staging, summary, manifest, tuple(summary["written"]), tuple(summary["kept"]), True)

    parsed = manifest.filter((pl.col("status") == PARSED) & pl.col("segment").is_not_null())
    replay = Replay(plan.decisions, models)
    tallies = {name: DatasetTally(name, model, list(SCHEMAS[name])) for name, model in models.items()}
    writers = {
        name: dataset_writers(staging, name, SCHEMAS[name], _quarantine_schema(SCHEMAS[name])) for name in models
    }
    findings: list[pl.DataFrame] = []
    unrecognized: list[pl.DataFrame] = []
    findings_total = unrecognized_total = 0
    for chunk in chunks(parsed.select("source_file", DOC_KEY, "segment")):
        # Each content is read from the one segment the index names for it: two batches that met the same bytes
        # under different names both cached them, and reading both copies would repeat its rows.
        shas_by_segment = {
            segment: group[DOC_KEY].unique().implode()
            for (segment,), group in chunk.group_by("segment", maintain_order=True)
        }

        def part(name: str, shas_by_segment: dict[str, pl.Series] = shas_by_segment) -> pl.DataFrame:
            paths = [(segment_part(root, s, name), shas) for s, shas in sorted(shas_by_segment.items())]
            scans = [(path, scan_parquet(path), shas) for path, shas in paths]
            frames = [
                (path, scan.filter(pl.col(DOC_KEY).is_in(shas))) for path, scan, shas in scans if scan is not None
            ]
            return collect_segment_parts(frames)

        failures = part(FAILURES)
        for name in models:
            rows = with_files(part(name), chunk)
            chunk_failures = failures.filter(pl.col("dataset") == name) if failures.height else failures
            located = failures_with_rows(chunk_failures, rows) if chunk_failures.height else _no_failures()
            rows, located, excluded = replay.rows(name, rows, located)
            curated, quarantined = split_chunk(rows, list(SCHEMAS[name]))
            writers[name][0].write(curated)
            writers[name][1].write(quarantined)
            tallies[name].add(curated, quarantined, located, excluded)
        chunk_findings = with_files(part(FINDINGS).with_columns(pl.lit(0, dtype=_INT).alias(ROW_KEY)), chunk)
        findings_total += chunk_findings.height
        if sum(f.height for f in findings) < MAX_LISTED:
            findings.append(chunk_findings.select(*FINDINGS_SCHEMA))
        chunk_tables = with_files(part(UNRECOGNIZED).with_columns(pl.lit(0, dtype=_INT).alias(ROW_KEY)), chunk)
        unrecognized_total += chunk_tables.height
        if sum(f.height for f in unrecognized) < MAX_LISTED:
            unrecognized.append(chunk_tables.select(*UNRECOGNIZED_SCHEMA))
    for curated_writer, quarantine_writer in writers.values():
        curated_writer.close()
        quarantine_writer.close()

    datasets: dict[str, Any] = {}
    written: list[str] = []
    kept: list[str] = []
    for name, tally in tallies.items():
        staged = scan_dataset(staging, name)
        gates_found = gate_results(name, gates, staged, tally.rows_in)
        entry = tally.summary(gates_found)
        if blocks_publish(gates_found):
            # A previous version whose files of this dataset are damaged is never restored from.
            whole = not set(map(str, dataset_files(name))) & set(plan.previous_unreadable)
            if restore_previous(staging, previous if whole else None, name):
                kept.append(name)
        else:
            written.append(name)
        datasets[name] = entry
    consistency, comparisons = _compare_documents(staging, plan.focal)
    datasets[CONSISTENCY] = consistency
    written.append(CONSISTENCY)
    if not plan.decisions_digest:
        for entry in datasets.values():
            entry.pop("rows_excluded", None)  # the key comes with a decisions file only
    summary = {
        "fingerprint": fingerprint,
        "datasets": datasets,
        "decision_outcomes": [outcome.as_dict() for outcome in replay.outcomes()],
        "failing": {name: {k: sorted(v) for k, v in tally.checks.failing.items()} for name, tally in tallies.items()},
        **comparisons,
        "findings": pl.concat(findings).head(MAX_LISTED).to_dicts() if findings else [],
        "findings_total": findings_total,
        "unrecognized_tables": pl.concat(unrecognized).head(MAX_LISTED).to_dicts() if unrecognized else [],
        "unrecognized_total": unrecognized_total,
        "written": written,
        "kept": kept,
    }
    write_summary(staging, summary)
    return Assembly(staging, summary, manifest, tuple(written), tuple(kept), False)


def _compare_documents(staging: Path, focal: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The consistency dataset of a staged version (validated and written beside the others), its report entry and
    the report's `consistency` list and counts."""
    scans = {name: scan_dataset(staging, name) for name in ("relation_events", "ambassadors", "missions")}
    frame = compare_all(scans["relation_events"], scans["ambassadors"], scans["missions"], focal)
    validation = split_valid_rows(CONSISTENCY, frame, Consistency)
    write_dataset(staging, CONSISTENCY, validation.curated, validation.quarantined)
    tally = DatasetTally(CONSISTENCY, Consistency, list(CONSISTENCY_SCHEMA))
    tally.add(validation.curated, validation.quarantined, _no_failures())
    entry = tally.summary()
    entry = {**entry, "checks": [check.entry() for check in validation.checks]}
    counts = validation.curated.group_by("verdict").len()
    summary = {verdict: 0 for verdict in ("agree", "compatible", "conflict")}
    summary.update(dict(counts.iter_rows()))
    ordered = validation.curated.sort(
        pl.col("verdict").replace_strict({"conflict": 0, "compatible": 1, "agree": 2}, return_dtype=pl.Int64)
    )
    listed = [comparison_entry(row) for row in ordered.head(MAX_LISTED).iter_rows(named=True)]
    return entry, {
        "consistency": listed,
        "consistency_summary": {**summary, "compared": validation.curated.height},
    }


def comparison_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    """A consistency row as report.json lists it: the fact, the verdict and both statements with provenance."""
    sides = [
        {
            name: row[f"{side}_{name}"]
            for name in (
                "source_file",
                "source_line",
                "dataset",
                "source",
                "event",
                "text",
                "edtf",
                "earliest",
                "latest",
                "source_text",
                "documents",
            )
        }
        for side in ("a", "b")
        if row[f"{side}_source_file"] is not None
    ]
    return {
        "subject": row["subject"],
        "subject_iso3": row["subject_iso3"],
        "field": row["field"],
        "scope": row["scope"],
        "verdict": row["verdict"],
        "severity": row["severity"],
        "explanation": row["explanation"],
        "values": sides,
    }


def _no_failures() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            **{k: v for k, v in FAILURES_SCHEMA.items() if k not in ("index", "reason")},
            "source_file": _STRING,
            "source_line": _INT,
            "source_text": _STRING,
            "row_id": _STRING,
        }
    )


def _quarantine_schema(schema: Mapping[str, pl.DataType]) -> dict[str, pl.DataType]:
    """Quarantined rows keep their provenance typed and every other value as text, plus their reasons."""
    return {
        **{name: (dtype if name in ("source_file", "source_line") else _STRING) for name, dtype in schema.items()},
        "reasons": pl.List(_STRING),
    }
