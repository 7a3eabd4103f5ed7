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
(storage in kpi.store).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import math
import re
import sys
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi import fmt, schema
from kpi import labels as kl
from kpi.build.parse import KNOWN_UNITS
from kpi.build.source import MISSING_MARKS as _SOURCE_MISSING_MARKS
from kpi.io import Report

# --------------------------------------------------------------------------- limits (one place)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # per uploaded file (the app's uploader uses the same limit)
MAX_UNPACKED_BYTES = 80 * 1024 * 1024  # an .xlsx or .zip unpacked (zip bombs)
MAX_ROWS = 50_000  # per sheet
HEADER_SEARCH_ROWS = 10  # the header row is the first of these rows that holds the sheet's headers

# --------------------------------------------------------------------------- value vocabularies
# Missing-value marks: the build's (kpi.build.source) plus other dashes seen in typed sheets.
MISSING_MARKS = frozenset(_SOURCE_MISSING_MARKS | {"ー", "−", "–", "‒", "─", "―", "‑"})
FLAG_TRUE = ("○", "〇", "◯", "●", "◎", "1", "true", "yes", "y", "はい", "✓", "✔")
FLAG_FALSE = ("", "×", "✕", "0", "false", "no", "n", "いいえ")
MEASURE_LABELS = {m: ja for m, (ja, _en) in kl.MONEY_MEASURES.items()}  # 当年度予算 …
KEY_MEASURES = ("budget", "settlement", "budget_next", "stated_change")
NONKEY_MEASURES = ("actual_spend", "outline_next")
NONNEGATIVE_MEASURES = ("budget", "settlement", "budget_next", "actual_spend", "outline_next")
STAGE_LABELS = {  # year-free labels for the template (kpi.labels' plan_next heading names a year)
    "plan": "事業計画(Plan)", "main_actions": "主な取組", "do": "実施状況(Do)", "check": "検証意見(Check)",
    "action": "対応(Action)", "plan_next": "翌年度の事業計画", "summary_actual": "当年度の実績",
    "summary_next": "翌年度の概要", "footnote": "注記",
}
DIRECTION_LABELS = {"higher": "高いほど良い", "lower": "低いほど良い"}
UNIT_ALIASES = {"件数": "件", "パーセント": "%"}
CITY_FORBIDDEN = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


# --------------------------------------------------------------------------- the layout, declared once
@dataclass(frozen=True)
class Col:
    """One template column: header, the schema field it fills, how a cell is read, and its help."""

    header: str
    field: str
    kind: str  # text, printed, city, fy, article, posint, page, line, flag, direction, measure, stage, unit, money, number
    required: bool = False  # a value is needed in every row (and the header in the sheet)
    en: str = ""
    help_ja: str = ""
    help_en: str = ""
    provenance: bool = False  # 出典 columns: filled by an export, blank for a typed report


@dataclass(frozen=True)
class Sheet:
    name: str  # sheet name, and the CSV file's name (報告書.csv)
    alias: str  # English name also accepted for a CSV file (reports.csv)
    table: str  # kpi.schema table
    columns: tuple[Col, ...]
    required: bool = True
    help_ja: str = ""
    help_en: str = ""

    def col(self, field_name: str) -> Col:
        return next(c for c in self.columns if c.field == field_name)


_LINE_JA = "元の報告書テキストの行番号（出力時に記入）。空欄なら、この行のシート・行番号を記録します。"
_LINE_EN = "Line of the source text (filled by an export). Blank: this file, sheet and row are recorded."
_PAGE = ("報告書の頁（任意）", "Report page (optional)")

