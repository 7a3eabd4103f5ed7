"""The source view, the report text page and the section-2 page in a real browser: a value's dialog
shows the printed text of the right line of the shipped file (read here from the file), deep links
open there, and the pages draw in ja and en at 1400 and 1920 px (screenshots to look at)."""

from __future__ import annotations

import re
from urllib.parse import quote
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "data" / "raw" / "kawasaki_h28_report.txt").read_text(encoding="utf-8").split("\n")
DIALOG = '[data-testid="stDialog"]'
CHART = '[data-testid="stPlotlyChart"] .main-svg'
EXCEPTION = '[data-testid="stException"]'


def line_with(*needles: str) -> int:
    hits = [i + 1 for i, x in enumerate(TEXT) if all(n in x for n in needles)]
    assert len(hits) == 1, (needles, hits)
    return hits[0]




def goto(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=60)
    assert page.locator(EXCEPTION).count() == 0


def assert_dialog_shows(page, line: int, printed: str, *texts: str) -> None:
    dialog = page.locator(DIALOG)
    dialog.wait_for(timeout=20_000)
    current = dialog.locator(".kw-cur")
    current.wait_for(timeout=20_000)
    assert current.count() == 1
    assert current.locator(".kw-ln").inner_text() == str(line)
    assert current.locator("span").nth(1).inner_text() == TEXT[line - 1]  # the file's line, as shipped
    assert current.locator("mark").inner_text() == printed
    # The dialog's parts arrive as separate elements: the facts may render after the highlighted line.
    for x in (f"「{printed}」", *texts):
        expect(dialog).to_contain_text(x, use_inner_text=True, timeout=20_000)


def test_picker_opens_the_settlement_and_the_url_keeps_it(page, streamlit_server):
    goto(page, streamlit_server + "/budgets?tab=" + quote("事業別の表"))  # the per-program table's tab
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="出典を見る").first
    box.scroll_into_view_if_needed()
    box.click()
    page.keyboard.type("起業化総合支援事業 · 平成28年度決算")
    page.get_by_role("option", name=re.compile("9,676千円")).first.click()
    wait_for_app(page)
    assert_dialog_shows(page, line_with("28年度予算", "9,676千円"), "9,676千円", "起業化総合支援事業", "p.16")
    assert "src=money%3A1%3Asettlement" in page.url or "src=money:1:settlement" in page.url
    screenshot(page, "source-view-settlement")
    page.keyboard.press("Escape")
    wait_for_app(page)
    assert page.locator(DIALOG).count() == 0 and "src=" not in page.url


@pytest.mark.parametrize("path, needles, printed, texts, shot", [
    ("/attainment?src=ind:38:1:2016:actual", ("実績 (人)", "13,0000"), "13,0000", ("130,000人", "C01"), "source-view-halloween"),
    ("/pdca?program=15&src=money:15:stated_change", ("29年度予算", "16,927千円増"), "16,927千円増", ("D01", "18,727"), "source-view-d01"),
    ("/budgets?tab=" + quote("第19条 発注") + "&src=proc:2016:local_sme:total:amount_myen", ("中 小 企 業", "41,509"), "41,509", ("第19条 市内中小企業 合計",), "source-view-art19"),
    ("/attainment?src=ind:38:1:2016:actual&lang=en", ("実績 (人)", "13,0000"), "13,0000", ("As printed", "C01"), "source-view-halloween-en"),
])
def test_a_link_reopens_the_source_view(page, streamlit_server, path, needles, printed, texts, shot):
    goto(page, streamlit_server + path)
    assert_dialog_shows(page, line_with(*needles), printed, *texts)
    screenshot(page, shot)


def test_report_search_and_deep_link(page, streamlit_server):
    goto(page, streamlit_server + "/report?q=起業家塾")
    expected = [i + 1 for i, x in enumerate(TEXT) if "起業家塾" in x]
    page.get_by_text(f"{len(expected)}行が該当").wait_for(timeout=10_000)
    for no in expected:  # each hit's button, waited for (a fresh CI run once counted one mid-render), then counted
        button = page.get_by_role("button", name=re.compile(rf"· {no}行目$"))
        button.first.wait_for(timeout=10_000)
        assert button.count() == 1
    goto(page, streamlit_server + "/report?page=16&line=471")
    page.get_by_text("指定された行：471行目").wait_for(timeout=10_000)
    cur = page.locator(".kw-cur")
    expect(cur).to_have_count(2, timeout=10_000)  # the cited block and the page itself, both rendered
    expect(cur.first).to_contain_text("起業家塾", use_inner_text=True)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [1400, 1920])
def test_pages_at_two_widths(page, streamlit_server, lang, width):
    page.set_viewport_size({"width": width, "height": 1000})
    q = "" if lang == "ja" else "&lang=en"
    goto(page, streamlit_server + f"/context?x=1{q}")
    page.wait_for_function(f"document.querySelectorAll('{CHART}').length >= 1", timeout=40_000)  # the first tab's chart
    main = page.locator('[data-testid="stMain"]')
    for x in ("41,028", "544,782", "p.3 ·", "p.6 ·", "64件 → 81件" if lang == "ja" else "64 → 81"):
        main.get_by_text(x, exact=False).first.wait_for(timeout=20_000)  # painted, not only sent
    screenshot(page, f"context-{lang}-{width}")
    for tab, shot, texts in (("倒産件数" if lang == "ja" else "Bankruptcies", "bankruptcy", ("81",)),
                             ("実態調査アンケート" if lang == "ja" else "Business survey", "survey", ("D10",))):
        goto(page, streamlit_server + f"/context?cx_tab={quote(tab)}{q}")  # the other charts, each in its tab
        page.wait_for_selector(CHART, timeout=40_000)
        for x in texts:
            main.get_by_text(x, exact=False).first.wait_for(timeout=20_000)
        screenshot(page, f"context-{shot}-{lang}-{width}")
    goto(page, streamlit_server + f"/report?page=16&line=471{q}")
    screenshot(page, f"report-{lang}-{width}")
