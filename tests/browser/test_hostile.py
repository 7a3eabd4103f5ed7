"""Hostile text and oversize uploads in a real browser (issue 12), on a server of its own whose data
folder holds the dataset and an accepted report (横浜市 平成29年度) whose title, program names,
indicator names and notes carry links, HTML, Plotly markup and formulas, with extreme but accepted
values (10¹² 千円, an indicator year 1989 in a 2017 report, a negative actual): every page shows the
text, and no page holds a link to it, its markup, or a traceback. The upload endpoint refuses a file
over server.maxUploadSize without the server's memory growing.

Screenshot: test-artifacts/screenshots/hostile_overview.png."""

from __future__ import annotations

import copy
import shutil
import time

import pytest

import kpi
from kpi import exchange, store
from kpi.exchange import limits
from tests.report_factory import other_city_sheets, workbook

from .conftest import data_server, screenshot, wait_for_app

EXCEPTION = '[data-testid="stException"]'
LINK = "https://evil.example/x"
TITLE = f"{LINK} <a href='{LINK}'>公式</a> <span style='font-size:80px'>大</span> www.evil.example"
PROGRAM = "<b>太字</b><a href='https://evil.example/p'>起業支援</a>事業"
INDICATOR = "<span style='font-size:80px'>創業</span>相談件数 http://evil.example/i"
NOTE = "メモ：=HYPERLINK(\"https://evil.example/n\",\"詳細\") [リンク](https://evil.example/m) mail@evil.example"
PAGES = ("", "attainment",  # "" is the overview (the default page)
         "budgets", "pdca", "import", "trends",
         "trends?tr_tab=program", "trends?tr_tab=program_money")  # the views that print program names


def hostile_report() -> bytes:
    data = copy.deepcopy(other_city_sheets())
    data["報告書"][1][2] = TITLE
    data["事業"][1][1] = PROGRAM
    data["金額"][1][2] = 10**12  # the largest accepted amount
    data["指標"][1][2] = data["指標"][2][2] = INDICATOR
    data["指標"].append([1, 1, INDICATOR, "件", 1989, 10, -5])  # far from the report's year (a warning), negative
    data["記述"][1][4] = NOTE
    return workbook(data)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    folder.mkdir()
    base = folder / "kawasaki_h28.parquet"
    shutil.copyfile(kpi.io.DEFAULT_DATA, base)
    result = exchange.parse_workbook(hostile_report(), "hostile.xlsx")
    assert result.ok, [i.message_en for i in result.errors]
    assert {"fy_out_of_range", "negative_indicator"} <= {i.code for i in result.warnings}
    store.accept(result, base)
    with data_server(base, "streamlit-server-hostile.log", browser) as served:
        yield served


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


LEAKS = """() => {
  const links = [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
      .filter(h => h.includes('evil'));
  const styled = [...document.querySelectorAll('[style]')].filter(e => e.getAttribute('style').includes('80px')).length;
  const bold = [...document.querySelectorAll('b')].filter(e => e.textContent.includes('太字')).length;
  return {links, styled, bold, traceback: document.body.innerText.includes('Traceback')};
}"""


@pytest.mark.parametrize("path", PAGES)
def test_no_page_turns_hostile_text_into_links_or_markup(page, hostile_server, path):
    url, _ = hostile_server
    page.goto(f"{url}/{path}{'&' if '?' in path else '?'}report=横浜市-2017")
    wait_for_app(page, timeout=60)
    page.wait_for_timeout(500)
    assert not page.get_by_text("Page not found").count()
    if path in ("", "attainment", "budgets", "trends", "trends?tr_tab=program"):
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0
    leaks = page.evaluate(LEAKS)
    assert leaks == {"links": [], "styled": 0, "bold": 0, "traceback": False}, leaks
    if path == "trends?tr_tab=program":  # the heatmap's program labels: the markup shown as text
        assert "<b>太字</b>" in " ".join(page.locator('[data-testid="stPlotlyChart"] .main-svg text').all_text_contents())
    if path == "":
        assert "evil" in page.locator("body").inner_text()  # the text is shown, as text
        screenshot(page, "hostile_overview")


def test_the_upload_endpoint_refuses_a_file_over_the_limit(page, hostile_server):
    """A PUT straight to /_stcore/upload_file (as a script would send it, bypassing the uploader's own
    check) is refused with 413, and the server's memory does not grow with it."""
    url, pid = hostile_server
    page.goto(f"{url}/import")
    wait_for_app(page)
    puts = []
    page.on("request", lambda r: puts.append(r.url) if r.method == "PUT" and "/_stcore/upload_file/" in r.url else None)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "small.csv", "mimeType": "text/csv", "buffer": b"a,b\r\n1,2\r\n"}])
    deadline = time.monotonic() + 15
    while not puts and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert puts, "the uploader sent no PUT"
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")
    before = _rss_mb(pid)
    body = b"x" * ((limits.MAX_UPLOAD_MB + 5) * 2**20)
    statuses = []
    for _ in range(3):
        response = page.request.put(puts[0], headers={"X-Xsrftoken": xsrf},
                                    multipart={"file": {"name": "big.csv", "mimeType": "text/csv", "buffer": body}})
        statuses.append(response.status)
    assert statuses == [413, 413, 413]
    small = page.request.put(puts[0], headers={"X-Xsrftoken": xsrf},
                             multipart={"file": {"name": "ok.csv", "mimeType": "text/csv", "buffer": b"a\r\n"}})
    assert small.status in (200, 204)  # the endpoint itself works
    assert _rss_mb(pid) - before < 60, (before, _rss_mb(pid))
