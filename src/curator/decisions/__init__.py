"""Reviewers' decisions, replayed by every run: set a value, accept a known failure, exclude a row.

The decisions file (`review/decisions.yaml` by default) is a YAML list under version control. Each decision has an
`id`, who made it (`by`), when (`at`, a date), why (`reason`) and one `action`:

- `set`: give `column` the `value` in one row (`dataset`, `target`). The value goes through the same contract as
  any other (a country gets its ISO code), and the row says `<column>_source = review` (when it has such a column)
  and carries the decision in `decision_id`.
- `accept`: a failing `check` of a `dataset` (optionally of one `column`, optionally only some `rows`) is known and
  accepted, optionally `until` a date: it stays counted but leaves "Needs attention".
- `exclude`: one row (`dataset`, `target`) is left out of curated and quarantine and counted as excluded.

A target names a row by what it is, not by where it sat: its `source_file`, its line's `source_text` exactly as
written, and its natural `identity` (e.g. a relation's date text) when one line holds several rows; `line` only
breaks ties. A decision whose row no longer exists, or whose source text changed, is `stale` and applied to nothing.
A malformed file is an error naming the file and line (`DecisionsError`), raised before a run touches its outputs.

`file` reads and renders the decisions file; `replay` applies its decisions to a run's rows and checks.
"""
