"""Fuzzy dates of cells and short phrases: one string in, one :class:`FuzzyDate` (or the reason there is none) out.

Turns date cells and short date phrases ("3 February 1898", "1905–11",
"c. 1584", "2021–present", "13th century", "early 1920s", "summer 1905",
"before 1991") into :class:`FuzzyDate` values carrying an EDTF string, the
earliest and latest calendar day the text can mean, and a precision
(:mod:`curator.dates` finds and labels the dates of longer text).

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

Parsing is a pure function of the string and is cached per distinct string
(:func:`clear_caches` empties the caches, e.g. before a benchmark run).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from curator.date_points import (
    _F,
    _MONTH_NAMES,
    _NN_RE,
    _P_DY_RE,
    _bare_point,
    _century_point,
    _clean,
    _day_point,
    _month_point,
    _Partial,
    _partial,
    _Point,
    _point,
    _RejectError,
    _year_point,
)

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
class DateParse:
    """The outcome of parsing one string: a date, or the reason there is none."""

    text: str
    date: FuzzyDate | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when a date came out."""
        return self.date is not None


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
