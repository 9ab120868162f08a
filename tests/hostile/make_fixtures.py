"""Generate the hostile raw folder: every malformed, huge, oddly named or linked input the pipeline must survive.

Large files are generated here, never committed. Use it from a test (``make_hostile_folder(tmp_path)``) or from a
shell (``python tests/hostile/make_fixtures.py DIR [--small]``), which writes ``DIR/raw`` (the raw root) and
``DIR/outside`` (the target of the links that leave the raw root; it holds ``OUTSIDE_MARKER``).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Text that exists only outside the raw root: it must reach no output of a run.
OUTSIDE_MARKER = "QX7-OUTSIDE-ROOT-MARKER-91f0c2"
IMG = "<img src=x onerror=alert(1)>"
IMG_PREFIX = "<img src=x onerror"

# Every hostile case the folder holds, in the order they are planted.
CASES = (
    "clean",
    "empty",
    "nul_bytes",
    "random_bytes",
    "latin1",
    "cp1252",
    "utf16",
    "invalid_utf8_middle",
    "bom_crlf",
    "huge_line",
    "huge_cell",
    "ragged",
    "header_only",
    "big_table",
    "unterminated_headings",
    "markup",
    "odd_names",
    "directory_named_txt",
    "symlink_outside",
    "symlink_inside",
    "symlink_broken",
    "symlink_loop",
    "special_file",
)

HUGE_LINE_BYTES = 20 * 1024 * 1024
HUGE_CELL_BYTES = 1024 * 1024
BIG_TABLE_ROWS = 100_000

CLEAN = """\
= Japan–Testland relations =

Japan–Testland relations began in the 1950s. Japan has an embassy in Tokyo.

== History ==
Relations were established on 3 August 1952 and have been cordial ever since.

== Bilateral relations ==
=== Asia ===
| Country | Formal relations began | Notes |
| China | 29 September 1972 | See China–Japan relations |
| India | 28 April 1952 | See India–Japan relations |
| | 1905–11 | See Japan–Mexico relations |

=== Europe ===
| Country | Formal relations began | Notes |
| Latvia | Recognized de jure 1921; re-established 6 October 1991 | See Japan–Latvia relations |
| Georgia | 3 August 1992 | See Georgia–Japan relations |

== Diplomatic mission ==
=== Japanese Ambassadors to Georgia ===
1. Sumio Edamura (in Moscow, 1992–1994)
2. Koji Watanabe (in Moscow, 1994–1996)
3. (2013-2017)

== Resident diplomatic missions ==
- Georgia has an embassy in Tokyo.
- Japan has an embassy in Tbilisi.

== See also ==
- Foreign relations of Japan
"""

# Prose that reads like a real article, repeated to make the 20 MB single line.
PROSE = (
    "Relations between the two countries were established in 1952 and have grown steadily since then, with trade, "
    "aid and cultural exchange; the embassy opened in the capital in September 1976 and a consulate followed. "
)


@dataclass
class HostileFolder:
    """Where the hostile raw root is, the outside directory the escaping links point at, and each case's files."""

    raw: Path
    outside: Path
    marker: str = OUTSIDE_MARKER
    # case name -> the source_file values (relative to raw, as reports show them) that the case planted
    cases: dict[str, list[str]] = field(default_factory=dict)
    # source_file -> None when it must be parsed into documents.parquet, else the start of its rejection reason
    expected: dict[str, str | None] = field(default_factory=dict)

    def plant(self, case: str, source_file: str, rejected: str | None = None) -> None:
        """Record a planted entry and what the pipeline must do with it."""
        self.cases.setdefault(case, []).append(source_file)
        self.expected[source_file] = rejected


def _write(folder: HostileFolder, case: str, name: str, content: bytes, rejected: str | None = None) -> None:
    path = folder.raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    folder.plant(case, name, rejected)


def _link(folder: HostileFolder, case: str, name: str, target: str | Path, rejected: str | None) -> None:
    path = folder.raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    folder.plant(case, name, rejected)


