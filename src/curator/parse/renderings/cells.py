"""Table cells that lost their columns (empty cells dropped, cells one per line): put back under their headers by
what they hold.

Each header cell gets a kind from the table vocabularies (`name`, `date`, `number`, or `any`); each cell a kind from
its content (a date, a number, a placeholder, text). A row is placed by the monotonic assignment of its cells to
columns that fits every cell and puts the most of them in a typed column of their kind; a row is placed only when
that best assignment is unique (or every best assignment gives each cell the same role), so a row that could be
read two ways is never guessed. Used by the normalisers of renderings that drop empty cells (mobile, HTML text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

import polars as pl

from curator.dates import parse_fuzzy_date
from curator.parse.rendering import column_name_lines
from curator.text.markup import strip_markup
from curator.text.vocabulary import (
    header_role,
    header_words,
    is_cross_reference,
    is_gap,
    is_placeholder,
    is_title_row,
    role_of,
)

NAME, NATIVE, ROLE, DATE, NUMBER, NOTE, ANY = "name", "native", "role", "date", "number", "note", "any"
_ROLE_KINDS = {
    "name": NAME,
    "name_native": NATIVE,
    "role": ROLE,
    "named": NAME,
    "country": NAME,
    "start": DATE,
    "end": DATE,
    "term": DATE,
    "date": DATE,
    "positive": NUMBER,
    "negative": NUMBER,
    "neutral": NUMBER,
    "net": NUMBER,
    "number": NUMBER,  # a state list's `#`
    "notes": NOTE,
    "note": NOTE,
}
_NUMBER = re.compile(r"^[+\-−–]?\d+(?:[.,]\d+)?%?$")
# Two numbers glued by a sign (`3-53`): 3 and -53, when the header has two number columns for them.
_GLUED_NUMBERS = re.compile(r"^(\d+(?:\.\d+)?)([-−–]\d+(?:\.\d+)?)$")
_MAX_PLACEMENTS = 5000


def column_kind(cell: str) -> str:
    """What a column of this header holds: a name, a date, a number, or anything."""
    return _ROLE_KINDS.get(header_role(cell) or "", ANY)


@lru_cache(maxsize=65536)
def cell_kind(cell: str) -> str:
    """What a cell holds: 'placeholder', 'number', 'date', 'reference' ('See Ann–Bee relations'), 'role' (a rank:
    'Resident minister'), 'native' (a name in a script without Latin letters), 'dated' (text with a year in it),
    'phrase' (words, not a name) or 'text'."""
    text = strip_markup(cell)
    if is_placeholder(text):
        return "placeholder"
    if _NUMBER.match(text):
        return "number"
    if parse_fuzzy_date(text) is not None:
        return "date"
    if is_cross_reference(text):
        return "reference"  # a note: it fits a column of any content only, never a name column
    if len(text.split()) <= 6 and role_of(text):
        return "role"
    if not re.search(r"[A-Za-z]", text):
        return "native"
    if re.search(r"\b\d{3,4}\b", text):
        return "dated"  # text with a year in it ('1921; re-established 1991') is never a name
    if _is_phrase(text):
        return "phrase"  # 'No date given', 'Ann does not recognise Bee.': words of a note, never a name
    return "text"


def _is_phrase(text: str) -> bool:
    """Text that reads as words rather than a name: a sentence (three words or more, ending in a full stop), or
    at least two words in lower case making half the words or more ('Bosnia and Herzegovina' and 'Ann van Example'
    have one)."""
    words = text.split()
    if len(words) >= 3 and text.endswith("."):
        return True
    lower = sum(1 for word in words if word[:1].islower())
    return lower >= 2 and lower * 2 >= len(words)


# The kinds of cell each typed column holds; a column takes only these (and placeholders).
_OWN_KINDS = {
    NAME: ("text", "native"),
    NATIVE: ("native",),
    ROLE: ("role",),
    DATE: ("date", "year"),
    NUMBER: ("number", "year"),
    NOTE: ("reference",),
}


# Columns that take a cell of any kind (a notes column is one, though a cross-reference belongs there most).
_UNTYPED = (ANY, NOTE)


def _fits(kind: str, column: str) -> bool:
    # A notes column takes any cell, as a column without a role does; a cross-reference is its own kind there.
    if kind == "placeholder" or column in _UNTYPED:
        return True
    return kind in _OWN_KINDS[column]


def _score(kinds: tuple[str, ...], columns: tuple[str, ...], placement: tuple[int, ...]) -> int | None:
    """How many cells sit in a typed column of their own kind; None when a cell does not fit its column. A cell
    owned by one column (`@2`: see `column_owners`) fits that column only, and counts as one of its kind there."""
    score = 0
    for kind, index in zip(kinds, placement, strict=True):
        if kind.startswith(_OWNED):
            if index != int(kind[len(_OWNED) :]):
                return None
            score += 1
            continue
        column = columns[index]
        if not _fits(kind, column):
            return None
        score += column != ANY and kind in _OWN_KINDS[column]
    return score


def best_placements(kinds: tuple[str, ...], columns: tuple[str, ...]) -> list[tuple[int, ...]]:
    """Every monotonic placement of cells of `kinds` under `columns` that fits and scores best (may be empty)."""
    if len(kinds) > len(columns):
        return []
    best: list[tuple[int, ...]] = []
    top = -1
    for count, placement in enumerate(combinations(range(len(columns)), len(kinds))):
        if count > _MAX_PLACEMENTS:
            return []
        score = _score(kinds, columns, placement)
        if score is None or score < top:
            continue
        if score > top:
            best, top = [], score
        best.append(placement)
    return best


def _kinds(cells: list[str], owners: dict[str, int] | None = None) -> tuple[str, ...]:
    # A bare three- or four-digit number is a year to a date column and a number to a number column.
    kinds = tuple("year" if re.fullmatch(r"\d{3,4}", c.strip()) else cell_kind(c) for c in cells)
    if not owners:
        return kinds
    return tuple(
        f"{_OWNED}{owners[shape]}" if kind == "text" and (shape := cell_shape(cell)) in owners else kind
        for kind, cell in zip(kinds, cells, strict=True)
    )


_OWNED = "@"
_OWNER_EVIDENCE = 2  # text cells of one shape a column must hold (and no other column any) to own that shape


def cell_shape(cell: str) -> str | None:
    """A text cell's shape: its first word, casefolded, when it has at least two words ('See Egypt–Japan
    relations' -> 'see'); None for a one-word cell, which says nothing beyond its kind."""
    words = strip_markup(cell).split()
    return words[0].casefold() if len(words) >= 2 else None


