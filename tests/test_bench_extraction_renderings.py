"""bench_extraction's rendering rows: facts compared without source lines, kept/lost/spurious as multisets."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_extraction import Extraction, Score  # noqa: E402
from bench_renderings import RenderingRow, fact_keys, pool_rows  # noqa: E402


def _extraction(rows: list[dict[str, object]]) -> Extraction:
    frame = pl.DataFrame(rows)
    return Extraction(frame, pl.DataFrame(), {}, {"ambassadors": frame})


def test_fact_keys_ignore_source_line_and_source_text() -> None:
    """The same person read from line 3 of a dump and line 9 of a rendering is one and the same fact."""
    dump = _extraction([{"source_file": "a.txt", "source_line": 3, "source_text": "- Ann, 1872", "name": "Ann"}])
    rendered = _extraction([{"source_file": "a.txt", "source_line": 9, "source_text": "• Ann, 1872", "name": "Ann"}])
    assert fact_keys(dump, {"a.txt"}) == fact_keys(rendered, {"a.txt"}) == Counter({("ambassadors", "a.txt", "Ann"): 1})


def test_fact_keys_keep_only_the_documents_asked_for() -> None:
    """Rows of a document that was not rendered are not facts of the comparison."""
    extraction = _extraction([{"source_file": "a.txt", "name": "Ann"}, {"source_file": "b.txt", "name": "Ben"}])
    assert fact_keys(extraction, {"b.txt"}) == Counter({("ambassadors", "b.txt", "Ben"): 1})


def test_a_wrong_value_is_one_lost_and_one_spurious_fact() -> None:
    """A role read wrongly from a rendering counts against both measures; a second copy of a fact is spurious."""
    dump = Counter({("ambassadors", "a.txt", "Ann", "envoy"): 1, ("ambassadors", "a.txt", "Ben", "envoy"): 1})
    facts = Counter({("ambassadors", "a.txt", "Ann", "ambassador"): 1, ("ambassadors", "a.txt", "Ben", "envoy"): 2})
    row = RenderingRow("mobile", 1, [], dump, facts, Counter())
    assert sum(row.kept.values()) == 1
    assert row.lost == Counter({("ambassadors", "a.txt", "Ann", "envoy"): 1})
    assert row.spurious == Counter(
        {("ambassadors", "a.txt", "Ann", "ambassador"): 1, ("ambassadors", "a.txt", "Ben", "envoy"): 1}
    )
    assert row.by_dataset() == {"ambassadors": (2, 1, 2)}


def test_pooled_seeds_sum_scores_and_keep_each_seeds_facts_apart() -> None:
    """Pooling two seeds sums tp and the fp/fn lists, and a fact kept under one seed does not cover the other."""
    fact = ("ambassadors", "a.txt", "Ann")
    kept = RenderingRow("html_text", 1, [Score("ambassadors", tp=1)], Counter({fact: 1}), Counter({fact: 1}), Counter())
    lost = RenderingRow(
        "html_text", 1, [Score("ambassadors", false_negatives=[fact])], Counter({fact: 1}), Counter(), Counter()
    )
    pooled = pool_rows("html_text", [kept, lost], [0, 1])
    assert (pooled.scores[0].tp, pooled.scores[0].fn) == (1, 1)
    assert pooled.kept == Counter({(*fact, "seed 0"): 1})
    assert pooled.lost == Counter({(*fact, "seed 1"): 1})
    assert pooled.by_dataset() == {"ambassadors": (2, 1, 0)}
