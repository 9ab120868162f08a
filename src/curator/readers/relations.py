"""Bilateral-relations tables: recover the blank country from the Notes cell, read the date cell into events.

Reads tables whose header is `Country | Formal relations began | Notes` (claimed by `curator.datasets`). It will
not guess a country: a row whose country cell is blank and whose note names no known country stays without one
and is quarantined with its alphabetical neighbours as a hint. A date cell with no readable date is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from curator.countries import country_iso3, is_country_name
from curator.dates import DateEvent, explain_date, parse_date_events
from curator.frames import cell_at, map_distinct
from curator.fuzzy import ESTABLISHMENT_LIKE, fuzzy_date_fields, fuzzy_date_schema
from curator.readers.subject import FOCAL_COUNTRY, split_pair
from curator.text.dashes import DASH_SEPARATOR
from curator.text.markup import strip_markup, strip_markup_expr
from schemas.vocabulary import REGIONS

BILATERAL_SECTION = "bilateral relations"

_SEE_PAIR = re.compile(r"^\s*see\s+(?P<pair>.+?)\s+relations\b", re.IGNORECASE)
_SEE_FOREIGN = re.compile(r"^\s*see\s+foreign\s+relations\s+of\s+(?P<country>[^#|]+)", re.IGNORECASE)

_STRING, _INT = pl.String(), pl.Int64()


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
        for pattern in (rf"^(?P<other>.+?){DASH_SEPARATOR}{escaped}$", rf"^{escaped}{DASH_SEPARATOR}(?P<other>.+)$"):
            match = re.match(pattern, pair.group("pair").strip(), re.IGNORECASE)
            if match and is_country_name(match.group("other")):
                return match.group("other").strip(), article
    return None, article


def parties_of_note(note: str) -> tuple[str, str] | None:
    """The two countries of a 'See A–B relations' note, when it splits into two known names."""
    pair = _SEE_PAIR.match(strip_markup(note))
    return split_pair(pair.group("pair").strip()) if pair else None


def region_of(path: Sequence[str]) -> str | None:
    """The section directly under 'Bilateral relations' in a section path (not a deeper sub-heading)."""
    lowered = [title.casefold() for title in path]
    if BILATERAL_SECTION in lowered:
        index = lowered.index(BILATERAL_SECTION)
        if index + 1 < len(path):
            return path[index + 1]
    return next((title for title in path if title in REGIONS), None)


def first_establishment(events: Sequence[DateEvent]) -> DateEvent | None:
    """The first establishment-like event of a cell (established, officialized, recognized, re-established)."""
    return next((event for event in events if event.event in ESTABLISHMENT_LIKE), None)


def _table_subjects(rows: pl.DataFrame, focal: str) -> pl.DataFrame:
    """doc, table, subject: the title's subject, else the party common to more than half of the table's notes,
    else (ambiguous) the focal country."""
    parties = map_distinct(
        rows.select("doc", "table", "subject", "notes"),
        ["notes"],
        lambda note: dict(zip(("left", "right"), parties_of_note(note) or (None, None), strict=True)),
        {"left": _STRING, "right": _STRING},
    )
    sizes = rows.group_by("doc", "table").agg(pl.len().alias("_rows"))
    votes = (
        parties.select("doc", "table", pl.concat_list("left", "right").list.unique().alias("party"))
        .explode("party")
        .drop_nulls("party")
        .group_by("doc", "table", "party")
        .agg(pl.len().alias("_votes"))
        .join(sizes, on=["doc", "table"])
        .filter(pl.col("_votes") * 2 > pl.col("_rows"))
        .sort("doc", "table", "_votes", "party", descending=[False, False, True, False])
        .unique(["doc", "table"], keep="first", maintain_order=True)
        .select("doc", "table", pl.col("party").alias("_inferred"))
    )
    titled = rows.select("doc", "table", "subject").unique(["doc", "table"])
    return titled.join(votes, on=["doc", "table"], how="left").select(
        "doc", "table", pl.coalesce("subject", "_inferred", pl.lit(focal)).alias("subject")
    )


def _recover(note: str, subject: str) -> dict[str, Any]:
    country, article = country_from_note(note, subject)
    return {"note_country": country, "see_article": article}


def _events_of(began: str) -> dict[str, Any]:
    events = parse_date_events(began) if began else []
    established = first_establishment(events)
    return {
        "established_event": established.event if established else None,
        **fuzzy_date_fields("established", established.text if established else None, established),
        "events": len(events),
        "_events": [{"event": e.event, **fuzzy_date_fields("date", e.text, e)} for e in events],
        "_date_problem": f"no date read from {began!r}: {explain_date(began).reason}" if began and not events else None,
    }


_EVENT_STRUCT = pl.Struct({"event": _STRING, **fuzzy_date_schema("date")})
_RECOVER_SCHEMA = {"note_country": _STRING, "see_article": _STRING}
_EVENTS_SCHEMA = {
    "established_event": _STRING,
    **fuzzy_date_schema("established"),
    "events": _INT,
    "_events": pl.List(_EVENT_STRUCT),
    "_date_problem": _STRING,
}


def neighbour_hint() -> pl.Expr:
    """'between Malta and Montenegro': the nearest recovered countries above and below a row of its table."""
    before = pl.col("country").shift(1).forward_fill().over("doc", "table")
    after = pl.col("country").shift(-1).backward_fill().over("doc", "table")
    return (
        pl.when(before.is_not_null() & after.is_not_null())
        .then(pl.format("between {} and {}", before, after))
        .when(before.is_not_null())
        .then(pl.format("after {}", before))
        .when(after.is_not_null())
        .then(pl.format("before {}", after))
    )


def relation_rows(rows: pl.DataFrame, focal: str = FOCAL_COUNTRY) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Relations rows, their dated events and findings (doc, source_line, severity, message) of relations tables.

    `rows` are table rows (doc, table, line, cells, ragged, text) with their table's region, title subject and
    the indexes of the country, began and notes columns.
    """
    rows = rows.with_columns(
        *(strip_markup_expr(cell_at(f"{role}_index")).fill_null("").alias(role) for role in ("named", "began", "notes"))
    )
    rows = rows.drop("subject").join(_table_subjects(rows, focal), on=["doc", "table"], how="left")
    rows = map_distinct(rows, ["notes", "subject"], _recover, _RECOVER_SCHEMA)
    rows = rows.with_columns(
        pl.when(pl.col("named") != "").then(pl.col("named")).otherwise(pl.col("note_country")).alias("country"),
        pl.when(pl.col("named") != "")
        .then(pl.lit("cell"))
        .when(pl.col("note_country").is_not_null())
        .then(pl.lit("note"))
        .otherwise(pl.lit("missing"))
        .alias("country_source"),
    ).sort("doc", "line")
    rows = map_distinct(
        rows, ["country"], lambda c: {"country_iso3": country_iso3(c) if c else None}, {"country_iso3": _STRING}
    )
    rows = map_distinct(rows, ["began"], _events_of, _EVENTS_SCHEMA)
    rows = rows.with_columns(pl.when(pl.col("country").is_null()).then(neighbour_hint()).alias("country_hint"))
    # Where a row came from and whose relation it states: the leading columns of both datasets.
    stated: list[str | pl.Expr] = [
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("text").alias("source_text"),
        pl.col("subject").alias("subject_country"),
        "country",
        "country_iso3",
    ]
    relations = rows.select(
        *stated,
        "country_source",
        "country_hint",
        "region",
        pl.when(pl.col("began") != "").then(pl.col("began")).alias("relations_began_text"),
        "established_event",
        *fuzzy_date_schema("established"),
        "events",
        pl.when(pl.col("notes") != "").then(pl.col("notes")).alias("notes"),
        "see_article",
    )
    events = (
        rows.select(*stated, "_events")
        .filter(pl.col("_events").list.len() > 0)
        .with_columns(pl.int_ranges(1, pl.col("_events").list.len() + 1).alias("event_order"))
        .explode("_events", "event_order")
        .unnest("_events")
        .with_columns(pl.lit("cell").alias("source"))
    )
    return relations, events, _findings(rows)


