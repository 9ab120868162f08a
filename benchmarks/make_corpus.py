"""Seeded synthetic corpus of a given size, made by varying the raw documents so no two files are the same bytes."""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Sequence
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "raw"
FILES_PER_FOLDER = 1000

_TITLE = re.compile(r"^= (?P<title>.+?) =$", re.MULTILINE)
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2}) (?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December) (?P<year>\d{4})\b"
)
_TABLE_BLOCK = re.compile(r"(?m)^(\|[^\n]*\n)(?:\|[^\n]*\n)+")
_MARKUP = (
    '<div style="font-size: 90%">',
    "</div>",
    "'''",
    "<ref>cited source</ref>",
    '<span class="flagicon"></span>',
)
_TITLE_DECORATIONS = (" ({n})", " – revision {n}", " (overview {n})", ", part {n}")


def _vary_title(text: str, rng: random.Random, n: int) -> str:
    decoration = rng.choice(_TITLE_DECORATIONS).format(n=n)
    return _TITLE.sub(lambda m: f"= {m.group('title')}{decoration} =", text, count=1)


def _vary_dates(text: str, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return text
    if style == 1:  # "3 February 1898" -> "February 3, 1898"
        return _DAY_MONTH_YEAR.sub(lambda m: f"{m['month']} {m['day']}, {m['year']}", text)
    return _DAY_MONTH_YEAR.sub(lambda m: f"{m['day']} {m['month'][:3]}. {m['year']}", text)


def _shuffle_tables(text: str, rng: random.Random) -> str:
    def shuffle(match: re.Match[str]) -> str:
        header, *rows = match.group(0).splitlines(keepends=True)
        rng.shuffle(rows)
        return header + "".join(rows)

    return _TABLE_BLOCK.sub(shuffle, text)


def _blank_cells(text: str, rng: random.Random, share: float) -> str:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 3 and rng.random() < share:
            cells[2] = " "
            lines[index] = "|".join(cells)
    return "\n".join(lines)


def _stray_markup(text: str, rng: random.Random, count: int) -> str:
    lines = text.split("\n")
    for _ in range(count):
        position = rng.randrange(len(lines) + 1)
        lines.insert(position, rng.choice(_MARKUP))
    return "\n".join(lines)


def vary(text: str, rng: random.Random, n: int) -> str:
    """One variant of a document: decorated title, row order, date style, blanked cells, stray markup, a stamp."""
    text = _vary_title(text, rng, n)
    text = _vary_dates(text, rng)
    text = _shuffle_tables(text, rng)
    text = _blank_cells(text, rng, share=rng.choice((0.0, 0.02, 0.1)))
    text = _stray_markup(text, rng, count=rng.randrange(3))
    # A closing line unique to the variant, so no two files are the same bytes.
    return f"{text.rstrip()}\n\nRevision {n} of this article.\n"


def generate(out_dir: Path, megabytes: float, seed: int, sources: Sequence[Path]) -> tuple[int, int]:
    """Write variants of `sources` under `out_dir` until `megabytes` are written; returns (files, bytes)."""
    rng = random.Random(seed)
    templates = [path.read_text(encoding="utf-8") for path in sources]
    target = int(megabytes * 1_000_000)
    written = files = 0
    while written < target:
        template = templates[files % len(templates)] if files < len(templates) else rng.choice(templates)
        content = vary(template, rng, files).encode("utf-8")
        folder = out_dir / f"{files // FILES_PER_FOLDER:04d}"
        if files % FILES_PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc_{files:07d}.txt").write_bytes(content)
        written += len(content)
        files += 1
    return files, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="folder to create the corpus in (must be empty or absent)")
    parser.add_argument("--mb", type=float, default=100.0, help="size in MB (default %(default)s)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default %(default)s)")
    parser.add_argument(
        "--source", type=Path, action="append", help="folder of template documents (default: raw/; repeatable)"
    )
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    sources = sorted(p for folder in (args.source or [RAW]) for p in folder.iterdir() if p.is_file())
    files, written = generate(args.out, args.mb, args.seed, sources)
    print(f"{args.out}: {files} documents, {written / 1e6:.1f} MB (seed {args.seed})")


if __name__ == "__main__":
    main()
