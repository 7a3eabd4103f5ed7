"""AppTest: the source view opened from the pages (picker below a table, and from the URL), the report
text page (search, deep links) and the section-2 page. The printed line is read here from the
shipped file, never from the parquet."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, clear_caches, dialog_blocks, metric, open_menus

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "data" / "raw" / "kawasaki_h28_report.txt").read_text(encoding="utf-8").split("\n")
BUDGETS, ATTAINMENT, PDCA = "app_pages/3_page_budgets.py", "app_pages/2_page_attainment.py", "app_pages/4_page_pdca.py"
REPORT, CONTEXT = "app_pages/8_page_report.py", "app_pages/9_page_context.py"


@pytest.fixture(autouse=True)
def fresh():
    clear_caches()


def line_with(*needles: str) -> int:
    hits = [i + 1 for i, x in enumerate(TEXT) if all(n in x for n in needles)]
    assert len(hits) == 1, (needles, hits)
    return hits[0]


def dialog_html(at: AppTest) -> tuple[str, str]:
    """(title, all HTML inside the open dialog); AssertionError when no dialog is open."""
    dialogs = dialog_blocks(at)
    assert len(dialogs) == 1, "no source view open"
    bodies = []

    def collect(node):
        for c in getattr(node, "children", {}).values():
            if getattr(c, "type", None) == "html":
                bodies.append(c.proto.body)
            elif type(c).__name__ in ("Warning", "Error", "Info", "Alert", "Code"):
                bodies.append(html.escape(c.value))
            collect(c)

    collect(dialogs[0])
    return dialogs[0].proto.dialog.title, "\n".join(bodies)


def on_page(path: str, **query: str) -> AppTest:
    """The app opened with `query` in the URL, then switched to `path` (as a deep link does)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def pick(at: AppTest, key: str, ref: str) -> AppTest:
    box = at.selectbox(key=f"src_pick_{key}")
    assert box.value is None and box.format_func(ref) in box.options  # offered, by its label
    box.set_value(ref).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def assert_shows_line(body: str, line: int, printed: str) -> None:
    text = TEXT[line - 1]
    assert printed in text
    assert f"<span class='kw-ln'>{line}</span>" in body
    assert f"id='L{line}'" in body and "kw-cur" in body
    before, _, after = text.partition(printed)
    assert f"{html.escape(before)}<mark>{html.escape(printed)}</mark>{html.escape(after)}" in body.replace("&#x27;", "'")
    assert f"「{html.escape(printed)}」" in body


def test_settlement_of_the_first_program_from_the_budget_table():
    at = on_page(BUDGETS, tab="事業別の表")  # 予算's tabs: only the open one is built
    assert "起業化総合支援事業 · 平成28年度決算(見込)：9,676千円" in at.selectbox(key="src_pick_bu_table").options
    pick(at, "bu_table", "money:1:settlement")
    title, body = dialog_html(at)
    assert title == "出典（報告書の記載）"
    assert_shows_line(body, line_with("28年度予算", "9,676千円"), "9,676千円")
    assert "起業化総合支援事業" in body and "p.16" in body and "9,676千円</td>" in body
    assert at.query_params["src"] == "money:1:settlement"  # linkable


def test_halloween_actual_shows_its_printed_text_and_correction():
    at = pick(on_page(ATTAINMENT, at_tab="指標一覧"), "at_table", "ind:38:1:2016:actual")  # the table's tab
    _, body = dialog_html(at)
    assert_shows_line(body, line_with("実績 (人)", "13,0000"), "13,0000")
    assert "130,000人" in body and "C01:" in body and "カワサキハロウィンの来場者数" in body


def test_stated_change_with_d01_on_the_pdca_page():
    # the picker sits with the money in the program's 金額・備考・出典 expander (?pd_more=true opens it)
    at = pick(on_page(PDCA, program="15", pd_more="true"), "pd_program_15", "money:15:stated_change")
    _, body = dialog_html(at)
    assert_shows_line(body, line_with("29年度予算", "16,927千円増"), "16,927千円増")
    assert "D01:" in body and "18,727" in body and "ものづくり中小企業経営革新等支援事業" in body
    assert "?program=15&amp;pd_more=true&amp;src=money:15:stated_change" in body  # the link keeps the page's own view


