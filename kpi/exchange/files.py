"""Reading uploaded files into raw sheets: xlsx (streamed), CSV (UTF-8 or CP932), a zip of CSVs.
Bounded: rows, columns and unpacked bytes are counted as they are read (kpi.exchange.limits)."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kpi.exchange import limits
from kpi.exchange.issues import Issue, _size, make_issue
from kpi.exchange.layout import SHEETS, Sheet
from kpi.exchange.vocab import _token

class _NoValue:
    """A formula cell without a saved result."""

    def __init__(self, formula: str):
        self.formula = formula


@dataclass
class _Raw:
    file: str  # the uploaded file's name
    label: str  # the sheet's name, or the CSV file's name inside a zip
    sheet: Sheet
    rows: list[tuple[int, list]]  # (1-based row number, cells)


KINDS = {  # what a file is, for the not_spreadsheet message: (ja, en)
    "png": ("PNG画像", "a PNG image"), "jpeg": ("JPEG画像", "a JPEG image"), "gif": ("GIF画像", "a GIF image"),
    "pdf": ("PDF", "a PDF"), "gzip": ("gzip圧縮", "gzip data"), "rar": ("RAR圧縮", "a RAR archive"), "7z": ("7z圧縮", "a 7z archive"),
    "binary": ("バイナリデータ", "binary data"), "text": ("テキスト", "plain text"), "utf16": ("UTF-16テキスト", "UTF-16 text"),
    "office": ("Excel以外のOffice文書", "an Office document other than Excel"), "zip": ("CSVを含まないzip", "a zip without CSV files"),
}
_MAGIC = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"), (b"%PDF", "pdf"), (b"\x1f\x8b", "gzip"),
          (b"Rar!", "rar"), (b"7z\xbc\xaf", "7z"))


def _detect(data: bytes) -> str:
    """What the bytes are, from their first bytes: zip (xlsx or CSVs), xls, a picture or PDF, text or binary."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary"
    return "text"


def _sheet_for(name: str) -> Sheet | None:
    """The table a sheet or CSV file holds, by its name (報告書, reports, kawasaki_報告書.csv …)."""
    stem = _token(Path(name).stem if name.lower().endswith(".csv") else name)
    for s in SHEETS:
        for n in (_token(s.name), s.alias):
            if stem == n or re.search(rf"(?:^|[_\-.]){re.escape(n)}$", stem):
                return s
    return None


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name; names written by Windows' zip (CP932 without the UTF-8 flag) decoded right."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("cp932")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _trimmed(cells: list) -> list:
    """A row without its trailing blank cells."""
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


def _xlsx_rows(file: str, title: str, values, formulas, issues: list[Issue], budget: list[int]) -> tuple[list, int] | None:
    """One sheet's rows, streamed (read-only mode): at most MAX_COLUMNS cells per row, MAX_ROWS rows,
    MAX_CELLS cells in the whole file (`budget` holds what is left); None when a limit is hit."""
    rows: list[tuple[int, list]] = []
    n_formulas = 0
    declared = values[title].max_column  # the sheet's stated extent (<dimension>), read without its cells
    if declared and declared > limits.MAX_COLUMNS:
        issues.append(make_issue("columns_ignored", file, title, limit=limits.MAX_COLUMNS, n=f"{declared:,}"))
    f_rows = formulas[title].iter_rows(max_col=limits.MAX_COLUMNS)
    for counted, v_row in enumerate(values[title].iter_rows(max_col=limits.MAX_COLUMNS), start=1):
        f_row = next(f_rows, ())
        r = next((c.row for c in v_row if getattr(c, "row", None)), counted)
        if r > limits.MAX_ROWS + limits.HEADER_SEARCH_ROWS:
            issues.append(make_issue("too_many_rows", file, title, limit=limits.MAX_ROWS))
            return None
        f_by_col = {c.column: c for c in f_row if getattr(c, "data_type", None) == "f"}
        cells: list = []
        for c in v_row:
            col = getattr(c, "column", None)
            value = c.value
            if col in f_by_col:
                if value is None:
                    value = _NoValue(str(f_by_col[col].value))
                else:
                    n_formulas += 1
            if col is not None and col > len(cells) + 1:
                cells.extend([None] * (col - len(cells) - 1))
            cells.append(value)
        cells = _trimmed(cells)
        budget[0] -= max(len(cells), 1)
        if budget[0] < 0:
            issues.append(make_issue("too_many_cells", file, title, limit=f"{limits.MAX_CELLS:,}"))
            return None
        if cells:
            rows.append((r, cells))
    return rows, n_formulas


