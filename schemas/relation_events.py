"""Contract of relation_events.parquet: one row per dated event of a relation (table cell, sentence, list item)."""

from typing import Any

import pandera.polars as pa

from schemas import provenance
from schemas.fuzzy_dates import fuzzy_date_group
from schemas.vocabulary import EVENT_KINDS, ISO3, ROW_SOURCES

_Date: Any = fuzzy_date_group("date", "the event's date")


class RelationEvents(_Date):
    """An event (established, first contact, broken, ...) of a relation, dated as precisely as written: from a
    relations date cell (`cell`), a sentence (`prose`, with the sentence in `statement`), a list item (`list`) or
    a state-list row (`table`)."""

    source_file: str = provenance.source_file()
    source_line: int = provenance.source_line("1-based line of the row, paragraph or item stating the event.")
    source_text: str = provenance.source_text("The line the event was read from, as written.")
    source: str = pa.Field(
        isin=list(ROW_SOURCES),
        description="The shape the row was read from: cell, note, list, table, infobox or prose.",
    )
    subject_country: str = pa.Field(
        nullable=True, description="Whose relations: the focal country (Japan) when it is a party, else the table's."
    )
    country: str = pa.Field(
        nullable=False, description="The relation's counterpart (rows without one are quarantined)."
    )
    country_iso3: str = pa.Field(nullable=True, str_matches=ISO3, description="ISO 3166-1 alpha-3 of the country.")
    event_order: int = pa.Field(ge=1, description="Position of the event in its cell (1 = first).")
    event: str = pa.Field(isin=list(EVENT_KINDS), description="What happened.")
    date_edtf: str = pa.Field(nullable=False, description="The event's date in EDTF; an event always has a date.")
    statement: str = pa.Field(nullable=True, description="For prose: the sentence that states the event.")
    decision_id: str = provenance.decision_id()

    class Config:
        strict = True
        unique = ["source_file", "source_line", "event_order"]
