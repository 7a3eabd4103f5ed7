"""What 市内産業の現状 (app_pages/9_page_context.py) shows, built from the shown report's section 2: each
function is a ui.views.kept builder (it loads the report itself with `p.key` and returns several things
at once), so the page builds a tab's frames, captions and mark-up once per (data files, prefs) and only
draws them on a rerun. Callers must not modify what they get."""

from __future__ import annotations

import pandas as pd

from kpi import context as kc
from kpi import fmt
from ui import charts, data, frames, safe
from ui import source_view as sv
from ui.i18n import t
from ui.state import Prefs

JOBS_HEADING = "(4) 川崎市の求人・求職状況"
TABS = ("index", "structure", "bankruptcy", "jobs", "survey")  # the page's tabs, in order


def where(page, line, lang: str) -> str:
    """'p.3 · 102行目' for a caption."""
    parts = [t("page_n", lang, n=int(page))] if pd.notna(page) else []
    return " · ".join(parts + [t("rp_line_n", lang, n=int(line))])


def _title(p: Prefs) -> str:
    return data.source_title(p.key, p.lang)


def headline(p: Prefs) -> dict:
    """The headline metrics as dicts of st.metric's arguments and a caption (establishments and
    employees with their period and change, bankruptcies of the last two years), whether the report
    has any section-2 figure, the tabs it has, and the report's title (the deck's subtitle)."""
    lang, report = p.lang, data.report(p.key)
    metrics = []
    by_key = kc.figures(report, "structure").set_index("key")
    for k in (k for k in kc.HEADLINE if k in by_key.index):
        r = by_key.loc[k]
        change = by_key.loc[f"{k}_change"] if f"{k}_change" in by_key.index else None
        metrics.append({
            "label": safe.md_escape(f"{r['label']}（{r['period']}）"),
            "value": f"{fmt.format_number(r['value'])}{r['unit'] if r['unit'] != '事業所' else ''}",
            "delta": None if change is None else f"{fmt.format_number(change['value'], signed=True)}（{change['period']}）",
            "delta_color": "off", "caption": where(r["page"], r["source_line"], lang)})
    trend = kc.bankruptcies(report)
    bankruptcy = None
    if len(trend) >= 2:
        a, b = trend.iloc[-2], trend.iloc[-1]
        bankruptcy = {
            "label": t("cx_bankruptcy", lang), "value": t("cx_bankruptcy_change", lang, a=int(a["count"]), b=int(b["count"])),
            "delta": t("cx_bankruptcy_delta", lang, d=f"{int(b['change']):+d}", p=fmt.format_pct(float(b["change_pct"]), 1, signed=True)),
            "delta_color": "inverse",  # more bankruptcies is worse
            "caption": f"{p.fy(int(a['fiscal_year']))} → {p.fy(int(b['fiscal_year']))} · {where(b['page'], b['source_line'], lang)}"}
    tabs = [k for k in TABS if k != "index" or not kc.figures(report, "employment_index").empty]
    return {"empty": report.context.empty and report.survey.empty, "metrics": metrics, "bankruptcy": bankruptcy, "tabs": tabs,
            "title": _title(p)}


def employment_index(p: Prefs) -> dict:
    """The employment index (2009 = 100) rows, their source note, frame and pages."""
    rows = kc.figures(data.report(p.key), "employment_index")
    return {"rows": rows, "source": charts.source_note(_title(p), rows["page"], p.lang), "frame": frames.context_facts(rows, p.lang),
            "pages": tuple(rows["page"])}


def structure(p: Prefs) -> dict:
    """The industry-structure figures, their frame (values locale-formatted) and pages."""
    rows = kc.figures(data.report(p.key), "structure")
    return {"rows": rows, "frame": frames.context_facts(rows, p.lang), "pages": tuple(rows["page"])}


def bankruptcies(p: Prefs) -> dict:
    """The bankruptcy trend, its source note, frame, the context rows behind it (for the picker and the
    sourced exports) and pages."""
    report = data.report(p.key)
    trend = kc.bankruptcies(report)
    rows = kc.figures(report).set_index("key").loc[list(trend["key"])].reset_index()
    return {"trend": trend, "source": charts.source_note(_title(p), trend["page"], p.lang), "frame": frames.bankruptcies(trend, p),
            "rows": rows, "pages": tuple(trend["page"])}


def jobs(p: Prefs) -> dict | None:
    """The job statements as printed (numbered lines, escaped) and their page; None without them."""
    _, spans, lines = sv.report_text()
    if spans is None:
        return None
    found = spans[spans["title"] == JOBS_HEADING]
    if found.empty:
        return None
    j = found.iloc[0]
    part = lines[(lines["line"] > j["first_line"]) & (lines["line"] <= j["last_line"]) & (lines["text"].str.strip() != "")]
    return {"html": sv.lines_html(list(zip(part["line"].to_list(), part["text"].to_list())), None), "pages": (j["page"],)}


def survey(p: Prefs) -> dict:
    """The survey's rates by industry, the survey facts as captions, the frame, source note and pages."""
    lang, report = p.lang, data.report(p.key)
    rates = kc.survey_rates(report)
    facts = kc.figures(report, "survey")
    captions = [f"{safe.md_escape(r.label)}：{fmt.format_number(r.value)}{safe.md_escape(r.unit)}（{safe.md_escape(r.period)}） · "
                f"{where(r.page, r.source_line, lang)}" for r in facts.itertuples(index=False)]
    return {"rates": rates, "captions": captions, "frame": frames.survey_rates(rates, lang),
            "source": charts.source_note(_title(p), rates["page"], lang), "pages": tuple(pd.concat([facts["page"], rates["page"]]))}
