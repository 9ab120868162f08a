"""Route a parsed batch into the curated datasets: the declaration of the readers, one per shape, in order of
precedence, composed by `curator.readers.composite`.

Tables are claimed by their header, lists by their heading, prose by what its sentences say. Every table row and
list item lands in exactly one dataset; what no reader claims goes to `unclaimed` (kept, never dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import polars as pl

from curator.countries import same_state
from curator.documents import LoadedDocuments, build_documents
from curator.frames import empty, map_distinct, model_schema
from curator.readers import accredited, ambassador_tables, ambassadors, events, holders, infobox, missions, tables
from curator.readers.composite import (
    AMBASSADORS,
    DOCUMENTS,
    INFOBOX,
    MISSIONS,
    OPINION_POLLS,
    RELATION_EVENTS,
    RELATIONS,
    STATE_LIST,
    UNCLAIMED,
    Finisher,
    Open,
    Reader,
    Reading,
    compose,
)
from curator.readers.relations import region_of
from curator.readers.subject import FOCAL_COUNTRY, title_from_lead, title_parties
from curator.text.vocabulary import POLL_HEADER, RELATIONS_HEADER, STATE_LIST_HEADER
from schemas import MODELS

# The dataset names are the composite's; they are read from here by the flows and the review.
__all__ = [
    "AMBASSADORS",
    "DOCUMENTS",
    "INFOBOX",
    "MISSIONS",
    "OPINION_POLLS",
    "RELATIONS",
    "RELATION_EVENTS",
    "STATE_LIST",
    "UNCLAIMED",
    "BuiltDatasets",
    "build_datasets",
    "claim_header",
    "document_context",
]

_STRING, _INT = pl.String(), pl.Int64()

# Each dataset's columns and their polars types, in the published order: read off its Pandera contract (schemas/).
SCHEMAS: dict[str, dict[str, pl.DataType]] = {name: model_schema(model) for name, model in MODELS.items()}

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


def _region(path: list[str] | None) -> dict[str, Any]:
    return {"region": region_of(path or [])}


def _title_parties(title: str | None, lead: str | None, box: str | None, focal: str) -> dict[str, Any]:
    parties = title_parties(title or title_from_lead(lead) or box, focal)
    sender, receiver = parties.sender, parties.receiver
    subject, counterpart = parties.subject, parties.counterpart
    if parties.family in ("ambassador_list", "mission") and sender and receiver:
        # A list of envoys between two states is about their relations, seen from the focal country when it is one.
        subject, counterpart = (
            (focal, receiver if same_state(sender, focal) else sender)
            if same_state(sender, focal) or same_state(receiver, focal)
            else (sender, receiver)
        )
    return {
        "family": parties.family,
        "subject": subject,
        "counterpart": counterpart,
        "sender": sender,
        "receiver": receiver,
    }


_PARTY_SCHEMA = {"family": _STRING, "subject": _STRING, "counterpart": _STRING, "sender": _STRING, "receiver": _STRING}


def document_context(loaded: LoadedDocuments, focal: str = FOCAL_COUNTRY) -> pl.DataFrame:
    """doc, source_file, title, lead, titled and the parties its title (or lead sentence) names."""
    batch = loaded.batch
    leads = (
        batch.paragraphs.filter(pl.col("section").is_null())
        .group_by("doc", maintain_order=True)
        .agg(pl.col("text").first().alias("lead"))
    )
    titled = (
        batch.lines.filter(pl.col("block_kind") == "title")
        .select("doc", pl.col("text").str.strip_chars().str.starts_with("=").alias("titled"))
        .unique("doc")
    )
    frame = (
        batch.documents.select("doc", "source_file", "title")
        .join(leads, on="doc", how="left")
        .join(titled, on="doc", how="left")
        .join(_infobox_headers(batch.tables), on="doc", how="left")
        .with_columns(pl.col("titled").fill_null(False))
    )
    parties = map_distinct(frame, ["title", "lead", "box"], partial(_title_parties, focal=focal), _PARTY_SCHEMA)
    return parties.drop("box")


def _infobox_headers(tables: pl.DataFrame) -> pl.DataFrame:
    """doc, box: the one named cell heading a document's first table when it stands before any section (a mirror's
    infobox, `Embassy of Sweden, Tokyo | |`); what a document without a title line is about, when its lead does not
    say."""
    named = pl.col("header").list.eval(pl.element().filter(pl.element().str.strip_chars() != ""))
    return (
        tables.filter((pl.col("table") == 0) & pl.col("section").is_null())
        .select("doc", named.alias("_named"))
        .filter(pl.col("_named").list.len() == 1)
        .select("doc", pl.col("_named").list.first().str.strip_chars().alias("box"))
    )


def _section_paths(loaded: LoadedDocuments, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its section's path and title (`path`, `heading`)."""
    sections = loaded.batch.sections.select("doc", "section", "path", pl.col("title").alias("heading"))
    return frame.join(sections, on=["doc", "section"], how="left")


