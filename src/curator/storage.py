"""The one module that touches the filesystem: discovering and reading raw files, publishing outputs atomically."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import stat
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from curator.documents import RawDocument, Rejection

VERSIONS = "versions"
CURRENT = "current"
QUARANTINE = "quarantine"
REPORTS = "reports"
LATEST = "latest"
# Versions kept besides the current one, so a reader that opened an older set can finish.
KEEP_PREVIOUS_VERSIONS = 2
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
# Reports of older runs beyond this many are pruned (a schedule every few minutes would otherwise fill the disk).
KEEP_REPORTS = 50
RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
LOCK_FILE = ".curator.lock"


class RawRootError(Exception):
    """The raw root cannot be read; the message says which path and why."""


@dataclass(frozen=True)
class Discovery:
    """Files found under the raw root (relative POSIX paths, sorted) and entries that cannot be documents."""

    files: tuple[str, ...]
    rejected: tuple[Rejection, ...]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (surrogate escapes in Python) become `\\xNN`."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def discover_raw(raw_dir: Path) -> Discovery:
    """Walk the raw root; links that leave it or loop, links to directories, directories named like documents,
    names that are not UTF-8 and special files are rejected with a reason. A link to a file inside the root is read.
    """
    try:
        if not raw_dir.exists():
            raise RawRootError(f"input root {raw_dir} does not exist")
        if not raw_dir.is_dir():
            raise RawRootError(f"input root {raw_dir} is not a directory")
        if not os.access(raw_dir, os.R_OK | os.X_OK):
            raise RawRootError(f"input root {raw_dir} is not readable (check its permissions)")
        root = raw_dir.resolve()
    except (OSError, RuntimeError) as error:  # e.g. a name too long; RuntimeError: a link loop (Python 3.11)
        reason = error.strerror if isinstance(error, OSError) else "symbolic link loop"
        raise RawRootError(f"input root {raw_dir} cannot be examined: {reason}") from None
    files: list[str] = []
    rejected: list[Rejection] = []

    def reject(path: Path, reason: str) -> None:
        rejected.append(Rejection(_printable(path.relative_to(raw_dir).as_posix()), reason))

    pending = [raw_dir]
    seen_dirs = {root}
    while pending:
        directory = pending.pop()
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError as error:
            reject(directory, f"directory cannot be listed: {error.strerror}")
            continue
        for entry in entries:
            relative = entry.relative_to(raw_dir).as_posix()
            if _printable(entry.name) != entry.name:
                # Undecodable bytes in a name cannot be written to Parquet or JSON; its bytes are shown escaped.
                reject(entry, "name is not valid UTF-8 (rename it); not read")
                continue
            if entry.is_symlink():
                try:
                    target = entry.resolve()
                except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a link loop
                    reject(entry, "symbolic link loop (it leads back to itself); not followed")
                    continue
                if not _inside(target, root):
                    reject(entry, "symbolic link leads outside the raw root; not followed")
                    continue
                if not target.exists():
                    reject(entry, "broken symbolic link")
                    continue
                if target.is_dir():
                    # Its target is walked under its own path; following it too would read (or loop over) it twice.
                    reject(
                        entry,
                        "symbolic link to a directory inside the raw root; its files are read under their own path",
                    )
                    continue
            try:
                mode = entry.stat().st_mode
            except OSError as error:
                reject(entry, f"cannot be examined: {error.strerror}")
                continue
            if stat.S_ISDIR(mode):
                resolved = entry.resolve()
                if resolved in seen_dirs:
                    continue
                seen_dirs.add(resolved)
                if entry.suffix:
                    reject(entry, "a directory named like a document; its files, if any, are read as documents")
                pending.append(entry)
            elif stat.S_ISREG(mode):
                files.append(relative)
            else:
                reject(entry, "not a regular file (device, socket or pipe)")
    return Discovery(tuple(sorted(files)), tuple(sorted(rejected, key=lambda r: r.source_file)))


def read_raw(raw_dir: Path, source_file: str) -> RawDocument | Rejection:
    """Read one discovered file's bytes; a read error or an oversized file is a Rejection, not a crash."""
    path = raw_dir / source_file
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return Rejection(source_file, f"file is {size} bytes, over the {MAX_DOCUMENT_BYTES}-byte limit")
        return RawDocument(source_file, path.read_bytes())
    except OSError as error:
        return Rejection(source_file, f"cannot be read: {error.strerror}")


def _replace_link(link: Path, target: str) -> None:
    """Point `link` at `target` in one rename, so readers never see it missing."""
    temporary = link.with_name(f".{link.name}.{uuid.uuid4().hex}")
    temporary.symlink_to(target)
    os.replace(temporary, link)


