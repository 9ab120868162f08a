"""The Data Docs' expectation outcomes computed with polars, the way GX's pandas engine would count them (GX-free).

For each expectation the suites hold, `outcome` gives the counts GX's own result code reads (row count, nulls,
unexpected count, the rows of the first unexpected values), so Great Expectations only shapes and renders results
instead of building its metric graph. Where polars cannot count exactly as GX's pandas engine does (a dtype or a
parameter not handled below), `outcome` returns None and the caller lets GX validate that dataset itself.
tests/report/test_gx_validate.py compares the results built from these outcomes with GX's own, field by field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

# GX's SUMMARY result format lists the first 20 unexpected values (`partial_unexpected_count`).
PARTIAL_UNEXPECTED_COUNT = 20

TABLE_TYPES = frozenset({"ExpectColumnToExist", "ExpectTableColumnsToMatchSet", "ExpectTableColumnsToMatchOrderedList"})


@dataclass(frozen=True)
class Outcome:
    """What GX's result code reads for one expectation on one frame."""

    row_count: int
    columns: tuple[str, ...]  # the frame's columns in order (GX's `table.columns`)
    missing_count: int | None = None  # a column expectation: the column's nulls (NaN is null, as in pandas)
    considered_count: int | None = None  # a compound expectation: rows where not every column is null
    unexpected_count: int | None = None
    unexpected_rows: tuple[int, ...] = ()  # positions of the first PARTIAL_UNEXPECTED_COUNT unexpected rows


def outcome(frame: pl.DataFrame, expectation_type: str, kwargs: Mapping[str, Any]) -> Outcome | None:
    """The outcome of one expectation (a GX class name and its kwargs) on `frame`; None when polars would not count
    it exactly as GX's pandas engine does."""
    columns = tuple(frame.columns)
    if expectation_type in TABLE_TYPES:
        supported = expectation_type != "ExpectColumnToExist" or kwargs.get("column_index") is None
        return Outcome(frame.height, columns) if supported else None
    if expectation_type == "ExpectCompoundColumnsToBeUnique":
        return _compound_unique(frame, list(kwargs["column_list"]))
    column, known = kwargs.get("column"), _COLUMN_KWARGS.get(expectation_type)
    if known is None or set(kwargs) - known or not isinstance(column, str) or column not in frame.columns:
        return None
    dtype = frame.schema[column]
    missing = _missing(column, dtype)
    if expectation_type == "ExpectColumnValuesToNotBeNull":
        # GX counts the nulls themselves as the unexpected values here; no row is set aside.
        return _map_outcome(frame, columns, missing, missing, filter_missing=False)
    unexpected = _unexpected(frame, column, dtype, expectation_type, kwargs)
    if unexpected is None:
        return None
    return _map_outcome(frame, columns, missing, unexpected, filter_missing=True)


_COLUMN_KWARGS: dict[str, set[str]] = {
    "ExpectColumnValuesToNotBeNull": {"column", "severity"},
    "ExpectColumnValuesToBeUnique": {"column", "severity"},
    "ExpectColumnValuesToBeInSet": {"column", "value_set", "severity"},
    "ExpectColumnValuesToNotBeInSet": {"column", "value_set", "severity"},
    "ExpectColumnValuesToMatchRegex": {"column", "regex", "severity"},
    "ExpectColumnValuesToBeBetween": {"column", "min_value", "max_value", "strict_min", "strict_max", "severity"},
    "ExpectColumnValueLengthsToBeBetween": {"column", "min_value", "max_value", "severity"},
}


def _map_outcome(
    frame: pl.DataFrame, columns: tuple[str, ...], missing: pl.Expr, unexpected: pl.Expr, *, filter_missing: bool
) -> Outcome:
    flagged = (unexpected & ~missing) if filter_missing else unexpected
    counts = frame.select(missing=missing.sum(), unexpected=flagged.sum())
    rows = frame.select(pl.arg_where(flagged).head(PARTIAL_UNEXPECTED_COUNT)).to_series().to_list()
    return Outcome(
        row_count=frame.height,
        columns=columns,
        missing_count=int(counts["missing"][0]),
        unexpected_count=int(counts["unexpected"][0]),
        unexpected_rows=tuple(int(row) for row in rows),
    )


def _missing(column: str, dtype: pl.DataType) -> pl.Expr:
    """Null as pandas sees it after `to_pandas()`: a polars null, or NaN in a float column."""
    col = pl.col(column)
    return (col.is_null() | col.is_nan()).fill_null(True) if dtype.is_float() else col.is_null()


