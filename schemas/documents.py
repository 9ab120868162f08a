"""Contract of documents.parquet: one row per source document that could be decoded and parsed."""

import pandera.polars as pa

from schemas.provenance import Provenance, refine


class Documents(Provenance):
    """A parsed source document: identity (path, hash, size) and how much structure the parser found."""

    source_file = refine("Path relative to the raw root.", unique=True)
    source_line = refine("Always 1: a document starts at its first line.")
    source_text = refine("The document's first line, as written.")
    title: str = pa.Field(
        nullable=True, description="`= Title =`, or a first line that reads as a title; null when there is none."
    )
    title_line: int = pa.Field(nullable=True, ge=1, description="Line of the title; null when there is none.")
    sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file's exact bytes.")
    bytes: int = pa.Field(ge=0, description="Size of the file in bytes.")
    lines: int = pa.Field(ge=0, description="Number of lines.")
    rendering: str = pa.Field(
        isin=["dump", "html_text", "mirror_markdown", "mobile", "unknown"],
        description="Layout the document was written in, told by its own lines (`= Title =` dump, older HTML text,"
        " markdown mirror, mobile page); `unknown` when nothing shows, and it is then read as the dump.",
    )
    sections: int = pa.Field(ge=0, description="Headings below the title (`==`, `===`, ...).")
    tables: int = pa.Field(ge=0, description="Pipe tables.")
    table_rows: int = pa.Field(ge=0, description="Data rows of all pipe tables (headers not counted).")
    list_items: int = pa.Field(ge=0, description="Numbered, bulleted and indented list entries.")
    paragraphs: int = pa.Field(ge=0, description="Lines of prose.")
    residue_lines: int = pa.Field(ge=0, description="Lines that are wiki/HTML markup and nothing else.")
    ragged_rows: int = pa.Field(ge=0, description="Table rows whose cell count differs from their header's.")

    class Config:
        strict = True
        coerce = False
