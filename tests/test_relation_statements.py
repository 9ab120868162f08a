"""Relation statements in real phrasings (issue 18): treaties, nominalisations, anniversaries, relative dates,
the distractors around them, states of the past and their successors, aliases, and Japanese era dates."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from curator.consistency import relation_comparisons
from curator.countries import ALIASES, FOUNDED, SUCCESSORS, country_iso3, is_country_name, state_today
from curator.datasets import BuiltDatasets, build_datasets
from curator.dates import parse_fuzzy_date
from curator.documents import DecodedDocument, RawDocument, decode_document, load_batch
from curator.readers.prose import read_paragraph, read_paragraph_with_findings
from curator.report.dictionary import render_country_tables


def build(text: str) -> BuiltDatasets:
    """The datasets of one document given as text."""
    raw = RawDocument("doc.txt", text.encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    return build_datasets(load_batch([(decoded, raw)], []))


def events(text: str) -> list[tuple[str, str, str]]:
    """(country, event, EDTF) of every relation event built from a document."""
    frame = build(text).frames["relation_events"]
    return frame.select("country", "event", "date_edtf").rows()


# --- phrasings of a start -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # Facts: Treaty of Amity and Commerce between Prussia and Japan, 24 January 1861.
        (
            "Diplomatic relations between Japan and Germany go back to the treaty of amity and commerce that Japan "
            "concluded with Prussia in 1861.",
            [("established", "1861")],
        ),
        ("Relations between the two countries date back to 1919.", [("established", "1919")]),
        ("Relations between the two countries date from 1919.", [("established", "1919")]),
        # Facts: Iran–Japan, formal relations 1926 (an older account).
        ("Iran and Japan formally took up diplomatic relations in 1926.", [("established", "1926")]),
        ("Formal establishment of diplomatic ties between the two states occurred in 1973.", [("established", "1973")]),
        ("Trade grew steadily since the establishment of diplomatic relations in 1958.", [("established", "1958")]),
        # Facts: Netherlands–Japan treaty signed in Edo on 18 August 1858.
        (
            "Both governments count their diplomatic relations from the treaty of amity and commerce that was signed "
            "in Edo on 18 August 1858.",
            [("established", "1858-08-18")],
        ),
        # The date at the end of a long clause naming a treaty.
        (
            "The two states established formal relations at legation level with a Treaty of Amity, Commerce and "
            "Navigation signed in Washington on 3 February 1898.",
            [("established", "1898-02-03")],
        ),
        # Facts: Canada–Japan, envoys agreed in January 1928; Spain–Japan, links restored in 1952.
        ("Ottawa and Tokyo agreed to exchange envoys in January 1928.", [("established", "1928-01")]),
        ("Madrid and Tokyo restored diplomatic links once the treaty took effect in 1952.",
         [("re_established", "1952")]),
        # Facts: Finland–Japan, relations from 1919, cut in 1944, resumed in 1957.
        (
            "Diplomatic relations date from 1919; they were broken off in 1944 and resumed in 1957.",
            [("established", "1919"), ("broken", "1944"), ("re_established", "1957")],
        ),
        # A coordinated second verb takes the date after it, never the first verb's.
        (
            "The two states broke off relations in 1941 and restored them in 1952.",
            [("broken", "1941"), ("re_established", "1952")],
        ),
        # Facts: Moldova, recognised by Japan on 28 December 1991, relations on 16 March 1992: a date in the
        # clause before a statement is that clause's.
        (
            "Tokyo recognised the independence of Moldova on 28 December 1991, and the two countries established "
            "diplomatic relations on 16 March 1992.",
            [("recognized", "1991-12-28"), ("established", "1992-03-16")],
        ),
        # ... unless the statement points back to it.
        (
            "The note was handed over on 22 March 1919, and diplomatic relations date from that day.",
            [("established", "1919-03-22")],
        ),
        # Facts: Czechoslovakia–Japan, relations restored in 1957.
        (
            "Relations were suspended in 1939. The two states restored them in 1957.",
            [("suspended", "1939"), ("re_established", "1957")],
        ),
        ("Relations were taken up again once the peace treaty came into force in 1952.", [("re_established", "1952")]),
        # A start and a recognition on one date.
        (
            "Relations between the two began on 15 May 1952, when Japan recognized the new state.",
            [("established", "1952-05-15"), ("recognized", "1952-05-15")],
        ),
    ],
)  # fmt: skip
def test_a_start_phrased_as_on_real_pages_is_read(sentence: str, found: list[tuple[str, str]]) -> None:
    """'go back to', 'date from', 'took up', nominalisations, 'count ... from' and treaty clauses give the start."""
    assert [(s.event, s.date.edtf) for s in read_paragraph(sentence)] == found


def test_a_treaty_that_opens_relations_is_named_on_the_event() -> None:
    """'established after the Treaty of Friendship and Commerce ... in 1867' is `established` 1867, treaty named."""
    text = (
        "= Denmark–Japan relations =\n\n"
        "Diplomatic relations were established after the Treaty of Friendship and Commerce was signed in 1867.\n"
    )
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["country"], row["event"], row["date_edtf"], row["treaty"]) == (
        "Denmark",
        "established",
        "1867",
        "Treaty of Friendship and Commerce",
    )


def test_an_anniversary_of_relations_dates_their_start_and_says_it_was_counted() -> None:
    """'the 50th anniversary of diplomatic relations in 2008' is a start in 1958, marked as counted, with its line."""
    text = (
        "= Japan–Mexico relations =\n\nIn 2008 both states celebrated the 50th anniversary of diplomatic relations.\n"
    )
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["event"], row["date_edtf"], row["date_text"]) == ("established", "1958", "2008")
    assert row["date_derived_from"] == "50 years before 2008 (anniversary) (line 3)"


@pytest.mark.parametrize(
    ("paragraph", "found"),
    [
        # The anchor in the sentence before.
        (
            "The Pacific War ended in 1945. Seven years later, the two states formally founded diplomatic relations.",
            ("established", "1952", "'Seven years later' counted from 1945 (line 3)"),
        ),
        # The anchor earlier in the same sentence (Latvia: de jure recognition 26 January 1921, relations that year).
        (
            "Japan recognised Latvia de jure on 26 January 1921, and the two countries set up diplomatic relations "
            "the same year.",
            ("established", "1921", "'the same year' counted from 1921 (line 3)"),
        ),
        (
            "A trade mission visited Tokyo in 1955. The following year diplomatic relations were established.",
            ("established", "1956", "'The following year' counted from 1955 (line 3)"),
        ),
    ],
)
def test_a_relative_date_is_counted_from_its_one_anchor(paragraph: str, found: tuple[str, str, str]) -> None:
    """'seven years later', 'the same year', 'the following year' take the one date of their sentence or the one
    before, and say so in date_derived_from."""
    frame = build(f"= Japan–Latvia relations =\n\n{paragraph}\n").frames["relation_events"]
    row = frame.filter(pl.col("event") == "established").row(0, named=True)
    assert (row["event"], row["date_edtf"], row["date_derived_from"]) == found


def test_a_relative_date_with_two_possible_anchors_is_a_finding_not_a_guess() -> None:
    """With two dates in the sentence before, 'the following year' gives no event and a warning naming the line."""
    text = (
        "= Japan–Mexico relations =\n\n"
        "Talks opened in 1950 and stalled in 1951. The following year diplomatic relations were established.\n"
    )
    built = build(text)
    assert built.frames["relation_events"].is_empty()
    (finding,) = [f for f in built.findings if f["dataset"] == "relation_events"]
    assert finding["source_line"] == 3
    assert "'The following year' not resolved" in finding["message"]


def test_a_relative_date_keeps_its_unresolved_reason() -> None:
    """The sentence reader reports a relative date it cannot count, with the number of anchors it saw."""
    statements, unresolved = read_paragraph_with_findings("Relations were established the same year.")
    assert statements == []
    assert [u.reason for u in unresolved] == ["no dates to count 'the same year' from in the sentence before"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Regular trade by sea between the two countries began in 1899.",  # trade began
        "Trade relations were established in 1899.",  # relations of another kind
        "Relations date back to the first contacts with Portuguese traders in 1543.",  # first contacts
        "Relations go back to the arrival of the first immigrants in 1897.",  # immigration
        "In 2008 both countries marked the centenary of Japanese immigration.",  # an anniversary of something else
        "The year 2025 was celebrated as the 425th anniversary of the relationship.",  # not diplomatic relations
        "A trade office opened in Taipei in 1972.",  # a trade office
        "Rail links between the two capitals were opened in 1990.",  # links that are not diplomatic
        "Relations were strained in 1941 and trade resumed in 1950.",  # trade resumed, not relations
        "The two ports opened them to foreign ships in 1859.",  # 'them' with no relations named before
        "Crown Prince Akihito visited the country in 1960.",  # a visit
        "The two countries were at war from 1941 to 1945.",  # a war
    ],
)
def test_a_distractor_year_is_never_a_start(sentence: str) -> None:
    """Trade, first contacts, immigration, visits, wars, trade offices and other anniversaries give no start."""
    built = events(f"= Japan–Mexico relations =\n\n{sentence}\n")
    assert [event for event in built if event[1] != "upgraded"] == []


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # Facts: Spain–Japan, relations resumed 1952 (a timeline line, the verb used intransitively).
        ("Diplomatic relations resumed with Spain on 5 August 1952.", [("re_established", "1952-08-05")]),
        # A participle in apposition dates the relations it follows; the upgrade's year is never the start (the
        # upgrade itself is not read across the apposition).
        (
            "Relations between Japan and Nepal, established in 1956, were raised to embassy level in 1965.",
            [("established", "1956")],
        ),
        # Facts: Turkey–Japan, relations in 1924. "not ... until" dates the event instead of denying it.
        ("Diplomatic relations were not established until 1924.", [("established", "1924")]),
        ("It was not until 1952 that diplomatic relations were restored.", [("re_established", "1952")]),
        # Facts: China–Japan normalisation, 29 September 1972.
        ("The two states did not have formal diplomatic relations until 1972.", [("established", "1972")]),
        ("Diplomatic relations date to 1919.", [("established", "1919")]),
        ("Diplomatic relations have existed between the two countries since 1952.", [("established", "1952")]),
        # Facts: Iran–Japan, formal ties 1926; Hungary–Japan, restored 1959; Finland–Japan, de facto recognition
        # decided 16 May 1919, a second period counted from 1952 by one account.
        ("Nothing came of the early contacts until 1926, when formal ties were opened.", [("established", "1926")]),
        ("The war interrupted diplomatic relations, which were restored in 1959.", [("re_established", "1959")]),
        ("On 16 May 1919 the cabinet decided to give the new state de facto recognition.",
         [("recognized_de_facto", "1919-05-16")]),
        ("One account counts the second period of relations from 1952.", [("re_established", "1952")]),
    ],
)  # fmt: skip
def test_more_phrasings_of_a_start_are_read(sentence: str, found: list[tuple[str, str]]) -> None:
    """Intransitive 'resumed', apposition and relative clauses, 'not ... until', 'until ..., when', 'date to',
    'existed since', 'to give ... recognition' and a second period counted from a year."""
    assert [(s.event, s.date.edtf) for s in read_paragraph(sentence)] == found


@pytest.mark.parametrize(
    "sentence",
    [
        "Relations soured and the war began in 1941.",  # the war began, not relations
        "Relations soured and fighting resumed in 1950.",  # fighting resumed
        "Trade relations, established in 1899, grew quickly.",  # an apposition to trade relations
        "Diplomatic relations, not established until after the war, were cordial.",  # 'until' with no date
        "The two states did not establish relations, and until 1990 no embassy existed.",  # 'until' in another clause
        "The treaty was not signed until 1870.",  # a treaty's signing, outside a first-relations section
        "Relations went sour two years later.",  # a relative date with no statement
        "Trade was small until 1960, when the first shipping line opened.",  # 'until ..., when' of another event
        "The two countries traded until 1941, when the war began.",  # the war began
        "The embassy stayed closed until 1952, when a new minister arrived.",  # an arrival
    ],
)
def test_a_distractor_of_the_new_phrasings_gives_nothing(sentence: str) -> None:
    """The new phrasings do not take another subject's verb, trade relations, an undated 'until' or a treaty alone."""
    assert read_paragraph(sentence) == []


