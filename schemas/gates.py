"""Dataset-level quality gates, declared beside the row contracts: each has a severity and counts failures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

ERROR = "error"
WARNING = "warning"

# A gate reads the dataset's curated rows lazily (a whole published file need not fit in memory).
Counter = Callable[[pl.LazyFrame, int], int]


@dataclass(frozen=True)
class Gate:
    """A rule over a dataset's curated rows; `failing(curated, rows_in)` returns how many rows (or 1) break it."""

    dataset: str
    name: str
    column: str | None
    severity: str
    description: str
    failing: Counter


def share_at_least(column: str, minimum: float) -> Counter:
    """Fails (counting the shortfall in rows) when fewer than `minimum` of the input rows have `column` set."""

    def failing(curated: pl.LazyFrame, rows_in: int) -> int:
        names = curated.collect_schema().names()
        present = curated.select(pl.col(column).is_not_null().sum()).collect().item() if column in names else 0
        needed = -(-int(minimum * rows_in * 1000) // 1000)  # ceil without float noise
        return max(0, needed - int(present))

    return failing


def no_duplicates(columns: list[str]) -> Counter:
    """Counts rows that repeat another row's values in `columns`."""

    def failing(curated: pl.LazyFrame, _rows_in: int) -> int:
        repeated = curated.group_by(columns).agg(pl.len().alias("n")).filter(pl.col("n") > 1)
        return int(repeated.select(pl.col("n").sum()).collect().item() or 0)

    return failing


def at_least_rows(minimum: int) -> Counter:
    """Fails when the dataset has fewer than `minimum` curated rows."""
    return lambda curated, _rows_in: 0 if curated.select(pl.len()).collect().item() >= minimum else 1


GATES: tuple[Gate, ...] = (
    Gate("documents", "documents_present", None, WARNING, "a run curates at least one document", at_least_rows(1)),
    Gate(
        "relations",
        "country_completeness_90",
        "country",
        ERROR,
        "at least 90% of relations rows have a country (named or recovered)",
        share_at_least("country", 0.9),
    ),
    Gate(
        "relations",
        "no_duplicate_country_per_document",
        "country",
        WARNING,
        "a country appears once per document's relations tables",
        no_duplicates(["source_file", "country"]),
    ),
    Gate(
        "relations",
        "established_date_completeness_80",
        "established_edtf",
        WARNING,
        "at least 80% of relations rows have an establishment date",
        share_at_least("established_edtf", 0.8),
    ),
    Gate(
        "ambassadors",
        "no_duplicate_position_per_list",
        "position",
        WARNING,
        "list numbers are not repeated within a list",
        lambda curated, n: no_duplicates(["source_file", "list_title", "position"])(
            curated.filter(pl.col("position").is_not_null()), n
        ),
    ),
)
