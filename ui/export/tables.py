"""Tables → CSV and XLSX: exactly the frame shown, text that a spreadsheet would run as a formula
neutralised, the screen's caveats as notes, and number formats.

A caller that knows how a column is shown passes `formats={column: Column(...) or "0.0"}`: the values
are written rounded as on screen (attainment rates rounded down, kpi.fmt.attainment_value) with that
format. Columns without one keep the defaults: whole numbers without '.0', '#,##0' / '#,##0.0…' (as
many decimals as the values carry, at most 2) and '0.0"%"' for *_pct / (%) columns.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi import fmt as kfmt
from kpi import inert

Notes = Sequence[tuple[str, str]]  # (item, text): the screen's caveats (scope, unit, fiscal year, source, rounding)


@dataclass(frozen=True)
class Column:
    """How a number column is shown: `decimals` after the point, a percentage (`percent`: '%' in the
    XLSX format), an attainment rate (`attainment`: rounded DOWN, as kpi.fmt), thousands separators."""

    decimals: int = 0
    percent: bool = False
    attainment: bool = False
    thousands: bool = True

    @classmethod
    def of(cls, spec: Column | str) -> Column:
        """A Column as given, or read from an Excel number format ('#,##0', '0.0', '0.0"%"')."""
        if isinstance(spec, Column):
            return spec
        text = str(spec)
        decimals = len(re.search(r"\.(0*)", text).group(1)) if "." in text else 0
        return cls(decimals=decimals, percent="%" in text, thousands="," in text)

    @property
    def excel(self) -> str:
        """The XLSX number format."""
        base = "#,##0" if self.thousands and not self.percent else "0"
        if self.decimals:
            base += "." + "0" * self.decimals
        return f'{base}"%"' if self.percent else base

    def value(self, v: Any) -> float | int | None:
        """The number as the screen shows it (None for missing, text left alone)."""
        if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
            return v
        if math.isnan(float(v)):
            return None
        shown = (kfmt.attainment_value if self.attainment else kfmt.pct_value)(v, self.decimals)  # kpi.fmt's rules
        return int(shown) if self.decimals == 0 and shown is not None else shown


Formats = Mapping[Any, "Column | str"]  # column name → how it is shown


def _neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading quote; anything else is unchanged
    (kpi.inert.neutralise: ASCII and full-width prefixes)."""
    return inert.neutralise(value)


def flat_columns(df: pd.DataFrame) -> list:
    """Column names, a MultiIndex joined with ' / '."""
    if isinstance(df.columns, pd.MultiIndex):
        return [" / ".join(str(p) for p in col if str(p)) for col in df.columns]
    return list(df.columns)


def _neutralised_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) are neutralised; numbers, booleans and dates untouched."""
    out = df.copy()
    out.columns = [_neutralise(c) if isinstance(c, str) else c for c in flat_columns(df)]
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        elif (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)
              or pd.api.types.is_datetime64_any_dtype(s.dtype)):
            continue
        out.isetitem(i, s.astype(object).map(_neutralise))
    return out


def with_notes(df: pd.DataFrame, notes: Notes | None) -> pd.DataFrame:
    """The frame with one trailing column per note, the same text on every row: the CSV stays one
    rectangular table that any reader parses, and every row (also after filtering) carries its caveats."""
    if not notes:
        return df
    out = df.copy()
    out.columns = flat_columns(df)
    for item, text in notes:
        name = f"注記:{item}" if item not in out.columns else f"注記:{item}_"
        out[name] = pd.Series([text] * len(out), index=out.index, dtype=object)
    return out


def _positions(df: pd.DataFrame, formats: Formats | None) -> dict[int, Column]:
    """The given formats by column position (names as flat_columns gives them)."""
    if not formats:
        return {}
    wanted = {k if not isinstance(k, tuple) else " / ".join(str(p) for p in k if str(p)): Column.of(v)
              for k, v in formats.items()}
    return {i: wanted[name] for i, name in enumerate(flat_columns(df)) if name in wanted}


def number_text(v: Any) -> str:
    """A number as the screen prints it: 105,632 (never 105632.0), 20 (never 20.0), 45.1."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    if isinstance(v, float) and math.isnan(v):
        return ""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _csv_frame(df: pd.DataFrame, formats: dict[int, Column]) -> pd.DataFrame:
    """Columns with a format rounded as shown (whole: integers); other whole-number float columns (a
    nullable Float64 of targets) written as integers: 20, not 20.0."""
    out = df.copy()
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if i in formats and not pd.api.types.is_bool_dtype(s.dtype):
            shown = [formats[i].value(cell_value(v)) for v in s.tolist()]
            numbers = all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in shown)
            dtype = ("Int64" if formats[i].decimals == 0 else "Float64") if numbers else object
            out.isetitem(i, pd.Series(shown, index=out.index, dtype=dtype))
        elif pd.api.types.is_float_dtype(s.dtype):
            vals = pd.to_numeric(s, errors="coerce")
            whole = vals.dropna()
            if len(whole) and (whole == whole.round()).all() and whole.abs().max() < 2**53:
                out.isetitem(i, vals.round().astype("Int64"))
    return out


