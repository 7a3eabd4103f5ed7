"""kpi: expectations computed by hand from the report; edge cases on tiny frames and by hypothesis."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as s

from kpi import DataFileError, fmt, metrics, notes, read_report, read_report_bytes, status
from kpi.io import DEFAULT_DATA


@pytest.fixture(scope="module")
def report():
    return read_report()


@pytest.fixture(scope="module")
def ind(report):
    return metrics.indicators(report)


@pytest.fixture(scope="module")
def progs(report):
    return metrics.programs(report)


def one(df, **eq):
    mask = pd.Series(True, index=df.index)
    for k, v in eq.items():
        mask &= df[k] == v
    rows = df[mask]
    assert len(rows) == 1, eq
    return rows.iloc[0]


# ---------------------------------------------------------------- indicators from the report


def test_attainment_kawasaki_entrepreneur_school(ind):
    r = one(ind, indicator_name="かわさき起業家塾の参加人数", fiscal_year=2016)
    assert r["attainment_pct"] == pytest.approx(14 / 20 * 100) == pytest.approx(70.0)
    assert r["status"] == "missed" and r["shortfall"] == 6 and r["actual_change"] == 2  # 12 → 14


def test_attainment_loan_programme(ind):
    r = one(ind, indicator_name="川崎市中小企業融資制度融資実績", fiscal_year=2016)
    assert r["attainment_pct"] == pytest.approx(32332 / 39331 * 100) and round(r["attainment_pct"], 1) == 82.2
    assert r["status"] == "missed" and r["shortfall"] == 6999 and r["unit"] == "百万円"


def test_near_miss_and_achieved(ind):
    kbic = one(ind, indicator_name="KBIC入居者に対する経営相談等の支援件数", fiscal_year=2016)
    assert kbic["attainment_pct"] == pytest.approx(96.5) and kbic["status"] == "near_miss" and kbic["shortfall"] == 14
    occ = one(ind, indicator_name="KBICの入居率", fiscal_year=2016)
    assert occ["status"] == "achieved" and occ["shortfall"] == 0


def test_fy2015_without_target_is_not_evaluable(ind):
    r = one(ind, indicator_name="かわさき起業家塾の参加人数", fiscal_year=2015)
    assert math.isnan(r["attainment_pct"]) and r["status"] == "not_evaluable" and math.isnan(r["shortfall"])


def test_corrected_value_is_flagged(ind):
    r = one(ind, indicator_name="カワサキハロウィンの来場者数", fiscal_year=2016)
    assert r["is_corrected"] and r["actual"] == 130000 and r["status"] == "achieved"


def test_fy2016_status_counts(ind):
    counts = metrics.status_counts(ind[ind["fiscal_year"] == 2016], []).iloc[0].to_dict()
    assert counts == {"achieved": 38, "near_miss": 8, "missed": 11, "not_evaluable": 0, "total": 57}


# ---------------------------------------------------------------- programs and money


def test_budget_change_and_execution_rate(progs):
    shin = one(progs, program_name="新川崎・創造のもり推進事業")
    assert shin["change_kyen"] == 76192 - 4039170 == -3962978 and shin["change_basis"] == "budget"
    sentan = one(progs, program_name="先端産業等立地促進事業")
    assert sentan["execution_rate_pct"] == pytest.approx(1132 / 215379 * 100) and round(sentan["execution_rate_pct"], 2) == 0.53
    kigyo = one(progs, program_name="起業化総合支援事業")
    assert kigyo["execution_rate_pct"] == pytest.approx(9676 / 10220 * 100) and kigyo["change_kyen"] == 0


def test_non_key_change_is_against_h28_actual(progs):
    eco = one(progs, program_name="環境調和型まちづくり(エコタウン)推進事業")
    assert eco["change_basis"] == "actual" and eco["change_kyen"] == 29850 - 30070
    assert math.isnan(eco["execution_rate_pct"])
    zero = one(progs, program_name="水江町地区活性化推進事業")  # (0 千円) → (5,249 千円)
    assert zero["change_kyen"] == 5249 and math.isnan(zero["change_pct"])


def test_program_without_figures_stays_missing(progs):
    m = one(progs, program_name="中小企業の経営相談・金融相談事業(溝口事務所)")
    for col in ("actual_spend_kyen", "outline_next_kyen", "base_kyen", "change_kyen"):
        assert math.isnan(m[col]), col


def test_stated_change_discrepancy_is_flagged(progs):
    m = one(progs, program_name="ものづくり中小企業経営革新等支援事業")
    assert m["stated_change_differs"] and m["stated_change_kyen"] == 16927 and m["change_kyen"] == 18727
    assert progs["stated_change_differs"].sum() == 1


def test_money_totals_with_and_without_outliers(progs):
    all_ = metrics.money_totals(progs).iloc[0]
    assert all_["budget_kyen"] == 28947540 and all_["programs"] == 65 and all_["programs_without_figures"] == 1
    assert all_["key_programs"] == 23
    key = progs[progs["is_key"]]
    assert all_["budget_kyen"] == key["budget_kyen"].sum()
    no_loans = metrics.money_totals(progs, exclude=["間接融資事業"]).iloc[0]
    assert no_loans["budget_kyen"] == 28947540 - 23896000 and no_loans["excluded"] == "間接融資事業"
    with pytest.raises(ValueError, match="unknown programs"):
        metrics.money_totals(progs, exclude=["存在しない事業"])


def test_article_rollup_total_row_adds_up(report):
    roll = metrics.article_rollup(report)
    arts, total = roll[roll["article_no"].notna()], roll[roll["article_no"].isna()].iloc[0]
    assert arts["article_no"].tolist() == list(range(12, 20))
    for col in ("programs", "key_programs", "achieved", "near_miss", "missed", "not_evaluable", "total"):
        assert arts[col].sum() == total[col], col
    assert total["programs"] == 65 and total["missed"] == 11
    a12 = one(roll, article_no=12)
    assert (a12["achieved"], a12["near_miss"], a12["missed"], a12["key_programs_with_missed"]) == (7, 3, 4, 2)
    assert a12["budget_kyen"] == 10220 + 41385 + 48077 + 5950
    excl = metrics.article_rollup(report, exclude=["間接融資事業"])
    a15 = one(excl, article_no=15)
    assert (a15["key_programs"], a15["money_key_programs"], a15["money_programs"]) == (4, 3, 16)
    assert a15["budget_kyen"] == 352886 + 2300 + 4610


def test_overview(report):
    o = metrics.overview(report)
    assert (o["programs"], o["key_programs"], o["indicators"]) == (65, 23, 57)
    assert o["money"]["budget_kyen"] == 28947540 and o["excluded"] == []  # nothing left out unless asked
    o = metrics.overview(report, exclude=["間接融資事業"])
    assert o["money"]["budget_kyen"] == 5051540 and o["excluded"] == ["間接融資事業"]


def test_overview_refuses_several_reports(tmp_path, report):
    from bench.synthetic import write_synthetic

    multi = read_report(write_synthetic(tmp_path / "syn.parquet", n_cities=1, n_years=2, base=report))
    with pytest.raises(ValueError, match="Report.select"):
        metrics.overview(multi)
    assert metrics.overview(multi.select("市000", 2016))["programs"] == 65
    totals = metrics.money_totals(metrics.programs(multi))
    assert len(totals) == 2 and set(totals["report_fy"]) == {2015, 2016}  # never summed across reports


def test_missed_targets_carry_check_and_action(report):
    m = metrics.missed_targets(report, statuses=["missed"])
    assert len(m) == 11 and m["attainment_pct"].is_monotonic_increasing
    juku = one(m, indicator_name="かわさき起業家塾の参加人数")
    assert juku["check_text"].split("\n")[0] == "・起業に向けた段階的な支援に取り組んでいる点は評価できる。"
    assert "かわさき起業家塾の参加人数が目標値を下回った" in juku["action_text"]
    assert set(metrics.missed_targets(report, article_no=18)["status"]) <= {"missed", "near_miss"}


def test_procurement_share(report):
    share = metrics.procurement_share(report)
    tot16 = one(share, category="total", fiscal_year=2016)
    assert tot16["sme_share_pct"] == pytest.approx(41509 / 85107 * 100) and round(tot16["sme_share_pct"], 1) == 48.8
    tot15 = one(share, category="total", fiscal_year=2015)
    assert tot16["share_change_pt"] == pytest.approx(41509 / 85107 * 100 - 38011 / 71019 * 100)
    assert math.isnan(tot15["share_change_pt"])


# ---------------------------------------------------------------- attainment edge cases


@pytest.mark.parametrize(
    "target, actual, direction, rate, key",
    [
        (20, 14, "higher", 70.0, "missed"),
        (20, 18, "higher", 90.0, "near_miss"),
        (20, 20, "higher", 100.0, "achieved"),
        (20, 30, "higher", 150.0, "achieved"),
        (0, 5, "higher", None, "not_evaluable"),  # target 0: no rate, never 100 or inf
        (None, 5, "higher", None, "not_evaluable"),
        (5, None, "higher", None, "not_evaluable"),
        (5, 0, "higher", 0.0, "missed"),  # a real zero actual is a real 0 %
        (10, 20, "lower", 50.0, "missed"),
        (10, 8, "lower", 125.0, "achieved"),
        (10, 0, "lower", None, "achieved"),  # perfect for lower-is-better, no finite rate
        (-5, 3, "higher", None, "not_evaluable"),
    ],
)
def test_attainment_table(target, actual, direction, rate, key):
    got = metrics.attainment_pct(target, actual, direction)
    assert (rate is None and math.isnan(got)) or got == pytest.approx(rate)
    assert metrics.status_key([target], [actual], [direction])[0] == key


def _tiny_report(report, rows):
    """The real report with its indicators replaced by hand-made rows of one program."""
    base = report.indicators.iloc[[0]].copy()
    frames = []
    for k, (fy, target, actual, cumulative, direction) in enumerate(rows):
        r = base.copy()
        r["indicator_no"] = pd.array([1], dtype=r["indicator_no"].dtype)
        r["fiscal_year"] = pd.array([fy], dtype=r["fiscal_year"].dtype)
        r["target"] = pd.array([target], dtype=r["target"].dtype)
        r["actual"] = pd.array([actual], dtype=r["actual"].dtype)
        r["is_cumulative"] = pd.array([cumulative], dtype=r["is_cumulative"].dtype)
        r["direction"] = pd.array([direction], dtype=r["direction"].dtype)
        frames.append(r)
    return dataclasses.replace(report, indicators=pd.concat(frames, ignore_index=True))


def test_cumulative_indicator_compared_on_levels(report):
    tiny = _tiny_report(report, [(2015, None, 77, True, "higher"), (2016, 77, 84, True, "higher")])
    i = metrics.indicators(tiny)
    r16 = i[i["fiscal_year"] == 2016].iloc[0]
    assert r16["attainment_pct"] == pytest.approx(84 / 77 * 100) and r16["actual_change"] == 7


def test_actual_change_needs_consecutive_years(report):
    tiny = _tiny_report(report, [(2014, 5, 5, False, "higher"), (2016, 5, 9, False, "higher")])
    i = metrics.indicators(tiny)
    assert math.isnan(i[i["fiscal_year"] == 2016].iloc[0]["actual_change"])


finite = s.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
maybe = s.one_of(s.none(), finite, s.just(0.0), s.floats(min_value=-1e6, max_value=-1e-6))


@given(target=maybe, actual=maybe, direction=s.sampled_from(["higher", "lower"]))
def test_attainment_properties(target, actual, direction):
    rate = metrics.attainment_pct(target, actual, direction)
    key = metrics.status_key([target], [actual], [direction])[0]
    missing = target is None or actual is None or target <= 0 or actual < 0
    if missing:
        assert math.isnan(rate) and key == "not_evaluable"
        return
    if direction == "lower" and actual == 0:
        assert math.isnan(rate) and key == "achieved"
        return
    expected = actual / target * 100 if direction == "higher" else target / actual * 100
    if not math.isfinite(expected):
        assert math.isnan(rate) and key == "not_evaluable"
        return
    assert rate == pytest.approx(expected)
    assert key == status.status_for(rate).key
    # achieved exactly when the actual is on the right side of the target
    assert (key == "achieved") == (rate >= 100)


@given(t=s.floats(min_value=1, max_value=1e6), a=s.floats(min_value=1, max_value=1e6))
def test_lower_is_better_mirrors_higher(t, a):
    assert metrics.attainment_pct(t, a, "lower") == pytest.approx(metrics.attainment_pct(a, t, "higher"))


@given(rate=s.floats(min_value=0, max_value=500), th=s.floats(min_value=50, max_value=99.9))
def test_status_thresholds(rate, th):
    got = status.status_for(rate, th)
    assert got is (status.ACHIEVED if rate >= 100 else status.NEAR_MISS if rate >= th else status.MISSED)


def test_status_definitions_are_complete():
    assert [x.key for x in status.STATUSES] == ["achieved", "near_miss", "missed", "not_evaluable"]
    assert len({x.color for x in status.STATUSES}) == 4 and [x.icon for x in status.STATUSES] == ["○", "△", "×", "－"]


# ---------------------------------------------------------------- notes


def test_notes_search_finds_programs(report):
    hits = notes.search(report, "起業家塾")
    assert "起業化総合支援事業" in set(hits["program_name"].dropna())
    assert notes.search(report, "ＫＢＩＣ 入居率")["program_name"].eq("新産業創造支援事業").any()  # full-width, two words
    assert notes.search(report, "Bizかわ")["kind"].eq("opinion").any()
    assert notes.search(report, "   ").empty


def test_segments_highlight_every_word():
    assert notes.segments("KBICの入居率とＫＢＩＣ", "kbic") == [("KBIC", True), ("の入居率と", False), ("ＫＢＩＣ", True)]
    assert notes.segments("<script>alert(1)</script>", "alert") == [("<script>", False), ("alert", True), ("(1)</script>", False)]
    assert notes.segments("abc", "") == [("abc", False)]


def test_program_notes_in_pdca_order(report):
    n = notes.program_notes(report, program_no=1)
    order = list(dict.fromkeys(n["stage"]))
    assert order == ["plan", "main_actions", "do", "check", "action", "plan_next"]
    a19 = notes.program_notes(report, article_no=19)
    assert a19["stage"].iloc[0] == "plan" and (a19["stage"] == "check").sum() == 7


# ---------------------------------------------------------------- display helpers


def test_no_negative_zero_and_attainment_never_rounds_up_to_a_threshold():
    assert fmt.format_money(-10, "百万円") == "0.0百万円" and fmt.format_money(-87, "億円", signed=True) == "+0.00億円"
    assert fmt.format_pct(-0.01) == "0.0%"
    assert fmt.format_attainment(99.96) == "99.9%" and fmt.format_attainment(89.99, 0) == "89%"
    assert fmt.format_attainment(70.0) == "70.0%" and fmt.format_attainment(None) == "—"


def test_money_formatting():
    assert fmt.format_money(10220) == "10,220千円"
    assert fmt.format_money(23896000, "億円") == "238.96億円"
    assert fmt.format_money(23896000, "百万円") == "23,896.0百万円"
    assert fmt.format_money(-3962978, "百万円", signed=True) == "-3,963.0百万円"
    assert fmt.format_money(10220, lang="en") == "10,220 thousand yen"
    assert fmt.format_money(None) == "—" and fmt.format_money(float("nan")) == "—" and fmt.format_money(pd.NA) == "—"
    with pytest.raises(ValueError):
        fmt.format_money(1, "万円")


@pytest.mark.parametrize("fy, wareki", [(2016, "平成28年度"), (1989, "平成元年度"), (2018, "平成30年度"), (2019, "令和元年度"), (2020, "令和2年度")])
def test_wareki_round_trip(fy, wareki):
    assert fmt.wareki_fy(fy) == wareki and fmt.parse_fy(wareki) == fy


def test_fiscal_year_parsing_and_periods():
    assert fmt.parse_fy("平成 28 年度") == fmt.parse_fy("H28") == fmt.parse_fy("2016 (28) 年度") == fmt.parse_fy("FY2016") == 2016
    assert fmt.parse_fy("R2") == 2020 and fmt.parse_fy("令和２年度") == 2020
    assert fmt.fy_label(2016, "western", "en") == "FY2016" and fmt.fy_label(2016, "western") == "2016年度"
    assert fmt.fy_period(2016) == (dt.date(2016, 4, 1), dt.date(2017, 3, 31))
    assert fmt.fy_of_date(dt.date(2017, 3, 31)) == 2016 and fmt.fy_of_date(dt.date(2017, 4, 1)) == 2017
    with pytest.raises(ValueError):
        fmt.parse_fy("来年度")


# ---------------------------------------------------------------- bad data files: one clear error


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match=r"does not exist.*python -m kpi.build"):
        read_report(tmp_path / "nope.parquet")


def test_truncated_file():
    data = DEFAULT_DATA.read_bytes()
    with pytest.raises(DataFileError, match="not a readable parquet file"):
        read_report_bytes(data[: len(data) // 2])


def test_not_parquet_at_all():
    with pytest.raises(DataFileError, match="not a readable parquet file"):
        read_report_bytes(b"program,budget\n1,2\n")


def test_wrong_schema(tmp_path):
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"a": [1, 2]}), path)
    with pytest.raises(DataFileError, match="schema version missing"):
        read_report(path)


def test_wrong_column_type(tmp_path):
    table = pq.read_table(DEFAULT_DATA)
    idx = table.column_names.index("amount_kyen")
    broken = table.set_column(idx, pa.field("amount_kyen", pa.string()), table.column(idx).cast(pa.string()))
    path = tmp_path / "broken.parquet"
    pq.write_table(broken.replace_schema_metadata(table.schema.metadata), path)
    with pytest.raises(DataFileError, match=r"table money: wrong column types \['amount_kyen"):
        read_report(path)


def test_loading_is_a_pure_function_of_bytes():
    data = DEFAULT_DATA.read_bytes()
    a, b = read_report_bytes(data), read_report_bytes(data)
    pd.testing.assert_frame_equal(a.programs, b.programs)
    assert a.source_sha256 == b.source_sha256 and len(a.source_sha256) == 64


def test_kpi_never_imports_streamlit():
    import pathlib

    for path in pathlib.Path(metrics.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path


# ---------------------------------------------------------------- several reports in one file


def test_reading_some_tables_only(report):
    part = read_report(DEFAULT_DATA, tables=["programs", "reports"])
    assert len(part.programs) == 65 and part.notes.empty and list(part.notes.columns) == list(report.notes.columns)
    with pytest.raises(ValueError, match="unknown tables"):
        read_report(DEFAULT_DATA, tables=["nope"])


def test_multi_report_rollup_and_select(tmp_path, report):
    from bench.synthetic import write_synthetic

    path = write_synthetic(tmp_path / "syn.parquet", n_cities=2, n_years=2, base=report)
    multi = read_report(path)
    assert multi.keys() == [("市000", 2015), ("市000", 2016), ("市001", 2015), ("市001", 2016)]
    roll = metrics.article_rollup(multi)
    assert len(roll) == 4 * 9 and roll["article_no"].isna().sum() == 4
    one_report = multi.select("市001", 2015)
    assert len(one_report.programs) == 65 and set(one_report.indicators["fiscal_year"]) == {2014, 2015}
    single = metrics.article_rollup(one_report)
    mine = roll[(roll["report_city"] == "市001") & (roll["report_fy"] == 2015)].reset_index(drop=True)
    pd.testing.assert_frame_equal(single, mine, check_dtype=False)
    # each report's own fiscal year is the default year of its roll-up
    assert single.loc[single["article_no"].isna(), "total"].iloc[0] == 57


def test_values_outside_a_declared_enum_are_a_data_file_error(tmp_path, report):
    from kpi.build import write_parquet

    ops = report.opinions.copy()
    ops["opinion_group"] = pd.array(["cross_cutting", "other", "surprise"], dtype=ops["opinion_group"].dtype)
    frames = {name: dataclasses.replace(report, opinions=ops).table(name) for name in report.__dataclass_fields__
              if name != "source_sha256"}
    path = write_parquet(frames, tmp_path / "enum.parquet")
    with pytest.raises(DataFileError, match=r"table opinions: column opinion_group has values outside .*'surprise'"):
        read_report(path)
