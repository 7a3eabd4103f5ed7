"""PDCA: one program's Plan / main actions / Do / Check / Action / next plan with its indicators and money;
full-text search over every note; the council's cross-cutting opinions; and the staff view of missed
targets with the council's check and the city's action side by side. Data text is shown escaped."""

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import scope
from kpi import status as ks
from kpi import vocab
from ui import caveats, charts, data, frames, i18n
from ui import menu, safe, state, tables, widgets
from ui import source_view as sv
from ui.i18n import t
from ui.peers_link import peers_link

ART19 = "a19"  # the selector's entry for 第19条's own notes (it has no programs)
SEARCH_LIMIT = 60

# Load inputs.
p = state.prefs()
FY = p.report_fy  # the shown report's own fiscal year
lang = p.lang
report = data.report(p.key)
progs = data.programs(p.key)
ind = data.indicators(p.key)
names = dict(zip(progs["program_no"].astype(int), progs["program_name"]))

st.title(t("pd_title", lang))


def stage_label(stage: str) -> str:
    return kl.stage_label(stage, FY, lang, p.fy)


# Selector labels, made once per run (format_func is called for every option on every rerun).
_key_mark = f" ★{t('key_mark', lang)}"
_labels = {int(r.program_no): f"{i18n.article_label(r.article_no, lang)}｜{int(r.program_no)}. {r.program_name}"
                              + (_key_mark if r.is_key else "")
           for r in progs[["program_no", "article_no", "program_name", "is_key"]].itertuples(index=False)}


def program_label(no) -> str:
    return t("pd_art19", lang) if no == ART19 else _labels[int(no)]


def open_program(no: int, tab: str) -> None:
    """Callback of a search hit's button: show that program's tab (runs before the widgets are drawn)."""
    state.put("program", no)
    state.put("pdca_tab", tab)


# Program selector: all 65 programs in report order (grouped by article), and 第19条.
has_art19 = bool(((report.notes["article_no"] == 19) & report.notes["program_no"].isna()).any())
options = [int(n) for n in progs.sort_values(["article_no", "program_no"])["program_no"]] + ([ART19] if has_art19 else [])
program = widgets.url_choice(st.selectbox, t("pd_program", lang), options, "program", options[0], format_func=program_label)

tab_labels = [t("pd_tab_program", lang), t("pd_tab_search", lang), t("pd_tab_opinions", lang), t("pd_tab_staff", lang)]
if state.get("pdca_tab") not in tab_labels:  # e.g. after a language switch
    state.drop("pdca_tab")
# the open tab is kept in the URL (?pdca_tab=…), and only its content is built
default_tab = tab_labels[1] if state.url_get("q") else tab_labels[0]  # a search link opens the search
tab_prog, tab_search, tab_op, tab_staff = st.tabs(tab_labels, key="pdca_tab", bind="query-params", default=default_tab)
if lang != "ja":
    st.caption(t("original_ja", lang))


def section(container, stage: str, notes: pd.DataFrame) -> None:
    """One PDCA stage as escaped bullets (or a note that nothing was printed)."""
    rows = notes[notes["stage"] == stage]
    with container:
        st.markdown(f"#### {stage_label(stage)}")
        if len(rows):
            safe.notes_blocks(rows)  # a printed table stays a table
        else:
            st.caption(t("pd_no_notes", lang))


