"""Issue codes and their texts (ja/en), and one located finding (`Issue`)."""

from __future__ import annotations

from dataclasses import dataclass

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
    "bad_zip": (ERROR, "zipファイルとして読めません（{detail}）。CSVファイルをまとめ直してください。",
                "The file cannot be read as a .zip of CSV files ({detail}). Zip the CSV files again."),
    "too_many_cells": (ERROR, "セルが多すぎます（上限{limit}個）。使っていない行・列を削除してください。",
                       "Too many cells (the limit is {limit}). Delete unused rows and columns."),
    "columns_ignored": (WARNING, "{limit}列目より右のセルは読みません（このシートは{n}列目まで使っています）。",
                        "Cells right of column {limit} are not read (this sheet uses columns up to {n})."),
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
    "implausible_fy": (ERROR, "{fy}年度は受け付ける年度の範囲（{low}〜{high}年度）の外です。",
                       "FY{fy} is outside the accepted range of fiscal years ({low} to {high})."),
    "control_character": (ERROR, "表示できない制御文字（{char}）が含まれています。取り除いてください。",
                          "The text holds a control character ({char}). Remove it."),
    "invisible_character": (ERROR, "見えない文字または表示方向を変える文字（{char}）が含まれています。取り除いてください。",
                            "The text holds an invisible or direction-changing character ({char}). Remove it."),
    "text_too_long": (ERROR, "文字数が多すぎます（{n}文字。上限{limit}文字）。", "The text is too long ({n} characters; the limit is {limit})."),
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
    "program_name_mismatch": (ERROR, "事業番号 {no} の事務事業名「{name}」が「事業」シートの「{expected}」と一致しません。",
                              "Program {no} is named {name!r} here but {expected!r} in the 事業 sheet."),
    "duplicate_indicator_name": (ERROR, "事業番号 {no} に同じ指標名「{name}」の指標が2つあります（{first}行目と同じ）。",
                                 "Program {no} has two indicators named {name!r} (as in row {first})."),
    "negative_indicator": (WARNING, "指標の値が負です（{value}）。負の目標・実績でよいか確認してください。",
                           "A negative indicator value ({value}). Check that a negative target or actual is meant."),
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
    file, sheet, column = _clip(file), sheet and _clip(sheet), column and _clip(column)
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


_ECHOED = ("text", "name", "expected", "formula", "detail", "a")  # values that repeat the user's text
ECHO_CHARS = 60  # at most this much of a cell is repeated in a message


def _clip(text: str) -> str:
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"


def make_issue(code: str, file: str, sheet: str | None = None, row: int | None = None, column: str | None = None,
               **values) -> Issue:
    """An Issue whose messages name the place and the problem in Japanese and English."""
    severity, ja, en = ISSUE_TEXTS[code]
    values = {k: _clip(v) if k in _ECHOED and isinstance(v, str) else v for k, v in values.items()}
    return Issue(file, sheet, row, column, code,
                 f"{_where(file, sheet, row, column, 'ja')}：{ja.format(**values)}",
                 f"{_where(file, sheet, row, column, 'en')}: {en.format(**values)}", severity)


def _size(n: int) -> str:
    if n % 2**20 == 0:
        return f"{n // 2**20} MB"
    return f"{n / 2**20:.2f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"

