"""The Streamlit dashboard's own modules: cached data access, Plotly figures, UI strings, components.

Layering: pages read widgets → call a cached kpi function (ui.data) → build a figure (ui.charts)
→ show it (ui.components). Nothing here computes a measure: every number comes from `kpi`.
"""
