"""ui.export's public API: the names pages, components, caveats and the bench use, re-exported by the
package (`from ui import export`). Each module's behaviour is tested in tests/test_export_<module>.py."""

from __future__ import annotations

import inspect

from ui import export
from ui.export import browser, deck, images, tables


def test_the_public_api_is_re_exported_by_the_package():
    for name in ("figure_bytes", "csv_bytes", "xlsx_bytes", "deck_bytes", "SlideSpec", "Notes", "export_status",
                 "plotly_config", "shutdown", "FONT_FAMILY", "FORMATS", "ExportError", "Column", "with_notes",
                 "export_date", "ExportStatus"):
        assert hasattr(export, name), name
    assert export.figure_bytes is images.figure_bytes and export.deck_bytes is deck.deck_bytes
    assert export.csv_bytes is tables.csv_bytes and export.export_status is browser.export_status
    assert export.FORMATS == ("png", "svg", "pdf")


def test_slide_spec_keeps_its_fields_in_order():
    fields = list(inspect.signature(export.SlideSpec).parameters)
    assert fields[:6] == ["title", "figure", "footnote", "alt_text", "data", "notes"]
