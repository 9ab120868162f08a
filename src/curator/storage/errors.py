"""Errors the operating system raises, turned into a StorageError naming the operation and the path."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl


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
