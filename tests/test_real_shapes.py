"""Golden tests for the shapes real articles use (issue 9): every fixture line is written here, facts may be real."""

from __future__ import annotations

import itertools
import random
import re
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.datasets import BuiltDatasets, build_datasets
from curator.documents import DecodedDocument, RawDocument, decode_document, load_batch
from curator.parse import parse_document
from curator.pipeline.batch import validate_all
from curator.readers.ambassador_tables import read_space_row
from curator.readers.entries import parse_entry
from curator.readers.parties import counterparts
from curator.readers.prose import read_paragraph
from curator.readers.relation_phrases import ANAPHORA, COORDINATED, PREDICATES, STATEMENT_WORDS
from curator.readers.subject import title_from_lead, title_parties
from schemas import MODELS
from schemas.gates import GATES

REPO = Path(__file__).resolve().parents[1]


def build(text: str, name: str = "doc.txt") -> BuiltDatasets:
    """The datasets of one document given as text."""
    raw = RawDocument(name, text.encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    return build_datasets(load_batch([(decoded, raw)], []))


def people(built: BuiltDatasets) -> list[tuple[str | None, int | None, int | None]]:
    """(name, start year, end year) of the person entries, in order."""
    frame = built.frames["ambassadors"].filter(pl.col("entry_kind") == "person")
    return frame.select("name", "term_start_year", "term_end_year").rows()


def starts(built: BuiltDatasets) -> list[tuple[str, str, str]]:
    """(country, event, edtf) of the relation events, in order."""
    return built.frames["relation_events"].select("country", "event", "date_edtf").rows()


# --- 1. list articles: countries from the title, roles from rank headings ---------------------------------------

LIST_ARTICLE = """= List of ambassadors of Japan to Peru =

== Envoy Extraordinary and Minister Plenipotentiary ==
- Kenta Morishima, 1881–1886
- , 1886–1889

== Ministers of the Republic (1912–1949) ==
- Ichiro Tanabe, 1913 (chargé d'affaires)

== Ambassador ==
- Viscount Hideo Tanabe, 1896–1899 (1st time)
- No representation during the occupation (1945–1952)
- Aiko Nishimura, 2024
"""


@pytest.mark.parametrize(
    ("title", "sender", "receiver"),
    [
        ("List of ambassadors of Japan to Peru", "Japan", "Peru"),  # the usual form
        ("Ambassadors of Mexico to Japan", "Mexico", "Japan"),  # without 'List of'
        ("Heads of mission of Sweden to Japan", "Sweden", "Japan"),
        ("List of Japanese ministers, envoys and ambassadors to Germany", "Japan", "Germany"),  # demonym, word list
        ("British Ambassador to Japan", "United Kingdom", "Japan"),  # 'A ambassador to B'
        ("List of ambassadors of the United States to Japan (2)", "United States", "Japan"),  # decoration
    ],
)
def test_list_article_titles_name_sender_and_receiver(title: str, sender: str, receiver: str) -> None:
    """A list article's title names who sends and who receives, in every form the family uses."""
    parties = title_parties(title)
    assert (parties.family, parties.sender, parties.receiver) == ("ambassador_list", sender, receiver)


def test_list_article_entries_take_countries_from_the_title_and_roles_from_rank_headings() -> None:
    """Bullets under rank headings are heads of mission of the title's countries; the heading is the role."""
    built = build(LIST_ARTICLE)
    rows = built.frames["ambassadors"].filter(pl.col("entry_kind") == "person")
    assert (set(rows["sending_country"]), set(rows["receiving_country"])) == ({"Japan"}, {"Peru"})
    first = rows.row(0, named=True)
    assert (first["name"], first["role"], first["term_start_year"], first["term_end_year"]) == (
        "Kenta Morishima",
        "envoy",
        1881,
        1886,
    )


def test_a_year_range_in_a_heading_is_not_a_tenure() -> None:
    """'Ministers of the Republic (1912–1949)' gives no entry 1912–1949; its entry keeps its own single year."""
    assert (1912, 1949) not in [(start, end) for _name, start, end in people(build(LIST_ARTICLE))]
    assert ("Ichiro Tanabe", 1913, 1913) in people(build(LIST_ARTICLE))


def test_a_gap_line_and_a_missing_name_are_told_apart() -> None:
    """', 1886–1889' is a person whose name is missing; 'No representation ...' is a gap, never a person."""
    frame = build(LIST_ARTICLE).frames["ambassadors"]
    missing = frame.filter(pl.col("source_line") == 5).row(0, named=True)
    gap = frame.filter(pl.col("source_line") == 12).row(0, named=True)
    assert (missing["entry_kind"], missing["name"], missing["term_start_year"]) == ("person", None, 1886)
    assert (gap["entry_kind"], gap["name"], gap["term_start_year"]) == ("gap", None, None)


# --- 2. bullets ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # comma before the term
        ("Kenta Morishima, 1870–1872", {"name": "Kenta Morishima", "term_text": "1870–1872"}),
        # native script in brackets
        ("Chao Wen-Po (趙文博), 1884–1887", {"name": "Chao Wen-Po", "name_native": "趙文博", "term_text": "1884–1887"}),
        # a full stop instead of a comma; an initial inside the name is not one
        ("Liu Chen-Hai. 1907–1911", {"name": "Liu Chen-Hai", "term_text": "1907–1911"}),
        ("Shinsuke J. Sugiyama, 2018–2021", {"name": "Shinsuke J. Sugiyama", "term_text": "2018–2021"}),
        # single year, role in brackets, also misspelt
        ("Sun Kuo-Wei, 1915 (chargé d'affaires)", {"name": "Sun Kuo-Wei", "role": "chargé d'affaires"}),
        ("Tang Ming-Li, 1917-1918 (charge d'affairs)", {"role": "chargé d'affaires", "term_text": "1917-1918"}),
        # honorific and a free-text note
        ("Baron Kogorō Takahira, 1900–1906 (1st time)", {"honorific": "Baron", "notes": "1st time"}),
        ("Kichisaburō Nomura, 1941–1944 (in office when the war broke out)", {"resident_in": None}),
        # name missing
        (", 1873–1874", {"name": None, "term_text": "1873–1874"}),
        # the role and an appointment date: a start, not a one-day term
        ("T. Moriyama, appointed chargé d'affaires, 3 May 1889[2]", {"role": "chargé d'affaires", "start_only": True}),
        # the term first, the name last
        ("March 1932 - August 1932 Honjō Shigeru", {"name": "Honjō Shigeru", "term_text": "March 1932 - August 1932"}),
        # credential dates inside the brackets
        (
            "Amos Fairchild (Presented credentials, March 2, 1871-Left post, June 9, 1874)",
            {"name": "Amos Fairchild", "term_text": "March 2, 1871 – June 9, 1874"},
        ),
        # a footnote under the list is not an entry
        ("Depew was named during a recess of the Senate but declined and never served.", {"entry_kind": "note"}),
    ],
)
def test_bullet_shapes(text: str, expected: dict[str, object]) -> None:
    """Each bullet shape of real lists puts every part in its own column."""
    entry = parse_entry(text)
    assert {key: entry[key] for key in expected} == expected


