"""`curator serve`: the curate flow as a scheduled deployment, on the configured Prefect server or a local one.

The local server is the full Prefect server (scheduler and UI on) on 127.0.0.1, started before Prefect is imported
here; it also serves the output root's HTML reports read-only, so the runs' summary artifacts link to them.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
from multiprocessing import resource_tracker

from flows.api_server import REPORTS_PATH, ApiServer, drain_prefect_clients, prefect_home

DEPLOYMENT_NAME = "curate-scheduled"


def _stop_flow_run_processes() -> None:
    """End flow runs still executing in child processes (a run publishes atomically, so none is left half-done),
    then the resource tracker that starting them started: it would otherwise outlive this process for a moment."""
    for child in multiprocessing.active_children():
        child.terminate()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    stop_tracker = getattr(resource_tracker._resource_tracker, "_stop", None)  # private: closes its pipe, waits
    if stop_tracker is not None:
        stop_tracker()


def serve(args: argparse.Namespace) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM); a server this command started is stopped on the way out."""
    server: ApiServer | None = None
    if not os.environ.get("PREFECT_API_URL"):
        home = prefect_home()
        reports = args.out / "reports"
        reports.mkdir(parents=True, exist_ok=True)  # served from the start; runs write into it
        server = ApiServer(home / "curator-serve-server.log", single_run=False, ui=True, reports_dir=reports)
        print(f"starting a local Prefect server at {server.api_url} (log: {server.log_path})", flush=True)
        try:
            server.wait_healthy()
        except BaseException:
            server.stop()
            raise
        # Read once here, before Prefect is imported, so every client in this process (and its runs) uses it.
        os.environ["PREFECT_API_URL"] = server.api_url
        print(f"Prefect UI: {server.url}", flush=True)
    try:
        from flows.curate import curate

        print(
            f"serving deployment 'curate/{DEPLOYMENT_NAME}' "
            f"({'cron ' + args.cron if args.cron else f'every {args.interval} s'}); Ctrl-C stops",
            flush=True,
        )
        curate.serve(
            name=DEPLOYMENT_NAME,
            cron=args.cron,
            interval=args.interval,
            parameters={
                "raw_dir": str(args.raw.resolve()),
                "out_dir": str(args.out.resolve()),
                "data_docs": not args.no_data_docs,
                "decisions": str(args.decisions.resolve()),
                "focal_country": args.focal_country,
                "notify": list(args.notify),
                # The local server publishes the reports, so a notification can link to the run's report there.
                "reports_url": f"{server.url}{REPORTS_PATH}" if server is not None else None,
                # A scheduled run that finds another run (e.g. a manual `curator run`) writing to the same output
                # waits for it rather than failing.
                "wait_for_lock": True,
            },
            print_starting_message=False,
            limit=1,  # one run at a time: runs publish into the same output root
        )
    except KeyboardInterrupt:
        pass
    finally:
        _stop_flow_run_processes()
        if server is not None:
            drain_prefect_clients()
            server.stop()
            print("stopped the local Prefect server", flush=True)
    return 0