SHEETS: tuple[Sheet, ...] = (
    Sheet("報告書", "reports", "reports", (
        Col("市区町村", "report_city", "city", True, "City", "報告書を公表した市区町村（例：川崎市）", "City that published the report"),
        Col("年度(西暦)", "report_fy", "fy", True, "Fiscal year",
            "報告書の対象年度。2017、平成29年度、H29、令和元年度 などの形で入力", "Fiscal year the report covers: 2017, 平成29年度, H29, 令和元年度 …"),
        Col("報告書名", "report_title", "text", True, "Title", "報告書の題名", "The report's title"),
        Col("公表時期", "published", "text", False, "Published", "公表時期（例：平成30年9月）", "Publication date as printed"),
    ), help_ja="報告書の識別（市区町村と年度）。1行だけ入力します。", help_en="The report key (city and fiscal year): exactly one row."),
    Sheet("条", "articles", "articles", (
        Col("条", "article_no", "article", True, "Article", "条の番号（例：12）", "Article number (e.g. 12)"),
        Col("施策(条の見出し)", "article_title", "text", True, "Article title", "条の見出し（施策名）", "The article's title"),
        Col("条文", "ordinance_text", "text", False, "Text", "条文（任意）", "The article's text (optional)"),
        Col("頁", "page", "page", False, "Page", *_PAGE),
        Col("出典行", "source_line", "line", False, "Source line", _LINE_JA, _LINE_EN, provenance=True),
        Col("条文の出典行", "text_line", "line", False, "Text line", "条文の出典行（出力時に記入）", "Source line of the article's text", provenance=True),
    ), required=False,
        help_ja="条例の条の一覧（任意）。省略すると、川崎市は条例の第12条〜第19条を使います。他の市区町村は必ず入力します。",
        help_en="The ordinance's articles (optional). Left out, 川崎市 uses its ordinance's articles 12–19; other cities must list theirs."),
    Sheet("事業", "programs", "programs", (
        Col("事業番号", "program_no", "posint", True, "Program no.", "施策一覧での事業の番号（1から）", "The program's number in the report's list (from 1)"),
        Col("事務事業名", "program_name", "text", True, "Program", "事務事業名", "Program name"),
        Col("条", "article_no", "article", True, "Article", "事業が属する条（例：12）", "Article the program belongs to (e.g. 12)"),
        Col("重点事業", "is_key", "flag", False, "Key program", "重点事業なら ○、それ以外は空欄", "○ for a key program, blank otherwise"),
        Col("頁", "page", "page", False, "Page", *_PAGE),
        Col("備考", "remark", "text", False, "Remark", "事業に付された注記（任意）", "A remark printed with the program"),
        Col("指標なしの理由", "no_indicator_reason", "text", False, "Why no indicators", "重点事業に指標がない場合の理由", "Why a key program has no indicators"),
        Col("金額なしの理由", "no_money_reason", "text", False, "Why no money", "金額の記載がない場合の理由", "Why the program has no money figures"),
        Col("出典行", "source_line", "line", False, "Source line", _LINE_JA, _LINE_EN, provenance=True),
    ), help_ja="事業（事務事業）の一覧。1事業1行。", help_en="The programs, one row each."),
    Sheet("金額", "money", "money", (
        Col("事業番号", "program_no", "posint", True, "Program no.", "「事業」シートの事業番号", "Program number of the 事業 sheet"),
        Col("区分", "measure", "measure", True, "Measure",
            "当年度予算・当年度決算(見込)・翌年度予算・増減(報告書記載)（重点事業）、当年度実績・翌年度概要（その他の事業）",
            "Key programs: budget, settlement, next year's budget, stated change; other programs: actual, next year's outline"),
        Col("金額(千円)", "amount_kyen", "money", False, "Amount (thousand yen)",
            "千円単位の金額。記載がなければ空欄か「—」（0にしない）。増減以外は0以上。",
            "In thousand yen. Blank or — where the report prints none (never 0). Only the stated change may be negative."),
        Col("記載どおり", "printed", "printed", False, "As printed", "報告書の印字どおりの文字（任意）", "The value exactly as printed (optional)", provenance=True),
        Col("補正ID", "correction_id", "text", False, "Correction id", "修正登録簿のID（出力時に記入）", "Corrections-register id (filled by an export)", provenance=True),
        Col("頁", "page", "page", False, "Page", *_PAGE),
        Col("出典行", "source_line", "line", False, "Source line", _LINE_JA, _LINE_EN, provenance=True),
    ), help_ja="金額（縦持ち：1事業・1区分で1行）。単位は千円。", help_en="Money, long: one row per program and measure, in thousand yen."),
    Sheet("指標", "indicators", "indicators", (
        Col("事業番号", "program_no", "posint", True, "Program no.", "「事業」シートの事業番号", "Program number of the 事業 sheet"),
        Col("指標番号", "indicator_no", "posint", True, "Indicator no.", "事業内での指標の番号（1から）", "Indicator number within the program (from 1)"),
        Col("指標名", "indicator_name", "text", True, "Indicator", "成果・活動指標の名称", "Indicator name"),
        Col("単位", "unit", "unit", True, "Unit", "単位（" + "・".join(KNOWN_UNITS) + "）", "Unit (" + ", ".join(KNOWN_UNITS) + ")"),
        Col("累積", "is_cumulative", "flag", False, "Cumulative", "累積値なら ○", "○ where the values are cumulative"),
        Col("方向", "direction", "direction", False, "Direction", "高いほど良い（空欄も同じ）／低いほど良い", "高いほど良い (higher is better; also blank) or 低いほど良い"),
        Col("年度", "fiscal_year", "fy", True, "Fiscal year", "値の年度（2017、平成29年度 など）", "Fiscal year of the values"),
        Col("目標", "target", "number", False, "Target", "目標値。なければ空欄か「—」", "Target; blank or — where none"),
        Col("実績", "actual", "number", False, "Actual", "実績値。なければ空欄か「—」", "Actual; blank or — where none"),
        Col("目標(記載どおり)", "target_printed", "printed", False, "Target as printed", "印字どおりの目標（任意）", "Target as printed (optional)", provenance=True),
        Col("実績(記載どおり)", "actual_printed", "printed", False, "Actual as printed", "印字どおりの実績（任意）", "Actual as printed (optional)", provenance=True),
        Col("目標の補正ID", "target_correction_id", "text", False, "Target correction id", "修正登録簿のID（出力時に記入）", "Corrections-register id", provenance=True),
        Col("実績の補正ID", "actual_correction_id", "text", False, "Actual correction id", "修正登録簿のID（出力時に記入）", "Corrections-register id", provenance=True),
        Col("頁", "page", "page", False, "Page", *_PAGE),
        Col("出典行", "source_line", "line", False, "Source line", _LINE_JA, _LINE_EN, provenance=True),
        Col("目標の出典行", "target_line", "line", False, "Target line", _LINE_JA, _LINE_EN, provenance=True),
        Col("実績の出典行", "actual_line", "line", False, "Actual line", _LINE_JA, _LINE_EN, provenance=True),
    ), help_ja="成果・活動指標（1指標・1年度で1行）。", help_en="Indicators: one row per indicator and fiscal year."),
    Sheet("記述", "notes", "notes", (
        Col("条", "article_no", "article", False, "Article", "条（事業番号があれば省略可）", "Article (may be left out when a program is given)"),
        Col("事業番号", "program_no", "posint", False, "Program no.", "事業番号。条全体の記述（第19条など）は空欄", "Program number; blank for an article's own notes (e.g. 第19条)"),
        Col("区分", "stage", "stage", True, "Stage", "・".join(STAGE_LABELS.values()), ", ".join(STAGE_LABELS)),
        Col("順番", "seq", "posint", True, "Order", "同じ事業・区分の中での順番（1から）", "Order within the program and stage (from 1)"),
        Col("内容", "text", "text", True, "Text", "記述の本文", "The text"),
        Col("頁", "page", "page", False, "Page", *_PAGE),
        Col("出典行", "source_line", "line", False, "Source line", _LINE_JA, _LINE_EN, provenance=True),
    ), help_ja="PDCAの記述（1項目1行）。", help_en="The PDCA text, one bullet or block per row."),
)
SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
EXCHANGE_TABLES = tuple(s.table for s in SHEETS)
INSTRUCTIONS_SHEET = "説明"

INSTRUCTIONS: tuple[tuple[str, str], ...] = (  # (ja, en), one rule per line, shown in the 説明 sheet and the README
    ("このブックは、中小企業活性化施策実施状況報告書を1冊分入力するためのテンプレートです。",
     "This workbook holds one report (a city's SME-policy implementation report for one fiscal year)."),
    ("見出し（1行目）は変えないでください。列の順番は自由で、任意の列は削除できます。",
     "Keep the headers in row 1. Columns may be in any order; optional columns may be deleted."),
    ("青い見出しは必須、灰色は任意、薄い灰色の斜体は出典情報（通常は空欄）です。",
     "Blue headers are required, grey optional, light-grey italics provenance (normally left blank)."),
    ("金額は千円単位の数値で入力します。記載がない値は空欄か「—」にします（0にしないでください）。",
     "Amounts are numbers in thousand yen. Leave a value blank (or —) where the report prints none: never 0."),
    ("全角数字・桁区切り（１２３，４５６）や△付きの負数は読み取り時に変換し、警告で知らせます。",
     "Full-width digits and separators (１２３，４５６) and △ negatives are converted on import, with a warning."),
    ("金額は0以上です。負の値を使えるのは「増減(報告書記載)」だけです。",
     "Amounts are 0 or more; only 増減(報告書記載) (the stated change) may be negative."),
    ("年度は西暦（2017）でも和暦（平成29年度、H29、令和元年度）でも入力できます。",
     "Fiscal years may be Western (2017) or Japanese (平成29年度, H29, 令和元年度)."),
    ("数式は使えますが、保存された計算結果を読みます。Excelで保存してからアップロードしてください。",
     "Formulas are read through their saved results: save the file in Excel before uploading."),
    ("CSVの場合は表ごとに1ファイル（報告書.csv、事業.csv …）とし、UTF-8（BOM付き可）かShift_JISで保存します。複数のCSVはまとめて、またはzipにしてアップロードできます。",
     "As CSV: one file per table (報告書.csv, 事業.csv …), UTF-8 (with or without BOM) or Shift_JIS; upload them together or as one .zip."),
    (f"ファイルの上限は {MAX_UPLOAD_BYTES // 2**20} MB です。",
     f"A file may be at most {MAX_UPLOAD_BYTES // 2**20} MB."),
    ("アップロードした内容はその画面だけで確認でき、他の利用者には見えません。正式な取り込みは管理者がコマンド（python -m kpi.exchange import）で行います。",
     "An upload is previewed in your session only. An administrator accepts a report with `python -m kpi.exchange import`."),
)


# --------------------------------------------------------------------------- issues
ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {ERROR: ("エラー", "Error"), WARNING: ("警告", "Warning"), INFO: ("情報", "Info")}

