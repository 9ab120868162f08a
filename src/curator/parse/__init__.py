"""Decoded documents -> typed blocks with source lines (the block builder is `curator.parse.blocks`)."""

from curator.parse.blocks import (
    ParsedBatch,
    parse_batch,
    parse_document,
    split_cells,
)
from curator.parse.document import ParsedDocument

__all__ = [
    "ParsedBatch",
    "ParsedDocument",
    "parse_batch",
    "parse_document",
    "split_cells",
]