with tab_prog:
    if tab_prog.open is not False:  # only the open tab is built
        if program == ART19:
            st.header(t("pd_art19", lang))
            art = report.articles[report.articles["article_no"] == 19].iloc[0]
            safe.html_block(f"<span class='kw-muted'>{safe.esc(art['ordinance_text'])}</span>")
            notes = data.program_notes(p.key, article_no=19)
            section(st.container(), "plan", notes)
            section(st.container(), "do", notes)
            left, right = st.columns(2)
            section(left, "check", notes)
            section(right, "action", notes)
            section(st.container(), "footnote", notes)
            sv.picker([notes, report.procurement], lang, "pd_art19")
        else:
            r = progs[progs["program_no"] == program].iloc[0]
            # Header: article, key flag, page, money.
            safe.html_block(f"<h2 style='margin:0'>{safe.esc(r['program_name'])}</h2>")
            h = st.columns(3)
            h[0].metric(t("pd_header_article", lang), i18n.article_label(r["article_no"], lang),
                        help=safe.md_escape(str(r["article_title"])))
            h[1].metric(t("pd_header_key", lang), t("key_program", lang) if r["is_key"] else t("nonkey_program", lang))
            h[2].metric(t("pd_header_page", lang), "—" if pd.isna(r["page"]) else t("page_n", lang, n=int(r["page"])))
            st.caption(safe.md_escape(r["article_title"]))
            peers_link(r["article_no"], r["program_name"], lang=lang)  # 他都市の類似の取組 (issue 15)
            measures = vocab.KEY_BUDGET_MEASURES if r["is_key"] else vocab.NONKEY_MEASURES
            m = st.columns(len(measures) + 2)
            for col, measure in zip(m, measures):
                tables.money_metric(col, i18n.measure_label(measure, lang, p.fy_style, report_fy=p.report_fy), r[f"{measure}_kyen"], p)
            tables.money_metric(m[len(measures)], t("change", lang), r["change_kyen"], p, signed=True,
                            help=t(f"bu_basis_{r['change_basis']}", lang))
            if r["is_key"]:
                m[len(measures) + 1].metric(kl.column_label("execution_rate_pct", lang), fmt.format_pct(r["execution_rate_pct"]))
            if r["is_scale_outlier"]:
                st.caption(safe.md_escape(scope.reason(r["program_name"], lang)))
            if r["stated_change_differs"]:
                st.warning(f"{i18n.plain_label('stated_change_kyen', lang)}: "
                           f"{fmt.format_money(r['stated_change_kyen'], p.unit, lang, signed=True)} — {t('bu_d01_used', lang)}",
                           icon=":material/warning:")
            for field, key in (("remark", "pd_remark"), ("no_indicator_reason", "pd_no_indicator_reason"),
                               ("no_money_reason", "pd_no_money")):
                if pd.notna(r[field]):
                    safe.html_block(f"<span class='kw-muted'>{safe.esc(t(key, lang))}{safe.esc(r[field])}</span>")
            sv.picker([progs[progs["program_no"] == program], ind[ind["program_no"] == program],
                       data.program_notes(p.key, program_no=int(program))], lang, f"pd_program_{int(program)}")

            # Indicators with status.
            pi = ind[ind["program_no"] == program]
            if r["is_key"]:
                st.subheader(t("pd_indicators", lang))
                if pi.empty:
                    st.caption(t("pd_no_indicators", lang))
                else:
                    table = frames.program_indicators(pi, p)
                    notes = caveats.notes(p, charts.source_note(data.source_title(p.key, lang), pi["page"], lang),
                                          fiscal_years=tuple(sorted(int(y) for y in pi["fiscal_year"].unique())))
                    tables.show_table(table.frame, "pd_indicators", f"indicators_program_{int(program)}", lang, notes=notes, sources=pi,
                                      formats=table.formats, column_config=frames.indicator_config(table, lang))

            # The PDCA text, Check and Action side by side.
            notes = data.program_notes(p.key, program_no=int(program))
            if r["is_key"]:
                section(st.container(), "plan", notes)
                section(st.container(), "main_actions", notes)
                with st.expander(stage_label("do"), expanded=True):
                    rows = notes[notes["stage"] == "do"]
                    if len(rows):
                        safe.notes_blocks(rows)  # the report's side-by-side tables shown as tables
                    else:
                        st.caption(t("pd_no_notes", lang))
                left, right = st.columns(2)
                section(left, "check", notes)
                section(right, "action", notes)
                section(st.container(), "plan_next", notes)
            else:
                st.caption(t("pd_nonkey_caption", lang, **i18n.years(FY, lang)))
                left, right = st.columns(2)
                section(left, "summary_actual", notes)
                section(right, "summary_next", notes)
            if (notes["stage"] == "footnote").any():
                section(st.container(), "footnote", notes)