ISSUE_TEXTS: dict[str, tuple[str, str, str]] = {  # code: (severity, ja, en)
    "file_too_large": (ERROR, "ファイルが大きすぎます（{size}。上限は{limit}）。", "The file is too large ({size}; the limit is {limit})."),
    "empty_file": (ERROR, "ファイルが空です。", "The file is empty."),
    "not_spreadsheet": (ERROR, "表計算のファイルではありません（{kind_ja}）。テンプレートの.xlsx、またはCSV（.csv、CSVをまとめた.zip）を選んでください。",
                        "This is not a spreadsheet ({kind_en}). Choose the .xlsx template, or CSV files (.csv, or a .zip of them)."),
    "xls_format": (ERROR, "古いExcel形式（.xls）は読めません。Excelで「Excel ブック (*.xlsx)」として保存し直してください。",
                   "The old Excel format (.xls) cannot be read. Save the file as an Excel workbook (.xlsx)."),
    "bad_xlsx": (ERROR, "xlsxファイルとして読めません（{detail}）。Excelで開いて保存し直してください。",
                 "The file cannot be read as an .xlsx workbook ({detail}). Open it in Excel and save it again."),
    "unpacked_too_large": (ERROR, "展開すると上限（{limit}）を超えます。", "Unpacked, the file exceeds the limit ({limit})."),
    "too_many_rows": (ERROR, "行が多すぎます（上限{limit}行）。", "Too many rows (the limit is {limit})."),
    "bad_encoding": (ERROR, "文字コードを判別できません（UTF-8でもShift_JIS(CP932)でもありません）。UTF-8で保存し直してください。",
                     "Unknown character encoding (neither UTF-8 nor Shift_JIS/CP932). Save the file as UTF-8."),
    "encoding_cp932": (INFO, "Shift_JIS（CP932）のCSVとして読みました。", "Read as a Shift_JIS (CP932) CSV."),
    "no_tables": (ERROR, "取り込める表がありません。シート名またはCSVのファイル名を {names} のいずれかにしてください。",
                  "No table found. Name the sheets or CSV files {names}."),
    "ignored_file": (WARNING, "取り込みの対象ではないファイルのため読み飛ばしました。", "Not one of the tables: skipped."),
    "duplicate_sheet": (ERROR, "同じ表が2つあります（{other}）。", "The same table appears twice ({other})."),
    "missing_sheet": (ERROR, "必須のシート（またはCSV）「{name}」がありません。", "The required sheet (or CSV) {name} is missing."),
    "missing_column": (ERROR, "必須の列「{name}」がありません（見出しは1行目に置いてください）。",
                       "The required column {name} is missing (headers go in row 1)."),
    "duplicate_column": (ERROR, "列「{name}」が2つあります。", "Column {name} appears twice."),
    "unknown_column": (WARNING, "この列は取り込みの対象ではないため読み飛ばしました。", "Not a column of this sheet: skipped."),
    "formula_no_value": (ERROR, "数式（{formula}）の計算結果が保存されていません。Excelで開いて保存し直すか、値として貼り付けてください。",
                         "The formula ({formula}) has no saved result. Open and save the file in Excel, or paste the values."),
    "formula_values": (INFO, "数式のセル{n}個は、保存されている計算結果を読みました。", "{n} formula cells were read through their saved results."),
    "missing_value": (ERROR, "値がありません（必須の項目です）。", "No value (this column is required)."),
    "not_a_number": (ERROR, "数値として読めません（「{text}」）。", "Not a number ({text!r})."),
    "not_integer": (ERROR, "整数ではありません（「{text}」）。", "Not a whole number ({text!r})."),
    "number_normalized": (WARNING, "「{text}」を {value} と読みました（全角数字・桁区切り・△などを変換）。",
                          "Read {text!r} as {value} (full-width digits, separators or △ converted)."),
    "out_of_range": (ERROR, "値が範囲外です（{text}。{low}〜{high}）。", "Out of range ({text}; {low} to {high})."),
    "negative_money": (ERROR, "金額が負の値です（{value}）。負の値を使えるのは「増減(報告書記載)」だけです。",
                       "A negative amount ({value}). Only the stated change (増減) may be negative."),
    "bad_fy": (ERROR, "年度として読めません（「{text}」）。2017、平成29年度、H29、令和元年度 などの形で入力してください。",
               "Not a fiscal year ({text!r}). Use 2017, 平成29年度, H29, 令和元年度 …"),
    "bad_city": (ERROR, "市区町村名に使えない文字があるか、長すぎます（「{text}」）。", "The city name has forbidden characters or is too long ({text!r})."),
    "bad_flag": (ERROR, "「○」か空欄で入力してください（「{text}」）。", "Use ○ or leave blank ({text!r})."),
    "unknown_measure": (ERROR, "「{text}」は金額の区分ではありません（{known}）。", "{text!r} is not a money measure ({known})."),
    "unknown_stage": (ERROR, "「{text}」は記述の区分ではありません（{known}）。", "{text!r} is not a note stage ({known})."),
    "unknown_direction": (ERROR, "方向「{text}」が分かりません（{known}）。", "Unknown direction {text!r} ({known})."),
    "unknown_unit": (ERROR, "単位「{text}」は使えません（使える単位：{known}）。", "Unit {text!r} is not known (known units: {known})."),
    "unknown_article": (ERROR, "第{text}条はこの報告書の条例の条ではありません（{known}）。",
                        "Article {text} is not an article of this report's ordinance ({known})."),
    "no_articles": (ERROR, "{city}の条例の条が分かりません。「条」シートに条の一覧を入力してください。",
                    "The articles of {city}'s ordinance are not known: list them in the 条 sheet."),
    "report_rows": (ERROR, "「報告書」には1行だけ入力してください（{n}行あります）。", "The 報告書 sheet takes exactly one row ({n} found)."),
    "no_programs": (ERROR, "事業が1件もありません。", "There are no programs."),
    "duplicate_article": (ERROR, "第{no}条が重複しています（{first}行目と同じ）。", "Article {no} appears twice (as in row {first})."),
    "duplicate_program": (ERROR, "事業番号 {no} が重複しています（{first}行目と同じ）。", "Program number {no} appears twice (as in row {first})."),
    "duplicate_program_name": (ERROR, "事務事業名「{name}」が重複しています（{first}行目と同じ）。", "Program name {name!r} appears twice (as in row {first})."),
    "unknown_program": (ERROR, "事業番号 {no} は「事業」シートにありません。", "Program number {no} is not in the 事業 sheet."),
    "duplicate_money": (ERROR, "事業番号 {no} の「{measure}」が重複しています（{first}行目と同じ）。", "Program {no}: {measure} appears twice (as in row {first})."),
    "duplicate_indicator": (ERROR, "事業番号 {no} の指標{ind}（{fy}年度）が重複しています（{first}行目と同じ）。",
                            "Program {no}, indicator {ind}, FY{fy} appears twice (as in row {first})."),
    "inconsistent_indicator": (ERROR, "事業番号 {no} の指標{ind}の「{what}」が年度によって違います（{first}行目は「{a}」）。",
                               "Program {no}, indicator {ind}: {what} differs between years (row {first} has {a!r})."),
    "duplicate_note": (ERROR, "同じ記述（条・事業番号・区分・順番）が重複しています（{first}行目と同じ）。",
                       "The same note (article, program, stage, order) appears twice (as in row {first})."),
    "article_mismatch": (ERROR, "第{a}条は、事業番号 {no} の条（第{b}条）と一致しません。", "Article {a} differs from program {no}'s article ({b})."),
    "measure_key_mismatch": (WARNING, "「{measure}」は{expected}の区分ですが、事業番号 {no} は{actual}です。",
                             "{measure} is a measure of {expected_en}, but program {no} is {actual_en}."),
    "stated_change_differs": (WARNING, "事業番号 {no}：記載の増減（{stated}）が 翌年度予算−当年度予算（{computed}）と一致しません。ダッシュボードは両方を示します。",
                              "Program {no}: the stated change ({stated}) differs from next year's budget − this year's ({computed}). The dashboard shows both."),
    "fy_out_of_range": (WARNING, "指標の年度（{fy}）が報告書の年度（{report_fy}）から離れています。", "The indicator's year ({fy}) is far from the report's ({report_fy})."),
    "internal_error": (ERROR, "読み込み中に予期しない問題が起きました（{detail}）。ファイルを保存し直して、もう一度お試しください。",
                       "Unexpected problem while reading ({detail}). Save the file again and retry."),
}


