"""Route a parsed batch into the curated datasets: the composite of the readers, one per shape.

Tables are claimed by their header, lists by their heading, prose by what its sentences say. Every table row and
list item lands in exactly one dataset; what no reader claims goes to `unclaimed` (kept, never dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from curator.ambassadors import ambassador_lists, ambassador_rows
from curator.documents import LoadedDocuments, build_documents
from curator.frames import cell_at, empty, map_distinct
from curator.fuzzy import fuzzy_date_schema
from curator.missions import mission_rows
from curator.parse import strip_markup, strip_markup_expr
from curator.polls import caption_findings, poll_rows
from curator.relations import region_of, relation_rows
from curator.subject import title_parties

DOCUMENTS = "documents"
RELATIONS = "relations"
RELATION_EVENTS = "relation_events"
AMBASSADORS = "ambassadors"
OPINION_POLLS = "opinion_polls"
MISSIONS = "missions"
STATE_LIST = "state_list"
UNCLAIMED = "unclaimed"

_MINUS = str.maketrans({"−": "-", "–": "-", "—": "-"})

# Header cell (normalised) -> column role, per table kind.
_RELATIONS_HEADER = {"country": "named", "formal relations began": "began", "notes": "notes"}
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
TABLE_KINDS: tuple[tuple[str, dict[str, str], frozenset[str]], ...] = (
    (RELATIONS, _RELATIONS_HEADER, frozenset({"named", "began"})),
    (STATE_LIST, _STATE_LIST_HEADER, frozenset({"number", "country"})),
    (OPINION_POLLS, _POLL_HEADER, frozenset({"neutral", "net"})),
)
ROLES = sorted({role for _name, vocabulary, _required in TABLE_KINDS for role in vocabulary.values()})

_STRING, _INT, _BOOL, _DOC = pl.String(), pl.Int64(), pl.Boolean(), pl.UInt32()
_PROVENANCE: dict[str, pl.DataType] = {"source_file": _STRING, "source_line": _INT, "source_text": _STRING}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    DOCUMENTS: {
        **_PROVENANCE,
        "title": _STRING,
        "title_line": _INT,
        "sha256": _STRING,
        "bytes": _INT,
        "lines": _INT,
        "sections": _INT,
        "tables": _INT,
        "table_rows": _INT,
        "list_items": _INT,
        "paragraphs": _INT,
        "residue_lines": _INT,
        "ragged_rows": _INT,
    },
    RELATIONS: {
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
    },
    RELATION_EVENTS: {
        **_PROVENANCE,
        "source": _STRING,
        "country": _STRING,
        "country_iso3": _STRING,
        "event_order": _INT,
        "event": _STRING,
        **fuzzy_date_schema("date"),
    },
    AMBASSADORS: {
        **_PROVENANCE,
        "source": _STRING,
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
    },
    OPINION_POLLS: {
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
    },
    MISSIONS: {
        **_PROVENANCE,
        "source": _STRING,
        "country": _STRING,
        "country_iso3": _STRING,
        "mission_type": _STRING,
        "city": _STRING,
        "host_country": _STRING,
        "host_country_iso3": _STRING,
        "host_country_source": _STRING,
        "also_stated_on": pl.List(_INT),
    },
    STATE_LIST: {
        **_PROVENANCE,
        "position": _INT,
        "position_text": _STRING,
        "country": _STRING,
        "country_hint": _STRING,
        "date_text": _STRING,
    },
    UNCLAIMED: {
        **_PROVENANCE,
        "kind": _STRING,
        "section": _STRING,
        "table_header_line": _INT,
        "header": pl.List(_STRING),
        "cells": pl.List(_STRING),
        "depth": _INT,
        "text": _STRING,
    },
}
FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "dataset": _STRING,
    "source_file": _STRING,
    "source_line": _INT,
    "severity": _STRING,
    "message": _STRING,
}
UNRECOGNIZED_SCHEMA: dict[str, pl.DataType] = {
    "source_file": _STRING,
    "source_line": _INT,
    "header": pl.List(_STRING),
    "rows": _INT,
    "section": _STRING,
}


@dataclass(frozen=True)
class BuiltDatasets:
    """Every dataset's frame before validation, the findings, and the tables nobody claimed."""

    frames: dict[str, pl.DataFrame]
    findings_frame: pl.DataFrame
    unrecognized_frame: pl.DataFrame

    @property
    def findings(self) -> list[dict[str, Any]]:
        """Findings as plain dicts (dataset, source_file, source_line, severity, message)."""
        return self.findings_frame.to_dicts()

    @property
    def unrecognized_tables(self) -> list[dict[str, Any]]:
        """Tables no dataset claims: source_file, source_line (header line), header, rows, section."""
        return self.unrecognized_frame.to_dicts()


