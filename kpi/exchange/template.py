"""The template, empty or filled with a report: xlsx (with 説明) or a zip of CSVs. Text that a
spreadsheet would run as a formula is written inert."""

from __future__ import annotations

import csv
import io
import math
import zipfile

import pandas as pd

from kpi import inert
from kpi.exchange.cells import _text
from kpi.exchange.layout import INSTRUCTIONS, INSTRUCTIONS_SHEET, SHEETS, Col
from kpi.exchange.parse import known_articles
from kpi.exchange.vocab import DIRECTION_LABELS, MEASURE_LABELS, STAGE_LABELS
from kpi.vocab import KNOWN_UNITS
from kpi.io import Report

def cell_value(col: Col, v):
    """A table value as its template cell (labels for codes, ○ for flags, plain numbers)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if col.kind == "flag":
        return "○" if bool(v) else None
    if col.kind == "measure":
        return MEASURE_LABELS.get(str(v), str(v))
    if col.kind == "stage":
        return STAGE_LABELS.get(str(v), str(v))
    if col.kind == "direction":
        return DIRECTION_LABELS.get(str(v), str(v))
    if col.kind in ("posint", "page", "line", "article", "fy", "money"):
        return int(v)
    if col.kind == "number":
        f = float(v)
        return int(f) if f.is_integer() else f
    if col.kind == "printed":
        return str(v) if str(v) != "" else None
    return str(v)


def export_rows(report: Report | None = None, articles: pd.DataFrame | None = None) -> dict[str, list[list]]:
    """Each sheet's rows (header first) for `report` (one report), or an empty template whose 条
    sheet holds `articles` (default: 川崎市's ordinance from the built dataset)."""
    out: dict[str, list[list]] = {}
    if report is not None and len(report.reports) != 1:
        raise ValueError(f"export one report at a time (this one holds {len(report.reports)})")
    for s in SHEETS:
        rows: list[list] = [[c.header for c in s.columns]]
        if report is not None:
            df = report.table(s.table)
            if "program_name" not in df.columns and any(c.field == "program_name" for c in s.columns):
                names = report.programs.set_index("program_no")["program_name"]
                df = df.assign(program_name=df["program_no"].map(names))
        elif s.table == "articles":
            df = articles if articles is not None else next(iter(known_articles().values()), None)
            df = df.assign(page=None, source_line=None, text_line=None) if df is not None else None
        else:
            df = None
        if df is not None:
            for rec in df.to_dict("records"):
                rows.append([cell_value(c, rec.get(c.field)) for c in s.columns])
        out[s.name] = rows
    return out


_FILLS = {"required": "DDEBF7", "optional": "EDEDED", "provenance": "F7F7F7"}


def template_xlsx(report: Report | None = None, articles: pd.DataFrame | None = None) -> bytes:
    """The template workbook: 説明 (ja/en) and one sheet per table; filled with `report` if given."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    _instructions(info, Font, Alignment, PatternFill)
    for s, rows in zip(SHEETS, export_rows(report, articles).values()):
        ws = wb.create_sheet(s.name)
        for r, values in enumerate(rows, start=1):
            for c, v in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, str) and inert.is_formula_like(v):
                    cell.data_type = "s"  # a text cell, never a formula (xlsx keeps the text as typed)
        for c, col in enumerate(s.columns, start=1):
            cell = ws.cell(row=1, column=c)
            group = "required" if col.required else "provenance" if col.provenance else "optional"
            cell.fill = PatternFill("solid", fgColor=_FILLS[group])
            cell.font = Font(bold=col.required, italic=col.provenance, color="555555" if col.provenance else "000000")
            cell.comment = Comment(f"{col.help_ja}\n{col.en}: {col.help_en}", "template", width=320, height=120)
            width = 48 if col.field in ("text", "ordinance_text", "remark", "no_indicator_reason", "no_money_reason") else \
                30 if col.field in ("program_name", "indicator_name", "report_title", "article_title") else max(10, len(col.header) * 2 + 2)
            ws.column_dimensions[get_column_letter(c)].width = width
            lists = {"flag": ["○"], "measure": list(MEASURE_LABELS.values()), "stage": list(STAGE_LABELS.values()),
                     "direction": list(DIRECTION_LABELS.values()), "unit": list(KNOWN_UNITS)}.get(col.kind)
            if lists:
                dv = DataValidation(type="list", formula1='"' + ",".join(lists) + '"', allow_blank=True,
                                    showErrorMessage=col.kind != "unit", errorStyle="warning")
                dv.add(f"{get_column_letter(c)}2:{get_column_letter(c)}{max(1000, len(rows) + 500)}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        if s.table == "notes":
            for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _instructions(ws, Font, Alignment, PatternFill) -> None:
    ws["A1"] = "中小企業活性化施策実施状況報告書 取込テンプレート / Report import template"
    ws["A1"].font = Font(bold=True, size=14)
    r = 3
    for ja, en in INSTRUCTIONS:
        ws.cell(row=r, column=1, value=ja).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=r, column=2, value=en).alignment = Alignment(wrap_text=True, vertical="top")
        r += 1
    r += 1
    head = ["シート", "列", "必須", "内容", "Sheet", "Column", "Required", "Meaning"]
    for c, h in enumerate(head, start=1):
        cell = ws.cell(row=r, column=c, value=h)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for s in SHEETS:
        r += 1
        ws.cell(row=r, column=1, value=s.name).font = Font(bold=True)
        ws.cell(row=r, column=4, value=s.help_ja)
        ws.cell(row=r, column=5, value=s.alias).font = Font(bold=True)
        ws.cell(row=r, column=8, value=s.help_en)
        for col in s.columns:
            r += 1
            req = "必須" if col.required else ("出典" if col.provenance else "任意")
            req_en = "required" if col.required else ("provenance" if col.provenance else "optional")
            for c, v in enumerate([s.name, col.header, req, col.help_ja, s.alias, col.en, req_en, col.help_en], start=1):
                ws.cell(row=r, column=c, value=v).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (60, 60, 8, 50, 12, 22, 11, 50)):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["B"].width = 60


def template_csv_zip(report: Report | None = None, articles: pd.DataFrame | None = None) -> bytes:
    """The template as a zip of UTF-8 (BOM) CSV files, one per table, and 説明.txt."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        lines = [f"{ja}\n{en}\n" for ja, en in INSTRUCTIONS]
        for s in SHEETS:
            lines.append(f"\n[{s.name}.csv] {s.help_ja} / {s.help_en}")
            lines += [f"  {c.header}{'（必須）' if c.required else ''}: {c.help_ja} / {c.en}: {c.help_en}" for c in s.columns]
        zf.writestr(f"{INSTRUCTIONS_SHEET}.txt", ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
        for name, rows in export_rows(report, articles).items():
            zf.writestr(f"{name}.csv", csv_text(rows).encode("utf-8-sig"))
    return buf.getvalue()


def csv_text(rows: list[list]) -> str:
    """Rows as CSV text (numbers without a spurious .0, blanks empty, CRLF for Excel); text that a
    spreadsheet would run as a formula gets a leading quote (kpi.inert), which the import reads off."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        w.writerow([inert.neutralise(v) if isinstance(v, str) else (_text(v, strip=False) or "") for v in row])
    return out.getvalue()

