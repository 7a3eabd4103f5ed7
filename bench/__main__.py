"""`python -m bench [--quick] [--repeats N] [--only SECTION ...] [--write-readme]`: the benchmark table.

Every figure is a ratio or a time measured in this one run, against a baseline measured in the same
run: an empty Streamlit page for page reruns, a one-chart Plotly page served the same way for the
browser (bench/browser.py), DuckDB over the same parquet for the kpi layer at 1,000× the report,
twenty warm PNG exports for the deck. The load average at the start and the end is in the header.
Sections: scale, reruns, browser (with the nginx rows when nginx is installed), load (bench/load.py,
when present), export.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import stats
from bench.reruns import bench_reruns
from bench.server import free_port, server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def fmt_s(s: dict, unit: str = "s") -> str:
    k = 1000 if unit == "ms" else 1
    return f"{s['min'] * k:.1f} / {s['median'] * k:.1f} / {s['max'] * k:.1f} {unit}" if unit == "ms" else \
        f"{s['min']:.2f} / {s['median']:.2f} / {s['max']:.2f} s"


# ---------------------------------------------------------------- 1. page reruns (AppTest): bench/reruns.py


# ---------------------------------------------------------------- 2 and 5. a real server and browser


@contextlib.contextmanager
def nginx(upstream_url: str):
    """deploy/proxy.py's nginx in front of `upstream_url`; yields the proxied URL."""
    from deploy import proxy

    with proxy.running(upstream_url.split("//", 1)[1], f"127.0.0.1:{free_port()}") as url:
        yield url


def bench_browser(repeats: int) -> dict:
    from bench import browser
    from deploy import proxy

    return browser.measure(server, repeats, proxy=nginx if proxy.nginx_binary() else None)


def bench_load(sessions: int) -> dict:
    """`sessions` concurrent browser sessions (bench/load.py): first-chart time per session, failures, server RSS."""
    from bench import load

    return load.run(sessions)


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


def _met(ratio: float | None, target: float) -> str:
    return "—" if ratio is None else ("yes" if ratio <= target else "no")


def table(results: dict, command: str, load: tuple[str, str]) -> str:
    today = dt.date.today().isoformat()
    rows = ["| what | measured (min / median / max) | ratio (median) | target | met |", "|---|---|---|---|---|"]
    if "reruns" in results:
        r = results["reruns"]
        plain = r.get("plain", {})
        how = "as the server reruns (bench/reruns.py)" if r.get("mode") == "server" else "plain AppTest"

        def also(page: str | None) -> str:
            if not plain:
                return ""
            s = plain["baseline"] if page is None else plain["pages"].get(page)
            if s is None:
                return ""
            return f"; plain AppTest {s['median'] * 1000:.1f} ms" + ("" if page is None else f", {plain['ratios'][page]:.2f}×")

        rows.append(f"| empty Streamlit page, AppTest rerun {how} (baseline) | {fmt_s(r['baseline'], 'ms')}{also(None)} | 1.00× | — | — |")
        for page, s in r["pages"].items():
            ratio = r["ratios"][page]
            rows.append(f"| `{page}` AppTest rerun {how}, default view | {fmt_s(s, 'ms')}{also(page)} | {ratio:.2f}× | ≤ 5× | {_met(ratio, 5)} |")
        for page in r.get("skipped", []):
            rows.append(f"| `{page}` | not offered with the one committed report | — | — | — |")
    if "reruns_scale" in results:
        r = results["reruns_scale"]
        own = results.get("reruns", {}).get("pages", {})
        for page, s in r["pages"].items():
            ratio = s["median"] / own[page]["median"] if page in own else None
            n = results.get("scale", {}).get("reports", 1000)
            rows.append(f"| `{page}` rerun on {n:,}× data, vs its rerun on the report's own data | {fmt_s(s, 'ms')} | "
                        f"{'—' if ratio is None else f'{ratio:.2f}×'} | ≤ 3× | {_met(ratio, 3)} |")
    if "browser" in results:
        rows += _browser_rows(results["browser"])
    if "load" in results:
        L = results["load"]
        t = L["first_chart_s"]
        times = f"{t['min']:.1f} / {t['median']:.1f} / {t['max']:.1f} s" if t else "none"
        rows.append(f"| load: {L['sessions']} concurrent browser sessions, first chart per session ({L['ok']} ok, {L['failed']} failed) | "
                    f"{times} | — | all get it | {'yes' if L['failed'] == 0 else 'no'} |")
        rows.append(f"| server RSS: warm / peak / after the {L['sessions']} sessions left | {L['rss_idle_mb']:.0f} / "
                    f"{L['rss_peak_mb']:.0f} / {L['rss_after_mb']:.0f} MB | — | reported | — |")
    if "scale" in results:
        s = results["scale"]
        k, d, p = stats(s["kpi"]["times"]), stats(s["duckdb"]["times"]), stats(s["pandas"]["times"])
        rows.append(f"| scale: DuckDB, hand-written roll-up over the same parquet ({s['reports']:,} reports, {s['rows_compared']:,} result rows) "
                    f"(baseline) | {fmt_s(d)}; peak RSS {s['duckdb']['peak_rss_mb']:.0f} MB | 1.00× | — | — |")
        rows.append(f"| scale: kpi attainment + article roll-up (`kpi.rollup`, the scale path; equal to DuckDB's and to pandas') | "
                    f"{fmt_s(k)}; peak RSS {s['kpi']['peak_rss_mb']:.0f} MB | {s['ratio_median']:.2f}× | ≤ 1.5× | {_met(s['ratio_median'], 1.5)} |")
        rows.append(f"| scale: the same with the pandas path (`kpi.read_report` + `kpi.metrics`) | {fmt_s(p)}; peak RSS "
                    f"{s['pandas']['peak_rss_mb']:.0f} MB | {s['pandas_ratio_median']:.2f}× | — | — |")
    if "export" in results:
        rows += _export_rows(results["export"])
    host = f"load average {load[0]} at the start, {load[1]} at the end (1 / 5 / 15 min)"
    return (f"Measured {today} on this project's {os.cpu_count()}-core machine with `{command}`; {host}.\n\n"
            + "\n".join(rows) + "\n")