@pytest.mark.parametrize(
    ("paragraph", "found"),
    [
        ("Nauru became independent in 1968. A year later, diplomatic relations were established.", ("1969", 1968)),
        ("Nauru became independent in 1968. Later that year, diplomatic relations were established.", ("1968", 1968)),
        ("The embassy opened in 1960. Diplomatic relations had been established two years earlier.", ("1958", 1960)),
        ("The embassy opened in 1960. Diplomatic relations had been established the previous year.", ("1959", 1960)),
        ("The war ended in 1945. In the year after, diplomatic relations were restored.", ("1946", 1945)),
    ],
)
def test_more_relative_dates_are_counted_from_their_anchor(paragraph: str, found: tuple[str, int]) -> None:
    """'a year later', 'later that year', 'N years earlier', 'the previous year' and 'the year after' count from the
    one date of the sentence before, and say which."""
    (statement,) = read_paragraph(paragraph)
    assert (statement.date.edtf, statement.derived_from is not None) == (found[0], True)
    assert statement.derived_from.endswith(f"counted from {found[1]}")


@pytest.mark.parametrize(
    ("paragraph", "year"),
    [
        # The relative date belongs to another event; the start keeps its written year.
        ("Relations were established in 1957. The year after, a trade agreement was signed.", "1957"),
        ("The two countries established diplomatic relations in 1952; the first ambassador arrived a year later.",
         "1952"),
    ],
)  # fmt: skip
def test_a_relative_date_of_another_event_is_not_the_start(paragraph: str, year: str) -> None:
    """A relative date after a start, in another sentence or clause, dates nothing."""
    assert [(s.event, s.date.edtf, s.derived_from) for s in read_paragraph(paragraph)] == [("established", year, None)]


