"""Golden facts read off the five raw documents, and unit tests of each recovery rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from curator.countries import country_iso3
from curator.datasets import BuiltDatasets, build_datasets, claim_header
from curator.documents import DecodedDocument, RawDocument, decode_document, load_batch
from curator.parse import parse_document
from curator.pipeline.batch import build_all, load_documents, validate_all
from curator.readers.ambassadors import list_countries
from curator.readers.entries import parse_entry, term_fields
from curator.readers.polls import derive_split, poll_identity, read_percent
from curator.readers.relations import country_from_note, neighbour_hint
from curator.readers.subject import title_parties
from curator.validation.quality import DatasetValidation
from schemas import MODELS
from schemas.gates import GATES

# Under pytest-xdist (make test): its module-scoped fixtures are built once, on one worker.
pytestmark = pytest.mark.xdist_group("datasets")

RAW = Path(__file__).resolve().parents[1] / "raw"
FOREIGN = "001_d85be5eb45d2c744.txt"
GEORGIA = "000_f68905f39f9d6f28.txt"


@pytest.fixture(scope="module")
def built() -> BuiltDatasets:
    return build_all(load_documents(RAW, sorted(p.name for p in RAW.iterdir())))


@pytest.fixture(scope="module")
def validated(built: BuiltDatasets) -> dict[str, DatasetValidation]:
    return validate_all(built, MODELS, GATES)


def build_text(text: str, name: str = "t.txt") -> BuiltDatasets:
    """The datasets of one document given as text."""
    raw = RawDocument(name, text.encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    return build_datasets(load_batch([(decoded, raw)], []))


def row_at(frame: pl.DataFrame, source_file: str, line: int) -> dict[str, object]:
    rows = frame.filter((pl.col("source_file") == source_file) & (pl.col("source_line") == line)).to_dicts()
    assert len(rows) == 1, f"expected one row at {source_file}:{line}, got {len(rows)}"
    return rows[0]


# --- relations -----------------------------------------------------------------------------------------------


def test_argentina_line_285_is_1898_02_03_in_the_americas(built: BuiltDatasets) -> None:
    """001:285 `| | 3 February 1898 | See Argentina–Japan relations |`: Argentina, recovered from the note."""
    row = row_at(built.frames["relations"], FOREIGN, 285)
    assert (row["country"], row["country_iso3"], row["country_source"], row["region"]) == (
        "Argentina",
        "ARG",
        "note",
        "Americas",
    )
    assert (row["established_earliest"], row["established_latest"], row["established_precision"]) == (
        dt.date(1898, 2, 3),
        dt.date(1898, 2, 3),
        "day",
    )


def test_bulgaria_1890s_spans_the_decade(built: BuiltDatasets) -> None:
    """001:385 Bulgaria '1890s' is 1890-01-01..1899-12-31 with precision decade."""
    row = row_at(built.frames["relations"], FOREIGN, 385)
    assert row["country"] == "Bulgaria"
    assert (row["established_edtf"], row["established_earliest"], row["established_latest"]) == (
        "189X",
        dt.date(1890, 1, 1),
        dt.date(1899, 12, 31),
    )
    assert row["established_precision"] == "decade"


def test_angola_september_1976_stays_a_month(built: BuiltDatasets) -> None:
    """001:270 'September 1976' spans the whole month, never the 1st."""
    row = row_at(built.frames["relations"], FOREIGN, 270)
    assert (row["established_earliest"], row["established_latest"], row["established_precision"]) == (
        dt.date(1976, 9, 1),
        dt.date(1976, 9, 30),
        "month",
    )


def test_norway_1905_11_is_a_year_range(built: BuiltDatasets) -> None:
    """001:410 '1905–11' is 1905-01-01..1911-12-31."""
    row = row_at(built.frames["relations"], FOREIGN, 410)
    assert (row["country"], row["established_earliest"], row["established_latest"]) == (
        "Norway",
        dt.date(1905, 1, 1),
        dt.date(1911, 12, 31),
    )


def test_relations_tables_give_107_rows_in_five_regions(built: BuiltDatasets) -> None:
    """001 has 11 + 16 + 34 + 41 + 5 relations rows under Africa, Americas, Asia, Europe and Oceania."""
    counts = dict(built.frames["relations"].group_by("region").len().iter_rows())
    assert counts == {"Africa": 11, "Americas": 16, "Asia": 34, "Europe": 41, "Oceania": 5}


def test_asia_region_is_the_section_under_bilateral_relations_not_south_asia(built: BuiltDatasets) -> None:
    """The Asia table (header 001:332) sits under '==== South Asia ====' but its region is Asia."""
    assert row_at(built.frames["relations"], FOREIGN, 333)["region"] == "Asia"


def test_european_union_stays_without_iso_code(built: BuiltDatasets) -> None:
    """001:390 'See Japan–European Union relations' is kept with country_iso3 null."""
    row = row_at(built.frames["relations"], FOREIGN, 390)
    assert (row["country"], row["country_iso3"]) == ("European Union", None)


def test_romania_note_with_anchor_is_recovered(built: BuiltDatasets) -> None:
    """001:413 'See Foreign relations of Romania#Asia: East Asia' gives Romania, anchor dropped."""
    row = row_at(built.frames["relations"], FOREIGN, 413)
    assert (row["country"], row["see_article"]) == ("Romania", "Foreign relations of Romania")


def test_unrecoverable_country_is_quarantined_with_neighbour_hint(validated: dict[str, DatasetValidation]) -> None:
    """001:407 has a date but no note: quarantined, hinting 'between Malta and Montenegro'."""
    quarantined = validated["relations"].quarantined
    row = row_at(quarantined, FOREIGN, 407)
    assert any("between Malta and Montenegro" in reason for reason in row["reasons"])  # type: ignore[attr-defined]
    assert quarantined.height == 5


def test_spain_cell_gives_four_events(built: BuiltDatasets) -> None:
    """001:417 'First contact in 1584, officialized in 1868 ... broken on 11 April 1945 and reestablished in 1952'."""
    events = built.frames["relation_events"].filter(pl.col("source_line") == 417).sort("event_order")
    assert events["event"].to_list() == ["first_contact", "officialized", "broken", "re_established"]
    assert events["date_edtf"].to_list() == ["1584", "1868", "1945-04-11", "1952"]
    relation = row_at(built.frames["relations"], FOREIGN, 417)
    assert (relation["established_event"], relation["established_edtf"]) == ("officialized", "1868")


def test_estonia_semicolon_cell_gives_two_events(built: BuiltDatasets) -> None:
    """001:389 '26 January 1921;10 October 1991' gives two events; established is the first."""
    events = built.frames["relation_events"].filter(pl.col("source_line") == 389)
    assert events.height == 2
    assert row_at(built.frames["relations"], FOREIGN, 389)["established_edtf"] == "1921-01-26"


def test_state_list_rows_do_not_become_relations(validated: dict[str, DatasetValidation]) -> None:
    """The 195 blank rows of the '# | Country | Date' list (001:67-261) are quarantined with the reason."""
    state_list = validated["state_list"]
    assert (state_list.rows_in, state_list.rows_curated, state_list.rows_quarantined) == (195, 0, 195)
    assert all("flag template" in " ".join(reasons) for reasons in state_list.quarantined["reasons"].to_list())


@pytest.mark.parametrize(
    ("note", "country", "article"),
    [
        ("See Argentina–Japan relations", "Argentina", "Argentina–Japan relations"),  # en dash, country first
        ("See Japan–Mexico relations", "Mexico", "Japan–Mexico relations"),  # Japan first
        ("See Fiji-Japan relations", "Fiji", "Fiji-Japan relations"),  # hyphen
        ("See Japan–Trinidad and Tobago relations", "Trinidad and Tobago", "Japan–Trinidad and Tobago relations"),
        ("See Foreign relations of Madagascar", "Madagascar", "Foreign relations of Madagascar"),
        ("See Foreign relations of Romania#Asia: East Asia", "Romania", "Foreign relations of Romania"),  # anchor
        ("Both countries established diplomatic relations on 14 July 1954.", None, None),  # no pointer at all
        ("See Japan–Atlantis relations", None, "Japan–Atlantis relations"),  # not a country: not invented
    ],
)
def test_country_recovered_from_note(note: str, country: str | None, article: str | None) -> None:
    """The counterpart is the side of the 'See X–Japan relations' note that is not Japan, and only a real country."""
    assert country_from_note(note, "Japan") == (country, article)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Kosovo", "XKX"),  # alias: no ISO code, user-assigned XKX
        ("East Timor", "TLS"),  # alias
        ("Holy See", "VAT"),  # alias
        ("Laos", "LAO"),  # pycountry common name
        ("Vietnam", "VNM"),
        ("Russia", "RUS"),  # alias
        ("North Korea", "PRK"),
        ("South Korea", "KOR"),
        ("Turkey", "TUR"),  # alias (pycountry says Türkiye)
        ("Brunei", "BRN"),  # alias
        ("European Union", None),  # not a state
    ],
)
def test_country_iso3(name: str, iso3: str | None) -> None:
    """Names resolve to ISO 3166-1 alpha-3 through pycountry plus the small alias table."""
    assert country_iso3(name) == iso3


def test_neighbour_hint_skips_other_missing_rows() -> None:
    """A hint names the nearest recovered countries above and below, skipping unknown rows."""
    table = pl.DataFrame({"doc": [0] * 4, "table": [0] * 4, "country": ["Israel", None, None, "Malaysia"]})
    hints = table.select(neighbour_hint())["country"].to_list()
    assert hints[2] == "between Israel and Malaysia"


# --- ambassadors ---------------------------------------------------------------------------------------------


def test_eight_ambassador_names_are_missing_in_georgia_lists(built: BuiltDatasets) -> None:
    """000 lines 34, 36, 42, 43, 47, 48, 49, 50 have a number and term but no name: null, never invented."""
    ambassadors = built.frames["ambassadors"].filter(pl.col("source_file") == GEORGIA)
    assert ambassadors.height == 16
    missing = ambassadors.filter(pl.col("name").is_null())["source_line"].to_list()
    assert missing == [34, 36, 42, 43, 47, 48, 49, 50]


def test_levan_tsintsadze_from_2014_end_unknown(built: BuiltDatasets) -> None:
    """000:35 '3. Levan Tsintsadze (2014-?)': Georgia to Japan, from 2014, end unknown."""
    row = row_at(built.frames["ambassadors"], GEORGIA, 35)
    assert (row["name"], row["position"], row["sending_country"], row["receiving_country"]) == (
        "Levan Tsintsadze",
        3,
        "Georgia",
        "Japan",
    )
    assert (row["term_start_year"], row["term_end_year"], row["term_end_status"]) == (2014, None, "unknown")


def test_ongoing_term_and_residence(built: BuiltDatasets) -> None:
    """000:36 '4. (2021-)' is ongoing; 000:40 'Sumio Edamura (in Moscow, 1992–1994)' is resident in Moscow."""
    assert row_at(built.frames["ambassadors"], GEORGIA, 36)["term_end_status"] == "ongoing"
    row = row_at(built.frames["ambassadors"], GEORGIA, 40)
    assert (row["name"], row["resident_in"], row["sending_country"], row["receiving_country"]) == (
        "Sumio Edamura",
        "Moscow",
        "Japan",
        "Georgia",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # indented unnumbered entry with a role
        ("David Nozadze (chargé d'affaires, 2006-2008)", {"name": "David Nozadze", "role": "chargé d'affaires"}),
        # bulleted form
        ("Aoki Shūzō, 1870–1872", {"name": "Aoki Shūzō", "term_text": "1870–1872"}),
        # bulleted form with the name missing
        (", 1873–1874", {"name": None, "term_text": "1873–1874"}),
        # honorific and native-script name kept apart
        (
            "Viscount Aoki Shūzō (青木周蔵) (1880–1885)",
            {"honorific": "Viscount", "name": "Aoki Shūzō", "name_native": "青木周蔵"},
        ),
        # a gap is not a person
        ("No representation 1945–1952", {"entry_kind": "gap", "name": None}),
        ("Suspension of relations", {"entry_kind": "gap"}),
        ("Closed following the outbreak of war", {"entry_kind": "gap"}),
    ],
)
def test_parse_entry(text: str, expected: dict[str, object]) -> None:
    """Each part of an entry lands in its own column."""
    entry = parse_entry(text)
    assert {key: entry[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("heading", "countries"),
    [
        ("Georgian Ambassadors to Japan", ("Georgia", "Japan")),  # demonym sender
        ("Japanese Ambassadors to Georgia", ("Japan", "Georgia")),
        ("List of ambassadors of Japan to Latvia", ("Japan", "Latvia")),
        ("Resident diplomatic missions", None),  # not an ambassador list
    ],
)
def test_list_countries(heading: str, countries: tuple[str, str] | None) -> None:
    """Sending and receiving country come from the list heading, demonyms included."""
    assert list_countries(heading) == countries


@pytest.mark.parametrize(
    "text",
    [
        "List of ambassadors of Japan to Latvia",
        "Heads of mission of Japan to Latvia",
        "Japanese ambassador to Georgia",
        "Georgia's ambassadors to Japan",
        "List of Japanese ministers, envoys and ambassadors to Latvia",
    ],
)
def test_heading_and_title_read_one_envoy_grammar(text: str) -> None:
    """A list heading and a document title naming the same envoy list give the same sending and receiving country."""
    parties = title_parties(text)
    assert parties.family == "ambassador_list"
    assert list_countries(text) == (parties.sender, parties.receiver)


@pytest.mark.parametrize(
    ("term", "fields"),
    [
        ("2008-2009", (2008, 2009, "ended")),
        ("2021-", (2021, None, "ongoing")),
        ("2014-?", (2014, None, "unknown")),
        ("since 2021", (2021, None, "ongoing")),
    ],
)
def test_term_fields(term: str, fields: tuple[int, int | None, str]) -> None:
    """'2021-' is ongoing and '2014-?' unknown; neither gets an end year."""
    got = term_fields(term)
    assert (got["term_start_year"], got["term_end_year"], got["term_end_status"]) == fields


# --- opinion polls -------------------------------------------------------------------------------------------


def test_bbc_2017_first_row_is_derived(built: BuiltDatasets) -> None:
    """001:8 neutral 3, net −53: positive 22 and negative 75, marked derived; identity (poll, rank 1)."""
    row = row_at(built.frames["opinion_polls"], FOREIGN, 8)
    assert (row["poll"], row["pollster"], row["poll_year"], row["rank"]) == (
        "2017 BBC World Service poll",
        "BBC World Service",
        2017,
        1,
    )
    assert (row["positive"], row["negative"], row["neutral"], row["net"]) == (22, 75, 3, -53)
    assert (row["positive_source"], row["negative_source"], row["country_polled"]) == ("derived", "derived", None)


def test_two_polls_with_18_and_7_rows(built: BuiltDatasets) -> None:
    """The BBC table has 18 rows and the Pew table 7."""
    counts = dict(built.frames["opinion_polls"].group_by("poll").len().iter_rows())
    assert counts == {"2017 BBC World Service poll": 18, "2013 Pew Research Center poll": 7}


@pytest.mark.parametrize(
    ("neutral", "net", "split"),
    [
        (3, -53, (22, 75)),  # whole numbers
        (4, 3, None),  # (100 - 4 + 3) / 2 = 49.5: not whole, not derived
        (0, 120, None),  # out of 0..100
    ],
)
def test_derive_split(neutral: int, net: int, split: tuple[int, int] | None) -> None:
    """Positive and negative are derived only when whole and within 0..100."""
    assert derive_split(neutral, net) == split


@pytest.mark.parametrize(("cell", "value"), [("42", 42), ("42%", 42), ("−53", -53), ("", None), ("4.5", None)])
def test_read_percent(cell: str, value: int | None) -> None:
    """Cells read as whole percentages, with a Unicode minus allowed."""
    assert read_percent(cell)[0] == value


def test_poll_identity_from_caption() -> None:
    """The caption gives poll, pollster and year."""
    assert poll_identity("Results of 2013 Pew Research Center poll Asia/Pacific views") == (
        "2013 Pew Research Center poll",
        "Pew Research Center",
        2013,
    )


@pytest.mark.parametrize(
    "header",
    [
        ["Country polled", "Positive", "Negative", "Neutral", "Pos − Neg"],  # Unicode minus
        ["Country polled", "Favorable", "Unfavorable", "Neutral", "Fav - Unfav"],  # variant words, hyphen
        ["COUNTRY POLLED", "POSITIVE", "NEGATIVE", "NEUTRAL", "POS-NEG"],  # any case, no spaces
    ],
)
def test_poll_tables_are_claimed_by_header_variants(header: list[str]) -> None:
    """A poll table is recognised by its header, whatever variant of the words and minus."""
    doc = parse_document("| " + " | ".join(header) + " |\n| | | | 3 | -53 |\n", "t.txt")
    claim = claim_header(doc.tables[0].header)
    assert claim is not None and claim[0] == "opinion_polls"


def test_unknown_table_is_reported_and_kept() -> None:
    """A table no dataset claims is listed as unrecognized and its rows kept in `unclaimed`."""
    built = build_text("= T =\n| Year | Value |\n| 1990 | 3 |\n| 1991 | 4 |\n")
    assert [t["header"] for t in built.unrecognized_tables] == [["Year", "Value"]]
    assert built.frames["unclaimed"]["source_line"].to_list() == [3, 4]


# --- missions ------------------------------------------------------------------------------------------------


def test_missions_once_per_document_and_pair(built: BuiltDatasets) -> None:
    """000 states Japan's embassy in Tbilisi on lines 3 and 54: one row, first line, the other cited."""
    row = built.frames["missions"].filter((pl.col("source_file") == GEORGIA) & (pl.col("city") == "Tbilisi")).to_dicts()
    assert len(row) == 1
    assert (row[0]["country"], row[0]["source_line"], row[0]["also_stated_on"], row[0]["host_country"]) == (
        "Japan",
        3,
        [54],
        "Georgia",
    )


