"""ui.views: what a page builds for its screen, kept per cheap key; ui.frames.Shown's Arrow table and
escaped frame made once; the source picker's references kept under the page's options."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from ui import data, frames, views
from ui.safe import md_escape
from ui.state import Prefs

CALLS: list[str] = []


def built(p: Prefs, level: str) -> dict:
    CALLS.append(level)
    return {"level": level, "lang": p.lang}


@pytest.fixture(autouse=True)
def fresh():
    views.clear()
    CALLS.clear()
    yield
    views.clear()


def test_a_view_is_built_once_per_options_and_prefs_and_shared():
    p = Prefs("ja")
    one = views.kept(built, ("article",), p, "article")
    assert views.kept(built, ("article",), p, "article") is one and CALLS == ["article"]
    views.kept(built, ("program",), p, "program")
    views.kept(built, ("article",), Prefs("en"), "article")
    assert CALLS == ["article", "program", "article"]


def test_two_page_functions_of_the_same_name_in_different_files_are_two_views():
    # every page file runs as __main__, so a module and a name alone would not tell them apart
    first, second = {}, {}
    exec(compile("def view(p):\n    return 'overview'\n", "app_pages/1_page_overview.py", "exec"), first)
    exec(compile("def view(p):\n    return 'budgets'\n", "app_pages/3_page_budgets.py", "exec"), second)
    p = Prefs("ja")
    assert views.kept(first["view"], (), p) == "overview"
    assert views.kept(second["view"], (), p) == "budgets"


def test_changed_data_files_give_a_new_view(monkeypatch):
    p = Prefs("ja")
    views.kept(built, (), p, "article")
    key = data.files_key()
    monkeypatch.setattr(data, "files_key", lambda: key + (("other.parquet", 1.0, 1),))
    views.kept(built, (), p, "article")
    assert CALLS == ["article", "article"]


def test_cheap_key_refuses_what_it_cannot_see():
    with pytest.raises(TypeError):
        views.kept(built, (object(),), Prefs("ja"), "x")
    assert views.cheap_key(frozenset({"b", "a"})) == ("a", "b")


def test_shown_arrow_is_the_table_streamlit_makes_from_the_frame_and_is_made_once():
    rollup = data.article_rollup(("川崎市", 2016), 2016, exclude=())
    shown = frames.article_rollup(rollup, Prefs("ja"))
    table = shown.arrow
    assert isinstance(table, pa.Table) and shown.arrow is table
    assert table.equals(dataframe_util.convert_pandas_df_to_arrow_table(shown.frame))
    assert table.to_pandas().equals(shown.frame)


def test_shown_escaped_keeps_data_text_inert():
    shown = frames.Shown(pd.DataFrame({"名称*": ["**太字** [link](http://x)", None], "n": [1, 2]}))
    esc = shown.escaped
    assert shown.escaped is esc
    assert list(esc.columns) == ["名称\\*", "n"]
    assert esc.iloc[0, 0] == md_escape("**太字** [link](http://x)") and esc.iloc[1, 0] == ""
    assert esc.iloc[0, 0].startswith("\\*\\*太字\\*\\* \\[link\\]") and "://" not in esc.iloc[0, 0]
    assert list(esc["n"]) == [1, 2]
    assert shown.frame.iloc[0, 0] == "**太字** [link](http://x)"  # the export frame is untouched


def test_the_picker_kept_under_options_offers_what_the_hashing_picker_offers():
    def app():
        from ui import data, source_view
        from ui.state import prefs

        missed = data.missed_targets(prefs().key, 2016)
        source_view.picker(missed, "ja", "hashed")
        source_view.picker(missed, "ja", "kept", options=(2016,))

    at = AppTest.from_function(app, default_timeout=60)
    at.run()
    assert not at.exception
    hashed, kept = (list(s.options) for s in at.selectbox)
    assert len(hashed) > 20 and kept == hashed
    at.run()  # the second run reads the kept references
    assert [list(s.options) for s in at.selectbox] == [hashed, hashed]
