"""Contract of infobox.parquet: one row per line of an infobox (key/value lines, two-column tables, bare lines)."""

import pandera.polars as pa

from schemas.vocabulary import INFOBOX_FIELDS, INFOBOX_LAYOUTS, NULL_BY_DESIGN


class Infobox(pa.DataFrameModel):
    """A key and its value as an infobox states them; heads of mission and missions are read from these rows."""

    source_file: str = pa.Field(description="Path of the source document relative to the raw root.")
    source_line: int = pa.Field(ge=1, description="1-based line of the infobox line.")
    source_text: str = pa.Field(nullable=True, description="The line, as written.")
    layout: str = pa.Field(
        isin=list(INFOBOX_LAYOUTS),
        description="key_value ('- Incumbent: Name'), table ('Incumbent | Name |') or lines (bare or glued lines).",
    )
    key: str = pa.Field(description="The key as written, e.g. 'Incumbentsince', 'Inaugural holder'.")
    field: str = pa.Field(
        isin=list(INFOBOX_FIELDS), description="What the key means: incumbent, inaugural, envoy, mission, party, ..."
    )
    value: str = pa.Field(nullable=True, description="The value, markup removed.")
    decision_id: str = pa.Field(
        nullable=True,
        description="Ids of the reviewers' decisions that set a value of this row; null when none.",
        metadata=NULL_BY_DESIGN,
    )

    class Config:
        strict = True
        unique = ["source_file", "source_line"]
