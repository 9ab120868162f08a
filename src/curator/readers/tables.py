"""Tables claimed by their header alone: relations tables, state lists and poll tables, each a `HeaderTables` reader.

A table is claimed when every header cell is in the reader's header vocabulary and the required columns are there;
all its rows are claimed with it, read or not (a row a reader cannot read is a finding or a null, never a second
dataset's row). A header with a cell outside the vocabulary is left to the readers after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from curator.frames import cell_at, map_distinct
from curator.readers.composite import OPINION_POLLS, RELATION_EVENTS, RELATIONS, STATE_LIST, Open, Reading
from curator.readers.polls import caption_findings, poll_rows
from curator.readers.relations import relation_rows
from curator.text.markup import strip_markup_expr
from curator.text.vocabulary import normalise_header

# (tables claimed, their rows with each role's column index, what is open) -> what was read
TableRowsReader = Callable[[pl.DataFrame, pl.DataFrame, Open], Reading]


def header_columns(header: tuple[str, ...], vocabulary: Mapping[str, str]) -> dict[str, int] | None:
    """Column role -> index when every header cell is in the vocabulary, else None."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        role = vocabulary.get(normalise_header(cell))
        if role is None or role in roles:
            return None
        roles[role] = index
    return roles


@dataclass(frozen=True)
class HeaderTables:
    """A reader of the tables whose header its vocabulary covers, with the `required` roles among them."""

    dataset: str
    vocabulary: Mapping[str, str]
    required: frozenset[str]
    read_rows: TableRowsReader

    @property
    def roles(self) -> list[str]:
        """The column roles of the vocabulary, in a fixed order."""
        return sorted(set(self.vocabulary.values()))

    def columns(self, header: tuple[str, ...]) -> dict[str, int] | None:
        """Column role -> index when this reader claims a table with this header, else None."""
        columns = header_columns(header, self.vocabulary)
        return columns if columns is not None and self.required <= columns.keys() else None

    def _claim(self, header: list[str]) -> dict[str, Any]:
        columns = self.columns(tuple(header))
        return {"_claimed": columns is not None, **{f"{role}_index": (columns or {}).get(role) for role in self.roles}}

    def __call__(self, open_: Open) -> Reading:
        indexes = [f"{role}_index" for role in self.roles]
        tables = map_distinct(
            open_.tables, ["header"], self._claim, {"_claimed": pl.Boolean(), **dict.fromkeys(indexes, pl.Int64())}
        ).filter("_claimed")
        rows = open_.table_rows.join(
            tables.select("doc", "table", *indexes), on=["doc", "table"], maintain_order="left"
        )
        reading = self.read_rows(tables, rows, open_)
        return replace(reading, lines=rows.select("doc", "line"), tables=tables.select("doc", "table"))


def relations_tables(tables: pl.DataFrame, rows: pl.DataFrame, open_: Open) -> Reading:
    """Relations rows and the events their 'formal relations began' cells date."""
    relations, events, found = relation_rows(rows, open_.focal)
    return Reading({RELATIONS: relations, RELATION_EVENTS: events}, [(RELATIONS, found)])


def poll_tables(tables: pl.DataFrame, rows: pl.DataFrame, open_: Open) -> Reading:
    """Opinion-poll rows; a poll table whose caption names no poll is a finding even without rows."""
    polls, found = poll_rows(rows)
    return Reading({OPINION_POLLS: polls}, [(OPINION_POLLS, caption_findings(tables)), (OPINION_POLLS, found)])


def state_list_tables(tables: pl.DataFrame, rows: pl.DataFrame, open_: Open) -> Reading:
    """State-list rows (position, country, date as written); a blank country cell says why it is blank."""
    number = strip_markup_expr(cell_at("number_index")).fill_null("")
    country = strip_markup_expr(cell_at("country_index")).fill_null("")
    date = strip_markup_expr(cell_at("date_index")).fill_null("")
    state_list = rows.select(
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("text").alias("source_text"),
        pl.when(number.str.contains(r"^[0-9]+$")).then(number.str.to_integer(strict=False)).alias("position"),
        pl.when(number != "").then(number).alias("position_text"),
        pl.when(country != "").then(country).alias("country"),
        pl.when(country == "")
        .then(pl.lit("cell blank in the source (its flag template was stripped)"))
        .alias("country_hint"),
        pl.when(date != "").then(date).alias("date_text"),
    )
    return Reading({STATE_LIST: state_list})
