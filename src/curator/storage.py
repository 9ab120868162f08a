"""The one module that touches the filesystem: discovering and reading raw files, publishing outputs atomically."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import importlib.util
import json
import os
import re
import shutil
import stat
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from curator.documents import RawDocument, Rejection

VERSIONS = "versions"
CURRENT = "current"
QUARANTINE = "quarantine"
REPORTS = "reports"
LATEST = "latest"
GX_DOCS = "gx"
# Versions kept besides the current one, so a reader that opened an older set can finish.
KEEP_PREVIOUS_VERSIONS = 2
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
# Reports of older runs beyond this many are pruned (a schedule every few minutes would otherwise fill the disk).
KEEP_REPORTS = 50
RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
# Held for a whole run; the holder file names the run that holds it.
RUN_LOCK_FILE = ".curator.run.lock"
RUN_HOLDER_FILE = ".curator.run.holder"


class RawRootError(Exception):
    """The raw root cannot be read; the message says which path and why."""


class StorageError(Exception):
    """The output's filesystem refused an operation (no space, permission denied, read-only, a path that vanished):
    the environment's fault, not the data's. The message names the operation and the path."""

    def __init__(self, operation: str, path: str, reason: str) -> None:
        super().__init__(operation, path, reason)
        self.operation, self.path, self.reason = operation, path, reason

    def __str__(self) -> str:
        return f"{self.operation} {self.path} failed: {self.reason}"


# polars reports an OS error inside its own exception's text, e.g. "... (os error 28)"; pyarrow as "[errno 28]".
_OS_ERROR_CODE = re.compile(r"\(os error (\d+)\)|\[errno (\d+)\]", re.IGNORECASE)


def os_error_code(error: BaseException) -> int | None:
    """The OS error number behind an exception (an OSError, or a polars/pyarrow error quoting one), else None."""
    if isinstance(error, OSError) and error.errno:
        return int(error.errno)
    if isinstance(error, FileNotFoundError):
        return errno.ENOENT
    if isinstance(error, PermissionError):
        return errno.EACCES
    found = _OS_ERROR_CODE.search(str(error))
    return int(found.group(1) or found.group(2)) if found else None


@contextmanager
def storage_operation(operation: str, path: Path) -> Iterator[None]:
    """Inside the block, an error the operating system raised (no space, permission denied, read-only filesystem,
    a path that vanished, ...) becomes a StorageError naming `operation` and the path (the OS's own when it
    names one)."""
    try:
        yield
    except StorageError:
        raise
    except (OSError, pl.exceptions.PolarsError) as error:
        code = os_error_code(error)
        if code is None:
            raise
        named = error.filename if isinstance(error, OSError) and error.filename else path
        raise StorageError(operation, str(named), os.strerror(code)) from error


@dataclass(frozen=True)
class Discovery:
    """Files found under the raw root (relative POSIX paths, sorted) and entries that cannot be documents.

    `stats[i]` is (size in bytes, modification time in ns) of `files[i]`, read without opening the file.
    """

    files: tuple[str, ...]
    rejected: tuple[Rejection, ...]
    stats: tuple[tuple[int, int], ...] = ()

    def stat_frame(self) -> pl.DataFrame:
        """source_file, size, mtime_ns of every discovered file."""
        sizes = [size for size, _mtime in self.stats]
        mtimes = [mtime for _size, mtime in self.stats]
        return pl.DataFrame(
            {
                "source_file": pl.Series(self.files, dtype=pl.String),
                "size": pl.Series(sizes, dtype=pl.Int64),
                "mtime_ns": pl.Series(mtimes, dtype=pl.Int64),
            }
        )


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
    files: list[tuple[str, int, int]] = []
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
                status = entry.stat()
            except OSError as error:
                reject(entry, f"cannot be examined: {error.strerror}")
                continue
            mode = status.st_mode
            if stat.S_ISDIR(mode):
                resolved = entry.resolve()
                if resolved in seen_dirs:
                    continue
                seen_dirs.add(resolved)
                if entry.suffix:
                    reject(entry, "a directory named like a document; its files, if any, are read as documents")
                pending.append(entry)
            elif stat.S_ISREG(mode):
                files.append((relative, status.st_size, status.st_mtime_ns))
            else:
                reject(entry, "not a regular file (device, socket or pipe)")
    files.sort()
    return Discovery(
        tuple(name for name, _size, _mtime in files),
        tuple(sorted(rejected, key=lambda r: r.source_file)),
        tuple((size, mtime) for _name, size, mtime in files),
    )


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


# --------------------------------------------------------------------------------------------------- Parquet files

# Output files are written through pyarrow so that a dataset assembled chunk by chunk has the same bytes (one row
# group per chunk) whether its rows came from a cold run, a warm run or Dask workers.
_COMPRESSION = "zstd"


def _arrow(frame: pl.DataFrame) -> pa.Table:
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def write_parquet(frame: pl.DataFrame, path: Path) -> None:
    """Write one frame to `path` through a temporary name and a rename (never a half-written file)."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with storage_operation("writing", path), _removed_on_error(temporary):
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(_arrow(frame), temporary, compression=_COMPRESSION)
        os.replace(temporary, path)


