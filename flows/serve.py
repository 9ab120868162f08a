"""`curator serve`: the curate flow as a scheduled deployment, on the configured Prefect server or a local one."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import FrameType

SERVER_START_TIMEOUT_SECONDS = 120.0
DEPLOYMENT_NAME = "curate-scheduled"


class LocalServer:
    """A `prefect server start` child process on 127.0.0.1, stopped (with its children) by `stop()`."""

    def __init__(self, port: int, log_path: Path) -> None:
        self.port = port
        self.api_url = f"http://127.0.0.1:{port}/api"
        self._log = log_path.open("ab")
        # Fixed argument list of our own interpreter; nothing from a document reaches it.
        self._process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends the whole server
            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"},
        )

    def wait_healthy(self, timeout: float = SERVER_START_TIMEOUT_SECONDS) -> None:
        """Block until the API answers its health check; raise RuntimeError if it dies or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the local Prefect server exited with code {self._process.returncode}")
            try:
                health = f"{self.api_url}/health"  # http on loopback, built from our own port
                with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the local Prefect server did not become healthy within {timeout:.0f} s")

    def stop(self) -> None:
        """Terminate the server's process group and wait for it."""
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
        self._log.close()


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop_flow_run_processes() -> None:
    """End flow runs still executing in child processes (a run publishes atomically, so none is left half-done)."""
    for child in multiprocessing.active_children():
        child.terminate()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()


def _drain_prefect_clients() -> None:
    """Send buffered events and logs while the server still listens, so exiting never waits on a dead server."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (EventsWorker, APILogWorker):
        worker.drain_all(timeout=10)


def serve(args: argparse.Namespace) -> int:
    """Serve until interrupted; a server this command started is stopped on the way out."""
    signal.signal(signal.SIGTERM, _raise_interrupt)
    server: LocalServer | None = None
    if not os.environ.get("PREFECT_API_URL"):
        home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect"))
        home.mkdir(parents=True, exist_ok=True)
        server = LocalServer(free_loopback_port(), home / "curator-serve-server.log")
        print(
            f"starting a local Prefect server at {server.api_url} (log: {home / 'curator-serve-server.log'})",
            flush=True,
        )
        try:
            server.wait_healthy()
        except (RuntimeError, KeyboardInterrupt):
            server.stop()
            raise
        # Read once here, before Prefect is imported, so every client in this process uses the server.
        os.environ["PREFECT_API_URL"] = server.api_url
    try:
        from flows.curate import curate

        print(
            f"serving deployment 'curate/{DEPLOYMENT_NAME}' "
            f"({'cron ' + args.cron if args.cron else f'every {args.interval} s'}); Ctrl-C stops",
            flush=True,
        )
        curate.serve(
            name=DEPLOYMENT_NAME,
            cron=args.cron,
            interval=args.interval,
            parameters={"raw_dir": str(args.raw.resolve()), "out_dir": str(args.out.resolve())},
            print_starting_message=False,
            limit=1,  # one run at a time: runs publish into the same output root
        )
    except KeyboardInterrupt:
        pass
    finally:
        _stop_flow_run_processes()
        if server is not None:
            _drain_prefect_clients()
            server.stop()
            print("stopped the local Prefect server", flush=True)
    return 0
