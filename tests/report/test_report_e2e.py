"""The report of a real run over planted hostile markup: escaped in the HTML, clean in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from browser import ChromiumSession
from test_publish_and_report import run_core

# Under pytest-xdist (make test): its module-scoped fixtures are built once, on one worker.
pytestmark = pytest.mark.xdist_group("report-e2e")

RAW = Path(__file__).resolve().parents[2] / "raw"
PLANTED = """= <script>alert('title')</script> relations =

== Bilateral relations ==
=== Europe ===
| Country | Formal relations began | Notes |
| <img src=x onerror=alert(1)> | 31 February 1900 | See Foreign relations of <b onmouseover=alert(2)>X</b> |
| | | See Japan–Atlantis relations |
"""


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    base = tmp_path_factory.mktemp("planted")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    (raw / "planted <script>.txt").write_text(PLANTED, encoding="utf-8")
    out = base / "out"
    report = run_core(raw, out)
    return out, report


def test_planted_markup_is_text_in_the_html(planted_run: tuple[Path, dict[str, object]]) -> None:
    """`<script>` and `onerror` from a title, a cell and a file name appear escaped, never as markup."""
    out, _report = planted_run
    html = (out / "reports" / "latest" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_planted_rows_are_accounted_for(planted_run: tuple[Path, dict[str, object]]) -> None:
    """The planted rows land in relations or quarantine and the impossible date is a finding, not a day."""
    out, report = planted_run
    saved = json.loads((out / "reports" / "latest" / "report.json").read_text(encoding="utf-8"))
    assert saved["run_id"] == report["run_id"]
    relations = saved["datasets"]["relations"]
    assert relations["rows_in"] == 109
    messages = [f["message"] for f in saved["findings"] if f["source_file"] == "planted <script>.txt"]
    assert any("impossible date: 31 February 1900" in m for m in messages)


@pytest.mark.browser
def test_real_report_in_chromium(
    chromium_browser: ChromiumSession, planted_run: tuple[Path, dict[str, object]]
) -> None:
    """The run's report.html loads in headless Chromium with no console errors, no requests and no dialogs."""
    out, _report = planted_run
    shots = Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or out) / "reports" / "screenshots"
    result = chromium_browser.open_html(out / "reports" / "latest" / "report.html", shots / "run-report.png")
    assert result.console_errors == []
    assert result.page_errors == []
    assert result.requests == []
    assert result.dialogs == []
    assert "<img src=x onerror=alert(1)>" in result.text
    assert (shots / "run-report.png").stat().st_size > 10_000