@dataclass(frozen=True)
class Issue:
    """One finding, located as the user sees it: file, sheet (or CSV), 1-based row, column header."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    code: str
    message_ja: str
    message_en: str
    severity: str

    def message(self, lang: str = "ja") -> str:
        return self.message_ja if lang == "ja" else self.message_en


def _where(file: str, sheet: str | None, row: int | None, column: str | None, lang: str) -> str:
    if lang == "ja":
        parts = [f"「{file}」"]
        if sheet:
            parts.append(f"「{sheet}」" + ("" if sheet.lower().endswith(".csv") else "シート"))
        if row:
            parts.append(f"{row}行目")
        if column:
            parts.append(f"「{column}」列")
        return " ".join(parts)
    parts = [file]
    if sheet:
        parts.append(("" if sheet.lower().endswith(".csv") else "sheet ") + sheet)
    if row:
        parts.append(f"row {row}")
    if column:
        parts.append(f"column {column}")
    return ", ".join(parts)


def make_issue(code: str, file: str, sheet: str | None = None, row: int | None = None, column: str | None = None,
               **values) -> Issue:
    """An Issue whose messages name the place and the problem in Japanese and English."""
    severity, ja, en = ISSUE_TEXTS[code]
    return Issue(file, sheet, row, column, code,
                 f"{_where(file, sheet, row, column, 'ja')}：{ja.format(**values)}",
                 f"{_where(file, sheet, row, column, 'en')}: {en.format(**values)}", severity)


def _size(n: int) -> str:
    if n % 2**20 == 0:
        return f"{n // 2**20} MB"
    return f"{n / 2**20:.2f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


# --------------------------------------------------------------------------- the result
@dataclass
class ImportResult:
    """What a file gave: the report's tables (typed, as kpi.schema declares them; empty when there
    are errors), every issue, and the file's identity."""

    filename: str
    sha256: str
    issues: list[Issue]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.tables)

    @property
    def key(self) -> tuple[str, int] | None:
        if "reports" not in self.tables or self.tables["reports"].empty:
            return None
        r = self.tables["reports"].iloc[0]
        return str(r["report_city"]), int(r["report_fy"])

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table of kpi.schema (those the format does not carry are empty, typed)."""
        from kpi.build.pipeline import _typed

        return {name: self.tables[name] if name in self.tables else _typed(name, pd.DataFrame())
                for name in schema.TABLES}

    def report(self) -> Report:
        return Report(**self.frames(), source_sha256=self.sha256)

    def summary(self) -> dict:
        """Counts for a preview: programs, key programs, money rows, indicators, notes, years."""
        if not self.tables:
            return {}
        t = self.tables
        ind = t["indicators"]
        return {
            "city": self.key[0], "fiscal_year": self.key[1], "title": str(t["reports"]["report_title"].iloc[0]),
            "articles": len(t["articles"]), "programs": len(t["programs"]),
            "key_programs": int(t["programs"]["is_key"].sum()), "money_rows": len(t["money"]),
            "money_values": int(t["money"]["amount_kyen"].notna().sum()),
            "indicators": int(ind[["program_no", "indicator_no"]].drop_duplicates().shape[0]),
            "indicator_rows": len(ind), "indicator_years": sorted({int(y) for y in ind["fiscal_year"]}),
            "notes": len(t["notes"]),
        }

    def issues_frame(self, lang: str = "ja") -> pd.DataFrame:
        """The issues as a table (labels in `lang`), errors first."""
        order = {ERROR: 0, WARNING: 1, INFO: 2}
        rows = sorted(self.issues, key=lambda i: order[i.severity])
        ja = lang == "ja"
        return pd.DataFrame({
            "重大度" if ja else "Severity": [SEVERITY_LABELS[i.severity][0 if ja else 1] for i in rows],
            "内容" if ja else "Message": [i.message(lang) for i in rows],
            "シート" if ja else "Sheet": [i.sheet or "" for i in rows],
            "行" if ja else "Row": pd.array([i.row for i in rows], dtype="Int64"),
            "列" if ja else "Column": [i.column or "" for i in rows],
            "ファイル" if ja else "File": [i.file for i in rows],
            "コード" if ja else "Code": [i.code for i in rows],
        })


# --------------------------------------------------------------------------- normalisation helpers
def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _token(text: str) -> str:
    """A label for matching: NFKC, no spaces or brackets, lower case."""
    return re.sub(r"[\s()（）「」\[\]]", "", nfkc(str(text))).lower()


def name_key(text: str) -> str:
    """A program name for duplicate detection: NFKC, no spaces."""
    return re.sub(r"\s+", "", nfkc(str(text)))


def _vocabulary(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {_token(label): key for label, key in pairs}


_MEASURES = _vocabulary([*((ja, m) for m, ja in MEASURE_LABELS.items()), *((m, m) for m in MEASURE_LABELS),
                         *((en, m) for m, (_ja, en) in kl.MONEY_MEASURES.items())])
_STAGES = _vocabulary([*((ja, s) for s, ja in STAGE_LABELS.items()), *((s, s) for s in STAGE_LABELS),
                       *((ja, s) for s, (ja, _en) in kl.STAGES.items() if s != "plan_next"),
                       ("Plan", "plan"), ("Do", "do"), ("Check", "check"), ("Action", "action")])
_DIRECTIONS = _vocabulary([*((ja, d) for d, ja in DIRECTION_LABELS.items()), ("higher", "higher"), ("lower", "lower"),
                           ("大きいほど良い", "higher"), ("小さいほど良い", "lower")])


# --------------------------------------------------------------------------- reading files into raw sheets
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
        try:
            for title in values.sheetnames:
                sheet = _sheet_for(title)
                if sheet is None:
                    continue  # 説明 and any working sheets of the user
                rows: list[tuple[int, list]] = []
                n_formulas = 0
                f_rows = formulas[title].iter_rows()
                for counted, v_row in enumerate(values[title].iter_rows(), start=1):
                    f_row = next(f_rows, ())
                    r = next((c.row for c in v_row if getattr(c, "row", None)), counted)
                    if r > MAX_ROWS + HEADER_SEARCH_ROWS:
                        issues.append(make_issue("too_many_rows", file, title, limit=MAX_ROWS))
                        break
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
                    rows.append((r, cells))
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
    if kind not in ("text", "utf16"):
        issues.append(make_issue("not_spreadsheet", file, label if label != file else None, **_kind(kind)))
        return None
    text = _decode_text(file, label, data, issues)
    if text is None:
        return None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[tuple[int, list]] = []
    try:
        for r, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if r > MAX_ROWS + HEADER_SEARCH_ROWS:
                issues.append(make_issue("too_many_rows", file, label, limit=MAX_ROWS))
                break
            rows.append((r, cells))
    except csv.Error as exc:
        issues.append(make_issue("bad_encoding" if "NUL" in str(exc) else "internal_error", file, label, detail=str(exc)[:120]))
        return None
    return _Raw(file, label, sheet, rows)


def _kind(kind: str) -> dict[str, str]:
    ja, en = KINDS.get(kind, (kind, kind))
    return {"kind_ja": ja, "kind_en": en}


def _read_file(name: str, data: bytes, issues: list[Issue]) -> list[_Raw]:
    """The tables in one uploaded file (xlsx, csv or zip of csv), by content rather than by extension."""
    if len(data) > MAX_UPLOAD_BYTES:
        issues.append(make_issue("file_too_large", name, size=_size(len(data)), limit=_size(MAX_UPLOAD_BYTES)))
        return []
    if not data:
        issues.append(make_issue("empty_file", name))
        return []
    kind = _detect(data)
    if kind == "xls":
        issues.append(make_issue("xls_format", name))
        return []
    if kind == "zip":
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            infos = zf.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            issues.append(make_issue("bad_xlsx", name, detail=f"{type(exc).__name__}: {str(exc)[:120]}"))
            return []
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            issues.append(make_issue("unpacked_too_large", name, limit=_size(MAX_UNPACKED_BYTES)))
            return []
        if any(i.filename == "xl/workbook.xml" for i in infos):
            return _read_xlsx(name, data, issues)
        if not any(_zip_name(i).lower().endswith(".csv") for i in infos):  # a Word or PowerPoint file, or another zip
            office = any(i.filename == "[Content_Types].xml" for i in infos)
            issues.append(make_issue("not_spreadsheet", name, **_kind("office" if office else "zip")))
            return []
        out = []
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
            try:
                member_data = zf.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:  # RuntimeError: encrypted
                issues.append(make_issue("bad_xlsx", name, base, detail=f"{type(exc).__name__}: {str(exc)[:120]}"))
                continue
            raw = _read_csv(name, base, member_data, sheet, issues)
            if raw is not None:
                out.append(raw)
        return out
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


# --------------------------------------------------------------------------- cells → values
class _Cells:
    """Reads one row's cells into typed values, adding an Issue for every problem."""

    def __init__(self, raw: _Raw, issues: list[Issue]):
        self.raw, self.issues = raw, issues

    def issue(self, code: str, row: int | None, col: Col | None = None, **values) -> None:
        self.issues.append(make_issue(code, self.raw.file, self.raw.label, row, col.header if col else None, **values))

    def value(self, col: Col, cell, row: int):
        """The cell read as its column's kind; None when blank, missing (—) or unreadable."""
        if isinstance(cell, _NoValue):
            self.issue("formula_no_value", row, col, formula=cell.formula[:60])
            return _BAD
        if col.kind == "printed":  # kept exactly as typed
            return _text(cell, strip=False)
        text = _text(cell)
        if text is None:
            if col.required:
                self.issue("missing_value", row, col)
                return _BAD
            return None
        reader = getattr(self, f"_{col.kind}")
        return reader(col, cell, text, row)

    # kinds
    def _text(self, col, cell, text, row):
        return text

    def _city(self, col, cell, text, row):
        if CITY_FORBIDDEN.search(text) or len(text) > 40 or text.startswith("."):
            self.issue("bad_city", row, col, text=text)
            return _BAD
        return text

    def _fy(self, col, cell, text, row):
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            if float(cell).is_integer() and 1900 <= int(cell) <= 2100:
                return int(cell)
        else:
            try:
                fy = fmt.parse_fy(text)
            except ValueError:
                fy = None
            if fy is not None and 1900 <= fy <= 2100:
                return fy
        self.issue("bad_fy", row, col, text=text)
        return _BAD

    def _int(self, col, cell, text, row, low: int, high: int):
        if isinstance(cell, str):
            text = nfkc(text).strip()
            if col.kind == "article":
                text = re.sub(r"^第\s*(\d+)\s*条$", r"\1", text)
        v = self._numeric(col, cell, text, row, integer=True)
        if v is None or v is _BAD:
            if v is None and col.required:
                self.issue("missing_value", row, col)
                return _BAD
            return v
        if not low <= v <= high:
            self.issue("out_of_range", row, col, text=text, low=low, high=high)
            return _BAD
        return v

    def _posint(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 32767)

    def _page(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 32767)

    def _line(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 2**31 - 1)

    def _article(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 127)

    def _flag(self, col, cell, text, row):
        t = _token(text)
        if t in {_token(x) for x in FLAG_TRUE}:
            return True
        if t in {_token(x) for x in FLAG_FALSE}:
            return False
        self.issue("bad_flag", row, col, text=text)
        return _BAD

    def _vocab(self, col, text, row, vocab: dict[str, str], code: str, known: str):
        found = vocab.get(_token(text))
        if found is None:
            self.issue(code, row, col, text=text, known=known)
            return _BAD
        return found

    def _direction(self, col, cell, text, row):
        return self._vocab(col, text, row, _DIRECTIONS, "unknown_direction", "・".join(DIRECTION_LABELS.values()))

    def _measure(self, col, cell, text, row):
        return self._vocab(col, text, row, _MEASURES, "unknown_measure", "・".join(MEASURE_LABELS.values()))

    def _stage(self, col, cell, text, row):
        return self._vocab(col, text, row, _STAGES, "unknown_stage", "・".join(STAGE_LABELS.values()))

    def _unit(self, col, cell, text, row):
        unit = nfkc(text).strip()
        unit = UNIT_ALIASES.get(unit, unit)
        if unit not in KNOWN_UNITS:
            self.issue("unknown_unit", row, col, text=text, known="・".join(KNOWN_UNITS))
            return _BAD
        return unit

    def _money(self, col, cell, text, row):
        return self._numeric(col, cell, text, row, integer=True)

    def _number(self, col, cell, text, row):
        return self._numeric(col, cell, text, row, integer=False)

    def _numeric(self, col, cell, text, row, integer: bool):
        """A number from a numeric cell or from text: NFKC (full-width digits), separators and spaces
        removed, △/▲ as minus, a trailing 千円 in the money column; —, －, - and blank are missing."""
        if isinstance(cell, bool) or isinstance(cell, (dt.date, dt.time, dt.timedelta)):
            self.issue("not_a_number", row, col, text=text)
            return _BAD
        if isinstance(cell, (int, float)):
            if isinstance(cell, float) and not math.isfinite(cell):
                self.issue("not_a_number", row, col, text=text)
                return _BAD
            if integer:
                if not float(cell).is_integer():
                    self.issue("not_integer", row, col, text=text)
                    return _BAD
                return int(cell)
            return float(cell)
        t = nfkc(text).strip()
        if t in MISSING_MARKS:
            return None
        s = re.sub(r"[,\s、]", "", t)
        sign = ""
        if s[:1] in ("△", "▲", "−"):
            sign, s = "-", s[1:]
        if col.kind == "money":
            s = s.removesuffix("千円")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
            self.issue("not_a_number", row, col, text=text)
            return _BAD
        s = sign + s
        if integer:
            f = float(s)
            if not f.is_integer():
                self.issue("not_integer", row, col, text=text)
                return _BAD
            value = int(s) if re.fullmatch(r"[+-]?\d+", s) else int(f)
        else:
            value = float(s)
        if s != text.strip():
            shown = value if integer or not float(value).is_integer() else int(value)
            self.issue("number_normalized", row, col, text=text, value=shown)
        return value


