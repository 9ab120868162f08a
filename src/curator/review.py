"""A reviewer's work on the latest run: what is open, and new decisions checked against what that run published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from curator.datasets import SCHEMAS
from curator.decisions.file import (
    PROTECTED,
    Decision,
    DecisionsError,
    Target,
    identity_of,
    load_decisions,
    next_id,
    render_decision,
)
from curator.report.report import ROW_IDENTITY
from curator.storage.files import append_text
from curator.storage.layout import current_version_dir
from curator.storage.reports import read_latest_report
from curator.storage.versions import scan_dataset
from curator.validation.checks import checks_of


class ReviewError(ValueError):
    """A review command that cannot be carried out; the message says why and what to do."""


@dataclass(frozen=True)
class Located:
    """A row of the latest run, as a decision will name it."""

    target: Target
    quarantined: bool


def _version(out_dir: Path) -> Path:
    version = current_version_dir(out_dir)
    if version is None:
        raise ReviewError(f"no published run under {out_dir} (run `curator run --out {out_dir}` first)")
    return version


def rows_at(out_dir: Path, dataset: str, source_file: str, line: int) -> list[Located]:
    """The rows of `dataset` (curated or quarantined) that the latest run read from one line."""
    if dataset not in SCHEMAS:
        raise ReviewError(f"unknown dataset {dataset!r} (one of {', '.join(sorted(SCHEMAS))})")
    version = _version(out_dir)
    found: list[Located] = []
    identity = ROW_IDENTITY.get(dataset, ())
    for quarantined in (False, True):
        scan = scan_dataset(version, dataset, quarantined=quarantined)
        if scan is None:
            continue
        rows = scan.filter((pl.col("source_file") == source_file) & (pl.col("source_line") == line)).collect()
        for row in rows.iter_rows(named=True):
            target = Target(source_file, row.get("source_text") or "", line, identity_of(row, identity))
            found.append(Located(target, bool(quarantined)))
    return found


def locate(out_dir: Path, dataset: str, location: tuple[str, int], index: int | None) -> Located:
    """The one row at FILE:LINE (or its `index`-th when the line gave several); ReviewError otherwise."""
    source_file, line = location
    found = rows_at(out_dir, dataset, source_file, line)
    if not found:
        raise ReviewError(f"the latest run has no {dataset} row at {source_file}:{line}")
    if index is not None:
        if not 0 <= index < len(found):
            raise ReviewError(f"{source_file}:{line} has {len(found)} {dataset} rows; --row takes 0..{len(found) - 1}")
        return found[index]
    if len(found) > 1:
        raise ReviewError(
            f"{source_file}:{line} has {len(found)} {dataset} rows; choose one with --row 0..{len(found) - 1}"
        )
    return found[0]


def check_value(dataset: str, column: str, value: str) -> None:
    """A value a reviewer sets must fit its column's type (the contract checks the rest at the next run)."""
    schema = SCHEMAS.get(dataset, {})
    if column not in schema or column in PROTECTED:
        settable = ", ".join(c for c in schema if c not in PROTECTED)
        raise ReviewError(f"column {column!r} cannot be set in {dataset} (one of {settable})")
    dtype = schema[column]
    if pl.Series([value]).cast(dtype, strict=False).null_count():
        raise ReviewError(f"{value!r} is not a value of {column} ({dtype})")


def add_decision(path: Path, decision: Decision, existing: Sequence[Decision]) -> Decision:
    """Append a decision (its id the next free one) to the decisions file; returns it as written."""
    numbered = replace(decision, id=next_id(existing))
    append_text(path, render_decision(numbered))
    return numbered


def existing_decisions(path: Path) -> tuple[Decision, ...]:
    """The decisions already in the file (ReviewError naming file and line when it is malformed)."""
    try:
        decisions, _digest = load_decisions(path)
    except DecisionsError as error:
        raise ReviewError(str(error)) from None
    return decisions


def open_items(out_dir: Path) -> list[dict[str, Any]]:
    """Failing checks no decision accepted, and quarantined rows, of the latest run, with the command to resolve
    each (from its report.json)."""
    report = read_latest_report(out_dir)
    if report is None:
        raise ReviewError(f"no run report under {out_dir} (run `curator run --out {out_dir}` first)")
    items: list[dict[str, Any]] = []
    for dataset, entry in report.get("datasets", {}).items():
        for check in checks_of(dataset, entry):
            if not check.open:
                continue
            items.append(
                {
                    "dataset": dataset,
                    "check": check.name,
                    "column": check.column,
                    "failing_rows": check.failing_rows,
                    "command": check.accept_command,
                    "examples": [
                        {
                            "location": f"{e['source_file']}:{e['source_line']}",
                            "message": e.get("message"),
                            "commands": e.get("commands", {}),
                        }
                        for e in check.examples
                    ],
                }
            )
    return items


def render_open_items(items: Sequence[Mapping[str, Any]]) -> str:
    """`curator review list` output: each open check, its failing rows and the command that would resolve it."""
    if not items:
        return "nothing open: every failing check has a decision\n"
    lines = []
    for item in items:
        column = f" on {item['column']}" if item["column"] else ""
        lines.append(f"{item['dataset']}: {item['check']}{column} fails for {item['failing_rows']} rows")
        for example in item["examples"]:
            lines.append(f"  {example['location']}: {example['message']}")
            for command in example["commands"].values():
                lines.append(f"    {command}")
        if item["command"]:
            lines.append(f"  accept it: {item['command']}")
    return "\n".join(lines) + "\n"


def today() -> dt.date:
    """The date a decision is made (UTC)."""
    return dt.datetime.now(dt.UTC).date()
