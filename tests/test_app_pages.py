"""The dashboard's pages through streamlit.testing.v1.AppTest: each page renders, each filter changes
the rows as expected (with the report's real values), the URL keeps the view, the language and
presenter switches change what is shown, and a program opens with its Check and Action."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import metric, open_menus, run_app
from tests.apptest import shipped_data  # noqa: F401 (fixtures)

OVERVIEW, ATTAINMENT, BUDGETS, PDCA = (
    "app_pages/1_page_overview.py", "app_pages/2_page_attainment.py", "app_pages/3_page_budgets.py", "app_pages/4_page_pdca.py")
CHECK_1 = "起業に向けた段階的な支援に取り組んでいる点は評価できる。"
ACTION_1 = "かわさき起業家塾の参加人数が目標値を下回ったことなどから"


def run(page: str | None = None, **query: str) -> AppTest:
    """The app after one run with `query` as URL parameters, switched to `page`."""
    return run_app(page, **query)


def html_text(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def table(at: AppTest, n: int = 0):
    return at.dataframe[n].value


# --------------------------------------------------------------------------- every page
@pytest.mark.parametrize("page, heading, charts", [
    (OVERVIEW, "概要", 1), (ATTAINMENT, "目標達成状況", 1), (BUDGETS, "予算", 1), (PDCA, "PDCA", 0)])
def test_every_page_renders(page, heading, charts):
    at = run(page)
    assert at.title[0].value == heading
    assert len(at.get("plotly_chart")) == charts
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        assert spec["layout"]["title"]["text"], "every chart has a title"
        assert spec["layout"]["font"]["family"].startswith("Noto Sans CJK JP")
        assert any(a["text"].startswith("出典：川崎市 平成28年度 中小企業活性化施策実施状況報告書")
                   for a in spec["layout"]["annotations"])


# --------------------------------------------------------------------------- overview
def test_overview_headline_counts():
    at = run()
    assert metric(at, "事業数") == "65"
    assert metric(at, "重点事業") == "23"
    assert [metric(at, s) for s in ("○ 達成", "△ 概ね達成", "× 未達成", "－ 評価不能")] == ["38", "8", "11", "0"]


def open_scope(at: AppTest) -> AppTest:
    """概要's money-scope expander opened (its toggles are built only while it is open), rerun."""
    at.session_state["ov_scope"] = True
    return at.run()


def test_overview_scope_toggles_change_h28_budget_total():
    # the one money scope (kpi.scope): both scale outliers are left out by default, as on 予算
    at = run()
    assert metric(at, "平成28年度予算") == "1,012,370千円"
    info = [i.value.replace("\\", "") for i in at.info]
    assert any("間接融資事業" in i and "新川崎・創造のもり推進事業" in i and "含めると" in i and "28,947,540千円" in i for i in info)
    open_scope(at)
    at.toggle(key="loan").set_value(True).run()
    assert metric(at, "平成28年度予算") == "24,908,370千円"
    at.toggle(key="airbic").set_value(True).run()
    assert metric(at, "平成28年度予算") == "28,947,540千円"
    assert any("すべての事業を含みます" in i.value and "AIRBIC" in i.value for i in at.info)
    assert at.query_params["loan"] in ("1", ["1"])


def test_overview_scope_controls_are_built_only_while_open_and_the_url_keeps_the_scope():
    at = run()
    assert not at.toggle  # closed: no toggles built, the scope read from the URL
    open_scope(at)
    assert [t.key for t in at.toggle] == ["loan", "airbic"]
    at.toggle(key="loan").set_value(True).run()
    at.session_state["ov_scope"] = False
    at.run()
    assert not at.toggle
    assert metric(at, "平成28年度予算") == "24,908,370千円"  # closed again: the scope chosen is kept
    assert any("新川崎・創造のもり推進事業" in i.value and "間接融資事業（" not in i.value for i in at.info)
    open_scope(at)
    assert at.toggle(key="loan").value is True and at.toggle(key="airbic").value is False
    # a copied link with the scope, expander closed: the same totals and statement
    linked = run(loan="1", airbic="1")
    assert not linked.toggle and metric(linked, "平成28年度予算") == "28,947,540千円"
    assert any("すべての事業を含みます" in i.value for i in linked.info)