def test_two_missions_in_one_sentence() -> None:
    """'Ukraine has an embassy in Tokyo, and Japan has an embassy in Kyiv.' gives two missions."""
    rows = build_text("Ukraine has an embassy in Tokyo, and Japan has an embassy in Kyiv.\n").frames["missions"]
    assert rows.select("country", "city", "host_country").rows() == [
        ("Ukraine", "Tokyo", "Japan"),
        ("Japan", "Kyiv", "Ukraine"),
    ]


# --- accounting ----------------------------------------------------------------------------------------------


def test_every_dataset_validates_every_row_it_built(
    built: BuiltDatasets, validated: dict[str, DatasetValidation]
) -> None:
    """Every dataset has a contract, and its validation counts every row the builders made."""
    assert set(validated) == set(MODELS)
    for name, validation in validated.items():
        assert validation.rows_in == built.frames[name].height, name


def test_every_table_row_and_list_item_is_in_a_dataset(built: BuiltDatasets) -> None:
    """The 327 table rows and 27 list items of 001 are all claimed (relations, polls, state list, unclaimed)."""
    frames = built.frames
    claimed = sum(
        frames[name].filter(pl.col("source_file") == FOREIGN).height
        for name in ("relations", "opinion_polls", "state_list", "unclaimed", "ambassadors")
    )
    assert claimed == 327 + 27
