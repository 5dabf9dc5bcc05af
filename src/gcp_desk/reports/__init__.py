"""PDF reports built with reportlab from domain objects: no Qt, no database.

- ``report_data.ReportData``: everything a report needs, gathered by the services (cheap; imports no reportlab).
- ``assessment_report.build_assessment_report(data) -> bytes``.
- ``family_summary.build_family_summary(data) -> bytes``.

Import the builders from their modules when needed: reportlab (and matplotlib for the chart) load on first use,
so that importing this package stays free.
"""
