"""Notifications end to end: flow runs tell a local webhook when they get worse, and a failed send changes nothing."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
# A clean document of raw/: on its own a run of it quarantines nothing.
CLEAN = "000_f68905f39f9d6f28.txt"
# A relations table whose country cells are blank, with notes that name no country: every row is quarantined and
# the relations error gate (90% of rows with a country) fails.
BLANK_COUNTRIES = """= Foreign relations of Japan =

== Europe ==
| Country | Formal relations began | Notes |
| | 1 May 1950 | the name cell was lost in this copy |
| | 2 June 1951 | the name cell was lost in this copy |
| | 3 July 1952 | the name cell was lost in this copy |
"""


class Receiver:
    """A webhook on 127.0.0.1 that records every POST body (as JSON) it gets."""

    def __init__(self) -> None:
        received: list[dict[str, Any]] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.append({"path": self.path, **json.loads(body)})
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on a free loopback port, stopped after the test."""
    running = Receiver()
    try:
        yield running
    finally:
        running.stop()


def refusing_url() -> str:
    """A json:// URL on a loopback port that nothing listens on (the port was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"json://127.0.0.1:{port}/hook"


def _raw(tmp_path: Path, degraded: bool) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    shutil.copy(REPO / "raw" / CLEAN, raw / CLEAN)
    if degraded:
        (raw / "zz_blank_countries.txt").write_text(BLANK_COUNTRIES, encoding="utf-8")
    return raw


def _report(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "reports" / "latest" / "report.json").read_text(encoding="utf-8")))


@pytest.mark.flow
def test_a_run_that_degrades_notifies_once_and_an_unchanged_rerun_not_at_all(
    prefect_harness: None, tmp_path: Path, receiver: Receiver
) -> None:
    """The webhook gets nothing for a clean first run and for its unchanged rerun, then exactly one message for the
    run that got worse, naming the failed gate, the status and the quarantined rows; report.json lists the send."""
    from flows.curate import curate

    raw, out = _raw(tmp_path, degraded=False), tmp_path / "out"
    options = dict(raw_dir=str(raw), out_dir=str(out), data_docs=False, decisions=str(tmp_path / "decisions.yaml"))
    first = curate(**options, notify=[receiver.url])
    assert first.status == "passed"
    assert receiver.received == []
    rerun = curate(**options, notify=[receiver.url])
    assert receiver.received == []
    assert _report(out)["notifications"] == []

    _raw(tmp_path, degraded=True)
    degraded = curate(**options, notify=[receiver.url])
    assert degraded.status == "failed"
    (message,) = receiver.received
    assert message["path"] == "/hook"
    assert message["type"] == "failure"
    assert message["title"] == f"relations-curator run {degraded.run_id}: failed, 3 changes"
    body = message["message"]
    assert f"previous run {rerun.run_id}: passed" in body
    assert "relations: country_completeness_90 on country fails" in body
    assert "status got worse: passed -> failed" in body
    assert "relations: 0 -> 3 (+3)" in body
    assert f"Report file: {Path(degraded.report_html).resolve()}" in body
    assert "the name cell was lost" not in body  # no document text beyond excerpts of names and values
    kinds = ["gate_failed", "status_worse", "new_quarantined_rows"]
    expected = [{"url": receiver.url, "transitions": kinds, "ok": True, "error": None}]
    assert _report(out)["notifications"] == expected
    assert degraded.notifications == expected


@pytest.mark.flow
def test_a_notify_url_that_refuses_connections_leaves_the_outcome_and_exit_code_untouched(
    prefect_harness: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`curator run` of a run whose error gate fails exits 1 with or without a notify URL that refuses
    connections; both publish the same files and report the same status, and the failed send is recorded."""
    from flows.cli import main

    raw = _raw(tmp_path, degraded=True)
    common = ["run", "--raw", str(raw), "--no-data-docs", "--decisions", str(tmp_path / "decisions.yaml")]
    plain, notified = tmp_path / "plain", tmp_path / "notified"
    url = refusing_url()
    assert main([*common, "--out", str(plain)]) == 1
    assert main([*common, "--out", str(notified), "--notify", url]) == 1
    printed = capsys.readouterr().out
    assert f"notify {url}: failed (" in printed
    assert _report(plain)["status"] == _report(notified)["status"] == "failed"
    for name in ("documents", "relation_events", "ambassadors"):
        assert (plain / f"{name}.parquet").read_bytes() == (notified / f"{name}.parquet").read_bytes()
    (sent,) = _report(notified)["notifications"]
    assert sent["url"] == url and sent["ok"] is False
    assert "refused" in sent["error"].lower() or "connect" in sent["error"].lower()
    assert "notifications" not in _report(plain)


