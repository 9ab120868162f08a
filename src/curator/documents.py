"""Turn a raw file's bytes into decoded text or a rejection with a reason, and summarise parsed documents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from curator.parse import ParsedBatch, ParsedDocument, parse_batch, parse_document

BOM = "\ufeff"
# A control byte other than tab/LF/CR/FF in the first kilobytes, or a NUL byte anywhere, means the file is not text.
_BINARY_SAMPLE = 8192
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")  # control bytes other than tab, LF, FF, CR
# Byte-order marks of the other Unicode encodings (UTF-32 first: its little-endian mark starts like UTF-16's).
_OTHER_UNICODE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


@dataclass(frozen=True)
class RawDocument:
    """A file as read from the raw root: its path relative to the root and its exact bytes."""

    source_file: str
    content: bytes

    @cached_property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes, the document's identity across runs."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Rejection:
    """A document that could not be read as text, with a reason a reviewer can act on."""

    source_file: str
    reason: str
    sha256: str | None = None
    bytes: int | None = None


@dataclass(frozen=True)
class DecodedDocument:
    """A document decoded to text, with what decoding had to handle."""

    source_file: str
    text: str
    sha256: str
    bytes: int
    had_bom: bool
    had_crlf: bool


@dataclass(frozen=True)
class LoadedDocuments:
    """A batch of documents read and parsed together, and the ones that could not be.

    `raws[i]` is the file of the batch's i-th parsed document (`batch.documents.doc == i`).
    """

    batch: ParsedBatch
    raws: tuple[RawDocument, ...]
    rejected: tuple[Rejection, ...]

    @property
    def parsed(self) -> tuple[tuple[ParsedDocument, RawDocument], ...]:
        """Each parsed document's view with its file (for callers that read documents one at a time)."""
        return tuple(zip(self.batch.views, self.raws, strict=True))


def _line_and_column(content: bytes, offset: int) -> tuple[int, int]:
    line = content.count(b"\n", 0, offset) + 1
    column = offset - (content.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_document(raw: RawDocument) -> DecodedDocument | Rejection:
    """Decode UTF-8 (BOM and CRLF handled); binary or non-UTF-8 bytes give a Rejection naming the line."""
    content = raw.content
    digest = raw.sha256
    for bom, encoding in _OTHER_UNICODE_BOMS:
        if content.startswith(bom):
            return Rejection(
                raw.source_file, f"{encoding} text, not UTF-8 (re-save the file as UTF-8)", digest, len(content)
            )
    found = _BINARY_BYTE.search(content, 0, _BINARY_SAMPLE)
    control = found.start() if found else None
    if control is None and (nul := content.find(b"\x00", _BINARY_SAMPLE)) >= 0:
        control = nul  # text never holds a NUL byte, however late it comes
    if control is not None:
        line, column = _line_and_column(content, control)
        return Rejection(
            raw.source_file,
            f"binary content: control byte 0x{content[control]:02x} at line {line}, column {column}",
            digest,
            len(content),
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(content, error.start)
        return Rejection(
            raw.source_file,
            f"not UTF-8: byte 0x{content[error.start]:02x} at line {line}, column {column} (re-save the file as UTF-8)",
            digest,
            len(content),
        )
    had_bom = text.startswith(BOM)
    if had_bom:
        text = text[1:]
    return DecodedDocument(raw.source_file, text, digest, len(content), had_bom, "\r\n" in text)


def read_document(raw: RawDocument) -> ParsedDocument | Rejection:
    """Decode and parse one raw document."""
    decoded = decode_document(raw)
    if isinstance(decoded, Rejection):
        return decoded
    return parse_document(decoded.text, decoded.source_file)


def load_batch(decoded: list[tuple[DecodedDocument, RawDocument]], rejected: list[Rejection]) -> LoadedDocuments:
    """Parse decoded documents as one batch."""
    batch = parse_batch([(text.text, text.source_file) for text, _raw in decoded])
    return LoadedDocuments(batch, tuple(raw for _text, raw in decoded), tuple(rejected))


def build_documents(loaded: LoadedDocuments) -> pl.DataFrame:
    """One row per parsed document (keyed by `doc`) with its identity and structure counts."""
    batch = loaded.batch

    def per_doc(frame: pl.DataFrame, name: str, value: pl.Expr | None = None) -> pl.DataFrame:
        return frame.group_by("doc").agg((value if value is not None else pl.len()).cast(pl.Int64).alias(name))

    identity = pl.DataFrame(
        {
            "doc": pl.Series(range(len(loaded.raws)), dtype=pl.UInt32()),
            "sha256": [raw.sha256 for raw in loaded.raws],
            "bytes": pl.Series([len(raw.content) for raw in loaded.raws], dtype=pl.Int64()),
        }
    )
    residue = batch.lines.filter((pl.col("kind") == "residue") & (pl.col("block_kind") == "residue"))
    first_lines = batch.lines.filter(pl.col("line") == 1).select("doc", pl.col("text").alias("source_text"))
    frame = batch.documents.join(identity, on="doc", how="left").join(first_lines, on="doc", how="left")
    for counts in (
        per_doc(batch.sections, "sections"),
        per_doc(batch.tables, "tables"),
        per_doc(batch.table_rows, "table_rows"),
        per_doc(batch.items, "list_items"),
        per_doc(batch.paragraphs, "paragraphs"),
        per_doc(residue, "residue_lines"),
        per_doc(batch.table_rows, "ragged_rows", pl.col("ragged").sum()),
    ):
        frame = frame.join(counts, on="doc", how="left")
    return frame.select(
        "doc",
        "source_file",
        pl.lit(1, dtype=pl.Int64).alias("source_line"),
        "source_text",
        "title",
        "title_line",
        "sha256",
        "bytes",
        pl.col("line_count").alias("lines"),
        "rendering",
        *(
            pl.col(name).fill_null(0)
            for name in ("sections", "tables", "table_rows", "list_items", "paragraphs", "residue_lines", "ragged_rows")
        ),
    )
