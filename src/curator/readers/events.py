"""Relation events from every shape: statements in prose and unclaimed list items, a state list's dates, and the
relations and events of every reader written from the focal country's side at the end.

Neither reader claims a line: a statement may sit in a paragraph another reader also reads, and a list item it
reads stays `unclaimed` as an item (its event is derived, like a relations table's dates).
"""

from __future__ import annotations

import polars as pl

from curator.readers.composite import AMBASSADORS, RELATION_EVENTS, RELATIONS, STATE_LIST, Open, Reading
from curator.readers.statements import (
    alternative_starts,
    dateline_years,
    from_focal_country,
    name_parties,
    name_relations,
    prose_rows,
    state_list_events,
)


def statements(open_: Open) -> Reading:
    """relation_events rows of the statements in every paragraph, in the list items nobody claimed and in the Notes
    cells of relations tables and ambassador rows, each read
    with the heading of its section (a treaty signed under a heading about the first relations starts them) and the
    year of its document's dateline (an anniversary 'this year' is counted from it)."""
    batch = open_.loaded.batch
    headings = batch.sections.select("doc", "section", pl.col("title").alias("heading"))
    paragraphs = batch.paragraphs.join(headings, on=["doc", "section"], how="left")
    texts = pl.concat(
        [
            paragraphs.select("doc", "line", "text", pl.lit("prose").alias("source"), "heading"),
            open_.items.select("doc", "line", pl.col("raw").alias("text"), pl.lit("list").alias("source"), "heading"),
            _relation_notes(open_),
        ]
    ).join(dateline_years(batch.paragraphs), on="doc", how="left", maintain_order="left")
    stated, found = prose_rows(texts, open_.context, open_.focal)
    relations = open_.rows_of(RELATIONS)
    if relations is not None:
        stated = pl.concat([stated, alternative_starts(relations)], how="diagonal_relaxed")
    return Reading({RELATION_EVENTS: stated}, [(RELATION_EVENTS, found)])


def _relation_notes(open_: Open) -> pl.DataFrame:
    """The Notes cells of relations tables and ambassador rows as text a statement may sit in ('See Croatia–Japan
    relations. Japan recognised Croatia on 17 March 1992.', 'relations resumed in 1920'), with the row's line."""
    schema = {
        "doc": pl.UInt32(),
        "line": pl.Int64(),
        "text": pl.String(),
        "source": pl.String(),
        "heading": pl.String(),
    }
    notes = [pl.DataFrame(schema=schema)]
    for dataset in (RELATIONS, AMBASSADORS):
        rows = open_.rows_of(dataset)
        if rows is None or "notes" not in rows.columns:
            continue
        notes.append(
            rows.filter(pl.col("notes").is_not_null()).select(
                pl.col("doc").cast(pl.UInt32()),
                pl.col("source_line").cast(pl.Int64()).alias("line"),
                pl.col("notes").cast(pl.String()).alias("text"),
                pl.lit("note").alias("source"),
                pl.lit(None, dtype=pl.String()).alias("heading"),
            )
        )
    return pl.concat(notes).unique(["doc", "line", "text"], maintain_order=True)


def state_list_dates(open_: Open) -> Reading:
    """An `established` event for each state-list row that names a country and a readable date."""
    state_list = open_.rows_of(STATE_LIST)
    if state_list is None:
        return Reading()
    return Reading({RELATION_EVENTS: state_list_events(state_list, open_.context, open_.focal)})


def from_focal_side(frames: dict[str, pl.DataFrame], open_: Open) -> dict[str, pl.DataFrame]:
    """Relations and events seen from the focal country, the events' counterparts named as states today and the
    relations' former names (alias table) too."""
    relations = frames.get(RELATIONS, pl.DataFrame())
    events = frames.get(RELATION_EVENTS, pl.DataFrame())
    relations, events = from_focal_country(relations, events, open_.focal)
    return frames | {RELATIONS: name_relations(relations), RELATION_EVENTS: name_parties(_notes_after_cells(events))}


def _notes_after_cells(events: pl.DataFrame) -> pl.DataFrame:
    """Events stated in a row's Notes cell numbered after the events of its date cell (one row, one sequence of
    events)."""
    if events.is_empty() or "statement" not in events.columns:
        return events
    note = pl.col("source") == "note"
    cells = events.filter(~note).group_by("doc", "source_line").agg(pl.col("event_order").max().alias("_before"))
    return (
        events.join(cells, on=["doc", "source_line"], how="left", maintain_order="left")
        .with_columns(
            pl.when(note)
            .then(pl.col("event_order") + pl.col("_before").fill_null(0))
            .otherwise(pl.col("event_order"))
            .alias("event_order")
        )
        .drop("_before")
    )
