"""Exports for presenters: chart images (PNG/SVG/PDF), CSV/XLSX tables and a 16:9 PowerPoint deck.

Pages call:
    export_status()                 -> ExportStatus   can images be made here? (cached per process)
    figure_bytes(fig, "png")        -> bytes          1920×1080 PNG (or "svg" / "pdf"); raises ExportError
    csv_bytes(df) / xlsx_bytes(df)  -> bytes          Excel-ready tables, formula injection neutralised
    deck_bytes(slides, title, subtitle, progress) -> bytes   .pptx, native charts where possible
    plotly_config(filename)         -> dict           config for st.plotly_chart's download button
    shutdown()                                        stop the shared browser

Images are rendered by kaleido in ONE headless Chromium per process, started on first use and only
after the browser and a Japanese font were found (kaleido hangs forever if started without a
browser). kaleido is not thread-safe and Streamlit runs each session in its own thread, so every
export holds `_LOCK`; every export is bounded by its `timeout` (a browser that did not answer is
restarted on the next call). kaleido's own `start_sync_server` is not used: its singleton cannot be
restarted once a render hangs (closing it joins the stuck thread), so this module keeps its own
kaleido.Kaleido on its own event loop, which it can cancel and kill.

Every image is drawn from a copy of the figure with the font "Noto Sans CJK JP, sans-serif" (else
Japanese is tofu), the shared template (ui.style: plotly_white's layout) and a white background; titles, axis titles and
annotations (source footnotes) the caller put on the figure are kept. Text is laid out at half the
requested pixel size and rendered at scale 2, so a 1920×1080 PNG has the proportions of a 960×540
on-screen chart (fonts legible on a projected slide) at full slide resolution.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import html
import io
import math
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

# ---------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------

from ui.style import FONT_FAMILY, TEMPLATE  # noqa: E402  (the screen's font and template)
PPTX_FONT = "Yu Gothic"  # 游ゴシック: present on the presenters' Windows PCs; set as latin and East Asian face
FORMATS = ("png", "svg", "pdf")
INSTALL_COMMAND = "sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk"
BROWSER_CANDIDATES = ("chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome")
_RENDER_SCALE = 2  # layout at (width/2, height/2) CSS px, rendered ×2
_MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "pdf": (b"%PDF",), "svg": (b"<svg", b"<?xml")}
_JST = dt.timezone(dt.timedelta(hours=9), "JST")


class ExportError(Exception):
    """An export that could not be made. `str(e)` is the user-facing message, Japanese then English;
    `e.ja` / `e.en` hold each language alone."""

    def __init__(self, ja: str, en: str | None = None):
        self.ja = ja
        self.en = en or ""
        super().__init__(f"{ja}\n{en}" if en else ja)


# ---------------------------------------------------------------------------------------------
# Environment: is there a browser and a Japanese font?
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportStatus:
    available: bool
    message: str
    chromium_path: str | None
    cjk_font: bool


def _executable(path: str | None) -> str | None:
    if not path:
        return None
    found = shutil.which(path)
    if found:
        return found
    p = Path(path)
    return str(p) if p.is_file() and os.access(p, os.X_OK) else None


def _find_chromium() -> str | None:
    """BROWSER_PATH, then chromium / /usr/bin/chromium / chromium-browser / google-chrome."""
    for candidate in (os.environ.get("BROWSER_PATH"), *BROWSER_CANDIDATES):
        found = _executable(candidate)
        if found:
            return found
    return None


def _has_cjk_font() -> bool:
    """A font covering Japanese, asked of fontconfig (`fc-list :lang=ja`); without fc-list, look for
    the Noto CJK files where Debian installs them."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, text=True, timeout=15)
            return bool(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    roots = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    return any(any(r.rglob("*CJK*")) for r in roots if r.is_dir())


_status: ExportStatus | None = None
_status_lock = threading.Lock()


def export_status(refresh: bool = False) -> ExportStatus:
    """Whether images can be exported on this machine; found once per process (`refresh=True` looks again)."""
    global _status
    with _status_lock:
        if _status is None or refresh:
            chromium = _find_chromium()
            font = _has_cjk_font()
            missing_ja, missing_en = [], []
            if not chromium:
                missing_ja.append("ブラウザ（Chromium）")
                missing_en.append("a browser (Chromium)")
            if not font:
                missing_ja.append("日本語フォント（Noto CJK）")
                missing_en.append("a Japanese font (Noto CJK)")
            if missing_ja:
                message = (
                    f"画像の出力には{'と'.join(missing_ja)}が必要です。サーバーの管理者に次のコマンドの実行を"
                    f"依頼してください: {INSTALL_COMMAND}\n"
                    f"Image export needs {' and '.join(missing_en)}. Ask the server administrator to run: "
                    f"{INSTALL_COMMAND}"
                )
            else:
                message = (f"画像の出力が使えます（{chromium}）。\n"
                           f"Image export is available (browser: {chromium}, Japanese font found).")
            _status = ExportStatus(available=not missing_ja, message=message, chromium_path=chromium, cjk_font=font)
        return _status


def _unavailable_error(status: ExportStatus) -> ExportError:
    ja, _, en = status.message.partition("\n")
    return ExportError(ja, en)


# ---------------------------------------------------------------------------------------------
# The shared browser
# ---------------------------------------------------------------------------------------------


class _BrowserServer:
    """One kaleido.Kaleido (one headless Chromium, one tab) driven on a private asyncio loop thread."""

    def __init__(self, chromium_path: str):
        self.chromium_path = chromium_path
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run_loop, name="export-kaleido-loop", daemon=True)
        self.kaleido: Any = None
        self.healthy = False
        self._pending: Any = None  # concurrent.futures.Future of the render in flight

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def _open(self) -> Any:
        import kaleido  # imported on first export: pages that never export don't pay for it

        k = kaleido.Kaleido(n=1, timeout=None, mathjax=False, path=self.chromium_path)
        self.kaleido = k  # kept before open() so a start that times out can still be killed
        await k.open()
        return k

    def start(self, timeout: float) -> None:
        self.thread.start()
        fut = asyncio.run_coroutine_threadsafe(self._open(), self.loop)
        try:
            fut.result(timeout=timeout)
        except BaseException as e:
            fut.cancel()
            self.close(grace=2.0)
            if isinstance(e, TimeoutError):
                raise ExportError(
                    f"ブラウザ（Chromium）が{timeout:.0f}秒以内に起動しませんでした。もう一度お試しください。",
                    f"The browser (Chromium) did not start within {timeout:.0f} s; please try again.") from None
            raise ExportError(f"ブラウザ（Chromium）を起動できません: {e}",
                              f"The browser (Chromium) could not be started: {e}") from e
        self.healthy = True

    def render(self, fig_dict: dict, opts: dict) -> bytes:
        fut = asyncio.run_coroutine_threadsafe(self.kaleido.calc_fig(fig_dict, opts=opts), self.loop)
        self._pending = fut
        try:
            return fut.result()
        finally:
            self._pending = None

    def browser_pid(self) -> int | None:
        proc = getattr(self.kaleido, "subprocess", None)
        return getattr(proc, "pid", None)

    def alive(self) -> bool:
        proc = getattr(self.kaleido, "subprocess", None)
        return self.thread.is_alive() and proc is not None and proc.poll() is None

    def cancel_pending(self) -> None:
        fut = self._pending
        if fut is not None:
            fut.cancel()  # frees the worker thread waiting on it; cancels the task on the loop

    def close(self, grace: float = 10.0) -> None:
        """Close the browser; if it does not close within `grace` seconds, kill the process we started."""
        self.healthy = False
        self.cancel_pending()
        proc = getattr(self.kaleido, "subprocess", None)
        if self.thread.is_alive() and self.kaleido is not None:
            try:
                asyncio.run_coroutine_threadsafe(self.kaleido.close(), self.loop).result(timeout=grace)
            except BaseException:  # noqa: BLE001 - any failure to close cleanly ends in a kill below
                pass
        if proc is not None and proc.poll() is None:
            _kill_process_group(proc)
        if self.thread.is_alive():
            def _stop() -> None:
                for task in asyncio.all_tasks(self.loop):
                    task.cancel()
                self.loop.call_soon(self.loop.stop)  # one more turn lets the cancellations run

            self.loop.call_soon_threadsafe(_stop)
            self.thread.join(timeout=5)
        if not self.thread.is_alive() and not self.loop.is_closed():
            try:
                self.loop.close()
            except RuntimeError:
                pass


