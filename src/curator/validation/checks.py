"""The result of one check of one dataset: the one place that says whether it failed, is open, accepted or blocks
publishing, read alike by validation, assembly, review and the report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from schemas.gates import ERROR, Gate

SCHEMA, GATE = "schema", "gate"


@dataclass(frozen=True)
class Acceptance:
    """A reviewer's accept decision covering a failing check: which decision, until when, and why."""

    decision_id: str
    until: str | None  # an ISO date
    reason: str

    def entry(self) -> dict[str, Any]:
        """The acceptance as report.json lists it."""
        return {"decision_id": self.decision_id, "until": self.until, "reason": self.reason}


@dataclass(frozen=True)
class CheckResult:
    """One check of one dataset after a run: how many rows failed it, a few of them, and what reviewers said."""

    dataset: str
    name: str
    column: str | None
    severity: str
    kind: str
    failing_rows: int
    description: str = ""
    examples: tuple[Mapping[str, Any], ...] = ()
    acceptance: Acceptance | None = None
    accept_command: str | None = None

    @property
    def failed(self) -> bool:
        """At least one row failed the check."""
        return self.failing_rows > 0

    @property
    def passed(self) -> bool:
        """No row failed the check."""
        return not self.failed

    @property
    def accepted(self) -> bool:
        """A failing check a reviewer's accept decision covers."""
        return self.failed and self.acceptance is not None

    @property
    def open(self) -> bool:
        """A failing check no reviewer accepted: it needs attention."""
        return self.failed and self.acceptance is None

    @property
    def blocks_publish(self) -> bool:
        """A failed error-severity gate: its dataset must not replace its published version (accepting it records
        the reviewer's view but does not publish the rows)."""
        return self.kind == GATE and self.severity == ERROR and self.failed

    def entry(self) -> dict[str, Any]:
        """The check as report.json lists it."""
        entry: dict[str, Any] = {
            "name": self.name,
            "column": self.column,
            "severity": self.severity,
            "kind": self.kind,
            "description": self.description,
            "failing_rows": self.failing_rows,
            "passed": self.passed,
            "examples": [dict(example) for example in self.examples],
        }
        if self.acceptance is not None:
            entry["accepted"] = self.acceptance.entry()
        if self.accept_command is not None:
            entry["accept_command"] = self.accept_command
        return entry

    @classmethod
    def from_entry(cls, dataset: str, entry: Mapping[str, Any]) -> CheckResult:
        """A check read back from report.json (or a version's summary), as `entry()` wrote it."""
        accepted = entry.get("accepted")
        acceptance = None
        if accepted:
            until = accepted.get("until")
            acceptance = Acceptance(
                str(accepted.get("decision_id")),
                None if until is None else str(until),
                str(accepted.get("reason") or ""),
            )
        return cls(
            dataset,
            str(entry.get("name", "")),
            entry.get("column"),
            str(entry.get("severity", ERROR)),
            str(entry.get("kind", SCHEMA)),
            int(entry.get("failing_rows") or 0),
            str(entry.get("description") or ""),
            tuple(entry.get("examples") or ()),
            acceptance,
            entry.get("accept_command"),
        )


def checks_of(dataset: str, entry: Mapping[str, Any]) -> tuple[CheckResult, ...]:
    """The checks of one dataset's report entry."""
    return tuple(CheckResult.from_entry(dataset, check) for check in entry.get("checks") or ())


def gate_results(
    dataset: str, gates: Sequence[Gate], curated: pl.LazyFrame | None, rows_in: int
) -> tuple[CheckResult, ...]:
    """The dataset's gates evaluated on its curated rows (`None`: nothing curated was written, every gate passes)."""
    return tuple(
        CheckResult(
            dataset,
            gate.name,
            gate.column,
            gate.severity,
            GATE,
            gate.failing(curated, rows_in) if curated is not None else 0,
            gate.description,
        )
        for gate in gates
        if gate.dataset == dataset
    )


def blocks_publish(checks: Iterable[CheckResult]) -> bool:
    """True when a check blocks its dataset from replacing its published version."""
    return any(check.blocks_publish for check in checks)
