"""Cross-document consistency: one fact stated in several places is compared as date intervals, like with like."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from browser import ChromiumSession

from curator.consistency import AGREE, COMPATIBLE, CONFLICT, Claim, verdict
from curator.stages import curate_in_process
from schemas import MODELS
from schemas.gates import GATES

# Under pytest-xdist (make test): its module-scoped fixtures are built once, on one worker.
pytestmark = pytest.mark.xdist_group("consistency")

RAW = Path(__file__).resolve().parents[1] / "raw"
FOREIGN = "001_d85be5eb45d2c744.txt"


def claim(earliest: dt.date | None, latest: dt.date | None) -> Claim:
    return Claim("x.txt", 1, None, "relation_events", "prose", "established", None, None, earliest, latest)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # the same day
        ((dt.date(1992, 8, 3), dt.date(1992, 8, 3)), (dt.date(1992, 8, 3), dt.date(1992, 8, 3)), AGREE),
        # a day inside a year-only statement
        ((dt.date(1861, 1, 1), dt.date(1861, 12, 31)), (dt.date(1861, 1, 24), dt.date(1861, 1, 24)), COMPATIBLE),
        # disjoint years
        ((dt.date(1921, 1, 1), dt.date(1921, 12, 31)), (dt.date(1991, 10, 10), dt.date(1991, 10, 10)), CONFLICT),
        # an open start ('before 1991') contains any earlier date
        ((None, dt.date(1990, 12, 31)), (dt.date(1921, 1, 26), dt.date(1921, 1, 26)), COMPATIBLE),
    ],
)
def test_verdict_compares_intervals(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None], expected: str
) -> None:
    """Same bounds agree, intersecting intervals are compatible, disjoint ones conflict."""
    assert verdict(claim(*a), claim(*b)) == expected


def comparisons(raw: Path, out: Path) -> pl.DataFrame:
    curate_in_process(raw, out, MODELS, GATES)
    return pl.read_parquet(out / "consistency.parquet")


@pytest.fixture(scope="module")
def over_raw(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The consistency dataset of a run over raw/."""
    return comparisons(RAW, tmp_path_factory.mktemp("out"))


def verdicts(frame: pl.DataFrame, subject: str, field: str = "relations_began") -> list[str]:
    return frame.filter((pl.col("subject") == subject) & (pl.col("field") == field))["verdict"].to_list()


def test_georgia_and_ukraine_agree_across_the_overview_and_their_articles(over_raw: pl.DataFrame) -> None:
    """001's table and 000/002's prose both give 3 August 1992 (Georgia) and 26 January 1992 (Ukraine)."""
    assert verdicts(over_raw, "Georgia") == [AGREE]
    assert verdicts(over_raw, "Ukraine") == [AGREE]
    georgia = over_raw.filter(pl.col("subject") == "Georgia").row(0, named=True)
    assert {georgia["a_source_file"], georgia["b_source_file"]} == {"000_f68905f39f9d6f28.txt", FOREIGN}


def test_latvia_overview_date_is_the_articles_re_establishment_not_a_conflict(over_raw: pl.DataFrame) -> None:
    """001's 10 October 1991 matches 004's re-establishment (relations first began in 1921): agree, never conflict."""
    latvia = over_raw.filter(pl.col("subject") == "Latvia").row(0, named=True)
    assert (latvia["verdict"], latvia["b_event"], latvia["b_edtf"]) == (AGREE, "re_established", "1991-10-10")
    assert CONFLICT not in verdicts(over_raw, "Latvia")


