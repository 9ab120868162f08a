"""The publish and report stages: the staging version published in one rename, then the run's report written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from curator.assembly import DOC_KEY
from curator.pipeline.assemble import Assembly
from curator.pipeline.batch import BatchResult
from curator.pipeline.plan import RunPlan
from curator.pipeline.records import MAX_LISTED, PARSED, REJECTED
from curator.report.history import history_rows
from curator.report.report import ReportInputs, build_report, report_markdown, reviewed_summary, run_status
from curator.report.report_html import render_report_html
from curator.report.view import report_view
from curator.storage.cache import read_cache_index, remove_segments
from curator.storage.errors import storage_operation
from curator.storage.layout import VERSIONS, cache_root, gx_docs_dir
from curator.storage.reports import read_kept_reports, read_latest_report, write_report
from curator.storage.versions import Published, publish_staging, scan_dataset


def publish_run(plan: RunPlan, assembly: Assembly) -> Published:
    """Publish the staging version in one rename, then drop cache segments no published document uses."""
    published = publish_staging(plan.out_dir, plan.run_id, assembly.staging, assembly.written, assembly.kept)
    root = cache_root(plan.out_dir, plan.version)
    used = set(assembly.manifest["segment"].drop_nulls().to_list())
    index = read_cache_index(root)
    remove_segments(root, set(index["segment"].to_list()) - used)
    return published


def document_counts(plan: RunPlan, results: Sequence[BatchResult], manifest: pl.DataFrame) -> dict[str, Any]:
    """How many documents were discovered, parsed, rejected, reused from the cache, read again and removed."""
    rejected = [{"source_file": r.source_file, "reason": r.reason} for r in plan.discovery_rejected] + manifest.filter(
        pl.col("status") == REJECTED
    ).select("source_file", "reason").to_dicts()
    rejected.sort(key=lambda r: r["source_file"])
    return {
        "read": manifest.height + len(plan.discovery_rejected),
        "parsed": manifest.filter(pl.col("status") == PARSED).height,
        "rejected": len(rejected),
        "rejected_files": rejected[:MAX_LISTED],
        "reused": plan.known.height,
        "reread": sum(result.entries.height for result in results),
        "reparsed": sum(result.parsed for result in results),
        "removed": plan.removed,
        "recached": int(sum(result.entries[DOC_KEY].is_in(list(plan.recache)).sum() for result in results)),
    }


def damage_findings(plan: RunPlan, results: Sequence[BatchResult]) -> list[dict[str, Any]]:
    """A warning finding for each file found damaged this run: what it was, and what the run did instead."""
    done = {
        "cache": "dropped; the documents it held were parsed again",
        "known": "not used; the batches read the cache index instead",
        "version": "the previous version could not be read: it was neither reused nor compared",
    }
    findings = []
    for path, reason in sorted({*plan.damaged, *(d for result in results for d in result.damaged)}):
        kind = "version" if path.startswith(f"{VERSIONS}/") else "known" if "/known-" in path else "cache"
        message = f"{'cache file' if kind != 'version' else 'published file'} damaged ({reason}): {done[kind]}"
        findings.append(
            {"dataset": None, "source_file": path, "source_line": None, "severity": "warning", "message": message}
        )
    return findings


def summarise(summary: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """rows in/curated/quarantined per dataset (and excluded, when a reviewer excluded any), for a terminal summary."""
    keys = ["rows_in", "rows_curated", "rows_quarantined"]
    if any(entry.get("rows_excluded") for entry in summary["datasets"].values()):
        keys.append("rows_excluded")
    return {name: {key: entry.get(key, 0) for key in keys} for name, entry in summary["datasets"].items()}


def write_run_report(
    plan: RunPlan,
    results: Sequence[BatchResult],
    assembly: Assembly,
    published: Published,
    models: Mapping[str, type[pa.DataFrameModel]],
    with_data_docs: bool = True,
) -> dict[str, Any]:
    """Build the run's report against the previous run, write JSON, HTML and Data Docs; returns report and paths."""
    out = plan.out_dir
    documents = document_counts(plan, results, assembly.manifest)
    inputs = ReportInputs(
        run_id=plan.run_id,
        status=run_status(assembly.summary, documents["rejected"]),
        raw_dir=plan.raw_dir,
        out_dir=out,
        documents=documents,
        summary=assembly.summary,
        published=published,
        started_at=plan.started_at,
        files=_document_files(published.version_dir),
        focal_country=plan.focal,
        previous_unreadable=plan.previous_unreadable,
    )
    previous_report = read_latest_report(out)
    summary = reviewed_summary(
        assembly.summary, plan.decisions, plan.decisions_file, plan.out_dir, datetime.now(UTC).date()
    )
    damage = damage_findings(plan, results)
    if damage:
        summary = {
            **summary,
            "findings": damage + list(summary.get("findings", [])),
            "findings_total": summary.get("findings_total", 0) + len(damage),
        }
    inputs = replace(inputs, summary=summary, status=run_status(summary, documents["rejected"]))
    artifacts: dict[str, str] = {}
    if with_data_docs:
        from curator.report.gx_docs import build_gx_data_docs  # Great Expectations takes seconds to import

        # Lazy scans: an unchanged run (same fingerprint) reuses the pages without reading a dataset.
        scans = {name: scan_dataset(published.version_dir, name) for name in models}
        present = {name: scan for name, scan in scans.items() if scan is not None}
        with storage_operation("writing the Data Docs under", gx_docs_dir(out)):
            gx = build_gx_data_docs(
                present,
                models,
                gx_docs_dir(out),
                fingerprint=assembly.summary["fingerprint"],
                run_name=plan.run_id,
            )
        artifacts["gx_data_docs"] = "../gx/index.html"
        artifacts["gx_success"] = str(gx.success)
        artifacts["gx_offline"] = str(gx.offline)
        artifacts["gx_reused"] = str(gx.reused)
    report = build_report(inputs, previous_report, models, datetime.now(UTC), artifacts)
    kept = read_kept_reports(out)  # this run's report joins them: it is written below
    history = history_rows([*kept.reports, report], plan.run_id)
    html_path = write_report(out, plan.run_id, report, render_report_html(report_view(report), history))
    return {
        "report": report,
        "markdown": report_markdown(report, html_path),
        "paths": {"html": html_path, "json": html_path.with_name("report.json")},
    }


def _document_files(version_dir: Path) -> list[dict[str, Any]]:
    scan = scan_dataset(version_dir, "documents")
    if scan is None:
        return []
    return scan.drop("sha256", "source_text").head(MAX_LISTED).collect().to_dicts()
