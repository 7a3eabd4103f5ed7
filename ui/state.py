"""The one reader and writer of Streamlit's per-user state (`st.session_state`, `st.query_params`).

A page asks once per run for `prefs()`: a small frozen, hashable object with the sidebar's language,
money unit and fiscal-year style and the report shown (its key, city and fiscal year). Everything else
that keeps view state in the URL or in the session (the URL widgets of ui.widgets, the source view's
?src=, the PDCA and report pages, the importer, the peer link, the money scope's ?loan=&airbic=) goes
through the small functions below, so no other module touches either mapping.
Invalid values (a hand-edited URL) fall back to the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui import data, i18n, run

Key = data.Key
REPORT_PARAM = "report"  # widget key and URL parameter of the report selector
PDCA_PAGE = "app_pages/4_page_pdca.py"
# URL parameters of the app shell (sidebar), kept on every page.
GLOBAL_PARAMS = {"lang": i18n.DEFAULT_LANG, "unit": i18n.DEFAULT_UNIT, "fy": i18n.DEFAULT_FY_STYLE}
DEFAULT_KEY: Key = ("川崎市", 2016)
# Session/URL names the prefs are read from: writing one of them during a run recomputes the prefs.
_PREFS_INPUTS = frozenset({*GLOBAL_PARAMS, REPORT_PARAM})
_RUN_VALUES = ("prefs", "selected_key", "global_params")  # kept per run (ui.run)


# --------------------------------------------------------------------------- presenter options
@dataclass(frozen=True)
class Prefs:
    """The view's presenter options and the report shown; hashable, so it can key a cache."""

    lang: str = i18n.DEFAULT_LANG
    unit: str = i18n.DEFAULT_UNIT
    fy_style: str = i18n.DEFAULT_FY_STYLE
    key: Key = DEFAULT_KEY  # (city, fiscal year) of the report shown

    @property
    def report_fy(self) -> int:
        """The shown report's fiscal year (2016 for the 平成28年度 report)."""
        return int(self.key[1])

    def fy(self, year: int) -> str:
        return i18n.fy_text(year, self.lang, self.fy_style)


def _valid(name: str, allowed: Mapping | tuple | list, default: str) -> str:
    value = st.session_state.get(name)
    return value if value in allowed else default


def lang() -> str:
    """The UI language alone (before the data are known to be usable)."""
    return _valid("lang", i18n.LANGS, i18n.DEFAULT_LANG)


def fy_style() -> str:
    return _valid("fy", i18n.FY_STYLES, i18n.DEFAULT_FY_STYLE)


def prefs() -> Prefs:
    """The sidebar's language, money unit and fiscal-year style for this run, and the report shown
    (defaults where unset or invalid). Raises DataFileError when the dataset is unusable.
    Worked out once per script run (ui.run) and again when a run writes one of its inputs (put/url_set)."""
    return run.once("prefs", lambda: Prefs(lang(), _valid("unit", i18n.MONEY_UNITS, i18n.DEFAULT_UNIT), fy_style(),
                                           selected_key()))


def selected_key() -> Key:
    """The report the pages show: the sidebar selector's value (kept in ?report=) when it names a
    loaded report, otherwise ui.data.default_key()."""
    return run.once("selected_key", _selected_key)


def _selected_key() -> Key:
    keys = data.report_keys()
    if len(keys) == 1:
        return keys[0]
    chosen = data.parse_key_param(st.session_state.get(REPORT_PARAM)) or data.parse_key_param(url_get(REPORT_PARAM))
    return chosen if chosen in keys else data.default_key()


def global_params() -> dict[str, str]:
    """The non-default sidebar settings as query parameters (to carry into links to other pages),
    with the chosen report when several are loaded."""
    return dict(run.once("global_params", _global_params))


def _global_params() -> dict[str, str]:
    p = prefs()
    values = {"lang": p.lang, "unit": p.unit, "fy": p.fy_style}
    out = {k: v for k, v in values.items() if v != GLOBAL_PARAMS[k]}
    if len(data.report_keys()) > 1:
        out[REPORT_PARAM] = data.key_param(p.key)
    return out


def pdca_link_params(program_no: int) -> dict[str, str]:
    return {"program": str(int(program_no)), **global_params()}


# --------------------------------------------------------------------------- links to other pages
def page_link(page: str, label: str, params: Mapping[str, str], **kwargs) -> None:
    """st.page_link to `page` with `params` as its query string."""
    st.page_link(page, label=label, query_params=dict(params), **kwargs)


def switch_page(page: str, params: Mapping[str, str]) -> None:
    st.switch_page(page, query_params=dict(params))


def open_pdca(program_no: int) -> None:
    """Go to the PDCA page showing `program_no`, with the sidebar's settings."""
    switch_page(PDCA_PAGE, pdca_link_params(program_no))


def pdca_link(program_no: int, label: str) -> None:
    page_link(PDCA_PAGE, label, pdca_link_params(program_no))


# --------------------------------------------------------------------------- session values
def get(name: str, default: Any = None) -> Any:
    """This session's value of `name` (a widget's key or a page's own entry)."""
    return st.session_state.get(name, default)


def has(name: str) -> bool:
    return name in st.session_state


def _changed(name: str) -> None:
    """`name` was written during the run: the prefs read from it are worked out again."""
    if name in _PREFS_INPUTS:
        for value in _RUN_VALUES:
            run.forget(value)


def put(name: str, value: Any) -> None:
    st.session_state[name] = value
    _changed(name)


def drop(name: str) -> None:
    st.session_state.pop(name, None)
    _changed(name)


# --------------------------------------------------------------------------- the URL
def url_get(name: str) -> str | None:
    """The URL's value of `name` (the last one when repeated), or None."""
    v = st.query_params.get(name)
    return None if v is None else str(v)


def url_get_all(name: str) -> list[str]:
    return st.query_params.get_all(name)


def url_items() -> list[tuple[str, str]]:
    """Every (name, value) of the URL, repeated names included, in order."""
    return [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]


def url_set(name: str, value: str | list[str] | None) -> None:
    """Write `value` to the query string (None, '' or [] removes the parameter); only when it changed."""
    _changed(name)
    if value is None or value == [] or value == "":
        if name in st.query_params:
            del st.query_params[name]
        return
    wanted = value if isinstance(value, list) else [value]
    if st.query_params.get_all(name) != wanted:
        st.query_params[name] = value


def url_value(name: str) -> Any:
    """A widget's value, falling back to the URL's text (for views whose widgets are elsewhere)."""
    return st.session_state.get(name, url_get(name))
