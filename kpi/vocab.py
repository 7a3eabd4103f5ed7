"""The domain's vocabularies, declared once: money measures, PDCA stages, procurement classes and
categories, money units, missing marks and indicator units. No display text here (that is
kpi.labels); kpi.schema, kpi.labels, kpi.metrics, kpi.fmt, kpi.exchange and kpi.build import from here.
The scale outliers (programs left out of money totals by default) are declared in kpi.scope."""

from __future__ import annotations

import re
import unicodedata

# ---------------------------------------------------------------- money measures (table `money`)
# Named relative to the report's fiscal year (report_fy), so every year's report fits: in the
# 平成28年度 report, budget = 28年度予算 and budget_next = 29年度予算.
KEY_MEASURES = (
    "budget",  # key program: the report year's budget (28年度予算)
    "settlement",  # key program: the report year's settlement (28年度決算(見込))
    "budget_next",  # key program: the next year's budget (29年度予算)
    "stated_change",  # key program: the change printed beside the next year's budget
)
NONKEY_MEASURES = (
    "actual_spend",  # non-key program: the report year's actual (平成28年度の実績, 千円)
    "outline_next",  # non-key program: the next year's outline budget (平成29年度の概要, 千円)
)
MONEY_MEASURES = KEY_MEASURES + NONKEY_MEASURES
KEY_BUDGET_MEASURES = tuple(m for m in KEY_MEASURES if m != "stated_change")  # the budgets a chart compares
SUMMED_MEASURES = KEY_BUDGET_MEASURES + NONKEY_MEASURES  # the measures money totals add up
NONNEGATIVE_MEASURES = SUMMED_MEASURES  # a stated change may be negative; no other amount may
MONEY_COLUMNS = {m: f"{m}_kyen" for m in MONEY_MEASURES}  # kpi.metrics.programs' wide columns (千円)

# ---------------------------------------------------------------- money units
BASE_MONEY_UNIT = "千円"  # every stored amount (`*_kyen`)
MONEY_UNITS = {"千円": 1, "百万円": 1_000, "億円": 100_000}  # divisor from 千円
MONEY_UNITS_EN = {"千円": "thousand yen", "百万円": "million yen", "億円": "100 million yen"}
MONEY_DECIMALS = {"千円": 0, "百万円": 1, "億円": 2}  # decimals shown per unit

# ---------------------------------------------------------------- notes (table `notes`)
NOTE_STAGES = (
    "plan",  # 事業計画 Plan
    "main_actions",  # 主な取組
    "do",  # 事業の実施状況 Do — the report year's results (平成28年度の実績)
    "check",  # 川崎市産業振興協議会からの主な検証意見 Check
    "action",  # 平成29年度以降の対応 Action
    "plan_next",  # the next year's plan (平成29年度の事業計画)
    "summary_actual",  # non-key program: the report year's 実績 text (平成28年度の実績)
    "summary_next",  # non-key program: the next year's 概要 text (平成29年度の概要)
    "footnote",  # a footnote printed under a program
)

# ---------------------------------------------------------------- procurement (第19条, table `procurement`)
FIRM_CLASSES = ("local_large", "local_sme", "other", "outside", "total")
CATEGORIES = ("goods", "works", "services", "total")  # in the table's (and the charts') order
CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORIES)}

# ---------------------------------------------------------------- other closed fields
DIRECTIONS = ("higher", "lower")
OPINION_GROUPS = ("cross_cutting", "other")
CORRECTION_KINDS = ("number", "text")

# ---------------------------------------------------------------- values as a report prints them
KNOWN_UNITS = ("人", "回", "件", "%", "百万円", "万人", "社")  # indicator units a report may use
MISSING_MARKS = frozenset({"", "—", "－", "-", "―", "‐"})  # how a report prints "no value"


# ---------------------------------------------------------------- matching names
def name_key(text) -> str:
    """A program (or indicator) name as matched across reports and rows: NFKC width-folded, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
