"""Resident missions stated in prose or lists ("Japan has an embassy in Tbilisi"), once per document and pair."""

from __future__ import annotations

import re
from typing import Any

from curator.countries import country_iso3, country_of_capital, is_country_name
from curator.parse import ParsedDocument, strip_markup

_STATEMENT = re.compile(
    r"(?P<country>[A-Z][\w'’.-]*(?:\s+(?:and\s+|of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)*)\s+"
    r"(?:has|maintains|has maintained|had)\s+(?:also\s+)?(?:an?\s+)?"
    r"(?P<type>embassy|consulate[- ]general|honorary consulate|consulate|permanent mission|liaison office)"
    r"\s+in\s+(?P<city>[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)*)"
)
_TYPE_NAMES = {"consulate general": "consulate-general"}


def _type_of(text: str) -> str:
    lowered = text.lower()
    return _TYPE_NAMES.get(lowered, lowered)


def _host(city: str, country: str, parties: set[str]) -> tuple[str | None, str]:
    capital_of = country_of_capital(city)
    if capital_of:
        return capital_of, "capital"
    others = parties - {country}
    if len(others) == 1:
        return next(iter(others)), "pair"
    return None, "missing"


def mission_rows(doc: ParsedDocument) -> tuple[list[dict[str, Any]], set[int]]:
    """Mission statements of a document, first occurrence per (country, type, city); also the item lines used."""
    texts = [(line, text) for line, text in doc.paragraphs] + [(item.line, item.text) for item in doc.items]
    texts.sort()
    statements: list[tuple[int, str, str, str]] = []
    for line, text in texts:
        for match in _STATEMENT.finditer(strip_markup(text)):
            country = match.group("country").strip()
            if is_country_name(country):
                statements.append((line, country, _type_of(match.group("type")), match.group("city").strip()))
    parties = {country for _line, country, _type, _city in statements}
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    item_lines = {item.line for item in doc.items}
    used_items: set[int] = set()
    for line, country, mission_type, city in statements:
        key = (country, mission_type, city)
        if line in item_lines:
            used_items.add(line)
        if key in rows:
            rows[key]["also_stated_on"].append(line)
            continue
        host, host_source = _host(city, country, parties)
        rows[key] = {
            "source_file": doc.source_file,
            "source_line": line,
            "country": country,
            "country_iso3": country_iso3(country),
            "mission_type": mission_type,
            "city": city,
            "host_country": host,
            "host_country_iso3": country_iso3(host) if host else None,
            "host_country_source": host_source,
            "also_stated_on": [],
        }
    return list(rows.values()), used_items
