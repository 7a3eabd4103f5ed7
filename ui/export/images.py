"""Figures → images (PNG/SVG/PDF): the export dress of a figure (fonts, template, size), the render
scale, the SVG's pixel size, the slide pictures' cache, and the config of Plotly's own image button.

Every image is drawn from a copy of the figure with the font "Noto Sans CJK JP, sans-serif" (else
Japanese is tofu), the shared template (ui.style: plotly_white's layout) and a white background;
titles, axis titles and annotations (source footnotes) the caller put on the figure are kept. Text is
laid out at half the requested pixel size and rendered at scale 2, so a 1920×1080 PNG has the
proportions of a 960×540 on-screen chart (fonts legible on a projected slide) at full slide resolution.

Slide pictures (`picture_bytes`) are kept in a small LRU (`_PICTURES`) keyed by the digest of what is
rendered, so a deck never renders the same picture twice; `figure_bytes` (a download) always renders.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections import OrderedDict
from typing import Any

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from ui.export import browser
from ui.export.errors import ExportError
from ui.style import FONT_FAMILY, TEMPLATE  # the screen's font and template

FORMATS = ("png", "svg", "pdf")
_RENDER_SCALE = 2  # layout at (width/2, height/2) CSS px, rendered ×2
_MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "pdf": (b"%PDF",), "svg": (b"<svg", b"<?xml")}


def _force_fonts(node: Any) -> None:
    """Every explicitly set font family (title.font, tickfont, textfont, annotations' font…) → FONT_FAMILY."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                continue
            if isinstance(value, dict):
                if key.endswith("font") and "family" in value:
                    value["family"] = FONT_FAMILY
                _force_fonts(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    _force_fonts(item)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _force_fonts(item)


def _export_figure(fig: go.Figure | dict, drop_title: bool = False) -> tuple[go.Figure, float | None]:
    """A copy of `fig` dressed for export (Japanese font, the shared template, white background, no fixed
    size), and the height in CSS px the caller designed it for (None if not set)."""
    f = go.Figure(fig)  # a copy: the caller's figure is never changed
    designed_height = f.layout.height
    f.update_layout(template=TEMPLATE, paper_bgcolor="white", plot_bgcolor="white", font_family=FONT_FAMILY)
    f.layout.width = f.layout.height = f.layout.autosize = None
    if drop_title:
        f.layout.title.text = None
        if f.layout.margin.t is None:
            f.layout.margin.t = 30
    return f, designed_height


def _render_scale(width: int, height: int, designed_height: float | None) -> float:
    """Layout at (width, height) / scale CSS px: ×2 for slide-sized images (text legible when projected),
    less for a figure designed taller than that (e.g. one bar per program) so no label is squeezed out."""
    scale = float(_RENDER_SCALE) if width >= 1200 else 1.0
    if designed_height and height / scale < designed_height:
        scale = height / float(designed_height)
    return scale

class _PictureCache:
    """Rendered bytes by (digest of the figure and render options, fmt, width, height): at most
    `max_items` entries and `max_bytes` in all, least recently used dropped first. Read and written
    only inside browser.exclusive(), the lock every render holds."""

    def __init__(self, max_items: int = 32, max_bytes: int = 64 * 2**20):
        self.max_items, self.max_bytes = max_items, max_bytes
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._size = 0

    def get(self, key: tuple) -> bytes | None:
        data = self._items.get(key)
        if data is not None:
            self._items.move_to_end(key)
        return data

    def put(self, key: tuple, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return
        old = self._items.pop(key, None)
        self._size += len(data) - (len(old) if old is not None else 0)
        self._items[key] = data
        while len(self._items) > self.max_items or self._size > self.max_bytes:
            _, dropped = self._items.popitem(last=False)
            self._size -= len(dropped)

    def clear(self) -> None:
        self._items.clear()
        self._size = 0

    def __len__(self) -> int:
        return len(self._items)


_PICTURES = _PictureCache()


def clear_picture_cache() -> None:
    """Forget every kept slide picture (the bench measures renders with it empty)."""
    with browser.exclusive(time.monotonic() + 30, 30):
        _PICTURES.clear()


def _checked_size(fmt: str, width: int, height: int) -> tuple[str, int, int]:
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    width, height = int(width), int(height)
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    return fmt, width, height


def figure_bytes(fig: go.Figure, fmt: str = "png", width: int = 1920, height: int = 1080,
                 timeout: float = 60.0) -> bytes:
    """The figure as PNG (width×height pixels), SVG or PDF, rendered by the shared browser.

    Raises ExportError (never hangs): at once without Chromium or a Japanese font; after `timeout`
    seconds if the browser does not answer (it is restarted on the next call); if rendering fails."""
    fmt, width, height = _checked_size(fmt, width, height)
    return _render_figure(fig, fmt, width, height, timeout, drop_title=False, keep=False)


def picture_bytes(fig: go.Figure, width: int, height: int, timeout: float = 60.0) -> bytes:
    """A slide's PNG of the figure without its title (the slide has its own), width×height pixels;
    kept in the picture cache, so the same figure at the same size is rendered once. ExportError as
    figure_bytes."""
    _, width, height = _checked_size("png", width, height)
    return _render_figure(fig, "png", width, height, timeout, drop_title=True, keep=True)


def _render_figure(fig: go.Figure, fmt: str, width: int, height: int, timeout: float, drop_title: bool,
                   keep: bool) -> bytes:
    status = browser.export_status()
    if not status.available:
        raise browser.unavailable_error(status)
    deadline = time.monotonic() + timeout
    f, designed_height = _export_figure(fig, drop_title=drop_title)
    fig_dict, opts = _render_request(f, designed_height, fmt, width, height)
    key = (_digest(fig_dict, opts), fmt, width, height) if keep else None
    with browser.exclusive(deadline, timeout):
        data = _PICTURES.get(key) if key else None
        if data is None:
            data = _checked(browser.render(fig_dict, opts, deadline, timeout, status.chromium_path), fmt)
            if fmt == "svg":
                data = _svg_size(data, width, height)
            if key:
                _PICTURES.put(key, data)
    return data


def _render_request(f: go.Figure, designed_height: float | None, fmt: str, width: int,
                    height: int) -> tuple[dict, dict]:
    """kaleido's figure dict (every font forced to FONT_FAMILY) and options (layout size and scale)."""
    fig_dict = f.to_dict()
    _force_fonts(fig_dict)
    scale = _render_scale(width, height, designed_height)
    # The browser truncates layout × scale to whole pixels: with a fractional scale, 1920/s·s can come out
    # as 1919.999… → 1919. A relative 1e-9 more layout keeps the product at or just above the target.
    nudge = 1.0 if scale in (1.0, 2.0) else 1.0 + 1e-9
    opts = {"format": fmt, "width": width / scale * nudge, "height": height / scale * nudge, "scale": scale}
    return fig_dict, opts


def _digest(fig_dict: dict, opts: dict) -> str:
    """What decides the rendered bytes (the dressed figure and kaleido's options), as one digest."""
    text = to_json_plotly({"figure": fig_dict, "opts": opts})
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


def _checked(data: Any, fmt: str) -> bytes:
    if not isinstance(data, (bytes, bytearray)) or not any(bytes(data[:64]).lstrip().startswith(m)
                                                            for m in _MAGIC[fmt]):
        raise ExportError("画像の出力結果が不正です。もう一度お試しください。",
                          f"The exported {fmt.upper()} was not valid; please try again.")
    return bytes(data)


def _svg_size(svg: bytes, width: int, height: int) -> bytes:
    """Whole-pixel width/height on the root <svg> (its viewBox keeps the layout size)."""
    end = svg.find(b">")
    root = svg[:end]
    root = re.sub(rb'\swidth="[^"]*"', f' width="{width}"'.encode(), root, count=1)
    root = re.sub(rb'\sheight="[^"]*"', f' height="{height}"'.encode(), root, count=1)
    return root + svg[end:]


# --------------------------------------------------------------------------- Plotly's image button

_RESERVED_WIN = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _safe_filename(name: str, max_len: int = 80) -> str:
    s = unicodedata.normalize("NFC", str(name))
    s = "".join(ch for ch in s if ch not in '/\\:*?"<>|' and unicodedata.category(ch) not in ("Cc", "Cf"))
    s = re.sub(r"\s+", " ", s).strip(" .")
    s = re.sub(r"\.png$", "", s, flags=re.IGNORECASE).strip(" .")
    s = s[:max_len].rstrip(" .")
    if s.upper() in _RESERVED_WIN:
        s = f"_{s}"
    return s or "chart"


def plotly_config(filename: str) -> dict:
    """`config=` for st.plotly_chart: the camera button saves a 1920×1080 PNG named `filename`."""
    return {
        "toImageButtonOptions": {"format": "png", "filename": _safe_filename(filename), "width": 1920,
                                 "height": 1080, "scale": 1},
        "displaylogo": False,
    }
