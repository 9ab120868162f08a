"""The history of kept runs and the transitions that trigger a notification: pure functions on report dicts."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser import ChromiumSession, chromium_browser  # noqa: F401  (fixture, shared with conftest)
from sample_report import HOSTILE, SCRIPT, reviewed_report, sample_report

from curator.report.history import (
    GATE_FAILED,
    NEW_CONFLICTS,
    NEW_QUARANTINED_ROWS,
    REJECTED_DOCUMENTS,
    STALE_DECISIONS,
    STATUS_WORSE,
    HistoryRow,
    excerpt,
    fits_history,
    history_rows,
    history_table,
    notification_message,
    order_runs,
    transitions,
    upgrade_report,
)
from curator.report.report_html import render_report_html
from curator.report.view import report_view
from curator.storage.reports import read_kept_reports

Change = Callable[[dict[str, Any]], None]


def _fail_gate(report: dict[str, Any]) -> None:
    relations = report["datasets"]["relations"]
    relations["checks"].append(
        {"name": "country_completeness_90", "column": "country", "severity": "error", "kind": "gate",
         "description": "", "failing_rows": 12, "passed": False, "examples": []}
    )  # fmt: skip


def _more_quarantined(report: dict[str, Any]) -> None:
    relations = report["datasets"]["relations"]
    relations["rows_in"] += 2
    relations["rows_quarantined"] += 2


def _new_conflict(report: dict[str, Any]) -> None:
    conflict = copy.deepcopy(next(c for c in report["consistency"] if c["verdict"] == "conflict"))
    conflict["subject"] = "Armenia"
    conflict["values"][0]["text"] = "7 September 1992"
    report["consistency"].append(conflict)
    report["consistency_summary"]["conflict"] += 1


def _stale_decision(report: dict[str, Any]) -> None:
    applied = next(d for d in report["decisions"]["list"] if d["status"] == "applied")
    applied["status"] = "stale"
    report["decisions"]["stale"] += 1


def _rejected_document(report: dict[str, Any]) -> None:
    report["documents"]["rejected_files"].append({"source_file": "new.bin", "reason": "binary content"})
    report["documents"]["rejected"] += 1


def _passed(report: dict[str, Any]) -> dict[str, Any]:
    report = copy.deepcopy(report)
    report["status"] = "passed"
    return report


@pytest.mark.parametrize(
    ("change", "kinds"),
    [
        (_fail_gate, [GATE_FAILED]),  # an error gate that passed before fails now
        (_more_quarantined, [NEW_QUARANTINED_ROWS]),  # relations quarantines two more rows
        (_new_conflict, [NEW_CONFLICTS]),  # a conflict between two documents that was not there before
        (_stale_decision, [STALE_DECISIONS]),  # an applied decision no longer matches its row
        (_rejected_document, [REJECTED_DOCUMENTS]),  # a file that was read before is rejected now
    ],
)
def test_each_change_for_the_worse_is_one_transition_of_its_kind(change: Change, kinds: list[str]) -> None:
    """Each kind of degradation between two runs of the same status yields exactly its own transition."""
    previous = reviewed_report()
    current = copy.deepcopy(previous)
    current["run_id"] = "20261203T120000Z-bbbbbb"
    change(current)
    assert [t.kind for t in transitions(previous, current)] == kinds


@pytest.mark.parametrize(
    ("before", "after", "worse"),
    [
        ("passed", "warned", True),
        ("warned", "failed", True),
        ("passed", "failed", True),
        ("warned", "warned", False),
        ("failed", "warned", False),  # better is not news
        ("warned", "passed", False),
    ],
)
def test_status_transition_only_when_the_status_gets_worse(before: str, after: str, worse: bool) -> None:
    """passed -> warned -> failed is the order; only a step down that order is a transition."""
    previous, current = reviewed_report(), reviewed_report()
    previous["status"], current["status"] = before, after
    assert ([t.kind for t in transitions(previous, current)] == [STATUS_WORSE]) is worse


@pytest.mark.parametrize("report", [sample_report(), reviewed_report()])
def test_an_unchanged_rerun_has_no_transition(report: dict[str, Any]) -> None:
    """A rerun whose report says the same (only its run id and times differ) notifies nobody, even when that state is
    bad: conflicts, quarantined rows, stale decisions and rejected files that were already there are not news."""
    rerun = copy.deepcopy(report)
    rerun.update(run_id="20261203T120000Z-cccccc", started_at="2026-12-03T12:00:00+00:00")
    rerun["diff"] = {"previous_run_id": report["run_id"], "datasets": {}, "checks_new": [], "checks_resolved": []}
    assert transitions(report, rerun) == []


def test_fewer_quarantined_rows_or_resolved_conflicts_are_no_transition() -> None:
    """Getting better is not a transition: quarantine shrinking and a conflict resolved notify nobody."""
    previous = reviewed_report()
    _more_quarantined(previous)
    _new_conflict(previous)
    assert transitions(previous, reviewed_report()) == []


def test_a_first_run_that_is_not_clean_counts_everything_as_new() -> None:
    """With no previous run, a warned first run reports its status and everything it holds; a clean one nothing."""
    kinds = [t.kind for t in transitions(None, reviewed_report())]
    assert kinds == [STATUS_WORSE, NEW_QUARANTINED_ROWS, NEW_CONFLICTS, STALE_DECISIONS, REJECTED_DOCUMENTS]
    clean = _passed(first_clean_report())
    assert transitions(None, clean) == []


def first_clean_report() -> dict[str, Any]:
    """A report with nothing wrong in it: no quarantine, conflict, stale decision or rejected file."""
    report = copy.deepcopy(sample_report())
    for entry in report["datasets"].values():
        entry["rows_quarantined"] = 0
    report["consistency"] = [c for c in report["consistency"] if c["verdict"] != "conflict"]
    report["consistency_summary"]["conflict"] = 0
    report["documents"]["rejected_files"] = []
    return report


def test_message_names_what_changed_with_counts_and_the_report_and_quotes_no_document_line() -> None:
    """The message counts each change, links and names the report, and carries document text only as short escaped
    excerpts: never a source line, never markup."""
    previous = reviewed_report()
    current = copy.deepcopy(previous)
    current["run_id"] = "20261203T120000Z-dddddd"
    current["status"] = "failed"
    _fail_gate(current)
    _more_quarantined(current)
    _new_conflict(current)
    conflict = current["consistency"][-1]
    conflict["subject"] = f"Armenia {SCRIPT}"
    long_line = "the whole source line of a document " * 10
    conflict["values"][0]["source_text"] = long_line
    changes = transitions(previous, current)
    message = notification_message(
        changes, current, previous, "/out/reports/x/report.html", "http://127.0.0.1:1/curator-reports/x/report.html"
    )
    assert message.notify_type == "failure"
    assert message.kinds == (GATE_FAILED, STATUS_WORSE, NEW_QUARANTINED_ROWS, NEW_CONFLICTS)
    body = message.body
    assert "status got worse: warned -> failed" in body
    assert "1 error gate failed: 1 dataset kept the previous version" in body
    assert "relations: country_completeness_90 on country fails (12 rows)" in body
    assert "2 more quarantined rows in 1 dataset" in body
    assert "relations: 0 -> 2 (+2)" in body
    assert "1 new cross-document conflict" in body
    assert "Report: http://127.0.0.1:1/curator-reports/x/report.html" in body
    assert "Report file: /out/reports/x/report.html" in body
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "the whole source line" not in body
    assert message.subject == "relations-curator run 20261203T120000Z-dddddd: failed, 4 changes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),  # markup and entities shown as text
        ("a\nb\x00c\u2028d", "a b c d"),  # one line, no control characters
        ("x" * 100, "x" * 59 + "\u2026"),  # capped with an ellipsis
    ],
)
def test_excerpt_is_one_short_escaped_line(text: str, expected: str) -> None:
    """Document text enters a message as one line of at most 60 characters, HTML-escaped."""
    assert excerpt(text) == expected


# ------------------------------------------------------------------------------------------ history


def _run(run_id: str, previous: str | None, quarantined: int, conflicts: int, status: str = "warned") -> dict[str, Any]:
    return {
        "run_id": run_id,
        "status": status,
        "started_at": "2026-12-03T10:00:00+00:00",  # the same second: only the chain orders them
        "datasets": {
            "relations": {"rows_in": 10, "rows_curated": 10 - quarantined, "rows_quarantined": quarantined},
            "missions": {"rows_in": 2, "rows_curated": 2, "rows_quarantined": 0, "rows_excluded": 0},
        },
        "consistency_summary": {"conflict": conflicts},
        "diff": None if previous is None else {"previous_run_id": previous},
    }


def test_runs_are_ordered_by_the_chain_of_previous_runs_not_by_their_random_suffix() -> None:
    """Runs started in the same second are ordered by which run each report names as its previous one."""
    runs = [
        _run("20261203T100000Z-ffffff", None, 1, 0),
        _run("20261203T100000Z-000000", "20261203T100000Z-ffffff", 2, 0),
    ]
    ordered = order_runs(reversed(runs), "20261203T100000Z-000000")
    assert [r["run_id"] for r in ordered] == ["20261203T100000Z-ffffff", "20261203T100000Z-000000"]


@pytest.mark.parametrize("damage", ["datasets", "run_id", "diff", "started_at"])
def test_a_kept_report_missing_a_key_is_left_out_of_the_history_not_raised(damage: str) -> None:
    """A kept report.json that parses but lacks a key every version writes is not history: the other runs' rows
    are made and nothing raises (the report stage of a run must never stop on an older run's damaged report)."""
    good = _run("20261203T100000Z-aaaaaa", None, 1, 0)
    damaged = _run("20261203T110000Z-bbbbbb", "20261203T100000Z-aaaaaa", 3, 2)
    del damaged[damage]
    assert fits_history(good) and not fits_history(damaged)
    rows = history_rows([good, damaged], "20261203T110000Z-bbbbbb")
    assert [row.run_id for row in rows] == ["20261203T100000Z-aaaaaa"]


def test_a_kept_report_missing_a_key_is_named_unreadable_by_the_reader(tmp_path: Path) -> None:
    """Reading kept reports with `fits_history`, one that lacks a key is named in `unreadable` by its run id (so
    `curator history` says which file it could not use) and only the whole one is returned."""
    good = _run("20261203T100000Z-aaaaaa", None, 1, 0)
    damaged = _run("20261203T110000Z-bbbbbb", "20261203T100000Z-aaaaaa", 3, 2)
    del damaged["datasets"]
    for report in (good, damaged):
        folder = tmp_path / "reports" / report["run_id"]
        folder.mkdir(parents=True)
        (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    kept = read_kept_reports(tmp_path, fits_history)
    assert [r["run_id"] for r in kept.reports] == ["20261203T100000Z-aaaaaa"]
    assert kept.unreadable == ["20261203T110000Z-bbbbbb"]


def test_history_table_has_one_line_per_run_and_dataset_with_every_count() -> None:
    """The table lists each run's datasets with rows in / curated / quarantined / excluded, conflicts and stale."""
    runs = [
        _run("20261203T100000Z-aaaaaa", None, 1, 0),
        _run("20261203T110000Z-bbbbbb", "20261203T100000Z-aaaaaa", 3, 2),
    ]
    lines = history_table(history_rows(runs, "20261203T110000Z-bbbbbb")).splitlines()
    assert lines[0].split() == ["run", "status", "dataset", "rows", "in", "curated", "quarantined", "excluded",
                                "conflicts", "stale"]  # fmt: skip
    assert [line.split() for line in lines[1:]] == [
        ["20261203T100000Z-aaaaaa", "warned", "relations", "10", "9", "1", "0", "0", "-"],
        ["20261203T100000Z-aaaaaa", "warned", "missions", "2", "2", "0", "0", "0", "-"],
        ["20261203T110000Z-bbbbbb", "warned", "relations", "10", "7", "3", "0", "2", "-"],
        ["20261203T110000Z-bbbbbb", "warned", "missions", "2", "2", "0", "0", "2", "-"],
    ]


class _Svgs(HTMLParser):
    """The aria-labels of the svg elements inside section#history, and every tag seen on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.labels: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if tag == "section":
            self.depth = self.depth + 1 if self.depth or values.get("id") == "history" else 0
        if self.depth and tag == "svg":
            self.labels.append(values.get("aria-label") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.depth:
            self.depth -= 1


def history_of_runs(count: int = 6) -> list[dict[str, Any]]:
    """`count` runs chained one after another, relations quarantining 1, 2, ... rows and conflicts varying."""
    runs, previous = [], None
    for i in range(count):
        run_id = f"20261203T1{i}0000Z-{i:06x}"
        runs.append(_run(run_id, previous, i + 1, i % 3, status="failed" if i == count - 1 else "warned"))
        previous = run_id
    return runs


def test_history_section_has_a_trend_per_dataset_whose_label_lists_every_value() -> None:
    """The History section draws one trend per dataset (quarantined rows) and one of conflicts, each an inline SVG
    labelled with its values oldest to newest (the text alternative), and the contents link to it."""
    runs = history_of_runs()
    page = render_report_html(report_view(sample_report()), history_rows(runs, runs[-1]["run_id"]))
    parser = _Svgs()
    parser.feed(page)
    labels = parser.labels
    assert labels[0].startswith("Status of each kept run, oldest to newest: warned, warned")
    assert "relations: quarantined rows in 6 kept runs, oldest to newest: 1, 2, 3, 4, 5, 6" in labels
    assert "missions: quarantined rows in 6 kept runs, oldest to newest: 0, 0, 0, 0, 0, 0" in labels
    assert "Cross-document: conflicts in 6 kept runs, oldest to newest: 0, 1, 2, 0, 1, 2" in labels
    assert 'href="#history"' in page


def test_history_section_escapes_run_ids_and_dataset_names_from_hostile_reports() -> None:
    """Run ids, statuses and dataset names read from kept reports are printed as text, never as markup."""
    runs = history_of_runs(2)
    for run in runs:
        run["status"] = SCRIPT
        run["datasets"][HOSTILE[1]] = run["datasets"].pop("missions")
    runs[0]["run_id"] = HOSTILE[2]
    page = render_report_html(report_view(sample_report()), history_rows(runs, runs[-1]["run_id"]))
    section = page[page.index('<section id="history">') :]
    section = section[: section.index("</section>")]
    for text in HOSTILE:
        assert text not in section
    parser = _Svgs()
    parser.feed(page)
    assert not parser.tags & {"script", "img"}


def test_a_report_rendered_without_history_has_no_history_section() -> None:
    """A report rendered on its own (no kept runs given) has no History section and no link to one."""
    page = render_report_html(report_view(sample_report()))
    assert 'id="history"' not in page and 'href="#history"' not in page


def test_history_row_is_the_reports_counts() -> None:
    """Each history row carries exactly the counts its report.json holds (excluded 0 when no decisions file)."""
    runs = history_of_runs(3)
    (row,) = history_rows(runs[:1], runs[0]["run_id"])
    assert json.loads(json.dumps(row.as_dict())) == {
        "run_id": runs[0]["run_id"],
        "status": "warned",
        "started_at": "2026-12-03T10:00:00+00:00",
        "datasets": {
            "relations": {"rows_in": 10, "rows_curated": 9, "rows_quarantined": 1, "rows_excluded": 0},
            "missions": {"rows_in": 2, "rows_curated": 2, "rows_quarantined": 0, "rows_excluded": 0},
        },
        "conflicts": 0,
        "stale_decisions": None,
    }


_HISTORY_PROBE = """() => {
  const section = document.getElementById("history");
  const svgs = Array.from(section.querySelectorAll("svg"));
  return {
    labelled: svgs.filter(s => s.getAttribute("role") === "img" && s.getAttribute("aria-label")).length,
    svgs: svgs.length,
    drawn: svgs.filter(s => s.getBoundingClientRect().width > 50 && s.getBoundingClientRect().height > 5).length,
    segments: section.querySelectorAll("line.trend").length,
    sectionWidth: section.getBoundingClientRect().width,
  };
}"""


def sample_history(count: int = 8) -> list[HistoryRow]:
    """The sample report's datasets over `count` chained runs: quarantine and conflicts rising, then a failed run."""
    runs, previous = [], None
    for i in range(count):
        report = copy.deepcopy(sample_report())
        report["run_id"] = f"20261203T{8 + i:02d}0000Z-{i:06x}"
        report["diff"] = None if previous is None else {"previous_run_id": previous}
        report["datasets"]["relations"]["rows_quarantined"] = [4, 4, 5, 5, 3, 6, 6, 9][i % 8]
        report["datasets"]["relation_events"]["rows_quarantined"] = [2, 2, 2, 3, 3, 3, 1, 4][i % 8]
        report["consistency_summary"]["conflict"] = [0, 0, 1, 1, 1, 2, 1, 3][i % 8]
        report["status"] = "failed" if i == count - 1 else ("passed" if i < 2 else "warned")
        runs.append(report)
        previous = report["run_id"]
    return history_rows(runs, previous)


@pytest.mark.browser
def test_history_section_renders_in_chromium_with_a_labelled_trend_per_dataset(
    chromium_browser: ChromiumSession,  # noqa: F811
    tmp_path: Path,
) -> None:
    """In Chromium the History section draws every trend (each an SVG with role img and its values as label), loads
    nothing, logs no error; its picture is saved as report-history.png."""
    rows = sample_history()
    page_file = tmp_path / "report.html"
    page_file.write_text(render_report_html(report_view(sample_report()), rows), encoding="utf-8")
    shot = Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or tmp_path) / "reports" / "screenshots" / "report-history.png"
    result = chromium_browser.open_html(page_file, probe=_HISTORY_PROBE, element_screenshots={"#history": shot})
    assert result.console_errors == []
    assert result.page_errors == []
    assert result.requests == []
    probe = result.probe
    datasets = len(rows[-1].datasets)
    assert probe["svgs"] == probe["labelled"] == probe["drawn"] == 1 + datasets + 1  # status strip, datasets, conflicts
    assert probe["segments"] == (datasets + 1) * (len(rows) - 1)
    assert "Kept runs (8), newest first" in result.text
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_run_without_the_value_leaves_a_gap_and_a_lone_value_keeps_its_dot() -> None:
    """A run that did not record a dataset breaks its trend (no segment across it); a value with no neighbour is
    still drawn as a dot, as is the newest value."""
    from curator.report.history_view import sparkline

    line = sparkline("relations", "quarantined rows", [1, None, 3, 4], ["a", "b", "c", "d"])
    assert len(line["segments"]) == 1  # c -> d only
    assert [p["title"] for p in line["points"]] == ["a: 1", "d: 4"]
    assert line["label"] == "relations: quarantined rows in 4 kept runs, oldest to newest: 1, no value, 3, 4"


def test_an_older_report_without_the_comparison_has_no_conflict_count_not_zero() -> None:
    """A kept report from before the cross-document comparison is upgraded: its conflicts are not recorded (None,
    shown as "-"), never 0, and the report itself is left as it was."""
    old = _run("20261203T100000Z-aaaaaa", None, 1, 0)
    del old["consistency_summary"]
    before = copy.deepcopy(old)
    (row,) = history_rows([old], old["run_id"])
    assert row.conflicts is None
    assert old == before
    assert upgrade_report(old)["focal_country"] == "Japan"