@contextmanager
def _removed_on_error(path: Path) -> Iterator[None]:
    """A half-written temporary file or folder is removed when its writing fails (a full disk gets its space back)."""
    try:
        yield
    except BaseException:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with suppress(OSError):
                path.unlink(missing_ok=True)
        raise


class PartWriter:
    """A Parquet file written chunk by chunk (one row group per non-empty chunk), with a fixed schema.

    It is written under a temporary name and renamed over `path` when closed, so it never writes through a
    file already at `path` (a hard link into a published version) and is never seen half-written.
    """

    def __init__(self, path: Path, schema: Mapping[str, pl.DataType]) -> None:
        self.path = path
        self.rows = 0
        self._schema = _arrow(pl.DataFrame(schema=dict(schema))).schema
        self._temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        with self._writing():
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self._temporary, self._schema, compression=_COMPRESSION)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with storage_operation("writing", self.path), _removed_on_error(self._temporary):
            yield

    def write(self, frame: pl.DataFrame) -> None:
        """Append a chunk (nothing for an empty one)."""
        if frame.height:
            with self._writing():
                self._writer.write_table(_arrow(frame).cast(self._schema))
            self.rows += frame.height

    def close(self) -> None:
        """Finish the file (an empty one still carries its schema) and move it to its path."""
        with self._writing():
            self._writer.close()
            os.replace(self._temporary, self.path)


def scan_parquet(path: Path) -> pl.LazyFrame | None:
    """A lazy scan of a Parquet file, or None when there is no such file."""
    return pl.scan_parquet(path) if path.exists() else None


# ----------------------------------------------------------------------------------------------------- the cache

CACHE = ".cache"
SEGMENTS = "segments"
SEGMENT_INDEX = "index.parquet"
# Beside the files of a cache segment or a published version: each file's size and sha256 as written.
SEAL = "_sealed.json"
_TEMPORARY = ".tmp-"


def code_fingerprint(packages: Iterable[str], extra: Iterable[str] = ()) -> str:
    """A short hash of the source files of `packages` (and `extra` strings such as library versions).

    Cached results are only valid for the code that made them: any change to the extraction code makes a new
    fingerprint, so a new cache.
    """
    digest = hashlib.sha256()
    for package in sorted(packages):
        spec = importlib.util.find_spec(package)
        locations = spec.submodule_search_locations if spec else None
        for root in sorted(locations or []):
            for path in sorted(Path(root).rglob("*")):
                if path.suffix in (".py", ".j2", ".json", ".yaml") and path.is_file():
                    digest.update(path.relative_to(root).as_posix().encode())
                    digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:16]


def cache_root(out_dir: Path, version: str) -> Path:
    """Where the cached per-document results of one code version live."""
    return out_dir / CACHE / version


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _seal(folder: Path) -> None:
    """Record the size and sha256 of every file in `folder` in its SEAL file, so that damage is found before use."""
    files = {
        name: {"bytes": path.stat().st_size, "sha256": file_sha256(path)} for name, path in _sealable(folder).items()
    }
    (folder / SEAL).write_text(json.dumps({"files": files}, sort_keys=True), encoding="utf-8")


