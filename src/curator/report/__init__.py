"""Reporting: a run's report.json (report), its HTML page (report_html, with charts and report_text for the SVG
geometry and printed values), the data dictionary (dictionary) and the Great Expectations Data Docs (gx_docs,
gx_assets)."""
