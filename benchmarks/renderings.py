"""Rewrite a dump-format document into the other renderings users meet (old HTML text, markdown mirrors, mobile).

Every rendering keeps every fact of the dump (names, dates, countries, numbers) and changes layout only: page
chrome, heading decoration, list markers, table layout. The traits come from real pages read in the `pages`
search corpus (first ~2 KB of each), not from any reader or normaliser of this repository. The page each trait
was modelled on:

html_text (older Wikipedia HTML saved as text; old en.wikipedia, ipfs/kiwix snapshots, encycloreader, movatter):
- title as a bare first line, no `= ... =`; "From Wikipedia, the free encyclopedia" and "Jump to navigation Jump to
  search" / "Jump to: navigation, search" / "Jump to content" chrome:
  http://wikien4.appspot.com/wiki/Japan%E2%80%93United_States_relations,
  http://en.wikipedia.org/wiki/Foreign_relations_of_the_United_States (old),
  http://en.wikipedia.org/wiki/Lithuania%e2%80%93Romania_relations (old),
  https://wiki.sarg.dev/index.php/List_of_ambassadors_of_the_United_Kingdom_to_Japan,
  https://hessslslslsls.azureedge.net/wiki/Japanese_Wikipedia
- headings as bare lines followed by a line `[edit]` (movatter Foreign_relations_of_Lithuania, encycloreader
  List_of_ambassadors_of_the_United_States_to_Japan, azureedge Jawiki) or ending in `[edit]`;
  "view · talk · edit" series-box chrome: https://enacademic.com/dic.nsf/enwiki/9347/Foreign_relations_of_Japan
- "Contents" box with numbered section names: http://en.wikipedia.org/wiki/Foreign_relations_of_Lithuania (old)
- list items without bullets, or with `  • `: http://cryer.org.uk/List_of_ambassadors_of_Japan_to_the_United_States
  (heading lines with their list lost), old en.wikipedia Lithuania–Romania (`  • ` items)
- tables whose cells are separated by tabs or runs of spaces, empty cells gone, citation markers glued to the
  name (`Sir Harry Parkes[4] 1865 1883`):
  https://bafybeiaysi4s6lnjev27ln5icwm6tueaw2vdykrtjkwiphwekaywqhcjze.ipfs.dweb.link/wiki/List_of_ambassadors_of_the_United_Kingdom_to_Japan,
  https://encycloreader.org/r/wikipedia.php?q=List_of_ambassadors_of_the_United_States_to_Japan,
  https://micronations.wiki/wiki/Foreign_relations_of_Faltree (`Country Formal relations Notes` over
  space-separated rows), http://maps.thefullwiki.org/Foreign_relations_of_the_United_States
- term first and name last (`März 1932 - August 1932 Name`):
  https://perceptiocs.com/Посол_Японской_империи_в_Маньчжоу-го
- infobox as label/value lines: https://encycloreader.org/r/wikipedia.php?q=List_of_ambassadors_of_the_United_States_to_Japan
- trailing chrome ("Retrieved from ..."): old en.wikipedia renderings.

mirror_markdown (wikimili, wikizero, wikiwand, liquisearch, cryer "explained"):
- title line, optionally "... explained" (http://cryer.org.uk/List_of_ambassadors_of_Japan_to_the_United_States),
  "From Wikipedia the free encyclopedia" (https://wikizero.com/en/List_of_Ambassadors_of_the_United_Kingdom_to_Japan),
  "- Source: Title" chrome (named in issue 17 as seen on real mirrors).
- headings bare or `#`-style; the line after a heading glued to `[edit]`/`edit`, including a table header's first
  cell (`[edit]Head of mission | Tenure begins |`): https://wikizero.com/en/List_of_Ambassadors_of_the_United_Kingdom_to_Japan
- tables as `a | b |` rows with a `---|---|` rule after the header, empty trailing cells collapsed to `||`,
  citation markers spaced (`Sir Rutherford Alcock [3] | 1859 | 1865 | ||`):
  https://wikimili.com/en/List_of_ambassadors_of_the_United_Kingdom_to_Japan,
  https://liquisearch.com/united_states_ambassador_to_japan/list_of_chiefs_of_mission,
  https://wikiwand.com/en/Foreign_relations_of_Japan
- an image column in the header whose cells are missing in the rows, so later cells shift one column left
  (issue 17's `editName | Portrait | Term begin | Term end |` over `Ann Example | May 1872 | 1874 | Notes |`).
- infobox as a two-column markdown table (`Style | Her Excellency |`): wikimili, wikizero (as above),
  https://simple.wikipedia.org/wiki/List_of_ambassadors_of_the_United_States_to_Japan
- bullets kept as `- `.

mobile (en.m. renderings and mobile-first mirrors):
- a bare `edit` line after each heading, or `edit` glued to the paragraph that follows
  (`History` / `editDiplomatic relations between ...`): https://en.m.wiki.x.io/wiki/List_of_ambassadors_of_Sweden_to_Japan,
  http://he.m.wikipedia.org/wiki/יחסי_יפן–נורווגיה (heading + "edit" word), https://qpawn.fandom.com/index.php?title=2009_Japan
  (`Diplomatic RelationsEdit`)
- `• ` bullets: https://jmh.usembassy.gov/20220124183290/ (mobile list rendering), old en.wikipedia Lithuania–Romania
- tables with one cell per line, empty cells gone: https://profilpelajar.com/en/List_of_ambassadors_of_Sweden_to_Japan
- a header of glued cell names (`Name (English)Name (Chinese)Tenure beginsTenure endsNote`):
  https://kiwix.casplantje.nl/wikipedia_en_all_maxi_2020-06/A/List_of_ambassadors_of_China_to_Japan,
  https://owiki.org/wiki/American_foreign_relations (`CountryFormal relations beganNotes`)
- numbers glued to signs (`3-53` for the cells 3 and -53): issue 17 (mobile poll tables), the poll table of
  https://wikiwand.com/en/Foreign_relations_of_Japan (cells `3 | -53`).

Usage: python benchmarks/renderings.py CORPUS_DIR OUT_DIR [--rendering NAME ...] [--seed N]
writes OUT_DIR/<rendering>/<file> for every dump-format document of CORPUS_DIR.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RENDERINGS: tuple[str, ...] = ("html_text", "mirror_markdown", "mobile")

_TITLE = re.compile(r"^=\s*(?P<text>[^=].*?)\s*=\s*$")
_HEADING = re.compile(r"^(?P<marks>={2,})\s*(?P<text>.*?)\s*=+\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(?P<text>.*)$")
_NUMBERED = re.compile(r"^\s*(?P<mark>\d+\.|#)\s+(?P<text>.*)$")
_INFOBOX_ENTRY = re.compile(r"^\s*-\s+(?P<key>[^:]+):\s*(?P<value>.*)$")
_NAME_HEADER = re.compile(r"name|head of mission|incumbent|ambassador|envoy|representative", re.IGNORECASE)
_NUMBER_CELL = re.compile(r"^[+\-−]?\d+(?:[.,]\d+)?%?$")
_SIGNED_CELL = re.compile(r"^[+\-−]\d")


@dataclass
class Block:
    """One unit of a dump document: its kind and its lines (cells for a table, key/value for an infobox)."""

    kind: str  # title, heading, paragraph, bullets, numbered, table, infobox, blank
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    level: int = 0


def is_dump(text: str) -> bool:
    """A dump-format document opens with a `= Title =` line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return _TITLE.match(first) is not None


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def parse_dump(text: str) -> list[Block]:
    """Blocks of a dump document in order; raises ValueError when the text is not in the dump format."""
    if not is_dump(text):
        raise ValueError("not a dump-format document: its first line is not '= Title ='")
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        if not stripped:
            blocks.append(Block("blank"))
        elif not blocks and _TITLE.match(stripped):
            blocks.append(Block("title", [_TITLE.match(stripped).group("text")]))  # type: ignore[union-attr]
        elif heading:
            blocks.append(Block("heading", [heading.group("text")], level=len(heading.group("marks"))))
        elif stripped == "Infobox":
            entries: list[list[str]] = []
            while index + 1 < len(lines) and (entry := _INFOBOX_ENTRY.match(lines[index + 1])):
                entries.append([entry.group("key").strip(), entry.group("value").strip()])
                index += 1
            blocks.append(Block("infobox", rows=entries))
        elif stripped.startswith("|"):
            rows = [_cells(stripped)]
            while index + 1 < len(lines) and lines[index + 1].strip().startswith("|"):
                index += 1
                rows.append(_cells(lines[index]))
            blocks.append(Block("table", rows=rows))
        elif _BULLET.match(line) or _NUMBERED.match(line):
            kind = "bullets" if _BULLET.match(line) else "numbered"
            pattern = _BULLET if kind == "bullets" else _NUMBERED
            items = [line]
            while index + 1 < len(lines) and pattern.match(lines[index + 1]):
                index += 1
                items.append(lines[index])
            blocks.append(Block(kind, items))
        else:
            blocks.append(Block("paragraph", [line]))
        index += 1
    return blocks