@pytest.mark.flow
def test_a_saved_custom_webhook_block_is_used_by_name(prefect_harness: None, receiver: Receiver) -> None:
    """`--notify block:NAME` sends through the notification block saved under that name (here Prefect's
    CustomWebhookNotificationBlock posting JSON to the receiver)."""
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    from curator.report.history import Message
    from flows.notify import send

    http_url = receiver.url.replace("json://", "http://")
    CustomWebhookNotificationBlock(
        name="curator-test", url=http_url, json_data={"title": "{{subject}}", "message": "{{body}}"}
    ).save("curator-test-hook", overwrite=True, _sync=True)  # a browser test may have left an event loop running
    message = Message(subject="a subject", body="a body\n", notify_type="warning", kinds=("status_worse",))
    entry = send("block:curator-test-hook", message, _Silent())
    assert entry == {"url": "block:curator-test-hook", "transitions": ["status_worse"], "ok": True, "error": None}
    assert receiver.received == [{"path": "/hook", "title": "a subject", "message": "a body\n"}]


class _Silent:
    """A logger that drops everything."""

    def info(self, *args: Any) -> None:
        pass

    def warning(self, *args: Any) -> None:
        pass


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("json://127.0.0.1:9000/hook", "json://127.0.0.1:9000/hook"),  # nothing secret: kept whole
        ("json://ana:s3cret@host:9000/hook?-X-Token=t0k3n", "json://***@host:9000/hook?***"),  # password, header
        ("https://hooks.slack.com/services/T1234ABCD/B1234ABCD/abcdefghijklmnopqrstuvwx", "slack://***/***/***//"),
        ("mailtos://ana:pw@example.com?to=team@example.com", "mailtos://***@example.com/team%40example.com?***"),
        ("nosuchservice://secret-host/x", "nosuchservice://***"),  # unknown: nothing but the scheme
        ("block:slack-webhook/team", "block:slack-webhook/team"),  # a saved block's name is no secret
    ],
)
def test_notification_urls_are_recorded_with_every_secret_redacted(url: str, shown: str) -> None:
    """report.json names a target by its URL with passwords, tokens and query values replaced by ***."""
    from flows.notify_targets import redact_url

    assert redact_url(url) == shown


def test_history_command_prints_the_kept_runs_as_their_report_json_files_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`curator history --json` gives, for every kept report.json, its status and per-dataset counts, oldest first,
    and the table prints the same numbers, one line per run and dataset."""
    from curator.stages import curate_in_process
    from flows.cli import main
    from schemas import MODELS
    from schemas.gates import GATES

    out = tmp_path / "out"
    curate_in_process(_raw(tmp_path, degraded=False), out, MODELS, GATES)
    curate_in_process(_raw(tmp_path, degraded=True), out, MODELS, GATES)
    assert main(["history", "--out", str(out), "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    kept = [json.loads(path.read_text(encoding="utf-8")) for path in (out / "reports").glob("2*/report.json")]
    by_id = {report["run_id"]: report for report in kept}
    assert sorted(run["run_id"] for run in runs) == sorted(by_id)
    # Oldest first: the second run names the first as its previous one (both may have started in the same second).
    assert by_id[runs[1]["run_id"]]["diff"]["previous_run_id"] == runs[0]["run_id"]
    reports = [by_id[run["run_id"]] for run in runs]
    for run, report in zip(runs, reports, strict=True):
        assert run["status"] == report["status"]
        for name, counts in run["datasets"].items():
            entry = report["datasets"][name]
            assert counts == {key: entry.get(key, 0) for key in counts}
        assert run["conflicts"] == report["consistency_summary"]["conflict"]
    assert main(["history", "--out", str(out)]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    expected = [
        [report["run_id"], report["status"], name, *(str(entry.get(key, 0)) for key in
         ("rows_in", "rows_curated", "rows_quarantined", "rows_excluded")),
         str(report["consistency_summary"]["conflict"]), "-"]
        for report in reports
        for name, entry in report["datasets"].items()
    ]  # fmt: skip
    assert lines == expected


def test_checking_a_notify_url_imports_no_prefect() -> None:
    """`--notify URL` is checked before Prefect is imported, so `curator run` and `serve` can still point Prefect at
    the server they start (Prefect reads PREFECT_API_URL once, when imported)."""
    import subprocess
    import sys

    probe = (
        "import sys; from flows.cli import build_parser; "
        "build_parser().parse_args(['serve', '--interval', '60', '--notify', 'json://127.0.0.1:9/hook']); "
        "print(sorted(m for m in sys.modules if m == 'prefect' or m.startswith('prefect.')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--notify", "nosuchservice://secret-host/x"], "not a notification URL: 'nosuchservice://***'"),
        (["serve", "--interval", "60", "--notify", "block:"], "expected block:NAME or block:TYPE/NAME"),
        (["history", "--out", "/nonexistent"], "output root /nonexistent is not a directory"),
    ],
)
def test_a_bad_notify_target_or_history_root_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    """A notify URL Apprise does not understand (shown without its host, which may hold a token), an empty block
    name, or a history of a missing output root: one line on stderr, exit 2."""
    from curator_cli import main_in_process

    result = main_in_process(*args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "secret-host" not in result.stderr