def test_overview_default_view_builds_only_the_chart_tab():
    at = run()
    assert [t.label for t in at.tabs] == ["条別の達成状況", "条別の集計", "要対応の指標", "データ品質"]
    assert len(at.get("plotly_chart")) == 1
    assert not at.dataframe and not at.table and not at.page_link  # the other tabs are not built
    assert [s.key for s in at.selectbox if str(s.key).startswith("src_pick_")] == []
    menus = [pop.proto.popover.id.split("-", 2)[2] for pop in at.get("popover")]
    assert menus == ["ov_by_article_menu", "overview_deck_menu"]  # the chart's export menu, the slides menu (both closed)
    # another tab open: its content, and not the chart's
    rollup = run(ov_tab="条別の集計")
    assert len(rollup.dataframe) == 2 and not rollup.get("plotly_chart") and not rollup.page_link
    assert metric(rollup, "平成28年度予算") == "1,012,370千円"  # the headline and money stay above the tabs
    assert rollup.query_params["ov_tab"] in ("条別の集計", ["条別の集計"])


def test_overview_rollup_has_every_article_and_a_total():
    at = run(ov_tab="条別の集計")
    rollup = table(at, 0)
    assert rollup["条"].tolist() == [f"第{n}条" for n in range(12, 20)] + ["合計"]
    assert rollup.iloc[-1]["指標数"] == 57
    assert rollup.set_index("条").loc["第12条", "× 未達成"] == 4
    money = table(at, 1)
    assert money.iloc[-1]["平成28年度予算(千円)"] == 1012370  # the scope of the totals above
    assert any("含めると" in c.value for c in at.caption)  # with the scope statement beside it


def test_overview_needs_attention_links_to_the_programs_pdca():
    at = run(ov_tab="要対応の指標")
    links = at.page_link
    assert len(links) == 11  # every missed FY2016 indicator
    first = links[0]
    assert "ナノ・マイクロ機器利用促進補助金利用件数" in first.value and "40.0%" in first.value.replace("\\", "")
    assert first.value.replace("\\", "").index("新川崎・創造のもり推進事業") < first.value.index("ナノ")  # program first
    assert first.proto.page == "pdca" or "pdca" in first.proto.page
    assert at.selectbox(key="src_pick_ov_attention").options  # its source picker
    labels = [d.label for d in open_menus(at).get("download_button")]
    assert {"CSV", "XLSX", "CSV＋出典", "XLSX＋出典"} <= set(labels)  # and its export


def test_overview_data_quality_lists_every_correction_and_discrepancy():
    at = run(ov_tab="データ品質")
    corr, disc = at.table[0].value, at.table[1].value  # static tables: long reasons wrap
    assert len(corr) == 18 and len(disc) == 10
    c01 = corr.set_index("ID").loc["C01"]
    assert (c01["報告書の印字"], c01["採用した値"]) == ("13,0000", "130000")
    assert "カワサキハロウィンの来場者数" in c01["対象"] and "最大の来場者数" in c01["理由"]
    assert corr.set_index("ID").loc["C16", "採用した値"] == "ファブリケーション"
    assert disc.set_index("ID").loc["D01", "対象"] == "ものづくり中小企業経営革新等支援事業"
    assert [e.label for e in at.expander][1:] == ["修正（18件）", "不一致（10件）"]  # after the scope's
    assert {"src_pick_ov_corrections", "src_pick_ov_discrepancies"} <= {s.key for s in at.selectbox}


def dialog_titles(at: AppTest) -> list[str]:
    """The titles of the dialogs open (the source view)."""
    def walk(node):
        for c in getattr(node, "children", {}).values():
            proto = getattr(c, "proto", None)
            if type(c).__name__ == "Block" and proto is not None and proto.WhichOneof("type") == "dialog":
                yield proto.dialog.title
            yield from walk(c)

    return list(walk(at._tree))


def test_overview_source_of_a_closed_tab_opens_from_the_url():
    at = run(src="disc:D01")  # the data-quality tab is closed: a link naming its value still opens the source
    assert dialog_titles(at) == ["出典（報告書の記載）"]
    opened = run(ov_tab="データ品質", src="disc:D01")
    assert len(dialog_titles(opened)) == 1
    assert opened.selectbox(key="src_pick_ov_discrepancies").value == "disc:D01"  # opened by its picker
    assert not dialog_titles(run())


def test_overview_in_english_names_its_tabs():
    at = run(lang="en")
    assert [t.label for t in at.tabs] == ["Attainment by article", "Roll-up by article", "Needs attention", "Data quality"]
    links = run(lang="en", ov_tab="Needs attention").page_link
    assert len(links) == 11 and links[0].proto.query_string == "program=16&lang=en"
    assert "Target 5件 → Actual 2件" in links[0].value


