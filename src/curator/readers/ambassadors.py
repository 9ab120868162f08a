"""Ambassador lists: which lists of a document are lists of heads of mission, and their items as entries.

A list is one when the heading above it names one ("Georgian Ambassadors to Japan", the grammar of
`curator.text.envoys`), or when the document is a list article (its title names the two countries) and the list
sits under a rank heading or most of its items read as entries. Each item is read once (`curator.readers.entries`).
It will not read:

- a rank heading's year range as anyone's term ("Ministers of the Republic (1912–1949)");
- gap lines and closures ("No representation ...", "Closed following ..."): kept as `entry_kind = gap`;
- a list under "See also", "References" or "Notes", even in a list article;
- a column name left alone on a line ('Tenure') as a person: `entry_kind = heading`.
Tables of heads of mission are `curator.readers.ambassador_tables`; infobox people are `curator.readers.holders`.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from curator.countries import country_from_name_or_demonym
from curator.frames import map_distinct
from curator.readers.composite import AMBASSADORS, Open, Reading
from curator.readers.entries import (
    ENTRY_SCHEMA,
    entry_rows,
    parse_entry,
)
from curator.text.envoys import envoy_list_names
from curator.text.vocabulary import (
    header_role,
    is_rank_heading,
    role_of,
)

_STRING, _BOOL = pl.String(), pl.Boolean()
_SKIPPED_SECTIONS = re.compile(r"^(?:see also|references|notes|external links|further reading|bibliography)$", re.I)


def list_countries(heading: str) -> tuple[str | None, str | None] | None:
    """(sending, receiving) from an ambassador-list heading in any form of the envoy-list grammar, or None when the
    heading is not one; a name that is no country stays None."""
    named = envoy_list_names(heading.strip())
    if not named:
        return None
    sender, receiver = named[0]
    return country_from_name_or_demonym(sender), country_from_name_or_demonym(receiver)


def _entry(text: str) -> dict[str, Any]:
    entry = parse_entry(text)
    if entry["entry_kind"] == "person" and entry["term_text"] is None and header_role(entry["name"] or "") is not None:
        # A column name left on a line of its own by a table rendered as lines ('Tenure') names no one.
        entry.update(entry_kind="heading", notes=entry["name"], name=None, honorific=None)
    return entry


# --------------------------------------------------------------------------------------------------------- lists


def ambassador_lists(items: pl.DataFrame, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """doc, list_index, list_title, sending_country, receiving_country, list_role of every ambassador list, and
    every item read as an entry (doc, line and the entry's fields: each item is read once, here).

    A list is an ambassador list when the heading above it names one ("Georgian Ambassadors to Japan"), or when
    the document is a list article (its title names the two countries) and the list sits under a rank heading
    or most of its entries read as heads of mission. `documents` carry each document's title `sender` and
    `receiver`.
    """
    entries = map_distinct(items.select("doc", "line", "list_index", "text", "heading"), ["text"], _entry, ENTRY_SCHEMA)
    entries = entries.with_columns(
        ((pl.col("entry_kind") == "gap") | pl.col("term_text").is_not_null()).alias("_reads")
    )
    lists = entries.group_by("doc", "list_index", maintain_order=True).agg(
        pl.col("heading").first(), pl.col("_reads").mean().alias("_share")
    )
    lists = map_distinct(
        lists,
        ["heading"],
        _list_heading,
        {
            "_named": _BOOL,
            "_rank": _BOOL,
            "_skip": _BOOL,
            "_sender": _STRING,
            "_receiver": _STRING,
            "list_role": _STRING,
        },
    ).join(documents.select("doc", "sender", "receiver"), on="doc", how="left")
    article = pl.col("sender").is_not_null() & pl.col("receiver").is_not_null() & ~pl.col("_skip")
    qualifies = pl.col("_named") | (article & (pl.col("_rank") | (pl.col("_share") >= 0.6)))
    found = lists.filter(qualifies).select(
        "doc",
        "list_index",
        pl.coalesce("heading", pl.lit("")).alias("list_title"),
        pl.when(pl.col("_named")).then(pl.col("_sender")).otherwise(pl.col("sender")).alias("sending_country"),
        pl.when(pl.col("_named")).then(pl.col("_receiver")).otherwise(pl.col("receiver")).alias("receiving_country"),
        "list_role",
    )
    return found, entries.select("doc", "line", *ENTRY_SCHEMA)


def _list_heading(heading: str | None) -> dict[str, Any]:
    countries = list_countries(heading or "")
    rank = bool(heading) and is_rank_heading(heading or "")
    return {
        "_named": countries is not None,
        "_rank": rank,
        "_skip": bool(heading and _SKIPPED_SECTIONS.match(heading.strip())),
        "_sender": countries[0] if countries else None,
        "_receiver": countries[1] if countries else None,
        "list_role": role_of(heading) if rank and heading else None,
    }


_STARTS_ONLY = re.compile(
    r"\b(?:dates?\s+(?:are|is|give|of)\b.{0,40}\b(?:arrival|appointment|credentials)|(?:date|year)s?\s+of\s+"
    r"(?:arrival|appointment|credentials)|arrived|took up (?:the|their|his|her) post)",
    re.IGNORECASE,
)


def ambassador_rows(items: pl.DataFrame, entries: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of ambassador-list items and their findings (doc, line, severity, message).

    `items` are the list items of ambassador lists with their list's title, countries, role and `intro` (the line
    before the list); `entries` the items as `ambassador_lists` read them. When the intro says the dates are
    arrivals or appointments, a single date starts a term whose end is unknown, instead of being a one-year term.
    """
    rows = items.join(entries, on=["doc", "line"], how="left", maintain_order="left")
    starts_only = pl.col("intro").fill_null("").str.contains(f"(?i){_STARTS_ONLY.pattern}")
    single = pl.col("term_text").is_not_null() & ~pl.col("term_text").str.contains(r"[–-]|\bto\b|\bsince\b")
    rows = rows.with_columns((pl.col("start_only").fill_null(False) | (starts_only & single)).alias("start_only"))
    rows = rows.with_columns(
        pl.col("raw").alias("source_text"),
        pl.col("number").alias("position"),
        pl.col("kind").alias("entry_style"),
        pl.col("list_role").alias("default_role"),
        pl.lit(0).alias("_order"),
    )
    return entry_rows(rows, "list")


# -------------------------------------------------------------------------------------------------------- reader


def lists_of_envoys(open_: Open) -> Reading:
    """Rows of the open items of ambassador lists; every item of such a list is claimed, read as a person or not."""
    lists, entries = ambassador_lists(open_.items, open_.context)
    items = open_.items.join(lists, on=["doc", "list_index"]).join(
        _list_intros(open_.loaded.batch.lines, open_.items), on=["doc", "list_index"], how="left"
    )
    rows, found = ambassador_rows(items, entries)
    return Reading({AMBASSADORS: rows}, [(AMBASSADORS, found)], lines=items.select("doc", "line"))


def _list_intros(lines: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """doc, list_index, intro: the content line just before each list (a sentence such as 'Dates are those of
    arrival' says how to read the list)."""
    previous = (
        lines.filter(pl.col("kind") != "blank")
        .with_columns(pl.col("content").shift(1).over("doc").alias("intro"))
        .select("doc", "line", "intro")
    )
    firsts = items.group_by("doc", "list_index").agg(pl.col("line").min())
    return firsts.join(previous, on=["doc", "line"], how="left").select("doc", "list_index", "intro")
