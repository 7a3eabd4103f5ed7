"""Issue 11 in a real browser: every surface tells the same truth. The same money total for the same
scope on every page that shows it, the same printed rate for an awkward indicator (14/31 → 45.1 %) on
every page, program names first in the attainment table, no schema field names on the Japanese UI,
every control showing its selection right after switching to English, and screenshots of every page
at 1400×1000 and 1920×1080 in Japanese and English (test-artifacts/screenshots/, looked at by hand)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, wait_for_app

CHART = '[data-testid="stPlotlyChart"] .main-svg'
EXCEPTION = '[data-testid="stException"]'
SCHEMA_NAMES = ("actual_spend", "stated_change", "amount_myen", "outline_next", "budget_kyen", "_pct")
PAGES = [("/", "overview", 1), ("/?ov_tab=条別の集計", "overview_rollup", 0), ("/?ov_tab=要対応の指標", "overview_attention", 0),
         ("/?ov_tab=データ品質", "overview_quality", 0), ("/attainment", "attainment", 1), ("/budgets", "budgets", 1),
         ("/budgets?tab=第19条+発注", "budgets_procurement", 1), ("/pdca?program=4", "pdca", 0)]

EN_TABS = {"条別の集計": "Roll-up+by+article", "要対応の指標": "Needs+attention", "データ品質": "Data+quality"}  # 概要's tabs




def visit(page, url: str, charts: int = 0, shows: tuple[str, ...] = ()) -> str:
    """The main area's text once the app has run, a chart is drawn (`charts`) and each of `shows` is on
    the screen (waited for: an element can render after the script has finished)."""
    page.goto(url)
    wait_for_app(page)
    if charts:
        page.wait_for_selector(CHART, timeout=30_000)
    main = page.locator('[data-testid="stMain"]')
    for text in shows:
        expect(main).to_contain_text(text, use_inner_text=True, timeout=20_000)
    assert page.locator(EXCEPTION).count() == 0
    return main.inner_text()


def download(page, name: str, menu: int = 0, timeout: float = 60_000) -> bytes:
    """The file behind the `menu`-th export menu's `name` button."""
    button = page.get_by_role("button", name=name, exact=True).first
    if not button.is_visible():  # the menu is closed (Escape after a download does not always close it)
        page.get_by_role("button", name=re.compile("エクスポート|Export")).nth(menu).click()
        wait_for_app(page)  # opening the menu reruns its fragment, which makes the buttons' files anew
    button.wait_for(state="visible")
    with page.expect_download(timeout=timeout) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    page.keyboard.press("Escape")
    wait_for_app(page)  # closing it reruns the fragment too
    return data


def test_exports_of_a_money_chart_state_the_default_scope(page, streamlit_server):
    import io

    import openpyxl
    import pandas as pd
    from pptx import Presentation

    from ui import export

    visit(page, streamlit_server + "/budgets", 1)
    csv = pd.read_csv(io.BytesIO(download(page, "CSV")), encoding="utf-8-sig")
    assert "注記:対象範囲" in csv.columns and "注記:金額の単位" in csv.columns and "注記:出典" in csv.columns
    assert csv["注記:対象範囲"].str.contains("間接融資事業").all() and csv["注記:対象範囲"].str.contains("含めると").all()
    assert csv["平成28年度予算(千円)"].sum() == 1012370
    wb = openpyxl.load_workbook(io.BytesIO(download(page, "XLSX")))
    notes = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert "新川崎・創造のもり推進事業" in notes["対象範囲"] and notes["金額の単位"] == "千円" and "端数処理" in notes
    if not export.export_status().available:
        pytest.skip(export.export_status().message)
    svg = download(page, "SVG").decode("utf-8")
    assert "対象：間接融資事業、新川崎・創造のもり推進事業を除く" in svg and "出典" in svg
    assert download(page, "PNG")[:8] == b"\x89PNG\r\n\x1a\n"
    page.get_by_role("button", name=re.compile("スライド")).first.click()  # the slides popover
    wait_for_app(page)
    page.get_by_role("button", name=re.compile("PowerPoint")).first.click()
    button = page.get_by_role("button", name="PowerPointをダウンロード")
    button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    deck = Presentation(info.value.path())
    slide = deck.slides[1]
    texts = "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "間接融資事業、新川崎・創造のもり推進事業を除く" in texts  # the footnote on the slide
    assert "含めると" in slide.notes_slide.notes_text_frame.text and "105,632" in slide.notes_slide.notes_text_frame.text


