"""ui.export: images through the shared browser, CSV/XLSX, the PowerPoint deck, failure modes.

Every artefact is opened again (PIL, xml.etree, pandas, openpyxl, python-pptx) and its values checked.
One browser is started for the module (fixture `browser`) and stopped at the end.
"""

from __future__ import annotations

import io
import os
import re
import struct
import threading
import time
import xml.etree.ElementTree as ET
import zlib

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from ui import export

TITLE = "目標達成状況"


def _skip_or_fail(msg: str):
    if os.environ.get("CI"):
        pytest.fail(f"{msg} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def browser():
    status = export.export_status()
    if not status.available:
        _skip_or_fail(status.message)
    export.figure_bytes(go.Figure(go.Bar(x=[1], y=[1])), "svg")  # start the shared browser once
    yield
    export.shutdown()
    assert export._server is None


def _bar(title: str = TITLE) -> go.Figure:
    fig = go.Figure(go.Bar(x=["起業化支援", "新産業創造", "ウェルフェア"], y=[10220, 41385, 48077], name="H28予算"))
    fig.update_layout(
        title=title, xaxis_title="事業名", yaxis_title="金額（千円）",
        margin=dict(b=140),
        annotations=[dict(text="出典: 川崎市 平成28年度 中小企業活性化施策実施状況報告書 p.16", xref="paper",
                          yref="paper", x=0, y=-0.28, showarrow=False)],
    )
    return fig


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _pdf_font_names(pdf: bytes) -> set[str]:
    """/FontName and /BaseFont names, from the raw bytes and from every Flate stream."""
    chunks = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    names = set()
    for chunk in chunks:
        names.update(n.decode("latin-1") for n in re.findall(rb"/(?:FontName|BaseFont)\s*/([^\s/<>\[\]()]+)", chunk))
    return names


# --------------------------------------------------------------------------- environment


def test_export_status_finds_browser_and_font_and_is_cached(browser):
    s = export.export_status()
    assert s.available and s.cjk_font
    assert s.chromium_path and os.access(s.chromium_path, os.X_OK)
    assert export.export_status() is s  # cached per process


def test_without_browser_fails_fast_with_install_command(monkeypatch):
    monkeypatch.setattr(export, "_find_chromium", lambda: None)
    monkeypatch.setattr(export, "_status", None)
    monkeypatch.setattr(export, "_server", None)  # pretend nothing was started in this process
    status = export.export_status()
    assert not status.available and status.chromium_path is None
    assert "apt-get install -y --no-install-recommends chromium fonts-noto-cjk" in status.message
    t = time.perf_counter()
    with pytest.raises(export.ExportError) as err:
        export.figure_bytes(_bar())
    assert time.perf_counter() - t < 1.0
    assert "apt-get install" in str(err.value)
    assert "ブラウザ" in err.value.ja and "browser" in err.value.en
    assert export._server is None  # never started a browser without one


def test_without_japanese_font_is_unavailable(monkeypatch):
    monkeypatch.setattr(export, "_has_cjk_font", lambda: False)
    monkeypatch.setattr(export, "_status", None)
    status = export.export_status()
    assert not status.available and not status.cjk_font
    assert "fonts-noto-cjk" in status.message and "日本語フォント" in status.message


# --------------------------------------------------------------------------- images


def test_png_is_slide_sized_and_draws_the_japanese_title(browser):
    png = export.figure_bytes(_bar(TITLE), "png")
    assert _png_size(png) == (1920, 1080)
    blank = export.figure_bytes(_bar(" " * len(TITLE)), "png")
    a = Image.open(io.BytesIO(png)).convert("L")
    b = Image.open(io.BytesIO(blank)).convert("L")
    assert a.size == b.size == (1920, 1080)

    def differing(box):
        pa, pb = a.crop(box).tobytes(), b.crop(box).tobytes()
        return sum(x != y for x, y in zip(pa, pb))

    title_region = (0, 0, 1920, 180)  # plotly puts the title in the top margin, left
    rest = (0, 180, 1920, 1080)
    assert differing(title_region) > 2000  # glyphs drawn (tofu boxes would also differ: see the PDF test)
    assert differing(rest) == 0  # nothing else changed
    dark = sum(a.crop(title_region).histogram()[:128])
    assert dark > 1000


def test_pdf_embeds_only_noto_cjk_even_if_the_figure_asks_for_another_font(browser):
    fig = _bar()
    fig.update_layout(font_family="Times New Roman", title_font_family="Arial",
                      xaxis_tickfont_family="Courier New")
    pdf = export.figure_bytes(fig, "pdf")
    assert pdf.startswith(b"%PDF")
    names = _pdf_font_names(pdf)
    assert names, "no font names found in the PDF"
    assert all("NotoSansCJK" in n for n in names), names
    # the caller's figure is not changed
    assert fig.layout.font.family == "Times New Roman" and fig.layout.title.font.family == "Arial"


def test_svg_parses_and_keeps_title_axis_titles_and_footnote(browser):
    svg = export.figure_bytes(_bar(), "svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert root.get("width") == "1920" and root.get("height") == "1080"
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    for expected in (TITLE, "事業名", "金額（千円）", "出典: 川崎市", "起業化支援"):
        assert expected in texts
    assert "Noto Sans CJK JP" in svg.decode("utf-8")


def test_other_sizes_and_bad_arguments(browser):
    assert _png_size(export.figure_bytes(_bar(), "png", width=1280, height=720)) == (1280, 720)
    assert _png_size(export.figure_bytes(_bar(), "png", width=801, height=451)) == (801, 451)
    assert _png_size(export.figure_bytes(_bar(), "png", width=1921, height=1081)) == (1921, 1081)
    with pytest.raises(ValueError):
        export.figure_bytes(_bar(), "jpeg")


def test_timeout_gives_export_error_then_browser_restarts(browser, monkeypatch):
    old_pid = export._server.browser_pid()

    def hang(fig_dict, opts):
        time.sleep(5)
        return b""

    monkeypatch.setattr(export, "_kaleido_call", hang)
    t = time.perf_counter()
    with pytest.raises(export.ExportError) as err:
        export.figure_bytes(_bar(), "png", timeout=0.5)
    elapsed = time.perf_counter() - t
    assert 0.4 < elapsed < 1.5
    assert "0.5秒" in err.value.ja and "0.5 s" in err.value.en
    assert not export._server.healthy
    monkeypatch.undo()
    png = export.figure_bytes(_bar(), "png")  # a new browser is started for this call
    assert _png_size(png) == (1920, 1080)
    assert export._server.healthy and export._server.browser_pid() != old_pid


def test_eight_threads_each_get_their_own_image(browser):
    colors = [(230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48),
              (145, 30, 180), (70, 240, 240), (240, 50, 230), (128, 128, 0)]

    def solid(rgb):
        fig = go.Figure(go.Bar(x=[0], y=[1], width=1, marker_color="rgb(%d,%d,%d)" % rgb, marker_line_width=0))
        fig.update_layout(margin=dict(l=0, r=0, t=0, b=0), showlegend=False,
                          xaxis=dict(visible=False, range=[-0.5, 0.5]), yaxis=dict(visible=False, range=[0, 1]))
        return fig

    results: dict[int, bytes] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(colors))

    def work(i):
        try:
            start.wait()
            results[i] = export.figure_bytes(solid(colors[i]), "png", width=400, height=300)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(colors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    for i, rgb in enumerate(colors):
        img = Image.open(io.BytesIO(results[i])).convert("RGB")
        count, dominant = max(img.getcolors(img.width * img.height))
        assert dominant == rgb, (i, dominant, rgb)
        assert count > 0.9 * img.width * img.height


# --------------------------------------------------------------------------- tables

HOSTILE = '=HYPERLINK("http://example.invalid","click")'


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "program_name": pd.Series(["起業化総合支援事業", HOSTILE, "+81-44", "@SUM(A1)", "\tタブ", "－"], dtype="str"),
        "budget_kyen": [10220.0, 41385.0, -2023.0, 0.0, float("nan"), 5.0],
        "count": pd.array([1, -2, 3, 4000, 5, 6], dtype="int64"),
        "execution_rate_pct": [94.677, 20.2, -4.2, 100.0, float("nan"), 50.0],
        "ratio": [0.25, 1.5, -0.75, 2.0, 3.0, 1234.5],
    })


