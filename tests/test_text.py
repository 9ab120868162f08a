"""The shared vocabulary (curator.text): every Python rule agrees with its polars twin, and the splitter's words."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.text.dashes import (
    MINUS_SIGNS,
    RANGE_DASHES,
    minus_signs_as_hyphen,
    minus_signs_as_hyphen_expr,
    range_dashes,
    range_dashes_expr,
)
from curator.text.markup import strip_markup, strip_markup_expr, strip_wiki_markup
from curator.text.sentences import ends_in_abbreviation, sentences
from curator.text.vocabulary import is_placeholder

# Text made of the characters the rules look at, so that markup, citations, dashes and spaces meet often.
_PIECES = st.sampled_from(
    [
        "<b>",
        "</b>",
        "<br/>",
        "<script>x</script>",
        "<style>p{}</style>",
        "**",
        "''",
        "'''",
        "[1]",
        "[ citation needed ]",
        "[edit]",
        "[a]",
        " ",
        "  ",
        "\t",
        "\x1c",
        "\u3000",
        "\n",
        "-",
        "–",
        "—",
        "−",
        "\u2010",
        "\u2212",
        "\ufe63",
        "1905",
        "Ann",
        "Example",
        "<",
        ">",
        "[",
        "]",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=12).map("".join)


def _polars(expr_of: object, values: list[str]) -> list[str | None]:
    frame = pl.DataFrame({"text": pl.Series(values, dtype=pl.String)})
    return frame.select(expr_of(pl.col("text")))["text"].to_list()  # type: ignore[operator]


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_strip_markup_expr_agrees_with_strip_markup(values: list[str]) -> None:
    """The polars markup stripper gives, value for value, what the Python one gives."""
    assert _polars(strip_markup_expr, values) == [strip_markup(value) for value in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_minus_signs_expr_agrees_with_translate(values: list[str]) -> None:
    """Minus signs and dashes read as '-' the same way in polars and in Python."""
    assert _polars(minus_signs_as_hyphen_expr, values) == [minus_signs_as_hyphen(value) for value in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_range_dashes_expr_agrees_with_translate(values: list[str]) -> None:
    """Hyphens and long dashes become the range dash the same way in polars and in Python."""
    assert _polars(range_dashes_expr, values) == [range_dashes(value) for value in values]


def test_every_dash_table_maps_only_dashes() -> None:
    """The dash tables map dash-like characters only (general category Pd or Sm), never letters or digits."""
    import unicodedata

    for table in (MINUS_SIGNS, RANGE_DASHES):
        assert all(unicodedata.category(chr(code)) in {"Pd", "Sm"} for code in table)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She arrived in Jan. 1905. He left.", ["She arrived in Jan. 1905.", "He left."]),  # month abbreviation
        ("The U.S. Embassy opened. It closed.", ["The U.S. Embassy opened.", "It closed."]),  # dotted abbreviation
        ("Envoy J. Example arrived. Then war.", ["Envoy J. Example arrived.", "Then war."]),  # an initial
        ("Relations began c. 1900. Trade followed.", ["Relations began c. 1900.", "Trade followed."]),  # circa
        ("Gen. Example signed. It held.", ["Gen. Example signed.", "It held."]),  # a rank
    ],
)
def test_sentences_do_not_end_at_an_abbreviation(text: str, expected: list[str]) -> None:
    """A full stop after an abbreviation or an initial does not end a sentence; other full stops do."""
    assert sentences(text) == expected


def test_ends_in_abbreviation_reads_the_tail_only() -> None:
    """An abbreviation counts only at the end of the text ('etc.' ends in one, 'etc. Then.' does not)."""
    assert ends_in_abbreviation("goods, tools etc.")
    assert not ends_in_abbreviation("goods, tools etc. Then it ended.")


@pytest.mark.parametrize("cell", ["-", "—", "―", ".", "*", "N/A", " ", "?", "??", "n.a.", "Unknown", "not known"])
def test_one_placeholder_vocabulary_for_cells_and_dates(cell: str) -> None:
    """A cell that stands for 'nothing here' is one to every reader: the table readers and the date reader."""
    from curator.dates import parse_fuzzy_date

    assert is_placeholder(cell)
    assert parse_fuzzy_date(cell) is None


def test_strip_wiki_markup_reads_links_entities_and_breaks() -> None:
    """A date cell's wiki link keeps its label, an entity is decoded, a `<br>` separates and a `<ref>` goes."""
    assert strip_wiki_markup("[[Meiji era|1868]]&nbsp;<br/>1870<ref>a source</ref>") == "1868\xa0; 1870 "
