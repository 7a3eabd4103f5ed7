"""Data text made inert for spreadsheets, declared once: the prefixes that make Excel or LibreOffice
run a cell as a formula (ASCII and full-width, as Japanese input produces them), and the rule that
neutralises them. Used by the dashboard's exports (ui.export) and the template writer
(kpi.exchange.template), whose importer reads the quote back off (kpi.exchange.cells)."""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading quote; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
