"""The shared vocabulary of the readers: roles, gaps, placeholders, chrome, infobox keys, table headers."""

from __future__ import annotations

import re

import pytest

from curator.parse.chrome import CHROME_LINE, TABLE_RULE
from curator.text.markup import without_citations
from curator.text.vocabulary import (
    AMBASSADOR_COLUMNS,
    fold,
    header_words,
    infobox_key,
    is_gap,
    is_placeholder,
    is_rank_heading,
    is_title_row,
    role_of,
)


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("Chargé d'Affaires", "chargé d'affaires"),
        ("charge d'affairs", "chargé d'affaires"),  # misspelt, unaccented
        ("Chargés d'affaires and ministers", "chargé d'affaires"),  # the first role named wins
        ("Resident Minister of the Republic of China", "minister resident"),
        ("Envoy Extraordinary and Minister Plenipotentiary", "envoy"),
        ("Ambassadors, 1952–present", "ambassador"),
        ("Consul-General", "consul general"),
        ("History", None),
    ],
)
def test_role_of(phrase: str, role: str | None) -> None:
    """A heading, cell or bracket names its head-of-mission role in any spelling the articles use."""
    assert role_of(phrase) == role


@pytest.mark.parametrize(
    ("heading", "rank"),
    [
        ("Envoy Extraordinary and Minister Plenipotentiary", True),
        ("Special Charge d'Affaires", True),
        ("Ambassadors, 1952–present", True),
        ("Ministers of the Republic (1912–1949)", True),
        ("List of heads of mission", True),
        ("History", False),
        ("See also", False),
    ],
)
def test_is_rank_heading(heading: str, rank: bool) -> None:
    """Rank headings are told from topical ones."""
    assert is_rank_heading(heading) is rank


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        ("No representation during Allied occupation of Japan (1945–1952)", True),
        ("No Swedish mission during the occupation", True),
        ("Suspension of relations", True),
        ("Closed following the Japanese surrender", True),
        ("Relations were broken off in 1941", True),
        ("Nobuhiko Ushiba, 1970–1973", False),  # 'No' inside a name is not a gap
        ("Noda Kenji", False),
    ],
)
def test_is_gap(text: str, gap: bool) -> None:
    """Gap and closure lines are recognised; names that begin like them are not."""
    assert is_gap(text) is gap


def test_title_rows_and_placeholders() -> None:
    """'Titled as ...' spans a table; dashes, dots, stars and N/A hold nothing, a name does."""
    assert is_title_row("Titled as Envoy Extraordinary and Minister Plenipotentiary")
    assert not is_title_row("Tatsuo Kawai")
    assert all(is_placeholder(cell) for cell in ("-", "—", ".", "*", "N/A", " ", "?"))
    assert not is_placeholder("Kenta Mori")


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("From Wikipedia, the free encyclopedia", True),
        ("From Wikipedia the free encyclopedia", True),
        ("Jump to: navigation, search", True),
        ("Jump to navigation Jump to search", True),
        ('Retrieved from "http://en.wikipedia.org/wiki/X"', True),
        ("Categories: Ambassadors of Japan | Lists", True),
        ("This article is issued from Wikipedia - version of the 8/14/2016.", True),
        ("*** Welcome to piglix ***", True),
        ("Japan and Peru established relations in 1873.", False),
        ("Contents of the treaty were published in 1874.", False),
    ],
)
def test_chrome_lines(line: str, chrome: bool) -> None:
    """Page chrome of older renderings is recognised as a whole line, never inside prose."""
    assert bool(re.search(CHROME_LINE, line)) is chrome


def test_markdown_rule_citations_and_folding() -> None:
    """`---|---|` is a table rule; citation markers drop out; names fold without diacritics or case."""
    assert re.match(TABLE_RULE, "---|---|---|")
    assert re.match(TABLE_RULE, "|:---|---:|")
    assert not re.match(TABLE_RULE, "1900 - 1905 | x |")
    assert without_citations("Sir Robert Clive [ citation needed ] 1934[12]") == "Sir Robert Clive  1934"
    assert fold("  Kōsai  UCHIDA ") == "kosai uchida"


@pytest.mark.parametrize(
    ("key", "meaning"),
    [
        ("Incumbent", "incumbent"),
        ("Incumbentsince", "incumbent_since"),
        ("Inaugural holder", "inaugural"),
        ("Envoy1", "envoy"),
        ("Envoytitle2", "envoy_title"),
        ("Mission2", "mission"),
        ("Party1", "party"),
        ("Formation", "formation"),
        ("Insigniacaption", "other"),
        ("Population", None),
    ],
)
def test_infobox_keys(key: str, meaning: str | None) -> None:
    """Infobox keys mean the same whatever their number, spacing or case."""
    assert infobox_key(key) == meaning


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("Name (English)", "name"),
        ("Head of mission", "name"),
        ("Name (Japanese)", "name_native"),
        ("Inaugural date", "start"),
        ("Credentials presented", "start"),
        ("Tenure ends", "end"),
        ("Left office", "end"),
        ("Period", "term"),
        ("Official position", "role"),
        ("British monarch", "ignore"),
        ("Reason for end of term", "note"),
    ],
)
def test_ambassador_table_header_words(cell: str, role: str) -> None:
    """Header cells of tables of heads of mission map to their column role in any wording."""
    assert AMBASSADOR_COLUMNS[header_words(cell)] == role
