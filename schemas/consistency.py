"""Contract of consistency.parquet: one row per comparison of one fact stated in more than one place."""

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas.provenance import Located, refine
from schemas.vocabulary import CONSISTENCY_FIELDS, CONSISTENCY_SCOPES, ISO3, VERDICTS


class Consistency(Located):
    """Two statements of the same fact (the start of relations with a country, a recognition, a person's term, a
    mission) compared as intervals: agree (same bounds), compatible (they intersect), conflict (disjoint)."""

    source_file = refine("The first statement's document (as a_source_file).")
    source_line = refine("The first statement's line (as a_source_line).")
    source_text = refine("The first statement's line, as written.")
    subject: str = pa.Field(
        description="Whose fact: the counterpart country, the person, the list or the mission's country."
    )
    subject_iso3: str = pa.Field(
        nullable=True, str_matches=ISO3, description="ISO 3166-1 alpha-3 of a country subject."
    )
    field: str = pa.Field(
        isin=list(CONSISTENCY_FIELDS),
        description="relations_began, recognition, ambassador_term, mission or ambassador_term_overlap.",
    )
    scope: str = pa.Field(isin=list(CONSISTENCY_SCOPES), description="corpus (two documents) or document (one list).")
    verdict: str = pa.Field(isin=list(VERDICTS), description="agree, compatible or conflict.")
    severity: str = pa.Field(isin=["info", "warning"], description="warning for a conflict, else info.")
    explanation: str = pa.Field(description="What was compared, in words.")
    a_source_file: str = pa.Field(description="File of the first statement.")
    a_source_line: int = pa.Field(ge=1, description="Line of the first statement.")
    a_source_text: str = pa.Field(nullable=True, description="Line of the first statement, as written.")
    a_dataset: str = pa.Field(description="Dataset the first statement is a row of.")
    a_source: str = pa.Field(nullable=True, description="Shape it was read from (cell, prose, list, table, infobox).")
    a_event: str = pa.Field(nullable=True, description="Its event (established, re_established, ...) or 'term'.")
    a_text: str = pa.Field(nullable=True, description="Its value as written (the date or the mission).")
    a_edtf: str = pa.Field(nullable=True, description="Its date in EDTF.")
    a_earliest: date = pa.Field(nullable=True, description="First day its date can be.")
    a_latest: date = pa.Field(nullable=True, description="Last day its date can be.")
    a_documents: int = pa.Field(ge=1, description="Documents that make exactly the same claims as the first one.")
    b_source_file: str = pa.Field(nullable=True, description="File of the second statement.")
    b_source_line: int = pa.Field(nullable=True, ge=1, description="Line of the second statement.")
    b_source_text: str = pa.Field(nullable=True, description="Line of the second statement, as written.")
    b_dataset: str = pa.Field(nullable=True, description="Dataset the second statement is a row of.")
    b_source: str = pa.Field(nullable=True, description="Shape it was read from.")
    b_event: str = pa.Field(nullable=True, description="Its event or 'term'.")
    b_text: str = pa.Field(nullable=True, description="Its value as written.")
    b_edtf: str = pa.Field(nullable=True, description="Its date in EDTF.")
    b_earliest: date = pa.Field(nullable=True, description="First day its date can be.")
    b_latest: date = pa.Field(nullable=True, description="Last day its date can be.")
    b_documents: int = pa.Field(nullable=True, ge=1, description="Documents that make exactly the same claims.")

    @pa.dataframe_check
    @classmethod
    def a_conflict_is_a_warning(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A conflict is a warning; an agreement or a compatible pair is information."""
        return data.lazyframe.select(
            ((pl.col("verdict") == "conflict") == (pl.col("severity") == "warning")).alias("ok")
        )

    class Config:
        strict = True
