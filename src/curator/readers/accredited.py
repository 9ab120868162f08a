"""The state an envoy was accredited to: a list titled with a state founded after an entry's term began names,
for that entry, the earlier state the envoy was sent to (the founding table, `curator.countries.FOUNDED`)."""

from __future__ import annotations

import polars as pl

from curator.countries import FOUNDED
from curator.readers.composite import AMBASSADORS, Open


def state_then(column: str) -> pl.Expr:
    """`column` (a sending or receiving country) as the state of the entry's first year: a state founded later is
    replaced by the earlier one. An entry with no start year, or one starting in the founding year, keeps the name."""
    expression = pl.col(column)
    for state, (founded, earlier) in FOUNDED.items():
        before = (pl.col(column) == state) & (pl.col("term_start_year") < founded)
        expression = pl.when(before).then(pl.lit(earlier)).otherwise(expression)
    return expression.alias(column)


def accredited_states(frames: dict[str, pl.DataFrame], _open: Open) -> dict[str, pl.DataFrame]:
    """The ambassadors rows with both countries named as the states of their term's start."""
    entries = frames[AMBASSADORS]
    return frames | {AMBASSADORS: entries.with_columns(state_then("sending_country"), state_then("receiving_country"))}
