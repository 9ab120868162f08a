"""Japanese era dates ("Meiji 6", "the 8th month of Kanpyō 6", "明治6年") as calendar spans, through `japanera`.

The eras, their names and their first days come from the `japanera` package (its general line of eras; the
Northern and Southern Courts' parallel eras are not read). Precision is what the calendar allows, never more:

* From Meiji 6 (1873) Japan uses the Gregorian calendar: an era year is one Gregorian year (EDTF ``1873``), the
  first year of a later era the days from its first day to 31 December.
* Before that an era year is a lunisolar year: it begins at a lunar new year in late January or February of a
  Gregorian year Y and ends early in Y+1 (the first year of an era begins on the era's first day instead), so
  ``Kanpyō 6`` is the interval ``0894/0895`` with precision ``year``. A lunar month (1st to 12th) lies inside
  Y (the 12th may reach January or February of Y+1, so it keeps the two years): ``the 8th month of Kanpyō 6`` is
  ``0894``; the lunar month is not a Gregorian month, so the precision stays ``year``.
* A year past the era's end (``Meiji 50``), a year 0 or a month outside 1..12 is no date. Romanisations are
  folded (Kanpyō, Kampyō and Kanpyou are one name); a name several eras bore (Shōwa, 1312 and 1926) is read only
  when one of them alone lasted into the year written (``Shōwa 20`` is 1945, ``Shōwa 1`` is not read).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import japanera

# Japan adopted the Gregorian calendar on the first day of Meiji 6.
GREGORIAN_FROM = 1873
_FOLDS = (("ou", "o"), ("uu", "u"), ("oo", "o"), ("mp", "np"), ("mb", "nb"), ("mm", "nm"), ("sy", "sh"))
_ERA = r"(?P<era>[A-Z][A-Za-zāīūēōÂÎÛÊÔâîûêô'’-]+)"
_ERA_YEAR = re.compile(rf"{_ERA}\s+(?P<year>\d{{1,2}})")
_YEAR_OF = re.compile(
    rf"(?:the\s+)?(?P<year>\d{{1,2}})(?:st|nd|rd|th)\s+year\s+of\s+(?:the\s+)?{_ERA}(?:\s+era)?", re.I
)
_MONTH_OF = re.compile(
    rf"(?:the\s+)?(?P<month>\d{{1,2}})(?:st|nd|rd|th)\s+month\s+of\s+(?:the\s+)?{_ERA}\s+(?P<year>\d{{1,2}})", re.I
)
_KANJI = re.compile(r"(?P<kanji>[\u4e00-\u9fff]{2})(?P<year>\d{1,2}|元)年(?:(?P<month>\d{1,2})月)?")


@dataclass(frozen=True)
class EraSpan:
    """The days an era date can mean: EDTF, first and last possible day, precision."""

    edtf: str
    earliest: dt.date
    latest: dt.date
    precision: str


def era_key(name: str) -> str:
    """A romanised era name folded so that its spellings meet ('Kanpyō', 'Kampyou' -> 'kanpyo')."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    text = text.casefold().replace("-", "").replace("'", "").replace("’", "")
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return text


@cache
def _eras() -> tuple[dict[str, list[japanera.Era]], dict[str, list[japanera.Era]]]:
    """Eras by folded romanised name and by kanji (a name may belong to several eras: Shōwa 1312 and 1926)."""
    by_name: dict[str, list[japanera.Era]] = {}
    by_kanji: dict[str, list[japanera.Era]] = {}
    for era in japanera.ERA_DATA_GENERAL:
        for table, key in ((by_name, era_key(era.english) if era.english else None), (by_kanji, era.kanji)):
            if key:
                table.setdefault(key, []).append(era)
    return by_name, by_kanji


def is_era_name(word: str) -> bool:
    """True when a word is the romanised name of an era ('Meiji', 'Kanpyō')."""
    return era_key(word.strip(" ,.;:()")) in _eras()[0]


def _lasted(era: japanera.Era, year: int) -> bool:
    return year >= 1 and (era.until is None or era.since.year + year - 1 <= era.until.year)


def _span(era: japanera.Era, year: int, month: int | None) -> EraSpan | None:
    first = era.since.year + year - 1
    last_year = era.until.year if era.until else None
    if year < 1 or (last_year is not None and first > last_year) or (month is not None and not 1 <= month <= 12):
        return None
    if first >= GREGORIAN_FROM:
        start = era.since if year == 1 else dt.date(first, 1, 1)
        if month is not None:
            return EraSpan(f"{first:04d}-{month:02d}", dt.date(first, month, 1), _month_end(first, month), "month")
        if start != dt.date(first, 1, 1):
            return EraSpan(f"{start.isoformat()}/{first:04d}-12-31", start, dt.date(first, 12, 31), "day")
        return EraSpan(f"{first:04d}", start, dt.date(first, 12, 31), "year")
    if month is not None and month < 12:
        return EraSpan(f"{first:04d}", dt.date(first, 1, 1), dt.date(first, 12, 31), "year")
    return EraSpan(f"{first:04d}/{first + 1:04d}", dt.date(first, 1, 1), dt.date(first + 1, 12, 31), "year")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def parse_era_date(text: str) -> EraSpan | None:
    """The span of a Japanese era date written alone ('Meiji 6', 'the 8th month of Kanpyō 6', '明治6年'), else
    None (not an era date, a year the era did not reach, or a name several eras bore that lasted that long)."""
    by_name, by_kanji = _eras()
    month: int | None = None
    if found := _MONTH_OF.fullmatch(text):
        eras, month = by_name.get(era_key(found["era"]), []), int(found["month"])
    elif found := (_ERA_YEAR.fullmatch(text) or _YEAR_OF.fullmatch(text)):
        eras = by_name.get(era_key(found["era"]), [])
    elif found := _KANJI.fullmatch(text):
        eras = by_kanji.get(found["kanji"], [])
        month = int(found["month"]) if found["month"] else None
    else:
        return None
    year = 1 if found["year"] == "元" else int(found["year"])
    # A name several eras bore is read only when one of them lasted into that year ('Shōwa 20' is 1945).
    lasting = [era for era in eras if _lasted(era, year)]
    return _span(lasting[0], year, month) if len(lasting) == 1 else None
