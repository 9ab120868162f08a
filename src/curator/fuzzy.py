"""The fuzzy-date column group (`X_text`, `X_edtf`, `X_earliest`, `X_latest`, `X_precision`, ...) shared by datasets."""

from __future__ import annotations

from functools import cache
from typing import Any

import polars as pl

from curator.dates import DateEvent, FuzzyDate
from curator.frames import model_schema
from schemas.fuzzy_dates import fuzzy_date_group

# Events that count as the start of relations, in the order a cell lists them.
ESTABLISHMENT_LIKE = (
    "established",
    "officialized",
    "recognized",
    "recognized_de_facto",
    "recognized_de_jure",
    "re_established",
)


def fuzzy_date_fields(prefix: str, text: str | None, value: FuzzyDate | DateEvent | None) -> dict[str, Any]:
    """The column group of one fuzzy date; every field null when there is no date."""
    date = value.date if isinstance(value, DateEvent) else value
    return {
        f"{prefix}_text": text,
        f"{prefix}_edtf": date.edtf if date else None,
        f"{prefix}_earliest": date.earliest if date else None,
        f"{prefix}_latest": date.latest if date else None,
        f"{prefix}_precision": date.precision if date else None,
        f"{prefix}_end_status": date.end_status if date else None,
        f"{prefix}_approximate": date.approximate if date else None,
        f"{prefix}_part": date.part if date else None,
        f"{prefix}_end_part": date.end_part if date else None,
    }


def fuzzy_date_schema(prefix: str) -> dict[str, pl.DataType]:
    """Polars types of a fuzzy-date group, as its contract (`schemas.fuzzy_dates`) declares them, so an empty dataset
    still has the right columns."""
    return dict(_group_schema(prefix))


@cache
def _group_schema(prefix: str) -> dict[str, pl.DataType]:
    return model_schema(fuzzy_date_group(prefix, prefix))
