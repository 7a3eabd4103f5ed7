"""Plotly figures of the dashboard: pure functions of kpi frames → go.Figure. No Streamlit, no measures.

Every figure has a title, units in its axis labels, a source footnote, the CJK font and an explicit
template, so that the screen, the PNG/SVG/PDF export and the slide look the same. The only
arithmetic here is unit conversion for display, through kpi.fmt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

import pandas as pd
import plotly.graph_objects as go

from kpi import fmt
from kpi import labels as kl
from kpi import status as ks
from ui import i18n
from ui.i18n import t

from ui.style import FONT_FAMILY, TEMPLATE, label_px  # noqa: E402  (one look for screen and exports)
MEASURE_COLORS = {  # Okabe–Ito, distinct from one another and from the status colours' meaning
    "budget": "#56B4E9",
    "settlement": "#0072B2",
    "budget_next": "#009E73",
    "actual_spend": "#AA4499",  # Paul Tol's muted purple and teal: a different basis, different hues
    "outline_next": "#44AA99",
}
BASIS_COLORS = {"budget": "#0072B2", "actual": "#CC79A7"}
# by a year's distance from the report's (or the latest shown) year: the year before grey/open, its own year filled
YEAR_COLORS = {-1: "#999999", 0: "#0072B2"}
YEAR_SYMBOLS = {-1: "circle-open", 0: "circle"}
LABEL_MAX = 26
ROW_PX = 24
MARGIN = dict(l=20, r=30, t=70, b=96)
LABEL_PAD_EM = 1.0  # between a category label and the plot area: Plotly's tick label gap, and some to spare


class ChartPrefs(Protocol):
    """What a figure needs to know of the presenter's choices: the prefs object of the run
    (ui.state.Prefs, frozen and hashable, so it can key the figure cache)."""

    lang: str
    unit: str
    fy_style: str
    report_fy: int

    def fy(self, year: int) -> str: ...


# --------------------------------------------------------------------------- helpers
def source_line(text: str, lang: str) -> str:
    """「出典：<text>」 / 'Source: <text>' (plain text, as given)."""
    return f"{t('source_label', lang)}{'：' if lang == 'ja' else ': '}{text}"


def source_note(title: str, pages: Iterable, lang: str) -> str:
    """「出典：川崎市 平成28年度 …報告書 p.16–64」 from the report title and the pages of the rows shown."""
    ps = sorted({int(p) for p in pages if p is not None and not pd.isna(p)})
    if not ps:
        where = ""
    elif ps[0] == ps[-1]:
        where = " " + t("page_n", lang, n=ps[0])
    else:
        where = " " + t("pages_range", lang, a=ps[0], b=ps[-1])
    return source_line(plotly_text(title), lang) + where


def plotly_text(text) -> str:
    """Data text made inert for Plotly (titles, annotations, hover, tick labels): &, < and > escaped,
    so '<a href=…>', '<span style=…>' or '<br>' in the data show as text, never as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def short(text: str, n: int = LABEL_MAX) -> str:
    """A data label for a chart: cut to n characters with an ellipsis (the full text stays in the
    hover) and made inert (plotly_text)."""
    text = str(text)
    return plotly_text(text if len(text) <= n else text[: n - 1] + "…")


def _kyen(values: pd.Series, unit: str) -> list:
    return [fmt.convert_kyen(None if pd.isna(v) else v, unit) for v in values]


def _money_text(values: pd.Series, unit: str, lang: str, signed: bool = False) -> list[str]:
    return [fmt.format_money(None if pd.isna(v) else v, unit, lang, signed=signed) for v in values]


def footnote(*lines: str) -> str:
    """A chart footnote of several lines (source, then scope …): the image, the slide and the screen
    carry the same caveats. Plain text; `_finish` escapes it for Plotly."""
    return "\n".join(x for x in lines if x)


