"""Infoboxes: key/value blocks (`Infobox` then `- Key: value` lines, two-column tables, bare or glued lines).

Every line of an infobox becomes a row of `infobox` (key as written, what it means, value). From them come the
heads of mission an infobox names (Incumbent with Incumbentsince, Inaugural, Envoy1 with Envoytitle1) and the
missions (Mission1: `Embassy of Japan, Mexico City`), marked `source = infobox`. It will not read a year off
`Formation` into anyone's term (the post was formed then, not filled), nor a value it cannot split into a name
or a mission; bare lines are read only in the run of short lines at the top of a document without a `= Title =`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from curator.countries import country_from_name_or_demonym
from curator.dates import parse_fuzzy_date
from curator.frames import from_rows, map_distinct
from curator.readers.composite import INFOBOX, LINES_SCHEMA, MISSIONS, Open, Reading
from curator.readers.missions import MISSIONS_SCHEMA, mission_fields, mission_type
from curator.text.markup import PY_WHITESPACE, strip_markup
from curator.text.vocabulary import GLUED_KEYS, HONORIFICS, INFOBOX_MARKER, infobox_key, is_placeholder, role_of

_KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9 _]{0,40}?)\s*:\s*(?P<value>.*)$")
_SINCE = re.compile(r"^\s*\(?\s*(?:incumbent\s+)?since\s+(?P<date>[^()]+?)\s*\)?\s*$", re.I)
_EMBASSY = re.compile(
    r"^\s*(?:(?P<type1>embassy|consulate[- ]general|consulate|legation)\s+of\s+(?P<of>[^,]+)"
    r"|(?P<adjective>[A-Z][\w'’ -]*?)\s+(?P<type2>embassy|consulate[- ]general|consulate|legation))"
    r"\s*,\s*(?P<city>.+?)\s*$",
    re.I,
)
_LEADING_JUNK = re.compile(r"^[\s,;:()]+|[\s,;:]+$")
_ENVOY_SINCE = re.compile(r"\(\s*since\s+(?P<date>[^()]+)\)", re.I)
# `Justin Hayhurst since 24 April 2023`: the date a value's name is followed by, without brackets.
_TRAILING_SINCE = re.compile(r"\s+since\s+(?P<date>[^()|]+?)\s*$", re.I)
# `Incumbent since 1 September 2024Ann Example`: a mirror glues the incumbent's name to the date of the line above it.
_GLUED_INCUMBENT = re.compile(
    r"^\s*(?i:incumbent\s+)?(?i:since)\s+(?P<date>[^()|]*?\d{4})\s*(?P<name>[A-Z][^()|\d]*?)\s*$"
)
# The cell separators a mirror's infobox row keeps when it is read as a bare line (`Inaugural holder | Ann Example |`).
_CELL_EDGES = " :|"

INFOBOX_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.UInt32(),
    "source_line": pl.Int64(),
    "source_text": pl.String(),
    "layout": pl.String(),
    "key": pl.String(),
    "field": pl.String(),
    "value": pl.String(),
}


@dataclass(frozen=True)
class InfoboxLine:
    """One key/value line of an infobox."""

    doc: int
    line: int
    source_text: str
    layout: str
    key: str
    field: str
    value: str


def read_key_value(text: str) -> tuple[str, str, str] | None:
    """(key as written, meaning, value) of a `Key: value` entry whose key is an infobox key, else None."""
    match = _KEY_VALUE.match(strip_markup(text))
    if not match:
        return None
    field = infobox_key(match.group("key"))
    return (match.group("key").strip(), field, match.group("value").strip()) if field else None


def read_bare_line(text: str) -> tuple[str, str, str] | None:
    """(key, meaning, value) of a line of an infobox rendered without separators: `Inaugural holderTatsuo Kawai`,
    `Formation1905`, `Incumbent`, `since 1 March 2023`; None for any other line."""
    cleaned = strip_markup(text)
    glued = _glued_incumbent(cleaned.strip(_CELL_EDGES))
    if glued:
        return glued
    if _SINCE.match(cleaned):
        return "since", "incumbent_since", cleaned
    for key in GLUED_KEYS:
        if cleaned.casefold().startswith(key.casefold()):
            rest = cleaned[len(key) :]
            if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in " :"):
                continue
            if rest[:1] == " " and rest.strip()[:1].islower():
                continue  # a phrase (`Ambassador of Ruritania to Japan`), not a key and its value
            field = infobox_key(key)
            if field:
                return key, field, rest.strip(_CELL_EDGES)
    return None


def key_value_lines(items: pl.DataFrame, lines: pl.DataFrame) -> list[InfoboxLine]:
    """Infobox lines written as list items: a list introduced by an `Infobox` line, or a list of two or more
    `Key: value` items most of whose keys are infobox keys."""
    previous = (
        lines.filter(pl.col("kind") != "blank")
        .with_columns(pl.col("text").shift(1).over("doc").alias("_previous"))
        .select("doc", "line", "_previous")
    )
    read = map_distinct(
        items.select("doc", "list_index", "line", "text", "raw").with_row_index("_order"),
        ["text"],
        _key_value_columns,
        _KEY_VALUE_SCHEMA,
    )
    lists = (
        read.group_by("doc", "list_index")
        .agg(
            pl.col("line").first().alias("_first"),
            pl.col("_order").first().alias("_list_order"),
            pl.len().alias("_items"),
            pl.col("_known").sum().alias("_known_items"),
        )
        .join(previous, left_on=["doc", "_first"], right_on=["doc", "line"], how="left")
    )
    lists = map_distinct(lists, ["_previous"], _introduces_infobox, {"_marker": pl.Boolean()})
    infobox_lists = lists.filter(
        pl.col("_marker") | ((pl.col("_items") >= 2) & (pl.col("_known_items") * 10 >= pl.col("_items") * 6))
    )
    kept = read.join(infobox_lists.select("doc", "list_index", "_list_order"), on=["doc", "list_index"]).sort(
        "_list_order", "_order"
    )
    columns = kept.select("doc", "line", "raw", "key", "field", "value")
    return [
        InfoboxLine(doc, line, raw, "key_value", key, field, value)
        for doc, line, raw, key, field, value in columns.iter_rows()
    ]


_KEY_VALUE_SCHEMA = {"_known": pl.Boolean(), "key": pl.String(), "field": pl.String(), "value": pl.String()}


def _key_value_columns(text: str) -> dict[str, Any]:
    """A list item's infobox entry (`_known`), or what stands in for one: the text before ':', 'unknown', the text
    after it (the whole text without a ':'), as a table row's unknown entry is its first cell and the rest."""
    entry = read_key_value(text)
    key, field, value = entry if entry else (strip_markup(text).partition(":")[0], "unknown", _after_colon(text))
    return {"_known": entry is not None, "key": key, "field": field, "value": value}


