"""Mobile pages: a bare `edit` line after each heading (or `edit` glued to the line under it), `• ` bullets, and
tables written one cell per line under a header of glued cell names (`Country polledFavorableUnfavorable`).

The `edit` mark is the dump's `[edit]`: the line before it is a heading when it reads as one (the block builder's
rule for `[edit]` marks), and the mark itself is chrome. `• ` is written as the dump's `- ` bullet. A table's
cells are grouped into rows and put back under their headers by what they hold (`curator.parse.renderings.cells`);
a row is written as a pipe row on its first line and its other lines are folded into it. A row that could be read
two ways is left as it is (its lines stay prose), so no cell is ever guessed into a column.
"""

from __future__ import annotations

import polars as pl

from curator.parse.renderings.cells import (
    LineChange,
    all_column_names,
    apply_line_changes,
    cell_line_rows,
    dump_bullets,
    is_cell_line,
    lines_of,
    rebuilt_lines,
    refined_header,
)
from curator.text.vocabulary import split_glued_header

_BARE_EDIT = r"^\s*edit\s*$"
# `editDiplomatic relations ...`: the mark glued to the first word of the paragraph under a heading.
_GLUED_EDIT = r"^\s*edit((?:[A-Z\[(|]|[-•*#]\s).*)$"
# A header candidate: a lower-case letter (or a closing bracket) glued to a capital, no pipe, no sentence end.
_GLUED_HEADER = r"^[^|.!?]*[a-z)\]%][A-Z(#][^|.!?]*$"


def _edit_marks(lines: pl.DataFrame) -> pl.DataFrame:
    view = pl.col("view")
    glued = view.str.extract(_GLUED_EDIT, 1)
    return lines.with_columns(
        pl.when(view.str.contains(_BARE_EDIT))
        .then(pl.lit("[edit]"))
        .when(glued.is_not_null())
        .then(pl.format("[edit]{}", glued))
        .otherwise(view)
        .alias("view")
    )


def _cell_tables(lines: pl.DataFrame) -> pl.DataFrame:
    """Tables of one cell per line rebuilt as pipe rows (only documents with a glued header are looked at)."""
    candidates = lines.filter(pl.col("view").str.contains(_GLUED_HEADER))
    by_doc = lines_of(lines, candidates["doc"].unique())
    if not by_doc:
        return lines
    rebuilt: list[LineChange] = []
    for doc, doc_lines in by_doc.items():
        index = 0
        while index < len(doc_lines):
            line, view = doc_lines[index]
            header = split_glued_header(view) if "|" not in view else None
            if header is None:
                index += 1
                continue
            cells: list[tuple[int, str]] = []
            index += 1
            while index < len(doc_lines) and is_cell_line(doc_lines[index][1]):
                cells.append((doc_lines[index][0], doc_lines[index][1].strip()))
                index += 1
            # Cells right under the header that are column names themselves refine it ('Tenure begins').
            sub = 0
            while sub < len(cells) and all_column_names([cells[sub][1]]):
                sub += 1
            if sub:
                refined = refined_header(header, [text for _line, text in cells[:sub]])
                if refined is None:
                    continue
                header = refined
                rebuilt.extend((doc, line, "", True, None) for line, _text in cells[:sub])
                cells = cells[sub:]
            if cells:
                rows = cell_line_rows(cells, header)
                rebuilt.extend((doc, *entry) for entry in rebuilt_lines(line, header, rows))
    return apply_line_changes(lines, rebuilt)


def normalise(lines: pl.DataFrame) -> pl.DataFrame:
    """`edit` marks written as the dump's `[edit]`, `• ` bullets as `- `; one-cell-per-line tables rebuilt as pipe
    rows."""
    return _cell_tables(_edit_marks(dump_bullets(lines)))
