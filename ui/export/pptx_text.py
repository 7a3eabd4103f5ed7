"""Text on slides: the Japanese-capable font on every run (python-pptx sets only the Latin face),
text-frame styling, alt text on a shape, and Plotly rich text made plain."""

from __future__ import annotations

import html
import re
from typing import Any

PPTX_FONT = "Yu Gothic"  # 游ゴシック: present on the presenters' Windows PCs; set as latin and East Asian face


def set_font(font: Any, size: float | None = None, bold: bool | None = None, color: str | None = None,
              name: str = PPTX_FONT) -> None:
    """python-pptx only sets the Latin face (a:latin); Japanese glyphs use a:ea, added here too."""
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    font.name = name
    rpr = font._element  # a:rPr / a:defRPr
    latin = rpr.find(qn("a:latin"))
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        latin.addnext(ea)
    ea.set("typeface", name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)


def style_text_frame(tf: Any, size: float, bold: bool | None = None, color: str | None = None,
                      align: Any = None) -> None:
    for p in tf.paragraphs:
        if align is not None:
            p.alignment = align
        set_font(p.font, size, bold, color)
        for r in p.runs:
            set_font(r.font, size, bold, color)


def set_descr(shape: Any, text: str) -> None:
    """Alt text: the `descr` attribute of the shape's p:cNvPr (python-pptx has no API for it)."""
    from pptx.oxml.ns import qn

    cnvpr = shape._element.find(".//" + qn("p:cNvPr"))
    if cnvpr is not None:
        cnvpr.set("descr", text)

def plain(text: Any) -> str:
    """Plotly rich text (an on-screen title, footnote or label) → the plain text it shows: <br> →
    newline, tags dropped, HTML escapes (&lt; for <) read back, outer space stripped."""
    if text is None:
        return ""
    s = re.sub(r"<br\s*/?>", "\n", str(text), flags=re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", s)).strip()
