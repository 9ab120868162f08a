"""The Prefect API server that `curator run` and `curator serve` start on loopback: the parent's handle and the child.

The parent side (`ApiServer`) imports only the standard library, so `curator run` can start the server before it
imports Prefect, polars and pandera, and the two start-ups overlap. The child side (`python -m flows.api_server`)
configures Prefect's own server application (`prefect.server.api.server.create_app`) and runs it under uvicorn:

- `--single-run` (for `curator run`): the application Prefect builds for its temporary server (no UI), with the
  services a single flow run needs (task-run recorder, event persister, event and log streams, automations) and
  none of those that act on schedules, deployments or workers; database migrations and block registration are
  skipped when the database is already at the installed Prefect's migration head (never on a fresh database).
- otherwise (for `curator serve`): the full server, as `prefect server start` runs it (scheduler and every other
  service, migrations on start), with the UI on when `--ui` is given and the output root's reports served
  read-only under `REPORTS_PATH`, so the run's Markdown artifact can link to its HTML report.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

SERVER_START_TIMEOUT_SECONDS = 120.0
HEALTH_POLL_SECONDS = 0.05
STOP_TIMEOUT_SECONDS = 20.0
# Where the serve server publishes `<out>/reports/`; the summary artifact links to `REPORTS_PATH/<run_id>/report.html`.
REPORTS_PATH = "/curator-reports"
DRAIN_TIMEOUT_SECONDS = 10.0
# How often a run checks that its own server is still alive.
WATCH_POLL_SECONDS = 0.2

# Services a single run does not need: they act on schedules, late or paused runs, workers, leases and
# cancellations, none of which a run that starts and stops its own server can have. (Prefect's temporary-server
# application leaves them out already; they are named so that a single run never gets them.) The automations
# services (`triggers`) stay on: the database is the one `curator serve` shows, and an automation set up there,
# e.g. a notification when a run fails, applies to runs of `curator run` too. Turning them off saved nothing
# measurable.
SINGLE_RUN_SERVICES_OFF = (
    "scheduler",
    "late_runs",
    "foreman",
    "cancellation_cleanup",
    "pause_expirations",
    "repossessor",
    "cleanup_reconciler",
)


class ServerError(RuntimeError):
    """The local Prefect server a command started failed; the message names its log file."""


class ServerStartError(ServerError):
    """The local Prefect server exited or did not answer in time; the message names its log file."""


class ServerDiedError(ServerError):
    """The local Prefect server exited while a run used it; the message names its exit code and log file."""


def prefect_home() -> Path:
    """Where Prefect keeps its database and where the servers started here write their logs."""
    return Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()


def drain_prefect_clients() -> None:
    """Send this process's buffered events and logs while its server still listens, not at interpreter exit (when
    a server this process started is gone)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (EventsWorker, APILogWorker):
        worker.drain_all(timeout=DRAIN_TIMEOUT_SECONDS)


class ApiServer:
    """A Prefect API server child process on 127.0.0.1, in its own process group; `stop()` ends it and its children."""

    def __init__(self, log_path: Path, *, single_run: bool, ui: bool = False, reports_dir: Path | None = None) -> None:
        # The port is bound here and the socket handed to the child: no other process can take it meanwhile.
        listener = socket.socket()
        try:
            listener.bind(("127.0.0.1", 0))
            self.port = int(listener.getsockname()[1])
            self.url = f"http://127.0.0.1:{self.port}"
            self.api_url = f"{self.url}/api"
            self.log_path = log_path
            self._stopping = threading.Event()
            command = [sys.executable, "-P", "-m", "flows.api_server", "--port", str(self.port)]
            command += ["--fd", str(listener.fileno())]
            command += ["--single-run"] if single_run else []
            command += ["--ui"] if ui else []
            command += ["--reports", str(reports_dir.resolve())] if reports_dir is not None else []
            log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log: IO[bytes] = log_path.open("wb")
            # Fixed argument list of our own interpreter; nothing from a document reaches it.
            self._process = subprocess.Popen(  # noqa: S603
                command,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),),
                start_new_session=True,  # its own process group: a Ctrl-C on the terminal reaches us; we stop it
                env={**os.environ, "CURATOR_SERVER_PARENT_PID": str(os.getpid())},
            )
        finally:
            listener.close()  # the child holds its own copy

    def wait_healthy(self, timeout: float = SERVER_START_TIMEOUT_SECONDS) -> None:
        """Block until the API answers its health check; raise ServerStartError if it exits or times out."""
        deadline = time.monotonic() + timeout
        health = f"{self.api_url}/health"  # http on loopback, built from our own port
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ServerStartError(
                    f"the local Prefect server exited with code {self._process.returncode} (log: {self.log_path})"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(HEALTH_POLL_SECONDS)
        raise ServerStartError(f"the local Prefect server did not answer within {timeout:.0f} s (log: {self.log_path})")

    def watch(self, on_exit: Callable[[int], None]) -> None:
        """Call `on_exit(exit code)` from a background thread if the server exits before `stop()` is called."""

        def poll() -> None:
            while not self._stopping.wait(WATCH_POLL_SECONDS):
                code = self._process.poll()
                if code is not None:
                    if not self._stopping.is_set():
                        on_exit(code)
                    return

        threading.Thread(target=poll, name="prefect-server-watch", daemon=True).start()

    def stop(self) -> None:
        """End the server's process group gracefully (it flushes recorded task runs and events), then wait."""
        self._stopping.set()
        # A second Ctrl-C or SIGTERM while stopping must not leave the server behind.
        deferred = _ignore_signals()
        try:
            if self._process.poll() is None:
                _signal_group(self._process.pid, signal.SIGTERM)
                try:
                    self._process.wait(timeout=STOP_TIMEOUT_SECONDS)
                except subprocess.TimeoutExpired:
                    _signal_group(self._process.pid, signal.SIGKILL)
                    self._process.wait()
            self._log.close()
        finally:
            _restore_signals(deferred)


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(pid, signum)


def _ignore_signals() -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, signal.SIG_IGN) for signum in (signal.SIGINT, signal.SIGTERM)}


