"""Contract of infobox.parquet: one row per line of an infobox (key/value lines, two-column tables, bare lines)."""

import pandera.polars as pa

from schemas.provenance import Provenance, refine
from schemas.vocabulary import INFOBOX_FIELDS, INFOBOX_LAYOUTS


class Infobox(Provenance):
    """A key and its value as an infobox states them; heads of mission and missions are read from these rows."""

    source_line = refine("1-based line of the infobox line.")
    source_text = refine("The line, as written.")
    layout: str = pa.Field(
        isin=list(INFOBOX_LAYOUTS),
        description="key_value ('- Incumbent: Name'), table ('Incumbent | Name |') or lines (bare or glued lines).",
    )
    key: str = pa.Field(description="The key as written, e.g. 'Incumbentsince', 'Inaugural holder'.")
    field: str = pa.Field(
        isin=list(INFOBOX_FIELDS), description="What the key means: incumbent, inaugural, envoy, mission, party, ..."
    )
    value: str = pa.Field(nullable=True, description="The value, markup removed.")

    class Config:
        strict = True
        unique = ["source_file", "source_line"]