# Facts: Portugal–Japan, Treaty of Peace, Amity and Commerce signed on 3 August 1860.
_SIGNED = "On 3 August 1860 Japan and Portugal signed a Treaty of Peace, Amity and Commerce."


@pytest.mark.parametrize("heading", ["First official relations", "Early relations", "Establishment of relations"])
def test_a_treaty_of_amity_signed_in_a_first_relations_section_is_the_start(heading: str) -> None:
    """Under a heading about the first relations, signing a treaty of amity is `established`, the treaty named."""
    (statement,) = read_paragraph_with_findings(_SIGNED, heading)[0]
    assert (statement.event, statement.date.edtf, statement.treaty) == (
        "established",
        "1860-08-03",
        "Treaty of Peace, Amity and Commerce",
    )


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        (_SIGNED, None),  # no heading
        (_SIGNED, "History"),  # a heading that does not say first relations
        (_SIGNED, "First contacts"),  # contacts are not relations
        ("In 1895 the two states signed a peace treaty.", "Early relations"),  # a peace treaty alone
        ("The two states signed the Treaty of Shimonoseki in 1895.", "Early relations"),  # no amity or commerce
        ("The two states never signed a treaty of friendship.", "Early relations"),  # not a fact
    ],
)
def test_a_signed_treaty_is_no_start_outside_such_a_section(text: str, heading: str | None) -> None:
    """Without a first-relations heading, or for a treaty that is not one of amity, signing is no event."""
    assert read_paragraph_with_findings(text, heading)[0] == []


def test_the_heading_of_a_paragraph_reaches_the_statement_reader() -> None:
    """prose_rows reads a `heading` column when its texts carry one, and gives the treaty's start row."""
    from curator.readers.statements import prose_rows

    texts = pl.DataFrame(
        {"doc": [0], "line": [5], "text": [_SIGNED], "source": ["prose"], "heading": ["First official relations"]},
        schema={"doc": pl.UInt32(), "line": pl.Int64(), "text": pl.String(), "source": pl.String(),
                "heading": pl.String()},
    )  # fmt: skip
    context = pl.DataFrame(
        {"doc": [0], "subject": ["Portugal"], "counterpart": ["Japan"]},
        schema={"doc": pl.UInt32(), "subject": pl.String(), "counterpart": pl.String()},
    )
    rows, _findings = prose_rows(texts, context)
    assert rows.select("country", "event", "date_edtf", "treaty").rows() == [
        ("Portugal", "established", "1860-08-03", "Treaty of Peace, Amity and Commerce")
    ]
    assert prose_rows(texts.drop("heading"), context)[0].is_empty()


@pytest.mark.parametrize(("heading", "found"), [("First official relations", True), ("Trade", False)])
def test_a_document_section_heading_decides_whether_a_signed_treaty_starts_relations(heading: str, found: bool) -> None:
    """Built from a whole document, a paragraph carries its section's heading to the statement reader: the same
    treaty sentence is a start under a first-relations heading and nothing under another."""
    text = f"= Japan–Portugal relations =\n\n== {heading} ==\n\n{_SIGNED}\n"
    expected = [("Portugal", "established", "1860-08-03")] if found else []
    assert events(text) == expected


def test_relations_upgraded_to_embassy_level_are_an_upgrade_not_a_start() -> None:
    """'relations were upgraded to embassy level in 1963' is an `upgraded` event, never `established`."""
    text = "= Japan–Mexico relations =\n\nDiplomatic relations were upgraded to embassy level in 1963.\n"
    assert events(text) == [("Mexico", "upgraded", "1963")]


# --- states of the past and aliases --------------------------------------------------------------------------------


def test_a_state_of_the_past_maps_to_its_successor_and_keeps_its_name() -> None:
    """'the Kingdom of Prussia' is kept in party_as_named; country is Germany (DEU), country_mapping `successor`."""
    text = (
        "= Foreign relations of Japan =\n\n"
        "Japan and the Kingdom of Prussia established diplomatic relations on 24 January 1861.\n"
    )
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["party_as_named"], row["country"], row["country_iso3"], row["country_mapping"]) == (
        "Kingdom of Prussia",
        "Germany",
        "DEU",
        "successor",
    )


def test_a_state_with_no_successor_keeps_its_name_and_no_iso_code() -> None:
    """The Kingdom of Hawaii (treaty of 19 August 1871) has no successor: its own name, no ISO code, `as_named`."""
    text = (
        "= Foreign relations of Japan =\n\n"
        "Japan and the Kingdom of Hawaii established diplomatic relations on 19 August 1871.\n"
    )
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["party_as_named"], row["country"], row["country_iso3"], row["country_mapping"]) == (
        "Kingdom of Hawaii",
        "Kingdom of Hawaii",
        None,
        "as_named",
    )


