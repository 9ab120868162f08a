"""Allowed values of the curated datasets' categorical columns, shared by the contracts and the builders."""

PRECISIONS: tuple[str, ...] = ("day", "month", "season", "year", "decade", "century")
# The early / mid / late qualifier of a written unit ("early 1920s"); EDTF has no such qualifier.
PARTS: tuple[str, ...] = ("early", "mid", "late")
END_STATUSES: tuple[str, ...] = ("closed", "ongoing", "unknown")
EVENT_KINDS: tuple[str, ...] = (
    "established",
    "first_contact",
    "officialized",
    "recognized",
    "recognized_de_facto",
    "recognized_de_jure",
    "broken",
    "suspended",
    "re_established",
    # Relations raised in rank ("upgraded to embassy level"): an event of the relation, never its start.
    "upgraded",
)
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
COUNTRY_SOURCES = ("cell", "note", "missing", "review")
# The shape a row was read from (contract: `source`).
ROW_SOURCES = ("cell", "note", "list", "table", "infobox", "prose", "review")
# How a relation event's counterpart was named (relation_events.country_mapping): as written, through the alias
# table (a former or informal name) or through the successor table (a state of the past); curator.countries.
COUNTRY_MAPPINGS = ("as_named", "alias", "successor")
VALUE_SOURCES = ("cell", "derived", "missing", "review")
ROLES = ("ambassador", "chargé d'affaires", "envoy", "minister", "minister resident", "consul general")
TERM_END_STATUSES = ("ended", "ongoing", "unknown")
ENTRY_KINDS = ("person", "gap", "heading", "note")
ENTRY_STYLES = ("numbered", "bulleted", "indented", "table", "infobox")
MISSION_TYPES = (
    "embassy",
    "consulate-general",
    "consulate",
    "honorary consulate",
    "permanent mission",
    "liaison office",
)
HOST_SOURCES = ("capital", "pair", "missing", "review")
ISO3 = r"^[A-Z]{3}$"
INFOBOX_LAYOUTS = ("key_value", "table", "lines")
INFOBOX_FIELDS = (
    "incumbent",
    "incumbent_since",
    "inaugural",
    "formation",
    "envoy",
    "envoy_title",
    "mission",
    "party",
    "post",
    "other",
    "unknown",
)
CONSISTENCY_FIELDS = ("relations_began", "recognition", "ambassador_term", "mission", "ambassador_term_overlap")
CONSISTENCY_SCOPES = ("corpus", "document")
VERDICTS = ("agree", "compatible", "conflict")
# Field metadata of a column that is null by design where it does not apply (a reviewer's decision id, a hint, the
# qualifier of a date range, the columns of one kind of line): the report's completeness leaves it out.
NULL_BY_DESIGN: dict[str, bool] = {"null_by_design": True}
