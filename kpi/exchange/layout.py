"""The exchange format's layout, declared once: sheets (one per table), their columns, and the
instructions shown in the 説明 sheet and the README."""

from __future__ import annotations

from dataclasses import dataclass

from kpi.exchange.limits import MAX_UPLOAD_BYTES
from kpi.exchange.vocab import STAGE_LABELS
from kpi.vocab import KNOWN_UNITS

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
_NAME_CHECK = ("確認用（任意）。入力すると「事業」シートの事務事業名と一致するか確かめます。",
               "A check (optional): if given, it must match the 事業 sheet's name for the program number.")

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
        Col("事務事業名", "program_name", "text", False, "Program", *_NAME_CHECK),
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
        Col("事務事業名", "program_name", "text", False, "Program", *_NAME_CHECK),
    ), help_ja="成果・活動指標（1指標・1年度で1行）。", help_en="Indicators: one row per indicator and fiscal year."),
    Sheet("記述", "notes", "notes", (
        Col("条", "article_no", "article", False, "Article", "条（事業番号があれば省略可）", "Article (may be left out when a program is given)"),
        Col("事業番号", "program_no", "posint", False, "Program no.", "事業番号。条全体の記述（第19条など）は空欄", "Program number; blank for an article's own notes (e.g. 第19条)"),
        Col("区分", "stage", "stage", True, "Stage", "・".join(STAGE_LABELS.values()), ", ".join(STAGE_LABELS)),
        Col("順番", "seq", "posint", True, "Order", "同じ事業・区分の中での順番（1から）", "Order within the program and stage (from 1)"),
        Col("内容", "text", "text", True, "Text", "記述の本文", "The text"),
        Col("頁", "page", "page", False, "Page", *_PAGE),
        Col("出典行", "source_line", "line", False, "Source line", _LINE_JA, _LINE_EN, provenance=True),
        Col("事務事業名", "program_name", "text", False, "Program", *_NAME_CHECK),
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