def test_csv_has_bom_round_trips_and_neutralises_formulas():
    df = _table()
    b = export.csv_bytes(df)
    assert b.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(b), encoding="utf-8-sig")
    assert list(back.columns) == list(df.columns)
    assert back.loc[0, "program_name"] == "起業化総合支援事業"
    assert back.loc[1, "program_name"] == "'" + HOSTILE
    assert back.loc[2, "program_name"] == "'+81-44"
    assert back.loc[3, "program_name"] == "'@SUM(A1)"
    assert back.loc[4, "program_name"] == "'\tタブ"
    assert back.loc[5, "program_name"] == "－"  # full-width dash: ordinary text
    assert back["budget_kyen"].tolist()[:4] == [10220.0, 41385.0, -2023.0, 0.0]
    assert back["count"].tolist() == [1, -2, 3, 4000, 5, 6]  # negative numbers are numbers
    assert back["count"].dtype.kind == "i"
    assert not any(line.startswith(b"=") for line in b.split(b"\r\n"))
    assert df.loc[1, "program_name"] == HOSTILE  # caller's frame unchanged


def test_csv_of_the_real_program_table_round_trips():
    import kpi
    from kpi import metrics

    progs = metrics.programs(kpi.read_report())
    back = pd.read_csv(io.BytesIO(export.csv_bytes(progs)), encoding="utf-8-sig")
    assert len(back) == len(progs) == 65
    assert back["program_name"].tolist() == progs["program_name"].tolist()
    assert back["budget_kyen"].fillna(-1).tolist() == progs["budget_kyen"].fillna(-1).tolist()
    assert back["is_key"].tolist() == progs["is_key"].tolist()


