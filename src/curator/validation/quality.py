"""Run the Pandera contracts and dataset gates: split rows into curated and quarantined, and count every check."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.backends.polars.checks import PolarsCheckBackend
from pandera.constants import CHECK_OUTPUT_KEY
from pandera.errors import SchemaError, SchemaErrors

from curator.validation.checks import SCHEMA, CheckResult, blocks_publish, gate_results
from schemas.gates import ERROR, Gate

PROVENANCE = ("source_file", "source_line")
MAX_EXAMPLES = 5
MAX_FAILING_KEYS = 10_000
# A column `<name>_hint` carries a reviewer's hint that is appended to every reason about `<name>`.
HINT_SUFFIX = "_hint"


@dataclass(frozen=True)
class DatasetValidation:
    """The outcome of validating one dataset: both sides of the split and every check."""

    name: str
    rows_in: int
    curated: pl.DataFrame
    quarantined: pl.DataFrame
    checks: tuple[CheckResult, ...] = field(default=())

    @property
    def rows_curated(self) -> int:
        """Rows that passed every schema check."""
        return self.curated.height

    @property
    def rows_quarantined(self) -> int:
        """Rows routed to quarantine with their reasons."""
        return self.quarantined.height

    @property
    def blocked(self) -> bool:
        """True when an error-severity gate failed: the dataset must not replace its published version."""
        return blocks_publish(self.checks)


class AccountingError(AssertionError):
    """rows_in != rows_curated + rows_quarantined: a row was lost or duplicated, which must never happen."""


def _check_label(check: Any) -> str:
    return str(getattr(check, "name", None) or check)


def filled_columns(model: type[pa.DataFrameModel]) -> list[str]:
    """The columns a contract means to be filled: all but those its fields mark null by design (`NULL_BY_DESIGN`)."""
    return [
        name for name, column in model.to_schema().columns.items() if not (column.metadata or {}).get("null_by_design")
    ]


def declared_checks(model: type[pa.DataFrameModel]) -> list[tuple[str | None, str, str]]:
    """(column, check name, description) of every rule a model declares, so passing checks are reported too."""
    schema = model.to_schema()
    declared: list[tuple[str | None, str, str]] = []
    for name, column in schema.columns.items():
        declared.append((name, "dtype", f"values are {column.dtype}"))
        if not column.nullable:
            declared.append((name, "not_nullable", "no missing values"))
        if column.unique:
            declared.append((name, "unique", "no repeated values"))
        for check in column.checks:
            declared.append((name, _check_label(check), str(check.error or check)))
    for check in schema.checks:
        documented = getattr(getattr(model, _check_label(check), None), "__doc__", None)
        declared.append((None, _check_label(check), (documented or str(check.error or check)).strip()))
    return declared


def as_text(column: str, dtype: pl.DataType) -> pl.Expr:
    """A column rendered as text: lists as '[a, b]', structs as JSON, everything else by a plain cast."""
    if isinstance(dtype, pl.List):
        inner = pl.col(column).list.eval(pl.element().cast(pl.String, strict=False).fill_null("null"))
        return pl.format("[{}]", inner.list.join(", ")).alias(column)
    if isinstance(dtype, pl.Struct):
        return pl.col(column).struct.json_encode().alias(column)
    return pl.col(column).cast(pl.String, strict=False)


def quarantine_frame(frame: pl.DataFrame, reasons: pl.Series) -> pl.DataFrame:
    """Failing rows with every value as text, provenance kept typed, and the list of reasons."""
    provenance = [c for c in PROVENANCE if c in frame.columns]
    others = [c for c in frame.columns if c not in provenance]
    return frame.select(*[pl.col(c) for c in provenance], *[as_text(c, frame.schema[c]) for c in others]).with_columns(
        reasons.alias("reasons")
    )


FAILURES_SCHEMA: dict[str, pl.DataType] = {
    "index": pl.Int64(),
    "column": pl.String(),
    "check": pl.String(),
    "failure_case": pl.String(),
    "reason": pl.String(),
}


def row_failures(name: str, frame: pl.DataFrame, model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """Every (row index, failed check) of an eager frame, with a reviewer-readable reason (hints appended).

    Validation collects every failure (`lazy=True`); a failure without a row index (a missing column, a wrong
    type) concerns every row. A frame that `passes_every_check` is not run through Pandera's machinery.
    """
    if passes_every_check(frame, model):
        return pl.DataFrame(schema=FAILURES_SCHEMA)
    try:
        model.validate(frame, lazy=True)
        return pl.DataFrame(schema=FAILURES_SCHEMA)
    except SchemaErrors as errors:
        failures = errors.failure_cases.select(
            pl.col("column").cast(pl.String),
            # Pandera reports `greater_than_or_equal_to(0)` where the schema names `greater_than_or_equal_to`.
            pl.col("check").cast(pl.String).str.replace(r"\(.*$", ""),
            pl.col("failure_case").cast(pl.String),
            pl.col("index").cast(pl.Int64),
        )
    whole = failures.filter(pl.col("index").is_null())
    if whole.height:
        failures = pl.concat(
            [
                failures.filter(pl.col("index").is_not_null()),
                whole.join(
                    pl.DataFrame({"index": pl.arange(0, frame.height, eager=True).cast(pl.Int64)}), how="cross"
                ).select("column", "check", "failure_case", pl.col("index_right").alias("index")),
            ]
        )
    hint_columns = [c for c in frame.columns if c.endswith(HINT_SUFFIX)]
    hints = (
        frame.with_row_index("index")
        .select(
            pl.col("index").cast(pl.Int64),
            *[pl.col(c).alias(c.removesuffix(HINT_SUFFIX)) for c in hint_columns],
        )
        .unpivot(index="index", variable_name="column", value_name="hint")
        .drop_nulls("hint")
        if hint_columns
        else pl.DataFrame(schema={"index": pl.Int64, "column": pl.String, "hint": pl.String})
    )
    schema_name = model.to_schema().name or name
    failures = cast(pl.DataFrame, failures)
    return (
        failures.join(hints, on=["index", "column"], how="left")
        .with_columns(
            # A dataframe-level check names the whole row as its value; its name is the reason.
            pl.when(pl.col("column") == schema_name)
            .then(pl.format("row: {}", "check"))
            .otherwise(
                pl.format(
                    "{}: {} (value: {})", "column", "check", pl.col("failure_case").fill_null("null")
                ).str.replace(r" \(value: null\)$", "")
            )
            .alias("reason")
        )
        .with_columns(
            pl.when(pl.col("hint").is_not_null())
            .then(pl.format("{}; hint: {}", "reason", "hint"))
            .otherwise("reason")
            .alias("reason"),
            # Checks of the whole row are counted under no column.
            pl.when(pl.col("column") == schema_name)
            .then(pl.lit(None, dtype=pl.String))
            .otherwise("column")
            .alias("column"),
        )
        .select(*FAILURES_SCHEMA)
    )


def passes_every_check(frame: pl.DataFrame, model: type[pa.DataFrameModel]) -> bool:
    """True only when Pandera would find nothing wrong with `frame`: its columns and types pass (as Pandera judges
    an empty frame of the same schema), and every row passes the model's nullability, uniqueness, column and
    dataframe checks, computed by Pandera's own check functions in one polars query. False (validate the usual
    way) for anything else: a failing row, a check that raises, a contract this shortcut does not cover.

    Pandera runs each check as queries of its own and builds failure cases even when nothing fails; most batches
    of most datasets pass, and then this query is all the validation they need.
    """
    schema = _plain_schema(model)
    if schema is None or not _schema_passes(model, frame):
        return False
    data = frame.lazy()
    try:
        rules: list[pl.Expr] = []
        verdicts: list[pl.LazyFrame] = []
        for name, column in schema.columns.items():
            if not column.nullable:
                present = pl.col(name).is_not_null()
                rules.append(present & pl.col(name).is_not_nan() if frame.schema[name].is_float() else present)
            if column.unique:
                rules.append(pl.col(name).is_duplicated().not_())
            verdicts += [_check_verdict(check, data, name) for check in column.checks]
        verdicts += [_check_verdict(check, data, "*") for check in schema.checks]
        unique = schema.unique or []
        for subset in [unique] if all(isinstance(c, str) for c in unique) else unique:
            if frame.select([c for c in subset if c in frame.columns]).is_duplicated().any():
                return False
        if rules:
            verdicts.append(data.select(pl.all_horizontal(rules).all()))
        if not verdicts:
            return True
        row = pl.concat(
            [verdict.select(pl.all().alias(f"_{i}")) for i, verdict in enumerate(verdicts)], how="horizontal"
        ).collect()
    except Exception:  # Pandera itself reports a check that raises: let it
        return False
    return all(value is True for value in row.row(0))


def _check_verdict(check: Any, data: pl.LazyFrame, key: str) -> pl.LazyFrame:
    """One value: whether every row passes `check` on column `key` ("*": the whole row), a null passing when the
    check ignores nulls, as Pandera's polars check backend applies and post-processes it."""
    output: pl.LazyFrame | bool = PolarsCheckBackend(check).apply(PolarsData(data, key))
    if isinstance(output, bool):
        return pl.LazyFrame({CHECK_OUTPUT_KEY: [output]})
    result = pl.col(CHECK_OUTPUT_KEY)
    return output.select((result | result.is_null()).all() if check.ignore_na else result.fill_null(False).all())


