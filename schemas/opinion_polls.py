"""Contract of opinion_polls.parquet: one row per row of an opinion-poll table."""

import pandera.polars as pa
import polars as pl

from schemas.provenance import Provenance, refine
from schemas.vocabulary import COUNTRY_SOURCES, VALUE_SOURCES

ROUNDING = 2  # percentages of a row may miss 100 by rounding


class OpinionPolls(Provenance):
    """A poll row: identity (poll, rank), percentages and where each came from."""

    source_line = refine("1-based line of the table row.")
    source_text = refine("The table row, as written in the source.")
    poll: str = pa.Field(nullable=False, description="e.g. '2017 BBC World Service poll', from the table caption.")
    pollster: str = pa.Field(nullable=True, description="e.g. 'BBC World Service'.")
    poll_year: int = pa.Field(nullable=True, ge=1900, le=2100, description="Year of the poll.")
    caption: str = pa.Field(nullable=True, description="The table caption, markup removed.")
    rank: int = pa.Field(ge=1, description="Row order in the table; with poll, the row's identity.")
    country_polled: str = pa.Field(nullable=True, description="Null: these documents lost the country cells.")
    country_polled_source: str = pa.Field(isin=list(COUNTRY_SOURCES), description="cell or missing.")
    positive: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100}, description="% positive.")
    negative: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100}, description="% negative.")
    neutral: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100}, description="% neutral.")
    net: int = pa.Field(
        nullable=True, in_range={"min_value": -100, "max_value": 100}, description="positive − negative."
    )
    positive_source: str = pa.Field(
        isin=list(VALUE_SOURCES), description="cell, derived from neutral and net, or missing."
    )
    negative_source: str = pa.Field(isin=list(VALUE_SOURCES), description="cell, derived, or missing.")
    neutral_source: str = pa.Field(isin=list(VALUE_SOURCES), description="cell or missing.")
    net_source: str = pa.Field(isin=list(VALUE_SOURCES), description="cell, derived (positive − negative), or missing.")

    @pa.dataframe_check
    @classmethod
    def shares_sum_to_100(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """positive + negative + neutral is within rounding of 100 when all three are known."""
        total = pl.col("positive") + pl.col("negative") + pl.col("neutral")
        return data.lazyframe.select((total.is_null() | ((total - 100).abs() <= ROUNDING)).alias("ok"))

    @pa.dataframe_check
    @classmethod
    def net_is_positive_minus_negative(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """net equals positive − negative (within rounding) when all three are known."""
        gap = pl.col("positive") - pl.col("negative") - pl.col("net")
        return data.lazyframe.select((gap.is_null() | (gap.abs() <= ROUNDING)).alias("ok"))

    class Config:
        strict = True
        unique = ["source_file", "poll", "rank"]
