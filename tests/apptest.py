"""Shared AppTest plumbing for the app's test modules: the app path, cache clearing, one run, opening
the export menus, and the fixtures several modules use (import them into a module to use them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import kpi
from kpi import store
from tests.report_factory import two_report_folder
from ui import data as ui_data
from ui import figures as ui_figures
from ui import views as ui_views

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def clear_caches() -> None:
    """Empty Streamlit's caches (they are shared by every AppTest in the process)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    ui_figures.clear()  # kept outside Streamlit's caches
    ui_views.clear()
    ui_data.clear()


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


def open_menus(at: AppTest) -> AppTest:
    """Every export menu opened (ui.menu builds a menu's buttons only while its popover is open), rerun."""
    for pop in at.get("popover"):
        element_id = pop.proto.popover.id  # "$$ID-<hash>-<user key>" for a popover that tracks its state
        if element_id:
            at.session_state[element_id.split("-", 2)[2]] = True
    return at.run()


def dialog_blocks(at: AppTest) -> list:
    """The open st.dialog blocks of the app's element tree."""
    def walk(node):
        for c in getattr(node, "children", {}).values():
            proto = getattr(c, "proto", None)
            if type(c).__name__ == "Block" and proto is not None and proto.WhichOneof("type") == "dialog":
                yield c
            yield from walk(c)

    return list(walk(at._tree))


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return found[0]


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(autouse=True, scope="module")
def shipped_data():
    """The module reads the shipped data file through a cache emptied before and after it."""
    mp = pytest.MonkeyPatch()
    mp.delenv(ui_data.ENV_VAR, raising=False)
    clear_caches()
    yield
    clear_caches()
    mp.undo()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts and ends with empty caches."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def shipped(monkeypatch) -> None:
    """The app reads the shipped data file (whatever the environment says)."""
    monkeypatch.delenv(ui_data.ENV_VAR, raising=False)


@pytest.fixture(scope="module")
def two_folder(tmp_path_factory) -> Path:
    """A data folder with the dataset and the FY2017 report accepted beside it (tests.report_factory)."""
    return two_report_folder(tmp_path_factory.mktemp("two") / "data")


@pytest.fixture
def two_reports(two_folder, monkeypatch) -> Path:
    """The app reads the two-report folder."""
    monkeypatch.setenv(ui_data.ENV_VAR, str(two_folder))
    return two_folder


@pytest.fixture()
def folder(tmp_path) -> Path:
    """A data folder: the built dataset and an empty reports/ folder; returns the dataset's path."""
    base = tmp_path / "data" / "kawasaki_h28.parquet"
    base.parent.mkdir()
    shutil.copyfile(kpi.io.DEFAULT_DATA, base)
    (base.parent / store.REPORTS_DIRNAME).mkdir()
    return base