@cache
def _plain_schema(model: type[pa.DataFrameModel]) -> Any:
    """The model's schema when `passes_every_check` covers everything Pandera would do with it, else None: no
    coercion, defaults, parsers, regex columns, dropped rows, or checks that only warn, group or cap failures."""
    import pandera.backends.polars.builtin_checks  # noqa: F401 - registers the checks' polars implementations

    schema = model.to_schema()
    if schema.coerce or schema.add_missing_columns or schema.drop_invalid_rows or schema.parsers:
        return None
    checks = list(schema.checks)
    for column in schema.columns.values():
        if column.coerce or column.regex or column.default is not None or column.parsers or column.drop_invalid_rows:
            return None
        checks += column.checks
    if any(check.raise_warning or check.groupby is not None or check.n_failure_cases is not None for check in checks):
        return None
    return schema


# (model, the frame's column names and types) -> whether Pandera accepts an empty frame of that schema.
_SCHEMA_VERDICTS: dict[tuple[type[pa.DataFrameModel], tuple[tuple[str, str], ...]], bool] = {}


def _schema_passes(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> bool:
    """Whether the frame's columns (presence, order, types) pass the model: Pandera's verdict on an empty frame
    with the same schema, where no value can fail."""
    key = (model, tuple((name, repr(dtype)) for name, dtype in frame.schema.items()))
    if key not in _SCHEMA_VERDICTS:
        try:
            model.validate(frame.clear(), lazy=True)
            _SCHEMA_VERDICTS[key] = True
        except (SchemaErrors, SchemaError):
            _SCHEMA_VERDICTS[key] = False
    return _SCHEMA_VERDICTS[key]


def reasons_by_row(failures: pl.DataFrame, height: int) -> pl.Series:
    """The sorted, distinct reasons of each of `height` rows (null for a row that passed every check)."""
    reasons = failures.group_by("index").agg(pl.col("reason").unique(maintain_order=True).sort().alias("reasons"))
    return (
        pl.DataFrame({"index": pl.arange(0, height, eager=True).cast(pl.Int64)})
        .join(reasons, on="index", how="left")
        .sort("index")["reasons"]
    )


class CheckTally:
    """Failing-row counts and the first examples of every check of one dataset, accumulated chunk by chunk."""

    def __init__(self, name: str, model: type[pa.DataFrameModel]) -> None:
        self.name = name
        self.model = model
        self._schema_name = model.to_schema().name or name
        self._counts: dict[tuple[str | None, str], int] = {}
        self._examples: dict[tuple[str | None, str], list[dict[str, Any]]] = {}
        # (file, line text) of failing rows per check, so that an accept limited to rows can be checked.
        self.failing: dict[str, set[tuple[str, str]]] = {}

    def add(self, failures: pl.DataFrame) -> None:
        """Count a chunk's failures: rows `row_id`, provenance and `source_text` beside each failure, in row order."""
        if failures.is_empty():
            return
        counts = failures.group_by("column", "check").agg(pl.col("row_id").n_unique().alias("rows"))
        for column, check, rows in counts.iter_rows():
            self._counts[(column, check)] = self._counts.get((column, check), 0) + rows
        # Python sees each check's distinct (file, text) pairs until its set is full, and its first examples; the
        # checks in the order their first failure comes, as row by row.
        label = pl.format("{}:{}", pl.col("column").fill_null("None"), pl.col("check").fill_null("None"))
        pairs = failures.group_by(label.alias("_label"), maintain_order=True).agg(
            # At most MAX_FAILING_KEYS of the first 2 * MAX_FAILING_KEYS pairs can already be in a check's set.
            pl.struct("source_file", "source_text")
            .unique(maintain_order=True)
            .head(2 * MAX_FAILING_KEYS)
            .alias("_pairs")
        )
        for name, found in pairs.iter_rows():
            keys = self.failing.setdefault(name, set())
            for pair in found if len(keys) < MAX_FAILING_KEYS else ():
                if len(keys) >= MAX_FAILING_KEYS:
                    break
                keys.add((pair["source_file"], pair["source_text"]))
        firsts = failures.group_by("column", "check", maintain_order=True).head(MAX_EXAMPLES)
        for row in firsts.iter_rows(named=True):
            examples = self._examples.setdefault((row["column"], row["check"]), [])
            if len(examples) < MAX_EXAMPLES:
                examples.append(
                    {
                        "source_file": row["source_file"],
                        "source_line": row["source_line"],
                        "value": row["failure_case"],
                        "message": f"{row['column'] or self._schema_name}: {row['check']}",
                        "source_text": row["source_text"],
                    }
                )

    def results(self, severity_of: Callable[[str | None], str] = lambda _column: ERROR) -> tuple[CheckResult, ...]:
        """Every declared check with its failing-row count, then any failure the model does not declare."""
        counts = dict(self._counts)
        checks = [
            CheckResult(
                self.name,
                check,
                column,
                severity_of(column),
                SCHEMA,
                counts.pop((column, check), 0),
                description,
                tuple(self._examples.get((column, check), ())),
            )
            for column, check, description in declared_checks(self.model)
        ]
        checks.extend(
            CheckResult(
                self.name, check, column, ERROR, SCHEMA, rows, "", tuple(self._examples.get((column, check), ()))
            )
            for (column, check), rows in counts.items()
        )
        return tuple(checks)


def with_provenance(failures: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Failures (by row index into `rows`) with that row's file, line and text, in row order; `row_id` = index."""
    provenance = rows.with_row_index("index").select(
        pl.col("index").cast(pl.Int64),
        *[c for c in (*PROVENANCE, "source_text") if c in rows.columns],
    )
    joined = failures.join(provenance, on="index", how="left").sort("index", maintain_order=True)
    for column in (*PROVENANCE, "source_text"):
        if column not in joined.columns:
            joined = joined.with_columns(pl.lit(None).alias(column))
    return joined.with_columns(pl.col("index").alias("row_id"))


def split_valid_rows(
    name: str,
    frame: pl.DataFrame,
    model: type[pa.DataFrameModel],
    severity_of: Callable[[str | None], str] = lambda _column: ERROR,
) -> DatasetValidation:
    """Validate an eager frame collecting every failure; failing rows go to quarantine with all their reasons."""
    failures = row_failures(name, frame, model)
    reasons = reasons_by_row(failures, frame.height)
    failed = reasons.is_not_null()
    curated = frame.filter(~failed)
    quarantined = quarantine_frame(frame.filter(failed), reasons.filter(failed))
    tally = CheckTally(name, model)
    tally.add(with_provenance(failures, frame))
    result = DatasetValidation(name, frame.height, curated, quarantined, tally.results(severity_of))
    assert_balanced(result)
    return result


def apply_gates(validation: DatasetValidation, gates: Sequence[Gate]) -> DatasetValidation:
    """Evaluate the dataset's gates on its curated rows and add them to its checks."""
    gates_found = gate_results(validation.name, gates, validation.curated.lazy(), validation.rows_in)
    return DatasetValidation(
        validation.name,
        validation.rows_in,
        validation.curated,
        validation.quarantined,
        validation.checks + gates_found,
    )


def assert_balanced(validation: DatasetValidation) -> None:
    """Fail loudly if a row was lost or duplicated between input, curated and quarantine."""
    if validation.rows_in != validation.rows_curated + validation.rows_quarantined:
        raise AccountingError(
            f"{validation.name}: rows_in {validation.rows_in} != curated {validation.rows_curated}"
            f" + quarantined {validation.rows_quarantined}"
        )