_BAD = object()  # a cell that gave an error (already reported)


def _text(cell, strip: bool = True) -> str | None:
    """A cell as text: None for blank; numbers without a spurious .0; dates as ISO dates."""
    if cell is None or isinstance(cell, _NoValue):
        return None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    text = str(cell).replace("\r\n", "\n").replace("\r", "\n")
    if strip:
        text = text.strip()
        return text or None
    return text if text.strip() else None


def _header_row(raw: _Raw, issues: list[Issue]) -> tuple[int, dict[int, Col]] | None:
    """The header row (the first of the first rows naming a required column) and column positions."""
    wanted = {}
    for c in raw.sheet.columns:
        for name in (c.header, c.field, c.en):
            if name:
                wanted.setdefault(_token(name), c)
    required = [c for c in raw.sheet.columns if c.required]
    for index, (r, cells) in enumerate(raw.rows[:HEADER_SEARCH_ROWS]):
        found = {i: wanted.get(_token(_text(v) or "")) for i, v in enumerate(cells) if _text(v)}
        if not any(c is not None and c.required for c in found.values()):
            continue
        positions: dict[int, Col] = {}
        seen: dict[str, int] = {}
        ok = True
        for i, c in found.items():
            if c is None:
                issues.append(make_issue("unknown_column", raw.file, raw.label, r, _text(cells[i])))
                continue
            if c.field in seen:
                issues.append(make_issue("duplicate_column", raw.file, raw.label, r, c.header, name=c.header))
                ok = False
                continue
            seen[c.field] = i
            positions[i] = c
        for c in required:
            if c.field not in seen:
                issues.append(make_issue("missing_column", raw.file, raw.label, r, c.header, name=c.header))
                ok = False
        del raw.rows[: index + 1]
        return (r, positions) if ok else None
    r = raw.rows[0][0] if raw.rows else 1
    for c in required:
        issues.append(make_issue("missing_column", raw.file, raw.label, r, c.header, name=c.header))
    return None