def _sealable(folder: Path) -> dict[str, Path]:
    """The files under `folder` (relative POSIX name -> path) that its seal covers: all but the seal."""
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != SEAL
    }


def _unsealed(folder: Path) -> dict[str, str]:
    """Files of a sealed folder that are missing, extra, of another size or content than sealed, or unreadable (by
    relative name, with the reason). A missing or unreadable seal is the damage of the seal itself."""
    try:
        sealed = json.loads((folder / SEAL).read_text(encoding="utf-8"))["files"]
        if not isinstance(sealed, dict):
            raise ValueError("no file list")
        present = _sealable(folder)
    except (OSError, ValueError, KeyError, TypeError) as error:
        reason = error.strerror if isinstance(error, OSError) else None
        return {SEAL: reason or "not a readable seal"}
    damaged = {name: "not in the seal" for name in present if name not in sealed}
    for name in sorted(sealed):
        entry, path = sealed.get(name), folder / name
        try:
            if not isinstance(entry, dict):
                damaged[name] = "not in the seal"
            elif path.stat().st_size != entry.get("bytes"):
                damaged[name] = f"{path.stat().st_size} bytes where {entry.get('bytes')} were written"
            elif file_sha256(path) != entry.get("sha256"):
                damaged[name] = "content differs from what was written (checksum mismatch)"
        except OSError as error:
            damaged[name] = error.strerror or "unreadable"
    return damaged


def write_segment(root: Path, parts: Mapping[str, pl.DataFrame]) -> str:
    """Write one batch's cached parts as a sealed segment (a folder renamed into place whole); returns its name."""
    segments = root / SEGMENTS
    name = uuid.uuid4().hex
    temporary = segments / f"{_TEMPORARY}{name}"
    with storage_operation("writing the cache segment", temporary), _removed_on_error(temporary):
        segments.mkdir(parents=True, exist_ok=True)
        temporary.mkdir()
        for part, frame in parts.items():
            # Cached parts are read back by polars only, never published: written by polars, with a cheaper codec.
            frame.write_parquet(temporary / f"{part}.parquet", compression="lz4")
        _seal(temporary)
        os.replace(temporary, segments / name)
    return name


@dataclass(frozen=True)
class CacheCheck:
    """What verifying a cache found: damaged files (path relative to the output root, and why; their segments were
    dropped) and the content hashes those segments held, where their index could still be read."""

    damaged: tuple[tuple[str, str], ...] = ()
    lost: frozenset[str] = frozenset()


def verify_cache(out_dir: Path, root: Path) -> CacheCheck:
    """Check every segment under `root` against its seal; drop each damaged one (truncated, altered, missing a
    file, unreadable) so that its documents are parsed again. Nothing here fails a run but a refused removal."""
    segments = root / SEGMENTS
    damaged: list[tuple[str, str]] = []
    lost: set[str] = set()
    if not segments.is_dir():
        return CacheCheck()
    for folder in sorted(segments.iterdir()):
        if folder.name.startswith(_TEMPORARY) or not folder.is_dir():
            continue
        problems = _unsealed(folder)
        if not problems:
            continue
        for name, reason in problems.items():
            damaged.append(((folder / name).relative_to(out_dir).as_posix(), reason))
        if SEGMENT_INDEX not in problems:
            with suppress(OSError, pl.exceptions.PolarsError):
                lost.update(pl.read_parquet(folder / SEGMENT_INDEX, columns=["sha256"])["sha256"].to_list())
        with storage_operation("removing the damaged cache segment", folder):
            shutil.rmtree(folder)
    return CacheCheck(tuple(damaged), frozenset(lost))


def read_cache_index(root: Path) -> pl.DataFrame:
    """sha256 -> segment of every complete segment under `root` (a document cached twice keeps the first name)."""
    segments = root / SEGMENTS
    frames = []
    if segments.is_dir():
        for folder in sorted(segments.iterdir()):
            index = folder / SEGMENT_INDEX
            if folder.name.startswith(_TEMPORARY) or not (folder / SEAL).exists():
                continue
            with storage_operation("reading the cache index", index), _damaged_during_run(index):
                frame = pl.read_parquet(index, columns=["sha256"])
            frames.append(frame.with_columns(pl.lit(folder.name).alias("segment")))
    if not frames:
        return pl.DataFrame(schema={"sha256": pl.String, "segment": pl.String})
    return pl.concat(frames).sort("sha256", "segment").unique("sha256", keep="first", maintain_order=True)


