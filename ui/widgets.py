"""Widgets whose value lives in the URL, so a copied link reproduces the view.

Each widget is seeded from its query parameter (validated against its options; invalid values fall
back to the default) and writes its value back, removed when it equals the default. All reading and
writing of the session and the URL goes through ui.state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from ui import data, i18n, run, state
from ui.i18n import t


def _resend_if_relabelled(key: str, options: Sequence, format_func: Callable[[Any], str]) -> None:
    """Streamlit keeps a choice widget's value in the browser as its option *label*: after a language
    switch relabels the options, the browser's old label matches none of them and the widget shows
    nothing selected. Writing the unchanged value back makes Streamlit send it with the new labels."""
    labels = tuple(str(format_func(o)) for o in options)
    mark = f"_labels_{key}"
    before = state.get(mark)
    state.put(mark, labels)
    if before is not None and before != labels and state.has(key):
        state.put(key, state.get(key))


def url_choice(widget: Callable, label: str, options: Sequence, key: str, default: Any,
               format_func: Callable[[Any], str] = str, aliases: Mapping[str, Any] | None = None, **kwargs) -> Any:
    """A single-choice widget (st.radio, st.selectbox, st.segmented_control) bound to ?key=<option>;
    `aliases` are older URL texts that still open an option (rewritten to its own text)."""
    by_text = {**(aliases or {}), **{str(o): o for o in options}}
    if state.get(key) not in options:
        state.put(key, by_text.get(state.url_get(key) or "", default))
    _resend_if_relabelled(key, options, format_func)
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    state.url_set(key, None if value == default else str(value))
    return value


def url_multi(label: str, options: Sequence, key: str, default: Sequence, format_func: Callable[[Any], str] = str,
              widget: Callable = st.multiselect, **kwargs) -> list:
    """A multiple-choice widget (st.multiselect, or st.pills with selection_mode="multi") bound to
    ?key=a&key=b (absent when the selection equals the default; ?key=none when nothing is chosen)."""
    by_text = {str(o): o for o in options}
    if not state.has(key) or any(v not in options for v in state.get(key)):
        raw = state.url_get_all(key)
        chosen = [by_text[r] for r in raw if r in by_text]
        state.put(key, chosen if chosen or raw == ["none"] else list(default))
    _resend_if_relabelled(key, options, format_func)
    if widget is st.multiselect:
        kwargs.setdefault("placeholder", t("choose_options", state.lang()))  # not Streamlit's English "Choose options"
    else:
        kwargs.setdefault("selection_mode", "multi")
    value = list(widget(label, options, key=key, format_func=format_func, **kwargs) or [])
    state.url_set(key, None if value == list(default) else ([str(v) for v in value] or ["none"]))
    return value


def url_view(views: Sequence[str], key: str, lang: str, prefix: str) -> str:
    """The page's view switcher (in place of st.tabs on pages whose filters redraw a chart): a
    segmented control bound to ?key=<view>, the view's label from ui.i18n (`prefix` + view); the labels
    a former st.tabs kept in the URL, in either language, still open their view. The page builds only
    the chosen view. Unlike st.tabs it sends one element per rerun, not one per tab, and the chart is
    not inside a tab panel (whose focus tracking walks the chart's SVG on every redraw)."""
    aliases = {t(prefix + v, lg): v for v in views for lg in i18n.LANGS}
    return url_choice(st.segmented_control, t("view", lang), list(views), key, views[0], format_func=lambda v: t(prefix + v, lang),
                      aliases=aliases, required=True, label_visibility="collapsed")


def url_toggle(label: str, key: str, default: bool = False, **kwargs) -> bool:
    """st.toggle bound to ?key=1 / ?key=0."""
    if not state.has(key):
        state.put(key, {"1": True, "0": False}.get(state.url_get(key) or "", default))
    value = st.toggle(label, key=key, **kwargs)
    state.url_set(key, None if value == default else ("1" if value else "0"))
    return value


def url_text(label: str, key: str, **kwargs) -> str:
    """st.text_input bound to ?key=text."""
    if not state.has(key):
        state.put(key, (state.url_get(key) or "")[:200])
    value = st.text_input(label, key=key, **kwargs)
    state.url_set(key, value.strip() or None)
    return value.strip()


_CHOICES = run.Kept(8)  # the report selector's options and labels, per (data files, language, year style)


def report_choices(lang: str, style: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The report selector's options ('川崎市-2017', as the URL writes them) and their labels ('川崎市
    平成29年度'), worked out once per set of data files for every session: with a thousand reports,
    labelling every option on every rerun cost ≈ 5 ms."""
    def build() -> tuple[tuple[str, ...], dict[str, str]]:
        labels = {data.key_param(k): f"{k[0]} {i18n.fy_text(k[1], lang, style)}" for k in data.report_keys()}
        return tuple(labels), labels

    return _CHOICES.get((data.files_key(), lang, style), build)


def report_selector(lang: str) -> None:
    """The sidebar's report choice (市区町村 and 年度), kept in ?report=川崎市-2017; only drawn when more
    than one report is loaded. The pages read the choice through ui.state.prefs().key."""
    if len(data.report_keys()) < 2:
        return
    params, labels = report_choices(lang, state.fy_style())
    url_choice(st.selectbox, t("sidebar_report", lang), params, state.REPORT_PARAM,
               data.key_param(data.default_key()), format_func=lambda param: labels.get(param, param))
