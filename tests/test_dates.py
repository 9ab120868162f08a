"""Tests for curator.dates: fuzzy dates, their reasons for failing, and dated events."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.dates import (
    END_STATUSES,
    EVENT_KINDS,
    PARTS,
    PRECISIONS,
    DateParse,
    FuzzyDate,
    clear_caches,
    explain_date,
    parse_date_events,
    parse_fuzzy_date,
)

D = date
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------
# Closed dates: exact edtf, bounds and precision
# ---------------------------------------------------------------------------

CLOSED = [
    # day month year, the commonest wiki form
    ("3 February 1898", "1898-02-03", D(1898, 2, 3), D(1898, 2, 3), "day"),
    # US month-day-year with comma
    ("August 3, 1992", "1992-08-03", D(1992, 8, 3), D(1992, 8, 3), "day"),
    # ISO day
    ("1898-02-03", "1898-02-03", D(1898, 2, 3), D(1898, 2, 3), "day"),
    # dotted numeric dates are day first
    ("29.02.2024", "2024-02-29", D(2024, 2, 29), D(2024, 2, 29), "day"),
    # dotted numeric date without zero padding, still day first
    ("3.2.1898", "1898-02-03", D(1898, 2, 3), D(1898, 2, 3), "day"),
    # abbreviated month
    ("1 Feb 1898", "1898-02-01", D(1898, 2, 1), D(1898, 2, 1), "day"),
    # "Sept." with a dot, US order
    ("Sept. 3, 1976", "1976-09-03", D(1976, 9, 3), D(1976, 9, 3), "day"),
    # ordinal day "3rd"
    ("3rd February 1898", "1898-02-03", D(1898, 2, 3), D(1898, 2, 3), "day"),
    # ordinal day "1st"
    ("1st January 1900", "1900-01-01", D(1900, 1, 1), D(1900, 1, 1), "day"),
    # ordinal day "2nd"
    ("2nd March 1953", "1953-03-02", D(1953, 3, 2), D(1953, 3, 2), "day"),
    # ordinal day "21st"
    ("21st October 1921", "1921-10-21", D(1921, 10, 21), D(1921, 10, 21), "day"),
    # ordinal day in US order
    ("August 3rd, 1992", "1992-08-03", D(1992, 8, 3), D(1992, 8, 3), "day"),
    # "3rd of February"
    ("3rd of February 1898", "1898-02-03", D(1898, 2, 3), D(1898, 2, 3), "day"),
    # a leading weekday is ignored
    ("Monday, 3 February 1898", "1898-02-03", D(1898, 2, 3), D(1898, 2, 3), "day"),
    # a leap day in a leap year is valid
    ("29 February 2024", "2024-02-29", D(2024, 2, 29), D(2024, 2, 29), "day"),
    # 2000 is a leap year (divisible by 400)
    ("29 February 2000", "2000-02-29", D(2000, 2, 29), D(2000, 2, 29), "day"),
    # a month spans the whole month
    ("September 1976", "1976-09", D(1976, 9, 1), D(1976, 9, 30), "month"),
    # abbreviated month with dot
    ("Sept. 1976", "1976-09", D(1976, 9, 1), D(1976, 9, 30), "month"),
    # February of a non-leap year ends on the 28th
    ("February 1900", "1900-02", D(1900, 2, 1), D(1900, 2, 28), "month"),
    # February of a leap year ends on the 29th
    ("February 2024", "2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
    # a year spans 1 January to 31 December
    ("1962", "1962", D(1962, 1, 1), D(1962, 12, 31), "year"),
    # era-marked short year
    ("AD 57", "0057", D(57, 1, 1), D(57, 12, 31), "year"),
    # a decade
    ("1890s", "189X", D(1890, 1, 1), D(1899, 12, 31), "decade"),
    # a decade with "the"
    ("the 1920s", "192X", D(1920, 1, 1), D(1929, 12, 31), "decade"),
    # a decade with an apostrophe
    ("1950's", "195X", D(1950, 1, 1), D(1959, 12, 31), "decade"),
    # an ordinal century counts strictly: 1201..1300
    ("13th century", "1201/1300", D(1201, 1, 1), D(1300, 12, 31), "century"),
    # the first century starts in year 1
    ("1st century", "0001/0100", D(1, 1, 1), D(100, 12, 31), "century"),
    # "the 21st century"
    ("the 21st century", "2001/2100", D(2001, 1, 1), D(2100, 12, 31), "century"),
    # "the 1800s" is the hundred years 1800..1899
    ("the 1800s", "18XX", D(1800, 1, 1), D(1899, 12, 31), "century"),
    # shortened year range with en dash
    ("1905\u201311", "1905/1911", D(1905, 1, 1), D(1911, 12, 31), "year"),
    # the same with a plain hyphen is still a year range, not November 1905
    ("1905-11", "1905/1911", D(1905, 1, 1), D(1911, 12, 31), "year"),
    # shortened year range within one decade
    ("1990\u201391", "1990/1991", D(1990, 1, 1), D(1991, 12, 31), "year"),
    # full year range with en dash
    ("1992\u20131994", "1992/1994", D(1992, 1, 1), D(1994, 12, 31), "year"),
    # full year range with hyphen
    ("2008-2009", "2008/2009", D(2008, 1, 1), D(2009, 12, 31), "year"),
    # full year range with em dash and spaces
    ("1941 \u2014 1945", "1941/1945", D(1941, 1, 1), D(1945, 12, 31), "year"),
    # year range with "to"
    ("1918 to 1921", "1918/1921", D(1918, 1, 1), D(1921, 12, 31), "year"),
    # "from ... to ..."
    ("from 1992 to 1994", "1992/1994", D(1992, 1, 1), D(1994, 12, 31), "year"),
    # "between ... and ..."
    ("between 1918 and 1921", "1918/1921", D(1918, 1, 1), D(1921, 12, 31), "year"),
    # US day range sharing month and year
    ("May 24\u201325, 2007", "2007-05-24/2007-05-25", D(2007, 5, 24), D(2007, 5, 25), "day"),
    # day range sharing month and year
    ("24\u201325 May 2007", "2007-05-24/2007-05-25", D(2007, 5, 24), D(2007, 5, 25), "day"),
    # day range across months sharing the year
    ("24 May \u2013 3 June 2007", "2007-05-24/2007-06-03", D(2007, 5, 24), D(2007, 6, 3), "day"),
    # month range sharing the year
    ("May\u2013June 2007", "2007-05/2007-06", D(2007, 5, 1), D(2007, 6, 30), "month"),
    # ISO day range
    ("1898-02-03 \u2013 1900-01-01", "1898-02-03/1900-01-01", D(1898, 2, 3), D(1900, 1, 1), "day"),
    # range precision is that of its start
    ("September 1976 \u2013 1980", "1976-09/1980", D(1976, 9, 1), D(1980, 12, 31), "month"),
    # decade range
    ("1890s\u20131920s", "189X/192X", D(1890, 1, 1), D(1929, 12, 31), "decade"),
    # century range with shared "century"
    ("13th\u201314th century", "1201/1400", D(1201, 1, 1), D(1400, 12, 31), "century"),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest", "precision"), CLOSED)
def test_closed_dates_have_exact_edtf_bounds_and_precision(
    text: str, edtf_str: str, earliest: date, latest: date, precision: str
) -> None:
    """Each written date gives exactly the expected EDTF string, bounds and precision."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision) == (
        edtf_str,
        earliest,
        latest,
        precision,
    )
    assert got.approximate is False


