"""`curator history`: the kept runs of an output root as a table, or as JSON for machines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from curator.report.history import HistoryError, fits_history, history_rows, history_table
from curator.storage.layout import reports_dir
from curator.storage.reports import read_kept_reports


def print_history(out_dir: Path, as_json: bool = False) -> int:
    """Print the kept runs oldest first (a report that cannot be read is named on stderr); 0 when printed."""
    if not out_dir.is_dir():
        raise HistoryError(f"output root {out_dir} is not a directory (give the output root of runs with --out DIR)")
    kept = read_kept_reports(out_dir, fits_history)
    for run_id in kept.unreadable:
        print(f"curator history: {reports_dir(out_dir) / run_id / 'report.json'} cannot be read", file=sys.stderr)
    rows = history_rows(kept.reports, kept.latest)
    if as_json:
        runs = [{**row.as_dict(), "report": str(reports_dir(out_dir) / row.run_id / "report.json")} for row in rows]
        json.dump({"out_dir": str(out_dir), "runs": runs}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif not rows:
        print(f"no kept runs under {reports_dir(out_dir)}")
    else:
        sys.stdout.write(history_table(rows))
    return 0