def column_owners(rows: list[list[str]], header: list[str]) -> dict[str, int]:
    """shape -> the column that owns it: in the table's rows as wide as its header (whose every cell's column is
    certain), text cells of that shape sit at least twice in that column and never in another. A short row's text
    cell of an owned shape can then go to that column only (a table's 'See X–Y relations' notes are never taken
    for a country), which is the column's role learnt from its own cells rather than from its header alone."""
    seen: dict[str, set[int]] = {}
    counts: dict[tuple[str, int], int] = {}
    width = len(header)
    for row in rows:
        if len(row) != width or place_row(row, header) is None:
            continue
        for index, (kind, cell) in enumerate(zip(_kinds(row), row, strict=True)):
            shape = cell_shape(cell) if kind == "text" else None
            if shape is not None:
                seen.setdefault(shape, set()).add(index)
                counts[(shape, index)] = counts.get((shape, index), 0) + 1
    return {
        shape: index
        for shape, (index,) in ((shape, tuple(columns)) for shape, columns in seen.items() if len(columns) == 1)
        if counts[(shape, index)] >= _OWNER_EVIDENCE
    }


def place_row(
    cells: list[str], header: list[str], owners: dict[str, int] | None = None
) -> tuple[list[str], bool] | None:
    """The row's cells under `header` (empty cells put back), and whether any cell moved; None when the row
    cannot be placed without a guess. Cells past the header's width are kept at the end (a column without a
    header). `owners` (from `column_owners`) sends a text cell of an owned shape to its column only."""
    columns = tuple(column_kind(cell) for cell in header)
    if len(cells) == 1 and is_title_row(cells[0]):
        return [cells[0]] + [""] * (len(columns) - 1), False  # a spanning rank row, as the dump writes it
    if len(cells) >= len(columns):
        fits = _score(_kinds(cells[: len(columns)]), columns, tuple(range(len(columns)))) is not None
        return (list(cells), False) if fits else None
    for candidate in _with_split_numbers(cells, columns):
        placements = best_placements(_kinds(candidate, owners), columns)
        roles = {tuple(header_role(header[i]) or f"#{i}" for i in p) for p in placements}
        # A gap or closure row ('No mission during the occupation') is a marker wherever its cells sit.
        marker = any(is_gap(strip_markup(cell)) for cell in candidate)
        # Placements that differ only in where a placeholder ('—') sits say the same thing.
        filled = [i for i, cell in enumerate(candidate) if not is_placeholder(strip_markup(cell))]
        valued = {tuple(p[i] for i in filled) for p in placements}
        if len(placements) == 1 or (placements and (len(roles) == 1 or len(valued) == 1 or marker)):
            row = [""] * len(columns)
            for cell, index in zip(candidate, placements[0], strict=True):
                row[index] = cell
            return row, placements[0] != tuple(range(len(candidate)))
    return None