@contextmanager
def _damaged_during_run(path: Path) -> Iterator[None]:
    """A cache file verified at the start of the run but unreadable now was damaged meanwhile: a StorageError (the
    next run's verification drops it), not a parser's traceback."""
    try:
        yield
    except pl.exceptions.PolarsError as error:
        if os_error_code(error) is not None:
            raise
        raise StorageError("reading", str(path), "the file was damaged during the run") from error


def segment_part(root: Path, segment: str, part: str) -> Path:
    """The file of one part of a segment."""
    return root / SEGMENTS / segment / f"{part}.parquet"


def read_segment_part(root: Path, segment: str, part: str) -> pl.DataFrame:
    """One part of a cached segment."""
    path = segment_part(root, segment, part)
    with storage_operation("reading the cache segment", path), _damaged_during_run(path):
        return pl.read_parquet(path)


def collect_segment_parts(frames: Iterable[tuple[Path, pl.LazyFrame]]) -> pl.DataFrame:
    """Filtered scans of segment parts collected into one frame (an empty frame for none)."""
    listed = list(frames)
    if not listed:
        return pl.DataFrame()
    where = listed[0][0].parent
    with storage_operation("reading the cache segments under", where), _damaged_during_run(where):
        return pl.concat([frame for _path, frame in listed]).collect()


def remove_segments(root: Path, segments: Iterable[str]) -> None:
    """Delete cached segments no document uses any more."""
    for name in segments:
        shutil.rmtree(root / SEGMENTS / name, ignore_errors=True)


def write_known_documents(root: Path, run_id: str, shas: pl.Series) -> Path:
    """The cached documents' hashes for one run, for batch workers that meet a file whose stat changed. The file's
    name ends with its content's sha256, so that a reader can tell a damaged file from a whole one."""
    staged = root / f".known-{run_id}.parquet"
    write_parquet(shas.to_frame("sha256"), staged)
    path = root / f"known-{run_id}-{file_sha256(staged)}.parquet"
    with storage_operation("writing", path):
        os.replace(staged, path)
    return path


def read_known_documents(path: Path) -> set[str] | None:
    """The hashes written by `write_known_documents`; None when the file is missing, unreadable or not what was
    written (then the cache index tells instead)."""
    try:
        if not path.name.endswith(f"-{file_sha256(path)}.parquet"):
            return None
        return set(pl.read_parquet(path)["sha256"].to_list())
    except (OSError, pl.exceptions.PolarsError):
        return None


# A temporary name `.<name>.<uuid4 hex>` (write_parquet's files, _replace_link's links) renamed over <name> when done.
_TEMPORARY_NAME = re.compile(r"^\..+\.[0-9a-f]{32}$")


def remove_leftovers(out_dir: Path, version: str) -> list[str]:
    """Delete what a killed run left behind and the caches of other code versions; returns what was removed.

    Left behind: staging folders, half-written segments, temporary files and links, run files, a version renamed
    into place but never made current, and dataset links whose target is gone. Call with the run lock held.
    """
    removed: list[Path] = []

    def remove(path: Path) -> None:
        with storage_operation("removing", path):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        removed.append(path)

    cache = out_dir / CACHE
    folders = [out_dir, out_dir / VERSIONS, out_dir / REPORTS, cache / version, cache / version / SEGMENTS]
    for folder in folders:
        if folder.is_dir():
            for path in folder.iterdir():
                if path.name.startswith((".staging-", _TEMPORARY)) or _TEMPORARY_NAME.match(path.name):
                    remove(path)
    if cache.is_dir():
        for path in cache.iterdir():
            if path.name != version:
                remove(path)
        for path in [*(cache / version).glob("known-*.parquet"), *(cache / version).glob(".known-*.parquet")]:
            remove(path)
    current = current_version_dir(out_dir)
    if (out_dir / VERSIONS).is_dir():
        for path in (out_dir / VERSIONS).iterdir():
            if RUN_ID.match(path.name) and (current is None or path.name > current.name):
                remove(path)  # renamed into place by a run killed before it switched `current`
    for path in out_dir.glob("*.parquet"):
        if path.is_symlink() and not path.exists():
            remove(path)  # a run killed between switching `current` and dropping the links of vanished datasets
    return sorted(str(path.relative_to(out_dir)) for path in removed)


