"""Parse decoded encyclopedia dumps into a title, a section tree and blocks, keeping every line's place.

A batch of documents is parsed at once into polars frames (`ParsedBatch`): every line is classified by one
expression, and headings, tables, captions, list items and paragraphs are found with window expressions over the
whole batch, so the cost per line is paid in polars, not in Python. `ParsedDocument` is a per-document view of the
same result for callers that read one document (tests, `curator check`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from curator.parse.chrome import CHROME_LINE, TABLE_RULE
from curator.parse.document import ParsedDocument, document_views
from curator.parse.items import item_lines, number_lists
from curator.parse.kinds import (
    BLANK,
    BULLETED,
    CAPTION,
    CHROME,
    FOLDED,
    HEADING,
    INDENTED,
    NUMBERED,
    PARAGRAPH,
    RESIDUE,
    TABLE,
    TABLE_ROW,
    TITLE,
)
from curator.parse.marks import MAX_TITLE_WORDS, TITLE_LIKE, mark_renderings, render_view
from curator.parse.rendering import UNKNOWN, detect_renderings
from curator.parse.renderings import normalise_renderings
from curator.parse.renderings.bare_lists import restore_bullets
from curator.text.markup import PY_WHITESPACE, WS, strip_markup_expr

_HEADING = r"^\s*=+[^=]"
_TABLE_ROW = r"^\s*\|"
# `- style="background:#f99;" colspan="2"|Results of 2017 BBC World Service poll`
_CAPTION = r'^\s*[-!]?\s*(?:[\w-]+\s*=\s*"[^"]*"\s*)+\|'
# A line that is markup and nothing else: `<div style=...>`, `</div>`, `**`, `{|`, `|}`.
_RESIDUE = r"^\s*(?:</?[A-Za-z][^>]*>\s*)+$|^\s*(?:\*\*|\{\||\|\}|''+)\s*$"
_NUMBERED = r"^\s*\d{1,4}\.(?:\s|$)"
_BULLETED = r"^\s*[-*•#]\s"
_INDENTED = r"^[ \t]+\S"


def _kind_expression() -> pl.Expr:
    text = pl.col("view")
    return (
        pl.when(text.str.strip_chars() == "")
        .then(pl.lit(BLANK))
        .when(text.str.contains(CHROME_LINE))
        .then(pl.lit(CHROME))
        .when(text.str.contains(_HEADING))
        .then(pl.lit(HEADING))
        .when(text.str.contains(_CAPTION))
        .then(pl.lit(CAPTION))
        .when(text.str.contains(_TABLE_ROW))
        .then(pl.lit(TABLE_ROW))
        .when(text.str.contains(_RESIDUE))
        .then(pl.lit(RESIDUE))
        .when(text.str.contains(_NUMBERED))
        .then(pl.lit(NUMBERED))
        .when(text.str.contains(_BULLETED))
        .then(pl.lit(BULLETED))
        .when(text.str.contains(_INDENTED))
        .then(pl.lit(INDENTED))
        .otherwise(pl.lit(PARAGRAPH))
        .alias("kind")
    )


# Built once: the classifier is the same for every document.
_KIND = _kind_expression()


def split_cells(line: str) -> tuple[str, ...]:
    """Cells of a pipe-table line, trimmed; the outer pipes are delimiters, not empty cells."""
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return tuple(cell.strip() for cell in inner.split("|"))


def _cells_expr(text: pl.Expr) -> pl.Expr:
    """`split_cells` as a polars expression over a column of row lines."""
    inner = text.str.strip_chars(PY_WHITESPACE).str.strip_prefix("|").str.strip_suffix("|")
    return inner.str.split("|").list.eval(pl.element().str.strip_chars(PY_WHITESPACE))


def split_lines(text: str) -> list[str]:
    """Split on LF only (so line numbers match an editor's), dropping a CR before it and a final empty line."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


# Frame schemas of a parsed batch; `doc` is the document's position in the batch.
DOC = pl.UInt32()


@dataclass(frozen=True)
class ParsedBatch:
    """A batch of parsed documents as frames keyed by `doc` (the document's position in the batch).

    documents: doc, source_file, title, title_line, line_count, rendering (see `curator.parse.rendering`)
    lines:     doc, line, text, content (the line as readers read it: a rewritten rendering's normalised line, else
               the text), kind (after title, caption and item corrections), block, block_kind, section,
               note (why the rendering's normaliser rewrote the line by a guess; null otherwise)
    sections:  doc, section, level, title, line, parent, terminated, path (titles outermost first)
    tables:    doc, table, header_line, header, section, caption, caption_line, rows
    table_rows: doc, table, line, cells, ragged, text
    items:     doc, line, kind, number, text, depth, list_index, section, raw
    paragraphs: doc, line, text, section
    """

    documents: pl.DataFrame
    lines: pl.DataFrame
    sections: pl.DataFrame
    tables: pl.DataFrame
    table_rows: pl.DataFrame
    items: pl.DataFrame
    paragraphs: pl.DataFrame

    def __len__(self) -> int:
        return self.documents.height

    @cached_property
    def views(self) -> tuple[ParsedDocument, ...]:
        """Every document as a `ParsedDocument` (built on first use; the pipeline itself reads the frames)."""
        return tuple(document_views(self))

    def document(self, doc: int) -> ParsedDocument:
        """The `ParsedDocument` view of the batch's `doc`-th document."""
        return self.views[doc]


def _document_text(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot come from decoded bytes, only from callers; keep them visible as escapes.
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _split_into_lines(texts: list[str]) -> pl.DataFrame:
    """doc, line, text for every line of every text, with `split_lines` semantics."""
    frame = pl.DataFrame(
        {"doc": pl.Series(range(len(texts)), dtype=DOC), "text": pl.Series(texts, dtype=pl.String)}
    ).with_columns(pl.col("text").str.split("\n"))
    return (
        frame.explode("text")
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("doc").alias("line"))
        # The empty element after a final LF (or of an empty text) is not a line.
        .filter(~((pl.col("line") == pl.col("line").max().over("doc")) & (pl.col("text") == "")))
        .select("doc", "line", pl.col("text").str.strip_suffix("\r"))
    )


def _previous(column: str) -> pl.Expr:
    return pl.col(column).shift(1).over("doc")


def parse_batch(documents: Sequence[tuple[str, str]]) -> ParsedBatch:
    """Parse (text, source_file) pairs; never raises on any strings and assigns every line to exactly one block."""
    texts = [_document_text(text) for text, _source in documents]
    lines = _split_into_lines(texts)
    renderings = detect_renderings(lines)
    lines = restore_bullets(render_view(normalise_renderings(lines, renderings))).with_columns(_KIND)
    lines = mark_renderings(
        lines.with_columns(
            pl.when(pl.col("folded"))
            .then(pl.lit(FOLDED))
            .when(pl.col("chrome"))
            .then(pl.lit(CHROME))
            .otherwise(pl.col("kind"))
            .alias("kind")
        )
    )
    title_paragraphs = _title_paragraphs(lines)
    headings = _heading_lines(lines, title_paragraphs)
    items = item_lines(lines)
    lines = _correct_kinds(lines, title_paragraphs, headings, items)
    sections = _sections(headings)
    lines = _assign_sections(lines, headings)
    lines = _mark_captions(lines)
    lines = _mark_blocks(lines)
    items = number_lists(lines, items)
    tables, table_rows = _tables(lines)
    paragraphs = lines.filter((pl.col("kind") == PARAGRAPH) & ~pl.col("in_caption")).select(
        "doc",
        "line",
        pl.when(pl.col("normalised")).then(pl.col("view")).otherwise(pl.col("text")).alias("text"),
        "section",
    )
    titles = pl.concat(
        [
            lines.filter(pl.col("kind") == TITLE).select(
                "doc", pl.col("line").alias("title_line"), pl.col("view").str.strip_chars(PY_WHITESPACE).alias("title")
            ),
            headings.filter(pl.col("is_title")).select(
                "doc", pl.col("line").alias("title_line"), pl.col("heading").alias("title")
            ),
        ]
    )
    documents_frame = (
        pl.DataFrame(
            {
                "doc": pl.Series(range(len(documents)), dtype=DOC),
                "source_file": pl.Series([_document_text(source) for _text, source in documents], dtype=pl.String),
            }
        )
        .join(titles, on="doc", how="left")
        .join(renderings, on="doc", how="left")
        .join(lines.group_by("doc").agg(pl.len().cast(pl.Int64).alias("line_count")), on="doc", how="left")
        .with_columns(pl.col("line_count").fill_null(0))
        .with_columns(pl.col("rendering").fill_null(UNKNOWN))
        .select("doc", "source_file", "title", "title_line", "line_count", "rendering")
        .sort("doc")
    )
    return ParsedBatch(
        documents=documents_frame,
        lines=lines.select(
            "doc",
            "line",
            "text",
            pl.when(pl.col("normalised")).then(pl.col("view")).otherwise(pl.col("text")).alias("content"),
            "kind",
            "block",
            "block_kind",
            "section",
            "note",
        ),
        sections=sections,
        tables=tables,
        table_rows=table_rows,
        items=items,
        paragraphs=paragraphs,
    )


def _heading_lines(lines: pl.DataFrame, title_paragraphs: pl.DataFrame) -> pl.DataFrame:
    """Heading lines with level, text and whether `=` closes them; without a title line, the first level-1 heading
    is the title."""
    stripped = pl.col("view").str.strip_chars(PY_WHITESPACE)
    inner = stripped.str.strip_chars_start("=")
    body = inner.str.strip_chars_end("=")
    # Plain string operations rather than a regex, so a heading of megabytes stays linear.
    heads = lines.filter(pl.col("kind") == HEADING).select(
        "doc",
        "line",
        (stripped.str.len_chars() - inner.str.len_chars()).cast(pl.Int64).alias("level"),
        strip_markup_expr(body.str.strip_chars(PY_WHITESPACE)).alias("heading"),
        (body.str.len_chars() < inner.str.len_chars()).alias("terminated"),
    )
    level_one = pl.col("level") == 1
    first_level_one = level_one & (level_one.cum_sum().over("doc") == 1)
    return heads.with_columns((first_level_one & ~pl.col("doc").is_in(title_paragraphs["doc"])).alias("is_title"))


def _title_paragraphs(lines: pl.DataFrame) -> pl.DataFrame:
    """(doc, line) of a first content line that reads as a title (then no heading is the title)."""
    first = lines.filter(~pl.col("kind").is_in([BLANK, CHROME])).group_by("doc", maintain_order=True).first()
    stripped = pl.col("view").str.strip_chars(PY_WHITESPACE)
    return first.filter(
        (pl.col("kind") == PARAGRAPH)
        & stripped.str.contains(TITLE_LIKE)
        & (stripped.str.count_matches(f"[^{WS[1:-1]}]+") <= MAX_TITLE_WORDS)
    ).select("doc", "line")


def _correct_kinds(
    lines: pl.DataFrame, title_paragraphs: pl.DataFrame, headings: pl.DataFrame, items: pl.DataFrame
) -> pl.DataFrame:
    """Title lines become TITLE, unreadable items PARAGRAPH; `class_kind` keeps the classifier's verdict."""
    corrections = pl.concat(
        [
            title_paragraphs.select("doc", "line", pl.lit(TITLE).alias("_kind"), pl.lit(True).alias("_title")),
            headings.filter(pl.col("is_title")).select(
                "doc", "line", pl.lit(None, dtype=pl.String).alias("_kind"), pl.lit(True).alias("_title")
            ),
            items.filter(~pl.col("readable")).select(
                "doc", "line", pl.lit(PARAGRAPH).alias("_kind"), pl.lit(False).alias("_title")
            ),
        ]
    )
    return (
        lines.join(corrections, on=["doc", "line"], how="left")
        .with_columns(
            pl.col("kind").alias("class_kind"),
            pl.coalesce("_kind", "kind").alias("kind"),
            pl.col("_title").fill_null(False).alias("is_title"),
        )
        .drop("_kind", "_title")
    )


def _sections(headings: pl.DataFrame) -> pl.DataFrame:
    """The section frame; parents found with a stack over headings (never over lines), reset by a title heading."""
    parents: list[int | None] = []
    indexes: list[int] = []
    # The path of every section as (row, title) pairs, outermost first, turned into a list column at the end.
    path_rows: list[int] = []
    path_titles: list[str] = []
    stack: list[tuple[int, int, int]] = []  # (level, section, row) of the open sections
    current_doc, count = None, 0
    row_paths: list[tuple[int, int]] = []  # (start, end) of each row's path in path_titles
    for doc, level, heading, is_title in headings.select("doc", "level", "heading", "is_title").iter_rows():
        if doc != current_doc:
            stack, current_doc, count = [], doc, 0
        if is_title:
            stack = []  # a title heading closes every open section
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        row = len(indexes)
        parent_start, parent_end = row_paths[stack[-1][2]] if stack else (0, 0)
        start = len(path_titles)
        path_titles.extend(path_titles[parent_start:parent_end])
        path_titles.append(heading)
        path_rows.extend([row] * (len(path_titles) - start))
        row_paths.append((start, len(path_titles)))
        parents.append(stack[-1][1] if stack else None)
        indexes.append(count)
        stack.append((level, count, row))
        count += 1
    paths = (
        pl.DataFrame({"row": pl.Series(path_rows, dtype=pl.Int64), "path": pl.Series(path_titles, dtype=pl.String)})
        .group_by("row", maintain_order=True)
        .agg("path")
    )
    sections = (
        headings.filter(~pl.col("is_title"))
        .select("doc", "level", pl.col("heading").alias("title"), "line", "terminated")
        .with_columns(
            pl.Series("section", indexes, dtype=pl.Int64),
            pl.Series("parent", parents, dtype=pl.Int64),
            pl.int_range(0, pl.len(), dtype=pl.Int64).alias("row"),
        )
    )
    return sections.join(paths, on="row", how="left").select(
        "doc", "section", "level", "title", "line", "parent", "terminated", "path"
    )


def _assign_sections(lines: pl.DataFrame, headings: pl.DataFrame) -> pl.DataFrame:
    """Each line's section: the latest heading's; a title heading resets it to none."""
    markers = headings.select(
        "doc",
        "line",
        pl.when(pl.col("is_title"))
        .then(pl.lit(-1, dtype=pl.Int64))
        .otherwise((~pl.col("is_title")).cum_sum().over("doc").cast(pl.Int64) - 1)
        .alias("_marker"),
    )
    return (
        lines.join(markers, on=["doc", "line"], how="left")
        .with_columns(pl.col("_marker").forward_fill().over("doc").alias("section"))
        .with_columns(pl.when(pl.col("section") >= 0).then(pl.col("section")).alias("section"))
        .drop("_marker")
    )


def _mark_captions(lines: pl.DataFrame) -> pl.DataFrame:
    """Caption blocks (a caption line and the paragraph/residue lines under it) and the caption pending at each line.

    A pending caption survives blank lines, items and residue; a heading, a paragraph or a table ends it.
    """
    free = pl.col("class_kind").is_in([PARAGRAPH, RESIDUE])
    lines = lines.with_columns((~free).cum_sum().over("doc").alias("_segment"))
    lines = lines.with_columns((pl.col("kind").first().over("doc", "_segment") == CAPTION).alias("in_caption"))
    captions = (
        lines.filter(pl.col("in_caption"))
        .with_columns(
            pl.when(pl.col("kind") == CAPTION)
            .then(pl.col("view").str.extract(r"\|([^|]*)$", 1))
            .otherwise(pl.col("view"))
            .alias("_part")
        )
        .group_by("doc", "_segment", maintain_order=True)
        .agg(pl.col("line").first().alias("caption_line"), pl.col("_part").str.join(" ").alias("caption"))
        .with_columns(strip_markup_expr(pl.col("caption")))
    )
    lines = lines.join(captions, on=["doc", "_segment"], how="left")
    resets = pl.col("kind").is_in([HEADING, TABLE_ROW]) | ((pl.col("kind") == PARAGRAPH) & ~pl.col("in_caption"))
    pending = (
        pl.when(pl.col("in_caption"))
        .then(pl.col("caption_line"))
        .when(resets)
        .then(pl.lit(0, dtype=pl.Int64))
        .forward_fill()
        .over("doc")
    )
    return lines.with_columns(pending.shift(1).over("doc").alias("pending_caption")).drop("_segment")


def _mark_blocks(lines: pl.DataFrame) -> pl.DataFrame:
    """Block of every line: runs of table rows, blank lines and caption blocks, every other line on its own."""
    kind = pl.col("kind")
    continues = (
        ((kind == TABLE_ROW) & _previous("kind").is_in([TABLE_ROW, FOLDED]))
        | (kind == FOLDED)
        | ((kind == BLANK) & (_previous("kind") == BLANK))
        | (pl.col("in_caption") & (kind != CAPTION))
    ).fill_null(False)
    block_kind = (
        pl.when(pl.col("is_title"))
        .then(pl.lit(TITLE))
        .when(pl.col("in_caption"))
        .then(pl.lit(CAPTION))
        .when(kind.is_in([TABLE_ROW, FOLDED]))
        .then(pl.lit(TABLE))
        .otherwise(kind)
    )
    return lines.with_columns((~continues).cum_sum().over("doc").alias("block"), block_kind.alias("block_kind"))


def _tables(lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Tables (header row, caption) and their data rows, with the ragged-row flag."""
    rows = lines.filter((pl.col("kind") == TABLE_ROW) & ~pl.col("view").str.contains(TABLE_RULE)).with_columns(
        _cells_expr(pl.col("view")).alias("cells")
    )
    rows = rows.with_columns(
        (pl.col("block").rank("dense").over("doc") - 1).cast(pl.Int64).alias("table"),
        (pl.col("line") == pl.col("line").min().over("doc", "block")).alias("_header"),
    )
    captions = lines.filter(pl.col("kind") == CAPTION).select(
        "doc", pl.col("line").alias("_caption_line"), pl.col("caption").alias("_caption")
    )
    tables = (
        rows.filter(pl.col("_header"))
        .select(
            "doc",
            "table",
            pl.col("line").alias("header_line"),
            pl.col("cells").alias("header"),
            "section",
            pl.when(pl.col("pending_caption") > 0).then(pl.col("pending_caption")).alias("_caption_line"),
        )
        .join(captions, on=["doc", "_caption_line"], how="left")
        .rename({"_caption_line": "caption_line", "_caption": "caption"})
    )
    data = rows.filter(~pl.col("_header")).join(
        tables.select("doc", "table", pl.col("header").list.len().alias("_width")), on=["doc", "table"]
    )
    table_rows = data.select(
        "doc", "table", "line", "cells", (pl.col("cells").list.len() != pl.col("_width")).alias("ragged"), "text"
    ).sort("doc", "line")
    counts = table_rows.group_by("doc", "table").agg(pl.len().cast(pl.Int64).alias("rows"))
    tables = (
        tables.join(counts, on=["doc", "table"], how="left")
        .with_columns(pl.col("rows").fill_null(0))
        .select("doc", "table", "header_line", "header", "section", "caption", "caption_line", "rows")
        .sort("doc", "table")
    )
    return tables, table_rows


def parse_document(text: str, source_file: str) -> ParsedDocument:
    """Parse decoded text; never raises on any string and assigns every line to exactly one block."""
    return parse_batch([(text, source_file)]).document(0)
