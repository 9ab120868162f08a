"""`curator serve` starts a real Prefect server on loopback, runs the flow on its schedule, and stops it on exit."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CURATOR = Path(sys.executable).with_name("curator")
DEADLINE_SECONDS = 300


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.server
def test_serve_runs_on_schedule_and_stops_its_server(tmp_path: Path) -> None:
    """With no PREFECT_API_URL, serve starts a loopback server, a scheduled run publishes, and SIGTERM stops both."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    out = tmp_path / "curated"
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [str(CURATOR), "serve", "--interval", "5", "--raw", str(REPO / "raw"), "--out", str(out)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    port = None
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline and not (out / "reports" / "latest" / "report.json").exists():
            assert process.poll() is None, Path(log.name).read_text()[-3000:]
            if port is None:
                found = re.search(r"local Prefect server at http://127\.0\.0\.1:(\d+)/api", Path(log.name).read_text())
                port = int(found.group(1)) if found else None
            time.sleep(1)
        assert (out / "reports" / "latest" / "report.json").exists(), Path(log.name).read_text()[-3000:]
        assert (out / "relations.parquet").exists()
        assert port is not None and port_open(port)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("curator serve did not stop within 90 s of SIGTERM")
        finally:
            log.close()
    assert "stopped the local Prefect server" in Path(log.name).read_text()
    assert port is not None and not port_open(port)
