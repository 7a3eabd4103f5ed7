"""The import and trends pages and the report selector through AppTest, on temporary data folders:
the import page offers the template and an uploader; an upload is validated (located Japanese or
English messages) and previewed in the session only, never written; the trends page shows every
loaded year; the sidebar's report selector switches what the pages show; another city's report and an
unreadable accepted file do not break any page."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import kpi
from kpi import exchange, store
from tests.report_factory import fy2017_xlsx, other_city_xlsx, two_report_folder
from tests.apptest import APP, metric, run_app
from tests.apptest import fresh_cache, two_folder, two_reports  # noqa: F401 (fixtures)
from ui import data as ui_data
from ui import state as ui_state

OVERVIEW, ATTAINMENT, BUDGETS, PDCA, IMPORT, TRENDS = (
    "app_pages/1_page_overview.py", "app_pages/2_page_attainment.py", "app_pages/3_page_budgets.py", "app_pages/4_page_pdca.py",
    "app_pages/5_page_import.py", "app_pages/6_page_trends.py")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def one_report(tmp_path, monkeypatch) -> Path:
    """A data folder holding only a copy of the dataset."""
    base = tmp_path / "data" / "kawasaki_h28.parquet"
    base.parent.mkdir()
    base.write_bytes(kpi.io.DEFAULT_DATA.read_bytes())
    monkeypatch.setenv(ui_data.ENV_VAR, str(base))
    return base


def run(page: str | None = None, **query: str) -> AppTest:
    return run_app(page, timeout=60, **query)


def footer(at: AppTest) -> str:
    return next(c.value for c in at.caption if "データファイル" in c.value).replace("\\", "")


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- the import page
def test_import_page_offers_the_template_and_an_uploader(one_report):
    at = run(IMPORT)
    assert at.title[0].value == "報告書の取込"
    labels = [d.label for d in at.get("download_button")]
    assert {"空のテンプレート（Excel）", "空のテンプレート（CSV・zip）", "表示中の報告書を記入したもの（Excel）"} <= set(labels)
    uploader = at.file_uploader(key="import_files")
    assert uploader.accept_multiple_files
    assert "上限 10 MB" in uploader.help
    assert any("ファイルを選ぶと" in i.value for i in at.info)
    assert any("説明・報告書・条・事業・金額・指標・記述" in c.value for c in at.caption)


def test_uploading_a_malformed_file_shows_the_located_error(one_report):
    before = tree_hashes(one_report.parent)
    at = run(IMPORT)
    at.file_uploader(key="import_files").set_value(("report.xlsx", PNG, XLSX)).run()
    assert not at.exception
    assert "取り込めません：エラーが1件あります" in at.error[0].value
    assert "表計算のファイルではありません（PNG画像）" in at.error[0].value.replace("\\", "")
    issues = at.dataframe[0].value
    assert issues["コード"].tolist() == ["not_spreadsheet"] and issues["ファイル"].tolist() == ["report.xlsx"]
    assert tree_hashes(one_report.parent) == before


def test_upload_errors_in_english(one_report):
    at = run(IMPORT, lang="en")
    wb = exchange.template_xlsx(exchange.parse_workbook(other_city_xlsx(), "y.xlsx").report())
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(wb))
    book["金額"].cell(row=2, column=3).value = "abc"
    buf = io.BytesIO()
    book.save(buf)
    at.file_uploader(key="import_files").set_value(("yokohama.xlsx", buf.getvalue(), XLSX)).run()
    text = at.error[0].value.replace("\\", "")
    assert "Cannot be imported: 1 errors" in text
    assert "yokohama.xlsx, sheet 金額, row 2, column 金額(千円): Not a number ('abc')" in text


def test_uploading_a_good_file_previews_it_in_this_session_only(one_report):
    before = tree_hashes(one_report.parent)
    at = run(IMPORT)
    at.file_uploader(key="import_files").set_value(("kawasaki_h29.xlsx", fy2017_xlsx(), XLSX)).run()
    assert not at.exception
    assert "エラーはありません" in at.success[0].value
    assert metric(at, "市区町村") == "川崎市" and metric(at, "年度") == "平成29年度"
    assert metric(at, "事業数") == "65" and metric(at, "○ 達成") == "43" and metric(at, "× 未達成") == "14"
    # as the overview shows it: without the loan fund (FY2017: H28's plan 22,567,500千円), 23,851,665 − 22,567,500
    assert metric(at, "平成29年度予算") == "1,284,165千円"
    assert not [d for d in at.markdown if d.value == "**指摘事項**"]  # a clean file: no issues table
    rollup = at.dataframe[0].value
    assert rollup["条"].tolist()[-1] == "合計" and rollup.iloc[-1]["指標数"] == 57
    assert any("python -m kpi.exchange import kawasaki_h29.xlsx" in c.value for c in at.code)
    assert len(at.get("plotly_chart")) == 1
    # nothing was written, and another session (another user) sees neither the upload nor a second report
    assert tree_hashes(one_report.parent) == before
    other = run(IMPORT)
    assert any("ファイルを選ぶと" in i.value for i in other.info)
    assert not [s for s in other.selectbox if s.key == ui_state.REPORT_PARAM]


def test_upload_of_a_loaded_report_says_it_would_replace_it(two_reports):
    at = run(IMPORT)
    at.file_uploader(key="import_files").set_value(("kawasaki_h29.xlsx", fy2017_xlsx(), XLSX)).run()
    assert any("川崎市 平成29年度はすでに読み込まれています" in i.value for i in at.info)


def test_import_logic_through_its_seam(one_report):
    """ui.importer as the page calls it, with bytes: parsed once per upload, shown with its preview."""
    def script():
        import streamlit as st

        from tests.report_factory import other_city_xlsx
        from ui.state import Prefs
        from ui import importer

        upload = [("yokohama.xlsx", other_city_xlsx())]
        first = importer.parse_uploads(upload)
        again = importer.parse_uploads(list(upload))
        st.write(f"same result: {first is again}")
        importer.show_result(first, Prefs(), loaded_keys=[("川崎市", 2016)])

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.markdown[0].value == "same result: True"
    assert metric(at, "市区町村") == "横浜市" and metric(at, "事業数") == "2" and metric(at, "○ 達成") == "1"
    tabs = [t.label for t in at.tabs]
    assert tabs == ["条（2）", "事業（2）", "金額（6）", "指標（2）", "記述（3）"]


# --------------------------------------------------------------------------- several reports
def test_report_selector_switches_the_overview(two_reports):
    at = run()
    selector = at.selectbox(key=ui_state.REPORT_PARAM)
    assert selector.options == ["川崎市 平成28年度", "川崎市 平成29年度"]
    assert selector.value == "川崎市-2017"  # the newest report by default
    assert metric(at, "○ 達成") == "43" and metric(at, "× 未達成") == "14"
    assert metric(at, "平成29年度予算") == "1,207,973千円"  # the default money scope: both scale outliers left out
    selector.select("川崎市-2016").run()
    assert metric(at, "○ 達成") == "38" and metric(at, "× 未達成") == "11"
    assert metric(at, "平成28年度予算") == "1,012,370千円"
    assert at.query_params[ui_state.REPORT_PARAM] in ("川崎市-2016", ["川崎市-2016"])
    # a link with ?report= reproduces the view; the footer names the shown report's file
    at = run(report="川崎市-2016")
    assert metric(at, "○ 達成") == "38"
    assert "kawasaki_h28.parquet" in footer(at)
    at = run(report="川崎市-2017")
    assert "川崎市_2017.parquet" in footer(at) and "平成29年度" in footer(at)


def test_selected_report_reaches_every_page(two_reports):
    at = run(PDCA, program="1", pd_more="true")  # the money sits in the program's 金額・備考・出典 expander
    assert metric(at, "平成29年度予算") == "12,000千円"
    at = run(PDCA, program="1", report="川崎市-2016", pd_more="true")
    assert metric(at, "平成28年度予算") == "10,220千円"
    at = run(ATTAINMENT, at_tab="指標一覧")
    assert set(at.dataframe[0].value["年度"]) == {"平成29年度"} and len(at.dataframe[0].value) == 57
    at = run(BUDGETS, tab="増減")
    assert any(h.value == "予算" for h in at.title)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"].startswith("H30−H29 の増減")


def test_trends_page_shows_both_years(two_reports):
    """The first screen is the attainment view alone (its chart and table); each other view is built
    only when chosen (?tr_tab=…), and the slides popover is built only when open."""
    at = run(TRENDS)
    assert at.title[0].value == "推移"
    assert at.segmented_control(key="tr_tab").options == ["目標の達成状況の推移", "事業別の達成状況", "予算の推移", "事業別の金額"]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 1 and charts[0]["layout"]["title"]["text"].startswith("条別：達成した指標の割合")
    assert list(charts[0]["layout"]["xaxis"]["categoryarray"]) == ["平成28年度", "平成29年度"]
    total = next(tr for tr in charts[0]["data"] if tr["name"] == "合計")
    assert [round(v, 1) for v in total["y"]] == [66.7, 75.4]
    assert len(at.dataframe) == 1
    table = at.dataframe[0].value
    assert list(table.columns) == ["条", "平成28年度", "平成29年度"]
    assert table.set_index("条").loc["合計"].tolist() == [66.7, 75.4]
    assert not [b for b in at.button if b.key == "trends_deck"]  # the deck's chooser: its popover is closed

    at = run(TRENDS, tr_tab="money")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 1 and charts[0]["layout"]["title"]["text"].startswith("条別：重点事業の予算")
    assert list(charts[0]["layout"]["xaxis"]["categoryarray"]) == ["平成28年度", "平成29年度", "平成30年度"]
    money = at.dataframe[0].value
    assert set(money["区分"]) == {"報告書の値", "予定（前年度報告書）"}
    assert at.toggle(key="loan").value is False  # the money scope's toggles, as on 予算

    at = run(TRENDS, tr_tab="program")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 1 and charts[0]["data"][0]["type"] == "heatmap" and not at.dataframe

    at = run(TRENDS, tr_tab="program_money")
    assert not at.get("plotly_chart") and len(at.dataframe) == 1
    welfare = at.dataframe[0].value.set_index(["事務事業名", "年度"]).loc["ウェルフェアイノベーション推進事業"]
    assert welfare["予算（重点事業）(千円)"].tolist() == [48077, 46054, 47054]  # H28, H29 reported; H30 planned
    assert welfare["区分"].tolist() == ["報告書の値", "報告書の値", "予定（前年度報告書）"]

    at = run(TRENDS, tr_tab="予算の推移")  # a view's label opens it too (as the former headings read)
    assert at.segmented_control(key="tr_tab").value == "money"


def test_trends_page_is_not_offered_with_one_report(one_report):
    at = AppTest.from_file(APP, default_timeout=60).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(TRENDS)


@pytest.fixture
def with_yokohama_and_a_broken_file(tmp_path, monkeypatch) -> Path:
    base = two_report_folder(tmp_path / "data")
    store.accept(exchange.parse_workbook(other_city_xlsx(), "yokohama.xlsx"), base)
    (store.reports_dir(base) / "川崎市_2018.parquet").write_bytes(b"not a parquet file")
    monkeypatch.setenv(ui_data.ENV_VAR, str(base))
    return base


@pytest.mark.parametrize("page", [OVERVIEW, ATTAINMENT, BUDGETS, PDCA, IMPORT, TRENDS])
def test_another_citys_report_and_a_broken_file_break_no_page(with_yokohama_and_a_broken_file, page):
    at = run(page, report="横浜市-2017")
    assert any("川崎市_2018.parquet" in w.value.replace("\\", "") for w in at.warning)
    assert at.selectbox(key=ui_state.REPORT_PARAM).options == ["川崎市 平成28年度", "川崎市 平成29年度", "横浜市 平成29年度"]
    if page == OVERVIEW:
        assert metric(at, "事業数") == "2" and metric(at, "○ 達成") == "1"
        assert metric(at, "平成29年度予算") == "1,000千円"
    if page == TRENDS:
        assert at.segmented_control(key="city").value == "横浜市"


def test_trends_compares_the_cities_in_a_view_of_its_own(with_yokohama_and_a_broken_file):
    at = run(TRENDS, tr_tab="all_cities")
    assert at.segmented_control(key="tr_tab").value == "all_cities"
    assert not [c for c in at.segmented_control if c.key == "city"]  # one city's control: not in this view
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert [x.split("<")[0] for x in titles] == ["市区町村別：達成した指標の割合", "市区町村別：重点事業の予算"]
    names = {tr["name"] for tr in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]}
    assert {"川崎市", "横浜市"} <= names
    at = run(TRENDS, report="横浜市-2017")
    assert at.segmented_control(key="city").value == "横浜市" and len(at.get("plotly_chart")) == 1


def test_the_report_choices_follow_the_files_language_and_year_style(tmp_path, monkeypatch):
    """The selector's options and labels are kept per (data files, language, year style): each
    language and style has its own labels, and a report accepted later is offered at once."""
    from ui import widgets

    base = two_report_folder(tmp_path / "data")
    monkeypatch.setenv(ui_data.ENV_VAR, str(base))
    ui_data.clear()
    assert widgets.report_choices("ja", "wareki") == (
        ("川崎市-2016", "川崎市-2017"), {"川崎市-2016": "川崎市 平成28年度", "川崎市-2017": "川崎市 平成29年度"})
    assert widgets.report_choices("en", "wareki")[1]["川崎市-2017"] == "川崎市 FY2017 (H29)"
    assert widgets.report_choices("ja", "western")[1]["川崎市-2016"] == "川崎市 2016年度"
    assert ui_data.default_key() == ("川崎市", 2017)
    store.accept(exchange.parse_workbook(other_city_xlsx(), "yokohama.xlsx"), base)
    params, labels = widgets.report_choices("ja", "wareki")
    assert params == ("川崎市-2016", "川崎市-2017", "横浜市-2017") and labels["横浜市-2017"] == "横浜市 平成29年度"
    assert ui_data.default_key() == ("川崎市", 2017)  # still the dataset's own city, not the newest file