def _browser_rows(b: dict) -> list[str]:
    rows = []
    paint, ref = b["paint"], b["paint"].get("one_chart", {})
    rows.append(f"| browser: one-line page, text painted, cold | {fmt_s(paint['one_line']['cold'])} | — | — | — |")
    for mode in ("cold", "warm"):
        if mode in ref:
            rows.append(f"| browser: one-chart Plotly page, chart painted, {mode} (baseline) | {fmt_s(ref[mode])} | 1.00× | — | — |")
    for name, p in paint.items():
        if name in ("one_line", "one_chart") or name.endswith("_proxy"):
            continue
        for mode in ("cold", "warm"):
            if mode in p and mode in ref:
                ratio = p[mode]["median"] / ref[mode]["median"]
                target = "≤ 1.2×" if mode == "cold" else "reported"
                rows.append(f"| browser: /{name} first chart painted, {mode} | {fmt_s(p[mode])} | {ratio:.2f}× | {target} | "
                            f"{_met(ratio, 1.2) if mode == 'cold' else '—'} |")
    for key, s in b["filter"].items():
        if key.startswith("one_chart:"):
            rows.append(f"| browser: one-chart page, {key.split(':')[1]} change until the chart is repainted (baseline) | {fmt_s(s)} | 1.00× | — | — |")
    from bench.browser import FILTERS

    for name, (widget, kind, _) in FILTERS.items():
        s, base = b["filter"].get(name), b["filter"].get(f"one_chart:{kind}")
        if s and base:
            ratio = s["median"] / base["median"]
            rows.append(f"| browser: /{name} `{widget}` {kind} change until the changed chart is painted | {fmt_s(s)} | "
                        f"{ratio:.2f}× | ≤ 1.3× | {_met(ratio, 1.3)} |")
    for key, why in b["not_measured"].items():
        rows.append(f"| browser: {key} | not measured: {why} | — | — | — |")
    mb = lambda n: f"{n / 1e6:.2f} MB"  # noqa: E731
    by = b["bytes"]
    chunk = sum(b["plotly_chunk"].values())
    rows.append(f"| bytes, cold first visit: one-chart page / 概要 (Streamlit direct) | {mb(by['one_chart']['total'])} / "
                f"{mb(by['overview']['total'])}, of which the Plotly chunk {mb(chunk)} | — | reported | — |")
    if "one_chart_proxy" in by:
        rows.append(f"| bytes, cold first visit through nginx (deploy/): one-chart page / 概要 | {mb(by['one_chart_proxy']['total'])} / "
                    f"{mb(by['overview_proxy']['total'])}, of which the Plotly chunk {mb(b['plotly_chunk_overview_proxy'])} | "
                    f"{by['overview_proxy']['total'] / by['overview']['total']:.2f}× direct | reported | — |")
        for name in ("one_chart", "overview"):
            if f"{name}_proxy" in paint and "cold" in paint.get(name, {}):
                ratio = paint[f"{name}_proxy"]["cold"]["median"] / paint[name]["cold"]["median"]
                rows.append(f"| browser: {'one-chart page' if name == 'one_chart' else '/overview'} first chart painted, cold, "
                            f"through nginx | {fmt_s(paint[f'{name}_proxy']['cold'])} | {ratio:.2f}× direct | reported | — |")
    rows.append(f"| server RSS, app loaded, after the browser rows | {b['rss_loaded_mb']:.0f} MB | — | — | — |")
    return rows


