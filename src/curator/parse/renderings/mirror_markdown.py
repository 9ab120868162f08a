"""Markdown mirrors: `#` headings, `edit` glued to the line under a heading, `... explained` titles, `- Source:`
chrome, and tables whose rows lack the image cell their header names.

A table row shorter than a header that has an image column (`Portrait`, `Image`, `Photo`) lost that cell: the
mirror drops pictures but keeps their header (and may also collapse the row's empty trailing cells, so the row can
be more than one cell short). Its cells are put back under their headers by inserting an empty image cell, and the
row's `note` says it was realigned (the readers turn it into a finding); the missing trailing cells stay empty. A
row as wide as its header, or of one spanning cell, is left as written.
"""

from __future__ import annotations

import polars as pl

from curator.parse.chrome import HASH_HEADING, TABLE_RULE
from curator.text.markup import PY_WHITESPACE

_GLUED_EDIT = r"^\s*edit((?:[A-Z0-9\[(|]|[-•*#]\s).*)$"
_SOURCE_CHROME = r"^\s*-\s+Source:\s"
_EXPLAINED_TITLE = r"^(.*\S)\s+explained\s*$"
_IMAGE_HEADER = r"(?i)^(?:portrait|image|photo|photograph|picture)$"
REALIGNED = "realigned: the row lacks the image cell its header names; an empty one was put back"


def _cells(view: pl.Expr) -> pl.Expr:
    inner = (
        view.str.replace(r"^\s*\[edit\]", "").str.strip_chars(PY_WHITESPACE).str.strip_prefix("|").str.strip_suffix("|")
    )
    return inner.str.split("|").list.eval(pl.element().str.strip_chars(PY_WHITESPACE))


def _headings_and_chrome(lines: pl.DataFrame) -> pl.DataFrame:
    view = pl.col("view")
    marks = view.str.extract(HASH_HEADING, 1)
    equals = marks.str.replace_all("#", "=", literal=True)
    glued = view.str.extract(_GLUED_EDIT, 1)
    first_content = (view.str.strip_chars() != "").cum_sum().over("doc") == 1
    explained = view.str.extract(_EXPLAINED_TITLE, 1)
    return lines.with_columns(
        pl.when(marks.is_not_null())
        .then(pl.format("{} {} {}", equals, view.str.extract(HASH_HEADING, 2), equals))
        .when(glued.is_not_null())
        .then(pl.format("[edit]{}", glued))
        .when(first_content & (view.str.strip_chars() != "") & explained.is_not_null())
        .then(explained)
        .otherwise(view)
        .alias("view"),
        (pl.col("chrome") | view.str.contains(_SOURCE_CHROME)).alias("chrome"),
    )


def _realign_rows(lines: pl.DataFrame) -> pl.DataFrame:
    """Rows of a ruled table shorter than a header with an image column get the image cell back, empty."""
    view = pl.col("view")
    is_rule = view.str.contains(TABLE_RULE)
    piped = view.str.contains("|", literal=True)
    lines = lines.with_columns((~(piped | is_rule)).cum_sum().over("doc").alias("_run"), is_rule.alias("_rule"))
    # The header is the line just above the run's rule.
    header_line = pl.when(pl.col("_rule")).then(pl.col("line") - 1).min().over("doc", "_run")
    lines = lines.with_columns(header_line.alias("_header_line"))
    # A markdown row has no leading pipe (`a | b |`): a blank first cell shows as ` | b |`. The dump's row opens with
    # a pipe, so the row is written with one, and the blank first cell stays a cell.
    in_table = piped & ~pl.col("_rule") & (pl.col("line") >= pl.col("_header_line")).fill_null(False)
    lines = lines.with_columns(
        pl.when(in_table & ~view.str.contains(r"^(?:\[edit\])?\|"))
        .then(view.str.replace(r"^(\s*(?:\[edit\])?)", "$1| "))
        .otherwise(view)
        .alias("view")
    )
    headers = lines.filter(pl.col("line") == pl.col("_header_line")).select(
        "doc",
        "_run",
        _cells(view).alias("_header"),
    )
    headers = headers.with_columns(
        pl.col("_header").list.eval(pl.element().str.contains(_IMAGE_HEADER)).list.arg_max().alias("_image"),
        pl.col("_header").list.eval(pl.element().str.contains(_IMAGE_HEADER)).list.any().alias("_has_image"),
        pl.col("_header").list.len().alias("_width"),
    ).filter("_has_image")
    if headers.is_empty():
        return lines.drop("_run", "_rule", "_header_line")
    rows = lines.join(headers, on=["doc", "_run"], how="inner").filter(
        piped & ~pl.col("_rule") & (pl.col("line") > pl.col("_header_line"))
    )
    rows = rows.with_columns(_cells(view).alias("_cells")).filter(
        # A one-cell row is a spanning row (a rank or a period), not a row that lost its image.
        pl.col("_cells").list.len().is_between(2, pl.col("_width") - 1)
    )
    realigned = rows.select(
        "doc",
        "line",
        pl.format(
            "| {} |",
            pl.concat_list(
                pl.col("_cells").list.head(pl.col("_image")),
                pl.lit([""], dtype=pl.List(pl.String)),
                pl.col("_cells").list.slice(pl.col("_image")),
            ).list.join(" | "),
        ).alias("_view"),
    )
    return (
        lines.join(realigned, on=["doc", "line"], how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("_view", "view").alias("view"),
            pl.when(pl.col("_view").is_not_null()).then(pl.lit(REALIGNED)).otherwise(pl.col("note")).alias("note"),
        )
        .drop("_view", "_run", "_rule", "_header_line")
    )


def normalise(lines: pl.DataFrame) -> pl.DataFrame:
    """Headings, titles and chrome in the dump's layout; table rows realigned under an image column."""
    return _realign_rows(_headings_and_chrome(lines))
