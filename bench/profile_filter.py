"""Where a filter change's time goes in the browser: `python -m bench.profile_filter [--repeats N]`.

The same change as bench/browser.py's filter rows (目標達成状況: the article selectbox; 予算: the level
control; the one-chart reference page: its selectbox and its segmented control), measured the same
way (from the click until a chart's drawing has changed), with two recorders running:

- the websocket: when the server's first message and the chart's message arrive after the click;
- Chromium's CPU profiler on the page's main thread, from just before the click until the change is
  seen, its samples grouped as Plotly's JavaScript (Streamlit's PlotlyChart chunk, plotly.js in it),
  the rest of the page's JavaScript (Streamlit, React, its widgets), layout forced from JavaScript
  (getBoundingClientRect, checkVisibility, …), the browser's own work outside JavaScript (style,
  layout, paint: the profiler's "(program)"), garbage collection, and idle (waiting for the server).

Two more pages separate the chart from the page around it: 目標達成状況's own two figures (before and
after the change, built by ui.charts as the page builds them) on the one-selectbox reference page, and
予算's first chart at both levels (the page's own Plotly spec, from an AppTest run) on the reference
page's segmented control.

Medians over the repeats, in ms. The profiler slows JavaScript down a little; the totals without it
are bench/browser.py's. Results in bench/out/profile_filter.json; the README quotes them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import browser as B
from bench.server import server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "profile_filter.json"
FORCED_LAYOUT = {"getBoundingClientRect", "checkVisibility", "getComputedStyle", "offsetHeight", "offsetWidth",
                 "getBBox", "getComputedTextLength", "scrollHeight", "clientWidth", "clientHeight"}
GROUPS = ("plotly_js", "page_js", "forced_layout", "browser_native", "gc", "idle")
START, END = "__bench_before_click", "__bench_after_paint"
MARK = "() => {{ function {name}() {{ const t = performance.now(); while (performance.now() - t < 4) {{}} }} {name}(); }}"
SAME_FIGURES_APP = """import plotly.io as pio, streamlit as st
@st.cache_resource
def figures():
    return [pio.from_json(open(f, encoding="utf-8").read()) for f in {files!r}]
before, after = figures()
{widget}
st.plotly_chart(before if {first} else after, key='c', theme=None)
"""


def _group(frame: dict) -> str:
    name, url = frame["functionName"], frame["url"]
    if name == "(idle)":
        return "idle"
    if name == "(garbage collector)":
        return "gc"
    if name in ("(program)", "(root)"):
        return "browser_native"
    if not url and name in FORCED_LAYOUT:
        return "forced_layout"
    return "plotly_js" if "PlotlyChart" in url else "page_js"


def profile_once(browser, url: str, key: str, kind: str) -> dict | None:
    """One filter change with the websocket and the CPU profiler recording; None without the widget."""
    ctx = B._context(browser)
    try:
        page = ctx.new_page()
        frames: list[tuple[float, int]] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append((time.perf_counter(), len(f)))))
        before, act = B.ready_to_change(page, url, key, kind)
        if act is None:
            return None
        cdp = ctx.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 250})
        cdp.send("Profiler.start")
        page.evaluate(MARK.format(name=START))
        n0 = len(frames)
        t0 = time.perf_counter()
        act()
        B.wait_for_changed_chart(page, before)
        t1 = time.perf_counter()
        page.evaluate(MARK.format(name=END))
        total = t1 - t0
        profile = cdp.send("Profiler.stop")["profile"]
        after = [(t - t0, n) for t, n in frames[n0:] if t - t0 <= total]
        nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
        times, at = [], profile["startTime"]
        for dt in profile["timeDeltas"]:
            at += dt
            times.append(at)
        # The window: from the end of the marker run just before the click to the start of the one run
        # just after the change was seen (both a few ms of busy JavaScript the profiler cannot miss).
        parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", ())}

        def within(node: int, name: str) -> bool:  # the sample's function or one it was called from
            while node is not None:
                if nodes[node]["functionName"] == name:
                    return True
                node = parent.get(node)
            return False

        marks = {name: [t for t, n in zip(times, profile["samples"]) if within(n, name)] for name in (START, END)}
        if not marks[START] or not marks[END]:
            return None
        start, end = max(marks[START]), min(marks[END])
        groups = dict.fromkeys(GROUPS, 0.0)
        for sample, dt, at in zip(profile["samples"], profile["timeDeltas"], times):
            # a sample at `at` stands for the time since the one before, clipped to the window
            groups[_group(nodes[sample])] += max(0.0, min(at, end) - max(at - dt, start)) / 1000
        biggest = max(after, key=lambda f: f[1]) if after else (None, 0)
        return {"total_ms": total * 1000, "first_message_ms": after[0][0] * 1000 if after else None,
                "chart_message_ms": biggest[0] * 1000 if biggest[0] is not None else None,
                "chart_message_bytes": biggest[1], "messages": len(after), "window_ms": (end - start) / 1000,
                **{f"{g}_ms": v for g, v in groups.items()}}
    finally:
        ctx.close()


def _median(runs: list[dict]) -> dict:
    keys = [k for k in runs[0] if isinstance(runs[0][k], (int, float))]
    return {k: statistics.median(r[k] for r in runs if r[k] is not None) for k in keys} | {"n": len(runs)}


def same_figures_app() -> Path:
    """The reference page with the attainment page's own figures before and after its article change."""
    import plotly.io as pio

    from ui import charts, data
    from ui.state import Prefs

    p = Prefs("ja")
    ind = data.indicators(p.key)
    year = ind[ind["fiscal_year"] == ind["fiscal_year"].max()]
    first = int(sorted(year["article_no"].dropna().unique())[0])  # the first article: what the bench chooses
    title = data.source_title(p.key, "ja")
    tmp = Path(tempfile.mkdtemp(prefix="bench_fig_"))
    files = []
    for name, rows in (("all", year), ("one", year[year["article_no"] == first])):
        fig = charts.attainment_per_indicator(rows, p, charts.source_note(title, rows["page"], "ja"))
        files.append(str(tmp / f"{name}.json"))
        Path(files[-1]).write_text(pio.to_json(fig, validate=False), encoding="utf-8")
    return _figures_app(tmp, files, "selectbox")


