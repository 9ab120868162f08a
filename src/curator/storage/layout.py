"""Where everything lives under the output root: versions, quarantine, cache segments and reports."""

from __future__ import annotations

import re
from pathlib import Path

VERSIONS = "versions"
CURRENT = "current"
QUARANTINE = "quarantine"
REPORTS = "reports"
LATEST = "latest"
GX_DOCS = "gx"
RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
CACHE = ".cache"
SEGMENTS = "segments"
SEGMENT_INDEX = "index.parquet"
# Beside the files of a cache segment or a published version: each file's size and sha256 as written.
SEAL = "_sealed.json"
TEMPORARY_PREFIX = ".tmp-"
MANIFEST = "_manifest.parquet"
SUMMARY = "_summary.json"


def cache_root(out_dir: Path, version: str) -> Path:
    """Where the cached per-document results of one code version live."""
    return out_dir / CACHE / version


def segment_part(root: Path, segment: str, part: str) -> Path:
    """The file of one part of a segment."""
    return root / SEGMENTS / segment / f"{part}.parquet"


def current_version_dir(out_dir: Path) -> Path | None:
    """The version directory that `current` points at, if any."""
    link = out_dir / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    resolved = link.resolve()
    return resolved if resolved.is_dir() else None


def dataset_files(dataset: str) -> tuple[Path, Path]:
    """The relative paths of a dataset's curated and quarantine files inside a version."""
    return Path(f"{dataset}.parquet"), Path(QUARANTINE) / f"{dataset}.parquet"


def dataset_path(version_dir: Path, dataset: str, *, quarantined: bool = False) -> Path:
    """A dataset's curated (or quarantine) file inside a version folder."""
    return version_dir / dataset_files(dataset)[int(quarantined)]


def reports_dir(out_dir: Path) -> Path:
    """Where the reports of runs live (the Great Expectations Data Docs go under `gx/` inside it)."""
    return out_dir / REPORTS


def gx_docs_dir(out_dir: Path) -> Path:
    """Where the Great Expectations Data Docs of the output's runs live."""
    return reports_dir(out_dir) / GX_DOCS