def csv_bytes(df: pd.DataFrame, notes: Notes | None = None, formats: Formats | None = None) -> bytes:
    """UTF-8 with BOM (Excel in Japan opens it correctly), CRLF lines, no index, formula text neutralised;
    whole numbers without '.0'; `notes` as trailing 注記:… columns (see with_notes); `formats` rounds
    the named columns as the screen shows them."""
    framed = with_notes(df, notes)
    text = _neutralised_frame(_csv_frame(framed, _positions(framed, formats))).to_csv(index=False,
                                                                                     lineterminator="\r\n")
    return text.encode("utf-8-sig")


def display_width(text: str) -> int:
    """Width in Excel character units: East-Asian wide, full-width and ambiguous characters count 2."""
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)
                for line in text.split("\n")), default=0)


def _is_pct_column(name: Any) -> bool:
    n = str(name)
    return n.endswith("_pct") or n.endswith("(%)") or n.endswith("（%）")


def cell_value(v: Any) -> Any:
    """A pandas/numpy/arrow scalar as a value openpyxl writes (None for missing)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.tz_convert(None).to_pydatetime() if v.tzinfo else v.to_pydatetime()
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.replace(tzinfo=None)
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
        if isinstance(v, float) and math.isnan(v):
            return None
    if isinstance(v, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", v)[:32767]
    if isinstance(v, (dt.timedelta,)):
        return str(v)
    return v


def _number_format(name: Any, values: list) -> str | None:
    """The default format of a column without one given: guessed from its name and values."""
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not nums:
        return None
    if _is_pct_column(name):
        return '0.0"%"'
    if all(isinstance(v, int) or float(v).is_integer() for v in nums):
        return "#,##0"
    # as many decimals as the values carry (at most 2: 億円 amounts are shown to 0.01), so the cell
    # shows what the screen and the CSV show
    decimals = max(min(len(f"{float(v):.10g}".partition(".")[2]), 2) for v in nums if not float(v).is_integer())
    return "#,##0." + "0" * max(decimals, 1)


def _format_for_width(v: Any, fmt: str | None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "FALSE" if not v else "TRUE"
    if isinstance(v, (int, float)) and fmt:
        c = Column.of(fmt)
        return f"{v:{',' if c.thousands else ''}.{c.decimals}f}" + ("%" if c.percent else "")
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _sheet_title(name: str) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "", str(name)).strip("'")[:31]
    return title or "data"


def xlsx_bytes(df: pd.DataFrame, sheet_name: str = "data", notes: Notes | None = None,
               formats: Formats | None = None) -> bytes:
    """One sheet: bold frozen header, fitted column widths, number formats (`formats` where given, else
    '#,##0', '#,##0.0', '0.0"%"' for *_pct columns), text stored as text with formula-like text
    neutralised; `notes` on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    given = _positions(df, formats)
    safe = _neutralised_frame(df)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet_name)
    columns = list(safe.columns)
    _write_header(ws, columns)
    for j in range(len(columns)):
        width = _write_column(ws, j + 1, columns[j], safe.iloc[:, j].tolist(), given.get(j))
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(width + 2, 6), 80)
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(safe) + 1)}"
    if notes:
        _write_notes_sheet(wb, notes)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_header(ws: Any, columns: list) -> None:
    """Row 1: the column names as text, bold, with a thin rule below."""
    from openpyxl.styles import Alignment, Border, Font, Side

    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=cell_value(name if isinstance(name, str) else str(name)))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.border = Border(bottom=Side(style="thin"))
        cell.alignment = Alignment(vertical="center")


def _write_column(ws: Any, col: int, name: Any, raw: list, given: Column | None) -> int:
    """The column's cells from row 2 (text as text, numbers with their format); its display width."""
    values = [cell_value(v) for v in raw]
    if given is not None:
        values = [given.value(v) for v in values]
        fmt = given.excel
    else:
        fmt = _number_format(name, values)
    width = display_width(str(name))
    for i, v in enumerate(values, start=2):
        if v is None:
            continue
        cell = ws.cell(row=i, column=col, value=v)
        if isinstance(v, str):
            cell.data_type = "s"  # never a formula
        elif isinstance(v, (int, float)) and not isinstance(v, bool) and fmt:
            cell.number_format = fmt
        elif isinstance(v, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(v, dt.date):
            cell.number_format = "yyyy-mm-dd"
        width = max(width, display_width(_format_for_width(v, fmt)))
    return width


def _write_notes_sheet(wb: Any, notes: Notes) -> None:
    """The screen's caveats on their own sheet: item | text."""
    from openpyxl.styles import Alignment, Font

    ns = wb.create_sheet(_sheet_title("注記 notes"))
    for i, (item, text) in enumerate([("項目 item", "内容 note"), *notes], start=1):
        for j, v in enumerate((item, text), start=1):
            cell = ns.cell(row=i, column=j, value=cell_value(_neutralise(str(v))))
            cell.data_type = "s"
            cell.font = Font(bold=True) if i == 1 else Font()
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ns.column_dimensions["A"].width = 18
    ns.column_dimensions["B"].width = 100
