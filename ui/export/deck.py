"""The PowerPoint deck: SlideSpec (THE one deck item: what a page shows as a chart), deck_bytes, and
the slide's parts: title, chart (a native chart, else a picture, else a placeholder that says why),
footnote with the export date, and speaker notes (alt text, the screen's caveats, the data).

A SlideSpec takes the chart as shown on screen: the figure, its footnote as Plotly text (<br> and
HTML escapes, made plain here), the frame shown (`data`: the native chart's categories and values,
and the notes' table) and the screen's caveats (`notes`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui.export import images, native, pptx_chart
from ui.export.errors import ExportError
from ui.export.pptx_text import plain, set_descr, style_text_frame
from ui.export.tables import Notes, cell_value, display_width, number_text

_JST = dt.timezone(dt.timedelta(hours=9), "JST")


@dataclass
class SlideSpec:
    """One chart of a page for its deck: `footnote` as on screen (Plotly text), `data` the frame shown."""

    title: str
    figure: go.Figure
    footnote: str
    alt_text: str
    data: pd.DataFrame | None = None
    notes: Notes | None = None  # the screen's caveats, written into the speaker notes


def export_date() -> dt.date:
    """Today in Japan (the server may run on UTC)."""
    return dt.datetime.now(_JST).date()


def with_export_date(footnote: str, today: dt.date) -> str:
    """The footnote, with 「出力日: YYYY年M月D日」 appended unless it already names today or an 出力日."""
    text = (footnote or "").strip()
    forms = (today.isoformat(), today.strftime("%Y/%m/%d"), f"{today.year}/{today.month}/{today.day}",
             f"{today.year}年{today.month}月{today.day}日", f"{today.year}年{today.month:02d}月{today.day:02d}日")
    if "出力日" in text or any(f in text for f in forms):
        return text
    stamp = f"出力日: {today.year}年{today.month}月{today.day}日"
    return f"{text}　{stamp}" if text else stamp


# geometry of a 13.333 × 7.5 in slide (inches)
_SLIDE_W, _SLIDE_H = 13.333, 7.5
_MARGIN = 0.5
_TITLE_TOP, _TITLE_H = 0.3, 0.9
_BODY_TOP, _BODY_H = 1.3, 5.3
_FOOT_TOP, _FOOT_H = 6.7, 0.6
_BODY_W = _SLIDE_W - 2 * _MARGIN
_PICTURE_W = 1920  # pixels; the height follows the body's aspect


def _remove_shapes_after(slide: Any, count: int) -> None:
    for shape in list(slide.shapes)[count:]:
        el = shape._element
        el.getparent().remove(el)


def _add_textbox(slide: Any, text: str, left: float, top: float, width: float, height: float, size: float,
                 color: str | None = None, bold: bool | None = None) -> Any:
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    tf.text = text
    style_text_frame(tf, size, bold=bold, color=color)
    return box


def _add_placeholder_box(slide: Any, message: ExportError, alt_text: str, left: float, top: float,
                         width: float, height: float) -> Any:
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches

    box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height))
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor(0xF2, 0xF2, 0xF2)
    box.line.color.rgb = RGBColor(0xA6, 0xA6, 0xA6)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    lines = ["【グラフ画像を作成できませんでした / Chart image unavailable】", message.ja]
    if message.en:
        lines.append(message.en)
    if alt_text:
        lines += ["", f"グラフの内容: {alt_text}"]
    tf.text = "\n".join(lines)
    style_text_frame(tf, 16, color="333333")
    set_descr(box, alt_text or message.ja)
    return box


def _fit_picture(png: bytes) -> tuple[int, int]:
    import struct

    w, h = struct.unpack(">II", png[16:24])
    return w, h


def _notes_text(spec: SlideSpec) -> str:
    parts = []
    if spec.alt_text:
        parts.append(f"グラフの説明: {spec.alt_text}")
    if spec.notes:
        parts.append("注記:\n" + "\n".join(f"{item}: {text}" for item, text in spec.notes))
    if spec.data is not None and len(spec.data.columns):
        shown = spec.data.head(60)
        cols = [" / ".join(str(p) for p in c) if isinstance(c, tuple) else str(c) for c in shown.columns]
        rows = ["\t".join(number_text(cell_value(v)) if not isinstance(cell_value(v), str)
                          else re.sub(r"[\t\r\n]+", " ", cell_value(v)) for v in r) for r in shown.itertuples(index=False)]
        parts.append("データ:\n" + "\n".join(["\t".join(cols), *rows]))
        if len(spec.data) > len(shown):
            parts.append(f"（ほか {len(spec.data) - len(shown)} 行）")
    return "\n\n".join(parts)


def _title_size(text: str) -> float:
    n = display_width(text)
    return 28 if n <= 60 else 24 if n <= 80 else 20


def deck_bytes(slides: list[SlideSpec], title: str, subtitle: str,
               progress: Callable[[float], None] | None = None) -> bytes:
    """A 16:9 deck: a title slide, then one slide per SlideSpec with its title, the chart (a native,
    editable PowerPoint chart for bar and line charts, its labels and values from the slide's frame
    where it maps; else a PNG with alt text) and its footnote made plain (the export date appended if
    absent). `progress(fraction)` is called after each slide. Without a browser, native charts still
    work and other charts become a text placeholder."""
    from pptx import Presentation
    from pptx.util import Emu

    today = export_date()
    prs = Presentation()
    prs.slide_width = Emu(12192000)  # PowerPoint's 16:9 "widescreen": 13.333 × 7.5 in
    prs.slide_height = Emu(6858000)
    prs.core_properties.title = title
    prs.core_properties.subject = subtitle
    total = 1 + len(slides)
    _title_slide(prs, title, subtitle)
    if progress:
        progress(1 / total)
    for n, spec in enumerate(slides, start=2):
        _chart_slide(prs, spec, today)
        if progress:
            progress(n / total)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _title_slide(prs: Any, title: str, subtitle: str) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    s = prs.slides.add_slide(prs.slide_layouts[0])
    t = s.shapes.title
    t.left, t.top, t.width, t.height = Inches(0.9), Inches(2.0), Inches(_SLIDE_W - 1.8), Inches(1.8)
    t.text = title
    style_text_frame(t.text_frame, 36, bold=True, align=PP_ALIGN.CENTER)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Inches(0.9), Inches(4.0), Inches(_SLIDE_W - 1.8), Inches(1.8)
    sub.text = subtitle
    style_text_frame(sub.text_frame, 20, color="404040", align=PP_ALIGN.CENTER)


def _chart_slide(prs: Any, spec: SlideSpec, today: dt.date) -> None:
    """Title, chart, footnote and speaker notes of one SlideSpec, on a Title Only slide."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    s = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    t = s.shapes.title
    t.left, t.top, t.width, t.height = (Inches(_MARGIN), Inches(_TITLE_TOP), Inches(_BODY_W), Inches(_TITLE_H))
    t.text = spec.title
    t.text_frame.word_wrap = True
    style_text_frame(t.text_frame, _title_size(spec.title), bold=True, align=PP_ALIGN.LEFT)
    if not _place_native_chart(s, spec):
        try:
            _place_picture(s, spec)
        except ExportError as e:
            _add_placeholder_box(s, e, spec.alt_text, _MARGIN, _BODY_TOP, _BODY_W, _BODY_H)
    _add_textbox(s, with_export_date(plain(spec.footnote), today), _MARGIN, _FOOT_TOP, _BODY_W, _FOOT_H, 11,
                 color="595959")
    notes = _notes_text(spec)
    if notes:
        s.notes_slide.notes_text_frame.text = notes


