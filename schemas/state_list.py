"""Contract of state_list.parquet: rows of the '# | Country | Date' list of states Japan has relations with."""

import pandera.polars as pa

from schemas.provenance import Provenance, refine
from schemas.vocabulary import NULL_BY_DESIGN


class StateList(Provenance):
    """A numbered row of the list; in these dumps its country and date cells are blank, so rows are quarantined."""

    source_line = refine("1-based line of the table row.")
    source_text = refine("The table row, as written in the source.")
    position: int = pa.Field(nullable=True, ge=1, description="The row number; null for '—' rows.")
    position_text: str = pa.Field(nullable=True, description="The '#' cell as written.")
    country: str = pa.Field(nullable=False, description="The country; blank in the source when the flag was stripped.")
    country_hint: str = pa.Field(
        nullable=True, description="Why the country is missing, for reviewers.", metadata=NULL_BY_DESIGN
    )
    date_text: str = pa.Field(nullable=True, description="The date cell as written.")

    class Config:
        strict = True
        unique = ["source_file", "source_line"]
