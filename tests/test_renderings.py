"""Renderings (dump, older HTML text, markdown mirror, mobile) are told apart by their lines and normalised into the
dump's layout, every block keeping the 1-based lines of the original file. Fixture lines are invented."""

from __future__ import annotations

import polars as pl
import pytest

from curator.parse import parse_batch, parse_document
from curator.parse.renderings.cells import place_row
from curator.text.vocabulary import split_glued_header


def _rendering(text: str) -> str:
    return str(parse_batch([(text, "doc.txt")]).documents["rendering"][0])


@pytest.mark.parametrize(
    ("text", "rendering"),
    [
        ("= Ann–Bee relations =\n\nText.\n", "dump"),  # a `= Title =` first line
        ("Ann–Bee relations\nFrom Wikipedia, the free encyclopedia\nHistory\n[edit]\nText.\n", "html_text"),
        ("Ann–Bee relations\n\nName | Term |\n---|---|\nAnn Example | 1901 |\n", "mirror_markdown"),
        ("Ann–Bee relations\n\nHistory\nedit\nText.\n", "mobile"),  # a bare `edit` line
        # a header of glued column names, though its only `edit` mark is glued as a mirror's is
        ("Ann–Bee relations\n\nHistory\neditText.\n\nCountryFormal relations beganNotes\nCee\n1901\n", "mobile"),
        ("Ann–Bee relations\n\nHistory\neditText.\n", "mirror_markdown"),  # the same without that header
        ("Ann–Bee relations\n\nText without any layout.\n", "unknown"),
    ],
)
def test_rendering_is_told_by_the_documents_own_lines(text: str, rendering: str) -> None:
    """Each rendering is recognised by layout evidence in the text, and a document with none is `unknown`."""
    assert _rendering(text) == rendering


def test_a_dump_document_is_read_unchanged() -> None:
    """The dump normaliser is the identity: a dump document's lines are read exactly as before renderings."""
    text = "= Ann–Bee relations =\n\n== History ==\n- Ann Example, 1901–1903\n| Name | Term |\n| Ann | 1901 |\n"
    parsed = parse_document(text, "doc.txt")
    assert [s.title for s in parsed.sections] == ["History"]
    assert parsed.tables[0].header == ("Name", "Term")
    assert parsed.items[0].text == "Ann Example, 1901–1903"


def test_a_bare_edit_line_after_a_heading_keeps_the_list_under_it() -> None:
    """Mobile: `History` over a bare `edit` line is a heading, and the `• ` items under it are its list."""
    text = "List of envoys of Ann to Bee\n\nEnvoys\nedit\n• Ann Example, 1901–1903\n• Ben Example, 1903–1905\n"
    parsed = parse_document(text, "doc.txt")
    assert [(s.title, s.line) for s in parsed.sections] == [("Envoys", 3)]
    assert [(item.line, item.text, item.section) for item in parsed.items] == [
        (5, "Ann Example, 1901–1903", 0),
        (6, "Ben Example, 1903–1905", 0),
    ]


def test_edit_glued_to_the_paragraph_under_a_heading_is_a_mark() -> None:
    """Mobile: `editThe legation opened ...` under a heading is the mark and the paragraph, not a word 'editThe'."""
    text = "Ann–Bee relations\n\nHistory\nedit\nLegation\neditThe legation opened in 1901.\n"
    parsed = parse_document(text, "doc.txt")
    assert [s.title for s in parsed.sections] == ["History", "Legation"]
    assert parsed.paragraphs == ((6, "The legation opened in 1901."),)


def test_a_mobile_poll_table_is_rebuilt_from_one_cell_per_line() -> None:
    """Mobile: under a glued header, cells one per line become rows; `3-53` is 3 and -53 because two number columns
    follow, and each row cites its first line."""
    text = (
        "Ann–Bee relations\n\nPolls\nedit\nCountry polledPositiveNegativeNeutralPos − Neg\n"
        "Ann\n22\n75\n3-53\nBee\n39\n36\n25\n3\n\nText after.\n"
    )
    parsed = parse_document(text, "doc.txt")
    table = parsed.tables[0]
    assert table.header == ("Country polled", "Positive", "Negative", "Neutral", "Pos − Neg")
    assert table.header_line == 5
    assert [(row.line, row.cells) for row in table.rows] == [
        (6, ("Ann", "22", "75", "3", "-53")),
        (10, ("Bee", "39", "36", "25", "3")),
    ]
    assert parsed.paragraphs == ((16, "Text after."),)


