"""The decisions file: its decisions and targets, read (DecisionsError naming file and line) and rendered."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from curator.datasets import SCHEMAS
from curator.storage.files import read_text
from schemas.provenance import Provenance

ACTIONS = ("set", "accept", "exclude")
_ID = re.compile(r"^[A-Za-z][\w.-]{0,40}$")
_LOCATION = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")
# Columns a decision may not set: the provenance every dataset inherits (schemas.provenance).
PROTECTED = frozenset(Provenance.to_schema().columns)


class DecisionsError(ValueError):
    """A decisions file that cannot be read: the message names the file and line."""


@dataclass(frozen=True)
class Target:
    """Which row a decision is about: its file, its line's text, its natural identity; the line is a hint."""

    source_file: str
    source_text: str
    line: int | None = None
    identity: Mapping[str, Any] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return f"{self.source_file}:{self.line}" if self.line else self.source_file


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision, as written in the decisions file (`line`: where it starts there)."""

    id: str
    action: str
    dataset: str
    by: str
    at: dt.date
    reason: str
    line: int
    target: Target | None = None
    column: str | None = None
    value: Any = None
    check: str | None = None
    rows: tuple[Target, ...] = ()
    until: dt.date | None = None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DecisionsError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _target(value: Any, where: str) -> Target:
    if not isinstance(value, Mapping):
        raise DecisionsError(f"{where}: target must be a mapping with source_file and source_text")
    missing = [key for key in ("source_file", "source_text") if not isinstance(value.get(key), str)]
    if missing:
        raise DecisionsError(f"{where}: target needs {', '.join(missing)}")
    identity = value.get("identity") or {}
    if not isinstance(identity, Mapping):
        raise DecisionsError(f"{where}: target identity must be a mapping of column to value")
    line = value.get("line")
    if line is not None and (not isinstance(line, int) or line < 1):
        raise DecisionsError(f"{where}: target line must be a positive number")
    return Target(value["source_file"], value["source_text"], line, dict(identity))


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """YAML's safe loader, except that a date that does not exist is an error naming its line."""

    path = ""

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise DecisionsError(f"{self.path}:{node.start_mark.line + 1}: {node.value!r} is not a date") from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def parse_decisions(text: str, path: str, datasets: Mapping[str, Sequence[str]]) -> list[Decision]:
    """The decisions of a file's text, checked against the datasets and their columns; DecisionsError otherwise."""
    try:
        loader = _Loader(text)
        loader.path = path
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        raise DecisionsError(f"{where}: not valid YAML ({getattr(error, 'problem', None) or error})") from None
    if data is None:
        return []
    if not isinstance(data, list) or root is None:
        raise DecisionsError(f"{path}:1: the file must be a list of decisions ('- id: ...')")
    decisions: list[Decision] = []
    seen: dict[str, int] = {}
    for node, item in zip(root.value, data, strict=True):
        line = node.start_mark.line + 1
        decision = _decision(item, f"{path}:{line}", line, datasets)
        if decision.id in seen:
            raise DecisionsError(f"{path}:{line}: id {decision.id!r} is already used on line {seen[decision.id]}")
        seen[decision.id] = line
        decisions.append(decision)
    return decisions


