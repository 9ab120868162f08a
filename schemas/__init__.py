"""Pandera contracts of the curated datasets: one module per dataset, plus the dataset-level gates."""

import pandera.polars as pa

from schemas.documents import Documents

MODELS: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
}
