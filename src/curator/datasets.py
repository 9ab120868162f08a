"""Route a parsed batch into the curated datasets: the composite of the readers, one per shape.

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
from curator.frames import cell_at, empty, from_rows, map_distinct
from curator.fuzzy import fuzzy_date_schema
from curator.readers import infobox
from curator.readers.ambassador_tables import space_table_rows, table_columns, table_rows
from curator.readers.ambassadors import (
    ambassador_lists,
    ambassador_rows,
    current_in_prose,
    infobox_rows,
)
from curator.readers.missions import MISSIONS_SCHEMA, mission_rows
from curator.readers.polls import caption_findings, poll_rows
from curator.readers.relations import region_of, relation_rows
from curator.readers.statements import EVENT_SCHEMA, from_focal_country, name_parties, prose_rows, state_list_events
from curator.readers.subject import FOCAL_COUNTRY, title_from_lead, title_parties
from curator.text.markup import strip_markup_expr
from curator.text.vocabulary import POLL_HEADER, RELATIONS_HEADER, STATE_LIST_HEADER, normalise_header

DOCUMENTS = "documents"
RELATIONS = "relations"
RELATION_EVENTS = "relation_events"
AMBASSADORS = "ambassadors"
OPINION_POLLS = "opinion_polls"
MISSIONS = "missions"
STATE_LIST = "state_list"
INFOBOX = "infobox"
UNCLAIMED = "unclaimed"


TABLE_KINDS: tuple[tuple[str, dict[str, str], frozenset[str]], ...] = (
    (RELATIONS, RELATIONS_HEADER, frozenset({"named", "began"})),
    (STATE_LIST, STATE_LIST_HEADER, frozenset({"number", "country"})),
    (OPINION_POLLS, POLL_HEADER, frozenset({"neutral", "net"})),
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
        "rendering": _STRING,
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
    # The columns the statement readers give (statements.EVENT_SCHEMA), after the provenance every dataset has.
    RELATION_EVENTS: {
        **_PROVENANCE,
        **{name: dtype for name, dtype in EVENT_SCHEMA.items() if name not in ("doc", *_PROVENANCE)},
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
        "term_end_status_source": _STRING,
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
    INFOBOX: {
        **_PROVENANCE,
        "layout": _STRING,
        "key": _STRING,
        "field": _STRING,
        "value": _STRING,
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
for _schema in SCHEMAS.values():
    # Filled when a reviewer's decision sets a value of the row (see curator.decisions).
    _schema["decision_id"] = _STRING

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


def _title_parties(title: str | None, lead: str | None, focal: str) -> dict[str, Any]:
    parties = title_parties(title or title_from_lead(lead), focal)
    sender, receiver = parties.sender, parties.receiver
    subject, counterpart = parties.subject, parties.counterpart
    if parties.family == "ambassador_list":
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
        .with_columns(pl.col("titled").fill_null(False))
    )
    return map_distinct(frame, ["title", "lead"], partial(_title_parties, focal=focal), _PARTY_SCHEMA)


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


def build_datasets(loaded: LoadedDocuments, focal: str = FOCAL_COUNTRY) -> BuiltDatasets:
    """Every curated dataset of a parsed batch; every table row and list item lands in exactly one dataset.

    `focal` is the country whose relations the dataset holds: bilateral titles and statements are read from its side.
    """
    batch = loaded.batch
    context = document_context(loaded, focal)
    frames: dict[str, pl.DataFrame] = {DOCUMENTS: build_documents(loaded)}
    # Lines a rendering's normaliser rewrote by a guess (a realigned table row) say so.
    findings: list[pl.DataFrame] = [
        _with_findings(
            DOCUMENTS,
            batch.lines.filter(pl.col("note").is_not_null()).select(
                "doc", "line", pl.lit("info").alias("severity"), pl.col("note").alias("message")
            ),
        )
    ]

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

    relations, events, found = relation_rows(rows.filter(pl.col("dataset") == RELATIONS), focal)
    findings.append(_with_findings(RELATIONS, found))
    polls, found = poll_rows(rows.filter(pl.col("dataset") == OPINION_POLLS))
    frames[OPINION_POLLS] = polls
    findings.append(_with_findings(OPINION_POLLS, caption_findings(tables.filter(pl.col("dataset") == OPINION_POLLS))))
    findings.append(_with_findings(OPINION_POLLS, found))
    state_list = _state_list_rows(rows.filter(pl.col("dataset") == STATE_LIST))
    frames[STATE_LIST] = state_list

    # Tables no header vocabulary claims: an infobox laid out as a table, a table of heads of mission, or unknown.
    open_tables = tables.filter(pl.col("dataset").is_null())
    open_rows = rows.filter(pl.col("dataset").is_null())
    infobox_lines = infobox.table_lines(open_tables, open_rows)
    infobox_tables = {(e.doc, e.line) for e in infobox_lines}
    envoy_tables = open_tables.join(
        context.select("doc", "sender", "receiver", "subject", "counterpart"), on="doc", how="left"
    ).with_columns(pl.col("path").list.last().alias("heading"))
    ambassadors_from_tables, found = table_rows(open_rows, envoy_tables)
    findings.append(_with_findings(AMBASSADORS, found))
    claimed_rows = pl.concat(
        [
            ambassadors_from_tables.select("doc", pl.col("source_line").alias("line")),
            pl.DataFrame(sorted(infobox_tables), schema={"doc": _DOC, "line": _INT}, orient="row"),
        ]
    )
    unclaimed_table_rows = open_rows.join(claimed_rows, on=["doc", "line"], how="anti")
    infobox_table_ids = (
        open_rows.join(claimed_rows.filter(pl.col("doc").is_not_null()), on=["doc", "line"], how="semi")
        .select("doc", "table")
        .unique()
    )
    envoy_headers = map_distinct(
        open_tables.select("doc", "table", "header"),
        ["header"],
        lambda header: {"_envoys": table_columns(header) is not None},
        {"_envoys": pl.Boolean()},
    )
    unrecognized = (
        open_tables.join(infobox_table_ids, on=["doc", "table"], how="anti")
        .join(envoy_headers.filter("_envoys").select("doc", "table"), on=["doc", "table"], how="anti")
        .sort("doc", "table")
    )
    unclaimed_rows = unclaimed_table_rows.select(
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
    infobox_lines += infobox.key_value_lines(items, batch.lines)
    infobox_items = pl.DataFrame(
        sorted({(e.doc, e.line) for e in infobox_lines if e.layout == "key_value"}),
        schema={"doc": _DOC, "line": _INT},
        orient="row",
    )
    untitled = set(context.filter(~pl.col("titled"))["doc"].to_list())
    infobox_lines += infobox.bare_lines(batch.paragraphs, set(context["doc"].to_list()) - untitled)
    frames[INFOBOX] = infobox.infobox_frame(infobox_lines)
    items = items.join(infobox_items, on=["doc", "line"], how="anti")

    # Tables rendered with spaces: their rows are paragraphs, or indented lines when a row starts with a blank cell.
    spaced, found = space_table_rows(
        pl.concat(
            [
                batch.paragraphs.select("doc", "line", "text", "section"),
                items.filter(pl.col("kind") == "indented").select(
                    "doc", "line", pl.col("raw").alias("text"), "section"
                ),
            ]
        ).sort("doc", "line"),
        context,
    )
    findings.append(_with_findings(AMBASSADORS, found))
    items = items.join(spaced.select("doc", pl.col("source_line").alias("line")), on=["doc", "line"], how="anti")
    lists, list_entries = ambassador_lists(items, context)
    listed_items = items.join(lists, on=["doc", "list_index"]).join(
        _list_intros(batch.lines, items), on=["doc", "list_index"], how="left"
    )
    ambassadors_from_lists, found = ambassador_rows(listed_items, list_entries)
    findings.append(_with_findings(AMBASSADORS, found))
    entries = pl.concat([ambassadors_from_lists, ambassadors_from_tables, spaced])
    people, current = _infobox_people(infobox_lines, context, entries)
    stated = current_in_prose(batch.paragraphs, entries).join(current, on=["doc", "source_line"], how="anti")
    frames[AMBASSADORS] = _mark_current(
        pl.concat([entries, people]),
        pl.concat(
            [current.with_columns(pl.lit("infobox").alias("_by")), stated.with_columns(pl.lit("prose").alias("_by"))]
        ),
    )

    other_items = items.join(lists, on=["doc", "list_index"], how="anti")
    missions = mission_rows(batch.paragraphs, other_items)
    frames[MISSIONS] = pl.concat([missions, _infobox_missions(infobox_lines, context)])
    mission_lines = missions.select("doc", pl.concat_list("source_line", "also_stated_on").alias("line")).explode(
        "line"
    )
    free_items = other_items.join(mission_lines, on=["doc", "line"], how="anti")
    unclaimed_items = free_items.select(
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
    frames[UNCLAIMED] = pl.concat([unclaimed_rows, unclaimed_items]).sort("doc", "source_line")

    stated, found = prose_rows(
        pl.concat(
            [
                batch.paragraphs.select("doc", "line", "text", pl.lit("prose").alias("source")),
                free_items.select("doc", "line", pl.col("raw").alias("text"), pl.lit("list").alias("source")),
            ]
        ),
        context,
        focal,
    )
    findings.append(_with_findings(RELATION_EVENTS, found))
    relations, events = from_focal_country(
        relations,
        pl.concat([events, stated, state_list_events(state_list, context, focal)], how="diagonal_relaxed"),
        focal,
    )
    frames[RELATIONS], frames[RELATION_EVENTS] = relations, name_parties(events)

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


def _infobox_people(
    found: list[infobox.InfoboxLine], context: pl.DataFrame, entries: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows of infobox people not already listed, and the list entries an incumbent makes current."""
    by_doc: dict[int, list[infobox.InfoboxLine]] = {}
    for entry in found:
        by_doc.setdefault(entry.doc, []).append(entry)
    parties = {row["doc"]: row for row in context.iter_rows(named=True)}
    people = []
    for doc, lines in by_doc.items():
        party1, party2 = infobox.parties(lines)
        document = parties.get(doc, {})
        for person in infobox.people(lines):
            sender: str | None
            receiver: str | None
            post = title_parties(person.pop("post")) if person.get("post") else None
            if post is not None and post.sender and post.receiver:
                # 'Envoytitle2: Ambassador of the United Kingdom to Japan' says who sends whom.
                sender, receiver = post.sender, post.receiver
            elif person["field"] == "envoy" and party1 and party2:
                sender, receiver = (party1, party2) if person["index"] == 1 else (party2, party1)
            else:
                sender, receiver = document.get("sender"), document.get("receiver")
            people.append({"doc": doc, **person, "sender": sender, "receiver": receiver})
    schema = {
        "doc": _DOC,
        "line": _INT,
        "source_text": _STRING,
        "field": _STRING,
        "name": _STRING,
        "role": _STRING,
        "since": _STRING,
        "index": _INT,
        "sender": _STRING,
        "receiver": _STRING,
    }
    listed = entries.filter(pl.col("entry_kind") == "person").select(
        "doc",
        "source_line",
        "name",
        "term_end_status",
        ((pl.col("term_start_year") == pl.col("term_end_year")) & ~pl.col("term_text").str.contains(r"[–-]"))
        .fill_null(False)
        .alias("single_year"),
    )
    return infobox_rows(from_rows(people, schema), listed)


