"""目標達成状況 Attainment: every indicator with target, actual and attainment, filtered (the filters in
the URL); first the attainment per indicator against the 100 % and near-miss lines; or, chosen in the
view switcher (kept in the URL, ?at_tab=…, and only the chosen view built), the table of every
indicator shown (a selected row opens its program's PDCA; the source picker; similar programs in other
cities) or the slides (one chart per article; a slide per missed target)."""

from types import SimpleNamespace

import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import notes as knotes
from kpi import status as ks
from ui import caveats, charts, data, i18n
from ui import export, state, tables, views, widgets
from ui.deck import PageDeck, deck_button
from ui import source_view as sv
from ui.i18n import t
from ui import figures, frames

VIEWS = ("chart", "table", "slides")  # the view switcher's choices (ui.widgets.url_view), in order
STATUS_KEYS = [s.key for s in ks.STATUSES]


def filter_options(p) -> SimpleNamespace:
    """The filters' choices with their labels (the report's articles and years, the statuses) and
    whether every indicator is a key program's."""
    lang = p.lang
    ind = data.indicators(p.key)
    articles = sorted(int(a) for a in ind["article_no"].dropna().unique())
    years = [str(y) for y in sorted((int(y) for y in ind["fiscal_year"].unique()), reverse=True)]
    return SimpleNamespace(articles=["all", *articles], years=[*years, "both"], all_key=bool(ind["is_key"].all()),
                           article_label={"all": t("all", lang), **{a: i18n.article_label(a, lang) for a in articles}},
                           year_label={"both": t("f_fy_both", lang), **{y: p.fy(int(y)) for y in years}},
                           status_label={s: i18n.status_text(s, lang) for s in STATUS_KEYS})


def view(p, article, year: str, statuses: tuple, key_only: bool, query: str) -> SimpleNamespace:
    """What the filters show: the rows (selection only; every number comes from kpi.metrics.indicators),
    their labelled table, source note, caveats and the attainment chart."""
    lang = p.lang
    rows = data.indicators(p.key)
    if article != "all":
        rows = rows[rows["article_no"] == article]
    if year != "both":
        rows = rows[rows["fiscal_year"] == int(year)]
    rows = rows[rows["status"].isin(statuses)]
    if key_only:
        rows = rows[rows["is_key"]]
    if query:  # width- and case-insensitive, every word must occur (as kpi.notes.search does)
        rows = rows[knotes.matches(rows["indicator_name"].astype(str) + " " + rows["program_name"].astype(str), query)]
    rows = rows.sort_values(["program_no", "indicator_no", "fiscal_year"]).reset_index(drop=True)
    title = data.source_title(p.key, lang)
    corrections = data.report(p.key).corrections.set_index("correction_id")
    source = charts.source_note(title, rows["page"], lang)
    options = (article, year, statuses, key_only, query)
    return SimpleNamespace(
        rows=rows, table=frames.indicator_table(rows, p, corrections), title=title, source=source,
        notes=caveats.notes(p, source, fiscal_years=tuple(sorted(int(y) for y in rows["fiscal_year"].unique()))),
        fig=None if rows.empty else figures.figure(charts.attainment_per_indicator, options, rows, p, source),
        n_out=int(rows["attainment_pct"].isna().sum()))


# Load inputs.
p = state.prefs()
lang = p.lang
fo = views.kept(filter_options, (), p)
st.title(t("at_title", lang))
st.caption(t("at_intro", lang))
if fo.all_key:  # in place of the key-programs-only filter (outside the filters' part: it never changes with them)
    st.caption(":material/info: " + t("f_key_only_na", lang))


