"""PDCA: one program's Plan / main actions / Do / Check / Action / next plan with its indicators and money;
full-text search over every note; the council's cross-cutting opinions; and the staff view of missed
targets with the council's check and the city's action side by side. Data text is shown escaped."""

from types import SimpleNamespace

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import scope
from kpi import status as ks
from kpi import vocab
from ui import caveats, charts, data, frames, i18n
from ui import menu, safe, state, tables, views, widgets
from ui import source_view as sv
from ui.i18n import t
from ui.peers_link import peers_link

ART19 = "a19"  # the selector's entry for 第19条's own notes (it has no programs)
SEARCH_LIMIT = 60

# Load inputs.
p = state.prefs()
FY = p.report_fy  # the shown report's own fiscal year
lang = p.lang

st.title(t("pd_title", lang))


def stage_label(stage: str) -> str:
    return kl.stage_label(stage, FY, lang, p.fy)


def selector(p) -> tuple[list, dict]:
    """The program selector's options (all programs in report order, grouped by article, and 第19条
    when the report has its own notes) and their labels; built once per (data, prefs)."""
    progs = data.programs(p.key)
    notes = data.report(p.key).notes
    key_mark = f" ★{t('key_mark', p.lang)}"
    labels = {int(no): f"{i18n.article_label(a, p.lang)}｜{int(no)}. {name}" + (key_mark if key else "")
              for no, a, name, key in zip(progs["program_no"].tolist(), progs["article_no"].tolist(),
                                          progs["program_name"].tolist(), progs["is_key"].tolist())}
    options = [int(n) for n in progs.sort_values(["article_no", "program_no"])["program_no"].tolist()]
    if bool(((notes["article_no"] == 19) & notes["program_no"].isna()).any()):
        options.append(ART19)
    labels[ART19] = t("pd_art19", p.lang)
    return options, labels


options, _labels = views.kept(selector, (), p)


def program_label(no) -> str:
    return _labels[no if no == ART19 else int(no)]


def open_program(no: int, tab: str) -> None:
    """Callback of a search hit's button: show that program's tab (runs before the widgets are drawn)."""
    state.put("program", no)
    state.put("pdca_tab", tab)


# Program selector: all 65 programs in report order (grouped by article), and 第19条.
program = widgets.url_choice(st.selectbox, t("pd_program", lang), options, "program", options[0], format_func=_labels.__getitem__)

tab_labels = [t("pd_tab_program", lang), t("pd_tab_search", lang), t("pd_tab_opinions", lang), t("pd_tab_staff", lang)]
if state.get("pdca_tab") not in tab_labels:  # e.g. after a language switch
    state.drop("pdca_tab")
# the open tab is kept in the URL (?pdca_tab=…), and only its content is built
default_tab = tab_labels[1] if state.url_get("q") else tab_labels[0]  # a search link opens the search
tab_prog, tab_search, tab_op, tab_staff = st.tabs(tab_labels, key="pdca_tab", bind="query-params", default=default_tab)
if lang != "ja":
    st.caption(t("original_ja", lang))


def stage_blocks(p, notes: pd.DataFrame, stages) -> dict:
    """Each stage's heading and its notes as inert HTML (None when nothing was printed)."""
    out = {}
    for stage in stages:
        rows = notes[notes["stage"] == stage]
        out[stage] = (f"#### {kl.stage_label(stage, p.report_fy, p.lang, p.fy)}", safe.notes_html(rows) if len(rows) else None)
    return out


def stage_body(html: str | None) -> None:
    """A stage's notes as escaped bullets (a printed table stays a table), or a note that nothing was printed."""
    if html is not None:
        safe.html_block(html)
    else:
        st.caption(t("pd_no_notes", lang))


def section(block: tuple, container=None) -> None:
    """One PDCA stage: its heading and its notes (in `container`, e.g. a column)."""
    heading, html = block
    (container or st).markdown(heading)
    if container is None:
        stage_body(html)
    else:
        with container:
            stage_body(html)


def article19_view(p) -> SimpleNamespace:
    """第19条's own PDCA: its ordinance text and notes as inert HTML, and the source picker's rows."""
    r = data.report(p.key)
    art = r.articles[r.articles["article_no"] == 19]
    notes = data.program_notes(p.key, article_no=19)
    return SimpleNamespace(
        text_html=f"<span class='kw-muted'>{safe.esc(art['ordinance_text'].tolist()[0])}</span>" if len(art) else None,
        blocks=stage_blocks(p, notes, ("plan", "do", "check", "action", "footnote")),
        sources=[notes, r.procurement])


