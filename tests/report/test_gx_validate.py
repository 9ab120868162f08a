"""The Data Docs' results counted with polars equal the ones Great Expectations' own validation computes."""

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from curator.report.gx_docs import ExpectationSpec
from curator.report.gx_validate import outcome

pytestmark = pytest.mark.xdist_group("gx")

# Every expectation type the Pandera translation emits, each with kwargs that pass and kwargs that fail on FRAME.
SPECS = [
    ExpectationSpec("ExpectColumnToExist", {"column": "count"}, "count: required"),
    ExpectationSpec("ExpectColumnToExist", {"column": "absent"}, "absent: required"),
    ExpectationSpec("ExpectColumnValuesToNotBeNull", {"column": "count"}, "count: nullable=False"),
    ExpectationSpec("ExpectColumnValuesToNotBeNull", {"column": "key"}, "key: nullable=False"),
    ExpectationSpec("ExpectColumnValuesToNotBeNull", {"column": "share"}, "share: nullable=False"),
    ExpectationSpec("ExpectColumnValuesToNotBeNull", {"column": "day"}, "day: nullable=False"),
    ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": "code"}, "code: unique=True"),
    ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": "key"}, "key: unique=True"),
    ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": "day"}, "day: unique=True"),
    ExpectationSpec(
        "ExpectColumnValuesToBeBetween",
        {"column": "count", "min_value": 2, "max_value": 7, "strict_min": False, "strict_max": True},
        "count: in_range(2, 7)",
    ),
    ExpectationSpec(
        "ExpectColumnValuesToBeBetween", {"column": "key", "min_value": 1, "strict_min": False}, "key: ge(1)"
    ),
    ExpectationSpec(
        "ExpectColumnValuesToBeBetween", {"column": "key", "max_value": 5, "strict_max": True}, "key: lt(5)"
    ),
    ExpectationSpec(
        "ExpectColumnValuesToBeBetween",
        {"column": "share", "min_value": 0, "max_value": 50.5, "strict_min": True, "strict_max": False},
        "share: gt(0) le(50.5)",
    ),
    ExpectationSpec(
        "ExpectColumnValuesToBeBetween",
        {"column": "day", "min_value": dt.datetime(1900, 1, 1), "max_value": dt.datetime(2100, 1, 1)},
        "day: in_range(1900-01-01, 2100-01-01)",
    ),
    ExpectationSpec("ExpectColumnValuesToBeInSet", {"column": "code", "value_set": ["JP", "KR"]}, "code: isin"),
    ExpectationSpec("ExpectColumnValuesToBeInSet", {"column": "key", "value_set": list(range(1, 9))}, "key: isin"),
    ExpectationSpec("ExpectColumnValuesToBeInSet", {"column": "count", "value_set": [1, 2, 5]}, "count: isin"),
    ExpectationSpec("ExpectColumnValuesToBeInSet", {"column": "flag", "value_set": [True]}, "flag: equal_to"),
    ExpectationSpec(
        "ExpectColumnValuesToNotBeInSet", {"column": "code", "value_set": ["US"], "severity": "warning"}, "code: notin"
    ),
    ExpectationSpec("ExpectColumnValuesToNotBeInSet", {"column": "share", "value_set": [2.5]}, "share: notin"),
    ExpectationSpec("ExpectColumnValuesToMatchRegex", {"column": "code", "regex": "^[A-Z]{2}$"}, "code: str_matches"),
    ExpectationSpec("ExpectColumnValuesToMatchRegex", {"column": "code", "regex": r"S\Z"}, "code: str_endswith"),
    ExpectationSpec(
        "ExpectColumnValueLengthsToBeBetween", {"column": "code", "min_value": 2, "max_value": 2}, "code: str_length"
    ),
    ExpectationSpec("ExpectColumnValueLengthsToBeBetween", {"column": "code", "min_value": 3}, "code: str_length"),
    ExpectationSpec("ExpectCompoundColumnsToBeUnique", {"column_list": ["code", "count"]}, "unique=[code, count]"),
    ExpectationSpec("ExpectCompoundColumnsToBeUnique", {"column_list": ["code", "key"]}, "unique=[code, key]"),
    ExpectationSpec(
        "ExpectTableColumnsToMatchSet",
        {"column_set": ["key", "count", "share", "code", "day", "flag"], "exact_match": True},
        "strict=True",
    ),
    ExpectationSpec(
        "ExpectTableColumnsToMatchSet", {"column_set": ["key", "count", "other"], "exact_match": True}, "strict=True"
    ),
    ExpectationSpec(
        "ExpectTableColumnsToMatchOrderedList",
        {"column_list": ["key", "count", "share", "code", "day", "flag"]},
        "strict",
    ),
    ExpectationSpec("ExpectTableColumnsToMatchOrderedList", {"column_list": ["count", "key"]}, "strict"),
]

SCHEMA = {
    "key": pl.Int64,
    "count": pl.Int64,
    "share": pl.Float64,
    "code": pl.String,
    "day": pl.Date,
    "flag": pl.Boolean,
}


