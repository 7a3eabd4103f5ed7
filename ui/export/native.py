"""What a native (editable) PowerPoint chart of a slide shows: its kind, categories, series, colours,
titles and number formats, read from the slide's figure and its frame.

`from_figure(fig)` reads a bar or line figure (None for anything a native chart would lose: reference
lines or shapes, log axes, second axes, pies, heatmaps …). `from_frame(chart, fig, frame)` then takes
the category labels and the values from the frame the screen shows (SlideSpec.data), so the slide
carries the frame's numbers as shown (rounded as on screen) and its full names, not the figure's
tick texts; the figure only says what the frame cannot (kind, orientation, colours, series names).
A frame that cannot be mapped onto the figure gives None: the caller keeps the figure's reading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui.export.pptx_text import plain
from ui.export.tables import cell_value, flat_columns
from ui.style import TEMPLATE


@dataclass
class NativeChart:
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
    value_axis: str = "y"  # the figure's value axis ("x" for horizontal bars)



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


# --------------------------------------------------------------------------- from the figure


def from_figure(fig: go.Figure) -> NativeChart | None:
    """A native PowerPoint chart for bar charts and line charts; None for anything else, and for
    figures whose meaning a native chart would lose (reference lines/shapes, log axes, 2nd axes)."""
    traces = [t for t in fig.data if t.visible in (None, True)]
    if not traces:
        return None
    if any(getattr(t, "xaxis", None) not in (None, "x") or getattr(t, "yaxis", None) not in (None, "y")
           for t in traces):
        return None  # secondary axes / subplots
    layout = fig.layout
    if layout.shapes or layout.xaxis.type == "log" or layout.yaxis.type == "log":
        return None  # e.g. a 100 % target line: only the picture keeps it
    if all(t.type == "bar" for t in traces):
        return _bar_chart(fig, traces)
    if all(t.type in ("scatter", "scattergl") for t in traces):
        return _line_chart(fig, traces)
    return None


def _series_name(i: int, t: Any, traces: list, y_title: str) -> str:
    return plain(t.name) or (y_title if len(traces) == 1 and y_title else f"系列{i + 1}")


def _category_order(per_trace: list[list], axis: Any) -> list[str]:
    """Categories in first-seen order, or the axis's categoryarray where it sets one."""
    cats: list[str] = []
    for labels in per_trace:
        for c in labels:
            if c not in cats:
                cats.append(c)
    if axis.categoryorder == "array" and axis.categoryarray is not None:
        wanted = [_category_label(c) for c in axis.categoryarray]
        cats = [c for c in wanted if c in cats] + [c for c in cats if c not in wanted]
    return cats


def _by_category(traces: list, per_trace_cats: list[list], per_trace_vals: list[list], categories: list[str],
                 y_title: str) -> list:
    series = []
    for i, (t, labels, vals) in enumerate(zip(traces, per_trace_cats, per_trace_vals)):
        by_cat = dict(zip(labels, vals))
        series.append((_series_name(i, t, traces, y_title), [by_cat.get(c) for c in categories]))
    return series


def _bar_chart(fig: go.Figure, traces: list) -> NativeChart | None:
    from pptx.enum.chart import XL_CHART_TYPE as T

    layout = fig.layout
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
    categories = _category_order(per_trace_cats, cat_axis)
    series = _by_category(traces, per_trace_cats, per_trace_vals, categories, plain(layout.yaxis.title.text))
    mode = layout.barmode or "group"
    kind = ("STACKED_100" if layout.barnorm else "STACKED") if mode in ("stack", "relative") else "CLUSTERED"
    colorway = _colorway(fig)
    return NativeChart(
        kind="category", chart_type=getattr(T, ("BAR_" if horizontal else "COLUMN_") + kind),
        categories=categories, series=series,
        colors=[_color_hex(t.marker.color) or _color_hex(colorway[i % len(colorway)]) for i, t in enumerate(traces)],
        x_title=plain(cat_axis.title.text), y_title=plain(val_axis.title.text),
        reverse_categories=cat_axis.autorange == "reversed",
        value_number_format=_value_format([v for _, vs in series for v in vs], val_axis),
        value_range=_value_range(val_axis), data_labels=all(_has_text(t) for t in traces),
        value_axis="x" if horizontal else "y",
    )


