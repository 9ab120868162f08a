"""The contracts declare their columns once: the provenance base model, the fuzzy-date group in its place, and the
polars schemas read off them."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl
import pytest
from pandera.errors import SchemaErrors

from curator.datasets import SCHEMAS
from curator.frames import model_schema
from schemas import MODELS
from schemas.fuzzy_dates import FuzzyDate
from schemas.provenance import Provenance, refine

LEAD = ["source_file", "source_line", "source_text"]


class Toy(Provenance):
    """A model with a fuzzy date between its own columns."""

    source_line = refine("The toy's line.")
    before: str = pa.Field(description="Declared before the date.")
    when_end_status: str = pa.Field(nullable=True, isin=["over"], description="The toy's own end status.")
    when: FuzzyDate = FuzzyDate("the toy's date")
    when_edtf: str = pa.Field(description="The toy's date in EDTF, always given.")
    after: int = pa.Field(description="Declared after the date.")


@pytest.mark.parametrize("dataset", sorted(MODELS))
def test_every_dataset_opens_with_where_its_row_was_read_and_closes_with_its_decisions(dataset: str) -> None:
    """Every dataset model inherits the provenance model: source_file, source_line, source_text first, decision_id
    last."""
    model = MODELS[dataset]
    columns = list(model.to_schema().columns)
    assert issubclass(model, Provenance)
    assert (columns[:3], columns[-1]) == (LEAD, "decision_id")


@pytest.mark.parametrize("dataset", sorted(MODELS))
def test_every_dataset_keeps_the_provenance_models_rules(dataset: str) -> None:
    """A dataset may describe a provenance column more precisely, but its type, nullability and checks are the base
    model's (documents alone makes source_file unique)."""
    base = Provenance.to_schema().columns
    columns = MODELS[dataset].to_schema().columns

    def rules(column: pa.Column) -> tuple[object, ...]:
        return str(column.dtype), column.nullable, [str(check) for check in column.checks], column.metadata

    assert {name: rules(columns[name]) for name in base} == {name: rules(base[name]) for name in base}
    assert [name for name in base if columns[name].unique] == (["source_file"] if dataset == "documents" else [])


def test_a_fuzzy_date_stands_for_its_columns_in_its_place() -> None:
    """The group's columns come where the model names it; a group column declared before it is the model's own
    (the group's is left out), one declared after it refines the group's column in the group's place."""
    columns = Toy.to_schema().columns
    group = ["when_text", "when_edtf", "when_earliest", "when_latest", "when_precision", "when_approximate"]
    assert list(columns) == [
        *LEAD,
        "before",
        "when_end_status",
        *group,
        "when_part",
        "when_end_part",
        "after",
        "decision_id",
    ]
    assert (columns["when_end_status"].description, columns["when_edtf"].nullable) == (
        "The toy's own end status.",
        False,
    )
    assert columns["when_text"].description == "the toy's date, as written in the source."


def test_a_fuzzy_date_brings_its_bounds_check() -> None:
    """A row whose earliest day is after its latest fails the model's group check."""
    row = {name: None for name in model_schema(Toy)} | {
        "source_file": "a.txt",
        "source_line": 1,
        "before": "x",
        "when_edtf": "1900",
        "when_earliest": dt.date(1901, 1, 1),
        "when_latest": dt.date(1900, 12, 31),
        "after": 1,
    }
    frame = pl.DataFrame([row], schema=model_schema(Toy))
    with pytest.raises(SchemaErrors, match="when_earliest_not_after_latest"):
        Toy.validate(frame, lazy=True)
    Toy.validate(frame.with_columns(pl.col("when_latest").dt.offset_by("1y")), lazy=True)


def test_refine_describes_an_inherited_column_and_keeps_its_rules() -> None:
    """refine() changes source_line's description; the base's `ge(1)` and type stay."""
    column = Toy.to_schema().columns["source_line"]
    assert (column.description, str(column.dtype), [check.name for check in column.checks]) == (
        "The toy's line.",
        "Int64",
        ["greater_than_or_equal_to"],
    )


def test_refine_of_a_column_no_base_declares_is_an_error() -> None:
    """Refining a name the base models do not declare raises a TypeError naming the model and the column."""
    with pytest.raises(Exception) as raised:  # noqa: PT011 (Python 3.11 wraps __set_name__'s error in a RuntimeError)

        class Stray(Provenance):
            source_lines = refine("A typo of source_line.")

    error = raised.value.__cause__ or raised.value
    assert isinstance(error, TypeError)
    assert "Stray.source_lines" in str(error)


def test_the_polars_schema_of_a_contract_gives_each_column_its_type_in_order() -> None:
    """model_schema reads pandera's types: `str` String, `int` Int64, `date` Date, `bool` Boolean, a list annotation
    its list type, each an instance, in the contract's order."""
    string, integer, date = pl.String(), pl.Int64(), pl.Date()
    assert list(model_schema(Toy).items()) == [
        ("source_file", string),
        ("source_line", integer),
        ("source_text", string),
        ("before", string),
        ("when_end_status", string),
        ("when_text", string),
        ("when_edtf", string),
        ("when_earliest", date),
        ("when_latest", date),
        ("when_precision", string),
        ("when_approximate", pl.Boolean()),
        ("when_part", string),
        ("when_end_part", string),
        ("after", integer),
        ("decision_id", string),
    ]
    assert all(isinstance(dtype, pl.DataType) for dtype in model_schema(Toy).values())
    assert SCHEMAS["missions"]["also_stated_on"] == pl.List(pl.Int64())


@pytest.mark.parametrize("dataset", sorted(MODELS))
def test_each_datasets_polars_schema_is_read_off_its_contract(dataset: str) -> None:
    """datasets.SCHEMAS holds, per dataset, its contract's columns in its contract's order."""
    assert list(SCHEMAS[dataset]) == list(MODELS[dataset].to_schema().columns)
