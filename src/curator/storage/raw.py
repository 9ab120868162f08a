"""Discovering and reading the raw files: what can be a document, and what is rejected with a reason."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from curator.documents import RawDocument, Rejection

MAX_DOCUMENT_BYTES = 512 * 1024 * 1024


class RawRootError(Exception):
    """The raw root cannot be read; the message says which path and why."""


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