with tab_search:
    if tab_search.open is not False:  # only the open tab is built
        st.subheader(t("pd_search", lang))
        query = widgets.url_text(t("pd_search_input", lang), "q", placeholder="例：ベンチャー 支援" if lang == "ja" else "e.g. ベンチャー 支援")
        if query:
            hits = data.search(p.key, query)
            st.caption(t("pd_search_hits", lang, n=len(hits))
                       + ("　" + t("pd_search_more", lang, n=SEARCH_LIMIT) if len(hits) > SEARCH_LIMIT else ""))
            for i, h in enumerate(hits.head(SEARCH_LIMIT).itertuples(index=False)):
                if h.kind == "opinion":
                    where = f"{t('pd_kind_opinion', lang)} · {t('pd_group_' + str(h.stage), lang)}"
                else:
                    no = "" if pd.isna(h.program_no) else f"{int(h.program_no)}. {h.program_name} · "
                    where = f"{i18n.article_label(h.article_no, lang)} · {no}{stage_label(str(h.stage))}"
                c1, c2 = st.columns([6, 1])
                with c1:
                    safe.html_block(f"<div class='kw-hit'><span class='kw-muted'>{safe.esc(where)}</span><br>"
                                  f"{safe.highlight_html(h.text, query)}</div>")
                if h.kind == "note" and pd.notna(h.program_no):
                    c2.button(t("open_pdca", lang), key=f"hit_{i}", on_click=open_program, args=(int(h.program_no), tab_labels[0]))

with tab_op:
    if tab_op.open is not False:  # only the open tab is built
        st.subheader(t("pd_opinions", lang))
        ops = report.opinions.sort_values(["opinion_group", "seq"])
        if ops.empty:
            st.caption(t("pd_no_opinions", lang))
        for group, g in ops.groupby("opinion_group", sort=False):
            st.subheader(t(f"pd_group_{group}", lang))
            for o in g.itertuples(index=False):
                left, right = st.columns(2)
                with left:
                    st.markdown(f"**{t('pd_opinion', lang)}**")
                    safe.html_block(safe.esc(o.opinion))
                with right:
                    st.markdown(f"**{t('pd_response', lang)}**")
                    safe.html_block(safe.esc(o.response))
                st.divider()

with tab_staff:
    if tab_staff.open is not False:  # only the open tab is built
        st.subheader(t("pd_staff", lang))
        st.caption(t("pd_staff_caption", lang, fy=p.fy(FY)))
        below = [ks.MISSED.key, ks.NEAR_MISS.key]
        statuses = widgets.url_multi(t("pd_staff_statuses", lang), below, "staff", below,
                                format_func=lambda s: i18n.status_text(s, lang))
        missed = data.missed_targets(p.key, FY, statuses=tuple(statuses))
        frame = frames.needs_attention(missed, lang, with_status_and_notes=True)
        menu.export_menu("pd_staff", "missed_targets_with_check_action", lang, frame=frame.frame, formats=frame.formats,
                       notes=caveats.notes(p, charts.source_note(data.source_title(p.key, lang), missed["page"], lang)))
        # One card per program, worst indicator first: its indicators, then Check | Action.
        for no in dict.fromkeys(missed["program_no"].astype(int)):
            g = missed[missed["program_no"] == no]
            with st.container(border=True):
                lines = "".join(
                    f"<li>{safe.esc(i18n.status_text(s, lang))}　<b>{fmt.format_attainment(a)}</b>　{safe.esc(n)}："
                    f"{safe.esc(kl.column_label('target', lang))} {fmt.format_quantity(tg)}{safe.esc(u)} → {safe.esc(kl.column_label('actual', lang))} {fmt.format_quantity(ac)}{safe.esc(u)}</li>"
                    for s, a, n, tg, ac, u in zip(g["status"], g["attainment_pct"], g["indicator_name"], g["target"], g["actual"], g["unit"]))
                head, button = st.columns([6, 1])
                with head:
                    safe.html_block(f"<b>{safe.esc(program_label(no))}</b><ul>{lines}</ul>")
                button.button(t("open_pdca", lang), key=f"staff_{no}", on_click=open_program, args=(int(no), tab_labels[0]))
                left, right = st.columns(2)
                for col, field in ((left, "check_text"), (right, "action_text")):
                    with col:
                        st.markdown(f"**{kl.column_label(field, lang)}**")
                        text = g[field].iloc[0]
                        if pd.notna(text):
                            safe.html_block(safe.esc(text))
                        else:
                            st.caption(t("pd_no_notes", lang))
