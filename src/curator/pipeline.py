"""The stages of a curation run as plain functions; the Prefect flow, `curator check` and the tests call these.

A run: discover the raw root -> plan (which documents the cache already holds, by file stat and content hash) ->
process batches of the other documents (read, decode, parse, build, validate, write a cache segment) -> assemble
every dataset from the segments in file order into a staging version -> gates -> publish it with one rename ->
report. Only the batch stage touches document text; everything after it reads cached Parquet.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from curator.assembly import (
    DOC_KEY,
    REASONS,
    ROW_KEY,
    DatasetTally,
    chunks,
    failures_with_rows,
    split_chunk,
    with_files,
)
from curator.consistency import CONSISTENCY, CONSISTENCY_SCHEMA, compare_all
from curator.datasets import FINDINGS_SCHEMA, SCHEMAS, UNRECOGNIZED_SCHEMA, BuiltDatasets, build_datasets
from curator.decisions import Decision, Replay, load_decisions
from curator.documents import DecodedDocument, LoadedDocuments, RawDocument, Rejection, decode_document, load_batch
from curator.readers.subject import FOCAL_COUNTRY
from curator.report.history import history_rows
from curator.report.report import ReportInputs, build_report, report_markdown, reviewed_summary, run_status
from curator.report.report_html import render_report_html
from curator.storage.cache import (
    code_fingerprint,
    collect_segment_parts,
    read_cache_index,
    read_known_documents,
    read_segment_part,
    remove_segments,
    verify_cache,
    write_known_documents,
    write_segment,
)
from curator.storage.errors import StorageError, storage_operation
from curator.storage.files import scan_parquet
from curator.storage.layout import (
    MANIFEST,
    SEGMENTS,
    VERSIONS,
    cache_root,
    current_version_dir,
    dataset_files,
    gx_docs_dir,
    segment_part,
)
from curator.storage.raw import read_raw
from curator.storage.reports import read_kept_reports, read_latest_report, write_report
from curator.storage.versions import (
    Published,
    damaged_version_files,
    dataset_writers,
    link_previous,
    new_staging,
    publish_staging,
    read_manifest,
    read_summary,
    restore_previous,
    scan_dataset,
    write_dataset,
    write_manifest,
    write_summary,
)
from curator.validation.checks import blocks_publish, gate_results
from curator.validation.quality import (
    FAILURES_SCHEMA,
    DatasetValidation,
    apply_gates,
    reasons_by_row,
    row_failures,
    split_valid_rows,
)
from schemas.consistency import Consistency
from schemas.gates import Gate

# Cap on the documents, findings, rejections and unrecognized tables report.json lists one by one (all are counted).
MAX_LISTED = 1000
# Batches never grow past this many bytes of raw text, whatever --batch-size says.
MAX_BATCH_BYTES = 32 * 1024 * 1024
INDEX, FAILURES, FINDINGS, UNRECOGNIZED = "index", "failures", "findings", "unrecognized"
PARSED, REJECTED = "parsed", "rejected"

_STRING, _INT = pl.String(), pl.Int64()
MANIFEST_SCHEMA: dict[str, pl.DataType] = {
    "source_file": _STRING,
    "size": _INT,
    "mtime_ns": _INT,
    "sha256": _STRING,
    "status": _STRING,
    "reason": _STRING,
}
INDEX_SCHEMA: dict[str, pl.DataType] = {"sha256": _STRING, "status": _STRING, "reason": _STRING}


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id: UTC time to the second plus a random suffix."""
    moment = now or datetime.now(UTC)
    return f"{moment.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def code_version(focal: str = FOCAL_COUNTRY) -> str:
    """What the cached results depend on: the extraction code and contracts, the libraries that run them, and the
    focal country they are read for."""
    libraries = [f"{name}=={package_version(name)}" for name in ("polars", "pandera", "pycountry", "countryinfo")]
    return code_fingerprint(["curator", "schemas"], [*libraries, f"focal={focal}"])


# ------------------------------------------------------------------------------------------------ in memory


def load_documents(raw_dir: Path, files: Sequence[str]) -> LoadedDocuments:
    """Read, decode and parse a batch of raw files; what cannot be read becomes a Rejection with its reason."""
    decoded: list[tuple[DecodedDocument, RawDocument]] = []
    rejected: list[Rejection] = []
    for source_file in files:
        raw = read_raw(raw_dir, source_file)
        if isinstance(raw, Rejection):
            rejected.append(raw)
            continue
        text = decode_document(raw)
        if isinstance(text, Rejection):
            rejected.append(text)
            continue
        decoded.append((text, raw))
    return load_batch(decoded, rejected)


