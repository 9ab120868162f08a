"""The `curator` command: run the flow once, serve it on a schedule, or check files without writing anything."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from curator.readers.subject import FOCAL_COUNTRY
from flows.api_server import ServerError
from flows.run import EXIT_SERVER_FAILED

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_STORAGE = 3  # the output's filesystem refused a write or read: no space, permission, read-only, a path vanished
# OS errors that mean the storage, not the data or the code, failed (a fallback for those no storage call named).
STORAGE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.EIO, errno.ENOTDIR}
)
EXIT_CODES = f"""exit codes of 'curator run':
  0  the run completed (quarantined rows do not fail a run)
  1  an error gate failed (that dataset keeps its previous files)
  2  bad invocation, unreadable --raw, --out held by another run, or a malformed decisions file
  {EXIT_STORAGE}  a storage error: no space, permission denied, read-only filesystem, or a path that vanished; one
     line names the operation and the path; the previous outputs stay whole and the run lock is released
  {EXIT_SERVER_FAILED}  the run's own Prefect server did not start or exited during the run (outputs stay whole)
  130 interrupted (Ctrl-C or SIGTERM)"""


class UsageError(Exception):
    """A bad invocation: the message is the one line printed on stderr."""


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad invocation in one line on stderr and exits 2, never a traceback."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _one_line(f"{self.prog}: error: {message} (see '{self.prog} --help')") + "\n")


# Set when Ctrl-C or SIGTERM reached this process: a library that turns the KeyboardInterrupt into an error of its
# own (pydantic's serializer does, inside Prefect's settings) must not turn an interruption into a traceback.
_INTERRUPTED = threading.Event()


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    _INTERRUPTED.set()
    raise KeyboardInterrupt


def _one_line(text: str) -> str:
    """The message on one line: line breaks that came with a value (a path, an argument) are shown escaped."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _path(text: str) -> Path:
    # Path("") is the current directory: an empty --raw must not quietly curate whatever is there.
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a path, got an empty value")
    return Path(text)


