"""The peer page 他都市の取組 through AppTest: article filter beside Kawasaki's programs, keyword search
(事業承継: eight or more bodies, each row with its document and line), URL-kept filters, the original
passage escaped, the exports, and the links from the PDCA and attainment pages."""

from __future__ import annotations

import pytest

from kpi import peers as kp
from tests.apptest import open_menus, run_app
from tests.apptest import shipped_data  # noqa: F401 (fixtures)

PEERS, PDCA, ATTAINMENT = "app_pages/7_page_peers.py", "app_pages/4_page_pdca.py", "app_pages/2_page_attainment.py"
SOURCE = "出典（資料・行）"


def peer_table(at):
    return next(d.value for d in at.dataframe if SOURCE in d.value.columns)


def test_page_renders_with_the_honesty_note_and_no_chart():
    at = run_app(PEERS)
    assert at.title[0].value == "他都市の取組"
    honesty = at.info[0].value
    assert "予算・目標・指標・効果" in honesty and "件数の比較やグラフはしていません" in honesty
    assert len(at.get("plotly_chart")) == 0  # entries per city are never charted
    assert len(peer_table(at)) == 155


def test_search_jigyo_shokei_lists_eight_or_more_bodies_each_with_its_line():
    at = run_app(PEERS)
    at.text_input(key="q").input("事業承継").run()
    assert not at.exception
    t = peer_table(at)
    assert t["実施主体"].nunique() >= 8
    assert t[SOURCE].str.contains(r"^\d{3} .+・\d+行$").all()
    assert at.query_params["q"] in ("事業承継", ["事業承継"])
    assert any("加賀商工会議所" == b for b in t["実施主体"])  # printed 事業継承, found by its meaning
    years = list(t["年度"])  # in time order: FY2016 entries first, the FY2020–2022 plans last
    assert years[0] == "平成28年度" and years[-1] == "令和2年度〜令和4年度"
    assert t.iloc[0]["実施主体"] == "中小企業都市連絡協議会" and t.iloc[0]["市区"] == "協議会全体"
    assert set(t["対応付け"]) <= {"明確", "複数事業の項目を分割", "複数の条に該当（選んだ理由あり）", "対応する条文なし"}


def test_article_filter_puts_kawasaki_programs_beside_peer_activities():
    at = run_app(PEERS, article="15", kw="事業承継 事業継続")
    ours = next(d.value for d in at.dataframe if "事務事業" in d.value.columns)
    assert "事業承継・事業継続支援事業" in set(ours["事務事業"]) and len(ours) == 17
    t = peer_table(at)
    assert set(t["条文"]) == {"第15条"} and t["一致数"].iloc[0] >= 1
    assert list(t["一致数"]) == sorted(t["一致数"], reverse=True)


def test_filters_come_from_the_url():
    at = run_app(PEERS, city="東大阪市", status="plan", year="2017")
    t = peer_table(at)
    assert set(t["市区"]) == {"東大阪市"} and set(t["区分"]) == {"予定"} and set(t["年度"]) == {"平成29年度"}
    assert len(t) == 3  # 001 lines 119, 127, 133


def open_passage(at):
    """The 原文を開く expander opened (it builds its content only while open), rerun; the expander."""
    at.session_state["peers_passage"] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return next(e for e in at.expander if e.label == "原文を開く")


def test_closed_passage_builds_nothing_and_opening_builds_it(monkeypatch):
    read = []
    real = kp.passage
    monkeypatch.setattr(kp, "passage", lambda *a, **k: read.append(a[1]) or real(*a, **k))
    at = run_app(PEERS, q="6010")
    exp = next(e for e in at.expander if e.label == "原文を開く")
    assert not exp.children and not read  # closed: no picker, the peer text not read
    assert not [s for s in at.selectbox if s.key == "peers_passage_id"]
    exp = open_passage(at)
    assert [s.key for s in exp.selectbox] == ["peers_passage_id"] and len(read) == 1
    assert any(m.value.startswith("▶") for m in exp.markdown)


def test_passage_warns_when_the_peer_text_is_missing(monkeypatch, tmp_path):
    real = kp.passage
    monkeypatch.setattr(kp, "passage", lambda peers, activity_id: real(peers, activity_id, raw_dir=tmp_path))
    at = run_app(PEERS, q="6010")
    assert not at.warning  # nothing is read while the expander is closed
    exp = open_passage(at)
    assert len(exp.warning) == 1 and "git checkout \\-\\- data/raw/peers/" in exp.warning[0].value
    assert not [m for m in exp.markdown if m.value.startswith("▶")]
    assert len(peer_table(at)) == 1  # the table is still shown


def test_the_table_is_built_once_per_filter(monkeypatch):
    from tests.apptest import clear_caches
    from ui import frames

    clear_caches()  # views kept by earlier tests would not be built again
    calls = []
    real = frames.peer_activities
    monkeypatch.setattr(frames, "peer_activities", lambda rows, *a, **k: calls.append(len(rows)) or real(rows, *a, **k))
    at = run_app(PEERS)
    at.run()
    at.run()
    assert calls == [155] and len(peer_table(at)) == 155
    at.text_input(key="q").input("事業承継").run()
    assert calls == [155, 22] and len(peer_table(at)) == 22


def test_original_passage_is_escaped_with_the_entry_flagged():
    at = run_app(PEERS, q="6010")
    exp = open_passage(at)
    flagged = [m.value for m in exp.markdown if m.value.startswith("▶")]
    assert flagged == ["▶ **64: 生産性向上促進事業（生産性向上に資するIoT等の導入への補助、デジタル変革をテーマとした講演会・交流会の開催）、6010金士公連携プログラム（経営診断員を派遣し、中小事業者の経営課題把握と解決プログラム作成による事業承継支援等）**"]


def test_exports_of_the_tables():
    at = open_menus(run_app(PEERS, article="17"))
    labels = [d.label for d in at.get("download_button")]
    assert labels.count("CSV") >= 2 and labels.count("XLSX") >= 2


def test_timeline_of_a_recurring_program_marks_verbatim_plans():
    at = run_app(PEERS, q="特別用途地区内に優遇策")
    exp = open_passage(at)
    tl = next(d.value for d in exp.dataframe)
    assert list(tl["前の資料と同文"]) == ["", "", "", "001:133"]


def test_english_labels():
    at = run_app(PEERS, lang="en")
    assert at.title[0].value == "Peer cities"
    assert "Source (document, line)" in peer_table_en(at).columns


def peer_table_en(at):
    return next(d.value for d in at.dataframe if "Source (document, line)" in d.value.columns)


def test_pdca_and_attainment_link_to_similar_peer_programs():
    at = run_app(PDCA, program="24")
    link = next(l for l in at.get("page_link") if l.proto.label == "他都市の類似の取組")
    assert link.proto.page == "peers" and "article=15" in link.proto.query_string
    at = run_app(ATTAINMENT, article="12", status="missed", at_tab="指標一覧")  # below the table, in its tab
    link = next(l for l in at.get("page_link") if l.proto.label == "他都市の類似の取組")
    assert "article=12" in link.proto.query_string and "kw=" in link.proto.query_string


@pytest.mark.parametrize("lang, placeholder", [("ja", "選択してください"), ("en", "Choose options")])
def test_filters_say_choose_in_the_ui_language(lang, placeholder):
    at = run_app(PEERS, **({"lang": lang} if lang != "ja" else {}))
    assert at.multiselect and all(m.placeholder == placeholder for m in at.multiselect)
