"""Reports made for tests: a FY2017 (平成29年度) report derived from the real H28 one, with numbers
chosen so that trends can be checked by hand, and data folders holding two reports.

The FY2017 report, as a spreadsheet made with kpi.exchange's own template:
- indicators: every H28 row moves one year on (FY2015→2016, FY2016→2017); for FY2017, the actual is
  the target (achieved, 100 %) except in 第12条, where it is half the target (missed, 50 %);
- money: this year's budget is H28's plan for FY2017 (budget_next) except 起業化総合支援事業 (program 1),
  whose budget becomes 12,000千円 (the plan said 10,220); settlement = 90 % of the budget (rounded
  down); next year's budget = budget + 1,000 and the stated change 1,000; other programs' actual is
  H28's FY2017 outline, their outline = that + 100;
- notes, programs and articles as in H28 (provenance columns left blank, as a typed report has them).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

import kpi
from kpi import exchange, store
from kpi.io import Report

FY2017 = 2017
PROGRAM_1_BUDGET = 12_000


def _money_2017(m: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    wide = m.pivot_table(index="program_no", columns="measure", values="amount_kyen", aggfunc="first", dropna=False)
    rows = []
    for no in m["program_no"].drop_duplicates():
        is_key = bool(key[no])
        if is_key:
            plan = wide.loc[no, "budget_next"]
            budget = PROGRAM_1_BUDGET if no == 1 else (None if pd.isna(plan) else int(plan))
            values = {"budget": budget, "settlement": None if budget is None else budget * 9 // 10,
                      "budget_next": None if budget is None else budget + 1000, "stated_change": None if budget is None else 1000}
        else:
            outline = wide.loc[no, "outline_next"] if "outline_next" in wide.columns else np.nan
            actual = None if pd.isna(outline) else int(outline)
            values = {"actual_spend": actual, "outline_next": None if actual is None else actual + 100}
        for measure, amount in values.items():
            rows.append({"report_city": "川崎市", "report_fy": FY2017, "program_no": no, "measure": measure,
                         "amount_kyen": amount, "printed": None, "correction_id": None, "page": None, "source_line": None})
    return pd.DataFrame(rows)


def fy2017_report(base: Report) -> Report:
    """The FY2017 report described above, as a Report (to export with the template)."""
    def rekey(df: pd.DataFrame) -> pd.DataFrame:
        return df.assign(report_fy=FY2017)

    ind = rekey(base.indicators).copy()
    ind["fiscal_year"] = ind["fiscal_year"].astype("int64") + 1
    art = base.programs.set_index("program_no")["article_no"]
    this_year = ind["fiscal_year"] == FY2017
    art12 = ind["program_no"].map(art).astype("int64") == 12
    target = pd.to_numeric(ind["target"], errors="coerce").astype("float64")
    actual = pd.to_numeric(ind["actual"], errors="coerce").astype("float64")
    actual = np.where(this_year & art12, target / 2, np.where(this_year, target, actual))
    ind["actual"] = actual
    for col in ("target_printed", "actual_printed", "target_correction_id", "actual_correction_id", "target_line",
                "actual_line", "source_line", "page"):
        ind[col] = None
    reports = rekey(base.reports).assign(report_title=base.reports["report_title"].str.replace("平成28年度", "平成29年度"),
                                         published="平成30年9月")
    key = base.programs.set_index("program_no")["is_key"]
    return dataclasses.replace(
        base, reports=reports, articles=rekey(base.articles), programs=rekey(base.programs).assign(source_line=None),
        money=_money_2017(base.money, key), indicators=ind, notes=rekey(base.notes).assign(source_line=None, page=None))


def fy2017_xlsx(base: Report | None = None) -> bytes:
    return exchange.template_xlsx(fy2017_report(base or kpi.read_report()))


def two_report_folder(folder: Path) -> Path:
    """A data folder with a copy of the built dataset and the FY2017 report accepted beside it;
    returns the dataset's path (what KAWASAKI_DATA points at)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "kawasaki_h28.parquet"
    shutil.copyfile(kpi.io.DEFAULT_DATA, base)
    result = exchange.parse_workbook(fy2017_xlsx(), "kawasaki_h29.xlsx")
    assert result.ok, [i.message_en for i in result.errors]
    store.accept(result, base)
    return base


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx with these sheets (first row: headers), written with openpyxl as a user's Excel would."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def other_city_sheets() -> dict[str, list[list]]:
    """A small report of another city (横浜市, FY2017) with its own ordinance articles (第5条, 第6条)."""
    return {
        "報告書": [["市区町村", "年度(西暦)", "報告書名", "公表時期"], ["横浜市", "平成29年度", "平成29年度 横浜市中小企業振興施策実施状況報告書", "平成30年8月"]],
        "条": [["条", "施策(条の見出し)", "条文"], [5, "創業の支援", "市は、創業を支援する。"], [6, "販路の開拓", ""]],
        "事業": [["事業番号", "事務事業名", "条", "重点事業"], [1, "起業支援事業", 5, "○"], [2, "販路開拓事業", 6, None]],
        "金額": [["事業番号", "区分", "金額(千円)"], [1, "当年度予算", 1000], [1, "当年度決算(見込)", 900],
                 [1, "翌年度予算", 1200], [1, "増減(報告書記載)", 200], [2, "当年度実績", 500], [2, "翌年度概要", "—"]],
        "指標": [["事業番号", "指標番号", "指標名", "単位", "年度", "目標", "実績"],
                 [1, 1, "創業相談件数", "件", 2017, 100, 120], [1, 1, "創業相談件数", "件", 2016, None, 90]],
        "記述": [["条", "事業番号", "区分", "順番", "内容"], [5, 1, "事業計画(Plan)", 1, "創業を支援する。"],
                 [5, 1, "検証意見(Check)", 1, "相談件数が増えた。"], [6, None, "実施状況(Do)", 1, "販路開拓の支援を行った。"]],
    }


def other_city_xlsx() -> bytes:
    return workbook(other_city_sheets())