def _finish(fig: go.Figure, title: str, source: str, height: int, legend: bool = True) -> go.Figure:
    """Title, footnote, font, template and margins shared by every figure."""
    lines = str(source).split("\n")
    extra = 17 * (len(lines) - 1)
    margin = dict(MARGIN, b=MARGIN["b"] + extra)
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=title, x=0, xanchor="left", xref="container", pad=dict(l=16), font=dict(size=18)),
        font=dict(family=FONT_FAMILY, size=13, color="#222"),
        height=height + extra,
        margin=margin,
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, font=dict(size=12),
                    title_text="", traceorder="normal"),
        hoverlabel=dict(font_family=FONT_FAMILY),
    )
    fig.add_annotation(text="<br>".join(plotly_text(x) for x in lines), xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="top", yshift=-(MARGIN["b"] - 26), showarrow=False,
                       font=dict(size=11, color="#555"), align="left")
    fig.update_xaxes(automargin=True)
    return fit_labels(fig, MARGIN["l"])


def fit_labels(fig: go.Figure, least: int) -> go.Figure:
    """Axis room fixed in the figure instead of measured by Plotly in the browser: a category y axis
    gets a left margin its longest label fits in (ui.style.label_px), a numeric one keeps automargin;
    no axis hides tick labels past the chart's edge (Plotly measures each label for that). The
    screen draws a filter change once instead of twice, and the PNG/SVG/PDF and the slide get the
    same room."""
    fig.update_xaxes(ticklabeloverflow="allow")
    fig.update_yaxes(ticklabeloverflow="allow")
    labels = _category_labels(fig)
    if labels is None:
        fig.update_yaxes(automargin=True)
        return fig
    size = fig.layout.yaxis.tickfont.size or fig.layout.font.size or 13
    room = max((label_px(x, size) for x in labels), default=0) + LABEL_PAD_EM * size
    fig.update_layout(margin=dict(l=max(least, math.ceil(room))))
    fig.update_yaxes(automargin=False)
    return fig


def _category_labels(fig: go.Figure) -> list[str] | None:
    """The labels of the (single) y axis when it shows categories, else None."""
    axis = fig.layout.yaxis
    if axis.showticklabels is False or axis.type not in (None, "category"):
        return None
    if axis.categoryarray:
        return [str(x) for x in axis.categoryarray]
    values = [v for trace in fig.data if getattr(trace, "y", None) is not None for v in trace.y if v is not None]
    if not values or not all(isinstance(v, str) for v in values):
        return None
    return list(dict.fromkeys(values))


def _height(rows: int, extra: int = 190, minimum: int = 320) -> int:
    return max(minimum, rows * ROW_PX + extra)


