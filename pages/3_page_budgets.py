"""予算 Budgets: H28 budget vs settlement vs H29 budget per article or program, the change H29 − H28
(one chart per basis), execution rates, the non-key programs' actual/outline (a different basis), the
table of every program, and 第19条's share of contracts going to local SMEs — one tab each, the open
tab kept in the URL (?tab=…) and only its content built. Money follows the one scope (kpi.scope)."""

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import vocab
from ui import caveats, charts, data, i18n
from ui import safe, state, tables, widgets
from ui.deck import PageDeck, deck_button
from ui import scope as uscope
from ui import source_view as sv
from ui.i18n import t
from ui import figures, frames

KEY_MEASURES = list(vocab.KEY_BUDGET_MEASURES)  # budget, settlement, budget_next
NONKEY_MEASURES = list(vocab.NONKEY_MEASURES)  # actual_spend, outline_next
TABS = ("budget", "change", "exec", "nonkey", "table", "proc")

# Load inputs.
p = state.prefs()
lang = p.lang
deck = PageDeck(t("bu_title", lang))
title = data.source_title(p.key, lang)
report = data.report(p.key)
progs = data.programs(p.key)

years = i18n.years(p.report_fy, lang)  # {y0}: the report's year, {y1}: the next
st.title(t("bu_title", lang))
st.caption(t("bu_intro", lang, **years))

# Controls (kept in the URL): level, the money scope, log axis.
c1, c2, c3 = st.columns([1.2, 3, 1])
with c1:
    level = widgets.url_choice(st.segmented_control, t("bu_level", lang), ["article", "program"], "level", "article",
                          format_func=lambda v: t(f"bu_level_{v}", lang), required=True)
with c2:
    exclude = uscope.controls(p)
with c3:
    log = widgets.url_toggle(t("bu_log", lang), key="log", default=False)
uscope.show(exclude, p)
if lang != "ja":
    st.caption(t("original_ja", lang))
shown_progs = progs[~progs["program_name"].isin(exclude)]
scope_line = uscope.short(exclude, lang)


titles = report.articles.set_index("article_no")["article_title"]


def chart_rows(measures: list, programs: pd.DataFrame) -> pd.DataFrame:
    """The rows of a money chart: per article (the totals of `measures`, where any is given; labelled
    for the chart with the title cut) or per program."""
    if level == "program":
        return programs.assign(label=programs["program_name"])
    rows = data.money_totals(p.key, exclude=exclude, by=("article_no",))
    rows = rows[rows[[f"{m}_kyen" for m in measures]].notna().any(axis=1)]
    return rows.assign(label=[f"{i18n.article_label(a, lang)} {charts.short(titles.get(a, ''), 12)}" for a in rows["article_no"]])


def money_notes(source: str, fiscal_years=(p.report_fy, p.report_fy + 1)) -> list:
    return caveats.notes(p, source, exclude=exclude, money=True, fiscal_years=tuple(fiscal_years))


labels = [t(f"bu_tab_{k}", lang) for k in TABS]
if share_empty := data.procurement_share(p.key).empty:
    labels = labels[:-1]
tabs = dict(zip(TABS, st.tabs(labels, key="tab", bind="query-params")))

# H28 budget vs settlement vs H29 budget (key programs).
with tabs["budget"]:
    if tabs["budget"].open is not False:
        key_progs = shown_progs[shown_progs["is_key"]]
        bars = chart_rows(KEY_MEASURES, key_progs)
        source = charts.source_note(title, key_progs["page"], lang)
        foot = charts.footnote(source, scope_line)
        fig = figures.figure(charts.money_bars, (level, exclude), bars, "label", KEY_MEASURES, p, t("bu_budget_chart", lang),
                             foot, log)
        budget_frame = frames.money_bars(bars, KEY_MEASURES, p, level, titles)
        tables.show_chart(fig, "bu_budget", "budget_settlement", lang, deck, frame=budget_frame.frame,
                      alt_text=t("bu_budget_chart", lang), footnote=foot, notes=money_notes(source), formats=budget_frame.formats)

