"""`curator serve` starts a real Prefect server with its UI on loopback, runs the flow on its schedule, shows the run
in the UI, and stops everything on exit."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser import ChromiumSession
from curator_cli import CURATOR, REPO

DEADLINE_SECONDS = 120
SCREENSHOT_NAME = "prefect-ui-flow-run.png"


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def api(base: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """JSON from the Prefect API at `base` (POST when a body is given)."""
    request = urllib.request.Request(  # noqa: S310 - http on loopback, our own port
        f"{base}/api{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def first_completed_run(base: str) -> dict[str, Any] | None:
    runs = api(
        base,
        "/flow_runs/filter",
        {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "sort": "START_TIME_ASC", "limit": 1},
    )
    return runs[0] if runs else None


def processes_in_session(session_id: int) -> list[str]:
    """Command lines of the live processes in session `session_id` (serve and everything it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[3]) == session_id:
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ValueError, IndexError):
            continue
    return found


def screenshot_path(tmp_path: Path) -> Path:
    return Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or tmp_path) / "reports" / "screenshots" / SCREENSHOT_NAME


def wait_for(condition: Any, process: subprocess.Popen[bytes], log: Path, what: str) -> Any:
    """Poll `condition()` until it returns something truthy; fail with the log if serve exits or time runs out."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"curator serve exited while waiting for {what}:\n{log.read_text()[-3000:]}"
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"no {what} within {DEADLINE_SECONDS} s:\n{log.read_text()[-3000:]}")


@pytest.mark.server
@pytest.mark.browser
def test_serve_shows_its_scheduled_run_in_the_prefect_ui_and_stops_everything(
    tmp_path: Path,
    chromium_browser: ChromiumSession,
    servers_started_by: Callable[[int], list[int]],
    created_prefect_home: Path,
) -> None:
    """With no PREFECT_API_URL, serve starts a loopback server with the UI; a scheduled run completes, its page in the
    UI (offline) shows the run and its `curation-summary` artifact, whose link opens the run's HTML report; SIGTERM
    then stops serve, its runs and the server, and closes the port."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(created_prefect_home)
    # The runner asks for scheduled runs every second instead of every 10: the test waits for the first one.
    env["PREFECT_RUNNER_POLL_FREQUENCY"] = "1"
    out = tmp_path / "curated"
    log = tmp_path / "serve.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(CURATOR), "serve", "--interval", "5", "--raw", str(REPO / "raw"), "--out", str(out), "--no-data-docs"],
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    port = None
    try:
        found = wait_for(
            lambda: re.search(r"^Prefect UI: http://127\.0\.0\.1:(\d+)$", log.read_text(), re.MULTILINE),
            process,
            log,
            "'Prefect UI:' line",
        )
        port = int(found.group(1))
        ui = f"http://127.0.0.1:{port}"
        run = wait_for(lambda: first_completed_run(ui), process, log, "completed flow run")
        assert (out / "relations.parquet").exists()

        # The UI's index page, built into the prefect package.
        with urllib.request.urlopen(f"{ui}/", timeout=10) as index:  # noqa: S310 - http on loopback
            assert index.status == 200
            assert "text/html" in index.headers["Content-Type"]

        context: Any = chromium_browser._context  # the session's one browser; tests/browser.py opens files only
        outside: list[str] = []

        def loopback_only(route: Any) -> None:
            if route.request.url.startswith(f"{ui}/"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", loopback_only)
        page = context.new_page()
        try:
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.goto(f"{ui}/runs/flow-run/{run['id']}", wait_until="networkidle")
            page.get_by_text("Artifacts", exact=True).click()
            summary = page.get_by_text("curation-summary", exact=True).last
            summary.wait_for(timeout=30_000)
            text = page.inner_text("body")
            assert run["name"] in text
            assert "Completed" in text
            shot = screenshot_path(tmp_path)
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))

            # The summary artifact's link opens the run's HTML report, served by the same server.
            summary.click()
            link = page.get_by_role("link", name="Open the HTML report")
            link.wait_for(timeout=30_000)
            with context.expect_page() as opened:
                link.click()
            report = opened.value
            report.wait_for_load_state()
            assert report.url.startswith(f"{ui}/curator-reports/")
            assert report.url.endswith("/report.html")
            # The report itself, not the UI's fallback page: its header and the run's id.
            body = report.inner_text("body")
            assert "Data-quality report" in body and "relations" in body
            assert report.url.split("/curator-reports/")[1].split("/")[0] in body
            report.close()
        finally:
            page.close()
            context.unroute("**/*", loopback_only)
        assert outside == []  # the UI works offline
        assert shot.stat().st_size > 10_000
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("curator serve did not stop within 90 s of SIGTERM")
    assert "stopped the local Prefect server" in log.read_text()
    assert port is not None and not port_open(port)
    assert processes_in_session(process.pid) == []  # serve's flow-run processes
    assert servers_started_by(process.pid) == []  # the server (its own session)
