"""The source view: any value's page, printed text, value as read, correction or discrepancy, and the
surrounding lines of the shipped report text with the value's line highlighted, in a dialog.

Linkable: the open value is kept in the URL (?src=money:1:settlement, see kpi.provenance for the
references), so a copied link reopens it. `picker(rows, lang, key)` is the one call a page makes below
a table: a searchable choice of the table's values that opens the dialog. Exports: `export_buttons`
adds CSV/XLSX with each row's source pages and lines and a sheet of every value's source.
Everything from the data is shown escaped (ui.safe.esc / html_block); nothing becomes a link. The URL and
the picker's session value are read and written through ui.state.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Hashable, Sequence
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from kpi import provenance as pv
from ui import data, i18n, run, state, views
from ui.safe import esc, highlight_html, html_block, md_escape
from ui.i18n import t

PARAM = "src"  # URL parameter of the open source view
REPORT_PAGE = "app_pages/8_page_report.py"
LABEL_MAX = 70

_CSS = """<style>
.kw-src table{border-collapse:collapse;margin:0 0 .6rem 0}
.kw-src th{text-align:left;font-weight:600;padding:.15rem .8rem .15rem 0;color:#444;white-space:nowrap;vertical-align:top}
.kw-src td{padding:.15rem 0;vertical-align:top}
.kw-lines{font-family:"Noto Sans Mono CJK JP","Noto Sans CJK JP",monospace;font-size:.85rem;line-height:1.5;
 border:1px solid #ddd;border-radius:4px;padding:.3rem 0;overflow-x:auto}
.kw-l{white-space:pre-wrap;padding:0 .6rem;display:flex;gap:.8rem}
.kw-l .kw-ln{color:#888;min-width:3.2rem;text-align:right;flex:none;user-select:none}
.kw-cur{background:#FFF3C4;border-left:4px solid #D55E00;padding-left:calc(.6rem - 4px)}
.kw-lines mark{background:#FFD34D;padding:0 1px}
</style>"""


# --------------------------------------------------------------------------- cached text and records
def shown_report():
    """The report the sidebar shows (ui.state.selected_key)."""
    return data.report(state.selected_key())


@st.cache_resource(show_spinner=False, max_entries=8)
def _text(key, sel) -> tuple[pv.ReportText | None, pd.DataFrame | None, pd.DataFrame | None]:
    r = data.report(sel)
    text = pv.read_text(r)
    if text is None:
        return None, None, None
    spans = pv.sections(r, text)
    return text, spans, pv.lines_frame(text, spans)


def report_text() -> tuple[pv.ReportText | None, pd.DataFrame | None, pd.DataFrame | None]:
    """The shown report's text, its sections (spans) and its lines frame; (None, None, None) without text."""
    return _text(data.files_key(), state.selected_key())


@st.cache_resource(show_spinner=False, max_entries=8)
def _index(key, sel) -> dict[str, dict]:
    return pv.bases(data.report(sel))


def index() -> dict[str, dict]:
    """kpi.provenance.bases of the shown report, built once and shared."""
    return _index(data.files_key(), state.selected_key())


@st.cache_resource(show_spinner=False, max_entries=64)
def _records(key, sel, refs: tuple[str, ...]) -> dict[str, pv.SourceRecord]:
    r = data.report(sel)
    spans, ix = report_text()[1], index()
    out = {}
    for ref in refs:
        try:
            out[ref] = pv.record(r, ref, None, spans, index=ix)
        except pv.UnknownRef:
            pass
    return out


def records(refs: Sequence[str]) -> dict[str, pv.SourceRecord]:
    """Records (without the file's lines) of `refs`, built once per report and shared."""
    return _records(data.files_key(), state.selected_key(), tuple(refs))


def full_record(ref: str) -> pv.SourceRecord | None:
    """The record of `ref` with its line and surrounding lines read from the shipped text; None if unknown."""
    text, spans, _ = report_text()
    try:
        return pv.record(shown_report(), ref, text, spans, index=index())
    except pv.UnknownRef:
        return None


# --------------------------------------------------------------------------- words
def field_label(rec: pv.SourceRecord, lang: str, p: state.Prefs | None = None) -> str:
    """What the value is, in the UI language: '平成28年度決算(見込)', '実績 平成28年度', '回答率' …
    (`p`: this run's prefs, read when not given)."""
    p = p or state.prefs()
    f = rec.field
    if rec.kind == "money":
        if f in kl.MEASURE_PARTS:
            return i18n.measure_label(f, lang, p.fy_style, report_fy=p.report_fy)
        return kl.label(kl.MONEY_MEASURES, f, lang)
    if rec.kind == "note":
        return kl.stage_label(f, p.report_fy, lang, p.fy) if f in kl.STAGES else f
    if rec.kind == "ctx":
        return t("cx_value", lang)
    if rec.kind == "disc":  # the build check the discrepancy belongs to
        return kl.label(kl.CHECK_KINDS, f, lang)
    key = f"src_field_{f}"
    text = t(key, lang) if key in i18n.STRINGS else f
    return f"{text} {p.fy(rec.fiscal_year)}" if rec.fiscal_year is not None else text


def subject_text(rec: pv.SourceRecord, lang: str) -> str:
    """The subject as data text, with procurement classes and categories in the UI language."""
    if rec.kind == "proc":
        _, firm, cat = rec.subject.split(" ")
        return f"第19条 {kl.label(kl.FIRM_CLASSES, firm, lang)} {kl.label(kl.CATEGORIES, cat, lang)}"
    if rec.kind in ("corr", "disc"):  # register scopes name measures by their field names
        return kl.register_text(rec.subject, lang)
    if rec.kind == "opinion":
        return t(f"pd_group_{rec.subject}", lang) if f"pd_group_{rec.subject}" in i18n.STRINGS else rec.subject
    return rec.subject


def value_text(rec: pv.SourceRecord, lang: str) -> str:
    """The value as read, in the report's own unit ('9,676千円', '130,000人', '10.3%')."""
    v = rec.value
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    if rec.unit == "千円":
        return fmt.format_money(v, "千円", lang)
    return f"{fmt.format_quantity(v)}{rec.unit or ''}"  # as read: the quantity rule (2.25 stays 2.25, 20 never 20.0)


def option_label(rec: pv.SourceRecord | None, lang: str, p: state.Prefs | None = None) -> str:
    if rec is None:
        return ""
    shown = rec.printed if rec.printed else value_text(rec, lang)
    text = f"{subject_text(rec, lang)} · {field_label(rec, lang, p)}：{shown}"
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def link(ref: str) -> str:
    """The URL that reopens `ref` on the current page, with the page's own view (filters, program)."""
    params = [(k, v) for k, v in state.url_items() if k != PARAM] + [(PARAM, ref)]
    try:
        base = st.context.url or ""
    except Exception:  # no browser session (bare runs, AppTest)
        base = ""
    return base + "?" + urlencode(params, safe=":/")


# --------------------------------------------------------------------------- drawing
def lines_html(lines: Sequence[tuple[int, str]], current: int | None, printed: str | None = None,
               query: str = "") -> str:
    """Numbered lines, escaped; the `current` line highlighted and `printed` marked on it (or every
    match of `query` on every line)."""
    out = []
    for no, text in lines:
        if query:
            body = highlight_html(text, query)
        elif no == current and printed and printed in text:
            a, _, b = text.partition(printed)
            body = f"{esc(a)}<mark>{esc(printed)}</mark>{esc(b)}"
        else:
            body = esc(text) if text else "&nbsp;"
        cls = "kw-l kw-cur" if no == current else "kw-l"
        out.append(f"<div class='{cls}' id='L{int(no)}'><span class='kw-ln'>{int(no)}</span><span>{body}</span></div>")
    return f"{_CSS}<div class='kw-lines'>{''.join(out)}</div>"


def _fact_rows(rec: pv.SourceRecord, lang: str, text: pv.ReportText | None) -> str:
    rows = [(t("src_col_subject", lang), subject_text(rec, lang)), (t("src_col_field", lang), field_label(rec, lang)),
            (t("src_page", lang), "—" if rec.page is None else t("page_n", lang, n=rec.page)),
            (t("src_line", lang), "—" if rec.source_line is None else str(rec.source_line)),
            (t("src_printed", lang), "—" if rec.printed is None else f"「{rec.printed}」"),
            (t("src_value", lang), value_text(rec, lang))]
    if rec.correction_id:
        reason = rec.correction_reason if lang == "ja" or not rec.correction_reason_en else rec.correction_reason_en
        rows.append((t("src_correction", lang), f"{rec.correction_id}: {reason or ''}"))
    if rec.discrepancy_id:
        reason = rec.discrepancy_reason if lang == "ja" or not rec.discrepancy_reason_en else rec.discrepancy_reason_en
        rows.append((t("src_discrepancy", lang), f"{rec.discrepancy_id}: {reason or ''}"))
        rows.append((t("src_computed", lang), rec.discrepancy_computed or "—"))
    if text is not None:
        rows.append((t("src_file", lang), text.path))
    return "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)


def show_record(rec: pv.SourceRecord, lang: str) -> None:
    """The record's facts and its surrounding lines (used by the dialog and the report page)."""
    text = report_text()[0]
    html_block(f"{_CSS}<div class='kw-src'><table>{_fact_rows(rec, lang, text)}</table></div>")
    if text is None:
        st.caption(t("src_no_text", lang))
        return
    if not text.is_build_source:
        st.warning(t("src_text_changed", lang), icon=":material/warning:")
    if rec.context:
        st.caption(t("src_context", lang))
        html_block(lines_html(rec.context, rec.source_line, rec.printed))
    if rec.source_line is not None:
        page = rec.page
        params = {**state.global_params(), "line": str(rec.source_line), **({"page": str(page)} if page else {})}
        state.page_link(REPORT_PAGE, t("src_open_report", lang), params, icon=":material/menu_book:")
    st.caption(t("src_link", lang))
    st.code(link(rec.ref), language=None)


def _close(key: str | None) -> None:
    """Dismissing the dialog: the URL no longer names it, and the picker is cleared."""
    state.url_set(PARAM, None)
    if key:
        state.put(key, None)


def open_dialog(ref: str, lang: str, key: str | None = None) -> None:
    """Show the source view of `ref` in a dialog (call at most once per run)."""
    rec = full_record(ref)

    def body() -> None:
        if rec is None:
            st.warning(md_escape(t("src_unknown", lang, ref=ref)), icon=":material/help:")
        else:
            show_record(rec, lang)

    st.dialog(t("src_title", lang), width="large", icon=":material/menu_book:",
              on_dismiss=lambda: _close(key))(body)()


def _picked(key: str) -> None:
    value = state.get(key)
    if value:
        state.url_set(PARAM, value)


def picker(rows: pd.DataFrame | Sequence[pd.DataFrame], lang: str, key: str, options: Hashable | None = None) -> str | None:
    """'出典を見る': a searchable choice of every sourced value of `rows` (kpi frames, see
    kpi.provenance.refs), placed below the table that shows them; choosing one opens the source view.
    A URL naming one of these values (?src=…) opens it too. Returns the open reference, if any.

    `options`: the page's values that decide `rows` (as for ui.views.kept; () when the rows follow
    from the report alone). With them the references are kept under (data files, report, `key`,
    options) and the rows are not hashed on every rerun."""
    frames = [rows] if isinstance(rows, pd.DataFrame) else list(rows)
    p = state.prefs()
    files = data.files_key()
    if options is None:
        refs = tuple(dict.fromkeys(x for f in frames for x in _refs(files, p.key, f)))
    else:
        refs = _KEPT.get(("picker", files, p.key, key, views.cheap_key(options), tuple(f.shape for f in frames)),
                         lambda: tuple(dict.fromkeys(x for f in frames for x in pv.refs(data.report(p.key), f)["ref"])))
    labels = _KEPT.get(("labels", files, p, refs, lang), lambda: _option_labels(files, p, refs, lang))
    wkey = f"src_pick_{key}"
    current = state.url_get(PARAM)
    if not state.has(wkey) and current in labels:
        state.put(wkey, current)
    st.selectbox(f":material/menu_book: {t('src_open', lang)}", list(labels), index=None, key=wkey,
                 placeholder=t("src_pick_placeholder", lang), format_func=lambda x: labels.get(x, ""),
                 on_change=_picked, args=(wkey,), disabled=not labels)
    if current in labels:
        open_dialog(current, lang, wkey)
        return current
    return None


_KEPT = run.Kept(256)  # the pickers' references and labels, shared by every session


def _refs(files, sel, frame: pd.DataFrame) -> tuple[str, ...]:
    """kpi.provenance.refs of `frame` (in order), worked out once per (data files, report, frame
    content): the content is told by pandas' row hashes of every column (≈1–2 ms where refs takes up
    to 30 ms); a frame pandas cannot hash is read every time."""
    try:
        digest = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    except TypeError:
        return tuple(pv.refs(data.report(sel), frame)["ref"])
    key = ("refs", files, sel, tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), digest)
    return _KEPT.get(key, lambda: tuple(pv.refs(data.report(sel), frame)["ref"]))


def _option_labels(files, p: state.Prefs, refs: tuple[str, ...], lang: str) -> dict[str, str]:
    """The picker's options: each known reference of `refs` (in order) with its label (read it, do
    not change it: it is shared)."""
    recs = _records(files, p.key, refs)
    return {x: option_label(recs[x], lang, p) for x in refs if x in recs}


def restore(lang: str) -> None:
    """Open the source view named in the URL (?src=), whatever it names; for pages without a picker."""
    ref = state.url_get(PARAM)
    if ref:
        open_dialog(str(ref), lang)


def cite_links(pages, lang: str, key: str = "cite") -> None:
    """'p.16' links to the report text for each page cited (a footer's 出典 made one click away)."""
    ps = sorted({int(p) for p in pages if p is not None and not pd.isna(p)})
    if not ps:
        return
    with st.container(horizontal=True, key=key):
        for n in ps:
            state.page_link(REPORT_PAGE, t("page_n", lang, n=n), {**state.global_params(), "page": str(n)},
                            icon=":material/menu_book:")


# --------------------------------------------------------------------------- exports that cite lines
def sources_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every value of `rows` with its source, labelled for export (one row per value)."""
    text, spans, _ = report_text()
    src = pv.sources(shown_report(), rows, spans, text)
    recs = records(list(src["ref"]))
    p = state.prefs()
    return pd.DataFrame({
        t("src_col_row", lang): src["row"],
        t("src_col_subject", lang): [subject_text(recs[x], lang) if x in recs else "" for x in src["ref"]],
        t("src_col_field", lang): [field_label(recs[x], lang, p) if x in recs else "" for x in src["ref"]],
        t("src_col_value", lang): [value_text(recs[x], lang) if x in recs else "" for x in src["ref"]],
        t("src_printed", lang): src["printed"],
        t("src_page", lang): src["page"], t("src_line", lang): src["source_line"],
        t("src_correction", lang): src["correction_id"], t("src_discrepancy", lang): src["discrepancy_id"],
        t("src_col_ref", lang): src["ref"],
    })


def with_citations(frame: pd.DataFrame, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`frame` (the table shown, row-aligned with `rows`) plus each row's source pages and lines."""
    text, spans, _ = report_text()
    src = pv.sources(shown_report(), rows, spans, text)
    cite = pv.row_citations(src, len(frame))
    return frame.reset_index(drop=True).assign(**{t("src_col_pages", lang): cite["page"],
                                                  t("src_col_lines", lang): cite["source_line"]})


def xlsx_with_sources(frame: pd.DataFrame, rows: pd.DataFrame, lang: str, sheet: str = "data", formats=None,
                      notes=None) -> bytes:
    """The table (with its citation columns) on the first sheet, the screen's caveats (`notes`) on the
    notes sheet as in every XLSX export, every value's source on the last."""
    from openpyxl import load_workbook

    from ui import export

    main = load_workbook(io.BytesIO(export.xlsx_bytes(with_citations(frame, rows, lang), sheet_name=sheet[:31], notes=notes,
                                                      formats=formats)))
    extra = load_workbook(io.BytesIO(export.xlsx_bytes(sources_frame(rows, lang), sheet_name=t("src_sheet", lang))))
    src_ws = extra.active
    ws = main.create_sheet(src_ws.title)
    for row in src_ws.iter_rows():
        for c in row:
            n = ws.cell(row=c.row, column=c.column, value=c.value)
            n.number_format = c.number_format
            n.font = copy.copy(c.font)
            n.border = copy.copy(c.border)
            if c.data_type == "s":
                n.data_type = "s"
    for col, dim in src_ws.column_dimensions.items():
        ws.column_dimensions[col].width = dim.width
    ws.freeze_panes = src_ws.freeze_panes
    out = io.BytesIO()
    main.save(out)
    return out.getvalue()


def export_buttons(key: str, filename: str, lang: str, frame: pd.DataFrame, rows: pd.DataFrame, sheet: str = "data",
                   formats=None, notes=None) -> None:
    """CSV and XLSX of the table with each row's source pages and lines (XLSX: and a sheet of every
    value's page, line, printed text and ids), carrying the screen's caveats as the plain exports do.
    Built on click."""
    from ui import export

    st.caption(t("src_with_sources", lang))
    with st.container(horizontal=True):
        st.download_button(t("src_csv", lang), data=lambda: export.csv_bytes(with_citations(frame, rows, lang), notes, formats=formats),
                           file_name=f"{filename}_sources.csv", mime="text/csv", key=f"{key}_csv_src", on_click="ignore")
        st.download_button(t("src_xlsx", lang), data=lambda: xlsx_with_sources(frame, rows, lang, sheet, formats, notes),
                           file_name=f"{filename}_sources.xlsx", key=f"{key}_xlsx_src", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