def _findings(rows: pl.DataFrame) -> pl.DataFrame:
    """Per-row findings of a relations table: unreadable or blank dates, markup, unknown names, ragged rows."""
    frames = [
        rows.filter(pl.col("_date_problem").is_not_null()).select(
            "doc",
            "line",
            pl.lit("warning").alias("severity"),
            pl.col("_date_problem").alias("message"),
        ),
        rows.filter(pl.col("began") == "").select(
            "doc", "line", pl.lit("info").alias("severity"), pl.lit("relations date cell is blank").alias("message")
        ),
    ]
    with_markup = rows.filter(pl.col("text").str.contains("<")).select("doc", "line", "cells")
    markup = [
        {"doc": doc, "line": line, "severity": "warning", "message": f"markup removed from cell {index + 1}: {raw!r}"}
        for doc, line, cells in with_markup.iter_rows()
        for index, raw in enumerate(cells)
        if "<" in raw and raw != strip_markup(raw)
    ]
    unknown = rows.filter(
        (pl.col("country_source") == "cell") & pl.col("country").is_not_null() & pl.col("country_iso3").is_null()
    ).select("doc", "line", "country")
    frames.append(
        pl.DataFrame(
            markup
            + [
                {
                    "doc": doc,
                    "line": line,
                    "severity": "warning",
                    "message": f"country cell names no known country: {country!r}",
                }
                for doc, line, country in unknown.iter_rows()
                if not is_country_name(country)
            ],
            schema={"doc": pl.UInt32(), "line": _INT, "severity": _STRING, "message": _STRING},
        )
    )
    frames.append(
        rows.filter(pl.col("ragged")).select(
            "doc",
            "line",
            pl.lit("warning").alias("severity"),
            pl.format("row has {} cells, header has {}", pl.col("cells").list.len(), "_width").alias("message"),
        )
    )
    return pl.concat([f.with_columns(pl.col("doc").cast(pl.UInt32)) for f in frames]).sort("doc", "line")
