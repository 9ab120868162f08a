"""Marks every rendering shares, read in the line's view: `[edit]` marks (the line before one is a heading when it
reads as one), markdown table rules (the rows around one are a table) and a 'Contents' box (chrome)."""

from __future__ import annotations

import polars as pl

from curator.parse.chrome import EDIT_HEADING, EDIT_PREFIX, TABLE_RULE
from curator.parse.kinds import BLANK, CHROME, TABLE_ROW
from curator.text.markup import PY_WHITESPACE, WS

TITLE_LIKE = r"^[^.!?|<>=]{1,100}$"
MAX_TITLE_WORDS = 12


def render_view(lines: pl.DataFrame) -> pl.DataFrame:
    """`view`: each line as the parser reads it. Older renderings glue `[edit]` to headings (`History[edit]`) or to
    the line after a heading (`[edit]Head of mission | ...`); such headings read as `== History ==`. `text` keeps
    the line exactly as written."""
    edit_title = pl.col("view").str.extract(EDIT_HEADING, 1)
    prefixed = pl.col("view").str.contains(EDIT_PREFIX) & edit_title.is_null()
    lines = lines.with_columns(
        pl.when(edit_title.is_not_null())
        .then(pl.format("== {} ==", edit_title))
        .when(prefixed)
        .then(pl.col("view").str.replace(EDIT_PREFIX, ""))
        .otherwise(pl.col("view"))
        .alias("view"),
        prefixed.alias("_prefixed"),
    )
    # The line before an `[edit]`-prefixed line is a heading when it reads as one (only documents that have such a
    # line are looked at: the window runs per document).
    edited = lines.filter(pl.col("doc").is_in(lines.filter("_prefixed")["doc"].unique().implode()))
    content = edited.filter(pl.col("text").str.strip_chars() != "").with_columns(
        pl.col("_prefixed").shift(-1).over("doc").fill_null(False).alias("_before_prefixed")
    )
    stripped = pl.col("view").str.strip_chars(PY_WHITESPACE)
    promoted = (
        content.filter("_before_prefixed")
        .filter(stripped.str.contains(TITLE_LIKE) & (stripped.str.count_matches(f"[^{WS[1:-1]}]+") <= MAX_TITLE_WORDS))
        .select("doc", "line", pl.format("== {} ==", stripped).alias("_heading"))
    )
    if promoted.is_empty():
        return lines.drop("_prefixed")
    return (
        lines.join(promoted, on=["doc", "line"], how="left", maintain_order="left")
        .with_columns(pl.coalesce("_heading", "view").alias("view"))
        .drop("_heading", "_prefixed")
    )


_TOC_LINE = r"^\s*\d+(?:\.\d+)*\s+\S"


def mark_renderings(lines: pl.DataFrame) -> pl.DataFrame:
    """Kinds that need their neighbours: markdown tables (rows around a `---|---|` rule) and the numbered lines of a
    'Contents' box (chrome, not content)."""
    is_rule = pl.col("view").str.contains(TABLE_RULE)
    contents = pl.col("view").str.strip_chars().str.to_lowercase() == "contents"
    # Only a document with a rule line has a markdown table, only one with a 'Contents' line has a contents box:
    # the windows below run per document, so the others keep their kinds without being looked at.
    marked = lines.filter(pl.col("doc").is_in(lines.filter(is_rule | contents)["doc"].unique().implode()))
    if marked.is_empty():
        return lines
    has_pipe = pl.col("view").str.contains("|", literal=True)
    marked = marked.with_columns((~(has_pipe | is_rule)).cum_sum().over("doc").alias("_run"), is_rule.alias("_rule"))
    first_rule = pl.when(pl.col("_rule")).then(pl.col("line")).min().over("doc", "_run")
    markdown = (has_pipe | pl.col("_rule")) & (pl.col("line") >= first_rule - 1)
    toc = pl.col("view").str.contains(_TOC_LINE)
    marked = marked.with_columns((~toc).cum_sum().over("doc").alias("_toc_run"))
    after_contents = pl.col("view").first().over("doc", "_toc_run").str.strip_chars().str.to_lowercase() == "contents"
    kinds = marked.select(
        "doc",
        "line",
        pl.when(markdown.fill_null(False) & (pl.col("kind") != BLANK))
        .then(pl.lit(TABLE_ROW))
        .when(toc & after_contents)
        .then(pl.lit(CHROME))
        .otherwise(pl.col("kind"))
        .alias("_kind"),
    )
    return (
        lines.join(kinds, on=["doc", "line"], how="left", maintain_order="left")
        .with_columns(pl.coalesce("_kind", "kind").alias("kind"))
        .drop("_kind")
    )