def test_a_month_stays_a_month() -> None:
    """A month stays a month: September 1976 spans the whole month, not its 1st or today's day."""
    got = parse_fuzzy_date("September 1976")
    assert got == FuzzyDate("1976-09", D(1976, 9, 1), D(1976, 9, 30), "month", "September 1976")


def test_yyyy_nn_range_is_a_year_range_only_when_nn_is_later() -> None:
    """'YYYY-NN' is a year range when NN is later than YYYY's last two digits, else rejected."""
    hyphen, dash = parse_fuzzy_date("1905-11"), parse_fuzzy_date("1905\u201311")
    assert hyphen is not None and dash is not None
    assert (hyphen.edtf, hyphen.earliest, hyphen.latest) == (dash.edtf, dash.earliest, dash.latest)
    bad = explain_date("1976-09")
    assert bad.date is None
    assert bad.reason is not None and bad.reason.startswith("ambiguous 'YYYY-NN'")


def test_single_dates_have_no_end_status_and_ranges_are_closed() -> None:
    """A single date has end_status None; a written range with both ends is 'closed'."""
    single = parse_fuzzy_date("1962")
    rng = parse_fuzzy_date("1992\u20131994")
    assert single is not None and single.end_status is None
    assert rng is not None and rng.end_status == "closed"


# ---------------------------------------------------------------------------
# Open ends
# ---------------------------------------------------------------------------

OPEN = [
    # trailing hyphen: ongoing
    ("2021-", "2021/..", D(2021, 1, 1), None, "year", "ongoing"),
    # trailing en dash with space: ongoing
    ("2021 \u2013", "2021/..", D(2021, 1, 1), None, "year", "ongoing"),
    # "present": ongoing
    ("2021\u2013present", "2021/..", D(2021, 1, 1), None, "year", "ongoing"),
    # "to present": ongoing
    ("1992 to present", "1992/..", D(1992, 1, 1), None, "year", "ongoing"),
    # "since" a day: ongoing from that day
    ("since 1 March 2021", "2021-03-01/..", D(2021, 3, 1), None, "day", "ongoing"),
    # "since" a month
    ("since November 2006", "2006-11/..", D(2006, 11, 1), None, "month", "ongoing"),
    # question-mark end: unknown
    ("2014-?", "2014/", D(2014, 1, 1), None, "year", "unknown"),
    # "unknown" end: unknown
    ("2014 \u2013 unknown", "2014/", D(2014, 1, 1), None, "year", "unknown"),
    # unknown start, known end: the end is closed, precision from the end
    ("?\u20131945", "/1945", None, D(1945, 12, 31), "year", "closed"),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest", "precision", "status"), OPEN)
def test_open_ranges_have_open_edtf_and_end_status(
    text: str,
    edtf_str: str,
    earliest: date | None,
    latest: date | None,
    precision: str,
    status: str,
) -> None:
    """An open or unknown end leaves that bound None and is named in end_status."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision, got.end_status) == (
        edtf_str,
        earliest,
        latest,
        precision,
        status,
    )


# ---------------------------------------------------------------------------
# Approximation
# ---------------------------------------------------------------------------

APPROXIMATE = [
    # "c." abbreviation
    ("c. 1584", "1584~", D(1584, 1, 1), D(1584, 12, 31)),
    # "circa" in full
    ("circa 1584", "1584~", D(1584, 1, 1), D(1584, 12, 31)),
    # "about"
    ("about 1584", "1584~", D(1584, 1, 1), D(1584, 12, 31)),
    # "ca." abbreviation
    ("ca. 1584", "1584~", D(1584, 1, 1), D(1584, 12, 31)),
    # "c." without space
    ("c.1584", "1584~", D(1584, 1, 1), D(1584, 12, 31)),
    # tilde prefix
    ("~1584", "1584~", D(1584, 1, 1), D(1584, 12, 31)),
    # approximate month
    ("circa September 1976", "1976-09~", D(1976, 9, 1), D(1976, 9, 30)),
    # approximate decade
    ("c. 1890s", "189X~", D(1890, 1, 1), D(1899, 12, 31)),
    # approximate start of a shortened range
    ("c. 1905\u201311", "1905~/1911", D(1905, 1, 1), D(1911, 12, 31)),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest"), APPROXIMATE)
def test_approximate_dates_keep_written_bounds_and_carry_tilde(
    text: str, edtf_str: str, earliest: date, latest: date
) -> None:
    """An approximation word marks the date approximate ('~') without widening its bounds."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.approximate) == (
        edtf_str,
        earliest,
        latest,
        True,
    )


# ---------------------------------------------------------------------------
# Wiki residue
# ---------------------------------------------------------------------------

RESIDUE = [
    # trailing full stop
    ("3 February 1898.", "1898-02-03"),
    # trailing comma and surrounding spaces
    ("  August 3, 1992, ", "1992-08-03"),
    # numeric reference marker
    ("1962[1]", "1962"),
    # spaced reference marker after a full stop
    ("1 March 1905. [12]", "1905-03-01"),
    # citation-needed marker
    ("1962[citation needed]", "1962"),
    # <ref> with content
    ("14 July 1954<ref>MOFA, ''Diplomatic Bluebook''</ref>", "1954-07-14"),
    # self-closing named <ref/>
    ('14 July 1954<ref name="mofa"/>', "1954-07-14"),
    # wiki links around parts of a date
    ("[[3 February]] [[1898]]", "1898-02-03"),
    # piped wiki link
    ("[[1898 in Japan|1898]]", "1898"),
    # HTML entity for a non-breaking space and en dash
    ("1905&nbsp;&ndash;&nbsp;1911", "1905/1911"),
    # non-breaking space inside the date
    ("3\u00a0February\u00a01898", "1898-02-03"),
    # parentheses around the date
    ("(1962)", "1962"),
    # bold wiki markup
    ("'''1962'''", "1962"),
]