def program_view(p, no: int) -> SimpleNamespace:
    """Everything the program tab shows of program `no`, built once per (data, prefs, program): the
    header, money, remarks and PDCA texts as inert HTML/markdown, the indicator table with its export
    caveats, and the rows behind the source picker. The row is read once as plain values."""
    lang = p.lang
    progs = data.programs(p.key)
    row = progs[progs["program_no"] == no]
    r = {c: v[0] for c, v in row.to_dict("list").items()}
    pi = data.indicators(p.key)
    pi = pi[pi["program_no"] == no]
    notes = data.program_notes(p.key, program_no=no)
    page = "—" if pd.isna(r["page"]) else t("page_n", lang, n=int(r["page"]))
    kind = t("key_program", lang) if r["is_key"] else t("nonkey_program", lang)
    head = (f"<h2 style='margin:0'>{safe.esc(r['program_name'])}</h2>"
            f"<span class='kw-muted'>{safe.esc(i18n.article_label(r['article_no'], lang))} {safe.esc(r['article_title'])}"
            f"　·　{safe.esc(kind)}　·　{safe.esc(t('pd_header_page', lang))} {safe.esc(page)}</span>")
    measures = vocab.KEY_BUDGET_MEASURES if r["is_key"] else vocab.NONKEY_MEASURES
    money = [(i18n.measure_label(m, lang, p.fy_style, report_fy=p.report_fy), r[f"{m}_kyen"], False, None) for m in measures]
    money.append((t("change", lang), r["change_kyen"], True, t(f"bu_basis_{r['change_basis']}", lang)))
    rate = (kl.column_label("execution_rate_pct", lang), fmt.format_pct(r["execution_rate_pct"])) if r["is_key"] else None
    warning = (f"{i18n.plain_label('stated_change_kyen', lang)}: "
               f"{fmt.format_money(r['stated_change_kyen'], p.unit, lang, signed=True)} — {t('bu_d01_used', lang)}"
               if r["stated_change_differs"] else None)
    remarks = "<br>".join(f"<span class='kw-muted'>{safe.esc(t(key, lang))}{safe.esc(r[field])}</span>"
                          for field, key in (("remark", "pd_remark"), ("no_indicator_reason", "pd_no_indicator_reason"),
                                             ("no_money_reason", "pd_no_money")) if pd.notna(r[field]))
    table = config = caveat = None
    if r["is_key"] and not pi.empty:
        table = frames.program_indicators(pi, p)
        config = frames.indicator_config(table, lang)
        caveat = caveats.notes(p, charts.source_note(data.source_title(p.key, lang), pi["page"].tolist(), lang),
                               fiscal_years=tuple(sorted(int(y) for y in pi["fiscal_year"].unique())))
    stages = ("plan", "main_actions", "do", "check", "action", "plan_next") if r["is_key"] else ("summary_actual", "summary_next")
    if (notes["stage"] == "footnote").any():
        stages += ("footnote",)
    return SimpleNamespace(
        no=no, is_key=bool(r["is_key"]), name=str(r["program_name"]), article_no=int(r["article_no"]), head=head,
        money=money, rate=rate, warning=warning, remarks=remarks or None,
        outlier=safe.md_escape(scope.reason(r["program_name"], lang)) if r["is_scale_outlier"] else None,
        indicators=pi, table=table, config=config, caveats=caveat, blocks=stage_blocks(p, notes, stages),
        sources=[row, pi, notes])


with tab_prog:
    if tab_prog.open is not False:  # only the open tab is built
        if program == ART19:
            v = views.kept(article19_view, (), p)
            st.header(t("pd_art19", lang))
            if v.text_html:
                safe.html_block(v.text_html)
            section(v.blocks["plan"])
            section(v.blocks["do"])
            left, right = st.columns(2)
            section(v.blocks["check"], left)
            section(v.blocks["action"], right)
            section(v.blocks["footnote"])
            sv.picker(v.sources, lang, "pd_art19", options=())
        else:
            v = views.kept(program_view, (int(program),), p, int(program))
            # First screen: the program, its indicators and its Plan / Do / Check / Action.
            safe.html_block(v.head)
            peers_link(v.article_no, v.name, lang=lang)  # 他都市の類似の取組 (issue 15)
            # Money, remarks and the source of every value: built only when opened (?pd_more=true).
            more = st.expander(t("pd_more", lang), key="pd_more", bind="query-params", icon=":material/payments:")
            with more:
                if more.open:
                    m = st.columns(len(v.money) + (1 if v.rate else 0))
                    for col, (label, value, signed, help_) in zip(m, v.money):
                        tables.money_metric(col, label, value, p, signed=signed, help=help_)
                    if v.rate:
                        m[-1].metric(*v.rate)
                    if v.outlier:
                        st.caption(v.outlier)
                    if v.warning:
                        st.warning(v.warning, icon=":material/warning:")
                    if v.remarks:
                        safe.html_block(v.remarks)
                    sv.picker(v.sources, lang, f"pd_program_{v.no}", options=(v.no,))
            if not more.open:
                sv.restore(lang)  # a link naming a value (?src=…) opens its source view all the same
            if v.is_key:
                st.subheader(t("pd_indicators", lang))
                if v.table is None:
                    st.caption(t("pd_no_indicators", lang))
                else:
                    tables.show_table(v.table, "pd_indicators", f"indicators_program_{v.no}", lang, notes=v.caveats,
                                      sources=v.indicators, column_config=v.config)
                section(v.blocks["plan"])
                section(v.blocks["main_actions"])
                with st.expander(stage_label("do"), expanded=True):
                    stage_body(v.blocks["do"][1])  # the report's side-by-side tables shown as tables
                left, right = st.columns(2)
                section(v.blocks["check"], left)
                section(v.blocks["action"], right)
                section(v.blocks["plan_next"])
            else:
                st.caption(t("pd_nonkey_caption", lang, **i18n.years(FY, lang)))
                left, right = st.columns(2)
                section(v.blocks["summary_actual"], left)
                section(v.blocks["summary_next"], right)
            if "footnote" in v.blocks:
                section(v.blocks["footnote"])

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
        ops = data.report(p.key).opinions.sort_values(["opinion_group", "seq"])
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
