"""Parse a decoded encyclopedia dump into a title, a section tree and blocks, keeping every line's place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

# Line kinds, in the order the classifier tries them.
BLANK = "blank"
HEADING = "heading"
TABLE_ROW = "table_row"
CAPTION = "caption"
RESIDUE = "residue"
NUMBERED = "numbered"
BULLETED = "bulleted"
INDENTED = "indented"
PARAGRAPH = "paragraph"
TITLE = "title"

ITEM_KINDS = (NUMBERED, BULLETED, INDENTED)

_HEADING = r"^\s*=+[^=]"
_TABLE_ROW = r"^\s*\|"
# `- style="background:#f99;" colspan="2"|Results of 2017 BBC World Service poll`
_CAPTION = r'^\s*[-!]?\s*(?:[\w-]+\s*=\s*"[^"]*"\s*)+\|'
# A line that is markup and nothing else: `<div style=...>`, `</div>`, `**`, `{|`, `|}`.
_RESIDUE = r"^\s*(?:</?[A-Za-z][^>]*>\s*)+$|^\s*(?:\*\*|\{\||\|\}|''+)\s*$"
_NUMBERED = r"^\s*\d{1,4}\.(?:\s|$)"
_BULLETED = r"^\s*[-*•#]\s"
_INDENTED = r"^[ \t]+\S"

_CAPTION_TEXT = re.compile(r"\|(?P<text>[^|]*)$")
# Only the line's head is matched by a regex; the text is the rest, stripped in Python. A lazy `(.*?)\s*$` would
# backtrack over every whitespace run and take minutes on one long line.
_NUMBERED_HEAD = re.compile(r"(?P<indent>\s*)(?P<number>\d{1,4})\.")
_BULLETED_HEAD = re.compile(r"(?P<indent>\s*)[-*•#]\s")
# `[^<>]`, not `[^>]`: a run of `<` without `>` must not make every `<` scan to the end of the line (quadratic).
_MARKUP = re.compile(r"<[^<>]*>|\*\*|'{2,}")
_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")  # runs, or one whitespace that is not a space (`\s` = str.isspace)
_FOLD_BY_SPLIT_MAX = 4096
# Content of <script> and <style> is never text a reader sees; unrolled loop, linear on long lines.
_INVISIBLE_ELEMENT = re.compile(r"<(script|style)\b[^>]*>[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>", re.IGNORECASE)
_TITLE_LIKE = re.compile(r"^[^.!?|<>=]{1,100}$")

_MAX_TITLE_WORDS = 12


def _kind_expression() -> pl.Expr:
    text = pl.col("text")
    return (
        pl.when(text.str.strip_chars() == "")
        .then(pl.lit(BLANK))
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


@dataclass(frozen=True)
class Section:
    """A heading and where it sits: level is the number of `=`, parent the enclosing section's index."""

    index: int
    level: int
    title: str
    line: int
    parent: int | None
    terminated: bool


@dataclass(frozen=True)
class TableRow:
    """One pipe-table row: trimmed cells, its 1-based line, and whether its width differs from the header."""

    line: int
    cells: tuple[str, ...]
    ragged: bool
    text: str


@dataclass(frozen=True)
class Table:
    """A pipe table: header row, data rows and the caption (wiki-markup leftover) that introduced it."""

    header: tuple[str, ...]
    header_line: int
    rows: tuple[TableRow, ...]
    section: int | None
    caption: str | None = None
    caption_line: int | None = None


@dataclass(frozen=True)
class ListItem:
    """An entry of a numbered, bulleted or indented list, with its list's index and nesting depth."""

    line: int
    kind: str
    number: int | None
    text: str
    depth: int
    list_index: int
    section: int | None
    raw: str