def test_glued_numbers_are_split_only_when_two_number_columns_follow() -> None:
    """`6-86` under a header with one column left is not split (the row does not place), with two it is."""
    assert place_row(["Ann", "22", "6-86"], ["Country", "Positive", "Net"]) is None
    assert place_row(["Ann", "22", "6-86"], ["Country", "Positive", "Negative", "Net"]) == (
        ["Ann", "22", "6", "-86"],
        False,
    )


def test_a_glued_header_must_be_made_of_known_column_names() -> None:
    """`NameAppointmentLeft office` splits into known headers; a sentence with a glued capital does not."""
    assert split_glued_header("NameAppointmentLeft office") == ["Name", "Appointment", "Left office"]
    assert split_glued_header("Name (English)Name (Chinese)Tenure beginsTenure ends") == [
        "Name (English)",
        "Name (Chinese)",
        "Tenure begins",
        "Tenure ends",
    ]
    assert split_glued_header("McDonald visited Tokyo") is None


def test_a_mirror_row_without_its_image_cell_is_realigned_and_says_so() -> None:
    """Mirror: under `editName | Portrait | Term begin | Term end |`, a row lacking the image cell gets it back
    empty, so its dates sit under Term begin and Term end, and the line carries a note (a finding later)."""
    text = (
        "List of envoys of Ann to Bee explained\n\nEnvoys\neditName | Portrait | Term begin | Term end |\n"
        "---|---|---|---|\nAnn Example | May 1872 | 1874 |\n"
    )
    batch = parse_batch([(text, "doc.txt")])
    parsed = batch.document(0)
    assert parsed.title == "List of envoys of Ann to Bee"
    assert parsed.sections[0].title == "Envoys"
    table = parsed.tables[0]
    assert table.header == ("Name", "Portrait", "Term begin", "Term end")
    assert [(row.line, row.cells) for row in table.rows] == [(6, ("Ann Example", "", "May 1872", "1874"))]
    notes = batch.lines.filter(pl.col("note").is_not_null())
    assert notes.select("line").to_series().to_list() == [6]
    assert "realigned" in notes["note"][0]


def test_mirror_chrome_and_hash_headings() -> None:
    """Mirror: `- Source: Title` is chrome, not a list item; `## History` is a level-2 heading."""
    text = "Ann–Bee relations\n\n## History\nThe legation opened in 1901.\n\n- Source: Ann–Bee relations\n"
    batch = parse_batch([(text, "doc.txt")])
    parsed = batch.document(0)
    assert [(s.title, s.level) for s in parsed.sections] == [("History", 2)]
    assert parsed.items == ()
    assert batch.lines.filter(pl.col("line") == 6)["kind"][0] == "chrome"


def test_html_text_tab_table_is_a_table() -> None:
    """HTML text: lines whose cells are split by tabs are a table, empty cells kept in their columns."""
    text = "Ann–Bee relations\nFrom Wikipedia, the free encyclopedia\n\nName\tStart\tEnd\nAnn Example\t\t1903\n"
    parsed = parse_document(text, "doc.txt")
    assert parsed.tables[0].header == ("Name", "Start", "End")
    assert parsed.tables[0].rows[0].cells == ("Ann Example", "", "1903")


def test_html_text_space_table_term_first_name_last() -> None:
    """HTML text: `Period  Name` over `1883–1885  Ann Example [4]` is a table, the term under Period and the name
    under Name."""
    text = (
        "List of envoys of Ann to Bee\nJump to navigation Jump to search\n\nEnvoys\n[edit]\nPeriod  Name\n"
        "1883–1885  Ann Example [4]\n1885–1890   Ben Example\n"
    )
    parsed = parse_document(text, "doc.txt")
    assert parsed.title == "List of envoys of Ann to Bee"
    table = parsed.tables[0]
    assert table.header == ("Period", "Name")
    assert [(row.line, row.cells) for row in table.rows] == [
        (7, ("1883–1885", "Ann Example [4]")),
        (8, ("1885–1890", "Ben Example")),
    ]


