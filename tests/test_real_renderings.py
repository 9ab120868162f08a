"""Heads of mission in the renderings real pages come in (older HTML text, markdown and plain mirrors, kiwix and
kids' mirrors): mission pages, infoboxes glued or split by pipes, bulletless lists, `#` entries. Fixture lines are
invented; their shapes are those of the pages listed in benchmarks/extraction/real-renderings/README.md."""

from __future__ import annotations

import polars as pl
import pytest

from curator.datasets import BuiltDatasets, build_datasets
from curator.documents import DecodedDocument, RawDocument, decode_document, load_batch
from curator.readers.subject import title_parties

Envoy = tuple[str | None, int | None, int | None, str | None, str | None]


def build(text: str, name: str = "doc.txt") -> BuiltDatasets:
    """The datasets of one document given as text."""
    raw = RawDocument(name, text.encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    return build_datasets(load_batch([(decoded, raw)], []))


def envoys(text: str) -> list[Envoy]:
    """(name, start year, end year, sending country, receiving country) of the person entries, in order."""
    frame = build(text).frames["ambassadors"].filter(pl.col("entry_kind") == "person")
    return frame.select("name", "term_start_year", "term_end_year", "sending_country", "receiving_country").rows()


@pytest.mark.parametrize(
    ("title", "sender", "receiver"),
    [
        ("Embassy of Peru, Tokyo", "Peru", "Japan"),
        ("Embassy of the United States in Tokyo", "United States", "Japan"),
        ("British Embassy in Tokyo", "United Kingdom", "Japan"),
        ("Embassy of Japan in Peru", "Japan", "Peru"),
        # a consulate's city is no capital: the host is not guessed
        ("Consulate General of the United States, Sapporo", "United States", None),
    ],
)
def test_a_mission_title_names_who_sends_and_where(title: str, sender: str, receiver: str | None) -> None:
    """`Embassy of A, City`: A sends; the host is the state whose capital the city is, or the one named."""
    parties = title_parties(title)
    assert (parties.family, parties.sender, parties.receiver) == ("mission", sender, receiver)


@pytest.mark.parametrize("title", ["The embassy in Tokyo", "Embassy Row, Washington", "Peru–Japan relations"])
def test_a_title_that_names_no_sending_state_is_no_mission(title: str) -> None:
    assert title_parties(title).family != "mission"


def test_a_mirror_infobox_headed_by_the_mission_names_its_ambassador() -> None:
    """A markdown mirror's infobox (`Embassy of Peru, Tokyo | |`, `---|---|`) is the page's only title; its
    `Ambassador | Name (since 2019) |` row is the head of mission, with the year it gives."""
    text = (
        "Embassy of Peru, Tokyo | |\n---|---|\nLocation | Tokyo |\nAddress | 1-2-3 Example-cho, Tokyo |\n"
        "Opened | 1920 |\nAmbassador | Ann Example (since 2019) |\nWebsite | Official website |\n"
        "The embassy is Peru's mission in Japan.\n"
    )
    assert envoys(text) == [("Ann Example", 2019, None, "Peru", "Japan")]


@pytest.mark.parametrize(
    ("lines", "since"),
    [
        ("AmbassadorAnn Example\n(since 2019)\n", 2019),  # glued key, the date on a line of its own
        ("Ambassador Ann Example\n", None),  # key and value split by a space
        ("Ambassador:Ann Example, Democrat of Ohio\n", None),  # a colon, a description after the name
    ],
)
def test_an_older_rendering_s_glued_infobox_names_the_ambassador(lines: str, since: int | None) -> None:
    text = f"Embassy of Peru, Tokyo\n\nEmbassy of Peru, Tokyo\nLocationTokyo\n{lines}WebsiteOfficial website\n\n"
    text += "The embassy is Peru's mission in Japan, and it has been there for a long time now.\n"
    assert envoys(text) == [("Ann Example", since, None, "Peru", "Japan")]


def test_an_infobox_heading_that_names_the_post_is_no_person() -> None:
    """`Ambassador of Peru to Japan` over an infobox is the post's name, not the key `Ambassador` and a value."""
    text = (
        "Ambassador of Peru to Japan\nIncumbent\nAnn Example\nsince 1 March 2023\nFormation1905\n\n"
        "The ambassador heads Peru's embassy in Tokyo and is also accredited elsewhere.\n"
    )
    assert envoys(text) == [("Ann Example", 2023, None, "Peru", "Japan")]


def test_a_kids_mirror_s_infobox_rows_read_as_bare_lines_keep_no_pipes() -> None:
    """A kids' mirror breaks its infobox rows (`Incumbent` / `Ann Example since 24 April 2023 |`, `Inaugural holder |
    Sir Ben Example |`) and adds `facts for kids` to the title: the names keep no pipe and no date."""
    text = (
        "List of ambassadors of Peru to Japan facts for kids\nQuick facts for kids Ambassador of Peru to Japan |\n|\n"
        "---|---|\n|\nIncumbent\nAnn Example since 24 April 2023 |\n|\nStyle | His Excellency |\n"
        "Inaugural holder | Sir Ben Example |\nFormation | 17 August 1940 |\n"
        "The ambassador of Peru to Japan leads Peru's embassy in Tokyo.\n"
    )
    assert envoys(text) == [("Ann Example", 2023, None, "Peru", "Japan"), ("Ben Example", None, None, "Peru", "Japan")]


def test_a_plain_mirror_s_bulletless_list_under_its_heading_is_read() -> None:
    """`- Source: Title` opening a plain mirror is its title, and the bare entry lines right under a heading line
    are that heading's list."""
    text = (
        "- Source: List of envoys of Japan to Peru\n"
        "The list names the people who stood for Japan in Peru until the war.\n"
        "Japanese envoys to Peru\n"
        "Ann Example; from November 1875, Acting Consul\n"
        "Ben Example, appointed September 1880 to 1885\n"
        "Cy Example, acting consul-general from September 8, 1898 to 1902\n"
        "Later agents looked after Japanese interests there.\n"
    )
    assert envoys(text) == [
        ("Ann Example", 1875, None, "Japan", "Peru"),
        ("Ben Example", 1880, 1885, "Japan", "Peru"),
        ("Cy Example", 1898, 1902, "Japan", "Peru"),
    ]


def test_a_plain_mirror_s_prose_lines_with_years_are_no_list() -> None:
    """Short sentences with years under a short line stay prose: they read as no entry (no name before a comma)."""
    text = (
        "- Source: List of envoys of Japan to Peru\nHistory\nThe legation opened in 1875 in Lima.\n"
        "It closed again in 1881 for lack of funds.\n"
    )
    built = build(text)
    assert built.frames["ambassadors"].height == 0


def test_numbered_entries_written_with_hashes_are_entries_not_headings() -> None:
    """`# Name (Presented credentials, May 4, 1867-Left post, June 9, 1874)`: a numbered list's entry (a comma and
    then a year), not a markdown heading, so the page is not taken for a mirror and every entry is read."""
    text = (
        "United States Ambassador to Japan\n\nThe American envoy to Japan heads the embassy in Tokyo.\n\n"
        "Resident Ministers\n\n"
        "# Ann Example (Presented credentials, November 5, 1859-Presented recall, April 26, 1862)\n"
        "# Ben Example (Presented credentials, May 17, 1862-Left Japan, April 28, 1865)\n"
    )
    built = build(text)
    assert built.frames["documents"]["rendering"].to_list() == ["unknown"]
    people = built.frames["ambassadors"].filter(pl.col("entry_kind") == "person")
    assert people.select("name", "term_start_year", "term_end_year").rows() == [
        ("Ann Example", 1859, 1862),
        ("Ben Example", 1862, 1865),
    ]


@pytest.mark.parametrize(
    "row",
    [
        "Incumbent since 1 September 2024Ann Example | |",  # a mirror's row, the name glued to the date
        "Incumbent since 1 September 2024Ann Example",  # the same row as a bare line
    ],
)
def test_an_incumbent_glued_to_the_date_above_it_is_read_with_that_date(row: str) -> None:
    text = (
        "The ambassador of Peru to Japan represents Peru before the government of Japan.\n"
        f"Ambassador of Peru to Japan | |\n---|---|\n{row}\nSeat | Tokyo, Japan |\nFormation | 1871 |\n"
    )
    assert envoys(text) == [("Ann Example", 2024, None, "Peru", "Japan")]


def test_a_table_one_cell_per_line_under_a_header_one_name_per_line_keeps_rows_that_dropped_cells() -> None:
    """A mirror saved as text writes a table one cell per line, its header one column name per line, and drops the
    empty cells: three cells under five names still place (name, period, title), and no column name is a person."""
    text = (
        "List of ambassadors of Peru to Japan\nThe Peruvian ambassador represents Peru before the government.\n"
        "List of representatives\nName\nPeriod\nTitle\nAccreditation\nRef\n"
        "Ann Example\n1871–1872\nResident minister\nBen Example\n1872–1878\nResident minister\n"
    )
    assert envoys(text) == [("Ann Example", 1871, 1872, "Peru", "Japan"), ("Ben Example", 1872, 1878, "Peru", "Japan")]


def test_three_column_names_on_lines_of_their_own_over_prose_are_no_table() -> None:
    """Column names over lines that place as no row leave those lines as they are: nothing is read from them."""
    text = (
        "List of ambassadors of Peru to Japan\nName\nPeriod\nTitle\n"
        "The list was compiled from the records of the ministry, which were kept in Lima.\n"
    )
    assert envoys(text) == []
