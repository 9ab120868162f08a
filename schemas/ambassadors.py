"""Contract of ambassadors.parquet: one row per entry of an ambassador / head-of-mission list."""

import pandera.polars as pa
import polars as pl

from schemas.fuzzy_dates import FuzzyDate
from schemas.provenance import Provenance, refine
from schemas.vocabulary import ENTRY_KINDS, ENTRY_STYLES, ROLES, ROW_SOURCES, TERM_END_STATUSES


class Ambassadors(Provenance):
    """A head of mission sent by one country to another; a name missing in the source stays null."""

    source_line = refine("1-based line of the list entry.")
    source_text = refine("The list entry, table row or infobox line, as written.")
    source: str = pa.Field(
        isin=list(ROW_SOURCES),
        description="The shape the row was read from: cell, note, list, table, infobox or prose.",
    )
    list_title: str = pa.Field(description="Heading of the list, e.g. 'Georgian Ambassadors to Japan'.")
    sending_country: str = pa.Field(nullable=True, description="Country that sends the envoy (from the heading).")
    receiving_country: str = pa.Field(
        nullable=True,
        description="Country the envoy is accredited to, as the state of the term's start (see the founding table).",
    )
    position: int = pa.Field(nullable=True, ge=1, description="The list number; null when unnumbered.")
    entry_style: str = pa.Field(isin=list(ENTRY_STYLES), description="How the entry is written in the source.")
    entry_kind: str = pa.Field(
        isin=list(ENTRY_KINDS),
        description="person; gap ('No representation ...', 'Closed following ...'); heading (a rank row in a table).",
    )
    name: str = pa.Field(nullable=True, description="The envoy's name without honorifics; null when missing.")
    honorific: str = pa.Field(nullable=True, description="Title before the name, e.g. Viscount, Baron.")
    name_native: str = pa.Field(nullable=True, description="Name in native script, from brackets after the name.")
    role: str = pa.Field(nullable=True, isin=list(ROLES), description="ambassador unless the entry says otherwise.")
    resident_in: str = pa.Field(nullable=True, description="City of a non-resident accreditation, e.g. Moscow.")
    notes: str = pa.Field(nullable=True, description="Other parts of the entry's parenthesis, or a gap's text.")
    term_start_year: int = pa.Field(nullable=True, ge=1000, le=2100, description="First year of the term.")
    term_end_year: int = pa.Field(nullable=True, ge=1000, le=2100, description="Last year; null if open/unknown.")
    term_end_status: str = pa.Field(
        nullable=True, isin=list(TERM_END_STATUSES), description="ended; ongoing ('2021-'); unknown ('2014-?')."
    )
    term: FuzzyDate = FuzzyDate("the term of office")
    term_end_status_source: str = pa.Field(
        nullable=True,
        isin=list(ROW_SOURCES),
        description="cell = the entry's own term; infobox = the document's infobox names this person the incumbent.",
    )

    @pa.dataframe_check
    @classmethod
    def term_start_not_after_end(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A term does not end before it starts."""
        start, end = pl.col("term_start_year"), pl.col("term_end_year")
        return data.lazyframe.select((start.is_null() | end.is_null() | (start <= end)).alias("ok"))

    class Config:
        strict = True
        unique = ["source_file", "source_line"]