# --------------------------------------------------------------------------- overview
def status_by_article(rollup: pd.DataFrame, p: ChartPrefs, source: str, fiscal_year: int | None = None) -> go.Figure:
    """Stacked horizontal bars: indicators per status for each article (the total row is left out), of
    `fiscal_year` (the report's year if None)."""
    lang, fy_text = p.lang, p.fy(p.report_fy if fiscal_year is None else int(fiscal_year))
    arts = rollup[rollup["article_no"].notna()].reset_index(drop=True)
    none = "（指標なし）" if lang == "ja" else " (no indicators)"
    ylab = [f"{i18n.article_label(a, lang)} {short(title, 14)}{none if int(n) == 0 else ''}"
            for a, title, n in zip(arts["article_no"], arts["article_title"], arts["total"])]
    fig = go.Figure()
    for s in ks.STATUSES:
        counts = arts[s.key].astype(int).tolist()
        if not any(counts):
            continue
        fig.add_bar(y=ylab, x=counts, name=i18n.status_text(s.key, lang), orientation="h", marker_color=s.color,
                    text=[c if c else "" for c in counts], textposition="inside", insidetextanchor="middle",
                    textangle=0, textfont=dict(color="white", size=13),
                    hovertemplate="%{y}<br>" + s.label(lang) + ": %{x}<extra></extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=t("indicators_n", lang), rangemode="tozero", dtick=2)
    fig.update_yaxes(autorange="reversed")
    title = f"{t('ov_by_article', lang)}（{fy_text}）" if lang == "ja" else f"{t('ov_by_article', lang)} ({fy_text})"
    return _finish(fig, title, source, _height(len(arts), extra=200))


# --------------------------------------------------------------------------- attainment
def attainment_per_indicator(ind: pd.DataFrame, p: ChartPrefs, source: str,
                             near_miss_pct: float = ks.NEAR_MISS_THRESHOLD_PCT, title: str | None = None) -> go.Figure:
    """Attainment (%) of each evaluable indicator row against the 100 % and near-miss lines; one marker
    per fiscal year, joined where an indicator has both years. Rows are named program first
    ('起業化総合支援事業｜起業家塾の受講者数'), so the program is readable without hovering.
    One trace per year and one for all the joining segments (not one per indicator)."""
    lang = p.lang
    ev = ind[ind["attainment_pct"].notna()].copy()
    ev = ev.sort_values(["program_no", "indicator_no", "fiscal_year"])
    ev["_label"] = [f"{short(pn, 16)}｜{short(n, 22)}〔{no}〕" for pn, n, no in zip(ev["program_name"], ev["indicator_name"], ev["program_no"])]
    ev["_shown"] = [fmt.format_attainment(v) for v in ev["attainment_pct"]]
    latest = int(ev["fiscal_year"].max()) if len(ev) else p.report_fy  # the latest year filled, the one before open
    symbols = {fy: YEAR_SYMBOLS.get(fy - latest, "diamond") for fy in ev["fiscal_year"].astype(int).unique()}
    order = list(dict.fromkeys(ev["_label"]))
    fig = go.Figure()
    # a grey segment between the two years of the same indicator: one trace, the segments apart by gaps
    both = ev.groupby("_label").filter(lambda g: g["fiscal_year"].nunique() > 1)
    if len(both):
        seg_x: list = []
        seg_y: list = []
        for label, g in both.groupby("_label", sort=False):
            seg_x += [*g["attainment_pct"].astype(float).tolist(), None]
            seg_y += [label] * (len(g) + 1)
        fig.add_scatter(x=seg_x[:-1], y=seg_y[:-1], mode="lines", line=dict(color="#BBBBBB", width=2),
                        hoverinfo="skip", showlegend=False)
    for fy in sorted(ev["fiscal_year"].astype(int).unique()):
        g = ev[ev["fiscal_year"] == fy]
        colors = [ks.BY_KEY[s].color for s in g["status"]]
        custom = [[plotly_text(pn), plotly_text(n), _num(tg), _num(ac), plotly_text(u), i18n.status_text(s, lang), sh]
                  for pn, n, tg, ac, u, s, sh in zip(g["program_name"], g["indicator_name"], g["target"],
                                                      g["actual"], g["unit"], g["status"], g["_shown"])]
        fig.add_scatter(
            x=g["attainment_pct"].astype(float).tolist(), y=g["_label"].tolist(), mode="markers",
            name=p.fy(int(fy)), showlegend=False,
            marker=dict(color=colors, symbol=symbols[int(fy)], size=11,
                        line=dict(color=colors, width=2)),
            customdata=custom,
            hovertemplate=("%{customdata[0]}<br>%{customdata[1]}<br>"
                           + kl.column_label("target", lang) + ": %{customdata[2]} %{customdata[4]}　"
                           + kl.column_label("actual", lang) + ": %{customdata[3]} %{customdata[4]}<br>"
                           + kl.column_label("attainment_pct", lang) + ": %{customdata[6]}　%{customdata[5]}<extra></extra>"),
        )
    # legend-only entries sit on an existing row (a None category would add an empty row)
    anchor = order[:1] or [None]
    # the legend: years by marker shape, statuses by colour with their marks (not colour alone)
    shown_years = sorted(ev["fiscal_year"].astype(int).unique())
    for fy in shown_years if len(shown_years) > 1 else []:  # one year: its shape needs no legend entry
        fig.add_scatter(x=[None], y=anchor, mode="markers", name=p.fy(int(fy)),
                        marker=dict(color="#555", symbol=symbols[int(fy)], size=10,
                                    line=dict(color="#555", width=2)))
    for s in ks.STATUSES[:3]:
        fig.add_scatter(x=[None], y=anchor, mode="markers", marker=dict(color=s.color, size=10),
                        name=i18n.status_text(s.key, lang))
    xmax = max(210.0, math.ceil((ev["attainment_pct"].max() if len(ev) else 0) / 10.0) * 10 + 10)
    # the reference lines, named in the legend (annotations would collide with the markers)
    target_line = dict(color="#222", width=1.5)
    near_line = dict(color="#E69F00", width=1.5, dash="dash")
    fig.add_vline(x=100, line=target_line)
    fig.add_vline(x=near_miss_pct, line=near_line)
    fig.add_scatter(x=[None], y=anchor, mode="lines", line=target_line, name=t("target_line", lang))
    fig.add_scatter(x=[None], y=anchor, mode="lines", line=near_line, name=t("near_miss_line", lang, pct=near_miss_pct))
    fig.update_xaxes(title_text=t("attainment_axis", lang), range=[0, xmax], dtick=20, ticksuffix="%")
    # an explicit reversed range: autorange pads a tall category axis by several empty rows
    fig.update_yaxes(categoryorder="array", categoryarray=order, range=[len(order) - 0.5, -0.5],
                     tickfont=dict(size=12))
    return _finish(fig, title or t("at_chart", lang), source, _height(len(order), extra=210, minimum=360))


def _num(v) -> str:
    return fmt.format_quantity(None if v is None or pd.isna(v) else v)


# --------------------------------------------------------------------------- budgets
def money_bars(frame: pd.DataFrame, label_col: str, measures: list[str] | tuple[str, ...], p: ChartPrefs,
               title: str, source: str, log: bool = False) -> go.Figure:
    """Grouped horizontal bars of money measures (columns `<measure>_kyen`) per row of `frame`, in p.unit."""
    lang, unit = p.lang, p.unit
    fig = go.Figure()
    labels = [short(x) for x in frame[label_col].astype(str)]
    for m in measures:
        col = f"{m}_kyen"
        fig.add_bar(y=labels, x=_kyen(frame[col], unit), name=i18n.measure_label(m, lang, p.fy_style, report_fy=p.report_fy),
                    orientation="h", marker_color=MEASURE_COLORS.get(m),
                    customdata=_money_text(frame[col], unit, lang), hovertemplate="%{y}<br>%{fullData.name}: %{customdata}<extra></extra>")
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(title_text=t("money_axis", lang, unit=i18n.unit_name(unit, lang)) + (" — log" if log else ""),
                     type="log" if log else "linear", tickformat=",")
    fig.update_yaxes(autorange="reversed")
    rows = len(frame) * max(1, len(measures)) * 0.62
    return _finish(fig, title, source, _height(int(rows) + 1, extra=200))


def change_bars(progs: pd.DataFrame, p: ChartPrefs, source: str, basis: str = "budget") -> go.Figure:
    """Diverging bars of change_kyen per program of one change basis (key programs: budget − budget;
    other programs: outline − actual): two bases are never ranked in one chart."""
    lang, unit = p.lang, p.unit
    d = progs[progs["change_kyen"].notna() & (progs["change_basis"] == basis)].sort_values("change_kyen").reset_index(drop=True)
    fig = go.Figure()
    labels = [short(x) for x in d["program_name"]]
    fig.add_bar(y=labels, x=_kyen(d["change_kyen"], unit), orientation="h",
                name=t(f"bu_basis_{basis}", lang), marker=dict(color=BASIS_COLORS[basis], pattern_shape="" if basis == "budget" else "/"),
                customdata=_money_text(d["change_kyen"], unit, lang, signed=True),
                hovertemplate="%{y}<br>%{customdata}<extra>%{fullData.name}</extra>")
    fig.update_xaxes(title_text=t("change_axis", lang, unit=i18n.unit_name(unit, lang)), tickformat=",",
                     zeroline=True, zerolinecolor="#222", zerolinewidth=1.5)
    fig.update_yaxes(categoryorder="array", categoryarray=labels)
    years = i18n.years(p.report_fy, lang)
    title = t("bu_change_chart", lang, **years) + ("　" if lang == "ja" else " — ") + t(
        "bu_change_key" if basis == "budget" else "bu_change_nonkey", lang, **years)
    return _finish(fig, title, source, _height(len(d), extra=200), legend=False)


def execution_rate_bars(progs: pd.DataFrame, p: ChartPrefs, source: str) -> go.Figure:
    """Execution rate (%) of key programs, with the 100 % line."""
    lang = p.lang
    d = progs[progs["execution_rate_pct"].notna()].sort_values("execution_rate_pct").reset_index(drop=True)
    fig = go.Figure()
    fig.add_bar(y=[short(x) for x in d["program_name"]], x=d["execution_rate_pct"].astype(float).tolist(),
                orientation="h", marker_color="#0072B2", name=t("exec_axis", lang),
                text=[fmt.format_pct(v) for v in d["execution_rate_pct"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{y}<br>%{text}<extra></extra>")  # the label's text: one rounding (kpi.fmt)
    fig.add_vline(x=100, line=dict(color="#222", width=1.2, dash="dot"))
    fig.update_xaxes(title_text=t("exec_axis", lang), range=[0, max(118.0, float(d["execution_rate_pct"].max()) + 12 if len(d) else 118.0)], ticksuffix="%")
    fig.update_yaxes(categoryorder="array", categoryarray=[short(x) for x in d["program_name"]])
    return _finish(fig, t("bu_exec_chart", lang, **i18n.years(p.report_fy, lang)), source, _height(len(d), extra=190), legend=False)


def procurement_share_bars(share: pd.DataFrame, p: ChartPrefs, source: str) -> go.Figure:
    """第19条: local SMEs' share (%) of contract amount per category, one bar per fiscal year (the
    report's year in blue, the year before in grey)."""
    lang = p.lang
    fig = go.Figure()
    cats = share.sort_values("category_order")["category"].drop_duplicates().tolist()
    for fy in sorted(share["fiscal_year"].astype(int).unique()):
        g = share[share["fiscal_year"] == fy].set_index("category").reindex(cats)
        fig.add_bar(x=[kl.label(kl.CATEGORIES, c, lang) for c in cats], y=g["sme_share_pct"].astype(float).tolist(),
                    name=p.fy(int(fy)), marker_color=YEAR_COLORS.get(int(fy) - p.report_fy),
                    text=[fmt.format_pct(v) for v in g["sme_share_pct"]], textposition="outside", cliponaxis=False,
                    hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>")  # the label's text (kpi.fmt)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=t("bu_share_axis", lang), range=[0, 100], ticksuffix="%")
    fig.update_xaxes(title_text=t("bu_category", lang))
    return _finish(fig, t("bu_proc_chart", lang), source, 440)


# --------------------------------------------------------------------------- trends (several reports)
SERIES_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#999999",
                 "#AA4499", "#44AA99", "#117733", "#DDCC77")  # Okabe–Ito (no pale yellow on white), then Paul Tol's muted
TOTAL_COLOR = "#222222"


def _years_axis(fig: go.Figure, years: list[int], p: ChartPrefs) -> list[str]:
    labels = [p.fy(int(y)) for y in years]
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels, title_text=kl.column_label("fiscal_year", p.lang))
    return labels


def attainment_trend_lines(frame: pd.DataFrame, series_col: str, p: ChartPrefs, title: str, source: str,
                           total_label: str | None = None) -> go.Figure:
    """Share of indicators achieved (%) by fiscal year, one line per series (article, city …); the
    series named `total_label` drawn thicker in black. Hover: achieved ÷ evaluable and the median."""
    lang = p.lang
    years = sorted({int(y) for y in frame["fiscal_year"]})
    fig = go.Figure()
    labels = _years_axis(fig, years, p)
    by_year = dict(zip(years, labels))
    for i, (name, g) in enumerate(frame.groupby(series_col, sort=False)):
        g = g.sort_values("fiscal_year")
        total = name == total_label
        custom = [[int(a), int(e), fmt.format_attainment(m), fmt.format_pct(s)]  # the median attainment rounded down
                  for a, e, m, s in zip(g["achieved"], g["evaluable"], g["median_attainment_pct"], g["share_achieved_pct"])]
        fig.add_scatter(x=[by_year[int(y)] for y in g["fiscal_year"]], y=g["share_achieved_pct"].astype(float).tolist(),
                        mode="lines+markers", name=plotly_text(name), customdata=custom,
                        line=dict(color=TOTAL_COLOR if total else SERIES_COLORS[i % len(SERIES_COLORS)], width=4 if total else 2),
                        marker=dict(size=10 if total else 8),
                        hovertemplate=("%{fullData.name}<br>%{x}: %{customdata[3]}（%{customdata[0]}/%{customdata[1]}）<br>"
                                       + t("col_median", lang) + ": %{customdata[2]}<extra></extra>"))
    fig.update_yaxes(title_text=t("tr_share_axis", lang), range=[0, 105], ticksuffix="%")
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02))
    _finish(fig, title, source, 460)
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02), margin=dict(r=260))
    return fig


