"""Route parsed documents into the curated datasets: tables by their header, lists by their heading."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from curator.ambassadors import ambassador_rows, list_countries
from curator.documents import RawDocument, build_documents
from curator.fuzzy import fuzzy_date_schema
from curator.missions import mission_rows
from curator.parse import ListItem, ParsedDocument, Table, strip_markup
from curator.polls import poll_rows
from curator.relations import relation_rows

RELATIONS = "relations"
RELATION_EVENTS = "relation_events"
AMBASSADORS = "ambassadors"
OPINION_POLLS = "opinion_polls"
MISSIONS = "missions"
STATE_LIST = "state_list"
UNCLAIMED = "unclaimed"

_MINUS = str.maketrans({"−": "-", "–": "-", "—": "-"})

# Header cell (normalised) -> column role, per table kind.
_RELATIONS_HEADER = {"country": "country", "formal relations began": "began", "notes": "notes"}
_STATE_LIST_HEADER = {"#": "number", "country": "country", "date": "date"}
_POLL_HEADER = {
    "country polled": "country",
    "country": "country",
    "positive": "positive",
    "favorable": "positive",
    "favourable": "positive",
    "negative": "negative",
    "unfavorable": "negative",
    "unfavourable": "negative",
    "neutral": "neutral",
    "pos - neg": "net",
    "fav - unfav": "net",
    "net": "net",
}


@dataclass(frozen=True)
class Finding:
    """Something a reviewer should know about a source line that did not stop its row (e.g. a date with no date)."""

    dataset: str
    source_file: str
    source_line: int
    severity: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict form for report.json."""
        return {
            "dataset": self.dataset,
            "source_file": self.source_file,
            "source_line": self.source_line,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class BuiltDatasets:
    """Every dataset's frame before validation, plus findings, recoveries and the tables nobody claimed."""

    frames: dict[str, pl.DataFrame]
    findings: tuple[Finding, ...] = ()
    unrecognized_tables: tuple[dict[str, Any], ...] = ()
    recovered: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def normalise_header(cell: str) -> str:
    """Lower-case header text with markup removed, dashes and minus signs as '-', spaces folded."""
    text = strip_markup(cell).translate(_MINUS).casefold()
    return " ".join(re.sub(r"\s*-\s*", " - ", text).split())


def header_columns(table: Table, vocabulary: dict[str, str]) -> dict[str, int] | None:
    """Column role -> index when every header cell is in the vocabulary, else None."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        role = vocabulary.get(normalise_header(cell))
        if role is None or role in roles:
            return None
        roles[role] = index
    return roles


def claim_table(table: Table) -> tuple[str, dict[str, int]] | None:
    """The dataset a table belongs to, decided by its header alone, with its column roles."""
    for name, vocabulary, required in (
        (RELATIONS, _RELATIONS_HEADER, {"country", "began"}),
        (STATE_LIST, _STATE_LIST_HEADER, {"number", "country"}),
        (OPINION_POLLS, _POLL_HEADER, {"neutral", "net"}),
    ):
        columns = header_columns(table, vocabulary)
        if columns is not None and required <= columns.keys():
            return name, columns
    return None


def _frame(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


_PROVENANCE: dict[str, pl.DataType] = {"source_file": pl.String(), "source_line": pl.Int64()}
_STRING, _INT, _BOOL = pl.String(), pl.Int64(), pl.Boolean()

RELATIONS_SCHEMA: dict[str, pl.DataType] = {
    **_PROVENANCE,
    "subject_country": _STRING,
    "country": _STRING,
    "country_iso3": _STRING,
    "country_source": _STRING,
    "country_hint": _STRING,
    "region": _STRING,
    "relations_began_text": _STRING,
    "established_event": _STRING,
    **fuzzy_date_schema("established"),
    "events": _INT,
    "notes": _STRING,
    "see_article": _STRING,
}
RELATION_EVENTS_SCHEMA: dict[str, pl.DataType] = {
    **_PROVENANCE,
    "country": _STRING,
    "country_iso3": _STRING,
    "event_order": _INT,
    "event": _STRING,
    **fuzzy_date_schema("date"),
}
AMBASSADORS_SCHEMA: dict[str, pl.DataType] = {
    **_PROVENANCE,
    "list_title": _STRING,
    "sending_country": _STRING,
    "receiving_country": _STRING,
    "position": _INT,
    "entry_style": _STRING,
    "entry_kind": _STRING,
    "name": _STRING,
    "honorific": _STRING,
    "name_native": _STRING,
    "role": _STRING,
    "resident_in": _STRING,
    "notes": _STRING,
    "term_start_year": _INT,
    "term_end_year": _INT,
    "term_end_status": _STRING,
    **fuzzy_date_schema("term"),
}
OPINION_POLLS_SCHEMA: dict[str, pl.DataType] = {
    **_PROVENANCE,
    "poll": _STRING,
    "pollster": _STRING,
    "poll_year": _INT,
    "caption": _STRING,
    "rank": _INT,
    "country_polled": _STRING,
    "country_polled_source": _STRING,
    "positive": _INT,
    "negative": _INT,
    "neutral": _INT,
    "net": _INT,
    "positive_source": _STRING,
    "negative_source": _STRING,
    "neutral_source": _STRING,
    "net_source": _STRING,
}
MISSIONS_SCHEMA: dict[str, pl.DataType] = {
    **_PROVENANCE,
    "country": _STRING,
    "country_iso3": _STRING,
    "mission_type": _STRING,
    "city": _STRING,
    "host_country": _STRING,
    "host_country_iso3": _STRING,
    "host_country_source": _STRING,
    "also_stated_on": pl.List(pl.Int64()),
}
STATE_LIST_SCHEMA: dict[str, pl.DataType] = {
    **_PROVENANCE,
    "position": _INT,
    "position_text": _STRING,
    "country": _STRING,
    "country_hint": _STRING,
    "date_text": _STRING,
}
UNCLAIMED_SCHEMA: dict[str, pl.DataType] = {
    **_PROVENANCE,
    "kind": _STRING,
    "section": _STRING,
    "table_header_line": _INT,
    "header": pl.List(pl.String()),
    "cells": pl.List(pl.String()),
    "depth": _INT,
    "text": _STRING,
}


def _state_list_rows(doc: ParsedDocument, table: Table, columns: dict[str, int]) -> list[dict[str, Any]]:
    def cell(cells: tuple[str, ...], role: str) -> str:
        index = columns.get(role)
        return strip_markup(cells[index]) if index is not None and index < len(cells) else ""

    rows = []
    for row in table.rows:
        number, country = cell(row.cells, "number"), cell(row.cells, "country")
        rows.append(
            {
                "source_file": doc.source_file,
                "source_line": row.line,
                "position": int(number) if number.isdigit() else None,
                "position_text": number or None,
                "country": country or None,
                "country_hint": None if country else "cell blank in the source (its flag template was stripped)",
                "date_text": cell(row.cells, "date") or None,
            }
        )
    return rows


def _unclaimed_row(doc: ParsedDocument, kind: str, line: int, **values: Any) -> dict[str, Any]:
    return {
        "source_file": doc.source_file,
        "source_line": line,
        "kind": kind,
        "section": " > ".join(doc.section_path(values.pop("section", None))) or None,
        "table_header_line": values.get("table_header_line"),
        "header": values.get("header"),
        "cells": values.get("cells"),
        "depth": values.get("depth"),
        "text": values.get("text"),
    }


def build_datasets(parsed: Sequence[tuple[ParsedDocument, RawDocument]]) -> BuiltDatasets:
    """Every curated dataset of a run; every table row and list item lands in exactly one dataset."""
    rows: dict[str, list[dict[str, Any]]] = {
        RELATIONS: [],
        RELATION_EVENTS: [],
        AMBASSADORS: [],
        OPINION_POLLS: [],
        MISSIONS: [],
        STATE_LIST: [],
        UNCLAIMED: [],
    }
    findings: list[Finding] = []
    unrecognized: list[dict[str, Any]] = []

    def note(dataset: str, doc: ParsedDocument, found: list[tuple[int, str, str]]) -> None:
        findings.extend(Finding(dataset, doc.source_file, line, severity, message) for line, severity, message in found)

    for doc, _raw in parsed:
        for table in doc.tables:
            claim = claim_table(table)
            if claim is None:
                unrecognized.append(
                    {
                        "source_file": doc.source_file,
                        "source_line": table.header_line,
                        "header": list(table.header),
                        "rows": len(table.rows),
                        "section": " > ".join(doc.section_path(table.section)) or None,
                    }
                )
                rows[UNCLAIMED].extend(
                    _unclaimed_row(
                        doc,
                        "table_row",
                        row.line,
                        section=table.section,
                        table_header_line=table.header_line,
                        header=list(table.header),
                        cells=list(row.cells),
                        text=row.text,
                    )
                    for row in table.rows
                )
                continue
            name, columns = claim
            if name == RELATIONS:
                relations, events, found = relation_rows(doc, table, columns)
                rows[RELATIONS].extend(relations)
                rows[RELATION_EVENTS].extend(events)
                note(RELATIONS, doc, found)
            elif name == OPINION_POLLS:
                polls, found = poll_rows(doc, table, columns)
                rows[OPINION_POLLS].extend(polls)
                note(OPINION_POLLS, doc, found)
            else:
                rows[STATE_LIST].extend(_state_list_rows(doc, table, columns))

        missions, mission_items = mission_rows(doc)
        rows[MISSIONS].extend(missions)
        lists: dict[int, list[ListItem]] = {}
        for item in doc.items:
            lists.setdefault(item.list_index, []).append(item)
        for items in lists.values():
            heading = doc.sections[items[0].section].title if items[0].section is not None else ""
            countries = list_countries(heading)
            if countries is not None:
                ambassadors, found = ambassador_rows(doc, items, heading, countries)
                rows[AMBASSADORS].extend(ambassadors)
                note(AMBASSADORS, doc, found)
                continue
            rows[UNCLAIMED].extend(
                _unclaimed_row(doc, item.kind, item.line, section=item.section, depth=item.depth, text=item.text)
                for item in items
                if item.line not in mission_items
            )

    frames = {
        "documents": build_documents(list(parsed)),
        RELATIONS: _frame(rows[RELATIONS], RELATIONS_SCHEMA),
        RELATION_EVENTS: _frame(rows[RELATION_EVENTS], RELATION_EVENTS_SCHEMA),
        AMBASSADORS: _frame(rows[AMBASSADORS], AMBASSADORS_SCHEMA),
        OPINION_POLLS: _frame(rows[OPINION_POLLS], OPINION_POLLS_SCHEMA),
        MISSIONS: _frame(rows[MISSIONS], MISSIONS_SCHEMA),
        STATE_LIST: _frame(rows[STATE_LIST], STATE_LIST_SCHEMA),
        UNCLAIMED: _frame(rows[UNCLAIMED], UNCLAIMED_SCHEMA),
    }
    assert_every_row_and_item_claimed(parsed, frames)
    return BuiltDatasets(
        frames=frames,
        findings=tuple(findings),
        unrecognized_tables=tuple(unrecognized),
        recovered=recovered_values(frames),
    )


def _claimed_lines(frames: dict[str, pl.DataFrame]) -> Counter[tuple[str, int]]:
    claimed: Counter[tuple[str, int]] = Counter()
    for name in (RELATIONS, AMBASSADORS, OPINION_POLLS, STATE_LIST, UNCLAIMED):
        claimed.update(zip(frames[name]["source_file"].to_list(), frames[name]["source_line"].to_list(), strict=True))
    for row in frames[MISSIONS].iter_rows(named=True):
        for line in [row["source_line"], *row["also_stated_on"]]:
            claimed[(row["source_file"], line)] += 1
    return claimed


class UnaccountedLineError(AssertionError):
    """A table row or list item reached no dataset, or two: the run must stop rather than lose or double it."""


def assert_every_row_and_item_claimed(
    parsed: Sequence[tuple[ParsedDocument, RawDocument]], frames: dict[str, pl.DataFrame]
) -> None:
    """Every table row and list item of every document is in exactly one dataset (missions may also cite prose)."""
    expected = {
        (doc.source_file, line)
        for doc, _raw in parsed
        for line in [*(row.line for table in doc.tables for row in table.rows), *(item.line for item in doc.items)]
    }
    claimed = _claimed_lines(frames)
    missing = sorted(expected - claimed.keys())
    doubled = sorted(key for key in expected if claimed[key] > 1)
    if missing or doubled:
        raise UnaccountedLineError(f"unaccounted source lines: missing {missing[:5]}, claimed twice {doubled[:5]}")


def recovered_values(frames: dict[str, pl.DataFrame]) -> dict[str, list[dict[str, Any]]]:
    """How many values each dataset filled from elsewhere, by column and method (the `*_source` columns)."""
    recovered: dict[str, list[dict[str, Any]]] = {}
    for name, frame in frames.items():
        entries = []
        for column in frame.columns:
            if not column.endswith("_source"):
                continue
            counts = frame[column].value_counts(sort=True)
            for value, count in counts.iter_rows():
                if value not in ("cell", None):
                    entries.append({"column": column.removesuffix("_source"), "method": value, "count": count})
        if entries:
            recovered[name] = entries
    return recovered
