"""The peer page in a real browser: search 事業承継, rows with their document and line, and one
original passage opened with its line marked."""

from __future__ import annotations

from .conftest import screenshot, wait_for_app

EXCEPTION = '[data-testid="stException"]'




def test_search_and_open_an_original_passage(page, streamlit_server):
    page.goto(streamlit_server + "/peers")
    wait_for_app(page)
    page.get_by_role("heading", name="他都市の取組", exact=True).first.wait_for()
    page.get_by_text("予算・目標・指標・効果", exact=False).first.wait_for()
    box = page.get_by_label("キーワード検索（全角・半角を区別しない）")
    box.fill("事業承継")
    box.press("Enter")
    wait_for_app(page)
    page.wait_for_function("document.body.innerText.includes('22項目')", timeout=15_000)
    assert "q=" in page.url
    page.get_by_text("原文を開く").first.click()
    # the first row (in time order) is the council's FY2016 study meeting, 001 lines 13–15, marked ▶
    page.get_by_text("▶ 15: 第 2 回連絡会議において、香川所長を講師に迎え", exact=False).first.wait_for(timeout=15_000)
    assert page.get_by_text("▶ 13: ●事業承継に関する勉強会の実施", exact=False).count() >= 1
    assert page.get_by_text("17: ●展示会等イベントスケジュール作成", exact=False).count() >= 1  # context…
    assert page.get_by_text("▶ 17:", exact=False).count() == 0  # …not marked
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "peers_passage")


def test_pdca_links_to_similar_peer_programs_of_its_article(page, streamlit_server):
    page.goto(streamlit_server + "/pdca?program=24")  # 事業承継・事業継続支援事業, 第15条
    wait_for_app(page)
    page.get_by_role("link", name="他都市の類似の取組").first.click()
    wait_for_app(page)
    page.get_by_text("並べ替えのキーワード", exact=False).first.wait_for()
    assert "article=15" in page.url and "kw=" in page.url
    assert page.get_by_label("並べ替えのキーワード（一致の多い順）").input_value().startswith("事業承継")
    page.get_by_text("第15条", exact=False).first.wait_for(timeout=15_000)  # the article chosen
    page.get_by_role("heading", name="川崎市の事務事業（この条文）").wait_for()
    assert page.get_by_text("条文を選ぶと", exact=False).count() == 0  # our side lists the article's programs
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "peers_from_pdca")
