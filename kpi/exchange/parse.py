"""An upload → ImportResult: read the files, find the sheets, read the cells, run the checks. Never raises."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from kpi.exchange import checks
from kpi.exchange.cells import _records
from kpi.exchange.files import _Raw, _read_file
from kpi.exchange.files import _sheet_for as sheet_for
from kpi.exchange.issues import ERROR, Issue, make_issue
from kpi.exchange.layout import SHEETS
from kpi.exchange.result import ImportResult
from kpi.io import Report

def known_articles(base: Report | None = None) -> dict[str, pd.DataFrame]:
    """The ordinance articles per city, from the built dataset (each city's latest report): used when
    an imported report has no 条 sheet."""
    if base is None:
        from kpi import store

        try:
            from kpi.io import read_report

            base = read_report(store.base_path(), tables=["reports", "articles"])
        except Exception:  # an unusable dataset: every import then needs its 条 sheet
            return {}
    out = {}
    a = base.articles
    for city in a["report_city"].unique():
        mine = a[a["report_city"] == city]
        latest = mine["report_fy"].max()
        out[str(city)] = mine[mine["report_fy"] == latest].reset_index(drop=True)
    return out


def parse_workbook(data: bytes, filename: str, articles: Mapping[str, pd.DataFrame] | None = None) -> ImportResult:
    """One uploaded file (.xlsx, .csv, or .zip of CSVs) → its report's tables and every issue. Never raises."""
    return parse_files([(filename, data)], articles)


def parse_files(files: Sequence[tuple[str, bytes]], articles: Mapping[str, pd.DataFrame] | None = None) -> ImportResult:
    """Several uploaded files that together hold one report (e.g. one CSV per table). Never raises."""
    names = [Path(str(n)).name or "upload" for n, _ in files]
    display = ", ".join(names) if names else "(no file)"
    digest = hashlib.sha256()
    for n, d in sorted(zip(names, (d for _, d in files))):
        digest.update(n.encode() + b"\0" + hashlib.sha256(d).digest())
    issues: list[Issue] = []
    result = ImportResult(display, digest.hexdigest(), issues)
    try:
        raws: list[_Raw] = []
        for name, (_, data) in zip(names, files):
            raws += _read_file(name, bytes(data), issues)
        if any(i.severity == ERROR for i in issues) and not raws:
            return result
        by_sheet: dict[str, _Raw] = {}
        for raw in raws:
            if raw.sheet.name in by_sheet:
                other = by_sheet[raw.sheet.name]
                issues.append(make_issue("duplicate_sheet", raw.file, raw.label, other=f"{other.file} {other.label}"))
                continue
            by_sheet[raw.sheet.name] = raw
        if not by_sheet:
            issues.append(make_issue("no_tables", display, names="・".join(s.name for s in SHEETS)))
            return result
        unreadable = {sheet_for(i.sheet or i.file) for i in issues if i.severity == ERROR}  # named, but refused
        for s in SHEETS:
            if s.required and s.name not in by_sheet and s not in unreadable:
                issues.append(make_issue("missing_sheet", display, s.name, name=s.name))
        records = {name: _records(raw, issues) for name, raw in by_sheet.items()}
        if any(i.severity == ERROR for i in issues):
            return result
        tables = checks.build_tables(records, by_sheet, display, result.sha256, issues,
                                      known_articles() if articles is None else articles)
        if not any(i.severity == ERROR for i in issues):
            result.tables = tables
    except Exception as exc:  # never a traceback for the user: say what happened
        issues.append(make_issue("internal_error", display, detail=f"{type(exc).__name__}: {str(exc)[:160]}"))
        result.tables = {}
    return result