def build_all(loaded: LoadedDocuments, focal: str = FOCAL_COUNTRY) -> BuiltDatasets:
    """Build every dataset from the parsed documents, read for the relations of `focal`."""
    return build_datasets(loaded, focal)


def validate_all(
    built: BuiltDatasets,
    models: Mapping[str, type[pa.DataFrameModel]],
    gates: Sequence[Gate],
) -> dict[str, DatasetValidation]:
    """Validate each dataset in memory against its contract and gates (`curator check`, tests)."""
    validations: dict[str, DatasetValidation] = {}
    for name, frame in built.frames.items():
        if name not in models:
            raise KeyError(f"dataset {name!r} has no Pandera contract in schemas/")
        validations[name] = apply_gates(split_valid_rows(name, frame, models[name]), gates)
    return validations


# ------------------------------------------------------------------------------------------------------ plan


@dataclass(frozen=True)
class RunPlan:
    """What a run will read and what it will reuse.

    `known` lists the files whose size and modification time match the previous run's manifest and whose content
    hash the cache holds: they are not read again. `batches` hold (source_file, size, mtime_ns) of the others.
    """

    run_id: str
    raw_dir: Path
    out_dir: Path
    version: str
    known: pl.DataFrame
    batches: tuple[tuple[tuple[str, int, int], ...], ...]
    removed: int
    discovery_rejected: tuple[Rejection, ...]
    known_path: Path
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    decisions: tuple[Decision, ...] = ()
    decisions_file: str | None = None
    decisions_digest: str = ""
    focal: str = FOCAL_COUNTRY
    # Files found damaged before the run used them (path under the output root, why): cache files dropped, files of
    # the previous version not reused; the content hashes the dropped cache held; the previous version's damaged
    # files (relative to it).
    damaged: tuple[tuple[str, str], ...] = ()
    recache: frozenset[str] = frozenset()
    previous_unreadable: tuple[str, ...] = ()


def plan_run(
    raw_dir: Path,
    out_dir: Path,
    run_id: str,
    discovery: Any,
    batch_size: int,
    version: str,
    decisions_path: Path | None = None,
    focal: str = FOCAL_COUNTRY,
) -> RunPlan:
    """Decide, by file stat and content hash, which documents the cache answers and batch the rest; read the
    reviewers' decisions (DecisionsError, before anything is written, when their file is malformed)."""
    decisions, digest = load_decisions(decisions_path)
    root = cache_root(out_dir, version)
    check = verify_cache(out_dir, root)
    index = read_cache_index(root)
    stats = discovery.stat_frame()
    previous_dir = current_version_dir(out_dir)
    unreadable = damaged_version_files(previous_dir)
    previous = None if MANIFEST in unreadable else read_manifest(previous_dir)
    recache = set(check.lost)
    if previous is not None and "sha256" in previous.columns:
        matched = stats.join(
            previous.select("source_file", "size", "mtime_ns", "sha256", "status", "reason"),
            on=["source_file", "size", "mtime_ns"],
            how="inner",
        ).join(index.select(DOC_KEY), on=DOC_KEY, how="semi")
        removed = previous.join(stats, on="source_file", how="anti").height
        if check.damaged:  # contents published last time that the cache lost (its index may have been unreadable)
            published = previous.select(DOC_KEY).drop_nulls().join(index, on=DOC_KEY, how="anti")
            recache.update(published[DOC_KEY].to_list())
    else:
        matched = pl.DataFrame(schema=MANIFEST_SCHEMA)
        removed = 0
    to_read = stats.join(matched.select("source_file"), on="source_file", how="anti").sort("source_file")
    batched: list[tuple[tuple[str, int, int], ...]] = []
    current: list[tuple[str, int, int]] = []
    size = 0
    for name, file_size, mtime in to_read.iter_rows():
        if current and (len(current) >= batch_size or size + file_size > MAX_BATCH_BYTES):
            batched.append(tuple(current))
            current, size = [], 0
        current.append((name, file_size, mtime))
        size += file_size
    if current:
        batched.append(tuple(current))
    return RunPlan(
        run_id=run_id,
        raw_dir=raw_dir,
        out_dir=out_dir,
        version=version,
        known=matched.select(*MANIFEST_SCHEMA).sort("source_file"),
        batches=tuple(batched),
        removed=removed,
        discovery_rejected=tuple(discovery.rejected),
        known_path=write_known_documents(root, run_id, index[DOC_KEY]),
        decisions=decisions,
        decisions_file=str(decisions_path) if decisions_path is not None else None,
        decisions_digest=digest,
        focal=focal,
        damaged=check.damaged
        + tuple((f"{VERSIONS}/{previous_dir.name}/{name}", why) for name, why in unreadable.items())
        if previous_dir is not None
        else check.damaged,
        recache=frozenset(recache),
        previous_unreadable=tuple(sorted(unreadable)),
    )