# ------------------------------------------------------------------------------------------------- text files


def read_text(path: Path) -> str | None:
    """A UTF-8 text file's content, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def append_text(path: Path, text: str) -> None:
    """Append `text` to a text file (created with its folder when missing), replacing the file in one rename."""
    existing = read_text(path) or ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with storage_operation("writing", path), _removed_on_error(temporary):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(existing + text, encoding="utf-8")
        os.replace(temporary, path)


# ---------------------------------------------------------------------------------------------------- publishing

MANIFEST = "_manifest.parquet"
SUMMARY = "_summary.json"


def _replace_link(link: Path, target: str) -> None:
    """Point `link` at `target` in one rename, so readers never see it missing."""
    temporary = link.with_name(f".{link.name}.{uuid.uuid4().hex}")
    temporary.symlink_to(target)
    os.replace(temporary, link)


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
    return _unsealed(version_dir)


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


def dataset_files(dataset: str) -> tuple[Path, Path]:
    """The relative paths of a dataset's curated and quarantine files inside a version."""
    return Path(f"{dataset}.parquet"), Path(QUARANTINE) / f"{dataset}.parquet"


def dataset_path(version_dir: Path, dataset: str, *, quarantined: bool = False) -> Path:
    """A dataset's curated (or quarantine) file inside a version folder."""
    return version_dir / dataset_files(dataset)[int(quarantined)]


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
        _seal(staging)


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
    _replace_link(out_dir / CURRENT, f"{VERSIONS}/{final.name}")
    present = {path.stem for path in final.glob("*.parquet") if not path.name.startswith("_")}
    for path in out_dir.glob("*.parquet"):
        if path.is_symlink() and path.stem not in present:
            path.unlink()
    for name in sorted(present):
        link = out_dir / f"{name}.parquet"
        if not link.is_symlink() or os.readlink(link) != f"{CURRENT}/{name}.parquet":
            if link.exists() and not link.is_symlink():
                link.unlink()
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


# ---------------------------------------------------------------------------------------------------------- locks


class OutputBusyError(Exception):
    """Another run holds the output root; the message names its pid and start time."""


