"""The `curator` command: run the flow once, serve it on a schedule, or check files without writing anything."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn

from flows.api_server import ServerStartError

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_FAILED = 1  # the run could not happen (its local Prefect server did not start); not a bad invocation
EXIT_USAGE = 2


class UsageError(Exception):
    """A bad invocation: the message is the one line printed on stderr."""


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad invocation in one line on stderr and exits 2, never a traceback."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _one_line(f"{self.prog}: error: {message} (see '{self.prog} --help')") + "\n")


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
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

    run = commands.add_parser("run", help="run the curate flow once", description="Run the curate flow once.")
    _add_paths(run)
    run.add_argument(
        "--runner",
        choices=("local", "dask"),
        default="local",
        help="task runner: 'local' threads (default) or 'dask' (a local Dask cluster, or --dask-address)",
    )
    run.add_argument("--dask-address", metavar="ADDR", help="scheduler address of an existing Dask cluster")
    run.add_argument(
        "--batch-size", type=_positive_int, default=200, help="documents per parse task (default: %(default)s)"
    )
    run.add_argument("--no-data-docs", action="store_true", help="skip the Great Expectations Data Docs")

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

    check = commands.add_parser(
        "check",
        help="parse and validate files, write nothing, print the findings",
        description="Parse and validate the given files without writing anything; exit 1 when a row fails.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", type=_path, help="documents to check")

    commands.add_parser(
        "dictionary",
        help="print the data dictionary (curated/README.md) generated from the Pandera contracts",
        description="Print the analysts' data dictionary, generated from schemas/, as Markdown on stdout.",
    )
    return parser


def _add_paths(command: argparse.ArgumentParser) -> None:
    command.add_argument("--raw", type=_path, default=Path("raw"), help="input root (default: %(default)s)")
    command.add_argument("--out", type=_path, default=Path("curated"), help="output root (default: %(default)s)")


def _check_raw_root(raw: Path) -> None:
    from curator.storage import RawRootError, discover_raw

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
        raise UsageError(f"output root {out} is not writable (check its permissions, or give another --out DIR)")


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
    previous_sigterm = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        return _dispatch(args)
    except UsageError as error:
        print(_one_line(f"curator {args.command}: error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except ServerStartError as error:
        print(_one_line(f"curator {args.command}: error: {error}"), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"curator {args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        if args.dask_address and args.runner != "dask":
            raise UsageError("--dask-address needs --runner dask")
        from flows.run import prefect_api, run_once

        # The server starts first: its start-up is the longest wait of a run, and the checks overlap it.
        with prefect_api() as server:
            _check_raw_root(args.raw)
            _check_out_root(args.out)
            return run_once(args, server)
    if args.command == "serve":
        _check_raw_root(args.raw)
        _check_out_root(args.out)
        from flows.serve import serve

        return serve(args)
    if args.command == "dictionary":
        from curator.dictionary import render_data_dictionary
        from schemas import MODELS

        sys.stdout.write(render_data_dictionary(MODELS))
        return EXIT_OK
    _check_files(args.files)
    from flows.check import check_files

    return check_files(args.files)


if __name__ == "__main__":
    raise SystemExit(main())