def _mark_current(ambassadors: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Entries the document names as the current holder (`_by`: infobox or prose): a term written as one year or
    left open is ongoing, and `term_end_status_source` says who told so. A closed range is left as written."""
    if current.is_empty():
        return ambassadors
    ambassadors = ambassadors.join(current.unique(["doc", "source_line"]), on=["doc", "source_line"], how="left")
    single_year = (pl.col("term_start_year") == pl.col("term_end_year")) & ~pl.col("term_text").str.contains(r"[–-]")
    open_term = (
        pl.col("term_end_status").is_null() | (pl.col("term_end_status") != "ended") | single_year.fill_null(False)
    )
    changed = pl.col("_by").is_not_null() & open_term & (pl.col("term_end_status") != "ongoing").fill_null(True)
    return ambassadors.with_columns(
        pl.when(changed).then(pl.lit(None, dtype=_INT)).otherwise("term_end_year").alias("term_end_year"),
        pl.when(changed).then(pl.lit("ongoing")).otherwise("term_end_status").alias("term_end_status"),
        pl.when(changed).then(pl.col("_by")).otherwise("term_end_status_source").alias("term_end_status_source"),
    ).drop("_by")


def _infobox_missions(found: list[infobox.InfoboxLine], context: pl.DataFrame) -> pl.DataFrame:
    """Missions named by infoboxes, as missions rows (source = infobox)."""
    titles = {row["doc"]: row for row in context.iter_rows(named=True)}
    rows = []
    by_doc: dict[int, list[infobox.InfoboxLine]] = {}
    for entry in found:
        by_doc.setdefault(entry.doc, []).append(entry)
    for doc, lines in by_doc.items():
        parties = infobox.parties(lines)
        if parties == (None, None):
            title = titles.get(doc, {})
            parties = (title.get("subject"), title.get("counterpart"))
        for mission in infobox.missions(lines, parties):
            rows.append({"doc": doc, **mission, "source": "infobox", "also_stated_on": []})
    return from_rows(rows, MISSIONS_SCHEMA)


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
