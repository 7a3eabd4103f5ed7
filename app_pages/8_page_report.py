"""報告書本文 Report text: the shipped text by page (the start pages the contents give for each section and
program), a width-folded search over its lines, and deep links (?page=16&line=471 opens page 16 with
line 471 highlighted; ?line=471 alone finds its page; ?src=… opens a value's source view)."""

import pandas as pd
import streamlit as st

from kpi import provenance as pv
from ui import source_view as sv
from ui import safe, state, widgets
from ui.i18n import t

COVER = "cover"
HIT_LIMIT = 50

# Load inputs.
p = state.prefs()
lang = p.lang
st.title(t("rp_title", lang))
st.caption(t("rp_intro", lang))
text, spans, lines = sv.report_text()
if text is None:
    st.info(t("rp_no_text", lang), icon=":material/info:")
    st.stop()
if not text.is_build_source:
    st.warning(t("src_text_changed", lang), icon=":material/warning:")

# Pages, as the contents give them; the cover and contents first.
titles: dict[str, list[str]] = {}
for s in spans.itertuples(index=False):
    titles.setdefault(COVER if pd.isna(s.page) else str(int(s.page)), []).append(str(s.title))
options = list(titles)


def page_label(key: str) -> str:
    if key == COVER:
        return t("rp_cover", lang)
    names = "・".join(titles[key])
    return t("rp_page_option", lang, n=key, titles=names if len(names) <= 60 else names[:59] + "…")


raw_line = state.url_get("line")
line = int(raw_line) if raw_line and str(raw_line).isdigit() and 0 < int(raw_line) <= len(text) else None
if line is not None and not state.has("page") and state.url_get("page") not in options:
    found = pv.page_of_line(spans, line)  # ?line=N alone: the page that holds it
    state.put("page", COVER if found is None else str(found))


def open_line(page_key: str, no: int) -> None:
    """A search hit's button: show its page with the line highlighted (kept in the URL)."""
    state.put("page", page_key)
    state.url_set("line", str(no))


def page_changed() -> None:
    state.url_set("line", None)


c1, c2 = st.columns([2, 3])
with c1:
    page = widgets.url_choice(st.selectbox, t("rp_page", lang), options, "page", options[0], format_func=page_label,
                         on_change=page_changed)
with c2:
    query = widgets.url_text(t("rp_search", lang), "q", placeholder="例：起業家塾" if lang == "ja" else "e.g. 起業家塾")

# Search: every matching line with its page; one click opens it.
if query:
    hits = pv.search_lines(lines, query)
    st.caption(t("rp_hits", lang, n=len(hits)) + ("　" + t("rp_more", lang, n=HIT_LIMIT) if len(hits) > HIT_LIMIT else ""))
    with st.container(height=min(420, 60 + 44 * min(len(hits), HIT_LIMIT)) if len(hits) else None, key="rp_hits"):
        for h in hits.head(HIT_LIMIT).itertuples(index=False):
            key = COVER if pd.isna(h.page) else str(int(h.page))
            b, body = st.columns([1.2, 8], vertical_alignment="center")
            b.button(f"{page_label(key).split('　')[0].split('  ')[0]} · {t('rp_line_n', lang, n=int(h.line))}",
                     key=f"rp_hit_{int(h.line)}", on_click=open_line, args=(key, int(h.line)))
            with body:
                safe.html_block(sv.lines_html([(int(h.line), str(h.text))], None, query=query))

# The cited line with its surroundings, then the whole page.
shown = pv.page_lines(lines, None if page == COVER else int(page))
if line is not None and line in set(shown["line"]):
    st.subheader(t("rp_cited", lang, n=line))
    around = lines[(lines["line"] >= line - pv.CONTEXT_LINES) & (lines["line"] <= line + pv.CONTEXT_LINES)]
    safe.html_block(sv.lines_html(list(zip(around["line"], around["text"])), line))
st.subheader(t("rp_cover", lang) if page == COVER else t("page_n", lang, n=page))
if page != COVER:  # the sections and programs starting on this page: data text, escaped
    safe.html_block(f"<span class='kw-muted'>{safe.esc(' · '.join(titles[page]))}</span>")
if not shown.empty:
    st.caption(t("rp_lines_of_page", lang, a=int(shown["line"].min()), b=int(shown["line"].max())))
    safe.html_block(sv.lines_html(list(zip(shown["line"], shown["text"])), line, query=query))

sv.restore(lang)
