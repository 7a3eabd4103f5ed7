"""kpi.rollup (DuckDB) gives the same frames as kpi.metrics (pandas): on the shipped report, on
synthetic many-report data (bench.synthetic) and on hand-made edge cases of attainment and status."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bench.synthetic import synthetic_frames, write_synthetic
from kpi import DataFileError, metrics, read_report, rollup
from kpi import status as st
from kpi.build import write_parquet
from kpi.io import DEFAULT_DATA

OUTLIERS = tuple(metrics.SCALE_OUTLIERS)
ROLLUP_CASES = [(None, ()), (2015, ()), (2014, ()), (None, OUTLIERS), (2016, ("間接融資事業",))]
MONEY_BY = [(), ("article_no",), ("is_key",), ("article_no", "is_key")]
COUNT_BY = [(), ("article_no",), ("report_city", "report_fy", "article_no"), ("program_no",)]


@pytest.fixture(scope="module")
def report():
    return read_report()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """3 cities × 4 fiscal years of the report's structure with perturbed numbers (12 reports)."""
    path = write_synthetic(tmp_path_factory.mktemp("syn") / "synthetic.parquet", 3, 4)
    return path, read_report(path)


def _sources(path, report):
    return [("file", path), ("report", report)]


@pytest.mark.parametrize("fiscal_year, exclude", ROLLUP_CASES)
def test_article_rollup_equals_pandas_on_the_report(report, fiscal_year, exclude):
    expected = metrics.article_rollup(report, fiscal_year, exclude)
    assert len(expected) == 9
    for _, src in _sources(DEFAULT_DATA, report):
        pd.testing.assert_frame_equal(rollup.article_rollup(src, fiscal_year, exclude), expected)


def test_article_rollup_real_values(report):
    """The FY2016 total row as the report prints it: 65 programs, 57 indicators (38 / 8 / 11)."""
    total = rollup.article_rollup(DEFAULT_DATA).iloc[-1]
    assert total["article_title"] == "合計" and pd.isna(total["article_no"])
    assert (total["programs"], total["total"], total[st.ACHIEVED.key], total[st.NEAR_MISS.key], total[st.MISSED.key]) == (65, 57, 38, 8, 11)


@pytest.mark.parametrize("fiscal_year, exclude", ROLLUP_CASES)
def test_article_rollup_equals_pandas_on_many_reports(synthetic, fiscal_year, exclude):
    path, rep = synthetic
    expected = metrics.article_rollup(rep, fiscal_year, exclude)
    assert expected["report_city"].nunique() == 3 and len(expected) == 12 * 9
    for _, src in _sources(path, rep):
        pd.testing.assert_frame_equal(rollup.article_rollup(src, fiscal_year, exclude), expected)


@pytest.mark.parametrize("by", MONEY_BY)
@pytest.mark.parametrize("exclude", [(), OUTLIERS])
def test_money_totals_equal_pandas(report, synthetic, by, exclude):
    path, rep = synthetic
    for data_path, data in ((DEFAULT_DATA, report), (path, rep)):
        expected = metrics.money_totals(metrics.programs(data), exclude, by)
        for _, src in _sources(data_path, data):
            pd.testing.assert_frame_equal(rollup.money_totals(src, exclude, by), expected)


@pytest.mark.parametrize("by", COUNT_BY)
@pytest.mark.parametrize("fiscal_year", [None, 2015])
def test_status_counts_equal_pandas(report, synthetic, by, fiscal_year):
    path, rep = synthetic
    for data_path, data in ((DEFAULT_DATA, report), (path, rep)):
        if not by and data is rep:
            continue  # the pandas status_counts without groups is for one report
        expected = metrics.status_counts(metrics._in_year(metrics.indicators(data), fiscal_year), by)
        for _, src in _sources(data_path, data):
            pd.testing.assert_frame_equal(rollup.status_counts(src, fiscal_year, by), expected)


def test_the_threshold_is_a_parameter_not_a_literal(report):
    """The near-miss threshold reaches the SQL from the caller (default: kpi.status)."""
    for pct in (80.0, st.NEAR_MISS_THRESHOLD_PCT, 99.5):
        expected = metrics.status_counts(metrics._in_year(metrics.indicators(report, near_miss_pct=pct), None))
        pd.testing.assert_frame_equal(rollup.status_counts(report, near_miss_pct=pct), expected)
    assert str(st.NEAR_MISS_THRESHOLD_PCT) in rollup.status_sql()
    assert rollup.status_sql(near_miss_pct=80.0).count("80.0") == 1


def test_edge_cases_of_attainment_and_status(report, tmp_path):
    """Lower-is-better (with an actual of 0), zero and negative targets, negative and missing actuals."""
    frames = synthetic_frames(report, 2, 1)
    ind = frames["indicators"]
    n = len(ind)
    rng = np.random.default_rng(7)
    target = pd.to_numeric(ind["target"], errors="coerce").to_numpy(dtype=float)
    actual = pd.to_numeric(ind["actual"], errors="coerce").to_numpy(dtype=float)
    kind = rng.integers(0, 6, size=n)
    target = np.where(kind == 1, 0.0, np.where(kind == 2, -5.0, target))
    actual = np.where(kind == 3, -1.0, np.where(kind == 4, np.nan, np.where(kind == 5, 0.0, actual)))
    direction = np.where(rng.random(n) < 0.5, "lower", "higher")
    ind["target"] = pd.arrays.ArrowExtensionArray(pa.array(target, from_pandas=True))
    ind["actual"] = pd.arrays.ArrowExtensionArray(pa.array(actual, from_pandas=True))
    ind["direction"] = pd.array(direction, dtype=ind["direction"].dtype)
    path = write_parquet(frames, tmp_path / "edge.parquet", source_sha256="edge")
    rep = read_report(path)
    statuses = set(metrics.indicators(rep)["status"])
    assert statuses == {s.key for s in st.STATUSES}  # every status occurs
    for src in (path, rep):
        pd.testing.assert_frame_equal(rollup.article_rollup(src), metrics.article_rollup(rep))
        pd.testing.assert_frame_equal(rollup.status_counts(src, None, ("program_no",)),
                                      metrics.status_counts(metrics._in_year(metrics.indicators(rep), None), ("program_no",)))


def test_unknown_exclusion_is_refused_as_in_pandas(report):
    with pytest.raises(ValueError, match="unknown programs"):
        metrics.article_rollup(report, exclude=["存在しない事業"])
    for src in (DEFAULT_DATA, report):
        with pytest.raises(ValueError, match="unknown programs"):
            rollup.article_rollup(src, exclude=["存在しない事業"])
        with pytest.raises(ValueError, match="unknown programs"):
            rollup.money_totals(src, exclude=["存在しない事業"])


def test_unusable_file_is_a_data_file_error(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    with pytest.raises(DataFileError):
        rollup.article_rollup(bad)
    old = tmp_path / "old.parquet"
    pq.write_table(pa.table({"table": ["programs"]}), old)
    with pytest.raises(DataFileError, match="schema version"):
        rollup.article_rollup(old)
