"""Contract of relation_events.parquet: one row per dated event of a relation (table cell, sentence, list item)."""

import pandera.polars as pa

from schemas.fuzzy_dates import FuzzyDate
from schemas.provenance import Provenance, refine
from schemas.vocabulary import COUNTRY_MAPPINGS, EVENT_KINDS, ISO3, ROW_SOURCES


class RelationEvents(Provenance):
    """An event (established, first contact, broken, ...) of a relation, dated as precisely as written: from a
    relations date cell (`cell`), a sentence (`prose`, with the sentence in `statement`), a list item (`list`) or
    a state-list row (`table`)."""

    source_line = refine("1-based line of the row, paragraph or item stating the event.")
    source_text = refine("The line the event was read from, as written.")
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
    party_as_named: str = pa.Field(
        nullable=True,
        description="The counterpart as the text names it ('the Kingdom of Prussia', 'Siam'); `country` is the state "
        "today it stands for (see country_mapping). Null when no text names it (a reviewer's decision set the "
        "country).",
    )
    country_mapping: str = pa.Field(
        nullable=True,
        isin=list(COUNTRY_MAPPINGS),
        description="How `country` was had from party_as_named: as_named (the same; a state of the past with no "
        "successor, such as the Kingdom of Hawaii, keeps its name and no ISO code), alias (a former or informal "
        "name: Siam -> Thailand) or successor (a state of the past: Kingdom of Prussia -> Germany); the tables are "
        "listed below. Null with party_as_named.",
    )
    event_order: int = pa.Field(ge=1, description="Position of the event in its cell (1 = first).")
    event: str = pa.Field(isin=list(EVENT_KINDS), description="What happened.")
    date: FuzzyDate = FuzzyDate("the event's date")
    date_edtf: str = pa.Field(nullable=False, description="The event's date in EDTF; an event always has a date.")
    date_derived_from: str = pa.Field(
        nullable=True,
        description="Set when the date is not written as such but counted: from an anniversary ('50 years before "
        "2008 (anniversary)') or a relative date ('the same year' counted from 1921), with the anchor's line.",
    )
    statement: str = pa.Field(nullable=True, description="For prose: the sentence that states the event.")
    treaty: str = pa.Field(
        nullable=True,
        description="For prose: the treaty the sentence names as the instrument of the event, as written "
        "('Treaty of Amity, Commerce and Navigation').",
    )

    class Config:
        strict = True
        unique = ["source_file", "source_line", "event_order"]
