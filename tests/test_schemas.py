"""Each Pandera contract rejects what it should, and the validation runner routes failures to quarantine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from curator.datasets import BuiltDatasets
from curator.pipeline.batch import build_all, load_documents
from curator.validation.quality import split_valid_rows
from schemas import MODELS

# Under pytest-xdist (make test): its module-scoped fixtures are built once, on one worker.
pytestmark = pytest.mark.xdist_group("schemas")

RAW = Path(__file__).resolve().parents[1] / "raw"


@pytest.fixture(scope="module")
def built() -> BuiltDatasets:
    return build_all(load_documents(RAW, sorted(p.name for p in RAW.iterdir())))


def with_first_row(frame: pl.DataFrame, **values: Any) -> pl.DataFrame:
    """The frame with its first row's columns replaced by `values` (keeping dtypes)."""
    index = pl.int_range(pl.len()) == 0
    return frame.with_columns(
        pl.when(index).then(pl.lit(value, dtype=frame.schema[column])).otherwise(pl.col(column)).alias(column)
        for column, value in values.items()
    )


@pytest.mark.parametrize(
    ("dataset", "change", "reason_start"),
    [
        ("relations", {"region": "Atlantis"}, "region: isin"),  # not a region
        ("relations", {"country_iso3": "jp"}, "country_iso3: str_matches"),  # not ISO alpha-3
        ("relations", {"country_source": "guess"}, "country_source: isin"),  # unknown recovery method
        # bounds out of order
        (
            "relations",
            {"established_earliest": dt.date(2000, 1, 2), "established_latest": dt.date(2000, 1, 1)},
            "row: established_earliest_not_after_latest",
        ),
        ("relations", {"established_precision": "week"}, "established_precision: isin"),  # invented precision
        ("relation_events", {"event": "party"}, "event: isin"),
        ("ambassadors", {"term_end_status": "retired"}, "term_end_status: isin"),
        ("ambassadors", {"term_start_year": 2020, "term_end_year": 2010}, "row: term_start_not_after_end"),
        ("ambassadors", {"role": "spy"}, "role: isin"),
        ("opinion_polls", {"positive": 101}, "positive: in_range"),
        ("opinion_polls", {"positive": 50}, "row: net_is_positive_minus_negative"),  # 50 + 75 + 3 != 100 too
        ("opinion_polls", {"poll": None}, "poll: not_nullable"),
        ("missions", {"mission_type": "castle"}, "mission_type: isin"),
        ("documents", {"sha256": "xyz"}, "sha256: str_matches"),
    ],
)
def test_schema_rejects(built: BuiltDatasets, dataset: str, change: dict[str, Any], reason_start: str) -> None:
    """A row that breaks its contract is quarantined with a reason naming the column and rule."""
    frame = with_first_row(built.frames[dataset], **change)
    validation = split_valid_rows(dataset, frame, MODELS[dataset])
    first_line = frame["source_line"][0]
    quarantined = validation.quarantined.filter(
        (pl.col("source_line") == first_line) & (pl.col("source_file") == frame["source_file"][0])
    )
    assert quarantined.height == 1
    assert any(reason.startswith(reason_start) for reason in quarantined["reasons"][0])


def test_sum_rule_catches_a_wrong_share(built: BuiltDatasets) -> None:
    """positive + negative + neutral far from 100 fails shares_sum_to_100."""
    frame = with_first_row(built.frames["opinion_polls"], neutral=40)
    validation = split_valid_rows("opinion_polls", frame, MODELS["opinion_polls"])
    assert "row: shares_sum_to_100" in validation.quarantined["reasons"][0].to_list()


def test_quarantine_keeps_values_as_text_and_provenance(built: BuiltDatasets) -> None:
    """A quarantined row keeps source_file/source_line typed and every other value as text."""
    frame = with_first_row(built.frames["opinion_polls"], positive=101)
    quarantined = split_valid_rows("opinion_polls", frame, MODELS["opinion_polls"]).quarantined
    assert quarantined.schema["source_line"] == pl.Int64
    assert quarantined.schema["positive"] == pl.String
    assert quarantined["positive"][0] == "101"
    assert quarantined.schema["reasons"] == pl.List(pl.String)


def test_real_datasets_pass_their_contracts_except_known_gaps(built: BuiltDatasets) -> None:
    """On raw/, only the unrecoverable relations (5), their events (5) and the blank state list (195) fail."""
    quarantined = {
        name: split_valid_rows(name, frame, MODELS[name]).rows_quarantined for name, frame in built.frames.items()
    }
    assert {name: n for name, n in quarantined.items() if n} == {
        "relations": 5,
        "relation_events": 5,
        "state_list": 195,
    }


_ADVERSARIAL: dict[type[pl.DataType], list[Any]] = {
    pl.String: [None, "", "zz-not-allowed", "0" * 64, "Japan", "missing", "ongoing", "day"],
    pl.Int64: [None, -(10**9), 0, 1, 999, 2101, 10**9],
    pl.Date: [None, dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(9999, 12, 31)],
    pl.Boolean: [None, True, False],
}


@pytest.mark.parametrize("dataset", sorted(MODELS))
def test_the_validation_shortcut_never_passes_a_failing_frame(built: BuiltDatasets, dataset: str) -> None:
    """Whatever one value of one row is changed to, a frame the shortcut passes is one Pandera finds nothing wrong
    with; on the unchanged frame both agree."""
    from pandera.errors import SchemaErrors

    from curator.validation.quality import passes_every_check

    model, frame = MODELS[dataset], built.frames[dataset]

    def pandera_passes(candidate: pl.DataFrame) -> bool:
        try:
            model.validate(candidate, lazy=True)
        except SchemaErrors:
            return False
        return True

    assert passes_every_check(frame, model) == pandera_passes(frame)
    if frame.is_empty():
        return
    candidates = [pl.concat([frame, frame.head(1)])]  # a repeated row
    candidates += [
        with_first_row(frame, **{column: value})
        for column, dtype in frame.schema.items()
        for value in _ADVERSARIAL.get(type(dtype), [None])
    ]
    for candidate in candidates:
        assert not passes_every_check(candidate, model) or pandera_passes(candidate)
