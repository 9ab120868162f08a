"""Contract of unclaimed.parquet: table rows and list items no dataset claims (links, see-also, unknown tables)."""

from typing import Annotated

import pandera.polars as pa
import polars as pl

from schemas.provenance import Provenance, refine
from schemas.vocabulary import NULL_BY_DESIGN


class Unclaimed(Provenance):
    """Kept so that nothing a document holds is dropped: every such row or item, with where it sat."""

    source_line = refine("1-based line.")
    source_text = refine("The line, as written in the source.")
    kind: str = pa.Field(isin=["table_row", "numbered", "bulleted", "indented"], description="What the line is.")
    section: str = pa.Field(nullable=True, description="Headings above it, outermost first, joined by ' > '.")
    table_header_line: int = pa.Field(
        nullable=True, ge=1, description="For a table row: its header's line.", metadata=NULL_BY_DESIGN
    )
    header: Annotated[pl.List, pl.String()] = pa.Field(
        nullable=True, description="For a table row: its table's header cells.", metadata=NULL_BY_DESIGN
    )
    cells: Annotated[pl.List, pl.String()] = pa.Field(
        nullable=True, description="For a table row: its cells.", metadata=NULL_BY_DESIGN
    )
    depth: int = pa.Field(
        nullable=True, ge=0, description="For a list item: nesting depth (0 = top).", metadata=NULL_BY_DESIGN
    )
    text: str = pa.Field(
        nullable=True, description="The line's text (a list item without its marker).", metadata=NULL_BY_DESIGN
    )

    class Config:
        strict = True
        unique = ["source_file", "source_line"]
