"""The per-document view of a parsed batch: title, sections, blocks, tables, list items and paragraphs with their
lines, for callers that read one document (tests, `curator check`); the pipeline itself reads the batch frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from curator.parse.kinds import RESIDUE

if TYPE_CHECKING:
    from curator.parse.blocks import ParsedBatch


@dataclass(frozen=True)
class Section:
    """A heading and where it sits: level is the number of `=`, parent the enclosing section's index."""

    index: int
    level: int
    title: str
    line: int
    parent: int | None
    terminated: bool


@dataclass(frozen=True)
class TableRow:
    """One pipe-table row: trimmed cells, its 1-based line, and whether its width differs from the header."""

    line: int
    cells: tuple[str, ...]
    ragged: bool
    text: str


@dataclass(frozen=True)
class Table:
    """A pipe table: header row, data rows and the caption (wiki-markup leftover) that introduced it."""

    header: tuple[str, ...]
    header_line: int
    rows: tuple[TableRow, ...]
    section: int | None
    caption: str | None = None
    caption_line: int | None = None


@dataclass(frozen=True)
class ListItem:
    """An entry of a numbered, bulleted or indented list, with its list's index and nesting depth."""

    line: int
    kind: str
    number: int | None
    text: str
    depth: int
    list_index: int
    section: int | None
    raw: str


@dataclass(frozen=True)
class Block:
    """A run of lines of one kind; every input line belongs to exactly one block."""

    kind: str
    start_line: int
    end_line: int
    section: int | None


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the parser read off one document, with file and line provenance."""

    source_file: str
    title: str | None
    title_line: int | None
    line_count: int
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...]
    items: tuple[ListItem, ...]
    paragraphs: tuple[tuple[int, str], ...]
    residue_lines: tuple[int, ...]
    lines: tuple[str, ...] = field(repr=False)

    def section_path(self, section: int | None) -> tuple[str, ...]:
        """Titles from the outermost heading down to `section`."""
        path: list[str] = []
        while section is not None:
            path.append(self.sections[section].title)
            section = self.sections[section].parent
        return tuple(reversed(path))

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, or '' when out of range."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""


def _grouped(frame: pl.DataFrame) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in frame.iter_rows(named=True):
        grouped.setdefault(row["doc"], []).append(row)
    return grouped


def _blocks(lines: list[dict[str, Any]]) -> tuple[tuple[Block, ...], tuple[int, ...]]:
    """Blocks (consecutive lines sharing a block number) and the residue lines outside caption blocks."""
    blocks: list[Block] = []
    residue: list[int] = []
    current: int | None = None
    for line in lines:
        if line["kind"] == RESIDUE and line["block_kind"] == RESIDUE:
            residue.append(line["line"])
        if line["block"] == current:
            last = blocks[-1]
            blocks[-1] = Block(last.kind, last.start_line, line["line"], last.section)
            continue
        current = line["block"]
        blocks.append(Block(line["block_kind"], line["line"], line["line"], line["section"]))
    return tuple(blocks), tuple(residue)


def document_views(batch: ParsedBatch) -> list[ParsedDocument]:
    """`ParsedDocument` per document of a batch, assembled from the frames."""
    lines, sections, tables = _grouped(batch.lines), _grouped(batch.sections), _grouped(batch.tables)
    table_rows, items, paragraphs = _grouped(batch.table_rows), _grouped(batch.items), _grouped(batch.paragraphs)
    views = []
    for document in batch.documents.iter_rows(named=True):
        doc = document["doc"]
        doc_lines = lines.get(doc, [])
        blocks, residue = _blocks(doc_lines)
        rows_by_table: dict[int, list[TableRow]] = {}
        for row in table_rows.get(doc, []):
            rows_by_table.setdefault(row["table"], []).append(
                TableRow(row["line"], tuple(row["cells"]), row["ragged"], row["text"])
            )
        views.append(
            ParsedDocument(
                source_file=document["source_file"],
                title=document["title"],
                title_line=document["title_line"],
                line_count=document["line_count"],
                sections=tuple(
                    Section(s["section"], s["level"], s["title"], s["line"], s["parent"], s["terminated"])
                    for s in sections.get(doc, [])
                ),
                blocks=blocks,
                tables=tuple(
                    Table(
                        tuple(t["header"]),
                        t["header_line"],
                        tuple(rows_by_table.get(t["table"], [])),
                        t["section"],
                        t["caption"],
                        t["caption_line"],
                    )
                    for t in tables.get(doc, [])
                ),
                items=tuple(
                    ListItem(
                        i["line"],
                        i["kind"],
                        i["number"],
                        i["text"],
                        i["depth"],
                        i["list_index"],
                        i["section"],
                        i["raw"],
                    )
                    for i in items.get(doc, [])
                ),
                paragraphs=tuple((p["line"], p["text"]) for p in paragraphs.get(doc, [])),
                residue_lines=residue,
                lines=tuple(line["text"] for line in doc_lines),
            )
        )
    return views
