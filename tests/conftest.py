"""Shared test set-up: offline Prefect state in a temporary home, one Prefect test harness per session."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Before anything imports Prefect: a throw-away home, no analytics, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="curator-prefect-home-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_UI_ENABLED"] = "false"
os.environ["GX_ANALYTICS_ENABLED"] = "false"
os.environ.pop("PREFECT_API_URL", None)

# Every property test: derandomised (the same examples on every machine and every run, so a failure in CI reproduces
# here, and two runs of the suite cost the same), no example database to carry between runs, no per-example
# deadline (wall time on a shared 2-core machine is noise). Tests keep their own max_examples.
settings.register_profile("curator", derandomize=True, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "curator"))

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"


_HARNESS_API_URL: list[str] = []  # the embedded server's API address, noted while the harness starts


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One embedded Prefect server for every flow test of the session."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    # Generous: under pytest-xdist other workers share the cores while the server starts.
    with prefect_test_harness(server_startup_timeout=300):
        _HARNESS_API_URL[:] = [str(PREFECT_API_URL.value())]
        try:
            yield
        finally:
            _HARNESS_API_URL.clear()


@pytest.fixture(scope="session")
def prefect_api_url(prefect_harness: None) -> str:
    """The API address of the session's embedded Prefect server, for `curator` subprocesses whose test is not about
    the server a run starts (with PREFECT_API_URL set a run starts none): one server start-up instead of one a run."""
    (url,) = _HARNESS_API_URL
    assert url.startswith("http://127.0.0.1:"), url
    return url


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


def _make_prefect_home(home: Path) -> None:
    """Start and stop a run's Prefect server (`flows.api_server --single-run`) on the empty home `home`: it
    creates the database at the installed Prefect's migration head and registers the block types."""
    from flows.api_server import ApiServer

    previous = os.environ.get("PREFECT_HOME")
    os.environ["PREFECT_HOME"] = str(home)  # the child server reads it; restored before anything else runs here
    try:
        server = ApiServer(home / "template-server.log", single_run=True)
    finally:
        if previous is None:
            os.environ.pop("PREFECT_HOME")
        else:
            os.environ["PREFECT_HOME"] = previous
    try:
        server.wait_healthy(timeout=300)
    finally:
        server.stop()
    (home / "template-server.log").unlink()


@pytest.fixture(scope="session")
def prefect_home_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Prefect home whose database is already created (migrated, block types registered), made once per session
    and shared by the pytest-xdist workers (the first to get here makes it under a lock; the others wait for it)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's base directory, one level above each worker's
    home = shared / "prefect-home-template"
    with (shared / "prefect-home-template.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "done").exists():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()
            _make_prefect_home(home)
            (home / "done").touch()
    return home


@pytest.fixture
def created_prefect_home(prefect_home_template: Path, tmp_path: Path) -> Path:
    """A Prefect home of this test's own whose database is already created, as a user's is after the first run:
    for tests about a run, its server or its signals, not about creating the database (a fresh home pays the
    migrations, about 10-20 s here, each time)."""
    home = tmp_path / "home"
    shutil.copytree(prefect_home_template, home, ignore=shutil.ignore_patterns("done"))
    return home


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The repository's raw documents."""
    return RAW


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


from browser import chromium_browser  # noqa: E402, F401  (session-wide Chromium fixture)
