"""The rendering generator (benchmarks/renderings.py) keeps every fact of a dump document and changes its layout."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from renderings import RENDERINGS, is_dump, render  # noqa: E402

CORPORA = (REPO / "benchmarks" / "extraction" / "corpus", REPO / "benchmarks" / "extraction" / "heldout" / "corpus")
DUMPS = sorted(p for corpus in CORPORA for p in corpus.glob("*.txt") if is_dump(p.read_text(encoding="utf-8")))
SEEDS = (0, 1, 7)


def fact_tokens(text: str) -> Counter[str]:
    """Words (split where a lower-case letter meets an upper-case one, as glued cells do) and digit runs."""
    tokens: Counter[str] = Counter(re.findall(r"\d+", text))
    for run in re.findall(r"[^\W\d_]+", text):
        start = 0
        for i in range(1, len(run)):
            if run[i - 1].islower() and run[i].isupper():
                tokens[run[start:i]] += 1
                start = i
        tokens[run[start:]] += 1
    return tokens


def test_both_corpora_have_dump_documents() -> None:
    """The invariance tests below run over real documents, not over an empty list."""
    assert len(DUMPS) >= 30


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_rendering_keeps_every_fact_token(rendering: str, seed: int) -> None:
    """Every name word and every number of each dump document appears at least as often in its rendering."""
    for path in DUMPS:
        source = path.read_text(encoding="utf-8")
        source_body = "\n".join(line for line in source.splitlines() if line.strip() != "Infobox")
        missing = fact_tokens(source_body) - fact_tokens(render(source, rendering, seed))
        assert not missing, f"{path.name} in {rendering} (seed {seed}) lost {dict(missing)}"


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_no_rendering_keeps_the_dump_title_and_heading_markup(rendering: str) -> None:
    """No rendering has a `= Title =` line or `== Heading ==` lines; the title still opens the page."""
    for path in DUMPS:
        source = path.read_text(encoding="utf-8")
        title = source.splitlines()[0].strip("= ")
        lines = render(source, rendering, 0).splitlines()
        assert not [line for line in lines if line.startswith("=")], path.name
        assert any(line.startswith(title) for line in lines[:2]), path.name


def test_html_text_tables_lose_their_pipes_and_gain_page_chrome() -> None:
    """html_text has the Wikipedia page chrome and no `| a | b |` table rows (cells are split by tabs or spaces)."""
    for path in DUMPS:
        lines = render(path.read_text(encoding="utf-8"), "html_text", 0).splitlines()
        assert "From Wikipedia, the free encyclopedia" in lines, path.name
        assert not [line for line in lines if line.startswith("| ")], path.name
        assert not [line for line in lines if line.startswith("- ")], path.name


def test_mirror_markdown_tables_have_a_rule_line_after_the_header() -> None:
    """Each markdown table of mirror_markdown has a `---|---|` rule as its second line."""
    source = "= T =\n\n== List ==\n| Name | Term begin | Term end |\n| Ann Example | 1872 | 1874 |\n"
    lines = render(source, "mirror_markdown", 0).splitlines()
    header = next(i for i, line in enumerate(lines) if "Term begin" in line)
    assert re.fullmatch(r"(---\|)+", lines[header + 1])


def test_mirror_markdown_image_column_shifts_row_cells_left() -> None:
    """Some seed adds a Portrait/Image header cell next to the name whose cells the rows lack (one cell fewer)."""
    source = "= T =\n\n== List ==\n| Name | Term begin | Term end |\n| Ann Example | 1872 | 1874 |\n"
    shifted = []
    for seed in range(30):
        lines = render(source, "mirror_markdown", seed).splitlines()
        header = next(line for line in lines if "Term begin" in line)
        if "Portrait" in header or "Image" in header:
            row = next(line for line in lines if "Ann Example" in line)
            shifted.append((header.count("|"), row.count("|")))
    assert shifted and all(header == row + 1 for header, row in shifted)


def test_mobile_has_an_edit_after_each_heading_bullets_and_one_cell_per_line() -> None:
    """mobile: `edit` follows every heading, items carry `• `, a table row becomes one cell per line."""
    source = (
        "= T =\n\n== History ==\n- Ann Example, 1872–1874\n\n== Polls ==\n"
        "| Country polled | Favorable | Unfavorable | Pos − Neg |\n| China | 22 | 75 | -53 |\n"
    )
    for seed in SEEDS:
        lines = render(source, "mobile", seed).splitlines()
        for heading in ("History", "Polls"):
            assert lines[lines.index(heading) + 1].startswith("edit")
        assert "• Ann Example, 1872–1874" in lines
        assert "Country polledFavorableUnfavorablePos − Neg" in lines
        assert lines[-3:] == ["China", "22", "75-53"]


def test_render_is_deterministic_per_seed_and_rejects_what_it_cannot_render() -> None:
    """The same text and seed give the same output; an unknown rendering or a non-dump text is a ValueError."""
    source = DUMPS[0].read_text(encoding="utf-8")
    assert render(source, "html_text", 3) == render(source, "html_text", 3)
    with pytest.raises(ValueError, match="unknown rendering"):
        render(source, "pdf", 0)
    with pytest.raises(ValueError, match="not a dump-format document"):
        render("List of ambassadors\nFrom Wikipedia, the free encyclopedia\n", "mobile", 0)
