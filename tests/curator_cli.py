"""The `curator` console script as tests run it: in a subprocess from this virtual environment, or in process."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CURATOR = Path(sys.executable).with_name("curator")
UNREACHABLE_API = "http://127.0.0.1:9/api"  # the discard port: nothing answers there


def own_server_env(**extra: str) -> dict[str, str]:
    """This process's environment without PREFECT_API_URL (so a run starts a Prefect server of its own), plus
    `extra`."""
    return {**{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}, **extra}


def run_cli(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`curator ARGS...` run to its end, its output captured as text."""
    return subprocess.run(
        [str(CURATOR), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy() if env is None else env,
        check=False,
    )


def main_in_process(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """`curator ARGS...` through the console script's own entry point (`flows.cli.main`) in this process, from
    `cwd`: its exit code (argparse's SystemExit included) and what it printed, as `run_cli` gives them, without an
    interpreter start-up and a second import of everything.

    For tests of what a command says and returns, not of the process around it (signals, servers, argv bytes): an
    exception `main` lets escape (what a subprocess would print as a traceback) fails the calling test.

    PREFECT_API_URL names a port nothing listens on for the call, so `run` checks its arguments without starting a
    Prefect server in the test process; a run that got past them fails to reach that address, never exits 2."""
    from flows.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    previous_api = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = UNREACHABLE_API
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(list(args))
            except SystemExit as done:  # argparse: --help (0) and bad invocations (2)
                code = done.code if isinstance(done.code, int) else int(done.code is not None)
    finally:
        if previous_api is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous_api
    return subprocess.CompletedProcess(["curator", *args], code, stdout.getvalue(), stderr.getvalue())