def _write_parquet(frame: pl.DataFrame, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    frame.write_parquet(temporary, compression="zstd", statistics=True)
    os.replace(temporary, path)


@dataclass(frozen=True)
class Published:
    """Where a run's datasets landed and which ones kept their previous version."""

    version_dir: Path
    written: tuple[str, ...]
    kept_previous: tuple[str, ...]
    previous_dir: Path | None = None


def current_version_dir(out_dir: Path) -> Path | None:
    """The version directory that `current` points at, if any."""
    link = out_dir / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    resolved = link.resolve()
    return resolved if resolved.is_dir() else None


def read_version(version_dir: Path | None, dataset: str) -> pl.DataFrame | None:
    """A dataset's frame in a published version directory, or None when that version has no such file."""
    if version_dir is None or not (version_dir / f"{dataset}.parquet").exists():
        return None
    return pl.read_parquet(version_dir / f"{dataset}.parquet")


def publish_datasets(
    out_dir: Path,
    run_id: str,
    curated: Mapping[str, pl.DataFrame],
    quarantined: Mapping[str, pl.DataFrame],
    held_back: Iterable[str] = (),
) -> Published:
    """Write one complete version and switch `current` to it in one rename.

    A dataset in `held_back` keeps its previously published files (hard-linked into the new version), so readers
    always open one complete set, and a failed gate never replaces good data.
    """
    with output_lock(out_dir):
        return _publish_datasets(out_dir, run_id, curated, quarantined, set(held_back))


def _publish_datasets(
    out_dir: Path,
    run_id: str,
    curated: Mapping[str, pl.DataFrame],
    quarantined: Mapping[str, pl.DataFrame],
    held: set[str],
) -> Published:
    versions = out_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    previous = current_version_dir(out_dir)
    staging = versions / f".staging-{run_id}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / QUARANTINE).mkdir(parents=True)

    written: list[str] = []
    kept: list[str] = []
    for name, frame in curated.items():
        files = [(Path(f"{name}.parquet"), frame), (Path(QUARANTINE) / f"{name}.parquet", quarantined.get(name))]
        if name in held:
            for relative, _ in files:
                if previous is not None and (previous / relative).exists():
                    os.link(previous / relative, staging / relative)
            kept.append(name)
            continue
        for relative, data in files:
            if data is not None:
                _write_parquet(data, staging / relative)
        written.append(name)

    final = versions / run_id
    os.replace(staging, final)
    _replace_link(out_dir / CURRENT, f"{VERSIONS}/{run_id}")
    # Fixed reader paths: curated/<name>.parquet -> current/<name>.parquet, curated/quarantine -> current/quarantine.
    for name in curated:
        link = out_dir / f"{name}.parquet"
        existing = os.readlink(link) if link.is_symlink() else None
        if existing != f"{CURRENT}/{name}.parquet":
            _replace_link(link, f"{CURRENT}/{name}.parquet")
    quarantine_link = out_dir / QUARANTINE
    if not quarantine_link.is_symlink():
        shutil.rmtree(quarantine_link, ignore_errors=True)
        _replace_link(quarantine_link, f"{CURRENT}/{QUARANTINE}")
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


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output root's lock, so two runs never switch `current` or `reports/latest` at the same time."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prune_reports(reports: Path, keep: int) -> None:
    runs = sorted(p for p in reports.iterdir() if p.is_dir() and not p.is_symlink() and RUN_ID.match(p.name))
    for path in runs[:-keep]:
        shutil.rmtree(path, ignore_errors=True)


def write_report(out_dir: Path, run_id: str, report: Mapping[str, Any], html: str) -> Path:
    """Write reports/<run_id>/report.json and report.html, then point reports/latest at them; returns the HTML path."""
    with output_lock(out_dir):
        return _write_report(out_dir, run_id, report, html)


def _write_report(out_dir: Path, run_id: str, report: Mapping[str, Any], html: str) -> Path:
    reports = out_dir / REPORTS
    staging = reports / f".staging-{run_id}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    # UTF-8 whatever the locale; a path that is not UTF-8 (surrogate escapes) is written escaped, not a crash.
    (staging / "report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n",
        encoding="utf-8",
        errors="backslashreplace",
    )
    (staging / "report.html").write_text(html, encoding="utf-8", errors="backslashreplace")
    final = reports / run_id
    os.replace(staging, final)
    _replace_link(reports / LATEST, run_id)
    _prune_reports(reports, KEEP_REPORTS)
    return final / "report.html"


def read_latest_report(out_dir: Path) -> dict[str, Any] | None:
    """The newest run's report.json, or None when there is none or it cannot be read."""
    path = out_dir / REPORTS / LATEST / "report.json"
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def reports_dir(out_dir: Path) -> Path:
    """Where the reports of runs live (the Great Expectations Data Docs go under `gx/` inside it)."""
    return out_dir / REPORTS
