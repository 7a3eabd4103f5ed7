"""Streamlit building blocks shared by the pages: view state in the URL, safe text, charts and
tables with their export menu, and the page's slide deck.

View state lives in the URL: each widget made here is seeded from its query parameter (validated
against its options) and writes its value back (removed when it equals the default), so a copied
link reproduces the view. Data text is only ever shown escaped: HTML through `html.escape`, markdown
labels through `md_escape`; nothing from the data is rendered as markup or as a live link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import notes as knotes
from ui import export, i18n
from ui.i18n import t

# URL parameters of the app shell (sidebar), kept on every page.
GLOBAL_PARAMS = {"lang": i18n.DEFAULT_LANG, "unit": i18n.DEFAULT_UNIT, "fy": i18n.DEFAULT_FY_STYLE}
PDCA_PAGE = "pages/4_page_pdca.py"


# --------------------------------------------------------------------------- presenter options
@dataclass(frozen=True)
class Prefs:
    lang: str = i18n.DEFAULT_LANG
    unit: str = i18n.DEFAULT_UNIT
    fy_style: str = i18n.DEFAULT_FY_STYLE
    report_fy: int = 2016  # the shown report's fiscal year; prefs() sets it from the loaded data

    def fy(self, year: int) -> str:
        return i18n.fy_text(year, self.lang, self.fy_style)


def prefs() -> Prefs:
    """The sidebar's language, money unit and fiscal-year style for this run (defaults if unset)."""
    ss = st.session_state
    lang = ss.get("lang") if ss.get("lang") in i18n.LANGS else i18n.DEFAULT_LANG
    unit = ss.get("unit") if ss.get("unit") in i18n.MONEY_UNITS else i18n.DEFAULT_UNIT
    fy = ss.get("fy") if ss.get("fy") in i18n.FY_STYLES else i18n.DEFAULT_FY_STYLE
    from ui import data  # the report is loaded (and cached) before any page draws

    return Prefs(lang, unit, fy, data.report_fy())


def global_params() -> dict[str, str]:
    """The non-default sidebar settings as query parameters (to carry into links to other pages),
    with the chosen report when several are loaded."""
    p = prefs()
    values = {"lang": p.lang, "unit": p.unit, "fy": p.fy_style}
    out = {k: v for k, v in values.items() if v != GLOBAL_PARAMS[k]}
    from ui import data

    if len(data.report_keys()) > 1:
        out[data.REPORT_PARAM] = data.key_param(data.selected_key())
    return out


def report_selector(lang: str) -> None:
    """The sidebar's report choice (市区町村 and 年度), kept in ?report=川崎市-2017; only drawn when more
    than one report is loaded. The pages read the choice through ui.data.selected_key()."""
    from ui import data

    keys = data.report_keys()
    if len(keys) < 2:
        return
    style = st.session_state.get("fy") if st.session_state.get("fy") in i18n.FY_STYLES else i18n.DEFAULT_FY_STYLE

    def label(param: str) -> str:
        city, fy = data.parse_key_param(param)
        return f"{city} {i18n.fy_text(fy, lang, style)}"

    url_choice(st.selectbox, t("sidebar_report", lang), [data.key_param(k) for k in keys], data.REPORT_PARAM,
               data.key_param(data.default_key()), format_func=label)


def pdca_link_params(program_no: int) -> dict[str, str]:
    return {"program": str(int(program_no)), **global_params()}


# --------------------------------------------------------------------------- URL-backed widgets
def _url_value(key: str) -> str | None:
    v = st.query_params.get(key)
    return None if v is None else str(v)


def _sync_url(key: str, value: str | list[str] | None) -> None:
    """Write `value` to the query string (None removes the parameter); only when it changed."""
    if value is None or value == [] or value == "":
        if key in st.query_params:
            del st.query_params[key]
        return
    current = st.query_params.get_all(key)
    wanted = value if isinstance(value, list) else [value]
    if current != wanted:
        st.query_params[key] = value