def money_trend_lines(frame: pd.DataFrame, series_col: str, value_col: str, p: ChartPrefs,
                      title: str, source: str) -> go.Figure:
    """An amount (千円 column `value_col`) by fiscal year in `unit`, one line per series. Reported years
    are solid with filled markers; a planned year (column `basis` == "planned") is joined by a dotted
    line and drawn hollow."""
    lang, unit = p.lang, p.unit
    years = sorted({int(y) for y in frame["fiscal_year"]})
    fig = go.Figure()
    labels = _years_axis(fig, years, p)
    by_year = dict(zip(years, labels))
    planned_name = t("tr_basis_planned", lang)
    for i, (name, g) in enumerate(frame.groupby(series_col, sort=False)):
        g = g.sort_values("fiscal_year")
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        rep = g[g["basis"] == "reported"]
        fig.add_scatter(x=[by_year[int(y)] for y in rep["fiscal_year"]], y=_kyen(rep[value_col], unit), mode="lines+markers",
                        name=plotly_text(name), legendgroup=str(name), line=dict(color=color, width=2), marker=dict(size=8),
                        customdata=_money_text(rep[value_col], unit, lang),
                        hovertemplate="%{fullData.name}<br>%{x}: %{customdata}<extra></extra>")
        plan = g[g["basis"] == "planned"]
        if len(plan):
            joined = pd.concat([rep.tail(1), plan])
            fig.add_scatter(x=[by_year[int(y)] for y in joined["fiscal_year"]], y=_kyen(joined[value_col], unit),
                            mode="lines+markers", name=plotly_text(f"{name}（{planned_name}）" if lang == "ja" else f"{name} ({planned_name})"),
                            legendgroup=str(name), showlegend=False, line=dict(color=color, width=2, dash="dot"),
                            marker=dict(size=9, symbol=["circle"] * (len(joined) - len(plan)) + ["circle-open"] * len(plan),
                                        line=dict(color=color, width=2)),
                            customdata=_money_text(joined[value_col], unit, lang),
                            hovertemplate="%{fullData.name}<br>%{x}: %{customdata}<extra></extra>")
    if (frame["basis"] == "planned").any():  # the legend says what dotted and hollow mean
        fig.add_scatter(x=[None], y=[None], mode="lines+markers", name=planned_name,
                        line=dict(color="#777", width=2, dash="dot"), marker=dict(symbol="circle-open", size=9, color="#777"))
    fig.update_yaxes(title_text=t("money_axis", lang, unit=i18n.unit_name(unit, lang)), tickformat=",", rangemode="tozero")
    _finish(fig, title, source, 460)
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02), margin=dict(r=260))
    return fig