def _with_split_numbers(cells: list[str], columns: tuple[str, ...]) -> list[list[str]]:
    """The row as written, then with one glued `3-53` cell split in two (only as many as there are missing
    cells, and only when the header has number columns)."""
    candidates = [cells]
    if NUMBER in columns:
        for index, cell in enumerate(cells):
            match = _GLUED_NUMBERS.match(cell.strip())
            if match and len(cells) < len(columns):
                candidates.append([*cells[:index], match.group(1), match.group(2), *cells[index + 1 :]])
    return candidates


def can_extend(cells: list[str], header: list[str]) -> bool:
    """True when `cells` fit under `header` as the start of a row (later columns left empty)."""
    columns = tuple(column_kind(cell) for cell in header)
    return any(best_placements(_kinds(candidate), columns) for candidate in _with_split_numbers(cells, columns))


def expects_more(cells: list[str], header: list[str]) -> bool:
    """True when some typed (name, date, number) column after the row's last placed cell is still empty."""
    columns = tuple(column_kind(cell) for cell in header)
    for candidate in _with_split_numbers(cells, columns):
        placements = best_placements(_kinds(candidate), columns)
        if placements:
            last = min(p[-1] for p in placements)
            return any(kind not in _UNTYPED for kind in columns[last + 1 :])
    return False


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


REALIGNED = "realigned: cells put back under their headers by what they hold (empty cells of the source were dropped)"


def _ends_row(row: list[str], cell: str, following: list[str], header: list[str]) -> bool:
    """Whether `cell` starts the next row rather than continuing `row` (cells one per line): it must, when the row
    cannot take it; it does, when it fits the first column, the row has no typed column left to fill, and the
    next filled cell fits the second column (a row that began here would read on)."""
    if not can_extend([*row, cell], header):
        return True
    first_column = column_kind(header[0])
    starts = first_column not in _UNTYPED and _fits(_kinds([cell])[0], first_column) and not is_placeholder(cell)
    if not starts or expects_more(row, header):
        return False
    second = column_kind(header[1]) if len(header) > 1 else ANY
    after = next((text for text in following if not is_placeholder(strip_markup(text))), None)
    return second in _UNTYPED or after is None or _fits(_kinds([after])[0], second)


def cell_line_rows(cells: list[tuple[int, str]], header: list[str]) -> list[list[tuple[int, str]]]:
    """Cells written one per line, grouped into rows: a row ends when the next cell cannot continue it, or when
    that cell fits the first column and no typed column of the row is left to fill. A lower-case cell past the
    header's width is a trailing cell of a column without a header ('chargé d'affaires')."""
    width = len(header)
    if len(cells) % width == 0:
        # No cell was dropped when every chunk of the header's width reads as a row as written.
        chunks = [cells[start : start + width] for start in range(0, len(cells), width)]
        if all(
            place_row([text for _line, text in chunk], header) == ([text for _line, text in chunk], False)
            for chunk in chunks
        ):
            return chunks
    rows: list[list[tuple[int, str]]] = []
    for position, (line, cell) in enumerate(cells):
        texts = [text for _line, text in rows[-1]] if rows else []
        if is_title_row(cell) or (rows and is_title_row(texts[0])):
            rows.append([(line, cell)])  # a spanning rank row ('Titled as Envoy ...') is a row of its own
        elif not rows:
            rows.append([(line, cell)])
        elif len(texts) >= len(header) and cell[:1].islower():
            rows[-1].append((line, cell))
        elif _ends_row(texts, cell, [text for _line, text in cells[position + 1 : position + 4]], header):
            rows.append([(line, cell)])
        else:
            rows[-1].append((line, cell))
    return rows


def rebuilt_lines(
    header_line: int, header: list[str], rows: list[list[tuple[int, str]]]
) -> list[tuple[int, str, bool, str | None]]:
    """(line, view, folded, note) for a table rebuilt from loose cells: the header and each placed row as a pipe
    row on its first line, the row's other lines folded into it. A row that cannot be placed keeps its lines as
    they are (not in the returned list)."""
    out: list[tuple[int, str, bool, str | None]] = [(header_line, _pipe_row(header), False, None)]
    for row in rows:
        placed = place_row([text for _line, text in row], header)
        if placed is None:
            continue
        cells, moved = placed
        out.append((row[0][0], _pipe_row(cells), False, REALIGNED if moved else None))
        out.extend((line, "", True, None) for line, _text in row[1:])
    return out


