"""Reading the dataset back into one tidy, typed frame per table."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kpi import schema

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "data" / "kawasaki_h28.parquet"
BUILD_COMMAND = "python -m kpi.build"


class DataFileError(Exception):
    """The data file is missing, unreadable or not in the expected schema. The message names the
    file and the remedy."""

    def __init__(self, path: str | Path, problem: str, remedy: str | None = None):
        self.path = str(path)
        self.problem = problem
        self.remedy = remedy or (f"Rebuild it from the report text with `{BUILD_COMMAND}` "
                                 f"(or restore it with `git checkout -- data/kawasaki_h28.parquet`).")
        super().__init__(f"{path}: {problem}. {self.remedy}")

    def __reduce__(self):  # picklable (st.cache_data, multiprocessing) despite the extra arguments
        return (type(self), (self.path, self.problem, self.remedy))


@dataclass(frozen=True)
class Report:
    """All tables of one dataset file (possibly several reports), each a typed DataFrame."""

    reports: pd.DataFrame
    articles: pd.DataFrame
    programs: pd.DataFrame
    money: pd.DataFrame
    indicators: pd.DataFrame
    notes: pd.DataFrame
    opinions: pd.DataFrame
    procurement: pd.DataFrame
    context: pd.DataFrame
    survey: pd.DataFrame
    corrections: pd.DataFrame
    discrepancies: pd.DataFrame
    source_sha256: str

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def keys(self) -> list[tuple[str, int]]:
        """The (city, fiscal year) keys of the reports in this dataset, in stored order."""
        return [(str(c), int(y)) for c, y in self.reports[["report_city", "report_fy"]].itertuples(index=False)]

    def select(self, city: str, fiscal_year: int) -> "Report":
        """The same dataset restricted to one report; DataFileError-free: an unknown key gives empty tables."""
        frames = {}
        for name in schema.TABLES:
            df = self.table(name)
            frames[name] = df[(df["report_city"] == city) & (df["report_fy"] == fiscal_year)].reset_index(drop=True)
        return Report(**frames, source_sha256=self.source_sha256)


def _to_pandas(t: pa.Table) -> pd.DataFrame:
    return t.to_pandas(types_mapper=pd.ArrowDtype)


def read_report_bytes(data: bytes, name: str = "data/kawasaki_h28.parquet", tables: Iterable[str] | None = None) -> Report:
    """Parse a dataset from its bytes (a pure function of the bytes, so callers can cache on them).
    With `tables`, only those tables are read; the others come back empty (with their columns)."""
    wanted = list(schema.TABLES) if tables is None else list(tables)
    unknown = set(wanted) - set(schema.TABLES)
    if unknown:
        raise ValueError(f"unknown tables {sorted(unknown)}")
    try:
        pf = pq.ParquetFile(io.BytesIO(data))
        names = set(pf.schema_arrow.names)
        cols = ["table"] + sorted({f for t in wanted for f in schema.TABLES[t].fields} & names, key=list(schema.FIELDS).index)
        cols = [c for c in cols if c in names]
        if tables is None or "table" not in names:
            table = pf.read(columns=cols)
        else:  # one row group per table: skip the row groups of tables not asked for
            groups = [i for i in range(pf.num_row_groups)
                      if (st := pf.metadata.row_group(i).column(pf.schema_arrow.names.index("table")).statistics) is None
                      or not st.has_min_max or st.min in wanted or st.max in wanted or st.min != st.max]
            table = pf.read_row_groups(groups, columns=cols) if groups else pf.schema_arrow.empty_table().select(cols)
        table = table.replace_schema_metadata(pf.schema_arrow.metadata)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataFileError(name, f"not a readable parquet file ({type(exc).__name__}: {str(exc)[:200]})") from None
    return _split(table, name, wanted)


def read_report(path: str | Path = DEFAULT_DATA, tables: Iterable[str] | None = None) -> Report:
    """Read a dataset file; DataFileError (never a KeyError or an arrow traceback) when it is unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "the data file does not exist") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a data file") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror})") from None
    return read_report_bytes(data, str(path), tables)


def _split(table: pa.Table, name: str, wanted: list[str]) -> Report:
    meta = table.schema.metadata or {}
    version = meta.get(b"kawasaki.schema_version", b"").decode()
    if version != schema.SCHEMA_VERSION:
        raise DataFileError(name, f"schema version {version or 'missing'}, this program reads version {schema.SCHEMA_VERSION}")
    if "table" not in table.column_names:
        raise DataFileError(name, "no `table` column: not a dataset written by kpi.build")
    frames = {}
    kinds = table.column("table")
    for tname, t in schema.TABLES.items():
        want = schema.table_schema(tname)
        if tname not in wanted:
            frames[tname] = _to_pandas(want.empty_table())
            continue
        missing = [f.name for f in want if f.name not in table.column_names]
        if missing:
            raise DataFileError(name, f"table {tname}: missing columns {missing}")
        wrong = [f"{f.name} ({table.schema.field(f.name).type}, expected {f.type})" for f in want
                 if table.schema.field(f.name).type != f.type]
        if wrong:
            raise DataFileError(name, f"table {tname}: wrong column types {wrong}")
        part = table.select([f.name for f in want]).filter(pc.equal(kinds, tname))
        if part.num_rows == 0 and tname in ("reports", "programs"):
            raise DataFileError(name, f"table {tname} is empty")
        for col in t.required:
            if part.column(col).null_count:
                raise DataFileError(name, f"table {tname}: column {col} has missing values")
        for col in t.fields:
            allowed = schema.FIELDS[col].enum
            if allowed:
                found = set(pc.unique(part.column(col)).drop_null().to_pylist()) - set(allowed)
                if found:
                    raise DataFileError(name, f"table {tname}: column {col} has values outside {list(allowed)}: {sorted(found)[:5]}")
        frames[tname] = _to_pandas(part)
    return Report(**frames, source_sha256=meta.get(b"kawasaki.source_sha256", b"").decode())