def _records(raw: _Raw, issues: list[Issue]) -> list[dict] | None:
    """Typed records of one sheet (key `_row`: the spreadsheet row), or None when its header is unusable.
    Fields whose cell gave an error hold _BAD."""
    header = _header_row(raw, issues)
    if header is None:
        return None
    _, positions = header
    reader = _Cells(raw, issues)
    out = []
    for r, cells in raw.rows:
        if all(_text(v) is None and not isinstance(v, _NoValue) for v in cells):
            continue  # blank rows are allowed anywhere
        rec = {"_row": r, "_raw": {}}
        for i, col in positions.items():
            cell = cells[i] if i < len(cells) else None
            rec["_raw"][col.field] = _text(cell)  # as typed: the 記載どおり of a row typed without one
            rec[col.field] = reader.value(col, cell, r)
        for col in raw.sheet.columns:
            if col.field not in rec:
                rec[col.field] = None
        out.append(rec)
    return out


# --------------------------------------------------------------------------- checks across rows and sheets
def _bad(rec: dict, *fields: str) -> bool:
    return any(rec.get(f) is _BAD for f in fields)


class _Check:
    def __init__(self, raw: _Raw, issues: list[Issue]):
        self.raw, self.issues = raw, issues

    def __call__(self, code: str, rec: dict | None, field_name: str | None = None, **values) -> None:
        col = self.raw.sheet.col(field_name).header if field_name else None
        self.issues.append(make_issue(code, self.raw.file, self.raw.label, rec["_row"] if rec else None, col, **values))


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
        for s in SHEETS:
            if s.required and s.name not in by_sheet:
                issues.append(make_issue("missing_sheet", display, s.name, name=s.name))
        records = {name: _records(raw, issues) for name, raw in by_sheet.items()}
        if any(i.severity == ERROR for i in issues):
            return result
        tables = _tables(records, by_sheet, display, result.sha256, issues,
                         known_articles() if articles is None else articles)
        if not any(i.severity == ERROR for i in issues):
            result.tables = tables
    except Exception as exc:  # never a traceback for the user: say what happened
        issues.append(make_issue("internal_error", display, detail=f"{type(exc).__name__}: {str(exc)[:160]}"))
        result.tables = {}
    return result


