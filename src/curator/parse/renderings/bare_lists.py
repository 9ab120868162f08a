"""Lists that lost their bullets, in any rendering: runs of item lines in a section given the dump's `- ` back.

Text extracts, older HTML saved as text, mirrors and mobile pages often keep a list's items as bare lines
(`1901–1905 Ann Example`, `30 January 2024: Ben Example`). A line can be such an item when it holds a year, its
words are split by single spaces (a run of spaces or a tab splits table cells), it carries no marker of another
block and no indent, no sentence ends inside it, and it is short (20 words, 300 characters). A run of item lines
(up to a blank line or a heading) inside a section becomes `- ` items when every line of the run can be an item and
there are two or more of them right under the section's heading, or three or more anywhere else in the section (a
list under an introductory sentence). A run before the first heading (an infobox's label and value lines, the lead)
is never taken, and neither is a space-split table: its header line holds no year and its cells are split by runs
of spaces.

It runs on every document after its rendering's normaliser and `curator.parse.marks.render_view`, when every
rendering's headings read as the dump's (`== History ==`) or sit over an `[edit]` mark, so one rule serves all.
"""

from __future__ import annotations

import polars as pl

from curator.parse.chrome import CHROME_LINE
from curator.text.markup import PY_WHITESPACE

_YEAR = r"\b\d{3,4}\b"
# A line that already belongs to another block: a marker (`|`, `*`, `#`, `=`, `•`, `- `, a number `1.`) or an indent
# (the block builder reads an indented line as an item or as the continuation of one).
_MARKED = r"^(?:\s|[|*#=•]|-\s|\d{1,3}[.)]\s)"
_SPACED_ROW = r"\S(?: {2,}|\t)\S"
_SENTENCE_INSIDE = r"[a-z0-9]{2}\.\s+[A-Z]"
_MAX_ITEM_WORDS = 20
# A line longer than this is no short item (20 words); the regular expressions look at shorter lines only.
_MAX_ITEM_CHARS = 300
# A section heading in the dump's layout (`== History ==`; the `= Title =` line opens no section), and the `[edit]`
# (or mobile `edit`) mark line under a heading written as a bare line, which `render_view` leaves blank.
_HEADING = r"^\s*={2,}[^=].*=\s*$"
_EDIT_MARK = r"(?i)^\s*(?:\[\s*edit\s*\]|edit)\s*$"
# Item lines a run needs: right under its heading, and elsewhere in a section (after an introductory paragraph).
_UNDER_HEADING = 2
_IN_SECTION = 3


def restore_bullets(lines: pl.DataFrame) -> pl.DataFrame:
    """`lines` (doc, line, text, view, chrome, ...) with the runs of bare item lines of every section written as `- `
    items (see the module docstring); every other line as it is."""
    view = pl.col("view")
    stripped = view.str.strip_chars(PY_WHITESPACE)
    # Item lines, looked for among the short lines only (a paragraph of many words is never one), then the
    # documents with two or more of them: only those are cut into sections and runs.
    items = (
        lines.filter(~pl.col("chrome") & (view.str.len_chars() <= _MAX_ITEM_CHARS))
        .filter(
            view.str.contains(_YEAR)
            & ~view.str.contains(_MARKED)
            & ~view.str.contains(_SPACED_ROW)
            & ~view.str.contains(_SENTENCE_INSIDE)
            & ~view.str.contains(CHROME_LINE)
            & (stripped.str.count_matches(" ", literal=True) < _MAX_ITEM_WORDS)
        )
        .select("doc", "line", pl.lit(True).alias("_item"))
    )
    docs = items.group_by("doc").len().filter(pl.col("len") >= _UNDER_HEADING)["doc"]
    if docs.is_empty():
        return lines
    heading = view.str.contains(_HEADING) | pl.col("text").str.contains(_EDIT_MARK)
    look = (
        lines.filter(pl.col("doc").is_in(docs.implode()))
        .select("doc", "line", "text", "view")
        .join(items, on=["doc", "line"], how="left", maintain_order="left")
        .with_columns(
            ((stripped == "") | heading).cum_sum().over("doc").alias("_segment"),
            heading.alias("_heading"),
            heading.cum_sum().over("doc").alias("_sections"),
            pl.col("_item").fill_null(False),
        )
    )
    body = ~pl.col("_heading") & (stripped != "")
    segment = ("doc", "_segment")
    count = body.sum().over(*segment)
    needed = pl.when(pl.col("_heading").first().over(*segment)).then(_UNDER_HEADING).otherwise(_IN_SECTION)
    runs = (
        body & (pl.col("_sections") > 0) & ((body & pl.col("_item")).sum().over(*segment) == count) & (count >= needed)
    )
    restored = look.filter(runs).select("doc", "line", pl.format("- {}", stripped).alias("_item_view"))
    if restored.is_empty():
        return lines
    return (
        lines.join(restored, on=["doc", "line"], how="left", maintain_order="left")
        .with_columns(pl.coalesce("_item_view", "view").alias("view"))
        .drop("_item_view")
    )