def _kill_process_group(proc: subprocess.Popen) -> None:
    """Stop the browser this module started (its own process group, as choreographer starts it)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            if os.getpgid(proc.pid) == proc.pid:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        except (ProcessLookupError, PermissionError, OSError):
            return
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


_LOCK = threading.Lock()  # serialises every export and the server's start/stop
_server: _BrowserServer | None = None


def _ensure_server(chromium_path: str, timeout: float) -> _BrowserServer:
    """The running shared browser, (re)started if missing or marked unhealthy. Call with _LOCK held."""
    global _server
    if _server is not None and not (_server.healthy and _server.alive()):
        old, _server = _server, None
        old.close(grace=5.0)
    if _server is None:
        server = _BrowserServer(chromium_path)
        server.start(timeout=timeout)
        _server = server
    return _server


def _kaleido_call(fig_dict: dict, opts: dict) -> bytes:
    """The one call into kaleido (tests replace it). Runs in a worker thread with _LOCK held."""
    server = _server
    if server is None:
        raise RuntimeError("export server not started")
    return server.render(fig_dict, opts)


def _call_bounded(fn: Callable[..., bytes], args: tuple, timeout: float) -> bytes:
    """fn(*args) in a daemon worker thread; TimeoutError if it has not returned within `timeout`."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["result"] = fn(*args)
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = e
        finally:
            done.set()

    threading.Thread(target=work, name="export-render", daemon=True).start()
    if not done.wait(timeout):
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["result"]