def _tables(records: dict[str, list[dict]], raws: dict[str, _Raw], display: str, sha: str, issues: list[Issue],
            ordinances: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Validate across rows and sheets and build the typed tables."""
    from kpi.build.pipeline import _typed

    # 報告書: exactly one row, the key.
    rep_raw = raws["報告書"]
    chk = _Check(rep_raw, issues)
    reps = records["報告書"]
    if len(reps) != 1:
        chk("report_rows", None, n=len(reps))
        return {}
    rep = reps[0]
    if _bad(rep, "report_city", "report_fy", "report_title"):
        return {}
    city, fy = rep["report_city"], rep["report_fy"]

    # 条: the sheet, or the city's ordinance from the built dataset.
    art_rows: list[dict] = []
    if records.get("条"):
        chk = _Check(raws["条"], issues)
        first: dict[int, int] = {}
        for rec in records["条"]:
            if _bad(rec, *[c.field for c in raws["条"].sheet.columns]):
                continue
            no = rec["article_no"]
            if no in first:
                chk("duplicate_article", rec, "article_no", no=no, first=first[no])
                continue
            first[no] = rec["_row"]
            art_rows.append({"article_no": no, "article_title": rec["article_title"],
                             "ordinance_text": rec["ordinance_text"] or "", "page": rec["page"],
                             "source_line": rec["source_line"] or rec["_row"], "text_line": rec["text_line"]})
    elif city in ordinances:
        art_rows = [{"article_no": int(a["article_no"]), "article_title": a["article_title"],
                     "ordinance_text": a["ordinance_text"], "page": None, "source_line": int(a["source_line"]),
                     "text_line": None if pd.isna(a["text_line"]) else int(a["text_line"])}
                    for _, a in ordinances[city].iterrows()]
    else:
        _Check(rep_raw, issues)("no_articles", rep, "report_city", city=city)
        return {}
    articles = {a["article_no"] for a in art_rows}
    known_text = "・".join(f"第{a}条" for a in sorted(articles))

    # 事業
    chk = _Check(raws["事業"], issues)
    programs: list[dict] = []
    prog_by_no: dict[int, dict] = {}
    first_no: dict[int, int] = {}
    first_name: dict[str, int] = {}
    for rec in records["事業"]:
        if rec["article_no"] is not None and rec["article_no"] is not _BAD and rec["article_no"] not in articles:
            chk("unknown_article", rec, "article_no", text=rec["article_no"], known=known_text)
            rec["article_no"] = _BAD
        no, name = rec["program_no"], rec["program_name"]
        if no is not _BAD and no in first_no:
            chk("duplicate_program", rec, "program_no", no=no, first=first_no[no])
            continue
        if no is not _BAD:
            first_no[no] = rec["_row"]
        if name is not _BAD and name_key(name) in first_name:
            chk("duplicate_program_name", rec, "program_name", name=name, first=first_name[name_key(name)])
            continue
        if name is not _BAD:
            first_name[name_key(name)] = rec["_row"]
        if _bad(rec, *[c.field for c in raws["事業"].sheet.columns]):
            continue
        row = {"program_no": no, "program_name": name, "article_no": rec["article_no"], "is_key": bool(rec["is_key"]),
               "page": rec["page"], "remark": rec["remark"], "no_indicator_reason": rec["no_indicator_reason"],
               "no_money_reason": rec["no_money_reason"], "source_line": rec["source_line"] or rec["_row"]}
        programs.append(row)
        prog_by_no[no] = row
    if not records["事業"]:
        chk("no_programs", None)

    def program_of(chk: _Check, rec: dict) -> dict | None:
        no = rec["program_no"]
        if no is None or no is _BAD:
            return None
        if no not in prog_by_no and no not in first_no:
            chk("unknown_program", rec, "program_no", no=no)
            rec["program_no"] = _BAD
            return None
        return prog_by_no.get(no)

    # 金額
    chk = _Check(raws["金額"], issues)
    money: list[dict] = []
    first_m: dict[tuple, int] = {}
    amounts: dict[tuple[int, str], tuple[int | None, dict]] = {}
    for rec in records["金額"]:
        p = program_of(chk, rec)
        m = rec["measure"]
        if rec["program_no"] is not _BAD and m is not _BAD:
            k = (rec["program_no"], m)
            if k in first_m:
                chk("duplicate_money", rec, "measure", no=k[0], measure=MEASURE_LABELS[m], first=first_m[k])
                continue
            first_m[k] = rec["_row"]
        amount = rec["amount_kyen"]
        if m is not _BAD and amount is not None and amount is not _BAD and amount < 0 and m in NONNEGATIVE_MEASURES:
            chk("negative_money", rec, "amount_kyen", value=amount)
            continue
        if p is not None and m is not _BAD:
            expected = KEY_MEASURES if p["is_key"] else NONKEY_MEASURES
            if m not in expected:
                key_measure = m in KEY_MEASURES
                chk("measure_key_mismatch", rec, "measure", measure=MEASURE_LABELS[m], no=p["program_no"],
                    expected="重点事業" if key_measure else "その他の事業", actual="重点事業" if p["is_key"] else "その他の事業",
                    expected_en="key programs" if key_measure else "other programs",
                    actual_en="a key program" if p["is_key"] else "not a key program")
        if _bad(rec, *[c.field for c in raws["金額"].sheet.columns]):
            continue
        printed = rec["printed"] if rec["printed"] is not None else rec["_raw"].get("amount_kyen")
        row = {"program_no": rec["program_no"], "measure": m, "amount_kyen": amount, "printed": printed,
               "correction_id": rec["correction_id"], "page": rec["page"], "source_line": rec["source_line"] or rec["_row"]}
        money.append(row)
        amounts[(rec["program_no"], m)] = (amount, rec)
    for (no, m), (stated, rec) in amounts.items():
        if m != "stated_change" or stated is None:
            continue
        b0, b1 = amounts.get((no, "budget"), (None, None))[0], amounts.get((no, "budget_next"), (None, None))[0]
        if b0 is not None and b1 is not None and b1 - b0 != stated:
            chk("stated_change_differs", rec, "amount_kyen", no=no, stated=f"{stated:,}", computed=f"{b1 - b0:,}")

    # 指標
    chk = _Check(raws["指標"], issues)
    indicators: list[dict] = []
    first_i: dict[tuple, int] = {}
    defs: dict[tuple, dict] = {}
    for rec in records["指標"]:
        p = program_of(chk, rec)
        no, ind, year = rec["program_no"], rec["indicator_no"], rec["fiscal_year"]
        if rec["direction"] is None:
            rec["direction"] = "higher"
        if rec["is_cumulative"] is None:
            rec["is_cumulative"] = False
        if not _bad(rec, "program_no", "indicator_no", "fiscal_year"):
            k = (no, ind, year)
            if k in first_i:
                chk("duplicate_indicator", rec, "fiscal_year", no=no, ind=ind, fy=year, first=first_i[k])
                continue
            first_i[k] = rec["_row"]
            if abs(year - fy) > 5:
                chk("fy_out_of_range", rec, "fiscal_year", fy=year, report_fy=fy)
        if not _bad(rec, "program_no", "indicator_no"):
            d = defs.setdefault((no, ind), rec)
            for f, what in (("indicator_name", "指標名"), ("unit", "単位"), ("is_cumulative", "累積"), ("direction", "方向")):
                if d is not rec and not _bad(rec, f) and not _bad(d, f) and d[f] != rec[f]:
                    chk("inconsistent_indicator", rec, f, no=no, ind=ind, what=what, first=d["_row"], a=d[f])
                    rec[f] = _BAD
        if p is None or _bad(rec, *[c.field for c in raws["指標"].sheet.columns]):
            continue
        indicators.append({
            "program_no": no, "indicator_no": ind, "indicator_name": rec["indicator_name"], "unit": rec["unit"],
            "is_cumulative": bool(rec["is_cumulative"]), "direction": rec["direction"], "fiscal_year": year,
            "target": rec["target"], "actual": rec["actual"],
            "target_printed": rec["target_printed"] if rec["target_printed"] is not None else rec["_raw"].get("target") or "",
            "actual_printed": rec["actual_printed"] if rec["actual_printed"] is not None else rec["_raw"].get("actual") or "",
            "target_line": rec["target_line"] or rec["_row"], "actual_line": rec["actual_line"] or rec["_row"],
            "target_correction_id": rec["target_correction_id"], "actual_correction_id": rec["actual_correction_id"],
            "page": rec["page"], "source_line": rec["source_line"] or rec["_row"]})

    # 記述
    chk = _Check(raws["記述"], issues)
    notes: list[dict] = []
    first_n: dict[tuple, int] = {}
    for rec in records["記述"]:
        p = program_of(chk, rec)
        a = rec["article_no"]
        if a is not None and a is not _BAD and a not in articles:
            chk("unknown_article", rec, "article_no", text=a, known=known_text)
            rec["article_no"] = a = _BAD
        if a is None and rec["program_no"] is None:
            chk("missing_value", rec, "article_no")
            continue
        if p is not None and a is not _BAD:
            if a is None:
                a = rec["article_no"] = p["article_no"]
            elif a != p["article_no"]:
                chk("article_mismatch", rec, "article_no", a=a, no=p["program_no"], b=p["article_no"])
                continue
        if a is None:  # the program's row had an error of its own
            continue
        if not _bad(rec, "article_no", "program_no", "stage", "seq"):
            k = (a, rec["program_no"], rec["stage"], rec["seq"])
            if k in first_n:
                chk("duplicate_note", rec, "seq", first=first_n[k])
                continue
            first_n[k] = rec["_row"]
        if _bad(rec, *[c.field for c in raws["記述"].sheet.columns]):
            continue
        notes.append({"article_no": a, "program_no": rec["program_no"], "stage": rec["stage"], "seq": rec["seq"],
                      "text": rec["text"], "page": rec["page"], "source_line": rec["source_line"] or rec["_row"]})

    if any(i.severity == ERROR for i in issues):
        return {}
    frames = {
        "reports": pd.DataFrame([{"report_title": rep["report_title"], "published": rep["published"],
                                  "source_file": display, "source_sha256": sha}]),
        "articles": pd.DataFrame(art_rows), "programs": pd.DataFrame(programs), "money": pd.DataFrame(money),
        "indicators": pd.DataFrame(indicators), "notes": pd.DataFrame(notes),
    }
    return {name: _typed(name, df.assign(report_city=city, report_fy=fy)) for name, df in frames.items()}


# --------------------------------------------------------------------------- export: the template
def _cell_value(col: Col, v):
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
        elif s.table == "articles":
            df = articles if articles is not None else next(iter(known_articles().values()), None)
            df = df.assign(page=None, source_line=None, text_line=None) if df is not None else None
        else:
            df = None
        if df is not None:
            for rec in df.to_dict("records"):
                rows.append([_cell_value(c, rec.get(c.field)) for c in s.columns])
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
                if isinstance(v, str) and v.startswith("="):
                    cell.data_type = "s"  # text, never a formula
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
    """Rows as CSV text (numbers without a spurious .0, blanks empty, CRLF for Excel)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        w.writerow([v if isinstance(v, str) else (_text(v, strip=False) or "") for v in row])
    return out.getvalue()


# --------------------------------------------------------------------------- command line
def _print_issues(result: ImportResult, out) -> None:
    for i in sorted(result.issues, key=lambda i: {ERROR: 0, WARNING: 1, INFO: 2}[i.severity]):
        ja, en = SEVERITY_LABELS[i.severity]
        print(f"[{ja}/{en}] {i.code}\n  {i.message_ja}\n  {i.message_en}", file=out)


def _print_summary(result: ImportResult, out) -> None:
    s = result.summary()
    print(f"報告書 / report: {s['city']} {fmt.wareki_fy(s['fiscal_year'])} (FY{s['fiscal_year']})  {s['title']}", file=out)
    print(f"  条 articles {s['articles']} · 事業 programs {s['programs']} (重点 key {s['key_programs']}) · "
          f"金額 money rows {s['money_rows']} (values {s['money_values']}) · 指標 indicators {s['indicators']} "
          f"({s['indicator_rows']} rows, FY {', '.join(map(str, s['indicator_years'])) or '—'}) · 記述 notes {s['notes']}", file=out)


def main(argv: list[str] | None = None) -> int:
    from kpi import store

    ap = argparse.ArgumentParser(prog="python -m kpi.exchange", description="Report exchange: template, import, list, remove.")
    ap.add_argument("--data", type=Path, default=None,
                    help=f"the built dataset; accepted reports live in its folder's {store.REPORTS_DIRNAME}/ "
                         f"(default: ${store.ENV_VAR} or data/kawasaki_h28.parquet)")
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("template", help="write the template (.xlsx, or .zip of CSVs)")
    t.add_argument("out", type=Path)
    t.add_argument("--from", dest="from_key", nargs=2, metavar=("CITY", "FY"), help="fill it with a loaded report")
    i = sub.add_parser("import", help="validate a report file and store it")
    i.add_argument("files", type=Path, nargs="+", help="one .xlsx, or the CSV files (or a .zip of them)")
    i.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    i.add_argument("--replace", action="store_true", help="replace an accepted report with the same city and year")
    sub.add_parser("list", help="list the loaded reports")
    r = sub.add_parser("remove", help="remove an accepted report (moved to reports/removed/)")
    r.add_argument("city")
    r.add_argument("fy")
    r.add_argument("--yes", action="store_true")
    args = ap.parse_args(argv)
    base = args.data or store.base_path()
    out, err = sys.stdout, sys.stderr

    if args.command == "template":
        report = None
        if args.from_key:
            try:
                fy = fmt.parse_fy(args.from_key[1])
            except ValueError:
                print(f"年度として読めません / not a fiscal year: {args.from_key[1]}", file=err)
                return 2
            loaded = store.load_reports(base)
            report = loaded.report.select(args.from_key[0], fy)
            if report.reports.empty:
                print(f"報告書がありません / no such report: {args.from_key[0]} {fy}", file=err)
                return 1
        data = template_csv_zip(report) if args.out.suffix.lower() == ".zip" else template_xlsx(report)
        store.atomic_write_bytes(args.out, data)
        print(f"wrote {args.out} ({_size(len(data))})", file=out)
        return 0

    if args.command == "list":
        try:
            loaded = store.load_reports(base)
        except store.DataFileError as exc:
            print(str(exc), file=err)
            return 1
        for (city, fy), path in loaded.files.items():
            sub_r = loaded.report.select(city, fy)
            ind = sub_r.indicators[["program_no", "indicator_no"]].drop_duplicates()
            kind = "built" if path == base else "accepted"
            print(f"{city}\t{fy}\t{fmt.wareki_fy(fy)}\t{kind}\tprograms {len(sub_r.programs)} (key {int(sub_r.programs['is_key'].sum())})"
                  f"\tindicators {len(ind)}\t{path}", file=out)
        for p in loaded.problems:
            print(f"読み込めません / unreadable: {p}", file=err)
        return 1 if loaded.problems else 0

    if args.command == "remove":
        try:
            fy = fmt.parse_fy(args.fy)
        except ValueError:
            print(f"年度として読めません / not a fiscal year: {args.fy}", file=err)
            return 2
        if not args.yes and not _confirm(f"{args.city} {fy} を削除しますか？ / Remove {args.city} {fy}? [y/N] "):
            print("中止しました / cancelled", file=out)
            return 1
        try:
            moved = store.remove(args.city, fy, base)
        except store.StoreError as exc:
            print(f"{exc.message_ja}\n{exc.message_en}", file=err)
            return 1
        print(f"削除しました（{moved} に移動）/ removed (moved to {moved})", file=out)
        return 0

    # import
    files = []
    for path in args.files:
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as exc:
            print(f"読めません / cannot read {path}: {exc.strerror}", file=err)
            return 1
    result = parse_files(files)
    if result.tables:
        _print_summary(result, out)
    _print_issues(result, out)
    if not result.ok:
        print("エラーがあるため取り込みません / not imported: fix the errors above", file=err)
        return 1
    try:
        target, exists = store.plan_accept(result, base)
    except store.StoreError as exc:
        print(f"{exc.message_ja}\n{exc.message_en}", file=err)
        return 1
    if exists and not args.replace:
        print(f"{result.key[0]} {result.key[1]} はすでにあります（{target}）。置き換えるには --replace を付けてください。\n"
              f"{result.key[0]} {result.key[1]} is already stored ({target}); add --replace to replace it.", file=err)
        return 1
    verb = "置き換え / replace" if exists else "保存 / store"
    if not args.yes and not _confirm(f"{target} に{verb}しますか？ [y/N] "):
        print("中止しました / cancelled", file=out)
        return 1
    try:
        path = store.accept(result, base, replace=args.replace)
    except store.StoreError as exc:
        print(f"{exc.message_ja}\n{exc.message_en}", file=err)
        return 1
    print(f"取り込みました / imported: {path}", file=out)
    return 0


def _confirm(prompt: str) -> bool:
    try:
        return input(prompt).strip().lower() in ("y", "yes", "はい")
    except EOFError:
        return False


if __name__ == "__main__":
    sys.exit(main())