def test_current_holder_named_in_the_lead_keeps_an_open_term() -> None:
    """'- Aiko Nishimura, 2024' is the present envoy when the lead says so: ongoing from 2024, said by prose."""
    text = LIST_ARTICLE.replace("\n\n== Envoy", "\nThe present envoy, Aiko Nishimura, arrived in 2024.\n\n== Envoy", 1)
    row = build(text).frames["ambassadors"].filter(pl.col("name") == "Aiko Nishimura").row(0, named=True)
    assert (row["term_start_year"], row["term_end_year"], row["term_end_status"]) == (2024, None, "ongoing")
    assert row["term_end_status_source"] == "prose"


def test_without_evidence_a_single_year_is_a_one_year_term() -> None:
    """'- Aiko Nishimura, 2024' with nothing calling her current is the year 2024, start and end."""
    assert ("Aiko Nishimura", 2024, 2024) in people(build(LIST_ARTICLE))


GAP_LINES = (
    "No representation during the occupation",
    "No representation, 1894-1898",
    "Suspension of relations",
    "Closed following the surrender",
    "No Swedish mission during the occupation",
    "Relations were broken off",
    "Vacant",
)
GAP_YEARS = ("", " (1941–1946)", ", 1945–1952", " 1941")


def test_a_gap_or_closure_line_never_becomes_a_person() -> None:
    """Whatever years follow, under either bullet, a gap or closure line in an ambassador list is a gap, never a
    person: every combination (56), each in a list of its own after a person, in one document."""
    lines = ["= List of ambassadors of Japan to Peru =", ""]
    gaps: dict[int, str] = {}
    for marker, line, years in itertools.product("-*", GAP_LINES, GAP_YEARS):
        lines += ["== Ambassador ==", f"{marker} Kenta Mori, 1952–1955", f"{marker} {line}{years}", ""]
        gaps[len(lines) - 1] = lines[-2]  # its 1-based line number
    frame = build("\n".join(lines)).frames["ambassadors"]
    kinds = dict(zip(frame["source_line"], frame["entry_kind"], strict=True))
    assert {gaps[number]: kinds.get(number) for number in gaps} == dict.fromkeys(gaps.values(), "gap")
    assert frame.filter(pl.col("entry_kind") == "person")["name"].to_list() == ["Kenta Mori"] * len(gaps)


