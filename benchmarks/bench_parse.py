"""Parse throughput (MB/s) and peak memory on a synthetic corpus built from the raw documents; run on demand."""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from curator.datasets import build_datasets
from curator.documents import RawDocument, read_document
from curator.parse import ParsedDocument

RAW = Path(__file__).resolve().parents[1] / "raw"


def corpus(copies: int) -> list[RawDocument]:
    """`copies` renamed copies of every raw document (a corpus repeats its shapes and date strings)."""
    sources = [(p.name, p.read_bytes()) for p in sorted(RAW.iterdir())]
    return [RawDocument(f"{i:05d}_{name}", content) for i in range(copies) for name, content in sources]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=400, help="copies of the five raw documents (default 400)")
    args = parser.parse_args()
    documents = corpus(args.copies)
    size = sum(len(d.content) for d in documents)

    start = time.perf_counter()
    parsed = [read_document(d) for d in documents]
    parse_seconds = time.perf_counter() - start
    pairs = [(p, d) for p, d in zip(parsed, documents, strict=True) if isinstance(p, ParsedDocument)]

    start = time.perf_counter()
    built = build_datasets(pairs)
    build_seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"corpus: {len(documents)} documents, {size / 1e6:.1f} MB")
    rate = size / 1e6 / parse_seconds
    print(f"parse:  {parse_seconds:.2f} s  = {rate:.1f} MB/s, {len(documents) / parse_seconds:.0f} docs/s")
    rows = sum(frame.height for frame in built.frames.values())
    print(f"build:  {build_seconds:.2f} s  ({rows} rows in {len(built.frames)} datasets)")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
