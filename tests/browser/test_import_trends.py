"""Import and trends in a real browser, on a server of its own whose data folder holds two reports (the
dataset and an accepted FY2017 report): uploading a malformed file shows the Japanese message naming
the problem, uploading a good one previews it, and the trends page draws both years.

Screenshots: test-artifacts/screenshots/import_error.png, import_preview.png, trends.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.report_factory import fy2017_xlsx, two_report_folder

from .conftest import data_server, screenshot, wait_for_app

CHART = '[data-testid="stPlotlyChart"] .main-svg'
EXCEPTION = '[data-testid="stException"]'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def two_report_server(tmp_path_factory, browser):
    """`streamlit run app.py` with KAWASAKI_DATA at a temporary folder holding two reports."""
    base = two_report_folder(tmp_path_factory.mktemp("browser") / "data")
    with data_server(base, "streamlit-server-import.log", browser) as (url, _pid):
        yield url


def chart_titled(page, title: str):
    """The Plotly chart whose title is `title`, once painted."""
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator(".gtitle", has_text=title))
    chart.locator(".xtick text").first.wait_for(timeout=30_000)
    return chart


def upload(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.wait_for_timeout(300)
    wait_for_app(page)


def test_uploading_a_malformed_file_shows_the_japanese_error(page, two_report_server):
    page.goto(two_report_server + "/import")
    wait_for_app(page)
    page.get_by_text("空のテンプレート（Excel）").first.wait_for(timeout=10_000)
    upload(page, "report.xlsx", PNG)
    message = page.get_by_text("表計算のファイルではありません（PNG画像）", exact=False).first
    message.wait_for(timeout=15_000)
    expect(message).to_contain_text("「report.xlsx」", use_inner_text=True, timeout=10_000)
    page.get_by_text("取り込めません：エラーが1件あります", exact=False).first.wait_for(timeout=5_000)
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "import_error")


def test_uploading_a_good_file_previews_it(page, two_report_server):
    page.goto(two_report_server + "/import")
    wait_for_app(page)
    upload(page, "kawasaki_h29.xlsx", fy2017_xlsx())
    page.get_by_text("エラーはありません", exact=False).first.wait_for(timeout=20_000)
    page.get_by_text("川崎市 平成29年度はすでに読み込まれています", exact=False).first.wait_for(timeout=5_000)
    page.wait_for_selector(CHART, timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "import_preview")


def test_trends_page_shows_both_years(page, two_report_server):
    page.goto(two_report_server + "/trends")
    wait_for_app(page)
    for text in ("推移", "目標の達成状況の推移"):  # the view switcher's first view, chosen
        page.get_by_text(text, exact=False).locator("visible=true").first.wait_for(timeout=30_000)
    attainment = chart_titled(page, "条別：達成した指標の割合")
    ticks = attainment.locator(".xtick text").all_text_contents()  # SVG text: no innerText
    assert ticks == ["平成28年度", "平成29年度"]
    assert attainment.locator("g.trace").count() >= 8  # seven articles with indicators and the total
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1  # the other views are not built
    assert page.locator(EXCEPTION).count() == 0
    # the sidebar offers both reports
    selector = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    shown = selector.inner_text() + " ".join(i.input_value() for i in selector.locator("input").all())
    assert "川崎市 平成29年度" in shown, shown
    screenshot(page, "trends")
    # the budgets view, chosen in the switcher: the FY2017 report's plan for FY2018, drawn as planned
    page.get_by_role("radio", name="予算の推移").or_(page.get_by_role("button", name="予算の推移")).first.click()
    wait_for_app(page)
    budget = chart_titled(page, "条別：重点事業の予算")
    assert budget.locator(".xtick text").all_text_contents() == ["平成28年度", "平成29年度", "平成30年度"]
    page.wait_for_function("() => location.search.includes('tr_tab=money')", timeout=10_000)  # kept in the URL
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "trends_money")
