"""bench/profile_filter.py: how CPU-profile samples are grouped, and the table the README quotes."""

from __future__ import annotations

import pytest

from bench import profile_filter as pf


def frame(name: str, url: str = "") -> dict:
    return {"functionName": name, "url": url}


def test_samples_are_grouped_by_what_ran():
    assert pf._group(frame("(idle)")) == "idle"
    assert pf._group(frame("(garbage collector)")) == "gc"
    assert pf._group(frame("(program)")) == "browser_native"  # style, layout, paint: outside JavaScript
    assert pf._group(frame("getBoundingClientRect")) == "forced_layout"  # a DOM call, no script URL
    assert pf._group(frame("drawOne", "http://x/static/js/PlotlyChart.D9Z0_fxz.js")) == "plotly_js"
    assert pf._group(frame("Ul", "http://x/static/js/react-dom.Dzbslgj4.js")) == "page_js"
    assert pf._group(frame("getBoundingClientRect", "http://x/static/js/index.js")) == "page_js"  # a script's own function


def test_the_table_has_one_row_per_change_and_names_an_unmeasured_one():
    r = {"total_ms": 190.4, "first_message_ms": 80.2, "chart_message_ms": 130.0, "chart_message_bytes": 15400,
         "window_ms": 240.0, "plotly_js_ms": 45.0, "page_js_ms": 90.0, "forced_layout_ms": 17.0,
         "browser_native_ms": 48.0, "gc_ms": 18.0, "idle_ms": 22.0, "n": 7}
    text = pf.table({"/attainment: article": r, "/budgets: level": {"n": 0}})
    lines = text.splitlines()
    assert len(lines) == 4 and lines[0].count("|") == lines[2].count("|") == lines[3].count("|")
    assert "| /attainment: article | 190 | 80 | 130 (15.4 kB) | 240 | 45 | 90 | 17 | 48 | 18 | 22 |" == lines[2]
    assert lines[3].startswith("| /budgets: level | not measured |")


def test_the_budgets_reference_page_draws_the_pages_own_two_charts():
    import json

    from streamlit.testing.v1 import AppTest

    app = pf.page_figures_app("app_pages/3_page_budgets.py", "level", ("article", "program"), "segmented")
    at = AppTest.from_file(str(app), default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    article = json.loads(at.get("plotly_chart")[0].proto.spec)
    at.button_group(key="ref_level").set_value("事業").run()
    program = json.loads(at.get("plotly_chart")[0].proto.spec)
    # 条別: 第12条–第18条 (第19条 has no key program); 事業別: the 23 key programs less the scope's two outliers
    assert [y[:4] for y in article["data"][0]["y"]] == [f"第{n}条" for n in range(12, 19)]
    assert len(program["data"][0]["y"]) == 21 and "間接融資事業" not in program["data"][0]["y"]
    assert [tr["name"] for tr in program["data"]] == ["平成28年度予算", "平成28年度決算(見込)", "平成29年度予算"]  # one trace per measure


def test_the_timeline_counts_from_the_pointer_down_and_only_the_answers_to_the_request():
    from bench import timeline_filter as tf

    timeline = {"down": 1000.0, "sent": [900.0, 1037.5, 1090.0],  # a heartbeat before the click is not the request
                "received": [[950.0, 40], [1049.0, 393], [1052.0, 4], [1056.0, 3632], [1058.0, 2]]}
    r = tf.summarise(timeline, painted_s=0.109)
    assert r == {"request_ms": 37.5, "first_message_ms": 49.0, "last_message_ms": 58.0, "painted_ms": 109.0, "messages": 4}
    text = tf.table({"one-chart reference: selectbox": [r, {**r, "painted_ms": 140.0}], "/budgets: level": []})
    lines = text.splitlines()
    assert lines[2] == "| one-chart reference: selectbox | 38 | 49 | 58 | 124 (109–140) | 4 |"
    assert lines[3].startswith("| /budgets: level | not measured |")
    for broken in ({"down": None, "sent": [], "received": []}, {"down": 1000.0, "sent": [990.0], "received": []}):
        with pytest.raises(ValueError):
            tf.summarise(broken, 0.1)