def _restore_signals(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


# The child process: `python -m flows.api_server --port PORT [--fd FD] [--single-run] [--ui] [--reports DIR]`.


def migration_head(versions_dir: Path) -> str | None:
    """The single Alembic head among the migration files in `versions_dir`, or None when there is not exactly one."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in versions_dir.glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = re.search(r"^revision\s*=\s*['\"](\w+)['\"]", text, re.MULTILINE)
        if revision is None:
            return None
        revisions.add(revision.group(1))
        for line in re.findall(r"^down_revision\s*=\s*(.+)$", text, re.MULTILINE):
            parents.update(re.findall(r"['\"](\w+)['\"]", line))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def database_revision(path: Path) -> str | None:
    """The Alembic revision stamped in an SQLite database file, or None when there is no such file or stamp."""
    if not path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def _sqlite_database_is_current(connection_url: str) -> bool:
    """True when the server's database is an existing SQLite file already at the installed Prefect's head."""
    import prefect.server.database
    from sqlalchemy.engine import make_url

    url = make_url(connection_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return False
    versions = Path(prefect.server.database.__file__).parent / "_migrations" / "versions" / "sqlite"
    head = migration_head(versions)
    return head is not None and database_revision(Path(url.database)) == head


def _exit_with_parent(parent_pid: int) -> None:
    """Stop this server (gracefully, through uvicorn's SIGTERM handler) if the process that started it dies."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> None:
    """Run Prefect's server application on 127.0.0.1 until SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m flows.api_server", description=main.__doc__)
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    parser.add_argument("--fd", type=int, help="a socket already bound to that port, to serve on")
    parser.add_argument("--single-run", action="store_true", help="only what one `curator run` needs")
    parser.add_argument("--ui", action="store_true", help="serve the Prefect UI (built into the prefect package)")
    parser.add_argument("--reports", type=Path, help=f"directory served read-only under {REPORTS_PATH}/")
    args = parser.parse_args(argv)
    parent = os.environ.get("CURATOR_SERVER_PARENT_PID")
    if parent:
        _exit_with_parent(int(parent))
    # No cyclic garbage collection during start-up: the imports and the application make millions of objects and
    # almost no garbage. What start-up made is frozen out of the collections that resume once the server runs.
    gc.disable()

    import uvicorn
    from prefect.settings import get_current_settings, temporary_settings

    settings = get_current_settings()
    api_url = f"http://127.0.0.1:{args.port}/api"
    updates: dict[str, Any] = {
        "server.analytics_enabled": False,
        "server.ui.enabled": args.ui and not args.single_run,
        "server.ui.api_url": api_url,  # the UI's browser side talks to this port, not the default 4200
        "server.api.host": "127.0.0.1",
        "server.api.port": args.port,
    }
    if args.single_run:
        updates.update({f"server.services.{name}.enabled": False for name in SINGLE_RUN_SERVICES_OFF})
        connection_url = settings.server.database.connection_url
        if connection_url is not None and _sqlite_database_is_current(connection_url.get_secret_value()):
            # Already migrated, and its block types registered when it was: a fresh database never gets here.
            updates["server.database.migrate_on_start"] = False
            updates["server.register_blocks_on_start"] = False
            updates["server.memoize_block_auto_registration"] = False

    with temporary_settings(updates=updates) as configured:
        from prefect.server.api.server import create_app

        app = create_app(ephemeral=args.single_run, final=True)
        if args.reports is not None:
            from starlette.routing import Mount
            from starlette.staticfiles import StaticFiles

            # Before the UI's catch-all mount at "/"; StaticFiles refuses paths that leave the directory.
            reports = StaticFiles(directory=args.reports, check_dir=False)
            app.router.routes.insert(0, Mount(REPORTS_PATH, app=reports, name="curator-reports"))
        api = configured.server.api
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                host="127.0.0.1",
                port=args.port,
                timeout_keep_alive=api.keepalive_timeout,
                ws_ping_interval=api.websocket_ping_interval,
                ws_ping_timeout=api.websocket_ping_timeout,
                log_level="error",
                lifespan="on",
            )
        )
        gc.freeze()
        gc.enable()
        server.run(sockets=None if args.fd is None else [socket.socket(fileno=args.fd)])


if __name__ == "__main__":
    main()