def shutdown() -> None:
    """Stop the shared browser (it starts again on the next export)."""
    global _server
    got = _LOCK.acquire(timeout=30)
    try:
        server, _server = _server, None
        if server is not None:
            server.close()
    finally:
        if got:
            _LOCK.release()


atexit.register(shutdown)


# ---------------------------------------------------------------------------------------------
# Figures → images
# ---------------------------------------------------------------------------------------------


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


def figure_bytes(fig: go.Figure, fmt: str = "png", width: int = 1920, height: int = 1080,
                 timeout: float = 60.0) -> bytes:
    """The figure as PNG (width×height pixels), SVG or PDF, rendered by the shared browser.

    Raises ExportError (never hangs): at once without Chromium or a Japanese font; after `timeout`
    seconds if the browser does not answer (it is restarted on the next call); if rendering fails."""
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    width, height = int(width), int(height)
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    status = export_status()
    if not status.available:
        raise _unavailable_error(status)
    deadline = time.monotonic() + timeout
    f, designed_height = _export_figure(fig)
    return _render(f, designed_height, fmt, width, height, deadline, timeout, status.chromium_path)


def _render(f: go.Figure, designed_height: float | None, fmt: str, width: int, height: int, deadline: float,
            timeout: float, chromium_path: str | None) -> bytes:
    fig_dict = f.to_dict()
    _force_fonts(fig_dict)
    scale = _render_scale(width, height, designed_height)
    # The browser truncates layout × scale to whole pixels: with a fractional scale, 1920/s·s can come out
    # as 1919.999… → 1919. A relative 1e-9 more layout keeps the product at or just above the target.
    nudge = 1.0 if scale in (1.0, 2.0) else 1.0 + 1e-9
    opts = {"format": fmt, "width": width / scale * nudge, "height": height / scale * nudge, "scale": scale}

    def timed_out() -> ExportError:
        return ExportError(f"画像の出力が{timeout:g}秒以内に終わりませんでした。もう一度お試しください。",
                           f"Image export did not finish within {timeout:g} s; please try again.")

    if not _LOCK.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise timed_out()
    try:
        server = _ensure_server(chromium_path or "chromium", max(1.0, deadline - time.monotonic()))
        try:
            data = _call_bounded(_kaleido_call, (fig_dict, opts), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            server.healthy = False  # restarted on the next call
            server.cancel_pending()
            raise timed_out() from None
        except ExportError:
            raise
        except Exception as e:
            if not server.alive():
                server.healthy = False
            raise ExportError(f"グラフを画像にできませんでした: {e}", f"The chart could not be rendered: {e}") from e
    finally:
        _LOCK.release()
    if not isinstance(data, (bytes, bytearray)) or not any(bytes(data[:64]).lstrip().startswith(m)
                                                            for m in _MAGIC[fmt]):
        raise ExportError("画像の出力結果が不正です。もう一度お試しください。",
                          f"The exported {fmt.upper()} was not valid; please try again.")
    if fmt == "svg":
        return _svg_size(bytes(data), width, height)
    return bytes(data)


def _svg_size(svg: bytes, width: int, height: int) -> bytes:
    """Whole-pixel width/height on the root <svg> (its viewBox keeps the layout size)."""
    end = svg.find(b">")
    root = svg[:end]
    root = re.sub(rb'\swidth="[^"]*"', f' width="{width}"'.encode(), root, count=1)
    root = re.sub(rb'\sheight="[^"]*"', f' height="{height}"'.encode(), root, count=1)
    return root + svg[end:]


# ---------------------------------------------------------------------------------------------
# Tables: CSV and XLSX
# ---------------------------------------------------------------------------------------------


def _neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading quote; anything else is unchanged
    (kpi.inert.neutralise: ASCII and full-width prefixes)."""
    from kpi import inert

    return inert.neutralise(value)


def _flat_columns(df: pd.DataFrame) -> list:
    if isinstance(df.columns, pd.MultiIndex):
        return [" / ".join(str(p) for p in col if str(p)) for col in df.columns]
    return list(df.columns)


def _neutralised_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) are neutralised; numbers, booleans and dates untouched."""
    out = df.copy()
    out.columns = [_neutralise(c) if isinstance(c, str) else c for c in _flat_columns(df)]
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        elif (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)
              or pd.api.types.is_datetime64_any_dtype(s.dtype)):
            continue
        out.isetitem(i, s.astype(object).map(_neutralise))
    return out


Notes = Sequence[tuple[str, str]]  # (item, text): the screen's caveats (scope, unit, fiscal year, source, rounding)


