"""ui.style.label_px and ui.charts.fit_labels: a category y axis gets the room its longest label needs,
fixed in the figure (no Plotly automargin to measure and redraw in the browser); numeric axes keep
automargin; no axis hides tick labels past the chart's edge. tests/browser/test_chart_room.py checks
the room against Plotly's own measurement in Chromium."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi import context as kc
from ui import charts, context_charts, data, style
from ui.state import Prefs


def test_label_px_counts_full_width_as_one_em_and_latin_narrower():
    assert style.label_px("起業家塾", 12) == 48.0  # four full-width characters
    assert style.label_px("○△×…", 10) == 40.0  # ambiguous width: full width in Japanese fonts
    assert style.label_px("KBIC", 10) == pytest.approx(4 * 6.2)
    assert style.label_px("a b", 10) == pytest.approx(6.2 + 3.0 + 6.2)
    assert style.label_px("&lt;b&gt;", 10) == style.label_px("<b>", 10) == pytest.approx(3 * 6.2)  # shown, not written


def _report_figures(lang: str) -> dict:
    p = Prefs(lang)
    ind = data.indicators(p.key)
    progs = data.programs(p.key)
    key = progs[progs["is_key"]]
    return {
        "attainment": charts.attainment_per_indicator(ind[ind["fiscal_year"] == 2016], p, "出典"),
        "attainment_12": charts.attainment_per_indicator(ind[(ind["fiscal_year"] == 2016) & (ind["article_no"] == 12)], p, "出典"),
        "money_programs": charts.money_bars(key.assign(label=key["program_name"]), "label",
                                           ["budget", "settlement", "budget_next"], p, "t", "出典"),
        "change": charts.change_bars(key, p, "出典"),
        "execution": charts.execution_rate_bars(key[key["execution_rate_pct"].notna()], p, "出典"),
    }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_category_axes_get_the_room_of_their_longest_label(lang):
    for name, fig in _report_figures(lang).items():
        labels = list(fig.layout.yaxis.categoryarray or dict.fromkeys(v for tr in fig.data for v in tr.y if v is not None))
        size = fig.layout.yaxis.tickfont.size or fig.layout.font.size
        need = max(style.label_px(x, size) for x in labels)
        assert fig.layout.yaxis.automargin is False, name
        assert fig.layout.margin.l == math.ceil(need + charts.LABEL_PAD_EM * size), name
        assert fig.layout.margin.l > 200, name  # the report's program names are long
        assert fig.layout.xaxis.ticklabeloverflow == fig.layout.yaxis.ticklabeloverflow == "allow", name
        assert fig.layout.xaxis.automargin is True, name  # numbers below: measured by Plotly as before


def test_numeric_y_axes_keep_automargin():
    p = Prefs("ja")
    share = data.procurement_share(p.key)
    fig = charts.procurement_share_bars(share, p, "出典")
    assert fig.layout.yaxis.automargin is True and fig.layout.margin.l == charts.MARGIN["l"]
    assert fig.layout.yaxis.ticklabeloverflow == "allow"


def test_the_room_follows_the_label_and_section_2_charts_fit_the_same_way():
    p = Prefs("ja")
    fig = charts.execution_rate_bars(pd.DataFrame({"program_name": ["a"], "execution_rate_pct": [90.0]}), p, "s")
    assert fig.layout.margin.l == 22 > charts.MARGIN["l"]  # 'a' needs 0.62 em + 1 em of 13 px (21.1 px)
    long = charts.execution_rate_bars(pd.DataFrame({"program_name": ["起業化総合支援事業"], "execution_rate_pct": [90.0]}), p, "s")
    assert long.layout.margin.l == math.ceil(9 * 13 + 13)  # nine full-width characters and the gap
    assert fig.layout.yaxis.automargin is False
    rates = kc.survey_rates(data.report(p.key))
    survey = context_charts.survey_rates(rates, p, "出典")
    need = max(style.label_px(x, survey.layout.font.size) for x in survey.data[0].y)
    assert survey.layout.margin.l == math.ceil(need + charts.LABEL_PAD_EM * survey.layout.font.size) > 100
    assert survey.layout.yaxis.automargin is False