def test_xlsx_header_widths_formats_and_neutralised_text():
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(_table(), sheet_name="予算/決算")))
    ws = wb.active
    assert ws.title == "予算決算"
    assert [c.value for c in ws[1]] == list(_table().columns)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    # text stays text, hostile text is neutralised and not a formula
    assert ws["A2"].value == "起業化総合支援事業"
    assert ws["A3"].value == "'" + HOSTILE and ws["A3"].data_type == "s"
    assert ws["A4"].value == "'+81-44"
    # numbers are numbers with their formats
    assert ws["B4"].value == -2023 and ws["B4"].number_format == "#,##0"  # integral floats: thousands
    assert ws["C3"].value == -2 and ws["C3"].number_format == "#,##0"
    assert ws["D2"].value == pytest.approx(94.677) and ws["D2"].number_format == '0.0"%"'
    assert ws["E2"].value == 0.25 and ws["E2"].number_format == "#,##0.00"  # as many decimals as the values carry
    assert ws["B6"].value is None  # NaN → empty
    # widths fitted: 9 Japanese characters count as 18
    width_a = ws.column_dimensions["A"].width
    assert width_a >= 18 + 2 - 0.01
    assert ws.column_dimensions["C"].width < width_a


def test_xlsx_of_the_real_indicator_table_opens():
    import kpi
    from kpi import metrics

    ind = metrics.indicators(kpi.read_report())
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(ind))).active
    header = [c.value for c in ws[1]]
    assert ws.max_row == len(ind) + 1
    col = header.index("attainment_pct") + 1
    values = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    assert any(isinstance(c.value, float) and c.number_format == '0.0"%"' for c in values)
    name_col = header.index("indicator_name") + 1
    assert ws.cell(row=2, column=name_col).value == ind["indicator_name"].iloc[0]


# --------------------------------------------------------------------------- plotly config


def test_plotly_config_sanitises_the_filename():
    cfg = export.plotly_config('平成28年度/予算:決算 "比較"*?<>|\x00\n.png')
    opts = cfg["toImageButtonOptions"]
    assert opts == {"format": "png", "filename": "平成28年度予算決算 比較", "width": 1920, "height": 1080, "scale": 1}
    assert cfg["displaylogo"] is False
    assert len(export.plotly_config("あ" * 500)["toImageButtonOptions"]["filename"]) <= 80
    assert export.plotly_config("///")["toImageButtonOptions"]["filename"] == "chart"


# --------------------------------------------------------------------------- deck


def _slides() -> list[export.SlideSpec]:
    bar = _bar()
    bar.add_bar(x=["起業化支援", "新産業創造", "ウェルフェア"], y=[9676, 8367, 45465], name="H28決算")
    hbar = go.Figure(go.Bar(y=["市内中小企業", "市内大企業"], x=[812.5, 120.25], orientation="h", name="契約額"))
    hbar.update_layout(barmode="stack")
    line = go.Figure([go.Scatter(x=[2014, 2015, 2016], y=[100, 120, 130], name="目標", mode="lines+markers"),
                      go.Scatter(x=[2014, 2015, 2016], y=[90, 125, 128], name="実績", mode="lines+markers")])
    cat_line = go.Figure(go.Scatter(x=["平成26年度", "平成27年度", "平成28年度"], y=[3, 5, 4], mode="lines", name="件数"))
    pie = go.Figure(go.Pie(labels=["達成", "概ね達成", "未達成"], values=[30, 12, 15]))
    heat = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]], x=["目標", "実績"], y=["第12条", "第13条"]))
    foot = "出典: 平成28年度 中小企業活性化施策実施状況報告書 p.16 / 平成28年度 / データ版 1"
    return [
        export.SlideSpec("事業別 予算と決算", bar, foot, "棒グラフ: 3事業のH28予算と決算",
                         data=pd.DataFrame({"事業": ["起業化支援"], "予算": [10220]})),
        export.SlideSpec("契約額", hbar, foot, "横棒グラフ"),
        export.SlideSpec("目標と実績の推移", line, foot, "折れ線グラフ: 目標と実績"),
        export.SlideSpec("件数の推移", cat_line, foot, "折れ線グラフ: 件数"),
        export.SlideSpec("達成状況の内訳", pie, foot, "円グラフ: 達成30件、概ね達成12件、未達成15件"),
        export.SlideSpec("条別の達成率", heat, foot + " 出力日: 2026-01-01", "ヒートマップ: 条別の達成率"),
    ]


