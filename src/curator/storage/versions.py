"""Published versions: a run's staging folder (datasets, manifest, summary) and the rename that publishes it."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from curator.storage.errors import storage_operation
from curator.storage.files import PartWriter, replace_link, scan_parquet, write_parquet
from curator.storage.layout import (
    CURRENT,
    MANIFEST,
    QUARANTINE,
    SEAL,
    SUMMARY,
    VERSIONS,
    current_version_dir,
    dataset_files,
    dataset_path,
)
from curator.storage.seal import seal, unsealed

# Versions kept besides the current one, so a reader that opened an older set can finish.
KEEP_PREVIOUS_VERSIONS = 2


@dataclass(frozen=True)
class Published:
    """Where a run's datasets landed and which ones kept their previous version."""

    version_dir: Path
    written: tuple[str, ...]
    kept_previous: tuple[str, ...]
    previous_dir: Path | None = None


def write_manifest(staging: Path, manifest: pl.DataFrame) -> None:
    """Keep the run's document manifest beside its datasets."""
    write_parquet(manifest, staging / MANIFEST)


def read_manifest(version_dir: Path | None) -> pl.DataFrame | None:
    """The document manifest (file, size, mtime, sha256, status) of a published version, if it has a readable one."""
    if version_dir is None or not (version_dir / MANIFEST).exists():
        return None
    try:
        return pl.read_parquet(version_dir / MANIFEST)
    except (OSError, pl.exceptions.PolarsError):
        return None  # damaged: every document is hashed again (and parsed only if the cache lacks its content)


def damaged_version_files(version_dir: Path | None) -> dict[str, str]:
    """Files of a published version that are missing, unreadable or not what was published (path relative to the
    version -> why); empty for a whole version, and for one published before versions were sealed."""
    if version_dir is None or not (version_dir / SEAL).exists():
        return {}
    return unsealed(version_dir)


def read_summary(version_dir: Path | None) -> dict[str, Any] | None:
    """The per-dataset summary a published version keeps for later runs, if readable."""
    if version_dir is None:
        return None
    try:
        loaded = json.loads((version_dir / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def new_staging(out_dir: Path, run_id: str) -> Path:
    """An empty staging folder for a run's version (published later by one rename)."""
    staging = out_dir / VERSIONS / f".staging-{run_id}"
    with storage_operation("creating", staging):
        shutil.rmtree(staging, ignore_errors=True)
        (staging / QUARANTINE).mkdir(parents=True)
    return staging


def scan_dataset(version_dir: Path | None, dataset: str, *, quarantined: bool = False) -> pl.LazyFrame | None:
    """A lazy scan of a dataset's file in a version folder; None when the version or the file does not exist."""
    return None if version_dir is None else scan_parquet(dataset_path(version_dir, dataset, quarantined=quarantined))


def dataset_writers(
    staging: Path, dataset: str, schema: Mapping[str, pl.DataType], quarantine_schema: Mapping[str, pl.DataType]
) -> tuple[PartWriter, PartWriter]:
    """Writers of a dataset's curated and quarantine files in a staging version, chunk by chunk."""
    return (
        PartWriter(dataset_path(staging, dataset), dict(schema)),
        PartWriter(dataset_path(staging, dataset, quarantined=True), dict(quarantine_schema)),
    )


def write_dataset(staging: Path, dataset: str, curated: pl.DataFrame, quarantined: pl.DataFrame) -> None:
    """Write a dataset's curated and quarantine files into a staging version whole."""
    write_parquet(curated, dataset_path(staging, dataset))
    write_parquet(quarantined, dataset_path(staging, dataset, quarantined=True))


def restore_previous(staging: Path, previous: Path | None, dataset: str) -> bool:
    """Replace a dataset's staged files with the previous version's (its error gate failed); False when there were
    none, and then the dataset has no files in this version."""
    for relative in dataset_files(dataset):
        with storage_operation("removing", staging / relative):
            (staging / relative).unlink(missing_ok=True)
    return link_previous(staging, previous, dataset)


def link_previous(staging: Path, previous: Path | None, dataset: str) -> bool:
    """Hard-link a dataset's files of the previous version into the staging folder; False when it had none."""
    if previous is None or not (previous / f"{dataset}.parquet").exists():
        return False
    for relative in dataset_files(dataset):
        if (previous / relative).exists():
            with storage_operation("linking", previous / relative):
                os.link(previous / relative, staging / relative)
    return True


def write_summary(staging: Path, summary: Mapping[str, Any]) -> None:
    """Keep a version's summary beside its datasets, then seal the version (each file's size and sha256), so that
    a later run tells a damaged version from a whole one."""
    with storage_operation("writing", staging / SUMMARY):
        (staging / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, default=str), encoding="utf-8")
        seal(staging)


def publish_staging(
    out_dir: Path, run_id: str, staging: Path, written: Iterable[str], kept: Iterable[str]
) -> Published:
    """Rename the staging folder into `versions/<run_id>` and switch `current` to it in one rename.

    Readers open fixed links `<out>/<name>.parquet -> current/<name>.parquet`; a dataset with no file in the new
    version has no link (never a dangling one). Older versions beyond the newest few are pruned.
    """
    versions = out_dir / VERSIONS
    previous = current_version_dir(out_dir)
    final = versions / run_id
    with storage_operation("publishing", final):
        return _publish(out_dir, staging, final, previous, written, kept)


def _publish(
    out_dir: Path, staging: Path, final: Path, previous: Path | None, written: Iterable[str], kept: Iterable[str]
) -> Published:
    versions = final.parent
    os.replace(staging, final)
    replace_link(out_dir / CURRENT, f"{VERSIONS}/{final.name}")
    present = {path.stem for path in final.glob("*.parquet") if not path.name.startswith("_")}
    for path in out_dir.glob("*.parquet"):
        if path.is_symlink() and path.stem not in present:
            path.unlink()
    for name in sorted(present):
        link = out_dir / f"{name}.parquet"
        if not link.is_symlink() or os.readlink(link) != f"{CURRENT}/{name}.parquet":
            if link.exists() and not link.is_symlink():
                link.unlink()
            replace_link(link, f"{CURRENT}/{name}.parquet")
    quarantine_link = out_dir / QUARANTINE
    if not quarantine_link.is_symlink():
        shutil.rmtree(quarantine_link, ignore_errors=True)
        replace_link(quarantine_link, f"{CURRENT}/{QUARANTINE}")
    _prune_versions(versions, keep={final.name} | ({previous.name} if previous else set()))
    return Published(final, tuple(written), tuple(kept), previous)


def _prune_versions(versions: Path, keep: set[str]) -> None:
    candidates = sorted(
        (p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name
    )
    survivors = set(p.name for p in candidates[-(KEEP_PREVIOUS_VERSIONS + 1) :]) | keep
    for path in candidates:
        if path.name not in survivors:
            shutil.rmtree(path, ignore_errors=True)