def with_notes(df: pd.DataFrame, notes: Notes | None) -> pd.DataFrame:
    """The frame with one trailing column per note, the same text on every row: the CSV stays one
    rectangular table that any reader parses, and every row (also after filtering) carries its caveats."""
    if not notes:
        return df
    out = df.copy()
    out.columns = _flat_columns(df)
    for item, text in notes:
        name = f"注記:{item}" if item not in out.columns else f"注記:{item}_"
        out[name] = pd.Series([text] * len(out), index=out.index, dtype=object)
    return out


def _number_text(v: Any) -> str:
    """A number as the screen prints it: 105,632 (never 105632.0), 20 (never 20.0), 45.1."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    if isinstance(v, float) and math.isnan(v):
        return ""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Whole-number float columns (a nullable Float64 of targets) written as integers: 20, not 20.0."""
    out = df.copy()
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if pd.api.types.is_float_dtype(s.dtype):
            vals = pd.to_numeric(s, errors="coerce")
            whole = vals.dropna()
            if len(whole) and (whole == whole.round()).all() and whole.abs().max() < 2**53:
                out.isetitem(i, vals.round().astype("Int64"))
    return out


def csv_bytes(df: pd.DataFrame, notes: Notes | None = None) -> bytes:
    """UTF-8 with BOM (Excel in Japan opens it correctly), CRLF lines, no index, formula text neutralised;
    whole numbers without '.0'; `notes` as trailing 注記:… columns (see with_notes)."""
    text = _neutralised_frame(_csv_frame(with_notes(df, notes))).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _display_width(text: str) -> int:
    """Width in Excel character units: East-Asian wide, full-width and ambiguous characters count 2."""
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)
                for line in text.split("\n")), default=0)


def _is_pct_column(name: Any) -> bool:
    n = str(name)
    return n.endswith("_pct") or n.endswith("(%)") or n.endswith("（%）")


def _cell_value(v: Any) -> Any:
    """A pandas/numpy/arrow scalar as a value openpyxl writes (None for missing)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.tz_convert(None).to_pydatetime() if v.tzinfo else v.to_pydatetime()
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.replace(tzinfo=None)
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
        if isinstance(v, float) and math.isnan(v):
            return None
    if isinstance(v, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", v)[:32767]
    if isinstance(v, (dt.timedelta,)):
        return str(v)
    return v


def _number_format(name: Any, values: list) -> str | None:
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not nums:
        return None
    if _is_pct_column(name):
        return '0.0"%"'
    if all(isinstance(v, int) or float(v).is_integer() for v in nums):
        return "#,##0"
    # as many decimals as the values carry (at most 2: 億円 amounts are shown to 0.01), so the cell
    # shows what the screen and the CSV show
    decimals = max(min(len(f"{float(v):.10g}".partition(".")[2]), 2) for v in nums if not float(v).is_integer())
    return "#,##0." + "0" * max(decimals, 1)


def _format_for_width(v: Any, fmt: str | None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "FALSE" if not v else "TRUE"
    if isinstance(v, (int, float)) and fmt:
        if fmt == "#,##0":
            return f"{v:,.0f}"
        if fmt.startswith("#,##0."):
            return f"{v:,.{len(fmt) - 6}f}"
        return f"{v:.1f}%"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _sheet_title(name: str) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "", str(name)).strip("'")[:31]
    return title or "data"


def xlsx_bytes(df: pd.DataFrame, sheet_name: str = "data", notes: Notes | None = None) -> bytes:
    """One sheet: bold frozen header, fitted column widths, number formats ('#,##0', '#,##0.0', '0.0"%"'
    for *_pct columns), text stored as text with formula-like text neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    safe = _neutralised_frame(df)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet_name)
    header_font = Font(bold=True)
    header_border = Border(bottom=Side(style="thin"))
    columns = list(safe.columns)
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=_cell_value(name if isinstance(name, str) else str(name)))
        cell.data_type = "s"
        cell.font = header_font
        cell.border = header_border
        cell.alignment = Alignment(vertical="center")
    for j in range(len(columns)):
        values = [_cell_value(v) for v in safe.iloc[:, j].tolist()]
        fmt = _number_format(columns[j], values)
        width = _display_width(str(columns[j]))
        for i, v in enumerate(values, start=2):
            if v is None:
                continue
            cell = ws.cell(row=i, column=j + 1, value=v)
            if isinstance(v, str):
                cell.data_type = "s"  # never a formula
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and fmt:
                cell.number_format = fmt
            elif isinstance(v, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(v, dt.date):
                cell.number_format = "yyyy-mm-dd"
            width = max(width, _display_width(_format_for_width(v, fmt)))
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(width + 2, 6), 80)
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(safe) + 1)}"
    if notes:  # the screen's caveats on their own sheet: item | text
        ns = wb.create_sheet(_sheet_title("注記 notes"))
        for i, (item, text) in enumerate([("項目 item", "内容 note"), *notes], start=1):
            for j, v in enumerate((item, text), start=1):
                cell = ns.cell(row=i, column=j, value=_cell_value(_neutralise(str(v))))
                cell.data_type = "s"
                cell.font = header_font if i == 1 else Font()
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ns.column_dimensions["A"].width = 18
        ns.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Download button config for st.plotly_chart
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# PowerPoint deck
# ---------------------------------------------------------------------------------------------