def test_same_money_total_and_scope_on_overview_and_budgets(page, streamlit_server):
    overview = visit(page, streamlit_server + "/", 1, shows=("1,012,370千円", "含めると", "28,947,540千円"))
    budgets = visit(page, streamlit_server + "/budgets?level=article", 1, shows=("金額は次の事業を除きます：", "含めると："))
    statement = re.search(r"金額は次の事業を除きます：.*?。 含めると：.*?。", budgets, re.S)
    assert statement, budgets[:500]
    assert statement.group(0) in overview or statement.group(0) in overview.replace("\n", "")


def test_same_printed_rate_for_14_of_31_on_every_page(page, streamlit_server):
    # コミュニティビジネス振興事業 起業・創業セミナーの参加者数: 14 ÷ 31 = 45.16… % → 45.1 % everywhere
    visit(page, streamlit_server + "/?ov_tab=要対応の指標")  # 概要's needs-attention tab
    # its table arrives after the app settles on a loaded machine: wait for the tab's own text (the full
    # suite once read the page before it), then read every rate it prints
    page.get_by_text("起業・創業セミナーの参加者数").first.wait_for(timeout=30_000)
    overview = page.locator('[data-testid="stMain"]').inner_text()
    assert "45.1%" in overview and "45%　" not in overview
    # the attainment table is drawn on a canvas: read what it shows through its CSV (exactly the frame shown)
    visit(page, streamlit_server + "/attainment?q=起業・創業セミナー", 1)
    text = download(page, "CSV").decode("utf-8-sig")
    line = next(x for x in text.splitlines() if "起業・創業セミナーの参加者数" in x)
    assert ",31,14,人,45.1," in line
    visit(page, streamlit_server + "/pdca?pdca_tab=未達成の指標")
    page.get_by_text("45.1%", exact=True).first.wait_for(timeout=10_000)  # the staff cards (st.html) print it
    assert page.get_by_text("45.2%", exact=True).count() == 0


def test_no_schema_field_name_on_the_japanese_ui(page, streamlit_server):
    for path, _, charts in PAGES:
        text = visit(page, streamlit_server + path, charts)
        for name in SCHEMA_NAMES:
            assert name not in text, (path, name)


def test_every_control_shows_its_selection_after_switching_to_english(page, streamlit_server):
    visit(page, streamlit_server + "/", 1)
    page.get_by_text("English", exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name="Overview").wait_for()
    page.wait_for_timeout(500)
    groups = page.locator('[data-testid="stSidebar"] [role="radiogroup"]')
    assert groups.count() == 3
    for i in range(groups.count()):
        assert groups.nth(i).locator('input[type="radio"]:checked').count() == 1, f"radio group {i} shows no selection"
    screenshot(page, "en_after_switch")


@pytest.mark.parametrize("width, height", [(1400, 1000), (1920, 1080)])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_screenshots_of_every_page(page, streamlit_server, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    for path, name, charts in PAGES:
        sep = "&" if "?" in path else "?"
        url = streamlit_server + path + (f"{sep}lang=en" if lang == "en" else "")
        if lang == "en":
            url = url.replace("tab=第19条+発注", "tab=Art.+19+procurement")
            for ja, en in EN_TABS.items():
                url = url.replace(f"ov_tab={ja}", f"ov_tab={en}")
        visit(page, url, charts)
        page.wait_for_timeout(300)
        screenshot(page, f"{name}_{lang}_{width}x{height}")
