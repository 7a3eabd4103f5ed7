"""Drawing a native (editable) PowerPoint chart on a slide from a native.NativeChart: its data (in an
embedded workbook that keeps every string a string), fonts, legend, axes, labels and colours."""

from __future__ import annotations

from typing import Any

from ui.export.native import NativeChart
from ui.export.pptx_text import set_font, style_text_frame


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



def add_chart(slide: Any, spec: NativeChart, left: Any, top: Any, width: Any, height: Any) -> Any:
    """The chart's graphic frame on `slide`, in the given box."""
    from pptx.enum.chart import XL_LEGEND_POSITION

    frame = slide.shapes.add_chart(spec.chart_type, left, top, width, height, _chart_data(spec))
    chart = frame.chart
    is_bar = spec.chart_type.name.startswith(("BAR", "COLUMN"))
    stacked = "STACKED" in spec.chart_type.name
    set_font(chart.font, 14)
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    set_font(chart.legend.font, 14)
    _style_axes(chart, spec)
    plot = chart.plots[0]
    if is_bar:
        plot.gap_width = 60
        if stacked:
            plot.overlap = 100
    if spec.data_labels:
        _label_values(plot, spec, is_bar, stacked)
    _colour_series(plot, spec, is_bar)
    return frame


def _chart_data(spec: NativeChart) -> Any:
    CategoryChartData, XyChartData = _formula_safe_chart_data()
    if spec.kind == "category":
        data = CategoryChartData(number_format=spec.value_number_format or "General")
        data.categories = spec.categories
        for name, values in spec.series:
            data.add_series(name, values)
        return data
    data = XyChartData()
    for name, xs, ys in spec.series:
        s = data.add_series(name, number_format=spec.value_number_format)
        for x, y in zip(xs, ys):
            if y is not None:
                s.add_data_point(x, y)
    return data


def _style_axes(chart: Any, spec: NativeChart) -> None:
    from pptx.enum.chart import XL_AXIS_CROSSES

    cat_axis, val_axis = chart.category_axis, chart.value_axis
    for axis, title in ((cat_axis, spec.x_title), (val_axis, spec.y_title)):
        set_font(axis.tick_labels.font, 14)
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            style_text_frame(axis.axis_title.text_frame, 14, bold=False)
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


def _label_values(plot: Any, spec: NativeChart, is_bar: bool, stacked: bool) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION

    plot.has_data_labels = True
    labels = plot.data_labels
    fmt = spec.value_number_format or "General"
    labels.number_format = f"{fmt};-{fmt};" if stacked else fmt  # stacked: no "0" on empty segments
    labels.number_format_is_linked = False
    labels.show_value = True
    set_font(labels.font, 12)
    labels.position = (XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END) if is_bar \
        else XL_LABEL_POSITION.ABOVE


def _colour_series(plot: Any, spec: NativeChart, is_bar: bool) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

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
