"""Decoded documents -> typed blocks with source lines (the block builder is `curator.parse.blocks`)."""

from curator.parse.blocks import (
    PY_WHITESPACE,
    ParsedBatch,
    ParsedDocument,
    parse_batch,
    parse_document,
    split_cells,
    strip_markup,
    strip_markup_expr,
)

__all__ = [
    "PY_WHITESPACE",
    "ParsedBatch",
    "ParsedDocument",
    "parse_batch",
    "parse_document",
    "split_cells",
    "strip_markup",
    "strip_markup_expr",
]
