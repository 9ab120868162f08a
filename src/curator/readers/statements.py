"""Relation events from prose and state lists, and every relation seen from the focal country's side.

`prose_rows` turns the statements `curator.readers.prose` reads into relation_events rows (`source = prose`, or `list`
for a list item such as `- 1961 Diplomatic relations established.`), each with its sentence. `state_list_events`
reads the start date of a `# | Country | Date` row that names a country (a blank cell gives nothing). A relation
between the focal country and another is always written with the focal country as `subject_country` and the
other as `country`, whichever side the table or sentence put it on; relations between two other states are kept
as written.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import polars as pl

from curator.countries import country_iso3, is_country_name, same_state
from curator.dates import parse_fuzzy_date
from curator.frames import from_rows, map_distinct
from curator.fuzzy import fuzzy_date_fields, fuzzy_date_schema
from curator.readers.prose import STATEMENT_WORDS, Statement, counterparts, read_paragraph
from curator.readers.subject import FOCAL_COUNTRY

_STRING, _INT = pl.String(), pl.Int64()
_PROVENANCE = ("doc", "source_line", "source_text", "source")
EVENT_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.UInt32(),
    "source_line": _INT,
    "source_text": _STRING,
    "source": _STRING,
    "subject_country": _STRING,
    "country": _STRING,
    "country_iso3": _STRING,
    "event_order": _INT,
    "event": _STRING,
    **fuzzy_date_schema("date"),
    "statement": _STRING,
}
# What a statement gives, whichever paragraph it was read from.
_STATED_SCHEMA = {name: dtype for name, dtype in EVENT_SCHEMA.items() if name not in _PROVENANCE}
# Prose cheaply worth a closer look: it speaks of relations, ties or recognition.
_CANDIDATE = r"(?i)relations|ties\b|relationship|recogni[sz]"
_READ_KEYS = ("text", "subject", "counterpart")


def prose_rows(texts: pl.DataFrame, context: pl.DataFrame, focal: str = FOCAL_COUNTRY) -> pl.DataFrame:
    """relation_events rows of the relation statements in paragraphs and list items (doc, line, text, source)."""
    candidates = texts.filter(
        pl.col("text").str.contains(_CANDIDATE) & pl.col("text").str.contains(STATEMENT_WORDS)
    ).join(context.select("doc", "subject", "counterpart"), on="doc", how="left", maintain_order="left")
    # A corpus repeats its paragraphs: each distinct text is read once, for each pair of title parties it meets.
    read: dict[str, list[Statement]] = {}
    rows: list[dict[str, Any]] = []
    for text, subject, counterpart in candidates.select(_READ_KEYS).unique(maintain_order=True).iter_rows():
        if text not in read:
            read[text] = read_paragraph(text)
        order = 0
        for statement in read[text]:
            for country in counterparts(statement, focal, subject, counterpart):
                order += 1
                rows.append(
                    {
                        "text": text,
                        "subject": subject,
                        "counterpart": counterpart,
                        "subject_country": focal,
                        "country": country,
                        "country_iso3": country_iso3(country),
                        "event_order": order,
                        "event": statement.event,
                        **fuzzy_date_fields("date", statement.date_text, statement.date),
                        "statement": statement.sentence,
                    }
                )
    found = from_rows(rows, {**dict.fromkeys(_READ_KEYS, _STRING), **_STATED_SCHEMA})
    return candidates.join(found, on=list(_READ_KEYS), nulls_equal=True, maintain_order="left").select(
        "doc", pl.col("line").alias("source_line"), pl.col("text").alias("source_text"), "source", *_STATED_SCHEMA
    )


def state_list_events(state_list: pl.DataFrame, context: pl.DataFrame, focal: str = FOCAL_COUNTRY) -> pl.DataFrame:
    """`established` events of state-list rows that name a country and a readable date."""
    named = state_list.filter(pl.col("country").is_not_null() & pl.col("date_text").is_not_null()).join(
        context.select("doc", "subject"), on="doc", how="left"
    )
    rows: list[dict[str, Any]] = []
    for doc, line, text, country, date_text, subject in named.select(
        "doc", "source_line", "source_text", "country", "date_text", "subject"
    ).iter_rows():
        date = parse_fuzzy_date(date_text)
        if date is None or date.earliest is None or not is_country_name(country):
            continue
        rows.append(
            {
                "doc": doc,
                "source_line": line,
                "source_text": text,
                "source": "table",
                "subject_country": subject or focal,
                "country": country,
                "country_iso3": country_iso3(country),
                "event_order": 1,
                "event": "established",
                **fuzzy_date_fields("date", date_text, date),
                "statement": None,
            }
        )
    return from_rows(rows, EVENT_SCHEMA)


_SWAP_SCHEMA = {"_subject": _STRING, "_country": _STRING}


def _swap(subject: str | None, country: str | None, focal: str) -> dict[str, Any]:
    focal_is_country = same_state(country, focal) and bool(subject) and not same_state(subject, focal)
    return {
        "_subject": focal if focal_is_country else subject,
        "_country": subject if focal_is_country else country,
    }


def from_focal_country(
    relations: pl.DataFrame, events: pl.DataFrame, focal: str = FOCAL_COUNTRY
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Relations and events written from the focal country's side (subject = focal, country = the other state)."""
    swapped = []
    for frame in (relations, events):
        if frame.is_empty():
            swapped.append(frame)
            continue
        frame = map_distinct(frame, ["subject_country", "country"], partial(_swap, focal=focal), _SWAP_SCHEMA)
        changed = pl.col("_country").ne_missing(pl.col("country"))
        frame = frame.with_columns(
            pl.col("_subject").alias("subject_country"),
            pl.col("_country").alias("country"),
            pl.when(changed)
            .then(pl.col("_country").map_elements(country_iso3, return_dtype=_STRING))
            .otherwise("country_iso3")
            .alias("country_iso3"),
        ).drop("_subject", "_country")
        swapped.append(frame)
    return swapped[0], swapped[1]
