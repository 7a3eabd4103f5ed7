"""The screen's caveats as export notes: scope, unit, fiscal-year basis, source and rounding, one list
per chart or table, written into the CSV (trailing 注記 columns), the XLSX (a 注記 notes sheet) and
the slide's speaker notes. The chart image carries its scope and source in its own footnote."""

from __future__ import annotations

from kpi import fmt
from ui import i18n
from ui import scope as uscope
from ui.state import Prefs
from ui.i18n import t


def notes(p: Prefs, source: str, exclude: tuple[str, ...] | None = None, money: bool = False,
          fiscal_years: tuple[int, ...] = ()) -> list[tuple[str, str]]:
    """(item, text) pairs for an export; `exclude` (the money scope) and `money` (the unit) only for
    money figures; `fiscal_years` the years shown (default: the report's year)."""
    lang = p.lang
    out: list[tuple[str, str]] = []
    if exclude is not None:
        out.append((t("cav_scope", lang), uscope.statement(exclude, p)))
    if money:
        out.append((t("cav_unit", lang), i18n.unit_name(p.unit, lang)))
    years = fiscal_years or (p.report_fy,)
    spans = []
    for fy in years:
        start, end = fmt.fy_period(fy)
        spans.append(f"{p.fy(fy)}＝{start:%Y/%m/%d}–{end:%Y/%m/%d}" if lang == "ja"
                     else f"{p.fy(fy)} = {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    out.append((t("cav_fy", lang), t("cav_fy_text", lang, fy=("、" if lang == "ja" else "; ").join(spans))))
    out.append((t("cav_source", lang), source.replace("\n", " ")))
    out.append((t("cav_rounding", lang), t("cav_rounding_text", lang)))
    if lang != "ja":
        out.append((t("cav_data_text", lang), t("cav_data_text_v", lang)))
    return out
