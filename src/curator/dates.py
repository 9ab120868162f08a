"""Fuzzy dates for documents about Japan's diplomatic relations.

Turns date cells and short date phrases ("3 February 1898", "1905–11",
"c. 1584", "2021–present", "13th century", "early 1920s", "summer 1905",
"before 1991") into :class:`FuzzyDate` values carrying an EDTF string, the
earliest and latest calendar day the text can mean, and a precision.  :func:`parse_date_events` additionally labels the
dates of a cell or sentence with diplomatic events ("broken on 11 April 1945
and reestablished in 1952").

Conventions (the choices a reader cannot guess):

* **Bounds, never points.**  A month covers its first to last day, a year
  1 January to 31 December; nothing ever defaults to the 1st or to today.
  Impossible dates (``31 February 1900``, ``29 February 1900``) give ``None``
  with a reason; no neighbouring day is substituted.  Today's date is never
  used.
* **Numeric dates** are ISO ``YYYY-MM-DD`` or day-first ``D.M.YYYY`` (dots).
  Slash dates such as ``3/2/1898`` are ambiguous and not recognised.
* **The ``YYYY-NN`` rule.**  In these documents ``1905–11`` means the years
  1905 to 1911, never November 1905.  ``YYYY`` followed by a dash (any kind)
  and a two-digit ``NN`` is a year range when ``NN`` is greater than the last
  two digits of ``YYYY``; otherwise (``1998-01``, ``1976-09``) it is rejected
  as ambiguous.  ISO months ``YYYY-MM`` are therefore never recognised; full
  ISO days ``YYYY-MM-DD`` are.
* **Decades and hundreds.**  ``1890s`` is the decade 1890–1899 (EDTF
  ``189X``).  A year ending in ``00s`` (``the 1800s``) means the hundred years
  1800–1899, as in ordinary English usage, with EDTF ``18XX`` and precision
  ``century``.
* **Ordinal centuries** are counted strictly: the 13th century is the years
  1201–1300, so its bounds are 1201-01-01..1300-12-31 and its EDTF string is
  the interval ``1201/1300`` (EDTF ``12XX`` would mean 1200–1299 and disagree
  with the bounds).  ``end_status`` stays ``None``: it is one date, not a
  written range.
* **Ranges** take their precision from their start (from their end when the
  start is unknown, ``?–1945``).  ``end_status`` is ``closed``, ``ongoing``
  (``2021-``, ``2021–present``, ``since 1 March 2021``; EDTF ``2021/..``) or
  ``unknown`` (``2014-?``; EDTF ``2014/``).  A range whose end precedes its
  start is rejected, as is one whose end both begins and ends before its
  start does (``summer 1905 – spring 1905``).
* **Approximation** (``c.``, ``ca.``, ``circa``, ``about``, ``around``,
  ``approx.``, ``~``) marks the date it precedes with EDTF ``~``; the bounds
  stay those of the written date.  An approximate season (``c. summer 1905``)
  is not read: EDTF has no approximate season.
* **Early / mid / late** (``early March 1874``, ``mid-1920s``, ``late 19th
  century``, ``late in 1874``; ``the beginning / start / middle / end of``
  read as early / mid / late) qualify a month, season, year, decade or
  century.  EDTF has no such qualifier, and any cut-off inside the unit
  ("early" = first third?) would be invented, so the bounds, EDTF string and
  precision stay those of the whole written unit and the qualifier is kept in
  ``part`` (``"early"``, ``"mid"``, ``"late"``).  A range keeps each end's
  qualifier, ``part`` for its start and ``end_part`` for its end
  (``early 1920s–late 1930s``), because one field cannot hold both and EDTF
  cannot carry either.  A day is never qualified (``early 3 March 1874`` is
  no date).
* **Seasons** (``summer 1905``, ``the summer of 1905``; spring, summer,
  autumn or fall, winter) have EDTF level-1 codes (``1905-22``: 21 spring,
  22 summer, 23 autumn, 24 winter) and precision ``season``.  The bounds
  cover every northern-hemisphere reading, meteorological (from the 1st of
  the season's first month) and astronomical (to the equinox or solstice late
  in its last month), in whole months: spring March–June, summer
  June–September, autumn September–December.  Winter straddles the year
  end and "winter 1904" is written both for the winter that ends early in
  1904 and for the one that starts in December 1904, so it spans both:
  1903-12-01..1905-03-31 (EDTF ``1904-24``, as written).  The ``edtf``
  package reads season codes more narrowly (meteorological months, winter =
  December only); its span always lies within ours.
* **Before** (``before 1991``, ``before March 1991``, ``prior to 1991``) is an
  open start: no earliest bound, latest the day before the written date
  begins, EDTF ``../1990`` (``..`` = open, unlike ``?–1945``'s unknown start
  ``/1945``), precision of the written unit, ``end_status`` ``closed`` (the end
  is known).  Only a plain day, month or year is read after ``before``.
  Other relative words are not read, with a reason: ``by 1875`` (by its start
  or by its end?), ``after 1952`` (no end status fits), ``until 1945``,
  ``till 1945`` (no start).
* **Brackets.**  ``(5 April) 1942`` is 5 April 1942.  A trailing bracketed
  note without digits is not part of the date (``1 January 1958 (de jure)``,
  ``September 29, 1972 (normalised)``); a note that hedges the date (``?``,
  ``probably``, ``or earlier``, ``disputed``, ...) makes it unread, with a
  reason, rather than read as certain.
* **No date.**  Placeholders (``?``, ``N/A``, ``unknown``) give ``placeholder
  '...'``; phrases that say the source has no date (``No date given``, ``date
  unknown``, ``not given``, ``undated``) give ``no date given in the
  source``.
* **Years** have four digits, or one to four digits with an era marker
  (``AD 57``, ``57 CE``).  Japanese era dates (``Meiji 6``, ``the 8th month of
  Kanpyō 6``, ``明治6年``) are read through :mod:`curator.eras` (the
  ``japanera`` package), as precisely as the calendar of the time allows.
  BC dates are rejected (``datetime.date`` cannot hold them).

Event labelling (:func:`parse_date_events`): the text is split into clauses at
``;``, line breaks and sentence ends.  A date takes the event named by the
nearest event word before it in its clause, else the nearest one after it in
its clause.  Dates with no event word in their clause are labelled by position:
the first is ``established`` (``re_established`` if an explicit
``established`` event exists), every later one is ``re_established``.  So
``26 January 1921;10 October 1991`` gives established 1921-01-26 and
re_established 1991-10-10.  An event word inside a date's own note
(``1952 (restored)``) names that date's event.  A date-shaped span that is
deliberately unread (impossible, reversed, relative, hedged) is skipped whole:
``by 1875`` never becomes an event in 1875.

Parsing is a pure function of the string and is cached per distinct string
(:func:`clear_caches` empties the caches, e.g. before a benchmark run).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from curator.eras import is_era_name, parse_era_date
from curator.text.dashes import RANGE_DASHES
from curator.text.markup import strip_wiki_markup
from curator.text.sentences import ends_in_abbreviation
from curator.text.vocabulary import PLACEHOLDER_CELLS
from schemas import vocabulary

__all__ = [
    "END_STATUSES",
    "EVENT_KINDS",
    "PARTS",
    "PRECISIONS",
    "DateEvent",
    "DateParse",
    "DateSpan",
    "FuzzyDate",
    "clear_caches",
    "explain_date",
    "find_dates",
    "parse_date_events",
    "parse_fuzzy_date",
]

# The allowed values live with the contracts; re-exported here as part of the date API.
PRECISIONS, EVENT_KINDS, END_STATUSES = vocabulary.PRECISIONS, vocabulary.EVENT_KINDS, vocabulary.END_STATUSES
PARTS = vocabulary.PARTS

_CACHE_SIZE = 65536
# Longer cleaned text is never a single date; capping it bounds the regex work.
_MAX_DATE_CHARS = 160


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as written, with the span of days it can mean."""

    edtf: str
    earliest: dt.date | None
    latest: dt.date | None
    precision: str
    text: str = ""
    approximate: bool = False
    end_status: str | None = None
    part: str | None = None
    end_part: str | None = None