def _resend_if_relabelled(key: str, options: Sequence, format_func: Callable[[Any], str]) -> None:
    """Streamlit keeps a choice widget's value in the browser as its option *label*: after a language
    switch relabels the options, the browser's old label matches none of them and the widget shows
    nothing selected. Writing the unchanged value back makes Streamlit send it with the new labels."""
    labels = tuple(str(format_func(o)) for o in options)
    mark = f"_labels_{key}"
    before = st.session_state.get(mark)
    st.session_state[mark] = labels
    if before is not None and before != labels and key in st.session_state:
        st.session_state[key] = st.session_state[key]


def url_choice(widget: Callable, label: str, options: Sequence, key: str, default: Any,
               format_func: Callable[[Any], str] = str, **kwargs) -> Any:
    """A single-choice widget (st.radio, st.selectbox, st.segmented_control) bound to ?key=<option>."""
    by_text = {str(o): o for o in options}
    if st.session_state.get(key) not in options:
        st.session_state[key] = by_text.get(_url_value(key) or "", default)
    _resend_if_relabelled(key, options, format_func)
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    _sync_url(key, None if value == default else str(value))
    return value


def url_multi(label: str, options: Sequence, key: str, default: Sequence, format_func: Callable[[Any], str] = str,
              **kwargs) -> list:
    """st.multiselect bound to ?key=a&key=b (absent when the selection equals the default)."""
    by_text = {str(o): o for o in options}
    if key not in st.session_state or any(v not in options for v in st.session_state[key]):
        raw = st.query_params.get_all(key)
        chosen = [by_text[r] for r in raw if r in by_text]
        st.session_state[key] = chosen if chosen or raw == ["none"] else list(default)
    _resend_if_relabelled(key, options, format_func)
    kwargs.setdefault("placeholder", t("choose_options", prefs().lang))  # not Streamlit's English "Choose options"
    value = st.multiselect(label, options, key=key, format_func=format_func, **kwargs)
    _sync_url(key, None if list(value) == list(default) else ([str(v) for v in value] or ["none"]))
    return value


def url_toggle(label: str, key: str, default: bool = False, **kwargs) -> bool:
    """st.toggle bound to ?key=1 / ?key=0."""
    if key not in st.session_state:
        raw = _url_value(key)
        st.session_state[key] = {"1": True, "0": False}.get(raw or "", default)
    value = st.toggle(label, key=key, **kwargs)
    _sync_url(key, None if value == default else ("1" if value else "0"))
    return value


def url_text(label: str, key: str, **kwargs) -> str:
    """st.text_input bound to ?key=text."""
    if key not in st.session_state:
        st.session_state[key] = (_url_value(key) or "")[:200]
    value = st.text_input(label, key=key, **kwargs)
    _sync_url(key, value.strip() or None)
    return value.strip()


# --------------------------------------------------------------------------- safe text
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=&^\"'])")


_AUTOLINK_COLON = re.compile(r":(?=//)")  # https://… (GFM autolinks a bare URL even when escaped)
_AUTOLINK_WWW = re.compile(r"(?i)\b(www)\.")  # www.…


def md_escape(text: Any) -> str:
    """Text made inert for Streamlit markdown (labels, headings): every markdown/directive character is
    backslash-escaped and newlines become spaces, so no link, HTML, math or colour directive survives.
    Bare URLs and e-mail addresses, which GFM turns into links whatever the escaping, are broken with
    their full-width look-alikes (https：//, www．, ＠): still readable, never a link."""
    text = _AUTOLINK_WWW.sub("\\1．", _AUTOLINK_COLON.sub("：", str(text))).replace("@", "＠")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def esc(text: Any) -> str:
    """HTML-escaped text with line breaks kept."""
    return html.escape(str(text), quote=True).replace("\n", "<br>")


def highlight_html(text: str, query: str) -> str:
    """`text` with every match of `query` in <mark>, built only from escaped pieces."""
    return "".join(f"<mark>{esc(p)}</mark>" if hit else esc(p) for p, hit in knotes.segments(str(text), query))


