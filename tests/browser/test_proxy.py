"""The nginx recipe (deploy/) in front of the app: the page works through it (websocket proxied) and
Streamlit's Plotly chunk arrives gzip-compressed."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from deploy import proxy

from .conftest import wait_for_app

pytestmark = pytest.mark.skipif(proxy.nginx_binary() is None, reason="nginx not installed (scripts/setup.sh)")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_app_through_the_compressing_proxy(streamlit_server, browser):
    src, _ = proxy.streamlit_static()
    chunk = sorted(src.glob("static/js/PlotlyChart*.js"))[0]
    with proxy.running(streamlit_server.split("//")[1], f"127.0.0.1:{_port()}") as url:
        req = urllib.request.Request(f"{url}/static/js/{chunk.name}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req) as res:
            assert res.headers["Content-Encoding"] == "gzip"
            assert int(res.headers["Content-Length"]) < chunk.stat().st_size / 2
        ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ja-JP")
        try:
            page = ctx.new_page()
            page.goto(url + "/")
            wait_for_app(page)
            page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', state="visible", timeout=60_000)
            assert page.locator("h1").first.inner_text().strip()
        finally:
            ctx.close()
