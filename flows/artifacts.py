"""Prefect artifacts of a run: a Markdown summary and a per-dataset table, under stable keys."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from curator.report.report import report_table
from flows.api_server import REPORTS_PATH

SUMMARY_KEY = "curation-summary"
TABLE_KEY = "curation-datasets"


def report_link_markdown(report_html: Path) -> str:
    """A Markdown line linking the run's HTML report where `curator serve` publishes it, and naming its file.

    The Prefect UI's Markdown renderer drops `file:` links (and browsers refuse to open them from a web page), so
    the clickable link is the same-origin path under which `curator serve`'s server publishes the output root's
    `reports/`; the file's own URL follows as text to copy.
    """
    # reports/<run_id>/report.html: the link keeps the part below reports/, which is what the server publishes.
    served = f"{REPORTS_PATH}/{report_html.parent.name}/{report_html.name}"
    return f"[Open the HTML report]({served}) (through `curator serve`; on disk: `{report_html.resolve().as_uri()}`)"


def publish_artifacts(report: Mapping[str, Any], markdown: str, report_html: Path | None = None) -> None:
    """Create the run's artifacts; stable keys make the Prefect UI show the latest of each."""
    if report_html is not None:
        markdown = f"{markdown.rstrip()}\n\n{report_link_markdown(report_html)}\n"
    create_markdown_artifact(key=SUMMARY_KEY, markdown=markdown, description=f"Curation run {report['run_id']}")
    create_table_artifact(
        key=TABLE_KEY, table=report_table(report), description=f"Datasets of curation run {report['run_id']}"
    )