def _cron(text: str) -> str:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a cron expression: {text!r} (five fields, e.g. '0 6 * * *' for 06:00 daily)"
        ) from None
    return text


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line of `curator`, with help for every option."""
    parser = OneLineParser(
        prog="curator",
        description="Curate Japan's diplomatic-relations documents from raw/ into validated Parquet datasets.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    commands.required = True

    run = commands.add_parser(
        "run",
        help="run the curate flow once",
        description="Run the curate flow once.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_paths(run)
    run.add_argument(
        "--runner",
        choices=("local", "dask"),
        default="local",
        help="task runner: 'local' (this process, plus worker processes on a large input; default) or 'dask'"
        " (a local Dask cluster, or --dask-address)",
    )
    run.add_argument("--dask-address", metavar="ADDR", help="scheduler address of an existing Dask cluster")
    run.add_argument(
        "--batch-size", type=_positive_int, default=500, help="documents per parse task (default: %(default)s)"
    )
    run.add_argument(
        "--wait",
        action="store_true",
        help="when another run is writing to --out, wait for it to finish (default: exit 2 naming that run)",
    )
    run.add_argument(
        "--workers",
        type=_positive_int,
        help="with --runner local, how many batches are read side by side (this process and N-1 worker processes)"
        " when the input has more than one batch and 24 MiB or more to read (default: one per CPU available)",
    )
    run.add_argument("--no-data-docs", action="store_true", help="skip the Great Expectations Data Docs")
    _add_decisions(run)
    _add_focal_country(run)
    _add_notify(run)

    serve = commands.add_parser(
        "serve",
        help="serve the curate flow on a schedule until stopped",
        description=(
            "Serve the curate flow as a scheduled Prefect deployment until stopped (Ctrl-C). Uses the server at "
            "PREFECT_API_URL, or starts a local one on 127.0.0.1 with the Prefect UI (its address is printed) and "
            "stops it on exit."
        ),
    )
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", metavar="EXPR", type=_cron, help="cron expression, e.g. '0 6 * * *'")
    when.add_argument("--interval", metavar="SECONDS", type=_positive_int, help="run every SECONDS seconds")
    _add_paths(serve)
    serve.add_argument("--no-data-docs", action="store_true", help="skip the Great Expectations Data Docs")
    _add_decisions(serve)
    _add_focal_country(serve)
    _add_notify(serve)

    check = commands.add_parser(
        "check",
        help="parse and validate files, write nothing, print the findings",
        description="Parse and validate the given files without writing anything; exit 1 when a row fails.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", type=_path, help="documents to check")
    _add_focal_country(check)

    _add_review(commands)
    _add_history(commands)

    commands.add_parser(
        "dictionary",
        help="print the data dictionary (curated/README.md) generated from the Pandera contracts",
        description="Print the analysts' data dictionary, generated from schemas/, as Markdown on stdout.",
    )
    return parser


def _focal_country(text: str) -> str:
    from curator.countries import focal_country_name

    try:
        return focal_country_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_focal_country(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--focal-country",
        metavar="NAME",
        type=_focal_country,
        default=FOCAL_COUNTRY,
        help="the country whose relations the datasets hold: bilateral titles, lists and statements are read from its"
        " side (a state's name or ISO code; default: %(default)s)",
    )


def _notify_target(text: str) -> str:
    from flows.notify_targets import check_target

    try:
        return check_target(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_notify(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--notify",
        metavar="URL",
        type=_notify_target,
        action="append",
        default=[],
        help="when a run gets worse than the previous one (an error gate fails, the status drops, new quarantined"
        " rows, conflicts, stale decisions or rejected documents), send a message to URL: an Apprise URL such as"
        " json://HOST:PORT/PATH, slack://..., mailtos://..., or block:NAME for a saved Prefect notification block;"
        " repeatable; a failed send is logged and never fails the run",
    )


def _add_history(commands: Any) -> None:
    history = commands.add_parser(
        "history",
        help="list the kept runs: status and per-dataset row counts, conflicts, stale decisions",
        description=(
            "List the runs whose reports are kept under --out (reports/<run_id>/report.json), oldest first: run id,"
            " status, per dataset rows in / curated / quarantined / excluded, cross-document conflicts and stale"
            " decisions."
        ),
    )
    history.add_argument("--out", type=_path, default=Path("curated"), help="output root (default: %(default)s)")
    history.add_argument("--json", action="store_true", help="print JSON for machines instead of a table")


def _add_decisions(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--decisions",
        type=_path,
        default=Path("review/decisions.yaml"),
        help="reviewers' decisions file, replayed by every run (default: %(default)s)",
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _add_review(commands: Any) -> None:
    review = commands.add_parser(
        "review",
        help="list open items of the latest run, or record a reviewer's decision",
        description=(
            "A reviewer's decisions on quarantined rows and failing checks, kept in a versioned file that every run "
            "replays. Targets are checked against the latest run under --out."
        ),
    )
    actions = review.add_subparsers(dest="action", metavar="ACTION", parser_class=OneLineParser)
    actions.required = True

    def common(parser: argparse.ArgumentParser, decide: bool = True) -> None:
        parser.add_argument("--out", type=_path, default=Path("curated"), help="output root (default: %(default)s)")
        _add_decisions(parser)
        if decide:
            parser.add_argument("--reason", required=True, help="why (cite the evidence)")
            parser.add_argument("--by", help="who decides (default: $CURATOR_REVIEWER or your login name)")

    listing = actions.add_parser("list", help="print open items with file:line and the command that resolves each")
    common(listing, decide=False)
    set_ = actions.add_parser("set", help="give a value to a column of one row")
    set_.add_argument("dataset", metavar="DATASET", help="dataset of the row, e.g. relations")
    set_.add_argument("target", metavar="FILE:LINE", help="the row's source file and line in the latest run")
    set_.add_argument("assignment", metavar="COLUMN=VALUE", help="the column and its value, e.g. country=Moldova")
    set_.add_argument("--row", type=int, help="which row of that line, when it gave several (0, 1, ...)")
    common(set_)
    accept = actions.add_parser("accept", help="accept a known failure of a check (counted, no longer open)")
    accept.add_argument("dataset", metavar="DATASET", help="dataset of the check")
    accept.add_argument("check", metavar="CHECK", help="the check's name, e.g. not_nullable")
    accept.add_argument("--column", help="the check's column, when the check name is not enough")
    accept.add_argument("--rows", nargs="+", metavar="FILE:LINE", help="accept only the failures of these rows")
    accept.add_argument("--until", type=_date, metavar="DATE", help="accept until this date (YYYY-MM-DD)")
    common(accept)
    exclude = actions.add_parser("exclude", help="leave one row out of curated and quarantine (counted as excluded)")
    exclude.add_argument("dataset", metavar="DATASET", help="dataset of the row")
    exclude.add_argument("target", metavar="FILE:LINE", help="the row's source file and line in the latest run")
    exclude.add_argument("--row", type=int, help="which row of that line, when it gave several (0, 1, ...)")
    common(exclude)


def _check_decisions(path: Path) -> None:
    """A malformed decisions file stops a run before anything is written (exit 2, naming the file and line)."""
    from curator.decisions.file import DecisionsError, load_decisions

    try:
        load_decisions(path)
    except DecisionsError as error:
        raise UsageError(str(error)) from None


def _add_paths(command: argparse.ArgumentParser) -> None:
    command.add_argument("--raw", type=_path, default=Path("raw"), help="input root (default: %(default)s)")
    command.add_argument("--out", type=_path, default=Path("curated"), help="output root (default: %(default)s)")


def _check_raw_root(raw: Path) -> None:
    from curator.storage.raw import RawRootError, discover_raw

    try:
        discover_raw(raw)
    except RawRootError as error:
        message = str(error)
        # Say what to do: a message that names no remedy of its own gets the option to fix.
        hint = "" if message.endswith(")") else " (give the folder of raw documents with --raw DIR)"
        raise UsageError(f"{message}{hint}") from None


def _check_out_root(out: Path) -> None:
    hint = "(give a writable folder with --out DIR)"
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"output root {out} exists and is not a directory {hint}")
        parent = out if out.exists() else out.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise UsageError(f"output root {out} cannot be created: {parent} is not a directory {hint}")
    except OSError as error:
        raise UsageError(f"output root {out} cannot be examined: {error.strerror} {hint}") from None
    if not os.access(parent, os.W_OK):
        from curator.storage.errors import StorageError

        # The environment refuses the writes (permissions, a read-only filesystem): a storage error, not a typo.
        reason = "read-only file system" if _read_only(parent) else "permission denied"
        raise StorageError("writing to the output root", str(out), f"{reason} (give a writable --out DIR)")


def _read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _check_files(files: Sequence[Path]) -> None:
    for path in files:
        try:
            if not path.exists():
                raise UsageError(f"{path} does not exist (give the documents to check as FILE...)")
            if not path.is_file():
                raise UsageError(f"{path} is not a file (give the documents to check as FILE...)")
        except OSError as error:
            raise UsageError(f"{path} cannot be examined: {error.strerror}") from None
        if not os.access(path, os.R_OK):
            raise UsageError(f"{path} is not readable (check its permissions)")


def _check_not_busy(out: Path, wait: bool) -> None:
    """Fail fast (exit 2) when another run holds the output root, before the flow starts."""
    from curator.storage.lock import RUN_LOCK_FILE, OutputBusyError, run_lock

    if wait or not (out / RUN_LOCK_FILE).exists():  # nobody can hold a lock file that does not exist yet
        return
    try:
        with run_lock(out, "a start-up probe"):
            pass
    except OutputBusyError as error:
        raise UsageError(f"{error}; try again when it has finished, or pass --wait") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `curator` console script; returns the process exit code."""
    args = build_parser().parse_args(argv)
    # Read once, here, before Prefect is imported: no telemetry from this machine (server analytics, the SDK's
    # first-run events, Great Expectations), and on a terminal the progress bar speaks for the run while Prefect
    # keeps its INFO lines for logs that are not a terminal.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if sys.stdout.isatty() and args.command == "run":
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # SIGTERM unwinds like Ctrl-C, so a server this command started is stopped on the way out.
    _INTERRUPTED.clear()
    previous = {signum: signal.signal(signum, _raise_interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _dispatch(args)
    except UsageError as error:
        print(_one_line(f"curator {args.command}: error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except ServerError as error:
        print(_one_line(f"curator {args.command}: error: {error}"), file=sys.stderr)
        return EXIT_SERVER_FAILED
    except Exception as error:
        from curator.storage.errors import StorageError, os_error_code

        if _INTERRUPTED.is_set():  # the interruption came back wrapped in a library's error
            print(f"curator {args.command}: interrupted", file=sys.stderr)
            return 130
        if isinstance(error, StorageError):
            print(_one_line(f"curator {args.command}: error: {error}"), file=sys.stderr)
            return EXIT_STORAGE
        code = os_error_code(error)
        if code not in STORAGE_ERRNOS:
            raise
        # An OS error no storage call named (e.g. inside a library that writes its own files).
        where = f" {error.filename}" if isinstance(error, OSError) and error.filename else ""
        print(_one_line(f"curator {args.command}: error: storage{where} failed: {os.strerror(code)}"), file=sys.stderr)
        return EXIT_STORAGE
    except KeyboardInterrupt:
        print(f"curator {args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        if args.dask_address and args.runner != "dask":
            raise UsageError("--dask-address needs --runner dask")
        from flows.run import prefect_api, run_once

        # The server starts first: its start-up is the longest wait of a run, and the checks overlap it.
        with prefect_api() as server:
            _check_raw_root(args.raw)
            _check_out_root(args.out)
            _check_not_busy(args.out, args.wait)
            _check_decisions(args.decisions)
            return run_once(args, server)
    if args.command == "serve":
        _check_raw_root(args.raw)
        _check_out_root(args.out)
        _check_decisions(args.decisions)
        from flows.serve import serve

        return serve(args)
    if args.command == "dictionary":
        from curator.report.dictionary import render_data_dictionary
        from schemas import ALL_MODELS

        sys.stdout.write(render_data_dictionary(ALL_MODELS))
        return EXIT_OK
    if args.command == "history":
        from curator.report.history import HistoryError
        from flows.history import print_history

        try:
            return print_history(args.out, as_json=args.json)
        except HistoryError as error:
            raise UsageError(str(error)) from None
    if args.command == "review":
        from curator.review import ReviewError
        from flows.review import review

        try:
            return review(args)
        except ReviewError as error:
            raise UsageError(str(error)) from None
    _check_files(args.files)
    from flows.check import check_files

    return check_files(args.files, args.focal_country)


if __name__ == "__main__":
    raise SystemExit(main())