def _item_text(line: str) -> str:
    match = _BULLET.match(line) or _NUMBERED.match(line)
    return match.group("text") if match else line.strip()


def _name_column(header: list[str]) -> int | None:
    return next((i for i, cell in enumerate(header) if _NAME_HEADER.search(cell)), None)


def _is_wide(rows: list[list[str]]) -> bool:
    return len(rows) >= 2 and len(rows[0]) >= 3


class _Citations:
    """Numbers citation markers in order of appearance, as a page's reference list does."""

    def __init__(self, text: str) -> None:
        found = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
        self.next = max(found, default=0) + 1

    def marker(self) -> str:
        self.next += 1
        return f"[{self.next - 1}]"


# --- html_text -------------------------------------------------------------------------------------------------


def _html_table(rows: list[list[str]], rng: random.Random, cites: _Citations) -> list[str]:
    header = rows[0]
    order = list(range(len(header)))
    name_col = _name_column(header)
    if name_col is not None and name_col != len(header) - 1 and _is_wide(rows) and rng.random() < 0.3:
        order = [i for i in order if i != name_col] + [name_col]  # term first, name last
    separator = rng.choice(["\t", "  ", "   "])
    out = []
    for number, row in enumerate(rows):
        cells = [row[i] if i < len(row) else "" for i in order]
        if number and name_col is not None and cells[order.index(name_col)] and rng.random() < 0.3:
            position = order.index(name_col)
            cells[position] = cells[position] + cites.marker()
        if separator != "\t":
            cells = [cell for cell in cells if cell]  # runs of spaces cannot show an empty cell
        out.append(separator.join(cells).rstrip())
    return out


