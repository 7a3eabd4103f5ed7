"""Shared pieces of the ui.export test modules: the one-browser fixture, a typical bar figure, PNG
size, the six-slide deck and shape helpers."""

from __future__ import annotations

import os
import struct

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui import export
from ui.export import browser as export_browser

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
    assert export_browser._server is None


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