# Change H29 − H28: key programs (budget basis) and other programs (actual basis), never in one ranking.
with tabs["change"]:
    if tabs["change"].open:
        stated = report.discrepancies[report.discrepancies["check"] == "stated_change"]
        differs = progs[progs["stated_change_differs"]]
        if len(stated) or len(differs):
            with st.container(border=True):
                st.markdown(f"**:material/warning: {t('bu_d01_title', lang)}**")
                for d in stated.itertuples(index=False):
                    row = progs[progs["program_name"] == d.scope]
                    printed = d.printed
                    if lang != "ja" and len(row):  # the printed words, as a number in English text
                        printed = fmt.format_money(row["stated_change_kyen"].iloc[0], p.unit, lang, signed=True)
                    computed = (fmt.format_money(row["change_kyen"].iloc[0], p.unit, lang, signed=True) if len(row)
                                else kl.register_text(d.computed, lang))
                    safe.html_block(f"<b>{safe.esc(d.discrepancy_id)} {safe.esc(d.scope)}</b><br>"
                                  + safe.esc(t("bu_d01_body", lang, printed=printed, computed=computed, **years))
                                  + f"<br><span class='kw-muted'>{safe.esc(d.reason if lang == 'ja' else d.reason_en)}</span>")
                for r in differs[~differs["program_name"].isin(stated["scope"])].itertuples(index=False):
                    safe.html_block(safe.esc(f"{r.program_name}: {i18n.plain_label('stated_change_kyen', lang)} "
                                         f"{fmt.format_money(r.stated_change_kyen, p.unit, lang, signed=True)} / "
                                         f"{i18n.plain_label('change_kyen', lang)} {fmt.format_money(r.change_kyen, p.unit, lang, signed=True)}"))
                st.caption(t("bu_d01_used", lang))
        st.caption(t("bu_change_caption", lang, **years))
        for basis, key in (("budget", "bu_change"), ("actual", "bu_change_nonkey")):
            chg = shown_progs[shown_progs["change_kyen"].notna() & (shown_progs["change_basis"] == basis)]
            if chg.empty:
                continue
            source = charts.source_note(title, chg["page"], lang)
            foot = charts.footnote(source, scope_line)
            fig = figures.figure(charts.change_bars, (exclude,), chg, p, foot, basis=basis)
            change_frame = frames.change(chg, p)
            tables.show_chart(fig, key, "change_key" if basis == "budget" else "change_other", lang, deck, frame=change_frame.frame,
                          alt_text=fig.layout.title.text, footnote=foot, notes=money_notes(source), formats=change_frame.formats)

# Execution rate (a percentage: every key program is shown, whatever the scope).
with tabs["exec"]:
    if tabs["exec"].open:
        ex = progs[progs["execution_rate_pct"].notna()]
        source = charts.source_note(title, ex["page"], lang)
        fig = figures.figure(charts.execution_rate_bars, (), ex, p, source)
        exec_frame = frames.execution(ex, p)
        tables.show_chart(fig, "bu_exec", "execution_rate", lang, deck, frame=exec_frame.frame, formats=exec_frame.formats,
                      alt_text=t("bu_exec_chart", lang, **years), footnote=source, notes=caveats.notes(p, source))

# Non-key programs: H28 actual vs H29 outline (a different basis from the budgets).
with tabs["nonkey"]:
    if tabs["nonkey"].open:
        nonkey = shown_progs[~shown_progs["is_key"]]
        nk = chart_rows(NONKEY_MEASURES, nonkey)
        source = charts.source_note(title, nonkey["page"], lang)
        foot = charts.footnote(source, scope_line)
        fig = figures.figure(charts.money_bars, (level, exclude), nk, "label", NONKEY_MEASURES, p, t("bu_nonkey_chart", lang, **years),
                             foot, log)
        nk_frame = frames.money_bars(nk, NONKEY_MEASURES, p, level, titles)
        tables.show_chart(fig, "bu_nonkey", "nonkey_actual_outline", lang, deck, frame=nk_frame.frame,
                      alt_text=t("bu_nonkey_chart", lang, **years), footnote=foot, notes=money_notes(source), formats=nk_frame.formats)

# Every program, nothing hidden (the scope applies to totals and charts, never to this list).
with tabs["table"]:
    if tabs["table"].open:
        table = frames.money_per_program(progs, p)
        config = table.config(**{kl.column_label("program_name", lang): st.column_config.TextColumn(width=200),
                                 kl.column_label("note", lang): st.column_config.TextColumn(width="large")})
        tables.show_table(table.frame, "bu_table", "money_per_program", lang, column_config=config, sources=progs, formats=table.formats,
                      notes=caveats.notes(p, charts.source_note(title, progs["page"], lang), exclude=(), money=True,
                                          fiscal_years=(p.report_fy, p.report_fy + 1)))
        sv.picker(progs, lang, "bu_table")

# 第19条: share of contract amounts going to local SMEs.
if not share_empty:
    with tabs["proc"]:
        if tabs["proc"].open:
            st.subheader(t("bu_proc_title", lang))
            share = data.procurement_share(p.key)
            source = charts.source_note(title, report.procurement["page"], lang)
            fig = figures.figure(charts.procurement_share_bars, (), share, p, source)
            share_frame = frames.procurement_share(share, p)
            notes = caveats.notes(p, source, fiscal_years=tuple(sorted(int(y) for y in share["fiscal_year"].unique())))
            tables.show_chart(fig, "bu_proc", "procurement_share", lang, deck, frame=share_frame.frame,
                          alt_text=t("bu_proc_chart", lang), footnote=source, notes=notes, formats=share_frame.formats)
            tables.show_table(share_frame.frame, "bu_proc_table", "procurement_share", lang, notes=notes, sources=share,
                          column_config=share_frame.config(), formats=share_frame.formats)
            sv.picker(report.procurement, lang, "bu_proc")
else:
    st.caption(t("bu_no_procurement", lang))

deck_button(deck, lang, subtitle=title, key="budgets_deck")
