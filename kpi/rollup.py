"""The scale path: kpi.metrics' roll-ups as DuckDB SQL over the parquet file (or over a Report's tables).

`article_rollup`, `money_totals` and `status_counts` return the same pandas frames,
value by value and dtype by dtype, as their namesakes in kpi.metrics (tests/test_rollup.py checks it
on the shipped report and on synthetic many-report data). A source is a `Report` (its tables are
handed to DuckDB as Arrow, without copying) or the path of a dataset file written by kpi.build (DuckDB
reads only the columns and row groups it needs; the file's schema version is checked first).

Nothing is restated here: the status keys and the near-miss threshold come from kpi.status, the money
measures from kpi.metrics.MONEY_COLUMNS, and the SQL is generated from those declarations.
"""

from __future__ import annotations

from collections.abc import Iterable
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kpi import metrics, schema
from kpi import status as st
from kpi.io import DataFileError, Report

_KEYS = ["report_city", "report_fy"]
# Money totals cover every money measure but the report's own stated change (a difference, not an amount).
TOTAL_MEASURES = [m for m in metrics.MONEY_COLUMNS if m != "stated_change"]
TOTAL_COLUMNS = [metrics.MONEY_COLUMNS[m] for m in TOTAL_MEASURES]
_BASE = {True: "budget", False: "actual_spend"}  # change base: key programs' budget, others' actual (kpi.metrics.programs)
_COUNTS = [s.key for s in st.STATUSES]
_TABLES = ("articles", "programs", "money", "indicators")


def _q(text: str) -> str:
    """A SQL string literal for a value from a declaration (never from data)."""
    return "'" + str(text).replace("'", "''") + "'"


def attainment_sql(target: str = "target", actual: str = "actual", direction: str = "direction", rate: str = "rate") -> tuple[str, str]:
    """kpi.metrics.attainment_pct as two SQL expressions: the raw rate, then the attainment from the
    column `rate` (NULL where the pandas path gives NaN). Two steps, so that the planner does not
    inline one large expression into every place the attainment is used."""
    raw = f"CASE WHEN {direction} = 'lower' THEN {target} / NULLIF({actual}, 0) * 100 ELSE {actual} / NULLIF({target}, 0) * 100 END"
    att = (f"CASE WHEN {target} IS NULL OR {actual} IS NULL OR isnan({target}) OR isnan({actual}) "
           f"OR {target} <= 0 OR {actual} < 0 OR NOT isfinite({rate}) THEN NULL ELSE {rate} END")
    return raw, att


def status_sql(att: str = "att", target: str = "target", actual: str = "actual", direction: str = "direction",
               near_miss_pct: float = st.NEAR_MISS_THRESHOLD_PCT) -> str:
    """kpi.metrics.status_key as a SQL CASE, generated from kpi.status."""
    perfect_lower = f"({direction} = 'lower' AND {actual} = 0 AND {target} > 0)"
    return (f"CASE WHEN {att} >= {float(st.ACHIEVED_PCT)!r} OR {perfect_lower} THEN {_q(st.ACHIEVED.key)} "
            f"WHEN {att} >= {float(near_miss_pct)!r} THEN {_q(st.NEAR_MISS.key)} "
            f"WHEN {att} IS NOT NULL THEN {_q(st.MISSED.key)} ELSE {_q(st.NOT_EVALUABLE.key)} END")


_DB: duckdb.DuckDBPyConnection | None = None
_DB_LOCK = threading.Lock()


def _cursor() -> duckdb.DuckDBPyConnection:
    """A new cursor on one in-memory database per process (a fresh `duckdb.connect()` costs ≈13 ms;
    a cursor nothing). Each call gets its own cursor, so sessions in threads do not share state."""
    global _DB
    with _DB_LOCK:
        if _DB is None:
            _DB = duckdb.connect()
        return _DB.cursor()


