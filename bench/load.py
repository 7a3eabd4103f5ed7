"""`python -m bench.load [--sessions 20] [--timeout 120]`: many browser sessions at once (issue 12).

One `streamlit run app.py` on loopback (127.0.0.1, a free port) and one headless Chromium with one
context per session; all sessions open the overview at the same moment and each waits for its first
Plotly chart. Measured: each session's time to its first chart, the sessions that failed (timeout,
an error on the page, a connection error), and the server's RSS when warm, at its peak while the
sessions run (sampled every 0.2 s), and after every session has left (closed, then up to 10 s).
Every wait is bounded (--timeout per session); nothing leaves the machine.

Also part of `python -m bench` (the `load` section; `--load N` sets the number of sessions).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import threading
import time
from pathlib import Path

from bench.browser import CHART, CHROMIUM, CHROMIUM_ARGS
from bench.server import rss_mb, server

ROOT = Path(__file__).resolve().parents[1]
EXCEPTION = '[data-testid="stException"]'
SESSIONS = 20
SETTLE_SECONDS = 10  # after the sessions leave, RSS is read again within this long


class _Sampler(threading.Thread):
    """The server's peak RSS, sampled every 0.2 s until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            with contextlib.suppress(OSError, StopIteration):
                self.peak = max(self.peak, rss_mb(self.pid))


async def _session(browser, url: str, start: asyncio.Event, timeout_s: float) -> dict:
    ctx = await browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ja-JP")
    try:
        page = await ctx.new_page()
        await start.wait()
        t0 = time.perf_counter()
        try:
            await page.goto(url, timeout=timeout_s * 1000)
            await page.wait_for_selector(CHART, state="visible", timeout=timeout_s * 1000)
            elapsed = time.perf_counter() - t0
            if await page.locator(EXCEPTION).count():
                return {"ok": False, "error": "error shown on the page", "seconds": elapsed}
            return {"ok": True, "seconds": elapsed}
        except Exception as exc:  # noqa: BLE001 — a failed session is a result, not a crash
            return {"ok": False, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}",
                    "seconds": time.perf_counter() - t0}
    finally:
        await ctx.close()


async def _sessions(url: str, n: int, timeout_s: float) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            warm = await browser.new_context()  # the first visit runs the app once (caches, navigation)
            page = await warm.new_page()
            await page.goto(url, timeout=timeout_s * 1000)
            await page.wait_for_selector(CHART, timeout=timeout_s * 1000)
            await warm.close()
            start = asyncio.Event()
            tasks = [asyncio.create_task(_session(browser, url, start, timeout_s)) for _ in range(n)]
            await asyncio.sleep(0.5)  # every context made; then all sessions start at once
            start.set()
            return await asyncio.gather(*tasks)
        finally:
            await browser.close()


def run(sessions: int = SESSIONS, timeout_s: float = 120.0, app: Path = ROOT / "app.py") -> dict:
    """The load measurement; a dict of per-session times, failures and server RSS (MB)."""
    with server(app) as (url, proc):
        idle = rss_mb(proc.pid)
        sampler = _Sampler(proc.pid)
        sampler.start()
        t0 = time.perf_counter()
        results = asyncio.run(_sessions(url, sessions, timeout_s))
        wall = time.perf_counter() - t0
        sampler.stop.set()
        sampler.join(2)
        after, deadline = rss_mb(proc.pid), time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline:  # sessions end on the server shortly after their sockets close
            time.sleep(1)
            after = rss_mb(proc.pid)
        alive = proc.poll() is None
    times = [r["seconds"] for r in results if r["ok"]]
    return {
        "sessions": sessions, "ok": len(times), "failed": sessions - len(times),
        "errors": sorted({r["error"] for r in results if not r["ok"]}),
        "first_chart_s": {"min": min(times), "median": statistics.median(times), "max": max(times)} if times else None,
        "wall_s": wall, "rss_idle_mb": idle, "rss_peak_mb": max(sampler.peak, idle), "rss_after_mb": after,
        "server_alive": alive,
    }


def table_text(r: dict) -> str:
    """The result as README lines (beside `python -m bench`'s table)."""
    t = r["first_chart_s"]
    times = f"{t['min']:.1f} / {t['median']:.1f} / {t['max']:.1f} s" if t else "none"
    return (f"\nLoad ({r['sessions']} browser sessions at once, `python -m bench.load`): first chart min / median / max "
            f"{times}; {r['ok']} of {r['sessions']} got it, {r['failed']} failed"
            f"{' (' + '; '.join(r['errors']) + ')' if r['errors'] else ''}; server RSS {r['rss_idle_mb']:.0f} MB warm, "
            f"{r['rss_peak_mb']:.0f} MB at peak, {r['rss_after_mb']:.0f} MB after the sessions left.\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=SESSIONS)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds each session may wait for its first chart")
    ap.add_argument("--json", action="store_true", help="print the raw result as JSON")
    args = ap.parse_args(argv)
    result = run(args.sessions, args.timeout)
    print(json.dumps(result, indent=1) if args.json else table_text(result).strip())
    return 0 if result["failed"] == 0 and result["server_alive"] else 1


if __name__ == "__main__":
    sys.exit(main())
