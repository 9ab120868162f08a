"""Relation events from every shape: statements in prose and unclaimed list items, a state list's dates, and the
relations and events of every reader written from the focal country's side at the end.

Neither reader claims a line: a statement may sit in a paragraph another reader also reads, and a list item it
reads stays `unclaimed` as an item (its event is derived, like a relations table's dates).
"""

from __future__ import annotations

import polars as pl

from curator.readers.composite import RELATION_EVENTS, RELATIONS, STATE_LIST, Open, Reading
from curator.readers.statements import (
    dateline_years,
    from_focal_country,
    name_parties,
    name_relations,
    prose_rows,
    state_list_events,
)


def statements(open_: Open) -> Reading:
    """relation_events rows of the statements in every paragraph and in the list items nobody claimed, each read
    with the heading of its section (a treaty signed under a heading about the first relations starts them) and the
    year of its document's dateline (an anniversary 'this year' is counted from it)."""
    batch = open_.loaded.batch
    headings = batch.sections.select("doc", "section", pl.col("title").alias("heading"))
    paragraphs = batch.paragraphs.join(headings, on=["doc", "section"], how="left")
    texts = pl.concat(
        [
            paragraphs.select("doc", "line", "text", pl.lit("prose").alias("source"), "heading"),
            open_.items.select("doc", "line", pl.col("raw").alias("text"), pl.lit("list").alias("source"), "heading"),
        ]
    ).join(dateline_years(batch.paragraphs), on="doc", how="left", maintain_order="left")
    stated, found = prose_rows(texts, open_.context, open_.focal)
    return Reading({RELATION_EVENTS: stated}, [(RELATION_EVENTS, found)])


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
    return frames | {RELATIONS: name_relations(relations), RELATION_EVENTS: name_parties(events)}
