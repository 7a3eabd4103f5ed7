"""AppTest: 市内産業の現状's tabs. The default view holds the headline and the first chart (the
employment index); each other tab (?cx_tab=…) builds its content only when open, with its picker,
export and page links; a source link of a closed tab still opens; English labels."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.apptest import dialog_blocks, metric, open_menus, run_app
from tests.apptest import shipped_data  # noqa: F401 (fixtures)

CONTEXT = "app_pages/9_page_context.py"
TABS = ["従業者数の変化", "産業構造", "倒産件数", "求人・求職", "実態調査アンケート"]


def run(**query: str) -> AppTest:
    return run_app(CONTEXT, **query)


def pickers(at: AppTest) -> list[str]:
    return [s.key for s in at.selectbox if str(s.key).startswith("src_pick_")]


def links(at: AppTest) -> list[str]:
    return [link.value for link in at.page_link]


def menus(at: AppTest) -> list[str]:
    return [pop.proto.popover.id.split("-", 2)[2] for pop in at.get("popover")]


def dialogs(at: AppTest) -> int:
    return len(dialog_blocks(at))


def test_default_view_is_the_headline_and_the_employment_index_only():
    at = run()
    assert [t.label for t in at.tabs] == TABS
    assert metric(at, "事業所数（平成28年）") == "41,028"
    (chart,) = at.get("plotly_chart")
    assert json.loads(chart.proto.spec)["layout"]["title"]["text"] == "従業者数の変化（平成21年=100）"
    assert not at.dataframe and not at.html and not pickers(at)  # no other tab is built
    assert menus(at) == ["cx_index_menu", "context_deck_menu"] and links(at) == ["p.3"]
    assert [s.value for s in at.subheader if s.value != "表示設定"] == []


def test_each_tab_builds_its_own_content_when_open():
    structure = run(cx_tab="産業構造")
    assert not structure.get("plotly_chart") and len(structure.dataframe) == 1
    assert structure.dataframe[0].value["値"].iloc[0] == 41028
    assert pickers(structure) == ["src_pick_cx_structure"] and links(structure) == ["p.1", "p.3"]
    assert structure.query_params["cx_tab"] in ("産業構造", ["産業構造"])

    bankruptcy = run(cx_tab="倒産件数")
    assert len(bankruptcy.get("plotly_chart")) == 1 and len(bankruptcy.dataframe) == 1
    assert bankruptcy.dataframe[0].value["倒産件数"].tolist() == [64, 81]
    assert pickers(bankruptcy) == ["src_pick_cx_bankruptcy"] and links(bankruptcy) == ["p.6"]
    assert menus(bankruptcy) == ["cx_bankruptcy_menu", "cx_bankruptcy_table_menu", "context_deck_menu"]

    jobs = run(cx_tab="求人・求職")
    assert not jobs.get("plotly_chart") and not jobs.dataframe
    assert len(jobs.html) == 1 and "kw-lines" in jobs.html[0].value  # the statements as printed, numbered
    assert len(links(jobs)) == 1

    survey = run(cx_tab="実態調査アンケート")
    assert len(survey.get("plotly_chart")) == 1 and "D10" in survey.dataframe[0].value.to_string()
    assert pickers(survey) == ["src_pick_cx_survey"] and links(survey) == ["p.7"]
    assert any("発送" in c.value or "回答" in c.value for c in survey.caption)  # the survey's facts with their lines


def test_every_cited_page_is_one_click_away_in_some_tab():
    cited = set()
    for tab in TABS:
        cited |= set(links(run(cx_tab=tab)))
    assert {"p.1", "p.3", "p.6", "p.7"} <= cited  # the pages of every context and survey figure


def test_a_tabs_exports_keep_their_sources():
    at = open_menus(run(cx_tab="倒産件数"))
    labels = [d.label for d in at.get("download_button")]
    assert {"PNG", "CSV", "XLSX", "CSV＋出典", "XLSX＋出典"} <= set(labels)


def test_a_source_link_of_a_closed_tab_still_opens():
    assert dialogs(run(src="ctx:bankruptcies_fy2016")) == 1  # the bankruptcy tab is closed
    opened = run(cx_tab="倒産件数", src="ctx:bankruptcies_fy2016")
    assert dialogs(opened) == 1 and opened.selectbox(key="src_pick_cx_bankruptcy").value == "ctx:bankruptcies_fy2016"
    assert dialogs(run()) == 0


def test_english_tabs():
    at = run(lang="en")
    assert [t.label for t in at.tabs] == ["Employees", "Industry structure", "Bankruptcies", "Jobs", "Business survey"]
    assert "Bankruptcies (liabilities of ¥10 million or more)" in [s.value for s in run(lang="en", cx_tab="Bankruptcies").subheader]
