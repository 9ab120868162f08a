"""Lists that lost their bullets read the same in every rendering (dump, older HTML text, markdown mirror, mobile):
runs of item lines in a section get the dump's `- ` back, and nothing else does. Fixture lines are invented."""

from __future__ import annotations

import polars as pl
import pytest

from curator.datasets import build_datasets
from curator.documents import DecodedDocument, RawDocument, decode_document, load_batch
from curator.parse import parse_batch, parse_document

# One list of envoys, its bullets lost, in each rendering's layout: term first and name last right under a rank
# heading, and date-first lines under an introductory sentence (a blank line between them).
_TERM_FIRST = ("1901–1905 Baron Ann Example", "1905–1908 Ben Example", "1908–1913 Cy Example")
_DATE_FIRST = ("30 January 2024: Dee Example", "11 November 2019: Eve Example", "April 2015: Fay Example")
_INTRO = "Dates are those of arrival in the capital."
_LISTS = [*_TERM_FIRST, "", _INTRO, "", *_DATE_FIRST]
_TITLE = "List of ambassadors of Peru to Japan"
RENDERED = {
    "dump": "\n".join([f"= {_TITLE} =", "", "== Envoys ==", *_LISTS]),
    "html_text": "\n".join([_TITLE, "From Wikipedia, the free encyclopedia", "", "Envoys", "[edit]", *_LISTS]),
    "html_text_suffix": "\n".join([_TITLE, "Jump to navigation Jump to search", "", "Envoys[edit]", *_LISTS]),
    # a mirror glues the `edit` mark to the line under the heading, here the list's first item
    "mirror_markdown": "\n".join([f"{_TITLE} explained", "", "Envoys", "edit" + _LISTS[0], *_LISTS[1:]]),
    "mirror_markdown_hashes": "\n".join([_TITLE, "", "## Envoys", *_LISTS, "", "a | b |"]),
    "mobile": "\n".join([_TITLE, "", "Envoys", "edit", *_LISTS]),
}


def _items(text: str) -> list[str]:
    return [item.text for item in parse_document(text + "\n", "doc.txt").items]


def _people(text: str) -> list[tuple[object, ...]]:
    raw = RawDocument("doc.txt", (text + "\n").encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    frame = build_datasets(load_batch([(decoded, raw)], [])).frames["ambassadors"]
    people = frame.filter(pl.col("entry_kind") == "person")
    return sorted(people.select("name", "term_start_year", "term_end_year", "receiving_country").rows(), key=repr)


@pytest.mark.parametrize("rendering", sorted(RENDERED))
def test_a_list_that_lost_its_bullets_is_a_list_in_every_rendering(rendering: str) -> None:
    """Term-first lines right under a heading and date-first lines under an introductory sentence are list items,
    whatever the rendering (the dump's `== Envoys ==`, an `[edit]` mark, a glued `edit`, a `##` heading)."""
    text = RENDERED[rendering] + "\n"
    detected = parse_batch([(text, "doc.txt")]).documents["rendering"][0]
    assert detected == rendering.removesuffix("_suffix").removesuffix("_hashes")
    assert _items(text) == [*_TERM_FIRST, *_DATE_FIRST]


def test_a_dump_list_that_lost_its_bullets_gives_the_envoys_every_rendering_gives() -> None:
    """The dump reads the envoys of a bulletless list, and each rendering of it reads exactly the same envoys (none
    read from a rendering that the dump does not give)."""
    dump = _people(RENDERED["dump"])
    assert [name for name, *_rest in dump] == [
        "Ann Example",
        "Ben Example",
        "Cy Example",
        "Dee Example",
        "Eve Example",
        "Fay Example",
    ]
    assert ("Ann Example", 1901, 1905, "Japan") in dump
    for rendering, text in RENDERED.items():
        assert _people(text) == dump, rendering


@pytest.mark.parametrize(
    "lines",
    [
        # numbered and indented items are read as what they are, never re-bulleted
        ("1. Ann Example (2008–2009)", "2. Ben Example (2010–2013)"),
        (" Ann Example (chargé d'affaires, 2006–2008)", " Ben Example, 2008–2010"),
        # sentences, and lines without a year, stay prose
        ("The legation opened in 1901. It closed in 1905.", "Trade grew after 1910."),
        ("Ann", "Bee"),
        # a space-split table's rows are cells, not items
        ("Period  Name", "1901–1905  Ann Example", "1905–1908  Ben Example"),
    ],
)
def test_lines_that_are_not_lost_items_are_left_as_they_are(lines: tuple[str, ...]) -> None:
    """Only runs of bare item lines become `- ` items: numbered or indented entries keep their own marker, prose and
    table rows are no items."""
    text = "\n".join(["= Ann–Bee relations =", "", "== Envoys ==", *lines])
    parsed = parse_document(text + "\n", "doc.txt")
    assert [item.text for item in parsed.items if item.kind == "bulleted"] == []


def test_two_lines_away_from_a_heading_and_lines_before_any_heading_stay_prose() -> None:
    """Two item-like lines under an introductory sentence (not right under the heading) are too little evidence of a
    list, and lines before the first heading (an infobox's values, the lead) are never a list."""
    text = "\n".join(
        [
            "= Ann–Bee relations =",
            "Incumbent Ann Example since 2021",
            "Formation 1901, Bee City",
            "",
            "== History ==",
            _INTRO,
            "",
            "In 1901 a legation opened",
            "In 1905 it became an embassy",
        ]
    )
    assert _items(text) == []
