"""One date of a cell: cleaning, and the grammar of a single day, month, season, year, decade or century."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from curator.eras import parse_era_date
from curator.text.dashes import RANGE_DASHES
from curator.text.markup import strip_wiki_markup
from curator.text.vocabulary import PLACEHOLDER_CELLS


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
