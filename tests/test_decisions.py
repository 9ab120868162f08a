"""Reviewers' decisions: recorded by `curator review`, replayed by every run, reported, and never misapplied."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from browser import ChromiumSession
from curator_cli import REPO, main_in_process

from curator.datasets import SCHEMAS
from curator.decisions.file import DecisionsError, parse_decisions
from curator.stages import curate_in_process
from flows.cli import main
from schemas import MODELS
from schemas.gates import GATES

# Under pytest-xdist (make test): its module-scoped fixtures are built once, on one worker.
pytestmark = pytest.mark.xdist_group("decisions")

RAW = REPO / "raw"
OVERVIEW = "001_d85be5eb45d2c744.txt"  # the overview article: its relations row at line 407 has no country


def run_core(raw: Path, out: Path, decisions: Path) -> dict[str, Any]:
    return curate_in_process(raw, out, MODELS, GATES, decisions=decisions)["report"]  # type: ignore[no-any-return]


def review(out: Path, decisions: Path, *args: str) -> int:
    return main(["review", *args, "--out", str(out), "--decisions", str(decisions)])


def relations_at(out: Path, line: int) -> pl.DataFrame:
    return pl.read_parquet(out / "relations.parquet").filter(
        (pl.col("source_file") == OVERVIEW) & (pl.col("source_line") == line)
    )


def quarantined_at(out: Path, line: int) -> pl.DataFrame:
    return pl.read_parquet(out / "quarantine" / "relations.parquet").filter(
        (pl.col("source_file") == OVERVIEW) & (pl.col("source_line") == line)
    )


def insert_line_above(raw: Path, line: int, text: str) -> None:
    path = raw / OVERVIEW
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, text)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, Path, Path]:
    """raw/ copied, one run done, and a reviewer's `set` of the country of 001:407 recorded."""
    raw, out, decisions = tmp_path / "raw", tmp_path / "out", tmp_path / "review" / "decisions.yaml"
    shutil.copytree(RAW, raw)
    run_core(raw, out, decisions)
    assert len(quarantined_at(out, 407)) == 1
    reason = "sorted between Malta (001:406) and Montenegro (001:408), a row dated 16 March 1992: Moldova"
    assert review(out, decisions, "set", "relations", f"{OVERVIEW}:407", "country=Moldova", "--reason", reason) == 0
    return raw, out, decisions


def test_a_set_country_is_curated_with_its_iso_code_and_says_it_came_from_review(
    reviewed: tuple[Path, Path, Path],
) -> None:
    """`set` on 001:407 makes Moldova a curated relation (MDA, country_source review, the decision id), out of
    quarantine; its derived event rows follow; report.json counts it applied."""
    raw, out, decisions = reviewed
    report = run_core(raw, out, decisions)
    row = relations_at(out, 407)
    assert row.select("country", "country_iso3", "country_source", "decision_id").rows() == [
        ("Moldova", "MDA", "review", "D0001")
    ]
    assert quarantined_at(out, 407).is_empty()
    events = pl.read_parquet(out / "relation_events.parquet").filter(
        (pl.col("source_file") == OVERVIEW) & (pl.col("source_line") == 407)
    )
    assert set(events["country"]) == {"Moldova"}
    assert report["decisions"]["applied"] == 1 and report["decisions"]["stale"] == 0
    relations = report["datasets"]["relations"]
    assert relations["rows_quarantined"] == 4


def test_a_decision_survives_a_line_inserted_above_its_row(reviewed: tuple[Path, Path, Path]) -> None:
    """The decision names its row by file, text and identity, so the row moved to line 408 still gets Moldova."""
    raw, out, decisions = reviewed
    insert_line_above(raw, 3, "A paragraph added above the table.")
    report = run_core(raw, out, decisions)
    assert relations_at(out, 408)["country_iso3"].to_list() == ["MDA"]
    assert report["decisions"]["applied"] == 1


def test_a_decision_on_a_row_whose_text_changed_is_stale_and_applied_to_nothing(
    reviewed: tuple[Path, Path, Path],
) -> None:
    """When the row's source text changed, the decision is `stale`: the row stays quarantined, no row gets it."""
    raw, out, decisions = reviewed
    path = raw / OVERVIEW
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[406] = lines[406].replace("1992", "1993")
    assert lines[406] != (RAW / OVERVIEW).read_text(encoding="utf-8").split("\n")[406]
    path.write_text("\n".join(lines), encoding="utf-8")
    report = run_core(raw, out, decisions)
    assert report["decisions"]["stale"] == 1 and report["decisions"]["applied"] == 0
    assert len(quarantined_at(out, 407)) == 1
    assert pl.read_parquet(out / "relations.parquet").filter(pl.col("decision_id").is_not_null()).is_empty()


