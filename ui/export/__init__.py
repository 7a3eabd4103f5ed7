"""Exports for presenters: chart images (PNG/SVG/PDF), CSV/XLSX tables and a 16:9 PowerPoint deck.

Pages call:
    export_status()                 -> ExportStatus   can images be made here? (cached per process)
    figure_bytes(fig, "png")        -> bytes          1920×1080 PNG (or "svg" / "pdf"); raises ExportError
    csv_bytes(df, notes, formats) / xlsx_bytes(df, sheet_name, notes, formats)
                                    -> bytes          Excel-ready tables, formula injection neutralised;
                                                      `formats={column: Column(...) or "0.0"}` as shown
    deck_bytes(slides, title, subtitle, progress) -> bytes   .pptx of SlideSpec items, native charts where possible
    plotly_config(filename)         -> dict           config for st.plotly_chart's download button
    shutdown()                                        stop the shared browser

One module per noun: browser (the shared Chromium: finding it, kaleido's lifecycle, bounded calls,
status), images (figures → PNG/SVG/PDF, the slide pictures' cache), tables (CSV/XLSX, formats,
notes), deck (SlideSpec, deck_bytes), native (what a native PowerPoint chart shows, from the figure
and the frame), pptx_chart (drawing it), pptx_text (fonts, text frames, alt text, plain text).
"""

from __future__ import annotations

from ui.export.browser import ExportStatus, export_status, shutdown
from ui.export.deck import SlideSpec, deck_bytes, export_date
from ui.export.errors import ExportError
from ui.export.images import FONT_FAMILY, FORMATS, figure_bytes, plotly_config
from ui.export.tables import Column, Formats, Notes, csv_bytes, with_notes, xlsx_bytes
from ui.export.tables import _neutralise  # noqa: F401  (tests/test_hostile.py checks the rule through ui.export)

__all__ = [
    "Column", "ExportError", "ExportStatus", "FONT_FAMILY", "FORMATS", "Formats", "Notes", "SlideSpec", "csv_bytes",
    "deck_bytes", "export_date", "export_status", "figure_bytes", "plotly_config", "shutdown", "with_notes",
    "xlsx_bytes",
]
