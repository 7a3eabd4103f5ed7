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
    pills = widgets.url_multi("pills", ["x", "y", "z"], "p", ["x", "y", "z"], widget=st.pills)
    on = widgets.url_toggle("toggle", "on", default=False)
    q = widgets.url_text("text", "q")
    st.text(repr((c, m, on, q, pills)))


def run(script=widgets_script, **query) -> AppTest:
    at = AppTest.from_function(script, default_timeout=30)
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
    assert values(at) == ("a", ["x", "y", "z"], False, "", ["x", "y", "z"])
    assert params(at) == {}


def test_values_are_read_from_the_url():
    at = run(c="b", m=["x", "z"], on="1", q="  起業家 ", p="y")
    assert values(at) == ("b", ["x", "z"], True, "起業家", ["y"])


def test_an_empty_multiselect_is_kept_as_none():
    at = run(m="none", p="none")
    assert values(at)[1] == [] and values(at)[4] == []


def test_pills_write_their_choice_back_and_an_empty_choice_as_none():
    at = run()
    at.button_group(key="p").unselect("x").run()
    assert values(at)[4] == ["y", "z"] and params(at)["p"] == ["y", "z"]
    at.button_group(key="p").set_value([]).run()
    assert values(at)[4] == [] and params(at)["p"] in ("none", ["none"])
    again = run(**{k: at.query_params[k] for k in at.query_params})
    assert values(again)[4] == []


def test_invalid_values_fall_back_to_the_defaults():
    at = run(c="zzz", m="w", on="maybe", p="w")
    assert values(at)[:3] == ("a", ["x", "y", "z"], False) and values(at)[4] == ["x", "y", "z"]


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


def view_script():
    import streamlit as st

    from ui import widgets

    lang = st.query_params.get("lang", "ja")
    st.text(widgets.url_view(("chart", "table", "slides"), "at_tab", lang, "at_tab_"))


def run_view(**query) -> AppTest:
    return run(view_script, **query)


def test_the_view_switcher_opens_the_first_view_and_keeps_the_url_empty():
    at = run_view()
    assert at.text[0].value == "chart"
    (switch,) = at.button_group
    assert switch.label == "表示" and switch.options == ["達成率のグラフ", "指標一覧", "スライド"]  # labels from ui.i18n, in the page's language
    assert "at_tab" not in params(at)


def test_the_view_switcher_writes_the_view_key_and_removes_the_default():
    at = run_view()
    at.button_group[0].set_value("slides").run()
    assert at.text[0].value == "slides" and params(at)["at_tab"] in ("slides", ["slides"])
    at.button_group[0].set_value("chart").run()
    assert "at_tab" not in params(at)


def test_the_view_switcher_reads_the_labels_former_tabs_kept_in_the_url_in_either_language():
    # ?at_tab=指標一覧 (st.tabs kept its label) in links already shared: the same view opens, the URL takes its key
    for old, lang in (("指標一覧", "ja"), ("Indicators", "ja"), ("指標一覧", "en"), ("Slides", "en")):
        at = run_view(at_tab=old, lang=lang)
        assert at.text[0].value == ("table" if old in ("指標一覧", "Indicators") else "slides")
        assert params(at)["at_tab"] in (at.text[0].value, [at.text[0].value])
    at = run_view(at_tab="<b>bogus</b>")  # anything else: the first view
    assert at.text[0].value == "chart" and "at_tab" not in params(at)