def test_a_former_name_maps_through_the_alias_table() -> None:
    """'Siam' (Declaration of Amity and Commerce, 26 September 1887) is Thailand through the alias table."""
    text = "= Foreign relations of Japan =\n\nJapan and Siam established diplomatic relations on 26 September 1887.\n"
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["party_as_named"], row["country"], row["country_iso3"], row["country_mapping"]) == (
        "Siam",
        "Thailand",
        "THA",
        "alias",
    )


@pytest.mark.parametrize(
    ("name", "today"),
    [
        ("Soviet Union", ("Russia", "RUS", "successor")),
        ("USSR", ("Russia", "RUS", "successor")),
        ("the Kingdom of Prussia", ("Germany", "DEU", "successor")),
        ("German Empire", ("Germany", "DEU", "successor")),
        ("Qing China", ("China", "CHN", "successor")),
        ("Ottoman Empire", ("Turkey", "TUR", "successor")),
        ("Austria-Hungary", ("Austria-Hungary", None, "as_named")),  # two successors, neither alone
        ("Kingdom of Hawaii", ("Kingdom of Hawaii", None, "as_named")),
        ("East Timor", ("Timor-Leste", "TLS", "alias")),
        ("Burma", ("Myanmar", "MMR", "alias")),
        ("Holland", ("Netherlands", "NLD", "alias")),
        ("Persia", ("Iran", "IRN", "alias")),
        ("Timor-Leste", ("Timor-Leste", "TLS", "as_named")),
        ("Russia", ("Russia", "RUS", "as_named")),  # a spelling pycountry lacks, not another name
    ],
)
def test_the_state_today_of_a_name(name: str, today: tuple[str, str | None, str]) -> None:
    """Every name resolves through exactly one of the successor table, the alias table, or its own name."""
    assert state_today(name) == today


def test_the_two_tables_do_not_overlap_and_name_known_states() -> None:
    """No name is both an alias and a state of the past; every successor and alias today resolves to an ISO code."""
    assert not set(ALIASES) & set(SUCCESSORS)
    assert all(country_iso3(successor) for successor in SUCCESSORS.values() if successor)
    assert all(country_iso3(alias.today) == alias.iso3 for alias in ALIASES.values() if alias.today)
    assert all(is_country_name(name) for name in SUCCESSORS)


def test_the_founding_table_names_states_and_earlier_names_without_iso_codes() -> None:
    """Every founded state resolves to an ISO code; every earlier state is a known party with none of its own."""
    assert all(country_iso3(state) for state in FOUNDED)
    assert all(is_country_name(earlier) and country_iso3(earlier) is None for _, earlier in FOUNDED.values())


@pytest.mark.parametrize(
    ("entry", "receiving"),
    [
        ("Kuroda Kiyotaka (1876–1877)", "Korea"),  # accredited to Joseon, decades before the state of the title
        ("Hayashi Gonsuke (1899–1906)", "Korea"),
        ("Akira Okada (1948–1950)", "South Korea"),  # the founding year itself: kept as the title names it
        ("Koichi Aiboshi (2021–)", "South Korea"),
    ],
)
def test_an_envoy_sent_before_the_state_of_the_title_was_founded_is_accredited_to_the_earlier_state(
    entry: str, receiving: str
) -> None:
    """A list titled with a state founded after an entry's term began names, for that entry, the earlier state."""
    text = f"= List of ambassadors of Japan to South Korea =\n\n- {entry}\n"
    frame = build(text).frames["ambassadors"]
    assert frame.select("sending_country", "receiving_country").rows() == [("Japan", receiving)]


def test_the_data_dictionary_lists_both_tables() -> None:
    """The dictionary's country section has a row for every alias and every state of the past."""
    rendered = render_country_tables()
    assert all(f"| {name} |" in rendered for name in (*ALIASES, *SUCCESSORS))


def test_a_successor_start_is_compared_only_with_the_same_past_state() -> None:
    """A start of the Soviet Union (mapped to Russia) is not compared with a start of Russia itself."""
    day = dt.date(1956, 10, 19)
    rows = [
        ("a.txt", "Russia", "RUS", "Soviet Union", "successor", day),
        ("b.txt", "Russia", "RUS", "Russia", "as_named", dt.date(1991, 12, 27)),
        ("c.txt", "Russia", "RUS", "Soviet Union", "successor", day),
    ]
    frame = pl.DataFrame(
        [
            {
                "source_file": file,
                "source_line": 1,
                "source_text": None,
                "source": "prose",
                "subject_country": "Japan",
                "country": country,
                "country_iso3": iso3,
                "party_as_named": named,
                "country_mapping": mapping,
                "event": "established",
                "date_text": str(date.year),
                "date_edtf": str(date.year),
                "date_earliest": date,
                "date_latest": date,
            }
            for file, country, iso3, named, mapping, date in rows
        ]
    )
    compared = relation_comparisons(frame.lazy(), "Japan")
    assert {(row["a_source_file"], row["b_source_file"], row["verdict"]) for row in compared} == {
        ("a.txt", "c.txt", "agree")
    }


# --- Japanese era dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "edtf", "earliest", "latest", "precision"),
    [
        ("Meiji 6", "1873", dt.date(1873, 1, 1), dt.date(1873, 12, 31), "year"),  # Gregorian from Meiji 6
        ("明治6年", "1873", dt.date(1873, 1, 1), dt.date(1873, 12, 31), "year"),
        ("the 8th month of Kanpyō 6", "0894", dt.date(894, 1, 1), dt.date(894, 12, 31), "year"),  # lunar month
        ("Kanpyō 6", "0894/0895", dt.date(894, 1, 1), dt.date(895, 12, 31), "year"),  # a lunisolar year
        ("Shōwa 20", "1945", dt.date(1945, 1, 1), dt.date(1945, 12, 31), "year"),  # the Shōwa that lasted 20 years
        ("Taishō 1", "1912-07-30/1912-12-31", dt.date(1912, 7, 30), dt.date(1912, 12, 31), "day"),
    ],
)
def test_a_japanese_era_date_has_honest_bounds(
    text: str, edtf: str, earliest: dt.date, latest: dt.date, precision: str
) -> None:
    """An era date is the span its calendar allows: a Gregorian year from 1873, a lunisolar year before."""
    date = parse_fuzzy_date(text)
    assert date is not None
    assert (date.edtf, date.earliest, date.latest, date.precision, date.text) == (
        edtf,
        earliest,
        latest,
        precision,
        text,
    )