def frame_with_failures() -> pl.DataFrame:
    """Passing and failing values for every spec: nulls, NaN, duplicates, values out of range and out of set."""
    return pl.DataFrame(
        {
            "key": [1, 2, 3, 4, 5, 6, 7, 8, 9, 3],
            "count": [1, 2, None, 5, 7, 2, 2, 9, None, 2],
            "share": [0.0, 2.5, None, 50.5, float("nan"), 12.25, 60.0, 2.5, 1.0, None],
            "code": ["JP", "KR", None, "USA", "JP", "US", "US", "kr", None, "US"],
            "day": [
                dt.date(2000, 1, 1),
                None,
                dt.date(1990, 5, 5),
                dt.date(2020, 1, 1),
                None,
                dt.date(2000, 1, 1),
                dt.date(1800, 1, 1),
                dt.date(2101, 1, 1),
                dt.date(1950, 3, 3),
                dt.date(1950, 3, 3),
            ],
            "flag": [True, False, None, True, True, True, False, True, True, True],
        },
        schema=SCHEMA,
    )


def many_failures() -> pl.DataFrame:
    """More than 20 unexpected values, with ties in their counts: GX lists only the first 20, and their counts."""
    n = 45
    return pl.DataFrame(
        {
            "key": [i % 30 for i in range(n)],
            "count": [None if i % 7 == 0 else i % 11 for i in range(n)],
            "share": [float(i % 13) for i in range(n)],
            "code": [f"C{i % 17}" if i % 5 else None for i in range(n)],
            "day": [dt.date(1700 + i % 9, 1, 1) for i in range(n)],
            "flag": [i % 3 == 0 for i in range(n)],
        },
        schema=SCHEMA,
    )


def all_null() -> pl.DataFrame:
    """Every value null: the vacuously true cases."""
    return pl.DataFrame({name: [None, None, None] for name in SCHEMA}, schema=SCHEMA)


def empty() -> pl.DataFrame:
    """No rows at all."""
    return pl.DataFrame(schema=SCHEMA)


# Fields that differ between two validations of the same data at different moments (they are not counts).
VOLATILE_META = ("validation_id", "batch_markers")


@pytest.mark.gx
@pytest.mark.parametrize("make_frame", [frame_with_failures, many_failures, all_null, empty])
def test_results_counted_with_polars_equal_the_ones_gx_validation_computes(tmp_path: Path, make_frame: Any) -> None:
    """On a frame with passing and failing values for every expectation type we emit, the result built from polars'
    counts equals GX's own validation result in every field the Data Docs pages show, in the same order."""
    from great_expectations.core.run_identifier import RunIdentifier

    from curator.report.gx_render import DocsSite

    frame = make_frame()
    assert all(outcome(frame, spec.expectation_type, spec.kwargs) is not None for spec in SPECS)  # polars counts all
    site = DocsSite(tmp_path / "docs")
    site.prepare({"sample": SPECS})
    _key, suite, batch_definition = site._suites["sample"]
    run_id = RunIdentifier(run_name="run", run_time=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))

    theirs = site._validate_with_gx(frame.to_pandas(), suite, batch_definition, run_id).to_json_dict()
    with pytest.MonkeyPatch.context() as patch:  # ours must not fall back to GX's validator
        patch.setattr(site, "_validate_with_gx", _must_not_run)
        ours = site.validate(frame, suite, batch_definition, run_id).to_json_dict()

    assert [r["expectation_config"]["id"] for r in ours["results"]] == [
        r["expectation_config"]["id"] for r in theirs["results"]
    ]
    assert any(not r["success"] for r in ours["results"]) or frame.height < 4  # failures are compared too
    for mine, gx_own in zip(ours["results"], theirs["results"], strict=True):
        assert mine == gx_own, mine["expectation_config"]["type"]
    assert {k: v for k, v in ours.items() if k != "meta"} == {k: v for k, v in theirs.items() if k != "meta"}
    assert {k: v for k, v in ours["meta"].items() if k not in VOLATILE_META} == {
        k: v for k, v in theirs["meta"].items() if k not in VOLATILE_META
    }
    markers = ours["meta"]["batch_markers"]
    assert markers.get("pandas_data_fingerprint") == theirs["meta"]["batch_markers"].get("pandas_data_fingerprint")


def _must_not_run(*_args: object) -> None:
    raise AssertionError("GX's own validator ran")


def test_every_emitted_expectation_on_the_sample_is_counted_by_polars() -> None:
    """The sample frame exercises only cases polars counts itself (none falls back to GX's validator)."""
    frame = frame_with_failures()
    assert all(outcome(frame, spec.expectation_type, spec.kwargs) is not None for spec in SPECS)


def test_a_dtype_polars_does_not_count_like_pandas_is_left_to_gx() -> None:
    """Uniqueness of a float column is left to GX (pandas and polars may disagree on equal floats)."""
    frame = pl.DataFrame({"share": [0.0, -0.0]})
    assert outcome(frame, "ExpectColumnValuesToBeUnique", {"column": "share"}) is None
