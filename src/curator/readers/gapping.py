"""A recognition shared by a gapped list ('Russia recognised Croatia in February, Japan in March and India in May
1992'): each state with the month of its own chunk, the year borrowed from the date that closes the list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from curator.countries import countries_in_text
from curator.dates import FuzzyDate, parse_fuzzy_date

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WHEN = rf"(?P<when>(?:\d{{1,2}}\s+)?{_MONTH}(?:\s+\d{{1,2}}(?!\d))?(?:,?\s+(?P<year>\d{{4}}))?)"
# Right after the verb: its object (a state, \x00) and the month of the first clause.
_FIRST = re.compile(rf"\s+(?:the\s+)?\x00\s+(?:in|on)\s+{_WHEN}")
# Each further chunk: another state and its own month.
_CHUNK = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?\x00\s+(?:in|on)\s+{_WHEN}")


@dataclass(frozen=True)
class Chunk:
    """One state's share of a gapped recognition: who recognised, the date as written and as read."""

    subject: tuple[int, int, str] | None  # None: the first clause's subject, whoever it is
    date_text: str
    date: FuzzyDate
    how: str | None  # how the year was borrowed, when the chunk writes none


def gapped(sentence: str, verb_end: int) -> tuple[tuple[int, int, str], list[Chunk]] | None:
    """The object of a recognition whose verb is followed by 'OBJECT in MONTH' and at least one ', STATE in MONTH'
    chunk, and each clause's share; None when the sentence has no such list or its last chunk writes no year."""
    after = [(m.start, m.end, m.country) for m in countries_in_text(sentence) if m.start >= verb_end]
    template, position = [], verb_end
    for start, end, _country in after:
        template += [sentence[position:start], "\x00"]
        position = end
    template.append(sentence[position:])
    text = "".join(template)
    first = _FIRST.match(text)
    if first is None or not after:
        return None
    found: list[tuple[tuple[int, int, str] | None, str, str | None]] = [(None, first["when"], first["year"])]
    cursor, index = first.end(), 1
    while (chunk := _CHUNK.match(text, cursor)) is not None and index < len(after):
        found.append((after[index], chunk["when"], chunk["year"]))
        cursor, index = chunk.end(), index + 1
    if len(found) < 2 or found[-1][2] is None or any(year for _s, _w, year in found[:-1]):
        return None
    last = found[-1][1]
    chunks = []
    for subject, when, year in found:
        date = parse_fuzzy_date(when if year else f"{when} {found[-1][2]}")
        if date is None or date.earliest is None:
            return None
        how = None if year else f"the year of {last!r}, which closes the list"
        chunks.append(Chunk(subject, when, date, how))
    return after[0], chunks
