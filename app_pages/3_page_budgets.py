"""予算 Budgets: H28 budget vs settlement vs H29 budget per article or program, the change H29 − H28
(one chart per basis), execution rates, the non-key programs' actual/outline (a different basis), the
table of every program, and 第19条's share of contracts going to local SMEs — one view each, chosen in
the view switcher (kept in the URL, ?tab=…) and only the chosen view built. Money follows the one scope (kpi.scope)."""

from types import SimpleNamespace

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import vocab
from ui import caveats, charts, data, i18n
from ui import safe, state, tables, views, widgets
from ui.deck import PageDeck, deck_menu
from ui import scope as uscope
from ui import source_view as sv
from ui.i18n import t
from ui import figures, frames

KEY_MEASURES = list(vocab.KEY_BUDGET_MEASURES)  # budget, settlement, budget_next
NONKEY_MEASURES = list(vocab.NONKEY_MEASURES)  # actual_spend, outline_next
VIEWS = ("budget", "change", "exec", "nonkey", "table", "proc")  # the view switcher's choices (ui.widgets.url_view)


def facts(p) -> SimpleNamespace:
    """What the views need of the report: whether it has no 第19条 procurement table (an imported report
    has none: no such view then) and its title."""
    return SimpleNamespace(no_share=data.procurement_share(p.key).empty, title=data.source_title(p.key, p.lang))


def chart_rows(p, level: str, exclude: tuple, measures: list, programs: pd.DataFrame) -> pd.DataFrame:
    """The rows of a money chart: per article (the totals of `measures`, where any is given; labelled
    for the chart with the title cut) or per program."""
    if level == "program":
        return programs.assign(label=programs["program_name"])
    titles = data.report(p.key).articles.set_index("article_no")["article_title"]
    rows = data.money_totals(p.key, exclude=exclude, by=("article_no",))
    rows = rows[rows[[f"{m}_kyen" for m in measures]].notna().any(axis=1)]
    return rows.assign(label=[f"{i18n.article_label(a, p.lang)} {charts.short(titles.get(a, ''), 12)}" for a in rows["article_no"]])


def money_notes(p, source: str, exclude: tuple, fiscal_years=None) -> list:
    fiscal_years = fiscal_years or (p.report_fy, p.report_fy + 1)
    return caveats.notes(p, source, exclude=exclude, money=True, fiscal_years=tuple(fiscal_years))


def money_chart(p, level: str, exclude: tuple, log: bool, key: bool) -> SimpleNamespace:
    """The budget chart (`key`: key programs, H28 budget vs settlement vs H29 budget) or the non-key
    programs' H28 actual vs H29 outline, in the scope: figure, the frame it shows, footnote, notes."""
    lang = p.lang
    progs = data.programs(p.key)
    progs = progs[~progs["program_name"].isin(exclude) & (progs["is_key"] == key)]
    measures = KEY_MEASURES if key else NONKEY_MEASURES
    bars = chart_rows(p, level, exclude, measures, progs)
    source = charts.source_note(data.source_title(p.key, lang), progs["page"], lang)
    foot = charts.footnote(source, uscope.short(exclude, lang))
    title = t("bu_budget_chart", lang) if key else t("bu_nonkey_chart", lang, **i18n.years(p.report_fy, lang))
    titles = data.report(p.key).articles.set_index("article_no")["article_title"]
    return SimpleNamespace(fig=figures.figure(charts.money_bars, (level, exclude), bars, "label", measures, p, title, foot, log),
                           frame=frames.money_bars(bars, measures, p, level, titles), title=title, foot=foot,
                           notes=money_notes(p, source, exclude))


# Load inputs.
p = state.prefs()
lang = p.lang
years = i18n.years(p.report_fy, lang)  # {y0}: the report's year, {y1}: the next
st.title(t("bu_title", lang))
st.caption(t("bu_intro", lang, **years))


def change_view(deck: PageDeck, exclude: tuple) -> None:
    """Change H29 − H28 (the 増減 view): the stated-change discrepancies, then one chart per basis."""
    report, progs = data.report(p.key), data.programs(p.key)
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
    shown_progs = progs[~progs["program_name"].isin(exclude)]
    title, scope_line = data.source_title(p.key, lang), uscope.short(exclude, lang)
    for basis, key in (("budget", "bu_change"), ("actual", "bu_change_nonkey")):
        chg = shown_progs[shown_progs["change_kyen"].notna() & (shown_progs["change_basis"] == basis)]
        if chg.empty:
            continue
        source = charts.source_note(title, chg["page"], lang)
        foot = charts.footnote(source, scope_line)
        fig = figures.figure(charts.change_bars, (exclude,), chg, p, foot, basis=basis)
        change_frame = views.kept(frames.change, (exclude, basis), chg, p)
        tables.show_chart(fig, key, "change_key" if basis == "budget" else "change_other", lang, deck, frame=change_frame.frame,
                          alt_text=fig.layout.title.text, footnote=foot, notes=money_notes(p, source, exclude),
                          formats=change_frame.formats)


