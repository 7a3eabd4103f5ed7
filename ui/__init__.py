"""The Streamlit dashboard's own modules: cached data access, Plotly figures, UI strings, URL state, widgets.

Layering: pages get the view's prefs once (ui.state, the only reader of the session and the URL) → read
widgets (ui.widgets) → call a cached kpi function keyed by the report (ui.data) → build a figure
(ui.charts) → show it with its export menu (ui.tables, ui.menu, ui.deck; data text through ui.safe).
Nothing here computes a measure: every number comes from `kpi`.
"""
