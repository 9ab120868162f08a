"""Parser facts read off the five raw documents, edge cases, and the every-line-in-one-block property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.documents import RawDocument, Rejection, decode_document, read_document
from curator.parse import ParsedDocument, parse_document, split_cells

RAW = Path(__file__).resolve().parents[1] / "raw"


def parsed(name: str) -> ParsedDocument:
    result = read_document(RawDocument(name, (RAW / name).read_bytes()))
    assert isinstance(result, ParsedDocument)
    return result


def assert_every_line_in_one_block(doc: ParsedDocument) -> None:
    covered = [line for block in doc.blocks for line in range(block.start_line, block.end_line + 1)]
    assert covered == list(range(1, doc.line_count + 1))


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("000_f68905f39f9d6f28.txt", "Georgia–Japan relations"),  # line 1: `= Georgia–Japan relations =`
        ("001_d85be5eb45d2c744.txt", "Foreign relations of Japan"),  # line 1
        ("002_a7ed35b76953de2c.txt", None),  # no `= =` title; line 1 is a long sentence, not a title
        ("003_596ab5fbdaf8f755.txt", "Germany and Japan: Bilateral relations"),  # line 1 reads as a title
        ("004_92378c41a9349cf8.txt", "Japan–Latvia relations"),  # line 1
    ],
)
def test_title_of_each_document(name: str, title: str | None) -> None:
    """Each document's title is its `= Title =` line or a first line that reads as a title, else null."""
    assert parsed(name).title == title


def test_foreign_relations_has_eight_tables_and_327_rows() -> None:
    """001 has 8 pipe tables: 18 + 7 poll rows, 195 state-list rows and 107 relations rows (327 in all)."""
    doc = parsed("001_d85be5eb45d2c744.txt")
    assert [len(t.rows) for t in doc.tables] == [18, 195, 11, 16, 7, 34, 41, 5]
    assert sum(len(t.rows) for t in doc.tables) == 327
    assert doc.tables[0].header == ("Country polled", "Positive", "Negative", "Neutral", "Pos − Neg")
    assert doc.tables[1].header == ("#", "Country", "Date")


def test_poll_tables_keep_their_wiki_markup_captions() -> None:
    """The `- style=...|Results of ... poll` lines and the lines under them caption the next table."""
    doc = parsed("001_d85be5eb45d2c744.txt")
    captions = {t.header_line: (t.caption, t.caption_line) for t in doc.tables if t.caption}
    assert captions == {
        7: ("Results of 2017 BBC World Service poll Views of Japan's influence by country (sorted by pos − neg)", 3),
        308: (
            "Results of 2013 Pew Research Center poll Asia/Pacific views of Japan by country (sorted by fav − unfav)",
            304,
        ),
    }


def test_cells_are_trimmed_and_blank_flag_cells_stay_blank() -> None:
    """Line 285 of 001 is `| | 3 February 1898 | See Argentina–Japan relations |`: three trimmed cells."""
    doc = parsed("001_d85be5eb45d2c744.txt")
    row = next(r for t in doc.tables for r in t.rows if r.line == 285)
    assert row.cells == ("", "3 February 1898", "See Argentina–Japan relations")
    assert not row.ragged


def test_georgia_document_has_16_ambassador_entries_in_two_lists() -> None:
    """000 lines 32-36 and 40-50: 5 + 11 entries, the first unnumbered and indented."""
    doc = parsed("000_f68905f39f9d6f28.txt")
    entries = [item for item in doc.items if item.line <= 50]
    assert len(entries) == 16
    assert {item.list_index for item in entries} == {0, 1}
    assert (entries[0].kind, entries[0].number, entries[0].text) == (
        "indented",
        None,
        "David Nozadze (chargé d'affaires, 2006-2008)",
    )
    assert (entries[3].number, entries[3].text) == (3, "Levan Tsintsadze (2014-?)")
    assert doc.section_path(entries[5].section) == ("Diplomatic mission", "Japanese Ambassadors to Georgia")


def test_bilateral_tables_sit_under_their_region_sections() -> None:
    """The Asia relations table (line 332) sits under Asia > South Asia, the Oceania one under Oceania."""
    doc = parsed("001_d85be5eb45d2c744.txt")
    by_line = {t.header_line: doc.section_path(t.section) for t in doc.tables}
    assert by_line[332] == ("Bilateral relations", "Asia", "South Asia")
    assert by_line[425] == ("Bilateral relations", "Oceania")


