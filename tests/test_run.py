"""ui.run: values worked out once per script run (and again on the next run), nothing kept outside a
run, and the process-wide Kept store (least recently used dropped first)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui import run


def memo_script():
    """Three asks in one run, the second after a forget; each run counts its own computations."""
    import streamlit as st

    from ui import run

    calls = st.session_state.setdefault("calls", [])

    def compute():
        calls.append(len(calls))
        return len(calls)

    first = run.once("x", compute)
    again = run.once("x", compute)
    run.forget("x")
    after = run.once("x", compute)
    st.text(repr((first, again, after)))


def test_once_per_run_and_again_on_the_next_run():
    at = AppTest.from_function(memo_script, default_timeout=30)
    at.run()
    assert not at.exception
    assert eval(at.text[0].value) == (1, 1, 2)  # noqa: S307 (our own repr)
    at.run()
    assert eval(at.text[0].value) == (3, 3, 4)  # noqa: S307 — a new run computes again


def test_outside_a_run_every_call_computes():
    calls = []
    assert [run.once("y", lambda: calls.append(1) or len(calls)) for _ in range(3)] == [1, 2, 3]
    run.forget("y")  # no run: nothing to forget, no error


def test_kept_builds_once_per_key_and_drops_the_least_recently_used():
    kept, built = run.Kept(2), []

    def make(k):
        return lambda: built.append(k) or f"v{k}"

    assert kept.get("a", make("a")) == "va" and kept.get("a", make("a")) == "va"
    kept.get("b", make("b"))
    kept.get("a", make("a"))  # a used last: b is dropped next
    kept.get("c", make("c"))
    kept.get("a", make("a"))
    kept.get("b", make("b"))
    assert built == ["a", "b", "c", "b"]
    kept.clear()
    kept.get("a", make("a"))
    assert built[-1] == "a"


def test_kept_computes_a_key_once_when_callers_arrive_together():
    import threading
    import time

    kept, built, got = run.Kept(4), [], []
    gate = threading.Barrier(8)

    def slow():
        built.append(1)
        time.sleep(0.2)  # long enough for every other thread to ask meanwhile
        return "value"

    def ask():
        gate.wait()
        got.append(kept.get("report", slow))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert built == [1] and got == ["value"] * 8


def test_kept_does_not_keep_a_failure_and_lets_the_next_caller_try_again():
    kept = run.Kept(4)

    def broken():
        raise ValueError("unreadable")

    with pytest.raises(ValueError):
        kept.get("k", broken)
    assert kept.get("k", lambda: "ok") == "ok"
