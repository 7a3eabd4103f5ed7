"""kpi.trends on two tiny hand-made reports (FY2016 and FY2017 of one city): every figure checked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi import schema, trends
from kpi.io import Report, typed

CITY = "テスト市"


def _report(rows: dict[str, list[dict]]) -> Report:
    frames = {name: typed(name, pd.DataFrame(rows.get(name, []))) for name in schema.TABLES}
    return Report(**frames, source_sha256="")


def _year(fy: int, name_a: str, money: dict, indicator: list[tuple[int, float, float]]) -> dict[str, list[dict]]:
    key = {"report_city": CITY, "report_fy": fy}
    return {
        "reports": [{**key, "report_title": f"{fy}年度の報告書", "source_file": "t.xlsx", "source_sha256": ""}],
        "articles": [{**key, "article_no": 12, "article_title": "経営の革新", "ordinance_text": "…", "source_line": 1}],
        "programs": [{**key, "program_no": 1, "program_name": name_a, "article_no": 12, "is_key": True, "source_line": 2},
                     {**key, "program_no": 2, "program_name": "B事業", "article_no": 12, "is_key": False, "source_line": 3}],
        "money": [{**key, "program_no": no, "measure": m, "amount_kyen": v} for (no, m), v in money.items()],
        "indicators": [{**key, "program_no": 1, "indicator_no": 1, "indicator_name": "件数", "unit": "件", "is_cumulative": False,
                        "direction": "higher", "fiscal_year": y, "target": t, "actual": a, "target_line": 4, "actual_line": 5,
                        "source_line": 4} for y, t, a in indicator],
    }


def _two() -> Report:
    h28 = _year(2016, "A 事業", {(1, "budget"): 100, (1, "settlement"): 90, (1, "budget_next"): 120, (1, "stated_change"): 20,
                                (2, "actual_spend"): 50, (2, "outline_next"): 60}, [(2016, 10, 10)])
    h29 = _year(2017, "Ａ事業", {(1, "budget"): 130, (1, "settlement"): 100, (1, "budget_next"): 140, (1, "stated_change"): 10,
                               (2, "actual_spend"): 55, (2, "outline_next"): 70},
                [(2016, 10, 0), (2017, 10, 5)])  # the 2016 row is a comparison: FY2016 is judged by its own report
    return _report({name: h28[name] + h29[name] for name in h28})


@pytest.fixture(scope="module")
def two() -> Report:
    return _two()


def test_each_year_is_judged_by_its_own_report(two):
    city = trends.attainment_by_year(two, "city").set_index("fiscal_year")
    assert list(city.index) == [2016, 2017]
    assert (city.loc[2016, "achieved"], city.loc[2016, "total"], city.loc[2016, "share_achieved_pct"]) == (1, 1, 100.0)
    assert (city.loc[2017, "missed"], city.loc[2017, "evaluable"], city.loc[2017, "share_achieved_pct"]) == (1, 1, 0.0)
    assert city.loc[2017, "median_attainment_pct"] == pytest.approx(50.0)


def test_programs_match_across_years_by_folded_name(two):
    prog = trends.attainment_by_year(two, "program")
    assert set(prog["program_key"]) == {"A事業"}  # 'A 事業' (2016) and 'Ａ事業' (2017) are one program
    assert set(prog["program_name"]) == {"Ａ事業"}  # shown under the newest report's name
    art = trends.attainment_by_year(two, "article")
    assert art["article_title"].tolist() == ["経営の革新", "経営の革新"]


def test_money_reported_then_planned_with_the_superseded_plan(two):
    city = trends.money_by_year(two, "city").set_index("fiscal_year")
    assert city["basis"].tolist() == ["reported", "reported", "planned"]
    assert city.loc[2016, ["budget_kyen", "settlement_kyen", "spend_kyen"]].tolist() == [100, 90, 50]
    assert city.loc[2017, ["budget_kyen", "settlement_kyen", "spend_kyen"]].tolist() == [130, 100, 55]
    assert city.loc[2017, "prior_plan_budget_kyen"] == 120  # the FY2016 report's plan for FY2017
    assert (city.loc[2018, "budget_kyen"], city.loc[2018, "spend_kyen"], city.loc[2018, "from_report_fy"]) == (140, 70, 2017)
    assert math.isnan(city.loc[2018, "settlement_kyen"])
    assert (city.loc[2016, "programs"], city.loc[2016, "key_programs"]) == (2, 1)


def test_excluded_programs_leave_missing_not_zero(two):
    city = trends.money_by_year(two, "city", exclude=["B事業", "not a program"]).set_index("fiscal_year")
    assert city.loc[2016, "budget_kyen"] == 100
    assert math.isnan(city.loc[2016, "spend_kyen"])  # only B had spend: missing, never 0
    prog = trends.money_by_year(two, "program")
    assert set(prog["program_key"]) == {"A事業", "B事業"}


def test_no_indicators_gives_an_empty_frame_with_the_columns():
    empty = _year(2016, "A事業", {(1, "budget"): 1}, [])
    out = trends.attainment_by_year(_report(empty), "article")
    assert out.empty and {"achieved", "share_achieved_pct", "median_attainment_pct"} <= set(out.columns)
