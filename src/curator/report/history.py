"""The kept runs as history rows, and the transitions between two runs that people should be told about."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from curator.readers.subject import FOCAL_COUNTRY
from curator.validation.checks import checks_of

STATUS_RANK = {"passed": 0, "warned": 1, "failed": 2}
COUNTS = ("rows_in", "rows_curated", "rows_quarantined", "rows_excluded")
# Transition kinds, in the order a message lists them.
GATE_FAILED = "gate_failed"
STATUS_WORSE = "status_worse"
NEW_QUARANTINED_ROWS = "new_quarantined_rows"
NEW_CONFLICTS = "new_conflicts"
STALE_DECISIONS = "stale_decisions"
REJECTED_DOCUMENTS = "rejected_documents"
KINDS = (GATE_FAILED, STATUS_WORSE, NEW_QUARANTINED_ROWS, NEW_CONFLICTS, STALE_DECISIONS, REJECTED_DOCUMENTS)
# A message lists at most this many items per transition, then says how many more there are.
MAX_DETAILS = 5
EXCERPT_CHARACTERS = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


class HistoryError(Exception):
    """The history cannot be read; the message names the folder and what to do."""


@dataclass(frozen=True)
class HistoryRow:
    """One kept run: its status and, per dataset, rows in / curated / quarantined / excluded; None = not recorded."""

    run_id: str
    status: str
    started_at: str | None
    datasets: dict[str, dict[str, int | None]]
    conflicts: int | None
    stale_decisions: int | None

    def as_dict(self) -> dict[str, Any]:
        """The row as plain JSON values."""
        return asdict(self)


@dataclass(frozen=True)
class Transition:
    """One change for the worse between two runs: a one-line summary with counts and a few listed items."""

    kind: str
    summary: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    """A notification: subject, plain-text body and Apprise's notification type (`warning` or `failure`)."""

    subject: str
    body: str
    notify_type: str
    kinds: tuple[str, ...] = field(default_factory=tuple)


# ------------------------------------------------------------------------------------------ reading reports


