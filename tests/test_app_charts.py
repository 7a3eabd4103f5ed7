"""ui.charts and ui.i18n without Streamlit: every figure carries a title, axis units, the source
footnote, the CJK font and an explicit template; every UI string used in the code is declared in
both languages; money labels follow the presenter options."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import kpi
from kpi import metrics
from ui import charts, i18n
from ui.state import Prefs

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "出典：川崎市 平成28年度 中小企業活性化施策実施状況報告書 p.16–64"


@pytest.fixture(scope="module")
def report():
    return kpi.read_report()


def figures(report, lang):
    progs = metrics.programs(report)
    ind = metrics.indicators(report)
    yield charts.status_by_article(metrics.article_rollup(report), Prefs(lang, fy_style="western", key=("川崎市", 2016)), SOURCE)
    yield charts.attainment_per_indicator(ind[ind["fiscal_year"] == 2016], Prefs(lang, fy_style="wareki"), SOURCE)
    yield charts.money_bars(progs[progs["is_key"]].assign(label=progs["program_name"]), "label",
                            ["budget", "settlement", "budget_next"], Prefs(lang, "百万円", "wareki", ("川崎市", 2016)), "t", SOURCE)
    yield charts.change_bars(progs, Prefs(lang, "億円"), SOURCE)
    yield charts.execution_rate_bars(progs, Prefs(lang), SOURCE)
    yield charts.procurement_share_bars(metrics.procurement_share(report), Prefs(lang, fy_style="western"), SOURCE)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_figure_is_presentable(report, lang):
    for fig in figures(report, lang):
        lay = fig.layout
        assert lay.title.text
        assert lay.font.family == "Noto Sans CJK JP, sans-serif"
        assert lay.template.layout.paper_bgcolor is not None or lay.template.data  # an explicit template
        assert any(a.text == SOURCE for a in lay.annotations)
        axis_titles = [lay.xaxis.title.text, lay.yaxis.title.text]
        assert any(axis_titles), "an axis says what (and in which unit) it measures"
        assert fig.data, "the figure is not empty"


def test_money_axis_is_in_the_chosen_unit(report):
    progs = metrics.programs(report)
    fig = charts.money_bars(progs[progs["is_key"]].assign(label=progs["program_name"]), "label", ["budget"],
                            Prefs("ja", "百万円", "wareki", ("川崎市", 2016)), "t", SOURCE)
    assert fig.layout.xaxis.title.text == "金額（百万円）"
    first = dict(zip(fig.data[0].y, fig.data[0].x))["起業化総合支援事業"]
    assert first == pytest.approx(10.22)  # 10,220千円 shown in 百万円
    assert fig.data[0].name == "平成28年度予算"


def test_status_legend_uses_marks_not_colour_alone(report):
    fig = charts.status_by_article(metrics.article_rollup(report), Prefs("ja", fy_style="wareki", key=("川崎市", 2016)), SOURCE)
    assert [t.name for t in fig.data] == ["○ 達成", "△ 概ね達成", "× 未達成"]


def test_source_note_page_range():
    assert charts.source_note("報告書", [16, 64, 30, None], "ja") == "出典：報告書 p.16–64"
    assert charts.source_note("報告書", [65], "en") == "Source: 報告書 p.65"


@pytest.mark.parametrize("measure, lang, style, unit, expected", [
    ("budget", "ja", "wareki", None, "平成28年度予算"),
    ("budget_next", "ja", "western", "百万円", "2017年度予算(百万円)"),
    ("settlement", "en", "western", "千円", "FY2016 settlement (est.) (thousand yen)"),
    ("outline_next", "en", "wareki", None, "FY2017 (H29) outline"),  # English leads with FY, never H29 alone
])
def test_measure_labels_follow_the_presenter_options(measure, lang, style, unit, expected):
    assert i18n.measure_label(measure, lang, style, unit, report_fy=2016) == expected


def test_every_ui_string_used_is_declared():
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""", path.read_text(encoding="utf-8")))
    missing = used - set(i18n.STRINGS)
    assert not missing, f"UI strings used but not declared in ui/i18n.py: {sorted(missing)}"
    for key, (ja, en) in i18n.STRINGS.items():
        assert ja and en, key
        assert set(re.findall(r"{(\w+)", ja)) == set(re.findall(r"{(\w+)", en)), f"{key}: placeholders differ"


def test_data_labels_reach_plotly_as_text_not_markup():
    assert charts.short('<a href="javascript:alert(1)">x</a>', 80) == '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'
    assert charts.short("A&B") == "A&amp;B"
    assert charts.short("起業化総合支援事業") == "起業化総合支援事業"


