"""The stages of a curation run as plain functions; the Prefect flow, `curator check` and the tests call these.

A run: discover the raw root -> plan (which documents the cache already holds, by file stat and content hash) ->
process batches of the other documents (read, decode, parse, build, validate, write a cache segment) -> assemble
every dataset from the segments in file order into a staging version -> gates -> publish it with one rename ->
report. Only the batch stage touches document text; everything after it reads cached Parquet.

One module per stage: `plan`, `batch` (also `curator check`'s stage, writing nothing), `assemble`, `publish` (with
the run's report); `records` names what they hand on (the manifest's columns, a segment's parts, statuses).
"""