def normalise_header(cell: str) -> str:
    """Lower-case header text with markup removed, dashes and minus signs as '-', spaces folded."""
    text = strip_markup(cell).translate(_MINUS).casefold()
    return " ".join(re.sub(r"\s*-\s*", " - ", text).split())


def header_columns(header: tuple[str, ...], vocabulary: dict[str, str]) -> dict[str, int] | None:
    """Column role -> index when every header cell is in the vocabulary, else None."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        role = vocabulary.get(normalise_header(cell))
        if role is None or role in roles:
            return None
        roles[role] = index
    return roles


def claim_header(header: tuple[str, ...]) -> tuple[str, dict[str, int]] | None:
    """The dataset a table belongs to, decided by its header alone, with its column roles."""
    for name, vocabulary, required in TABLE_KINDS:
        columns = header_columns(header, vocabulary)
        if columns is not None and required <= columns.keys():
            return name, columns
    return None


def _claim(header: list[str]) -> dict[str, Any]:
    claim = claim_header(tuple(header))
    name, columns = claim if claim else (None, {})
    return {"dataset": name, **{f"{role}_index": columns.get(role) for role in ROLES}}


def _region(path: list[str] | None) -> dict[str, Any]:
    return {"region": region_of(path or [])}


def _title_parties(title: str | None) -> dict[str, Any]:
    parties = title_parties(title)
    return {
        "family": parties.family,
        "subject": parties.subject,
        "counterpart": parties.counterpart,
        "sender": parties.sender,
        "receiver": parties.receiver,
    }


_PARTY_SCHEMA = {"family": _STRING, "subject": _STRING, "counterpart": _STRING, "sender": _STRING, "receiver": _STRING}


def _section_paths(loaded: LoadedDocuments, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its section's path and title (`path`, `heading`)."""
    sections = loaded.batch.sections.select("doc", "section", "path", pl.col("title").alias("heading"))
    return frame.join(sections, on=["doc", "section"], how="left")


