"""概要 Overview: headline figures, attainment by article, the article roll-up, what needs attention,
and the data-quality registers."""

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import metrics as km
from kpi import status as ks
from ui import charts, data, i18n
from ui import components as uc
from ui import source_view as sv
from ui.i18n import t

FY = data.report_fy()  # the loaded report's own fiscal year
LOAN = "間接融資事業"

# Load inputs.
p = uc.prefs()
lang = p.lang
deck = uc.PageDeck(t("ov_title", lang))
report = data.report()
title = data.source_title(lang)

# Headline: programs and indicator status.
headline = data.overview(FY, exclude=())
st.title(t("ov_title", lang))
st.caption(t("ov_intro", lang, n=headline["programs"], k=headline["key_programs"], fy=i18n.fy_long(FY, lang)))

cols = st.columns(2 + len(ks.STATUSES))
cols[0].metric(t("ov_programs", lang), f"{headline['programs']}")
cols[1].metric(t("ov_key_programs", lang), f"{headline['key_programs']}")
for col, s in zip(cols[2:], ks.STATUSES):
    col.metric(i18n.status_text(s.key, lang), f"{headline['status_counts'][s.key]}")
st.caption(t("ov_indicators_fy", lang, fy=p.fy(FY), n=headline["status_counts"]["total"]))

# Money totals, with the loan fund excluded unless asked for.
st.subheader(t("ov_money", lang))
has_loan = bool(data.present((LOAN,)))  # another city's report has no such program
include_loan = uc.url_toggle(t("ov_include_loan", lang), key="loan", default=False) if has_loan else True
exclude = () if include_loan else (LOAN,)
ov = data.overview(FY, exclude=exclude)
money = ov["money"]
mcols = st.columns(3)
for col, measure in zip(mcols, ("budget", "settlement", "budget_next")):
    uc.money_metric(col, i18n.measure_label(measure, lang, p.fy_style, report_fy=p.report_fy), money[f"{measure}_kyen"], p)
if exclude:
    reason = km.SCALE_OUTLIERS[LOAN][0 if lang == "ja" else 1]
    st.info(t("ov_excluded", lang, names=LOAN, reason=reason), icon=":material/filter_alt:")
else:
    st.caption(t("ov_included_all", lang))
st.caption(t("ov_money_caption", lang) + "　" + t(
    "ov_other_money", lang,
    a_label=i18n.measure_label("actual_spend", lang, p.fy_style, report_fy=p.report_fy), a=fmt.format_money(money["actual_spend_kyen"], p.unit, lang),
    b_label=i18n.measure_label("outline_next", lang, p.fy_style, report_fy=p.report_fy), b=fmt.format_money(money["outline_next_kyen"], p.unit, lang)))

# Attainment by article.
rollup = data.article_rollup(FY, exclude=exclude)
ind = data.indicators()
ind_fy = ind[ind["fiscal_year"] == FY]
source = charts.source_note(title, ind_fy["page"], lang)
fig = data.figure(charts.status_by_article, rollup, lang, p.fy(FY), source)
arts = rollup[rollup["article_no"].notna()]
chart_frame = pd.DataFrame({
    t("col_article", lang): [i18n.article_label(a, lang) for a in arts["article_no"]],
    kl.column_label("article_title", lang): arts["article_title"],
    **{i18n.status_text(s.key, lang): arts[s.key].astype(int) for s in ks.STATUSES},
    t("col_total", lang): arts["total"].astype(int),
})
uc.show_chart(fig, "ov_by_article", "attainment_by_article", lang, deck, frame=chart_frame,
              alt_text=t("ov_by_article", lang), footnote=source)

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
    t("col_median", lang): rollup["median_pct"].astype("Float64").round(1),
    t("col_min", lang): rollup["min_pct"].astype("Float64").round(1),
    t("col_max", lang): rollup["max_pct"].astype("Float64").round(1),
})
money_cols = ["budget_kyen", "settlement_kyen", "budget_next_kyen", "actual_spend_kyen", "outline_next_kyen"]
mtab = uc.money_frame(rollup, money_cols, p)
table = pd.concat([table, mtab], axis=1)
if exclude:
    st.caption(t("ov_excluded", lang, names=LOAN, reason=km.SCALE_OUTLIERS[LOAN][0 if lang == "ja" else 1]))
uc.show_table(table, "ov_rollup_table", "article_rollup", lang, column_config=uc.money_column_config(mtab.columns))

# Needs attention: the furthest-missed indicators, each linking to its program's PDCA.
st.subheader(t("ov_attention", lang))
st.caption(t("ov_attention_caption", lang))
missed = data.missed_targets(FY, statuses=(ks.MISSED.key,))
for row in missed.itertuples(index=False):
    label = (f"{i18n.STATUS_MARKS[ks.MISSED.key]} {fmt.format_attainment(row.attainment_pct, 0)}　{row.indicator_name}（{row.program_name}）"
             f" {kl.column_label('target', lang)} {row.target:,.0f}{row.unit} → {kl.column_label('actual', lang)} {row.actual:,.0f}{row.unit}")
    st.page_link(uc.PDCA_PAGE, label=uc.md_escape(label), query_params=uc.pdca_link_params(row.program_no))
attention = uc.missed_targets_frame(missed, lang)
uc.export_menu("ov_attention", "needs_attention", lang, frame=attention, sources=missed)
sv.picker(missed, lang, "ov_attention")

# Data quality: every correction and every discrepancy, printed text beside the value used.
st.subheader(t("ov_quality", lang))
st.caption(t("ov_quality_intro", lang))
corr = report.corrections
if corr.empty and report.discrepancies.empty:  # an imported report: its provenance is its file
    st.caption(t("ov_imported_from", lang, file=uc.md_escape(report.reports["source_file"].iloc[0])))
st.markdown(f"**{t('ov_corrections', lang, n=len(corr))}**")
uc.show_table(pd.DataFrame({
    t("id", lang): corr["correction_id"], t("scope", lang): corr["scope"], t("printed", lang): corr["printed"],
    t("value_used", lang): corr["corrected"], t("reason", lang): corr["reason" if lang == "ja" else "reason_en"],
    t("source_line", lang): corr["source_line"].astype(int),
}), "ov_corrections", "corrections", lang, sources=corr,
    column_config={t("reason", lang): st.column_config.TextColumn(width="large")})
sv.picker(corr, lang, "ov_corrections")
disc = report.discrepancies
st.markdown(f"**{t('ov_discrepancies', lang, n=len(disc))}**")
uc.show_table(pd.DataFrame({
    t("id", lang): disc["discrepancy_id"], t("check_kind", lang): disc["check"], t("scope", lang): disc["scope"],
    t("printed", lang): disc["printed"], t("computed", lang): disc["computed"],
    t("reason", lang): disc["reason" if lang == "ja" else "reason_en"],
    t("source_line", lang): disc["source_line"].astype(int),
}), "ov_discrepancies", "discrepancies", lang, sources=disc,
    column_config={t("reason", lang): st.column_config.TextColumn(width="large")})
sv.picker(disc, lang, "ov_discrepancies")

uc.deck_button(deck, lang, subtitle=title, key="overview_deck")