def _documents(open_: Open) -> Reading:
    """The `documents` rows; a line a rendering's normaliser rewrote by a guess (a realigned row) says so."""
    lines = open_.loaded.batch.lines
    notes = lines.filter(pl.col("note").is_not_null()).select(
        "doc", "line", pl.lit("info").alias("severity"), pl.col("note").alias("message")
    )
    return Reading({DOCUMENTS: build_documents(open_.loaded)}, [(DOCUMENTS, notes)])


# The readers, in order of precedence: each reads only the table rows and list items no reader before it claimed.
READERS: tuple[Reader, ...] = (
    _documents,
    tables.HeaderTables(RELATIONS, RELATIONS_HEADER, frozenset({"named", "began"}), tables.relations_tables),
    tables.HeaderTables(STATE_LIST, STATE_LIST_HEADER, frozenset({"number", "country"}), tables.state_list_tables),
    tables.HeaderTables(OPINION_POLLS, POLL_HEADER, frozenset({"neutral", "net"}), tables.poll_tables),
    ambassador_tables.tables_of_envoys,  # a header naming a name column and a date column
    infobox.infoboxes,  # two-column key tables, `Key: value` items, bare lines atop an untitled document
    ambassador_tables.space_separated_tables,  # `Name date [date]` lines under a line of header words
    ambassadors.lists_of_envoys,  # lists under an ambassador heading, or in a list article
    missions.missions_stated,  # 'an embassy in Tokyo' in prose and the items left
    infobox.infobox_missions,  # from the infobox's rows; claims nothing
    events.statements,  # relation statements in prose and the items left; claims nothing
    events.state_list_dates,  # from the state list's rows; claims nothing
)
# After every reader: the infobox and the lead say who holds a post now; relations are seen from the focal side.
FINISHERS: tuple[Finisher, ...] = (holders.current_holders, accredited.accredited_states, events.from_focal_side)
# The datasets in the order they are built and written.
_ORDER = (DOCUMENTS, OPINION_POLLS, STATE_LIST, INFOBOX, AMBASSADORS, MISSIONS, UNCLAIMED, RELATIONS, RELATION_EVENTS)


def claim_header(header: tuple[str, ...]) -> tuple[str, dict[str, int]] | None:
    """The dataset a table belongs to, decided by its header alone, with its column roles."""
    for reader in READERS:
        if isinstance(reader, tables.HeaderTables):
            columns = reader.columns(header)
            if columns is not None:
                return reader.dataset, columns
    return None


def open_batch(loaded: LoadedDocuments, focal: str = FOCAL_COUNTRY) -> Open:
    """The batch as the first reader sees it: nothing claimed yet."""
    batch = loaded.batch
    context = document_context(loaded, focal)
    table_frame = map_distinct(_section_paths(loaded, batch.tables), ["path"], _region, {"region": _STRING})
    rows = batch.table_rows.join(
        table_frame.select(
            "doc",
            "table",
            "region",
            "caption",
            "header_line",
            "header",
            pl.col("header").list.len().alias("_width"),
            "path",
        ),
        on=["doc", "table"],
        maintain_order="left",
    ).join(context.select("doc", "subject"), on="doc", how="left", maintain_order="left")
    return Open(loaded, focal, context, table_frame, rows, _section_paths(loaded, batch.items))


def build_datasets(loaded: LoadedDocuments, focal: str = FOCAL_COUNTRY) -> BuiltDatasets:
    """Every curated dataset of a parsed batch; every table row and list item lands in exactly one dataset.

    `focal` is the country whose relations the dataset holds: bilateral titles and statements are read from its side.
    """
    composed = compose(open_batch(loaded, focal), READERS, FINISHERS)
    sources = loaded.batch.documents.select("doc", "source_file")
    built = {name: _finish(name, composed.frames.get(name, empty(SCHEMAS[name])), sources) for name in _ORDER}
    assert_every_row_and_item_claimed(loaded, built)
    findings_frame = (
        composed.findings.rename({"line": "source_line"})
        .join(sources, on="doc")
        .sort("doc", "source_line", maintain_order=True)
        .select(*FINDINGS_SCHEMA)
    )
    unrecognized_frame = composed.unrecognized.join(sources, on="doc").select(
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
    if "decision_id" not in with_file.columns:
        with_file = with_file.with_columns(pl.lit(None, dtype=_STRING).alias("decision_id"))
    return with_file.sort(order, maintain_order=True).select(
        pl.col(column).cast(dtype) for column, dtype in schema.items()
    )


def _claimed_lines(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """(source_file, line) of every row that claims its line: derived rows (events, an infobox's people and
    missions) do not, and a mission claims every line that states it."""
    claimed = [
        frames[name].select("source_file", pl.col("source_line").alias("line"))
        for name in (RELATIONS, OPINION_POLLS, STATE_LIST, UNCLAIMED)
    ]
    claimed.append(
        frames[AMBASSADORS]
        .filter(pl.col("source") != "infobox")
        .select("source_file", pl.col("source_line").alias("line"))
    )  # a space-separated table row claims its line whether it was a paragraph or an indented item
    claimed.append(
        frames[INFOBOX].filter(pl.col("layout") != "lines").select("source_file", pl.col("source_line").alias("line"))
    )
    claimed.append(
        frames[MISSIONS]
        .filter(pl.col("source") != "infobox")
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
