"""Writing files whole or not at all: Parquet through a temporary name, links and texts replaced in one rename."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from curator.storage.errors import storage_operation

# Output files are written through pyarrow so that a dataset assembled chunk by chunk has the same bytes (one row
# group per chunk) whether its rows came from a cold run, a warm run or Dask workers.
_COMPRESSION = "zstd"


def _arrow(frame: pl.DataFrame) -> pa.Table:
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def write_parquet(frame: pl.DataFrame, path: Path) -> None:
    """Write one frame to `path` through a temporary name and a rename (never a half-written file)."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with storage_operation("writing", path), removed_on_error(temporary):
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(_arrow(frame), temporary, compression=_COMPRESSION)
        os.replace(temporary, path)


@contextmanager
def removed_on_error(path: Path) -> Iterator[None]:
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
        with storage_operation("writing", self.path), removed_on_error(self._temporary):
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


def replace_link(link: Path, target: str) -> None:
    """Point `link` at `target` in one rename, so readers never see it missing."""
    temporary = link.with_name(f".{link.name}.{uuid.uuid4().hex}")
    temporary.symlink_to(target)
    os.replace(temporary, link)


def read_text(path: Path) -> str | None:
    """A UTF-8 text file's content, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def is_file(path: Path) -> bool:
    """True when `path` is a regular file (or a link to one)."""
    return path.is_file()


def is_dir(path: Path) -> bool:
    """True when `path` is a directory (or a link to one)."""
    return path.is_dir()


def append_text(path: Path, text: str) -> None:
    """Append `text` to a text file (created with its folder when missing), replacing the file in one rename."""
    existing = read_text(path) or ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with storage_operation("writing", path), removed_on_error(temporary):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(existing + text, encoding="utf-8")
        os.replace(temporary, path)


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
