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




def test_given_formats_carry_the_screens_rounding_to_csv_and_xlsx():
    df = pd.DataFrame({"事業": ["a", "b", "c"], "達成率(%)": [45.16129, 66.6666, None],
                       "割合": [31.879, 86.45, 24.0], "金額": [1234.4, 99.6, None], "件数": [3.0, 4.0, 5.0]})
    formats = {"達成率(%)": export.Column(decimals=1, percent=True, attainment=True), "割合": "0.0",
               "金額": export.Column(decimals=0), "件数": "#,##0.00"}
    back = pd.read_csv(io.BytesIO(export.csv_bytes(df, formats=formats)), encoding="utf-8-sig")
    assert back["達成率(%)"].tolist()[:2] == [45.1, 66.6]  # rounded down, as kpi.fmt.attainment_value
    assert back["割合"].tolist() == [31.9, 86.5, 24.0]
    assert back["金額"].tolist()[:2] == [1234, 100] and back["金額"].isna().tolist()[2]
    text = export.csv_bytes(df, formats=formats).decode("utf-8-sig")
    assert "45.16" not in text and "1234.4" not in text
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(df, formats=formats))).active
    assert ws["B2"].value == 45.1 and ws["B2"].number_format == '0.0"%"'
    assert ws["B3"].value == 66.6
    assert ws["C2"].value == 31.9 and ws["C2"].number_format == "0.0"
    assert ws["D2"].value == 1234 and ws["D2"].number_format == "#,##0"
    assert ws["E2"].value == 3.0 and ws["E2"].number_format == "#,##0.00"  # not the guessed '#,##0'
    shown = pd.DataFrame({"達成率(%)": pd.Series([45.16129, None, "—"], dtype=object)})  # a column as a page builds it
    back = pd.read_csv(io.BytesIO(export.csv_bytes(shown, formats={"達成率(%)": export.Column(1, attainment=True)})),
                       encoding="utf-8-sig", keep_default_na=False)
    assert back["達成率(%)"].tolist() == ["45.1", "", "—"]
    # without formats, today's guesses stay
    plain = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(df))).active
    assert plain["B2"].value == pytest.approx(45.16129) and plain["E2"].number_format == "#,##0"


def test_column_reads_an_excel_format():
    assert export.Column.of("0.0") == export.Column(decimals=1, thousands=False)
    assert export.Column.of('0.0"%"') == export.Column(decimals=1, percent=True, thousands=False)
    assert export.Column.of("#,##0") == export.Column()
    assert export.Column(decimals=2).excel == "#,##0.00" and export.Column(decimals=1, percent=True).excel == '0.0"%"'
