"""The `curator` command: a run writes the datasets and report; bad invocations exit 2 with one line."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from curator_cli import CURATOR, REPO, main_in_process, own_server_env, run_cli

from curator.storage.lock import run_lock
from flows.cli import main


@pytest.mark.flow
@pytest.mark.xdist_group("prefect")  # the session's embedded Prefect server, shared with test_flow and test_dask
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
    """A bad invocation prints one line on stderr naming the problem, no traceback (nothing escapes `main`), and
    exits 2."""
    result = main_in_process(*args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2
    assert len(lines) == 1, result.stderr
    assert message in lines[0]


def test_the_console_script_reports_a_bad_invocation_in_one_line_and_exits_2() -> None:
    """The installed `curator` script, in a process of its own, turns a bad invocation into one stderr line and exit
    2 (the in-process cases above go through the same `main`)."""
    result = run_cli("run", "--bogus")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2
    assert lines == ["curator: error: unrecognized arguments: --bogus (see 'curator --help')"], result.stderr
    assert result.stdout == ""


def test_unreadable_raw_root_exits_2(tmp_path: Path) -> None:
    """An input root that is a file, not a directory, is a bad invocation."""
    not_a_dir = tmp_path / "raw.txt"
    not_a_dir.write_text("x")
    result = main_in_process("run", "--raw", str(not_a_dir))
    assert result.returncode == 2
    assert "is not a directory" in result.stderr


@pytest.mark.parametrize("command", ["run", "serve", "check", "dictionary"])
def test_every_command_has_help(command: str) -> None:
    """`--help` explains every command's options."""
    result = main_in_process(command, "--help")
    assert result.returncode == 0
    assert "usage: curator" in result.stdout


def test_check_prints_findings_and_writes_nothing(tmp_path: Path) -> None:
    """`curator check` reports quarantine reasons with file:line and writes no file."""
    before = set(REPO.rglob("*.parquet"))
    result = main_in_process("check", "raw/001_d85be5eb45d2c744.txt")
    assert result.returncode == 1  # relations rows with no recoverable country
    assert (
        "raw/001_d85be5eb45d2c744.txt:407: country: not_nullable; hint: between Malta and Montenegro" in result.stdout
    )
    assert set(REPO.rglob("*.parquet")) == before


def test_check_of_a_clean_document_exits_0() -> None:
    """A document whose rows all pass gives exit 0."""
    result = main_in_process("check", "raw/000_f68905f39f9d6f28.txt")
    assert result.returncode == 0, result.stdout
    assert "ambassadors: 16 rows, 16 valid, 0 quarantined" in result.stdout