def _read_xlsx(file: str, data: bytes, issues: list[Issue]) -> list[_Raw]:
    import openpyxl

    out: list[_Raw] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
        try:
            values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            issues.append(make_issue("bad_xlsx", file, detail=f"{type(exc).__name__}: {str(exc)[:120]}"))
            return out
        budget = [limits.MAX_CELLS]
        try:
            for title in values.sheetnames:
                sheet = _sheet_for(title)
                if sheet is None:
                    continue  # 説明 and any working sheets of the user
                got = _xlsx_rows(file, title, values, formulas, issues, budget)
                if got is None:
                    break
                rows, n_formulas = got
                if n_formulas:
                    issues.append(make_issue("formula_values", file, title, n=n_formulas))
                out.append(_Raw(file, title, sheet, rows))
        finally:
            values.close()
            formulas.close()
    return out


def _decode_text(file: str, label: str, data: bytes, issues: list[Issue]) -> str | None:
    """CSV text: UTF-8 (with or without BOM) first, then CP932 (Shift_JIS as Windows writes it)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        issues.append(make_issue("bad_encoding", file, label if label != file else None))
        return None
    issues.append(make_issue("encoding_cp932", file, label if label != file else None))
    return text


def _read_csv(file: str, label: str, data: bytes, sheet: Sheet, issues: list[Issue]) -> _Raw | None:
    kind = _detect(data)
    if kind == "binary" and _is_text_with_nul(data):
        kind = "text"  # a NUL inside CSV text: the cell that holds it is refused, located (control_character)
    if kind not in ("text", "utf16"):
        issues.append(make_issue("not_spreadsheet", file, label if label != file else None, **_kind(kind)))
        return None
    text = _decode_text(file, label, data, issues)
    if text is None:
        return None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[tuple[int, list]] = []
    budget, wide = limits.MAX_CELLS, False
    try:
        for r, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if r > limits.MAX_ROWS + limits.HEADER_SEARCH_ROWS:
                issues.append(make_issue("too_many_rows", file, label, limit=limits.MAX_ROWS))
                break
            if len(cells) > limits.MAX_COLUMNS:
                if not wide:
                    issues.append(make_issue("columns_ignored", file, label, limit=limits.MAX_COLUMNS, n=f"{len(cells):,}"))
                wide = True
                cells = cells[: limits.MAX_COLUMNS]
            budget -= max(len(cells), 1)
            if budget < 0:
                issues.append(make_issue("too_many_cells", file, label, limit=f"{limits.MAX_CELLS:,}"))
                return None
            rows.append((r, cells))
    except csv.Error as exc:
        issues.append(make_issue("bad_encoding" if "NUL" in str(exc) else "internal_error", file, label, detail=str(exc)[:120]))
        return None
    return _Raw(file, label, sheet, rows)


def _is_text_with_nul(data: bytes) -> bool:
    """UTF-8 or CP932 text that holds NUL bytes, as opposed to binary data."""
    sample = data[:8192].replace(b"\x00", b"")
    for enc in ("utf-8", "cp932"):
        try:
            sample.decode(enc)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4:  # a character cut by the sample's end
                return True
    return False


def _unpack(name: str, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], issues: list[Issue], code: str,
            keep=lambda info: False) -> dict[str, bytes] | None:
    """Decompress every member in small chunks, counting the bytes really produced (whatever the
    headers claim) and stopping at MAX_UNPACKED_BYTES; the bytes of the members `keep` chooses.
    None (with an Issue) when the limit is hit or a member is damaged."""
    total, kept = 0, {}
    for info in infos:
        if info.is_dir():
            continue
        parts = [] if keep(info) else None
        try:
            with zf.open(info) as f:
                while chunk := f.read(1 << 20):
                    total += len(chunk)
                    if total > limits.MAX_UNPACKED_BYTES:
                        issues.append(make_issue("unpacked_too_large", name, limit=_size(limits.MAX_UNPACKED_BYTES)))
                        return None
                    if parts is not None:
                        parts.append(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError) as exc:
            member = _zip_name(info).rsplit("/", 1)[-1] or None  # RuntimeError: encrypted
            issues.append(make_issue(code, name, member, detail=f"{type(exc).__name__}: {str(exc)[:120]}"))
            return None
        if parts is not None:
            kept[info.filename] = b"".join(parts)
    return kept


def _read_zip(name: str, data: bytes, issues: list[Issue]) -> list[_Raw]:
    """An .xlsx (a zip with xl/workbook.xml) or a zip of CSV files; every member unpacked once, counted."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        code = "bad_xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "bad_zip"
        issues.append(make_issue(code, name, detail=f"{type(exc).__name__}: {str(exc)[:120]}"))
        return []
    if sum(i.file_size for i in infos) > limits.MAX_UNPACKED_BYTES:  # what the headers claim
        issues.append(make_issue("unpacked_too_large", name, limit=_size(limits.MAX_UNPACKED_BYTES)))
        return []
    if any(i.filename == "xl/workbook.xml" for i in infos):
        if _unpack(name, zf, infos, issues, "bad_xlsx") is None:  # headers proven honest before openpyxl reads
            return []
        return _read_xlsx(name, data, issues)
    if not any(_zip_name(i).lower().endswith(".csv") for i in infos):  # a Word or PowerPoint file, or another zip
        office = any(i.filename == "[Content_Types].xml" for i in infos)
        issues.append(make_issue("not_spreadsheet", name, **_kind("office" if office else "zip")))
        return []
    wanted: dict[str, tuple[str, Sheet]] = {}
    for info in infos:
        member = _zip_name(info)
        base = member.rsplit("/", 1)[-1]
        if info.is_dir() or not base or base.startswith(".") or member.startswith("__MACOSX/"):
            continue
        if base.lower().endswith(".txt"):  # 説明.txt travels with the template
            continue
        sheet = _sheet_for(base) if base.lower().endswith(".csv") else None
        if sheet is None:
            issues.append(make_issue("ignored_file", name, base))
            continue
        wanted[info.filename] = (base, sheet)
    members = _unpack(name, zf, infos, issues, "bad_zip", keep=lambda info: info.filename in wanted)
    if members is None:
        return []
    out = []
    for key, (base, sheet) in wanted.items():
        raw = _read_csv(name, base, members[key], sheet, issues)
        if raw is not None:
            out.append(raw)
    return out