def test_markup_residue_is_recorded_not_read_as_text() -> None:
    """`<div style="font-size: 90%">` on lines 26 and 303 of 001 is residue, not a paragraph."""
    doc = parsed("001_d85be5eb45d2c744.txt")
    assert {26, 303} <= set(doc.residue_lines)
    assert all(line not in (26, 303) for line, _ in doc.paragraphs)


@pytest.mark.parametrize("name", sorted(p.name for p in RAW.iterdir()))
def test_every_line_of_each_raw_document_is_in_exactly_one_block(name: str) -> None:
    """No line of a raw document vanishes or is counted twice."""
    assert_every_line_in_one_block(parsed(name))


@pytest.mark.parametrize(
    ("text", "level", "title"),
    [
        ("==History==", 2, "History"),  # no spaces
        ("=== Links", 3, "Links"),  # unterminated
        ("== Trade ==  ", 2, "Trade"),  # trailing spaces
    ],
)
def test_headings_are_tolerant(text: str, level: int, title: str) -> None:
    """Headings without spaces or closing `=` still open a section of the right level."""
    doc = parse_document(f"= T =\n{text}\nbody\n", "t.txt")
    assert (doc.sections[0].level, doc.sections[0].title) == (level, title)


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| a | b |", ("a", "b")),  # ordinary row
        ("|a|b", ("a", "b")),  # no closing pipe
        ("|", ("",)),  # a lone pipe is one empty cell
        ("||||", ("", "", "")),  # empty cells between delimiters
    ],
)
def test_split_cells(line: str, cells: tuple[str, ...]) -> None:
    """Outer pipes delimit; inner pipes separate trimmed cells."""
    assert split_cells(line) == cells


def test_ragged_rows_are_kept_and_flagged() -> None:
    """A row with fewer or more cells than the header is kept and marked ragged."""
    doc = parse_document("| a | b |\n| 1 |\n| 1 | 2 | 3 |\n| 1 | 2 |\n", "t.txt")
    assert [(r.cells, r.ragged) for r in doc.tables[0].rows] == [
        (("1",), True),
        (("1", "2", "3"), True),
        (("1", "2"), False),
    ]


def test_bom_and_crlf_parse_exactly_like_a_clean_file() -> None:
    """A UTF-8 BOM and CRLF line ends change nothing the parser reports."""
    clean = (RAW / "000_f68905f39f9d6f28.txt").read_bytes()
    messy = b"\xef\xbb\xbf" + clean.replace(b"\n", b"\r\n")
    a = read_document(RawDocument("x.txt", clean))
    b = read_document(RawDocument("x.txt", messy))
    assert isinstance(a, ParsedDocument) and isinstance(b, ParsedDocument)
    assert (a.title, a.sections, a.items, a.blocks) == (b.title, b.sections, b.items, b.blocks)


@pytest.mark.parametrize(
    ("content", "reason_start"),
    [
        (b"abc\n\x00\x01binary", "binary content: control byte 0x00 at line 2, column 1"),
        (b"caf\xe9\n", "not UTF-8: byte 0xe9 at line 1, column 4"),
    ],
)
def test_undecodable_files_are_rejected_with_line(content: bytes, reason_start: str) -> None:
    """Binary or non-UTF-8 bytes give a rejection naming the line, never an exception."""
    result = decode_document(RawDocument("bad.txt", content))
    assert isinstance(result, Rejection)
    assert result.reason.startswith(reason_start)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=|-*#. \t\nab1<>/\"'\r")) | st.characters(), max_size=400))
def test_parser_never_raises_and_covers_every_line(text: str) -> None:
    """On arbitrary text the parser never raises and assigns every line to exactly one block."""
    assert_every_line_in_one_block(parse_document(text, "fuzz.txt"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_reading_arbitrary_bytes_never_raises(content: bytes) -> None:
    """Arbitrary bytes give a parsed document or a rejection with a reason."""
    result = read_document(RawDocument("fuzz.bin", content))
    if isinstance(result, Rejection):
        assert result.reason
    else:
        assert_every_line_in_one_block(result)