_CSS = """<style>
.kw-block{font-size:0.95rem;line-height:1.65;margin:0 0 .3rem 0}
.kw-block ul{margin:0 0 0 1.1rem;padding:0}
.kw-block li{margin:0 0 .25rem 0}
.kw-block mark{background:#FFE08A;padding:0 1px}
.kw-muted{color:#666;font-size:.85rem}
.kw-hit{border-left:3px solid #0072B2;padding:.2rem .6rem;margin:.4rem 0}
.kw-block p{margin:.1rem 0}
.kw-table{border-collapse:collapse;margin:.3rem 0 .5rem 0;font-size:.9rem}
.kw-table td{border:1px solid #ccc;padding:.15rem .45rem;vertical-align:top}
.kw-table tr:nth-child(odd) td{background:#fafafa}
</style>"""


def html_block(inner_html: str) -> None:
    """Show HTML that was built only from `esc`/`highlight_html` pieces (never raw data)."""
    st.html(f"{_CSS}<div class='kw-block'>{inner_html}</div>")


def layout_html(layout: str) -> str:
    """A Do block kept with its printed table (kpi.schema `layout`): table rows as an HTML table,
    other lines as paragraphs; every cell escaped."""
    out, rows = [], []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>" for r in rows)
            out.append(f"<table class='kw-table'>{body}</table>")
            rows.clear()

    for line in str(layout).split("\n"):
        if line.startswith("\t"):
            rows.append(line[1:].split("\t"))
        else:
            flush()
            out.append(f"<p>{esc(line)}</p>")
    flush()
    return "".join(out)


def notes_blocks(notes: pd.DataFrame) -> None:
    """Notes as bullets, a note with a printed table (its `layout`) shown as that table."""
    items = []
    for text, layout in zip(notes["text"].astype(str), notes["layout"] if "layout" in notes.columns else [None] * len(notes)):
        has = isinstance(layout, str) and bool(layout)
        items.append(f"<li style='list-style:none'>{layout_html(layout)}</li>" if has else f"<li>{esc(text)}</li>")
    html_block(f"<ul>{''.join(items)}</ul>")


def text_list(texts: Sequence[str], query: str = "") -> None:
    """Bullets of data text, escaped (matches of `query` highlighted)."""
    items = "".join(f"<li>{highlight_html(x, query) if query else esc(x)}</li>" for x in texts)
    html_block(f"<ul>{items}</ul>")


# --------------------------------------------------------------------------- export
@dataclass
class ChartItem:
    """A chart shown on the page, kept for the page's slide deck."""

    title: str
    figure: go.Figure
    footnote: str
    alt_text: str
    data: pd.DataFrame | None = None
    notes: export.Notes | None = None


@dataclass
class PageDeck:
    """The charts a page shows in this run, in order (a plain local object, not session state)."""

    title: str
    items: list[ChartItem] = field(default_factory=list)


def export_menu(key: str, filename: str, lang: str, figure: go.Figure | None = None,
                frame: pd.DataFrame | None = None, sheet: str = "data", notes: export.Notes | None = None,
                sources: pd.DataFrame | None = None) -> None:
    """One menu for every chart and table: PNG/SVG/PDF of the figure, CSV/XLSX of exactly the frame shown,
    with the screen's caveats (`notes`, see ui.caveats) as trailing CSV columns and an XLSX notes sheet;
    with `sources`, also CSV/XLSX that cite each value's page and line (ui.source_view).
    Files are generated when a button is clicked (deferred download), never on a rerun."""
    with st.popover(t("export", lang), icon=":material/download:", key=f"{key}_menu"):
        if figure is not None:
            status = export.export_status()
            st.caption(t("export_image", lang))
            with st.container(horizontal=True):
                for fmt_, mime in (("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf")):
                    st.download_button(fmt_.upper(), data=(lambda f=fmt_: export.figure_bytes(figure, f)),
                                       file_name=f"{filename}.{fmt_}", mime=mime, key=f"{key}_{fmt_}",
                                       disabled=not status.available, on_click="ignore")
            if not status.available:
                st.caption(status.message)
        if frame is not None:
            st.caption(t("export_data", lang))
            with st.container(horizontal=True):
                st.download_button("CSV", data=lambda: export.csv_bytes(frame, notes), file_name=f"{filename}.csv",
                                   mime="text/csv", key=f"{key}_csv", on_click="ignore",
                                   help=t("export_csv", lang) + ("　" + t("csv_notes_help", lang) if notes else ""))
                st.download_button("XLSX", data=lambda: export.xlsx_bytes(frame, sheet_name=sheet[:31], notes=notes),
                                   file_name=f"{filename}.xlsx", key=f"{key}_xlsx", on_click="ignore",
                                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                   help=t("export_xlsx", lang))
            if sources is not None:  # the kpi rows behind `frame`, row-aligned: files that cite page and line
                from ui import source_view

                source_view.export_buttons(key, filename, lang, frame, sources, sheet)