def _connect(source: Report | str | Path) -> tuple[duckdb.DuckDBPyConnection, str, dict]:
    """A cursor, the SQL common table expressions naming `articles`, `programs`, `money` and
    `indicators` in `source`, and their parameters."""
    con = _cursor()
    if isinstance(source, Report):
        for name in _TABLES:
            con.register(f"{name}_src", pa.Table.from_pandas(source.table(name), preserve_index=False))
        return con, ", ".join(f"{name} AS (SELECT * FROM {name}_src)" for name in _TABLES), {}
    path = Path(source)
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException) as exc:
        con.close()
        raise DataFileError(path, f"not a readable parquet file ({type(exc).__name__})") from None
    version = meta.get(b"kawasaki.schema_version", b"").decode()
    if version != schema.SCHEMA_VERSION:
        con.close()
        raise DataFileError(path, f"schema version {version or 'missing'}, this program reads version {schema.SCHEMA_VERSION}")
    ctes = ", ".join(f"{name} AS (SELECT {', '.join(chr(34) + c + chr(34) for c in schema.TABLES[name].fields)} "
                     f"FROM read_parquet($path) WHERE \"table\" = {_q(name)})" for name in _TABLES)
    return con, ctes, {"path": str(path)}


def _programs_sql(exclude: list[str]) -> str:
    """`prog`: one row per program with its article, key flag and whether the money totals keep it;
    `mon`: the money rows of those programs (measure × amount). Each program has at most one row per
    measure (kpi.build and kpi.exchange reject duplicates), so summing rows is the same as the
    pandas path's pivot."""
    keep = "TRUE" if not exclude else "program_name NOT IN (SELECT unnest($exclude))"
    return f"""prog AS (SELECT report_city, report_fy, program_no, article_no, is_key, {keep} AS kept FROM programs),
    mon AS (SELECT m.report_city, m.report_fy, p.article_no, p.is_key, p.kept, m.measure, m.amount_kyen::DOUBLE AS amount
            FROM money m JOIN prog p USING (report_city, report_fy, program_no) WHERE p.kept)"""


def _money_sql(select: str, group: str) -> str:
    """`pg` (program counts) and `mg` (money sums), both selecting `select` and grouped by `group`.
    A program has figures when its change base (key: budget; others: actual spend) is given."""
    sums = ", ".join(f"sum(amount) FILTER (WHERE measure = {_q(m)}) AS {metrics.MONEY_COLUMNS[m]}" for m in TOTAL_MEASURES)
    base = " OR ".join(f"({'' if key else 'NOT '}is_key AND measure = {_q(m)})" for key, m in _BASE.items())
    return f"""pg AS (SELECT {select}, count(*) AS programs, count(*) FILTER (WHERE is_key) AS key_programs,
                  count(*) FILTER (WHERE kept) AS money_programs, count(*) FILTER (WHERE kept AND is_key) AS money_key_programs
           FROM prog {group}),
    mg AS (SELECT {select}, {sums}, count(*) FILTER (WHERE amount IS NOT NULL AND ({base})) AS with_figures FROM mon {group})"""


def _money_cols(pg: str = "pg", mg: str = "mg") -> str:
    """The money columns of kpi.metrics.money_totals from `pg` and `mg` joined."""
    return (f"{', '.join(f'{mg}.{c}' for c in TOTAL_COLUMNS)}, coalesce({pg}.money_programs, 0) AS money_programs, "
            f"coalesce({pg}.money_key_programs, 0) AS money_key_programs, "
            f"coalesce({pg}.money_programs, 0) - coalesce({mg}.with_figures, 0) AS programs_without_figures")


def _indicator_sql(fiscal_year: int | None, near_miss_pct: float) -> str:
    year = "i.report_fy" if fiscal_year is None else str(int(fiscal_year))
    raw, att = attainment_sql()
    return f"""ind0 AS (SELECT i.report_city, i.report_fy, i.program_no, p.article_no, i.direction, i.fiscal_year,
                    i.target::DOUBLE AS target, i.actual::DOUBLE AS actual
             FROM indicators i LEFT JOIN programs p USING (report_city, report_fy, program_no) WHERE i.fiscal_year = {year}),
    ind1 AS (SELECT *, {raw} AS rate FROM ind0),
    ind2 AS (SELECT *, {att} AS att FROM ind1),
    ind AS (SELECT *, {status_sql(near_miss_pct=near_miss_pct)} AS status FROM ind2)"""


def _spread() -> str:
    """kpi.metrics.attainment_summary's columns (one sort for the three quartiles)."""
    return "count(att) AS evaluable, quantile_cont(att, [0.5, 0.25, 0.75]) AS q, min(att) AS min_pct, max(att) AS max_pct"


def _spread_out(alias: str) -> str:
    return f"{alias}.q[1] AS median_pct, {alias}.q[2] AS q1_pct, {alias}.q[3] AS q3_pct, {alias}.min_pct, {alias}.max_pct"


