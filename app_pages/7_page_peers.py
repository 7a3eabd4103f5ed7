"""他都市の取組 Peer cities: by Kawasaki article, our programs on one side and the peer cities'
activities on the other (city, year, plan/actual), with keyword search, each row citing its document
and line and opening the original passage. A catalogue of precedents: nothing here counts or charts
entries per city (see kpi.peers)."""

import pandas as pd
import streamlit as st

from kpi import peers as kp
from kpi.io import DataFileError
from ui import frames, i18n
from ui import peer_data, safe, state, tables, views, widgets
from ui.i18n import t

p = state.prefs()
lang = p.lang
st.title(t("peers_title", lang))
st.info(t("peers_honesty", lang), icon=":material/menu_book:")
try:
    cat = peer_data.catalogue()  # computed once per file (kpi.peers.catalogue), not on every rerun
except DataFileError:
    st.error(t("peers_unavailable", lang), icon=":material/error:")
    st.stop()

# Filters (kept in the URL).
articles = ["all", *[str(a) for a in range(12, 19)], kp.UNMAPPED]
c1, c2, c3 = st.columns([1.2, 2, 2])
with c1:
    article = widgets.url_choice(st.selectbox, t("peers_article", lang), articles, "article", "all",
                            format_func=lambda a: t("all", lang) if a == "all" else (
                                t("peers_article_none", lang) if a == kp.UNMAPPED else i18n.article_label(int(a), lang)))
with c2:
    query = widgets.url_text(t("peers_search", lang), "q", placeholder="例：事業承継" if lang == "ja" else "e.g. 事業承継")
with c3:
    kw = widgets.url_text(t("peers_kw", lang), "kw")
cities = list(cat.cities)
years = list(cat.years)
statuses = list(kp.schema.PEER_STATUSES)
f1, f2, f3 = st.columns(3)
with f1:
    sel_cities = widgets.url_multi(t("peers_city", lang), cities, "city", [])
with f2:
    sel_years = widgets.url_multi(t("peers_year", lang), years, "year", [],
                             format_func=lambda y: t("peers_undated", lang) if y == "undated" else p.fy(int(y)))
with f3:
    sel_status = widgets.url_multi(t("peers_status", lang), statuses, "status", [],
                              format_func=lambda s: t(f"peers_status_{s}", lang))

art = None if article == "all" else (kp.UNMAPPED if article == kp.UNMAPPED else int(article))
keywords = kw.split()
# the shown rows' table and passage choices, kept per (catalogue file, filters, prefs)
view = views.kept(peer_data.view, (peer_data.identity(),), p, art, tuple(sel_cities), tuple(sel_years), tuple(sel_status), query or "", tuple(keywords))

left, right = st.columns([1, 2.4])
with left:
    st.subheader(t("peers_ours", lang))
    if isinstance(art, int):
        ours = views.kept(peer_data.ours, (), p, art)
        tables.show_table(ours.table, "peers_ours", f"kawasaki_programs_article{art}", lang)
        st.caption(ours.caption)
    else:
        st.caption(t("peers_ours_pick", lang))
with right:
    st.subheader(t("peers_theirs", lang))
    if view.table is None:
        st.info(t("peers_none", lang))
    else:
        st.caption(t("peers_n", lang, n=view.n))
        tables.show_table(view.table, "peers_table", "peer_activities", lang, column_config=view.config)

# The original passage of one entry: the shipped text's lines around it, as printed, escaped; read
# from the file only while the expander is open.
if view.ids:
    passage = st.expander(t("peers_passage", lang), icon=":material/article:", key="peers_passage", on_change="rerun")
    with passage:
        if passage.open:
            chosen = st.selectbox(t("peers_passage_pick", lang), view.ids, format_func=view.labels.get, key="peers_passage_id")
            doc_id, first, last, program_id, program_label = view.entries[chosen]
            docs = cat.peers.documents.set_index("doc_id")
            st.caption(safe.md_escape(t("peers_passage_caption", lang, doc=docs.loc[doc_id, "framework"],
                                      file=docs.loc[doc_id, "source_file"], first=int(first), last=int(last))))
            try:
                lines = kp.passage(cat.peers, chosen)
            except DataFileError as exc:
                lines = []
                st.warning(safe.md_escape(f"{exc.path}: {exc.problem}. {exc.remedy}"), icon=":material/warning:")
            for n, line, hit in lines:
                text = f"{n}: {safe.md_escape(line.strip())}"
                st.markdown(f"▶ **{text}**" if hit else f"\u3000 {text}")
            if pd.notna(program_id):
                tl = peer_data.timeline(program_id)
                st.markdown("**" + safe.md_escape(t("peers_timeline", lang, name=program_label)) + "**")
                tables.show_table(frames.peer_timeline(tl, p, cat.frameworks), "peers_timeline", f"peer_program_{program_id}", lang)
