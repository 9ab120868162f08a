"""Frame helpers the readers share: Python work once per distinct value, empty frames with their schema, the polars
schema a Pandera contract declares."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandera.polars as pa
import polars as pl

Schema = Mapping[str, pl.DataType]


def model_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """The polars type of each column a Pandera contract declares, in the contract's (and the published file's)
    order."""
    columns = model.to_schema().columns.items()
    return {name: _instance(column.dtype.type) for name, column in columns}


def _instance(dtype: pl.DataType | type[pl.DataType]) -> pl.DataType:
    return dtype() if isinstance(dtype, type) else dtype


def empty(schema: Schema) -> pl.DataFrame:
    """A frame with no rows and the given columns."""
    return pl.DataFrame(schema=dict(schema))


def from_rows(rows: Sequence[Mapping[str, Any]], schema: Schema) -> pl.DataFrame:
    """A frame of dict rows with exactly the given columns (an empty list gives an empty frame)."""
    return pl.DataFrame(list(rows), schema=dict(schema), orient="row") if rows else empty(schema)


def map_distinct(
    frame: pl.DataFrame,
    inputs: Sequence[str],
    function: Callable[..., Mapping[str, Any]],
    schema: Schema,
) -> pl.DataFrame:
    """`frame` with the columns `function` returns, computed once per distinct combination of `inputs`.

    A corpus repeats its cells, notes and date strings thousands of times: the Python work is paid per distinct
    value and joined back (null inputs included).
    """
    distinct = frame.select(inputs).unique(maintain_order=True)
    results = from_rows([function(*values) for values in distinct.iter_rows()], schema)
    joined = pl.concat([distinct, results], how="horizontal")
    # Callers rely on the frame's row order: the join keeps it explicitly (polars does not promise it otherwise).
    return frame.join(joined, on=list(inputs), how="left", nulls_equal=True, maintain_order="left")


def cell_at(index_column: str) -> pl.Expr:
    """The cell at the index held in `index_column` of a row's `cells` (null when absent or out of range)."""
    return pl.col("cells").list.get(pl.col(index_column), null_on_oob=True)