def test_a_document_stating_another_date_is_a_conflict_citing_its_line(tmp_path: Path) -> None:
    """A new document that dates Georgian relations to 1993 conflicts with both others, citing its file and line."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "005_other.txt").write_text(
        "= Georgia–Japan relations =\n\nIntro.\n\nDiplomatic relations were established on 12 May 1993.\n",
        encoding="utf-8",
    )
    found = comparisons(raw, tmp_path / "out").filter(
        (pl.col("subject") == "Georgia") & (pl.col("verdict") == CONFLICT)
    )
    assert found.height == 1
    row = found.row(0, named=True)
    sides = {(row["a_source_file"], row["a_source_line"]), (row["b_source_file"], row["b_source_line"])}
    assert ("005_other.txt", 5) in sides
    # The other side stands for both agreeing documents (the overview and the bilateral article).
    other = "b" if row["a_source_file"] == "005_other.txt" else "a"
    assert (row[f"{other}_documents"], row[f"{'a' if other == 'b' else 'b'}_documents"]) == (2, 1)
    assert row["severity"] == "warning"


def test_a_day_inside_a_year_only_statement_is_compatible(tmp_path: Path) -> None:
    """'in 1992' in one article and 3 August 1992 in the overview are compatible."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / FOREIGN, raw / FOREIGN)
    (raw / "georgia.txt").write_text(
        "= Georgia–Japan relations =\n\nGeorgia and Japan established diplomatic relations in 1992.\n", encoding="utf-8"
    )
    assert verdicts(comparisons(raw, tmp_path / "out"), "Georgia") == [COMPATIBLE]


def test_a_year_that_is_not_a_relation_start_is_not_compared(tmp_path: Path) -> None:
    """A visit in 1999 beside the overview's Georgia row gives no comparison at all."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / FOREIGN, raw / FOREIGN)
    (raw / "georgia.txt").write_text(
        "= Georgia–Japan relations =\n\nThe Georgian president visited Japan in March 1999.\n", encoding="utf-8"
    )
    assert verdicts(comparisons(raw, tmp_path / "out"), "Georgia") == []


def test_many_copies_of_one_article_are_compared_as_one_group(tmp_path: Path) -> None:
    """Twenty identical articles and the overview: one agreement counting the copies, not a comparison per pair."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / FOREIGN, raw / FOREIGN)
    for n in range(20):
        shutil.copy(RAW / "000_f68905f39f9d6f28.txt", raw / f"georgia_{n:02d}.txt")
    found = comparisons(raw, tmp_path / "out")
    georgia = found.filter((pl.col("subject") == "Georgia") & (pl.col("field") == "relations_began"))
    assert georgia.height == 1
    assert georgia.row(0, named=True)["a_documents"] == 21


def test_overlapping_terms_in_one_list_are_a_document_conflict(tmp_path: Path) -> None:
    """Two consecutive entries of one list whose terms overlap (not just at a boundary year) are reported."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "list.txt").write_text(
        "= List of ambassadors of Japan to Peru =\n\n== Ambassador ==\n"
        "- Kenta Mori, 1920–1925\n- Ichiro Sato, 1925–1930\n- Jiro Abe, 1928–1933\n",
        encoding="utf-8",
    )
    found = comparisons(raw, tmp_path / "out").filter(pl.col("field") == "ambassador_term_overlap")
    assert found.select("scope", "a_source_line", "b_source_line").rows() == [("document", 5, 6)]


@pytest.mark.browser
def test_the_consistency_section_in_chromium(chromium_browser: ChromiumSession, tmp_path: Path) -> None:
    """A real run with one conflicting article: the report's Consistency section shows the conflict with both
    sides' file and line, agreements besides, in a page that loads nothing and runs nothing; screenshot."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "005_other.txt").write_text(
        "= Georgia–Japan relations =\n\nIntro.\n\nDiplomatic relations were established on 12 May 1993.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    curate_in_process(raw, out, MODELS, GATES)
    shots = Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or out) / "reports" / "screenshots"
    shot = shots / "consistency-section.png"
    result = chromium_browser.open_html(
        out / "reports" / "latest" / "report.html",
        element_screenshots={"#consistency": shot},
        probe="() => document.querySelector('#consistency').innerText",
    )
    assert result.console_errors == [] and result.page_errors == [] and result.requests == []
    section = result.probe.lower()
    assert "conflict" in section and "agree" in section
    assert "005_other.txt:5" in section and "12 may 1993" in section
    assert shot.stat().st_size > 5_000