def render_html_text(blocks: list[Block], rng: random.Random, cites: _Citations) -> list[str]:
    title = blocks[0].lines[0]
    chrome = rng.choice(["navigation", "colon", "content"])
    out = ["Jump to content", title] if chrome == "content" else [title]
    out.append("From Wikipedia, the free encyclopedia")
    if chrome != "content":
        out.append("Jump to navigation Jump to search" if chrome == "navigation" else "Jump to: navigation, search")
    if rng.random() < 0.5:
        out.extend(["This article is part of a series on the", "politics and government of", "view · talk · edit"])
    headings = [b.lines[0] for b in blocks if b.kind == "heading"]
    edit_style = rng.choice(["line", "suffix"])
    bullet_style = rng.choice(["", "  • "])
    contents_done = not (headings and rng.random() < 0.5)
    for block in blocks[1:]:
        if block.kind == "heading" and not contents_done:
            out.extend(["Contents", *[f"{n} {h}" for n, h in enumerate(headings, start=1)], ""])
            contents_done = True
        if block.kind == "heading":
            text = block.lines[0]
            out.extend([text, "[edit]"] if edit_style == "line" else [f"{text}[edit]"])
        elif block.kind == "paragraph":
            line = block.lines[0]
            if line.rstrip().endswith(".") and rng.random() < 0.3:
                line = line.rstrip() + cites.marker()
            out.append(line)
        elif block.kind == "bullets":
            out.extend(bullet_style + _item_text(line) for line in block.lines)
        elif block.kind == "numbered":  # an ordered list keeps its numbers in text (academic.ru's `# `, lynx's `1.`)
            out.extend(f"{n}. {_item_text(line)}" for n, line in enumerate(block.lines, start=1))
        elif block.kind == "table":
            out.extend(_html_table(block.rows, rng, cites))
        elif block.kind == "infobox":
            out.extend(f"{key}\t{value}" if value else key for key, value in block.rows)
        else:
            out.append("")
    out.extend(["", f'Retrieved from "https://en.wikipedia.org/w/index.php?title={title.replace(" ", "_")}"'])
    return out