@dataclass
class SlideSpec:
    title: str
    figure: go.Figure
    footnote: str
    alt_text: str
    data: pd.DataFrame | None = None
    notes: Notes | None = None  # the screen's caveats, written into the speaker notes


def export_date() -> dt.date:
    """Today in Japan (the server may run on UTC)."""
    return dt.datetime.now(_JST).date()


def _with_export_date(footnote: str, today: dt.date) -> str:
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


def _set_font(font: Any, size: float | None = None, bold: bool | None = None, color: str | None = None,
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


def _style_text_frame(tf: Any, size: float, bold: bool | None = None, color: str | None = None,
                      align: Any = None) -> None:
    for p in tf.paragraphs:
        if align is not None:
            p.alignment = align
        _set_font(p.font, size, bold, color)
        for r in p.runs:
            _set_font(r.font, size, bold, color)


def _set_descr(shape: Any, text: str) -> None:
    """Alt text: the `descr` attribute of the shape's p:cNvPr (python-pptx has no API for it)."""
    from pptx.oxml.ns import qn

    cnvpr = shape._element.find(".//" + qn("p:cNvPr"))
    if cnvpr is not None:
        cnvpr.set("descr", text)


def _plain(text: Any) -> str:
    """Plotly rich text → plain text (<br> → newline, tags dropped)."""
    if text is None:
        return ""
    s = re.sub(r"<br\s*/?>", "\n", str(text), flags=re.IGNORECASE)
    return re.sub(r"<[^>]+>", "", s).strip()


# --- native chart conversion -------------------------------------------------------------------


@dataclass
class _NativeChart:
    kind: str  # "category" or "xy"
    chart_type: Any  # XL_CHART_TYPE
    categories: list | None
    series: list  # (name, values) or (name, xs, ys)
    colors: list  # "RRGGBB" or None per series
    x_title: str
    y_title: str
    reverse_categories: bool
    value_number_format: str | None
    x_number_format: str | None = None
    value_range: tuple[float, float] | None = None
    data_labels: bool = False


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _num_or_none(v: Any) -> float | None:
    if v is None or v is pd.NA:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"not a number: {v!r}")
    return None if math.isnan(float(v)) else float(v)


def _seq(values: Any) -> list | None:
    if values is None:
        return None
    out = []
    for v in list(values):
        if hasattr(v, "item") and not isinstance(v, (str, bytes)):
            v = v.item()
        out.append(v)
    return out


def _category_label(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, (list, tuple)):
        raise ValueError("multi-level categories")
    return html.unescape(str(v))  # chart labels carry Plotly-escaped text (&lt; for <): the slide shows the text


def _color_hex(c: Any) -> str | None:
    if not isinstance(c, str):
        return None
    c = c.strip()
    m = re.fullmatch(r"#([0-9a-fA-F]{6})", c)
    if m:
        return m.group(1).upper()
    m = re.fullmatch(r"#([0-9a-fA-F]{3})", c)
    if m:
        return "".join(ch * 2 for ch in m.group(1)).upper()
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)", c)
    if m:
        return "".join(f"{min(255, int(x)):02X}" for x in m.groups())
    return None


def _colorway(fig: go.Figure) -> list[str]:
    import plotly.io as pio

    way = fig.layout.colorway or pio.templates[TEMPLATE].layout.colorway or ("#636efa",)
    return list(way)


def _value_format(all_values: list[float | None], axis: Any) -> str | None:
    """Number format of the value axis: 'N%' where plotly shows a % suffix, thousands separators for
    large whole numbers, else the default."""
    nums = [v for v in all_values if v is not None]
    whole = bool(nums) and all(float(v).is_integer() for v in nums)
    if (axis.ticksuffix or "").strip() == "%":
        return '0"%"' if whole else '0.0"%"'
    if whole and max(abs(v) for v in nums) >= 1000:
        return "#,##0"
    return None


def _value_range(axis: Any) -> tuple[float, float] | None:
    r = axis.range
    if axis.autorange in (True, "reversed") or r is None or len(r) != 2 or not all(_is_num(v) for v in r):
        return None
    lo, hi = float(r[0]), float(r[1])
    return (lo, hi) if lo < hi else None


def _has_text(t: Any) -> bool:
    text = t.text
    if t.texttemplate:
        return True
    if text is None:
        return False
    if isinstance(text, str):
        return bool(text)
    return any(str(x) for x in list(text))


