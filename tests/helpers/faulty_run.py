"""`curator` with one fault injected where a test cannot cause it from outside: `faulty_run.py FAULT -- ARGS...`.

FAULT is one of:
- `damage-known`: the run's known-documents file is damaged right after it is written (a few bytes cut off).
- `no-space`: every Parquet file written through pyarrow or polars fails with ENOSPC (a full disk, for machines
  where the test may not mount a small filesystem).
- `read-only`: creating a staging folder fails with EROFS (for machines where the test may not remount read-only).
- `vanish-segments`: the cache's segments are deleted between the batch stage and the assembly (by "someone else").
- `kill-server`: at the assembly the run's own Prefect server is killed (SIGKILL), and the run waits to notice.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any


def _own_servers() -> list[int]:
    """PIDs of the Prefect servers this process started (they name it in their environment)."""
    marker = f"CURATOR_SERVER_PARENT_PID={os.getpid()}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _no_space(*_args: Any, **_kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def inject(fault: str) -> None:
    """Patch the one place where `fault` happens."""
    import polars as pl
    import pyarrow.parquet as pq

    import flows.curate
    from curator.pipeline import plan as planning
    from curator.storage import layout

    if fault == "damage-known":
        write_known = planning.write_known_documents

        def damaged(*args: Any) -> Path:
            path = write_known(*args)
            path.write_bytes(path.read_bytes()[:-8])
            return path

        planning.write_known_documents = damaged
    elif fault == "no-space":
        pq.write_table = _no_space
        pq.ParquetWriter.write_table = _no_space  # type: ignore[method-assign]
        pl.DataFrame.write_parquet = _no_space  # type: ignore[method-assign]
    elif fault == "read-only":
        mkdir = Path.mkdir

        def read_only(self: Path, *args: Any, **kwargs: Any) -> None:
            if self.parent.name.startswith(".staging-"):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
            mkdir(self, *args, **kwargs)

        Path.mkdir = read_only  # type: ignore[method-assign]
    elif fault in ("vanish-segments", "kill-server"):
        assemble = flows.curate.assemble_run

        def faulty_assemble(plan: Any, *args: Any) -> Any:
            if fault == "vanish-segments":
                shutil.rmtree(layout.cache_root(plan.out_dir, plan.version) / layout.SEGMENTS)
            else:
                for pid in _own_servers():
                    os.kill(pid, signal.SIGKILL)
                time.sleep(60)  # the run notices its server died well before this ends
            return assemble(plan, *args)

        flows.curate.assemble_run = faulty_assemble
    else:
        raise SystemExit(f"unknown fault {fault!r}")


def main(argv: list[str]) -> int:
    fault, separator, *args = argv
    assert separator == "--", "usage: faulty_run.py FAULT -- ARGS..."
    inject(fault)
    from flows.cli import main as curator

    return curator(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
