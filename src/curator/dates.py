"""Dates in documents about Japan's diplomatic relations: the public date API, and dates found in prose.

Parsing one cell or phrase (:func:`parse_fuzzy_date`, :func:`explain_date`) and its conventions live in
:mod:`curator.date_parse`; this module re-exports them and finds and labels the dates of longer text.

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

"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

from curator.date_parse import _CACHE_SIZE, DateParse, FuzzyDate, explain_date, parse_fuzzy_date
from curator.eras import is_era_name
from curator.text.dashes import RANGE_DASHES
from curator.text.markup import strip_wiki_markup
from curator.text.sentences import ends_in_abbreviation
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


@dataclass(frozen=True, slots=True)
class DateEvent:
    """A diplomatic event and its date, with the fragment it came from."""

    event: str
    date: FuzzyDate
    text: str


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
