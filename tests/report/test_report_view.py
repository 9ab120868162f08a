"""The typed view of report.json: counts made once by report.py, values read as the run wrote them."""

from __future__ import annotations

import copy
from datetime import date

from sample_report import reviewed_report, sample_report

from curator.report.report import check_counts
from curator.report.view import report_view
from curator.validation.checks import Acceptance, CheckResult


def _check(severity: str, failing: int, *, accepted: bool = False) -> CheckResult:
    acceptance = Acceptance("D0001", None, "known gap") if accepted else None
    return CheckResult("relations", f"{severity}_{failing}", None, severity, "schema", failing, acceptance=acceptance)


def test_check_counts_split_failing_checks_into_open_errors_open_warnings_and_accepted() -> None:
    """Of five checks, three failed: an open error, an open info (counted with the warnings) and an accepted
    warning; two passed."""
    checks = [
        _check("error", 3),
        _check("info", 1),
        _check("warning", 5, accepted=True),
        _check("error", 0),
        _check("warning", 0),
    ]
    counts = check_counts(checks)
    assert (counts.total, counts.failing, counts.open_errors, counts.open_warnings, counts.accepted) == (5, 3, 1, 1, 1)
    assert counts.open == 2


def test_the_view_counts_each_dataset_and_the_run_from_the_check_model() -> None:
    """A dataset's counts and the run's are the check model's: relations of the reviewed report has two failing
    checks, one open warning and one accepted; the run adds the failing checks of every dataset."""
    view = report_view(reviewed_report())
    relations = next(ds for ds in view.datasets if ds.name == "relations")
    assert (relations.counts.failing, relations.counts.open_warnings, relations.counts.accepted) == (2, 1, 1)
    assert view.check_counts.failing == sum(ds.counts.failing for ds in view.datasets)
    assert view.totals.rows_excluded == 1
    assert [ds.name for ds in view.datasets] == list(reviewed_report()["datasets"])


def test_a_date_in_the_runs_report_dict_reads_as_the_text_report_json_holds() -> None:
    """Before it is written, the report holds a compared value's bounds as dates; the view reads them as the ISO
    text report.json holds."""
    report = copy.deepcopy(sample_report())
    report["consistency"][0]["values"][0]["earliest"] = date(1992, 8, 3)
    consistency = report_view(report).consistency
    assert consistency is not None
    assert consistency.comparisons[0].values[0].earliest == "1992-08-03"