@pytest.mark.parametrize(("text", "edtf_str"), RESIDUE)
def test_wiki_residue_around_a_date_is_ignored(text: str, edtf_str: str) -> None:
    """Whitespace, trailing punctuation, reference markers and <ref>s do not hide a date."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert got.edtf == edtf_str


# ---------------------------------------------------------------------------
# Nothing, with a reason
# ---------------------------------------------------------------------------

NOTHING = [
    # empty cell
    ("", "empty"),
    # whitespace only
    ("   \t\n", "empty"),
    # only a reference marker
    ("[1]", "empty"),
    # question mark placeholder
    ("?", "placeholder '?'"),
    # N/A placeholder
    ("N/A", "placeholder 'N/A'"),
    # em dash placeholder
    ("\u2014", "placeholder '\u2014'"),
    # hyphen placeholder
    ("-", "placeholder '-'"),
    # the word unknown
    ("unknown", "placeholder 'unknown'"),
    # February never has 31 days
    ("31 February 1900", "impossible date: 31 February 1900"),
    # February never has 30 days, US order
    ("February 30, 1990", "impossible date: February 30, 1990"),
    # 1900 is not a leap year (divisible by 100, not by 400)
    ("29 February 1900", "impossible date: 29 February 1900"),
    # dotted leap day of a non-leap year
    ("29.02.1900", "impossible date: 29.02.1900"),
    # ISO month 13
    ("1900-13-01", "impossible date: 1900-13-01"),
    # April has 30 days
    ("April 31, 1950", "impossible date: April 31, 1950"),
    # an impossible day inside a range still gives nothing
    ("30\u201331 February 1900", "impossible date: 31 February 1900"),
    # YYYY-MM looks like a month but NN is not a later year
    ("1976-09", "ambiguous 'YYYY-NN' (neither a later year nor a full ISO date): 1976-09"),
    # a range that ends before it starts
    ("1911\u20131905", "range ends before it starts: 1911\u20131905"),
    # BC dates cannot be held by datetime.date
    ("57 BC", "BC dates are not supported: 57 BC"),
    # words that are not a date
    ("the Meiji era", "unrecognized date text"),
    # ambiguous slash date
    ("3/2/1898", "unrecognized date text"),
    # a bare month
    ("September", "unrecognized date text"),
]


@pytest.mark.parametrize(("text", "reason"), NOTHING)
def test_non_dates_give_none_and_a_reason(text: str, reason: str) -> None:
    """Placeholders, impossible dates and other non-dates give None and say why."""
    assert parse_fuzzy_date(text) is None
    got = explain_date(text)
    assert isinstance(got, DateParse)
    assert (got.date, got.reason, got.ok) == (None, reason, False)


def test_successful_explain_has_no_reason() -> None:
    """A parsed date comes with reason None."""
    got = explain_date("1962")
    assert got.ok and got.reason is None and got.date is not None


def test_parsing_is_cached_per_distinct_string() -> None:
    """Repeated strings are served from the cache: the same result object comes back."""
    clear_caches()
    first = explain_date("3 February 1898")
    assert explain_date("3 February 1898") is first
    assert explain_date.cache_info().hits >= 1
    clear_caches()
    assert explain_date.cache_info().currsize == 0


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

EVENTS = [
    # two unlabelled dates: the first established, the later one re-established
    (
        "26 January 1921;10 October 1991",
        [("established", "1921-01-26"), ("re_established", "1991-10-10")],
    ),
    # unlabelled month then labelled re-establishment
    ("April 1922; re-established in 1981", [("established", "1922-04"), ("re_established", "1981")]),
    # four labelled events over two sentences
    (
        "First contact in 1584, officialized in 1868. Relations were broken on 11 April 1945 and reestablished in 1952",
        [
            ("first_contact", "1584"),
            ("officialized", "1868"),
            ("broken", "1945-04-11"),
            ("re_established", "1952"),
        ],
    ),
    # a lone labelled re-establishment
    ("reestablished in 1952", [("re_established", "1952")]),
    # a plain single date is the establishment
    ("1962", [("established", "1962")]),
    # a plain range is one establishment event
    ("1905\u201311", [("established", "1905/1911")]),
    # keyword after the date in the same clause
    ("In 1952 relations were restored.", [("re_established", "1952")]),
    # British spelling and severed
    (
        "Officialised in 1868; severed in 1941",
        [("officialized", "1868"), ("broken", "1941")],
    ),
    # de jure recognition written before the verb, with a range
    (
        "Between 1918 and 1921, Japan de jure recognized Georgia.",
        [("recognized_de_jure", "1918/1921")],
    ),
    # de facto recognition written after the verb
    ("Recognised de facto on 5 May 1920", [("recognized_de_facto", "1920-05-05")]),
    # plain recognition and suspension
    (
        "Recognized in 1991. Relations suspended in 2014",
        [("recognized", "1991"), ("suspended", "2014")],
    ),
    # sentence prose with trailing text after the date
    (
        "Relations were established on August 3, 1992, just over one year later.",
        [("established", "1992-08-03")],
    ),
    # an explicit establishment makes a later unlabelled date a re-establishment
    ("1991; established in 1921", [("re_established", "1991"), ("established", "1921")]),
    # an abbreviation's full stop does not end the clause
    ("Established c. 1584", [("established", "1584~")]),
    # open-ended establishment
    ("since 1 March 2021", [("established", "2021-03-01/..")]),
    # references and line breaks between events
    (
        "1921<ref>a</ref><br/>re-established 1991[2]",
        [("established", "1921"), ("re_established", "1991")],
    ),
    # a spaced dash after a date inside prose is punctuation, not an open end
    ("29.02.2024 - Article published", [("established", "2024-02-29")]),
    # no date at all
    ("Relations were established.", []),
    # placeholder
    ("?", []),
    # empty
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), EVENTS)
def test_events_are_labelled_in_order(text: str, expected: list[tuple[str, str]]) -> None:
    """Each date in a cell becomes an event named by its nearest event word, in order."""
    got = parse_date_events(text)
    assert [(e.event, e.date.edtf) for e in got] == expected
    assert all(e.event in EVENT_KINDS for e in got)


def test_event_keeps_its_fragment_and_full_date() -> None:
    """An event keeps the fragment it came from and the full FuzzyDate of its date."""
    (broken,) = [
        e
        for e in parse_date_events("Relations were broken on 11 April 1945 and reestablished in 1952")
        if e.event == "broken"
    ]
    assert broken.text == "broken on 11 April 1945"
    assert (broken.date.earliest, broken.date.latest, broken.date.precision) == (
        D(1945, 4, 11),
        D(1945, 4, 11),
        "day",
    )


def test_constants_list_the_allowed_values() -> None:
    """PRECISIONS, PARTS, EVENT_KINDS and END_STATUSES are the contract's allowed values."""
    assert PRECISIONS == ("day", "month", "season", "year", "decade", "century")
    assert PARTS == ("early", "mid", "late")
    assert set(EVENT_KINDS) == {
        "established",
        "first_contact",
        "officialized",
        "recognized",
        "recognized_de_facto",
        "recognized_de_jure",
        "broken",
        "suspended",
        "re_established",
        "upgraded",  # relations raised to embassy level (issue 18): an event, never a start
    }
    assert END_STATUSES == ("closed", "ongoing", "unknown")


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


