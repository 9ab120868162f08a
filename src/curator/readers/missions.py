"""Resident missions stated in prose or lists ("Japan has an embassy in Tbilisi"), once per document and pair.

Reads sentences of the form "<country> has|maintains an embassy|consulate|... in <City>". It will not read a
statement whose subject is not a known country ("The embassy in Tokyo ..."), nor guess a host country that is
neither the city's country (a capital) nor the other party stated in the same document.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from curator.countries import country_iso3, country_of_capital, is_country_name
from curator.frames import from_rows
from curator.readers.composite import MISSIONS, Open, Reading
from curator.text.markup import strip_markup

_STATEMENT = re.compile(
    r"(?P<country>[A-Z][\w'’.-]*(?:\s+(?:and\s+|of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)*)\s+"
    r"(?:has|maintains|has maintained|had)\s+(?:also\s+)?(?:an?\s+)?"
    r"(?P<type>embassy|consulate[- ]general|honorary consulate|consulate|permanent mission|liaison office)"
    r"\s+in\s+(?P<city>[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)*)"
)
# Cheap test run by polars over every paragraph and item before the Python regex reads the few candidates.
_CANDIDATE = r"embassy|consulate|permanent mission|liaison office"
_TYPE_NAMES = {"consulate general": "consulate-general"}

MISSIONS_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.UInt32(),
    "source_line": pl.Int64(),
    "source_text": pl.String(),
    "source": pl.String(),
    "country": pl.String(),
    "country_iso3": pl.String(),
    "mission_type": pl.String(),
    "city": pl.String(),
    "host_country": pl.String(),
    "host_country_iso3": pl.String(),
    "host_country_source": pl.String(),
    "also_stated_on": pl.List(pl.Int64()),
}


def mission_type(text: str) -> str:
    """The mission type a text names, in the dataset's words ('Consulate General' -> 'consulate-general')."""
    lowered = text.lower()
    return _TYPE_NAMES.get(lowered, lowered)


def mission_fields(country: str, mission_type: str, city: str, parties: set[str]) -> dict[str, Any]:
    """The missions columns of `country`'s mission in `city`: the host is the state whose capital the city is, else
    the one other party of the document (`parties`), else unknown (`host_country_source` says which)."""
    host, source = country_of_capital(city), "capital"
    if host is None:
        others = parties - {country}
        host, source = (next(iter(others)), "pair") if len(others) == 1 else (None, "missing")
    return {
        "country": country,
        "country_iso3": country_iso3(country),
        "mission_type": mission_type,
        "city": city,
        "host_country": host,
        "host_country_iso3": country_iso3(host) if host else None,
        "host_country_source": source,
    }


def statements(text: str) -> list[tuple[str, str, str]]:
    """(country, mission type, city) of every mission statement in a line of prose or a list item."""
    found = []
    for match in _STATEMENT.finditer(strip_markup(text)):
        country = match.group("country").strip()
        if is_country_name(country):
            found.append((country, mission_type(match.group("type")), match.group("city").strip()))
    return found


def mission_rows(paragraphs: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """Mission statements of the batch's documents, first occurrence per (document, country, type, city).

    `paragraphs` and `items` carry doc, line, text and the raw line (`source_text`); a row's `source` says which.
    """
    candidates = (
        pl.concat(
            [
                paragraphs.select(
                    "doc", "line", "text", pl.col("text").alias("source_text"), pl.lit("prose").alias("source")
                ),
                items.select("doc", "line", "text", pl.col("raw").alias("source_text"), pl.lit("list").alias("source")),
            ]
        )
        .filter(pl.col("text").str.contains(_CANDIDATE))
        .sort("doc", "line")
    )
    found: dict[int, list[tuple[int, str, str, str, str, str]]] = {}
    read: dict[str, list[tuple[str, str, str]]] = {}  # a corpus repeats its sentences: each is read once
    for doc, line, text, source_text, source in candidates.iter_rows():
        if text not in read:
            read[text] = statements(text)
        for country, mission_type, city in read[text]:
            found.setdefault(doc, []).append((line, source_text, source, country, mission_type, city))
    rows: list[dict[str, Any]] = []
    for doc, stated in found.items():
        parties = {country for _line, _text, _source, country, _type, _city in stated}
        by_key: dict[tuple[str, str, str], dict[str, Any]] = {}
        for line, source_text, source, country, mission_type, city in stated:
            key = (country, mission_type, city)
            if key in by_key:
                by_key[key]["also_stated_on"].append(line)
                continue
            by_key[key] = {
                "doc": doc,
                "source_line": line,
                "source_text": source_text,
                "source": source,
                **mission_fields(country, mission_type, city, parties),
                "also_stated_on": [],
            }
        rows.extend(by_key.values())
    return from_rows(rows, MISSIONS_SCHEMA)


def missions_stated(open_: Open) -> Reading:
    """Missions stated in paragraphs and open list items; a mission claims every item that states it."""
    missions = mission_rows(open_.loaded.batch.paragraphs, open_.items)
    lines = missions.select("doc", pl.concat_list("source_line", "also_stated_on").alias("line")).explode("line")
    return Reading({MISSIONS: missions}, lines=lines)