def _export_rows(e: dict) -> list[str]:
    rows = []
    for key, label in (("cold_png_s", "export: first PNG (browser start)"), ("warm_png_s", "export: warm PNG per chart"),
                       ("warm_svg_s", "export: warm SVG per chart"), ("warm_pdf_s", "export: warm PDF per chart"),
                       ("deck_s", f"export: {e.get('n_charts', 20)}-chart deck, first build")):
        if key in e:
            v = e[key]
            rows.append(f"| {label} | {fmt_s(v) if isinstance(v, dict) else f'{v:.2f} s'} | — | — | — |")
    if "png20_s" in e:
        n = e.get("n_charts", 20)
        rows.append(f"| export: {n} warm PNG exports of the deck's charts (baseline) | {fmt_s(e['png20_s'])} | 1.00× | — | — |")
        rows.append(f"| export: {n}-chart deck, warm ({e.get('deck_native_charts', '?')} native charts, {e.get('deck_pictures', '?')} "
                    f"pictures, picture cache emptied first) | {fmt_s(e['deck_warm_s'])} | {e['deck_ratio']:.2f}× | ≤ 0.5× | "
                    f"{_met(e['deck_ratio'], 0.5)} |")
        if "deck_cached_s" in e:
            rows.append(f"| export: {n}-chart deck, warm, pictures kept from the previous build | {fmt_s(e['deck_cached_s'])} | "
                        f"{e['deck_cached_ratio']:.2f}× | — | — |")
    if not e.get("available", True):
        rows.append(f"| export | not measured: {e.get('message', 'no browser')} | — | — | — |")
    return rows


def _loadavg() -> str:
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


SECTIONS = ["scale", "reruns", "browser", "load", "export"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="3 repeats and a 100× dataset (a check that every section runs)")
    ap.add_argument("--repeats", type=int, default=None, help="repeats per measurement (default 7; --quick 3)")
    ap.add_argument("--only", nargs="*", choices=SECTIONS, default=None, help="run only these sections")
    ap.add_argument("--write-readme", action="store_true", help="replace the benchmark table in README.md")
    ap.add_argument("--skip-scale-pages", action="store_true", help="do not time the attainment page on the 1,000× data")
    ap.add_argument("--load", type=int, default=None, metavar="N", help="concurrent browser sessions in the load section (default 20)")
    args = ap.parse_args(argv)
    only = set(args.only or SECTIONS)
    repeats = args.repeats or (3 if args.quick else 7)
    browser_repeats = max(1, min(repeats, 5))  # each cold visit takes seconds: 5 are enough for a median
    cities, years = (10, 10) if args.quick else (50, 20)
    results: dict = {}
    errors: dict[str, str] = {}
    load_start = _loadavg()

    def section(name: str, fn) -> None:
        """Run one benchmark; a failure is reported in the table, and the others still run."""
        t0 = time.perf_counter()
        try:
            results[name] = fn()
        except Exception as exc:  # noqa: BLE001 — reported, not hidden
            errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
        print(f"{name}: {time.perf_counter() - t0:.0f} s{' (failed)' if name in errors else ''}", file=sys.stderr)

    if "scale" in only:
        section("scale", lambda: bench_scale(repeats, cities, years))
    if "reruns" in only:
        section("reruns", lambda: bench_reruns(repeats * 3))
        if "scale" in results and not args.skip_scale_pages:
            section("reruns_scale", lambda: bench_reruns(repeats, data=results["scale"]["path"], pages=["attainment"]))
    if "browser" in only:
        section("browser", lambda: bench_browser(browser_repeats))
    if "load" in only:
        section("load", lambda: bench_load(args.load or 20))
    if "export" in only:
        section("export", lambda: bench_export(20))
    command = ("python -m bench" + (" --quick" if args.quick else "") + (f" --repeats {args.repeats}" if args.repeats else "")
               + (f" --only {' '.join(s for s in SECTIONS if s in only)}" if args.only else ""))
    text = table(results, command, (load_start, _loadavg()))
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