def _state_list_rows(rows: pl.DataFrame) -> pl.DataFrame:
    number = strip_markup_expr(cell_at("number_index")).fill_null("")
    country = strip_markup_expr(cell_at("country_index")).fill_null("")
    date = strip_markup_expr(cell_at("date_index")).fill_null("")
    return rows.select(
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


def _with_findings(dataset: str, frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select("doc", pl.col("line").alias("source_line"), "severity", "message").with_columns(
        pl.lit(dataset).alias("dataset")
    )


def build_datasets(loaded: LoadedDocuments) -> BuiltDatasets:
    """Every curated dataset of a parsed batch; every table row and list item lands in exactly one dataset."""
    batch = loaded.batch
    context = map_distinct(
        batch.documents.select("doc", "source_file", "title"), ["title"], _title_parties, _PARTY_SCHEMA
    )
    frames: dict[str, pl.DataFrame] = {DOCUMENTS: build_documents(loaded)}
    findings: list[pl.DataFrame] = []

    tables = map_distinct(
        _section_paths(loaded, batch.tables),
        ["header"],
        _claim,
        {"dataset": _STRING, **{f"{role}_index": _INT for role in ROLES}},
    )
    tables = map_distinct(tables, ["path"], _region, {"region": _STRING})
    rows = batch.table_rows.join(
        tables.select(
            "doc",
            "table",
            "dataset",
            "region",
            "caption",
            "header_line",
            "header",
            pl.col("header").list.len().alias("_width"),
            "path",
            *(f"{role}_index" for role in ROLES),
        ),
        on=["doc", "table"],
    ).join(context.select("doc", "subject"), on="doc", how="left")

    relations, events, found = relation_rows(rows.filter(pl.col("dataset") == RELATIONS))
    frames[RELATIONS], frames[RELATION_EVENTS] = relations, events
    findings.append(_with_findings(RELATIONS, found))
    polls, found = poll_rows(rows.filter(pl.col("dataset") == OPINION_POLLS))
    frames[OPINION_POLLS] = polls
    findings.append(_with_findings(OPINION_POLLS, caption_findings(tables.filter(pl.col("dataset") == OPINION_POLLS))))
    findings.append(_with_findings(OPINION_POLLS, found))
    frames[STATE_LIST] = _state_list_rows(rows.filter(pl.col("dataset") == STATE_LIST))

    unrecognized = tables.filter(pl.col("dataset").is_null())
    unclaimed_rows = rows.filter(pl.col("dataset").is_null()).select(
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("text").alias("source_text"),
        pl.lit("table_row").alias("kind"),
        pl.col("path").list.join(" > ").alias("section"),
        pl.col("header_line").alias("table_header_line"),
        "header",
        "cells",
        pl.lit(None, dtype=_INT).alias("depth"),
        "text",
    )

    items = _section_paths(loaded, batch.items)
    missions = mission_rows(batch.paragraphs, items)
    frames[MISSIONS] = missions
    mission_lines = missions.select("doc", pl.concat_list("source_line", "also_stated_on").alias("line")).explode(
        "line"
    )
    lists = ambassador_lists(items)
    listed = items.join(lists, on=["doc", "list_index"])
    ambassadors, found = ambassador_rows(listed)
    frames[AMBASSADORS] = ambassadors
    findings.append(_with_findings(AMBASSADORS, found))
    unclaimed_items = (
        items.join(lists, on=["doc", "list_index"], how="anti")
        .join(mission_lines, on=["doc", "line"], how="anti")
        .select(
            "doc",
            pl.col("line").alias("source_line"),
            pl.col("raw").alias("source_text"),
            "kind",
            pl.col("path").list.join(" > ").alias("section"),
            pl.lit(None, dtype=_INT).alias("table_header_line"),
            pl.lit(None, dtype=pl.List(_STRING)).alias("header"),
            pl.lit(None, dtype=pl.List(_STRING)).alias("cells"),
            "depth",
            "text",
        )
    )
    frames[UNCLAIMED] = pl.concat([unclaimed_rows, unclaimed_items]).sort("doc", "source_line")

    sources = batch.documents.select("doc", "source_file")
    built = {name: _finish(name, frame, sources) for name, frame in frames.items()}
    assert_every_row_and_item_claimed(loaded, built)
    findings_frame = (
        pl.concat([f.with_columns(pl.col("doc").cast(_DOC)) for f in findings])
        .join(sources, on="doc")
        .sort("doc", "source_line", maintain_order=True)
        .select(*FINDINGS_SCHEMA)
    )
    unrecognized_frame = unrecognized.join(sources, on="doc").select(
        "source_file",
        pl.col("header_line").alias("source_line"),
        "header",
        "rows",
        pl.col("path").list.join(" > ").alias("section"),
    )
    return BuiltDatasets(built, findings_frame, unrecognized_frame)


def _finish(name: str, frame: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """The dataset's rows with their file, in its schema's columns, ordered by file and line."""
    schema = SCHEMAS[name]
    if frame.is_empty():
        return empty(schema)
    with_file = frame if "source_file" in frame.columns else frame.join(sources, on="doc", how="left")
    order = ["doc", "source_line", *(["event_order"] if "event_order" in frame.columns else [])]
    return with_file.sort(order, maintain_order=True).select(
        pl.col(column).cast(dtype) for column, dtype in schema.items()
    )


def _claimed_lines(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    claimed = [
        frames[name].select("source_file", pl.col("source_line").alias("line"))
        for name in (RELATIONS, AMBASSADORS, OPINION_POLLS, STATE_LIST, UNCLAIMED)
    ]
    claimed.append(
        frames[MISSIONS]
        .select("source_file", pl.concat_list("source_line", "also_stated_on").alias("line"))
        .explode("line")
    )
    return pl.concat(claimed)


class UnaccountedLineError(AssertionError):
    """A table row or list item reached no dataset, or two: the run must stop rather than lose or double it."""


def assert_every_row_and_item_claimed(loaded: LoadedDocuments, frames: dict[str, pl.DataFrame]) -> None:
    """Every table row and list item of every document is in exactly one dataset (missions may also cite prose)."""
    batch = loaded.batch
    expected = (
        pl.concat([batch.table_rows.select("doc", "line"), batch.items.select("doc", "line")])
        .join(batch.documents.select("doc", "source_file"), on="doc")
        .select("source_file", "line")
    )
    claimed = _claimed_lines(frames).group_by("source_file", "line").agg(pl.len().alias("times"))
    checked = expected.join(claimed, on=["source_file", "line"], how="left")
    missing = checked.filter(pl.col("times").is_null()).head(5).rows()
    doubled = checked.filter(pl.col("times") > 1).head(5).rows()
    if missing or doubled:
        raise UnaccountedLineError(f"unaccounted source lines: missing {missing}, claimed twice {doubled}")


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