def test_attainment_chart_has_one_trace_per_year_and_one_for_the_segments(report):
    """Fewer traces, same look: the grey segments joining an indicator's two years are one trace
    (was one per indicator, 15 traces in all), each year's markers one, plus the legend entries."""
    ind = metrics.indicators(report)
    fig = charts.attainment_per_indicator(ind, Prefs("ja", fy_style="wareki", key=("川崎市", 2016)), SOURCE)
    assert len(fig.data) == 10  # 1 segment trace + 2 years + 2 year legend + 3 status legend + 2 lines
    segments = [tr for tr in fig.data if tr.mode == "lines" and tr.x[0] is not None]
    assert len(segments) == 1 and segments[0].line.color == "#BBBBBB" and segments[0].hoverinfo == "skip"
    joined = [x for x in segments[0].x if x is not None]
    assert len(joined) == 12  # the six indicators with both years, two points each
    markers = [tr for tr in fig.data if tr.mode == "markers" and tr.x[0] is not None]
    assert [tr.name for tr in markers] == ["平成27年度", "平成28年度"]
    assert sum(len(tr.x) for tr in markers) == int(ind["attainment_pct"].notna().sum())


def test_charts_read_the_year_from_the_prefs_not_a_fixed_2016(report):
    """The report's year comes from the prefs: the same frames shown as another report's year keep the
    year-relative look (the report's own year filled/blue, the year before open/grey)."""
    share = metrics.procurement_share(report)
    fig = charts.procurement_share_bars(share, Prefs("ja", fy_style="western", key=("川崎市", 2016)), SOURCE)
    assert [(tr.name, tr.marker.color) for tr in fig.data] == [("2015年度", "#999999"), ("2016年度", "#0072B2")]
    moved = share.assign(fiscal_year=share["fiscal_year"] + 1)
    fig = charts.procurement_share_bars(moved, Prefs("ja", fy_style="western", key=("川崎市", 2017)), SOURCE)
    assert [(tr.name, tr.marker.color) for tr in fig.data] == [("2016年度", "#999999"), ("2017年度", "#0072B2")]
    fig = charts.status_by_article(metrics.article_rollup(report), Prefs("en", fy_style="western", key=("川崎市", 2017)), SOURCE)
    assert fig.layout.title.text.endswith("(FY2017)")
    assert "2016" not in (ROOT / "ui" / "charts.py").read_text(encoding="utf-8")


def test_hover_numbers_are_the_labels_text_not_a_second_rounding(report):
    """A hover shows the number as kpi.fmt wrote it (the trace's text or customdata), never through a
    d3 format of its own (`%{x:.1f}` rounds half-up in the browser where kpi.fmt rounds in Python)."""
    from kpi import context as kc
    from kpi import fmt
    from ui import context_charts

    p = Prefs("ja", fy_style="western", key=("川崎市", 2016))
    trend = pd.DataFrame({"fiscal_year": [2016, 2017], "series": ["計", "計"], "achieved": [9, 10], "evaluable": [31, 30],
                          "median_attainment_pct": [99.96, 100.0], "share_achieved_pct": [29.032258, 33.333333]})
    figs = [*figures(report, "ja"), *figures(report, "en"),
            context_charts.employment_index(kc.figures(report, "employment_index"), p, SOURCE),
            context_charts.survey_rates(kc.survey_rates(report), p, SOURCE),
            charts.attainment_trend_lines(trend, "series", p, "t", SOURCE, total_label="計")]
    for fig in figs:
        for tr in fig.data:
            assert not re.search(r"%\{[^}]*:[^}]*\}", tr.hovertemplate or ""), (fig.layout.title.text, tr.hovertemplate)
    execution = charts.execution_rate_bars(metrics.programs(report), Prefs("ja"), SOURCE)
    assert "%{text}" in execution.data[0].hovertemplate
    assert list(execution.data[0].text) == [fmt.format_pct(v) for v in execution.data[0].x]
    survey = figs[-2].data[0]
    assert [c[2] for c in survey.customdata] == [fmt.format_pct(v) for v in survey.x]
    assert [lab.split("  ≠")[0] for lab in survey.text] == [c[2] for c in survey.customdata]
    index = figs[-3].data[0]
    assert list(index.text) == ["98.3", "100.8", "105.2"] and "%{text}" in index.hovertemplate  # as printed (p.3)
    lines = figs[-1].data[0]
    assert [c[2:] for c in lines.customdata] == [["99.9%", "29.0%"], ["100.0%", "33.3%"]]  # median rounded down; share rounded