def _run(source: Report | str | Path, body: str, exclude: list[str] = ()) -> pa.Table:
    """`body` (the rest of a WITH query over `articles`, `programs`, `money`, `indicators`) on `source`."""
    con, ctes, params = _connect(source)
    try:
        if exclude:
            params["exclude"] = list(exclude)
            found = con.sql(f"WITH {ctes} SELECT DISTINCT program_name FROM programs WHERE program_name IN (SELECT unnest($exclude))",
                            params=params).fetchall()
            unknown = set(exclude) - {r[0] for r in found}
            if unknown:
                raise ValueError(f"unknown programs to exclude: {sorted(unknown)}")
        return con.sql(f"WITH {ctes}, {body}", params=params or None).to_arrow_table()
    finally:
        con.close()


_INT_COLS = ["programs", "key_programs", *_COUNTS, "total", "key_programs_with_missed", "evaluable",
             "money_programs", "money_key_programs", "programs_without_figures"]
_BOTH_LEVELS = "GROUP BY GROUPING SETS ((report_city, report_fy, article_no), (report_city, report_fy))"


def article_rollup(source: Report | str | Path, fiscal_year: int | None = None, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """kpi.metrics.article_rollup over `source`, computed by DuckDB: the same frame. Each aggregate runs
    once for both levels (article, report) with GROUPING SETS."""
    exclude = list(exclude)
    counts = ", ".join(f"count(*) FILTER (WHERE status = {_q(k)}) AS {k}" for k in _COUNTS)
    art_ind = ", ".join(f"coalesce(sc.{c}, 0) AS {c}" for c in [*_COUNTS, "total"])
    levels = "report_city, report_fy, article_no, grouping(article_no) AS lvl"
    join = "USING (report_city, report_fy, article_no)"
    body = f"""{_programs_sql(exclude)}, {_indicator_sql(fiscal_year, st.NEAR_MISS_THRESHOLD_PCT)},
    sc AS (SELECT {levels}, {counts}, count(*) AS total, {_spread()} FROM ind {_BOTH_LEVELS}),
    miss AS (SELECT report_city, report_fy, article_no, count(DISTINCT program_no) AS key_programs_with_missed
             FROM ind WHERE status = {_q(st.MISSED.key)} GROUP BY ALL),
    {_money_sql(levels, _BOTH_LEVELS)},
    art AS (SELECT a.report_city, a.report_fy, a.article_no, a.article_title, coalesce(pg.programs, 0) AS programs,
                   coalesce(pg.key_programs, 0) AS key_programs, {art_ind},
                   coalesce(miss.key_programs_with_missed, 0) AS key_programs_with_missed, coalesce(sc.evaluable, 0) AS evaluable,
                   {_spread_out("sc")}, {_money_cols()}
            FROM articles a LEFT JOIN (SELECT * FROM sc WHERE lvl = 0) sc {join}
            LEFT JOIN (SELECT * FROM pg WHERE lvl = 0) pg {join} LEFT JOIN (SELECT * FROM mg WHERE lvl = 0) mg {join}
            LEFT JOIN miss {join}),
    tc AS (SELECT report_city, report_fy, {", ".join(f"sum({c})::BIGINT AS {c}" for c in _INT_COLS)} FROM art GROUP BY ALL),
    tot AS (SELECT tc.*, NULL::INTEGER AS article_no, '合計' AS article_title, {_spread_out("ts")},
                   {", ".join(f"tm.{c}" for c in TOTAL_COLUMNS)}
            FROM tc LEFT JOIN (SELECT * FROM sc WHERE lvl = 1) ts USING (report_city, report_fy)
            LEFT JOIN (SELECT * FROM mg WHERE lvl = 1) tm USING (report_city, report_fy))
    SELECT * FROM (SELECT * FROM art UNION ALL BY NAME SELECT * FROM tot)
    ORDER BY report_city, report_fy, article_no IS NULL, article_no"""
    return _rollup_frame(_run(source, body, exclude), exclude)


def _keys_frame(res: pa.Table) -> dict:
    return {"report_city": pd.array(res.column("report_city").combine_chunks().cast(pa.string()), dtype=pd.ArrowDtype(pa.string())),
            "report_fy": pd.array(res.column("report_fy").combine_chunks().cast(pa.int16()), dtype=pd.ArrowDtype(pa.int16()))}


def _rollup_frame(res: pa.Table, exclude: list[str]) -> pd.DataFrame:
    """The DuckDB result with kpi.metrics.article_rollup's columns, order and dtypes."""
    cols = _keys_frame(res)
    cols["article_no"] = pd.Series([pd.NA if v is None else v for v in res.column("article_no").to_pylist()], dtype=object)
    cols["article_title"] = pd.Series(res.column("article_title").to_pylist(), dtype=object)
    order = ["programs", "key_programs", *_COUNTS, "total", "key_programs_with_missed", "evaluable", "median_pct", "q1_pct",
             "q3_pct", "min_pct", "max_pct", *TOTAL_COLUMNS, "money_programs", "money_key_programs", "programs_without_figures"]
    for c in order:
        arr = res.column(c).to_numpy(zero_copy_only=False)
        cols[c] = pd.Series(arr, dtype="int64") if c in _INT_COLS else pd.Series(arr, dtype="float64")
    out = pd.DataFrame(cols)
    out["excluded"] = ", ".join(exclude)
    return out


def money_totals(source: Report | str | Path, exclude: Iterable[str] = (), by: Iterable[str] = ()) -> pd.DataFrame:
    """kpi.metrics.money_totals(kpi.metrics.programs(report), exclude, by), computed by DuckDB: the same frame.
    `by` may name article_no and is_key (the program columns the pages group by)."""
    exclude = list(exclude)
    by = _KEYS + [b for b in by if b not in _KEYS]
    unknown = set(by) - {*_KEYS, "article_no", "is_key"}
    if unknown:
        raise ValueError(f"money_totals groups by report, article_no or is_key, not {sorted(unknown)}")
    keys = ", ".join(by)
    body = (f"{_programs_sql(exclude)}, {_money_sql(keys, 'GROUP BY ' + keys)} "
            f"SELECT {', '.join(f'pg.{c}' for c in by)}, {_money_cols()} FROM pg LEFT JOIN mg USING ({keys}) "
            f"WHERE pg.money_programs > 0 ORDER BY {', '.join(f'pg.{c}' for c in by)}")
    res = _run(source, body, exclude)
    cols = _keys_frame(res)
    if "article_no" in by:
        cols["article_no"] = pd.array(res.column("article_no").combine_chunks().cast(pa.int8()), dtype=pd.ArrowDtype(pa.int8()))
    if "is_key" in by:
        cols["is_key"] = pd.array(res.column("is_key").combine_chunks(), dtype=pd.ArrowDtype(pa.bool_()))
    for c in TOTAL_COLUMNS:
        cols[c] = pd.Series(res.column(c).to_numpy(zero_copy_only=False), dtype="float64")
    for c, name in (("money_programs", "programs"), ("money_key_programs", "key_programs"),
                    ("programs_without_figures", "programs_without_figures")):
        cols[name] = pd.Series(res.column(c).to_numpy(zero_copy_only=False), dtype="int64")
    out = pd.DataFrame(cols)
    out["excluded"] = ", ".join(exclude)
    return out


def status_counts(source: Report | str | Path, fiscal_year: int | None = None, by: Iterable[str] = ("article_no",),
                  near_miss_pct: float = st.NEAR_MISS_THRESHOLD_PCT) -> pd.DataFrame:
    """kpi.metrics.status_counts(indicators of `fiscal_year` (None: each report's own), by), by DuckDB:
    the same frame. `by` names columns of the indicator rows (report keys, program_no, article_no)."""
    by = list(by)
    counts = ", ".join(f"count(*) FILTER (WHERE status = {_q(k)}) AS {k}" for k in _COUNTS)
    group = f"GROUP BY {', '.join(by)} ORDER BY {', '.join(by)}" if by else ""
    where = " AND ".join(f"{c} IS NOT NULL" for c in by) or "TRUE"
    res = _run(source, f"{_indicator_sql(fiscal_year, near_miss_pct)} SELECT {''.join(c + ', ' for c in by)}{counts}, "
                       f"count(*) AS total FROM ind WHERE {where} {group}")
    types = {"report_city": pa.string(), "report_fy": pa.int16(), "article_no": pa.int8(), "program_no": pa.int16()}
    cols = {c: pd.array(res.column(c).combine_chunks().cast(types.get(c, res.schema.field(c).type)),
                        dtype=pd.ArrowDtype(types.get(c, res.schema.field(c).type))) for c in by}
    for c in [*_COUNTS, "total"]:
        cols[c] = pd.Series(res.column(c).to_numpy(zero_copy_only=False), dtype="int64")
    out = pd.DataFrame(cols)
    out.columns.name = "status"
    return out
