"""Ambassadors read from tables of heads of mission: pipe tables claimed by their header, and tables rendered
with spaces that no normaliser could rebuild (their rows are paragraphs `Name date [date] [note]`).

A header must name a name column and a date column (`table_columns`); a row that repeats column names, a gap or
a rank row is an entry that names no one (entry_kind), never a person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from curator.dates import explain_date, find_dates, parse_fuzzy_date
from curator.frames import from_rows, map_distinct
from curator.readers.composite import AMBASSADORS, Open, Reading
from curator.readers.entries import (
    BUILT_ENTRY_SCHEMA,
    NOT_APPLICABLE,
    empty_entry,
    entry_rows,
    is_remark,
    split_honorifics,
)
from curator.text.markup import strip_markup
from curator.text.vocabulary import (
    AMBASSADOR_COLUMNS,
    header_words,
    is_gap,
    is_header_row,
    is_placeholder,
    is_rank_heading,
    is_title_row,
    role_of,
)

# -------------------------------------------------------------------------------------------------------- tables


def table_columns(header: Sequence[str]) -> dict[str, list[int]] | None:
    """Column role -> indexes of a table of heads of mission, or None when the header is not one.

    The header must name a name column and a date column; other cells must be known words (a head-of-state
    column, a note, a reference) or empty, one unknown cell at most.
    """
    roles: dict[str, list[int]] = {}
    unknown = 0
    for index, cell in enumerate(header):
        role = AMBASSADOR_COLUMNS.get(header_words(cell))
        if role is None:
            unknown += 1
            continue
        roles.setdefault(role, []).append(index)
    if "name" not in roles or not ({"start", "end", "term"} & roles.keys()) or unknown > 1:
        return None
    return roles


def _sub_header(header: Sequence[str], first: Sequence[str]) -> list[str] | None:
    """A second header row ('| Tenure begins | Tenure ends | |' under '| Tenure | | Name |'), merged into one."""
    if not any(cell.strip() for cell in first) or any(re.search(r"\d", cell) for cell in first):
        return None
    if not all(header_words(cell) in AMBASSADOR_COLUMNS for cell in first if cell.strip()):
        return None
    # A mirror collapses a row's empty trailing cells: the sub-header row is as wide as the header it refines.
    first = [*first, *[""] * (len(header) - len(first))]
    return [sub if sub.strip() else top for top, sub in zip([*header, *[""] * len(first)], first, strict=False)]


def _cell(cells: Sequence[str], indexes: Sequence[int]) -> list[str]:
    values = []
    for index in indexes:
        value = strip_markup(cells[index]) if index < len(cells) else ""
        values.append("" if is_placeholder(value) else value)
    return values


def _row_entry(cells: Sequence[str], roles: dict[str, list[int]], rank: str | None) -> dict[str, Any]:
    """One table row as an entry: person (with its term and role), gap, or a spanning rank heading."""
    entry = empty_entry()
    texts = [strip_markup(cell) for cell in cells]
    filled = [text for text in texts if text and not is_placeholder(text)]
    if any(is_gap(text) for text in filled):
        entry.update(entry_kind="gap", notes="; ".join(filled))
        return entry
    if filled and is_title_row(filled[0]) and len(filled) == 1:
        entry.update(entry_kind="heading", notes=filled[0], role=role_of(filled[0]))
        return entry
    if is_header_row(texts):
        # A header or sub-header row repeated inside the table ('Start Date | PoC. | End Date') names no one.
        entry.update(entry_kind="heading", notes="; ".join(filled))
        return entry
    names = _cell(cells, roles.get("name", []))
    raw_name = next((name for name in names if name), "")
    dates = [strip_markup(cells[i]) for key in ("start", "end", "term") for i in roles.get(key, []) if i < len(cells)]
    if raw_name and is_remark(raw_name):
        # A footnote or remark spanning the row ('Depew was commissioned ... but declined'), not a name.
        entry.update(entry_kind="note", notes=raw_name)
        return entry
    if dates and all(text.casefold() in NOT_APPLICABLE for text in dates):
        # Every tenure cell says 'N/A': the table lists an appointment that never became a tenure.
        entry.update(entry_kind="note", notes="; ".join(filled))
        return entry
    native = next((n for n in _cell(cells, roles.get("name_native", [])) if n), None)
    role_text = next((r for r in _cell(cells, roles.get("role", [])) if r), None)
    inline_role = re.search(r"\(([^()]*)\)", raw_name)
    if inline_role and role_of(inline_role.group(1)):
        role_text = role_text or inline_role.group(1)
        raw_name = (raw_name[: inline_role.start()] + raw_name[inline_role.end() :]).strip()
    entry["honorific"], entry["name"] = split_honorifics(raw_name)
    entry["name_native"] = native
    entry["role"] = role_of(role_text) if role_text else None
    starts = [parse_fuzzy_date(text) for text in _cell(cells, roles.get("start", [])) if text]
    ends = [(text, parse_fuzzy_date(text)) for text in _cell(cells, roles.get("end", [])) if text]
    terms = [text for text in _cell(cells, roles.get("term", [])) if text]
    start_texts = [text for text in _cell(cells, roles.get("start", [])) if text]
    notes = [text for text in _cell(cells, roles.get("note", [])) if text]
    known_starts = [(text, date) for text, date in zip(start_texts, starts, strict=True) if date is not None]
    if terms:
        entry["term_text"] = terms[0]
    elif known_starts:
        # Several start-like columns (appointment, arrival, credentials): the term starts at the earliest.
        start_text = min(known_starts, key=lambda pair: pair[1].earliest or pair[1].latest)[0]  # type: ignore[arg-type,return-value]
        end_text = next((text for text, date in ends if date is not None), None)
        entry["term_text"] = f"{start_text} – {end_text}" if end_text else start_text
        entry["start_only"] = end_text is None
    elif ends:
        entry["term_text"] = f"? – {ends[0][0]}"
    unread = [text for text in start_texts if parse_fuzzy_date(text) is None]
    if unread:
        entry["finding"] = f"date {unread[0]!r} not read: {explain_date(unread[0]).reason}"
    entry["notes"] = "; ".join(notes) or None
    if entry["name"] is None and entry["term_text"] is None and not entry["role"]:
        entry.update(entry_kind="gap", notes="; ".join(filled) or None)
    elif entry["role"] is None:
        entry["role"] = rank
    return entry


def table_rows(rows: pl.DataFrame, tables: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows (and findings) of the rows of tables claimed as tables of heads of mission.

    `tables` carry doc, table, header, heading (the section title), sender and receiver; `rows` their rows.
    """
    entries: list[dict[str, Any]] = []
    by_table: dict[tuple[int, int], list[tuple[int, list[str], str]]] = {}
    for doc, table, line, cells, text in rows.select("doc", "table", "line", "cells", "text").iter_rows():
        by_table.setdefault((doc, table), []).append((line, cells, text))
    for table in tables.iter_rows(named=True):
        header = list(table["header"])
        table_lines = by_table.get((table["doc"], table["table"]), [])
        roles = table_columns(header)
        merged = _sub_header(header, table_lines[0][1]) if table_lines else None
        if merged is not None and table_columns(merged):
            roles = table_columns(merged)
        if roles is None:
            continue
        rank = role_of(table["heading"]) if table["heading"] and is_rank_heading(table["heading"]) else None
        for position, (line, cells, text) in enumerate(table_lines):
            if position == 0 and merged is not None:
                entry = empty_entry() | {"entry_kind": "heading", "notes": " | ".join(c for c in cells if c.strip())}
            else:
                entry = _row_entry(cells, roles, rank)
                if entry["entry_kind"] == "heading" and entry["role"]:
                    rank = entry["role"]
            entries.append(
                entry
                | {
                    "doc": table["doc"],
                    "line": line,
                    "source_text": text,
                    "list_title": table["heading"] or "",
                    "sending_country": table["sender"],
                    "receiving_country": table["receiver"],
                    "position": None,
                    "entry_style": "table",
                    "default_role": "ambassador",
                    "_order": 0,
                }
            )
    return entry_rows(from_rows(entries, BUILT_ENTRY_SCHEMA), "table")