# --- 3. ambassador tables --------------------------------------------------------------------------------------------

TABLE_ARTICLE = """= List of ambassadors of Japan to Peru =

== List ==
| Tenure | | Name | Name (Japanese) | Note |
| Tenure begins | Tenure ends | | | |
| Titled as Chargé d'affaires and Minister resident | | | | |
| 1870 | 1874 | Sameshima Naonobu | 鮫島 尚信 | resident in Paris |
| 1874 | 1879 | Aoki Shūzō | 青木 周蔵 | 1st time |
| Titled as Envoy Extraordinary and Minister Plenipotentiary | | | | |
| 1880 | 1885 | Aoki Shūzō | 青木 周蔵 | 2nd time |
| January 19, 1946 | Closed following the surrender | | | |
| 1952 | - | . | - | |
"""


def test_two_row_header_table_reads_each_row_as_a_term() -> None:
    """A second header row, spanning rank rows and a closure row are not people; the same person twice is two."""
    built = build(TABLE_ARTICLE)
    assert people(built) == [
        ("Sameshima Naonobu", 1870, 1874),
        ("Aoki Shūzō", 1874, 1879),
        ("Aoki Shūzō", 1880, 1885),
        (None, 1952, None),  # placeholder cells: the name stays null, the start is kept
    ]
    kinds = built.frames["ambassadors"]["entry_kind"].to_list()
    assert kinds == ["heading", "heading", "person", "person", "heading", "person", "gap", "person"]


def test_native_name_column_and_rank_rows_fill_name_native_and_role() -> None:
    """'Name (Japanese)' fills name_native; a 'Titled as ...' row is the role of the rows below it."""
    rows = build(TABLE_ARTICLE).frames["ambassadors"].filter(pl.col("entry_kind") == "person")
    assert rows.select("name_native", "role").rows()[:3] == [
        ("鮫島 尚信", "chargé d'affaires"),
        ("青木 周蔵", "chargé d'affaires"),
        ("青木 周蔵", "envoy"),
    ]


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        # inaugural date only: a start and an unknown end
        (
            "| Inaugural date | Official position | Name |",
            "| May 3, 1882 | Minister resident | Kenta Mori |",
            ("Kenta Mori", 1882, None, "unknown"),
        ),
        # several start columns: the earliest; N/A and blank cells are nothing
        (
            "| Name | Appointment | Arrival | Credentials presented | Left office | |",
            "| Kenji Omura | | June 2, 1983 | June 9, 1983 | May 1986 | |",
            ("Kenji Omura", 1983, 1986, "ended"),
        ),
        # head of mission with head-of-state columns that are not people
        (
            "| Head of mission | Tenure begins | Tenure ends | British monarch | Japanese emperor |",
            "| Sir Walter Pennington[4] | 1884 | 1887 | Queen Victoria | |",
            ("Walter Pennington", 1884, 1887, "ended"),
        ),
        # one period column
        ("| Name | Period | Title |", "| Karl Holm | 1909–1914 | Envoy |", ("Karl Holm", 1909, 1914, "ended")),
    ],
)
def test_ambassador_table_layouts(header: str, row: str, expected: tuple[object, ...]) -> None:
    """Columns in any order and wording give the name, the start, the end and its status."""
    frame = build(f"= List of ambassadors of Japan to Peru =\n\n{header}\n{row}\n").frames["ambassadors"]
    got = frame.filter(pl.col("entry_kind") == "person").row(0, named=True)
    assert (got["name"], got["term_start_year"], got["term_end_year"], got["term_end_status"]) == expected