def struct_to_date(t: time.struct_time) -> date:
    return date(t.tm_year, t.tm_mon, t.tm_mday)


# An EDTF season code (YYYY-21..24); ISO months never reach 21.
SEASON_CODE = re.compile(r"\d{4}-2[1-4]\b")
# (first month, first day, last month, last day, years from first to last) of each season's bounds.
SEASON_WINDOWS = {(3, 1, 6, 30, 0), (6, 1, 9, 30, 0), (9, 1, 12, 31, 0), (12, 1, 3, 31, 2)}


def check_invariants(got: FuzzyDate) -> None:
    """Bounds are ordered, precision matches a single date's span, and EDTF agrees."""
    assert got.precision in PRECISIONS
    assert got.end_status is None or got.end_status in END_STATUSES
    assert got.part is None or got.part in PARTS
    assert got.end_part is None or (got.end_part in PARTS and got.end_status == "closed")
    if got.earliest is not None and got.latest is not None:
        assert got.earliest <= got.latest
        parsed = edtf.parse_edtf(got.edtf)
        lower, upper = struct_to_date(parsed.lower_strict()), struct_to_date(parsed.upper_strict())
        if SEASON_CODE.search(got.edtf):
            # The edtf package reads one narrow convention for seasons; our bounds cover every reading.
            assert got.earliest <= lower and upper <= got.latest
        else:
            assert (lower, upper) == (got.earliest, got.latest)
    if got.end_status is not None:
        return
    assert got.earliest is not None and got.latest is not None
    lo, hi = got.earliest, got.latest
    if got.precision == "day":
        assert lo == hi
    elif got.precision == "month":
        assert (lo.year, lo.month, lo.day) == (hi.year, hi.month, 1)
        assert (hi + (D(2000, 1, 2) - D(2000, 1, 1))).month != hi.month or hi == date.max
    elif got.precision == "year":
        assert (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and lo.year == hi.year
    elif got.precision == "decade":
        assert (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31)
        assert lo.year % 10 == 0 and hi.year == lo.year + 9
    elif got.precision == "season":
        assert (lo.month, lo.day, hi.month, hi.day, hi.year - lo.year) in SEASON_WINDOWS
    else:
        assert (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31)
        assert hi.year == lo.year + 99 and lo.year % 100 in (0, 1)


@pytest.mark.parametrize(
    "text", [c[0] for c in CLOSED] + [c[0] for c in OPEN] + [c[0] for c in APPROXIMATE] + [c[0] for c in RESIDUE]
)
def test_table_dates_agree_with_the_edtf_package(text: str) -> None:
    """Every table date's EDTF string parses with the edtf package back to the same bounds."""
    got = parse_fuzzy_date(text)
    assert got is not None
    check_invariants(got)


DATEISH_WORDS = [
    "c.", "circa", "about", "since", "from", "between", "and", "to", "the", "present", "?", "unknown",
    "\u2013", "-", "\u2014", "s", "'s", "th", "st", "century", ",", ".", "[1]", "<ref>x</ref>",
    "Sept.", "February", "May", "Dec", "AD", "BC", "Monday,",
    "early", "mid", "mid-", "late", "in", "of", "end", "beginning", "summer", "Winter", "spring", "autumn", "fall",
    "before", "prior to", "by", "after", "until", "(de jure)", "(?)", "(probably)", "(5 April)", "(", ")",
    "No date given", "date unknown",
]  # fmt: skip
DATEISH_PIECES = st.one_of(
    st.sampled_from(DATEISH_WORDS),
    st.integers(0, 40).map(str),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 2100).map(str),
    st.integers(1000, 2100).map(str),
)
DATEISH = st.builds(
    lambda parts, sep: sep.join(parts),
    st.lists(DATEISH_PIECES, min_size=1, max_size=7),
    st.sampled_from([" ", "", "-", "\u2013"]),
)


@settings(deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    """Arbitrary text never raises; it gives a date or a reason."""
    got = explain_date(text)
    assert (got.date is None) == (got.reason is not None)
    if got.date is not None:
        check_invariants(got.date)
    for event in parse_date_events(text):
        assert event.event in EVENT_KINDS


@settings(deadline=None)
@given(st.binary(), st.sampled_from(["utf-8", "latin-1", "cp1252", "shift_jis"]))
def test_never_raises_on_text_decoded_from_bytes(raw: bytes, encoding: str) -> None:
    """Text decoded from arbitrary bytes (with replacement) gives a date or a reason, and only known event kinds."""
    text = raw.decode(encoding, errors="replace")
    got = explain_date(text)
    assert (got.date is None) == (got.reason is not None)
    assert {event.event for event in parse_date_events(text)} <= set(EVENT_KINDS)


@settings(deadline=None)
@given(DATEISH)
def test_date_like_text_keeps_invariants(text: str) -> None:
    """Whatever date-like text parses to has ordered bounds, matching precision and EDTF."""
    got = explain_date(text)
    assert (got.date is None) == (got.reason is not None)
    if got.date is not None:
        check_invariants(got.date)
    for event in parse_date_events(text):
        check_invariants(event.date)


DAY_STYLES = [
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year:04d}",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year:04d}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}",
    lambda d: f"{d.day}.{d.month}.{d.year:04d}",
    lambda d: f"{d.day} {ABBREVIATIONS[d.month - 1]} {d.year:04d}",
    lambda d: f"{ABBREVIATIONS[d.month - 1]}. {d.day}, {d.year:04d}",
    lambda d: f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year:04d}",
    lambda d: f"{MONTHS[d.month - 1]} {ordinal(d.day)}, {d.year:04d}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year:04d}",
]


@settings(deadline=None)
@given(st.dates(), st.sampled_from(range(len(DAY_STYLES))))
def test_generated_days_parse_back_in_every_style(day: date, style: int) -> None:
    """A valid day written in any supported style parses back to exactly that day."""
    text = DAY_STYLES[style](day)
    got = parse_fuzzy_date(text)
    assert got is not None, (text, explain_date(text).reason)
    assert (got.edtf, got.earliest, got.latest, got.precision) == (
        day.isoformat(),
        day,
        day,
        "day",
    )


