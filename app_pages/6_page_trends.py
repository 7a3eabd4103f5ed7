"""推移 Trends: with two or more reports, attainment and budgets by fiscal year per article and per
program (one city at a time), and the cities side by side when several are loaded. Every figure comes
from kpi.trends (definitions there and in the README): each year from its own report, a year without
its report from the previous report's plan, marked as planned."""

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import scope
from ui import charts, data, i18n
from ui import state, tables, widgets
from ui.deck import PageDeck, deck_button
from ui.i18n import t
from ui import figures, frames

# Load inputs.
p = state.prefs()
lang = p.lang
deck = PageDeck(t("tr_title", lang))
keys = data.report_keys()
reports = data.all_reports().reports

st.title(t("tr_title", lang))
st.caption(t("tr_intro", lang, n=len(keys)))
if len(keys) < 2:
    st.info(t("tr_need_two", lang), icon=":material/info:")

# City (kept in the URL): the shown report's, unless another is chosen.
cities = list(dict.fromkeys(c for c, _ in keys))
city = p.key[0]
if len(cities) > 1:
    city = widgets.url_choice(st.segmented_control, t("tr_city", lang), cities, "city", city, required=True)
mine = reports[reports["report_city"] == city].sort_values("report_fy")
titles = "、".join(f"{r.report_city} {fmt.wareki_fy(int(r.report_fy))}" for r in mine.itertuples(index=False))
source = f"{t('source_label', lang)}{'：' if lang == 'ja' else ': '}{titles} 中小企業活性化施策実施状況報告書"


def article_name(a, title) -> str:
    return f"{i18n.article_label(a, lang)} {charts.short(title, 12)}"


# Attainment by fiscal year: per article, with the city's total.
st.subheader(t("tr_attainment", lang))
st.caption(t("tr_attainment_caption", lang))
att = data.attainment_trend("article")
att = att[att["report_city"] == city]
total = data.attainment_trend("city")
total = total[total["report_city"] == city]
lines = pd.concat([att.assign(label=[article_name(a, x) for a, x in zip(att["article_no"], att["article_title"])]),
                   total.assign(label=t("total_row", lang))], ignore_index=True)
if lines.empty:
    st.info(t("no_rows", lang))
else:
    fig = figures.figure(charts.attainment_trend_lines, (city,), lines, "label", p, t("tr_att_chart", lang), source,
                         total_label=t("total_row", lang))
    frame = frames.attainment_trend(lines, p)
    tables.show_chart(fig, "tr_att", "attainment_trend_by_article", lang, deck, frame=frame.frame,
                  alt_text=t("tr_att_chart", lang), footnote=source, formats=frame.formats)
    share = frames.attainment_trend_table(frame, p)
    st.caption(t("tr_share", lang))
    tables.show_table(share.frame, "tr_att_table", "attainment_trend_table", lang, formats=share.formats)

# Attainment per program.
st.subheader(t("tr_program", lang))
prog = data.attainment_trend("program")
prog = prog[prog["report_city"] == city]
if not prog.empty:
    fig = figures.figure(charts.program_attainment_heatmap, (city,), prog, p, t("tr_program_chart", lang), source)
    pframe = frames.program_attainment_trend(prog, p)
    tables.show_chart(fig, "tr_prog", "attainment_trend_by_program", lang, deck, frame=pframe.frame,
                  alt_text=t("tr_program_chart", lang), footnote=source, formats=pframe.formats)

# Budgets by fiscal year: key programs' budget per article (planned years dotted).
st.subheader(t("tr_money", lang))
st.caption(t("tr_money_caption", lang))
names = set(data.all_reports().programs["program_name"].astype(str))
st.caption(t("bu_include", lang))
include = {k: widgets.url_toggle(name, key=k, default=False) if name in names else True for k, name in scope.URL_KEYS.items()}
exclude = tuple(name for k, name in scope.URL_KEYS.items() if not include[k])
if exclude:
    items = "；".join(f"{n}（{scope.reason(n, lang)}）" for n in exclude)
    st.caption(t("bu_hidden", lang, items=items))
money = data.money_trend("article", exclude)
money = money[(money["report_city"] == city) & money["budget_kyen"].notna()]
money = money.assign(label=[article_name(a, x) for a, x in zip(money["article_no"], money["article_title"])])
if money.empty:
    st.info(t("no_rows", lang))
else:
    fig = figures.figure(charts.money_trend_lines, (city, exclude), money, "label", "budget_kyen", p, t("tr_money_chart", lang), source)
    mframe = frames.money_trend(money, "label", t("col_article", lang), p)
    tables.show_chart(fig, "tr_money", "budget_trend_by_article", lang, deck, frame=mframe.frame,
                  alt_text=t("tr_money_chart", lang), footnote=source, formats=mframe.formats)
    tables.show_table(mframe.frame, "tr_money_table", "budget_trend_by_article", lang, column_config=mframe.config(),
                      formats=mframe.formats)

# Money per program, every year (nothing hidden).
st.subheader(t("tr_program_money", lang))
pm = data.money_trend("program")
pm = pm[pm["report_city"] == city].sort_values(["article_no", "program_key", "fiscal_year"])
pmframe = frames.money_trend(pm, "program_name", kl.column_label("program_name", lang), p)
tables.show_table(pmframe.frame, "tr_program_money_table", "money_trend_by_program", lang, column_config=pmframe.config(),
                  formats=pmframe.formats)

# Several cities: the totals side by side.
if len(cities) > 1:
    st.subheader(t("tr_all_cities", lang))
    both = data.attainment_trend("city")
    fig = figures.figure(charts.attainment_trend_lines, (), both, "report_city", p, t("tr_city_chart", lang),
                         f"{t('source_label', lang)}{'：' if lang == 'ja' else ': '}{'、'.join(cities)}")
    tables.show_chart(fig, "tr_cities", "attainment_trend_by_city", lang, deck, alt_text=t("tr_city_chart", lang))
    cm = data.money_trend("city", exclude)
    cm = cm[cm["budget_kyen"].notna()]
    fig = figures.figure(charts.money_trend_lines, (exclude,), cm, "report_city", "budget_kyen", p, t("tr_city_money_chart", lang),
                         f"{t('source_label', lang)}{'：' if lang == 'ja' else ': '}{'、'.join(cities)}")
    tables.show_chart(fig, "tr_city_money", "budget_trend_by_city", lang, deck, alt_text=t("tr_city_money_chart", lang))

deck_button(deck, lang, subtitle=source, key="trends_deck")
