"""The export menu of every chart and table: PNG/SVG/PDF of the figure, CSV/XLSX of exactly the frame
shown, and (with `sources`) files that cite each value's page and line.

Cheap when closed: the menu is a fragment around a popover that tracks its open state
(`on_change="rerun"`), so opening it reruns the fragment, not the page, and its buttons are built
only while it is open. Files are generated when a button is clicked (deferred download), never on a rerun.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import export
from ui.i18n import t


def menu_key(key: str) -> str:
    """The popover's widget key for the export menu of `key` (tests open a menu through it)."""
    return f"{key}_menu"


def export_menu(key: str, filename: str, lang: str, figure: go.Figure | None = None,
                frame: pd.DataFrame | None = None, sheet: str = "data", notes: export.Notes | None = None,
                sources: pd.DataFrame | None = None, formats: export.Formats | None = None) -> None:
    """One menu for every chart and table, with the screen's caveats (`notes`, see ui.caveats) as
    trailing CSV columns and an XLSX notes sheet; with `sources` (the kpi rows behind `frame`,
    row-aligned), also CSV/XLSX that cite each value's page and line (ui.source_view); `formats`
    (ui.frames: column → export.Column) writes the numbers rounded as shown."""
    _menu(key, filename, lang, figure, frame, sheet, notes, sources, formats)


@st.fragment
def _menu(key: str, filename: str, lang: str, figure, frame, sheet: str, notes, sources, formats=None) -> None:
    pop = st.popover(t("export", lang), icon=":material/download:", key=menu_key(key), on_change="rerun")
    with pop:
        if not pop.open:
            return
        if figure is not None:
            _image_buttons(key, filename, lang, figure)
        if frame is not None:
            _data_buttons(key, filename, lang, frame, sheet, notes, formats)
            if sources is not None:
                from ui import source_view

                source_view.export_buttons(key, filename, lang, frame, sources, sheet, formats=formats, notes=notes)


def _image_buttons(key: str, filename: str, lang: str, figure: go.Figure) -> None:
    status = export.export_status()
    st.caption(t("export_image", lang))
    with st.container(horizontal=True):
        for fmt_, mime in (("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf")):
            st.download_button(fmt_.upper(), data=(lambda f=fmt_: export.figure_bytes(figure, f)),
                               file_name=f"{filename}.{fmt_}", mime=mime, key=f"{key}_{fmt_}",
                               disabled=not status.available, on_click="ignore")
    if not status.available:
        st.caption(status.message)


def _data_buttons(key: str, filename: str, lang: str, frame: pd.DataFrame, sheet: str, notes, formats=None) -> None:
    st.caption(t("export_data", lang))
    with st.container(horizontal=True):
        st.download_button("CSV", data=lambda: export.csv_bytes(frame, notes, formats=formats), file_name=f"{filename}.csv",
                           mime="text/csv", key=f"{key}_csv", on_click="ignore",
                           help=t("export_csv", lang) + ("　" + t("csv_notes_help", lang) if notes else ""))
        st.download_button("XLSX", data=lambda: export.xlsx_bytes(frame, sheet_name=sheet[:31], notes=notes, formats=formats),
                           file_name=f"{filename}.xlsx", key=f"{key}_xlsx", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           help=t("export_xlsx", lang))
