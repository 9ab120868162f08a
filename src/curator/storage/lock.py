"""The run lock that holds the output root for a whole run, and the removal of what a killed run left behind."""

from __future__ import annotations

import fcntl
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from curator.storage.errors import storage_operation
from curator.storage.layout import CACHE, REPORTS, RUN_ID, SEGMENTS, TEMPORARY_PREFIX, VERSIONS, current_version_dir

# Held for a whole run; the holder file names the run that holds it.
RUN_LOCK_FILE = ".curator.run.lock"
RUN_HOLDER_FILE = ".curator.run.holder"


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


# A temporary name `.<name>.<uuid4 hex>` (write_parquet's files, replace_link's links) renamed over <name> when done.
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
                if path.name.startswith((".staging-", TEMPORARY_PREFIX)) or _TEMPORARY_NAME.match(path.name):
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