@dataclass(frozen=True, slots=True)
class DateEvent:
    """A diplomatic event and its date, with the fragment it came from."""

    event: str
    date: FuzzyDate
    text: str


@dataclass(frozen=True, slots=True)
class DateParse:
    """The outcome of parsing one string: a date, or the reason there is none."""

    text: str
    date: FuzzyDate | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when a date came out."""
        return self.date is not None


class _RejectError(Exception):
    """Raised internally when text is date-shaped but cannot be a date."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------

_F = re.IGNORECASE | re.ASCII

# Date cells that stand for "no date": the one placeholder vocabulary (curator.text.vocabulary); an empty cell is
# told apart ('empty').
_PLACEHOLDERS = PLACEHOLDER_CELLS - {""}


def _clean(text: str) -> tuple[str, str | None]:
    """Return (cleaned date text, placeholder found or None)."""
    text = " ".join(strip_wiki_markup(text).split())
    if text.casefold() in _PLACEHOLDERS:
        return "", text
    text = text.translate(RANGE_DASHES).strip(" .,;:")
    if text.startswith("(") and ")" not in text:
        text = text[1:].strip(" .,;:")
    elif text.endswith(")") and "(" not in text:
        text = text[:-1].strip(" .,;:")
    elif len(text) >= 2 and text[0] == "(" and text[-1] == ")":
        text = text[1:-1].strip(" .,;:")
    if text.casefold() in _PLACEHOLDERS:
        return "", text
    return text, None


# ---------------------------------------------------------------------------
# Single dates
# ---------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        _MONTHS[_name.lower()] = _i
        _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9
