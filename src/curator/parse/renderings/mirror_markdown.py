"""Markdown mirrors: `#` headings, `edit` glued to the line under a heading, `... explained` / `... facts for kids`
titles, `- Source: Title` chrome (the title when it opens the page), lists that lost their bullets, and tables whose
rows lack the image cell their header names.

A plain mirror writes a list's items as bare lines right under their heading, with no blank line between them
(`Japanese envoys to Hawaii` then `Ann Example; from November 1875, acting consul`). A run of two or more such lines
becomes the dump's `- ` items only when the line above it reads as a heading (short, no year, no sentence end, no
cell) and every line of the run reads as an entry: a name ended by a comma or semicolon, a year after it, no
sentence inside, short.

A table row shorter than a header that has an image column (`Portrait`, `Image`, `Photo`) lost that cell: the
mirror drops pictures but keeps their header (and may also collapse the row's empty trailing cells, so the row can
be more than one cell short). Its cells are put back under their headers by inserting an empty image cell, and the
row's `note` says it was realigned (the readers turn it into a finding); the missing trailing cells stay empty. A
row as wide as its header, or of one spanning cell, is left as written.
"""

from __future__ import annotations

import polars as pl

from curator.parse.chrome import HASH_ENTRY, HASH_HEADING, TABLE_RULE
from curator.text.markup import PY_WHITESPACE

_GLUED_EDIT = r"^\s*edit((?:[A-Z0-9\[(|]|[-•*#]\s).*)$"
_SOURCE_CHROME = r"^\s*-\s+Source:\s"
_SOURCE_TITLE = r"^\s*-\s+Source:\s+(.*\S)\s*$"
_EXPLAINED_TITLE = r"^(.*\S)\s+(?:explained|facts for kids)\s*$"
_IMAGE_HEADER = r"(?i)^(?:portrait|image|photo|photograph|picture)$"
REALIGNED = "realigned: the row lacks the image cell its header names; an empty one was put back"


def _cells(view: pl.Expr) -> pl.Expr:
    inner = (
        view.str.replace(r"^\s*\[edit\]", "").str.strip_chars(PY_WHITESPACE).str.strip_prefix("|").str.strip_suffix("|")
    )
    return inner.str.split("|").list.eval(pl.element().str.strip_chars(PY_WHITESPACE))


def _headings_and_chrome(lines: pl.DataFrame) -> pl.DataFrame:
    view = pl.col("view")
    marks = pl.when(~view.str.contains(HASH_ENTRY)).then(view.str.extract(HASH_HEADING, 1))
    equals = marks.str.replace_all("#", "=", literal=True)
    glued = view.str.extract(_GLUED_EDIT, 1)
    first_content = (view.str.strip_chars() != "").cum_sum().over("doc") == 1
    explained = view.str.extract(_EXPLAINED_TITLE, 1)
    # `- Source: Title` opening a page names it: it becomes the page's level-1 heading, the title.
    source_title = pl.when(first_content).then(view.str.extract(_SOURCE_TITLE, 1))
    return lines.with_columns(
        pl.when(source_title.is_not_null())
        .then(pl.format("= {} =", source_title))
        .when(marks.is_not_null())
        .then(pl.format("{} {} {}", equals, view.str.extract(HASH_HEADING, 2), equals))
        .when(glued.is_not_null())
        .then(pl.format("[edit]{}", glued))
        .when(first_content & (view.str.strip_chars() != "") & explained.is_not_null())
        .then(explained)
        .otherwise(view)
        .alias("view"),
        (pl.col("chrome") | (view.str.contains(_SOURCE_CHROME) & source_title.is_null())).alias("chrome"),
    )


_ENTRY = r"^[^\s,;|#=•*-][^,;|]{1,60}?[,;]\s.*\b\d{4}\b"
_SENTENCE_INSIDE = r"[a-z0-9]{2}\.\s+[A-Z]"
_MAX_ENTRY_WORDS = 25
_MAX_HEADING_WORDS = 8


def _bare_lists(lines: pl.DataFrame) -> pl.DataFrame:
    """Runs of bare entry lines right under a heading line, as the dump's `- ` items (see the module docstring)."""
    view = pl.col("view")
    stripped = view.str.strip_chars(PY_WHITESPACE)
    entry = (
        stripped.str.contains(_ENTRY)
        & ~stripped.str.contains(_SENTENCE_INSIDE)
        & (stripped.str.split(" ").list.len() <= _MAX_ENTRY_WORDS)
        & ~pl.col("chrome")
    )
    heading_like = (
        (stripped != "")
        & ~stripped.str.contains(r"\d{3,4}|[|.:;!?]\s*$|\|")
        & (stripped.str.split(" ").list.len() <= _MAX_HEADING_WORDS)
        & ~pl.col("chrome")
    )
    lines = lines.with_columns((~entry).cum_sum().over("doc").alias("_run"), entry.alias("_entry"))
    run = ("doc", "_run")
    items = (
        pl.col("_entry")
        & heading_like.first().over(*run)
        & ~pl.col("_entry").first().over(*run)
        & (pl.col("_entry").sum().over(*run) >= 2)
    )
    # The heading over a run becomes the dump's `== heading ==`, so the items read under it.
    heading = ~pl.col("_entry") & heading_like & (pl.col("_entry").sum().over(*run) >= 2)
    return lines.with_columns(
        pl.when(items)
        .then(pl.format("- {}", stripped))
        .when(heading)
        .then(pl.format("== {} ==", stripped))
        .otherwise(view)
        .alias("view")
    ).drop("_run", "_entry")


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
    return _realign_rows(_bare_lists(_headings_and_chrome(lines)))
