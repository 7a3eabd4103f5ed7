"""The dashboard's own words in Japanese and English, declared once; data text is never translated.

`t(key, lang, **values)` looks a string up and fills `{placeholders}`. Domain labels (columns,
statuses, PDCA stages, money measures) come from `kpi.labels` and `kpi.status`; this module only
adds what is specific to the UI, and the fiscal-year-aware money labels the presenter options need.
"""

from __future__ import annotations

from kpi import fmt
from kpi import labels as kl
from kpi import status as ks

LANGS = {"ja": "日本語", "en": "English"}
DEFAULT_LANG = "ja"
FY_STYLES = ("wareki", "western")
DEFAULT_FY_STYLE = "wareki"
MONEY_UNITS = tuple(fmt.MONEY_UNITS)  # 千円, 百万円, 億円
DEFAULT_UNIT = "千円"

STRINGS: dict[str, tuple[str, str]] = {
    # app shell
    "app_title": ("川崎市 中小企業活性化施策 実施状況ダッシュボード", "Kawasaki SME Policy Dashboard"),
    "nav_overview": ("概要", "Overview"),
    "nav_attainment": ("目標達成状況", "Attainment"),
    "nav_budgets": ("予算", "Budgets"),
    "nav_pdca": ("PDCA", "PDCA"),
    "sidebar_language": ("言語 / Language", "言語 / Language"),
    "sidebar_presenter": ("表示設定", "Display options"),
    "sidebar_unit": ("金額の単位", "Money unit"),
    "sidebar_fy_style": ("年度の表記", "Fiscal-year style"),
    "fy_style_wareki": ("和暦（平成・令和）", "Japanese era (平成/令和)"),
    "fy_style_western": ("西暦（2016年度）", "Western (FY2016)"),
    "sidebar_link_hint": ("表示条件はURLに保存されます。URLを共有すると同じ画面を再現できます。",
                          "The view is kept in the URL: share the link to reproduce it."),
    "source_label": ("出典", "Source"),
    "data_file": ("データファイル", "Data file"),
    # error page
    "error_title": ("データを読み込めません", "The data cannot be loaded"),
    "error_body": ("ダッシュボードのデータファイルが見つからないか、壊れているか、形式が合いません。",
                   "The dashboard's data file is missing, broken or in an unexpected format."),
    "error_problem": ("問題", "Problem"),
    "error_remedy": ("対処方法：リポジトリの最上位で次のコマンドを実行し、データファイルを作り直してから再読み込みしてください。",
                     "Remedy: rebuild the data file by running this command at the repository root, then reload this page."),
    "error_restore": ("または、配布されたファイルを復元します：", "Or restore the shipped file:"),
    # common
    "all": ("すべて", "All"),
    "article_n": ("第{n}条", "Article {n}"),
    "key_mark": ("重点", "key"),
    "key_program": ("重点事業", "Key program"),
    "nonkey_program": ("その他の事業", "Other program"),
    "rows_shown": ("{n}件を表示", "{n} rows shown"),
    "no_rows": ("条件に合う行はありません。", "No rows match the filters."),
    "page_n": ("p.{n}", "p.{n}"),
    "pages_range": ("p.{a}–{b}", "pp.{a}–{b}"),
    "indicators_n": ("指標数（件）", "Indicators (count)"),
    "attainment_axis": ("達成率（%）", "Attainment (%)"),
    "target_line": ("目標 100%", "Target 100%"),
    "near_miss_line": ("概ね達成 {pct:.0f}%", "Near miss {pct:.0f}%"),
    "program": ("事業", "Program"),
    "change": ("増減", "Change"),
    "corrected_mark": ("✎ 修正", "✎ Corrected"),
    "corrected_help": ("報告書の印字を修正して使った値（修正登録簿より）。印字と理由を表示します。",
                       "Value corrected from the printed report (corrections register): printed text and reason."),
    "printed": ("報告書の印字", "Printed"),
    "value_used": ("採用した値", "Value used"),
    "reason": ("理由", "Reason"),
    "computed": ("他の数値から計算した値", "Computed from other figures"),
    "scope": ("対象", "Scope"),
    "check_kind": ("検証の種類", "Check"),
    "source_line": ("出典行", "Source line"),
    "id": ("ID", "ID"),
    "open_pdca": ("PDCAを開く", "Open PDCA"),
    # export component
    "export": ("エクスポート", "Export"),
    "export_image": ("画像", "Image"),
    "export_data": ("データ", "Data"),
    "export_csv": ("CSV（表示中の表）", "CSV (the table shown)"),
    "export_xlsx": ("Excel（表示中の表）", "Excel (the table shown)"),
    "deck_title": ("スライド", "Slides"),
    "deck_build": ("このページのグラフをPowerPoint（.pptx）に", "This page's charts as PowerPoint (.pptx)"),
    "deck_download": ("PowerPointをダウンロード", "Download PowerPoint"),
    "deck_progress": ("スライドを作成中…", "Building slides…"),
    "deck_done": ("{n}枚のスライドを作成しました。", "{n} slides built."),
    "deck_failed": ("スライドを作成できませんでした：{msg}", "Could not build the slides: {msg}"),
    "deck_none": ("このページにはグラフがありません。", "This page has no charts."),
    # overview
    "ov_title": ("概要", "Overview"),
    "ov_intro": ("条例に基づく65事業（うち重点事業23）の平成28年度の実施状況。数値はすべて報告書から読み取ったものです。",
                 "The 65 programs (23 key programs) under the ordinance, FY2016. Every number is read from the report."),
    "ov_programs": ("事業数", "Programs"),
    "ov_key_programs": ("重点事業", "Key programs"),
    "ov_indicators_fy": ("{fy}の指標（{n}件）の達成状況", "Indicators in {fy} ({n}) by status"),
    "ov_money": ("重点事業の予算・決算", "Key programs' budget and settlement"),
    "ov_include_loan": ("間接融資事業を含める", "Include 間接融資事業 (loan fund)"),
    "ov_excluded": ("除外中：{names}（{reason}）", "Excluded: {names} ({reason})"),
    "ov_included_all": ("全事業を含めています。", "All programs are included."),
    "ov_money_caption": ("合計は重点事業の予算表の合計です（その他の事業は実績・概要のみで、次のとおり別計上）。",
                         "Totals of the key programs' budget tables (other programs report an actual and an outline only, totalled here)."),
    "ov_other_money": ("その他の事業：{a_label} {a}／{b_label} {b}", "Other programs: {a_label} {a} / {b_label} {b}"),
    "ov_by_article": ("条別の達成状況", "Attainment by article"),
    "ov_rollup": ("条別の集計", "Roll-up by article"),
    "ov_rollup_caption": ("件数は指標の数（重み付けなし）、金額は各条の事業の合計。", "Counts are indicators (unweighted); money is the sum over each article's programs."),
    "ov_attention": ("要注意：目標を大きく下回った指標", "Needs attention: indicators furthest below target"),
    "ov_attention_caption": ("達成率の低い順。クリックするとその事業のPDCAを開きます。", "Lowest attainment first. Click to open the program's PDCA."),
    "ov_quality": ("データ品質", "Data quality"),
    "ov_quality_intro": ("報告書の誤植を直した箇所（修正）と、報告書の数値どうしが合わない箇所（不一致：両方の値を保持）。",
                         "Places where a printing error was repaired (corrections) and where the report contradicts itself (discrepancies: both figures kept)."),
    "ov_corrections": ("修正（{n}件）", "Corrections ({n})"),
    "ov_discrepancies": ("不一致（{n}件）", "Discrepancies ({n})"),
    "col_article": ("条", "Article"),
    "col_programs": ("事業数", "Programs"),
    "col_key_programs": ("重点事業数", "Key programs"),
    "col_total": ("指標数", "Indicators"),
    "col_key_with_missed": ("未達成のある重点事業", "Key programs with a missed target"),
    "col_median": ("達成率の中央値(%)", "Median attainment (%)"),
    "col_min": ("最小(%)", "Min (%)"),
    "col_max": ("最大(%)", "Max (%)"),
    "total_row": ("合計", "Total"),
    # attainment
    "at_title": ("目標達成状況", "Target attainment"),
    "at_intro": ("重点事業の成果・活動指標ごとの目標と実績。達成率 = 実績 ÷ 目標（少ないほど良い指標は 目標 ÷ 実績）。",
                 "Targets and actuals of every key-program indicator. Attainment = actual ÷ target (target ÷ actual where lower is better)."),
    "f_article": ("条", "Article"),
    "f_key_only": ("重点事業のみ", "Key programs only"),
    "f_key_only_na": ("指標はすべて重点事業のものです（その他の事業には指標がありません）。",
                      "Every indicator belongs to a key program (other programs have none)."),
    "f_status": ("達成状況", "Status"),
    "f_fy": ("年度", "Fiscal year"),
    "f_fy_both": ("両年度", "Both years"),
    "f_search": ("指標・事業名で検索", "Search indicator or program"),
    "at_table": ("指標一覧", "Indicators"),
    "at_select_hint": ("行を選ぶと、その事業のPDCAを開きます。", "Select a row to open that program's PDCA page."),
    "at_chart": ("指標別の達成率", "Attainment per indicator"),
    "at_not_plotted": ("評価できない{n}件（目標または実績の記載なし）はグラフに含めていません。",
                       "{n} rows without a target or an actual (not evaluable) are not plotted."),
    # budgets
    "bu_title": ("予算", "Budgets"),
    "bu_intro": ("重点事業はH28予算・H28決算(見込)・H29予算、その他の事業はH28実績・H29概要（別の基準）。",
                 "Key programs: FY2016 budget, settlement (est.) and FY2017 budget. Other programs: FY2016 actual and FY2017 outline (a different basis)."),
    "bu_level": ("集計の単位", "Level"),
    "bu_level_article": ("条別", "By article"),
    "bu_level_program": ("事業別", "By program"),
    "bu_include": ("規模の大きい事業を含める", "Include the very large programs"),
    "bu_log": ("対数目盛", "Log scale"),
    "bu_hidden": ("グラフに含めていない事業：{items}", "Not in the charts: {items}"),
    "bu_all_shown": ("すべての事業をグラフに含めています。", "All programs are in the charts."),
    "bu_budget_chart": ("予算と決算（重点事業）", "Budget and settlement (key programs)"),
    "bu_change_chart": ("H29−H28 の増減", "Change FY2017 − FY2016"),
    "bu_change_caption": ("重点事業は予算どうし（H29予算−H28予算）、その他の事業は H29概要−H28実績（基準が異なります）。",
                          "Key programs: budget vs budget; other programs: FY2017 outline − FY2016 actual (a different basis)."),
    "bu_basis_budget": ("予算ベース（重点事業）", "Budget basis (key)"),
    "bu_basis_actual": ("実績ベース（その他の事業）", "Actual basis (other)"),
    "bu_exec_chart": ("執行率（H28決算見込 ÷ H28予算）", "Execution rate (FY2016 settlement ÷ budget)"),
    "bu_nonkey_chart": ("その他の事業：H28実績とH29概要（予算ではなく実績・概要）", "Other programs: FY2016 actual and FY2017 outline (not budgets)"),
    "bu_table": ("事業別の金額", "Money per program"),
    "bu_d01_title": ("報告書記載の増減と計算が合わない事業", "Where the report's stated change disagrees"),
    "bu_d01_body": ("報告書の増減：{printed}　計算（H29予算−H28予算）：{computed}", "Printed change: {printed}   Computed (budget FY2017 − FY2016): {computed}"),
    "bu_d01_used": ("このダッシュボードは計算値を使い、報告書の値も併記します。", "The dashboard uses the computed change and shows the printed one beside it."),
    "bu_proc_title": ("第19条 受注機会の増大：市内中小企業への発注割合", "Article 19: share of contract amounts awarded to local SMEs"),
    "bu_proc_chart": ("契約金額に占める市内中小企業の割合", "Local SMEs' share of contract amount"),
    "bu_share_axis": ("割合（%）", "Share (%)"),
    "bu_share_change": ("前年度差（ポイント）", "Change (points)"),
    "bu_sme_amount": ("市内中小企業（百万円）", "Local SMEs (million yen)"),
    "bu_total_amount": ("合計（百万円）", "Total (million yen)"),
    "bu_category": ("区分", "Category"),
    "money_axis": ("金額（{unit}）", "Amount ({unit})"),
    "change_axis": ("増減（{unit}）", "Change ({unit})"),
    "exec_axis": ("執行率（%）", "Execution rate (%)"),
    # PDCA
    "pd_title": ("PDCA", "PDCA"),
    "pd_program": ("事業を選ぶ（条ごと）", "Choose a program (grouped by article)"),
    "pd_header_article": ("条", "Article"),
    "pd_header_key": ("区分", "Type"),
    "pd_header_page": ("報告書の頁", "Report page"),
    "pd_indicators": ("指標", "Indicators"),
    "pd_no_indicators": ("この事業には指標がありません。", "This program has no indicators."),
    "pd_no_indicator_reason": ("指標がない理由：", "Why there are no indicators: "),
    "pd_no_money": ("金額の記載なし：", "No money figures: "),
    "pd_remark": ("備考：", "Remark: "),
    "pd_no_notes": ("この区分の記載はありません。", "Nothing printed for this stage."),
    "pd_nonkey_caption": ("その他の事業は、報告書にH28実績とH29概要のみが記載されています。", "The report gives other programs an FY2016 result and an FY2017 outline only."),
    "pd_art19": ("第19条 受注機会の増大等（事業ではなく条全体の取組）", "Article 19 (procurement): the article's own PDCA"),
    "pd_search": ("全文検索（PDCAの記載と協議会意見）", "Full-text search (PDCA notes and council opinions)"),
    "pd_search_input": ("検索語（スペース区切りで複数語のAND）", "Words (all must occur)"),
    "pd_search_hits": ("{n}件見つかりました。", "{n} matches."),
    "pd_search_more": ("先頭{n}件を表示しています。", "The first {n} are shown."),
    "pd_opinions": ("事業横断的な協議会意見と市の対応", "Council opinions across programs and the city's responses"),
    "pd_opinion": ("協議会の意見", "Council opinion"),
    "pd_response": ("市の対応", "City's response"),
    "pd_group_cross_cutting": ("各事業に横断的な意見", "Across all programs"),
    "pd_group_other": ("その他の意見", "Other opinions"),
    "pd_staff": ("未達成の指標と、協議会の検証意見・市の対応", "Missed targets with the council's check and the city's action"),
    "pd_staff_caption": ("{fy}に目標を下回った指標（未達成・概ね達成）。達成率の低い順。", "Indicators below target in {fy} (missed and near miss), worst first."),
    "pd_staff_statuses": ("対象の達成状況", "Statuses"),
    "pd_kind_opinion": ("協議会意見", "Council opinion"),
}


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The UI string `key` in `lang`, with `{placeholders}` filled from `values`."""
    ja, en = STRINGS[key]
    text = ja if lang == "ja" else en
    return text.format(**values) if values else text


_ERA_LETTERS = {"平成": "H", "令和": "R", "昭和": "S"}


def fy_text(fy: int, lang: str, style: str) -> str:
    """A fiscal year in the chosen style: 平成28年度 / 2016年度 in Japanese; H28 / FY2016 in English."""
    if lang != "ja" and style == "wareki":
        w = fmt.wareki_fy(fy)  # 平成28年度, 令和元年度
        era, n = w[:2], w[2:].removesuffix("年度").replace("元", "1")
        return f"{_ERA_LETTERS.get(era, era)}{n}"
    return fmt.fy_label(fy, style, lang)


def measure_label(measure: str, lang: str, style: str, unit: str | None = None, *, report_fy: int) -> str:
    """'平成28年度予算' / 'FY2016 budget' (years relative to `report_fy`), optionally with the money
    unit: '平成28年度予算(百万円)'."""
    if measure not in kl.MEASURE_PARTS:
        text = kl.label(kl.MONEY_MEASURES, measure, lang)
    else:
        offset, ja, en = kl.MEASURE_PARTS[measure]
        fy = report_fy + offset
        text = f"{fy_text(fy, lang, style)}{ja}" if lang == "ja" else f"{fy_text(fy, lang, style)} {en}"
    return f"{text}{unit_suffix(unit, lang)}" if unit else text


def unit_suffix(unit: str, lang: str) -> str:
    """'(百万円)' or ' (million yen)'."""
    return f"({unit})" if lang == "ja" else f" ({fmt.MONEY_UNITS_EN[unit]})"


def unit_name(unit: str, lang: str) -> str:
    return unit if lang == "ja" else fmt.MONEY_UNITS_EN[unit]


def money_column_label(col: str, lang: str, style: str, unit: str, *, report_fy: int) -> str:
    """Label of a *_kyen column in the chosen unit and fiscal-year style."""
    measure = col.removesuffix("_kyen")
    if measure in kl.MEASURE_PARTS:
        return measure_label(measure, lang, style, unit, report_fy=report_fy)
    base = kl.column_label(col, lang)
    return base.replace("(千円)", unit_suffix(unit, lang) if lang == "ja" else "").replace(" (k¥)", unit_suffix(unit, lang))


def plain_label(col: str, lang: str) -> str:
    """A kpi column label without its unit suffix: '増減・報告書記載(千円)' → '増減・報告書記載'."""
    return kl.column_label(col, lang).removesuffix("(千円)").removesuffix(" (k¥)")


def article_label(article_no, lang: str) -> str:
    return t("article_n", lang, n=int(article_no))


# Status marks as Japanese public documents print them (kpi.status: plain text, no emoji font needed).
STATUS_MARKS = {s.key: s.icon for s in ks.STATUSES}


def status_text(key: str, lang: str) -> str:
    """Mark and text, so status never relies on colour: '× 未達成'."""
    return f"{STATUS_MARKS[key]} {ks.BY_KEY[key].label(lang)}"
