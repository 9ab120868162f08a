"""Contract of infobox.parquet: one row per line of an infobox (key/value lines, two-column tables, bare lines)."""

import pandera.polars as pa

from schemas import provenance
from schemas.vocabulary import INFOBOX_FIELDS, INFOBOX_LAYOUTS


class Infobox(pa.DataFrameModel):
    """A key and its value as an infobox states them; heads of mission and missions are read from these rows."""

    source_file: str = provenance.source_file()
    source_line: int = provenance.source_line("1-based line of the infobox line.")
    source_text: str = provenance.source_text("The line, as written.")
    layout: str = pa.Field(
        isin=list(INFOBOX_LAYOUTS),
        description="key_value ('- Incumbent: Name'), table ('Incumbent | Name |') or lines (bare or glued lines).",
    )
    key: str = pa.Field(description="The key as written, e.g. 'Incumbentsince', 'Inaugural holder'.")
    field: str = pa.Field(
        isin=list(INFOBOX_FIELDS), description="What the key means: incumbent, inaugural, envoy, mission, party, ..."
    )
    value: str = pa.Field(nullable=True, description="The value, markup removed.")
    decision_id: str = provenance.decision_id()

    class Config:
        strict = True
        unique = ["source_file", "source_line"]