def test_a_declined_appointment_with_every_date_not_applicable_is_not_a_person() -> None:
    """`| Chauncey Depew* | N/A | * | N/A |`: every tenure cell says not applicable; the row is a note."""
    text = (
        "= List of ambassadors of the United States to Japan =\n"
        "\n"
        "| Name | Presented credentials | Reason for end of term | Date of end of term |\n"
        "| Chauncey Depew* | N/A | * | N/A |\n"
    )
    assert build(text).frames["ambassadors"]["entry_kind"].to_list() == ["note"]


# --- 4. infoboxes ----------------------------------------------------------------------------------------------------

BILATERAL = """= Japan–Mexico relations =

Infobox
- Party1: Japan
- Party2: Mexico
- Envoytitle2: Ambassador of Mexico to Japan
- Envoy2: , Melba Pría, (since 1 March 2021)
- Mission1: Embassy of Japan, Mexico City
- Mission2: Embassy,, Tokyo
- Filetype: svg
"""


def test_infobox_lines_are_kept_and_name_an_envoy_and_a_mission() -> None:
    """Every infobox line is an infobox row; Envoy2 is Mexico's ambassador since 2021 and Mission1 Japan's embassy."""
    built = build(BILATERAL)
    assert built.frames["infobox"]["field"].to_list() == [
        "party", "party", "envoy_title", "envoy", "mission", "mission", "other",
    ]  # fmt: skip
    envoy = built.frames["ambassadors"].row(0, named=True)
    assert (envoy["source"], envoy["name"], envoy["sending_country"], envoy["receiving_country"]) == (
        "infobox",
        "Melba Pría",
        "Mexico",
        "Japan",
    )
    assert (envoy["term_start_year"], envoy["term_end_status"]) == (2021, "ongoing")
    mission = built.frames["missions"].filter(pl.col("source") == "infobox").row(0, named=True)
    assert (mission["country"], mission["mission_type"], mission["city"], mission["host_country"]) == (
        "Japan",
        "embassy",
        "Mexico City",
        "Mexico",
    )


def test_an_infobox_incumbent_already_listed_is_not_a_second_entry() -> None:
    """The incumbent who is also the last list entry stays one person; the infobox makes that entry current."""
    text = (
        "= List of ambassadors of Sweden to Japan =\n"
        "\n"
        "Infobox\n"
        "- Incumbent: Viktoria Li\n"
        "- Incumbentsince: 1 September 2024\n"
        "- Formation: 1871\n"
        "\n"
        "== List ==\n"
        "- Widar Bagge, 1937–1945\n"
        "- Viktoria Li, 2024\n"
    )
    built = build(text)
    assert people(built) == [("Widar Bagge", 1937, 1945), ("Viktoria Li", 2024, None)]
    current = built.frames["ambassadors"].filter(pl.col("name") == "Viktoria Li").row(0, named=True)
    assert (current["term_end_status"], current["term_end_status_source"]) == ("ongoing", "infobox")


def test_a_markdown_table_infobox_is_read_as_an_infobox() -> None:
    """`Incumbent | Name |` rows under a `---|---|` rule are infobox lines, not an unknown table."""
    text = (
        "List of ambassadors of the United Kingdom to Japan\n"
        "British Ambassador to Japan | |\n"
        "---|---|\n"
        "Incumbent | Julia Longbottom |\n"
        "since March 2021 | |\n"
        "Formation | 1905 |\n"
    )
    built = build(text)
    assert built.frames["infobox"]["field"].to_list() == ["incumbent", "incumbent_since", "formation"]
    assert built.unrecognized_tables == []
    assert people(built) == [("Julia Longbottom", 2021, None)]


def test_formation_year_is_never_anyones_term() -> None:
    """'Inaugural: Name' with 'Formation: 1871' gives the inaugural holder without years."""
    text = (
        "= List of ambassadors of Sweden to Japan =\n"
        "\n"
        "Infobox\n"
        "- Inaugural: Frederik van der Hoeven\n"
        "- Formation: 1871\n"
    )
    assert people(build(text)) == [("Frederik van der Hoeven", None, None)]