@pytest.mark.parametrize("text", ["Meiji 50", "Shōwa 1", "Kanpyō 0", "the 13th month of Kanpyō 6"])
def test_an_era_date_the_era_did_not_reach_is_no_date(text: str) -> None:
    """A year past the era's end, year 0, a 13th month, or a year two eras of one name both reached is not read."""
    assert parse_fuzzy_date(text) is None


def test_an_era_date_in_prose_dates_the_statement_and_keeps_the_era_text() -> None:
    """'in Meiji 6' dates a start to 1873 and date_text keeps 'Meiji 6'."""
    text = "= Japan–Peru relations =\n\nJapan and Peru established diplomatic relations in Meiji 6.\n"
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["country"], row["event"], row["date_edtf"], row["date_text"]) == (
        "Peru",
        "established",
        "1873",
        "Meiji 6",
    )


def test_an_era_date_in_a_relations_cell_is_read() -> None:
    """A relations table cell 'Meiji 6' gives the start 1873 with the era text kept."""
    text = (
        "= Foreign relations of Japan =\n\n"
        "| Country | Formal relations began | Notes |\n"
        "| Peru | Meiji 6 | See Japan–Peru relations |\n"
    )
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["country"], row["date_edtf"], row["date_text"]) == ("Peru", "1873", "Meiji 6")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The focal country's capital names it: "Tokyo recognised ..." in 'Foreign relations of Moldova'.
        (
            "= Foreign relations of Moldova =\n\nTokyo and Chisinau established diplomatic relations on 16 March "
            "1992.\n",
            [("Moldova", "established", "1992-03-16")],
        ),
        # Two other states, one of them the title's subject: the subject is the counterpart.
        (
            "= Foreign relations of Kazakhstan =\n\nWith Japan, Kazakhstan agreed to exchange ambassadors early in "
            "1992, weeks after the Soviet Union was dissolved.\n",
            [("Kazakhstan", "established", "1992")],
        ),
        # Two other states, neither the subject: nothing.
        (
            "= Foreign relations of Kazakhstan =\n\nWith Japan, Mongolia agreed to exchange ambassadors in 1972, "
            "after China had done so.\n",
            [],
        ),
    ],
)
def test_the_counterpart_of_a_statement_in_an_overview(text: str, found: list[tuple[str, str, str]]) -> None:
    """A capital stands for the focal country; of two other states, the title's subject is the counterpart."""
    assert events(text) == found


def test_a_demonym_party_is_kept_beside_a_state_of_the_past() -> None:
    """'recognition to the Ukrainian state ..., after the breakup of the Soviet Union' is Ukraine's, not Russia's."""
    text = (
        "= Japan–Ukraine relations =\n\nJapan extended diplomatic recognition to the Ukrainian state on 28 December "
        "1991, right after the breakup of the Soviet Union.\n"
    )
    assert events(text) == [("Ukraine", "recognized", "1991-12-28")]


# --- document shapes around a statement (prose18c: datelines, headlines, timelines, several countries) ----------------


def _starts(text: str) -> list[tuple[str | None, str, str, str | None]]:
    """(country, event, EDTF, date_derived_from) of every relation event built from a document."""
    frame = build(text).frames["relation_events"]
    return frame.select("country", "event", "date_edtf", "date_derived_from").rows()


@pytest.mark.parametrize(
    "dateline",
    [
        "date 2024-01-11",
        "January 11, 2024",
        "11 January 2024 - 11:41",
        "11 January 2024, Tokyo",
        "ANKARA, 11 January 2024 – A ceremony was held in the capital.",
        "ANKARA, Jan. 11, 2024 /PRNewswire/ -- A ceremony was held in the capital.",
    ],
)
def test_an_anniversary_in_a_datelined_statement_is_counted_from_the_dateline(dateline: str) -> None:
    """Facts: Japan–Turkey relations, 1924; a centenary page dated 2024. 'are celebrating the 100th anniversary'
    writes no year: the start is 1924, counted from the dateline's year and marked so."""
    text = (
        "= Japan and Turkey mark a century of diplomatic relations =\n\n"
        f"{dateline}\n\n"
        "Japan and Turkey are celebrating the 100th anniversary of the establishment of diplomatic relations.\n"
    )
    assert _starts(text) == [
        ("Turkey", "established", "1924", "100 years before 2024 (anniversary, in the year of the dateline) (line 5)")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # No dateline year to count from: the year of the ceremony is not known.
        None,
        # Another year than the dateline's.
        "Last year Japan and Turkey celebrated the 100th anniversary of the establishment of diplomatic relations.",
        "Ten years ago Japan and Turkey celebrated the 90th anniversary of the establishment of diplomatic relations.",
    ],
)
def test_an_undated_anniversary_gives_no_start_without_its_year(sentence: str | None) -> None:
    """An anniversary with no year written is counted only from a dateline, and only when nothing points elsewhere."""
    body = sentence or "Japan and Turkey are celebrating the 100th anniversary of the establishment of relations."
    dateline = "" if sentence is None else "March 31, 2021\n\n"
    text = f"= Japan and Turkey, a century of friendship =\n\n{dateline}{body}\n"
    assert _starts(text) == []


def test_an_anniversary_of_a_dated_start_keeps_the_start_year() -> None:
    """Facts: Japan–United States relations, 1860. 'the 160th anniversary of the establishment of diplomatic
    relations in 1860' dates the start 1860, not 160 years before it, whatever the dateline."""
    text = (
        "= 160 Years of the US-Japan Relationship =\n\nMarch 31, 2021\n\n"
        "Last year Japan and the United States celebrated the 160th anniversary of the establishment of diplomatic "
        "relations in 1860.\n"
    )
    assert _starts(text) == [("United States", "established", "1860", None)]


