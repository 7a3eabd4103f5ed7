"""ui.frames: the labelled frames the pages show, with the formats their CSV/XLSX carry, checked with
the report's own values (the H28 key budget total, 14 of 31 seminar participants)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import kpi
from kpi import metrics, scope
from ui import export, frames
from ui.i18n import t
from ui.state import Prefs

DATA = Path(__file__).resolve().parents[1] / "data" / "kawasaki_h28.parquet"
SEMINAR = "起業・創業セミナーの参加者数"  # actual 14 ÷ target 31 = 45.16… %


@pytest.fixture(scope="module")
def report():
    return kpi.read_report(DATA)


def _csv(shown: frames.Shown) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(export.csv_bytes(shown.frame, formats=shown.formats)), encoding="utf-8-sig")


def _xlsx(shown: frames.Shown):
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(shown.frame, formats=shown.formats))).active
    header = [c.value for c in ws[1]]
    return header, list(ws.iter_rows(min_row=2))


def test_key_budget_total_in_million_yen_keeps_its_decimal_on_screen_and_in_both_exports(report):
    rollup = metrics.article_rollup(report, 2016, exclude=scope.default_excluded(report.programs["program_name"]))
    shown = frames.article_money(rollup, Prefs(unit="百万円"))
    col = "平成28年度予算(百万円)"
    assert col in shown.frame.columns and shown.formats[col] == export.Column(decimals=1)
    assert shown.frame[col].iloc[-1] == 1012.4  # 1,012,370千円 on screen
    assert shown.frame.iloc[-1, 0] == "合計"
    assert _csv(shown)[col].iloc[-1] == 1012.4
    header, rows = _xlsx(shown)
    cell = rows[-1][header.index(col)]
    assert cell.value == 1012.4 and cell.number_format == "#,##0.0"
    in_kyen = frames.article_money(rollup, Prefs(unit="千円"))
    assert in_kyen.frame["平成28年度予算(千円)"].iloc[-1] == 1012370
    assert in_kyen.formats["平成28年度予算(千円)"].excel == "#,##0"
    assert list(shown.config()) == list(shown.money)  # every amount column localized on screen


def test_whole_amounts_in_million_yen_are_not_reguessed_as_integers():
    shown = frames.money_frame(pd.DataFrame({"budget_kyen": [1_000, 2_000]}), ["budget_kyen"], Prefs(unit="百万円"))
    header, rows = _xlsx(shown)
    assert [r[0].number_format for r in rows] == ["#,##0.0", "#,##0.0"]  # 1.0 百万円 as on screen, not '#,##0'


def test_14_of_31_is_45_1_on_screen_in_csv_and_xlsx(report):
    missed = metrics.missed_targets(report, 2016, statuses=("missed",))
    shown = frames.needs_attention(missed, "ja")
    row = shown.frame.set_index("指標").loc[SEMINAR]
    assert (row["目標"], row["実績"], row["達成率(%)"]) == (31, 14, 45.1)
    assert shown.formats["達成率(%)"] == frames.ATTAINMENT
    assert _csv(shown).set_index("指標").loc[SEMINAR, "達成率(%)"] == 45.1
    # the rounding is the export's own too: the unrounded rate is still written as 45.1
    raw = frames.Shown(shown.frame.assign(**{"達成率(%)": missed["attainment_pct"].to_numpy()}), shown.formats)
    assert _csv(raw).set_index("指標").loc[SEMINAR, "達成率(%)"] == 45.1
    header, rows = _xlsx(raw)
    cell = next(r for r in rows if r[header.index("指標")].value == SEMINAR)[header.index("達成率(%)")]
    assert cell.value == 45.1 and cell.number_format == '0.0"%"'


def test_attainment_table_and_program_indicators_carry_the_rate_format(report):
    ind = metrics.indicators(report)
    corr = report.corrections.set_index("correction_id")
    table = frames.indicator_table(ind, Prefs(), corr)
    assert list(table.frame.columns[:2]) == ["事務事業名", "指標"]
    assert table.formats == {"達成率(%)": frames.ATTAINMENT}
    notes = table.frame[t("corrected_mark", "ja")]
    assert notes.str.contains("「13,0000」→", regex=False).sum() == 1  # C01, beside its row
    one = frames.program_indicators(ind[ind["indicator_name"] == SEMINAR], Prefs())
    assert 45.1 in one.frame["達成率(%)"].dropna().tolist() and one.formats == {"達成率(%)": frames.ATTAINMENT}


def test_budget_frames_carry_the_full_article_title(report):
    progs = metrics.programs(report)
    bars = metrics.money_totals(progs, by=("article_no",))
    titles = report.articles.set_index("article_no")["article_title"]
    shown = frames.money_bars(bars, ["budget", "settlement", "budget_next"], Prefs(), "article", titles)
    labels = shown.frame["条文の施策"].tolist()
    assert "第15条 経営基盤の強化及び小規模企業者の事情の考慮" in labels
    assert not any(x.endswith("…") for x in labels)
    assert list(shown.frame.columns[1:]) == list(shown.money)


def test_budget_tabs_formats(report):
    progs = metrics.programs(report)
    chg = frames.change(progs[progs["change_kyen"].notna()], Prefs())
    assert chg.formats["増減率(%)"] == frames.PCT and chg.formats["増減(千円)"] == export.Column(0)
    every = frames.money_per_program(progs, Prefs(unit="億円"))
    assert len(every.frame) == 65
    assert {f.decimals for c, f in every.formats.items() if c in every.money} == {2}
    assert every.formats["執行率(%)"] == frames.PCT
    ex = frames.execution(progs[progs["execution_rate_pct"].notna()], Prefs())
    assert ex.formats == {"執行率(%)": frames.PCT}


def test_registers_and_rollup(report):
    rollup = metrics.article_rollup(report, 2016)
    full = frames.article_rollup(rollup, Prefs())
    compact = frames.article_rollup(rollup, Prefs(), compact=True)
    assert set(compact.frame.columns) < set(full.frame.columns)
    assert full.formats["最小(%)"] == frames.ATTAINMENT
    assert full.frame["最小(%)"].iloc[0] == 45.1  # 第12条's lowest: 14/31, rounded down
    chart = frames.status_by_article(rollup, Prefs())
    assert chart.frame.iloc[:, 1].tolist()[3] == "経営基盤の強化及び小規模企業者の事情の考慮"
    preview = frames.import_rollup(rollup, Prefs())
    assert list(preview.frame.columns[: len(compact.frame.columns)]) == list(compact.frame.columns)
    assert len(frames.corrections(report.corrections, "en").frame) == len(report.corrections)
    assert len(frames.discrepancies(report.discrepancies, "ja").frame) == len(report.discrepancies)


def test_trend_median_attainment_is_rounded_down_in_the_frame_and_the_chart():
    """14/31 = 45.16…%: 45.1 on 推移 as on 概要 (round half would give 45.2)."""
    from ui import charts

    lines = pd.DataFrame({"label": ["第12条"], "report_city": ["川崎市"], "fiscal_year": [2016], "achieved": [14],
                          "evaluable": [31], "share_achieved_pct": [14 / 31 * 100], "median_attainment_pct": [14 / 31 * 100]})
    p = Prefs("ja")
    shown = frames.attainment_trend(lines, p)
    assert shown.frame[t("col_median", "ja")].tolist() == [45.1]
    assert shown.formats[t("col_median", "ja")] == frames.ATTAINMENT
    assert shown.frame[t("tr_share", "ja")].tolist() == [45.2]  # a share of indicators, not an attainment
    fig = charts.attainment_trend_lines(lines, "report_city", p, "t", "出典")
    assert fig.data[0].customdata[0][2] == "45.1%"
