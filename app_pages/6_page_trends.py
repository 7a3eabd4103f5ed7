"""推移 Trends: with two or more reports, attainment and budgets by fiscal year per article and per
program (one city at a time), and the cities side by side when several are loaded: one view each,
chosen in the view switcher (kept in the URL, ?tr_tab=…) and only the chosen view built. Every figure
comes from kpi.trends (definitions there and in the README): each year from its own report, a year
without its report from the previous report's plan, marked as planned."""

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import scope
from ui import charts, data, i18n
from ui import state, tables, widgets
from ui.deck import PageDeck, deck_menu
from ui.i18n import t
from ui import figures, frames

# The view switcher's choices (ui.widgets.url_view; labels tr_<view>); all_cities only with several cities.
VIEWS = ("attainment", "program", "money", "program_money", "all_cities")

# Load inputs.
p = state.prefs()
lang = p.lang
keys = data.report_keys()
reports = data.all_reports().reports
cities = list(dict.fromkeys(c for c, _ in keys))

st.title(t("tr_title", lang))
st.caption(t("tr_intro", lang, n=len(keys)))
if len(keys) < 2:
    st.info(t("tr_need_two", lang), icon=":material/info:")


def article_name(a, title) -> str:
    return f"{i18n.article_label(a, lang)} {charts.short(title, 12)}"


def source_of(city: str) -> str:
    """The source line of one city's charts: its reports, oldest first."""
    mine = reports[reports["report_city"] == city].sort_values("report_fy")
    titles = "、".join(f"{r.report_city} {fmt.wareki_fy(int(r.report_fy))}" for r in mine.itertuples(index=False))
    return charts.source_line(f"{titles} 中小企業活性化施策実施状況報告書", lang)


def money_scope() -> tuple:
    """The scope toggles of the money views (kept in the URL, as on 予算) and the programs they leave out."""
    names = set(data.all_reports().programs["program_name"].astype(str))
    st.caption(t("bu_include", lang))
    include = {k: widgets.url_toggle(name, key=k, default=False) if name in names else True for k, name in scope.URL_KEYS.items()}
    exclude = tuple(name for k, name in scope.URL_KEYS.items() if not include[k])
    if exclude:
        items = "；".join(f"{n}（{scope.reason(n, lang)}）" for n in exclude)
        st.caption(t("bu_hidden", lang, items=items))
    return exclude


def attainment_view(deck: PageDeck, city: str, source: str) -> None:
    """Attainment by fiscal year: per article, with the city's total; the chart and its table."""
    st.caption(t("tr_attainment_caption", lang))
    att = data.attainment_trend("article")
    att = att[att["report_city"] == city]
    total = data.attainment_trend("city")
    total = total[total["report_city"] == city]
    lines = pd.concat([att.assign(label=[article_name(a, x) for a, x in zip(att["article_no"], att["article_title"])]),
                       total.assign(label=t("total_row", lang))], ignore_index=True)
    if lines.empty:
        st.info(t("no_rows", lang))
        return
    fig = figures.figure(charts.attainment_trend_lines, (city,), lines, "label", p, t("tr_att_chart", lang), source,
                         total_label=t("total_row", lang))
    frame = frames.attainment_trend(lines, p)
    tables.show_chart(fig, "tr_att", "attainment_trend_by_article", lang, deck, frame=frame.frame,
                      alt_text=t("tr_att_chart", lang), footnote=source, formats=frame.formats)
    share = frames.attainment_trend_table(frame, p)
    st.caption(t("tr_share", lang))
    tables.show_table(share.frame, "tr_att_table", "attainment_trend_table", lang, formats=share.formats)


def program_view(deck: PageDeck, city: str, source: str) -> None:
    """Attainment per program and fiscal year (a heatmap)."""
    prog = data.attainment_trend("program")
    prog = prog[prog["report_city"] == city]
    if prog.empty:
        st.info(t("no_rows", lang))
        return
    fig = figures.figure(charts.program_attainment_heatmap, (city,), prog, p, t("tr_program_chart", lang), source)
    pframe = frames.program_attainment_trend(prog, p)
    tables.show_chart(fig, "tr_prog", "attainment_trend_by_program", lang, deck, frame=pframe.frame,
                      alt_text=t("tr_program_chart", lang), footnote=source, formats=pframe.formats)