def test_a_space_row_read_two_ways_ends_the_table_and_stays_as_written() -> None:
    """HTML text: a row whose cells fit the columns in two ways (one date, two date columns) is never guessed: the
    table ends before it, and it and the rows after it stay prose lines."""
    text = (
        "Envoys of Ann to Bee\n[edit]\n\nName  Term begins  Term ends\nAnn Example  1901  1903\nBen Example  1905\n"
        "Cy Example  1907  1909\n"
    )
    parsed = parse_document(text, "doc.txt")
    assert [(row.line, row.cells) for table in parsed.tables for row in table.rows] == [
        (5, ("Ann Example", "1901", "1903"))
    ]


def test_a_space_table_whose_first_row_is_read_two_ways_is_left_as_prose() -> None:
    """HTML text: when not even the first row places, no table is made."""
    text = "Envoys of Ann to Bee\n[edit]\n\nName  Term begins  Term ends\nBen Example  1905\nAnn Example  1901  1903\n"
    assert parse_document(text, "doc.txt").tables == ()


def test_chrome_before_the_title_does_not_lose_the_title() -> None:
    """HTML text: `Jump to content` above the title line is chrome; the title is the next line."""
    text = "Jump to content\nAnn–Bee relations\nFrom Wikipedia, the free encyclopedia\n\nText.\n"
    parsed = parse_document(text, "doc.txt")
    assert (parsed.title, parsed.title_line) == ("Ann–Bee relations", 2)


def test_a_mirror_row_with_a_blank_first_cell_keeps_it() -> None:
    """Mirror: ` | 1962 | See Ann–Bee relations |` has a blank first cell (markdown rows open without a pipe), so
    the date stays under the second header cell."""
    text = (
        "Ann relations\n\nCountry | Formal relations began | Notes |\n---|---|---|\n | 1962 | See Ann–Bee relations |\n"
    )
    parsed = parse_document(text, "doc.txt")
    assert parsed.tables[0].rows[0].cells == ("", "1962", "See Ann–Bee relations")


def test_a_sub_header_row_is_never_a_person() -> None:
    """`| Start Date | PoC. | End Date |` inside a table of envoys repeats column names: it is no one's entry."""
    from curator.datasets import build_datasets
    from curator.documents import DecodedDocument, RawDocument, load_batch

    text = (
        "= List of ambassadors of Japan to Peru =\n\n== Ambassadors ==\n| Name | Start | End |\n"
        "| Start Date | PoC. | End Date |\n| Ann Example | 1901 | 1903 |\n"
    )
    raw = RawDocument("doc.txt", text.encode())
    decoded = DecodedDocument("doc.txt", text, raw.sha256, len(raw.content), False, False)
    built = build_datasets(load_batch([(decoded, raw)], []))
    people = built.frames["ambassadors"].filter(pl.col("entry_kind") == "person")
    assert people["name"].to_list() == ["Ann Example"]


def test_a_column_name_left_on_a_line_of_its_own_is_never_a_person() -> None:
    """Mobile: a table header broken over lines leaves ` Tenure ` as an indented line under a rank heading; it is a
    heading entry, not a person called 'Tenure'."""
    from curator.readers.ambassadors import _entry

    assert _entry(" Tenure ")["entry_kind"] == "heading"
    assert _entry("Ann Example, 1901–1903")["entry_kind"] == "person"


@pytest.mark.parametrize(
    ("text", "name", "term", "notes"),
    [
        # a start only, the role after it
        (
            "Ann Example; from November 1875, Acting Consul",
            "Ann Example",
            "November 1875",
            "from November 1875, Acting Consul",
        ),
        # phases of one person: one row from the first start to the last end, the phases in notes
        (
            "Cy Example; consul from May 1890; consul-general from June 1891 to 1892",
            "Cy Example",
            "May 1890 – 1892",
            "consul from May 1890; consul-general from June 1891 to 1892",
        ),
    ],
)
def test_list_entries_in_phases_split_by_semicolons(text: str, name: str, term: str, notes: str) -> None:
    """Lists without bullets: `Name; phase; phase` is one person whose term spans the phases."""
    from curator.readers.entries import parse_entry

    entry = parse_entry(text)
    assert (entry["entry_kind"], entry["name"], entry["term_text"], entry["notes"]) == ("person", name, term, notes)


def test_semicolon_parts_without_dates_are_not_phases() -> None:
    """`Dee Example; minister; attaché` has parts without a date: it is not read as phases of a term (never guessed)."""
    from curator.readers.entries import _phased_entry

    assert _phased_entry("Dee Example; minister; attaché") is None
    assert _phased_entry("Dee Example; minister from 1901") is not None