# ------------------------------------------------------------------------------------------------- batches


@dataclass(frozen=True)
class BatchResult:
    """What a batch read: each file's manifest entry (hash, parsed or rejected and why), and its segment."""

    entries: pl.DataFrame
    parsed: int
    segment: str | None
    damaged: tuple[tuple[str, str], ...] = ()


def read_batch(
    raw_dir: Path, files: Sequence[tuple[str, int, int]], known_documents: Callable[[], set[str]] = set
) -> tuple[pl.DataFrame, dict[str, tuple[RawDocument, DecodedDocument | Rejection]]]:
    """Each file's manifest entry, and the documents (read, hashed, decoded) whose content is not among
    `known_documents()` (the cache's, asked once, when the first file is hashed), by content hash.

    A file whose content the cache already holds (same hash under another name or mtime) is hashed, not decoded.
    A file that cannot be read is an entry without a hash (it is tried again next run).
    """
    known: set[str] | None = None
    entries: list[dict[str, Any]] = []
    fresh: dict[str, tuple[RawDocument, DecodedDocument | Rejection]] = {}
    for source_file, size, mtime in files:
        raw = read_raw(raw_dir, source_file)
        entry: dict[str, Any] = {"source_file": source_file, "size": size, "mtime_ns": mtime}
        if isinstance(raw, Rejection):
            entries.append({**entry, "sha256": None, "status": REJECTED, "reason": raw.reason})
            continue
        digest = raw.sha256
        entries.append({**entry, "sha256": digest, "status": None, "reason": None})
        if known is None:
            known = known_documents()
        if digest in known or digest in fresh:
            continue
        fresh[digest] = (raw, decode_document(raw))
    frame = (
        pl.DataFrame(entries, schema=MANIFEST_SCHEMA, orient="row") if entries else pl.DataFrame(schema=MANIFEST_SCHEMA)
    )
    return frame, fresh


def process_batch(
    raw_dir: Path,
    files: Sequence[tuple[str, int, int]],
    out_dir: Path,
    version: str,
    known_path: Path,
    models: Mapping[str, type[pa.DataFrameModel]],
    focal: str = FOCAL_COUNTRY,
) -> BatchResult:
    """The batch stage: read, hash, decode, parse, build and validate a batch; cache what it yields as one segment."""
    damaged: list[tuple[str, str]] = []

    def known_documents() -> set[str]:
        known = read_known_documents(known_path)
        if known is None:  # damaged: the cache index it was made from says the same
            damaged.append((_under(out_dir, known_path), "unreadable or not what was written"))
            known = set(read_cache_index(cache_root(out_dir, version))[DOC_KEY].to_list())
        return known

    entries, fresh = read_batch(raw_dir, files, known_documents)
    segment = write_segment(cache_root(out_dir, version), segment_parts(fresh, models, focal)) if fresh else None
    parsed = sum(isinstance(d, DecodedDocument) for _raw, d in fresh.values())
    return BatchResult(entries, parsed, segment, tuple(damaged))


def _under(out_dir: Path, path: Path) -> str:
    """A path as the report names it: relative to the output root when it is under it."""
    return path.relative_to(out_dir).as_posix() if path.is_relative_to(out_dir) else str(path)


@dataclass(frozen=True)
class CheckedBatch:
    """What the batch stage makes of some files, with each row given its file again; nothing written."""

    rejected: tuple[tuple[str, str], ...]  # (file, why) of each file that could not be read or decoded
    datasets: Mapping[str, pl.DataFrame]  # every dataset's rows, `__reasons` null when a row passed
    findings: pl.DataFrame