_MONTH_NAMES = tuple(calendar.month_name)

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_SEP = r"(?:\s*,\s*|\s+)"

_ISO_RE = re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})", _F)
_DOTTED_RE = re.compile(r"(?P<day>\d{1,2})\.(?P<m>\d{1,2})\.(?P<year>\d{4})", _F)
_DMY_RE = re.compile(rf"{_DAY}\s*(?:of\s+)?{_MON}{_SEP}{_YEAR}", _F)
_MDY_RE = re.compile(rf"{_MON}\s*{_DAY}{_SEP}{_YEAR}", _F)
_MY_RE = re.compile(rf"{_MON}{_SEP}{_YEAR}", _F)
_Y_RE = re.compile(r"\d{4}", _F)
_ERA_RE = re.compile(r"(?:a\.?d\.?\s*(?P<a>\d{1,4}))|(?:(?P<b>\d{1,4})\s*(?:a\.?d\.?|c\.?e\.?))", _F)
_BC_RE = re.compile(r"\d{1,4}\s*(?:b\.?c\.?|b\.?c\.?e\.?)", _F)
_DECADE_RE = re.compile(r"(?:the\s+)?(?P<y>\d{4})'?s", _F)
_CENTURY_RE = re.compile(r"(?:the\s+)?(?P<n>\d{1,3})(?:st|nd|rd|th)?[\s-]*century", _F)
_WEEKDAY_RE = re.compile(r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+", _F)
_APPROX_RE = re.compile(r"(?:circa|approx(?:imately|\.)?|about|around|ca\.?|c\.?|~)\s*(?=\S)", _F)
_SEASON_RE = re.compile(
    r"(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?(?:\s*,\s*|\s+)(?P<year>\d{4})", _F
)
# "early 1920s", "mid-March 1874", "late in 1874", "the end of the 19th century".
_PART_RE = re.compile(
    r"(?:the\s+)?(?:(?P<part>early|mid|late)(?:\s*-\s*|\s+in\s+|\s+)|(?P<phrase>beginning|start|middle|end)\s+of\s+)"
    r"(?P<rest>\S.*)",
    _F,
)
_PHRASE_PARTS = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}
# First letters _PART_RE can start with; other text skips the regex (most dates start with a digit).
_PART_INITIALS = frozenset("tTeEmMlLbBsS")
# "(5 April) 1942": day and month in brackets before the year.
_BRACKET_DAY_RE = re.compile(r"\((?P<dm>[^()]{1,24})\)\s*,?\s*(?P<year>\d{4})", _F)
# EDTF level-1 season code and the first and last month of the season's widest northern-hemisphere
# reading (meteorological from the 1st of its first month, astronomical up to the equinox or solstice
# late in its last month); winter's last month falls in the next year.
_SEASONS: dict[str, tuple[int, int, int]] = {
    "spring": (21, 3, 6),
    "summer": (22, 6, 9),
    "autumn": (23, 9, 12),
    "fall": (23, 9, 12),
    "winter": (24, 12, 3),
}

# Partial left ends of ranges ("24–25 May 2007", "May–June 2007", "13th–14th century").
_P_DAY_RE = re.compile(r"(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?", _F)
_P_DM_RE = re.compile(rf"{_DAY}\s*(?:of\s+)?{_MON}", _F)
_P_MD_RE = re.compile(rf"{_MON}\s*{_DAY}", _F)
_P_M_RE = re.compile(_MON, _F)
# Partial right end "25, 2007" of "May 24–25, 2007".
_P_DY_RE = re.compile(rf"{_DAY}\s*,?\s*{_YEAR}", _F)
_NN_RE = re.compile(r"\d{2}", _F)


@dataclass(frozen=True, slots=True)
class _Point:
    earliest: dt.date
    latest: dt.date
    precision: str
    edtf_start: str
    edtf_end: str
    approximate: bool = False
    part: str | None = None

    def edtf_parts(self) -> tuple[str, str]:
        mark = "~" if self.approximate else ""
        return self.edtf_start + mark, self.edtf_end + mark

    @property
    def edtf(self) -> str:
        start, end = self.edtf_parts()
        return start if start == end else f"{start}/{end}"


@dataclass(frozen=True, slots=True)
class _Partial:
    day: int | None
    month: int | None
    approximate: bool = False


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day_point(year: int, month: int, day: int, text: str) -> _Point:
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= _last_day(year, month):
        raise _RejectError(f"impossible date: {text}")
    d = dt.date(year, month, day)
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return _Point(d, d, "day", iso, iso)


def _month_point(year: int, month: int, text: str) -> _Point:
    if year < 1:
        raise _RejectError(f"impossible date: {text}")
    iso = f"{year:04d}-{month:02d}"
    return _Point(dt.date(year, month, 1), dt.date(year, month, _last_day(year, month)), "month", iso, iso)