# ------------------------------------------------------------------------------------------ space-separated tables

# A line of header words (`Incumbent Start of term End of term Notes`, `Head of mission  Tenure`) opens a table
# rendered with spaces; its rows are `Name date [date] [note]` lines.
_SPACE_HEADER = re.compile(
    r"^\s*(?:incumbent|head of mission|heads of mission|name|ambassador|envoy|officeholder)"
    r"(?:\s+(?:of|notes?|title|rank|remarks|office|[A-Z][\w-]*))*?"
    r"\s+(?:start|end|term|tenure|begins|ends|took\s+office|left\s+office)\b.*$",
    re.I,
)
_ROW_TAIL = re.compile(r"^[\s.,;]*(?:\[\s*[\w ]+\s*\])*[\s.,;]*$")


def read_space_row(text: str) -> tuple[str, list[str]] | None:
    """(name, date texts) of a row of a space-separated table ('Tatsuo Kawai 2 January 1941 7 December 1941 [3]'),
    or None when the line does not end in one or two dates after a short name."""
    cleaned = strip_markup(text)
    spans = find_dates(cleaned)
    if not spans or len(spans) > 2 or not _ROW_TAIL.match(cleaned[spans[-1].end :]):
        return None
    between = cleaned[spans[0].end : spans[1].start] if len(spans) == 2 else ""
    name = cleaned[: spans[0].start].strip(" ,;")
    if between.strip(" ,;") or len(name.split()) > 8 or re.search(r"[.!?]$", name):
        return None
    return name, [cleaned[span.start : span.end].strip(" ,.") for span in spans]


