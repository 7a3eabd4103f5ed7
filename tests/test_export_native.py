"""ui.export.native and pptx_chart: which figures become native PowerPoint charts, read from the figure
and, where it maps, from the frame shown (values and full labels as in the frame)."""

from __future__ import annotations

import plotly.graph_objects as go
from pptx import Presentation
from pptx.util import Emu

from ui.export import native, pptx_chart


def test_native_chart_rules_follow_the_figure():
    stacked = go.Figure()
    for name, xs in (("達成", [3, 0]), ("未達成", [1, 2])):
        stacked.add_bar(y=["第12条", "第13条"], x=xs, name=name, orientation="h", text=xs)
    stacked.update_layout(barmode="stack")
    stacked.update_yaxes(autorange="reversed")
    spec = native.from_figure(stacked)
    assert spec.chart_type.name == "BAR_STACKED" and spec.reverse_categories and spec.data_labels
    assert spec.series == [("達成", [3.0, 0.0]), ("未達成", [1.0, 2.0])]
    prs = Presentation()
    frame = pptx_chart.add_chart(prs.slides.add_slide(prs.slide_layouts[6]), spec, 0, 0, Emu(6000000), Emu(4000000))
    assert frame.chart.category_axis.reverse_order
    assert frame.chart.plots[0].data_labels.number_format == "General;-General;"  # zero segments unlabelled

    share = go.Figure(go.Bar(x=["物品", "工事"], y=[31.9, 86.4], name="平成28年度"))
    share.update_yaxes(range=[0, 100], ticksuffix="%")
    spec = native.from_figure(share)
    assert spec.value_range == (0.0, 100.0) and spec.value_number_format == '0.0"%"'

    ordered = go.Figure(go.Bar(x=["b", "a", "c"], y=[2, 1, 3]))
    ordered.update_xaxes(categoryorder="array", categoryarray=["a", "b", "c"])
    assert native.from_figure(ordered).series == [("系列1", [1.0, 2.0, 3.0])]

    with_target_line = go.Figure(go.Bar(x=["a"], y=[95]))
    with_target_line.add_hline(y=100)
    assert native.from_figure(with_target_line) is None  # the line would be lost: picture instead
    log_axis = go.Figure(go.Bar(x=["a"], y=[95]))
    log_axis.update_yaxes(type="log")
    assert native.from_figure(log_axis) is None
    markers_only = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], mode="markers"))
    assert native.from_figure(markers_only) is None
    combo = go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=["a"], y=[1])])
    assert native.from_figure(combo) is None