@dataclass(frozen=True)
class Block:
    """A run of lines of one kind; every input line belongs to exactly one block."""

    kind: str
    start_line: int
    end_line: int
    section: int | None


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the parser read off one document, with file and line provenance."""

    source_file: str
    title: str | None
    title_line: int | None
    line_count: int
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...]
    items: tuple[ListItem, ...]
    paragraphs: tuple[tuple[int, str], ...]
    residue_lines: tuple[int, ...]
    lines: tuple[str, ...] = field(repr=False)

    def section_path(self, section: int | None) -> tuple[str, ...]:
        """Titles from the outermost heading down to `section`."""
        path: list[str] = []
        while section is not None:
            path.append(self.sections[section].title)
            section = self.sections[section].parent
        return tuple(reversed(path))

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, or '' when out of range."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""


def split_lines(text: str) -> list[str]:
    """Split on LF only (so line numbers match an editor's), dropping a CR before it and a final empty line."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def classify_lines(lines: list[str]) -> list[str]:
    """The kind of each line, decided by polars string expressions over the whole document at once."""
    if not lines:
        return []
    frame = pl.DataFrame({"text": lines}, schema={"text": pl.String}).select(_KIND)
    return frame["kind"].to_list()


def split_cells(line: str) -> tuple[str, ...]:
    """Cells of a pipe-table line, trimmed; the outer pipes are delimiters, not empty cells."""
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return tuple(cell.strip() for cell in inner.split("|"))


def strip_markup(text: str) -> str:
    """Text with script/style elements, inline HTML tags, bold/italic quote runs and `**` removed, whitespace folded."""
    stripped = _MARKUP.sub(" ", _INVISIBLE_ELEMENT.sub(" ", text) if "<" in text else text)
    if len(stripped) > _FOLD_BY_SPLIT_MAX:
        # split() would make one object per word: hundreds of MB for a 20 MB line. Same result, one string.
        return _WHITESPACE_RUN.sub(" ", stripped).strip()
    return " ".join(stripped.split())


def _heading_parts(line: str) -> tuple[int, str, bool]:
    """(level, text, terminated) of a heading line: the leading `=` run, the text, whether `=` closes it.

    Plain string operations rather than a regex, so a heading of megabytes with whitespace runs stays linear.
    """
    stripped = line.strip()
    inner = stripped.lstrip("=")
    body = inner.rstrip("=")
    return len(stripped) - len(inner), body.strip(), len(body) < len(inner)


def _reads_as_title(line: str) -> bool:
    candidate = line.strip()
    return bool(_TITLE_LIKE.match(candidate)) and len(candidate.split()) <= _MAX_TITLE_WORDS


def _document_lines(text: str) -> list[str]:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot come from decoded bytes, only from callers; keep them visible as escapes.
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return split_lines(text)


def parse_documents(documents: Sequence[tuple[str, str]]) -> list[ParsedDocument]:
    """Parse (text, source_file) pairs, classifying all their lines in one polars pass (its overhead paid once)."""
    all_lines = [_document_lines(text) for text, _source_file in documents]
    kinds = classify_lines([line for lines in all_lines for line in lines])
    parsed: list[ParsedDocument] = []
    offset = 0
    for lines, (_text, source_file) in zip(all_lines, documents, strict=True):
        parsed.append(_assemble(lines, kinds[offset : offset + len(lines)], source_file))
        offset += len(lines)
    return parsed


def parse_document(text: str, source_file: str) -> ParsedDocument:
    """Parse decoded text; never raises on any string and assigns every line to exactly one block."""
    return parse_documents([(text, source_file)])[0]


def _assemble(lines: list[str], kinds: list[str], source_file: str) -> ParsedDocument:
    """Title, sections and blocks of one document from its lines and their kinds."""

    title: str | None = None
    title_line: int | None = None
    first_content = next((i for i, kind in enumerate(kinds) if kind != BLANK), None)
    if first_content is not None and kinds[first_content] == PARAGRAPH and _reads_as_title(lines[first_content]):
        kinds[first_content] = TITLE
        title, title_line = lines[first_content].strip(), first_content + 1

    sections: list[Section] = []
    blocks: list[Block] = []
    tables: list[Table] = []
    items: list[ListItem] = []
    paragraphs: list[tuple[int, str]] = []
    residue_lines: list[int] = []

    current: int | None = None  # index of the innermost open section
    pending_caption: tuple[str, int] | None = None
    list_index = -1
    previous_kind = ""

    i = 0
    while i < len(lines):
        kind = kinds[i]
        line_no = i + 1
        if kind == HEADING:
            level, raw_heading, terminated = _heading_parts(lines[i])
            heading_text = strip_markup(raw_heading)
            if level == 1 and title is None:
                title, title_line = heading_text, line_no
                blocks.append(Block(TITLE, line_no, line_no, None))
                current = None
            else:
                parent = current
                while parent is not None and sections[parent].level >= level:
                    parent = sections[parent].parent
                current = len(sections)
                sections.append(Section(current, level, heading_text, line_no, parent, terminated=terminated))
                blocks.append(Block(HEADING, line_no, line_no, current))
            pending_caption = None
            i += 1
        elif kind == TABLE_ROW:
            end = i
            while end + 1 < len(lines) and kinds[end + 1] == TABLE_ROW:
                end += 1
            header = split_cells(lines[i])
            rows = []
            for j in range(i + 1, end + 1):
                cells = split_cells(lines[j])
                rows.append(TableRow(j + 1, cells, len(cells) != len(header), lines[j]))
            caption, caption_line = pending_caption if pending_caption else (None, None)
            tables.append(Table(header, line_no, tuple(rows), current, caption, caption_line))
            blocks.append(Block("table", line_no, end + 1, current))
            pending_caption = None
            i = end + 1
        elif kind == CAPTION:
            # The caption's own text plus the free lines under it, up to a blank line or the table.
            end = i
            while end + 1 < len(lines) and kinds[end + 1] in (PARAGRAPH, RESIDUE):
                end += 1
            found = _CAPTION_TEXT.search(lines[i])
            parts = [found.group("text") if found else lines[i], *lines[i + 1 : end + 1]]
            pending_caption = (strip_markup(" ".join(parts)), line_no)
            blocks.append(Block(CAPTION, line_no, end + 1, current))
            i = end + 1
        elif kind in ITEM_KINDS and (
            item := _list_item(lines[i], kind, line_no, list_index + (previous_kind not in ITEM_KINDS), current)
        ):
            list_index = item.list_index
            items.append(item)
            blocks.append(Block(kind, line_no, line_no, current))
            i += 1
        elif kind == BLANK:
            end = i
            while end + 1 < len(lines) and kinds[end + 1] == BLANK:
                end += 1
            blocks.append(Block(BLANK, line_no, end + 1, current))
            i = end + 1
            # A blank line does not end a list: numbered lists often sit one item per paragraph.
            continue
        else:
            if kind in ITEM_KINDS:
                # The classifier's regex engine knows a digit Python's does not (a newer Unicode): read it as prose.
                kind = PARAGRAPH
            if kind == RESIDUE:
                residue_lines.append(line_no)
            elif kind == PARAGRAPH:
                paragraphs.append((line_no, lines[i]))
                pending_caption = None
            blocks.append(Block(kind, line_no, line_no, current))
            i += 1
        previous_kind = kind

    return ParsedDocument(
        source_file=source_file,
        title=title,
        title_line=title_line,
        line_count=len(lines),
        sections=tuple(sections),
        blocks=tuple(blocks),
        tables=tuple(tables),
        items=tuple(items),
        paragraphs=tuple(paragraphs),
        residue_lines=tuple(residue_lines),
        lines=tuple(lines),
    )


def _list_item(line: str, kind: str, line_no: int, list_index: int, section: int | None) -> ListItem | None:
    """The list item of a classified line, or None when its marker does not read as one after all."""
    if kind == NUMBERED:
        match = _NUMBERED_HEAD.match(line)
        if match is None:
            return None
        indent, text = match.group("indent"), line[match.end() :].strip()
        try:
            number: int | None = int(match.group("number"))
        except ValueError:
            return None
    elif kind == BULLETED:
        match = _BULLETED_HEAD.match(line)
        if match is None:
            return None
        indent, number, text = match.group("indent"), None, line[match.end() :].strip()
    else:
        stripped = line.lstrip()
        indent, number, text = line[: len(line) - len(stripped)], None, stripped.rstrip()
    depth = len(indent.expandtabs(2)) // 2
    return ListItem(line_no, kind, number, text, depth, list_index, section, line)