def upgrade_report(report: Mapping[str, Any]) -> dict[str, Any]:
    """A kept report.json in the current shape, as a new value: the one place an older report is upgraded.

    Every key a report has gained since the first version is filled with what its absence meant: a report from
    before `--focal-country` was read for Japan; one from before the cross-document comparison recorded none
    (`consistency` and `consistency_summary` null: not recorded, never zero). Keys that are optional in the current
    shape (`decisions`, `rows_excluded`, review commands) stay absent.
    """
    return {"focal_country": FOCAL_COUNTRY, "consistency": None, "consistency_summary": None, **report}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def excerpt(value: object, limit: int = EXCERPT_CHARACTERS) -> str:
    """A short, single-line, HTML-escaped excerpt of text that may come from a document (so a chat service that
    reads `<...>` as a link or a mention, or a mail client that reads HTML, shows it as plain text)."""
    text = " ".join(_CONTROL.sub(" ", _text(value)).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return html.escape(text, quote=False)


def _conflict_count(report: Mapping[str, Any]) -> int | None:
    """Cross-document conflicts of an upgraded report (None when it recorded no comparison)."""
    summary = report["consistency_summary"]
    return None if summary is None else int(summary["conflict"])


def _stale_count(report: Mapping[str, Any]) -> int | None:
    """Decisions gone stale in an upgraded report (None when the run replayed no decisions file)."""
    return int(report["decisions"]["stale"]) if "decisions" in report else None


def history_row(report: Mapping[str, Any]) -> HistoryRow:
    """The history row of one run's report.json (an older report is upgraded first)."""
    report = upgrade_report(report)
    datasets: dict[str, dict[str, int | None]] = {
        name: {
            "rows_in": entry["rows_in"],
            "rows_curated": entry["rows_curated"],
            "rows_quarantined": entry["rows_quarantined"],
            "rows_excluded": entry.get("rows_excluded", 0),  # a run without a decisions file excludes nothing
        }
        for name, entry in report["datasets"].items()
    }
    return HistoryRow(
        run_id=report["run_id"],
        status=report["status"],
        started_at=report["started_at"],
        datasets=datasets,
        conflicts=_conflict_count(report),
        stale_decisions=_stale_count(report),
    )


def order_runs(reports: Iterable[Mapping[str, Any]], latest: str | None) -> list[Mapping[str, Any]]:
    """Reports oldest first. Each report names the run before it (`diff.previous_run_id`), so the chain back from
    `latest` is the exact order even for runs started in the same second; reports off that chain come first, by
    start time and run id."""
    by_id = {r["run_id"]: r for r in reports}
    chain: list[Mapping[str, Any]] = []
    run_id = latest
    while run_id is not None and run_id in by_id and all(r is not by_id[run_id] for r in chain):
        chain.append(by_id[run_id])
        diff = by_id[run_id]["diff"]
        run_id = None if diff is None else diff["previous_run_id"]
    on_chain = {id(r) for r in chain}
    rest = sorted(
        (r for r in by_id.values() if id(r) not in on_chain),
        key=lambda r: (r["started_at"], r["run_id"]),
    )
    return [*rest, *reversed(chain)]


def fits_history(report: Mapping[str, Any]) -> bool:
    """True when a kept report.json has what the history reads (its row and its link to the run before it).

    A kept report that parses but lacks a key every version has written (edited by hand, cut short by a full disk)
    is left out of the history and named as unreadable, like one that does not parse: it never stops a run.
    """
    try:
        history_row(report)
        diff = report["diff"]
        return diff is None or (isinstance(diff, Mapping) and "previous_run_id" in diff)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def history_rows(reports: Iterable[Mapping[str, Any]], latest: str | None) -> list[HistoryRow]:
    """The history of the kept runs that fit it (`fits_history`), oldest first."""
    return [history_row(report) for report in order_runs(filter(fits_history, reports), latest)]


def history_table(rows: Sequence[HistoryRow]) -> str:
    """The history as a plain-text table: one line per run and dataset, newest run last."""
    header = ("run", "status", "dataset", "rows in", "curated", "quarantined", "excluded", "conflicts", "stale")
    lines: list[tuple[str, ...]] = [header]

    def shown(value: int | None) -> str:
        return "-" if value is None else str(value)

    for row in rows:
        run = (row.run_id, row.status)
        tail = (shown(row.conflicts), shown(row.stale_decisions))
        if not row.datasets:
            lines.append((*run, "-", "-", "-", "-", "-", *tail))
        for name, counts in row.datasets.items():
            lines.append((*run, name, *(shown(counts[key]) for key in COUNTS), *tail))
    # Names come from files: a line break or a tab in one must not break the table.
    lines = [tuple(" ".join(_CONTROL.sub(" ", cell).split()) for cell in line) for line in lines]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    left = {0, 1, 2}
    return (
        "\n".join(
            "  ".join(
                cell.ljust(w) if i in left else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
            for line in lines
        )
        + "\n"
    )


# ------------------------------------------------------------------------------------------ transitions


# What a run before the first recorded: nothing, so that everything a first run holds is new.
_NOTHING: Mapping[str, Any] = {
    "status": "passed",
    "datasets": {},
    "consistency": None,
    "consistency_summary": None,
    "documents": {"rejected_files": []},
}


def _failing_error_gates(report: Mapping[str, Any]) -> dict[tuple[str, str, str], int]:
    """(dataset, gate, column) -> failing rows of every check that blocked publishing; such a dataset kept its
    previous version."""
    return {
        (dataset, check.name, check.column or ""): check.failing_rows
        for dataset, entry in report["datasets"].items()
        for check in checks_of(dataset, entry)
        if check.blocks_publish
    }


def _gate_transition(previous: Mapping[str, Any], current: Mapping[str, Any]) -> Transition | None:
    before, now = _failing_error_gates(previous), _failing_error_gates(current)
    new = sorted(key for key in now if key not in before)
    if not new:
        return None
    details = [
        f"{excerpt(d)}: {excerpt(g)}{f' on {excerpt(c)}' if c else ''} fails ({now[(d, g, c)]:,} rows)"
        for d, g, c in new
    ]
    datasets = len({d for d, _g, _c in new})
    return Transition(
        GATE_FAILED,
        f"{_count(len(new), 'error gate')} failed: {_count(datasets, 'dataset')} kept the previous version",
        _capped(details),
    )


def _status_transition(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> Transition | None:
    before, now = (previous or _NOTHING)["status"], current["status"]
    if STATUS_RANK.get(now, 0) <= STATUS_RANK.get(before, 0):
        return None
    if previous is None:
        return Transition(STATUS_WORSE, f"status {excerpt(now)} (no previous run to compare with)")
    return Transition(STATUS_WORSE, f"status got worse: {excerpt(before)} -> {excerpt(now)}")


def _quarantine_transition(previous: Mapping[str, Any], current: Mapping[str, Any]) -> Transition | None:
    before = previous["datasets"]
    grown = []
    for name, entry in current["datasets"].items():
        was = before[name]["rows_quarantined"] if name in before else 0
        now = entry["rows_quarantined"]
        if now > was:
            grown.append((name, was, now))
    if not grown:
        return None
    added = sum(now - was for _name, was, now in grown)
    details = [f"{excerpt(name)}: {was:,} -> {now:,} (+{now - was:,})" for name, was, now in grown]
    return Transition(
        NEW_QUARANTINED_ROWS,
        f"{_count(added, 'more quarantined row')} in {_count(len(grown), 'dataset')}",
        _capped(details),
    )


def _conflicts(report: Mapping[str, Any]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
    """Each conflict by what it compares (subject, field and each side's file and text, not its line number, so a
    line inserted above a statement does not make its conflict new)."""
    found = {}
    for item in report["consistency"] or ():
        if item["verdict"] != "conflict":
            continue
        sides = tuple(sorted((_text(v["source_file"]), _text(v["text"])) for v in item["values"]))
        found[(item["subject"], item["field"], sides)] = item
    return found


def _conflict_line(item: Mapping[str, Any]) -> str:
    sides = []
    for value in item["values"][:2]:
        where = f"{excerpt(value['source_file'], 40)}:{value['source_line']}"
        sides.append(f"{excerpt(value['text'], 30)} ({where})")
    return f"{excerpt(item['subject'], 40)} {excerpt(item['field'], 30)}: {' vs '.join(sides)}"


def _conflict_transition(previous: Mapping[str, Any], current: Mapping[str, Any]) -> Transition | None:
    before, now = _conflicts(previous), _conflicts(current)
    new = [item for key, item in now.items() if key not in before]
    # The report lists a bounded number of comparisons; the counts say whether more conflicts appeared than listed.
    grown = (_conflict_count(current) or 0) - (_conflict_count(previous) or 0)
    added = max(len(new), grown)
    if added <= 0:
        return None
    return Transition(
        NEW_CONFLICTS, f"{_count(added, 'new cross-document conflict')}", _capped([_conflict_line(i) for i in new])
    )


def _stale(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    decisions = report["decisions"]["list"] if "decisions" in report else ()
    return {d["id"]: d for d in decisions if d["status"] == "stale"}


def _stale_transition(previous: Mapping[str, Any], current: Mapping[str, Any]) -> Transition | None:
    before, now = _stale(previous), _stale(current)
    new = [d for key, d in now.items() if key not in before]
    if not new:
        return None
    details = [
        " ".join(
            part
            for part in (
                f"{excerpt(d['id'], 20)}:",
                excerpt(d["action"], 10),
                excerpt(d["dataset"], 30),
                excerpt(d["target"]),
            )
            if part
        )
        for d in new
    ]
    return Transition(STALE_DECISIONS, f"{_count(len(new), 'decision')} went stale", _capped(details))


def _rejected(report: Mapping[str, Any]) -> dict[str, str]:
    return {f["source_file"]: f["reason"] for f in report["documents"]["rejected_files"]}


def _rejected_transition(previous: Mapping[str, Any], current: Mapping[str, Any]) -> Transition | None:
    before, now = _rejected(previous), _rejected(current)
    new = [(name, reason) for name, reason in now.items() if name not in before]
    if not new:
        return None
    details = [f"{excerpt(name)}: {excerpt(reason)}" for name, reason in new]
    return Transition(REJECTED_DOCUMENTS, f"{_count(len(new), 'document')} newly rejected", _capped(details))


def transitions(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> list[Transition]:
    """What got worse from the previous kept run to this one, in the order of KINDS; empty when nothing did.

    With no previous run, everything counts as new: a first run that is not clean is reported once. The previous
    report may be older: it is upgraded first.
    """
    before = _NOTHING if previous is None else upgrade_report(previous)
    current = upgrade_report(current)
    found = [
        _gate_transition(before, current),
        _status_transition(None if previous is None else before, current),
        _quarantine_transition(before, current),
        _conflict_transition(before, current),
        _stale_transition(before, current),
        _rejected_transition(before, current),
    ]
    return [t for t in found if t is not None]


def notification_message(
    changes: Sequence[Transition],
    current: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
    report_path: str,
    report_url: str | None = None,
) -> Message:
    """The notification of a run's transitions: what changed with counts, and where the report is. Document text
    appears only as short escaped excerpts."""
    run_id, status = excerpt(current["run_id"], 40), excerpt(current["status"], 20)
    if previous is None:
        since = "no previous run"
    else:
        since = f"previous run {excerpt(previous['run_id'], 40)}: {excerpt(previous['status'], 20)}"
    lines = [f"Run {run_id} finished {status} ({since}).", f"What changed ({len(changes)}):"]
    for change in changes:
        lines.append(f"- {change.summary}")
        lines += [f"    {detail}" for detail in change.details]
    if report_url:
        lines.append(f"Report: {report_url}")
    lines.append(f"Report file: {report_path}")
    failure = status == "failed" or any(change.kind == GATE_FAILED for change in changes)
    return Message(
        subject=f"relations-curator run {run_id}: {status}, {_count(len(changes), 'change')}",
        body="\n".join(lines) + "\n",
        notify_type="failure" if failure else "warning",
        kinds=tuple(change.kind for change in changes),
    )


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _capped(details: list[str]) -> tuple[str, ...]:
    if len(details) <= MAX_DETAILS:
        return tuple(details)
    return (*details[:MAX_DETAILS], f"... and {len(details) - MAX_DETAILS:,} more")
