"""`curator review list|set|accept|exclude`: a reviewer's decisions, appended to the decisions file."""

from __future__ import annotations

import argparse
import getpass
import os

from curator.decisions.file import Decision, Target, parse_location
from curator.review import (
    ReviewError,
    add_decision,
    check_value,
    existing_decisions,
    locate,
    open_items,
    render_open_items,
    rows_at,
    today,
)

EXIT_OK = 0


def reviewer(args: argparse.Namespace) -> str:
    """Who decides: --by, else $CURATOR_REVIEWER, else the login name."""
    return str(args.by or os.environ.get("CURATOR_REVIEWER") or getpass.getuser())


def review(args: argparse.Namespace) -> int:
    """Run one review command; ReviewError (a bad target, a bad file) is the caller's exit 2."""
    if args.action == "list":
        print(render_open_items(open_items(args.out)), end="")
        return EXIT_OK
    decisions = existing_decisions(args.decisions)
    common = {"dataset": args.dataset, "by": reviewer(args), "at": today(), "reason": args.reason, "line": 0}
    if args.action in ("set", "exclude"):
        try:
            location = parse_location(args.target)
        except ValueError as error:
            raise ReviewError(str(error)) from None
        found = locate(args.out, args.dataset, location, args.row)
        if args.action == "set":
            column, _sep, value = args.assignment.partition("=")
            if not _sep:
                raise ReviewError(f"expected COLUMN=VALUE, got {args.assignment!r}")
            check_value(args.dataset, column, value)
            decision = Decision(id="", action="set", target=found.target, column=column, value=value, **common)
        else:
            decision = Decision(id="", action="exclude", target=found.target, **common)
    else:
        rows: list[Target] = []
        for text in args.rows or []:
            try:
                source_file, line = parse_location(text)
            except ValueError as error:
                raise ReviewError(str(error)) from None
            found_rows = rows_at(args.out, args.dataset, source_file, line)
            if not found_rows:
                raise ReviewError(f"the latest run has no {args.dataset} row at {text}")
            rows.extend(row.target for row in found_rows)
        decision = Decision(
            id="",
            action="accept",
            check=args.check,
            column=args.column,
            rows=tuple(rows),
            until=args.until,
            **common,
        )
    written = add_decision(args.decisions, decision, decisions)
    print(f"{args.decisions}: added {written.id} ({written.action} {written.dataset})")
    return EXIT_OK