def _kind(kind: str) -> dict[str, str]:
    ja, en = KINDS.get(kind, (kind, kind))
    return {"kind_ja": ja, "kind_en": en}


def _read_file(name: str, data: bytes, issues: list[Issue]) -> list[_Raw]:
    """The tables in one uploaded file (xlsx, csv or zip of csv), by content rather than by extension."""
    if len(data) > limits.MAX_UPLOAD_BYTES:
        issues.append(make_issue("file_too_large", name, size=_size(len(data)), limit=_size(limits.MAX_UPLOAD_BYTES)))
        return []
    if not data:
        issues.append(make_issue("empty_file", name))
        return []
    kind = _detect(data)
    if kind == "xls":
        issues.append(make_issue("xls_format", name))
        return []
    if kind == "zip":
        return _read_zip(name, data, issues)
    if kind == "binary" and _is_text_with_nul(data):
        kind = "text"  # a NUL inside CSV text: refused with its row (control_character)
    if kind not in ("text", "utf16"):
        issues.append(make_issue("not_spreadsheet", name, **_kind(kind)))
        return []
    sheet = _sheet_for(name)
    if sheet is None:
        if name.lower().endswith((".xlsx", ".xlsm")):
            issues.append(make_issue("not_spreadsheet", name, **_kind("text")))
        else:
            issues.append(make_issue("no_tables", name, names="・".join(f"{s.name}.csv" for s in SHEETS)))
        return []
    raw = _read_csv(name, Path(name).name, data, sheet, issues)
    return [raw] if raw is not None else []

