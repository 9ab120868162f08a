"""Older HTML pages saved as text: bare headings over an `[edit]` line, page chrome, tables split by tabs or runs
of spaces, lists without bullets.

Headings, chrome, the 'Contents' box and lists that lost their bullets are read by the block builder's general
rules (`curator.parse.marks`, `curator.parse.renderings.bare_lists`).
A run of two or more lines whose cells are separated by tabs is a table: its lines are written as pipe rows (a tab
keeps an empty cell, so the columns stay aligned); a line without a tab between two of them is a spanning row.
A table whose cells are separated by runs of spaces has lost its empty cells: under a header line whose every cell
a table vocabulary knows (`Period  Name`), each row's cells are put back under their headers by what they hold
(`curator.parse.renderings.cells`), a text cell of a shape that only one column holds in the table's full rows
(`See X–Y relations` under Notes) going to that column only. A table whose every row places is rewritten; one that
opens with a row as wide as its header is rewritten up to its first row that could be read two ways (that row and
the lines after it stay as written, for the readers that read such rows by content); any other is left as prose.
A table written one cell per line under a header written one column name per line is rebuilt the same way, each
row's cells placed under the header by what they hold (`cells.line_header_tables`).
"""

from __future__ import annotations

import re

import polars as pl

from curator.parse.renderings.cells import (
    REALIGNED,
    LineChange,
    all_column_names,
    apply_line_changes,
    column_owners,
    dump_bullets,
    line_header_tables,
    lines_of,
    place_row,
    refined_header,
)
from curator.text.markup import PY_WHITESPACE
from curator.text.vocabulary import header_role, infobox_key

# A line with at least two cells split by tabs (a key and its value, or a table row).
_TAB_ROW = r"^[^\t]*\t.*\S|\S[^\t]*\t"
# A line with at least two cells split by runs of two or more spaces.
_SPACED_ROW = r"\S(?: {2,}|\t)\S"
_SPACES = re.compile(r"\t+| {2,}")


def _tab_tables(lines: pl.DataFrame) -> pl.DataFrame:
    """Runs of two or more tab-split lines as pipe rows; a `Key<tab>value` line whose key is an infobox key is an
    infobox entry, written as the dump writes one (`- Key: value`), not a table row."""
    parts = pl.col("view").str.strip_chars_end(PY_WHITESPACE).str.split("\t")
    keys = lines.filter(pl.col("view").str.contains(_TAB_ROW)).select(parts.list.first().alias("_key")).unique()
    infobox_keys = [key for key in keys["_key"].to_list() if key and infobox_key(key)]
    key_value = (parts.list.len() == 2) & parts.list.first().is_in(infobox_keys)
    split = pl.col("view").str.contains(_TAB_ROW) & ~key_value
    # A line without a tab right between two tab-split lines is a spanning row of the table ('Titled as Ambassador'
    # across every column): the rendering writes a one-cell row without tabs.
    spanning = (
        ~split
        & (pl.col("view").str.strip_chars(PY_WHITESPACE) != "")
        & split.shift(1).over("doc").fill_null(False)
        & split.shift(-1).over("doc").fill_null(False)
    )
    tabbed = split | spanning
    lines = lines.with_columns(tabbed.alias("_tabbed"), (~tabbed).cum_sum().over("doc").alias("_run"))
    in_table = pl.col("_tabbed") & (pl.col("_tabbed").sum().over("doc", "_run") >= 2)
    cells = pl.col("view").str.strip_chars_end(PY_WHITESPACE).str.split("\t")
    row = pl.format("| {} |", cells.list.eval(pl.element().str.strip_chars(PY_WHITESPACE)).list.join(" | "))
    # The dump writes an infobox entry as a `- Key: value` item; so does this rendering's key/value line, after this.
    entry = pl.format(
        "- {}: {}", parts.list.first().str.strip_chars(PY_WHITESPACE), parts.list.last().str.strip_chars(PY_WHITESPACE)
    )
    return lines.with_columns(
        pl.when(in_table).then(row).when(key_value).then(entry).otherwise(pl.col("view")).alias("view")
    ).drop("_tabbed", "_run")


def _split(view: str) -> list[str]:
    return [cell.strip() for cell in _SPACES.split(view.strip()) if cell.strip()]


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and all(header_role(cell) is not None for cell in cells)


def _placed_table(
    rows: list[tuple[int, str]], header: list[str]
) -> tuple[list[str], list[tuple[int, str, bool, str | None]]] | None:
    """The table's header (refined by a sub-header row) and its rows as pipe rows: all of them when every row places
    (a cell past the header's width is kept at the end, as the dump's rows keep one); up to the first row that
    cannot be placed when the first row is as wide as the header; otherwise None."""
    placed: list[tuple[int, str, bool, str | None]] = []
    if rows and all_column_names(_split(rows[0][1])):
        # A sub-header row ('Tenure begins  Tenure ends' under 'Tenure'): the spanning cell is refined.
        refined = refined_header(header, _split(rows[0][1]))
        if refined is None:
            return None
        header = refined
        placed.append((rows[0][0], "", True, None))  # folded into the header row above
        rows = rows[1:]
    # The columns' roles learnt from the rows whose every cell's column is certain (as wide as the header).
    owners = column_owners([_split(view) for _line, view in rows], header)
    for line, view in rows:
        cells = _split(view)
        if _is_header(cells):
            return None  # a second sub-header row: the columns cannot be told apart
        row = place_row(cells, header, owners)
        if row is None:
            # A row that could be read two ways ends the table (it and the lines after it stay as written), when
            # the table opened with a row as wide as its header; otherwise nothing says the lines are its rows.
            return (header, placed) if rows and len(_split(rows[0][1])) >= len(header) and placed else None
        placed.append((line, "| " + " | ".join(row[0]) + " |", False, REALIGNED if row[1] else None))
    return header, placed


def _space_tables(lines: pl.DataFrame) -> pl.DataFrame:
    """Space-separated tables under a header of known column names, rewritten as pipe rows when every row places."""
    spaced = lines.filter(pl.col("view").str.contains(_SPACED_ROW) & ~pl.col("view").str.starts_with("|"))
    by_doc = lines_of(lines, spaced["doc"].unique())
    changes: list[LineChange] = []
    for doc, doc_lines in by_doc.items():
        index = 0
        while index < len(doc_lines):
            line, view = doc_lines[index]
            header = _split(view)
            index += 1
            if view.lstrip().startswith("|") or not _is_header(header):
                continue
            rows: list[tuple[int, str]] = []
            # The rows run to a blank line or a markup line (`<div ...>`, never a row, as in a one-cell-per-line table).
            while (
                index < len(doc_lines)
                and doc_lines[index][1].strip()
                and not doc_lines[index][1].lstrip().startswith("<")
            ):
                rows.append(doc_lines[index])
                index += 1
            table = _placed_table(rows, header) if rows else None
            if table:
                changes.append((doc, line, "| " + " | ".join(table[0]) + " |", False, None))
                changes.extend((doc, *entry) for entry in table[1])
    return apply_line_changes(lines, changes)


def normalise(lines: pl.DataFrame) -> pl.DataFrame:
    """Tab- and space-separated tables as pipe rows and `• ` items as `- ` items; every other line as it is."""
    return line_header_tables(_space_tables(_tab_tables(dump_bullets(lines))))
