"""The look shared by the screen and the exported files: one font, one Plotly template, and the width
a line of label text takes in that font.

The template is plotly_white's layout only. plotly_white's per-trace defaults (its `data` part) make
every figure that names it cost ~40 ms to build; the layout part gives the same look for the bar,
scatter and line charts this dashboard draws, at ~4 ms.

`label_px` lets a figure reserve the room its category labels need (ui.charts.fit_labels) instead of
leaving it to Plotly's automargin, which measures every label in the browser and, when the room
changes with a filter, draws the chart a second time."""

from __future__ import annotations

import re
import unicodedata

import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = "Noto Sans CJK JP, sans-serif"
TEMPLATE = "kawasaki"
# Advance widths in em, rounded up over Noto Sans CJK JP and the Japanese system fonts a browser falls
# back to (Yu Gothic, Meiryo, Hiragino): full-width and ambiguous-width characters (kana, kanji, ○△×…)
# are 1 em in all of them; proportional Latin letters and digits are 0.23–0.83 em, 0.55 on average.
WIDE_EM, NARROW_EM, SPACE_EM = 1.0, 0.62, 0.3
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d+);")  # as ui.charts.plotly_text writes them: one character shown


def label_px(text: str, size: float) -> float:
    """Width in px of one line of Plotly label text at font `size` px, estimated from above (an entity
    counts as the one character it shows)."""
    shown = _ENTITY.sub("x", str(text))
    return size * sum(WIDE_EM if unicodedata.east_asian_width(c) in "WFA" else SPACE_EM if c == " " else NARROW_EM
                      for c in shown)

if TEMPLATE not in pio.templates:
    pio.templates[TEMPLATE] = go.layout.Template(layout=pio.templates["plotly_white"].layout)
