"""ui.export.tables: CSV and XLSX of exactly the frame shown, formula text neutralised, number formats
(guessed where none is given, as given where the caller knows them), the caveats as notes."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from ui import export


HOSTILE = '=HYPERLINK("http://example.invalid","click")'


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "program_name": pd.Series(["起業化総合支援事業", HOSTILE, "+81-44", "@SUM(A1)", "\tタブ", "－"], dtype="str"),
        "budget_kyen": [10220.0, 41385.0, -2023.0, 0.0, float("nan"), 5.0],
        "count": pd.array([1, -2, 3, 4000, 5, 6], dtype="int64"),
        "execution_rate_pct": [94.677, 20.2, -4.2, 100.0, float("nan"), 50.0],
        "ratio": [0.25, 1.5, -0.75, 2.0, 3.0, 1234.5],
    })


def test_csv_has_bom_round_trips_and_neutralises_formulas():
    df = _table()
    b = export.csv_bytes(df)
    assert b.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(b), encoding="utf-8-sig")
    assert list(back.columns) == list(df.columns)
    assert back.loc[0, "program_name"] == "起業化総合支援事業"
    assert back.loc[1, "program_name"] == "'" + HOSTILE
    assert back.loc[2, "program_name"] == "'+81-44"
    assert back.loc[3, "program_name"] == "'@SUM(A1)"
    assert back.loc[4, "program_name"] == "'\tタブ"
    assert back.loc[5, "program_name"] == "－"  # full-width dash: ordinary text
    assert back["budget_kyen"].tolist()[:4] == [10220.0, 41385.0, -2023.0, 0.0]
    assert back["count"].tolist() == [1, -2, 3, 4000, 5, 6]  # negative numbers are numbers
    assert back["count"].dtype.kind == "i"
    assert not any(line.startswith(b"=") for line in b.split(b"\r\n"))
    assert df.loc[1, "program_name"] == HOSTILE  # caller's frame unchanged


def test_csv_of_the_real_program_table_round_trips():
    import kpi
    from kpi import metrics

    progs = metrics.programs(kpi.read_report())
    back = pd.read_csv(io.BytesIO(export.csv_bytes(progs)), encoding="utf-8-sig")
    assert len(back) == len(progs) == 65
    assert back["program_name"].tolist() == progs["program_name"].tolist()
    assert back["budget_kyen"].fillna(-1).tolist() == progs["budget_kyen"].fillna(-1).tolist()
    assert back["is_key"].tolist() == progs["is_key"].tolist()


def test_xlsx_header_widths_formats_and_neutralised_text():
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(_table(), sheet_name="予算/決算")))
    ws = wb.active
    assert ws.title == "予算決算"
    assert [c.value for c in ws[1]] == list(_table().columns)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    # text stays text, hostile text is neutralised and not a formula
    assert ws["A2"].value == "起業化総合支援事業"
    assert ws["A3"].value == "'" + HOSTILE and ws["A3"].data_type == "s"
    assert ws["A4"].value == "'+81-44"
    # numbers are numbers with their formats
    assert ws["B4"].value == -2023 and ws["B4"].number_format == "#,##0"  # integral floats: thousands
    assert ws["C3"].value == -2 and ws["C3"].number_format == "#,##0"
    assert ws["D2"].value == pytest.approx(94.677) and ws["D2"].number_format == '0.0"%"'
    assert ws["E2"].value == 0.25 and ws["E2"].number_format == "#,##0.00"  # as many decimals as the values carry
    assert ws["B6"].value is None  # NaN → empty
    # widths fitted: 9 Japanese characters count as 18
    width_a = ws.column_dimensions["A"].width
    assert width_a >= 18 + 2 - 0.01
    assert ws.column_dimensions["C"].width < width_a


def test_xlsx_of_the_real_indicator_table_opens():
    import kpi
    from kpi import metrics

    ind = metrics.indicators(kpi.read_report())
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(ind))).active
    header = [c.value for c in ws[1]]
    assert ws.max_row == len(ind) + 1
    col = header.index("attainment_pct") + 1
    values = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    assert any(isinstance(c.value, float) and c.number_format == '0.0"%"' for c in values)
    name_col = header.index("indicator_name") + 1
    assert ws.cell(row=2, column=name_col).value == ind["indicator_name"].iloc[0]


def test_xlsx_keeps_the_decimals_shown_on_screen():
    df = pd.DataFrame({"億円": [0.74, 50.52, 238.96], "百万円": [10.2, 3.0, 0.5]})
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(df)))
    ws = wb.active
    assert ws["A2"].number_format == "#,##0.00" and ws["A2"].value == 0.74
    assert ws["B2"].number_format == "#,##0.0"


