"""The look shared by the screen and the exported files: one font, one Plotly template.

The template is plotly_white's layout only. plotly_white's per-trace defaults (its `data` part) make
every figure that names it cost ~40 ms to build; the layout part gives the same look for the bar,
scatter and line charts this dashboard draws, at ~4 ms."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = "Noto Sans CJK JP, sans-serif"
TEMPLATE = "kawasaki"

if TEMPLATE not in pio.templates:
    pio.templates[TEMPLATE] = go.layout.Template(layout=pio.templates["plotly_white"].layout)