def space_table_rows(paragraphs: pl.DataFrame, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows of tables rendered with spaces instead of pipes, in documents whose title names the
    sending and receiving countries; a line without dates inside such a table (a head of state) is not a row."""
    titled = documents.filter(pl.col("sender").is_not_null() & pl.col("receiver").is_not_null())
    candidates = paragraphs.join(titled.select("doc", "sender", "receiver"), on="doc")
    entries: list[dict[str, Any]] = []
    by_doc: dict[int, list[tuple[int, str, int | None, str, str]]] = {}
    for doc, line, text, section, sender, receiver in candidates.select(
        "doc", "line", "text", "section", "sender", "receiver"
    ).iter_rows():
        by_doc.setdefault(doc, []).append((line, text, section, sender, receiver))
    for doc, lines in by_doc.items():
        in_table: int | None = None  # section of the table being read
        for line, text, section, sender, receiver in lines:
            if _SPACE_HEADER.match(strip_markup(text)):
                in_table = section if section is not None else -1
                continue
            if in_table is None or (section if section is not None else -1) != in_table:
                in_table = None
                continue
            row = read_space_row(text)
            if row is None:
                continue
            name, dates = row
            entry = empty_entry()
            inline_role = re.search(r"\(([^()]*)\)", name)
            if inline_role and role_of(inline_role.group(1)):
                entry["role"] = role_of(inline_role.group(1))
                name = (name[: inline_role.start()] + name[inline_role.end() :]).strip()
            entry["honorific"], entry["name"] = split_honorifics(name)
            entry["term_text"] = f"{dates[0]} – {dates[1]}" if len(dates) == 2 else dates[0]
            entry["start_only"] = len(dates) == 1
            entries.append(
                entry
                | {
                    "doc": doc,
                    "line": line,
                    "source_text": text,
                    "list_title": "",
                    "sending_country": sender,
                    "receiving_country": receiver,
                    "position": None,
                    "entry_style": "table",
                    "default_role": "ambassador",
                    "_order": 0,
                }
            )
    return entry_rows(from_rows(entries, BUILT_ENTRY_SCHEMA), "table")


# ------------------------------------------------------------------------------------------------------- readers


def tables_of_envoys(open_: Open) -> Reading:
    """Rows of the open tables whose header names a name and a date column; such a table is claimed even when
    none of its rows reads as an entry."""
    tables = open_.tables.join(
        open_.context.select("doc", "sender", "receiver", "subject", "counterpart"), on="doc", how="left"
    ).with_columns(pl.col("path").list.last().alias("heading"))
    rows, found = table_rows(open_.table_rows, tables)
    envoys = map_distinct(
        tables.select("doc", "table", "header"),
        ["header"],
        lambda header: {"_envoys": table_columns(header) is not None},
        {"_envoys": pl.Boolean()},
    )
    return Reading(
        {AMBASSADORS: rows},
        [(AMBASSADORS, found)],
        lines=rows.select("doc", pl.col("source_line").alias("line")),
        tables=envoys.filter("_envoys").select("doc", "table"),
    )


def space_separated_tables(open_: Open) -> Reading:
    """Rows of tables rendered with spaces: paragraphs, or indented items when a row starts with a blank cell."""
    lines = pl.concat(
        [
            open_.loaded.batch.paragraphs.select("doc", "line", "text", "section"),
            open_.items.filter(pl.col("kind") == "indented").select(
                "doc", "line", pl.col("raw").alias("text"), "section"
            ),
        ]
    ).sort("doc", "line")
    rows, found = space_table_rows(lines, open_.context)
    return Reading(
        {AMBASSADORS: rows}, [(AMBASSADORS, found)], lines=rows.select("doc", pl.col("source_line").alias("line"))
    )