def native_chart(spec: SlideSpec) -> native.NativeChart | None:
    """The native chart of a slide: the figure's reading, its labels and values from the slide's frame
    where the frame maps onto it; None where only a picture keeps the chart's meaning."""
    fig = go.Figure(spec.figure)
    chart = native.from_figure(fig)
    return native.from_frame(chart, fig, spec.data) or chart


def _place_native_chart(s: Any, spec: SlideSpec) -> bool:
    """Put the native chart in the body; False (and nothing left on the slide) where there is none."""
    from pptx.util import Inches

    try:
        chart = native_chart(spec)
    except Exception:  # noqa: BLE001 - anything odd in the figure: fall back to a picture
        chart = None
    if chart is None:
        return False
    before = len(s.shapes)
    try:
        frame = pptx_chart.add_chart(s, chart, Inches(_MARGIN), Inches(_BODY_TOP), Inches(_BODY_W), Inches(_BODY_H))
        set_descr(frame, spec.alt_text)
        return True
    except Exception:  # noqa: BLE001
        _remove_shapes_after(s, before)
        return False


def _place_picture(s: Any, spec: SlideSpec) -> None:
    """The figure as a PNG in the body (kept within it, centred), with the alt text; ExportError if
    the image cannot be made."""
    from pptx.util import Inches

    left, top, width, height = Inches(_MARGIN), Inches(_BODY_TOP), Inches(_BODY_W), Inches(_BODY_H)
    png = images.picture_bytes(spec.figure, _PICTURE_W, int(round(_PICTURE_W * _BODY_H / _BODY_W)))
    pic = s.shapes.add_picture(io.BytesIO(png), left, top, width=width)
    if pic.height > height:  # keep within the slot, centred
        w, h = _fit_picture(png)
        pic.height = height
        pic.width = int(height * w / h)
        pic.left = int(left + (width - pic.width) / 2)
    set_descr(pic, spec.alt_text)
