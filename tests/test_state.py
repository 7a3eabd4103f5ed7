"""ui.state: the prefs object from the session and the URL, invalid values falling back to the
defaults, the selected report, and the links that carry the sidebar's settings."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import fresh_cache, shipped, two_folder, two_reports  # noqa: F401 (fixtures)
from ui import state


def prefs_script():
    """Sidebar-like widgets seeded from the URL, then the prefs of this run shown as text."""
    import streamlit as st

    from ui import i18n, state, widgets

    widgets.url_choice(st.radio, "lang", list(i18n.LANGS), "lang", i18n.DEFAULT_LANG)
    widgets.url_choice(st.radio, "unit", list(i18n.MONEY_UNITS), "unit", i18n.DEFAULT_UNIT)
    widgets.url_choice(st.radio, "fy", list(i18n.FY_STYLES), "fy", i18n.DEFAULT_FY_STYLE)
    widgets.report_selector("ja")
    p = state.prefs()
    st.text(repr((p.lang, p.unit, p.fy_style, p.key, p.report_fy, p.fy(2016))))
    st.text(repr(sorted(state.global_params().items())))


def run(session: dict | None = None, **query: str) -> tuple[tuple, list]:
    at = AppTest.from_function(prefs_script, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    for k, v in (session or {}).items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return eval(at.text[0].value), eval(at.text[1].value)  # noqa: S307 (our own repr)


def test_prefs_default_to_japanese_thousand_yen_wareki_and_the_only_report(shipped):
    p, params = run()
    assert p == ("ja", "千円", "wareki", ("川崎市", 2016), 2016, "平成28年度")
    assert params == []  # defaults are not carried into links


def test_prefs_from_the_url(shipped):
    p, params = run(lang="en", unit="百万円", fy="western")
    assert p == ("en", "百万円", "western", ("川崎市", 2016), 2016, "FY2016")
    assert params == [("fy", "western"), ("lang", "en"), ("unit", "百万円")]


def test_prefs_from_the_session(shipped):
    p, _ = run(session={"lang": "en", "unit": "億円"})
    assert p[:3] == ("en", "億円", "wareki")


@pytest.mark.parametrize("query", [{"lang": "xx", "unit": "ドル", "fy": "roman"}, {"lang": "", "unit": "1", "fy": "0"}])
def test_invalid_url_values_fall_back_to_the_defaults(shipped, query):
    p, params = run(**query)
    assert p[:3] == ("ja", "千円", "wareki") and params == []


def test_selected_key_is_the_newest_report_of_the_dataset_city_by_default(two_reports):
    p, params = run()
    assert p[3] == ("川崎市", 2017) and p[4] == 2017
    assert params == [("report", "川崎市-2017")]  # with several reports, links name the one shown


def test_selected_key_from_the_url(two_reports):
    p, params = run(report="川崎市-2016")
    assert p[3] == ("川崎市", 2016) and ("report", "川崎市-2016") in params


@pytest.mark.parametrize("bad", ["横浜市-2016", "川崎市-20x6", "nonsense", ""])
def test_an_unknown_report_in_the_url_falls_back_to_the_default(two_reports, bad):
    p, _ = run(report=bad)
    assert p[3] == ("川崎市", 2017)


def test_prefs_are_frozen_and_hashable():
    p = state.Prefs("en", "億円", "western", ("横浜市", 2017))
    assert hash(p) == hash(state.Prefs("en", "億円", "western", ("横浜市", 2017)))
    assert p.report_fy == 2017 and p.fy(2017) == "FY2017"
    with pytest.raises(AttributeError):
        p.lang = "ja"  # type: ignore[misc]


def test_pdca_link_params_name_the_program_and_keep_the_settings(shipped):
    def script():
        import streamlit as st

        from ui import state

        state.put("lang", "en")
        st.text(repr(state.pdca_link_params(12)))

    at = AppTest.from_function(script, default_timeout=30).run()
    assert eval(at.text[0].value) == {"program": "12", "lang": "en"}  # noqa: S307
