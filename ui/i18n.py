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
    "nav_import": ("取込", "Import"),
    "nav_trends": ("推移", "Trends"),
    "sidebar_report": ("報告書", "Report"),
    "report_problem": ("報告書ファイル「{file}」を読み込めないため表示していません：{problem}",
                       "The report file {file} cannot be loaded and is not shown: {problem}"),
    "sidebar_language": ("言語 / Language", "言語 / Language"),
    "sidebar_presenter": ("表示設定", "Display options"),
    "sidebar_unit": ("金額の単位", "Money unit"),
    "sidebar_fy_style": ("年度の表記", "Fiscal-year style"),
    "fy_style_wareki": ("和暦（平成・令和）", "With the Japanese era (FY2016 (H28))"),
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
    "choose_options": ("選択してください", "Choose options"),
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
    "deck_build": ("選んだグラフをPowerPoint（.pptx）に", "The chosen charts as PowerPoint (.pptx)"),
    "at_missed_deck": ("未達成の指標ごとのスライド（上の「条」で絞り込み）", "A slide per missed target (narrowed by the article filter above)"),
    "deck_pick": ("スライドにするグラフ（既定：このページのすべて）", "Charts to put on slides (default: all on this page)"),
    "deck_download": ("PowerPointをダウンロード", "Download PowerPoint"),
    "deck_progress": ("スライドを作成中…", "Building slides…"),
    "deck_done": ("{n}枚のスライドを作成しました。", "{n} slides built."),
    "deck_failed": ("スライドを作成できませんでした：{msg}", "Could not build the slides: {msg}"),
    "deck_none": ("このページにはグラフがありません。", "This page has no charts."),
    # overview
    "ov_title": ("概要", "Overview"),
    "ov_intro": ("条例に基づく{n}事業（うち重点事業{k}）の{fy}の実施状況。数値はすべて報告書から読み取ったものです。",
                 "The {n} programs ({k} key programs) under the ordinance, {fy}. Every number is read from the report."),
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
    "bu_intro": ("重点事業は{y0}予算・{y0}決算(見込)・{y1}予算、その他の事業は{y0}実績・{y1}概要（別の基準）。",
                 "Key programs: {y0} budget, settlement (est.) and {y1} budget. Other programs: {y0} actual and {y1} outline (a different basis)."),
    "bu_level": ("集計の単位", "Level"),
    "bu_level_article": ("条別", "By article"),
    "bu_level_program": ("事業別", "By program"),
    "bu_include": ("規模の大きい事業を含める", "Include the very large programs"),
    "bu_log": ("対数目盛", "Log scale"),
    "bu_hidden": ("グラフに含めていない事業：{items}", "Not in the charts: {items}"),
    "bu_all_shown": ("すべての事業をグラフに含めています。", "All programs are in the charts."),
    "bu_budget_chart": ("予算と決算（重点事業）", "Budget and settlement (key programs)"),
    "bu_change_chart": ("{y1}−{y0} の増減", "Change {y1} − {y0}"),
    "bu_change_caption": ("重点事業は予算どうし（{y1}予算−{y0}予算）、その他の事業は {y1}概要−{y0}実績（基準が異なります）。",
                          "Key programs: budget vs budget; other programs: {y1} outline − {y0} actual (a different basis)."),
    "bu_basis_budget": ("予算ベース（重点事業）", "Budget basis (key)"),
    "bu_basis_actual": ("実績ベース（その他の事業）", "Actual basis (other)"),
    "bu_exec_chart": ("執行率（{y0}決算見込 ÷ {y0}予算）", "Execution rate ({y0} settlement ÷ budget)"),
    "bu_nonkey_chart": ("その他の事業：{y0}実績と{y1}概要（予算ではなく実績・概要）", "Other programs: {y0} actual and {y1} outline (not budgets)"),
    "bu_table": ("事業別の金額", "Money per program"),
    "bu_d01_title": ("報告書記載の増減と計算が合わない事業", "Where the report's stated change disagrees"),
    "bu_d01_body": ("報告書の増減：{printed}　計算（{y1}予算−{y0}予算）：{computed}", "Printed change: {printed}   Computed (budget {y1} − {y0}): {computed}"),
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
    "pd_nonkey_caption": ("その他の事業は、報告書に{y0}実績と{y1}概要のみが記載されています。", "The report gives other programs an {y0} result and an {y1} outline only."),
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
    "pd_no_opinions": ("この報告書には事業横断的な協議会意見の記載がありません。", "This report has no council opinions across programs."),
    "bu_no_procurement": ("この報告書には第19条の発注実績の表がありません。", "This report has no article 19 procurement table."),
    "ov_imported_from": ("取り込んだ報告書：{file}（修正・不一致の登録簿は元の報告書から作ったデータにだけあります）",
                         "Imported report: {file} (the corrections and discrepancies registers exist for the built dataset only)"),
    # import
    "im_title": ("報告書の取込", "Import a report"),
    "im_intro": ("翌年度の報告書や他の市区町村の報告書を、テンプレートに入力してアップロードすると、取り込む前に検証結果とダッシュボードでの見え方を確認できます。"
                 "アップロードした内容はこの画面（あなたのセッション）だけで使われ、保存されず、他の利用者には見えません。",
                 "Fill in the template with next year's report or another city's, upload it, and see the validation and how the dashboard "
                 "would show it before it is accepted. An upload is used in this session only: it is not stored and nobody else sees it."),
    "im_template": ("1. テンプレート", "1. Template"),
    "im_template_caption": ("シート：{sheets}。見出しは日本語です。記入方法は「説明」シートにあります（日本語・英語）。",
                            "Sheets: {sheets}. Headers are in Japanese; the 説明 sheet explains every column (Japanese and English)."),
    "im_blank_xlsx": ("空のテンプレート（Excel）", "Blank template (Excel)"),
    "im_blank_csv": ("空のテンプレート（CSV・zip）", "Blank template (CSV, zip)"),
    "im_filled_xlsx": ("表示中の報告書を記入したもの（Excel）", "The shown report, filled in (Excel)"),
    "im_filled_help": ("翌年度の報告書を作るときの下書きや、記入例として使えます。", "A starting point for next year's report, or an example."),
    "im_upload": ("2. アップロード", "2. Upload"),
    "im_uploader": ("記入したテンプレート（.xlsx）、またはCSV（表ごとに1ファイル、またはzip）", "The filled-in template (.xlsx), or CSV files (one per table, or a .zip)"),
    "im_uploader_help": ("上限 {mb} MB。Shift_JISのCSVも読めます。", "At most {mb} MB per file. Shift_JIS CSV files are read too."),
    "im_none": ("ファイルを選ぶと、ここに検証結果とプレビューが表示されます。", "Choose a file to see its validation and a preview here."),
    "im_result": ("3. 検証結果", "3. Validation"),
    "im_errors": ("取り込めません：エラーが{n}件あります。下の表の行・列を直して、もう一度アップロードしてください。",
                  "Cannot be imported: {n} errors. Fix the rows and columns listed below and upload again."),
    "im_ok": ("エラーはありません（警告 {w}件・情報 {i}件）。", "No errors ({w} warnings, {i} notes)."),
    "im_issues": ("指摘事項", "Issues"),
    "im_preview": ("4. プレビュー：ダッシュボードでの見え方", "4. Preview: how the dashboard would show it"),
    "im_exists": ("{report}はすでに読み込まれています。取り込むと置き換わります（コマンドに --replace が必要です）。",
                  "{report} is already loaded; accepting this file replaces it (the command needs --replace)."),
    "im_tables": ("読み取った表", "Tables read"),
    "im_accept": ("5. 取り込み（管理者）", "5. Accept (administrator)"),
    "im_accept_body": ("この画面では保存しません。取り込むには、管理者がサーバーで次のコマンドを実行します（検証して確認を求め、既存の報告書は --replace なしでは上書きしません）。",
                       "Nothing is stored from this page. An administrator accepts the file on the server with this command (it validates, asks to confirm, and never overwrites a report without --replace)."),
    "im_city": ("市区町村", "City"),
    "im_fy": ("年度", "Fiscal year"),
    # issue 11: one money scope, caveats carried by exports, names first, English marks
    "scope_include": ("{name}を含める", "Include {name}"),
    "scope_include_caption": ("規模が桁違いの事業（既定では金額の合計・グラフから除外）", "Programs of a much larger scale (left out of money totals and charts by default)"),
    "scope_excluding": ("金額は次の事業を除きます：{items}。", "Money excludes {items}."),
    "scope_including": ("含めると：{totals}。", "Including them: {totals}."),
    "scope_all": ("金額はすべての事業を含みます。", "Money includes every program."),
    "scope_one_off": ("{name}の{y0}予算には整備の一時的な費用（AIRBIC）が含まれるため、{y0}から{y1}にかけて予算が大きく減って見えます。",
                      "{name}'s {y0} budget includes a one-off facility cost (AIRBIC), so the budget appears to drop sharply from {y0} to {y1}."),
    "scope_short_excl": ("対象：{names}を除く", "Scope: excluding {names}"),
    "scope_short_all": ("対象：全事業", "Scope: every program"),
    "cav_item": ("項目", "Item"),
    "cav_text": ("内容", "Note"),
    "cav_scope": ("対象範囲", "Scope"),
    "cav_unit": ("金額の単位", "Money unit"),
    "cav_fy": ("年度", "Fiscal year"),
    "cav_fy_text": ("地方自治体の会計年度（4月〜翌3月）。{fy}", "Japanese fiscal year (April to March). {fy}"),
    "cav_source": ("出典", "Source"),
    "cav_rounding": ("端数処理", "Rounding"),
    "cav_rounding_text": ("金額は表示単位で四捨五入。達成率は小数第1位で切り捨て（状況の区分と矛盾しないため）。その他の割合は小数第1位で四捨五入。",
                          "Money rounded to the unit shown; attainment rounded down to one decimal (so it never contradicts its status); other percentages rounded to one decimal."),
    "cav_data_text": ("データの文言", "Data text"),
    "cav_data_text_v": ("事業名・指標名・記載文は報告書の原文（日本語）のまま。", "Program names, indicators and report text are the original Japanese."),
    "csv_notes_help": ("注記（対象範囲・単位・年度・出典・端数処理）を各行の末尾の列に含みます。", "Each row ends with the notes (scope, unit, fiscal year, source, rounding) as columns."),
    "original_ja": ("事業名・指標名・記載文は報告書の原文（日本語）です。", "Program names, indicators and report text are shown in the original Japanese."),
    "bu_tab_budget": ("予算と決算", "Budget and settlement"),
    "bu_tab_change": ("増減", "Change"),
    "bu_tab_exec": ("執行率", "Execution rate"),
    "bu_tab_nonkey": ("その他の事業", "Other programs"),
    "bu_tab_table": ("事業別の表", "Table per program"),
    "bu_tab_proc": ("第19条 発注", "Art. 19 procurement"),
    "bu_change_key": ("重点事業：{y1}予算−{y0}予算", "Key programs: {y1} budget − {y0} budget"),
    "bu_change_nonkey": ("その他の事業：{y1}概要−{y0}実績", "Other programs: {y1} outline − {y0} actual"),
    "at_chart_article": ("指標別の達成率（{article}）", "Attainment per indicator ({article})"),
    "ov_rollup_money": ("条別の金額", "Money by article"),
    "pd_tab_program": ("事業のPDCA", "Program PDCA"),
    "pd_tab_search": ("全文検索", "Search"),
    "pd_tab_opinions": ("協議会意見", "Council opinions"),
    "pd_tab_staff": ("未達成の指標", "Missed targets"),
    # trends
    "tr_title": ("推移", "Trends"),
    "tr_intro": ("読み込んだ報告書（{n}冊）の年度ごとの推移。各年度の値はその年度の報告書から取ります（事業は事務事業名で対応付け）。",
                 "Year by year across the {n} loaded reports. Each year's figures come from that year's report (programs are matched by name)."),
    "tr_need_two": ("推移を見るには報告書が2冊以上必要です。", "Trends need two or more reports."),
    "tr_city": ("市区町村", "City"),
    "tr_all_cities": ("市区町村の比較", "Compare cities"),
    "tr_attainment": ("目標の達成状況の推移", "Attainment by fiscal year"),
    "tr_attainment_caption": ("達成率 = 達成した指標 ÷ 評価できる指標。各年度の報告書のその年度の指標から計算します。",
                              "Share achieved = indicators achieved ÷ evaluable indicators, from each year's report and that year's indicators."),
    "tr_att_chart": ("条別：達成した指標の割合", "By article: share of indicators achieved"),
    "tr_city_chart": ("市区町村別：達成した指標の割合", "By city: share of indicators achieved"),
    "tr_share_axis": ("達成した指標の割合（%）", "Indicators achieved (%)"),
    "tr_program": ("事業別の達成状況", "Attainment by program"),
    "tr_program_chart": ("事業別：達成した指標の割合", "By program: share of indicators achieved"),
    "tr_money": ("予算の推移", "Budgets by fiscal year"),
    "tr_money_caption": ("各年度の予算・決算は、その年度の報告書の値です。その年度の報告書がない年度は、前年度の報告書の「翌年度予算」を予定値（点線・白抜き）として示します。"
                         "その年度の報告書が読み込まれると、予定値は置き換わります（前年度報告書の予定値は表の「前年度報告書の予定」列に残ります）。",
                         "Each year's budget and settlement come from that year's report. A year without its own report shows the previous report's "
                         "next-year budget as planned (dotted, hollow). A year's own report supersedes that plan (kept in the table's 'planned in the previous report' column)."),
    "tr_money_chart": ("条別：重点事業の予算", "By article: key programs' budget"),
    "tr_city_money_chart": ("市区町村別：重点事業の予算", "By city: key programs' budget"),
    "tr_program_money": ("事業別の金額", "Money per program"),
    "tr_basis": ("区分", "Basis"),
    "tr_basis_reported": ("報告書の値", "Reported"),
    "tr_basis_planned": ("予定（前年度報告書）", "Planned (previous report)"),
    "tr_prior_plan": ("前年度報告書の予定", "Planned in the previous report"),
    "tr_budget": ("予算（重点事業）", "Budget (key programs)"),
    "tr_settlement": ("決算見込（重点事業）", "Settlement (key programs)"),
    "tr_spend": ("その他の事業の実績・概要", "Other programs' actual / outline"),
    "tr_from_report": ("出典の報告書", "From report"),
    "tr_share": ("達成率(%)", "Achieved (%)"),
    "tr_evaluable": ("評価できる指標", "Evaluable"),
    # peer cities' precedents (issue 15: pages/7_page_peers.py, ui/peers_link.py)
    "nav_peers": ("他都市の取組", "Peer cities"),
    "peers_title": ("他都市の取組", "Peer cities"),
    "peers_link": ("他都市の類似の取組", "Similar programs in peer cities"),
    "peers_honesty": ("他の中小企業集積都市の取組の**事例集**です（中小企業都市連絡協議会の尼崎宣言・川口宣言の実施事業、すみだ宣言の重点取組、東京都が承認した6区市の地域産業活性化計画）。各都市・団体の自己申告で、1項目1〜2文、年度は川崎市の報告書と異なります（尼崎宣言の資料だけが同じ平成28年度）。予算・目標・指標・効果はどの資料にも**ありません**。項目の数は各都市の記述の長さであって取組の量や成果ではないため、件数の比較やグラフはしていません。",
                      "A **catalogue of precedents** from other SME-cluster cities (the council's actual/planned programs under the Amagasaki and Kawaguchi declarations, the Sumida declaration's focus programs, and six Tokyo wards' and cities' approved regional industry plans). Each entry is self-reported, one or two sentences, and from other years than Kawasaki's report (only the Amagasaki document covers FY2016 too). None of the documents gives **budgets, targets, indicators or effects**. How many entries a city has reflects how wordy its section is, not what it does, so entries are never counted or charted."),
    "peers_article": ("川崎市の条文", "Kawasaki article"),
    "peers_article_none": ("対応する条文なし", "No matching article"),
    "peers_search": ("キーワード検索（全角・半角を区別しない）", "Keyword search (width-insensitive)"),
    "peers_kw": ("並べ替えのキーワード（一致の多い順）", "Sort keywords (best matches first)"),
    "peers_city": ("市区", "City"),
    "peers_year": ("年度", "Fiscal year"),
    "peers_status": ("実績／予定", "Actual / plan"),
    "peers_ours": ("川崎市の事務事業（この条文）", "Kawasaki's programs (this article)"),
    "peers_ours_pick": ("条文を選ぶと、川崎市の同じ条文の事務事業が並びます。", "Choose an article to see Kawasaki's programs under it."),
    "peers_theirs": ("他都市・団体の記載", "Peer activities as reported"),
    "peers_n": ("{n}項目（出典の行つき）", "{n} entries (each with its source line)"),
    "peers_none": ("条件に合う取組はありません。", "No peer activity matches."),
    "peers_passage": ("原文を開く", "Open the original passage"),
    "peers_passage_pick": ("原文を見る項目", "Entry to show in the original"),
    "peers_passage_caption": ("{doc}（{file}）{first}〜{last}行。▶ が該当行、前後は原文のまま（空行は省略）。",
                              "{doc} ({file}), lines {first}–{last}. ▶ marks the entry's lines; the lines around are as printed (blank lines left out)."),
    "peers_timeline": ("同じ事業の推移：{name}", "The same program over time: {name}"),
    "peers_verbatim": ("前の資料と同文", "Same text as earlier"),
    "peers_undated": ("年次なし（2013年ごろ）", "Undated (c. 2013)"),
    "peers_status_actual": ("実績", "Actual"),
    "peers_status_plan": ("予定", "Plan"),
    "peers_status_plan_period": ("計画期間", "Plan period"),
    "peers_status_undated": ("年次なし", "Undated"),
    "peers_quality_clean": ("明確", "clean"),
    "peers_quality_bundled-then-split": ("複数事業の項目を分割", "bundled, then split"),
    "peers_quality_ambiguous": ("複数の条に該当（選んだ理由あり）", "ambiguous (reason given)"),
    "peers_quality_none": ("対応する条文なし", "none (unmappable)"),
    "peers_col_city": ("市区", "City"),
    "peers_col_actor": ("実施主体", "Body"),
    "peers_col_year": ("年度", "Fiscal year"),
    "peers_col_status": ("区分", "Status"),
    "peers_col_text": ("内容（原文どおり）", "Entry (as printed)"),
    "peers_col_article": ("条文", "Article"),
    "peers_col_quality": ("対応付け", "Mapping"),
    "peers_col_reason": ("対応付けの理由", "Mapping reason"),
    "peers_col_source": ("出典（資料・行）", "Source (document, line)"),
    "peers_col_refers": ("「上記」の参照先", "「上記」 refers to"),
    "peers_col_program": ("事務事業", "Program"),
    "peers_col_key": ("重点", "Key"),
    "peers_col_score": ("一致数", "Matches"),
    "peers_council": ("協議会全体", "Council as a whole"),
    "peers_unavailable": ("他都市の資料（data/peers.parquet）を読めません。`python -m kpi.build` で作り直してください。",
                          "The peer catalogue (data/peers.parquet) cannot be read. Rebuild it with `python -m kpi.build`."),
    # source view, report text and section 2 (issue 14: every number opens its source)
    "nav_report": ("報告書本文", "Report text"),
    "nav_context": ("市内産業の現状", "City economy"),
    "src_open": ("出典を見る", "View source"),
    "src_pick_placeholder": ("値を選ぶと報告書の記載箇所を表示します", "Pick a value to see where the report prints it"),
    "src_title": ("出典（報告書の記載）", "Source (as the report prints it)"),
    "src_page": ("頁", "Page"),
    "src_line": ("行", "Line"),
    "src_printed": ("記載どおり", "As printed"),
    "src_value": ("読み取った値", "Value as read"),
    "src_correction": ("補正", "Correction"),
    "src_discrepancy": ("不整合", "Discrepancy"),
    "src_computed": ("他の数値から計算した値", "Implied by the other figures"),
    "src_context": ("報告書本文（前後の行、該当行を強調）", "Report text (surrounding lines, the value's line highlighted)"),
    "src_file": ("本文ファイル", "Text file"),
    "src_link": ("この出典へのリンク（URL）", "Link to this source (URL)"),
    "src_open_report": ("報告書本文でこの頁を開く", "Open this page of the report text"),
    "src_no_text": ("この報告書には本文テキストがありません（表計算ファイルから取り込まれた報告書）。",
                    "This report has no shipped text (it was imported from a spreadsheet)."),
    "src_text_changed": ("本文ファイルがデータ作成時のものと異なります（SHA-256 不一致）。行番号がずれている可能性があります。",
                         "The text file differs from the one the data was built from (SHA-256 mismatch); lines may have moved."),
    "src_unknown": ("出典が見つかりません：{ref}", "No such value in this report: {ref}"),
    "src_none": ("—", "—"),
    "src_field_target": ("目標", "target"),
    "src_field_actual": ("実績", "actual"),
    "src_field_program_name": ("事業名（本文の見出し）", "program heading in the body"),
    "src_field_responses": ("回答件数", "responses"),
    "src_field_sent": ("発送件数", "sent"),
    "src_field_rate_pct": ("回答率", "response rate"),
    "src_field_contract_count": ("件数", "contracts"),
    "src_field_amount_myen": ("金額（百万円）", "amount (million yen)"),
    "src_field_change_myen": ("増減（百万円）", "change (million yen)"),
    "src_field_change_pct": ("増減率", "change (%)"),
    "src_field_opinion": ("産業振興協議会の意見", "council opinion"),
    "src_field_correction": ("補正", "correction"),
    "src_field_line": ("本文の行", "line of the text"),
    "src_col_row": ("表の行", "Table row"),
    "src_col_subject": ("対象", "Subject"),
    "src_col_field": ("項目", "Value"),
    "src_col_value": ("読み取った値", "Value as read"),
    "src_col_ref": ("出典参照", "Source reference"),
    "src_col_pages": ("出典頁", "Source pages"),
    "src_col_lines": ("出典行", "Source lines"),
    "src_with_sources": ("出典（頁・行）付き", "With sources (page and line)"),
    "src_sheet": ("出典", "sources"),
    "src_csv": ("CSV＋出典", "CSV + sources"),
    "src_xlsx": ("XLSX＋出典", "XLSX + sources"),
    "rp_title": ("報告書本文", "Report text"),
    "rp_intro": ("報告書のテキストをそのまま、目次の節・事業ごとの頁で表示します。頁は目次に載った節・事業の開始頁です（本文に頁区切りはありません）。",
                 "The report's text as shipped, by page. A page is the start page the contents give for the section or program a line stands in (the text has no page breaks)."),
    "rp_page": ("頁", "Page"),
    "rp_page_option": ("p.{n}　{titles}", "p.{n}  {titles}"),
    "rp_cover": ("表紙・目次", "Cover and contents"),
    "rp_search": ("本文を検索（全角・半角を区別しません）", "Search the text (full/half width folded)"),
    "rp_hits": ("{n}行が該当", "{n} matching lines"),
    "rp_more": ("先頭の{n}行を表示", "the first {n} shown"),
    "rp_open": ("開く", "Open"),
    "rp_line_n": ("{n}行目", "line {n}"),
    "rp_cited": ("指定された行：{n}行目", "The cited line: line {n}"),
    "rp_lines_of_page": ("この頁の行 {a}–{b}", "Lines {a}–{b} of this page"),
    "rp_no_text": ("この報告書には本文テキストがありません。", "This report has no shipped text."),
    "cx_title": ("市内産業の現状", "City economy (section 2)"),
    "cx_intro": ("報告書「2 市内産業の現状」の数値：産業構造、倒産件数、求人・求職、実態調査アンケート。各数値の頁と行から本文を開けます。",
                 "The figures of the report's section 2: industry structure, bankruptcies, jobs and the business survey. Every figure opens its page and line."),
    "cx_structure": ("産業構造（経済センサス）", "Industry structure (Economic Census)"),
    "cx_index": ("従業者数の変化（平成21年=100）", "Change in employees (2009 = 100)"),
    "cx_bankruptcy": ("倒産件数の動向（負債総額1,000万円以上）", "Bankruptcies (liabilities of ¥10 million or more)"),
    "cx_bankruptcy_change": ("{a}件 → {b}件", "{a} → {b}"),
    "cx_bankruptcy_delta": ("{d}件（{p}）", "{d} ({p})"),
    "cx_jobs": ("川崎市の求人・求職状況", "Jobs and job seekers in Kawasaki"),
    "cx_jobs_note": ("報告書は求人倍率をグラフで示しており、その数値は本文テキストにありません。本文の記述をそのまま示します。",
                     "The report shows the job-opening ratios as a chart whose values are not in the text; its statements are shown as printed."),
    "cx_survey": ("市内産業の実態調査アンケート：産業別の回答状況", "Business survey: responses by industry"),
    "cx_survey_caption": ("回答率（記載）が回答件数÷発送件数と一致しない行に不整合IDを示します。", "Rows where the printed rate differs from responses ÷ sent carry their discrepancy id."),
    "cx_survey_chart": ("産業別の回答率（記載値）", "Response rate by industry (as printed)"),
    "cx_survey_total": ("全体の回答率（記載）", "Overall rate (printed)"),
    "cx_item": ("項目", "Item"),
    "cx_value": ("値", "Value"),
    "cx_period": ("時点", "Period"),
    "cx_industry": ("産業大分類", "Industry"),
    "cx_rate_printed": ("回答率・記載(%)", "Rate printed (%)"),
    "cx_rate_computed": ("回答率・計算(%)", "Rate computed (%)"),
    "cx_fiscal_year": ("年度", "Fiscal year"),
    "cx_count": ("倒産件数", "Bankruptcies"),
    "cx_change": ("前年度からの増減", "Change from the previous year"),
    "cx_no_context": ("この報告書には市内産業の現状の数値がありません。", "This report has no section-2 figures."),
}


