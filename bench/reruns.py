"""Page reruns under streamlit.testing's AppTest, measured the way a running server reruns a page.

AppTest compiles the entry script and the page's script anew on every run (a fresh ScriptCache per
run); the server compiles each script once and keeps the bytecode. That is not a cost of the page.
`as_server()` keeps one script cache for all runs of the measurement. The empty page is measured the
same way. `bench_reruns` measures plain AppTest as well, and the table shows both.

(AppTest also resets Streamlit's v1 `pages/` folder flag before every run; the app has no `pages/`
folder, see ui/shell.py, so no run of either mode is wrapped in a v1 navigation:
tests/test_bench_reruns.py checks it.)
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from bench.browser import stats

ROOT = Path(__file__).resolve().parents[1]
EMPTY = "import streamlit as st\nst.write('')"
MODES = ("server", "plain")


@contextlib.contextmanager
def as_server():
    """AppTest runs inside this block keep one script cache, as a server's runs do."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    cache = ScriptCache()
    saved = app_test.ScriptCache
    app_test.ScriptCache = lambda: cache
    try:
        yield
    finally:
        app_test.ScriptCache = saved


def page_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))


def _timed(at, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return times


def _measure(repeats: int, pages: list[str] | None) -> dict:
    from streamlit.testing.v1 import AppTest

    empty = AppTest.from_string(EMPTY, default_timeout=60)
    empty.run()
    base = _timed(empty, repeats)
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
        timings[page] = stats(_timed(at, repeats))
    b = stats(base)
    return {"baseline": b, "pages": timings, "skipped": skipped,
            "ratios": {p: s["median"] / b["median"] for p, s in timings.items()}}


def bench_reruns(repeats: int, data: str | None = None, pages: list[str] | None = None,
                 modes: tuple[str, ...] = MODES) -> dict:
    """Each page's AppTest rerun of its default view (after the first, cached run) against an empty
    page's, as the server reruns (`as_server`) and, in "plain", as AppTest does; `pages` narrows to
    the page files whose names contain one of the given words; `data` points the app at another
    dataset (KAWASAKI_DATA). The result is the "server" measurement, with the plain one under "plain"."""
    env_before = os.environ.get("KAWASAKI_DATA")
    if data:
        os.environ["KAWASAKI_DATA"] = data
    try:
        out: dict = {}
        for mode in modes:
            with as_server() if mode == "server" else contextlib.nullcontext():
                out[mode] = _measure(repeats, pages)
        result = dict(out[modes[0]])
        if "plain" in out and modes[0] != "plain":
            result["plain"] = out["plain"]
        result["mode"] = modes[0]
        return result
    finally:
        if data:
            if env_before is None:
                os.environ.pop("KAWASAKI_DATA", None)
            else:
                os.environ["KAWASAKI_DATA"] = env_before