def _line_chart(fig: go.Figure, traces: list) -> NativeChart | None:
    from pptx.enum.chart import XL_CHART_TYPE as T

    layout = fig.layout
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
    colorway = _colorway(fig)
    x_title, y_title = plain(layout.xaxis.title.text), plain(layout.yaxis.title.text)
    common = dict(
        colors=[_color_hex(t.line.color) or _color_hex(t.marker.color) or _color_hex(colorway[i % len(colorway)])
                for i, t in enumerate(traces)],
        x_title=x_title, y_title=y_title,
        value_number_format=_value_format([v for ys in ys_all for v in ys], layout.yaxis),
        value_range=_value_range(layout.yaxis),
        data_labels=all(_has_text(t) and "text" in m for t, m in zip(traces, modes)))
    if numeric_x:
        series = [(_series_name(i, t, traces, y_title), [float(x) for x in xs], ys)
                  for i, (t, xs, ys) in enumerate(zip(traces, xs_all, ys_all))]
        int_x = all(float(x).is_integer() for xs in xs_all for x in xs)
        return NativeChart(
            kind="xy", chart_type=T.XY_SCATTER_LINES if markers else T.XY_SCATTER_LINES_NO_MARKERS,
            categories=None, series=series, reverse_categories=False,
            x_number_format="0" if int_x else None, **common,
        )
    per_trace_cats = [[_category_label(c) for c in xs] for xs in xs_all]
    categories = _category_order(per_trace_cats, layout.xaxis)
    return NativeChart(
        kind="category", chart_type=T.LINE_MARKERS if markers else T.LINE, categories=categories,
        series=_by_category(traces, per_trace_cats, ys_all, categories, y_title),
        reverse_categories=layout.xaxis.autorange == "reversed", **common,
    )


# --------------------------------------------------------------------------- from the frame


def from_frame(chart: NativeChart | None, fig: go.Figure, frame: pd.DataFrame | None) -> NativeChart | None:
    """`chart` (read from `fig`) with its category labels and values taken from `frame`, the frame the
    screen shows: wide (a label column and one value column per series) or long (a label column, a
    column naming the series, a value column). None if the frame cannot be mapped onto the figure
    (every category found once, every series' values those of one frame column, as rounded there)."""
    if chart is None or chart.kind != "category" or frame is None or frame.empty:
        return None
    table = frame.reset_index(drop=True)
    table.columns = [str(c) for c in flat_columns(frame)]
    mapped = _wide(chart, table) or _long(chart, table)
    if mapped is None:
        return None
    categories, values = mapped
    axis = fig.layout.xaxis if chart.value_axis == "x" else fig.layout.yaxis
    return dataclasses.replace(
        chart, categories=categories, series=[(name, vs) for (name, _), vs in zip(chart.series, values)],
        value_number_format=_value_format([v for vs in values for v in vs], axis))


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", plain(text))


def _label_matches(label: str, text: str) -> bool:
    """A figure's category label is the frame's text, or its start cut with '…' (charts.short), either
    perhaps followed by a bracketed note the chart adds (（指標なし）)."""
    for cut in (label, re.sub(r"[（(][^（）()]*[）)]$", "", label)):
        if cut == text or (cut.endswith("…") and len(cut) > 1 and text.startswith(cut[:-1])):
            return True
    return False


def _label_texts(table: pd.DataFrame) -> list[tuple[list[str], list[str]]]:
    """Candidate labels per row, as (texts, texts normalised for matching): each text column, and each
    two neighbouring text columns joined (an article number and its title, as the chart labels them)."""
    cols = list(table.columns)
    singles = {}
    for c in cols:
        if pd.api.types.is_numeric_dtype(table[c].dtype):
            continue
        singles[c] = ["" if cell_value(v) is None else str(cell_value(v)) for v in table[c]]
    out = list(singles.values())
    out += [[f"{x} {y}" for x, y in zip(singles[a], singles[b])]
            for a, b in zip(cols, cols[1:]) if a in singles and b in singles]
    return [(texts, [_norm(t) for t in texts]) for texts in out]


def _rows_for(categories: list[str], texts: list[str], rows: list[int]) -> list[int | None] | None:
    """For each category, the one row (among `rows`) whose text it labels; None where none does;
    None overall if a category fits several rows or two categories one row."""
    found: list[int | None] = []
    for label in (_norm(c) for c in categories):
        hits = [r for r in rows if _label_matches(label, texts[r])]
        if len(hits) > 1:
            return None
        found.append(hits[0] if hits else None)
    taken = [r for r in found if r is not None]
    return found if len(taken) == len(set(taken)) else None


