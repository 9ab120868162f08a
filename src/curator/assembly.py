"""Assemble published datasets from cached per-document results, chunk by chunk, with their quality tallies.

A batch of documents leaves, per dataset, its rows keyed by the document's content hash (`sha256`) and their row
number in the document (`__row`), the reasons a row failed its contract (`__reasons`, null when it passed) and
the failures behind them. Assembly walks the run's documents in file order, a fixed number at a time, gives each
row its file, splits curated from quarantined rows and counts everything the report needs, so the published
files are the same bytes however the documents were batched, cached or distributed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandera.polars as pa
import polars as pl

from curator.validation.checks import CheckResult
from curator.validation.quality import CheckTally, filled_columns, quarantine_frame

DOC_KEY = "sha256"
ROW_KEY = "__row"
REASONS = "__reasons"
# Documents per assembly chunk: fixed, so that chunk boundaries (and the files' row groups) depend on the input only.
CHUNK_DOCUMENTS = 2000
PRECISION_SUFFIX = "_precision"
SOURCE_SUFFIX = "_source"


def chunks(manifest: pl.DataFrame, size: int = CHUNK_DOCUMENTS) -> list[pl.DataFrame]:
    """The parsed documents (source_file, sha256, segment) in file order, `size` at a time."""
    ordered = manifest.sort("source_file")
    return [ordered.slice(start, size) for start in range(0, ordered.height, size)]


def with_files(rows: pl.DataFrame, chunk: pl.DataFrame) -> pl.DataFrame:
    """Rows keyed by content hash given the file(s) holding that content, in file, line and row order.

    Two files with the same bytes each get every row (the join repeats them).
    """
    order = ["source_file", "source_line", ROW_KEY] if "source_line" in rows.columns else ["source_file", ROW_KEY]
    return rows.join(chunk.select("source_file", DOC_KEY), on=DOC_KEY).sort(order, maintain_order=True)


def failures_with_rows(failures: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Failures (by sha256 and row) with the failing row's file, line and text, in row order."""
    columns = [c for c in ("source_file", "source_line", "source_text") if c in rows.columns]
    joined = failures.join(rows.select(DOC_KEY, ROW_KEY, *columns), on=[DOC_KEY, ROW_KEY])
    joined = joined.sort([c for c in ("source_file", "source_line") if c in joined.columns] + [ROW_KEY])
    for column in ("source_line", "source_text"):
        if column not in joined.columns:
            joined = joined.with_columns(pl.lit(None).alias(column))
    return joined.with_columns(pl.format("{}:{}", "source_file", ROW_KEY).alias("row_id"))


def split_chunk(rows: pl.DataFrame, columns: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Curated rows (the contract's columns) and quarantined rows (values as text, with their reasons)."""
    failed = pl.col(REASONS).is_not_null()
    curated = rows.filter(~failed).select(columns)
    bad = rows.filter(failed)
    return curated, quarantine_frame(bad.select(columns), bad[REASONS])


class DatasetTally:
    """Everything the report says about one dataset, accumulated over the chunks of a run."""

    def __init__(self, name: str, model: type[pa.DataFrameModel], columns: list[str]) -> None:
        self.name = name
        self.columns = columns
        self._filled = set(filled_columns(model))
        self.rows_in = self.rows_curated = self.rows_quarantined = self.rows_excluded = 0
        self._present: Counter[str] = Counter()
        self._precision: dict[str, Counter[str]] = {}
        self._sources: dict[str, Counter[str]] = {}
        self._reasons: Counter[str] = Counter()
        self._decades: Counter[str] = Counter()
        self.checks = CheckTally(name, model)

    def add(self, curated: pl.DataFrame, quarantined: pl.DataFrame, failures: pl.DataFrame, excluded: int = 0) -> None:
        """Count one chunk: its curated rows, quarantined rows (with `reasons`), failures and excluded rows."""
        self.rows_in += curated.height + quarantined.height + excluded
        self.rows_curated += curated.height
        self.rows_quarantined += quarantined.height
        self.rows_excluded += excluded
        self.checks.add(failures)
        if quarantined.height:
            reasons = quarantined.select(pl.col("reasons").filter(pl.col("reasons").list.len() > 0).explode())
            self._reasons.update(dict(reasons["reasons"].value_counts().iter_rows()))
        # Recovered values are counted over every row read, curated or not (a recovery is a fact of the reading).
        for frame in (curated, quarantined):
            for column in frame.columns:
                if column.endswith(SOURCE_SUFFIX) and frame.schema[column] == pl.String:
                    self._sources.setdefault(column, Counter()).update(
                        {value: count for value, count in frame[column].value_counts().iter_rows() if value is not None}
                    )
        if not curated.height:
            return
        present = curated.select(
            (
                (pl.col(c).is_not_null() & (pl.col(c) != "").fill_null(False))
                if curated.schema[c] == pl.String
                else pl.col(c).is_not_null()
            )
            .sum()
            .alias(c)
            for c in curated.columns
        ).row(0, named=True)
        self._present.update({column: int(count) for column, count in present.items()})
        for column in curated.columns:
            if column.endswith(PRECISION_SUFFIX):
                counts = self._precision.setdefault(column.removesuffix(PRECISION_SUFFIX), Counter())
                counts.update(dict(curated[column].fill_null("none").value_counts().iter_rows()))
        if "established_earliest" in curated.columns:
            decades = curated.select((pl.col("established_earliest").dt.year() // 10 * 10).alias("d")).drop_nulls()
            self._decades.update(f"{decade}s" for decade in decades["d"].to_list())

    def summary(self, gates: tuple[CheckResult, ...] = ()) -> dict[str, Any]:
        """The dataset's entry of report.json (accounting, completeness, checks, recoveries, precision, reasons)."""
        checks = (*self.checks.results(), *gates)
        recovered = [
            {"column": column.removesuffix(SOURCE_SUFFIX), "method": method, "count": count}
            for column, counts in self._sources.items()
            for method, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            if method != "cell"
        ]
        return {
            "rows_in": self.rows_in,
            "rows_curated": self.rows_curated,
            "rows_quarantined": self.rows_quarantined,
            "rows_excluded": self.rows_excluded,
            "columns": self.columns,
            # Columns null by design (a decision id, a hint, a range's qualifier) are not counted as missing values.
            "completeness": {
                column: (round(self._present[column] / self.rows_curated, 4) if self.rows_curated else 1.0)
                for column in self.columns
                if column in self._filled
            },
            "checks": [check.entry() for check in checks],
            "recovered": recovered,
            "date_precision": {
                group: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
                for group, counts in self._precision.items()
            },
            "quarantine_reasons": dict(sorted(self._reasons.items(), key=lambda item: (-item[1], item[0]))),
            "established_per_decade": dict(sorted(self._decades.items(), key=lambda item: int(item[0][:-1]))),
        }
