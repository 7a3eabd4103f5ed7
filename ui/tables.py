"""Charts and tables on screen with their export menu, and the frames they show: amounts in the chosen
unit, targets/actuals and attainment rates as displayed, the missed-targets frame."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpi import fmt
from kpi import labels as kl
from ui import export, i18n
from ui.deck import PageDeck
from ui.menu import export_menu
from ui.safe import md_escape
from ui.state import Prefs


def show_chart(fig: go.Figure, key: str, filename: str, lang: str, deck: PageDeck | None = None,
               frame: pd.DataFrame | None = None, alt_text: str = "", footnote: str = "",
               notes: export.Notes | None = None) -> None:
    """A Plotly chart (explicit template, not Streamlit's theme) with its export menu; added to the deck."""
    st.plotly_chart(fig, key=key, theme=None, config=export.plotly_config(filename), alt=alt_text or None)
    export_menu(key, filename, lang, figure=fig, frame=frame, notes=notes)
    if deck is not None:
        title = fig.layout.title.text or filename
        deck.items.append(export.SlideSpec(title, fig, footnote, alt_text or title, frame, notes))


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