# --------------------------------------------------------------------------- attainment filters
def names(at: AppTest) -> list[str]:
    return table(at)["指標"].tolist()


AT_TABLE, AT_SLIDES = "table", "slides"  # 目標達成状況's views (?at_tab=…); the chart is shown by default


def test_attainment_default_is_fy2016_all_statuses():
    at = run(ATTAINMENT, at_tab=AT_TABLE)
    df = table(at)
    assert len(df) == 57 and set(df["年度"]) == {"平成28年度"}


def test_attainment_status_filter_missed():
    at = run(ATTAINMENT, at_tab=AT_TABLE)
    at.button_group(key="status").set_value(["missed"]).run()
    df = table(at).set_index("指標")
    assert len(df) == 11 and set(df["達成状況"]) == {"× 未達成"}
    row = df.loc["かわさき起業家塾の参加人数"]
    assert (row["目標"], row["実績"], row["達成率(%)"]) == (20, 14, 70.0)
    assert "かわさき起業家オーディションの開催回数" not in df.index
    assert at.query_params["status"] in ("missed", ["missed"])


def test_attainment_filters_come_from_the_url():
    at = run(ATTAINMENT, status="missed", article="12", at_tab=AT_TABLE)
    assert set(names(at)) == {"かわさき起業家塾の参加人数", "川崎市創業支援事業計画全体での創業実績件数",
                              "起業・創業セミナーの参加者数", "KSソーシャル・ビジネス・アカデミーの修了生数"}


def test_attainment_article_filter():
    at = run(ATTAINMENT, at_tab=AT_TABLE)
    at.selectbox(key="article").set_value(13).run()
    df = table(at)
    assert set(df["条"]) == {"第13条"} and len(df) == 4
    assert set(df["事務事業名"]) == {"知的財産戦略の推進"}


def test_attainment_fiscal_year_filter():
    at = run(ATTAINMENT, at_tab=AT_TABLE)
    at.segmented_control(key="year").set_value("2015").run()
    df = table(at)
    assert len(df) == 57 and set(df["年度"]) == {"平成27年度"}
    at.segmented_control(key="year").set_value("both").run()
    assert len(table(at)) == 114


def test_attainment_text_search():
    at = run(ATTAINMENT, at_tab=AT_TABLE)
    at.text_input(key="q").set_value("起業家").run()
    assert sorted(names(at)) == ["かわさき起業家オーディションの開催回数", "かわさき起業家塾の参加人数"]


def test_attainment_marks_corrected_values():
    at = run(ATTAINMENT, q="ハロウィン", at_tab=AT_TABLE)
    row = table(at).iloc[0]
    assert row["実績"] == 130000
    assert row["✎ 修正"].startswith("✎") and "13,0000" in row["✎ 修正"] and "C01" in row["✎ 修正"]


def test_attainment_chart_has_the_100_and_near_miss_lines():
    at = run(ATTAINMENT)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    xs = sorted(s["x0"] for s in spec["layout"]["shapes"])
    assert xs == [90, 100]
    plotted = [y for tr in spec["data"] if tr.get("mode") == "markers"
               for x, y in zip(tr.get("x") or [], tr.get("y") or []) if x is not None]
    assert len(plotted) == 57


def test_attainment_views_build_only_the_chosen_one():
    at = run(ATTAINMENT)  # the first screen: the filters and the chart with its export menu
    assert len(at.get("plotly_chart")) == 1 and not at.dataframe
    assert not [s for s in at.selectbox if s.key == "src_pick_at_table"]
    assert not [b for b in at.button if b.key == "attainment_deck"] and not [x for x in at.toggle if x.key == "missed_deck_on"]
    at = run(ATTAINMENT, at_tab=AT_TABLE, article="12")  # the table, its source picker and the peers link
    assert not at.get("plotly_chart") and len(table(at)) == 14 and set(table(at)["条"]) == {"第12条"}
    assert at.selectbox(key="src_pick_at_table").options
    assert [x for x in at.get("page_link") if x.proto.label == "他都市の類似の取組"]
    at = run(ATTAINMENT, at_tab=AT_SLIDES)  # one slide per article, the missed targets' slides on request
    assert not at.get("plotly_chart") and not at.dataframe
    assert len(at.multiselect(key="attainment_deck_pick").options) == 7  # 第12条–第18条 have indicators
    at.segmented_control(key="year").set_value("2015").run()  # the filters stay above every view
    assert at.query_params["at_tab"] in (AT_SLIDES, [AT_SLIDES]) and at.query_params["year"] in ("2015", ["2015"])


