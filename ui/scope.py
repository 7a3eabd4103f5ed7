"""The money scope on screen (kpi.scope declares it): the include toggles, kept in the URL under the
same keys on every page (?loan=1, ?airbic=1), and the one statement placed next to every money total:
what it leaves out and what it would be with them."""

from __future__ import annotations

import streamlit as st

from kpi import fmt, scope
from ui import data, i18n, state, views
from ui.safe import md_escape
from ui.state import Prefs
from ui.widgets import url_toggle
from ui.i18n import t

TOTAL_MEASURES = ("budget", "settlement", "budget_next")


def _present(p: Prefs, names: tuple[str, ...] = tuple(scope.SCALE_OUTLIERS)) -> tuple[str, ...]:
    """ui.data.present, kept per (data files, report, names) (it reads every program name)."""
    return views.kept(data.present, (), p.key, names)


def controls(p: Prefs, caption: bool = True) -> tuple[str, ...]:
    """The include toggles of the scale outliers present in the shown report; returns the programs
    the money figures leave out."""
    lang = p.lang
    present = _present(p)
    if caption and present:
        st.caption(t("scope_include_caption", lang))
    include = {key: url_toggle(t("scope_include", lang, name=name), key=key, default=name in scope.DEFAULT_INCLUDED)
               for key, name in scope.URL_KEYS.items() if name in present}
    return scope.excluded(present, include)


def current(p: Prefs) -> tuple[str, ...]:
    """The exclusions of this view without drawing toggles (pages whose toggles are elsewhere, or
    folded away unbuilt): the toggles' values, else the URL's, else the default, as `controls` reads them."""
    present = _present(p)
    values = {key: state.url_value(key) for key in scope.URL_KEYS}
    include = {key: v in (True, "1") for key, v in values.items() if v is not None}
    return scope.excluded(present, include)


def statement(exclude: tuple[str, ...], p: Prefs) -> str:
    """'金額は次の事業を除きます：A（理由）、B（理由）。含めると：H28予算 …／…。' (plain text)."""
    lang = p.lang
    if not exclude:
        text = t("scope_all", lang)
    else:
        sep = "、" if lang == "ja" else "; "
        items = sep.join(f"{n}（{scope.reason(n, lang)}）" if lang == "ja" else f"{n} ({scope.reason(n, lang)})" for n in exclude)
        everything = data.overview(p.key, p.report_fy, exclude=())["money"]
        totals = ("／" if lang == "ja" else " / ").join(
            f"{i18n.measure_label(m, lang, p.fy_style, report_fy=p.report_fy)} {fmt.format_money(everything[f'{m}_kyen'], p.unit, lang)}"
            for m in TOTAL_MEASURES)
        text = t("scope_excluding", lang, items=items) + " " + t("scope_including", lang, totals=totals)
    if scope.ONE_OFF in _present(p, (scope.ONE_OFF,)) and scope.ONE_OFF not in exclude:
        text += " " + t("scope_one_off", lang, name=scope.ONE_OFF, **i18n.years(p.report_fy, lang))
    return text


def show(exclude: tuple[str, ...], p: Prefs) -> None:
    """The statement beside the total it qualifies (made once per data files, scope and prefs: ui.views)."""
    st.info(md_escape(views.kept(statement, (), exclude, p)), icon=":material/filter_alt:")


def short(exclude: tuple[str, ...], lang: str) -> str:
    """'対象：〈除いた事業名〉を除く' (the left-out scale outliers by name) for a chart's footnote and an export's notes."""
    if not exclude:
        return t("scope_short_all", lang)
    return t("scope_short_excl", lang, names=("、" if lang == "ja" else ", ").join(exclude))
