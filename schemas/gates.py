"""Dataset-level quality gates, declared beside the row contracts: each has a severity and counts failures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Gate:
    """A rule over a dataset's curated rows; `failing(curated, rows_in)` returns how many rows (or 1) break it."""

    dataset: str
    name: str
    column: str | None
    severity: str
    description: str
    failing: Callable[[pl.DataFrame, int], int]


def _min_rows(minimum: int) -> Callable[[pl.DataFrame, int], int]:
    return lambda curated, _rows_in: 0 if curated.height >= minimum else 1


GATES: tuple[Gate, ...] = (
    Gate("documents", "at_least_one_document", None, ERROR, "a run curates at least one document", _min_rows(1)),
)
