"""Tell people when a run got worse: its transitions, sent through Prefect notification blocks after publishing.

A target is an Apprise URL (`json://host:port/path`, `slack://...`, `mailtos://...`; Prefect's
AppriseNotificationBlock sends it) or `block:NAME` / `block:TYPE/NAME` for a notification block saved on the
Prefect server (e.g. a SlackWebhook or a CustomWebhookNotificationBlock). Sending never fails a run: each target's
failure is logged and recorded in report.json's `notifications` with its URL redacted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from prefect import get_run_logger, task
from prefect.blocks.abstract import NotificationBlock
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from curator.report.history import Message, fits_history, notification_message, transitions
from curator.storage.reports import read_run_report, record_notifications
from flows.notify_targets import BLOCK_PREFIX, redact_url

MAX_ERROR = 300


def notification_block(target: str, notify_type: str) -> NotificationBlock:
    """The block that sends to `target`: a saved one by name, or an Apprise block for a URL."""
    if target.startswith(BLOCK_PREFIX):
        return load_saved_block(target[len(BLOCK_PREFIX) :])
    from prefect.blocks.notifications import AppriseNotificationBlock

    return AppriseNotificationBlock.model_validate({"url": target, "notify_type": notify_type})


def load_saved_block(name: str) -> NotificationBlock:
    """A notification block saved on the Prefect server: `TYPE/NAME` (as `prefect block ls` shows it), or a bare
    NAME looked up among the notification block types (it must name exactly one)."""
    from prefect.blocks.core import Block

    if "/" in name:
        block: object = Block.load(name, _sync=True)  # type: ignore[call-arg]  # async_dispatch's own argument
        if not isinstance(block, NotificationBlock):
            raise ValueError(f"block {name!r} is not a notification block")
        return block
    found: list[NotificationBlock] = []
    for block_type in _notification_block_types():
        try:
            found.append(block_type.load(name, _sync=True))
        except ValueError:  # no block of this type under that name
            continue
    if len(found) != 1:
        problem = "no notification block" if not found else f"{len(found)} notification blocks"
        raise ValueError(f"{problem} saved under the name {name!r} (use block:TYPE/NAME)")
    return found[0]


def _notification_block_types() -> list[type[Any]]:
    import prefect.blocks.notifications  # noqa: F401  (registers the built-in notification blocks)

    found: list[type[Any]] = []
    pending: list[type[Any]] = [NotificationBlock]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if "_block_type_name" in vars(subclass) or "_block_type_slug" in vars(subclass):
                found.append(subclass)
    return found


def send(target: str, message: Message, logger: logging.Logger | logging.LoggerAdapter[Any]) -> dict[str, Any]:
    """Send `message` to one target; the outcome as a `notifications` entry. Never raises for a failed send."""
    url = redact_url(target)
    entry: dict[str, Any] = {"url": url, "transitions": list(message.kinds), "ok": False, "error": None}
    try:
        block = notification_block(target, message.notify_type)
        with block.raise_on_failure():
            block.notify(message.body, message.subject, _sync=True)  # type: ignore[call-arg,unused-coroutine]
    except Exception as error:  # a notification must never fail the run: any failure is recorded and logged
        entry["error"] = _error_text(error, target, url)
        logger.warning("notification to %s failed: %s", url, entry["error"])
        return entry
    entry["ok"] = True
    logger.info("notified %s: %s", url, ", ".join(message.kinds))
    return entry


def _error_text(error: Exception, target: str, url: str) -> str:
    """One line naming the failure, without the target's secrets."""
    # Prefect's NotificationError carries what Apprise logged while sending in `log`, not in its message.
    detail = str(error) or str(getattr(error, "log", "") or "") or "the service did not accept the message"
    text = " ".join(f"{type(error).__name__}: {detail}".split())
    text = text.replace(target, url)
    secret = urlsplit(target).password
    if secret:
        text = text.replace(secret, "***")
    return text[:MAX_ERROR]


def notify_run(
    out_dir: Path,
    report: dict[str, Any],
    report_html: Path,
    targets: Sequence[str],
    reports_url: str | None,
    logger: logging.Logger | logging.LoggerAdapter[Any],
) -> list[dict[str, Any]]:
    """Compare the run's report with the previous kept run's; when something got worse, send one message to each
    target. The sent notifications are recorded in the run's report.json and returned. A previous report that can no
    longer be read counts as no previous run (everything is new)."""
    previous_id = (report.get("diff") or {}).get("previous_run_id")
    previous = read_run_report(out_dir, str(previous_id)) if previous_id else None
    if previous is not None and not fits_history(previous):
        previous = None
    changes = transitions(previous, report)
    sent: list[dict[str, Any]] = []
    if changes:
        run_id = str(report["run_id"])
        link = f"{reports_url.rstrip('/')}/{run_id}/{report_html.name}" if reports_url else None
        message = notification_message(changes, report, previous, str(report_html.resolve()), link)
        sent = [send(target, message, logger) for target in targets]
    else:
        logger.info("nothing got worse since the previous run: no notification")
    record_notifications(out_dir, str(report["run_id"]), sent)
    return sent


@task(name="notify", cache_policy=NO_CACHE)
def notify(
    out_dir: Path, report: dict[str, Any], report_html: Path, targets: list[str], reports_url: str | None
) -> list[dict[str, Any]]:
    """Send the run's transitions to every target and record them in report.json (failures logged, never raised)."""
    return notify_run(out_dir, report, report_html, targets, reports_url, get_run_logger())


def notify_after_publishing(
    out_dir: Path, written: dict[str, Any], targets: Sequence[str], reports_url: str | None
) -> list[dict[str, Any]]:
    """The flow's notify step: nothing without targets, and whatever goes wrong is logged, never raised, so the
    run's outcome and exit code stay what publishing made them."""
    if not targets:
        return []
    try:
        report_html = Path(written["paths"]["html"])
        # quote: the report is handed over as it is, without Prefect walking it for futures.
        report = cast(dict[str, Any], quote(written["report"]))
        return list(notify(out_dir, report, report_html, list(targets), reports_url))
    except Exception:
        logging.getLogger("curator.notify").exception("notifying failed; the run's outcome stands")
        return []
