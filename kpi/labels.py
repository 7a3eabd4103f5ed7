"""Labels (ja/en) for the domain's values and columns, used by pages, charts and exports alike."""

from __future__ import annotations

from kpi import status as st

STAGES = {
    "plan": ("事業計画 Plan", "Plan"),
    "main_actions": ("主な取組", "Main actions"),
    "do": ("事業の実施状況 Do", "Do (FY2016 results)"),
    "check": ("検証意見 Check", "Council's check"),
    "action": ("対応 Action", "City's action"),
    "plan_next": ("平成29年度の事業計画", "FY2017 plan"),
    "summary_h28": ("平成28年度の実績", "FY2016 results"),
    "summary_h29": ("平成29年度の概要", "FY2017 outline"),
    "footnote": ("注記", "Footnote"),
}

MONEY_MEASURES = {
    "budget_h28": ("H28予算", "FY2016 budget"),
    "settlement_h28": ("H28決算(見込)", "FY2016 settlement (est.)"),
    "budget_h29": ("H29予算", "FY2017 budget"),
    "stated_change": ("増減（報告書記載）", "Stated change"),
    "actual_h28": ("H28実績", "FY2016 actual"),
    "outline_h29": ("H29概要", "FY2017 outline"),
}

FIRM_CLASSES = {
    "local_large": ("市内大企業", "Local large firms"),
    "local_sme": ("市内中小企業", "Local SMEs"),
    "other": ("その他", "Other"),
    "outside": ("準市内・市外", "Semi-local / outside"),
    "total": ("合計", "Total"),
}
CATEGORIES = {"goods": ("物品", "Goods"), "works": ("工事", "Works"), "services": ("委託", "Services"), "total": ("合計", "Total")}

COLUMNS = {
    "program_no": ("No.", "No."),
    "program_name": ("事務事業名", "Program"),
    "article_no": ("条", "Article"),
    "article_title": ("条文の施策", "Article title"),
    "is_key": ("重点事業", "Key program"),
    "page": ("頁", "Page"),
    "indicator_name": ("指標", "Indicator"),
    "unit": ("単位", "Unit"),
    "fiscal_year": ("年度", "Fiscal year"),
    "target": ("目標", "Target"),
    "actual": ("実績", "Actual"),
    "attainment_pct": ("達成率(%)", "Attainment (%)"),
    "status_label": ("達成状況", "Status"),
    "shortfall": ("不足分", "Shortfall"),
    "actual_change": ("実績の前年度差", "Change from previous year"),
    "budget_h28_kyen": ("H28予算(千円)", "FY2016 budget (k¥)"),
    "settlement_h28_kyen": ("H28決算見込(千円)", "FY2016 settlement (k¥)"),
    "budget_h29_kyen": ("H29予算(千円)", "FY2017 budget (k¥)"),
    "stated_change_kyen": ("増減・報告書記載(千円)", "Stated change (k¥)"),
    "actual_h28_kyen": ("H28実績(千円)", "FY2016 actual (k¥)"),
    "outline_h29_kyen": ("H29概要(千円)", "FY2017 outline (k¥)"),
    "base_h28_kyen": ("H28(千円)", "FY2016 (k¥)"),
    "next_h29_kyen": ("H29(千円)", "FY2017 (k¥)"),
    "change_kyen": ("増減(千円)", "Change (k¥)"),
    "change_pct": ("増減率(%)", "Change (%)"),
    "change_basis": ("増減の基準", "Change basis"),
    "execution_rate_pct": ("執行率(%)", "Execution rate (%)"),
    "stage": ("区分", "Stage"),
    "text": ("内容", "Text"),
    "source_line": ("出典行", "Source line"),
    "note": ("注記", "Note"),
    "check_text": ("協議会の検証意見", "Council's check"),
    "action_text": ("市の対応", "City's action"),
}


def label(mapping: dict[str, tuple[str, str]], key: str, lang: str = "ja") -> str:
    ja, en = mapping.get(key, (key, key))
    return ja if lang == "ja" else en


def column_label(col: str, lang: str = "ja") -> str:
    return label(COLUMNS, col, lang)


def status_label(key: str, lang: str = "ja") -> str:
    return st.BY_KEY[key].label(lang)
