"""概要 Overview: headline figures, the money totals in the one scope, then one tab each for the
attainment by article (the chart), the article roll-up (two tables), what needs attention (the
furthest-missed indicators, each linking to its program's PDCA) and the data-quality registers. The
open tab is kept in the URL (?ov_tab=…) and only its content is built; what a tab shows is built once
per (data, scope, prefs) and kept (ui.overview_view through ui.views, figures through ui.figures)."""

import streamlit as st

from ui import charts, i18n, menu, safe, state, tables, views
from ui import overview_view as ov
from ui.deck import PageDeck, deck_menu
from ui import scope as uscope
from ui import source_view as sv
from ui.i18n import t
from ui import figures

# Load inputs.
p = state.prefs()
lang = p.lang
deck = PageDeck(t("ov_title", lang))

# Headline: programs and indicator status.
head = views.kept(ov.headline, (), p)
st.title(t("ov_title", lang))
st.caption(head["intro"])
with st.container(horizontal=True):  # one row of metrics (lighter than st.columns)
    for label, value in head["counts"]:
        st.metric(label, value)
st.caption(head["indicators_caption"])

# Money totals in the one money scope (kpi.scope: the scale outliers left out unless asked for). The
# include toggles are built only while their expander is open; closed, the scope is read from the
# URL (?loan=1, ?airbic=1), the same keys the toggles write.
st.subheader(t("ov_money", lang))
scope_box = st.expander(t("scope_include_caption", lang), key="ov_scope", on_change="rerun")
with scope_box:
    exclude = uscope.controls(p, caption=False) if scope_box.open else uscope.current(p)
screen = views.kept(ov.money_and_chart, (exclude,), p, exclude)
row = st.container(horizontal=True)
with row:
    for measure in ("budget", "settlement", "budget_next"):
        tables.money_metric(row, i18n.measure_label(measure, lang, p.fy_style, report_fy=p.report_fy),
                            screen["money"][f"{measure}_kyen"], p)
uscope.show(exclude, p)
st.caption(screen["money_caption"])

labels = [t(ov.TAB_LABELS[k], lang) for k in ov.TABS]
tabs = dict(zip(ov.TABS, st.tabs(labels, key="ov_tab", bind="query-params")))
opened = None  # the source reference a picker opened (?src=)

# Attainment by article.
with tabs["chart"]:
    if tabs["chart"].open is not False:
        if lang != "ja":
            st.caption(t("original_ja", lang))
        fig = figures.figure(charts.status_by_article, (exclude,), screen["rollup"], p, screen["source"], fiscal_year=p.report_fy)
        tables.show_chart(fig, "ov_by_article", "attainment_by_article", lang, deck, frame=screen["chart"].frame,
                          alt_text=t("ov_by_article", lang), footnote=screen["source"], notes=screen["chart_notes"],
                          formats=screen["chart"].formats)

# The roll-up tables: counts by status and money per article (no weights).
with tabs["rollup"]:
    if tabs["rollup"].open:
        st.caption(t("ov_rollup_caption", lang))
        table, table_notes, mtab, mtab_notes = views.kept(ov.rollup_tables, (exclude,), p, exclude)
        tables.show_table(table, "ov_rollup_table", "article_rollup", lang, notes=table_notes)
        # the money per article in its own table, so both fit the screen, with the scope statement beside it
        st.markdown(f"**{t('ov_rollup_money', lang)}**")
        st.caption(safe.md_escape(screen["statement"]))
        tables.show_table(mtab, "ov_rollup_money", "article_money", lang, notes=mtab_notes, column_config=mtab.config())

# Needs attention: the furthest-missed indicators, each linking to its program's PDCA.
with tabs["attention"]:
    if tabs["attention"].open:
        st.subheader(t("ov_attention", lang))
        st.caption(t("ov_attention_caption", lang))
        missed, links, attention, attention_notes = views.kept(ov.attention_view, (), p)
        for program_no, label in links:
            state.pdca_link(program_no, label)
        menu.export_menu("ov_attention", "needs_attention", lang, frame=attention.frame, formats=attention.formats,
                         notes=attention_notes, sources=missed)
        opened = sv.picker(missed, lang, "ov_attention", options=())

# Data quality: every correction and every discrepancy, printed text beside the value used.
with tabs["quality"]:
    if tabs["quality"].open:
        st.caption(t("ov_quality_intro", lang))
        corr, corr_shown, disc, disc_shown, imported = views.kept(ov.quality_view, (), p)
        if imported:
            st.caption(imported)
        # the registers fold away (their long reasons wrap in full when opened)
        with st.expander(t("ov_corrections", lang, n=len(corr))):
            tables.static_table(corr_shown, "ov_corrections", "corrections", lang, sources=corr)
            opened = sv.picker(corr, lang, "ov_corrections", options=()) or opened
        with st.expander(t("ov_discrepancies", lang, n=len(disc))):
            tables.static_table(disc_shown, "ov_discrepancies", "discrepancies", lang, sources=disc)
            opened = sv.picker(disc, lang, "ov_discrepancies", options=()) or opened

if opened is None:
    sv.restore(lang)  # a link naming a value of a closed tab still opens its source
deck_menu(deck, lang, subtitle=head["title"], key="overview_deck")  # the open tab's charts, built when opened
