"""`python -m bench [--quick] [--only NAME ...] [--write-readme]`: the benchmark table.

Every figure is a ratio or a time measured in this one run, against a baseline measured in the same
run: an empty Streamlit page for page reruns, a one-line page served the same way for the browser,
DuckDB over the same parquet for the kpi layer at 1,000× the report.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
CHART = '[data-testid="stPlotlyChart"] .main-svg'


def stats(xs: list[float]) -> dict:
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "n": len(xs)}


def fmt_s(s: dict, unit: str = "s") -> str:
    k = 1000 if unit == "ms" else 1
    return f"{s['min'] * k:.0f} / {s['median'] * k:.0f} / {s['max'] * k:.0f} {unit}" if unit == "ms" else \
        f"{s['min']:.2f} / {s['median']:.2f} / {s['max']:.2f} s"


# ---------------------------------------------------------------- 1. page reruns (AppTest)


def page_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def bench_reruns(repeats: int, data: str | None = None, pages: list[str] | None = None) -> dict:
    """Each page's AppTest rerun (after the first, cached run) against an empty page's; `pages`
    narrows to the page files whose names contain one of the given words."""
    from streamlit.testing.v1 import AppTest

    env_before = os.environ.get("KAWASAKI_DATA")
    if data:
        os.environ["KAWASAKI_DATA"] = data
    try:
        empty = AppTest.from_string("import streamlit as st\nst.write('')", default_timeout=60)
        empty.run()
        base = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            empty.run()
            base.append(time.perf_counter() - t0)
        timings, skipped = {}, []
        for page in [f for f in page_files() if pages is None or any(w in f for w in pages)]:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            try:
                at.switch_page(page)
            except ValueError:  # a page the app offers only in some states (e.g. trends: two or more reports)
                skipped.append(page)
                continue
            at.run()
            assert not at.exception, (page, [e.message for e in at.exception])
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - t0)
            timings[page] = stats(times)
        b = stats(base)
        return {"baseline": b, "pages": timings, "skipped": skipped,
                "ratios": {p: s["median"] / b["median"] for p, s in timings.items()}}
    finally:
        if data:
            if env_before is None:
                os.environ.pop("KAWASAKI_DATA", None)
            else:
                os.environ["KAWASAKI_DATA"] = env_before


# ---------------------------------------------------------------- 2 and 5. a real server and browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(app: Path):
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).status == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("streamlit did not start")
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_paint(browser, url: str, selector: str) -> float:
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ja-JP")
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, state="visible", timeout=120_000)
    elapsed = time.perf_counter() - t0
    ctx.close()
    return elapsed


def bench_browser(repeats: int, sessions: int) -> dict:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp())
    (tmp / "one_line.py").write_text("import streamlit as st\nst.title('川崎市')\n", encoding="utf-8")
    (tmp / "one_chart.py").write_text("import plotly.graph_objects as go, streamlit as st\n"
                                      "st.plotly_chart(go.Figure(go.Bar(x=['a', 'b'], y=[1, 2])))\n", encoding="utf-8")
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, app, sel in (("one_line", tmp / "one_line.py", "h1"), ("one_chart", tmp / "one_chart.py", CHART),
                               ("overview", ROOT / "app.py", CHART)):
            with server(app) as (url, proc):
                first_paint(browser, url, sel)  # warm the server's caches; not counted
                times = [first_paint(browser, url, sel) for _ in range(repeats)]
                out[name] = stats(times)
                if name == "overview":
                    out["rss_loaded_mb"] = rss_mb(proc.pid)
                    for _ in range(sessions):
                        first_paint(browser, url, sel)
                    time.sleep(1)
                    out["rss_after_sessions_mb"] = rss_mb(proc.pid)
                    out["sessions"] = sessions + repeats + 1
        browser.close()
    out["ratio_vs_one_line"] = out["overview"]["median"] / out["one_line"]["median"]
    out["ratio_vs_one_chart"] = out["overview"]["median"] / out["one_chart"]["median"]
    return out


# ---------------------------------------------------------------- 3. scale


def bench_scale(repeats: int, cities: int, years: int) -> dict:
    from bench.scale import measure
    from bench.synthetic import write_synthetic

    path = Path(tempfile.mkdtemp()) / "synthetic.parquet"
    t0 = time.perf_counter()
    write_synthetic(path, cities, years)
    gen = time.perf_counter() - t0
    res = measure(path, repeats)
    res["generate_s"] = gen
    res["reports"] = cities * years
    res["file_mb"] = path.stat().st_size / 1e6
    res["path"] = str(path)
    return res


# ---------------------------------------------------------------- 4. export


def bench_export(n_charts: int) -> dict:
    from bench import export_bench

    return export_bench.run(n_charts)


# ---------------------------------------------------------------- table


def table(results: dict, command: str) -> str:
    today = dt.date.today().isoformat()
    rows = ["| what | measured (min / median / max) | ratio (median) | target | met |", "|---|---|---|---|---|"]
    if "reruns" in results:
        r = results["reruns"]
        rows.append(f"| empty Streamlit page, AppTest rerun (baseline) | {fmt_s(r['baseline'], 'ms')} | 1.00× | — | — |")
        for page, s in r["pages"].items():
            ratio = r["ratios"][page]
            rows.append(f"| `{page}` AppTest rerun | {fmt_s(s, 'ms')} | {ratio:.2f}× | ≤ 1.5× | {'yes' if ratio <= 1.5 else 'no'} |")
        for page in r.get("skipped", []):
            rows.append(f"| `{page}` | not offered with the one committed report | — | — | — |")
    if "reruns_scale" in results:
        r = results["reruns_scale"]
        for page, s in r["pages"].items():
            if "attainment" in page:
                rows.append(f"| `{page}` rerun on 1,000× data | {fmt_s(s, 'ms')} | — | < 1 s | {'yes' if s['median'] < 1 else 'no'} |")
    if "browser" in results:
        b = results["browser"]
        rows.append(f"| browser: one-line page, text painted (baseline) | {fmt_s(b['one_line'])} | 1.00× | — | — |")
        rows.append(f"| browser: one-chart page, chart painted | {fmt_s(b['one_chart'])} | — | — | — |")
        rows.append(f"| browser: 概要, first chart painted | {fmt_s(b['overview'])} | {b['ratio_vs_one_line']:.2f}× vs one-line, "
                    f"{b['ratio_vs_one_chart']:.2f}× vs one-chart | ≤ 1.5× | {'yes' if b['ratio_vs_one_line'] <= 1.5 else 'no'} |")
        rows.append(f"| server RSS, app loaded | {b['rss_loaded_mb']:.0f} MB | — | — | — |")
        rows.append(f"| server RSS after {b['sessions']} browser sessions | {b['rss_after_sessions_mb']:.0f} MB | — | — | — |")
    if "scale" in results:
        s = results["scale"]
        k, d = stats(s["kpi"]["times"]), stats(s["duckdb"]["times"])
        rows.append(f"| scale: DuckDB, same roll-up over the same parquet ({s['reports']:,} reports, {s['rows_compared']:,} result rows) "
                    f"(baseline) | {fmt_s(d)}; peak RSS {s['duckdb']['peak_rss_mb']:.0f} MB | 1.00× | — | — |")
        rows.append(f"| scale: kpi read + attainment + article roll-up (results equal to DuckDB's) | {fmt_s(k)}; peak RSS "
                    f"{s['kpi']['peak_rss_mb']:.0f} MB | {s['ratio_median']:.2f}× | ≤ 1.5× | {'yes' if s['ratio_median'] <= 1.5 else 'no'} |")
    if "export" in results:
        e = results["export"]
        for key, label in (("cold_png_s", "export: first PNG (browser start)"), ("warm_png_s", "export: warm PNG per chart"),
                           ("warm_svg_s", "export: warm SVG per chart"), ("warm_pdf_s", "export: warm PDF per chart"),
                           ("deck_s", f"export: {e.get('n_charts', 20)}-chart deck")):
            if key in e:
                v = e[key]
                rows.append(f"| {label} | {fmt_s(v) if isinstance(v, dict) else f'{v:.2f} s'} | — | — | — |")
    return f"Measured {today} on this project's 2-core machine with `{command}`.\n\n" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a 100× dataset")
    ap.add_argument("--only", nargs="*", choices=["reruns", "browser", "scale", "export"], default=None)
    ap.add_argument("--write-readme", action="store_true", help="replace the benchmark table in README.md")
    ap.add_argument("--skip-scale-pages", action="store_true", help="do not time the attainment page on the 1,000× data")
    # -- load (bench/load.py, issue 12): concurrent browser sessions; in every full run, or with --load N
    ap.add_argument("--load", type=int, default=None, metavar="N", help="also measure N concurrent browser sessions")
    args = ap.parse_args(argv)
    only = set(args.only or ["reruns", "browser", "scale", "export"])
    repeats = 3 if args.quick else 7
    cities, years = (10, 10) if args.quick else (50, 20)
    results: dict = {}
    errors: dict[str, str] = {}

    def section(name: str, fn) -> None:
        """Run one benchmark; a failure is reported in the table, and the others still run."""
        t0 = time.perf_counter()
        try:
            results[name] = fn()
        except Exception as exc:  # noqa: BLE001 — reported, not hidden
            errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        print(f"{name}: {time.perf_counter() - t0:.0f} s{' (failed)' if name in errors else ''}", file=sys.stderr)

    if "scale" in only:
        section("scale", lambda: bench_scale(repeats, cities, years))
    if "reruns" in only:
        section("reruns", lambda: bench_reruns(repeats * 3))
        if "scale" in results and not args.skip_scale_pages:
            section("reruns_scale", lambda: bench_reruns(repeats, data=results["scale"]["path"], pages=["attainment"]))
    if "browser" in only:
        section("browser", lambda: bench_browser(repeats, sessions=20))
    if "export" in only:
        section("export", lambda: bench_export(20))
    # -- load (bench/load.py)
    if args.load or args.only is None:
        from bench import load

        section("load", lambda: load.run(args.load or load.SESSIONS))
    command = "python -m bench" + (" --quick" if args.quick else "") + (f" --only {' '.join(sorted(only))}" if args.only else "")
    text = table(results, command)
    if "load" in results:  # -- load (bench/load.py)
        from bench import load

        text += load.table_text(results["load"])
    if errors:
        text += "\nNot measured in this run:\n" + "".join(f"- {k}: {v}\n" for k, v in errors.items())
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    if args.write_readme:
        from kpi.docs import replace_section

        readme = ROOT / "README.md"
        readme.write_text(replace_section(readme.read_text(encoding="utf-8"), "bench", text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