def test_a_mirror_sub_header_with_collapsed_cells_still_refines_the_whole_header() -> None:
    """Mirror: `Tenure begins | Tenure ends |  |` (its empty trailing cells collapsed) refines `Tenure` and keeps the
    later columns, so the native-name column is still read."""
    from curator.readers.ambassador_tables import _sub_header

    header = ["Tenure", "", "Name", "Name (Japanese)", "Note"]
    assert _sub_header(header, ["Tenure begins", "Tenure ends", ""]) == [
        "Tenure begins",
        "Tenure ends",
        "Name",
        "Name (Japanese)",
        "Note",
    ]


def test_a_list_intro_glued_to_an_edit_mark_still_says_how_to_read_the_dates() -> None:
    """Mobile: `editDates are those of arrival ...` over a list is the intro, so a single date starts an open term."""
    from curator.datasets import build_datasets
    from curator.documents import DecodedDocument, RawDocument, load_batch

    text = (
        "List of ambassadors of Japan to Peru\n\nAmbassadors\neditDates are those of arrival in Lima.\n\n"
        "• 25 December 2001: Ann Example\n• 3 May 1998: Ben Example\n\nHistory\nedit\nText.\n"
    )
    raw = RawDocument("doc.txt", text.encode())
    decoded = DecodedDocument("doc.txt", text, raw.sha256, len(raw.content), False, False)
    people = build_datasets(load_batch([(decoded, raw)], [])).frames["ambassadors"]
    assert people.select("name", "term_start_year", "term_end_year").rows() == [
        ("Ann Example", 2001, None),
        ("Ben Example", 1998, None),
    ]


def test_a_mirror_row_without_its_image_cell_and_its_empty_trailing_cells_is_realigned() -> None:
    """Mirror: a row two cells short of `Name | Image | Period | Title | Ref |` (no image cell, its empty trailing
    cell collapsed) gets the image cell back, so its term stays under Period and its rank under Title."""
    text = (
        "List of envoys of Ann to Bee\n\nEnvoys\neditName | Image | Period | Title | Ref |\n---|---|---|---|---|\n"
        "Ann Example | 1871–1872 | Resident minister |\nBen Example | 1890–1896 | Envoy | [2] |\n"
    )
    batch = parse_batch([(text, "doc.txt")])
    rows = batch.document(0).tables[0].rows
    assert [(row.line, row.cells[:4]) for row in rows] == [
        (6, ("Ann Example", "", "1871–1872", "Resident minister")),
        (7, ("Ben Example", "", "1890–1896", "Envoy")),
    ]
    assert batch.lines.filter(pl.col("note").is_not_null())["line"].to_list() == [6, 7]


def test_a_notes_cell_of_a_short_space_row_goes_to_the_column_that_holds_its_shape() -> None:
    """HTML text: `See Cee–Bee relations` alone on a row goes under Notes, whose full rows all start with `See`,
    never under Country (where a text cell would otherwise fit)."""
    text = (
        "Foreign relations of Bee\n[edit]\n\nCountry  Formal relations began  Notes\n"
        "Ann  1922  See Ann–Bee relations\nDee  1963  See Bee–Dee relations\nSee Cee–Bee relations\n"
    )
    rows = parse_document(text, "doc.txt").tables[0].rows
    assert [(row.line, row.cells) for row in rows][-1] == (7, ("", "", "See Cee–Bee relations"))


def test_html_text_lines_under_a_heading_that_read_as_items_are_a_list() -> None:
    """HTML text: lines right under `Envoys[edit]` that each hold a year and no sentence are list items (their
    bullets were lost); the space-split table under the next heading stays a table, not items."""
    text = (
        "List of envoys of Ann to Bee\nJump to navigation Jump to search\n\nEnvoys[edit]\n"
        "Ann Example, 1870–1872\nBen Example, appointed September 1880 to 1885\n\nLater envoys\n[edit]\n"
        "Period  Name\n1901–1905  Cy Example\n1905–1910  Dee Example\n"
    )
    parsed = parse_document(text, "doc.txt")
    assert [(item.line, item.text) for item in parsed.items] == [
        (5, "Ann Example, 1870–1872"),
        (6, "Ben Example, appointed September 1880 to 1885"),
    ]
    assert parsed.tables[0].header == ("Period", "Name")


