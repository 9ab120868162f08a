"""The `curator` console script as tests run it: in a subprocess, from this virtual environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CURATOR = Path(sys.executable).with_name("curator")


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