def _after_colon(text: str) -> str:
    before, colon, after = text.partition(":")
    return after.strip() if colon and before.strip() and after.strip() else text


def _introduces_infobox(previous: str | None) -> dict[str, Any]:
    return {"_marker": bool(previous and INFOBOX_MARKER.match(previous))}


def table_lines(tables: pl.DataFrame, rows: pl.DataFrame) -> list[InfoboxLine]:
    """Infobox lines of two-column tables whose first cells are infobox keys (`Incumbent | Julia Longbottom |`)."""
    # Only a table of at most two header cells with text can be an infobox: the rows of others are not read.
    narrow = (
        tables.filter(pl.col("header").list.eval(pl.element().str.strip_chars(PY_WHITESPACE) != "").list.sum() <= 2)
        .select("doc", "table")
        .with_row_index("_table_order")
    )
    candidates = (
        rows.with_row_index("_row_order")
        .join(narrow, on=["doc", "table"], maintain_order="left")
        .select("doc", "table", "line", "cells", "text", "_table_order", "_row_order")
    )
    read = map_distinct(candidates, ["cells"], _table_entry_columns, _TABLE_ENTRY_SCHEMA)
    # A table is an infobox when at least half of its rows read as infobox entries.
    known = pl.col("_known").sum().over("doc", "table")
    kept = read.filter(known * 2 >= pl.len().over("doc", "table")).sort("_table_order", "_row_order")
    columns = kept.select("doc", "line", "text", "key", "field", "value")
    return [
        InfoboxLine(doc, line, text, "table", key, field, value)
        for doc, line, text, key, field, value in columns.iter_rows()
    ]


_TABLE_ENTRY_SCHEMA = {"_known": pl.Boolean(), "key": pl.String(), "field": pl.String(), "value": pl.String()}


def _table_entry_columns(cells: list[str]) -> dict[str, Any]:
    """A table row's infobox entry (`_known`), or what stands in for one: first cell, 'unknown', the rest."""
    entry = _table_entry(cells)
    key, field, value = entry if entry else ((cells[0] if cells else ""), "unknown", " ".join(cells[1:]))
    return {"_known": entry is not None, "key": key, "field": field, "value": value}


def _table_entry(cells: list[str]) -> tuple[str, str, str] | None:
    if not cells:
        return None
    key = strip_markup(cells[0])
    value = strip_markup(" ".join(cell for cell in cells[1:] if cell.strip()))
    glued = _glued_incumbent(key) if not value else None
    if glued:
        return glued
    if _SINCE.match(key):
        return "since", "incumbent_since", key
    field = infobox_key(key)
    return (key, field, value) if field else None


