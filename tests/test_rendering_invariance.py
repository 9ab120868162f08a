"""The facts read from every rendering of the labelled dump documents equal those read from the dump: at least 95%
kept and no fact that the dump does not give (benchmarks/renderings.py writes the renderings)."""

from __future__ import annotations

import sys
from collections import Counter
from functools import cache
from pathlib import Path

import polars as pl
import pytest

REPO = Path(__file__).resolve().parents[1]
EXTRACTION = REPO / "benchmarks" / "extraction"
# The development corpus and the older held-out one (no longer held out), whose dump documents hold other shapes.
CORPORA = {"corpus": EXTRACTION / "corpus", "heldout": EXTRACTION / "heldout" / "corpus"}
sys.path.insert(0, str(REPO / "benchmarks"))

import renderings  # noqa: E402

from curator.pipeline.batch import build_all, load_documents, validate_all  # noqa: E402
from curator.storage.raw import discover_raw  # noqa: E402
from schemas import MODELS  # noqa: E402
from schemas.gates import GATES  # noqa: E402

START_EVENTS = ("established", "re_established", "recognized", "recognized_de_facto", "recognized_de_jure")
SEED = 0

Fact = tuple[object, ...]


def _facts(corpus: Path) -> Counter[Fact]:
    """Ambassadors (file, name, start and end year, both countries) and relation starts (file, country, year,
    event) curated from `corpus`; no line numbers, so a fact reads the same in every rendering."""
    loaded = load_documents(corpus, list(discover_raw(corpus).files))
    curated = validate_all(build_all(loaded), MODELS, GATES)
    people = curated["ambassadors"].curated.filter(pl.col("entry_kind") == "person")
    starts = curated["relation_events"].curated.filter(pl.col("event").is_in(START_EVENTS))
    return Counter(
        [
            *people.select(
                "source_file", "name", "term_start_year", "term_end_year", "sending_country", "receiving_country"
            ).rows(),
            *starts.select("source_file", "country", pl.col("date_earliest").dt.year(), "event").rows(),
        ]
    )


@cache
def _dump_dir(tmp: Path, corpus: str) -> Path:
    dump = tmp / "dump"
    dump.mkdir()
    for path in sorted(CORPORA[corpus].iterdir()):
        text = path.read_text(encoding="utf-8")
        if renderings.is_dump(text):
            (dump / path.name).write_text(text, encoding="utf-8")
    return dump


@pytest.fixture(scope="module", params=sorted(CORPORA))
def dump_facts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Counter[Fact]]:
    dump = _dump_dir(tmp_path_factory.mktemp(f"renderings-{request.param}"), request.param)
    return dump, _facts(dump)


@pytest.mark.parametrize(
    "rendering",
    ["html_text", "mirror_markdown", "mobile"],
)
def test_every_rendering_keeps_the_dumps_facts(
    rendering: str, dump_facts: tuple[Path, Counter[Fact]], tmp_path: Path
) -> None:
    """A rendering of the dump documents gives at least 95% of the dump's facts and no fact the dump does not."""
    dump, expected = dump_facts
    renderings.render_corpus(dump, tmp_path, (rendering,), SEED)
    found = _facts(tmp_path / rendering)
    kept = sum((found & expected).values())
    spurious = found - expected
    assert not spurious, f"facts the dump does not give: {sorted(spurious, key=repr)[:5]}"
    assert kept >= 0.95 * sum(expected.values()), f"kept {kept} of {sum(expected.values())}"