def fy_abbr(fy: int, lang: str) -> str:
    """A fiscal year in running text: 'H28' (R1 …) in Japanese, 'FY2016' in English."""
    if lang != "ja":
        return f"FY{fy}"
    w = fmt.wareki_fy(fy)  # 平成28年度 → H28, 令和元年度 → R1
    return f"{_ERA_LETTERS.get(w[:2], w[:2])}{w[2:].removesuffix('年度').replace('元', '1')}"


def fy_long(fy: int, lang: str) -> str:
    """'平成28年度' in Japanese, 'FY2016' in English."""
    return fmt.wareki_fy(fy) if lang == "ja" else f"FY{fy}"


def years(report_fy: int, lang: str) -> dict[str, str]:
    """{y0}: the report's year, {y1}: the next, as running text (H28/H29, FY2016/FY2017)."""
    return {"y0": fy_abbr(report_fy, lang), "y1": fy_abbr(report_fy + 1, lang)}


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The UI string `key` in `lang`, with `{placeholders}` filled from `values`."""
    ja, en = STRINGS[key]
    text = ja if lang == "ja" else en
    return text.format(**values) if values else text


_ERA_LETTERS = {"平成": "H", "令和": "R", "昭和": "S"}


def fy_text(fy: int, lang: str, style: str) -> str:
    """A fiscal year in the chosen style: 平成28年度 / 2016年度 in Japanese; H28 / FY2016 in English."""
    if lang != "ja" and style == "wareki":  # 'FY2016 (H28)': English text always leads with FY2016
        w = fmt.wareki_fy(fy)  # 平成28年度, 令和元年度
        era, n = w[:2], w[2:].removesuffix("年度").replace("元", "1")
        return f"FY{fy} ({_ERA_LETTERS.get(era, era)}{n})"
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
