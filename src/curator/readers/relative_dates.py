"""Relative dates in a relation statement ("seven years later", "the same year"): counted from one unambiguous
anchor year in the same sentence or the one before, else reported with the reason and never guessed."""

from __future__ import annotations

import re
from dataclasses import replace

from curator.dates import DateSpan, FuzzyDate, parse_fuzzy_date
from curator.readers.relation_phrases import NUMBERS, RELATIVE

# Dates that name one point in time (not a decade, century or range).
POINTS = ("day", "month", "season", "year")


def years_of(spans: list[DateSpan]) -> set[int]:
    """The years of the spans that name one point in time and are not open-ended."""
    return {
        span.date.earliest.year
        for span in spans
        if span.date.earliest is not None and span.date.end_status is None and span.date.precision in POINTS
    }


def relative_spans(
    sentence: str, spans: list[DateSpan], previous_years: tuple[int, ...]
) -> list[tuple[int, int, FuzzyDate | None, str]]:
    """Each relative date of the sentence: (start, end, the date counted from its anchor or None, how it was
    counted or why it was not). The anchor is the one year of the dates before it in the sentence,
    else of the previous sentence; two years or none leave it unresolved."""
    found: list[tuple[int, int, FuzzyDate | None, str]] = []
    for match in RELATIVE.finditer(sentence):
        before = years_of([span for span in spans if span.end <= match.start()])
        anchors = before or set(previous_years)
        phrase = match.group(0)
        if len(anchors) != 1:
            where = "this sentence" if before else "the sentence before"
            reason = f"{len(anchors) or 'no'} dates to count {phrase!r} from in {where}"
            found.append((match.start(), match.end(), None, reason))
            continue
        (anchor,) = anchors
        offset = _offset(match)
        date = parse_fuzzy_date(str(anchor + offset))
        if date is None:
            continue
        found.append((match.start(), match.end(), replace(date, text=phrase), f"{phrase!r} counted from {anchor}"))
    return found


def _count(word: str) -> int:
    return NUMBERS.get(word.casefold()) or int(word)


def _offset(match: re.Match[str]) -> int:
    """Years from a relative date's anchor to the date it names ('two years earlier': -2)."""
    if match["n"]:
        return _count(match["n"])
    if match["back"]:
        return -_count(match["back"])
    return 1 if match["next"] or match["after"] else -1 if match["prev"] or match["before"] else 0
