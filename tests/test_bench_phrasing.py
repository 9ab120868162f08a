"""The extraction benchmark's scores by phrasing family (benchmarks/bench_extraction.py, issue 18)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_extraction.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extraction_under_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def _events(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Curated relation events of Japan, one per row: source_file, country, event, year (and party_as_named)."""
    return pl.DataFrame(
        {
            "source_file": [r["source_file"] for r in rows],
            "subject_country": ["Japan"] * len(rows),
            "country": [r["country"] for r in rows],
            "party_as_named": [r.get("party_as_named") for r in rows],
            "event": [r["event"] for r in rows],
            "date_earliest": [date(r["year"], 1, 1) for r in rows],
        }
    )


def _extraction(bench: ModuleType, rows: list[dict[str, Any]]) -> Any:
    return bench.Extraction(ambassadors=pl.DataFrame(), relation_events=_events(rows), row_counts={})


def _row(rows: list[Any], family: str, measure: str) -> Any:
    return next(r for r in rows if r.family == family and r.measure == measure)


LABELS: dict[str, Any] = {
    "documents": {
        "soviet.txt": {
            "family": "bilateral",
            "phrasing": "past_state",
            "relation_starts": [
                {
                    "country": "Russia",
                    "year": 1925,
                    "event": "established",
                    "party_as_named": "Soviet Union",
                    "country_mapping": "successor",
                }
            ],
            "relation_events": [{"country": "Russia", "year": 1945, "event": "broken"}],
        },
        "greece.txt": {
            "family": "bilateral",
            "phrasing": "treaty",
            "relation_starts": [{"country": "Greece", "year": 1899, "event": "established"}],
            "relation_events": [{"country": "Greece", "year": 1960, "event": "upgraded"}],
        },
        "old.txt": {
            "family": "bilateral",
            "phrasing": "treaty",
            "relation_starts": [{"country": "Peru", "year": 1873, "event": "established"}],
        },
    }
}


def test_a_successor_found_under_its_modern_name_scores_in_starts_but_not_as_named(bench: ModuleType) -> None:
    """'Russia' for a start the text gives to the Soviet Union is right successor-aware, wrong as named."""
    extraction = _extraction(
        bench, [{"source_file": "soviet.txt", "country": "Russia", "event": "established", "year": 1925}]
    )
    _, rows = bench.score_by_phrasing(extraction, LABELS)
    assert (_row(rows, "past_state", "starts").score.tp, _row(rows, "past_state", "starts_as_named").score.tp) == (1, 0)


def test_the_state_as_named_comes_from_the_party_as_named_column(bench: ModuleType) -> None:
    """An output row naming 'the Soviet Union' in party_as_named matches the label's state as named."""
    extraction = _extraction(
        bench,
        [
            {
                "source_file": "soviet.txt",
                "country": "Russia",
                "party_as_named": "the Soviet Union",
                "event": "established",
                "year": 1925,
            }
        ],
    )
    _, rows = bench.score_by_phrasing(extraction, LABELS)
    assert _row(rows, "past_state", "starts_as_named").score.tp == 1


def test_an_unlabelled_break_is_a_false_positive_only_where_the_document_lists_its_events(bench: ModuleType) -> None:
    """A 'broken' event counts against a document with relation_events labels and is ignored in one without."""
    extraction = _extraction(
        bench,
        [
            {"source_file": "greece.txt", "country": "Greece", "event": "broken", "year": 1941},
            {"source_file": "old.txt", "country": "Peru", "event": "broken", "year": 1941},
        ],
    )
    _, rows = bench.score_by_phrasing(extraction, LABELS)
    assert _row(rows, "treaty", "events").score.false_positives == [("greece.txt", "GRC", 1941, "broken")]


def test_an_event_must_match_its_kind_as_well_as_country_and_year(bench: ModuleType) -> None:
    """An upgrade reported as 'established' is a miss for the events measure."""
    extraction = _extraction(
        bench, [{"source_file": "greece.txt", "country": "Greece", "event": "established", "year": 1960}]
    )
    _, rows = bench.score_by_phrasing(extraction, LABELS)
    assert ("greece.txt", "GRC", 1960, "upgraded") in _row(rows, "treaty", "events").score.false_negatives


def test_documents_are_grouped_by_phrasing_else_by_document_family(bench: ModuleType) -> None:
    """Labels without `phrasing` fall back to the document `family`."""
    without_phrasing = {
        "documents": {
            name: {k: v for k, v in doc.items() if k != "phrasing"} for name, doc in LABELS["documents"].items()
        }
    }
    assert (bench.phrasing_groups(LABELS)[0], sorted(bench.phrasing_groups(without_phrasing)[1])) == (
        "phrasing",
        ["bilateral"],
    )


def test_a_family_with_nothing_reported_has_no_precision(bench: ModuleType) -> None:
    """Precision is None, not 0, when a family has no output at all."""
    _, rows = bench.score_by_phrasing(_extraction(bench, []), LABELS)
    assert _row(rows, "treaty", "starts").precision is None