def _native_chart(fig: go.Figure) -> _NativeChart | None:
    """A native PowerPoint chart for bar charts and line charts; None for anything else, and for
    figures whose meaning a native chart would lose (reference lines/shapes, log axes, 2nd axes)."""
    from pptx.enum.chart import XL_CHART_TYPE as T

    traces = [t for t in fig.data if t.visible in (None, True)]
    if not traces:
        return None
    if any(getattr(t, "xaxis", None) not in (None, "x") or getattr(t, "yaxis", None) not in (None, "y")
           for t in traces):
        return None  # secondary axes / subplots
    layout = fig.layout
    if layout.shapes or layout.xaxis.type == "log" or layout.yaxis.type == "log":
        return None  # e.g. a 100 % target line: only the picture keeps it
    colorway = _colorway(fig)
    x_title = _plain(layout.xaxis.title.text)
    y_title = _plain(layout.yaxis.title.text)
    horizontal = False

    def series_name(i: int, t: Any) -> str:
        return _plain(t.name) or (y_title if len(traces) == 1 and y_title else f"系列{i + 1}")

    def category_order(per_trace: list[list], axis: Any) -> list[str]:
        cats: list[str] = []
        for labels in per_trace:
            for c in labels:
                if c not in cats:
                    cats.append(c)
        if axis.categoryorder == "array" and axis.categoryarray is not None:
            wanted = [_category_label(c) for c in axis.categoryarray]
            cats = [c for c in wanted if c in cats] + [c for c in cats if c not in wanted]
        return cats

    if all(t.type == "bar" for t in traces):
        orient = {t.orientation or "v" for t in traces}
        if len(orient) != 1 or any(t.base is not None for t in traces):
            return None
        horizontal = orient == {"h"}
        cat_axis, val_axis = (layout.yaxis, layout.xaxis) if horizontal else (layout.xaxis, layout.yaxis)
        per_trace_cats, per_trace_vals = [], []
        for t in traces:
            cats, vals = (t.y, t.x) if horizontal else (t.x, t.y)
            vals = _seq(vals)
            if vals is None:
                return None
            cats = _seq(cats)
            if cats is None:
                cats = list(range(len(vals)))
            if len(cats) != len(vals):
                return None
            per_trace_cats.append([_category_label(c) for c in cats])
            per_trace_vals.append([_num_or_none(v) for v in vals])
        categories = category_order(per_trace_cats, cat_axis)
        series = []
        for i, (t, labels, vals) in enumerate(zip(traces, per_trace_cats, per_trace_vals)):
            by_cat = dict(zip(labels, vals))
            series.append((series_name(i, t), [by_cat.get(c) for c in categories]))
        mode = layout.barmode or "group"
        if mode in ("stack", "relative"):
            kind = "STACKED_100" if layout.barnorm else "STACKED"
        else:
            kind = "CLUSTERED"
        chart_type = getattr(T, ("BAR_" if horizontal else "COLUMN_") + kind)
        colors = [_color_hex(t.marker.color) or _color_hex(colorway[i % len(colorway)])
                  for i, t in enumerate(traces)]
        return _NativeChart(
            kind="category", chart_type=chart_type, categories=categories, series=series, colors=colors,
            x_title=_plain(cat_axis.title.text), y_title=_plain(val_axis.title.text),
            reverse_categories=cat_axis.autorange == "reversed",
            value_number_format=_value_format([v for _, vs in series for v in vs], val_axis),
            value_range=_value_range(val_axis), data_labels=all(_has_text(t) for t in traces),
        )

    if all(t.type in ("scatter", "scattergl") for t in traces):
        modes = []
        for t in traces:
            mode = t.mode or ("lines+markers" if len(_seq(t.y) or []) < 20 else "lines")
            if "lines" not in mode or (t.fill not in (None, "none")):
                return None
            modes.append(mode)
        markers = any("markers" in m for m in modes)
        xs_all = [_seq(t.x) if t.x is not None else list(range(len(_seq(t.y) or []))) for t in traces]
        ys_all = [[_num_or_none(v) for v in (_seq(t.y) or [])] for t in traces]
        if any(len(x) != len(y) for x, y in zip(xs_all, ys_all)):
            return None
        numeric_x = all(_is_num(v) for xs in xs_all for v in xs) and layout.xaxis.type not in ("category",
                                                                                               "multicategory")
        colors = [_color_hex(t.line.color) or _color_hex(t.marker.color) or _color_hex(colorway[i % len(colorway)])
                  for i, t in enumerate(traces)]
        all_y = [v for ys in ys_all for v in ys]
        common = dict(colors=colors, x_title=x_title, y_title=y_title,
                      value_number_format=_value_format(all_y, layout.yaxis), value_range=_value_range(layout.yaxis),
                      data_labels=all(_has_text(t) and "text" in m for t, m in zip(traces, modes)))
        if numeric_x:
            series = [(series_name(i, t), [float(x) for x in xs], ys)
                      for i, (t, xs, ys) in enumerate(zip(traces, xs_all, ys_all))]
            int_x = all(float(x).is_integer() for xs in xs_all for x in xs)
            return _NativeChart(
                kind="xy", chart_type=T.XY_SCATTER_LINES if markers else T.XY_SCATTER_LINES_NO_MARKERS,
                categories=None, series=series, reverse_categories=False,
                x_number_format="0" if int_x else None, **common,
            )
        per_trace_cats = [[_category_label(c) for c in xs] for xs in xs_all]
        categories = category_order(per_trace_cats, layout.xaxis)
        series = []
        for i, (t, labels, ys) in enumerate(zip(traces, per_trace_cats, ys_all)):
            by_cat = dict(zip(labels, ys))
            series.append((series_name(i, t), [by_cat.get(c) for c in categories]))
        return _NativeChart(
            kind="category", chart_type=T.LINE_MARKERS if markers else T.LINE, categories=categories,
            series=series, reverse_categories=layout.xaxis.autorange == "reversed", **common,
        )
    return None