def test_accept_leaves_needs_attention_but_not_the_counts(tmp_path: Path) -> None:
    """An accepted check is marked accepted (its failing rows still counted) and drops out of `review list`."""
    raw, out, decisions = tmp_path / "raw", tmp_path / "out", tmp_path / "decisions.yaml"
    shutil.copytree(RAW, raw)
    before = run_core(raw, out, decisions)
    attention_before = needs_attention(out)
    reason = "blank cells: the state list's country column held flag templates (001:67-261)"
    args = ["accept", "state_list", "not_nullable", "--column", "country", "--reason", reason]
    assert review(out, decisions, *args) == 0
    after = run_core(raw, out, decisions)

    def check(report: dict[str, Any]) -> dict[str, Any]:
        checks = report["datasets"]["state_list"]["checks"]
        return next(c for c in checks if c["name"] == "not_nullable" and c["column"] == "country")

    assert check(before)["failing_rows"] == check(after)["failing_rows"] == 195
    assert not check(before).get("accepted") and check(after)["accepted"]
    assert after["datasets"]["state_list"]["rows_quarantined"] == before["datasets"]["state_list"]["rows_quarantined"]
    assert after["decisions"]["accepted"] == 1
    command = "curator review accept state_list not_nullable --column country"
    assert command in attention_before and command not in needs_attention(out)
    assert "curator review accept relations not_nullable" in needs_attention(out)


def needs_attention(out: Path) -> str:
    """The "Needs attention" list of the latest HTML report."""
    html = (out / "reports" / "latest" / "report.html").read_text(encoding="utf-8")
    return html.split("<h3>Needs attention</h3>", 1)[1].split("</section>", 1)[0]


def test_exclude_balances_the_accounts(tmp_path: Path) -> None:
    """An excluded quarantined row is in neither curated nor quarantine: it leaves quarantine, rows_in is unchanged."""
    raw, out, decisions = tmp_path / "raw", tmp_path / "out", tmp_path / "decisions.yaml"
    shutil.copytree(RAW, raw)
    before = run_core(raw, out, decisions)["datasets"]["relations"]
    reason = "excluded to check that the accounts balance"
    assert review(out, decisions, "exclude", "relations", f"{OVERVIEW}:345", "--reason", reason) == 0
    report = run_core(raw, out, decisions)
    after = report["datasets"]["relations"]
    assert after["rows_excluded"] == 1 and report["decisions"]["excluded"] == 1
    assert after["rows_in"] == before["rows_in"]
    assert after["rows_curated"] == before["rows_curated"]
    assert after["rows_quarantined"] == before["rows_quarantined"] - 1
    assert quarantined_at(out, 345).is_empty() and relations_at(out, 345).is_empty()