# --- mirror_markdown -------------------------------------------------------------------------------------------


def _markdown_row(cells: list[str]) -> str:
    while len(cells) > 1 and not cells[-1] and not cells[-2]:
        cells = cells[:-1]  # wikimili collapses empty trailing cells into `||`
    return " | ".join(cells) + " |"


def _mirror_table(rows: list[list[str]], rng: random.Random) -> list[str]:
    header = list(rows[0])
    name_col = _name_column(header)
    shifted = name_col is not None and _is_wide(rows) and rng.random() < 0.5
    if shifted and name_col is not None:
        header.insert(name_col + 1, rng.choice(["Portrait", "Image"]))  # its cells are missing from every row
    out = [_markdown_row(header), "|".join("---" for _ in header) + "|"]
    for row in rows[1:]:
        cells = [re.sub(r"(\S)\[(\d+)\]", r"\1 [\2]", cell) for cell in row]
        out.append(_markdown_row(cells))
    return out


def render_mirror_markdown(blocks: list[Block], rng: random.Random, cites: _Citations) -> list[str]:
    title = blocks[0].lines[0]
    chrome = rng.choice(["explained", "wikizero", "source"])
    out = [f"{title} explained" if chrome == "explained" else title]
    if chrome == "wikizero":
        out.append("From Wikipedia the free encyclopedia")
    hashes = rng.random() < 0.5
    glue = rng.choice(["[edit]", "edit"])
    pending_edit = False
    for block in blocks[1:]:
        lines: list[str]
        if block.kind == "heading":
            text = f"{'#' * block.level} {block.lines[0]}" if hashes else block.lines[0]
            out.append(glue + text if pending_edit else text)  # wikizero: `[edit]Envoys Extraordinary ...`
            pending_edit = not hashes
            continue
        if block.kind == "paragraph":
            lines = [re.sub(r"(\S)\[(\d+)\]", r"\1 [\2]", block.lines[0])]
        elif block.kind == "bullets":
            lines = [f"- {_item_text(line)}" for line in block.lines]
        elif block.kind == "numbered":
            lines = [f"{n}. {_item_text(line)}" for n, line in enumerate(block.lines, start=1)]
        elif block.kind == "table":
            lines = _mirror_table(block.rows, rng)
        elif block.kind == "infobox":
            lines = [f"{title} | |", "---|---|", *[f"{key} | {value} |" for key, value in block.rows]]
        else:
            out.append("")
            continue
        if pending_edit:
            lines[0] = glue + lines[0]
            pending_edit = False
        out.extend(lines)
    if chrome == "source":
        out.extend(["", f"- Source: {title}"])
    return out


# --- mobile ----------------------------------------------------------------------------------------------------