def _year_point(year: int, text: str) -> _Point:
    if year < 1:
        raise _RejectError(f"impossible date: {text}")
    iso = f"{year:04d}"
    return _Point(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", iso, iso)


def _century_point(n: int, text: str) -> _Point:
    # Strict counting: the n-th century is the years (n-1)*100+1 .. n*100.
    first, last = (n - 1) * 100 + 1, n * 100
    if n < 1 or last > dt.MAXYEAR:
        raise _RejectError(f"date out of range: {text}")
    return _Point(dt.date(first, 1, 1), dt.date(last, 12, 31), "century", f"{first:04d}", f"{last:04d}")


def _season_point(year: int, name: str, text: str) -> _Point:
    code, first, last = _SEASONS[name]
    if name == "winter":
        # "winter 1904" is read both ways: the winter ending early in 1904 and the one starting in its December.
        if year < 2 or year + 1 > dt.MAXYEAR:
            raise _RejectError(f"date out of range: {text}")
        lo, hi = dt.date(year - 1, first, 1), dt.date(year + 1, last, _last_day(year + 1, last))
    else:
        if year < 1:
            raise _RejectError(f"date out of range: {text}")
        lo, hi = dt.date(year, first, 1), dt.date(year, last, _last_day(year, last))
    iso = f"{year:04d}-{code}"
    return _Point(lo, hi, "season", iso, iso)


def _month_of(m: re.Match[str]) -> int:
    return _MONTHS[m.group("mon").lower()]


def _bracketed_day_point(m: re.Match[str], text: str) -> _Point | None:
    """'(5 April) 1942' is 5 April 1942; anything else in the brackets is not a day."""
    inner = " ".join(m["dm"].split())
    dm = _P_DM_RE.fullmatch(inner) or _P_MD_RE.fullmatch(inner)
    if dm is None:
        return None
    return _day_point(int(m["year"]), _month_of(dm), int(dm["day"]), text)


def _bare_point(s: str) -> _Point | None:
    """Parse one date with no approximation prefix; raise _RejectError if impossible."""
    m = _WEEKDAY_RE.match(s)
    if m is not None and m.end() < len(s):
        s = s[m.end() :]
    c0 = s[0]
    if c0.isdigit():
        if _Y_RE.fullmatch(s):
            return _year_point(int(s), s)
        if m := _ISO_RE.fullmatch(s):
            return _day_point(int(m["year"]), int(m["m"]), int(m["day"]), s)
        if m := _DMY_RE.fullmatch(s):
            return _day_point(int(m["year"]), _month_of(m), int(m["day"]), s)
        if m := _DOTTED_RE.fullmatch(s):
            return _day_point(int(m["year"]), int(m["m"]), int(m["day"]), s)
        if m := _ERA_RE.fullmatch(s):
            return _year_point(int(m["b"]), s)
        if _BC_RE.fullmatch(s):
            raise _RejectError(f"BC dates are not supported: {s}")
    elif c0 == "(":
        if m := _BRACKET_DAY_RE.fullmatch(s):
            return _bracketed_day_point(m, s)
        return None
    elif m := _MDY_RE.fullmatch(s):
        return _day_point(int(m["year"]), _month_of(m), int(m["day"]), s)
    elif m := _SEASON_RE.fullmatch(s):
        return _season_point(int(m["year"]), m["season"].lower(), s)
    elif m := _MY_RE.fullmatch(s):
        return _month_point(int(m["year"]), _month_of(m), s)
    elif m := _ERA_RE.fullmatch(s):
        return _year_point(int(m["a"]), s)
    if m := _DECADE_RE.fullmatch(s):
        year = int(m["y"])
        if year % 100 == 0:
            # "the 1800s": the hundred years 1800..1899 (EDTF 18XX).
            h = year // 100
            if h < 1:
                raise _RejectError(f"date out of range: {s}")
            return _Point(dt.date(year, 1, 1), dt.date(year + 99, 12, 31), "century", f"{h:02d}XX", f"{h:02d}XX")
        if year % 10 != 0:
            return None
        if year < 10:
            raise _RejectError(f"date out of range: {s}")
        code = f"{year // 10:03d}X"
        return _Point(dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "decade", code, code)
    if m := _CENTURY_RE.fullmatch(s):
        return _century_point(int(m["n"]), s)
    if era := parse_era_date(s):
        # A Japanese era date ('Meiji 6', 'the 8th month of Kanpyō 6'): curator.eras says how precise it is.
        start, _, end = era.edtf.partition("/")
        return _Point(era.earliest, era.latest, era.precision, start, end or start)
    return None


def _qualified_point(s: str) -> _Point | None:
    """Parse one date, optionally qualified early / mid / late (never a day: 'early 3 March' is no date)."""
    m = _PART_RE.fullmatch(s) if s[0] in _PART_INITIALS else None
    if m is None:
        return _bare_point(s)
    p = _bare_point(m["rest"])
    if p is None or p.precision == "day":
        return None
    part = m["part"].lower() if m["part"] else _PHRASE_PARTS[m["phrase"].lower()]
    return replace(p, part=part)


def _point(s: str) -> _Point | None:
    """Parse one date, optionally preceded by an approximation word."""
    if not s:
        return None
    m = _APPROX_RE.match(s)
    if m is not None and m.end() < len(s):
        p = _qualified_point(s[m.end() :])
        if p is not None:
            if p.precision == "season":
                raise _RejectError(f"approximate season not read (EDTF has no approximate season): {s}")
            return replace(p, approximate=True)
    return _qualified_point(s)


def _partial(s: str) -> _Partial | None:
    """Parse a range start written without its year (or without 'century')."""
    approx = False
    m = _APPROX_RE.match(s)
    if m is not None and m.end() < len(s) and not s[0].isdigit():
        s, approx = s[m.end() :], True
    if m := _P_DAY_RE.fullmatch(s):
        return _Partial(int(m["day"]), None, approx)
    if m := _P_DM_RE.fullmatch(s):
        return _Partial(int(m["day"]), _month_of(m), approx)
    if m := _P_MD_RE.fullmatch(s):
        return _Partial(int(m["day"]), _month_of(m), approx)
    if m := _P_M_RE.fullmatch(s):
        return _Partial(None, _month_of(m), approx)
    return None


# ---------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------

_ONGOING_WORDS = r"present(?:\s+day)?|the\s+present(?:\s+day)?|now|today|current|ongoing|date"
_UNKNOWN_WORDS = r"\?+|unknown|uncertain"
_SINCE_RE = re.compile(r"since\s+(?P<start>.+)", _F)
_OPEN_DASH_RE = re.compile(
    rf"(?:from\s+)?(?P<start>.+?)\s*[-\u2013]\s*(?:(?P<on>{_ONGOING_WORDS})|(?P<unk>{_UNKNOWN_WORDS}))?",
    _F,
)
_OPEN_TO_RE = re.compile(
    rf"(?:from\s+)?(?P<start>.+?)\s+(?:to|until|till)\s+(?:(?P<on>{_ONGOING_WORDS})|(?P<unk>{_UNKNOWN_WORDS}))",
    _F,
)
_OPEN_START_RE = re.compile(rf"(?:{_UNKNOWN_WORDS})\s*(?:[-\u2013]|\s(?:to|until|till)\s)\s*(?P<end>.+)", _F)
_LEAD_RE = re.compile(r"(?P<w>from|between)\s+", _F)
_TO_SEP_RE = re.compile(r"\s*[-\u2013]\s*|\s+(?:to|until|till|through)\s+", _F)
_AND_SEP_RE = re.compile(r"\s*[-\u2013]\s*|\s+and\s+", _F)
_BEFORE_RE = re.compile(r"(?:before|prior\s+to)\s+(?P<end>\S.*)", _F)
_RELATIVE_RE = re.compile(r"(?P<w>by|after|until|till)\s+(?P<rest>\S.*)", _F)
_RELATIVE_WHY = {
    "by": "'by' does not say whether the date itself is included",
    "after": "'after' gives no end",
    "until": "'until' gives no start",
    "till": "'till' gives no start",
}
# A trailing bracketed note ("1 January 1958 (de jure)") is not part of the date.
_NOTE_RE = re.compile(r"(?P<date>.*?\S)\s*\((?P<note>[^()]*)\)")
# Notes that cast doubt on the date they follow: such a date is not read rather than read as certain.
_HEDGE_RE = re.compile(
    r"\?|\b(?:approx\w*|circa|c|ca|about|around|uncertain\w*|unconfirmed|unverified|disputed|contested|doubtful"
    r"|probabl[ey]|possibl[ey]|perhaps|maybe|likely|estimated?|est|reportedly|allegedly|unclear|or|earliest"
    r"|latest|earlier|later)\b",
    _F,
)
_NO_DATE_PHRASES = frozenset(
    {
        "no date",
        "no date given",
        "date not given",
        "not given",
        "no date available",
        "date not available",
        "date unknown",
        "unknown date",
        "date not known",
        "date not stated",
        "not stated",
        "date unspecified",
        "unspecified",
        "not specified",
        "date not specified",
        "undated",
        "n.d",
    }
)


def _fuzzy(p: _Point, text: str) -> FuzzyDate:
    return FuzzyDate(p.edtf, p.earliest, p.latest, p.precision, text, p.approximate, None, p.part)


def _closed(start: _Point, end: _Point, text: str) -> FuzzyDate:
    # The second test catches ends that lie within the start's span only because it is wide
    # ("summer 1905 – spring 1905").
    if end.latest < start.earliest or (end.earliest < start.earliest and end.latest < start.latest):
        raise _RejectError(f"range ends before it starts: {text}")
    a, _ = start.edtf_parts()
    _, b = end.edtf_parts()
    return FuzzyDate(
        f"{a}/{b}",
        start.earliest,
        end.latest,
        start.precision,
        text,
        start.approximate or end.approximate,
        "closed",
        start.part,
        end.part,
    )


def _open(start: _Point, status: str, text: str) -> FuzzyDate:
    a, _ = start.edtf_parts()
    edtf = f"{a}/.." if status == "ongoing" else f"{a}/"
    return FuzzyDate(edtf, start.earliest, None, start.precision, text, start.approximate, status, start.part)


def _before(written: str, text: str) -> FuzzyDate | None:
    """'before 1991': open start, latest the day before the written date begins (EDTF ../1990)."""
    bound = _bare_point(written)
    if bound is None or bound.precision not in ("day", "month", "year"):
        if bound is None and _parse_cleaned(written) is None:
            return None
        raise _RejectError(f"relative date not read ('before' is read only with a day, month or year): {text}")
    if bound.earliest == dt.date.min:
        raise _RejectError(f"date out of range: {text}")
    last = bound.earliest - dt.timedelta(days=1)
    if bound.precision == "day":
        code = f"{last.year:04d}-{last.month:02d}-{last.day:02d}"
    elif bound.precision == "month":
        code = f"{last.year:04d}-{last.month:02d}"
    else:
        code = f"{last.year:04d}"
    return FuzzyDate(f"../{code}", None, last, bound.precision, text, False, "closed")


def _complete(left: _Partial, right: _Point, text: str) -> _Point | None:
    """Fill a partial range start from its (complete) end."""
    y, rm = right.earliest.year, right.earliest.month
    if right.precision == "century" and right.edtf_start[-2:] == "01":
        if left.month is None and left.day is not None:
            return replace(_century_point(left.day, text), approximate=left.approximate)
        return None
    if left.month is None:
        if right.precision != "day" or left.day is None:
            return None
        p = _day_point(y, rm, left.day, f"{left.day} {_MONTH_NAMES[rm]} {y}")
    elif right.precision not in ("day", "month"):
        return None
    elif left.day is None:
        p = _month_point(y, left.month, text)
    else:
        p = _day_point(y, left.month, left.day, f"{left.day} {_MONTH_NAMES[left.month]} {y}")
    return replace(p, approximate=left.approximate)


def _combine(left: str, right: str, text: str) -> FuzzyDate | None:
    if not left or not right:
        return None
    start = _point(left)
    if start is not None:
        end = _point(right)
        if end is not None:
            return _closed(start, end, text)
        if start.precision == "year" and _NN_RE.fullmatch(right):
            year = start.earliest.year
            nn, yy = int(right), year % 100
            if nn <= yy:
                raise _RejectError(f"ambiguous 'YYYY-NN' (neither a later year nor a full ISO date): {text}")
            return _closed(start, _year_point(year - yy + nn, text), text)
        return None
    part = _partial(left)
    if part is None:
        return None
    end = _point(right)
    if end is not None:
        full = _complete(part, end, text)
        return None if full is None else _closed(full, end, text)
    m = _P_DY_RE.fullmatch(right)
    if m and part.day is not None and part.month is not None:
        year = int(m["year"])
        name = _MONTH_NAMES[part.month]
        end = _day_point(year, part.month, int(m["day"]), f"{m['day']} {name} {year}")
        full = replace(
            _day_point(year, part.month, part.day, f"{part.day} {name} {year}"),
            approximate=part.approximate,
        )
        return _closed(full, end, text)
    return None


def _range(s: str) -> FuzzyDate | None:
    if m := _BEFORE_RE.fullmatch(s):
        return _before(m["end"], s)
    if m := _RELATIVE_RE.fullmatch(s):
        if _parse_cleaned(m["rest"]) is not None:
            raise _RejectError(f"relative date not read ({_RELATIVE_WHY[m['w'].lower()]}): {s}")
        return None
    if m := _SINCE_RE.fullmatch(s):
        start = _point(m["start"])
        return None if start is None else _open(start, "ongoing", s)
    for regex in (_OPEN_DASH_RE, _OPEN_TO_RE):
        if m := regex.fullmatch(s):
            start = _point(m["start"])
            if start is not None:
                return _open(start, "unknown" if m["unk"] else "ongoing", s)
    if m := _OPEN_START_RE.fullmatch(s):
        end = _point(m["end"])
        if end is not None:
            _, b = end.edtf_parts()
            return FuzzyDate(f"/{b}", None, end.latest, end.precision, s, end.approximate, "closed", None, end.part)
    body, seps = s, _TO_SEP_RE
    if m := _LEAD_RE.match(s):
        body = s[m.end() :]
        if m["w"].lower() == "between":
            seps = _AND_SEP_RE
    first_reject: _RejectError | None = None
    for sep in seps.finditer(body):
        try:
            got = _combine(body[: sep.start()], body[sep.end() :], s)
        except _RejectError as exc:
            first_reject = first_reject or exc
            continue
        if got is not None:
            return got
    if first_reject is not None:
        raise first_reject
    return None


def _with_note(s: str) -> FuzzyDate | None:
    """Read a date followed by a bracketed note; a note that hedges the date makes it unread."""
    m = _NOTE_RE.fullmatch(s)
    if m is None:
        return None
    note = m["note"].strip()
    if not note or any(c.isdigit() for c in note):
        return None
    inner = _parse_cleaned(m["date"].strip(" .,;:"))
    if inner is None:
        return None
    if _HEDGE_RE.search(note):
        raise _RejectError(f"hedged date not read: {s}")
    return replace(inner, text=s)


def _parse_cleaned(s: str) -> FuzzyDate | None:
    """Parse cleaned text as one date, a range, or a date with a trailing note; raise _RejectError if impossible."""
    if not s:
        return None
    point = _point(s)
    if point is not None:
        return _fuzzy(point, s)
    return _range(s) or _with_note(s)


# ---------------------------------------------------------------------------
# Public parsing API
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=_CACHE_SIZE)
def explain_date(text: str) -> DateParse:
    """Parse one date cell; the result carries the reason when no date came out.

    Reasons: ``"empty"``, ``"placeholder '<text>'"``, ``"impossible date: <date>"``,
    ``"date out of range: <date>"``, ``"BC dates are not supported: <date>"``,
    ``"ambiguous 'YYYY-NN' (neither a later year nor a full ISO date): <text>"``,
    ``"range ends before it starts: <text>"``, ``"no date given in the source"``,
    ``"relative date not read ('by' does not say whether the date itself is included): <text>"``
    (and the like for before / after / until / till), ``"hedged date not read: <text>"``,
    ``"approximate season not read (EDTF has no approximate season): <text>"``,
    ``"unrecognized date text"`` and ``"not text"`` (input that is not a string).
    """
    if not isinstance(text, str):
        return DateParse(repr(text), None, "not text")
    cleaned, placeholder = _clean(text)
    if placeholder is not None:
        return DateParse(text, None, f"placeholder '{placeholder}'")
    if not cleaned:
        return DateParse(text, None, "empty")
    if cleaned[0].isalpha() and cleaned.casefold() in _NO_DATE_PHRASES:
        return DateParse(text, None, "no date given in the source")
    if len(cleaned) > _MAX_DATE_CHARS:
        return DateParse(text, None, "unrecognized date text")
    try:
        found = _parse_cleaned(cleaned)
    except _RejectError as exc:
        return DateParse(text, None, exc.reason)
    if found is None:
        return DateParse(text, None, "unrecognized date text")
    return DateParse(text, found, None)