@settings(deadline=None)
@given(st.dates(min_value=D(1000, 1, 1)), st.booleans())
def test_generated_months_and_years_parse_to_their_full_span(day: date, abbreviate: bool) -> None:
    """A written month spans that whole month and a written year that whole year."""
    name = (ABBREVIATIONS if abbreviate else MONTHS)[day.month - 1]
    month = parse_fuzzy_date(f"{name} {day.year}")
    assert month is not None
    assert month.earliest == day.replace(day=1)
    assert month.latest is not None and month.latest.month == day.month
    assert (month.latest.replace(day=28) - month.earliest).days == 27
    check_invariants(month)
    year = parse_fuzzy_date(str(day.year))
    assert year is not None
    assert (year.earliest, year.latest) == (D(day.year, 1, 1), D(day.year, 12, 31))


@settings(deadline=None)
@given(st.dates(min_value=D(1000, 1, 1)), st.dates(min_value=D(1000, 1, 1)), st.sampled_from(
    ["\u2013", " \u2013 ", "-", " to ", " \u2014 "]
))  # fmt: skip
def test_generated_day_ranges_parse_to_their_ends(a: date, b: date, sep: str) -> None:
    """Two valid days joined by a range separator give a range from the first to the second."""
    a, b = min(a, b), max(a, b)
    text = f"{a.day} {MONTHS[a.month - 1]} {a.year}{sep}{MONTHS[b.month - 1]} {b.day}, {b.year}"
    got = parse_fuzzy_date(text)
    assert got is not None, (text, explain_date(text).reason)
    assert (got.earliest, got.latest, got.precision, got.end_status) == (a, b, "day", "closed")
    check_invariants(got)


@settings(deadline=None)
@given(st.integers(1000, 9999), st.integers(1, 98))
def test_generated_shortened_year_ranges(start: int, length: int) -> None:
    """'YYYY–NN' within one century is the year range YYYY..(century + NN)."""
    end = start + length
    got = parse_fuzzy_date(f"{start}\u2013{end % 100:02d}")
    if end // 100 == start // 100 and end <= 9999:
        assert got is not None
        assert (got.earliest, got.latest) == (D(start, 1, 1), D(end, 12, 31))
    else:
        assert got is None


@pytest.mark.parametrize("cell", ["31 February 1900", "established on 30 February 1990", "1 May 1950; 31 April 1990"])
def test_impossible_day_in_a_cell_gives_no_neighbouring_month(cell: str) -> None:
    """An impossible day inside an event cell is dropped whole, never read as its month."""
    assert all(event.date.precision != "month" for event in parse_date_events(cell))


# ---------------------------------------------------------------------------
# Early / mid / late: the whole unit's bounds, the qualifier kept in `part`
# ---------------------------------------------------------------------------

QUALIFIED = [
    # mid-month: the whole month
    ("mid-March 1874", "1874-03", D(1874, 3, 1), D(1874, 3, 31), "month", "mid"),
    # early month: the whole month, never its first ten days
    ("early March 1874", "1874-03", D(1874, 3, 1), D(1874, 3, 31), "month", "early"),
    # late year: the whole year
    ("late 1874", "1874", D(1874, 1, 1), D(1874, 12, 31), "year", "late"),
    # capitalised, as at the start of a cell
    ("Late 1874", "1874", D(1874, 1, 1), D(1874, 12, 31), "year", "late"),
    # "late in" a year
    ("late in 1874", "1874", D(1874, 1, 1), D(1874, 12, 31), "year", "late"),
    # early decade: the whole decade
    ("early 1920s", "192X", D(1920, 1, 1), D(1929, 12, 31), "decade", "early"),
    # hyphenated mid-decade
    ("mid-1920s", "192X", D(1920, 1, 1), D(1929, 12, 31), "decade", "mid"),
    # spaced mid decade with "the"
    ("the mid 1920s", "192X", D(1920, 1, 1), D(1929, 12, 31), "decade", "mid"),
    # late decade with "the", as in prose
    ("the late 1980s", "198X", D(1980, 1, 1), D(1989, 12, 31), "decade", "late"),
    # late ordinal century: strict 1801..1900
    ("late 19th century", "1801/1900", D(1801, 1, 1), D(1900, 12, 31), "century", "late"),
    # hyphenated mid ordinal century
    ("mid-19th century", "1801/1900", D(1801, 1, 1), D(1900, 12, 31), "century", "mid"),
    # early 20th century, seen in a real article
    ("early 20th century", "1901/2000", D(1901, 1, 1), D(2000, 12, 31), "century", "early"),
    # late hundreds: the hundred years 1800..1899
    ("the late 1800s", "18XX", D(1800, 1, 1), D(1899, 12, 31), "century", "late"),
    # "the end of" reads as late
    ("the end of the 19th century", "1801/1900", D(1801, 1, 1), D(1900, 12, 31), "century", "late"),
    # "the beginning of" reads as early
    ("the beginning of 1874", "1874", D(1874, 1, 1), D(1874, 12, 31), "year", "early"),
    # "the middle of" reads as mid
    ("the middle of March 1874", "1874-03", D(1874, 3, 1), D(1874, 3, 31), "month", "mid"),
    # a qualified season keeps the season's bounds
    ("late summer 1905", "1905-22", D(1905, 6, 1), D(1905, 9, 30), "season", "late"),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest", "precision", "part"), QUALIFIED)
def test_early_mid_late_keep_the_whole_unit_and_record_the_part(
    text: str, edtf_str: str, earliest: date, latest: date, precision: str, part: str
) -> None:
    """Early / mid / late keep the bounds, EDTF and precision of the whole written unit and say which part."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision, got.part, got.end_part) == (
        edtf_str,
        earliest,
        latest,
        precision,
        part,
        None,
    )
    assert (got.approximate, got.end_status) == (False, None)


QUALIFIED_RANGES = [
    # each end keeps its own qualifier
    ("early 1920s\u2013late 1930s", "192X/193X", D(1920, 1, 1), D(1939, 12, 31), "decade", "early", "late"),
    # only the end qualified
    ("1920s \u2013 late 1930s", "192X/193X", D(1920, 1, 1), D(1939, 12, 31), "decade", None, "late"),
    # a qualified start of a shortened year range
    ("early 1874\u201375", "1874/1875", D(1874, 1, 1), D(1875, 12, 31), "year", "early", None),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest", "precision", "part", "end_part"), QUALIFIED_RANGES)
def test_qualified_range_ends_keep_their_own_part(
    text: str, edtf_str: str, earliest: date, latest: date, precision: str, part: str | None, end_part: str | None
) -> None:
    """A range records its start's qualifier in part and its end's in end_part; bounds are the whole units."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision, got.part, got.end_part, got.end_status) == (
        edtf_str,
        earliest,
        latest,
        precision,
        part,
        end_part,
        "closed",
    )


