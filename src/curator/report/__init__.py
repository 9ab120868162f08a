"""Reporting: a run's report.json and its counts (report), its typed view checked once (view), the HTML page
(report_html and sections formatting the view, charts for the SVG geometry, report_text for printed values,
templates for the layout), the kept runs' history (history, history_view), the data dictionary (dictionary) and
the Great Expectations Data Docs (gx_docs, gx_assets)."""
