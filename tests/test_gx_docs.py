"""Tests for the Great Expectations Data Docs built from suites generated out of Pandera models."""

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest

from curator.gx_docs import DATAFRAME, build_gx_data_docs, expectations_from_model, untranslated_checks


class Tiny(pa.DataFrameModel):
    """A three-column contract using a set check, a range check and a regex check."""

    country: str = pa.Field(nullable=False, isin=["JP", "KR", "US"])
    positive: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100})
    code: str = pa.Field(nullable=True, str_matches=r"^[A-Z]{3}$")


class TinyWithCustom(Tiny):
    """Tiny plus a dataframe-wide custom check, which has no GX counterpart."""

    @pa.dataframe_check
    @classmethod
    def code_or_positive(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("code").is_not_null() | pl.col("positive").is_not_null())


def good_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {"country": ["JP", "KR", "US"], "positive": [0, 100, None], "code": ["JPN", None, "USA"]},
        schema={"country": pl.String, "positive": pl.Int64, "code": pl.String},
    )


def test_generated_suite_has_one_expectation_per_translatable_rule() -> None:
    """Tiny translates to exist+not-null+in-set for country, exist+between for positive, exist+regex for code."""
    specs = expectations_from_model(Tiny)
    assert [(spec.expectation_type, spec.column) for spec in specs] == [
        ("ExpectColumnToExist", "country"),
        ("ExpectColumnValuesToNotBeNull", "country"),
        ("ExpectColumnValuesToBeInSet", "country"),
        ("ExpectColumnToExist", "positive"),
        ("ExpectColumnValuesToBeBetween", "positive"),
        ("ExpectColumnToExist", "code"),
        ("ExpectColumnValuesToMatchRegex", "code"),
    ]


def test_in_range_becomes_an_inclusive_between() -> None:
    """in_range(0, 100) becomes ExpectColumnValuesToBeBetween from 0 to 100 with both ends allowed."""
    [between] = [s for s in expectations_from_model(Tiny) if s.expectation_type == "ExpectColumnValuesToBeBetween"]
    assert dict(between.kwargs) == {
        "column": "positive",
        "min_value": 0,
        "max_value": 100,
        "strict_min": False,
        "strict_max": False,
    }


def test_model_without_custom_checks_has_nothing_untranslated() -> None:
    """Every check of Tiny has a GX counterpart."""
    assert untranslated_checks(Tiny) == []


def test_module_import_does_not_import_great_expectations() -> None:
    """Importing curator.gx_docs leaves great_expectations unimported."""
    code = "import sys, curator.gx_docs; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.gx
def test_conforming_frame_succeeds_and_writes_an_index_naming_the_suite(tmp_path: Path) -> None:
    """A frame that satisfies Tiny validates successfully and docs_dir/index.html links the suite named after it."""
    result = build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs")
    assert (result.success, result.docs_index) == (True, tmp_path / "docs" / "index.html")
    assert 'href="expectations/tiny.html"' in result.docs_index.read_text(encoding="utf-8")


@pytest.mark.gx
def test_each_violated_rule_counts_as_one_unsuccessful_expectation(tmp_path: Path) -> None:
    """One value out of range and one outside the set fail the run with exactly two unsuccessful expectations."""
    bad = good_frame().with_columns(
        pl.Series("positive", [101, 5, None], dtype=pl.Int64), pl.Series("country", ["JP", "XX", "US"])
    )
    result = build_gx_data_docs({"tiny": bad}, {"tiny": Tiny}, tmp_path / "docs")
    assert (result.success, result.per_dataset["tiny"]["unsuccessful_expectations"]) == (False, 2)


@pytest.mark.gx
def test_custom_dataframe_check_is_listed_as_untranslated(tmp_path: Path) -> None:
    """A @pa.dataframe_check is reported in `untranslated` under the dataset and the dataframe pseudo-column."""
    result = build_gx_data_docs({"tiny": good_frame()}, {"tiny": TinyWithCustom}, tmp_path / "docs")
    assert result.untranslated == [("tiny", DATAFRAME, "code_or_positive")]


@pytest.mark.gx
def test_building_the_docs_opens_no_network_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build_gx_data_docs never connects a socket."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs")
    assert attempts == []
