"""市内産業の現状 City economy: section 2 of the report. The headline figures (establishments, employees,
bankruptcies) with their periods and sources, then one tab each for the employment index, the
industry structure, the bankruptcy trend, the job statements and the survey response table by industry
(D10 marked where the printed rate differs from responses ÷ sent). The open tab is kept in the URL
(?cx_tab=…) and only its content is built, once per (data, prefs) (ui.context_view through ui.views,
figures through ui.figures). Every figure cites its page and line and opens its source."""

import streamlit as st

from ui import context_charts, safe, state, tables, views
from ui import context_view as cv
from ui.deck import PageDeck, deck_menu
from ui import source_view as sv
from ui.i18n import t
from ui import figures

# Load inputs.
p = state.prefs()
lang = p.lang
deck = PageDeck(t("cx_title", lang))
head = views.kept(cv.headline, (), p)
st.title(t("cx_title", lang))
st.caption(t("cx_intro", lang))
if head["empty"]:
    st.info(t("cx_no_context", lang), icon=":material/info:")
    st.stop()

# Headline: establishments and employees, with period and source; bankruptcies 64 → 81.
cols = st.columns(len(head["metrics"]) + 1)
for col, m in zip(cols, [*head["metrics"], head["bankruptcy"]]):
    if m is not None:
        col.metric(m["label"], m["value"], delta=m["delta"], delta_color=m["delta_color"])
        col.caption(m["caption"])

tabs = dict(zip(head["tabs"], st.tabs([t(f"cx_tab_{k}", lang) for k in head["tabs"]], key="cx_tab", bind="query-params")))
opened = None  # the source reference a picker opened (?src=)

# The employment index (2009 = 100): the first chart.
if "index" in tabs:
    with tabs["index"]:
        if tabs["index"].open is not False:
            v = views.kept(cv.employment_index, (), p)
            fig = figures.figure(context_charts.employment_index, (), v["rows"], p, v["source"])
            tables.show_chart(fig, "cx_index", "employment_index", lang, deck, frame=v["frame"].frame,
                              alt_text=t("cx_index", lang), footnote=v["source"])
            sv.cite_links(v["pages"], lang, key="cx_cite_index")

# The industry structure (Economic Census).
with tabs["structure"]:
    if tabs["structure"].open:
        st.subheader(t("cx_structure", lang))
        v = views.kept(cv.structure, (), p)
        tables.show_table(v["frame"], "cx_structure", "context_structure", lang, sources=v["rows"],
                          column_config={t("cx_value", lang): st.column_config.NumberColumn(format="localized")})
        opened = sv.picker(v["rows"], lang, "cx_structure", options=())
        sv.cite_links(v["pages"], lang, key="cx_cite_structure")

# Bankruptcy trend.
with tabs["bankruptcy"]:
    if tabs["bankruptcy"].open:
        st.subheader(t("cx_bankruptcy", lang))
        v = views.kept(cv.bankruptcies, (), p)
        if not v["trend"].empty:
            c1, c2 = st.columns([1, 1])
            with c1:
                fig = figures.figure(context_charts.bankruptcies, (), v["trend"], p, v["source"])
                tables.show_chart(fig, "cx_bankruptcy", "bankruptcies", lang, deck, frame=v["frame"].frame,
                                  alt_text=t("cx_bankruptcy", lang), footnote=v["source"])
            with c2:
                tables.show_table(v["frame"], "cx_bankruptcy_table", "bankruptcies", lang, sources=v["rows"])
                opened = sv.picker(v["rows"], lang, "cx_bankruptcy", options=())
            sv.cite_links(v["pages"], lang, key="cx_cite_bankruptcy")

# Jobs: the report gives the ratios only as a chart; its statements as printed.
with tabs["jobs"]:
    if tabs["jobs"].open:
        st.subheader(t("cx_jobs", lang))
        st.caption(t("cx_jobs_note", lang))
        v = views.kept(cv.jobs, (), p)
        if v is not None:
            safe.html_block(v["html"])
            sv.cite_links(v["pages"], lang, key="cx_jobs_cite")

# The survey response table by industry.
with tabs["survey"]:
    if tabs["survey"].open:
        st.subheader(t("cx_survey", lang))
        st.caption(t("cx_survey_caption", lang))
        v = views.kept(cv.survey, (), p)
        if not v["rates"].empty:
            for caption in v["captions"]:
                st.caption(caption)
            fig = figures.figure(context_charts.survey_rates, (), v["rates"], p, v["source"])
            tables.show_chart(fig, "cx_survey_chart", "survey_rates", lang, deck, frame=v["frame"].frame,
                              alt_text=t("cx_survey_chart", lang), footnote=v["source"])
            tables.show_table(v["frame"], "cx_survey_table", "survey_responses", lang, sources=v["rates"], height="auto")
            opened = sv.picker(v["rates"], lang, "cx_survey", options=())
            sv.cite_links(v["pages"], lang, key="cx_cite_survey")

if opened is None:
    sv.restore(lang)  # a link naming a value of a closed tab still opens its source
deck_menu(deck, lang, subtitle=head["title"], key="context_deck")  # the open tab's charts, built when opened
