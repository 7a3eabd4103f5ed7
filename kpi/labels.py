"""Labels (ja/en) for the domain's values and columns, used by pages, charts and exports alike.

Display text only: the keys are kpi.vocab's and kpi.schema's, and no label carries a unit. A column
whose field declares a unit (千円, %) gets it from `with_unit`, the one place a unit suffix is added."""

from __future__ import annotations

from kpi import fmt, schema, vocab

STAGES = {
    "plan": ("事業計画 Plan", "Plan"),
    "main_actions": ("主な取組", "Main actions"),
    "do": ("事業の実施状況 Do", "Do (results of the year)"),
    "check": ("検証意見 Check", "Council's check"),
    "action": ("対応 Action", "City's action"),
    "plan_next": ("平成29年度の事業計画", "FY2017 plan"),
    "summary_actual": ("当年度の実績", "Results of the year"),
    "summary_next": ("翌年度の概要", "Outline for the next year"),
    "footnote": ("注記", "Footnote"),
}

MONEY_MEASURES = {
    "budget": ("当年度予算", "Budget of the year"),
    "settlement": ("当年度決算(見込)", "Settlement of the year (est.)"),
    "budget_next": ("翌年度予算", "Next year's budget"),
    "stated_change": ("増減（報告書記載）", "Stated change"),
    "actual_spend": ("当年度実績", "Actual of the year"),
    "outline_next": ("翌年度概要", "Next year's outline"),
}

# Money measures relative to the report's fiscal year (offset 0 = the report's year, e.g. FY2016 in
# the 平成28年度 report; 1 = the next year), with the ja/en noun that follows the year in labels.
MEASURE_PARTS: dict[str, tuple[int, str, str]] = {
    "budget": (0, "予算", "budget"),
    "settlement": (0, "決算(見込)", "settlement (est.)"),
    "budget_next": (1, "予算", "budget"),
    "actual_spend": (0, "実績", "actual"),
    "outline_next": (1, "概要", "outline"),
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
    "attainment_pct": ("達成率", "Attainment"),
    "status_label": ("達成状況", "Status"),
    "shortfall": ("不足分", "Shortfall"),
    "actual_change": ("実績の前年度差", "Change from previous year"),
    "budget_kyen": ("当年度予算", "Budget of the year"),
    "settlement_kyen": ("当年度決算見込", "Settlement of the year"),
    "budget_next_kyen": ("翌年度予算", "Next year's budget"),
    "stated_change_kyen": ("増減・報告書記載", "Stated change"),
    "actual_spend_kyen": ("当年度実績", "Actual of the year"),
    "outline_next_kyen": ("翌年度概要", "Next year's outline"),
    "base_kyen": ("当年度", "The year"),
    "next_kyen": ("翌年度", "Next year"),
    "change_kyen": ("増減", "Change"),
    "change_pct": ("増減率", "Change"),
    "change_basis": ("増減の基準", "Change basis"),
    "execution_rate_pct": ("執行率", "Execution rate"),
    "stage": ("区分", "Stage"),
    "text": ("内容", "Text"),
    "source_line": ("出典行", "Source line"),
    "note": ("注記", "Note"),
    "check_text": ("協議会の検証意見", "Council's check"),
    "action_text": ("市の対応", "City's action"),
}


# Stages whose printed heading names a fiscal year relative to the report's: (offset, ja, en).
_STAGE_YEARS = {
    "summary_actual": (0, "{fy}の実績", "{fy} results"),
    "summary_next": (1, "{fy}の概要", "{fy} outline"),
    "plan_next": (1, "{fy}の事業計画", "{fy} plan"),
}


def stage_label(stage: str, report_fy: int, lang: str = "ja", fy_text=None) -> str:
    """A PDCA stage's heading; year-bound stages name their year ('平成28年度の実績' in the H28
    report). `fy_text(fy) -> str` formats the year (default: 平成28年度 / FY2016)."""
    if stage not in _STAGE_YEARS:
        return label(STAGES, stage, lang)
    offset, ja, en = _STAGE_YEARS[stage]
    fy = report_fy + offset
    text = fy_text(fy) if fy_text else fmt.fy_long(fy, lang)
    return (ja if lang == "ja" else en).format(fy=text)