def _formula_safe_chart_data():
    """python-pptx chart-data classes whose embedded workbook stores every string as a string.

    python-pptx writes the chart's data sheet with xlsxwriter, which by default turns a string that
    starts with '=' into a formula: a program name like '=HYPERLINK(...)' would become a live
    formula in the deck's embedded workbook. These subclasses open that workbook with
    strings_to_formulas=False."""
    import contextlib

    import xlsxwriter
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter

    class _Safe:
        @contextlib.contextmanager
        def _open_worksheet(self, xlsx_file):
            workbook = xlsxwriter.Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False})
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

    class SafeCategoryWriter(_Safe, CategoryWorkbookWriter):
        pass

    class SafeXyWriter(_Safe, XyWorkbookWriter):
        pass

    class SafeCategoryChartData(CategoryChartData):
        @property
        def _workbook_writer(self):
            return SafeCategoryWriter(self)

    class SafeXyChartData(XyChartData):
        @property
        def _workbook_writer(self):
            return SafeXyWriter(self)

    return SafeCategoryChartData, SafeXyChartData


def _add_native_chart(slide: Any, spec: _NativeChart, left: Any, top: Any, width: Any, height: Any) -> Any:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_AXIS_CROSSES, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.util import Pt

    CategoryChartData, XyChartData = _formula_safe_chart_data()
    if spec.kind == "category":
        data = CategoryChartData(number_format=spec.value_number_format or "General")
        data.categories = spec.categories
        for name, values in spec.series:
            data.add_series(name, values)
    else:
        data = XyChartData()
        for name, xs, ys in spec.series:
            s = data.add_series(name, number_format=spec.value_number_format)
            for x, y in zip(xs, ys):
                if y is not None:
                    s.add_data_point(x, y)
    frame = slide.shapes.add_chart(spec.chart_type, left, top, width, height, data)
    chart = frame.chart
    is_bar = spec.chart_type.name.startswith(("BAR", "COLUMN"))
    stacked = "STACKED" in spec.chart_type.name
    _set_font(chart.font, 14)
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    _set_font(chart.legend.font, 14)
    cat_axis, val_axis = chart.category_axis, chart.value_axis
    for axis, title in ((cat_axis, spec.x_title), (val_axis, spec.y_title)):
        _set_font(axis.tick_labels.font, 14)
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            _style_text_frame(axis.axis_title.text_frame, 14, bold=False)
    val_axis.has_major_gridlines = True
    if spec.value_number_format:
        val_axis.tick_labels.number_format = spec.value_number_format
        val_axis.tick_labels.number_format_is_linked = False
    if spec.value_range:
        val_axis.minimum_scale, val_axis.maximum_scale = spec.value_range
    if spec.x_number_format:
        cat_axis.tick_labels.number_format = spec.x_number_format
        cat_axis.tick_labels.number_format_is_linked = False
        xs = [x for _, sx, _ in spec.series for x in sx]
        if xs and max(xs) - min(xs) <= 30:
            cat_axis.major_unit = 1
            cat_axis.minimum_scale = min(xs)
            cat_axis.maximum_scale = max(xs)
    if spec.reverse_categories:
        cat_axis.reverse_order = True  # first category on top, as plotly's autorange="reversed"
        cat_axis.crosses = XL_AXIS_CROSSES.MAXIMUM  # and the value axis stays at the bottom
    plot = chart.plots[0]
    if is_bar:
        plot.gap_width = 60
        if stacked:
            plot.overlap = 100
    if spec.data_labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        fmt = spec.value_number_format or "General"
        labels.number_format = f"{fmt};-{fmt};" if stacked else fmt  # stacked: no "0" on empty segments
        labels.number_format_is_linked = False
        labels.show_value = True
        _set_font(labels.font, 12)
        labels.position = (XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END) if is_bar \
            else XL_LABEL_POSITION.ABOVE
    for series, color in zip(plot.series, spec.colors):
        if not color:
            continue
        if is_bar:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(color)
        else:
            series.format.line.color.rgb = RGBColor.from_string(color)
            series.format.line.width = Pt(2.5)
            series.smooth = False
            try:
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.rgb = RGBColor.from_string(color)
                series.marker.format.line.color.rgb = RGBColor.from_string(color)
            except (AttributeError, ValueError):
                pass
    return frame


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
    _style_text_frame(tf, size, bold=bold, color=color)
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
    _style_text_frame(tf, 16, color="333333")
    _set_descr(box, alt_text or message.ja)
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
        rows = ["\t".join(_number_text(_cell_value(v)) if not isinstance(_cell_value(v), str)
                          else re.sub(r"[\t\r\n]+", " ", _cell_value(v)) for v in r) for r in shown.itertuples(index=False)]
        parts.append("データ:\n" + "\n".join(["\t".join(cols), *rows]))
        if len(spec.data) > len(shown):
            parts.append(f"（ほか {len(spec.data) - len(shown)} 行）")
    return "\n\n".join(parts)


