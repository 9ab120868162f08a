"""Pandera contracts of the curated datasets: one module per dataset, plus the dataset-level gates."""

# Pandera's polars implementations of the built-in checks (ge, isin, ...) are registered before any contract's schema
# is built: a built schema keeps a copy of each check's implementations, and curator.validation.quality's shortcut
# runs the polars ones. (curator builds schemas at import time: datasets.SCHEMAS is read off the contracts.)
import pandera.backends.polars.builtin_checks  # noqa: F401
import pandera.polars as pa

from schemas.ambassadors import Ambassadors
from schemas.consistency import Consistency
from schemas.documents import Documents
from schemas.infobox import Infobox
from schemas.missions import Missions
from schemas.opinion_polls import OpinionPolls
from schemas.relation_events import RelationEvents
from schemas.relations import Relations
from schemas.state_list import StateList
from schemas.unclaimed import Unclaimed

# Datasets read off each document (built and validated per batch of documents).
MODELS: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
    "relations": Relations,
    "relation_events": RelationEvents,
    "ambassadors": Ambassadors,
    "opinion_polls": OpinionPolls,
    "missions": Missions,
    "state_list": StateList,
    "infobox": Infobox,
    "unclaimed": Unclaimed,
}
# Datasets made by comparing documents (built once per run from the curated datasets).
CORPUS_MODELS: dict[str, type[pa.DataFrameModel]] = {"consistency": Consistency}
ALL_MODELS: dict[str, type[pa.DataFrameModel]] = {**MODELS, **CORPUS_MODELS}
