"""Section 2 (市内産業の現状): the context figures with their periods, the bankruptcy trend and the survey
response table with its rates checked against responses ÷ sent. Every value comes from the
`context` and `survey` tables; this module only arranges and derives (change, computed rate)."""

from __future__ import annotations

import re

import pandas as pd

from kpi.io import Report

# Groups of context figures in the order the report prints them (keys of kpi/build/context_facts.csv).
GROUPS = {
    "structure": ("establishments", "establishments_change", "establishments_change_pct", "employees",
                  "employees_change", "employees_change_pct", "sme_share_establishments", "sme_share_employees",
                  "ict_employee_share", "research_employee_share"),
    "employment_index": ("employment_index_national", "employment_index_capital_region", "employment_index_kawasaki"),
    "survey": ("survey_population", "survey_sent", "survey_valid_responses"),
}
HEADLINE = ("establishments", "employees")
_BANKRUPTCY = re.compile(r"^bankruptcies_fy(\d{4})$")
RATE_DECIMALS = 1  # the report prints response rates to one decimal
TOTAL_ROW = "合計"


def figures(report: Report, group: str | None = None) -> pd.DataFrame:
    """Context figures (key, label, value, unit, period, printed, page, source_line), in report order;
    with `group`, only that group's (see GROUPS)."""
    c = report.context
    if group is not None:
        order = {k: n for n, k in enumerate(GROUPS[group])}
        c = c[c["key"].isin(order)].assign(_o=lambda d: d["key"].map(order)).sort_values("_o").drop(columns="_o")
    return c.reset_index(drop=True)


def bankruptcies(report: Report) -> pd.DataFrame:
    """倒産件数 by fiscal year (負債総額1,000万円以上), with the change from the previous year shown:
    fiscal_year, count, change, change_pct (null for the first year), printed, page, source_line, key."""
    c = report.context
    fy = c["key"].str.extract(_BANKRUPTCY, expand=False)
    rows = c[fy.notna()].assign(fiscal_year=fy[fy.notna()].astype(int)).sort_values("fiscal_year")
    count = rows["value"].astype(float)
    prev = count.shift(1)
    return pd.DataFrame({
        "fiscal_year": rows["fiscal_year"].astype("int64").to_numpy(),
        "count": count.astype("int64").to_numpy(),
        "change": (count - prev).astype("Float64").to_numpy(),
        "change_pct": ((count - prev) / prev * 100).round(1).astype("Float64").to_numpy(),
        "printed": rows["printed"].to_numpy(), "page": rows["page"].to_numpy(),
        "source_line": rows["source_line"].to_numpy(), "key": rows["key"].to_numpy(),
    })


def survey_rates(report: Report) -> pd.DataFrame:
    """The survey table with the rate recomputed: responses ÷ sent × 100 to one decimal, whether the
    printed rate differs, and the reviewed discrepancy id on that row (D10), if any."""
    s = report.survey.reset_index(drop=True)
    sent = s["sent"].astype("Float64")
    computed = (s["responses"].astype("Float64") / sent.where(sent > 0) * 100).round(RATE_DECIMALS)
    printed = s["rate_pct"].astype("Float64")
    differs = (printed - computed).abs() >= 10 ** -RATE_DECIMALS / 2
    disc = report.discrepancies[report.discrepancies["check"] == "survey_rate"]
    ids = dict(zip(disc["source_line"].astype(int), disc["discrepancy_id"].astype(str)))
    return s.assign(computed_rate_pct=computed, rate_differs=differs.fillna(False).astype(bool),
                    discrepancy_id=pd.array([ids.get(int(x)) for x in s["source_line"]], dtype="str"),
                    is_total=s["industry"] == TOTAL_ROW)
