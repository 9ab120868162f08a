"""Prefect artifacts of a run: a Markdown summary and a per-dataset table, under stable keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from curator.report import report_table

SUMMARY_KEY = "curation-summary"
TABLE_KEY = "curation-datasets"


def publish_artifacts(report: Mapping[str, Any], markdown: str) -> None:
    """Create the run's artifacts; stable keys make the Prefect UI show the latest of each."""
    create_markdown_artifact(key=SUMMARY_KEY, markdown=markdown, description=f"Curation run {report['run_id']}")
    create_table_artifact(
        key=TABLE_KEY, table=report_table(report), description=f"Datasets of curation run {report['run_id']}"
    )
