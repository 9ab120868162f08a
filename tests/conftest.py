"""Shared test set-up: offline Prefect state in a temporary home, one Prefect test harness per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Before anything imports Prefect: a throw-away home, no analytics, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="curator-prefect-home-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_UI_ENABLED"] = "false"
os.environ["GX_ANALYTICS_ENABLED"] = "false"
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One embedded Prefect server for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    # Generous: under pytest-xdist other workers share the cores while the server starts.
    with prefect_test_harness(server_startup_timeout=300):
        yield


def _servers_started_by(curator_pid: int) -> list[int]:
    """Live `flows.api_server` processes that the curator process `curator_pid` started (it names itself in their
    environment), whether or not that process is still alive."""
    marker = f"CURATOR_SERVER_PARENT_PID={curator_pid}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"flows.api_server" not in (entry / "cmdline").read_bytes():
                continue
            alive = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
            if alive and marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


@pytest.fixture(scope="session")
def servers_started_by() -> Callable[[int], list[int]]:
    """A function: the PIDs of live Prefect servers that a given `curator` process started."""
    return _servers_started_by


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The repository's raw documents."""
    return RAW


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


from browser import chromium_browser  # noqa: E402, F401  (session-wide Chromium fixture)
