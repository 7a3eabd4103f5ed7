"""Plotly figures of section 2 (市内産業の現状): pure functions of kpi.context frames → go.Figure.

Same look as ui.charts (ui.style's template and font, a title, units on the axes, the source as a
footnote); data labels go through ui.charts.short, which escapes Plotly markup."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpi import fmt
from ui.charts import ChartPrefs, fit_labels, short
from ui.i18n import t
from ui.style import FONT_FAMILY, TEMPLATE

BAR = "#0072B2"
MUTED = "#999999"
FLAG = "#D55E00"  # a row whose printed rate disagrees with responses ÷ sent
MARGIN = dict(l=20, r=40, t=70, b=90)


def _wrap(text: str, width: int = 46) -> str:
    """A footnote in lines of at most `width` characters, each escaped (the <br> is ours, not data)."""
    text = str(text)
    return "<br>".join(short(text[i:i + width], width + 1) for i in range(0, len(text), width))


def _finish(fig: go.Figure, title: str, source: str, height: int) -> go.Figure:
    fig.update_layout(template=TEMPLATE, height=height, margin=MARGIN, showlegend=False,
                      title=dict(text=short(title, 80), x=0, xanchor="left", xref="container", pad=dict(l=16), font=dict(size=18)),
                      font=dict(family=FONT_FAMILY, size=13, color="#222"), hoverlabel=dict(font_family=FONT_FAMILY))
    fig.add_annotation(text=_wrap(source), xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-(MARGIN["b"] - 30), showarrow=False, font=dict(size=11, color="#555"), align="left")
    fig.update_xaxes(automargin=True)
    return fit_labels(fig, MARGIN["l"])


def employment_index(figs: pd.DataFrame, p: ChartPrefs, source: str) -> go.Figure:
    """従業者数の変化 (平成21年 = 100): one bar per area, the 100 line marked."""
    lang = p.lang
    names = [short(x.split("（")[-1].split("・")[0], 20) for x in figs["label"]]
    values = figs["value"].astype(float).tolist()
    fig = go.Figure(go.Scatter(x=values, y=names, mode="markers+text", marker=dict(size=14, color=[BAR if v >= 100 else MUTED for v in values]),
                               text=[fmt.format_quantity(v) for v in values], textposition="middle right",
                               cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))  # a dot plot: an index has no zero baseline
    fig.add_vline(x=100, line_dash="dot", line_color="#444")
    lo, hi = min(values + [100]), max(values + [100])
    fig.update_xaxes(title_text=t("cx_index", lang), range=[lo - 3, hi + 3])
    fig.update_yaxes(autorange="reversed")
    return _finish(fig, t("cx_index", lang), source, 300)


def bankruptcies(trend: pd.DataFrame, p: ChartPrefs, source: str) -> go.Figure:
    """倒産件数 per fiscal year as bars with the count on each."""
    lang = p.lang
    years = [p.fy(int(y)) for y in trend["fiscal_year"]]
    counts = trend["count"].astype(int).tolist()
    fig = go.Figure(go.Bar(x=years, y=counts, marker_color=[MUTED] * (len(counts) - 1) + [BAR],
                           text=[f"{c}" for c in counts], textposition="outside", cliponaxis=False,
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    unit = "件" if lang == "ja" else "cases"
    fig.update_yaxes(title_text=f"{t('cx_count', lang)}（{unit}）" if lang == "ja" else f"{t('cx_count', lang)} ({unit})",
                     rangemode="tozero", range=[0, max(counts + [1]) * 1.2])
    return _finish(fig, t("cx_bankruptcy", lang), source, 340)


def survey_rates(rates: pd.DataFrame, p: ChartPrefs, source: str) -> go.Figure:
    """Printed response rate by industry (the total as a line); a row whose printed rate differs from
    responses ÷ sent is drawn in the flag colour and labelled with its discrepancy id."""
    lang = p.lang
    rows = rates[~rates["is_total"] & rates["rate_pct"].notna()]
    names = [short(f"{c} {n}" if pd.notna(c) else n, 22) for c, n in zip(rows["industry_code"], rows["industry"])]
    rate = rows["rate_pct"].astype(float).tolist()
    flags = rows["rate_differs"].tolist()
    labels = [fmt.format_pct(r) + (f"  ≠ {fmt.format_pct(float(c))} ({short(d)})" if f else "")
              for r, c, d, f in zip(rate, rows["computed_rate_pct"], rows["discrepancy_id"], flags)]
    custom = [[int(a), int(b) if pd.notna(b) else 0, fmt.format_pct(r)] for a, b, r in zip(rows["responses"], rows["sent"], rate)]
    fig = go.Figure(go.Bar(x=rate, y=names, orientation="h", marker_color=[FLAG if f else BAR for f in flags],
                           text=labels, textposition="outside", cliponaxis=False, customdata=custom,
                           hovertemplate="%{y}: %{customdata[2]} (%{customdata[0]} / %{customdata[1]})<extra></extra>"))
    total = rates[rates["is_total"] & rates["rate_pct"].notna()]
    if not total.empty:
        v = float(total["rate_pct"].iloc[0])
        fig.add_vline(x=v, line_dash="dot", line_color="#444")
        fig.add_annotation(x=v, y=1.0, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                           text=f"{t('cx_survey_total', lang)} {fmt.format_pct(v)}", font=dict(size=12, color="#444"))
    fig.update_xaxes(title_text=t("cx_rate_printed", lang), range=[0, max(rate + [1]) * 1.35])
    fig.update_yaxes(autorange="reversed")
    return _finish(fig, t("cx_survey_chart", lang), source, max(360, 26 * len(rows) + 170))