def check_batch(
    raw_dir: Path, files: Sequence[str], models: Mapping[str, type[pa.DataFrameModel]], focal: str = FOCAL_COUNTRY
) -> CheckedBatch:
    """The batch stage of a run on `files` (`curator check`), without its cache: every file read, parsed, built
    and validated as a run would, and nothing written."""
    entries, fresh = read_batch(raw_dir, [(source_file, 0, 0) for source_file in files])
    parts = segment_parts(fresh, models, focal)
    located = entries.filter(pl.col(DOC_KEY).is_not_null()).select("source_file", DOC_KEY)
    unreadable = entries.filter(pl.col("status") == REJECTED).select("source_file", "reason")
    undecodable = with_files(parts[INDEX].with_columns(pl.lit(0, dtype=_INT).alias(ROW_KEY)), located).filter(
        pl.col("status") == REJECTED
    )
    rejected = pl.concat([unreadable, undecodable.select("source_file", "reason")]).sort("source_file")

    def with_rows(part: pl.DataFrame) -> pl.DataFrame:
        return with_files(
            part if ROW_KEY in part.columns else part.with_columns(pl.lit(0, dtype=_INT).alias(ROW_KEY)), located
        )

    return CheckedBatch(
        tuple(rejected.iter_rows()),
        {name: with_rows(part) for name, part in parts.items() if name in models},
        with_rows(parts[FINDINGS]),
    )


def segment_parts(
    documents: Mapping[str, tuple[RawDocument, DecodedDocument | Rejection]],
    models: Mapping[str, type[pa.DataFrameModel]],
    focal: str = FOCAL_COUNTRY,
) -> dict[str, pl.DataFrame]:
    """The cached parts of freshly read documents: index, every dataset's validated rows, failures, findings."""
    decoded = [(text, raw) for raw, text in documents.values() if isinstance(text, DecodedDocument)]
    rejected = [(raw.sha256, text.reason) for raw, text in documents.values() if isinstance(text, Rejection)]
    loaded = load_batch(decoded, [])
    built = build_datasets(loaded, focal)
    shas = pl.DataFrame(
        {"source_file": [raw.source_file for _text, raw in decoded], DOC_KEY: [raw.sha256 for _text, raw in decoded]},
        schema={"source_file": _STRING, DOC_KEY: _STRING},
    )
    parts: dict[str, pl.DataFrame] = {
        INDEX: pl.DataFrame(
            [(sha, PARSED, None) for sha in shas[DOC_KEY].to_list()] + [(sha, REJECTED, why) for sha, why in rejected],
            schema=INDEX_SCHEMA,
            orient="row",
        )
    }
    failures: list[pl.DataFrame] = []
    for name, frame in built.frames.items():
        found = row_failures(name, frame, models[name])
        keyed = frame.join(shas, on="source_file", how="left").with_columns(
            pl.int_range(0, pl.len(), dtype=_INT).over(DOC_KEY).alias(ROW_KEY),
            reasons_by_row(found, frame.height).alias(REASONS),
        )
        parts[name] = keyed.drop("source_file")
        failures.append(
            found.join(
                keyed.with_row_index("index").select(pl.col("index").cast(_INT), DOC_KEY, ROW_KEY), on="index"
            ).select(DOC_KEY, pl.lit(name).alias("dataset"), ROW_KEY, "column", "check", "failure_case")
        )
    parts[FAILURES] = pl.concat(failures)
    parts[FINDINGS] = built.findings_frame.join(shas, on="source_file").drop("source_file")
    parts[UNRECOGNIZED] = built.unrecognized_frame.join(shas, on="source_file").drop("source_file")
    return parts


# ------------------------------------------------------------------------------------------------ assembly


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
        return Assembly(staging, summary, manifest, (), tuple(models), True)

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


# ------------------------------------------------------------------------------------------------- publish


def publish_run(plan: RunPlan, assembly: Assembly) -> Published:
    """Publish the staging version in one rename, then drop cache segments no published document uses."""
    published = publish_staging(plan.out_dir, plan.run_id, assembly.staging, assembly.written, assembly.kept)
    root = cache_root(plan.out_dir, plan.version)
    used = set(assembly.manifest["segment"].drop_nulls().to_list())
    index = read_cache_index(root)
    remove_segments(root, set(index["segment"].to_list()) - used)
    return published


def document_counts(plan: RunPlan, results: Sequence[BatchResult], manifest: pl.DataFrame) -> dict[str, Any]:
    """How many documents were discovered, parsed, rejected, reused from the cache, read again and removed."""
    rejected = [{"source_file": r.source_file, "reason": r.reason} for r in plan.discovery_rejected] + manifest.filter(
        pl.col("status") == REJECTED
    ).select("source_file", "reason").to_dicts()
    rejected.sort(key=lambda r: r["source_file"])
    return {
        "read": manifest.height + len(plan.discovery_rejected),
        "parsed": manifest.filter(pl.col("status") == PARSED).height,
        "rejected": len(rejected),
        "rejected_files": rejected[:MAX_LISTED],
        "reused": plan.known.height,
        "reread": sum(result.entries.height for result in results),
        "reparsed": sum(result.parsed for result in results),
        "removed": plan.removed,
        "recached": int(sum(result.entries[DOC_KEY].is_in(list(plan.recache)).sum() for result in results)),
    }


