"""bench/browser.py's page list: the browser rows time the first chart of every page that draws a chart
on its default view (AppTest on the shipped report, as the bench serves it), and only those. 推移 is not
offered with one report, so the bench cannot open it."""

from __future__ import annotations

import pytest

from bench import browser
from tests.apptest import run_app
from ui import shell

OFFERED = [(file, url) for file, _, _, url in shell.PAGES if url != shell.TRENDS]


@pytest.mark.parametrize("file, url", OFFERED, ids=[u for _, u in OFFERED])
def test_the_browser_rows_time_exactly_the_pages_with_a_chart_on_their_default_view(file, url):
    at = run_app(file, timeout=60)
    draws = len(at.get("plotly_chart")) > 0
    assert draws == (url in browser.CHART_PAGES), (url, draws)


def test_the_filter_rows_are_on_pages_the_bench_opens():
    assert set(browser.FILTERS) <= set(browser.CHART_PAGES)