# --- 5. relation starts in prose ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Diplomatic relations were established on 15 May 1952.", [("established", "1952-05-15")]),
        (
            "Japan and Freedonia opened formal diplomatic relations in 1888 by signing a treaty.",
            [("established", "1888")],
        ),
        ("Freedonia broke off relations with Japan in December 1941.", [("broken", "1941-12")]),
        ("The two countries restored relations in 1952, once the treaty took effect.", [("re_established", "1952")]),
        ("Japan recognised Freedonia de jure on 26 January 1921.", [("recognized_de_jure", "1921-01-26")]),
        ("Japan has maintained relations with Freedonia since 1922.", [("established", "1922")]),
        ("Relations between the two formally began on 2 June 1869.", [("established", "1869-06-02")]),
        ("In 1921 Freedonia established diplomatic relations with Japan.", [("established", "1921")]),
        (
            "Japan re-recognised Freedonia de facto on 6 September 1991, and a month later relations were "
            "re-established on 10 October 1991.",
            [("recognized_de_facto", "1991-09-06"), ("re_established", "1991-10-10")],
        ),
    ],
)
def test_prose_relation_starts(sentence: str, found: list[tuple[str, str]]) -> None:
    """A sentence that says relations began, were recognised, broken or restored gives that event and its date."""
    assert [(s.event, s.date.edtf) for s in read_paragraph(sentence)] == found


@pytest.mark.parametrize(
    "sentence",
    [
        "Prime Minister Kenta Mori visited Freedonia in July 2014.",  # a visit
        "Freedonia declared war on Japan on 25 January 1942.",  # a war
        "In 2022 Japan sold goods worth 1.4 trillion yen to Freedonia.",  # trade
        "The first Freedonian traders reached Nagasaki in 1609.",  # a first contact
        "Before relations were opened, a trading ship called at Nagasaki in 1870.",  # before the start
        "Both sides hoped for the establishment of diplomatic relations in 1874.",  # a hope
        "The legation in Bangkok was raised to an embassy in 1957.",  # a mission raised
        "Relations date back to the 6th century.",  # a century
        "Japan established a de facto embassy, the Interchange Association, in December 1972.",  # not relations
    ],
)
def test_a_sentence_about_a_visit_or_war_yields_no_relation_start(sentence: str) -> None:
    """Distractor years (visits, wars, trade, first contacts, hopes, missions, centuries) are not relation events."""
    built = build(f"= Japan–Mexico relations =\n\n{sentence}\n")
    assert built.frames["relation_events"].is_empty()


@pytest.mark.parametrize("pattern", [*PREDICATES, ANAPHORA, COORDINATED], ids=lambda pattern: pattern.pattern[:40])
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_every_statement_holds_a_statement_word(pattern: re.Pattern[str], data: st.DataObject) -> None:
    """Any text a statement predicate matches holds one of the word stems the paragraph prefilter looks for."""
    text = data.draw(st.from_regex(pattern))
    assert pl.Series([text]).str.contains(STATEMENT_WORDS).item()


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan and Freedonia establıshed diplomatic relations in 1950.",  # dotless i: Python's IGNORECASE folds it
        "Japan and Freedonia ESTABLİSHED diplomatic relations in 1950.",  # dotted capital I, likewise
        "Japan and Freedonia eſtablished diplomatic relations in 1950.",  # long s
    ],
)
def test_a_statement_in_folded_letters_passes_the_prefilter(sentence: str) -> None:
    """A statement the sentence reader accepts through Unicode case folding is not dropped by the prefilter."""
    assert read_paragraph(sentence)
    assert starts(build(f"= Japan–Mexico relations =\n\n{sentence}\n")) == [("Mexico", "established", "1950")]


@pytest.mark.parametrize(
    ("sentence", "title", "countries"),
    [
        ("The two countries restored relations in 1952.", "Japan–Mexico relations", ["Mexico"]),  # the title's
        ("Japan recognised Estonia, Latvia and Lithuania de jure on 26 January 1921.", "Foreign relations of Japan",
         ["Estonia", "Latvia", "Lithuania"]),  # a coordinated list
        ("Latvia and Iceland established relations in 1991.", "Foreign relations of Latvia", []),  # not Japan's
        ("Relations with Japan were established in 1921.", "Foreign relations of Latvia", ["Latvia"]),  # the subject
        ("Spain established relations with Mexico in 1836.", "Japan–Mexico relations", []),  # two others
    ],
)  # fmt: skip
def test_the_counterpart_of_a_statement(sentence: str, title: str, countries: list[str]) -> None:
    """The other state of a statement is the one it names, else the title's; never a pair without Japan."""
    parties = title_parties(title)
    found = [
        c for s in read_paragraph(sentence) for c in counterparts(s, "Japan", parties.subject, parties.counterpart)
    ]
    assert found == countries


