"""The batch stage: read, hash, decode, parse, build and validate documents; a run caches the result as a segment."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from curator.assembly import DOC_KEY, REASONS, ROW_KEY, with_files
from curator.datasets import BuiltDatasets, build_datasets
from curator.documents import DecodedDocument, LoadedDocuments, RawDocument, Rejection, decode_document, load_batch
from curator.pipeline.records import (
    FAILURES,
    FINDINGS,
    INDEX,
    INDEX_SCHEMA,
    MANIFEST_SCHEMA,
    PARSED,
    REJECTED,
    UNRECOGNIZED,
)
from curator.readers.subject import FOCAL_COUNTRY
from curator.storage.cache import read_cache_index, read_known_documents, write_segment
from curator.storage.layout import cache_root
from curator.storage.raw import read_raw
from curator.validation.quality import DatasetValidation, apply_gates, reasons_by_row, row_failures, split_valid_rows
from schemas.gates import Gate

_STRING, _INT = pl.String(), pl.Int64()


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
