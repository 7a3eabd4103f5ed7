"""Shared AppTest plumbing for the app's test modules: the app path, cache clearing, one run."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def clear_caches() -> None:
    """Empty Streamlit's caches (they are shared by every AppTest in the process)."""
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(page: str | None = None, timeout: float = 30, check: bool = True, **query: str) -> AppTest:
    """The app after one run with `query` as URL parameters, switched to `page`; with `check`, no exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    if check:
        assert not at.exception, [e.message for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return found[0]
