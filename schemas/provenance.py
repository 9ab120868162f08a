"""The provenance columns every curated dataset carries, declared once: where a row was read (file, line, text)
and which reviewers' decisions set a value of it."""

import copy
from typing import Any

import pandera.polars as pa

from schemas.vocabulary import NULL_BY_DESIGN

# The column that closes every dataset's columns (after the dataset's own).
CLOSING = "decision_id"


class Located(pa.DataFrameModel):
    """Where a row was read: its document, its line and that line as written. They are a model's first columns; its
    own follow in the order it declares them."""

    source_file: str = pa.Field(description="Path of the source document relative to the raw root.")
    source_line: int = pa.Field(ge=1, description="1-based line the row was read from.")
    source_text: str = pa.Field(nullable=True, description="That line, as written.")


class Provenance(Located):
    """Where a row was read and which reviewers' decisions set a value of it: the model of every dataset read off the
    documents inherits these columns, `decision_id` last."""

    decision_id: str = pa.Field(
        nullable=True,
        description="Ids of the reviewers' decisions that set a value of this row; null when none.",
        metadata=NULL_BY_DESIGN,
    )

    @classmethod
    def _collect_fields(cls) -> Any:
        """Pandera's columns of the model, with `decision_id` moved after the model's own (pandera puts a base
        model's columns first)."""
        fields = super()._collect_fields()
        return {**{name: field for name, field in fields.items() if name != CLOSING}, CLOSING: fields[CLOSING]}


def refine(description: str, *, unique: bool = False) -> Any:
    """In a model's body, `source_line = refine("1-based line of the table row.")` describes an inherited column
    more precisely (and may make it unique); its type and other rules stay the base model's."""
    return _Refinement(description, unique)


class _Refinement:
    """Replaced, as the model class is made, by a copy of the inherited column's field with the new description."""

    def __init__(self, description: str, unique: bool) -> None:
        self.description = description
        self.unique = unique

    def __set_name__(self, owner: type[Any], name: str) -> None:
        inherited = next((base.__dict__[name] for base in owner.__mro__[1:] if name in base.__dict__), None)
        if inherited is None:
            raise TypeError(f"{owner.__name__}.{name}: refine() describes an inherited column, and no base declares it")
        field = copy.copy(inherited)
        field.description = self.description
        field.unique = field.unique or self.unique
        field.__set_name__(owner, name)
        setattr(owner, name, field)