def _mobile_table(rows: list[list[str]]) -> list[str]:
    header = ""
    for cell in rows[0]:
        # glued names, except where two numbers would merge into one (`2017` `2018` must not read `20172018`)
        header += " " + cell if header[-1:].isdigit() and cell[:1].isdigit() else cell
    out = [header]
    for row in rows[1:]:
        cells = [cell for cell in row if cell]
        merged: list[str] = []
        for cell in cells:
            if merged and _NUMBER_CELL.match(merged[-1]) and _SIGNED_CELL.match(cell) and _NUMBER_CELL.match(cell):
                merged[-1] += cell  # `3` then `-53` reads `3-53`
            else:
                merged.append(cell)
        out.extend(merged)
    return out


def render_mobile(blocks: list[Block], rng: random.Random, cites: _Citations) -> list[str]:
    title = blocks[0].lines[0]
    out = [title]
    glue_edit = rng.random() < 0.3
    pending_edit = False
    for block in blocks[1:]:
        lines: list[str]
        if block.kind == "heading":
            out.extend(["edit", block.lines[0]] if pending_edit else [block.lines[0]])
            pending_edit = True
            continue
        if block.kind == "blank":
            out.append("")
            continue
        if block.kind == "paragraph":
            lines = [block.lines[0]]
        elif block.kind == "bullets":
            lines = [f"• {_item_text(line)}" for line in block.lines]
        elif block.kind == "numbered":
            lines = [f"{n}. {_item_text(line)}" for n, line in enumerate(block.lines, start=1)]
        elif block.kind == "table":
            lines = _mobile_table(block.rows)
        else:
            lines = [f"{title} | |", "---|---|", *[f"{key} | {value} |" for key, value in block.rows]]
        if pending_edit:
            # wiki.x.io glues `edit` to the paragraph under a heading; a list or table keeps it on its own line
            if glue_edit and block.kind == "paragraph":
                lines[0] = "edit" + lines[0]
            else:
                lines.insert(0, "edit")
            pending_edit = False
        out.extend(lines)
    return out


_RENDERERS: dict[str, Callable[[list[Block], random.Random, _Citations], list[str]]] = {
    "html_text": render_html_text,
    "mirror_markdown": render_mirror_markdown,
    "mobile": render_mobile,
}


def render(text: str, rendering: str, seed: int) -> str:
    """`text` (a dump-format document) in `rendering`; the same text, rendering and seed give the same output."""
    if rendering not in _RENDERERS:
        raise ValueError(f"unknown rendering {rendering!r}; known: {', '.join(RENDERINGS)}")
    blocks = parse_dump(text)
    rng = random.Random(f"{rendering}:{seed}:{blocks[0].lines[0]}")
    lines = _RENDERERS[rendering](blocks, rng, _Citations(text))
    return "\n".join(_collapse_blank_runs(lines)).strip("\n") + "\n"


def _collapse_blank_runs(lines: list[str]) -> Iterator[str]:
    previous_blank = False
    for line in lines:
        blank = not line.strip()
        if not (blank and previous_blank):
            yield line
        previous_blank = blank


def render_corpus(corpus: Path, out: Path, renderings: tuple[str, ...], seed: int) -> dict[str, list[str]]:
    """Write out/<rendering>/<relative path> for every dump document of `corpus`; returns the files per rendering."""
    written: dict[str, list[str]] = {name: [] for name in renderings}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        if not is_dump(text):
            continue
        relative = path.relative_to(corpus)
        for rendering in renderings:
            target = out / rendering / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(text, rendering, seed), encoding="utf-8")
            written[rendering].append(relative.as_posix())
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Write rendered copies of the dump documents of a corpus.")
    parser.add_argument("corpus", type=Path, help="directory of dump-format documents")
    parser.add_argument("out", type=Path, help="output directory (one sub-directory per rendering)")
    parser.add_argument("--rendering", action="append", choices=RENDERINGS, help="rendering(s) to write (all)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    renderings = tuple(args.rendering or RENDERINGS)
    written = render_corpus(args.corpus, args.out, renderings, args.seed)
    for rendering, files in written.items():
        print(f"{rendering}: {len(files)} documents -> {args.out / rendering}")


if __name__ == "__main__":
    main()
