"""Which rendering a document is in (dump, older HTML text, markdown mirror, mobile), told by its own lines.

A rendering is recognised by layout evidence only (an `edit` line after a heading or a header of glued column
names, a `---|---|` rule, a tab-split row, page chrome), never by the file's name. The evidence is tried most
specific first; a document with none of it and no `= Title =`/`== Heading ==` lines is `unknown`, and is read by
the same rules as the dump.
"""

from __future__ import annotations

import polars as pl

from curator.parse.chrome import CHROME_LINE, EDIT_HEADING, EDIT_PREFIX, HASH_ENTRY, HASH_HEADING, TABLE_RULE
from curator.text.vocabulary import header_role, split_glued_header

DUMP = "dump"
HTML_TEXT = "html_text"
MIRROR_MARKDOWN = "mirror_markdown"
MOBILE = "mobile"
UNKNOWN = "unknown"
RENDERINGS = (DUMP, HTML_TEXT, MIRROR_MARKDOWN, MOBILE, UNKNOWN)

# Evidence, in the order it is weighed: the first rendering with any evidence line is the document's.
_MOBILE_EDIT = r"^\s*edit\s*$"
_MIRROR = rf"{TABLE_RULE}|^\s*-\s+Source:\s|^\s*edit(?:[A-Z0-9\[(|]|[-•*#]\s)"
_HTML_TEXT = rf"{CHROME_LINE}|{EDIT_HEADING}|{EDIT_PREFIX}|\S\t+\S.*\t"
_WIKI_HEADING = r"^\s*=+[^=].*=\s*$"
_WIKI_TITLE = r"^\s*=[^=].*[^=]=\s*$"
# A candidate for a header of glued cell names (`CountryFormal relations beganNotes`): a lower-case letter, a
# bracket or `#` glued to a capital, no pipe, no sentence end. Only a line every part of which is a column name
# (`split_glued_header`) is mobile evidence: a mirror writes its header with pipes, an HTML text with tabs or spaces.
_GLUED_HEADER = r"^[^|.!?]*[a-z)\]%#][A-Z(#][^|.!?]*$"


# A header written one column name per line (`Name` ⏎ `Period` ⏎ `Title`): this many names at least.
MIN_HEADER_LINES = 3


def column_name_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """doc, line of every line in a run of `MIN_HEADER_LINES` or more lines of `lines` (doc, line, view) that each
    hold one column name a table vocabulary knows: a table header written one cell per line."""
    named = (
        lines.select("view")
        .unique()
        .with_columns(
            pl.col("view")
            .map_elements(lambda view: "|" not in view and header_role(view.strip()) is not None, pl.Boolean)
            .alias("_named")
        )
    )
    marked = lines.join(named, on="view", how="left").with_columns(pl.col("_named").fill_null(False))
    return (
        marked.with_columns((~pl.col("_named")).cum_sum().over("doc").alias("_run"))
        .filter(pl.col("_named") & (pl.col("_named").sum().over("doc", "_run") >= MIN_HEADER_LINES))
        .select("doc", "line")
    )


def _glued_headers(lines: pl.DataFrame) -> list[str]:
    candidates = lines.filter(pl.col("text").str.contains(_GLUED_HEADER))["text"].unique().to_list()
    return [text for text in candidates if split_glued_header(text) is not None]


def detect_renderings(lines: pl.DataFrame) -> pl.DataFrame:
    """doc, rendering for every document of `lines` (doc, line, text)."""
    text = pl.col("text")
    # A document that opens with `= Title =` is in the dump format whatever else it holds: only the others' lines
    # are searched for evidence (most of a corpus is in the dump format).
    firsts = (
        lines.filter(text.str.strip_chars() != "")
        .group_by("doc", maintain_order=True)
        .agg(text.first().str.contains(_WIKI_TITLE).alias("_titled"))
    )
    documents = lines.select("doc").unique(maintain_order=True).join(firsts, on="doc", how="left")
    untitled = documents.filter(~pl.col("_titled").fill_null(False))["doc"]
    untitled_lines = lines.filter(pl.col("doc").is_in(untitled.implode()))
    glued_headers = pl.Series(_glued_headers(untitled_lines), dtype=pl.String)
    # A header written one column name per line is an older HTML text's table (a mirror writes it with pipes).
    listed_headers = column_name_lines(untitled_lines.with_columns(text.alias("view"))).select(
        "doc", pl.lit(True).alias("_listed_header")
    )
    evidence = (
        untitled_lines.join(listed_headers.unique("doc"), on="doc", how="left")
        .group_by("doc", maintain_order=True)
        .agg(
            (text.str.contains(_MOBILE_EDIT) | text.is_in(glued_headers.implode())).any().alias(MOBILE),
            (text.str.contains(_MIRROR) | (text.str.contains(HASH_HEADING) & ~text.str.contains(HASH_ENTRY)))
            .any()
            .alias(MIRROR_MARKDOWN),
            (text.str.contains(_HTML_TEXT) | pl.col("_listed_header").fill_null(False)).any().alias(HTML_TEXT),
            text.str.contains(_WIKI_HEADING).any().alias(DUMP),
        )
    )
    rendering = (
        pl.when(pl.col("_titled").fill_null(False))
        .then(pl.lit(DUMP))
        .when(pl.col(MOBILE))
        .then(pl.lit(MOBILE))
        .when(pl.col(MIRROR_MARKDOWN))
        .then(pl.lit(MIRROR_MARKDOWN))
        .when(pl.col(HTML_TEXT))
        .then(pl.lit(HTML_TEXT))
        .when(pl.col(DUMP))
        .then(pl.lit(DUMP))
        .otherwise(pl.lit(UNKNOWN))
    )
    return documents.join(evidence, on="doc", how="left").select("doc", rendering.alias("rendering"))
