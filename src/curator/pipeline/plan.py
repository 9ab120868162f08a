"""The plan stage: which documents the cache already answers (by file stat and content hash), the rest in batches."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import polars as pl

from curator.assembly import DOC_KEY
from curator.decisions.file import Decision, load_decisions
from curator.documents import Rejection
from curator.pipeline.records import MANIFEST_SCHEMA
from curator.readers.subject import FOCAL_COUNTRY
from curator.storage.cache import code_fingerprint, read_cache_index, verify_cache, write_known_documents
from curator.storage.layout import MANIFEST, VERSIONS, cache_root, current_version_dir
from curator.storage.versions import damaged_version_files, read_manifest

# Batches never grow past this many bytes of raw text, whatever --batch-size says.
MAX_BATCH_BYTES = 32 * 1024 * 1024


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id: UTC time to the second plus a random suffix."""
    moment = now or datetime.now(UTC)
    return f"{moment.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def code_version(focal: str = FOCAL_COUNTRY) -> str:
    """What the cached results depend on: the extraction code and contracts, the libraries that run them, and the
    focal country they are read for."""
    libraries = [f"{name}=={package_version(name)}" for name in ("polars", "pandera", "pycountry", "countryinfo")]
    return code_fingerprint(["curator", "schemas"], [*libraries, f"focal={focal}"])


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
