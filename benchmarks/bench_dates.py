"""Benchmark curator.dates against dateparser and python-dateutil.

Run on demand:  .venv/bin/python benchmarks/bench_dates.py [--details]

Accuracy: every tool parses each case of benchmarks/date_cases.py.  Our parser is
right when its (earliest, latest) equals the expected span (or it gives nothing
when nothing is expected).  dateparser and dateutil return one datetime, so they
are right only on day-precision cases (the datetime's day is the expected day)
and on non-dates (they return nothing / raise).

Speed: a realistic repeated workload -- 200 distinct strings (the cases plus
generated dates in the same styles) drawn with a skewed distribution to 100,000
strings.  Our parser's cache is cleared before each timed run, so each run pays
for parsing every distinct string once; the uncached rate is reported too.
dateutil and dateparser are timed on samples of the same workload and their
per-string rate is extrapolated (stated in the output).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from date_cases import CASES, Expected

from curator.dates import clear_caches, explain_date, parse_fuzzy_date

DISTINCT = 200
TOTAL = 100_000
RUNS = 5
DATEUTIL_SAMPLE = 10_000
DATEPARSER_SAMPLE = 1_000
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def generated_cases(rng: random.Random, count: int) -> list[tuple[str, Expected]]:
    """More strings in the corpus's styles, with their expected spans."""
    out: list[tuple[str, Expected]] = []
    while len(out) < count:
        day = date.fromordinal(rng.randint(date(1850, 1, 1).toordinal(), date(2024, 12, 31).toordinal()))
        month = MONTHS[day.month - 1]
        style = rng.randrange(7)
        if style == 0:
            out.append((f"{day.day} {month} {day.year}", (day, day)))
        elif style == 1:
            out.append((f"{month} {day.day}, {day.year}", (day, day)))
        elif style == 2:
            out.append((day.isoformat(), (day, day)))
        elif style == 3:
            out.append((f"{day.day:02d}.{day.month:02d}.{day.year}", (day, day)))
        elif style == 4:
            first = day.replace(day=1)
            nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            out.append((f"{month} {day.year}", (first, date.fromordinal(nxt.toordinal() - 1))))
        elif style == 5:
            out.append((str(day.year), (date(day.year, 1, 1), date(day.year, 12, 31))))
        else:
            end = day.year + rng.randint(1, 9)
            out.append((f"{day.year}\u2013{end}", (date(day.year, 1, 1), date(end, 12, 31))))
    return out


def workload() -> list[str]:
    rng = random.Random(20240229)
    distinct = [text for text, _ in CASES]
    seen = set(distinct)
    for text, _ in generated_cases(rng, 4 * DISTINCT):
        if len(distinct) >= DISTINCT:
            break
        if text not in seen:
            seen.add(text)
            distinct.append(text)
    # Skewed (Zipf-like) repetition: a few strings dominate, as in real corpora.
    weights = [1.0 / (rank + 1) for rank in range(len(distinct))]
    rng.shuffle(distinct)
    return rng.choices(distinct, weights=weights, k=TOTAL)


def ours_right(text: str, expected: Expected) -> bool:
    got = parse_fuzzy_date(text)
    if expected is None:
        return got is None
    return got is not None and (got.earliest, got.latest) == expected


def single_datetime_right(got: datetime | None, expected: Expected) -> bool:
    if expected is None:
        return got is None
    earliest, latest = expected
    return got is not None and earliest is not None and earliest == latest == got.date()


def run_dateutil(text: str) -> datetime | None:
    from dateutil import parser

    try:
        return parser.parse(text)
    except (ValueError, OverflowError, TypeError):
        return None


def make_dateparser() -> Callable[[str], datetime | None]:
    import dateparser

    def run(text: str) -> datetime | None:
        result: datetime | None = dateparser.parse(text, languages=["en"])
        return result

    return run


def rate(func: Callable[[str], object], items: list[str]) -> float:
    start = time.perf_counter()
    for item in items:
        func(item)
    return len(items) / (time.perf_counter() - start)


def main() -> None:
    argp = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argp.add_argument("--details", action="store_true", help="list the cases each tool gets wrong")
    args = argp.parse_args()
    warnings.filterwarnings("ignore")

    run_dateparser = make_dateparser()
    run_dateparser("1 January 2000")  # warm-up: dateparser loads its language data lazily

    right: dict[str, list[str]] = {"curator.dates": [], "dateutil": [], "dateparser": []}
    for text, expected in CASES:
        if not ours_right(text, expected):
            right["curator.dates"].append(text)
        if not single_datetime_right(run_dateutil(text), expected):
            right["dateutil"].append(text)
        if not single_datetime_right(run_dateparser(text), expected):
            right["dateparser"].append(text)

    load = workload()
    distinct = len(set(load))

    cached_rates = []
    for _ in range(RUNS):
        clear_caches()
        cached_rates.append(rate(parse_fuzzy_date, load))
    ours_cached = max(cached_rates)
    uncached = explain_date.__wrapped__
    ours_uncached = max(rate(uncached, load[:20_000]) for _ in range(3))
    sampler = random.Random(7)
    dateutil_rate = rate(run_dateutil, sampler.sample(load, DATEUTIL_SAMPLE))
    dateparser_rate = rate(run_dateparser, sampler.sample(load, DATEPARSER_SAMPLE))

    n = len(CASES)
    rows = [
        (
            "curator.dates",
            n - len(right["curator.dates"]),
            ours_cached,
            f"{TOTAL:,} strings, cache cleared before each of {RUNS} runs (best run)",
        ),
        (
            "curator.dates (no cache)",
            n - len(right["curator.dates"]),
            ours_uncached,
            "every string parsed from scratch (20,000 strings, best of 3)",
        ),
        (
            "dateutil",
            n - len(right["dateutil"]),
            dateutil_rate,
            f"timed on a {DATEUTIL_SAMPLE:,}-string sample, rate extrapolated",
        ),
        (
            "dateparser",
            n - len(right["dateparser"]),
            dateparser_rate,
            f"timed on a {DATEPARSER_SAMPLE:,}-string sample, rate extrapolated; languages=['en']",
        ),
    ]
    print(f"{n} cases from benchmarks/date_cases.py; workload {TOTAL:,} strings ({distinct} distinct) for speed")
    print()
    header = f"{'tool':<26} {'right':>7} {'strings/s':>12} {'x dateparser':>13}  note"
    print(header)
    print("-" * len(header) + "-" * 40)
    for name, ok, per_s, note in rows:
        print(f"{name:<26} {ok:>3}/{n:<3} {per_s:>12,.0f} {per_s / dateparser_rate:>12.1f}x  {note}")
    print()
    print("dateparser/dateutil return one datetime, so they can only be right on day-precision cases and non-dates.")
    if args.details:
        for name, wrong in right.items():
            print(f"\n{name} wrong on {len(wrong)}:")
            for text in wrong:
                print(f"  {text!r}")


if __name__ == "__main__":
    main()