def _descr(shape) -> str | None:
    cnvpr = shape._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
    return cnvpr.get("descr")


def _slide_texts(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


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
    monkeypatch.setattr(export, "_find_chromium", lambda: None)
    monkeypatch.setattr(export, "_status", None)
    monkeypatch.setattr(export, "_server", None)
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
    assert export._server is None


def test_footnote_export_date_appended_once():
    d = export.export_date().__class__(2026, 11, 21)
    assert export._with_export_date("出典: 報告書 p.3", d) == "出典: 報告書 p.3　出力日: 2026年11月21日"
    assert export._with_export_date("出典 2026-11-21", d) == "出典 2026-11-21"
    assert export._with_export_date("", d) == "出力日: 2026年11月21日"


def test_native_chart_rules_follow_the_figure():
    stacked = go.Figure()
    for name, xs in (("達成", [3, 0]), ("未達成", [1, 2])):
        stacked.add_bar(y=["第12条", "第13条"], x=xs, name=name, orientation="h", text=xs)
    stacked.update_layout(barmode="stack")
    stacked.update_yaxes(autorange="reversed")
    spec = export._native_chart(stacked)
    assert spec.chart_type.name == "BAR_STACKED" and spec.reverse_categories and spec.data_labels
    assert spec.series == [("達成", [3.0, 0.0]), ("未達成", [1.0, 2.0])]
    prs = Presentation()
    frame = export._add_native_chart(prs.slides.add_slide(prs.slide_layouts[6]), spec, 0, 0, Emu(6000000), Emu(4000000))
    assert frame.chart.category_axis.reverse_order
    assert frame.chart.plots[0].data_labels.number_format == "General;-General;"  # zero segments unlabelled

    share = go.Figure(go.Bar(x=["物品", "工事"], y=[31.9, 86.4], name="平成28年度"))
    share.update_yaxes(range=[0, 100], ticksuffix="%")
    spec = export._native_chart(share)
    assert spec.value_range == (0.0, 100.0) and spec.value_number_format == '0.0"%"'

    ordered = go.Figure(go.Bar(x=["b", "a", "c"], y=[2, 1, 3]))
    ordered.update_xaxes(categoryorder="array", categoryarray=["a", "b", "c"])
    assert export._native_chart(ordered).series == [("系列1", [1.0, 2.0, 3.0])]

    with_target_line = go.Figure(go.Bar(x=["a"], y=[95]))
    with_target_line.add_hline(y=100)
    assert export._native_chart(with_target_line) is None  # the line would be lost: picture instead
    log_axis = go.Figure(go.Bar(x=["a"], y=[95]))
    log_axis.update_yaxes(type="log")
    assert export._native_chart(log_axis) is None
    markers_only = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], mode="markers"))
    assert export._native_chart(markers_only) is None
    combo = go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=["a"], y=[1])])
    assert export._native_chart(combo) is None


def test_tall_figure_keeps_the_requested_size(browser):
    fig = go.Figure(go.Bar(y=[f"事業{i}" for i in range(65)], x=list(range(65)), orientation="h"))
    fig.update_layout(height=1700)  # designed with one row per program
    assert _png_size(export.figure_bytes(fig, "png")) == (1920, 1080)
    assert _png_size(export.figure_bytes(fig, "png", width=1920, height=826)) == (1920, 826)  # a slide's slot
    root = ET.fromstring(export.figure_bytes(fig, "svg"))
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    assert export._render_scale(1920, 1080, 1700) == pytest.approx(1080 / 1700)
    assert export._render_scale(1920, 1080, 440) == 2
    assert export._render_scale(800, 600, None) == 1


def test_xlsx_keeps_the_decimals_shown_on_screen():
    df = pd.DataFrame({"億円": [0.74, 50.52, 238.96], "百万円": [10.2, 3.0, 0.5]})
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(df)))
    ws = wb.active
    assert ws["A2"].number_format == "#,##0.00" and ws["A2"].value == 0.74
    assert ws["B2"].number_format == "#,##0.0"


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