def test_pdca_link_to_a_value_opens_it_with_the_expander_closed():
    at = on_page(PDCA, program="15", src="money:15:stated_change")
    assert not [s for s in at.selectbox if s.key == "src_pick_pd_program_15"]  # the closed expander built nothing
    _, body = dialog_html(at)
    assert_shows_line(body, line_with("29年度予算", "16,927千円増"), "16,927千円増")


def test_procurement_cell_of_article_19():
    at = pick(on_page(BUDGETS, tab="第19条 発注"), "bu_proc", "proc:2016:local_sme:total:amount_myen")
    _, body = dialog_html(at)
    line = line_with("中 小 企 業", "41,509")
    assert_shows_line(body, line, "41,509")
    assert "第19条 市内中小企業 合計" in body and "p.65" in body


def test_the_url_reopens_the_source_view_in_english():
    at = on_page(ATTAINMENT, src="ind:38:1:2016:actual", lang="en")
    title, body = dialog_html(at)
    assert title == "Source (as the report prints it)" and "As printed" in body and "130,000人" in body
    assert "C01:" in body and "13,0000" in body and "FY2016" not in title


def test_a_procurement_url_on_the_report_page():
    at = on_page(REPORT, src="disc:D10")
    _, body = dialog_html(at)
    assert_shows_line(body, line_with("学術研究、専門・技術サービス業", "10.3%"), "10.3%")


def test_an_unknown_reference_says_so():
    at = on_page(REPORT, src="money:999:budget")
    _, body = dialog_html(at)
    assert "money:999:budget" in body.replace("\\", "")


def test_no_dialog_without_a_choice():
    at = on_page(BUDGETS)
    with pytest.raises(AssertionError):
        dialog_html(at)


def test_report_search_lists_every_line_with_the_word():
    at = on_page(REPORT, q="起業家塾")
    expected = [i + 1 for i, x in enumerate(TEXT) if "起業家塾" in x]
    buttons = [b for b in at.button if b.key and b.key.startswith("rp_hit_")]
    assert [int(b.key.removeprefix("rp_hit_")) for b in buttons] == expected
    assert f"{len(expected)}行が該当" in [c.value for c in at.caption]
    buttons[0].click().run()
    assert at.query_params["line"] == str(expected[0])
    assert f"指定された行：{expected[0]}行目" in [s.value for s in at.subheader]


def test_deep_link_to_a_page_and_line():
    line = 471  # 創業フォーラム及びかわさき起業家塾の開催 (p.16)
    assert "起業家塾" in TEXT[line - 1]
    at = on_page(REPORT, page="16", line=str(line))
    subs = [s.value for s in at.subheader]
    assert f"指定された行：{line}行目" in subs and "p.16" in subs
    bodies = [h.proto.body for h in at.get("html")]
    assert any(f"kw-l kw-cur' id='L{line}'" in b and html.escape(TEXT[line - 1]) in b for b in bodies)
    at2 = on_page(REPORT, line=str(line_with("最も少ない 64 件")))  # a line alone opens its page
    assert "p.6" in [s.value for s in at2.subheader]


def test_context_page_shows_the_figures_with_their_pages():
    at = on_page(CONTEXT)
    assert metric(at, "事業所数（平成28年）") == "41,028"
    assert metric(at, "従業者数（平成28年）") == "544,782人"
    assert metric(at, "倒産件数の動向（負債総額1,000万円以上）") == "64件 → 81件"
    assert [m.proto.delta for m in at.metric if m.label.startswith("倒産件数")] == ["+17件（+26.6%）"]
    captions = [c.value for c in at.caption]
    assert f"p.3 · {line_with('41,028')}行目" in captions and any(c.endswith(f"p.6 · {line_with('最も少ない 64 件')}行目") for c in captions)
    assert len(at.get("plotly_chart")) == 1  # the employment index; the other charts are in their tabs
    survey_tab = on_page(CONTEXT, cx_tab="実態調査アンケート")
    survey = [d for d in survey_tab.dataframe if "D10" in d.value.to_string()]
    assert survey, "survey table with D10"
    df = survey[0].value.set_index("産業大分類")
    assert df.loc["L 学術研究、専門・技術サービス業", "回答率・計算(%)"] == 20.3
    assert df.loc["L 学術研究、専門・技術サービス業", "回答率・記載(%)"] == 10.3
    charts = [len(on_page(CONTEXT, cx_tab=tab).get("plotly_chart")) for tab in ("従業者数の変化", "倒産件数", "実態調査アンケート")]
    assert charts == [1, 1, 1]  # the page's three charts, one per tab


