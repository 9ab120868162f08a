"""The cache of per-document results: sealed segments written by batches, verified before a run uses them."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from curator.storage.errors import StorageError, os_error_code, storage_operation
from curator.storage.files import removed_on_error, write_parquet
from curator.storage.layout import SEAL, SEGMENT_INDEX, SEGMENTS, TEMPORARY_PREFIX, segment_part
from curator.storage.seal import file_sha256, seal, unsealed


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


def write_segment(root: Path, parts: Mapping[str, pl.DataFrame]) -> str:
    """Write one batch's cached parts as a sealed segment (a folder renamed into place whole); returns its name."""
    segments = root / SEGMENTS
    name = uuid.uuid4().hex
    temporary = segments / f"{TEMPORARY_PREFIX}{name}"
    with storage_operation("writing the cache segment", temporary), removed_on_error(temporary):
        segments.mkdir(parents=True, exist_ok=True)
        temporary.mkdir()
        for part, frame in parts.items():
            # Cached parts are read back by polars only, never published: written by polars, with a cheaper codec.
            frame.write_parquet(temporary / f"{part}.parquet", compression="lz4")
        seal(temporary)
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
        if folder.name.startswith(TEMPORARY_PREFIX) or not folder.is_dir():
            continue
        problems = unsealed(folder)
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
            if folder.name.startswith(TEMPORARY_PREFIX) or not (folder / SEAL).exists():
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
