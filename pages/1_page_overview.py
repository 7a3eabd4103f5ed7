"""概要 Overview: headline figures, attainment by article, the article roll-up, what needs attention,
and the data-quality registers."""

import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import status as ks
from ui import caveats, charts, data, i18n
from ui import menu, safe, state, tables
from ui.deck import PageDeck, deck_button
from ui import scope as uscope
from ui import source_view as sv
from ui.i18n import t
from ui import figures, frames

# Load inputs.
p = state.prefs()
FY = p.report_fy  # the shown report's own fiscal year
lang = p.lang
deck = PageDeck(t("ov_title", lang))
report = data.report(p.key)
title = data.source_title(p.key, lang)

# Headline: programs and indicator status.
headline = data.overview(p.key, FY, exclude=())
st.title(t("ov_title", lang))
st.caption(t("ov_intro", lang, n=headline["programs"], k=headline["key_programs"], fy=i18n.fy_long(FY, lang)))

cols = st.columns(2 + len(ks.STATUSES))
cols[0].metric(t("ov_programs", lang), f"{headline['programs']}")
cols[1].metric(t("ov_key_programs", lang), f"{headline['key_programs']}")
for col, s in zip(cols[2:], ks.STATUSES):
    col.metric(i18n.status_text(s.key, lang), f"{headline['status_counts'][s.key]}")
st.caption(t("ov_indicators_fy", lang, fy=p.fy(FY), n=headline["status_counts"]["total"]))

# Money totals in the one money scope (kpi.scope: the scale outliers left out unless asked for).
st.subheader(t("ov_money", lang))
with st.expander(t("scope_include_caption", lang), expanded=False):
    exclude = uscope.controls(p, caption=False)
ov = data.overview(p.key, FY, exclude=exclude)
money = ov["money"]
mcols = st.columns(3)
for col, measure in zip(mcols, ("budget", "settlement", "budget_next")):
    tables.money_metric(col, i18n.measure_label(measure, lang, p.fy_style, report_fy=p.report_fy), money[f"{measure}_kyen"], p)
uscope.show(exclude, p)
st.caption(t("ov_money_caption", lang) + "　" + t(
    "ov_other_money", lang,
    a_label=i18n.measure_label("actual_spend", lang, p.fy_style, report_fy=p.report_fy), a=fmt.format_money(money["actual_spend_kyen"], p.unit, lang),
    b_label=i18n.measure_label("outline_next", lang, p.fy_style, report_fy=p.report_fy), b=fmt.format_money(money["outline_next_kyen"], p.unit, lang)))

# Attainment by article.
rollup = data.article_rollup(p.key, FY, exclude=exclude)
ind = data.indicators(p.key)
ind_fy = ind[ind["fiscal_year"] == FY]
source = charts.source_note(title, ind_fy["page"], lang)
fig = figures.figure(charts.status_by_article, (exclude,), rollup, p, source, fiscal_year=FY)
if lang != "ja":
    st.caption(t("original_ja", lang))
chart_frame = frames.status_by_article(rollup, p)
tables.show_chart(fig, "ov_by_article", "attainment_by_article", lang, deck, frame=chart_frame.frame,
              alt_text=t("ov_by_article", lang), footnote=source, notes=caveats.notes(p, source), formats=chart_frame.formats)

# The roll-up table: counts by status and money per article (no weights).
st.subheader(t("ov_rollup", lang))
st.caption(t("ov_rollup_caption", lang))
table = frames.article_rollup(rollup, p)
tables.show_table(table.frame, "ov_rollup_table", "article_rollup", lang, notes=caveats.notes(p, source), formats=table.formats)
# the money per article in its own table, so both fit the screen, with the scope statement beside it
mtab = frames.article_money(rollup, p)
st.markdown(f"**{t('ov_rollup_money', lang)}**")
st.caption(safe.md_escape(uscope.statement(exclude, p)))
tables.show_table(mtab.frame, "ov_rollup_money", "article_money", lang, column_config=mtab.config(), formats=mtab.formats,
              notes=caveats.notes(p, charts.source_note(title, data.programs(p.key)["page"], lang), exclude=exclude, money=True,
                                  fiscal_years=(FY, FY + 1)))

# Needs attention: the furthest-missed indicators, each linking to its program's PDCA.
st.subheader(t("ov_attention", lang))
st.caption(t("ov_attention_caption", lang))
missed = data.missed_targets(p.key, FY, statuses=(ks.MISSED.key,))
for row in missed.itertuples(index=False):
    label = (f"{i18n.STATUS_MARKS[ks.MISSED.key]} {fmt.format_attainment(row.attainment_pct)}　{row.program_name}｜{row.indicator_name}"
             f" {kl.column_label('target', lang)} {fmt.format_quantity(row.target)}{row.unit} → {kl.column_label('actual', lang)} {fmt.format_quantity(row.actual)}{row.unit}")
    state.pdca_link(row.program_no, safe.md_escape(label))
attention = frames.needs_attention(missed, lang)
menu.export_menu("ov_attention", "needs_attention", lang, frame=attention.frame, formats=attention.formats,
               notes=caveats.notes(p, charts.source_note(title, missed["page"], lang)), sources=missed)
sv.picker(missed, lang, "ov_attention")

# Data quality: every correction and every discrepancy, printed text beside the value used.
st.subheader(t("ov_quality", lang))
st.caption(t("ov_quality_intro", lang))
corr = report.corrections
if corr.empty and report.discrepancies.empty:  # an imported report: its provenance is its file
    st.caption(t("ov_imported_from", lang, file=safe.md_escape(report.reports["source_file"].iloc[0])))
corr_frame = frames.corrections(corr, lang).frame
disc = report.discrepancies
disc_frame = frames.discrepancies(disc, lang).frame
# the registers fold away (their long reasons wrap in full when opened)
with st.expander(t("ov_corrections", lang, n=len(corr))):
    tables.static_table(corr_frame, "ov_corrections", "corrections", lang, sources=corr)
    sv.picker(corr, lang, "ov_corrections")
with st.expander(t("ov_discrepancies", lang, n=len(disc))):
    tables.static_table(disc_frame, "ov_discrepancies", "discrepancies", lang, sources=disc)
    sv.picker(disc, lang, "ov_discrepancies")

deck_button(deck, lang, subtitle=title, key="overview_deck")
