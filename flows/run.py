"""`curator run`: one flow run with the chosen task runner, progress on a terminal, a summary and an exit code.

Unless PREFECT_API_URL names a server, the run starts its own Prefect API server on loopback before it imports
Prefect, polars, pandera and the core, so the server's start-up (a few seconds of imports) overlaps the client's,
and stops it on every way out (completion, an error, Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.api_server import ApiServer, ServerDiedError, drain_prefect_clients, prefect_home
from flows.progress import add_listener, remove_listener

EXIT_OK = 0
EXIT_GATE_FAILED = 1
# The run's own Prefect server did not start, or exited during the run.
EXIT_SERVER_FAILED = 4
# After its server died, how long a run may take to unwind to the release of its lock, then to return; past that it
# ends at once (Prefect would otherwise go on calling the dead server). Its outputs are whole at any moment.
UNWIND_TIMEOUT_SECONDS = 120.0
RETURN_GRACE_SECONDS = 3.0

# Modules a run would otherwise import lazily on its critical path, after the server is up: Prefect encodes flow
# parameters with FastAPI's encoder, the task engine loads with the first task, and pandera loads its polars
# checks (with hypothesis) on the first validation. Importing them while the server starts costs no wall time.
WARM_MODULES = ("fastapi.encoders", "prefect.task_engine", "pandera.backends.polars.builtin_checks")


def task_runner(runner: str, dask_address: str | None) -> Any:
    """The Prefect task runner named on the command line."""
    if runner == "dask":
        from prefect_dask.task_runners import DaskTaskRunner

        return DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner()
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner()


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment, or from Prefect's settings when this process has already loaded them."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if "prefect.settings" in sys.modules:  # e.g. a caller inside a Prefect test harness; never imported just to ask
        from prefect.settings import get_current_settings

        return get_current_settings().api.url
    return None


@contextmanager
def prefect_api() -> Iterator[ApiServer | None]:
    """None when a Prefect API is configured, else a local server started now and stopped on the way out.

    The local server's address goes into PREFECT_API_URL before Prefect is imported, so every client uses it.
    """
    if configured_api_url():
        yield None
        return
    home = prefect_home()
    server = ApiServer(home / "curator-run-server.log", single_run=True)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def run_once(args: argparse.Namespace, server: ApiServer | None) -> int:
    """Run the curate flow once on `server` (None: the configured API); 0 completed, 1 a blocking gate failed."""
    data_docs = not args.no_data_docs
    listener = _terminal_progress() if sys.stdout.isatty() else None
    if listener is not None:
        add_listener(listener)
    try:
        # Everything up to wait_healthy() overlaps the server's start.
        with _garbage_collection_paused():
            from curator.report.gx_docs import data_docs_current

            # Great Expectations takes seconds to import: loaded here, while the server starts, when the run builds
            # Data Docs and they do not already describe the published version (a rerun that changes nothing reuses
            # them without GX). A worker process building them alongside the run was tried: on 2 CPUs it made a
            # cold run on raw/ 1.9 s slower (median of 3, quiet machine).
            warm: tuple[str, ...] = WARM_MODULES
            if data_docs and not data_docs_current(Path(args.out)):
                warm += ("great_expectations",)
            from prefect.settings import get_current_settings, temporary_settings

            from flows.curate import curate

            for module in warm:
                importlib.import_module(module)
        flow = curate.with_options(task_runner=task_runner(args.runner, args.dask_address))
        # For a server that lives exactly as long as this process: no heartbeats (they let a server notice a
        # crashed run, and there is nobody to tell; stopping their thread waits up to a second at the end of every
        # run), and no "View at" link to a UI this server does not serve and that is gone once the run ends.
        updates = {"flows.heartbeat_frequency": None, "ui_url": ""} if server is not None else {}
        watch = _ServerWatch(server, args.out) if server is not None else None
        if server is not None and watch is not None:
            server.wait_healthy()
            server.watch(watch.on_exit)
        _storage_errors_in_one_line()
        try:
            with temporary_settings(updates=updates):
                if watch is not None:
                    watch.settings = get_current_settings()
                summary = flow(
                    raw_dir=str(args.raw),
                    out_dir=str(args.out),
                    batch_size=args.batch_size,
                    data_docs=data_docs,
                    wait_for_lock=args.wait,
                    decisions=str(args.decisions),
                    workers=args.workers,
                    focal_country=args.focal_country,
                    notify=list(args.notify),
                )
        except BaseException:
            # Interrupted by the watch, or Prefect failing to reach the dead server: one line says what happened.
            if watch is not None and watch.exit_code is not None:
                raise ServerDiedError(watch.message()) from None
            raise
        finally:
            if watch is not None:
                watch.finished.set()
            if server is not None and (watch is None or watch.exit_code is None):
                drain_prefect_clients()
    finally:
        if listener is not None:
            remove_listener(listener)
            listener.close()
    print(f"run {summary.run_id}: {summary.status}")
    print(
        f"documents: {summary.documents} parsed, {summary.rejected} rejected"
        f" ({summary.reused} reused from the cache, {summary.reread} read, {summary.removed} removed)"
    )
    for name, counts in summary.datasets.items():
        print(
            f"  {name:<16} {counts['rows_in']:>7} in  {counts['rows_curated']:>7} curated"
            f"  {counts['rows_quarantined']:>7} quarantined"
        )
    for sent in summary.notifications:
        outcome = "sent" if sent["ok"] else f"failed ({sent['error']})"
        print(f"notify {sent['url']}: {outcome}")
    print(f"report: {summary.report_html}")
    return EXIT_GATE_FAILED if summary.status == "failed" else EXIT_OK


class _ServerWatch:
    """What a run does when its own Prefect server exits under it: interrupt the flow (it unwinds like Ctrl-C: batch
    lanes stopped, staging removed, lock released), make every further call to the dead API fail at once, and end
    the process if Prefect has not returned soon after the lock was released."""

    def __init__(self, server: ApiServer, out: Path) -> None:
        self.server, self.out = server, out
        self.exit_code: int | None = None
        self.finished = threading.Event()
        self.settings: Any = None  # the run's Prefect settings, once the flow is about to start

    def message(self) -> str:
        return (
            f"the local Prefect server exited (code {self.exit_code}) during the run (log: {self.server.log_path});"
            " the run was stopped, its outputs are whole (the previous run's, or this run's if it had published)"
        )

    def on_exit(self, code: int) -> None:
        from curator.storage.lock import run_lock_is_free

        if self.finished.is_set():
            return  # the run had ended; stopping it has nothing left to do
        self.exit_code = code
        _stop_calling_the_api(self.settings)
        main = threading.main_thread().ident
        if main is not None:
            signal.pthread_kill(main, signal.SIGINT)
        deadline = time.monotonic() + UNWIND_TIMEOUT_SECONDS
        while not self.finished.is_set() and not run_lock_is_free(self.out) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not self.finished.wait(RETURN_GRACE_SECONDS):
            print(f"curator run: error: {self.message()}", file=sys.stderr, flush=True)
            sys.stdout.flush()
            os._exit(EXIT_SERVER_FAILED)


def _stop_calling_the_api(settings: Any) -> None:
    """Calls to a server known dead fail at once (no minute of backing off per call), and Prefect's API log and
    event workers stop reporting that they cannot reach it."""
    from prefect.logging.handlers import APILogHandler

    if settings is not None:
        settings.client.max_retries = 0
    for name in ("prefect.flow_runs", "prefect.task_runs", "prefect.extra"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler, APILogHandler):
                logger.removeHandler(handler)
    for name in list(logging.Logger.manager.loggerDict):
        if name.startswith(("prefect.events", "prefect._internal")):
            logging.getLogger(name).disabled = True  # their failures to reach it, from background threads
    logging.raiseExceptions = False  # Prefect's API log worker reports its failures through this flag


class _NoStorageTraceback(logging.Filter):
    """A storage error's own message says what failed and where: Prefect logs it without its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        from curator.storage.errors import StorageError

        if record.exc_info and isinstance(record.exc_info[1], StorageError):
            record.exc_info = None
            record.exc_text = None
        return True


def _storage_errors_in_one_line() -> None:
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _NoStorageTraceback) for f in handler.filters):
            handler.addFilter(_NoStorageTraceback())


@contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while importing: imports make millions of objects and almost no garbage, so
    collections there are pure cost (about a sixth of the import time); what was imported is frozen out of later ones.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


class _terminal_progress:  # noqa: N801 - used like a function that returns a listener
    """A rich progress bar on the terminal: documents parsed of total, then the stage."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        )
        self._task = self._progress.add_task("starting Prefect", total=None)
        self._progress.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        description = "parse documents" if stage == "parse" else stage
        self._progress.update(self._task, description=description, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()