@pytest.mark.flow
def test_console_script_end_to_end(
    tmp_path: Path, servers_started_by: Callable[[int], list[int]], created_prefect_home: Path
) -> None:
    """The installed `curator run` (its own local Prefect server) writes every dataset, report and Data Docs."""
    process = subprocess.Popen(
        [str(CURATOR), "run", "--out", str(tmp_path / "curated")],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PREFECT_HOME": str(created_prefect_home)},
    )
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr[-2000:]
    out = tmp_path / "curated"
    for name in ("documents", "relations", "relation_events", "ambassadors", "opinion_polls", "missions"):
        assert (out / f"{name}.parquet").exists()
    assert (out / "reports" / "latest" / "report.json").exists()
    assert (out / "reports" / "gx" / "index.html").exists()
    assert "Traceback" not in stderr
    assert servers_started_by(process.pid) == []


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def prefect_runs(home: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(state, sorted (task name, state) pairs) of every flow run in the Prefect database under `home`, oldest first."""
    with sqlite3.connect(home / "prefect.db") as db:
        flow_runs = db.execute("SELECT id, state_type FROM flow_run ORDER BY created").fetchall()
        return [
            (
                state,
                sorted(
                    (name.rsplit("-", 1)[0], task_state)
                    for name, task_state in db.execute(
                        "SELECT name, state_type FROM task_run WHERE flow_run_id = ?", (id_,)
                    )
                ),
            )
            for id_, state in flow_runs
        ]


@pytest.mark.flow
def test_runs_are_recorded_by_the_server_each_run_starts_and_stops(
    tmp_path: Path, servers_started_by: Callable[[int], list[int]]
) -> None:
    """Two runs in a fresh PREFECT_HOME each start and stop their own server (the first creates the database, the
    second finds it current and skips migrations) and leave a completed flow run with its task runs on record; the
    second run finds every document unchanged, so it processes no batch."""
    env = own_server_env(PREFECT_HOME=str(tmp_path / "home"))
    for _ in range(2):
        process = subprocess.Popen(
            [str(CURATOR), "run", "--out", str(tmp_path / "curated"), "--no-data-docs"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr[-2000:]
        assert servers_started_by(process.pid) == []
    stages = ["assemble", "discover", "plan", "publish", "report"]
    first = ("COMPLETED", sorted((name, "COMPLETED") for name in [*stages, "process-batch"]))
    rerun = ("COMPLETED", [(name, "COMPLETED") for name in stages])
    assert prefect_runs(tmp_path / "home") == [first, rerun]


@pytest.mark.flow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_stops_its_server(
    tmp_path: Path, signum: int, servers_started_by: Callable[[int], list[int]], created_prefect_home: Path
) -> None:
    """Ctrl-C (SIGINT) or SIGTERM during a run exits 130 with one line and leaves no server process or open port.

    The test holds the output's run lock, so the run (with --wait) starts its server and then waits inside the flow
    until the signal lands: the signal never races the end of a fast run."""
    out = tmp_path / "curated"
    with run_lock(out, "the test"):
        process = subprocess.Popen(
            [str(CURATOR), "run", "--out", str(out), "--no-data-docs", "--wait"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PREFECT_HOME": str(created_prefect_home)},
        )
        stderr, port = _interrupt_once_served(process, signum, servers_started_by)
    assert process.returncode == 130, stderr[-2000:]
    assert "curator run: interrupted" in stderr
    assert "Traceback" not in stderr
    assert servers_started_by(process.pid) == []
    assert not port_open(port)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interruption_a_library_wraps_in_its_own_error_still_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], signum: int
) -> None:
    """Ctrl-C or SIGTERM that a library turns into an error of its own (pydantic does, inside Prefect's settings)
    is still an interruption: one line and exit 130, no traceback."""

    def wrapping_library(_args: object) -> int:
        try:
            os.kill(os.getpid(), signum)
            time.sleep(5)  # the handler raises here
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling function `_ser_model`: KeyboardInterrupt") from interrupt
        return 0

    monkeypatch.setattr("flows.cli._dispatch", wrapping_library)
    assert main(["history", "--out", "curated"]) == 130
    assert capsys.readouterr().err == "curator history: interrupted\n"


def _interrupt_once_served(
    process: subprocess.Popen[str], signum: int, servers_started_by: Callable[[int], list[int]]
) -> tuple[str, int]:
    """Wait until the run's server answers, send `signum`, and return the run's stderr and the server's port."""
    try:
        deadline = time.monotonic() + 120
        port = None
        while port is None and time.monotonic() < deadline and process.poll() is None:
            for pid in servers_started_by(process.pid):
                argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
                candidate = int(argv[argv.index(b"--port") + 1])
                port = candidate if port_open(candidate) else None
            time.sleep(0.05)
        assert port is not None, "the run's server never answered"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    return stderr, port


@pytest.mark.flow
def test_a_server_that_cannot_start_is_one_line_and_exit_4(
    tmp_path: Path, servers_started_by: Callable[[int], list[int]]
) -> None:
    """When the run's server cannot start (here: its database is unreachable) the run says so in one line naming
    the server's log, exits 4 (1 means a gate failed), and leaves no server behind."""
    env = own_server_env(PREFECT_HOME=str(tmp_path / "home"))
    env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = "postgresql+asyncpg://curator:secret@127.0.0.1:1/prefect"
    process = subprocess.Popen(
        [str(CURATOR), "run", "--out", str(tmp_path / "curated"), "--no-data-docs"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    _, stderr = process.communicate(timeout=300)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert process.returncode == 4
    assert len(lines) == 1, stderr
    assert "local Prefect server exited" in lines[0]
    assert str(tmp_path / "home" / "curator-run-server.log") in lines[0]
    assert servers_started_by(process.pid) == []
    assert not (tmp_path / "curated").exists()


def test_a_configured_api_starts_no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """With PREFECT_API_URL set, a run uses that server and starts none of its own."""
    from flows.run import prefect_api

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    with prefect_api() as server:
        assert server is None
    assert os.environ["PREFECT_API_URL"] == "http://127.0.0.1:9/api"


def write_migration(folder: Path, revision: str, down_revision: str | None) -> None:
    down = "None" if down_revision is None else f'"{down_revision}"'
    (folder / f"{revision}_step.py").write_text(f'"""Step."""\nrevision = "{revision}"\ndown_revision = {down}\n')


@pytest.mark.parametrize(
    ("chain", "head"),
    [
        ([("a1", None), ("b2", "a1"), ("c3", "b2")], "c3"),  # a straight line of migrations: its last one
        ([("a1", None), ("b2", "a1"), ("c3", "a1")], None),  # two heads: not a state to skip migrations from
        ([], None),  # no migrations found at all
    ],
)
def test_migration_head_is_the_one_revision_nothing_follows(
    tmp_path: Path, chain: list[tuple[str, str | None]], head: str | None
) -> None:
    """The head read off Prefect's migration files is the single revision no other names as its parent, else None."""
    from flows.api_server import migration_head

    for revision, down_revision in chain:
        write_migration(tmp_path, revision, down_revision)
    assert migration_head(tmp_path) == head


def test_database_revision_reads_the_alembic_stamp(tmp_path: Path) -> None:
    """The database's revision is its alembic_version stamp; a missing file or an unstamped database has none."""
    from flows.api_server import database_revision

    assert database_revision(tmp_path / "absent.db") is None
    with sqlite3.connect(tmp_path / "unstamped.db") as db:
        db.execute("CREATE TABLE flow_run (id TEXT)")
    assert database_revision(tmp_path / "unstamped.db") is None
    with sqlite3.connect(tmp_path / "stamped.db") as db:
        db.execute("CREATE TABLE alembic_version (version_num TEXT)")
        db.execute("INSERT INTO alembic_version VALUES ('c3')")
    assert database_revision(tmp_path / "stamped.db") == "c3"


def test_data_dictionary_is_current() -> None:
    """curated/README.md is exactly what the Pandera contracts generate (run `make dictionary` when stale)."""
    from curator.report.dictionary import render_data_dictionary
    from schemas import ALL_MODELS

    assert (REPO / "curated" / "README.md").read_text(encoding="utf-8") == render_data_dictionary(ALL_MODELS)


@pytest.mark.flow
@pytest.mark.skipif(shutil.which("script") is None, reason="util-linux `script` provides the pseudo-terminal")
def test_run_on_a_terminal_shows_stage_progress_and_a_summary(tmp_path: Path, created_prefect_home: Path) -> None:
    """On a terminal `curator run` draws a progress bar through the stages and ends with the summary and report path."""
    command = f"{CURATOR} run --raw {REPO / 'raw'} --out {tmp_path / 'curated'} --no-data-docs"
    env = {**os.environ, "PREFECT_HOME": str(created_prefect_home)}
    result = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, text=True, timeout=300, env=env
    )
    screen = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", result.stdout).replace("\r", "\n")
    assert result.returncode == 0, screen[-2000:]
    assert "starting Prefect" in screen
    assert re.search(r"done\s+━+\s+1/1", screen)
    assert "report: " in screen
    assert " INFO " not in screen  # Prefect's INFO lines stay out of the terminal view