@st.fragment
def money_screen(deck: PageDeck, exclude: tuple, key: bool) -> None:
    """A money chart with its own controls (level: per article or per program; log scale), kept in the
    URL: changing one reruns this part only, not the scope, the view switcher or the deck around it
    (the chart's slide is replaced in the page's deck)."""
    with st.container(horizontal=True, gap="large"):  # one row (st.columns sends a block per column)
        level = widgets.url_choice(st.segmented_control, t("bu_level", lang), ["article", "program"], "level", "article",
                                   format_func=lambda v: t(f"bu_level_{v}", lang), required=True)
        log = widgets.url_toggle(t("bu_log", lang), key="log", default=False)
    chart_key, filename = ("bu_budget", "budget_settlement") if key else ("bu_nonkey", "nonkey_actual_outline")
    c = views.kept(money_chart, (level, exclude, log), p, level, exclude, log, key)
    tables.show_chart(c.fig, chart_key, filename, lang, deck, frame=c.frame.frame, alt_text=c.title, footnote=c.foot,
                      notes=c.notes, formats=c.frame.formats)


@st.fragment
def screen() -> None:
    """The scope toggles and the view switcher (kept in the URL) and the view they decide: a change
    reruns this part only; the money charts' own controls rerun less (money_screen)."""
    deck = PageDeck(t("bu_title", lang))
    f = views.kept(facts, (), p)
    exclude = uscope.controls(p)
    uscope.show(exclude, p)
    if lang != "ja":
        st.caption(t("original_ja", lang))
    shown_view = widgets.url_view(VIEWS[:-1] if f.no_share else VIEWS, "tab", lang, "bu_tab_")

    # H28 budget vs settlement vs H29 budget (key programs).
    if shown_view == "budget":
        money_screen(deck, exclude, key=True)

    # Change H29 − H28: key programs (budget basis) and other programs (actual basis), never in one ranking.
    if shown_view == "change":
        change_view(deck, exclude)

    # Execution rate (a percentage: every key program is shown, whatever the scope).
    if shown_view == "exec":
        progs = data.programs(p.key)
        ex = progs[progs["execution_rate_pct"].notna()]
        source = charts.source_note(data.source_title(p.key, lang), ex["page"], lang)
        fig = figures.figure(charts.execution_rate_bars, (), ex, p, source)
        exec_frame = views.kept(frames.execution, (), ex, p)
        tables.show_chart(fig, "bu_exec", "execution_rate", lang, deck, frame=exec_frame.frame, formats=exec_frame.formats,
                          alt_text=t("bu_exec_chart", lang, **years), footnote=source, notes=caveats.notes(p, source))

    # Non-key programs: H28 actual vs H29 outline (a different basis from the budgets).
    if shown_view == "nonkey":
        money_screen(deck, exclude, key=False)

    # Every program, nothing hidden (the scope applies to totals and charts, never to this list).
    if shown_view == "table":
        progs = data.programs(p.key)
        table = views.kept(frames.money_per_program, (), progs, p)
        config = table.config(**{kl.column_label("program_name", lang): st.column_config.TextColumn(width=200),
                                 kl.column_label("note", lang): st.column_config.TextColumn(width="large")})
        source = charts.source_note(data.source_title(p.key, lang), progs["page"], lang)
        tables.show_table(table, "bu_table", "money_per_program", lang, column_config=config, sources=progs,
                          notes=money_notes(p, source, ()))
        sv.picker(progs, lang, "bu_table", options=())

    # 第19条: share of contract amounts going to local SMEs.
    if shown_view == "proc":
        st.subheader(t("bu_proc_title", lang))
        report = data.report(p.key)
        share = data.procurement_share(p.key)
        source = charts.source_note(data.source_title(p.key, lang), report.procurement["page"], lang)
        fig = figures.figure(charts.procurement_share_bars, (), share, p, source)
        share_frame = views.kept(frames.procurement_share, (), share, p)
        notes = caveats.notes(p, source, fiscal_years=tuple(sorted(int(y) for y in share["fiscal_year"].unique())))
        tables.show_chart(fig, "bu_proc", "procurement_share", lang, deck, frame=share_frame.frame,
                          alt_text=t("bu_proc_chart", lang), footnote=source, notes=notes, formats=share_frame.formats)
        tables.show_table(share_frame, "bu_proc_table", "procurement_share", lang, notes=notes, sources=share,
                          column_config=share_frame.config())
        sv.picker(report.procurement, lang, "bu_proc", options=())
    if f.no_share:
        st.caption(t("bu_no_procurement", lang))

    # The shown view's charts as slides: the chooser is built only while its popover is open.
    deck_menu(deck, lang, subtitle=f.title, key="budgets_deck")


screen()