@contextmanager
def run_lock(out_dir: Path, holder: str, wait: bool = False) -> Iterator[None]:
    """Hold the output root for a whole run, so two runs never interleave their writes.

    When another run holds it, raise OutputBusyError naming that run (its pid and start time, from the holder
    file), or with `wait`, block until it ends. The lock is an `flock`: a killed run releases it.
    """
    holder_file = out_dir / RUN_HOLDER_FILE
    with storage_operation("creating the run lock", out_dir / RUN_LOCK_FILE):
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = (out_dir / RUN_LOCK_FILE).open("a")
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                other = holder_file.read_text(encoding="utf-8").strip()
            except OSError:
                other = "an unknown run"
            if not wait:
                raise OutputBusyError(f"{out_dir} is being written by {other}") from None
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            with storage_operation("writing", holder_file):
                holder_file.write_text(holder + "\n", encoding="utf-8")
            yield
        finally:
            with suppress(OSError):
                holder_file.unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_lock_is_free(out_dir: Path) -> bool:
    """True when no run holds the output root's run lock (a probe that takes the lock and drops it at once)."""
    try:
        with (out_dir / RUN_LOCK_FILE).open("rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(handle, fcntl.LOCK_UN)
    except BlockingIOError:
        return False
    except OSError:
        return True  # no lock file: nobody holds it
    return True


# -------------------------------------------------------------------------------------------------------- reports


def _prune_reports(reports: Path, keep: int) -> None:
    runs = sorted(p for p in reports.iterdir() if p.is_dir() and not p.is_symlink() and RUN_ID.match(p.name))
    for path in runs[:-keep]:
        shutil.rmtree(path, ignore_errors=True)


def write_report(out_dir: Path, run_id: str, report: Mapping[str, Any], html: str) -> Path:
    """Write reports/<run_id>/report.json and report.html, then point reports/latest at them; returns the HTML path.

    The caller holds the output's `run_lock`, so no other run switches `latest` meanwhile."""
    reports = out_dir / REPORTS
    staging = reports / f".staging-{run_id}"
    with storage_operation("writing the report", reports / run_id), _removed_on_error(staging):
        return _write_report(reports, staging, run_id, report, html)


def _report_json(report: Mapping[str, Any]) -> str:
    """report.json's text: indented, UTF-8 characters as they are, values JSON lacks (dates, paths) as strings."""
    return json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"


def _write_report(reports: Path, staging: Path, run_id: str, report: Mapping[str, Any], html: str) -> Path:
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    # UTF-8 whatever the locale; a path that is not UTF-8 (surrogate escapes) is written escaped, not a crash.
    (staging / "report.json").write_text(_report_json(report), encoding="utf-8", errors="backslashreplace")
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


@dataclass(frozen=True)
class KeptReports:
    """The report.json of every kept run (in no particular order), the runs whose report cannot be read, and the
    run `reports/latest` points at."""

    reports: list[dict[str, Any]]
    unreadable: list[str]
    latest: str | None


def read_run_report(out_dir: Path, run_id: str) -> dict[str, Any] | None:
    """The report.json of one kept run, or None when it is gone or cannot be read."""
    if not RUN_ID.match(run_id):
        return None
    try:
        loaded = json.loads((out_dir / REPORTS / run_id / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def read_kept_reports(out_dir: Path) -> KeptReports:
    """Every kept run's report under reports/<run_id>/ (at most KEEP_REPORTS of them)."""
    reports_root = out_dir / REPORTS
    try:
        runs = sorted(p.name for p in reports_root.iterdir() if RUN_ID.match(p.name) and not p.is_symlink())
    except (FileNotFoundError, NotADirectoryError):
        return KeptReports([], [], None)
    reports, unreadable = [], []
    for run_id in runs:
        report = read_run_report(out_dir, run_id)
        if report is None:
            unreadable.append(run_id)
        else:
            reports.append(report)
    try:
        latest: str | None = os.readlink(reports_root / LATEST)
    except OSError:
        latest = None
    return KeptReports(reports, unreadable, latest)


def record_notifications(out_dir: Path, run_id: str, notifications: list[dict[str, Any]]) -> Path:
    """Add the notifications a run sent to its report.json under `notifications`, replacing the file in one rename."""
    path = out_dir / REPORTS / run_id / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    report["notifications"] = notifications
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    temporary.write_text(_report_json(report), encoding="utf-8", errors="backslashreplace")
    os.replace(temporary, path)
    return path


def gx_docs_dir(out_dir: Path) -> Path:
    """Where the Great Expectations Data Docs of the output's runs live."""
    return reports_dir(out_dir) / GX_DOCS


def read_texts(root: Path, pattern: str) -> dict[Path, str]:
    """Every UTF-8 file under `root` whose name matches `pattern`, in path order."""
    return {path: path.read_text(encoding="utf-8") for path in sorted(root.rglob(pattern))}


def write_texts(texts: Mapping[Path, str]) -> None:
    """Write each text file in place."""
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")


def replace_copies(folder: Path, copies: Iterable[tuple[Path, Path]]) -> None:
    """Empty `folder`, then copy each (source file or folder, target relative to `folder`) into it."""
    shutil.rmtree(folder, ignore_errors=True)  # nothing of an earlier set lingers
    for source, target in copies:
        destination = folder / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, destination)


def make_dir(path: Path) -> None:
    """Create a folder (and its parents) unless it exists."""
    path.mkdir(parents=True, exist_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a UTF-8 text file whole or not at all: readers see the old file or the new one, never half of it."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def remove_paths(root: Path, names: Iterable[str]) -> None:
    """Remove the files or folders `names` directly under `root`, those that exist."""
    for name in names:
        target = root / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
