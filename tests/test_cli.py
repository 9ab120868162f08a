"""The `curator` command: a run writes the datasets and report; bad invocations exit 2 with one line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from flows.cli import main

REPO = Path(__file__).resolve().parents[1]
CURATOR = Path(sys.executable).with_name("curator")


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CURATOR), *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=os.environ.copy()
    )


@pytest.mark.flow
def test_run_writes_five_documents(prefect_harness: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`curator run --out DIR` writes documents.parquet with the five raw documents and exits 0."""
    code = main(["run", "--raw", str(REPO / "raw"), "--out", str(tmp_path), "--no-data-docs"])
    assert code == 0
    documents = pl.read_parquet(tmp_path / "documents.parquet")
    assert documents.height == 5
    assert documents.filter(pl.col("source_file") == "001_d85be5eb45d2c744.txt")["tables"].item() == 8
    out = capsys.readouterr().out
    assert "relations" in out and "report:" in out
    assert (tmp_path / "reports" / "latest" / "report.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--raw", "/nonexistent"], "input root /nonexistent does not exist"),
        (["run", "--bogus"], "unrecognized arguments: --bogus"),
        (["run", "--runner", "spark"], "invalid choice: 'spark'"),
        (["run", "--batch-size", "0"], "expected a number of at least 1"),
        (["run", "--dask-address", "tcp://127.0.0.1:1"], "--dask-address needs --runner dask"),
        (["serve"], "one of the arguments --cron --interval is required"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_bad_invocation_exits_2_with_one_line(args: list[str], message: str) -> None:
    """A bad invocation prints one line on stderr naming the problem, no traceback, and exits 2."""
    result = run_cli(*args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_unreadable_raw_root_exits_2(tmp_path: Path) -> None:
    """An input root that is a file, not a directory, is a bad invocation."""
    not_a_dir = tmp_path / "raw.txt"
    not_a_dir.write_text("x")
    result = run_cli("run", "--raw", str(not_a_dir))
    assert result.returncode == 2
    assert "is not a directory" in result.stderr


@pytest.mark.parametrize("command", ["run", "serve", "check", "dictionary"])
def test_every_command_has_help(command: str) -> None:
    """`--help` explains every command's options."""
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "usage: curator" in result.stdout


def test_check_prints_findings_and_writes_nothing(tmp_path: Path) -> None:
    """`curator check` reports quarantine reasons with file:line and writes no file."""
    before = set(REPO.rglob("*.parquet"))
    result = run_cli("check", "raw/001_d85be5eb45d2c744.txt")
    assert result.returncode == 1  # relations rows with no recoverable country
    assert (
        "raw/001_d85be5eb45d2c744.txt:407: country: not_nullable; hint: between Malta and Montenegro" in result.stdout
    )
    assert set(REPO.rglob("*.parquet")) == before


def test_check_of_a_clean_document_exits_0() -> None:
    """A document whose rows all pass gives exit 0."""
    result = run_cli("check", "raw/000_f68905f39f9d6f28.txt")
    assert result.returncode == 0, result.stdout
    assert "ambassadors: 16 rows, 16 valid, 0 quarantined" in result.stdout


@pytest.mark.flow
def test_console_script_end_to_end(tmp_path: Path) -> None:
    """The installed `curator run` (its own embedded Prefect server) writes every dataset, report and Data Docs."""
    result = run_cli("run", "--out", str(tmp_path / "curated"))
    assert result.returncode == 0, result.stderr[-2000:]
    out = tmp_path / "curated"
    for name in ("documents", "relations", "relation_events", "ambassadors", "opinion_polls", "missions"):
        assert (out / f"{name}.parquet").exists()
    assert (out / "reports" / "latest" / "report.json").exists()
    assert (out / "reports" / "gx" / "index.html").exists()
    assert "Traceback" not in result.stderr


def test_data_dictionary_is_current() -> None:
    """curated/README.md is exactly what the Pandera contracts generate (run `make dictionary` when stale)."""
    from curator.dictionary import render_data_dictionary
    from schemas import ALL_MODELS

    assert (REPO / "curated" / "README.md").read_text(encoding="utf-8") == render_data_dictionary(ALL_MODELS)


@pytest.mark.flow
@pytest.mark.skipif(shutil.which("script") is None, reason="util-linux `script` provides the pseudo-terminal")
def test_run_on_a_terminal_shows_stage_progress_and_a_summary(tmp_path: Path) -> None:
    """On a terminal `curator run` draws a progress bar through the stages and ends with the summary and report path."""
    command = f"{CURATOR} run --raw {REPO / 'raw'} --out {tmp_path} --no-data-docs"
    result = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, text=True, timeout=300, env=os.environ.copy()
    )
    screen = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", result.stdout).replace("\r", "\n")
    assert result.returncode == 0, screen[-2000:]
    assert "starting Prefect" in screen
    assert re.search(r"done\s+━+\s+1/1", screen)
    assert "report: " in screen
    assert " INFO " not in screen  # Prefect's INFO lines stay out of the terminal view
