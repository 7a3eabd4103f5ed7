"""市内産業の現状 City economy: section 2 of the report. The context figures with their periods, the
bankruptcy trend, the job statements, and the survey response table by industry (D10 marked where the
printed rate differs from responses ÷ sent). Every figure cites its page and line and opens its source."""

import pandas as pd
import streamlit as st

from kpi import context as kc
from kpi import fmt
from ui import charts, context_charts, data
from ui import safe, state, tables
from ui.deck import PageDeck, deck_button
from ui import source_view as sv
from ui.i18n import t
from ui import figures, frames

JOBS_HEADING = "(4) 川崎市の求人・求職状況"

# Load inputs.
p = state.prefs()
lang = p.lang
deck = PageDeck(t("cx_title", lang))
report = data.report(p.key)
title = data.source_title(p.key, lang)
st.title(t("cx_title", lang))
st.caption(t("cx_intro", lang))
if report.context.empty and report.survey.empty:
    st.info(t("cx_no_context", lang), icon=":material/info:")
    st.stop()


def where(page, line) -> str:
    """'p.3 · 102行目' for a caption."""
    parts = [t("page_n", lang, n=int(page))] if pd.notna(page) else []
    return " · ".join(parts + [t("rp_line_n", lang, n=int(line))])


# Headline: establishments and employees, with period and source.
structure = kc.figures(report, "structure")
by_key = structure.set_index("key")
head = [k for k in kc.HEADLINE if k in by_key.index]
cols = st.columns(max(1, len(head) + 1))
for col, k in zip(cols, head):
    r = by_key.loc[k]
    change = by_key.loc[f"{k}_change"] if f"{k}_change" in by_key.index else None
    col.metric(safe.md_escape(f"{r['label']}（{r['period']}）"), f"{fmt.format_number(r['value'])}{r['unit'] if r['unit'] != '事業所' else ''}",
               delta=None if change is None else f"{fmt.format_number(change['value'], signed=True)}（{change['period']}）", delta_color="off")
    col.caption(where(r["page"], r["source_line"]))

# Bankruptcies: 64 → 81.
trend = kc.bankruptcies(report)
if len(trend) >= 2:
    a, b = trend.iloc[-2], trend.iloc[-1]
    cols[-1].metric(t("cx_bankruptcy", lang), t("cx_bankruptcy_change", lang, a=int(a["count"]), b=int(b["count"])),
                    delta=t("cx_bankruptcy_delta", lang, d=f"{int(b['change']):+d}", p=fmt.format_pct(float(b["change_pct"]), 1, signed=True)),
                    delta_color="inverse")  # more bankruptcies is worse
    cols[-1].caption(f"{p.fy(int(a['fiscal_year']))} → {p.fy(int(b['fiscal_year']))} · {where(b['page'], b['source_line'])}")

st.subheader(t("cx_structure", lang))
shown = frames.context_facts(structure, lang).frame
tables.show_table(shown, "cx_structure", "context_structure", lang, sources=structure,
              column_config={t("cx_value", lang): st.column_config.NumberColumn(format="localized")})
sv.picker(structure, lang, "cx_structure")

index = kc.figures(report, "employment_index")
if not index.empty:
    source = charts.source_note(title, index["page"], lang)
    fig = figures.figure(context_charts.employment_index, (), index, p, source)
    tables.show_chart(fig, "cx_index", "employment_index", lang, deck, frame=frames.context_facts(index, lang).frame,
                  alt_text=t("cx_index", lang), footnote=source)

# Bankruptcy trend.
st.subheader(t("cx_bankruptcy", lang))
if not trend.empty:
    source = charts.source_note(title, trend["page"], lang)
    tframe = frames.bankruptcies(trend, p).frame
    c1, c2 = st.columns([1, 1])
    with c1:
        fig = figures.figure(context_charts.bankruptcies, (), trend, p, source)
        tables.show_chart(fig, "cx_bankruptcy", "bankruptcies", lang, deck, frame=tframe,
                      alt_text=t("cx_bankruptcy", lang), footnote=source)
    with c2:
        bank_rows = kc.figures(report).set_index("key").loc[list(trend["key"])].reset_index()
        tables.show_table(tframe, "cx_bankruptcy_table", "bankruptcies", lang, sources=bank_rows)
        sv.picker(bank_rows, lang, "cx_bankruptcy")

# Jobs: the report gives the ratios only as a chart; its statements as printed.
st.subheader(t("cx_jobs", lang))
st.caption(t("cx_jobs_note", lang))
text, spans, lines = sv.report_text()
if spans is not None:
    jobs = spans[spans["title"] == JOBS_HEADING]
    if not jobs.empty:
        j = jobs.iloc[0]
        part = lines[(lines["line"] > j["first_line"]) & (lines["line"] <= j["last_line"]) & (lines["text"].str.strip() != "")]
        safe.html_block(sv.lines_html(list(zip(part["line"], part["text"])), None))
        sv.cite_links([j["page"]], lang, key="cx_jobs_cite")

# The survey response table by industry.
st.subheader(t("cx_survey", lang))
st.caption(t("cx_survey_caption", lang))
rates = kc.survey_rates(report)
if not rates.empty:
    survey_facts = kc.figures(report, "survey")
    for r in survey_facts.itertuples(index=False):
        st.caption(f"{safe.md_escape(r.label)}：{fmt.format_number(r.value)}{safe.md_escape(r.unit)}（{safe.md_escape(r.period)}） · {where(r.page, r.source_line)}")
    sframe = frames.survey_rates(rates, lang).frame
    source = charts.source_note(title, rates["page"], lang)
    fig = figures.figure(context_charts.survey_rates, (), rates, p, source)
    tables.show_chart(fig, "cx_survey_chart", "survey_rates", lang, deck, frame=sframe,
                  alt_text=t("cx_survey_chart", lang), footnote=source)
    tables.show_table(sframe, "cx_survey_table", "survey_responses", lang, sources=rates, height="auto")
    sv.picker(rates, lang, "cx_survey")

pages = pd.concat([report.context["page"], report.survey["page"]])
sv.cite_links(pages, lang, key="cx_cite")
deck_button(deck, lang, subtitle=title, key="context_deck")
