"""Export timings: `run(n_charts=20) -> dict`, called by `python -m bench` (or on its own:
`.venv/bin/python -c "import bench.export_bench as b; print(b.run(5))"`).

Measured, in this process:
    cold_png_s          first PNG export including the shared browser's start (the browser is stopped first)
    warm_png_s / warm_svg_s / warm_pdf_s
                        per-chart export with the browser running: {"min", "median", "max", "n"} over `runs` (≥ 5)
    deck_s              one n_charts-slide deck, first build (native charts where possible, PNG pictures otherwise)
    deck_warm_s         the same deck built again, browser warm, the slide pictures' cache emptied before each
                        build (a picture repeated within the deck is rendered once): {"min", "median", "max", "n"}
                        over `deck_runs`
    deck_cached_s       the same deck built again with the cache as the previous build left it (no picture
                        rendered): the same stats
    png20_s             the same n_charts figures exported as PNG one after another, warm, by figure_bytes
                        (a download: never served from the slide pictures' cache): the same stats
    deck_ratio          median deck_warm_s / median png20_s (target ≤ 0.5); deck_cached_ratio the same for
                        deck_cached_s
    csv_s / xlsx_s      the 65-program table as CSV / XLSX (median of 5)
The figures are the dashboard's own (ui.charts on the shipped report) when those build; otherwise a
synthetic set of the same kinds (`figures` says which). The browser is stopped again at the end.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import plotly.graph_objects as go

from ui import export
from ui.export import deck, images


def _stats(xs: list[float]) -> dict:
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "n": len(xs)}


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _dashboard_figures() -> tuple[list[tuple[str, go.Figure]], object]:
    """The dashboard's charts on the shipped report, and the program table (for CSV/XLSX)."""
    import kpi
    from kpi import metrics
    from ui import charts
    from ui.state import Prefs

    report = kpi.read_report()
    progs = metrics.programs(report)
    ind = metrics.indicators(report)
    key = progs[progs["is_key"]]
    source = "出典：川崎市 平成28年度 中小企業活性化施策実施状況報告書 p.16–64"
    p = Prefs("ja", "百万円", "wareki", int(report.reports["report_fy"].iloc[0]))
    figs = [
        ("status_by_article", charts.status_by_article(metrics.article_rollup(report, fiscal_year=2016), p, source,
                                                       fiscal_year=2016)),
        ("money_bars", charts.money_bars(key.head(10), "program_name", ["budget", "settlement", "budget_next"], p,
                                         "重点事業の予算と決算", source)),
        ("procurement_share", charts.procurement_share_bars(metrics.procurement_share(report), p, source)),
        ("execution_rate", charts.execution_rate_bars(key, p, source)),
        ("attainment_per_indicator", charts.attainment_per_indicator(ind, p, source)),
        ("change_bars", charts.change_bars(progs, p, source)),
    ]
    return figs, progs


def _synthetic_figures() -> tuple[list[tuple[str, go.Figure]], object]:
    import pandas as pd

    names = [f"事業{i:02d}" for i in range(12)]
    bar = go.Figure([go.Bar(x=names, y=[1000 + 37 * i for i in range(12)], name="H28予算"),
                     go.Bar(x=names, y=[900 + 41 * i for i in range(12)], name="H28決算")])
    line = go.Figure([go.Scatter(x=[2014, 2015, 2016], y=[10, 12, 13], name="目標"),
                      go.Scatter(x=[2014, 2015, 2016], y=[9, 12, 14], name="実績")])
    pie = go.Figure(go.Pie(labels=["達成", "概ね達成", "未達成"], values=[30, 12, 15]))
    heat = go.Figure(go.Heatmap(z=[[i * j for i in range(8)] for j in range(8)]))
    figs = [("bar", bar), ("line", line), ("pie", pie), ("heatmap", heat)]
    for _, f in figs:
        f.update_layout(title="目標達成状況", font_family=export.FONT_FAMILY)
    table = pd.DataFrame({"program_name": names, "budget_kyen": [1000.0 + i for i in range(12)]})
    return figs, table


def run(n_charts: int = 20, runs: int = 7, deck_runs: int = 3) -> dict:
    runs = max(5, runs)
    status = export.export_status()
    result: dict = {"n_charts": n_charts, "runs": runs, "available": status.available}
    if not status.available:
        result["message"] = status.message
        return result
    try:
        figs, table = _dashboard_figures()
        result["figures"] = "dashboard (ui.charts on the shipped report)"
    except Exception as e:  # noqa: BLE001 - the bench still measures export on figures of the same kinds
        figs, table = _synthetic_figures()
        result["figures"] = f"synthetic ({type(e).__name__}: {e})"

    typical = figs[0][1]
    export.shutdown()  # a real cold start
    result["cold_png_s"] = _timed(lambda: export.figure_bytes(typical, "png"))
    for fmt in export.FORMATS:
        export.figure_bytes(typical, fmt)  # first use of a format is not a per-chart cost
        result[f"warm_{fmt}_s"] = _stats([_timed(lambda: export.figure_bytes(typical, fmt)) for _ in range(runs)])
    result["per_figure_png_s"] = {name: _timed(lambda f=f: export.figure_bytes(f, "png")) for name, f in figs}

    slides = []
    for i in range(n_charts):
        name, fig = figs[i % len(figs)]
        slides.append(export.SlideSpec(title=f"{i + 1}. {fig.layout.title.text or name}", figure=fig,
                                       footnote="出典: 平成28年度 中小企業活性化施策実施状況報告書",
                                       alt_text=f"{name} のグラフ"))
    def build() -> bytes:
        return export.deck_bytes(slides, "川崎市 中小企業活性化施策", "平成28年度 実施状況報告書")

    def build_uncached() -> bytes:
        images.clear_picture_cache()
        return build()

    t = time.perf_counter()
    deck_file = build_uncached()
    result["deck_s"] = time.perf_counter() - t
    result["deck_mb"] = len(deck_file) / 1e6
    result["deck_warm_s"] = _stats([_timed(build_uncached) for _ in range(deck_runs)])
    result["deck_cached_s"] = _stats([_timed(build) for _ in range(deck_runs)])
    result["png20_s"] = _stats([_timed(lambda: [export.figure_bytes(s.figure, "png") for s in slides]) for _ in range(deck_runs)])
    result["deck_ratio"] = result["deck_warm_s"]["median"] / result["png20_s"]["median"]
    result["deck_cached_ratio"] = result["deck_cached_s"]["median"] / result["png20_s"]["median"]
    native = sum(deck.native_chart(s) is not None for s in slides)
    result["deck_native_charts"] = native
    result["deck_pictures"] = n_charts - native

    result["csv_s"] = _stats([_timed(lambda: export.csv_bytes(table)) for _ in range(5)])
    result["xlsx_s"] = _stats([_timed(lambda: export.xlsx_bytes(table)) for _ in range(5)])
    export.shutdown()
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
