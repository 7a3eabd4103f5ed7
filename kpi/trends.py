"""Trends across reports: attainment and money by fiscal year, per article, per program or per city.
No Streamlit; every figure is computed from kpi.metrics, so a trend and a single report agree.

Definitions (also in the README):

- **Programs are matched across a city's reports by name** (事務事業名, width-folded, spaces removed:
  `kpi.vocab.name_key`, column `program_key`); the program number is a position in one year's list and may change. A renamed
  program shows as two programs. Its article is the one the year's report gives.
- **Attainment of fiscal year Y comes from the report for Y** (report_fy = Y) and its indicators of
  year Y. Earlier years that a report prints for comparison (平成27年度 in the 平成28年度 report) are
  not used: each year is judged by its own report.
  `share_achieved_pct` = indicators achieved (達成) ÷ evaluable indicators × 100, where evaluable means
  a target and an actual are given and the target is above 0 (as in kpi.metrics);
  `median_attainment_pct` is the median attainment of the evaluable indicators.
- **Money of fiscal year Y**: where the report for Y is loaded, its own figures — budget and
  settlement of key programs, actual spend of the other programs (`basis` "reported"). Where it is
  not but the report for Y−1 is, that report's figures for the next year — next year's budget and
  next year's outline (`basis` "planned"). So the report for FY N+1 supersedes the plan the FY N
  report gave for N+1; the superseded plan stays beside it in `prior_plan_budget_kyen`. Missing
  amounts stay missing (sums use min_count=1; never 0 for missing).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kpi import metrics
from kpi.vocab import name_key
from kpi import status as st
from kpi.io import Report

CITY, FY = "report_city", "fiscal_year"
LEVELS = {"article": ["article_no"], "program": ["program_key", "program_name", "article_no"], "city": []}
MONEY_VALUES = ["budget_kyen", "settlement_kyen", "spend_kyen", "prior_plan_budget_kyen"]


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(program_key=[name_key(n) for n in frame["program_name"]])


def attainment_by_year(report: Report, level: str = "article") -> pd.DataFrame:
    """Indicators by status, share achieved and median attainment per city, fiscal year and `level`
    (article, program or city), each year taken from its own report."""
    by = LEVELS[level]
    ind = _keyed(metrics.indicators(report))
    ind = ind[ind["fiscal_year"].astype("int64") == ind["report_fy"].astype("int64")].copy()
    ind[FY] = ind["fiscal_year"].astype("int64")
    ind[CITY] = ind[CITY].astype(str)
    if level == "program":  # one name and number per program: the newest report's
        latest = ind.sort_values(FY).groupby([CITY, "program_key"])[["program_name", "program_no"]].last()
        latest = latest.rename(columns={"program_name": "_name", "program_no": "_no"}).reset_index()
        ind = ind.merge(latest, on=[CITY, "program_key"]).assign(program_name=lambda d: d["_name"], program_no=lambda d: d["_no"])
        ind = ind.drop(columns=["_name", "_no"])
    keys = [CITY, FY, *by]
    if ind.empty:
        return pd.DataFrame(columns=keys + [s.key for s in st.STATUSES] + ["total", "evaluable", "share_achieved_pct", "median_attainment_pct"])
    if level == "program":  # a program's article may differ between years: keep the year's
        counts = metrics.status_counts(ind, [CITY, FY, "program_key", "program_name"])
        arts = ind.groupby([CITY, FY, "program_key"])[["article_no", "program_no"]].first().reset_index()
        counts = counts.merge(arts, on=[CITY, FY, "program_key"])
    else:
        counts = metrics.status_counts(ind, keys)
    summary = metrics.attainment_summary(ind, keys)[keys + ["evaluable", "median_pct"]]
    out = counts.merge(summary, on=keys, how="left")
    out["evaluable"] = out["evaluable"].fillna(0).astype(int)
    evaluable = out["total"] - out[st.NOT_EVALUABLE.key]
    out["share_achieved_pct"] = np.where(evaluable > 0, out[st.ACHIEVED.key] / evaluable.where(evaluable > 0, 1) * 100.0, np.nan)
    out = out.rename(columns={"median_pct": "median_attainment_pct"})
    if level == "article":
        titles = report.articles.astype({"report_fy": "int64"}).rename(columns={"report_fy": FY})
        out = out.merge(titles[[CITY, FY, "article_no", "article_title"]].astype({CITY: str}), on=[CITY, FY, "article_no"], how="left")
    out = out[[*keys, *(["article_title"] if level == "article" else ["program_no"] if level == "program" else []),
               *[s.key for s in st.STATUSES], "total",
               "evaluable", "share_achieved_pct", "median_attainment_pct"]]
    return out.sort_values(keys).reset_index(drop=True)


def _money_rows(report: Report, exclude: Iterable[str]) -> pd.DataFrame:
    """One row per city, fiscal year and program with the year's money figures and their basis."""
    progs = _keyed(metrics.programs(report))
    progs[CITY] = progs[CITY].astype(str)
    progs["report_fy"] = progs["report_fy"].astype("int64")
    progs = progs[~progs["program_name"].isin(list(exclude))]
    loaded = set(zip(progs[CITY], progs["report_fy"])) | set(
        zip(report.reports[CITY].astype(str), report.reports["report_fy"].astype("int64")))
    cols = [CITY, "program_key", "program_name", "article_no", "is_key"]
    reported = progs[cols].assign(**{FY: progs["report_fy"], "basis": "reported", "from_report_fy": progs["report_fy"],
                                     "budget_kyen": progs["budget_kyen"], "settlement_kyen": progs["settlement_kyen"],
                                     "spend_kyen": progs["actual_spend_kyen"]})
    nxt = progs[[(c, y + 1) not in loaded for c, y in zip(progs[CITY], progs["report_fy"])]]
    planned = nxt[cols].assign(**{FY: nxt["report_fy"] + 1, "basis": "planned", "from_report_fy": nxt["report_fy"],
                                  "budget_kyen": nxt["budget_next_kyen"], "settlement_kyen": np.nan,
                                  "spend_kyen": nxt["outline_next_kyen"]})
    prior = progs[[CITY, "program_key", "report_fy", "budget_next_kyen"]].rename(
        columns={"budget_next_kyen": "prior_plan_budget_kyen"}).assign(**{FY: lambda d: d["report_fy"] + 1}).drop(columns="report_fy")
    reported = reported.merge(prior, on=[CITY, "program_key", FY], how="left")
    planned = planned.assign(prior_plan_budget_kyen=np.nan)
    out = pd.concat([reported, planned], ignore_index=True)
    for c in MONEY_VALUES:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def money_by_year(report: Report, level: str = "article", exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Money (千円) per city, fiscal year and `level` (article, program or city): budget and settlement
    of key programs, spend of the other programs (actual, or the outline for a planned year), the
    plan the previous report gave for the year, and whether the year is reported or planned.
    Programs named in `exclude` are left out (names not present are ignored)."""
    rows = _money_rows(report, exclude)
    by = LEVELS[level]
    keys = [CITY, FY, "basis", "from_report_fy", *by]
    if level == "program":
        out = rows[keys + ["is_key", *MONEY_VALUES]].copy()
    else:
        g = rows.groupby(keys, dropna=False)
        out = g[MONEY_VALUES].sum(min_count=1)
        out["programs"] = g.size()
        out["key_programs"] = g["is_key"].sum().astype(int)
        out = out.reset_index()
    if level == "article":
        titles = report.articles.astype({"report_fy": "int64"}).sort_values("report_fy").groupby([CITY, "article_no"])["article_title"].last()
        out = out.merge(titles.reset_index().astype({CITY: str}), on=[CITY, "article_no"], how="left")
    return out.sort_values([CITY, FY, *by]).reset_index(drop=True)
