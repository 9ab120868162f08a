"""The focal country (`--focal-country`, default Japan): whose relations the datasets hold."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from curator_cli import main_in_process
from sample_report import SCRIPT, sample_report

from curator.countries import focal_country_name
from curator.datasets import BuiltDatasets, build_datasets, document_context
from curator.documents import DecodedDocument, RawDocument, decode_document, load_batch
from curator.pipeline.plan import code_version
from curator.report.history import upgrade_report
from curator.report.report_html import render_report_html
from curator.report.view import report_view
from curator.stages import curate_in_process
from schemas import MODELS
from schemas.gates import GATES

# Fixture text written for these tests; the dates are those of the relations they name.
BILATERAL = """= Chile–South Korea relations =

Chile and South Korea established diplomatic relations on 18 April 1962.

== History ==
Japan opened an embassy in Santiago in 1897.
"""

KOREAN_LIST = """= List of ambassadors of South Korea to Chile =

== Ambassador ==
- Kim Min-jun, 1990–1993
- Lee Seo-yeon, 1993–1996
"""


def build(text: str, focal: str | None = None, name: str = "doc.txt") -> BuiltDatasets:
    raw = RawDocument(name, text.encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    loaded = load_batch([(decoded, raw)], [])
    return build_datasets(loaded) if focal is None else build_datasets(loaded, focal)


def events(built: BuiltDatasets) -> list[tuple[str, str, str, str]]:
    frame = built.frames["relation_events"]
    return frame.select("subject_country", "country", "event", "date_edtf").rows()


def test_a_bilateral_article_is_read_from_the_focal_countrys_side() -> None:
    """With South Korea as the focal country the Chile–South Korea start is read, written from Korea's side."""
    assert events(build(BILATERAL, "South Korea")) == [("South Korea", "Chile", "established", "1962-04-18")]


def test_the_default_focal_country_reads_no_relation_it_is_not_party_to() -> None:
    """Read for Japan (the default), the same article gives no relation start: Japan is not a party to it, and the
    sentence about Japan's embassy states no relation."""
    assert events(build(BILATERAL)) == []


@pytest.mark.parametrize(
    ("focal", "subject", "counterpart"),
    [("South Korea", "South Korea", "Chile"), ("Chile", "Chile", "South Korea"), ("Japan", "South Korea", "Chile")],
)
def test_an_ambassador_list_is_about_its_two_states_seen_from_the_focal_one(
    focal: str, subject: str, counterpart: str
) -> None:
    """A list of envoys between two states is about their relations: seen from the focal country when it is one of
    them, else from the sender's side. The people and their countries do not depend on it."""
    raw = RawDocument("list.txt", KOREAN_LIST.encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    loaded = load_batch([(decoded, raw)], [])
    context = document_context(loaded, focal)
    assert context.select("family", "subject", "counterpart").rows() == [("ambassador_list", subject, counterpart)]
    people = build_datasets(loaded, focal).frames["ambassadors"].filter(pl.col("entry_kind") == "person")
    assert people.select("name", "sending_country", "receiving_country").rows() == [
        ("Kim Min-jun", "South Korea", "Chile"),
        ("Lee Seo-yeon", "South Korea", "Chile"),
    ]


@pytest.mark.parametrize(
    ("given", "name"),
    [("Japan", "Japan"), ("  japan ", "Japan"), ("JPN", "Japan"), ("jp", "Japan"), ("KOR", "South Korea")],
)
def test_focal_country_names_resolve_to_one_spelling(given: str, name: str) -> None:
    assert focal_country_name(given) == name


@pytest.mark.parametrize("given", ["Atlantis", "Korea", "Soviet Union", "", "Japanese"])
def test_a_focal_country_that_is_no_state_is_refused(given: str) -> None:
    """Not a state (unknown, a state of the past, a non-state party, a demonym): refused with the name given."""
    with pytest.raises(ValueError, match=repr(given)):
        focal_country_name(given)


def test_the_cache_and_report_are_per_focal_country(tmp_path: Path) -> None:
    """Cached per-document results are only valid for the focal country they were read for: another one is another
    cache version, and a second run for it rereads every document; the report names the focal country."""
    assert code_version("Japan") != code_version("South Korea")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(BILATERAL, encoding="utf-8")
    (raw / "b.txt").write_text(KOREAN_LIST, encoding="utf-8")
    first = curate_in_process(raw, tmp_path / "out", MODELS, GATES)["report"]
    second = curate_in_process(raw, tmp_path / "out", MODELS, GATES, focal="South Korea")["report"]
    assert (first["focal_country"], second["focal_country"]) == ("Japan", "South Korea")
    assert second["documents"]["reparsed"] == 2
    assert first["datasets"]["relation_events"]["rows_in"] == 0
    events = pl.read_parquet(tmp_path / "out" / "relation_events.parquet")
    assert events.select("subject_country", "country", "date_edtf").rows() == [("South Korea", "Chile", "1962-04-18")]


def test_cli_refuses_an_unknown_focal_country_before_writing(tmp_path: Path) -> None:
    result = main_in_process("run", "--out", str(tmp_path / "out"), "--focal-country", "Atlantis")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2
    assert len(lines) == 1 and "--focal-country" in lines[0] and "'Atlantis'" in lines[0], result.stderr
    assert not (tmp_path / "out").exists()


def test_check_reads_for_the_focal_country_given(tmp_path: Path) -> None:
    document = tmp_path / "chile.txt"
    document.write_text(BILATERAL, encoding="utf-8")
    japan = main_in_process("check", str(document))
    korea = main_in_process("check", "--focal-country", "South Korea", str(document))
    assert "relation_events: 0 rows" in japan.stdout, japan.stdout
    assert "relation_events: 1 rows, 1 valid" in korea.stdout, korea.stdout


def test_the_html_report_names_the_focal_country_escaped() -> None:
    page = render_report_html(report_view({**sample_report(), "focal_country": "South Korea"}))
    assert "South Korea’s diplomatic relations" in page
    hostile = render_report_html(report_view({**sample_report(), "focal_country": SCRIPT}))
    assert SCRIPT not in hostile and "&lt;script&gt;" in hostile
    before_the_key = {k: v for k, v in sample_report().items() if k != "focal_country"}
    assert "Japan’s diplomatic relations" in render_report_html(report_view(upgrade_report(before_the_key)))
