"""予算 Budgets: H28 budget vs settlement vs H29 budget per article or program, the change H29 − H28
(one chart per basis), execution rates, the non-key programs' actual/outline (a different basis), the
table of every program, and 第19条's share of contracts going to local SMEs — one tab each, the open
tab kept in the URL (?tab=…) and only its content built. Money follows the one scope (kpi.scope)."""

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import scope
from ui import caveats, charts, data, i18n
from ui import safe, state, tables, widgets
from ui.deck import PageDeck, deck_button
from ui import scope as uscope
from ui import source_view as sv
from ui.i18n import t
from ui import figures

KEY_MEASURES = ["budget", "settlement", "budget_next"]
NONKEY_MEASURES = ["actual_spend", "outline_next"]
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


def article_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Per-article totals labelled for the chart."""
    titles = report.articles.set_index("article_no")["article_title"]
    return frame.assign(label=[f"{i18n.article_label(a, lang)} {charts.short(titles.get(a, ''), 12)}" for a in frame["article_no"]])


def money_notes(source: str, fiscal_years=(p.report_fy, p.report_fy + 1)) -> list:
    return caveats.notes(p, source, exclude=exclude, money=True, fiscal_years=tuple(fiscal_years))


labels = [t(f"bu_tab_{k}", lang) for k in TABS]
if share_empty := data.procurement_share(p.key).empty:
    labels = labels[:-1]
tabs = dict(zip(TABS, st.tabs(labels, key="tab", bind="query-params")))
label_col = kl.column_label("program_name" if level == "program" else "article_title", lang)

# H28 budget vs settlement vs H29 budget (key programs).
with tabs["budget"]:
    if tabs["budget"].open is not False:
        key_progs = shown_progs[shown_progs["is_key"]]
        if level == "article":
            bars = article_rows(data.money_totals(p.key, exclude=exclude, by=("article_no",)))
            bars = bars[bars[[f"{m}_kyen" for m in KEY_MEASURES]].notna().any(axis=1)]
        else:
            bars = key_progs.assign(label=key_progs["program_name"])
        source = charts.source_note(title, key_progs["page"], lang)
        foot = charts.footnote(source, scope_line)
        fig = figures.figure(charts.money_bars, (level, exclude), bars, "label", KEY_MEASURES, p, t("bu_budget_chart", lang),
                             foot, log)
        budget_frame = pd.concat([bars[["label"]].rename(columns={"label": label_col}),
                                  tables.money_frame(bars, [f"{m}_kyen" for m in KEY_MEASURES], p)], axis=1)
        tables.show_chart(fig, "bu_budget", "budget_settlement", lang, deck, frame=budget_frame,
                      alt_text=t("bu_budget_chart", lang), footnote=foot, notes=money_notes(source))

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
            change_frame = pd.concat([
                pd.DataFrame({kl.column_label("program_name", lang): chg["program_name"],
                              kl.column_label("change_basis", lang): [t(f"bu_basis_{b}", lang) for b in chg["change_basis"]]}),
                tables.money_frame(chg, ["change_kyen"], p),
                pd.DataFrame({kl.column_label("change_pct", lang): [fmt.pct_value(v) for v in chg["change_pct"]]}),
            ], axis=1)
            tables.show_chart(fig, key, "change_key" if basis == "budget" else "change_other", lang, deck, frame=change_frame,
                          alt_text=fig.layout.title.text, footnote=foot, notes=money_notes(source))

# Execution rate (a percentage: every key program is shown, whatever the scope).
with tabs["exec"]:
    if tabs["exec"].open:
        ex = progs[progs["execution_rate_pct"].notna()]
        source = charts.source_note(title, ex["page"], lang)
        fig = figures.figure(charts.execution_rate_bars, (), ex, p, source)
        tables.show_chart(fig, "bu_exec", "execution_rate", lang, deck,
                      frame=pd.DataFrame({kl.column_label("program_name", lang): ex["program_name"],
                                          kl.column_label("execution_rate_pct", lang): [fmt.pct_value(v) for v in ex["execution_rate_pct"]]}),
                      alt_text=t("bu_exec_chart", lang, **years), footnote=source, notes=caveats.notes(p, source))

# Non-key programs: H28 actual vs H29 outline (a different basis from the budgets).
with tabs["nonkey"]:
    if tabs["nonkey"].open:
        nonkey = shown_progs[~shown_progs["is_key"]]
        if level == "article":
            nk = article_rows(data.money_totals(p.key, exclude=exclude, by=("article_no",)))
            nk = nk[nk[[f"{m}_kyen" for m in NONKEY_MEASURES]].notna().any(axis=1)]
        else:
            nk = nonkey.assign(label=nonkey["program_name"])
        source = charts.source_note(title, nonkey["page"], lang)
        foot = charts.footnote(source, scope_line)
        fig = figures.figure(charts.money_bars, (level, exclude), nk, "label", NONKEY_MEASURES, p, t("bu_nonkey_chart", lang, **years),
                             foot, log)
        nk_frame = pd.concat([nk[["label"]].rename(columns={"label": label_col}),
                              tables.money_frame(nk, [f"{m}_kyen" for m in NONKEY_MEASURES], p)], axis=1)
        tables.show_chart(fig, "bu_nonkey", "nonkey_actual_outline", lang, deck, frame=nk_frame,
                      alt_text=t("bu_nonkey_chart", lang, **years), footnote=foot, notes=money_notes(source))

# Every program, nothing hidden (the scope applies to totals and charts, never to this list).
with tabs["table"]:
    if tabs["table"].open:
        money_cols = ["budget_kyen", "settlement_kyen", "budget_next_kyen", "stated_change_kyen",
                      "actual_spend_kyen", "outline_next_kyen", "change_kyen"]
        mt = tables.money_frame(progs, money_cols, p)
        table = pd.concat([
            pd.DataFrame({
                kl.column_label("program_name", lang): progs["program_name"],
                kl.column_label("article_no", lang): [i18n.article_label(a, lang) for a in progs["article_no"]],
                kl.column_label("is_key", lang): [t("key_program", lang) if k else t("nonkey_program", lang) for k in progs["is_key"]],
            }),
            mt,
            pd.DataFrame({
                kl.column_label("change_pct", lang): [fmt.pct_value(v) for v in progs["change_pct"]],
                kl.column_label("change_basis", lang): [t(f"bu_basis_{b}", lang) for b in progs["change_basis"]],
                kl.column_label("execution_rate_pct", lang): [fmt.pct_value(v) for v in progs["execution_rate_pct"]],
                kl.column_label("note", lang): [
                    "; ".join(x for x in (scope.reason(n, lang), (f"✎ {c}" if pd.notna(c) else ""),
                                          (str(r) if pd.notna(r) else "")) if x)
                    for n, c, r in zip(progs["program_name"], progs["money_correction_ids"], progs["no_money_reason"])],
            }),
        ], axis=1)
        config = tables.money_column_config(mt.columns)
        config[kl.column_label("program_name", lang)] = st.column_config.TextColumn(width=200)
        config[kl.column_label("note", lang)] = st.column_config.TextColumn(width="large")
        tables.show_table(table, "bu_table", "money_per_program", lang, column_config=config, sources=progs,
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
            share_frame = pd.DataFrame({
                t("bu_category", lang): [kl.label(kl.CATEGORIES, c, lang) for c in share["category"]],
                kl.column_label("fiscal_year", lang): [p.fy(int(y)) for y in share["fiscal_year"]],
                t("bu_sme_amount", lang): share["sme_amount_myen"],
                t("bu_total_amount", lang): share["total_amount_myen"],
                t("bu_share_axis", lang): [fmt.pct_value(v) for v in share["sme_share_pct"]],
                t("bu_share_change", lang): [fmt.pct_value(v) for v in share["share_change_pt"]],
            })
            notes = caveats.notes(p, source, fiscal_years=tuple(sorted(int(y) for y in share["fiscal_year"].unique())))
            tables.show_chart(fig, "bu_proc", "procurement_share", lang, deck, frame=share_frame,
                          alt_text=t("bu_proc_chart", lang), footnote=source, notes=notes)
            tables.show_table(share_frame, "bu_proc_table", "procurement_share", lang, notes=notes, sources=share,
                          column_config={t("bu_sme_amount", lang): st.column_config.NumberColumn(format="localized"),
                                         t("bu_total_amount", lang): st.column_config.NumberColumn(format="localized")})
            sv.picker(report.procurement, lang, "bu_proc")
else:
    st.caption(t("bu_no_procurement", lang))

deck_button(deck, lang, subtitle=title, key="budgets_deck")
