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
    """Text decoded from arbitrary bytes (with replacement) never raises."""
    text = raw.decode(encoding, errors="replace")
    explain_date(text)
    parse_date_events(text)


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