def damage_findings(plan: RunPlan, results: Sequence[BatchResult]) -> list[dict[str, Any]]:
    """A warning finding for each file found damaged this run: what it was, and what the run did instead."""
    done = {
        "cache": "dropped; the documents it held were parsed again",
        "known": "not used; the batches read the cache index instead",
        "version": "the previous version could not be read: it was neither reused nor compared",
    }
    findings = []
    for path, reason in sorted({*plan.damaged, *(d for result in results for d in result.damaged)}):
        kind = "version" if path.startswith(f"{VERSIONS}/") else "known" if "/known-" in path else "cache"
        message = f"{'cache file' if kind != 'version' else 'published file'} damaged ({reason}): {done[kind]}"
        findings.append(
            {"dataset": None, "source_file": path, "source_line": None, "severity": "warning", "message": message}
        )
    return findings


def summarise(summary: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """rows in/curated/quarantined per dataset (and excluded, when a reviewer excluded any), for a terminal summary."""
    keys = ["rows_in", "rows_curated", "rows_quarantined"]
    if any(entry.get("rows_excluded") for entry in summary["datasets"].values()):
        keys.append("rows_excluded")
    return {name: {key: entry.get(key, 0) for key in keys} for name, entry in summary["datasets"].items()}


def write_run_report(
    plan: RunPlan,
    results: Sequence[BatchResult],
    assembly: Assembly,
    published: Published,
    models: Mapping[str, type[pa.DataFrameModel]],
    with_data_docs: bool = True,
) -> dict[str, Any]:
    """Build the run's report against the previous run, write JSON, HTML and Data Docs; returns report and paths."""
    out = plan.out_dir
    documents = document_counts(plan, results, assembly.manifest)
    inputs = ReportInputs(
        run_id=plan.run_id,
        status=run_status(assembly.summary, documents["rejected"]),
        raw_dir=plan.raw_dir,
        out_dir=out,
        documents=documents,
        summary=assembly.summary,
        published=published,
        started_at=plan.started_at,
        files=_document_files(published.version_dir),
        focal_country=plan.focal,
        previous_unreadable=plan.previous_unreadable,
    )
    previous_report = read_latest_report(out)
    summary = reviewed_summary(
        assembly.summary, plan.decisions, plan.decisions_file, plan.out_dir, datetime.now(UTC).date()
    )
    damage = damage_findings(plan, results)
    if damage:
        summary = {
            **summary,
            "findings": damage + list(summary.get("findings", [])),
            "findings_total": summary.get("findings_total", 0) + len(damage),
        }
    inputs = replace(inputs, summary=summary, status=run_status(summary, documents["rejected"]))
    artifacts: dict[str, str] = {}
    if with_data_docs:
        from curator.report.gx_docs import build_gx_data_docs  # Great Expectations takes seconds to import

        # Lazy scans: an unchanged run (same fingerprint) reuses the pages without reading a dataset.
        scans = {name: scan_dataset(published.version_dir, name) for name in models}
        present = {name: scan for name, scan in scans.items() if scan is not None}
        with storage_operation("writing the Data Docs under", gx_docs_dir(out)):
            gx = build_gx_data_docs(
                present,
                models,
                gx_docs_dir(out),
                fingerprint=assembly.summary["fingerprint"],
                run_name=plan.run_id,
            )
        artifacts["gx_data_docs"] = "../gx/index.html"
        artifacts["gx_success"] = str(gx.success)
        artifacts["gx_offline"] = str(gx.offline)
        artifacts["gx_reused"] = str(gx.reused)
    report = build_report(inputs, previous_report, models, datetime.now(UTC), artifacts)
    kept = read_kept_reports(out)  # this run's report joins them: it is written below
    history = history_rows([*kept.reports, report], plan.run_id)
    html_path = write_report(out, plan.run_id, report, render_report_html(report, history))
    return {
        "report": report,
        "markdown": report_markdown(report, html_path),
        "paths": {"html": html_path, "json": html_path.with_name("report.json")},
    }


def _document_files(version_dir: Path) -> list[dict[str, Any]]:
    scan = scan_dataset(version_dir, "documents")
    if scan is None:
        return []
    return scan.drop("sha256", "source_text").head(MAX_LISTED).collect().to_dicts()