def _glued_incumbent(text: str) -> tuple[str, str, str] | None:
    """(key, meaning, value) of `Incumbent since 1 September 2024Ann Example`: the incumbent, with the date the
    value says it since; None for any other text (a date with no name glued to it stays a `since` line)."""
    match = _GLUED_INCUMBENT.match(text)
    if not match or not parse_fuzzy_date(match.group("date")):
        return None
    return "Incumbent", "incumbent", f"{match.group('name')} (since {match.group('date')})"


def bare_lines(paragraphs: pl.DataFrame, titled_docs: set[int]) -> list[InfoboxLine]:
    """Infobox lines rendered as bare or glued lines, in the run of short lines at the top of a document that has
    no `= Title =` line (two recognised keys at least). A bare key (`Incumbent`) takes the next line as its value."""
    found: list[InfoboxLine] = []
    untitled = paragraphs.filter(~pl.col("doc").is_in(pl.Series(sorted(titled_docs), dtype=pl.UInt32()).implode()))
    # The zone: a document's short lines from the first one up to the first long line (a sentence) after it.
    lines = map_distinct(untitled.select("doc", "line", "text"), ["text"], _cleaned_line, _CLEANED_SCHEMA)
    started = (~pl.col("_long")).cum_sum().over("doc") > 0
    ended = (pl.col("_long") & started).cum_sum().over("doc") > 0
    by_doc: dict[int, list[tuple[int, str, str]]] = {}
    for doc, line, text, cleaned in (
        lines.filter(~pl.col("_long") & ~ended).select("doc", "line", "text", "_cleaned").iter_rows()
    ):
        by_doc.setdefault(doc, []).append((line, text, cleaned))
    for doc, zone in by_doc.items():
        entries: list[InfoboxLine] = []
        pending_key: tuple[int, str, str, str] | None = None
        for line, text, cleaned in zone:
            entry = read_bare_line(text)
            if entry and entry[2] == "" and entry[1] in ("incumbent", "inaugural", "envoy"):
                pending_key = (line, text, entry[0], entry[1])
                entries.append(InfoboxLine(doc, line, text, "lines", entry[0], entry[1], ""))
                continue
            if entry:
                entries.append(InfoboxLine(doc, line, text, "lines", *entry))
            elif pending_key and pending_key[0] < line:
                value = cleaned.strip(_CELL_EDGES)
                entries.append(InfoboxLine(doc, line, text, "lines", pending_key[2], pending_key[3], value))
            pending_key = None
        if sum(1 for e in entries if e.field not in ("unknown",) and e.value) >= 2:
            found.extend(e for e in entries if e.value)
    return found


_CLEANED_SCHEMA = {"_cleaned": pl.String(), "_long": pl.Boolean()}


def _cleaned_line(text: str) -> dict[str, Any]:
    """A line without markup, and whether it is too long (or too much of a sentence) for an infobox line."""
    cleaned = strip_markup(text)
    return {"_cleaned": cleaned, "_long": len(cleaned) > 80 or (cleaned.endswith(".") and len(cleaned.split()) > 6)}


def infobox_frame(found: list[InfoboxLine]) -> pl.DataFrame:
    """The `infobox` rows (one per line) of the lines read."""
    return from_rows(
        [
            {
                "doc": e.doc,
                "source_line": e.line,
                "source_text": e.source_text,
                "layout": e.layout,
                "key": e.key,
                "field": e.field,
                "value": e.value or None,
            }
            for e in found
        ],
        INFOBOX_SCHEMA,
    )


def person_name(value: str) -> str | None:
    """The name in an infobox value (`, Name, (since November 2024)` -> Name), or None when none is left."""
    text = _ENVOY_SINCE.sub("", strip_markup(value))
    trailing = _TRAILING_SINCE.search(text)
    if trailing and parse_fuzzy_date(trailing.group("date")):
        text = text[: trailing.start()]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    words = (_LEADING_JUNK.sub("", parts[0]) if parts else "").split()
    while words and words[0].casefold() in HONORIFICS:
        words.pop(0)
    name = " ".join(words)
    return None if not name or is_placeholder(name) or parse_fuzzy_date(name) else name


def since_date(value: str) -> str | None:
    """The date of 'since 1 March 2021' / '(since November 2024)' / a bare date value, as written."""
    match = _ENVOY_SINCE.search(value) or _SINCE.match(value) or _TRAILING_SINCE.search(value)
    text = match.group("date").strip() if match else value.strip()
    return text if text and parse_fuzzy_date(text) else None