@st.fragment
def screen() -> None:
    """The filters (kept in the URL) and what they decide: a filter change reruns this part only."""
    with st.container(horizontal=True):  # one row, one element (st.columns would send four)
        article = widgets.url_choice(st.selectbox, t("f_article", lang), fo.articles, "article", "all",
                                     format_func=fo.article_label.get, width=260)
        year = widgets.url_choice(st.segmented_control, t("f_fy", lang), fo.years, "year", fo.years[0],
                                  format_func=fo.year_label.get, required=True)
        query = widgets.url_text(t("f_search", lang), "q", placeholder="例：起業家" if lang == "ja" else "e.g. 起業家")
    statuses = tuple(widgets.url_multi(t("f_status", lang), STATUS_KEYS, "status", STATUS_KEYS,
                                       format_func=fo.status_label.get, widget=st.pills))
    key_only = False if fo.all_key else widgets.url_toggle(t("f_key_only", lang), "key_only", default=False)

    options = (article, year, statuses, key_only, query)
    v = views.kept(view, options, p, *options)
    shown = v.table.frame
    shown_view = widgets.url_view(VIEWS, "at_tab", lang, "at_tab_")

    # The chart: attainment per indicator, FY2015 beside FY2016 where both exist.
    if shown_view == "chart":
        if v.fig is None:
            st.info(t("no_rows", lang))
        else:
            tables.show_chart(v.fig, "at_chart", "attainment_per_indicator", lang, None, frame=shown,
                              alt_text=t("at_chart", lang), footnote=v.source, notes=v.notes, formats=v.table.formats)
            if v.n_out:
                st.caption(t("at_not_plotted", lang, n=v.n_out))

    # The table of every indicator shown; a selected row opens its program's PDCA.
    if shown_view == "table":
        rows = v.rows
        c_note = t("corrected_mark", lang)
        c_prog = kl.column_label("program_name", lang)
        c_ind = kl.column_label("indicator_name", lang)
        st.caption(t("rows_shown", lang, n=len(shown)) + "　" + t("at_select_hint", lang)
                   + ("　" + t("original_ja", lang) if lang != "ja" else ""))
        event = tables.show_table(
            v.table, "at_table", "indicators", lang, sources=rows, on_select="rerun", selection_mode="single-row",
            height="auto" if len(shown) <= 12 else 460, notes=v.notes,
            column_config={
                c_prog: st.column_config.TextColumn(c_prog, width=190),
                c_ind: st.column_config.TextColumn(c_ind, width=300),
                **frames.indicator_config(v.table, lang, width=110, help=t("at_intro", lang)),
                c_note: st.column_config.TextColumn(c_note, help=t("corrected_help", lang), width="medium"),
            },
        )
        sv.picker(rows, lang, "at_table", options=options)
        if article != "all":  # 他都市の類似の取組 (issue 15): this article, keywords from the missed targets shown
            from ui.peers_link import peers_link

            peers_link(article, *rows.loc[rows["status"] == "missed", "program_name"].astype(str).unique(), lang=lang)
        selected = event.selection.rows if event is not None else []
        if selected:
            state.open_pdca(int(rows["program_no"].iloc[selected[0]]))
    else:
        sv.restore(lang)  # a link naming a value of this table (?src=…) opens its source view in any view

    # Slides: one chart per article (57 rows on one slide would be unreadable), and on request one slide
    # per missed target of the chosen article, target beside actual (built only when asked for).
    if shown_view == "slides":
        rows, title = v.rows, v.title
        deck = PageDeck(t("at_title", lang))
        for a in sorted(int(x) for x in rows["article_no"].dropna().unique()):
            part = rows[(rows["article_no"] == a) & rows["attainment_pct"].notna()]
            if part.empty:
                continue
            part_source = charts.source_note(title, part["page"], lang)
            heading = t("at_chart_article", lang, article=i18n.article_label(a, lang))
            part_fig = figures.figure(charts.attainment_per_indicator, (*options, a), part, p, part_source, title=heading)
            deck.add(export.SlideSpec(heading, part_fig, part_source, heading,
                                      shown[rows["article_no"].to_numpy() == a], v.notes))
        deck_button(deck, lang, subtitle=title, key="attainment_deck")
        if st.toggle(t("at_missed_deck", lang), key="missed_deck_on"):
            missed = data.missed_targets(p.key, statuses=("missed",))
            if article != "all":
                missed = missed[missed["article_no"] == article]
            missed_deck = PageDeck(t("at_missed_deck", lang))
            every_year = data.indicators(p.key)
            for m in missed.itertuples(index=False):
                one = every_year[(every_year["program_no"] == m.program_no) & (every_year["indicator_no"] == m.indicator_no)]
                source = charts.source_note(title, [m.page], lang)
                fig = figures.figure(charts.indicator_years, (m.program_no, m.indicator_no), one, p, source)
                alt = (f"{m.indicator_name}（{m.program_name}）: {kl.column_label('target', lang)} {fmt.format_quantity(m.target)} / "
                       f"{kl.column_label('actual', lang)} {fmt.format_quantity(m.actual)} {m.unit}")
                missed_deck.add(export.SlideSpec(fig.layout.title.text, fig, source, alt,
                                                 one[["fiscal_year", "target", "actual", "unit"]]))
            deck_button(missed_deck, lang, subtitle=title, key="missed_deck")


screen()
