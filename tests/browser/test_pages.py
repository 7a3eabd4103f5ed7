"""The dashboard in a real browser: every page draws its charts without an exception, a filter changes
the rows, a link with query parameters reproduces a view, and downloads are real files.

Screenshots go to test-artifacts/screenshots/ (look at them: tofu, overlaps, empty charts)."""

from __future__ import annotations

import re

import pytest

from .conftest import REPO_ROOT, data_server, screenshot, wait_for_app

CHART = '[data-testid="stPlotlyChart"] .main-svg'
PAINTED = """Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).filter(c => c.querySelector('g.trace')).length"""
EXCEPTION = '[data-testid="stException"]'


def open_page(page, base: str, path: str, charts: int) -> None:
    page.goto(base + path)
    wait_for_app(page)
    if charts:
        page.wait_for_selector(CHART, timeout=30_000)
        # every chart painted (a chart holds two or more .main-svg, so those are not counted)
        page.wait_for_function(PAINTED + f" >= {charts}", timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0


def rows_shown(page) -> int:
    text = page.get_by_text(re.compile(r"\d+件を表示")).first.inner_text()
    return int(re.search(r"(\d+)件を表示", text).group(1))


@pytest.mark.parametrize("path, charts, texts, shot", [
    ("/", 1, ["概要", "1,012,370千円", "金額は次の事業を除きます：間接融資事業", "条別の達成状況", "データ品質"], "overview"),
    ("/?ov_tab=データ品質", 0, ["修正（18件）", "不一致（10件）", "1,012,370千円"], "overview_quality"),
    ("/?ov_tab=条別の集計", 0, ["条別の金額", "金額は次の事業を除きます"], "overview_rollup"),
    ("/attainment", 1, ["目標達成状況", "指標別の達成率", "達成率のグラフ", "指標一覧"], "attainment"),
    ("/attainment?at_tab=指標一覧", 0, ["57件を表示", "行を選ぶと", "出典を見る"], "attainment_table"),
    ("/budgets", 1, ["予算", "予算と決算（重点事業）", "第19条 発注", "金額は次の事業を除きます"], "budgets"),
    ("/budgets?tab=増減", 2, ["D01", "重点事業：H29予算−H28予算", "その他の事業：H29概要−H28実績"], "budgets_change"),
    ("/budgets?tab=第19条+発注", 1, ["第19条 受注機会の増大"], "budgets_procurement"),
    ("/pdca?program=1", 0, ["起業化総合支援事業", "起業に向けた段階的な支援に取り組んでいる点は評価できる。",
                            "かわさき起業家塾の参加人数が目標値を下回ったことなどから"], "pdca"),
])
def test_page_renders(page, streamlit_server, path, charts, texts, shot):
    open_page(page, streamlit_server, path, charts)
    for text in texts:
        page.get_by_text(text, exact=False).locator("visible=true").first.wait_for(timeout=5_000)
    if charts:
        # every chart drew something: bars or markers in its plot area
        for i in range(charts):
            chart = page.locator('[data-testid="stPlotlyChart"]').nth(i)
            assert chart.locator("g.trace").count() > 0
    screenshot(page, shot)


def test_attainment_search_filter_changes_rows(page, streamlit_server):
    open_page(page, streamlit_server, "/attainment?at_tab=指標一覧", 0)  # the table's tab
    page.get_by_text("57件を表示").first.wait_for(timeout=15_000)
    assert rows_shown(page) == 57
    box = page.get_by_label("指標・事業名で検索")
    box.fill("起業家")
    box.press("Enter")
    wait_for_app(page)
    page.wait_for_function("document.body.innerText.includes('2件を表示')", timeout=15_000)
    assert rows_shown(page) == 2
    assert "q=" in page.url
    screenshot(page, "attainment_filtered")
    # the URL reproduces the view in a fresh page
    fresh = page.context.new_page()
    fresh.goto(page.url)
    wait_for_app(fresh)
    fresh.wait_for_function("document.body.innerText.includes('2件を表示')", timeout=15_000)
    fresh.close()


def test_csv_download_is_utf8_with_bom(page, streamlit_server):
    open_page(page, streamlit_server, "/attainment?status=missed&at_tab=指標一覧", 0)  # the table's own menu
    page.get_by_role("button", name=re.compile("エクスポート")).first.click()
    button = page.get_by_role("button", name="CSV", exact=True).first
    button.wait_for(state="visible")
    with page.expect_download(timeout=30_000) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "かわさき起業家塾の参加人数" in text and "かわさき起業家オーディションの開催回数" not in text
    assert info.value.suggested_filename == "indicators.csv"


def test_png_download_of_a_chart(page, streamlit_server):
    from ui import export

    if not export.export_status().available:
        pytest.skip(export.export_status().message)
    open_page(page, streamlit_server, "/", 1)
    page.get_by_role("button", name=re.compile("エクスポート")).first.click()
    button = page.get_by_role("button", name="PNG", exact=True).first
    button.wait_for(state="visible")
    with page.expect_download(timeout=60_000) as info:
        button.click()
    assert open(info.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_language_switch_and_link_from_overview_to_pdca(page, streamlit_server):
    open_page(page, streamlit_server, "/", 1)
    page.get_by_text("English", exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name="Overview").wait_for()
    assert "lang=en" in page.url
    # a "needs attention" link (in its tab) opens the program's PDCA, in English, with its Check and Action
    page.get_by_role("tab", name="Needs attention").click()
    wait_for_app(page)
    assert "ov_tab=Needs" in page.url
    page.get_by_role("link", name=re.compile("ナノ・マイクロ機器利用促進補助金利用件数")).first.click()
    wait_for_app(page)
    page.get_by_text("Council's check").first.wait_for()
    assert "program=16" in page.url and "lang=en" in page.url
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "pdca_en")


def test_a_fresh_servers_first_visits_may_be_deep_links(browser):
    """A copied link opened right after a restart shows its page, with its filters, and keeps its URL.
    (Streamlit treats a `pages/` folder beside app.py as a v1 multipage app until st.navigation has run
    in the process; with that folder, the first visits here showed "Page not found" and the URL fell
    back to the root. The pages live in app_pages/.)"""
    assert not (REPO_ROOT / "pages").exists()
    with data_server(REPO_ROOT / "data" / "kawasaki_h28.parquet", "streamlit-server-deep-link.log", browser) as (url, _pid):
        for path, title in (("/attainment?article=12", "目標達成状況"), ("/budgets?level=program", "予算")):
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
            try:
                page = context.new_page()
                page.goto(url + path)
                wait_for_app(page)
                page.wait_for_selector(CHART, timeout=30_000)
                page.wait_for_timeout(1_500)  # the v1 fallback's dialog came about a second after the chart
                assert page.get_by_role("heading", name=title).count() >= 1
                assert page.get_by_text("Page not found").count() == 0
                assert page.url == url + path
                assert page.locator(EXCEPTION).count() == 0
            finally:
                context.close()
