"""概要 Overview: headline figures, attainment by article, the article roll-up, what needs attention,
and the data-quality registers."""

import pandas as pd
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
from ui import figures

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
arts = rollup[rollup["article_no"].notna()]
chart_frame = pd.DataFrame({
    t("col_article", lang): [i18n.article_label(a, lang) for a in arts["article_no"]],
    kl.column_label("article_title", lang): arts["article_title"],
    **{i18n.status_text(s.key, lang): arts[s.key].astype(int) for s in ks.STATUSES},
    t("col_total", lang): arts["total"].astype(int),
})
tables.show_chart(fig, "ov_by_article", "attainment_by_article", lang, deck, frame=chart_frame,
              alt_text=t("ov_by_article", lang), footnote=source, notes=caveats.notes(p, source))

# The roll-up table: counts by status and money per article (no weights).
st.subheader(t("ov_rollup", lang))
st.caption(t("ov_rollup_caption", lang))
table = pd.DataFrame({
    t("col_article", lang): [t("total_row", lang) if pd.isna(a) else i18n.article_label(a, lang) for a in rollup["article_no"]],
    kl.column_label("article_title", lang): ["" if pd.isna(a) else x for a, x in zip(rollup["article_no"], rollup["article_title"])],
    t("col_programs", lang): rollup["programs"].astype(int),
    t("col_key_programs", lang): rollup["key_programs"].astype(int),
    **{i18n.status_text(s.key, lang): rollup[s.key].astype(int) for s in ks.STATUSES},
    t("col_total", lang): rollup["total"].astype(int),
    t("col_key_with_missed", lang): rollup["key_programs_with_missed"].astype(int),
    t("col_median", lang): tables.attainments(rollup["median_pct"]),
    t("col_min", lang): tables.attainments(rollup["min_pct"]),
    t("col_max", lang): tables.attainments(rollup["max_pct"]),
})
tables.show_table(table, "ov_rollup_table", "article_rollup", lang, notes=caveats.notes(p, source))
# the money per article in its own table, so both fit the screen, with the scope statement beside it
money_cols = ["budget_kyen", "settlement_kyen", "budget_next_kyen", "actual_spend_kyen", "outline_next_kyen"]
mtab = pd.concat([table.iloc[:, :2], tables.money_frame(rollup, money_cols, p)], axis=1)
st.markdown(f"**{t('ov_rollup_money', lang)}**")
st.caption(safe.md_escape(uscope.statement(exclude, p)))
tables.show_table(mtab, "ov_rollup_money", "article_money", lang, column_config=tables.money_column_config(mtab.columns[2:]),
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
attention = tables.missed_targets_frame(missed, lang)
menu.export_menu("ov_attention", "needs_attention", lang, frame=attention,
               notes=caveats.notes(p, charts.source_note(title, missed["page"], lang)), sources=missed)
sv.picker(missed, lang, "ov_attention")

# Data quality: every correction and every discrepancy, printed text beside the value used.
st.subheader(t("ov_quality", lang))
st.caption(t("ov_quality_intro", lang))
corr = report.corrections
if corr.empty and report.discrepancies.empty:  # an imported report: its provenance is its file
    st.caption(t("ov_imported_from", lang, file=safe.md_escape(report.reports["source_file"].iloc[0])))
corr_frame = pd.DataFrame({
    t("id", lang): corr["correction_id"], t("scope", lang): [kl.register_text(x, lang) for x in corr["scope"]],
    t("printed", lang): corr["printed"], t("value_used", lang): corr["corrected"],
    t("reason", lang): corr["reason" if lang == "ja" else "reason_en"],
    t("source_line", lang): corr["source_line"].astype(int),
})
disc = report.discrepancies
disc_frame = pd.DataFrame({
    t("id", lang): disc["discrepancy_id"], t("check_kind", lang): [kl.label(kl.CHECK_KINDS, c, lang) for c in disc["check"]],
    t("scope", lang): [kl.register_text(x, lang) for x in disc["scope"]],
    t("printed", lang): disc["printed"], t("computed", lang): [kl.register_text(x, lang) for x in disc["computed"]],
    t("reason", lang): disc["reason" if lang == "ja" else "reason_en"],
    t("source_line", lang): disc["source_line"].astype(int),
})
# the registers fold away (their long reasons wrap in full when opened)
with st.expander(t("ov_corrections", lang, n=len(corr))):
    tables.static_table(corr_frame, "ov_corrections", "corrections", lang, sources=corr)
    sv.picker(corr, lang, "ov_corrections")
with st.expander(t("ov_discrepancies", lang, n=len(disc))):
    tables.static_table(disc_frame, "ov_discrepancies", "discrepancies", lang, sources=disc)
    sv.picker(disc, lang, "ov_discrepancies")

deck_button(deck, lang, subtitle=title, key="overview_deck")
