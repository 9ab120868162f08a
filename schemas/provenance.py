"""The provenance columns every curated dataset carries, declared once: where a row was read (file, line, text)
and which reviewers' decisions set a value of it."""

from typing import Any

import pandera.polars as pa

from schemas.vocabulary import NULL_BY_DESIGN

SOURCE_FILE = "Path of the source document relative to the raw root."


def source_file(description: str = SOURCE_FILE, **rules: Any) -> Any:
    """`source_file`: the document, relative to the raw root."""
    return pa.Field(description=description, **rules)


def source_line(description: str, **rules: Any) -> Any:
    """`source_line`: the 1-based line the row was read from."""
    return pa.Field(ge=1, description=description, **rules)


def source_text(description: str) -> Any:
    """`source_text`: that line as written (null where there is none)."""
    return pa.Field(nullable=True, description=description)


def decision_id() -> Any:
    """`decision_id`: the reviewers' decisions that set a value of the row; null by design when none did."""
    return pa.Field(
        nullable=True,
        description="Ids of the reviewers' decisions that set a value of this row; null when none.",
        metadata=NULL_BY_DESIGN,
    )
