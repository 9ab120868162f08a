"""The kept reports of runs: each run's report.json and report.html, `latest`, and the older runs read back."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator.storage.errors import storage_operation
from curator.storage.files import removed_on_error, replace_link
from curator.storage.layout import LATEST, REPORTS, RUN_ID

# Reports of older runs beyond this many are pruned (a schedule every few minutes would otherwise fill the disk).
KEEP_REPORTS = 50


def _prune_reports(reports: Path, keep: int) -> None:
    runs = sorted(p for p in reports.iterdir() if p.is_dir() and not p.is_symlink() and RUN_ID.match(p.name))
    for path in runs[:-keep]:
        shutil.rmtree(path, ignore_errors=True)


def write_report(out_dir: Path, run_id: str, report: Mapping[str, Any], html: str) -> Path:
    """Write reports/<run_id>/report.json and report.html, then point reports/latest at them; returns the HTML path.

    The caller holds the output's `run_lock`, so no other run switches `latest` meanwhile."""
    reports = out_dir / REPORTS
    staging = reports / f".staging-{run_id}"
    with storage_operation("writing the report", reports / run_id), removed_on_error(staging):
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
    replace_link(reports / LATEST, run_id)
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


def read_kept_reports(out_dir: Path, fits: Callable[[Mapping[str, Any]], bool] = lambda _report: True) -> KeptReports:
    """Every kept run's report under reports/<run_id>/ (at most KEEP_REPORTS of them); one that cannot be read, or
    that the caller's `fits` refuses (a key missing), is named in `unreadable` instead."""
    reports_root = out_dir / REPORTS
    try:
        runs = sorted(p.name for p in reports_root.iterdir() if RUN_ID.match(p.name) and not p.is_symlink())
    except (FileNotFoundError, NotADirectoryError):
        return KeptReports([], [], None)
    reports, unreadable = [], []
    for run_id in runs:
        report = read_run_report(out_dir, run_id)
        if report is None or not fits(report):
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
