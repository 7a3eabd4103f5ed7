"""ui.widgets: each URL widget seeds itself from its query parameter, falls back to its default on an
invalid value, and writes its value back (absent when it equals the default), so a link round-trips."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest import fresh_cache  # noqa: F401 (fixture)


def widgets_script():
    import streamlit as st

    from ui import widgets

    c = widgets.url_choice(st.selectbox, "choice", ["a", "b", "c"], "c", "a")
    m = widgets.url_multi("multi", ["x", "y", "z"], "m", ["x", "y", "z"])
    on = widgets.url_toggle("toggle", "on", default=False)
    q = widgets.url_text("text", "q")
    st.text(repr((c, m, on, q)))


def run(**query) -> AppTest:
    at = AppTest.from_function(widgets_script, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def values(at: AppTest) -> tuple:
    return eval(at.text[0].value)  # noqa: S307 (our own repr)


def params(at: AppTest) -> dict:
    return {k: at.query_params[k] for k in at.query_params}


def test_defaults_leave_the_url_empty():
    at = run()
    assert values(at) == ("a", ["x", "y", "z"], False, "")
    assert params(at) == {}


def test_values_are_read_from_the_url():
    at = run(c="b", m=["x", "z"], on="1", q="  起業家 ")
    assert values(at) == ("b", ["x", "z"], True, "起業家")


def test_an_empty_multiselect_is_kept_as_none():
    at = run(m="none")
    assert values(at)[1] == []


def test_invalid_values_fall_back_to_the_defaults():
    at = run(c="zzz", m="w", on="maybe")
    assert values(at)[:3] == ("a", ["x", "y", "z"], False)


def test_a_changed_value_is_written_back_and_a_default_removes_it():
    at = run()
    at.selectbox(key="c").select("c").run()
    at.toggle(key="on").set_value(True).run()
    at.multiselect(key="m").unselect("y").run()
    at.text_input(key="q").input("ベンチャー").run()
    got = params(at)
    assert got["c"] in ("c", ["c"]) and got["on"] in ("1", ["1"]) and got["q"] in ("ベンチャー", ["ベンチャー"])
    assert got["m"] == ["x", "z"]
    at.selectbox(key="c").select("a").run()
    assert "c" not in params(at)


def test_the_url_round_trips_into_a_new_session():
    first = run()
    first.selectbox(key="c").select("b").run()
    first.toggle(key="on").set_value(True).run()
    second = run(**{k: first.query_params[k] for k in first.query_params})
    assert values(second)[0] == "b" and values(second)[2] is True


def test_long_text_in_the_url_is_cut_to_200_characters():
    at = run(q="あ" * 500)
    assert values(at)[3] == "あ" * 200