def test_a_qualified_partial_range_start_is_not_guessed() -> None:
    """'from early May to late June 1905' leaves its year-less qualified start unread rather than guessing it."""
    assert explain_date("from early May to late June 1905").reason == "unrecognized date text"


# ---------------------------------------------------------------------------
# Seasons: EDTF level-1 codes, bounds covering every northern reading
# ---------------------------------------------------------------------------

SEASONS = [
    # summer: meteorological June 1 to astronomical late September
    ("Summer 1905", "1905-22", D(1905, 6, 1), D(1905, 9, 30)),
    # spring: March 1 to astronomical late June
    ("spring 1921", "1921-21", D(1921, 3, 1), D(1921, 6, 30)),
    # autumn: September 1 to astronomical late December
    ("autumn 1870", "1870-23", D(1870, 9, 1), D(1870, 12, 31)),
    # US "fall" is autumn
    ("fall 1870", "1870-23", D(1870, 9, 1), D(1870, 12, 31)),
    # winter 1904: the winter ending early in 1904 or the one starting in December 1904
    ("winter 1904", "1904-24", D(1903, 12, 1), D(1905, 3, 31)),
    # "the summer of"
    ("the summer of 1905", "1905-22", D(1905, 6, 1), D(1905, 9, 30)),
    # comma between season and year
    ("Spring, 1921", "1921-21", D(1921, 3, 1), D(1921, 6, 30)),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest"), SEASONS)
def test_seasons_have_edtf_codes_and_cover_every_reading(
    text: str, edtf_str: str, earliest: date, latest: date
) -> None:
    """A season has its EDTF level-1 code, precision season, and bounds covering every northern reading."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision, got.part, got.approximate, got.end_status) == (
        edtf_str,
        earliest,
        latest,
        "season",
        None,
        False,
        None,
    )


SEASON_RANGES = [
    # season to season
    ("summer 1905 \u2013 spring 1906", "1905-22/1906-21", D(1905, 6, 1), D(1906, 6, 30), "closed"),
    # open from a season
    ("since summer 1905", "1905-22/..", D(1905, 6, 1), None, "ongoing"),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest", "status"), SEASON_RANGES)
def test_seasons_in_ranges(text: str, edtf_str: str, earliest: date, latest: date | None, status: str) -> None:
    """Seasons can start and end ranges; the range's precision is the start's season."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision, got.end_status) == (
        edtf_str,
        earliest,
        latest,
        "season",
        status,
    )


# ---------------------------------------------------------------------------
# Approximation (c., ca., circa) on real articles' years
# ---------------------------------------------------------------------------

CIRCA = [
    # "c." before a year
    ("c. 1584", "1584~", D(1584, 1, 1), D(1584, 12, 31), "year", None),
    # "ca." before a year
    ("ca. 1600", "1600~", D(1600, 1, 1), D(1600, 12, 31), "year", None),
    # "circa" before a year
    ("circa 1868", "1868~", D(1868, 1, 1), D(1868, 12, 31), "year", None),
    # approximation and a qualifier together
    ("c. early 1920s", "192X~", D(1920, 1, 1), D(1929, 12, 31), "decade", "early"),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest", "precision", "part"), CIRCA)
def test_circa_years_are_approximate_with_written_bounds(
    text: str, edtf_str: str, earliest: date, latest: date, precision: str, part: str | None
) -> None:
    """c. / ca. / circa mark the date approximate ('~') and keep its written bounds."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision, got.part, got.approximate) == (
        edtf_str,
        earliest,
        latest,
        precision,
        part,
        True,
    )


# ---------------------------------------------------------------------------
# Before: an open start
# ---------------------------------------------------------------------------

BEFORE = [
    # a year: latest is the year before's last day
    ("Before 1991", "../1990", D(1990, 12, 31), "year"),
    # a month: latest is the previous month's last day
    ("before March 1991", "../1991-02", D(1991, 2, 28), "month"),
    # a leap year's February
    ("before March 2024", "../2024-02", D(2024, 2, 29), "month"),
    # a day: latest is the day before
    ("before 5 March 1991", "../1991-03-04", D(1991, 3, 4), "day"),
    # a day at the start of a year
    ("before 1 January 1991", "../1990-12-31", D(1990, 12, 31), "day"),
    # a January: latest is the previous December
    ("before January 1991", "../1990-12", D(1990, 12, 31), "month"),
    # "prior to" means before
    ("prior to 1991", "../1990", D(1990, 12, 31), "year"),
]


@pytest.mark.parametrize(("text", "edtf_str", "latest", "precision"), BEFORE)
def test_before_is_an_open_start_ending_the_day_before(text: str, edtf_str: str, latest: date, precision: str) -> None:
    """'before X' has no earliest bound, ends the day before X begins, and keeps X's precision."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.precision, got.end_status, got.approximate, got.part) == (
        edtf_str,
        None,
        latest,
        precision,
        "closed",
        False,
        None,
    )


# ---------------------------------------------------------------------------
# Day ranges, bracketed days and trailing notes
# ---------------------------------------------------------------------------

DAY_FORMS = [
    # US day range sharing month and year
    ("May 24\u201325, 2007", "2007-05-24/2007-05-25", D(2007, 5, 24), D(2007, 5, 25), "closed"),
    # day range sharing month and year
    ("24\u201325 May 2007", "2007-05-24/2007-05-25", D(2007, 5, 24), D(2007, 5, 25), "closed"),
    # the same with a hyphen
    ("24-25 May 2007", "2007-05-24/2007-05-25", D(2007, 5, 24), D(2007, 5, 25), "closed"),
    # spaced dash in the US form
    ("May 24 \u2013 25, 2007", "2007-05-24/2007-05-25", D(2007, 5, 24), D(2007, 5, 25), "closed"),
    # day and month in brackets before the year
    ("(5 April) 1942", "1942-04-05", D(1942, 4, 5), D(1942, 4, 5), None),
    # month and day in brackets before the year
    ("(April 5) 1942", "1942-04-05", D(1942, 4, 5), D(1942, 4, 5), None),
    # ordinal day in brackets
    ("(5th April) 1942", "1942-04-05", D(1942, 4, 5), D(1942, 4, 5), None),
    # a trailing note is not part of the date
    ("1 January 1958 (de jure)", "1958-01-01", D(1958, 1, 1), D(1958, 1, 1), None),
    # a trailing note after a US date
    ("September 29, 1972 (normalised)", "1972-09-29", D(1972, 9, 29), D(1972, 9, 29), None),
    # two trailing notes
    ("1972 (normalised) (PRC)", "1972", D(1972, 1, 1), D(1972, 12, 31), None),
    # a note after a range
    ("1918\u20131921 (de jure)", "1918/1921", D(1918, 1, 1), D(1921, 12, 31), "closed"),
]