def _unexpected(
    frame: pl.DataFrame, column: str, dtype: pl.DataType, expectation_type: str, kwargs: Mapping[str, Any]
) -> pl.Expr | None:
    """The rows GX's pandas condition marks unexpected (nulls are set aside by the caller), or None."""
    col = pl.col(column)
    if expectation_type == "ExpectColumnValuesToBeUnique":
        # Floats are left to GX: pandas and polars may disagree on what equal floats are (-0.0, 0.0).
        return col.is_duplicated() if _plain(dtype) and not dtype.is_float() else None
    if expectation_type in ("ExpectColumnValuesToBeInSet", "ExpectColumnValuesToNotBeInSet"):
        values = kwargs.get("value_set")
        matched = _in_set(col, dtype, values)
        if matched is None:
            return None
        return ~matched if expectation_type == "ExpectColumnValuesToBeInSet" else matched
    if expectation_type == "ExpectColumnValuesToMatchRegex":
        return _not_matching(frame, column, dtype, kwargs.get("regex"))
    if expectation_type == "ExpectColumnValuesToBeBetween":
        return _outside(col, dtype, kwargs)
    if expectation_type == "ExpectColumnValueLengthsToBeBetween":
        return None if dtype != pl.String else _outside(col.str.len_chars(), pl.Int64(), kwargs)
    return None


def _plain(dtype: pl.DataType) -> bool:
    """A dtype whose values pandas compares as polars does: strings, integers, floats, booleans, dates."""
    return dtype == pl.String or dtype.is_integer() or dtype.is_float() or dtype in (pl.Boolean, pl.Date)


def _in_set(col: pl.Expr, dtype: pl.DataType, values: Any) -> pl.Expr | None:
    if not isinstance(values, list | tuple):
        return None
    if dtype == pl.String and all(isinstance(v, str) for v in values):
        return col.is_in(pl.Series(values, dtype=pl.String))
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    if numbers and (dtype.is_float() or (dtype.is_integer() and all(isinstance(v, int) for v in values))):
        return col.cast(pl.Float64).is_in(pl.Series([float(v) for v in values], dtype=pl.Float64))
    if dtype == pl.Boolean and all(isinstance(v, bool) for v in values):
        return col.is_in(pl.Series(values, dtype=pl.Boolean))
    return None


def _not_matching(frame: pl.DataFrame, column: str, dtype: pl.DataType, regex: Any) -> pl.Expr | None:
    """pandas' `str.contains(regex)` (Python's `re.search`), run once per distinct value."""
    if dtype != pl.String or not isinstance(regex, str):
        return None
    pattern = re.compile(regex)
    distinct = frame.get_column(column).drop_nulls().unique().to_list()
    failing = [value for value in distinct if pattern.search(value) is None]
    return pl.col(column).is_in(pl.Series(failing, dtype=pl.String))


def _outside(value: pl.Expr, dtype: pl.DataType, kwargs: Mapping[str, Any]) -> pl.Expr | None:
    """Outside [min_value, max_value] (either end open when strict), as GX's between conditions compare."""
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is None and high is None:
        return None
    bounds = [bound for bound in (low, high) if bound is not None]
    if dtype.is_integer() or dtype.is_float():
        if not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds):
            return None
    elif dtype == pl.Date or (isinstance(dtype, pl.Datetime) and dtype.time_zone is None):
        # polars Date reaches pandas as datetime64: GX compares it with datetime bounds (a date bound would raise).
        if not all(isinstance(b, dt.datetime) and b.tzinfo is None for b in bounds):
            return None
        value = value.cast(pl.Datetime("us"))
    else:
        return None
    if low is not None and high is not None and low > high:
        return None  # GX raises on this; its own validation reports the error
    inside = pl.lit(True)
    if low is not None:
        inside = inside & (value > low if kwargs.get("strict_min") else value >= low)
    if high is not None:
        inside = inside & (value < high if kwargs.get("strict_max") else value <= high)
    return ~inside


def _compound_unique(frame: pl.DataFrame, columns: list[str]) -> Outcome | None:
    """pandas' `duplicated(keep=False)` over the rows where not every column is null (GX's default ignore_row_if)."""
    if not columns or any(c not in frame.columns for c in columns):
        return None
    if not all(_plain(frame.schema[c]) and not frame.schema[c].is_float() for c in columns):
        return None
    all_missing = pl.all_horizontal([pl.col(c).is_null() for c in columns])
    considered = frame.with_row_index("_row").filter(~all_missing)
    flagged = considered.filter(pl.struct(columns).is_duplicated())
    return Outcome(
        row_count=frame.height,
        columns=tuple(frame.columns),
        considered_count=considered.height,
        unexpected_count=flagged.height,
        unexpected_rows=tuple(int(row) for row in flagged["_row"].head(PARTIAL_UNEXPECTED_COUNT).to_list()),
    )
