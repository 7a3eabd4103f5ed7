"""ui.export.browser: finding the browser and the font, the status, a bounded render that restarts a
browser that did not answer, and one image per thread through the one shared browser."""

from __future__ import annotations

import io
import os
import threading
import time

import plotly.graph_objects as go
import pytest
from PIL import Image

from tests.export_support import _bar, _png_size, browser  # noqa: F401  (browser: the module's fixture)
from ui import export
from ui.export import browser as export_browser


def test_export_status_finds_browser_and_font_and_is_cached(browser):
    s = export.export_status()
    assert s.available and s.cjk_font
    assert s.chromium_path and os.access(s.chromium_path, os.X_OK)
    assert export.export_status() is s  # cached per process


def test_without_browser_fails_fast_with_install_command(monkeypatch):
    monkeypatch.setattr(export_browser, "_find_chromium", lambda: None)
    monkeypatch.setattr(export_browser, "_status", None)
    monkeypatch.setattr(export_browser, "_server", None)  # pretend nothing was started in this process
    status = export.export_status()
    assert not status.available and status.chromium_path is None
    assert "apt-get install -y --no-install-recommends chromium fonts-noto-cjk" in status.message
    t = time.perf_counter()
    with pytest.raises(export.ExportError) as err:
        export.figure_bytes(_bar())
    assert time.perf_counter() - t < 1.0
    assert "apt-get install" in str(err.value)
    assert "ブラウザ" in err.value.ja and "browser" in err.value.en
    assert export_browser._server is None  # never started a browser without one


def test_without_japanese_font_is_unavailable(monkeypatch):
    monkeypatch.setattr(export_browser, "_has_cjk_font", lambda: False)
    monkeypatch.setattr(export_browser, "_status", None)
    status = export.export_status()
    assert not status.available and not status.cjk_font
    assert "fonts-noto-cjk" in status.message and "日本語フォント" in status.message



def test_timeout_gives_export_error_then_browser_restarts(browser, monkeypatch):
    old_pid = export_browser._server.browser_pid()

    def hang(fig_dict, opts):
        time.sleep(5)
        return b""

    monkeypatch.setattr(export_browser, "_kaleido_call", hang)
    t = time.perf_counter()
    with pytest.raises(export.ExportError) as err:
        export.figure_bytes(_bar(), "png", timeout=0.5)
    elapsed = time.perf_counter() - t
    assert 0.4 < elapsed < 1.5
    assert "0.5秒" in err.value.ja and "0.5 s" in err.value.en
    assert not export_browser._server.healthy
    monkeypatch.undo()
    png = export.figure_bytes(_bar(), "png")  # a new browser is started for this call
    assert _png_size(png) == (1920, 1080)
    assert export_browser._server.healthy and export_browser._server.browser_pid() != old_pid


def test_eight_threads_each_get_their_own_image(browser):
    colors = [(230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48),
              (145, 30, 180), (70, 240, 240), (240, 50, 230), (128, 128, 0)]

    def solid(rgb):
        fig = go.Figure(go.Bar(x=[0], y=[1], width=1, marker_color="rgb(%d,%d,%d)" % rgb, marker_line_width=0))
        fig.update_layout(margin=dict(l=0, r=0, t=0, b=0), showlegend=False,
                          xaxis=dict(visible=False, range=[-0.5, 0.5]), yaxis=dict(visible=False, range=[0, 1]))
        return fig

    results: dict[int, bytes] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(colors))

    def work(i):
        try:
            start.wait()
            results[i] = export.figure_bytes(solid(colors[i]), "png", width=400, height=300)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(colors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    for i, rgb in enumerate(colors):
        img = Image.open(io.BytesIO(results[i])).convert("RGB")
        count, dominant = max(img.getcolors(img.width * img.height))
        assert dominant == rgb, (i, dominant, rgb)
        assert count > 0.9 * img.width * img.height