def show_chart(fig: go.Figure, key: str, filename: str, lang: str, deck: PageDeck | None = None,
               frame: pd.DataFrame | None = None, alt_text: str = "", footnote: str = "",
               notes: export.Notes | None = None) -> None:
    """A Plotly chart (explicit template, not Streamlit's theme) with its export menu; added to the deck."""
    st.plotly_chart(fig, key=key, theme=None, config=export.plotly_config(filename), alt=alt_text or None)
    export_menu(key, filename, lang, figure=fig, frame=frame, notes=notes)
    if deck is not None:
        title = fig.layout.title.text or filename
        deck.items.append(ChartItem(title, fig, footnote, alt_text or title, frame, notes))


def show_table(frame: pd.DataFrame, key: str, filename: str, lang: str, notes: export.Notes | None = None,
               sources: pd.DataFrame | None = None, **kwargs):
    """st.dataframe of `frame` (already labelled for display) with CSV/XLSX of exactly that frame."""
    kwargs.setdefault("placeholder", "—")
    event = st.dataframe(frame, key=key, hide_index=True, **kwargs)
    export_menu(key, filename, lang, frame=frame, notes=notes, sources=sources)
    return event


def static_table(frame: pd.DataFrame, key: str, filename: str, lang: str, notes: export.Notes | None = None,
                 sources: pd.DataFrame | None = None) -> None:
    """A small table whose long texts wrap (st.table), every cell markdown-escaped so data text stays
    inert, with CSV/XLSX of the unescaped frame."""
    shown = frame.copy()
    for c in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[c].dtype):
            shown[c] = ["" if v is None or (isinstance(v, float) and pd.isna(v)) else md_escape(v) for v in shown[c]]
    shown.columns = [md_escape(c) for c in shown.columns]
    st.table(shown, hide_index=True, border="horizontal")
    export_menu(key, filename, lang, frame=frame, notes=notes, sources=sources)


def deck_button(deck: PageDeck, lang: str, subtitle: str, key: str = "deck") -> None:
    """'This page's charts as .pptx': built on click with a progress bar, then offered for download."""
    st.divider()
    st.caption(t("deck_title", lang))
    if not deck.items:
        st.caption(t("deck_none", lang))
        return
    positions = list(range(len(deck.items)))
    chosen = st.multiselect(t("deck_pick", lang), positions, default=positions, placeholder=t("choose_options", lang), key=f"{key}_pick" + ("" if lang == "ja" else f"_{lang}"),  # a new widget per language: its labels follow
                            format_func=lambda i: f"{i + 1}. {deck.items[i].title}")
    if not st.button(t("deck_build", lang), key=key, icon=":material/slideshow:", disabled=not chosen):
        return
    bar = st.progress(0.0, text=t("deck_progress", lang))
    slides = [export.SlideSpec(title=i.title, figure=i.figure, footnote=_plain_footnote(i.footnote), alt_text=i.alt_text,
                               data=i.data, notes=i.notes)
              for i in (deck.items[k] for k in sorted(chosen))]
    try:
        data = export.deck_bytes(slides, title=deck.title, subtitle=subtitle,
                                 progress=lambda f: bar.progress(min(max(float(f), 0.0), 1.0), text=t("deck_progress", lang)))
    except Exception as exc:  # ExportError carries a user-facing message; anything else is shown the same way
        bar.empty()
        st.error(t("deck_failed", lang, msg=md_escape(str(exc))))
        return
    bar.progress(1.0, text=t("deck_done", lang, n=len(slides)))
    st.download_button(t("deck_download", lang), data=data, file_name=f"{key}.pptx", key=f"{key}_dl",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       on_click="ignore", type="primary", icon=":material/download:")