def _figures_app(tmp: Path, files: list[str], kind: str) -> Path:
    """tmp/app.py: the two figures in `files` behind the one-chart page's widget of `kind`."""
    widget, first = B.REFERENCE_WIDGETS[kind]
    (tmp / "app.py").write_text(SAME_FIGURES_APP.format(files=files, widget=widget, first=first), encoding="utf-8")
    return tmp / "app.py"


def page_figures_app(page_file: str, param: str, values: tuple[str, str], kind: str) -> Path:
    """The reference page with a page's own first chart as the page shows it (its Plotly spec, taken
    from an AppTest run of the app with ?param=value) for each of two values, switched by the
    reference page's widget of `kind`: what the chart alone costs, drawn where nothing else is."""
    from streamlit.testing.v1 import AppTest

    tmp = Path(tempfile.mkdtemp(prefix="bench_fig_"))
    files = []
    for value in values:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params[param] = value
        at.run()
        at.switch_page(page_file).run()
        if at.exception or not at.get("plotly_chart"):
            raise RuntimeError(f"{page_file}?{param}={value}: no chart ({[e.message for e in at.exception]})")
        files.append(str(tmp / f"{value}.json"))
        Path(files[-1]).write_text(at.get("plotly_chart")[0].proto.spec, encoding="utf-8")
    return _figures_app(tmp, files, kind)


def measure(repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    subjects = [("one-chart reference: selectbox", B.reference_apps()["one_chart"], "", "ref_select", "selectbox"),
                ("one-chart reference: segmented control", B.reference_apps()["one_chart"], "", "ref_level", "segmented"),
                ("reference page with 目標達成状況's own two figures: selectbox", same_figures_app(), "", "ref_select", "selectbox"),
                ("reference page with 予算's own two charts (条別 → 事業別): segmented control",
                 page_figures_app("app_pages/3_page_budgets.py", "level", ("article", "program"), "segmented"), "", "ref_level", "segmented"),
                *[(f"/{page}: {key}", ROOT / "app.py", f"/{page}", key, kind) for page, (key, kind, _) in B.FILTERS.items()]]
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=B.CHROMIUM, headless=True, args=B.CHROMIUM_ARGS)
        try:
            for label, app, path, key, kind in subjects:
                with server(app) as (url, _):
                    base = url.rstrip("/")
                    B.paint_cold(browser, base + "/")
                    if path:
                        B.paint_cold(browser, base + path)
                    profile_once(browser, base + path, key, kind)  # warm-up: the server's caches for this change
                    runs = [r for r in (profile_once(browser, base + path, key, kind) for _ in range(repeats)) if r]
                    out[label] = _median(runs) if runs else {"n": 0}
        finally:
            browser.close()
    return out


def table(results: dict) -> str:
    head = ("| change | click → painted | first server message | chart message | profiled window | Plotly JS "
            "| page JS (Streamlit, React) | layout forced from JS | browser (style, layout, paint) | GC | idle |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for label, r in results.items():
        if not r.get("n"):
            rows.append(f"| {label} | not measured | | | | | | | | | |")
            continue
        rows.append(f"| {label} | {r['total_ms']:.0f} | {r['first_message_ms']:.0f} | {r['chart_message_ms']:.0f} "
                    f"({r['chart_message_bytes'] / 1000:.1f} kB) | {r['window_ms']:.0f} | {r['plotly_js_ms']:.0f} | {r['page_js_ms']:.0f} | "
                    f"{r['forced_layout_ms']:.0f} | {r['browser_native_ms']:.0f} | {r['gc_ms']:.0f} | {r['idle_ms']:.0f} |")
    return head + "\n" + "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args(argv)
    with open("/proc/loadavg", encoding="ascii") as f:
        load = " ".join(f.read().split()[:3])
    results = measure(args.repeats)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"load_average_start": load, "repeats": args.repeats, "results": results},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"load average at the start: {load}; medians of {args.repeats} changes, ms (CPU profile of the page's main thread)")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
