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



# --------------------------------------------------------------------------- from the frame shown


def test_a_frame_gives_the_labels_and_the_values_as_shown():
    import pandas as pd

    fig = go.Figure(go.Bar(x=["物品", "工事"], y=[31.879194, 86.401809], name="平成27年度"))
    fig.add_bar(x=["物品", "工事"], y=[33.815955, 68.101615], name="平成28年度")
    fig.update_yaxes(ticksuffix="%")
    long = pd.DataFrame({"区分": ["物品", "物品", "工事", "工事"], "年度": ["平成27年度", "平成28年度"] * 2,
                         "合計（百万円）": [100.0, 90.0, 80.0, 70.0], "割合（%）": [31.9, 33.8, 86.4, 68.1]})
    chart = native.from_frame(native.from_figure(fig), fig, long)
    assert chart.categories == ["物品", "工事"]
    assert chart.series == [("平成27年度", [31.9, 86.4]), ("平成28年度", [33.8, 68.1])]
    assert chart.value_number_format == '0.0"%"'

    cut = go.Figure(go.Bar(y=["第15条 経営基盤の…", "第19条 受注機会の増大等（指標なし）"], x=[3, 0], orientation="h",
                           name="○ 達成"))
    wide = pd.DataFrame({"条": ["第15条", "第19条"], "条文の施策": ["経営基盤の強化及び小規模企業者の事情の考慮", "受注機会の増大等"],
                         "指標数": [6, 0], "○ 達成": [3, 0]})
    chart = native.from_frame(native.from_figure(cut), cut, wide)
    assert chart.categories == ["第15条 経営基盤の強化及び小規模企業者の事情の考慮", "第19条 受注機会の増大等"]
    assert chart.series == [("○ 達成", [3.0, 0.0])]

    other = pd.DataFrame({"事業": ["起業化支援"], "予算": [10220]})  # one row for three bars: not this chart
    bar = go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 2, 3]))
    assert native.from_frame(native.from_figure(bar), bar, other) is None
    assert native.from_frame(native.from_figure(bar), bar, None) is None


def _page_slides(monkeypatch) -> list:
    """The SlideSpecs the real pages hand to their deck buttons (overview, budgets' chart tabs, the
    missed targets of 第12条, context)."""
    from tests.apptest import clear_caches, run_app
    from ui import export

    captured: list = []
    monkeypatch.setattr(export, "deck_bytes", lambda slides, *a, **k: captured.extend(slides) or b"")
    clear_caches()
    runs = [("app_pages/1_page_overview.py", {}, "overview_deck", "overview_deck_menu"),
            ("app_pages/2_page_attainment.py", {"article": "12", "at_tab": "スライド"}, "missed_deck", "missed_deck_on"),
            *[("app_pages/9_page_context.py", {"cx_tab": tab}, "context_deck", "context_deck_menu")
              for tab in ("従業者数の変化", "倒産件数", "実態調査アンケート")]]
    runs += [("app_pages/3_page_budgets.py", {"tab": tab}, "budgets_deck", "budgets_deck_menu")  # the slides popover
             for tab in ("予算と決算", "増減", "その他の事業", "第19条 発注")]
    for page, query, key, toggle in runs:
        at = run_app(page, **query)
        if toggle:  # the toggle or popover that shows the deck button
            at.session_state[toggle] = True
            at.run()
        at.button(key=key).click().run()
        assert not at.exception, [e.message for e in at.exception]
    clear_caches()
    return captured


def _expected(spec, categories: list[str]) -> dict[str, list]:
    """Series name → the frame's values for the slide's categories, found in the frame by hand."""
    import pandas as pd

    df = spec.data

    def rows(col) -> list[int]:
        texts = [str(x) for x in (df[col[0]] + " " + df[col[1]] if isinstance(col, tuple) else df[col])]
        assert all(texts.count(c) >= 1 for c in categories), (spec.title, categories, texts)
        return [texts.index(c) for c in categories]

    def values(col, at: list[int]) -> list:
        return [None if pd.isna(df[col].iloc[r]) else float(df[col].iloc[r]) for r in at]

    title = spec.title
    if title.startswith("条別の達成状況"):
        r = rows(("条", "条文の施策"))
        return {s: values(s, r) for s in ("○ 達成", "△ 概ね達成", "× 未達成")}
    if title.startswith(("予算と決算", "その他の事業")):
        r = rows("条文の施策")
        return {c.removesuffix("(千円)"): values(c, r) for c in df.columns[1:]}
    if title.startswith("H29−H28 の増減"):
        return {None: values("増減(千円)", rows("事務事業名"))}
    if title.startswith("契約金額に占める"):
        out = {}
        for fy in df["年度"].unique():
            part = df[df["年度"] == fy].reset_index(drop=True)
            at = [list(part["区分"]).index(c) for c in categories]
            out[fy] = [float(part["割合（%）"].iloc[r]) for r in at]
        return out
    if title.startswith("倒産件数の動向"):
        return {None: values("倒産件数", rows("年度"))}
    assert list(df.columns) == ["fiscal_year", "target", "actual", "unit"], title  # a missed target, one row per year
    return {"目標": values("target", list(range(len(df)))), "実績": values("actual", list(range(len(df))))}


def test_native_slides_of_the_real_pages_carry_the_frames_values_exactly(monkeypatch):
    import io

    from pptx import Presentation

    from ui.export import deck

    slides = [s for s in _page_slides(monkeypatch) if deck.native_chart(s) is not None]
    titles = [s.title for s in slides]
    for start in ("条別の達成状況", "予算と決算", "その他の事業", "H29−H28 の増減", "契約金額に占める", "倒産件数の動向"):
        assert any(t.startswith(start) for t in titles), (start, titles)
    assert len(slides) >= 11  # and the missed targets of 第12条
    prs = Presentation(io.BytesIO(deck.deck_bytes(slides, "題", "副題")))
    for spec, slide in zip(slides, list(prs.slides)[1:]):
        chart = next(sh for sh in slide.shapes if sh.has_chart).chart
        categories = list(chart.plots[0].categories)
        frame_texts = {str(v) for c in spec.data.columns for v in spec.data[c]}
        cut = [c for c in categories if c.endswith("…")]
        assert all(c in frame_texts for c in cut), (spec.title, cut)  # no cut of the figure's: the frame's own names
        expected = _expected(spec, categories)
        got = {s.name: [None if v is None else float(v) for v in s.values] for s in chart.plots[0].series}
        if None in expected:  # one series, named by the figure
            (name,) = got
            expected = {name: expected[None]}
        assert got == expected, spec.title
    overview = next(s for s in slides if s.title.startswith("条別の達成状況"))
    assert "第15条 経営基盤の強化及び小規模企業者の事情の考慮" in native.from_frame(
        native.from_figure(go.Figure(overview.figure)), go.Figure(overview.figure), overview.data).categories
