"""The analysts' data dictionary (curated/README.md), generated from the Pandera contracts so it cannot drift."""

from __future__ import annotations

from collections.abc import Mapping

import pandera.polars as pa

from curator.countries import ALIASES, FOUNDED, SUCCESSORS
from curator.validation.quality import declared_checks

HEADER = """# curated/: data dictionary

Generated from the Pandera contracts in `schemas/` by `make dictionary`; a test fails when it is stale.
Each dataset is `curated/<name>.parquet` (a link into `current/`, the newest complete run); rows that failed
their contract are in `curated/quarantine/<name>.parquet` with every value as text and a `reasons` list.
Every row carries `source_file` (relative to the raw root) and `source_line` (1-based).

Fuzzy dates come as a group of columns `X_text` (as written), `X_edtf` (EDTF), `X_earliest` / `X_latest`
(null = unknown or open), `X_precision` (day, month, season, year, decade, century; never invented),
`X_end_status`, `X_approximate`, and `X_part` / `X_end_part` (early, mid, late: "early 1920s" keeps the bounds of
the whole decade and says `early` here).
"""


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rules(checks: list[str]) -> str:
    return ", ".join(f"`{_cell(check)}`" for check in checks) or "—"


def render_country_tables() -> str:
    """The alias and successor tables (curator.countries) as the dictionary's section on country names."""
    lines = [
        "\n## Country names: the alias and successor tables\n",
        "relation_events keeps the counterpart as the text names it in `party_as_named`; `country` is the state today "
        "and `country_mapping` says how it was had. Names pycountry does not resolve go through the alias table; a "
        "former or informal name there (a row with a name today) gives `alias`. States of the past go through the "
        "successor table (`successor`); one with no successor keeps its own name and no ISO code (`as_named`).\n",
        "| name as written | ISO code | name today |\n| --- | --- | --- |",
    ]
    lines += [
        f"| {_cell(name)} | {alias.iso3 or '— (no ISO code)'} | {_cell(alias.today or '—')} |"
        for name, alias in sorted(ALIASES.items())
    ]
    lines.append("\n| state of the past | successor today |\n| --- | --- |")
    lines += [
        f"| {_cell(name)} | {_cell(successor or '— (none: keeps its own name, no ISO code)')} |"
        for name, successor in sorted(SUCCESSORS.items())
    ]
    lines.append(
        "\nambassadors names the states of an entry's term: when a list is titled with a state founded after the "
        "term began, the entry's `sending_country` or `receiving_country` is the earlier state.\n"
    )
    lines.append("| state founded | in | earlier state |\n| --- | --- | --- |")
    lines += [f"| {_cell(state)} | {year} | {_cell(earlier)} |" for state, (year, earlier) in sorted(FOUNDED.items())]
    return "\n".join(lines)


def render_data_dictionary(models: Mapping[str, type[pa.DataFrameModel]]) -> str:
    """Markdown with one section per dataset: each column's type, nullability, rules and meaning, then the tables
    that name countries."""
    parts = [HEADER]
    for name, model in models.items():
        schema = model.to_schema()
        rules: dict[str | None, list[str]] = {}
        for column, check, description in declared_checks(model):
            if check in ("dtype", "not_nullable"):
                continue
            rules.setdefault(column, []).append(description if column is None else check_text(check, description))
        parts.append(f"\n## {name}\n\n{_cell((model.__doc__ or '').strip())}\n")
        parts.append("| column | type | nullable | rules | meaning |\n| --- | --- | --- | --- | --- |")
        for column_name, column in schema.columns.items():
            parts.append(
                f"| `{column_name}` | {_cell(column.dtype)} | {'yes' if column.nullable else 'no'} "
                f"| {_rules(rules.get(column_name, []))} | {_cell(column.description or '')} |"
            )
        table_rules = rules.get(None, [])
        unique = getattr(schema, "unique", None)
        if unique:
            table_rules = [*table_rules, f"unique over ({', '.join(unique)})"]
        if table_rules:
            parts.append("\nRow rules: " + "; ".join(_cell(rule) for rule in table_rules) + ".")
    parts.append(render_country_tables())
    return "\n".join(parts) + "\n"


def check_text(check: str, description: str) -> str:
    """A column rule as shown to analysts: pandera's own rendering, e.g. `isin(['cell', 'note'])`."""
    return description if description.startswith(check) else check
