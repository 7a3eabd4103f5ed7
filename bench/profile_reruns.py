"""Where a page's AppTest rerun spends its time: cProfile over repeated reruns of each page's default
view (after the first, cached run). `python -m bench.profile_reruns [WORD ...] [--top N]`.

Prints, per page, the median rerun time and the functions with the largest cumulative time, grouped
as the project's own (app_pages/, ui/, kpi/) and the libraries' (streamlit, plotly, pandas, pyarrow)."""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

from bench.reruns import as_server

ROOT = Path(__file__).resolve().parents[1]
GROUPS = {"project": ("/app_pages/", "/ui/", "/kpi/"), "streamlit": ("/streamlit/",), "plotly": ("/plotly/", "/_plotly_utils/"),
          "pandas": ("/pandas/",), "pyarrow": ("/pyarrow/",), "copy/json": ("/copy.py", "/json/")}
# Entry points worth naming (cumulative time includes everything below them).
WATCH = ["plotly_chart", "to_dict", "deepcopy", "dataframe", "data_editor", "to_plotly_json", "_marshall", "marshall",
         "download_button", "popover", "expander", "tabs", "fragment", "markdown", "dataframe_to_arrow", "convert_anything_to_arrow_bytes",
         "serialize", "validate", "update_layout", "Figure.__init__"]


def profile_page(page: str, runs: int, plain: bool = False) -> tuple[float, pstats.Stats]:
    """cProfile of `runs` reruns of `page`, as the server reruns (bench/reruns.py) unless `plain`."""
    with contextlib.nullcontext() if plain else as_server():
        return _profile_page(page, runs)


def _profile_page(page: str, runs: int) -> tuple[float, pstats.Stats]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.switch_page(page)
    at.run()
    times = []
    prof = cProfile.Profile()

    def start(*_):  # AppTest runs the script in a new thread per run: profile that thread
        sys.setprofile(None)
        prof.enable()

    threading.setprofile(start)
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
    finally:
        threading.setprofile(None)
    prof.create_stats()
    return statistics.median(times), pstats.Stats(prof)


def report(page: str, median: float, st: pstats.Stats, runs: int, top: int) -> str:
    rows = []
    for (file, line, name), (_cc, _nc, tt, ct, _callers) in st.stats.items():
        rows.append((ct / runs, tt / runs, file, line, name))
    total = max(r[0] for r in rows)
    out = [f"## {page}: median rerun {median * 1000:.0f} ms (profiled: {total * 1000:.0f} ms per rerun)"]
    own = [r for r in rows if any(g in r[2] for g in GROUPS["project"])]
    own.sort(reverse=True)
    out.append("project functions by cumulative time per rerun:")
    for ct, tt, file, line, name in own[:top]:
        out.append(f"  {ct * 1000:7.1f} ms  {Path(file).parent.name}/{Path(file).name}:{line} {name}")
    lib = [r for r in rows if not any(g in r[2] for g in GROUPS["project"]) and any(w == r[4] or w in f"{Path(r[2]).stem}.{r[4]}" for w in WATCH)]
    lib.sort(reverse=True)
    out.append("library entry points by cumulative time per rerun:")
    for ct, tt, file, line, name in lib[:top]:
        out.append(f"  {ct * 1000:7.1f} ms  {'/'.join(Path(file).parts[-2:])}:{line} {name}")
    rows.sort(key=lambda r: -r[1])
    out.append("functions by own time (tottime) per rerun:")
    for ct, tt, file, line, name in rows[:top]:
        out.append(f"  {tt * 1000:7.1f} ms  {'/'.join(Path(file).parts[-2:])}:{line} {name}")
    by_group = {g: sum(r[1] for r in rows if any(p in r[2] for p in pats)) for g, pats in GROUPS.items()}
    out.append("own time (tottime) per rerun by package: " + ", ".join(f"{g} {v * 1000:.1f} ms" for g, v in by_group.items()))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profile_reruns")
    ap.add_argument("words", nargs="*", help="only pages whose file name contains one of these")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--plain", action="store_true", help="plain AppTest (scripts compiled anew on every run)")
    args = ap.parse_args(argv)
    pages = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
    for page in pages:
        if args.words and not any(w in page for w in args.words):
            continue
        try:
            median, st = profile_page(page, args.runs, args.plain)
        except ValueError:
            continue  # a page not offered with this data (trends)
        print(report(page, median, st, args.runs, args.top), flush=True)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