def _plain_footnote(text: str) -> str:
    """A chart footnote (Plotly text, escaped) as a slide's plain text."""
    return html.unescape(re.sub(r"<br\s*/?>", "\n", str(text)))


# --------------------------------------------------------------------------- tables
def money_metric(container, label: str, value_kyen, p: Prefs, signed: bool = False, help: str | None = None) -> None:
    """st.metric of an amount: '5,051,540千円' in Japanese; in English the unit goes into the label
    ('FY2016 budget (thousand yen)' / '5,051,540') so the value is not cut off."""
    if p.lang == "ja":
        container.metric(label, fmt.format_money(value_kyen, p.unit, "ja", signed=signed), help=help)
    else:
        text = fmt.format_money(value_kyen, p.unit, "en", signed=signed).removesuffix(" " + fmt.MONEY_UNITS_EN[p.unit])
        container.metric(f"{label}{i18n.unit_suffix(p.unit, 'en')}", text, help=help)


def missed_targets_frame(missed: pd.DataFrame, lang: str, with_status_and_notes: bool = False) -> pd.DataFrame:
    """kpi.metrics.missed_targets rows labelled for display and export; optionally with the status
    text and the council's Check and the city's Action side by side."""
    cols = {
        kl.column_label("program_no", lang): missed["program_no"].astype(int),
        kl.column_label("program_name", lang): missed["program_name"],
        kl.column_label("indicator_name", lang): missed["indicator_name"],
        kl.column_label("target", lang): quantities(missed["target"]), kl.column_label("actual", lang): quantities(missed["actual"]),
        kl.column_label("unit", lang): missed["unit"],
        kl.column_label("attainment_pct", lang): pd.array([fmt.attainment_value(v) for v in missed["attainment_pct"]], dtype="Float64"),
    }
    if with_status_and_notes:
        cols[kl.column_label("status_label", lang)] = [i18n.status_text(s, lang) for s in missed["status"]]
        cols[kl.column_label("check_text", lang)] = missed["check_text"]
        cols[kl.column_label("action_text", lang)] = missed["action_text"]
    return pd.DataFrame(cols)


def quantities(values) -> pd.Series:
    """Targets/actuals as shown (kpi.fmt.quantity_value): Int64 when all whole, so 20 never prints as 20.0."""
    vals = [fmt.quantity_value(v) for v in values]
    dtype = "Int64" if all(v is None or isinstance(v, int) for v in vals) else "Float64"
    return pd.Series(pd.array(vals, dtype=dtype), index=getattr(values, "index", None))


def attainments(values) -> pd.Series:
    """Attainment rates as shown (kpi.fmt.attainment_value: rounded down)."""
    return pd.Series(pd.array([fmt.attainment_value(v) for v in values], dtype="Float64"), index=getattr(values, "index", None))


def money_frame(frame: pd.DataFrame, cols: Sequence[str], p: Prefs) -> pd.DataFrame:
    """Money columns (千円) converted to the chosen unit, rounded as displayed, and renamed to their
    labels (display only; the export gets exactly these values)."""
    out = {}
    for c in cols:
        out[i18n.money_column_label(c, p.lang, p.fy_style, p.unit, report_fy=p.report_fy)] = pd.array(
            [fmt.money_value(None if pd.isna(v) else v, p.unit) for v in frame[c]], dtype="Float64")
    return pd.DataFrame(out, index=frame.index)


def money_column_config(labels: Sequence[str]) -> dict:
    """Locale-formatted number columns (thousands separators) for money labels."""
    return {lab: st.column_config.NumberColumn(lab, format="localized") for lab in labels}