def test_html_text_prose_under_a_heading_is_not_a_list() -> None:
    """HTML text: two lines under a heading that are sentences (or hold no year) stay paragraphs."""
    text = (
        "Ann–Bee relations\n\nHistory[edit]\nThe legation opened in 1901. It closed in 1905.\n"
        "Trade grew after 1910.\n\nSee also[edit]\nAnn\nBee\n"
    )
    assert parse_document(text, "doc.txt").items == ()


def test_a_line_without_tabs_between_tab_rows_is_a_spanning_row() -> None:
    """HTML text: `Titled as Ambassador` between two tab-split rows is a one-cell row of that table, so the table
    is not cut in two."""
    text = (
        "List of envoys of Ann to Bee\n\nEnvoys[edit]\nStart\tEnd\tName\n1870\t1874\tAnn Example\n"
        "Titled as Ambassador\n1906\t1907\tBen Example\n"
    )
    tables = parse_document(text, "doc.txt").tables
    assert len(tables) == 1
    assert [row.cells[0] for row in tables[0].rows] == ["1870", "Titled as Ambassador", "1906"]


def test_an_unknown_infobox_entry_reads_the_same_as_a_list_item_and_as_a_table_row() -> None:
    """`- Flagvariant: 1918` and the mirror's `Flagvariant | 1918 |` give the same unknown entry: key Flagvariant,
    value 1918."""
    from curator.readers.infobox import _key_value_columns, _table_entry_columns

    item = _key_value_columns("Flagvariant: 1918")
    row = _table_entry_columns(["Flagvariant", "1918"])
    assert (item["key"], item["field"], item["value"]) == ("Flagvariant", "unknown", "1918")
    assert (row["key"], row["field"], row["value"]) == (item["key"], item["field"], item["value"])


@pytest.mark.parametrize(
    ("cells", "placed"),
    [
        # a cross-reference is a note: under Notes, never under Country, though a text cell would fit there
        (["See Foreign relations of Cee"], ["", "", "See Foreign relations of Cee"]),
        # words that are no name stay out of the Country column: the row cannot be placed
        (["No date given"], None),
        (["Ann does not recognise Bee."], None),
        # a country whose name has a lower-case word is still a name
        (["Trinidad and Tobago"], ["Trinidad and Tobago", "", ""]),
    ],
)
def test_a_short_row_is_placed_by_what_its_cells_are(cells: list[str], placed: list[str] | None) -> None:
    """A row that lost cells is put under `Country | Formal relations began | Notes` by what each cell is, or not
    at all."""
    result = place_row(cells, ["Country", "Formal relations began", "Notes"])
    assert (result[0] if result else None) == placed


def test_a_mobile_state_list_under_a_glued_hash_header_is_a_table() -> None:
    """Mobile: `#CountryDate` over one cell per line is the `# | Country | Date` table, one row per number."""
    text = (
        "Foreign relations of Ann\n\nDiplomatic relations\nedit\n#CountryDate\n1\nBee\n24 August 1991\n2\nCee\n"
        "26 August 1991\n"
    )
    table = parse_document(text, "doc.txt").tables[0]
    assert table.header == ("#", "Country", "Date")
    assert [(row.line, row.cells) for row in table.rows] == [
        (6, ("1", "Bee", "24 August 1991")),
        (9, ("2", "Cee", "26 August 1991")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # mobile: one cell per line under a glued header
        'Ann–Bee relations\n\nPolls\nedit\n• style="background:#f99;"|Results of 2017 Cee poll\n'
        "Country polledPositiveNegative\nAnn\n22\n75\n",
        # html_text: a space-split table, a markup line after its rows
        'Ann–Bee relations\nJump to content\n\n  • style="background:#f99;"|Results of 2017 Cee poll\n'
        'Country polled  Positive  Negative\nAnn  22  75\n<div style="font-size: 90%">\n',
    ],
)
def test_a_bulleted_poll_caption_names_the_poll_and_a_markup_line_is_no_row(text: str) -> None:
    """`• style="..."|Results of 2017 Cee poll` is the table's caption (as the dump's `- style=...|` is), and the
    table has only its one row (a `<div ...>` line is never a row)."""
    table = parse_document(text, "doc.txt").tables[0]
    assert table.caption == "Results of 2017 Cee poll"
    assert [row.cells for row in table.rows] == [("Ann", "22", "75")]
