"""ui.export.deck: the 16:9 deck of SlideSpec items: titles, native charts and pictures, footnotes with
the export date, speaker notes, a placeholder without a browser, hostile labels kept as text."""

from __future__ import annotations

import io
import time

import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.util import Emu

from tests.export_support import _descr, _slide_texts, _slides, browser  # noqa: F401  (browser: the module's fixture)
from ui import export
from ui.export import browser as export_browser
from ui.export import deck


def test_deck_native_charts_pictures_titles_footnotes(browser):
    slides = _slides()
    seen: list[float] = []
    prs = Presentation(io.BytesIO(export.deck_bytes(slides, "川崎市 中小企業活性化施策", "平成28年度 実施状況報告書",
                                                   progress=seen.append)))
    assert len(prs.slides) == 1 + len(slides)
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))  # 13.333 × 7.5 in
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    assert seen == pytest.approx([(i + 1) / (1 + len(slides)) for i in range(1 + len(slides))])

    first = prs.slides[0]
    assert first.shapes.title.text == "川崎市 中小企業活性化施策"
    assert "平成28年度 実施状況報告書" in _slide_texts(first)

    today = export.export_date()
    stamp = f"{today.year}年{today.month}月{today.day}日"
    for slide, spec in zip(list(prs.slides)[1:], slides):
        assert slide.shapes.title.text == spec.title
        text = _slide_texts(slide)
        assert "出典: 平成28年度 中小企業活性化施策実施状況報告書 p.16" in text
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height

    s_bar, s_hbar, s_line, s_cat, s_pie, s_heat = list(prs.slides)[1:]
    assert f"出力日: {stamp}" in _slide_texts(s_bar)
    assert "出力日: 2026-01-01" in _slide_texts(s_heat) and stamp not in _slide_texts(s_heat)

    chart_frame = next(sh for sh in s_bar.shapes if sh.has_chart)
    chart = chart_frame.chart
    plot = chart.plots[0]
    assert list(plot.categories) == ["起業化支援", "新産業創造", "ウェルフェア"]
    assert [s.name for s in plot.series] == ["H28予算", "H28決算"]
    assert list(plot.series[0].values) == [10220, 41385, 48077]
    assert list(plot.series[1].values) == [9676, 8367, 45465]
    assert chart.has_legend
    assert chart.value_axis.axis_title.text_frame.text == "金額（千円）"
    assert _descr(chart_frame) == "棒グラフ: 3事業のH28予算と決算"
    xml = chart_frame.chart._chartSpace.xml
    assert 'typeface="Yu Gothic"' in xml and "<a:ea " in xml
    assert "データ:" in s_bar.notes_slide.notes_text_frame.text

    hchart = next(sh for sh in s_hbar.shapes if sh.has_chart).chart
    assert hchart.chart_type.name == "BAR_STACKED"
    assert list(hchart.plots[0].categories) == ["市内中小企業", "市内大企業"]
    assert list(hchart.plots[0].series[0].values) == [812.5, 120.25]

    lchart = next(sh for sh in s_line.shapes if sh.has_chart).chart
    assert lchart.chart_type.name == "XY_SCATTER_LINES"
    assert [s.name for s in lchart.plots[0].series] == ["目標", "実績"]
    assert list(lchart.plots[0].series[1].values) == [90, 125, 128]

    cchart = next(sh for sh in s_cat.shapes if sh.has_chart).chart
    assert cchart.chart_type.name == "LINE"
    assert list(cchart.plots[0].categories) == ["平成26年度", "平成27年度", "平成28年度"]

    for slide, alt in ((s_pie, "円グラフ: 達成30件、概ね達成12件、未達成15件"), (s_heat, "ヒートマップ: 条別の達成率")):
        assert not any(sh.has_chart for sh in slide.shapes)
        pic = next(sh for sh in slide.shapes if sh.shape_type == 13)  # PICTURE
        assert _descr(pic) == alt
        assert pic.image.content_type == "image/png"
        w, h = pic.image.size
        assert w == 1920 and abs(w / h - pic.width / pic.height) < 0.01


def test_deck_without_browser_keeps_native_charts_and_explains_the_rest(monkeypatch):
    monkeypatch.setattr(export_browser, "_find_chromium", lambda: None)
    monkeypatch.setattr(export_browser, "_status", None)
    monkeypatch.setattr(export_browser, "_server", None)
    slides = _slides()
    t = time.perf_counter()
    prs = Presentation(io.BytesIO(export.deck_bytes(slides, "題", "副題")))
    assert time.perf_counter() - t < 10
    assert len(prs.slides) == 1 + len(slides)
    assert any(sh.has_chart for sh in prs.slides[1].shapes)
    pie_text = _slide_texts(prs.slides[5])
    assert "apt-get install -y --no-install-recommends chromium fonts-noto-cjk" in pie_text
    assert "円グラフ: 達成30件" in pie_text  # the alt text stands in for the chart
    box = next(sh for sh in prs.slides[5].shapes if "apt-get" in (sh.text_frame.text if sh.has_text_frame else ""))
    assert _descr(box)
    assert export_browser._server is None


def test_footnote_export_date_appended_once():
    d = export.export_date().__class__(2026, 11, 21)
    assert deck.with_export_date("出典: 報告書 p.3", d) == "出典: 報告書 p.3　出力日: 2026年11月21日"
    assert deck.with_export_date("出典 2026-11-21", d) == "出典 2026-11-21"
    assert deck.with_export_date("", d) == "出力日: 2026年11月21日"


def test_deck_chart_workbook_stores_hostile_labels_as_text():
    import zipfile

    fig = go.Figure(go.Bar(x=['=HYPERLINK("http://x","y")', "=cmd|'/c calc'!A0", "起業化総合支援事業"], y=[1, 2, 3],
                           name="=SUM(1,2)"))
    deck = export.deck_bytes([export.SlideSpec("t", fig, "出典", "alt")], "T", "S")
    outer = zipfile.ZipFile(io.BytesIO(deck))
    (embedded,) = [n for n in outer.namelist() if n.endswith(".xlsx")]
    inner = zipfile.ZipFile(io.BytesIO(outer.read(embedded)))
    sheet = inner.read("xl/worksheets/sheet1.xml").decode()
    shared = inner.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in shared and "=SUM(1,2)" in shared


def test_deck_takes_the_on_screen_footnote_and_makes_it_plain(monkeypatch):
    monkeypatch.setattr(export_browser, "_find_chromium", lambda: None)  # a native chart needs no browser
    monkeypatch.setattr(export_browser, "_status", None)
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    foot = "出典：川崎市 報告書 p.16<br>対象：A &amp; B &lt;除く&gt;"
    prs = Presentation(io.BytesIO(export.deck_bytes([export.SlideSpec("t", fig, foot, "alt")], "T", "S")))
    text = _slide_texts(prs.slides[1])
    assert "出典：川崎市 報告書 p.16\n対象：A & B <除く>" in text
    assert "<br>" not in text and "&amp;" not in text and "&lt;" not in text