def program_attainment_heatmap(frame: pd.DataFrame, p: ChartPrefs, title: str, source: str) -> go.Figure:
    """Programs × fiscal years: share of the program's indicators achieved (colour, from the missed to
    the achieved status colour), with 'achieved/evaluable' written in each cell."""
    lang = p.lang
    years = sorted({int(y) for y in frame["fiscal_year"]})
    labels = [p.fy(y) for y in years]
    order = ["article_no", "program_no"] if "program_no" in frame.columns else ["article_no", "program_name"]
    progs = list(dict.fromkeys(frame.sort_values(order)["program_name"]))
    z, text, hover = [], [], []
    cells = frame.set_index(["program_name", "fiscal_year"])
    for name in progs:
        zr, tr_, hr = [], [], []
        for y in years:
            if (name, y) in cells.index:
                r = cells.loc[(name, y)]
                share = r["share_achieved_pct"]
                zr.append(None if pd.isna(share) else float(share))
                tr_.append(f"{int(r['achieved'])}/{int(r['evaluable'])}")
                hr.append(f"{fmt.format_pct(share)}")
            else:
                zr.append(None)
                tr_.append("")
                hr.append("—")
        z.append(zr)
        text.append(tr_)
        hover.append(hr)
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=[short(p) for p in progs], text=text, texttemplate="%{text}", customdata=hover,
        colorscale=[[0.0, ks.MISSED.color], [0.5, "#F7F7F7"], [1.0, ks.ACHIEVED.color]], zmin=0, zmax=100,
        colorbar=dict(title=dict(text=t("tr_share", lang)), ticksuffix="%"), xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: %{customdata}（%{text}）<extra></extra>"))
    fig.update_xaxes(type="category", side="top")  # the years name themselves; a title would meet the chart's
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=12))
    return _finish(fig, title, source, _height(len(progs), extra=220), legend=False)


def indicator_years(ind: pd.DataFrame, p: ChartPrefs, source: str) -> go.Figure:
    """Target and actual of one indicator per fiscal year (grouped bars, a slide per missed target)."""
    lang = p.lang
    d = ind.sort_values("fiscal_year")
    years = [p.fy(int(fy)) for fy in d["fiscal_year"]]
    unit = str(d["unit"].iloc[0])
    fig = go.Figure()
    for col, color in (("target", "#999999"), ("actual", "#0072B2")):
        values = [None if pd.isna(v) else float(v) for v in d[col]]
        fig.add_bar(x=years, y=values, name=kl.column_label(col, lang), marker_color=color,
                    text=[_num(v) if v is not None else "—" for v in values], textposition="outside", cliponaxis=False,
                    hovertemplate="%{x}: %{y:,} " + unit + "<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="group", bargap=0.35)
    fig.update_yaxes(title_text=f"{kl.column_label('actual', lang)}（{unit}）" if lang == "ja" else f"Value ({unit})",
                     tickformat=",", rangemode="tozero")
    r = d.iloc[-1]
    title = f"{short(r['indicator_name'], 40)}（{short(r['program_name'], 30)}）"
    return _finish(fig, title, source, 520)

