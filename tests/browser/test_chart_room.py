"""The room ui.charts.fit_labels fixes for category labels, against Plotly's own measurement in
Chromium: the same figure drawn with automargin (Plotly measures every label) needs no more room
than ours, ours wastes little, and no label of ours starts left of the image."""

from __future__ import annotations

from pathlib import Path

import plotly
import plotly.io as pio
import pytest

from tests.test_chart_room import _report_figures

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
DRAW = """async ([spec, measured]) => {
  const f = JSON.parse(spec);
  if (measured) { f.layout.yaxis.automargin = true; f.layout.margin.l = 20; }  // as before: Plotly measures
  const g = document.getElementById('g'); Plotly.purge(g); await Plotly.newPlot(g, f.data, f.layout);
  const svg = g.querySelector('.main-svg').getBoundingClientRect();
  const labels = Array.from(g.querySelectorAll('.ytick text')).map(t => t.getBoundingClientRect());
  return {l: g._fullLayout._size.l, left: Math.min(...labels.map(r => r.left - svg.left)),
          right: Math.max(...labels.map(r => r.right - svg.left)), n: labels.length};
}"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_fixed_room_covers_what_plotly_measures(browser, lang):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_content("<html><body style='margin:0'><div id='g' style='width:1100px'></div></body></html>")
        page.add_script_tag(path=str(PLOTLY_JS))
        for name, fig in _report_figures(lang).items():
            spec = pio.to_json(fig, validate=False)
            plotly_room, ours = page.evaluate(DRAW, [spec, True]), page.evaluate(DRAW, [spec, False])
            assert ours["n"] == plotly_room["n"] > 0, name
            assert ours["l"] == fig.layout.margin.l, name  # Plotly kept the room we fixed
            assert plotly_room["l"] <= ours["l"] <= plotly_room["l"] + 24, (name, plotly_room, ours)
            assert ours["left"] >= 0 and ours["right"] <= ours["l"], (name, ours)  # every label inside, left of the plot
    finally:
        context.close()
