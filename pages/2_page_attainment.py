"""目標達成状況 Attainment: every indicator with target, actual and attainment, filtered and sortable;
attainment per indicator against the 100 % and near-miss lines; a selected row opens its program's PDCA."""


import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import notes as knotes
from kpi import status as ks
from ui import caveats, charts, data, i18n
from ui import export, state, tables, widgets
from ui.deck import PageDeck, deck_button
from ui import source_view as sv
from ui.i18n import t
from ui import figures, frames

# Load inputs.
p = state.prefs()
lang = p.lang
deck = PageDeck(t("at_title", lang))
title = data.source_title(p.key, lang)
ind = data.indicators(p.key)
corrections = data.report(p.key).corrections.set_index("correction_id")

st.title(t("at_title", lang))
st.caption(t("at_intro", lang))

# Filters (kept in the URL).
articles = sorted(int(a) for a in ind["article_no"].dropna().unique())
years = sorted(int(y) for y in ind["fiscal_year"].unique())
year_options = [str(y) for y in reversed(years)] + ["both"]
status_keys = [s.key for s in ks.STATUSES]
c1, c2, c3 = st.columns([1, 1.6, 2])
with c1:
    article = widgets.url_choice(st.selectbox, t("f_article", lang), ["all", *articles], "article", "all",
                            format_func=lambda a: t("all", lang) if a == "all" else i18n.article_label(a, lang))
with c2:
    year = widgets.url_choice(st.segmented_control, t("f_fy", lang), year_options, "year", year_options[0],
                         format_func=lambda y: t("f_fy_both", lang) if y == "both" else p.fy(int(y)), required=True)
with c3:
    query = widgets.url_text(t("f_search", lang), "q", placeholder="例：起業家" if lang == "ja" else "e.g. 起業家")
statuses = widgets.url_multi(t("f_status", lang), status_keys, "status", status_keys,
                        format_func=lambda s: i18n.status_text(s, lang))
if ind["is_key"].all():
    st.caption(":material/info: " + t("f_key_only_na", lang))
    key_only = False
else:
    key_only = widgets.url_toggle(t("f_key_only", lang), "key_only", default=False)

# Filter rows (selection only; every number comes from kpi.metrics.indicators).
rows = ind
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


# The table.
st.subheader(t("at_table", lang))
c_note = t("corrected_mark", lang)
c_prog = kl.column_label("program_name", lang)
c_ind = kl.column_label("indicator_name", lang)
table = frames.indicator_table(rows, p, corrections)
shown = table.frame
st.caption(t("rows_shown", lang, n=len(shown)) + "　" + t("at_select_hint", lang)
           + ("　" + t("original_ja", lang) if lang != "ja" else ""))
notes = caveats.notes(p, charts.source_note(title, rows["page"], lang),
                      fiscal_years=tuple(sorted(int(y) for y in rows["fiscal_year"].unique())))
event = tables.show_table(
    shown, "at_table", "indicators", lang, sources=rows, on_select="rerun", selection_mode="single-row",
    height="auto" if len(shown) <= 12 else 460, notes=notes, formats=table.formats,
    column_config={
        c_prog: st.column_config.TextColumn(c_prog, width=190),
        c_ind: st.column_config.TextColumn(c_ind, width=300),
        **frames.indicator_config(table, lang, width=110, help=t("at_intro", lang)),
        c_note: st.column_config.TextColumn(c_note, help=t("corrected_help", lang), width="medium"),
    },
)
sv.picker(rows, lang, "at_table")
if article != "all":  # 他都市の類似の取組 (issue 15): this article, keywords from the missed targets shown
    from ui.peers_link import peers_link

    peers_link(article, *rows.loc[rows["status"] == "missed", "program_name"].astype(str).unique(), lang=lang)
selected = event.selection.rows if event is not None else []
if selected:
    program_no = int(rows.iloc[selected[0]]["program_no"])
    state.open_pdca(program_no)

# The chart: attainment per indicator, FY2015 beside FY2016 where both exist.
if shown.empty:
    st.info(t("no_rows", lang))
else:
    source = charts.source_note(title, rows["page"], lang)
    fig = figures.figure(charts.attainment_per_indicator, (article, year, statuses, key_only, query), rows, p, source)
    tables.show_chart(fig, "at_chart", "attainment_per_indicator", lang, None, frame=shown,
                  alt_text=t("at_chart", lang), footnote=source, notes=notes, formats=table.formats)
    # slides that fit a projector: one chart per article (57 rows on one slide would be unreadable)
    for a in sorted(int(x) for x in rows["article_no"].dropna().unique()):
        part = rows[(rows["article_no"] == a) & rows["attainment_pct"].notna()]
        if part.empty:
            continue
        part_source = charts.source_note(title, part["page"], lang)
        heading = t("at_chart_article", lang, article=i18n.article_label(a, lang))
        part_fig = figures.figure(charts.attainment_per_indicator, (article, year, statuses, key_only, query, a), part, p, part_source,
                                  title=heading)
        deck.items.append(export.SlideSpec(heading, part_fig, part_source, heading, shown[rows["article_no"].to_numpy() == a], notes))
    n_out = int(rows["attainment_pct"].isna().sum())
    if n_out:
        st.caption(t("at_not_plotted", lang, n=n_out))

deck_button(deck, lang, subtitle=title, key="attainment_deck")

# Slides for every missed target of the chosen article: one indicator per slide, target beside actual
# (made only when asked for, so a filter change does not build them).
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
        missed_deck.items.append(export.SlideSpec(fig.layout.title.text, fig, source, alt,
                                              one[["fiscal_year", "target", "actual", "unit"]]))
    deck_button(missed_deck, lang, subtitle=title, key="missed_deck")