def _title_size(text: str) -> float:
    n = _display_width(text)
    return 28 if n <= 60 else 24 if n <= 80 else 20


def deck_bytes(slides: list[SlideSpec], title: str, subtitle: str,
               progress: Callable[[float], None] | None = None) -> bytes:
    """A 16:9 deck: a title slide, then one slide per SlideSpec with its title, the chart (a native,
    editable PowerPoint chart for bar and line charts; else a PNG with alt text) and its footnote
    (the export date appended if absent). `progress(fraction)` is called after each slide.
    Without a browser, native charts still work and other charts become a text placeholder."""
    from pptx import Presentation
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Inches

    today = export_date()
    prs = Presentation()
    prs.slide_width = Emu(12192000)  # PowerPoint's 16:9 "widescreen": 13.333 × 7.5 in
    prs.slide_height = Emu(6858000)
    prs.core_properties.title = title
    prs.core_properties.subject = subtitle
    total = 1 + len(slides)
    body_w = _SLIDE_W - 2 * _MARGIN

    # title slide
    s = prs.slides.add_slide(prs.slide_layouts[0])
    t = s.shapes.title
    t.left, t.top, t.width, t.height = Inches(0.9), Inches(2.0), Inches(_SLIDE_W - 1.8), Inches(1.8)
    t.text = title
    _style_text_frame(t.text_frame, 36, bold=True, align=PP_ALIGN.CENTER)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Inches(0.9), Inches(4.0), Inches(_SLIDE_W - 1.8), Inches(1.8)
    sub.text = subtitle
    _style_text_frame(sub.text_frame, 20, color="404040", align=PP_ALIGN.CENTER)
    if progress:
        progress(1 / total)

    layout = prs.slide_layouts[5]  # Title Only
    for n, spec in enumerate(slides, start=2):
        s = prs.slides.add_slide(layout)
        t = s.shapes.title
        t.left, t.top, t.width, t.height = (Inches(_MARGIN), Inches(_TITLE_TOP), Inches(body_w), Inches(_TITLE_H))
        t.text = spec.title
        t.text_frame.word_wrap = True
        _style_text_frame(t.text_frame, _title_size(spec.title), bold=True, align=PP_ALIGN.LEFT)

        left, top, width, height = Inches(_MARGIN), Inches(_BODY_TOP), Inches(body_w), Inches(_BODY_H)
        placed = False
        try:
            native = _native_chart(go.Figure(spec.figure))
        except Exception:  # noqa: BLE001 - anything odd in the figure: fall back to a picture
            native = None
        if native is not None:
            before = len(s.shapes)
            try:
                frame = _add_native_chart(s, native, left, top, width, height)
                _set_descr(frame, spec.alt_text)
                placed = True
            except Exception:  # noqa: BLE001
                _remove_shapes_after(s, before)
        if not placed:
            px_w = 1920
            px_h = int(round(px_w * _BODY_H / body_w))  # the slot's aspect
            try:
                status = export_status()
                if not status.available:
                    raise _unavailable_error(status)
                deadline = time.monotonic() + 60.0
                f, designed_height = _export_figure(spec.figure, drop_title=True)
                png = _render(f, designed_height, "png", px_w, px_h, deadline, 60.0, status.chromium_path)
                pic = s.shapes.add_picture(io.BytesIO(png), left, top, width=width)
                if pic.height > height:  # keep within the slot, centred
                    w, h = _fit_picture(png)
                    pic.height = height
                    pic.width = int(height * w / h)
                    pic.left = int(left + (width - pic.width) / 2)
                _set_descr(pic, spec.alt_text)
            except ExportError as e:
                _add_placeholder_box(s, e, spec.alt_text, _MARGIN, _BODY_TOP, body_w, _BODY_H)

        _add_textbox(s, _with_export_date(spec.footnote, today), _MARGIN, _FOOT_TOP, body_w, _FOOT_H, 11,
                     color="595959")
        notes = _notes_text(spec)
        if notes:
            s.notes_slide.notes_text_frame.text = notes
        if progress:
            progress(n / total)

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


__all__ = [
    "ExportError", "ExportStatus", "Notes", "SlideSpec", "csv_bytes", "with_notes", "deck_bytes", "export_status", "figure_bytes",
    "plotly_config", "shutdown", "xlsx_bytes",
]
