"""ui.export.images: PNG/SVG/PDF of a figure (size, Japanese font, kept texts), the render scale of
tall figures, the slide pictures' cache and the config of Plotly's image button."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zlib

import plotly.graph_objects as go
import pytest
from PIL import Image

from tests.export_support import TITLE, _bar, _png_size, browser  # noqa: F401  (browser: the module's fixture)
from ui import export
from ui.export import images


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


def test_tall_figure_keeps_the_requested_size(browser):
    fig = go.Figure(go.Bar(y=[f"事業{i}" for i in range(65)], x=list(range(65)), orientation="h"))
    fig.update_layout(height=1700)  # designed with one row per program
    assert _png_size(export.figure_bytes(fig, "png")) == (1920, 1080)
    assert _png_size(export.figure_bytes(fig, "png", width=1920, height=826)) == (1920, 826)  # a slide's slot
    root = ET.fromstring(export.figure_bytes(fig, "svg"))
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    assert images._render_scale(1920, 1080, 1700) == pytest.approx(1080 / 1700)
    assert images._render_scale(1920, 1080, 440) == 2
    assert images._render_scale(800, 600, None) == 1



# --------------------------------------------------------------------------- plotly config


def test_plotly_config_sanitises_the_filename():
    cfg = export.plotly_config('平成28年度/予算:決算 "比較"*?<>|\x00\n.png')
    opts = cfg["toImageButtonOptions"]
    assert opts == {"format": "png", "filename": "平成28年度予算決算 比較", "width": 1920, "height": 1080, "scale": 1}
    assert cfg["displaylogo"] is False
    assert len(export.plotly_config("あ" * 500)["toImageButtonOptions"]["filename"]) <= 80
    assert export.plotly_config("///")["toImageButtonOptions"]["filename"] == "chart"




def test_picture_cache_keeps_recent_pictures_within_its_bounds():
    cache = images._PictureCache(max_items=2, max_bytes=10)
    cache.put(("a",), b"1234")
    cache.put(("b",), b"1234")
    assert cache.get(("a",)) == b"1234"  # a is now the most recent
    cache.put(("c",), b"1234")
    assert cache.get(("b",)) is None and cache.get(("a",)) and cache.get(("c",))
    cache.put(("d",), b"123456789")  # over max_bytes together: the oldest go
    assert len(cache) == 1 and cache.get(("d",))
    cache.put(("e",), b"x" * 11)  # larger than the whole cache: not kept
    assert cache.get(("e",)) is None


def test_a_slide_picture_is_rendered_once_and_a_download_always(browser, monkeypatch):
    from ui.export import browser as export_browser

    calls = []
    real = export_browser._kaleido_call
    monkeypatch.setattr(export_browser, "_kaleido_call", lambda d, o: calls.append(o) or real(d, o))
    images.clear_picture_cache()
    fig = go.Figure(go.Pie(labels=["達成", "未達成"], values=[3, 1]))
    first = images.picture_bytes(fig, 1920, 826)
    assert _png_size(first) == (1920, 826)
    assert images.picture_bytes(go.Figure(fig), 1920, 826) == first and len(calls) == 1  # the same figure: kept
    images.picture_bytes(fig, 1280, 551)  # another size: rendered
    fig2 = go.Figure(fig)
    fig2.update_traces(values=[2, 2])
    images.picture_bytes(fig2, 1920, 826)  # another figure: rendered
    assert len(calls) == 3
    export.figure_bytes(fig, "png")
    export.figure_bytes(fig, "png")
    assert len(calls) == 5  # downloads are never served from the slide pictures' cache
    slides = [export.SlideSpec(f"{i}", fig, "出典", "円グラフ") for i in range(3)]
    images.clear_picture_cache()
    export.deck_bytes(slides, "T", "S")
    assert len(calls) == 6  # three slides of one figure: one render
