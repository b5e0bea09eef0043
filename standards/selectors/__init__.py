"""Reads of the standards app, one module per concern.

`versions`: the published standards text; `targets`: scopes and the targets that apply;
`indicator_rows`: each indicator's value against its target, ready to show;
`report_data`: every number of a report or the dashboard; `reports`: generated reports.
"""
