"""What a person feels in a real browser (Playwright + Debian's Chromium), each against a reference
page served the same way in the same run:

- first chart painted on a cold browser profile (a new context: no cache) and warm (a second tab of a
  context that has loaded the page once: the browser cache holds the JavaScript), for every page with
  charts, against a one-chart Plotly page;
- a filter change until a changed chart is painted (目標達成状況: the article selectbox; 予算: the level
  segmented control), against the same kind of change on the one-chart page, the two alternating
  repeat by repeat (filter_rows);
- the bytes a cold first visit downloads (all HTTP responses, encoded size; the Plotly chunk is the
  JavaScript file named Plotly… that the one-chart page loads and the one-line page does not).

Widgets are found by their Streamlit key (`.st-key-<key>`); a page without that widget gives a
"not measured" row with the reason, never a crash.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.server import rss_mb

CHART = '[data-testid="stPlotlyChart"] .main-svg'
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ROOT = Path(__file__).resolve().parents[1]
# The one-chart page's two widgets (kind → its line and the test of its first value); bench.profile_filter
# draws other figures behind the same widgets.
REFERENCE_WIDGETS = {"selectbox": ("n = st.selectbox('項目', ['A', 'B', 'C'], key='ref_select')", "n == 'A'"),
                     "segmented": ("m = st.segmented_control('表示', ['条', '事業'], key='ref_level', default='条')", "m == '条'")}
REFERENCE_APPS = {
    "one_line": "import streamlit as st\nst.title('川崎市')\n",
    "one_chart": ("import plotly.graph_objects as go, streamlit as st\n"
                  + "".join(line + "\n" for line, _ in REFERENCE_WIDGETS.values())
                  + "y = {'A': [1, 2, 3], 'B': [3, 1, 2], 'C': [2, 3, 1]}[n]\n"
                  "st.plotly_chart(go.Figure(go.Bar(x=['a', 'b', 'c'], y=y if m == '条' else y[::-1])))\n"),
}
# Pages with charts (URL path as in ui.shell.PAGES) and the filter change measured on some of them:
# (widget key on the page, kind, the reference page's widget of the same kind).
CHART_PAGES = ["overview", "attainment", "budgets", "context"]  # tests/test_bench_browser.py checks the list
FILTERS = {"attainment": ("article", "selectbox", "ref_select"), "budgets": ("level", "segmented", "ref_level")}
# Signature of every chart's drawing: it changes when a changed figure has been painted.
_SIGNATURE = ("() => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg'))"
              ".map(s => s.innerHTML.length + ':' + s.innerHTML.slice(-2000)).join('|')")


def stats(xs: list[float]) -> dict:
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "n": len(xs)}


def reference_apps() -> dict[str, Path]:
    tmp = Path(tempfile.mkdtemp(prefix="bench_ref_"))
    out = {}
    for name, code in REFERENCE_APPS.items():
        (tmp / f"{name}.py").write_text(code, encoding="utf-8")
        out[name] = tmp / f"{name}.py"
    return out


def _context(browser):
    return browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ja-JP")


def paint_cold(browser, url: str, selector: str = CHART, timeout_ms: int = 120_000) -> float:
    """Seconds from navigation to the first `selector` visible, in a new (empty-cache) context."""
    ctx = _context(browser)
    try:
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(selector, state="visible", timeout=timeout_ms)
        return time.perf_counter() - t0
    finally:
        ctx.close()


def paint_warm(browser, url: str, repeats: int, selector: str = CHART) -> list[float]:
    """The same, `repeats` times, each in a new tab of one context that has loaded `url` once (the
    browser cache is warm; every tab is a new Streamlit session)."""
    ctx = _context(browser)
    try:
        first = ctx.new_page()
        first.goto(url)
        first.wait_for_selector(selector, state="visible", timeout=120_000)
        first.close()
        times = []
        for _ in range(repeats):
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(url)
            page.wait_for_selector(selector, state="visible", timeout=120_000)
            times.append(time.perf_counter() - t0)
            page.close()
        return times
    finally:
        ctx.close()


def cold_bytes(browser, url: str, selector: str = CHART) -> dict:
    """Encoded bytes of every HTTP response of a cold first visit until `selector` is visible."""
    ctx = _context(browser)
    try:
        page = ctx.new_page()
        finished = []
        page.on("requestfinished", lambda req: finished.append(req))
        page.goto(url)
        page.wait_for_selector(selector, state="visible", timeout=120_000)
        page.wait_for_load_state("networkidle")
        files = {}
        for req in finished:
            size = req.sizes()
            files[req.url.split("?")[0].replace(url.rstrip("/"), "")] = size["responseBodySize"] + size["responseHeadersSize"]
        return {"total": sum(files.values()), "files": files}
    finally:
        ctx.close()


def _change(page, key: str, kind: str) -> Callable[[], None] | None:
    """Prepare a change of the widget `key`; returns the final action (timed), or None when absent."""
    box = page.locator(f".st-key-{key}")
    if box.count() == 0:
        return None
    if kind == "selectbox":  # Streamlit 1.67: a react-aria combobox; its options in a listbox
        opener = box.locator('button[aria-haspopup="listbox"], [role="combobox"]').first
        if opener.count() == 0:
            return None
        opener.click()
        options = page.locator('[role="listbox"] [role="option"]:not([aria-selected="true"])')
        try:
            options.first.wait_for(state="visible", timeout=10_000)
        except Exception:  # noqa: BLE001 — no other option to choose
            return None
        return options.first.click
    radios = box.locator('[role="radio"][aria-checked="false"], button:not([data-selected="true"])')
    return radios.first.click if radios.count() else None


def ready_to_change(page, url: str, key: str, kind: str) -> tuple[str, Callable[[], None] | None]:
    """Open `url`, let the first render settle and prepare the change of widget `key`: the charts'
    drawing signature before it and the final action (None when the widget is absent)."""
    page.goto(url)
    page.wait_for_selector(CHART, state="visible", timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # let the first render settle (later charts still painting)
    return page.evaluate(_SIGNATURE), _change(page, key, kind)


def wait_for_changed_chart(page, before: str) -> None:
    """Until a chart's drawing differs from the signature `before`, checked every animation frame."""
    page.wait_for_function(f"(b) => ({_SIGNATURE})() !== b", arg=before, timeout=60_000, polling="raf")


