"""The fuzzy-date column group, declared once: `X_text`, `X_edtf`, bounds, precision, parts, and its bounds check."""

import inspect
from datetime import date
from typing import Any

import pandera.polars as pa
import polars as pl

from schemas.vocabulary import END_STATUSES, NULL_BY_DESIGN, PARTS, PRECISIONS


def fuzzy_date_group(prefix: str, what: str) -> type[pa.DataFrameModel]:
    """A model of the nine columns of one fuzzy date, checking that its earliest bound is not after its latest."""
    fields: dict[str, Any] = {
        f"{prefix}_text": pa.Field(nullable=True, description=f"{what}, as written in the source."),
        f"{prefix}_edtf": pa.Field(
            nullable=True, description=f"{what} in Extended Date/Time Format (Library of Congress), e.g. 189X, 2014/."
        ),
        f"{prefix}_earliest": pa.Field(nullable=True, description=f"First day {what} can be; null = unknown/open."),
        f"{prefix}_latest": pa.Field(nullable=True, description=f"Last day {what} can be; null = unknown/open."),
        f"{prefix}_precision": pa.Field(
            nullable=True, isin=list(PRECISIONS), description="How precisely the source states it; never invented."
        ),
        f"{prefix}_end_status": pa.Field(
            nullable=True,
            isin=list(END_STATUSES),
            description="For ranges: closed, ongoing (2021-) or unknown (2014-?).",
            metadata=NULL_BY_DESIGN,
        ),
        f"{prefix}_approximate": pa.Field(nullable=True, description="True for c./circa/about dates."),
        f"{prefix}_part": pa.Field(
            nullable=True,
            isin=list(PARTS),
            description=(
                "early / mid / late as written ('early 1920s'; of the start, for a range); "
                "the bounds stay those of the whole unit."
            ),
            metadata=NULL_BY_DESIGN,
        ),
        f"{prefix}_end_part": pa.Field(
            nullable=True,
            isin=list(PARTS),
            description="early / mid / late of a range's end ('1920s–late 1930s').",
            metadata=NULL_BY_DESIGN,
        ),
    }
    annotations = {
        f"{prefix}_text": str,
        f"{prefix}_edtf": str,
        f"{prefix}_earliest": date,
        f"{prefix}_latest": date,
        f"{prefix}_precision": str,
        f"{prefix}_end_status": str,
        f"{prefix}_approximate": bool,
        f"{prefix}_part": str,
        f"{prefix}_end_part": str,
    }

    def bounds_ordered(cls: Any, data: Any) -> pl.LazyFrame:
        earliest, latest = pl.col(f"{prefix}_earliest"), pl.col(f"{prefix}_latest")
        frame: pl.LazyFrame = data.lazyframe
        return frame.select((earliest.is_null() | latest.is_null() | (earliest <= latest)).alias("ok"))

    bounds_ordered.__name__ = f"{prefix}_earliest_not_after_latest"
    bounds_ordered.__doc__ = f"{prefix}_earliest is not after {prefix}_latest."
    namespace: dict[str, Any] = {
        "__annotations__": annotations,
        "__module__": __name__,
        bounds_ordered.__name__: pa.dataframe_check(bounds_ordered),
        **fields,
    }
    return type(f"FuzzyDate_{prefix}", (pa.DataFrameModel,), namespace)


class FuzzyDate:
    """In a model's body, `term: FuzzyDate = FuzzyDate("the term of office")` stands for the nine columns `term_text`
    ... `term_end_part` of `fuzzy_date_group`, in its place, and for the group's bounds check. A column of the group
    that the model declares after it refines it in the group's place (relation_events' non-null `date_edtf`); one
    declared before it is the model's own and stays there (ambassadors' ended/ongoing/unknown `term_end_status`)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __set_name__(self, owner: type[Any], prefix: str) -> None:
        group = fuzzy_date_group(prefix, self.what)
        declared: dict[str, Any] = inspect.get_annotations(owner)
        names = list(declared)
        before, after = names[: names.index(prefix)], names[names.index(prefix) + 1 :]
        annotations = {name: declared[name] for name in before}
        for column, column_type in inspect.get_annotations(group).items():
            if column in before:
                continue
            annotations[column] = declared.get(column, column_type)
            if column not in after:
                setattr(owner, column, group.__dict__[column])
        annotations.update({name: declared[name] for name in after if name not in annotations})
        owner.__annotations__ = annotations
        delattr(owner, prefix)
        check = f"{prefix}_earliest_not_after_latest"
        setattr(owner, check, group.__dict__[check])