def test_prose_events_say_where_they_came_from() -> None:
    """A prose event carries source 'prose', the sentence, the line and the focal country as subject."""
    built = build("= Japan–Mexico relations =\n\nTrade grew. Japan and Mexico established relations in 1888.\n")
    row = built.frames["relation_events"].row(0, named=True)
    assert (row["source"], row["source_line"], row["subject_country"], row["country"]) == (
        "prose",
        3,
        "Japan",
        "Mexico",
    )
    assert row["statement"] == "Japan and Mexico established relations in 1888."


def test_a_state_list_row_that_names_japan_is_a_start_of_the_subjects_relations() -> None:
    """In 'Foreign relations of Latvia', `| 27 | Japan | 10 October 1991 |` is Latvia's relation with Japan."""
    text = (
        "= Foreign relations of Latvia =\n"
        "\n"
        "| # | Country | Date |\n"
        "| 27 | Japan | 10 October 1991 |\n"
        "| 28 | Iceland | 22 August 1991 |\n"
    )
    assert build(text).frames["relation_events"].select("subject_country", "country", "date_edtf").rows() == [
        ("Japan", "Latvia", "1991-10-10"),
        ("Latvia", "Iceland", "1991-08-22"),
    ]


# --- 6. older HTML renderings -------------------------------------------------------------------------------------

RENDERING = """Jump to: navigation, search
Japan–Peru relations are the ties between Japan and Peru.[1]
From Wikipedia, the free encyclopedia

History[edit]
Japan and Peru formally established diplomatic relations on 21 August 1873.[4]

Contents
1 History
2 References

List of heads of mission
[edit]Head of mission | Tenure begins | Tenure ends |
---|---|---|
Sir Esler Dening[3] | 1952 | 1957 |
"""


def test_chrome_is_not_content_and_edit_marks_make_headings() -> None:
    """Page chrome and the contents box are chrome; `History[edit]` and the line before `[edit]...` are headings."""
    doc = parse_document(RENDERING, "old.txt")
    chrome = [b.start_line for b in doc.blocks if b.kind == "chrome"]
    assert chrome == [1, 3, 8, 9, 10]
    assert [s.title for s in doc.sections] == ["History", "List of heads of mission"]
    assert all("Wikipedia" not in text for _line, text in doc.paragraphs)


def test_title_from_the_lead_and_markers_glued_to_words() -> None:
    """Without a title line the lead names the parties; `[4]` after a year does not hide the date."""
    assert title_from_lead("Japan–Peru relations are the ties between Japan and Peru.[1]") == "Japan–Peru relations"
    assert starts(build(RENDERING)) == [("Peru", "established", "1873-08-21")]


def test_markdown_table_rows_are_read_and_markers_stripped_from_names() -> None:
    """Rows of a `---|---|` table without leading pipes are table rows; `[3]` is not part of the name."""
    built = build("= List of ambassadors of the United Kingdom to Japan =\n" + RENDERING.split("List of heads")[1])
    assert people(built) == [("Esler Dening", 1952, 1957)]


def test_space_separated_rows_after_a_header_line() -> None:
    """`Name 2 January 1941 7 December 1941 [3]` under `Incumbent Start of term End of term Notes` is a row."""
    assert read_space_row("Tatsuo Kawai 2 January 1941 7 December 1941 [3]") == (
        "Tatsuo Kawai",
        ["2 January 1941", "7 December 1941"],
    )
    assert read_space_row("Queen Victoria") is None  # a head of state between rows has no dates
    text = (
        "List of ambassadors of Japan to Australia\n"
        "\n"
        "Minister[edit]\n"
        "Incumbent Start of term End of term Notes\n"
        "Tatsuo Kawai 2 January 1941 7 December 1941 [3]\n"
        "Suspension of relations\n"
    )
    assert people(build(text)) == [("Tatsuo Kawai", 1941, 1941)]


