"""The exchange format: a report as a spreadsheet, its template, and its validated import. No Streamlit.

A report travels as one workbook (.xlsx) with one sheet per table, or as one CSV per table (several
.csv files, or a .zip of them). Headers are Japanese, declared once in SHEETS:

    報告書  the report key (市区町村, 年度(西暦)) and title            one row
    条      the ordinance's articles (optional: 川崎市's come from the built dataset)
    事業    programs: 事業番号, 事務事業名, 条, 重点事業 (○/空), 頁, 備考 …
    金額    money, long: 事業番号, 区分 (当年度予算 …), 金額(千円), 記載どおり …
    指標    indicators, one row per year: 事業番号, 指標番号, 指標名, 単位, 累積, 方向, 年度, 目標, 実績 …
    記述    notes: 条, 事業番号, 区分 (事業計画(Plan) …), 順番, 内容 …
    説明    instructions (ja/en); never read

`parse_files` / `parse_workbook` never raise: every problem is an `Issue` naming the file, sheet, row
(as the spreadsheet shows it), column and the problem in Japanese and English. Errors block an
import; warnings say how a value was read (e.g. full-width digits); info notes say how the file was
read (e.g. Shift_JIS). `template_xlsx` / `template_csv_zip` write the template, empty or filled with
a report, so that exporting a report and importing the file gives the same tables (provenance
columns 出典行, 記載どおり, 補正ID travel with the rows; left blank, an imported row's provenance is
its file, sheet and row).

`python -m kpi.exchange template OUT.xlsx | import FILE… [--yes] [--replace] | list | remove CITY FY`

Modules, one noun each: limits, vocab, layout (SHEETS), issues (ISSUE_TEXTS, Issue), result
(ImportResult), files (reading uploads), cells (reading cells), checks (across rows and sheets,
registered per sheet), parse (parse_files), template, cli.
"""

from kpi.exchange import limits
from kpi.exchange.cells import _text
from kpi.exchange.checks import CHECKS
from kpi.exchange.issues import ERROR, INFO, ISSUE_TEXTS, SEVERITY_LABELS, WARNING, Issue, make_issue
from kpi.exchange.layout import EXCHANGE_TABLES, INSTRUCTIONS, INSTRUCTIONS_SHEET, SHEETS, SHEETS_BY_NAME, Col, Sheet
from kpi.exchange.limits import FY_RANGE, MAX_ROWS, MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from kpi.exchange.parse import known_articles, parse_files, parse_workbook
from kpi.exchange.result import ImportResult
from kpi.exchange.template import cell_value, csv_text, export_rows, template_csv_zip, template_xlsx
from kpi.exchange.vocab import MISSING_MARKS, nfkc
from kpi.vocab import KNOWN_UNITS, name_key


def main(argv=None) -> int:
    from kpi.exchange.cli import main as _main

    return _main(argv)


__all__ = ["CHECKS", "ERROR", "EXCHANGE_TABLES", "FY_RANGE", "INFO", "INSTRUCTIONS", "INSTRUCTIONS_SHEET", "ISSUE_TEXTS",
           "KNOWN_UNITS", "MAX_ROWS", "MAX_UNPACKED_BYTES", "MAX_UPLOAD_BYTES", "MAX_UPLOAD_MB", "MISSING_MARKS",
           "SEVERITY_LABELS", "SHEETS", "SHEETS_BY_NAME", "WARNING", "Col", "ImportResult", "Issue", "Sheet", "_text",
           "cell_value", "csv_text", "export_rows", "known_articles", "limits", "main", "make_issue", "name_key", "nfkc",
           "parse_files", "parse_workbook", "template_csv_zip", "template_xlsx"]
