"""Charts and tables on screen with their export menu (the frames they show are built in ui.frames,
with the formats the export carries)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpi import fmt
from ui import export, i18n
from ui.deck import PageDeck
from ui.frames import Shown, escaped
from ui.menu import export_menu
from ui.state import Prefs


def show_chart(fig: go.Figure, key: str, filename: str, lang: str, deck: PageDeck | None = None,
               frame: pd.DataFrame | None = None, alt_text: str = "", footnote: str = "",
               notes: export.Notes | None = None, formats: export.Formats | None = None) -> None:
    """A Plotly chart (explicit template, not Streamlit's theme) with its export menu; added to the deck."""
    st.plotly_chart(fig, key=key, theme=None, config=export.plotly_config(filename), alt=alt_text or None)
    export_menu(key, filename, lang, figure=fig, frame=frame, notes=notes, formats=formats)
    if deck is not None:
        title = fig.layout.title.text or filename
        deck.add(export.SlideSpec(title, fig, footnote, alt_text or title, frame, notes), key=key)


def show_table(table: Shown | pd.DataFrame, key: str, filename: str, lang: str, notes: export.Notes | None = None,
               sources: pd.DataFrame | None = None, formats: export.Formats | None = None, **kwargs):
    """st.dataframe of `table` (a ui.frames.Shown, whose formats it takes unless given, or a frame
    already labelled for display) with CSV/XLSX of exactly that frame. A Shown is sent as its Arrow
    table, converted once (`Shown.arrow`)."""
    kwargs.setdefault("placeholder", "—")
    if isinstance(table, Shown):
        frame, sent, formats = table.frame, table.arrow, table.formats if formats is None else formats
    else:
        frame = sent = table
    event = st.dataframe(sent, key=key, hide_index=True, **kwargs)
    export_menu(key, filename, lang, frame=frame, notes=notes, sources=sources, formats=formats)
    return event


def static_table(table: Shown | pd.DataFrame, key: str, filename: str, lang: str, notes: export.Notes | None = None,
                 sources: pd.DataFrame | None = None, formats: export.Formats | None = None) -> None:
    """A small table whose long texts wrap (st.table), every cell markdown-escaped so data text stays
    inert (ui.frames.escaped; made once for a Shown), with CSV/XLSX of the unescaped frame."""
    if isinstance(table, Shown):
        frame, shown, formats = table.frame, table.escaped, table.formats if formats is None else formats
    else:
        frame, shown = table, escaped(table)
    st.table(shown, hide_index=True, border="horizontal")
    export_menu(key, filename, lang, frame=frame, notes=notes, sources=sources, formats=formats)


def money_metric(container, label: str, value_kyen, p: Prefs, signed: bool = False, help: str | None = None) -> None:
    """st.metric of an amount: '5,051,540千円' in Japanese; in English the unit goes into the label
    ('FY2016 budget (thousand yen)' / '5,051,540') so the value is not cut off."""
    if p.lang == "ja":
        container.metric(label, fmt.format_money(value_kyen, p.unit, "ja", signed=signed), help=help)
    else:
        text = fmt.format_money(value_kyen, p.unit, "en", signed=signed).removesuffix(" " + fmt.MONEY_UNITS_EN[p.unit])
        container.metric(f"{label}{i18n.unit_suffix(p.unit, 'en')}", text, help=help)