@pytest.mark.parametrize(
    ("title", "found"),
    [
        # Facts: Iran–Japan relations, 1929; the 90th anniversary in 2019.
        ("Iran, Japan celebrate 90th anniversary of diplomatic ties", [("Iran", "established", "1929")]),
        ("Concert marks anniversary of Iran–Japan relations", [("Iran", "established", "1929")]),
        # A headline naming a third state, or none besides Japan, names no counterpart.
        ("Iran, Iraq and Japan hold talks on their diplomatic ties", []),
        ("Japan celebrates an anniversary of diplomatic ties", []),
    ],
)
def test_a_headline_naming_japan_and_one_state_names_the_counterpart(title: str, found: list[tuple[str, ...]]) -> None:
    """A news headline about the relations of Japan and one other state gives the counterpart of a sentence that
    names no state ('the two countries')."""
    text = (
        f"= {title} =\n\n18 January 2019 - 11:41\n\n"
        "A ceremony was held on Thursday for the 90th anniversary of the establishment of diplomatic ties between "
        "the two countries.\n"
    )
    assert [row[:3] for row in _starts(text)] == found


def test_a_timeline_item_dates_its_statement_with_its_leading_year() -> None:
    """Facts: Japan–United States timeline. '1854: Treaty ... signed; diplomatic relations established.' starts
    relations in 1854; consulates opened in 1858 and an embassy sailing in 1860 are no starts."""
    text = (
        "= Timeline of Japan–United States relations =\n\n== 19th century ==\n"
        "- 1853: Commodore Perry arrives in Edo Bay with four black ships.\n"
        "- 1854: Treaty of Peace and Amity signed at Kanagawa; diplomatic relations established.\n"
        "- 1858: Treaty of Amity and Commerce signed; permanent consulates opened.\n"
        "- 1860: The first Japanese embassy sails for San Francisco.\n"
    )
    assert _starts(text) == [("United States", "established", "1854", None)]


def test_one_verb_with_several_countries_gives_each_its_own_date() -> None:
    """Facts: the shogunate's treaties with the United States (1854), Russia (1855) and the Netherlands (1856):
    one statement per country, each with the date written after it, Holland named as written."""
    text = (
        "= Foreign relations of Japan =\n\n"
        "Under the shogunate, Japan entered into treaty relations with the United States in 1854, with Russia in 1855 "
        "and with Holland in 1856.\n"
    )
    frame = build(text).frames["relation_events"]
    assert frame.select("country", "party_as_named", "country_mapping", "date_edtf").rows() == [
        ("United States", "United States", "as_named", "1854"),
        ("Russia", "Russia", "as_named", "1855"),
        ("Netherlands", "Holland", "alias", "1856"),
    ]


def test_a_second_country_with_another_subject_is_not_shared() -> None:
    """'established relations with Peru in 1873 and trade with Chile in 1897': Chile shares neither verb nor date."""
    text = (
        "= Foreign relations of Japan =\n\n"
        "Japan established relations with Peru in 1873 and trade with Chile in 1897.\n"
    )
    found = _starts(text)
    assert "Chile" not in [row[0] for row in found]
    assert all(row[2] != "1897" for row in found)


def test_a_former_name_in_a_sentence_is_kept_as_written_under_a_title_with_the_name_of_today() -> None:
    """Facts: Siam and Japan, declaration of 26 September 1887. Under 'Japan–Thailand relations' the sentence's
    'Siam' is kept in party_as_named, and the country is Thailand through the alias table."""
    text = (
        "= Japan–Thailand relations =\n\n== Establishment of relations ==\n\n"
        "On 26 September 1887 Siam and Japan signed a declaration of friendship and commerce and established "
        "diplomatic relations.\n"
    )
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["country"], row["party_as_named"], row["country_mapping"], row["date_edtf"]) == (
        "Thailand",
        "Siam",
        "alias",
        "1887-09-26",
    )


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # Facts: Nepal–Japan relations, 1956; the diamond jubilee in 2016.
        (
            "In 2016 both countries celebrated the diamond jubilee of their diplomatic relations.",
            [("established", "1956")],
        ),
        # Facts: Malaysia–Japan relations, 31 August 1957.
        (
            "In 2017 the two capitals marked the 60th anniversary of Malaysia–Japan diplomatic relations.",
            [("established", "1957")],
        ),
        ("The two countries have had good relations since 1957.", [("established", "1957")]),
        # A jubilee of something else is no start.
        ("In 2016 the king celebrated the diamond jubilee of his reign.", []),
    ],
)  # fmt: skip
def test_jubilees_pair_adjectives_and_good_relations_since(sentence: str, found: list[tuple[str, str]]) -> None:
    """'diamond jubilee of their diplomatic relations', 'anniversary of Malaysia–Japan diplomatic relations' and
    'have had good relations since' date the start."""
    assert [(s.event, s.date.edtf) for s in read_paragraph(sentence)] == found


def test_a_relations_row_names_a_former_name_as_the_state_today_like_its_event() -> None:
    """Facts: Japan and Timor-Leste, relations on 20 May 2002. A blank country cell recovered from 'See East
    Timor–Japan relations' is Timor-Leste in relations, as in relation_events (which keeps 'East Timor' as named)."""
    text = (
        "= Foreign relations of Japan =\n\n== Asia ==\n"
        "| Country | Formal relations began | Notes |\n"
        "| | 20 May 2002 | See East Timor–Japan relations |\n"
    )
    frames = build(text).frames
    assert frames["relations"].select("country", "country_iso3", "notes").rows() == [
        ("Timor-Leste", "TLS", "See East Timor–Japan relations")
    ]
    assert frames["relation_events"].select("country", "party_as_named", "country_mapping").rows() == [
        ("Timor-Leste", "East Timor", "alias")
    ]


def test_a_state_of_the_past_named_in_a_relative_clause_is_the_party() -> None:
    """Facts: Czechoslovakia and Japan, relations in 1919. Under 'Czech Republic–Japan relations', "those of
    Czechoslovakia, which set up diplomatic relations with Japan in 1919" is Czechoslovakia's start, not the Czech
    Republic's."""
    text = (
        "= Czech Republic–Japan relations =\n\n"
        "The relations of the Czech Republic with Japan continue those of Czechoslovakia, which set up diplomatic "
        "relations with Japan in 1919.\n"
    )
    assert _starts(text) == [("Czechoslovakia", "established", "1919", None)]


