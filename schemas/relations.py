"""Contract of relations.parquet: one row per row of a bilateral-relations table."""

import pandera.polars as pa
import polars as pl

from schemas.fuzzy_dates import FuzzyDate
from schemas.provenance import Provenance, refine
from schemas.vocabulary import COUNTRY_SOURCES, EVENT_KINDS, ISO3, NULL_BY_DESIGN, REGIONS


class Relations(Provenance):
    """A country's formal relations with the document's subject (Japan), recovered and dated."""

    source_line = refine("1-based line of the table row.")
    source_text = refine("The table row, as written in the source.")
    subject_country: str = pa.Field(
        nullable=True, description="The country whose relations the table lists (from 'Foreign relations of X')."
    )
    country: str = pa.Field(
        nullable=False,
        description="The counterpart country (or the European Union); a name in the alias table is the state today.",
    )
    country_iso3: str = pa.Field(
        nullable=True, str_matches=ISO3, description="ISO 3166-1 alpha-3; null for non-states (European Union)."
    )
    country_source: str = pa.Field(
        isin=list(COUNTRY_SOURCES), description="cell = named in its cell; note = recovered from the Notes cell."
    )
    country_hint: str = pa.Field(
        nullable=True,
        description="For a row whose country is unknown: its alphabetical neighbours in the table.",
        metadata=NULL_BY_DESIGN,
    )
    region: str = pa.Field(
        nullable=True, isin=list(REGIONS), description="Section directly under 'Bilateral relations'."
    )
    relations_began_text: str = pa.Field(nullable=True, description="The 'Formal relations began' cell as written.")
    established_event: str = pa.Field(
        nullable=True, isin=list(EVENT_KINDS), description="Which event of the cell the established_* group is."
    )
    established: FuzzyDate = FuzzyDate("the first establishment-like event")
    events: int = pa.Field(ge=0, description="Dated events read from the date cell (see relation_events).")
    notes: str = pa.Field(nullable=True, description="The Notes cell as written.")
    see_article: str = pa.Field(nullable=True, description="The article the Notes cell points to, anchor dropped.")

    @pa.dataframe_check
    @classmethod
    def country_source_agrees_with_country(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A row names its country exactly when its country_source is not `missing`."""
        return data.lazyframe.select(
            (pl.col("country").is_null() == (pl.col("country_source") == "missing")).alias("ok")
        )

    class Config:
        strict = True
        unique = ["source_file", "source_line"]