def label(mapping: dict[str, tuple[str, str]], key: str, lang: str = "ja") -> str:
    ja, en = mapping.get(key, (key, key))
    return ja if lang == "ja" else en


def unit_suffix(unit: str, lang: str = "ja") -> str:
    """'(百万円)', '(%)' in Japanese; ' (million yen)', ' (%)' in English."""
    return f"({unit})" if lang == "ja" else f" ({vocab.MONEY_UNITS_EN.get(unit, unit)})"


def with_unit(text: str, unit: str | None, lang: str = "ja") -> str:
    """A label with its unit: '増減' + 千円 → '増減(千円)' / 'Change (thousand yen)'; no unit, no suffix."""
    return f"{text}{unit_suffix(unit, lang)}" if unit else text


_LABEL_UNITS = (vocab.BASE_MONEY_UNIT, "%")  # declared units a column label names


def column_unit(col: str) -> str | None:
    """The unit a column's label names: its declared field's unit where that is 千円 or %."""
    f = schema.DERIVED_FIELDS.get(col) or schema.FIELDS.get(col)
    return f.unit if col in COLUMNS and f is not None and f.unit in _LABEL_UNITS else None


def plain_label(col: str, lang: str = "ja") -> str:
    """A column's label without its unit: '増減・報告書記載'."""
    return label(COLUMNS, col, lang)


def column_label(col: str, lang: str = "ja") -> str:
    """A column's label with its declared unit: '増減・報告書記載(千円)', '達成率(%)'."""
    return with_unit(plain_label(col, lang), column_unit(col), lang)


# The corrections and discrepancies registers name fields by their schema keys (amount_myen,
# actual_spend …) and add English glosses; these render them in the reader's language.
CHECK_KINDS = {
    "stated_change": ("報告書記載の増減と予算の差", "Stated change vs the budgets"),
    "procurement_column_total": ("第19条の表：区分の合計", "Article 19 table: column total"),
    "procurement_row_total": ("第19条の表：行の合計", "Article 19 table: row total"),
    "survey_rate": ("調査の回答率", "Survey response rate"),
}
_REGISTER_TERMS = {  # schema key or English gloss → (ja, en); longest first when replacing
    " (sum of the four contractor classes)": ("（4区分の合計）", " (sum of the four contractor classes)"),
    "amount_myen": ("契約金額（百万円）", "contract amount (million yen)"),
    "actual_spend": ("当年度実績", "actual of the year"),
    "outline_next": ("翌年度概要", "next year's outline"),
    "budget_next": ("翌年度予算", "next year's budget"),
    "stated_change": ("報告書記載の増減", "stated change"),
    "settlement": ("決算見込", "settlement"),
    "budget": ("予算", "budget"),
    "actual": ("実績", "actual"),
    "target": ("目標", "target"),
}


def register_text(text, lang: str = "ja") -> str:
    """A register's scope or computed text without schema keys: 'コンテンツ産業振興事業 actual_spend' →
    'コンテンツ産業振興事業 当年度実績'; '本文 1301行目 (text of line 1301)' → '本文 1301行目' (ja) or
    'text of line 1301' (en)."""
    import re

    s = "" if text is None else str(text)
    m = re.fullmatch(r"\s*(.*?)\s*\((text of line \d+)\)\s*", s)
    if m:
        return m.group(1) if lang == "ja" else m.group(2)
    for key in sorted(_REGISTER_TERMS, key=len, reverse=True):
        ja, en = _REGISTER_TERMS[key]
        pattern = re.escape(key) if not key[0].isalpha() else rf"(?<![A-Za-z_]){re.escape(key)}(?![A-Za-z_])"
        s = re.sub(pattern, ja if lang == "ja" else en, s)
    return s
