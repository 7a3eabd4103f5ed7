"""The dashboard with bad input: a missing or broken data file shows one friendly page (never a
traceback), and hostile text in the data is shown inert (no HTML, no live markdown link)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import kpi
from kpi import schema
from kpi.build.pipeline import write_parquet
from tests.apptest import run_app
from tests.apptest import fresh_cache  # noqa: F401 (fixtures)
from ui import data as ui_data

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)> $x$ :red[y]"


def run(page: str | None = None, **query: str) -> AppTest:
    return run_app(page, check=False, **query)


def markdown_texts(at: AppTest) -> list[str]:
    """Everything rendered as markdown: headings, text, captions, alerts, link labels."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success")
    out = [e.value for k in kinds for e in at.get(k)]
    return out + [e.value for e in at.page_link] + [m.label for m in at.metric]


@pytest.mark.parametrize("content", [None, b"not a parquet file", b"PAR1\x00\x00garbage"])
def test_unusable_data_file_shows_the_friendly_page(tmp_path, monkeypatch, content):
    path = tmp_path / "kawasaki_h28.parquet"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv(ui_data.ENV_VAR, str(path))
    at = run()
    assert not at.exception
    assert at.title[0].value == "データを読み込めません"
    shown = at.error[0].value.replace("\\", "")
    assert path.name in shown and str(tmp_path) not in shown  # the file named, the server's folder not shown (issue 12)
    assert any("python -m kpi.build" in c.value for c in at.code)
    assert not at.get("plotly_chart")


def test_wrong_schema_version_is_reported(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    table = pq.read_table(kpi.io.DEFAULT_DATA)
    path = tmp_path / "old.parquet"
    pq.write_table(table.replace_schema_metadata({b"kawasaki.schema_version": b"0"}), path)
    monkeypatch.setenv(ui_data.ENV_VAR, str(path))
    at = run()
    assert not at.exception
    assert "schema version 0" in at.error[0].value


def test_friendly_page_in_english(tmp_path, monkeypatch):
    monkeypatch.setenv(ui_data.ENV_VAR, str(tmp_path / "missing.parquet"))
    at = run(lang="en")
    assert at.title[0].value == "The data cannot be loaded"


@pytest.fixture
def hostile_data(tmp_path, monkeypatch) -> Path:
    """The real report with hostile text in program 1's name and its first Check note."""
    r = kpi.read_report()
    notes = r.notes.copy()
    first_check = (notes["program_no"] == 1) & (notes["stage"] == "check") & (notes["seq"] == 1)
    notes.loc[first_check, "text"] = HOSTILE
    programs = r.programs.copy()
    programs.loc[programs["program_no"] == 1, "program_name"] = "起業化総合支援事業" + HOSTILE
    bad = dataclasses.replace(r, notes=notes, programs=programs)
    path = write_parquet({name: bad.table(name) for name in schema.TABLES}, tmp_path / "hostile.parquet")
    monkeypatch.setenv(ui_data.ENV_VAR, str(path))
    return path


@pytest.mark.parametrize("page, query", [
    ("app_pages/4_page_pdca.py", {"program": "1"}),
    ("app_pages/4_page_pdca.py", {"q": "script"}),
    ("app_pages/1_page_overview.py", {}),
    ("app_pages/1_page_overview.py", {"ov_tab": "要対応の指標"}),  # the links named after the programs
    ("app_pages/2_page_attainment.py", {"article": "12"}),
    ("app_pages/2_page_attainment.py", {"article": "12", "at_tab": "指標一覧"}),  # the table's tab
    ("app_pages/3_page_budgets.py", {"level": "program"}),
])
def test_hostile_text_is_inert(hostile_data, page, query):
    at = run(page, **query)
    assert not at.exception, [e.message for e in at.exception]
    html = "\n".join(h.value for h in at.html)
    assert "<script" not in html and "<img" not in html
    for text in markdown_texts(at):  # markdown may carry the text only with its markup escaped (\<, \[)
        assert not re.search(r"(?<!\\)<(script|img)", text) and "](javascript:" not in text, text
    if query.get("program") == "1":
        assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))" in html
    if query.get("q"):
        assert "&lt;<mark>script</mark>&gt;" in html


def test_shared_cached_frames_reach_callers_as_private_copies():
    """The loaders share one cached object across sessions; a page changing its frame must not
    change what the next caller (or another user) gets."""
    import pandas as pd

    from kpi import read_report
    from ui import data

    calls = []

    @data._shared(max_entries=2)
    def load(n: int):
        calls.append(n)
        return read_report().programs

    first = load(1)
    first["program_name"] = "changed"
    first.loc[0, "page"] = 999
    again = load(1)
    assert calls == [1]  # built once, shared
    assert (again["program_name"] != "changed").all() and again.loc[0, "page"] == 16
    assert isinstance(again, pd.DataFrame)
