"""ui.i18n: the UI's strings and the labels it builds from kpi (units, fiscal years, money columns), text by text."""

from __future__ import annotations

import string

import pytest

from kpi import fmt, scope
from kpi import labels as kl
from ui import i18n


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_string_has_both_languages_with_the_same_placeholders(key):
    ja, en = i18n.STRINGS[key]
    assert isinstance(ja, str) and isinstance(en, str) and ja and en
    assert _fields(ja) == _fields(en), key


def test_t_fills_placeholders_and_the_loan_fund_name_comes_from_kpi_scope():
    assert i18n.t("article_n", "ja", n=12) == "第12条" and i18n.t("article_n", "en", n=12) == "Article 12"
    assert i18n.t("ov_include_loan", "en", name=scope.LOAN_FUND) == "Include 間接融資事業 (loan fund)"
    assert i18n.t("ov_include_loan", "ja", name=scope.LOAN_FUND) == "間接融資事業を含める"
    assert i18n.t("nav_overview", "fr") == "Overview"  # any other language reads English


@pytest.mark.parametrize("fy, ja_abbr, ja_long, en_wareki", [
    (1989, "H1", "平成元年度", "FY1989 (H1)"), (2016, "H28", "平成28年度", "FY2016 (H28)"),
    (2019, "R1", "令和元年度", "FY2019 (R1)"), (2020, "R2", "令和2年度", "FY2020 (R2)"),
])
def test_fiscal_years_in_every_style(fy, ja_abbr, ja_long, en_wareki):
    assert i18n.fy_abbr(fy, "ja") == ja_abbr and i18n.fy_abbr(fy, "en") == f"FY{fy}"
    assert i18n.fy_long(fy, "ja") == ja_long and i18n.fy_long(fy, "en") == f"FY{fy}"
    assert i18n.fy_text(fy, "ja", "wareki") == ja_long and i18n.fy_text(fy, "ja", "western") == f"{fy}年度"
    assert i18n.fy_text(fy, "en", "wareki") == en_wareki and i18n.fy_text(fy, "en", "western") == f"FY{fy}"
    assert i18n.fy_text is fmt.fy_text  # one family, in kpi.fmt
    assert i18n.years(fy, "ja") == {"y0": ja_abbr, "y1": fmt.era_abbr(fy + 1)}


@pytest.mark.parametrize("unit, ja, en", [("千円", "(千円)", " (thousand yen)"), ("百万円", "(百万円)", " (million yen)"),
                                          ("億円", "(億円)", " (100 million yen)")])
def test_unit_suffix(unit, ja, en):
    assert i18n.unit_suffix(unit, "ja") == ja and i18n.unit_suffix(unit, "en") == en
    assert i18n.unit_name(unit, "ja") == unit and i18n.unit_name(unit, "en") == en.strip(" ()")


@pytest.mark.parametrize("col, lang, unit, style, expected", [
    ("budget_kyen", "ja", "千円", "wareki", "平成28年度予算(千円)"),
    ("budget_kyen", "ja", "百万円", "western", "2016年度予算(百万円)"),
    ("budget_kyen", "en", "億円", "wareki", "FY2016 (H28) budget (100 million yen)"),
    ("budget_next_kyen", "ja", "千円", "wareki", "平成29年度予算(千円)"),
    ("outline_next_kyen", "en", "千円", "western", "FY2017 outline (thousand yen)"),
    ("stated_change_kyen", "ja", "百万円", "wareki", "増減・報告書記載(百万円)"),
    ("stated_change_kyen", "en", "千円", "wareki", "Stated change (thousand yen)"),
    ("change_kyen", "ja", "億円", "wareki", "増減(億円)"),
    ("change_kyen", "en", "百万円", "wareki", "Change (million yen)"),
    ("base_kyen", "ja", "千円", "wareki", "当年度(千円)"),
    ("next_kyen", "en", "千円", "wareki", "Next year (thousand yen)"),
])
def test_money_column_labels_are_as_shown(col, lang, unit, style, expected):
    assert i18n.money_column_label(col, lang, style, unit, report_fy=2016) == expected


def test_labels_carry_no_unit_and_plain_label_is_the_text_alone():
    assert all("千円" not in ja and "k¥" not in en and "(%)" not in ja for ja, en in kl.COLUMNS.values())
    assert i18n.plain_label("stated_change_kyen", "ja") == "増減・報告書記載"
    assert i18n.plain_label("change_kyen", "en") == "Change"
    assert kl.column_label("stated_change_kyen", "ja") == "増減・報告書記載(千円)"  # the declared unit, added by with_unit
    assert kl.column_label("attainment_pct", "ja") == "達成率(%)" and kl.column_label("attainment_pct", "en") == "Attainment (%)"
    assert kl.column_label("execution_rate_pct", "ja") == "執行率(%)" and kl.column_label("change_pct", "en") == "Change (%)"
    assert kl.column_label("program_name", "ja") == "事務事業名" and kl.column_label("target", "en") == "Target"


def test_measure_labels_name_the_year_relative_to_the_report():
    assert i18n.measure_label("budget", "ja", "wareki", "百万円", report_fy=2018) == "平成30年度予算(百万円)"
    assert i18n.measure_label("budget", "en", "wareki", "百万円", report_fy=2018) == "FY2018 (H30) budget (million yen)"
    assert i18n.measure_label("outline_next", "ja", "western", report_fy=2016) == "2017年度概要"
    assert i18n.measure_label("stated_change", "ja", "wareki", report_fy=2016) == "増減（報告書記載）"


def test_status_text_has_a_mark_and_words():
    assert i18n.status_text("missed", "ja") == "× 未達成" and i18n.status_text("achieved", "en") == "○ Achieved"
    assert i18n.article_label(12.0, "en") == "Article 12"
