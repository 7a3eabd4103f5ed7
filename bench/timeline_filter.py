"""A filter change on a timeline inside the page: `python -m bench.timeline_filter [--repeats N]`.

The same changes as bench/browser.py's filter rows (目標達成状況's article selectbox, 予算's level control,
and the one-chart reference page's two widgets), interleaved repeat by repeat. A script added to each page
before it loads records, in the page's own clock: the pointer-down, every message the page sends on the
websocket (the rerun request) and every server message it handles. The bench's own check then waits for
the changed chart, and the click-to-paint time is taken as the bench takes it.

Per change it prints: ms from the pointer-down to the request, to the first and the last server message,
to the paint, and the number of server messages. The message times are taken when the page's handler
runs, so they include any wait for the page's main thread. The README's Benchmarks section quotes them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench import browser as B
from bench.server import server

# Before the page's own scripts: the pointer-down, each websocket send and each server message handled.
RECORDER = """
window.__kwTimeline = {down: null, sent: [], received: []};
addEventListener('pointerdown', () => { window.__kwTimeline.down = performance.now(); }, true);
const kwSend = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) { window.__kwTimeline.sent.push(performance.now()); return kwSend.call(this, data); };
const KwSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const ws = new KwSocket(...args);
  ws.addEventListener('message', (e) => window.__kwTimeline.received.push([performance.now(), e.data.byteLength || e.data.size || 0]));
  return ws;
};
window.WebSocket.prototype = KwSocket.prototype;
Object.assign(window.WebSocket, KwSocket);
"""
RESET = "() => { const t = window.__kwTimeline; t.down = null; t.sent = []; t.received = []; }"
FIELDS = ("request_ms", "first_message_ms", "last_message_ms", "painted_ms", "messages")


def summarise(timeline: dict, painted_s: float) -> dict:
    """One change's times from the pointer-down (ms): the first request sent after it, the first and last
    server messages handled after that request, the paint (the bench's click-to-paint time), and the
    number of those messages. ValueError when the page recorded no pointer-down or no request."""
    down = timeline.get("down")
    if down is None:
        raise ValueError("no pointer-down recorded")
    sent = [t for t in timeline["sent"] if t >= down]
    if not sent:
        raise ValueError("no request sent after the pointer-down")
    answers = [t for t, _ in timeline["received"] if t >= sent[0]]
    return {"request_ms": sent[0] - down, "first_message_ms": answers[0] - down if answers else None,
            "last_message_ms": answers[-1] - down if answers else None, "painted_ms": painted_s * 1000,
            "messages": len(answers)}


def change(browser, url: str, key: str, kind: str) -> dict | None:
    """One change of widget `key` in a fresh context, on the timeline (None when the widget is absent)."""
    ctx = B._context(browser)
    try:
        ctx.add_init_script(RECORDER)
        page = ctx.new_page()
        before, act = B.ready_to_change(page, url, key, kind)
        if act is None:
            return None
        page.evaluate(RESET)
        t0 = time.perf_counter()
        act()
        B.wait_for_changed_chart(page, before)
        painted = time.perf_counter() - t0
        return summarise(page.evaluate("() => window.__kwTimeline"), painted)
    finally:
        ctx.close()


def medians(rows: list[dict]) -> dict:
    return {f: statistics.median(r[f] for r in rows if r[f] is not None) if any(r[f] is not None for r in rows) else None
            for f in FIELDS}


def table(results: dict[str, list[dict]]) -> str:
    """A markdown table: per change, the median of each field and the range of the paint."""
    head = "| change | request | first message | last message | painted (min–max) | messages |\n|---|---|---|---|---|---|\n"
    body = ""
    for name, rows in results.items():
        if not rows:
            body += f"| {name} | not measured | | | | |\n"
            continue
        m = medians(rows)
        paints = [r["painted_ms"] for r in rows]
        body += (f"| {name} | {m['request_ms']:.0f} | {m['first_message_ms']:.0f} | {m['last_message_ms']:.0f} | "
                 f"{m['painted_ms']:.0f} ({min(paints):.0f}–{max(paints):.0f}) | {m['messages']:.0f} |\n")
    return head + body


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    refs = B.reference_apps()
    results: dict[str, list[dict]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=B.CHROMIUM, headless=True, args=B.CHROMIUM_ARGS)
        try:
            with server(B.ROOT / "app.py") as (url, _), server(refs["one_chart"]) as (ref_url, _):
                base = url.rstrip("/")
                changes = {}
                for name, (key, kind, ref_key) in B.FILTERS.items():
                    changes[f"one-chart reference: {kind}"] = (ref_url, ref_key, kind)
                    changes[f"/{name}: {key}"] = (f"{base}/{name}", key, kind)
                for args_ in changes.values():  # the servers' caches for each view; not counted
                    change(browser, *args_)
                for _ in range(args.repeats):
                    for name, args_ in changes.items():
                        r = change(browser, *args_)
                        results.setdefault(name, [])
                        if r is not None:
                            results[name].append(r)
        finally:
            browser.close()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
