"""Bilateral-relations tables: recover the blank country from the Notes cell, read the date cell into events."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from curator.countries import country_iso3, is_country_name
from curator.dates import DateEvent, explain_date, parse_date_events
from curator.fuzzy import ESTABLISHMENT_LIKE, fuzzy_date_fields
from curator.parse import ParsedDocument, Table, strip_markup
from schemas.vocabulary import REGIONS

BILATERAL_SECTION = "bilateral relations"

_SEE_PAIR = re.compile(r"^\s*see\s+(?P<pair>.+?)\s+relations\b", re.IGNORECASE)
_SEE_FOREIGN = re.compile(r"^\s*see\s+foreign\s+relations\s+of\s+(?P<country>[^#|]+)", re.IGNORECASE)
_FOREIGN_RELATIONS_TITLE = re.compile(r"^foreign relations of\s+(?P<country>.+)$", re.IGNORECASE)
_DASH = r"\s*[-–—]\s*"


def subject_country(doc: ParsedDocument) -> str | None:
    """The country whose relations a document lists, read off a 'Foreign relations of X' title."""
    match = _FOREIGN_RELATIONS_TITLE.match(doc.title or "")
    return match.group("country").strip() if match else None


def country_from_note(note: str, subject: str | None) -> tuple[str | None, str | None]:
    """The counterpart named by a Notes cell and the article it points at.

    'See Argentina–Japan relations' and 'See Fiji-Japan relations' (hyphen) name the side that is not the subject;
    'See Foreign relations of Romania#Asia: East Asia' names Romania (the anchor is dropped).
    """
    text = strip_markup(note)
    foreign = _SEE_FOREIGN.match(text)
    if foreign:
        country = foreign.group("country").strip()
        return (country if is_country_name(country) else None), f"Foreign relations of {country}"
    pair = _SEE_PAIR.match(text)
    if not pair:
        return None, None
    article = f"{pair.group('pair').strip()} relations"
    if subject:
        escaped = re.escape(subject)
        for pattern in (rf"^(?P<other>.+?){_DASH}{escaped}$", rf"^{escaped}{_DASH}(?P<other>.+)$"):
            match = re.match(pattern, pair.group("pair").strip(), re.IGNORECASE)
            if match and is_country_name(match.group("other")):
                return match.group("other").strip(), article
        return None, article
    return None, article


def parties_of_note(note: str) -> tuple[str, str] | None:
    """The two countries of a 'See A–B relations' note, when it splits into two known names."""
    pair = _SEE_PAIR.match(strip_markup(note))
    if not pair:
        return None
    text = pair.group("pair").strip()
    for match in re.finditer(_DASH, text):
        left, right = text[: match.start()].strip(), text[match.end() :].strip()
        if is_country_name(left) and is_country_name(right):
            return left, right
    return None


def infer_subject(notes: Sequence[str]) -> str | None:
    """The party common to more than half of a table's 'See A–B relations' notes, when the title names none."""
    counts: dict[str, int] = {}
    for note in notes:
        parties = parties_of_note(note)
        for party in set(parties or ()):
            counts[party] = counts.get(party, 0) + 1
    if not counts:
        return None
    party, count = max(counts.items(), key=lambda item: item[1])
    return party if count * 2 > len(notes) else None


def region_of(doc: ParsedDocument, table: Table) -> str | None:
    """The section directly under 'Bilateral relations' that holds the table (not a deeper sub-heading)."""
    path = doc.section_path(table.section)
    lowered = [title.casefold() for title in path]
    if BILATERAL_SECTION in lowered:
        index = lowered.index(BILATERAL_SECTION)
        if index + 1 < len(path):
            return path[index + 1]
    return next((title for title in path if title in REGIONS), None)


def neighbour_hint(countries: Sequence[str | None], index: int) -> str | None:
    """'between Malta and Montenegro': the nearest recovered countries above and below a row of the table."""
    before = next((c for c in reversed(countries[:index]) if c), None)
    after = next((c for c in countries[index + 1 :] if c), None)
    if before and after:
        return f"between {before} and {after}"
    if before:
        return f"after {before}"
    if after:
        return f"before {after}"
    return None


def first_establishment(events: Sequence[DateEvent]) -> DateEvent | None:
    """The first establishment-like event of a cell (established, officialized, recognized, re-established)."""
    return next((event for event in events if event.event in ESTABLISHMENT_LIKE), None)


def relation_rows(
    doc: ParsedDocument, table: Table, columns: dict[str, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[int, str, str]]]:
    """Relations rows, their dated events, and (line, severity, message) findings of one relations table."""
    region = region_of(doc, table)

    def cell(cells: tuple[str, ...], name: str) -> str:
        index = columns.get(name)
        return strip_markup(cells[index]) if index is not None and index < len(cells) else ""

    subject = subject_country(doc) or infer_subject([cell(row.cells, "notes") for row in table.rows])

    recovered: list[tuple[str | None, str, str | None]] = []
    for row in table.rows:
        named = cell(row.cells, "country")
        note_country, article = country_from_note(cell(row.cells, "notes"), subject)
        if named:
            recovered.append((named, "cell", article))
        elif note_country:
            recovered.append((note_country, "note", article))
        else:
            recovered.append((None, "missing", article))

    countries = [country for country, _source, _article in recovered]
    relations: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    findings: list[tuple[int, str, str]] = []
    for index, row in enumerate(table.rows):
        country, source, article = recovered[index]
        began = cell(row.cells, "began")
        cell_events = parse_date_events(began) if began else []
        established = first_establishment(cell_events)
        if began and not cell_events:
            findings.append((row.line, "warning", f"no date read from {began!r}: {explain_date(began).reason}"))
        elif not began:
            findings.append((row.line, "info", "relations date cell is blank"))
        for index_of_cell, raw_cell in enumerate(row.cells):
            if raw_cell != strip_markup(raw_cell) and "<" in raw_cell:
                findings.append((row.line, "warning", f"markup removed from cell {index_of_cell + 1}: {raw_cell!r}"))
        if source == "cell" and country and not is_country_name(country):
            findings.append((row.line, "warning", f"country cell names no known country: {country!r}"))
        if row.ragged:
            findings.append((row.line, "warning", f"row has {len(row.cells)} cells, header has {len(table.header)}"))
        relations.append(
            {
                "source_file": doc.source_file,
                "source_line": row.line,
                "subject_country": subject,
                "country": country,
                "country_iso3": country_iso3(country) if country else None,
                "country_source": source,
                "country_hint": None if country else neighbour_hint(countries, index),
                "region": region,
                "relations_began_text": began or None,
                "established_event": established.event if established else None,
                **fuzzy_date_fields("established", established.text if established else None, established),
                "events": len(cell_events),
                "notes": cell(row.cells, "notes") or None,
                "see_article": article,
            }
        )
        for order, event in enumerate(cell_events, start=1):
            events.append(
                {
                    "source_file": doc.source_file,
                    "source_line": row.line,
                    "country": country,
                    "country_iso3": country_iso3(country) if country else None,
                    "event_order": order,
                    "event": event.event,
                    **fuzzy_date_fields("date", event.text, event),
                }
            )
    return relations, events, findings