@pytest.mark.parametrize(("text", "edtf_str", "earliest", "latest", "status"), DAY_FORMS)
def test_day_ranges_bracketed_days_and_notes(
    text: str, edtf_str: str, earliest: date, latest: date, status: str | None
) -> None:
    """Day ranges, '(5 April) 1942' and dates followed by a bracketed note read as the written days."""
    got = parse_fuzzy_date(text)
    assert got is not None, explain_date(text).reason
    assert (got.edtf, got.earliest, got.latest, got.end_status, got.approximate, got.part) == (
        edtf_str,
        earliest,
        latest,
        status,
        False,
        None,
    )


def test_a_noted_date_keeps_its_note_in_text() -> None:
    """The date read from '1 January 1958 (de jure)' keeps the whole cell, note included, as its text."""
    got = parse_fuzzy_date("1 January 1958 (de jure)")
    assert got is not None and got.text == "1 January 1958 (de jure)"


# ---------------------------------------------------------------------------
# Deliberately unread, with a reason
# ---------------------------------------------------------------------------

UNREAD = [
    # the source says it has no date
    ("No date given", "no date given in the source"),
    # with a full stop
    ("No date given.", "no date given in the source"),
    # "date unknown"
    ("date unknown", "no date given in the source"),
    # "not given"
    ("not given", "no date given in the source"),
    # "undated"
    ("Undated", "no date given in the source"),
    # in brackets
    ("(no date given)", "no date given in the source"),
    # "by" could mean by the start or by the end of 1875
    ("by 1875", "relative date not read ('by' does not say whether the date itself is included): by 1875"),
    # "after" gives no end this schema can state
    ("after 1952", "relative date not read ('after' gives no end): after 1952"),
    # "until" alone gives no start
    ("until 1945", "relative date not read ('until' gives no start): until 1945"),
    # "before" with a decade is not read
    (
        "before the 1990s",
        "relative date not read ('before' is read only with a day, month or year): before the 1990s",
    ),
    # "before" with an approximate year is not read
    ("before c. 1600", "relative date not read ('before' is read only with a day, month or year): before c. 1600"),
    # "before" with a season is not read
    (
        "before summer 1905",
        "relative date not read ('before' is read only with a day, month or year): before summer 1905",
    ),
    # before the first day there is can be is no date
    ("before 1 January 0001", "date out of range: before 1 January 0001"),
    # EDTF has no approximate season
    ("c. summer 1905", "approximate season not read (EDTF has no approximate season): c. summer 1905"),
    # a question mark in a note hedges the date
    ("1952 (?)", "hedged date not read: 1952 (?)"),
    # "probably" hedges the date
    ("1952 (probably)", "hedged date not read: 1952 (probably)"),
    # "or earlier" hedges the date
    ("1952 (or earlier)", "hedged date not read: 1952 (or earlier)"),
    # a note with a year in it is not a note to drop
    ("1952 (1953 in some sources)", "unrecognized date text"),
    # a season range that ends before it starts
    ("summer 1905 \u2013 spring 1905", "range ends before it starts: summer 1905 \u2013 spring 1905"),
    # an impossible bracketed day
    ("(31 April) 1942", "impossible date: (31 April) 1942"),
    # an impossible day before a note
    ("31 February 1900 (de jure)", "impossible date: 31 February 1900"),
    # brackets that hold no day
    ("(Meiji) 1942", "unrecognized date text"),
    # a day is never qualified early / mid / late
    ("early 3 March 1874", "unrecognized date text"),
    # a qualifier alone
    ("mid-", "unrecognized date text"),
]


@pytest.mark.parametrize(("text", "reason"), UNREAD)
def test_unread_forms_give_none_and_say_why(text: str, reason: str) -> None:
    """No-date phrases, relative words, hedged notes and approximate seasons give None and a reason, never an error."""
    got = explain_date(text)
    assert (got.date, got.reason) == (None, reason)
    assert parse_fuzzy_date(text) is None


# ---------------------------------------------------------------------------
# Events with the new forms
# ---------------------------------------------------------------------------

NEW_EVENTS = [
    # a qualified decade inside a sentence: one established event for the 1920s
    ("relations were established in early 1920s", [("established", "192X", "early")]),
    # "before" inside a sentence is an open start, not the year itself
    ("Relations were established before 1991.", [("established", "../1990", None)]),
    # "by 1875" is not read; the later labelled date still is
    ("relations were established by 1875 and broken in 1890", [("broken", "1890", None)]),
    # "By 1990" at the start of a sentence is not an event in 1990
    ("By 1990 Japan's interaction with the region grew", []),
    # a season and a qualified year in one sentence
    (
        "Relations were broken in mid-1941 and restored in spring 1952",
        [("broken", "1941", "mid"), ("re_established", "1952-21", None)],
    ),
    # "the summer of" inside a sentence
    ("In the summer of 1905 relations were established", [("established", "1905-22", None)]),
    # "the end of" a year inside a sentence
    ("At the end of 1874 relations were established", [("established", "1874", "late")]),
    # a bracketed note does not hide the date; two dates in one cell
    ("1 January 1958 (de jure); 1960", [("established", "1958-01-01", None), ("re_established", "1960", None)]),
    # a bracketed day in a cell
    ("(5 April) 1942", [("established", "1942-04-05", None)]),
    # an event word in the date's note names its event
    ("1952 (restored)", [("re_established", "1952", None)]),
    # a hedged date is skipped whole; the next one is read
    ("Established 1952 (probably); restored 1960", [("re_established", "1960", None)]),
    # a reversed season range gives no events at all
    ("summer 1905 \u2013 spring 1905", []),
    # the source says it has no date
    ("No date given", []),
    # a day range in prose
    ("Visits were exchanged on May 24\u201325, 2007", [("established", "2007-05-24/2007-05-25", None)]),
    # "early 1960s and 1980s": the second decade is not said to be early
    ("early 1960s and 1980s", [("established", "196X", "early"), ("re_established", "198X", None)]),
]