def people(found: list[InfoboxLine]) -> list[dict[str, Any]]:
    """The heads of mission one document's infobox lines name: (line, name, role, since, index, field)."""
    result: list[dict[str, Any]] = []
    lines = sorted(found, key=lambda e: e.line)
    titles = {re.sub(r"\D", "", e.key) or "1": e.value for e in lines if e.field == "envoy_title" and e.value}
    for position, entry in enumerate(lines):
        if entry.field not in ("incumbent", "inaugural", "envoy") or not entry.value:
            continue
        name = person_name(entry.value)
        if name is None:
            continue
        since = None
        following = [e for e in lines[position + 1 : position + 3] if e.field == "incumbent_since"]
        if "since" in entry.value.casefold():
            since = since_date(entry.value)
        elif entry.field == "incumbent" or (entry.field == "envoy" and entry.layout == "lines"):
            # `Incumbent` / `AmbassadorAnn Example` with the date on a line of its own (`(since 2019)`).
            since = since_date(following[0].value) if following else None
        index = re.sub(r"\D", "", entry.key) or "1"
        result.append(
            {
                "line": entry.line,
                "source_text": entry.source_text,
                "field": entry.field,
                "name": name,
                "role": _envoy_role(entry, titles.get(index)),
                "post": titles.get(index) if entry.field == "envoy" else None,
                "since": since,
                "index": int(index),
            }
        )
    return result


def _envoy_role(entry: InfoboxLine, title: str | None) -> str | None:
    """The role of an infobox's envoy: its numbered title's (`Envoytitle1`), else the key's own when the key names a
    post (`Consul General`, `Ambassador`) rather than a numbered envoy (`Envoy1`)."""
    if entry.field != "envoy":
        return None
    if title:
        return role_of(title)
    return None if re.match(r"\s*envoy", entry.key, re.I) else role_of(entry.key)


def missions(found: list[InfoboxLine], parties: tuple[str | None, str | None]) -> list[dict[str, Any]]:
    """Missions an infobox names (`Mission1: Embassy of Japan, Mexico City`): who keeps which mission where."""
    rows = []
    for entry in found:
        if entry.field != "mission" or not entry.value:
            continue
        match = _EMBASSY.match(strip_markup(entry.value))
        if not match:
            continue
        country = country_from_name_or_demonym((match.group("of") or match.group("adjective") or "").strip())
        if not country:
            continue
        kind = mission_type(match.group("type1") or match.group("type2"))
        named = {party for party in parties if party}
        fields = mission_fields(country, kind, match.group("city").strip(), named)
        rows.append({"source_line": entry.line, "source_text": entry.source_text, **fields})
    return rows


def parties(found: list[InfoboxLine]) -> tuple[str | None, str | None]:
    """Party1 and Party2 of a bilateral infobox, when both are known countries."""
    named = sorted((e.key, e.value) for e in found if e.field == "party" and e.value)
    countries = [country_from_name_or_demonym(strip_markup(value)) for _key, value in named]
    return (countries[0], countries[1]) if len(countries) == 2 else (None, None)


def lines_of(frame: pl.DataFrame | None) -> list[InfoboxLine]:
    """The infobox lines of `infobox` rows, in their order (the inverse of `infobox_frame`)."""
    if frame is None:
        return []
    return [
        InfoboxLine(doc, line, text, layout, key, field, value or "")
        for doc, line, text, layout, key, field, value in frame.select(*INFOBOX_SCHEMA).iter_rows()
    ]


def by_document(found: list[InfoboxLine]) -> dict[int, list[InfoboxLine]]:
    """Infobox lines grouped by document, in their order."""
    grouped: dict[int, list[InfoboxLine]] = {}
    for entry in found:
        grouped.setdefault(entry.doc, []).append(entry)
    return grouped


# ------------------------------------------------------------------------------------------------------- readers


def infoboxes(open_: Open) -> Reading:
    """Every infobox line: two-column tables and `Key: value` items (both claimed), and bare lines at the top of an
    untitled document (paragraphs, never claimed)."""
    found = table_lines(open_.tables, open_.table_rows)
    found += key_value_lines(open_.items, open_.loaded.batch.lines)
    found += bare_lines(open_.loaded.batch.paragraphs, set(open_.context.filter("titled")["doc"].to_list()))
    claimed = sorted({(e.doc, e.line) for e in found if e.layout != "lines"})
    return Reading({INFOBOX: infobox_frame(found)}, lines=pl.DataFrame(claimed, schema=LINES_SCHEMA, orient="row"))


def infobox_missions(open_: Open) -> Reading:
    """Missions an infobox names, as missions rows (source = infobox); the parties are the infobox's, else the
    title's."""
    titles = {row["doc"]: row for row in open_.context.iter_rows(named=True)}
    rows = []
    for doc, lines in by_document(lines_of(open_.rows_of(INFOBOX))).items():
        found = parties(lines)
        if found == (None, None):
            title = titles.get(doc, {})
            found = (title.get("subject"), title.get("counterpart"))
        for mission in missions(lines, found):
            rows.append({"doc": doc, **mission, "source": "infobox", "also_stated_on": []})
    return Reading({MISSIONS: from_rows(rows, MISSIONS_SCHEMA)})
