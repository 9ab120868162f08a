"""One normaliser per rendering: its lines rewritten into the dump's layout, every line keeping its place.

The contract of every normaliser: `normalise(lines) -> lines`, where `lines` holds the documents of one
rendering (doc, line, text, view, normalised, chrome, folded, note) and the result holds the same rows in the same
order; only `view` (the line as the block builder reads it, in the dump's layout), `chrome` (the line is page
around the article), `folded` (the line's content was moved into an earlier line, e.g. the cells of a table row
written one per line become one pipe row on the row's first line) and `note` (why a line was rewritten by a guess,
e.g. a realigned table row; null when the rewrite is certain) change. `text` and `line` stay those of the original
file, so every block built from a view cites the line it came from. A new rendering (a MediaWiki XML dump's
wikitext is the next) is one more module and one more entry below.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from curator.parse.rendering import DUMP, HTML_TEXT, MIRROR_MARKDOWN, MOBILE, UNKNOWN
from curator.parse.renderings import dump, html_text, mirror_markdown, mobile

Normaliser = Callable[[pl.DataFrame], pl.DataFrame]

NORMALISERS: dict[str, Normaliser] = {
    DUMP: dump.normalise,
    HTML_TEXT: html_text.normalise,
    MIRROR_MARKDOWN: mirror_markdown.normalise,
    MOBILE: mobile.normalise,
    UNKNOWN: dump.normalise,  # read by the dump's rules, as before renderings were told apart
}


def normalise_renderings(lines: pl.DataFrame, renderings: pl.DataFrame) -> pl.DataFrame:
    """`lines` (doc, line, text) with view, normalised, chrome, folded and note, each document normalised by its
    rendering's module."""
    canonical = (
        pl.col("text").alias("view"),
        pl.lit(False).alias("normalised"),
        pl.lit(False).alias("chrome"),
        pl.lit(False).alias("folded"),
        pl.lit(None, dtype=pl.String).alias("note"),
    )
    rewritten = renderings.filter(~pl.col("rendering").is_in([DUMP, UNKNOWN]))
    if rewritten.is_empty():
        return lines.with_columns(*canonical)  # the identity: nothing to rewrite
    lines = lines.join(renderings, on="doc", how="left", maintain_order="left").with_columns(*canonical)
    # A rewritten document's paragraphs are read from the view, not the text.
    lines = lines.with_columns(pl.col("rendering").is_in(rewritten["rendering"].unique().implode()).alias("normalised"))
    present = set(renderings["rendering"].unique().to_list())
    parts = [
        NORMALISERS[rendering](lines.filter(pl.col("rendering") == rendering).drop("rendering"))
        for rendering in RENDERING_ORDER
        if rendering in present
    ]
    return pl.concat(parts).sort("doc", "line")


RENDERING_ORDER = (DUMP, HTML_TEXT, MIRROR_MARKDOWN, MOBILE, UNKNOWN)