def test_review_refuses_a_target_the_latest_run_does_not_have(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `set` on a line that holds no row of the dataset is exit 2 with one line, and the file is not written."""
    raw, out, decisions = tmp_path / "raw", tmp_path / "out", tmp_path / "decisions.yaml"
    shutil.copytree(RAW, raw)
    run_core(raw, out, decisions)
    assert review(out, decisions, "set", "relations", f"{OVERVIEW}:2", "country=Moldova", "--reason", "x") == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"{OVERVIEW}:2" in err
    assert not decisions.exists()


DECISION = """- id: D0001
  action: set
  dataset: relations
  target: {{source_file: a.txt, line: 3, source_text: '| | 1992 |'}}
  column: {column}
  value: Moldova
  by: reviewer
  at: {at}
  reason: evidence
"""


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # an unknown column: the line of the decision and the column named
        (DECISION.format(column="colour", at="2026-11-22"), 1, "column 'colour' cannot be set"),
        # provenance cannot be set by a reviewer
        (DECISION.format(column="source_line", at="2026-11-22"), 1, "cannot be set"),
        # a date that does not exist, named on its own line
        (DECISION.format(column="country", at="2026-02-30"), 8, "'2026-02-30' is not a date"),
        # the second decision reuses the first one's id
        (DECISION.format(column="country", at="2026-11-22") * 2, 10, "already used on line 1"),
        # broken YAML names the line it broke on
        ("- id: D1\n  action: [set\n", 3, "not valid YAML"),
        # a mapping where a list belongs
        ("id: D1\n", 1, "must be a list"),
    ],
)
def test_a_malformed_decisions_file_is_an_error_naming_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(DecisionsError) as error:
        parse_decisions(text, "review/decisions.yaml", {name: list(schema) for name, schema in SCHEMAS.items()})
    assert f"review/decisions.yaml:{line}" in str(error.value)
    assert message in str(error.value)


def test_curator_run_with_a_malformed_decisions_file_exits_2_before_touching_outputs(tmp_path: Path) -> None:
    """`curator run --decisions BAD` prints one line naming the file and line and writes no output."""
    bad = tmp_path / "decisions.yaml"
    bad.write_text(
        DECISION.format(column="country", at="2026-11-22") + "- id: D2\n  action: delete\n", encoding="utf-8"
    )
    process = main_in_process("run", "--out", str(tmp_path / "out"), "--decisions", str(bad), "--no-data-docs")
    lines = process.stderr.strip().splitlines()
    assert process.returncode == 2, process.stderr[-2000:]
    assert len(lines) == 1 and f"{bad}:10" in lines[0], lines
    assert not (tmp_path / "out").exists()


MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def decided_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run with one decision of each kind; the `set` value and the reasons carry markup."""
    base = tmp_path_factory.mktemp("decided")
    raw, out, decisions = base / "raw", base / "out", base / "decisions.yaml"
    shutil.copytree(RAW, raw)
    run_core(raw, out, decisions)
    commands = [
        [
            "set",
            "relations",
            f"{OVERVIEW}:407",
            "country=Moldova",
            "--reason",
            f"between Malta and Montenegro {MARKUP}",
        ],
        ["set", "relations", f"{OVERVIEW}:416", f"notes={MARKUP} checked", "--reason", "a note"],
        ["exclude", "relations", f"{OVERVIEW}:345", "--reason", "excluded to check the accounts"],
        ["accept", "state_list", "not_nullable", "--column", "country", "--reason", "blank flag cells"],
    ]
    for command in commands:
        assert review(out, decisions, *command, "--by", "reviewer <b>x</b>") == 0
    insert_line_above(raw, 3, "A line that moves every row down by one.")
    lines = (raw / OVERVIEW).read_text(encoding="utf-8").split("\n")
    lines[345] = lines[345].replace("14 July 1954 |", "15 July 1954 |", 1)  # the excluded row's text changed: stale
    assert "15 July 1954" in lines[345]
    (raw / OVERVIEW).write_text("\n".join(lines), encoding="utf-8")
    run_core(raw, out, decisions)
    return out


def test_decision_values_and_reasons_are_text_in_the_html(decided_run: Path) -> None:
    """A set value or a reason with markup is escaped wherever the report shows it."""
    html = (decided_run / "reports" / "latest" / "report.html").read_text(encoding="utf-8")
    assert MARKUP not in html and "<b>x</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "reviewer &lt;b&gt;x&lt;/b&gt;" in html
    report = json.loads((decided_run / "reports" / "latest" / "report.json").read_text(encoding="utf-8"))
    counts = {k: report["decisions"][k] for k in ("applied", "accepted", "excluded", "stale")}
    assert counts == {"applied": 2, "accepted": 1, "excluded": 0, "stale": 1}


@pytest.mark.browser
def test_the_decisions_section_in_chromium(chromium_browser: ChromiumSession, decided_run: Path) -> None:
    """The Decisions section lists applied, accepted and stale decisions with the markup as text; screenshot."""
    shots = Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or decided_run) / "reports" / "screenshots"
    shot = shots / "decisions-section.png"
    result = chromium_browser.open_html(
        decided_run / "reports" / "latest" / "report.html",
        element_screenshots={"#decisions": shot},
        probe="() => document.querySelector('#decisions').innerText",
    )
    assert result.console_errors == [] and result.page_errors == [] and result.requests == []
    assert result.dialogs == [] and result.event_handler_attributes == []
    section = result.probe.lower()
    for word in ("applied", "accepted", "stale", "check not_nullable on country", MARKUP):
        assert word in section
    assert shot.stat().st_size > 5_000