# --- 7. the subject country ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Foreign relations of Japan",
        "Foreign relations of Japan (3)",
        "Foreign relations of Japan – revision 12",
        "Foreign relations of Japan, part 2",
        "Foreign relations of Japan: overview",
    ],
)
def test_a_title_with_a_suffix_keeps_its_subject(title: str) -> None:
    """However the title is decorated, the subject is Japan and notes still give the counterpart."""
    built = build(
        f"= {title} =\n\n| Country | Formal relations began | Notes |\n| | 1962 | See Algeria–Japan relations |\n"
    )
    row = built.frames["relations"].row(0, named=True)
    assert (row["subject_country"], row["country"], row["country_source"]) == ("Japan", "Algeria", "note")


def test_a_one_row_table_in_a_bilateral_article_names_the_other_party() -> None:
    """In 'Chile–Japan relations' a one-row relations table is a relation with Chile, never with Japan."""
    built = build(
        "= Chile–Japan relations =\n"
        "\n"
        "| Country | Formal relations began | Notes |\n"
        "| | 1897 | See Chile–Japan relations |\n"
    )
    assert built.frames["relations"].select("subject_country", "country").rows() == [("Japan", "Chile")]


def test_a_corpus_made_from_raw_with_decorated_titles_passes_its_gates(tmp_path: Path) -> None:
    """Variants of raw/ with decorated titles, shuffled rows and other date styles pass every error gate."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from make_corpus import vary

    rng = random.Random(3)  # noqa: S311 - a seeded generator of test documents
    texts = [(path.read_text(encoding="utf-8"), path.name) for path in sorted((REPO / "raw").iterdir())]
    documents = [(vary(text, rng, n), f"{n:03d}_{name}") for n, (text, name) in enumerate(texts * 4)]
    raws = [RawDocument(name, text.encode("utf-8")) for text, name in documents]
    decoded = [(decode_document(raw), raw) for raw in raws]
    built = build_datasets(load_batch([(d, r) for d, r in decoded if isinstance(d, DecodedDocument)], []))
    validations = validate_all(built, MODELS, GATES)
    assert not any(v.blocked for v in validations.values())
    assert validations["relations"].rows_quarantined <= 5 * 4 + 10  # the 5 note-less rows of each copy, blanked cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a timeline line in a list article is a note, never a person
        ("1858 – A Russian consulate is opened in Hakodate.", {"entry_kind": "note", "name": None}),
        # a life span in brackets is not the term; a sentence after the term is a note
        (
            "The Hon. Sir Herbert Marler KCMG PC (1876-1940), 1929-36. A Montreal notary.",
            {"name": "Herbert Marler", "term_text": "1929-36", "notes": "life 1876-1940; A Montreal notary"},
        ),
        # a date first, an era year in brackets, then the name
        ("30 January 2024 (Reiwa 6): Masato Otaka", {"name": "Masato Otaka", "term_text": "30 January 2024"}),
    ],
)
def test_entries_that_only_look_like_entries(text: str, expected: dict[str, object]) -> None:
    """Timeline lines, life spans and era notes do not become names or terms."""
    entry = parse_entry(text)
    assert {key: entry[key] for key in expected} == expected


def test_dates_of_arrival_start_terms_without_ending_them() -> None:
    """When the line before the list says its dates are arrivals, a single date starts a term; it does not end it."""
    text = (
        "= List of ambassadors of Japan to Thailand =\n\n== Ambassadors ==\n"
        "Dates are those of arrival in Bangkok.\n\n"
        "- 20 September 2008: Kyoji Komachi\n- 23 September 1996: Hiroshi Ota\n"
    )
    assert people(build(text)) == [("Kyoji Komachi", 2008, None), ("Hiroshi Ota", 1996, None)]


def test_a_timeline_in_a_list_article_gives_relation_events_not_people() -> None:
    """Dated timeline bullets are not an ambassador list; the one that says relations opened is a relation start."""
    text = (
        "= List of ambassadors of Russia to Japan =\n\n== Timeline ==\n"
        "- 7 February 1855 – Japan and the Russian Empire sign a treaty, which opens diplomatic relations.\n"
        "- 1908 – The Russian legation is raised to an embassy.\n"
    )
    built = build(text)
    assert people(built) == []
    assert starts(built) == [("Russia", "established", "1855-02-07")]
