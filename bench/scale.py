"""Scale: the kpi layer's attainment and article roll-up on 1,000× the report, against DuckDB.

Each side runs in its own process (so peak memory is its own): it reads the same parquet file and
computes, per report and article, the FY indicators by status, the median attainment and the money
totals. Sides: `kpi` is the scale path (kpi.rollup.article_rollup on the file), `pandas` the pandas
path (kpi.read_report + kpi.metrics.article_rollup), `duckdb` a hand-written SQL baseline. The
results are compared value by value before any time is reported."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

TABLES = ["reports", "articles", "programs", "money", "indicators"]
NEAR = 90.0

DUCKDB_SQL = """
WITH d AS (SELECT * FROM read_parquet($path)),
prog AS (SELECT report_city, report_fy, program_no, article_no, is_key FROM d WHERE "table" = 'programs'),
ind AS (SELECT i.report_city, i.report_fy, p.article_no, i.target, i.actual, i.direction,
               CASE WHEN i.target IS NULL OR i.actual IS NULL OR i.target <= 0 OR i.actual < 0 THEN NULL
                    WHEN i.direction = 'lower' THEN CASE WHEN i.actual = 0 THEN NULL ELSE i.target / i.actual * 100 END
                    ELSE i.actual / i.target * 100 END AS att
        FROM d i JOIN prog p USING (report_city, report_fy, program_no)
        WHERE i."table" = 'indicators' AND i.fiscal_year = i.report_fy),
st AS (SELECT *, CASE WHEN att >= 100 OR (direction = 'lower' AND actual = 0 AND target > 0) THEN 'achieved'
                      WHEN att >= $near THEN 'near_miss' WHEN att IS NOT NULL THEN 'missed'
                      ELSE 'not_evaluable' END AS status FROM ind),
ind_agg AS (SELECT report_city, report_fy, article_no,
                   count(*) FILTER (WHERE status = 'achieved') AS achieved,
                   count(*) FILTER (WHERE status = 'near_miss') AS near_miss,
                   count(*) FILTER (WHERE status = 'missed') AS missed,
                   count(*) FILTER (WHERE status = 'not_evaluable') AS not_evaluable,
                   median(att) AS median_pct
            FROM st GROUP BY ALL),
money AS (SELECT p.report_city, p.report_fy, p.article_no,
                 sum(amount_kyen) FILTER (WHERE measure = 'budget') AS budget_kyen,
                 sum(amount_kyen) FILTER (WHERE measure = 'settlement') AS settlement_kyen,
                 sum(amount_kyen) FILTER (WHERE measure = 'budget_next') AS budget_next_kyen
          FROM d m JOIN prog p USING (report_city, report_fy, program_no)
          WHERE m."table" = 'money' GROUP BY ALL)
SELECT * FROM ind_agg FULL JOIN money USING (report_city, report_fy, article_no)
ORDER BY report_city, report_fy, article_no
"""

COMPARE = ["achieved", "near_miss", "missed", "not_evaluable", "median_pct", "budget_kyen", "settlement_kyen", "budget_next_kyen"]


def run_kpi(path: str) -> pd.DataFrame:
    from kpi import rollup

    roll = rollup.article_rollup(path)
    return roll[roll["article_no"].notna()]


def run_pandas(path: str) -> pd.DataFrame:
    from kpi import metrics, read_report

    roll = metrics.article_rollup(read_report(path, tables=TABLES))
    return roll[roll["article_no"].notna()]


def run_duckdb(path: str) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect()
    return con.execute(DUCKDB_SQL, {"path": path, "near": NEAR}).df()


def _normalise(df: pd.DataFrame) -> pd.DataFrame:
    df = df[["report_city", "report_fy", "article_no", *COMPARE]].copy()
    df["report_city"] = df["report_city"].astype(str)
    for c in ["report_fy", "article_no", *COMPARE]:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in ("achieved", "near_miss", "missed", "not_evaluable"):
        df[c] = df[c].fillna(0)
    df = df[df[["achieved", "near_miss", "missed", "not_evaluable"]].sum(axis=1) + df["budget_kyen"].fillna(0) > 0]
    return df.sort_values(["report_city", "report_fy", "article_no"]).reset_index(drop=True)


def _child(side: str, path: str, repeats: int) -> None:
    """Run one side `repeats` times in this process; print times, peak RSS and the result as JSON."""
    import kpi.metrics  # noqa: F401  (import cost is not part of the measurement)
    import kpi.rollup  # noqa: F401
    import duckdb  # noqa: F401

    fn = {"kpi": run_kpi, "pandas": run_pandas, "duckdb": run_duckdb}[side]
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fn(path)  # one untimed run on each side: first-use costs (DuckDB's, the file cache) are not per roll-up
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn(path)
        times.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"times": times, "peak_rss_mb": peak / 1024, "peak_over_imports_mb": (peak - base_rss) / 1024,
                      "result": _normalise(result).to_json(orient="split")}))


def measure(path: Path, repeats: int = 5) -> dict:
    """Both sides, each in a fresh process; checks they agree; returns timings and memory."""
    out = {}
    frames = {}
    for side in ("duckdb", "kpi", "pandas"):
        proc = subprocess.run([sys.executable, "-m", "bench.scale", "--child", side, str(path), str(repeats)],
                              capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        frames[side] = pd.read_json(__import__("io").StringIO(data.pop("result")), orient="split")
        out[side] = data
    for side in ("kpi", "pandas"):
        pd.testing.assert_frame_equal(frames[side], frames["duckdb"], check_dtype=False, rtol=1e-9)
    out["rows_compared"] = len(frames["kpi"])
    base = statistics.median(out["duckdb"]["times"])
    out["ratio_median"] = statistics.median(out["kpi"]["times"]) / base
    out["pandas_ratio_median"] = statistics.median(out["pandas"]["times"]) / base
    return out


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