def money_view(deck: PageDeck, city: str, source: str) -> None:
    """Budgets by fiscal year: key programs' budget per article (planned years dotted), in the scope."""
    st.caption(t("tr_money_caption", lang))
    exclude = money_scope()
    money = data.money_trend("article", exclude)
    money = money[(money["report_city"] == city) & money["budget_kyen"].notna()]
    money = money.assign(label=[article_name(a, x) for a, x in zip(money["article_no"], money["article_title"])])
    if money.empty:
        st.info(t("no_rows", lang))
        return
    fig = figures.figure(charts.money_trend_lines, (city, exclude), money, "label", "budget_kyen", p, t("tr_money_chart", lang), source)
    mframe = frames.money_trend(money, "label", t("col_article", lang), p)
    tables.show_chart(fig, "tr_money", "budget_trend_by_article", lang, deck, frame=mframe.frame,
                      alt_text=t("tr_money_chart", lang), footnote=source, formats=mframe.formats)
    tables.show_table(mframe.frame, "tr_money_table", "budget_trend_by_article", lang, column_config=mframe.config(),
                      formats=mframe.formats)


def program_money_view(city: str) -> None:
    """Money per program, every year (nothing hidden: the scope applies to totals and charts only)."""
    pm = data.money_trend("program")
    pm = pm[pm["report_city"] == city].sort_values(["article_no", "program_key", "fiscal_year"])
    pmframe = frames.money_trend(pm, "program_name", kl.column_label("program_name", lang), p)
    tables.show_table(pmframe.frame, "tr_program_money_table", "money_trend_by_program", lang, column_config=pmframe.config(),
                      formats=pmframe.formats)


def cities_source() -> str:
    return charts.source_line("、".join(cities), lang)


def all_cities_view(deck: PageDeck, source: str) -> None:
    """Several cities: the totals side by side (attainment; key programs' budget in the scope)."""
    both = data.attainment_trend("city")
    fig = figures.figure(charts.attainment_trend_lines, (), both, "report_city", p, t("tr_city_chart", lang), source)
    tables.show_chart(fig, "tr_cities", "attainment_trend_by_city", lang, deck, alt_text=t("tr_city_chart", lang))
    exclude = money_scope()
    cm = data.money_trend("city", exclude)
    cm = cm[cm["budget_kyen"].notna()]
    fig = figures.figure(charts.money_trend_lines, (exclude,), cm, "report_city", "budget_kyen", p, t("tr_city_money_chart", lang), source)
    tables.show_chart(fig, "tr_city_money", "budget_trend_by_city", lang, deck, alt_text=t("tr_city_money_chart", lang))


@st.fragment
def screen() -> None:
    """The view switcher, the city of a one-city view (kept in the URL: the shown report's, unless
    another is chosen) and the view they decide: a change reruns this part only. The slides popover
    holds the view's charts."""
    deck = PageDeck(t("tr_title", lang))
    shown_view = widgets.url_view(VIEWS if len(cities) > 1 else VIEWS[:-1], "tr_tab", lang, "tr_")
    city = p.key[0]
    if len(cities) > 1 and shown_view != "all_cities":
        city = widgets.url_choice(st.segmented_control, t("tr_city", lang), cities, "city", city, required=True)
    source = source_of(city) if shown_view != "all_cities" else cities_source()
    if shown_view == "attainment":
        attainment_view(deck, city, source)
    if shown_view == "program":
        program_view(deck, city, source)
    if shown_view == "money":
        money_view(deck, city, source)
    if shown_view == "program_money":
        program_money_view(city)
    if shown_view == "all_cities":
        all_cities_view(deck, source)
    deck_menu(deck, lang, subtitle=source, key="trends_deck")


screen()