def huge_line(size: int = HUGE_LINE_BYTES) -> bytes:
    """One line of realistic prose, `size` bytes, no line break anywhere."""
    unit = PROSE.encode()
    return (unit * (size // len(unit) + 1))[:size]


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def huge_cell_document(size: int = HUGE_CELL_BYTES) -> bytes:
    """Relations cells of `size` bytes (a prose date cell, a note, a run of `<`) and an unclaimed table's cell."""
    text = (
        "= Huge cells =\n== Bilateral relations ==\n=== Asia ===\n"
        "| Country | Formal relations began | Notes |\n"
        f"| China | {_repeat(PROSE, size)} | short note |\n"
        f"| India | 28 April 1952 | {_repeat('See India–Japan relations ', size)} |\n"
        f"| Korea | 1965 | {'<' * size} |\n\n"
        "== Other ==\n| Key | Value |\n"
        f"| big | {'x' * size} |\n"
    )
    return text.encode()


def big_table_document(rows: int = BIG_TABLE_ROWS) -> bytes:
    """A table nobody claims with `rows` data rows (it must land in `unclaimed`, row for row)."""
    lines = ["= Big table =", "== Data ==", "| Code | Label | Value |"]
    lines.extend(f"| K{i:06d} | label {i} | {i * 7 % 1000} |" for i in range(rows))
    return ("\n".join(lines) + "\n").encode()


RAGGED = """\
= Ragged tables =
== Bilateral relations ==
=== Africa ===
| Country | Formal relations began | Notes |
| Egypt |
| Kenya | 1964 | See Japan–Kenya relations | extra | cells |
|
||||
| Ghana | 1957 | See Ghana–Japan relations |

== Unclaimed ==
| a | b | c |
| 1 |
| 1 | 2 | 3 | 4 |
|
||||
| 1 | 2 | 3 |

== Polls ==
- style="background:#f99;" colspan="2"|Results of 2017 BBC World Service poll
| Country polled | Positive | Negative | Neutral | Pos − Neg |
| Germany | 50 |
| France | 74 | 14 | 12 | 60 | 99 |
|
||||
"""

HEADER_ONLY = """\
= Header-only tables =
== Bilateral relations ==
=== Asia ===
| Country | Formal relations began | Notes |

== Polls ==
| Country polled | Positive | Negative | Neutral | Pos − Neg |

== Other ==
| a | b |
"""

UNTERMINATED = """\
= Unterminated headings
== Bilateral relations
=== Asia
| Country | Formal relations began | Notes |
| China | 29 September 1972 | See China–Japan relations |
==== deeper ==
==
== =
=
===Europe==
| Country | Formal relations began | Notes |
| Latvia | 1921 | See Japan–Latvia relations |
"""

MARKUP = f"""\
= Markup <b>title</b> <img src=x onerror=alert(1) =
Intro paragraph {IMG} with markup.

== Bilateral relations ==
=== Asia ===
| Country | Formal relations began | Notes |
| {IMG} | {IMG} 1952 | {IMG} |
| China <script>alert(1)</script> | 1972 | See China–Japan relations |

== Other ==
| {IMG} | Value |
| {IMG} | 1 |
"""

OUTSIDE_SECRET = f"""\
= Outside {OUTSIDE_MARKER} =
== Bilateral relations ==
=== Asia ===
| Country | Formal relations began | Notes |
| {OUTSIDE_MARKER} | 1952 | {OUTSIDE_MARKER} |
- Japan has an embassy in {OUTSIDE_MARKER}.
"""


def make_hostile_folder(base: Path, *, big: bool = True) -> HostileFolder:
    """Write `base/raw` (the hostile raw root) and `base/outside` (what escaping links point at).

    `big=False` shrinks the 20 MB line, the 1 MB cells and the 100,000-row table (for quick checks).
    """
    folder = HostileFolder(base / "raw", base / "outside")
    folder.raw.mkdir(parents=True)
    folder.outside.mkdir(parents=True)
    (folder.outside / "secret.txt").write_text(OUTSIDE_SECRET, encoding="utf-8")
    (folder.outside / "nested").mkdir()
    (folder.outside / "nested" / "secret.txt").write_text(OUTSIDE_SECRET, encoding="utf-8")
    rng = random.Random(20240601)  # noqa: S311 - fixture bytes, not security
    clean = CLEAN.encode()
    not_utf8 = "not UTF-8: byte"
    binary = "binary content: control byte"
    outside = "symbolic link leads outside the raw root"
    loop = "symbolic link loop"

    _write(folder, "clean", "clean.txt", clean)
    _write(folder, "empty", "empty.txt", b"")
    _write(folder, "empty", "blank-lines.txt", b"\n\n   \n\t\n")
    _write(folder, "nul_bytes", "nul-bytes.txt", b"= Title =\nsome text\x00\x00\x00 more\n", f"{binary} 0x00 at line 2")
    # The NUL comes after the first 8 KiB that are sampled for control bytes.
    _write(folder, "nul_bytes", "nul-late.txt", clean * 20 + b"tail \x00\x00 tail\n", f"{binary} 0x00 at line 621")
    _write(folder, "random_bytes", "random.bin", rng.randbytes(64 * 1024), binary)
    _write(folder, "random_bytes", "random-high.txt", bytes(rng.randrange(128, 256) for _ in range(4096)), not_utf8)
    latin1 = "= Café relations =\nJapan and Côte d'Ivoire: señor.\n".encode("latin-1")
    _write(folder, "latin1", "latin1.txt", latin1, f"{not_utf8} 0xe9 at line 1, column 6")
    cp1252 = "= \u201cQuoted\u201d relations =\nPrice \u20ac5 \u2013 \u2018fine\u2019.\n".encode("cp1252")
    _write(folder, "cp1252", "cp1252.txt", cp1252, f"{not_utf8} 0x93 at line 1, column 3")
    _write(folder, "utf16", "utf16.txt", CLEAN.encode("utf-16"), "UTF-16 text, not UTF-8")
    middle = clean * 10 + b"bad \xff\xfe byte\n" + clean
    _write(folder, "invalid_utf8_middle", "invalid-utf8-middle.txt", middle, f"{not_utf8} 0xff at line 311, column 5")
    truncated = clean + "Tōkyō".encode()[:-1] + b"\n"  # the last character cut in half
    _write(folder, "invalid_utf8_middle", "truncated-utf8.txt", truncated, f"{not_utf8} 0xc5 at line 32, column 6")
    _write(folder, "bom_crlf", "bom-crlf.txt", b"\xef\xbb\xbf" + clean.replace(b"\n", b"\r\n"))
    _write(folder, "bom_crlf", "bom-only.txt", b"\xef\xbb\xbf" + clean)
    _write(folder, "bom_crlf", "crlf-only.txt", clean.replace(b"\n", b"\r\n"))
    _write(folder, "huge_line", "huge-line.txt", huge_line(HUGE_LINE_BYTES if big else 200_000))
    _write(folder, "huge_cell", "huge-cell.txt", huge_cell_document(HUGE_CELL_BYTES if big else 20_000))
    _write(folder, "ragged", "ragged.txt", RAGGED.encode())
    _write(folder, "header_only", "header-only.txt", HEADER_ONLY.encode())
    _write(folder, "big_table", "big-table.txt", big_table_document(BIG_TABLE_ROWS if big else 1_000))
    _write(folder, "unterminated_headings", "unterminated.txt", UNTERMINATED.encode())
    _write(folder, "markup", "markup.txt", MARKUP.encode())
    _write(folder, "odd_names", "with space.txt", clean)
    _write(folder, "odd_names", "-leading-dash.txt", clean)
    _write(folder, "odd_names", "日本語 ñ–é.txt", clean)
    _write(folder, "odd_names", "--help", clean)
    _write(folder, "odd_names", "new\nline.txt", clean)
    # Bytes that are not UTF-8 in a name: rejected, and reported with the byte escaped.
    (folder.raw / os.fsdecode(b"latin1-name-\xe9.txt")).write_bytes(clean)
    folder.plant("odd_names", "latin1-name-\\xe9.txt", "name is not valid UTF-8")
    _write(folder, "directory_named_txt", "folder.txt/inner.txt", clean)
    folder.plant("directory_named_txt", "folder.txt", "a directory named like a document")
    (folder.raw / "empty-dir.txt").mkdir()
    folder.plant("directory_named_txt", "empty-dir.txt", "a directory named like a document")
    _link(folder, "symlink_outside", "link-outside.txt", Path("..") / "outside" / "secret.txt", outside)
    _link(folder, "symlink_outside", "link-outside-abs.txt", folder.outside.resolve() / "secret.txt", outside)
    _link(folder, "symlink_outside", "link-outside-dir", Path("..") / "outside", outside)
    _link(folder, "symlink_outside", "sub/link-up-and-out.txt", Path("../../outside/nested/secret.txt"), outside)
    _link(folder, "symlink_outside", "link-outside-broken.txt", Path("../outside/missing.txt"), outside)
    _link(folder, "symlink_inside", "link-inside.txt", "clean.txt", None)
    _link(folder, "symlink_inside", "sub/link-to-root", "..", "symbolic link to a directory inside the raw root")
    _link(folder, "symlink_broken", "link-broken.txt", "does-not-exist.txt", "broken symbolic link")
    _link(folder, "symlink_loop", "link-loop.txt", "link-loop.txt", loop)
    _link(folder, "symlink_loop", "link-cycle-a.txt", "link-cycle-b.txt", loop)
    _link(folder, "symlink_loop", "link-cycle-b.txt", "link-cycle-a.txt", loop)
    os.mkfifo(folder.raw / "pipe.txt")
    folder.plant("special_file", "pipe.txt", "not a regular file")
    assert tuple(folder.cases) == CASES, "a case was planted but not listed in CASES (or the other way round)"
    return folder


def main(argv: list[str] | None = None) -> int:
    """Write the hostile folder under DIR and list its cases."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="where to create raw/ and outside/ (must not exist yet)")
    parser.add_argument("--small", action="store_true", help="small versions of the huge files")
    args = parser.parse_args(argv)
    folder = make_hostile_folder(args.directory, big=not args.small)
    for case, files in folder.cases.items():
        print(f"{case}: {', '.join(map(repr, files))}")
    print(f"raw root: {folder.raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