def refined_header(header: list[str], sub_header: list[str]) -> list[str] | None:
    """A header whose spanning cells are refined by a sub-header row ('Tenure' over 'Tenure begins', 'Tenure ends'):
    each spanning cell is replaced by the sub-header cells that start with its words; None when a sub-header cell
    refines no header cell."""
    refined: list[str] = []
    remaining = list(sub_header)
    for cell in header:
        words = header_words(cell)
        parts = [sub for sub in remaining if words and header_words(sub).startswith(words) and sub != cell]
        if parts:
            refined.extend(parts)
            remaining = [sub for sub in remaining if sub not in parts]
        else:
            refined.append(cell)
    return refined if not remaining else None


def all_column_names(cells: list[str]) -> bool:
    """True when every cell is a column name some table vocabulary knows (a header or sub-header row)."""
    return bool(cells) and all(header_role(cell) is not None for cell in cells)


LineChange = tuple[int, int, str, bool, str | None]  # doc, line, view, folded, note


def dump_bullets(lines: pl.DataFrame) -> pl.DataFrame:
    """`• ` bullets written as the dump's `- ` (indent kept), so a bulleted caption line (`• style="..."|Results of
    a poll`) reads as the dump's `- style="..."|...` caption, not as an item."""
    return lines.with_columns(pl.col("view").str.replace(r"^(\s*)•(\s)", "${1}-${2}"))


def lines_of(lines: pl.DataFrame, docs: pl.Series) -> dict[int, list[tuple[int, str]]]:
    """(line, view) of each of `docs`, in line order: one partition of the batch instead of a filter per document."""
    wanted = lines.filter(pl.col("doc").is_in(docs.implode())).select("doc", "line", "view")
    return {
        doc: part.select("line", "view").rows()
        for (doc,), part in wanted.partition_by("doc", as_dict=True, maintain_order=True).items()
    }


def apply_line_changes(lines: pl.DataFrame, changes: list[LineChange]) -> pl.DataFrame:
    """`lines` with the views of `changes` put in, their lines folded and noted as the changes say."""
    if not changes:
        return lines
    frame = pl.DataFrame(
        changes,
        schema={
            "doc": lines.schema["doc"],
            "line": pl.Int64,
            "_view": pl.String,
            "_folded": pl.Boolean,
            "_note": pl.String,
        },
        orient="row",
    )
    return (
        lines.join(frame, on=["doc", "line"], how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("_view", "view").alias("view"),
            (pl.col("folded") | pl.col("_folded").fill_null(False)).alias("folded"),
            pl.coalesce("_note", "note").alias("note"),
        )
        .drop("_view", "_folded", "_note")
    )


def is_cell_line(view: str) -> bool:
    """A line that can be one table cell: not blank, not an `[edit]` mark, a markup line or a pipe row."""
    stripped = view.strip()
    return bool(stripped) and "[edit]" not in stripped and not stripped.startswith("<") and "|" not in stripped


def line_header_tables(lines: pl.DataFrame) -> pl.DataFrame:
    """Tables written one cell per line under a header written one column name per line, rebuilt as pipe rows:
    the header on its first line (its other lines folded), each row placed under it by what its cells hold, so a
    row that dropped its empty cells (`Ann Example` ⏎ `1871–1872` ⏎ `Resident minister` under five names) still
    reads. A row that cannot be placed keeps its lines as they are."""
    header_lines = column_name_lines(lines)
    by_doc = lines_of(lines, header_lines["doc"].unique())
    starts = set(header_lines.select("doc", "line").iter_rows())
    changes: list[LineChange] = []
    for doc, doc_lines in by_doc.items():
        index = 0
        while index < len(doc_lines):
            if (doc, doc_lines[index][0]) not in starts:
                index += 1
                continue
            first = index
            while index < len(doc_lines) and (doc, doc_lines[index][0]) in starts:
                index += 1
            header = [view.strip() for _line, view in doc_lines[first:index]]
            cells: list[tuple[int, str]] = []
            while index < len(doc_lines) and is_cell_line(doc_lines[index][1]):
                cells.append((doc_lines[index][0], doc_lines[index][1].strip()))
                index += 1
            if not cells:
                continue
            changes.extend((doc, line, "", True, None) for line, _view in doc_lines[first + 1 : index - len(cells)])
            rows = cell_line_rows(cells, header)
            changes.extend((doc, *entry) for entry in rebuilt_lines(doc_lines[first][0], header, rows))
    return apply_line_changes(lines, changes)