def test_context_page_in_english_and_its_source_view():
    at = on_page(CONTEXT, lang="en", cx_tab="Business survey")
    assert "Business survey: responses by industry" in [s.value for s in at.subheader]
    at = pick(on_page(CONTEXT, lang="en", cx_tab="Bankruptcies"), "cx_bankruptcy", "ctx:bankruptcies_fy2016")
    _, body = dialog_html(at)
    assert_shows_line(body, line_with("最も少ない 64 件"), "平成 28 年度は 81 件へと増加")


def test_exports_cite_page_and_line():
    from ui import source_view as sv
    from ui import data

    at = open_menus(on_page(BUDGETS, tab="事業別の表"))
    assert {"CSV＋出典", "XLSX＋出典"} <= {d.label for d in at.get("download_button")}
    progs = data.programs(data.default_key()).head(3)
    frame = progs[["program_no", "program_name"]]
    cited = sv.with_citations(frame, progs, "ja")
    assert cited.loc[0, "出典頁"] == "16" and str(line_with("28年度予算", "9,676千円")) in cited.loc[0, "出典行"]
    wb = load_workbook(io.BytesIO(sv.xlsx_with_sources(frame, progs, "ja")))
    assert wb.sheetnames == ["data", "出典"]
    rows = list(wb["出典"].iter_rows(values_only=True))
    header = rows[0]
    settle = [r for r in rows if r[header.index("出典参照")] == "money:1:settlement"][0]
    assert settle[header.index("頁")] == 16 and settle[header.index("行")] == line_with("28年度予算", "9,676千円")
    assert settle[header.index("記載どおり")] == "9,676千円"


def test_exports_with_sources_carry_the_screens_caveats():
    """CSV＋出典 / XLSX＋出典 state the same caveats as the plain CSV/XLSX (trailing 注記 columns, notes sheet)."""
    import pandas as pd

    from ui import source_view as sv
    from ui import data, export

    progs = data.programs(data.default_key()).head(3)
    frame = progs[["program_no", "program_name"]]
    notes = [("対象範囲", "間接融資事業を除く"), ("金額の単位", "千円")]
    csv = pd.read_csv(io.BytesIO(export.csv_bytes(sv.with_citations(frame, progs, "ja"), notes)), encoding="utf-8-sig")
    assert csv["注記:対象範囲"].eq("間接融資事業を除く").all() and "出典行" in csv.columns
    wb = load_workbook(io.BytesIO(sv.xlsx_with_sources(frame, progs, "ja", notes=notes)))
    assert wb.sheetnames == ["data", "注記 notes", "出典"]
    assert {r[0]: r[1] for r in wb["注記 notes"].iter_rows(min_row=2, values_only=True)}["金額の単位"] == "千円"


def test_the_value_as_read_follows_the_quantity_rule_of_the_tables():
    """The source view's 値 line: money by the money rule; everything else by kpi.fmt's quantity rule,
    as the tables and CSV/XLSX print it (2.25 stays 2.25; an inline '.1f' used to print 2.2)."""
    import dataclasses

    from kpi import fmt
    from kpi import io as kio
    from kpi import provenance as pv
    from ui import source_view as sv
    from ui.export.tables import number_text

    report = kio.read_report()
    assert sv.value_text(pv.record(report, "ctx:establishments"), "ja") == "41,028事業所"
    assert sv.value_text(pv.record(report, "ctx:establishments_change_pct"), "ja") == "-3.7%"
    assert sv.value_text(pv.record(report, "ctx:employment_index_kawasaki"), "en") == "105.2指数"
    money = pv.record(report, "money:1:settlement")
    assert (money.printed, sv.value_text(money, "ja"), sv.value_text(money, "en")) == ("9,676千円", "9,676千円", "9,676 thousand yen")
    rec = pv.record(report, "ctx:survey_valid_responses")
    assert sv.value_text(rec, "ja") == "837件"
    for v, shown in ((2.25, "2.25"), (20.0, "20"), (1300.0, "1,300"), (0.125, "0.12")):
        odd = dataclasses.replace(rec, value=v)
        assert sv.value_text(odd, "ja") == f"{shown}件" == f"{fmt.format_quantity(v)}件"
        assert number_text(fmt.quantity_value(v)) == shown  # the export writes the same text