@pytest.mark.parametrize(
    ("item", "found"),
    [
        # Facts: Japan–Nepal basic data, relations on 1 September 1956.
        ("- Diplomatic relations: established on 1 September 1956", [("Nepal", "established", "1956-09-01")]),
        ("- Establishment of diplomatic relations: 1 September 1956", [("Nepal", "established", "1956-09-01")]),
        ("1. Diplomatic relations established: September 1956", [("Nepal", "established", "1956-09")]),
        # A value that is not the start's date.
        ("- Diplomatic relations: raised to embassy level in 1965", []),
        ("- Japanese nationals in Nepal: 1,100 (2019)", []),
    ],
)
def test_a_key_and_value_of_basic_data_states_the_start(item: str, found: list[tuple[str, str, str]]) -> None:
    """A ministry's basic-data line 'Diplomatic relations: established on DATE' is a start; another value is not."""
    text = f"= Japan–Nepal Relations (Basic Data) =\n\n== Basic data ==\n{item}\n"
    assert [row[:3] for row in _starts(text)] == found


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # Facts: Canada–Japan, relations normal again when the peace treaty took effect in April 1952.
        (
            "Relations were put back on a normal footing when the peace treaty came into force in April 1952.",
            [("re_established", "1952-04")],
        ),
        # Facts: Spain–Japan, treaty signed at Kanagawa on 12 November 1868: the date ends a long clause.
        (
            "Official relations between the two countries go back to a treaty of friendship, commerce and navigation "
            "that the plenipotentiaries Higashikuze Michitomi and José Heriberto García de Quevedo signed at Kanagawa "
            "on 12 November 1868.",
            [("established", "1868-11-12")],
        ),
        # Facts: the Philippines and Japan, envoys in 1943 and ambassadors again from 23 July 1956.
        ("Manila and Tokyo first exchanged envoys on October 14, 1943.", [("established", "1943-10-14")]),
        ("The two countries again exchanged ambassadors from July 23, 1956.", [("re_established", "1956-07-23")]),
        # Facts: Thailand and Japan, declaration of 26 September 1887.
        (
            "On 26 September 1887 Thailand and Japan signed the Declaration of Amity and Commerce, formally "
            "establishing their diplomatic relations.",
            [("established", "1887-09-26")],
        ),
        ("Both sides signed a memorandum in 2015 with a view to establishing closer economic relations.", []),
        # Distractors: a date far away that is not the treaty's, ambassadors exchanged with no 'first' or 'again'.
        (
            "Official relations go back to a treaty of friendship and commerce, after which the two states kept "
            "consuls in each other's ports for many decades and the first legation opened in 1900.",
            [],
        ),
        ("The two countries exchanged ambassadors in 1964.", []),
    ],
)  # fmt: skip
def test_a_restart_a_long_treaty_clause_and_envoys_first_exchanged(sentence: str, found: list[tuple[str, str]]) -> None:
    """'put back on a normal footing', a treaty's signing date at the end of its clause, and 'first' / 'again
    exchanged envoys' date the start or restart; other dates and plain exchanges do not."""
    assert [(s.event, s.date.edtf) for s in read_paragraph(sentence)] == found


def test_a_headline_about_an_ambassador_names_the_counterpart_by_its_demonym() -> None:
    """Facts: Canada–Japan relations normal again in April 1952. 'Better know a Canadian functionary: the
    Ambassador to Japan' gives Canada to a sentence that names no state."""
    text = (
        "= Better know a Canadian functionary: the Ambassador to Japan =\n\n"
        "Relations were put back on a normal footing when the peace treaty came into force in April 1952.\n"
    )
    assert [row[:3] for row in _starts(text)] == [("Canada", "re_established", "1952-04")]


def test_a_statement_in_a_relations_notes_cell_is_read_after_the_date_cell() -> None:
    """Facts: Croatia and Japan, relations on 5 March 1993, recognition on 17 March 1992. The Notes cell's
    recognition is an event of the row, numbered after the date cell's; its embassy opening is not."""
    text = (
        "= Foreign relations of Croatia =\n\n== Asia ==\n"
        "| Country | Formal relations began | Notes |\n"
        "| | 5 March 1993 | See Croatia–Japan relations. Japan recognised Croatia on 17 March 1992. Croatia's "
        "embassy in Tokyo opened on 5 September 1993. |\n"
    )
    frame = build(text).frames["relation_events"]
    assert frame.select("country", "source", "event_order", "event", "date_edtf").rows() == [
        ("Croatia", "cell", 1, "established", "1993-03-05"),
        ("Croatia", "note", 2, "recognized", "1992-03-17"),
    ]


def test_a_statement_in_an_ambassador_rows_notes_is_a_relation_event() -> None:
    """Facts: Germany and Japan, relations resumed in 1920 after the First World War. The Notes cell of an envoy's
    row ('relations resumed in 1920') is a restart with the list's counterpart; the envoy's term is no event."""
    text = (
        "= List of ambassadors of Japan to Germany =\n\n"
        "| Start | End | Name | Name (Japanese) | Notes |\n"
        "| 1914 | 1920 | — | — | Relations broken off during the First World War |\n"
        "| 1920 | 1923 | Hioki Eki | 日置 益 | relations resumed in 1920 |\n"
    )
    assert [row[:3] for row in _starts(text)] == [("Germany", "re_established", "1920")]


# --- phrasings fixed by prose18d ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # Facts: Finland–Japan, relations counted from 1919 by one account.
        (
            "The Finnish archives date the official beginning of relations to 6 September 1919.",
            [("established", "1919-09-06")],
        ),
        # A verb coordinated with a statement that ends something else ('until ...') is a fact with its own date.
        (
            "Shipping went on until diplomatic relations were severed in 1941 and were resumed in the late 1950s.",
            [("re_established", "195X")],
        ),
        # A need that the same sentence says was met.
        (
            "After the empire broke up, relations with the new republic had to be set up anew, which was done in 1920.",
            [("re_established", "1920")],
        ),
        # A date that opens the statement's clause dates it, however long the clause.
        (
            "A liaison office opened in 1950, and on 28 April 1952, the day the peace treaty took effect, the two "
            "foreign ministers exchanged notes in Tokyo under which both governments agreed to resume diplomatic "
            "relations.",
            [("re_established", "1952-04-28")],
        ),
    ],
)
def test_an_account_a_coordinated_fact_a_need_met_and_an_opening_date(
    sentence: str, found: list[tuple[str, str]]
) -> None:
    """'dates the official beginning of relations to', a verb coordinated with an 'until' statement, 'had to be set
    up anew, which was done in', and a date opening a long clause that ends in 'agreed to resume relations'."""
    assert [(s.event, s.date.edtf) for s in read_paragraph(sentence)] == found


