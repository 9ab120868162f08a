"""Contract of missions.parquet: one row per resident mission stated in a document, once per document and pair."""

from typing import Annotated

import pandera.polars as pa
import polars as pl

from schemas.provenance import Provenance, refine
from schemas.vocabulary import HOST_SOURCES, ISO3, MISSION_TYPES, ROW_SOURCES


class Missions(Provenance):
    """'X has an embassy in Y': who keeps which mission where."""

    source_line = refine("First line that states the mission.")
    source_text = refine("The first line that states the mission, as written.")
    source: str = pa.Field(
        isin=list(ROW_SOURCES),
        description="The shape the row was read from: cell, note, list, table, infobox or prose.",
    )
    country: str = pa.Field(description="The country that keeps the mission.")
    country_iso3: str = pa.Field(nullable=True, str_matches=ISO3, description="ISO 3166-1 alpha-3 of country.")
    mission_type: str = pa.Field(isin=list(MISSION_TYPES), description="embassy, consulate-general, ...")
    city: str = pa.Field(description="Where the mission is.")
    host_country: str = pa.Field(nullable=True, description="Country the city is in.")
    host_country_iso3: str = pa.Field(nullable=True, str_matches=ISO3, description="ISO 3166-1 alpha-3 of host.")
    host_country_source: str = pa.Field(
        isin=list(HOST_SOURCES), description="capital = the city is its capital; pair = the other party named."
    )
    also_stated_on: Annotated[pl.List, pl.Int64()] = pa.Field(
        description="Other lines of the document that state it again."
    )

    class Config:
        strict = True
        unique = ["source_file", "country", "mission_type", "city"]
