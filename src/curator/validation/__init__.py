"""Validation: the machinery that runs the Pandera contracts and gates (quality) and the one typed result of a
check (checks.CheckResult) that assembly, review and the report read."""