@pytest.mark.parametrize(
    "sentence",
    [
        # The date of the statement 'until' ends with is not read; a coordinated verb of another subject is not one.
        "Shipping went on until diplomatic relations were severed in 1941 and trade resumed in 1950.",
        # A need never said to have been met.
        "Relations with the new republic had to be set up anew after 1920.",
        # A date that opens another clause, before ', and'.
        "On 28 April 1952, the day the peace treaty took effect, a trade office opened, and the two governments "
        "later agreed to resume diplomatic relations.",
        # A date in the middle of a clause, far from the statement.
        "The envoys who had met in Tokyo on 28 April 1952 to settle claims over fishing grounds and over the "
        "return of property seized during the war later agreed to resume diplomatic relations.",
        # A relative clause that moves on to another state's act, dated by a day of its own.
        "On 12 March 2009, the Japanese foreign minister spoke in support of the borders of Freedonia, which was "
        "followed by the recognition of two breakaway regions by a neighbour on the previous day.",
    ],
)
def test_a_distractor_of_those_phrasings_gives_no_start(sentence: str) -> None:
    """An 'until' statement's own date, a need not met, a date opening another clause or sitting mid-clause, and
    an opening date across a clause about another state's act date no event."""
    assert read_paragraph(sentence) == []


def test_a_state_that_gives_an_account_is_not_the_party() -> None:
    """'the Czech foreign ministry dates the start of relations to 1920, when Japan accepted Czechoslovakia's first
    envoy': the party is Czechoslovakia, not the Czech Republic of the title."""
    text = (
        "= Czech Republic–Japan relations =\n\n"
        "The Czech foreign ministry dates the formal start of relations to 1920, when Japan received the first "
        "envoy of Czechoslovakia.\n"
    )
    assert events(text) == [("Czechoslovakia", "established", "1920")]


def test_an_account_naming_no_other_state_keeps_the_titles_counterpart() -> None:
    """'the Czech government dates the start of relations to 1993' with no other state named: the title's."""
    text = "= Czech Republic–Japan relations =\n\nThe Czech government dates the start of relations to 1993.\n"
    assert events(text) == [("Czech Republic", "established", "1993")]


def test_japan_recognising_a_list_of_states_gives_each_a_recognition() -> None:
    """'Japan recognised both Slovakia and the Czech Republic' after a clause naming Czechoslovakia: one event for
    each state of the list, not the title's counterpart alone."""
    text = (
        "= Czech Republic–Japan relations =\n\n"
        "When Czechoslovakia split on 1 January 1993, Japan recognised both Slovakia and the Czech Republic.\n"
    )
    assert sorted(events(text)) == [
        ("Czech Republic", "recognized", "1993-01-01"),
        ("Slovakia", "recognized", "1993-01-01"),
    ]


def test_a_list_recognised_by_another_state_is_not_the_focal_countrys() -> None:
    """'Russia recognised both Slovakia and the Czech Republic, and Japan ...': the list is Russia's."""
    text = (
        "= Czech Republic–Japan relations =\n\n"
        "On 1 January 1993 Russia recognised both Slovakia and the Czech Republic; Japan followed later.\n"
    )
    assert [event for event in events(text) if event[0] == "Slovakia"] == []


def test_a_gapped_list_of_recognitions_gives_the_focal_country_its_own_month() -> None:
    """'Germany recognised Slovenia in January, Japan in March and Canada in April 1992': Japan's recognition is
    March 1992 (the year borrowed from the date closing the list, and said so), never Canada's April."""
    text = (
        "= Foreign relations of Slovenia =\n\n"
        "Germany recognised Slovenia in January, Japan in March and Canada in April 1992.\n"
    )
    row = build(text).frames["relation_events"].row(0, named=True)
    assert (row["country"], row["event"], row["date_edtf"], row["date_text"]) == (
        "Slovenia",
        "recognized",
        "1992-03",
        "March",
    )
    assert row["date_derived_from"] == "the year of 'April 1992', which closes the list (line 3)"


def test_a_gapped_list_after_the_focal_country_keeps_the_first_month_and_no_other_state() -> None:
    """'Japan recognised Estonia in January, Latvia in February 1921': Estonia in January 1921; the Latvia chunk,
    which may name another recogniser, gives no event of Japan's."""
    text = "= Japan–Latvia relations =\n\nJapan recognised Estonia in January, Latvia in February 1921.\n"
    assert events(text) == [("Estonia", "recognized", "1921-01")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Germany recognised Slovenia in January, Japan in March.",  # no year closes the list
        "Germany recognised Slovenia in January 1992, Japan in March 1992.",  # each chunk dated in full: as before
    ],
)
def test_a_gapped_list_without_one_closing_year_borrows_nothing(sentence: str) -> None:
    """A list whose last chunk writes no year, or whose chunks write their own, borrows no year."""
    assert all(s.derived_from is None for s in read_paragraph(sentence))


def test_another_start_date_in_a_relations_notes_cell_is_a_second_start_of_the_row() -> None:
    """'Other sources give 3 May 1958' in the Notes cell of the Japan row: a second `established` event of the row,
    from the note with its sentence, after the date cell's; a note that gives no date adds nothing."""
    text = (
        "= Foreign relations of Bhutan =\n\n"
        "| Country | Formal relations began | Notes |\n"
        "| Japan | 28 March 1986 | See Bhutan–Japan relations. Other sources give 3 March 1986. |\n"
        "| Mexico | 2 July 1990 | Some sources give no exact date. |\n"
    )
    frame = build(text).frames["relation_events"].sort("source_line", "event_order")
    assert frame.select("country", "event", "date_edtf", "source", "statement").rows() == [
        ("Bhutan", "established", "1986-03-28", "cell", None),
        ("Bhutan", "established", "1986-03-03", "note", "Other sources give 3 March 1986."),
        ("Mexico", "established", "1990-07-02", "cell", None),
    ]
