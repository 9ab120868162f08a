"""Parse throughput (MB/s) and peak memory on a synthetic corpus built from the raw documents; run on demand."""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from curator.datasets import build_datasets
from curator.documents import DecodedDocument, RawDocument, decode_document
from curator.parse import ParsedDocument, parse_documents

RAW = Path(__file__).resolve().parents[1] / "raw"
BATCH = 200  # the flow's default --batch-size


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
    pairs: list[tuple[ParsedDocument, RawDocument]] = []
    for first in range(0, len(documents), BATCH):  # as the flow does: one parse task per batch
        batch = documents[first : first + BATCH]
        decoded = [(decode_document(d), d) for d in batch]
        texts = [(text.text, text.source_file) for text, _raw in decoded if isinstance(text, DecodedDocument)]
        raws = [raw for text, raw in decoded if isinstance(text, DecodedDocument)]
        pairs.extend(zip(parse_documents(texts), raws, strict=True))
    parse_seconds = time.perf_counter() - start

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