def filter_change(browser, url: str, key: str, kind: str) -> float | None:
    """Seconds from the click that changes widget `key` until a chart's drawing has changed."""
    ctx = _context(browser)
    try:
        page = ctx.new_page()
        before, act = ready_to_change(page, url, key, kind)
        if act is None:
            return None
        t0 = time.perf_counter()
        act()
        wait_for_changed_chart(page, before)
        return time.perf_counter() - t0
    finally:
        ctx.close()


def filter_rows(browser, out: dict, ref_url: str, base: str, names: list[str], repeats: int) -> None:
    """The filter-change rows: for each page of FILTERS, `repeats` changes on the page, each right after
    the same kind of change on the one-chart page (both servers up), so the page and its baseline share
    the machine's state; a first change on each is not counted (the server's caches for that view)."""
    for name in names:
        key, kind, ref_key = FILTERS[name]
        try:
            filter_change(browser, ref_url, ref_key, kind)
            if filter_change(browser, f"{base}/{name}", key, kind) is None:
                out["not_measured"][f"filter:{name}"] = f"no widget with key {key!r} ({kind}) on the page"
                continue
            ref, xs = [], []
            for _ in range(repeats):
                ref.append(filter_change(browser, ref_url, ref_key, kind))
                xs.append(filter_change(browser, f"{base}/{name}", key, kind))
        except Exception as exc:  # noqa: BLE001 — a failed row is reported, not a crash
            out["not_measured"][f"filter:{name}"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
            continue
        if None in ref or None in xs:
            out["not_measured"][f"filter:{name}"] = f"a widget with key {key!r} ({kind}) was missing in a repeat"
            continue
        out["filter"][f"one_chart:{kind}"] = stats(ref)
        out["filter"][name] = stats(xs)


def measure(server, repeats: int, pages: list[str] | None = None, proxy=None) -> dict:
    """All browser rows; `server(app)` is a context manager yielding (url, proc); `proxy(url)` one
    yielding the proxied url (the compressed-serving rows), or None to skip them."""
    from playwright.sync_api import sync_playwright

    refs = reference_apps()
    pages = pages or CHART_PAGES
    warm = max(1, repeats - 2)  # warm rows are reported, not targets: fewer repeats keep the run short
    out: dict = {"paint": {}, "filter": {}, "not_measured": {}, "bytes": {}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            with server(refs["one_line"]) as (url, _):
                paint_cold(browser, url, "h1")
                out["paint"]["one_line"] = {"cold": stats([paint_cold(browser, url, "h1") for _ in range(repeats)])}
                out["bytes"]["one_line"] = cold_bytes(browser, url, "h1")
            with server(refs["one_chart"]) as (url, _):
                paint_cold(browser, url)
                out["paint"]["one_chart"] = {"cold": stats([paint_cold(browser, url) for _ in range(repeats)]),
                                             "warm": stats(paint_warm(browser, url, warm))}
                out["bytes"]["one_chart"] = cold_bytes(browser, url)
                if proxy is not None:
                    with proxy(url) as purl:
                        paint_cold(browser, purl)
                        out["paint"]["one_chart_proxy"] = {"cold": stats([paint_cold(browser, purl) for _ in range(repeats)])}
                        out["bytes"]["one_chart_proxy"] = cold_bytes(browser, purl)
            with server(ROOT / "app.py") as (url, proc):
                base = url.rstrip("/")
                paint_cold(browser, base + "/")  # the server's caches; not counted
                for name in pages:
                    purl = f"{base}/{name}"
                    try:
                        paint_cold(browser, purl, timeout_ms=45_000)  # warm-up; a page without a chart stops here
                    except Exception:  # noqa: BLE001 — a page without a chart is a row, not a crash
                        out["not_measured"][f"paint:{name}"] = "no Plotly chart on the default view within 45 s"
                        continue
                    try:
                        out["paint"][name] = {"cold": stats([paint_cold(browser, purl) for _ in range(repeats)]),
                                              "warm": stats(paint_warm(browser, purl, warm))}
                    except Exception as exc:  # noqa: BLE001 — a page without a chart is a row, not a crash
                        out["not_measured"][f"paint:{name}"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
                out["bytes"]["overview"] = cold_bytes(browser, base + "/")
                with server(refs["one_chart"]) as (ref_url, _):
                    filter_rows(browser, out, ref_url, base, [n for n in FILTERS if n in pages], repeats)
                if proxy is not None:
                    with proxy(url) as purl:
                        paint_cold(browser, purl + "/")
                        out["paint"]["overview_proxy"] = {"cold": stats([paint_cold(browser, purl + "/") for _ in range(repeats)])}
                        out["bytes"]["overview_proxy"] = cold_bytes(browser, purl + "/")
                out["rss_loaded_mb"] = rss_mb(proc.pid)
        finally:
            browser.close()
    line = set(out["bytes"]["one_line"]["files"])
    chart_files = out["bytes"]["one_chart"]["files"]
    extra = {f: n for f, n in chart_files.items() if f not in line and f.endswith(".js")}
    out["plotly_chunk"] = {f: n for f, n in extra.items() if "plotly" in f.lower()} or extra
    for key in ("one_chart_proxy", "overview_proxy"):
        if key in out["bytes"]:
            files = out["bytes"][key]["files"]
            out[f"plotly_chunk_{key}"] = sum(files.get(f, 0) for f in out["plotly_chunk"])
    for b in out["bytes"].values():
        b["files"] = dict(sorted(b["files"].items(), key=lambda kv: -kv[1])[:8])  # the largest, for the record
    return out
