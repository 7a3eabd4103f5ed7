"""Data text made inert for spreadsheets, declared once: the prefixes that make Excel or LibreOffice
run a cell as a formula (ASCII and full-width, as Japanese input produces them), and the rule that
neutralises them. Used by the dashboard's exports (ui.export) and the template writer
(kpi.exchange.template), whose importer reads the quote back off (kpi.exchange.cells)."""

from __future__ import annotations

from typing import Any

ASCII_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FULL_WIDTH_PREFIXES = ("＝", "＋", "－", "＠")  # a spreadsheet may read ＝SUM(…) as =SUM(…)
FORMULA_PREFIXES = ASCII_PREFIXES + FULL_WIDTH_PREFIXES


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet could run as a formula: an ASCII prefix, or a full-width one followed by more
    (a lone ＝ or －, such as the missing-value mark, computes nothing)."""
    return text.startswith(ASCII_PREFIXES) or (text.startswith(FULL_WIDTH_PREFIXES) and len(text.strip()) > 1)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading quote; anything else is unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
