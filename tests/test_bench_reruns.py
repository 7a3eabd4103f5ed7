"""bench/reruns.py: AppTest measured as the server reruns (one script cache) shows the same app as
plain AppTest, and leaves AppTest as it found it; neither mode wraps a run in Streamlit's v1
multipage navigation (the app has no `pages/` folder)."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest, app_test

from bench.reruns import as_server
from tests.apptest import APP


def _run_overview(runs: int) -> tuple[AppTest, int]:
    """The overview after `runs` reruns, and how often Streamlit ran its v1 `pages/` wrapper."""
    calls = []
    original = script_runner._mpa_v1

    def counted(path):
        calls.append(path)
        return original(path)

    script_runner._mpa_v1 = counted
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page("app_pages/1_page_overview.py")
        for _ in range(runs):
            at.run()
    finally:
        script_runner._mpa_v1 = original
    return at, len(calls)


def test_as_the_server_reruns_the_app_is_the_same_and_never_v1_wrapped():
    plain, plain_scans = _run_overview(3)
    with as_server():
        served, served_scans = _run_overview(3)
    assert plain_scans == served_scans == 0  # no pages/ folder: AppTest's per-run flag reset finds none
    assert not plain.exception and not served.exception
    assert [t.value for t in served.title] == [t.value for t in plain.title]
    assert [m.value for m in served.metric] == [m.value for m in plain.metric]
    assert len(served.get("plotly_chart")) == len(plain.get("plotly_chart")) >= 1


def test_as_server_compiles_each_script_once_and_restores_apptest():
    with as_server():
        cache = app_test.ScriptCache()
        assert app_test.ScriptCache() is cache  # one cache for every run of the measurement
        _run_overview(2)
        code = cache.get_bytecode(APP)
        _run_overview(1)
        assert cache.get_bytecode(APP) is code  # app.py was not compiled again
    assert app_test.ScriptCache() is not app_test.ScriptCache()  # plain AppTest again: a cache per run
    assert app_test.PagesManager is PagesManager