def parse_fuzzy_date(text: str) -> FuzzyDate | None:
    """Parse one date cell into a :class:`FuzzyDate`, or None (see explain_date)."""
    return explain_date(text).date


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

_EVENT_RE = re.compile(
    r"\b(?:"
    r"(?P<re_established>re-?\s?establish(?:ed|ment|ing)?|restored|resum(?:ed|ption))"
    r"|(?P<established>establish(?:ed|ment|ing)?)"
    r"|(?P<first_contact>first\s+contacts?)"
    r"|(?P<officialized>officiali[sz](?:ed|ation))"
    r"|(?P<recognized_de_facto>recogni(?:[sz]ed|tion)\s+de\s+facto|de\s+facto\s+recogni(?:[sz]ed|tion))"
    r"|(?P<recognized_de_jure>recogni(?:[sz]ed|tion)\s+de\s+jure|de\s+jure\s+recogni(?:[sz]ed|tion))"
    r"|(?P<recognized>recogni(?:[sz]ed|tion))"
    r"|(?P<broken>broken|broke\s+off|sever(?:ed|ance)|rupture[sd]?)"
    r"|(?P<suspended>suspend(?:ed)?|suspension)"
    r")\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT_RE = re.compile(r"[;\n]+|(?<=\.)\s+(?=[A-Z])")
_TOKEN_RE = re.compile(r"\S+")
_DATE_START_RE = re.compile(
    r"[~?(]|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|c\b|c\.|ca\b|ca\.|circa|about"
    r"|around|approx|since|from|between|the\b|unknown|a\.?d\b|a\.d\.|mon|tue|wed|thu|fri|sat|sun"
    r"|early|mid|late|beginning|start|end\b|spring|summer|autumn|fall|winter|before|prior|by\b|after|until|till)",
    re.IGNORECASE,
)
_MAX_DATE_TOKENS = 9
# A span rejected for one of these reasons is date-shaped but deliberately unread: its tail ("February 1900"
# of "31 February 1900", "1875" of "by 1875") must not stand in for it.
_SWALLOWING_REASONS = (
    "impossible date",
    "range ends before it starts",
    "relative date not read",
    "hedged date not read",
    "approximate season not read",
)
_BARE_DASHES = frozenset({"-", "\u2013", "--"})


def _clauses(text: str) -> list[str]:
    parts: list[str] = []
    buf = ""
    pieces = _CLAUSE_SPLIT_RE.split(text)
    for piece in pieces:
        buf = f"{buf} {piece}" if buf else piece
        if not ends_in_abbreviation(buf):
            parts.append(buf)
            buf = ""
    if buf:
        parts.append(buf)
    return [p.strip() for p in parts if p.strip()]


def _find_dates(clause: str) -> list[tuple[int, int, FuzzyDate]]:
    tokens = list(_TOKEN_RE.finditer(clause))
    found: list[tuple[int, int, FuzzyDate]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].group()
        if not _DATE_START_RE.match(token) and not _era_start(token):
            i += 1
            continue
        start = tokens[i].start()
        for j in range(min(len(tokens), i + _MAX_DATE_TOKENS), i, -1):
            if j < len(tokens) and tokens[j - 1].group() in _BARE_DASHES:
                # "29.02.2024 - Article": a spaced dash inside prose is punctuation,
                # not an open range end.
                continue
            parsed = explain_date(clause[start : tokens[j - 1].end()])
            if parsed.date is not None:
                found.append((start, tokens[j - 1].end(), parsed.date))
                i = j
                break
            if parsed.reason is not None and parsed.reason.startswith(_SWALLOWING_REASONS):
                i = j
                break
        else:
            i += 1
    return found


def _era_start(token: str) -> bool:
    """A token that may begin a Japanese era date: an era's name ('Meiji') or kanji ('明治6年')."""
    first = token[0]
    return ("\u4e00" <= first <= "\u9fff") or (first.isupper() and is_era_name(token))


def _fragment(clause: str, start: int, end: int) -> str:
    return " ".join(clause[start:end].split()).strip(" .,;:")


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _events(text: str) -> tuple[DateEvent, ...]:
    text = strip_wiki_markup(text).translate(RANGE_DASHES)
    labelled: list[tuple[str | None, DateEvent]] = []
    for clause in _clauses(text):
        dates = _find_dates(clause)
        if not dates:
            continue
        keywords = [
            (m.start(), m.end(), next(k for k, v in m.groupdict().items() if v)) for m in _EVENT_RE.finditer(clause)
        ]
        # Keyword matches do not overlap, so their starts and ends are both sorted: bisect, not scan.
        starts = [k[0] for k in keywords]
        ends = [k[1] for k in keywords]
        for d_start, d_end, date in dates:
            nearest_before = bisect.bisect_right(ends, d_start)
            first_after = bisect.bisect_left(starts, d_end)
            last_inside = bisect.bisect_right(ends, d_end)
            if last_inside > nearest_before and starts[last_inside - 1] >= d_start:
                # An event word in the date's own note ("1952 (restored)") names its event.
                kind = keywords[last_inside - 1][2]
                labelled.append((kind, DateEvent(kind, date, _fragment(clause, d_start, d_end))))
            elif nearest_before:
                k_start, _, kind = keywords[nearest_before - 1]
                labelled.append((kind, DateEvent(kind, date, _fragment(clause, k_start, d_end))))
            elif first_after < len(keywords):
                _, k_end, kind = keywords[first_after]
                labelled.append((kind, DateEvent(kind, date, _fragment(clause, d_start, k_end))))
            else:
                labelled.append((None, DateEvent("", date, _fragment(clause, d_start, d_end))))
    has_established = any(label == "established" for label, _ in labelled)
    events: list[DateEvent] = []
    seen: set[tuple[str, str, str | None, str | None]] = set()
    unlabelled_seen = False
    for label, ev in labelled:
        if label is None:
            if unlabelled_seen or has_established:
                ev = replace(ev, event="re_established")
            else:
                ev = replace(ev, event="established")
            unlabelled_seen = True
        key = (ev.event, ev.date.edtf, ev.date.part, ev.date.end_part)
        if key not in seen:
            seen.add(key)
            events.append(ev)
    return tuple(events)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date written in a piece of prose, with its character span in that text."""

    start: int
    end: int
    date: FuzzyDate


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _spans(text: str) -> tuple[DateSpan, ...]:
    return tuple(DateSpan(start, end, date) for start, end, date in _find_dates(text.translate(RANGE_DASHES)))


def find_dates(text: str) -> list[DateSpan]:
    """Every date of a sentence or phrase (no markup), left to right, with its span (positions in `text`)."""
    if not isinstance(text, str) or not text.strip():
        return []
    return list(_spans(text))


def parse_date_events(text: str) -> list[DateEvent]:
    """Find the dated diplomatic events in a cell or sentence, in order of appearance."""
    if not isinstance(text, str) or not text.strip():
        return []
    return list(_events(text))


def clear_caches() -> None:
    """Empty the per-string parse caches (used by benchmarks for honest timing)."""
    explain_date.cache_clear()
    _events.cache_clear()
    _spans.cache_clear()