def _numeric(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns
            if pd.api.types.is_numeric_dtype(table[c].dtype) and not pd.api.types.is_bool_dtype(table[c].dtype)]


def _frame_values(table: pd.DataFrame, column: str, rows: list[int | None]) -> list[float | None]:
    out = []
    for r in rows:
        v = None if r is None else cell_value(table[column].iloc[r])
        out.append(None if v is None else float(v))
    return out


def _decimals(values: list[float | None]) -> int:
    return max((min(len(f"{v:.10g}".partition(".")[2]), 6) for v in values if v is not None), default=0)


def _agrees(figure_values: list, frame_values: list) -> bool:
    """The figure's values are the frame's as drawn: the same missing cells, and each within the
    frame's rounding (less than one unit of its last decimal)."""
    tol = 10.0 ** -_decimals(frame_values) + 1e-9
    return all((a is None) == (b is None) and (a is None or abs(a - b) < tol)
               for a, b in zip(figure_values, frame_values))


def _named(column: str, series: str) -> bool:
    """A column that names the series: 平成28年度予算(千円) for 平成28年度予算, 倒産件数 for 倒産件数（件）."""
    base = re.sub(r"[(（][^()（）]*[)）]$", "", column).strip()
    s = re.sub(r"[(（][^()（）]*[)）]$", "", series).strip()
    return bool(base) and base == s


def _value_columns(chart: NativeChart, table: pd.DataFrame, rows_per_series: list[list[int | None]]) -> list | None:
    """Per series, the frame's values of the one column that holds them (a column naming the series
    first, then any column whose values agree); None if a series has none."""
    out, used = [], set()
    for (name, fig_vals), rows in zip(chart.series, rows_per_series):
        candidates = sorted((c for c in _numeric(table) if c not in used), key=lambda c: not _named(c, name))
        for c in candidates:
            vals = _frame_values(table, c, rows)
            if _agrees(fig_vals, vals):
                out.append(vals)
                used.add(c)
                break
        else:
            return None
    return out


def _shared_column(chart: NativeChart, table: pd.DataFrame, rows_per_series: list[list[int | None]]) -> list | None:
    """The values of the one column that holds every series (long frames), per series; None if none does."""
    for c in _numeric(table):
        values = [_frame_values(table, c, rows) for rows in rows_per_series]
        if all(_agrees(fig_vals, vals) for (_, fig_vals), vals in zip(chart.series, values)):
            return values
    return None


def _wide(chart: NativeChart, table: pd.DataFrame) -> tuple[list[str], list] | None:
    """One row per category: a label column and one value column per series. Where no column holds
    the labels (a year as a number), the rows in the figure's order, labelled as the figure labels
    them if no label there is cut."""
    all_rows = list(range(len(table)))
    for shown, texts in _label_texts(table):
        rows = _rows_for(chart.categories, texts, all_rows)
        if rows is None or any(r is None for r in rows):
            continue
        values = _value_columns(chart, table, [rows] * len(chart.series))
        if values is not None:
            return [shown[r] for r in rows], values
    if len(table) == len(chart.categories) and not any(str(c).endswith("…") for c in chart.categories):
        values = _value_columns(chart, table, [all_rows] * len(chart.series))
        if values is not None:
            return list(chart.categories), values
    return None


def _long(chart: NativeChart, table: pd.DataFrame) -> tuple[list[str], list] | None:
    """One row per category and series: a column naming the series (its values the series names), a
    label column and one value column."""
    names = [_norm(name) for name, _ in chart.series]
    labels = _label_texts(table)
    for _, series_texts in labels:
        if not set(names) <= set(series_texts):
            continue
        subsets = [[r for r, x in enumerate(series_texts) if x == n] for n in names]
        for shown, texts in labels:
            if texts is series_texts:
                continue
            rows = [_rows_for(chart.categories, texts, sub) for sub in subsets]
            if any(r is None for r in rows) or not any(x is not None for per in rows for x in per):
                continue
            values = _shared_column(chart, table, rows)
            if values is not None:
                first = {}
                for per in rows:
                    for i, r in enumerate(per):
                        if r is not None:
                            first.setdefault(i, shown[r])
                if len(first) == len(chart.categories):
                    return [first[i] for i in range(len(chart.categories))], values
    return None