def _decision(item: Any, where: str, line: int, datasets: Mapping[str, Sequence[str]]) -> Decision:
    if not isinstance(item, Mapping):
        raise DecisionsError(f"{where}: a decision must be a mapping (id, action, dataset, by, at, reason, ...)")
    missing = [key for key in ("id", "action", "dataset", "by", "at", "reason") if item.get(key) in (None, "")]
    if missing:
        raise DecisionsError(f"{where}: decision {item.get('id', '?')!r} needs {', '.join(missing)}")
    decision_id, action, dataset = str(item["id"]), item["action"], item["dataset"]
    where = f"{where}: decision {decision_id}"
    if not _ID.match(decision_id):
        raise DecisionsError(f"{where}: id must be a word (letters, digits, '.', '-', '_')")
    if action not in ACTIONS:
        raise DecisionsError(f"{where}: action {action!r} is not one of {', '.join(ACTIONS)}")
    if dataset not in datasets:
        raise DecisionsError(f"{where}: unknown dataset {dataset!r} (one of {', '.join(sorted(datasets))})")
    common = {
        "id": decision_id,
        "action": action,
        "dataset": dataset,
        "by": str(item["by"]),
        "at": _date(item["at"], where),
        "reason": str(item["reason"]),
        "line": line,
    }
    if action == "set":
        column = item.get("column")
        if column not in datasets[dataset] or column in PROTECTED:
            raise DecisionsError(f"{where}: column {column!r} cannot be set in {dataset}")
        if "value" not in item:
            raise DecisionsError(f"{where}: a set needs a value")
        return Decision(**common, target=_target(item.get("target"), where), column=column, value=item["value"])
    if action == "exclude":
        return Decision(**common, target=_target(item.get("target"), where))
    check = item.get("check")
    if not isinstance(check, str) or not check:
        raise DecisionsError(f"{where}: an accept needs the check's name")
    column = item.get("column")
    if column is not None and column not in datasets[dataset]:
        raise DecisionsError(f"{where}: column {column!r} is not a column of {dataset}")
    rows = item.get("rows") or []
    if not isinstance(rows, list):
        raise DecisionsError(f"{where}: rows must be a list of targets")
    until = _date(item["until"], where) if item.get("until") is not None else None
    return Decision(**common, check=check, column=column, rows=tuple(_target(r, where) for r in rows), until=until)


def render_decision(decision: Decision) -> str:
    """A decision as a YAML block to append to the file (readable, one key per line, diff-friendly)."""
    item: dict[str, Any] = {"id": decision.id, "action": decision.action, "dataset": decision.dataset}
    if decision.target is not None:
        item["target"] = _target_dict(decision.target)
    if decision.action == "set":
        item["column"], item["value"] = decision.column, decision.value
    if decision.action == "accept":
        item["check"] = decision.check
        if decision.column:
            item["column"] = decision.column
        if decision.rows:
            item["rows"] = [_target_dict(row) for row in decision.rows]
        if decision.until:
            item["until"] = decision.until
    item.update(by=decision.by, at=decision.at, reason=decision.reason)
    return str(yaml.safe_dump([item], sort_keys=False, allow_unicode=True, width=100, default_flow_style=False))


def _target_dict(target: Target) -> dict[str, Any]:
    result: dict[str, Any] = {"source_file": target.source_file, "line": target.line, "source_text": target.source_text}
    if target.identity:
        result["identity"] = dict(target.identity)
    return result


def next_id(decisions: Sequence[Decision]) -> str:
    """The next free id of the form D0001."""
    numbers = [int(d.id[1:]) for d in decisions if re.fullmatch(r"D\d+", d.id)]
    return f"D{max(numbers, default=0) + 1:04d}"


def identity_of(row: Mapping[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    """The natural identity values of a row (without its file), as strings for the decisions file."""
    return {c: (None if row.get(c) is None else str(row[c])) for c in columns if c != "source_file" and c in row}


def parse_location(text: str) -> tuple[str, int]:
    """'file.txt:407' -> ('file.txt', 407); ValueError otherwise."""
    match = _LOCATION.match(text)
    if not match:
        raise ValueError(f"expected FILE:LINE, got {text!r}")
    return match.group("file"), int(match.group("line"))


def load_decisions(path: Path | None) -> tuple[tuple[Decision, ...], str]:
    """The decisions of the file at `path` (none when it does not exist) and a digest of its text.

    Raises DecisionsError naming the file and line when the file is malformed.
    """
    text = read_text(path) if path is not None else None
    if text is None:
        return (), ""
    columns = {name: list(schema) for name, schema in SCHEMAS.items()}
    decisions = parse_decisions(text, str(path), columns)
    return tuple(decisions), hashlib.sha256(text.encode()).hexdigest()
