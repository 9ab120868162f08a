"""Seals: each file's size and sha256 kept beside a folder (a cache segment, a version), to find damage."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from curator.storage.layout import SEAL


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def seal(folder: Path) -> None:
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


def unsealed(folder: Path) -> dict[str, str]:
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