def test_selecting_a_row_opens_that_programs_pdca():
    at = run(ATTAINMENT, article="13", at_tab=AT_TABLE)
    at.session_state["at_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.title[0].value == "PDCA"
    assert at.selectbox(key="program").value == 13
    assert "知的財産戦略の推進" in html_text(at)


# --------------------------------------------------------------------------- PDCA
def test_program_from_query_params_shows_check_and_action():
    at = run(PDCA, program="1")
    text = html_text(at)
    assert "起業化総合支援事業" in text
    assert CHECK_1 in text and ACTION_1 in text
    assert at.markdown  # stage headings
    headings = [m.value for m in at.markdown]
    assert "#### 検証意見 Check" in headings and "#### 対応 Action" in headings


def test_program_first_screen_holds_pdca_and_indicators_money_opens_on_demand():
    at = run(PDCA, program="15")
    assert "ものづくり中小企業経営革新等支援事業" in html_text(at) and "第14条" in html_text(at)
    ind = table(at)  # the indicators on the first screen
    assert len(ind) == 6 and list(ind["指標"].unique()) == ["新技術・新製品開発等支援の件数", "産学共同研究開発プロジェクト支援の件数", "経営改善事業支援の件数"]
    assert ind.loc[(ind["指標"] == "新技術・新製品開発等支援の件数") & (ind["年度"] == "平成28年度"), "実績"].iloc[0] == 3
    more = next(e for e in at.expander if e.label == "金額・備考・出典を見る")
    assert not more.children and not at.metric and not at.warning  # closed: built nothing
    assert not [s for s in at.selectbox if s.key == "src_pick_pd_program_15"]
    assert any(l.proto.label == "他都市の類似の取組" for l in at.get("page_link"))
    at.session_state["pd_more"] = True
    at.run()
    assert not at.exception
    assert metric(at, "平成28年度予算") == "17,463千円" and metric(at, "平成29年度予算") == "36,190千円"
    assert metric(at, "増減") == "+18,727千円" and metric(at, "執行率(%)") == "80.1%"
    assert "+16,927千円" in at.warning[0].value  # D01: the stated change differs
    assert at.selectbox(key="src_pick_pd_program_15").options  # 出典を見る


def test_program_view_is_built_once_per_program_and_prefs(monkeypatch):
    from tests.apptest import clear_caches
    from ui import frames, safe

    clear_caches()  # views kept by earlier tests would not be built again
    calls = {"indicators": 0, "notes": 0}
    real_ind, real_notes = frames.program_indicators, safe.notes_html
    monkeypatch.setattr(frames, "program_indicators", lambda *a, **k: calls.__setitem__("indicators", calls["indicators"] + 1) or real_ind(*a, **k))
    monkeypatch.setattr(safe, "notes_html", lambda *a, **k: calls.__setitem__("notes", calls["notes"] + 1) or real_notes(*a, **k))
    at = run(PDCA, program="1")
    built = dict(calls)
    assert built["indicators"] == 1 and built["notes"] >= 4
    at.run()
    at.run()
    assert calls == built and CHECK_1 in html_text(at)  # reruns show the kept view
    at.radio(key="lang").set_value("en").run()  # other prefs: built again, in English
    assert calls["indicators"] == 2 and "#### Council's check" in [m.value for m in at.markdown]


def test_program_selector_lists_all_65_programs_and_article_19():
    at = run(PDCA)
    options = at.selectbox(key="program").options
    assert len(options) == 66
    assert options[0].startswith("第12条｜1. 起業化総合支援事業")


def test_nonkey_program_shows_its_h28_h29_descriptions():
    at = run(PDCA, program="5")
    text = html_text(at)
    assert "かわさき基準" in text
    headings = [m.value for m in at.markdown]
    assert "#### 平成28年度の実績" in headings and "#### 平成29年度の概要" in headings


def test_article_19_procurement_notes():
    at = run(PDCA, program="a19")
    assert "全庁的な「入札制度・発注等検討委員会」の発足は適切。" in html_text(at)


def test_full_text_search_highlights_matches():
    at = run(PDCA, q="ベンチャー 育てる")
    text = html_text(at)
    assert "<mark>ベンチャー</mark>" in text and "<mark>育てる</mark>" in text


def test_staff_view_missed_targets_with_check_and_action():
    at = run(PDCA, pdca_tab="未達成の指標")  # only the open tab is built
    text = html_text(at)
    assert "ナノ・マイクロ機器利用促進補助金利用件数" in text
    at.multiselect(key="staff").set_value(["near_miss"]).run()
    text = html_text(at)
    assert "ナノ・マイクロ機器利用促進補助金利用件数" not in text
    assert "KBIC入居者に対する経営相談等の支援件数" in text


# --------------------------------------------------------------------------- budgets
def test_budgets_say_what_is_hidden_and_toggles_bring_it_back():
    at = run(BUDGETS, level="program")
    assert any("間接融資事業" in i.value and "新川崎・創造のもり推進事業" in i.value for i in at.info)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "間接融資事業" not in spec["data"][0]["y"]
    at.toggle(key="loan").set_value(True).run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "間接融資事業" in spec["data"][0]["y"]
    at = run(BUDGETS, tab="事業別の表")
    assert len(table(at, 0)) == 65  # the table never hides a program
    assert list(table(at, 0).columns)[0] == "事務事業名"


def test_budgets_default_tab_builds_only_its_chart():
    at = run(BUDGETS)  # 予算と決算: the budget chart with its export menu; no other tab's chart, table or picker
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == ["bu_budget"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"].startswith("予算と決算") and len(spec["data"]) == 3  # one trace per measure
    assert spec["data"][0]["y"][0].startswith("第12条")
    assert not at.dataframe and not [s for s in at.selectbox if str(s.key).startswith("src_pick_")]
    at.session_state["budgets_deck_menu"] = True  # the slides popover: the open tab's one chart
    assert len(at.run().multiselect(key="budgets_deck_pick").options) == 1
    at.segmented_control(key="level").set_value("program").run()  # the level changes the (kept) chart
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "起業化総合支援事業" in spec["data"][0]["y"] and at.query_params["level"] in ("program", ["program"])
    assert any("含めると" in i.value for i in at.info)
    at.toggle(key="loan").set_value(True).run()
    at.toggle(key="airbic").set_value(True).run()  # the scope statement follows the toggles
    assert any("すべての事業を含みます" in i.value for i in at.info) and not any("含めると" in i.value for i in at.info)
    at = run(BUDGETS, tab="執行率")  # another tab: its chart only
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == ["bu_exec"]


def test_budgets_money_charts_carry_their_own_controls():
    """Level and log scale drive the two money charts only: shown with them, absent elsewhere, kept in the URL."""
    at = run(BUDGETS, tab="nonkey", level="program", log="1")
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == ["bu_nonkey"]
    assert at.segmented_control(key="level").value == "program" and at.toggle(key="log").value is True
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["type"] == "log" and len(spec["data"][0]["y"]) > 8  # per program, log scale
    for view in ("exec", "change", "table", "proc"):
        other = run(BUDGETS, tab=view, level="program", log="1")
        assert not other.exception, view
        assert [w for w in other.segmented_control if w.key == "level"] == [] and [w for w in other.toggle if w.key == "log"] == [], view
        assert other.query_params.get("level") in ("program", ["program"]), view  # kept for the money views


def test_page_deck_replaces_a_redrawn_chart_in_place():
    """A fragment rerun redraws its chart into the page's deck: the slide is replaced, not added twice."""
    from ui.deck import PageDeck
    from ui.export import SlideSpec

    deck = PageDeck("予算")
    first, other, redrawn = (SlideSpec(t, None, "", t) for t in ("条別", "執行率", "事業別"))
    deck.add(first, key="bu_budget")
    deck.add(other, key="bu_exec")
    deck.add(SlideSpec("注記なし", None, "", ""))  # unkeyed: always appended
    deck.add(redrawn, key="bu_budget")
    assert [s.title for s in deck.items] == ["事業別", "執行率", "注記なし"]


def test_budgets_explain_the_stated_change_discrepancy():
    at = run(BUDGETS, tab="増減")
    text = html_text(at)
    assert "D01" in text and "ものづくり中小企業経営革新等支援事業" in text and "16,927千円増" in text


def test_budgets_procurement_share():
    at = run(BUDGETS, tab="第19条 発注")  # 第19条 in its own tab, kept in the URL
    share = table(at, 0)
    works = share[(share["区分"] == "工事") & (share["年度"] == "平成28年度")].iloc[0]
    assert works["割合（%）"] == 68.1 and works["前年度差（ポイント）"] == -18.3


# --------------------------------------------------------------------------- presenter options and language
def test_language_switch_changes_ui_labels():
    at = run()
    assert at.title[0].value == "概要"
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Overview"
    assert metric(at, "Programs") == "65"
    assert at.query_params["lang"] in ("en", ["en"])
    at = run(PDCA, lang="en", program="1")
    assert "#### Council's check" in [m.value for m in at.markdown]
    assert CHECK_1 in html_text(at)  # data text stays Japanese


def test_money_unit_and_fiscal_year_style():
    at = run(unit="百万円", fy="western")
    assert metric(at, "2016年度予算") == "1,012.4百万円"
    at = run(unit="億円")
    assert metric(at, "平成28年度予算") == "10.12億円"


def test_invalid_url_values_fall_back_to_defaults():
    at = run(ATTAINMENT, lang="xx", article="99", status="bogus", year="1999", at_tab=AT_TABLE)
    assert at.title[0].value == "目標達成状況"
    df = table(at)
    assert len(df) == 57 and set(df["年度"]) == {"平成28年度"}


# --------------------------------------------------------------------------- exports
def test_every_chart_and_table_has_an_export_menu():
    at = open_menus(run(ATTAINMENT))  # the chart (its frame: the table's rows)
    labels = [d.label for d in at.get("download_button")]
    assert labels.count("CSV") == 1 and labels.count("XLSX") == 1
    assert {"PNG", "SVG", "PDF"} <= set(labels)
    at = open_menus(run(ATTAINMENT, at_tab=AT_TABLE))  # the table, with the exports that cite each value's line
    labels = [d.label for d in at.get("download_button")]
    assert labels.count("CSV") == 1 and labels.count("XLSX") == 1 and not {"PNG", "SVG", "PDF"} & set(labels)
    assert len(labels) == 4


def test_slide_deck_is_built_only_on_click():
    at = run()
    assert not [b for b in at.button if b.key == "overview_deck"]  # the slides menu: built only when opened
    at.session_state["overview_deck_menu"] = True
    at.run()
    assert "PowerPointをダウンロード" not in [d.label for d in at.get("download_button")]
    at.button(key="overview_deck").click().run()
    assert not at.exception and not at.error
    assert "PowerPointをダウンロード" in [d.label for d in at.get("download_button")]
    assert at.get("progress")[0].proto.text == "1枚のスライドを作成しました。"


def test_slide_deck_of_the_chosen_charts_only():
    at = run(BUDGETS, tab="増減")
    assert not [m for m in at.multiselect if m.key == "budgets_deck_pick"]  # built only when its popover is open
    at.session_state["budgets_deck_menu"] = True
    pick = at.run().multiselect(key="budgets_deck_pick")
    assert len(pick.options) == 2 and len(pick.value) == 2  # every chart of the open tab, all chosen by default
    pick.set_value([1]).run()
    at.button(key="budgets_deck").click().run()
    assert not at.exception and not at.error
    assert at.get("progress")[0].proto.text == "1枚のスライドを作成しました。"


def test_a_slide_per_missed_target_of_the_chosen_article():
    at = run(ATTAINMENT, at_tab=AT_SLIDES)
    at.selectbox(key="article").select(12).run()
    assert not [m for m in at.multiselect if m.key == "missed_deck_pick"]  # built only when asked for
    at.toggle(key="missed_deck_on").set_value(True).run()
    pick = at.multiselect(key="missed_deck_pick")
    assert len(pick.options) == 4  # 第12条: 4 missed FY2016 targets (起業家塾 among them)
    assert any("かわさき起業家塾の参加人数" in str(x) for x in pick.options)
    at.button(key="missed_deck").click().run()
    assert not at.exception and not at.error
    assert at.get("progress")[-1].proto.text == "4枚のスライドを作成しました。"


def test_indicator_years_chart_values():
    from kpi import read_report, metrics
    from ui import charts
    from ui.state import Prefs

    ind = metrics.indicators(read_report())
    one = ind[ind["indicator_name"] == "かわさき起業家塾の参加人数"]
    fig = charts.indicator_years(one, Prefs("ja", fy_style="wareki"), "出典")
    target, actual = fig.data
    assert list(target.x) == ["平成27年度", "平成28年度"] and list(target.y) == [None, 20.0] and list(actual.y) == [12.0, 14.0]
    assert "かわさき起業家塾の参加人数" in fig.layout.title.text and fig.layout.yaxis.title.text == "実績（人）"