@pytest.mark.parametrize(("text", "expected"), NEW_EVENTS)
def test_events_read_the_new_forms(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    """Qualified dates, seasons, 'before', bracketed days and noted dates are found inside cells and sentences."""
    got = parse_date_events(text)
    assert [(e.event, e.date.edtf, e.date.part) for e in got] == expected


def test_qualified_event_keeps_its_fragment() -> None:
    """The event of 'established in early 1920s' keeps that fragment and the decade's bounds."""
    (event,) = parse_date_events("relations were established in early 1920s")
    assert event.text == "established in early 1920s"
    assert (event.date.earliest, event.date.latest, event.date.precision) == (D(1920, 1, 1), D(1929, 12, 31), "decade")


# ---------------------------------------------------------------------------
# The new forms' EDTF strings parse with the edtf package
# ---------------------------------------------------------------------------

NEW_FORMS = (
    [c[0] for c in QUALIFIED]
    + [c[0] for c in QUALIFIED_RANGES]
    + [c[0] for c in SEASONS]
    + [c[0] for c in SEASON_RANGES]
    + [c[0] for c in CIRCA]
    + [c[0] for c in BEFORE]
    + [c[0] for c in DAY_FORMS]
)


@pytest.mark.parametrize("text", NEW_FORMS)
def test_new_forms_emit_edtf_the_edtf_package_reads(text: str) -> None:
    """Every new form's EDTF string parses with the edtf package, whose span lies within (or equals) our bounds."""
    got = parse_fuzzy_date(text)
    assert got is not None
    parsed = edtf.parse_edtf(got.edtf)
    if got.latest is not None and got.earliest is None:
        assert struct_to_date(parsed.upper_strict()) == got.latest
    check_invariants(got)


# ---------------------------------------------------------------------------
# Properties of the new forms
# ---------------------------------------------------------------------------

SEASON_CODES = {
    "spring": 21,
    "summer": 22,
    "autumn": 23,
    "fall": 23,
    "winter": 24,
    "Summer": 22,
    "the summer of": 22,
    "Winter": 24,
}
PART_PREFIXES = {
    "early ": "early",
    "Early ": "early",
    "mid-": "mid",
    "mid ": "mid",
    "late ": "late",
    "the late ": "late",
    "late in ": "late",
    "the end of ": "late",
    "the beginning of ": "early",
    "the middle of ": "mid",
}


def unit_texts(year: int, month: int) -> list[str]:
    """A month, a year, a decade, a century and a season around `year`, as articles write them."""
    return [
        f"{MONTHS[month - 1]} {year}",
        str(year),
        f"{year // 10 * 10}s",
        f"{ordinal(year // 100 + 1)} century",
        f"{('spring', 'summer', 'autumn', 'winter')[month % 4]} {year}",
    ]


@settings(deadline=None)
@given(st.integers(1000, 9000), st.integers(1, 12), st.sampled_from(sorted(PART_PREFIXES)), st.integers(0, 4))
def test_generated_qualified_units_keep_the_unit(year: int, month: int, prefix: str, unit: int) -> None:
    """Any early / mid / late month, season, year, decade or century has exactly the unqualified unit's reading."""
    plain_text = unit_texts(year, month)[unit]
    plain = parse_fuzzy_date(plain_text)
    got = parse_fuzzy_date(prefix + plain_text)
    assert plain is not None and got is not None, (prefix + plain_text, explain_date(prefix + plain_text).reason)
    assert (got.edtf, got.earliest, got.latest, got.precision) == (
        plain.edtf,
        plain.earliest,
        plain.latest,
        plain.precision,
    )
    assert (got.part, plain.part) == (PART_PREFIXES[prefix], None)
    check_invariants(got)


@settings(deadline=None)
@given(st.integers(1000, 9998), st.sampled_from(sorted(SEASON_CODES)))
def test_generated_seasons_cover_the_package_reading(year: int, season: str) -> None:
    """Every season of every year has its EDTF code and bounds that contain the edtf package's reading."""
    got = parse_fuzzy_date(f"{season} {year}")
    assert got is not None
    code = SEASON_CODES[season]
    assert (got.edtf, got.precision) == (f"{year}-{code}", "season")
    check_invariants(got)


@settings(deadline=None)
@given(
    st.dates(min_value=D(1000, 1, 2)),
    st.sampled_from(["day", "month", "year"]),
    st.sampled_from(["before ", "Before ", "prior to "]),
)
def test_generated_before_ends_the_day_before(day: date, unit: str, word: str) -> None:
    """'before' a day, month or year ends on the last day before it begins and has no start."""
    if unit == "day":
        text, first = f"{day.day} {MONTHS[day.month - 1]} {day.year}", day
    elif unit == "month":
        text, first = f"{MONTHS[day.month - 1]} {day.year}", day.replace(day=1)
    else:
        text, first = str(day.year), D(day.year, 1, 1)
    got = parse_fuzzy_date(word + text)
    assert got is not None, (word + text, explain_date(word + text).reason)
    assert (got.earliest, got.latest, got.precision, got.end_status) == (
        None,
        first - timedelta(days=1),
        unit,
        "closed",
    )
    assert struct_to_date(edtf.parse_edtf(got.edtf).upper_strict()) == got.latest


NOTES = ("de jure", "de facto", "normalised", "PRC", "as the USSR", "embassy level")
HEDGES = ("?", "probably", "or earlier", "disputed", "approx.", "uncertain", "c.")


@settings(deadline=None)
@given(st.dates(min_value=D(1000, 1, 1)), st.sampled_from(range(len(DAY_STYLES))), st.sampled_from(NOTES + HEDGES))
def test_generated_notes_are_dropped_unless_they_hedge(day: date, style: int, note: str) -> None:
    """A date with a bracketed note reads as the date alone, unless the note hedges it: then nothing, with a reason."""
    text = f"{DAY_STYLES[style](day)} ({note})"
    got = explain_date(text)
    if note in HEDGES:
        assert got.date is None and got.reason == f"hedged date not read: {text}"
    else:
        assert got.date is not None, (text, got.reason)
        assert (got.date.earliest, got.date.latest, got.date.text) == (day, day, text)


@settings(deadline=None)
@given(st.dates(min_value=D(1000, 1, 1)), st.booleans())
def test_generated_bracketed_days_read_as_the_day(day: date, us_order: bool) -> None:
    """'(5 April) 1942' and '(April 5) 1942' read as that day."""
    inner = f"{MONTHS[day.month - 1]} {day.day}" if us_order else f"{day.day} {MONTHS[day.month - 1]}"
    got = parse_fuzzy_date(f"({inner}) {day.year}")
    assert got is not None
    assert (got.edtf, got.earliest, got.latest, got.precision) == (day.isoformat(), day, day, "day")
